/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checkpoints of the audit chain and of the dossiers' rows, signed by the chairman, and the full
 * check of a database against them (mc-checkpoint.h; docs/domain.md, "What the checkpoints
 * detect"). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "mc-audit.h"
#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-signature.h"
#include "mc-store-internal.h"

#define CHECKPOINT_HEADER "motcua-checkpoint-1"
#define ROW_HEADER        "motcua-row-1"
#define QR_PREFIX         "MCK1"
#define ROW_BYTES         (8 + crypto_hash_sha256_BYTES)
#define VOUCH_BYTES       (8 + crypto_hash_sha256_BYTES)

void
mc_checkpoint_free (McCheckpoint *c)
{
  if (c == NULL)
    return;
  g_free (c->officer_name);
  g_free (c->key_fingerprint);
  g_free (c->audit_hash);
  g_free (c->dossier_digest);
  g_free (c->hash);
  g_free (c->qr_text);
  g_free (c->verdict);
  g_free (c);
}

static char *
to_hex (const guchar *bytes, gsize n)
{
  char *hex = g_malloc (n * 2 + 1);

  return sodium_bin2hex (hex, n * 2 + 1, bytes, n);
}

/* ---- Canonical texts ---- */

static void
checkpoint_digest (const McStoreCheckpoint *c, guchar digest[crypto_hash_sha256_BYTES])
{
  g_autofree char *text = g_strdup_printf (CHECKPOINT_HEADER "\n"
                                           "checkpoint: %" G_GINT64_FORMAT "\n"
                                           "at: %" G_GINT64_FORMAT "\n"
                                           "chairman: %" G_GINT64_FORMAT "\n"
                                           "key: %" G_GINT64_FORMAT "\n"
                                           "audit: %" G_GINT64_FORMAT " %s\n"
                                           "dossiers: %" G_GINT64_FORMAT " %s\n"
                                           "signatures: %" G_GINT64_FORMAT " %s\n",
                                           c->id, c->at, c->officer_id, c->key_id,
                                           c->audit_count, c->audit_hash, c->dossier_count,
                                           c->dossier_digest, c->signature_count,
                                           c->signature_digest);

  crypto_hash_sha256 (digest, (const guchar *) text, strlen (text));
}

/* Hashed for every dossier at every check: plain runs are copied whole. */
static void
append_escaped (GString *text, const char *value)
{
  for (const char *p = value; *p;)
    {
      gsize plain = strcspn (p, "\\\n\r");

      g_string_append_len (text, p, plain);
      p += plain;
      if (*p == '\0')
        break;
      g_string_append (text, *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" : "\\r");
      p++;
    }
}

static void
append_int (GString *text, gint64 value)
{
  char buffer[24];
  int n = sizeof buffer;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    buffer[--n] = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (value < 0)
    buffer[--n] = '-';
  g_string_append_len (text, buffer + n, sizeof buffer - n);
}

/* The SHA-256 of the row's canonical text (mc-checkpoint.h) into OUT; TEXT is scratch. */
static void
row_hash (GString *text, gint64 id, const McStoreRowValue *values, guint n_values, guchar *out)
{
  g_string_truncate (text, 0);
  g_string_append (text, ROW_HEADER "\nid: ");
  append_int (text, id);
  g_string_append_c (text, '\n');
  for (guint i = 0; i < n_values; i++)
    {
      g_string_append (text, values[i].name);
      if (values[i].is_null)
        ;
      else if (values[i].is_text)
        {
          g_string_append_len (text, ": ", 2);
          append_escaped (text, values[i].text);
        }
      else
        {
          g_string_append_len (text, ": ", 2);
          append_int (text, values[i].number);
        }
      g_string_append_c (text, '\n');
    }
  crypto_hash_sha256 (out, (const guchar *) text->str, text->len);
}

static void
put_id (guchar *out, gint64 id)
{
  for (int i = 7; i >= 0; i--)
    {
      out[i] = (guchar) (id & 0xff);
      id >>= 8;
    }
}

static gint64
get_id (const guchar *in)
{
  guint64 id = 0;

  for (int i = 0; i < 8; i++)
    id = (id << 8) | in[i];
  return (gint64) id;
}

typedef struct {
  GByteArray *rows;
  GString    *text;
  gint64      n;
} RowCollect;

static gboolean
collect_row_cb (gint64 id, const McStoreRowValue *values, guint n_values, gpointer data)
{
  RowCollect *rc = data;
  guchar entry[ROW_BYTES];

  put_id (entry, id);
  row_hash (rc->text, id, values, n_values, entry + 8);
  g_byte_array_append (rc->rows, entry, sizeof entry);
  rc->n++;
  return TRUE;
}

static char *
bytes_digest_hex (const guchar *data, gsize len)
{
  guchar digest[crypto_hash_sha256_BYTES];

  crypto_hash_sha256 (digest, data, len);
  return to_hex (digest, sizeof digest);
}

/* ---- Verdicts ---- */

static char *
officer_name (McStore *store, gint64 officer_id)
{
  g_autoptr(McOfficer) officer = mc_store_get_officer (store, officer_id, NULL);

  return officer != NULL ? g_strdup (officer->name)
                         : g_strdup_printf (_("officer no. %lld"), (long long) officer_id);
}

/* Whether the stored checkpoint's signature holds: NULL when it does, else the reason. */
static char *
signature_problem (McStore *store, const McStoreCheckpoint *c, char **fingerprint)
{
  guchar digest[crypto_hash_sha256_BYTES];
  g_autofree char *digest_hex = NULL;
  g_autoptr(McOfficer) officer = NULL;
  char *why = NULL;

  checkpoint_digest (c, digest);
  digest_hex = to_hex (digest, sizeof digest);
  if (fingerprint != NULL)
    *fingerprint = NULL;
  if (!c->signature_intact || g_strcmp0 (digest_hex, c->digest_hex) != 0)
    return g_strdup (_("its stored fields no longer give the hash that was signed"));
  if (!mc_signature_verify_digest (store, c->officer_id, c->key_id, c->at, c->audit_count,
                                   digest, c->signature,
                                   fingerprint, &why))
    return why;
  officer = mc_store_get_officer (store, c->officer_id, NULL);
  if (officer == NULL || officer->role != MC_ROLE_CHAIRMAN)
    return g_strdup (_("it was not signed by the chairman"));
  return NULL;
}

static McCheckpoint *
checkpoint_public (McStore *store, const McStoreCheckpoint *c)
{
  McCheckpoint *out = g_new0 (McCheckpoint, 1);
  g_autofree char *sig64 = g_base64_encode (c->signature, sizeof c->signature);
  g_autofree char *why = NULL;
  g_autofree char *when = mc_time_to_iso (c->at);
  guchar digest[crypto_hash_sha256_BYTES];

  checkpoint_digest (c, digest);
  out->id = c->id;
  out->at = c->at;
  out->officer_id = c->officer_id;
  out->officer_name = officer_name (store, c->officer_id);
  out->key_id = c->key_id;
  out->audit_count = c->audit_count;
  out->audit_hash = g_strdup (c->audit_hash);
  out->dossier_count = c->dossier_count;
  out->dossier_digest = g_strdup (c->dossier_digest);
  out->hash = to_hex (digest, sizeof digest);
  out->qr_text = g_strdup_printf (QR_PREFIX "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%"
                                  G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                                  "|%s|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "|%s|%s",
                                  c->id, c->at, c->officer_id, c->key_id, c->audit_count,
                                  c->audit_hash, c->dossier_count, c->dossier_digest,
                                  c->signature_count, c->signature_digest, sig64);
  why = signature_problem (store, c, &out->key_fingerprint);
  out->valid = why == NULL;
  if (why != NULL)
    out->verdict = g_strdup_printf (_("Checkpoint no. %lld of %s cannot be trusted: %s."),
                                    (long long) c->id, when, why);
  else
    out->verdict = g_strdup_printf (_("Checkpoint no. %lld signed by %s at %s with the key %s: "
                                      "%lld audit records, %lld dossiers."),
                                    (long long) c->id, out->officer_name, when,
                                    out->key_fingerprint, (long long) c->audit_count,
                                    (long long) c->dossier_count);
  return out;
}

/* The newest checkpoint with its rows, when its signature holds and its lists still give the
 * digests it signed: 1, with *WHY NULL; 1 with *WHY the reason when it does not hold (then C
 * holds no lists); 0 when there is none; -1 on error. */
static int
last_trusted_checkpoint (McStore *store, McStoreCheckpoint *c, char **why, GError **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *rows_digest = NULL;
  g_autofree char *sigs_digest = NULL;
  gint64 id;
  gsize rows_len = 0, sigs_len = 0;
  const guchar *rows, *sigs;
  int found;

  if (why != NULL)
    *why = NULL;
  id = mc_store_last_checkpoint_id (store, error);
  if (id == 0)
    return error != NULL && *error != NULL ? -1 : 0;
  found = mc_store_load_checkpoint (store, id, TRUE, c, error);
  if (found <= 0)
    return found;
  problem = signature_problem (store, c, NULL);
  if (problem == NULL)
    {
      rows = g_bytes_get_data (c->row_hashes, &rows_len);
      sigs = g_bytes_get_data (c->signature_hashes, &sigs_len);
      rows_digest = bytes_digest_hex (rows != NULL ? rows : (const guchar *) "", rows_len);
      sigs_digest = bytes_digest_hex (sigs != NULL ? sigs : (const guchar *) "", sigs_len);
      if (rows_len % ROW_BYTES != 0 || (gint64) (rows_len / ROW_BYTES) != c->dossier_count ||
          !g_str_equal (rows_digest, c->dossier_digest) || sigs_len % VOUCH_BYTES != 0 ||
          (gint64) (sigs_len / VOUCH_BYTES) != c->signature_count ||
          !g_str_equal (sigs_digest, c->signature_digest))
        problem = g_strdup (_("the lists of rows and signatures kept with it were altered"));
    }
  if (problem != NULL)
    {
      g_clear_pointer (&c->row_hashes, g_bytes_unref);
      g_clear_pointer (&c->signature_hashes, g_bytes_unref);
      if (why != NULL)
        *why = g_steal_pointer (&problem);
    }
  return 1;
}

/* ---- Creating ---- */

typedef struct {
  gint64        actor_id;
  McSigner     *signer;
  McCheckpoint *result;
} Create;

static gboolean
create_work (McStore *store, gpointer data, GError **error)
{
  Create *cr = data;
  g_auto(McStoreCheckpoint) c = { 0 };
  g_autoptr(GString) text = g_string_sized_new (1024);
  g_autofree char *details = NULL;
  guchar digest[crypto_hash_sha256_BYTES];
  RowCollect rc = { NULL, text, 0 };
  gint64 first = 0;
  gsize n;

  if (mc_store_actor_role (store, cr->actor_id) != MC_ROLE_CHAIRMAN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only the chairman can sign a checkpoint."));
      return FALSE;
    }
  /* The chain is checked before it is vouched for. */
  if (!mc_audit_verify (store, NULL, error) || !mc_audit_first_id (store, &first, error))
    return FALSE;
  if (!mc_audit_last_record (store, &c.audit_count, &c.audit_hash, error))
    return FALSE;
  if (c.audit_count > 0 && first != 1)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                   _("The audit log begins at record %lld, not at record 1: its start was "
                     "deleted, so no checkpoint can vouch for it."), (long long) first);
      return FALSE;
    }
  rc.rows = g_byte_array_new ();
  if (!mc_store_foreach_dossier_row (store, collect_row_cb, &rc, error))
    {
      g_byte_array_unref (rc.rows);
      return FALSE;
    }
  n = rc.rows->len;
  c.row_hashes = g_byte_array_free_to_bytes (rc.rows);
  c.dossier_count = rc.n;
  c.dossier_digest = bytes_digest_hex (g_bytes_get_data (c.row_hashes, NULL), n);
  /* The signatures that verify now, each Ed25519 check done again unless the last checkpoint
   * vouched for the same bytes. */
  {
    g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
    g_auto(McStoreCheckpoint) last = { 0 };
    GByteArray *verified = g_byte_array_new ();
    gboolean ok;

    ok = last_trusted_checkpoint (store, &last, NULL, error) >= 0 &&
         mc_signature_check_all (store, ignored, last.signature_hashes, verified, NULL, NULL,
                                 error);
    n = verified->len;
    c.signature_hashes = g_byte_array_free_to_bytes (verified);
    if (!ok)
      return FALSE;
    c.signature_count = n / VOUCH_BYTES;
    c.signature_digest = bytes_digest_hex (g_bytes_get_data (c.signature_hashes, NULL), n);
  }
  c.id = mc_store_next_checkpoint_id (store, error);
  if (c.id == 0)
    return FALSE;
  c.at = mc_store_now (store);
  c.officer_id = cr->actor_id;
  c.key_id = mc_signer_get_key_id (cr->signer);
  checkpoint_digest (&c, digest);
  c.digest_hex = to_hex (digest, sizeof digest);
  mc_signer_sign_digest (cr->signer, digest, c.signature);
  c.signature_intact = TRUE;
  details = g_strdup_printf ("checkpoint %" G_GINT64_FORMAT ": %s (%" G_GINT64_FORMAT
                             " records, %" G_GINT64_FORMAT " dossiers)", c.id, c.digest_hex,
                             c.audit_count, c.dossier_count);
  if (!mc_store_insert_checkpoint (store, &c, error) ||
      !mc_audit_append (store, cr->actor_id, "checkpoint.create", "checkpoint", c.id, details,
                        error))
    return FALSE;
  g_clear_pointer (&cr->result, mc_checkpoint_free);
  cr->result = checkpoint_public (store, &c);
  return TRUE;
}

McCheckpoint *
mc_checkpoint_create (McStore *store, gint64 actor_id, const char *password, GError **error)
{
  g_autoptr(McSigner) signer = NULL;
  Create cr = { actor_id, NULL, NULL };

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (mc_store_actor_role (store, actor_id) != MC_ROLE_CHAIRMAN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only the chairman can sign a checkpoint."));
      return NULL;
    }
  signer = mc_signature_unlock (store, actor_id, password, error);
  if (signer == NULL)
    return NULL;
  cr.signer = signer;
  if (!mc_store_transact (store, create_work, &cr, error))
    {
      g_clear_pointer (&cr.result, mc_checkpoint_free);
      return NULL;
    }
  return cr.result;
}

McCheckpoint *
mc_checkpoint_get_last (McStore *store, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(McStoreCheckpoint) c = { 0 };
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  id = mc_store_last_checkpoint_id (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (id == 0 || mc_store_load_checkpoint (store, id, FALSE, &c, error) == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("No checkpoint has been signed yet."));
      return NULL;
    }
  if (c.id == 0)
    return NULL;
  return checkpoint_public (store, &c);
}

/* ---- The chain against the checkpoints ---- */

typedef struct {
  GHashTable *ids;      /* checkpoint ids the audit log names */
  GArray     *records;  /* gint64: the audit record of each, same order */
} Named;

static void
named_cb (gint64 id, gint64 entity_id, const char *details, gpointer data)
{
  Named *named = data;
  gint64 *key = g_new (gint64, 1);

  *key = entity_id;
  g_hash_table_add (named->ids, key);
  g_array_append_val (named->records, id);
  g_array_append_val (named->records, entity_id);
}

/* Adds a sentence to PROBLEMS for each checkpoint that does not hold against the chain as it is
 * (assumed checked record by record already); FALSE on a store error. */
static gboolean
verify_checkpoints (McStore *store, GPtrArray *problems, GError **error)
{
  g_autoptr(GPtrArray) list = mc_store_list_checkpoints (store, FALSE, error);
  g_autoptr(GHashTable) present = NULL;
  Named named = { NULL, NULL };
  gint64 first = 0, last = 0, good_until = 0;
  g_autofree char *last_hash = NULL;

  if (list == NULL || !mc_audit_first_id (store, &first, error) ||
      !mc_audit_last_record (store, &last, &last_hash, error))
    return FALSE;
  present = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      const McStoreCheckpoint *c = g_ptr_array_index (list, i);
      g_autofree char *when = mc_time_to_iso (c->at);
      g_autofree char *why = signature_problem (store, c, NULL);
      g_autofree char *hash = NULL;
      gboolean failed = FALSE;
      gint64 *key = g_new (gint64, 1);

      *key = c->id;
      g_hash_table_add (present, key);
      /* A cut first: it also takes away the records that vouch for the key. */
      if (c->audit_count > 0 && last < c->audit_count)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("The end of the audit log was cut: checkpoint no. "
                                              "%lld of %s counted %lld records, but the log now "
                                              "ends at record %lld (records %lld to %lld were "
                                              "deleted)."),
                                            (long long) c->id, when, (long long) c->audit_count,
                                            (long long) last, (long long) last + 1,
                                            (long long) c->audit_count));
          continue;
        }
      if (why != NULL)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("Checkpoint no. %lld of %s cannot be trusted: %s."),
                                            (long long) c->id, when, why));
          continue;
        }
      if (c->audit_count == 0)
        continue;
      if (first != 1)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("The start of the audit log was cut: checkpoint "
                                              "no. %lld of %s counted records 1 to %lld, but the "
                                              "log now begins at record %lld."),
                                            (long long) c->id, when, (long long) c->audit_count,
                                            (long long) first));
          continue;
        }
      hash = mc_audit_record_hash (store, c->audit_count, &failed, error);
      if (failed)
        return FALSE;
      if (g_strcmp0 (hash, c->audit_hash) != 0)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("The audit log was rewritten before checkpoint no. "
                                              "%lld of %s: record %lld no longer has the hash "
                                              "the checkpoint signed, so one of records %lld to "
                                              "%lld was changed or removed and the chain "
                                              "computed again."),
                                            (long long) c->id, when, (long long) c->audit_count,
                                            (long long) good_until + 1,
                                            (long long) c->audit_count));
          continue;
        }
      good_until = MAX (good_until, c->audit_count);
    }

  /* A checkpoint the log names but the table lost. */
  named.ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  named.records = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!mc_audit_foreach_action (store, "checkpoint.create", named_cb, &named, error))
    {
      g_hash_table_unref (named.ids);
      g_array_unref (named.records);
      return FALSE;
    }
  for (guint i = 0; i + 1 < named.records->len; i += 2)
    {
      gint64 record = g_array_index (named.records, gint64, i);
      gint64 id = g_array_index (named.records, gint64, i + 1);

      if (!g_hash_table_contains (present, &id))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Checkpoint no. %lld, recorded in the audit log at "
                                            "record %lld, is missing from the database."),
                                          (long long) id, (long long) record));
    }
  g_hash_table_unref (named.ids);
  g_array_unref (named.records);
  return TRUE;
}

gboolean
mc_checkpoint_verify_audit (McStore *store, gint64 *n_records, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  gint64 n = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!mc_audit_verify (store, &n, error) || !verify_checkpoints (store, problems, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("\n", (char **) problems->pdata);
      g_set_error_literal (error, MC_ERROR, MC_ERROR_CORRUPT, joined);
      return FALSE;
    }
  if (n_records != NULL)
    *n_records = n;
  return TRUE;
}

/* ---- The printed QR code ---- */

McCheckpoint *
mc_checkpoint_check_qr (McStore *store, const char *text, GError **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *sig = NULL;
  g_auto(McStoreCheckpoint) c = { 0 };
  g_auto(McStoreCheckpoint) stored = { 0 };
  g_autoptr(McCheckpoint) out = NULL;
  g_autofree char *when = NULL;
  gint64 numbers[7] = { 0 };
  gsize sig_len = 0;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  /* MCK1 | id | at | chairman | key | N | hash | dossiers | digest | signatures | digest | sig */
  if (g_utf8_validate (clean, -1, NULL))
    parts = g_strsplit (clean, "|", -1);
  ok = parts != NULL && g_strv_length (parts) == 12 && g_str_equal (parts[0], QR_PREFIX) &&
       strlen (parts[6]) == 64 && strlen (parts[8]) == 64 && strlen (parts[10]) == 64;
  for (int i = 0, field = 1; ok && field <= 9; field++)
    {
      guint64 v = 0;

      if (field == 6 || field == 8)
        continue;
      ok = g_ascii_string_to_unsigned (parts[field], 10, 0, G_MAXINT64, &v, NULL);
      numbers[i++] = (gint64) v;
    }
  if (ok)
    sig = g_base64_decode (parts[11], &sig_len);
  if (!ok || sig == NULL || sig_len != crypto_sign_BYTES)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This QR code does not hold a checkpoint of Một Cửa."));
      return NULL;
    }
  c.id = numbers[0];
  c.at = numbers[1];
  c.officer_id = numbers[2];
  c.key_id = numbers[3];
  c.audit_count = numbers[4];
  c.audit_hash = g_strdup (parts[6]);
  c.dossier_count = numbers[5];
  c.dossier_digest = g_strdup (parts[8]);
  c.signature_count = numbers[6];
  c.signature_digest = g_strdup (parts[10]);
  memcpy (c.signature, sig, sizeof c.signature);
  c.signature_intact = TRUE;
  {
    guchar digest[crypto_hash_sha256_BYTES];

    checkpoint_digest (&c, digest);
    c.digest_hex = to_hex (digest, sizeof digest);
  }

  /* The printed page carries everything it vouches for: the database is checked against it,
   * not the other way round. */
  out = checkpoint_public (store, &c);
  when = mc_time_to_iso (c.at);
  if (out->valid)
    {
      g_autofree char *hash = NULL;
      g_autofree char *verdict = NULL;
      g_autoptr(GError) chain_error = NULL;
      gint64 last = 0, n = 0;
      gboolean failed = FALSE;
      int found;

      if (!mc_audit_last_record (store, &last, &hash, error))
        return NULL;
      g_clear_pointer (&hash, g_free);
      if (!mc_audit_verify (store, &n, &chain_error))
        verdict = g_strdup_printf (_("Checkpoint no. %lld of %s was signed by %s, but the "
                                     "audit log no longer holds: %s"), (long long) c.id, when,
                                   out->officer_name, chain_error->message);
      else if (last < c.audit_count)
        verdict = g_strdup_printf (_("Checkpoint no. %lld of %s was signed by %s over %lld audit "
                                     "records, but the log now ends at record %lld: its end was "
                                     "cut."), (long long) c.id, when, out->officer_name,
                                   (long long) c.audit_count, (long long) last);
      else if ((hash = mc_audit_record_hash (store, c.audit_count, &failed, error)), failed)
        return NULL;
      else if (c.audit_count > 0 && g_strcmp0 (hash, c.audit_hash) != 0)
        verdict = g_strdup_printf (_("Checkpoint no. %lld of %s was signed by %s, but record "
                                     "%lld of the audit log no longer has the hash it signed: "
                                     "the log was rewritten before it."), (long long) c.id, when,
                                   out->officer_name, (long long) c.audit_count);
      else if ((found = mc_store_load_checkpoint (store, c.id, FALSE, &stored, error)) < 0)
        return NULL;
      else if (found == 0 || g_strcmp0 (stored.digest_hex, c.digest_hex) != 0)
        verdict = g_strdup_printf (_("Checkpoint no. %lld of %s was signed by %s and the audit "
                                     "log still holds it, but the database no longer keeps "
                                     "this checkpoint as it was printed."), (long long) c.id,
                                   when, out->officer_name);
      if (verdict != NULL)
        {
          out->valid = FALSE;
          g_free (out->verdict);
          out->verdict = g_steal_pointer (&verdict);
        }
      else
        {
          g_free (out->verdict);
          out->verdict = g_strdup_printf (_("Checkpoint no. %lld signed by %s at %s with the key "
                                            "%s holds: the audit log still has its %lld records "
                                            "as they were then."), (long long) c.id,
                                          out->officer_name, when, out->key_fingerprint,
                                          (long long) c.audit_count);
        }
    }
  return g_steal_pointer (&out);
}

/* ---- The full check ---- */

typedef struct {
  McStore      *store;
  GPtrArray    *problems;
  const guchar *rows;           /* the checkpoint's row hashes */
  gsize         n_rows;
  gsize         next;           /* the next entry of ROWS to meet */
  GHashTable   *audited;        /* dossier ids named by a record since the checkpoint */
  GArray       *import_ranges;  /* gint64 pairs: ids a new import added since */
  GString      *text;
  gint64        checkpoint_id;
  char         *when;
  gint64        changed_audited;
  gint64        dossiers;
} RowCheck;

static gboolean
in_import_range (RowCheck *rc, gint64 id)
{
  for (guint i = 0; i + 1 < rc->import_ranges->len; i += 2)
    if (id >= g_array_index (rc->import_ranges, gint64, i) &&
        id <= g_array_index (rc->import_ranges, gint64, i + 1))
      return TRUE;
  return FALSE;
}

static void
gone (RowCheck *rc, gint64 id)
{
  if (g_hash_table_contains (rc->audited, &id))
    return;
  g_ptr_array_add (rc->problems,
                   g_strdup_printf (_("The dossier no. %lld that checkpoint no. %lld of %s "
                                      "recorded is gone from the database, with no audit record "
                                      "of it."), (long long) id, (long long) rc->checkpoint_id,
                                    rc->when));
}

static gboolean
check_row_cb (gint64 id, const McStoreRowValue *values, guint n_values, gpointer data)
{
  RowCheck *rc = data;
  guchar hash[crypto_hash_sha256_BYTES];
  const char *code = values[0].text != NULL ? values[0].text : "";
  gboolean audited;

  rc->dossiers++;
  while (rc->next < rc->n_rows && get_id (rc->rows + rc->next * ROW_BYTES) < id)
    gone (rc, get_id (rc->rows + rc->next++ * ROW_BYTES));
  row_hash (rc->text, id, values, n_values, hash);
  audited = g_hash_table_contains (rc->audited, &id);
  if (rc->next < rc->n_rows && get_id (rc->rows + rc->next * ROW_BYTES) == id)
    {
      const guchar *then = rc->rows + rc->next++ * ROW_BYTES + 8;

      if (sodium_memcmp (then, hash, sizeof hash) == 0)
        return TRUE;
      if (audited)
        rc->changed_audited++;
      else
        g_ptr_array_add (rc->problems,
                         g_strdup_printf (_("Dossier %s was changed after checkpoint no. %lld of "
                                            "%s, with no audit record of the change."),
                                          code, (long long) rc->checkpoint_id, rc->when));
      return TRUE;
    }
  if (audited || in_import_range (rc, id))
    rc->changed_audited++;
  else
    g_ptr_array_add (rc->problems,
                     g_strdup_printf (_("Dossier %s was added after checkpoint no. %lld of %s, "
                                        "with no audit record of it."),
                                      code, (long long) rc->checkpoint_id, rc->when));
  return TRUE;
}

/* An import's record names the ids it added: "…, new ids A-B". */
static void
add_import_range (GArray *ranges, const char *details)
{
  const char *p = strstr (details, "new ids ");
  long long a = 0, b = 0;

  if (p != NULL && sscanf (p, "new ids %lld-%lld", &a, &b) == 2 && a <= b)
    {
      gint64 from = a, to = b;

      g_array_append_val (ranges, from);
      g_array_append_val (ranges, to);
    }
}

/* Every dossier's row against checkpoint C (trusted, with its rows). */
static gboolean
check_rows (McStore *store, const McStoreCheckpoint *c, GPtrArray *problems,
            McCheckStats *stats, GError **error)
{
  g_autoptr(GHashTable) audited = NULL;
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *when = mc_time_to_iso (c->at);
  const guchar *rows;
  gsize len = 0;
  RowCheck rc = { 0 };

  rows = g_bytes_get_data (c->row_hashes, &len);
  audited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  imports = g_ptr_array_new_with_free_func (g_free);
  ranges = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!mc_audit_dossiers_since (store, c->audit_count, audited, imports, error))
    return FALSE;
  for (guint i = 0; i < imports->len; i++)
    add_import_range (ranges, g_ptr_array_index (imports, i));

  text = g_string_sized_new (1024);
  rc = (RowCheck) { store, problems, rows, len / ROW_BYTES, 0, audited, ranges, text, c->id,
                    when, 0, 0 };
  if (!mc_store_foreach_dossier_row (store, check_row_cb, &rc, error))
    return FALSE;
  while (rc.next < rc.n_rows)
    gone (&rc, get_id (rc.rows + rc.next++ * ROW_BYTES));
  stats->checkpoint_id = c->id;
  stats->changed_since = rc.changed_audited;
  stats->dossiers = rc.dossiers;
  return TRUE;
}

/* Everything but the engine's check of the structure, on STORE's connection. */
static gboolean
check_rest (McStore *store, gboolean recheck_signatures, GPtrArray *problems,
            McCheckStats *stats, GError **error)
{
  g_auto(McStoreCheckpoint) last = { 0 };
  g_autofree char *untrusted = NULL;
  gint64 start, n = 0, vouched = 0;
  int found;

  start = g_get_monotonic_time ();
  if (!mc_store_check_rules (store, problems, error))
    return FALSE;
  {
    g_autofree char *head = NULL;

    mc_audit_last_record (store, &stats->audit_records, &head, NULL);
  }
  stats->seconds_store = (g_get_monotonic_time () - start) / 1e6;

  start = g_get_monotonic_time ();
  if (!verify_checkpoints (store, problems, error))
    return FALSE;
  /* A checkpoint that does not hold is named above; it vouches for nothing. */
  found = last_trusted_checkpoint (store, &last, &untrusted, error);
  if (found < 0)
    return FALSE;
  if (found > 0 && untrusted != NULL && last.signature_intact)
    {
      g_autofree char *when = mc_time_to_iso (last.at);

      g_ptr_array_add (problems,
                       g_strdup_printf (_("Checkpoint no. %lld of %s cannot be trusted: %s."),
                                        (long long) last.id, when, untrusted));
    }
  stats->seconds_checkpoints = (g_get_monotonic_time () - start) / 1e6;

  start = g_get_monotonic_time ();
  if (!mc_signature_check_all (store, problems,
                               recheck_signatures ? NULL : last.signature_hashes, NULL, &n,
                               &vouched, error))
    return FALSE;
  stats->signatures = n;
  stats->signatures_vouched = vouched;
  stats->seconds_signatures = (g_get_monotonic_time () - start) / 1e6;

  start = g_get_monotonic_time ();
  if (found > 0 && last.row_hashes != NULL && !check_rows (store, &last, problems, stats, error))
    return FALSE;
  if (stats->checkpoint_id == 0)
    stats->dossiers = mc_store_count_dossiers (store);
  stats->seconds_rows = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

/* The engine's check of the structure, on a connection of its own in another thread: it reads
 * every page while the first thread checks the chain, the signatures and the rows. */
typedef struct {
  McStore   *store;
  GPtrArray *problems;
  GError    *error;
  gboolean   ok;
  double     seconds;
} StructureJob;

static gpointer
structure_thread (gpointer data)
{
  StructureJob *job = data;
  gint64 start = g_get_monotonic_time ();

  job->ok = mc_store_check_structure (job->store, job->problems, &job->error);
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
  return NULL;
}

gboolean
mc_checkpoint_check_database (McStore *store, gboolean recheck_signatures,
                              GPtrArray **problems_out, McCheckStats *stats, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) engine = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McStore) sibling = NULL;
  StructureJob job = { NULL, engine, NULL, TRUE, 0 };
  GThread *thread = NULL;
  McCheckStats local = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);

  /* A file database is read by a second connection at the same time (a file in memory has no
   * second connection; a server checks itself). */
  if (!mc_store_is_server (store) && g_strcmp0 (mc_store_get_path (store), ":memory:") != 0 &&
      !mc_store_in_transaction (store))
    sibling = mc_store_open_sibling (store, NULL);
  job.store = sibling != NULL ? sibling : store;
  if (sibling != NULL)
    thread = g_thread_new ("motcua-check", structure_thread, &job);
  else
    structure_thread (&job);
  ok = check_rest (store, recheck_signatures, problems, stats, error);
  if (thread != NULL)
    g_thread_join (thread);
  stats->seconds_structure = job.seconds;
  if (ok && !job.ok)
    {
      g_propagate_error (error, g_steal_pointer (&job.error));
      ok = FALSE;
    }
  g_clear_error (&job.error);
  if (!ok)
    return FALSE;
  /* The engine's problems first, as mc_store_check gives them. */
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (engine, g_strdup (g_ptr_array_index (problems, i)));
  if (problems_out != NULL)
    *problems_out = g_ptr_array_ref (engine);
  return engine->len == 0;
}
