/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-import.h"

gboolean
mc_import_csv (McStore *store, gint64 actor_id, const char *path, gint64 *imported, gint64 *updated, McProgressFunc progress, gpointer progress_data, GCancellable *cancellable, GError **error)
{
  g_critical ("mc_import_csv is not written yet");
  return 0;
}

