/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The default procedure catalogue of a commune (DOMAIN.md §7): what the desk handles most, with
 * the post that handles each, a step template and the documents the citizen brings. Names,
 * fields, posts and document names are Vietnamese data, not interface text: they are not
 * translated. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-catalogue.h"
#include "mc-store-internal.h"

#define POST_JUSTICE "Tư pháp - Hộ tịch"
#define POST_LAND    "Địa chính - Nông nghiệp - Xây dựng và Môi trường"

/* Budgets are stored in working seconds, but the catalogue states limits in days: a day here is
 * the default office day (07:30–11:30, 13:30–17:00). An administrator who changes the office
 * hours can edit the budgets; deadlines themselves always come from the limit, not the budgets. */
#define DAY_SECONDS ((gint64) (7 * 60 + 30) * 60)

typedef struct {
  const char *name;
  int copy_kind;     /* 0 original, 1 certified copy, 2 photocopy */
  int quantity;
  gboolean required;
} DocumentRow;

/* A step template: name, role, and its share of the limit in per mille. The review step takes
 * what the others leave, so the budgets always add up to the limit exactly. */
typedef struct {
  const char *name;
  McRole role;
  int per_mille;     /* -1: the rest */
  gboolean mandatory;
  int min_days;      /* calendar days between its start and its end, at least */
} StepRow;

typedef struct {
  const char *code;
  const char *name;
  const char *field;
  McLimitKind limit_kind;
  int limit_value;
  McOnlineLevel online_level;
  gint64 fee;
  const char *fee_note;
  gboolean result_is_paper;
  const char *post;
  const StepRow *steps;
  const DocumentRow *documents;
} ProcedureRow;

static const StepRow standard_steps[] = {
  { "Tiếp nhận hồ sơ", MC_ROLE_DESK, 50 },
  { "Thẩm định, xử lý hồ sơ", MC_ROLE_SPECIALIST, -1 },
  { "Trình ký", MC_ROLE_SPECIALIST, 100 },
  { "Ký duyệt", MC_ROLE_VICE_CHAIRMAN, 200 },
  { "Trả kết quả", MC_ROLE_DESK, 50 },
  { NULL }
};

/* First-time land-use certificates. Since 1 July 2025 the commune chairman issues them to
 * households and individuals (Decree 151/2025/NĐ-CP); before, the commune only confirmed the
 * application and sent it on to the district's land registration office. The template names
 * the steps the law requires, which the source letter complains were skipped: the site visit
 * with its minutes, the confirmation of the land's origin, use and disputes, the public posting
 * for 15 calendar days (about 11 working days of the 20), the financial obligations (status 6
 * while the citizen pays), and the chairman's signature. */
static const StepRow land_certificate_steps[] = {
  { "Tiếp nhận hồ sơ", MC_ROLE_DESK, 25 },
  { "Kiểm tra hồ sơ, xác minh thực địa (lập biên bản xác minh)", MC_ROLE_SPECIALIST, -1, TRUE },
  { "Xác nhận nguồn gốc, quá trình sử dụng đất, tình trạng tranh chấp", MC_ROLE_SPECIALIST, 75,
    TRUE },
  { "Niêm yết công khai 15 ngày tại trụ sở UBND xã và khu dân cư", MC_ROLE_SPECIALIST, 550,
    TRUE, 15 },
  { "Xác định, thông báo nghĩa vụ tài chính", MC_ROLE_SPECIALIST, 75, TRUE },
  { "Trình Chủ tịch UBND xã ký cấp Giấy chứng nhận", MC_ROLE_SPECIALIST, 50 },
  { "Chủ tịch UBND xã ký cấp Giấy chứng nhận", MC_ROLE_CHAIRMAN, 75 },
  { "Trao Giấy chứng nhận cho người được cấp", MC_ROLE_DESK, 25 },
  { NULL }
};

/* Mediation is chaired by the commune chairman (Hội đồng hòa giải tranh chấp đất đai). */
static const StepRow mediation_steps[] = {
  { "Tiếp nhận đơn", MC_ROLE_DESK, 20 },
  { "Thẩm tra, xác minh nguồn gốc, quá trình sử dụng đất", MC_ROLE_SPECIALIST, -1 },
  { "Tổ chức họp Hội đồng hòa giải", MC_ROLE_CHAIRMAN, 300, TRUE },
  { "Trình ký biên bản hòa giải", MC_ROLE_SPECIALIST, 50 },
  { "Ký biên bản hòa giải", MC_ROLE_CHAIRMAN, 100 },
  { "Trả kết quả", MC_ROLE_DESK, 30 },
  { NULL }
};

static const DocumentRow birth_documents[] = {
  { "Tờ khai đăng ký khai sinh", 0, 1, TRUE },
  { "Giấy chứng sinh (hoặc văn bản của người làm chứng xác nhận về việc sinh)", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người đi đăng ký (xuất trình)", 0, 1, TRUE },
  { "Giấy chứng nhận kết hôn của cha, mẹ (xuất trình, nếu có)", 0, 1, FALSE },
  { "Văn bản ủy quyền (nếu đăng ký thay)", 1, 1, FALSE },
  { NULL }
};

static const DocumentRow marriage_documents[] = {
  { "Tờ khai đăng ký kết hôn", 0, 1, TRUE },
  { "Giấy tờ tùy thân của hai bên nam, nữ (xuất trình)", 0, 2, TRUE },
  { "Giấy xác nhận tình trạng hôn nhân (nếu không thường trú tại xã)", 0, 1, FALSE },
  { "Trích lục ghi chú ly hôn hoặc bản án, quyết định ly hôn (nếu đã ly hôn)", 1, 1, FALSE },
  { NULL }
};

static const DocumentRow death_documents[] = {
  { "Tờ khai đăng ký khai tử", 0, 1, TRUE },
  { "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người đi đăng ký (xuất trình)", 0, 1, TRUE },
  { "Văn bản ủy quyền (nếu đăng ký thay)", 1, 1, FALSE },
  { NULL }
};

static const DocumentRow marital_status_documents[] = {
  { "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người yêu cầu (xuất trình)", 0, 1, TRUE },
  { "Bản án, quyết định ly hôn đã có hiệu lực hoặc giấy chứng tử của vợ/chồng (nếu có)", 1, 1,
    FALSE },
  { "Giấy xác nhận tình trạng hôn nhân đã được cấp trước đây (nếu có)", 0, 1, FALSE },
  { NULL }
};

static const DocumentRow copy_documents[] = {
  { "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", 0, 1, TRUE },
  { "Bản sao cần chứng thực", 2, 1, TRUE },
  { NULL }
};

static const DocumentRow extract_documents[] = {
  { "Tờ khai cấp bản sao trích lục hộ tịch", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người yêu cầu (xuất trình)", 0, 1, TRUE },
  { "Văn bản ủy quyền (nếu yêu cầu thay)", 1, 1, FALSE },
  { NULL }
};

static const DocumentRow signature_documents[] = {
  { "Giấy tờ tùy thân của người yêu cầu chứng thực (xuất trình)", 0, 1, TRUE },
  { "Giấy tờ, văn bản cần chứng thực chữ ký", 0, 1, TRUE },
  { NULL }
};

static const DocumentRow contract_documents[] = {
  { "Dự thảo hợp đồng, giao dịch", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người yêu cầu chứng thực", 1, 1, TRUE },
  { "Giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản hoặc giấy tờ thay thế", 1, 1, TRUE },
  { NULL }
};

static const DocumentRow mediation_documents[] = {
  { "Đơn đề nghị hòa giải tranh chấp đất đai", 0, 1, TRUE },
  { "Giấy tờ tùy thân của người nộp đơn", 2, 1, TRUE },
  { "Giấy tờ, tài liệu liên quan đến thửa đất tranh chấp (nếu có)", 2, 1, FALSE },
  { NULL }
};

static const DocumentRow land_certificate_documents[] = {
  { "Đơn đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất "
    "(Mẫu số 04/ĐK)", 0, 1, TRUE },
  { "Giấy tờ về quyền sử dụng đất (nếu có)", 1, 1, FALSE },
  { "Mảnh trích đo bản đồ địa chính thửa đất", 0, 1, TRUE },
  { "Tờ khai lệ phí trước bạ", 0, 1, TRUE },
  { "Chứng từ thực hiện nghĩa vụ tài chính hoặc giấy tờ miễn, giảm (nếu có)", 1, 1, FALSE },
  { NULL }
};

/* Codes marked "placeholder" are not confirmed against the national procedure database
 * (DOMAIN.md §7 leaves them blank); an administrator should correct them to the province's
 * published list. */
static const ProcedureRow default_procedures[] = {
  { "1.001193", "Đăng ký khai sinh", "Hộ tịch",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_FULL, 0, "Miễn lệ phí khi đăng ký đúng hạn",
    TRUE, POST_JUSTICE, standard_steps, birth_documents },
  /* Same day; 5 working days when verification is needed, which the desk records as a new
   * appointment (form 04) rather than a second procedure. */
  { "1.000894", "Đăng ký kết hôn", "Hộ tịch",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_PARTIAL, 0, "Miễn lệ phí",
    TRUE, POST_JUSTICE, standard_steps, marriage_documents },
  { "1.000656", "Đăng ký khai tử", "Hộ tịch",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_FULL, 0, "Miễn lệ phí khi đăng ký đúng hạn",
    TRUE, POST_JUSTICE, standard_steps, death_documents },
  { "1.004873" /* placeholder */, "Xác nhận tình trạng hôn nhân", "Hộ tịch",
    MC_LIMIT_WORKING_DAYS, 3, MC_ONLINE_FULL, 10000, "Mức thu do HĐND tỉnh quy định",
    TRUE, POST_JUSTICE, standard_steps, marital_status_documents },
  { "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_PARTIAL, 2000,
    "2.000 đồng/trang với trang thứ nhất và thứ hai; từ trang thứ ba 1.000 đồng/trang, "
    "tối đa 200.000 đồng/bản",
    TRUE, POST_JUSTICE, standard_steps, copy_documents },
  /* An extract can be issued as an electronic copy, so the result need not be paper. */
  { "2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_FULL, 8000, "8.000 đồng/bản sao trích lục",
    FALSE, POST_JUSTICE, standard_steps, extract_documents },
  { "2.000884" /* placeholder */, "Chứng thực chữ ký", "Chứng thực",
    MC_LIMIT_SAME_DAY, 0, MC_ONLINE_NONE, 10000, "10.000 đồng/trường hợp",
    TRUE, POST_JUSTICE, standard_steps, signature_documents },
  { "2.000913" /* placeholder */, "Chứng thực hợp đồng, giao dịch", "Chứng thực",
    MC_LIMIT_WORKING_DAYS, 2, MC_ONLINE_NONE, 50000, "50.000 đồng/hợp đồng, giao dịch",
    TRUE, POST_JUSTICE, standard_steps, contract_documents },
  { "1.012812", "Hòa giải tranh chấp đất đai", "Đất đai",
    MC_LIMIT_CALENDAR_DAYS, 30, MC_ONLINE_NONE, 0, "Không thu phí",
    TRUE, POST_LAND, mediation_steps, mediation_documents },
  /* Handled and issued by the commune since 1 July 2025 (the chairman signs the certificate);
   * the time for the financial obligations is not counted in the 20 days. */
  { "1.004227" /* placeholder */,
    "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai",
    MC_LIMIT_WORKING_DAYS, 20, MC_ONLINE_PARTIAL, 25000,
    "Lệ phí cấp Giấy chứng nhận 25.000 đồng (chỉ có đất) hoặc 100.000 đồng (có tài sản gắn "
    "liền với đất) theo mức HĐND tỉnh quy định; lệ phí trước bạ và tiền sử dụng đất theo "
    "thông báo của cơ quan thuế",
    TRUE, POST_LAND, land_certificate_steps, land_certificate_documents },
};

/* The limit in working seconds that the step budgets share. "Same day" gets one office day;
 * N calendar days get the working days they usually contain (five in seven). */
static gint64
limit_seconds (const ProcedureRow *row)
{
  switch (row->limit_kind)
    {
    case MC_LIMIT_SAME_DAY:
      return DAY_SECONDS;
    case MC_LIMIT_CALENDAR_DAYS:
      return DAY_SECONDS * ((row->limit_value * 5 + 6) / 7);
    case MC_LIMIT_WORKING_DAYS:
    default:
      return DAY_SECONDS * row->limit_value;
    }
}

static McProcedure *
procedure_from_row (const ProcedureRow *row)
{
  McProcedure *p = mc_procedure_new ();
  gint64 total = limit_seconds (row);
  gint64 shared = 0;
  McStepTemplate *rest = NULL;

  g_free (p->code);
  p->code = g_strdup (row->code);
  g_free (p->name);
  p->name = g_strdup (row->name);
  g_free (p->field);
  p->field = g_strdup (row->field);
  g_free (p->fee_note);
  p->fee_note = g_strdup (row->fee_note);
  g_free (p->post);
  p->post = g_strdup (row->post);
  p->limit_kind = row->limit_kind;
  p->limit_value = row->limit_value;
  p->online_level = row->online_level;
  p->fee = row->fee;
  p->result_is_paper = row->result_is_paper;

  for (const StepRow *s = row->steps; s->name != NULL; s++)
    {
      McStepTemplate *t = g_new0 (McStepTemplate, 1);

      t->name = g_strdup (s->name);
      t->role = s->role;
      t->mandatory = s->mandatory;
      t->min_days = s->min_days;
      if (s->per_mille < 0)
        rest = t;
      else
        {
          /* Whole minutes read better in the editor. */
          t->budget_seconds = total * s->per_mille / 1000 / 60 * 60;
          shared += t->budget_seconds;
        }
      g_ptr_array_add (p->steps, t);
    }
  g_assert (rest != NULL);
  rest->budget_seconds = total - shared;

  for (const DocumentRow *d = row->documents; d->name != NULL; d++)
    {
      McDocumentTemplate *t = g_new0 (McDocumentTemplate, 1);

      t->name = g_strdup (d->name);
      t->copy_kind = d->copy_kind;
      t->quantity = d->quantity;
      t->required = d->required;
      g_ptr_array_add (p->documents, t);
    }
  return p;
}

gboolean
mc_catalogue_install_defaults (McStore *store, GError **error)
{
  if (!mc_store_begin (store, error))
    return FALSE;

  /* A code already present may have been edited by the administrator: keep it. */
  for (gsize i = 0; i < G_N_ELEMENTS (default_procedures); i++)
    {
      g_autoptr(McProcedure) p = NULL;
      gboolean exists = FALSE;

      if (!mc_store_procedure_exists (store, default_procedures[i].code, &exists, error))
        goto fail;
      if (exists)
        continue;
      p = procedure_from_row (&default_procedures[i]);
      if (!mc_store_save_procedure (store, 0, p, error))
        goto fail;
    }
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}
