/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two workstations of one office on the commune's server, as two processes of the real app
 * under one display: the desk (a child process running this program again) and a
 * vice-chairman (this process). The desk receives a dossier through its window and assigns it;
 * the specialist submits it from a third workstation (motcua-cli); the vice-chairman's signing
 * queue shows it within a second, he signs it through his window, and the desk's queue shows
 * it signed within a second, without anyone pressing anything; the desk then hands it over.
 * Needs a display and MOTCUA_TEST_PG (tools/pg-test-cluster); skipped otherwise. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-dossier-list.h"
#include "mc-dossier-view.h"
#include "mc-gui-test.h"
#include "mc-intake-page.h"
#include "mc-queue-page.h"
#include "mc-review-view.h"
#include "mc-signing-page.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"
#include "mc-paths.h"
#include "mc-test-util.h"

#define PASSWORD  MC_DEMO_PASSWORD
#define BIRTH     "1.001193"   /* same day */
#define APPLICANT "Nguyễn Văn Bình"
#define RESULT    "Giấy khai sinh bản chính số 27, quyển 01/2026"
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

/* What the test allows for "within a second": the window asks four times a second, and a
 * sanitizer build reads a queue a few times slower. */
#define WITHIN_US (1 * G_USEC_PER_SEC)
#define SLACK_US  (G_USEC_PER_SEC / 2)

/* ---- Lines between the two processes ---- */

typedef struct {
  GDataInputStream *in;
  char             *line;
  gboolean          done;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *r = user_data;

  r->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                       NULL, NULL);
  r->done = TRUE;
}

static gboolean
line_read (gpointer data)
{
  return ((LineRead *) data)->done;
}

/* The next line of IN that the other process meant for this one ("WS …", without the mark),
 * read while this window's main loop runs. */
static char *
next_line (GDataInputStream *in)
{
  for (;;)
    {
      LineRead r = { in, NULL, FALSE };

      g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, line_read_cb, &r);
      g_assert_true (mc_ui_wait (line_read, &r, 120));
      if (r.line == NULL)
        g_error ("the other workstation stopped before it said what it was waiting for");
      if (g_str_has_prefix (r.line, "WS "))
        {
          char *text = g_strdup (r.line + 3);

          g_free (r.line);
          return text;
        }
      g_free (r.line);
    }
}

static void
say (const char *format,
     ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("WS %s\n", text);
  fflush (stdout);
}

/* ---- Widgets ---- */

/* Clicks ACTION's button in VIEW and applies its dialog (to OFFICER when it asks for one). */
static void
act (McDossierView *view,
     McAction       action,
     const char    *officer)
{
  GtkWidget *button = mc_ui_find (GTK_WIDGET (view), mc_action_to_verb (action));
  AdwMessageDialog *dialog;

  g_assert_nonnull (button);
  mc_ui_click (button);
  dialog = mc_ui_dialog ();
  if (officer != NULL)
    mc_ui_choose_officer (dialog, officer);
  if (mc_ui_respond (dialog, "apply"))
    g_error ("%s was refused: %s", mc_action_to_verb (action), mc_ui_dialog_error (dialog));
}

/* ---- The desk (the child process) ---- */

typedef struct {
  McQueuePage *queue;
  gint64       seen;         /* real time, µs */
} Watch;

static gboolean
queue_shows_signed (gpointer data)
{
  Watch *w = data;
  GListModel *list = G_LIST_MODEL (mc_queue_page_get_list (w->queue));
  g_autoptr(McDossierRow) row = NULL;

  if (g_list_model_get_n_items (list) != 1 || mc_queue_page_is_loading (w->queue))
    return FALSE;
  row = g_list_model_get_item (list, 0);
  if (mc_dossier_row_get_dossier (row) == NULL ||
      mc_dossier_row_get_dossier (row)->step != MC_STEP_SIGNED)
    return FALSE;
  w->seen = g_get_real_time ();
  return TRUE;
}

static void
desk_journey (McWindow *window,
              gpointer  data)
{
  GtkWidget *intake = mc_ui_child (window, MC_TYPE_WINDOW, "intake_page");
  g_autofree char *code = NULL;
  char signed_line[64];
  AdwMessageDialog *dialog;
  McDossierView *view;
  Watch watch = { 0 };
  gint64 signed_at;

  mc_ui_sign_in (window, "tiepnhan1", PASSWORD);

  /* The desk receives the dossier and gives it to the justice officer. */
  mc_ui_section (window, "intake");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), BIRTH);
  g_signal_emit_by_name (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), "activate");
  mc_ui_iterate ();
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"), "001190054321");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"), APPLICANT);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"), "0987654321");
  mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));
  dialog = mc_ui_dialog ();
  {
    gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");
    g_autoptr(McDossier) d = mc_store_get_dossier (mc_window_get_store (window), id, NULL);

    g_assert_nonnull (d);
    code = g_strdup (d->code);
  }
  mc_ui_respond (dialog, "close");
  view = mc_ui_open_dossier (window, code);
  act (view, MC_ACTION_ASSIGN, "Phạm Thị Lan");
  mc_ui_close_windows ();
  say ("received %s", code);

  /* The desk looks at its queue; nobody here presses anything. */
  watch.queue = mc_ui_find_in_queue (window, code);
  g_assert_true (mc_ui_wait (queue_shows_signed, &watch, 120));
  /* When the vice-chairman signed, by his clock (the same machine's). */
  g_assert_nonnull (fgets (signed_line, sizeof signed_line, stdin));
  g_assert_true (sscanf (signed_line, "signed %" G_GINT64_FORMAT, &signed_at) == 1);
  say ("seen %" G_GINT64_FORMAT, watch.seen - signed_at);

  /* The result comes back to the desk, which hands it over. */
  view = mc_ui_open_dossier (window, code);
  act (view, MC_ACTION_RECORD_RESULT, NULL);
  act (view, MC_ACTION_HAND_OVER, NULL);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_RETURNED);
  say ("handed-over");
}

static void
test_desk (void)
{
  mc_ui_run (g_getenv ("MOTCUA_TEST_TARGET"), NULL, desk_journey, NULL);
}

/* ---- The vice-chairman (this process) ---- */

typedef struct {
  char        *target;
  GSubprocess *desk;
  GDataInputStream *from_desk;
} Office;

typedef struct {
  McSigningPage *page;
  guint          expected;
} Count;

static gboolean
signing_queue_has (gpointer data)
{
  Count *c = data;
  g_autoptr(GArray) ids = mc_signing_page_get_ids (c->page);

  return ids->len == c->expected;
}

static void
submit_from_third_workstation (Office     *office,
                               const char *code)
{
  const char *cli = g_getenv ("MOTCUA_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cli);
  g_subprocess_launcher_setenv (launcher, "MOTCUA_PASSWORD", PASSWORD, TRUE);
  p = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", office->target, "--as", "tuphap",
                                   "dossier", "act", code, "submit", "--result", RESULT, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (p, NULL, &error));
  g_assert_no_error (error);
}

static void
leader_journey (McWindow *window,
                gpointer  data)
{
  Office *office = data;
  McSigningPage *page = MC_SIGNING_PAGE (mc_ui_child (window, MC_TYPE_WINDOW, "signing_page"));
  g_autofree char *received = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *handed = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GOutputStream) to_desk = NULL;
  const char *code;
  AdwMessageDialog *dialog;
  McReviewView *review;
  Count count = { page, 1 };
  gint64 submitted, shown, signed_at, desk_saw;

  mc_ui_sign_in (window, "phochutich1", PASSWORD);
  mc_ui_section (window, "signing");
  count.expected = 0;
  g_assert_true (signing_queue_has (&count));

  received = next_line (office->from_desk);
  g_assert_true (g_str_has_prefix (received, "received "));
  code = received + strlen ("received ");

  /* The specialist submits it at another workstation: the signing queue shows it by itself. */
  submit_from_third_workstation (office, code);
  submitted = g_get_monotonic_time ();
  count.expected = 1;
  g_assert_true (mc_ui_wait (signing_queue_has, &count, 30));
  shown = g_get_monotonic_time () - submitted;
  g_test_message ("the vice-chairman's signing queue showed the submitted dossier after %.0f ms",
                  shown / 1000.0);
  g_assert_cmpint (shown, <, WITHIN_US + SLACK_US);

  /* He opens it and signs it with his password. */
  g_signal_emit_by_name (mc_ui_child (page, MC_TYPE_SIGNING_PAGE, "list_view"), "activate", 0);
  mc_ui_iterate ();
  review = MC_REVIEW_VIEW (mc_ui_child (page, MC_TYPE_SIGNING_PAGE, "review_view"));
  g_assert_cmpstr (mc_review_view_get_dossier (review)->code, ==, code);
  g_assert_cmpstr (mc_review_view_get_dossier (review)->result, ==, RESULT);
  mc_ui_click (mc_ui_find_button (GTK_WIDGET (page), T ("_Approve and Sign…")));
  dialog = mc_ui_dialog ();
  mc_ui_type (adw_message_dialog_get_extra_child (dialog), PASSWORD);
  mc_ui_respond (dialog, "sign");
  signed_at = g_get_real_time ();
  count.expected = 0;
  g_assert_true (signing_queue_has (&count));

  /* The desk's queue shows it signed by itself. */
  to_desk = g_object_ref (g_subprocess_get_stdin_pipe (office->desk));
  line = g_strdup_printf ("signed %" G_GINT64_FORMAT "\n", signed_at);
  g_assert_true (g_output_stream_write_all (to_desk, line, strlen (line), NULL, NULL, NULL));
  g_assert_true (g_output_stream_flush (to_desk, NULL, NULL));
  seen = next_line (office->from_desk);
  g_assert_true (sscanf (seen, "seen %" G_GINT64_FORMAT, &desk_saw) == 1);
  g_test_message ("the desk's queue showed the signature after %.0f ms", desk_saw / 1000.0);
  g_assert_cmpint (desk_saw, <, WITHIN_US + SLACK_US);

  handed = next_line (office->from_desk);
  g_assert_cmpstr (handed, ==, "handed-over");
}

/* A commune on the server: the default catalogue and the demo's officers, each a login. */
static char *
new_commune (void)
{
  g_autoptr(GError) error = NULL;
  char *target = mc_test_new_target (NULL, NULL);
  g_autoptr(McStore) store = mc_store_create (target, &error);
  McDemoOptions options;

  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  mc_demo_options_init (&options);
  options.dossiers = 0;
  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  return target;
}

static void
test_desk_and_leader (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *self_path = NULL;
  Office office = { 0 };

  if (!mc_ui_have_display ())
    return;
  if (!mc_test_on_server ())
    {
      g_test_skip ("MOTCUA_TEST_PG is not set (tools/pg-test-cluster start)");
      return;
    }

  office.target = new_commune ();

  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "MOTCUA_TEST_WORKSTATION", "desk", TRUE);
  g_subprocess_launcher_setenv (launcher, "MOTCUA_TEST_TARGET", office.target, TRUE);
  office.desk = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
  g_assert_no_error (error);
  office.from_desk = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office.desk));

  mc_ui_run (office.target, NULL, leader_journey, &office);

  g_assert_true (g_subprocess_wait_check (office.desk, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (office.from_desk);
  g_object_unref (office.desk);
  g_free (office.target);
}

/* ---- The server goes away ---- */

/* The cluster's administrator: the database closed to new sessions (or opened again), and
 * every session of it ended, as a server restart or a broken network would. */
static void
server_away (const char *target,
             gboolean    away)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = mc_store_server_conninfo_value (target, "dbname");
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("ALTER DATABASE \"%s\" ALLOW_CONNECTIONS %s; "
                         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = '%s' AND %s", db, away ? "false" : "true", db,
                         away ? "true" : "false");
  g_assert_true (mc_store_testing_cluster_exec (sql, &error));
  g_assert_no_error (error);
}

static gboolean
connection_lost (gpointer data)
{
  return mc_window_get_connection_lost (data);
}

static gboolean
connection_back (gpointer data)
{
  return !mc_window_get_connection_lost (data);
}

static void
away_journey (McWindow *window,
              gpointer  data)
{
  const char *target = data;
  GtkWidget *intake = mc_ui_child (window, MC_TYPE_WINDOW, "intake_page");
  GtkWidget *name = mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "name_row");
  GtkLabel *error_label = GTK_LABEL (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "error_label"));
  AdwMessageDialog *dialog;
  gint64 gone, back;

  mc_ui_sign_in (window, "tiepnhan1", PASSWORD);
  mc_ui_section (window, "intake");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), BIRTH);
  g_signal_emit_by_name (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), "activate");
  mc_ui_iterate ();
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"), "001190054321");
  mc_ui_type (name, APPLICANT);

  /* The server goes away while the desk types: the window says so by itself. */
  server_away (target, TRUE);
  gone = g_get_monotonic_time ();
  g_assert_true (mc_ui_wait (connection_lost, window, 10));
  g_test_message ("the window said the server was gone after %.0f ms",
                  (g_get_monotonic_time () - gone) / 1000.0);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"), "0987654321");
  mc_ui_shot (GTK_WIDGET (window), "server-away");

  /* Saving now is refused at once, in words, and what was typed stays. */
  mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));
  g_assert_null (mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_test_message ("refused: %s", gtk_label_get_label (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), T ("server")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, APPLICANT);
  g_assert_true (mc_window_get_connection_lost (window));

  /* The server is back: the window connects again by itself, and the same form saves once. */
  server_away (target, FALSE);
  back = g_get_monotonic_time ();
  g_assert_true (mc_ui_wait (connection_back, window, 10));
  g_test_message ("the window was connected again %.0f ms after the server came back",
                  (g_get_monotonic_time () - back) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - back, <, WITHIN_US + SLACK_US);
  mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));
  dialog = mc_ui_dialog ();
  mc_ui_respond (dialog, "close");
  g_assert_cmpint (mc_store_count_dossiers (mc_window_get_store (window)), ==, 1);
}

static void
test_server_away (void)
{
  g_autofree char *target = NULL;

  if (!mc_ui_have_display ())
    return;
  if (!mc_test_on_server ())
    {
      g_test_skip ("MOTCUA_TEST_PG is not set (tools/pg-test-cluster start)");
      return;
    }
  target = new_commune ();
  mc_ui_run (target, NULL, away_journey, target);
}

int
main (int   argc,
      char *argv[])
{
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);
  if (g_strcmp0 (g_getenv ("MOTCUA_TEST_WORKSTATION"), "desk") == 0)
    g_test_add_func ("/workstations/desk", test_desk);
  else
    {
      g_test_add_func ("/workstations/desk-and-leader", test_desk_and_leader);
      g_test_add_func ("/workstations/server-away", test_server_away);
    }
  return g_test_run ();
}
