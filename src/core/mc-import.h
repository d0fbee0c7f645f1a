/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The dossier CSV of CLI.md. All-or-nothing: a file with any bad row is refused whole, the error
 * naming every bad line (up to 50) and why, and the database is left as it was. Streams the file
 * (flat memory). PROGRESS may be NULL. */
gboolean mc_import_csv  (McStore *store, gint64 actor_id, const char *path,
                         gint64 *imported, gint64 *updated,
                         McProgressFunc progress, gpointer progress_data,
                         GCancellable *cancellable, GError **error);

/* Dossiers received (or, for status 1 and 3, submitted) in [from, to] (either may be -1 for
 * open-ended) as CSV (re-importable) or XLSX, chosen by the file's extension. */
gboolean mc_export_file (McStore *store, McDay from, McDay to, const char *path,
                         gint64 *exported, GCancellable *cancellable, GError **error);

G_END_DECLS
