/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Verifiable signatures of leaders (ký duyệt).
 *
 * Keys. Each vice-chairman and chairman holds an Ed25519 key pair (libsodium). The secret key is
 * stored only encrypted with crypto_secretbox under a key derived from the officer's password
 * (Argon2id, interactive limits, a random salt per key). A key is issued when a leader's account
 * is created with a password, when an administrator resets a leader's password (the old key
 * cannot be decrypted without the old password, so it is retired: its past signatures stay
 * valid), or, for a leader who never had one (an account older than keys, a promotion), at the
 * first signature once the password is checked. Changing one's own password re-encrypts the key.
 * An administrator revokes a leader's keys from a given moment: signatures made after it fail
 * verification, earlier ones stay valid and their verdict mentions the revocation; a revoked
 * officer signs again only after an administrator resets the password.
 *
 * The canonical digest. A signature covers the SHA-256 (shown as 64 lower-case hex digits) of
 * this UTF-8 text, each line ending in "\n", values escaped so that no value can run into the next
 * line (a backslash becomes "\\", a line feed "\n", a carriage return "\r"):
 *
 *   motcua-signature-1
 *   code: <dossier code>
 *   procedure: <procedure code>
 *   applicant: <applicant's full name>
 *   applicant-id: <applicant's ID document number>
 *   result: <the result, as recorded on the dossier>
 *   appointment: <the appointment (due_at), Unix seconds, or "-" when none>
 *   signed-at: <signing time, Unix seconds>
 *   signer: <officer id>
 *   key: <signing key id>
 *   audit: <id of the audit record the signature follows> <that record's hash>
 *
 * The audit record it follows is the last one written before the signature (mc_audit_last_hash),
 * which chains the signature to the whole history of the dossier before it. The signature is the
 * detached Ed25519 signature of the 32 bytes of the digest. Both are stored with the dossier
 * (table signature, with the fields as signed) and written in the audit log.
 *
 * The QR code printed on results and receipts holds "MC1|<code>|<signature id>|<base64 of the
 * 64 signature bytes>", which a reader decodes back for mc_signature_check_qr. */

/* A leader's secret key, decrypted for one signature. */
typedef struct _McSigner McSigner;

/* Issues a new key for OFFICER_ID encrypted with PASSWORD, retiring the one in use; audited as
 * ACTOR_ID. Runs in the caller's transaction when there is one (mc-account). */
gboolean  mc_signature_issue_key (McStore *store, gint64 actor_id, gint64 officer_id,
                                  const char *password, GError **error);
/* After a password change (in the caller's transaction): re-encrypts the key in use under
 * NEW_PASSWORD when OLD_PASSWORD opens it; otherwise a leader gets a new key when the actor is an
 * administrator or the officer never had one. Non-leaders without a key are left alone. */
gboolean  mc_signature_rekey     (McStore *store, gint64 actor_id, gint64 officer_id,
                                  const char *old_password, const char *new_password,
                                  GError **error);
/* Administrator only: revokes every key of OFFICER_ID from AT (0 = now; not in the future).
 * REASON (may be NULL) goes to the audit log. */
gboolean  mc_signature_revoke    (McStore *store, gint64 actor_id, gint64 officer_id, McTime at,
                                  const char *reason, GError **error);

/* Decrypts the key of OFFICER_ID with PASSWORD (a wrong password: MC_ERROR_PERMISSION, nothing
 * written). Issues the first key of a leader who never had one, checking the password against
 * the account. Slow on purpose (Argon2id): call it before opening a transaction. */
McSigner *mc_signature_unlock    (McStore *store, gint64 officer_id, const char *password,
                                  GError **error);
void      mc_signer_free         (McSigner *signer);
/* Inside the caller's transaction, once the dossier is written as signed and before the audit
 * record of the action: signs DOSSIER_ID as stored now, at AT, stores the signature and its audit
 * record. Returns the signature's id, 0 on error. */
gint64    mc_signature_write     (McStore *store, McSigner *signer, gint64 dossier_id, McTime at,
                                  GError **error);

/* What a verification found (for the CLI and the dossier view's badge). */
typedef struct {
  gint64   signature_id;
  gint64   dossier_id;
  char    *dossier_code;      /* the dossier's code now */
  gint64   officer_id;
  char    *officer_name;
  char    *officer_title;     /* the officer's title, or the role's name when none */
  McRole   officer_role;
  McTime   signed_at;
  McTime   revoked_at;        /* MC_TIME_NONE when the key is not revoked */
  gboolean valid;
  char    *verdict;           /* one sentence: who signed and when, or what changed since */
} McSignatureCheck;

void              mc_signature_check_free    (McSignatureCheck *check);
/* The latest signature of the dossier checked against the dossier as it is now. NULL with an
 * error when the dossier does not exist or carries no signature (MC_ERROR_NOT_FOUND) or the store
 * fails; otherwise check->valid says whether it holds. */
McSignatureCheck *mc_signature_check_dossier (McStore *store, gint64 dossier_id, GError **error);
McSignatureCheck *mc_signature_check_code    (McStore *store, const char *code, GError **error);
/* The same verdict from the text of a printed QR code; a text that is not ours, names another
 * dossier or carries other signature bytes gives an invalid check (or an error when it cannot be
 * read at all: MC_ERROR_INVALID). */
McSignatureCheck *mc_signature_check_qr      (McStore *store, const char *text, GError **error);

/* The QR text of the latest signature of DOSSIER_ID ("MC1|…"), NULL when it has none. */
char             *mc_signature_qr_text       (McStore *store, gint64 dossier_id, GError **error);
/* TEXT as a QR code (error correction M): *WIDTH × *WIDTH modules, one byte each, 1 dark and 0
 * light, row after row from the top, without the quiet zone (leave 4 light modules around it). */
GBytes           *mc_signature_qr_matrix     (const char *text, int *width, GError **error);

/* The signature block's heading for a signer of ROLE, two translated lines and NULL: a
 * vice-chairman signs for the chairman ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), the chairman for the
 * committee ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"). NULL for a role that does not sign. */
char            **mc_signature_delegation    (McRole role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSigner, mc_signer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignatureCheck, mc_signature_check_free)

G_END_DECLS
