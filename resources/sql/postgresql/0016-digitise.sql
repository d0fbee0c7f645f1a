-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 16 on PostgreSQL: the same as resources/sql/sqlite/0016-digitise.sql (read its
-- comments); the bytes in bytea. Ids are given by the store, so no identity is synchronised.

CREATE TABLE blob (
  hash text PRIMARY KEY CHECK (length(hash) = 64),
  size bigint NOT NULL CHECK (size > 0),
  data bytea NOT NULL
);
-- Scans are compressed already.
ALTER TABLE blob ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE attachment (
  id            bigint PRIMARY KEY,
  dossier_id    bigint NOT NULL REFERENCES dossier(id),
  position      bigint NOT NULL CHECK (position >= -1),
  hash          text NOT NULL REFERENCES blob(hash),
  size          bigint NOT NULL CHECK (size > 0),
  mime          text NOT NULL,
  name          text NOT NULL DEFAULT '',
  officer_id    bigint REFERENCES officer(id),
  attached_at   bigint NOT NULL,
  superseded_by bigint REFERENCES attachment(id),
  superseded_at bigint
);
CREATE INDEX attachment_dossier ON attachment (dossier_id, position);
CREATE INDEX attachment_hash ON attachment (hash);

CREATE TRIGGER attachment_notify AFTER INSERT OR UPDATE OR DELETE ON attachment
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_notify();

-- Everyone reads them; those who handle dossiers attach files and mark a rescan's old files
-- superseded (only those two columns); nobody deletes a file. The controller and the police
-- only read.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_officer') THEN
    GRANT SELECT ON blob, attachment TO motcua_officer;
    GRANT INSERT ON blob, attachment TO motcua_admin, motcua_desk, motcua_specialist,
      motcua_vice_chairman, motcua_chairman;
    GRANT UPDATE (superseded_by, superseded_at) ON attachment TO motcua_admin, motcua_desk,
      motcua_specialist, motcua_vice_chairman, motcua_chairman;
  END IF;
END
$$;
