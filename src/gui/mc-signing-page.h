/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The marks a row of the signing queue carries: what in the dossier's history a leader should
 * look at before signing. */
typedef enum {
  MC_SIGNING_MARK_SUPPLEMENT = 1 << 0,
  MC_SIGNING_MARK_REASSIGN   = 1 << 1,
  MC_SIGNING_MARK_APOLOGY    = 1 << 2,
} McSigningMarks;

McSigningMarks mc_signing_marks         (const McDossier *d);
/* No blind signing: OFFICER may approve D only once it is the dossier OPENED_ID under review,
 * still waiting for a signature, and the workflow lets the officer's role sign it. */
gboolean       mc_signing_can_approve   (const McDossier *d,
                                         const McOfficer *officer,
                                         gint64           opened_id);
/* "2 days 3 hours left" or "Overdue by 1 day" in working time from NOW to D's appointment, by
 * the desk's rule (mc_desk_time_left: overdue from the second after it); *OVERDUE set. */
char          *mc_signing_time_left     (const McCalendar *calendar,
                                         const McDossier  *d,
                                         McTime            now,
                                         gboolean         *overdue);

#define MC_TYPE_SIGNING_PAGE (mc_signing_page_get_type ())
G_DECLARE_FINAL_TYPE (McSigningPage, mc_signing_page, MC, SIGNING_PAGE, AdwBin)

/* A leader's signing (ký duyệt): the dossiers submitted for signature, oldest appointment first;
 * Enter opens one for review; Approve (Ctrl+Enter, after the review is open) asks the leader's
 * password and signs through core; Send Back asks a reason and returns the dossier to its
 * specialist. Officers who do not sign see why the page is empty. */
McSigningPage *mc_signing_page_new          (void);
/* OFFICER (copied; may be NULL) acts on STORE (may be NULL). Reloads the queue. */
void           mc_signing_page_set_session  (McSigningPage   *self,
                                             McStore         *store,
                                             const McOfficer *officer);
/* Reads the queue again (the store changes under other workstations). */
void           mc_signing_page_refresh      (McSigningPage   *self);
/* The ids of the dossiers listed, in order. */
GArray        *mc_signing_page_get_ids      (McSigningPage   *self);
/* Shows the review of DOSSIER_ID (what Enter on its row does); FALSE with core's error. */
gboolean       mc_signing_page_open         (McSigningPage   *self,
                                             gint64           dossier_id,
                                             GError         **error);
/* Back to the queue. */
void           mc_signing_page_close_review (McSigningPage   *self);
gboolean       mc_signing_page_get_can_approve (McSigningPage *self);
/* The password or reason dialog open now, NULL when none. */
AdwMessageDialog *mc_signing_page_get_dialog (McSigningPage  *self);

/* Whether a signature, a key confirmation or a checkpoint is under way on the worker. */
gboolean         mc_signing_page_get_busy      (McSigningPage *self);
/* The leaders' keys above the queue (for tests): rows named "own-key" (the officer's own key
 * waits), "waiting-key" (with a Confirm button) and "keys-row" (the key list and, for the
 * chairman, the button "checkpoint-button"). */
GtkListBox      *mc_signing_page_get_keys_list (McSigningPage *self);

G_END_DECLS
