/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drives the real application and window under Xvfb: each test runs McApplication on a
 * database of its own and looks at what the window shows once the database is open. */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-text.h"
#include "mc-window.h"

/* Called once the window has opened its database (ROUND 0). A check that opens another
 * database is called again, with the next ROUND, once that one is done. */
typedef void (*CheckFunc) (McWindow *window, int round, gpointer data);

typedef struct {
  CheckFunc check;
  gpointer  data;
  int       rounds;
} Run;

static gboolean
have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

/* The account make_database creates; run_app signs in with it unless told otherwise. */
#define TEST_USER "tester"
#define TEST_PASSWORD "secret-desk"

/* A database initialised by core (catalogue, days off, the agency), a desk officer's account,
 * with N_OPEN dossiers in
 * processing, N_OVERDUE of them past their appointment, and N_RETURNED finished ones. The
 * dossiers are written with SQL so that the figures expected are exactly known. */
static void
make_database (const char *path,
               int         n_open,
               int         n_overdue,
               int         n_returned)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (path, &error);
  McTime now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_account_create (store, 0, "Nguyễn Thị Thử", "", MC_ROLE_DESK, TEST_USER,
                                      TEST_PASSWORD, &error), >, 0);
  g_assert_no_error (error);

  for (int i = 0; i < n_open + n_returned; i++)
    {
      g_autofree char *code = g_strdup_printf ("H56.22-%06d", i + 1);
      gboolean open = i < n_open;
      McTime due = now + (i < n_overdue ? -2 : 5) * 86400;

      mc_test_exec (store,
                    "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at) "
                    "VALUES ('%s', (SELECT min(id) FROM procedure), 1, %d, %" G_GINT64_FORMAT
                    ", %" G_GINT64_FORMAT ")",
                    code, open ? MC_STATUS_PROCESSING : MC_STATUS_RETURNED,
                    (gint64) (now - 7 * 86400), (gint64) due);
    }
}

static void
add_dossier (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (mc_store_testing_exec (store,
                                        "INSERT INTO dossier (code, procedure_id, channel, status) "
                                        "VALUES ('H56.22-999999', (SELECT min(id) FROM procedure), "
                                        "1, 10)", &error));
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

static gboolean wait_ready_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data);

static gboolean
check_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;
  Run *run = g_object_get_data (G_OBJECT (window), "test-run");

  run->check (window, run->rounds++, run->data);
  if (mc_window_get_busy (window))
    gtk_widget_add_tick_callback (GTK_WIDGET (window), wait_ready_cb, NULL, NULL);
  else
    /* Closing, not destroying: the window saves its size as a user's would. */
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

/* Runs the application with ARGS (NULL-terminated) and CHECK once its window is ready. */
static int
run_app (const char * const *args,
         CheckFunc           check,
         gpointer            data)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { check, data, 0 };
  int status;

  gboolean user = FALSE;

  g_ptr_array_add (argv, (char *) "motcua");
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (char *) args[i]);
      user |= g_str_equal (args[i], "--user");
    }
  if (!user)
    {
      g_ptr_array_add (argv, (char *) "--user");
      g_ptr_array_add (argv, (char *) TEST_USER);
      g_ptr_array_add (argv, (char *) "--password");
      g_ptr_array_add (argv, (char *) TEST_PASSWORD);
    }
  g_ptr_array_add (argv, NULL);

  if (check != NULL)
    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  if (status == 0)
    status = mc_application_get_exit_status (app);
  if (check != NULL)
    g_assert_cmpint (run.rounds, >, 0);
  return status;
}

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
assert_figure (McWindow   *window,
               const char *label,
               gint64      expected)
{
  g_autofree char *text = mc_format_int (expected);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (window, label))), ==, text);
}

/* ---- Tests ---- */

static void
check_empty (McWindow *window,
             int       round,
             gpointer  data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (child (window, "window_title"));

  /* A new database has no account yet: nobody can sign in, and the page says how to make one. */
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "signin");
  g_assert_null (mc_window_get_officer (window));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "UBND XÃ TAM HIỆP"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "empty.db"));
  g_assert_nonnull (mc_window_get_store (window));
}

static McStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* The first start: no database yet. The application creates it with core's defaults. */
static void
test_new_database (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McStore) store = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "empty.db", NULL);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_empty, NULL), ==, 0);
  store = open_store (path);
  g_assert_false (mc_store_is_empty (store));
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 0);
}

static void
check_overview (McWindow *window,
                int       round,
                gpointer  data)
{
  const char *path = data;
  GtkWidget *overdue = child (window, "overdue_label");

  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "main");
  g_assert_cmpstr (visible_page (window, "overview_stack"), ==, "figures");
  assert_figure (window, "total_label", 5);
  assert_figure (window, "open_label", 3);
  assert_figure (window, "overdue_label", 1);
  g_assert_true (gtk_widget_has_css_class (overdue, "due-overdue"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (window, "agency_label"))), ==,
                   "UBND XÃ TAM HIỆP");

  /* A dossier written elsewhere (motcua-cli, another desk) appears on reload. */
  add_dossier (path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  settle (window);
  assert_figure (window, "total_label", 6);
  assert_figure (window, "open_label", 3);
}

static void
test_overview (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "desk.db", NULL);
  make_database (path, 3, 1, 2);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_overview, path), ==, 0);
}

static void
check_bad_file (McWindow *window,
                int       round,
                gpointer  data)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (child (window, "error_page"));

  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "error");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (adw_status_page_get_description (page));
  g_assert_cmpstr (adw_status_page_get_description (page), !=, "");
  g_assert_null (mc_window_get_store (window));
  /* The way out, choosing another file, is there and enabled. */
  g_assert_true (gtk_widget_is_sensitive (adw_status_page_get_child (page)));
}

static void
test_bad_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "notes.db", NULL);
  g_file_set_contents (path, "These are notes, not a database.\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_bad_file, NULL), ==, 0);
}

static void
check_figures_of_core (McWindow *window,
                       int       round,
                       gpointer  data)
{
  McStore *store = mc_window_get_store (window);
  McQuery open = { .statuses = MC_STATUSES_OPEN };
  McQuery overdue = { .statuses = MC_STATUSES_OPEN, .due = MC_DUE_OVERDUE };
  gint64 expected = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (visible_page (window, "overview_stack"), ==, "figures");
  g_assert_cmpint (mc_store_count_dossiers (store), ==, expected);
  assert_figure (window, "total_label", expected);
  assert_figure (window, "open_label", mc_store_query_count (store, &open, &error));
  assert_figure (window, "overdue_label", mc_store_query_count (store, &overdue, &error));
  g_assert_no_error (error);
}

/* --demo on a database that already holds dossiers opens it as it is. */
static void
test_demo_keeps_data (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McStore) store = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "desk.db", NULL);
  make_database (path, 3, 1, 2);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, "--demo", NULL },
                            check_figures_of_core, GINT_TO_POINTER (5)), ==, 0);
  store = open_store (path);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 5);
}

/* --demo on a new database creates the demo commune off the main thread, then shows it. */
static void
test_demo (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "demo.db", NULL);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, "--demo", "--user", "tiepnhan1",
                                               "--password", MC_DEMO_PASSWORD, NULL },
                            check_figures_of_core, GINT_TO_POINTER (MC_DEMO_DEFAULT_DOSSIERS)),
                   ==, 0);
}

typedef struct {
  char *first;
  char *bad;
  char *second;
} OpenPaths;

/* A window of TYPE that GTK shows for WINDOW (a dialog, the about window…). */
static GtkWindow *
find_toplevel (McWindow *window,
               GType     type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return toplevel;
    }
  return NULL;
}

static void
check_open_another (McWindow *window,
                    int       round,
                    gpointer  data)
{
  OpenPaths *paths = data;
  McStore *store = mc_window_get_store (window);
  GtkWindow *dialog;

  g_assert_nonnull (store);
  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "main");
  switch (round)
    {
    case 0:
      g_assert_cmpstr (mc_store_get_path (store), ==, paths->first);
      mc_window_open (window, paths->bad, FALSE);
      g_assert_true (mc_window_get_busy (window));
      break;

    case 1:
      /* The database in use stays open; the failure is told in a dialog. */
      g_assert_cmpstr (mc_store_get_path (store), ==, paths->first);
      assert_figure (window, "total_label", 5);
      dialog = find_toplevel (window, ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                paths->bad));
      gtk_window_destroy (dialog);
      mc_window_open (window, paths->second, FALSE);
      break;

    case 2:
      g_assert_cmpstr (mc_store_get_path (store), ==, paths->second);
      g_assert_cmpstr (visible_page (window, "overview_stack"), ==, "empty");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
test_open_another (void)
{
  g_autofree char *dir = NULL;
  OpenPaths paths;
  g_autoptr(GError) error = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  paths.first = g_build_filename (dir, "first.db", NULL);
  paths.bad = g_build_filename (dir, "bad.db", NULL);
  paths.second = g_build_filename (dir, "second.db", NULL);
  make_database (paths.first, 3, 1, 2);
  make_database (paths.second, 0, 0, 0);
  g_file_set_contents (paths.bad, "not a database", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_app ((const char *[]) { "--db", paths.first, NULL }, check_open_another, &paths),
                   ==, 0);
  g_free (paths.first);
  g_free (paths.bad);
  g_free (paths.second);
}

/* The chooser selects a file once it has read its folder. */
static void
wait_for_selection (GtkFileChooser *chooser)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GFile *file;

  while ((file = gtk_file_chooser_get_file (chooser)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (file);
  g_object_unref (file);
}

/* Choosing a database in the file chooser opens it, and it is the one opened next time. */
static void
check_choose_file (McWindow *window,
                   int       round,
                   gpointer  data)
{
  const char *second = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) file = g_file_new_for_path (second);
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;

  switch (round)
    {
    case 0:
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-database", NULL));
      /* Without a portal the native chooser is a GtkFileChooserDialog. */
      chooser = find_toplevel (window, GTK_TYPE_FILE_CHOOSER_DIALOG);
      g_assert_nonnull (chooser);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
      g_assert_no_error (error);
      wait_for_selection (GTK_FILE_CHOOSER (chooser));
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
      g_assert_true (mc_window_get_busy (window));
      break;

    case 1:
      g_assert_cmpstr (mc_store_get_path (mc_window_get_store (window)), ==, second);
      g_assert_cmpstr (visible_page (window, "overview_stack"), ==, "empty");
      g_assert_cmpstr (g_settings_get_string (settings, "last-database"), ==, second);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
check_second (McWindow *window,
              int       round,
              gpointer  data)
{
  g_assert_cmpstr (mc_store_get_path (mc_window_get_store (window)), ==, data);
}

static void
test_choose_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  first = g_build_filename (dir, "first.db", NULL);
  second = g_build_filename (dir, "second.db", NULL);
  make_database (first, 1, 0, 0);
  make_database (second, 0, 0, 0);

  g_assert_cmpint (run_app ((const char *[]) { "--db", first, NULL }, check_choose_file, second),
                   ==, 0);
  /* No --db: the database chosen last. */
  g_assert_cmpint (run_app ((const char *[]) { NULL }, check_second, second), ==, 0);

  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "last-database");
}

static void
check_windows (McWindow *window,
               int       round,
               gpointer  data)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (window, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_toplevel (window, GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  gtk_window_close (shortcuts);
}

/* The about window and the keyboard shortcuts open from their actions. */
static void
test_about_and_shortcuts (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "desk.db", NULL);
  make_database (path, 1, 0, 0);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_windows, NULL), ==, 0);
}

static void
check_resize (McWindow *window,
              int       round,
              gpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
}

static void
check_size (McWindow *window,
            int       round,
            gpointer  data)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
}

static void
test_window_size (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "size.db", NULL);
  make_database (path, 0, 0, 0);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_resize, NULL), ==, 0);
  settings = g_settings_new (APP_ID);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_size, NULL), ==, 0);
}

static void
test_screenshot (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "shot.db", NULL);
  png = g_build_filename (dir, "shot.png", NULL);
  make_database (path, 3, 1, 2);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, "--screenshot", png, NULL }, NULL, NULL),
                   ==, 0);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 360);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 360);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/new-database", test_new_database);
  g_test_add_func ("/gui/overview", test_overview);
  g_test_add_func ("/gui/demo-keeps-data", test_demo_keeps_data);
  g_test_add_func ("/gui/demo", test_demo);
  g_test_add_func ("/gui/bad-file", test_bad_file);
  g_test_add_func ("/gui/open-another", test_open_another);
  g_test_add_func ("/gui/choose-file", test_choose_file);
  g_test_add_func ("/gui/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/gui/window-size", test_window_size);
  g_test_add_func ("/gui/screenshot", test_screenshot);

  return g_test_run ();
}
