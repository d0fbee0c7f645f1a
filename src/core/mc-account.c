/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-account.h"

gint64
mc_account_create (McStore *store, gint64 actor_id, const char *name, const char *title, McRole role, const char *username, const char *password, GError **error)
{
  g_critical ("mc_account_create is not written yet");
  return 0;
}

gboolean
mc_account_set_password (McStore *store, gint64 actor_id, gint64 officer_id, const char *old_password, const char *new_password, GError **error)
{
  g_critical ("mc_account_set_password is not written yet");
  return 0;
}

gboolean
mc_account_set_role (McStore *store, gint64 actor_id, gint64 officer_id, McRole role, GError **error)
{
  g_critical ("mc_account_set_role is not written yet");
  return 0;
}

gboolean
mc_account_set_active (McStore *store, gint64 actor_id, gint64 officer_id, gboolean active, GError **error)
{
  g_critical ("mc_account_set_active is not written yet");
  return 0;
}

McOfficer *
mc_account_authenticate (McStore *store, const char *username, const char *password, GError **error)
{
  g_critical ("mc_account_authenticate is not written yet");
  return NULL;
}

gint64
mc_account_ensure_officer (McStore *store, const char *name, McRole role, GError **error)
{
  g_critical ("mc_account_ensure_officer is not written yet");
  return 0;
}

