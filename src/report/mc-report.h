/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"
#include "mc-analysis.h"
#include "mc-kpi.h"
#include "mc-document.h"
#include "mc-chart.h"

G_BEGIN_DECLS

/* The printed documents of the desk (docs/domain.md §3 and §6), built from the store in the current
 * language. Each is a McDocument: draw its pages (GtkPrintOperation) or write it as PDF. */

typedef enum {
  MC_REPORT_SUMMARY,     /* Báo cáo kết quả giải quyết TTHC of a period */
  MC_REPORT_OFFICERS,    /* each officer's dossiers, on-time rate and late cases */
  MC_REPORT_REGISTER,    /* form 06: the register of dossiers received in the period */
  MC_REPORT_REVIEW,      /* the controller's monthly review (docs/domain.md §9): the figures
                          * against the targets, the late cases and where their time went, the
                          * second supplement requests, the possible brokers and the spot
                          * inspections; prepared by OPTIONS' author, signed by the chairman */
} McReportKind;

typedef enum {
  MC_FORM_RECEIPT = 1,   /* 01 receipt and appointment */
  MC_FORM_SUPPLEMENT,    /* 02 supplement request */
  MC_FORM_REFUSAL,       /* 03 refusal */
  MC_FORM_APOLOGY,       /* 04 apology with the new appointment */
  MC_FORM_CONTROL,       /* 05 control slip */
  MC_FORM_REGISTER,      /* 06 register (a period, not a dossier) */
} McFormKind;

typedef struct {
  McDay  from, to;       /* the period, both included */
  gint64 officer_id;     /* MC_REPORT_OFFICERS: one officer; 0 = every officer with dossiers */
  gint64 signer_id;      /* 0: the chairman for the committee (TM.), else that officer (KT. for a
                          * vice-chairman) */
  McDay  date;           /* the date line; 0 = today */
  gint64 author_id;      /* MC_REPORT_REVIEW: who prepares it (the controller); 0: nobody named */
} McReportOptions;

McDocument  *mc_report_new  (McStore *store, McReportKind kind, const McReportOptions *options,
                             GError **error);
/* Forms 01–05 for the dossier CODE; form 06 ignores CODE and takes the period of OPTIONS.
 * Refused with a clear error when the dossier has no such step (no supplement request, never
 * refused, no apology). */
McDocument  *mc_form_new    (McStore *store, McFormKind form, const char *code,
                             const McReportOptions *options, GError **error);

/* Whether form FORM (01–05) can be printed for D: what mc_form_new would accept (a receipt for a
 * dossier the desk accepted, form 02 after a supplement request, 03 after a refusal, 04 after
 * an apology, 05 once accepted). */
gboolean     mc_form_applies (const McDossier *d, McFormKind form);
/* The list of the leaders' signing keys and who confirmed each (mc-signature.h), one page to
 * send to the province: the fingerprint and public key of every key, when it was made (and
 * whether after a password reset), who confirmed it and when, and its state; signed by the
 * chairman (OPTIONS' signer and date; the period is not used). */
McDocument  *mc_report_keys_new (McStore *store, const McReportOptions *options,
                                 GError **error);

/* A dossier's files as one PDF at PATH, for the archive or the province: a cover page (the
 * dossier's code, procedure and applicant; for each current file its name, document, SHA-256,
 * who attached it and when) then every page of every file, the documents' first and the
 * result's last (PDF pages at their own size, pictures on A4). *N_PAGES (may be NULL) gets the
 * pages written. Written beside PATH and moved over it: on error nothing is left. Slow for large
 * files: off the main thread. */
gboolean     mc_report_files_write_pdf (McStore *store, gint64 dossier_id, const char *path,
                                        int *n_pages, GError **error);

/* The list of possible brokers (McBroker* of mc_supervision_brokers) of [FROM, TO] for the police
 * file, prepared by AUTHOR_ID (mc-supervision.h). */
McDocument  *mc_report_brokers_new (McStore *store, GPtrArray *brokers, McDay from, McDay to,
                                    int min_applicants, gint64 author_id);
/* The minutes of a spot inspection (biên bản kiểm tra): the draw and its seed, each dossier's
 * checklist and verdict, the findings per officer; signed by the inspector and the chairman. */
struct _McInspection;
McDocument  *mc_report_inspection_new (McStore *store, const struct _McInspection *inspection);

/* Chart data shared with the dashboard. */
/* The rates of K against the targets of YEAR (bars). */
McChartData *mc_report_targets_chart  (McStore *store, const McKpi *k, int year);
/* The on-time rate of each month (McKpi* grouped by month, keys YYYY-MM), with each year's
 * target (line). */
McChartData *mc_report_monthly_chart  (McStore *store, GPtrArray *by_month);
/* Each officer's on-time rate (McKpi* grouped by officer) against the target of YEAR (bars). */
McChartData *mc_report_officers_chart (McStore *store, GPtrArray *by_officer, int year);

/* The dashboard's charts of an analysis (mc_analysis_compute), the same points as paper's:
 * the monthly trend, with the rest of the current year at the pace so far when the period
 * reaches today (drawn hollow); each officer's on-time rate from the analysis's figures
 * (McOfficerFigures*), as mc_report_officers_chart draws them from McKpi by officer; the hours
 * lost beyond the steps' budgets (McTimeLoss*) by stage or by officer, to a tenth of an hour. */
McChartData *mc_report_trend_chart            (McStore *store, const McAnalysis *a);
McChartData *mc_report_officer_figures_chart  (McStore *store, GPtrArray *officers, int year);
McChartData *mc_report_loss_chart             (GPtrArray *losses, gboolean by_stage);

G_END_DECLS
