-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 9 on PostgreSQL: the same as resources/sql/sqlite/0009-search.sql (read its
-- comments). The words compare byte by byte (COLLATE "C"), as the store's ranges expect. As
-- for the KPIs' days (0006-schema.sql), the triggers run once per statement over its
-- transition tables, so a COPY of a million dossiers indexes their names in one INSERT and
-- needs no pause.

CREATE TABLE dossier_word (
  word       text COLLATE "C" NOT NULL,
  dossier_id bigint NOT NULL,
  PRIMARY KEY (word, dossier_id)
);

CREATE FUNCTION motcua_dossier_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH RECURSIVE w (id, rest) AS (
    SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) FROM new_rows
     WHERE strpos (applicant_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1)
      FROM new_rows WHERE strpos (representative_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w WHERE strpos (rest, ' ') > 0)
  INSERT INTO dossier_word (word, dossier_id)
    SELECT rest, id FROM w WHERE rest <> '' ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- The tails of the names that changed: the old ones out, the new ones in.
CREATE FUNCTION motcua_dossier_words_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH RECURSIVE changed AS (
    SELECT o.id, o.applicant_folded, o.representative_folded FROM old_rows o
      LEFT JOIN new_rows n ON n.id = o.id
     WHERE n.id IS NULL OR (n.applicant_folded, n.representative_folded)
                           IS DISTINCT FROM (o.applicant_folded, o.representative_folded)),
  w (id, rest) AS (
    SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) FROM changed
     WHERE strpos (applicant_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1)
      FROM changed WHERE strpos (representative_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w WHERE strpos (rest, ' ') > 0)
  DELETE FROM dossier_word d USING w WHERE d.word = w.rest AND d.dossier_id = w.id;
  WITH RECURSIVE changed AS (
    SELECT n.id, n.applicant_folded, n.representative_folded FROM new_rows n
      LEFT JOIN old_rows o ON o.id = n.id
     WHERE o.id IS NULL OR (n.applicant_folded, n.representative_folded)
                           IS DISTINCT FROM (o.applicant_folded, o.representative_folded)),
  w (id, rest) AS (
    SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) FROM changed
     WHERE strpos (applicant_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1)
      FROM changed WHERE strpos (representative_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w WHERE strpos (rest, ' ') > 0)
  INSERT INTO dossier_word (word, dossier_id)
    SELECT rest, id FROM w WHERE rest <> '' ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE FUNCTION motcua_dossier_words_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH RECURSIVE w (id, rest) AS (
    SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) FROM old_rows
     WHERE strpos (applicant_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1)
      FROM old_rows WHERE strpos (representative_folded, ' ') > 0
    UNION ALL
    SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w WHERE strpos (rest, ' ') > 0)
  DELETE FROM dossier_word d USING w WHERE d.word = w.rest AND d.dossier_id = w.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER dossier_words_insert AFTER INSERT ON dossier
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_dossier_words_inserted();
CREATE TRIGGER dossier_words_update AFTER UPDATE ON dossier
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_dossier_words_updated();
CREATE TRIGGER dossier_words_delete AFTER DELETE ON dossier
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_dossier_words_deleted();

-- The dossiers already there.
WITH RECURSIVE w (id, rest) AS (
  SELECT id, substr (applicant_folded, strpos (applicant_folded, ' ') + 1) FROM dossier
   WHERE strpos (applicant_folded, ' ') > 0
  UNION ALL
  SELECT id, substr (representative_folded, strpos (representative_folded, ' ') + 1)
    FROM dossier WHERE strpos (representative_folded, ' ') > 0
  UNION ALL
  SELECT id, substr (rest, strpos (rest, ' ') + 1) FROM w WHERE strpos (rest, ' ') > 0)
INSERT INTO dossier_word (word, dossier_id)
  SELECT rest, id FROM w WHERE rest <> '' ORDER BY rest, id ON CONFLICT DO NOTHING;

-- Everyone searches; those who write dossiers write their words through the triggers (the
-- group roles of 0006-schema.sql).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_officer') THEN
    GRANT SELECT ON dossier_word TO motcua_officer;
    GRANT INSERT, DELETE ON dossier_word
      TO motcua_admin, motcua_desk, motcua_specialist, motcua_vice_chairman, motcua_chairman;
  END IF;
END;
$$;
