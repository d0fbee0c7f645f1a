/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-import.h"
#include "mc-kpi.h"
#include "mc-store-testing.h"
#include "mc-text.h"
#include "mc-test-util.h"

static char *tmpdir;
static gint64 dossier_indexes;    /* how many the schema gives the dossier table */

/* ---- Helpers ---- */

static char *
write_file (const char *name, const char *content)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
count (McStore *store, const char *sql)
{
  return mc_store_testing_int (store, sql);
}

/* The indexes of the dossier table, from the engine's catalogue. */
static gint64
count_dossier_indexes (McStore *store)
{
  g_autoptr(GPtrArray) indexes = mc_store_testing_indexes (store, "dossier");

  return indexes->len;
}

#define COUNT_AUDIT "SELECT count(*) FROM audit"
/* The triggers of the dossier table, from either engine's catalogue. */
#define COUNT_DOSSIER_TRIGGERS                                                              \
  (mc_test_on_server ()                                                                    \
     ? "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'dossier'::regclass "              \
       "AND NOT tgisinternal"                                                              \
     : "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'dossier'")

static gboolean
import_path (McStore *store, const char *path, gint64 *imported, gint64 *updated,
             GError **error)
{
  return mc_import_csv (store, 0, path, imported, updated, NULL, NULL, NULL, error);
}

static void
import_ok (McStore *store, const char *path, gint64 expect_imported, gint64 expect_updated)
{
  g_autoptr(GError) error = NULL;
  gint64 imported = -1, updated = -1;

  import_path (store, path, &imported, &updated, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported, ==, expect_imported);
  g_assert_cmpint (updated, ==, expect_updated);
}

static char *
fixture_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "dossiers.csv", NULL);
}

/* Imports CONTENT, expects a refusal whose message has each of the NULL-terminated fragments,
 * and checks that nothing changed. */
static void
assert_refused (McStore *store, const char *content, ...)
{
  g_autofree char *path = write_file ("bad.csv", content);
  g_autoptr(GError) error = NULL;
  gint64 dossiers = mc_store_count_dossiers (store);
  gint64 audits = count (store, COUNT_AUDIT);
  gint64 procedures = count (store, "SELECT count(*) FROM procedure");
  gint64 officers = count (store, "SELECT count(*) FROM officer");
  gint64 imported = -1, updated = -1;
  va_list args;

  g_assert_false (import_path (store, path, &imported, &updated, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  va_start (args, content);
  for (const char *fragment = va_arg (args, const char *); fragment != NULL;
       fragment = va_arg (args, const char *))
    if (strstr (error->message, fragment) == NULL)
      g_error ("“%s” is not in the message: %s", fragment, error->message);
  va_end (args);
  g_assert_true (g_str_has_prefix (error->message, "The file “bad.csv”"));

  g_assert_cmpint (mc_store_count_dossiers (store), ==, dossiers);
  g_assert_cmpint (count (store, COUNT_AUDIT), ==, audits);
  g_assert_cmpint (count (store, "SELECT count(*) FROM procedure"), ==, procedures);
  g_assert_cmpint (count (store, "SELECT count(*) FROM officer"), ==, officers);
  g_assert_cmpint (count_dossier_indexes (store), ==, dossier_indexes);
  g_assert_cmpint (imported, ==, -1);
  g_assert_cmpint (updated, ==, -1);
}

static GPtrArray *
all_dossiers (McStore *store)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);
  g_autoptr(GPtrArray) rows = mc_store_testing_rows (store, "SELECT id FROM dossier ORDER BY code");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = g_ascii_strtoll (g_ptr_array_index (rows, i), NULL, 10);
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      McDossier *d = mc_store_get_dossier (store, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (list, d);
    }
  return list;
}

/* Every field the CSV carries or the import derives. SAME_STORE: ids must match too. */
static void
assert_dossiers_equal (const McDossier *a, const McDossier *b, gboolean same_store)
{
  g_assert_cmpstr (a->code, ==, b->code);
  if (same_store)
    {
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->procedure_id, ==, b->procedure_id);
      g_assert_cmpint (a->receiver_id, ==, b->receiver_id);
      g_assert_cmpint (a->handler_id, ==, b->handler_id);
    }
  g_assert_cmpstr (a->procedure_code, ==, b->procedure_code);
  g_assert_cmpstr (a->procedure_name, ==, b->procedure_name);
  g_assert_cmpstr (a->receiver_name, ==, b->receiver_name);
  g_assert_cmpstr (a->handler_name, ==, b->handler_name);
  g_assert_cmpint (a->channel, ==, b->channel);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->step, ==, b->step);
  g_assert_cmpint (a->submitted_at, ==, b->submitted_at);
  g_assert_cmpint (a->received_at, ==, b->received_at);
  g_assert_cmpint (a->due_at, ==, b->due_at);
  g_assert_cmpint (a->ended_at, ==, b->ended_at);
  g_assert_cmpint (a->returned_at, ==, b->returned_at);
  g_assert_cmpint (a->supplement_count, ==, b->supplement_count);
  g_assert_cmpint (a->digitized_input, ==, b->digitized_input);
  g_assert_cmpint (a->digitized_result, ==, b->digitized_result);
  g_assert_cmpint (a->fee, ==, b->fee);
  g_assert_cmpint (a->paid_online, ==, b->paid_online);
  g_assert_cmpstr (a->applicant_name, ==, b->applicant_name);
  g_assert_cmpstr (a->applicant_id_number, ==, b->applicant_id_number);
  g_assert_cmpstr (a->applicant_phone, ==, b->applicant_phone);
  g_assert_cmpstr (a->applicant_address, ==, b->applicant_address);
  g_assert_cmpstr (a->representative_name, ==, b->representative_name);
  g_assert_cmpstr (a->representative_phone, ==, b->representative_phone);
  g_assert_cmpint (a->outcome, ==, b->outcome);
  g_assert_cmpint (a->late_intake, ==, b->late_intake);
}

static void
assert_same_dossiers (McStore *a, McStore *b, gboolean same_store)
{
  g_autoptr(GPtrArray) la = all_dossiers (a);
  g_autoptr(GPtrArray) lb = all_dossiers (b);

  g_assert_cmpuint (la->len, ==, lb->len);
  for (guint i = 0; i < la->len; i++)
    assert_dossiers_equal (la->pdata[i], lb->pdata[i], same_store);
}

static McDossier *
find (McStore *store, const char *code)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_store_find_dossier (store, code, &error);

  g_assert_no_error (error);
  return d;
}

/* ---- A generator of big realistic files (the progress test and the benchmark) ---- */

static void
generate_csv (const char *path, gint64 rows)
{
  static const char *const procedures[][4] = {
    { "1.001193", "Đăng ký khai sinh", "Hộ tịch", "0" },
    { "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "0" },
    { "1.004873", "Xác nhận tình trạng hôn nhân", "Hộ tịch", "3" },
    { "2.000913", "Chứng thực hợp đồng, giao dịch", "Chứng thực", "2" },
    { "1.004227", "Đăng ký đất đai lần đầu", "Đất đai", "20" },
  };
  static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng" };
  static const char *const middle[] = { "Văn", "Thị", "Đức", "Ngọc", "Minh" };
  static const char *const given[] = { "An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Yến" };
  static const char *const officers[] = { "Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Văn Cường",
                                          "Hà Thị Minh" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  McTime start = mc_test_time ("2023-01-02 07:30");
  FILE *file = g_fopen (path, "wb");
  char received[32], ended[32], returned[32], submitted[32];

  g_assert_nonnull (file);
  fputs ("MaHoSo,MaTTHC,TenTTHC,LinhVuc,ThoiHan,KenhThucHien,TrangThaiHoSo,NgayNopHoSo,"
         "NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,NgayTra,SoLanBoSung,SoHoaHoSo,SoHoaKetQua,"
         "LePhi,ThanhToanTrucTuyen,CanBoTiepNhan,CanBoXuLy,ChuHoSo,SoDienThoai,DiaChi\n", file);
  for (gint64 i = 0; i < rows; i++)
    {
      const char *const *p = procedures[g_rand_int_range (rand, 0, G_N_ELEMENTS (procedures))];
      McTime t = start + (i * 600) % (730 * 86400) + g_rand_int_range (rand, 0, 3600);
      int channel = g_rand_int_range (rand, 1, 4);
      int status = (int[]) { 2, 4, 5, 6, 7, 8, 9, 10, 10, 10 }[g_rand_int_range (rand, 0, 10)];
      gint64 fee = g_rand_boolean (rand) ? 0 : 2000 * g_rand_int_range (rand, 1, 10);
      g_autofree char *r = mc_time_to_iso (t);
      g_autofree char *s = mc_time_to_iso (t - g_rand_int_range (rand, 60, 86400));
      g_autofree char *e = mc_time_to_iso (t + g_rand_int_range (rand, 3600, 6 * 86400));
      g_autofree char *x = mc_time_to_iso (t + 7 * 86400);

      g_strlcpy (received, r, sizeof received);
      g_strlcpy (submitted, channel == 2 ? s : "", sizeof submitted);
      g_strlcpy (ended, status >= 9 ? e : "", sizeof ended);
      g_strlcpy (returned, status == 10 ? x : "", sizeof returned);
      fprintf (file, "HS-%08" G_GINT64_FORMAT ",%s,\"%s\",%s,%s,%d,%d,%s,%s,,%s,%s,%d,%d,%d,%"
               G_GINT64_FORMAT ",%d,%s,%s,%s %s %s,09%08d,\"Thôn %d, xã Tam Hiệp\"\n",
               i, p[0], p[1], p[2], p[3], channel, status, submitted, received, ended,
               returned, g_rand_int_range (rand, 0, 10) == 0 ? 2 : 0,
               g_rand_boolean (rand), status >= 9 && g_rand_boolean (rand), fee,
               fee > 0 && g_rand_boolean (rand),
               officers[i % 2], officers[2 + i % 2],
               family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
               middle[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle))],
               given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
               g_rand_int_range (rand, 0, 99999999), (int) (i % 12) + 1);
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

/* ---- Tests ---- */

static void
test_fixture (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = fixture_path ();
  gint64 audits = count (store, COUNT_AUDIT);
  gint64 officers = count (store, "SELECT count(*) FROM officer");
  g_autoptr(McDossier) birth = NULL;
  g_autoptr(McDossier) copy = NULL;
  g_autoptr(McDossier) land = NULL;
  g_autoptr(McDossier) new_proc = NULL;
  g_autoptr(McDossier) late = NULL;
  g_autoptr(McDossier) intake = NULL;
  g_autoptr(McDossier) fresh = NULL;
  g_autoptr(McProcedure) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *details = NULL;

  import_ok (store, path, 10, 0);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 10);

  /* Same day, received 09:00: due at the end of office hours; ended 10:30 is early? No: the
   * same local day as the due, so on time. */
  birth = find (store, "000.17.22.H56-240105-0001");
  g_assert_cmpstr (birth->procedure_code, ==, "1.001193");
  g_assert_cmpint (birth->channel, ==, MC_CHANNEL_DESK);
  g_assert_cmpint (birth->status, ==, MC_STATUS_RETURNED);
  g_assert_cmpint (birth->received_at, ==, mc_test_time ("2024-01-05 09:00"));
  g_assert_cmpint (birth->due_at, ==, mc_test_time ("2024-01-05 17:00"));
  g_assert_cmpint (birth->ended_at, ==, mc_test_time ("2024-01-05 10:30"));
  g_assert_cmpint (birth->returned_at, ==, mc_test_time ("2024-01-05 14:00"));
  g_assert_cmpint (birth->outcome, ==, MC_OUTCOME_ON_TIME);
  g_assert_cmpstr (birth->receiver_name, ==, "Nguyễn Thị Hoa");
  g_assert_cmpstr (birth->handler_name, ==, "Trần Văn Bình");
  g_assert_cmpstr (birth->applicant_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (birth->applicant_id_number, ==, "001089012345");
  g_assert_cmpstr (birth->applicant_phone, ==, "0912345678");
  g_assert_cmpstr (birth->applicant_address, ==, "Thôn Đông, xã Tam Hiệp, \"khu cũ\"");
  g_assert_true (birth->digitized_input);
  g_assert_true (birth->digitized_result);

  /* Online, DD/MM/YYYY times with seconds, fee paid online, a representative. */
  copy = find (store, "000.17.22.H56-240105-0002");
  g_assert_cmpint (copy->channel, ==, MC_CHANNEL_ONLINE);
  g_assert_cmpint (copy->submitted_at, ==, mc_test_time ("2024-01-04 20:15"));
  g_assert_cmpint (copy->received_at, ==, mc_test_time ("2024-01-05 08:00"));
  g_assert_cmpint (copy->ended_at, ==, mc_test_time ("2024-01-05 10:00") + 30);
  g_assert_cmpint (copy->fee, ==, 4000);
  g_assert_true (copy->paid_online);
  g_assert_false (copy->digitized_result);
  g_assert_cmpstr (copy->representative_name, ==, "Phạm Văn Dũng");
  g_assert_cmpstr (copy->representative_phone, ==, "0911000222");
  g_assert_false (copy->late_intake);
  g_assert_cmpint (copy->outcome, ==, MC_OUTCOME_ON_TIME);

  /* The catalogue's 30 calendar days: 2024-03-08 is a Friday, due at the end of the day. */
  land = find (store, "000.17.22.H56-240207-0001");
  g_assert_cmpint (land->due_at, ==, mc_test_time ("2024-03-08 17:00"));
  g_assert_cmpstr (land->applicant_address, ==, "Số 5\nNgõ 12, đường Ngọc Hồi");
  g_assert_cmpint (land->outcome, ==, MC_OUTCOME_NONE);

  /* A procedure the catalogue lacked, created from the row: 3 working days across Tết 2024
   * (docs/cli.md's example). Spaces inside quotes are kept. */
  new_proc = find (store, "000.17.22.H56-240207-0002");
  g_assert_cmpint (new_proc->due_at, ==, mc_test_time ("2024-02-19 09:00"));
  g_assert_cmpint (new_proc->channel, ==, MC_CHANNEL_POST);
  g_assert_cmpint (new_proc->supplement_count, ==, 1);
  g_assert_cmpstr (new_proc->applicant_name, ==, "  Hà Văn Ích ");
  created = mc_store_find_procedure (store, "9.999001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (created->name, ==, "Xác nhận đơn đề nghị");
  g_assert_cmpstr (created->field, ==, "Văn hóa - Xã hội");
  g_assert_cmpint (created->limit_kind, ==, MC_LIMIT_WORKING_DAYS);
  g_assert_cmpint (created->limit_value, ==, 3);
  g_assert_cmpint (created->online_level, ==, MC_ONLINE_NONE);

  /* NgayHenTra given is kept; two supplement requests make it late whatever the times. */
  late = find (store, "000.17.22.H56-240108-0001");
  g_assert_cmpint (late->due_at, ==, mc_test_time ("2024-01-08 17:00"));
  g_assert_cmpint (late->outcome, ==, MC_OUTCOME_LATE);
  g_assert_cmpstr (late->applicant_name, ==, "Cao Văn Hùng, Mai Thị Lan");

  /* Submitted Monday 07:00, accepted Wednesday 16:00: more than 8 working hours. */
  intake = find (store, "000.17.22.H56-240110-0001");
  g_assert_true (intake->late_intake);
  g_assert_cmpint (intake->status, ==, MC_STATUS_PAYMENT);

  /* Not yet accepted: no receipt, no appointment. */
  fresh = find (store, "000.17.22.H56-240301-0001");
  g_assert_cmpint (fresh->status, ==, MC_STATUS_NEW);
  g_assert_cmpint (fresh->received_at, ==, MC_TIME_NONE);
  g_assert_cmpint (fresh->due_at, ==, MC_TIME_NONE);

  /* Folded names for the search, stored. */
  rows = mc_store_testing_rows (store, "SELECT applicant_folded, representative_folded "
                                       "FROM dossier WHERE code = '000.17.22.H56-240105-0002'");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, "dang thi uong|pham van dung");

  /* The four officers named, each once. */
  g_assert_cmpint (count (store, "SELECT count(*) FROM officer"), ==, officers + 4);
  /* One audit record for the import (plus the catalogue's and the officers' own records). */
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 1);
  g_assert_cmpint (count (store, COUNT_AUDIT), >, audits);
  details = mc_store_testing_text (store, "SELECT details FROM audit WHERE action = 'import'");
  g_assert_nonnull (details);
  g_assert_true (g_str_has_prefix (details, "dossiers.csv, 10 imported, 0 updated"));
  g_assert_nonnull (strstr (details, "sha256 "));

  g_assert_cmpint (count_dossier_indexes (store), ==, dossier_indexes);
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) check_error = NULL;
    gboolean ok = mc_store_check (store, &problems, &check_error);
    for (guint i = 0; problems != NULL && i < problems->len; i++)
      g_test_message ("check: %s", (const char *) problems->pdata[i]);
    g_assert_no_error (check_error);
    g_assert_true (ok);
  }
}

static void
test_round_trip (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(McStore) other = mc_test_store_new (FALSE);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ();
  g_autofree char *exported = g_build_filename (tmpdir, "export.csv", NULL);
  g_autofree char *again = g_build_filename (tmpdir, "export-again.csv", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 n = 0;

  import_ok (store, path, 10, 0);
  before = all_dossiers (store);

  g_assert_true (mc_export_file (store, -1, -1, exported, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 10);

  import_ok (store, exported, 0, 10);
  after = all_dossiers (store);
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    assert_dossiers_equal (before->pdata[i], after->pdata[i], TRUE);

  /* Into an empty database with no catalogue: every procedure comes from the file. */
  import_ok (other, exported, 10, 0);
  assert_same_dossiers (store, other, FALSE);
  {
    g_autoptr(McProcedure) a = mc_store_find_procedure (store, "2.000815", NULL);
    g_autoptr(McProcedure) b = mc_store_find_procedure (other, "2.000815", NULL);
    g_assert_cmpstr (a->name, ==, b->name);
    g_assert_cmpstr (a->field, ==, b->field);
    g_assert_cmpint (a->online_level, ==, b->online_level);
    g_assert_cmpint (a->limit_kind, ==, b->limit_kind);
    g_assert_cmpint (a->limit_value, ==, b->limit_value);
  }

  /* And the export of the copy is the same file, byte for byte. */
  g_assert_true (mc_export_file (other, -1, -1, again, &n, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (exported, &first, NULL, NULL);
  g_file_get_contents (again, &second, NULL, NULL);
  g_assert_cmpstr (first, ==, second);
  g_assert_true (g_str_has_prefix (first, "MaHoSo,MaTTHC,TenTTHC,LinhVuc,MucDo,ThoiHan,"));
  g_assert_nonnull (strstr (first, ",2024-01-05 09:00:00,2024-01-05 17:00:00,"));
  g_assert_nonnull (strstr (first, "\"Thôn Đông, xã Tam Hiệp, \"\"khu cũ\"\"\""));
  g_assert_nonnull (strstr (first, "\"  Hà Văn Ích \""));
}

static void
test_update (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = fixture_path ();
  g_autofree char *change = write_file ("change.csv",
      "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayKetThucXuLy\n"
      "000.17.22.H56-240207-0001,1.012812,1,9,2024-02-07 09:00,2024-02-20 10:00\n"
      "NEW-1,1.001193,1,2,2024-02-20 16:00,\n");
  g_autoptr(McDossier) d = NULL;
  g_autoptr(McDossier) n = NULL;

  import_ok (store, path, 10, 0);
  import_ok (store, change, 1, 1);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 11);

  d = find (store, "000.17.22.H56-240207-0001");
  g_assert_cmpint (d->status, ==, MC_STATUS_RESOLVED);
  g_assert_cmpint (d->ended_at, ==, mc_test_time ("2024-02-20 10:00"));
  g_assert_cmpint (d->outcome, ==, MC_OUTCOME_EARLY);
  /* Columns the file lacks are left as they were. */
  g_assert_cmpstr (d->applicant_name, ==, "Vũ Thị Yến");
  g_assert_cmpstr (d->handler_name, ==, "Trần Văn Bình");
  g_assert_cmpstr (d->applicant_address, ==, "Số 5\nNgõ 12, đường Ngọc Hồi");

  /* Same day received after 15:00: due at the end of the next working day. */
  n = find (store, "NEW-1");
  g_assert_cmpint (n->due_at, ==, mc_test_time ("2024-02-21 17:00"));
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 2);
}

#define H "MaHoSo,MaTTHC,TenTTHC,ThoiHan,KenhThucHien,TrangThaiHoSo,NgayNopHoSo,NgayTiepNhan," \
          "NgayKetThucXuLy,NgayTra,SoHoaHoSo,LePhi\n"
#define GOOD "GOOD-1,1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n"
#define GOOD2 "GOOD-2,1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n"

static void
test_refused (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = fixture_path ();

  /* Refusals must leave existing data alone, so start with some. */
  import_ok (store, path, 10, 0);

  assert_refused (store, "MaHoSo,MaTTHC,TrangThaiHoSo\nA,1.001193,2\n",
                  "line 1:", "KenhThucHien", NULL);
  assert_refused (store, "MaTTHC,TenTTHC\n1.001193,x\n",
                  "line 1:", "MaHoSo, KenhThucHien, TrangThaiHoSo", NULL);
  /* A spreadsheet picked by mistake. */
  assert_refused (store, "PK\x03\x04\x14\xff\xfe,[Content_Types].xml\n",
                  "line 1:", "names none of the dossier columns", NULL);
  assert_refused (store, "MaHoSo,MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo\nA,A,1.001193,1,3\n",
                  "line 1:", "MaHoSo appears twice", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,2024-13-05 09:00,,,1,0\n" GOOD2,
                  "line 3:", "NgayTiepNhan “2024-13-05 09:00” is not a time", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,05/01/2024 9:00,,,1,0\n",
                  "line 3:", "NgayTiepNhan", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,11,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "TrangThaiHoSo “11” must be a status code from 1 to 10", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,0,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "TrangThaiHoSo “0”", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,4,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "KenhThucHien “4” must be 1", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "KenhThucHien is empty; it must be 1", NULL);
  assert_refused (store, H GOOD "BAD,7.777777,,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "the procedure “7.777777” is not in the catalogue", NULL);
  assert_refused (store, H GOOD "BAD,7.777777,Thủ tục mới,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "ThoiHan", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,9,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "NgayKetThucXuLy is needed for a dossier with status 9", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,10,,2024-01-05 09:00,2024-01-05 10:00,,1,0\n",
                  "line 3:", "NgayTra is needed for a dossier with status 10", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,2,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "NgayNopHoSo is needed for an online dossier", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,4,,,,,1,0\n",
                  "line 3:", "NgayTiepNhan is needed for a dossier with status 4", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,2024-01-05 09:00,,,2,0\n",
                  "line 3:", "SoHoaHoSo “2” must be 1 or 0", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,2024-01-05 09:00,,,yes,0\n",
                  "line 3:", "SoHoaHoSo “yes”", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,2024-01-05 09:00,,,1,2.000\n",
                  "line 3:", "LePhi “2.000” must be a whole number of đồng", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2,,2024-01-05 09:00,,,1,-5\n",
                  "line 3:", "LePhi “-5”", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,9,,2024-01-05 09:00,2024-01-04 09:00,,1,0\n",
                  "line 3:", "NgayKetThucXuLy is before NgayTiepNhan", NULL);
  /* A code twice in one file is refused, and so is a code met again after its update. */
  assert_refused (store, H GOOD GOOD2 GOOD, "line 4:", "“GOOD-1” appears more than once", NULL);
  assert_refused (store, H "000.17.22.H56-240105-0001,1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n"
                  GOOD "000.17.22.H56-240105-0001,1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 4:", "appears more than once", NULL);
  assert_refused (store, H GOOD ",1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "MaHoSo (the dossier code) is empty", NULL);
  assert_refused (store, H GOOD "BAD,1.001193,,,1,2\n", "line 3:", "it has 6 fields", NULL);
  /* Quotes. */
  assert_refused (store, H GOOD "BAD,\"1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "never closed", NULL);
  assert_refused (store, H GOOD "BAD,1.00\"1193,,,1,2,,2024-01-05 09:00,,,1,0\n" GOOD2,
                  "line 3:", "quote mark is misplaced", NULL);
  assert_refused (store, H GOOD "BAD,\"1.001193\"x,,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "quote mark is misplaced", NULL);
  /* Not UTF-8 (a Windows-1258 file, say). */
  assert_refused (store, H GOOD "BAD,1.001193,Nguy\xea\xd2n,,1,2,,2024-01-05 09:00,,,1,0\n",
                  "line 3:", "field 3 is not UTF-8", NULL);
  /* Every bad line is named, with the line where a multi-line record starts. */
  assert_refused (store, H GOOD
                  "\"BAD\n1\",1.001193,,,1,22,,2024-01-05 09:00,,,1,0\n"
                  GOOD2
                  "BAD2,1.001193,,,1,2,,2024-01-05 09:00,,,1,x\n",
                  "line 3: TrangThaiHoSo “22”", "line 6: LePhi “x”", NULL);
  /* Several problems of one line are all given. */
  assert_refused (store, H "BAD,1.001193,,,9,99,,x,,,1,0\n",
                  "line 2:", "KenhThucHien “9”", "TrangThaiHoSo “99”", "NgayTiepNhan “x”", NULL);
}

/* New rows are written in batches: a code met twice inside one is still named by its line. */
static void
test_refused_in_batch (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GString) content = g_string_new (H);

  /* Batches of 1,024 rows: a code met again inside the first, inside the second, and in the
   * third one met in the first. */
  for (int i = 0; i < 3000; i++)
    g_string_append_printf (content, "N%d,1.001193,,,1,2,,2024-01-05 09:00,,,1,0\n",
                            i == 150 ? 7 : i == 1500 ? 1400 : i == 2500 ? 200 : i);
  assert_refused (store, content->str, "line 152: the dossier code “N7” appears",
                  "line 1502: the dossier code “N1400” appears",
                  "line 2502: the dossier code “N200” appears", NULL);
}

static void
test_refused_many (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GString) content = g_string_new (H);

  for (int i = 0; i < 80; i++)
    g_string_append_printf (content, "B%d,1.001193,,,1,77,,2024-01-05 09:00,,,1,0\n", i);
  assert_refused (store, content->str, "line 2:", "line 51:", "stopped after 50 bad lines",
                  NULL);
}

static void
test_empty (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  const char *empties[] = { "", "\xef\xbb\xbf", "\n\n\r\n" };

  for (gsize i = 0; i < G_N_ELEMENTS (empties); i++)
    assert_refused (store, empties[i], "is empty", NULL);

  /* A header alone is a file with no dossier in it. */
  {
    g_autofree char *path = write_file ("header.csv", H);
    import_ok (store, path, 0, 0);
  }
  /* A file that does not exist. */
  g_assert_false (import_path (store, "/nonexistent/x.csv", NULL, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (import_path (store, tmpdir, NULL, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_accepted_forms (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(McDossier) a = NULL;
  g_autoptr(McDossier) b = NULL;
  g_autoptr(McDossier) c = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autofree char *bom = write_file ("bom.csv",
      "\xef\xbb\xbf" "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayTiepNhan\r\n"
      "BOM-1,1.001193,1,2,2024-01-05 09:00\r\n");
  /* Another order, an unknown column, quoted header names, Vietnamese times, trailing blank
   * rows and no final line end. */
  g_autofree char *order = write_file ("order.csv",
      "GhiChu,\"NgayTiepNhan\",TrangThaiHoSo,KenhThucHien,MaTTHC,MaHoSo,Extra\n"
      "whatever,05/01/2024 09:00,2,1,1.001193,ORDER-1,\"a, b\"\n"
      "\"\",05/01/2024 09:00:59,2,1,1.001193,ORDER-2,\n"
      ",,,,,,\n"
      ",,,,,,");
  g_autofree char *status13 = write_file ("status13.csv",
      "MaHoSo,MaTTHC,KenhThucHien,TrangThaiHoSo,NgayNopHoSo\n"
      "S3,1.001193,1,3,\n");

  import_ok (store, bom, 1, 0);
  a = find (store, "BOM-1");
  g_assert_cmpint (a->received_at, ==, mc_test_time ("2024-01-05 09:00"));

  import_ok (store, order, 2, 0);
  b = find (store, "ORDER-1");
  g_assert_cmpint (b->received_at, ==, mc_test_time ("2024-01-05 09:00"));
  g_assert_cmpint (b->status, ==, MC_STATUS_RECEIVED);
  g_assert_cmpint (b->due_at, ==, mc_test_time ("2024-01-05 17:00"));
  c = find (store, "ORDER-2");
  g_assert_cmpint (c->received_at, ==, mc_test_time ("2024-01-05 09:00") + 59);

  /* Refused at the desk: never received, so NgayTiepNhan may be absent. */
  import_ok (store, status13, 1, 0);
  d = find (store, "S3");
  g_assert_cmpint (d->status, ==, MC_STATUS_REFUSED);
  g_assert_cmpint (d->received_at, ==, MC_TIME_NONE);
}

static void
test_permission (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = fixture_path ();
  g_autoptr(GError) error = NULL;
  gint64 desk;

  desk = mc_store_testing_int (store, "INSERT INTO officer (name, role, created_at) "
                                      "VALUES ('Desk', 2, 0) RETURNING id");
  g_assert_false (mc_import_csv (store, desk, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 0);
}

typedef struct {
  guint         calls;
  gint64        last_done, last_total;
  GCancellable *cancel;
} ProgressData;

static void
progress_cb (gint64 done, gint64 total, gpointer user_data)
{
  ProgressData *data = user_data;

  g_assert_cmpint (done, >=, data->last_done);
  g_assert_cmpint (done, <=, total);
  data->calls++;
  data->last_done = done;
  data->last_total = total;
  if (data->cancel != NULL)
    g_cancellable_cancel (data->cancel);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = g_build_filename (tmpdir, "generated.csv", NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ProgressData data = { 0 };
  gint64 audits, imported = 0, updated = 0;

  generate_csv (path, 25000);
  audits = count (store, COUNT_AUDIT);

  /* Cancelled at the first progress report: nothing stays. */
  data.cancel = cancel;
  g_assert_false (mc_import_csv (store, 0, path, NULL, NULL, progress_cb, &data, cancel,
                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (data.calls, ==, 1);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 0);
  g_assert_cmpint (count (store, COUNT_AUDIT), ==, audits);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_assert_false (mc_import_csv (store, 0, path, NULL, NULL, NULL, NULL, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  memset (&data, 0, sizeof data);
  g_assert_true (mc_import_csv (store, 0, path, &imported, &updated, progress_cb, &data, NULL,
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (imported, ==, 25000);
  g_assert_cmpint (updated, ==, 0);
  g_assert_cmpuint (data.calls, ==, 3);    /* at 10,000, 20,000 and the end */
  g_assert_cmpint (data.last_done, ==, data.last_total);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 25000);
}

/* A big import rebuilds the dossier indexes; they are all back afterwards, refused or not. */
static void
test_big (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = g_build_filename (tmpdir, "big.csv", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "big-bad.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  FILE *file;

  McDay from = mc_day_from_ymd (2000, 1, 1), to = mc_day_from_ymd (2030, 12, 31);
  McKpi loaded = { 0 }, recounted = { 0 };
  gint64 triggers = count (store, COUNT_DOSSIER_TRIGGERS);

  g_assert_cmpint (triggers, >=, 3);
  generate_csv (path, 70000);
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  file = g_fopen (bad, "wb");
  fputs (content, file);
  fputs ("HS-X,1.001193,x,x,0,1,42,,2024-01-05 09:00,,,,0,0,0,0,0,,,,,\n", file);
  fclose (file);

  g_assert_false (import_path (store, bad, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 70002:"));
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 0);
  g_assert_cmpint (count_dossier_indexes (store), ==, dossier_indexes);
  g_assert_cmpint (count (store, COUNT_DOSSIER_TRIGGERS), ==, triggers);
  g_clear_error (&error);

  import_ok (store, path, 70000, 0);
  g_assert_cmpint (count_dossier_indexes (store), ==, dossier_indexes);
  g_assert_cmpint (count (store, COUNT_DOSSIER_TRIGGERS), ==, triggers);
  /* What the per-row triggers would have marked, the load marked for all its rows at once:
   * the figures it left equal those of a recount of every day a dossier touches. */
  g_assert_cmpint (count (store, "SELECT count(*) FROM kpi_dirty"), ==, 0);
  g_assert_cmpint (count (store, "SELECT count(*) FROM analysis_dirty"), ==, 0);
  g_assert_true (mc_kpi_compute (store, from, to, &loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (loaded.received, ==, count (store, "SELECT count(*) FROM dossier "
                                                      "WHERE received_at IS NOT NULL"));
  g_assert_true (mc_store_testing_exec (store,
                                        "INSERT INTO kpi_dirty (day) "
                                        "SELECT (received_at + 25200) / 86400 FROM dossier "
                                        "WHERE received_at IS NOT NULL UNION "
                                        "SELECT (ended_at + 25200) / 86400 FROM dossier "
                                        "WHERE ended_at IS NOT NULL", &error));
  g_assert_no_error (error);
  g_assert_true (mc_kpi_compute (store, from, to, &recounted, &error));
  g_assert_no_error (error);
  {
    g_autofree char *a = mc_kpi_to_json (&loaded);
    g_autofree char *b = mc_kpi_to_json (&recounted);

    g_assert_cmpstr (a, ==, b);
  }
  mc_kpi_clear (&loaded);
  mc_kpi_clear (&recounted);
  /* The search's words the load indexed at its end are the ones the names' trigger indexes
   * (made again here, for every row, by an update of the names). */
  {
    const char *words = mc_test_on_server ()
        ? "SELECT string_agg (word || '/' || dossier_id, ';' ORDER BY word, dossier_id) "
          "FROM dossier_word"
        : "SELECT group_concat (word || '/' || dossier_id, ';') FROM "
          "(SELECT word, dossier_id FROM dossier_word ORDER BY 1, 2)";
    g_autofree char *bulk = mc_store_testing_text (store, words);
    g_autofree char *by_trigger = NULL;

    g_assert_true (mc_store_testing_exec (store, "UPDATE dossier SET applicant_folded = "
                                                 "applicant_folded", &error));
    g_assert_no_error (error);
    by_trigger = mc_store_testing_text (store, words);
    g_assert_cmpuint (strlen (bulk), >, 70000);
    g_assert_cmpstr (bulk, ==, by_trigger);
  }
  /* SQLite's tails of the bulk load: each after a space, quotes, backslashes and control
   * characters escaped for json_each, nothing after a last space. */
  if (!mc_test_on_server ())
    {
      g_autofree char *tails = mc_store_testing_text (
          store, "SELECT group_concat (value, '|') FROM json_each (motcua_word_tails "
                 "('a  b \"c\\', '', NULL, 'x y ', 'one', 'p' || char (1) || ' q' || char (1)))");

      g_assert_cmpstr (tails, ==, " b \"c\\|b \"c\\|\"c\\|y |q\001");
    }
  /* SQLite's plan (the server's planner picks by the table's statistics). */
  if (!mc_test_on_server ())
    {
      g_autoptr(GPtrArray) plan = mc_store_testing_plan (store, "SELECT id FROM dossier "
                                                         "WHERE applicant_folded = 'nguyen van an'");

      g_assert_cmpuint (plan->len, >=, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (plan, 0), "dossier_applicant"));
    }
  g_assert_cmpint (count (store, "SELECT count(*) FROM dossier WHERE status IN (9, 10) "
                                 "AND outcome IS NULL"), ==, 0);
}

/* On the server, the administrator's own login imports a big file (a workstation never uses the
 * tables' owner): the indexes and foreign keys the load dropped are the owner's, put back by the
 * owner's function, the same names and definitions afterwards, refused or not. */
static void
test_big_as_administrator (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "big-admin.csv", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "big-admin-bad.csv", NULL);
  g_autofree char *content = NULL;
  g_autoptr(McStore) owner = NULL;
  g_autoptr(McStore) admin = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 admin_id, imported = 0, updated = 0;
  FILE *file;

  if (!mc_test_on_server ())
    {
      g_test_skip ("PostgreSQL only: set MOTCUA_TEST_PG (tools/pg-test-cluster start)");
      return;
    }
  target = mc_test_new_target (NULL, NULL);
  owner = mc_store_create (target, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (owner, &error));
  admin_id = mc_account_create (owner, 0, "Lê Văn Nhập", NULL, MC_ROLE_ADMIN, "qtnhap",
                                "mat-khau-nhap", &error);
  g_assert_no_error (error);
  before = mc_store_testing_indexes (owner, "dossier");
  g_assert_cmpuint (before->len, >=, 10);
  admin = mc_store_open_as (target, "qtnhap", "mat-khau-nhap", &error);
  g_assert_no_error (error);

  generate_csv (path, 70000);
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  file = g_fopen (bad, "wb");
  fputs (content, file);
  fputs ("HS-X,1.001193,x,x,0,1,42,,2024-01-05 09:00,,,,0,0,0,0,0,,,,,\n", file);
  fclose (file);
  g_assert_false (mc_import_csv (admin, admin_id, bad, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  after = mc_store_testing_indexes (owner, "dossier");
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  g_assert_true (mc_import_csv (admin, admin_id, path, &imported, &updated, NULL, NULL, NULL,
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (imported, ==, 70000);
  after = mc_store_testing_indexes (owner, "dossier");
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
  g_assert_cmpint (count (owner, "SELECT count(*) FROM bulk_index"), ==, 0);
  /* The words of the loaded names, indexed once at the end (0021-bulk-words.sql): every name's
   * tails are there, and the pause ended with the import's transaction. */
  g_assert_cmpint (count (owner, "SELECT count(*) FROM dossier_word"), >=, 70000);
  g_assert_cmpint (count (owner, "SELECT count(*) FROM dossier d "
                                 "WHERE strpos (d.applicant_folded, ' ') > 0 AND NOT EXISTS "
                                 "(SELECT 1 FROM dossier_word w WHERE w.dossier_id = d.id AND "
                                 "w.word = substr (d.applicant_folded, "
                                 "strpos (d.applicant_folded, ' ') + 1))"), ==, 0);
  g_assert_cmpint (count (admin, "SELECT count(*) WHERE coalesce (current_setting "
                                 "('motcua.bulk_words', true), '') = 'paused'"), ==, 0);
  /* A first load built the words' key once at its end (0022): it is back, and no word twice. */
  g_assert_cmpint (count (owner, "SELECT count(*) FROM pg_constraint WHERE conname = "
                                 "'dossier_word_pkey' AND contype = 'p'"), ==, 1);
  g_assert_cmpint (count (owner, "SELECT count(*) FROM bulk_index"), ==, 0);
  /* The foreign keys, dropped for the load, are back and checked. */
  g_assert_cmpint (count (owner, "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                                 "'dossier'::regclass AND contype = 'f' AND convalidated"), ==, 4);
  /* The functions are the administrator's only. */
  {
    g_autoptr(McStore) desk = NULL;

    g_assert_cmpint (mc_account_create (owner, 0, "Nguyễn Thị Quầy", NULL, MC_ROLE_DESK,
                                        "quaynhap", "mat-khau-quay", &error), >, 0);
    g_assert_no_error (error);
    desk = mc_store_open_as (target, "quaynhap", "mat-khau-quay", &error);
    g_assert_no_error (error);
    g_assert_false (mc_store_testing_exec (desk, "SELECT motcua_bulk_drop_indexes ()", &error));
    g_assert_nonnull (error);
  }
}

static void
test_export (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autofree char *path = fixture_path ();
  g_autofree char *xlsx = g_build_filename (tmpdir, "export.XLSX", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "period.csv", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "no-such-dir", "x.csv", NULL);
  g_autofree char *content = NULL;
  g_autofree char *part = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 n = 0;

  import_ok (store, path, 10, 0);

  g_assert_true (mc_export_file (store, -1, -1, xlsx, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 10);
  g_assert_true (g_file_get_contents (xlsx, &content, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (content, "PK", 2) == 0);
  part = g_strconcat (xlsx, ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_clear_pointer (&content, g_free);

  /* January 2024: received in it, or (statuses 1 and 3) submitted in it. */
  g_assert_true (mc_export_file (store, mc_test_day ("2024-01-01"), mc_test_day ("2024-01-31"),
                                 csv, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 4);
  /* March: status 1 and 3 by submission, 7 and 8 by receipt. */
  g_assert_true (mc_export_file (store, mc_test_day ("2024-03-01"), mc_test_day ("2024-03-31"),
                                 csv, &n, NULL, &error));
  g_assert_cmpint (n, ==, 4);
  /* One day, both ends included. */
  g_assert_true (mc_export_file (store, mc_test_day ("2024-01-05"), mc_test_day ("2024-01-05"),
                                 csv, &n, NULL, &error));
  g_assert_cmpint (n, ==, 2);
  g_assert_true (mc_export_file (store, mc_test_day ("2024-02-07"), -1, csv, &n, NULL, &error));
  g_assert_cmpint (n, ==, 6);
  g_assert_true (g_file_get_contents (csv, &content, NULL, NULL));
  g_assert_true (g_str_has_suffix (content, "\r\n"));

  g_assert_false (mc_export_file (store, -1, -1, bad, &n, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

/* ---- The command line ---- */

/* The exit status of a finished child, -1 if it did not exit normally. */
static int
exit_status (int wait_status)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  return error->domain == G_SPAWN_EXIT_ERROR ? error->code : -1;
}

static char *
run_cli (const char *db, int *status, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  for (char *a = va_arg (args, char *); a != NULL; a = va_arg (args, char *))
    g_ptr_array_add (argv, a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err,
                status, &error);
  g_assert_no_error (error);
  return out;
}

static void
test_cli (void)
{
  g_autofree char *db = mc_test_new_target (tmpdir, "cli.db");
  g_autofree char *path = fixture_path ();
  g_autofree char *bad = write_file ("cli-bad.csv", H GOOD "BAD,1.001193,,,1,2,,,,,1,0\n");
  g_autofree char *exported = g_build_filename (tmpdir, "cli-export.csv", NULL);
  g_autofree char *xlsx = g_build_filename (tmpdir, "cli-export.xlsx", NULL);
  int status = -1;

  if (g_getenv ("MOTCUA_CLI") == NULL)
    {
      g_test_skip ("MOTCUA_CLI is not set");
      return;
    }

  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "init", NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (out);
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "import", path, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (out, ==, "imported 10, updated 0\n");
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "export", "--from", "2024-01-01",
                                    "--to", "2024-12-31", exported, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (out, ==, "exported 10\n");
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "import", exported, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (out, ==, "imported 0, updated 10\n");
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "export", xlsx, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (out, ==, "exported 10\n");
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "import", bad, NULL);
    g_assert_cmpint (exit_status (status), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_str_has_prefix (err, "motcua-cli: The file “cli-bad.csv” was not imported"));
    g_assert_nonnull (strstr (err, "line 3: NgayTiepNhan is needed"));
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "export", "--from", "2024-13-01",
                                    exported, NULL);
    g_assert_cmpint (exit_status (status), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "2024-13-01"));
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (db, &status, &err, "import", NULL);
    g_assert_cmpint (exit_status (status), ==, 2);
    g_assert_cmpstr (out, ==, "");
  }
}

/* Seconds of CPU this process has used: on a loaded machine, wall time says little. */
static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

/* MC_IMPORT_BENCH_ROWS=1000000 test-import -p /import/bench: figures for the report. */
static void
test_bench (void)
{
  gint64 rows = g_ascii_strtoll (g_getenv ("MC_IMPORT_BENCH_ROWS"), NULL, 10);
  g_autofree char *path = g_build_filename (tmpdir, "bench.csv", NULL);
  g_autofree char *db = mc_test_new_target (tmpdir, "bench.db");
  g_autofree char *out = g_build_filename (tmpdir, "bench-export.csv", NULL);
  g_autofree char *status = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 imported = 0, updated = 0, n = 0;
  gint64 t0;
  double seconds, cpu0, cpu;
  GStatBuf st;

  generate_csv (path, rows);
  g_stat (path, &st);
  store = mc_store_create (db, &error);
  g_assert_no_error (error);
  mc_catalogue_init_defaults (store, &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  g_assert_true (import_path (store, path, &imported, &updated, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  cpu = cpu_seconds () - cpu0;
  g_printerr ("import of %" G_GINT64_FORMAT " rows (%.0f MB): %.2f s (%.0f rows/s), "
              "CPU %.2f s (%.0f rows/s)\n", imported, st.st_size / 1e6, seconds,
              imported / seconds, cpu, imported / cpu);

  t0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  g_assert_true (import_path (store, path, &imported, &updated, &error));
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  cpu = cpu_seconds () - cpu0;
  g_printerr ("re-import (all updates) of %" G_GINT64_FORMAT " rows: %.2f s (%.0f rows/s), "
              "CPU %.2f s (%.0f rows/s)\n", updated, seconds, updated / seconds, cpu,
              updated / cpu);

  t0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  g_assert_true (mc_export_file (store, -1, -1, out, &n, NULL, &error));
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  cpu = cpu_seconds () - cpu0;
  g_printerr ("export of %" G_GINT64_FORMAT " rows: %.2f s (%.0f rows/s), CPU %.2f s\n", n,
              seconds, n / seconds, cpu);

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *hwm = strstr (status, "VmHWM:");
      if (hwm != NULL)
        g_printerr ("peak memory %.*s\n", (int) strcspn (hwm, "\n"), hwm);
    }
  g_unlink (path);
  g_unlink (out);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  mc_text_set_number_style (MC_NUMBER_STYLE_EN);
  tmpdir = g_dir_make_tmp ("motcua-import-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/import/fixture", test_fixture);
  g_test_add_func ("/import/round-trip", test_round_trip);
  g_test_add_func ("/import/update", test_update);
  g_test_add_func ("/import/refused", test_refused);
  g_test_add_func ("/import/refused-in-batch", test_refused_in_batch);
  g_test_add_func ("/import/refused-many", test_refused_many);
  g_test_add_func ("/import/empty", test_empty);
  g_test_add_func ("/import/accepted-forms", test_accepted_forms);
  g_test_add_func ("/import/permission", test_permission);
  g_test_add_func ("/import/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/import/big", test_big);
  g_test_add_func ("/import/big-as-administrator", test_big_as_administrator);
  g_test_add_func ("/import/export", test_export);
  g_test_add_func ("/import/cli", test_cli);
  if (g_getenv ("MC_IMPORT_BENCH_ROWS") != NULL)
    g_test_add_func ("/import/bench", test_bench);

  {
    g_autoptr(McStore) store = mc_test_store_new (FALSE);
    dossier_indexes = count_dossier_indexes (store);
  }

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return result;
}
