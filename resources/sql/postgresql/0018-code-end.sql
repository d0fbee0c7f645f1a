-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 18 on PostgreSQL: the end of a dossier's code through an index, as on SQLite
-- (resources/sql/sqlite/0018-code-end.sql). A large import drops and builds them again with the
-- other secondary indexes (0011).
CREATE INDEX dossier_code_end4 ON dossier (substr (code, length (code) - 3));
CREATE INDEX dossier_code_end11 ON dossier (substr (code, length (code) - 10));
