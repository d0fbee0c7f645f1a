/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-report.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_REPORTS_PAGE (mc_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (McReportsPage, mc_reports_page, MC, REPORTS_PAGE, AdwBin)

/* The printed reports (docs/domain.md §6): a period, a kind (summary, per officer, the register of
 * form 06) and who signs, then Print… or Export to PDF…. The document is built off the main
 * thread on a connection of its own. Actions: `page.print` and `page.export-pdf` (what the
 * window's Ctrl+P and Ctrl+Shift+E call). */
McReportsPage *mc_reports_page_new        (void);
void           mc_reports_page_set_store  (McReportsPage *self,
                                           McStore       *store);
/* What the page would build now; FALSE (and the reason shown at the field) when the dates
 * written are not valid. */
gboolean       mc_reports_page_get_request (McReportsPage   *self,
                                            McReportKind    *kind,
                                            McReportOptions *options);
/* The officer signed in, who prepares the monthly review (0: nobody). */
void           mc_reports_page_set_author (McReportsPage *self,
                                           gint64         officer_id);
/* The officer signed in: the procedure controller writes the assessment of the summary report's
 * period here (shortcomings, causes, next steps; mc_report_note_save), action
 * `page.save-assessment`. NULL or another role: the group is hidden. */
void           mc_reports_page_set_officer (McReportsPage   *self,
                                            const McOfficer *officer);
/* TRUE while a document is being built. */
gboolean       mc_reports_page_get_busy   (McReportsPage *self);

G_END_DECLS
