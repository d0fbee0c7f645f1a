-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 17: what the procedure controller writes into the report of a period (Circular
-- 01/2020/TT-VPCP: shortcomings, their causes, the next steps), kept with the period so that the
-- report printed again says the same. One row per period [period_from, period_to] (local days
-- since 1970-01-01); written again, it is replaced, and each version is in the audit log.
CREATE TABLE report_note (
  period_from  INTEGER NOT NULL,
  period_to    INTEGER NOT NULL CHECK (period_to >= period_from),
  shortcomings TEXT NOT NULL DEFAULT '',
  causes       TEXT NOT NULL DEFAULT '',
  next_steps   TEXT NOT NULL DEFAULT '',
  officer_id   INTEGER NOT NULL REFERENCES officer(id),
  written_at   INTEGER NOT NULL,
  PRIMARY KEY (period_from, period_to)
) WITHOUT ROWID;
