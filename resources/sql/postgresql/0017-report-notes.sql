-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 17 on PostgreSQL: the same as resources/sql/sqlite/0017-report-notes.sql (read
-- its comments). No generated ids.
CREATE TABLE report_note (
  period_from  bigint NOT NULL,
  period_to    bigint NOT NULL CHECK (period_to >= period_from),
  shortcomings text NOT NULL DEFAULT '',
  causes       text NOT NULL DEFAULT '',
  next_steps   text NOT NULL DEFAULT '',
  officer_id   bigint NOT NULL REFERENCES officer(id),
  written_at   bigint NOT NULL,
  PRIMARY KEY (period_from, period_to)
);
CREATE TRIGGER report_note_notify AFTER INSERT OR UPDATE OR DELETE ON report_note
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_notify();

-- Everyone reads them (they print in the report); only the procedure controller writes them
-- (mc-supervision.c checks it too).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_officer') THEN
    GRANT SELECT ON report_note TO motcua_officer;
    GRANT INSERT, UPDATE ON report_note TO motcua_controller;
  END IF;
END;
$$;
