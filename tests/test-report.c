/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-attachment.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-paths.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-store-testing.h"
#include "mc-report.h"
#include "mc-supervision.h"
#include "mc-test-util.h"

/* Fixture: January 2024 with 46 dossiers resolved, 45 of them early or on time (97,83%), one late
 * with an apology, some open ones, one refused, and a supplement request. Built with SQL so the
 * test does not depend on the workflow. */

#define N_RESOLVED 46
#define LATE_CODE "000.17.22.H56-240107-0045"
#define FIRST_CODE "000.17.22.H56-240102-0000"
#define SUPPLEMENT_CODE "000.17.22.H56-240110-0101"
#define REFUSED_CODE "000.17.22.H56-240111-0102"
#define LONG_NAME "Hoàng Thị Bảo Ngọc Trâm Anh Phương Thảo Nguyễn Lê Diệu Huyền Trang"

static char *tmpdir;

static void
exec_sql (McStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  mc_store_testing_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
insert_dossier (McStore *store, const char *code, int procedure, int channel, int status,
                McTime received, McTime due, McTime ended, int outcome, int handler,
                const char *applicant, int supplements, McTime apology_due)
{
  g_autofree char *code_sql = mc_test_sql_text (code);
  g_autofree char *received_sql = mc_test_sql_time (received);
  g_autofree char *due_sql = mc_test_sql_time (due);
  g_autofree char *ended_sql = mc_test_sql_time (ended);
  g_autofree char *returned_sql = mc_test_sql_time (status == MC_STATUS_RETURNED ? ended + 3600
                                                                                : MC_TIME_NONE);
  g_autofree char *outcome_sql = outcome >= 0 ? g_strdup_printf ("%d", outcome)
                                              : g_strdup ("NULL");
  g_autofree char *handler_sql = mc_test_sql_id (handler);
  g_autofree char *applicant_sql = mc_test_sql_text (applicant);
  g_autofree char *apology_sql = mc_test_sql_time (apology_due);

  mc_test_exec (store,
      "INSERT INTO dossier (code, procedure_id, channel, status, received_at, due_at, ended_at, "
      "returned_at, outcome, handler_id, receiver_id, applicant_name, applicant_address, "
      "applicant_phone, request, supplement_count, apology_count, apology_due_at, "
      "digitized_input, digitized_result) "
      "VALUES (%s, %d, %d, %d, %s, %s, %s, %s, %s, %s, 3, %s, 'Thôn Đông, xã Tam Hiệp', "
      "'0912345678', 'Đăng ký khai sinh cho con', %d, %d, %s, %s, %s)",
      code_sql, procedure, channel, status, received_sql, due_sql, ended_sql, returned_sql,
      outcome_sql, handler_sql, applicant_sql, supplements, apology_due != MC_TIME_NONE ? 1 : 0,
      apology_sql, mc_test_sql_bool (received % 2 == 0),
      mc_test_sql_bool (ended != MC_TIME_NONE && ended % 3 != 0));
}

static void
insert_event (McStore *store, const char *code, const char *at, int actor, int action, int to,
              const char *note)
{
  g_autofree char *code_sql = mc_test_sql_text (code);
  g_autofree char *at_sql = mc_test_sql_time (mc_test_time (at));
  g_autofree char *from_sql = mc_test_sql_id (to != 0 ? actor : 0);
  g_autofree char *to_sql = mc_test_sql_id (to);
  g_autofree char *note_sql = mc_test_sql_text (note);

  mc_test_exec (store,
      "INSERT INTO dossier_event (dossier_id, at, actor_id, action, from_officer, to_officer, note) "
      "VALUES ((SELECT id FROM dossier WHERE code = %s), %s, %d, %d, %s, %s, %s)",
      code_sql, at_sql, actor, action, from_sql, to_sql, note_sql);
}

static void
fill_store (McStore *store, int n_register)
{
  McTime base = mc_test_time ("2024-01-02 08:00");

  exec_sql (store,
      "INSERT INTO setting (key, value) VALUES ('agency.parent', 'UBND HUYỆN THANH TRÌ'), "
      "('agency.name', 'UBND XÃ TAM HIỆP'), ('agency.place', 'Tam Hiệp'), "
      "('agency.code', '000.17.22.H56');"
      "INSERT INTO target (year, kpi, value) VALUES (2024, 'on_time_rate', 98), "
      "(2024, 'online_rate', 60), (2024, 'digitized_input_rate', 80), "
      "(2024, 'digitized_result_rate', 80), (2024, 'progress_rate', 98);"
      "INSERT INTO procedure (id, code, name, field, limit_kind, limit_value, online_level) VALUES "
      "(1, '1.001193', 'Đăng ký khai sinh', 'Hộ tịch', 0, 0, 2), "
      "(2, '2.000815', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có "
      "thẩm quyền của Việt Nam cấp hoặc chứng nhận', 'Chứng thực', 1, 2, 1);"
      "INSERT INTO officer (id, name, title, role, active, created_at) VALUES "
      "(1, 'Nguyễn Văn Chủ', 'Chủ tịch', 5, TRUE, 0), "
      "(2, 'Trần Thị Phó', 'Phó Chủ tịch', 4, TRUE, 0), "
      "(3, 'Lê Thị Một Cửa', 'Công chức', 2, TRUE, 0), "
      "(4, 'Phạm Văn Hộ Tịch', 'Tư pháp', 3, TRUE, 0), "
      "(5, '" LONG_NAME "', 'Văn hóa - Xã hội', 3, TRUE, 0);");

  for (int i = 0; i < N_RESOLVED; i++)
    {
      McTime received = base + (i % 20) * 86400 + i * 60;
      McTime due = received + 2 * 86400;
      gboolean late = i == N_RESOLVED - 1;
      McTime ended = late ? due + 86400 : i < 30 ? received + 3600 : due - 3600;
      g_autofree char *code = g_strdup_printf ("000.17.22.H56-2401%02d-%04d", 2 + i % 20, i);

      insert_dossier (store, code, 1 + i % 2, 1 + i % 2, MC_STATUS_RETURNED, received, due, ended,
                      late ? 2 : i < 30 ? 0 : 1, 4 + i % 2,
                      i % 3 == 0 ? "Nguyễn Thị Hồng Nhung" : "Đỗ Quang Đạt", late ? 2 : 0,
                      late ? due + 2 * 86400 : MC_TIME_NONE);
    }
  /* Open ones: one past its appointment at the end of January, one waiting for a supplement. */
  insert_dossier (store, "000.17.22.H56-240115-0100", 2, 1, MC_STATUS_PROCESSING,
                  mc_test_time ("2024-01-15 09:00"), mc_test_time ("2024-01-17 09:00"),
                  MC_TIME_NONE, -1, 5, LONG_NAME, 0, MC_TIME_NONE);
  insert_dossier (store, SUPPLEMENT_CODE, 2, 1, MC_STATUS_SUPPLEMENT,
                  mc_test_time ("2024-01-10 10:00"), mc_test_time ("2024-02-20 10:00"),
                  MC_TIME_NONE, -1, 4, "Vũ Thị Lan", 1, MC_TIME_NONE);
  insert_event (store, SUPPLEMENT_CODE, "2024-01-10 10:00", 3, 2, 0, "");
  insert_event (store, SUPPLEMENT_CODE, "2024-01-10 14:00", 3, 5, 4, "");
  insert_event (store, SUPPLEMENT_CODE, "2024-01-11 09:30", 4, 7, 0,
                "Bản sao Giấy chứng nhận kết hôn của cha mẹ\nGiấy chứng sinh (bản chính)");
  exec_sql (store,
      "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, quantity) "
      "SELECT id, 1, 'Tờ khai đăng ký khai sinh', 0, 1 FROM dossier WHERE code = '" LATE_CODE "';"
      "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, quantity) "
      "SELECT id, 2, 'Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp', 0, 1 FROM dossier "
      "WHERE code = '" LATE_CODE "';"
      "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, quantity) "
      "SELECT id, 3, 'Căn cước công dân của người đi đăng ký', 2, 1 FROM dossier "
      "WHERE code = '" LATE_CODE "';");
  insert_event (store, LATE_CODE, "2024-01-08 10:00", 4, 18, 0,
                "cần xác minh thông tin tại UBND xã nơi cư trú trước đây");
  insert_event (store, LATE_CODE, "2024-01-07 08:45", 3, 2, 0, "");
  insert_event (store, LATE_CODE, "2024-01-07 10:00", 3, 5, 5, "");
  insert_event (store, LATE_CODE, "2024-01-10 08:45", 5, 14, 0, "");
  insert_dossier (store, REFUSED_CODE, 1, 2, MC_STATUS_REFUSED, MC_TIME_NONE, MC_TIME_NONE,
                  MC_TIME_NONE, -1, 0, "Trịnh Văn Cường", 0, MC_TIME_NONE);
  insert_event (store, REFUSED_CODE, "2024-01-11 08:00", 3, 4, 0,
                "Tờ khai không có chữ ký của người yêu cầu");

  /* A busy March for the register. */
  for (int i = 0; i < n_register; i++)
    {
      McTime received = mc_test_time ("2024-03-01 07:30") + (i % 28) * 86400 + i * 30;
      g_autofree char *code = g_strdup_printf ("000.17.22.H56-2403%02d-%04d", 1 + i % 28, i);

      insert_dossier (store, code, 1 + i % 2, 1 + i % 2, MC_STATUS_RECEIVED, received,
                      received + 86400, MC_TIME_NONE, -1, 4, i % 5 == 0 ? LONG_NAME : "Mai Văn Tú",
                      0, MC_TIME_NONE);
    }
}

static McStore *
fixture_store (int n_register)
{
  McStore *store = mc_test_store_new (FALSE);

  fill_store (store, n_register);
  return store;
}

/* ---- PDF helpers ---- */

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", name);
      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_utf8_normalize (out, -1, G_NORMALIZE_NFC);
}

static char *
pdf_text (const char *path, int page)
{
  g_autofree char *p = g_strdup_printf ("%d", page);

  if (page > 0)
    return run_tool ((const char *[]) { "pdftotext", "-enc", "UTF-8", "-raw", "-f", p, "-l", p, path, "-", NULL });
  return run_tool ((const char *[]) { "pdftotext", "-enc", "UTF-8", "-raw", path, "-", NULL });
}

static int
pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ((const char *[]) { "pdfinfo", path, NULL });
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

/* Every font of the PDF is embedded, and the serif of Decree 30 is among them. */
static void
assert_fonts_embedded (const char *path)
{
  g_autofree char *out = run_tool ((const char *[]) { "pdffonts", path, NULL });
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  int fonts = 0;
  gboolean serif = FALSE;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();
      guint n;

      for (guint k = 0; f[k] != NULL; k++)
        if (f[k][0] != '\0')
          g_ptr_array_add (fields, f[k]);
      n = fields->len;
      if (n < 7)
        continue;
      fonts++;
      g_assert_cmpstr (g_ptr_array_index (fields, n - 5), ==, "yes");
      serif |= strstr (lines[i], "LiberationSerif") != NULL || strstr (lines[i], "Times") != NULL ||
               strstr (lines[i], "Tinos") != NULL;
    }
  g_assert_cmpint (fonts, >, 0);
  g_assert_true (serif);
}

static char *
write_pdf (McDocument *doc, const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_nonnull (doc);
  mc_document_write_pdf (doc, path, &error);
  g_assert_no_error (error);
  return path;
}

/* NEEDLE in TEXT (pdftotext -raw: each cell's lines in order), also where the layout wrapped it:
 * words at a line end join with a space, codes (broken after a hyphen) with nothing. */
static void
assert_contains (const char *text, const char *needle)
{
  g_autofree char *nfc = g_utf8_normalize (needle, -1, G_NORMALIZE_NFC);
  g_autofree char *spaced = g_strdelimit (g_strdup (text), "\n", ' ');
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *joined = g_strjoinv ("", lines);

  if (strstr (text, nfc) == NULL && strstr (spaced, nfc) == NULL && strstr (joined, nfc) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static McReportOptions
january (void)
{
  return (McReportOptions) { .from = mc_test_day ("2024-01-01"), .to = mc_test_day ("2024-01-31"),
                             .date = mc_test_day ("2024-02-05") };
}

/* ---- Documents ---- */

static void
test_summary (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  g_autoptr(GError) error = NULL;
  McReportOptions o = january ();
  g_autoptr(McDocument) doc = mc_report_new (store, MC_REPORT_SUMMARY, &o, &error);
  g_autofree char *path = NULL, *text = NULL;

  g_assert_no_error (error);
  path = write_pdf (doc, "summary.pdf");
  if (!have_tool ("pdftotext"))
    return;
  text = pdf_text (path, 0);
  assert_contains (text, "UBND XÃ TAM HIỆP");
  assert_contains (text, "UBND HUYỆN THANH TRÌ");
  assert_contains (text, "Tam Hiệp, 2024-02-05");
  assert_contains (text, "97,83%");          /* 45 of 46, Vietnamese style */
  assert_contains (text, "45/46");
  assert_contains (text, "98%");             /* the year's target */
  assert_contains (text, LATE_CODE);         /* the late case, with its apology */
  assert_contains (text, "Phạm Văn Hộ Tịch");
  assert_contains (text, "Nguyễn Văn Chủ"); /* the chairman signs */
  assert_contains (text, "- Archive: VT.");
  g_assert_cmpint (pdf_pages (path), ==, mc_document_get_n_pages (doc));
  g_assert_cmpint (pdf_pages (path), >=, 2);
  assert_fonts_embedded (path);
}

static void
test_summary_empty_period (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  g_autoptr(GError) error = NULL;
  McReportOptions o = { .from = mc_test_day ("2020-01-01"), .to = mc_test_day ("2020-01-31") };
  g_autoptr(McDocument) doc = mc_report_new (store, MC_REPORT_SUMMARY, &o, &error);
  g_autofree char *path = NULL, *text = NULL;

  g_assert_no_error (error);
  path = write_pdf (doc, "empty.pdf");
  if (!have_tool ("pdftotext"))
    return;
  text = pdf_text (path, 0);
  assert_contains (text, "No data for this period");
  assert_contains (text, "No dossier was late in this period.");

  o.to = o.from - 1;
  g_assert_null (mc_report_new (store, MC_REPORT_SUMMARY, &o, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
test_officers (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  g_autoptr(GError) error = NULL;
  McReportOptions o = january ();
  g_autoptr(McDocument) doc = NULL;
  g_autofree char *path = NULL, *text = NULL;

  o.officer_id = 5;
  doc = mc_report_new (store, MC_REPORT_OFFICERS, &o, &error);
  g_assert_no_error (error);
  path = write_pdf (doc, "officer.pdf");
  if (!have_tool ("pdftotext"))
    return;
  text = pdf_text (path, 0);
  /* Officer 5 resolved 23 dossiers, the late one among them: 22/23 = 95,65%. */
  assert_contains (text, "95,65%");
  assert_contains (text, LATE_CODE);
  assert_contains (text, "Late");
  assert_contains (text, "000.17.22.H56-240115-0100");   /* still open, past due */
}

/* The dashboard's officers chart and the printed report's are the same points (issue 10 §3):
 * the one from the analysis's figures, the other from the KPIs by officer. */
static void
test_officer_charts_agree (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  g_autoptr(GError) error = NULL;
  McReportOptions o = january ();
  g_autoptr(McAnalysis) a = NULL;
  g_autoptr(GPtrArray) by_officer = NULL;
  g_autoptr(McChartData) screen = NULL;
  g_autoptr(McChartData) paper = NULL;

  a = mc_analysis_compute (store, o.from, o.to, mc_test_time ("2024-02-01 08:00"), NULL, &error);
  g_assert_no_error (error);
  by_officer = mc_kpi_compute_by (store, o.from, o.to, MC_KPI_BY_OFFICER, &error);
  g_assert_no_error (error);
  screen = mc_report_officer_figures_chart (store, a->officers, 2024);
  paper = mc_report_officers_chart (store, by_officer, 2024);
  g_assert_cmpuint (mc_chart_data_get_n (screen), >, 0);
  g_assert_cmpuint (mc_chart_data_get_n (screen), ==, mc_chart_data_get_n (paper));
  for (guint i = 0; i < mc_chart_data_get_n (screen); i++)
    {
      const char *label = g_ptr_array_index (screen->labels, i);
      gboolean found = FALSE;

      for (guint j = 0; j < mc_chart_data_get_n (paper); j++)
        if (g_str_equal (label, g_ptr_array_index (paper->labels, j)))
          {
            g_assert_cmpfloat (g_array_index (screen->values, double, i), ==,
                               g_array_index (paper->values, double, j));
            g_assert_cmpfloat (g_array_index (screen->targets, double, i), ==,
                               g_array_index (paper->targets, double, j));
            found = TRUE;
          }
      if (!found)
        g_error ("officer “%s” is on the screen's chart, not on paper's", label);
    }
}

static void
test_register_pages (void)
{
  const int n = 400;
  g_autoptr(McStore) store = fixture_store (n);
  g_autoptr(GError) error = NULL;
  McReportOptions o = { .from = mc_test_day ("2024-03-01"), .to = mc_test_day ("2024-03-31"),
                        .date = mc_test_day ("2024-04-01") };
  g_autoptr(McDocument) doc = mc_form_new (store, MC_FORM_REGISTER, NULL, &o, &error);
  g_autofree char *path = NULL;
  int pages, found = 0;

  g_assert_no_error (error);
  pages = mc_document_get_n_pages (doc);
  /* At least two-line rows, ~12 pt each, on a landscape page of ~480 pt: over 10 pages. */
  g_assert_cmpint (pages, >, 10);
  path = write_pdf (doc, "register.pdf");
  if (!have_tool ("pdftotext"))
    return;
  g_assert_cmpint (pdf_pages (path), ==, pages);
  for (int p = 1; p <= pages; p++)
    {
      g_autofree char *text = pdf_text (path, p);
      g_autofree char *number = g_strdup_printf ("%d", p);

      /* The header row on every page; the page number on all but the first. */
      assert_contains (text, "Due");
      assert_contains (text, "Signature");
      if (p > 1)
        g_assert_true (g_str_has_prefix (g_strchug (text), number));
      for (int i = 0; i < n; i++)
        {
          g_autofree char *code = g_strdup_printf ("2403%02d-%04d", 1 + i % 28, i);
          if (strstr (text, code) != NULL)
            found++;
        }
    }
  /* Every row printed once: none lost or repeated at a page break. */
  g_assert_cmpint (found, ==, n);
  assert_fonts_embedded (path);
}

typedef struct {
  McFormKind  form;
  const char *code;
  const char *expect[4];
} FormCase;

static void
test_forms (void)
{
  static const FormCase cases[] = {
    { MC_FORM_RECEIPT, LATE_CODE,
      { "RECEIPT AND APPOINTMENT FOR RESULTS", LATE_CODE, "Giấy chứng sinh do cơ sở y tế", "Photocopy" } },
    { MC_FORM_SUPPLEMENT, SUPPLEMENT_CODE,
      { "REQUEST TO SUPPLEMENT", "Giấy chứng sinh (bản chính)", "Vũ Thị Lan", "Phạm Văn Hộ Tịch" } },
    { MC_FORM_REFUSAL, REFUSED_CODE,
      { "REFUSAL TO ACCEPT", "Tờ khai không có chữ ký", "Trịnh Văn Cường", "Lê Thị Một Cửa" } },
    { MC_FORM_APOLOGY, LATE_CODE,
      { "LETTER OF APOLOGY", "cần xác minh thông tin", "/PXL", "Nguyễn Văn Chủ" } },
    { MC_FORM_CONTROL, LATE_CODE,
      { "CONTROL SLIP", LONG_NAME, "Lê Thị Một Cửa", "Late" } },
  };
  g_autoptr(McStore) store = fixture_store (0);
  McReportOptions o = january ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McDocument) doc = mc_form_new (store, cases[i].form, cases[i].code, &o, &error);
      g_autofree char *name = g_strdup_printf ("form-%02d.pdf", cases[i].form);
      g_autofree char *path = NULL, *text = NULL;

      g_assert_no_error (error);
      /* The receipt in two copies, one per page (docs/domain.md §3). */
      g_assert_cmpint (mc_document_get_n_pages (doc), ==,
                       cases[i].form == MC_FORM_RECEIPT ? 2 : 1);
      path = write_pdf (doc, name);
      if (!have_tool ("pdftotext"))
        return;
      text = pdf_text (path, 0);
      for (int k = 0; k < 4; k++)
        assert_contains (text, cases[i].expect[k]);
      /* Nobody signed these: no QR code, no way to check it. */
      g_assert_null (strstr (text, "Scan this code"));
      assert_fonts_embedded (path);
      if (cases[i].form == MC_FORM_RECEIPT)
        {
          g_autofree char *first = pdf_text (path, 1), *second = pdf_text (path, 2);

          assert_contains (first, "Copy for the applicant");
          g_assert_null (strstr (first, "Copy kept by the desk"));
          assert_contains (second, "Copy kept by the desk");
          assert_contains (second, cases[i].expect[1]);
        }
    }
}

static gint64
add_account (McStore *store, const char *name, McRole role, const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, NULL, role, username,
                                 username != NULL ? "motcua2024" : NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
apply_ok (McStore *store, gint64 actor, gint64 dossier, McAction action, McActionArgs args)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_workflow_apply (store, actor, dossier, action, &args, &error));
  g_assert_no_error (error);
}

static gsize
file_size (const char *path)
{
  g_autofree char *data = NULL;
  gsize n = 0;

  g_assert_true (g_file_get_contents (path, &data, &n, NULL));
  return n;
}

/* A dossier signed by a leader carries the QR code of its signature on both copies of form 01. */
static void
test_form_signed (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) proc = mc_store_find_procedure (store, "2.000815", &error);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McDocument) unsigned_doc = NULL, signed_doc = NULL;
  g_autofree char *unsigned_path = NULL, *signed_path = NULL;
  McReportOptions o = { .date = mc_test_day ("2024-03-12") };
  McTime at = mc_test_time ("2024-03-11 08:00");
  gint64 desk, spec, vice, id;
  McIntake in = { 0 };

  g_assert_no_error (error);
  desk = add_account (store, "Nguyễn Thị Một Cửa", MC_ROLE_DESK, NULL);
  spec = add_account (store, "Trần Văn Tư Pháp", MC_ROLE_SPECIALIST, NULL);
  vice = add_account (store, "Hoàng Văn Phó", MC_ROLE_VICE_CHAIRMAN, "pho");
  mc_test_leader_ready (store, "pho", "motcua2024");
  in.procedure_id = proc->id;
  in.channel = MC_CHANNEL_DESK;
  in.at = at;
  in.applicant_name = "Nguyễn Văn An";
  in.request = "Chứng thực bản sao giấy khai sinh";
  id = mc_workflow_intake (store, desk, &in, &error);
  g_assert_no_error (error);
  apply_ok (store, desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = spec, .at = at + 600 });
  apply_ok (store, spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
            (McActionArgs) { .result = "Bản sao chứng thực số 12", .at = at + 1200 });
  dossier = mc_store_get_dossier (store, id, &error);
  g_assert_no_error (error);

  unsigned_doc = mc_form_new (store, MC_FORM_RECEIPT, dossier->code, &o, &error);
  g_assert_no_error (error);
  unsigned_path = write_pdf (unsigned_doc, "form-01-unsigned.pdf");

  g_assert_true (mc_workflow_sign (store, vice, id, "motcua2024", at + 1800, &error));
  g_assert_no_error (error);
  signed_doc = mc_form_new (store, MC_FORM_RECEIPT, dossier->code, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_document_get_n_pages (signed_doc), ==, 2);
  signed_path = write_pdf (signed_doc, "form-01-signed.pdf");
  /* The modules are drawn: the file grows by more than a caption. */
  g_assert_cmpuint (file_size (signed_path), >, file_size (unsigned_path) + 2000);

  if (!have_tool ("pdftotext"))
    return;
  for (int page = 1; page <= 2; page++)
    {
      g_autofree char *text = pdf_text (signed_path, page);
      g_autofree char *before = pdf_text (unsigned_path, page);

      assert_contains (text, "Scan this code");
      g_assert_null (strstr (before, "Scan this code"));
    }
}

static void
test_forms_refused (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  McReportOptions o = january ();
  struct { McFormKind form; const char *code; int code_error; } cases[] = {
    { MC_FORM_SUPPLEMENT, FIRST_CODE, MC_ERROR_INVALID },
    { MC_FORM_REFUSAL, LATE_CODE, MC_ERROR_INVALID },
    { MC_FORM_APOLOGY, SUPPLEMENT_CODE, MC_ERROR_INVALID },
    { MC_FORM_RECEIPT, REFUSED_CODE, MC_ERROR_INVALID },
    { MC_FORM_RECEIPT, "no-such-code", MC_ERROR_NOT_FOUND },
    { 9, LATE_CODE, MC_ERROR_INVALID },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (mc_form_new (store, cases[i].form, cases[i].code, &o, &error));
      g_assert_error (error, MC_ERROR, cases[i].code_error);
    }
}

/* ---- Layout ---- */

static void
assert_inside (cairo_surface_t *recording, const char *what, double x0, double y0, double x1,
               double y1)
{
  double x, y, w, h;

  cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
  if (w == 0 && h == 0)
    return;
  /* The recording surface rounds its extents out to whole units; a border's half width too. */
  if (x < x0 - 1.5 || y < y0 - 1.5 || x + w > x1 + 1.5 || y + h > y1 + 1.5)
    g_error ("%s: ink (%.1f, %.1f)–(%.1f, %.1f) outside (%.1f, %.1f)–(%.1f, %.1f)",
             what, x, y, x + w, y + h, x0, y0, x1, y1);
}

static void
test_layout_wraps (void)
{
  g_autoptr(McDocument) doc = mc_document_new (FALSE);
  static const double widths[] = { 1, 1, 1 };
  McTable *t = mc_document_add_table (doc, 3, widths, 12);
  double w, h, left = MC_MM (30), right;

  mc_document_get_page_size (doc, &w, &h);
  right = w - MC_MM (15);
  mc_table_set_header (t, (const char *[]) { "A", "B", "C" });
  for (int i = 0; i < 200; i++)
    mc_table_add_row (t, (const char *[]) {
        "000.17.22.H56-240105-0007000.17.22.H56-240105-0007", LONG_NAME, "x" });
  mc_document_add_signature (doc, (const char *[]) { "- Lưu: VT.", NULL },
                             (const char *[]) { "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", NULL }, LONG_NAME);
  g_assert_cmpint (mc_document_get_n_pages (doc), >, 3);
  for (int p = 0; p < mc_document_get_n_pages (doc); p++)
    {
      cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (rec);

      mc_document_draw_page (doc, cr, p);
      cairo_destroy (cr);
      /* Nothing overflows the margins, however long the words (the page number sits in the
       * top margin). */
      assert_inside (rec, "page", left, MC_MM (5), right, h - MC_MM (20));
      cairo_surface_destroy (rec);
    }
}

/* The last page never holds the signature alone ("Nơi nhận" and a name with nothing above
 * them): whatever the body's length, the paragraph before it goes over with it. */
static McDocument *
body_and_signature (int paragraphs, gboolean signature)
{
  McDocument *doc = mc_document_new (FALSE);
  McParagraphStyle body = { .size = 13, .align = MC_ALIGN_JUSTIFY, .space_after = 6 };

  for (int i = 0; i < paragraphs; i++)
    mc_document_add_text (doc, &body, "Đoạn %d: kết quả giải quyết thủ tục hành chính của xã "
                          "trong kỳ báo cáo, theo từng lĩnh vực và từng công chức.", i + 1);
  mc_document_add_space (doc, 12);
  if (signature)
    mc_document_add_signature (doc, (const char *[]) { "- UBND tỉnh;", "- Lưu: VT.", NULL },
                               (const char *[]) { "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", NULL },
                               "Ngô Quang Vinh");
  return doc;
}

static void
test_signature_not_alone (void)
{
  int checked = 0;

  for (int n = 5; n < 60; n++)
    {
      g_autoptr(McDocument) without = body_and_signature (n, FALSE);
      g_autoptr(McDocument) with = body_and_signature (n, TRUE);
      int pages = mc_document_get_n_pages (with);
      g_autofree char *name = NULL, *path = NULL, *last = NULL, *wanted = NULL;

      /* Only the bodies that fill their page, so the signature needs another. */
      if (mc_document_get_n_pages (without) != 1 || pages != 2)
        continue;
      name = g_strdup_printf ("alone-%d.pdf", n);
      path = write_pdf (with, name);
      if (!have_tool ("pdftotext"))
        return;
      last = pdf_text (path, pages);
      wanted = g_strdup_printf ("Đoạn %d:", n);
      assert_contains (last, "Ngô Quang Vinh");
      assert_contains (last, wanted);
      checked++;
    }
  g_assert_cmpint (checked, >, 0);
}

/* ---- Charts ---- */

typedef void (*ChartFunc) (cairo_t *cr, double width, double height, const McChartData *data);

static McChartData *
chart_data (guint n, gboolean percent)
{
  McChartData *d = mc_chart_data_new (n > 20 ? "Một biểu đồ có tiêu đề rất dài để xem nó xuống dòng "
                                               "đúng cách trong khung" : "Tỷ lệ", percent);

  mc_chart_data_set_legend (d, "Kết quả", "Chỉ tiêu");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = i % 5 == 0 ? g_strdup (LONG_NAME) : g_strdup_printf ("%02u/24", i + 1);
      double v = percent ? 90 + (i * 37 % 11) : i * 1234.5;

      mc_chart_data_add (d, label, i == 3 ? NAN : v, percent ? 97 : NAN);
    }
  return d;
}

static void
test_charts (void)
{
  static const ChartFunc funcs[] = { mc_chart_draw_bars, mc_chart_draw_line, mc_chart_draw_hbars };
  static const double sizes[][2] = { { 30, 20 }, { 120, 80 }, { 300, 200 }, { 467, 190 },
                                     { 1200, 400 }, { 200, 900 } };
  static const guint counts[] = { 0, 1, 2, 12, 60 };

  for (gsize f = 0; f < G_N_ELEMENTS (funcs); f++)
    for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (gsize c = 0; c < G_N_ELEMENTS (counts); c++)
        for (int percent = 0; percent < 2; percent++)
          {
            g_autoptr(McChartData) data = chart_data (counts[c], percent);
            double w = sizes[s][0], h = sizes[s][1], x, y, iw, ih;
            cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
            cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
            cairo_t *cr = cairo_create (rec);

            cairo_set_source_rgb (cr, 0, 0, 0);
            funcs[f] (cr, w, h, data);
            g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
            cairo_destroy (cr);
            g_autofree char *what = g_strdup_printf ("chart %zu, %gx%g, %u points, percent %d",
                                                     f, w, h, counts[c], percent);

            assert_inside (rec, what, 0, 0, w, h);
            cairo_recording_surface_ink_extents (rec, &x, &y, &iw, &ih);
            /* Something is drawn: the chart, or the empty state once there is room for it. */
            if (w >= 120)
              g_assert_cmpfloat (iw * ih, >, 0);

            cr = cairo_create (img);
            funcs[f] (cr, w, h, data);
            g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
            cairo_destroy (cr);
            cairo_surface_destroy (img);
            cairo_surface_destroy (rec);
          }
}

/* What a tooltip asks: which point is under the pointer, after each kind of chart; and a line
 * whose last points are a projection stays inside its bounds. */
static void
test_chart_hit (void)
{
  static const ChartFunc funcs[] = { mc_chart_draw_bars, mc_chart_draw_line, mc_chart_draw_hbars };
  static const double sizes[][2] = { { 300, 200 }, { 900, 320 } };

  for (gsize f = 0; f < G_N_ELEMENTS (funcs); f++)
    for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint n = 0; n <= 12; n += 4)
        {
          g_autoptr(McChartData) data = chart_data (n, TRUE);
          double w = sizes[s][0], h = sizes[s][1];
          cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
          cairo_t *cr = cairo_create (rec);
          g_autofree char *what = g_strdup_printf ("hit %zu, %gx%g, %u points", f, w, h, n);

          data->projected = f == 1 ? n / 3 : 0;
          cairo_set_source_rgb (cr, 0, 0, 0);
          funcs[f] (cr, w, h, data);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          cairo_destroy (cr);
          assert_inside (rec, what, 0, 0, w, h);
          cairo_surface_destroy (rec);

          g_assert_cmpint (mc_chart_data_hit (data, -5, -5), ==, -1);
          g_assert_cmpint (mc_chart_data_hit (data, w + 5, h / 2), ==, -1);
          for (guint i = 0; i < n; i++)
            {
              const cairo_rectangle_t *b = &g_array_index (data->boxes, cairo_rectangle_t, i);

              g_assert_cmpfloat (b->width, >, 0);
              g_assert_cmpfloat (b->x + b->width, <=, w + 0.001);
              g_assert_cmpfloat (b->y + b->height, <=, h + 0.001);
              g_assert_cmpint (mc_chart_data_hit (data, b->x + b->width / 2, b->y + b->height / 2),
                               ==, (int) i);
            }
        }
}

/* ---- Command line ---- */

static void
test_cli (void)
{
  const char *cli = g_getenv ("MOTCUA_CLI");
  g_autofree char *db = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "cli-report.pdf", NULL);
  g_autofree char *form = g_build_filename (tmpdir, "cli-form.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (cli == NULL)
    {
      g_test_skip ("MOTCUA_CLI is not set");
      return;
    }
  db = mc_test_new_target (tmpdir, "cli.db");
  {
    g_autoptr(McStore) store = mc_store_create (db, &error);

    g_assert_no_error (error);
    fill_store (store, 30);
  }

  g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "report", "--from", "2024-01-01",
                                   "--to", "2024-01-31", "--out", pdf, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "form", "01", LATE_CODE, "--out",
                                   form, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "form", "06", "--from", "2024-03-01",
                                   "--to", "2024-03-31", "--out", form, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Wrong input: exit 1 (no such dossier), wrong usage: exit 2. */
  g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "form", "02", FIRST_CODE, "--out",
                                   form, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "report", "--out", pdf, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);

  if (!have_tool ("pdftotext"))
    return;
  /* The command runs in the C locale of the tests: English numbers. */
  text = pdf_text (pdf, 0);
  assert_contains (text, "97.83%");
}

/* The controller's monthly review: the figures, the late cases and where their time went, the
 * citizens sent back twice, the brokers (for the roles that see them) and the inspections. */
static void
test_review (void)
{
  g_autoptr(McStore) store = fixture_store (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(McInspection) inspection = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McDocument) desk_doc = NULL;
  McReportOptions o = january ();
  g_autofree char *path = NULL, *text = NULL, *desk_path = NULL, *desk_text = NULL;
  g_autofree char *number = NULL, *month_path = NULL, *month_text = NULL;
  g_autoptr(McDocument) month_doc = NULL;
  McReportOptions month = { 0 };

  exec_sql (store, "INSERT INTO officer (id, name, title, role, active, created_at) VALUES "
                   "(6, 'Lý Thị Kiểm Soát', 'Kiểm soát TTHC', 6, TRUE, 0)");
  inspection = mc_inspection_draw (store, 6, o.from, o.to, 3, MC_SAMPLE_WHOLE, TRUE, 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inspection);
  number = g_strdup_printf ("Spot inspection no. %lld", (long long) inspection->id);

  o.author_id = 6;
  doc = mc_report_new (store, MC_REPORT_REVIEW, &o, &error);
  g_assert_no_error (error);
  path = write_pdf (doc, "review.pdf");
  o.author_id = 3;
  desk_doc = mc_report_new (store, MC_REPORT_REVIEW, &o, &error);
  g_assert_no_error (error);
  desk_path = write_pdf (desk_doc, "review-desk.pdf");
  /* The inspection was drawn today (by the store's clock, the server's on PostgreSQL): in this
   * month's review, not in January's. */
  {
    int y, m;
    McDay now = mc_day_of_time (inspection->drawn_at);

    mc_day_to_ymd (now, &y, &m, NULL);
    month.from = mc_day_from_ymd (y, m, 1);
    month.to = (m == 12 ? mc_day_from_ymd (y + 1, 1, 1) : mc_day_from_ymd (y, m + 1, 1)) - 1;
    month.author_id = 6;
    month_doc = mc_report_new (store, MC_REPORT_REVIEW, &month, &error);
    g_assert_no_error (error);
    month_path = write_pdf (month_doc, "review-month.pdf");
  }
  if (!have_tool ("pdftotext"))
    return;
  text = pdf_text (path, 0);
  assert_contains (text, "MONTHLY REVIEW");
  assert_contains (text, "Month 01/2024");
  assert_contains (text, "97,83%");                      /* the on-time rate, as the summary */
  assert_contains (text, "II. LATE CASES AND WHERE THE TIME WENT");
  assert_contains (text, LATE_CODE);
  assert_contains (text, "III. CITIZENS SENT BACK MORE THAN ONCE");
  assert_contains (text, "more than one supplement request");
  assert_contains (text, "No representative filed for many unrelated applicants this month.");
  assert_contains (text, "No spot inspection was drawn this month.");
  assert_contains (text, "PREPARED BY");
  assert_contains (text, "CHAIRMAN");
  assert_contains (text, "Lý Thị Kiểm Soát");
  assert_contains (text, "Nguyễn Văn Chủ");
  g_assert_cmpint (pdf_pages (path), ==, mc_document_get_n_pages (doc));
  /* A desk officer's copy leaves the brokers out. */
  desk_text = pdf_text (desk_path, 0);
  assert_contains (desk_text, "Only the controller, the chairman and the commune police see");
  month_text = pdf_text (month_path, 0);
  assert_contains (month_text, number);
  assert_contains (month_text, "3 drawn, 0 in order, 0 with failings, 3 not inspected yet");
}
static char *
attach (McStore *store, gint64 actor, gint64 dossier, int position, GBytes *bytes,
        const char *name)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) hashes = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (files, mc_attachment_file_new (position, bytes, name));
  g_assert_true (mc_dossier_attach (store, actor, dossier, files, FALSE, &hashes, &error));
  g_assert_no_error (error);
  return g_strdup (g_ptr_array_index (hashes, 0));
}

/* A cover page with the code and every hash, then each page of each file: a PDF of two pages, a
 * JPEG and a PNG (landscape), a one-page draft result. From the library and from the CLI. */
static void
test_dossier_files (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) proc = mc_store_find_procedure (store, "2.000815", &error);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GBytes) form = mc_test_make_pdf (2, "To khai", 0);
  g_autoptr(GBytes) id_card = mc_test_make_image ("jpeg", 800, 1100, 0x4070a0ff);
  g_autoptr(GBytes) photo = mc_test_make_image ("png", 1200, 600, 0x4070a0ff);
  g_autoptr(GBytes) draft = mc_test_make_pdf (1, "Ban sao chung thuc", 0);
  g_autofree char *path = g_build_filename (tmpdir, "dossier-files.pdf", NULL);
  char *hashes[4] = { NULL };
  McIntake in = { 0 };
  gint64 desk, spec, id;
  int pages = 0;

  g_assert_no_error (error);
  desk = add_account (store, "Nguyễn Thị Một Cửa", MC_ROLE_DESK, NULL);
  spec = add_account (store, "Trần Văn Tư Pháp", MC_ROLE_SPECIALIST, NULL);
  g_ptr_array_add (docs, mc_dossier_document_new ("Tờ khai chứng thực", 0, 1, TRUE));
  g_ptr_array_add (docs, mc_dossier_document_new ("Căn cước công dân", 2, 1, TRUE));
  in.procedure_id = proc->id;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Phạm Thị Hồng Nhung";
  in.applicant_id_number = "001190012345";
  in.documents = docs;
  id = mc_workflow_intake (store, desk, &in, &error);
  g_assert_no_error (error);
  hashes[0] = attach (store, desk, id, 0, form, "to-khai.pdf");
  hashes[1] = attach (store, desk, id, 1, id_card, "cccd-mat-truoc.jpg");
  hashes[2] = attach (store, desk, id, 1, photo, NULL);
  apply_ok (store, desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = spec });
  hashes[3] = attach (store, spec, id, MC_ATTACHMENT_RESULT, draft, "ban-sao-chung-thuc.pdf");
  d = mc_store_get_dossier (store, id, &error);
  g_assert_no_error (error);

  g_assert_true (mc_report_files_write_pdf (store, id, path, &pages, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pages, ==, 1 + 2 + 1 + 1 + 1);
  if (!have_tool ("pdftotext"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
        g_free (hashes[i]);
      return;
    }
  g_assert_cmpint (pdf_pages (path), ==, 6);
  {
    g_autofree char *cover = pdf_text (path, 1);
    g_autofree char *second = pdf_text (path, 2);
    g_autofree char *last = pdf_text (path, 6);

    assert_contains (cover, d->code);
    assert_contains (cover, "Phạm Thị Hồng Nhung");
    assert_contains (cover, "to-khai.pdf");
    assert_contains (cover, "cccd-mat-truoc.jpg");
    assert_contains (cover, "ban-sao-chung-thuc.pdf");
    assert_contains (cover, "Căn cước công dân");
    assert_contains (cover, "Trần Văn Tư Pháp");
    for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
      assert_contains (cover, hashes[i]);
    /* The files' own pages follow, the result's last. */
    assert_contains (second, "To khai 1");
    assert_contains (last, "Ban sao chung thuc 1");
  }
  /* A file whose bytes were changed in the database is named so on the cover. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE blob SET data = ?1 WHERE hash = '%s'",
                                            hashes[3]);
    g_autoptr(GBytes) other = mc_test_make_pdf (1, "Gia mao", 0);
    g_autofree char *cover = NULL;

    g_assert_true (mc_store_testing_run_blob (store, sql, g_bytes_get_data (other, NULL),
                                              g_bytes_get_size (other), &error));
    g_assert_no_error (error);
    g_assert_true (mc_report_files_write_pdf (store, id, path, &pages, &error));
    g_assert_no_error (error);
    cover = pdf_text (path, 1);
    assert_contains (cover, "ALTERED");
  }
  for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
    g_free (hashes[i]);

  /* motcua-cli dossier export-files, on a database file. */
  {
    const char *cli = g_getenv ("MOTCUA_CLI");
    g_autofree char *db = mc_test_new_target (tmpdir, "files.db");
    g_autofree char *out = g_build_filename (tmpdir, "cli-files.pdf", NULL);
    g_autofree char *stdout_text = NULL;
    g_autofree char *code = NULL;
    g_autofree char *hash = NULL;
    int status = 0;

    if (cli == NULL)
      return;
    {
      g_autoptr(McStore) s2 = mc_store_create (db, &error);
      g_autoptr(McProcedure) p2 = NULL;
      g_autoptr(GPtrArray) docs2 = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
      McIntake in2 = { 0 };
      gint64 desk2, id2;

      g_assert_no_error (error);
      g_assert_true (mc_catalogue_init_defaults (s2, &error));
      p2 = mc_store_find_procedure (s2, "2.000815", &error);
      desk2 = add_account (s2, "Nguyễn Thị Một Cửa", MC_ROLE_DESK, NULL);
      g_ptr_array_add (docs2, mc_dossier_document_new ("Tờ khai", 0, 1, TRUE));
      in2.procedure_id = p2->id;
      in2.channel = MC_CHANNEL_DESK;
      in2.applicant_name = "Phạm Thị Hồng Nhung";
      in2.documents = docs2;
      id2 = mc_workflow_intake (s2, desk2, &in2, &error);
      g_assert_no_error (error);
      hash = attach (s2, desk2, id2, 0, form, "to-khai.pdf");
      {
        g_autoptr(McDossier) d2 = mc_store_get_dossier (s2, id2, NULL);

        code = g_strdup (d2->code);
      }
    }
    g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "dossier", "export-files", code,
                                     out, NULL },
                  NULL, 0, NULL, NULL, &stdout_text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (stdout_text, "(3 pages)"));
    g_assert_cmpint (pdf_pages (out), ==, 3);
    {
      g_autofree char *cover = pdf_text (out, 1);

      assert_contains (cover, code);
      assert_contains (cover, hash);
    }
    /* No such dossier: exit 1, nothing written; wrong usage: 2. */
    g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "dossier", "export-files",
                                     "000.00.00.H00-000000-0000", out, NULL },
                  NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, &status, &error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
    g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", db, "dossier", "export-files", code,
                                     NULL },
                  NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, &status, &error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
  }
}

int
main (int argc, char **argv)
{
  int status;

  /* English under the tests' C.UTF-8; LANGUAGE=vi LC_ALL=vi_VN.UTF-8 writes the PDFs in
   * Vietnamese for a look (the checks then stop at the first English phrase). */
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);
  mc_text_set_number_style (MC_NUMBER_STYLE_VI);
  tmpdir = mc_test_tmpdir ();

  g_test_add_func ("/report/summary", test_summary);
  g_test_add_func ("/report/review", test_review);
  g_test_add_func ("/report/summary-empty", test_summary_empty_period);
  g_test_add_func ("/report/officers", test_officers);
  g_test_add_func ("/report/officer-charts-agree", test_officer_charts_agree);
  g_test_add_func ("/report/register-pages", test_register_pages);
  g_test_add_func ("/report/forms", test_forms);
  g_test_add_func ("/report/forms-refused", test_forms_refused);
  g_test_add_func ("/report/form-signed", test_form_signed);
  g_test_add_func ("/report/layout-wraps", test_layout_wraps);
  g_test_add_func ("/report/signature-not-alone", test_signature_not_alone);
  g_test_add_func ("/report/charts", test_charts);
  g_test_add_func ("/report/chart-hit", test_chart_hit);
  g_test_add_func ("/report/cli", test_cli);
  g_test_add_func ("/report/dossier-files", test_dossier_files);
  status = g_test_run ();
  g_free (tmpdir);
  return status;
}
