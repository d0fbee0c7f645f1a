/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Checkpoints: the chairman's signature over the state of the audit chain and of every dossier's
 * row, printed on the period report (its hash in full and as a QR code) so that it lives outside
 * the database file. docs/domain.md, "What the checkpoints detect", says what they catch.
 *
 * A checkpoint's hash is the SHA-256 (64 lower-case hex digits) of this UTF-8 text, each line
 * ending in "\n"; the chairman's key signs those 32 bytes (detached Ed25519):
 *
 *   motcua-checkpoint-1
 *   checkpoint: <checkpoint id>
 *   at: <Unix seconds>
 *   chairman: <officer id>
 *   key: <signing key id>
 *   audit: <records in the chain, 1 … N> <the hash of record N>
 *   dossiers: <number of dossiers> <SHA-256 of the row hashes, hex>
 *   signatures: <number of signatures vouched for> <SHA-256 of their hashes, hex>
 *
 * The row hashes are, for each dossier in id order, its id as 8 bytes big-endian followed by the
 * SHA-256 of its canonical row text: "motcua-row-1\n", "id: <id>\n", then one line per column of
 * the dossier table at schema 7 in mc-store-checkpoint.c's order, "<column>: <value>\n" (numbers
 * in decimal, texts escaped as in mc-signature.h), or "<column>\n" for NULL. The signature
 * hashes are, for the latest signature of each dossier whose Ed25519 signature verified when the
 * checkpoint was made, in id order, its id as 8 bytes big-endian followed by the SHA-256 of the
 * 32 bytes of its digest, its 64 signature bytes and the 32 bytes of its key's public key.
 *
 * The printed QR code holds "MCK1|<id>|<at>|<chairman>|<key>|<N>|<hash of record N>|<number of
 * dossiers>|<row digest>|<number of signatures>|<signature digest>|<base64 of the 64 signature
 * bytes>". */

typedef struct {
  gint64   id;
  McTime   at;
  gint64   officer_id;
  char    *officer_name;
  gint64   key_id;
  char    *key_fingerprint;   /* NULL when the key is gone */
  gint64   audit_count;
  char    *audit_hash;
  gint64   dossier_count;
  char    *dossier_digest;
  char    *hash;              /* the checkpoint's hash, as printed */
  char    *qr_text;
  gboolean valid;             /* the signature holds, and the log still has what it signed */
  char    *verdict;           /* one sentence */
} McCheckpoint;

void          mc_checkpoint_free        (McCheckpoint *checkpoint);

/* The chairman ACTOR_ID signs a checkpoint now with the key PASSWORD opens; audited. Slow
 * (Argon2id, and a pass over every dossier). */
McCheckpoint *mc_checkpoint_create      (McStore *store, gint64 actor_id, const char *password,
                                         GError **error);
/* The newest checkpoint with its verdict; NULL with MC_ERROR_NOT_FOUND when there is none. */
McCheckpoint *mc_checkpoint_get_last    (McStore *store, GError **error);
/* The verdict on the text of a printed checkpoint's QR code against this database; an error
 * only when the text is not a checkpoint of Một Cửa (MC_ERROR_INVALID) or the store fails. */
McCheckpoint *mc_checkpoint_check_qr    (McStore *store, const char *text, GError **error);

/* audit verify: the hash chain record by record, then every checkpoint against it: a tail cut
 * or rewritten (and re-hashed) before a checkpoint is named, as is a checkpoint whose signature
 * does not hold or that is missing. *N_RECORDS the records on success. */
gboolean      mc_checkpoint_verify_audit (McStore *store, gint64 *n_records, GError **error);

/* What the full check went through, and how long each part took. */
typedef struct {
  gint64 dossiers;
  gint64 signatures;
  gint64 signatures_vouched;     /* of those, spared their Ed25519 check by the checkpoint */
  gint64 audit_records;
  gint64 checkpoint_id;          /* the last checkpoint the rows were compared with, 0: none */
  gint64 changed_since;          /* dossiers changed since it, with their audit records */
  double seconds_structure;      /* the engine's check (on a second connection, meanwhile) */
  double seconds_store;          /* the data's rules and the audit chain */
  double seconds_checkpoints;
  double seconds_signatures;
  double seconds_rows;
} McCheckStats;

/* check: mc_store_check, every checkpoint against the chain, the latest signature of every
 * dossier, and every dossier's row against the last checkpoint, naming each dossier changed,
 * added or removed since without an audit record of it. Each problem one line in *PROBLEMS.
 * A signature whose bytes the last checkpoint vouched for (its Ed25519 check passed when the
 * chairman signed it) is not put through Ed25519 again unless RECHECK_SIGNATURES; everything
 * else about it is checked every time. STATS may be NULL. */
gboolean      mc_checkpoint_check_database (McStore *store, gboolean recheck_signatures,
                                            GPtrArray **problems, McCheckStats *stats,
                                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCheckpoint, mc_checkpoint_free)

G_END_DECLS
