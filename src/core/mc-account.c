/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers and their sign-in accounts.
 *
 * User names are kept in lower case so that "An.Nguyen" and "an.nguyen" are one account (the
 * column's UNIQUE constraint is case-sensitive). Passwords are stored only as Argon2id hashes in
 * libsodium's self-describing string form ("$argon2id$v=19$m=…"), so the cost can be raised later
 * without breaking the hashes already stored. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "mc-date.h"
#include "mc-account.h"
#include "mc-audit.h"
#include "mc-signature.h"
#include "mc-store-private.h"
#include "mc-text.h"

#define MIN_PASSWORD_CHARS 8
#define MAX_USERNAME_CHARS 64

static gboolean
ensure_sodium (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                 _("The password library could not start, so no password can be checked."));
  return ok;
}

static char *
hash_password (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("There was not enough memory to protect the password; close other "
                     "programs and try again."));
      return NULL;
    }
  return g_strdup (hash);
}

static gboolean
password_matches (const char *hash, const char *password)
{
  return hash != NULL && hash[0] != '\0' && password != NULL &&
         crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* A hash of nothing in particular, verified when the user name is unknown so that a wrong name
 * takes as long to refuse as a wrong password and the delay does not tell which was wrong. */
static const char *
dummy_hash (void)
{
  static gsize done = 0;
  static char *hash = NULL;

  if (g_once_init_enter (&done))
    {
      hash = hash_password ("not a password of anyone", NULL);
      g_once_init_leave (&done, 1);
    }
  return hash;
}

static gboolean
check_password_rule (const char *password, GError **error)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL) ||
      g_utf8_strlen (password, -1) < MIN_PASSWORD_CHARS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The password must have at least %d characters."), MIN_PASSWORD_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* The stored form of a user name, or NULL (error set) when it cannot be one. */
static char *
normalize_username (const char *username, GError **error)
{
  g_autofree char *trimmed = NULL;

  if (username == NULL || !g_utf8_validate (username, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The user name is missing."));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (username));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The user name is missing."));
      return NULL;
    }
  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("The user name “%s” cannot contain spaces."), trimmed);
        return NULL;
      }
  if (g_utf8_strlen (trimmed, -1) > MAX_USERNAME_CHARS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The user name “%s” is too long (at most %d characters)."),
                   trimmed, MAX_USERNAME_CHARS);
      return NULL;
    }
  return g_utf8_strdown (trimmed, -1);
}

static gboolean
require_admin (McStore *store, gint64 actor_id, const char *what, GError **error)
{
  if (mc_store_actor_role (store, actor_id) == MC_ROLE_ADMIN)
    return TRUE;
  /* WHAT completes "Only an administrator can …". */
  g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION, _("Only an administrator can %s."), what);
  return FALSE;
}

static gboolean
role_is_valid (McRole role)
{
  return role >= MC_ROLE_ADMIN && role <= MC_ROLE_POLICE;
}

static gboolean
check_role (McRole role, GError **error)
{
  if (role_is_valid (role))
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The role no. %d does not exist."), role);
  return FALSE;
}

/* Runs a statement that returns no rows; WHAT says what was being saved, for the error. */
static gboolean
step_done (McStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, what);
  return TRUE;
}

static gboolean
username_taken (McStore *store, const char *username, gboolean *taken, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "SELECT EXISTS (SELECT 1 FROM officer WHERE username = ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  *taken = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
insert_officer (McStore *store, gint64 actor_id, const char *name, const char *title,
                McRole role, const char *username, const char *hash, GError **error)
{
  g_autofree char *folded = mc_text_fold (name);
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  stmt = mc_store_prepare (store,
      "INSERT INTO officer (name, name_folded, title, role, username, password_hash, active, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, folded ? folded : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, title ? title : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, role);
  if (username != NULL)
    sqlite3_bind_text (stmt, 5, username, -1, SQLITE_STATIC);
  if (hash != NULL)
    sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, mc_now ());
  if (!step_done (store, stmt, _("saving the officer"), error))
    return 0;
  id = sqlite3_last_insert_rowid (mc_store_get_db (store));

  details = g_strdup_printf ("%s (%s)%s%s", name, mc_role_to_string (role),
                             username ? ", " : "", username ? username : "");
  if (!mc_audit_append (store, actor_id, "officer.create", "officer", id, details, error))
    return 0;
  return id;
}

gint64
mc_account_create (McStore *store, gint64 actor_id, const char *name, const char *title,
                   McRole role, const char *username, const char *password, GError **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *login = NULL;
  g_autofree char *hash = NULL;
  gboolean taken = FALSE;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), 0);

  if (!require_admin (store, actor_id, _("create accounts"), error))
    return 0;
  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (clean_name[0] == '\0' || !g_utf8_validate (clean_name, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The officer’s full name is missing."));
      return 0;
    }
  if (!check_role (role, error))
    return 0;

  /* No user name: an officer who appears on dossiers but does not sign in. */
  if ((username == NULL || username[0] == '\0') && password != NULL && password[0] != '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A password was given without a user name: give both, or neither for an "
                     "officer who does not sign in."));
      return 0;
    }
  if (username != NULL && username[0] != '\0')
    {
      login = normalize_username (username, error);
      if (login == NULL || !check_password_rule (password, error))
        return 0;
      if (!username_taken (store, login, &taken, error))
        return 0;
      if (taken)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                       _("The user name “%s” is already used by another officer; choose "
                         "another."), login);
          return 0;
        }
      hash = hash_password (password, error);
      if (hash == NULL)
        return 0;
    }

  if (!mc_store_begin (store, error))
    return 0;
  id = insert_officer (store, actor_id, clean_name, title, role, login, hash, error);
  /* A leader signs with a key sealed under the password (mc-signature.h). */
  if (id != 0 && hash != NULL && (role == MC_ROLE_VICE_CHAIRMAN || role == MC_ROLE_CHAIRMAN) &&
      !mc_signature_issue_key (store, actor_id, id, password, error))
    id = 0;
  if (id == 0)
    {
      mc_store_rollback (store);
      return 0;
    }
  if (!mc_store_commit (store, error))
    return 0;
  return id;
}

/* The stored account of OFFICER_ID; FALSE with NOT_FOUND when there is no such officer. */
static gboolean
load_account (McStore *store, gint64 officer_id, char **username, char **hash, McRole *role,
              gboolean *active, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "SELECT username, password_hash, role, active FROM officer WHERE id = ?", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, officer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (username != NULL)
        *username = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NULL
                                                                 : mc_stmt_dup_text (stmt, 0);
      if (hash != NULL)
        *hash = mc_stmt_dup_text (stmt, 1);
      if (role != NULL)
        *role = sqlite3_column_int (stmt, 2);
      if (active != NULL)
        *active = sqlite3_column_int (stmt, 3) != 0;
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("The officer no. %lld does not exist."), (long long) officer_id);
  return found;
}

gboolean
mc_account_set_password (McStore *store, gint64 actor_id, gint64 officer_id,
                         const char *old_password, const char *new_password, GError **error)
{
  g_autofree char *username = NULL;
  g_autofree char *old_hash = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  McRole actor_role;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  /* An administrator resets anyone's password; others change only their own, proving it. */
  actor_role = mc_store_actor_role (store, actor_id);
  if (actor_role != MC_ROLE_ADMIN && actor_id != officer_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change another officer’s password."));
      return FALSE;
    }
  if (!load_account (store, officer_id, &username, &old_hash, NULL, NULL, error))
    return FALSE;
  if (username == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This officer has no sign-in account, so has no password to change."));
      return FALSE;
    }
  if (actor_role != MC_ROLE_ADMIN)
    {
      if (actor_role == 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                       _("This account has been disabled; ask the administrator."));
          return FALSE;
        }
      if (!ensure_sodium (error))
        return FALSE;
      if (!password_matches (old_hash, old_password))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                       _("The current password is wrong, so the password was not changed."));
          return FALSE;
        }
    }
  if (!check_password_rule (new_password, error))
    return FALSE;
  hash = hash_password (new_password, error);
  if (hash == NULL)
    return FALSE;

  if (!mc_store_begin (store, error))
    return FALSE;
  stmt = mc_store_prepare (store, "UPDATE officer SET password_hash = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, officer_id);
  if (!step_done (store, stmt, _("saving the password"), error) ||
      !mc_audit_append (store, actor_id, "officer.password", "officer", officer_id, username,
                        error) ||
      !mc_signature_rekey (store, actor_id, officer_id, old_password, new_password, error))
    goto fail;
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}

/* TRUE when OFFICER_ID is the only active administrator left, who must not be demoted or
 * disabled: nobody could manage the accounts any more. */
static gboolean
is_last_admin (McStore *store, gint64 officer_id)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "SELECT (SELECT role = 1 AND active FROM officer WHERE id = ?1) AND "
      "NOT EXISTS (SELECT 1 FROM officer WHERE role = 1 AND active AND id <> ?1)", NULL);
  gboolean last = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, officer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return last;
}

/* Runs SQL (an UPDATE of one officer: ?1 VALUE, ?2 OFFICER_ID) and its audit record. */
static gboolean
update_officer_int (McStore *store, gint64 actor_id, gint64 officer_id, const char *sql,
                    int value, const char *action, const char *details, GError **error)
{
  sqlite3_stmt *stmt;

  if (!mc_store_begin (store, error))
    return FALSE;
  stmt = mc_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, officer_id);
  if (!step_done (store, stmt, _("saving the officer"), error) ||
      !mc_audit_append (store, actor_id, action, "officer", officer_id, details, error))
    goto fail;
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}

gboolean
mc_account_set_role (McStore *store, gint64 actor_id, gint64 officer_id, McRole role,
                     GError **error)
{
  McRole old_role = 0;
  g_autofree char *details = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!require_admin (store, actor_id, _("change an officer’s role"), error) ||
      !check_role (role, error) ||
      !load_account (store, officer_id, NULL, NULL, &old_role, NULL, error))
    return FALSE;
  if (old_role == role)
    return TRUE;
  if (role != MC_ROLE_ADMIN && is_last_admin (store, officer_id))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This is the only active administrator: make another officer an "
                     "administrator first."));
      return FALSE;
    }
  details = g_strdup_printf ("%s → %s", mc_role_to_string (old_role), mc_role_to_string (role));
  return update_officer_int (store, actor_id, officer_id,
                             "UPDATE officer SET role = ? WHERE id = ?", role,
                             "officer.role", details, error);
}

gboolean
mc_account_set_active (McStore *store, gint64 actor_id, gint64 officer_id, gboolean active,
                       GError **error)
{
  gboolean was_active = FALSE;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!require_admin (store, actor_id, _("enable or disable accounts"), error))
    return FALSE;
  /* Whoever is signed in would lock themselves out in the middle of their work. */
  if (!active && actor_id != 0 && actor_id == officer_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("You cannot disable your own account: another administrator can."));
      return FALSE;
    }
  if (!load_account (store, officer_id, NULL, NULL, NULL, &was_active, error))
    return FALSE;
  active = active != FALSE;
  if (was_active == active)
    return TRUE;
  if (!active && is_last_admin (store, officer_id))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This is the only active administrator: make another officer an "
                     "administrator first."));
      return FALSE;
    }
  return update_officer_int (store, actor_id, officer_id,
                             "UPDATE officer SET active = ? WHERE id = ?", active,
                             active ? "officer.enable" : "officer.disable", NULL, error);
}

McOfficer *
mc_account_authenticate (McStore *store, const char *username, const char *password,
                         GError **error)
{
  g_autofree char *login = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(McOfficer) officer = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean active = FALSE;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!ensure_sodium (error))
    return NULL;
  login = normalize_username (username, NULL);
  if (login != NULL)
    {
      stmt = mc_store_prepare (store,
          "SELECT id, password_hash, active FROM officer WHERE username = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          hash = mc_stmt_dup_text (stmt, 1);
          active = sqlite3_column_int (stmt, 2) != 0;
        }
      sqlite3_reset (stmt);
    }

  if (id != 0)
    ok = password_matches (hash, password);
  else
    {
      password_matches (dummy_hash (), password ? password : "");
      ok = FALSE;
    }
  if (!ok)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION, _("Wrong user name or password."));
      return NULL;
    }
  /* Said only to someone who knows the password, so it reveals nothing to a guesser. */
  if (!active)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("This account has been disabled; ask the administrator."));
      return NULL;
    }

  officer = mc_store_get_officer (store, id, error);
  if (officer == NULL)
    return NULL;
  if (!mc_store_begin (store, error))
    return NULL;
  if (!mc_audit_append (store, id, "officer.sign_in", "officer", id, login, error))
    {
      mc_store_rollback (store);
      return NULL;
    }
  if (!mc_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&officer);
}

gint64
mc_account_ensure_officer (McStore *store, const char *name, McRole role, GError **error)
{
  g_autofree char *clean_name = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (MC_IS_STORE (store), 0);

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (clean_name[0] == '\0' || !g_utf8_validate (clean_name, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The officer’s full name is missing."));
      return 0;
    }

  /* One lookup on the officer_name index. */
  stmt = mc_store_prepare (store, "SELECT id FROM officer WHERE name = ? ORDER BY id LIMIT 1",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, clean_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;

  if (!role_is_valid (role))
    role = MC_ROLE_SPECIALIST;
  if (!mc_store_begin (store, error))
    return 0;
  id = insert_officer (store, 0, clean_name, NULL, role, NULL, NULL, error);
  if (id == 0)
    {
      mc_store_rollback (store);
      return 0;
    }
  if (!mc_store_commit (store, error))
    return 0;
  return id;
}
