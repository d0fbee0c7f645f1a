/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>
#include <glib.h>

G_BEGIN_DECLS

/* A small layout engine for official documents (Decree 30/2020, docs/domain.md §6): A4 pages in points,
 * blocks laid out top to bottom, tables broken between rows with their header row repeated, page
 * numbers at the top centre from page 2. A signature block never stands alone on the last page:
 * the last lines of the body go over with it. The same per-page function draws onto a PDF surface or a
 * GtkPrintOperation's cairo_t (set in points). All text is Pango markup: escape what users typed. */

#define MC_MM(mm) ((mm) * 72.0 / 25.4)
#define MC_DOCUMENT_FONT "Times New Roman, Liberation Serif, Tinos, serif"

typedef struct _McDocument McDocument;
typedef struct _McTable McTable;

typedef enum {
  MC_ALIGN_LEFT,
  MC_ALIGN_CENTER,
  MC_ALIGN_RIGHT,
  MC_ALIGN_JUSTIFY,
} McAlign;

typedef struct {
  double   size;            /* points */
  McAlign  align;
  double   indent;          /* first line, points */
  double   left;            /* left inset of every line, points */
  double   space_before;
  double   space_after;
  gboolean keep_with_next;  /* move to the next page rather than leave this block alone at the bottom */
} McParagraphStyle;

/* Body text: 13 pt justified with a first-line indent (Decree 30). */
McParagraphStyle mc_paragraph_style_body (void);

/* Draws into the rectangle (0, 0, width, height) of CR. */
typedef void (*McDrawFunc) (cairo_t *cr, double width, double height, gpointer user_data);

McDocument *mc_document_new            (gboolean landscape);
void        mc_document_free           (McDocument *doc);
/* The PDF's title (metadata). */
void        mc_document_set_title      (McDocument *doc, const char *title);
double      mc_document_get_content_width (McDocument *doc);

void        mc_document_add_paragraph  (McDocument *doc, const McParagraphStyle *style,
                                        const char *markup);
/* printf-like, every argument escaped for markup. */
void        mc_document_add_text       (McDocument *doc, const McParagraphStyle *style,
                                        const char *format, ...) G_GNUC_PRINTF (3, 4);
void        mc_document_add_space      (McDocument *doc, double points);
void        mc_document_add_page_break (McDocument *doc);
/* A new page that begins a document of its own (form 01's second copy): page numbers count from
 * it again, so its first page has none. */
void        mc_document_add_document_break (McDocument *doc);

/* The official header: issuing body on the left (PARENT regular, AGENCY bold with a short rule;
 * either may be NULL), the national motto on the right; then NUMBER left ("Số: …", may be NULL)
 * and DATE_LINE right in italics (may be NULL). Plain text, escaped here. */
void        mc_document_add_header     (McDocument *doc, const char *parent, const char *agency,
                                        const char *number, const char *date_line);

/* A table of N_COLUMNS with relative WIDTHS (scaled to the content width). Cells wrap; rows never
 * split; the header row (if set) repeats on every page the table reaches. */
McTable    *mc_document_add_table      (McDocument *doc, guint n_columns, const double *widths,
                                        double font_size);
void        mc_table_set_borders       (McTable *table, gboolean borders);
/* Rows at least POINTS tall (room for handwritten signatures). */
void        mc_table_set_min_row_height (McTable *table, double points);
void        mc_table_set_align         (McTable *table, guint column, McAlign align);
/* CELLS: N_COLUMNS markup strings (NULL counts as empty). */
void        mc_table_set_header        (McTable *table, const char *const *cells);
void        mc_table_add_row           (McTable *table, const char *const *cells);
guint       mc_table_get_n_rows        (McTable *table);

/* A drawing of HEIGHT points across the content width (a chart, a QR code). */
void        mc_document_add_drawing    (McDocument *doc, double height, McDrawFunc func,
                                        gpointer user_data, GDestroyNotify destroy);

/* The signature block: RECIPIENTS on the left under "Nơi nhận:" (NULL for none; the list should
 * end with "- Lưu: VT."), on the right the LINES (e.g. "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") in bold
 * capitals, room for the signature, then NAME in bold. Plain text. */
void        mc_document_add_signature  (McDocument *doc, const char *const *recipients,
                                        const char *const *lines, const char *name);
/* Two or more signatures side by side (forms: submitter and receiver): each column a bold title,
 * an italic note, room to sign, and a name (may be empty). Plain text. */
void        mc_document_add_signatures (McDocument *doc, guint n, const char *const *titles,
                                        const char *const *notes, const char *const *names);

/* Pages, laid out on first use. Sizes in points. */
int         mc_document_get_n_pages    (McDocument *doc);
void        mc_document_get_page_size  (McDocument *doc, double *width, double *height);
/* Draws page PAGE (from 0) with the origin at the page's top-left corner. */
void        mc_document_draw_page      (McDocument *doc, cairo_t *cr, int page);
gboolean    mc_document_write_pdf      (McDocument *doc, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDocument, mc_document_free)

/* Creates (or empties) PATH readable and writable by its owner only (0600), for a PDF to be
 * written into it. */
void         mc_document_create_private (const char *path);

G_END_DECLS
