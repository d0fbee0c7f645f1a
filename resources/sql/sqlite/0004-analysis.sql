-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4: what the dashboard's step analysis is counted from (src/core/mc-analysis.c).
--
-- The time each step of a dossier took comes from its events: walking the events of a year of a
-- million dossiers takes seconds. So, as for the KPI sums of version 2, the results are kept as
-- sums per local day of the end of processing (McDay), triggers only mark the days a change
-- touches, and the dashboard recounts those days before it reads a period.

-- Steps held: by officer and stage (0 intake, 1 review, 2 signature, 3 result), how many, the
-- working seconds they took, and what their budgets allowed.
CREATE TABLE analysis_step (
  day        INTEGER NOT NULL,
  officer_id INTEGER NOT NULL,
  stage      INTEGER NOT NULL,
  steps      INTEGER NOT NULL,
  seconds    INTEGER NOT NULL,
  budget     INTEGER NOT NULL,
  PRIMARY KEY (day, officer_id, stage)
) WITHOUT ROWID;

-- Late dossiers: the working seconds a stage took beyond its budget, by who held the dossier.
CREATE TABLE analysis_loss (
  day        INTEGER NOT NULL,
  stage      INTEGER NOT NULL,
  officer_id INTEGER NOT NULL,
  dossiers   INTEGER NOT NULL,
  excess     INTEGER NOT NULL,
  PRIMARY KEY (day, stage, officer_id)
) WITHOUT ROWID;

-- Processing times (working time from receipt to the end, less supplement waits) by procedure,
-- counted by quarter of an hour: bucket = seconds / 900.
CREATE TABLE analysis_time (
  day          INTEGER NOT NULL,
  procedure_id INTEGER NOT NULL,
  bucket       INTEGER NOT NULL,
  dossiers     INTEGER NOT NULL,
  PRIMARY KEY (day, procedure_id, bucket)
) WITHOUT ROWID;

CREATE TABLE analysis_dirty (day INTEGER PRIMARY KEY);

CREATE TRIGGER dossier_analysis_insert AFTER INSERT ON dossier
WHEN NEW.ended_at IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO analysis_dirty VALUES ((NEW.ended_at + 25200) / 86400);
END;

CREATE TRIGGER dossier_analysis_update
AFTER UPDATE OF procedure_id, status, received_at, ended_at, paused_seconds, outcome ON dossier
BEGIN
  INSERT OR IGNORE INTO analysis_dirty
    SELECT (t + 25200) / 86400 FROM (SELECT NEW.ended_at AS t UNION ALL SELECT OLD.ended_at)
     WHERE t IS NOT NULL;
END;

CREATE TRIGGER dossier_analysis_delete AFTER DELETE ON dossier
WHEN OLD.ended_at IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO analysis_dirty VALUES ((OLD.ended_at + 25200) / 86400);
END;

-- Events are written in the same transaction as the change of the dossier they record, so the
-- dossier's triggers mark their day; a trigger on every event would slow a million-row load.

-- New budgets: every day the procedure's dossiers ended on.
CREATE TRIGGER procedure_step_analysis_insert AFTER INSERT ON procedure_step
BEGIN
  INSERT OR IGNORE INTO analysis_dirty
    SELECT DISTINCT day FROM analysis_time WHERE procedure_id = NEW.procedure_id;
END;

CREATE TRIGGER procedure_step_analysis_update AFTER UPDATE ON procedure_step
BEGIN
  INSERT OR IGNORE INTO analysis_dirty
    SELECT DISTINCT day FROM analysis_time WHERE procedure_id IN (NEW.procedure_id, OLD.procedure_id);
END;

CREATE TRIGGER procedure_step_analysis_delete AFTER DELETE ON procedure_step
BEGIN
  INSERT OR IGNORE INTO analysis_dirty
    SELECT DISTINCT day FROM analysis_time WHERE procedure_id = OLD.procedure_id;
END;

-- A database made before this version: all its days.
INSERT OR IGNORE INTO analysis_dirty
  SELECT DISTINCT (ended_at + 25200) / 86400 FROM dossier WHERE ended_at IS NOT NULL;
