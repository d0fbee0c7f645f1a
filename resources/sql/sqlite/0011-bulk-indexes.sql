-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 11: nothing on SQLite. On the server (resources/sql/postgresql/0011-*.sql) a
-- large import drops the dossier table's secondary indexes and builds them again after the
-- load, as SQLite's store already does (mc-db-sqlite.c, sqlite_bulk_inside).
PRAGMA user_version = 11;
