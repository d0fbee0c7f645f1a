-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3: verifiable signatures of leaders (src/core/mc-signature.c).
--
-- Each leader holds an Ed25519 key pair. The secret key is kept only encrypted (XSalsa20-Poly1305,
-- crypto_secretbox) under a key derived from the leader's password with Argon2id, so neither the
-- administrator nor a copy of the database can sign in the leader's name. An officer has at most
-- one usable key: the others are retired (replaced when an administrator reset the password, so
-- the old one could not be decrypted) or revoked (by an administrator, from a given moment).

CREATE TABLE signing_key (
  id               INTEGER PRIMARY KEY,
  officer_id       INTEGER NOT NULL REFERENCES officer(id),
  public_key       BLOB NOT NULL CHECK (length(public_key) = 32),
  encrypted_secret BLOB NOT NULL,
  salt             BLOB NOT NULL,
  nonce            BLOB NOT NULL,
  kdf_ops          INTEGER NOT NULL,
  kdf_mem          INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  retired_at       INTEGER,
  revoked_at       INTEGER,
  -- The audit record of its creation, which names the public key: replacing the key in this
  -- table alone is detected.
  audit_id         INTEGER NOT NULL
);
CREATE INDEX signing_key_officer ON signing_key(officer_id);

-- One approval (ký duyệt). The payload columns hold the fields exactly as signed, so that a
-- verification can say which one changed since; digest is SHA-256 of the canonical text made of
-- them (mc-signature.h), signature the Ed25519 signature of the digest. audit_id and audit_hash
-- name the audit record the signature follows.
CREATE TABLE signature (
  id                INTEGER PRIMARY KEY,
  dossier_id        INTEGER NOT NULL REFERENCES dossier(id),
  officer_id        INTEGER NOT NULL REFERENCES officer(id),
  key_id            INTEGER NOT NULL REFERENCES signing_key(id),
  signed_at         INTEGER NOT NULL,
  audit_id          INTEGER NOT NULL,
  audit_hash        TEXT NOT NULL,
  code              TEXT NOT NULL,
  procedure_code    TEXT NOT NULL,
  applicant_name    TEXT NOT NULL,
  applicant_id      TEXT NOT NULL,
  result            TEXT NOT NULL,
  appointment       INTEGER,
  digest            TEXT NOT NULL,
  signature         BLOB NOT NULL CHECK (length(signature) = 64)
);
CREATE INDEX signature_dossier ON signature(dossier_id, id);
