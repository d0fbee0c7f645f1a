/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* One dossier of a queue, as a table shows it. A row given while its page is read is empty; when
 * the page comes it holds its dossier and emits "changed" (the view's cells show it again). */
#define MC_TYPE_DOSSIER_ROW (mc_dossier_row_get_type ())
G_DECLARE_FINAL_TYPE (McDossierRow, mc_dossier_row, MC, DOSSIER_ROW, GObject)

const McDossier *mc_dossier_row_get_dossier (McDossierRow *self);
/* Working seconds left at the time the row was read (MC_DESK_NO_TIME when closed) and allowed. */
gint64           mc_dossier_row_get_left    (McDossierRow *self);
gint64           mc_dossier_row_get_allowed (McDossierRow *self);

/* A queue of any length: the ids of the matching dossiers come from core already filtered and
 * sorted by SQL, a block at a time; rows are read a page at a time when the view asks for them,
 * and pages the view no longer holds are dropped. A new query is one items-changed (all removed,
 * all added). */
#define MC_TYPE_DOSSIER_LIST (mc_dossier_list_get_type ())
G_DECLARE_FINAL_TYPE (McDossierList, mc_dossier_list, MC, DOSSIER_LIST, GObject)

McDossierList *mc_dossier_list_new       (McStore       *store);
/* Runs Q; on error the list keeps what it had. */
gboolean       mc_dossier_list_set_query (McDossierList *self,
                                          const McQuery *q,
                                          GError       **error);
/* Reads the same query again (after an action changed dossiers). */
gboolean       mc_dossier_list_reload    (McDossierList *self,
                                          GError       **error);
gint64         mc_dossier_list_get_id    (McDossierList *self,
                                          guint          position);

/* The window's way: queries and pages read by the window's worker (mc-worker.h), the view shown
 * placeholder rows meanwhile; "loaded" when all that was asked is read. A refresh (another
 * workstation changed something) keeps what did not change where it is: the view keeps its
 * place and its selection. */
void           mc_dossier_list_set_async       (McDossierList *self,
                                                gboolean       async);
void           mc_dossier_list_set_query_async (McDossierList *self,
                                                const McQuery *q);
void           mc_dossier_list_refresh_async   (McDossierList *self);
gboolean       mc_dossier_list_is_loading      (McDossierList *self);
/* Whether the list shows the query Q (its filters and order, the strings compared by value). */
gboolean       mc_dossier_list_has_query       (McDossierList *self,
                                                const McQuery *q);

G_END_DECLS
