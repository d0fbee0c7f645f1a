/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printed forms and reports against Circular 01/2018/TT-VPCP and Decree 30/2020, point by
 * point (issue 17), and the agency's names of 2026 and of before the reform (docs/domain.md §6).
 * Each document is written as PDF and read back with pdftotext; the PDFs stay in the test's
 * temporary folder (its path is printed) for a look at the pages. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-agency.h"
#include "mc-date.h"
#include "mc-store-internal.h"
#include "mc-paths.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-report.h"
#include "mc-supervision.h"
#include "mc-test-util.h"

#define APPLICANT      "Nguyễn Thị Hồng Nhung"
#define REPRESENTATIVE "Trần Văn Đại Diện"
#define REPRESENTATIVE_ID "001190054321"
#define DESK_NAME      "Lê Thị Tiếp Nhận"
#define SPEC_NAME      "Phạm Văn Hộ Tịch"
#define PHONE          "024 3861 2345"

static char *tmpdir;

/* ---- PDF helpers ---- */

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    g_test_skip ("pdftotext is not installed");
  return path != NULL;
}

/* The text of PAGE (from 1; 0: all), each cell's lines in order, NFC. */
static char *
pdf_text (const char *path, int page)
{
  g_autofree char *p = g_strdup_printf ("%d", page);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *all[] = { "pdftotext", "-enc", "UTF-8", "-raw", path, "-", NULL };
  const char *one[] = { "pdftotext", "-enc", "UTF-8", "-raw", "-f", p, "-l", p, path, "-", NULL };

  g_spawn_sync (NULL, (char **) (page > 0 ? one : all), NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_utf8_normalize (out, -1, G_NORMALIZE_NFC);
}

/* TEXT with its line breaks made spaces: what wrapped in a cell reads as one line. */
static char *
flat (const char *text)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (text), "\n", ' ');
  g_auto(GStrv) words = g_strsplit (spaced, " ", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, words[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (" ", (char **) kept->pdata);
}

static void
assert_has (const char *text, const char *needle)
{
  g_autofree char *f = flat (text);
  g_autofree char *n = g_utf8_normalize (needle, -1, G_NORMALIZE_NFC);

  if (strstr (f, n) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static void
assert_lacks (const char *text, const char *needle)
{
  g_autofree char *f = flat (text);
  g_autofree char *n = g_utf8_normalize (needle, -1, G_NORMALIZE_NFC);

  if (strstr (f, n) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, text);
}

static int
n_pages (const char *path)
{
  g_autofree char *out = NULL;
  const char *line;

  g_spawn_sync (NULL, (char *[]) { "pdfinfo", (char *) path, NULL }, NULL, G_SPAWN_SEARCH_PATH |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, NULL);
  line = out != NULL ? strstr (out, "Pages:") : NULL;
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static char *
write_pdf (McDocument *doc, const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_nonnull (doc);
  {
    /* An older file of the same name, readable by all, is replaced by one of its owner's. */
    g_file_set_contents (path, "old", -1, NULL);
    g_chmod (path, 0644);
  }
  g_assert_true (mc_document_write_pdf (doc, path, &error));
  g_assert_no_error (error);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  return path;
}

static char *
form_pdf (McStore *store, McFormKind form, const char *code, const char *name)
{
  McReportOptions o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDocument) doc = mc_form_new (store, form, code, &o, &error);

  g_assert_no_error (error);
  return write_pdf (doc, name);
}

/* ---- The commune ---- */

typedef struct {
  McStore *store;
  gint64   desk, spec, chair;
  char    *code;        /* received 02/12/2025 with a representative, a 20-day supplement pause,
                         * an apology, resolved in time, handed over after the appointment */
  char    *old_code;    /* received in 2023 */
} Commune;

static gint64
account (McStore *store, const char *name, McRole role)
{
  g_autoptr(GError) error = NULL;
  gint64 id = mc_account_create (store, 0, name, NULL, role, NULL, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
act (Commune *c, gint64 actor, gint64 id, McAction action, McActionArgs args)
{
  g_autoptr(GError) error = NULL;

  mc_workflow_apply (c->store, actor, id, action, &args, &error);
  g_assert_no_error (error);
}

static gint64
receive (Commune *c, const char *procedure, const char *at, const char *representative)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) p = mc_store_find_procedure (c->store, procedure, &error);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  McIntake in = { 0 };
  gint64 id;

  g_assert_no_error (error);
  for (guint i = 0; i < p->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (p->documents, i);
      McDossierDocument *d = g_new0 (McDossierDocument, 1);

      /* The names stay owned by the procedure, which outlives the intake. */
      d->name = t->name;
      d->copy_kind = t->copy_kind;
      d->quantity = t->quantity;
      g_ptr_array_add (docs, d);
    }
  in.procedure_id = p->id;
  in.channel = MC_CHANNEL_DESK;
  in.at = mc_test_time (at);
  in.applicant_name = APPLICANT;
  in.applicant_phone = "0912345678";
  in.applicant_address = "Thôn Đông, xã Tam Hiệp";
  in.representative_name = representative;
  in.representative_phone = representative != NULL ? "0987654321" : NULL;
  in.representative_id_number = representative != NULL ? REPRESENTATIVE_ID : NULL;
  in.documents = docs;
  id = mc_workflow_intake (c->store, c->desk, &in, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
code_of (Commune *c, gint64 id)
{
  g_autoptr(McDossier) d = mc_store_get_dossier (c->store, id, NULL);

  g_assert_nonnull (d);
  return g_strdup (d->code);
}

static void
commune_init (Commune *c)
{
  g_autoptr(GError) error = NULL;
  gint64 id, old;

  c->store = mc_test_store_new (TRUE);
  c->desk = account (c->store, DESK_NAME, MC_ROLE_DESK);
  c->spec = account (c->store, SPEC_NAME, MC_ROLE_SPECIALIST);
  c->chair = account (c->store, "Ngô Quang Vinh", MC_ROLE_CHAIRMAN);
  g_assert_true (mc_store_set_setting (c->store, 0, "agency.phone", PHONE, &error));
  g_assert_no_error (error);

  /* Xác nhận tình trạng hôn nhân: 3 working days. */
  id = receive (c, "1.004873", "2025-12-02 09:00", REPRESENTATIVE);
  act (c, c->desk, id, MC_ACTION_ASSIGN,
       (McActionArgs) { .officer_id = c->spec, .at = mc_test_time ("2025-12-02 10:00") });
  act (c, c->spec, id, MC_ACTION_REQUEST_SUPPLEMENT,
       (McActionArgs) { .at = mc_test_time ("2025-12-03 09:00"),
                        .note = "Bản sao Giấy chứng nhận kết hôn trước đây\n"
                                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân\n"
                                "Lý do: tờ khai ghi đã từng kết hôn nhưng chưa có giấy tờ "
                                "chứng minh đã ly hôn" });
  act (c, c->desk, id, MC_ACTION_SUPPLEMENT_RECEIVED,
       (McActionArgs) { .at = mc_test_time ("2025-12-23 09:00") });
  act (c, c->spec, id, MC_ACTION_APOLOGIZE,
       (McActionArgs) { .at = mc_test_time ("2025-12-24 10:00"),
                        .note = "cần xác minh tại nơi cư trú trước đây",
                        .new_due = mc_test_time ("2025-12-30 17:00") });
  act (c, c->spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
       (McActionArgs) { .at = mc_test_time ("2025-12-24 11:00"), .result = "Giấy xác nhận số 5" });
  act (c, 0, id, MC_ACTION_SIGN, (McActionArgs) { .at = mc_test_time ("2025-12-24 14:00") });
  act (c, c->spec, id, MC_ACTION_RECORD_RESULT,
       (McActionArgs) { .at = mc_test_time ("2025-12-24 15:00") });
  act (c, c->desk, id, MC_ACTION_HAND_OVER,
       (McActionArgs) { .at = mc_test_time ("2026-01-05 08:00") });
  c->code = code_of (c, id);

  old = receive (c, "1.001193", "2023-10-05 09:00", NULL);
  act (c, c->desk, old, MC_ACTION_ASSIGN,
       (McActionArgs) { .officer_id = c->spec, .at = mc_test_time ("2023-10-05 09:30") });
  c->old_code = code_of (c, old);
}

static void
commune_clear (Commune *c)
{
  g_clear_object (&c->store);
  g_clear_pointer (&c->code, g_free);
  g_clear_pointer (&c->old_code, g_free);
}

/* ---- Section 1: the names of 2026 and of before ---- */

static void
test_names_from_header (void)
{
  static const char *const cases[][2] = {
    { "UBND XÃ TAM HIỆP", "Ủy ban nhân dân xã Tam Hiệp" },
    { "UBND THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội" },
    { "UBND HUYỆN THANH TRÌ", "Ủy ban nhân dân huyện Thanh Trì" },
    { "ỦY BAN NHÂN DÂN PHƯỜNG HÀ ĐÔNG", "Ủy ban nhân dân phường Hà Đông" },
    { "UBND THỊ XÃ SƠN TÂY", "Ủy ban nhân dân thị xã Sơn Tây" },
    { "UBND  ĐẶC KHU  PHÚ QUỐC ", "Ủy ban nhân dân đặc khu Phú Quốc" },
    { "Ủy ban nhân dân xã Tam Hiệp", "Ủy ban nhân dân xã Tam Hiệp" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mc_agency_text_from_header (cases[i][0]);
      g_autofree char *want = g_utf8_normalize (cases[i][1], -1, G_NORMALIZE_NFC);

      g_assert_cmpstr (text, ==, want);
    }
}

/* A new database prints the commune of 2026, and documents of 2023 the names of then. */
static void
test_names_by_period (void)
{
  g_autoptr(McStore) store = mc_test_store_new (TRUE);
  g_autoptr(McAgency) now = mc_agency_at (store, mc_test_day ("2026-03-01"));
  g_autoptr(McAgency) then = mc_agency_at (store, mc_test_day ("2023-12-31"));
  g_autoptr(McAgency) eve = mc_agency_at (store, mc_test_day ("2025-06-30"));
  g_autoptr(McAgency) first = mc_agency_at (store, mc_test_day ("2025-07-01"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McAgency) later = NULL;

  g_assert_cmpstr (now->parent, ==, "UBND THÀNH PHỐ HÀ NỘI");
  g_assert_cmpstr (now->unit, ==, "Trung tâm Phục vụ hành chính công xã Tam Hiệp");
  g_assert_cmpstr (now->unit_header, ==, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TAM HIỆP");
  g_assert_cmpstr (now->name_text, ==, "Ủy ban nhân dân xã Tam Hiệp");
  g_assert_cmpstr (then->parent, ==, "UBND HUYỆN THANH TRÌ");
  g_assert_cmpstr (then->unit, ==, "Bộ phận Một cửa");
  g_assert_cmpstr (then->unit_header, ==, "BỘ PHẬN MỘT CỬA");
  g_assert_cmpstr (eve->unit, ==, "Bộ phận Một cửa");
  g_assert_cmpstr (first->unit, ==, now->unit);

  /* The day of the reform is a setting. */
  g_assert_true (mc_store_set_setting (store, 0, "agency.since", "2026-01-01", &error));
  g_assert_no_error (error);
  later = mc_agency_at (store, mc_test_day ("2025-12-31"));
  g_assert_cmpstr (later->unit, ==, "Bộ phận Một cửa");
}

/* A database made before these settings existed (only parent, name, place) keeps printing:
 * running-text names are derived, the earlier set falls back on what it had. */
static void
test_names_old_database (void)
{
  g_autoptr(McStore) store = mc_test_store_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McAgency) now = NULL, then = NULL;

  g_assert_true (mc_store_set_setting (store, 0, "agency.parent", "UBND HUYỆN THANH TRÌ", &error));
  g_assert_true (mc_store_set_setting (store, 0, "agency.name", "UBND XÃ TAM HIỆP", &error));
  g_assert_true (mc_store_set_setting (store, 0, "agency.place", "Tam Hiệp", &error));
  g_assert_no_error (error);
  now = mc_agency_at (store, mc_test_day ("2026-01-10"));
  then = mc_agency_at (store, mc_test_day ("2024-01-10"));
  g_assert_cmpstr (now->name_text, ==, "Ủy ban nhân dân xã Tam Hiệp");
  g_assert_cmpstr (now->unit, ==, "Trung tâm Phục vụ hành chính công xã Tam Hiệp");
  g_assert_cmpstr (then->parent, ==, "UBND HUYỆN THANH TRÌ");
  g_assert_cmpstr (then->parent_text, ==, "Ủy ban nhân dân huyện Thanh Trì");
  g_assert_cmpstr (then->unit, ==, "Bộ phận Một cửa");
  g_assert_cmpstr (then->place, ==, "Tam Hiệp");
}

/* Reports of 2026 and of 2023, and a receipt of 2023, each with the names of its period; agency
 * names in running text are not in capitals, and the body names the unit of the header. */
static void
test_reports_by_period (void)
{
  Commune c = { 0 };
  g_autoptr(GError) error = NULL;
  McReportOptions y2026 = { .from = mc_test_day ("2025-12-01"), .to = mc_test_day ("2026-01-31") };
  McReportOptions y2023 = { .from = mc_test_day ("2023-01-01"), .to = mc_test_day ("2023-12-31"),
                            .date = mc_test_day ("2024-01-05") };
  g_autoptr(McDocument) now = NULL, then = NULL;
  g_autofree char *now_path = NULL, *then_path = NULL, *receipt = NULL;
  g_autofree char *a = NULL, *b = NULL, *r = NULL;

  commune_init (&c);
  now = mc_report_new (c.store, MC_REPORT_SUMMARY, &y2026, &error);
  g_assert_no_error (error);
  then = mc_report_new (c.store, MC_REPORT_SUMMARY, &y2023, &error);
  g_assert_no_error (error);
  now_path = write_pdf (now, "report-2026.pdf");
  then_path = write_pdf (then, "report-2023.pdf");
  receipt = form_pdf (c.store, MC_FORM_RECEIPT, c.old_code, "form-01-2023.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  a = pdf_text (now_path, 0);
  b = pdf_text (then_path, 0);
  r = pdf_text (receipt, 1);

  assert_has (a, "UBND THÀNH PHỐ HÀ NỘI");
  assert_has (a, "- Ủy ban nhân dân thành phố Hà Nội;");
  assert_has (a, "Ủy ban nhân dân xã Tam Hiệp reports the results of handling administrative "
                 "procedures at Trung tâm Phục vụ hành chính công xã Tam Hiệp");
  assert_lacks (a, "HUYỆN");
  assert_lacks (a, "UBND XÃ TAM HIỆP reports");

  assert_has (b, "UBND HUYỆN THANH TRÌ");
  assert_has (b, "- Ủy ban nhân dân huyện Thanh Trì;");
  assert_has (b, "at Bộ phận Một cửa from");
  assert_has (b, "Tam Hiệp, 2024-01-05");
  assert_lacks (b, "HÀ NỘI");
  assert_lacks (b, "Trung tâm");

  assert_has (r, "BỘ PHẬN MỘT CỬA");
  assert_has (r, "Bộ phận Một cửa has received the dossier of:");
  assert_has (r, "6. Collect the results at Bộ phận Một cửa");
  assert_lacks (r, "Trung tâm");
  commune_clear (&c);
}

/* ---- Section 2, point by point ---- */

/* 1. A reprint is dated the day of the event it records, not today. 7. Each copy of form 01 is
 * a document of its own: no page number on the second. */
static void
test_form_dates (void)
{
  Commune c = { 0 };
  g_autofree char *receipt = NULL, *apology = NULL, *supplement = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *ap = NULL, *sp = NULL;
  g_autofree char *today = NULL, *today_line = NULL;
  int y, m, d;

  commune_init (&c);
  receipt = form_pdf (c.store, MC_FORM_RECEIPT, c.code, "form-01.pdf");
  apology = form_pdf (c.store, MC_FORM_APOLOGY, c.code, "form-04.pdf");
  supplement = form_pdf (c.store, MC_FORM_SUPPLEMENT, c.code, "form-02.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  g_assert_cmpint (n_pages (receipt), ==, 2);
  p1 = pdf_text (receipt, 1);
  p2 = pdf_text (receipt, 2);
  ap = pdf_text (apology, 0);
  sp = pdf_text (supplement, 0);
  mc_day_to_ymd (mc_day_of_time (mc_now ()), &y, &m, &d);
  today_line = g_strdup_printf ("Tam Hiệp, %d-%02d-%02d", y, m, d);

  assert_has (p1, "Tam Hiệp, 2025-12-02");
  assert_has (p2, "Tam Hiệp, 2025-12-02");
  assert_has (ap, "Tam Hiệp, 2025-12-24");      /* the apology's day */
  assert_has (sp, "Tam Hiệp, 2025-12-03");      /* the request's day */
  assert_lacks (p1, today_line);
  assert_lacks (ap, today_line);

  /* pdftotext starts a page with its page number when there is one. */
  g_assert_false (g_str_has_prefix (g_strchug (p2), "2"));
  assert_has (p2, "Copy kept by the desk");
  (void) today;
  commune_clear (&c);
}

/* 2. Form 02: the reason, the form of each document to bring, the contact officer's phone. */
static void
test_form_supplement (void)
{
  Commune c = { 0 };
  g_autofree char *path = NULL, *text = NULL;

  commune_init (&c);
  path = form_pdf (c.store, MC_FORM_SUPPLEMENT, c.code, "form-02.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  text = pdf_text (path, 0);
  assert_has (text, "Original / certified copy / photocopy");
  assert_has (text, "Bản sao Giấy chứng nhận kết hôn trước đây Certified copy");
  assert_has (text, "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân Original");
  assert_has (text, "Reason: tờ khai ghi đã từng kết hôn nhưng chưa có giấy tờ chứng minh đã ly hôn");
  assert_has (text, "please contact " SPEC_NAME ", phone " PHONE);
  /* The reason is not a document to bring. */
  assert_lacks (text, "3 Lý do");
  commune_clear (&c);
}

/* Issue 9.9: the papers a request lists are form 02's table, each with its form, and the note
 * its reason; the receipt lists only what was handed in. */
static void
test_form_supplement_listed (void)
{
  Commune c = { 0 };
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
  g_autofree char *path = NULL, *text = NULL, *receipt = NULL, *r = NULL, *code = NULL;
  gint64 id;

  commune_init (&c);
  id = receive (&c, "1.001193", "2025-12-08 09:00", NULL);
  act (&c, c.desk, id, MC_ACTION_ASSIGN,
       (McActionArgs) { .officer_id = c.spec, .at = mc_test_time ("2025-12-08 09:30") });
  g_ptr_array_add (asked, mc_dossier_document_new ("Giấy chứng sinh", 0, 1, FALSE));
  g_ptr_array_add (asked, mc_dossier_document_new ("Sổ hộ khẩu của cha mẹ", 1, 1, FALSE));
  act (&c, c.spec, id, MC_ACTION_REQUEST_SUPPLEMENT,
       (McActionArgs) { .at = mc_test_time ("2025-12-08 10:00"),
                        .note = "Giấy chứng sinh cấp sai tên mẹ", .documents = asked });
  code = code_of (&c, id);
  path = form_pdf (c.store, MC_FORM_SUPPLEMENT, code, "form-02-listed.pdf");
  receipt = form_pdf (c.store, MC_FORM_RECEIPT, code, "form-01-listed.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  text = pdf_text (path, 0);
  assert_has (text, "1 Giấy chứng sinh Original");
  assert_has (text, "2 Sổ hộ khẩu của cha mẹ Certified copy");
  assert_has (text, "Reason: Giấy chứng sinh cấp sai tên mẹ");
  assert_lacks (text, "3 Giấy");
  r = pdf_text (receipt, 1);
  assert_lacks (r, "Sổ hộ khẩu của cha mẹ");
  commune_clear (&c);
}

/* 3. Form 05: the supplement's request and return (the pause shows), "attached to the dossier
 * of", room for both signatures of each hand-over, the representative as the first giver. */
static void
test_form_control (void)
{
  Commune c = { 0 };
  g_autofree char *path = NULL, *text = NULL;

  commune_init (&c);
  path = form_pdf (c.store, MC_FORM_CONTROL, c.code, "form-05.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  text = pdf_text (path, 0);
  assert_has (text, "Attached to the dossier of: Mr/Ms " APPLICANT);
  assert_has (text, "Handling body: Tư pháp - Hộ tịch, Ủy ban nhân dân xã Tam Hiệp");
  assert_has (text, "Handed over by (signature and full name)");
  assert_has (text, "Received by (signature and full name)");
  assert_has (text, "1 " REPRESENTATIVE " " DESK_NAME);
  assert_has (text, "Supplement requested");
  assert_has (text, "Supplement received");
  assert_has (text, "clock stopped 20 days");
  assert_has (text, SPEC_NAME " " REPRESENTATIVE);  /* the request goes to the representative */
  assert_has (text, REPRESENTATIVE " " DESK_NAME);   /* and the papers come back from them */
  assert_lacks (text, "1 " APPLICANT);
  /* Each hand-over judges the step it ends by the review's lines (issue 10 §3): the review ran
   * from the supplement's return to the submission, across the apology made within it. */
  assert_has (text, "Early Submitted for signature; took 1 day 2 hours of 1 day 6 hours");
  assert_has (text, "On time Assigned to a specialist; took 1 hour of 1 hour 7 minutes");
  commune_clear (&c);
}

/* 4. Form 06: number of sets, forwarded to the handling body, the body rather than the officer,
 * and no "Early" next to a return after the appointment. */
static void
test_form_register (void)
{
  Commune c = { 0 };
  McReportOptions o = { .from = mc_test_day ("2025-12-01"), .to = mc_test_day ("2025-12-31") };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autofree char *path = NULL, *text = NULL;

  commune_init (&c);
  doc = mc_form_new (c.store, MC_FORM_REGISTER, NULL, &o, &error);
  g_assert_no_error (error);
  path = write_pdf (doc, "form-06.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  text = pdf_text (path, 0);
  assert_has (text, "Number of sets");
  assert_has (text, "Forwarded to the handling body");
  assert_has (text, "Handling body");
  assert_has (text, "Tư pháp - Hộ tịch");
  assert_lacks (text, SPEC_NAME);
  assert_has (text, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TAM HIỆP");
  /* Forwarded when it was assigned; returned on 5 January, after the 30 December appointment. */
  assert_has (text, "10:00 02/12/2025");
  assert_has (text, "Returned late (result ready");
  assert_lacks (text, "Early");
  commune_clear (&c);
}

/* 5. The period report: the statistical table of Circular 01/2020/TT-VPCP by field, and the
 * controller's shortcomings, causes and next steps, kept with the period. */
static void
test_report_statistics (void)
{
  Commune c = { 0 };
  g_autoptr(GError) error = NULL;
  McReportOptions o = { .from = mc_test_day ("2025-12-01"), .to = mc_test_day ("2025-12-31"),
                        .date = mc_test_day ("2026-01-05") };
  g_autoptr(McDocument) blank = NULL, doc = NULL;
  g_autoptr(McReportNote) note = NULL;
  g_autofree char *blank_path = NULL, *path = NULL, *b = NULL, *text = NULL;
  gint64 controller;

  commune_init (&c);
  controller = account (c.store, "Đỗ Thị Kiểm Soát", MC_ROLE_CONTROLLER);
  blank = mc_report_new (c.store, MC_REPORT_SUMMARY, &o, &error);
  g_assert_no_error (error);
  blank_path = write_pdf (blank, "report-statistics-blank.pdf");

  /* Only the controller writes it; a desk officer is refused. */
  g_assert_false (mc_report_note_save (c.store, c.desk, o.from, o.to, "x", NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mc_report_note_get (c.store, o.from, o.to, &error));
  g_assert_no_error (error);
  g_assert_true (mc_report_note_save (c.store, controller, o.from, o.to,
                                      "Một hồ sơ phải bổ sung 20 ngày.\nMột hồ sơ trả muộn.",
                                      "Công dân chưa mang đủ giấy tờ.", "Nhắc trước hạn.",
                                      &error));
  g_assert_no_error (error);
  /* Written again, an option left out keeps its text. */
  g_assert_true (mc_report_note_save (c.store, controller, o.from, o.to, NULL, NULL,
                                      "Nhắc công chức trước hạn hai ngày.", &error));
  g_assert_no_error (error);
  note = mc_report_note_get (c.store, o.from, o.to, &error);
  g_assert_nonnull (note);
  g_assert_cmpstr (note->causes, ==, "Công dân chưa mang đủ giấy tờ.");
  g_assert_cmpint (note->officer_id, ==, controller);
  doc = mc_report_new (c.store, MC_REPORT_SUMMARY, &o, &error);
  g_assert_no_error (error);
  path = write_pdf (doc, "report-statistics.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  b = pdf_text (blank_path, 0);
  text = pdf_text (path, 0);
  assert_has (text, "I. RESULTS OF HANDLING ADMINISTRATIVE PROCEDURES");
  assert_has (text, "carried over from the last period (4), received online (5), received at "
                    "the desk or by post (6)");
  assert_has (text, "within the deadline (12), past the deadline (13)");
  assert_has (text, "(4) Carried over");
  assert_has (text, "(13) Overdue");
  /* Hộ tịch: the 2023 birth carried over, the December dossier received at the desk and
   * resolved early; the 2023 one still open and past its deadline. */
  assert_has (text, "1 Hộ tịch 2 1 0 1 1 1 0 0 1 0 1");
  assert_has (text, "Total 2 1 0 1 1 1 0 0 1 0 1");
  assert_has (text, "V. SHORTCOMINGS AND THEIR CAUSES");
  assert_has (text, "Một hồ sơ phải bổ sung 20 ngày.");
  assert_has (text, "Một hồ sơ trả muộn.");
  assert_has (text, "2. Causes Công dân chưa mang đủ giấy tờ.");
  assert_has (text, "VI. NEXT STEPS Nhắc công chức trước hạn hai ngày.");
  assert_lacks (text, "Not written by the procedure controller");
  assert_has (b, "1. Shortcomings Not written by the procedure controller.");
  /* Another period has its own (none). */
  {
    McReportOptions other = o;
    g_autoptr(McDocument) d2 = NULL;
    g_autofree char *p2 = NULL, *t2 = NULL;

    other.to = mc_test_day ("2026-01-31");
    d2 = mc_report_new (c.store, MC_REPORT_SUMMARY, &other, &error);
    g_assert_no_error (error);
    p2 = write_pdf (d2, "report-statistics-other.pdf");
    t2 = pdf_text (p2, 0);
    assert_lacks (t2, "Một hồ sơ trả muộn.");
  }
  /* This month, to today, is kept under the whole month: tomorrow's "this month" finds it. */
  {
    McDay today = mc_day_of_time (mc_store_now (c.store));
    int y, m;
    McDay first, last;
    g_autoptr(McReportNote) running = NULL;

    mc_day_to_ymd (today, &y, &m, NULL);
    first = mc_day_from_ymd (y, m, 1);
    last = (m == 12 ? mc_day_from_ymd (y + 1, 1, 1) : mc_day_from_ymd (y, m + 1, 1)) - 1;
    g_assert_true (mc_report_note_save (c.store, controller, first, today, "Tháng này",
                                        NULL, NULL, &error));
    g_assert_no_error (error);
    running = mc_report_note_get (c.store, first, last, &error);
    g_assert_no_error (error);
    g_assert_nonnull (running);
    g_assert_cmpstr (running->shortcomings, ==, "Tháng này");
  }
  commune_clear (&c);
}

/* 6. Forms in running text: the committee as a sentence writes it, the unit of the header. */
static void
test_form_running_text (void)
{
  Commune c = { 0 };
  g_autofree char *receipt = NULL, *apology = NULL, *r = NULL, *a = NULL;

  commune_init (&c);
  receipt = form_pdf (c.store, MC_FORM_RECEIPT, c.code, "form-01.pdf");
  apology = form_pdf (c.store, MC_FORM_APOLOGY, c.code, "form-04.pdf");
  if (!have_pdftotext ())
    {
      commune_clear (&c);
      return;
    }
  r = pdf_text (receipt, 1);
  a = pdf_text (apology, 0);
  assert_has (r, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TAM HIỆP");
  assert_has (r, "Trung tâm Phục vụ hành chính công xã Tam Hiệp has received the dossier of:");
  assert_has (r, "SUBMITTER");
  assert_has (r, REPRESENTATIVE);
  /* Who handed the papers in, by their ID number as well (issue 9.8). */
  assert_has (r, "Filed by: " REPRESENTATIVE " Filer’s ID number: " REPRESENTATIVE_ID);
  assert_has (a, "However, Ủy ban nhân dân xã Tam Hiệp has not been able");
  assert_has (a, "Ủy ban nhân dân xã Tam Hiệp apologises");
  assert_has (a, "Trung tâm Phục vụ hành chính công xã Tam Hiệp received the dossier");
  assert_lacks (a, "UBND XÃ TAM HIỆP has");
  assert_lacks (a, "UBND XÃ TAM HIỆP apologises");
  commune_clear (&c);
}

/* 8. The last page never holds the signature alone: the last lines of the body go with it. */

/* A body of N lines (paragraphs, or rows of a table under a header row). */
static McDocument *
body_of_lines (gboolean table, int n)
{
  static const double widths[] = { 1, 4 };
  McDocument *doc = mc_document_new (FALSE);
  McParagraphStyle body = mc_paragraph_style_body ();
  McTable *t = NULL;

  if (table)
    {
      t = mc_document_add_table (doc, 2, widths, 12);
      mc_table_set_header (t, (const char *[]) { "STT", "Nội dung" });
    }
  for (int i = 1; i <= n; i++)
    {
      g_autofree char *no = g_strdup_printf ("%d", i);
      g_autofree char *line = g_strdup_printf ("Dòng thứ %d của báo cáo.", i);

      if (table)
        mc_table_add_row (t, (const char *[]) { no, line });
      else
        mc_document_add_text (doc, &body, "%s", line);
    }
  return doc;
}

static void
check_signature_kept (gboolean table)
{
  g_autoptr(McDocument) doc = NULL;
  g_autofree char *path = NULL, *first = NULL, *last = NULL, *kept = NULL, *stays = NULL;
  int n = 1;

  /* As many lines as page 1 holds: then the signature cannot fit under them. */
  for (;; n++)
    {
      g_autoptr(McDocument) probe = body_of_lines (table, n + 1);

      if (mc_document_get_n_pages (probe) > 1)
        break;
    }
  doc = body_of_lines (table, n);
  g_assert_cmpint (mc_document_get_n_pages (doc), ==, 1);
  mc_document_add_space (doc, 8);
  mc_document_add_signature (doc, (const char *[]) { "- Như trên;", "- Lưu: VT.", NULL },
                             (const char *[]) { "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", NULL },
                             "Ngô Quang Vinh");
  g_assert_cmpint (mc_document_get_n_pages (doc), ==, 2);
  path = write_pdf (doc, table ? "keep-table.pdf" : "keep-text.pdf");
  if (!have_pdftotext ())
    return;
  first = pdf_text (path, 1);
  last = pdf_text (path, 2);
  kept = g_strdup_printf ("Dòng thứ %d của", n);
  stays = g_strdup_printf ("Dòng thứ %d của", n - 1);
  assert_has (last, kept);
  assert_has (last, "Ngô Quang Vinh");
  assert_has (last, "Recipients:");
  assert_lacks (first, kept);
  assert_has (first, stays);
  if (table)
    assert_has (last, "Nội dung");   /* the header row over the row carried over */
}

static void
test_signature_kept_with_text (void)
{
  check_signature_kept (FALSE);
}

static void
test_signature_kept_with_table (void)
{
  check_signature_kept (TRUE);
}

int
main (int argc, char **argv)
{
  /* The test environment is English (LC_ALL=C.UTF-8); run with LANGUAGE=vi LC_ALL=vi_VN.UTF-8 to
   * get the PDFs in Vietnamese for a look (the checks then stop at the first English phrase). */
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);
  mc_text_set_number_style (MC_NUMBER_STYLE_VI);
  tmpdir = mc_test_tmpdir ();
  g_test_message ("PDFs in %s", tmpdir);

  g_test_add_func ("/forms/names-from-header", test_names_from_header);
  g_test_add_func ("/forms/names-by-period", test_names_by_period);
  g_test_add_func ("/forms/names-old-database", test_names_old_database);
  g_test_add_func ("/forms/reports-by-period", test_reports_by_period);
  g_test_add_func ("/forms/dates", test_form_dates);
  g_test_add_func ("/forms/supplement", test_form_supplement);
  g_test_add_func ("/forms/supplement-listed", test_form_supplement_listed);
  g_test_add_func ("/forms/control", test_form_control);
  g_test_add_func ("/forms/register", test_form_register);
  g_test_add_func ("/forms/report-statistics", test_report_statistics);
  g_test_add_func ("/forms/running-text", test_form_running_text);
  g_test_add_func ("/forms/signature-kept-with-text", test_signature_kept_with_text);
  g_test_add_func ("/forms/signature-kept-with-table", test_signature_kept_with_table);
  return g_test_run ();
}
