/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervision (issue 13, docs/domain.md §9): the brokers' list on hand-made filings (chains of
 * phone and ID matches, names with and without diacritics, a family at one address, the exact
 * threshold), who may see it, the spot-inspection sample's reproducibility and its audit record,
 * the checklist, the police refused every write, and `motcua-cli supervise`. On SQLite and, with
 * MOTCUA_TEST_PG, on PostgreSQL. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-internal.h"
#include "mc-supervision.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

#define PASSWORD "motcua2024"

typedef struct {
  char    *dir;
  char    *target;
  McStore *store;
  gint64   admin, desk, desk2, spec, vice, chairman, controller, police;
  gint64   proc, proc2;
} Fixture;

static gint64
add_officer (McStore *store, const char *name, McRole role, const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, NULL, role, username, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = NULL;
  g_autoptr(McProcedure) p2 = NULL;

  fx->dir = mc_test_tmpdir ();
  fx->target = mc_test_new_target (fx->dir, "supervision.db");
  fx->store = mc_store_create (fx->target, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (fx->store, &error));
  g_assert_no_error (error);
  fx->admin = add_officer (fx->store, "Lê Văn Minh", MC_ROLE_ADMIN, "sv_quantri");
  fx->desk = add_officer (fx->store, "Nguyễn Thị Hoa", MC_ROLE_DESK, "sv_tiepnhan1");
  fx->desk2 = add_officer (fx->store, "Trần Văn Nam", MC_ROLE_DESK, "sv_tiepnhan2");
  fx->spec = add_officer (fx->store, "Phạm Thị Lan", MC_ROLE_SPECIALIST, "sv_tuphap");
  fx->vice = add_officer (fx->store, "Bùi Văn Thắng", MC_ROLE_VICE_CHAIRMAN, "sv_pho");
  fx->chairman = add_officer (fx->store, "Ngô Quang Vinh", MC_ROLE_CHAIRMAN, "sv_chutich");
  fx->controller = add_officer (fx->store, "Lý Thị Ngọc", MC_ROLE_CONTROLLER, "sv_kiemsoat");
  fx->police = add_officer (fx->store, "Trịnh Văn Hùng", MC_ROLE_POLICE, "sv_congan");
  p = mc_store_find_procedure (fx->store, "2.000815", &error);
  g_assert_no_error (error);
  fx->proc = p->id;
  p2 = mc_store_find_procedure (fx->store, "1.001193", &error);
  g_assert_no_error (error);
  fx->proc2 = p2->id;
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  g_free (fx->target);
  g_free (fx->dir);
}

/* A dossier received by DESK at AT for APPLICANT at ADDRESS, filed by REP (phone, ID). */
static gint64
file (Fixture *fx, gint64 desk, const char *at, const char *applicant, const char *address,
      const char *rep, const char *rep_phone, const char *rep_id)
{
  g_autoptr(GError) error = NULL;
  McIntake in = { 0 };
  gint64 id;

  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.at = mc_test_time (at);
  in.applicant_name = applicant;
  in.applicant_address = address;
  in.representative_name = rep;
  in.representative_phone = rep_phone;
  in.representative_id_number = rep_id;
  in.request = "Chứng thực bản sao";
  id = mc_workflow_intake (fx->store, desk, &in, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
brokers_ok (Fixture *fx, gint64 actor, int min)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = mc_supervision_brokers (fx->store, actor, mc_test_day ("2024-03-01"),
                                            mc_test_day ("2024-03-31"), min, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static void
test_normalize (void)
{
  const struct { const char *in, *out; } phones[] = {
    { "0986868168", "0986868168" }, { "+84 986 868 168", "0986868168" },
    { "84986868168", "0986868168" }, { "0986.868.168", "0986868168" }, { "", "" },
    { "842437654321", "842437654321" },
  };
  const struct { const char *a, *b; } same[] = {
    { "Số 5, ngõ 12, thôn Đông", "so 5 ngo 12 thon dong" },
    { "SỐ 5 - NGÕ 12 - THÔN ĐÔNG", "Số 5,ngõ 12,   thôn Đông." },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *n = mc_supervision_normalize_phone (phones[i].in);
      g_assert_cmpstr (n, ==, phones[i].out);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = mc_supervision_fold_address (same[i].a);
      g_autofree char *b = mc_supervision_fold_address (same[i].b);
      g_assert_cmpstr (a, ==, b);
    }
  {
    g_autofree char *a = mc_supervision_fold_address ("Số 5, ngõ 12");
    g_autofree char *b = mc_supervision_fold_address ("Số 51, ngõ 2");
    g_assert_cmpstr (a, !=, b);
  }
}

/* The hand-made filings of March 2024:
 * - one broker under three spellings and two phones, joined by a chain (phone A ~ phone A + ID
 *   X ~ ID X + phone B ~ phone B written +84 …), for five applicants at five addresses, two of
 *   them one household written two ways, plus a sixth household: 6 filings, 5 households;
 * - a mother filing for six members of her family at one address (written three ways): 1
 *   household, never listed;
 * - another man with the broker's name and his own phone, four filings: names never join;
 * - the broker's filing of April, outside the period. */
static void
make_filings (Fixture *fx)
{
  file (fx, fx->desk2, "2024-03-04 08:00", "Nguyễn Văn A", "Số 1, thôn Đông",
        "Đinh Văn Tuấn", "0986868168", NULL);
  file (fx, fx->desk2, "2024-03-05 09:00", "Lê Thị B", "Số 2, thôn Đoài",
        "Dinh Van Tuan", "0986 868 168", "001080012345");
  file (fx, fx->desk2, "2024-03-06 10:00", "Trần Văn C", "Số 3, thôn Nam",
        "ĐINH VĂN TUẤN", "0912345678", "001080012345");
  file (fx, fx->desk2, "2024-03-07 14:00", "Phạm Thị D", "Số 4, thôn Bắc",
        "Đinh Tuấn", "+84 912 345 678", NULL);
  /* The same household as C, written another way. */
  file (fx, fx->desk, "2024-03-08 15:00", "Trần Thị E", "so 3 - thon nam",
        "Đinh Văn Tuấn", "0912345678", NULL);
  file (fx, fx->desk2, "2024-03-11 08:30", "Hoàng Văn G", "Số 7, thôn Trung",
        "Đinh Văn Tuấn", NULL, "001080012345");

  /* A family: one household however the address is written. */
  file (fx, fx->desk, "2024-03-12 08:00", "Vũ Văn H", "Số 9, ngõ 4, thôn Đông",
        "Vũ Thị Mẹ", "0977000111", NULL);
  file (fx, fx->desk, "2024-03-12 08:10", "Vũ Thị I", "số 9 ngõ 4 thôn đông",
        "Vũ Thị Mẹ", "0977000111", NULL);
  file (fx, fx->desk, "2024-03-12 08:20", "Vũ Văn K", "SỐ 9, NGÕ 4, THÔN ĐÔNG",
        "Vũ Thị Mẹ", "0977000111", NULL);
  file (fx, fx->desk, "2024-03-12 08:30", "Vũ Văn L", "Số 9, ngõ 4, thôn Đông.",
        "Vũ Thị Mẹ", "0977000111", NULL);
  file (fx, fx->desk, "2024-03-12 08:40", "Vũ Thị M", "So 9 Ngo 4 Thon Dong",
        "Vũ Thị Mẹ", "0977000111", NULL);
  file (fx, fx->desk, "2024-03-12 08:50", "Vũ Văn N", "Số 9, ngõ 4, thôn Đông",
        "Vũ Thị Mẹ", "0977000111", NULL);

  /* Another Đinh Văn Tuấn, with his own phone. */
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *applicant = g_strdup_printf ("Người thứ %d", i + 1);
      g_autofree char *address = g_strdup_printf ("Số %d, thôn Thượng", 20 + i);

      file (fx, fx->desk, "2024-03-13 09:00", applicant, address, "Đinh Văn Tuấn",
            "0900111222", NULL);
    }

  /* April: outside the period. */
  file (fx, fx->desk2, "2024-04-01 09:00", "Đỗ Văn P", "Số 8, thôn Hạ", "Đinh Văn Tuấn",
        "0986868168", NULL);
}

static void
test_brokers_grouping (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) five = NULL;
  g_autoptr(GPtrArray) six = NULL;
  g_autoptr(GPtrArray) two = NULL;
  const McBroker *b;
  const McBrokerOfficer *o;

  make_filings (fx);

  five = brokers_ok (fx, fx->police, 5);
  g_assert_cmpuint (five->len, ==, 1);
  b = g_ptr_array_index (five, 0);
  g_assert_cmpstr (b->name, ==, "Đinh Văn Tuấn");
  g_assert_cmpint (b->applicants, ==, 5);
  g_assert_cmpint (b->people, ==, 6);
  g_assert_cmpint (b->dossiers, ==, 6);
  g_assert_cmpuint (b->names->len, ==, 4);
  g_assert_cmpuint (b->phones->len, ==, 2);
  g_assert_cmpstr (b->id_number, ==, "001080012345");
  g_assert_cmpuint (b->codes->len, ==, 6);
  g_assert_cmpuint (b->dossier_ids->len, ==, 6);
  /* One officer received most of them: collusion shows. */
  g_assert_cmpuint (b->officers->len, ==, 2);
  o = g_ptr_array_index (b->officers, 0);
  g_assert_cmpstr (o->name, ==, "Trần Văn Nam");
  g_assert_cmpstr (o->username, ==, "sv_tiepnhan2");
  g_assert_cmpint (o->dossiers, ==, 5);
  g_assert_cmpuint (b->procedures->len, ==, 1);

  /* The threshold is exact: five households list him at 5, not at 6. */
  six = brokers_ok (fx, fx->police, 6);
  g_assert_cmpuint (six->len, ==, 0);

  /* At 2 the namesake shows apart (names alone never join), most applicants first; the
   * family never shows: one household. */
  two = brokers_ok (fx, fx->police, 2);
  g_assert_cmpuint (two->len, ==, 2);
  b = g_ptr_array_index (two, 0);
  g_assert_cmpint (b->applicants, ==, 5);
  b = g_ptr_array_index (two, 1);
  g_assert_cmpstr (b->phone, ==, "0900111222");
  g_assert_cmpint (b->applicants, ==, 4);
  for (guint i = 0; i < two->len; i++)
    g_assert_cmpstr (((McBroker *) g_ptr_array_index (two, i))->phone, !=, "0977000111");

  /* The setting is the default threshold. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) by_setting = NULL;

    g_assert_cmpint (mc_supervision_broker_min (fx->store), ==, 5);
    g_assert_true (mc_store_set_setting (fx->store, fx->admin, MC_SETTING_BROKER_MIN, "4",
                                         &error));
    g_assert_no_error (error);
    by_setting = brokers_ok (fx, fx->chairman, 0);
    g_assert_cmpuint (by_setting->len, ==, 2);
  }

  /* JSON as docs/cli.md fixes it. */
  {
    g_autofree char *json = mc_supervision_brokers_to_json (five);

    g_assert_nonnull (strstr (json, "\"name\": \"Đinh Văn Tuấn\""));
    g_assert_nonnull (strstr (json, "\"applicants\": 5"));
    g_assert_nonnull (strstr (json, "\"dossiers\": 6"));
    g_assert_nonnull (strstr (json, "{\"name\": \"sv_tiepnhan2\", \"dossiers\": 5}"));
    g_assert_nonnull (strstr (json, "\"codes\": ["));
  }
}

static void
test_brokers_refused (Fixture *fx, gconstpointer data)
{
  const gint64 refused[] = { 0, fx->admin, fx->desk, fx->spec, fx->vice };
  const gint64 allowed[] = { fx->police, fx->controller, fx->chairman };

  make_filings (fx);
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = mc_supervision_brokers (fx->store, refused[i],
                                                          mc_test_day ("2024-03-01"),
                                                          mc_test_day ("2024-03-31"), 5, &error);

      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_assert_null (list);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GPtrArray) list = brokers_ok (fx, allowed[i], 5);
      g_assert_cmpuint (list->len, ==, 1);
    }
  /* A period that ends before it begins is refused with a sentence. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = mc_supervision_brokers (fx->store, fx->police,
                                                        mc_test_day ("2024-03-31"),
                                                        mc_test_day ("2024-03-01"), 5, &error);

    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_null (list);
  }
}

/* The sample as a pure function: reproducible, exact in size, stratified with a share each. */
static void
test_sample_select (void)
{
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) s = NULL;
  g_autoptr(GArray) bigger = NULL;
  int per_group[4] = { 0 };

  /* 100 dossiers: 60 of officer 1, 30 of officer 2, 9 of officer 3, 1 of officer 4. */
  for (gint64 id = 1; id <= 100; id++)
    {
      gint64 g = id <= 60 ? 1 : id <= 90 ? 2 : id <= 99 ? 3 : 4;

      g_array_append_val (frame, id);
      g_array_append_val (groups, g);
    }
  a = mc_sample_select (frame, NULL, 10, 42);
  b = mc_sample_select (frame, NULL, 10, 42);
  c = mc_sample_select (frame, NULL, 10, 43);
  g_assert_cmpuint (a->len, ==, 10);
  g_assert_cmpmem (a->data, a->len * sizeof (gint64), b->data, b->len * sizeof (gint64));
  g_assert_true (memcmp (a->data, c->data, a->len * sizeof (gint64)) != 0);
  /* A dossier's place depends on its own id and the seed: more data adds, never reshuffles
   * what was drawn before among themselves. */
  {
    gint64 extra = 101;

    g_array_append_val (frame, extra);
    bigger = mc_sample_select (frame, NULL, 100, 42);
    g_array_set_size (frame, 100);
    {
      guint k = 0;

      for (guint i = 0; i < bigger->len && k < a->len; i++)
        if (g_array_index (bigger, gint64, i) == g_array_index (a, gint64, k))
          k++;
      g_assert_cmpuint (k, ==, a->len);
    }
  }

  /* Stratified: 10 of 100 is 6, 3, 1 (0.9 rounds up by the largest remainder) and at least
   * one of officer 4's single dossier: 11 in all. */
  s = mc_sample_select (frame, groups, 10, 42);
  for (guint i = 0; i < s->len; i++)
    {
      gint64 id = g_array_index (s, gint64, i);
      per_group[id <= 60 ? 0 : id <= 90 ? 1 : id <= 99 ? 2 : 3]++;
    }
  g_assert_cmpint (per_group[0], ==, 6);
  g_assert_cmpint (per_group[1], ==, 3);
  g_assert_cmpint (per_group[2], ==, 1);
  g_assert_cmpint (per_group[3], ==, 1);
  g_assert_cmpuint (s->len, ==, 11);
}

typedef struct {
  int   count;
  char *details;
} AuditSeen;

static void
audit_cb (gint64 id, gint64 entity_id, const char *details, gpointer data)
{
  AuditSeen *seen = data;

  seen->count++;
  g_free (seen->details);
  seen->details = g_strdup (details);
}

static McInspection *
draw_ok (Fixture *fx, int size, McSampleStratum by, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  McInspection *i = mc_inspection_draw (fx->store, fx->controller, mc_test_day ("2024-03-01"),
                                        mc_test_day ("2024-03-31"), size, by, TRUE, seed,
                                        &error);

  g_assert_no_error (error);
  g_assert_nonnull (i);
  return i;
}

static void
test_sample_draw (Fixture *fx, gconstpointer data)
{
  g_autoptr(McInspection) first = NULL;
  g_autoptr(McInspection) again = NULL;
  g_autoptr(McInspection) by_officer = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  AuditSeen seen = { 0 };
  gint64 n = 0;

  make_filings (fx);
  first = draw_ok (fx, 5, MC_SAMPLE_WHOLE, 20240301);
  g_assert_cmpuint (first->items->len, ==, 5);
  g_assert_cmpint (first->population, ==, 16);    /* March's dossiers, not April's */
  g_assert_cmpuint (first->seed, ==, 20240301);
  g_assert_cmpint (first->draws_of_period, ==, 1);

  /* Recorded before it is shown: the audit record names the seed and every code drawn. */
  g_assert_true (mc_audit_foreach_action (fx->store, "inspection.draw", audit_cb, &seen,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen.count, ==, 1);
  g_assert_nonnull (strstr (seen.details, "seed 20240301"));
  g_assert_nonnull (strstr (seen.details, "period 2024-03-01..2024-03-31"));
  for (guint i = 0; i < first->items->len; i++)
    g_assert_nonnull (strstr (seen.details,
                              ((McInspectionItem *) g_ptr_array_index (first->items, i))->code));

  /* The same seed, period and data: the same dossiers in the same order; the second draw is
   * recorded too, and both know the period was drawn twice. */
  again = draw_ok (fx, 5, MC_SAMPLE_WHOLE, 20240301);
  g_assert_cmpint (again->id, !=, first->id);
  g_assert_cmpint (again->draws_of_period, ==, 2);
  for (guint i = 0; i < first->items->len; i++)
    g_assert_cmpstr (((McInspectionItem *) g_ptr_array_index (first->items, i))->code, ==,
                     ((McInspectionItem *) g_ptr_array_index (again->items, i))->code);
  seen.count = 0;
  g_assert_true (mc_audit_foreach_action (fx->store, "inspection.draw", audit_cb, &seen,
                                          &error));
  g_assert_cmpint (seen.count, ==, 2);
  g_free (seen.details);

  /* Per officer: both desk officers (who received them, none is assigned yet) have some. */
  by_officer = draw_ok (fx, 2, MC_SAMPLE_BY_OFFICER, 7);
  {
    gboolean desk = FALSE, desk2 = FALSE;

    for (guint i = 0; i < by_officer->items->len; i++)
      {
        const McInspectionItem *item = g_ptr_array_index (by_officer->items, i);

        desk |= item->officer_id == fx->desk;
        desk2 |= item->officer_id == fx->desk2;
      }
    g_assert_true (desk && desk2);
  }

  list = mc_inspection_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((McInspection *) g_ptr_array_index (list, 0))->id, ==, by_officer->id);
  g_assert_cmpint (((McInspection *) g_ptr_array_index (list, 0))->draws_of_period, ==, 3);

  g_assert_true (mc_audit_verify (fx->store, &n, &error));
  g_assert_no_error (error);

  /* Nothing to draw from, a bad size: refused with a sentence, nothing recorded. */
  {
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(McInspection) none = mc_inspection_draw (fx->store, fx->controller,
                                                       mc_test_day ("2023-01-01"),
                                                       mc_test_day ("2023-01-31"), 5,
                                                       MC_SAMPLE_WHOLE, FALSE, 0, &e1);
    g_autoptr(McInspection) bad = mc_inspection_draw (fx->store, fx->controller,
                                                      mc_test_day ("2024-03-01"),
                                                      mc_test_day ("2024-03-31"), 0,
                                                      MC_SAMPLE_WHOLE, FALSE, 0, &e2);

    g_assert_error (e1, MC_ERROR, MC_ERROR_INVALID);
    g_assert_null (none);
    g_assert_error (e2, MC_ERROR, MC_ERROR_INVALID);
    g_assert_null (bad);
    g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM inspection"), ==, 3);
  }
}

static void
test_inspection_record (Fixture *fx, gconstpointer data)
{
  g_autoptr(McInspection) drawn = NULL;
  g_autoptr(McInspection) read = NULL;
  g_autoptr(GError) error = NULL;
  const McInspectionItem *item;
  guint all = MC_CHECK_ALL;

  make_filings (fx);
  drawn = draw_ok (fx, 3, MC_SAMPLE_WHOLE, 1);

  /* Failings need findings; an item found wrong cannot be "in order". */
  g_assert_false (mc_inspection_record (fx->store, fx->controller, drawn->id, 1, all,
                                        all & ~MC_CHECK_FEE, MC_VERDICT_FAILINGS, "  ",
                                        &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_inspection_record (fx->store, fx->controller, drawn->id, 1, all,
                                        all & ~MC_CHECK_FEE, MC_VERDICT_IN_ORDER, NULL,
                                        &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_inspection_record (fx->store, fx->controller, drawn->id, 9, all, all,
                                        MC_VERDICT_IN_ORDER, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (mc_inspection_record (fx->store, fx->controller, drawn->id, 1, all,
                                       all & ~MC_CHECK_FEE, MC_VERDICT_FAILINGS,
                                       "Thu lệ phí 5.000 đ, đúng là 2.000 đ", &error));
  g_assert_no_error (error);
  g_assert_true (mc_inspection_record (fx->store, fx->controller, drawn->id, 2, all, all,
                                       MC_VERDICT_IN_ORDER, "", &error));
  g_assert_no_error (error);

  read = mc_inspection_get (fx->store, drawn->id, &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (read->items, 0);
  g_assert_cmpint (item->verdict, ==, MC_VERDICT_FAILINGS);
  g_assert_cmpuint (item->checked, ==, all);
  g_assert_cmpuint (item->passed, ==, all & ~MC_CHECK_FEE);
  g_assert_cmpstr (item->findings, ==, "Thu lệ phí 5.000 đ, đúng là 2.000 đ");
  g_assert_cmpint (item->checked_at, !=, MC_TIME_NONE);
  item = g_ptr_array_index (read->items, 2);
  g_assert_cmpint (item->verdict, ==, MC_VERDICT_NONE);
  g_assert_cmpint (item->checked_at, ==, MC_TIME_NONE);
  g_assert_cmpint (mc_test_query_int (fx->store,
                                      "SELECT count(*) FROM audit WHERE action = "
                                      "'inspection.check'"), ==, 2);
}

/* The police read and never write: every change is refused in core, nothing written. */
static void
test_police_refused_writes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McInspection) drawn = NULL;
  gint64 audit_before, dossier;
  McIntake in = { 0 };
  McActionArgs args = { 0 };

  make_filings (fx);
  drawn = draw_ok (fx, 2, MC_SAMPLE_WHOLE, 3);
  dossier = ((McInspectionItem *) g_ptr_array_index (drawn->items, 0))->dossier_id;
  audit_before = mc_test_query_int (fx->store, "SELECT count(*) FROM audit");

  g_assert_null (mc_inspection_draw (fx->store, fx->police, mc_test_day ("2024-03-01"),
                                     mc_test_day ("2024-03-31"), 2, MC_SAMPLE_WHOLE, TRUE, 3,
                                     &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_inspection_record (fx->store, fx->police, drawn->id, 1, MC_CHECK_ALL,
                                        MC_CHECK_ALL, MC_VERDICT_IN_ORDER, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Nguyễn Văn Q";
  g_assert_cmpint (mc_workflow_intake (fx->store, fx->police, &in, &error), ==, 0);
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  args.officer_id = fx->spec;
  for (McAction a = MC_ACTION_ACCEPT; a <= MC_ACTION_APOLOGIZE; a++)
    {
      args.note = "lý do";
      args.result = "kết quả";
      g_assert_false (mc_workflow_apply (fx->store, fx->police, dossier, a, &args, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_false (mc_store_set_setting (fx->store, fx->police, MC_SETTING_BROKER_MIN, "2",
                                        &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==,
                   audit_before);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM inspection"), ==, 1);
}

/* ---- motcua-cli supervise ---- */

static int
cli (Fixture *fx, const char *as, char **out, char **err, ...)
{
  const char *program = g_getenv ("MOTCUA_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, fx->target);
  if (as != NULL)
    {
      g_ptr_array_add (argv, "--as");
      g_ptr_array_add (argv, (char *) as);
    }
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "MOTCUA_PASSWORD", PASSWORD, TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDIN_FROM_DEV_NULL,
                               NULL, NULL, &out_text, &err_text, &status, &error));
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_printerr ("motcua-cli:\n%s%s", out_text, err_text);
  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture *fx, gconstpointer data)
{
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *stratified = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(McInspection) core = NULL;

  make_filings (fx);

  g_assert_cmpint (cli (fx, "sv_congan", &json, NULL, "supervise", "brokers", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (json, "["));
  g_assert_nonnull (strstr (json, "\"applicants\": 5"));
  g_assert_nonnull (strstr (json, "\"id_number\": \"001080012345\""));
  g_assert_null (strstr (json, "0977000111"));
  g_assert_cmpint (cli (fx, "sv_chutich", &text, NULL, "supervise", "brokers", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--min", "2", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "Đinh Văn Tuấn"));
  g_assert_nonnull (strstr (text, "0900111222"));

  /* Others are refused, with a sentence; so is a bad date. */
  g_assert_cmpint (cli (fx, "sv_tiepnhan1", NULL, &refused, "supervise", "brokers", "--from",
                        "2024-03-01", "--to", "2024-03-31", NULL), ==, 1);
  g_assert_nonnull (strstr (refused, "commune police"));
  g_clear_pointer (&refused, g_free);
  g_assert_cmpint (cli (fx, "sv_congan", NULL, &refused, "supervise", "brokers", "--from",
                        "2024-02-30", "--to", "2024-03-31", NULL), ==, 1);
  g_assert_nonnull (strstr (refused, "2024-02-30"));
  g_clear_pointer (&refused, g_free);
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, "supervise", "nothing", NULL), ==, 2);

  /* The same seed gives the same codes in the same order, and the page's draw (core) too. */
  g_assert_cmpint (cli (fx, "sv_kiemsoat", &first, &err, "supervise", "sample", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--size", "4", "--seed", "99",
                        NULL), ==, 0);
  g_assert_nonnull (strstr (err, "99"));
  g_assert_cmpint (cli (fx, "sv_kiemsoat", &second, NULL, "supervise", "sample", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--size", "4", "--seed", "99",
                        NULL), ==, 0);
  g_assert_cmpstr (first, ==, second);
  {
    g_auto(GStrv) lines = g_strsplit (g_strstrip (first), "\n", -1);
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_clear_object (&fx->store);
    fx->store = mc_store_open (fx->target, &error);
    g_assert_no_error (error);
    core = draw_ok (fx, 4, MC_SAMPLE_WHOLE, 99);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpstr (((McInspectionItem *) g_ptr_array_index (core->items, i))->code, ==,
                       lines[i]);
  }
  g_assert_cmpint (cli (fx, "sv_kiemsoat", &stratified, NULL, "supervise", "sample", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--size", "2", "--seed", "5",
                        "--by", "officer", NULL), ==, 0);
  g_assert_cmpint (cli (fx, "sv_congan", NULL, &refused, "supervise", "sample", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--size", "4", NULL), ==, 1);
  g_assert_nonnull (strstr (refused, "controller"));
  g_assert_cmpint (cli (fx, "sv_kiemsoat", NULL, NULL, "supervise", "sample", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--size", "4", "--seed", "x",
                        NULL), ==, 2);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM inspection"), ==, 4);

  /* The controller's assessment of a period's report (issue 17 §2.5), kept with the period;
   * an option left out keeps its text; nobody else writes it. */
  g_assert_cmpint (cli (fx, "sv_kiemsoat", NULL, NULL, "supervise", "assess", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--shortcomings",
                        "Một hồ sơ do người môi giới nộp.", "--causes", "Chưa kiểm tra người nộp.",
                        NULL), ==, 0);
  g_assert_cmpint (cli (fx, "sv_kiemsoat", NULL, NULL, "supervise", "assess", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--next-steps",
                        "Đối chiếu số điện thoại người nộp.", NULL), ==, 0);
  g_clear_pointer (&refused, g_free);
  g_assert_cmpint (cli (fx, "sv_tiepnhan1", NULL, &refused, "supervise", "assess", "--from",
                        "2024-03-01", "--to", "2024-03-31", "--causes", "x", NULL), ==, 1);
  g_assert_nonnull (strstr (refused, "controller"));
  g_assert_cmpint (cli (fx, "sv_kiemsoat", NULL, NULL, "supervise", "assess", NULL), ==, 2);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McReportNote) note = NULL;

    g_clear_object (&fx->store);
    fx->store = mc_store_open (fx->target, &error);
    g_assert_no_error (error);
    note = mc_report_note_get (fx->store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                               &error);
    g_assert_no_error (error);
    g_assert_nonnull (note);
    g_assert_cmpstr (note->shortcomings, ==, "Một hồ sơ do người môi giới nộp.");
    g_assert_cmpstr (note->causes, ==, "Chưa kiểm tra người nộp.");
    g_assert_cmpstr (note->next_steps, ==, "Đối chiếu số điện thoại người nộp.");
    g_assert_null (mc_report_note_get (fx->store, mc_test_day ("2024-03-01"),
                                       mc_test_day ("2024-03-30"), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (cli (fx, NULL, NULL, NULL, "audit", "verify", NULL), ==, 0);
}

static gboolean
has_id (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* The right procedure for a first-time land-use certificate: submission refused until every
 * mandatory step is recorded, in order; the public posting's 15 days counted in calendar
 * days. */
static void
test_mandatory_steps (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) land = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  McIntake in = { 0 };
  McActionArgs args = { 0 };
  gint64 id;
  int verify = -1, origin = -1, posting = -1, tax = -1;

  land = mc_store_find_procedure (fx->store, "1.004227", &error);
  g_assert_no_error (error);
  g_assert_nonnull (land);
  for (guint i = 0; i < land->steps->len; i++)
    {
      const McStepTemplate *t = g_ptr_array_index (land->steps, i);

      if (!t->mandatory)
        continue;
      if (verify < 0)
        verify = i;
      else if (origin < 0)
        origin = i;
      else if (posting < 0)
        posting = i;
      else
        tax = i;
    }
  g_assert_cmpint (tax, >, 0);
  g_assert_cmpint (((McStepTemplate *) g_ptr_array_index (land->steps, posting))->min_days, ==, 15);

  in.procedure_id = land->id;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Nguyễn Văn Đất";
  in.request = "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu";
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  args.officer_id = fx->spec;
  g_assert_true (mc_workflow_apply (fx->store, fx->desk, id, MC_ACTION_ASSIGN, &args, &error));
  g_assert_no_error (error);

  /* Nothing recorded: submission refused, naming the first step. */
  memset (&args, 0, sizeof args);
  args.result = "Cấp Giấy chứng nhận";
  g_assert_false (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                     &args, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "xác minh thực địa"));
  g_clear_error (&error);

  /* In order; by the handler or a leader, never the police. */
  g_assert_false (mc_workflow_record_step (fx->store, fx->spec, id, posting, TRUE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_workflow_record_step (fx->store, fx->police, id, verify, FALSE, NULL,
                                           &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_workflow_record_step (fx->store, fx->desk2, id, verify, FALSE, NULL,
                                           &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (mc_workflow_record_step (fx->store, fx->spec, id, verify, FALSE,
                                          "Biên bản xác minh số 12", &error));
  g_assert_no_error (error);
  /* Recorded already (by another workstation, say): nothing to do twice. */
  g_assert_false (mc_workflow_record_step (fx->store, fx->spec, id, verify, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (mc_workflow_record_step (fx->store, fx->spec, id, origin, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* The posting: ended only when it began, and 15 calendar days after. */
  g_assert_false (mc_workflow_record_step (fx->store, fx->spec, id, posting, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mc_workflow_record_step (fx->store, fx->spec, id, posting, TRUE,
                                          "Trụ sở UBND xã và nhà văn hóa thôn Đông", &error));
  g_assert_no_error (error);
  g_assert_false (mc_workflow_record_step (fx->store, fx->spec, id, posting, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  /* 14 calendar days ago (ten working days or so): still refused. */
  mc_test_exec (fx->store, "UPDATE dossier_step SET started_at = started_at - 14 * 86400 "
                           "WHERE dossier_id = %lld AND position = %d", (long long) id, posting);
  g_assert_false (mc_workflow_record_step (fx->store, fx->spec, id, posting, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  mc_test_exec (fx->store, "UPDATE dossier_step SET started_at = started_at - 86400 "
                           "WHERE dossier_id = %lld AND position = %d", (long long) id, posting);
  g_assert_true (mc_workflow_record_step (fx->store, fx->spec, id, posting, FALSE,
                                          "Không có khiếu nại", &error));
  g_assert_no_error (error);

  /* The tax notice last; then it goes for signature. */
  g_assert_false (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                     &args, &error));
  g_assert_nonnull (strstr (error->message, "nghĩa vụ tài chính"));
  g_clear_error (&error);
  g_assert_true (mc_workflow_record_step (fx->store, fx->spec, id, tax, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                    &args, &error));
  g_assert_no_error (error);

  steps = mc_workflow_mandatory_steps (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 4);
  for (guint i = 0; i < steps->len; i++)
    {
      const McStepCheck *c = g_ptr_array_index (steps, i);

      g_assert_cmpint (c->done_at, !=, MC_TIME_NONE);
      g_assert_cmpstr (c->done_by, ==, "Phạm Thị Lan");
    }
  g_assert_cmpstr (((McStepCheck *) g_ptr_array_index (steps, 2))->note, ==,
                   "Không có khiếu nại");
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                                 "'dossier.step'"), ==, 5);

  /* A procedure without mandatory steps goes for signature as before. */
  {
    gint64 copy = file (fx, fx->desk, "2024-03-05 08:00", "Trần Văn C", "Số 3", NULL, NULL, NULL);
    McActionArgs assign = { .officer_id = fx->spec };
    g_autoptr(GPtrArray) none = NULL;

    g_assert_true (mc_workflow_apply (fx->store, fx->desk, copy, MC_ACTION_ASSIGN, &assign,
                                      &error));
    g_assert_no_error (error);
    none = mc_workflow_mandatory_steps (fx->store, copy, &error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_true (mc_workflow_apply (fx->store, fx->spec, copy, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                                      &args, &error));
    g_assert_no_error (error);
  }
}

/* The Today page's lists, at a moment of the test's choosing. */
static void
test_today (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McToday) today = NULL;
  McTime now = mc_test_time ("2024-03-05 10:00");
  gint64 late, evening, due, twice;
  const gint64 refused[] = { 0, fx->admin, fx->desk, fx->spec, fx->police };

  /* Same-day procedures: received yesterday morning (overdue since 17:00), yesterday at
   * 19:00 (outside office hours), this morning (due today). */
  late = file (fx, fx->desk, "2024-03-04 09:00", "Nguyễn Văn A", "Số 1", NULL, NULL, NULL);
  evening = file (fx, fx->desk, "2024-03-04 19:00", "Lê Thị B", "Số 2", NULL, NULL, NULL);
  due = file (fx, fx->desk, "2024-03-05 08:00", "Trần Văn C", "Số 3", NULL, NULL, NULL);
  twice = file (fx, fx->desk, "2024-03-05 08:30", "Phạm Thị D", "Số 4", NULL, NULL, NULL);
  mc_test_exec (fx->store, "UPDATE dossier SET supplement_count = 2 WHERE id = %lld",
                (long long) twice);

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(McToday) none = mc_supervision_today (fx->store, refused[i], now, &e);

      g_assert_error (e, MC_ERROR, MC_ERROR_PERMISSION);
      g_assert_null (none);
    }
  today = mc_supervision_today (fx->store, fx->vice, now, &error);
  g_assert_no_error (error);
  g_assert_true (has_id (today->ids[MC_TODAY_OVERDUE], late));
  g_assert_false (has_id (today->ids[MC_TODAY_OVERDUE], due));
  g_assert_true (has_id (today->ids[MC_TODAY_DUE_TODAY], due));
  g_assert_false (has_id (today->ids[MC_TODAY_DUE_TODAY], late));
  g_assert_true (has_id (today->ids[MC_TODAY_OUTSIDE_DESK], evening));
  g_assert_false (has_id (today->ids[MC_TODAY_OUTSIDE_DESK], late));
  g_assert_true (has_id (today->ids[MC_TODAY_SECOND_SUPPLEMENT], twice));
  g_assert_cmpuint (today->ids[MC_TODAY_SECOND_SUPPLEMENT]->len, ==, 1);
  g_assert_cmpuint (today->ids[MC_TODAY_TO_SIGN]->len, ==, 0);
  g_clear_pointer (&today, mc_today_free);

  today = mc_supervision_today (fx->store, fx->controller, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (today);
  g_clear_pointer (&today, mc_today_free);
  today = mc_supervision_today (fx->store, fx->chairman, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (today);
}

/* motcua-cli dossier step: the list and the recording, with the same rules. */
static void
test_cli_steps (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) land = mc_store_find_procedure (fx->store, "1.004227", &error);
  g_autoptr(McDossier) d = NULL;
  g_autofree char *list = NULL;
  g_autofree char *after = NULL;
  g_autofree char *refused = NULL;
  McIntake in = { 0 };
  McActionArgs args = { 0 };
  gint64 id;

  in.procedure_id = land->id;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Nguyễn Văn Đất";
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  args.officer_id = fx->spec;
  g_assert_true (mc_workflow_apply (fx->store, fx->desk, id, MC_ACTION_ASSIGN, &args, &error));
  d = mc_store_get_dossier (fx->store, id, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cli (fx, NULL, &list, NULL, "dossier", "step", d->code, NULL), ==, 0);
  g_assert_nonnull (strstr (list, "2\tnot recorded\tKiểm tra hồ sơ, xác minh thực địa"));
  g_assert_cmpint (cli (fx, "sv_tuphap", NULL, &refused, "dossier", "step", d->code, "4",
                        "--begin", NULL), ==, 1);
  g_assert_nonnull (strstr (refused, "in order"));
  g_clear_pointer (&refused, g_free);
  g_assert_cmpint (cli (fx, "sv_congan", NULL, &refused, "dossier", "step", d->code, "2",
                        NULL), ==, 1);
  g_assert_cmpint (cli (fx, "sv_tuphap", NULL, NULL, "dossier", "step", d->code, "2", "--note",
                        "Biên bản xác minh số 12", NULL), ==, 0);
  g_assert_cmpint (cli (fx, NULL, &after, NULL, "dossier", "step", d->code, NULL), ==, 0);
  g_assert_nonnull (strstr (after, "2\tdone\t"));
  g_assert_cmpint (cli (fx, "sv_tuphap", NULL, NULL, "dossier", "step", d->code, "x", NULL),
                   ==, 2);
}

/* A second supplement request says why it was not asked for the first time (DOMAIN.md §9). */
static void
test_second_supplement (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) before = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  McActionArgs args = { 0 };
  gint64 id = file (fx, fx->desk, "2024-03-04 08:30", "Hoàng Văn Tư", "Thôn Đông", NULL, NULL,
                    NULL);
  gint64 audit_before;
  const McEvent *last;

  args.officer_id = fx->spec;
  g_assert_true (mc_workflow_apply (fx->store, fx->desk, id, MC_ACTION_ASSIGN, &args, &error));
  g_assert_no_error (error);
  memset (&args, 0, sizeof args);
  args.note = "Thiếu bản sao giấy khai sinh";
  before = mc_store_get_dossier (fx->store, id, &error);
  g_assert_false (mc_workflow_needs_first_time_reason (before, MC_ACTION_REQUEST_SUPPLEMENT));
  g_clear_pointer (&before, mc_dossier_free);
  g_assert_true (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_REQUEST_SUPPLEMENT, &args,
                                    &error));
  g_assert_no_error (error);
  memset (&args, 0, sizeof args);
  g_assert_true (mc_workflow_apply (fx->store, fx->desk, id, MC_ACTION_SUPPLEMENT_RECEIVED, &args,
                                    &error));
  g_assert_no_error (error);

  /* The second: refused without the reason, nothing written. */
  before = mc_store_get_dossier (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_workflow_needs_first_time_reason (before, MC_ACTION_REQUEST_SUPPLEMENT));
  g_assert_false (mc_workflow_needs_first_time_reason (before, MC_ACTION_SUPPLEMENT_RECEIVED));
  audit_before = mc_test_query_int (fx->store, "SELECT count(*) FROM audit");
  memset (&args, 0, sizeof args);
  args.note = "Thiếu giấy xác nhận tình trạng hôn nhân";
  args.first_time_reason = "   ";
  g_assert_false (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_REQUEST_SUPPLEMENT,
                                     &args, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, before->code));
  g_clear_error (&error);
  after = mc_store_get_dossier (fx->store, id, &error);
  g_assert_cmpint (after->version, ==, before->version);
  g_assert_cmpint (after->supplement_count, ==, 1);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==, audit_before);
  g_clear_pointer (&after, mc_dossier_free);

  /* With it: kept beside the note, and the dossier is late from now on. */
  args.first_time_reason = "Người nộp mới khai đã ly hôn khi thẩm định";
  g_assert_true (mc_workflow_apply (fx->store, fx->spec, id, MC_ACTION_REQUEST_SUPPLEMENT, &args,
                                    &error));
  g_assert_no_error (error);
  after = mc_store_get_dossier (fx->store, id, &error);
  g_assert_cmpint (after->supplement_count, ==, 2);
  events = mc_store_list_events (fx->store, id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (last->action, ==, MC_ACTION_REQUEST_SUPPLEMENT);
  g_assert_nonnull (strstr (last->note, "Thiếu giấy xác nhận tình trạng hôn nhân"));
  g_assert_nonnull (strstr (last->note, "Người nộp mới khai đã ly hôn khi thẩm định"));
  g_assert_cmpint (mc_kpi_classify (mc_test_time ("2024-03-04 09:00"), after->due_at,
                                    after->supplement_count), ==, MC_OUTCOME_LATE);
}

static McToday *
today_of (const gint64 *sign, guint n_sign, const gint64 *online, guint n_online)
{
  McToday *t = g_new0 (McToday, 1);

  for (int l = 0; l < MC_TODAY_N_LISTS; l++)
    t->ids[l] = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (t->ids[MC_TODAY_TO_SIGN], sign, n_sign);
  g_array_append_vals (t->ids[MC_TODAY_ONLINE], online, n_online);
  /* Other lists never notify. */
  g_array_append_vals (t->ids[MC_TODAY_OVERDUE], online, n_online);
  return t;
}

static void
test_today_arrivals (void)
{
  static const gint64 a[] = { 1, 2 }, b[] = { 2, 3, 4 }, o1[] = { 7 }, o2[] = { 7, 8, 3 };
  g_autoptr(McToday) before = today_of (a, 2, o1, 1);
  g_autoptr(McToday) now = today_of (b, 3, o2, 3);
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ids = mc_today_arrivals (before, now, MC_ROLE_VICE_CHAIRMAN, lists);
  g_autoptr(GArray) none = mc_today_arrivals (NULL, now, MC_ROLE_CHAIRMAN, NULL);
  g_autoptr(GArray) controller = mc_today_arrivals (before, now, MC_ROLE_CONTROLLER, NULL);
  g_autoptr(GArray) desk = mc_today_arrivals (before, now, MC_ROLE_DESK, NULL);
  g_autoptr(GArray) same = mc_today_arrivals (now, now, MC_ROLE_CHAIRMAN, NULL);

  /* New in the signing queue: 3, 4; online: 8 (3 once only). */
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 4);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 8);
  g_assert_cmpint (g_array_index (lists, int, 0), ==, MC_TODAY_TO_SIGN);
  g_assert_cmpint (g_array_index (lists, int, 2), ==, MC_TODAY_ONLINE);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (same->len, ==, 0);
  /* The controller hears of the online dossiers only; a desk officer of nothing. */
  g_assert_cmpuint (controller->len, ==, 2);
  g_assert_cmpint (g_array_index (controller, gint64, 0), ==, 8);
  g_assert_cmpuint (desk->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/supervision/normalize", test_normalize);
  g_test_add_func ("/supervision/sample-select", test_sample_select);
  g_test_add_func ("/supervision/today-arrivals", test_today_arrivals);
  g_test_add ("/supervision/brokers", Fixture, NULL, fixture_set_up, test_brokers_grouping,
              fixture_tear_down);
  g_test_add ("/supervision/brokers-refused", Fixture, NULL, fixture_set_up,
              test_brokers_refused, fixture_tear_down);
  g_test_add ("/supervision/sample-draw", Fixture, NULL, fixture_set_up, test_sample_draw,
              fixture_tear_down);
  g_test_add ("/supervision/inspection-record", Fixture, NULL, fixture_set_up,
              test_inspection_record, fixture_tear_down);
  g_test_add ("/supervision/police-refused-writes", Fixture, NULL, fixture_set_up,
              test_police_refused_writes, fixture_tear_down);
  g_test_add ("/supervision/mandatory-steps", Fixture, NULL, fixture_set_up,
              test_mandatory_steps, fixture_tear_down);
  g_test_add ("/supervision/second-supplement", Fixture, NULL, fixture_set_up,
              test_second_supplement, fixture_tear_down);
  g_test_add ("/supervision/today", Fixture, NULL, fixture_set_up, test_today,
              fixture_tear_down);
  g_test_add ("/supervision/cli-steps", Fixture, NULL, fixture_set_up, test_cli_steps,
              fixture_tear_down);
  g_test_add ("/supervision/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
