/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The online dossiers waiting for the desk (status 1), each with the working time left of its
 * 8 hours, counting down, and its Accept and Refuse buttons. Emits "changed" after either. */
#define MC_TYPE_ONLINE_PAGE (mc_online_page_get_type ())
G_DECLARE_FINAL_TYPE (McOnlinePage, mc_online_page, MC, ONLINE_PAGE, AdwBin)

McOnlinePage *mc_online_page_new         (void);
void          mc_online_page_set_session (McOnlinePage    *self,
                                          McStore         *store,
                                          const McOfficer *officer);
void          mc_online_page_reload      (McOnlinePage    *self);
/* How many dossiers are listed. */
guint         mc_online_page_get_count   (McOnlinePage    *self);
/* The time-left label of row I (for tests). */
GtkLabel     *mc_online_page_get_left_label (McOnlinePage *self,
                                             guint         i);

G_END_DECLS
