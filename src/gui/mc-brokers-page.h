/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The possible brokers of a period (mc-supervision.h) for the commune police, the procedure
 * controller and the chairman: each representative with their unrelated applicants, dossiers,
 * the officers who received them, procedures and fees, and the dossiers, each openable
 * ("open-dossier"); printed as a list for the police file (page.print, page.export-pdf). Core
 * refuses the list to other roles, and the page shows its sentence. */
#define MC_TYPE_BROKERS_PAGE (mc_brokers_page_get_type ())
G_DECLARE_FINAL_TYPE (McBrokersPage, mc_brokers_page, MC, BROKERS_PAGE, AdwBin)

McBrokersPage *mc_brokers_page_new         (void);
void           mc_brokers_page_set_session (McBrokersPage   *self,
                                            McStore         *store,
                                            const McOfficer *officer);
void           mc_brokers_page_reload      (McBrokersPage   *self);
/* How many representatives are listed. */
guint          mc_brokers_page_get_count   (McBrokersPage   *self);

G_END_DECLS
