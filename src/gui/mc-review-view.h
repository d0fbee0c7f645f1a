/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-signature.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* What the dossier view's signature badge says. */
typedef enum {
  MC_SIGNATURE_BADGE_NOT_SIGNED,
  MC_SIGNATURE_BADGE_VERIFIED,
  MC_SIGNATURE_BADGE_BROKEN,
} McSignatureBadge;

/* CHECK is mc_signature_check_dossier's answer, NULL when the dossier carries no signature. */
McSignatureBadge mc_signature_badge_of         (const McSignatureCheck *check);

#define MC_TYPE_REVIEW_VIEW (mc_review_view_get_type ())
G_DECLARE_FINAL_TYPE (McReviewView, mc_review_view, MC, REVIEW_VIEW, AdwBin)

/* A leader's review of one dossier before signing: the applicant and request, the documents
 * received against the procedure's required list, the control slip (form 05: each step's working
 * time against its budget), the specialist's proposed result and note, the signature block the
 * SIGNER's role gives, and the verdict on the signature the dossier already carries. */
McReviewView    *mc_review_view_new            (void);
/* Reads the dossier from STORE; FALSE with core's error when it cannot (the view is then empty).
 * NOW (0 = the current time) ends the step in progress. */
gboolean         mc_review_view_show           (McReviewView    *self,
                                                McStore         *store,
                                                const McOfficer *signer,
                                                gint64           dossier_id,
                                                McTime           now,
                                                GError         **error);
/* The dossier shown, NULL before mc_review_view_show succeeded. */
const McDossier *mc_review_view_get_dossier    (McReviewView    *self);
McSignatureBadge mc_review_view_get_badge      (McReviewView    *self);
/* How many required documents of the procedure the dossier lacks. */
guint            mc_review_view_get_n_missing  (McReviewView    *self);
/* The result files shown (what a signature made now covers). */
guint            mc_review_view_get_n_result_files (McReviewView *self);

G_END_DECLS
