/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Digitisation (issue 15, docs/domain.md §5): files attached to a dossier's documents and result,
 * the flags derived from them and the figures moving with them, every bad file refused with the
 * database unchanged, a rescan kept in history, an imported dossier's CSV flags kept, and
 * `check` catching a stored file whose bytes were changed. On SQLite and, with MOTCUA_TEST_PG,
 * on PostgreSQL. */
#include "config.h"

#include <string.h>

#include "mc-account.h"
#include "mc-attachment.h"
#include "mc-catalogue.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-store-internal.h"
#include "mc-test-util.h"
#include "mc-workflow.h"

#define PASSWORD "motcua2024"

typedef struct {
  char    *dir;
  char    *target;
  McStore *store;
  gint64   desk, spec, police, proc;
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

  fx->dir = mc_test_tmpdir ();
  fx->target = mc_test_new_target (fx->dir, "attach.db");
  fx->store = mc_store_create (fx->target, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (fx->store, &error));
  fx->desk = add_officer (fx->store, "Nguyễn Thị Hoa", MC_ROLE_DESK, "at_tiepnhan");
  fx->spec = add_officer (fx->store, "Phạm Thị Lan", MC_ROLE_SPECIALIST, "at_tuphap");
  fx->police = add_officer (fx->store, "Trịnh Văn Hùng", MC_ROLE_POLICE, "at_congan");
  p = mc_store_find_procedure (fx->store, "2.000815", &error);
  g_assert_no_error (error);
  fx->proc = p->id;
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->store);
  g_free (fx->target);
  g_free (fx->dir);
}

/* ---- Files made here ---- */
static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/* A well-formed PNG header claiming WIDTH × HEIGHT pixels, then IEND (no pixels). */
static GBytes *
make_huge_png_header (guint32 width, guint32 height)
{
  guint8 buf[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  guint8 *ihdr = buf + 8;

  put32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put32 (ihdr + 8, width);
  put32 (ihdr + 12, height);
  ihdr[16] = 8; ihdr[17] = 2; ihdr[18] = 0; ihdr[19] = 0; ihdr[20] = 0;
  put32 (ihdr + 21, crc32_of (ihdr + 4, 17));
  put32 (buf + 33, 0);
  memcpy (buf + 37, "IEND", 4);
  put32 (buf + 41, crc32_of (buf + 37, 4));
  return g_bytes_new (buf, sizeof buf);
}

/* ---- Helpers ---- */

static gint64
receive (Fixture *fx, int n_documents, GPtrArray *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
  McIntake in = { 0 };
  gint64 id;

  for (int i = 0; i < n_documents; i++)
    {
      g_autofree char *name = g_strdup_printf ("Giấy tờ số %d", i + 1);
      g_ptr_array_add (docs, mc_dossier_document_new (name, 0, 1, TRUE));
    }
  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Trần Thị Mai";
  in.applicant_id_number = "001190012345";
  in.documents = docs;
  in.files = files;
  id = mc_workflow_intake (fx->store, fx->desk, &in, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gboolean
attach_one (Fixture *fx, gint64 actor, gint64 dossier, int position, GBytes *bytes,
            const char *name, gboolean replace, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) hashes = NULL;

  g_ptr_array_add (files, mc_attachment_file_new (position, bytes, name));
  return mc_dossier_attach (fx->store, actor, dossier, files, replace, &hashes, error);
}

static McDossier *
get (Fixture *fx, gint64 id)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_store_get_dossier (fx->store, id, &error);

  g_assert_no_error (error);
  return d;
}

static McKpi
today_kpi (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  McKpi k = { 0 };
  McDay today = mc_day_of_time (mc_store_now (fx->store));

  g_assert_true (mc_kpi_compute (fx->store, today, today, &k, &error));
  g_assert_no_error (error);
  return k;
}

/* ---- Cases ---- */

static void
test_derived_input (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = mc_test_make_image ("jpeg", 640, 900, 0xf0e0d0ff);
  g_autoptr(GBytes) png = mc_test_make_image ("png", 300, 400, 0xf0e0d0ff);
  g_autoptr(GBytes) pdf = mc_test_make_pdf (2, "Giay khai sinh", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = receive (fx, 3, NULL);
  McKpi k;

  k = today_kpi (fx);
  g_assert_cmpint (k.received, ==, 1);
  g_assert_cmpint (k.digitized_inputs, ==, 0);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_false (d->digitized_input);
  }
  g_assert_true (attach_one (fx, fx->desk, id, 0, jpeg, "cccd.jpg", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (attach_one (fx, fx->desk, id, 1, pdf, "giay-khai-sinh.pdf", FALSE, &error));
  g_assert_no_error (error);
  {
    /* One document of three still without a file. */
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_false (d->digitized_input);
  }
  g_assert_cmpint (today_kpi (fx).digitized_inputs, ==, 0);
  g_assert_true (attach_one (fx, fx->desk, id, 2, png, "to-khai.png", FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_true (d->digitized_input);
    g_assert_false (d->digitized_result);
  }
  g_assert_cmpint (today_kpi (fx).digitized_inputs, ==, 1);
  {
    /* The queue's "chưa số hóa" filter. */
    g_autoptr(GArray) all = NULL;
    g_autoptr(GArray) undigitised = NULL;
    gint64 other = receive (fx, 1, NULL);
    McQuery q = { 0 };

    all = mc_store_query_ids (fx->store, &q, &error);
    q.not_digitized = TRUE;
    undigitised = mc_store_query_ids (fx->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpuint (undigitised->len, ==, 1);
    g_assert_cmpint (g_array_index (undigitised, gint64, 0), ==, other);
  }

  list = mc_store_list_attachments (fx->store, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  {
    McAttachment *a = g_ptr_array_index (list, 1);
    g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
    g_autoptr(GBytes) back = mc_store_get_blob (fx->store, a->hash, &error);

    g_assert_no_error (error);
    g_assert_cmpint (a->position, ==, 1);
    g_assert_cmpstr (a->hash, ==, hash);
    g_assert_cmpstr (a->mime, ==, "application/pdf");
    g_assert_cmpstr (a->officer_name, ==, "Nguyễn Thị Hoa");
    g_assert_cmpint (a->size, ==, g_bytes_get_size (pdf));
    g_assert_true (g_bytes_equal (back, pdf));
  }
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit "
                                      "WHERE action = 'dossier.attach'"), ==, 3);

  /* A paper asked for and not come: not digitised; it comes without a file: still not. */
  {
    McActionArgs args = { 0 };
    g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);

    g_ptr_array_add (more, mc_dossier_document_new ("Sổ hộ khẩu", 0, 1, FALSE));
    args.officer_id = fx->spec;
    mc_test_apply (fx->store, fx->desk, id, MC_ACTION_ASSIGN, args);
    args = (McActionArgs) { .note = "Thiếu sổ hộ khẩu", .documents = more };
    mc_test_apply (fx->store, fx->spec, id, MC_ACTION_REQUEST_SUPPLEMENT, args);
    {
      g_autoptr(McDossier) d = get (fx, id);
      g_assert_true (d->digitized_input);
    }
    g_assert_false (attach_one (fx, fx->desk, id, 3, png, "so-ho-khau.png", FALSE, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_clear_error (&error);
    mc_test_apply (fx->store, fx->desk, id, MC_ACTION_SUPPLEMENT_RECEIVED, (McActionArgs) { 0 });
    {
      g_autoptr(McDossier) d = get (fx, id);
      g_assert_false (d->digitized_input);
    }
    g_assert_cmpint (today_kpi (fx).digitized_inputs, ==, 0);
    g_assert_true (attach_one (fx, fx->desk, id, 3, png, "so-ho-khau.png", FALSE, &error));
    g_assert_no_error (error);
    {
      g_autoptr(McDossier) d = get (fx, id);
      g_assert_true (d->digitized_input);
    }
    /* The same bytes twice are stored once. */
    g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM blob"), ==, 3);
  }
}

static void
test_intake_with_files (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) a = mc_test_make_image ("jpeg", 200, 300, 0xf0e0d0ff);
  g_autoptr(GBytes) b = mc_test_make_image ("png", 200, 300, 0xf0e0d0ff);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_ptr_array_add (files, mc_attachment_file_new (0, a, NULL));
  g_ptr_array_add (files, mc_attachment_file_new (0, b, NULL));
  g_ptr_array_add (files, mc_attachment_file_new (1, b, "trang2.png"));
  id = receive (fx, 2, files);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_autoptr(GPtrArray) list = mc_store_list_attachments (fx->store, id, FALSE, &error);

    g_assert_true (d->digitized_input);
    g_assert_cmpuint (list->len, ==, 3);
  }
  g_assert_cmpint (today_kpi (fx).digitized_inputs, ==, 1);

  /* A bad file at intake: no dossier at all. */
  {
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
    g_autoptr(GBytes) text = g_bytes_new_static ("not a pdf\n", 10);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
    gint64 before = mc_store_count_dossiers (fx->store);
    McIntake in = { 0 };

    g_ptr_array_add (docs, mc_dossier_document_new ("Tờ khai", 0, 1, TRUE));
    g_ptr_array_add (bad, mc_attachment_file_new (0, text, "to-khai.pdf"));
    in.procedure_id = fx->proc;
    in.channel = MC_CHANNEL_DESK;
    in.applicant_name = "Lê Văn Tám";
    in.documents = docs;
    in.files = bad;
    g_assert_cmpint (mc_workflow_intake (fx->store, fx->desk, &in, &error), ==, 0);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_cmpint (mc_store_count_dossiers (fx->store), ==, before);
  }
}

static void
test_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = mc_test_make_image ("jpeg", 800, 600, 0xf0e0d0ff);
  g_autoptr(GBytes) png = mc_test_make_image ("png", 80, 60, 0xf0e0d0ff);
  gint64 id = receive (fx, 1, NULL);
  gsize jlen = g_bytes_get_size (jpeg);
  const char *data_jpeg = g_bytes_get_data (jpeg, NULL);
  g_autoptr(GBytes) truncated = g_bytes_new (data_jpeg, jlen * 2 / 3);
  g_autoptr(GBytes) png_cut = g_bytes_new (g_bytes_get_data (png, NULL), g_bytes_get_size (png) - 12);
  g_autoptr(GBytes) text = g_bytes_new_static ("Đây là một tệp văn bản.\n", 27);
  g_autoptr(GBytes) broken_pdf = g_bytes_new_static ("%PDF-1.4\n1 0 obj << >>\n%%EOF\n", 29);
  g_autoptr(GBytes) huge = make_huge_png_header (12000, 9000);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  guint8 *big_data = g_malloc0 (MC_ATTACHMENT_MAX_BYTES + 1);
  g_autoptr(GBytes) big = NULL;
  struct { GBytes *bytes; const char *name; const char *says; } cases[] = {
    { NULL, "ban-chup.pdf", "20 MB" },
    { text, "giay-khai-sinh.pdf", "PDF, JPEG or PNG" },
    { truncated, "cccd.jpg", "damaged" },
    { png_cut, "cccd.png", "damaged" },
    { broken_pdf, "to-khai.pdf", "does not open" },
    { huge, "ban-do.png", "100 megapixels" },
    { empty, "rong.pdf", "empty" },
  };
  gint64 blobs, attachments, audit;

  memcpy (big_data, "%PDF-1.4\n", 9);
  big = g_bytes_new_take (big_data, MC_ATTACHMENT_MAX_BYTES + 1);
  cases[0].bytes = big;
  blobs = mc_test_query_int (fx->store, "SELECT count(*) FROM blob");
  attachments = mc_test_query_int (fx->store, "SELECT count(*) FROM attachment");
  audit = mc_test_query_int (fx->store, "SELECT count(*) FROM audit");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (attach_one (fx, fx->desk, id, 0, cases[i].bytes, cases[i].name, FALSE,
                                  &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": \"%s\" does not say \"%s\"", i, error->message,
                 cases[i].says);
      g_assert_nonnull (strstr (error->message, cases[i].name));
    }
  /* One bad file among good ones keeps none of them. */
  {
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
    g_autoptr(GError) error = NULL;

    g_ptr_array_add (files, mc_attachment_file_new (0, jpeg, "trang1.jpg"));
    g_ptr_array_add (files, mc_attachment_file_new (0, truncated, "trang2.jpg"));
    g_assert_false (mc_dossier_attach (fx->store, fx->desk, id, files, FALSE, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  }
  /* The police read, never attach. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (attach_one (fx, fx->police, id, 0, jpeg, "cccd.jpg", FALSE, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
  /* No result before it is recorded. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (attach_one (fx, fx->desk, id, MC_ATTACHMENT_RESULT, jpeg, "kq.jpg", FALSE,
                                &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_TRANSITION);
  }
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM blob"), ==, blobs);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM attachment"), ==,
                   attachments);
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit"), ==, audit);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_false (d->digitized_input);
  }
}

static void
test_rescan_history (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) first = mc_test_make_image ("jpeg", 300, 400, 0xf0e0d0ff);
  g_autoptr(GBytes) second = mc_test_make_image ("jpeg", 600, 800, 0xf0e0d0ff);
  g_autoptr(GBytes) third = mc_test_make_image ("png", 600, 800, 0xf0e0d0ff);
  g_autoptr(GPtrArray) rescan = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = receive (fx, 1, NULL);

  g_assert_true (attach_one (fx, fx->desk, id, 0, first, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_ptr_array_add (rescan, mc_attachment_file_new (0, second, NULL));
  g_ptr_array_add (rescan, mc_attachment_file_new (0, third, NULL));
  g_assert_true (mc_dossier_attach (fx->store, fx->desk, id, rescan, TRUE, NULL, &error));
  g_assert_no_error (error);
  current = mc_store_list_attachments (fx->store, id, FALSE, &error);
  history = mc_store_list_attachments (fx->store, id, TRUE, &error);
  g_assert_cmpuint (current->len, ==, 2);
  g_assert_cmpuint (history->len, ==, 3);
  {
    McAttachment *old = g_ptr_array_index (history, 0);
    McAttachment *new = g_ptr_array_index (current, 0);
    g_autoptr(GBytes) kept = mc_store_get_blob (fx->store, old->hash, &error);

    g_assert_cmpint (old->superseded_by, ==, new->id);
    g_assert_true (old->superseded_at != MC_TIME_NONE);
    g_assert_true (g_bytes_equal (kept, first));
  }
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_true (d->digitized_input);
  }
}

/* ---- Reusing a returning citizen's earlier scans ---- */

/* A dossier of ID_NUMBER with the documents NAMES (NULL-ended); REPRESENTED: filed by someone
 * else. Returns 0 with ERROR when the intake is refused. */
static gint64
receive_named (Fixture *fx, const char *id_number, const char **names, gboolean represented,
               GPtrArray *files, GError **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
  McIntake in = { 0 };

  for (int i = 0; names[i] != NULL; i++)
    g_ptr_array_add (docs, mc_dossier_document_new (names[i], 0, 1, TRUE));
  in.procedure_id = fx->proc;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = "Hoàng Văn Nam";
  in.applicant_id_number = id_number;
  if (represented)
    {
      in.representative_name = "Hoàng Thị Thu";
      in.representative_id_number = "001190077777";
    }
  in.documents = docs;
  in.files = files;
  return mc_workflow_intake (fx->store, fx->desk, &in, error);
}

static void
test_reuse_kinds (void)
{
  int days = -1;
  g_autofree char *id1 = mc_document_reuse_kind ("Giấy tờ tùy thân của người đi đăng ký "
                                                 "(xuất trình)", &days);
  g_autofree char *id2 = mc_document_reuse_kind ("Giấy tờ tùy thân của người nộp đơn", NULL);
  g_autofree char *m1 = mc_document_reuse_kind ("Giấy chứng nhận kết hôn của cha, mẹ (xuất "
                                                "trình, nếu có)", NULL);
  g_autofree char *m2 = mc_document_reuse_kind ("GIẤY CHỨNG NHẬN KẾT HÔN của cha, mẹ", NULL);
  g_autofree char *s = NULL;

  g_assert_cmpint (days, ==, MC_REUSE_IDENTITY_DAYS);
  g_assert_cmpstr (id1, ==, id2);
  g_assert_cmpstr (m1, ==, m2);
  g_assert_cmpstr (m1, !=, id1);
  s = mc_document_reuse_kind ("Giấy xác nhận tình trạng hôn nhân (nếu không thường trú tại xã)",
                              &days);
  g_assert_nonnull (s);
  g_assert_cmpint (days, ==, MC_REUSE_MARITAL_STATUS_DAYS);
  g_free (mc_document_reuse_kind ("Giấy chứng nhận kết hôn", &days));
  g_assert_cmpint (days, ==, 0);
  /* Papers made for the one request. */
  g_assert_null (mc_document_reuse_kind ("Tờ khai đăng ký khai sinh", NULL));
  g_assert_null (mc_document_reuse_kind ("Đơn đề nghị hòa giải tranh chấp đất đai", NULL));
  g_assert_null (mc_document_reuse_kind ("Văn bản ủy quyền (nếu đăng ký thay)", NULL));
  g_assert_null (mc_document_reuse_kind ("Bản sao cần chứng thực", NULL));
  g_assert_null (mc_document_reuse_kind ("Dự thảo hợp đồng, giao dịch", NULL));
  g_assert_null (mc_document_reuse_kind ("", NULL));
}

static void
test_reuse (Fixture *fx, gconstpointer data)
{
  static const char *first_names[] = { "Tờ khai đăng ký khai sinh",
                                       "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
                                       "Giấy chứng nhận kết hôn của cha, mẹ (xuất trình, nếu có)",
                                       NULL };
  static const char *second_names[] = { "Tờ khai cấp bản sao trích lục hộ tịch",
                                        "Giấy tờ tùy thân của người yêu cầu (xuất trình)", NULL };
  const char *number = "001090001111";
  g_autoptr(GBytes) form = mc_test_make_image ("png", 300, 420, 0xf0e0d0ff);
  g_autoptr(GBytes) card_front = mc_test_make_image ("jpeg", 640, 400, 0xf0e0d0ff);
  g_autoptr(GBytes) card_back = mc_test_make_image ("png", 640, 401, 0xf0e0d0ff);
  g_autoptr(GBytes) marriage = mc_test_make_pdf (1, "Giay khai sinh", 0);
  g_autoptr(GBytes) form2 = mc_test_make_image ("png", 301, 420, 0xf0e0d0ff);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(McReusableScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) first = NULL;
  McTime now = mc_store_now (fx->store);
  gint64 a, b, blobs, audit;

  g_ptr_array_add (files, mc_attachment_file_new (0, form, NULL));
  g_ptr_array_add (files, mc_attachment_file_new (1, card_front, NULL));
  g_ptr_array_add (files, mc_attachment_file_new (1, card_back, NULL));
  g_ptr_array_add (files, mc_attachment_file_new (2, marriage, "ket-hon.pdf"));
  a = receive_named (fx, number, first_names, FALSE, files, &error);
  g_assert_no_error (error);
  first = get (fx, a);

  /* Nothing for another number, nor for the dossier itself. */
  earlier = mc_attachment_find_earlier (fx->store, "001090009999", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (earlier->len, ==, 0);
  g_clear_pointer (&earlier, g_ptr_array_unref);
  earlier = mc_attachment_find_earlier (fx->store, number, a, &error);
  g_assert_cmpuint (earlier->len, ==, 0);
  g_clear_pointer (&earlier, g_ptr_array_unref);

  earlier = mc_attachment_find_earlier (fx->store, " 001090001111 ", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (earlier->len, ==, 4);
  /* The identity paper, across procedures, with both of its pages. */
  scan = mc_attachment_pick_reusable (earlier, second_names[1], FALSE, now);
  g_assert_nonnull (scan);
  g_assert_cmpint (scan->dossier_id, ==, a);
  g_assert_cmpstr (scan->dossier_code, ==, first->code);
  g_assert_cmpint (scan->position, ==, 1);
  g_assert_cmpuint (scan->files->len, ==, 2);
  /* A declaration is never reused; a representative's card may not be the applicant's. */
  g_assert_null (mc_attachment_pick_reusable (earlier, second_names[0], FALSE, now));
  g_assert_null (mc_attachment_pick_reusable (earlier, second_names[1], TRUE, now));
  /* A year and a day later the card's scan is too old; the marriage certificate still serves. */
  g_assert_null (mc_attachment_pick_reusable (earlier, second_names[1], FALSE,
                                              now + (MC_REUSE_IDENTITY_DAYS + 1) * 86400));
  {
    g_autoptr(McReusableScan) m = mc_attachment_pick_reusable (earlier, "Giấy chứng nhận kết "
                                                               "hôn của cha, mẹ", FALSE,
                                                               now + 3000 * 86400);
    g_assert_nonnull (m);
    g_assert_cmpint (m->position, ==, 2);
  }

  /* The second dossier takes the card's pages as they are: no byte stored again. */
  blobs = mc_test_query_int (fx->store, "SELECT count(*) FROM blob");
  audit = mc_test_query_int (fx->store, "SELECT count(*) FROM audit WHERE action = 'dossier.attach'");
  g_ptr_array_set_size (files, 0);
  g_ptr_array_add (files, mc_attachment_file_new (0, form2, NULL));
  for (guint i = 0; i < scan->files->len; i++)
    g_ptr_array_add (files, mc_attachment_file_new_reused (
                       1, ((McEarlierFile *) g_ptr_array_index (scan->files, i))->id, NULL));
  b = receive_named (fx, number, second_names, FALSE, files, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b, >, 0);
  {
    g_autoptr(McDossier) d = get (fx, b);
    g_autoptr(GPtrArray) list = mc_store_list_attachments (fx->store, b, FALSE, &error);
    g_autofree char *like = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = "
                                             "'dossier.attach' AND details LIKE '%%reused from "
                                             "%s (document 2, file %%'", first->code);

    g_assert_true (d->digitized_input);
    g_assert_cmpuint (list->len, ==, 3);
    g_assert_cmpstr (((McAttachment *) g_ptr_array_index (list, 1))->hash, ==,
                     ((McEarlierFile *) g_ptr_array_index (scan->files, 0))->hash);
    g_assert_cmpstr (((McAttachment *) g_ptr_array_index (list, 2))->mime, ==, "image/png");
    g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM blob"), ==, blobs + 1);
    g_assert_cmpint (mc_test_query_int (fx->store, like), ==, 2);
    g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM audit WHERE action = "
                                        "'dossier.attach'"), ==, audit + 3);
  }

  /* Refused in core, whatever a workstation sends, with nothing kept: for a paper of another
   * kind, for another applicant, for a representative's filing. */
  {
    const char *wrong_kind[] = { "Tờ khai cấp bản sao trích lục hộ tịch", NULL };
    gint64 before = mc_store_count_dossiers (fx->store);
    gint64 id = ((McEarlierFile *) g_ptr_array_index (scan->files, 0))->id;

    g_ptr_array_set_size (files, 0);
    g_ptr_array_add (files, mc_attachment_file_new_reused (0, id, NULL));
    g_assert_cmpint (receive_named (fx, number, wrong_kind, FALSE, files, &error), ==, 0);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_clear_error (&error);
    g_ptr_array_set_size (files, 0);
    g_ptr_array_add (files, mc_attachment_file_new_reused (1, id, NULL));
    g_assert_cmpint (receive_named (fx, "001090002222", second_names, FALSE, files, &error),
                     ==, 0);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (receive_named (fx, number, second_names, TRUE, files, &error), ==, 0);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (mc_store_count_dossiers (fx->store), ==, before);
  }

  /* A rescan of the card in the first dossier: its old pages are no longer offered, the new
   * one is, and the newest dossier's copy (the same bytes) comes first. */
  {
    g_autoptr(GPtrArray) rescan = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
    g_autoptr(GBytes) new_card = mc_test_make_image ("jpeg", 700, 440, 0xf0e0d0ff);
    g_autoptr(GPtrArray) again = NULL;
    g_autoptr(McReusableScan) s2 = NULL;
    gint64 old_id = ((McEarlierFile *) g_ptr_array_index (scan->files, 0))->id;

    g_ptr_array_add (rescan, mc_attachment_file_new (1, new_card, NULL));
    g_assert_true (mc_dossier_attach (fx->store, fx->desk, a, rescan, TRUE, NULL, &error));
    g_assert_no_error (error);
    again = mc_attachment_find_earlier (fx->store, number, b, &error);
    s2 = mc_attachment_pick_reusable (again, second_names[1], FALSE, now);
    g_assert_nonnull (s2);
    g_assert_cmpuint (s2->files->len, ==, 1);
    g_assert_cmpint (((McEarlierFile *) g_ptr_array_index (s2->files, 0))->id, !=, old_id);
    /* The old page named again is refused. */
    g_ptr_array_set_size (files, 0);
    g_ptr_array_add (files, mc_attachment_file_new_reused (1, old_id, NULL));
    g_assert_cmpint (receive_named (fx, number, second_names, FALSE, files, &error), ==, 0);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  }
}

static void
test_result (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) pdf = mc_test_make_pdf (1, "Giay khai sinh", 0);
  g_autoptr(GError) error = NULL;
  gint64 id = mc_test_submitted (fx->store, fx->proc, fx->desk, fx->spec, "Đỗ Văn Bình",
                                 "Cấp bản sao trích lục khai sinh", NULL);

  mc_test_apply (fx->store, 0, id, MC_ACTION_SIGN, (McActionArgs) { 0 });
  mc_test_apply (fx->store, fx->spec, id, MC_ACTION_RECORD_RESULT,
                 (McActionArgs) { .digitized_result = TRUE });
  {
    /* Ticking it is not enough: it has no file yet. */
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_false (d->digitized_result);
  }
  g_assert_cmpint (today_kpi (fx).digitized_results, ==, 0);
  /* The queue's "chưa số hóa" holds a recorded result without its file, even when the papers
   * are all scanned (set so here: the dossier has none). */
  mc_test_exec (fx->store, "UPDATE dossier SET digitized_input = TRUE WHERE id = %" G_GINT64_FORMAT,
                id);
  {
    McQuery q = { .not_digitized = TRUE };
    g_autoptr(GArray) undigitised = mc_store_query_ids (fx->store, &q, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (undigitised->len, ==, 1);
    g_assert_cmpint (g_array_index (undigitised, gint64, 0), ==, id);
  }
  g_assert_true (attach_one (fx, fx->desk, id, MC_ATTACHMENT_RESULT, pdf, "ket-qua-da-ky.pdf",
                             FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_true (d->digitized_result);
  }
  g_assert_cmpint (today_kpi (fx).digitized_results, ==, 1);
  mc_test_exec (fx->store, "UPDATE dossier SET digitized_input = TRUE WHERE id = %" G_GINT64_FORMAT,
                id);
  {
    McQuery q = { .not_digitized = TRUE };
    g_autoptr(GArray) undigitised = mc_store_query_ids (fx->store, &q, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (undigitised->len, ==, 0);
  }
  mc_test_apply (fx->store, fx->desk, id, MC_ACTION_HAND_OVER, (McActionArgs) { 0 });
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_true (d->digitized_result);
  }
}

static void
test_imported_keeps_flags (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) png = mc_test_make_image ("png", 50, 50, 0xf0e0d0ff);
  g_autoptr(GError) error = NULL;
  gint64 id = receive (fx, 2, NULL);

  /* As an import leaves it: its CSV said digitised, and it has no file here. */
  mc_test_exec (fx->store, "UPDATE dossier SET digitized_input = TRUE WHERE id = %" G_GINT64_FORMAT,
                id);
  mc_test_exec (fx->store, "INSERT INTO dossier_event (id, dossier_id, at, action) "
                "VALUES (9999, %" G_GINT64_FORMAT ", 0, 19)", id);
  g_assert_true (attach_one (fx, fx->desk, id, 0, png, NULL, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McDossier) d = get (fx, id);
    g_assert_true (d->digitized_input);
  }
}

static void
test_check_catches_changed_bytes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) png = mc_test_make_image ("png", 64, 64, 0xf0e0d0ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  gint64 id = receive (fx, 1, NULL);
  gboolean found = FALSE;

  g_assert_true (attach_one (fx, fx->desk, id, 0, png, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_check (fx->store, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Someone with the database's password changes the scan's bytes. */
  if (mc_test_on_server ())
    mc_test_exec (fx->store, "UPDATE blob SET data = overlay(data placing '\\x00'::bytea from 40)");
  else
    mc_test_exec (fx->store, "UPDATE blob SET data = CAST(zeroblob(size) AS BLOB)");
  g_assert_false (mc_store_check (fx->store, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    if (strstr (g_ptr_array_index (problems, i), hash) != NULL)
      found = TRUE;
  g_assert_true (found);
}

static void
test_five_mb_pdf (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) pdf = mc_test_make_pdf (1, "Giay khai sinh", 5 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  gint64 id = receive (fx, 1, NULL);
  gint64 start;
  double ms;

  g_assert_cmpuint (g_bytes_get_size (pdf), >=, 5 * 1024 * 1024);
  start = g_get_monotonic_time ();
  g_assert_true (attach_one (fx, fx->desk, id, 0, pdf, "so-do.pdf", FALSE, &error));
  g_assert_no_error (error);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("storing a %.1f MB PDF (checked, hashed, stored, audited): %.0f ms on %s",
                  g_bytes_get_size (pdf) / 1048576.0, ms,
                  mc_test_on_server () ? "PostgreSQL" : "SQLite");
  if (g_getenv ("MOTCUA_ATTACH_FIGURES") != NULL)
    g_printerr ("FIGURE pdf5mb %s %.1f MB %.0f ms\n", mc_test_on_server () ? "pg" : "sqlite",
                g_bytes_get_size (pdf) / 1048576.0, ms);
}

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


/* ---- motcua-cli dossier attach, dossier show --json ---- */

static void
test_cli (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = mc_test_make_image ("jpeg", 320, 480, 0xf0e0d0ff);
  g_autofree char *path = g_build_filename (fx->dir, "cccd.jpg", NULL);
  g_autofree char *bad = g_build_filename (fx->dir, "giay-khai-sinh.pdf", NULL);
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_autofree char *out = NULL, *err = NULL, *json = NULL, *json2 = NULL, *expect = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = NULL;
  gint64 id = receive (fx, 1, NULL);
  gint64 rows;

  d = get (fx, id);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (jpeg, NULL),
                                      g_bytes_get_size (jpeg), &error));
  g_assert_true (g_file_set_contents (bad, "Chỉ là văn bản\n", -1, &error));

  g_assert_cmpint (cli (fx, "at_tiepnhan", &json, NULL, "dossier", "show", d->code, "--json",
                        NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"files\": []"));
  g_assert_nonnull (strstr (json, "\"result_files\": []"));
  g_assert_nonnull (strstr (json, "\"digitized_input\": false"));

  rows = mc_test_query_int (fx->store, "SELECT count(*) FROM attachment");
  g_assert_cmpint (cli (fx, "at_tiepnhan", &out, &err, "dossier", "attach", d->code, bad,
                        "--document", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "PDF, JPEG or PNG"));
  g_assert_cmpint (mc_test_query_int (fx->store, "SELECT count(*) FROM attachment"), ==, rows);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, "at_tiepnhan", &out, &err, "dossier", "attach", d->code, path,
                        "--document", "2", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, "at_tiepnhan", &out, &err, "dossier", "attach", d->code, path,
                        NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (fx, "at_congan", &out, &err, "dossier", "attach", d->code, path,
                        "--document", "1", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (fx, "at_tiepnhan", &out, &err, "dossier", "attach", d->code, path,
                        "--document", "1", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, hash);
  g_assert_cmpint (cli (fx, "at_tiepnhan", &json2, NULL, "dossier", "show", d->code, "--json",
                        NULL), ==, 0);
  expect = g_strdup_printf ("\"files\": [\"%s\"]", hash);
  g_assert_nonnull (strstr (json2, expect));
  g_assert_nonnull (strstr (json2, "\"digitized_input\": true"));
}


/* `migrate --to` copies the files, bytes and all: a file's commune onto the server. */
static void
test_migrate_copies_files (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) png = mc_test_make_image ("png", 120, 160, 0xf0e0d0ff);
  g_autoptr(GBytes) pdf = mc_test_make_pdf (1, "Giay khai sinh", 200000);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_build_filename (fx->dir, "xa.db", NULL);
  g_autofree char *target = mc_test_new_target (fx->dir, "copy.db");
  g_autoptr(McStore) from = NULL;
  g_autoptr(McStore) to = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  Fixture src = *fx;
  gint64 id, rows = 0, need = 0;

  from = mc_store_create (source, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (from, &error));
  src.store = from;
  src.desk = add_officer (from, "Nguyễn Thị Hoa", MC_ROLE_DESK, "mg_tiepnhan");
  g_ptr_array_add (files, mc_attachment_file_new (0, png, "cccd.png"));
  g_ptr_array_add (files, mc_attachment_file_new (1, pdf, "giay.pdf"));
  id = receive (&src, 2, files);
  to = mc_store_create (target, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_migrate_to (from, to, &rows, &need, &error));
  g_assert_no_error (error);
  copied = mc_store_list_attachments (to, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copied->len, ==, 2);
  for (guint i = 0; i < copied->len; i++)
    {
      McAttachment *a = g_ptr_array_index (copied, i);
      g_autoptr(GBytes) bytes = mc_store_get_blob (to, a->hash, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (bytes, i == 0 ? png : pdf));
    }
  {
    g_autoptr(McDossier) d = mc_store_get_dossier (to, id, &error);
    g_assert_true (d->digitized_input);
  }
  mc_store_check (to, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (strstr (g_ptr_array_index (problems, i), "SHA-256"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/attach/derived-input", test_derived_input);
  ADD ("/attach/intake-with-files", test_intake_with_files);
  ADD ("/attach/refused", test_refused);
  ADD ("/attach/rescan-history", test_rescan_history);
  ADD ("/attach/result", test_result);
  ADD ("/attach/imported-keeps-flags", test_imported_keeps_flags);
  ADD ("/attach/check", test_check_catches_changed_bytes);
  ADD ("/attach/five-mb-pdf", test_five_mb_pdf);
  ADD ("/attach/cli", test_cli);
  ADD ("/attach/migrate", test_migrate_copies_files);
  ADD ("/attach/reuse", test_reuse);
  g_test_add_func ("/attach/reuse-kinds", test_reuse_kinds);
  return g_test_run ();
}
