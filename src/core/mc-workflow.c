/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-workflow.h"

const char *
mc_action_to_string (McAction action)
{
  g_critical ("mc_action_to_string is not written yet");
  return NULL;
}

gboolean
mc_workflow_check (McAction action, McStatus status, McStep step, McRole role, gboolean is_handler, GError **error)
{
  g_critical ("mc_workflow_check is not written yet");
  return 0;
}

GArray *
mc_workflow_available (const McDossier *d, McRole role, gint64 actor_id)
{
  g_critical ("mc_workflow_available is not written yet");
  return NULL;
}

gint64
mc_workflow_intake (McStore *store, gint64 actor_id, const McIntake *intake, GError **error)
{
  g_critical ("mc_workflow_intake is not written yet");
  return 0;
}

McTime
mc_workflow_preview_due (McStore *store, gint64 procedure_id, McTime at, GError **error)
{
  g_critical ("mc_workflow_preview_due is not written yet");
  return MC_TIME_NONE;
}

gboolean
mc_workflow_apply (McStore *store, gint64 actor_id, gint64 dossier_id, McAction action, const McActionArgs *args, GError **error)
{
  g_critical ("mc_workflow_apply is not written yet");
  return 0;
}

gboolean
mc_workflow_set_year_days (McStore *store, gint64 actor_id, int year, const GArray *days, GError **error)
{
  g_critical ("mc_workflow_set_year_days is not written yet");
  return 0;
}

gboolean
mc_workflow_set_office_hours (McStore *store, gint64 actor_id, const McOfficeHours *hours, GError **error)
{
  g_critical ("mc_workflow_set_office_hours is not written yet");
  return 0;
}

gint64
mc_workflow_recompute_due (McStore *store, GError **error)
{
  g_critical ("mc_workflow_recompute_due is not written yet");
  return 0;
}

