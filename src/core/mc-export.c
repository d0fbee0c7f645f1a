/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of dossiers in the CSV format that the import reads (CLI.md), or as a spreadsheet. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif
#include <xlsxwriter.h>

#include "mc-date.h"
#include "mc-import.h"
#include "mc-store-internal.h"

#define CANCEL_CHECK_ROWS 10000
/* A worksheet holds 1,048,576 rows; the header takes one on each sheet. */
#define XLSX_ROWS_PER_SHEET 1048575

G_STATIC_ASSERT (MC_CSV_N_COLUMNS <= 32);

/* Columns a spreadsheet should see as numbers. */
static gboolean
column_is_number (McCsvColumn column)
{
  switch (column)
    {
    case MC_CSV_THOI_HAN:
    case MC_CSV_KENH_THUC_HIEN:
    case MC_CSV_TRANG_THAI_HO_SO:
    case MC_CSV_SO_LAN_BO_SUNG:
    case MC_CSV_SO_HOA_HO_SO:
    case MC_CSV_SO_HOA_KET_QUA:
    case MC_CSV_LE_PHI:
    case MC_CSV_THANH_TOAN_TRUC_TUYEN:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One row as text, in buffers reused from row to row. */
typedef struct {
  char  numbers[MC_CSV_N_COLUMNS][32];
  const char *cells[MC_CSV_N_COLUMNS];
} ExportRow;

static const char *
format_time (char *buffer, gsize size, McTime t)
{
  int y, m, d, minute;

  if (t == MC_TIME_NONE)
    return "";
  mc_day_to_ymd (mc_day_of_time (t), &y, &m, &d);
  minute = mc_minute_of_time (t);
  /* Vietnam is a whole number of minutes ahead of UTC: the seconds are the same. */
  g_snprintf (buffer, size, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, minute / 60, minute % 60,
              (int) (((t % 60) + 60) % 60));
  return buffer;
}

static const char *
format_int (char *buffer, gsize size, gint64 value)
{
  g_snprintf (buffer, size, "%" G_GINT64_FORMAT, value);
  return buffer;
}

static void
read_export_row (const McStoreExportRow *stmt, ExportRow *row)
{
  static const McCsvColumn time_columns[] = {
    MC_CSV_NGAY_NOP_HO_SO, MC_CSV_NGAY_TIEP_NHAN, MC_CSV_NGAY_HEN_TRA,
    MC_CSV_NGAY_KET_THUC_XU_LY, MC_CSV_NGAY_TRA,
  };
  static const McCsvColumn int_columns[] = {
    MC_CSV_THOI_HAN, MC_CSV_KENH_THUC_HIEN, MC_CSV_TRANG_THAI_HO_SO, MC_CSV_SO_LAN_BO_SUNG,
    MC_CSV_SO_HOA_HO_SO, MC_CSV_SO_HOA_KET_QUA, MC_CSV_LE_PHI, MC_CSV_THANH_TOAN_TRUC_TUYEN,
  };
  static const McCsvColumn text_columns[] = {
    MC_CSV_MA_HO_SO, MC_CSV_MA_TTHC, MC_CSV_TEN_TTHC, MC_CSV_LINH_VUC, MC_CSV_CAN_BO_TIEP_NHAN,
    MC_CSV_CAN_BO_XU_LY, MC_CSV_CHU_HO_SO, MC_CSV_SO_GIAY_TO, MC_CSV_SO_DIEN_THOAI,
    MC_CSV_DIA_CHI, MC_CSV_NGUOI_NOP, MC_CSV_SO_DIEN_THOAI_NGUOI_NOP,
    MC_CSV_SO_GIAY_TO_NGUOI_NOP,
  };
  /* The SELECT lists the columns in the CSV's order, except MucDo which is written from the
   * online level: the result column of CSV column c is c itself. */
  for (gsize i = 0; i < G_N_ELEMENTS (text_columns); i++)
    row->cells[text_columns[i]] = stmt->text[text_columns[i]];
  for (gsize i = 0; i < G_N_ELEMENTS (int_columns); i++)
    row->cells[int_columns[i]] = format_int (row->numbers[int_columns[i]], 32,
                                             stmt->number[int_columns[i]]);
  for (gsize i = 0; i < G_N_ELEMENTS (time_columns); i++)
    row->cells[time_columns[i]] = format_time (row->numbers[time_columns[i]], 32,
                                               stmt->time[time_columns[i]]);
  switch ((int) stmt->number[MC_CSV_MUC_DO])
    {
    case MC_ONLINE_FULL:
      row->cells[MC_CSV_MUC_DO] = "ToanTrinh";
      break;
    case MC_ONLINE_PARTIAL:
      row->cells[MC_CSV_MUC_DO] = "MotPhan";
      break;
    default:
      row->cells[MC_CSV_MUC_DO] = "";
      break;
    }
}

/* ---- Writers ---- */

typedef struct {
  FILE    *file;
  GString *line;
  /* XLSX */
  lxw_workbook  *workbook;
  lxw_worksheet *sheet;
  lxw_format    *bold;
  lxw_row_t      sheet_row;
  guint          sheets;
  lxw_error      xlsx_error;
} Writer;

/* RFC 4180, and spaces kept: libcsv trims them around unquoted fields. */
static void
append_csv_field (GString *line, const char *text)
{
  gsize len = strlen (text);
  gboolean quote = len > 0 && (strpbrk (text, ",\"\r\n") != NULL ||
                               text[0] == ' ' || text[0] == '\t' ||
                               text[len - 1] == ' ' || text[len - 1] == '\t');

  if (!quote)
    {
      g_string_append_len (line, text, len);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* Whether a spreadsheet would read TEXT as a formula (CLI.md: such a cell gets an apostrophe). */
static gboolean
starts_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static gboolean
write_csv_row (Writer *w, const char * const *cells, gboolean guard)
{
  g_autofree char *guarded = NULL;

  g_string_truncate (w->line, 0);
  for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
    {
      const char *cell = cells[c];

      if (c > 0)
        g_string_append_c (w->line, ',');
      if (guard && starts_like_formula (cell))
        {
          g_free (guarded);
          cell = guarded = g_strconcat ("'", cell, NULL);
        }
      append_csv_field (w->line, cell);
    }
  g_string_append (w->line, "\r\n");
  return fwrite (w->line->str, 1, w->line->len, w->file) == w->line->len;
}

static gboolean
write_xlsx_header (Writer *w)
{
  char name[32] = "HoSo";

  if (w->sheets > 0)
    g_snprintf (name, sizeof name, "HoSo-%u", w->sheets + 1);
  w->sheet = workbook_add_worksheet (w->workbook, name);
  if (w->sheet == NULL)
    {
      w->xlsx_error = LXW_ERROR_MEMORY_MALLOC_FAILED;
      return FALSE;
    }
  w->sheets++;
  for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
    {
      w->xlsx_error = worksheet_write_string (w->sheet, 0, c, mc_csv_column_name (c), w->bold);
      if (w->xlsx_error != LXW_NO_ERROR)
        return FALSE;
    }
  worksheet_freeze_panes (w->sheet, 1, 0);
  w->sheet_row = 1;
  return TRUE;
}

static gboolean
write_xlsx_row (Writer *w, const char * const *cells)
{
  if (w->sheet_row > XLSX_ROWS_PER_SHEET && !write_xlsx_header (w))
    return FALSE;
  for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
    {
      if (cells[c][0] == '\0')
        continue;
      if (column_is_number (c))
        w->xlsx_error = worksheet_write_number (w->sheet, w->sheet_row, c,
                                                g_ascii_strtod (cells[c], NULL), NULL);
      else
        w->xlsx_error = worksheet_write_string (w->sheet, w->sheet_row, c, cells[c], NULL);
      if (w->xlsx_error != LXW_NO_ERROR)
        return FALSE;
    }
  w->sheet_row++;
  return TRUE;
}

static gboolean
writer_open (Writer *w, const char *path, gboolean xlsx, GError **error)
{
  const char *header[MC_CSV_N_COLUMNS];

  if (xlsx)
    {
      lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
      /* The file is made here, readable by its owner only; the writer then fills it. */
      int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_BINARY, 0600);

      if (fd >= 0)
        close (fd);
      w->workbook = workbook_new_opt (path, &options);
      if (w->workbook != NULL)
        {
          w->bold = workbook_add_format (w->workbook);
          format_set_bold (w->bold);
          if (write_xlsx_header (w))
            return TRUE;
        }
    }
  else
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_BINARY, 0600);

      w->file = fd >= 0 ? fdopen (fd, "wb") : NULL;
      if (fd >= 0 && w->file == NULL)
        close (fd);
      w->line = g_string_sized_new (512);
      for (int c = 0; c < MC_CSV_N_COLUMNS; c++)
        header[c] = mc_csv_column_name (c);
      if (w->file != NULL && write_csv_row (w, header, FALSE))
        return TRUE;
    }

  {
    int saved_errno = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Cannot write the file “%s”: %s."), path, g_strerror (saved_errno));
  }
  return FALSE;
}

static gboolean
writer_row (Writer *w, const char * const *cells)
{
  return w->workbook ? write_xlsx_row (w, cells) : write_csv_row (w, cells, TRUE);
}

/* Closes the file; FALSE with ERROR when what was written may not all be there. */
static gboolean
writer_close (Writer *w, const char *path, gboolean ok, GError **error)
{
  if (w->workbook != NULL)
    {
      lxw_error close_error = workbook_close (w->workbook);

      if (ok && close_error != LXW_NO_ERROR)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("Cannot write the file “%s”: %s."),
                       path, lxw_strerror (close_error));
          ok = FALSE;
        }
    }
  if (w->file != NULL && fclose (w->file) != 0 && ok)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot write the file “%s”: %s."), path, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (w->line != NULL)
    g_string_free (w->line, TRUE);
  return ok;
}

static gboolean
write_error (Writer *w, const char *path, GError **error)
{
  int saved_errno = errno;

  if (w->workbook != NULL)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("Cannot write the file “%s”: %s."),
                 path, lxw_strerror (w->xlsx_error));
  else
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Cannot write the file “%s”: %s."), path, g_strerror (saved_errno));
  return FALSE;
}

/* Puts the finished file in place, replacing an older one (rename alone will not on Windows). */
static gboolean
move_into_place (const char *from, const char *to, GError **error)
{
  if (g_rename (from, to) == 0)
    return TRUE;
  if (g_unlink (to) == 0 && g_rename (from, to) == 0)
    return TRUE;
  {
    int saved_errno = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Cannot write the file “%s”: %s."), to, g_strerror (saved_errno));
  }
  g_unlink (from);
  return FALSE;
}

typedef struct {
  Writer       *writer;
  const char   *part;
  GCancellable *cancellable;
  GError      **error;
  gint64        n;
  gboolean      ok;
} Export;

static gboolean
export_row (const McStoreExportRow *stored, gpointer data)
{
  Export *e = data;
  ExportRow row;

  read_export_row (stored, &row);
  if (!writer_row (e->writer, row.cells))
    {
      e->ok = write_error (e->writer, e->part, e->error);
      return FALSE;
    }
  if (++e->n % CANCEL_CHECK_ROWS == 0 && g_cancellable_set_error_if_cancelled (e->cancellable,
                                                                               e->error))
    {
      e->ok = FALSE;
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_export_file (McStore *store, McDay from, McDay to, const char *path,
                gint64 *exported, GCancellable *cancellable, GError **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  gboolean xlsx = g_str_has_suffix (lower, ".xlsx");
  Writer writer = { 0 };
  Export e = { &writer, part, cancellable, error, 0, TRUE };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!writer_open (&writer, part, xlsx, error))
    {
      writer_close (&writer, part, FALSE, NULL);
      g_unlink (part);
      return FALSE;
    }
  ok = mc_store_export_dossiers (store, from < 0 ? G_MININT64 : mc_time_from_day (from, 0),
                                 to < 0 ? G_MAXINT64 : mc_time_from_day (to + 1, 0) - 1,
                                 from < 0 && to < 0, export_row, &e, error) && e.ok;
  ok = writer_close (&writer, path, ok, error);
  /* Dossiers name citizens: an export is for its owner only (the XLSX writer may recreate its
   * file with the usual mode). */
  if (ok)
    g_chmod (part, 0600);
  if (ok)
    ok = move_into_place (part, path, error);
  else
    g_unlink (part);
  if (ok && exported != NULL)
    *exported = e.n;
  return ok;
}
