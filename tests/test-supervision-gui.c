/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervision through the real window (issue 13): the commune police sign in and find the demo's
 * broker first on the Brokers page, open one of his dossiers and export the list for the police
 * file; a desk officer has no such page; the procedure controller draws a spot inspection, goes
 * through a dossier's checklist, is refused a verdict of failings without findings, records one
 * with them and another in order, and exports the minutes. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "mc-brokers-page.h"
#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-date.h"
#include "mc-dossier-view.h"
#include "mc-gui-test.h"
#include "mc-inspection-page.h"
#include "mc-reports-page.h"
#include "mc-store-internal.h"
#include "mc-supervision.h"
#include "mc-paths.h"
#include "mc-test-util.h"
#include "mc-today-page.h"
#include "mc-account.h"
#include "mc-workflow.h"

#define PASSWORD   MC_DEMO_PASSWORD
#define POLICE     "Trịnh Văn Hùng"
#define CONTROLLER "Lý Thị Ngọc"
#define DESK       "Nguyễn Thị Hoa"
#define BROKER     "Đinh Văn Tuấn"
#define VICE       "Bùi Văn Thắng"
#define LAND       "Hoàng Văn Đức"

/* The app's words in the language it runs in (LANGUAGE=vi for the pictures). */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

typedef struct {
  char *dir;
  char *db;
} Fixture;

static Fixture *
fixture_new (void)
{
  Fixture *fx = g_new0 (Fixture, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McDemoOptions options;

  fx->dir = mc_test_tmpdir ();
  fx->db = g_build_filename (fx->dir, "supervision.db", NULL);
  store = mc_store_create (fx->db, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  mc_demo_options_init (&options);
  options.dossiers = 2500;
  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  return fx;
}

static void
fixture_free (Fixture *fx)
{
  for (const char *suffix[] = { "", "-wal", "-shm" }, **x = suffix; x < suffix + 3; x++)
    {
      g_autofree char *file = g_strconcat (fx->db, *x, NULL);
      g_remove (file);
    }
  g_free (fx->db);
  g_free (fx->dir);
  g_free (fx);
}

static GtkStack *
sections (McWindow *window)
{
  return GTK_STACK (mc_ui_child (window, MC_TYPE_WINDOW, "section_stack"));
}

static gboolean
section_visible (McWindow   *window,
                 const char *name)
{
  GtkWidget *child = gtk_stack_get_child_by_name (sections (window), name);

  return gtk_stack_page_get_visible (gtk_stack_get_page (sections (window), child));
}

static gboolean
dossier_view_shown (gpointer data)
{
  return mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW) != NULL;
}

/* Scrolls the page so that WIDGET is in sight (for the pictures). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  mc_ui_iterate ();
  if (scrolled != NULL &&
      gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + point.y - 24);
    }
  mc_ui_iterate ();
}

/* ---- Brokers ---- */

static void
journey_brokers (McWindow *window,
                 gpointer  data)
{
  Fixture *fx = data;
  McBrokersPage *page;
  GtkWidget *first, *open, *export;
  GtkWindow *view;
  g_autofree char *path = g_build_filename (fx->dir, "brokers.pdf", NULL);
  g_autofree char *text = NULL;

  /* A desk officer has no brokers' page, nor inspections. */
  mc_ui_sign_in (window, DESK, PASSWORD);
  g_assert_false (section_visible (window, "brokers"));
  g_assert_false (section_visible (window, "inspections"));
  g_assert_false (section_visible (window, "today"));

  mc_ui_sign_in (window, POLICE, PASSWORD);
  g_assert_false (section_visible (window, "today"));
  g_assert_true (section_visible (window, "brokers"));
  g_assert_false (section_visible (window, "inspections"));
  mc_ui_section (window, "brokers");
  page = MC_BROKERS_PAGE (gtk_stack_get_child_by_name (sections (window), "brokers"));
  if (mc_brokers_page_get_count (page) == 0)
    g_error ("no broker listed: %s",
             gtk_label_get_label (GTK_LABEL (mc_ui_child (page, MC_TYPE_BROKERS_PAGE,
                                                          "status_label"))));

  /* The demo's broker first, with the officer who received most of his dossiers. */
  first = mc_ui_find (GTK_WIDGET (page), "broker-first");
  g_assert_nonnull (first);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, BROKER);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (first), TRUE);
  mc_ui_iterate ();
  mc_ui_shot (GTK_WIDGET (window), "brokers");

  /* Each dossier opens. */
  open = mc_ui_find_button (first, T ("_Open"));
  g_assert_nonnull (open);
  mc_ui_click (open);
  g_assert_true (mc_ui_wait (dossier_view_shown, NULL, 10));
  view = mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW);
  g_assert_nonnull (view);
  mc_ui_close_windows ();

  /* Printed for the police file. */
  export = mc_ui_find_button (GTK_WIDGET (page), T ("_Export PDF…"));
  g_assert_nonnull (export);
  mc_ui_click (export);
  text = mc_ui_save_pdf (path);
  g_assert_nonnull (strstr (text, BROKER));
  g_assert_nonnull (strstr (text, "0986868168"));
  g_assert_nonnull (strstr (text, T ("LIST OF POSSIBLE BROKERS")));
}

static void
test_brokers (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_brokers, fx);
  fixture_free (fx);
}

/* ---- A spot inspection, from the draw to the printed minutes ---- */

static GtkWidget *
item (McInspectionPage *page,
      int               position)
{
  g_autofree char *name = g_strdup_printf ("item-%d", position);
  GtkWidget *row = mc_ui_find (GTK_WIDGET (page), name);

  g_assert_nonnull (row);
  return row;
}

static void
journey_inspection (McWindow *window,
                    gpointer  data)
{
  Fixture *fx = data;
  McInspectionPage *page;
  GtkWidget *row, *error_label;
  g_autoptr(McInspection) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "minutes.pdf", NULL);
  g_autofree char *text = NULL;
  McStore *store;
  gint64 id;

  mc_ui_sign_in (window, CONTROLLER, PASSWORD);
  g_assert_true (section_visible (window, "brokers"));
  g_assert_true (section_visible (window, "inspections"));
  mc_ui_section (window, "inspections");
  page = MC_INSPECTION_PAGE (gtk_stack_get_child_by_name (sections (window), "inspections"));
  store = mc_window_get_store (window);

  /* The dossiers of this year, 5 of them. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_child (page, MC_TYPE_INSPECTION_PAGE,
                                                          "period_row")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (mc_ui_child (page, MC_TYPE_INSPECTION_PAGE,
                                                           "size_spin")), 5);
  mc_ui_click (mc_ui_find_button (GTK_WIDGET (page), T ("_Draw Sample")));
  id = mc_inspection_page_get_shown (page);
  g_assert_cmpint (id, >, 0);
  /* Recorded in the audit log with its seed before the list showed. */
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM audit WHERE action = "
                                             "'inspection.draw'"), ==, 1);

  /* The first dossier: the fee found wrong, the rest right. */
  row = item (page, 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  mc_ui_iterate ();
  for (int c = 0; c < MC_N_CHECKS; c++)
    {
      g_autofree char *name = g_strdup_printf ("check-%d", c);
      GtkWidget *check = mc_ui_find (row, name);

      g_assert_nonnull (check);
      adw_combo_row_set_selected (ADW_COMBO_ROW (check), c == 3 ? 2 : 1);
    }
  /* Failings without findings: refused, said at the row. */
  mc_ui_click (mc_ui_find_button (row, T ("_Failings Found")));
  error_label = mc_ui_find (row, "item-error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), !=, "");
  mc_ui_type (mc_ui_find (row, "findings"), "Thu lệ phí 5.000 đ, đúng là 2.000 đ");
  scroll_to (row);
  mc_ui_shot (GTK_WIDGET (window), "inspection-checklist");
  mc_ui_click (mc_ui_find_button (row, T ("_Failings Found")));

  /* The second in order. */
  row = item (page, 2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  mc_ui_iterate ();
  for (int c = 0; c < MC_N_CHECKS; c++)
    {
      g_autofree char *name = g_strdup_printf ("check-%d", c);
      adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_find (row, name)), 1);
    }
  mc_ui_click (mc_ui_find_button (row, T ("_In Order")));

  read = mc_inspection_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((McInspectionItem *) g_ptr_array_index (read->items, 0))->verdict, ==,
                   MC_VERDICT_FAILINGS);
  g_assert_cmpuint (((McInspectionItem *) g_ptr_array_index (read->items, 0))->passed, ==,
                    MC_CHECK_ALL & ~MC_CHECK_FEE);
  g_assert_cmpint (((McInspectionItem *) g_ptr_array_index (read->items, 1))->verdict, ==,
                   MC_VERDICT_IN_ORDER);
  g_assert_cmpint (((McInspectionItem *) g_ptr_array_index (read->items, 2))->verdict, ==,
                   MC_VERDICT_NONE);
  mc_ui_shot (GTK_WIDGET (window), "inspection");

  /* The minutes, with the findings per officer. */
  mc_ui_click (mc_ui_find_button (GTK_WIDGET (page), T ("_Export PDF…")));
  text = mc_ui_save_pdf (path);
  g_assert_nonnull (strstr (text, T ("MINUTES OF A SPOT INSPECTION")));
  g_assert_nonnull (strstr (text, ((McInspectionItem *) g_ptr_array_index (read->items, 0))->code));
  g_assert_nonnull (strstr (text, "2.000"));
  g_assert_nonnull (strstr (text, T ("II. FINDINGS PER OFFICER")));
}

static void
test_inspection (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_inspection, fx);
  fixture_free (fx);
}

/* ---- The controller's assessment of a report's period (issue 17, §2.5) ---- */

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
journey_assessment (McWindow *window,
                    gpointer  data)
{
  Fixture *fx = data;
  McReportsPage *page = MC_REPORTS_PAGE (mc_ui_child (window, MC_TYPE_WINDOW, "reports_page"));
  GtkWidget *group = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "assessment_group");
  GtkWidget *kind = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "kind_row");
  GtkWidget *period = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "period_row");
  GtkWidget *shortcomings = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "shortcomings_view");
  GtkWidget *causes = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "causes_view");
  GtkWidget *next_steps = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "next_steps_view");
  GtkWidget *status = mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "assessment_status");
  McReportKind k;
  McReportOptions o = { 0 };
  guint chosen;

  /* A desk officer does not write it. */
  mc_ui_sign_in (window, DESK, PASSWORD);
  mc_ui_section (window, "reports");
  g_assert_false (gtk_widget_get_visible (group));

  mc_ui_sign_in (window, CONTROLLER, PASSWORD);
  mc_ui_section (window, "reports");
  g_assert_true (gtk_widget_get_visible (group));
  mc_ui_type (shortcomings, "Hai hồ sơ đất đai trả muộn.");
  mc_ui_type (causes, "Chờ ý kiến phối hợp.");
  mc_ui_type (next_steps, "Nhắc lịch trước hạn hai ngày.");
  scroll_to (group);
  mc_ui_click (mc_ui_find_button (group, T ("Save the _Assessment")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==,
                   T ("Saved: the report of these dates prints it."));
  mc_ui_shot (GTK_WIDGET (window), "assessment");

  /* Kept with the period: another period shows nothing, the first one its text again. */
  g_assert_true (mc_reports_page_get_request (page, &k, &o));
  chosen = adw_combo_row_get_selected (ADW_COMBO_ROW (period));
  adw_combo_row_set_selected (ADW_COMBO_ROW (period), chosen == 0 ? 1 : 0);
  mc_ui_iterate ();
  {
    g_autofree char *empty = view_text (shortcomings);
    g_assert_cmpstr (empty, ==, "");
  }
  adw_combo_row_set_selected (ADW_COMBO_ROW (period), chosen);
  mc_ui_iterate ();
  {
    g_autofree char *again = view_text (shortcomings);
    g_assert_cmpstr (again, ==, "Hai hồ sơ đất đai trả muộn.");
  }
  /* Only for the summary report. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), MC_REPORT_REGISTER);
  mc_ui_iterate ();
  g_assert_false (gtk_widget_get_visible (group));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), MC_REPORT_SUMMARY);
  mc_ui_iterate ();

  /* In the database, as the report reads it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McStore) store = mc_store_open (fx->db, &error);
    g_autoptr(McReportNote) note = NULL;

    g_assert_no_error (error);
    note = mc_report_note_get (store, o.from, o.to, &error);
    g_assert_no_error (error);
    g_assert_nonnull (note);
    g_assert_cmpstr (note->causes, ==, "Chờ ý kiến phối hợp.");
    g_assert_cmpstr (note->next_steps, ==, "Nhắc lịch trước hạn hai ngày.");
  }
}

static void
test_assessment (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_assessment, fx);
  fixture_free (fx);
}

/* ---- Today, as a vice-chairman ---- */

static void
journey_today (McWindow *window,
               gpointer  data)
{
  McTodayPage *page;
  g_autoptr(McToday) core = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store = mc_window_get_store (window);
  GtkWidget *group, *open;
  guint total = 0;

  mc_ui_sign_in (window, VICE, PASSWORD);
  g_assert_true (section_visible (window, "today"));
  g_assert_false (section_visible (window, "brokers"));
  mc_ui_section (window, "today");
  page = MC_TODAY_PAGE (gtk_stack_get_child_by_name (sections (window), "today"));

  /* The page lists what core says needs the leaders now. */
  core = mc_supervision_today (store, mc_window_get_officer (window)->id, 0, &error);
  g_assert_no_error (error);
  for (int l = 0; l < MC_TODAY_N_LISTS; l++)
    {
      g_assert_cmpuint (mc_today_page_get_count (page, l), ==, core->ids[l]->len);
      total += core->ids[l]->len;
    }
  g_assert_cmpuint (total, >, 0);
  mc_ui_shot (GTK_WIDGET (window), "today");

  /* A dossier of the first list that has one opens. */
  for (int l = 0; l < MC_TODAY_N_LISTS; l++)
    if (core->ids[l]->len > 0)
      {
        g_autofree char *name = g_strdup_printf ("today-%d", l);

        group = mc_ui_find (GTK_WIDGET (page), name);
        g_assert_nonnull (group);
        open = mc_ui_find_button (group, T ("_Open"));
        g_assert_nonnull (open);
        mc_ui_click (open);
        g_assert_true (mc_ui_wait (dossier_view_shown, NULL, 10));
        mc_ui_close_windows ();
        break;
      }

  /* The controller has it too; the police do not. */
  mc_ui_sign_in (window, CONTROLLER, PASSWORD);
  g_assert_true (section_visible (window, "today"));
}

static void
test_today (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_today, fx);
  fixture_free (fx);
}

/* ---- The leaders' notifications: what another workstation does reaches the vice-chairman ---- */

static gint64
colleague_submits (const char *db, McChannel channel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) other = mc_store_open (db, &error);
  g_autoptr(McOfficer) desk = NULL;
  g_autoptr(McOfficer) spec = NULL;
  g_autoptr(McProcedure) p = NULL;
  McIntake in = { 0 };
  McActionArgs args = { 0 };
  gint64 id;

  g_assert_no_error (error);
  desk = mc_account_find (other, "tiepnhan1", &error);
  spec = mc_account_find (other, "tuphap", &error);
  p = mc_store_find_procedure (other, "2.000815", &error);
  g_assert_no_error (error);
  in.procedure_id = p->id;
  in.channel = channel;
  in.applicant_name = channel == MC_CHANNEL_ONLINE ? "Lưu Văn Khánh" : "Tạ Thị Mơ";
  in.request = "Chứng thực bản sao từ bản chính";
  if (channel == MC_CHANNEL_ONLINE)
    {
      /* Submitted three days ago and never accepted: long past its 8 working hours. */
      in.at = mc_now () - 3 * 86400;
      id = mc_workflow_intake (other, 0, &in, &error);
      g_assert_no_error (error);
      return id;
    }
  id = mc_workflow_intake (other, desk->id, &in, &error);
  g_assert_no_error (error);
  args.officer_id = spec->id;
  g_assert_true (mc_workflow_apply (other, desk->id, id, MC_ACTION_ASSIGN, &args, &error));
  g_assert_no_error (error);
  memset (&args, 0, sizeof args);
  args.result = "Bản sao được chứng thực từ bản chính, số 15/2026";
  g_assert_true (mc_workflow_apply (other, spec->id, id, MC_ACTION_SUBMIT_FOR_SIGNATURE, &args,
                                    &error));
  g_assert_no_error (error);
  return id;
}

static void
journey_notified (McWindow *window,
                  gpointer  data)
{
  Fixture *fx = data;
  GAction *open = g_action_map_lookup_action (G_ACTION_MAP (gtk_window_get_application (GTK_WINDOW (window))),
                                              "open-dossier");
  guint before;
  gint64 last = 0, id;

  mc_ui_sign_in (window, VICE, PASSWORD);
  mc_ui_section (window, "today");
  /* What waited already is on the page, not in notifications. */
  before = mc_window_get_notified (window, NULL);
  g_assert_cmpuint (before, ==, 0);

  /* A specialist at another workstation submits a result for signature. */
  id = colleague_submits (fx->db, MC_CHANNEL_DESK);
  mc_window_check_changes (window);
  mc_ui_iterate ();
  g_assert_cmpuint (mc_window_get_notified (window, &last), ==, before + 1);
  g_assert_cmpint (last, ==, id);
  /* Read again with no change: no second notification. */
  mc_window_check_changes (window);
  mc_today_page_reload (MC_TODAY_PAGE (gtk_stack_get_child_by_name (sections (window), "today")));
  g_assert_cmpuint (mc_window_get_notified (window, NULL), ==, before + 1);

  /* Clicking the notification opens the dossier. */
  g_assert_nonnull (open);
  g_action_activate (open, g_variant_new_int64 (last));
  g_assert_true (mc_ui_wait (dossier_view_shown, NULL, 10));
  mc_ui_close_windows ();

  /* An online dossier left unaccepted past 6 of its 8 hours: the leaders hear of it, and the
   * controller too. */
  id = colleague_submits (fx->db, MC_CHANNEL_ONLINE);
  mc_window_check_changes (window);
  mc_ui_iterate ();
  g_assert_cmpuint (mc_window_get_notified (window, &last), ==, before + 2);
  g_assert_cmpint (last, ==, id);
}

static void
test_notified (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_notified, fx);
  fixture_free (fx);
}

/* ---- The monthly review, from the controller's Reports page ---- */

static void
journey_review (McWindow *window,
                gpointer  data)
{
  Fixture *fx = data;
  McReportsPage *page;
  McReportKind kind;
  McReportOptions options;
  g_autofree char *path = g_build_filename (fx->dir, "review.pdf", NULL);
  g_autofree char *text = NULL;

  mc_ui_sign_in (window, CONTROLLER, PASSWORD);
  mc_ui_section (window, "reports");
  page = MC_REPORTS_PAGE (gtk_stack_get_child_by_name (sections (window), "reports"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "kind_row")),
                              MC_REPORT_REVIEW);
  /* This year: the demo's dossiers, its broker among them. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_child (page, MC_TYPE_REPORTS_PAGE,
                                                          "period_row")), 3);
  mc_ui_iterate ();
  /* The chairman signs it: no signer to choose. */
  g_assert_false (gtk_widget_get_visible (mc_ui_child (page, MC_TYPE_REPORTS_PAGE, "signer_row")));
  g_assert_true (mc_reports_page_get_request (page, &kind, &options));
  g_assert_cmpint (kind, ==, MC_REPORT_REVIEW);
  g_assert_cmpint (options.author_id, ==, mc_window_get_officer (window)->id);
  mc_ui_shot (GTK_WIDGET (window), "reports-review");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.export-pdf", NULL));
  text = mc_ui_save_pdf (path);
  g_assert_nonnull (strstr (text, T ("MONTHLY REVIEW")));
  g_assert_nonnull (strstr (text, T ("IV. POSSIBLE BROKERS")));
  g_assert_nonnull (strstr (text, BROKER));
  g_assert_nonnull (strstr (text, CONTROLLER));
}

static void
test_review (void)
{
  Fixture *fx;

  if (!mc_ui_have_display ())
    return;
  fx = fixture_new ();
  mc_ui_run (fx->db, NULL, journey_review, fx);
  fixture_free (fx);
}

/* ---- The right procedure: a land-use certificate's mandatory steps, as its specialist ---- */

typedef struct {
  Fixture *fx;
  char    *code;
  gint64   id;
} Land;

static void
record_next (GtkWindow  *view,
             const char *note)
{
  GtkWidget *button = mc_ui_find (GTK_WIDGET (view), "record-step");
  AdwMessageDialog *dialog;

  g_assert_nonnull (button);
  mc_ui_click (button);
  dialog = mc_ui_dialog ();
  if (note != NULL)
    mc_ui_type (adw_message_dialog_get_extra_child (dialog), note);
  mc_ui_respond (dialog, "record");
}

static void
journey_steps (McWindow *window,
               gpointer  data)
{
  Land *land = data;
  McStore *store = mc_window_get_store (window);
  GtkWindow *view;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *refusal;

  mc_ui_sign_in (window, LAND, PASSWORD);
  view = mc_window_show_dossier (window, land->code);
  g_assert_nonnull (view);
  mc_ui_iterate ();
  g_assert_true (gtk_widget_get_visible (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW, "steps_group")));

  /* Site verification and origin, then the posting begins. */
  record_next (view, "Biên bản xác minh số 12/BB-XM");
  record_next (view, NULL);
  record_next (view, "Trụ sở UBND xã, nhà văn hóa thôn Đông");
  scroll_to (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW, "steps_group"));
  mc_ui_shot (GTK_WIDGET (view), "steps-posting");

  /* Its end is refused before 15 calendar days, saying from when. */
  record_next (view, NULL);
  refusal = mc_ui_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), "15"));
  mc_ui_respond (refusal, "close");

  /* Fifteen days later (the posting began 15 calendar days ago), it ends; the tax notice. */
  mc_test_exec (store, "UPDATE dossier_step SET started_at = started_at - 15 * 86400 "
                       "WHERE dossier_id = %lld AND done_at IS NULL", (long long) land->id);
  mc_ui_close_windows ();
  view = mc_window_show_dossier (window, land->code);
  mc_ui_iterate ();
  record_next (view, "Không có khiếu nại");
  record_next (view, NULL);
  g_assert_null (mc_ui_find (GTK_WIDGET (view), "record-step"));
  scroll_to (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW, "steps_group"));
  mc_ui_shot (GTK_WIDGET (view), "steps-done");

  steps = mc_workflow_mandatory_steps (store, land->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 4);
  for (guint i = 0; i < steps->len; i++)
    {
      const McStepCheck *c = g_ptr_array_index (steps, i);

      g_assert_cmpint (c->done_at, !=, MC_TIME_NONE);
      g_assert_cmpstr (c->done_by, ==, LAND);
    }
  mc_ui_close_windows ();
}

static void
test_steps (void)
{
  Land land = { 0 };
  g_autoptr(GError) error = NULL;

  if (!mc_ui_have_display ())
    return;
  land.fx = fixture_new ();
  {
    g_autoptr(McStore) store = mc_store_open (land.fx->db, &error);
    g_autoptr(McOfficer) desk = NULL;
    g_autoptr(McOfficer) spec = NULL;
    g_autoptr(McProcedure) p = NULL;
    g_autoptr(McDossier) d = NULL;
    McIntake in = { 0 };
    McActionArgs args = { 0 };

    g_assert_no_error (error);
    desk = mc_account_find (store, "tiepnhan1", &error);
    spec = mc_account_find (store, "diachinh", &error);
    p = mc_store_find_procedure (store, "1.004227", &error);
    g_assert_no_error (error);
    in.procedure_id = p->id;
    in.channel = MC_CHANNEL_DESK;
    in.applicant_name = "Nguyễn Văn Đất";
    in.request = "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu";
    land.id = mc_workflow_intake (store, desk->id, &in, &error);
    g_assert_no_error (error);
    args.officer_id = spec->id;
    g_assert_true (mc_workflow_apply (store, desk->id, land.id, MC_ACTION_ASSIGN, &args, &error));
    g_assert_no_error (error);
    d = mc_store_get_dossier (store, land.id, &error);
    land.code = g_strdup (d->code);
  }
  mc_ui_run (land.fx->db, NULL, journey_steps, &land);
  g_free (land.code);
  fixture_free (land.fx);
}

int
main (int   argc,
      char *argv[])
{
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/supervision-gui/brokers", test_brokers);
  g_test_add_func ("/supervision-gui/inspection", test_inspection);
  g_test_add_func ("/supervision-gui/today", test_today);
  g_test_add_func ("/supervision-gui/notified", test_notified);
  g_test_add_func ("/supervision-gui/review", test_review);
  g_test_add_func ("/supervision-gui/assessment", test_assessment);
  g_test_add_func ("/supervision-gui/steps", test_steps);
  return g_test_run ();
}
