/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-demo.h"

gboolean
mc_demo_fill (McStore *store, const McDemoOptions *options, McProgressFunc progress, gpointer progress_data, GError **error)
{
  g_critical ("mc_demo_fill is not written yet");
  return 0;
}

