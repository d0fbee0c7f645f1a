/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-import.h"

gboolean
mc_export_file (McStore *store, McDay from, McDay to, const char *path, gint64 *exported, GCancellable *cancellable, GError **error)
{
  g_critical ("mc_export_file is not written yet");
  return 0;
}

