/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "mc-analysis.h"
#include "mc-chart.h"
#include "mc-dashboard-page.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-report.h"
#include "mc-text.h"

/* ---- The figures of the cards (docs/domain.md §5) ---- */

typedef struct {
  const char *key;              /* target name; the last one has no target */
  const char *title;
  const char *rate;             /* core's counts of it (mc_kpi_counts) */
} Figure;

static const Figure figures[] = {
  { "on_time_rate", N_("On-time rate"), "on_time_rate" },
  { "progress_rate", N_("Progress index (Decision 766)"), "progress_rate" },
  { "online_rate", N_("Online rate"), "online_rate" },
  { "online_rate_partial", N_("Online rate, partly online procedures"), "online_rate_partial" },
  { "online_rate_full", N_("Online rate, fully online procedures"), "online_rate_full" },
  { "digitized_input_rate", N_("Digitised dossiers"), "digitized_input_rate" },
  { "digitized_result_rate", N_("Digitised results"), "digitized_result_rate" },
  { "online_payment_rate", N_("Online payment"), "online_payment_rate" },
  { "late_online_intake", N_("Late online intakes"), "late_online_intake_rate" },
};
#define N_FIGURES G_N_ELEMENTS (figures)
#define LATE_INTAKE (N_FIGURES - 1)

/* ---- Periods ---- */

typedef enum {
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_Q1,
  PERIOD_Q2,
  PERIOD_Q3,
  PERIOD_Q4,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_DATES,
  N_PERIODS
} Period;

/* ---- Charts and tables ---- */

typedef void (*DrawFunc) (cairo_t *cr, double width, double height, const McChartData *data);

enum { CHART_TARGETS, CHART_TREND, CHART_OFFICERS, CHART_LOSS_STAGE, CHART_LOSS_OFFICER, N_CHARTS };

typedef struct {
  GtkDrawingArea *area;
  McChartData    *data;
  DrawFunc        draw;
} Chart;

enum { TABLE_OFFICERS, TABLE_LOSS, TABLE_PROCEDURES, TABLE_SCORE, N_TABLES };

typedef struct {
  const char *title;
  gboolean    numeric;
} Column;

static const Column officer_columns[] = {
  { N_("Officer"), FALSE }, { N_("Handled"), TRUE }, { N_("On time"), TRUE },
  { N_("Overdue now"), TRUE }, { N_("Average per step"), TRUE }, { N_("Budget per step"), TRUE },
  { NULL }
};
static const Column loss_columns[] = {
  { N_("Step"), FALSE }, { N_("Held by"), FALSE }, { N_("Late dossiers"), TRUE },
  { N_("Time beyond budget"), TRUE }, { NULL }
};
static const Column procedure_columns[] = {
  { N_("Code"), FALSE }, { N_("Procedure"), FALSE }, { N_("Received"), TRUE },
  { N_("Resolved"), TRUE }, { N_("On time"), TRUE }, { N_("Online"), TRUE },
  { N_("Median"), TRUE }, { N_("90th percentile"), TRUE }, { NULL }
};
static const Column score_columns[] = {
  { N_("Group"), FALSE }, { N_("Component"), FALSE }, { N_("Result"), TRUE },
  { N_("Full at"), TRUE }, { N_("Points"), TRUE }, { N_("Maximum"), TRUE }, { NULL }
};
static const Column * const table_columns[N_TABLES] = {
  officer_columns, loss_columns, procedure_columns, score_columns
};

/* What a count in the thread gives the page. */
typedef struct {
  McAnalysis  *analysis;
  double       targets[N_FIGURES];
  McChartData *charts[N_CHARTS];
} Result;

typedef struct {
  char  *path;
  McDay  from, to;
  McTime now;
} Job;

struct _McDashboardPage
{
  AdwBin parent_instance;

  McStore      *store;
  GCancellable *cancellable;
  Result       *result;
  McDay         from, to;
  gboolean      dirty;       /* the figures shown are not those of the store and period */
  gboolean      busy;
  gboolean      changed_meanwhile;  /* the database changed while it counted */
  GtkLabel     *values[N_FIGURES];
  Chart         charts[N_CHARTS];
  GtkColumnView *tables[N_TABLES];
  GtkStringList *period_model;

  /* Template widgets */
  GtkDropDown    *period_dropdown;
  GtkWidget      *dates_box;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkLabel       *dates_error;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkLabel       *period_label;
  GtkFlowBox     *cards;
  GtkDrawingArea *targets_area;
  GtkDrawingArea *trend_area;
  GtkDrawingArea *officers_area;
  GtkDrawingArea *loss_area;
  GtkDrawingArea *loss_officers_area;
  GtkLabel       *projection_label;
  GtkLabel       *loss_label;
  GtkLabel       *score_label;
  GtkLabel       *note_label;
  GtkColumnView  *officers_view;
  GtkLabel       *digitisation_label;
  GtkBox         *digitisation_box;
  GtkColumnView  *loss_view;
  GtkColumnView  *procedures_view;
  GtkColumnView  *score_view;
};

G_DEFINE_FINAL_TYPE (McDashboardPage, mc_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
result_free (Result *r)
{
  if (r == NULL)
    return;
  mc_analysis_free (r->analysis);
  for (int i = 0; i < N_CHARTS; i++)
    mc_chart_data_free (r->charts[i]);
  g_free (r);
}

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job);
}

static McTime
now_time (void)
{
  return mc_now ();
}

static void
period_range (Period period, McDay today, McDay *from, McDay *to)
{
  int y, m, d;

  mc_day_to_ymd (today, &y, &m, &d);
  switch (period)
    {
    case PERIOD_THIS_MONTH:
      *from = mc_day_from_ymd (y, m, 1);
      *to = today;
      break;
    case PERIOD_LAST_MONTH:
      *to = mc_day_from_ymd (y, m, 1) - 1;
      mc_day_to_ymd (*to, &y, &m, &d);
      *from = mc_day_from_ymd (y, m, 1);
      break;
    case PERIOD_Q1:
    case PERIOD_Q2:
    case PERIOD_Q3:
    case PERIOD_Q4:
      {
        int q = period - PERIOD_Q1;

        *from = mc_day_from_ymd (y, q * 3 + 1, 1);
        *to = (q == 3 ? mc_day_from_ymd (y + 1, 1, 1) : mc_day_from_ymd (y, q * 3 + 4, 1)) - 1;
        /* The quarter under way: up to today. */
        if (*from <= today && today < *to)
          *to = today;
      }
      break;
    case PERIOD_THIS_YEAR:
      *from = mc_day_from_ymd (y, 1, 1);
      *to = today;
      break;
    case PERIOD_LAST_YEAR:
      *from = mc_day_from_ymd (y - 1, 1, 1);
      *to = mc_day_from_ymd (y, 1, 1) - 1;
      break;
    case PERIOD_DATES:
    case N_PERIODS:
    default:
      break;
    }
}

/* ---- Counting, in a thread ---- */

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Result *r;
  int year, m, d;

  /* A connection of its own: the main thread's store is not shared across threads. */
  store = mc_store_open (job->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r = g_new0 (Result, 1);
  r->analysis = mc_analysis_compute (store, job->from, job->to, job->now, cancellable, &error);
  if (r->analysis == NULL)
    {
      result_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_day_to_ymd (job->to, &year, &m, &d);
  for (guint i = 0; i < N_FIGURES; i++)
    r->targets[i] = i == LATE_INTAKE ? NAN : mc_kpi_get_target (store, year, figures[i].key);
  r->charts[CHART_TARGETS] = mc_report_targets_chart (store, &r->analysis->kpi, year);
  /* Computed once, in core and report, as paper draws them: the page only shows them. */
  r->charts[CHART_TREND] = mc_report_trend_chart (store, r->analysis);
  r->charts[CHART_OFFICERS] = mc_report_officer_figures_chart (store, r->analysis->officers, year);
  r->charts[CHART_LOSS_STAGE] = mc_report_loss_chart (r->analysis->loss_by_stage, TRUE);
  r->charts[CHART_LOSS_OFFICER] = mc_report_loss_chart (r->analysis->loss_by_officer, FALSE);
  g_task_return_pointer (task, r, (GDestroyNotify) result_free);
}

/* ---- Showing a result ---- */

static void
set_busy (McDashboardPage *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Hidden at once, not faded out: a picture taken when the figures arrive shows no spinner. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* Narrow cards, so that a wide window shows all the figures in two rows. */
  gtk_label_set_width_chars (GTK_LABEL (label), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build_cards (McDashboardPage *self)
{
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "kpi-card");
      gtk_box_append (GTK_BOX (card), new_label (_(figures[i].title), "kpi-title"));
      self->values[i] = GTK_LABEL (new_label ("—", "kpi-value"));
      gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->values[i]));
      gtk_box_append (GTK_BOX (card), new_label ("", "kpi-count"));
      gtk_box_append (GTK_BOX (card), new_label ("", "kpi-target"));
      gtk_flow_box_append (self->cards, card);
    }
}

static void
show_card (McDashboardPage *self,
           guint            i,
           const McKpi     *k,
           double           target)
{
  GtkWidget *value_label = GTK_WIDGET (self->values[i]);
  GtkWidget *card = gtk_widget_get_parent (value_label);
  GtkLabel *count_label = GTK_LABEL (gtk_widget_get_next_sibling (value_label));
  GtkLabel *target_label = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (count_label)));
  g_autofree char *num_text = NULL, *den_text = NULL, *count = NULL, *value = NULL;
  g_autofree char *target_text = NULL, *target_line = NULL;
  const char *status = NULL, *status_class = NULL;
  gint64 num, den;
  double rate;

  mc_kpi_counts (k, figures[i].rate, &num, &den);
  rate = mc_kpi_percent (num, den);
  num_text = mc_format_int (num);
  den_text = mc_format_int (den);

  for (const char * const *c = (const char *[]) { "kpi-met", "kpi-close", "kpi-missed", "kpi-na", NULL };
       *c != NULL; c++)
    gtk_widget_remove_css_class (card, *c);

  if (i == LATE_INTAKE)
    {
      /* A count, with its share of the online dossiers: fewer is better, no target. */
      g_autofree char *share = mc_format_rate (num, den);

      value = g_strdup (num_text);
      count = g_strdup_printf (_("%s of %s online dossiers"), share, den_text);
      target_line = g_strdup (_("Accepted more than 8 working hours after submission"));
    }
  else if (den == 0)
    {
      value = g_strdup (_("Not applicable"));
      count = g_strdup (_("No dossiers to count in this period"));
      status_class = "kpi-na";
    }
  else
    {
      value = mc_format_percent (rate, 2);
      /* TRANSLATORS: the count behind a rate, e.g. "1.376 of 1.406". */
      count = g_strdup_printf (_("%s of %s"), num_text, den_text);
    }

  if (i != LATE_INTAKE)
    {
      if (isnan (target))
        target_line = g_strdup (_("No target for this year"));
      else
        {
          target_text = mc_desk_format_target (target);
          /* Core's rule; the word as well as the colour, so the state reads in greyscale too. */
          switch (mc_kpi_target_state (rate, target))
            {
            case MC_KPI_TARGET_MET:
              status = _("met"), status_class = "kpi-met";
              break;
            case MC_KPI_TARGET_CLOSE:
              status = _("close"), status_class = "kpi-close";
              break;
            case MC_KPI_TARGET_MISSED:
              status = _("missed"), status_class = "kpi-missed";
              break;
            case MC_KPI_TARGET_NONE:
            default:
              break;
            }
          /* TRANSLATORS: "Target 98,00% · met". */
          target_line = status != NULL ? g_strdup_printf (_("Target %s · %s"), target_text, status)
                                       : g_strdup_printf (_("Target %s"), target_text);
        }
    }
  if (status_class != NULL)
    gtk_widget_add_css_class (card, status_class);
  gtk_label_set_label (self->values[i], value);
  gtk_label_set_label (count_label, count);
  gtk_label_set_label (target_label, target_line);
}

static void
fill_table (McDashboardPage *self,
            int              table,
            guint            n)
{
  GtkColumnView *view = self->tables[table];
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  GtkSortListModel *sorted;
  GtkSelectionModel *selection;

  /* Rows are indexes into the result's arrays; the cells read them when bound. */
  for (guint i = 0; i < n; i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      gtk_string_list_append (rows, index);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_steal_pointer (&rows)),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sorted)));
  gtk_column_view_set_model (view, selection);
  g_object_unref (selection);
  /* The table's frame (its scrolled window) goes with it. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (view)), n > 0);
}

/* ---- Who holds digitisation down ---- */

/* The rows each list shows: the few that matter most (the list is sorted by the points). */
#define GAP_ROWS 5

static void
gap_activated_cb (AdwActionRow *row, McDashboardPage *self)
{
  gint64 officer = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "officer"));
  gint64 procedure = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "procedure"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-undigitised", "(xx)", officer,
                              procedure);
}

static GtkWidget *
gap_list (McDashboardPage *self, const char *heading, GPtrArray *gaps)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_box_append (GTK_BOX (column), title);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  for (guint i = 0; i < gaps->len && i < GAP_ROWS; i++)
    {
      const McDigitisationGap *g = g_ptr_array_index (gaps, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *inputs = mc_format_int (g->input_missing);
      g_autofree char *results = mc_format_int (g->result_missing);
      g_autofree char *gain = mc_format_decimal (g->gain, 2);
      g_autofree char *subtitle = NULL;
      g_autofree char *points = NULL;
      g_autofree char *name = g->code != NULL ? g_strdup_printf ("%s · %s", g->code, g->name)
                                              : g_strdup (g->name);
      GtkWidget *suffix;

      /* TRANSLATORS: a row of "who holds digitisation down": dossiers received in the period
       * whose papers were not scanned, and results not scanned */
      subtitle = g_strdup_printf (_("%s dossiers and %s results not digitised"), inputs, results);
      /* TRANSLATORS: how many percentage points the digitisation rates would rise by */
      points = g_strdup_printf (_("+%s points"), gain);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      suffix = gtk_label_new (points);
      gtk_widget_add_css_class (suffix, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      gtk_widget_set_tooltip_text (row, name);
      /* Nobody's dossiers have no queue of their own. */
      if (!g->by_officer || g->id > 0)
        {
          g_object_set_data (G_OBJECT (row), "officer",
                             GSIZE_TO_POINTER (g->by_officer ? (gsize) g->id : 0));
          g_object_set_data (G_OBJECT (row), "procedure",
                             GSIZE_TO_POINTER (g->by_officer ? 0 : (gsize) g->id));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_signal_connect (row, "activated", G_CALLBACK (gap_activated_cb), self);
        }
      gtk_widget_set_name (row, g->by_officer ? "gap-officer" : "gap-procedure");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (GTK_BOX (column), list);
  gtk_widget_set_visible (column, gaps->len > 0);
  return column;
}

static void
show_gaps (McDashboardPage *self, const McAnalysis *a)
{
  GtkWidget *c;

  while ((c = gtk_widget_get_first_child (GTK_WIDGET (self->digitisation_box))) != NULL)
    gtk_box_remove (self->digitisation_box, c);
  if (a->gaps_by_officer->len == 0 && a->gaps_by_procedure->len == 0)
    {
      gtk_label_set_label (self->digitisation_label,
                           _("Every dossier and every result of this period is digitised."));
      gtk_widget_set_visible (GTK_WIDGET (self->digitisation_box), FALSE);
      return;
    }
  gtk_label_set_label (self->digitisation_label,
                       _("The dossiers and results not digitised, and how many points the two "
                         "digitisation rates would rise by if they were; click one to see its "
                         "dossiers not digitised."));
  gtk_box_append (self->digitisation_box,
                  gap_list (self, _("By handling officer"), a->gaps_by_officer));
  gtk_box_append (self->digitisation_box, gap_list (self, _("By procedure"),
                                                    a->gaps_by_procedure));
  gtk_widget_set_visible (GTK_WIDGET (self->digitisation_box), TRUE);
}

static void
show_result (McDashboardPage *self)
{
  const McAnalysis *a = self->result->analysis;
  const McProjection *p = &a->projection;
  g_autofree char *from = mc_format_day (a->from), *to = mc_format_day (a->to);
  g_autofree char *title = NULL, *score = NULL, *total = NULL, *max = NULL, *font = NULL;
  GString *note = g_string_new (NULL);
  double measured_max;

  title = g_strdup_printf (_("From %s to %s"), from, to);
  gtk_label_set_label (self->period_label, title);
  for (guint i = 0; i < N_FIGURES; i++)
    show_card (self, i, &a->kpi, self->result->targets[i]);

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-font-name", &font, NULL);
  for (int i = 0; i < N_CHARTS; i++)
    {
      /* On screen, the interface's font; on paper the same charts keep the document's. */
      g_free (self->result->charts[i]->font_family);
      self->result->charts[i]->font_family = g_strdup (font);
      self->charts[i].data = self->result->charts[i];
      gtk_widget_queue_draw (GTK_WIDGET (self->charts[i].area));
    }

  if (p->year != 0 && p->elapsed > 0 && p->elapsed < 1)
    {
      g_autofree char *received = mc_format_int (p->projected_received);
      g_autofree char *rate = mc_format_percent (mc_kpi_on_time_rate (&p->so_far), 2);
      g_autofree char *online = mc_format_percent (mc_kpi_online_rate (&p->so_far), 2);
      g_autofree char *line = g_strdup_printf (_("At the pace so far, %d ends with about %s dossiers "
                                                 "received, an on-time rate of %s and an online "
                                                 "rate of %s."), p->year, received, rate, online);

      gtk_label_set_label (self->projection_label, line);
      gtk_widget_set_visible (GTK_WIDGET (self->projection_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->projection_label), FALSE);

  if (a->late_dossiers > 0)
    {
      g_autofree char *late = mc_format_int (a->late_dossiers);
      g_autofree char *text = g_strdup_printf (_("In the %s dossiers resolved late, the working time each "
                                                 "step took beyond its budget, and who held the dossier "
                                                 "then."), late);

      gtk_label_set_label (self->loss_label, text);
    }
  else
    gtk_label_set_label (self->loss_label, _("No dossier was resolved late in this period."));

  show_gaps (self, a);
  fill_table (self, TABLE_OFFICERS, a->officers->len);
  fill_table (self, TABLE_LOSS, a->loss->len);
  fill_table (self, TABLE_PROCEDURES, a->procedures->len);
  fill_table (self, TABLE_SCORE, a->scorecard->len);

  total = mc_format_decimal (mc_analysis_score_total (a->scorecard, &measured_max), 2);
  max = mc_format_decimal (measured_max, 0);
  score = g_strdup_printf (_("%s of the %s points the desk’s own data can measure; the rest of "
                             "the 100 points is not measured here."), total, max);
  gtk_label_set_label (self->score_label, score);

  g_string_append (note, _("Processing time is counted in working hours from receipt to the "
                           "result, without the time waiting for the citizen’s supplements. Within "
                           "a group of the Decision 766 scorecard, the points of each component "
                           "are this application’s split."));
  gtk_label_set_label (self->note_label, note->str);
  g_string_free (note, TRUE);

  gtk_stack_set_visible_child_name (self->stack, "figures");
}

static void invalidate (McDashboardPage *self);

static void
count_done_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);
  g_autoptr(GError) error = NULL;
  Result *r = g_task_propagate_pointer (G_TASK (res), &error);

  /* A newer count replaced this one (or the page is gone): it has nothing to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    {
      result_free (r);
      return;
    }
  set_busy (self, FALSE);
  if (r == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  for (int i = 0; i < N_CHARTS; i++)
    self->charts[i].data = NULL;
  result_free (self->result);
  self->result = r;
  show_result (self);
  /* Others wrote while it counted: once more, with what they wrote. */
  if (self->changed_meanwhile)
    {
      self->changed_meanwhile = FALSE;
      invalidate (self);
    }
}

static void show_dates (McDashboardPage *self);

static void
start_count (McDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  Period period;

  if (self->store == NULL)
    return;
  /* A preset follows the clock: "this month" the day after is a day longer. */
  period = gtk_drop_down_get_selected (self->period_dropdown);
  if (period < PERIOD_DATES)
    {
      period_range (period, mc_day_of_time (now_time ()), &self->from, &self->to);
      show_dates (self);
    }
  self->dirty = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->path = g_strdup (mc_store_get_path (self->store));
  job->from = self->from;
  job->to = self->to;
  job->now = now_time ();

  task = g_task_new (self, self->cancellable, count_done_cb, NULL);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (self->result == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_busy (self, TRUE);
  g_task_run_in_thread (task, count_thread);
}

/* Counts now when shown, else when it is. */
static void
invalidate (McDashboardPage *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_count (self);
}

/* ---- Period selector ---- */

static void
show_dates (McDashboardPage *self)
{
  /* As a person reads them (dd/mm/yyyy in Vietnamese); either form is read back. */
  g_autofree char *from = mc_format_day (self->from), *to = mc_format_day (self->to);

  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

static void
period_selected_cb (McDashboardPage *self)
{
  Period period = gtk_drop_down_get_selected (self->period_dropdown);
  McDay from, to;

  gtk_widget_set_visible (self->dates_box, period == PERIOD_DATES);
  if (period >= PERIOD_DATES)
    return;
  period_range (period, mc_day_of_time (now_time ()), &from, &to);
  self->from = from;
  self->to = to;
  show_dates (self);
  gtk_widget_set_visible (GTK_WIDGET (self->dates_error), FALSE);
  invalidate (self);
}

static gboolean
read_date (GtkEntry *entry,
           McDay    *day)
{
  gboolean ok = mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (entry)), day);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return ok;
}

static void
dates_activate_cb (McDashboardPage *self)
{
  McDay from, to;
  gboolean from_ok = read_date (self->from_entry, &from);
  gboolean to_ok = read_date (self->to_entry, &to);
  const char *problem = NULL;

  if (!from_ok || !to_ok)
    problem = _("Write the dates as day/month/year, e.g. 31/03/2024.");
  else if (from > to)
    {
      problem = _("The period starts after it ends: choose a first day on or before the last day.");
      gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
    }
  gtk_label_set_label (self->dates_error, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dates_error), problem != NULL);
  if (problem != NULL)
    return;
  self->from = from;
  self->to = to;
  invalidate (self);
}

static void
fill_periods (McDashboardPage *self)
{
  int y, m, d;

  mc_day_to_ymd (mc_day_of_time (now_time ()), &y, &m, &d);
  self->period_model = gtk_string_list_new (NULL);
  gtk_string_list_append (self->period_model, _("This month"));
  gtk_string_list_append (self->period_model, _("Last month"));
  for (int q = 1; q <= 4; q++)
    {
      /* TRANSLATORS: a quarter of a year, e.g. "Quarter 2, 2024". */
      g_autofree char *text = g_strdup_printf (_("Quarter %d, %d"), q, y);

      gtk_string_list_append (self->period_model, text);
    }
  gtk_string_list_append (self->period_model, _("This year"));
  gtk_string_list_append (self->period_model, _("Last year"));
  gtk_string_list_append (self->period_model, _("Dates"));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_model));
}

/* ---- Charts ---- */

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  Chart *chart = user_data;
  GdkRGBA ink;

  if (chart->data == NULL)
    return;
  /* Text and axes in the theme's foreground, as on paper they are black. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &ink);
  gdk_cairo_set_source_rgba (cr, &ink);
  chart->draw (cr, width, height, chart->data);
}

static gboolean
chart_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  Chart *chart = user_data;
  const McChartData *data = chart->data;
  g_autofree char *value = NULL, *text = NULL;
  double v, t;
  int i;

  if (data == NULL || (i = mc_chart_data_hit (data, x, y)) < 0)
    return FALSE;
  v = g_array_index (data->values, double, i);
  t = g_array_index (data->targets, double, i);
  if (isnan (v))
    value = g_strdup (_("not applicable"));
  else
    value = data->percent ? mc_format_percent (v, 2) : mc_format_decimal (v, 1);
  if (!isnan (t))
    {
      g_autofree char *target = data->percent ? mc_format_percent (t, 2) : mc_format_decimal (t, 1);

      /* TRANSLATORS: a chart's tooltip: "05/24: 97,50% (target 98,00%)". */
      text = g_strdup_printf (_("%s: %s (target %s)"),
                              (char *) g_ptr_array_index (data->labels, i), value, target);
    }
  else
    text = g_strdup_printf ("%s: %s", (char *) g_ptr_array_index (data->labels, i), value);
  if ((guint) i + data->projected >= data->values->len && data->projected > 0)
    {
      char *projected = g_strdup_printf (_("%s, projected"), text);

      g_free (text);
      text = projected;
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_chart (McDashboardPage *self,
             int              i,
             GtkDrawingArea  *area,
             DrawFunc         draw)
{
  self->charts[i].area = area;
  self->charts[i].draw = draw;
  gtk_drawing_area_set_draw_func (area, draw_chart_cb, &self->charts[i], NULL);
  g_signal_connect (area, "query-tooltip", G_CALLBACK (chart_tooltip_cb), &self->charts[i]);
}

/* ---- Tables ---- */

/* The number in a cell (for sorting and its text), NAN for text and empty cells. */
static double
cell_number (McDashboardPage *self,
             int              table,
             guint            i,
             int              column)
{
  const McAnalysis *a = self->result->analysis;

  switch (table)
    {
    case TABLE_OFFICERS:
      {
        const McOfficerFigures *o = g_ptr_array_index (a->officers, i);
        double values[] = { NAN, o->handled, mc_officer_figures_on_time_rate (o), o->overdue_now,
                            mc_officer_figures_avg_step (o), mc_officer_figures_avg_budget (o) };
        return values[column];
      }
    case TABLE_LOSS:
      {
        const McTimeLoss *l = g_ptr_array_index (a->loss, i);
        double values[] = { l->stage, NAN, l->dossiers, l->excess_seconds };
        return values[column];
      }
    case TABLE_PROCEDURES:
      {
        const McProcedureFigures *p = g_ptr_array_index (a->procedures, i);
        double values[] = { NAN, NAN, p->received, p->resolved,
                            mc_procedure_figures_on_time_rate (p),
                            mc_procedure_figures_online_rate (p),
                            p->median_seconds >= 0 ? p->median_seconds : NAN,
                            p->p90_seconds >= 0 ? p->p90_seconds : NAN };
        return values[column];
      }
    case TABLE_SCORE:
      {
        const McScoreItem *s = g_ptr_array_index (a->scorecard, i);
        double values[] = { i, NAN, s->value, s->threshold, s->points, s->max_points };
        return values[column];
      }
    default:
      return NAN;
    }
}

static char *
cell_text (McDashboardPage *self,
           int              table,
           guint            i,
           int              column)
{
  const McAnalysis *a = self->result->analysis;
  double v = cell_number (self, table, i, column);

  switch (table)
    {
    case TABLE_OFFICERS:
      {
        const McOfficerFigures *o = g_ptr_array_index (a->officers, i);

        if (column == 0)
          return g_strdup (o->name);
        if (column == 2)
          return isnan (v) ? g_strdup (_("n/a")) : mc_format_percent (v, 2);
        if (column >= 4)
          return mc_format_hours (v);
        return mc_format_int ((gint64) v);
      }
    case TABLE_LOSS:
      {
        const McTimeLoss *l = g_ptr_array_index (a->loss, i);

        if (column == 0)
          return g_strdup (mc_stage_to_string (l->stage));
        if (column == 1)
          return g_strdup (l->officer_name);
        if (column == 3)
          return mc_format_hours (v);
        return mc_format_int ((gint64) v);
      }
    case TABLE_PROCEDURES:
      {
        const McProcedureFigures *p = g_ptr_array_index (a->procedures, i);

        if (column == 0)
          return g_strdup (p->code);
        if (column == 1)
          return g_strdup (p->name);
        if (column == 4 || column == 5)
          return isnan (v) ? g_strdup (_("n/a")) : mc_format_percent (v, 2);
        if (column >= 6)
          return mc_format_hours (v);
        return mc_format_int ((gint64) v);
      }
    case TABLE_SCORE:
      {
        const McScoreItem *s = g_ptr_array_index (a->scorecard, i);

        if (column == 0)
          return g_strdup (s->group);
        if (column == 1)
          return g_strdup (s->name);
        if (!s->measured && (column == 2 || column == 4))
          return g_strdup (_("not measured"));
        if (column == 2 || column == 3)
          return isnan (v) ? g_strdup (_("n/a")) : mc_format_percent (v, column == 2 ? 2 : 0);
        return isnan (v) ? g_strdup (_("n/a")) : mc_format_decimal (v, 2);
      }
    default:
      return g_strdup ("");
    }
}

static guint
item_index (gpointer item)
{
  return (guint) strtoul (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), NULL, 10);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), numeric ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              McDashboardPage          *self)
{
  int table = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "table"));
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (self->result == NULL)
    return;
  text = cell_text (self, table, item_index (gtk_list_item_get_item (item)), column);
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

typedef struct {
  McDashboardPage *self;
  int              table, column;
} SortKey;

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortKey *key = user_data;
  McDashboardPage *self = key->self;
  guint i = item_index ((gpointer) a), j = item_index ((gpointer) b);
  double x, y;

  if (self->result == NULL)
    return GTK_ORDERING_EQUAL;
  x = cell_number (self, key->table, i, key->column);
  y = cell_number (self, key->table, j, key->column);
  if (!isnan (x) || !isnan (y))
    {
      /* Empty cells ("n/a") last. */
      if (isnan (x) != isnan (y))
        return isnan (x) ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
      return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
  {
    g_autofree char *s = cell_text (self, key->table, i, key->column);
    g_autofree char *t = cell_text (self, key->table, j, key->column);
    int c = mc_text_collate (s, t);

    return c < 0 ? GTK_ORDERING_SMALLER : c > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
  }
}

static void
setup_table (McDashboardPage *self,
             int              table,
             GtkColumnView   *view)
{
  const Column *columns = table_columns[table];

  self->tables[table] = view;
  for (int c = 0; columns[c].title != NULL; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      SortKey *key = g_new (SortKey, 1);
      GtkSorter *sorter;

      g_object_set_data (G_OBJECT (factory), "table", GINT_TO_POINTER (table));
      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (c));
      g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (columns[c].numeric));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      /* Names take the room left by the figures. */
      gtk_column_view_column_set_expand (column, !columns[c].numeric);
      gtk_column_view_column_set_resizable (column, TRUE);
      *key = (SortKey) { self, table, c };
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cells, key, g_free));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
}

/* An officer clicked: their queue, when the window has one. */
static void
officer_activate_cb (GtkColumnView   *view,
                     guint            position,
                     McDashboardPage *self)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)),
                                                   position);
  const McOfficerFigures *o;

  if (item == NULL || self->result == NULL)
    return;
  o = g_ptr_array_index (self->result->analysis->officers, item_index (item));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-queue", "x", o->officer_id);
}

/* ---- GObject ---- */

McDashboardPage *
mc_dashboard_page_new (void)
{
  return g_object_new (MC_TYPE_DASHBOARD_PAGE, NULL);
}

void
mc_dashboard_page_set_store (McDashboardPage *self,
                             McStore         *store)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (store == NULL || MC_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  if (store != NULL)
    invalidate (self);
  else
    {
      g_cancellable_cancel (self->cancellable);
      set_busy (self, FALSE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
mc_dashboard_page_data_changed (McDashboardPage *self)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));

  /* A count under way is not cancelled (at a change a second it would never end): the next
   * starts when it is done. Hidden, it counts when shown. */
  if (self->busy)
    self->changed_meanwhile = TRUE;
  else
    invalidate (self);
}

void
mc_dashboard_page_reset (McDashboardPage *self)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->dates_error), FALSE);
  gtk_label_set_label (self->dates_error, "");
  if (gtk_drop_down_get_selected (self->period_dropdown) != PERIOD_THIS_YEAR)
    gtk_drop_down_set_selected (self->period_dropdown, PERIOD_THIS_YEAR);
  else
    period_selected_cb (self);
}

void
mc_dashboard_page_set_period (McDashboardPage *self,
                              McDay            from,
                              McDay            to)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (from <= to);

  self->from = from;
  self->to = to;
  show_dates (self);
  g_signal_handlers_block_by_func (self->period_dropdown, period_selected_cb, self);
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_DATES);
  g_signal_handlers_unblock_by_func (self->period_dropdown, period_selected_cb, self);
  gtk_widget_set_visible (self->dates_box, TRUE);
  invalidate (self);
}

void
mc_dashboard_page_get_period (McDashboardPage *self,
                              McDay           *from,
                              McDay           *to)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));

  *from = self->from;
  *to = self->to;
}

gboolean
mc_dashboard_page_get_busy (McDashboardPage *self)
{
  g_return_val_if_fail (MC_IS_DASHBOARD_PAGE (self), FALSE);

  /* With a store but not yet counted (it counts once shown) is not ready either. */
  return self->busy || (self->dirty && self->store != NULL);
}

const char *
mc_dashboard_page_get_figure_text (McDashboardPage *self,
                                   const char      *key)
{
  g_return_val_if_fail (MC_IS_DASHBOARD_PAGE (self), NULL);

  if (self->result == NULL)
    return NULL;
  for (guint i = 0; i < N_FIGURES; i++)
    if (g_str_equal (figures[i].key, key))
      return gtk_label_get_label (self->values[i]);
  return NULL;
}

const char *
mc_dashboard_page_get_figure_detail (McDashboardPage *self,
                                     const char      *key)
{
  g_return_val_if_fail (MC_IS_DASHBOARD_PAGE (self), NULL);

  if (self->result == NULL)
    return NULL;
  for (guint i = 0; i < N_FIGURES; i++)
    if (g_str_equal (figures[i].key, key))
      return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (self->values[i]))));
  return NULL;
}

static void
mc_dashboard_page_map (GtkWidget *widget)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (mc_dashboard_page_parent_class)->map (widget);
  /* Counted again each time it is shown: other workstations and motcua-cli write too. */
  start_count (self);
}

static void
mc_dashboard_page_dispose (GObject *object)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (int i = 0; i < N_CHARTS; i++)
    self->charts[i].data = NULL;
  g_clear_pointer (&self->result, result_free);
  g_clear_object (&self->store);
  g_clear_object (&self->period_model);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (mc_dashboard_page_parent_class)->dispose (object);
}

static void
mc_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, mc_dashboard_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dashboard_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      mc_dashboard_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dashboard_page_class_init (McDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dashboard_page_dispose;
  object_class->get_property = mc_dashboard_page_get_property;
  object_class->set_property = mc_dashboard_page_set_property;
  widget_class->map = mc_dashboard_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MC_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, dates_box);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, dates_error);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, cards);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, targets_area);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, trend_area);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, officers_area);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, loss_area);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, loss_officers_area);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, projection_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, loss_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, officers_view);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, digitisation_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, digitisation_box);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, loss_view);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, procedures_view);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, score_view);
}

/* A table's own scrolled window (for its width) would take the wheel and stop the page from
 * scrolling over it: vertical scrolls go on to the page. */
static gboolean
table_scroll_cb (GtkEventControllerScroll *controller,
                 double                    dx,
                 double                    dy,
                 gpointer                  user_data)
{
  GtkWidget *inner = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *outer = gtk_widget_get_ancestor (gtk_widget_get_parent (inner),
                                              GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  double step;

  if (outer == NULL || dy == 0)
    return FALSE;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  /* Wheel clicks are lines, as GtkScrolledWindow counts them; touchpads give pixels. */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
         ? pow (gtk_adjustment_get_page_size (adj), 2.0 / 3.0) : 1.0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
  return TRUE;
}

static void
pass_wheel_to_page (GtkColumnView *view)
{
  GtkWidget *inner = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  GtkEventController *controller;

  if (inner == NULL)
    return;
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (table_scroll_cb), NULL);
  gtk_widget_add_controller (inner, controller);
}

static void
mc_dashboard_page_init (McDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_cards (self);
  fill_periods (self);
  setup_chart (self, CHART_TARGETS, self->targets_area, mc_chart_draw_bars);
  setup_chart (self, CHART_TREND, self->trend_area, mc_chart_draw_line);
  setup_chart (self, CHART_OFFICERS, self->officers_area, mc_chart_draw_hbars);
  setup_chart (self, CHART_LOSS_STAGE, self->loss_area, mc_chart_draw_hbars);
  setup_chart (self, CHART_LOSS_OFFICER, self->loss_officers_area, mc_chart_draw_hbars);
  pass_wheel_to_page (self->officers_view);
  pass_wheel_to_page (self->loss_view);
  pass_wheel_to_page (self->procedures_view);
  pass_wheel_to_page (self->score_view);
  setup_table (self, TABLE_OFFICERS, self->officers_view);
  setup_table (self, TABLE_LOSS, self->loss_view);
  setup_table (self, TABLE_PROCEDURES, self->procedures_view);
  setup_table (self, TABLE_SCORE, self->score_view);
  g_signal_connect (self->officers_view, "activate", G_CALLBACK (officer_activate_cb), self);

  g_signal_connect_swapped (self->period_dropdown, "notify::selected",
                            G_CALLBACK (period_selected_cb), self);
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (dates_activate_cb), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (dates_activate_cb), self);

  /* This year to today, until the chairman chooses. */
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_THIS_YEAR);
}
