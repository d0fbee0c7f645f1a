-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 16: digitisation (issue 15). The scans and files of a dossier, kept in the
-- database so that every workstation sees them and a backup holds them.

-- Each file's bytes once, named by their SHA-256 (lower-case hex): the same scan attached twice
-- is stored once. `check` hashes every row again (mc-store-attachment.c).
CREATE TABLE blob (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  data BLOB NOT NULL
) WITHOUT ROWID;

-- A file attached to a dossier: to the document at POSITION of dossier_document, or to the
-- result (POSITION -1). MIME is what its bytes were found to be (application/pdf, image/jpeg,
-- image/png). A rescan supersedes the files it replaces: they stay, SUPERSEDED_BY naming the
-- first file of the rescan, so the history is never overwritten. Ids are given by the store
-- (the highest plus one, inside the write transaction). Rows are never deleted.
CREATE TABLE attachment (
  id            INTEGER PRIMARY KEY,
  dossier_id    INTEGER NOT NULL REFERENCES dossier(id),
  position      INTEGER NOT NULL CHECK (position >= -1),
  hash          TEXT NOT NULL REFERENCES blob(hash),
  size          INTEGER NOT NULL CHECK (size > 0),
  mime          TEXT NOT NULL,
  name          TEXT NOT NULL DEFAULT '',
  officer_id    INTEGER REFERENCES officer(id),
  attached_at   INTEGER NOT NULL,
  superseded_by INTEGER REFERENCES attachment(id),
  superseded_at INTEGER
);
CREATE INDEX attachment_dossier ON attachment (dossier_id, position);
CREATE INDEX attachment_hash ON attachment (hash);
