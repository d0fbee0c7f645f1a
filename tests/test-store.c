/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-backup.h"

static gint64
count_rows (McStore *store, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return mc_test_query_int (store, sql);
}

static void
test_open_file (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  /* In a folder that does not exist yet (or a new database on the test server). */
  g_autofree char *path = mc_test_new_target (dir, "sub/motcua.db");
  g_autoptr(GError) error = NULL;
  int version;

  {
    g_autoptr(McStore) store = mc_store_create (path, &error);
    g_assert_no_error (error);
    version = mc_store_get_schema_version (store);
    g_assert_cmpint (version, >=, 1);
    g_assert_true (mc_store_is_empty (store));
  }
  {
    /* Reopening applies nothing twice. */
    g_autoptr(McStore) store = mc_store_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (mc_store_get_schema_version (store), ==, version);
  }
}

static void
test_open_not_a_database (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "Kính gửi: UBND xã. This is not a database at all, "
                                      "just a letter saved with the wrong name.", -1, NULL));
  store = mc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MC_ERROR, MC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  /* The file is left as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "Kính gửi"));
}

static void
test_open_newer_schema (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = mc_test_new_target (dir, "newer.db");
  g_autoptr(GError) error = NULL;

  /* A database a newer program brought to schema 999. */
  {
    g_autoptr(McStore) store = mc_store_create (path, &error);

    g_assert_no_error (error);
    mc_test_exec (store, "INSERT INTO schema_version (version, applied_at) VALUES (999, 0)");
  }
  {
    g_autoptr(McStore) store = mc_store_open (path, &error);
    g_assert_null (store);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "999"));
  }
}

static void
test_transactions_nest (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_testing_exec (store, "INSERT INTO setting VALUES ('a', '1')", &error));
  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_testing_exec (store, "INSERT INTO setting VALUES ('b', '2')", &error));
  mc_store_rollback (store);
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (store, "setting WHERE key = 'a'"), ==, 1);
  g_assert_cmpint (count_rows (store, "setting WHERE key = 'b'"), ==, 0);
}

static void
test_settings_need_admin (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *fallback = NULL;
  gint64 audit_before;

  g_assert_true (mc_store_testing_exec (store,
      "INSERT INTO officer (id, name, role, created_at) VALUES (5, 'Lê Văn Công', 7, 0)", &error));
  audit_before = count_rows (store, "audit");

  g_assert_false (mc_store_set_setting (store, 5, "agency.name", "UBND XÃ KHÁC", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "audit"), ==, audit_before);

  g_assert_true (mc_store_set_setting (store, 0, "agency.name", "UBND XÃ TAM HIỆP", &error));
  g_assert_no_error (error);
  value = mc_store_get_setting (store, "agency.name", NULL);
  g_assert_cmpstr (value, ==, "UBND XÃ TAM HIỆP");
  fallback = mc_store_get_setting (store, "no.such.key", "mặc định");
  g_assert_cmpstr (fallback, ==, "mặc định");
  g_assert_cmpint (count_rows (store, "audit"), ==, audit_before + 1);
}

static McProcedure *
make_procedure (const char *code, const char *name)
{
  McProcedure *p = mc_procedure_new ();
  McStepTemplate *step = g_new0 (McStepTemplate, 1);
  McDocumentTemplate *doc = g_new0 (McDocumentTemplate, 1);

  g_free (p->code);
  p->code = g_strdup (code);
  g_free (p->name);
  p->name = g_strdup (name);
  g_free (p->field);
  p->field = g_strdup ("Hộ tịch");
  p->limit_kind = MC_LIMIT_WORKING_DAYS;
  p->limit_value = 3;
  p->online_level = MC_ONLINE_FULL;
  step->name = g_strdup ("Thẩm định");
  step->role = MC_ROLE_SPECIALIST;
  step->budget_seconds = 3 * 8 * 3600;
  g_ptr_array_add (p->steps, step);
  doc->name = g_strdup ("Tờ khai");
  doc->quantity = 1;
  doc->required = TRUE;
  g_ptr_array_add (p->documents, doc);
  return p;
}

static void
test_procedures (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = make_procedure ("1.004873", "Xác nhận tình trạng hôn nhân");
  g_autoptr(McProcedure) dup = make_procedure ("1.004873", "Trùng mã");
  g_autoptr(McProcedure) bad = make_procedure ("", "Không có mã");
  g_autoptr(McProcedure) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (mc_store_save_procedure (store, 0, p, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p->id, >, 0);

  loaded = mc_store_find_procedure (store, "1.004873", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->name, ==, "Xác nhận tình trạng hôn nhân");
  g_assert_cmpint (loaded->limit_value, ==, 3);
  g_assert_cmpint (loaded->online_level, ==, MC_ONLINE_FULL);
  g_assert_cmpuint (loaded->steps->len, ==, 1);
  g_assert_cmpuint (loaded->documents->len, ==, 1);

  g_assert_false (mc_store_save_procedure (store, 0, dup, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "1.004873"));
  g_clear_error (&error);

  g_assert_false (mc_store_save_procedure (store, 0, bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (mc_store_find_procedure (store, "9.999999", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  all = mc_store_list_procedures (store, &error);
  g_assert_cmpuint (all->len, ==, 1);
}

/* Dossiers inserted directly: the queue query is independent of how they were made. */
static void
insert_dossier (McStore *store, gint64 id, gint64 handler, int status, const char *due,
                const char *name, const char *folded, const char *phone)
{
  g_autofree char *code = g_strdup_printf ("000.17.22.H56-240105-%04" G_GINT64_FORMAT, id);
  g_autofree char *handler_sql = handler != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, handler)
                                              : g_strdup ("NULL");
  g_autofree char *name_sql = mc_test_sql_text (name);
  g_autofree char *folded_sql = mc_test_sql_text (folded);
  g_autofree char *phone_sql = mc_test_sql_text (phone);
  McTime due_at = mc_test_time (due);

  mc_test_exec (store,
      "INSERT INTO dossier (id, code, procedure_id, channel, status, received_at, due_at, "
      "handler_id, applicant_name, applicant_folded, applicant_phone) "
      "VALUES (%" G_GINT64_FORMAT ", '%s', 1, 1, %d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
      ", %s, %s, %s, %s)",
      id, code, status, (gint64) (due_at - 86400), (gint64) due_at, handler_sql, name_sql,
      folded_sql, phone_sql);
}

static McStore *
queue_fixture (void)
{
  McStore *store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_testing_exec (store,
      "INSERT INTO procedure (id, code, name, field) VALUES (1, '1.001193', 'Đăng ký khai sinh', "
      "'Hộ tịch');"
      "INSERT INTO officer (id, name, role, created_at) VALUES (3, 'Trần Thị Bình', 3, 0),"
      " (4, 'Phạm Văn Dũng', 3, 0);", &error));
  g_assert_no_error (error);
  insert_dossier (store, 1, 3, 4, "2024-01-10 17:00", "Nguyễn Văn An", "nguyen van an", "0912345678");
  insert_dossier (store, 2, 3, 2, "2024-01-08 17:00", "Lê Thị Đào", "le thi dao", "0987000111");
  insert_dossier (store, 3, 3, 10, "2024-01-05 17:00", "Nguyễn Văn Anh", "nguyen van anh", "");
  insert_dossier (store, 4, 4, 5, "2024-01-09 17:00", "Đỗ An", "do an", "");
  insert_dossier (store, 5, 3, 4, "2024-01-12 17:00", "Hoàng Nam", "hoang nam", "");
  return store;
}

static void
assert_ids (GArray *ids, const gint64 *expected, guint n)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static void
test_queue_query (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) mine = NULL;
  g_autoptr(GArray) mine_desc = NULL;
  g_autoptr(GArray) overdue = NULL;
  McQuery q = { .handler_id = 3, .statuses = MC_STATUSES_OPEN, .sort = MC_SORT_DUE };
  const gint64 mine_expected[] = { 2, 1, 5 };
  const gint64 mine_desc_expected[] = { 5, 1, 2 };
  /* Dossier 4 waits for the citizen's supplement: its clock is stopped, so it is not overdue
   * (docs/domain.md §5, "Overdue now"). */
  const gint64 overdue_expected[] = { 2, 1 };

  mine = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  assert_ids (mine, mine_expected, 3);
  g_assert_cmpint (mc_store_query_count (store, &q, &error), ==, 3);

  q.descending = TRUE;
  mine_desc = mc_store_query_ids (store, &q, &error);
  assert_ids (mine_desc, mine_desc_expected, 3);

  q = (McQuery) { .due = MC_DUE_OVERDUE, .now = mc_test_time ("2024-01-11 08:00"),
                  .sort = MC_SORT_DUE };
  overdue = mc_store_query_ids (store, &q, &error);
  assert_ids (overdue, overdue_expected, 2);
}

/* The leaders' queue: dossiers in processing whose step waits for a signature. */
static void
test_queue_step (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) submitted = NULL;
  g_autoptr(GArray) sent_back = NULL;
  McQuery q = { .statuses = 1u << MC_STATUS_PROCESSING, .step = MC_STEP_SUBMITTED,
                .sort = MC_SORT_DUE };
  const gint64 submitted_expected[] = { 1, 5 };
  const gint64 sent_back_expected[] = { 2 };

  g_assert_true (mc_store_testing_exec (store,
      "UPDATE dossier SET step = 2 WHERE id IN (1, 5, 3);"
      "UPDATE dossier SET step = 4 WHERE id = 2;", &error));
  g_assert_no_error (error);

  submitted = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  assert_ids (submitted, submitted_expected, 2);
  g_assert_cmpint (mc_store_query_count (store, &q, &error), ==, 2);

  q = (McQuery) { .handler_id = 3, .step = MC_STEP_SENT_BACK };
  sent_back = mc_store_query_ids (store, &q, &error);
  assert_ids (sent_back, sent_back_expected, 1);
}

static void
test_queue_ranges (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) received = NULL;
  g_autoptr(GArray) ended = NULL;
  g_autoptr(GArray) open_then = NULL;
  McQuery q = { .received_from = mc_test_time ("2024-01-07 17:00"),
                .received_to = mc_test_time ("2024-01-09 17:00"), .sort = MC_SORT_RECEIVED };
  const gint64 received_expected[] = { 2, 4 };
  const gint64 ended_expected[] = { 3 };
  const gint64 open_expected[] = { 2, 4, 1 };

  /* Received on the 7th, 8th, 9th, 4th and 11th at 17:00; 3 ended on the 6th, 5 on the 13th. */
  g_assert_true (mc_store_testing_exec (store,
      "UPDATE dossier SET ended_at = received_at + 2 * 86400 WHERE id IN (3, 5);", &error));
  g_assert_no_error (error);

  /* From included, to excluded. */
  received = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  assert_ids (received, received_expected, 2);

  q = (McQuery) { .ended_from = mc_test_time ("2024-01-06 17:00"),
                  .ended_to = mc_test_time ("2024-01-07 00:00"), .sort = MC_SORT_RECEIVED };
  ended = mc_store_query_ids (store, &q, &error);
  assert_ids (ended, ended_expected, 1);

  /* Received before the 11th and still open at 18:00 on the 6th: those not ended at all stay. */
  q = (McQuery) { .received_to = mc_test_time ("2024-01-11 00:00"),
                  .ended_from = mc_test_time ("2024-01-06 18:00"), .sort = MC_SORT_RECEIVED };
  open_then = mc_store_query_ids (store, &q, &error);
  assert_ids (open_then, open_expected, 3);
  g_assert_cmpint (mc_store_query_count (store, &q, &error), ==, 3);
}

static void
test_queue_search (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  McQuery q = { .sort = MC_SORT_CODE };
  const struct { const char *text; gint64 expected[3]; guint n; } cases[] = {
    { "nguyen van an", { 1, 3 }, 2 },
    { "NGUYỄN VĂN AN", { 1, 3 }, 2 },
    { "an", { 1, 3, 4 }, 3 },           /* a word of the name, not inside "hoang nam" */
    { "dao", { 2 }, 1 },
    { "0912345678", { 1 }, 1 },
    { "+84 912 345 678", { 1 }, 1 },    /* the same number, written otherwise */
    { "+84912345678", { 1 }, 1 },
    { "0912 345 678", { 1 }, 1 },
    { "000.17.22.H56-240105-0004", { 4 }, 1 },
    { "0005", { 5 }, 1 },               /* the end of a code */
    { "100%_", { 0 }, 0 },              /* LIKE wildcards are literal */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ids = NULL;

      q.search = cases[i].text;
      ids = mc_store_query_ids (store, &q, &error);
      g_assert_no_error (error);
      assert_ids (ids, cases[i].expected, cases[i].n);
    }
}

/* The names' words (0009-search.sql) follow the names: changed, deleted, loaded in bulk; an
 * exact match comes first whatever the order asked for. */
static void
test_queue_search_words (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  static const char * const tables[] = { "dossier", NULL };
  McQuery q = { .sort = MC_SORT_CODE };
  const gint64 van_an[] = { 1, 3 }, renamed[] = { 2 }, after_delete[] = { 3 };
  const gint64 exact_first[] = { 3, 1 }, loaded[] = { 3, 6, 7 };
  g_autoptr(GArray) ids = NULL;
  gpointer bulk;

  q.search = "van an";
  ids = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  assert_ids (ids, van_an, 2);
  g_clear_pointer (&ids, g_array_unref);

  /* Lê Thị Đào becomes Lê Văn An (by her representative's name too), then back. */
  mc_test_exec (store, "UPDATE dossier SET applicant_folded = 'le thi dao', "
                       "representative_folded = 'tran van an' WHERE id = 2");
  mc_test_exec (store, "UPDATE dossier SET applicant_folded = 'le van an', "
                       "representative_folded = '' WHERE id = 2");
  q.search = "thi dao";
  ids = mc_store_query_ids (store, &q, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM dossier_word "
                                             "WHERE dossier_id = 2"), ==, 2);
  q.search = "van an";
  q.statuses = 1u << MC_STATUS_RECEIVED;   /* 2 only: the others are further on */
  ids = mc_store_query_ids (store, &q, &error);
  assert_ids (ids, renamed, 1);
  g_clear_pointer (&ids, g_array_unref);
  q.statuses = 0;

  mc_test_exec (store, "DELETE FROM dossier WHERE id IN (1, 2)");
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM dossier_word "
                                             "WHERE dossier_id IN (1, 2)"), ==, 0);
  ids = mc_store_query_ids (store, &q, &error);
  assert_ids (ids, after_delete, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* A bulk load: its rows' names are indexed at the rebuild, in one statement. */
  bulk = mc_store_bulk_begin (store, tables, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bulk);
  mc_test_exec (store,
      "INSERT INTO dossier (id, code, procedure_id, channel, status, applicant_name, "
      "applicant_folded, representative_folded) VALUES "
      "(6, 'X-6', 1, 1, 2, 'Trần Văn An', 'tran van an', ''), "
      "(7, 'X-7', 1, 1, 2, 'Đỗ Thị Mai', 'do thi mai', 'ngo van an')");
  g_assert_true (mc_store_bulk_rebuild (store, bulk, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_commit (store, &error));
  mc_store_bulk_end (store, bulk);
  ids = mc_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  assert_ids (ids, loaded, 3);
  g_clear_pointer (&ids, g_array_unref);
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM dossier_word "
                                             "WHERE dossier_id IN (6, 7)"), ==, 6);

  /* "nguyen van anh" is found by "van an" but named whole by itself: first, though the
   * order by code puts 1 before 3. */
  insert_dossier (store, 1, 3, 4, "2024-01-10 17:00", "Nguyễn Văn Ánh", "nguyen van anh x", "");
  q.search = "Nguyễn Văn Anh";
  ids = mc_store_query_ids (store, &q, &error);
  assert_ids (ids, exact_first, 2);
}

static void
test_dossier_read (void)
{
  g_autoptr(McStore) store = queue_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_find_dossier (store, "000.17.22.H56-240105-0001", &error);
  g_autoptr(McDossier) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (d->id, ==, 1);
  g_assert_cmpstr (d->applicant_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (d->handler_name, ==, "Trần Thị Bình");
  g_assert_cmpstr (d->procedure_code, ==, "1.001193");
  g_assert_cmpint (d->ended_at, ==, MC_TIME_NONE);
  g_assert_cmpint (d->outcome, ==, MC_OUTCOME_NONE);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 5);

  missing = mc_store_find_dossier (store, "nope", &error);
  g_assert_null (missing);
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
}

static void
test_backup_and_check (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = mc_test_new_target (dir, "live.db");
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (path, &error);
  g_autoptr(McStore) restored = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *bad_target = g_build_filename (dir, "no-such-dir", "x.db", NULL);

  g_assert_no_error (error);
  g_assert_true (mc_store_set_setting (store, 0, "agency.name", "UBND XÃ A", &error));
  /* The online backup copies a file; a server database is copied on the server (pg_dump). */
  if (!mc_test_on_server ())
    {
      g_assert_true (mc_backup_write (store, copy, NULL, &error));
      g_assert_no_error (error);

      restored = mc_store_open (copy, &error);
      g_assert_no_error (error);
      {
        g_autofree char *name = mc_store_get_setting (restored, "agency.name", NULL);
        g_assert_cmpstr (name, ==, "UBND XÃ A");
      }
      g_assert_true (mc_store_check (restored, &problems, &error));
      g_assert_cmpuint (problems->len, ==, 0);
      g_clear_pointer (&problems, g_ptr_array_unref);

      g_assert_false (mc_backup_write (store, bad_target, NULL, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_FAILED);
      g_clear_error (&error);
    }

  /* A resolved dossier without its end time breaks the data's own rules. */
  g_assert_true (mc_store_testing_exec (store,
      "INSERT INTO procedure (id, code, name) VALUES (1, '1.001193', 'Khai sinh');"
      "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at, outcome) "
      "VALUES ('X-1', 1, 1, 9, 100, 200, 1)", &error));
  g_assert_false (mc_store_check (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "X-1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/open-file", test_open_file);
  g_test_add_func ("/store/open-not-a-database", test_open_not_a_database);
  g_test_add_func ("/store/open-newer-schema", test_open_newer_schema);
  g_test_add_func ("/store/transactions-nest", test_transactions_nest);
  g_test_add_func ("/store/settings-need-admin", test_settings_need_admin);
  g_test_add_func ("/store/procedures", test_procedures);
  g_test_add_func ("/store/queue-query", test_queue_query);
  g_test_add_func ("/store/queue-ranges", test_queue_ranges);
  g_test_add_func ("/store/queue-search", test_queue_search);
  g_test_add_func ("/store/queue-search-words", test_queue_search_words);
  g_test_add_func ("/store/queue-step", test_queue_step);
  g_test_add_func ("/store/dossier-read", test_dossier_read);
  g_test_add_func ("/store/backup-and-check", test_backup_and_check);
  return g_test_run ();
}
