/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GUI's printing under Xvfb: a report built in a thread on a database file, then written to
 * PDF by the same GtkPrintOperation that prints (in export mode, so with no dialog). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-date.h"
#include "mc-print.h"
#include "mc-reports-page.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

static char *tmpdir;

static gboolean
have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", name);
      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_utf8_normalize (out, -1, G_NORMALIZE_NFC);
}

/* A commune with four dossiers resolved in January 2024: three on time, one late. */
static McStore *
make_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_create (path, &error);
  McTime received = mc_test_time ("2024-01-08 08:00");

  g_assert_no_error (error);
  mc_store_testing_exec (store,
      "INSERT INTO setting (key, value) VALUES ('agency.parent', 'UBND HUYỆN THANH TRÌ'), "
      "('agency.name', 'UBND XÃ TAM HIỆP'), ('agency.place', 'Tam Hiệp');"
      "INSERT INTO procedure (id, code, name, field) VALUES (1, '1.001193', 'Đăng ký khai sinh', "
      "'Hộ tịch');"
      "INSERT INTO officer (id, name, role, active, created_at) VALUES "
      "(1, 'Nguyễn Văn Chủ', 5, TRUE, 0), (2, 'Phạm Văn Hộ Tịch', 3, TRUE, 0);", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 4; i++)
    {
      McTime due = received + 2 * 86400;
      McTime ended = i == 3 ? due + 86400 : received + 3600;

      mc_test_exec (store,
          "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at, "
          "ended_at, returned_at, outcome, handler_id, applicant_name) "
          "VALUES ('000.17.22.H56-240108-%04d', 1, 1, %d, %" G_GINT64_FORMAT ", %"
          G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %d, 2, 'Đỗ Quang Đạt')",
          i, MC_STATUS_RETURNED, (gint64) received, (gint64) due, (gint64) ended,
          (gint64) (ended + 3600), i == 3 ? MC_OUTCOME_LATE : MC_OUTCOME_EARLY);
    }
  return store;
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the main loop until the document is built in its thread. */
static McDocument *
wait_for_document (GAsyncResult **result,
                   GError       **error)
{
  McDocument *doc;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  doc = mc_build_document_finish (*result, error);
  g_clear_object (result);
  return doc;
}

static void
test_export_summary (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "print.db", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "summary.pdf", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *info = NULL;
  GAsyncResult *result = NULL;
  McReportOptions o = { .from = mc_test_day ("2024-01-01"), .to = mc_test_day ("2024-01-31"),
                        .date = mc_test_day ("2024-02-05") };
  const char *pages;

  if (!have_display () || !have_tool ("pdftotext") || !have_tool ("pdfinfo"))
    return;

  store = make_database (db);
  mc_build_report_async (store, MC_REPORT_SUMMARY, &o, NULL, built_cb, &result);
  doc = wait_for_document (&result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  g_assert_true (mc_print_document_export (doc, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  text = run_tool ((const char *[]) { "pdftotext", "-enc", "UTF-8", "-raw", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "UBND XÃ TAM HIỆP"));
  /* 3 of 4 on time; gtk_init took the locale's decimal mark. */
  g_assert_true (strstr (text, "75,00%") != NULL || strstr (text, "75.00%") != NULL);
  g_assert_nonnull (strstr (text, "3/4"));
  g_assert_nonnull (strstr (text, "240108-0003"));  /* the late one (its code wraps) */
  g_assert_nonnull (strstr (text, "Nguyễn Văn Chủ"));           /* the chairman signs */

  info = run_tool ((const char *[]) { "pdfinfo", pdf, NULL });
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, mc_document_get_n_pages (doc));
  /* A4 portrait, in points: the operation did not rescale the document. */
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts"));
}

static void
test_build_error (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "errors.db", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  McReportOptions o = { .from = mc_test_day ("2024-02-01"), .to = mc_test_day ("2024-01-01") };
  McDocument *doc;

  if (!have_display ())
    return;

  store = make_database (db);
  mc_build_report_async (store, MC_REPORT_SUMMARY, &o, NULL, built_cb, &result);
  doc = wait_for_document (&result, &error);
  g_assert_null (doc);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  /* A form of a dossier that is not there says so. */
  mc_build_form_async (store, MC_FORM_RECEIPT, "000.17.22.H56-240108-9999", NULL, built_cb,
                       &result);
  doc = wait_for_document (&result, &error);
  g_assert_null (doc);
  g_assert_nonnull (error);
}

/* The dialog shown over PARENT, once it is there. */
static GtkWidget *
wait_for_dialog (GtkWidget *parent)
{
  for (int round = 0; round < 500; round++)
    {
      g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

          if (GTK_IS_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (parent))
            return GTK_WIDGET (w);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return NULL;
}

/* The system dialog opens over the window; cancelling it ends the operation quietly. */
static void
test_print_dialog (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "dialog.db", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  McReportOptions o = { .from = mc_test_day ("2024-01-01"), .to = mc_test_day ("2024-01-31") };
  GtkWidget *window, *dialog;
  McDocument *doc;

  if (!have_display ())
    return;

  store = make_database (db);
  mc_build_report_async (store, MC_REPORT_REGISTER, &o, NULL, built_cb, &result);
  doc = wait_for_document (&result, &error);
  g_assert_no_error (error);
  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));

  mc_print_document (GTK_WINDOW (window), doc, "register");
  dialog = wait_for_dialog (window);
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row of the template named NAME (a GtkBuildable id). */
static GtkWidget *
template_child (McReportsPage *page,
                const char    *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MC_TYPE_REPORTS_PAGE, name));
}

static void
test_reports_page (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "page.db", NULL);
  g_autoptr(McStore) store = NULL;
  McReportsPage *page;
  GtkWidget *window;
  McReportOptions o;
  McReportKind kind;
  int y, m, d;

  if (!have_display ())
    return;

  store = make_database (db);
  page = mc_reports_page_new ();
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  mc_reports_page_set_store (page, store);

  /* The default: this month's summary, signed by the chairman. */
  g_assert_true (mc_reports_page_get_request (page, &kind, &o));
  g_assert_cmpint (kind, ==, MC_REPORT_SUMMARY);
  mc_day_to_ymd (o.from, &y, &m, &d);
  g_assert_cmpint (d, ==, 1);
  g_assert_cmpint (o.to, ==, mc_day_of_time (g_get_real_time () / G_USEC_PER_SEC));
  g_assert_cmpint (o.signer_id, ==, 1);

  /* Dates typed badly are refused at the field, with a sentence. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (page, "period_row")), 5);
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, "from_row")), "2024-13-01");
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, "to_row")), "2024-01-31");
  g_assert_false (mc_reports_page_get_request (page, &kind, &o));
  g_assert_true (gtk_widget_has_css_class (template_child (page, "from_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (template_child (page, "to_row"), "error"));
  g_assert_true (gtk_widget_get_visible (template_child (page, "dates_error")));

  /* Fixed, the request is the period written and the officer chosen. */
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, "from_row")), "2024-01-01");
  g_assert_false (gtk_widget_get_visible (template_child (page, "dates_error")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (page, "kind_row")), MC_REPORT_OFFICERS);
  g_assert_true (gtk_widget_get_visible (template_child (page, "officer_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (page, "officer_row")), 2);
  g_assert_true (mc_reports_page_get_request (page, &kind, &o));
  g_assert_cmpint (kind, ==, MC_REPORT_OFFICERS);
  g_assert_cmpint (o.from, ==, mc_test_day ("2024-01-01"));
  g_assert_cmpint (o.to, ==, mc_test_day ("2024-01-31"));
  g_assert_cmpint (o.officer_id, ==, 2);   /* after "Every officer" and Nguyễn Văn Chủ */

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    gtk_init ();
  tmpdir = mc_test_tmpdir ();

  g_test_add_func ("/print/export-summary", test_export_summary);
  g_test_add_func ("/print/build-error", test_build_error);
  g_test_add_func ("/print/reports-page", test_reports_page);
  g_test_add_func ("/print/dialog", test_print_dialog);

  status = g_test_run ();
  g_free (tmpdir);
  return status;
}
