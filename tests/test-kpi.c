/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "mc-audit.h"
#include "mc-calendar.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

/* ---- Pure rules ---- */

static void
test_classify (void)
{
  McTime due = mc_test_time ("2024-03-08 17:00");

  /* Resolved exactly at the appointment: on time; one minute later: late. */
  g_assert_cmpint (mc_kpi_classify (due, due, 0), ==, MC_OUTCOME_ON_TIME);
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-08 17:01"), due, 0), ==,
                   MC_OUTCOME_LATE);
  /* Earlier the same day is on time, not early: early means an earlier date. */
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-08 07:31"), due, 0), ==,
                   MC_OUTCOME_ON_TIME);
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-07 23:59"), due, 0), ==,
                   MC_OUTCOME_EARLY);
  /* Local dates, not UTC ones: 00:30 on the 8th in Vietnam is still the 7th in UTC. */
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-08 00:30"), due, 0), ==,
                   MC_OUTCOME_ON_TIME);
  /* More than one supplement request makes an early dossier late; one does not. */
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-05 10:00"), due, 2), ==,
                   MC_OUTCOME_LATE);
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-05 10:00"), due, 1), ==,
                   MC_OUTCOME_EARLY);
  /* Not resolved: no outcome. No appointment: it cannot be late by time. */
  g_assert_cmpint (mc_kpi_classify (MC_TIME_NONE, due, 0), ==, MC_OUTCOME_NONE);
  g_assert_cmpint (mc_kpi_classify (due, MC_TIME_NONE, 0), ==, MC_OUTCOME_ON_TIME);
  g_assert_cmpint (mc_kpi_classify (due, MC_TIME_NONE, 3), ==, MC_OUTCOME_LATE);
}

static void
test_late_intake (void)
{
  g_autoptr(McCalendar) cal = mc_calendar_new ();
  McTime submitted = mc_test_time ("2024-03-08 16:00");   /* a Friday */

  /* Friday 16:00–17:00 (1 h) + Monday 07:30–11:30 (4 h) + 13:30–15:00 (1.5 h) = 6.5 h. */
  g_assert_false (mc_kpi_is_late_intake (cal, submitted, mc_test_time ("2024-03-11 15:00")));
  /* Exactly 8 working hours is not more than 8. */
  g_assert_false (mc_kpi_is_late_intake (cal, submitted, mc_test_time ("2024-03-11 16:30")));
  g_assert_true (mc_kpi_is_late_intake (cal, submitted, mc_test_time ("2024-03-11 16:31")));
  /* The online list counts down to the same moment. */
  g_assert_cmpint (mc_kpi_intake_deadline (cal, submitted), ==, mc_test_time ("2024-03-11 16:30"));
  g_assert_cmpint (mc_kpi_intake_deadline (cal, MC_TIME_NONE), ==, MC_TIME_NONE);
  /* The weekend does not count: submitted Saturday, accepted Monday 15:00 = 6 h. */
  g_assert_false (mc_kpi_is_late_intake (cal, mc_test_time ("2024-03-09 10:00"),
                                         mc_test_time ("2024-03-11 15:00")));
  /* A day off does not count either. */
  mc_calendar_add_special_day (cal, mc_test_day ("2024-03-11"), MC_DAY_OFF);
  g_assert_false (mc_kpi_is_late_intake (cal, submitted, mc_test_time ("2024-03-12 15:00")));
  g_assert_true (mc_kpi_is_late_intake (cal, submitted, mc_test_time ("2024-03-13 07:45")));
  /* Accepted at the desk with no online submission. */
  g_assert_false (mc_kpi_is_late_intake (cal, MC_TIME_NONE, submitted));
}

static void
test_percent (void)
{
  McKpi k = { 0 };

  g_assert_cmpfloat_with_epsilon (mc_kpi_percent (45, 46), 97.82608695652, 1e-9);
  g_assert_cmpfloat (mc_kpi_percent (0, 7), ==, 0.0);
  g_assert_cmpfloat (mc_kpi_percent (7, 7), ==, 100.0);
  g_assert_true (isnan (mc_kpi_percent (0, 0)));

  /* Nothing at all: every rate is not applicable, none is 0% or 100%. */
  g_assert_true (isnan (mc_kpi_on_time_rate (&k)));
  g_assert_true (isnan (mc_kpi_progress_rate (&k)));
  g_assert_true (isnan (mc_kpi_online_rate (&k)));
  g_assert_true (isnan (mc_kpi_online_rate_partial (&k)));
  g_assert_true (isnan (mc_kpi_online_rate_full (&k)));
  g_assert_true (isnan (mc_kpi_digitized_input_rate (&k)));
  g_assert_true (isnan (mc_kpi_digitized_result_rate (&k)));
  g_assert_true (isnan (mc_kpi_online_payment_rate (&k)));
  g_assert_true (isnan (mc_kpi_late_online_intake_rate (&k)));

  k.resolved = 10;
  k.early = 3;
  k.on_time = 5;
  k.late = 2;
  k.open_at_end = 10;
  k.open_overdue_at_end = 4;
  k.received = 20;
  k.online_received = 5;
  k.partial_received = 4;
  k.partial_online = 1;
  k.full_received = 8;
  k.full_online = 6;
  k.digitized_inputs = 15;
  k.digitized_results = 9;
  k.fee_dossiers = 8;
  k.paid_online = 2;
  k.late_online_intake = 1;
  g_assert_cmpfloat_with_epsilon (mc_kpi_on_time_rate (&k), 80.0, 1e-9);
  /* (10 − 2 late + 10 − 4 past due) / (10 + 10) */
  g_assert_cmpfloat_with_epsilon (mc_kpi_progress_rate (&k), 70.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_online_rate (&k), 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_online_rate_partial (&k), 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_online_rate_full (&k), 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_digitized_input_rate (&k), 75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_digitized_result_rate (&k), 90.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_online_payment_rate (&k), 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_kpi_late_online_intake_rate (&k), 20.0, 1e-9);
}

/* ---- Fixtures: dossier rows written with SQL ---- */

enum { P_NONE = 1, P_PARTIAL = 2, P_FULL = 3 };
enum { NOBODY = 0, BINH = 1, AN = 2 };

typedef struct {
  const char *code;
  int         procedure;
  int         channel;
  int         status;
  const char *received, *due, *ended;   /* NULL: none */
  int         supplements;
  gboolean    digitized_input, digitized_result;
  gint64      fee;
  gboolean    paid_online;
  gint64      handler;
  int         outcome;                  /* -1: none */
  gboolean    late_intake;
} Row;

static void
exec_sql (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  mc_store_testing_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
add_catalogue (McStore *store)
{
  exec_sql (store,
            "INSERT INTO procedure (id, code, name, online_level) VALUES "
            "(1, '1.001', 'Đăng ký khai sinh', 0), "
            "(2, '1.002', 'Chứng thực bản sao', 1), "
            "(3, '2.001', 'Cấp bản sao trích lục', 2);"
            "INSERT INTO officer (id, name, role, created_at) VALUES "
            "(1, 'Trần Văn Bình', 3, 0), (2, 'Nguyễn Thị An', 3, 0), (9, 'Quản trị', 1, 0),"
            "(10, 'Lê Văn Cường', 2, 0);");
}

static char *
optional_time (const char *text)
{
  return mc_test_sql_time (text ? mc_test_time (text) : MC_TIME_NONE);
}

static void
add_rows (McStore *store, const Row *rows, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      const Row *r = &rows[i];
      g_autofree char *code = mc_test_sql_text (r->code);
      g_autofree char *received = optional_time (r->received);
      g_autofree char *due = optional_time (r->due);
      g_autofree char *ended = optional_time (r->ended);
      g_autofree char *handler = mc_test_sql_id (r->handler);
      g_autofree char *outcome = r->outcome >= 0 ? g_strdup_printf ("%d", r->outcome)
                                                 : g_strdup ("NULL");

      mc_test_exec (store,
          "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at, "
          "ended_at, supplement_count, digitized_input, digitized_result, fee, paid_online, "
          "handler_id, outcome, late_intake) VALUES (%s, %d, %d, %d, %s, %s, %s, %d, %s, %s, %"
          G_GINT64_FORMAT ", %s, %s, %s, %s)",
          code, r->procedure, r->channel, r->status, received, due, ended, r->supplements,
          mc_test_sql_bool (r->digitized_input), mc_test_sql_bool (r->digitized_result), r->fee,
          mc_test_sql_bool (r->paid_online), handler, outcome,
          mc_test_sql_bool (r->late_intake));
    }
}

/* The period is March 2024. Comments say what each dossier is for. */
static const Row march[] = {
  /* code  proc       ch st  received            due                 ended            sup di dr fee    po handler outcome li */
  /* A: resolved exactly at its appointment: on time. */
  { "A", P_NONE,    1, 10, "2024-03-05 08:00", "2024-03-08 17:00", "2024-03-08 17:00", 0, 0, 0, 0,     0, BINH,   1, 0 },
  /* B: one minute late. */
  { "B", P_NONE,    1, 9,  "2024-03-05 09:00", "2024-03-08 17:00", "2024-03-08 17:01", 0, 0, 1, 0,     0, BINH,   2, 0 },
  /* C: early but two supplement requests: late. */
  { "C", P_PARTIAL, 2, 10, "2024-03-04 08:00", "2024-03-12 17:00", "2024-03-07 10:00", 2, 1, 0, 0,     0, AN,     2, 0 },
  /* D: early with one supplement request: early; fee paid online. */
  { "D", P_PARTIAL, 2, 10, "2024-03-04 09:00", "2024-03-12 17:00", "2024-03-07 10:00", 1, 1, 1, 50000, 1, AN,     0, 0 },
  /* E: refused at intake (even with a receipt time): neither received nor resolved. */
  { "E", P_NONE,    1, 3,  "2024-03-06 08:00", NULL,               NULL,               0, 0, 0, 0,     0, NOBODY, -1, 0 },
  /* F: withdrawn: received, never resolved, not open. */
  { "F", P_NONE,    1, 7,  "2024-03-06 08:00", "2024-03-20 17:00", NULL,               0, 0, 0, 0,     0, NOBODY, -1, 0 },
  /* G: submitted online, not yet accepted: nothing. */
  { "G", P_FULL,    2, 1,  "2024-03-06 08:00", NULL,               NULL,               0, 0, 0, 0,     0, NOBODY, -1, 0 },
  /* H: received in February, resolved in March (early): resolved, not received. */
  { "H", P_NONE,    1, 10, "2024-02-26 08:00", "2024-03-04 17:00", "2024-03-01 10:00", 0, 0, 0, 0,     0, NOBODY, 0, 0 },
  /* I: online, open at the end, not past due; fee not paid online; accepted late. */
  { "I", P_FULL,    2, 4,  "2024-03-28 08:00", "2024-04-03 17:00", NULL,               0, 0, 0, 20000, 0, NOBODY, -1, 1 },
  /* J: online, open and past due at the end; fee 0 (marked paid) is not a fee dossier. */
  { "J", P_FULL,    2, 5,  "2024-03-20 08:00", "2024-03-25 17:00", NULL,               0, 0, 0, 0,     1, BINH,   -1, 0 },
  /* K: received in March, resolved in April, late: open and past due at the end of March. */
  { "K", P_PARTIAL, 1, 10, "2024-03-27 08:00", "2024-03-29 17:00", "2024-04-02 09:00", 0, 0, 0, 30000, 0, NOBODY, 2, 0 },
  /* L: stopped in February: received then, never open. */
  { "L", P_NONE,    1, 8,  "2024-02-16 08:00", "2024-02-20 17:00", NULL,               0, 0, 0, 0,     0, NOBODY, -1, 0 },
  /* M: received in April: nothing in March. */
  { "M", P_NONE,    1, 2,  "2024-04-02 08:00", "2024-04-05 17:00", NULL,               0, 0, 0, 0,     0, NOBODY, -1, 0 },
  /* N: by post, resolved on the last minute of March: early. */
  { "N", P_NONE,    3, 9,  "2024-03-25 08:00", "2024-04-01 17:00", "2024-03-31 23:59", 0, 0, 0, 0,     0, NOBODY, 0, 0 },
  /* O: resolved at midnight starting April: not resolved in March, open at its end. */
  { "O", P_NONE,    1, 9,  "2024-03-29 08:00", "2024-04-05 17:00", "2024-04-01 00:00", 0, 0, 0, 0,     0, NOBODY, 0, 0 },
  /* P: received in February, still open and past due. */
  { "P", P_NONE,    1, 4,  "2024-02-20 08:00", "2024-02-28 17:00", NULL,               0, 0, 0, 0,     0, AN,     -1, 0 },
};

static McStore *
march_store (void)
{
  McStore *store = mc_test_store_new (FALSE);

  add_catalogue (store);
  add_rows (store, march, G_N_ELEMENTS (march));
  return store;
}

static void
compute (McStore *store, const char *from, const char *to, McKpi *k)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_kpi_compute (store, mc_test_day (from), mc_test_day (to), k, &error));
  g_assert_no_error (error);
}

/* The counts behind each rate are the rate's own (a card's "45 of 46" and its percentage never
 * disagree), and a rate's state against its target is core's: met at the target, close within
 * 5 points, missed below (issue 10 §3). */
static void
test_counts_and_targets (void)
{
  static const struct {
    const char *name;
    double (*rate) (const McKpi *k);
  } rates[] = {
    { "on_time_rate", mc_kpi_on_time_rate },
    { "progress_rate", mc_kpi_progress_rate },
    { "online_rate", mc_kpi_online_rate },
    { "online_rate_partial", mc_kpi_online_rate_partial },
    { "online_rate_full", mc_kpi_online_rate_full },
    { "digitized_input_rate", mc_kpi_digitized_input_rate },
    { "digitized_result_rate", mc_kpi_digitized_result_rate },
    { "online_payment_rate", mc_kpi_online_payment_rate },
    { "late_online_intake_rate", mc_kpi_late_online_intake_rate },
  };
  McKpi k = { .received = 46, .resolved = 40, .early = 30, .on_time = 8, .late = 2,
              .open_at_end = 6, .open_overdue_at_end = 1, .online_received = 28,
              .partial_received = 20, .partial_online = 11, .full_received = 10,
              .full_online = 9, .digitized_inputs = 33, .digitized_results = 31,
              .fee_dossiers = 12, .paid_online = 7, .late_online_intake = 3 };
  gint64 num, den;

  for (gsize i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_assert_true (mc_kpi_counts (&k, rates[i].name, &num, &den));
      g_assert_cmpfloat (mc_kpi_percent (num, den), ==, rates[i].rate (&k));
    }
  /* Decision 766's progress: resolved not late and open not past due, over resolved and open. */
  g_assert_true (mc_kpi_counts (&k, "progress_rate", &num, &den));
  g_assert_cmpint (num, ==, 38 + 5);
  g_assert_cmpint (den, ==, 46);
  g_assert_false (mc_kpi_counts (&k, "received", &num, &den));
  g_assert_cmpint (num, ==, 0);
  g_assert_cmpint (den, ==, 0);

  g_assert_cmpint (mc_kpi_target_state (98.0, 98.0), ==, MC_KPI_TARGET_MET);
  g_assert_cmpint (mc_kpi_target_state (99.5, 98.0), ==, MC_KPI_TARGET_MET);
  g_assert_cmpint (mc_kpi_target_state (97.99, 98.0), ==, MC_KPI_TARGET_CLOSE);
  g_assert_cmpint (mc_kpi_target_state (93.0, 98.0), ==, MC_KPI_TARGET_CLOSE);
  g_assert_cmpint (mc_kpi_target_state (92.99, 98.0), ==, MC_KPI_TARGET_MISSED);
  g_assert_cmpint (mc_kpi_target_state (NAN, 98.0), ==, MC_KPI_TARGET_NONE);
  g_assert_cmpint (mc_kpi_target_state (97.0, NAN), ==, MC_KPI_TARGET_NONE);
}

static void
test_compute_march (void)
{
  g_autoptr(McStore) store = march_store ();
  McKpi k;

  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (k.from, ==, mc_test_day ("2024-03-01"));
  g_assert_cmpint (k.to, ==, mc_test_day ("2024-03-31"));
  g_assert_null (k.key);

  /* A B C D F I J K N O */
  g_assert_cmpint (k.received, ==, 10);
  /* A B C D H N: early D H N, on time A, late B C */
  g_assert_cmpint (k.resolved, ==, 6);
  g_assert_cmpint (k.early, ==, 3);
  g_assert_cmpint (k.on_time, ==, 1);
  g_assert_cmpint (k.late, ==, 2);
  g_assert_cmpfloat_with_epsilon (mc_kpi_on_time_rate (&k), 400.0 / 6, 1e-9);
  /* I J K O P; past due J K P */
  g_assert_cmpint (k.open_at_end, ==, 5);
  g_assert_cmpint (k.open_overdue_at_end, ==, 3);
  /* (6 − 2 + 5 − 3) / (6 + 5) */
  g_assert_cmpfloat_with_epsilon (mc_kpi_progress_rate (&k), 600.0 / 11, 1e-9);
  /* C D I J */
  g_assert_cmpint (k.online_received, ==, 4);
  /* partial: C D K, online C D; full: I J (G was never accepted), both online */
  g_assert_cmpint (k.partial_received, ==, 3);
  g_assert_cmpint (k.partial_online, ==, 2);
  g_assert_cmpint (k.full_received, ==, 2);
  g_assert_cmpint (k.full_online, ==, 2);
  g_assert_cmpint (k.digitized_inputs, ==, 2);
  g_assert_cmpint (k.digitized_results, ==, 2);
  g_assert_cmpfloat_with_epsilon (mc_kpi_digitized_result_rate (&k), 100.0 / 3, 1e-9);
  /* fee above 0: D I K; paid online: D. J's fee is 0. */
  g_assert_cmpint (k.fee_dossiers, ==, 3);
  g_assert_cmpint (k.paid_online, ==, 1);
  /* I, of 4 online */
  g_assert_cmpint (k.late_online_intake, ==, 1);
  g_assert_cmpfloat_with_epsilon (mc_kpi_late_online_intake_rate (&k), 25.0, 1e-9);
  mc_kpi_clear (&k);
}

static void
test_compute_edges (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  McKpi k;

  /* One day: the 8th holds A's and B's ends. */
  compute (store, "2024-03-08", "2024-03-08", &k);
  g_assert_cmpint (k.received, ==, 0);
  g_assert_cmpint (k.resolved, ==, 2);
  g_assert_cmpint (k.on_time, ==, 1);
  g_assert_cmpint (k.late, ==, 1);
  g_assert_true (isnan (mc_kpi_online_rate (&k)));
  /* Open at the end of the 8th: F is withdrawn; C D H are resolved; P is past due. */
  g_assert_cmpint (k.open_at_end, ==, 1);
  g_assert_cmpint (k.open_overdue_at_end, ==, 1);

  /* April 1st: O ends at its first minute. */
  compute (store, "2024-04-01", "2024-04-01", &k);
  g_assert_cmpint (k.resolved, ==, 1);
  g_assert_cmpint (k.early, ==, 1);

  /* Nothing in 2023: empty denominators. */
  compute (store, "2023-01-01", "2023-12-31", &k);
  g_assert_cmpint (k.received, ==, 0);
  g_assert_cmpint (k.resolved, ==, 0);
  g_assert_cmpint (k.open_at_end, ==, 0);
  g_assert_true (isnan (mc_kpi_on_time_rate (&k)));
  g_assert_true (isnan (mc_kpi_progress_rate (&k)));
  g_assert_true (isnan (mc_kpi_online_payment_rate (&k)));

  /* A period that ends before it starts is refused. */
  g_assert_false (mc_kpi_compute (store, mc_test_day ("2024-03-31"), mc_test_day ("2024-03-01"),
                                  &k, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mc_kpi_compute_by (store, mc_test_day ("2024-03-31"),
                                    mc_test_day ("2024-03-01"), MC_KPI_BY_MONTH, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static const McKpi *
group (GPtrArray *groups, guint i, const char *key)
{
  const McKpi *k;

  g_assert_cmpuint (i, <, groups->len);
  k = g_ptr_array_index (groups, i);
  g_assert_cmpstr (k->key, ==, key);
  return k;
}

static void
test_by_officer (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const McKpi *k;

  groups = mc_kpi_compute_by (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                              MC_KPI_BY_OFFICER, &error);
  g_assert_no_error (error);
  /* Vietnamese order of names, the dossiers with no handler last. */
  g_assert_cmpuint (groups->len, ==, 3);

  k = group (groups, 0, "Nguyễn Thị An");  /* C D P */
  g_assert_cmpint (k->from, ==, mc_test_day ("2024-03-01"));
  g_assert_cmpint (k->received, ==, 2);
  g_assert_cmpint (k->resolved, ==, 2);
  g_assert_cmpint (k->early, ==, 1);
  g_assert_cmpint (k->late, ==, 1);
  g_assert_cmpint (k->open_at_end, ==, 1);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);
  g_assert_cmpint (k->partial_received, ==, 2);
  g_assert_cmpint (k->partial_online, ==, 2);
  g_assert_cmpint (k->full_received, ==, 0);
  g_assert_cmpint (k->paid_online, ==, 1);

  k = group (groups, 1, "Trần Văn Bình");  /* A B J */
  g_assert_cmpint (k->received, ==, 3);
  g_assert_cmpint (k->resolved, ==, 2);
  g_assert_cmpint (k->on_time, ==, 1);
  g_assert_cmpint (k->late, ==, 1);
  g_assert_cmpint (k->open_at_end, ==, 1);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);
  g_assert_cmpint (k->online_received, ==, 1);
  g_assert_cmpint (k->full_received, ==, 1);
  g_assert_cmpint (k->full_online, ==, 1);
  g_assert_cmpint (k->partial_received, ==, 0);

  k = group (groups, 2, "(unassigned)");  /* F I K N O, resolved H N, open I K O */
  g_assert_cmpint (k->received, ==, 5);
  g_assert_cmpint (k->resolved, ==, 2);
  g_assert_cmpint (k->early, ==, 2);
  g_assert_cmpint (k->open_at_end, ==, 3);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);
  g_assert_cmpint (k->late_online_intake, ==, 1);
}

static void
test_by_procedure (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const McKpi *k;

  groups = mc_kpi_compute_by (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                              MC_KPI_BY_PROCEDURE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);

  k = group (groups, 0, "1.001");  /* received A B F N O; resolved A B H N; open O P */
  g_assert_cmpint (k->received, ==, 5);
  g_assert_cmpint (k->resolved, ==, 4);
  g_assert_cmpint (k->early, ==, 2);
  g_assert_cmpint (k->on_time, ==, 1);
  g_assert_cmpint (k->late, ==, 1);
  g_assert_cmpint (k->open_at_end, ==, 2);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);
  g_assert_cmpint (k->partial_received + k->full_received, ==, 0);

  k = group (groups, 1, "1.002");  /* C D K */
  g_assert_cmpint (k->received, ==, 3);
  g_assert_cmpint (k->partial_received, ==, 3);
  g_assert_cmpint (k->partial_online, ==, 2);
  g_assert_cmpint (k->resolved, ==, 2);
  g_assert_cmpint (k->open_at_end, ==, 1);
  g_assert_cmpint (k->fee_dossiers, ==, 2);

  k = group (groups, 2, "2.001");  /* I J; nothing resolved */
  g_assert_cmpint (k->received, ==, 2);
  g_assert_cmpint (k->full_received, ==, 2);
  g_assert_cmpint (k->full_online, ==, 2);
  g_assert_cmpint (k->resolved, ==, 0);
  g_assert_true (isnan (mc_kpi_on_time_rate (k)));
  g_assert_cmpint (k->open_at_end, ==, 2);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);
}

static void
test_by_month (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const McKpi *k;

  groups = mc_kpi_compute_by (store, mc_test_day ("2024-02-15"), mc_test_day ("2024-04-10"),
                              MC_KPI_BY_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);

  /* The part of February in the period: received H L P; at its end H and P open, P past due. */
  k = group (groups, 0, "2024-02");
  g_assert_cmpint (k->from, ==, mc_test_day ("2024-02-15"));
  g_assert_cmpint (k->to, ==, mc_test_day ("2024-02-29"));
  g_assert_cmpint (k->received, ==, 3);
  g_assert_cmpint (k->resolved, ==, 0);
  g_assert_cmpint (k->open_at_end, ==, 2);
  g_assert_cmpint (k->open_overdue_at_end, ==, 1);

  k = group (groups, 1, "2024-03");
  g_assert_cmpint (k->from, ==, mc_test_day ("2024-03-01"));
  g_assert_cmpint (k->to, ==, mc_test_day ("2024-03-31"));
  g_assert_cmpint (k->received, ==, 10);
  g_assert_cmpint (k->resolved, ==, 6);
  g_assert_cmpint (k->open_at_end, ==, 5);

  /* April 1–10: received M; resolved K (late) and O (early); open I J M P, all past due. */
  k = group (groups, 2, "2024-04");
  g_assert_cmpint (k->to, ==, mc_test_day ("2024-04-10"));
  g_assert_cmpint (k->received, ==, 1);
  g_assert_cmpint (k->resolved, ==, 2);
  g_assert_cmpint (k->late, ==, 1);
  g_assert_cmpint (k->early, ==, 1);
  g_assert_cmpint (k->open_at_end, ==, 4);
  g_assert_cmpint (k->open_overdue_at_end, ==, 4);

  /* Across a new year, and a month with nothing still has its row. */
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = mc_kpi_compute_by (store, mc_test_day ("2023-12-31"), mc_test_day ("2024-01-01"),
                              MC_KPI_BY_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);
  k = group (groups, 0, "2023-12");
  g_assert_cmpint (k->received, ==, 0);
  g_assert_true (isnan (mc_kpi_on_time_rate (k)));
  group (groups, 1, "2024-01");
}

static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
test_json (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autofree char *json = NULL;
  g_autofree char *march_json = NULL;
  McKpi k;

  add_catalogue (store);
  /* 46 dossiers received in February and resolved in March, 45 of them on time. */
  for (int i = 0; i < 46; i++)
    {
      g_autofree char *code = g_strdup_printf ("R%02d", i);
      Row row = { code, P_NONE, 1, 10, "2024-02-20 08:00", "2024-03-05 17:00",
                  "2024-03-05 10:00", 0, 0, 0, 0, 0, NOBODY, i == 0 ? 2 : 1, 0 };

      add_rows (store, &row, 1);
    }
  compute (store, "2024-03-01", "2024-03-31", &k);
  json = mc_kpi_to_json (&k);
  g_assert_true (json[0] == '{');
  assert_contains (json, "\"from\": \"2024-03-01\"");
  assert_contains (json, "\"to\": \"2024-03-31\"");
  assert_contains (json, "\"resolved\": 46");
  assert_contains (json, "\"on_time\": 45");
  assert_contains (json, "\"on_time_rate\": 97.8261");
  assert_contains (json, "\"progress_rate\": 97.8261");
  /* Nothing received: counts 0, rates null, never 0 or 100. */
  assert_contains (json, "\"received\": 0,");
  assert_contains (json, "\"online_rate\": null");
  assert_contains (json, "\"online_rate_partial\": null");
  assert_contains (json, "\"online_payment_rate\": null");
  assert_contains (json, "\"late_online_intake_rate\": null\n}");
  assert_contains (json, "\"digitized_result_rate\": 0.0000");
  g_assert_null (strstr (json, "\"key\""));
  mc_kpi_clear (&k);

  /* Every key of docs/cli.md, in its order. */
  {
    g_autoptr(McStore) march_db = march_store ();
    const char *keys[] = {
      "from", "to", "received", "resolved", "early", "on_time", "late", "on_time_rate",
      "open_at_end", "open_overdue_at_end", "progress_rate", "online_received", "online_rate",
      "partial_received", "partial_online", "online_rate_partial", "full_received",
      "full_online", "online_rate_full", "digitized_inputs", "digitized_input_rate",
      "digitized_results", "digitized_result_rate", "fee_dossiers", "paid_online",
      "online_payment_rate", "late_online_intake", "late_online_intake_rate",
    };
    const char *at;

    compute (march_db, "2024-03-01", "2024-03-31", &k);
    march_json = mc_kpi_to_json (&k);
    at = march_json;
    for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *quoted = g_strdup_printf ("\"%s\": ", keys[i]);

        at = strstr (at, quoted);
        if (at == NULL)
          g_error ("key %s missing or out of order in:\n%s", keys[i], march_json);
      }
    assert_contains (march_json, "\"on_time_rate\": 66.6667");
    assert_contains (march_json, "\"progress_rate\": 54.5455");
    assert_contains (march_json, "\"online_rate\": 40.0000");
    assert_contains (march_json, "\"online_payment_rate\": 33.3333");
    mc_kpi_clear (&k);
  }
}

static void
test_json_array (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autofree char *json = NULL;
  g_autofree char *empty_json = NULL;

  /* A name needing escapes in JSON. */
  exec_sql (store, "UPDATE officer SET name = 'Trần \"Bình\" \\ B' WHERE id = 1");
  groups = mc_kpi_compute_by (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                              MC_KPI_BY_OFFICER, &error);
  g_assert_no_error (error);
  json = mc_kpi_array_to_json (groups);
  g_assert_true (json[0] == '[');
  g_assert_true (g_str_has_suffix (json, "}\n]"));
  assert_contains (json, "\"key\": \"Nguyễn Thị An\",\n    \"from\": \"2024-03-01\"");
  assert_contains (json, "\"key\": \"Trần \\\"Bình\\\" \\\\ B\"");
  assert_contains (json, "\"key\": \"(unassigned)\"");
  assert_contains (json, "},\n  {");

  empty_json = mc_kpi_array_to_json (empty);
  g_assert_cmpstr (empty_json, ==, "[]");
}

/* ---- Keeping the per-day sums up to date ---- */

static void
test_refresh (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  McKpi k;

  /* New dossiers mark their days; reading the figures recounts them. */
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM kpi_dirty"), >, 0);
  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM kpi_dirty"), ==, 0);
  g_assert_cmpint (k.resolved, ==, 6);

  /* J resolved on the 15th (early): one more resolved, one fewer open and past due. */
  exec_sql (store, "UPDATE dossier SET status = 10, ended_at = 1710471600, outcome = 0 "
                   "WHERE code = 'J'");
  g_assert_cmpint (mc_test_query_int (store, "SELECT count(*) FROM kpi_dirty"), >, 0);
  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (k.resolved, ==, 7);
  g_assert_cmpint (k.early, ==, 4);
  g_assert_cmpint (k.open_at_end, ==, 4);
  g_assert_cmpint (k.open_overdue_at_end, ==, 2);

  /* A changed receipt time moves the dossier out of the period (old and new days recounted). */
  exec_sql (store, "UPDATE dossier SET received_at = received_at + 40 * 86400 WHERE code = 'F'");
  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (k.received, ==, 9);

  /* A deleted dossier leaves the sums. */
  exec_sql (store, "DELETE FROM dossier WHERE code = 'A'");
  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (k.received, ==, 8);
  g_assert_cmpint (k.resolved, ==, 6);
  g_assert_cmpint (k.on_time, ==, 0);

  /* The partly-online procedure becomes fully online: counted at its new level everywhere. */
  exec_sql (store, "UPDATE procedure SET online_level = 2 WHERE id = 2");
  compute (store, "2024-03-01", "2024-03-31", &k);
  g_assert_cmpint (k.partial_received, ==, 0);
  g_assert_cmpint (k.full_received, ==, 5);
  g_assert_cmpint (k.full_online, ==, 4);
  groups = mc_kpi_compute_by (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                              MC_KPI_BY_OFFICER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (group (groups, 0, "Nguyễn Thị An")->partial_received, ==, 0);
  g_assert_cmpint (group (groups, 0, "Nguyễn Thị An")->full_received, ==, 2);

  /* Nothing left to do. */
  g_assert_true (mc_kpi_refresh (store, &error));
  g_assert_no_error (error);
}

/* ---- Targets ---- */

static gint64
count_audit (McStore *store)
{
  return mc_store_testing_int (store, "SELECT count(*) FROM audit");
}

static void
test_targets (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;
  gint64 audits;

  add_catalogue (store);
  g_assert_true (isnan (mc_kpi_get_target (store, 2024, "on_time_rate")));
  audits = count_audit (store);

  g_assert_true (mc_kpi_set_target (store, 9, 2024, "on_time_rate", 98.0, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (mc_kpi_get_target (store, 2024, "on_time_rate"), ==, 98.0);
  g_assert_true (isnan (mc_kpi_get_target (store, 2025, "on_time_rate")));
  g_assert_cmpint (count_audit (store), ==, audits + 1);
  /* Changing it replaces it. */
  g_assert_true (mc_kpi_set_target (store, 0, 2024, "on_time_rate", 97.5, &error));
  g_assert_cmpfloat (mc_kpi_get_target (store, 2024, "on_time_rate"), ==, 97.5);
  g_assert_cmpint (count_audit (store), ==, audits + 2);

  /* Only an administrator; nothing changes and nothing is audited otherwise. */
  g_assert_false (mc_kpi_set_target (store, 10, 2024, "on_time_rate", 50, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_kpi_set_target (store, 777, 2024, "on_time_rate", 50, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_kpi_set_target (store, 9, 2024, "happiness", 50, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_kpi_set_target (store, 9, 2024, "online_rate", 120, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_kpi_set_target (store, 9, 2024, "online_rate", NAN, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_kpi_set_target (store, 9, 99999, "online_rate", 60, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpfloat (mc_kpi_get_target (store, 2024, "on_time_rate"), ==, 97.5);
  g_assert_true (isnan (mc_kpi_get_target (store, 2024, "online_rate")));
  g_assert_cmpint (count_audit (store), ==, audits + 2);
  g_assert_true (mc_audit_verify (store, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mc_kpi_is_target_name ("progress_rate"));
  g_assert_false (mc_kpi_is_target_name ("late_online_intake_rate"));
  g_assert_false (mc_kpi_is_target_name (NULL));
}

/* ---- The plans: every query reads a range of an index, never a whole table ---- */

static void
test_uses_indexes (void)
{
  g_autoptr(McStore) store = march_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GString) plans = g_string_new (NULL);
  g_autoptr(GPtrArray) cached = NULL;
  McKpi k;

  if (mc_test_on_server ())
    {
      g_test_skip ("SQLite only: the plans are SQLite's (EXPLAIN QUERY PLAN)");
      return;
    }
  /* Run every kind of count so the statements are in the store's cache, then explain them. */
  compute (store, "2024-03-01", "2024-03-31", &k);
  groups = mc_kpi_compute_by (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                              MC_KPI_BY_MONTH, &error);
  g_assert_no_error (error);
  cached = mc_store_testing_cached_sql (store);
  for (guint i = 0; i < cached->len; i++)
    {
      const char *sql = g_ptr_array_index (cached, i);
      g_autoptr(GPtrArray) plan = NULL;

      if (strstr (sql, "FROM dossier d") == NULL && strstr (sql, "kpi_re") == NULL)
        continue;
      plan = mc_store_testing_plan (store, sql);
      for (guint j = 0; j < plan->len; j++)
        g_string_append_printf (plans, "%s\n", (char *) g_ptr_array_index (plan, j));
    }
  g_test_message ("%s", plans->str);
  /* Recounting a day: one range of each time index, covering. */
  assert_contains (plans->str, "SEARCH d USING COVERING INDEX dossier_kpi_received "
                               "(received_at>? AND received_at<?)");
  assert_contains (plans->str, "SEARCH d USING COVERING INDEX dossier_kpi_ended "
                               "(ended_at>? AND ended_at<?)");
  /* Open at the end: the open dossiers (the rows with no end time, by either index that holds
   * them apart), and those ended since. */
  if (strstr (plans->str, "SEARCH d USING COVERING INDEX dossier_kpi_open (received_at<?)") == NULL)
    assert_contains (plans->str, "SEARCH d USING COVERING INDEX dossier_kpi_ended (ended_at=?)");
  assert_contains (plans->str, "SEARCH d USING COVERING INDEX dossier_kpi_ended (ended_at>?)");
  /* The sums of a period, and forgetting those of recounted days. */
  assert_contains (plans->str, "SEARCH r USING PRIMARY KEY (by_officer=? AND day>? AND day<?)");
  assert_contains (plans->str, "SEARCH kpi_received USING PRIMARY KEY (by_officer=? AND day>? AND day<?)");
  g_assert_null (strstr (plans->str, "SCAN "));
  mc_kpi_clear (&k);
}

/* ---- The command (docs/cli.md) ---- */

static int
run_cli (const char *db, const char * const *args, char **out, char **err)
{
  const char *cli = g_getenv ("MOTCUA_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, (gpointer) "kpi");
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("MOTCUA_CLI") == NULL)
    {
      g_test_skip ("MOTCUA_CLI is not set");
      return;
    }
  dir = mc_test_tmpdir ();
  db = mc_test_new_target (dir, "kpi.db");
  {
    g_autoptr(McStore) store = mc_store_create (db, &error);

    g_assert_no_error (error);
    add_catalogue (store);
    add_rows (store, march, G_N_ELEMENTS (march));
  }

  {
    const char *args[] = { "--from", "2024-03-01", "--to", "2024-03-31", "--json", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 0);
    g_assert_true (out[0] == '{');
    assert_contains (out, "\"received\": 10,");
    assert_contains (out, "\"on_time_rate\": 66.6667,");
    assert_contains (out, "\"open_at_end\": 5,");
    assert_contains (out, "\"late_online_intake_rate\": 25.0000\n}\n");
  }
  {
    const char *args[] = { "--from", "2024-03-01", "--to", "2024-03-31", "--json", "--by",
                           "procedure", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 0);
    g_assert_true (out[0] == '[');
    assert_contains (out, "\"key\": \"1.001\"");
    assert_contains (out, "\"key\": \"2.001\"");
    assert_contains (out, "\"on_time_rate\": null");
  }
  {
    const char *args[] = { "--from", "2024-03-01", "--to", "2024-03-31", "--by", "month", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 0);
    assert_contains (out, "2024-03");
  }
  {
    const char *args[] = { "--from", "2024-03-01", "--to", "2024-03-31", NULL };
    g_autofree char *out = NULL, *err = NULL;

    /* A table for a person: the figures and their rates. */
    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 0);
    assert_contains (out, "66.67%");
    assert_contains (out, "54.55%");
  }
  {
    const char *args[] = { "--from", "2024-03-31", "--to", "2024-03-01", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 1);
    assert_contains (err, "period starts after it ends");
    g_assert_cmpstr (out, ==, "");
  }
  {
    const char *args[] = { "--from", "2024-02-30", "--to", "2024-03-31", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 1);
    assert_contains (err, "2024-02-30");
    assert_contains (err, "is not a date");
  }
  {
    const char *args[] = { "--to", "2024-03-31", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 2);
    assert_contains (err, "--from");
  }
  {
    const char *args[] = { "--from", "2024-03-01", "--to", "2024-03-31", "--by", "week", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (db, args, &out, &err), ==, 2);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kpi/classify", test_classify);
  g_test_add_func ("/kpi/late-intake", test_late_intake);
  g_test_add_func ("/kpi/percent", test_percent);
  g_test_add_func ("/kpi/counts-and-targets", test_counts_and_targets);
  g_test_add_func ("/kpi/compute/march", test_compute_march);
  g_test_add_func ("/kpi/compute/edges", test_compute_edges);
  g_test_add_func ("/kpi/by/officer", test_by_officer);
  g_test_add_func ("/kpi/by/procedure", test_by_procedure);
  g_test_add_func ("/kpi/by/month", test_by_month);
  g_test_add_func ("/kpi/json", test_json);
  g_test_add_func ("/kpi/json/array", test_json_array);
  g_test_add_func ("/kpi/refresh", test_refresh);
  g_test_add_func ("/kpi/targets", test_targets);
  g_test_add_func ("/kpi/indexes", test_uses_indexes);
  g_test_add_func ("/kpi/cli", test_cli);

  return g_test_run ();
}
