/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drives the real application and window under Xvfb: each test runs McApplication on a
 * database of its own and looks at what the window shows once the database is open. */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-application.h"
#include "mc-store-private.h"
#include "mc-test-util.h"
#include "mc-text.h"
#include "mc-window.h"

typedef void (*CheckFunc) (McWindow *window, gpointer data);

typedef struct {
  CheckFunc check;
  gpointer  data;
  gboolean  checked;
} Run;

static gboolean
have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

/* A database at PATH as core leaves it after mc_store_init_defaults (a catalogue and the
 * agency), with N_OPEN dossiers in processing, N_OVERDUE of them past their appointment, and
 * N_RETURNED finished ones. Written with SQL so the test needs only the store. */
static void
make_database (const char *path,
               int         n_open,
               int         n_overdue,
               int         n_returned)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (path, &error);
  McTime now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_true (mc_store_exec (store,
                                "INSERT INTO procedure (code, name) VALUES ('1.001', 'Chứng thực bản sao');"
                                "INSERT INTO setting (key, value) VALUES ('agency.name', 'UBND XÃ TAM HIỆP')",
                                &error));
  g_assert_no_error (error);

  for (int i = 0; i < n_open + n_returned; i++)
    {
      g_autofree char *code = g_strdup_printf ("H56.22-%06d", i + 1);
      gboolean open = i < n_open;
      McTime due = now + (i < n_overdue ? -2 : 5) * 86400;

      stmt = mc_store_prepare (store,
                               "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at) "
                               "VALUES (?, 1, 1, ?, ?, ?)", &error);
      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, open ? MC_STATUS_PROCESSING : MC_STATUS_RETURNED);
      sqlite3_bind_int64 (stmt, 3, now - 7 * 86400);
      sqlite3_bind_int64 (stmt, 4, due);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
}

static void
add_dossier (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (mc_store_exec (store,
                                "INSERT INTO dossier (code, procedure_id, channel, status) "
                                "VALUES ('H56.22-999999', 1, 1, 10)", &error));
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

static gboolean
check_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;
  Run *run = g_object_get_data (G_OBJECT (window), "test-run");

  run->check (window, run->data);
  run->checked = TRUE;
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
  Run run = { check, data, FALSE };
  int status;

  g_ptr_array_add (argv, (char *) "motcua");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (check != NULL)
    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  if (status == 0)
    status = mc_application_get_exit_status (app);
  if (check != NULL)
    g_assert_true (run.checked);
  return status;
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
             gpointer  data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (child (window, "window_title"));

  g_assert_cmpstr (visible_page (window, "state_stack"), ==, "main");
  g_assert_cmpstr (visible_page (window, "section_stack"), ==, "overview");
  g_assert_cmpstr (visible_page (window, "overview_stack"), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (child (window, "empty_page")));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "UBND XÃ TAM HIỆP"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "empty.db"));
  g_assert_nonnull (mc_window_get_store (window));
  g_assert_true (gtk_widget_is_sensitive (adw_status_page_get_child (ADW_STATUS_PAGE (child (window, "empty_page")))));
  /* One section only: no sidebar yet. */
  g_assert_false (gtk_widget_get_visible (child (window, "sidebar")));
}

static void
test_empty (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "empty.db", NULL);
  make_database (path, 0, 0, 0);

  g_assert_cmpint (run_app ((const char *[]) { "--db", path, NULL }, check_empty, NULL), ==, 0);
}

static void
check_overview (McWindow *window,
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
check_resize (McWindow *window,
              gpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
}

static void
check_size (McWindow *window,
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

  g_test_add_func ("/gui/empty", test_empty);
  g_test_add_func ("/gui/overview", test_overview);
  g_test_add_func ("/gui/bad-file", test_bad_file);
  g_test_add_func ("/gui/window-size", test_window_size);
  g_test_add_func ("/gui/screenshot", test_screenshot);

  return g_test_run ();
}
