/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-dossier-view.h"
#include "mc-help.h"
#include "mc-preferences-window.h"
#include "mc-window.h"

/* Yelp finds the manual under this name in $XDG_DATA_DIRS/help/LANG/ (help/meson.build). */
#define HELP_ID "motcua"

const char *
mc_help_page_for_view (const char *state,
                       const char *section)
{
  /* The sections of mc-window.ui and the page of help/C that explains each. */
  static const struct { const char *section; const char *page; } pages[] = {
    { "overview",  "index" },
    { "queues",    "process" },
    { "intake",    "receive" },
    { "online",    "receive" },
    { "signing",   "sign" },
    { "dashboard", "dashboard" },
    { "reports",   "reports" },
    { "today",     "supervision" },
    { "brokers",   "supervision" },
    { "inspections", "supervision" },
  };

  if (g_strcmp0 (state, "main") != 0)
    /* Signing in, or a database being opened or that could not be. */
    return state != NULL ? "start" : "index";
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (section, pages[i].section) == 0)
      return pages[i].page;
  return "index";
}

const char *
mc_help_page_for_window (GtkWindow *window)
{
  for (; window != NULL; window = gtk_window_get_transient_for (window))
    {
      if (MC_IS_WINDOW (window))
        return mc_window_get_help_page (MC_WINDOW (window));
      if (MC_IS_DOSSIER_VIEW (window))
        return "process";
      if (MC_IS_PREFERENCES_WINDOW (window))
        return "admin";
      if (GTK_IS_SHORTCUTS_WINDOW (window))
        return "shortcuts";
    }
  return "index";
}

char *
mc_help_uri_for_page (const char         *page,
                      gboolean            yelp,
                      const char * const *languages,
                      const char * const *html_dirs)
{
  g_return_val_if_fail (page != NULL, NULL);

  if (yelp)
    return g_strconcat ("help:" HELP_ID "/", page, NULL);

  for (gsize l = 0; languages != NULL && languages[l] != NULL; l++)
    for (gsize d = 0; html_dirs != NULL && html_dirs[d] != NULL; d++)
      {
        g_autofree char *file_name = g_strconcat (page, ".html", NULL);
        g_autofree char *path = g_build_filename (html_dirs[d], languages[l], file_name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
          return g_filename_to_uri (path, NULL, NULL);
      }
  return NULL;
}

/* Yelp shows "help:" URIs from the Mallard pages installed in the data folders, which are the
 * folders it searches. */
static gboolean
yelp_can_show_manual (void)
{
  g_autoptr(GAppInfo) yelp = g_app_info_get_default_for_uri_scheme ("help");
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *user = NULL;

  if (yelp == NULL)
    return FALSE;
  user = g_build_filename (g_get_user_data_dir (), "help", "C", HELP_ID, "index.page", NULL);
  if (g_file_test (user, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  for (gsize i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "help", "C", HELP_ID, "index.page", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

char *
mc_help_uri (const char *page)
{
  const char *build_dir = g_getenv ("MOTCUA_HELP_HTMLDIR");
  const char *html_dirs[] = { HELP_HTMLDIR, NULL };

  g_return_val_if_fail (page != NULL, NULL);

  /* Uninstalled, an installed manual would be another version's: the build's copy is shown. */
  if (build_dir != NULL && *build_dir != '\0')
    {
      html_dirs[0] = build_dir;
      return mc_help_uri_for_page (page, FALSE, g_get_language_names (), html_dirs);
    }
  return mc_help_uri_for_page (page, yelp_can_show_manual (), g_get_language_names (), html_dirs);
}

static void
show_error (GtkWindow  *parent,
            const char *detail)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Manual Could Not Be Opened"), detail);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_uri_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *detail =
        g_strdup_printf (_("No program on this computer could show it (%s). Install the "
                           "“yelp” help viewer or a web browser."), error->message);

      show_error (parent, detail);
    }
}

void
mc_help_show (GtkWindow  *parent,
              const char *page)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (page != NULL);

  uri = mc_help_uri (page);
  if (uri == NULL)
    {
      show_error (parent, _("The manual is not installed with the program. Install Một Cửa again "
                            "with its documentation."));
      return;
    }
  g_debug ("Opening the manual at %s", uri);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, show_uri_done_cb, g_object_ref (parent));
}

static gboolean
help_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  GtkWindow *window = GTK_WINDOW (widget);

  mc_help_show (window, mc_help_page_for_window (window));
  return TRUE;
}

void
mc_help_add_shortcut (GtkWindow *window)
{
  GtkEventController *controller;
  GtkShortcut *shortcut;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), "mc-help-shortcut") != NULL)
    return;
  controller = gtk_shortcut_controller_new ();
  /* From any widget of the window, as the application's accelerators are. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F1, 0),
                               gtk_callback_action_new (help_shortcut_cb, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  g_object_set_data (G_OBJECT (window), "mc-help-shortcut", controller);
}
