/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The default catalogue and the demo commune: deterministic, plausible, and consistent with the
 * data's own rules. */
#include "config.h"

#include <stdio.h>

#include "mc-account.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-kpi.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"

#define DEMO_YEAR 2024

/* ---- Catalogue ---- */

static void
test_catalogue_defaults (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mc_store_list_procedures (store, &error);
  const McCalendar *cal = mc_store_get_calendar (store);
  gint64 day = mc_calendar_day_seconds (cal);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 10);
  for (guint i = 0; i < list->len; i++)
    {
      const McProcedure *p = g_ptr_array_index (list, i);
      gint64 sum = 0;

      g_assert_cmpstr (p->code, !=, "");
      g_assert_true (g_utf8_validate (p->name, -1, NULL));
      g_assert_cmpstr (p->post, !=, "");
      g_assert_cmpuint (p->steps->len, >=, 5);
      g_assert_cmpuint (p->documents->len, >=, 2);
      for (guint s = 0; s < p->steps->len; s++)
        {
          const McStepTemplate *t = g_ptr_array_index (p->steps, s);

          g_assert_cmpint (t->budget_seconds, >, 0);
          sum += t->budget_seconds;
        }
      /* The budgets share the limit: one office day for "same day", N days for N working days,
       * the working days of N calendar days. */
      switch (p->limit_kind)
        {
        case MC_LIMIT_SAME_DAY:
          g_assert_cmpint (sum, ==, day);
          break;
        case MC_LIMIT_WORKING_DAYS:
          g_assert_cmpint (sum, ==, day * p->limit_value);
          break;
        case MC_LIMIT_CALENDAR_DAYS:
          g_assert_cmpint (sum, >, day * p->limit_value / 2);
          g_assert_cmpint (sum, <, day * p->limit_value);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  {
    g_autoptr(McProcedure) birth = mc_store_find_procedure (store, "1.001193", &error);
    g_autoptr(McProcedure) land = mc_store_find_procedure (store, "1.012812", &error);
    g_autoptr(McProcedure) copy = mc_store_find_procedure (store, "2.000815", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (birth->name, ==, "Đăng ký khai sinh");
    g_assert_cmpint (birth->limit_kind, ==, MC_LIMIT_SAME_DAY);
    g_assert_cmpint (birth->online_level, ==, MC_ONLINE_FULL);
    g_assert_cmpstr (birth->post, ==, "Tư pháp - Hộ tịch");
    g_assert_cmpint (((McStepTemplate *) g_ptr_array_index (birth->steps, 0))->role, ==,
                     MC_ROLE_DESK);
    g_assert_cmpstr (((McDocumentTemplate *) g_ptr_array_index (birth->documents, 0))->name, ==,
                     "Tờ khai đăng ký khai sinh");
    g_assert_cmpint (land->limit_kind, ==, MC_LIMIT_CALENDAR_DAYS);
    g_assert_cmpint (land->limit_value, ==, 30);
    g_assert_cmpint (copy->fee, ==, 2000);
    g_assert_cmpstr (copy->fee_note, !=, "");
  }
}

static void
test_catalogue_idempotent (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) birth = mc_store_find_procedure (store, "1.001193", &error);
  g_autoptr(McProcedure) again = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  /* An administrator's change survives a second install. */
  g_free (birth->name);
  birth->name = g_strdup ("Đăng ký khai sinh (sửa)");
  g_assert_true (mc_store_save_procedure (store, 0, birth, &error));
  g_assert_no_error (error);

  g_assert_true (mc_catalogue_install_defaults (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  g_assert_no_error (error);

  list = mc_store_list_procedures (store, &error);
  g_assert_cmpuint (list->len, ==, 10);
  again = mc_store_find_procedure (store, "1.001193", &error);
  g_assert_cmpstr (again->name, ==, "Đăng ký khai sinh (sửa)");
}

/* ---- Demo ---- */

static McStore *
demo_store (gint64 dossiers, guint32 seed)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  McDemoOptions options = { .dossiers = dossiers, .year = DEMO_YEAR, .seed = seed };

  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/* The standard demo, shared by the tests that only read it. */
static McStore *shared_store;

static McStore *
shared_demo (void)
{
  if (shared_store == NULL)
    shared_store = demo_store (MC_DEMO_DEFAULT_DOSSIERS, 1);
  return shared_store;
}

/* A digest of everything the demo generates except what must differ between runs (password
 * salts, the audit log's own times). */
static char *
data_digest (McStore *store)
{
  static const char *const queries[] = {
    "SELECT * FROM dossier ORDER BY id",
    "SELECT * FROM dossier_event ORDER BY id",
    "SELECT * FROM dossier_document ORDER BY dossier_id, position",
    "SELECT id, name, title, post, role, username, active FROM officer ORDER BY id",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) rows = mc_store_testing_rows (store, queries[q]);

      for (guint r = 0; r < rows->len; r++)
        {
          g_checksum_update (sum, g_ptr_array_index (rows, r), -1);
          g_checksum_update (sum, (const guchar *) "\x1f", 1);
        }
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gint64
sql_count (McStore *store, const char *sql)
{
  return mc_store_testing_int (store, sql);
}

/* Each row of SQL split into its columns (NULL as "∅"). */
static GPtrArray *
sql_rows (McStore *store, const char *sql)
{
  g_autoptr(GPtrArray) rows = mc_store_testing_rows (store, sql);
  GPtrArray *split = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (split, g_strsplit (g_ptr_array_index (rows, i), "|", -1));
  return split;
}

static McTime
column_time (const char *text)
{
  return g_str_equal (text, "∅") ? MC_TIME_NONE : g_ascii_strtoll (text, NULL, 10);
}

static gboolean
is_digits (const char *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static void
test_demo_deterministic (void)
{
  g_autoptr(McStore) a = demo_store (1000, 42);
  g_autoptr(McStore) b = demo_store (1000, 42);
  g_autoptr(McStore) c = demo_store (1000, 43);
  g_autofree char *digest_a = data_digest (a);
  g_autofree char *digest_b = data_digest (b);
  g_autofree char *digest_c = data_digest (c);

  g_assert_cmpint (mc_store_count_dossiers (a), ==, 1000);
  g_assert_cmpint (mc_store_count_dossiers (c), ==, 1000);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, !=, digest_c);
}

static void
test_demo_statuses (void)
{
  McStore *store = shared_demo ();
  gint64 total = 0, resolved, late, online, capable;

  g_assert_cmpint (mc_store_count_dossiers (store), ==, MC_DEMO_DEFAULT_DOSSIERS);
  for (int s = MC_STATUS_NEW; s <= MC_STATUS_RETURNED; s++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE status = %d", s);
      gint64 n = sql_count (store, sql);

      g_test_message ("status %d: %" G_GINT64_FORMAT, s, n);
      total += n;
      if (s == 2 || s == 3 || s == 4 || s == 5 || s == 7 || s == 9 || s == 10)
        g_assert_cmpint (n, >, 0);
    }
  g_assert_cmpint (total, ==, MC_DEMO_DEFAULT_DOSSIERS);
  /* Most dossiers of a past year are finished and handed over. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status = 10"), >,
                   MC_DEMO_DEFAULT_DOSSIERS * 9 / 10);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status = 8"), >, 0);

  /* About 2% late, as the commune's report. */
  resolved = sql_count (store, "SELECT count(*) FROM dossier WHERE status IN (9, 10)");
  late = sql_count (store, "SELECT count(*) FROM dossier WHERE status IN (9, 10) AND outcome = 2");
  g_assert_cmpint (late * 1000 / resolved, >=, 5);
  g_assert_cmpint (late * 1000 / resolved, <=, 50);

  /* 40–60% online where a procedure can be done online. */
  capable = sql_count (store,
      "SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
      "WHERE p.online_level > 0");
  online = sql_count (store,
      "SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
      "WHERE p.online_level > 0 AND d.channel = 2");
  g_assert_cmpint (online * 100 / capable, >=, 60);
  g_assert_cmpint (online * 100 / capable, <=, 90);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier d JOIN procedure p "
                                     "ON p.id = d.procedure_id WHERE p.online_level = 0 "
                                     "AND d.channel = 2"), ==, 0);

  /* Supplements, a few twice; some late online intakes; some open dossiers overdue at the end
   * of the year. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE supplement_count = 1"),
                   >, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE supplement_count = 2"),
                   >, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE late_intake = TRUE"), >,
                   0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE status IN "
                                            "(2, 4, 5, 6) AND due_at < %" G_GINT64_FORMAT,
                                            (gint64) mc_test_time ("2024-12-31 17:00"));

    g_assert_cmpint (sql_count (store, sql), >, 0);
  }
  /* What waits for a leader's signature (or was signed, or sent back) carries the result the
   * specialist proposed: a leader signs a result, never an empty one. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status = 4 AND step IN "
                                     "(2, 3, 4) AND result = ''"), ==, 0);

  /* Same-day civil-status work dominates. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier d JOIN procedure p "
                                     "ON p.id = d.procedure_id WHERE p.limit_kind = 0"), >,
                   MC_DEMO_DEFAULT_DOSSIERS / 2);
}

static void
test_demo_rules (void)
{
  McStore *store = shared_demo ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  McTime end = mc_test_time ("2025-01-01 00:00");
  McTime start = mc_test_time ("2024-01-01 00:00");
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sql = NULL;

  if (!mc_store_check (store, &problems, &error))
    {
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
      g_assert_cmpuint (problems->len, ==, 0);
    }

  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status NOT IN (1, 3) "
                                     "AND (due_at IS NULL OR received_at IS NULL)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status IN (9, 10) "
                                     "AND (outcome IS NULL OR ended_at IS NULL)"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status NOT IN (9, 10) "
                                     "AND outcome IS NOT NULL"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status IN (1, 3) "
                                     "AND received_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status = 5 "
                                     "AND paused_since IS NULL"), ==, 0);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE returned_at < ended_at"),
                   ==, 0);
  /* One code per dossier, in the documented form
   * (000.17.22.H56-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]). */
  {
    g_autoptr(GPtrArray) codes = mc_store_testing_rows (store, "SELECT code FROM dossier");
    gint64 bad = 0;

    for (guint i = 0; i < codes->len; i++)
      {
        const char *code = g_ptr_array_index (codes, i);

        if (strlen (code) != 25 || !g_str_has_prefix (code, "000.17.22.H56-") ||
            !is_digits (code + 14, 6) || code[20] != '-' || !is_digits (code + 21, 4))
          bad++;
      }
    g_assert_cmpint (bad, ==, 0);
  }
  /* Every dossier has a timeline, every event inside the year and in order. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier d WHERE NOT EXISTS "
                                     "(SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id)"),
                   ==, 0);
  rows = sql_rows (store, "SELECT min(at), max(at) FROM dossier_event WHERE action <> 1");
  g_assert_cmpuint (rows->len, ==, 1);
  {
    char **r = g_ptr_array_index (rows, 0);

    g_assert_cmpint (g_ascii_strtoll (r[0], NULL, 10), >=, start);
    g_assert_cmpint (g_ascii_strtoll (r[1], NULL, 10), <, end);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE received_at >= %" G_GINT64_FORMAT,
                         (gint64) end);
  g_assert_cmpint (sql_count (store, sql), ==, 0);

  /* The stored outcome is the KPI rule's, and online intake lateness too. */
  rows = sql_rows (store, "SELECT ended_at, due_at, supplement_count, outcome, "
                          "submitted_at, received_at, CASE WHEN late_intake THEN 1 ELSE 0 END, "
                          "channel FROM dossier WHERE received_at IS NOT NULL");
  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      McTime ended = column_time (r[0]);
      McOutcome outcome = g_str_equal (r[3], "∅") ? MC_OUTCOME_NONE
                                                  : (McOutcome) g_ascii_strtoll (r[3], NULL, 10);

      g_assert_cmpint (outcome, ==, mc_kpi_classify (ended, column_time (r[1]),
                                                     (int) g_ascii_strtoll (r[2], NULL, 10)));
      if (g_ascii_strtoll (r[7], NULL, 10) == MC_CHANNEL_ONLINE)
        g_assert_cmpint (g_ascii_strtoll (r[6], NULL, 10), ==,
                         mc_kpi_is_late_intake (mc_store_get_calendar (store),
                                                column_time (r[4]), column_time (r[5])));
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Receipts and hand-overs happen in office hours of working days. */
  rows = sql_rows (store, "SELECT at FROM dossier_event WHERE action IN (2, 3, 5, 15)");
  for (guint i = 0; i < rows->len; i++)
    {
      McTime at = g_ascii_strtoll (((char **) g_ptr_array_index (rows, i))[0], NULL, 10);

      g_assert_true (mc_calendar_is_working_day (mc_store_get_calendar (store),
                                                 mc_day_of_time (at)));
      g_assert_cmpint (mc_calendar_working_seconds (mc_store_get_calendar (store), at - 60,
                                                    at + 60), >, 0);
    }
}

/* ---- A demo that reads true (issue 17, part 3) ---- */

static gboolean
is_male_name (const char *name)
{
  return strstr (name, " Văn ") != NULL;
}

static gboolean
is_female_name (const char *name)
{
  return strstr (name, " Thị ") != NULL;
}

static gboolean
has_doubled_word (const char *name)
{
  g_auto(GStrv) words = g_strsplit (name, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = i + 1; words[j] != NULL; j++)
      if (words[i][0] != '\0' && g_str_equal (words[i], words[j]))
        return TRUE;
  return FALSE;
}

/* The person named after PREFIX in TEXT, up to the end. */
static const char *
after (const char *text, const char *prefix)
{
  const char *p = strstr (text, prefix);

  return p != NULL ? p + strlen (prefix) : NULL;
}

static gint64
copy_fee (int copies, int pages)
{
  return copies * MIN (2000 * MIN (pages, 2) + 1000 * MAX (pages - 2, 0), 200000);
}

static void
test_demo_reads_true (void)
{
  McStore *store = shared_demo ();
  g_autoptr(GPtrArray) rows = sql_rows (store,
      "SELECT p.code, d.applicant_name, d.applicant_id_number, d.applicant_address, "
      "d.representative_name, d.request, d.fee, d.result, d.received_at, d.channel, "
      "p.online_level FROM dossier d JOIN procedure p ON p.id = d.procedure_id");
  gint64 copies = 0, copy_fee_wrong = 0, extracts = 0, deaths = 0, death_wrong = 0;
  gint64 hanoi = 0, ids = 0, sex_wrong = 0, doubled = 0, births = 0, old_parents = 0;
  gint64 age_wrong = 0, addresses_old = 0, thon_upper = 0, no_province = 0;
  gint64 mediations = 0, mediation_failed = 0, mediation_wrong = 0;
  gint64 level_n[3][2] = { { 0 } }, level_online[3][2] = { { 0 } };
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (rows->len, ==, MC_DEMO_DEFAULT_DOSSIERS);
  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      const char *code = r[0], *name = r[1], *id = r[2], *address = r[3], *rep = r[4];
      const char *request = r[5], *result = r[7];
      gint64 fee = g_ascii_strtoll (r[6], NULL, 10);
      McTime received = column_time (r[8]);
      int channel = (int) g_ascii_strtoll (r[9], NULL, 10);
      int level = (int) g_ascii_strtoll (r[10], NULL, 10);
      int year = DEMO_YEAR, month, day;

      if (received != MC_TIME_NONE)
        mc_day_to_ymd (mc_day_of_time (received), &year, &month, &day);
      /* Names: no word twice; the ID number's sex digit agrees with Văn and Thị. */
      if (has_doubled_word (name) || (rep[0] != '\0' && has_doubled_word (rep)))
        doubled++;
      if (strlen (id) == 12)
        {
          int sex = id[3] - '0';
          int born = (sex >= 2 ? 2000 : 1900) + (id[4] - '0') * 10 + (id[5] - '0');
          int age = year - born;
          char province[4] = { id[0], id[1], id[2], 0 };

          ids++;
          if (g_str_equal (province, "001"))
            hanoi++;
          g_hash_table_add (codes, (gpointer) g_intern_string (province));
          if ((sex % 2 == 0 && is_female_name (name)) || (sex % 2 == 1 && is_male_name (name)))
            sex_wrong++;
          if (age < 18 || age > 80)
            age_wrong++;
          if (g_str_equal (code, "1.001193"))
            {
              births++;
              if (age > 55)
                old_parents++;
            }
        }
      /* Places of 2026, "thôn" one way. */
      if (strstr (address, "huyện") != NULL || strstr (address, "quận") != NULL)
        addresses_old++;
      if (strstr (address, "Thôn") != NULL)
        thon_upper++;
      if (strstr (address, "Hà Nội") == NULL)
        no_province++;
      /* Fees by the catalogue's rule, per copy of the request. */
      if (g_str_equal (code, "2.000815"))
        {
          int n = 0, pages = 0;
          const char *open = strrchr (request, '(');

          copies++;
          if (sscanf (request, "Chứng thực %d bản sao", &n) != 1 || open == NULL ||
              sscanf (open, "(%d trang)", &pages) != 1 || fee != copy_fee (n, pages))
            copy_fee_wrong++;
        }
      if (g_str_equal (code, "2.000635"))
        {
          int n = 0;

          extracts++;
          if (sscanf (request, "Cấp %d bản sao trích lục", &n) != 1 || fee != n * 8000)
            copy_fee_wrong++;
        }
      /* A death registered by the right relative, of the right sex. */
      if (g_str_equal (code, "1.000656"))
        {
          const char *dead = strchr (request, ':');

          deaths++;
          dead = dead != NULL ? dead + 2 : "";
          if (g_str_has_prefix (request, "Đăng ký khai tử cho chồng:") &&
              (is_female_name (dead) || is_male_name (name)))
            death_wrong++;
          if (g_str_has_prefix (request, "Đăng ký khai tử cho vợ:") &&
              (is_male_name (dead) || is_female_name (name)))
            death_wrong++;
          if ((g_str_has_prefix (request, "Đăng ký khai tử cho bố:") ||
               g_str_has_prefix (request, "Đăng ký khai tử cho ông nội:")) && is_female_name (dead))
            death_wrong++;
          if ((g_str_has_prefix (request, "Đăng ký khai tử cho mẹ:") ||
               g_str_has_prefix (request, "Đăng ký khai tử cho bà nội:")) && is_male_name (dead))
            death_wrong++;
        }
      if (g_str_equal (code, "1.012812"))
        {
          const char *mr = after (request, "hộ ông "), *mrs = after (request, "hộ bà ");

          mediations++;
          if ((mr != NULL && is_female_name (mr)) || (mrs != NULL && is_male_name (mrs)))
            mediation_wrong++;
          if (strstr (result, "không thành") != NULL)
            {
              mediation_failed++;
              g_assert_true (strstr (result, "Tòa án") != NULL ||
                             strstr (result, "Chủ tịch UBND xã") != NULL);
            }
        }
      if (received != MC_TIME_NONE && level >= 1 && level <= 2)
        {
          int half = month <= 6 ? 0 : 1;

          level_n[level][half]++;
          if (channel == MC_CHANNEL_ONLINE)
            level_online[level][half]++;
        }
    }
  g_test_message ("copies %" G_GINT64_FORMAT ", extracts %" G_GINT64_FORMAT ", deaths %"
                  G_GINT64_FORMAT ", births %" G_GINT64_FORMAT ", mediations %" G_GINT64_FORMAT
                  " (%" G_GINT64_FORMAT " failed), Hà Nội IDs %" G_GINT64_FORMAT " of %"
                  G_GINT64_FORMAT ", %u province codes", copies, extracts, deaths, births,
                  mediations, mediation_failed, hanoi, ids, g_hash_table_size (codes));
  g_assert_cmpint (copies, >, 100);
  g_assert_cmpint (extracts, >, 20);
  g_assert_cmpint (copy_fee_wrong, ==, 0);
  g_assert_cmpint (deaths, >, 10);
  g_assert_cmpint (death_wrong, ==, 0);
  g_assert_cmpint (mediation_wrong, ==, 0);
  g_assert_cmpint (doubled, ==, 0);
  g_assert_cmpint (sex_wrong, ==, 0);
  g_assert_cmpint (age_wrong, ==, 0);
  g_assert_cmpint (old_parents, ==, 0);
  g_assert_cmpint (addresses_old, ==, 0);
  g_assert_cmpint (thon_upper, ==, 0);
  g_assert_cmpint (no_province, ==, 0);
  /* Most were born in Hà Nội, not all. */
  g_assert_cmpint (hanoi * 100 / ids, >=, 55);
  g_assert_cmpint (hanoi * 100 / ids, <=, 85);
  g_assert_cmpuint (g_hash_table_size (codes), >=, 8);
  /* Some mediations fail and are referred on. */
  g_assert_cmpint (mediation_failed, >, 0);
  g_assert_cmpint (mediation_failed, <, mediations);
  /* Online near the letter's shares (partial 59,64%, full 96,34%), higher in the second half. */
  for (int level = 1; level <= 2; level++)
    {
      gint64 n = level_n[level][0] + level_n[level][1];
      gint64 on = level_online[level][0] + level_online[level][1];
      double share = 100.0 * (double) on / (double) n;
      double first = 100.0 * (double) level_online[level][0] / (double) level_n[level][0];
      double second = 100.0 * (double) level_online[level][1] / (double) level_n[level][1];

      g_test_message ("online level %d: %.1f%% (%.1f%% then %.1f%%)", level, share, first,
                      second);
      if (level == MC_ONLINE_PARTIAL)
        {
          g_assert_cmpfloat (share, >=, 52);
          g_assert_cmpfloat (share, <=, 68);
        }
      else
        {
          g_assert_cmpfloat (share, >=, 92);
          g_assert_cmpfloat (share, <=, 99.5);
        }
      g_assert_cmpfloat (second, >, first);
    }
}

static void
test_demo_broker (void)
{
  McStore *store = shared_demo ();
  g_autoptr(GPtrArray) rows = sql_rows (store,
      "SELECT representative_phone, count(*), count(DISTINCT applicant_folded) FROM dossier "
      "WHERE representative_phone <> '' GROUP BY 1 ORDER BY 2 DESC LIMIT 2");
  char **first, **second;

  /* One representative files for many unrelated applicants; nobody else comes close. */
  g_assert_cmpuint (rows->len, ==, 2);
  first = g_ptr_array_index (rows, 0);
  second = g_ptr_array_index (rows, 1);
  g_assert_cmpint (g_ascii_strtoll (first[1], NULL, 10), >=, 20);
  g_assert_cmpint (g_ascii_strtoll (first[2], NULL, 10), >=, 20);
  g_assert_cmpint (g_ascii_strtoll (second[1], NULL, 10), <=, 3);
}

static void
test_demo_accounts (void)
{
  McStore *store = shared_demo ();
  const McDemoAccount *accounts;
  guint n = 0;
  gboolean roles[MC_ROLE_POLICE + 1] = { FALSE };

  accounts = mc_demo_accounts (&n);
  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McOfficer) officer = mc_account_authenticate (store, accounts[i].username,
                                                              MC_DEMO_PASSWORD, &error);

      g_assert_no_error (error);
      g_assert_nonnull (officer);
      g_assert_cmpstr (officer->name, ==, accounts[i].name);
      g_assert_cmpint (officer->role, ==, accounts[i].role);
      g_assert_cmpstr (officer->post, ==, accounts[i].post);
      roles[officer->role] = TRUE;
    }
  for (int r = MC_ROLE_ADMIN; r <= MC_ROLE_POLICE; r++)
    g_assert_true (roles[r]);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McOfficer) officer = mc_account_authenticate (store, "tiepnhan1", "wrong",
                                                            &error);
    g_assert_null (officer);
    g_assert_nonnull (error);
  }
}

static void
test_demo_refuses_data (void)
{
  McStore *store = shared_demo ();
  g_autoptr(GError) error = NULL;
  McDemoOptions options = { .dossiers = 10, .year = DEMO_YEAR, .seed = 1 };

  g_assert_false (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_EXISTS);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, MC_DEMO_DEFAULT_DOSSIERS);
}

/* An officer made before the demo keeps its account when the role fits; otherwise the demo
 * refuses and leaves everything as it was. */
static void
test_demo_existing_officers (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(McStore) other = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) admin = NULL;
  McDemoOptions options = { .dossiers = 50, .year = DEMO_YEAR, .seed = 1 };
  gint64 id;

  id = mc_account_create (store, 0, "Quản Trị Viên", "", MC_ROLE_ADMIN, "quantri", "bimat123",
                          &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  admin = mc_account_authenticate (store, "quantri", "bimat123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (admin->id, ==, id);
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM officer WHERE username = 'quantri'"),
                   ==, 1);

  mc_account_create (other, 0, "Nguyễn Văn Tèo", "", MC_ROLE_DESK, "congan", "bimat123", &error);
  g_assert_no_error (error);
  g_assert_false (mc_demo_fill (other, &options, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_EXISTS);
  g_assert_cmpint (sql_count (other, "SELECT count(*) FROM officer"), ==, 1);
  g_assert_cmpint (mc_store_count_dossiers (other), ==, 0);
}

static void
test_demo_bad_options (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  McDemoOptions future = { .dossiers = 10, .year = 2999, .seed = 1 };
  McDemoOptions negative = { .dossiers = -1, .year = DEMO_YEAR, .seed = 1 };
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_demo_fill (store, &future, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_demo_fill (store, &negative, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  /* Nothing was left behind: the store can still take a demo. */
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM officer"), ==, 0);
}

static void
count_progress_cb (gint64 done, gint64 total, gpointer user_data)
{
  gint64 *last = user_data;

  g_assert_cmpint (done, >=, *last);
  g_assert_cmpint (done, <=, total);
  *last = done;
}

static char *
index_list (McStore *store)
{
  g_autoptr(GPtrArray) indexes = mc_store_testing_indexes (store, NULL);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < indexes->len; i++)
    g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (indexes, i));
  return g_string_free (list, FALSE);
}

/* A bulk load drops the indexes and leaves the WAL for its duration: both come back, and the
 * data still keeps its rules. */
static void
test_demo_bulk (void)
{
  g_autofree char *dir = mc_test_tmpdir ();
  g_autofree char *path = mc_test_new_target (dir, "bulk.db");
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *indexes_before = NULL;
  g_autofree char *indexes_after = NULL;
  McDemoOptions options = { .dossiers = 10000, .year = DEMO_YEAR, .seed = 3 };
  gint64 last = 0;

  store = mc_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  indexes_before = index_list (store);
  g_assert_true (mc_demo_fill (store, &options, count_progress_cb, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last, ==, options.dossiers);
  indexes_after = index_list (store);
  g_assert_cmpstr (indexes_after, ==, indexes_before);

  /* SQLite's journal (the server keeps its own). */
  if (!mc_test_on_server ())
    {
      g_autofree char *journal = mc_store_testing_text (store, "PRAGMA journal_mode");

      g_assert_cmpstr (journal, ==, "wal");
    }

  g_assert_true (mc_store_check (store, &problems, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
}

/* Above the large-demo threshold only the last months keep timelines. */
static void
test_demo_large (void)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  McDemoOptions options = { .dossiers = 200001, .year = DEMO_YEAR, .seed = 5 };

  if (!g_test_slow ())
    {
      g_test_skip ("a large demo takes a while; run with -m slow");
      return;
    }
  store = mc_test_store_new (TRUE);
  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, options.dossiers);
  /* Midnight UTC of those days. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE received_at < "
                                            "%" G_GINT64_FORMAT " AND status IN (9, 10) AND id "
                                            "IN (SELECT dossier_id FROM dossier_event)",
                                            (gint64) mc_test_time ("2024-06-01 07:00"));

    g_assert_cmpint (sql_count (store, sql), ==, 0);
  }
  g_assert_cmpint (sql_count (store, "SELECT count(*) FROM dossier WHERE status IN (1, 2, 4, 5, 6) "
                                     "AND id NOT IN (SELECT dossier_id FROM dossier_event)"),
                   ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE received_at >= "
                                            "%" G_GINT64_FORMAT " AND id NOT IN "
                                            "(SELECT dossier_id FROM dossier_event)",
                                            (gint64) mc_test_time ("2024-12-01 07:00"));

    g_assert_cmpint (sql_count (store, sql), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalogue/defaults", test_catalogue_defaults);
  g_test_add_func ("/catalogue/idempotent", test_catalogue_idempotent);
  g_test_add_func ("/demo/deterministic", test_demo_deterministic);
  g_test_add_func ("/demo/statuses", test_demo_statuses);
  g_test_add_func ("/demo/rules", test_demo_rules);
  g_test_add_func ("/demo/broker", test_demo_broker);
  g_test_add_func ("/demo/reads-true", test_demo_reads_true);
  g_test_add_func ("/demo/accounts", test_demo_accounts);
  g_test_add_func ("/demo/refuses-data", test_demo_refuses_data);
  g_test_add_func ("/demo/existing-officers", test_demo_existing_officers);
  g_test_add_func ("/demo/bad-options", test_demo_bad_options);
  g_test_add_func ("/demo/bulk", test_demo_bulk);
  g_test_add_func ("/demo/large", test_demo_large);
  status = g_test_run ();
  g_clear_object (&shared_store);
  return status;
}
