/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One line of text in a table's cell, ellipsized at the cell's end (its whole text in a tooltip
 * when it does not fit). Unlike a GtkLabel, its size never depends on its text: one line of its
 * font, as wide as the column gives. GTK 4.8's tables keep up to 200 rows bound, seen or not, and
 * measured a GtkLabel per cell each time a row was bound again (a queue of eight columns: 70 ms
 * of layout after each search, 1,600 labels); this one is measured once, and its text is laid
 * out only when it is drawn. Its CSS name is "label", so the theme's rules for labels apply. */
#define MC_TYPE_TEXT_CELL (mc_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (McTextCell, mc_text_cell, MC, TEXT_CELL, GtkWidget)

GtkWidget  *mc_text_cell_new      (void);
void        mc_text_cell_set_text (McTextCell *self, const char *text);
const char *mc_text_cell_get_text (McTextCell *self);

G_END_DECLS
