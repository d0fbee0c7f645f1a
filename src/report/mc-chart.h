/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Charts shared by the dashboard (gtk_snapshot_append_cairo) and the printed report: pure drawing
 * into the rectangle (0, 0, width, height) of a cairo_t, in its user units (pixels on screen, points
 * on paper). Text and axes take the cairo_t's current source colour (the widget's foreground, black
 * on paper); bars are dark when they reach their target and light when not, so the difference
 * survives greyscale printing. Numbers follow mc-text's number style. A chart with no values draws
 * an empty state. */

typedef struct {
  char      *title;         /* may be NULL */
  gboolean   percent;       /* values are percentages */
  GPtrArray *labels;        /* char *, one per point */
  GArray    *values;        /* double, NAN: no value */
  GArray    *targets;       /* double, NAN: no target for that point */
  char      *value_label;   /* legend, may be NULL */
  char      *target_label;  /* legend, may be NULL */
  char      *font_family;   /* NULL: the document's serif */
  guint      projected;     /* line: the last PROJECTED points are a projection, drawn hollow
                             * and joined by a dashed line */
  GArray    *boxes;         /* cairo_rectangle_t per point: where the last drawing put it
                             * (its column or row, empty when not drawn), for hit tests */
} McChartData;

McChartData *mc_chart_data_new   (const char *title, gboolean percent);
void         mc_chart_data_free  (McChartData *data);
/* One point: LABEL, VALUE, and its TARGET (NAN for none). */
void         mc_chart_data_add   (McChartData *data, const char *label, double value, double target);
void         mc_chart_data_set_legend (McChartData *data, const char *value_label,
                                       const char *target_label);
guint        mc_chart_data_get_n (const McChartData *data);
/* The point whose column (bars, line) or row (horizontal bars) holds (X, Y) in the last drawing
 * of DATA, or -1: what a tooltip shows. */
int          mc_chart_data_hit   (const McChartData *data, double x, double y);

/* Vertical bars, each with its own target line (KPIs against the year's targets). */
void mc_chart_draw_bars  (cairo_t *cr, double width, double height, const McChartData *data);
/* A line through the points, labels under them (months), targets as a dashed line. */
void mc_chart_draw_line  (cairo_t *cr, double width, double height, const McChartData *data);
/* Horizontal bars with the labels on the left (officers). */
void mc_chart_draw_hbars (cairo_t *cr, double width, double height, const McChartData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McChartData, mc_chart_data_free)

G_END_DECLS
