/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "mc-analysis.h"
#include "mc-date.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

enum { BINH = 1, AN = 2, DESK = 10, CHAIRMAN = 11 };

static void
exec_sql (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  mc_store_testing_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* One procedure whose five steps budget 1 h intake, 8 h review, 1 h + 2 h submission and
 * signing, 1 h for the result; a working day is 7.5 h (07:30–11:30, 13:30–17:00). */
static void
add_catalogue (McStore *store)
{
  exec_sql (store,
            "INSERT INTO procedure (id, code, name, online_level) VALUES (1, 'P1', 'Thủ tục một', 1);"
            "INSERT INTO procedure_step (procedure_id, position, name, role, budget_seconds) "
            "VALUES (1, 0, 'Tiếp nhận', 2, 3600), "
            "(1, 1, 'Thẩm định', 3, 28800), (1, 2, 'Trình ký', 3, 3600), "
            "(1, 3, 'Ký duyệt', 5, 7200), (1, 4, 'Trả kết quả', 2, 3600);"
            "INSERT INTO officer (id, name, role, created_at) VALUES "
            "(1, 'Trần Văn Bình', 3, 0), (2, 'Nguyễn Thị An', 3, 0), "
            "(10, 'Lê Văn Cường', 2, 0), (11, 'Phạm Chủ Tịch', 5, 0);");
}

static void
add_dossier (McStore *store, gint64 id, int status, const char *received, const char *due,
             const char *ended, gint64 paused, gint64 handler, int outcome)
{
  g_autofree char *received_sql = mc_test_sql_time (mc_test_time (received));
  g_autofree char *due_sql = mc_test_sql_time (mc_test_time (due));
  g_autofree char *ended_sql = mc_test_sql_time (ended ? mc_test_time (ended) : MC_TIME_NONE);
  g_autofree char *handler_sql = mc_test_sql_id (handler);
  g_autofree char *outcome_sql = outcome >= 0 ? g_strdup_printf ("%d", outcome)
                                              : g_strdup ("NULL");

  mc_test_exec (store,
      "INSERT INTO dossier (id, code, procedure_id, channel, status, received_at, due_at, "
      "ended_at, paused_seconds, handler_id, outcome) VALUES (%" G_GINT64_FORMAT ", 'D%"
      G_GINT64_FORMAT "', 1, 1, %d, %s, %s, %s, %" G_GINT64_FORMAT ", %s, %s)",
      id, id, status, received_sql, due_sql, ended_sql, paused, handler_sql, outcome_sql);
}

static void
add_event (McStore *store, gint64 dossier, const char *at, McAction action, gint64 actor,
           gint64 to_officer)
{
  g_autofree char *at_sql = mc_test_sql_time (mc_test_time (at));
  g_autofree char *actor_sql = mc_test_sql_id (actor);
  g_autofree char *to_sql = mc_test_sql_id (to_officer);

  mc_test_exec (store,
      "INSERT INTO dossier_event (dossier_id, at, actor_id, action, to_officer) "
      "VALUES (%" G_GINT64_FORMAT ", %s, %s, %d, %s)",
      dossier, at_sql, actor_sql, (int) action, to_sql);
}

/* Dossier 1 is late: intake 2 h (1 h over, the desk), review 13 h (5 h over: Bình held it
 * 9 h, An 4 h), signature 5 h (2 h over, the chairman), result 1 h; a supplement wait of 7.5 h
 * in between does not count. Dossier 2 is on time. Dossier 3 is open and past due with An. */
static McStore *
fixture (void)
{
  McStore *store = mc_test_store_new (FALSE);

  add_catalogue (store);
  add_dossier (store, 1, MC_STATUS_RETURNED, "2024-03-04 08:00", "2024-03-06 17:00",
               "2024-03-07 16:00", 27000, AN, MC_OUTCOME_LATE);
  add_event (store, 1, "2024-03-04 08:00", MC_ACTION_RECEIVE, DESK, DESK);
  add_event (store, 1, "2024-03-04 10:00", MC_ACTION_ASSIGN, DESK, BINH);
  add_event (store, 1, "2024-03-05 08:00", MC_ACTION_REQUEST_SUPPLEMENT, BINH, 0);
  add_event (store, 1, "2024-03-06 08:00", MC_ACTION_SUPPLEMENT_RECEIVED, DESK, 0);
  add_event (store, 1, "2024-03-06 13:30", MC_ACTION_REASSIGN, CHAIRMAN, AN);
  add_event (store, 1, "2024-03-07 08:00", MC_ACTION_SUBMIT_FOR_SIGNATURE, AN, CHAIRMAN);
  add_event (store, 1, "2024-03-07 15:00", MC_ACTION_SIGN, CHAIRMAN, AN);
  add_event (store, 1, "2024-03-07 16:00", MC_ACTION_RECORD_RESULT, AN, 0);
  add_event (store, 1, "2024-03-08 08:00", MC_ACTION_HAND_OVER, DESK, 0);

  add_dossier (store, 2, MC_STATUS_RESOLVED, "2024-03-11 08:00", "2024-03-13 17:00",
               "2024-03-11 16:00", 0, BINH, MC_OUTCOME_ON_TIME);
  add_event (store, 2, "2024-03-11 08:00", MC_ACTION_RECEIVE, DESK, DESK);
  add_event (store, 2, "2024-03-11 08:30", MC_ACTION_ASSIGN, DESK, BINH);
  add_event (store, 2, "2024-03-11 14:00", MC_ACTION_SUBMIT_FOR_SIGNATURE, BINH, CHAIRMAN);
  add_event (store, 2, "2024-03-11 15:00", MC_ACTION_SIGN, CHAIRMAN, BINH);
  add_event (store, 2, "2024-03-11 16:00", MC_ACTION_RECORD_RESULT, BINH, 0);

  add_dossier (store, 3, MC_STATUS_PROCESSING, "2024-03-15 08:00", "2024-03-20 17:00", NULL, 0,
               AN, -1);
  add_event (store, 3, "2024-03-15 08:00", MC_ACTION_RECEIVE, DESK, DESK);
  add_event (store, 3, "2024-03-15 09:00", MC_ACTION_ASSIGN, DESK, AN);
  return store;
}

static McAnalysis *
analyse (McStore *store, const char *from, const char *to, const char *now)
{
  g_autoptr(GError) error = NULL;
  McAnalysis *a = mc_analysis_compute (store, mc_test_day (from), mc_test_day (to),
                                       mc_test_time (now), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static const McOfficerFigures *
officer (const McAnalysis *a, gint64 id)
{
  for (guint i = 0; i < a->officers->len; i++)
    {
      const McOfficerFigures *o = g_ptr_array_index (a->officers, i);

      if (o->officer_id == id)
        return o;
    }
  g_assert_not_reached ();
}

static const McTimeLoss *
loss (GPtrArray *losses, int stage, gint64 officer_id)
{
  for (guint i = 0; i < losses->len; i++)
    {
      const McTimeLoss *l = g_ptr_array_index (losses, i);

      if (l->stage == stage && l->officer_id == officer_id)
        return l;
    }
  return NULL;
}

static void
test_stage_budgets (void)
{
  g_autoptr(McProcedure) p = mc_procedure_new ();
  gint64 b[MC_N_STAGES];
  static const gint64 five[] = { 100, 800, 100, 200, 50 };
  static const gint64 six[] = { 25, 400, 500, 50, 100, 25 };

  mc_stage_budgets (p->steps, b);
  for (int i = 0; i < MC_N_STAGES; i++)
    g_assert_cmpint (b[i], ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (five); i++)
    {
      McStepTemplate *t = g_new0 (McStepTemplate, 1);

      t->name = g_strdup ("x");
      t->budget_seconds = five[i];
      g_ptr_array_add (p->steps, t);
    }
  mc_stage_budgets (p->steps, b);
  g_assert_cmpint (b[MC_STAGE_INTAKE], ==, 100);
  g_assert_cmpint (b[MC_STAGE_REVIEW], ==, 800);
  g_assert_cmpint (b[MC_STAGE_SIGNATURE], ==, 300);
  g_assert_cmpint (b[MC_STAGE_RESULT], ==, 50);

  /* Land certificates: checking on site and the public posting are both review. */
  g_ptr_array_set_size (p->steps, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (six); i++)
    {
      McStepTemplate *t = g_new0 (McStepTemplate, 1);

      t->name = g_strdup ("x");
      t->budget_seconds = six[i];
      g_ptr_array_add (p->steps, t);
    }
  mc_stage_budgets (p->steps, b);
  g_assert_cmpint (b[MC_STAGE_INTAKE], ==, 25);
  g_assert_cmpint (b[MC_STAGE_REVIEW], ==, 900);
  g_assert_cmpint (b[MC_STAGE_SIGNATURE], ==, 150);
  g_assert_cmpint (b[MC_STAGE_RESULT], ==, 25);
}

static McEvent *
slip_event (const char *at, McAction action)
{
  McEvent *e = g_new0 (McEvent, 1);

  e->at = mc_test_time (at);
  e->action = action;
  return e;
}

/* The control slip the review and form 05 both read (issue 10 §3): an online dossier's
 * acceptance gets the 8 working hours of the rule, each stage its templates' budget, the
 * supplement's wait no line, and a step handed on after its budget ran out outside office hours
 * is over, as a dossier is overdue from the second after its appointment. */
static void
test_control_slip (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) slip = NULL;
  static const gint64 budgets[] = { 3600, 12600, 3600, 3600, 3600 };
  const McSlipLine *l;

  for (gsize i = 0; i < G_N_ELEMENTS (budgets); i++)
    {
      McStepTemplate *t = g_new0 (McStepTemplate, 1);

      t->budget_seconds = budgets[i];
      g_ptr_array_add (steps, t);
    }
  /* Monday 11 March 2024. */
  g_ptr_array_add (events, slip_event ("2024-03-11 08:00", MC_ACTION_SUBMIT_ONLINE));
  g_ptr_array_add (events, slip_event ("2024-03-12 09:00", MC_ACTION_ACCEPT));
  g_ptr_array_add (events, slip_event ("2024-03-12 09:30", MC_ACTION_ASSIGN));
  g_ptr_array_add (events, slip_event ("2024-03-12 10:00", MC_ACTION_REQUEST_SUPPLEMENT));
  g_ptr_array_add (events, slip_event ("2024-03-19 14:00", MC_ACTION_SUPPLEMENT_RECEIVED));
  g_ptr_array_add (events, slip_event ("2024-03-19 17:30", MC_ACTION_SUBMIT_FOR_SIGNATURE));
  slip = mc_control_slip (cal, steps, events, mc_test_time ("2024-03-20 08:00"));
  g_assert_cmpuint (slip->len, ==, events->len);

  /* Acceptance: 8 working hours, not the intake template's hour; it took 8 and a half (a
   * working day is 7.5 h). */
  l = &g_array_index (slip, McSlipLine, 0);
  g_assert_cmpint (l->stage, ==, MC_STAGE_ACCEPTANCE);
  g_assert_cmpint (l->budget, ==, 8 * 3600);
  g_assert_cmpint (l->spent, ==, 8 * 3600 + 1800);
  g_assert_true (l->over);
  g_assert_cmpint (l->due, ==, mc_calendar_add_working (cal, mc_test_time ("2024-03-11 08:00"),
                                                        8 * 3600));
  /* Intake: half an hour of its hour. */
  l = &g_array_index (slip, McSlipLine, 1);
  g_assert_cmpint (l->stage, ==, MC_STAGE_INTAKE);
  g_assert_cmpint (l->spent, ==, 1800);
  g_assert_false (l->over);
  /* The clock stops: no stage, no budget. */
  l = &g_array_index (slip, McSlipLine, 3);
  g_assert_cmpint (l->stage, ==, -1);
  g_assert_cmpint (l->due, ==, MC_TIME_NONE);
  /* Back from the supplement at 14:00, review has its 3.5 hours: 3 of them used by 17:30. */
  l = &g_array_index (slip, McSlipLine, 4);
  g_assert_cmpint (l->stage, ==, MC_STAGE_REVIEW);
  g_assert_cmpint (l->spent, ==, 3 * 3600);
  g_assert_cmpint (l->budget, ==, 12600);
  g_assert_false (l->over);
  g_clear_pointer (&slip, g_array_unref);

  /* Back at 13:30, the 3.5 hours ran out at 17:00: handed on at 17:30, no working time later,
   * and over. */
  ((McEvent *) g_ptr_array_index (events, 4))->at = mc_test_time ("2024-03-19 13:30");
  slip = mc_control_slip (cal, steps, events, mc_test_time ("2024-03-20 08:00"));
  l = &g_array_index (slip, McSlipLine, 4);
  g_assert_cmpint (l->spent, ==, l->budget);
  g_assert_cmpint (l->due, ==, mc_test_time ("2024-03-19 17:00"));
  g_assert_true (l->over);
  g_clear_pointer (&slip, g_array_unref);

  /* An apology at 15:00 happens within the review: the step still runs from 13:30 to 17:30,
   * and the apology's line repeats it. */
  g_ptr_array_insert (events, 5, slip_event ("2024-03-19 15:00", MC_ACTION_APOLOGIZE));
  slip = mc_control_slip (cal, steps, events, mc_test_time ("2024-03-20 08:00"));
  l = &g_array_index (slip, McSlipLine, 4);
  g_assert_false (l->continued);
  g_assert_cmpint (l->spent, ==, 12600);
  g_assert_true (l->over);
  l = &g_array_index (slip, McSlipLine, 5);
  g_assert_true (l->continued);
  g_assert_cmpint (l->stage, ==, MC_STAGE_REVIEW);
  g_assert_cmpint (l->spent, ==, 12600);
  g_assert_cmpint (l->due, ==, mc_test_time ("2024-03-19 17:00"));
  /* The submission starts the signature stage, running until NOW. */
  l = &g_array_index (slip, McSlipLine, 6);
  g_assert_cmpint (l->stage, ==, MC_STAGE_SIGNATURE);
  g_assert_false (l->continued);
  g_assert_cmpint (l->spent, ==, 1800);
}

static void
test_percentile (void)
{
  static const gint64 values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  static const gint64 ones[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  static const gint64 counts[] = { 5, 0, 3, 2 };

  g_assert_cmpint (mc_analysis_percentile (values, ones, 0, 0.5), ==, -1);
  g_assert_cmpint (mc_analysis_percentile (values, ones, 10, 0.5), ==, 5);
  g_assert_cmpint (mc_analysis_percentile (values, ones, 10, 0.9), ==, 9);
  g_assert_cmpint (mc_analysis_percentile (values, ones, 10, 1.0), ==, 10);
  g_assert_cmpint (mc_analysis_percentile (values, ones, 10, 0.0), ==, 1);
  /* 1 five times, 3 three times, 4 twice: the 5th of 10 is 1, the 6th is 3, the 9th is 4. */
  g_assert_cmpint (mc_analysis_percentile (values, counts, 4, 0.5), ==, 1);
  g_assert_cmpint (mc_analysis_percentile (values, counts, 4, 0.6), ==, 3);
  g_assert_cmpint (mc_analysis_percentile (values, counts, 4, 0.9), ==, 4);
}

static void
test_where_time_went (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  const McTimeLoss *l;

  g_assert_cmpint (a->late_dossiers, ==, 1);
  g_assert_cmpuint (a->loss->len, ==, 4);
  /* Review's five hours over, shared by the time each specialist held the dossier. */
  l = loss (a->loss, MC_STAGE_REVIEW, BINH);
  g_assert_nonnull (l);
  g_assert_cmpint (l->excess_seconds, ==, 12462);      /* 5 h × 9/13 */
  g_assert_cmpint (l->dossiers, ==, 1);
  l = loss (a->loss, MC_STAGE_REVIEW, AN);
  g_assert_nonnull (l);
  g_assert_cmpint (l->excess_seconds, ==, 5538);       /* 5 h × 4/13 */
  l = loss (a->loss, MC_STAGE_SIGNATURE, CHAIRMAN);
  g_assert_nonnull (l);
  g_assert_cmpint (l->excess_seconds, ==, 2 * 3600);
  l = loss (a->loss, MC_STAGE_INTAKE, DESK);
  g_assert_nonnull (l);
  g_assert_cmpint (l->excess_seconds, ==, 3600);
  /* The result took its budget exactly: nothing lost there. */
  g_assert_null (loss (a->loss, MC_STAGE_RESULT, AN));

  /* By stage, largest first. */
  g_assert_cmpuint (a->loss_by_stage->len, ==, 3);
  l = g_ptr_array_index (a->loss_by_stage, 0);
  g_assert_cmpint (l->stage, ==, MC_STAGE_REVIEW);
  g_assert_cmpint (l->excess_seconds, ==, 5 * 3600);
  l = g_ptr_array_index (a->loss_by_stage, 2);
  g_assert_cmpint (l->stage, ==, MC_STAGE_INTAKE);
  /* By officer. */
  l = g_ptr_array_index (a->loss_by_officer, 0);
  g_assert_cmpint (l->officer_id, ==, BINH);
  g_assert_cmpstr (l->officer_name, ==, "Trần Văn Bình");
  g_assert_cmpint (l->stage, ==, -1);
}

static void
test_officers (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  const McOfficerFigures *o;

  o = officer (a, BINH);
  g_assert_cmpint (o->handled, ==, 1);
  g_assert_cmpint (o->on_time, ==, 1);
  g_assert_cmpfloat (mc_officer_figures_on_time_rate (o), ==, 100.0);
  g_assert_cmpint (o->overdue_now, ==, 0);
  /* Review in both dossiers (9 h, then 3.5 h) and the result of dossier 2 (1 h). */
  g_assert_cmpint (o->steps, ==, 3);
  g_assert_cmpint (o->step_seconds, ==, (9 + 3.5 + 1) * 3600);
  g_assert_cmpint (o->budget_seconds, ==, 19938 + 28800 + 3600);

  o = officer (a, AN);
  g_assert_cmpint (o->handled, ==, 1);
  g_assert_cmpint (o->on_time, ==, 0);
  g_assert_cmpfloat (mc_officer_figures_on_time_rate (o), ==, 0.0);
  g_assert_cmpint (o->overdue_now, ==, 1);

  /* Holding without handling: the chairman signs, the desk receives. */
  o = officer (a, CHAIRMAN);
  g_assert_cmpint (o->handled, ==, 0);
  g_assert_true (isnan (mc_officer_figures_on_time_rate (o)));
  g_assert_cmpint (o->steps, ==, 2);
  g_assert_cmpint (o->step_seconds, ==, 6 * 3600);
  g_assert_cmpfloat (mc_officer_figures_avg_step (o), ==, 3 * 3600);
  g_assert_cmpfloat (mc_officer_figures_avg_budget (o), ==, 3 * 3600);

  /* Sorted by name in Vietnamese order. */
  o = g_ptr_array_index (a->officers, 0);
  g_assert_cmpstr (o->name, ==, "Lê Văn Cường");
}

static void
test_procedures (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  const McProcedureFigures *p;

  g_assert_cmpuint (a->procedures->len, ==, 1);
  p = g_ptr_array_index (a->procedures, 0);
  g_assert_cmpstr (p->code, ==, "P1");
  g_assert_cmpint (p->received, ==, 3);
  g_assert_cmpint (p->resolved, ==, 2);
  g_assert_cmpint (p->on_time, ==, 1);
  g_assert_cmpint (p->online, ==, 0);
  /* 6 h for dossier 2; 28.5 h less the 7.5 h waiting for the supplement for dossier 1. */
  g_assert_cmpint (p->median_seconds, ==, 6 * 3600);
  g_assert_cmpint (p->p90_seconds, ==, 21 * 3600);

  /* The figures are mc_kpi_compute's, month by month too. */
  {
    McKpi k;
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_kpi_compute (store, a->from, a->to, &k, &error));
    g_assert_cmpint (k.resolved, ==, a->kpi.resolved);
    g_assert_cmpint (k.late, ==, a->kpi.late);
    g_assert_cmpint (k.open_overdue_at_end, ==, a->kpi.open_overdue_at_end);
    mc_kpi_clear (&k);
  }
  g_assert_cmpuint (a->by_month->len, ==, 1);
}

static void
add_digitised (McStore *store, gint64 id, gint64 procedure, int status, const char *received,
               const char *ended, gint64 handler, gboolean input, gboolean result)
{
  g_autofree char *received_sql = mc_test_sql_time (mc_test_time (received));
  g_autofree char *due_sql = mc_test_sql_time (mc_test_time (received) + 3 * 86400);
  g_autofree char *ended_sql = mc_test_sql_time (ended ? mc_test_time (ended) : MC_TIME_NONE);
  g_autofree char *handler_sql = mc_test_sql_id (handler);

  mc_test_exec (store,
      "INSERT INTO dossier (id, code, procedure_id, channel, status, received_at, due_at, "
      "ended_at, handler_id, outcome, digitized_input, digitized_result) VALUES (%"
      G_GINT64_FORMAT ", 'G%" G_GINT64_FORMAT "', %" G_GINT64_FORMAT ", 1, %d, %s, %s, %s, %s, "
      "%s, %s, %s)",
      id, id, procedure, status, received_sql, due_sql, ended_sql, handler_sql,
      ended != NULL ? "1" : "NULL", mc_test_sql_bool (input), mc_test_sql_bool (result));
}

static const McDigitisationGap *
gap_at (GPtrArray *list, guint i)
{
  g_assert_cmpuint (i, <, list->len);
  return g_ptr_array_index (list, i);
}

/* Which officers and procedures hold digitisation down, with known counts: in March, P1 with
 * Bình received 4 (1 digitised), resolved 2 (no result digitised); P2 with An received 2 (both
 * digitised), resolved 2 (1 result digitised); P2 with nobody received 1, not digitised. So 7
 * received, 3 digitised; 4 resolved, 1 digitised. Dossiers of April, refused at intake or
 * still online submissions do not count. */
static void
test_digitisation_gaps (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GError) error = NULL;
  const McDigitisationGap *g;

  add_catalogue (store);
  exec_sql (store, "INSERT INTO procedure (id, code, name, online_level) "
                   "VALUES (2, 'P2', 'Thủ tục hai', 1);");
  add_digitised (store, 1, 1, MC_STATUS_RETURNED, "2024-03-04 08:00", "2024-03-05 10:00", BINH,
                 TRUE, FALSE);
  add_digitised (store, 2, 1, MC_STATUS_RESOLVED, "2024-03-04 09:00", "2024-03-06 10:00", BINH,
                 FALSE, FALSE);
  add_digitised (store, 3, 1, MC_STATUS_PROCESSING, "2024-03-05 08:00", NULL, BINH, FALSE, FALSE);
  add_digitised (store, 4, 1, MC_STATUS_PROCESSING, "2024-03-12 08:00", NULL, BINH, FALSE, FALSE);
  add_digitised (store, 5, 2, MC_STATUS_RETURNED, "2024-03-04 08:00", "2024-03-05 10:00", AN,
                 TRUE, TRUE);
  add_digitised (store, 6, 2, MC_STATUS_RESOLVED, "2024-03-13 08:00", "2024-03-14 10:00", AN,
                 TRUE, FALSE);
  add_digitised (store, 7, 2, MC_STATUS_RECEIVED, "2024-03-20 08:00", NULL, 0, FALSE, FALSE);
  add_digitised (store, 8, 1, MC_STATUS_RESOLVED, "2024-04-02 08:00", "2024-04-03 10:00", BINH,
                 FALSE, FALSE);
  add_digitised (store, 9, 2, MC_STATUS_REFUSED, "2024-03-06 08:00", NULL, AN, FALSE, FALSE);
  add_digitised (store, 10, 2, MC_STATUS_NEW, "2024-03-06 08:00", NULL, AN, FALSE, FALSE);

  g_assert_true (mc_analysis_digitisation_gaps (store, mc_test_day ("2024-03-01"),
                                                mc_test_day ("2024-03-31"), &officers,
                                                &procedures, &error));
  g_assert_no_error (error);

  /* Bình: 3 inputs of 7 (+42,86 points) and 2 results of 4 (+50); An: 1 result (+25); nobody:
   * 1 input (+14,29). */
  g_assert_cmpuint (officers->len, ==, 3);
  g = gap_at (officers, 0);
  g_assert_true (g->by_officer);
  g_assert_cmpint (g->id, ==, BINH);
  g_assert_cmpstr (g->name, ==, "Trần Văn Bình");
  g_assert_null (g->code);
  g_assert_cmpint (g->received, ==, 4);
  g_assert_cmpint (g->input_missing, ==, 3);
  g_assert_cmpint (g->resolved, ==, 2);
  g_assert_cmpint (g->result_missing, ==, 2);
  g_assert_cmpfloat_with_epsilon (g->gain_input, 300.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (g->gain_result, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g->gain, 300.0 / 7 + 50.0, 1e-9);
  g = gap_at (officers, 1);
  g_assert_cmpint (g->id, ==, AN);
  g_assert_cmpint (g->input_missing, ==, 0);
  g_assert_cmpint (g->result_missing, ==, 1);
  g_assert_cmpfloat_with_epsilon (g->gain, 25.0, 1e-9);
  g = gap_at (officers, 2);
  g_assert_cmpint (g->id, ==, 0);
  g_assert_cmpint (g->input_missing, ==, 1);
  g_assert_cmpfloat_with_epsilon (g->gain, 100.0 / 7, 1e-9);

  g_assert_cmpuint (procedures->len, ==, 2);
  g = gap_at (procedures, 0);
  g_assert_false (g->by_officer);
  g_assert_cmpint (g->id, ==, 1);
  g_assert_cmpstr (g->code, ==, "P1");
  g_assert_cmpstr (g->name, ==, "Thủ tục một");
  g_assert_cmpint (g->input_missing, ==, 3);
  g_assert_cmpint (g->result_missing, ==, 2);
  g = gap_at (procedures, 1);
  g_assert_cmpstr (g->code, ==, "P2");
  g_assert_cmpint (g->received, ==, 3);
  g_assert_cmpint (g->input_missing, ==, 1);
  g_assert_cmpint (g->resolved, ==, 2);
  g_assert_cmpint (g->result_missing, ==, 1);
  g_assert_cmpfloat_with_epsilon (g->gain, 100.0 / 7 + 25.0, 1e-9);

  /* The dashboard carries the same lists; a dossier digitised since moves them. */
  {
    g_autoptr(McAnalysis) a = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");

    g_assert_cmpuint (a->gaps_by_officer->len, ==, 3);
    g_assert_cmpint (gap_at (a->gaps_by_officer, 0)->id, ==, BINH);
    g_assert_cmpuint (a->gaps_by_procedure->len, ==, 2);
  }
  exec_sql (store, "UPDATE dossier SET digitized_input = TRUE WHERE id = 7");
  {
    g_autoptr(GPtrArray) after = NULL;

    g_assert_true (mc_analysis_digitisation_gaps (store, mc_test_day ("2024-03-01"),
                                                  mc_test_day ("2024-03-31"), &after, NULL,
                                                  &error));
    g_assert_cmpuint (after->len, ==, 2);
  }
  /* A period with nothing: empty lists. */
  {
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GPtrArray) none_p = NULL;

    g_assert_true (mc_analysis_digitisation_gaps (store, mc_test_day ("2023-01-01"),
                                                  mc_test_day ("2023-01-31"), &none, &none_p,
                                                  &error));
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (none_p->len, ==, 0);
  }
}

/* The months of the trend carry what mc_kpi_compute_by (MONTH) counts as received and resolved. */
static void
test_months (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2024-02-20", "2024-04-10", "2024-04-11 09:00");
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GError) error = NULL;

  months = mc_kpi_compute_by (store, a->from, a->to, MC_KPI_BY_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->by_month->len, ==, 3);
  g_assert_cmpuint (months->len, ==, 3);
  for (guint i = 0; i < months->len; i++)
    {
      const McKpi *x = g_ptr_array_index (a->by_month, i), *y = g_ptr_array_index (months, i);

      g_assert_cmpstr (x->key, ==, y->key);
      g_assert_cmpint (x->from, ==, y->from);
      g_assert_cmpint (x->to, ==, y->to);
      g_assert_cmpint (x->received, ==, y->received);
      g_assert_cmpint (x->online_received, ==, y->online_received);
      g_assert_cmpint (x->partial_received, ==, y->partial_received);
      g_assert_cmpint (x->resolved, ==, y->resolved);
      g_assert_cmpint (x->early, ==, y->early);
      g_assert_cmpint (x->on_time, ==, y->on_time);
      g_assert_cmpint (x->late, ==, y->late);
    }
  g_assert_cmpint (((McKpi *) g_ptr_array_index (a->by_month, 1))->resolved, ==, 2);
}

/* The sums are recounted for what changed since the last count: budgets, new dossiers. */
static void
test_recount (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) before = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  g_autoptr(McAnalysis) after = NULL;
  g_autoptr(McAnalysis) later = NULL;

  g_assert_cmpint (loss (before->loss, MC_STAGE_REVIEW, BINH)->excess_seconds, ==, 12462);

  /* Review now budgets one hour: 12 of its 13 hours are over, 9/13 of them Bình's. */
  exec_sql (store, "UPDATE procedure_step SET budget_seconds = 3600 WHERE position = 1");
  after = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  g_assert_cmpint (loss (after->loss, MC_STAGE_REVIEW, BINH)->excess_seconds, ==, 29908);

  /* Dossier 3 is resolved late, on the 29th: a day not counted before. */
  add_event (store, 3, "2024-03-29 10:00", MC_ACTION_SUBMIT_FOR_SIGNATURE, AN, CHAIRMAN);
  add_event (store, 3, "2024-03-29 11:00", MC_ACTION_SIGN, CHAIRMAN, AN);
  add_event (store, 3, "2024-03-29 11:30", MC_ACTION_RECORD_RESULT, AN, 0);
  exec_sql (store, "UPDATE dossier SET status = 9, outcome = 2, ended_at = "
                   "(SELECT max (at) FROM dossier_event WHERE dossier_id = 3) WHERE id = 3");
  later = analyse (store, "2024-03-01", "2024-03-31", "2024-04-01 09:00");
  g_assert_cmpint (later->late_dossiers, ==, 2);
  g_assert_cmpint (loss (later->loss, MC_STAGE_REVIEW, AN)->dossiers, ==, 2);
  g_assert_cmpint (((McProcedureFigures *) g_ptr_array_index (later->procedures, 0))->resolved,
                   ==, 3);
}

static void
test_empty_period (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2023-01-01", "2023-01-31", "2024-04-01 09:00");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (a->kpi.resolved, ==, 0);
  g_assert_cmpuint (a->procedures->len, ==, 0);
  g_assert_cmpuint (a->loss->len, ==, 0);
  g_assert_cmpint (a->projection.year, ==, 0);
  g_assert_null (mc_analysis_compute (store, mc_test_day ("2024-02-01"),
                                      mc_test_day ("2024-01-01"), 0, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
test_cancelled (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (mc_analysis_compute (store, mc_test_day ("2024-03-01"),
                                      mc_test_day ("2024-03-31"), 0, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const McScoreItem *
score (GPtrArray *card, const char *name)
{
  for (guint i = 0; i < card->len; i++)
    {
      const McScoreItem *s = g_ptr_array_index (card, i);

      if (g_str_equal (s->name, name))
        return s;
    }
  g_assert_not_reached ();
}

static void
test_scorecard (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(GPtrArray) card = NULL;
  g_autoptr(GError) error = NULL;
  McKpi k = { .received = 100, .online_received = 30, .resolved = 10, .late = 1,
              .digitized_inputs = 90, .digitized_results = 4 };
  double total, max, sum_max = 0;

  card = mc_analysis_scorecard (store, &k, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < card->len; i++)
    sum_max += ((McScoreItem *) g_ptr_array_index (card, i))->max_points;
  g_assert_cmpfloat (sum_max, ==, 100);

  /* Online dossiers: 6 points, full at 50%: 30% earns 3.6. */
  g_assert_cmpfloat_with_epsilon (score (card, "Online dossiers")->points, 3.6, 1e-9);
  /* Progress 90% of 20 points. */
  g_assert_cmpfloat_with_epsilon (score (card, "Progress index")->points, 18, 1e-9);
  /* Digitised dossiers 90% beyond the 80% threshold: capped at the maximum. */
  g_assert_cmpfloat (score (card, "Digitised dossiers")->points, ==, 11);
  /* 40% of results digitised, against 80%: half of 11. */
  g_assert_cmpfloat_with_epsilon (score (card, "Digitised results")->points, 5.5, 1e-9);
  /* The only procedure is offered online. */
  g_assert_cmpfloat (score (card, "Procedures offered online")->points, ==, 8);
  /* No fee dossier: not applicable, not zero. */
  g_assert_true (score (card, "Online payment")->measured);
  g_assert_true (isnan (score (card, "Online payment")->points));
  /* 1 of 10 late: 90% without overdue, full at 90%. */
  g_assert_cmpfloat_with_epsilon (score (card, "Handling without overdue")->points, 9, 1e-9);
  /* What the desk cannot see. */
  g_assert_false (score (card, "Procedures and results published")->measured);
  g_assert_true (isnan (score (card, "Procedures and results published")->points));
  g_assert_false (score (card, "Complaints and citizens’ ratings")->measured);

  total = mc_analysis_score_total (card, &max);
  g_assert_cmpfloat_with_epsilon (total, 18 + 8 + 3.6 + 11 + 5.5 + 9, 1e-9);
  g_assert_cmpfloat (max, ==, 73);
}

static void
test_projection (void)
{
  g_autoptr(McStore) store = fixture ();
  g_autoptr(McAnalysis) a = analyse (store, "2024-03-01", "2024-03-31", "2024-03-29 12:00");
  const McProjection *p = &a->projection;

  g_assert_cmpint (p->year, ==, 2024);
  g_assert_cmpint (p->today, ==, mc_test_day ("2024-03-29"));
  g_assert_cmpint (p->received, ==, 3);
  g_assert_cmpint (p->resolved, ==, 2);
  /* A quarter of the working year gone, roughly: four times as many at its end. */
  g_assert_cmpfloat (p->elapsed, >, 0.2);
  g_assert_cmpfloat (p->elapsed, <, 0.3);
  g_assert_cmpint (p->projected_received, ==, llround (3 / p->elapsed));
  g_assert_cmpint (p->projected_resolved, ==, llround (2 / p->elapsed));
  g_assert_cmpfloat (mc_kpi_on_time_rate (&p->so_far), ==, 50.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/stage-budgets", test_stage_budgets);
  g_test_add_func ("/analysis/digitisation-gaps", test_digitisation_gaps);
  g_test_add_func ("/analysis/control-slip", test_control_slip);
  g_test_add_func ("/analysis/percentile", test_percentile);
  g_test_add_func ("/analysis/where-time-went", test_where_time_went);
  g_test_add_func ("/analysis/officers", test_officers);
  g_test_add_func ("/analysis/procedures", test_procedures);
  g_test_add_func ("/analysis/months", test_months);
  g_test_add_func ("/analysis/recount", test_recount);
  g_test_add_func ("/analysis/empty-period", test_empty_period);
  g_test_add_func ("/analysis/cancelled", test_cancelled);
  g_test_add_func ("/analysis/scorecard", test_scorecard);
  g_test_add_func ("/analysis/projection", test_projection);

  return g_test_run ();
}
