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

/* The canonical text of each digest version (mc-signature.h): 1 before the result's files were
 * covered (schema 19), still verified as it was. */
#define DIGEST_HEADER_1 "motcua-signature-1"
#define DIGEST_HEADER_2 "motcua-signature-2"
#define DIGEST_VERSION 2
#define QR_PREFIX "MC1"
#define CONFIRMATION_HEADER "motcua-key-confirmation-1"
#define DIGEST_BYTES crypto_hash_sha256_BYTES
#define SEALED_BYTES MC_STORE_SEALED_BYTES

struct _McSigner {
  gint64  officer_id;
  gint64  key_id;
  gboolean confirmed;
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
  int    version;             /* of the canonical text: 1 or 2 */
  char  *files;               /* version 2: "<attachment id> <SHA-256>\n" per result file */
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
  g_free (p->files);
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

/* The SHA-256 of the files of FILES ("<id> <hash>\n" lines), sorted; ID_OUT (may be NULL)
 * gets the attachment ids in the same order. */
static GPtrArray *
file_hashes (const char *files, GArray *ids_out)
{
  g_auto(GStrv) lines = g_strsplit (files != NULL ? files : "", "\n", -1);
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strchr (lines[i], ' ');

      if (lines[i][0] == '\0')
        continue;
      g_ptr_array_add (hashes, g_strdup (space != NULL ? space + 1 : lines[i]));
      if (ids_out != NULL)
        {
          gint64 id = g_ascii_strtoll (lines[i], NULL, 10);

          g_array_append_val (ids_out, id);
        }
    }
  return hashes;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
payload_digest (const Payload *p, guchar digest[DIGEST_BYTES])
{
  g_autoptr(GString) text = g_string_new (p->version >= 2 ? DIGEST_HEADER_2 "\n"
                                                          : DIGEST_HEADER_1 "\n");

  append_field (text, "code", p->code);
  append_field (text, "procedure", p->procedure_code);
  append_field (text, "applicant", p->applicant_name);
  append_field (text, "applicant-id", p->applicant_id);
  append_field (text, "result", p->result);
  if (p->appointment == MC_TIME_NONE)
    append_field (text, "appointment", "-");
  else
    append_number (text, "appointment", p->appointment);
  if (p->version >= 2)
    {
      g_autoptr(GPtrArray) hashes = file_hashes (p->files, NULL);

      /* Sorted here, whatever order they were stored in: the text is canonical. */
      g_ptr_array_sort (hashes, compare_strings);
      for (guint i = 0; i < hashes->len; i++)
        append_field (text, "result-file", g_ptr_array_index (hashes, i));
    }
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
  gboolean any_key = FALSE, ok;
  McTime revoked_at = MC_TIME_NONE;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  /* Whoever makes a key knows the password it is sealed under: only its holder may. */
  if (actor_id != officer_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("A signing key is made only by the leader who holds it, from their own "
                     "password, when they sign in."));
      return FALSE;
    }
  if (!ensure_sodium (error) || !key_history (store, officer_id, &any_key, &revoked_at, error))
    return FALSE;
  k.after_reset = any_key;
  secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (secret_key == NULL)
    return no_memory (error);
  crypto_sign_keypair (k.public_key, secret_key);
  ok = seal_secret (secret_key, password, &k, error);
  sodium_free (secret_key);
  if (!ok || !mc_store_begin (store, error))
    return FALSE;
  if (!retire_keys (store, actor_id, officer_id, error) ||
      !insert_key (store, actor_id, &k, error) ||
      !mc_store_set_key_pending (store, officer_id, FALSE, error))
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
  gboolean leader;
  int found;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (new_password != NULL, FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  leader = is_leader (officer_role (store, officer_id));
  found = load_usable_key (store, officer_id, &k, error);
  if (found < 0)
    return FALSE;

  /* The holder's own change: the same key, sealed under the new password. */
  if (actor_id == officer_id && found > 0 && old_password != NULL)
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
      if (!g_error_matches (local_error, MC_ERROR, MC_ERROR_PERMISSION) &&
          !g_error_matches (local_error, MC_ERROR, MC_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (actor_id == officer_id)
    return TRUE;

  /* An administrator's reset: the key in use is retired (its past signatures stay valid) and
   * no key is made, since the administrator knows the new password. The leader's next sign-in
   * makes one from the password the leader then holds, valid once confirmed. */
  if (found > 0 && !retire_keys (store, actor_id, officer_id, error))
    return FALSE;
  return !leader || mc_store_set_key_pending (store, officer_id, TRUE, error);
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
  /* A revoked leader gets a key again only through an administrator's reset. */
  if (!mc_store_set_key_pending (store, officer_id, FALSE, error))
    goto fail;
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

gboolean
mc_signature_ensure_key (McStore *store, gint64 officer_id, const char *password,
                         gboolean *issued, GError **error)
{
  g_auto(McStoreAccount) account = { 0 };
  KeyRow k = { 0 };
  gboolean any_key = FALSE;
  McTime revoked_at = MC_TIME_NONE;
  int found;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (issued != NULL)
    *issued = FALSE;
  if (!mc_store_get_account (store, officer_id, &account, error))
    return FALSE;
  if (!account.active || !is_leader (account.role) || password == NULL || password[0] == '\0')
    return TRUE;
  found = load_usable_key (store, officer_id, &k, error);
  if (found != 0)
    return found > 0;
  if (!key_history (store, officer_id, &any_key, &revoked_at, error))
    return FALSE;
  /* A first key, or the first sign-in after an administrator's reset; a revoked leader waits
   * for that reset. */
  if (any_key && !account.key_pending)
    return TRUE;
  if (!mc_signature_issue_key (store, officer_id, officer_id, password, error))
    return FALSE;
  if (issued != NULL)
    *issued = TRUE;
  return TRUE;
}

/* Why OFFICER has no key in use to sign with, as ERROR; -1 on a store error, 0 otherwise. */
static int
refuse_without_key (McStore *store, const McOfficer *officer, GError **error)
{
  gboolean any_key = FALSE;
  McTime revoked_at = MC_TIME_NONE;

  if (!key_history (store, officer->id, &any_key, &revoked_at, error))
    return -1;
  if (revoked_at != MC_TIME_NONE)
    {
      g_autofree char *when = mc_format_time (revoked_at);

      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("The signing key of %s was revoked from %s, so they cannot sign; after the "
                     "administrator resets the password, their next sign-in makes a new key."),
                   officer->name, when);
      return 0;
    }
  g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
               _("%s has no signing key in use; the administrator resets the password, and "
                 "the next sign-in makes a new key."), officer->name);
  return 0;
}

static McSigner *
unlock (McStore *store, gint64 officer_id, const char *password, gboolean require_confirmed,
        GError **error)
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
      gboolean has_account = FALSE, issued = FALSE;

      /* The key a sign-in would have made (a leader who signs without signing in first). */
      if (!account_password_matches (store, officer_id, password, &has_account, error))
        {
          if (error != NULL && *error != NULL)
            return NULL;
          if (!has_account)
            g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                         _("%s has no sign-in account, so no signing key; ask the administrator "
                           "to give them one."), officer->name);
          else
            g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                         _("The password is wrong, so nothing was signed."));
          return NULL;
        }
      if (!mc_signature_ensure_key (store, officer_id, password, &issued, error))
        return NULL;
      found = load_usable_key (store, officer_id, &k, error);
      if (found == 0)
        found = refuse_without_key (store, officer, error);
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
  /* Checked once the password proved to be the holder's: a key nobody confirmed signs nothing. */
  signer->confirmed = k.confirmed_at != MC_TIME_NONE;
  if (require_confirmed && !signer->confirmed)
    {
      g_autofree char *fingerprint = mc_signature_fingerprint (k.public_key);

      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   officer->role == MC_ROLE_CHAIRMAN
                   ? _("Your signing key %s has not been confirmed yet, so it cannot sign: a "
                       "vice-chairman confirms it (motcua-cli signature confirm %s).")
                   : _("Your signing key %s has not been confirmed yet, so it cannot sign: the "
                       "chairman confirms it (motcua-cli signature confirm %s)."),
                   fingerprint, officer->username ? officer->username : "");
      return NULL;
    }
  return g_steal_pointer (&signer);
}

McSigner *
mc_signature_unlock (McStore *store, gint64 officer_id, const char *password, GError **error)
{
  return unlock (store, officer_id, password, TRUE, error);
}

static int write_version = DIGEST_VERSION;

void
mc_signature_testing_set_version (int version)
{
  write_version = version > 0 ? version : DIGEST_VERSION;
}

/* The current result files of DOSSIER_ID as signature.result_files stores them, by SHA-256. */
static char *
current_result_files (McStore *store, gint64 dossier_id, GError **error)
{
  g_autoptr(GPtrArray) list = mc_store_list_attachments (store, dossier_id, FALSE, error);
  g_autoptr(GPtrArray) lines = NULL;
  GString *text;

  if (list == NULL)
    return NULL;
  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < list->len; i++)
    {
      const McAttachment *a = g_ptr_array_index (list, i);

      if (a->position == MC_ATTACHMENT_RESULT)
        g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GINT64_FORMAT, a->hash, a->id));
    }
  g_ptr_array_sort (lines, compare_strings);
  text = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *space = strchr (line, ' ');

      g_string_append_printf (text, "%s %.*s\n", space + 1, (int) (space - line), line);
    }
  return g_string_free (text, FALSE);
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
  p.version = write_version;
  if (p.version >= 2)
    {
      p.files = current_result_files (store, dossier_id, error);
      if (p.files == NULL)
        return 0;
    }

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
      .digest_hex = digest_hex, .digest_version = p.version, .result_files = p.files,
    };

    memcpy (row.signature, sig, sizeof sig);
    id = mc_store_insert_signature (store, &row, error);
    if (id == 0)
      return 0;
  }

  {
    g_autoptr(GPtrArray) hashes = file_hashes (p.files, NULL);

    details = g_strdup_printf ("%s: signature %" G_GINT64_FORMAT ", key %" G_GINT64_FORMAT
                               ", digest %s, version %d, %u result files", p.code, id, p.key_id,
                               digest_hex, p.version, hashes->len);
  }
  if (!mc_audit_append (store, p.officer_id, "signature.create", "dossier", dossier_id, details,
                        error))
    return 0;
  return id;
}

/* ---- Fingerprints and confirmations ---- */

char *
mc_signature_fingerprint (const guchar *public_key)
{
  guchar hash[crypto_hash_sha256_BYTES];
  char hex[sizeof hash * 2 + 1];
  GString *text = g_string_new (NULL);

  /* The first 8 bytes of the SHA-256 of the public key, in groups of 4 hex digits: short
   * enough to read aloud on the telephone, long enough that no second key shares it. */
  crypto_hash_sha256 (hash, public_key, crypto_sign_PUBLICKEYBYTES);
  sodium_bin2hex (hex, sizeof hex, hash, 8);
  for (int i = 0; i < 16; i += 4)
    g_string_append_printf (text, "%s%.4s", i ? "-" : "", hex + i);
  return g_string_free (text, FALSE);
}

/* The confirmation's canonical text (mc-signature.h), its SHA-256 in DIGEST. */
static void
confirmation_digest (const KeyRow *k, gint64 confirmer_id, gint64 confirmer_key_id, McTime at,
                     gint64 audit_id, guchar digest[DIGEST_BYTES])
{
  g_autofree char *public_hex = to_hex (k->public_key, sizeof k->public_key);
  g_autofree char *text = g_strdup_printf (CONFIRMATION_HEADER "\n"
                                           "key: %" G_GINT64_FORMAT "\n"
                                           "holder: %" G_GINT64_FORMAT "\n"
                                           "public-key: %s\n"
                                           "confirmer: %" G_GINT64_FORMAT "\n"
                                           "confirmer-key: %" G_GINT64_FORMAT "\n"
                                           "confirmed-at: %" G_GINT64_FORMAT "\n"
                                           "audit: %" G_GINT64_FORMAT "\n",
                                           k->id, k->officer_id, public_hex, confirmer_id,
                                           confirmer_key_id, at, audit_id);

  crypto_hash_sha256 (digest, (const guchar *) text, strlen (text));
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

/* Whether audit record ID is ACTION on officer OFFICER_ID. */
static gboolean
record_names (McStore *store, gint64 id, const char *action, gint64 officer_id)
{
  g_autofree char *details = mc_store_audit_details (store, id, action, "officer", officer_id);

  return details != NULL;
}

typedef enum {
  CONFIRMATION_NONE,
  CONFIRMATION_LEGACY,       /* made before confirmations existed */
  CONFIRMATION_VALID,
  CONFIRMATION_BROKEN,       /* altered, forged, or by a key that does not hold */
} ConfirmationState;

/* What a verification needs to know of a key, read once per key. */
typedef struct {
  KeyRow            k;
  gboolean          found;           /* there, and not damaged */
  gboolean          matches_audit;
  ConfirmationState confirmation;
  char             *fingerprint;
  char             *confirmer_name;
} KeyFacts;

static void
key_facts_free (KeyFacts *f)
{
  if (f == NULL)
    return;
  g_free (f->fingerprint);
  g_free (f->confirmer_name);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyFacts, key_facts_free)

static ConfirmationState
confirmation_state (McStore *store, const KeyRow *k)
{
  KeyRow c = { 0 };
  guchar digest[DIGEST_BYTES];

  if (k->confirmed_at == MC_TIME_NONE)
    return k->legacy ? CONFIRMATION_LEGACY : CONFIRMATION_NONE;
  if (!k->confirmation_intact || k->confirmed_by == 0 || k->confirmed_by == k->officer_id ||
      load_key_by_id (store, k->confirmer_key_id, &c, NULL) <= 0 ||
      c.officer_id != k->confirmed_by || !key_matches_audit (store, &c) ||
      (c.revoked_at != MC_TIME_NONE && c.revoked_at <= k->confirmed_at))
    return CONFIRMATION_BROKEN;
  if (!record_names (store, k->confirmed_audit_id, "signing_key.confirm", k->officer_id))
    return CONFIRMATION_BROKEN;
  confirmation_digest (k, k->confirmed_by, k->confirmer_key_id, k->confirmed_at,
                       k->confirmed_audit_id, digest);
  if (crypto_sign_verify_detached (k->confirmation, digest, sizeof digest, c.public_key) != 0)
    return CONFIRMATION_BROKEN;
  return CONFIRMATION_VALID;
}

static KeyFacts *
key_facts_new (McStore *store, gint64 key_id)
{
  KeyFacts *f = g_new0 (KeyFacts, 1);

  f->found = load_key_by_id (store, key_id, &f->k, NULL) > 0;
  if (!f->found)
    return f;
  f->matches_audit = key_matches_audit (store, &f->k);
  f->confirmation = confirmation_state (store, &f->k);
  f->fingerprint = mc_signature_fingerprint (f->k.public_key);
  if (f->k.confirmed_by != 0)
    {
      g_autoptr(McOfficer) confirmer = mc_store_get_officer (store, f->k.confirmed_by, NULL);

      f->confirmer_name = g_strdup (confirmer != NULL ? confirmer->name : "?");
    }
  return f;
}

gboolean
mc_signature_may_confirm (McRole actor_role, McRole holder_role)
{
  if (holder_role == MC_ROLE_CHAIRMAN)
    return actor_role == MC_ROLE_VICE_CHAIRMAN;
  return holder_role == MC_ROLE_VICE_CHAIRMAN && actor_role == MC_ROLE_CHAIRMAN;
}

gboolean
mc_signature_confirm_key (McStore *store, gint64 actor_id, gint64 officer_id,
                          const char *password, GError **error)
{
  g_autoptr(McOfficer) actor = NULL;
  g_autoptr(McOfficer) holder = NULL;
  g_autoptr(McSigner) signer = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *details = NULL;
  KeyRow k = { 0 };
  guchar digest[DIGEST_BYTES];
  gboolean any_confirmed = FALSE, bootstrap = FALSE;
  int found;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  actor = mc_store_get_officer (store, actor_id, error);
  if (actor == NULL)
    return FALSE;
  holder = mc_store_get_officer (store, officer_id, error);
  if (holder == NULL)
    return FALSE;
  if (actor_id == officer_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("No leader can confirm their own signing key: the chairman confirms the "
                     "vice-chairmen's, a vice-chairman the chairman's."));
      return FALSE;
    }
  if (!is_leader (holder->role))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("%s is not a vice-chairman or the chairman, so has no signing key to "
                     "confirm."), holder->name);
      return FALSE;
    }
  if (!actor->active || !mc_signature_may_confirm (actor->role, holder->role))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   holder->role == MC_ROLE_CHAIRMAN
                   ? _("Only a vice-chairman can confirm the chairman’s signing key.")
                   : _("Only the chairman can confirm a vice-chairman’s signing key."));
      return FALSE;
    }

  /* Slow (Argon2id): before the transaction. */
  signer = unlock (store, actor_id, password, FALSE, error);
  if (signer == NULL)
    return FALSE;
  if (!signer->confirmed)
    {
      KeyRow own = { 0 };

      /* Only the commune's first keys confirm one another; afterwards a key that nobody
       * confirmed cannot vouch for another, and a key made after a reset never can (an
       * administrator who resets every leader gets keys that cannot confirm each other). */
      if (!mc_store_any_confirmed_key (store, &any_confirmed, error) ||
          load_key_by_id (store, signer->key_id, &own, error) < 0)
        return FALSE;
      bootstrap = !any_confirmed && !own.after_reset;
      if (!bootstrap)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                       _("Your own signing key has not been confirmed yet, so it cannot confirm "
                         "another."));
          return FALSE;
        }
    }

  if (!mc_store_begin (store, error))
    return FALSE;
  found = load_usable_key (store, officer_id, &k, error);
  if (found < 0)
    goto fail;
  if (found == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("%s has no signing key in use to confirm: it is made at their next "
                     "sign-in."), holder->name);
      goto fail;
    }
  fingerprint = mc_signature_fingerprint (k.public_key);
  if (bootstrap && k.after_reset)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Your own signing key has not been confirmed yet, so it cannot confirm "
                     "another."));
      goto fail;
    }
  if (k.confirmed_at != MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The signing key %s of %s is already confirmed."), fingerprint,
                   holder->name);
      goto fail;
    }
  if (!key_matches_audit (store, &k))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                   _("The signing key of %s was replaced in the database, so it cannot be "
                     "confirmed; ask the administrator to revoke it."), holder->name);
      goto fail;
    }
  k.confirmed_by = actor_id;
  k.confirmer_key_id = signer->key_id;
  k.confirmed_at = mc_store_now (store);
  details = g_strdup_printf ("key %" G_GINT64_FORMAT " (%s) of %s, confirmed with key %"
                             G_GINT64_FORMAT, k.id, fingerprint, holder->name, signer->key_id);
  /* The record first: the confirmation names it, and signatures are ordered after it. */
  if (!mc_audit_append (store, actor_id, "signing_key.confirm", "officer", officer_id, details,
                        error))
    goto fail;
  k.confirmed_audit_id = last_audit_id (store);
  confirmation_digest (&k, actor_id, signer->key_id, k.confirmed_at, k.confirmed_audit_id,
                       digest);
  crypto_sign_detached (k.confirmation, NULL, digest, sizeof digest, signer->secret_key);
  if (!mc_store_confirm_key (store, &k, error))
    goto fail;
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}

void
mc_signature_key_info_free (McSignatureKeyInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->officer_name);
  g_free (info->officer_title);
  g_free (info->public_key_hex);
  g_free (info->fingerprint);
  g_free (info->confirmer_name);
  g_free (info->state);
  g_free (info);
}

GPtrArray *
mc_signature_list_keys (McStore *store, GError **error)
{
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!ensure_sodium (error))
    return NULL;
  keys = mc_store_list_keys (store, error);
  if (keys == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_signature_key_info_free);
  for (guint i = 0; i < keys->len; i++)
    {
      const KeyRow *k = &g_array_index (keys, KeyRow, i);
      g_autoptr(McOfficer) officer = mc_store_get_officer (store, k->officer_id, NULL);
      g_autoptr(KeyFacts) facts = key_facts_new (store, k->id);
      McSignatureKeyInfo *info = g_new0 (McSignatureKeyInfo, 1);

      info->key_id = k->id;
      info->officer_id = k->officer_id;
      info->officer_name = g_strdup (officer != NULL ? officer->name : "?");
      info->officer_title = g_strdup (officer == NULL ? ""
                                      : officer->title != NULL && officer->title[0] != '\0'
                                      ? officer->title : mc_role_to_string (officer->role));
      info->public_key_hex = to_hex (k->public_key, sizeof k->public_key);
      info->fingerprint = mc_signature_fingerprint (k->public_key);
      info->created_at = k->created_at;
      info->retired_at = k->retired_at;
      info->revoked_at = k->revoked_at;
      info->after_reset = k->after_reset;
      info->legacy = k->legacy;
      info->confirmed_by = k->confirmed_by;
      info->confirmed_at = k->confirmed_at;
      info->confirmer_name = g_strdup (facts->confirmer_name);
      info->intact = facts->found && facts->matches_audit;
      info->confirmed = facts->confirmation == CONFIRMATION_VALID;
      if (!info->intact)
        info->state = g_strdup (_("altered in the database: not to be trusted"));
      else if (k->revoked_at != MC_TIME_NONE)
        info->state = g_strdup (_("revoked"));
      else if (k->retired_at != MC_TIME_NONE)
        info->state = g_strdup (_("retired (its signatures stay valid)"));
      else if (facts->confirmation == CONFIRMATION_BROKEN)
        info->state = g_strdup (_("in use, but its confirmation was altered or forged"));
      else if (facts->confirmation == CONFIRMATION_VALID)
        info->state = g_strdup (_("in use, confirmed"));
      else
        info->state = g_strdup (_("in use, not confirmed yet: it cannot sign"));
      g_ptr_array_add (list, info);
    }
  return g_steal_pointer (&list);
}

GPtrArray *
mc_signature_list_waiting (McStore *store, gint64 actor_id, McSignatureKeyInfo **own,
                           GError **error)
{
  g_autoptr(McOfficer) actor = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  GPtrArray *waiting;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (own != NULL)
    *own = NULL;
  actor = mc_store_get_officer (store, actor_id, error);
  if (actor == NULL)
    return NULL;
  waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_signature_key_info_free);
  if (!actor->active || !is_leader (actor->role))
    return waiting;
  keys = mc_signature_list_keys (store, error);
  if (keys == NULL)
    {
      g_ptr_array_unref (waiting);
      return NULL;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      McSignatureKeyInfo *info = g_ptr_array_index (keys, i);
      g_autoptr(McOfficer) holder = NULL;

      if (info->retired_at != MC_TIME_NONE || info->revoked_at != MC_TIME_NONE ||
          info->confirmed || !info->intact)
        continue;
      if (info->officer_id == actor_id)
        {
          if (own != NULL && *own == NULL)
            *own = g_ptr_array_steal_index (keys, i--);
          continue;
        }
      holder = mc_store_get_officer (store, info->officer_id, NULL);
      if (holder == NULL || !holder->active ||
          !mc_signature_may_confirm (actor->role, holder->role))
        continue;
      g_ptr_array_add (waiting, g_ptr_array_steal_index (keys, i--));
    }
  return waiting;
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
  g_free (check->key_fingerprint);
  g_free (check->key_confirmed_by);
  g_free (check->verdict);
  g_clear_pointer (&check->files, g_ptr_array_unref);
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

static void
payload_from_stored (Payload *p, const McStoreSignature *row)
{
  p->officer_id = row->officer_id;
  p->key_id = row->key_id;
  p->signed_at = row->signed_at;
  p->audit_id = row->audit_id;
  p->audit_hash = g_strdup (row->audit_hash);
  p->code = g_strdup (row->code);
  p->procedure_code = g_strdup (row->procedure_code);
  p->applicant_name = g_strdup (row->applicant_name);
  p->applicant_id = g_strdup (row->applicant_id);
  p->result = g_strdup (row->result);
  p->appointment = row->appointment;
  p->version = row->digest_version > 0 ? row->digest_version : 1;
  p->files = g_strdup (row->result_files != NULL ? row->result_files : "");
}

static gboolean
load_signature (McStore *store, gint64 signature_id, SignatureRow *s, GError **error)
{
  g_auto(McStoreSignature) row = { 0 };

  if (!mc_store_load_signature (store, signature_id, &row, error))
    return FALSE;
  s->id = signature_id;
  s->dossier_id = row.dossier_id;
  payload_from_stored (&s->signed_fields, &row);
  s->digest_hex = g_strdup (row.digest_hex);
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

static gboolean
digest_matches (const Payload *p, const char *digest_hex, guchar digest[DIGEST_BYTES])
{
  guchar stored_digest[DIGEST_BYTES];

  payload_digest (p, digest);
  return digest_hex != NULL &&
         sodium_hex2bin (stored_digest, sizeof stored_digest, digest_hex, strlen (digest_hex),
                         NULL, NULL, NULL) == 0 &&
         sodium_memcmp (digest, stored_digest, sizeof stored_digest) == 0;
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
  g_autoptr(GString) changes = NULL;
  g_autofree char *due_was = NULL;
  g_autofree char *due_now = NULL;

  if (g_strcmp0 (was->code, now_p->code) == 0 &&
      g_strcmp0 (was->procedure_code, now_p->procedure_code) == 0 &&
      g_strcmp0 (was->applicant_name, now_p->applicant_name) == 0 &&
      g_strcmp0 (was->applicant_id, now_p->applicant_id) == 0 &&
      g_strcmp0 (was->result, now_p->result) == 0 && was->appointment == now_p->appointment)
    return NULL;
  changes = g_string_new (NULL);
  due_was = appointment_text (was->appointment);
  due_now = appointment_text (now_p->appointment);
  describe_change (changes, _("the dossier code"), was->code, now_p->code);
  describe_change (changes, _("the procedure"), was->procedure_code, now_p->procedure_code);
  describe_change (changes, _("the applicant"), was->applicant_name, now_p->applicant_name);
  describe_change (changes, _("the applicant’s ID number"), was->applicant_id,
                   now_p->applicant_id);
  describe_change (changes, _("the result"), was->result, now_p->result);
  describe_change (changes, _("the appointment"), due_was, due_now);
  return g_string_free (g_steal_pointer (&changes), FALSE);
}

/* ---- The result's files ---- */

void
mc_signature_file_free (McSignatureFile *f)
{
  if (f == NULL)
    return;
  g_free (f->name);
  g_free (f->hash);
  g_free (f);
}

const char *
mc_signature_file_state_to_string (McSignatureFileState state)
{
  switch (state)
    {
    case MC_SIGNATURE_FILE_INTACT:      return _("covered by the signature, as signed");
    case MC_SIGNATURE_FILE_CHANGED:     return _("covered by the signature, but its bytes "
                                             "changed since");
    case MC_SIGNATURE_FILE_SUPERSEDED:  return _("covered by the signature, but replaced since");
    case MC_SIGNATURE_FILE_MISSING:     return _("covered by the signature, but no longer in "
                                             "the database");
    case MC_SIGNATURE_FILE_NOT_COVERED: return _("not covered: attached after the signature");
    default:                            return "?";
    }
}

static const char *
file_display_name (const McAttachment *a)
{
  return a != NULL && a->name != NULL && a->name[0] != '\0' ? a->name : _("the scan");
}

/* The result files of DOSSIER_ID against FILES, those a signature covers as stored: each covered
 * one intact, changed, superseded or missing, then the current ones it does not cover. Appends
 * what broke to CHANGES ("; " between). NULL on a store error. */
static GPtrArray *
check_files (McStore *store, gint64 dossier_id, const char *files, GString *changes,
             GError **error)
{
  g_autoptr(GPtrArray) all = mc_store_list_attachments (store, dossier_id, TRUE, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) hashes = file_hashes (files, ids);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) covered = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (all == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_signature_file_free);
  for (guint i = 0; i < hashes->len; i++)
    {
      const char *hash = g_ptr_array_index (hashes, i);
      gint64 id = g_array_index (ids, gint64, i);
      const McAttachment *a = NULL;
      McSignatureFile *f = g_new0 (McSignatureFile, 1);
      g_autofree char *actual = NULL;
      g_autoptr(GError) local_error = NULL;
      char *why = NULL;

      for (guint k = 0; k < all->len && a == NULL; k++)
        {
          const McAttachment *c = g_ptr_array_index (all, k);

          if (c->id == id && c->position == MC_ATTACHMENT_RESULT)
            a = c;
        }
      if (a != NULL)
        g_hash_table_add (covered, (gpointer) &a->id);
      f->attachment_id = id;
      f->hash = g_strdup (hash);
      f->name = g_strdup (file_display_name (a));
      f->attached_at = a != NULL ? a->attached_at : MC_TIME_NONE;
      actual = mc_store_rehash_blob (store, hash, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_free (f->name);
          g_free (f->hash);
          g_free (f);
          return NULL;
        }
      if (a == NULL || actual == NULL)
        {
          f->state = MC_SIGNATURE_FILE_MISSING;
          /* TRANSLATORS: a signed result file is no longer in the database; %s: its SHA-256 */
          why = g_strdup_printf (_("the signed result file %s is no longer in the database"),
                                 hash);
        }
      else if (g_strcmp0 (a->hash, hash) != 0 || g_strcmp0 (actual, hash) != 0)
        {
          f->state = MC_SIGNATURE_FILE_CHANGED;
          why = g_strdup_printf (_("the bytes of the signed result file “%s” are no longer "
                                   "those signed (SHA-256 %s)"), f->name, hash);
        }
      else if (a->superseded_by != 0)
        {
          g_autofree char *when = a->superseded_at != MC_TIME_NONE
                                  ? mc_format_time (a->superseded_at) : g_strdup ("?");

          f->state = MC_SIGNATURE_FILE_SUPERSEDED;
          why = g_strdup_printf (_("the signed result file “%s” was replaced by another at %s"),
                                 f->name, when);
        }
      else
        f->state = MC_SIGNATURE_FILE_INTACT;
      if (why != NULL)
        {
          if (changes->len > 0)
            g_string_append (changes, "; ");
          g_string_append (changes, why);
          g_free (why);
        }
      g_ptr_array_add (out, f);
    }
  /* Attached to the result after signing (the scan of the signed paper at hand-over): shown,
   * not covered, and no harm to the signature. */
  for (guint k = 0; k < all->len; k++)
    {
      const McAttachment *a = g_ptr_array_index (all, k);
      McSignatureFile *f;

      if (a->position != MC_ATTACHMENT_RESULT || a->superseded_by != 0 ||
          g_hash_table_contains (covered, &a->id))
        continue;
      f = g_new0 (McSignatureFile, 1);
      f->attachment_id = a->id;
      f->hash = g_strdup (a->hash);
      f->name = g_strdup (file_display_name (a));
      f->attached_at = a->attached_at;
      f->state = MC_SIGNATURE_FILE_NOT_COVERED;
      g_ptr_array_add (out, f);
    }
  return g_steal_pointer (&out);
}

/* CHANGES (may be NULL) with what FILE_CHANGES holds added, "; " between: a new string or NULL
 * when both are empty. Consumes CHANGES. */
static char *
join_changes (char *changes, const GString *file_changes)
{
  char *joined;

  if (file_changes == NULL || file_changes->len == 0)
    return changes;
  if (changes == NULL)
    return g_strdup (file_changes->str);
  joined = g_strconcat (changes, "; ", file_changes->str, NULL);
  g_free (changes);
  return joined;
}

/* Everything a verdict is decided on, gathered the same way for one signature and for all. */
typedef struct {
  const char      *code;          /* the dossier's code now */
  const McOfficer *officer;       /* the signer */
  const char      *title;
  McTime           signed_at;
  gint64           audit_id;
  gboolean         digest_ok;
  gboolean         sig_ok;        /* the key is there, the officer's, and the bytes verify */
  const KeyFacts  *key;
  const char      *changes;       /* NULL: the signed fields are as signed */
  gboolean         audit_ok;      /* the record it follows is still there and unchanged */
} Facts;

/* The sentence about a key made after a reset, appended to SENTENCE (consumed). */
static char *
add_reset_note (char *sentence, const Facts *f)
{
  g_autofree char *made = NULL;
  char *out;

  if (f->key == NULL || !f->key->found || !f->key->k.after_reset)
    return sentence;
  made = f->key->k.created_at != MC_TIME_NONE ? mc_format_time (f->key->k.created_at)
                                              : g_strdup ("?");
  out = g_strdup_printf (_("%s This key was made at %s, after the password of %s had been "
                           "reset by the administrator."), sentence, made, f->officer->name);
  g_free (sentence);
  return out;
}

/* Whether K's confirmation came before a document that follows audit record AUDIT_ID, made
 * at AT. The audit chain orders them (its records cannot be reordered without breaking it);
 * times cannot (two acts in one second, a server's clock against a workstation's, history
 * recorded after the fact), so AT is not compared. */
static gboolean
confirmed_before (const KeyRow *k, gint64 audit_id, McTime at)
{
  return k->confirmed_at != MC_TIME_NONE && k->confirmed_audit_id <= audit_id;
}

static gboolean
decide (const Facts *f, char **verdict)
{
  g_autofree char *signed_when = mc_format_time (f->signed_at);
  const KeyFacts *key = f->key;
  const KeyRow *k = key != NULL && key->found ? &key->k : NULL;

  if (!f->digest_ok)
    *verdict = g_strdup_printf (_("The signature record of dossier %s was altered in the "
                                  "database: its fields no longer give the digest that was "
                                  "signed."), f->code);
  else if (k == NULL || !f->sig_ok)
    *verdict = g_strdup_printf (_("The signature of dossier %s does not match what was signed: "
                                  "it was altered or forged."), f->code);
  else if (!key->matches_audit)
    *verdict = g_strdup_printf (_("The signing key of %s was replaced in the database, so the "
                                  "signature of dossier %s cannot be trusted."),
                                f->officer->name, f->code);
  else if (f->changes != NULL)
    *verdict = g_strdup_printf (_("Dossier %s was changed after it was signed: %s."), f->code,
                                f->changes);
  else if (!f->audit_ok)
    *verdict = g_strdup_printf (_("The audit record no. %lld that the signature of dossier %s "
                                  "follows was changed or deleted."), (long long) f->audit_id,
                                f->code);
  else if (k->revoked_at != MC_TIME_NONE && k->revoked_at <= f->signed_at)
    {
      g_autofree char *revoked_when = mc_format_time (k->revoked_at);

      *verdict = g_strdup_printf (_("The signing key of %s was revoked from %s, before dossier "
                                    "%s was signed at %s, so the signature is not valid."),
                                  f->officer->name, revoked_when, f->code, signed_when);
    }
  else if (key->confirmation == CONFIRMATION_BROKEN)
    *verdict = g_strdup_printf (_("The confirmation of the signing key %s of %s was altered or "
                                  "forged, so the signature of dossier %s is not valid."),
                                key->fingerprint, f->officer->name, f->code);
  else if (key->confirmation == CONFIRMATION_NONE ||
           (key->confirmation == CONFIRMATION_VALID && !confirmed_before (k, f->audit_id,
                                                                           f->signed_at)))
    *verdict = add_reset_note (g_strdup_printf (_("Dossier %s was signed by %s at %s with the "
                                                  "key %s, which no leader had confirmed then, "
                                                  "so the signature is not valid."),
                                                f->code, f->officer->name, signed_when,
                                                key->fingerprint), f);
  else
    {
      char *sentence;

      if (key->confirmation == CONFIRMATION_LEGACY)
        sentence = g_strdup_printf (_("Signed by %s (%s) at %s with the key %s, made before "
                                      "keys were confirmed."), f->officer->name, f->title,
                                    signed_when, key->fingerprint);
      else
        {
          g_autofree char *confirmed_when = mc_format_time (k->confirmed_at);

          sentence = g_strdup_printf (_("Signed by %s (%s) at %s with the key %s, confirmed by "
                                        "%s at %s."), f->officer->name, f->title, signed_when,
                                      key->fingerprint, key->confirmer_name, confirmed_when);
        }
      sentence = add_reset_note (sentence, f);
      if (k->revoked_at != MC_TIME_NONE)
        {
          g_autofree char *revoked_when = mc_format_time (k->revoked_at);
          g_autofree char *before = sentence;

          sentence = g_strdup_printf (_("%s The key was revoked from %s, after this signature, "
                                        "which stays valid."), before, revoked_when);
        }
      *verdict = sentence;
      return TRUE;
    }
  *verdict = add_reset_note (*verdict, f);
  return FALSE;
}

static const char *
officer_title (const McOfficer *officer)
{
  return officer->title != NULL && officer->title[0] != '\0' ? officer->title
                                                             : mc_role_to_string (officer->role);
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
  g_autoptr(KeyFacts) key = NULL;
  g_autofree char *changes = NULL;
  Payload *signed_fields = &s.signed_fields;
  guchar digest[DIGEST_BYTES];
  Facts f = { 0 };

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
  check->officer_title = g_strdup (officer_title (officer));
  check->officer_role = officer->role;
  check->signed_at = signed_fields->signed_at;
  check->revoked_at = MC_TIME_NONE;
  check->key_id = signed_fields->key_id;
  check->key_confirmed_at = MC_TIME_NONE;

  /* A key that is gone or damaged leaves the signature unverifiable, hence invalid. */
  key = key_facts_new (store, signed_fields->key_id);
  if (key->found)
    {
      check->revoked_at = key->k.revoked_at;
      check->key_fingerprint = g_strdup (key->fingerprint);
      check->key_after_reset = key->k.after_reset;
      if (key->confirmation == CONFIRMATION_VALID)
        {
          check->key_confirmed_by = g_strdup (key->confirmer_name);
          check->key_confirmed_at = key->k.confirmed_at;
        }
    }

  payload_from_dossier (&current, d);
  changes = describe_changes (signed_fields, &current);
  if (signed_fields->version >= 2)
    {
      g_autoptr(GString) file_changes = g_string_new (NULL);

      check->files = check_files (store, d->id, signed_fields->files, file_changes, error);
      if (check->files == NULL)
        return NULL;
      changes = join_changes (changes, file_changes);
    }
  check->digest_version = signed_fields->version;
  f.code = d->code;
  f.officer = officer;
  f.title = check->officer_title;
  f.signed_at = signed_fields->signed_at;
  f.audit_id = signed_fields->audit_id;
  f.digest_ok = digest_matches (signed_fields, s.digest_hex, digest);
  f.sig_ok = key->found && s.sig_intact && key->k.officer_id == officer->id &&
             crypto_sign_verify_detached (s.sig, digest, sizeof digest, key->k.public_key) == 0;
  f.key = key;
  f.changes = changes;
  f.audit_ok = mc_audit_record_matches (store, signed_fields->audit_id, signed_fields->audit_hash);
  check->valid = decide (&f, &check->verdict);
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

/* ---- Every signature at once (motcua-cli check) ---- */

typedef struct {
  gint64   signature_id;
  char    *code;            /* the dossier's code now */
  char    *changes;
  gint64   officer_id;
  gint64   key_id;
  McTime   signed_at;
  gint64   audit_id;
  gboolean digest_ok, sig_intact, audit_ok;
  gboolean sig_ok;          /* set by the workers */
  gboolean vouched;         /* verified when a checkpoint was made, unchanged since */
  guchar   vouch_hash[DIGEST_BYTES];
  guchar   digest[DIGEST_BYTES];
  guchar   sig[crypto_sign_BYTES];
  const guchar *public_key; /* of the key cache; NULL: no usable key */
} BulkItem;

typedef struct {
  McStore    *store;
  GError     *error;        /* a store error met while reading the files of a signature */
  GHashTable *keys;         /* key id → KeyFacts* */
  GArray     *items;        /* BulkItem */
  const guchar *vouched;    /* entries of VOUCH_BYTES, by id */
  gsize       n_vouched;
} Bulk;

#define VOUCH_BYTES (8 + DIGEST_BYTES)

static gint64
vouch_id (const guchar *entry)
{
  guint64 id = 0;

  for (int i = 0; i < 8; i++)
    id = (id << 8) | entry[i];
  return (gint64) id;
}

/* Whether the checkpoint's list holds signature ID with HASH. */
static gboolean
is_vouched (const Bulk *b, gint64 id, const guchar *hash)
{
  gsize lo = 0, hi = b->n_vouched;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      const guchar *entry = b->vouched + mid * VOUCH_BYTES;
      gint64 at = vouch_id (entry);

      if (at == id)
        return sodium_memcmp (entry + 8, hash, DIGEST_BYTES) == 0;
      if (at < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static const KeyFacts *
bulk_key (Bulk *b, gint64 key_id)
{
  KeyFacts *facts = g_hash_table_lookup (b->keys, &key_id);

  if (facts == NULL)
    {
      gint64 *id = g_new (gint64, 1);

      *id = key_id;
      facts = key_facts_new (b->store, key_id);
      g_hash_table_insert (b->keys, id, facts);
    }
  return facts;
}

static gboolean
bulk_row_cb (const McStoreSignature *s, const McStoreSignedNow *now, gpointer data)
{
  Bulk *b = data;
  g_auto(Payload) signed_fields = { 0 };
  Payload current = {
    .code = (char *) now->code, .procedure_code = (char *) now->procedure_code,
    .applicant_name = (char *) now->applicant_name, .applicant_id = (char *) now->applicant_id,
    .result = (char *) now->result, .appointment = now->appointment,
  };
  const KeyFacts *key;
  BulkItem item = { 0 };

  payload_from_stored (&signed_fields, s);
  item.signature_id = s->id;
  item.code = g_strdup (now->code);
  item.changes = describe_changes (&signed_fields, &current);
  if (signed_fields.version >= 2 && signed_fields.files != NULL && signed_fields.files[0] != '\0')
    {
      g_autoptr(GString) file_changes = g_string_new (NULL);
      g_autoptr(GPtrArray) files = check_files (b->store, s->dossier_id, signed_fields.files,
                                                file_changes, &b->error);

      if (files == NULL)
        return FALSE;
      item.changes = join_changes (item.changes, file_changes);
    }
  item.officer_id = s->officer_id;
  item.key_id = s->key_id;
  item.signed_at = s->signed_at;
  item.audit_id = s->audit_id;
  item.digest_ok = digest_matches (&signed_fields, s->digest_hex, item.digest);
  item.sig_intact = s->signature_intact;
  /* The chain is verified record by record in the same check: a stored hash equal to the one
   * signed is then the record that was signed. */
  item.audit_ok = now->audit_hash != NULL && g_str_equal (now->audit_hash, s->audit_hash);
  memcpy (item.sig, s->signature, sizeof item.sig);
  key = bulk_key (b, s->key_id);
  item.public_key = key->found && key->k.officer_id == s->officer_id ? key->k.public_key : NULL;
  if (item.public_key != NULL && item.sig_intact)
    {
      crypto_hash_sha256_state state;

      /* What the Ed25519 check depends on, and nothing else: the same bytes verify the same. */
      crypto_hash_sha256_init (&state);
      crypto_hash_sha256_update (&state, item.digest, sizeof item.digest);
      crypto_hash_sha256_update (&state, item.sig, sizeof item.sig);
      crypto_hash_sha256_update (&state, item.public_key, crypto_sign_PUBLICKEYBYTES);
      crypto_hash_sha256_final (&state, item.vouch_hash);
      item.vouched = b->vouched != NULL && is_vouched (b, s->id, item.vouch_hash);
      item.sig_ok = item.vouched;
    }
  g_array_append_val (b->items, item);
  return TRUE;
}

typedef struct {
  BulkItem *items;
  guint     from, to;
} Slice;

static gpointer
verify_slice (gpointer data)
{
  Slice *slice = data;

  for (guint i = slice->from; i < slice->to; i++)
    {
      BulkItem *item = &slice->items[i];

      if (item->vouched)
        continue;
      item->sig_ok = item->public_key != NULL && item->sig_intact &&
                     crypto_sign_verify_detached (item->sig, item->digest, sizeof item->digest,
                                                  item->public_key) == 0;
    }
  return NULL;
}

gboolean
mc_signature_check_all (McStore *store, GPtrArray *problems, GBytes *vouched,
                        GByteArray *verified, gint64 *n_checked, gint64 *n_vouched,
                        GError **error)
{
  Bulk b = { store, NULL, NULL, NULL, NULL, 0 };
  gint64 skipped = 0;
  g_autoptr(GHashTable) officers = NULL;
  guint n_threads, n;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  b.keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                  (GDestroyNotify) key_facts_free);
  b.items = g_array_new (FALSE, TRUE, sizeof (BulkItem));
  if (vouched != NULL)
    {
      gsize len = 0;

      b.vouched = g_bytes_get_data (vouched, &len);
      b.n_vouched = len / VOUCH_BYTES;
    }
  ok = mc_store_foreach_latest_signature (store, bulk_row_cb, &b, error);
  if (ok && b.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&b.error));
      ok = FALSE;
    }
  g_clear_error (&b.error);
  n = b.items->len;

  /* Ed25519 verification is the cost (about 50 µs a signature): shared among the cores. */
  n_threads = CLAMP (g_get_num_processors (), 1, 8);
  if (ok && n > 0)
    {
      Slice slices[8];
      GThread *threads[8] = { NULL };
      guint per = (n + n_threads - 1) / n_threads;

      for (guint t = 0; t < n_threads; t++)
        {
          slices[t] = (Slice) { (BulkItem *) b.items->data, MIN (n, t * per),
                                MIN (n, (t + 1) * per) };
          if (t > 0)
            threads[t] = g_thread_new ("motcua-verify", verify_slice, &slices[t]);
        }
      verify_slice (&slices[0]);
      for (guint t = 1; t < n_threads; t++)
        g_thread_join (threads[t]);
    }

  officers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                    (GDestroyNotify) mc_officer_free);
  for (guint i = 0; ok && i < n; i++)
    {
      BulkItem *item = &g_array_index (b.items, BulkItem, i);
      McOfficer *officer;
      char *verdict = NULL;
      Facts f = { 0 };

      skipped += item->vouched;
      if (item->sig_ok && verified != NULL)
        {
          guchar entry[VOUCH_BYTES];
          guint64 id = (guint64) item->signature_id;

          for (int j = 7; j >= 0; j--, id >>= 8)
            entry[j] = (guchar) (id & 0xff);
          memcpy (entry + 8, item->vouch_hash, DIGEST_BYTES);
          g_byte_array_append (verified, entry, sizeof entry);
        }

      if (item->digest_ok && item->sig_ok && item->changes == NULL && item->audit_ok)
        {
          const KeyFacts *key = bulk_key (&b, item->key_id);

          /* The common case decided without a sentence. */
          if (key->matches_audit &&
              (key->k.revoked_at == MC_TIME_NONE || key->k.revoked_at > item->signed_at) &&
              (key->confirmation == CONFIRMATION_LEGACY ||
               (key->confirmation == CONFIRMATION_VALID &&
                confirmed_before (&key->k, item->audit_id, item->signed_at))))
            continue;
        }
      officer = g_hash_table_lookup (officers, &item->officer_id);
      if (officer == NULL)
        {
          gint64 *id = g_new (gint64, 1);

          *id = item->officer_id;
          officer = mc_store_get_officer (store, item->officer_id, NULL);
          if (officer == NULL)
            {
              officer = g_new0 (McOfficer, 1);
              officer->name = g_strdup_printf (_("officer no. %lld"),
                                               (long long) item->officer_id);
            }
          g_hash_table_insert (officers, id, officer);
        }
      f.code = item->code;
      f.officer = officer;
      f.title = officer_title (officer);
      f.signed_at = item->signed_at;
      f.audit_id = item->audit_id;
      f.digest_ok = item->digest_ok;
      f.sig_ok = item->sig_ok;
      f.key = bulk_key (&b, item->key_id);
      f.changes = item->changes;
      f.audit_ok = item->audit_ok;
      if (!decide (&f, &verdict))
        g_ptr_array_add (problems, g_steal_pointer (&verdict));
      g_free (verdict);
    }

  for (guint i = 0; i < n; i++)
    {
      g_free (g_array_index (b.items, BulkItem, i).code);
      g_free (g_array_index (b.items, BulkItem, i).changes);
    }
  g_array_unref (b.items);
  g_hash_table_unref (b.keys);
  if (n_checked != NULL)
    *n_checked = n;
  if (n_vouched != NULL)
    *n_vouched = skipped;
  return ok;
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

/* ---- Other documents signed with a leader's key (checkpoints) ---- */

gint64
mc_signer_get_key_id (McSigner *signer)
{
  return signer->key_id;
}

void
mc_signer_sign_digest (McSigner *signer, const guchar *digest, guchar *signature)
{
  crypto_sign_detached (signature, NULL, digest, DIGEST_BYTES, signer->secret_key);
}

gboolean
mc_signature_verify_digest (McStore *store, gint64 officer_id, gint64 key_id, McTime at,
                            gint64 after_audit_id, const guchar *digest, const guchar *signature, char **fingerprint,
                            char **why)
{
  g_autoptr(KeyFacts) key = NULL;
  const KeyRow *k;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (fingerprint != NULL)
    *fingerprint = NULL;
  *why = NULL;
  if (!ensure_sodium (NULL))
    {
      *why = g_strdup (_("The signature library could not start."));
      return FALSE;
    }
  key = key_facts_new (store, key_id);
  k = &key->k;
  if (key->found && fingerprint != NULL)
    *fingerprint = g_strdup (key->fingerprint);
  if (!key->found || k->officer_id != officer_id ||
      crypto_sign_verify_detached (signature, digest, DIGEST_BYTES, k->public_key) != 0)
    *why = g_strdup (_("its signature does not verify: it was altered or forged"));
  else if (!key->matches_audit)
    *why = g_strdup (_("the key it was signed with was replaced in the database"));
  else if (k->revoked_at != MC_TIME_NONE && k->revoked_at <= at)
    *why = g_strdup (_("the key it was signed with had been revoked"));
  else if (key->confirmation == CONFIRMATION_BROKEN)
    *why = g_strdup (_("the confirmation of the key it was signed with was altered or forged"));
  else if (key->confirmation == CONFIRMATION_NONE ||
           (key->confirmation == CONFIRMATION_VALID &&
            !confirmed_before (k, after_audit_id, at)))
    *why = g_strdup (_("the key it was signed with had not been confirmed"));
  return *why == NULL;
}
