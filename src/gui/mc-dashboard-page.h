/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DASHBOARD_PAGE (mc_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (McDashboardPage, mc_dashboard_page, MC, DASHBOARD_PAGE, AdwBin)

/* The chairman's dashboard: the figures of docs/domain.md §5 for a period against the year's targets,
 * their trend, the officers, where late dossiers lost their time, the procedures and the
 * Decision 766 scorecard. Counted off the main thread on a connection of its own each time the
 * page is shown, and when the store or the period changes while it is. Clicking an officer activates
 * `win.show-queue` with the officer's id (int64) when the window has that action. */
McDashboardPage *mc_dashboard_page_new             (void);
void             mc_dashboard_page_set_store       (McDashboardPage *self,
                                                    McStore         *store);
/* Back to the default period (this year) with no error shown: for the next officer. */
void             mc_dashboard_page_reset           (McDashboardPage *self);
/* Any two dates (both included): the period selector shows "Dates". */
void             mc_dashboard_page_set_period      (McDashboardPage *self,
                                                    McDay            from,
                                                    McDay            to);
void             mc_dashboard_page_get_period      (McDashboardPage *self,
                                                    McDay           *from,
                                                    McDay           *to);
/* TRUE while the figures are being counted. */
gboolean         mc_dashboard_page_get_busy        (McDashboardPage *self);
/* The value shown for a figure ("on_time_rate", "online_rate", …, "late_online_intake"), or NULL
 * before the first count. */
const char      *mc_dashboard_page_get_figure_text (McDashboardPage *self,
                                                    const char      *key);

/* The count under a figure ("1 of 1": on time of resolved), or NULL before the first count. */
const char      *mc_dashboard_page_get_figure_detail (McDashboardPage *self,
                                                      const char      *key);
/* The database changed (another workstation, motcua-cli): the figures are counted again, now
 * when shown (after the count under way, if any), else when next shown. */
void             mc_dashboard_page_data_changed (McDashboardPage *self);

G_END_DECLS
