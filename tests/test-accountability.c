/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accountability that holds against an insider (issue 12, "rõ trách nhiệm"): each tampering an
 * insider with the database file and an administrator's account could try, and the command that
 * must detect and name it. Keys made only by their holder and valid once confirmed; checkpoints
 * that anchor the audit log and the dossiers (a cut tail, a rewritten and re-hashed chain, a
 * direct UPDATE); imports that keep history and refuse to rewrite what was signed; CSV that is
 * safe to open; file modes; the sign-in lockout. The insider's tampering goes through the
 * sqlite3 library, behind the store's back. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-import.h"
#include "mc-report.h"
#include "mc-signature.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-backup.h"
#include "mc-workflow.h"

#define PASSWORD "motcua2024"

typedef struct {
  char    *dir;
  char    *path;
  McStore *store;
  gint64   admin, desk, spec, vice, vice2, chairman;
  gint64   proc;
} Fixture;

static gint64
add_officer (McStore *store, const char *name, const char *title, McRole role,
             const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, title, role, username, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = NULL;

  fx->dir = mc_test_tmpdir ();
  fx->path = g_build_filename (fx->dir, "motcua.db", NULL);
  fx->store = mc_store_create (fx->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (fx->store, &error));
  g_assert_no_error (error);
  fx->admin = add_officer (fx->store, "Lê Văn Minh", NULL, MC_ROLE_ADMIN, "quantri");
  fx->desk = add_officer (fx->store, "Nguyễn Thị Hoa", NULL, MC_ROLE_DESK, "tiepnhan");
  fx->spec = add_officer (fx->store, "Phạm Thị Lan", NULL, MC_ROLE_SPECIALIST, "tuphap");
  fx->vice = add_officer (fx->store, "Bùi Văn Thắng", "Phó Chủ tịch UBND xã",
                          MC_ROLE_VICE_CHAIRMAN, "pho");
  fx->vice2 = add_officer (fx->store, "Đặng Thị Hương", "Phó Chủ tịch UBND xã",
                           MC_ROLE_VICE_CHAIRMAN, "pho2");
  fx->chairman = add_officer (fx->store, "Ngô Quang Vinh", "Chủ tịch UBND xã",
                              MC_ROLE_CHAIRMAN, "chutich");
  p = mc_store_find_procedure (fx->store, "2.000815", &error);
  g_assert_no_error (error);
  fx->proc = p->id;
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fx->store);
  dir = g_dir_open (fx->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fx->dir, name, NULL);
      g_remove (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static char *
tmp_file (Fixture *fx, const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

static gint64
sign_in (Fixture *fx, const char *username, const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = mc_account_authenticate (fx->store, username, password, &error);

  g_assert_no_error (error);
  return officer->id;
}

static void
confirm (Fixture *fx, gint64 actor, gint64 holder, const char *password)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_signature_confirm_key (fx->store, actor, holder, password, &error));
  g_assert_no_error (error);
}

/* The commune's first leaders sign in, and confirm one another's keys. */
static void
keys_ready (Fixture *fx)
{
  sign_in (fx, "chutich", PASSWORD);
  sign_in (fx, "pho", PASSWORD);
  confirm (fx, fx->vice, fx->chairman, PASSWORD);
  confirm (fx, fx->chairman, fx->vice, PASSWORD);
}

static gint64
submitted_dossier (Fixture *fx, const char *applicant)
{
  return mc_test_submitted (fx->store, fx->proc, fx->desk, fx->spec, applicant,
                            "Bản sao chứng thực số 12", NULL);
}

static gint64
signed_dossier (Fixture *fx, gint64 signer, const char *password, const char *applicant)
{
  g_autoptr(GError) error = NULL;
  gint64 id = submitted_dossier (fx, applicant);

  g_assert_true (mc_workflow_sign (fx->store, signer, id, password, 0, &error));
  g_assert_no_error (error);
  return id;
}

/* Signed, the result recorded and handed to the citizen (status 10). */
static gint64
handed_over_dossier (Fixture *fx, const char *applicant)
{
  gint64 id = signed_dossier (fx, fx->vice, PASSWORD, applicant);

  mc_test_apply (fx->store, fx->spec, id, MC_ACTION_RECORD_RESULT, (McActionArgs) { 0 });
  mc_test_apply (fx->store, fx->desk, id, MC_ACTION_HAND_OVER, (McActionArgs) { 0 });
  return id;
}

static char *
code_of (Fixture *fx, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (d->code);
}

static McSignatureCheck *
verdict (Fixture *fx, gint64 dossier)
{
  g_autoptr(GError) error = NULL;
  McSignatureCheck *c = mc_signature_check_dossier (fx->store, dossier, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static McCheckpoint *
checkpoint_ok (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  McCheckpoint *c = mc_checkpoint_create (fx->store, fx->chairman, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_true (c->valid);
  return c;
}

/* ---- The CLI ---- */

/* Runs motcua-cli on the fixture's database (closed meanwhile, as another process would find
 * it), as AS (NULL: nobody) with PASSWORD; ARGS NULL-terminated. The exit status. */
static int
cli (Fixture *fx, const char *as, const char *password, char **out, char **err, ...)
{
  const char *program = g_getenv ("MOTCUA_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, fx->path);
  if (as != NULL)
    {
      g_ptr_array_add (argv, "--as");
      g_ptr_array_add (argv, (char *) as);
    }
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = password != NULL ? g_environ_setenv (env, "MOTCUA_PASSWORD", password, TRUE)
                         : g_environ_unsetenv (env, "MOTCUA_PASSWORD");

  g_clear_object (&fx->store);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDIN_FROM_DEV_NULL,
                               NULL, NULL, &out_text, &err_text, &status, &error));
  g_assert_no_error (error);
  fx->store = mc_store_open (fx->path, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_printerr ("motcua-cli %s:\n%s%s", (char *) argv->pdata[3], out_text, err_text);
  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* ---- The insider, with the file ---- */

static void
insider_sql (Fixture *fx, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_clear_object (&fx->store);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
  {
    g_autoptr(GError) error = NULL;

    fx->store = mc_store_open (fx->path, &error);
    g_assert_no_error (error);
  }
}

/* The audit chain's hash of one record, as docs/design.md and mc-store-audit.c define it. */
static char *
record_hash (const char *prev, gint64 id, gint64 at, gint64 actor, const char *action,
             const char *entity, gint64 entity_id, const char *details)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *numbers = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                              "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT,
                                              id, at, actor, entity_id);
  const char *parts[] = { prev, numbers, action, entity, details };

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (sum, (const guchar *) parts[i], -1);
      g_checksum_update (sum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* Rewrites the details of record ID and computes the whole chain again, as an insider who read
 * the program would: the chain alone then reads intact. */
static void
insider_rewrite_and_rehash (Fixture *fx, gint64 id, const char *details)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *read = NULL, *write = NULL;
  g_autofree char *prev = g_strdup ("");
  g_autofree char *sql = NULL;

  g_clear_object (&fx->store);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("DROP TRIGGER audit_no_update; UPDATE audit SET details = %Q "
                         "WHERE id = %lld;", details, (long long) id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (g_steal_pointer (&sql));
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, at, coalesce(actor_id, 0), action, entity, "
                                       "coalesce(entity_id, 0), details FROM audit ORDER BY id",
                                       -1, &read, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE audit SET prev_hash = ?1, hash = ?2 "
                                       "WHERE id = ?3", -1, &write, NULL), ==, SQLITE_OK);
  while (sqlite3_step (read) == SQLITE_ROW)
    {
      g_autofree char *hash = record_hash (prev, sqlite3_column_int64 (read, 0),
                                           sqlite3_column_int64 (read, 1),
                                           sqlite3_column_int64 (read, 2),
                                           (const char *) sqlite3_column_text (read, 3),
                                           (const char *) sqlite3_column_text (read, 4),
                                           sqlite3_column_int64 (read, 5),
                                           (const char *) sqlite3_column_text (read, 6));

      sqlite3_bind_text (write, 1, prev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 2, hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (write, 3, sqlite3_column_int64 (read, 0));
      g_assert_cmpint (sqlite3_step (write), ==, SQLITE_DONE);
      sqlite3_reset (write);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  sqlite3_finalize (read);
  sqlite3_finalize (write);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  {
    g_autoptr(GError) error = NULL;

    fx->store = mc_store_open (fx->path, &error);
    g_assert_no_error (error);
  }
}

static void
append_field (GString *text, const char *name, const char *value)
{
  g_string_append_printf (text, "%s: ", name);
  for (const char *p = value; *p; p++)
    if (*p == '\\')
      g_string_append (text, "\\\\");
    else if (*p == '\n')
      g_string_append (text, "\\n");
    else if (*p == '\r')
      g_string_append (text, "\\r");
    else
      g_string_append_c (text, *p);
  g_string_append_c (text, '\n');
}

/* An insider who knows OFFICER's password (the administrator after a reset) opens the key with
 * it and writes a signature of DOSSIER by hand, following mc-signature.h, past the program's
 * refusal to sign with an unconfirmed key. */
static void
insider_forge_signature (Fixture *fx, gint64 officer, const char *password, gint64 dossier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, dossier, &error);
  g_autoptr(GString) text = g_string_new ("motcua-signature-1\n");
  g_autofree char *audit_hash = NULL;
  g_autofree char *digest_hex = NULL;
  guchar key[crypto_secretbox_KEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  guchar digest[crypto_hash_sha256_BYTES];
  McStoreKey k = { 0 };
  McStoreSignature s = { 0 };
  gint64 audit_id = 0;
  McTime now;

  g_assert_no_error (error);
  g_assert_cmpint (mc_store_load_usable_key (fx->store, officer, &k, &error), ==, 1);
  g_assert_cmpint (crypto_pwhash (key, sizeof key, password, strlen (password), k.salt,
                                  (unsigned long long) k.ops, (size_t) k.mem,
                                  crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  g_assert_cmpint (crypto_secretbox_open_easy (sk, k.sealed, sizeof k.sealed, k.nonce, key),
                   ==, 0);
  g_assert_true (mc_store_begin (fx->store, &error));
  g_assert_true (mc_audit_last_record (fx->store, &audit_id, &audit_hash, &error));
  now = mc_store_now (fx->store);
  append_field (text, "code", d->code);
  append_field (text, "procedure", d->procedure_code);
  append_field (text, "applicant", d->applicant_name);
  append_field (text, "applicant-id", d->applicant_id_number);
  append_field (text, "result", d->result);
  g_string_append_printf (text, "appointment: %" G_GINT64_FORMAT "\n", d->due_at);
  g_string_append_printf (text, "signed-at: %" G_GINT64_FORMAT "\n", now);
  g_string_append_printf (text, "signer: %" G_GINT64_FORMAT "\n", officer);
  g_string_append_printf (text, "key: %" G_GINT64_FORMAT "\n", k.id);
  g_string_append_printf (text, "audit: %" G_GINT64_FORMAT " %s\n", audit_id, audit_hash);
  crypto_hash_sha256 (digest, (const guchar *) text->str, text->len);
  digest_hex = g_malloc (sizeof digest * 2 + 1);
  sodium_bin2hex (digest_hex, sizeof digest * 2 + 1, digest, sizeof digest);
  s = (McStoreSignature) {
    .dossier_id = dossier, .officer_id = officer, .key_id = k.id, .signed_at = now,
    .audit_id = audit_id, .audit_hash = audit_hash, .code = d->code,
    .procedure_code = d->procedure_code, .applicant_name = d->applicant_name,
    .applicant_id = d->applicant_id_number, .result = d->result, .appointment = d->due_at,
    .digest_hex = digest_hex,
  };
  crypto_sign_detached (s.signature, NULL, digest, sizeof digest, sk);
  g_assert_cmpint (mc_store_insert_signature (fx->store, &s, &error), >, 0);
  g_assert_true (mc_audit_append (fx->store, officer, "signature.create", "dossier", dossier,
                                  d->code, &error));
  g_assert_true (mc_store_commit (fx->store, &error));
  sodium_memzero (sk, sizeof sk);
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* ---- Keys ---- */

static void
test_keys_only_their_holder_makes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM signing_key WHERE officer_id = "
                                          "%" G_GINT64_FORMAT, fx->vice);
  gint64 id;

  /* The administrator made the account, and no key with it. */
  g_assert_cmpint (mc_store_testing_int (fx->store, sql), ==, 0);
  g_assert_false (mc_signature_issue_key (fx->store, fx->admin, fx->vice, PASSWORD, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The leader's sign-in makes it; it signs nothing until confirmed. */
  sign_in (fx, "pho", PASSWORD);
  g_assert_cmpint (mc_store_testing_int (fx->store, sql), ==, 1);
  id = submitted_dossier (fx, "Nguyễn Văn An");
  g_assert_false (mc_workflow_sign (fx->store, fx->vice, id, PASSWORD, 0, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "not been confirmed"));
  g_clear_error (&error);

  /* No one confirms their own key, and a vice-chairman does not confirm another's. */
  sign_in (fx, "pho2", PASSWORD);
  g_assert_false (mc_signature_confirm_key (fx->store, fx->vice, fx->vice, PASSWORD, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_signature_confirm_key (fx->store, fx->vice2, fx->vice, PASSWORD, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  keys_ready (fx);
  g_assert_true (mc_workflow_sign (fx->store, fx->vice, id, PASSWORD, 0, &error));
  g_assert_no_error (error);
  c = verdict (fx, id);
  g_assert_true (c->valid);
  g_assert_nonnull (c->key_fingerprint);
  g_assert_cmpstr (c->key_confirmed_by, ==, "Ngô Quang Vinh");
  g_assert_false (c->key_after_reset);
  g_assert_nonnull (strstr (c->verdict, c->key_fingerprint));
  g_assert_nonnull (strstr (c->verdict, "confirmed by Ngô Quang Vinh"));
}

static void
test_keys_reset (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) before = NULL;
  g_autoptr(McSignatureCheck) forged = NULL;
  g_autoptr(McSignatureCheck) later = NULL;
  g_autoptr(McSignatureCheck) after = NULL;
  g_autofree char *code = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *usable = g_strdup_printf ("SELECT count(*) FROM signing_key WHERE officer_id "
                                             "= %" G_GINT64_FORMAT " AND retired_at IS NULL",
                                             fx->vice);
  gint64 old_signed, forged_id, good_id;
  const char *admin_password = "quantri-biet-mat-khau";

  keys_ready (fx);
  old_signed = signed_dossier (fx, fx->vice, PASSWORD, "Nguyễn Văn An");

  /* The administrator resets the leader's password: the key is retired, none is made. */
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->vice, NULL, admin_password,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_testing_int (fx->store, usable), ==, 0);
  before = verdict (fx, old_signed);
  g_assert_true (before->valid);

  /* The administrator signs in as the leader with the password they set: a key is made, but
   * the program refuses to sign with it; written by hand, the signature does not verify. */
  sign_in (fx, "pho", admin_password);
  g_assert_cmpint (mc_store_testing_int (fx->store, usable), ==, 1);
  forged_id = submitted_dossier (fx, "Trần Thị Bình");
  g_assert_false (mc_workflow_sign (fx->store, fx->vice, forged_id, admin_password, 0, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  insider_forge_signature (fx, fx->vice, admin_password, forged_id);
  forged = verdict (fx, forged_id);
  g_assert_false (forged->valid);
  g_assert_true (forged->key_after_reset);
  g_assert_nonnull (strstr (forged->verdict, "no leader had confirmed"));
  g_assert_nonnull (strstr (forged->verdict, "reset by the administrator"));
  code = code_of (fx, forged_id);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, &err, "signature", "verify", code, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no leader had confirmed"));

  /* Even once the chairman confirms the key, what was signed before stays unconfirmed. */
  confirm (fx, fx->chairman, fx->vice, PASSWORD);
  later = verdict (fx, forged_id);
  g_assert_false (later->valid);
  g_assert_nonnull (strstr (later->verdict, "no leader had confirmed"));

  /* From then on it signs, and every verdict says plainly that the key came after a reset. */
  good_id = signed_dossier (fx, fx->vice, admin_password, "Lê Văn Cường");
  after = verdict (fx, good_id);
  g_assert_true (after->valid);
  g_assert_true (after->key_after_reset);
  g_assert_nonnull (strstr (after->verdict, "after the password of Bùi Văn Thắng had been reset"));
  g_clear_pointer (&code, g_free);
  g_clear_pointer (&out, g_free);
  code = code_of (fx, good_id);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "signature", "verify", code, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "confirmed by Ngô Quang Vinh"));
  g_assert_nonnull (strstr (out, "reset by the administrator"));
  g_assert_nonnull (strstr (out, after->key_fingerprint));

  /* Two unconfirmed keys do not vouch for each other once the commune has confirmed ones. */
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->chairman, NULL,
                                          admin_password, &error));
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->vice2, NULL,
                                          admin_password, &error));
  g_assert_no_error (error);
  sign_in (fx, "chutich", admin_password);
  sign_in (fx, "pho2", admin_password);
  g_assert_false (mc_signature_confirm_key (fx->store, fx->chairman, fx->vice2, admin_password,
                                            &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  /* Not even once every confirmed key is gone: keys made after a reset never found a commune. */
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->vice, NULL, admin_password,
                                          &error));
  g_assert_no_error (error);
  sign_in (fx, "pho", admin_password);
  g_assert_cmpint (mc_store_testing_int (fx->store, "SELECT count(*) FROM signing_key WHERE "
                                         "confirmed_at IS NOT NULL AND retired_at IS NULL"), ==, 0);
  g_assert_false (mc_signature_confirm_key (fx->store, fx->vice, fx->chairman, admin_password,
                                            &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
}

static void
test_keys_page (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autofree char *pdf = tmp_file (fx, "keys.pdf");
  g_autofree char *cli_pdf = tmp_file (fx, "keys-cli.pdf");
  g_autofree char *out = NULL;
  McReportOptions options = { 0 };

  keys_ready (fx);
  keys = mc_signature_list_keys (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 2);
  for (guint i = 0; i < keys->len; i++)
    {
      const McSignatureKeyInfo *k = g_ptr_array_index (keys, i);

      g_assert_true (k->confirmed);
      g_assert_true (k->intact);
      g_assert_cmpuint (strlen (k->public_key_hex), ==, 64);
      g_assert_cmpstr (k->confirmer_name, ==,
                       k->officer_id == fx->chairman ? "Bùi Văn Thắng" : "Ngô Quang Vinh");
    }
  doc = mc_report_keys_new (fx->store, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_document_get_n_pages (doc), ==, 1);
  g_assert_true (mc_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);

  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "signature", "keys", NULL), ==, 0);
  g_assert_nonnull (strstr (out, ((McSignatureKeyInfo *) g_ptr_array_index (keys, 0))->fingerprint));
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, NULL, "signature", "keys", "--out", cli_pdf, NULL),
                   ==, 0);
  g_assert_true (g_file_test (cli_pdf, G_FILE_TEST_EXISTS));
  if (have_program ("pdftotext"))
    {
      g_autofree char *text = NULL;
      g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", cli_pdf);

      g_assert_true (g_spawn_command_line_sync (command, &text, NULL, NULL, NULL));
      for (guint i = 0; i < keys->len; i++)
        g_assert_nonnull (strstr (text, ((McSignatureKeyInfo *) g_ptr_array_index (keys, i))
                                          ->fingerprint));
    }
}

/* ---- Checkpoints ---- */

static void
test_checkpoint_cut_tail (Fixture *fx, gconstpointer data)
{
  g_autoptr(McCheckpoint) c = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;

  keys_ready (fx);
  signed_dossier (fx, fx->vice, PASSWORD, "Nguyễn Văn An");
  c = checkpoint_ok (fx);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "audit", "verify", NULL), ==, 0);
  signed_dossier (fx, fx->vice, PASSWORD, "Trần Thị Bình");

  /* The insider deletes the newest records, from a few before the checkpoint's head. */
  sql = g_strdup_printf ("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > %lld;",
                         (long long) c->audit_count - 3);
  insider_sql (fx, sql);
  g_assert_true (mc_audit_verify (fx->store, NULL, NULL));   /* the chain alone reads intact */
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The end of the audit log was cut: checkpoint no. 1"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "was cut"));
}

static void
test_checkpoint_rewrite (Fixture *fx, gconstpointer data)
{
  g_autoptr(McCheckpoint) c = NULL;
  g_autofree char *err = NULL;
  gint64 records = 0;

  keys_ready (fx);
  signed_dossier (fx, fx->vice, PASSWORD, "Nguyễn Văn An");
  c = checkpoint_ok (fx);
  signed_dossier (fx, fx->vice, PASSWORD, "Trần Thị Bình");

  /* A record before the checkpoint is rewritten and the chain computed again. */
  insider_rewrite_and_rehash (fx, c->audit_count - 2, "nothing happened here");
  g_assert_true (mc_audit_verify (fx->store, &records, NULL));
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The audit log was rewritten before checkpoint no. 1"));
}

static void
test_checkpoint_direct_update (Fixture *fx, gconstpointer data)
{
  g_autoptr(McCheckpoint) c = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *code_legit = NULL, *code_fee = NULL, *code_handler = NULL;
  g_autofree char *code_status = NULL, *code_signed = NULL, *code_forged = NULL;
  gint64 legit, fee, handler, status, signed_id, forged, n;

  keys_ready (fx);
  legit = submitted_dossier (fx, "Nguyễn Văn An");
  fee = submitted_dossier (fx, "Trần Thị Bình");
  handler = submitted_dossier (fx, "Lê Văn Cường");
  status = submitted_dossier (fx, "Phạm Thị Dung");
  signed_id = signed_dossier (fx, fx->vice, PASSWORD, "Hoàng Văn Em");
  forged = signed_dossier (fx, fx->vice, PASSWORD, "Vũ Thị Gấm");
  c = checkpoint_ok (fx);
  g_assert_cmpint (c->dossier_count, ==, 6);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "check", NULL), ==, 0);

  /* A change through the program is audited; the insider's are not. */
  mc_test_apply (fx->store, fx->vice, legit, MC_ACTION_SEND_BACK, (McActionArgs) { .note = "Thiếu bản chính" });
  sql = g_strdup_printf ("UPDATE dossier SET fee = 500000 WHERE id = %lld; "
                         "UPDATE dossier SET handler_id = %lld WHERE id = %lld; "
                         "UPDATE dossier SET status = 8 WHERE id = %lld; "
                         "UPDATE dossier SET applicant_name = 'Hoàng Văn Ê' WHERE id = %lld; "
                         "UPDATE signature SET signature = randomblob(64) WHERE dossier_id = %lld;",
                         (long long) fee, (long long) fx->desk, (long long) handler,
                         (long long) status, (long long) signed_id, (long long) forged);
  insider_sql (fx, sql);
  code_legit = code_of (fx, legit);
  code_fee = code_of (fx, fee);
  code_handler = code_of (fx, handler);
  code_status = code_of (fx, status);
  code_signed = code_of (fx, signed_id);
  code_forged = code_of (fx, forged);

  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", NULL), ==, 1);
  g_assert_null (strstr (err, code_legit));
  for (const char *code[] = { code_fee, code_handler, code_status, code_signed }, **p = code;
       p < code + 4; p++)
    {
      g_autofree char *expected = g_strdup_printf ("Dossier %s was changed after checkpoint no. 1",
                                                   *p);

      g_assert_nonnull (strstr (err, expected));
    }
  /* check verifies the signatures too: bytes the checkpoint vouched for are verified again
   * once they changed. */
  {
    g_autofree char *expected = g_strdup_printf ("Dossier %s was changed after it was signed",
                                                 code_signed);
    g_autofree char *altered = g_strdup_printf ("The signature of dossier %s does not match "
                                                "what was signed", code_forged);

    g_assert_nonnull (strstr (err, expected));
    g_assert_nonnull (strstr (err, altered));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", "--recheck-signatures", NULL), ==,
                     1);
    g_assert_nonnull (strstr (err, altered));
  }
  n = mc_store_testing_int (fx->store, "SELECT count(*) FROM checkpoint");
  g_assert_cmpint (n, ==, 1);
}

/* Dossiers a file brings after the checkpoint are the import's; a row slipped in is named. */
static void
test_checkpoint_after_import (Fixture *fx, gconstpointer data)
{
  g_autoptr(McCheckpoint) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = tmp_file (fx, "new.csv");
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  gint64 legit;

  keys_ready (fx);
  legit = submitted_dossier (fx, "Nguyễn Văn An");
  c = checkpoint_ok (fx);
  g_assert_true (g_file_set_contents (csv,
                                      "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\r\n"
                                      "CU-1,2.000815,1,2,2024-03-11 08:00\r\n"
                                      "CU-2,2.000815,1,2,2024-03-11 09:00\r\n", -1, &error));
  g_assert_true (mc_import_csv (fx->store, fx->admin, csv, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", NULL), ==, 0);

  sql = g_strdup_printf ("INSERT INTO dossier (code, procedure_id, channel, status) "
                         "VALUES ('GIA-1', %lld, 1, 1);", (long long) fx->proc);
  insider_sql (fx, sql);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Dossier GIA-1 was added after checkpoint no. 1"));
  g_assert_null (strstr (err, "CU-1"));
  g_assert_cmpint (legit, >, 0);
}

/* Encoded in the printed report, read back from the page by a QR reader, verified. */
static void
test_checkpoint_qr_round_trip (Fixture *fx, gconstpointer data)
{
  g_autoptr(McCheckpoint) c = NULL;
  g_autoptr(McCheckpoint) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = tmp_file (fx, "report.pdf");
  g_autofree char *png_prefix = tmp_file (fx, "page");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *from = NULL, *to = NULL;
  g_autofree char *sql = NULL;
  McDay today = mc_day_of_time (mc_now ());
  int y, m, d;

  keys_ready (fx);
  signed_dossier (fx, fx->vice, PASSWORD, "Nguyễn Văn An");
  g_assert_cmpint (cli (fx, "chutich", PASSWORD, &out, &err, "audit", "checkpoint", NULL), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (out)), ==, 64);
  c = mc_checkpoint_get_last (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->hash, ==, out);
  g_assert_true (c->valid);

  /* The payload as text verifies. */
  back = mc_checkpoint_check_qr (fx->store, c->qr_text, &error);
  g_assert_no_error (error);
  g_assert_true (back->valid);
  g_assert_cmpstr (back->hash, ==, c->hash);
  g_clear_pointer (&back, mc_checkpoint_free);

  /* Printed on the period's report, in full and as a QR code. */
  mc_day_to_ymd (today, &y, &m, &d);
  from = g_strdup_printf ("%04d-01-01", y);
  to = g_strdup_printf ("%04d-12-31", y);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, NULL, "report", "--from", from, "--to", to,
                        "--out", pdf, NULL), ==, 0);
  if (have_program ("pdftotext"))
    {
      g_autofree char *text = NULL;
      g_autofree char *command = g_strdup_printf ("pdftotext %s -", pdf);
      g_autofree char *first = g_strndup (c->hash, 8);

      g_assert_true (g_spawn_command_line_sync (command, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, first));
    }
  if (!have_program ("pdftoppm") || !have_program ("zbarimg"))
    {
      g_test_skip ("pdftoppm and zbarimg are needed to read the printed QR code back");
      return;
    }
  {
    g_autofree char *command = NULL;
    g_autofree char *pages = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;
    int status = 0;

    command = g_strdup_printf ("pdftoppm -r 300 -gray -png %s %s", pdf, png_prefix);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    dir = g_dir_open (fx->dir, 0, NULL);
    while ((name = g_dir_read_name (dir)) != NULL && decoded == NULL)
      if (g_str_has_prefix (name, "page") && g_str_has_suffix (name, ".png"))
        {
          g_autofree char *png = g_build_filename (fx->dir, name, NULL);
          g_autofree char *zbar = g_strdup_printf ("zbarimg --quiet --raw -Sdisable "
                                                   "-Sqrcode.enable %s", png);
          g_autofree char *found = NULL;

          if (g_spawn_command_line_sync (zbar, &found, NULL, &status, NULL) &&
              g_str_has_prefix (found, "MCK1|"))
            decoded = g_strstrip (g_steal_pointer (&found));
        }
  }
  g_assert_nonnull (decoded);
  g_assert_cmpstr (decoded, ==, c->qr_text);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "audit", "verify-qr", decoded, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "holds"));

  /* Cut the log and remove the checkpoint, its own record and all: the file alone no longer
   * shows it, the printed page does. */
  sql = g_strdup_printf ("DROP TRIGGER audit_no_delete; DROP TRIGGER checkpoint_no_delete; "
                         "DELETE FROM audit WHERE id > %lld; DELETE FROM checkpoint;",
                         (long long) c->audit_count - 2);
  insider_sql (fx, sql);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, NULL, "audit", "verify", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "audit", "verify-qr", decoded, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "its end was cut"));
}

static void
test_checkpoint_permission (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  keys_ready (fx);
  g_assert_null (mc_checkpoint_create (fx->store, fx->vice, PASSWORD, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (cli (fx, "quantri", PASSWORD, NULL, &err, "audit", "checkpoint", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Only the chairman"));
  g_assert_cmpint (mc_store_testing_int (fx->store, "SELECT count(*) FROM checkpoint"), ==, 0);
}

/* ---- Imports ---- */

static gint64
events_of (Fixture *fx, gint64 id, McAction action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier_event WHERE dossier_id "
                                          "= %lld AND action = %d", (long long) id, action);

  return mc_store_testing_int (fx->store, sql);
}

static char *
csv_time (McTime t)
{
  g_autoptr(GDateTime) local = NULL;

  if (t == MC_TIME_NONE)
    return g_strdup ("");
  local = g_date_time_new_from_unix_utc (t + MC_TZ_OFFSET);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* A file of one line for dossier ID, as the store holds it but for STATUS, FEE, HANDLER and
 * APPLICANT. */
static char *
dossier_csv (Fixture *fx, gint64 id, int status, gint64 fee, const char *handler,
             const char *applicant, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, &error);
  g_autofree char *path = tmp_file (fx, name);
  g_autofree char *received = NULL, *due = NULL, *ended = NULL, *returned = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  received = csv_time (d->received_at);
  due = csv_time (d->due_at);
  ended = csv_time (d->ended_at);
  returned = csv_time (d->returned_at);
  text = g_strdup_printf ("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,"
                          "NgayKetThucXuLy,NgayTra,LePhi,CanBoXuLy,ChuHoSo,SoGiayTo\r\n"
                          "%s,%s,1,%d,%s,%s,%s,%s,%lld,%s,%s,%s\r\n", d->code, d->procedure_code,
                          status, received, due, ended, returned, (long long) fee, handler,
                          applicant, d->applicant_id_number);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return g_steal_pointer (&path);
}

static void
test_import_refuses_signed (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *code = NULL;
  g_autofree char *file = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *audits = NULL;
  gint64 id, imported = 0, updated = 0, before_events;

  keys_ready (fx);
  id = handed_over_dossier (fx, "Nguyễn Văn An");
  code = code_of (fx, id);
  before_events = mc_store_testing_int (fx->store, "SELECT count(*) FROM dossier_event");

  /* Status 8, a new fee and handler, and another applicant: the applicant was signed. */
  file = dossier_csv (fx, id, 8, 500000, "Nguyễn Thị Hoa", "Trần Văn Giả", "signed.csv");
  g_assert_false (mc_import_csv_full (fx->store, fx->admin, file, MC_IMPORT_NO_FLAGS, &imported,
                                      &updated, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "--allow-signed-changes"));
  g_assert_nonnull (strstr (error->message, "ChuHoSo"));
  g_clear_error (&error);
  g_assert_cmpint (mc_store_testing_int (fx->store, "SELECT count(*) FROM dossier_event"), ==,
                   before_events);
  c = verdict (fx, id);
  g_assert_true (c->valid);
  g_clear_pointer (&c, mc_signature_check_free);

  /* The same from the command line, then with the option: the signature no longer matches. */
  g_assert_cmpint (cli (fx, "quantri", PASSWORD, NULL, &err, "import", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "line 2"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, "quantri", PASSWORD, &out, &err, "import", "--allow-signed-changes",
                        file, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 0, updated 1\n");
  g_assert_nonnull (strstr (err, "no longer matches"));
  c = verdict (fx, id);
  g_assert_false (c->valid);
  g_assert_nonnull (strstr (c->verdict, "changed after it was signed"));

  /* One event of action import, naming old and new values; its own audit record. */
  g_assert_cmpint (events_of (fx, id, MC_ACTION_IMPORT), ==, 1);
  events = mc_store_list_events (fx->store, id, &error);
  g_assert_no_error (error);
  {
    const McEvent *e = g_ptr_array_index (events, events->len - 1);

    g_assert_cmpint (e->action, ==, MC_ACTION_IMPORT);
    g_assert_cmpint (e->from_status, ==, 10);
    g_assert_cmpint (e->to_status, ==, 8);
    g_assert_nonnull (strstr (e->note, "TrangThaiHoSo: “10” → “8”"));
    g_assert_nonnull (strstr (e->note, "LePhi: “0” → “500000”"));
    g_assert_nonnull (strstr (e->note, "CanBoXuLy: “Phạm Thị Lan” → “Nguyễn Thị Hoa”"));
    g_assert_nonnull (strstr (e->note, "ChuHoSo: “Nguyễn Văn An” → “Trần Văn Giả”"));
  }
  audits = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'dossier.import' AND "
                            "entity_id = %lld AND details LIKE '%%no longer matches%%'",
                            (long long) id);
  g_assert_cmpint (mc_store_testing_int (fx->store, audits), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, &out, NULL, "dossier", "show", code, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"import\""));

  /* check names the broken signature. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, &err, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "changed after it was signed"));

  /* Fields nobody signed may change on a handed-over dossier: history, no refusal. */
  plain = dossier_csv (fx, id, 8, 600000, "Nguyễn Thị Hoa", "Trần Văn Giả", "plain.csv");
  g_assert_true (mc_import_csv_full (fx->store, fx->admin, plain, MC_IMPORT_NO_FLAGS, &imported,
                                     &updated, &broken, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (broken->len, ==, 0);
  g_assert_cmpint (events_of (fx, id, MC_ACTION_IMPORT), ==, 2);
  /* The same file again changes nothing, and writes no event. */
  g_assert_true (mc_import_csv (fx->store, fx->admin, plain, &imported, &updated, NULL, NULL,
                                NULL, &error));
  g_assert_cmpint (updated, ==, 1);
  g_assert_cmpint (events_of (fx, id, MC_ACTION_IMPORT), ==, 2);
}

/* ---- Export ---- */

static void
test_export_formulas (Fixture *fx, gconstpointer data)
{
  static const char * const dangerous[] = {
    "=HYPERLINK(\"http://example.invalid/x\",\"Bấm vào đây\")",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "\tTab đầu",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) other = NULL;
  g_autoptr(McDossier) back = NULL;
  g_autofree char *csv = tmp_file (fx, "formulas.csv");
  g_autofree char *other_path = tmp_file (fx, "other.db");
  g_autofree char *text = NULL;
  g_autofree char *source = tmp_file (fx, "source.csv");
  const char *code = "000.17.22.H56-240311-0001";
  g_autofree char *source_text = NULL;

  /* Stored as a commune's old software handed them over (cells quoted where they must be). */
  source_text = g_strdup_printf ("MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,ChuHoSo,"
                                 "DiaChi,SoDienThoai,NguoiNop,SoGiayTo\r\n"
                                 "%s,2.000815,1,2,2024-03-11 08:00,\"%s\",%s,%s,%s,\"%s\"\r\n",
                                 code, "=HYPERLINK(\"\"http://example.invalid/x\"\",\"\""
                                 "Bấm vào đây\"\")", dangerous[1], dangerous[2], dangerous[3],
                                 dangerous[4]);
  g_assert_true (g_file_set_contents (source, source_text, -1, &error));
  g_assert_true (mc_import_csv (fx->store, 0, source, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McDossier) d = mc_store_find_dossier (fx->store, code, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (d->applicant_name, ==, dangerous[0]);
    g_assert_cmpstr (d->applicant_id_number, ==, dangerous[4]);
  }
  g_assert_true (mc_export_file (fx->store, -1, -1, csv, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "\"'=HYPERLINK("));
  g_assert_nonnull (strstr (text, ",'+cmd|"));
  g_assert_nonnull (strstr (text, ",'@SUM(A1:A9),"));
  g_assert_nonnull (strstr (text, ",'-2+3,"));
  if (g_test_verbose ()) g_printerr ("%s", text);
  g_assert_nonnull (strstr (text, ",'\tTab đầu,"));
  g_assert_null (strstr (text, ",=HYPERLINK"));
  g_assert_null (strstr (text, ",+cmd"));
  g_assert_null (strstr (text, ",@SUM"));

  other = mc_store_create (other_path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (other, &error));
  g_assert_true (mc_import_csv (other, 0, csv, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  back = mc_store_find_dossier (other, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->applicant_name, ==, dangerous[0]);
  g_assert_cmpstr (back->applicant_address, ==, dangerous[1]);
  g_assert_cmpstr (back->applicant_phone, ==, dangerous[2]);
  g_assert_cmpstr (back->representative_name, ==, dangerous[3]);
  g_assert_cmpstr (back->applicant_id_number, ==, dangerous[4]);
}

/* An apostrophe that the export did not add is kept. */
static void
test_import_keeps_plain_apostrophes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autofree char *csv = tmp_file (fx, "apostrophes.csv");
  const char *text =
    "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,ChuHoSo,DiaChi\r\n"
    "X-1,2.000815,1,2,2024-03-11 08:00,'O'Brien,'=1+1\r\n";

  g_assert_true (g_file_set_contents (csv, text, -1, &error));
  g_assert_true (mc_import_csv (fx->store, 0, csv, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  d = mc_store_find_dossier (fx->store, "X-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->applicant_name, ==, "'O'Brien");
  g_assert_cmpstr (d->applicant_address, ==, "=1+1");
}

/* ---- Files ---- */

static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 0777) != 0600)
    g_error ("%s has mode %o, not 600", path, st.st_mode & 0777);
}

static void
test_file_modes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *path = tmp_file (fx, "new.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = tmp_file (fx, "backup.db");
  g_autofree char *csv = tmp_file (fx, "export.csv");
  g_autofree char *xlsx = tmp_file (fx, "export.xlsx");
  mode_t old_mask = umask (022);

  store = mc_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  g_assert_no_error (error);
  assert_private (path);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_private (wal);
  assert_private (shm);
  g_assert_true (mc_backup_write (store, backup, NULL, &error));
  g_assert_no_error (error);
  assert_private (backup);
  g_assert_true (mc_export_file (fx->store, -1, -1, csv, NULL, NULL, &error));
  g_assert_true (mc_export_file (fx->store, -1, -1, xlsx, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_private (csv);
  assert_private (xlsx);
  umask (old_mask);
}

/* ---- Sign-ins ---- */

static gint64
failures_audited (Fixture *fx)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = "
                                          "'officer.sign_in_failed' AND details LIKE "
                                          "'%%from %s:%%'", g_get_host_name ());

  return mc_store_testing_int (fx->store, sql);
}

static void
test_sign_in_lockout (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) other = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  McTime now = mc_now ();
  gint64 until;

  for (int i = 1; i <= 4; i++)
    {
      g_assert_null (mc_account_authenticate (fx->store, "tuphap", "sai mat khau", &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_assert_cmpstr (error->message, ==, "Wrong user name or password.");
      g_clear_error (&error);
      g_assert_cmpint (failures_audited (fx), ==, i);
    }
  /* The fifth in a row locks the account, and says until when. */
  g_assert_null (mc_account_authenticate (fx->store, "tuphap", "sai mat khau", &error));
  g_assert_nonnull (strstr (error->message, "try again at"));
  g_clear_error (&error);
  sql = g_strdup_printf ("SELECT locked_until FROM officer WHERE id = %lld", (long long) fx->spec);
  until = mc_store_testing_int (fx->store, sql);
  g_assert_cmpint (until, >=, now + MC_ACCOUNT_LOCK_SECONDS - 5);
  g_assert_cmpint (until, <=, now + MC_ACCOUNT_LOCK_SECONDS + 5);
  g_assert_cmpint (mc_store_testing_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                         "'officer.sign_in_failed' AND details LIKE '%locked until%'"),
                   ==, 1);

  /* Even the right password waits, on this workstation and on another. */
  g_assert_null (mc_account_authenticate (fx->store, "tuphap", PASSWORD, &error));
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);
  other = mc_store_open_sibling (fx->store, &error);
  g_assert_no_error (error);
  g_assert_null (mc_account_authenticate (other, "tuphap", PASSWORD, &error));
  g_assert_nonnull (strstr (error->message, "try again at"));
  g_clear_error (&error);
  g_clear_object (&other);
  g_assert_cmpint (cli (fx, "tuphap", PASSWORD, NULL, &err, "dossier", "receive", "--procedure",
                        "2.000815", "--applicant", "Nguyễn Văn An", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "try again at"));
  g_assert_cmpint (failures_audited (fx), ==, 8);

  /* Five minutes later (the lock moved into the past), the right password signs in. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE officer SET locked_until = %lld WHERE id = %lld",
                         (long long) now - 1, (long long) fx->spec);
  g_assert_true (mc_store_testing_exec (fx->store, sql, &error));
  officer = mc_account_authenticate (fx->store, "tuphap", PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT failed_sign_ins FROM officer WHERE id = %lld",
                         (long long) fx->spec);
  g_assert_cmpint (mc_store_testing_int (fx->store, sql), ==, 0);

  /* An unknown user name is audited too (and locks nobody). */
  g_assert_null (mc_account_authenticate (fx->store, "khongco", PASSWORD, &error));
  g_clear_error (&error);
  g_assert_cmpint (mc_store_testing_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                         "'officer.sign_in_failed' AND details LIKE "
                                         "'khongco from %unknown user name'"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (sodium_init () < 0)
    return 1;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/accountability/keys/only-their-holder-makes", test_keys_only_their_holder_makes);
  ADD ("/accountability/keys/reset", test_keys_reset);
  ADD ("/accountability/keys/page", test_keys_page);
  ADD ("/accountability/checkpoint/cut-tail", test_checkpoint_cut_tail);
  ADD ("/accountability/checkpoint/rewrite", test_checkpoint_rewrite);
  ADD ("/accountability/checkpoint/direct-update", test_checkpoint_direct_update);
  ADD ("/accountability/checkpoint/after-import", test_checkpoint_after_import);
  ADD ("/accountability/checkpoint/qr-round-trip", test_checkpoint_qr_round_trip);
  ADD ("/accountability/checkpoint/chairman-only", test_checkpoint_permission);
  ADD ("/accountability/import/refuses-signed", test_import_refuses_signed);
  ADD ("/accountability/export/formulas", test_export_formulas);
  ADD ("/accountability/import/plain-apostrophes", test_import_keeps_plain_apostrophes);
  ADD ("/accountability/files/modes", test_file_modes);
  ADD ("/accountability/sign-in/lockout", test_sign_in_lockout);
#undef ADD
  return g_test_run ();
}
