/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  dossiers;   /* default 6000 */
  int     year;       /* the demo's last year; default: the current year */
  guint32 seed;       /* default 1; the same seed gives the same data */
} McDemoOptions;

/* The password of every demo account (README, "Demo accounts"). */
#define MC_DEMO_PASSWORD "motcua2024"
#define MC_DEMO_DEFAULT_DOSSIERS 6000

typedef struct {
  const char *username;
  const char *name;
  const char *title;
  const char *post;
  McRole      role;
} McDemoAccount;

/* The demo officers, in the order they are created. */
const McDemoAccount *mc_demo_accounts (guint *n_accounts);

/* Fills OPTIONS with the defaults (6000 dossiers, the current year, seed 1). */
void     mc_demo_options_init (McDemoOptions *options);

/* The officers (with the accounts README lists) and the dossiers of a realistic commune, into an
 * empty, initialised store. */
gboolean mc_demo_fill (McStore *store, const McDemoOptions *options,
                       McProgressFunc progress, gpointer progress_data, GError **error);

G_END_DECLS
