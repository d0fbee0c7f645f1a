/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers and their sign-in accounts.
 *
 * User names are kept in lower case so that "An.Nguyen" and "an.nguyen" are one account (the
 * column's UNIQUE constraint is case-sensitive). Passwords are stored only as Argon2id hashes in
 * libsodium's self-describing string form ("$argon2id$v=19$m=…"), so the cost can be raised later
 * without breaking the hashes already stored. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "mc-date.h"
#include "mc-account.h"
#include "mc-audit.h"
#include "mc-signature.h"
#include "mc-store-internal.h"
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

static gint64
insert_officer (McStore *store, gint64 actor_id, const char *name, const char *title,
                McRole role, const char *username, const char *hash, GError **error)
{
  g_autofree char *details = NULL;
  gint64 id = mc_store_insert_officer (store, name, title, role, username, hash, error);

  if (id == 0)
    return 0;
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
      /* Slow on purpose: before the transaction. */
      hash = hash_password (password, error);
      if (hash == NULL)
        return 0;
    }

  if (!mc_store_begin (store, error))
    return 0;
  if (!require_admin (store, actor_id, _("create accounts"), error) ||
      (login != NULL && !mc_store_username_taken (store, login, &taken, error)))
    goto fail;
  if (taken)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The user name “%s” is already used by another officer; choose "
                     "another."), login);
      goto fail;
    }
  /* No signing key here: a leader's key is made at their own first sign-in
   * (mc-signature.h), from the password they then hold. */
  id = insert_officer (store, actor_id, clean_name, title, role, login, hash, error);
  /* On a server the account is a login of its own, in the group of its role. */
  if (id != 0 && login != NULL && !mc_store_login_create (store, login, password, role, error))
    id = 0;
  if (id == 0)
    goto fail;
  if (!mc_store_commit (store, error))
    return 0;
  return id;

fail:
  mc_store_rollback (store);
  return 0;
}

gboolean
mc_account_set_password (McStore *store, gint64 actor_id, gint64 officer_id,
                         const char *old_password, const char *new_password, GError **error)
{
  g_auto(McStoreAccount) account = { 0 };
  g_autofree char *hash = NULL;
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
  if (!mc_store_get_account (store, officer_id, &account, error))
    return FALSE;
  if (account.username == NULL)
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
      if (!password_matches (account.password_hash, old_password))
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
  /* Checked again inside the write: the role may have changed meanwhile on another
   * workstation. */
  if (mc_store_actor_role (store, actor_id) != actor_role)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CONFLICT,
                   _("Your account was changed on another workstation meanwhile; sign in again."));
      goto fail;
    }
  if (!mc_store_set_password_hash (store, officer_id, hash, error) ||
      !mc_store_login_set_password (store, account.username, new_password, error) ||
      !mc_audit_append (store, actor_id, "officer.password", "officer", officer_id,
                        account.username, error) ||
      !mc_signature_rekey (store, actor_id, officer_id, old_password, new_password, error))
    goto fail;
  return mc_store_commit (store, error);

fail:
  mc_store_rollback (store);
  return FALSE;
}

typedef struct {
  gint64      actor_id;
  gint64      officer_id;
  gboolean    set_role;      /* else the active flag */
  McRole      role;
  gboolean    active;
  const char *what;          /* completes "Only an administrator can …" */
} OfficerChange;

/* Read, checked and written in one transaction, so that two administrators cannot, say, each
 * disable the other and leave nobody to manage the accounts. */
static gboolean
change_officer (McStore *store, gpointer data, GError **error)
{
  const OfficerChange *ch = data;
  g_auto(McStoreAccount) account = { 0 };
  g_autofree char *details = NULL;
  gboolean last = FALSE;

  if (!require_admin (store, ch->actor_id, ch->what, error) ||
      !mc_store_get_account (store, ch->officer_id, &account, error))
    return FALSE;
  if (ch->set_role ? account.role == ch->role : account.active == ch->active)
    return TRUE;
  if ((ch->set_role ? ch->role != MC_ROLE_ADMIN : !ch->active) &&
      !mc_store_is_last_admin (store, ch->officer_id, &last, error))
    return FALSE;
  if (last)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This is the only active administrator: make another officer an "
                     "administrator first."));
      return FALSE;
    }
  if (ch->set_role)
    {
      details = g_strdup_printf ("%s → %s", mc_role_to_string (account.role),
                                 mc_role_to_string (ch->role));
      return mc_store_set_officer_role (store, ch->officer_id, ch->role, error) &&
             mc_store_login_set_role (store, account.username, account.role, ch->role, error) &&
             mc_audit_append (store, ch->actor_id, "officer.role", "officer", ch->officer_id,
                              details, error);
    }
  return mc_store_set_officer_active (store, ch->officer_id, ch->active, error) &&
         mc_store_login_set_active (store, account.username, ch->active, error) &&
         mc_audit_append (store, ch->actor_id, ch->active ? "officer.enable" : "officer.disable",
                          "officer", ch->officer_id, NULL, error);
}

gboolean
mc_account_set_role (McStore *store, gint64 actor_id, gint64 officer_id, McRole role,
                     GError **error)
{
  OfficerChange ch = { actor_id, officer_id, TRUE, role, FALSE, _("change an officer’s role") };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!require_admin (store, actor_id, ch.what, error) || !check_role (role, error))
    return FALSE;
  return mc_store_transact (store, change_officer, &ch, error);
}

gboolean
mc_account_set_active (McStore *store, gint64 actor_id, gint64 officer_id, gboolean active,
                       GError **error)
{
  OfficerChange ch = { actor_id, officer_id, FALSE, 0, active != FALSE,
                       _("enable or disable accounts") };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!require_admin (store, actor_id, ch.what, error))
    return FALSE;
  if (!active && actor_id == officer_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("You cannot disable your own account: another administrator can."));
      return FALSE;
    }
  return mc_store_transact (store, change_officer, &ch, error);
}

/* Records a failed sign-in with the workstation's name, in its own transaction; for an
 * account, counts it and locks the account at the fifth in a row. *LOCKED_UNTIL is the end of
 * that lock, MC_TIME_NONE when the account is not locked by it. */
static void
record_failure (McStore *store, const McStoreAccount *account, const char *login,
                const char *why, McTime *locked_until)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  gint64 count = 0;
  McTime now = mc_store_now (store);

  *locked_until = MC_TIME_NONE;
  if (!mc_store_begin (store, &error))
    goto fail;
  if (account->id != 0)
    {
      if (!mc_store_add_failed_sign_in (store, account->id, &count, &error))
        goto rollback;
      if (count >= MC_ACCOUNT_MAX_FAILURES)
        {
          *locked_until = now + MC_ACCOUNT_LOCK_SECONDS;
          if (!mc_store_lock_account (store, account->id, *locked_until, &error))
            goto rollback;
        }
    }
  if (*locked_until != MC_TIME_NONE)
    {
      g_autofree char *until = mc_time_to_iso (*locked_until);

      details = g_strdup_printf ("%s from %s: %s (%" G_GINT64_FORMAT " in a row); locked until %s",
                                 login, g_get_host_name (), why, count, until);
    }
  else if (account->id != 0)
    details = g_strdup_printf ("%s from %s: %s (%" G_GINT64_FORMAT " in a row)", login,
                               g_get_host_name (), why, count);
  else
    details = g_strdup_printf ("%s from %s: %s", login, g_get_host_name (), why);
  if (!mc_audit_append (store, 0, "officer.sign_in_failed", "officer", account->id, details,
                        &error))
    goto rollback;
  if (mc_store_commit (store, &error))
    return;
  goto fail;

rollback:
  mc_store_rollback (store);
fail:
  /* The sign-in is refused all the same: a locked database must not let a guesser through. */
  g_warning ("A failed sign-in could not be recorded: %s", error ? error->message : "");
  *locked_until = MC_TIME_NONE;
}

static void
set_locked_error (GError **error, const char *first, McTime until, McTime now)
{
  g_autofree char *when = mc_time_to_iso (until);
  const char *clock = strchr (when, ' ');
  gint64 minutes = MAX (1, (until - now + 59) / 60);

  g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
               g_dngettext (GETTEXT_PACKAGE,
                            "%sAfter %d failed sign-ins in a row this account is locked: try "
                            "again at %s (in %lld minute).",
                            "%sAfter %d failed sign-ins in a row this account is locked: try "
                            "again at %s (in %lld minutes).", (gulong) minutes),
               first, MC_ACCOUNT_MAX_FAILURES, clock != NULL ? clock + 1 : when,
               (long long) minutes);
}

McOfficer *
mc_account_authenticate (McStore *store, const char *username, const char *password,
                         GError **error)
{
  g_autofree char *login = NULL;
  g_autofree char *details = NULL;
  g_auto(McStoreAccount) account = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  McTime now, locked_until = MC_TIME_NONE;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!ensure_sodium (error))
    return NULL;
  login = normalize_username (username, NULL);
  if (login != NULL && !mc_store_find_account (store, login, &account, error))
    return NULL;
  now = mc_store_now (store);

  /* Locked: refused before the password is even looked at, so guessing on stops there. */
  if (account.id != 0 && account.locked_until != MC_TIME_NONE && account.locked_until > now)
    {
      record_failure (store, &account, login, "account locked", &locked_until);
      set_locked_error (error, "", account.locked_until, now);
      return NULL;
    }

  if (account.id != 0)
    ok = password_matches (account.password_hash, password);
  else
    {
      password_matches (dummy_hash (), password ? password : "");
      ok = FALSE;
    }
  if (!ok)
    {
      record_failure (store, &account, login != NULL ? login : "",
                      account.id != 0 ? "wrong password" : "unknown user name", &locked_until);
      if (locked_until != MC_TIME_NONE)
        {
          /* TRANSLATORS: the start of a sentence that goes on with the lock. */
          set_locked_error (error, _("Wrong user name or password. "), locked_until, now);
          return NULL;
        }
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION, _("Wrong user name or password."));
      return NULL;
    }
  /* Said only to someone who knows the password, so it reveals nothing to a guesser. */
  if (!account.active)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("This account has been disabled; ask the administrator."));
      return NULL;
    }

  /* A leader's key is made here, from the password only the leader holds (mc-signature.h).
   * Slow (Argon2id): before the transaction of the sign-in's record. */
  if (!mc_signature_ensure_key (store, account.id, password, NULL, error))
    return NULL;
  officer = mc_store_get_officer (store, account.id, error);
  if (officer == NULL)
    return NULL;
  details = g_strdup_printf ("%s from %s", login, g_get_host_name ());
  if (!mc_store_begin (store, error))
    return NULL;
  if (!mc_store_clear_failed_sign_ins (store, account.id, error) ||
      !mc_audit_append (store, account.id, "officer.sign_in", "officer", account.id, details,
                        error))
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
  gint64 id = 0;

  g_return_val_if_fail (MC_IS_STORE (store), 0);

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (clean_name[0] == '\0' || !g_utf8_validate (clean_name, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The officer’s full name is missing."));
      return 0;
    }

  if (!role_is_valid (role))
    role = MC_ROLE_SPECIALIST;
  if (!mc_store_begin (store, error))
    return 0;
  id = mc_store_find_officer_by_name (store, clean_name, error);
  if (id == 0)
    id = insert_officer (store, 0, clean_name, NULL, role, NULL, NULL, error);
  if (id <= 0)
    {
      mc_store_rollback (store);
      return 0;
    }
  if (!mc_store_commit (store, error))
    return 0;
  return id;
}

gint64
mc_account_count (McStore *store)
{
  g_return_val_if_fail (MC_IS_STORE (store), 0);
  return mc_store_count_accounts (store);
}

McOfficer *
mc_account_find (McStore *store, const char *username, GError **error)
{
  g_autofree char *login = normalize_username (username, NULL);
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  id = login != NULL ? mc_store_find_officer_by_username (store, login, error) : 0;
  if (id < 0)
    return NULL;
  if (id == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no officer with the user name “%s”."), username ? username : "");
      return NULL;
    }
  return mc_store_get_officer (store, id, error);
}
