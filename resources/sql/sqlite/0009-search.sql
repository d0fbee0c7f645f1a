-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 9: a name is found by any of its words through an index (the desk's search,
-- src/core/store/mc-store-queue.c).
--
-- "nguyen van an" or "van an" must find "Nguyễn Văn An" among a million dossiers in a few
-- milliseconds. The folded names' own indexes (dossier_applicant, dossier_representative)
-- answer a search for the start of a name; a word inside it ("van an", "an") needed a scan of
-- every name (55 ms at a million). This table holds, for each dossier, every tail of its
-- folded applicant's and representative's names that starts at a word after the first
-- ("van an" and "an" for "nguyen van an"), so that such a search is one range of its key.
CREATE TABLE dossier_word (
  word       TEXT NOT NULL,
  dossier_id INTEGER NOT NULL,
  PRIMARY KEY (word, dossier_id)
) WITHOUT ROWID;

-- A row here, inside a bulk load's transaction only (mc_store_bulk_begin), spares the load's
-- rows their trigger: the load indexes all its names in one statement at its end
-- (mc_store_words_fill), and never commits the row.
CREATE TABLE dossier_word_paused (one INTEGER PRIMARY KEY CHECK (one = 1));

CREATE TRIGGER dossier_word_insert AFTER INSERT ON dossier
WHEN NOT EXISTS (SELECT 1 FROM dossier_word_paused)
BEGIN
  INSERT INTO dossier_word (word, dossier_id)
    WITH RECURSIVE w (rest) AS (
      SELECT substr (NEW.applicant_folded, instr (NEW.applicant_folded, ' ') + 1)
       WHERE instr (NEW.applicant_folded, ' ') > 0
      UNION ALL
      SELECT substr (NEW.representative_folded, instr (NEW.representative_folded, ' ') + 1)
       WHERE instr (NEW.representative_folded, ' ') > 0
      UNION ALL
      SELECT substr (rest, instr (rest, ' ') + 1) FROM w WHERE instr (rest, ' ') > 0)
    SELECT rest, NEW.id FROM w WHERE rest <> ''
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER dossier_word_update AFTER UPDATE OF id, applicant_folded, representative_folded
ON dossier
BEGIN
  DELETE FROM dossier_word WHERE dossier_id = OLD.id AND word IN (
    WITH RECURSIVE w (rest) AS (
      SELECT substr (OLD.applicant_folded, instr (OLD.applicant_folded, ' ') + 1)
       WHERE instr (OLD.applicant_folded, ' ') > 0
      UNION ALL
      SELECT substr (OLD.representative_folded, instr (OLD.representative_folded, ' ') + 1)
       WHERE instr (OLD.representative_folded, ' ') > 0
      UNION ALL
      SELECT substr (rest, instr (rest, ' ') + 1) FROM w WHERE instr (rest, ' ') > 0)
    SELECT rest FROM w);
  INSERT INTO dossier_word (word, dossier_id)
    WITH RECURSIVE w (rest) AS (
      SELECT substr (NEW.applicant_folded, instr (NEW.applicant_folded, ' ') + 1)
       WHERE instr (NEW.applicant_folded, ' ') > 0
      UNION ALL
      SELECT substr (NEW.representative_folded, instr (NEW.representative_folded, ' ') + 1)
       WHERE instr (NEW.representative_folded, ' ') > 0
      UNION ALL
      SELECT substr (rest, instr (rest, ' ') + 1) FROM w WHERE instr (rest, ' ') > 0)
    SELECT rest, NEW.id FROM w WHERE rest <> ''
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER dossier_word_delete AFTER DELETE ON dossier
BEGIN
  DELETE FROM dossier_word WHERE dossier_id = OLD.id AND word IN (
    WITH RECURSIVE w (rest) AS (
      SELECT substr (OLD.applicant_folded, instr (OLD.applicant_folded, ' ') + 1)
       WHERE instr (OLD.applicant_folded, ' ') > 0
      UNION ALL
      SELECT substr (OLD.representative_folded, instr (OLD.representative_folded, ' ') + 1)
       WHERE instr (OLD.representative_folded, ' ') > 0
      UNION ALL
      SELECT substr (rest, instr (rest, ' ') + 1) FROM w WHERE instr (rest, ' ') > 0)
    SELECT rest FROM w);
END;

-- The dossiers already there.
WITH RECURSIVE w (id, rest) AS (
  SELECT id, substr (applicant_folded, instr (applicant_folded, ' ') + 1) FROM dossier
   WHERE instr (applicant_folded, ' ') > 0
  UNION ALL
  SELECT id, substr (representative_folded, instr (representative_folded, ' ') + 1) FROM dossier
   WHERE instr (representative_folded, ' ') > 0
  UNION ALL
  SELECT id, substr (rest, instr (rest, ' ') + 1) FROM w WHERE instr (rest, ' ') > 0
)
INSERT INTO dossier_word (word, dossier_id)
  SELECT rest, id FROM w WHERE rest <> '' ORDER BY rest, id
  ON CONFLICT DO NOTHING;
