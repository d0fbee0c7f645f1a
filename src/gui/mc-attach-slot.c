/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "mc-attach-slot.h"
#include "mc-scan.h"

#define THUMB_SIZE 56

struct _McAttachSlot
{
  GtkBox     parent_instance;
  GtkWidget *thumbs;
  GtkWidget *choose;
  GtkWidget *scan;
  GtkWidget *rescan;         /* "Quét lại": the next files replace the stored ones */
  GPtrArray *files;          /* McAttachmentFile* */
  guint      n_thumbs;
  GtkFileChooserNative *chooser;
  gboolean   editable;
};

G_DEFINE_FINAL_TYPE (McAttachSlot, mc_attach_slot, GTK_TYPE_BOX)

enum { SIGNAL_REFUSED, SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer data)
{
  int side = GPOINTER_TO_INT (data);
  double scale = MIN ((double) side / width, (double) side / height);

  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)),
                                MAX (1, (int) (height * scale)));
}

/* The picture of BYTES at most SIDE pixels (0: full size); NULL for a PDF or on error. */
static GdkTexture *
texture_of (GBytes *bytes, int side)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  if (side > 0)
    g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb),
                      GINT_TO_POINTER (side));
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) ||
      !gdk_pixbuf_loader_close (loader, NULL))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf != NULL ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
}

void
mc_attach_slot_open_bytes (GtkWidget *from, GBytes *bytes)
{
  g_autoptr(GdkTexture) texture = texture_of (bytes, 0);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (from));

  if (texture == NULL)
    {
      /* A PDF: the desktop's viewer shows it. */
      g_autofree char *path = NULL;
      int fd = g_file_open_tmp ("motcua-XXXXXX.pdf", &path, NULL);

      if (fd >= 0)
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autofree char *uri = g_file_get_uri (file);

          close (fd);
          g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               NULL);
          gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
        }
      return;
    }
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *scroller = gtk_scrolled_window_new ();
    GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

    gtk_window_set_title (GTK_WINDOW (window), _("Scanned page"));
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
    if (GTK_IS_WINDOW (root))
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
    gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), picture);
    gtk_window_set_child (GTK_WINDOW (window), scroller);
    gtk_widget_set_name (window, "attachment-full");
    gtk_window_present (GTK_WINDOW (window));
  }
}

static void
open_full_cb (GtkButton *button, GBytes *bytes)
{
  mc_attach_slot_open_bytes (GTK_WIDGET (button), bytes);
}

static void
add_thumbnail (McAttachSlot *self, GBytes *bytes, const char *mime)
{
  GtkWidget *button = gtk_button_new ();
  g_autoptr(GdkTexture) texture = NULL;

  if (g_strcmp0 (mime, "application/pdf") != 0)
    texture = texture_of (bytes, THUMB_SIZE);
  if (texture != NULL)
    {
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

      gtk_widget_set_size_request (picture, THUMB_SIZE, THUMB_SIZE);
      gtk_button_set_child (GTK_BUTTON (button), picture);
    }
  else
    {
      GtkWidget *image = gtk_image_new_from_icon_name ("x-office-document-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
      gtk_button_set_child (GTK_BUTTON (button), image);
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "thumbnail");
  gtk_widget_set_tooltip_text (button, _("Open full size"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", G_CALLBACK (open_full_cb), g_bytes_ref (bytes),
                         (GClosureNotify) (void (*) (void)) g_bytes_unref, 0);
  gtk_box_append (GTK_BOX (self->thumbs), button);
  self->n_thumbs++;
}

gboolean
mc_attach_slot_add (McAttachSlot *self, GBytes *bytes, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;

  g_return_val_if_fail (MC_IS_ATTACH_SLOT (self), FALSE);
  if (!mc_attachment_validate (bytes, name, &mime, &error))
    {
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error->message);
      return FALSE;
    }
  g_ptr_array_add (self->files, mc_attachment_file_new (-2, bytes, name));
  add_thumbnail (self, bytes, mime);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

void
mc_attach_slot_show_stored (McAttachSlot *self, GBytes *bytes, const char *mime)
{
  add_thumbnail (self, bytes, mime);
  gtk_widget_set_visible (self->rescan, self->editable);
}

gboolean
mc_attach_slot_get_replace (McAttachSlot *self)
{
  return gtk_widget_get_visible (self->rescan) &&
         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->rescan));
}

void
mc_attach_slot_set_editable (McAttachSlot *self, gboolean editable)
{
  g_return_if_fail (MC_IS_ATTACH_SLOT (self));

  self->editable = editable;
  gtk_widget_set_visible (self->choose, editable);
  gtk_widget_set_visible (self->scan, editable);
  gtk_widget_set_visible (self->rescan, editable && self->n_thumbs > 0);
}

GtkWidget *
mc_attach_slot_get_rescan_button (McAttachSlot *self)
{
  return self->rescan;
}

static void
add_path (McAttachSlot *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_autoptr(GBytes) bytes = NULL;

  if (info != NULL && g_file_info_get_size (info) > MC_ATTACHMENT_MAX_BYTES)
    {
      g_autofree char *text = g_strdup_printf (_("%s: the file is larger than 20 MB; scan it at "
                                                 "a lower resolution or in grey."), name);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, text);
      return;
    }
  if (info != NULL)
    bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error->message);
      return;
    }
  mc_attach_slot_add (self, bytes, name);
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, McAttachSlot *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          add_path (self, file);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_cb (McAttachSlot *self)
{
  const char *test_files = g_getenv ("MOTCUA_TEST_CHOOSE_FILE");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileFilter *filter;

  if (test_files != NULL)
    {
      g_auto(GStrv) paths = g_strsplit (test_files, ":", -1);

      for (int i = 0; paths[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
          add_path (self, file);
        }
      return;
    }
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the scanned document"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"),
                                               _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF, JPEG or PNG"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
scanned_cb (GPtrArray *pages, const char *error, gpointer data)
{
  McAttachSlot *self = data;

  gtk_widget_set_sensitive (self->scan, TRUE);
  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error);
  for (guint i = 0; pages != NULL && i < pages->len; i++)
    mc_attach_slot_add (self, g_ptr_array_index (pages, i), NULL);
  g_object_unref (self);
}

static void
scan_cb (McAttachSlot *self)
{
  gtk_widget_set_sensitive (self->scan, FALSE);
  mc_scan_run_dialog (GTK_WIDGET (self), scanned_cb, g_object_ref (self));
}

GPtrArray *
mc_attach_slot_get_files (McAttachSlot *self)
{
  return self->files;
}

void
mc_attach_slot_clear (McAttachSlot *self)
{
  GtkWidget *c;

  g_ptr_array_set_size (self->files, 0);
  while ((c = gtk_widget_get_first_child (self->thumbs)) != NULL)
    gtk_box_remove (GTK_BOX (self->thumbs), c);
  self->n_thumbs = 0;
}

guint
mc_attach_slot_count_thumbnails (McAttachSlot *self)
{
  return self->n_thumbs;
}

GtkWidget *
mc_attach_slot_get_choose_button (McAttachSlot *self)
{
  return self->choose;
}

GtkWidget *
mc_attach_slot_get_scan_button (McAttachSlot *self)
{
  return self->scan;
}

static void
mc_attach_slot_dispose (GObject *object)
{
  McAttachSlot *self = MC_ATTACH_SLOT (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (mc_attach_slot_parent_class)->dispose (object);
}

static void
mc_attach_slot_finalize (GObject *object)
{
  g_ptr_array_unref (MC_ATTACH_SLOT (object)->files);
  G_OBJECT_CLASS (mc_attach_slot_parent_class)->finalize (object);
}

static void
mc_attach_slot_class_init (McAttachSlotClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_attach_slot_dispose;
  G_OBJECT_CLASS (klass)->finalize = mc_attach_slot_finalize;
  signals[SIGNAL_REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_attach_slot_init (McAttachSlot *self)
{
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  self->editable = TRUE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->thumbs = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  self->choose = gtk_button_new_with_label (_("Choose file"));
  self->scan = gtk_button_new_with_label (_("Scan"));
  gtk_widget_set_name (self->choose, "choose-file");
  gtk_widget_set_name (self->scan, "scan");
  gtk_widget_set_valign (self->choose, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->scan, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->choose, _("Attach a PDF, JPEG or PNG of this document"));
  gtk_widget_set_tooltip_text (self->scan, _("Scan this document's pages"));
  self->rescan = gtk_toggle_button_new_with_label (_("Rescan"));
  gtk_widget_set_name (self->rescan, "rescan");
  gtk_widget_set_valign (self->rescan, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->rescan, _("The next scan or file replaces these pages; "
                                               "they stay in the dossier's history"));
  gtk_widget_set_visible (self->rescan, FALSE);
  gtk_box_append (GTK_BOX (self), self->thumbs);
  gtk_box_append (GTK_BOX (self), self->rescan);
  gtk_box_append (GTK_BOX (self), self->choose);
  gtk_box_append (GTK_BOX (self), self->scan);
  g_signal_connect_swapped (self->choose, "clicked", G_CALLBACK (choose_cb), self);
  g_signal_connect_swapped (self->scan, "clicked", G_CALLBACK (scan_cb), self);
}

GtkWidget *
mc_attach_slot_new (void)
{
  return g_object_new (MC_TYPE_ATTACH_SLOT, NULL);
}
