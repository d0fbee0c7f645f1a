/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-catalogue.h"

gboolean
mc_catalogue_install_defaults (McStore *store, GError **error)
{
  g_critical ("mc_catalogue_install_defaults is not written yet");
  return 0;
}

