/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Verifiable signatures of leaders (ký duyệt).
 *
 * Keys. Each vice-chairman and chairman holds an Ed25519 key pair (libsodium). The secret key is
 * stored only encrypted with crypto_secretbox under a key derived from the officer's password
 * (Argon2id, interactive limits, a random salt per key). A key is made only by its holder: at
 * the leader's first sign-in after the account was created, or after an administrator reset its
 * password (mc_signature_ensure_key, called by mc_account_authenticate). The administrator's
 * reset retires the key in use (its past signatures stay valid) and leaves the leader keyless
 * until that sign-in, so the administrator, who knows the new password, never holds a key of
 * the leader's. A key made after an earlier one was retired or revoked is marked as made after a
 * reset, and every verdict on its signatures says so. Changing one's own password re-encrypts
 * the key. An administrator revokes a leader's keys from a given moment: signatures made after it
 * fail verification, earlier ones stay valid and their verdict mentions the revocation; a
 * revoked officer gets a key again only after an administrator resets the password.
 *
 * Confirmation. A new key signs nothing until another leader confirms it with their own key:
 * the chairman confirms a vice-chairman's key, a vice-chairman the chairman's. The confirmation
 * is the confirmer's detached Ed25519 signature of the SHA-256 of this text (each line ending in
 * "\n"):
 *
 *   motcua-key-confirmation-1
 *   key: <key id>
 *   holder: <officer id of the key's holder>
 *   public-key: <the 32 bytes of the public key, 64 lower-case hex digits>
 *   confirmer: <officer id of the confirming leader>
 *   confirmer-key: <the confirmer's key id>
 *   confirmed-at: <Unix seconds>
 *   audit: <id of the audit record of the confirmation, written just before it>
 *
 * A confirmer's key must itself be confirmed, except while no key in use is confirmed: then the
 * commune's first keys confirm one another, as long as neither was made after a reset. A signature verifies only when its key was confirmed before it
 * was made (the audit record it follows comes after the confirmation's) (keys made before confirmations existed, schema 7, keep their old signatures valid,
 * with a note). A key is named by its fingerprint, the first 8 bytes of the SHA-256 of its
 * public key in groups of 4 hex digits ("3f2a-9c01-77de-0b12").
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
 * That is version 1, "motcua-signature-1", of the signatures made before schema 19, which verify
 * as they were made. Since then (version 2) the first line is "motcua-signature-2" and the
 * line "appointment:" is followed by one line for each current result file of the dossier at
 * signing time (the draft result the specialist attached while the dossier was with them),
 * sorted, in the same escaping:
 *
 *   result-file: <SHA-256 of the file's bytes, 64 lower-case hex digits>
 *
 * (none when the result has no file). A verification hashes each covered file's stored bytes
 * again: one superseded, missing or changed breaks the signature; files attached to the result
 * after the signature (the scan of the signed paper at hand-over) are listed as not covered and
 * leave it whole. The signature row keeps the version and the files as signed (digest_version,
 * result_files).
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

/* Issues a new key for OFFICER_ID encrypted with PASSWORD, retiring the one in use; refused
 * (MC_ERROR_PERMISSION) unless ACTOR_ID is OFFICER_ID. Unconfirmed. Runs in the caller's
 * transaction when there is one. */
gboolean  mc_signature_issue_key (McStore *store, gint64 actor_id, gint64 officer_id,
                                  const char *password, GError **error);
/* At the sign-in of OFFICER_ID with PASSWORD (already checked against the account): makes the
 * leader's key when none is in use and either the leader never had one or an administrator
 * reset the account since. *ISSUED (may be NULL) says whether a key was made. Slow when it
 * makes one (Argon2id): outside any transaction. Non-leaders are left alone. */
gboolean  mc_signature_ensure_key (McStore *store, gint64 officer_id, const char *password,
                                   gboolean *issued, GError **error);
/* After a password change (in the caller's transaction): the holder's own change re-encrypts
 * the key in use under NEW_PASSWORD when OLD_PASSWORD opens it; an administrator's reset
 * retires it and leaves a leader keyless until their next sign-in. */
gboolean  mc_signature_rekey     (McStore *store, gint64 actor_id, gint64 officer_id,
                                  const char *old_password, const char *new_password,
                                  GError **error);
/* Administrator only: revokes every key of OFFICER_ID from AT (0 = now; not in the future).
 * REASON (may be NULL) goes to the audit log. */
gboolean  mc_signature_revoke    (McStore *store, gint64 actor_id, gint64 officer_id, McTime at,
                                  const char *reason, GError **error);

/* Chairman (for the chairman's own key: a vice-chairman) ACTOR_ID confirms the key in use of
 * OFFICER_ID, signing it with the actor's key opened by PASSWORD; audited. */
gboolean  mc_signature_confirm_key (McStore *store, gint64 actor_id, gint64 officer_id,
                                    const char *password, GError **error);
/* The rule of the confirmations: whether a leader of ACTOR_ROLE may confirm the key of a leader
 * of HOLDER_ROLE (the chairman confirms a vice-chairman's, a vice-chairman the chairman's). */
gboolean  mc_signature_may_confirm (McRole actor_role, McRole holder_role);
/* The fingerprint of a public key (crypto_sign_PUBLICKEYBYTES bytes). */
char     *mc_signature_fingerprint (const guchar *public_key);

/* One key of the list sent to the province (mc_signature_list_keys). */
typedef struct {
  gint64   key_id;
  gint64   officer_id;
  char    *officer_name;
  char    *officer_title;
  char    *public_key_hex;
  char    *fingerprint;
  McTime   created_at, retired_at, revoked_at;   /* MC_TIME_NONE when not */
  gboolean after_reset;
  gboolean legacy;
  gint64   confirmed_by;        /* 0: not confirmed */
  char    *confirmer_name;      /* NULL when not confirmed */
  McTime   confirmed_at;
  gboolean confirmed;           /* the confirmation verifies */
  gboolean intact;              /* the public key is the one its creation's audit record names */
  char    *state;               /* a few translated words: "in use, confirmed", "retired"… */
} McSignatureKeyInfo;

void       mc_signature_key_info_free (McSignatureKeyInfo *info);
/* Every leader's key (McSignatureKeyInfo*), by officer and age. */
GPtrArray *mc_signature_list_keys    (McStore *store, GError **error);

/* What waits for a confirmation, as the leader ACTOR_ID sees it: the keys in use of other
 * active leaders that the actor may confirm and that are not confirmed yet
 * (McSignatureKeyInfo*), and in *OWN (may be NULL; set to NULL when nothing waits) the actor's
 * own key in use when it is not confirmed yet. Empty for anyone who is not a leader. */
GPtrArray *mc_signature_list_waiting (McStore *store, gint64 actor_id,
                                      McSignatureKeyInfo **own, GError **error);

/* Decrypts the key of OFFICER_ID with PASSWORD (a wrong password: MC_ERROR_PERMISSION, nothing
 * written). Makes the key a sign-in would have made (mc_signature_ensure_key), checking the
 * password against the account; a key not confirmed yet is refused (MC_ERROR_PERMISSION). Slow
 * on purpose (Argon2id): call it before opening a transaction. */
McSigner *mc_signature_unlock    (McStore *store, gint64 officer_id, const char *password,
                                  GError **error);
void      mc_signer_free         (McSigner *signer);
/* Inside the caller's transaction, once the dossier is written as signed and before the audit
 * record of the action: signs DOSSIER_ID as stored now, at AT, stores the signature and its audit
 * record. Returns the signature's id, 0 on error. */
gint64    mc_signature_write     (McStore *store, McSigner *signer, gint64 dossier_id, McTime at,
                                  GError **error);

/* Tests only: make the signatures that follow in the canonical text of VERSION (1: as before
 * schema 19, without the result's files; 0: the current one). */
void      mc_signature_testing_set_version (int version);

/* For other documents a leader signs (checkpoints): the key and the detached Ed25519 signature
 * of a 32-byte DIGEST into SIGNATURE (crypto_sign_BYTES). */
gint64    mc_signer_get_key_id   (McSigner *signer);
void      mc_signer_sign_digest  (McSigner *signer, const guchar *digest, guchar *signature);
/* Whether SIGNATURE over DIGEST was made by OFFICER_ID with their key KEY_ID, intact, confirmed
 * before AT and before audit record AFTER_AUDIT_ID (or made before confirmations existed) and not revoked by then. Otherwise FALSE and
 * *WHY a few translated words ("its signature does not verify…"). *FINGERPRINT (may be NULL):
 * the key's, NULL when it is gone. */
gboolean  mc_signature_verify_digest (McStore *store, gint64 officer_id, gint64 key_id,
                                      McTime at, gint64 after_audit_id, const guchar *digest,
                                      const guchar *signature, char **fingerprint, char **why);

/* A result file as a signature sees it (McSignatureCheck.files). */
typedef enum {
  MC_SIGNATURE_FILE_INTACT,       /* covered, as signed */
  MC_SIGNATURE_FILE_CHANGED,      /* covered, its bytes are no longer those signed */
  MC_SIGNATURE_FILE_SUPERSEDED,   /* covered, replaced by another since (a rescan) */
  MC_SIGNATURE_FILE_MISSING,      /* covered, no longer in the database */
  MC_SIGNATURE_FILE_NOT_COVERED,  /* attached to the result after the signature */
} McSignatureFileState;

typedef struct {
  gint64               attachment_id;
  char                *name;        /* the file's name, or "the scan" (translated) */
  char                *hash;        /* SHA-256 as signed (or, not covered, as stored) */
  McTime               attached_at; /* MC_TIME_NONE when the attachment is gone */
  McSignatureFileState state;
} McSignatureFile;

void        mc_signature_file_free            (McSignatureFile *f);
/* A few translated words: "covered, as signed", "not covered: attached after the signature"… */
const char *mc_signature_file_state_to_string (McSignatureFileState state);

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
  gint64   key_id;
  char    *key_fingerprint;   /* NULL when the key is gone */
  char    *key_confirmed_by;  /* who confirmed the key (a valid confirmation), or NULL */
  McTime   key_confirmed_at;
  gboolean key_after_reset;   /* made after the leader's earlier key was retired or revoked */
  gboolean valid;
  char    *verdict;           /* one sentence: who signed and when, or what changed since */
  int      digest_version;    /* 1: made before signatures covered the result's files */
  GPtrArray *files;           /* version 2: McSignatureFile*, the covered files first, then
                               * the current result files attached after it; NULL for 1 */
} McSignatureCheck;

void              mc_signature_check_free    (McSignatureCheck *check);
/* The latest signature of the dossier checked against the dossier as it is now. NULL with an
 * error when the dossier does not exist or carries no signature (MC_ERROR_NOT_FOUND) or the store
 * fails; otherwise check->valid says whether it holds. */
McSignatureCheck *mc_signature_check_dossier (McStore *store, gint64 dossier_id, GError **error);
McSignatureCheck *mc_signature_check_code    (McStore *store, const char *code, GError **error);
/* The latest signature of every signed dossier (motcua-cli check): one sentence added to
 * PROBLEMS for each that does not hold; *N_CHECKED the signatures checked. FALSE on a store
 * error. VOUCHED (may be NULL), the list a checkpoint keeps of the signatures whose Ed25519
 * signature verified when it was made (entries of an id, 8 bytes big-endian, and the SHA-256 of
 * the digest, the signature and the public key, by id), spares the Ed25519 check of those whose
 * bytes are unchanged (*N_VOUCHED counts them); everything else about them is checked again.
 * VERIFIED (may be NULL) receives that list for the signatures that verify now. The Ed25519
 * checks run on every core. */
gboolean          mc_signature_check_all     (McStore *store, GPtrArray *problems,
                                              GBytes *vouched, GByteArray *verified,
                                              gint64 *n_checked, gint64 *n_vouched,
                                              GError **error);
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignatureFile, mc_signature_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignatureKeyInfo, mc_signature_key_info_free)

G_END_DECLS
