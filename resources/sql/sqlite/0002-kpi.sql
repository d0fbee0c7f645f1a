-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: what the KPIs of DOMAIN.md §5 are counted from (src/core/mc-kpi.c).
--
-- Counting a year of a million dossiers row by row takes about half a second (SQLite steps
-- ~50 ns per index entry, plus ~35 ns per figure), so the received and resolved figures are kept
-- as sums per local day (McDay) and group, and a period of whole days adds up a few thousand of
-- them. Keeping the sums up to date in triggers would cost ~25 µs per dossier written (an import of
-- a million would take half a minute longer), so triggers only mark the days a change touches, at
-- no measurable cost, and mc_kpi_refresh recounts those days from the indexes below before the
-- figures are read.

-- Received in a day, by procedure (group_id = procedure, level 0: the procedure's current level is
-- joined when reading) and by handling officer (group_id = officer or 0, level = the procedure's).
CREATE TABLE kpi_received (
  day                INTEGER NOT NULL,
  by_officer         INTEGER NOT NULL,
  group_id           INTEGER NOT NULL,
  level              INTEGER NOT NULL,
  received           INTEGER NOT NULL,
  online_received    INTEGER NOT NULL,
  digitized_inputs   INTEGER NOT NULL,
  fee_dossiers       INTEGER NOT NULL,
  paid_online        INTEGER NOT NULL,
  late_online_intake INTEGER NOT NULL,
  PRIMARY KEY (by_officer, day, group_id, level)
) WITHOUT ROWID;

-- Resolved in a day, grouped the same way.
CREATE TABLE kpi_resolved (
  day                INTEGER NOT NULL,
  by_officer         INTEGER NOT NULL,
  group_id           INTEGER NOT NULL,
  level              INTEGER NOT NULL,
  resolved           INTEGER NOT NULL,
  early              INTEGER NOT NULL,
  on_time            INTEGER NOT NULL,
  late               INTEGER NOT NULL,
  digitized_results  INTEGER NOT NULL,
  PRIMARY KEY (by_officer, day, group_id, level)
) WITHOUT ROWID;

-- Days whose sums must be recounted.
CREATE TABLE kpi_dirty (day INTEGER PRIMARY KEY);

CREATE TRIGGER dossier_kpi_insert AFTER INSERT ON dossier
BEGIN
  INSERT OR IGNORE INTO kpi_dirty
    SELECT (t + 25200) / 86400 FROM (SELECT NEW.received_at AS t UNION ALL SELECT NEW.ended_at)
     WHERE t IS NOT NULL;
END;

CREATE TRIGGER dossier_kpi_update
AFTER UPDATE OF procedure_id, channel, status, received_at, ended_at, digitized_input,
                digitized_result, fee, paid_online, handler_id, outcome, late_intake ON dossier
BEGIN
  INSERT OR IGNORE INTO kpi_dirty
    SELECT (t + 25200) / 86400 FROM (SELECT NEW.received_at AS t UNION ALL SELECT NEW.ended_at
                                     UNION ALL SELECT OLD.received_at UNION ALL SELECT OLD.ended_at)
     WHERE t IS NOT NULL;
END;

CREATE TRIGGER dossier_kpi_delete AFTER DELETE ON dossier
BEGIN
  INSERT OR IGNORE INTO kpi_dirty
    SELECT (t + 25200) / 86400 FROM (SELECT OLD.received_at AS t UNION ALL SELECT OLD.ended_at)
     WHERE t IS NOT NULL;
END;

-- The sums by officer hold the procedures' levels: a change of level recounts their days.
CREATE TRIGGER procedure_kpi_level AFTER UPDATE OF online_level ON procedure
WHEN OLD.online_level <> NEW.online_level
BEGIN
  INSERT OR IGNORE INTO kpi_dirty
    SELECT day FROM kpi_received WHERE by_officer = 1 AND level = OLD.online_level
    UNION SELECT day FROM kpi_resolved WHERE by_officer = 1 AND level = OLD.online_level;
END;

-- Led by times: the desk writes in time order, so new entries go at the end. Covering: recounting
-- a day and counting open dossiers never read the dossier rows.
CREATE INDEX dossier_kpi_received ON dossier (received_at, status, procedure_id, handler_id, channel,
                                              digitized_input, fee, paid_online, late_intake);
-- Resolved in a day; open at the end of a period though resolved later.
CREATE INDEX dossier_kpi_ended ON dossier (ended_at, status, procedure_id, handler_id, outcome,
                                           digitized_result, received_at, due_at);
-- Still open now (no end time): few rows, whatever the size of the database.
CREATE INDEX dossier_kpi_open ON dossier (received_at, due_at, procedure_id, handler_id, status,
                                          ended_at)
  WHERE ended_at IS NULL AND status NOT IN (1, 3, 7, 8);

-- A database made before this version: all its days.
INSERT OR IGNORE INTO kpi_dirty
  SELECT (received_at + 25200) / 86400 FROM dossier WHERE received_at IS NOT NULL
  UNION SELECT (ended_at + 25200) / 86400 FROM dossier WHERE ended_at IS NOT NULL;
