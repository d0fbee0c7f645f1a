-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 24: the search words' insert trigger no longer asks whether a bulk load paused
-- it.
--
-- Since version 23 a bulk load sets the dossiers' row triggers aside for its transaction and does
-- their work in sets at its end (mc_store_bulk_rebuild); dossier_word_paused, the flag it set
-- before (0009-search.sql), is never set any more, and every other insert read it for nothing.
DROP TRIGGER dossier_word_insert;
DROP TABLE dossier_word_paused;

CREATE TRIGGER dossier_word_insert AFTER INSERT ON dossier
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

PRAGMA user_version = 24;
