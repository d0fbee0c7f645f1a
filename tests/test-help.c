/* SPDX-License-Identifier: GPL-3.0-or-later */
/* F1 and the manual: which page answers each screen, and which copy of the manual a URI names.
 * The choices are plain functions, checked without launching Yelp or a browser; the last test
 * runs the real window under Xvfb and asks it what F1 would open. */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-catalogue.h"
#include "mc-account.h"
#include "mc-application.h"
#include "mc-help.h"
#include "mc-store-private.h"
#include "mc-test-util.h"
#include "mc-window.h"

/* Every page that F1 can open: the page set of help/meson.build must hold them all. */
static const char *f1_pages[] = {
  "index", "start", "receive", "process", "sign", "dashboard", "reports", "supervision",
  "admin", "shortcuts", NULL
};

static void
test_page_for_view (void)
{
  g_assert_cmpstr (mc_help_page_for_view ("main", "overview"), ==, "index");
  g_assert_cmpstr (mc_help_page_for_view ("main", "queues"), ==, "process");
  g_assert_cmpstr (mc_help_page_for_view ("main", "intake"), ==, "receive");
  g_assert_cmpstr (mc_help_page_for_view ("main", "online"), ==, "receive");
  g_assert_cmpstr (mc_help_page_for_view ("main", "signing"), ==, "sign");
  g_assert_cmpstr (mc_help_page_for_view ("main", "dashboard"), ==, "dashboard");
  g_assert_cmpstr (mc_help_page_for_view ("main", "reports"), ==, "reports");
  g_assert_cmpstr (mc_help_page_for_view ("main", "today"), ==, "supervision");
  /* A section added later without its page still gets the manual. */
  g_assert_cmpstr (mc_help_page_for_view ("main", "no-such-section"), ==, "index");
  g_assert_cmpstr (mc_help_page_for_view ("main", NULL), ==, "index");
  /* Before anyone is signed in: how to sign in, and what to do when the data cannot be opened. */
  g_assert_cmpstr (mc_help_page_for_view ("signin", "queues"), ==, "start");
  g_assert_cmpstr (mc_help_page_for_view ("error", NULL), ==, "start");
  g_assert_cmpstr (mc_help_page_for_view ("loading", NULL), ==, "start");
  g_assert_cmpstr (mc_help_page_for_view (NULL, NULL), ==, "index");
}

static void
write_page (const char *root,
            const char *lang,
            const char *page)
{
  g_autofree char *dir = g_build_filename (root, lang, NULL);
  g_autofree char *name = g_strconcat (page, ".html", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "<html></html>", -1, &error));
  g_assert_no_error (error);
}

static char *
uri_of (const char *root,
        const char *lang,
        const char *page)
{
  g_autofree char *name = g_strconcat (page, ".html", NULL);
  g_autofree char *path = g_build_filename (root, lang, name, NULL);

  return g_filename_to_uri (path, NULL, NULL);
}

static void
test_uri_for_page (void)
{
  g_autofree char *tmp = mc_test_tmpdir ();
  g_autofree char *build = g_build_filename (tmp, "build", NULL);
  g_autofree char *installed = g_build_filename (tmp, "installed", NULL);
  const char *vietnamese[] = { "vi_VN.UTF-8", "vi_VN", "vi", "C", NULL };
  const char *english[] = { "en_GB.UTF-8", "en_GB", "en", "C", NULL };
  const char *both[] = { build, installed, NULL };
  const char *only_installed[] = { installed, NULL };
  char *uri;

  write_page (build, "C", "receive");
  write_page (build, "vi", "receive");
  write_page (installed, "C", "receive");
  write_page (installed, "C", "admin");
  write_page (installed, "vi", "admin");

  /* With Yelp, the installed manual in the desktop's language, whatever the HTML. */
  uri = mc_help_uri_for_page ("receive", TRUE, vietnamese, both);
  g_assert_cmpstr (uri, ==, "help:motcua/receive");
  g_free (uri);
  uri = mc_help_uri_for_page ("sign", TRUE, english, NULL);
  g_assert_cmpstr (uri, ==, "help:motcua/sign");
  g_free (uri);

  /* Without: the HTML page in the first language that has it, English (C) for the others. */
  uri = mc_help_uri_for_page ("receive", FALSE, vietnamese, both);
  g_assert_cmpstr (uri, ==, uri_of (build, "vi", "receive"));
  g_free (uri);
  uri = mc_help_uri_for_page ("receive", FALSE, english, both);
  g_assert_cmpstr (uri, ==, uri_of (build, "C", "receive"));
  g_free (uri);
  uri = mc_help_uri_for_page ("receive", FALSE, vietnamese, only_installed);
  g_assert_cmpstr (uri, ==, uri_of (installed, "C", "receive"));
  g_free (uri);
  /* A language is preferred over a folder: the Vietnamese page of the second folder wins over
   * the English page of the first. */
  uri = mc_help_uri_for_page ("admin", FALSE, vietnamese, both);
  g_assert_cmpstr (uri, ==, uri_of (installed, "vi", "admin"));
  g_free (uri);

  /* No copy of the page anywhere: nothing to open (mc_help_show says so). */
  g_assert_null (mc_help_uri_for_page ("sign", FALSE, vietnamese, both));
  g_assert_null (mc_help_uri_for_page ("receive", FALSE, vietnamese, NULL));
  g_assert_null (mc_help_uri_for_page ("receive", FALSE, NULL, both));
}

/* The build's HTML holds every page F1 can open, in English and in Vietnamese. */
static void
test_built_manual (void)
{
  const char *dir = g_getenv ("MOTCUA_HELP_HTMLDIR");
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  if (dir == NULL || *dir == '\0')
    {
      g_test_skip ("the manual was not built (install itstool and yelp-tools)");
      return;
    }

  for (const char * const *lang = (const char *[]) { "C", "vi", NULL }; *lang != NULL; lang++)
    {
      g_setenv ("LANGUAGE", *lang, TRUE);
      for (guint i = 0; f1_pages[i] != NULL; i++)
        {
          g_autofree char *uri = mc_help_uri (f1_pages[i]);
          g_autofree char *expected = uri_of (dir, *lang, f1_pages[i]);

          g_assert_cmpstr (uri, ==, expected);
        }
    }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* ---- The real window ---- */

#define TEST_USER "tester"
#define TEST_PASSWORD "secret-desk"
#define TEST_CODE "H56.22-000001"

static void
make_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (path, &error);

  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_account_create (store, 0, "Nguyễn Thị Thử", "", MC_ROLE_DESK, TEST_USER,
                                      TEST_PASSWORD, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (mc_store_exec (store,
                                "INSERT INTO dossier (code, procedure_id, channel, status) "
                                "VALUES ('" TEST_CODE "', (SELECT min(id) FROM procedure), 1, 10)",
                                &error));
  g_assert_no_error (error);
}

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static GtkMenuButton *
find_primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *found = find_primary_menu (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What F1 opens in WINDOW: its page, in the build's English manual. */
static void
assert_f1 (GtkWindow  *window,
           const char *page)
{
  const char *dir = g_getenv ("MOTCUA_HELP_HTMLDIR");

  g_assert_cmpstr (mc_help_page_for_window (window), ==, page);
  if (dir != NULL && *dir != '\0')
    {
      g_autofree char *uri = mc_help_uri (mc_help_page_for_window (window));
      g_autofree char *expected = uri_of (dir, "C", page);

      g_assert_cmpstr (uri, ==, expected);
    }
}

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
check_f1 (McWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  static const struct { const char *section; const char *page; } sections[] = {
    { "overview", "index" }, { "queues", "process" }, { "intake", "receive" },
    { "online", "receive" }, { "dashboard", "dashboard" }, { "reports", "reports" },
  };
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (app, "F1");
  GtkMenuButton *menu = find_primary_menu (GTK_WIDGET (window));
  GtkWindow *view;
  GtkWidget *dialog;

  /* F1 and the main menu's Help are the application's help action. */
  g_assert_true (g_strv_contains ((const char * const *) actions, "app.help"));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "help"));
  g_assert_nonnull (menu);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu), "app.help"));

  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_assert_true (mc_window_set_section (window, sections[i].section));
      assert_f1 (GTK_WINDOW (window), sections[i].page);
    }

  /* A dossier's window is not the application's: it gets F1 of its own, and its page. */
  view = mc_window_show_dossier (window, TEST_CODE);
  g_assert_nonnull (view);
  drain_main_loop ();
  g_assert_nonnull (g_object_get_data (G_OBJECT (view), "mc-help-shortcut"));
  assert_f1 (view, "process");
  /* A dialog over it answers with the page of the window it is over. */
  dialog = adw_message_dialog_new (view, "Test", NULL);
  assert_f1 (GTK_WINDOW (dialog), "process");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (view);

  /* Signed out, F1 explains signing in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  assert_f1 (GTK_WINDOW (window), "start");
}

static gboolean
run_check_cb (gpointer user_data)
{
  McWindow *window = user_data;

  check_f1 (window);
  gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_ready_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  if (mc_window_get_busy (MC_WINDOW (widget)) || mc_window_get_officer (MC_WINDOW (widget)) == NULL)
    return G_SOURCE_CONTINUE;
  g_idle_add (run_check_cb, widget);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gboolean       *seen)
{
  if (!MC_IS_WINDOW (window))
    return;
  *seen = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), wait_ready_cb, NULL, NULL);
}

static void
test_f1 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McApplication) app = NULL;
  gboolean seen = FALSE;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under xvfb-run");
      return;
    }
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "help.db", NULL);
  make_database (path);

  app = mc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &seen);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 7,
                                      (char *[]) { (char *) "motcua", (char *) "--db", path,
                                                   (char *) "--user", (char *) TEST_USER,
                                                   (char *) "--password", (char *) TEST_PASSWORD,
                                                   NULL }), ==, 0);
  g_assert_true (seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help/page-for-view", test_page_for_view);
  g_test_add_func ("/help/uri-for-page", test_uri_for_page);
  g_test_add_func ("/help/built-manual", test_built_manual);
  g_test_add_func ("/help/f1", test_f1);

  return g_test_run ();
}
