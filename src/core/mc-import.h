/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The columns of the dossier CSV (CLI.md), in the order export writes them. */
typedef enum {
  MC_CSV_MA_HO_SO,
  MC_CSV_MA_TTHC,
  MC_CSV_TEN_TTHC,
  MC_CSV_LINH_VUC,
  MC_CSV_MUC_DO,
  MC_CSV_THOI_HAN,
  MC_CSV_KENH_THUC_HIEN,
  MC_CSV_TRANG_THAI_HO_SO,
  MC_CSV_NGAY_NOP_HO_SO,
  MC_CSV_NGAY_TIEP_NHAN,
  MC_CSV_NGAY_HEN_TRA,
  MC_CSV_NGAY_KET_THUC_XU_LY,
  MC_CSV_NGAY_TRA,
  MC_CSV_SO_LAN_BO_SUNG,
  MC_CSV_SO_HOA_HO_SO,
  MC_CSV_SO_HOA_KET_QUA,
  MC_CSV_LE_PHI,
  MC_CSV_THANH_TOAN_TRUC_TUYEN,
  MC_CSV_CAN_BO_TIEP_NHAN,
  MC_CSV_CAN_BO_XU_LY,
  MC_CSV_CHU_HO_SO,
  MC_CSV_SO_GIAY_TO,
  MC_CSV_SO_DIEN_THOAI,
  MC_CSV_DIA_CHI,
  MC_CSV_NGUOI_NOP,
  MC_CSV_SO_DIEN_THOAI_NGUOI_NOP,
  MC_CSV_SO_GIAY_TO_NGUOI_NOP,
  MC_CSV_N_COLUMNS
} McCsvColumn;

/* The column's name in the header ("MaHoSo"…). */
const char *mc_csv_column_name (McCsvColumn column);

/* The dossier CSV of CLI.md. All-or-nothing: a file with any bad row is refused whole, the error
 * naming every bad line (up to 50) and why, and the database is left as it was. Streams the file
 * (flat memory). Administrators only (actor 0, the system, counts as one). Procedures missing
 * from the catalogue are created from TenTTHC, LinhVuc, MucDo and ThoiHan; officers named in
 * CanBoTiepNhan / CanBoXuLy are found by exact name, or created without an account. PROGRESS
 * (may be NULL) gets the bytes read so far and the file's size, about every 10,000 rows; a
 * cancelled import changes nothing (G_IO_ERROR_CANCELLED). */
gboolean mc_import_csv  (McStore *store, gint64 actor_id, const char *path,
                         gint64 *imported, gint64 *updated,
                         McProgressFunc progress, gpointer progress_data,
                         GCancellable *cancellable, GError **error);

typedef enum {
  MC_IMPORT_NO_FLAGS = 0,
  /* Let a line change what a leader signed (code, procedure, applicant, applicant's ID,
   * appointment) or what was handed over: the signature then no longer matches. */
  MC_IMPORT_ALLOW_SIGNED_CHANGES = 1 << 0,
} McImportFlags;

/* The same with FLAGS. An update writes, for each dossier whose values it changes, one event
 * (action import) and one audit record naming each changed field's old and new value; a line
 * that would change a signed or handed-over dossier's signed fields makes the file refused,
 * naming the line, unless FLAGS allow it. *BROKEN_SIGNATURES (may be NULL) receives the codes of
 * the signed dossiers so changed. */
gboolean mc_import_csv_full (McStore *store, gint64 actor_id, const char *path,
                             McImportFlags flags, gint64 *imported, gint64 *updated,
                             GPtrArray **broken_signatures,
                             McProgressFunc progress, gpointer progress_data,
                             GCancellable *cancellable, GError **error);

/* Dossiers received (or, for status 1 and 3, submitted) in [from, to] (either may be -1 for
 * open-ended) as CSV (re-importable) or XLSX, chosen by the file's extension. Times are written
 * "YYYY-MM-DD HH:MM:SS" (text in XLSX). A CSV cell that begins with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe, so that a spreadsheet shows it as text (import takes it off).
 * The file appears only once complete, readable by its owner only (0600). */
gboolean mc_export_file (McStore *store, McDay from, McDay to, const char *path,
                         gint64 *exported, GCancellable *cancellable, GError **error);

G_END_DECLS
