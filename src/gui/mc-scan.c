/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <adwaita.h>

#include "mc-scan.h"

/* SANE is not reentrant across threads: one scan at a time. */
static GMutex sane_lock;

static gboolean
sane_fail (GError **error, SANE_Status status, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The scanner could not %s: %s."), what,
               sane_strstatus (status));
  return FALSE;
}

char **
mc_scan_list_devices (GError **error)
{
  const SANE_Device **list = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  SANE_Int version = 0;
  SANE_Status status;

  g_mutex_lock (&sane_lock);
  status = sane_init (&version, NULL);
  if (status == SANE_STATUS_GOOD)
    status = sane_get_devices (&list, SANE_TRUE);
  for (int i = 0; status == SANE_STATUS_GOOD && list[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (list[i]->name));
  sane_exit ();
  g_mutex_unlock (&sane_lock);
  if (status != SANE_STATUS_GOOD)
    {
      sane_fail (error, status, _("list its devices"));
      g_ptr_array_set_free_func (names, g_free);
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static int
find_option (SANE_Handle h, const char *name)
{
  const SANE_Option_Descriptor *o;

  for (int i = 1; (o = sane_get_option_descriptor (h, i)) != NULL; i++)
    if (o->name != NULL && g_str_equal (o->name, name) && SANE_OPTION_IS_ACTIVE (o->cap) &&
        SANE_OPTION_IS_SETTABLE (o->cap))
      return i;
  return -1;
}

/* Sets a number option (INT or FIXED) to VALUE, clamped to its range. */
static void
set_number (SANE_Handle h, const char *name, double value)
{
  int i = find_option (h, name);
  const SANE_Option_Descriptor *o;
  SANE_Word w;

  if (i < 0)
    return;
  o = sane_get_option_descriptor (h, i);
  if (o->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      double min = o->type == SANE_TYPE_FIXED ? SANE_UNFIX (o->constraint.range->min)
                                              : o->constraint.range->min;
      double max = o->type == SANE_TYPE_FIXED ? SANE_UNFIX (o->constraint.range->max)
                                              : o->constraint.range->max;
      value = CLAMP (value, min, max);
    }
  w = o->type == SANE_TYPE_FIXED ? SANE_FIX (value) : (SANE_Word) value;
  sane_control_option (h, i, SANE_ACTION_SET_VALUE, &w, NULL);
}

static void
set_string (SANE_Handle h, const char *name, const char *value)
{
  int i = find_option (h, name);
  const SANE_Option_Descriptor *o;
  g_autofree char *buf = NULL;

  if (i < 0)
    return;
  o = sane_get_option_descriptor (h, i);
  buf = g_malloc0 (MAX ((gsize) o->size, strlen (value) + 1));
  strcpy (buf, value);
  sane_control_option (h, i, SANE_ACTION_SET_VALUE, buf, NULL);
}

/* One page as a JPEG. */
static GBytes *
scan_page (SANE_Handle h, GError **error)
{
  SANE_Parameters p;
  SANE_Status status = sane_start (h);
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint8 buf[65536];
  SANE_Int len;
  int lines;
  gchar *jpeg = NULL;
  gsize jpeg_len = 0;

  if (status != SANE_STATUS_GOOD)
    return sane_fail (error, status, _("start")), NULL;
  status = sane_get_parameters (h, &p);
  if (status != SANE_STATUS_GOOD)
    return sane_fail (error, status, _("say the page's size")), sane_cancel (h), NULL;
  if (p.depth != 8 || (p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB))
    {
      sane_cancel (h);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The scanner sends pages in a form this program does not read; choose "
                     "colour or grey at 8 bits."));
      return NULL;
    }
  while ((status = sane_read (h, buf, sizeof buf, &len)) == SANE_STATUS_GOOD)
    g_byte_array_append (raw, buf, len);
  sane_cancel (h);
  if (status != SANE_STATUS_EOF)
    return sane_fail (error, status, _("read the page")), NULL;
  lines = p.bytes_per_line > 0 ? (int) (raw->len / p.bytes_per_line) : 0;
  if (lines <= 0 || p.pixels_per_line <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The scanner sent an empty page."));
      return NULL;
    }
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, p.pixels_per_line, lines);
  for (int y = 0; y < lines; y++)
    {
      guint8 *dst = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);
      const guint8 *src = raw->data + (gsize) y * p.bytes_per_line;

      if (p.format == SANE_FRAME_RGB)
        memcpy (dst, src, (gsize) p.pixels_per_line * 3);
      else
        for (int x = 0; x < p.pixels_per_line; x++)
          dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = src[x];
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_len, "jpeg", error, "quality", "85",
                                  NULL))
    return NULL;
  return g_bytes_new_take (jpeg, jpeg_len);
}

GPtrArray *
mc_scan_pages (const char *device, int dpi, gboolean colour, int n_pages, GError **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  SANE_Handle h = NULL;
  SANE_Int version = 0;
  SANE_Status status;
  gboolean ok = TRUE;

  g_mutex_lock (&sane_lock);
  status = sane_init (&version, NULL);
  if (status == SANE_STATUS_GOOD)
    status = sane_open (device, &h);
  if (status != SANE_STATUS_GOOD)
    {
      sane_exit ();
      g_mutex_unlock (&sane_lock);
      sane_fail (error, status, _("be opened"));
      return NULL;
    }
  set_string (h, SANE_NAME_SCAN_MODE, colour ? SANE_VALUE_SCAN_MODE_COLOR
                                              : SANE_VALUE_SCAN_MODE_GRAY);
  set_number (h, SANE_NAME_BIT_DEPTH, 8);
  set_number (h, SANE_NAME_SCAN_RESOLUTION, dpi);
  set_number (h, SANE_NAME_SCAN_TL_X, 0);
  set_number (h, SANE_NAME_SCAN_TL_Y, 0);
  set_number (h, SANE_NAME_SCAN_BR_X, 210);
  set_number (h, SANE_NAME_SCAN_BR_Y, 297);
  for (int i = 0; ok && i < n_pages; i++)
    {
      GBytes *page = scan_page (h, error);

      if (page == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (pages, page);
    }
  sane_close (h);
  sane_exit ();
  g_mutex_unlock (&sane_lock);
  return ok ? g_steal_pointer (&pages) : NULL;
}

/* ---- The dialog ---- */

typedef struct {
  GtkWidget   *dialog;
  GtkDropDown *device;
  GtkDropDown *resolution;
  GtkDropDown *mode;
  GtkSpinButton *pages;
  GtkWidget   *scan_button;
  GtkWidget   *cancel;
  GtkLabel    *status;
  McScanDone   done;
  gpointer     data;
  gboolean     finished;
  char       **devices;
} ScanDialog;

typedef struct {
  char    *device;
  int      dpi;
  gboolean colour;
  int      n_pages;
} ScanJob;

static const int resolutions[] = { 150, 200, 300 };

static void
scan_job_free (ScanJob *job)
{
  g_free (job->device);
  g_free (job);
}

static void
finish (ScanDialog *sd, GPtrArray *pages, const char *error)
{
  if (!sd->finished)
    {
      sd->finished = TRUE;
      sd->done (pages, error, sd->data);
    }
}

static void
scan_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanJob *job = data;
  GError *error = NULL;
  GPtrArray *pages = mc_scan_pages (job->device, job->dpi, job->colour, job->n_pages, &error);

  if (pages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
}

static void
scanned_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ScanDialog *sd = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = g_task_propagate_pointer (G_TASK (result), &error);

  finish (sd, pages, error != NULL ? error->message : NULL);
  gtk_window_destroy (GTK_WINDOW (sd->dialog));
}

static gboolean
refuse_close_cb (void)
{
  return TRUE;
}

static void
start_scan_cb (ScanDialog *sd)
{
  g_autoptr(GTask) task = NULL;
  ScanJob *job = g_new0 (ScanJob, 1);
  guint d = gtk_drop_down_get_selected (sd->device);

  if (sd->devices == NULL || sd->devices[0] == NULL)
    {
      scan_job_free (job);
      return;
    }
  job->device = g_strdup (sd->devices[MIN (d, g_strv_length (sd->devices) - 1)]);
  job->dpi = resolutions[MIN (gtk_drop_down_get_selected (sd->resolution), 2)];
  job->colour = gtk_drop_down_get_selected (sd->mode) == 0;
  job->n_pages = gtk_spin_button_get_value_as_int (sd->pages);
  gtk_widget_set_sensitive (sd->scan_button, FALSE);
  /* The dialog stays until the pages come: the thread reports to it. */
  gtk_widget_set_sensitive (sd->cancel, FALSE);
  gtk_window_set_deletable (GTK_WINDOW (sd->dialog), FALSE);
  g_signal_connect (sd->dialog, "close-request", G_CALLBACK (refuse_close_cb), NULL);
  gtk_label_set_label (sd->status, _("Scanning…"));
  task = g_task_new (NULL, NULL, scanned_cb, sd);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
  g_task_run_in_thread (task, scan_thread);
}

static void
devices_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  char **devices = mc_scan_list_devices (&error);

  if (devices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, devices, (GDestroyNotify) g_strfreev);
}

static void
devices_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ScanDialog *sd = data;
  g_autoptr(GError) error = NULL;

  sd->devices = g_task_propagate_pointer (G_TASK (result), &error);
  if (sd->devices == NULL || sd->devices[0] == NULL)
    {
      gtk_label_set_label (sd->status, _("No scanner was found. Check that it is switched on "
                                         "and connected, or choose a file instead."));
      return;
    }
  gtk_drop_down_set_model (sd->device,
                           G_LIST_MODEL (gtk_string_list_new ((const char * const *) sd->devices)));
  gtk_label_set_label (sd->status, "");
  gtk_widget_set_sensitive (sd->scan_button, TRUE);
}

static void
dialog_destroyed_cb (ScanDialog *sd)
{
  finish (sd, NULL, NULL);
  g_strfreev (sd->devices);
  g_free (sd);
}

static GtkWidget *
labelled (GtkWidget *grid, int row, const char *label, GtkWidget *widget)
{
  GtkWidget *l = gtk_label_new (label);

  gtk_widget_set_halign (l, GTK_ALIGN_END);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  return widget;
}

void
mc_scan_run_dialog (GtkWidget *parent, McScanDone done, gpointer data)
{
  ScanDialog *sd = g_new0 (ScanDialog, 1);
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  const char *res_names[] = { "150 dpi", "200 dpi", "300 dpi", NULL };
  const char *modes[] = { _("Colour"), _("Grey"), NULL };
  const char *none[] = { _("Looking for scanners…"), NULL };
  g_autoptr(GTask) task = NULL;

  sd->done = done;
  sd->data = data;
  sd->cancel = cancel;
  sd->dialog = gtk_window_new ();
  gtk_widget_set_name (sd->dialog, "scan-dialog");
  gtk_window_set_title (GTK_WINDOW (sd->dialog), _("Scan"));
  gtk_window_set_modal (GTK_WINDOW (sd->dialog), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (sd->dialog), GTK_WINDOW (root));
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  sd->device = GTK_DROP_DOWN (labelled (grid, 0, _("Scanner"), gtk_drop_down_new_from_strings (none)));
  sd->resolution = GTK_DROP_DOWN (labelled (grid, 1, _("Resolution"),
                                            gtk_drop_down_new_from_strings (res_names)));
  gtk_drop_down_set_selected (sd->resolution, 1);
  sd->mode = GTK_DROP_DOWN (labelled (grid, 2, _("Mode"), gtk_drop_down_new_from_strings (modes)));
  gtk_drop_down_set_selected (sd->mode, 1);
  sd->pages = GTK_SPIN_BUTTON (labelled (grid, 3, _("Pages"),
                                         gtk_spin_button_new_with_range (1, 50, 1)));
  gtk_widget_set_name (GTK_WIDGET (sd->device), "scan-device");
  gtk_widget_set_name (GTK_WIDGET (sd->resolution), "scan-resolution");
  gtk_widget_set_name (GTK_WIDGET (sd->mode), "scan-mode");
  gtk_widget_set_name (GTK_WIDGET (sd->pages), "scan-pages");
  sd->status = GTK_LABEL (gtk_label_new (_("Looking for scanners…")));
  gtk_label_set_wrap (sd->status, TRUE);
  sd->scan_button = gtk_button_new_with_mnemonic (_("_Scan"));
  gtk_widget_set_name (sd->scan_button, "scan-start");
  gtk_widget_add_css_class (sd->scan_button, "suggested-action");
  gtk_widget_set_sensitive (sd->scan_button, FALSE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), sd->scan_button);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (sd->status));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_window_set_child (GTK_WINDOW (sd->dialog), box);
  g_signal_connect_swapped (sd->scan_button, "clicked", G_CALLBACK (start_scan_cb), sd);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), sd->dialog);
  g_signal_connect_swapped (sd->dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), sd);
  gtk_window_present (GTK_WINDOW (sd->dialog));

  task = g_task_new (NULL, NULL, devices_cb, sd);
  g_task_run_in_thread (task, devices_thread);
}
