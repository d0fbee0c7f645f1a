-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 23 on PostgreSQL: the representative's phone and ID number have been indexed
-- only where there is one since the first schema (0006-schema.sql); SQLite's now are too
-- (resources/sql/sqlite/0023-representative-partial.sql). Nothing changes here.
SELECT 1;
