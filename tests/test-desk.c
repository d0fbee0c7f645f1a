/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk, driven through the real window under Xvfb: signing in, receiving a dossier and finding
 * it in the queue with its appointment, accepting an online dossier, a supplement moving the
 * appointment, and core's sentence when it refuses an action. The plain rules of what the desk
 * shows are tested first, without a display. */
#include "config.h"

#include <locale.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-list.h"
#include "mc-dossier-view.h"
#include "mc-intake-page.h"
#include "mc-online-page.h"
#include "mc-preferences-window.h"
#include "mc-queue-page.h"
#include "mc-signin-page.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-paths.h"
#include "mc-test-util.h"
#include "mc-backup.h"
#include "mc-gui-test.h"
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "mc-window.h"
#include "mc-workflow.h"

#define PASSWORD "desk-password"

/* ---- Without a display ---- */

static void
test_due_class (void)
{
  gint64 day = 8 * 3600;

  g_assert_null (mc_desk_due_class (MC_DESK_NO_TIME, day));
  g_assert_cmpstr (mc_desk_due_class (-1, day), ==, "due-overdue");
  g_assert_cmpstr (mc_desk_due_class (0, 4 * day), ==, "due-warning");
  g_assert_cmpstr (mc_desk_due_class (day - 1, 4 * day), ==, "due-warning");
  g_assert_cmpstr (mc_desk_due_class (day, 4 * day), ==, "due-ok");
  g_assert_cmpstr (mc_desk_due_class (3 * day, 4 * day), ==, "due-ok");

  g_assert_null (mc_desk_intake_class (MC_DESK_NO_TIME));
  g_assert_cmpstr (mc_desk_intake_class (3 * 3600), ==, "due-ok");
  g_assert_cmpstr (mc_desk_intake_class (2 * 3600), ==, "due-warning");
  g_assert_cmpstr (mc_desk_intake_class (60), ==, "due-warning");
  g_assert_cmpstr (mc_desk_intake_class (-60), ==, "due-overdue");
}

static void
test_time_left (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  g_autoptr(McDossier) d = mc_dossier_new ();
  McTime monday_9 = mc_test_time ("2024-03-04 09:00");
  g_autofree char *text = NULL;

  d->status = MC_STATUS_PROCESSING;
  d->received_at = monday_9;
  d->due_at = mc_test_time ("2024-03-05 09:00");
  /* Monday 09:00 → Tuesday 09:00 is one working day (7.5 h with these office hours). */
  g_assert_cmpint (mc_desk_time_allowed (cal, d), ==, mc_calendar_day_seconds (cal));
  g_assert_cmpint (mc_desk_time_left (cal, d, monday_9), ==, mc_calendar_day_seconds (cal));
  g_assert_cmpint (mc_desk_time_left (cal, d, mc_test_time ("2024-03-05 10:00")), ==, -3600);
  /* The clock stands still while a supplement is awaited. */
  d->status = MC_STATUS_SUPPLEMENT;
  d->paused_since = mc_test_time ("2024-03-04 16:00");
  g_assert_cmpint (mc_desk_time_left (cal, d, mc_test_time ("2024-03-20 10:00")), ==,
                   mc_desk_time_left (cal, d, mc_test_time ("2024-03-04 16:00")));
  /* Closed dossiers have no clock. */
  d->status = MC_STATUS_RETURNED;
  g_assert_cmpint (mc_desk_time_left (cal, d, monday_9), ==, MC_DESK_NO_TIME);
  text = mc_desk_format_left (cal, MC_DESK_NO_TIME);
  g_assert_cmpstr (text, ==, "—");
  g_clear_pointer (&text, g_free);
  text = mc_desk_format_left (cal, -3600);
  g_assert_nonnull (strstr (text, "overdue"));

  /* The 8 working hours of online intake: Friday 16:00 + 8 h ends Monday after lunch, and the
   * clock stands still over the weekend. */
  g_assert_cmpint (mc_desk_intake_left (cal, mc_test_time ("2024-03-08 16:00"),
                                        mc_test_time ("2024-03-08 16:00")), ==, 8 * 3600);
  g_assert_cmpint (mc_desk_intake_left (cal, mc_test_time ("2024-03-08 16:00"),
                                        mc_test_time ("2024-03-09 12:00")), ==, 7 * 3600);
  g_assert_cmpint (mc_desk_intake_left (cal, mc_test_time ("2024-03-08 16:00"),
                                        mc_test_time ("2024-03-11 07:30")), ==, 7 * 3600);
  g_assert_cmpint (mc_desk_intake_left (cal, mc_test_time ("2024-03-08 16:00"),
                                        mc_test_time ("2024-03-11 17:00")), <, 0);
}

/* Issue 9.5: the rows, the dossier and the review read core's rule (mc_dossier_is_overdue).
 * Due at 17:00 is overdue from 17:00:01, though no working time has passed since; a dossier
 * waiting for a supplement is paused, never overdue, with the working time that was left. */
static void
test_clock_rule (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  g_autoptr(McDossier) d = mc_dossier_new ();
  McTime due = mc_test_time ("2024-03-05 17:00");
  g_autofree char *text = NULL;
  gint64 allowed, left;

  d->status = MC_STATUS_PROCESSING;
  d->received_at = mc_test_time ("2024-03-04 09:00");
  d->due_at = due;
  allowed = mc_desk_time_allowed (cal, d);

  /* At 17:00 sharp it is still due: nothing left, not overdue. */
  g_assert_cmpint (mc_desk_clock (d, due), ==, MC_DESK_CLOCK_RUNNING);
  g_assert_cmpint (mc_desk_time_left (cal, d, due), ==, 0);
  text = mc_desk_format_dossier_left (cal, d, 0, due);
  g_assert_cmpstr (text, ==, "0 minutes left");
  g_clear_pointer (&text, g_free);

  /* A second later, and half an hour later, after office hours: overdue. */
  for (McTime t = due + 1; t <= due + 1800; t += 1799)
    {
      g_assert_cmpint (mc_desk_clock (d, t), ==, MC_DESK_CLOCK_OVERDUE);
      g_assert_true (mc_dossier_is_overdue (d, t));
      left = mc_desk_time_left (cal, d, t);
      g_assert_cmpint (left, ==, -1);
      text = mc_desk_format_dossier_left (cal, d, left, t);
      g_assert_cmpstr (text, ==, "Overdue since 17:00");
      g_clear_pointer (&text, g_free);
      g_assert_cmpstr (mc_desk_dossier_due_class (d, left, allowed), ==, "due-overdue");
    }
  /* Read the next morning before office hours: since the day before. */
  left = mc_desk_time_left (cal, d, mc_test_time ("2024-03-06 07:00"));
  g_assert_cmpint (left, ==, -1);
  text = mc_desk_format_dossier_left (cal, d, left, mc_test_time ("2024-03-06 07:00"));
  g_assert_cmpstr (text, ==, "Overdue since 03-05");
  g_clear_pointer (&text, g_free);
  /* The next morning an hour of working time has gone by. */
  left = mc_desk_time_left (cal, d, mc_test_time ("2024-03-06 08:30"));
  g_assert_cmpint (left, ==, -3600);
  text = mc_desk_format_dossier_left (cal, d, left, due);
  g_assert_cmpstr (text, ==, "Overdue by 1 hour");
  g_clear_pointer (&text, g_free);
  /* Before it: the working time left, and its colour. */
  left = mc_desk_time_left (cal, d, mc_test_time ("2024-03-05 16:00"));
  g_assert_cmpint (left, ==, 3600);
  text = mc_desk_format_dossier_left (cal, d, left, due);
  g_assert_cmpstr (text, ==, "1 hour left");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (mc_desk_dossier_due_class (d, left, allowed), ==, "due-warning");

  /* Waiting for a supplement since 15:00 on the day it was due: paused with two hours left, in
   * no colour, still so a week later. */
  d->status = MC_STATUS_SUPPLEMENT;
  d->paused_since = mc_test_time ("2024-03-05 15:00");
  g_assert_cmpint (mc_desk_clock (d, mc_test_time ("2024-03-12 10:00")), ==,
                   MC_DESK_CLOCK_PAUSED);
  g_assert_false (mc_dossier_is_overdue (d, mc_test_time ("2024-03-12 10:00")));
  left = mc_desk_time_left (cal, d, mc_test_time ("2024-03-12 10:00"));
  g_assert_cmpint (left, ==, 2 * 3600);
  text = mc_desk_format_dossier_left (cal, d, left, due);
  g_assert_cmpstr (text, ==, "Paused (2 hours left)");
  g_clear_pointer (&text, g_free);
  /* A stopped clock in its largest unit: 2 days 3 hours reads 2 days. */
  text = mc_desk_format_dossier_left (cal, d, 2 * mc_calendar_day_seconds (cal) + 3 * 3600, due);
  g_assert_cmpstr (text, ==, "Paused (2 days left)");
  g_clear_pointer (&text, g_free);
  g_assert_null (mc_desk_dossier_due_class (d, left, allowed));

  /* Stopped after its appointment had passed: paused all the same, saying by how much. */
  d->paused_since = mc_test_time ("2024-03-06 08:30");
  left = mc_desk_time_left (cal, d, mc_test_time ("2024-03-12 10:00"));
  g_assert_cmpint (left, ==, -3600);
  text = mc_desk_format_dossier_left (cal, d, left, due);
  g_assert_cmpstr (text, ==, "Paused (overdue by 1 hour)");
  g_clear_pointer (&text, g_free);
  g_assert_null (mc_desk_dossier_due_class (d, left, allowed));

  /* Closed: no clock. */
  d->status = MC_STATUS_RESOLVED;
  g_assert_cmpint (mc_desk_clock (d, due + 1), ==, MC_DESK_CLOCK_NONE);
  text = mc_desk_format_dossier_left (cal, d, mc_desk_time_left (cal, d, due + 1), due + 1);
  g_assert_cmpstr (text, ==, "—");
}

static void
test_field_of_error (void)
{
  const char *names[] = { "applicant’s phone number", "representative’s phone number",
                          "applicant’s name" };

  g_assert_cmpint (mc_desk_field_of_error ("The applicant’s name is missing.", names, 3), ==, 2);
  g_assert_cmpint (mc_desk_field_of_error ("The representative’s phone number “12” is not a "
                                           "phone number", names, 3), ==, 1);
  g_assert_cmpint (mc_desk_field_of_error ("Something else.", names, 3), ==, -1);
  g_assert_cmpint (mc_desk_field_of_error (NULL, names, 3), ==, -1);
}

static void
test_procedure_matches (void)
{
  g_autoptr(McProcedure) p = mc_procedure_new ();

  g_free (p->name);
  p->name = g_strdup ("Đăng ký khai sinh");
  g_free (p->code);
  p->code = g_strdup ("1.001193");
  g_assert_true (mc_desk_procedure_matches (p, "dang ky"));
  g_assert_true (mc_desk_procedure_matches (p, "khai sinh"));
  g_assert_true (mc_desk_procedure_matches (p, "001193"));
  g_assert_true (mc_desk_procedure_matches (p, ""));
  g_assert_false (mc_desk_procedure_matches (p, "ket hon"));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  calls[0]++;
  calls[1] = position;
  calls[2] = removed;
  calls[3] = added;
}

/* More dossiers than a block of ids: the list counts them, reads the ids of a far position on
 * demand in the query's order, keeps a dossier deleted meanwhile as an empty row, and tells a new
 * query in one change. */
static void
test_dossier_list (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(McDossierList) list = NULL;
  g_autoptr(GError) error = NULL;
  McQuery all = { .sort = MC_SORT_CODE };
  McQuery some = { .search = "000042" };
  guint calls[4] = { 0 };
  const guint n = 9000;
  g_autoptr(McDossierRow) far = NULL;
  g_autoptr(McDossierRow) gone = NULL;
  gint64 far_id;

  g_assert_true (mc_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = g_strdup_printf ("T-%06u", n - i);

      mc_test_exec (store, "INSERT INTO dossier (code, procedure_id, channel, status) "
                           "VALUES ('%s', (SELECT min(id) FROM procedure), 1, 2)", code);
    }
  g_assert_true (mc_store_commit (store, &error));

  list = mc_dossier_list_new (store);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), calls);
  g_assert_true (mc_dossier_list_set_query (list, &all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_cmpuint (calls[0], ==, 1);
  g_assert_cmpuint (calls[3], ==, n);

  far = g_list_model_get_item (G_LIST_MODEL (list), 8500);
  g_assert_cmpstr (mc_dossier_row_get_dossier (far)->code, ==, "T-008501");
  far_id = mc_dossier_list_get_id (list, 8500);
  g_assert_cmpint (far_id, ==, mc_dossier_row_get_dossier (far)->id);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  /* Deleted after the ids were read: its place stays, empty. */
  g_assert_true (mc_store_testing_exec (store, "DELETE FROM dossier WHERE code = 'T-008600'",
                                        &error));
  gone = g_list_model_get_item (G_LIST_MODEL (list), 8599);
  g_assert_cmpstr (mc_dossier_row_get_dossier (gone)->code, ==, "");

  g_assert_true (mc_dossier_list_set_query (list, &some, &error));
  g_assert_cmpuint (calls[0], ==, 2);
  g_assert_cmpuint (calls[1], ==, 0);
  g_assert_cmpuint (calls[2], ==, n);
  g_assert_cmpuint (calls[3], ==, 1);
  g_assert_true (mc_dossier_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

/* ---- The window ---- */

typedef struct {
  char   *path;
  gint64  desk_id;
  gint64  specialist_id;
  gint64  admin_id;
  gint64  processing_id;   /* assigned to the specialist */
  gint64  online_id;       /* status 1 */
  gint64  online2_id;      /* status 1, for the refusal */
  gint64  procedure_id;
  gboolean done;
} Desk;

typedef void (*CheckFunc) (McWindow *window, Desk *desk);

static gboolean
have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

static void
make_desk (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *dir = mc_test_tmpdir ();
  g_autoptr(McProcedure) birth = NULL;
  McIntake intake = { 0 };
  McActionArgs assign = { 0 };
  McTime now = g_get_real_time () / G_USEC_PER_SEC;

  desk->path = g_build_filename (dir, "desk.db", NULL);
  store = mc_store_create (desk->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  desk->desk_id = mc_account_create (store, 0, "Nguyễn Thị Hoa", "", MC_ROLE_DESK, "desk",
                                     PASSWORD, &error);
  g_assert_no_error (error);
  desk->specialist_id = mc_account_create (store, 0, "Phạm Thị Lan", "", MC_ROLE_SPECIALIST,
                                           "specialist", PASSWORD, &error);
  g_assert_no_error (error);
  desk->admin_id = mc_account_create (store, 0, "Lê Văn Minh", "", MC_ROLE_ADMIN, "admin",
                                      PASSWORD, &error);
  g_assert_no_error (error);
  birth = mc_store_find_procedure (store, "1.001193", &error);
  g_assert_no_error (error);
  desk->procedure_id = birth->id;

  intake.procedure_id = birth->id;
  intake.channel = MC_CHANNEL_DESK;
  intake.applicant_name = "Trần Văn Bình";
  intake.at = now - 7 * 86400;
  desk->processing_id = mc_workflow_intake (store, desk->desk_id, &intake, &error);
  g_assert_no_error (error);
  assign.officer_id = desk->specialist_id;
  g_assert_true (mc_workflow_apply (store, desk->desk_id, desk->processing_id, MC_ACTION_ASSIGN,
                                    &assign, &error));
  g_assert_no_error (error);

  intake.channel = MC_CHANNEL_ONLINE;
  intake.applicant_name = "Lê Thị Cúc";
  intake.at = now - 3600;
  desk->online_id = mc_workflow_intake (store, desk->desk_id, &intake, &error);
  g_assert_no_error (error);
  intake.applicant_name = "Hoàng Văn Dũng";
  desk->online2_id = mc_workflow_intake (store, desk->desk_id, &intake, &error);
  g_assert_no_error (error);
}

static GtkWidget *
child (McWindow   *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), MC_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
visible_page (McWindow   *window,
              const char *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (window, stack)));
}

/* The newest window of TYPE (a dialog or a dossier). */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = w;
    }
  return found;
}

static McDossier *
read_dossier (McWindow *window,
              gint64    id)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_store_get_dossier (mc_window_get_store (window), id, &error);

  g_assert_no_error (error);
  return d;
}

static void
close_other_windows (void)
{
  GtkWindow *w;

  while ((w = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (w);
  while ((w = find_toplevel (MC_TYPE_DOSSIER_VIEW)) != NULL)
    gtk_window_destroy (w);
}

typedef struct {
  CheckFunc check;
  Desk     *desk;
} Run;

static gboolean
check_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;
  Run *run = g_object_get_data (G_OBJECT (window), "test-run");

  run->check (window, run->desk);
  run->desk->done = TRUE;
  close_other_windows ();
  gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_ready_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  if (mc_window_get_busy (MC_WINDOW (widget)))
    return G_SOURCE_CONTINUE;
  g_idle_add (check_idle_cb, widget);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (!MC_IS_WINDOW (window))
    return;
  g_object_set_data (G_OBJECT (window), "test-run", run);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), wait_ready_cb, NULL, NULL);
}

/* Runs the application on a desk database, signed in as USER (NULL: nobody). */
static void
run_desk (const char *user,
          CheckFunc   check)
{
  g_autoptr(McApplication) app = mc_application_new ();
  Desk desk = { 0 };
  Run run = { check, &desk };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (!have_display ())
    return;
  make_desk (&desk);
  g_ptr_array_add (argv, (char *) "motcua");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, desk.path);
  if (user != NULL)
    {
      g_ptr_array_add (argv, (char *) "--user");
      g_ptr_array_add (argv, (char *) user);
      g_ptr_array_add (argv, (char *) "--password");
      g_ptr_array_add (argv, (char *) PASSWORD);
    }
  g_ptr_array_add (argv, NULL);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), (int) argv->len - 1,
                                      (char **) argv->pdata), ==, 0);
  g_assert_true (desk.done);
  g_free (desk.path);
}

/* Sign in: a wrong password is refused with core's sentence, the right one opens the desk and
 * the header bar names the officer; signing out comes back to the list. */
/* The window's worker reads off the main thread: wait for its answers. */
static void
settle (McWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (mc_window_get_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
check_sign_in (McWindow *window,
               Desk     *desk)
{
  McSigninPage *page = MC_SIGNIN_PAGE (child (window, "signin_page"));
  GtkLabel *error_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                   MC_TYPE_SIGNIN_PAGE,
                                                                   "error_label"));

  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "signin");
  g_assert_null (mc_window_get_officer (window));

  g_assert_false (mc_signin_page_sign_in (page, "desk", "wrong"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_label (error_label), !=, "");
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "signin");

  g_assert_true (mc_signin_page_sign_in (page, "desk", PASSWORD));
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "main");
  g_assert_cmpint (mc_window_get_officer (window)->id, ==, desk->desk_id);
  g_assert_nonnull (strstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (child (window, "user_button"))),
                            "Nguyễn Thị Hoa"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (window, "user_button")), ==,
                   mc_desk_role_summary (MC_ROLE_DESK));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "signin");
  g_assert_null (mc_window_get_officer (window));
  g_assert_false (gtk_widget_get_visible (child (window, "user_button")));

  /* Switching to the specialist: their own queue only. */
  g_assert_true (mc_signin_page_sign_in (page, "specialist", PASSWORD));
  settle (window);
  g_assert_cmpint (mc_window_get_officer (window)->role, ==, MC_ROLE_SPECIALIST);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (mc_queue_page_get_list (MC_QUEUE_PAGE (child (window, "queue_page"))))), ==, 1);
}

static void
test_sign_in (void)
{
  run_desk (NULL, check_sign_in);
}

static GtkWidget *
page_child (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Receive a dossier at the desk, then find it in the queue with the appointment shown. */
static void
check_receive (McWindow *window,
               Desk     *desk)
{
  GtkWidget *intake = child (window, "intake_page");
  McQueuePage *queue = MC_QUEUE_PAGE (child (window, "queue_page"));
  McDossierList *list;
  McTime preview;
  GtkWindow *dialog;
  g_autoptr(McDossierRow) row = NULL;
  g_autoptr(McDossier) saved = NULL;
  const McDossier *shown;
  g_autofree char *code = NULL;
  gint64 id;

  g_assert_true (mc_window_set_section (window, "intake"));
  g_assert_cmpstr (visible_page (window, "section_stack"), ==, "intake");

  /* Without diacritics, part of the name. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry")),
                         "dang ky khai sinh");
  g_assert_cmpuint (mc_intake_page_count_matches (MC_INTAKE_PAGE (intake)), >=, 1);
  g_assert_true (mc_intake_page_pick_first (MC_INTAKE_PAGE (intake)));
  preview = mc_intake_page_get_preview (MC_INTAKE_PAGE (intake));
  g_assert_cmpint (preview, !=, MC_TIME_NONE);

  /* A name longer than a receipt holds is cut at the field's length. */
  {
    g_autoptr(GString) long_name = g_string_new (NULL);

    for (int i = 0; i < 57; i++)
      g_string_append (long_name, "Nguyễn Văn");
    gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row")),
                           long_name->str);
    g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"))), -1),
                     ==, MC_INTAKE_MAX_NAME);
  }

  /* A bad phone number and a bad ID number are refused together, each field marked; a field
   * is cleared of its mark once edited. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row")),
                         "Võ Thị Én");
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row")),
                         "12");
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row")),
                         "123");
  g_assert_false (mc_intake_page_save (MC_INTAKE_PAGE (intake)));
  g_assert_true (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"),
                                           "error"));
  g_assert_true (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"),
                                           "error"));
  g_assert_false (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"),
                                            "error"));
  {
    const char *text = gtk_label_get_label (GTK_LABEL (page_child (intake, MC_TYPE_INTAKE_PAGE,
                                                                   "error_label")));

    g_assert_nonnull (strstr (text, "phone"));
    g_assert_nonnull (strstr (text, "ID number"));
    g_assert_nonnull (strchr (text, '\n'));
  }
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row")),
                         "");
  g_assert_false (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"),
                                            "error"));
  g_assert_true (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"),
                                           "error"));

  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row")),
                         "0912345678");
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row")),
                         "001190012345");
  g_assert_true (mc_intake_page_save (MC_INTAKE_PAGE (intake)));
  g_assert_false (gtk_widget_has_css_class (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"),
                                            "error"));

  /* The receipt is offered. */
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "print"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "pdf"));
  id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");
  gtk_window_destroy (dialog);
  saved = read_dossier (window, id);
  g_assert_cmpint (saved->status, ==, MC_STATUS_RECEIVED);
  /* The preview was computed a moment before saving: the same minute. */
  g_assert_cmpint (ABS (saved->due_at - preview), <, 120);
  code = g_strdup (saved->code);

  /* The same applicant comes back: her ID number offers her details, without overwriting what
   * was typed. */
  g_assert_true (mc_window_set_section (window, "intake"));
  g_assert_false (gtk_widget_get_visible (page_child (intake, MC_TYPE_INTAKE_PAGE, "returning_row")));
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row")),
                         "0987654321");
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row")),
                         "001190012345");
  g_assert_true (gtk_widget_get_visible (page_child (intake, MC_TYPE_INTAKE_PAGE, "returning_row")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_child (intake, MC_TYPE_INTAKE_PAGE, "returning_row"))),
                            "Võ Thị Én"));
  g_signal_emit_by_name (page_child (intake, MC_TYPE_INTAKE_PAGE, "fill_button"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"))),
                   ==, "Võ Thị Én");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"))),
                   ==, "0987654321");
  g_signal_emit_by_name (page_child (intake, MC_TYPE_INTAKE_PAGE, "clear_button"), "clicked");

  /* Outside office hours the form says when the clock starts: at 20:00 it is the next
   * working morning. */
  {
    McTime now = mc_now ();
    McTime evening = mc_time_from_day (mc_day_of_time (now), 20 * 60);
    GtkWidget *due = page_child (intake, MC_TYPE_INTAKE_PAGE, "due_label");

    mc_now_set_offset (evening - now);
    gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry")),
                           "1.001193");
    g_signal_emit_by_name (page_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), "activate");
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (due)), "Outside office hours"));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (due)), "07:30"));
    mc_now_set_offset (0);
    g_signal_emit_by_name (page_child (intake, MC_TYPE_INTAKE_PAGE, "clear_button"), "clicked");
  }

  /* Find it in the queue by its phone number, then by its code. */
  g_assert_true (mc_window_set_section (window, "queues"));
  /* The time of receipt is one of the columns shown on demand (the column menu). */
  g_assert_false (mc_queue_page_get_column_visible (queue, "received"));
  g_assert_true (mc_queue_page_get_column_visible (queue, "officer"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue), "queue.column-received", NULL));
  g_assert_true (mc_queue_page_get_column_visible (queue, "received"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue), "queue.column-received", NULL));
  g_assert_false (mc_queue_page_get_column_visible (queue, "received"));
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (queue), MC_TYPE_QUEUE_PAGE,
                                                   "search_entry")), "0912345678");
  mc_queue_page_reload (queue);
  settle (window);
  list = mc_queue_page_get_list (queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (queue), MC_TYPE_QUEUE_PAGE,
                                                   "search_entry")), code);
  mc_queue_page_reload (queue);
  settle (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* The rows come from the worker: the first answer is a placeholder while it reads. */
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  settle (window);
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  shown = mc_dossier_row_get_dossier (row);
  g_assert_cmpstr (shown->code, ==, code);
  g_assert_cmpint (shown->due_at, ==, saved->due_at);
  g_assert_cmpstr (shown->applicant_name, ==, "Võ Thị Én");

  /* By name, folded. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (queue), MC_TYPE_QUEUE_PAGE,
                                                   "search_entry")), "vo thi en");
  mc_queue_page_reload (queue);
  settle (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Enter opens it. */
  g_signal_emit_by_name (page_child (GTK_WIDGET (queue), MC_TYPE_QUEUE_PAGE, "search_entry"),
                         "activate");
  g_assert_nonnull (find_toplevel (MC_TYPE_DOSSIER_VIEW));
  g_assert_cmpint (mc_dossier_view_get_dossier (MC_DOSSIER_VIEW (find_toplevel (MC_TYPE_DOSSIER_VIEW)))->id,
                   ==, id);
}

static void
test_receive (void)
{
  run_desk ("desk", check_receive);
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
        return c;
      found = find_widget (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The sentence of core's refusal inside an action's dialog. */
static GtkLabel *
dialog_error (AdwMessageDialog *dialog)
{
  GtkWidget *label = find_widget (GTK_WIDGET (dialog), "error");

  g_assert_true (GTK_IS_LABEL (label));
  return GTK_LABEL (label);
}

static GtkEditable *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkEditable *found;

      if (g_strcmp0 (gtk_widget_get_name (c), name) == 0 && GTK_IS_EDITABLE (c))
        return GTK_EDITABLE (c);
      found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Accept an online dossier from the online list; refusing another without a reason shows core's
 * sentence and changes nothing. */
static void
check_online (McWindow *window,
              Desk     *desk)
{
  McOnlinePage *online = MC_ONLINE_PAGE (child (window, "online_page"));
  McDossierView *view;
  AdwMessageDialog *dialog;
  GtkWindow *message;
  g_autoptr(McDossier) accepted = NULL;
  g_autoptr(McDossier) still = NULL;

  g_assert_cmpuint (mc_online_page_get_count (online), ==, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (mc_online_page_get_left_label (online, 0)),
                                           "due-ok") ||
                 gtk_widget_has_css_class (GTK_WIDGET (mc_online_page_get_left_label (online, 0)),
                                           "due-warning") ||
                 gtk_widget_has_css_class (GTK_WIDGET (mc_online_page_get_left_label (online, 0)),
                                           "due-overdue"));

  view = mc_dossier_view_new (GTK_WINDOW (window), mc_window_get_store (window),
                              mc_window_get_officer (window), desk->online_id);
  g_signal_connect_object (view, "changed", G_CALLBACK (mc_online_page_reload), online,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_ACCEPT);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  accepted = read_dossier (window, desk->online_id);
  g_assert_cmpint (accepted->status, ==, MC_STATUS_RECEIVED);
  g_assert_cmpint (accepted->due_at, !=, MC_TIME_NONE);
  g_assert_cmpuint (mc_online_page_get_count (online), ==, 1);
  gtk_window_destroy (GTK_WINDOW (view));

  /* Refusing needs a reason: core says so and the dossier stays. */
  view = mc_dossier_view_new (GTK_WINDOW (window), mc_window_get_store (window),
                              mc_window_get_officer (window), desk->online2_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_REFUSE);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  /* The dialog stays, with core's sentence under the fields and the reason marked. */
  message = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (message == GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_label_get_label (dialog_error (dialog)), ==,
                   mc_action_reason_prompt (MC_ACTION_REFUSE));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_named (GTK_WIDGET (dialog), "note")),
                                           "error"));
  still = read_dossier (window, desk->online2_id);
  g_assert_cmpint (still->status, ==, MC_STATUS_NEW);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (view));

  /* The dossier window closed while its action is being written: the write is done, and what
   * answers it finds no window to speak to (no warning, no crash). */
  view = mc_dossier_view_new (GTK_WINDOW (window), mc_window_get_store (window),
                              mc_window_get_officer (window), desk->online2_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_ACCEPT);
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (view));
  mc_ui_iterate ();
  {
    g_autoptr(McDossier) taken = read_dossier (window, desk->online2_id);

    g_assert_cmpint (taken->status, ==, MC_STATUS_RECEIVED);
  }
}

static void
test_online (void)
{
  run_desk ("desk", check_online);
}

/* The specialist asks for a supplement (the clock stops), the papers come a week later, and the
 * appointment moves by the working time waited. */
static void
check_supplement (McWindow *window,
                  Desk     *desk)
{
  McStore *store = mc_window_get_store (window);
  McDossierView *view;
  AdwMessageDialog *dialog;
  g_autoptr(McDossier) before = read_dossier (window, desk->processing_id);
  g_autoptr(McDossier) waiting = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkEditable *note;

  view = mc_dossier_view_new (GTK_WINDOW (window), store, mc_window_get_officer (window),
                              desk->processing_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_REQUEST_SUPPLEMENT);
  note = find_named (GTK_WIDGET (dialog), "note");
  g_assert_nonnull (note);
  gtk_editable_set_text (note, "Thiếu giấy chứng sinh.");
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  waiting = read_dossier (window, desk->processing_id);
  g_assert_cmpint (waiting->status, ==, MC_STATUS_SUPPLEMENT);
  /* Form 02 is offered at once. */
  g_assert_nonnull (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                                                  "print"));
  gtk_window_destroy (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_SUPPLEMENT);

  /* A week of waiting, written as core would have seen it. */
  g_assert_true (mc_store_testing_exec (store,
                                        "UPDATE dossier SET paused_since = paused_since - 7 * 86400",
                                        &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (view));

  view = mc_dossier_view_new (GTK_WINDOW (window), store, mc_window_get_officer (window),
                              desk->processing_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_SUPPLEMENT_RECEIVED);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  after = read_dossier (window, desk->processing_id);
  g_assert_cmpint (after->status, ==, MC_STATUS_PROCESSING);
  g_assert_cmpint (after->due_at, >, before->due_at);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->due_at, ==, after->due_at);
}

static void
test_supplement (void)
{
  run_desk ("specialist", check_supplement);
}

/* Issue 10 §1: the dossier is open in the window while another workstation changes it (a
 * second connection to the same file). The action decided on what the window showed is refused
 * with core's sentence, nothing is written, the dialog closes and the window shows the dossier as
 * it is now. */
static void
check_changed_elsewhere (McWindow *window,
                         Desk     *desk)
{
  McStore *store = mc_window_get_store (window);
  g_autoptr(McStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) changed = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  McDossierView *view;
  AdwMessageDialog *dialog;
  GtkWindow *message;
  guint n_events;

  view = mc_dossier_view_new (GTK_WINDOW (window), store, mc_window_get_officer (window),
                              desk->processing_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_PROCESSING);
  dialog = mc_dossier_view_start_action (view, MC_ACTION_SUBMIT_FOR_SIGNATURE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (GTK_WIDGET (dialog),
                                                                                  "result"))),
                            "Giấy khai sinh bản chính", -1);

  /* Meanwhile, on another workstation, the same specialist asks for a supplement. */
  other = mc_store_open (desk->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_workflow_apply (other, desk->specialist_id, desk->processing_id,
                                    MC_ACTION_REQUEST_SUPPLEMENT,
                                    &(McActionArgs) { .note = "Thiếu giấy chứng sinh" }, &error));
  g_assert_no_error (error);
  changed = read_dossier (window, desk->processing_id);
  events = mc_store_list_events (store, desk->processing_id, &error);
  n_events = events->len;
  g_clear_pointer (&events, g_ptr_array_unref);

  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  /* Core's sentence in a message of its own; the action's dialog is gone. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  message = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            "on another workstation"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            changed->code));
  /* Nothing written. */
  after = read_dossier (window, desk->processing_id);
  g_assert_cmpint (after->version, ==, changed->version);
  g_assert_cmpint (after->step, ==, changed->step);
  g_assert_cmpstr (after->result, ==, "");
  events = mc_store_list_events (store, desk->processing_id, &error);
  g_assert_cmpuint (events->len, ==, n_events);
  /* The window shows the dossier as it is now, with what can be done now. */
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_SUPPLEMENT);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->version, ==, changed->version);
  g_assert_nonnull (find_widget (GTK_WIDGET (view),
                                 mc_action_to_verb (MC_ACTION_SUPPLEMENT_RECEIVED)));
  g_assert_null (find_widget (GTK_WIDGET (view),
                              mc_action_to_verb (MC_ACTION_SUBMIT_FOR_SIGNATURE)));
  gtk_window_destroy (message);

  /* Decided again on what it shows, the next action goes through. */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_SUPPLEMENT_RECEIVED);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  g_clear_pointer (&after, mc_dossier_free);
  after = read_dossier (window, desk->processing_id);
  g_assert_cmpint (after->status, ==, MC_STATUS_PROCESSING);
}

static void
test_changed_elsewhere (void)
{
  run_desk ("specialist", check_changed_elsewhere);
}

/* The online list was read before another desk accepted the dossier: Accept on its row is
 * refused with core's sentence, and the dossier shows as accepted. */
static void
check_online_taken (McWindow *window,
                    Desk     *desk)
{
  McOnlinePage *online = MC_ONLINE_PAGE (child (window, "online_page"));
  g_autoptr(McStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) taken = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GtkWidget) accept = NULL;
  McDossierView *view;
  GtkWindow *message;

  g_assert_cmpuint (mc_online_page_get_count (online), ==, 2);
  /* Held: a refresh of the list may take the row away. */
  accept = g_object_ref (find_widget (GTK_WIDGET (online), "accept"));

  other = mc_store_open (desk->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_workflow_apply (other, desk->desk_id, desk->online_id, MC_ACTION_ACCEPT, NULL,
                                    &error));
  g_assert_no_error (error);
  taken = read_dossier (window, desk->online_id);

  g_signal_emit_by_name (accept, "clicked");
  view = MC_DOSSIER_VIEW (find_toplevel (MC_TYPE_DOSSIER_VIEW));
  g_assert_nonnull (view);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                               "apply");
  mc_ui_iterate ();
  message = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            "on another workstation"));
  after = read_dossier (window, desk->online_id);
  g_assert_cmpint (after->version, ==, taken->version);
  g_assert_cmpint (after->received_at, ==, taken->received_at);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_RECEIVED);
  /* The list follows: one left to decide. */
  g_assert_cmpuint (mc_online_page_get_count (online), ==, 1);
}

static void
test_online_taken (void)
{
  run_desk ("desk", check_online_taken);
}

/* Permissions are core's: a desk officer forcing a specialist's action is refused with its
 * sentence, even though no button offered it. */
static void
check_refused (McWindow *window,
               Desk     *desk)
{
  McDossierView *view;
  AdwMessageDialog *dialog;
  GtkWindow *message;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(McDossier) d = read_dossier (window, desk->processing_id);

  actions = mc_workflow_available (d, MC_ROLE_DESK, desk->desk_id);
  for (guint i = 0; i < actions->len; i++)
    g_assert_cmpint (g_array_index (actions, int, i), !=, MC_ACTION_SUBMIT_FOR_SIGNATURE);

  view = mc_dossier_view_new (GTK_WINDOW (window), mc_window_get_store (window),
                              mc_window_get_officer (window), desk->processing_id);
  gtk_window_present (GTK_WINDOW (view));
  mc_ui_iterate ();   /* its papers and timeline come after its first frame */
  dialog = mc_dossier_view_start_action (view, MC_ACTION_SUBMIT_FOR_SIGNATURE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (GTK_WIDGET (dialog),
                                                                                  "result"))),
                            "Giấy khai sinh bản chính", -1);
  adw_message_dialog_response (dialog, "apply");
  mc_ui_iterate ();   /* the write runs on the worker */
  message = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (message == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_error (dialog))));
  g_assert_cmpstr (gtk_label_get_label (dialog_error (dialog)), !=, "");
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->step, ==, MC_STEP_ASSIGNED);
}

static void
test_refused (void)
{
  run_desk ("desk", check_refused);
}

/* The administrator renames the agency and makes an account; a desk officer is not offered the
 * window, and core refuses the change if it is made anyway. */
static void
check_preferences (McWindow *window,
                   Desk     *desk)
{
  McStore *store = mc_window_get_store (window);
  McSigninPage *signin = MC_SIGNIN_PAGE (child (window, "signin_page"));
  McPreferencesWindow *prefs;
  GtkWidget *agency;
  g_autofree char *name = NULL;
  g_autofree char *still = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  guint n_before;

  /* Nobody signed in: nothing opens. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  g_assert_null (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_true (mc_signin_page_sign_in (signin, "admin", PASSWORD));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = MC_PREFERENCES_WINDOW (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);

  agency = page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW, "agency_row");
  gtk_editable_set_text (GTK_EDITABLE (agency), "UBND XÃ MỚI");
  g_signal_emit_by_name (agency, "apply");
  name = mc_store_get_setting (store, "agency.name", NULL);
  g_assert_cmpstr (name, ==, "UBND XÃ MỚI");

  /* The names of 2026 and of before the reform, each row on its own setting; a day that is no
   * date is refused before it reaches the store. */
  {
    GtkWidget *unit = page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW, "unit_row");
    GtkWidget *before = page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW,
                                    "before_unit_row");
    GtkWidget *since = page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW, "since_row");
    g_autofree char *unit_value = NULL, *since_value = NULL;

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (unit)), ==,
                     "Trung tâm Phục vụ hành chính công xã Tam Hiệp");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (before)), ==, "Bộ phận Một cửa");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (since)), ==, "2025-07-01");
    gtk_editable_set_text (GTK_EDITABLE (unit), "Trung tâm Phục vụ hành chính công xã Mới");
    g_signal_emit_by_name (unit, "apply");
    unit_value = mc_store_get_setting (store, "agency.unit", NULL);
    g_assert_cmpstr (unit_value, ==, "Trung tâm Phục vụ hành chính công xã Mới");
    gtk_editable_set_text (GTK_EDITABLE (since), "01/07/2025");
    g_signal_emit_by_name (since, "apply");
    since_value = mc_store_get_setting (store, "agency.since", NULL);
    g_assert_cmpstr (since_value, ==, "2025-07-01");
  }

  officers = mc_store_list_officers (store, NULL);
  n_before = officers->len;
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW,
                                                   "new_name_row")), "Đỗ Văn Mới");
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW,
                                                   "new_username_row")), "moi");
  gtk_editable_set_text (GTK_EDITABLE (page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW,
                                                   "new_password_row")), "mat-khau-moi");
  g_signal_emit_by_name (page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW,
                                     "create_button"), "clicked");
  g_clear_pointer (&officers, g_ptr_array_unref);
  officers = mc_store_list_officers (store, NULL);
  g_assert_cmpuint (officers->len, ==, n_before + 1);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* A desk officer: no menu item, and core's refusal if forced. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-user", NULL));
  g_assert_true (mc_signin_page_sign_in (signin, "desk", PASSWORD));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  g_assert_null (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  prefs = mc_preferences_window_new (GTK_WINDOW (window), store, mc_window_get_officer (window));
  agency = page_child (GTK_WIDGET (prefs), MC_TYPE_PREFERENCES_WINDOW, "agency_row");
  gtk_editable_set_text (GTK_EDITABLE (agency), "UBND XÃ KHÁC");
  g_signal_emit_by_name (agency, "apply");
  still = mc_store_get_setting (store, "agency.name", NULL);
  g_assert_cmpstr (still, ==, "UBND XÃ MỚI");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_preferences (void)
{
  run_desk (NULL, check_preferences);
}

/* Issue 16: the administrator chooses the backup folder, backs up now and sees the last good
 * copy; the header warns everyone when the folder is missing or the copy is old. */
static GtkWidget *
find_widget_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
wait_for (gboolean (*cond) (gpointer), gpointer data, int seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!cond (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
  return cond (data);
}

static gboolean
backup_finished (gpointer data)
{
  McPreferencesWindow *prefs = data;

  return !mc_preferences_window_is_backing_up (prefs);
}

static gboolean
window_backup_finished (gpointer data)
{
  return !mc_window_get_backing_up (MC_WINDOW (data));
}

static void
check_backups (McWindow *window,
               Desk     *desk)
{
  McStore *store = mc_window_get_store (window);
  McSigninPage *signin = MC_SIGNIN_PAGE (child (window, "signin_page"));
  g_autofree char *dir = g_path_get_dirname (desk->path);
  g_autofree char *beside = g_build_filename (dir, "backups", NULL);
  g_autofree char *usb = g_build_filename (dir, "usb", NULL);
  g_autofree char *gone = g_build_filename (dir, "unplugged", "motcua", NULL);
  g_autofree char *saved = NULL;
  McPreferencesWindow *prefs;
  GtkWidget *folder_row, *last_row, *button;
  McTime at = 0;

  /* The first sign-in of the day makes a copy beside the database, off the main thread. */
  g_assert_true (mc_signin_page_sign_in (signin, "admin", PASSWORD));
  g_assert_true (wait_for (window_backup_finished, window, 60));
  g_assert_true (mc_backup_last (beside, NULL, &at));
  g_assert_null (mc_window_get_backup_warning (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = MC_PREFERENCES_WINDOW (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  folder_row = find_widget_named (GTK_WIDGET (prefs), "backup-folder-row");
  last_row = find_widget_named (GTK_WIDGET (prefs), "backup-last-row");
  g_assert_nonnull (folder_row);
  g_assert_nonnull (last_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (folder_row)), ==, beside);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), "motcua-"));

  /* A stick: the folder saved, Back Up Now writes a checked copy there. */
  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (folder_row), usb);
  g_signal_emit_by_name (folder_row, "apply");
  saved = mc_store_get_setting (store, "backup.folder", NULL);
  g_assert_cmpstr (saved, ==, usb);
  button = find_widget_named (GTK_WIDGET (prefs), "backup-now-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (backup_finished, prefs, 60));
  g_assert_nonnull (strstr (mc_preferences_window_get_last_message (prefs), usb));
  g_assert_true (mc_backup_last (usb, NULL, NULL));
  {
    g_autofree char *age = mc_backup_age_text (0);

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), age));
  }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
  mc_ui_shot (GTK_WIDGET (prefs), "preferences-backups");

  /* The stick unplugged: everyone is warned, from the next sign-in on. */
  gtk_editable_set_text (GTK_EDITABLE (folder_row), gone);
  g_signal_emit_by_name (folder_row, "apply");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-user", NULL));
  g_assert_true (mc_signin_page_sign_in (signin, "desk", PASSWORD));
  g_assert_true (wait_for (window_backup_finished, window, 60));
  g_assert_nonnull (mc_window_get_backup_warning (window));
  g_assert_nonnull (strstr (mc_window_get_backup_warning (window), gone));
  mc_ui_shot (GTK_WIDGET (window), "backup-warning");
}

static void
test_backups (void)
{
  run_desk (NULL, check_backups);
}

/* Issue 16: the administrator restores a backup from the preferences: a damaged copy is
 * refused with the database untouched; a good one is shown, confirmed, put in place, and the
 * window comes back to the sign-in page on it, the replaced database kept beside it. */
static gboolean
restore_checked (gpointer data)
{
  return !mc_preferences_window_is_checking (MC_PREFERENCES_WINDOW (data));
}

static gboolean
restore_reopened (gpointer data)
{
  McWindow *window = data;

  return !mc_window_get_busy (window) && mc_window_get_store (window) != NULL &&
         mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static McPreferencesWindow *
open_backups (McWindow *window)
{
  McPreferencesWindow *prefs;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = MC_PREFERENCES_WINDOW (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
  mc_ui_iterate ();
  return prefs;
}

static char *
find_kept (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "desk-before-restore-") && g_str_has_suffix (name, ".db"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static void
check_restore (McWindow *window,
               Desk     *desk)
{
  McSigninPage *signin = MC_SIGNIN_PAGE (child (window, "signin_page"));
  g_autofree char *dir = g_path_get_dirname (desk->path);
  g_autofree char *beside = g_build_filename (dir, "backups", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.db", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(McDossier) late = NULL;
  g_autoptr(GError) error = NULL;
  McPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  McIntake intake = { 0 };
  McStore *store;
  gint64 late_id;
  gsize length = 0;

  /* The first sign-in of the day makes the backup; a dossier is received after it. */
  g_assert_true (mc_signin_page_sign_in (signin, "admin", PASSWORD));
  g_assert_true (wait_for (window_backup_finished, window, 60));
  g_assert_true (mc_backup_last (beside, &backup, NULL));
  store = mc_window_get_store (window);
  intake.procedure_id = desk->procedure_id;
  intake.channel = MC_CHANNEL_DESK;
  intake.applicant_name = "Đỗ Văn Sau";
  intake.at = g_get_real_time () / G_USEC_PER_SEC;
  late_id = mc_workflow_intake (store, desk->desk_id, &intake, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 4);

  /* A damaged copy: its pages overwritten past the header. */
  g_assert_true (g_file_get_contents (backup, &contents, &length, &error));
  g_assert_cmpuint (length, >, 3 * 4096);
  memset (contents + 2 * 4096, 0x5a, length - 3 * 4096);
  g_assert_true (g_file_set_contents (damaged, contents, (gssize) length, &error));

  prefs = open_backups (window);
  button = find_widget_named (GTK_WIDGET (prefs), "restore-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  mc_ui_shot (GTK_WIDGET (prefs), "restore-page");
  mc_preferences_window_testing_choose_file (prefs, damaged);
  mc_ui_click (button);
  g_assert_true (wait_for (restore_checked, prefs, 60));
  mc_ui_iterate ();
  dialog = mc_ui_dialog ();
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "restore-refused-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), damaged));
  mc_ui_respond (dialog, "close");
  /* Untouched: the same store, the dossier received after the backup still there. */
  g_assert_true (mc_window_get_store (window) == store);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 4);
  g_assert_null (find_kept (dir));

  /* The good copy: what it holds is shown before anything is replaced. */
  mc_preferences_window_testing_choose_file (prefs, backup);
  mc_ui_click (button);
  /* Off the main loop: the row says the copy is being checked, its spinner turning. */
  if (mc_preferences_window_is_checking (prefs))
    {
      gint64 frame = g_get_monotonic_time () + 40000;

      g_assert_false (gtk_widget_is_sensitive (button));
      /* A frame drawn meanwhile, for the picture (the check may end first). */
      while (g_get_monotonic_time () < frame && mc_preferences_window_is_checking (prefs))
        g_main_context_iteration (NULL, FALSE);
      if (mc_preferences_window_is_checking (prefs))
        mc_ui_shot (GTK_WIDGET (prefs), "restore-checking");
    }
  g_assert_true (wait_for (restore_checked, prefs, 60));
  mc_ui_iterate ();
  dialog = mc_ui_dialog ();
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "restore-confirm-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), backup));
  {
    g_autoptr(McDossier) last = mc_store_get_dossier (store, desk->online2_id, NULL);

    g_assert_nonnull (last);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), last->code));
  }
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 4);
  store = NULL;
  mc_ui_respond (dialog, "restore");
  g_assert_true (wait_for (restore_reopened, window, 60));
  mc_ui_iterate ();

  /* The copy in place, at the sign-in page; the replaced database kept, as it was. */
  dialog = mc_ui_dialog ();
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "restore-outcome-dialog");
  kept = find_kept (dir);
  g_assert_nonnull (kept);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), kept));
  g_assert_null (find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_null (mc_window_get_officer (window));
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "signin");
  store = mc_window_get_store (window);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 3);
  late = mc_store_get_dossier (store, late_id, NULL);
  g_assert_null (late);
  mc_ui_respond (dialog, "close");
  g_assert_false (mc_window_get_restoring (window));
  {
    g_autoptr(McStore) old = mc_store_open (kept, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mc_store_count_dossiers (old), ==, 4);
  }
  /* The administrator signs in again on the restored database. */
  g_assert_true (mc_signin_page_sign_in (signin, "admin", PASSWORD));
  g_assert_nonnull (mc_window_get_officer (window));
}

static void
test_restore (void)
{
  run_desk (NULL, check_restore);
}

/* Targets as people write them; dossier codes that never break; a weekday with the moment. */
static void
test_formats (void)
{
  g_autofree char *whole = mc_desk_format_target (98);
  g_autofree char *half = mc_desk_format_target (97.5);
  g_autofree char *code = mc_desk_code_text ("000.17.22.H56-240105-0007");
  g_autofree char *moment = mc_desk_format_moment (mc_test_time ("2026-12-07 07:30"));

  g_assert_cmpstr (whole, ==, "98%");
  g_assert_cmpstr (half, ==, "97.5%");
  g_assert_cmpstr (code, ==, "000.17.22.H56-\u2060240105-\u20600007");
  g_assert_cmpstr (moment, ==, "07:30 Monday 2026-12-07");
}


/* ---- Digitisation at intake (issue 15) ---- */

static GtkWidget *
widget_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
        return c;
      found = widget_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_named_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), name) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

/* Runs the main loop until COND or 60 s. */
#define WAIT_FOR(cond) G_STMT_START { \
    gint64 until_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < until_) \
      if (!g_main_context_iteration (NULL, FALSE)) g_usleep (2000); \
    g_assert_true (cond); \
  } G_STMT_END

static void
collect_slots (GtkWidget *widget, GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      if (MC_IS_ATTACH_SLOT (c))
        g_ptr_array_add (out, c);
      else
        collect_slots (c, out);
    }
}

static char *
write_test_png (const char *dir, const char *name, int w, int h)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  return path;
}

static void
check_attach_at_intake (McWindow *window,
                        Desk     *desk)
{
  GtkWidget *intake = child (window, "intake_page");
  McIntakePage *page = MC_INTAKE_PAGE (intake);
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *png = write_test_png (dir, "cccd.png", 600, 800);
  g_autofree char *bad = g_build_filename (dir, "to-khai.pdf", NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(McDossier) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  McAttachSlot *slot;
  GtkWindow *scan = NULL;
  GtkLabel *error_label;
  guint n_slots = 0, expected = 0;
  gint64 id, start;
  McQuery q = { 0 };

  g_assert_true (g_file_set_contents (bad, "Chỉ là văn bản\n", -1, &error));
  g_assert_true (mc_window_set_section (window, "intake"));
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry")),
                         "dang ky khai sinh");
  g_assert_true (mc_intake_page_pick_first (page));
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, "name_row")),
                         "Võ Thị Én");
  while (mc_intake_page_get_slot (page, n_slots) != NULL)
    n_slots++;
  g_assert_cmpuint (n_slots, >=, 1);
  error_label = GTK_LABEL (page_child (intake, MC_TYPE_INTAKE_PAGE, "error_label"));

  /* A text file named .pdf is refused at once, in a sentence, and shows no thumbnail. */
  slot = mc_intake_page_get_slot (page, 0);
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", bad, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (slot));
  if (strstr (gtk_label_get_label (error_label), "to-khai.pdf") == NULL)
    g_error ("the refusal says “%s”", gtk_label_get_label (error_label));
  g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 0);

  /* Two pages scanned with the test scanner into the first document. */
  mc_ui_click (mc_attach_slot_get_scan_button (slot));
  WAIT_FOR ((scan = find_named_toplevel ("scan-dialog")) != NULL);
  WAIT_FOR (gtk_widget_get_sensitive (widget_named (GTK_WIDGET (scan), "scan-start")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget_named (GTK_WIDGET (scan), "scan-pages")), 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget_named (GTK_WIDGET (scan), "scan-resolution")),
                              2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget_named (GTK_WIDGET (scan), "scan-mode")), 0);
  mc_ui_shot (GTK_WIDGET (scan), "scan-dialog");
  start = g_get_monotonic_time ();
  mc_ui_click (widget_named (GTK_WIDGET (scan), "scan-start"));
  WAIT_FOR (mc_attach_slot_count_thumbnails (slot) == 2);
  {
    double ms = (g_get_monotonic_time () - start) / 1000.0;
    McAttachmentFile *f = g_ptr_array_index (mc_attach_slot_get_files (slot), 0);
    g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
    GdkPixbuf *pixbuf;

    g_assert_true (gdk_pixbuf_loader_write_bytes (loader, f->bytes, NULL));
    g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
    g_printerr ("FIGURE scan-to-thumbnails 2 pages 300 dpi colour test:0: %.0f ms "
                "(page %d x %d px, JPEG %" G_GSIZE_FORMAT " bytes)\n", ms,
                gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                g_bytes_get_size (f->bytes));
  }
  expected += 2;

  /* A file chosen for each other document. */
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", png, TRUE);
  for (guint i = 1; i < n_slots; i++)
    {
      slot = mc_intake_page_get_slot (page, i);
      mc_ui_click (mc_attach_slot_get_choose_button (slot));
      g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 1);
      expected++;
    }
  g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
  gtk_widget_grab_focus (mc_attach_slot_get_scan_button (mc_intake_page_get_slot (page, 0)));
  mc_ui_shot (GTK_WIDGET (window), "intake-scans");

  g_assert_true (mc_intake_page_save (page));
  q.sort = MC_SORT_RECEIVED;
  q.descending = TRUE;
  q.limit = 1;
  ids = mc_store_query_ids (mc_window_get_store (window), &q, &error);
  g_assert_no_error (error);
  id = g_array_index (ids, gint64, 0);
  saved = read_dossier (window, id);
  g_assert_cmpstr (saved->applicant_name, ==, "Võ Thị Én");
  files = mc_store_list_attachments (mc_window_get_store (window), id, FALSE, &error);
  g_assert_no_error (error);
  /* The files of the documents received went with them (a document left unticked takes none),
   * each received document has one: the dossier is digitised, derived, not ticked. */
  g_assert_cmpuint (files->len, <=, expected);
  g_assert_cmpuint (saved->documents->len, >=, 1);
  for (guint i = 0; i < saved->documents->len; i++)
    {
      guint n = 0;

      for (guint k = 0; k < files->len; k++)
        n += ((McAttachment *) g_ptr_array_index (files, k))->position == (int) i;
      g_assert_cmpuint (n, >=, 1);
    }
  g_assert_true (saved->digitized_input);

  /* The dossier's window shows them, and takes one more. */
  {
    McDossierView *view = mc_dossier_view_new (GTK_WINDOW (window), mc_window_get_store (window),
                                               mc_window_get_officer (window), id);
    g_autoptr(GPtrArray) slots = g_ptr_array_new ();
    g_autoptr(GPtrArray) after = NULL;
    guint shown = 0;

    gtk_window_present (GTK_WINDOW (view));
    mc_ui_iterate ();   /* its papers and timeline come after its first frame */
    collect_slots (GTK_WIDGET (view), slots);
    g_assert_cmpuint (slots->len, ==, saved->documents->len);
    for (guint i = 0; i < slots->len; i++)
      shown += mc_attach_slot_count_thumbnails (g_ptr_array_index (slots, i));
    g_assert_cmpuint (shown, ==, files->len);
    g_setenv ("MOTCUA_TEST_CHOOSE_FILE", png, TRUE);
    mc_ui_click (mc_attach_slot_get_choose_button (g_ptr_array_index (slots, 0)));
    g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
    WAIT_FOR (mc_test_query_int (mc_window_get_store (window),
                                 "SELECT count(*) FROM attachment") > (gint64) files->len);
    after = mc_store_list_attachments (mc_window_get_store (window), id, FALSE, &error);
    g_assert_cmpuint (after->len, ==, files->len + 1);
    /* A rescan: the new file replaces the slot's, the old ones kept in the history. */
    g_ptr_array_set_size (slots, 0);
    collect_slots (GTK_WIDGET (view), slots);
    {
      McAttachSlot *first = g_ptr_array_index (slots, 0);
      guint before = mc_attach_slot_count_thumbnails (first);
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(GPtrArray) current = NULL;

      g_assert_cmpuint (before, ==, 3);
      g_assert_true (gtk_widget_get_visible (mc_attach_slot_get_rescan_button (first)));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mc_attach_slot_get_rescan_button (first)),
                                    TRUE);
      g_setenv ("MOTCUA_TEST_CHOOSE_FILE", png, TRUE);
      mc_ui_click (mc_attach_slot_get_choose_button (first));
      g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
      WAIT_FOR (mc_test_query_int (mc_window_get_store (window),
                                   "SELECT count(*) FROM attachment") > (gint64) after->len);
      current = mc_store_list_attachments (mc_window_get_store (window), id, FALSE, &error);
      history = mc_store_list_attachments (mc_window_get_store (window), id, TRUE, &error);
      g_assert_cmpuint (history->len, ==, after->len + 1);
      g_assert_cmpuint (current->len, ==, after->len + 1 - before);
      /* The window was read again when the file was stored. */
      g_ptr_array_set_size (slots, 0);
      collect_slots (GTK_WIDGET (view), slots);
      g_assert_cmpuint (mc_attach_slot_count_thumbnails (g_ptr_array_index (slots, 0)), ==, 1);
    }
    gtk_widget_grab_focus (mc_attach_slot_get_choose_button (g_ptr_array_index (slots, 0)));
    mc_ui_shot (GTK_WIDGET (view), "dossier-scans");
    gtk_window_destroy (GTK_WINDOW (view));
  }
}

static char *
write_test_pdf (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.7);
  cairo_rectangle (cr, 60, 60, 475, 200);
  cairo_fill (cr);
  cairo_move_to (cr, 72, 320);
  cairo_set_font_size (cr, 28);
  cairo_show_text (cr, "TO KHAI");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
}

/* Types TEXT into the intake form's row NAME. */
static void
intake_type (GtkWidget *intake, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (intake, MC_TYPE_INTAKE_PAGE, name)), text);
}

/* A returning citizen: the identity paper scanned for a birth registration is offered, by the
 * form's own widgets, for an extract of the civil register a moment later (another procedure,
 * the same kind of paper); taken, it is stored as the same file and the second dossier is
 * digitised. On the way: a PDF's first page drawn as its thumbnail, and a page taken out of a
 * slot before the dossier is received. */
static void
check_reuse_at_intake (McWindow *window,
                       Desk     *desk)
{
  GtkWidget *intake = child (window, "intake_page");
  McIntakePage *page = MC_INTAKE_PAGE (intake);
  McStore *store = mc_window_get_store (window);
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *card = write_test_png (dir, "cccd.png", 640, 400);
  g_autofree char *other = write_test_png (dir, "nham.png", 300, 300);
  g_autofree char *pdf = write_test_pdf (dir, "to-khai.pdf");
  g_autoptr(McDossier) first = NULL;
  g_autoptr(McDossier) second = NULL;
  g_autoptr(GError) error = NULL;
  McAttachSlot *slot;
  GtkWidget *offer;
  gint64 blobs, id;
  const char *number = "001190054321";
  int identity = -1;

  g_assert_true (mc_window_set_section (window, "intake"));
  intake_type (intake, "procedure_entry", "dang ky khai sinh");
  g_assert_true (mc_intake_page_pick_first (page));
  intake_type (intake, "name_row", "Lương Văn Khải");
  intake_type (intake, "id_number_row", number);
  for (guint i = 0; (slot = mc_intake_page_get_slot (page, i)) != NULL; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (slot), ADW_TYPE_ACTION_ROW);

      if (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "tùy thân") != NULL)
        identity = (int) i;
      /* Nothing was scanned for this number before. */
      g_assert_false (gtk_widget_get_visible (mc_attach_slot_get_offer_button (slot)));
    }
  g_assert_cmpint (identity, >, 0);

  /* The declaration as a PDF: its first page becomes the thumbnail, off the main thread. */
  slot = mc_intake_page_get_slot (page, 0);
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", pdf, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (slot));
  g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 1);
  WAIT_FOR (mc_attach_slot_count_pictures (slot) == 1);
  /* Opened, it shows its pages full size, drawn off the main thread too. */
  {
    GtkWindow *full = NULL;

    mc_ui_click (mc_ui_find (GTK_WIDGET (slot), "thumbnail"));
    WAIT_FOR ((full = find_named_toplevel ("attachment-full")) != NULL);
    WAIT_FOR (mc_ui_find (GTK_WIDGET (full), "attachment-page") != NULL);
    mc_ui_shot (GTK_WIDGET (full), "pdf-full-size");
    gtk_window_destroy (full);
  }

  /* The card, and a wrong page chosen with it and taken out again before receiving. */
  slot = mc_intake_page_get_slot (page, (guint) identity);
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", card, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (slot));
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", other, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (slot));
  g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
  g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 2);
  g_assert_cmpuint (mc_attach_slot_get_files (slot)->len, ==, 2);
  g_assert_nonnull (mc_attach_slot_get_remove_button (slot, 1));
  gtk_widget_grab_focus (mc_attach_slot_get_choose_button (slot));
  mc_ui_shot (GTK_WIDGET (page_child (intake, MC_TYPE_INTAKE_PAGE, "documents_group")),
              "intake-pdf-thumbnail");
  mc_ui_click (mc_attach_slot_get_remove_button (slot, 1));
  g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 1);
  g_assert_cmpuint (mc_attach_slot_get_files (slot)->len, ==, 1);
  g_assert_true (mc_intake_page_save (page));
  first = mc_store_find_applicant (store, number, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  {
    g_autoptr(GPtrArray) files = mc_store_list_attachments (store, first->id, FALSE, &error);

    g_assert_cmpuint (files->len, ==, 2);
  }
  blobs = mc_test_query_int (store, "SELECT count(*) FROM blob");

  /* The same citizen comes back for an extract: the form offers the card's scan. */
  intake_type (intake, "procedure_entry", "trich luc");
  g_assert_true (mc_intake_page_pick_first (page));
  intake_type (intake, "name_row", "Lương Văn Khải");
  intake_type (intake, "id_number_row", number);
  WAIT_FOR (!mc_intake_page_is_looking_up (page));
  slot = mc_intake_page_get_slot (page, 1);
  offer = mc_attach_slot_get_offer_button (slot);
  WAIT_FOR (gtk_widget_get_visible (offer));
  {
    const char *label = gtk_label_get_label (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (offer))));

    if (strstr (label, first->code) == NULL)
      g_error ("the offer says “%s”", label);
  }
  /* Not for the declaration, which is written for each request. */
  g_assert_false (gtk_widget_get_visible (mc_attach_slot_get_offer_button (
                    mc_intake_page_get_slot (page, 0))));
  /* Filed by a representative, the card shown may be the representative's: no offer. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (page_child (intake, MC_TYPE_INTAKE_PAGE,
                                                                       "representative_row")),
                                         TRUE);
  g_assert_false (gtk_widget_get_visible (offer));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (page_child (intake, MC_TYPE_INTAKE_PAGE,
                                                                       "representative_row")),
                                         FALSE);
  g_assert_true (gtk_widget_get_visible (offer));
  gtk_widget_grab_focus (offer);
  mc_ui_shot (GTK_WIDGET (page_child (intake, MC_TYPE_INTAKE_PAGE, "documents_group")),
              "intake-reuse-offer");

  mc_ui_click (offer);
  WAIT_FOR (mc_attach_slot_count_thumbnails (slot) == 1);
  g_assert_false (gtk_widget_get_visible (offer));
  /* Taken out again, the page is offered again. */
  mc_ui_click (mc_attach_slot_get_remove_button (slot, 0));
  g_assert_cmpuint (mc_attach_slot_count_thumbnails (slot), ==, 0);
  g_assert_true (gtk_widget_get_visible (offer));
  mc_ui_click (offer);
  WAIT_FOR (mc_attach_slot_count_thumbnails (slot) == 1);
  g_assert_cmpuint (mc_attach_slot_get_files (slot)->len, ==, 1);
  g_assert_cmpint (((McAttachmentFile *) g_ptr_array_index (mc_attach_slot_get_files (slot), 0))
                   ->reuse_of, !=, 0);
  g_setenv ("MOTCUA_TEST_CHOOSE_FILE", other, TRUE);
  mc_ui_click (mc_attach_slot_get_choose_button (mc_intake_page_get_slot (page, 0)));
  g_unsetenv ("MOTCUA_TEST_CHOOSE_FILE");
  mc_ui_shot (GTK_WIDGET (page_child (intake, MC_TYPE_INTAKE_PAGE, "documents_group")),
              "intake-reused");
  g_assert_true (mc_intake_page_save (page));

  second = mc_store_find_applicant (store, number, &error);
  g_assert_no_error (error);
  id = second->id;
  g_assert_cmpint (id, !=, first->id);
  g_assert_true (second->digitized_input);
  {
    g_autoptr(GPtrArray) a = mc_store_list_attachments (store, first->id, FALSE, &error);
    g_autoptr(GPtrArray) b = mc_store_list_attachments (store, id, FALSE, &error);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = "
                                            "'dossier.attach' AND details LIKE '%s: document 2;%%"
                                            "reused from %s%%'", second->code, first->code);

    g_assert_cmpuint (b->len, ==, 2);
    g_assert_cmpstr (((McAttachment *) g_ptr_array_index (b, 1))->hash, ==,
                     ((McAttachment *) g_ptr_array_index (a, 1))->hash);
    /* The card's bytes are stored once; only the new page is new. */
    g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM blob"), ==, blobs + 1);
    g_assert_cmpint (mc_test_query_int (store, sql), ==, 1);
  }
}

static void
test_reuse_at_intake (void)
{
  run_desk ("desk", check_reuse_at_intake);
}

static void
test_attach_at_intake (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *conf = g_build_filename (dir, "dll.conf", NULL);
  g_autofree char *test = g_build_filename (dir, "test.conf", NULL);

  /* SANE's test backend stands in for the scanner, its pages as big as A4 (its own default
   * stops at 200 mm, a page of 200 x 200 mm) and patterned rather than black. */
  g_assert_true (g_file_set_contents (conf, "test\n", -1, NULL));
  g_assert_true (g_file_set_contents (test,
                                      "number_of_devices 1\nmode Color\ndepth 8\n"
                                      "resolution_min 1.0\nresolution_max 1200.0\n"
                                      "resolution_quant 1.0\nresolution 50.0\n"
                                      "test-picture \"Color pattern\"\ngeometry_min 0.0\n"
                                      "geometry_max 300.0\ngeometry_quant 1.0\n"
                                      "tl_x 0.0\ntl_y 0.0\nbr_x 80.0\nbr_y 100.0\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", dir, TRUE);
  run_desk ("desk", check_attach_at_intake);
}

int
main (int   argc,
      char *argv[])
{
  /* Pictures (MOTCUA_TEST_SHOTS) in the language of the environment, as main.c does; the checks
   * otherwise run in the C locale, in English. */
  if (g_getenv ("MOTCUA_TEST_SHOTS") != NULL)
    mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/due-class", test_due_class);
  g_test_add_func ("/desk/formats", test_formats);
  g_test_add_func ("/desk/time-left", test_time_left);
  g_test_add_func ("/desk/clock-rule", test_clock_rule);
  g_test_add_func ("/desk/field-of-error", test_field_of_error);
  g_test_add_func ("/desk/procedure-matches", test_procedure_matches);
  g_test_add_func ("/desk/dossier-list", test_dossier_list);
  g_test_add_func ("/desk/sign-in", test_sign_in);
  g_test_add_func ("/desk/receive", test_receive);
  g_test_add_func ("/desk/online", test_online);
  g_test_add_func ("/desk/supplement", test_supplement);
  g_test_add_func ("/desk/refused", test_refused);
  g_test_add_func ("/desk/changed-elsewhere", test_changed_elsewhere);
  g_test_add_func ("/desk/online-taken", test_online_taken);
  g_test_add_func ("/desk/preferences", test_preferences);
  g_test_add_func ("/desk/attach-at-intake", test_attach_at_intake);
  g_test_add_func ("/desk/reuse-at-intake", test_reuse_at_intake);
  g_test_add_func ("/desk/backups", test_backups);
  g_test_add_func ("/desk/restore", test_restore);

  return g_test_run ();
}
