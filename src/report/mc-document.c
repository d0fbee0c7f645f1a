/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "mc-document.h"

/* Decree 30/2020 allows top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm: take the smallest, so
 * the most fits on a page. */
#define MARGIN_TOP    MC_MM (20)
#define MARGIN_BOTTOM MC_MM (20)
#define MARGIN_LEFT   MC_MM (30)
#define MARGIN_RIGHT  MC_MM (15)
#define A4_SHORT      MC_MM (210)
#define A4_LONG       MC_MM (297)

#define CELL_PAD_X     3.0
#define CELL_PAD_Y     2.0
#define RULE_WIDTH     0.6
#define SIGNATURE_ROOM 62.0   /* points left blank for the handwritten signature and the seal */

typedef enum {
  BLOCK_PARAGRAPH,
  BLOCK_SPACE,
  BLOCK_PAGE_BREAK,
  BLOCK_HEADER,
  BLOCK_TABLE,
  BLOCK_DRAWING,
  BLOCK_SIGNATURE,
  BLOCK_SIGNATURES,
} BlockKind;

struct _McTable {
  guint      n_columns;
  double    *widths;        /* points */
  McAlign   *aligns;
  double     font_size;
  gboolean   borders;
  char     **header;        /* NULL: no header row */
  GPtrArray *rows;          /* char ** of n_columns */
  GArray    *row_heights;   /* double, measured by layout() */
  double     header_height;
  double     min_row_height;
};

typedef struct {
  BlockKind        kind;
  McParagraphStyle style;
  char            *markup;
  double           height;
  McTable         *table;
  McDrawFunc       func;
  gpointer         user_data;
  GDestroyNotify   destroy;
  char           **texts;     /* header: parent, agency, number, date line; signature: lines */
  char           **recipients;
  char           **notes;
  char           **names;
  gboolean         restart;   /* page break: a document of its own begins (page numbers from 1) */
} Block;

/* Where a block (or, for a table, a run of its rows) lands. */
typedef struct {
  int    page;
  guint  block;
  double y;
  guint  row_from, row_to;  /* tables: [from, to) */
} Placement;

struct _McDocument {
  double        width, height;
  char         *title;
  GPtrArray    *blocks;
  PangoContext *context;
  GArray       *placements;
  GArray       *first_pages;  /* int per page: the first page of the document it belongs to */
  int           n_pages;
  gboolean      laid_out;
};

McParagraphStyle
mc_paragraph_style_body (void)
{
  return (McParagraphStyle) { .size = 13, .align = MC_ALIGN_JUSTIFY, .indent = MC_MM (10),
                              .space_after = 3 };
}

static void
table_free (McTable *table)
{
  g_free (table->widths);
  g_free (table->aligns);
  g_strfreev (table->header);
  g_ptr_array_unref (table->rows);
  g_array_unref (table->row_heights);
  g_free (table);
}

static void
block_free (gpointer data)
{
  Block *b = data;

  if (b->destroy != NULL)
    b->destroy (b->user_data);
  if (b->table != NULL)
    table_free (b->table);
  g_free (b->markup);
  g_strfreev (b->texts);
  g_strfreev (b->recipients);
  g_strfreev (b->notes);
  g_strfreev (b->names);
  g_free (b);
}

McDocument *
mc_document_new (gboolean landscape)
{
  McDocument *doc = g_new0 (McDocument, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();

  doc->width = landscape ? A4_LONG : A4_SHORT;
  doc->height = landscape ? A4_SHORT : A4_LONG;
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  doc->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  doc->first_pages = g_array_new (FALSE, FALSE, sizeof (int));

  /* One device-independent context (72 dpi: a point is a unit, no hinting) measures and draws
   * every layout, so the page breaks do not depend on the surface that finally prints them. */
  doc->context = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  return doc;
}

void
mc_document_free (McDocument *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->blocks);
  g_array_unref (doc->placements);
  g_array_unref (doc->first_pages);
  g_object_unref (doc->context);
  g_free (doc->title);
  g_free (doc);
}

void
mc_document_set_title (McDocument *doc, const char *title)
{
  g_free (doc->title);
  doc->title = g_strdup (title);
}

double
mc_document_get_content_width (McDocument *doc)
{
  return doc->width - MARGIN_LEFT - MARGIN_RIGHT;
}

static Block *
add_block (McDocument *doc, BlockKind kind)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  g_ptr_array_add (doc->blocks, b);
  doc->laid_out = FALSE;
  return b;
}

/* ---- Text ---- */

static PangoLayout *
make_layout (McDocument *doc, const char *markup, double size, double width, McAlign align)
{
  PangoLayout *layout = pango_layout_new (doc->context);
  PangoFontDescription *font = pango_font_description_from_string (MC_DOCUMENT_FONT);
  g_autofree char *nfc = g_utf8_normalize (markup ? markup : "", -1, G_NORMALIZE_NFC);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  /* Codes and long words break anywhere rather than overflow their cell. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align == MC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                      : align == MC_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                      : PANGO_ALIGN_LEFT);
  pango_layout_set_justify (layout, align == MC_ALIGN_JUSTIFY);

  /* Markup comes from this layer with user text escaped; should it still be broken, show the
   * text as it is rather than nothing. */
  if (nfc != NULL && pango_parse_markup (nfc, -1, 0, NULL, NULL, NULL, NULL))
    pango_layout_set_markup (layout, nfc, -1);
  else
    pango_layout_set_text (layout, nfc ? nfc : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static void
show_layout (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* A horizontal rule centred under LAYOUT drawn at (x, y), FRACTION of its ink width. */
static void
rule_under (cairo_t *cr, PangoLayout *layout, double x, double y, double fraction)
{
  PangoRectangle ink;
  double w, cx, bottom;

  pango_layout_get_pixel_extents (layout, NULL, &ink);
  w = ink.width * fraction;
  cx = x + ink.x + ink.width / 2.0;
  bottom = y + layout_height (layout) + 1.5;
  cairo_set_line_width (cr, RULE_WIDTH);
  cairo_move_to (cr, cx - w / 2, bottom);
  cairo_line_to (cr, cx + w / 2, bottom);
  cairo_stroke (cr);
}

void
mc_document_add_paragraph (McDocument *doc, const McParagraphStyle *style, const char *markup)
{
  Block *b = add_block (doc, BLOCK_PARAGRAPH);

  b->style = *style;
  if (b->style.size <= 0)
    b->style.size = 13;
  b->markup = g_strdup (markup);
}

void
mc_document_add_text (McDocument *doc, const McParagraphStyle *style, const char *format, ...)
{
  va_list args;
  g_autofree char *markup = NULL;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  mc_document_add_paragraph (doc, style, markup);
}

void
mc_document_add_space (McDocument *doc, double points)
{
  add_block (doc, BLOCK_SPACE)->height = points;
}

void
mc_document_add_page_break (McDocument *doc)
{
  add_block (doc, BLOCK_PAGE_BREAK);
}

void
mc_document_add_document_break (McDocument *doc)
{
  add_block (doc, BLOCK_PAGE_BREAK)->restart = TRUE;
}

void
mc_document_add_drawing (McDocument *doc, double height, McDrawFunc func, gpointer user_data,
                         GDestroyNotify destroy)
{
  Block *b = add_block (doc, BLOCK_DRAWING);

  b->height = height;
  b->func = func;
  b->user_data = user_data;
  b->destroy = destroy;
}

static char **
strv_copy_n (const char *const *src, guint n)
{
  char **v = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    v[i] = g_strdup (src != NULL && src[i] != NULL ? src[i] : "");
  return v;
}

/* ---- Header ---- */

void
mc_document_add_header (McDocument *doc, const char *parent, const char *agency,
                        const char *number, const char *date_line)
{
  Block *b = add_block (doc, BLOCK_HEADER);

  b->texts = strv_copy_n ((const char *[]) { parent, agency, number, date_line }, 4);
}

typedef struct {
  PangoLayout *parent, *agency, *nation, *motto, *number, *date;
  double left_w, right_w, top_h, bottom_y, height;
} HeaderLayout;

#define HEADER_GAP 12.0

typedef enum { PLAIN, BOLD, ITALIC, BOLD_ITALIC } Face;

/* Plain TEXT (escaped here) in FACE, centred in WIDTH. */
static PangoLayout *
escaped_layout (McDocument *doc, Face face, const char *text, double size, double width)
{
  static const char *const open[] = { "", "<b>", "<i>", "<b><i>" };
  static const char *const close[] = { "", "</b>", "</i>", "</i></b>" };
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *markup = g_strconcat (open[face], escaped, close[face], NULL);

  return make_layout (doc, markup, size, width, MC_ALIGN_CENTER);
}

static void
header_layout (McDocument *doc, Block *b, HeaderLayout *h)
{
  double content = mc_document_get_content_width (doc);
  double left_h = 0, right_h;

  /* The motto needs ~245 pt of the right column; the agency names wrap on the left. */
  h->left_w = content * 0.42;
  h->right_w = content - h->left_w;
  h->parent = b->texts[0][0] ? escaped_layout (doc, PLAIN, b->texts[0], 13, h->left_w) : NULL;
  h->agency = b->texts[1][0] ? escaped_layout (doc, BOLD, b->texts[1], 13, h->left_w) : NULL;
  h->nation = escaped_layout (doc, BOLD, _("SOCIALIST REPUBLIC OF VIETNAM"), 12, h->right_w);
  h->motto = escaped_layout (doc, BOLD, _("Independence - Freedom - Happiness"), 13,
                             h->right_w);
  h->number = b->texts[2][0] ? escaped_layout (doc, PLAIN, b->texts[2], 13, h->left_w) : NULL;
  h->date = b->texts[3][0] ? escaped_layout (doc, ITALIC, b->texts[3], 13, h->right_w) : NULL;

  if (h->parent != NULL)
    left_h += layout_height (h->parent);
  if (h->agency != NULL)
    left_h += layout_height (h->agency) + 3;
  right_h = layout_height (h->nation) + layout_height (h->motto) + 3;
  h->top_h = MAX (left_h, right_h);
  h->bottom_y = h->top_h + HEADER_GAP;
  h->height = h->bottom_y + MAX (h->number ? layout_height (h->number) : 0,
                                 h->date ? layout_height (h->date) : 0) + HEADER_GAP;
}

static void
header_layout_clear (HeaderLayout *h)
{
  g_clear_object (&h->parent);
  g_clear_object (&h->agency);
  g_clear_object (&h->nation);
  g_clear_object (&h->motto);
  g_clear_object (&h->number);
  g_clear_object (&h->date);
}

static void
draw_header (McDocument *doc, Block *b, cairo_t *cr, double x, double y)
{
  HeaderLayout h = { 0 };
  double ly = y, rx;

  header_layout (doc, b, &h);
  rx = x + h.left_w;
  if (h.parent != NULL)
    {
      show_layout (cr, h.parent, x, ly);
      ly += layout_height (h.parent);
    }
  if (h.agency != NULL)
    {
      show_layout (cr, h.agency, x, ly);
      rule_under (cr, h.agency, x, ly, 0.4);
    }
  show_layout (cr, h.nation, rx, y);
  show_layout (cr, h.motto, rx, y + layout_height (h.nation));
  rule_under (cr, h.motto, rx, y + layout_height (h.nation), 1.0);
  if (h.number != NULL)
    show_layout (cr, h.number, x, y + h.bottom_y);
  if (h.date != NULL)
    show_layout (cr, h.date, rx, y + h.bottom_y);
  header_layout_clear (&h);
}

/* ---- Tables ---- */

McTable *
mc_document_add_table (McDocument *doc, guint n_columns, const double *widths, double font_size)
{
  Block *b = add_block (doc, BLOCK_TABLE);
  McTable *t = g_new0 (McTable, 1);
  double total = 0, content = mc_document_get_content_width (doc);

  g_return_val_if_fail (n_columns > 0, NULL);
  t->n_columns = n_columns;
  t->widths = g_new (double, n_columns);
  t->aligns = g_new0 (McAlign, n_columns);
  t->font_size = font_size > 0 ? font_size : 12;
  t->borders = TRUE;
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  t->row_heights = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_columns; i++)
    total += widths[i] > 0 ? widths[i] : 1;
  for (guint i = 0; i < n_columns; i++)
    t->widths[i] = (widths[i] > 0 ? widths[i] : 1) * content / total;
  b->table = t;
  return t;
}

void
mc_table_set_borders (McTable *table, gboolean borders)
{
  table->borders = borders;
}

void
mc_table_set_min_row_height (McTable *table, double points)
{
  table->min_row_height = MAX (points, 0);
}

void
mc_table_set_align (McTable *table, guint column, McAlign align)
{
  g_return_if_fail (column < table->n_columns);
  table->aligns[column] = align;
}

void
mc_table_set_header (McTable *table, const char *const *cells)
{
  g_strfreev (table->header);
  table->header = strv_copy_n (cells, table->n_columns);
}

void
mc_table_add_row (McTable *table, const char *const *cells)
{
  g_ptr_array_add (table->rows, strv_copy_n (cells, table->n_columns));
}

guint
mc_table_get_n_rows (McTable *table)
{
  return table->rows->len;
}

/* The smallest a column's heading is made so that each of its words fits whole, as a share of
 * the table's size. */
#define HEADER_MIN_SCALE 0.75

static PangoLayout *
cell_layout (McDocument *doc, McTable *t, char **cells, guint col, gboolean header)
{
  g_autofree char *markup = header ? g_strconcat ("<b>", cells[col], "</b>", NULL) : NULL;
  double width = t->widths[col] - 2 * CELL_PAD_X;
  double size = t->font_size;

  if (!header)
    return make_layout (doc, cells[col], size, width, t->aligns[col]);
  /* A heading is not broken inside a word ("Resolve-d" in a narrow column): its size is
   * lowered a little, step by step, until its longest word fits; only then may a word break. */
  for (; size > t->font_size * HEADER_MIN_SCALE; size -= t->font_size * 0.05)
    {
      g_autoptr(PangoLayout) words = make_layout (doc, markup, size, width, MC_ALIGN_CENTER);
      PangoRectangle logical;

      pango_layout_set_wrap (words, PANGO_WRAP_WORD);
      pango_layout_get_extents (words, NULL, &logical);
      if (logical.x >= 0 && logical.x + logical.width <= (int) (width * PANGO_SCALE) + 1)
        break;
    }
  return make_layout (doc, markup, MAX (size, t->font_size * HEADER_MIN_SCALE), width,
                      MC_ALIGN_CENTER);
}

static double
measure_row (McDocument *doc, McTable *t, char **cells, gboolean header)
{
  double h = 0;

  for (guint c = 0; c < t->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = cell_layout (doc, t, cells, c, header);
      h = MAX (h, layout_height (layout));
    }
  return h + 2 * CELL_PAD_Y;
}

static void
draw_row (McDocument *doc, McTable *t, cairo_t *cr, char **cells, gboolean header, double x,
          double y, double h)
{
  double cx = x;

  for (guint c = 0; c < t->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = cell_layout (doc, t, cells, c, header);
      /* Header cells are centred vertically too, as in printed registers. */
      double dy = header ? (h - 2 * CELL_PAD_Y - layout_height (layout)) / 2 : 0;

      show_layout (cr, layout, cx + CELL_PAD_X, y + CELL_PAD_Y + dy);
      if (t->borders)
        cairo_rectangle (cr, cx, y, t->widths[c], h);
      cx += t->widths[c];
    }
  if (t->borders)
    {
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
    }
}

static void
draw_table_rows (McDocument *doc, McTable *t, cairo_t *cr, double x, double y, guint from,
                 guint to)
{
  if (t->header != NULL)
    {
      draw_row (doc, t, cr, t->header, TRUE, x, y, t->header_height);
      y += t->header_height;
    }
  for (guint r = from; r < to; r++)
    {
      double h = g_array_index (t->row_heights, double, r);

      draw_row (doc, t, cr, g_ptr_array_index (t->rows, r), FALSE, x, y, h);
      y += h;
    }
}

/* ---- Signatures ---- */

void
mc_document_add_signature (McDocument *doc, const char *const *recipients,
                           const char *const *lines, const char *name)
{
  Block *b = add_block (doc, BLOCK_SIGNATURE);

  b->recipients = recipients ? g_strdupv ((char **) recipients) : NULL;
  b->texts = g_strdupv ((char **) lines);
  b->names = strv_copy_n ((const char *[]) { name }, 1);
}

void
mc_document_add_signatures (McDocument *doc, guint n, const char *const *titles,
                            const char *const *notes, const char *const *names)
{
  Block *b = add_block (doc, BLOCK_SIGNATURES);

  b->texts = strv_copy_n (titles, n);
  b->notes = strv_copy_n (notes, n);
  b->names = strv_copy_n (names, n);
}

/* The right-hand column of a signature: bold TITLE lines, an italic NOTE, room, bold NAME. */
static double
signer_column (McDocument *doc, cairo_t *cr, double x, double y, double width, const char *title,
               const char *note, const char *name)
{
  g_autoptr(PangoLayout) t = escaped_layout (doc, BOLD, title, 13, width);
  g_autoptr(PangoLayout) n = escaped_layout (doc, ITALIC, note ? note : "", 12, width);
  g_autoptr(PangoLayout) s = escaped_layout (doc, BOLD, name ? name : "", 13, width);
  double h = layout_height (t);

  if (cr != NULL)
    show_layout (cr, t, x, y);
  if (note != NULL && note[0] != '\0')
    {
      if (cr != NULL)
        show_layout (cr, n, x, y + h);
      h += layout_height (n);
    }
  h += SIGNATURE_ROOM;
  if (cr != NULL)
    show_layout (cr, s, x, y + h);
  return h + layout_height (s);
}

static double
recipients_column (McDocument *doc, cairo_t *cr, double x, double y, double width,
                   char **recipients)
{
  g_autoptr(PangoLayout) head = NULL;
  double h;

  if (recipients == NULL)
    return 0;
  head = escaped_layout (doc, BOLD_ITALIC, _("Recipients:"), 12, width);
  pango_layout_set_alignment (head, PANGO_ALIGN_LEFT);
  if (cr != NULL)
    show_layout (cr, head, x, y);
  h = layout_height (head);
  for (guint i = 0; recipients[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) line = escaped_layout (doc, PLAIN, recipients[i], 11, width);

      pango_layout_set_alignment (line, PANGO_ALIGN_LEFT);
      if (cr != NULL)
        show_layout (cr, line, x, y + h);
      h += layout_height (line);
    }
  return h;
}

/* Draws when CR is set; returns the height either way. */
static double
signature_block (McDocument *doc, Block *b, cairo_t *cr, double x, double y)
{
  double content = mc_document_get_content_width (doc);
  double h = 0;

  if (b->kind == BLOCK_SIGNATURE)
    {
      double left_w = content * 0.45;
      g_autofree char *title = g_strjoinv ("\n", b->texts);

      double signer_h = signer_column (doc, cr, x + left_w, y, content - left_w, title, NULL,
                                       b->names[0]);

      h = MAX (recipients_column (doc, cr, x, y + 6, left_w, b->recipients) + 6, signer_h);
    }
  else
    {
      guint n = g_strv_length (b->texts);
      double w = content / MAX (n, 1);

      for (guint i = 0; i < n; i++)
        {
          double column_h = signer_column (doc, cr, x + i * w, y, w, b->texts[i], b->notes[i],
                                           b->names[i]);
          h = MAX (h, column_h);
        }
    }
  return h + 6;
}

/* ---- Layout ---- */

static double
paragraph_layout_width (McDocument *doc, const McParagraphStyle *s)
{
  return mc_document_get_content_width (doc) - s->left;
}

static PangoLayout *
paragraph_layout (McDocument *doc, Block *b)
{
  PangoLayout *layout = make_layout (doc, b->markup, b->style.size,
                                     paragraph_layout_width (doc, &b->style), b->style.align);

  pango_layout_set_indent (layout, (int) (b->style.indent * PANGO_SCALE));
  return layout;
}

/* The height of the whole block, or for a table its header and first row: what must fit for the
 * block to start on this page. */
static double
block_height (McDocument *doc, Block *b, gboolean first_part)
{
  switch (b->kind)
    {
    case BLOCK_PARAGRAPH:
      {
        g_autoptr(PangoLayout) layout = paragraph_layout (doc, b);
        return b->style.space_before + layout_height (layout) + b->style.space_after;
      }
    case BLOCK_SPACE:
    case BLOCK_DRAWING:
      return b->height;
    case BLOCK_HEADER:
      {
        HeaderLayout h = { 0 };
        header_layout (doc, b, &h);
        header_layout_clear (&h);
        return h.height;
      }
    case BLOCK_TABLE:
      {
        McTable *t = b->table;
        double h = t->header != NULL ? t->header_height : 0;

        if (t->rows->len == 0)
          return h;
        if (first_part)
          return h + g_array_index (t->row_heights, double, 0);
        for (guint r = 0; r < t->rows->len; r++)
          h += g_array_index (t->row_heights, double, r);
        return h;
      }
    case BLOCK_SIGNATURE:
    case BLOCK_SIGNATURES:
      return signature_block (doc, b, NULL, 0, 0);
    case BLOCK_PAGE_BREAK:
    default:
      return 0;
    }
}

static void
measure_table (McDocument *doc, McTable *t)
{
  g_array_set_size (t->row_heights, 0);
  t->header_height = t->header != NULL ? measure_row (doc, t, t->header, TRUE) : 0;
  for (guint r = 0; r < t->rows->len; r++)
    {
      double h = MAX (measure_row (doc, t, g_ptr_array_index (t->rows, r), FALSE),
                      t->min_row_height);
      g_array_append_val (t->row_heights, h);
    }
}

static void
place (McDocument *doc, int page, guint block, double y, guint from, guint to)
{
  Placement p = { page, block, y, from, to };

  g_array_append_val (doc->placements, p);
}

static gboolean
is_signature (const Block *b)
{
  return b->kind == BLOCK_SIGNATURE || b->kind == BLOCK_SIGNATURES;
}

static Block *
block_of (McDocument *doc, const Placement *p)
{
  return g_ptr_array_index (doc->blocks, p->block);
}

/* The height of what P placed: a whole block, or a run of a table's rows under its header. */
static double
placement_height (McDocument *doc, const Placement *p)
{
  Block *b = block_of (doc, p);
  double h;

  if (b->kind != BLOCK_TABLE)
    return block_height (doc, b, FALSE);
  h = b->table->header_height;
  for (guint r = p->row_from; r < p->row_to; r++)
    h += g_array_index (b->table->row_heights, double, r);
  return h;
}

/* A signature never stands alone on a page (Decree 30): when it does not fit at the bottom of
 * PAGE, the last lines of the body go with it to the next page, where it is placed under them.
 * Those lines are the last row of a table, or else the last block with the headings kept with
 * it, as long as something stays on PAGE. Returns where the signature goes on the next page. */
static double
carry_to_next_page (McDocument *doc, int page, double top)
{
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (Placement));
  guint n = doc->placements->len, first;
  double y = top;

  /* Space at the bottom of the page is dropped: it separated what now moves. */
  while (n > 0 && g_array_index (doc->placements, Placement, n - 1).page == page &&
         block_of (doc, &g_array_index (doc->placements, Placement, n - 1))->kind == BLOCK_SPACE)
    n--;
  for (first = n; first > 0 && g_array_index (doc->placements, Placement, first - 1).page == page;
       first--)
    ;
  if (n > first)
    {
      Placement *last = &g_array_index (doc->placements, Placement, n - 1);

      if (block_of (doc, last)->kind == BLOCK_TABLE && last->row_to - last->row_from >= 2)
        {
          Placement tail = *last;

          tail.row_from = --last->row_to;
          g_array_append_val (moved, tail);
        }
      else if (n - 1 > first)
        {
          g_array_append_val (moved, *last);
          n--;
          while (n - 1 > first)
            {
              Placement *prev = &g_array_index (doc->placements, Placement, n - 1);
              Block *b = block_of (doc, prev);

              if (b->kind != BLOCK_PARAGRAPH || !b->style.keep_with_next)
                break;
              g_array_prepend_val (moved, *prev);
              n--;
            }
        }
    }
  g_array_set_size (doc->placements, n);
  for (guint i = 0; i < moved->len; i++)
    {
      Placement p = g_array_index (moved, Placement, i);

      p.page = page + 1;
      p.y = y;
      y += placement_height (doc, &p);
      g_array_append_val (doc->placements, p);
    }
  return y;
}

static void
layout (McDocument *doc)
{
  double top = MARGIN_TOP, bottom = doc->height - MARGIN_BOTTOM;
  double y = top;
  int page = 0, first_page = 0;

  if (doc->laid_out)
    return;
  g_array_set_size (doc->placements, 0);
  g_array_set_size (doc->first_pages, 0);
  g_array_append_val (doc->first_pages, first_page);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (doc->blocks, i);
      double h;

      if (b->kind == BLOCK_PAGE_BREAK)
        {
          page++;
          if (b->restart)
            first_page = page;
          g_array_append_val (doc->first_pages, first_page);
          y = top;
          continue;
        }
      if (b->kind == BLOCK_TABLE)
        {
          McTable *t = b->table;
          guint from = 0;

          measure_table (doc, t);
          if (y > top && y + block_height (doc, b, TRUE) > bottom)
            {
              page++;
              g_array_append_val (doc->first_pages, first_page);
              y = top;
            }
          /* Rows fill the page; the rest goes on the next ones, each under the header row. A
           * row taller than a whole page still gets a page of its own (and is cut there). */
          for (;;)
            {
              guint to = from;
              double ry = y + t->header_height;

              while (to < t->rows->len &&
                     (ry + g_array_index (t->row_heights, double, to) <= bottom || to == from))
                ry += g_array_index (t->row_heights, double, to++);
              place (doc, page, i, y, from, to);
              y = ry;
              if (to >= t->rows->len)
                break;
              page++;
              g_array_append_val (doc->first_pages, first_page);
              y = top;
              from = to;
            }
          continue;
        }

      h = block_height (doc, b, FALSE);
      if (b->kind == BLOCK_PARAGRAPH && b->style.keep_with_next && i + 1 < doc->blocks->len)
        {
          Block *next = g_ptr_array_index (doc->blocks, i + 1);

          if (next->kind == BLOCK_TABLE)
            measure_table (doc, next->table);
          if (y > top && y + h + block_height (doc, next, TRUE) > bottom)
            {
              page++;
              g_array_append_val (doc->first_pages, first_page);
              y = top;
            }
        }
      /* The signature block never stands alone on the last page: the paragraph before it (the
       * body's last lines) goes over with it. */
      if (b->kind == BLOCK_PARAGRAPH && y > top)
        {
          guint s = i + 1;
          double need = h;

          while (s < doc->blocks->len &&
                 ((Block *) g_ptr_array_index (doc->blocks, s))->kind == BLOCK_SPACE)
            need += block_height (doc, g_ptr_array_index (doc->blocks, s++), FALSE);
          if (s < doc->blocks->len)
            {
              Block *next = g_ptr_array_index (doc->blocks, s);

              if (next->kind == BLOCK_SIGNATURE || next->kind == BLOCK_SIGNATURES)
                {
                  need += block_height (doc, next, FALSE);
                  if (y + need > bottom && need <= bottom - top)
                    {
                      page++;
                      y = top;
                    }
                }
            }
        }
      if (y > top && y + h > bottom)
        {
          /* Space that does not fit at the bottom separates nothing there. */
          if (b->kind == BLOCK_SPACE)
            continue;
          page++;
          g_array_append_val (doc->first_pages, first_page);
          y = is_signature (b) ? carry_to_next_page (doc, page - 1, top) : top;
        }
      /* Space at the top of a page would only push the text down. */
      if (b->kind == BLOCK_SPACE && y == top)
        continue;
      place (doc, page, i, y, 0, 0);
      y += h;
    }
  doc->n_pages = page + 1;
  doc->laid_out = TRUE;
}

int
mc_document_get_n_pages (McDocument *doc)
{
  layout (doc);
  return doc->n_pages;
}

void
mc_document_get_page_size (McDocument *doc, double *width, double *height)
{
  if (width != NULL)
    *width = doc->width;
  if (height != NULL)
    *height = doc->height;
}

/* Page numbers count from the first page of the document the page belongs to (form 01's two
 * copies are two documents) and are not printed on that first page. */
static int
page_number (McDocument *doc, int page)
{
  int first = page < (int) doc->first_pages->len ? g_array_index (doc->first_pages, int, page) : 0;

  return page - first + 1;
}

static void
draw_page_number (McDocument *doc, cairo_t *cr, int page)
{
  g_autofree char *text = g_strdup_printf ("%d", page_number (doc, page));
  g_autoptr(PangoLayout) layout = make_layout (doc, text, 13, mc_document_get_content_width (doc),
                                               MC_ALIGN_CENTER);

  show_layout (cr, layout, MARGIN_LEFT, MARGIN_TOP / 2 - layout_height (layout) / 2);
}

void
mc_document_draw_page (McDocument *doc, cairo_t *cr, int page)
{
  double x = MARGIN_LEFT;

  layout (doc);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page_number (doc, page) > 1)
    draw_page_number (doc, cr, page);

  for (guint i = 0; i < doc->placements->len; i++)
    {
      Placement *p = &g_array_index (doc->placements, Placement, i);
      Block *b = g_ptr_array_index (doc->blocks, p->block);

      if (p->page != page)
        continue;
      switch (b->kind)
        {
        case BLOCK_PARAGRAPH:
          {
            g_autoptr(PangoLayout) layout = paragraph_layout (doc, b);
            show_layout (cr, layout, x + b->style.left, p->y + b->style.space_before);
          }
          break;
        case BLOCK_HEADER:
          draw_header (doc, b, cr, x, p->y);
          break;
        case BLOCK_TABLE:
          draw_table_rows (doc, b->table, cr, x, p->y, p->row_from, p->row_to);
          break;
        case BLOCK_DRAWING:
          cairo_save (cr);
          cairo_translate (cr, x, p->y);
          cairo_rectangle (cr, 0, 0, mc_document_get_content_width (doc), b->height);
          cairo_clip (cr);
          b->func (cr, mc_document_get_content_width (doc), b->height, b->user_data);
          cairo_restore (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          break;
        case BLOCK_SIGNATURE:
        case BLOCK_SIGNATURES:
          signature_block (doc, b, cr, x, p->y);
          break;
        case BLOCK_SPACE:
        case BLOCK_PAGE_BREAK:
        default:
          break;
        }
    }
  cairo_restore (cr);
}

/* Official documents name citizens: the file is its owner's only (0600), as the database is,
 * also when it replaces an older one. Cairo then writes into it. */
void
mc_document_create_private (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  if (fd >= 0)
    g_close (fd, NULL);
  g_chmod (path, 0600);
}

gboolean
mc_document_write_pdf (McDocument *doc, const char *path, GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  int n = mc_document_get_n_pages (doc);

  mc_document_create_private (path);
  surface = cairo_pdf_surface_create (path, doc->width, doc->height);

  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Một Cửa");
      if (doc->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
      for (int page = 0; page < n; page++)
        {
          mc_document_draw_page (doc, cr, page);
          cairo_show_page (cr);
        }
      cairo_destroy (cr);
      cairo_surface_finish (surface);
    }
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not write the PDF file “%s”: %s."), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
