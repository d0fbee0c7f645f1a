-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 14 on PostgreSQL: the same as resources/sql/sqlite/0014-supervision.sql (read
-- its comments). Ids are given by the store (the highest plus one, inside the write
-- transaction), so that a migration's copied ids need no identity to follow them.

CREATE TABLE inspection (
  id          bigint PRIMARY KEY,
  drawn_at    bigint NOT NULL,
  officer_id  bigint NOT NULL REFERENCES officer(id),
  period_from bigint NOT NULL,
  period_to   bigint NOT NULL CHECK (period_to >= period_from),
  size        bigint NOT NULL CHECK (size > 0),
  stratum     bigint NOT NULL DEFAULT 0 CHECK (stratum BETWEEN 0 AND 2),
  seed        text NOT NULL,
  population  bigint NOT NULL CHECK (population >= 0)
);

CREATE TABLE inspection_item (
  inspection_id bigint NOT NULL REFERENCES inspection(id),
  position      bigint NOT NULL CHECK (position > 0),
  dossier_id    bigint NOT NULL REFERENCES dossier(id),
  checked       bigint NOT NULL DEFAULT 0,
  passed        bigint NOT NULL DEFAULT 0,
  verdict       bigint NOT NULL DEFAULT 0 CHECK (verdict BETWEEN 0 AND 2),
  findings      text NOT NULL DEFAULT '',
  checked_at    bigint,
  PRIMARY KEY (inspection_id, position)
);
CREATE INDEX inspection_period ON inspection (period_from, period_to);

-- A draw is never changed or removed: the audit record names it, and a sample drawn again
-- until it looks comfortable must show.
CREATE FUNCTION inspection_append_only () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'spot inspections are not changed once drawn';
END;
$$;
CREATE TRIGGER inspection_no_update BEFORE UPDATE OR DELETE ON inspection
  FOR EACH ROW EXECUTE FUNCTION inspection_append_only ();

CREATE TRIGGER inspection_notify AFTER INSERT OR UPDATE OR DELETE ON inspection
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_notify();
CREATE TRIGGER inspection_item_notify AFTER INSERT OR UPDATE OR DELETE ON inspection_item
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_notify();

ALTER TABLE procedure_step ADD COLUMN mandatory boolean NOT NULL DEFAULT FALSE;
ALTER TABLE procedure_step ADD COLUMN min_days bigint NOT NULL DEFAULT 0 CHECK (min_days >= 0);
UPDATE procedure_step SET mandatory = TRUE WHERE name IN ('Kiểm tra hồ sơ, xác minh thực địa (lập biên bản xác minh)', 'Xác nhận nguồn gốc, quá trình sử dụng đất, tình trạng tranh chấp', 'Niêm yết công khai 15 ngày tại trụ sở UBND xã và khu dân cư', 'Xác định, thông báo nghĩa vụ tài chính', 'Tổ chức họp Hội đồng hòa giải');
UPDATE procedure_step SET min_days = 15
  WHERE name = 'Niêm yết công khai 15 ngày tại trụ sở UBND xã và khu dân cư';

CREATE TABLE dossier_step (
  dossier_id bigint NOT NULL REFERENCES dossier(id),
  position   bigint NOT NULL,
  started_at bigint NOT NULL,
  started_by bigint REFERENCES officer(id),
  done_at    bigint,
  done_by    bigint REFERENCES officer(id),
  note       text NOT NULL DEFAULT '',
  PRIMARY KEY (dossier_id, position)
);
CREATE TRIGGER dossier_step_notify AFTER INSERT OR UPDATE OR DELETE ON dossier_step
  FOR EACH STATEMENT EXECUTE FUNCTION motcua_notify();

-- Everyone reads them (the chairman signs the month's review); only the procedure controller
-- draws a sample and records its findings (mc-supervision.c checks it too). The police only
-- read, here as everywhere.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_officer') THEN
    GRANT SELECT ON inspection, inspection_item TO motcua_officer;
    GRANT INSERT ON inspection TO motcua_controller;
    GRANT INSERT ON inspection_item TO motcua_controller;
    GRANT UPDATE (checked, passed, verdict, findings, checked_at) ON inspection_item
      TO motcua_controller;
    GRANT SELECT ON dossier_step TO motcua_officer;
    -- Those who handle dossiers record their steps; the controller and the police only read.
    GRANT INSERT, UPDATE ON dossier_step TO motcua_desk, motcua_specialist,
      motcua_vice_chairman, motcua_chairman;
  END IF;
END;
$$;
