/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The demo catalogue of DOMAIN.md §7 with step templates and document lists (idempotent). */
gboolean mc_catalogue_install_defaults (McStore *store, GError **error);
/* What a new database starts with: the catalogue above, default office hours, the days off of
 * 2015–2035 (official where shipped, statutory otherwise), the 2023–2026 targets, the agency.
 * Idempotent. */
gboolean mc_catalogue_init_defaults    (McStore *store, GError **error);

G_END_DECLS
