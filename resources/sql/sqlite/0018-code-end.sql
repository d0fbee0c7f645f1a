-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 18: the end of a dossier's code is found through an index.
--
-- The desk types the end of a code: its number ("0001") or its day and number
-- ("241105-0001"). "code LIKE '%0001'" reads every code (120-160 ms at a million dossiers).
-- A text of N characters ends a code exactly when the code's last N characters are it, so
-- for the two lengths the desk types, an index of the code's last 4 and last 11 characters
-- answers the search by one lookup (src/core/store/mc-store-queue.c writes the same
-- expressions, which both engines match to these indexes).
CREATE INDEX dossier_code_end4 ON dossier (substr (code, length (code) - 3));
CREATE INDEX dossier_code_end11 ON dossier (substr (code, length (code) - 10));

PRAGMA user_version = 18;
