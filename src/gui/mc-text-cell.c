/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A table's cell of one line of text, measured once (mc-text-cell.h). */
#include "config.h"

#include "mc-text-cell.h"

struct _McTextCell {
  GtkWidget    parent_instance;
  char        *text;
  /* Of the text at layout_width, made when drawn. It is over the widget's own pango context,
   * which GTK keeps to the widget's font: a new font lays it out again by itself. */
  PangoLayout *layout;
  int          layout_width;
};

G_DEFINE_FINAL_TYPE (McTextCell, mc_text_cell, GTK_TYPE_WIDGET)

static PangoLayout *
ensure_layout (McTextCell *self,
               int         width)
{
  if (self->layout != NULL && self->layout_width == width)
    return self->layout;
  g_clear_object (&self->layout);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_set_width (self->layout, MAX (width, 0) * PANGO_SCALE);
  self->layout_width = width;
  return self->layout;
}

/* The height of a line of the context's font. Every cell of a table has the same font, and
 * pango_context_get_metrics shapes sample text each time (a third of a queue's layout when
 * each new cell asked): the last font's answer is kept. Main thread only, as widgets are. */
static int
line_height (PangoContext *context)
{
  static PangoFontDescription *font;
  static PangoLanguage *language;
  static int height;
  const PangoFontDescription *now = pango_context_get_font_description (context);
  PangoFontMetrics *metrics;
  int h;

  if (font != NULL && language == pango_context_get_language (context) &&
      pango_font_description_equal (font, now))
    return height;
  metrics = pango_context_get_metrics (context, NULL, NULL);
  h = pango_font_metrics_get_height (metrics);
  /* A font without a line height reports 0: its ascent and descent then. */
  if (h <= 0)
    h = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);
  g_clear_pointer (&font, pango_font_description_free);
  font = pango_font_description_copy (now);
  language = pango_context_get_language (context);
  height = PANGO_PIXELS_CEIL (h);
  return height;
}

static void
mc_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The column decides the width (the queue's columns have fixed widths). */
      *minimum = *natural = 0;
      return;
    }
  *minimum = *natural = line_height (gtk_widget_get_pango_context (widget));
}

static void
mc_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  McTextCell *self = MC_TEXT_CELL (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA color;
  PangoLayout *layout;
  int width = gtk_widget_get_width (widget);
  int layout_height;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;
  layout = ensure_layout (self, width);
  pango_layout_set_alignment (layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_size (layout, NULL, &layout_height);
  gtk_style_context_get_color (style, &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (0, (gtk_widget_get_height (widget) -
                                                    layout_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* The whole text, when the cell cuts it. Asked for when the pointer rests on the cell, not set at
 * each bind: gtk_widget_set_tooltip_text asks the display where the pointer is, a round trip per
 * cell that made a new page of rows take a fifth of a second. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  McTextCell *self = MC_TEXT_CELL (widget);

  if (self->text == NULL || self->text[0] == '\0' ||
      !pango_layout_is_ellipsized (ensure_layout (self, gtk_widget_get_width (widget))))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

static void
mc_text_cell_finalize (GObject *object)
{
  McTextCell *self = MC_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_free (self->text);
  G_OBJECT_CLASS (mc_text_cell_parent_class)->finalize (object);
}

static void
mc_text_cell_class_init (McTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_text_cell_finalize;
  widget_class->measure = mc_text_cell_measure;
  widget_class->snapshot = mc_text_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
mc_text_cell_init (McTextCell *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
mc_text_cell_new (void)
{
  return g_object_new (MC_TYPE_TEXT_CELL, NULL);
}

void
mc_text_cell_set_text (McTextCell *self,
                       const char *text)
{
  g_return_if_fail (MC_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "", -1);
  /* Its size does not depend on the text: drawn again, not measured. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mc_text_cell_get_text (McTextCell *self)
{
  g_return_val_if_fail (MC_IS_TEXT_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}
