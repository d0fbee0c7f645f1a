/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The longest wait of the window's main loop during a desk officer's journey through the real
 * window, on a database the size of a province (make one with `motcua-cli --db FILE demo
 * --dossiers 1000000`): sign in, receive a dossier through the intake form, open the queue, search
 * a name, open the dossier, assign it. A timer asks the main loop every millisecond; the longest
 * gap between two of its ticks, less that millisecond, is the step's stall: what the officer
 * would feel as a frozen window. Target: under 50 ms each. Needs a display (xvfb-run). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-demo.h"
#include "mc-dossier-list.h"
#include "mc-dossier-view.h"
#include "mc-gui-test.h"
#include "mc-intake-page.h"
#include "mc-queue-page.h"
#include "mc-signin-page.h"
#include "mc-workflow.h"

#define TARGET_MS 50.0

typedef struct {
  gint64 last;
  gint64 longest;
  gint64 longest_from;   /* when the longest stall began */
  gint64 started;
} Stall;

static Stall stall;
static char *opt_user;
static char *opt_password;
static char *opt_search;
static char *opt_procedure;
static char *opt_handler;
static gboolean failed;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (stall.last != 0 && now - stall.last > stall.longest)
    {
      stall.longest = now - stall.last;
      stall.longest_from = stall.last;
    }
  stall.last = now;
  return G_SOURCE_CONTINUE;
}

static void
step_begin (void)
{
  stall.last = g_get_monotonic_time ();
  stall.longest = 0;
  stall.started = stall.last;
}

/* With MC_BENCH_TIMES set, each step's start and end on the monotonic clock, for
 * `perf record -k CLOCK_MONOTONIC` and `perf report --time START,END`. */
static void
step_times (const char *name)
{
  if (g_getenv ("MC_BENCH_TIMES") != NULL)
    fprintf (stderr, "%s: --time %.6f,%.6f (its longest stall: --time %.6f,%.6f)\n", name,
             stall.started / 1e6, g_get_monotonic_time () / 1e6, stall.longest_from / 1e6,
             (stall.longest_from + stall.longest) / 1e6);
}

static void
step_end (const char *name)
{
  double ms = MAX (0, stall.longest - 1000) / 1000.0;
  double wall = (g_get_monotonic_time () - stall.started) / 1000.0;

  printf ("%-34s longest stall %7.1f ms  (target < %.0f ms: %s)   whole step %8.1f ms\n",
          name, ms, TARGET_MS, ms < TARGET_MS ? "met" : "MISSED", wall);
  fflush (stdout);
  if (ms >= TARGET_MS)
    failed = TRUE;
  step_times (name);
}

/* Waits with the main loop running (never sleeping it). */
static gboolean
wait_for (gboolean (*cond) (gpointer), gpointer data, int seconds)
{
  return mc_ui_wait (cond, data, seconds);
}

static gboolean
queue_loaded (gpointer data)
{
  return !mc_queue_page_is_loading (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (mc_queue_page_get_list (data))) > 0;
}

typedef struct {
  McQueuePage *queue;
  guint        n;           /* how many rows the query answers, 0: any number */
} Rows;

/* The queue shows what was asked: the search ran (not still waiting for its delay) and its
 * rows are read. */
static gboolean
queue_answered (gpointer data)
{
  Rows *r = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (mc_queue_page_get_list (r->queue)));

  return !mc_queue_page_is_loading (r->queue) && (r->n == 0 || n == r->n);
}

/* Types TEXT in the queue's search as an officer would, without waiting for the entry's
 * typing delay, and waits for the answer. */
static void
search_for (McQueuePage *queue,
            GtkWidget   *search,
            const char  *text,
            guint        n)
{
  Rows r = { queue, n };

  mc_ui_type (search, text);
  g_signal_emit_by_name (search, "search-changed");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (!wait_for (queue_answered, &r, 60))
    g_error ("the search for “%s” did not answer", text);
}

static gboolean
not_busy (gpointer data)
{
  return !mc_window_get_busy (data);
}

static gboolean
signed_in (gpointer data)
{
  return mc_window_get_officer (data) != NULL && !mc_window_get_busy (data);
}

static gboolean
dialog_shown (gpointer data)
{
  return mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
view_shown (gpointer data)
{
  return mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static void
journey (McWindow *window,
         gpointer  data)
{
  GtkWidget *signin = mc_ui_child (window, MC_TYPE_WINDOW, "signin_page");
  GtkWidget *intake = mc_ui_child (window, MC_TYPE_WINDOW, "intake_page");
  GtkWidget *queue = mc_ui_child (window, MC_TYPE_WINDOW, "queue_page");
  GtkWidget *search = mc_ui_child (queue, MC_TYPE_QUEUE_PAGE, "search_entry");
  g_autofree char *code = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;

  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, NULL, NULL);

  /* Sign in: the password is checked by Argon2id, on purpose slow. */
  step_begin ();
  mc_signin_page_submit (MC_SIGNIN_PAGE (signin), opt_user, opt_password);
  if (!wait_for (signed_in, window, 60))
    g_error ("%s could not sign in with that password", opt_user);
  step_end ("sign in");

  /* Receive a dossier at the desk. */
  mc_ui_section (window, "intake");
  step_begin ();
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), opt_procedure);
  g_signal_emit_by_name (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), "activate");
  mc_ui_iterate ();
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"), "001190077777");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"), "Nguyễn Văn Thử");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"), "0911222333");
  mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));
  if (!wait_for (dialog_shown, NULL, 60))
    g_error ("the dossier was not received");
  dialog = mc_ui_dialog ();
  {
    gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");
    g_autoptr(McDossier) d = mc_store_get_dossier (mc_window_get_store (window), id, NULL);

    code = g_strdup (d->code);
  }
  mc_ui_respond (dialog, "close");
  step_end ("receive at the desk");

  /* The queue. */
  step_begin ();
  mc_ui_section (window, "queues");
  wait_for (queue_loaded, queue, 60);
  wait_for (not_busy, window, 60);
  step_end ("open the queue");

  step_begin ();
  search_for (MC_QUEUE_PAGE (queue), search, opt_search, 0);
  step_end ("search a name");

  /* The dossier received, found by its code and opened with Enter. */
  step_begin ();
  search_for (MC_QUEUE_PAGE (queue), search, code, 1);
  g_signal_emit_by_name (search, "activate");
  if (!wait_for (view_shown, NULL, 60))
    g_error ("the dossier %s did not open", code);
  view = MC_DOSSIER_VIEW (mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW));
  mc_ui_iterate ();
  step_end ("find and open the dossier");

  /* Assign it. */
  step_begin ();
  mc_ui_click (mc_ui_find (GTK_WIDGET (view), mc_action_to_verb (MC_ACTION_ASSIGN)));
  if (!wait_for (dialog_shown, NULL, 60))
    g_error ("no dialog to assign");
  dialog = mc_ui_dialog ();
  {
    GtkListBox *list = GTK_LIST_BOX (mc_ui_find (GTK_WIDGET (dialog), "officers"));
    GtkListBoxRow *r;

    for (int i = 0; (r = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r)), opt_handler) == 0)
        gtk_list_box_select_row (list, r);
  }
  mc_ui_respond (dialog, "apply");
  wait_for (dialog_gone, NULL, 60);
  mc_ui_iterate ();
  step_end ("assign it");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  const char *localedir = g_getenv ("MOTCUA_LOCALEDIR");
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "The database (a file, or a server's connection); required", "PATH" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
      "The desk officer who signs in (default tiepnhan1)", "USER" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password,
      "Their password (default the demo's)", "PASSWORD" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &opt_search,
      "The name searched for (default \"nguyen van an\")", "TEXT" },
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &opt_procedure,
      "The procedure received (default 1.001193, birth registration)", "CODE" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &opt_handler,
      "The specialist it is assigned to (default Phạm Thị Lan)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_set_summary (context,
      "The longest main-loop stall of each step of a desk officer's journey through the real "
      "window (target under 50 ms). Needs a display: run it under xvfb-run.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "mc-bench-stall: %s\n", error->message);
      return 2;
    }
  if (db == NULL)
    {
      fprintf (stderr, "mc-bench-stall: --db is required (see --help)\n");
      return 2;
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS) && !g_str_has_prefix (db, "postgres"))
    {
      fprintf (stderr, "mc-bench-stall: %s does not exist; make one with "
               "motcua-cli --db %s demo --dossiers 1000000\n", db, db);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      fprintf (stderr, "mc-bench-stall: no display: run it under xvfb-run -a\n");
      return 2;
    }
  opt_user = opt_user != NULL ? opt_user : g_strdup ("tiepnhan1");
  opt_password = opt_password != NULL ? opt_password : g_strdup (MC_DEMO_PASSWORD);
  opt_search = opt_search != NULL ? opt_search : g_strdup ("nguyen van an");
  opt_procedure = opt_procedure != NULL ? opt_procedure : g_strdup ("1.001193");
  opt_handler = opt_handler != NULL ? opt_handler : g_strdup ("Phạm Thị Lan");

  printf ("Main-loop stalls of a desk journey on %s\n", db);
  mc_ui_run (db, NULL, journey, NULL);
  printf (failed ? "Some step stalled the window for 50 ms or more.\n"
                 : "Every step kept the window answering within 50 ms.\n");
  return 0;
}
