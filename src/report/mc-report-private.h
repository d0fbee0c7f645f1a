/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-report.h"
#include "mc-agency.h"

G_BEGIN_DECLS

/* Pieces shared by the reports and the forms. */

/* "<Place>, <date>" for the header's date line (DATE 0: today), the place of AGENCY. */
char       *mc_report_date_line      (const McAgency *agency, McDay date);
/* "from 01/01/2024 to 31/12/2024". */
char       *mc_report_period_text    (McDay from, McDay to);
/* "09:05 on 05/01/2024"; "—" when T is MC_TIME_NONE. */
char       *mc_report_moment_text    (McTime t);
/* "Early", "On time", "Late", or "" for none. */
const char *mc_report_outcome_text   (McOutcome outcome);
/* Title in bold capitals, an optional bold subtitle and an optional italic line. */
void        mc_report_add_title      (McDocument *doc, const char *title, const char *subtitle,
                                      const char *line);
/* A bold section heading kept with what follows. */
void        mc_report_add_heading    (McDocument *doc, const char *text);
/* "Label: value" on one line, the value escaped here. */
void        mc_report_add_field      (McDocument *doc, const char *label, const char *value);
/* "- <parent body>;" for the recipients of a report, or NULL when the agency has no parent. */
char       *mc_report_parent_recipient (const McAgency *agency);
/* The signature block of the head of the agency (see McReportOptions.signer_id). */
void        mc_report_add_signer     (McDocument *doc, McStore *store, gint64 signer_id,
                                      const char *const *recipients);
/* The dossiers (McDossier*) received in [FROM, TO], by time of receipt; HANDLER_ID 0: anyone's. */
GPtrArray  *mc_report_dossiers_received (McStore *store, McDay from, McDay to, gint64 handler_id,
                                         GError **error);
/* The dossiers received on or before TO and not ended before FROM (so every one resolved in the
 * period or still open at its end) that MATCH (all of them when NULL), by time of receipt. */
GPtrArray  *mc_report_dossiers_active (McStore *store, McDay from, McDay to, gint64 handler_id,
                                       gboolean (*match) (const McDossier *d, gpointer data),
                                       gpointer data, GError **error);

/* TEXT as a QR code SIZE points square (quiet zone included), CAPTION in italics beside it. */
void        mc_report_add_qr         (McDocument *doc, const char *text, double size,
                                      const char *caption);
/* The last checkpoint of the audit log (mc-checkpoint.h): its number, signer and hash in full,
 * and its QR code; or a line saying none was signed yet. */
void        mc_report_add_checkpoint (McDocument *doc, McStore *store);

G_END_DECLS
