/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leaders' signatures: signing and verifying, every signed thing tampered with and detected,
 * revoked keys, passwords (wrong, changed, reset), who may sign, sending back, the QR code of a
 * printed page and the motcua-cli commands. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>


#include "mc-account.h"
#include "mc-attachment.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-signature.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

#define PASSWORD "motcua2024"
#define VICE_TITLE "Phó Chủ tịch UBND xã"

typedef struct {
  char    *dir;
  char    *path;
  McStore *store;
  gint64   admin, desk, spec, controller, vice;
  gint64   proc;
  McTime   clock;
} Fixture;

static gint64
add_officer (McStore *store, const char *name, const char *title, McRole role,
             const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, title, role, username,
                                 username != NULL ? PASSWORD : NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
procedure_id (McStore *store, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = mc_store_find_procedure (store, code, &error);

  g_assert_no_error (error);
  return p->id;
}

/* A file database, or one on the test server (the CLI reads it, and one test edits it behind
 * the store). */
static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = mc_test_tmpdir ();
  fx->path = mc_test_new_target (fx->dir, "motcua.db");
  fx->store = mc_store_create (fx->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (fx->store, &error));
  g_assert_no_error (error);

  fx->admin = add_officer (fx->store, "Quản Trị Viên", NULL, MC_ROLE_ADMIN, NULL);
  fx->desk = add_officer (fx->store, "Nguyễn Thị Một Cửa", NULL, MC_ROLE_DESK, NULL);
  fx->spec = add_officer (fx->store, "Trần Văn Tư Pháp", NULL, MC_ROLE_SPECIALIST, NULL);
  fx->controller = add_officer (fx->store, "Vũ Thị Kiểm Soát", NULL, MC_ROLE_CONTROLLER, NULL);
  fx->vice = add_officer (fx->store, "Hoàng Văn Phó", VICE_TITLE, MC_ROLE_VICE_CHAIRMAN, "pho");
  /* His first sign-in makes his key, and the chairman confirms it. */
  mc_test_leader_ready (fx->store, "pho", PASSWORD);
  fx->proc = procedure_id (fx->store, "2.000815");
  /* Monday 11 March 2024, an ordinary working week. */
  fx->clock = mc_test_time ("2024-03-11 08:00");
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  for (const char *suffix[] = { "", "-wal", "-shm" }, **s = suffix; s < suffix + 3; s++)
    {
      g_autofree char *file = g_strconcat (fx->path, *s, NULL);
      g_remove (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static McTime
tick (Fixture *fx)
{
  fx->clock += 10 * 60;
  return fx->clock;
}

static void
apply_ok (Fixture *fx, gint64 actor, gint64 dossier, McAction action, McActionArgs args)
{
  g_autoptr(GError) error = NULL;

  args.at = tick (fx);
  if (!mc_workflow_apply (fx->store, actor, dossier, action, &args, &error))
    g_error ("%s: %s", mc_action_to_string (action), error->message);
}

/* A dossier received, assigned and submitted for signature with its result. */
static gint64
submitted_dossier (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  McIntake in = { 0 };
  gint64 id;

  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.at = tick (fx);
  in.applicant_name = "Nguyễn Văn An";
  in.applicant_id_number = "001085012345";
  in.request = "Chứng thực bản sao giấy khai sinh";
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  apply_ok (fx, fx->desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = fx->spec });
  apply_ok (fx, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
            (McActionArgs) { .result = "Bản sao chứng thực số 12" });
  return id;
}

static McTime
sign_ok (Fixture *fx, gint64 signer, gint64 dossier)
{
  g_autoptr(GError) error = NULL;
  McTime at = tick (fx);

  g_assert_true (mc_workflow_sign (fx->store, signer, dossier, PASSWORD, at, &error));
  g_assert_no_error (error);
  return at;
}

static gint64
signed_dossier (Fixture *fx)
{
  gint64 id = submitted_dossier (fx);

  sign_ok (fx, fx->vice, id);
  return id;
}

static McSignatureCheck *
check (Fixture *fx, gint64 dossier)
{
  g_autoptr(GError) error = NULL;
  McSignatureCheck *c = mc_signature_check_dossier (fx->store, dossier, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
exec_sql (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_testing_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static gint64
query_int (McStore *store, const char *sql)
{
  return mc_store_testing_int (store, sql);
}

/* Everything a refused signature must leave as it was. */
static char *
snapshot (McStore *store)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GPtrArray) dossiers = mc_store_testing_rows (store,
      "SELECT id, status, step, coalesce(signer_id, 0) FROM dossier ORDER BY id");
  g_autoptr(GPtrArray) keys = mc_store_testing_rows (store,
      "SELECT id FROM signing_key ORDER BY id");

  g_string_append_printf (s, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/",
                          query_int (store, "SELECT count(*) FROM audit"),
                          query_int (store, "SELECT count(*) FROM dossier_event"),
                          query_int (store, "SELECT count(*) FROM signature"),
                          query_int (store, "SELECT count(*) FROM signing_key"));
  for (guint i = 0; i < dossiers->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (dossiers, i));
  g_string_append_c (s, '/');
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT encrypted_secret FROM signing_key "
                                              "WHERE id = %s",
                                              (char *) g_ptr_array_index (keys, i));
      g_autoptr(GBytes) secret = mc_store_testing_blob (store, sql);
      gsize len = 0;
      const guchar *bytes = g_bytes_get_data (secret, &len);

      if (i > 0)
        g_string_append_c (s, ',');
      for (gsize b = 0; b < len; b++)
        g_string_append_printf (s, "%02X", bytes[b]);
    }
  return g_string_free (s, FALSE);
}

/* ---- Signing and verifying ---- */

static void
test_sign_and_verify (Fixture *fx, gconstpointer data)
{
  gint64 id = submitted_dossier (fx);
  gint64 audit_before = query_int (fx->store, "SELECT max(id) FROM audit");
  McTime at = sign_ok (fx, fx->vice, id);
  g_autoptr(McSignatureCheck) c = check (fx, id);
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, NULL);
  g_autoptr(GPtrArray) events = mc_store_list_events (fx->store, id, NULL);
  McEvent *last = g_ptr_array_index (events, events->len - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 n = 0;

  g_assert_true (c->valid);
  /* Who, when, with which key, and who vouched for the key. */
  g_assert_true (g_str_has_prefix (c->verdict, "Signed by Hoàng Văn Phó (" VICE_TITLE ") at "
                                               "2024-03-11 08:40 with the key "));
  g_assert_nonnull (strstr (c->verdict, ", confirmed by Chủ tịch xác nhận at "));
  g_assert_cmpint (c->officer_id, ==, fx->vice);
  g_assert_cmpint (c->officer_role, ==, MC_ROLE_VICE_CHAIRMAN);
  g_assert_cmpint (c->signed_at, ==, at);
  g_assert_cmpint (c->revoked_at, ==, MC_TIME_NONE);
  g_assert_cmpstr (c->dossier_code, ==, d->code);

  g_assert_cmpint (d->step, ==, MC_STEP_SIGNED);
  g_assert_cmpint (d->signer_id, ==, fx->vice);
  g_assert_cmpint (last->action, ==, MC_ACTION_SIGN);
  g_assert_cmpint (last->actor_id, ==, fx->vice);
  g_assert_cmpint (last->at, ==, at);

  /* The signature follows the last audit record before it, and is itself in the log, before
   * the record of the step. */
  g_assert_cmpint (query_int (fx->store, "SELECT audit_id FROM signature"), ==, audit_before);
  sql = g_strdup_printf ("SELECT action, details FROM audit WHERE id > %" G_GINT64_FORMAT
                         " ORDER BY id", audit_before);
  records = mc_store_testing_rows (fx->store, sql);
  g_assert_cmpuint (records->len, ==, 2);
  {
    g_auto(GStrv) first = g_strsplit (g_ptr_array_index (records, 0), "|", 2);
    g_auto(GStrv) second = g_strsplit (g_ptr_array_index (records, 1), "|", 2);

    g_assert_cmpstr (first[0], ==, "signature.create");
    g_assert_nonnull (first[1]);
    g_assert_nonnull (strstr (first[1], d->code));
    g_assert_cmpstr (second[0], ==, "dossier.sign");
  }
  g_assert_true (mc_audit_verify (fx->store, &n, &error));
  g_assert_no_error (error);

  /* By code too; an unsigned dossier has no signature to check. */
  {
    g_autoptr(McSignatureCheck) by_code = mc_signature_check_code (fx->store, d->code, &error);

    g_assert_no_error (error);
    g_assert_true (by_code->valid);
    g_assert_cmpint (by_code->signature_id, ==, c->signature_id);
  }
  {
    gint64 other = submitted_dossier (fx);
    g_autoptr(McSignatureCheck) none = mc_signature_check_dossier (fx->store, other, &error);

    g_assert_null (none);
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    /* Marked signed by the system, without a key: said so, not taken for valid. */
    apply_ok (fx, 0, other, MC_ACTION_SIGN, (McActionArgs) { 0 });
    none = mc_signature_check_dossier (fx->store, other, &error);
    g_assert_null (none);
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no verifiable signature"));
  }

  /* The result recorded afterwards is the one signed, and the signature still holds. */
  apply_ok (fx, fx->spec, id, MC_ACTION_RECORD_RESULT, (McActionArgs) { 0 });
  apply_ok (fx, fx->desk, id, MC_ACTION_HAND_OVER, (McActionArgs) { 0 });
  {
    g_autoptr(McSignatureCheck) after = check (fx, id);
    g_autoptr(McDossier) done = mc_store_get_dossier (fx->store, id, NULL);

    g_assert_true (after->valid);
    g_assert_cmpstr (done->result, ==, "Bản sao chứng thực số 12");
  }
}

/* A signature needs a result, and the result recorded must be the one signed. */
static void
test_result_rules (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  McIntake in = { .procedure_id = fx->proc, .channel = MC_CHANNEL_DESK,
                  .applicant_name = "Lê Thị Bình" };
  McActionArgs args = { 0 };
  gint64 id;

  in.at = tick (fx);
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  apply_ok (fx, fx->desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = fx->spec });
  /* Nothing to sign without a result: the submission itself asks for it, and changes nothing. */
  before = snapshot (fx->store);
  args.at = tick (fx);
  g_assert_false (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                     &args, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (fx->store);
  g_assert_cmpstr (after, ==, before);
  args = (McActionArgs) { 0 };

  id = signed_dossier (fx);
  args.at = tick (fx);
  args.result = "Một kết quả khác";
  g_assert_false (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_RECORD_RESULT, &args,
                                     &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Bản sao chứng thực số 12"));
}

/* ---- Tampering ---- */

typedef struct {
  const char   *what;       /* words the verdict must hold */
  const char   *sql;        /* statements; ?1 is the dossier id */
  const guchar *blob;       /* when set, SQL is one statement and ?2 is these 64 bytes */
} Tamper;

static void
tamper_and_check (Fixture *fx, gint64 id, const Tamper *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GString) sql = g_string_new (t->sql);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* The values go into the text; a blob is the statement's only parameter. */
  g_string_replace (sql, "?1", id_text, 0);
  g_string_replace (sql, "?2", "?1", 0);

  /* Each change is undone afterwards so that the next starts from the signed dossier. */
  g_assert_true (mc_store_begin (fx->store, &error));
  if (!(t->blob != NULL ? mc_store_testing_run_blob (fx->store, sql->str, t->blob, 64, &error)
                        : mc_store_testing_exec (fx->store, sql->str, &error)))
    g_error ("%s: %s", sql->str, error->message);
  c = check (fx, id);
  mc_store_rollback (fx->store);

  if (c->valid || strstr (c->verdict, t->what) == NULL)
    g_error ("after “%s”: %s", t->sql, c->verdict);
}

static void
test_tamper_fields (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  const Tamper tampers[] = {
    { "the applicant was “Nguyễn Văn An” when signed, now “Nguyễn Văn Ân”",
      "UPDATE dossier SET applicant_name = 'Nguyễn Văn Ân' WHERE id = ?1" },
    { "the applicant’s ID number",
      "UPDATE dossier SET applicant_id_number = '001085099999' WHERE id = ?1" },
    { "the result was “Bản sao chứng thực số 12” when signed, now “Bản sao chứng thực số 13”",
      "UPDATE dossier SET result = 'Bản sao chứng thực số 13' WHERE id = ?1" },
    { "the appointment", "UPDATE dossier SET due_at = due_at + 86400 WHERE id = ?1" },
    { "the appointment", "UPDATE dossier SET due_at = NULL WHERE id = ?1" },
    { "the procedure was “2.000815” when signed, now “2.000635”",
      "UPDATE dossier SET procedure_id = (SELECT id FROM procedure WHERE code = '2.000635') "
      "WHERE id = ?1" },
    { "the dossier code", "UPDATE dossier SET code = code || 'X' WHERE id = ?1" },
    /* The fields kept as signed, or the signing time, changed in the signature's own row. */
    { "signature record of dossier",
      "UPDATE signature SET signed_at = signed_at - 3600 WHERE dossier_id = ?1" },
    { "signature record of dossier",
      "UPDATE signature SET applicant_name = 'Nguyễn Văn Ân' WHERE dossier_id = ?1" },
    { "signature record of dossier",
      "UPDATE signature SET result = 'X' WHERE dossier_id = ?1" },
    { "signature record of dossier",
      "UPDATE signature SET audit_id = audit_id - 1 WHERE dossier_id = ?1" },
    /* Both sides changed alike: the stored digest no longer matches. */
    { "signature record of dossier",
      "UPDATE dossier SET applicant_name = 'Ân' WHERE id = ?1; "
      "UPDATE signature SET applicant_name = 'Ân' WHERE dossier_id = ?1" },
  };
  g_autoptr(McSignatureCheck) c = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (tampers); i++)
    tamper_and_check (fx, id, &tampers[i]);
  /* Every change was undone: it holds again. */
  c = check (fx, id);
  g_assert_true (c->valid);
}

static void
test_tamper_digest_and_signature (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  guchar zeros[64] = { 0 }, noise[64];
  const Tamper tampers[] = {
    { "signature record of dossier",
      "UPDATE signature SET digest = replace(digest, substr(digest, 1, 1), "
      "CASE substr(digest, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) WHERE dossier_id = ?1" },
    { "signature record of dossier", "UPDATE signature SET digest = '' WHERE dossier_id = ?1" },
    { "altered or forged",
      "UPDATE signature SET signature = ?2 WHERE dossier_id = ?1", zeros },
    { "altered or forged",
      "UPDATE signature SET signature = ?2 WHERE dossier_id = ?1", noise },
    /* Another officer's name on it. */
    { "signature record of dossier",
      "UPDATE signature SET officer_id = officer_id - 1 WHERE dossier_id = ?1" },
  };

  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (noise, sizeof noise);
  for (gsize i = 0; i < G_N_ELEMENTS (tampers); i++)
    tamper_and_check (fx, id, &tampers[i]);
}

/* The canonical text of mc-signature.h, written out again from the signature's row. */
static char *
canonical_text (McStore *store)
{
  /* Each column on its own: a text may hold the '|' that joins a row's columns. */
  static const char *texts[] = { "code", "procedure_code", "applicant_name", "applicant_id",
                                 "result", "audit_hash" };
  static const char *numbers[] = { "appointment", "signed_at", "officer_id", "key_id",
                                   "audit_id" };
  char *t[G_N_ELEMENTS (texts)];
  gint64 n[G_N_ELEMENTS (numbers)];
  gint64 version = mc_store_testing_int (store, "SELECT digest_version FROM signature");
  g_autofree char *files = mc_store_testing_text (store, "SELECT result_files FROM signature");
  g_autoptr(GString) file_lines = g_string_new (NULL);
  char *text;

  g_assert_cmpint (mc_store_testing_int (store, "SELECT count(*) FROM signature"), >=, 1);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM signature", texts[i]);
      t[i] = mc_store_testing_text (store, sql);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM signature", numbers[i]);
      n[i] = mc_store_testing_int (store, sql);
    }
  /* Version 2: a line for each result file's SHA-256, sorted (stored "<id> <hash>" by hash). */
  if (version >= 2)
    {
      g_auto(GStrv) lines = g_strsplit (files, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_string_append_printf (file_lines, "result-file: %s\n", strchr (lines[i], ' ') + 1);
    }
  text = g_strdup_printf ("motcua-signature-%lld\ncode: %s\nprocedure: %s\napplicant: %s\n"
                          "applicant-id: %s\nresult: %s\nappointment: %lld\n%s"
                          "signed-at: %lld\nsigner: %lld\nkey: %lld\naudit: %lld %s\n",
                          (long long) version, t[0], t[1], t[2], t[3], t[4], (long long) n[0],
                          file_lines->str, (long long) n[1],
                          (long long) n[2], (long long) n[3], (long long) n[4], t[5]);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (t[i]);
  return text;
}

/* Someone with write access to the database makes a key pair of their own, writes its public
 * part over the leader's and signs the digest with it: the signature checks out against the new
 * key, but the key no longer matches the audit record of its creation. Also checks the digest
 * is the documented one. */
static void
test_tamper_key (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  g_autofree char *text = canonical_text (fx->store);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  guchar digest_bytes[32], public_key[crypto_sign_PUBLICKEYBYTES];
  guchar secret_key[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest_sql = mc_test_sql_text (digest);
  g_autofree char *same_digest = g_strdup_printf ("SELECT CASE WHEN digest = %s THEN 1 ELSE 0 "
                                                  "END FROM signature", digest_sql);

  g_assert_cmpint (mc_store_testing_int (fx->store, same_digest), ==, 1);

  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (sodium_hex2bin (digest_bytes, sizeof digest_bytes, digest, 64, NULL, NULL,
                                   NULL), ==, 0);
  crypto_sign_keypair (public_key, secret_key);
  crypto_sign_detached (sig, NULL, digest_bytes, sizeof digest_bytes, secret_key);

  g_assert_true (mc_store_begin (fx->store, &error));
  g_assert_true (mc_store_testing_run_blob (fx->store, "UPDATE signing_key SET public_key = ?1",
                                            public_key, sizeof public_key, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_testing_run_blob (fx->store, "UPDATE signature SET signature = ?1",
                                            sig, sizeof sig, &error));
  g_assert_no_error (error);
  c = check (fx, id);
  g_assert_false (c->valid);
  g_assert_nonnull (strstr (c->verdict, "was replaced in the database"));
  g_clear_pointer (&c, mc_signature_check_free);
  mc_store_rollback (fx->store);

  /* The key pointed at another creation record. */
  {
    const Tamper relink = {
      "was replaced in the database",
      "UPDATE signing_key SET audit_id = audit_id - 1 WHERE id = (SELECT key_id FROM signature "
      "WHERE dossier_id = ?1)" };

    tamper_and_check (fx, id, &relink);
  }
  c = check (fx, id);
  g_assert_true (c->valid);
}

/* The audit record the signature follows changed behind the program's back (its triggers
 * dropped with sqlite3 on the file, or set aside by the tables' owner on the server). */
static void
test_tamper_audit (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  gint64 audit_id = query_int (fx->store, "SELECT audit_id FROM signature");
  g_autofree char *sql = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GError) error = NULL;

  if (mc_test_on_server ())
    {
      mc_test_exec (fx->store, "ALTER TABLE audit DISABLE TRIGGER USER; "
                               "UPDATE audit SET details = details || ' (edited)' "
                               "WHERE id = %" G_GINT64_FORMAT "; "
                               "ALTER TABLE audit ENABLE TRIGGER USER", audit_id);
      g_clear_object (&fx->store);
    }
  else
    {
      sqlite3 *raw = NULL;

      g_clear_object (&fx->store);
      g_assert_cmpint (sqlite3_open (fx->path, &raw), ==, SQLITE_OK);
      sql = g_strdup_printf ("DROP TRIGGER audit_no_update; "
                             "UPDATE audit SET details = details || ' (edited)' WHERE id = %lld;",
                             (long long) audit_id);
      g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (raw);
    }

  fx->store = mc_store_open (fx->path, &error);
  g_assert_no_error (error);
  c = check (fx, id);
  g_assert_false (c->valid);
  g_assert_nonnull (strstr (c->verdict, "audit record no."));
  g_assert_false (mc_audit_verify (fx->store, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_CORRUPT);
}

/* ---- Keys ---- */

static void
test_revoked_key (Fixture *fx, gconstpointer data)
{
  gint64 before_revocation = signed_dossier (fx);
  gint64 pending = submitted_dossier (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Only an administrator revokes, and not from a moment to come. */
  g_assert_false (mc_signature_revoke (fx->store, fx->vice, fx->vice, 0, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_signature_revoke (fx->store, fx->admin, fx->vice,
                                       g_get_real_time () / G_USEC_PER_SEC + 3600, NULL,
                                       &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (mc_signature_revoke (fx->store, fx->admin, fx->vice, 0, "Mất máy tính",
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                         "'signing_key.revoke'"), ==, 1);

  /* Made before the revocation: still valid, and the verdict says the key was revoked since. */
  c = check (fx, before_revocation);
  g_assert_true (c->valid);
  g_assert_cmpint (c->revoked_at, !=, MC_TIME_NONE);
  g_assert_nonnull (strstr (c->verdict, "Signed by Hoàng Văn Phó"));
  g_assert_nonnull (strstr (c->verdict, "revoked"));
  g_clear_pointer (&c, mc_signature_check_free);

  /* Revoked: cannot sign, even with the right password; nothing changes. */
  before = snapshot (fx->store);
  g_assert_false (mc_workflow_sign (fx->store, fx->vice, pending, PASSWORD, tick (fx), &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "revoked"));
  g_clear_error (&error);
  after = snapshot (fx->store);
  g_assert_cmpstr (after, ==, before);

  /* Changing one's own password does not bring a key back; an administrator's reset does. */
  g_assert_true (mc_account_set_password (fx->store, fx->vice, fx->vice, PASSWORD,
                                          "mat-khau-moi", &error));
  g_assert_no_error (error);
  g_assert_false (mc_workflow_sign (fx->store, fx->vice, pending, "mat-khau-moi", tick (fx),
                                    &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->vice, NULL, PASSWORD,
                                          &error));
  g_assert_no_error (error);
  /* The reset makes no key: his next sign-in does, and the chairman confirms it. */
  mc_test_leader_ready (fx->store, "pho", PASSWORD);
  sign_ok (fx, fx->vice, pending);
  c = check (fx, pending);
  g_assert_true (c->valid);
  g_assert_cmpint (c->revoked_at, ==, MC_TIME_NONE);
}

/* A revocation dated back to before a signature (the key was known to be lost since then)
 * makes that signature fail. */
static void
test_revoked_before_signing (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GError) error = NULL;
  McTime signed_at = query_int (fx->store, "SELECT signed_at FROM signature");

  g_assert_true (mc_signature_revoke (fx->store, fx->admin, fx->vice, signed_at - 60, NULL,
                                      &error));
  g_assert_no_error (error);
  c = check (fx, id);
  g_assert_false (c->valid);
  g_assert_nonnull (strstr (c->verdict, "was revoked from 2024-03-11 08:39, before dossier"));

  /* Nothing is left to revoke. */
  g_assert_false (mc_signature_revoke (fx->store, fx->admin, fx->vice, 0, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
}

static void
test_wrong_password (Fixture *fx, gconstpointer data)
{
  gint64 id = submitted_dossier (fx);
  g_autofree char *before = snapshot (fx->store);
  const char *wrong[] = { "motcua2025", "", NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (mc_workflow_sign (fx->store, fx->vice, id, wrong[i], tick (fx), &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      after = snapshot (fx->store);
      g_assert_cmpstr (after, ==, before);
    }
  /* Nor can the password be skipped through the general path. */
  {
    g_autoptr(GError) error = NULL;
    McActionArgs args = { .at = tick (fx) };

    g_assert_false (mc_workflow_apply (fx->store, fx->vice, id, MC_ACTION_SIGN, &args, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
  {
    g_autofree char *after = snapshot (fx->store);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_only_leaders_sign (Fixture *fx, gconstpointer data)
{
  gint64 id = submitted_dossier (fx);
  /* With a sign-in account and the right password, still not a leader. */
  gint64 clerk = add_officer (fx->store, "Phan Thị Văn Thư", NULL, MC_ROLE_DESK, "vanthu");
  g_autofree char *before = snapshot (fx->store);
  gint64 refused[] = { fx->spec, fx->desk, fx->controller, fx->admin, clerk, 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (mc_workflow_sign (fx->store, refused[i], id, PASSWORD, tick (fx),
                                        &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      after = snapshot (fx->store);
      g_assert_cmpstr (after, ==, before);
    }
  /* Non-leaders get no key, and unlocking refuses them too. */
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM signing_key WHERE officer_id NOT IN "
                              "(SELECT id FROM officer WHERE username IN ('pho', 'xacnhan'))"),
                   ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McSigner) signer = mc_signature_unlock (fx->store, clerk, PASSWORD, &error);

    g_assert_null (signer);
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
}

/* The keys of the vice-chairman "pho" (the test's chairman who confirms them has his own). */
#define PHO_KEYS(what, more) \
  "SELECT " what " FROM signing_key WHERE officer_id = " \
  "(SELECT id FROM officer WHERE username = 'pho')" more

static void
test_password_change (Fixture *fx, gconstpointer data)
{
  gint64 first = signed_dossier (fx);
  gint64 second = submitted_dossier (fx);
  gint64 third = submitted_dossier (fx);
  gint64 key = query_int (fx->store, PHO_KEYS ("id", ""));
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;
  McTime at;

  g_assert_true (mc_account_set_password (fx->store, fx->vice, fx->vice, PASSWORD,
                                          "mat-khau-moi", &error));
  g_assert_no_error (error);
  /* The same key, sealed again under the new password. */
  g_assert_cmpint (query_int (fx->store, PHO_KEYS ("count(*)", "")), ==, 1);
  g_assert_cmpint (query_int (fx->store, PHO_KEYS ("id", "")), ==, key);
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                         "'signing_key.reencrypt'"), ==, 1);

  g_assert_false (mc_workflow_sign (fx->store, fx->vice, second, PASSWORD, tick (fx), &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  at = tick (fx);
  g_assert_true (mc_workflow_sign (fx->store, fx->vice, second, "mat-khau-moi", at, &error));
  g_assert_no_error (error);
  c = check (fx, second);
  g_assert_true (c->valid);
  g_clear_pointer (&c, mc_signature_check_free);

  /* An administrator's reset cannot open the old key: a new one replaces it, and what the old
   * one signed stays valid. */
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->vice, NULL, PASSWORD,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fx->store, PHO_KEYS ("count(*)", " AND retired_at IS NULL")), ==, 0);
  /* His next sign-in makes it, and the chairman confirms it. */
  mc_test_leader_ready (fx->store, "pho", PASSWORD);
  g_assert_cmpint (query_int (fx->store, PHO_KEYS ("count(*)", " AND retired_at IS NULL")), ==, 1);
  g_assert_cmpint (query_int (fx->store, PHO_KEYS ("max(id)", "")), >, key);
  sign_ok (fx, fx->vice, third);
  for (gint64 *d = (gint64[]) { first, second, third, 0 }; *d != 0; d++)
    {
      c = check (fx, *d);
      g_assert_true (c->valid);
      g_clear_pointer (&c, mc_signature_check_free);
    }
}

/* A leader without a key (promoted, or an account older than keys) gets one at the first
 * signature, once the password is checked; a wrong password gives nothing. */
static void
test_first_key_at_signing (Fixture *fx, gconstpointer data)
{
  gint64 promoted = add_officer (fx->store, "Bùi Văn Mới", NULL, MC_ROLE_SPECIALIST, "moi");
  gint64 id = submitted_dossier (fx);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;

  g_assert_true (mc_account_set_role (fx->store, fx->admin, promoted, MC_ROLE_CHAIRMAN, &error));
  g_assert_no_error (error);
  before = snapshot (fx->store);
  g_assert_false (mc_workflow_sign (fx->store, promoted, id, "sai-mat-khau", tick (fx), &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  after = snapshot (fx->store);
  g_assert_cmpstr (after, ==, before);

  /* His sign-in makes his key; a vice-chairman confirms a chairman's. */
  {
    g_autoptr(McOfficer) o = mc_account_authenticate (fx->store, "moi", PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_true (mc_signature_confirm_key (fx->store, fx->vice, promoted, PASSWORD, &error));
    g_assert_no_error (error);
  }
  sign_ok (fx, promoted, id);
  c = check (fx, id);
  g_assert_true (c->valid);
  /* No title: the role names the signer. */
  g_assert_nonnull (strstr (c->verdict, "Signed by Bùi Văn Mới (Chairman) at "));
}

/* ---- Sending back ---- */

static void
test_send_back (Fixture *fx, gconstpointer data)
{
  gint64 id = submitted_dossier (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(McDossier) d = NULL;
  McActionArgs args = { .at = tick (fx) };
  McQuery q = { .handler_id = fx->spec, .statuses = MC_STATUSES_OPEN };
  gboolean found = FALSE;

  /* A reason is needed. */
  g_assert_false (mc_workflow_apply (fx->store, fx->vice, id, MC_ACTION_SEND_BACK, &args,
                                     &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  apply_ok (fx, fx->vice, id, MC_ACTION_SEND_BACK,
            (McActionArgs) { .note = "Sai năm sinh của người yêu cầu" });
  d = mc_store_get_dossier (fx->store, id, NULL);
  g_assert_cmpint (d->status, ==, MC_STATUS_PROCESSING);
  g_assert_cmpint (d->step, ==, MC_STEP_SENT_BACK);
  g_assert_cmpint (d->handler_id, ==, fx->spec);
  events = mc_store_list_events (fx->store, id, NULL);
  g_assert_cmpstr (((McEvent *) g_ptr_array_index (events, events->len - 1))->note, ==,
                   "Sai năm sinh của người yêu cầu");

  /* Back in the specialist's queue. */
  queue = mc_store_query_ids (fx->store, &q, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < queue->len; i++)
    found |= g_array_index (queue, gint64, i) == id;
  g_assert_true (found);

  /* Nothing was signed; the leader cannot sign it until it is submitted again. */
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM signature"), ==, 0);
  g_assert_false (mc_workflow_sign (fx->store, fx->vice, id, PASSWORD, tick (fx), &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  g_clear_error (&error);
  apply_ok (fx, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
            (McActionArgs) { .result = "Bản sao chứng thực số 14" });
  sign_ok (fx, fx->vice, id);
}

/* ---- QR codes ---- */

static void
test_qr (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mc_signature_qr_text (fx->store, id, &error);
  g_autofree char *prefix = g_strdup_printf ("MC1|%s|%lld|", d->code,
      (long long) query_int (fx->store, "SELECT id FROM signature"));
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GBytes) matrix = NULL;
  const guchar *modules;
  gsize size;
  int width = 0, dark = 0;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_cmpuint (strlen (text), ==, strlen (prefix) + 88);   /* base64 of 64 bytes */

  /* As decoded, and with the line end a reader may add. */
  for (const char *suffix[] = { "", "\n", "\r\n" }, **s = suffix; s < suffix + 3; s++)
    {
      g_autofree char *read = g_strconcat (text, *s, NULL);

      c = mc_signature_check_qr (fx->store, read, &error);
      g_assert_no_error (error);
      g_assert_true (c->valid);
      g_assert_true (g_str_has_prefix (c->verdict, "Signed by Hoàng Văn Phó (" VICE_TITLE ") at "
                                                   "2024-03-11 08:40 with the key "));
      g_clear_pointer (&c, mc_signature_check_free);
    }

  /* Another code, one byte of the signature changed, another signature number. */
  {
    g_autofree char *other_code = g_strdup (text);
    g_autofree char *other_sig = g_strdup (text);
    char *p = strchr (other_code, '-');
    /* The last full base64 character: the two after it are padding. */
    char *last = other_sig + strlen (other_sig) - 4;

    *(p + 1) = *(p + 1) == '9' ? '8' : '9';
    *last = *last == 'A' ? 'B' : 'A';
    for (const char *changed[] = { other_code, other_sig }, **t = changed; t < changed + 2; t++)
      {
        c = mc_signature_check_qr (fx->store, *t, &error);
        g_assert_no_error (error);
        g_assert_false (c->valid);
        g_assert_nonnull (strstr (c->verdict, "does not match"));
        g_clear_pointer (&c, mc_signature_check_free);
      }
  }
  {
    g_autofree char *other_id = g_strdup_printf ("MC1|%s|999|%s", d->code,
                                                 strrchr (text, '|') + 1);

    c = mc_signature_check_qr (fx->store, other_id, &error);
    g_assert_null (c);
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  for (const char *bad[] = { "", "MC1", "MC2|a|1|b", "MC1|a|x|b", "MC1|a|1|", "MC1||1|b",
                             "MC1|a|1|b|c", "\xff\xfe", NULL }, **t = bad; *t != NULL; t++)
    {
      c = mc_signature_check_qr (fx->store, *t, &error);
      g_assert_null (c);
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* The page holds the same as the database: a change in the dossier shows through the QR. */
  exec_sql (fx->store, "UPDATE dossier SET applicant_name = 'Người Khác'");
  c = mc_signature_check_qr (fx->store, text, &error);
  g_assert_no_error (error);
  g_assert_false (c->valid);
  g_assert_nonnull (strstr (c->verdict, "the applicant"));

  /* The module grid: a QR version (21 + 4k modules a side) of zeros and ones. */
  matrix = mc_signature_qr_matrix (text, &width, &error);
  g_assert_no_error (error);
  modules = g_bytes_get_data (matrix, &size);
  g_assert_cmpint (width, >=, 21);
  g_assert_cmpint ((width - 21) % 4, ==, 0);
  g_assert_cmpuint (size, ==, (gsize) width * width);
  for (gsize i = 0; i < size; i++)
    {
      g_assert_cmpuint (modules[i], <=, 1);
      dark += modules[i];
    }
  /* The finder pattern's corner is dark, the module inside its ring light. */
  g_assert_cmpuint (modules[0], ==, 1);
  g_assert_cmpuint (modules[width + 1], ==, 0);
  g_assert_cmpint (dark, >, 0);
  g_assert_cmpint (dark, <, width * width);
}

/* ---- The signature block ---- */

static void
test_delegation (void)
{
  g_auto(GStrv) vice = mc_signature_delegation (MC_ROLE_VICE_CHAIRMAN);
  g_auto(GStrv) chair = mc_signature_delegation (MC_ROLE_CHAIRMAN);

  /* English here (LC_ALL=C.UTF-8); "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" and "TM. ỦY BAN NHÂN DÂN /
   * CHỦ TỊCH" in Vietnamese. */
  g_assert_cmpuint (g_strv_length (vice), ==, 2);
  g_assert_cmpstr (vice[0], ==, "FOR THE CHAIRMAN");
  g_assert_cmpstr (vice[1], ==, "VICE-CHAIRMAN");
  g_assert_cmpuint (g_strv_length (chair), ==, 2);
  g_assert_cmpstr (chair[0], ==, "ON BEHALF OF THE PEOPLE'S COMMITTEE");
  g_assert_cmpstr (chair[1], ==, "CHAIRMAN");
  for (McRole role = MC_ROLE_ADMIN; role <= MC_ROLE_POLICE; role++)
    if (role != MC_ROLE_VICE_CHAIRMAN && role != MC_ROLE_CHAIRMAN)
      g_assert_null (mc_signature_delegation (role));
}

/* ---- motcua-cli ---- */

/* Runs motcua-cli --db PATH with the arguments; returns its exit status, its output in *OUT. */


static int
run_cli (Fixture *fx, char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) exit_error = NULL;
  const char *cli = g_getenv ("MOTCUA_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fx->path);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (wait_status, &exit_error))
    return 0;
  g_assert_true (g_error_matches (exit_error, G_SPAWN_EXIT_ERROR, exit_error->code));
  return exit_error->code;
}

static void
test_cli (Fixture *fx, gconstpointer data)
{
  gint64 id = signed_dossier (fx);
  g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, NULL);
  g_autofree char *qr = mc_signature_qr_text (fx->store, id, NULL);
  g_autofree char *bad_qr = g_strdup (qr);
  gint64 unsigned_id = submitted_dossier (fx);
  g_autoptr(McDossier) unsigned_d = mc_store_get_dossier (fx->store, unsigned_id, NULL);
  char *out = NULL, *err = NULL;

#define RUN(expected, ...)                                                  \
  G_STMT_START {                                                            \
    g_clear_pointer (&out, g_free);                                         \
    g_clear_pointer (&err, g_free);                                         \
    g_assert_cmpint (run_cli (fx, &out, &err, __VA_ARGS__, NULL), ==, expected); \
  } G_STMT_END

  RUN (0, "signature", "verify", d->code);
  g_assert_true (g_str_has_prefix (out, "Signed by Hoàng Văn Phó (" VICE_TITLE ") at "
                                        "2024-03-11 08:40 with the key "));
  RUN (0, "signature", "verify-qr", qr);
  g_assert_true (g_str_has_prefix (out, "Signed by Hoàng Văn Phó (" VICE_TITLE ") at "
                                        "2024-03-11 08:40 with the key "));

  bad_qr[strlen (bad_qr) - 4] = bad_qr[strlen (bad_qr) - 4] == 'Q' ? 'R' : 'Q';
  RUN (1, "signature", "verify-qr", bad_qr);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "does not match"));
  RUN (1, "signature", "verify-qr", "not a QR of ours");
  RUN (1, "signature", "verify", unsigned_d->code);
  g_assert_nonnull (strstr (err, "has not been signed"));
  RUN (1, "signature", "verify", "000.00.00.H00-000000-0000");
  RUN (2, "signature");
  RUN (2, "signature", "check", d->code);
  RUN (2, "signature", "verify", d->code, "extra");

  /* Changed after signing: exit 1, naming what. */
  exec_sql (fx->store, "UPDATE dossier SET result = 'Bản sao khác' WHERE id = "
                       "(SELECT dossier_id FROM signature)");
  RUN (1, "signature", "verify", d->code);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "the result was “Bản sao chứng thực số 12” when signed, now "
                                 "“Bản sao khác”"));
  RUN (1, "signature", "verify-qr", qr);
#undef RUN
  g_free (out);
  g_free (err);
}

/* ---- The result's files ---- */

static gboolean
attach_result (Fixture *fx, gint64 actor, gint64 dossier, GBytes *bytes, const char *name,
               gboolean replace, char **hash, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) hashes = NULL;

  g_ptr_array_add (files, mc_attachment_file_new (MC_ATTACHMENT_RESULT, bytes, name));
  if (!mc_dossier_attach (fx->store, actor, dossier, files, replace, &hashes, error))
    return FALSE;
  if (hash != NULL)
    *hash = g_strdup (g_ptr_array_index (hashes, 0));
  return TRUE;
}

/* A dossier assigned to the specialist, who attaches two draft result files, then submits it. */
static gint64
drafted_dossier (Fixture *fx, char **hash_a, char **hash_b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = mc_test_make_image ("png", 120, 170, 0xf0e0d0ff);
  g_autoptr(GBytes) b = mc_test_make_image ("jpeg", 170, 120, 0x203040ff);
  McIntake in = { 0 };
  gint64 id;

  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.at = tick (fx);
  in.applicant_name = "Nguyễn Văn An";
  in.applicant_id_number = "001085012345";
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  /* Nobody attaches a draft before the dossier is with a specialist. */
  g_assert_false (attach_result (fx, fx->desk, id, a, "ban-sao.png", FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  g_clear_error (&error);
  apply_ok (fx, fx->desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = fx->spec });
  /* The specialist who handles it, no one else. */
  g_assert_false (attach_result (fx, fx->desk, id, a, "ban-sao.png", FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (attach_result (fx, fx->spec, id, a, "ban-sao.png", FALSE, hash_a, &error));
  g_assert_no_error (error);
  g_assert_true (attach_result (fx, fx->spec, id, b, "trang-2.jpg", FALSE, hash_b, &error));
  g_assert_no_error (error);
  apply_ok (fx, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
            (McActionArgs) { .result = "Bản sao chứng thực số 12" });
  /* With the leader, the files stay as submitted. */
  g_assert_false (attach_result (fx, fx->spec, id, a, "khac.png", FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  return id;
}

static const McSignatureFile *
file_of (const McSignatureCheck *c, const char *hash)
{
  for (guint i = 0; c->files != NULL && i < c->files->len; i++)
    {
      const McSignatureFile *f = g_ptr_array_index (c->files, i);

      if (g_str_equal (f->hash, hash))
        return f;
    }
  return NULL;
}

static void
test_files_covered (Fixture *fx, gconstpointer data)
{
  g_autofree char *ha = NULL, *hb = NULL, *hscan = NULL;
  gint64 id = drafted_dossier (fx, &ha, &hb);
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GBytes) scan = mc_test_make_image ("jpeg", 200, 280, 0x808080ff);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *expected_files = NULL;

  sign_ok (fx, fx->vice, id);
  c = check (fx, id);
  g_assert_true (c->valid);
  g_assert_cmpint (c->digest_version, ==, 2);
  g_assert_cmpuint (c->files->len, ==, 2);
  g_assert_cmpint (file_of (c, ha)->state, ==, MC_SIGNATURE_FILE_INTACT);
  g_assert_cmpstr (file_of (c, ha)->name, ==, "ban-sao.png");
  g_assert_cmpint (file_of (c, hb)->state, ==, MC_SIGNATURE_FILE_INTACT);

  /* The digest is the documented text, with both hashes sorted. */
  stored = mc_store_testing_text (fx->store, "SELECT result_files FROM signature");
  expected_files = strcmp (ha, hb) < 0 ? g_strdup_printf ("%s\n%s\n", ha, hb)
                                       : g_strdup_printf ("%s\n%s\n", hb, ha);
  text = canonical_text (fx->store);
  g_assert_true (g_str_has_prefix (text, "motcua-signature-2\n"));
  {
    g_autofree char *a_line = g_strdup_printf ("result-file: %s\n", strcmp (ha, hb) < 0 ? ha : hb);
    g_autofree char *b_line = g_strdup_printf ("result-file: %s\nsigned-at: ",
                                               strcmp (ha, hb) < 0 ? hb : ha);

    g_assert_nonnull (strstr (text, a_line));
    g_assert_nonnull (strstr (text, b_line));
    g_assert_true (strstr (text, a_line) < strstr (text, b_line));
  }
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  {
    g_autofree char *stored_digest = mc_store_testing_text (fx->store,
                                                            "SELECT digest FROM signature");
    g_assert_cmpstr (digest, ==, stored_digest);
  }

  /* Signed: nothing more is attached until the result is recorded… */
  g_assert_false (attach_result (fx, fx->spec, id, scan, NULL, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  g_clear_error (&error);
  apply_ok (fx, fx->spec, id, MC_ACTION_RECORD_RESULT, (McActionArgs) { 0 });
  {
    g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, NULL);
    /* The electronic result is there: digitised. */
    g_assert_true (d->digitized_result);
  }
  /* …then the desk's scan of the signed paper at hand-over: not covered, no harm. */
  g_assert_true (attach_result (fx, fx->desk, id, scan, NULL, FALSE, &hscan, &error));
  g_assert_no_error (error);
  apply_ok (fx, fx->desk, id, MC_ACTION_HAND_OVER, (McActionArgs) { 0 });
  g_clear_pointer (&c, mc_signature_check_free);
  c = check (fx, id);
  g_assert_true (c->valid);
  g_assert_cmpuint (c->files->len, ==, 3);
  g_assert_cmpint (file_of (c, hscan)->state, ==, MC_SIGNATURE_FILE_NOT_COVERED);
  g_assert_cmpint (file_of (c, ha)->state, ==, MC_SIGNATURE_FILE_INTACT);
  /* A rescan would replace what was signed: refused, nothing written. */
  g_assert_false (attach_result (fx, fx->desk, id, scan, NULL, TRUE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM attachment WHERE "
                                         "superseded_by IS NOT NULL"), ==, 0);
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    gint64 n = 0;

    g_assert_true (mc_signature_check_all (fx->store, problems, NULL, NULL, &n, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (n, ==, 1);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_files_tamper (Fixture *fx, gconstpointer data)
{
  g_autofree char *ha = NULL, *hb = NULL;
  gint64 id = drafted_dossier (fx, &ha, &hb);
  g_autofree char *ha_sql = NULL, *blob_sql = NULL, *hash_sql = NULL, *supersede_sql = NULL;
  g_autofree char *move_sql = NULL;
  guchar noise[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) c = NULL;

  sign_ok (fx, fx->vice, id);
  ha_sql = mc_test_sql_text (ha);
  blob_sql = g_strdup_printf ("UPDATE blob SET data = ?2 WHERE hash = %s", ha_sql);
  hash_sql = g_strdup_printf ("UPDATE attachment SET hash = %s WHERE hash <> %s AND "
                              "position = -1", ha_sql, ha_sql);
  supersede_sql = g_strdup_printf ("UPDATE attachment SET superseded_by = id, "
                                   "superseded_at = attached_at + 60 WHERE hash = %s", ha_sql);
  move_sql = g_strdup_printf ("UPDATE attachment SET position = 0 WHERE hash = %s", ha_sql);
  {
    const Tamper tampers[] = {
      /* The bytes rewritten behind the program's back. */
      { "are no longer those signed", blob_sql, noise },
      /* The attachment pointed at other bytes. */
      { "are no longer those signed", hash_sql },
      { "was replaced by another", supersede_sql },
      { "is no longer in the database", move_sql },
    };

    randombytes_buf (noise, sizeof noise);
    for (gsize i = 0; i < G_N_ELEMENTS (tampers); i++)
      tamper_and_check (fx, id, &tampers[i]);
  }
  c = check (fx, id);
  g_assert_true (c->valid);

  /* For good: check and the CLI say so too. */
  g_assert_true (mc_store_begin (fx->store, &error));
  g_assert_true (mc_store_testing_run_blob (fx->store,
                                            "UPDATE blob SET data = ?1 WHERE hash = "
                                            "(SELECT hash FROM attachment WHERE name = "
                                            "'ban-sao.png')", noise, sizeof noise, &error));
  g_assert_true (mc_store_commit (fx->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&c, mc_signature_check_free);
  c = check (fx, id);
  g_assert_false (c->valid);
  g_assert_cmpint (file_of (c, ha)->state, ==, MC_SIGNATURE_FILE_CHANGED);
  g_assert_cmpint (file_of (c, hb)->state, ==, MC_SIGNATURE_FILE_INTACT);
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    gint64 n = 0;

    g_assert_true (mc_signature_check_all (fx->store, problems, NULL, NULL, &n, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "ban-sao.png"));
  }
  {
    g_autoptr(McDossier) d = mc_store_get_dossier (fx->store, id, NULL);
    char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (fx, &out, &err, "signature", "verify", d->code, NULL), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "the bytes of the signed result file “ban-sao.png” are no "
                                   "longer those signed"));
    g_assert_nonnull (strstr (err, "  result file trang-2.jpg  "));
    g_assert_nonnull (strstr (err, "covered by the signature, as signed"));
    g_free (out);
    g_free (err);
  }
}

/* A signature made before signatures covered the result's files verifies as it did, in its own
 * canonical text, and files attached since do not touch it. */
static void
test_files_old_format (Fixture *fx, gconstpointer data)
{
  gint64 id = submitted_dossier (fx);
  g_autoptr(McSignatureCheck) c = NULL;
  g_autoptr(GBytes) scan = mc_test_make_image ("png", 100, 140, 0x102030ff);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *stored_digest = NULL;

  mc_signature_testing_set_version (1);
  sign_ok (fx, fx->vice, id);
  mc_signature_testing_set_version (0);
  g_assert_cmpint (query_int (fx->store, "SELECT digest_version FROM signature"), ==, 1);
  text = canonical_text (fx->store);
  g_assert_true (g_str_has_prefix (text, "motcua-signature-1\ncode: "));
  g_assert_null (strstr (text, "result-file"));
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  stored_digest = mc_store_testing_text (fx->store, "SELECT digest FROM signature");
  g_assert_cmpstr (digest, ==, stored_digest);
  c = check (fx, id);
  g_assert_true (c->valid);
  g_assert_cmpint (c->digest_version, ==, 1);
  g_assert_null (c->files);

  apply_ok (fx, fx->spec, id, MC_ACTION_RECORD_RESULT, (McActionArgs) { 0 });
  g_assert_true (attach_result (fx, fx->desk, id, scan, "da-ky.png", FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&c, mc_signature_check_free);
  c = check (fx, id);
  g_assert_true (c->valid);
  /* Its fields are still checked as before. */
  {
    const Tamper t = { "the result was", "UPDATE dossier SET result = 'X' WHERE id = ?1" };

    tamper_and_check (fx, id, &t);
  }
}


int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/signature/sign-and-verify", test_sign_and_verify);
  ADD ("/signature/result-rules", test_result_rules);
  ADD ("/signature/tamper/fields", test_tamper_fields);
  ADD ("/signature/tamper/digest-and-signature", test_tamper_digest_and_signature);
  ADD ("/signature/tamper/key", test_tamper_key);
  ADD ("/signature/tamper/audit", test_tamper_audit);
  ADD ("/signature/key/revoked", test_revoked_key);
  ADD ("/signature/key/revoked-before-signing", test_revoked_before_signing);
  ADD ("/signature/key/wrong-password", test_wrong_password);
  ADD ("/signature/key/password-change", test_password_change);
  ADD ("/signature/key/first-at-signing", test_first_key_at_signing);
  ADD ("/signature/only-leaders-sign", test_only_leaders_sign);
  ADD ("/signature/send-back", test_send_back);
  ADD ("/signature/qr", test_qr);
  ADD ("/signature/cli", test_cli);
  ADD ("/signature/files/covered", test_files_covered);
  ADD ("/signature/files/tamper", test_files_tamper);
  ADD ("/signature/files/old-format", test_files_old_format);
#undef ADD
  g_test_add_func ("/signature/delegation", test_delegation);
  return g_test_run ();
}
