-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 14: the procedure controller's spot inspections (kiểm tra đột xuất, docs/
-- domain.md §9). The brokers' list of the police reads the dossiers as they are and needs no
-- table of its own.

-- One draw of a sample: the period [period_from, period_to] (local days since 1970-01-01), the
-- size asked, how it was stratified (0 none, 1 per officer, 2 per procedure), the seed and the
-- number of dossiers it was drawn from. Written with its items and its audit record in one
-- transaction, before the list is shown: every draw stays, a discarded one too.
CREATE TABLE inspection (
  id          INTEGER PRIMARY KEY,
  drawn_at    INTEGER NOT NULL,
  officer_id  INTEGER NOT NULL REFERENCES officer(id),
  period_from INTEGER NOT NULL,
  period_to   INTEGER NOT NULL CHECK (period_to >= period_from),
  size        INTEGER NOT NULL CHECK (size > 0),
  stratum     INTEGER NOT NULL DEFAULT 0 CHECK (stratum BETWEEN 0 AND 2),
  seed        TEXT NOT NULL,
  population  INTEGER NOT NULL CHECK (population >= 0)
);

-- The sampled dossiers in the order of the draw, each with the controller's checklist: CHECKED
-- has a bit for each item of the checklist answered, PASSED for each found right (mc-
-- supervision.h, McInspectionCheck); VERDICT 0 not inspected yet, 1 in order, 2 with failings.
CREATE TABLE inspection_item (
  inspection_id INTEGER NOT NULL REFERENCES inspection(id),
  position      INTEGER NOT NULL CHECK (position > 0),
  dossier_id    INTEGER NOT NULL REFERENCES dossier(id),
  checked       INTEGER NOT NULL DEFAULT 0,
  passed        INTEGER NOT NULL DEFAULT 0,
  verdict       INTEGER NOT NULL DEFAULT 0 CHECK (verdict BETWEEN 0 AND 2),
  findings      TEXT NOT NULL DEFAULT '',
  checked_at    INTEGER,
  PRIMARY KEY (inspection_id, position)
) WITHOUT ROWID;
CREATE INDEX inspection_period ON inspection (period_from, period_to);

-- A draw is never changed or removed: the audit record names it, and a sample drawn again
-- until it looks comfortable must show.
CREATE TRIGGER inspection_no_update BEFORE UPDATE ON inspection
BEGIN SELECT RAISE(ABORT, 'spot inspections are not changed once drawn'); END;
CREATE TRIGGER inspection_no_delete BEFORE DELETE ON inspection
BEGIN SELECT RAISE(ABORT, 'spot inspections are not changed once drawn'); END;

-- Steps of a procedure the law makes mandatory, in order, some with a least duration in
-- calendar days (the public posting of a first-time land-use certificate: 15 days). Submitting a
-- dossier for signature is refused until each mandatory step is recorded (mc-workflow.c).
ALTER TABLE procedure_step ADD COLUMN mandatory INTEGER NOT NULL DEFAULT 0
  CHECK (mandatory IN (0, 1));
ALTER TABLE procedure_step ADD COLUMN min_days INTEGER NOT NULL DEFAULT 0 CHECK (min_days >= 0);
-- The default catalogue's steps (mc-catalogue.c) in a database made before them.
UPDATE procedure_step SET mandatory = 1 WHERE name IN ('Kiểm tra hồ sơ, xác minh thực địa (lập biên bản xác minh)', 'Xác nhận nguồn gốc, quá trình sử dụng đất, tình trạng tranh chấp', 'Niêm yết công khai 15 ngày tại trụ sở UBND xã và khu dân cư', 'Xác định, thông báo nghĩa vụ tài chính', 'Tổ chức họp Hội đồng hòa giải');
UPDATE procedure_step SET min_days = 15
  WHERE name = 'Niêm yết công khai 15 ngày tại trụ sở UBND xã và khu dân cư';

-- Each mandatory step of a dossier as recorded: begun (a step with a least duration is begun,
-- then ended) and done, by whom, with a note (the minutes' number, the posting's place, an
-- objection, the mediation's outcome).
CREATE TABLE dossier_step (
  dossier_id INTEGER NOT NULL REFERENCES dossier(id),
  position   INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  started_by INTEGER REFERENCES officer(id),
  done_at    INTEGER,
  done_by    INTEGER REFERENCES officer(id),
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (dossier_id, position)
) WITHOUT ROWID;

PRAGMA user_version = 14;
