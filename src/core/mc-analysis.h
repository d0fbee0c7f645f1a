/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "mc-kpi.h"

G_BEGIN_DECLS

/* The chairman's dashboard (DOMAIN.md §5): the figures of a period with what lies behind them —
 * officers, where the time of late dossiers went, procedures, the Decision 766 scorecard and the
 * current year's projection. The steps come from the dossiers' events, kept as sums per day
 * (0004-analysis.sql) that are recounted for the days changed since; nothing else is written. */

/* The stages a dossier passes through, each taking its budget from the procedure's step
 * templates: intake (the first template step), review (the steps up to the submission for
 * signature), signature (submission and signing: the two steps before the last) and recording
 * the result (the last step). A stage starts with the event that enters it and ends with the
 * next event; time waiting for the citizen's supplements is not counted (the clock stops). */
typedef enum {
  MC_STAGE_INTAKE,
  MC_STAGE_REVIEW,
  MC_STAGE_SIGNATURE,
  MC_STAGE_RESULT,
  MC_N_STAGES
} McStage;

const char *mc_stage_to_string (McStage stage);   /* translated */

/* The control slip of one dossier (form 05 and the leader's review read the same lines): for
 * each event, the stage it starts, the working time until the next event that changes the stage
 * (or NOW) and what the procedure's templates allow for it. An online submission starts its
 * acceptance, whose budget is the 8 working hours of DOMAIN.md §4 (MC_STAGE_ACCEPTANCE); an
 * event that stops the clock or ends processing starts nothing (stage -1); one that changes no
 * stage (an apology) happens within the step before, whose line it repeats (CONTINUED). */
#define MC_STAGE_ACCEPTANCE MC_N_STAGES
typedef struct {
  int      stage;           /* McStage, MC_STAGE_ACCEPTANCE, or -1 */
  gint64   spent;           /* working seconds */
  gint64   budget;          /* 0: no budget */
  /* When the budget ran out (the event's time plus the budget in working time), MC_TIME_NONE
   * without one: the step's own appointment, judged as a dossier's (mc_kpi_classify). */
  McTime   due;
  /* The step ended (or NOW is) after DUE: due at 17:00 and handed on at 17:30 is over, as a
   * dossier is overdue from the second after its appointment (DOMAIN.md §5). */
  gboolean over;
  gboolean continued;       /* the line of the step this event happened within, repeated */
} McSlipLine;

/* One McSlipLine per event of EVENTS (McEvent*, oldest first), for a procedure with STEPS
 * (McStepTemplate*). */
GArray     *mc_control_slip     (const McCalendar *cal, GPtrArray *steps, GPtrArray *events,
                                 McTime now);

/* The budget of each stage of a procedure with these step templates (McStepTemplate*), in
 * working seconds; 0 when the procedure has no templates for it. */
void        mc_stage_budgets   (GPtrArray *steps, gint64 budgets[MC_N_STAGES]);

typedef struct {
  gint64 officer_id;        /* 0: dossiers with no handler */
  char  *name;
  gint64 handled;           /* resolved in the period with this officer as handler */
  gint64 on_time;           /* of those, early or on time */
  gint64 overdue_now;       /* open with this handler and past the appointment at NOW */
  gint64 steps;             /* stages held in dossiers resolved in the period */
  gint64 step_seconds;      /* working seconds they took */
  gint64 budget_seconds;    /* what their budgets allowed (shared by time when a stage changed hands) */
} McOfficerFigures;

double mc_officer_figures_on_time_rate (const McOfficerFigures *o);   /* NAN when none handled */
double mc_officer_figures_avg_step     (const McOfficerFigures *o);   /* seconds, NAN when none */
double mc_officer_figures_avg_budget   (const McOfficerFigures *o);

/* Where the time of late dossiers went ('rõ trách nhiệm'): the working time a stage took beyond
 * its budget, and who held the dossier then. */
typedef struct {
  int     stage;            /* McStage; -1 in the totals by officer */
  gint64  officer_id;       /* -1 in the totals by stage; 0: nobody named */
  char   *officer_name;     /* NULL in the totals by stage */
  gint64  dossiers;         /* late dossiers in which this went over */
  gint64  excess_seconds;
} McTimeLoss;

typedef struct {
  gint64 procedure_id;
  char  *code;
  char  *name;
  gint64 received;          /* received in the period */
  gint64 online;            /* of those, online */
  gint64 resolved;          /* resolved in the period */
  gint64 on_time;           /* of those, early or on time */
  /* Processing time of the dossiers resolved in the period, in working seconds (receipt to end,
   * less the time waiting for supplements), to the quarter of an hour below; -1 when none. */
  gint64 median_seconds;
  gint64 p90_seconds;
} McProcedureFigures;

double mc_procedure_figures_on_time_rate (const McProcedureFigures *p);  /* NAN when none resolved */
double mc_procedure_figures_online_rate  (const McProcedureFigures *p);  /* NAN when none received */

/* One component of the Decision 766 scorecard: min (max, value × max / threshold). */
typedef struct {
  const char *group;        /* translated group name: "Progress and results"… */
  const char *name;         /* translated component */
  double      max_points;
  double      threshold;    /* percent */
  double      value;        /* percent; NAN: not applicable (empty denominator) */
  double      points;       /* NAN when not measured or not applicable */
  gboolean    measured;     /* FALSE: the desk's data cannot measure it */
} McScoreItem;

/* The current year to its end at the pace so far. */
typedef struct {
  int    year;              /* 0 when the period does not touch the current year */
  McDay  first, today, last;/* the year's first day, the last day counted, its last day */
  double elapsed;           /* share of the year's working days gone, 0–1 */
  gint64 received, resolved;                      /* so far */
  gint64 projected_received, projected_resolved;  /* at the end of the year */
  McKpi  so_far;            /* the year's figures to today: their rates are the projection */
} McProjection;

/* What holds the digitisation rates down (DOMAIN.md §5, rates 5 and 6): for one procedure or
 * one handling officer, the dossiers received in the period whose input was not digitised, and
 * those resolved whose result was not. GAIN is how many points the two rates together would
 * rise by if these were digitised: 100 × input_missing / all received in the period + 100 ×
 * result_missing / all resolved in it (a term is 0 when its denominator is). The lists are
 * sorted by GAIN, the largest first, then by the dossiers missing, then by name; groups with
 * nothing missing are left out. Officers are those who handled each dossier (0: nobody). */
typedef struct {
  gboolean by_officer;      /* TRUE: ID is an officer (0: no handler); FALSE: a procedure */
  gint64   id;
  char    *code;            /* the procedure's code; NULL for an officer */
  char    *name;
  gint64   received;        /* received in the period */
  gint64   input_missing;   /* of those, input not digitised */
  gint64   resolved;        /* resolved in the period */
  gint64   result_missing;  /* of those, result not digitised */
  double   gain_input;      /* points the digitised-dossiers rate would rise by */
  double   gain_result;     /* points the digitised-results rate would rise by */
  double   gain;            /* the two together */
} McDigitisationGap;

void     mc_digitisation_gap_free  (McDigitisationGap *g);
/* The gaps of [FROM, TO] by handling officer and by procedure (McDigitisationGap*, each sorted
 * as above), read from the KPI's per-day sums (brought up to date first), so as quick for a
 * million dossiers as for ten. */
gboolean mc_analysis_digitisation_gaps (McStore *store, McDay from, McDay to,
                                        GPtrArray **by_officer, GPtrArray **by_procedure,
                                        GError **error);

typedef struct {
  McDay         from, to;
  McTime        now;
  McKpi         kpi;          /* the same as mc_kpi_compute (from, to) */
  /* McKpi*, one per month touching the period: what mc_kpi_compute_by (MONTH) gives for the
   * dossiers received and resolved, without the open ones at each month's end (0). */
  GPtrArray    *by_month;
  GPtrArray    *officers;     /* McOfficerFigures*, by name, no-handler last */
  GPtrArray    *loss_by_stage;   /* McTimeLoss*, one per stage that lost time, largest first */
  GPtrArray    *loss_by_officer; /* McTimeLoss*, largest first */
  GPtrArray    *loss;            /* McTimeLoss*, stage × officer, largest first */
  gint64        late_dossiers;   /* resolved late in the period (the dossiers of the losses) */
  GPtrArray    *procedures;   /* McProcedureFigures*, by code, those with dossiers in the period */
  GPtrArray    *scorecard;    /* McScoreItem*, in the order of the groups */
  /* McDigitisationGap*: what holds digitisation down (mc_analysis_digitisation_gaps). */
  GPtrArray    *gaps_by_officer;
  GPtrArray    *gaps_by_procedure;
  McProjection  projection;
} McAnalysis;

/* Computes the whole dashboard of [FROM, TO]; NOW (0: the current time) is when "overdue now"
 * and the year's projection are taken. Checks CANCELLABLE between parts. */
McAnalysis *mc_analysis_compute (McStore *store, McDay from, McDay to, McTime now,
                                 GCancellable *cancellable, GError **error);
void        mc_analysis_free    (McAnalysis *a);

/* Inside a bulk load's transaction (import, demo): brings the KPI and dashboard sums of every
 * marked day up to date in one pass, so that the first dashboard after the load reads sums only
 * and is as quick as the next. */
gboolean    mc_analysis_refresh_loaded (McStore *store, GCancellable *cancellable,
                                        GError **error);

/* The scorecard of the figures K over [K->from, K->to] (the share of active procedures offered
 * online comes from the catalogue). */
GPtrArray  *mc_analysis_scorecard (McStore *store, const McKpi *k, GError **error);
/* Sum of the points measured, and of the maxima of what was measured. */
double      mc_analysis_score_total (GPtrArray *scorecard, double *measured_max);

/* The value at fraction Q (0–1) of N distinct VALUES (ascending), each taken COUNTS[i] times, by
 * the nearest rank; -1 when there are none. */
gint64      mc_analysis_percentile (const gint64 *values, const gint64 *counts, guint n, double q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAnalysis, mc_analysis_free)

G_END_DECLS
