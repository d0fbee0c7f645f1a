/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* "Hôm nay" for the leaders and the controller (mc-supervision.h, mc_supervision_today): the
 * dossiers overdue now, due today, waiting for a signature, online ones close to their 8 hours,
 * second supplement requests and those received outside the desk, each openable
 * ("open-dossier"). */
#define MC_TYPE_TODAY_PAGE (mc_today_page_get_type ())
G_DECLARE_FINAL_TYPE (McTodayPage, mc_today_page, MC, TODAY_PAGE, AdwBin)

McTodayPage *mc_today_page_new         (void);
void         mc_today_page_set_session (McTodayPage     *self,
                                        McStore         *store,
                                        const McOfficer *officer);
void         mc_today_page_reload      (McTodayPage     *self);
/* How many dossiers list LIST (McTodayList) lists. */
guint        mc_today_page_get_count   (McTodayPage     *self,
                                        int              list);

G_END_DECLS
