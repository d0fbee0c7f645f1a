/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The demo catalogue of DOMAIN.md §7 with step templates and document lists (idempotent). */
gboolean mc_catalogue_install_defaults (McStore *store, GError **error);

G_END_DECLS
