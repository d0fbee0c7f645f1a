/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The leaders' signing page: its rules without a display, then the real page under Xvfb — a
 * vice-chairman signs in, opens a dossier, signs it with the password and sees it leave the
 * queue; another one goes back to its specialist with a reason. */
#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-attach-slot.h"
#include "mc-dossier-view.h"
#include "mc-catalogue.h"
#include "mc-review-view.h"
#include "mc-signature.h"
#include "mc-signing-page.h"
#include "mc-gui-test.h"
#include "mc-paths.h"
#include "mc-test-util.h"
#include "mc-window.h"
#include "mc-workflow.h"

#define PASSWORD "Ky-duyet-2024"

typedef struct {
  char    *path;      /* NULL: the store is in memory */
  McStore *store;
  gint64   desk, spec, vice;
  gint64   proc;
} Fixture;

static gint64
add_officer (McStore *store, const char *name, McRole role, const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, NULL, role, username,
                                 username != NULL ? PASSWORD : NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Received now (so its appointment lies ahead), assigned and submitted with a result. */
static gint64
submitted_dossier (Fixture *fx, const char *applicant)
{
  return mc_test_submitted (fx->store, fx->proc, fx->desk, fx->spec, applicant,
                            "Bản sao chứng thực số 12", "Đủ điều kiện");
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) procedures = NULL;

  if (data != NULL)
    {
      g_autofree char *dir = mc_test_tmpdir ();

      fx->path = g_build_filename (dir, "signing.db", NULL);
      fx->store = mc_store_create (fx->path, &error);
      g_assert_no_error (error);
      g_assert_true (mc_catalogue_init_defaults (fx->store, &error));
      g_assert_no_error (error);
    }
  else
    fx->store = mc_test_store_new (TRUE);
  fx->desk = add_officer (fx->store, "Nguyễn Thị Một Cửa", MC_ROLE_DESK, NULL);
  fx->spec = add_officer (fx->store, "Trần Văn Tư Pháp", MC_ROLE_SPECIALIST, NULL);
  fx->vice = add_officer (fx->store, "Hoàng Văn Phó", MC_ROLE_VICE_CHAIRMAN, "pho");
  mc_test_leader_ready (fx->store, "pho", PASSWORD);
  procedures = mc_store_list_procedures (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procedures->len, >, 0);
  fx->proc = ((McProcedure *) g_ptr_array_index (procedures, 0))->id;
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  if (fx->path != NULL)
    for (const char *suffix[] = { "", "-wal", "-shm" }, **x = suffix; x < suffix + 3; x++)
      {
        g_autofree char *file = g_strconcat (fx->path, *x, NULL);
        g_remove (file);
      }
  g_free (fx->path);
}

static McOfficer *
officer (Fixture *fx, gint64 id)
{
  g_autoptr(GError) error = NULL;
  McOfficer *o = mc_store_get_officer (fx->store, id, &error);

  g_assert_no_error (error);
  return o;
}

/* ---- Rules ---- */

static void
test_rules (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) vice = officer (fx, fx->vice);
  g_autoptr(McOfficer) spec = officer (fx, fx->spec);
  g_autoptr(McDossier) d = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  McSignatureCheck check = { .valid = TRUE };
  g_autofree char *left = NULL;
  g_autofree char *late = NULL;
  gboolean overdue = TRUE;
  gint64 id = submitted_dossier (fx, "Nguyễn Văn An");

  d = mc_store_get_dossier (fx->store, id, &error);
  g_assert_no_error (error);

  /* No blind signing: only the dossier opened for review, and only by a leader. */
  g_assert_false (mc_signing_can_approve (d, vice, 0));
  g_assert_false (mc_signing_can_approve (d, vice, id + 1));
  g_assert_true (mc_signing_can_approve (d, vice, id));
  g_assert_false (mc_signing_can_approve (d, spec, id));
  g_assert_false (mc_signing_can_approve (NULL, vice, id));

  g_assert_cmpint (mc_signing_marks (d), ==, 0);
  d->supplement_count = 1;
  d->apology_count = 2;
  g_assert_cmpint (mc_signing_marks (d), ==, MC_SIGNING_MARK_SUPPLEMENT | MC_SIGNING_MARK_APOLOGY);
  d->reassign_count = 1;
  g_assert_true (mc_signing_marks (d) & MC_SIGNING_MARK_REASSIGN);

  g_assert_cmpint (mc_signature_badge_of (NULL), ==, MC_SIGNATURE_BADGE_NOT_SIGNED);
  g_assert_cmpint (mc_signature_badge_of (&check), ==, MC_SIGNATURE_BADGE_VERIFIED);
  check.valid = FALSE;
  g_assert_cmpint (mc_signature_badge_of (&check), ==, MC_SIGNATURE_BADGE_BROKEN);

  /* Working time: Monday 08:00 to Tuesday 10:00 is one working day and two hours. */
  d->status = MC_STATUS_PROCESSING;
  d->due_at = mc_test_time ("2024-03-12 10:00");
  left = mc_signing_time_left (calendar, d, mc_test_time ("2024-03-11 08:00"), &overdue);
  g_assert_false (overdue);
  g_assert_cmpstr (left, ==, "1 day 2 hours left");
  d->due_at = mc_test_time ("2024-03-11 08:00");
  late = mc_signing_time_left (calendar, d, mc_test_time ("2024-03-11 11:00"), &overdue);
  g_assert_true (overdue);
  g_assert_cmpstr (late, ==, "Overdue by 3 hours");
  /* Due at 17:00, read at 17:30: no working time has passed, and it is overdue (issue 9.5). */
  g_clear_pointer (&late, g_free);
  d->due_at = mc_test_time ("2024-03-11 17:00");
  late = mc_signing_time_left (calendar, d, mc_test_time ("2024-03-11 17:30"), &overdue);
  g_assert_true (overdue);
  g_assert_cmpstr (late, ==, "Overdue since 17:00");
}

/* ---- The page under a display ---- */

static gboolean
have_display (void)
{
  if (gtk_is_initialized ())
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

static gboolean
ids_contain (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static McSigningPage *
page_in_window (GtkWindow **window)
{
  McSigningPage *page = mc_signing_page_new ();

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 900, 700);
  gtk_window_set_child (*window, GTK_WIDGET (page));
  gtk_window_present (*window);
  return page;
}

static gboolean
page_idle (McSigningPage *page)
{
  return !mc_signing_page_get_busy (page);
}

static void
respond (McSigningPage *page,
         const char    *text,
         const char    *response)
{
  AdwMessageDialog *dialog = mc_signing_page_get_dialog (page);

  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  /* The signature is made on the worker: until it is done, the page is busy. */
  g_assert_true (mc_ui_wait ((gboolean (*) (gpointer)) page_idle, page, 60));
}

static void
test_approve (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) spec = NULL;
  g_autoptr(McOfficer) leader = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  McReviewView *review;
  McSigningPage *page;
  GtkWindow *window;
  gint64 first, second;

  if (!have_display ())
    return;

  first = submitted_dossier (fx, "Nguyễn Văn An");
  second = submitted_dossier (fx, "Lê Thị Bình");
  page = page_in_window (&window);

  /* A specialist does not sign: the page says so and lists nothing. */
  spec = officer (fx, fx->spec);
  mc_signing_page_set_session (page, fx->store, spec);
  before = mc_signing_page_get_ids (page);
  g_assert_cmpuint (before->len, ==, 0);
  g_clear_pointer (&before, g_array_unref);

  /* The vice-chairman signs in. */
  leader = mc_account_authenticate (fx->store, "pho", PASSWORD, &error);
  g_assert_no_error (error);
  mc_signing_page_set_session (page, fx->store, leader);
  before = mc_signing_page_get_ids (page);
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpint (g_array_index (before, gint64, 0), ==, first);
  g_assert_cmpint (g_array_index (before, gint64, 1), ==, second);

  /* Nothing can be approved before the review is open; the action does nothing. */
  g_assert_false (mc_signing_page_get_can_approve (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "signing.approve", NULL);
  g_assert_null (mc_signing_page_get_dialog (page));

  g_assert_true (mc_signing_page_open (page, first, &error));
  g_assert_no_error (error);
  review = MC_REVIEW_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), MC_TYPE_SIGNING_PAGE,
                                                          "review_view"));
  g_assert_cmpint (mc_review_view_get_dossier (review)->id, ==, first);
  g_assert_cmpint (mc_review_view_get_badge (review), ==, MC_SIGNATURE_BADGE_NOT_SIGNED);
  g_assert_true (mc_signing_page_get_can_approve (page));

  /* A wrong password: core's sentence, nothing signed, and the password is asked again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.approve", NULL));
  respond (page, "not-the-password", "sign");
  g_assert_nonnull (mc_signing_page_get_dialog (page));
  g_assert_null (mc_signature_check_dossier (fx->store, first, NULL));

  respond (page, PASSWORD, "sign");
  g_assert_null (mc_signing_page_get_dialog (page));
  after = mc_signing_page_get_ids (page);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_false (ids_contain (after, first));
  g_assert_false (mc_signing_page_get_can_approve (page));

  check = mc_signature_check_dossier (fx->store, first, &error);
  g_assert_no_error (error);
  g_assert_true (check->valid);
  g_assert_cmpint (check->officer_id, ==, fx->vice);

  /* Opened again, the signed dossier shows the verified badge and cannot be signed twice. */
  g_assert_true (mc_signing_page_open (page, first, &error));
  g_assert_cmpint (mc_review_view_get_badge (review), ==, MC_SIGNATURE_BADGE_VERIFIED);
  g_assert_false (mc_signing_page_get_can_approve (page));
  mc_signing_page_close_review (page);

  gtk_window_destroy (window);
}

static void
test_send_back (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) leader = officer (fx, fx->vice);
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) specialist_queue = NULL;
  g_autoptr(McDossier) d = NULL;
  McQuery sent_back = { .handler_id = fx->spec, .step = MC_STEP_SENT_BACK };
  AdwMessageDialog *dialog;
  McSigningPage *page;
  GtkWindow *window;
  gint64 id;

  if (!have_display ())
    return;

  id = submitted_dossier (fx, "Phạm Thị Cúc");
  page = page_in_window (&window);
  mc_signing_page_set_session (page, fx->store, leader);
  g_assert_true (mc_signing_page_open (page, id, &error));
  g_assert_no_error (error);

  /* A reason is required before the dossier can go back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.send-back", NULL));
  dialog = mc_signing_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "send-back"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "send-back"));
  respond (page, "Thiếu bản sao CCCD của người yêu cầu", "send-back");

  after = mc_signing_page_get_ids (page);
  g_assert_false (ids_contain (after, id));

  specialist_queue = mc_store_query_ids (fx->store, &sent_back, &error);
  g_assert_no_error (error);
  g_assert_true (ids_contain (specialist_queue, id));
  d = mc_store_get_dossier (fx->store, id, &error);
  g_assert_cmpint (d->step, ==, MC_STEP_SENT_BACK);
  g_assert_cmpint (d->handler_id, ==, fx->spec);

  gtk_window_destroy (window);
}

/* The message shown now (not the page's own password or reason dialog), or NULL. */
static AdwMessageDialog *
shown_message (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = ADW_MESSAGE_DIALOG (w);
    }
  return found;
}

/* Issue 10 §1: while the leader reads a dossier, another workstation changes it. Signing it, or
 * sending it back, is refused with core's sentence and nothing written; the review shows the
 * dossier as it is now. */
static void
test_changed_meanwhile (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) leader = officer (fx, fx->vice);
  g_autoptr(McStore) other = NULL;
  g_autoptr(McDossier) d = NULL;
  McReviewView *review;
  AdwMessageDialog *message;
  McSigningPage *page;
  GtkWindow *window;
  gint64 first, second;

  if (!have_display ())
    return;

  first = submitted_dossier (fx, "Nguyễn Văn An");
  second = submitted_dossier (fx, "Lê Thị Bình");
  page = page_in_window (&window);
  review = MC_REVIEW_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), MC_TYPE_SIGNING_PAGE,
                                                          "review_view"));
  mc_signing_page_set_session (page, fx->store, leader);
  other = mc_store_open (fx->path, &error);
  g_assert_no_error (error);

  /* Sent back from another workstation while the review is open: signing is refused. */
  g_assert_true (mc_signing_page_open (page, first, &error));
  g_assert_true (mc_workflow_apply (other, fx->vice, first, MC_ACTION_SEND_BACK,
                                    &(McActionArgs) { .note = "Ghi rõ số quyển" }, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.approve", NULL));
  respond (page, PASSWORD, "sign");
  g_assert_null (mc_signing_page_get_dialog (page));
  message = shown_message ();
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "on another workstation"));
  g_assert_null (mc_signature_check_dossier (fx->store, first, NULL));
  d = mc_store_get_dossier (fx->store, first, &error);
  g_assert_cmpint (d->step, ==, MC_STEP_SENT_BACK);
  g_assert_cmpint (d->signer_id, ==, 0);
  /* The review shows it as it is now: sent back, nothing to sign. */
  g_assert_cmpint (mc_review_view_get_dossier (review)->step, ==, MC_STEP_SENT_BACK);
  g_assert_false (mc_signing_page_get_can_approve (page));
  gtk_window_destroy (GTK_WINDOW (message));
  g_clear_pointer (&d, mc_dossier_free);

  /* Signed elsewhere while a reason to send it back is written: refused, the dialog closes. */
  g_assert_true (mc_signing_page_open (page, second, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.send-back", NULL));
  g_assert_true (mc_workflow_apply (other, 0, second, MC_ACTION_SIGN, NULL, &error));
  g_assert_no_error (error);
  respond (page, "Thiếu bản sao CCCD", "send-back");
  g_assert_null (mc_signing_page_get_dialog (page));
  message = shown_message ();
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "on another workstation"));
  d = mc_store_get_dossier (fx->store, second, &error);
  g_assert_cmpint (d->step, ==, MC_STEP_SIGNED);
  g_assert_cmpint (mc_review_view_get_dossier (review)->step, ==, MC_STEP_SIGNED);
  gtk_window_destroy (GTK_WINDOW (message));

  gtk_window_destroy (window);
}

/* ---- The whole application ---- */

typedef struct {
  Fixture *fx;
  gint64   id;
  gboolean checked;
} WindowRun;

static void
check_window (McWindow  *window,
              WindowRun *run)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), MC_TYPE_WINDOW,
                                                  "section_stack");
  McSigningPage *page = MC_SIGNING_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                        MC_TYPE_WINDOW,
                                                                        "signing_page"));
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                               MC_TYPE_SIGNING_PAGE, "list_view"));
  g_autoptr(GArray) before = mc_signing_page_get_ids (page);
  g_autoptr(GArray) after = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  /* Signed in as the vice-chairman, the Signing section is there and lists the dossier. */
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == GTK_WIDGET (page));
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (stack),
                                                                  GTK_WIDGET (page))));
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpint (g_array_index (before, gint64, 0), ==, run->id);
  g_assert_false (mc_signing_page_get_can_approve (page));

  /* Enter on the row opens it; then it can be approved with the password. */
  g_signal_emit_by_name (list, "activate", 0);
  g_assert_true (mc_signing_page_get_can_approve (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.approve", NULL));
  respond (page, PASSWORD, "sign");

  after = mc_signing_page_get_ids (page);
  g_assert_cmpuint (after->len, ==, 0);
  check = mc_signature_check_dossier (run->fx->store, run->id, &error);
  g_assert_no_error (error);
  g_assert_true (check->valid);
  run->checked = TRUE;
}

static gboolean
window_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;

  check_window (window, g_object_get_data (G_OBJECT (window), "test-run"));
  gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
window_ready_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  if (mc_window_get_busy (MC_WINDOW (widget)) || mc_window_get_officer (MC_WINDOW (widget)) == NULL)
    return G_SOURCE_CONTINUE;
  g_idle_add (window_idle_cb, widget);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 WindowRun      *run)
{
  if (!MC_IS_WINDOW (window))
    return;
  g_object_set_data (G_OBJECT (window), "test-run", run);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), window_ready_cb, NULL, NULL);
}

static void
test_window (Fixture *fx, gconstpointer data)
{
  g_autoptr(McApplication) app = NULL;
  WindowRun run = { fx, 0, FALSE };
  char *argv[] = { (char *) "motcua", (char *) "--db", fx->path, (char *) "--user",
                   (char *) "pho", (char *) "--password", (char *) PASSWORD,
                   (char *) "--page", (char *) "signing", NULL };

  if (!have_display ())
    return;

  run.id = submitted_dossier (fx, "Nguyễn Văn An");
  app = mc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  g_assert_true (run.checked);
}

/* ---- The result's files: attached by the specialist, shown to the leader, signed ---- */

static char *
write_result_pdf (const char *dir)
{
  char *path = g_build_filename (dir, "giay-chung-nhan.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, "Ban sao chung thuc so 12");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* Scrolls WIDGET's page so that it shows near the top (for the pictures). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  double x = 0, y = 0;

  for (int i = 0; i < 5; i++)
    mc_ui_iterate ();
  if (scrolled == NULL ||
      !gtk_widget_translate_coordinates (widget,
                                         gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                         0, 0, &x, &y))
    return;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            MAX (0, y - 120));
  for (int i = 0; i < 5; i++)
    mc_ui_iterate ();
}

static McAttachSlot *
find_slot (GtkWidget *root)
{
  if (MC_IS_ATTACH_SLOT (root))
    return MC_ATTACH_SLOT (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      McAttachSlot *slot = find_slot (c);

      if (slot != NULL)
        return slot;
    }
  return NULL;
}

typedef struct {
  McStore *store;
  gint64   id;
} Attached;

static gboolean
result_attached (gpointer data)
{
  Attached *a = data;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM attachment WHERE dossier_id = %"
                                          G_GINT64_FORMAT " AND position = -1", a->id);

  return mc_test_query_int (a->store, sql) == 1;
}

static gboolean
dialog_shown (gpointer data)
{
  return mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_result_files (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) spec = NULL;
  g_autoptr(McOfficer) leader = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  McIntake in = { 0 };
  McDossierView *view;
  McReviewView *review;
  McSigningPage *page;
  McAttachSlot *slot;
  GtkWidget *row;
  GtkWindow *window;
  Attached attached;
  gint64 id;

  if (!have_display ())
    return;

  dir = mc_test_tmpdir ();
  pdf = write_result_pdf (dir);
  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Nguyễn Văn An";
  in.applicant_id_number = "001085012345";
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  mc_test_apply (fx->store, fx->desk, id, MC_ACTION_ASSIGN,
                 (McActionArgs) { .officer_id = fx->spec });

  /* The specialist opens the dossier and attaches the draft certificate to its result. */
  spec = officer (fx, fx->spec);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 760);
  gtk_window_present (window);
  view = mc_dossier_view_new (window, fx->store, spec, id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  row = mc_ui_find (GTK_WIDGET (view), "result-row");
  g_assert_nonnull (row);
  slot = find_slot (row);
  g_assert_nonnull (slot);
  g_assert_true (gtk_widget_get_visible (mc_attach_slot_get_choose_button (slot)));
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", pdf, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (slot));
  g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
  attached = (Attached) { fx->store, id };
  g_assert_true (mc_ui_wait (result_attached, &attached, 20));
  row = mc_ui_find (GTK_WIDGET (view), "result-row");
  scroll_to (row);
  mc_ui_shot (GTK_WIDGET (view), "draft-result");
  gtk_window_destroy (GTK_WINDOW (view));
  mc_test_apply (fx->store, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                 (McActionArgs) { .result = "Bản sao chứng thực số 12" });
  gtk_window_destroy (window);

  /* The vice-chairman sees the file he is about to sign, with a way to open it. */
  page = page_in_window (&window);
  leader = mc_account_authenticate (fx->store, "pho", PASSWORD, &error);
  g_assert_no_error (error);
  mc_signing_page_set_session (page, fx->store, leader);
  g_assert_true (mc_signing_page_open (page, id, &error));
  g_assert_no_error (error);
  review = MC_REVIEW_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), MC_TYPE_SIGNING_PAGE,
                                                          "review_view"));
  g_assert_cmpuint (mc_review_view_get_n_result_files (review), ==, 1);
  row = mc_ui_find (GTK_WIDGET (review), "result-file");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "giay-chung-nhan.pdf");
  g_assert_nonnull (mc_ui_find (row, "open-result-file"));
  g_assert_nonnull (mc_ui_find (GTK_WIDGET (review), "result-files-note"));
  scroll_to (row);
  mc_ui_shot (GTK_WIDGET (page), "review-result-files");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signing.approve", NULL));
  respond (page, PASSWORD, "sign");
  g_assert_null (mc_signing_page_get_dialog (page));

  /* The signature covers the file's SHA-256. */
  files = mc_store_list_attachments (fx->store, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  check = mc_signature_check_dossier (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (check->valid);
  g_assert_cmpint (check->digest_version, ==, 2);
  g_assert_cmpuint (check->files->len, ==, 1);
  {
    const McSignatureFile *f = g_ptr_array_index (check->files, 0);

    g_assert_cmpint (f->state, ==, MC_SIGNATURE_FILE_INTACT);
    g_assert_cmpstr (f->hash, ==, ((McAttachment *) g_ptr_array_index (files, 0))->hash);
    g_assert_cmpstr (f->name, ==, "giay-chung-nhan.pdf");
  }
  gtk_window_destroy (window);

  /* The dossier window now lists it as covered by the signature. */
  window = GTK_WINDOW (gtk_window_new ());
  view = mc_dossier_view_new (window, fx->store, leader, id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  row = mc_ui_find (GTK_WIDGET (view), "signed-file");
  g_assert_nonnull (row);
  scroll_to (row);
  mc_ui_shot (GTK_WIDGET (view), "signed-files");

  /* Exported for the archive through the dossier window's button: the cover names the code and
   * the file's SHA-256, and the file's page follows it. */
  {
    GtkWidget *button = mc_ui_find (GTK_WIDGET (view), "export-files");
    g_autofree char *out = g_build_filename (dir, "ho-so.pdf", NULL);
    g_autofree char *text = NULL;
    const McSignatureFile *f = g_ptr_array_index (check->files, 0);
    AdwMessageDialog *done;

    scroll_to (button);
    mc_ui_click (button);
    text = mc_ui_save_pdf (out);
    g_assert_nonnull (strstr (text, check->dossier_code));
    g_assert_nonnull (strstr (text, f->hash));
    g_assert_nonnull (strstr (text, "giay-chung-nhan.pdf"));
    g_assert_nonnull (strstr (text, "Ban sao chung thuc so 12"));
    g_assert_true (mc_ui_wait (dialog_shown, NULL, 20));
    done = mc_ui_dialog ();
    g_assert_nonnull (strstr (adw_message_dialog_get_body (done), "ho-so.pdf"));
    mc_ui_shot (GTK_WIDGET (done), "files-exported");
    adw_message_dialog_response (done, "close");
    mc_ui_iterate ();
    g_remove (out);
  }
  gtk_window_destroy (GTK_WINDOW (view));
  gtk_window_destroy (window);
  g_remove (pdf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  /* English under the tests' C.UTF-8; LANGUAGE=vi LC_ALL=vi_VN.UTF-8 with MOTCUA_TEST_SHOTS
   * takes the pictures in Vietnamese. */
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);
  if ((g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL) && gtk_init_check ())
    adw_init ();

  g_test_add ("/signing-gui/rules", Fixture, NULL, fixture_set_up, test_rules, fixture_tear_down);
  g_test_add ("/signing-gui/approve", Fixture, NULL, fixture_set_up, test_approve,
              fixture_tear_down);
  g_test_add ("/signing-gui/send-back", Fixture, NULL, fixture_set_up, test_send_back,
              fixture_tear_down);
  g_test_add ("/signing-gui/window", Fixture, "file", fixture_set_up, test_window,
              fixture_tear_down);
  g_test_add ("/signing-gui/changed-meanwhile", Fixture, "file", fixture_set_up,
              test_changed_meanwhile, fixture_tear_down);
  g_test_add ("/signing-gui/result-files", Fixture, NULL, fixture_set_up, test_result_files,
              fixture_tear_down);
  return g_test_run ();
}
