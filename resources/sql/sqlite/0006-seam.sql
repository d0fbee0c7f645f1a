-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 6: the store as one seam over SQLite and PostgreSQL (resources/sql/postgresql/
-- creates the same schema at this version in one file).

-- The schema version in a table both engines have (SQLite's PRAGMA user_version up to 5), one
-- row per migration applied. A database without it is not a Một Cửa database.
CREATE TABLE schema_version (
  version    INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
);

-- Every change of a dossier adds one to its version, and an update names the version it was
-- decided on: a change that lost a race with another workstation changes nothing.
ALTER TABLE dossier ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier ADD COLUMN representative_id_number TEXT NOT NULL DEFAULT '';
-- Searched by the representative's phone and ID number as by the applicant's (a lookup each).
CREATE INDEX dossier_representative_phone ON dossier(representative_phone);
CREATE INDEX dossier_representative_id ON dossier(representative_id_number);

-- Whether a document listed for the dossier has come in (a supplement request lists the ones
-- still missing; "supplement received" ticks those that came).
ALTER TABLE dossier_document ADD COLUMN received INTEGER NOT NULL DEFAULT 1
  CHECK (received IN (0, 1));

-- The last number given to a dossier of each day ("<agency>-YYMMDD-"), taken and raised in the
-- transaction that stores the dossier, so that concurrent desks never get the same code and
-- the numbers have no gaps.
CREATE TABLE dossier_counter (
  prefix TEXT PRIMARY KEY,
  last   INTEGER NOT NULL CHECK (last > 0)
) WITHOUT ROWID;

-- The overdue rule (docs/domain.md §5) reads when a dossier's wait for a supplement began: the
-- open dossiers' indexes still cover their counts.
DROP INDEX dossier_kpi_ended;
CREATE INDEX dossier_kpi_ended ON dossier (ended_at, status, procedure_id, handler_id, outcome,
                                           digitized_result, received_at, due_at, paused_since);
DROP INDEX dossier_kpi_open;
CREATE INDEX dossier_kpi_open ON dossier (received_at, due_at, procedure_id, handler_id, status,
                                          ended_at, paused_since)
  WHERE ended_at IS NULL AND status NOT IN (1, 3, 7, 8);

-- Programs made before this version read PRAGMA user_version, and refuse a newer database.
PRAGMA user_version = 6;
