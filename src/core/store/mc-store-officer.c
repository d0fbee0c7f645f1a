/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers and their accounts as stored. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-store-private.h"
#include "mc-text.h"

void
mc_officer_free (McOfficer *o)
{
  if (o == NULL)
    return;
  g_free (o->name);
  g_free (o->title);
  g_free (o->post);
  g_free (o->username);
  g_free (o);
}

#define OFFICER_COLUMNS "id, name, title, post, role, username, active"

static McOfficer *
officer_from_row (McDbStmt *stmt)
{
  McOfficer *o = g_new0 (McOfficer, 1);

  o->id = mc_col_int64 (stmt, 0);
  o->name = mc_col_dup (stmt, 1);
  o->title = mc_col_dup (stmt, 2);
  o->post = mc_col_dup (stmt, 3);
  o->role = mc_col_int (stmt, 4);
  o->username = mc_col_dup (stmt, 5);
  o->active = mc_col_bool (stmt, 6);
  return o;
}

McOfficer *
mc_store_get_officer (McStore *self, gint64 id, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT " OFFICER_COLUMNS " FROM officer WHERE id = ?1",
                                   MC_PARAMS (MC_I64 (id)));
  McOfficer *o = NULL;
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  rc = mc_store_step (self, stmt, _("reading the officers"), error);
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  if (rc == MC_DB_STEP_ROW)
    {
      o = officer_from_row (stmt);
      mc_db_reset (stmt);
    }
  if (o == NULL)
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("The officer no. %lld does not exist."), (long long) id);
  return o;
}

static int
compare_officers (gconstpointer a, gconstpointer b)
{
  const McOfficer *oa = *(McOfficer * const *) a;
  const McOfficer *ob = *(McOfficer * const *) b;

  return mc_text_collate (oa->name, ob->name);
}

GPtrArray *
mc_store_list_officers (McStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_free);
  McDbStmt *stmt = mc_store_query (self, error, "SELECT " OFFICER_COLUMNS " FROM officer",
                                   MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the officers"), error)) == MC_DB_STEP_ROW)
    g_ptr_array_add (list, officer_from_row (stmt));
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  /* Vietnamese names sort by the Vietnamese alphabet, whatever the engine's collation. */
  g_ptr_array_sort (list, compare_officers);
  return g_steal_pointer (&list);
}

gboolean
mc_store_get_actor_role (McStore *self, gint64 actor_id, McRole *role, GError **error)
{
  gint64 value = 0;

  *role = MC_ROLE_ADMIN;
  if (actor_id == 0)
    return TRUE;
  *role = 0;
  if (!mc_store_get_int64 (self, _("reading the officers"), &value, error,
                           "SELECT role FROM officer WHERE id = ?1 AND active",
                           MC_PARAMS (MC_I64 (actor_id))))
    return FALSE;
  *role = (McRole) value;
  return TRUE;
}

McRole
mc_store_actor_role (McStore *self, gint64 actor_id)
{
  McRole role;

  mc_store_get_actor_role (self, actor_id, &role, NULL);
  return role;
}

gboolean
mc_store_username_taken (McStore *self, const char *username, gboolean *taken, GError **error)
{
  gint64 n = 0;

  if (!mc_store_get_int64 (self, _("reading the officers"), &n, error,
                           "SELECT count(*) FROM officer WHERE username = ?1",
                           MC_PARAMS (MC_TEXT (username))))
    return FALSE;
  *taken = n > 0;
  return TRUE;
}

gint64
mc_store_insert_officer (McStore *self, const char *name, const char *title, McRole role,
                         const char *username, const char *password_hash, GError **error)
{
  g_autofree char *folded = mc_text_fold (name);

  return mc_store_insert (self, _("saving the officer"), error,
                          "INSERT INTO officer (name, name_folded, title, role, username, "
                          "password_hash, active, created_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, TRUE, ?7) RETURNING id",
                          MC_PARAMS (MC_TEXT (name), MC_TEXT (folded), MC_TEXT (title),
                                     MC_INT (role), MC_TEXT_OR_NULL (username),
                                     MC_TEXT_OR_NULL (password_hash),
                                     MC_I64 (mc_store_now (self))));
}

gboolean
mc_store_get_account (McStore *self, gint64 officer_id, McStoreAccount *out, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT username, password_hash, role, active, name, "
                                   "key_pending, failed_sign_ins, locked_until "
                                   "FROM officer WHERE id = ?1",
                                   MC_PARAMS (MC_I64 (officer_id)));
  McDbStep rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (self, stmt, _("reading the officers"), error);
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  if (rc == MC_DB_STEP_DONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The officer no. %lld does not exist."), (long long) officer_id);
      return FALSE;
    }
  out->id = officer_id;
  out->username = mc_col_null (stmt, 0) ? NULL : mc_col_dup (stmt, 0);
  out->password_hash = mc_col_dup (stmt, 1);
  out->role = mc_col_int (stmt, 2);
  out->active = mc_col_bool (stmt, 3);
  out->name = mc_col_dup (stmt, 4);
  out->key_pending = mc_col_bool (stmt, 5);
  out->failed_sign_ins = mc_col_int64 (stmt, 6);
  out->locked_until = mc_col_time (stmt, 7);
  mc_db_reset (stmt);
  return TRUE;
}

gboolean
mc_store_find_account (McStore *self, const char *username, McStoreAccount *out,
                       GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT id, password_hash, role, active, name, "
                                   "key_pending, failed_sign_ins, locked_until "
                                   "FROM officer WHERE username = ?1",
                                   MC_PARAMS (MC_TEXT (username)));
  McDbStep rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (self, stmt, _("reading the officers"), error);
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;
  if (rc == MC_DB_STEP_ROW)
    {
      out->id = mc_col_int64 (stmt, 0);
      out->username = g_strdup (username);
      out->password_hash = mc_col_dup (stmt, 1);
      out->role = mc_col_int (stmt, 2);
      out->active = mc_col_bool (stmt, 3);
      out->name = mc_col_dup (stmt, 4);
      out->key_pending = mc_col_bool (stmt, 5);
      out->failed_sign_ins = mc_col_int64 (stmt, 6);
      out->locked_until = mc_col_time (stmt, 7);
      mc_db_reset (stmt);
    }
  return TRUE;
}

void
mc_store_account_clear (McStoreAccount *account)
{
  g_clear_pointer (&account->username, g_free);
  g_clear_pointer (&account->password_hash, g_free);
  g_clear_pointer (&account->name, g_free);
}

gboolean
mc_store_set_password_hash (McStore *self, gint64 officer_id, const char *hash, GError **error)
{
  return mc_store_run (self, _("saving the password"), error,
                       "UPDATE officer SET password_hash = ?1 WHERE id = ?2",
                       MC_PARAMS (MC_TEXT (hash), MC_I64 (officer_id)));
}

gboolean
mc_store_set_key_pending (McStore *self, gint64 officer_id, gboolean pending, GError **error)
{
  return mc_store_run (self, _("saving the officer"), error,
                       "UPDATE officer SET key_pending = ?1 WHERE id = ?2",
                       MC_PARAMS (MC_BOOL (pending), MC_I64 (officer_id)));
}

gboolean
mc_store_add_failed_sign_in (McStore *self, gint64 officer_id, gint64 *count, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "UPDATE officer SET failed_sign_ins = failed_sign_ins + 1 "
                                   "WHERE id = ?1 RETURNING failed_sign_ins",
                                   MC_PARAMS (MC_I64 (officer_id)));
  McDbStep rc;

  *count = 0;
  if (stmt == NULL)
    return FALSE;
  rc = mc_store_step (self, stmt, _("saving the sign-in"), error);
  if (rc == MC_DB_STEP_ROW)
    {
      *count = mc_col_int64 (stmt, 0);
      /* Run to its end: a RETURNING statement writes as it steps. */
      rc = mc_store_step (self, stmt, _("saving the sign-in"), error);
    }
  return rc == MC_DB_STEP_DONE;
}

gboolean
mc_store_lock_account (McStore *self, gint64 officer_id, McTime until, GError **error)
{
  return mc_store_run (self, _("saving the sign-in"), error,
                       "UPDATE officer SET locked_until = ?1, failed_sign_ins = 0 WHERE id = ?2",
                       MC_PARAMS (MC_I64 (until), MC_I64 (officer_id)));
}

gboolean
mc_store_clear_failed_sign_ins (McStore *self, gint64 officer_id, GError **error)
{
  return mc_store_run (self, _("saving the sign-in"), error,
                       "UPDATE officer SET failed_sign_ins = 0, locked_until = NULL "
                       "WHERE id = ?1 AND (failed_sign_ins <> 0 OR locked_until IS NOT NULL)",
                       MC_PARAMS (MC_I64 (officer_id)));
}

gboolean
mc_store_is_last_admin (McStore *self, gint64 officer_id, gboolean *last, GError **error)
{
  gint64 others = 0, is_admin = 0;

  *last = FALSE;
  if (!mc_store_get_int64 (self, _("reading the officers"), &is_admin, error,
                           "SELECT count(*) FROM officer WHERE id = ?1 AND role = 1 AND active",
                           MC_PARAMS (MC_I64 (officer_id))) ||
      !mc_store_get_int64 (self, _("reading the officers"), &others, error,
                           "SELECT count(*) FROM officer WHERE role = 1 AND active AND id <> ?1",
                           MC_PARAMS (MC_I64 (officer_id))))
    return FALSE;
  *last = is_admin > 0 && others == 0;
  return TRUE;
}

gboolean
mc_store_set_officer_role (McStore *self, gint64 officer_id, McRole role, GError **error)
{
  return mc_store_run (self, _("saving the officer"), error,
                       "UPDATE officer SET role = ?1 WHERE id = ?2",
                       MC_PARAMS (MC_INT (role), MC_I64 (officer_id)));
}

gboolean
mc_store_set_officer_active (McStore *self, gint64 officer_id, gboolean active, GError **error)
{
  return mc_store_run (self, _("saving the officer"), error,
                       "UPDATE officer SET active = ?1 WHERE id = ?2",
                       MC_PARAMS (MC_BOOL (active), MC_I64 (officer_id)));
}

gboolean
mc_store_set_officer_post (McStore *self, gint64 officer_id, const char *post, GError **error)
{
  return mc_store_run (self, _("saving the officer"), error,
                       "UPDATE officer SET post = ?1 WHERE id = ?2",
                       MC_PARAMS (MC_TEXT (post), MC_I64 (officer_id)));
}

gint64
mc_store_find_officer_by_name (McStore *self, const char *name, GError **error)
{
  gint64 id = 0;

  /* One lookup on the officer_name index. */
  if (!mc_store_get_int64 (self, _("reading the officers"), &id, error,
                           "SELECT id FROM officer WHERE name = ?1 ORDER BY id LIMIT 1",
                           MC_PARAMS (MC_TEXT (name))))
    return -1;
  return id;
}

gint64
mc_store_find_officer_by_username (McStore *self, const char *username, GError **error)
{
  gint64 id = 0;

  if (!mc_store_get_int64 (self, _("reading the officers"), &id, error,
                           "SELECT id FROM officer WHERE username = ?1",
                           MC_PARAMS (MC_TEXT (username))))
    return -1;
  return id;
}

gint64
mc_store_count_accounts (McStore *self)
{
  gint64 n = 0;

  mc_store_get_int64 (self, _("reading the officers"), &n, NULL,
                      "SELECT count(*) FROM officer WHERE username IS NOT NULL", MC_NO_PARAMS);
  return n;
}
