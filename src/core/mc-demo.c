/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A realistic demo commune: officers with sign-in accounts, and a year of dossiers with their
 * timelines, generated from a seed so that the same seed always gives the same data.
 *
 * Each dossier's whole life is simulated forward from its intake (assignment, review, supplement
 * requests, signature, result, hand-over) and then cut at the end of the demo period: what lies
 * beyond it has not happened yet, which leaves the recent dossiers open, some of them overdue.
 * Names, requests and notes are Vietnamese data, not interface text.
 *
 * Volume: up to LARGE_DEMO dossiers, every dossier gets its timeline and document list. Above
 * it (benchmarks, a million dossiers) only the dossiers of the last TIMELINE_DAYS days and those
 * still open at the end get them; every dossier still has all its own fields, so the KPIs and
 * queues are complete. From BULK_LOAD dossiers on, the indexes of the dossier tables are dropped
 * during the load and rebuilt after it, and the load uses a rollback journal instead of the WAL.
 * The daily sequence of the dossier code has four digits, growing to five only on a day with
 * more than 9,999 dossiers (a year of about 2.4 million). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-account.h"
#include "mc-signature.h"
#include "mc-audit.h"
#include "mc-date.h"
#include "mc-analysis.h"
#include "mc-demo.h"
#include "mc-kpi.h"
#include "mc-lunar.h"
#include "mc-store-internal.h"
#include "mc-text.h"
#include "mc-workflow.h"

#define LARGE_DEMO    200000
#define BULK_LOAD     10000
#define TIMELINE_DAYS 90
#define FIRST_YEAR    2016       /* the store's calendar data starts in 2015 */
#define MAX_EVENTS    24
#define PROGRESS_STEP 4096

/* ---- Officers ---- */

enum {
  OFF_ADMIN, OFF_DESK1, OFF_DESK2, OFF_JUSTICE1, OFF_JUSTICE2, OFF_LAND, OFF_CULTURE,
  OFF_VICE1, OFF_VICE2, OFF_CHAIRMAN, OFF_CONTROLLER, OFF_POLICE, N_OFFICERS
};

#define POST_OFFICE  "Văn phòng - Thống kê"
#define POST_DESK    "Bộ phận Một cửa"
#define POST_JUSTICE "Tư pháp - Hộ tịch"
#define POST_LAND    "Địa chính - Nông nghiệp - Xây dựng và Môi trường"
#define POST_CULTURE "Văn hóa - Xã hội"
#define POST_LEAD    "Lãnh đạo UBND xã"

/* In the order of the OFF_ enumeration. */
static const McDemoAccount demo_accounts[N_OFFICERS] = {
  { "quantri", "Lê Văn Minh", "Công chức Văn phòng - Thống kê (quản trị hệ thống)",
    POST_OFFICE, MC_ROLE_ADMIN },
  { "tiepnhan1", "Nguyễn Thị Hoa", "Công chức tiếp nhận và trả kết quả", POST_DESK,
    MC_ROLE_DESK },
  { "tiepnhan2", "Trần Văn Nam", "Công chức tiếp nhận và trả kết quả", POST_DESK,
    MC_ROLE_DESK },
  { "tuphap", "Phạm Thị Lan", "Công chức Tư pháp - Hộ tịch", POST_JUSTICE,
    MC_ROLE_SPECIALIST },
  { "tuphap2", "Đỗ Thị Thu Hà", "Công chức Tư pháp - Hộ tịch", POST_JUSTICE,
    MC_ROLE_SPECIALIST },
  { "diachinh", "Hoàng Văn Đức", "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường",
    POST_LAND, MC_ROLE_SPECIALIST },
  { "vanhoa", "Vũ Thị Mai", "Công chức Văn hóa - Xã hội", POST_CULTURE, MC_ROLE_SPECIALIST },
  { "phochutich1", "Bùi Văn Thắng", "Phó Chủ tịch UBND xã (khối văn hóa - xã hội)", POST_LEAD,
    MC_ROLE_VICE_CHAIRMAN },
  { "phochutich2", "Đặng Thị Hương", "Phó Chủ tịch UBND xã (khối kinh tế)", POST_LEAD,
    MC_ROLE_VICE_CHAIRMAN },
  { "chutich", "Ngô Quang Vinh", "Chủ tịch UBND xã", POST_LEAD, MC_ROLE_CHAIRMAN },
  { "kiemsoat", "Lý Thị Ngọc", "Công chức Văn phòng - Thống kê (kiểm soát thủ tục hành chính)",
    POST_OFFICE, MC_ROLE_CONTROLLER },
  { "congan", "Trịnh Văn Hùng", "Trưởng Công an xã", "Công an xã", MC_ROLE_POLICE },
};

static int
year_of (McDay day)
{
  int y, m, d;

  mc_day_to_ymd (day, &y, &m, &d);
  return y;
}

const McDemoAccount *
mc_demo_accounts (guint *n_accounts)
{
  if (n_accounts != NULL)
    *n_accounts = N_OFFICERS;
  return demo_accounts;
}

void
mc_demo_options_init (McDemoOptions *options)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  options->dossiers = MC_DEMO_DEFAULT_DOSSIERS;
  options->year = year_of (mc_day_of_time (g_date_time_to_unix (now)));
  options->seed = 1;
}

/* ---- How each procedure behaves: share of the desk's work, and how often things go wrong ---- */

typedef enum {
  KIND_BIRTH, KIND_MARRIAGE, KIND_DEATH, KIND_MARITAL, KIND_COPY, KIND_EXTRACT,
  KIND_SIGNATURE, KIND_CONTRACT, KIND_MEDIATION, KIND_LAND,
} Kind;

typedef struct {
  const char *code;
  Kind kind;
  double weight;        /* share of the dossiers */
  double supplement;    /* a supplement is requested */
  double late;          /* resolved after the appointment */
  double stopped;
  double withdrawn;
  double broker;        /* filed by the broker */
  double post;          /* sent by public post */
  const char *result;   /* what the result is called */
} Profile;

static const Profile profiles[] = {
  { "1.001193", KIND_BIRTH, 12, 0.004, 0.008, 0.0005, 0.002, 0, 0, "Giấy khai sinh" },
  { "1.000894", KIND_MARRIAGE, 4, 0.02, 0.01, 0.001, 0.004, 0, 0,
    "Giấy chứng nhận kết hôn" },
  { "1.000656", KIND_DEATH, 3, 0.004, 0.008, 0, 0.002, 0, 0, "Trích lục khai tử" },
  { "1.004873", KIND_MARITAL, 8, 0.04, 0.02, 0.001, 0.005, 0.03, 0.005,
    "Giấy xác nhận tình trạng hôn nhân" },
  { "2.000815", KIND_COPY, 42, 0, 0.004, 0, 0.002, 0, 0, "Bản sao chứng thực" },
  { "2.000635", KIND_EXTRACT, 9, 0.004, 0.008, 0, 0.002, 0, 0.01, "Bản sao trích lục hộ tịch" },
  { "2.000884", KIND_SIGNATURE, 8, 0.004, 0.008, 0, 0.003, 0.02, 0,
    "Văn bản đã chứng thực chữ ký" },
  { "2.000913", KIND_CONTRACT, 6, 0.06, 0.025, 0.003, 0.01, 0.06, 0,
    "Hợp đồng, giao dịch đã chứng thực" },
  { "1.012812", KIND_MEDIATION, 2, 0.10, 0.10, 0.08, 0.03, 0, 0, "Biên bản hòa giải thành" },
  { "1.004227", KIND_LAND, 6, 0.25, 0.12, 0.03, 0.02, 0.15, 0.05,
    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất" },
};

typedef struct {
  gint64 id;
  const Profile *profile;
  McLimitKind limit_kind;
  int limit_value;
  McOnlineLevel online_level;
  gint64 fee;
  gboolean electronic_result;
  GPtrArray *documents;        /* McDocumentTemplate*, owned by the procedure list */
  int results;                 /* numbering of the results */
} DemoProcedure;

/* ---- Names, places, requests ---- */

static const struct { const char *name; int weight; } family_names[] = {
  { "Nguyễn", 380 }, { "Trần", 110 }, { "Lê", 95 }, { "Phạm", 70 }, { "Hoàng", 50 },
  { "Phan", 45 }, { "Vũ", 40 }, { "Đặng", 21 }, { "Bùi", 20 }, { "Đỗ", 14 }, { "Hồ", 13 },
  { "Ngô", 13 }, { "Dương", 10 }, { "Đinh", 10 }, { "Trịnh", 8 }, { "Đào", 8 }, { "Mai", 6 },
  { "Lương", 5 }, { "Tạ", 5 }, { "Lý", 5 },
};

static const char *const male_middle[] = {
  "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Ngọc", "Duy",
  "Tiến", "Mạnh", "Gia", "Hoàng", "Trung", "Đình",
};
static const char *const female_middle[] = {
  "Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Phương", "Minh", "Hồng", "Thùy",
  "Bảo", "Khánh", "Mai", "Diệu",
};
static const char *const male_given[] = {
  "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa",
  "Kiên", "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
  "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hoàng",
  "Đạt", "Hưng", "Thịnh",
};
static const char *const female_given[] = {
  "Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huyền",
  "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
  "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Nga", "Hồng", "Nhàn",
};
static const char *const villages[] = {
  "Yên Ngưu", "Tựu Liệt", "Huỳnh Cung", "Văn Điển", "Yên Xá", "Tương Trúc", "Đông Trạch",
};
/* Neighbours as they are named since 1 July 2025: no district between the commune and the
 * province (docs/domain.md §6). */
static const char *const other_communes[] = {
  "phường Thanh Liệt, thành phố Hà Nội", "xã Đại Thanh, thành phố Hà Nội",
  "phường Hoàng Liệt, thành phố Hà Nội", "xã Ngọc Hồi, thành phố Hà Nội",
  "phường Định Công, thành phố Hà Nội", "xã Nam Phù, thành phố Hà Nội",
  "phường Yên Sở, thành phố Hà Nội",
};
/* The province codes of the citizen identity number (its first three digits: where the birth
 * was registered), Hà Nội's people first, then the provinces around and the large cities. */
static const struct { const char *code; int weight; } birth_provinces[] = {
  { "001", 700 }, { "036", 45 }, { "034", 40 }, { "035", 35 }, { "033", 30 }, { "038", 30 },
  { "030", 25 }, { "037", 20 }, { "040", 20 }, { "025", 15 }, { "026", 10 }, { "027", 10 },
  { "024", 10 }, { "031", 8 }, { "017", 8 }, { "022", 5 }, { "042", 5 }, { "079", 4 },
};
static const char *const phone_prefixes[] = {
  "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", "081",
  "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078", "079", "089",
  "090", "093",
};
static const char *const copied_papers[] = {
  "Căn cước công dân", "Giấy khai sinh", "Bằng tốt nghiệp trung học phổ thông", "Học bạ",
  "Giấy chứng nhận quyền sử dụng đất", "Giấy phép lái xe", "Hợp đồng lao động",
  "Giấy chứng nhận kết hôn", "Bằng tốt nghiệp đại học", "Sổ đỏ",
};
static const char *const signed_papers[] = {
  "giấy ủy quyền", "đơn đề nghị", "bản cam kết", "tờ khai", "giấy xác nhận", "đơn xin việc",
};
static const char *const contracts[] = {
  "hợp đồng tặng cho quyền sử dụng đất", "hợp đồng thế chấp tài sản",
  "văn bản thỏa thuận phân chia di sản thừa kế", "hợp đồng mua bán xe máy",
  "hợp đồng ủy quyền", "hợp đồng thuê nhà ở",
};
static const char *const marital_purposes[] = {
  "đăng ký kết hôn", "vay vốn ngân hàng", "chuyển nhượng quyền sử dụng đất",
  "bổ sung hồ sơ xin việc", "làm thủ tục xuất khẩu lao động",
};
static const char *const extracts[] = { "khai sinh", "kết hôn", "khai tử" };
/* Whose death a citizen registers: the relation, whether a man, whether of the applicant's
 * family name (a father's line; a wife, a mother keep their own), and for a spouse the
 * applicant's sex it needs (1 a man's wife, 2 a woman's husband). */
static const struct { const char *relation; gboolean male, same_family; int spouse_of; }
relatives[] = {
  { "bố", TRUE, TRUE, 0 }, { "mẹ", FALSE, FALSE, 0 }, { "ông nội", TRUE, TRUE, 0 },
  { "bà nội", FALSE, FALSE, 0 }, { "chồng", TRUE, FALSE, 2 }, { "vợ", FALSE, FALSE, 1 },
};
/* The ages (at the request) of those who file each kind of procedure. */
static const struct { int from, to; } applicant_ages[] = {
  [KIND_BIRTH] = { 20, 46 }, [KIND_MARRIAGE] = { 20, 41 }, [KIND_DEATH] = { 30, 71 },
  [KIND_MARITAL] = { 19, 61 }, [KIND_COPY] = { 18, 76 }, [KIND_EXTRACT] = { 18, 76 },
  [KIND_SIGNATURE] = { 18, 76 }, [KIND_CONTRACT] = { 25, 76 }, [KIND_MEDIATION] = { 30, 79 },
  [KIND_LAND] = { 30, 79 },
};

static const char *const refusal_reasons[] = {
  "Thành phần hồ sơ không đầy đủ theo quy định",
  "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã",
  "Giấy tờ tùy thân đã hết hạn sử dụng",
  "Thông tin trên tờ khai không khớp với giấy tờ xuất trình",
};
static const char *const supplement_reasons[] = {
  "Bổ sung bản sao giấy tờ chứng minh nguồn gốc sử dụng đất",
  "Tờ khai còn thiếu chữ ký của người yêu cầu",
  "Bổ sung văn bản ủy quyền có chứng thực",
  "Bổ sung sơ đồ thửa đất có xác nhận của các hộ liền kề",
};
static const char *const stop_reasons[] = {
  "Các bên đã khởi kiện tại Tòa án nhân dân khu vực",
  "Đất đang có tranh chấp, chưa đủ điều kiện giải quyết",
  "Người yêu cầu không bổ sung hồ sơ theo thời hạn",
};
static const char *const apology_reasons[] = {
  "Phải xác minh thêm thông tin tại cơ quan có liên quan",
  "Cán bộ thụ lý đi công tác, chưa kịp xử lý",
  "Chờ ý kiến phối hợp của Văn phòng đăng ký đất đai",
};
static const char *const send_back_reasons[] = {
  "Đề nghị kiểm tra lại thông tin trên dự thảo kết quả",
  "Sai chính tả họ tên, đề nghị sửa lại",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* The broker the commune police should find: one man, one phone, many unrelated applicants. */
#define BROKER_NAME  "Đinh Văn Tuấn"
#define BROKER_PHONE "0986868168"

/* ---- The simulation ---- */

typedef struct {
  McTime at;
  gint64 actor;
  int action;
  int from_status, to_status;
  int from_step, to_step;
  gint64 from_officer, to_officer;
  const char *note;
} Event;

typedef struct {
  DemoProcedure *proc;
  McTime t0;                   /* intake: receipt, acceptance or refusal */
  McChannel channel;
  McTime submitted;
  int status, step;
  McTime received, due, apology_due, ended, returned, paused_since, last;
  gint64 paused;
  int supplements, reassigns, apologies;
  gint64 receiver, handler, signer, holder;
  gboolean cut;                /* the timeline reached the end of the demo */
  McTime apology_at;           /* a form 04 to send before this moment, or NONE */
  const char *apology_note;
  McTime apology_new_due;
  const char *note;
  int n_events;
  Event events[MAX_EVENTS];
} Life;

typedef struct {
  McStore *store;
  const McCalendar *cal;
  GRand *rand;
  gint64 officers[N_OFFICERS];
  GPtrArray *procedure_list;   /* McProcedure*, keeps the document templates alive */
  DemoProcedure *procedures;
  guint n_procedures;
  McDay first_day, last_day, timeline_from;
  McTime end;                  /* the moment the demo stops: nothing happens after it */
  gint64 day_seconds;
  char *agency_code;
  char *place;
  /* Reused for every dossier. */
  GString *applicant, *representative, *address, *email, *request, *result, *code;
  char id_number[16], phone[16], rep_phone[16];
  int pages, copies;           /* of the request (copies, extracts), which its fee counts */
} Demo;

static double
uniform (Demo *demo, double from, double to)
{
  return g_rand_double_range (demo->rand, from, to);
}

static gboolean
chance (Demo *demo, double p)
{
  return p > 0 && g_rand_double (demo->rand) < p;
}

static gint64
working (Demo *demo, double days)
{
  return (gint64) (days * (double) demo->day_seconds);
}

static McTime
after_work (Demo *demo, McTime at, gint64 seconds)
{
  return mc_calendar_add_working (demo->cal, at, MAX (seconds, 0));
}

/* Records the event when it happens before the end of the demo; FALSE once the timeline is cut
 * there. A form 04 due before AT is sent first. */
static gboolean
happen (Demo *demo, Life *life, McTime at, gint64 actor, McAction action, int to_status,
        int to_step, gint64 to_officer, const char *note)
{
  Event *e;

  if (life->cut)
    return FALSE;
  if (life->apology_at != MC_TIME_NONE && life->apology_at <= at)
    {
      McTime apology_at = life->apology_at;

      life->apology_at = MC_TIME_NONE;
      if (!happen (demo, life, apology_at, demo->officers[OFF_CHAIRMAN], MC_ACTION_APOLOGIZE,
                   0, 0, 0, life->apology_note))
        return FALSE;
      life->apologies++;
      life->apology_due = life->apology_new_due;
    }
  if (at > demo->end)
    {
      life->cut = TRUE;
      return FALSE;
    }
  g_assert (life->n_events < MAX_EVENTS);

  at = MAX (at, life->last);
  e = &life->events[life->n_events++];
  e->at = at;
  e->actor = actor;
  e->action = action;
  e->note = note;
  e->from_status = e->to_status = e->from_step = e->to_step = 0;
  e->from_officer = e->to_officer = 0;
  if (to_status != 0 && to_status != life->status)
    {
      e->from_status = life->status;
      e->to_status = to_status;
      life->status = to_status;
    }
  if (to_step != 0 && to_step != life->step)
    {
      e->from_step = life->step;
      e->to_step = to_step;
      life->step = to_step;
    }
  if (to_officer != 0)
    {
      e->from_officer = life->holder;
      e->to_officer = to_officer;
      life->holder = to_officer;
    }
  life->last = at;
  return TRUE;
}

/* The citizen's wait for a supplement: the clock stops, and the appointment moves by the
 * office time it lasted. */
static gboolean
supplement (Demo *demo, Life *life, McTime *cursor)
{
  McTime back;
  gint64 paused;

  if (!happen (demo, life, *cursor, life->handler, MC_ACTION_REQUEST_SUPPLEMENT,
               MC_STATUS_SUPPLEMENT, 0, 0, PICK (demo->rand, supplement_reasons)))
    return FALSE;
  life->supplements++;
  life->paused_since = *cursor;
  back = after_work (demo, *cursor, working (demo, uniform (demo, 0.5, 15)));
  if (!happen (demo, life, back, life->receiver, MC_ACTION_SUPPLEMENT_RECEIVED,
               MC_STATUS_PROCESSING, 0, 0, NULL))
    return FALSE;
  paused = mc_calendar_working_seconds (demo->cal, *cursor, back);
  life->paused += paused;
  life->paused_since = MC_TIME_NONE;
  life->due = after_work (demo, life->due, paused);
  *cursor = back;
  return TRUE;
}

static gint64
other_specialist (Demo *demo, gint64 handler)
{
  if (handler == demo->officers[OFF_JUSTICE1])
    return demo->officers[OFF_JUSTICE2];
  if (handler == demo->officers[OFF_JUSTICE2])
    return demo->officers[OFF_JUSTICE1];
  return 0;
}

/* From intake to hand-over, or to the end of the demo. */
static void
live (Demo *demo, Life *life)
{
  const Profile *pr = life->proc->profile;
  gboolean same_day = life->proc->limit_kind == MC_LIMIT_SAME_DAY;
  McTime cursor = life->t0;
  gint64 limit, work, review, delay;
  int supplements = 0;
  gboolean late, withdraw, stop;

  if (!happen (demo, life, life->t0, life->receiver,
               life->channel == MC_CHANNEL_ONLINE ? MC_ACTION_ACCEPT : MC_ACTION_RECEIVE,
               MC_STATUS_RECEIVED, 0, life->receiver, NULL))
    return;
  life->received = life->t0;
  life->due = mc_calendar_due (demo->cal, life->proc->limit_kind, life->proc->limit_value,
                               life->t0);

  limit = mc_calendar_working_seconds (demo->cal, life->t0, life->due);
  if (limit <= 0)
    limit = demo->day_seconds;
  late = chance (demo, pr->late);
  if (late)
    work = (gint64) ((double) limit * uniform (demo, 1.03, pr->kind >= KIND_MEDIATION ? 2.2 : 1.5));
  else if (same_day)
    work = (gint64) ((double) limit * uniform (demo, 0.05, 0.9));
  else
    work = (gint64) ((double) limit * uniform (demo, 0.3, 0.97));

  if (chance (demo, pr->supplement))
    supplements = chance (demo, 0.08) ? 2 : 1;
  withdraw = chance (demo, pr->withdrawn);
  stop = !withdraw && chance (demo, pr->stopped);

  /* Work shares: assignment and review 66%, signature 20%, recording the result 14%. The
   * desk passes a dossier to its specialist at once when it is due today, else within a few
   * hours; what comes in late in the afternoon goes the next morning. */
  if (mc_minute_of_time (life->t0) >= 14 * 60 + (same_day ? 60 : 0))
    delay = mc_calendar_working_seconds (demo->cal, life->t0,
                                         mc_time_from_day (mc_day_of_time (life->t0) + 1, 0)) +
            g_rand_int_range (demo->rand, 300, 3600);
  else if (same_day)
    delay = g_rand_int_range (demo->rand, 120, 1800);
  else
    delay = working (demo, uniform (demo, 0.05, 0.3));
  delay = MIN (delay, work / 3);
  review = work * 66 / 100 - delay;
  cursor = after_work (demo, cursor, delay);
  if (!happen (demo, life, cursor, life->receiver, MC_ACTION_ASSIGN, MC_STATUS_PROCESSING,
               MC_STEP_ASSIGNED, life->handler, NULL))
    return;

  if (withdraw)
    {
      cursor = after_work (demo, cursor, (gint64) ((double) work * uniform (demo, 0.05, 0.5)));
      happen (demo, life, cursor, life->receiver, MC_ACTION_WITHDRAW, MC_STATUS_WITHDRAWN, 0, 0,
              "Công dân có đơn xin rút hồ sơ");
      return;
    }

  if (chance (demo, 0.01) && other_specialist (demo, life->handler) != 0)
    {
      gint64 next = other_specialist (demo, life->handler);

      cursor = after_work (demo, cursor, work / 10);
      review -= work / 10;
      if (!happen (demo, life, cursor, demo->officers[OFF_VICE1], MC_ACTION_REASSIGN, 0, 0, next,
                   "Cán bộ thụ lý nghỉ phép, giao cán bộ khác xử lý"))
        return;
      life->handler = next;
      life->reassigns++;
    }

  /* Review, with the citizen's supplements and, for land, the financial obligations. */
  for (int i = 0; i < supplements; i++)
    {
      cursor = after_work (demo, cursor, work / 6);
      review -= work / 6;
      if (!supplement (demo, life, &cursor))
        return;
    }
  if (pr->kind == KIND_LAND && chance (demo, 0.5))
    {
      cursor = after_work (demo, cursor, work / 6);
      if (!happen (demo, life, cursor, life->handler, MC_ACTION_REQUEST_PAYMENT,
                   MC_STATUS_PAYMENT, 0, 0, "Nộp lệ phí trước bạ theo thông báo của cơ quan thuế"))
        return;
      cursor = after_work (demo, cursor, work / 8);
      review -= work / 6 + work / 8;
      if (!happen (demo, life, cursor, life->receiver, MC_ACTION_PAYMENT_RECEIVED,
                   MC_STATUS_PROCESSING, 0, 0, NULL))
        return;
    }
  cursor = after_work (demo, cursor, review);

  if (stop)
    {
      happen (demo, life, cursor, life->signer, MC_ACTION_STOP, MC_STATUS_STOPPED, 0, 0,
              PICK (demo->rand, stop_reasons));
      return;
    }

  /* Everything that moves the appointment is known now: a late dossier gets its form 04 a
   * little before the appointment passes, with a new one. */
  {
    McTime end = after_work (demo, cursor, work * 34 / 100);

    if (end > life->due && chance (demo, 0.7))
      {
        life->apology_at = MAX (after_work (demo, life->due - 2 * 3600, 0), cursor);
        life->apology_new_due = after_work (demo, end, demo->day_seconds / 2);
        life->apology_note = PICK (demo->rand, apology_reasons);
      }
  }

  if (!happen (demo, life, cursor, life->handler, MC_ACTION_SUBMIT_FOR_SIGNATURE, 0,
               MC_STEP_SUBMITTED, life->signer, NULL))
    return;
  if (chance (demo, 0.02))
    {
      cursor = after_work (demo, cursor, work / 20);
      if (!happen (demo, life, cursor, life->signer, MC_ACTION_SEND_BACK, 0, MC_STEP_SENT_BACK,
                   life->handler, PICK (demo->rand, send_back_reasons)))
        return;
      cursor = after_work (demo, cursor, work / 20);
      if (!happen (demo, life, cursor, life->handler, MC_ACTION_SUBMIT_FOR_SIGNATURE, 0,
                   MC_STEP_SUBMITTED, life->signer, NULL))
        return;
    }
  else
    cursor = after_work (demo, cursor, work / 10);
  cursor = after_work (demo, cursor, work / 10);
  if (!happen (demo, life, cursor, life->signer, MC_ACTION_SIGN, 0, MC_STEP_SIGNED,
               life->handler, NULL))
    return;
  cursor = after_work (demo, cursor, work * 14 / 100);
  if (!happen (demo, life, cursor, life->handler, MC_ACTION_RECORD_RESULT, MC_STATUS_RESOLVED,
               0, 0, NULL))
    return;
  life->ended = cursor;

  /* Hand-over: electronic and online results at once; most citizens come back the same day
   * or within a week; a few never come. */
  if (chance (demo, 0.015))
    return;
  if (life->proc->electronic_result || (life->channel == MC_CHANNEL_ONLINE && chance (demo, 0.5)))
    cursor = after_work (demo, cursor, 300);
  else if (same_day && chance (demo, 0.8))
    cursor = after_work (demo, cursor, (gint64) uniform (demo, 600, 2 * 3600));
  else
    cursor = after_work (demo, cursor, working (demo, uniform (demo, 0.1, 5)));
  if (happen (demo, life, cursor, life->receiver, MC_ACTION_HAND_OVER, MC_STATUS_RETURNED, 0,
              0, NULL))
    life->returned = cursor;
}

/* ---- One dossier ---- */

static void
append_person (Demo *demo, GString *s, gboolean male, const char *family)
{
  if (family == NULL)
    {
      int total = 0, pick;

      for (gsize i = 0; i < G_N_ELEMENTS (family_names); i++)
        total += family_names[i].weight;
      pick = g_rand_int_range (demo->rand, 0, total);
      for (gsize i = 0; i < G_N_ELEMENTS (family_names); i++)
        {
          pick -= family_names[i].weight;
          if (pick < 0)
            {
              family = family_names[i].name;
              break;
            }
        }
    }
  {
    const char *middle, *given;

    /* No word twice: "Trần Mai Mai" and "Hoàng Hoàng Long" are no one's names. */
    do
      {
        middle = male ? PICK (demo->rand, male_middle) : PICK (demo->rand, female_middle);
        given = male ? PICK (demo->rand, male_given) : PICK (demo->rand, female_given);
      }
    while (g_str_equal (middle, given) || g_str_equal (middle, family) ||
           g_str_equal (given, family));
    g_string_append (s, family);
    g_string_append_c (s, ' ');
    g_string_append (s, middle);
    g_string_append_c (s, ' ');
    g_string_append (s, given);
  }
}

static const char *
birth_province (Demo *demo)
{
  int total = 0, pick;

  for (gsize i = 0; i < G_N_ELEMENTS (birth_provinces); i++)
    total += birth_provinces[i].weight;
  pick = g_rand_int_range (demo->rand, 0, total);
  for (gsize i = 0; i < G_N_ELEMENTS (birth_provinces); i++)
    {
      pick -= birth_provinces[i].weight;
      if (pick < 0)
        return birth_provinces[i].code;
    }
  return "001";
}

static void
make_phone (Demo *demo, char *out)
{
  g_snprintf (out, 16, "%s%07d", PICK (demo->rand, phone_prefixes),
              g_rand_int_range (demo->rand, 0, 10000000));
}

/* The first word of NAME (the family name), copied into BUFFER. */
static char *
family_of (const char *name, char *buffer, gsize size)
{
  const char *space = strchr (name, ' ');
  gsize len = space ? (gsize) (space - name) : strlen (name);

  g_strlcpy (buffer, name, MIN (len + 1, size));
  return buffer;
}

static void
make_applicant (Demo *demo, Life *life, gboolean broker)
{
  const Profile *pr = life->proc->profile;
  gboolean male = g_rand_boolean (demo->rand);
  int year, month, day, birth_year;
  char family[32];
  g_autofree char *folded = NULL;
  int relative = 0;

  mc_day_to_ymd (mc_day_of_time (life->t0), &year, &month, &day);
  birth_year = year - g_rand_int_range (demo->rand, applicant_ages[pr->kind].from,
                                        applicant_ages[pr->kind].to);
  if (pr->kind == KIND_DEATH)
    {
      /* The relation first, then the applicant who can have it. */
      relative = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (relatives));
      if (relatives[relative].spouse_of != 0)
        male = relatives[relative].spouse_of == 1;
    }
  g_string_truncate (demo->applicant, 0);
  append_person (demo, demo->applicant, male, NULL);
  /* Căn cước: the code of the province where the birth was registered, century and sex, year
   * of birth, six digits. */
  g_snprintf (demo->id_number, sizeof demo->id_number, "%s%d%02d%06d", birth_province (demo),
              (birth_year >= 2000 ? 2 : 0) + (male ? 0 : 1), birth_year % 100,
              g_rand_int_range (demo->rand, 0, 1000000));
  make_phone (demo, demo->phone);

  g_string_truncate (demo->address, 0);
  /* "thôn" written one way, in lower case, as inside an address; the province named. */
  if (chance (demo, 0.06))
    g_string_append_printf (demo->address, "Số %d, %s", g_rand_int_range (demo->rand, 1, 200),
                            PICK (demo->rand, other_communes));
  else if (chance (demo, 0.5))
    g_string_append_printf (demo->address, "Số %d, ngõ %d, thôn %s, xã %s, thành phố Hà Nội",
                            g_rand_int_range (demo->rand, 1, 80),
                            g_rand_int_range (demo->rand, 1, 120),
                            PICK (demo->rand, villages), demo->place);
  else
    g_string_append_printf (demo->address, "Số %d, thôn %s, xã %s, thành phố Hà Nội",
                            g_rand_int_range (demo->rand, 1, 200),
                            PICK (demo->rand, villages), demo->place);

  g_string_truncate (demo->email, 0);
  if (life->channel == MC_CHANNEL_ONLINE && chance (demo, 0.4))
    {
      folded = mc_text_fold (demo->applicant->str);
      for (const char *p = folded; *p; p++)
        if (*p != ' ')
          g_string_append_c (demo->email, *p);
      g_string_append_printf (demo->email, "%02d@gmail.com", birth_year % 100);
    }

  g_string_truncate (demo->representative, 0);
  demo->rep_phone[0] = '\0';
  if (broker)
    {
      g_string_append (demo->representative, BROKER_NAME);
      g_strlcpy (demo->rep_phone, BROKER_PHONE, sizeof demo->rep_phone);
    }
  else if (life->channel != MC_CHANNEL_ONLINE && chance (demo, 0.04))
    {
      /* A relative files for the applicant. */
      append_person (demo, demo->representative, g_rand_boolean (demo->rand),
                     family_of (demo->applicant->str, family, sizeof family));
      make_phone (demo, demo->rep_phone);
    }

  g_string_truncate (demo->request, 0);
  switch (pr->kind)
    {
    case KIND_BIRTH:
      /* The child takes the father's family name: the applicant's when he files. */
      g_string_append (demo->request, "Đăng ký khai sinh cho con: ");
      append_person (demo, demo->request, g_rand_boolean (demo->rand),
                     male ? family_of (demo->applicant->str, family, sizeof family) : NULL);
      break;
    case KIND_MARRIAGE:
      g_string_append (demo->request, "Đăng ký kết hôn với ");
      g_string_append (demo->request, male ? "bà " : "ông ");
      append_person (demo, demo->request, !male, NULL);
      break;
    case KIND_DEATH:
      g_string_append_printf (demo->request, "Đăng ký khai tử cho %s: ",
                              relatives[relative].relation);
      append_person (demo, demo->request, relatives[relative].male,
                     relatives[relative].same_family
                     ? family_of (demo->applicant->str, family, sizeof family) : NULL);
      break;
    case KIND_MARITAL:
      g_string_append_printf (demo->request, "Xác nhận tình trạng hôn nhân để %s",
                              PICK (demo->rand, marital_purposes));
      break;
    case KIND_COPY:
      /* The fee is counted from the same pages and copies (dossier_fee). */
      demo->pages = chance (demo, 0.8) ? g_rand_int_range (demo->rand, 1, 3)
                                       : g_rand_int_range (demo->rand, 3, 30);
      demo->copies = g_rand_int_range (demo->rand, 1, 6);
      g_string_append_printf (demo->request, "Chứng thực %d bản sao %s (%d trang)",
                              demo->copies, PICK (demo->rand, copied_papers), demo->pages);
      break;
    case KIND_EXTRACT:
      demo->copies = chance (demo, 0.7) ? 1 : g_rand_int_range (demo->rand, 2, 4);
      g_string_append_printf (demo->request, "Cấp %d bản sao trích lục %s", demo->copies,
                              PICK (demo->rand, extracts));
      break;
    case KIND_SIGNATURE:
      g_string_append_printf (demo->request, "Chứng thực chữ ký trên %s",
                              PICK (demo->rand, signed_papers));
      break;
    case KIND_CONTRACT:
      g_string_append_printf (demo->request, "Chứng thực %s", PICK (demo->rand, contracts));
      break;
    case KIND_MEDIATION:
      g_string_append_printf (demo->request,
                              "Hòa giải tranh chấp ranh giới thửa đất số %d, tờ bản đồ số %d với "
                              "hộ ", g_rand_int_range (demo->rand, 1, 400),
                              g_rand_int_range (demo->rand, 1, 40));
      {
        gboolean neighbour_male = g_rand_boolean (demo->rand);

        g_string_append (demo->request, neighbour_male ? "ông " : "bà ");
        append_person (demo, demo->request, neighbour_male, NULL);
      }
      break;
    case KIND_LAND:
    default:
      g_string_append_printf (demo->request,
                              "Cấp Giấy chứng nhận lần đầu thửa đất số %d, tờ bản đồ số %d, "
                              "diện tích %d m²", g_rand_int_range (demo->rand, 1, 400),
                              g_rand_int_range (demo->rand, 1, 40),
                              g_rand_int_range (demo->rand, 40, 600));
      break;
    }
}

/* The fee of this dossier: per page and copy for copies (capped per copy), by the kind of
 * property for land certificates. */
static gint64
dossier_fee (Demo *demo, const DemoProcedure *proc)
{
  switch (proc->profile->kind)
    {
    case KIND_COPY:
      {
        /* The catalogue's rule, per copy: 2.000 đ a page for the first two, 1.000 đ after,
         * at most 200.000 đ; the pages and copies of the request (make_applicant). */
        gint64 per_copy = proc->fee * MIN (demo->pages, 2) +
                          (proc->fee / 2) * MAX (demo->pages - 2, 0);

        return demo->copies * MIN (per_copy, 200000);
      }
    case KIND_EXTRACT:
      return demo->copies * proc->fee;
    case KIND_LAND:
      return chance (demo, 0.6) ? proc->fee : proc->fee * 4;
    default:
      return proc->fee;
    }
}

typedef struct {
  McTime t0;
  DemoProcedure *proc;
  McChannel channel;
  gboolean pending;    /* online, not accepted yet when the demo ends */
  gboolean refused;
  gboolean broker;
} Intake;

static gboolean
write_dossier (Demo *demo, const Intake *in, McDay day, int seq, double progress,
               GError **error)
{
  DemoProcedure *proc = in->proc;
  const Profile *pr = proc->profile;
  Life life = { 0 };
  McDossier row = { 0 };
  gboolean digitized_input, digitized_result = FALSE, paid_online = FALSE, late_intake = FALSE;
  McOutcome outcome = MC_OUTCOME_NONE;
  gint64 fee, id;
  int y, m, d;

  life.proc = proc;
  life.t0 = in->t0;
  life.channel = in->channel;
  life.submitted = life.received = life.due = life.apology_due = life.ended = MC_TIME_NONE;
  life.returned = life.paused_since = life.apology_at = life.apology_new_due = MC_TIME_NONE;
  life.last = G_MININT64 + 1;

  /* The broker's dossiers go through the same desk officer, which is what the police look
   * for besides the phone number. */
  life.receiver = demo->officers[in->broker && chance (demo, 0.8) ? OFF_DESK2
                                 : chance (demo, 0.55) ? OFF_DESK1 : OFF_DESK2];
  if (pr->kind >= KIND_MEDIATION)
    life.handler = demo->officers[OFF_LAND];
  else if (pr->kind == KIND_COPY && chance (demo, 0.15))
    life.handler = demo->officers[OFF_CULTURE];
  else
    life.handler = demo->officers[chance (demo, 0.65) ? OFF_JUSTICE1 : OFF_JUSTICE2];
  if (pr->kind == KIND_MEDIATION || chance (demo, 0.04))
    life.signer = demo->officers[OFF_CHAIRMAN];
  else
    life.signer = demo->officers[pr->kind >= KIND_MEDIATION ? OFF_VICE2 : OFF_VICE1];

  make_applicant (demo, &life, in->broker);
  fee = dossier_fee (demo, proc);

  if (in->channel == MC_CHANNEL_ONLINE)
    {
      /* Citizens file online at any hour; most are taken in the same or the next half-day,
       * a few wait days (late intake, the letter's first complaint). */
      double r = g_rand_double (demo->rand);

      life.submitted = in->t0 - (r < 0.6 ? g_rand_int_range (demo->rand, 600, 4 * 3600)
                                 : r < 0.93 ? g_rand_int_range (demo->rand, 4 * 3600, 24 * 3600)
                                 : g_rand_int_range (demo->rand, 24 * 3600, 5 * 24 * 3600));
    }
  else if (in->refused)
    life.submitted = in->t0 - g_rand_int_range (demo->rand, 120, 1800);   /* at the desk */

  if (in->channel == MC_CHANNEL_ONLINE)
    happen (demo, &life, life.submitted, 0, MC_ACTION_SUBMIT_ONLINE, MC_STATUS_NEW, 0, 0, NULL);

  if (in->refused)
    {
      life.note = PICK (demo->rand, refusal_reasons);
      happen (demo, &life, in->t0, life.receiver, MC_ACTION_REFUSE, MC_STATUS_REFUSED, 0, 0,
              life.note);
    }
  else if (!in->pending)
    {
      live (demo, &life);
      if (in->channel == MC_CHANNEL_ONLINE)
        late_intake = mc_kpi_is_late_intake (demo->cal, life.submitted, life.received);
    }

  if (life.status == MC_STATUS_RESOLVED || life.status == MC_STATUS_RETURNED)
    {
      outcome = mc_kpi_classify (life.ended, life.due, life.supplements);
      digitized_result = proc->electronic_result || chance (demo, 0.4 + 0.45 * progress);
      if (pr->kind == KIND_MEDIATION && chance (demo, 0.35))
        {
          /* No agreement: the minutes refer the parties on (docs/domain.md §7). */
          if (g_rand_boolean (demo->rand))
            g_string_printf (demo->result, "Biên bản hòa giải không thành số %d; hướng dẫn các "
                             "bên khởi kiện tại Tòa án nhân dân khu vực", ++proc->results);
          else
            g_string_printf (demo->result, "Biên bản hòa giải không thành số %d; chuyển Chủ "
                             "tịch UBND xã giải quyết theo thẩm quyền", ++proc->results);
        }
      else if (pr->kind == KIND_LAND && life.received != MC_TIME_NONE &&
               mc_day_of_time (life.received) < mc_day_from_ymd (2025, 7, 1))
        /* Before the reform the commune confirmed and the district's office issued. */
        g_string_printf (demo->result, "Hồ sơ đã xác nhận, chuyển Văn phòng đăng ký đất đai "
                         "số %d", ++proc->results);
      else
        g_string_printf (demo->result, "%s số %d", pr->result, ++proc->results);
    }
  else if (life.status == MC_STATUS_PROCESSING && life.step != MC_STEP_ASSIGNED &&
           life.step != MC_STEP_NONE)
    /* Submitted for signature, signed or sent back: the specialist proposed its result, which
     * the leader reads in the review and signs as it is. */
    g_string_printf (demo->result, "%s số %d", pr->result, ++proc->results);
  else
    g_string_truncate (demo->result, 0);
  if (life.status == MC_STATUS_WITHDRAWN || life.status == MC_STATUS_STOPPED)
    life.note = life.events[life.n_events - 1].note;
  digitized_input = in->channel == MC_CHANNEL_ONLINE || chance (demo, 0.45 + 0.4 * progress);
  if (fee > 0 && in->channel == MC_CHANNEL_ONLINE && life.received != MC_TIME_NONE)
    paid_online = chance (demo, 0.75);

  mc_day_to_ymd (day, &y, &m, &d);
  g_string_printf (demo->code, "%s-%02d%02d%02d-%04d", demo->agency_code, y % 100, m, d, seq);
  /* Borrowed texts: ROW is not freed. */
  row.code = demo->code->str;
  row.procedure_id = proc->id;
  row.channel = in->channel;
  row.status = life.status;
  row.step = life.step;
  row.submitted_at = life.submitted;
  row.received_at = life.received;
  row.due_at = life.due;
  row.apology_due_at = life.apology_due;
  row.ended_at = life.ended;
  row.returned_at = life.returned;
  row.supplement_count = life.supplements;
  row.paused_seconds = life.paused;
  row.paused_since = life.paused_since;
  row.reassign_count = life.reassigns;
  row.apology_count = life.apologies;
  row.digitized_input = digitized_input;
  row.digitized_result = digitized_result;
  row.fee = fee;
  row.paid_online = paid_online;
  row.receiver_id = life.received != MC_TIME_NONE || in->refused ? life.receiver : 0;
  row.handler_id = life.step != MC_STEP_NONE ? life.handler : 0;
  row.signer_id = life.step >= MC_STEP_SUBMITTED ? life.signer : 0;
  row.applicant_name = demo->applicant->str;
  row.applicant_id_number = demo->id_number;
  row.applicant_phone = demo->phone;
  row.applicant_address = demo->address->str;
  row.applicant_email = demo->email->str;
  row.representative_name = demo->representative->str;
  row.representative_phone = demo->rep_phone;
  row.request = demo->request->str;
  row.result = demo->result->str;
  row.note = (char *) life.note;
  row.outcome = outcome;
  row.late_intake = late_intake;
  id = mc_store_insert_dossier_at (demo->store, &row, life.last, error);
  if (id == 0)
    return FALSE;

  if (day < demo->timeline_from && !(MC_STATUSES_OPEN & (1u << life.status)) &&
      life.status != MC_STATUS_NEW)
    return TRUE;

  for (int i = 0; i < life.n_events; i++)
    {
      const Event *e = &life.events[i];

      McEvent event = {
        .dossier_id = id, .at = e->at, .actor_id = e->actor, .action = e->action,
        .from_status = e->from_status, .to_status = e->to_status, .from_step = e->from_step,
        .to_step = e->to_step, .from_officer = e->from_officer, .to_officer = e->to_officer,
        .note = (char *) e->note,
      };

      if (!mc_store_insert_event (demo->store, &event, error))
        return FALSE;
    }

  for (guint i = 0, position = 0; i < proc->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (proc->documents, i);

      if (!t->required && !chance (demo, 0.3))
        continue;
      McDossierDocument doc = { (char *) t->name, t->copy_kind, t->quantity, TRUE };

      if (!mc_store_insert_document (demo->store, id, (int) position++, &doc, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- The days ---- */

/* How busy a working day is: Mondays more than Fridays, the weeks before Tết most (papers to
 * settle before the new year), the days after it least, the summer's school enrolments. */
static double
day_weight (Demo *demo, McDay day)
{
  int y, m, d;
  McDay tet;
  double w;

  mc_day_to_ymd (day, &y, &m, &d);
  switch (mc_day_weekday (day))
    {
    case 1: w = 1.25; break;
    case 2: w = 1.05; break;
    case 5: w = 0.9; break;
    case 6: w = 0.8; break;   /* a Saturday worked */
    default: w = 1.0; break;
    }
  tet = mc_lunar_tet (y);
  if (day < tet && tet - day <= 21)
    w *= 1.6;
  else if (day >= tet && day - tet <= 10)
    w *= 0.75;
  if ((m == 6 && d >= 15) || m == 7 || m == 8)
    w *= 1.15;
  return w * uniform (demo, 0.85, 1.15);
}

/* Procedure weights of a day: weddings crowd the end of the lunar year and the autumn. */
static void
procedure_weights (Demo *demo, McDay day, double *weights)
{
  int y, m, d;
  McDay tet;

  mc_day_to_ymd (day, &y, &m, &d);
  tet = mc_lunar_tet (y);
  for (guint i = 0; i < demo->n_procedures; i++)
    {
      const Profile *pr = demo->procedures[i].profile;
      double w = pr->weight;

      if (pr->kind == KIND_MARRIAGE && ((day < tet && tet - day <= 45) || m >= 9))
        w *= 2.2;
      if (pr->kind == KIND_COPY && (m == 7 || m == 8))
        w *= 1.3;
      weights[i] = w + (i > 0 ? weights[i - 1] : 0);
    }
}

static DemoProcedure *
pick_procedure (Demo *demo, const double *cumulative)
{
  double r = g_rand_double (demo->rand) * cumulative[demo->n_procedures - 1];

  for (guint i = 0; i < demo->n_procedures; i++)
    if (r < cumulative[i])
      return &demo->procedures[i];
  return &demo->procedures[demo->n_procedures - 1];
}

static McChannel
pick_channel (Demo *demo, const DemoProcedure *proc, double progress)
{
  /* The share of online filing grows through the year, as the letter's target asks. */
  /* Near the letter's own shares (level 3 partial 59,64%, full 96,34%), rising from the start
   * of the year to its end. */
  if (proc->online_level == MC_ONLINE_FULL && chance (demo, 0.925 + 0.07 * progress))
    return MC_CHANNEL_ONLINE;
  if (proc->online_level == MC_ONLINE_PARTIAL && chance (demo, 0.48 + 0.24 * progress))
    return MC_CHANNEL_ONLINE;
  if (chance (demo, proc->profile->post))
    return MC_CHANNEL_POST;
  return MC_CHANNEL_DESK;
}

static McTime
office_moment (Demo *demo, McDay day, const McOfficeHours *hours)
{
  int minute;

  if (chance (demo, 0.62))
    minute = g_rand_int_range (demo->rand, hours->am_start, hours->am_end);
  else
    minute = g_rand_int_range (demo->rand, hours->pm_start, hours->pm_end);
  return mc_time_from_day (day, minute) + g_rand_int_range (demo->rand, 0, 60);
}

static int
compare_intakes (gconstpointer a, gconstpointer b)
{
  const Intake *x = a, *y = b;

  return (x->t0 > y->t0) - (x->t0 < y->t0);
}

static gboolean
fill_day (Demo *demo, McDay day, gint64 count, gboolean last_day, gint64 *done, gint64 total,
          McProgressFunc progress, gpointer progress_data, GError **error)
{
  McOfficeHours hours = mc_calendar_get_office_hours (demo->cal);
  double progress_of_year = (double) (day - demo->first_day) /
                            (double) MAX (demo->last_day - demo->first_day, 1);
  g_autofree double *weights = g_new (double, demo->n_procedures);
  g_autofree Intake *intakes = g_new0 (Intake, MAX (count, 1));

  procedure_weights (demo, day, weights);
  for (gint64 i = 0; i < count; i++)
    {
      Intake *in = &intakes[i];

      in->t0 = office_moment (demo, day, &hours);
      in->proc = pick_procedure (demo, weights);
      in->broker = chance (demo, in->proc->profile->broker);
      in->channel = in->broker ? MC_CHANNEL_DESK
                               : pick_channel (demo, in->proc, progress_of_year);
      in->refused = chance (demo, in->channel == MC_CHANNEL_ONLINE ? 0.03 : 0.004);
      in->pending = !in->refused && last_day && in->channel == MC_CHANNEL_ONLINE &&
                    mc_minute_of_time (in->t0) >= hours.pm_start && chance (demo, 0.6);
    }
  /* Codes follow the order of intake within the day. */
  qsort (intakes, count, sizeof (Intake), compare_intakes);

  for (gint64 i = 0; i < count; i++)
    {
      if (!write_dossier (demo, &intakes[i], day, (int) (i + 1), progress_of_year, error))
        return FALSE;
      if (++*done % PROGRESS_STEP == 0 && *done < total && progress != NULL)
        progress (*done, total, progress_data);
    }
  return TRUE;
}

/* ---- Set-up ---- */

/* An officer that already has the demo user name and role (say the administrator made at the
 * first start) is kept as it is, password included; any other owner of the name is an error. */
static gboolean
find_officer (Demo *demo, const McDemoAccount *a, gint64 *id, GError **error)
{
  g_auto(McStoreAccount) account = { 0 };

  *id = 0;
  if (!mc_store_find_account (demo->store, a->username, &account, error))
    return FALSE;
  *id = account.id;
  if (*id != 0 && account.role != a->role)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The demo needs the user name “%s” (%s), but an officer with another role "
                     "already has it."), a->username, mc_role_to_string (a->role));
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_officers (Demo *demo, GError **error)
{
  for (int i = 0; i < N_OFFICERS; i++)
    {
      const McDemoAccount *a = &demo_accounts[i];

      if (!find_officer (demo, a, &demo->officers[i], error))
        return FALSE;
      if (demo->officers[i] != 0)
        continue;
      demo->officers[i] = mc_account_create (demo->store, 0, a->name, a->title, a->role,
                                             a->username, MC_DEMO_PASSWORD, error);
      if (demo->officers[i] == 0)
        return FALSE;
      if (!mc_store_set_officer_post (demo->store, demo->officers[i], a->post, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_procedures (Demo *demo, GError **error)
{
  demo->procedure_list = mc_store_list_procedures (demo->store, error);
  if (demo->procedure_list == NULL)
    return FALSE;
  demo->procedures = g_new0 (DemoProcedure, G_N_ELEMENTS (profiles));
  for (guint i = 0; i < demo->procedure_list->len; i++)
    {
      const McProcedure *p = g_ptr_array_index (demo->procedure_list, i);

      for (gsize j = 0; j < G_N_ELEMENTS (profiles); j++)
        if (g_str_equal (p->code, profiles[j].code) && p->active)
          {
            DemoProcedure *dp = &demo->procedures[demo->n_procedures++];

            dp->id = p->id;
            dp->profile = &profiles[j];
            dp->limit_kind = p->limit_kind;
            dp->limit_value = p->limit_value;
            dp->online_level = p->online_level;
            dp->fee = p->fee;
            dp->electronic_result = !p->result_is_paper;
            dp->documents = p->documents;
          }
    }
  if (demo->n_procedures == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The demo needs the default procedure catalogue; initialise the database "
                     "first."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_has_data (McStore *store, gboolean *has_data, GError **error)
{
  *has_data = mc_store_count_dossiers (store) > 0;
  return TRUE;
}

/* The texts reused for every dossier: allocated when INIT, freed otherwise. */
static void
demo_texts (Demo *demo, gboolean init)
{
  GString **texts[] = { &demo->applicant, &demo->representative, &demo->address, &demo->email,
                        &demo->request, &demo->result, &demo->code };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (init)
      *texts[i] = g_string_sized_new (128);
    else if (*texts[i] != NULL)
      {
        g_string_free (*texts[i], TRUE);
        *texts[i] = NULL;
      }
}

static void
demo_clear (Demo *demo)
{
  demo_texts (demo, FALSE);
  g_clear_pointer (&demo->rand, g_rand_free);
  g_clear_pointer (&demo->procedure_list, g_ptr_array_unref);
  g_clear_pointer (&demo->procedures, g_free);
  g_clear_pointer (&demo->agency_code, g_free);
  g_clear_pointer (&demo->place, g_free);
}

/* The period: the year ending on the last day of YEAR, or yesterday for the current year (so
 * that nothing lies in the future and the data is the same all day). */
static gboolean
set_period (Demo *demo, int year, GError **error)
{
  McDay today = mc_day_of_time (g_get_real_time () / G_USEC_PER_SEC);
  int this_year = year_of (today);
  McDay last;

  if (year == 0)
    year = this_year;
  if (year < FIRST_YEAR || year > this_year)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The demo year must be between %d and %d."), FIRST_YEAR, this_year);
      return FALSE;
    }
  last = year == this_year ? today - 1 : mc_day_from_ymd (year, 12, 31);
  demo->last_day = last;
  demo->first_day = last - 364;
  demo->end = mc_time_from_day (last + 1, 0);
  return TRUE;
}

/* The demo's leaders sign in once, which makes their keys (mc-signature.h), and confirm one
 * another's, so that the demo commune can sign at once. A leader whose account was there
 * before with another password is left as it is. */
static gboolean
leaders_keys (Demo *demo, GError **error)
{
  static const struct { int holder, confirmer; } pairs[] = {
    { OFF_CHAIRMAN, OFF_VICE1 }, { OFF_VICE1, OFF_CHAIRMAN }, { OFF_VICE2, OFF_CHAIRMAN },
  };
  gboolean signed_in[N_OFFICERS] = { FALSE };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    for (int j = 0; j < 2; j++)
      {
        int who = j == 0 ? pairs[i].holder : pairs[i].confirmer;
        g_autoptr(McOfficer) officer = NULL;

        if (signed_in[who])
          continue;
        officer = mc_account_authenticate (demo->store, demo_accounts[who].username,
                                           MC_DEMO_PASSWORD, NULL);
        signed_in[who] = officer != NULL;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!signed_in[pairs[i].holder] || !signed_in[pairs[i].confirmer])
        continue;
      if (!mc_signature_confirm_key (demo->store, demo->officers[pairs[i].confirmer],
                                     demo->officers[pairs[i].holder], MC_DEMO_PASSWORD,
                                     &local_error) &&
          !g_error_matches (local_error, MC_ERROR, MC_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mc_demo_fill (McStore *store, const McDemoOptions *options, McProgressFunc progress,
              gpointer progress_data, GError **error)
{
  Demo demo = { 0 };
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (McDay));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  static const char * const bulk_tables[] = { "dossier", "dossier_event", "dossier_document",
                                               NULL };
  gpointer bulk_load = NULL;
  g_autofree char *details = NULL;
  gboolean has_data = FALSE;
  gboolean large = options->dossiers > LARGE_DEMO;
  gboolean bulk = options->dossiers >= BULK_LOAD;
  double total_weight = 0, cumulative = 0;
  gint64 done = 0, assigned = 0;
  gboolean ok = FALSE;

  if (options->dossiers < 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The number of demo dossiers cannot be negative."));
      return FALSE;
    }
  if (!store_has_data (store, &has_data, error))
    return FALSE;
  if (has_data)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The demo can only fill a database without dossiers; this one already has "
                     "some, and was left unchanged."));
      return FALSE;
    }

  demo.store = store;
  demo.cal = mc_store_get_calendar (store);
  demo.day_seconds = mc_calendar_day_seconds (demo.cal);
  demo.rand = g_rand_new_with_seed (options->seed);
  demo.agency_code = mc_store_get_setting (store, "agency.code", "000.00.00.H00");
  demo.place = mc_store_get_setting (store, "agency.place", "Tam Hiệp");
  demo_texts (&demo, TRUE);
  if (!set_period (&demo, options->year, error))
    goto out;
  demo.timeline_from = large ? demo.last_day - TIMELINE_DAYS + 1 : demo.first_day;

  for (McDay day = demo.first_day; day <= demo.last_day; day++)
    if (mc_calendar_is_working_day (demo.cal, day))
      {
        double w = day_weight (&demo, day);

        g_array_append_val (days, day);
        g_array_append_val (weights, w);
        total_weight += w;
      }

  if (bulk)
    bulk_load = mc_store_bulk_begin (store, bulk_tables, error);
  if (bulk ? bulk_load == NULL : !mc_store_begin (store, error))
    {
      bulk = FALSE;
      goto out;
    }
  if (!create_officers (&demo, error) || !load_procedures (&demo, error))
    goto fail;

  /* Each day gets its share of the dossiers, rounded so that the shares add up exactly. */
  for (guint i = 0; i < days->len; i++)
    {
      McDay day = g_array_index (days, McDay, i);
      gint64 upto, count;

      cumulative += g_array_index (weights, double, i);
      upto = (gint64) (options->dossiers * cumulative / total_weight + 0.5);
      if (i == days->len - 1)
        upto = options->dossiers;
      count = upto - assigned;
      assigned = upto;
      if (!fill_day (&demo, day, count, i == days->len - 1, &done, options->dossiers,
                     progress, progress_data, error))
        goto fail;
    }

  if (bulk && !mc_store_bulk_rebuild (store, bulk_load, error))
    goto fail;
  /* The dashboard's sums are counted here, as part of the load, not at the first dashboard. */
  if (!mc_analysis_refresh_loaded (store, NULL, error))
    goto fail;

  details = g_strdup_printf ("demo: %" G_GINT64_FORMAT " dossiers, year %d, seed %u",
                             options->dossiers, year_of (demo.last_day), options->seed);
  if (!mc_audit_append (store, 0, "demo", "database", 0, details, error))
    goto fail;
  if (!mc_store_commit (store, error))
    goto out;
  if (!leaders_keys (&demo, error))
    goto out;
  if (progress != NULL)
    progress (done, options->dossiers, progress_data);
  ok = TRUE;
  goto out;

fail:
  mc_store_rollback (store);
out:
  if (bulk)
    mc_store_bulk_end (store, bulk_load);
  demo_clear (&demo);
  return ok;
}
