-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 19: a signature covers the result's files (issue 15).
--
-- DIGEST_VERSION names the canonical text a signature's digest was made of (mc-signature.h):
-- 1 for those made before this version (their text is unchanged, so they verify as before), 2
-- for those that also cover the SHA-256 of each current result file at signing time.
-- RESULT_FILES holds those files as signed, one line each, "<attachment id> <SHA-256>\n", by
-- SHA-256: the digest holds the hashes, the ids say which attachment each was, so that a
-- verification can tell a file superseded or missing from one whose bytes changed.
ALTER TABLE signature ADD COLUMN digest_version INTEGER NOT NULL DEFAULT 1
  CHECK (digest_version IN (1, 2));
ALTER TABLE signature ADD COLUMN result_files TEXT NOT NULL DEFAULT '';

PRAGMA user_version = 19;
