/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

#include "mc-attach-slot.h"

G_BEGIN_DECLS

/* Receiving a dossier at the desk: the procedure found by part of its name or code, the applicant
 * and their representative, the documents received, the channel, and the appointment computed
 * live. Emits "received" with the new dossier's id. */
#define MC_TYPE_INTAKE_PAGE (mc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (McIntakePage, mc_intake_page, MC, INTAKE_PAGE, AdwBin)

McIntakePage *mc_intake_page_new           (void);
void          mc_intake_page_set_session   (McIntakePage    *self,
                                            McStore         *store,
                                            const McOfficer *officer);
/* The procedures the list shows for the text typed (for tests). */
guint         mc_intake_page_count_matches (McIntakePage    *self);
/* Selects the first procedure the list shows; FALSE when none. */
gboolean      mc_intake_page_pick_first    (McIntakePage    *self);
/* The appointment shown, MC_TIME_NONE when none. */
McTime        mc_intake_page_get_preview   (McIntakePage    *self);
/* As the Receive button: TRUE when core stored the dossier. */
gboolean      mc_intake_page_save          (McIntakePage    *self);
/* The scans' slot of the Nth document of the procedure's list (for tests). */
McAttachSlot *mc_intake_page_get_slot      (McIntakePage    *self,
                                            guint            n);

/* Fills the empty fields with the details of the returning applicant whose ID number was typed,
 * as the Fill In button does; FALSE when the number is not known. */
gboolean      mc_intake_page_fill_returning (McIntakePage *self);
/* While the earlier scans of the ID number typed are being read (off the main thread). */
gboolean      mc_intake_page_is_looking_up  (McIntakePage *self);

G_END_DECLS
