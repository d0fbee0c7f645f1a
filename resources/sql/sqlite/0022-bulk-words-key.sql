-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 22: on PostgreSQL, a first large load builds the words' key once
-- (resources/sql/postgresql/0022-bulk-words-key.sql). SQLite's dossier_word is a WITHOUT ROWID
-- table, its key the table itself, filled in key order (0009): nothing changes here.
PRAGMA user_version = 22;
