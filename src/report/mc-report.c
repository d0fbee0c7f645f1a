/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-supervision.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-supervision.h"
#include "mc-report-private.h"

#define TABLE_FONT    11.5
#define REGISTER_FONT 10.0
#define CHART_HEIGHT  190.0

/* ---- Shared pieces ---- */

static McDay
today (void)
{
  return mc_day_of_time (mc_now ());
}

char *
mc_report_date_line (const McAgency *agency, McDay date)
{
  int y = 0, m = 0, d = 0;

  mc_day_to_ymd (date != 0 ? date : today (), &y, &m, &d);
  /* Translators: the place and date under the national motto, e.g. in Vietnamese
   * "%1$s, ngày %2$02d tháng %3$02d năm %4$d". Arguments: place, day, month, year. */
  return g_strdup_printf (_("%1$s, %4$d-%3$02d-%2$02d"), agency->place, d, m, y);
}

char *
mc_report_parent_recipient (const McAgency *agency)
{
  const char *parent = agency->parent_text[0] != '\0' ? agency->parent_text : agency->parent;

  return parent[0] != '\0' ? g_strdup_printf ("- %s;", parent) : NULL;
}

char *
mc_report_period_text (McDay from, McDay to)
{
  g_autofree char *a = mc_format_day (from);
  g_autofree char *b = mc_format_day (to);

  return g_strdup_printf (_("from %s to %s"), a, b);
}

char *
mc_report_moment_text (McTime t)
{
  g_autofree char *day = NULL;
  int minute;

  if (t == MC_TIME_NONE)
    return g_strdup ("—");
  day = mc_format_day (mc_day_of_time (t));
  minute = mc_minute_of_time (t);
  /* Translators: hours, minutes and the date of a moment on a form; Vietnamese
   * "%02d giờ %02d phút, ngày %s". */
  return g_strdup_printf (_("%02d:%02d on %s"), minute / 60, minute % 60, day);
}

const char *
mc_report_outcome_text (McOutcome outcome)
{
  switch (outcome)
    {
    case MC_OUTCOME_EARLY:   return _("Early");
    case MC_OUTCOME_ON_TIME: return _("On time");
    case MC_OUTCOME_LATE:    return _("Late");
    case MC_OUTCOME_NONE:
    default:                 return "";
    }
}

void
mc_report_add_title (McDocument *doc, const char *title, const char *subtitle, const char *line)
{
  McParagraphStyle s = { .size = 14, .align = MC_ALIGN_CENTER, .space_before = 6 };

  mc_document_add_text (doc, &s, "<b>%s</b>", title);
  s.space_before = 0;
  if (subtitle != NULL)
    mc_document_add_text (doc, &s, "<b>%s</b>", subtitle);
  s.size = 13;
  if (line != NULL)
    mc_document_add_text (doc, &s, "<i>%s</i>", line);
  mc_document_add_space (doc, 10);
}

void
mc_report_add_heading (McDocument *doc, const char *text)
{
  McParagraphStyle s = { .size = 13, .align = MC_ALIGN_LEFT, .space_before = 8,
                         .space_after = 4, .keep_with_next = TRUE };

  mc_document_add_text (doc, &s, "<b>%s</b>", text);
}

void
mc_report_add_field (McDocument *doc, const char *label, const char *value)
{
  McParagraphStyle s = { .size = 13, .align = MC_ALIGN_LEFT, .space_after = 3 };

  mc_document_add_text (doc, &s, "%s: %s", label, value != NULL && value[0] ? value : "…");
}

static McOfficer *
find_signer (McStore *store, gint64 signer_id)
{
  g_autoptr(GPtrArray) officers = NULL;

  if (signer_id != 0)
    return mc_store_get_officer (store, signer_id, NULL);
  officers = mc_store_list_officers (store, NULL);
  for (int pass = 0; officers != NULL && pass < 2; pass++)
    for (guint i = 0; i < officers->len; i++)
      {
        McOfficer *o = g_ptr_array_index (officers, i);

        if (o->active && o->role == (pass == 0 ? MC_ROLE_CHAIRMAN : MC_ROLE_VICE_CHAIRMAN))
          return g_ptr_array_steal_index (officers, i);
      }
  return NULL;
}

void
mc_report_add_signer (McDocument *doc, McStore *store, gint64 signer_id,
                      const char *const *recipients)
{
  g_autoptr(McOfficer) signer = find_signer (store, signer_id);
  /* The chairman signs for the committee (TM.); a vice-chairman signs for the chairman (KT.). */
  gboolean deputy = signer != NULL && signer->role == MC_ROLE_VICE_CHAIRMAN;
  const char *lines[] = {
    deputy ? _("FOR THE CHAIRMAN") : _("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
    deputy ? _("VICE-CHAIRMAN") : _("CHAIRMAN"),
    NULL,
  };

  mc_document_add_space (doc, 8);
  mc_document_add_signature (doc, recipients, lines, signer != NULL ? signer->name : "");
}

/* The dossiers of Q (sorted by receipt) that MATCH (all of them when NULL). */
static GPtrArray *
load_query (McStore *store, McQuery *q,
            gboolean (*match) (const McDossier *d, gpointer data), gpointer data, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);
  g_autoptr(GArray) ids = NULL;

  q->sort = MC_SORT_RECEIVED;
  ids = mc_store_query_ids (store, q, error);
  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      McDossier *d = mc_store_get_dossier (store, g_array_index (ids, gint64, i), error);

      if (d == NULL)
        return NULL;
      if (match == NULL || match (d, data))
        g_ptr_array_add (list, d);
      else
        mc_dossier_free (d);
    }
  return g_steal_pointer (&list);
}

GPtrArray *
mc_report_dossiers_received (McStore *store, McDay from, McDay to, gint64 handler_id,
                             GError **error)
{
  McQuery q = { .handler_id = handler_id, .received_from = mc_time_from_day (from, 0),
                .received_to = mc_time_from_day (to + 1, 0) };

  return load_query (store, &q, NULL, NULL, error);
}

GPtrArray *
mc_report_dossiers_active (McStore *store, McDay from, McDay to, gint64 handler_id,
                           gboolean (*match) (const McDossier *d, gpointer data), gpointer data,
                           GError **error)
{
  McQuery q = { .handler_id = handler_id, .received_to = mc_time_from_day (to + 1, 0),
                .ended_from = mc_time_from_day (from, 0) };

  return load_query (store, &q, match, data, error);
}

typedef struct {
  McTime start, end;      /* [start, end) */
} Period;

static Period
period_of (const McReportOptions *o)
{
  return (Period) { mc_time_from_day (o->from, 0), mc_time_from_day (o->to + 1, 0) };
}

static gboolean
resolved_in (const McDossier *d, const Period *p)
{
  return d->ended_at != MC_TIME_NONE && d->ended_at >= p->start && d->ended_at < p->end &&
         (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED);
}

/* Open at the end of the period and past its appointment then (docs/domain.md §5). */
static gboolean
overdue_at_end (const McDossier *d, const Period *p)
{
  gboolean open = d->status != MC_STATUS_WITHDRAWN && d->status != MC_STATUS_STOPPED &&
                  (d->ended_at == MC_TIME_NONE || d->ended_at >= p->end) &&
                  d->status != MC_STATUS_NEW && d->status != MC_STATUS_REFUSED;

  return open && d->due_at != MC_TIME_NONE && d->due_at < p->end;
}

/* Late or apologised for, among the dossiers resolved in the period or still open at its end. */
static gboolean
is_problem_case (const McDossier *d, gpointer data)
{
  const Period *p = data;

  if (resolved_in (d, p))
    return d->outcome == MC_OUTCOME_LATE || d->apology_count > 0;
  return overdue_at_end (d, p) || (d->apology_count > 0 && d->ended_at == MC_TIME_NONE);
}

static gboolean
touched_in (const McDossier *d, gpointer data)
{
  const Period *p = data;

  return (d->received_at >= p->start && d->received_at < p->end) || resolved_in (d, p) ||
         overdue_at_end (d, p);
}

/* ---- Chart data ---- */

static int
year_of (McDay day)
{
  int y = 0;

  mc_day_to_ymd (day, &y, NULL, NULL);
  return y;
}

McChartData *
mc_report_targets_chart (McStore *store, const McKpi *k, int year)
{
  static const struct {
    const char *label;
    const char *key;
    double (*rate) (const McKpi *k);
  } bars[] = {
    { N_("On time"), "on_time_rate", mc_kpi_on_time_rate },
    { N_("Progress index"), "progress_rate", mc_kpi_progress_rate },
    { N_("Online"), "online_rate", mc_kpi_online_rate },
    { N_("Online, partial"), "online_rate_partial", mc_kpi_online_rate_partial },
    { N_("Online, full"), "online_rate_full", mc_kpi_online_rate_full },
    { N_("Digitised dossiers"), "digitized_input_rate", mc_kpi_digitized_input_rate },
    { N_("Digitised results"), "digitized_result_rate", mc_kpi_digitized_result_rate },
    { N_("Paid online"), "online_payment_rate", mc_kpi_online_payment_rate },
  };
  McChartData *data = mc_chart_data_new (_("Results against the year’s targets"), TRUE);

  mc_chart_data_set_legend (data, _("Result"), _("Target"));
  for (gsize i = 0; i < G_N_ELEMENTS (bars); i++)
    mc_chart_data_add (data, _(bars[i].label), bars[i].rate (k),
                       mc_kpi_get_target (store, year, bars[i].key));
  return data;
}

McChartData *
mc_report_monthly_chart (McStore *store, GPtrArray *by_month)
{
  McChartData *data = mc_chart_data_new (_("On-time rate by month"), TRUE);

  mc_chart_data_set_legend (data, _("On-time rate"), _("Target"));
  for (guint i = 0; by_month != NULL && i < by_month->len; i++)
    {
      const McKpi *k = g_ptr_array_index (by_month, i);
      int y = 0, m = 0;
      g_autofree char *label = NULL;

      if (k->key == NULL || sscanf (k->key, "%d-%d", &y, &m) != 2)
        continue;
      /* Months as 01/24: short enough for twelve under a printed chart. */
      label = g_strdup_printf ("%02d/%02d", m, y % 100);
      mc_chart_data_add (data, label, mc_kpi_on_time_rate (k),
                         mc_kpi_get_target (store, y, "on_time_rate"));
    }
  return data;
}

/* One officer's bar: those who resolved dossiers in the period, named (or "not assigned"). */
static McChartData *
officers_chart_new (McStore *store, int year, double *target)
{
  McChartData *data = mc_chart_data_new (_("On-time rate by officer"), TRUE);

  *target = mc_kpi_get_target (store, year, "on_time_rate");
  mc_chart_data_set_legend (data, _("On-time rate"), _("Target"));
  return data;
}

static void
officers_chart_add (McChartData *data, const char *name, gint64 resolved, gint64 on_time,
                    double target)
{
  if (resolved > 0)
    mc_chart_data_add (data, name != NULL && name[0] != '\0' ? name : _("Not assigned"),
                       mc_kpi_percent (on_time, resolved), target);
}

McChartData *
mc_report_officers_chart (McStore *store, GPtrArray *by_officer, int year)
{
  double target;
  McChartData *data = officers_chart_new (store, year, &target);

  for (guint i = 0; by_officer != NULL && i < by_officer->len; i++)
    {
      const McKpi *k = g_ptr_array_index (by_officer, i);
      gint64 on_time, resolved;

      mc_kpi_counts (k, "on_time_rate", &on_time, &resolved);
      officers_chart_add (data, k->key, resolved, on_time, target);
    }
  return data;
}

McChartData *
mc_report_officer_figures_chart (McStore *store, GPtrArray *officers, int year)
{
  double target;
  McChartData *data = officers_chart_new (store, year, &target);

  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const McOfficerFigures *o = g_ptr_array_index (officers, i);

      officers_chart_add (data, o->officer_id != 0 ? o->name : NULL, o->handled, o->on_time,
                          target);
    }
  return data;
}

McChartData *
mc_report_trend_chart (McStore *store, const McAnalysis *a)
{
  McChartData *data = mc_report_monthly_chart (store, a->by_month);
  const McProjection *p = &a->projection;
  int y, m, d, last_m;

  /* The rest of the current year at the pace so far, when the period reaches to today. */
  if (p->year == 0 || a->to < p->today || isnan (mc_kpi_on_time_rate (&p->so_far)))
    return data;
  mc_day_to_ymd (p->today, &y, &m, &d);
  mc_day_to_ymd (a->to, &y, &last_m, &d);
  for (int month = last_m + 1; month <= 12; month++)
    {
      g_autofree char *label = g_strdup_printf ("%02d/%02d", month, y % 100);

      mc_chart_data_add (data, label, mc_kpi_on_time_rate (&p->so_far),
                         mc_kpi_get_target (store, y, "on_time_rate"));
      data->projected++;
    }
  if (data->projected > 0)
    mc_chart_data_set_legend (data, _("On-time rate (hollow: projected)"), _("Target"));
  return data;
}

McChartData *
mc_report_loss_chart (GPtrArray *losses, gboolean by_stage)
{
  McChartData *data = mc_chart_data_new (by_stage ? _("Hours beyond budget, by step")
                                                  : _("Hours beyond budget, by officer"), FALSE);

  for (guint i = 0; losses != NULL && i < losses->len; i++)
    {
      const McTimeLoss *l = g_ptr_array_index (losses, i);

      mc_chart_data_add (data, by_stage ? mc_stage_to_string (l->stage) : l->officer_name,
                         round ((double) l->excess_seconds / 360.0) / 10.0, NAN);
    }
  return data;
}

static void
draw_bars_cb (cairo_t *cr, double width, double height, gpointer data)
{
  mc_chart_draw_bars (cr, width, height, data);
}

static void
draw_line_cb (cairo_t *cr, double width, double height, gpointer data)
{
  mc_chart_draw_line (cr, width, height, data);
}

static void
draw_hbars_cb (cairo_t *cr, double width, double height, gpointer data)
{
  mc_chart_draw_hbars (cr, width, height, data);
}

static void
add_chart (McDocument *doc, McDrawFunc draw, McChartData *data, double height)
{
  mc_document_add_drawing (doc, height, draw, data, (GDestroyNotify) mc_chart_data_free);
  mc_document_add_space (doc, 8);
}

/* A dossier code for a narrow cell: it may break after its hyphens (a hyphen before a digit is
 * no break opportunity in Unicode), so "000.17.22.H56-" and "240105-0007" stay whole. */
static char *
code_cell (const char *code)
{
  g_autofree char *escaped = g_markup_escape_text (code, -1);
  g_auto(GStrv) parts = g_strsplit (escaped, "-", -1);

  return g_strjoinv ("-\u200B", parts);
}

/* ---- The summary report ---- */

static char *
format_target (double target)
{
  if (isnan (target))
    return g_strdup ("—");
  return mc_format_percent (target, target == floor (target) ? 0 : 2);
}

/* One row of the figures table: NUM of DEN, their rate, the target and whether it is met. */
static void
figure_row (McTable *t, int *no, const char *name, gint64 num, gint64 den, double rate,
            double target)
{
  g_autofree char *n = g_strdup_printf ("%d", ++*no);
  g_autofree char *a = mc_format_int (num);
  g_autofree char *b = mc_format_int (den);
  g_autofree char *count = g_strdup_printf ("%s/%s", a, b);
  g_autofree char *r = isnan (rate) ? g_strdup (_("n/a")) : mc_format_percent (rate, 2);
  g_autofree char *tg = format_target (target);
  g_autofree char *esc = g_markup_escape_text (name, -1);
  const char *verdict = isnan (rate) || isnan (target) ? "—"
                        : rate + 1e-9 >= target ? _("Met") : _("Not met");

  mc_table_add_row (t, (const char *[]) { n, esc, count, r, tg, verdict });
}

static void
count_row (McTable *t, int *no, const char *name, gint64 value)
{
  g_autofree char *n = g_strdup_printf ("%d", ++*no);
  g_autofree char *v = mc_format_int (value);
  g_autofree char *esc = g_markup_escape_text (name, -1);

  mc_table_add_row (t, (const char *[]) { n, esc, v, "", "", "" });
}

static void
add_figures (McDocument *doc, McStore *store, const McKpi *k, int year)
{
  static const double widths[] = { 7, 35, 15, 13, 13, 13 };
  McTable *t = mc_document_add_table (doc, 6, widths, TABLE_FONT);
  int no = 0;
  gint64 progress_num = (k->resolved - k->late) + (k->open_at_end - k->open_overdue_at_end);

  mc_table_set_header (t, (const char *[]) { _("No."), _("Indicator"), _("Dossiers"),
                                             _("Result"), _("Target"), _("Assessment") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  for (guint c = 2; c < 6; c++)
    mc_table_set_align (t, c, MC_ALIGN_CENTER);
  count_row (t, &no, _("Dossiers received"), k->received);
  count_row (t, &no, _("Dossiers resolved"), k->resolved);
  figure_row (t, &no, _("Resolved early"), k->early, k->resolved,
              mc_kpi_percent (k->early, k->resolved), NAN);
  figure_row (t, &no, _("Resolved on time"), k->on_time, k->resolved,
              mc_kpi_percent (k->on_time, k->resolved), NAN);
  figure_row (t, &no, _("Resolved late"), k->late, k->resolved,
              mc_kpi_percent (k->late, k->resolved), NAN);
  figure_row (t, &no, _("On-time rate (early and on time)"), k->early + k->on_time, k->resolved,
              mc_kpi_on_time_rate (k), mc_kpi_get_target (store, year, "on_time_rate"));
  figure_row (t, &no, _("Progress index (Decision 766)"), progress_num,
              k->resolved + k->open_at_end, mc_kpi_progress_rate (k),
              mc_kpi_get_target (store, year, "progress_rate"));
  figure_row (t, &no, _("Dossiers received online"), k->online_received, k->received,
              mc_kpi_online_rate (k), mc_kpi_get_target (store, year, "online_rate"));
  figure_row (t, &no, _("Online, procedures offered partly online"), k->partial_online,
              k->partial_received, mc_kpi_online_rate_partial (k),
              mc_kpi_get_target (store, year, "online_rate_partial"));
  figure_row (t, &no, _("Online, procedures offered fully online"), k->full_online,
              k->full_received, mc_kpi_online_rate_full (k),
              mc_kpi_get_target (store, year, "online_rate_full"));
  figure_row (t, &no, _("Dossiers digitised"), k->digitized_inputs, k->received,
              mc_kpi_digitized_input_rate (k),
              mc_kpi_get_target (store, year, "digitized_input_rate"));
  figure_row (t, &no, _("Results digitised"), k->digitized_results, k->resolved,
              mc_kpi_digitized_result_rate (k),
              mc_kpi_get_target (store, year, "digitized_result_rate"));
  figure_row (t, &no, _("Fees paid online"), k->paid_online, k->fee_dossiers,
              mc_kpi_online_payment_rate (k),
              mc_kpi_get_target (store, year, "online_payment_rate"));
  figure_row (t, &no, _("Online dossiers accepted after 8 working hours"), k->late_online_intake,
              k->online_received, mc_kpi_late_online_intake_rate (k), NAN);
  count_row (t, &no, _("Open at the end of the period"), k->open_at_end);
  count_row (t, &no, _("Of which past their appointment"), k->open_overdue_at_end);
}

static void
add_officer_table (McDocument *doc, GPtrArray *by_officer)
{
  static const double widths[] = { 7, 29, 11, 10, 10, 10, 12, 11 };
  McTable *t = mc_document_add_table (doc, 8, widths, TABLE_FONT);

  mc_table_set_header (t, (const char *[]) { _("No."), _("Officer"), _("Resolved"), _("Early"),
                                             _("On time"), _("Late"), _("On-time rate"),
                                             _("Open, overdue") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  for (guint c = 2; c < 8; c++)
    mc_table_set_align (t, c, MC_ALIGN_CENTER);
  for (guint i = 0; i < by_officer->len; i++)
    {
      const McKpi *k = g_ptr_array_index (by_officer, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = g_markup_escape_text (k->key && k->key[0] ? k->key
                                                    : _("Not assigned"), -1);
      g_autofree char *resolved = mc_format_int (k->resolved);
      g_autofree char *early = mc_format_int (k->early);
      g_autofree char *on_time = mc_format_int (k->on_time);
      g_autofree char *late = mc_format_int (k->late);
      g_autofree char *rate = mc_format_rate (k->early + k->on_time, k->resolved);
      g_autofree char *open = mc_format_int (k->open_at_end);
      g_autofree char *overdue = mc_format_int (k->open_overdue_at_end);
      g_autofree char *open_cell = g_strdup_printf ("%s, %s", open, overdue);

      mc_table_add_row (t, (const char *[]) { no, name, resolved, early, on_time, late, rate,
                                              open_cell });
    }
}

/* Why a dossier is listed among the problem cases. */
static char *
problem_note (const McDossier *d, const Period *p)
{
  GString *s = g_string_new (NULL);

  if (resolved_in (d, p))
    g_string_append (s, mc_report_outcome_text (d->outcome));
  else if (overdue_at_end (d, p))
    g_string_append (s, _("Open, past its appointment"));
  else
    g_string_append (s, mc_status_to_string (d->status));
  if (d->supplement_count > 1)
    g_string_append_printf (s, "; %s", _("more than one supplement request"));
  if (d->apology_due_at != MC_TIME_NONE)
    {
      g_autofree char *due = mc_format_day (mc_day_of_time (d->apology_due_at));
      g_string_append (s, "; ");
      g_string_append_printf (s, _("apology sent, new appointment %s"), due);
    }
  return g_string_free (s, FALSE);
}

static void
add_dossier_table (McDocument *doc, GPtrArray *dossiers, const Period *p, gboolean problems)
{
  static const double widths[] = { 7, 17, 18, 14, 13, 13, 13, 14 };
  McTable *t = mc_document_add_table (doc, 8, widths, 10);

  mc_table_set_header (t, (const char *[]) { _("No."), _("Dossier code"), _("Procedure"),
                                             _("Applicant"), problems ? _("Handled by")
                                                                      : _("Received"),
                                             _("Due"), _("Ended"), _("Note") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  for (guint i = 0; i < dossiers->len; i++)
    {
      const McDossier *d = g_ptr_array_index (dossiers, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      g_autofree char *code = code_cell (d->code);
      g_autofree char *proc = g_markup_escape_text (d->procedure_name ? d->procedure_name : "", -1);
      g_autofree char *who = g_markup_escape_text (d->applicant_name, -1);
      g_autofree char *fourth = problems ? g_markup_escape_text (d->handler_name ? d->handler_name
                                                                 : "", -1)
                                         : mc_format_time (d->received_at);
      g_autofree char *due = mc_format_time (d->due_at);
      g_autofree char *ended = d->ended_at != MC_TIME_NONE ? mc_format_time (d->ended_at)
                                                           : g_strdup ("—");
      g_autofree char *note_text = problem_note (d, p);
      g_autofree char *note = g_markup_escape_text (note_text, -1);

      mc_table_add_row (t, (const char *[]) { no, code, proc, who, fourth, due, ended, note });
    }
}

static void
add_none (McDocument *doc, const char *text)
{
  McParagraphStyle s = mc_paragraph_style_body ();

  mc_document_add_text (doc, &s, "<i>%s</i>", text);
}

/* The statistical table of Circular 01/2020/TT-VPCP: per field, the dossiers to handle (carried
 * over from the last period, received in it online and at the desk or by post), those resolved
 * (early, on time, late) and those still open at the end (within, past the deadline). */
typedef struct {
  char  *field;
  gint64 v[11];   /* carried, online, desk, resolved, early, on time, late, open, within, past;
                   * v[10] unused */
} FieldRow;

static void
field_row_free (gpointer data)
{
  FieldRow *r = data;

  g_free (r->field);
  g_free (r);
}

static FieldRow *
field_row_of (GPtrArray *rows, const char *field)
{
  FieldRow *r;

  for (guint i = 0; i < rows->len; i++)
    {
      r = g_ptr_array_index (rows, i);
      if (g_strcmp0 (r->field, field) == 0)
        return r;
    }
  r = g_new0 (FieldRow, 1);
  r->field = g_strdup (field);
  g_ptr_array_add (rows, r);
  return r;
}

static const char *
field_of (GPtrArray *procedures, const char *code)
{
  for (guint i = 0; procedures != NULL && i < procedures->len; i++)
    {
      const McProcedure *p = g_ptr_array_index (procedures, i);

      if (g_strcmp0 (p->code, code) == 0)
        return p->field != NULL && p->field[0] != '\0' ? p->field : NULL;
    }
  return NULL;
}

static void
stat_cells (McTable *t, const char *no, const char *name, const gint64 *v)
{
  const char *cells[13];
  g_autofree char *esc = g_markup_escape_text (name, -1);
  char *num[11] = { 0 };
  gint64 total = v[0] + v[1] + v[2];

  num[0] = mc_format_int (total);
  for (guint i = 0; i < 10; i++)
    num[i + 1] = mc_format_int (v[i]);
  cells[0] = no;
  cells[1] = esc;
  for (guint i = 0; i < 11; i++)
    cells[i + 2] = num[i];
  mc_table_add_row (t, cells);
  for (guint i = 0; i < 11; i++)
    g_free (num[i]);
}

static gboolean
add_statistics (McDocument *doc, McStore *store, const McReportOptions *o, GError **error)
{
  static const double widths[] = { 5, 11, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 };
  g_autoptr(GPtrArray) now = mc_kpi_compute_by (store, o->from, o->to, MC_KPI_BY_PROCEDURE,
                                                error);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (field_row_free);
  gint64 sum[11] = { 0 };
  McTable *t;
  McParagraphStyle caption = mc_paragraph_style_body ();

  if (now == NULL)
    return FALSE;
  /* Carried over: open at the end of the day before the period. */
  before = mc_kpi_compute_by (store, o->from - 1, o->from - 1, MC_KPI_BY_PROCEDURE, error);
  if (before == NULL)
    return FALSE;
  procedures = mc_store_list_procedures (store, NULL);
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *list = pass == 0 ? before : now;

      for (guint i = 0; i < list->len; i++)
        {
          const McKpi *k = g_ptr_array_index (list, i);
          const char *field = field_of (procedures, k->key);
          FieldRow *r = field_row_of (rows, field != NULL ? field : _("Other"));

          if (pass == 0)
            {
              r->v[0] += k->open_at_end;
              continue;
            }
          r->v[1] += k->online_received;
          r->v[2] += k->received - k->online_received;
          r->v[3] += k->resolved;
          r->v[4] += k->early;
          r->v[5] += k->on_time;
          r->v[6] += k->late;
          r->v[7] += k->open_at_end;
          r->v[8] += k->open_at_end - k->open_overdue_at_end;
          r->v[9] += k->open_overdue_at_end;
        }
    }

  caption.indent = 0;
  caption.size = 11;
  caption.align = MC_ALIGN_LEFT;
  mc_document_add_text (doc, &caption, "%s",
                        _("Dossiers to handle (3): carried over from the last period (4), received "
                          "online (5), received at the desk or by post (6). Resolved (7): early "
                          "(8), on time (9), late (10). Open at the end of the period (11): "
                          "within the deadline (12), past the deadline (13)."));
  t = mc_document_add_table (doc, 13, widths, 8);
  mc_table_set_header (t, (const char *[]) {
    _("No."), _("Field"), _("(3) To handle"), _("(4) Carried over"), _("(5) Online"),
    _("(6) Desk, post"), _("(7) Resolved"), _("(8) Early"), _("(9) On time"), _("(10) Late"),
    _("(11) Open"), _("(12) In time"), _("(13) Overdue") });
  for (guint c = 0; c < 13; c++)
    if (c != 1)
      mc_table_set_align (t, c, MC_ALIGN_CENTER);
  for (guint i = 0; i < rows->len; i++)
    {
      const FieldRow *r = g_ptr_array_index (rows, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      gint64 any = 0;

      for (guint c = 0; c < 10; c++)
        any |= r->v[c];
      if (any == 0)
        continue;
      stat_cells (t, no, r->field, r->v);
      for (guint c = 0; c < 10; c++)
        sum[c] += r->v[c];
    }
  stat_cells (t, "", _("Total"), sum);
  return TRUE;
}

/* The controller's assessment of the period (shortcomings, causes, next steps), as written. */
static void
add_note_text (McDocument *doc, const char *text)
{
  McParagraphStyle body = mc_paragraph_style_body ();
  g_auto(GStrv) lines = NULL;
  gboolean any = FALSE;

  if (text != NULL)
    {
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] == '\0')
            continue;
          mc_document_add_text (doc, &body, "%s", lines[i]);
          any = TRUE;
        }
    }
  if (!any)
    add_none (doc, _("Not written by the procedure controller."));
}

static McDocument *
report_summary (McStore *store, const McReportOptions *o, GError **error)
{
  McKpi k = { 0 };
  g_autoptr(GPtrArray) by_officer = NULL;
  g_autoptr(GPtrArray) by_month = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McReportNote) note = NULL;
  /* The names of the agency at the end of the period: a report on 2023 names the district and
   * the "Bộ phận Một cửa", as the letters of that time did. */
  g_autoptr(McAgency) agency = mc_agency_at (store, o->to);
  g_autofree char *date = mc_report_date_line (agency, o->date);
  g_autofree char *period = mc_report_period_text (o->from, o->to);
  g_autofree char *parent_line = mc_report_parent_recipient (agency);
  g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
  McParagraphStyle body = mc_paragraph_style_body ();
  Period p = period_of (o);
  int year = year_of (o->to);

  if (!mc_kpi_compute (store, o->from, o->to, &k, error))
    return NULL;
  by_officer = mc_kpi_compute_by (store, o->from, o->to, MC_KPI_BY_OFFICER, error);
  if (by_officer == NULL)
    goto fail;
  by_month = mc_kpi_compute_by (store, o->from, o->to, MC_KPI_BY_MONTH, error);
  if (by_month == NULL)
    goto fail;
  problems = mc_report_dossiers_active (store, o->from, o->to, 0, is_problem_case, &p, error);
  if (problems == NULL)
    goto fail;

  doc = mc_document_new (FALSE);
  mc_document_set_title (doc, _("Report on the handling of administrative procedures"));
  /* Translators: the number line of a report; the number is written in by hand. */
  mc_document_add_header (doc, agency->parent, agency->name, _("No.:       /BC-UBND"), date);
  mc_report_add_title (doc, _("REPORT"),
                       _("On the results of handling administrative procedures"), period);
  /* Translators: the committee in running text ("Ủy ban nhân dân xã Tam Hiệp"), the one-stop
   * unit ("Trung tâm Phục vụ hành chính công xã Tam Hiệp"), the period, the year. */
  mc_document_add_text (doc, &body,
                        _("%s reports the results of handling administrative procedures at %s %s, "
                          "against the targets of %d, as follows."),
                        agency->name_text, agency->unit, period, year);

  mc_report_add_heading (doc, _("I. RESULTS OF HANDLING ADMINISTRATIVE PROCEDURES"));
  if (!add_statistics (doc, store, o, error))
    goto fail;
  mc_document_add_space (doc, 6);

  mc_report_add_heading (doc, _("II. RESULTS AGAINST THE TARGETS"));
  add_figures (doc, store, &k, year);
  mc_document_add_space (doc, 10);
  add_chart (doc, draw_bars_cb, mc_report_targets_chart (store, &k, year), CHART_HEIGHT);
  add_chart (doc, draw_line_cb, mc_report_monthly_chart (store, by_month), CHART_HEIGHT * 0.85);

  mc_report_add_heading (doc, _("III. RESULTS BY OFFICER"));
  if (by_officer->len > 0)
    {
      add_officer_table (doc, by_officer);
      mc_document_add_space (doc, 10);
      add_chart (doc, draw_hbars_cb, mc_report_officers_chart (store, by_officer, year),
                 CLAMP (70 + 26.0 * by_officer->len, 150, 420));
    }
  else
    add_none (doc, _("No dossier was handled in this period."));

  mc_report_add_heading (doc, _("IV. OVERDUE DOSSIERS AND APOLOGIES"));
  if (problems->len > 0)
    add_dossier_table (doc, problems, &p, TRUE);
  else
    add_none (doc, _("No dossier was late in this period."));

  /* The anchor of the audit log outside the file (docs/domain.md, "What the checkpoints
   * detect"). */
  note = mc_report_note_get (store, o->from, o->to, error);
  if (note == NULL && error != NULL && *error != NULL)
    goto fail;
  mc_report_add_heading (doc, _("V. SHORTCOMINGS AND THEIR CAUSES"));
  mc_report_add_heading (doc, _("1. Shortcomings"));
  add_note_text (doc, note != NULL ? note->shortcomings : NULL);
  mc_report_add_heading (doc, _("2. Causes"));
  add_note_text (doc, note != NULL ? note->causes : NULL);
  mc_report_add_heading (doc, _("VI. NEXT STEPS"));
  add_note_text (doc, note != NULL ? note->next_steps : NULL);

  mc_report_add_heading (doc, _("VII. CHECKPOINT OF THE AUDIT LOG"));
  mc_report_add_checkpoint (doc, store);

  if (parent_line != NULL)
    g_ptr_array_add (recipients, parent_line);
  g_ptr_array_add (recipients, (gpointer) _("- Chairman and vice-chairmen of the commune;"));
  g_ptr_array_add (recipients, (gpointer) _("- Archive: VT."));
  g_ptr_array_add (recipients, NULL);
  mc_report_add_signer (doc, store, o->signer_id, (const char *const *) recipients->pdata);
  mc_kpi_clear (&k);
  return g_steal_pointer (&doc);

fail:
  mc_kpi_clear (&k);
  return NULL;
}

/* ---- Per-officer report ---- */

static void
add_officer_section (McDocument *doc, McStore *store, const McOfficer *officer,
                     GPtrArray *dossiers, const Period *p)
{
  McParagraphStyle body = mc_paragraph_style_body ();
  gint64 resolved = 0, good = 0, late = 0;
  g_autofree char *rate = NULL;
  g_autofree char *n_text = NULL, *resolved_text = NULL, *late_text = NULL;
  g_autofree char *heading = officer->title && officer->title[0]
                             ? g_strdup_printf ("%s (%s)", officer->name, officer->title)
                             : g_strdup (officer->name);

  for (guint i = 0; i < dossiers->len; i++)
    {
      const McDossier *d = g_ptr_array_index (dossiers, i);

      if (!resolved_in (d, p))
        continue;
      resolved++;
      if (d->outcome == MC_OUTCOME_LATE)
        late++;
      else
        good++;
    }
  rate = mc_format_rate (good, resolved);
  n_text = mc_format_int (dossiers->len);
  resolved_text = mc_format_int (resolved);
  late_text = mc_format_int (late);

  mc_report_add_heading (doc, heading);
  mc_document_add_text (doc, &body,
                        _("Dossiers handled: %s. Resolved in the period: %s, of which late: %s. "
                          "On-time rate: %s."),
                        n_text, resolved_text, late_text, rate);
  if (dossiers->len > 0)
    add_dossier_table (doc, dossiers, p, FALSE);
  mc_document_add_space (doc, 8);
}

static McDocument *
report_officers (McStore *store, const McReportOptions *o, GError **error)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = mc_agency_at (store, o->to);
  g_autofree char *date = mc_report_date_line (agency, o->date);
  g_autofree char *period = mc_report_period_text (o->from, o->to);
  Period p = period_of (o);
  guint sections = 0;

  if (o->officer_id != 0)
    {
      McOfficer *one = mc_store_get_officer (store, o->officer_id, error);

      if (one == NULL)
        return NULL;
      officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_free);
      g_ptr_array_add (officers, one);
    }
  else if ((officers = mc_store_list_officers (store, error)) == NULL)
    return NULL;

  doc = mc_document_new (FALSE);
  mc_document_set_title (doc, _("Results by officer"));
  mc_document_add_header (doc, agency->parent, agency->name, _("No.:       /BC-UBND"), date);
  mc_report_add_title (doc, _("REPORT"), _("On the results of handling dossiers by officer"),
                       period);
  for (guint i = 0; i < officers->len; i++)
    {
      const McOfficer *officer = g_ptr_array_index (officers, i);
      g_autoptr(GPtrArray) dossiers = mc_report_dossiers_active (store, o->from, o->to,
                                                                 officer->id, touched_in, &p,
                                                                 error);

      if (dossiers == NULL)
        return NULL;
      /* Everyone named gets a section; in the whole-office report only those who handled
       * something do. */
      if (dossiers->len == 0 && o->officer_id == 0)
        continue;
      add_officer_section (doc, store, officer, dossiers, &p);
      sections++;
    }
  if (sections == 0)
    add_none (doc, _("No dossier was handled in this period."));
  mc_report_add_signer (doc, store, o->signer_id, (const char *[]) { _("- Archive: VT."), NULL });
  return g_steal_pointer (&doc);
}

/* ---- Register (form 06) ---- */

/* When the desk passed the dossier on to the body that handles it: its first assignment. */
static McTime
forwarded_at (McStore *store, const McDossier *d)
{
  g_autoptr(GPtrArray) events = mc_store_list_events (store, d->id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const McEvent *e = g_ptr_array_index (events, i);

      if (e->action == MC_ACTION_ASSIGN)
        return e->at;
    }
  return MC_TIME_NONE;
}

/* The register's note judges the dossier by the moment its result reached the citizen, when it
 * did: a result ready early but handed over after the appointment is not "early" next to a
 * return date past it. Otherwise the outcome of processing, or the status of an open one. */
static char *
register_note (const McDossier *d)
{
  McOutcome outcome = d->outcome;

  if (d->returned_at != MC_TIME_NONE && d->due_at != MC_TIME_NONE && outcome != MC_OUTCOME_LATE)
    outcome = MAX (outcome, mc_kpi_classify (d->returned_at, d->due_at, d->supplement_count));
  if (outcome == MC_OUTCOME_NONE)
    return g_strdup (mc_status_to_string (d->status));
  if (outcome == MC_OUTCOME_LATE && d->outcome != MC_OUTCOME_LATE && d->ended_at != MC_TIME_NONE)
    {
      g_autofree char *ready = mc_format_day (mc_day_of_time (d->ended_at));

      /* Translators: in the register, a result returned after the appointment though ready
       * before it; the argument is the day it was ready. */
      return g_strdup_printf (_("Returned late (result ready on %s)"), ready);
    }
  return g_strdup (mc_report_outcome_text (outcome));
}

static McDocument *
report_register (McStore *store, const McReportOptions *o, GError **error)
{
  static const double widths[] = { 5, 12, 11, 7, 10, 10, 9, 9.5, 9.5, 9.5, 9.5, 6.5, 9.5 };
  g_autoptr(GPtrArray) dossiers = mc_report_dossiers_received (store, o->from, o->to, 0, error);
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GHashTable) posts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = mc_agency_at (store, o->to);
  g_autofree char *period = mc_report_period_text (o->from, o->to);
  McTable *t;

  if (dossiers == NULL)
    return NULL;
  /* Form 06 names the body that handles each dossier (the procedure's post), not the officer. */
  procedures = mc_store_list_procedures (store, error);
  if (procedures == NULL)
    return NULL;
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);

      g_hash_table_insert (posts, &p->id, p->post);
    }

  doc = mc_document_new (TRUE);
  mc_document_set_title (doc, _("Register of dossiers"));
  mc_document_add_header (doc, agency->name, agency->unit_header, NULL, NULL);
  mc_report_add_title (doc, _("REGISTER OF DOSSIERS"), NULL, period);
  t = mc_document_add_table (doc, G_N_ELEMENTS (widths), widths, REGISTER_FONT);
  mc_table_set_header (t, (const char *[]) {
      _("No."), _("Dossier code"), _("Procedure"), _("Number of sets"),
      _("Applicant"), _("Address, phone"), C_("register column", "Handling body"),
      _("Received"), _("Due"),
      _("Forwarded to the handling body"), _("Returned"),
      C_("register column", "Signature"), _("Note") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 3, MC_ALIGN_CENTER);
  for (guint i = 0; i < dossiers->len; i++)
    {
      const McDossier *d = g_ptr_array_index (dossiers, i);
      const char *post = g_hash_table_lookup (posts, &d->procedure_id);
      McTime forwarded = forwarded_at (store, d);
      g_autofree char *no = mc_format_int (i + 1);
      g_autofree char *code = code_cell (d->code);
      g_autofree char *proc = g_markup_escape_text (d->procedure_name ? d->procedure_name : "", -1);
      g_autofree char *who = g_markup_escape_text (d->applicant_name, -1);
      g_autofree char *contact_text = g_strjoin (d->applicant_address[0] && d->applicant_phone[0]
                                                 ? "; " : "", d->applicant_address,
                                                 d->applicant_phone, NULL);
      g_autofree char *contact = g_markup_escape_text (contact_text, -1);
      g_autofree char *body = g_markup_escape_text (post != NULL ? post : "", -1);
      g_autofree char *received = mc_format_time (d->received_at);
      g_autofree char *due = mc_format_time (d->due_at);
      g_autofree char *sent = forwarded != MC_TIME_NONE ? mc_format_time (forwarded)
                                                        : g_strdup ("");
      g_autofree char *returned = d->returned_at != MC_TIME_NONE
                                  ? mc_format_time (d->returned_at) : g_strdup ("");
      g_autofree char *note_text = register_note (d);
      g_autofree char *note = g_markup_escape_text (note_text, -1);

      /* One set per dossier: the desk registers each set it receives as a dossier. */
      mc_table_add_row (t, (const char *[]) { no, code, proc, "01", who, contact, body, received,
                                              due, sent, returned, "", note });
    }
  if (dossiers->len == 0)
    add_none (doc, _("No dossier was received in this period."));
  return g_steal_pointer (&doc);
}

/* ---- The controller's monthly review ---- */

static gboolean
is_second_supplement (const McDossier *d, gpointer data)
{
  const Period *p = data;

  return d->supplement_count > 1 && d->received_at != MC_TIME_NONE && d->received_at < p->end;
}

/* Where the late dossiers' time went, by stage and by officer (the dashboard's losses). */
static void
add_losses (McDocument *doc, McStore *store, const McAnalysis *a)
{
  static const double widths[] = { 7, 45, 18, 30 };
  gint64 day = mc_calendar_day_seconds (mc_store_get_calendar (store));

  for (int by_officer = 0; by_officer < 2; by_officer++)
    {
      GPtrArray *losses = by_officer ? a->loss_by_officer : a->loss_by_stage;
      McTable *t;

      if (losses == NULL || losses->len == 0)
        continue;
      t = mc_document_add_table (doc, 4, widths, TABLE_FONT);
      mc_table_set_header (t, (const char *[]) { _("No."),
                                                 by_officer ? _("Officer") : _("Stage"),
                                                 _("Late dossiers"),
                                                 _("Working time beyond the budget") });
      mc_table_set_align (t, 0, MC_ALIGN_CENTER);
      mc_table_set_align (t, 2, MC_ALIGN_CENTER);
      for (guint i = 0; i < losses->len; i++)
        {
          const McTimeLoss *l = g_ptr_array_index (losses, i);
          g_autofree char *no = g_strdup_printf ("%u", i + 1);
          g_autofree char *name = g_markup_escape_text (by_officer
                                                        ? (l->officer_name && l->officer_name[0]
                                                           ? l->officer_name : _("Not assigned"))
                                                        : mc_stage_to_string (l->stage), -1);
          g_autofree char *n = mc_format_int (l->dossiers);
          g_autofree char *excess = mc_format_duration (l->excess_seconds, day);

          mc_table_add_row (t, (const char *[]) { no, name, n, excess });
        }
      mc_document_add_space (doc, 6);
    }
}

static void
add_review_brokers (McDocument *doc, McStore *store, const McReportOptions *o,
                    const McOfficer *author)
{
  McParagraphStyle body = mc_paragraph_style_body ();
  g_autoptr(GError) error = NULL;
  int min = mc_supervision_broker_min (store);
  g_autoptr(GPtrArray) brokers = NULL;

  if (author == NULL || !mc_supervision_may_see_brokers (author->role))
    {
      add_none (doc, _("Only the controller, the chairman and the commune police see the list "
                       "of possible brokers."));
      return;
    }
  brokers = mc_supervision_brokers (store, author->id, o->from, o->to, min, &error);
  if (brokers == NULL)
    {
      add_none (doc, error->message);
      return;
    }
  if (brokers->len == 0)
    {
      add_none (doc, _("No representative filed for many unrelated applicants this month."));
      return;
    }
  mc_document_add_text (doc, &body,
                        _("%u people filed, as representatives, for %d or more unrelated "
                          "applicants; the list for the police file gives their dossiers. A lead "
                          "to verify, not a finding:"), brokers->len, min);
  for (guint i = 0; i < brokers->len && i < 10; i++)
    {
      const McBroker *b = g_ptr_array_index (brokers, i);
      g_autoptr(GString) officers = g_string_new (NULL);

      for (guint k = 0; k < b->officers->len && k < 3; k++)
        {
          const McBrokerOfficer *bo = g_ptr_array_index (b->officers, k);

          g_string_append_printf (officers, "%s%s %lld", k > 0 ? ", " : "", bo->name,
                                  (long long) bo->dossiers);
        }
      /* TRANSLATORS: one possible broker in the monthly review: name, unrelated applicants,
       * dossiers, and the officers who received them with their counts. */
      mc_document_add_text (doc, &body, _("- %s: %lld applicants, %lld dossiers (received by %s)."),
                            b->name, (long long) b->applicants, (long long) b->dossiers,
                            officers->str);
    }
}

static void
add_review_inspections (McDocument *doc, McStore *store, const McReportOptions *o)
{
  McParagraphStyle body = mc_paragraph_style_body ();
  g_autoptr(GPtrArray) list = mc_inspection_list (store, NULL);
  guint done = 0;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const McInspection *brief = g_ptr_array_index (list, i);
      McDay day = mc_day_of_time (brief->drawn_at);
      g_autoptr(McInspection) full = NULL;
      g_autofree char *when = NULL;
      g_autofree char *period = NULL;
      int in_order = 0, failings = 0, waiting = 0;

      if (day < o->from || day > o->to)
        continue;
      full = mc_inspection_get (store, brief->id, NULL);
      if (full == NULL)
        continue;
      for (guint k = 0; k < full->items->len; k++)
        {
          const McInspectionItem *item = g_ptr_array_index (full->items, k);

          in_order += item->verdict == MC_VERDICT_IN_ORDER;
          failings += item->verdict == MC_VERDICT_FAILINGS;
          waiting += item->verdict == MC_VERDICT_NONE;
        }
      when = mc_format_day (day);
      period = mc_report_period_text (full->from, full->to);
      done++;
      /* TRANSLATORS: one spot inspection in the monthly review: its number, the day it was
       * drawn, who drew it, the period sampled, the dossiers drawn, found in order, with
       * failings, not inspected yet. */
      mc_document_add_text (doc, &body,
                            _("- Spot inspection no. %lld of %s by %s, on the dossiers received "
                              "%s: %u drawn, %d in order, %d with failings, %d not inspected "
                              "yet."),
                            (long long) full->id, when, full->officer_name, period,
                            full->items->len, in_order, failings, waiting);
    }
  if (done == 0)
    add_none (doc, _("No spot inspection was drawn this month."));
}

static McDocument *
report_review (McStore *store, const McReportOptions *o, GError **error)
{
  g_autoptr(McAnalysis) a = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) twice = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = mc_agency_at (store, o->to);
  g_autoptr(McOfficer) author = o->author_id != 0 ? mc_store_get_officer (store, o->author_id,
                                                                          NULL) : NULL;
  g_autofree char *date = mc_report_date_line (agency, o->date);
  g_autofree char *period = mc_report_period_text (o->from, o->to);
  g_autofree char *subtitle = NULL;
  McParagraphStyle body = mc_paragraph_style_body ();
  Period p = period_of (o);
  int year = year_of (o->to), y1, m1, d1, y2, m2, d2;

  a = mc_analysis_compute (store, o->from, o->to, 0, NULL, error);
  if (a == NULL)
    return NULL;
  problems = mc_report_dossiers_active (store, o->from, o->to, 0, is_problem_case, &p, error);
  if (problems == NULL)
    return NULL;
  twice = mc_report_dossiers_active (store, o->from, o->to, 0, is_second_supplement, &p, error);
  if (twice == NULL)
    return NULL;

  mc_day_to_ymd (o->from, &y1, &m1, &d1);
  mc_day_to_ymd (o->to, &y2, &m2, &d2);
  /* A calendar month is named as such; another period by its days. */
  if (y1 == y2 && m1 == m2 && d1 == 1 &&
      (m2 == 12 ? mc_day_from_ymd (y2 + 1, 1, 1) : mc_day_from_ymd (y2, m2 + 1, 1)) == o->to + 1)
    /* TRANSLATORS: the monthly review's subtitle: month/year */
    subtitle = g_strdup_printf (_("Month %02d/%d"), m1, y1);
  else
    subtitle = g_strdup (period);

  doc = mc_document_new (FALSE);
  mc_document_set_title (doc, _("Monthly review of the handling of administrative procedures"));
  mc_document_add_header (doc, agency->parent, agency->name, _("No.:       /BC-KS"), date);
  mc_report_add_title (doc, _("MONTHLY REVIEW"),
                       _("Of the control of administrative procedures"), subtitle);
  mc_document_add_text (doc, &body,
                        _("The procedure controller reviews the handling of administrative "
                          "procedures at %s %s against the targets of %d, and reports to the "
                          "chairman as follows."), agency->unit, period, year);

  mc_report_add_heading (doc, _("I. RESULTS AGAINST THE TARGETS"));
  add_figures (doc, store, &a->kpi, year);

  mc_report_add_heading (doc, _("II. LATE CASES AND WHERE THE TIME WENT"));
  if (problems->len > 0)
    {
      add_dossier_table (doc, problems, &p, TRUE);
      mc_document_add_space (doc, 6);
      if ((a->loss_by_stage != NULL && a->loss_by_stage->len > 0) ||
          (a->loss_by_officer != NULL && a->loss_by_officer->len > 0))
        {
          mc_document_add_text (doc, &body, "%s",
                                _("The working time each stage took beyond its budget in the "
                                  "late dossiers, and who held them then:"));
          add_losses (doc, store, a);
        }
      else
        add_none (doc, _("No stage of these dossiers went over its budget in the steps "
                         "recorded."));
    }
  else
    add_none (doc, _("No dossier was late in this period."));

  mc_report_add_heading (doc, _("III. CITIZENS SENT BACK MORE THAN ONCE"));
  if (twice->len > 0)
    add_dossier_table (doc, twice, &p, TRUE);
  else
    add_none (doc, _("No dossier was asked for a supplement twice."));

  mc_report_add_heading (doc, _("IV. POSSIBLE BROKERS"));
  add_review_brokers (doc, store, o, author);

  mc_report_add_heading (doc, _("V. SPOT INSPECTIONS"));
  add_review_inspections (doc, store, o);

  /* The chairman in office signs under it. */
  {
    g_autoptr(GPtrArray) officers = mc_store_list_officers (store, NULL);
    const char *chairman = "";

    for (guint i = 0; officers != NULL && i < officers->len; i++)
      {
        const McOfficer *off = g_ptr_array_index (officers, i);

        if (off->active && off->role == MC_ROLE_CHAIRMAN)
          chairman = off->name;
      }
    mc_document_add_space (doc, 8);
    mc_document_add_signatures (doc, 2,
                                (const char *const[]) { _("PREPARED BY"), _("CHAIRMAN") },
                                (const char *const[]) { _("(signature, full name)"),
                                                        _("(signature, full name, seal)") },
                                (const char *const[]) { author != NULL ? author->name : "",
                                                        chairman });
  }
  return g_steal_pointer (&doc);
}

McDocument *
mc_report_new (McStore *store, McReportKind kind, const McReportOptions *options, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (options->to < options->from)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The period ends before it starts: check the dates."));
      return NULL;
    }
  switch (kind)
    {
    case MC_REPORT_SUMMARY:
      return report_summary (store, options, error);
    case MC_REPORT_OFFICERS:
      return report_officers (store, options, error);
    case MC_REPORT_REGISTER:
      return report_register (store, options, error);
    case MC_REPORT_REVIEW:
      return report_review (store, options, error);
    default:
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Unknown kind of report."));
      return NULL;
    }
}
