/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Import of the dossier CSV (CLI.md). The file is streamed through libcsv one physical line at a
 * time, so every record knows the line it started on; each valid row is written at once inside
 * one transaction, and the transaction is rolled back if any row was bad. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <csv.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-account.h"
#include "mc-audit.h"
#include "mc-date.h"
#include "mc-analysis.h"
#include "mc-import.h"
#include "mc-kpi.h"
#include "mc-store-internal.h"
#include "mc-text.h"
#include "mc-workflow.h"

#define MAX_LISTED_ERRORS 50
#define MAX_FIELD_BYTES   (64 * 1024)
#define MAX_FIELDS        256
#define PROGRESS_ROWS     10000
/* New rows are inserted this many at a time: one statement per row costs its cursors and its
 * statement journal on every row, which dominates a big import. */
#define BATCH_ROWS        MC_STORE_IMPORT_BATCH
#define CHUNK_BYTES       (256 * 1024)
/* Below this many new rows, updating the dossier indexes row by row is cheaper than rebuilding
 * them (see bench/import in the report of this module). */
#define REBUILD_INDEXES_MIN_ROWS 50000
#define BYTES_PER_ROW_GUESS      200
/* The first characters a spreadsheet reads as a formula (CLI.md, the dossier CSV). */
#define FORMULA_STARTS "=+-@\t\r"

static const char *const column_names[MC_CSV_N_COLUMNS] = {
  [MC_CSV_MA_HO_SO] = "MaHoSo",
  [MC_CSV_MA_TTHC] = "MaTTHC",
  [MC_CSV_TEN_TTHC] = "TenTTHC",
  [MC_CSV_LINH_VUC] = "LinhVuc",
  [MC_CSV_MUC_DO] = "MucDo",
  [MC_CSV_THOI_HAN] = "ThoiHan",
  [MC_CSV_KENH_THUC_HIEN] = "KenhThucHien",
  [MC_CSV_TRANG_THAI_HO_SO] = "TrangThaiHoSo",
  [MC_CSV_NGAY_NOP_HO_SO] = "NgayNopHoSo",
  [MC_CSV_NGAY_TIEP_NHAN] = "NgayTiepNhan",
  [MC_CSV_NGAY_HEN_TRA] = "NgayHenTra",
  [MC_CSV_NGAY_KET_THUC_XU_LY] = "NgayKetThucXuLy",
  [MC_CSV_NGAY_TRA] = "NgayTra",
  [MC_CSV_SO_LAN_BO_SUNG] = "SoLanBoSung",
  [MC_CSV_SO_HOA_HO_SO] = "SoHoaHoSo",
  [MC_CSV_SO_HOA_KET_QUA] = "SoHoaKetQua",
  [MC_CSV_LE_PHI] = "LePhi",
  [MC_CSV_THANH_TOAN_TRUC_TUYEN] = "ThanhToanTrucTuyen",
  [MC_CSV_CAN_BO_TIEP_NHAN] = "CanBoTiepNhan",
  [MC_CSV_CAN_BO_XU_LY] = "CanBoXuLy",
  [MC_CSV_CHU_HO_SO] = "ChuHoSo",
  [MC_CSV_SO_GIAY_TO] = "SoGiayTo",
  [MC_CSV_SO_DIEN_THOAI] = "SoDienThoai",
  [MC_CSV_DIA_CHI] = "DiaChi",
  [MC_CSV_NGUOI_NOP] = "NguoiNop",
  [MC_CSV_SO_DIEN_THOAI_NGUOI_NOP] = "SoDienThoaiNguoiNop",
  [MC_CSV_SO_GIAY_TO_NGUOI_NOP] = "SoGiayToNguoiNop",
};

static const McCsvColumn required_columns[] = {
  MC_CSV_MA_HO_SO, MC_CSV_MA_TTHC, MC_CSV_KENH_THUC_HIEN, MC_CSV_TRANG_THAI_HO_SO,
};

const char *
mc_csv_column_name (McCsvColumn column)
{
  g_return_val_if_fail (column < MC_CSV_N_COLUMNS, NULL);
  return column_names[column];
}

/* The CSV column each of the dossier's imported columns comes from: an update leaves a column
 * alone when the file lacks its source, so a partial file does not blank what it does not
 * carry. -1: always written (keys and values derived from several columns). */
static const int column_sources[MC_IMPORT_N_COLUMNS] = {
  [MC_IMPORT_CODE] = -1,
  [MC_IMPORT_PROCEDURE] = -1,
  [MC_IMPORT_CHANNEL] = -1,
  [MC_IMPORT_STATUS] = -1,
  [MC_IMPORT_SUBMITTED] = MC_CSV_NGAY_NOP_HO_SO,
  [MC_IMPORT_RECEIVED] = MC_CSV_NGAY_TIEP_NHAN,
  [MC_IMPORT_DUE] = -1,
  [MC_IMPORT_ENDED] = MC_CSV_NGAY_KET_THUC_XU_LY,
  [MC_IMPORT_RETURNED] = MC_CSV_NGAY_TRA,
  [MC_IMPORT_SUPPLEMENTS] = MC_CSV_SO_LAN_BO_SUNG,
  [MC_IMPORT_DIGITIZED_INPUT] = MC_CSV_SO_HOA_HO_SO,
  [MC_IMPORT_DIGITIZED_RESULT] = MC_CSV_SO_HOA_KET_QUA,
  [MC_IMPORT_FEE] = MC_CSV_LE_PHI,
  [MC_IMPORT_PAID_ONLINE] = MC_CSV_THANH_TOAN_TRUC_TUYEN,
  [MC_IMPORT_RECEIVER] = MC_CSV_CAN_BO_TIEP_NHAN,
  [MC_IMPORT_HANDLER] = MC_CSV_CAN_BO_XU_LY,
  [MC_IMPORT_APPLICANT] = MC_CSV_CHU_HO_SO,
  [MC_IMPORT_APPLICANT_FOLDED] = MC_CSV_CHU_HO_SO,
  [MC_IMPORT_ID_NUMBER] = MC_CSV_SO_GIAY_TO,
  [MC_IMPORT_PHONE] = MC_CSV_SO_DIEN_THOAI,
  [MC_IMPORT_ADDRESS] = MC_CSV_DIA_CHI,
  [MC_IMPORT_REPRESENTATIVE] = MC_CSV_NGUOI_NOP,
  [MC_IMPORT_REPRESENTATIVE_FOLDED] = MC_CSV_NGUOI_NOP,
  [MC_IMPORT_REPRESENTATIVE_PHONE] = MC_CSV_SO_DIEN_THOAI_NGUOI_NOP,
  [MC_IMPORT_REPRESENTATIVE_ID] = MC_CSV_SO_GIAY_TO_NGUOI_NOP,
  [MC_IMPORT_OUTCOME] = -1,
  [MC_IMPORT_LATE_INTAKE] = -1,
  [MC_IMPORT_UPDATED_AT] = -1,
};

typedef struct {
  gint64      id;
  McLimitKind limit_kind;
  int         limit_value;
} ProcedureInfo;

/* One valid row, pointing into the record's buffer. */
typedef struct {
  const char   *code;
  const ProcedureInfo *procedure;
  McLimitKind   limit_kind;
  int           limit_value;
  int           channel;         /* -1 when unreadable */
  int           status;
  McTime        submitted, received, due, ended, returned;
  gint64        supplements;
  gboolean      digitized_input, digitized_result, paid_online;
  gint64        fee;
  gint64        receiver_id, handler_id;
  const char   *applicant, *id_number, *phone, *address, *representative, *representative_phone;
  const char   *representative_id;
  char         *applicant_folded, *representative_folded;
  McOutcome     outcome;
  gboolean      late_intake;
} Row;

typedef struct {
  McStore          *store;
  gint64            actor_id;
  McCalendar       *calendar;        /* a copy: the store's may be rebuilt during the import */
  McTime            now;
  const char       *file_name;

  struct csv_parser parser;
  GString          *fields;          /* the current record's fields, each NUL-terminated */
  GArray           *offsets;         /* guint: where each field starts in FIELDS */
  gboolean          too_long;        /* the record has more than MAX_FIELDS fields */
  int               bad_text;        /* the first field that is not UTF-8 text, or -1 */
  guint             line;            /* the physical line being fed, from 1 */
  guint             record_line;     /* the line the current record started on */
  gboolean          in_record;
  gboolean          have_header;
  int               column_index[MC_CSV_N_COLUMNS];   /* field index, -1 when absent */
  guint             header_width;

  GArray           *errors;          /* LineError, sorted by line at the end */
  guint             n_errors;
  gboolean          stop;            /* too many errors, or FATAL set */
  GError           *fatal;           /* store failure or cancellation: no line to name */

  GHashTable       *procedures;      /* code → ProcedureInfo* */
  GHashTable       *officers;        /* name → gint64* */
  McStoreImportWriter *writer;
  struct BatchRow  *batch;
  guint             batch_len;
  GString          *batch_text;       /* the batched records' fields */
  gint64            max_id_before;
  guint8           *updated_ids;     /* bitmap over ids <= max_id_before: updated by this file */
  gint64            imported, updated, rows;
  gint64            changed;          /* updated dossiers whose values differ: one event each */
  guint             procedures_created;
  McImportFlags     flags;
  GPtrArray        *broken;           /* codes whose signature no longer matches (allowed) */
  GHashTable       *officer_names;    /* id → name, for the events' notes */
  GHashTable       *procedure_codes;  /* id → code */

  gboolean          bulk_load;        /* a big file: indexes rebuilt, journal switched */
  gpointer          bulk;

  GCancellable     *cancellable;
  McProgressFunc    progress;
  gpointer          progress_data;
  goffset           bytes_done, bytes_total;
} Import;

typedef struct {
  guint line;
  char *why;
} LineError;

static void
line_error_clear (gpointer data)
{
  g_free (((LineError *) data)->why);
}

static int
compare_line_errors (gconstpointer a, gconstpointer b)
{
  guint la = ((const LineError *) a)->line, lb = ((const LineError *) b)->line;

  return la < lb ? -1 : la > lb;
}

static void add_line_error (Import *imp, guint line, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_line_error (Import *imp, guint line, const char *format, ...)
{
  va_list args;
  LineError e = { line, NULL };

  imp->n_errors++;
  if (imp->n_errors > MAX_LISTED_ERRORS)
    {
      imp->stop = TRUE;
      return;
    }
  va_start (args, format);
  e.why = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (imp->errors, e);
}

static void
set_fatal (Import *imp, GError *error)
{
  if (imp->fatal == NULL)
    imp->fatal = error;
  else
    g_error_free (error);
  imp->stop = TRUE;
}

/* ---- Reading one row ---- */

static const char *
cell (Import *imp, McCsvColumn column)
{
  int index = imp->column_index[column];

  if (index < 0)
    return "";
  return imp->fields->str + g_array_index (imp->offsets, guint, index);
}

/* Collects what is wrong with one row, as one "; "-separated text. */
typedef struct {
  GString *why;
} Problems;

static void problem (Problems *p, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
problem (Problems *p, const char *format, ...)
{
  va_list args;

  if (p->why->len > 0)
    g_string_append (p->why, "; ");
  va_start (args, format);
  g_string_append_vprintf (p->why, format, args);
  va_end (args);
}

/* Digits only (no sign, no spaces), at most MAX. */
static gboolean
parse_digits (const char *text, gint64 max, gint64 *out)
{
  gint64 value = 0;

  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      value = value * 10 + (*p - '0');
      if (value > max)
        return FALSE;
    }
  *out = value;
  return TRUE;
}

static gint64
read_number (Problems *p, const char *text, McCsvColumn column, gint64 min, gint64 max,
             gint64 fallback, const char *what)
{
  gint64 value;

  if (*text == '\0' && fallback >= 0)
    return fallback;
  if (*text == '\0')
    {
      problem (p, _("%s is empty; it %s"), column_names[column], what);
      return fallback;
    }
  if (!parse_digits (text, max, &value) || value < min)
    {
      problem (p, "%s “%s” %s", column_names[column], text, what);
      return fallback;
    }
  return value;
}

static gboolean
read_flag (Problems *p, const char *text, McCsvColumn column)
{
  if (*text == '\0' || g_str_equal (text, "0"))
    return FALSE;
  if (g_str_equal (text, "1"))
    return TRUE;
  problem (p, _("%s “%s” must be 1 or 0"), column_names[column], text);
  return FALSE;
}

static McTime
read_time (Problems *p, const char *text, McCsvColumn column)
{
  McTime t;

  if (*text == '\0')
    return MC_TIME_NONE;
  if (!mc_parse_time (text, &t))
    {
      problem (p, _("%s “%s” is not a time written YYYY-MM-DD HH:MM[:SS] or "
                    "DD/MM/YYYY HH:MM[:SS]"), column_names[column], text);
      return MC_TIME_NONE;
    }
  return t;
}

static void
require_for_status (Problems *p, Import *imp, McCsvColumn column, int status)
{
  if (*cell (imp, column) == '\0')
    problem (p, _("%s is needed for a dossier with status %d"), column_names[column], status);
}

/* ---- Catalogue and officers ---- */

static const ProcedureInfo *
find_procedure (Import *imp, const char *code, GError **error)
{
  ProcedureInfo *info = g_hash_table_lookup (imp->procedures, code);
  g_autoptr(McProcedure) p = NULL;
  g_autoptr(GError) local_error = NULL;

  if (info != NULL)
    return info;
  p = mc_store_find_procedure (imp->store, code, &local_error);
  if (p == NULL)
    {
      if (!g_error_matches (local_error, MC_ERROR, MC_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  info = g_new0 (ProcedureInfo, 1);
  info->id = p->id;
  info->limit_kind = p->limit_kind;
  info->limit_value = p->limit_value;
  g_hash_table_insert (imp->procedures, g_strdup (code), info);
  return info;
}

static McOnlineLevel
parse_online_level (const char *text, gboolean *ok)
{
  *ok = TRUE;
  if (*text == '\0')
    return MC_ONLINE_NONE;
  if (g_str_equal (text, "MotPhan"))
    return MC_ONLINE_PARTIAL;
  if (g_str_equal (text, "ToanTrinh"))
    return MC_ONLINE_FULL;
  *ok = FALSE;
  return MC_ONLINE_NONE;
}

/* Adds the procedure the row describes; NULL with ERROR on a store failure, or with the reason
 * in PROBLEMS when the catalogue refuses it. */
static const ProcedureInfo *
create_procedure (Import *imp, Problems *problems, const char *code, McLimitKind kind, int value,
                  GError **error)
{
  g_autoptr(McProcedure) p = mc_procedure_new ();
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  /* mc_procedure_new gives empty strings, not NULL. */
  g_free (p->code);
  p->code = g_strdup (code);
  g_free (p->name);
  p->name = g_strdup (cell (imp, MC_CSV_TEN_TTHC));
  g_free (p->field);
  p->field = g_strdup (cell (imp, MC_CSV_LINH_VUC));
  p->online_level = parse_online_level (cell (imp, MC_CSV_MUC_DO), &ok);
  p->limit_kind = kind;
  p->limit_value = value;
  if (!mc_store_save_procedure (imp->store, imp->actor_id, p, &local_error))
    {
      if (g_error_matches (local_error, MC_ERROR, MC_ERROR_INVALID))
        problem (problems, "%s", local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  imp->procedures_created++;
  return find_procedure (imp, code, error);
}

/* The officer of that exact name (created without an account when missing), 0 for none, -1 on
 * a store failure. Cached: a file names the same few officers on every line. */
static gint64
ensure_officer (Import *imp, Problems *p, McCsvColumn column, McRole role, GError **error)
{
  const char *name = cell (imp, column);
  g_autoptr(GError) local_error = NULL;
  gint64 *cached;
  gint64 id;

  if (name[strspn (name, " \t\r\n")] == '\0')
    return 0;
  cached = g_hash_table_lookup (imp->officers, name);
  if (cached != NULL)
    return *cached;

  id = mc_account_ensure_officer (imp->store, name, role, &local_error);
  if (id <= 0)
    {
      if (g_error_matches (local_error, MC_ERROR, MC_ERROR_INVALID))
        {
          problem (p, "%s “%s”: %s", column_names[column], name, local_error->message);
          return 0;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  cached = g_new (gint64, 1);
  *cached = id;
  g_hash_table_insert (imp->officers, g_strdup (name), cached);
  return id;
}

/* ---- Validation ---- */

/* Fills ROW from the current record; FALSE with the reasons in P when the row is bad. Store
 * failures go to ERROR (and P stays empty). */
static gboolean
read_row (Import *imp, Row *row, Problems *p, GError **error)
{
  const char *proc_code = cell (imp, MC_CSV_MA_TTHC);
  const char *limit_text = cell (imp, MC_CSV_THOI_HAN);
  gint64 limit = -1;
  gboolean level_ok;

  memset (row, 0, sizeof *row);
  row->code = cell (imp, MC_CSV_MA_HO_SO);
  if (*row->code == '\0')
    problem (p, _("MaHoSo (the dossier code) is empty"));
  if (*proc_code == '\0')
    problem (p, _("MaTTHC (the procedure code) is empty"));

  row->channel = read_number (p, cell (imp, MC_CSV_KENH_THUC_HIEN), MC_CSV_KENH_THUC_HIEN,
                              1, 3, -1, _("must be 1 (in person), 2 (online) or 3 (public post)"));
  row->status = read_number (p, cell (imp, MC_CSV_TRANG_THAI_HO_SO), MC_CSV_TRANG_THAI_HO_SO,
                             1, 10, -1, _("must be a status code from 1 to 10"));
  if (*limit_text != '\0')
    limit = read_number (p, limit_text, MC_CSV_THOI_HAN, 0, 365, -1,
                         _("must be a number of working days from 0 to 365 (0: the same day)"));
  parse_online_level (cell (imp, MC_CSV_MUC_DO), &level_ok);
  if (!level_ok)
    problem (p, _("MucDo “%s” must be ToanTrinh, MotPhan or empty"), cell (imp, MC_CSV_MUC_DO));

  row->submitted = read_time (p, cell (imp, MC_CSV_NGAY_NOP_HO_SO), MC_CSV_NGAY_NOP_HO_SO);
  row->received = read_time (p, cell (imp, MC_CSV_NGAY_TIEP_NHAN), MC_CSV_NGAY_TIEP_NHAN);
  row->due = read_time (p, cell (imp, MC_CSV_NGAY_HEN_TRA), MC_CSV_NGAY_HEN_TRA);
  row->ended = read_time (p, cell (imp, MC_CSV_NGAY_KET_THUC_XU_LY), MC_CSV_NGAY_KET_THUC_XU_LY);
  row->returned = read_time (p, cell (imp, MC_CSV_NGAY_TRA), MC_CSV_NGAY_TRA);

  row->supplements = read_number (p, cell (imp, MC_CSV_SO_LAN_BO_SUNG), MC_CSV_SO_LAN_BO_SUNG,
                                  0, 1000, 0, _("must be a whole number of requests"));
  row->fee = read_number (p, cell (imp, MC_CSV_LE_PHI), MC_CSV_LE_PHI, 0,
                          G_GINT64_CONSTANT (999999999999999), 0,
                          _("must be a whole number of đồng, digits only"));
  row->digitized_input = read_flag (p, cell (imp, MC_CSV_SO_HOA_HO_SO), MC_CSV_SO_HOA_HO_SO);
  row->digitized_result = read_flag (p, cell (imp, MC_CSV_SO_HOA_KET_QUA),
                                     MC_CSV_SO_HOA_KET_QUA);
  row->paid_online = read_flag (p, cell (imp, MC_CSV_THANH_TOAN_TRUC_TUYEN),
                                MC_CSV_THANH_TOAN_TRUC_TUYEN);

  /* The rules between columns, once each column is known to be well written. */
  if (row->status > 0 && row->status != MC_STATUS_NEW && row->status != MC_STATUS_REFUSED)
    require_for_status (p, imp, MC_CSV_NGAY_TIEP_NHAN, row->status);
  if (row->status == MC_STATUS_RESOLVED || row->status == MC_STATUS_RETURNED)
    require_for_status (p, imp, MC_CSV_NGAY_KET_THUC_XU_LY, row->status);
  if (row->status == MC_STATUS_RETURNED)
    require_for_status (p, imp, MC_CSV_NGAY_TRA, row->status);
  if (row->channel == MC_CHANNEL_ONLINE && *cell (imp, MC_CSV_NGAY_NOP_HO_SO) == '\0')
    problem (p, _("NgayNopHoSo is needed for an online dossier"));
  if (row->received != MC_TIME_NONE && row->ended != MC_TIME_NONE && row->ended < row->received)
    problem (p, _("NgayKetThucXuLy is before NgayTiepNhan"));
  if (row->ended != MC_TIME_NONE && row->returned != MC_TIME_NONE && row->returned < row->ended)
    problem (p, _("NgayTra is before NgayKetThucXuLy"));

  if (*proc_code != '\0')
    {
      row->procedure = find_procedure (imp, proc_code, error);
      if (row->procedure == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (row->procedure == NULL && *cell (imp, MC_CSV_TEN_TTHC) == '\0')
        problem (p, _("the procedure “%s” is not in the catalogue, and TenTTHC does not name it "
                      "so that it can be added"), proc_code);
      else if (row->procedure == NULL && limit < 0 && *limit_text == '\0')
        problem (p, _("the procedure “%s” is not in the catalogue; to add it, ThoiHan must give "
                      "its processing time"), proc_code);
    }

  if (p->why->len > 0)
    return FALSE;

  if (limit >= 0)
    {
      row->limit_kind = limit == 0 ? MC_LIMIT_SAME_DAY : MC_LIMIT_WORKING_DAYS;
      row->limit_value = (int) limit;
    }
  if (row->procedure == NULL)
    {
      row->procedure = create_procedure (imp, p, proc_code, row->limit_kind, row->limit_value,
                                         error);
      if (row->procedure == NULL)
        return FALSE;
    }
  if (limit < 0)
    {
      row->limit_kind = row->procedure->limit_kind;
      row->limit_value = row->procedure->limit_value;
    }

  row->receiver_id = ensure_officer (imp, p, MC_CSV_CAN_BO_TIEP_NHAN, MC_ROLE_DESK, error);
  if (row->receiver_id >= 0)
    row->handler_id = ensure_officer (imp, p, MC_CSV_CAN_BO_XU_LY, MC_ROLE_SPECIALIST, error);
  if (row->receiver_id < 0 || row->handler_id < 0 || p->why->len > 0)
    return FALSE;

  row->applicant = cell (imp, MC_CSV_CHU_HO_SO);
  row->id_number = cell (imp, MC_CSV_SO_GIAY_TO);
  row->phone = cell (imp, MC_CSV_SO_DIEN_THOAI);
  row->address = cell (imp, MC_CSV_DIA_CHI);
  row->representative = cell (imp, MC_CSV_NGUOI_NOP);
  row->representative_phone = cell (imp, MC_CSV_SO_DIEN_THOAI_NGUOI_NOP);
  row->representative_id = cell (imp, MC_CSV_SO_GIAY_TO_NGUOI_NOP);
  row->applicant_folded = mc_text_fold (row->applicant);
  row->representative_folded = mc_text_fold (row->representative);

  /* What the KPIs read is stored, never recomputed (DOMAIN.md §5). */
  if (row->due == MC_TIME_NONE && row->received != MC_TIME_NONE &&
      row->status != MC_STATUS_NEW && row->status != MC_STATUS_REFUSED)
    row->due = mc_calendar_due (imp->calendar, row->limit_kind, row->limit_value, row->received);
  row->outcome = MC_OUTCOME_NONE;
  if (row->status == MC_STATUS_RESOLVED || row->status == MC_STATUS_RETURNED)
    row->outcome = mc_kpi_classify (row->ended, row->due, (int) row->supplements);
  row->late_intake = row->channel == MC_CHANNEL_ONLINE && row->received != MC_TIME_NONE &&
                     mc_kpi_is_late_intake (imp->calendar, row->submitted, row->received);
  return TRUE;
}

/* ---- Writing ---- */

/* ROW as the store writes it. */
static void
store_row (Import *imp, const Row *row, McStoreImportRow *out)
{
  *out = (McStoreImportRow) {
    .code = row->code, .procedure_id = row->procedure->id, .channel = row->channel,
    .status = row->status, .submitted = row->submitted, .received = row->received,
    .due = row->due, .ended = row->ended, .returned = row->returned,
    .supplements = row->supplements, .digitized_input = row->digitized_input,
    .digitized_result = row->digitized_result, .paid_online = row->paid_online, .fee = row->fee,
    .receiver_id = row->receiver_id, .handler_id = row->handler_id,
    .applicant = row->applicant, .applicant_folded = row->applicant_folded,
    .id_number = row->id_number, .phone = row->phone, .address = row->address,
    .representative = row->representative, .representative_folded = row->representative_folded,
    .representative_phone = row->representative_phone, .representative_id = row->representative_id,
    .outcome = row->outcome, .late_intake = row->late_intake, .updated_at = imp->now,
  };
}

static gboolean
prepare_statements (Import *imp, GError **error)
{
  gboolean update[MC_IMPORT_N_COLUMNS];

  /* Only the columns this file carries. */
  for (int i = 0; i < MC_IMPORT_N_COLUMNS; i++)
    update[i] = column_sources[i] < 0 || imp->column_index[column_sources[i]] >= 0;
  imp->writer = mc_store_import_writer_new (imp->store, update);
  return TRUE;
}

static gint64
find_dossier (Import *imp, const char *code)
{
  GError *error = NULL;
  gint64 id = mc_store_import_find (imp->writer, code, &error);

  if (id < 0)
    {
      set_fatal (imp, error);
      return 0;
    }
  return id;
}

/* ---- The history of an update ---- */

/* Import columns a person reads in a dossier's history, with their CSV name; the others are
 * derived from these (folded names, the time of the change). */
static const struct { McStoreImportColumn column; McCsvColumn csv; gboolean is_signed; } shown[] = {
  { MC_IMPORT_PROCEDURE, MC_CSV_MA_TTHC, TRUE },
  { MC_IMPORT_CHANNEL, MC_CSV_KENH_THUC_HIEN, FALSE },
  { MC_IMPORT_STATUS, MC_CSV_TRANG_THAI_HO_SO, FALSE },
  { MC_IMPORT_SUBMITTED, MC_CSV_NGAY_NOP_HO_SO, FALSE },
  { MC_IMPORT_RECEIVED, MC_CSV_NGAY_TIEP_NHAN, FALSE },
  { MC_IMPORT_DUE, MC_CSV_NGAY_HEN_TRA, TRUE },
  { MC_IMPORT_ENDED, MC_CSV_NGAY_KET_THUC_XU_LY, FALSE },
  { MC_IMPORT_RETURNED, MC_CSV_NGAY_TRA, FALSE },
  { MC_IMPORT_SUPPLEMENTS, MC_CSV_SO_LAN_BO_SUNG, FALSE },
  { MC_IMPORT_DIGITIZED_INPUT, MC_CSV_SO_HOA_HO_SO, FALSE },
  { MC_IMPORT_DIGITIZED_RESULT, MC_CSV_SO_HOA_KET_QUA, FALSE },
  { MC_IMPORT_FEE, MC_CSV_LE_PHI, FALSE },
  { MC_IMPORT_PAID_ONLINE, MC_CSV_THANH_TOAN_TRUC_TUYEN, FALSE },
  { MC_IMPORT_RECEIVER, MC_CSV_CAN_BO_TIEP_NHAN, FALSE },
  { MC_IMPORT_HANDLER, MC_CSV_CAN_BO_XU_LY, FALSE },
  { MC_IMPORT_APPLICANT, MC_CSV_CHU_HO_SO, TRUE },
  { MC_IMPORT_ID_NUMBER, MC_CSV_SO_GIAY_TO, TRUE },
  { MC_IMPORT_PHONE, MC_CSV_SO_DIEN_THOAI, FALSE },
  { MC_IMPORT_ADDRESS, MC_CSV_DIA_CHI, FALSE },
  { MC_IMPORT_REPRESENTATIVE, MC_CSV_NGUOI_NOP, FALSE },
  { MC_IMPORT_REPRESENTATIVE_PHONE, MC_CSV_SO_DIEN_THOAI_NGUOI_NOP, FALSE },
  { MC_IMPORT_REPRESENTATIVE_ID, MC_CSV_SO_GIAY_TO_NGUOI_NOP, FALSE },
  { MC_IMPORT_OUTCOME, -1, FALSE },
  { MC_IMPORT_LATE_INTAKE, -1, FALSE },
};

static const char *
cached_name (Import *imp, GHashTable *cache, gint64 id, gboolean officer)
{
  char *name;

  if (id == 0)
    return "";
  name = g_hash_table_lookup (cache, &id);
  if (name == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      if (officer)
        {
          g_autoptr(McOfficer) o = mc_store_get_officer (imp->store, id, NULL);

          name = g_strdup (o != NULL ? o->name : "?");
        }
      else
        {
          g_autoptr(McProcedure) p = mc_store_get_procedure (imp->store, id, NULL);

          name = g_strdup (p != NULL ? p->code : "?");
        }
      g_hash_table_insert (cache, key, name);
    }
  return name;
}

/* Column C of R as a person reads it; *BUFFER holds what is made for it. */
static const char *
shown_value (Import *imp, const McStoreImportRow *r, McStoreImportColumn c, char **buffer)
{
  g_clear_pointer (buffer, g_free);
  switch (c)
    {
    case MC_IMPORT_PROCEDURE:
      return cached_name (imp, imp->procedure_codes, r->procedure_id, FALSE);
    case MC_IMPORT_RECEIVER:
      return cached_name (imp, imp->officer_names, r->receiver_id, TRUE);
    case MC_IMPORT_HANDLER:
      return cached_name (imp, imp->officer_names, r->handler_id, TRUE);
    case MC_IMPORT_SUBMITTED: case MC_IMPORT_RECEIVED: case MC_IMPORT_DUE:
    case MC_IMPORT_ENDED: case MC_IMPORT_RETURNED:
      {
        McTime t = c == MC_IMPORT_SUBMITTED ? r->submitted : c == MC_IMPORT_RECEIVED ? r->received
                 : c == MC_IMPORT_DUE ? r->due : c == MC_IMPORT_ENDED ? r->ended : r->returned;

        *buffer = t == MC_TIME_NONE ? g_strdup ("") : mc_time_to_iso (t);
        return *buffer;
      }
    case MC_IMPORT_APPLICANT: return r->applicant;
    case MC_IMPORT_ID_NUMBER: return r->id_number;
    case MC_IMPORT_PHONE: return r->phone;
    case MC_IMPORT_ADDRESS: return r->address;
    case MC_IMPORT_REPRESENTATIVE: return r->representative;
    case MC_IMPORT_REPRESENTATIVE_PHONE: return r->representative_phone;
    case MC_IMPORT_REPRESENTATIVE_ID: return r->representative_id;
    default:
      {
        gint64 v = c == MC_IMPORT_CHANNEL ? r->channel : c == MC_IMPORT_STATUS ? r->status
                 : c == MC_IMPORT_SUPPLEMENTS ? r->supplements
                 : c == MC_IMPORT_DIGITIZED_INPUT ? r->digitized_input
                 : c == MC_IMPORT_DIGITIZED_RESULT ? r->digitized_result
                 : c == MC_IMPORT_FEE ? r->fee : c == MC_IMPORT_PAID_ONLINE ? r->paid_online
                 : c == MC_IMPORT_OUTCOME ? r->outcome : r->late_intake;

        if (c == MC_IMPORT_OUTCOME && v == MC_OUTCOME_NONE)
          *buffer = g_strdup ("");
        else
          *buffer = g_strdup_printf ("%" G_GINT64_FORMAT, v);
        return *buffer;
      }
    }
}

static const char *
shown_name (McStoreImportColumn c, McCsvColumn csv)
{
  if (c == MC_IMPORT_OUTCOME)
    return "outcome";
  if (c == MC_IMPORT_LATE_INTAKE)
    return "late_intake";
  return column_names[csv];
}

typedef enum {
  CHANGES_NONE,       /* the dossier already holds these values: nothing to write */
  CHANGES_WRITTEN,    /* its event and audit record are written: write the row */
  CHANGES_REFUSED,    /* a signed field of a signed or handed-over dossier: a bad line */
  CHANGES_FAILED,     /* the store failed (fatal) */
} Changes;

/* Compares what dossier ID holds with R; writes the event (action import) and the audit record
 * that name each changed field's old and new value, or refuses the line when it would change
 * what a leader signed or what was handed over, unless the flag allows it. */
static Changes
record_changes (Import *imp, const McStoreImportRow *r, gint64 id, guint line)
{
  McStoreImportRow old;
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GString) signed_changes = g_string_new (NULL);
  g_autofree char *details = NULL;
  GError *error = NULL;
  gboolean is_signed = FALSE, is_protected;
  McEvent e = { 0 };

  if (!mc_store_import_read (imp->writer, id, &old, &is_signed, &error))
    {
      set_fatal (imp, error);
      return CHANGES_FAILED;
    }
  is_protected = is_signed || old.status == MC_STATUS_RETURNED;
  for (gsize i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      McStoreImportColumn c = shown[i].column;
      g_autofree char *was_buffer = NULL;
      g_autofree char *now_buffer = NULL;
      const char *was, *now_value;

      /* A column the file does not carry is left as it is. */
      if (column_sources[c] >= 0 && imp->column_index[column_sources[c]] < 0)
        continue;
      was = shown_value (imp, &old, c, &was_buffer);
      now_value = shown_value (imp, r, c, &now_buffer);
      if (g_strcmp0 (was, now_value) == 0)
        continue;
      g_string_append_printf (note, "%s%s: “%s” → “%s”", note->len ? "; " : "",
                              shown_name (c, shown[i].csv), was, now_value);
      if (shown[i].is_signed && is_protected)
        g_string_append_printf (signed_changes, "%s%s “%s” → “%s”",
                                signed_changes->len ? ", " : "", shown_name (c, shown[i].csv),
                                was, now_value);
    }
  if (note->len == 0)
    return CHANGES_NONE;

  if (signed_changes->len > 0 && !(imp->flags & MC_IMPORT_ALLOW_SIGNED_CHANGES))
    {
      add_line_error (imp, line,
                      is_signed
                      ? _("dossier %s was signed by a leader, and this line would change what "
                          "was signed (%s); such a change needs --allow-signed-changes and "
                          "breaks the signature")
                      : _("dossier %s was handed over to the citizen, and this line would change "
                          "what was handed over (%s); such a change needs "
                          "--allow-signed-changes"), r->code, signed_changes->str);
      return CHANGES_REFUSED;
    }
  if (signed_changes->len > 0 && is_signed)
    g_ptr_array_add (imp->broken, g_strdup (r->code));

  e.dossier_id = id;
  e.at = imp->now;
  e.actor_id = imp->actor_id;
  e.action = MC_ACTION_IMPORT;
  if (old.status != r->status)
    {
      e.from_status = old.status;
      e.to_status = r->status;
    }
  if (old.handler_id != r->handler_id && imp->column_index[MC_CSV_CAN_BO_XU_LY] >= 0)
    {
      e.from_officer = old.handler_id;
      e.to_officer = r->handler_id;
    }
  e.note = g_strdup_printf ("%s: %s", imp->file_name, note->str);
  details = g_strdup_printf ("%s, line %u: %s%s", r->code, line, note->str,
                             signed_changes->len > 0 && is_signed
                             ? "; the signature no longer matches" : "");
  if (!mc_store_insert_event (imp->store, &e, &error) ||
      !mc_audit_append (imp->store, imp->actor_id, "dossier.import", "dossier", id, details,
                        &error))
    {
      g_free (e.note);
      set_fatal (imp, error);
      return CHANGES_FAILED;
    }
  g_free (e.note);
  imp->changed++;
  return CHANGES_WRITTEN;
}

/* Updates dossier ID, there before this file, from ROW (of LINE); meeting it twice is a bad
 * line. */
static void
update_row (Import *imp, const Row *row, gint64 id, guint line)
{
  McStoreImportRow r;
  GError *error = NULL;

  if (id > imp->max_id_before || (imp->updated_ids[id / 8] & (1u << (id % 8))) != 0)
    {
      add_line_error (imp, line, _("the dossier code “%s” appears more than once in the file"),
                      row->code);
      return;
    }
  imp->updated_ids[id / 8] |= 1u << (id % 8);
  store_row (imp, row, &r);
  switch (record_changes (imp, &r, id, line))
    {
    case CHANGES_NONE:
      imp->updated++;
      return;
    case CHANGES_REFUSED:
    case CHANGES_FAILED:
      return;
    case CHANGES_WRITTEN:
      break;
    }
  if (!mc_store_import_update (imp->writer, &r, id, &error))
    set_fatal (imp, error);
  else
    imp->updated++;
}

/* Inserts ROW alone, or finds that its code is taken. */
static void
insert_row (Import *imp, const Row *row, guint line)
{
  McStoreImportRow r;
  GError *error = NULL;
  gint64 id;
  int inserted;

  store_row (imp, row, &r);
  inserted = mc_store_import_insert (imp->writer, &r, &error);
  if (inserted < 0)
    {
      set_fatal (imp, error);
      return;
    }
  if (inserted > 0)
    {
      imp->imported++;
      return;
    }
  id = find_dossier (imp, row->code);
  if (id != 0)
    update_row (imp, row, id, line);
}

/* ---- Batches of new rows ---- */

/* The members of Row that point into the record's fields. */
static const gsize row_texts[] = {
  G_STRUCT_OFFSET (Row, code), G_STRUCT_OFFSET (Row, applicant), G_STRUCT_OFFSET (Row, id_number),
  G_STRUCT_OFFSET (Row, phone), G_STRUCT_OFFSET (Row, address),
  G_STRUCT_OFFSET (Row, representative), G_STRUCT_OFFSET (Row, representative_phone),
  G_STRUCT_OFFSET (Row, representative_id),
};

typedef struct BatchRow {
  Row   row;
  guint line;
  gsize offsets[G_N_ELEMENTS (row_texts)];   /* in batch_text; G_MAXSIZE for "" */
} BatchRow;

static void
clear_batch (Import *imp)
{
  for (guint i = 0; i < imp->batch_len; i++)
    {
      g_clear_pointer (&imp->batch[i].row.applicant_folded, g_free);
      g_clear_pointer (&imp->batch[i].row.representative_folded, g_free);
    }
  imp->batch_len = 0;
  g_string_truncate (imp->batch_text, 0);
}

/* Writes the batched rows: all in one statement when the batch is full and has no code met
 * before, else one by one so that a duplicate is named with its line. */
static void
flush_batch (Import *imp)
{
  guint n = imp->batch_len;

  for (guint i = 0; i < n; i++)
    for (gsize t = 0; t < G_N_ELEMENTS (row_texts); t++)
      {
        gsize offset = imp->batch[i].offsets[t];

        G_STRUCT_MEMBER (const char *, &imp->batch[i].row, row_texts[t]) =
          offset == G_MAXSIZE ? "" : imp->batch_text->str + offset;
      }

  if (n == BATCH_ROWS)
    {
      g_autofree McStoreImportRow *rows = g_new (McStoreImportRow, BATCH_ROWS);
      g_autofree const McStoreImportRow **pointers = g_new (const McStoreImportRow *, BATCH_ROWS);
      GError *error = NULL;
      gboolean duplicate = FALSE;

      for (guint i = 0; i < n; i++)
        {
          store_row (imp, &imp->batch[i].row, &rows[i]);
          pointers[i] = &rows[i];
        }
      if (mc_store_import_insert_batch (imp->writer, pointers, &duplicate, &error))
        {
          imp->imported += n;
          clear_batch (imp);
          return;
        }
      if (!duplicate)
        {
          set_fatal (imp, error);
          clear_batch (imp);
          return;
        }
    }
  for (guint i = 0; i < n && !imp->stop; i++)
    insert_row (imp, &imp->batch[i].row, imp->batch[i].line);
  clear_batch (imp);
}

/* Takes ROW (and its folded names) into the batch. */
static void
batch_add (Import *imp, Row *row)
{
  BatchRow *b = &imp->batch[imp->batch_len++];
  const char *start = imp->fields->str;
  gsize base = imp->batch_text->len;

  b->row = *row;
  b->line = imp->record_line;
  for (gsize t = 0; t < G_N_ELEMENTS (row_texts); t++)
    {
      const char *text = G_STRUCT_MEMBER (const char *, row, row_texts[t]);

      /* Absent columns read as a static "", outside the fields. */
      b->offsets[t] = text >= start && text < start + imp->fields->len
                      ? base + (gsize) (text - start) : G_MAXSIZE;
    }
  g_string_append_len (imp->batch_text, start, imp->fields->len);
  row->applicant_folded = NULL;
  row->representative_folded = NULL;
  if (imp->batch_len == BATCH_ROWS)
    flush_batch (imp);
}

/* A dossier already in the table is updated at once; new ones wait for their batch. */
static void
write_row (Import *imp, Row *row)
{
  gint64 id = imp->max_id_before > 0 ? find_dossier (imp, row->code) : 0;

  if (id != 0)
    update_row (imp, row, id, imp->record_line);
  else
    batch_add (imp, row);
}

/* ---- Records ---- */

static gboolean
header_names_any_column (Import *imp)
{
  for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
    if (imp->column_index[c] >= 0)
      return TRUE;
  return FALSE;
}

static void
read_header (Import *imp)
{
  guint n = imp->offsets->len;
  g_autoptr(GString) missing = g_string_new (NULL);
  GError *error = NULL;

  imp->have_header = TRUE;
  imp->header_width = n;
  for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
    imp->column_index[c] = -1;

  for (guint i = 0; i < n; i++)
    {
      const char *name = imp->fields->str + g_array_index (imp->offsets, guint, i);

      for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
        if (g_str_equal (name, column_names[c]))
          {
            if (imp->column_index[c] >= 0)
              add_line_error (imp, imp->record_line,
                              _("the column %s appears twice in the header"), name);
            imp->column_index[c] = i;
          }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (required_columns); i++)
    if (imp->column_index[required_columns[i]] < 0)
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "",
                              column_names[required_columns[i]]);
  if (missing->len > 0 && !header_names_any_column (imp))
    add_line_error (imp, imp->record_line,
                    _("the header names none of the dossier columns (MaHoSo, MaTTHC…); is this "
                      "a dossier CSV file, saved as “CSV UTF-8”?"));
  else if (missing->len > 0)
    add_line_error (imp, imp->record_line,
                    _("the header lacks the required columns %s (names are matched exactly, "
                      "in any order)"), missing->str);
  /* Without a usable header no row can be read. */
  if (imp->n_errors > 0)
    imp->stop = TRUE;
  else if (!prepare_statements (imp, &error))
    set_fatal (imp, error);
}

static gboolean
record_is_blank (Import *imp)
{
  for (guint i = 0; i < imp->offsets->len; i++)
    if (imp->fields->str[g_array_index (imp->offsets, guint, i)] != '\0')
      return FALSE;
  return TRUE;
}

static void
report_progress (Import *imp)
{
  if (g_cancellable_is_cancelled (imp->cancellable))
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (imp->cancellable, &error);
      set_fatal (imp, error);
      return;
    }
  if (imp->progress != NULL)
    imp->progress (imp->bytes_done, imp->bytes_total, imp->progress_data);
}

static void
read_record (Import *imp)
{
  g_autoptr(GString) why = NULL;
  Problems problems;
  GError *error = NULL;
  Row row;

  if (!imp->have_header)
    {
      read_header (imp);
      return;
    }
  /* Spreadsheets leave rows of empty cells at the end. */
  if (record_is_blank (imp))
    return;

  imp->rows++;
  if (imp->rows % PROGRESS_ROWS == 0)
    report_progress (imp);

  if (imp->too_long || imp->offsets->len != imp->header_width)
    {
      add_line_error (imp, imp->record_line,
                      _("it has %u fields where the header has %u"),
                      imp->too_long ? MAX_FIELDS : imp->offsets->len, imp->header_width);
      return;
    }

  if (imp->bad_text >= 0)
    {
      add_line_error (imp, imp->record_line,
                      _("field %d is not UTF-8 text (save the file as “CSV UTF-8”)"),
                      imp->bad_text + 1);
      return;
    }

  why = g_string_new (NULL);
  problems.why = why;
  if (read_row (imp, &row, &problems, &error))
    write_row (imp, &row);
  else if (error != NULL)
    set_fatal (imp, error);
  else
    add_line_error (imp, imp->record_line, "%s", why->str);
  g_free (row.applicant_folded);
  g_free (row.representative_folded);
}

static void
field_cb (void *data, size_t len, void *user_data)
{
  Import *imp = user_data;
  guint offset = imp->fields->len;

  if (imp->offsets->len >= MAX_FIELDS)
    {
      imp->too_long = TRUE;
      return;
    }
  g_array_append_val (imp->offsets, offset);
  /* Export's guard against formulas (CLI.md): an apostrophe before =, +, -, @, a tab or a
   * carriage return is taken off, and only there. */
  if (data != NULL && len >= 2 && ((const char *) data)[0] == '\'' &&
      ((const char *) data)[1] != '\0' &&
      strchr (FORMULA_STARTS, ((const char *) data)[1]) != NULL)
    {
      data = (char *) data + 1;
      len--;
    }
  /* Text must be UTF-8 without NUL bytes. */
  if (data != NULL && imp->bad_text < 0 &&
      (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL)))
    imp->bad_text = imp->offsets->len - 1;
  if (data != NULL && imp->bad_text != (int) imp->offsets->len - 1)
    g_string_append_len (imp->fields, data, len);
  g_string_append_c (imp->fields, '\0');
}

static void
record_cb (int terminator, void *user_data)
{
  Import *imp = user_data;

  if (!imp->stop)
    read_record (imp);
  g_string_truncate (imp->fields, 0);
  g_array_set_size (imp->offsets, 0);
  imp->too_long = FALSE;
  imp->bad_text = -1;
  imp->in_record = FALSE;
}

static void
parse_error (Import *imp)
{
  if (csv_error (&imp->parser) == CSV_ENOMEM)
    add_line_error (imp, imp->record_line,
                    _("a field is longer than %d KiB; is this really a dossier CSV file?"),
                    MAX_FIELD_BYTES / 1024);
  else
    add_line_error (imp, imp->line,
                    _("a quote mark is misplaced (a quoted field must be wholly enclosed in "
                      "quotes, and a quote inside it doubled)"));
  imp->stop = TRUE;
}

static gboolean
is_line_end (const char *data, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Feeds DATA one physical line at a time, so records know their first line. */
static void
feed (Import *imp, const char *data, gsize len)
{
  while (len > 0 && !imp->stop)
    {
      const char *newline = memchr (data, '\n', len);
      gsize n = newline ? (gsize) (newline - data) + 1 : len;

      if (!imp->in_record && !is_line_end (data, n))
        {
          imp->in_record = TRUE;
          imp->record_line = imp->line;
        }
      if (csv_parse (&imp->parser, data, n, field_cb, record_cb, imp) != n)
        parse_error (imp);
      if (newline != NULL)
        imp->line++;
      data += n;
      len -= n;
    }
}

/* libcsv grows its field buffer with this: refusing a huge field keeps memory flat. */
static void *
limited_realloc (void *ptr, size_t size)
{
  if (size > MAX_FIELD_BYTES)
    return NULL;
  return realloc (ptr, size);
}

/* ---- Indexes ---- */

/* ---- The import ---- */

static gint64
max_dossier_id (McStore *store)
{
  return mc_store_max_dossier_id (store);
}

static void
import_clear (Import *imp)
{
  if (imp->bulk_load)
    mc_store_bulk_end (imp->store, imp->bulk);
  csv_free (&imp->parser);
  g_clear_pointer (&imp->writer, mc_store_import_writer_free);
  clear_batch (imp);
  g_free (imp->batch);
  g_string_free (imp->batch_text, TRUE);
  g_clear_pointer (&imp->calendar, mc_calendar_free);
  g_string_free (imp->fields, TRUE);
  g_array_unref (imp->offsets);
  g_array_unref (imp->errors);
  g_clear_error (&imp->fatal);
  g_hash_table_unref (imp->procedures);
  g_hash_table_unref (imp->officers);
  g_hash_table_unref (imp->officer_names);
  g_hash_table_unref (imp->procedure_codes);
  g_clear_pointer (&imp->broken, g_ptr_array_unref);
  g_free (imp->updated_ids);
}

/* The file is read and hashed on a thread of its own, a few chunks ahead of the parser: a
 * million dossiers' 360 MB take SHA-256 about a second, which the checks and the inserts no
 * longer wait for. A chunk with no bytes ends the file (or the reading, on an error). */
#define READ_AHEAD_CHUNKS 4

typedef struct {
  char  *data;
  gsize  len;
} Chunk;

typedef struct {
  FILE        *file;
  GChecksum   *sum;
  GAsyncQueue *full;      /* Chunk, read and hashed */
  GAsyncQueue *empty;     /* Chunk, for the reader to fill */
  gint         stop;      /* atomic: the parser wants no more */
  gboolean     failed;    /* a read error; only read after the end chunk */
  Chunk        chunks[READ_AHEAD_CHUNKS];
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;

  for (;;)
    {
      Chunk *c = g_async_queue_pop (r->empty);

      c->len = g_atomic_int_get (&r->stop) ? 0 : fread (c->data, 1, CHUNK_BYTES, r->file);
      if (c->len == 0)
        {
          r->failed = ferror (r->file) != 0;
          g_async_queue_push (r->full, c);
          return NULL;
        }
      g_checksum_update (r->sum, (const guchar *) c->data, c->len);
      g_async_queue_push (r->full, c);
    }
}

/* Reads the whole file through the parser, hashing it on the way. */
static gboolean
read_file (Import *imp, const char *path, char **sha256, GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  Reader r = { .sum = sum };
  GThread *thread;
  gboolean first = TRUE;
  Chunk *c;

  r.file = g_fopen (path, "rb");
  if (r.file == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot read the file “%s”: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }
  r.full = g_async_queue_new ();
  r.empty = g_async_queue_new ();
  for (int i = 0; i < READ_AHEAD_CHUNKS; i++)
    {
      r.chunks[i].data = g_malloc (CHUNK_BYTES);
      g_async_queue_push (r.empty, &r.chunks[i]);
    }
  thread = g_thread_new ("motcua-import-read", reader_thread, &r);

  while ((c = g_async_queue_pop (r.full))->len > 0)
    {
      const char *data = c->data;
      gsize n = c->len;

      imp->bytes_done += n;
      if (first && n >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
        {
          data += 3;
          n -= 3;
        }
      first = FALSE;
      if (!imp->stop)
        feed (imp, data, n);
      if (g_cancellable_is_cancelled (imp->cancellable))
        report_progress (imp);
      /* Stopped: the reader ends at its next chunk, and the ones it read are let go. */
      if (imp->stop)
        g_atomic_int_set (&r.stop, TRUE);
      g_async_queue_push (r.empty, c);
    }
  g_thread_join (thread);
  fclose (r.file);
  for (int i = 0; i < READ_AHEAD_CHUNKS; i++)
    g_free (r.chunks[i].data);
  g_async_queue_unref (r.full);
  g_async_queue_unref (r.empty);
  if (r.failed)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                   _("Cannot read the file “%s”: %s."), path, g_strerror (EIO));
      return FALSE;
    }

  /* The last record may lack its line end; an open quote is an error only now. */
  if (!imp->stop && csv_fini (&imp->parser, field_cb, record_cb, imp) != 0)
    add_line_error (imp, imp->record_line,
                    _("a quoted field is never closed (a quote mark is missing)"));

  *sha256 = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

static gboolean
check_permission (McStore *store, gint64 actor_id, GError **error)
{
  if (mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can import dossiers."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_import_csv (McStore *store, gint64 actor_id, const char *path,
               gint64 *imported, gint64 *updated,
               McProgressFunc progress, gpointer progress_data,
               GCancellable *cancellable, GError **error)
{
  return mc_import_csv_full (store, actor_id, path, MC_IMPORT_NO_FLAGS, imported, updated, NULL,
                             progress, progress_data, cancellable, error);
}

gboolean
mc_import_csv_full (McStore *store, gint64 actor_id, const char *path, McImportFlags flags,
                    gint64 *imported, gint64 *updated, GPtrArray **broken_signatures,
                    McProgressFunc progress, gpointer progress_data,
                    GCancellable *cancellable, GError **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *sha256 = NULL;
  g_autofree char *details = NULL;
  static const char * const bulk_tables[] = { "dossier", NULL };
  GStatBuf st;
  Import imp = { 0 };
  gboolean rebuild_indexes;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_permission (store, actor_id, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot read the file “%s”: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("Cannot read “%s”: it is not a file."), path);
      return FALSE;
    }

  imp.store = store;
  imp.actor_id = actor_id;
  imp.file_name = name;
  imp.now = mc_store_now (store);
  imp.line = 1;
  imp.bad_text = -1;
  imp.fields = g_string_sized_new (1024);
  imp.offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), MC_CSV_N_COLUMNS);
  imp.errors = g_array_new (FALSE, FALSE, sizeof (LineError));
  g_array_set_clear_func (imp.errors, line_error_clear);
  imp.batch = g_new0 (BatchRow, BATCH_ROWS);
  imp.batch_text = g_string_sized_new (BATCH_ROWS * 512);
  imp.procedures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp.officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp.officer_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  imp.procedure_codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  imp.broken = g_ptr_array_new_with_free_func (g_free);
  imp.flags = flags;
  imp.cancellable = cancellable;
  imp.progress = progress;
  imp.progress_data = progress_data;
  imp.bytes_total = st.st_size;
  csv_init (&imp.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_realloc_func (&imp.parser, limited_realloc);
  csv_set_blk_size (&imp.parser, 4096);

  rebuild_indexes = st.st_size / BYTES_PER_ROW_GUESS >= MAX (REBUILD_INDEXES_MIN_ROWS,
                                                             max_dossier_id (store) / 2);
  /* A big file: one sort per index after the load rather than a million scattered updates
   * (the UNIQUE index on the code stays, as it finds the updates). */
  imp.bulk_load = rebuild_indexes;
  if (rebuild_indexes)
    imp.bulk = mc_store_bulk_begin (store, bulk_tables, error);
  if (rebuild_indexes ? imp.bulk == NULL : !mc_store_begin (store, error))
    {
      imp.bulk_load = FALSE;
      import_clear (&imp);
      return FALSE;
    }
  imp.calendar = mc_calendar_copy (mc_store_get_calendar (store));
  imp.max_id_before = max_dossier_id (store);
  imp.updated_ids = g_malloc0 (imp.max_id_before / 8 + 1);


  if (!read_file (&imp, path, &sha256, error))
    goto fail;
  if (!imp.stop)
    flush_batch (&imp);

  if (imp.fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&imp.fatal));
      goto fail;
    }
  if (!imp.have_header && imp.n_errors == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file “%s” is empty: a dossier CSV starts with a header line naming its "
                     "columns."), name);
      goto fail;
    }
  if (imp.n_errors > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);

      g_array_sort (imp.errors, compare_line_errors);
      for (guint i = 0; i < imp.errors->len; i++)
        {
          const LineError *e = &g_array_index (imp.errors, LineError, i);

          g_string_append_c (lines, '\n');
          g_string_append_printf (lines, _("line %u: %s"), e->line, e->why);
        }
      if (imp.n_errors > MAX_LISTED_ERRORS)
        g_string_append_printf (lines, "\n%s",
                                _("…and more: the check stopped after 50 bad lines."));
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The file “%s” was not imported and nothing was changed, because "
                                "of this line:%s",
                                "The file “%s” was not imported and nothing was changed, because "
                                "of these lines:%s", MIN (imp.n_errors, MAX_LISTED_ERRORS)),
                   name, lines->str);
      goto fail;
    }

  if (imp.bulk_load && !mc_store_bulk_rebuild (store, imp.bulk, error))
    goto fail;
  /* The figures and the dashboard's sums of the days the file touched are counted in the
   * import's transaction, as part of the long work the officer is waiting for, rather than at
   * the first dashboard. */
  if (!mc_analysis_refresh_loaded (store, cancellable, error))
    goto fail;
  /* The ids this file added are named, so that a checkpoint's check (mc-checkpoint.c) knows
   * them as the import's; the ones it changed each have a record of their own. */
  {
    g_autofree char *new_ids = NULL;
    gint64 max_after = imp.imported > 0 ? max_dossier_id (store) : 0;

    if (imp.imported > 0)
      new_ids = g_strdup_printf (", new ids %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                 imp.max_id_before + 1, max_after);
    details = g_strdup_printf ("%s, %" G_GINT64_FORMAT " imported, %" G_GINT64_FORMAT
                               " updated (%" G_GINT64_FORMAT " changed), %u procedures added, "
                               "sha256 %s%s", name, imp.imported, imp.updated, imp.changed,
                               imp.procedures_created, sha256, new_ids ? new_ids : "");
  }
  if (!mc_audit_append (store, actor_id, "import", "dossier", 0, details, error))
    goto fail;
  if (!mc_store_commit (store, error))
    {
      import_clear (&imp);
      return FALSE;
    }

  if (progress != NULL)
    progress (imp.bytes_total, imp.bytes_total, progress_data);
  if (imported != NULL)
    *imported = imp.imported;
  if (updated != NULL)
    *updated = imp.updated;
  if (broken_signatures != NULL)
    *broken_signatures = g_ptr_array_ref (imp.broken);
  import_clear (&imp);
  return TRUE;

fail:
  mc_store_rollback (store);
  import_clear (&imp);
  return FALSE;
}
