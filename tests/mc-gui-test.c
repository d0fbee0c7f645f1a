/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mc-application.h"
#include "mc-gui-test.h"
#include "mc-signin-page.h"

gboolean
mc_ui_have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

/* ---- Running the application ---- */

typedef struct {
  McUiJourney journey;
  gpointer    data;
  gboolean    done;
} Run;

static gboolean
journey_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;
  Run *run = g_object_get_data (G_OBJECT (window), "mc-ui-run");

  run->journey (window, run->data);
  run->done = TRUE;
  mc_ui_close_windows ();
  gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
ready_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  if (mc_window_get_busy (MC_WINDOW (widget)))
    return G_SOURCE_CONTINUE;
  g_idle_add (journey_idle_cb, widget);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (!MC_IS_WINDOW (window) || g_object_get_data (G_OBJECT (window), "mc-ui-run") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "mc-ui-run", run);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), ready_cb, NULL, NULL);
}

void
mc_ui_run (const char         *db,
           const char * const *extra,
           McUiJourney         journey,
           gpointer            data)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { journey, data, FALSE };

  g_ptr_array_add (argv, (char *) "motcua");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (const char * const *a = extra; a != NULL && *a != NULL; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), (int) argv->len - 1,
                                      (char **) argv->pdata), ==, 0);
  g_assert_true (run.done);
}

void
mc_ui_iterate (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean busy;

  /* A frame's worth: idles, timeouts due now, the threads' results. */
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  /* Then until the windows' workers have answered what they were asked. */
  do
    {
      busy = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !busy; i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

          busy = MC_IS_WINDOW (w) && mc_window_get_busy (MC_WINDOW (w));
        }
      if (busy)
        g_main_context_iteration (NULL, TRUE);
    }
  while (busy && g_get_monotonic_time () < deadline);
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
mc_ui_wait (gboolean (*cond) (gpointer data),
            gpointer   data,
            int        seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  /* The main loop wakes at least every 10 ms to ask again; it never sleeps with work to do. */
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean held;

  while (!(held = cond (data)) && g_get_monotonic_time () <= deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return held;
}

/* ---- Widgets ---- */

GtkWidget *
mc_ui_child (gpointer    widget,
             GType       type,
             const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (object == NULL)
    g_error ("no template child “%s” in %s", name, g_type_name (type));
  return GTK_WIDGET (object);
}

GtkWidget *
mc_ui_find (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
        return c;
      found = mc_ui_find (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
without_mnemonic (const char *label)
{
  GString *s = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

GtkWidget *
mc_ui_find_button (GtkWidget  *root,
                   const char *label)
{
  g_autofree char *wanted = without_mnemonic (label);

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && gtk_widget_get_visible (c))
        {
          g_autofree char *text = without_mnemonic (gtk_button_get_label (GTK_BUTTON (c)));

          if (g_strcmp0 (text, wanted) == 0)
            return c;
        }
      found = mc_ui_find_button (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
mc_ui_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  mc_ui_iterate ();
}

void
mc_ui_type (GtkWidget  *field,
            const char *text)
{
  g_assert_nonnull (field);
  if (GTK_IS_TEXT_VIEW (field))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), text);
  mc_ui_iterate ();
}

GtkWindow *
mc_ui_toplevel (GType type)
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

AdwMessageDialog *
mc_ui_dialog (void)
{
  GtkWindow *dialog = mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

/* ---- Pictures (MOTCUA_TEST_SHOTS=DIR) ---- */

static cairo_surface_t *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_surface_t *surface;

  if (w <= 0 || h <= 0)
    return NULL;
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
mc_ui_shot (GtkWidget  *widget,
            const char *name)
{
  static int n;
  const char *dir = g_getenv ("MOTCUA_TEST_SHOTS");
  GtkWindow *parent;
  cairo_surface_t *top, *under = NULL, *out;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  cairo_t *cr;
  gint64 until;

  if (dir == NULL || *dir == '\0' || widget == NULL)
    return;
  /* A few frames: the window is laid out and painted. */
  gtk_widget_queue_draw (widget);
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 3;
  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  top = render (widget);
  if (top == NULL)
    return;
  /* A dialog over its window, centred, as a desktop shows it. */
  parent = GTK_IS_WINDOW (widget) ? gtk_window_get_transient_for (GTK_WINDOW (widget)) : NULL;
  if (parent != NULL)
    under = render (GTK_WIDGET (parent));
  if (under != NULL)
    {
      int w = cairo_image_surface_get_width (under), h = cairo_image_surface_get_height (under);

      out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cr = cairo_create (out);
      cairo_set_source_surface (cr, under, 0, 0);
      cairo_paint (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
      cairo_paint (cr);
      cairo_set_source_surface (cr, top, (w - cairo_image_surface_get_width (top)) / 2,
                                (h - cairo_image_surface_get_height (top)) / 2);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (under);
      cairo_surface_destroy (top);
    }
  else
    out = top;
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%02d-%s.png", ++n, name);
  path = g_build_filename (dir, file, NULL);
  cairo_surface_write_to_png (out, path);
  cairo_surface_destroy (out);
}

gboolean
mc_ui_respond (AdwMessageDialog *dialog,
               const char       *response)
{
  g_autoptr(AdwMessageDialog) held = NULL;
  const char *label;

  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* Held: a dialog whose answer was taken is destroyed meanwhile. */
  held = g_object_ref (dialog);
  {
    g_autofree char *name = g_strdup_printf ("dialog-%s", response);

    mc_ui_shot (GTK_WIDGET (dialog), name);
  }
  label = adw_message_dialog_get_response_label (dialog, response);
  mc_ui_click (mc_ui_find_button (GTK_WIDGET (dialog), label));
  return gtk_widget_get_visible (GTK_WIDGET (held));
}

const char *
mc_ui_dialog_error (AdwMessageDialog *dialog)
{
  GtkWidget *label = mc_ui_find (GTK_WIDGET (dialog), "error");

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : "";
}

void
mc_ui_close_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *w = g_list_model_get_item (toplevels, i);

      if (!MC_IS_WINDOW (w))
        g_ptr_array_add (doomed, w);
      else
        g_object_unref (w);
    }
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
  mc_ui_iterate ();
}

/* ---- The window ---- */

void
mc_ui_sign_in (McWindow   *window,
               const char *name,
               const char *password)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signin_page");
  AdwComboRow *row = ADW_COMBO_ROW (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "officer_row"));
  GListModel *names;
  guint found = G_MAXUINT;

  /* The dossiers open belong to who leaves. */
  mc_ui_close_windows ();
  if (mc_window_get_officer (window) != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-user", NULL));
  mc_ui_iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (mc_ui_child (window, MC_TYPE_WINDOW,
                                                                             "state_stack"))),
                   ==, "signin");
  /* At the commune's server an officer types their user name. */
  if (gtk_widget_get_visible (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "username_row")))
    {
      mc_ui_sign_in_server (window, name, password);
      return;
    }
  names = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      found = i;
  if (found == G_MAXUINT)
    g_error ("%s is not in the sign-in list", name);
  adw_combo_row_set_selected (row, found);
  mc_ui_type (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "password_row"), password);
  mc_ui_click (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "signin_button"));
  /* The password is checked off the main thread. */
  for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
       mc_window_get_officer (window) == NULL && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  mc_ui_iterate ();
  g_assert_nonnull (mc_window_get_officer (window));
  g_assert_cmpstr (mc_window_get_officer (window)->name, ==, name);
}

static gboolean
signed_in (gpointer data)
{
  return mc_window_get_officer (data) != NULL;
}

void
mc_ui_sign_in_server (McWindow   *window,
                      const char *username,
                      const char *password)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signin_page");
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = NULL;

  mc_ui_close_windows ();
  if (mc_window_get_officer (window) != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-user", NULL));
  mc_ui_iterate ();
  g_assert_true (gtk_widget_get_visible (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "username_row")));
  mc_ui_type (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "username_row"), username);
  mc_ui_type (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "password_row"), password);
  mc_ui_click (mc_ui_child (page, MC_TYPE_SIGNIN_PAGE, "signin_button"));
  /* The connection is made and the password checked off the main thread. */
  g_assert_true (mc_ui_wait (signed_in, window, 30));
  mc_ui_iterate ();
  g_assert_true (mc_store_is_server (mc_window_get_store (window)));
  g_assert_cmpstr (mc_window_get_officer (window)->username, ==, username);
}

void
mc_ui_section (McWindow   *window,
               const char *name)
{
  g_assert_true (mc_window_set_section (window, name));
  mc_ui_iterate ();
}

/* ---- PDF ---- */

static gboolean
chooser_shown (gpointer data)
{
  return mc_ui_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *file;
} Chosen;

static gboolean
chooser_in_folder (gpointer data)
{
  Chosen *c = data;
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (c->chooser);
  g_autoptr(GFile) parent = g_file_get_parent (c->file);

  return folder != NULL && g_file_equal (folder, parent);
}

static gboolean
chooser_has_file (gpointer data)
{
  Chosen *c = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (c->chooser);

  return file != NULL && g_file_equal (file, c->file);
}

static gboolean
file_written (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 0 &&
         mc_ui_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

char *
mc_ui_save_pdf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GtkWindow *chooser;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

  g_remove (path);
  /* The form is built in a thread first; without a portal the chooser is a GTK dialog. */
  if (!mc_ui_wait (chooser_shown, NULL, 20))
    {
      GtkWindow *d = mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG);

      g_error ("no file chooser for %s%s%s", path, d != NULL ? ": " : "",
               d != NULL ? adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (d)) : "");
    }
  chooser = mc_ui_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  {
    g_autoptr(GFile) folder = g_file_get_parent (file);
    g_autofree char *name = g_file_get_basename (file);
    Chosen c = { GTK_FILE_CHOOSER (chooser), file };

    /* The chooser goes on loading the folder it opened in for a while and may go back to it:
     * the folder is set again until it stays, then the name is typed. */
    for (int tries = 0; tries < 20; tries++)
      {
        gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
        g_assert_no_error (error);
        while (g_get_monotonic_time () < until)
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (10000);
        if (chooser_in_folder (&c))
          break;
      }
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    if (!mc_ui_wait (chooser_has_file, &c, 5))
      {
        g_autoptr(GFile) got = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
        g_autoptr(GFile) in = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
        g_autofree char *got_path = got ? g_file_get_path (got) : NULL;
        g_autofree char *in_path = in ? g_file_get_path (in) : NULL;

        g_error ("chooser has %s in %s, not %s", got_path, in_path, path);
      }
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  if (!mc_ui_wait (file_written, (gpointer) path, 20))
    {
      GtkWindow *d = mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG);

      g_error ("%s was not written (chooser %s, exists %d)%s%s", path,
               mc_ui_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) ? "shown" : "gone",
               g_file_test (path, G_FILE_TEST_EXISTS), d != NULL ? ": " : "",
               d != NULL ? adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (d)) : "");
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* ---- The queue and the dossier window ---- */

static gboolean
queue_shows_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (mc_queue_page_get_list (data))) == 1;
}

McQueuePage *
mc_ui_find_in_queue (McWindow   *window,
                     const char *code)
{
  McQueuePage *queue = MC_QUEUE_PAGE (mc_ui_child (window, MC_TYPE_WINDOW, "queue_page"));

  mc_ui_section (window, "queues");
  mc_ui_type (mc_ui_child (queue, MC_TYPE_QUEUE_PAGE, "search_entry"), code);
  g_assert_true (mc_ui_wait (queue_shows_one, queue, 10));
  return queue;
}

McDossierView *
mc_ui_open_dossier (McWindow   *window,
                    const char *code)
{
  McQueuePage *queue;
  McDossierView *view;

  mc_ui_close_windows ();
  queue = mc_ui_find_in_queue (window, code);
  g_signal_emit_by_name (mc_ui_child (queue, MC_TYPE_QUEUE_PAGE, "search_entry"), "activate");
  mc_ui_iterate ();
  view = MC_DOSSIER_VIEW (mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW));
  g_assert_nonnull (view);
  g_assert_cmpstr (mc_dossier_view_get_dossier (view)->code, ==, code);
  return view;
}

void
mc_ui_choose_officer (AdwMessageDialog *dialog,
                      const char       *name)
{
  GtkListBox *list = GTK_LIST_BOX (mc_ui_find (GTK_WIDGET (dialog), "officers"));
  GtkListBoxRow *row;

  g_assert_nonnull (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
      {
        gtk_list_box_select_row (list, row);
        return;
      }
  g_error ("%s is not offered", name);
}
