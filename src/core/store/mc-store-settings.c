/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settings, targets, and the stored calendar (special days, the years they came from). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mc-store-private.h"

char *
mc_store_get_setting (McStore *self, const char *key, const char *fallback)
{
  char *value = mc_store_get_text (self, _("reading a setting"), NULL, NULL,
                                   "SELECT value FROM setting WHERE key = ?1",
                                   MC_PARAMS (MC_TEXT (key)));

  return value != NULL ? value : g_strdup (fallback);
}

gboolean
mc_store_write_setting (McStore *self, const char *key, const char *value, GError **error)
{
  return mc_store_run (self, _("saving a setting"), error,
                       "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       MC_PARAMS (MC_TEXT (key), MC_TEXT (value)));
}

gboolean
mc_store_add_default_setting (McStore *self, const char *key, const char *value,
                              GError **error)
{
  return mc_store_run (self, _("creating the database"), error,
                       "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                       "ON CONFLICT (key) DO NOTHING",
                       MC_PARAMS (MC_TEXT (key), MC_TEXT (value)));
}

gboolean
mc_store_set_setting (McStore *self, gint64 actor_id, const char *key, const char *value,
                      GError **error)
{
  g_autofree char *details = NULL;

  if (!mc_store_begin (self, error))
    return FALSE;
  /* The role is read inside the transaction: an account disabled a moment ago cannot. */
  if (mc_store_actor_role (self, actor_id) != MC_ROLE_ADMIN)
    {
      mc_store_rollback (self);
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the settings."));
      return FALSE;
    }
  details = g_strdup_printf ("%s=%s", key, value);
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

/* ---- Targets ---- */

double
mc_store_get_target (McStore *self, int year, const char *kpi)
{
  McDbStmt *stmt = mc_store_query (self, NULL, "SELECT value FROM target WHERE year = ?1 AND kpi = ?2",
                                   MC_PARAMS (MC_INT (year), MC_TEXT (kpi)));
  double value = NAN;

  if (stmt == NULL)
    return NAN;
  if (mc_store_step (self, stmt, _("reading a target"), NULL) == MC_DB_STEP_ROW)
    {
      value = mc_col_double (stmt, 0);
      mc_db_reset (stmt);
    }
  return value;
}

gboolean
mc_store_write_target (McStore *self, int year, const char *kpi, double value,
                       gboolean replace, GError **error)
{
  return mc_store_run (self, _("saving the target"), error,
                       replace ? "INSERT INTO target (year, kpi, value) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (year, kpi) DO UPDATE SET value = excluded.value"
                               : "INSERT INTO target (year, kpi, value) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (year, kpi) DO NOTHING",
                       MC_PARAMS (MC_INT (year), MC_TEXT (kpi), MC_DOUBLE (value)));
}

/* ---- The calendar as stored ---- */

gboolean
mc_store_read_office_minutes (McStore *self, const char *key, int *minutes)
{
  g_autofree char *text = mc_store_get_setting (self, key, NULL);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, 24 * 60, &value, NULL))
    return FALSE;
  *minutes = (int) value;
  return TRUE;
}

gboolean
mc_store_foreach_special_day (McStore *self, McStoreDayFunc func, gpointer data,
                              GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, "SELECT day, kind, note FROM calendar_day ORDER BY day",
                                   MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the days off"), error)) == MC_DB_STEP_ROW)
    func ((McDay) mc_col_int64 (stmt, 0), mc_col_int (stmt, 1), mc_col_text (stmt, 2), data);
  return rc == MC_DB_STEP_DONE;
}

gboolean
mc_store_add_calendar_year (McStore *self, int year, const char *source, gboolean *added,
                            GError **error)
{
  gint64 n = mc_store_run_changes (self, _("saving the days off"), error,
                                   "INSERT INTO calendar_year (year, source) VALUES (?1, ?2) "
                                   "ON CONFLICT (year) DO NOTHING",
                                   MC_PARAMS (MC_INT (year), MC_TEXT (source)));

  if (n < 0)
    return FALSE;
  *added = n > 0;
  return TRUE;
}

gboolean
mc_store_write_year_days (McStore *self, int year, McDay first, McDay last,
                          const GArray *days, const char *source, GError **error)
{
  const char *what = _("saving the days off");

  if (!mc_store_run (self, what, error, "DELETE FROM calendar_day WHERE day >= ?1 AND day <= ?2",
                     MC_PARAMS (MC_INT (first), MC_INT (last))))
    return FALSE;
  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);

      if (!mc_store_run (self, what, error,
                         "INSERT INTO calendar_day (day, kind, note) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, "
                         "note = excluded.note",
                         MC_PARAMS (MC_INT (sd->day), MC_INT (sd->kind), MC_TEXT (sd->note))))
        return FALSE;
    }
  if (source == NULL)
    return TRUE;
  return mc_store_run (self, what, error,
                       "INSERT INTO calendar_year (year, source) VALUES (?1, ?2) "
                       "ON CONFLICT (year) DO UPDATE SET source = excluded.source",
                       MC_PARAMS (MC_INT (year), MC_TEXT (source)));
}

/* ---- The cached calendar ----
 *
 * The store keeps the working-time calendar that the domain builds from these tables
 * (mc-office.c), and drops it whenever they change, or a transaction that may have changed them
 * rolls back. */

gpointer
mc_store_get_cached_calendar (McStore *self)
{
  return self->calendar;
}

void
mc_store_set_cached_calendar (McStore *self, gpointer calendar, GDestroyNotify free_func)
{
  mc_store_invalidate_calendar (self);
  self->calendar = calendar;
  self->calendar_free = free_func;
}

void
mc_store_invalidate_calendar (McStore *self)
{
  if (self->calendar != NULL && self->calendar_free != NULL)
    self->calendar_free (self->calendar);
  self->calendar = NULL;
}
