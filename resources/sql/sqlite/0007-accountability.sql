-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 7: accountability that holds against an insider (docs/domain.md, "What the
-- checkpoints detect"): keys only their holder can make valid, sign-in lockout, checkpoints.

-- A leader's key is made from the leader's own password at their first sign-in after the
-- account was made or reset (key_pending), never by the administrator; it signs only once the
-- chairman (for the chairman: a vice-chairman) confirmed it with a signature of their own over
-- the new public key (mc-signature.h, "motcua-key-confirmation-1").
ALTER TABLE signing_key ADD COLUMN after_reset INTEGER NOT NULL DEFAULT 0
  CHECK (after_reset IN (0, 1));
-- Keys made before confirmations existed: their old signatures stay valid, with a note.
ALTER TABLE signing_key ADD COLUMN legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1));
ALTER TABLE signing_key ADD COLUMN confirmed_by INTEGER REFERENCES officer(id);
ALTER TABLE signing_key ADD COLUMN confirmer_key_id INTEGER REFERENCES signing_key(id);
ALTER TABLE signing_key ADD COLUMN confirmed_at INTEGER;
ALTER TABLE signing_key ADD COLUMN confirmation BLOB;
-- The audit record of the confirmation: a signature counts as confirmed only when the record it
-- follows comes after it (seconds alone cannot order two acts of one second).
ALTER TABLE signing_key ADD COLUMN confirmed_audit_id INTEGER;
UPDATE signing_key SET legacy = 1;

-- The administrator's reset leaves a leader keyless until the leader signs in.
ALTER TABLE officer ADD COLUMN key_pending INTEGER NOT NULL DEFAULT 0 CHECK (key_pending IN (0, 1));
-- Failed sign-ins in a row, shared by every workstation; five lock the account for 5 minutes.
ALTER TABLE officer ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE officer ADD COLUMN locked_until INTEGER;

-- A checkpoint signed by the chairman: the audit chain's length and head hash, and a digest of
-- every dossier's row (row_hashes: for each dossier in id order, its id as 8 bytes big-endian
-- and the SHA-256 of its canonical row text; dossier_digest is the SHA-256 of row_hashes).
-- signature_hashes: for each latest signature of a dossier whose Ed25519 signature verified
-- when the checkpoint was made, its id (8 bytes) and the SHA-256 of what was verified (digest,
-- signature, public key), so that a check verifies again only what changed or came since.
-- digest is the SHA-256 of the checkpoint's canonical text, signature the chairman's Ed25519
-- signature of it. Its hash is printed on the period report, to be kept outside the file.
CREATE TABLE checkpoint (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,
  officer_id     INTEGER NOT NULL REFERENCES officer(id),
  key_id         INTEGER NOT NULL REFERENCES signing_key(id),
  audit_count    INTEGER NOT NULL,
  audit_hash     TEXT NOT NULL,
  dossier_count  INTEGER NOT NULL,
  dossier_digest TEXT NOT NULL,
  row_hashes     BLOB NOT NULL,
  signature_count  INTEGER NOT NULL,
  signature_digest TEXT NOT NULL,
  signature_hashes BLOB NOT NULL,
  digest         TEXT NOT NULL,
  signature      BLOB NOT NULL CHECK (length(signature) = 64)
);
CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;

PRAGMA user_version = 7;
