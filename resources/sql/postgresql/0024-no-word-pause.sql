-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 24 on PostgreSQL: SQLite's search-word trigger lost its bulk-load flag
-- (resources/sql/sqlite/0024-no-word-pause.sql); the server's waits on a setting
-- (0021-bulk-words.sql), unchanged. Nothing changes here.
SELECT 1;
