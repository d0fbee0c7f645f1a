-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 21: on PostgreSQL, a large load indexes its names' words once at its end
-- (resources/sql/postgresql/0021-bulk-words.sql). SQLite has done so since version 9
-- (dossier_word_paused): nothing changes here.
PRAGMA user_version = 21;
