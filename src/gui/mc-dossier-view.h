/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-report.h"
#include "mc-workflow.h"

G_BEGIN_DECLS

/* A dossier: its fields, its timeline, and the actions the signed-in officer may take now. Each
 * action asks in a dialog for what it needs, says what it will change, and shows core's sentence
 * when core refuses. Emits "changed" after an action was applied. */
#define MC_TYPE_DOSSIER_VIEW (mc_dossier_view_get_type ())
G_DECLARE_FINAL_TYPE (McDossierView, mc_dossier_view, MC, DOSSIER_VIEW, AdwWindow)

McDossierView *mc_dossier_view_new          (GtkWindow       *parent,
                                             McStore         *store,
                                             const McOfficer *officer,
                                             gint64           dossier_id);
/* The version of the dossier the caller showed when the officer chose an action there (a row
 * of a list read earlier): the next action names it, so that a dossier changed since on another
 * workstation is refused and shown again rather than changed. Reading the dossier again resets
 * it to the version read. */
void             mc_dossier_view_expect_version (McDossierView *self,
                                                 gint64         version);
/* The dossier as last read. */
const McDossier *mc_dossier_view_get_dossier (McDossierView  *self);
/* Opens the dialog of ACTION, as its button does; returns it (for tests). */
AdwMessageDialog *mc_dossier_view_start_action (McDossierView *self,
                                                McAction       action);

/* The form Ctrl+P prints (mc_desk_main_form), 0 when none. */
McFormKind        mc_dossier_view_main_form    (McDossierView *self);
/* Prints FORM (or asks where to save it as PDF) as the print menu does; FALSE when the form does
 * not apply to the dossier. */
gboolean          mc_dossier_view_print        (McDossierView *self,
                                                McFormKind     form,
                                                gboolean       pdf);

/* Another workstation may have changed the dossier: shown again as it is now, at the same place
 * of the page; a dialog already open keeps the version it was opened on (core then refuses what
 * was decided on an older one). Returns whether it changed. */
gboolean         mc_dossier_view_refresh        (McDossierView *self);

G_END_DECLS
