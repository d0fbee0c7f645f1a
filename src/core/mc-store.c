/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-audit.h"
#include "mc-catalogue.h"
#include "mc-core-resources.h"
#include "mc-kpi.h"
#include "mc-store-private.h"

#define MIGRATIONS_PATH "/io/github/motcua/MotCua/core/sql"
#define FIRST_CALENDAR_YEAR 2015
#define LAST_CALENDAR_YEAR  2035

struct _McStore
{
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt* */
  int         tx_depth;
  McCalendar *calendar;     /* built lazily from the tables */
};

G_DEFINE_FINAL_TYPE (McStore, mc_store, G_TYPE_OBJECT)

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
mc_store_finalize (GObject *object)
{
  McStore *self = MC_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->calendar, mc_calendar_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_store_finalize;
}

static void
mc_store_init (McStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

gboolean
mc_store_fail (McStore *self, GError **error, const char *what)
{
  int code = self->db ? sqlite3_extended_errcode (self->db) : SQLITE_CANTOPEN;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : "";
  const char *why;
  McErrorCode mc_code = MC_ERROR_FAILED;

  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      why = _("the database is in use by another program; try again in a moment");
      break;
    case SQLITE_FULL:
      why = _("the disk is full; free some space and try again");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      why = _("the database file cannot be written (check its permissions)");
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      why = _("the database file is damaged or is not a Một Cửa database");
      mc_code = MC_ERROR_CORRUPT;
      break;
    case SQLITE_CANTOPEN:
      why = _("the database file cannot be opened");
      break;
    case SQLITE_CONSTRAINT:
      why = _("the change breaks a rule of the data");
      mc_code = MC_ERROR_INVALID;
      break;
    default:
      why = _("the database reported an error");
      break;
    }

  g_set_error (error, MC_ERROR, mc_code, _("Could not finish %s: %s (%s)."), what, why, detail);
  return FALSE;
}

sqlite3 *
mc_store_get_db (McStore *self)
{
  return self->db;
}

sqlite3_stmt *
mc_store_prepare (McStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("prepare failed: %s: %s", sqlite3_errmsg (self->db), sql);
      mc_store_fail (self, error, _("reading the database"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
mc_store_exec (McStore *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return mc_store_fail (self, error, _("writing to the database"));
  return TRUE;
}

gboolean
mc_store_begin (McStore *self, GError **error)
{
  const char *sql = self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT mc_nested";

  if (!mc_store_exec (self, sql, error))
    return FALSE;
  self->tx_depth++;
  return TRUE;
}

gboolean
mc_store_commit (McStore *self, GError **error)
{
  const char *sql;

  g_return_val_if_fail (self->tx_depth > 0, FALSE);
  sql = self->tx_depth == 1 ? "COMMIT" : "RELEASE mc_nested";
  if (!mc_store_exec (self, sql, error))
    {
      mc_store_rollback (self);
      return FALSE;
    }
  self->tx_depth--;
  return TRUE;
}

void
mc_store_rollback (McStore *self)
{
  g_return_if_fail (self->tx_depth > 0);
  if (self->tx_depth == 1)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO mc_nested; RELEASE mc_nested", NULL, NULL, NULL);
  self->tx_depth--;
  /* A rolled-back change to the calendar tables must not stay in the cache. */
  mc_store_invalidate_calendar (self);
}

char *
mc_stmt_dup_text (sqlite3_stmt *stmt, int col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return g_strdup (text ? text : "");
}

McTime
mc_stmt_get_time (sqlite3_stmt *stmt, int col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return MC_TIME_NONE;
  return sqlite3_column_int64 (stmt, col);
}

void
mc_stmt_bind_time (sqlite3_stmt *stmt, int col, McTime t)
{
  if (t == MC_TIME_NONE)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, t);
}

void
mc_stmt_bind_id (sqlite3_stmt *stmt, int col, gint64 id)
{
  if (id == 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, id);
}

static int
query_int (McStore *self, const char *sql, int fallback)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, NULL);
  int value = fallback;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

int
mc_store_get_schema_version (McStore *self)
{
  return query_int (self, "PRAGMA user_version", 0);
}

/* Migrations are resources named NNNN-what.sql; file N brings the schema to version N. */
static gboolean
migrate (McStore *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) names = NULL;
  int version = mc_store_get_schema_version (self);
  int latest = 0;

  names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, &local_error);
  if (names == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The program is incomplete: its database migrations are missing (%s)."),
                   local_error->message);
      return FALSE;
    }
  /* Resources come in no set order: apply the files by name. */
  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = i + 1; names[j] != NULL; j++)
      if (strcmp (names[i], names[j]) > 0)
        {
          char *tmp = names[i];
          names[i] = names[j];
          names[j] = tmp;
        }

  for (guint i = 0; names[i] != NULL; i++)
    {
      int n = atoi (names[i]);
      g_autofree char *path = NULL;
      g_autofree char *pragma = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      latest = MAX (latest, n);
      if (n <= version)
        continue;

      path = g_strconcat (MIGRATIONS_PATH "/", names[i], NULL);
      bytes = g_resources_lookup_data (path, 0, NULL);
      if (bytes == NULL)
        continue;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      pragma = g_strdup_printf ("PRAGMA user_version = %d", n);

      if (!mc_store_begin (self, error))
        return FALSE;
      if (!mc_store_exec (self, sql, error) || !mc_store_exec (self, pragma, error))
        {
          mc_store_rollback (self);
          g_prefix_error (error, _("Updating the database to version %d failed: "), n);
          return FALSE;
        }
      if (!mc_store_commit (self, error))
        return FALSE;
      version = n;
    }

  if (version > latest)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This database was made by a newer version of Một Cửa (schema %d; this "
                     "program knows up to %d). Update the program to open it."), version, latest);
      return FALSE;
    }
  return TRUE;
}

McStore *
mc_store_open (const char *path, GError **error)
{
  g_autoptr(McStore) self = NULL;
  gboolean memory;

  g_return_val_if_fail (path != NULL, NULL);

  /* Referencing the resource keeps it in the static library's link. */
  g_resources_register (mc_core_get_resource ());

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  memory = g_str_equal (path, ":memory:");

  if (!memory)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                       _("Cannot create the folder “%s” for the database: %s."),
                       dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      mc_store_fail (self, error, _("opening the database"));
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Reading the schema version proves the file is a database at all. */
  if (sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      mc_store_fail (self, error, _("opening the database"));
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  if (!mc_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      (!memory && !mc_store_exec (self, "PRAGMA journal_mode = WAL", error)) ||
      !mc_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !mc_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !mc_store_exec (self, "PRAGMA cache_size = -32000", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
mc_store_get_path (McStore *self)
{
  return self->path;
}

gboolean
mc_store_is_empty (McStore *self)
{
  return query_int (self, "SELECT NOT EXISTS (SELECT 1 FROM procedure)", 1) != 0;
}

char *
mc_store_get_setting (McStore *self, const char *key, const char *fallback)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT value FROM setting WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return g_strdup (fallback);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = mc_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return value ? value : g_strdup (fallback);
}

gboolean
mc_store_write_setting (McStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "INSERT INTO setting (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (self, error, _("saving a setting"));
  return TRUE;
}

static int
pragma_int (McStore *self, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
journal_is_wal (McStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return wal;
}

gboolean
mc_store_bulk_begin (McStore *self, McBulkLoad *bulk, const char * const *tables, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self->tx_depth == 0, FALSE);

  bulk->index_sql = g_ptr_array_new_with_free_func (g_free);
  bulk->was_wal = journal_is_wal (self);
  if (bulk->was_wal)
    sqlite3_exec (self->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  bulk->temp_store = pragma_int (self, "PRAGMA temp_store");
  if (bulk->temp_store >= 0 && !mc_store_exec (self, "PRAGMA temp_store = FILE", NULL))
    bulk->temp_store = -1;

  if (!mc_store_begin (self, error))
    return FALSE;

  for (guint t = 0; tables[t] != NULL; t++)
    {
      sqlite3_stmt *stmt = mc_store_prepare (self,
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? "
          "AND sql IS NOT NULL ORDER BY name", error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, tables[t], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (names, mc_stmt_dup_text (stmt, 0));
          g_ptr_array_add (bulk->index_sql, mc_stmt_dup_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"",
                                               (const char *) g_ptr_array_index (names, i));
      if (!mc_store_exec (self, drop, error))
        goto fail;
    }
  return TRUE;

fail:
  mc_store_rollback (self);
  return FALSE;
}

gboolean
mc_store_bulk_rebuild (McStore *self, McBulkLoad *bulk, GError **error)
{
  gboolean ok = TRUE;

  /* Sorting for the indexes may use a second core. */
  sqlite3_exec (self->db, "PRAGMA threads = 2", NULL, NULL, NULL);
  for (guint i = 0; ok && bulk->index_sql != NULL && i < bulk->index_sql->len; i++)
    ok = mc_store_exec (self, g_ptr_array_index (bulk->index_sql, i), error);
  sqlite3_exec (self->db, "PRAGMA threads = 0", NULL, NULL, NULL);
  return ok;
}

void
mc_store_bulk_end (McStore *self, McBulkLoad *bulk)
{
  g_return_if_fail (self->tx_depth == 0);

  if (bulk->temp_store >= 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA temp_store = %d", bulk->temp_store);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  if (bulk->was_wal)
    sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  g_clear_pointer (&bulk->index_sql, g_ptr_array_unref);
  bulk->temp_store = -1;
  bulk->was_wal = FALSE;
}

GArray *
mc_store_read_marked_days (McStore *self, const char *table, const char *what, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT day FROM %s ORDER BY day", table);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (McDay));
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McDay day = sqlite3_column_int (stmt, 0);
      g_array_append_val (days, day);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_fail (self, error, what);
      return NULL;
    }
  return g_steal_pointer (&days);
}

gboolean
mc_day_run_next (const GArray *days, guint *i, guint max_days, McDay *first, McDay *last)
{
  if (*i >= days->len)
    return FALSE;
  *first = *last = g_array_index (days, McDay, *i);
  for ((*i)++; *i < days->len && g_array_index (days, McDay, *i) == *last + 1 &&
               (max_days == 0 || (guint) (*last - *first + 1) < max_days); (*i)++)
    (*last)++;
  return TRUE;
}

McRole
mc_store_actor_role (McStore *self, gint64 actor_id)
{
  sqlite3_stmt *stmt;
  McRole role = 0;

  if (actor_id == 0)
    return MC_ROLE_ADMIN;
  stmt = mc_store_prepare (self, "SELECT role FROM officer WHERE id = ? AND active", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, actor_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    role = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return role;
}

gboolean
mc_store_set_setting (McStore *self, gint64 actor_id, const char *key, const char *value,
                      GError **error)
{
  g_autofree char *details = NULL;

  if (mc_store_actor_role (self, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the settings."));
      return FALSE;
    }

  details = g_strdup_printf ("%s=%s", key, value);
  if (!mc_store_begin (self, error))
    return FALSE;
  if (!mc_store_write_setting (self, key, value, error) ||
      !mc_audit_append (self, actor_id, "setting", "setting", 0, details, error))
    {
      mc_store_rollback (self);
      return FALSE;
    }
  if (g_str_has_prefix (key, "office."))
    mc_store_invalidate_calendar (self);
  return mc_store_commit (self, error);
}

void
mc_store_invalidate_calendar (McStore *self)
{
  g_clear_pointer (&self->calendar, mc_calendar_free);
}

static int
setting_int (McStore *self, const char *key, int fallback)
{
  g_autofree char *text = mc_store_get_setting (self, key, NULL);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, 24 * 60, &value, NULL))
    return fallback;
  return (int) value;
}

const McCalendar *
mc_store_get_calendar (McStore *self)
{
  McOfficeHours hours = MC_OFFICE_HOURS_DEFAULT;
  sqlite3_stmt *stmt;

  if (self->calendar != NULL)
    return self->calendar;

  self->calendar = mc_calendar_new ();
  hours.am_start = setting_int (self, "office.am_start", hours.am_start);
  hours.am_end = setting_int (self, "office.am_end", hours.am_end);
  hours.pm_start = setting_int (self, "office.pm_start", hours.pm_start);
  hours.pm_end = setting_int (self, "office.pm_end", hours.pm_end);
  if (mc_office_hours_validate (&hours, NULL))
    mc_calendar_set_office_hours (self->calendar, &hours);

  stmt = mc_store_prepare (self, "SELECT day, kind, note FROM calendar_day", NULL);
  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        mc_calendar_add_special_day_with_note (self->calendar, sqlite3_column_int (stmt, 0),
                                               sqlite3_column_int (stmt, 1),
                                               (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
    }
  return self->calendar;
}

static gboolean
insert_year_days (McStore *self, int year, GError **error)
{
  gboolean official = FALSE;
  g_autoptr(GArray) days = mc_holidays_default (year, &official);
  sqlite3_stmt *stmt;

  stmt = mc_store_prepare (self,
      "INSERT OR IGNORE INTO calendar_year (year, source) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, official ? "official" : "statutory", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return mc_store_fail (self, error, _("saving the days off"));
  if (sqlite3_changes (self->db) == 0)
    return TRUE;    /* already there, maybe edited: keep it */

  for (guint i = 0; i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);

      stmt = mc_store_prepare (self,
          "INSERT OR REPLACE INTO calendar_day (day, kind, note) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, sd->day);
      sqlite3_bind_int (stmt, 2, sd->kind);
      sqlite3_bind_text (stmt, 3, sd->note ? sd->note : "", -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return mc_store_fail (self, error, _("saving the days off"));
    }
  return TRUE;
}

static const struct { int year; const char *kpi; double value; } default_targets[] = {
  { 2023, "on_time_rate", 97 }, { 2023, "online_rate", 50 },
  { 2023, "online_rate_partial", 50 }, { 2023, "online_rate_full", 50 },
  { 2023, "digitized_input_rate", 55 }, { 2023, "digitized_result_rate", 55 },
  { 2023, "online_payment_rate", 50 }, { 2023, "progress_rate", 97 },
  { 2024, "on_time_rate", 98 }, { 2024, "online_rate", 60 },
  { 2024, "online_rate_partial", 50 }, { 2024, "online_rate_full", 50 },
  { 2024, "digitized_input_rate", 80 }, { 2024, "digitized_result_rate", 80 },
  { 2024, "online_payment_rate", 60 }, { 2024, "progress_rate", 98 },
  { 2025, "on_time_rate", 98 }, { 2025, "online_rate", 60 },
  { 2025, "online_rate_partial", 50 }, { 2025, "online_rate_full", 50 },
  { 2025, "digitized_input_rate", 80 }, { 2025, "digitized_result_rate", 80 },
  { 2025, "online_payment_rate", 60 }, { 2025, "progress_rate", 98 },
  { 2026, "on_time_rate", 98 }, { 2026, "online_rate", 60 },
  { 2026, "online_rate_partial", 50 }, { 2026, "online_rate_full", 50 },
  { 2026, "digitized_input_rate", 80 }, { 2026, "digitized_result_rate", 80 },
  { 2026, "online_payment_rate", 60 }, { 2026, "progress_rate", 98 },
};

static const struct { const char *key; const char *value; } default_settings[] = {
  /* The agency's names since the two-tier local government of 1 July 2025 (DOMAIN.md §6): the
   * commune answers to the province, its one-stop unit is the public administrative service
   * centre. Documents of earlier days print the agency.before.* names (src/report/mc-agency.h). */
  { "agency.since", "2025-07-01" },
  { "agency.parent", "UBND THÀNH PHỐ HÀ NỘI" },
  { "agency.parent_text", "Ủy ban nhân dân thành phố Hà Nội" },
  { "agency.name", "UBND XÃ TAM HIỆP" },
  { "agency.name_text", "Ủy ban nhân dân xã Tam Hiệp" },
  { "agency.unit", "Trung tâm Phục vụ hành chính công xã Tam Hiệp" },
  { "agency.place", "Tam Hiệp" },
  { "agency.phone", "" },
  { "agency.code", "000.17.22.H56" },
  { "agency.before.parent", "UBND HUYỆN THANH TRÌ" },
  { "agency.before.parent_text", "Ủy ban nhân dân huyện Thanh Trì" },
  { "agency.before.name", "UBND XÃ TAM HIỆP" },
  { "agency.before.name_text", "Ủy ban nhân dân xã Tam Hiệp" },
  { "agency.before.unit", "Bộ phận Một cửa" },
  { "agency.before.place", "Tam Hiệp" },
  { "office.am_start", "450" },
  { "office.am_end", "690" },
  { "office.pm_start", "810" },
  { "office.pm_end", "1020" },
};

gboolean
mc_store_init_defaults (McStore *self, GError **error)
{
  if (!mc_store_begin (self, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (default_settings); i++)
    {
      sqlite3_stmt *stmt = mc_store_prepare (self,
          "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, default_settings[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, default_settings[i].value, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          mc_store_fail (self, error, _("creating the database"));
          goto fail;
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (default_targets); i++)
    {
      sqlite3_stmt *stmt = mc_store_prepare (self,
          "INSERT OR IGNORE INTO target (year, kpi, value) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int (stmt, 1, default_targets[i].year);
      sqlite3_bind_text (stmt, 2, default_targets[i].kpi, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 3, default_targets[i].value);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          mc_store_fail (self, error, _("creating the database"));
          goto fail;
        }
    }

  for (int year = FIRST_CALENDAR_YEAR; year <= LAST_CALENDAR_YEAR; year++)
    if (!insert_year_days (self, year, error))
      goto fail;

  if (!mc_catalogue_install_defaults (self, error))
    goto fail;

  if (!mc_audit_append (self, 0, "init", "database", 0, "defaults installed", error))
    goto fail;

  mc_store_invalidate_calendar (self);
  return mc_store_commit (self, error);

fail:
  mc_store_rollback (self);
  return FALSE;
}

gboolean
mc_store_backup (McStore *self, const char *path, GError **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".part", NULL);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (tmp_path);
  if (sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("Cannot write the backup “%s”: %s."), path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("Cannot write the backup “%s”: %s."), path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  do
    rc = sqlite3_backup_step (backup, 4096);
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (rc == SQLITE_DONE)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean ok = FALSE;

      /* Verify what was written before calling it a backup. */
      if (sqlite3_prepare_v2 (dest, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      sqlite3_finalize (stmt);
      if (!ok)
        rc = SQLITE_CORRUPT;
    }
  else
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                 path, sqlite3_errstr (rc));

  sqlite3_close (dest);
  if (rc != SQLITE_DONE)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                     _("The backup “%s” did not pass its check and was removed."), path);
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                   path, g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* FORMAT is a translated sentence with one %s: the dossier code or row. */
static void
add_problems (McStore *self, GPtrArray *problems, const char *sql, const char *format)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW && problems->len < 200)
    g_ptr_array_add (problems,
                     g_strdup_printf (format, (const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
}
#pragma GCC diagnostic pop

gboolean
mc_store_check (McStore *self, GPtrArray **problems_out, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = mc_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("Database structure: %s"), line));
    }
  sqlite3_reset (stmt);

  add_problems (self, problems,
                "SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check",
                _("A reference points to nothing: %s."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE status NOT IN (1, 3) AND received_at IS NULL",
                _("Dossier %s has been received but has no receipt time."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE status NOT IN (1, 3) AND due_at IS NULL",
                _("Dossier %s has been received but has no appointment."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE status IN (9, 10) AND ended_at IS NULL",
                _("Dossier %s is resolved but has no end time."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE status = 10 AND returned_at IS NULL",
                _("Dossier %s was handed over but has no hand-over time."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE ended_at < received_at",
                _("Dossier %s ended before it was received."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE status IN (9, 10) AND outcome IS NULL",
                _("Dossier %s is resolved but its on-time result was not stored."));
  add_problems (self, problems,
                "SELECT code FROM dossier WHERE channel = 2 AND submitted_at IS NULL",
                _("Online dossier %s has no submission time."));

  {
    g_autoptr(GError) audit_error = NULL;
    gint64 n = 0;

    if (!mc_audit_verify (self, &n, &audit_error))
      g_ptr_array_add (problems, g_strdup (audit_error->message));
  }

  if (problems_out != NULL)
    *problems_out = g_ptr_array_ref (problems);
  return problems->len == 0;
}
