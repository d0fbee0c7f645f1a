/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keeps every caller but SQLite from opening a live database file of this process (see
 * mc-db-guard.c for why). mc_db_guard_init before the first connection; mc_db_guard_add after
 * the file exists, mc_db_guard_remove when it is closed. */
void     mc_db_guard_init            (void);
guint    mc_db_guard_add             (const char *path);
void     mc_db_guard_remove          (guint id);
/* Whether DIR is on a network filesystem, where SQLite's locks cannot be trusted. */
gboolean mc_db_on_network_filesystem (const char *dir);

G_END_DECLS
