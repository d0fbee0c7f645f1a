/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mc-text.h"
#include "mc-document.h"
#include "mc-chart.h"

/* Light and dark fills that stay apart in greyscale (luminance ~0.27 and ~0.75). */
#define DARK_R 0.12
#define DARK_G 0.31
#define DARK_B 0.47
#define LIGHT_R 0.64
#define LIGHT_G 0.78
#define LIGHT_B 0.91
#define MIN_FONT 4.5

McChartData *
mc_chart_data_new (const char *title, gboolean percent)
{
  McChartData *data = g_new0 (McChartData, 1);

  data->title = g_strdup (title);
  data->percent = percent;
  data->labels = g_ptr_array_new_with_free_func (g_free);
  data->values = g_array_new (FALSE, FALSE, sizeof (double));
  data->targets = g_array_new (FALSE, FALSE, sizeof (double));
  data->boxes = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
  return data;
}

void
mc_chart_data_free (McChartData *data)
{
  if (data == NULL)
    return;
  g_free (data->title);
  g_ptr_array_unref (data->labels);
  g_array_unref (data->values);
  g_array_unref (data->targets);
  g_array_unref (data->boxes);
  g_free (data->value_label);
  g_free (data->target_label);
  g_free (data->font_family);
  g_free (data);
}

void
mc_chart_data_add (McChartData *data, const char *label, double value, double target)
{
  g_ptr_array_add (data->labels, g_strdup (label ? label : ""));
  g_array_append_val (data->values, value);
  g_array_append_val (data->targets, target);
}

void
mc_chart_data_set_legend (McChartData *data, const char *value_label, const char *target_label)
{
  g_free (data->value_label);
  g_free (data->target_label);
  data->value_label = g_strdup (value_label);
  data->target_label = g_strdup (target_label);
}

guint
mc_chart_data_get_n (const McChartData *data)
{
  return data->values->len;
}

int
mc_chart_data_hit (const McChartData *data, double x, double y)
{
  for (guint i = 0; i < data->boxes->len; i++)
    {
      const cairo_rectangle_t *b = &g_array_index (data->boxes, cairo_rectangle_t, i);

      if (x >= b->x && x < b->x + b->width && y >= b->y && y < b->y + b->height)
        return (int) i;
    }
  return -1;
}

/* Drawing fills in where each point went; the array is a cache, not part of the data. */
static void
set_box (const McChartData *data, guint i, double x, double y, double w, double h)
{
  cairo_rectangle_t *b = &g_array_index (data->boxes, cairo_rectangle_t, i);

  b->x = x;
  b->y = y;
  b->width = w;
  b->height = h;
}

/* ---- Shared parts ---- */

typedef struct {
  cairo_t           *cr;
  cairo_pattern_t   *ink;
  const McChartData *data;
  double             width, height;
  double             fs;          /* base font size, user units */
  double             pad;
  double             top;         /* below the title */
  double             bottom;      /* above the legend */
  double             lo, hi, step;
  gboolean           any_below;
  gboolean           any_target;
} Chart;

static double
value_at (const McChartData *d, guint i)
{
  return g_array_index (d->values, double, i);
}

static double
target_at (const McChartData *d, guint i)
{
  return g_array_index (d->targets, double, i);
}

static gboolean
is_below (const McChartData *d, guint i)
{
  return !isnan (target_at (d, i)) && !isnan (value_at (d, i)) && value_at (d, i) < target_at (d, i);
}

static PangoLayout *
chart_layout (Chart *c, const char *text, double size, gboolean bold, double max_width,
              int max_lines)
{
  PangoLayout *layout = pango_cairo_create_layout (c->cr);
  PangoFontDescription *font = pango_font_description_from_string (
      c->data->font_family ? c->data->font_family : MC_DOCUMENT_FONT);

  pango_font_description_set_absolute_size (font, MAX (size, MIN_FONT) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -MAX (max_lines, 1));
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
layout_size (PangoLayout *layout, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w != NULL)
    *w = (double) logical.width / PANGO_SCALE;
  if (h != NULL)
    *h = (double) logical.height / PANGO_SCALE;
}

static void
use_ink (Chart *c)
{
  cairo_set_source (c->cr, c->ink);
}

/* Draws LAYOUT with its logical box's horizontal anchor at X (0 left, 0.5 centre, 1 right) and
 * its top at Y. */
static void
show_at (Chart *c, PangoLayout *layout, double x, double y, double anchor)
{
  double w;

  layout_size (layout, &w, NULL);
  if (pango_layout_get_width (layout) > 0)
    w = (double) pango_layout_get_width (layout) / PANGO_SCALE;
  use_ink (c);
  cairo_move_to (c->cr, x - anchor * w, y);
  pango_cairo_show_layout (c->cr, layout);
}

static char *
format_value (const McChartData *d, double value, gboolean axis)
{
  if (isnan (value))
    return g_strdup ("—");
  if (d->percent)
    return mc_format_percent (value, axis ? 0 : 2);
  if (axis || value == floor (value))
    return mc_format_int ((gint64) llround (value));
  return mc_format_decimal (value, 1);
}

/* A single line of text shrunk until it fits WIDTH; NULL when it cannot be read that small. */
static PangoLayout *
fitted_layout (Chart *c, const char *text, double size, double width)
{
  PangoLayout *layout = chart_layout (c, text, size, FALSE, 0, 1);
  double w;

  layout_size (layout, &w, NULL);
  if (w <= width)
    return layout;
  g_object_unref (layout);
  if (size * width / w < MIN_FONT)
    return NULL;
  return chart_layout (c, text, size * width / w * 0.98, FALSE, 0, 1);
}

static double
nice_step (double x)
{
  double e, f;

  if (x <= 0 || isnan (x))
    return 1;
  e = pow (10, floor (log10 (x)));
  f = x / e;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
}

/* The value axis: percentages from 0 (or, for a line, from a little below the lowest point, so a
 * year near 97% is not a flat line) to 100; counts from 0 to a round number above the largest. */
static void
value_range (Chart *c, gboolean from_zero)
{
  const McChartData *d = c->data;
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < d->values->len; i++)
    {
      double v[2] = { value_at (d, i), target_at (d, i) };

      for (int k = 0; k < 2; k++)
        if (!isnan (v[k]))
          {
            lo = MIN (lo, v[k]);
            hi = MAX (hi, v[k]);
          }
    }
  if (d->percent)
    {
      c->hi = MAX (100, hi);
      c->lo = from_zero || !isfinite (lo) ? 0 : MAX (0, floor ((lo - 2) / 10) * 10);
      c->lo = MIN (c->lo, 80);
      c->step = nice_step ((c->hi - c->lo) / 5);
    }
  else
    {
      c->lo = 0;
      c->step = MAX (1, nice_step (MAX (hi, 1) / 4));
      c->hi = MAX (c->step, ceil (MAX (hi, 1) / c->step) * c->step);
    }
}

static gboolean
has_values (const McChartData *d)
{
  for (guint i = 0; i < d->values->len; i++)
    if (!isnan (value_at (d, i)))
      return TRUE;
  return FALSE;
}

static void
legend_swatch (Chart *c, double x, double y, double s, int kind)
{
  cairo_t *cr = c->cr;

  if (kind == 2)
    {
      use_ink (c);
      cairo_set_line_width (cr, MAX (1, s / 6));
      cairo_set_dash (cr, (double[]) { s / 3, s / 6 }, 2, 0);
      cairo_move_to (cr, x, y + s / 2);
      cairo_line_to (cr, x + s * 1.5, y + s / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }
  cairo_rectangle (cr, x, y, s, s);
  if (kind == 0)
    cairo_set_source_rgb (cr, DARK_R, DARK_G, DARK_B);
  else
    cairo_set_source_rgb (cr, LIGHT_R, LIGHT_G, LIGHT_B);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, DARK_R, DARK_G, DARK_B);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
}

/* Title on top, legend at the bottom; sets c->top and c->bottom to the space left between. */
static void
frame (Chart *c, gboolean show_below)
{
  const char *names[3] = { c->data->value_label, _("Below target"), c->data->target_label };
  gboolean shown[3] = { names[0] != NULL, show_below && c->any_below,
                        names[2] != NULL && c->any_target };
  double fs = c->fs * 0.9, total = 0, x, s;
  PangoLayout *layouts[3] = { NULL };

  c->top = c->pad;
  c->bottom = c->height - c->pad;
  if (c->data->title != NULL && c->data->title[0] != '\0')
    {
      g_autoptr(PangoLayout) t = chart_layout (c, c->data->title, c->fs * 1.1, TRUE,
                                               c->width - 2 * c->pad, 2);
      double h;

      pango_layout_set_alignment (t, PANGO_ALIGN_CENTER);
      layout_size (t, NULL, &h);
      show_at (c, t, c->width / 2, c->top, 0.5);
      c->top += h + c->pad * 0.5;
    }

  for (int round = 0; round < 2; round++)
    {
      total = 0;
      for (int k = 0; k < 3; k++)
        if (shown[k])
          {
            double w;

            g_clear_object (&layouts[k]);
            layouts[k] = chart_layout (c, names[k], fs, FALSE, 0, 1);
            layout_size (layouts[k], &w, NULL);
            total += fs * (k == 2 ? 1.5 : 1.0) + fs * 0.4 + w + fs;
          }
      if (total <= c->width - 2 * c->pad || fs <= MIN_FONT)
        break;
      fs = MAX (MIN_FONT, fs * (c->width - 2 * c->pad) / total);
    }
  if (total > 0 && total <= c->width - 2 * c->pad)
    {
      double h;

      layout_size (layouts[0] ? layouts[0] : layouts[1] ? layouts[1] : layouts[2], NULL, &h);
      c->bottom -= h;
      x = (c->width - total + fs) / 2;
      s = fs * 0.8;
      for (int k = 0; k < 3; k++)
        if (shown[k])
          {
            double w;

            legend_swatch (c, x, c->bottom + (h - s) / 2, s, k);
            x += s * (k == 2 ? 1.5 : 1.0) + fs * 0.4;
            show_at (c, layouts[k], x, c->bottom, 0);
            layout_size (layouts[k], &w, NULL);
            x += w + fs;
          }
      c->bottom -= c->pad * 0.5;
    }
  for (int k = 0; k < 3; k++)
    g_clear_object (&layouts[k]);
}

static void
empty_state (Chart *c)
{
  g_autoptr(PangoLayout) msg = NULL;
  double w = c->width - 2 * c->pad, h;

  frame (c, FALSE);
  msg = chart_layout (c, _("No data for this period"), c->fs, FALSE, MAX (w, 1), 3);
  pango_layout_set_alignment (msg, PANGO_ALIGN_CENTER);
  layout_size (msg, NULL, &h);
  cairo_set_source_rgba (c->cr, 0.5, 0.5, 0.5, 0.8);
  cairo_set_line_width (c->cr, 1);
  cairo_set_dash (c->cr, (double[]) { 3, 3 }, 2, 0);
  cairo_rectangle (c->cr, c->pad, c->top, w, MAX (c->bottom - c->top, 1));
  cairo_stroke (c->cr);
  cairo_set_dash (c->cr, NULL, 0, 0);
  show_at (c, msg, c->width / 2, MAX (c->top, (c->top + c->bottom - h) / 2), 0.5);
}

/* Starts a chart; FALSE when there is nothing to draw but the empty state (already drawn). */
static gboolean
chart_begin (Chart *c, cairo_t *cr, double width, double height, const McChartData *data)
{
  c->cr = cr;
  c->data = data;
  c->width = width;
  c->height = height;
  c->ink = cairo_pattern_reference (cairo_get_source (cr));
  g_array_set_size (data->boxes, 0);
  g_array_set_size (data->boxes, data->values->len);
  /* Text grows with the chart, within what reads on a screen and on paper. */
  c->fs = CLAMP (MIN (width / 28, height / 12), 5.5, 11);
  c->pad = c->fs * 0.5;
  for (guint i = 0; i < data->values->len; i++)
    {
      c->any_below |= is_below (data, i);
      c->any_target |= !isnan (target_at (data, i));
    }
  cairo_save (cr);
  if (width < 40 || height < 30)
    return FALSE;
  if (!has_values (data))
    {
      empty_state (c);
      return FALSE;
    }
  return TRUE;
}

static void
chart_end (Chart *c)
{
  cairo_restore (c->cr);
  cairo_pattern_destroy (c->ink);
}

/* Horizontal grid lines and their labels on the left; returns the labels' width. */
static double
axis_width (Chart *c)
{
  double wmax = 0;

  for (double v = c->lo; v <= c->hi + c->step / 1000; v += c->step)
    {
      g_autofree char *text = format_value (c->data, v, TRUE);
      g_autoptr(PangoLayout) l = chart_layout (c, text, c->fs * 0.85, FALSE, 0, 1);
      double w;

      layout_size (l, &w, NULL);
      wmax = MAX (wmax, w);
    }
  return wmax;
}

static double
y_of (Chart *c, double v, double top, double bottom)
{
  return bottom - (CLAMP (v, c->lo, c->hi) - c->lo) / (c->hi - c->lo) * (bottom - top);
}

static void
draw_value_axis (Chart *c, double x, double left, double right, double top, double bottom)
{
  cairo_t *cr = c->cr;

  for (double v = c->lo; v <= c->hi + c->step / 1000; v += c->step)
    {
      g_autofree char *text = format_value (c->data, v, TRUE);
      g_autoptr(PangoLayout) l = chart_layout (c, text, c->fs * 0.85, FALSE, 0, 1);
      double y = y_of (c, v, top, bottom), h;

      layout_size (l, NULL, &h);
      show_at (c, l, x, CLAMP (y - h / 2, 0, c->height - h), 1.0);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.35);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
    }
  use_ink (c);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);
}

static void
target_segment (Chart *c, double x0, double y0, double x1, double y1)
{
  use_ink (c);
  cairo_set_line_width (c->cr, MAX (1, c->fs / 7));
  cairo_set_dash (c->cr, (double[]) { c->fs * 0.4, c->fs * 0.2 }, 2, 0);
  cairo_move_to (c->cr, x0, y0);
  cairo_line_to (c->cr, x1, y1);
  cairo_stroke (c->cr);
  cairo_set_dash (c->cr, NULL, 0, 0);
}

static void
bar_fill (Chart *c, guint i, double x, double y, double w, double h)
{
  cairo_rectangle (c->cr, x, y, w, h);
  if (is_below (c->data, i))
    {
      cairo_set_source_rgb (c->cr, LIGHT_R, LIGHT_G, LIGHT_B);
      cairo_fill_preserve (c->cr);
      cairo_set_source_rgb (c->cr, DARK_R, DARK_G, DARK_B);
      cairo_set_line_width (c->cr, 0.75);
      cairo_stroke (c->cr);
    }
  else
    {
      cairo_set_source_rgb (c->cr, DARK_R, DARK_G, DARK_B);
      cairo_fill (c->cr);
    }
}

/* How many labels to skip so that ones of width LABEL_W do not collide in slots of SLOT. */
static guint
label_stride (double label_w, double slot)
{
  return slot <= 0 ? 1 : MAX (1, (guint) ceil (label_w * 1.1 / slot));
}

/* Height of the category labels under a plot of N slots (up to LINES lines each). */
static double
category_labels_height (Chart *c, double slot, int lines)
{
  double hmax = 0;

  for (guint i = 0; i < c->data->labels->len; i++)
    {
      g_autoptr(PangoLayout) l = chart_layout (c, g_ptr_array_index (c->data->labels, i),
                                               c->fs * 0.85, FALSE, MAX (slot * 0.96, 1), lines);
      double h;

      layout_size (l, NULL, &h);
      hmax = MAX (hmax, h);
    }
  return hmax;
}

static double
widest_label (Chart *c, gboolean values)
{
  double wmax = 0;

  for (guint i = 0; i < c->data->labels->len; i++)
    {
      g_autofree char *v = values ? format_value (c->data, value_at (c->data, i), FALSE) : NULL;
      g_autoptr(PangoLayout) l = chart_layout (c, values ? v : g_ptr_array_index (c->data->labels, i),
                                               c->fs * 0.85, FALSE, 0, 1);
      double w;

      layout_size (l, &w, NULL);
      wmax = MAX (wmax, w);
    }
  return wmax;
}

/* ---- Vertical bars ---- */

void
mc_chart_draw_bars (cairo_t *cr, double width, double height, const McChartData *data)
{
  Chart c = { 0 };
  double left, right, top, bottom, slot, labels_h, value_h;
  guint n = data->values->len;

  if (!chart_begin (&c, cr, width, height, data))
    {
      chart_end (&c);
      return;
    }
  value_range (&c, TRUE);
  frame (&c, TRUE);
  left = c.pad + axis_width (&c) + c.pad * 0.6;
  right = width - c.pad;
  slot = (right - left) / n;
  labels_h = category_labels_height (&c, slot, 3);
  value_h = c.fs * 1.2;
  top = c.top + value_h;
  bottom = c.bottom - labels_h - c.pad * 0.4;
  if (bottom - top < c.fs)
    {
      chart_end (&c);
      return;
    }
  draw_value_axis (&c, left - c.pad * 0.6, left, right, top, bottom);

  for (guint i = 0; i < n; i++)
    {
      double v = value_at (data, i), t = target_at (data, i);
      double bw = MIN (slot * 0.6, c.fs * 6), x = left + i * slot + (slot - bw) / 2;
      g_autoptr(PangoLayout) label = chart_layout (&c, g_ptr_array_index (data->labels, i),
                                                   c.fs * 0.85, FALSE, slot * 0.96, 3);

      set_box (data, i, left + i * slot, c.top, slot, bottom - c.top);
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      if (slot >= MIN_FONT * 2)
        show_at (&c, label, left + (i + 0.5) * slot, bottom + c.pad * 0.4, 0.5);
      if (!isnan (v))
        {
          double y = y_of (&c, v, top, bottom);
          g_autofree char *text = format_value (data, v, FALSE);
          g_autoptr(PangoLayout) value = fitted_layout (&c, text, c.fs * 0.9, slot * 0.98);
          double vh;

          bar_fill (&c, i, x, y, bw, bottom - y);
          /* Above the bar and above its target line, so neither crosses the figure. */
          if (!isnan (t))
            y = MIN (y, y_of (&c, t, top, bottom) - MAX (1, c.fs / 7));
          if (value != NULL)
            {
              layout_size (value, NULL, &vh);
              show_at (&c, value, left + (i + 0.5) * slot, MAX (y - vh - 1, c.top), 0.5);
            }
        }
      else
        {
          /* No denominator: say so, rather than a gap that reads as zero. */
          g_autoptr(PangoLayout) na = fitted_layout (&c, _("n/a"), c.fs * 0.9, slot * 0.98);
          double nh;

          if (na != NULL)
            {
              layout_size (na, NULL, &nh);
              show_at (&c, na, left + (i + 0.5) * slot, bottom - nh - 1, 0.5);
            }
        }
      if (!isnan (t))
        {
          double ty = y_of (&c, t, top, bottom);
          target_segment (&c, x - slot * 0.12, ty, x + bw + slot * 0.12, ty);
        }
    }
  chart_end (&c);
}

/* ---- Line ---- */

void
mc_chart_draw_line (cairo_t *cr, double width, double height, const McChartData *data)
{
  Chart c = { 0 };
  double left, right, top, bottom, slot, labels_h, r;
  guint n = data->values->len, label_k, value_k;
  gboolean pen_down = FALSE;

  if (!chart_begin (&c, cr, width, height, data))
    {
      chart_end (&c);
      return;
    }
  value_range (&c, FALSE);
  frame (&c, FALSE);
  left = c.pad + axis_width (&c) + c.pad * 0.6;
  right = width - c.pad;
  slot = (right - left) / n;
  /* Long labels are cut short rather than leave most points unlabelled. */
  label_k = label_stride (MIN (widest_label (&c, FALSE), MAX (slot, (right - left) / 6)), slot);
  value_k = label_stride (widest_label (&c, TRUE), slot);
  labels_h = category_labels_height (&c, slot * label_k, 1);
  top = c.top + c.fs * 1.3;
  bottom = c.bottom - labels_h - c.pad * 0.4;
  r = MAX (1.5, c.fs * 0.28);
  if (bottom - top < c.fs)
    {
      chart_end (&c);
      return;
    }
  draw_value_axis (&c, left - c.pad * 0.6, left, right, top, bottom);

  /* Targets first, so the line reads on top of them; a change of year changes the target. */
  for (guint i = 0; i < n; i++)
    if (!isnan (target_at (data, i)))
      {
        double ty = y_of (&c, target_at (data, i), top, bottom);
        target_segment (&c, left + i * slot, ty, left + (i + 1) * slot, ty);
      }

  /* The counted points solid, the projection dashed on from the last of them. */
  for (int part = 0; part < 2; part++)
    {
      guint first_projected = n - MIN (data->projected, n);
      guint from = part == 0 ? 0 : (first_projected > 0 ? first_projected - 1 : 0);
      guint until = part == 0 ? first_projected : n;

      pen_down = FALSE;
      cairo_set_source_rgb (cr, DARK_R, DARK_G, DARK_B);
      cairo_set_line_width (cr, MAX (1.2, c.fs / 5));
      if (part == 1)
        cairo_set_dash (cr, (double[]) { c.fs * 0.5, c.fs * 0.3 }, 2, 0);
      for (guint i = from; i < until; i++)
        {
          double v = value_at (data, i);

          if (isnan (v))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, left + (i + 0.5) * slot, y_of (&c, v, top, bottom));
          else
            cairo_move_to (cr, left + (i + 0.5) * slot, y_of (&c, v, top, bottom));
          pen_down = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  for (guint i = 0; i < n; i++)
    {
      double v = value_at (data, i), x = left + (i + 0.5) * slot;

      set_box (data, i, left + i * slot, c.top, slot, bottom - c.top);
      if (i % label_k == 0)
        {
          double lw = MIN (slot * label_k * 0.96, width - 2 * c.pad);
          g_autoptr(PangoLayout) label = chart_layout (&c, g_ptr_array_index (data->labels, i),
                                                       c.fs * 0.85, FALSE, lw, 1);

          pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
          show_at (&c, label, CLAMP (x, c.pad + lw / 2, width - c.pad - lw / 2),
                   bottom + c.pad * 0.4, 0.5);
        }
      if (isnan (v))
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, x, y_of (&c, v, top, bottom), r, 0, 2 * G_PI);
      if (i + data->projected >= n)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else if (is_below (data, i))
        cairo_set_source_rgb (cr, LIGHT_R, LIGHT_G, LIGHT_B);
      else
        cairo_set_source_rgb (cr, DARK_R, DARK_G, DARK_B);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, DARK_R, DARK_G, DARK_B);
      cairo_set_line_width (cr, 0.75);
      cairo_stroke (cr);
      if (i % value_k == 0)
        {
          g_autofree char *text = format_value (data, v, FALSE);
          g_autoptr(PangoLayout) value = fitted_layout (&c, text, c.fs * 0.85,
                                                        slot * value_k * 0.98);
          double vh, vw;

          if (value == NULL)
            continue;
          layout_size (value, &vw, &vh);
          show_at (&c, value, CLAMP (x, vw / 2, width - vw / 2),
                   MAX (y_of (&c, v, top, bottom) - r - vh, c.top), 0.5);
        }
    }
  chart_end (&c);
}

/* ---- Horizontal bars ---- */

void
mc_chart_draw_hbars (cairo_t *cr, double width, double height, const McChartData *data)
{
  Chart c = { 0 };
  double left, right, top, bottom, row, labels_w, values_w, fs, axis_h;
  guint n = data->values->len, shown;

  if (!chart_begin (&c, cr, width, height, data))
    {
      chart_end (&c);
      return;
    }
  value_range (&c, TRUE);
  frame (&c, TRUE);
  labels_w = MIN (widest_label (&c, FALSE), width * 0.35);
  values_w = widest_label (&c, TRUE);
  left = c.pad + labels_w + c.pad * 0.6;
  right = width - c.pad - values_w - c.pad * 0.4;
  axis_h = c.fs * 1.2;
  top = c.top;
  bottom = c.bottom - axis_h;
  if (bottom - top < c.fs || right - left < c.fs)
    {
      chart_end (&c);
      return;
    }

  /* Rows shrink their text down to a legible minimum; beyond that the last row says how many
   * more there are. */
  row = (bottom - top) / n;
  shown = n;
  if (row < MIN_FONT * 1.3)
    {
      shown = MAX (1, (guint) floor ((bottom - top) / (MIN_FONT * 1.3)) - 1);
      row = (bottom - top) / (shown + 1);
    }
  fs = MIN (c.fs * 0.85, row / 1.3);

  /* Grid and axis at the bottom. */
  for (double v = c.lo; v <= c.hi + c.step / 1000; v += c.step)
    {
      g_autofree char *text = format_value (data, v, TRUE);
      g_autoptr(PangoLayout) l = chart_layout (&c, text, c.fs * 0.8, FALSE, 0, 1);
      double x = left + (v - c.lo) / (c.hi - c.lo) * (right - left), w;

      layout_size (l, &w, NULL);
      show_at (&c, l, CLAMP (x, w / 2, width - w / 2), bottom + 1, 0.5);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.35);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }
  use_ink (&c);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, bottom);
  cairo_stroke (cr);

  for (guint i = 0; i < shown; i++)
    {
      double v = value_at (data, i), t = target_at (data, i), y = top + i * row;
      double bh = row * 0.62, lh;
      g_autoptr(PangoLayout) label = chart_layout (&c, g_ptr_array_index (data->labels, i), fs,
                                                   FALSE, labels_w, row >= fs * 2.6 ? 2 : 1);

      set_box (data, i, 0, y, width, row);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      layout_size (label, NULL, &lh);
      show_at (&c, label, left - c.pad * 0.6, y + (row - lh) / 2, 1.0);
      if (!isnan (v))
        {
          double w = (CLAMP (v, c.lo, c.hi) - c.lo) / (c.hi - c.lo) * (right - left), vh;
          g_autofree char *text = format_value (data, v, FALSE);
          g_autoptr(PangoLayout) value = chart_layout (&c, text, fs, FALSE, 0, 1);

          bar_fill (&c, i, left, y + (row - bh) / 2, w, bh);
          layout_size (value, NULL, &vh);
          show_at (&c, value, left + w + c.pad * 0.4, y + (row - vh) / 2, 0);
        }
      if (!isnan (t))
        {
          double tx = left + (CLAMP (t, c.lo, c.hi) - c.lo) / (c.hi - c.lo) * (right - left);
          target_segment (&c, tx, y + row * 0.08, tx, y + row * 0.92);
        }
    }
  if (shown < n)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more"), n - shown);
      g_autoptr(PangoLayout) l = chart_layout (&c, more, fs, FALSE, right - left, 1);
      double lh;

      layout_size (l, NULL, &lh);
      show_at (&c, l, left + c.pad * 0.4, top + shown * row + (row - lh) / 2, 0);
    }
  chart_end (&c);
}
