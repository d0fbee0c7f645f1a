-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 19 on PostgreSQL: the same as resources/sql/sqlite/0019-signed-files.sql (read
-- its comments). The leaders insert signatures whole (INSERT on the table, 0006), so the new
-- columns need no grant of their own.
ALTER TABLE signature ADD COLUMN digest_version bigint NOT NULL DEFAULT 1
  CHECK (digest_version IN (1, 2));
ALTER TABLE signature ADD COLUMN result_files text NOT NULL DEFAULT '';
