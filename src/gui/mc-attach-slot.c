/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

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
  GtkWidget *offer;          /* "Dùng bản quét ngày …": an earlier scan of the citizen's */
  GPtrArray *files;          /* McAttachmentFile* */
  guint      n_thumbs;
  gboolean   removable;      /* new files show a button that takes them out */
  GtkFileChooserNative *chooser;
  gboolean   editable;
};

G_DEFINE_FINAL_TYPE (McAttachSlot, mc_attach_slot, GTK_TYPE_BOX)

enum { SIGNAL_REFUSED, SIGNAL_CHANGED, SIGNAL_REUSE, N_SIGNALS };
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

/* ---- PDF pages, drawn by poppler off the main thread ---- */

typedef struct {
  GBytes *pixels;
  int     width, height, stride;
} PageImage;

static void
page_image_free (PageImage *p)
{
  g_bytes_unref (p->pixels);
  g_free (p);
}

typedef struct {
  GBytes *bytes;
  int     side;        /* > 0: the first page, fitting a square of SIDE pixels */
  double  scale;       /* otherwise: each page at SCALE (pixels per point) */
  int     max_pages;
} Render;

static void
render_free (Render *r)
{
  g_bytes_unref (r->bytes);
  g_free (r);
}

static void
render_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Render *r = data;
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (r->bytes, NULL, &error);
  GPtrArray *pages;
  int n;

  if (doc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  n = MIN (poppler_document_get_n_pages (doc), r->max_pages);
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_image_free);
  for (int i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      double w = 0, h = 0, scale;
      cairo_surface_t *surface;
      cairo_t *cr;
      PageImage *img;

      if (page == NULL)
        continue;
      poppler_page_get_size (page, &w, &h);
      if (w <= 0 || h <= 0)
        {
          g_object_unref (page);
          continue;
        }
      scale = r->side > 0 ? MIN (r->side / w, r->side / h) : r->scale;
      img = g_new0 (PageImage, 1);
      img->width = MAX (1, (int) (w * scale));
      img->height = MAX (1, (int) (h * scale));
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, img->width, img->height);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render (page, cr);
      g_object_unref (page);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      img->stride = cairo_image_surface_get_stride (surface);
      img->pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                                 (gsize) img->stride * img->height);
      cairo_surface_destroy (surface);
      g_ptr_array_add (pages, img);
    }
  g_object_unref (doc);
  g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
}

static void
render_pdf (GBytes *bytes, int side, double scale, int max_pages, GCancellable *cancellable,
            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Render *r = g_new0 (Render, 1);

  r->bytes = g_bytes_ref (bytes);
  r->side = side;
  r->scale = scale;
  r->max_pages = max_pages;
  g_task_set_task_data (task, r, (GDestroyNotify) render_free);
  g_task_run_in_thread (task, render_thread);
}

static GdkTexture *
texture_of_page (PageImage *img)
{
  /* Cairo's ARGB32 is premultiplied BGRA in memory on the little-endian machines we build for,
   * ARGB on big-endian ones. */
  return gdk_memory_texture_new (img->width, img->height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                 : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 img->pixels, img->stride);
}

static GtkWidget *
full_size_window (GtkWidget *from, GtkWidget *content)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (from));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Scanned page"));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_widget_set_name (window, "attachment-full");
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
full_pages_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GtkWidget *box = data;   /* owned */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *c;

  while ((c = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), c);
  if (pages == NULL)
    gtk_box_append (GTK_BOX (box), gtk_label_new (error->message));
  for (guint i = 0; pages != NULL && i < pages->len; i++)
    {
      g_autoptr(GdkTexture) texture = texture_of_page (g_ptr_array_index (pages, i));
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

      /* Each page fits the window, the pages one under the other. */
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_name (picture, "attachment-page");
      gtk_box_append (GTK_BOX (box), picture);
    }
  g_object_unref (box);
}

/* The pages a full-size window of a PDF shows at most: a long file opens in its own viewer
 * from the dossier's export. */
#define FULL_PDF_PAGES 30

void
mc_attach_slot_open_bytes (GtkWidget *from, GBytes *bytes)
{
  g_autoptr(GdkTexture) texture = texture_of (bytes, 0);

  if (texture == NULL)
    {
      /* A PDF: its pages, drawn off the main thread (a spinner meanwhile). */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_size_request (spinner, 32, 32);
      gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), spinner);
      full_size_window (from, box);
      render_pdf (bytes, 0, 1.5, FULL_PDF_PAGES, NULL, full_pages_cb, g_object_ref (box));
      return;
    }
  {
    GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

    gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
    full_size_window (from, picture);
  }
}

static void
open_full_cb (GtkButton *button, GBytes *bytes)
{
  mc_attach_slot_open_bytes (GTK_WIDGET (button), bytes);
}

typedef struct {
  McAttachSlot *slot;      /* weak */
  GtkWidget    *picture;   /* owned */
} Thumb;

static void
thumb_rendered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Thumb *t = data;
  g_autoptr(GPtrArray) pages = g_task_propagate_pointer (G_TASK (result), NULL);

  if (pages != NULL && pages->len > 0 && gtk_widget_get_parent (t->picture) != NULL)
    {
      PageImage *img = g_ptr_array_index (pages, 0);
      g_autoptr(GdkTexture) texture = texture_of_page (img);
      GtkWidget *button = gtk_widget_get_parent (t->picture);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

      /* The page's own size, so that its edge is the page's. */
      gtk_widget_set_size_request (picture, img->width, img->height);
      gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
      gtk_widget_set_name (picture, "pdf-page");
      gtk_widget_add_css_class (picture, "page-thumbnail");
      if (GTK_IS_BUTTON (button))
        gtk_button_set_child (GTK_BUTTON (button), picture);
    }
  g_clear_weak_pointer (&t->slot);
  g_object_unref (t->picture);
  g_free (t);
}

static void
remove_pending_cb (GtkButton *button, McAttachSlot *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (button), "entry");
  McAttachmentFile *file = g_object_get_data (G_OBJECT (entry), "file");

  if (g_ptr_array_find (self->files, file, NULL))
    g_ptr_array_remove (self->files, file);
  gtk_box_remove (GTK_BOX (self->thumbs), entry);
  self->n_thumbs--;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* A thumbnail that opens full size; with FILE (one not stored yet) a button that takes it out. */
static void
add_thumbnail (McAttachSlot *self, GBytes *bytes, const char *mime, McAttachmentFile *file)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *entry;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean pdf = g_strcmp0 (mime, "application/pdf") == 0;

  if (!pdf)
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
      gtk_widget_set_size_request (image, THUMB_SIZE, THUMB_SIZE);
      gtk_button_set_child (GTK_BUTTON (button), image);
      if (pdf)
        {
          /* The icon until the first page is drawn. */
          Thumb *t = g_new0 (Thumb, 1);

          g_set_weak_pointer (&t->slot, self);
          t->picture = g_object_ref (image);
          render_pdf (bytes, THUMB_SIZE, 0, 1, NULL, thumb_rendered_cb, t);
        }
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "thumbnail");
  gtk_widget_set_tooltip_text (button, _("Open full size"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", G_CALLBACK (open_full_cb), g_bytes_ref (bytes),
                         (GClosureNotify) (void (*) (void)) g_bytes_unref, 0);
  if (file != NULL && self->removable)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");

      entry = gtk_overlay_new ();
      gtk_overlay_set_child (GTK_OVERLAY (entry), button);
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_add_css_class (remove, "osd");
      gtk_widget_add_css_class (remove, "remove-page");
      gtk_widget_set_halign (remove, GTK_ALIGN_END);
      gtk_widget_set_valign (remove, GTK_ALIGN_START);
      gtk_widget_set_name (remove, "remove-page");
      gtk_widget_set_tooltip_text (remove, _("Remove this page"));
      gtk_overlay_add_overlay (GTK_OVERLAY (entry), remove);
      g_object_set_data (G_OBJECT (entry), "file", file);
      g_object_set_data (G_OBJECT (remove), "entry", entry);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_pending_cb), self);
    }
  else
    entry = button;
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->thumbs), entry);
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
  {
    McAttachmentFile *f = mc_attachment_file_new (-2, bytes, name);

    g_ptr_array_add (self->files, f);
    add_thumbnail (self, bytes, mime, f);
  }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

void
mc_attach_slot_add_reused (McAttachSlot *self, gint64 reuse_of, GBytes *bytes,
                           const char *mime)
{
  McAttachmentFile *f;

  g_return_if_fail (MC_IS_ATTACH_SLOT (self));
  f = mc_attachment_file_new_reused (-2, reuse_of, bytes);
  g_ptr_array_add (self->files, f);
  add_thumbnail (self, bytes, mime, f);
  mc_attach_slot_set_offer (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
mc_attach_slot_set_offer (McAttachSlot *self, const char *label)
{
  g_return_if_fail (MC_IS_ATTACH_SLOT (self));
  if (label != NULL)
    gtk_label_set_label (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->offer))), label);
  gtk_widget_set_sensitive (self->offer, TRUE);
  gtk_widget_set_visible (self->offer, label != NULL);
}

void
mc_attach_slot_set_removable (McAttachSlot *self, gboolean removable)
{
  g_return_if_fail (MC_IS_ATTACH_SLOT (self));
  self->removable = removable;
}

GtkWidget *
mc_attach_slot_get_offer_button (McAttachSlot *self)
{
  return self->offer;
}

guint
mc_attach_slot_count_pictures (McAttachSlot *self)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (self->thumbs); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = GTK_IS_OVERLAY (c) ? gtk_overlay_get_child (GTK_OVERLAY (c)) : c;

      n += GTK_IS_BUTTON (button) && GTK_IS_PICTURE (gtk_button_get_child (GTK_BUTTON (button)));
    }
  return n;
}

/* The remove button of the Nth thumbnail, NULL when it is a stored file or there is none. */
GtkWidget *
mc_attach_slot_get_remove_button (McAttachSlot *self, guint n)
{
  GtkWidget *c = gtk_widget_get_first_child (self->thumbs);

  for (guint i = 0; c != NULL && i < n; i++)
    c = gtk_widget_get_next_sibling (c);
  if (c == NULL || !GTK_IS_OVERLAY (c))
    return NULL;
  return gtk_widget_get_last_child (c);
}

void
mc_attach_slot_show_stored (McAttachSlot *self, GBytes *bytes, const char *mime)
{
  add_thumbnail (self, bytes, mime, NULL);
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

static void
offer_cb (McAttachSlot *self)
{
  gtk_widget_set_sensitive (self->offer, FALSE);
  g_signal_emit (self, signals[SIGNAL_REUSE], 0);
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
  /* The offer of an earlier scan was taken: the owner fetches its pages and adds them with
   * mc_attach_slot_add_reused. */
  signals[SIGNAL_REUSE] = g_signal_new ("reuse", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
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
  self->offer = gtk_button_new ();
  {
    /* Two short lines (the message breaks its line) rather than one long one: the document's
     * name keeps its room. */
    GtkWidget *text = gtk_label_new ("");

    gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
    gtk_button_set_child (GTK_BUTTON (self->offer), text);
  }
  gtk_widget_set_name (self->offer, "reuse-scan");
  gtk_widget_set_valign (self->offer, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->offer, "suggested-action");
  gtk_widget_set_tooltip_text (self->offer, _("This citizen's paper was scanned for an earlier "
                                              "dossier and is still valid: attach the same file "
                                              "instead of scanning it again"));
  gtk_widget_set_visible (self->offer, FALSE);
  gtk_box_append (GTK_BOX (self), self->thumbs);
  gtk_box_append (GTK_BOX (self), self->offer);
  gtk_box_append (GTK_BOX (self), self->rescan);
  gtk_box_append (GTK_BOX (self), self->choose);
  gtk_box_append (GTK_BOX (self), self->scan);
  g_signal_connect_swapped (self->choose, "clicked", G_CALLBACK (choose_cb), self);
  g_signal_connect_swapped (self->scan, "clicked", G_CALLBACK (scan_cb), self);
  g_signal_connect_swapped (self->offer, "clicked", G_CALLBACK (offer_cb), self);
}

GtkWidget *
mc_attach_slot_new (void)
{
  return g_object_new (MC_TYPE_ATTACH_SLOT, NULL);
}
