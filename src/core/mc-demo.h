/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  dossiers;   /* default 6000 */
  int     year;       /* the demo's last year; default: the current year */
  guint32 seed;       /* default 1; the same seed gives the same data */
} McDemoOptions;

/* The officers (with the accounts README lists) and the dossiers of a realistic commune, into an
 * empty, initialised store. */
gboolean mc_demo_fill (McStore *store, const McDemoOptions *options,
                       McProgressFunc progress, gpointer progress_data, GError **error);

G_END_DECLS
