/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-dossier-list.h"

G_BEGIN_DECLS

#define MC_TYPE_QUEUE_PAGE (mc_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (McQueuePage, mc_queue_page, MC, QUEUE_PAGE, AdwBin)

McQueuePage   *mc_queue_page_new         (void);
/* The database and the signed-in officer (NULL: nobody, the table is emptied). Specialists and
 * the police see their own queue; the others may choose any officer's, or all dossiers. */
void           mc_queue_page_set_session (McQueuePage     *self,
                                          McStore         *store,
                                          const McOfficer *officer);
/* Reads the queue again, keeping the filters. */
void           mc_queue_page_reload      (McQueuePage     *self);
/* Shows OFFICER_ID's queue; FALSE when the signed-in officer may not see it. */
gboolean       mc_queue_page_show_officer (McQueuePage    *self,
                                          gint64          officer_id);
/* Shows the dossiers not digitised of OFFICER_ID (0: every officer's) and PROCEDURE_ID (0: any),
 * whatever their status; FALSE when the signed-in officer may not see them. */
gboolean       mc_queue_page_show_undigitised (McQueuePage *self,
                                               gint64       officer_id,
                                               gint64       procedure_id);
/* Whether the queue is still being read (by the window's worker). */
gboolean       mc_queue_page_is_loading  (McQueuePage     *self);
/* The rows shown (for tests and the benchmark). */
McDossierList *mc_queue_page_get_list    (McQueuePage     *self);
/* Milliseconds the last query took, for the benchmark and the status line. */
double         mc_queue_page_get_last_ms (McQueuePage     *self);

/* Whether the column NAME ("code", "received", "officer"…) is shown (the column menu). */
gboolean       mc_queue_page_get_column_visible (McQueuePage *self,
                                                 const char  *name);

GtkToggleButton *mc_queue_page_get_undigitised_button (McQueuePage *self);

G_END_DECLS
