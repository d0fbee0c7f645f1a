/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office as the database describes it: its working-time calendar (office hours, days off,
 * Saturdays worked), and what a new database starts with. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-calendar.h"
#include "mc-date.h"
#include "mc-catalogue.h"
#include "mc-store-internal.h"

#define FIRST_CALENDAR_YEAR 2015
#define LAST_CALENDAR_YEAR  2035

static void
add_day (McDay day, int kind, const char *note, gpointer data)
{
  mc_calendar_add_special_day_with_note (data, day, kind, note);
}

/* Built from the tables once, and kept by the store until they change. */
const McCalendar *
mc_store_get_calendar (McStore *store)
{
  McOfficeHours hours = MC_OFFICE_HOURS_DEFAULT;
  McCalendar *cal;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  cal = mc_store_get_cached_calendar (store);
  if (cal != NULL)
    return cal;

  cal = mc_calendar_new ();
  mc_store_read_office_minutes (store, "office.am_start", &hours.am_start);
  mc_store_read_office_minutes (store, "office.am_end", &hours.am_end);
  mc_store_read_office_minutes (store, "office.pm_start", &hours.pm_start);
  mc_store_read_office_minutes (store, "office.pm_end", &hours.pm_end);
  if (mc_office_hours_validate (&hours, NULL))
    mc_calendar_set_office_hours (cal, &hours);
  mc_store_foreach_special_day (store, add_day, cal, NULL);
  mc_store_set_cached_calendar (store, cal, (GDestroyNotify) mc_calendar_free);
  return cal;
}

/* ---- A new database ---- */

static gboolean
insert_year_days (McStore *store, int year, GError **error)
{
  gboolean official = FALSE;
  g_autoptr(GArray) days = mc_holidays_default (year, &official);
  gboolean added = FALSE;

  if (!mc_store_add_calendar_year (store, year, official ? "official" : "statutory", &added,
                                   error))
    return FALSE;
  if (!added)
    return TRUE;    /* already there, maybe edited: keep it */
  return mc_store_write_year_days (store, year, mc_day_from_ymd (year, 1, 1),
                                   mc_day_from_ymd (year, 12, 31), days, NULL, error);
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
  /* The agency's names since the two-tier local government of 1 July 2025 (docs/domain.md §6):
   * the commune answers to the province, its one-stop unit is the public administrative service
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
mc_catalogue_init_defaults (McStore *store, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!mc_store_begin (store, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (default_settings); i++)
    if (!mc_store_add_default_setting (store, default_settings[i].key, default_settings[i].value,
                                       error))
      goto fail;
  for (gsize i = 0; i < G_N_ELEMENTS (default_targets); i++)
    if (!mc_store_write_target (store, default_targets[i].year, default_targets[i].kpi,
                                default_targets[i].value, FALSE, error))
      goto fail;
  for (int year = FIRST_CALENDAR_YEAR; year <= LAST_CALENDAR_YEAR; year++)
    if (!insert_year_days (store, year, error))
      goto fail;
  if (!mc_catalogue_install_defaults (store, error))
    goto fail;
  if (!mc_audit_append (store, 0, "init", "database", 0, "defaults installed", error))
    goto fail;

  mc_store_invalidate_calendar (store);
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}
