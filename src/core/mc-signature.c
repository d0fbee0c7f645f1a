/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leaders' signing keys, signatures of dossiers and their verification (mc-signature.h holds
 * the canonical digest and the rules of keys).
 *
 * A verification trusts nothing stored beside the signature: the digest is recomputed from the
 * fields kept as signed, the Ed25519 signature checked against it, the public key against the
 * audit record of its creation (so swapping the key in its table is seen), the dossier's current
 * fields against those signed, and the audit record the signature follows against its own hash.
 * Someone able to rewrite the whole audit chain and the keys could still forge a signature: the
 * database holds no secret that is not under a leader's password. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <sodium.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-signature.h"
#include "mc-store-internal.h"
#include "mc-text.h"

#define DIGEST_HEADER "motcua-signature-1"
#define QR_PREFIX "MC1"
#define DIGEST_BYTES crypto_hash_sha256_BYTES
#define SEALED_BYTES MC_STORE_SEALED_BYTES

struct _McSigner {
  gint64  officer_id;
  gint64  key_id;
  guchar *secret_key;         /* sodium_malloc: guarded, wiped when freed */
};

/* A key as stored. */
typedef McStoreKey KeyRow;

/* The signed fields (mc-signature.h). */
typedef struct {
  char  *code;
  char  *procedure_code;
  char  *applicant_name;
  char  *applicant_id;
  char  *result;
  McTime appointment;         /* MC_TIME_NONE: none */
  McTime signed_at;
  gint64 officer_id;
  gint64 key_id;
  gint64 audit_id;
  char  *audit_hash;
} Payload;

static void
payload_clear (Payload *p)
{
  g_free (p->code);
  g_free (p->procedure_code);
  g_free (p->applicant_name);
  g_free (p->applicant_id);
  g_free (p->result);
  g_free (p->audit_hash);
  memset (p, 0, sizeof *p);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Payload, payload_clear)

static gboolean
ensure_sodium (GError **error)
{
  /* sodium_init is thread-safe and returns 1 once it has already run. */
  if (sodium_init () >= 0)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
               _("The signature library could not start, so nothing can be signed or "
                 "verified."));
  return FALSE;
}

static gboolean
is_leader (McRole role)
{
  return role == MC_ROLE_VICE_CHAIRMAN || role == MC_ROLE_CHAIRMAN;
}

static char *
to_hex (const guchar *bytes, gsize n)
{
  char *hex = g_malloc (n * 2 + 1);

  return sodium_bin2hex (hex, n * 2 + 1, bytes, n);
}


/* ---- The canonical digest ---- */

static void
append_field (GString *text, const char *name, const char *value)
{
  g_string_append (text, name);
  g_string_append (text, ": ");
  for (const char *p = value ? value : ""; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (text, "\\\\"); break;
      case '\n': g_string_append (text, "\\n"); break;
      case '\r': g_string_append (text, "\\r"); break;
      default:   g_string_append_c (text, *p); break;
      }
  g_string_append_c (text, '\n');
}

static void
append_number (GString *text, const char *name, gint64 value)
{
  g_string_append_printf (text, "%s: %" G_GINT64_FORMAT "\n", name, value);
}

static void
payload_digest (const Payload *p, guchar digest[DIGEST_BYTES])
{
  g_autoptr(GString) text = g_string_new (DIGEST_HEADER "\n");

  append_field (text, "code", p->code);
  append_field (text, "procedure", p->procedure_code);
  append_field (text, "applicant", p->applicant_name);
  append_field (text, "applicant-id", p->applicant_id);
  append_field (text, "result", p->result);
  if (p->appointment == MC_TIME_NONE)
    append_field (text, "appointment", "-");
  else
    append_number (text, "appointment", p->appointment);
  append_number (text, "signed-at", p->signed_at);
  append_number (text, "signer", p->officer_id);
  append_number (text, "key", p->key_id);
  g_string_append_printf (text, "audit: %" G_GINT64_FORMAT " %s\n", p->audit_id, p->audit_hash);
  crypto_hash_sha256 (digest, (const guchar *) text->str, text->len);
}

/* The signed fields of D as it is now (signing time, signer, key and audit record left out). */
static void
payload_from_dossier (Payload *p, const McDossier *d)
{
  p->code = g_strdup (d->code);
  p->procedure_code = g_strdup (d->procedure_code ? d->procedure_code : "");
  p->applicant_name = g_strdup (d->applicant_name ? d->applicant_name : "");
  p->applicant_id = g_strdup (d->applicant_id_number ? d->applicant_id_number : "");
  p->result = g_strdup (d->result ? d->result : "");
  p->appointment = d->due_at;
}

/* ---- Keys ---- */

static gboolean
no_memory (GError **error)
{
  g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
               _("There was not enough memory to protect the signing key; close other "
                 "programs and try again."));
  return FALSE;
}

static gboolean
derive_key (const char *password, const guchar *salt, gint64 ops, gint64 mem, guchar *key,
            GError **error)
{
  if (ops <= 0 || mem <= 0 ||
      crypto_pwhash (key, crypto_secretbox_KEYBYTES, password, strlen (password), salt,
                     (unsigned long long) ops, (size_t) mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return no_memory (error);
  return TRUE;
}

/* Encrypts SECRET_KEY under PASSWORD into K (new salt and nonce). */
static gboolean
seal_secret (const guchar *secret_key, const char *password, KeyRow *k, GError **error)
{
  guchar *key = sodium_malloc (crypto_secretbox_KEYBYTES);
  gboolean ok;

  if (key == NULL)
    return no_memory (error);
  randombytes_buf (k->salt, sizeof k->salt);
  randombytes_buf (k->nonce, sizeof k->nonce);
  k->ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  k->mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  ok = derive_key (password, k->salt, k->ops, k->mem, key, error);
  if (ok)
    crypto_secretbox_easy (k->sealed, secret_key, crypto_sign_SECRETKEYBYTES, k->nonce, key);
  sodium_free (key);
  return ok;
}

/* Decrypts K's secret key with PASSWORD into SECRET_KEY; a wrong password is
 * MC_ERROR_PERMISSION. A secret that does not belong to the public key beside it (rows
 * swapped in the database) is refused the same way as a damaged one. */
static gboolean
open_secret (const KeyRow *k, const char *password, guchar *secret_key, GError **error)
{
  guchar *key = sodium_malloc (crypto_secretbox_KEYBYTES);
  guchar public_key[crypto_sign_PUBLICKEYBYTES];
  gboolean ok;

  if (key == NULL)
    return no_memory (error);
  ok = derive_key (password ? password : "", k->salt, k->ops, k->mem, key, error);
  if (ok && crypto_secretbox_open_easy (secret_key, k->sealed, sizeof k->sealed, k->nonce,
                                        key) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("The password is wrong, so nothing was signed."));
      ok = FALSE;
    }
  sodium_free (key);
  if (!ok)
    return FALSE;
  crypto_sign_ed25519_sk_to_pk (public_key, secret_key);
  if (sodium_memcmp (public_key, k->public_key, sizeof public_key) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                   _("The stored signing key does not match its public part: it was changed "
                     "outside the program. Ask the administrator to revoke it."));
      return FALSE;
    }
  return TRUE;
}

#define KEY_COLUMNS "id, officer_id, public_key, encrypted_secret, salt, nonce, kdf_ops, " \
                    "kdf_mem, retired_at, revoked_at, audit_id"

static int
load_usable_key (McStore *store, gint64 officer_id, KeyRow *k, GError **error)
{
  return mc_store_load_usable_key (store, officer_id, k, error);
}

static int
load_key_by_id (McStore *store, gint64 key_id, KeyRow *k, GError **error)
{
  return mc_store_load_key (store, key_id, k, error);
}

/* The latest revocation among the officer's keys, MC_TIME_NONE when none was ever revoked;
 * *any_key says whether the officer ever had a key. */
static gboolean
key_history (McStore *store, gint64 officer_id, gboolean *any_key, McTime *revoked_at,
             GError **error)
{
  return mc_store_key_history (store, officer_id, any_key, revoked_at, error);
}

static gint64
last_audit_id (McStore *store)
{
  g_autofree char *hash = NULL;
  gint64 id = 0;

  mc_audit_last_record (store, &id, &hash, NULL);
  return id;
}

/* Retires the officer's key in use (if any), in the caller's transaction. */
static gboolean
retire_keys (McStore *store, gint64 actor_id, gint64 officer_id, GError **error)
{
  gint64 changed = mc_store_retire_keys (store, officer_id, mc_store_now (store), error);

  if (changed < 0)
    return FALSE;
  if (changed == 0)
    return TRUE;
  return mc_audit_append (store, actor_id, "signing_key.retire", "officer", officer_id, NULL,
                          error);
}

/* Its public key is named in the audit record of its creation, which the verification reads. */
static gboolean
insert_key (McStore *store, gint64 actor_id, KeyRow *k, GError **error)
{
  g_autofree char *public_hex = to_hex (k->public_key, sizeof k->public_key);
  g_autofree char *details = g_strdup_printf ("public key %s", public_hex);

  if (!mc_audit_append (store, actor_id, "signing_key.create", "officer", k->officer_id, details,
                        error))
    return FALSE;
  k->audit_id = last_audit_id (store);
  k->id = mc_store_insert_key (store, k, mc_store_now (store), error);
  return k->id != 0;
}

gboolean
mc_signature_issue_key (McStore *store, gint64 actor_id, gint64 officer_id, const char *password,
                        GError **error)
{
  guchar *secret_key;
  KeyRow k = { .officer_id = officer_id };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (secret_key == NULL)
    return no_memory (error);
  crypto_sign_keypair (k.public_key, secret_key);
  ok = seal_secret (secret_key, password, &k, error);
  sodium_free (secret_key);
  if (!ok || !mc_store_begin (store, error))
    return FALSE;
  if (!retire_keys (store, actor_id, officer_id, error) ||
      !insert_key (store, actor_id, &k, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

static McRole
officer_role (McStore *store, gint64 officer_id)
{
  g_autoptr(McOfficer) officer = mc_store_get_officer (store, officer_id, NULL);

  return officer != NULL ? officer->role : 0;
}

/* K sealed again under NEW_PASSWORD, in the caller's transaction. */
static gboolean
reseal_key (McStore *store, gint64 actor_id, KeyRow *k, const guchar *secret_key,
            const char *new_password, GError **error)
{
  if (!seal_secret (secret_key, new_password, k, error))
    return FALSE;
  return mc_store_update_key_seal (store, k, error) &&
         mc_audit_append (store, actor_id, "signing_key.reencrypt", "officer", k->officer_id,
                          NULL, error);
}

gboolean
mc_signature_rekey (McStore *store, gint64 actor_id, gint64 officer_id, const char *old_password,
                    const char *new_password, GError **error)
{
  KeyRow k = { 0 };
  gboolean leader, any_key = FALSE;
  McTime revoked_at = MC_TIME_NONE;
  int found;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (new_password != NULL, FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  leader = is_leader (officer_role (store, officer_id));
  found = load_usable_key (store, officer_id, &k, error);
  if (found < 0)
    return FALSE;

  if (found > 0 && old_password != NULL)
    {
      guchar *secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
      g_autoptr(GError) local_error = NULL;
      gboolean opened, ok = FALSE;

      if (secret_key == NULL)
        return no_memory (error);
      opened = open_secret (&k, old_password, secret_key, &local_error);
      if (opened)
        ok = reseal_key (store, actor_id, &k, secret_key, new_password, error);
      sodium_free (secret_key);
      if (opened)
        return ok;
      /* Only a wrong password falls through to a new key; a failure to derive is reported. */
      if (!g_error_matches (local_error, MC_ERROR, MC_ERROR_PERMISSION) &&
          !g_error_matches (local_error, MC_ERROR, MC_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  /* The key in use cannot be opened (an administrator's reset): it is retired, and a leader gets
   * a new one. Without a key in use, a new one is given only by an administrator or to a leader
   * who never had one: otherwise changing one's own password would undo a revocation. */
  if (found == 0)
    {
      if (!key_history (store, officer_id, &any_key, &revoked_at, error))
        return FALSE;
      if (any_key && mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
        return TRUE;
    }
  if (leader)
    return mc_signature_issue_key (store, actor_id, officer_id, new_password, error);
  return found == 0 || retire_keys (store, actor_id, officer_id, error);
}

gboolean
mc_signature_revoke (McStore *store, gint64 actor_id, gint64 officer_id, McTime at,
                     const char *reason, GError **error)
{
  g_autoptr(McOfficer) officer = NULL;
  g_autofree char *when = NULL;
  g_autofree char *details = NULL;
  gint64 changed;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can revoke a signing key."));
      return FALSE;
    }
  officer = mc_store_get_officer (store, officer_id, error);
  if (officer == NULL)
    return FALSE;
  if (at == 0)
    at = mc_store_now (store);
  if (at > mc_store_now (store))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A signing key is revoked from now or from a moment already past, not "
                     "from a moment to come."));
      return FALSE;
    }
  if (reason != NULL && !g_utf8_validate (reason, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The reason for revoking the key is not valid text."));
      return FALSE;
    }

  if (!mc_store_begin (store, error))
    return FALSE;
  changed = mc_store_revoke_keys (store, officer_id, at, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("%s has no signing key left to revoke."), officer->name);
      goto fail;
    }
  when = mc_time_to_iso (at);
  details = g_strdup_printf ("%s: from %s%s%s", officer->name, when,
                             reason != NULL && reason[0] ? "; " : "", reason ? reason : "");
  if (!mc_audit_append (store, actor_id, "signing_key.revoke", "officer", officer_id, details,
                        error))
    goto fail;
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}

/* ---- Signing ---- */

void
mc_signer_free (McSigner *signer)
{
  if (signer == NULL)
    return;
  sodium_free (signer->secret_key);
  g_free (signer);
}

/* TRUE when PASSWORD is the account password of OFFICER_ID. */
static gboolean
account_password_matches (McStore *store, gint64 officer_id, const char *password,
                          gboolean *has_account, GError **error)
{
  g_auto(McStoreAccount) account = { 0 };

  *has_account = FALSE;
  if (!mc_store_get_account (store, officer_id, &account, error))
    return FALSE;
  *has_account = account.password_hash != NULL && account.password_hash[0] != '\0';
  return *has_account &&
         crypto_pwhash_str_verify (account.password_hash, password, strlen (password)) == 0;
}

/* Why OFFICER cannot sign when no key is in use: revoked, retired, or none yet and the password
 * does not open the account. On a right password for a leader without any key, issues one and
 * returns 1; 0 with ERROR set otherwise, -1 on a store error. */
static int
first_key_or_refuse (McStore *store, const McOfficer *officer, const char *password,
                     GError **error)
{
  gboolean any_key = FALSE, has_account = FALSE;
  McTime revoked_at = MC_TIME_NONE;

  if (!key_history (store, officer->id, &any_key, &revoked_at, error))
    return -1;
  if (revoked_at != MC_TIME_NONE)
    {
      g_autofree char *when = mc_format_time (revoked_at);

      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("The signing key of %s was revoked from %s, so they cannot sign; the "
                     "administrator gives a new key by resetting the password."),
                   officer->name, when);
      return 0;
    }
  if (any_key)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("%s has no signing key in use; the administrator gives a new key by "
                     "resetting the password."), officer->name);
      return 0;
    }
  if (!account_password_matches (store, officer->id, password, &has_account, error))
    {
      if (!has_account)
        g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                     _("%s has no sign-in account, so no signing key; ask the administrator "
                       "to give them one."), officer->name);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                     _("The password is wrong, so nothing was signed."));
      return 0;
    }
  return mc_signature_issue_key (store, officer->id, officer->id, password, error) ? 1 : -1;
}

McSigner *
mc_signature_unlock (McStore *store, gint64 officer_id, const char *password, GError **error)
{
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McSigner) signer = NULL;
  KeyRow k = { 0 };
  int found;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!ensure_sodium (error))
    return NULL;
  officer = mc_store_get_officer (store, officer_id, error);
  if (officer == NULL)
    return NULL;
  if (!officer->active || !is_leader (officer->role))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an active vice-chairman or chairman can sign dossiers."));
      return NULL;
    }
  if (password == NULL || password[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Give your password to sign: the signature is made with it."));
      return NULL;
    }

  found = load_usable_key (store, officer_id, &k, error);
  if (found == 0)
    {
      found = first_key_or_refuse (store, officer, password, error);
      if (found > 0)
        found = load_usable_key (store, officer_id, &k, error);
    }
  if (found <= 0)
    return NULL;

  signer = g_new0 (McSigner, 1);
  signer->officer_id = officer_id;
  signer->key_id = k.id;
  signer->secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (signer->secret_key == NULL)
    {
      no_memory (error);
      return NULL;
    }
  if (!open_secret (&k, password, signer->secret_key, error))
    return NULL;
  return g_steal_pointer (&signer);
}

gint64
mc_signature_write (McStore *store, McSigner *signer, gint64 dossier_id, McTime at,
                    GError **error)
{
  g_autoptr(McDossier) d = NULL;
  g_auto(Payload) p = { 0 };
  g_autofree char *digest_hex = NULL;
  g_autofree char *details = NULL;
  guchar digest[DIGEST_BYTES];
  guchar sig[crypto_sign_BYTES];
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), 0);
  g_return_val_if_fail (signer != NULL, 0);
  g_return_val_if_fail (mc_store_in_transaction (store), 0);

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return 0;
  payload_from_dossier (&p, d);
  p.signed_at = at;
  p.officer_id = signer->officer_id;
  p.key_id = signer->key_id;

  if (!mc_audit_last_record (store, &p.audit_id, &p.audit_hash, error))
    return 0;

  payload_digest (&p, digest);
  crypto_sign_detached (sig, NULL, digest, sizeof digest, signer->secret_key);
  digest_hex = to_hex (digest, sizeof digest);

  {
    McStoreSignature row = {
      .dossier_id = dossier_id, .officer_id = p.officer_id, .key_id = p.key_id,
      .signed_at = p.signed_at, .audit_id = p.audit_id, .audit_hash = p.audit_hash,
      .code = p.code, .procedure_code = p.procedure_code, .applicant_name = p.applicant_name,
      .applicant_id = p.applicant_id, .result = p.result, .appointment = p.appointment,
      .digest_hex = digest_hex,
    };

    memcpy (row.signature, sig, sizeof sig);
    id = mc_store_insert_signature (store, &row, error);
    if (id == 0)
      return 0;
  }

  details = g_strdup_printf ("%s: signature %" G_GINT64_FORMAT ", key %" G_GINT64_FORMAT
                             ", digest %s", p.code, id, p.key_id, digest_hex);
  if (!mc_audit_append (store, p.officer_id, "signature.create", "dossier", dossier_id, details,
                        error))
    return 0;
  return id;
}

/* ---- Verification ---- */

void
mc_signature_check_free (McSignatureCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->dossier_code);
  g_free (check->officer_name);
  g_free (check->officer_title);
  g_free (check->verdict);
  g_free (check);
}

/* A signature as stored. */
typedef struct {
  gint64  id;
  gint64  dossier_id;
  Payload signed_fields;
  char   *digest_hex;
  guchar  sig[crypto_sign_BYTES];
  gboolean sig_intact;
} SignatureRow;

static void
signature_row_clear (SignatureRow *s)
{
  payload_clear (&s->signed_fields);
  g_free (s->digest_hex);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignatureRow, signature_row_clear)

static gboolean
load_signature (McStore *store, gint64 signature_id, SignatureRow *s, GError **error)
{
  g_auto(McStoreSignature) row = { 0 };
  Payload *p = &s->signed_fields;

  if (!mc_store_load_signature (store, signature_id, &row, error))
    return FALSE;
  s->id = signature_id;
  s->dossier_id = row.dossier_id;
  p->officer_id = row.officer_id;
  p->key_id = row.key_id;
  p->signed_at = row.signed_at;
  p->audit_id = row.audit_id;
  p->audit_hash = g_steal_pointer (&row.audit_hash);
  p->code = g_steal_pointer (&row.code);
  p->procedure_code = g_steal_pointer (&row.procedure_code);
  p->applicant_name = g_steal_pointer (&row.applicant_name);
  p->applicant_id = g_steal_pointer (&row.applicant_id);
  p->result = g_steal_pointer (&row.result);
  p->appointment = row.appointment;
  s->digest_hex = g_steal_pointer (&row.digest_hex);
  s->sig_intact = row.signature_intact;
  memcpy (s->sig, row.signature, sizeof s->sig);
  return TRUE;
}

/* The latest signature of a dossier, 0 when none (error unset) or on error. */
static gint64
latest_signature_id (McStore *store, gint64 dossier_id, GError **error)
{
  return mc_store_latest_signature_id (store, dossier_id, error);
}

/* The key's public part as named in the audit record of its creation, for that officer. */
static gboolean
key_matches_audit (McStore *store, const KeyRow *k)
{
  g_autofree char *public_hex = to_hex (k->public_key, sizeof k->public_key);
  g_autofree char *expected = g_strdup_printf ("public key %s", public_hex);
  g_autofree char *details = mc_store_audit_details (store, k->audit_id, "signing_key.create",
                                                     "officer", k->officer_id);

  return g_strcmp0 (details, expected) == 0;
}

static char *
appointment_text (McTime t)
{
  return t == MC_TIME_NONE ? g_strdup (_("none")) : mc_time_to_iso (t);
}

static void
describe_change (GString *changes, const char *what, const char *was, const char *now_value)
{
  if (g_strcmp0 (was, now_value) == 0)
    return;
  if (changes->len > 0)
    g_string_append (changes, "; ");
  /* TRANSLATORS: WHAT (e.g. "the applicant") was "A" when signed, now "B". */
  g_string_append_printf (changes, _("%s was “%s” when signed, now “%s”"), what, was, now_value);
}

/* What differs between the fields as signed and as they are now; NULL when nothing does. */
static char *
describe_changes (const Payload *was, const Payload *now_p)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autofree char *due_was = appointment_text (was->appointment);
  g_autofree char *due_now = appointment_text (now_p->appointment);

  describe_change (changes, _("the dossier code"), was->code, now_p->code);
  describe_change (changes, _("the procedure"), was->procedure_code, now_p->procedure_code);
  describe_change (changes, _("the applicant"), was->applicant_name, now_p->applicant_name);
  describe_change (changes, _("the applicant’s ID number"), was->applicant_id,
                   now_p->applicant_id);
  describe_change (changes, _("the result"), was->result, now_p->result);
  describe_change (changes, _("the appointment"), due_was, due_now);
  return changes->len > 0 ? g_string_free (g_steal_pointer (&changes), FALSE) : NULL;
}

/* The verdict on one stored signature. */
static McSignatureCheck *
check_signature (McStore *store, gint64 signature_id, GError **error)
{
  g_auto(SignatureRow) s = { 0 };
  g_auto(Payload) current = { 0 };
  g_autoptr(McSignatureCheck) check = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *signed_when = NULL;
  Payload *signed_fields = &s.signed_fields;
  guchar digest[DIGEST_BYTES], stored_digest[DIGEST_BYTES];
  gboolean digest_ok;
  KeyRow k = { 0 };
  int found;

  if (!ensure_sodium (error) || !load_signature (store, signature_id, &s, error))
    return NULL;
  d = mc_store_get_dossier (store, s.dossier_id, error);
  if (d == NULL)
    return NULL;
  officer = mc_store_get_officer (store, signed_fields->officer_id, error);
  if (officer == NULL)
    return NULL;

  check = g_new0 (McSignatureCheck, 1);
  check->signature_id = signature_id;
  check->dossier_id = d->id;
  check->dossier_code = g_strdup (d->code);
  check->officer_id = officer->id;
  check->officer_name = g_strdup (officer->name);
  check->officer_title = g_strdup (officer->title != NULL && officer->title[0] != '\0'
                                   ? officer->title : mc_role_to_string (officer->role));
  check->officer_role = officer->role;
  check->signed_at = signed_fields->signed_at;
  check->revoked_at = MC_TIME_NONE;

  /* A key that is gone or damaged leaves the signature unverifiable, hence invalid. */
  found = load_key_by_id (store, signed_fields->key_id, &k, NULL);
  if (found > 0)
    check->revoked_at = k.revoked_at;

  payload_digest (signed_fields, digest);
  digest_ok = sodium_hex2bin (stored_digest, sizeof stored_digest, s.digest_hex,
                              strlen (s.digest_hex), NULL, NULL, NULL) == 0 &&
              sodium_memcmp (digest, stored_digest, sizeof digest) == 0;
  payload_from_dossier (&current, d);
  /* As a person reads times (dd/mm/yyyy in Vietnamese): the badge shows this sentence. */
  signed_when = mc_format_time (check->signed_at);

  if (!digest_ok)
    check->verdict = g_strdup_printf (_("The signature record of dossier %s was altered in the "
                                        "database: its fields no longer give the digest that "
                                        "was signed."), d->code);
  else if (found <= 0 || !s.sig_intact || k.officer_id != officer->id ||
           crypto_sign_verify_detached (s.sig, digest, sizeof digest, k.public_key) != 0)
    check->verdict = g_strdup_printf (_("The signature of dossier %s does not match what was "
                                        "signed: it was altered or forged."), d->code);
  else if (!key_matches_audit (store, &k))
    check->verdict = g_strdup_printf (_("The signing key of %s was replaced in the database, "
                                        "so the signature of dossier %s cannot be trusted."),
                                      officer->name, d->code);
  else if ((changes = describe_changes (signed_fields, &current)) != NULL)
    check->verdict = g_strdup_printf (_("Dossier %s was changed after it was signed: %s."),
                                      d->code, changes);
  else if (!mc_audit_record_matches (store, signed_fields->audit_id, signed_fields->audit_hash))
    check->verdict = g_strdup_printf (_("The audit record no. %lld that the signature of "
                                        "dossier %s follows was changed or deleted."),
                                      (long long) signed_fields->audit_id, d->code);
  else if (k.revoked_at != MC_TIME_NONE && k.revoked_at <= signed_fields->signed_at)
    {
      g_autofree char *revoked_when = mc_format_time (k.revoked_at);

      check->verdict = g_strdup_printf (_("The signing key of %s was revoked from %s, before "
                                          "dossier %s was signed at %s, so the signature is "
                                          "not valid."),
                                        officer->name, revoked_when, d->code, signed_when);
    }
  else
    {
      check->valid = TRUE;
      check->verdict = g_strdup_printf (_("Signed by %s (%s) at %s."), officer->name,
                                        check->officer_title, signed_when);
      if (k.revoked_at != MC_TIME_NONE)
        {
          g_autofree char *revoked_when = mc_format_time (k.revoked_at);
          g_autofree char *sentence = check->verdict;

          check->verdict = g_strdup_printf (_("%s The key was revoked from %s, after this "
                                              "signature, which stays valid."),
                                            sentence, revoked_when);
        }
    }
  return g_steal_pointer (&check);
}

McSignatureCheck *
mc_signature_check_dossier (McStore *store, gint64 dossier_id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McDossier) d = NULL;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return NULL;
  id = latest_signature_id (store, dossier_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (id == 0)
    {
      if (d->signer_id != 0 || d->step == MC_STEP_SIGNED)
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("Dossier %s is recorded as signed but carries no verifiable signature "
                       "(it was signed before signatures were kept, or imported)."), d->code);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("Dossier %s has not been signed."), d->code);
      return NULL;
    }
  return check_signature (store, id, error);
}

McSignatureCheck *
mc_signature_check_code (McStore *store, const char *code, GError **error)
{
  g_autoptr(McDossier) d = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  d = mc_store_find_dossier (store, code, error);
  if (d == NULL)
    return NULL;
  return mc_signature_check_dossier (store, d->id, error);
}

/* ---- QR codes ---- */

char *
mc_signature_qr_text (McStore *store, gint64 dossier_id, GError **error)
{
  g_auto(SignatureRow) s = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sig64 = NULL;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  id = latest_signature_id (store, dossier_id, &local_error);
  if (id == 0)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("The dossier no. %lld has not been signed."), (long long) dossier_id);
      return NULL;
    }
  if (!load_signature (store, id, &s, error))
    return NULL;
  sig64 = g_base64_encode (s.sig, sizeof s.sig);
  return g_strdup_printf (QR_PREFIX "|%s|%" G_GINT64_FORMAT "|%s", s.signed_fields.code, id,
                          sig64);
}

McSignatureCheck *
mc_signature_check_qr (McStore *store, const char *text, GError **error)
{
  g_autofree char *clean = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *sig = NULL;
  g_auto(SignatureRow) s = { 0 };
  g_autoptr(McSignatureCheck) check = NULL;
  guint64 id = 0;
  gsize sig_len = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  /* Readers may add a line end; the code itself never holds spaces or '|'. */
  clean = g_strstrip (g_strdup (text ? text : ""));
  if (g_utf8_validate (clean, -1, NULL))
    parts = g_strsplit (clean, "|", -1);
  if (parts != NULL && g_strv_length (parts) == 4 && parts[3][0] != '\0')
    sig = g_base64_decode (parts[3], &sig_len);
  if (sig == NULL || sig_len != crypto_sign_BYTES || !g_str_equal (parts[0], QR_PREFIX) ||
      parts[1][0] == '\0' ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This QR code does not hold a signature of Một Cửa."));
      return NULL;
    }

  check = check_signature (store, (gint64) id, error);
  if (check == NULL || !load_signature (store, (gint64) id, &s, error))
    return NULL;
  if (!g_str_equal (parts[1], s.signed_fields.code) || !s.sig_intact ||
      sodium_memcmp (sig, s.sig, crypto_sign_BYTES) != 0)
    {
      check->valid = FALSE;
      g_free (check->verdict);
      check->verdict = g_strdup_printf (_("The QR code for dossier %s does not match the "
                                          "signature recorded for dossier %s: the printed page "
                                          "was altered or is not from this office."),
                                        parts[1], s.signed_fields.code);
    }
  return g_steal_pointer (&check);
}

GBytes *
mc_signature_qr_matrix (const char *text, int *width, GError **error)
{
  QRcode *qr;
  guchar *modules;
  gsize n;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (width != NULL, NULL);

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   errno == ERANGE ? _("The text is too long for a QR code.")
                                   : _("The QR code could not be made."));
      return NULL;
    }
  n = (gsize) qr->width * (gsize) qr->width;
  modules = g_malloc (n);
  /* Bit 0 of each of libqrencode's bytes is the module's colour; the others say how it was
   * made. */
  for (gsize i = 0; i < n; i++)
    modules[i] = qr->data[i] & 1;
  *width = qr->width;
  QRcode_free (qr);
  return g_bytes_new_take (modules, n);
}

/* ---- The signature block ---- */

char **
mc_signature_delegation (McRole role)
{
  GStrvBuilder *builder;
  char **lines;

  if (!is_leader (role))
    return NULL;
  builder = g_strv_builder_new ();
  /* The same words as the report layer's block (mc-report.c), translated there as in law. */
  if (role == MC_ROLE_VICE_CHAIRMAN)
    {
      g_strv_builder_add (builder, _("FOR THE CHAIRMAN"));
      g_strv_builder_add (builder, _("VICE-CHAIRMAN"));
    }
  else
    {
      g_strv_builder_add (builder, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"));
      g_strv_builder_add (builder, _("CHAIRMAN"));
    }
  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return lines;
}
