/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A dossier's files as one PDF for the archive or the province (issue 15): a cover page that
 * names the dossier and, for each current file, its name, document, SHA-256, who attached it and
 * when; then every page of every file, in the cover's order. PDF pages are drawn by poppler at
 * their own size, pictures scaled onto an A4 page (landscape when wider than tall). The data is
 * core's (the store's public calls); only the drawing is here. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "mc-attachment.h"
#include "mc-date.h"
#include "mc-document.h"
#include "mc-report-private.h"
#include "mc-text.h"

#define A4_WIDTH  595.276
#define A4_HEIGHT 841.890
#define PICTURE_MARGIN MC_MM (10)

/* One file of the dossier, read and checked once. */
typedef struct {
  McAttachment    *a;
  GBytes          *bytes;
  PopplerDocument *pdf;        /* for a PDF */
  GdkPixbuf       *pixbuf;     /* for a picture, turned upright */
  int              n_pages;
  gboolean         intact;     /* its bytes still give its SHA-256 */
} Part;

static void
part_free (Part *p)
{
  mc_attachment_free (p->a);
  g_clear_pointer (&p->bytes, g_bytes_unref);
  g_clear_object (&p->pdf);
  g_clear_object (&p->pixbuf);
  g_free (p);
}

/* The document a file belongs to, in words. */
static char *
slot_name (const McDossier *d, int position)
{
  if (position == MC_ATTACHMENT_RESULT)
    return g_strdup (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED
                     ? _("Result") : _("Result (draft)"));
  if (position >= 0 && (guint) position < d->documents->len)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, position);

      /* TRANSLATORS: the Nth document of the dossier and its name */
      return g_strdup_printf (_("Document %d: %s"), position + 1, doc->name);
    }
  return g_strdup_printf (_("Document %d"), position + 1);
}

/* Reads each file's bytes and opens it; a file that cannot be read or drawn is refused with a
 * sentence, so that nothing half made is written. */
static GPtrArray *
read_parts (McStore *store, const McDossier *d, GError **error)
{
  g_autoptr(GPtrArray) files = mc_store_list_attachments (store, d->id, FALSE, error);
  g_autoptr(GPtrArray) parts = NULL;

  if (files == NULL)
    return NULL;
  parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  /* The result after the documents: the cover's order, and the pages'. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < files->len; i++)
      {
        McAttachment *a = g_ptr_array_index (files, i);
        g_autoptr(GError) local_error = NULL;
        g_autofree char *actual = NULL;
        const char *name = a->name != NULL && a->name[0] != '\0' ? a->name : _("the scan");
        Part *p;

        if ((a->position == MC_ATTACHMENT_RESULT) != (pass == 1))
          continue;
        p = g_new0 (Part, 1);
        p->a = g_ptr_array_steal_index (files, i--);
        g_ptr_array_add (parts, p);
        p->bytes = mc_store_get_blob (store, a->hash, error);
        if (p->bytes == NULL)
          return NULL;
        actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, p->bytes);
        p->intact = g_strcmp0 (actual, a->hash) == 0;
        if (g_strcmp0 (a->mime, "application/pdf") == 0)
          {
            p->pdf = poppler_document_new_from_bytes (p->bytes, NULL, &local_error);
            p->n_pages = p->pdf != NULL ? poppler_document_get_n_pages (p->pdf) : 0;
          }
        else
          {
            g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();

            if (gdk_pixbuf_loader_write_bytes (loader, p->bytes, &local_error) &&
                gdk_pixbuf_loader_close (loader, &local_error) &&
                gdk_pixbuf_loader_get_pixbuf (loader) != NULL)
              p->pixbuf = gdk_pixbuf_apply_embedded_orientation (
                gdk_pixbuf_loader_get_pixbuf (loader));
            else
              gdk_pixbuf_loader_close (loader, NULL);
            p->n_pages = p->pixbuf != NULL ? 1 : 0;
          }
        if (p->n_pages < 1)
          {
            g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                         _("The file “%s” of dossier %s cannot be drawn (%s): run motcua-cli "
                           "check, which names the files whose bytes changed."), name, d->code,
                         local_error != NULL ? local_error->message : _("no page"));
            return NULL;
          }
      }
  return g_steal_pointer (&parts);
}

static McDocument *
cover_page (McStore *store, const McDossier *d, GPtrArray *parts, int file_pages)
{
  g_autoptr(McAgency) agency = mc_agency_at (store, mc_day_of_time (mc_now ()));
  g_autofree char *date = mc_report_date_line (agency, 0);
  g_autofree char *procedure = g_strdup_printf ("%s — %s", d->procedure_code, d->procedure_name);
  g_autofree char *count = NULL;
  McParagraphStyle name_style = { .size = 12, .align = MC_ALIGN_LEFT, .space_before = 6,
                                  .keep_with_next = TRUE };
  McParagraphStyle line_style = { .size = 11, .align = MC_ALIGN_LEFT, .left = 18,
                                  .keep_with_next = TRUE };
  McParagraphStyle body = mc_paragraph_style_body ();
  McDocument *doc = mc_document_new (FALSE);

  /* TRANSLATORS: the PDF's title and the cover's heading */
  mc_document_set_title (doc, _("FILES OF THE DOSSIER"));
  mc_document_add_header (doc, agency->parent, agency->name, NULL, date);
  mc_report_add_title (doc, _("FILES OF THE DOSSIER"),
                       _("Electronic copies kept with the dossier"), NULL);
  mc_report_add_field (doc, _("Dossier code"), d->code);
  mc_report_add_field (doc, _("Procedure"), procedure);
  mc_report_add_field (doc, _("Applicant"), d->applicant_name);
  if (d->result != NULL && d->result[0] != '\0')
    mc_report_add_field (doc, _("Result"), d->result);
  mc_report_add_heading (doc, _("Files"));
  if (parts->len == 0)
    mc_document_add_text (doc, &body, "%s", _("No file is attached to this dossier."));
  for (guint i = 0; i < parts->len; i++)
    {
      const Part *p = g_ptr_array_index (parts, i);
      const McAttachment *a = p->a;
      g_autofree char *slot = slot_name (d, a->position);
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *when = mc_report_moment_text (a->attached_at);
      g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page",
                                                             "%d pages", p->n_pages),
                                                p->n_pages);
      const char *name = a->name != NULL && a->name[0] != '\0' ? a->name
                                                                 : C_("file name", "Scan");
      const char *who = a->officer_name != NULL && a->officer_name[0] != '\0'
                        ? a->officer_name : "—";

      mc_document_add_text (doc, &name_style, "%u. <b>%s</b> — %s", i + 1, name, slot);
      /* TRANSLATORS: a file on the cover: its type, size, pages, who attached it and when */
      mc_document_add_text (doc, &line_style, _("%s, %s, %s; attached by %s at %s"),
                            mc_attachment_mime_word (a->mime), size, pages, who, when);
      mc_document_add_text (doc, &line_style,
                            "SHA-256: <span font_family=\"Liberation Mono, DejaVu Sans Mono, "
                            "monospace\" size=\"9pt\">%s</span>%s", a->hash,
                            p->intact ? "" : _(" — ALTERED: the stored bytes no longer give "
                                              "this SHA-256"));
    }
  mc_document_add_space (doc, 10);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "The %d page after this one is the files above, in "
                                        "their order.",
                                        "The %d pages after this one are the files above, in "
                                        "their order.", file_pages), file_pages);
  mc_document_add_text (doc, &body, "%s %s", count,
                        _("Each file's SHA-256 is that of its bytes as they are kept in the "
                          "dossier; motcua-cli check hashes them again."));
  return doc;
}

static void
free_bytes (void *data)
{
  g_bytes_unref (data);
}

/* PIXBUF as a cairo surface (premultiplied ARGB, as cairo wants). */
static cairo_surface_t *
surface_of (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guchar *in = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *s = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32
                                                         : CAIRO_FORMAT_RGB24, w, h);
  guchar *out = cairo_image_surface_get_data (s);
  int out_stride = cairo_image_surface_get_stride (s);

  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS)
    return s;
  for (int y = 0; y < h; y++)
    {
      const guchar *src = in + (gsize) y * in_stride;
      guint32 *dst = (guint32 *) (out + (gsize) y * out_stride);

      for (int x = 0; x < w; x++, src += n)
        {
          guint a = alpha ? src[3] : 255;
          guint r = src[0] * a / 255, g = src[1] * a / 255, b = src[2] * a / 255;

          dst[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (s);
  return s;
}

/* A picture on an A4 page of its own, as large as the margins allow, its name in the margin. */
static void
draw_picture (cairo_surface_t *pdf, cairo_t *cr, const McDossier *d, const Part *p)
{
  int w = gdk_pixbuf_get_width (p->pixbuf), h = gdk_pixbuf_get_height (p->pixbuf);
  gboolean landscape = w > h;
  double page_w = landscape ? A4_HEIGHT : A4_WIDTH, page_h = landscape ? A4_WIDTH : A4_HEIGHT;
  double box_w = page_w - 2 * PICTURE_MARGIN, box_h = page_h - 2 * PICTURE_MARGIN;
  double scale = MIN (box_w / w, box_h / h);
  cairo_surface_t *image = surface_of (p->pixbuf);
  PangoLayout *layout;
  PangoFontDescription *font;
  g_autofree char *caption = NULL;
  const char *name = p->a->name != NULL && p->a->name[0] != '\0' ? p->a->name
                                                                   : C_("file name", "Scan");

  cairo_pdf_surface_set_size (pdf, page_w, page_h);
  /* A JPEG upright as stored goes into the PDF as its own bytes: no second compression. */
  if (g_strcmp0 (p->a->mime, "image/jpeg") == 0 &&
      g_strcmp0 (gdk_pixbuf_get_option (p->pixbuf, "orientation"), "1") <= 0)
    cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG,
                                 g_bytes_get_data (p->bytes, NULL), g_bytes_get_size (p->bytes),
                                 free_bytes, g_bytes_ref (p->bytes));
  cairo_save (cr);
  cairo_translate (cr, (page_w - w * scale) / 2, (page_h - h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

  caption = g_strdup_printf ("%s · %s", d->code, name);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Liberation Serif, Times New Roman, serif 8");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, caption, -1);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, PICTURE_MARGIN, page_h - PICTURE_MARGIN + 6);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

gboolean
mc_report_files_write_pdf (McStore *store, gint64 dossier_id, const char *path, int *n_pages,
                           GError **error)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(McDocument) cover = NULL;
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double cover_w, cover_h;
  int file_pages = 0, cover_pages, total = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return FALSE;
  parts = read_parts (store, d, error);
  if (parts == NULL)
    return FALSE;
  for (guint i = 0; i < parts->len; i++)
    file_pages += ((Part *) g_ptr_array_index (parts, i))->n_pages;
  cover = cover_page (store, d, parts, file_pages);
  cover_pages = mc_document_get_n_pages (cover);
  mc_document_get_page_size (cover, &cover_w, &cover_h);

  /* Written beside PATH and moved over it whole: a failure leaves no half file. */
  tmp = g_strconcat (path, ".part", NULL);
  mc_document_create_private (tmp);
  surface = cairo_pdf_surface_create (tmp, cover_w, cover_h);
  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);
      g_autofree char *title = g_strdup_printf ("%s — %s", _("FILES OF THE DOSSIER"), d->code);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Một Cửa");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      for (int page = 0; page < cover_pages; page++, total++)
        {
          cairo_pdf_surface_set_size (surface, cover_w, cover_h);
          mc_document_draw_page (cover, cr, page);
          cairo_show_page (cr);
        }
      for (guint i = 0; i < parts->len; i++)
        {
          const Part *p = g_ptr_array_index (parts, i);

          for (int k = 0; k < p->n_pages; k++, total++)
            {
              if (p->pdf != NULL)
                {
                  PopplerPage *page = poppler_document_get_page (p->pdf, k);
                  double w = A4_WIDTH, h = A4_HEIGHT;

                  if (page != NULL)
                    poppler_page_get_size (page, &w, &h);
                  cairo_pdf_surface_set_size (surface, w, h);
                  if (page != NULL)
                    {
                      cairo_save (cr);
                      poppler_page_render_for_printing (page, cr);
                      cairo_restore (cr);
                      g_object_unref (page);
                    }
                }
              else
                draw_picture (surface, cr, d, p);
              cairo_show_page (cr);
            }
        }
      cairo_destroy (cr);
      cairo_surface_finish (surface);
    }
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_autofree char *name = g_filename_display_name (path);
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not write the PDF file “%s”: %s."), name,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status)
                                                  : g_strerror (saved));
      return FALSE;
    }
  if (n_pages != NULL)
    *n_pages = total;
  return TRUE;
}
