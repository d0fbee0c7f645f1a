/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The procedure controller's spot inspections (mc-supervision.h): draw a sample of a period
 * (recorded in the audit log before it is shown), go through each dossier's checklist, give a
 * verdict with the findings, print the minutes (page.print, page.export-pdf). Earlier draws are
 * listed and can be opened again. "open-dossier" opens a sampled dossier. */
#define MC_TYPE_INSPECTION_PAGE (mc_inspection_page_get_type ())
G_DECLARE_FINAL_TYPE (McInspectionPage, mc_inspection_page, MC, INSPECTION_PAGE, AdwBin)

McInspectionPage *mc_inspection_page_new         (void);
void              mc_inspection_page_set_session (McInspectionPage *self,
                                                  McStore          *store,
                                                  const McOfficer  *officer);
void              mc_inspection_page_reload      (McInspectionPage *self);
/* The inspection shown (0: none). */
gint64            mc_inspection_page_get_shown   (McInspectionPage *self);
/* Shows inspection ID; FALSE when it cannot be read. */
gboolean          mc_inspection_page_show        (McInspectionPage *self,
                                                  gint64            id);

G_END_DECLS
