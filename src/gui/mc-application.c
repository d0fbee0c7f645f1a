/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <time.h>
#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-help.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  char      *db_path;
  char      *screenshot_path;
  char      *section;
  char      *username;
  char      *dossier_code;
  char      *password;
  gboolean   demo;
  int        exit_status;
  gint64     started;          /* monotonic µs, for MOTCUA_TIMING */
  guint      screenshot_frames;
  guint      help_shortcuts_idle;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the usual one"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill a new or empty database with a demo commune"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  /* For the README's pictures and for looking at each screen without a desktop. */
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    "Save the window as PNG once it is drawn, then quit", "FILE" },
  { "page", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "Show the section NAME first", "NAME" },
  /* Pictures of the signed-in screens; core checks the password as at the sign-in page. */
  { "user", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "Sign in as USER once the database is open", "USER" },
  { "password", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "The password of --user", "PASSWORD" },
  { "dossier", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "Open the dossier CODE once signed in (with --screenshot: its window is the picture)", "CODE" },
  { NULL }
};

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* Each process works on the database it was given (--db). */
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

GSettings *
mc_application_get_settings (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->settings;
}

int
mc_application_get_exit_status (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/* The database named with --db, else the commune's server chosen on the sign-in page, else the
 * file the user chose last, else the usual place. */
static char *
choose_db_path (McApplication *self)
{
  if (self->db_path != NULL)
    return g_strdup (self->db_path);

  if (self->settings != NULL)
    {
      g_autofree char *server = g_settings_get_string (self->settings, "server");

      if (*server != '\0')
        return g_steal_pointer (&server);
    }
  if (self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-database");

      if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&last);
    }

  return g_build_filename (g_get_user_data_dir (), "motcua", "motcua.db", NULL);
}

/* ---- --screenshot ---- */

/* The window as last drawn, or NULL between a queued redraw and the next frame. */
static GskRenderNode *
window_render_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static gboolean
save_png (GtkWidget      *widget,
          GskRenderNode  *node,
          const char     *path,
          GError        **error)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GdkTexture) texture = NULL;

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the picture “%s”."), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_idle_cb (gpointer user_data)
{
  g_application_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Right after a frame is painted the window's render node is current: take it then. */
static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *widget)
{
  McApplication *self = MC_APPLICATION (g_application_get_default ());
  g_autoptr(GskRenderNode) node = window_render_node (widget);
  g_autoptr(GError) error = NULL;

  if (node == NULL && ++self->screenshot_frames < 100)
    {
      gtk_widget_queue_draw (widget);
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, widget);
  if (node == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The window was not drawn, so “%s” was not written."), self->screenshot_path);
  if (error != NULL || !save_png (widget, node, self->screenshot_path, &error))
    {
      g_printerr ("%s\n", error->message);
      self->exit_status = 1;
    }
  g_idle_add_full (G_PRIORITY_LOW, quit_idle_cb, g_object_ref (self), g_object_unref);
}

/* Runs on each frame until the window is ready: then the next painted frame is the picture. */
static gboolean
screenshot_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (g_application_get_default ());

  if (MC_IS_WINDOW (widget) && mc_window_get_busy (MC_WINDOW (widget)))
    return G_SOURCE_CONTINUE;

  /* --dossier: the picture is of the dossier's window, once it is drawn in turn. */
  if (MC_IS_WINDOW (widget) && self->dossier_code != NULL)
    {
      GtkWindow *view = mc_window_show_dossier (MC_WINDOW (widget), self->dossier_code);

      if (view != NULL)
        {
          gtk_widget_add_tick_callback (GTK_WIDGET (view), screenshot_tick_cb, NULL, NULL);
          return G_SOURCE_REMOVE;
        }
    }

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), widget, 0);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

static void
show_dossier_cb (McWindow      *window,
                 GParamSpec    *pspec,
                 McApplication *self)
{
  if (mc_window_get_store (window) != NULL)
    mc_window_show_dossier (window, self->dossier_code);
}

/* MOTCUA_TIMING=1: the time from the application's start to its first painted frame, on stderr
 * (the benchmark of docs/design.md's "first frame within half a second"). */
static void
first_paint_cb (GdkFrameClock *frame_clock,
                GtkWidget     *widget)
{
  McApplication *self = MC_APPLICATION (g_application_get_default ());

  g_signal_handlers_disconnect_by_func (frame_clock, first_paint_cb, widget);
  /* The processor time too: on a loaded machine the wall time says little. */
  g_printerr ("first frame after %.0f ms (%.0f ms of processor time since the process began)\n",
              (g_get_monotonic_time () - self->started) / 1000.0,
              clock () * 1000.0 / CLOCKS_PER_SEC);
}

static void
window_realize_cb (GtkWidget *widget)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_paint_cb), widget);
}

/* ---- Actions ---- */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing rather than destroying lets each window save its size; the application ends with
   * its last window. */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", "Một Cửa",
                        /* Installed in hicolor, and in the resources for an uninstalled run. */
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Một Cửa contributors"),
                        "comments", _("The one-stop desk of a commune’s People’s Committee: receive "
                                      "administrative-procedure dossiers, follow each one to its "
                                      "appointment, and report how well the desk keeps its "
                                      "deadlines."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* F1 and the main menu: the manual's page of what the active window shows. */
static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    mc_help_show (window, mc_help_page_for_window (window));
}

/* A notification clicked: the dossier opens in the window of the officer who was told. */
static void
open_dossier_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  for (GList *l = gtk_application_get_windows (app); !MC_IS_WINDOW (window) && l != NULL;
       l = l->next)
    window = l->data;
  if (MC_IS_WINDOW (window))
    mc_window_open_dossier_id (MC_WINDOW (window), g_variant_get_int64 (parameter));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "open-dossier", open_dossier_action, "x" },
  { "about", about_action },
  { "help", help_action },
};

/* The application's F1 reaches only its own windows; dossier windows, preferences and dialogs
 * are transient windows of their own and get F1 here, once they exist. */
static gboolean
add_help_shortcuts_cb (gpointer user_data)
{
  McApplication *self = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  self->help_shortcuts_idle = 0;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_application (window) == NULL)
        mc_help_add_shortcut (window);
    }
  return G_SOURCE_REMOVE;
}

static void
toplevels_changed_cb (GListModel    *toplevels,
                      guint          position,
                      guint          removed,
                      guint          added,
                      McApplication *self)
{
  /* A window is listed from its construction on; its shortcut is added once it is built. */
  if (added > 0 && self->help_shortcuts_idle == 0)
    self->help_shortcuts_idle = g_idle_add (add_help_shortcuts_cb, self);
}

/* ---- GApplication ---- */

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("motcua %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);
  if (self->db_path != NULL && self->db_path[0] == '\0')
    {
      g_printerr (_("The option --db needs the path of a database file.\n"));
      return 2;
    }
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);
  g_variant_dict_lookup (options, "page", "s", &self->section);
  g_variant_dict_lookup (options, "user", "s", &self->username);
  g_variant_dict_lookup (options, "password", "s", &self->password);
  g_variant_dict_lookup (options, "dossier", "s", &self->dossier_code);
  self->demo = g_variant_dict_contains (options, "demo");

  return -1;
}

static void
mc_application_startup (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  /* An uninstalled build without GSETTINGS_SCHEMA_DIR still runs; it just forgets sizes. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_message ("The settings schema %s is not installed: window size will not be kept.", APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed_cb), self, 0);
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *path = NULL;
  McWindow *window;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  window = mc_window_new (self);
  if (self->section != NULL && !mc_window_set_section (window, self->section))
    g_printerr (_("There is no section “%s”; the overview is shown.\n"), self->section);

  if (g_getenv ("MOTCUA_TIMING") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), NULL);
  if (self->username != NULL)
    mc_window_set_auto_sign_in (window, self->username, self->password);
  path = choose_db_path (self);
  mc_window_open (window, path, self->demo);

  if (self->screenshot_path != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (window), screenshot_tick_cb, NULL, NULL);
  else if (self->dossier_code != NULL)
    g_signal_connect (window, "notify::store", G_CALLBACK (show_dossier_cb), self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
mc_application_finalize (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_handle_id (&self->help_shortcuts_idle, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->dossier_code, g_free);

  G_OBJECT_CLASS (mc_application_parent_class)->finalize (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mc_application_finalize;

  app_class->handle_local_options = mc_application_handle_local_options;
  app_class->startup = mc_application_startup;
  app_class->activate = mc_application_activate;
}

static void
mc_application_init (McApplication *self)
{
  self->started = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The one-stop desk of a commune: dossiers, queues "
                                              "and deadlines."));
}
