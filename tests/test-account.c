/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers and sign-in accounts: Argon2id hashes, who may create and change accounts, sign-in
 * that never says whether the name or the password was wrong, and the import's officer lookup. */
#include "config.h"

#include <string.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-text.h"

#define WRONG "Wrong user name or password."

typedef struct {
  McStore *store;
  gint64 admin;
  gint64 desk;
} Fixture;

static char *
officer_text (McStore *store, gint64 id, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM officer WHERE id = %" G_GINT64_FORMAT,
                                          column, id);

  return mc_store_testing_text (store, sql);
}

/* The officers, the audit log: all a refused call must leave unchanged. */
static char *
snapshot (McStore *store)
{
  static const char *queries[] = { "SELECT * FROM officer ORDER BY id",
                                   "SELECT * FROM audit ORDER BY id" };
  GString *s = g_string_new (NULL);

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) rows = mc_store_testing_rows (store, queries[q]);

      for (guint r = 0; r < rows->len; r++)
        {
          g_string_append (s, g_ptr_array_index (rows, r));
          g_string_append_c (s, '\n');
        }
    }
  return g_string_free (s, FALSE);
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->store = mc_test_store_new (FALSE);
  fx->admin = mc_account_create (fx->store, 0, "Quản Trị Viên", "Quản trị", MC_ROLE_ADMIN,
                                 "admin", "quan-tri-2024", &error);
  g_assert_no_error (error);
  fx->desk = mc_account_create (fx->store, fx->admin, "Nguyễn Thị Hoa", "Công chức một cửa",
                                MC_ROLE_DESK, "Hoa.NT", "mat-khau-hoa", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
}

static void
test_create (Fixture *fx, gconstpointer data)
{
  g_autofree char *hash = officer_text (fx->store, fx->desk, "password_hash");
  g_autofree char *username = officer_text (fx->store, fx->desk, "username");
  g_autofree char *folded = officer_text (fx->store, fx->desk, "name_folded");
  g_autofree char *expected_folded = mc_text_fold ("Nguyễn Thị Hoa");
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = mc_store_get_officer (fx->store, fx->desk, &error);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) columns = NULL;
  gint64 n = 0;

  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "mat-khau-hoa"));
  /* Kept in lower case: one account whatever the case typed. */
  g_assert_cmpstr (username, ==, "hoa.nt");
  g_assert_cmpstr (folded, ==, expected_folded);
  g_assert_cmpstr (o->name, ==, "Nguyễn Thị Hoa");
  g_assert_cmpstr (o->title, ==, "Công chức một cửa");
  g_assert_cmpint (o->role, ==, MC_ROLE_DESK);
  g_assert_true (o->active);

  /* Two accounts with the same password get different hashes (salted). */
  {
    gint64 other = mc_account_create (fx->store, fx->admin, "Trần Văn Hùng", NULL,
                                      MC_ROLE_SPECIALIST, "hung", "mat-khau-hoa", &error);
    g_autofree char *other_hash = officer_text (fx->store, other, "password_hash");

    g_assert_no_error (error);
    g_assert_cmpstr (other_hash, !=, hash);
  }

  /* Audited, the password nowhere in the log. */
  sql = g_strdup_printf ("SELECT action, entity, entity_id, actor_id, details FROM audit "
                         "WHERE entity_id = %" G_GINT64_FORMAT " AND action = 'officer.create'",
                         fx->desk);
  rows = mc_store_testing_rows (fx->store, sql);
  g_assert_cmpuint (rows->len, >=, 1);
  columns = g_strsplit (g_ptr_array_index (rows, 0), "|", 5);
  g_assert_cmpuint (g_strv_length (columns), ==, 5);
  g_assert_cmpstr (columns[1], ==, "officer");
  g_assert_cmpint (g_ascii_strtoll (columns[3], NULL, 10), ==, fx->admin);
  g_assert_nonnull (strstr (columns[4], "Nguyễn Thị Hoa"));
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM audit WHERE details LIKE '%mat-khau%'"), ==, 0);
  g_assert_true (mc_audit_verify (fx->store, &n, &error));
  g_assert_cmpint (n, ==, 3);
}

static void
test_create_without_account (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (fx->store, fx->admin, "Lê Văn Chuyên", NULL,
                                 MC_ROLE_SPECIALIST, NULL, NULL, &error);
  g_autofree char *username = NULL;
  g_autofree char *hash = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  username = officer_text (fx->store, id, "username");
  hash = officer_text (fx->store, id, "password_hash");
  g_assert_null (username);
  g_assert_null (hash);
  /* No account: nothing to sign in with, and no password to set. */
  g_assert_false (mc_account_set_password (fx->store, fx->admin, id, NULL, "mot-mat-khau",
                                           &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
test_create_validation (Fixture *fx, gconstpointer data)
{
  struct { const char *name; McRole role; const char *username; const char *password;
           int code; const char *in_message; } cases[] = {
    { "An", MC_ROLE_DESK, "an", "1234567", MC_ERROR_INVALID, "8 characters" },
    { "An", MC_ROLE_DESK, "an", NULL, MC_ERROR_INVALID, "8 characters" },
    { "An", MC_ROLE_DESK, "an", "mậtkhẩu", MC_ERROR_INVALID, "8 characters" },
    { "", MC_ROLE_DESK, "an", "12345678", MC_ERROR_INVALID, "name" },
    { "   ", MC_ROLE_DESK, "an", "12345678", MC_ERROR_INVALID, "name" },
    { NULL, MC_ROLE_DESK, "an", "12345678", MC_ERROR_INVALID, "name" },
    { "An", 0, "an", "12345678", MC_ERROR_INVALID, "role" },
    { "An", 8, "an", "12345678", MC_ERROR_INVALID, "role" },
    { "An", MC_ROLE_DESK, "an nguyen", "12345678", MC_ERROR_INVALID, "spaces" },
    { "An", MC_ROLE_DESK, "HOA.NT", "12345678", MC_ERROR_EXISTS, "“hoa.nt”" },
    { "An", MC_ROLE_DESK, " admin ", "12345678", MC_ERROR_EXISTS, "“admin”" },
    { "An", MC_ROLE_DESK, NULL, "12345678", MC_ERROR_INVALID, "user name" },
    { "An", MC_ROLE_DESK, "", "12345678", MC_ERROR_INVALID, "user name" },
  };
  g_autofree char *before = snapshot (fx->store);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_cmpint (mc_account_create (fx->store, fx->admin, cases[i].name, NULL,
                                          cases[i].role, cases[i].username, cases[i].password,
                                          &error), ==, 0);
      g_assert_error (error, MC_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].in_message) == NULL)
        g_error ("case %zu: “%s” does not say %s", i, error->message, cases[i].in_message);
      after = snapshot (fx->store);
      g_assert_cmpstr (after, ==, before);
    }
  /* Eight characters, Vietnamese letters counted as one each. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (mc_account_create (fx->store, fx->admin, "An", NULL, MC_ROLE_DESK, "an",
                                        "mậtkhẩu1", &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
test_authenticate (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = NULL;
  gint64 audit_before = mc_test_query_int (fx->store, "SELECT count(*) FROM audit");

  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-hoa", &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_assert_cmpint (o->id, ==, fx->desk);
  g_assert_cmpint (o->role, ==, MC_ROLE_DESK);
  g_assert_cmpstr (o->name, ==, "Nguyễn Thị Hoa");
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==, audit_before + 1);
  g_clear_pointer (&o, mc_officer_free);

  /* The name in any case, with stray spaces. */
  o = mc_account_authenticate (fx->store, " Hoa.NT ", "mat-khau-hoa", &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_clear_pointer (&o, mc_officer_free);

  /* Wrong password, unknown user, empty input: the same words, never saying which. */
  {
    const char *tries[][2] = {
      { "hoa.nt", "mat-khau-sai" },
      { "hoa.nt", "MAT-KHAU-HOA" },
      { "hoa.nt", "" },
      { "hoa.nt", NULL },
      { "khong-co-ai", "mat-khau-hoa" },
      { "", "mat-khau-hoa" },
      { NULL, NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
      {
        g_autoptr(McOfficer) none = mc_account_authenticate (fx->store, tries[i][0], tries[i][1],
                                                             &error);
        g_assert_null (none);
        g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
        g_assert_cmpstr (error->message, ==, WRONG);
        g_clear_error (&error);
      }
  }
}

static void
test_inactive (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = NULL;

  g_assert_true (mc_account_set_active (fx->store, fx->admin, fx->desk, FALSE, &error));
  g_assert_no_error (error);

  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-hoa", &error);
  g_assert_null (o);
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "disabled"));
  g_clear_error (&error);
  /* A guesser learns nothing about the account from a wrong password. */
  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-sai", &error);
  g_assert_null (o);
  g_assert_cmpstr (error->message, ==, WRONG);
  g_clear_error (&error);
  /* Nor may a disabled officer act. */
  g_assert_cmpint (mc_store_actor_role (fx->store, fx->desk), ==, 0);
  g_assert_false (mc_account_set_password (fx->store, fx->desk, fx->desk, "mat-khau-hoa",
                                           "mat-khau-moi", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (mc_account_set_active (fx->store, fx->admin, fx->desk, TRUE, &error));
  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-hoa", &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM audit WHERE action IN ('officer.disable', 'officer.enable')"), ==, 2);
}

static void
test_non_admin_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 spec = mc_account_create (fx->store, fx->admin, "Trần Văn Hùng", NULL,
                                   MC_ROLE_SPECIALIST, "hung", "mat-khau-hung", &error);

  g_assert_no_error (error);
  before = snapshot (fx->store);

  for (McRole role = MC_ROLE_DESK; role <= MC_ROLE_POLICE; role++)
    {
      /* An officer of each other role tries; the desk officer's role is set for the try. */
      gint64 actor = fx->desk;

      if (role != MC_ROLE_DESK)
        {
          g_assert_true (mc_account_set_role (fx->store, fx->admin, actor, role, &error));
          g_clear_pointer (&before, g_free);
          before = snapshot (fx->store);
        }
      g_assert_cmpint (mc_account_create (fx->store, actor, "Mới", NULL, MC_ROLE_ADMIN, "moi",
                                          "mat-khau-moi", &error), ==, 0);
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_false (mc_account_set_role (fx->store, actor, actor, MC_ROLE_ADMIN, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_false (mc_account_set_role (fx->store, actor, spec, MC_ROLE_CHAIRMAN, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_false (mc_account_set_active (fx->store, actor, spec, FALSE, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_false (mc_account_set_password (fx->store, actor, spec, NULL, "chiem-quyen-1",
                                               &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_false (mc_account_set_password (fx->store, actor, spec, "mat-khau-hung",
                                               "chiem-quyen-1", &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_clear_error (&error);

      g_clear_pointer (&after, g_free);
      after = snapshot (fx->store);
      g_assert_cmpstr (after, ==, before);
    }
  /* An officer unknown to the store is no administrator either. */
  g_assert_cmpint (mc_account_create (fx->store, 9999, "Lạ", NULL, MC_ROLE_ADMIN, "la",
                                      "mat-khau-la", &error), ==, 0);
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
}

static void
test_set_role (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = NULL;

  g_assert_true (mc_account_set_role (fx->store, fx->admin, fx->desk, MC_ROLE_VICE_CHAIRMAN,
                                      &error));
  g_assert_no_error (error);
  o = mc_store_get_officer (fx->store, fx->desk, &error);
  g_assert_cmpint (o->role, ==, MC_ROLE_VICE_CHAIRMAN);
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM audit WHERE action = 'officer.role'"), ==, 1);

  g_assert_false (mc_account_set_role (fx->store, fx->admin, fx->desk, 0, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_account_set_role (fx->store, fx->admin, 4242, MC_ROLE_DESK, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The last active administrator stays one, and stays active: someone must manage. */
  g_assert_false (mc_account_set_role (fx->store, fx->admin, fx->admin, MC_ROLE_DESK, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_account_set_active (fx->store, fx->admin, fx->admin, FALSE, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mc_account_set_role (fx->store, fx->admin, fx->desk, MC_ROLE_ADMIN, &error));
  g_assert_true (mc_account_set_role (fx->store, fx->admin, fx->admin, MC_ROLE_DESK, &error));
  g_assert_no_error (error);
}

static void
test_password (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = NULL;
  g_autofree char *before = snapshot (fx->store);
  g_autofree char *after = NULL;

  /* One's own: the current password is needed. */
  g_assert_false (mc_account_set_password (fx->store, fx->desk, fx->desk, "sai-mat-khau",
                                           "mat-khau-moi", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_account_set_password (fx->store, fx->desk, fx->desk, NULL, "mat-khau-moi",
                                           &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_account_set_password (fx->store, fx->desk, fx->desk, "mat-khau-hoa",
                                           "ngan", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (fx->store);
  g_assert_cmpstr (after, ==, before);

  g_assert_true (mc_account_set_password (fx->store, fx->desk, fx->desk, "mat-khau-hoa",
                                          "mat-khau-moi", &error));
  g_assert_no_error (error);
  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-hoa", &error);
  g_assert_null (o);
  g_assert_cmpstr (error->message, ==, WRONG);
  g_clear_error (&error);
  o = mc_account_authenticate (fx->store, "hoa.nt", "mat-khau-moi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_clear_pointer (&o, mc_officer_free);

  /* The administrator resets it without the old one. */
  g_assert_true (mc_account_set_password (fx->store, fx->admin, fx->desk, NULL, "dat-lai-2024",
                                          &error));
  g_assert_no_error (error);
  o = mc_account_authenticate (fx->store, "hoa.nt", "dat-lai-2024", &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM audit WHERE action = 'officer.password'"), ==, 2);
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM audit WHERE details LIKE '%dat-lai%' OR details LIKE '%moi%'"),
      ==, 0);

  g_assert_false (mc_account_set_password (fx->store, fx->admin, 4242, NULL, "dat-lai-2024",
                                           &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
}

static void
test_ensure_officer (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) o = NULL;
  gint64 audit_before = mc_test_query_int (fx->store, "SELECT count(*) FROM audit");
  gint64 id = mc_account_ensure_officer (fx->store, "Phạm Văn Địa", MC_ROLE_SPECIALIST, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  o = mc_store_get_officer (fx->store, id, &error);
  g_assert_cmpstr (o->name, ==, "Phạm Văn Địa");
  g_assert_cmpint (o->role, ==, MC_ROLE_SPECIALIST);
  g_assert_cmpstr (o->username, ==, "");
  g_assert_true (o->active);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==, audit_before + 1);

  /* Found again by its exact name, nothing written. */
  g_assert_cmpint (mc_account_ensure_officer (fx->store, "Phạm Văn Địa", MC_ROLE_SPECIALIST,
                                              &error), ==, id);
  g_assert_cmpint (mc_account_ensure_officer (fx->store, "  Phạm Văn Địa ", MC_ROLE_DESK,
                                              &error), ==, id);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==, audit_before + 1);
  /* Existing accounts are found too. */
  g_assert_cmpint (mc_account_ensure_officer (fx->store, "Nguyễn Thị Hoa", MC_ROLE_SPECIALIST,
                                              &error), ==, fx->desk);
  /* The receiving officer of an import is a desk officer. */
  {
    gint64 desk = mc_account_ensure_officer (fx->store, "Lý Thị Tiếp Nhận", MC_ROLE_DESK,
                                             &error);
    g_autoptr(McOfficer) d = mc_store_get_officer (fx->store, desk, &error);

    g_assert_cmpint (d->role, ==, MC_ROLE_DESK);
  }

  g_assert_cmpint (mc_account_ensure_officer (fx->store, "  ", MC_ROLE_SPECIALIST, &error), ==, 0);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  /* Inside the importer's transaction, rolled back with it. */
  g_assert_true (mc_store_begin (fx->store, &error));
  g_assert_cmpint (mc_account_ensure_officer (fx->store, "Người Tạm", MC_ROLE_SPECIALIST,
                                              &error), >, 0);
  mc_store_rollback (fx->store);
  g_assert_cmpint (mc_test_query_int (fx->store,
      "SELECT count(*) FROM officer WHERE name = 'Người Tạm'"), ==, 0);

  /* The lookup uses the name index (SQLite's plan: the server's planner picks by the table's
   * size). */
  if (!mc_test_on_server ())
    {
      g_autoptr(GPtrArray) plan = mc_store_testing_rows (fx->store,
          "EXPLAIN QUERY PLAN SELECT id FROM officer WHERE name = 'Người Tạm' ORDER BY id LIMIT 1");
      gboolean indexed = FALSE;

      /* id|parent|notused|detail */
      for (guint i = 0; i < plan->len; i++)
        indexed |= strstr (g_ptr_array_index (plan, i), "officer_name") != NULL;
      g_assert_true (indexed);
    }
}

#define ADD(path, func) \
  g_test_add ("/account/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("create", test_create);
  ADD ("create-without-account", test_create_without_account);
  ADD ("create-validation", test_create_validation);
  ADD ("authenticate", test_authenticate);
  ADD ("inactive", test_inactive);
  ADD ("non-admin-refused", test_non_admin_refused);
  ADD ("set-role", test_set_role);
  ADD ("password", test_password);
  ADD ("ensure-officer", test_ensure_officer);

  return g_test_run ();
}
