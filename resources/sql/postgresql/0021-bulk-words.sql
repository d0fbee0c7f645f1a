-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 21 on PostgreSQL: a large load indexes its names' words once, at its end.
--
-- An import sends its rows in COPY statements of a thousand rows each, and the words' trigger
-- (0009-search.sql) then inserted each statement's two thousand words into the whole index,
-- scattered through it: 17 ms a statement, 16 s of a million-row import. Inside a bulk load's
-- transaction the store sets motcua.bulk_words to 'paused' (SET LOCAL: it ends with the
-- transaction) and, at the load's end, indexes the loaded rows' words in one sorted INSERT
-- (mc_store_bulk_rebuild), as on SQLite. Only the new rows skip it: an update of a dossier that
-- was there keeps its trigger.
CREATE OR REPLACE FUNCTION motcua_dossier_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting ('motcua.bulk_words', true) = 'paused' THEN
    RETURN NULL;
  END IF;
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
