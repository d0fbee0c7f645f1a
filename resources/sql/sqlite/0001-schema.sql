-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1 of the Một Cửa store. Times are Unix seconds (UTC); local dates ("day") are
-- days since 1970-01-01 in Vietnam time (UTC+7); money is whole đồng; durations of work are
-- working seconds (office time only).

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Days that differ from the Monday-to-Friday rule: kind 0 = a weekday off (holiday, day in lieu,
-- official arrangement), kind 1 = a Saturday declared a working day (làm bù).
CREATE TABLE calendar_day (
  day  INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
  note TEXT NOT NULL DEFAULT ''
);

-- Which years have their days stored, and where they came from: 'official' (shipped
-- arrangement), 'statutory' (computed from the Labour Code), 'edited' (changed by an administrator).
CREATE TABLE calendar_year (
  year   INTEGER PRIMARY KEY,
  source TEXT NOT NULL
);

CREATE TABLE target (
  year  INTEGER NOT NULL,
  kpi   TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (year, kpi)
) WITHOUT ROWID;

CREATE TABLE procedure (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  name_folded     TEXT NOT NULL DEFAULT '',
  field           TEXT NOT NULL DEFAULT '',
  limit_kind      INTEGER NOT NULL DEFAULT 1 CHECK (limit_kind IN (0, 1, 2)),
  limit_value     INTEGER NOT NULL DEFAULT 0 CHECK (limit_value >= 0),
  online_level    INTEGER NOT NULL DEFAULT 0 CHECK (online_level IN (0, 1, 2)),
  fee             INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
  fee_note        TEXT NOT NULL DEFAULT '',
  result_is_paper INTEGER NOT NULL DEFAULT 1,
  post            TEXT NOT NULL DEFAULT '',
  active          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE procedure_step (
  procedure_id   INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  role           INTEGER NOT NULL,
  budget_seconds INTEGER NOT NULL CHECK (budget_seconds >= 0),
  PRIMARY KEY (procedure_id, position)
) WITHOUT ROWID;

CREATE TABLE procedure_document (
  procedure_id INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  copy_kind    INTEGER NOT NULL DEFAULT 0 CHECK (copy_kind IN (0, 1, 2)),
  quantity     INTEGER NOT NULL DEFAULT 1,
  required     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (procedure_id, position)
) WITHOUT ROWID;

CREATE TABLE officer (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  name_folded   TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL DEFAULT '',
  post          TEXT NOT NULL DEFAULT '',
  role          INTEGER NOT NULL CHECK (role BETWEEN 1 AND 7),
  username      TEXT UNIQUE,
  password_hash TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);
CREATE INDEX officer_name ON officer(name);

-- Checks are ranges, not IN lists: SQLite evaluates an IN list through a temporary table on
-- every row written, which cost about a second per million rows imported.
CREATE TABLE dossier (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  procedure_id        INTEGER NOT NULL REFERENCES procedure(id),
  channel             INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
  status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
  step                INTEGER NOT NULL DEFAULT 0,
  submitted_at        INTEGER,
  received_at         INTEGER,
  due_at              INTEGER,
  apology_due_at      INTEGER,
  ended_at            INTEGER,
  returned_at         INTEGER,
  supplement_count    INTEGER NOT NULL DEFAULT 0 CHECK (supplement_count >= 0),
  paused_seconds      INTEGER NOT NULL DEFAULT 0,
  paused_since        INTEGER,
  reassign_count      INTEGER NOT NULL DEFAULT 0,
  apology_count       INTEGER NOT NULL DEFAULT 0,
  digitized_input     INTEGER NOT NULL DEFAULT 0 CHECK (digitized_input BETWEEN 0 AND 1),
  digitized_result    INTEGER NOT NULL DEFAULT 0 CHECK (digitized_result BETWEEN 0 AND 1),
  fee                 INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
  paid_online         INTEGER NOT NULL DEFAULT 0 CHECK (paid_online BETWEEN 0 AND 1),
  receiver_id         INTEGER REFERENCES officer(id),
  handler_id          INTEGER REFERENCES officer(id),
  signer_id           INTEGER REFERENCES officer(id),
  applicant_name      TEXT NOT NULL DEFAULT '',
  applicant_folded    TEXT NOT NULL DEFAULT '',
  applicant_id_number TEXT NOT NULL DEFAULT '',
  applicant_phone     TEXT NOT NULL DEFAULT '',
  applicant_address   TEXT NOT NULL DEFAULT '',
  applicant_email     TEXT NOT NULL DEFAULT '',
  representative_name TEXT NOT NULL DEFAULT '',
  representative_folded TEXT NOT NULL DEFAULT '',
  representative_phone TEXT NOT NULL DEFAULT '',
  request             TEXT NOT NULL DEFAULT '',
  result              TEXT NOT NULL DEFAULT '',
  note                TEXT NOT NULL DEFAULT '',
  -- Stored for the KPIs (DOMAIN.md §5), set when the dossier reaches status 9 or is accepted:
  outcome             INTEGER CHECK (outcome BETWEEN 0 AND 2),   -- 0 early, 1 on time, 2 late
  late_intake         INTEGER NOT NULL DEFAULT 0 CHECK (late_intake BETWEEN 0 AND 1),
  updated_at          INTEGER NOT NULL DEFAULT 0
);
-- Queues: one officer's open dossiers by appointment; the desk's online intake list.
CREATE INDEX dossier_handler_queue ON dossier(handler_id, status, due_at);
CREATE INDEX dossier_status_due ON dossier(status, due_at);
CREATE INDEX dossier_applicant ON dossier(applicant_folded);
CREATE INDEX dossier_representative ON dossier(representative_folded) WHERE representative_folded <> '';

CREATE TABLE dossier_document (
  dossier_id INTEGER NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  copy_kind  INTEGER NOT NULL DEFAULT 0,
  quantity   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (dossier_id, position)
) WITHOUT ROWID;

-- Every status change and internal step: who, when, from, to, note.
CREATE TABLE dossier_event (
  id           INTEGER PRIMARY KEY,
  dossier_id   INTEGER NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
  at           INTEGER NOT NULL,
  actor_id     INTEGER REFERENCES officer(id),
  action       INTEGER NOT NULL,
  from_status  INTEGER,
  to_status    INTEGER,
  from_step    INTEGER,
  to_step      INTEGER,
  from_officer INTEGER REFERENCES officer(id),
  to_officer   INTEGER REFERENCES officer(id),
  note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_event_dossier ON dossier_event(dossier_id, at);

-- Append-only, hash-chained: hash = SHA-256 of prev_hash and the record's fields.
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor_id  INTEGER,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  details   TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
