/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's server (PostgreSQL only): every officer a login of the server, a member of the
 * group role of their role (resources/sql/postgresql/0006-schema.sql grants the groups what
 * they may do), and a new database made for an office. On SQLite these do nothing. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

static const char *
group_of (McRole role)
{
  switch (role)
    {
    case MC_ROLE_ADMIN:          return "motcua_admin";
    case MC_ROLE_DESK:           return "motcua_desk";
    case MC_ROLE_SPECIALIST:     return "motcua_specialist";
    case MC_ROLE_VICE_CHAIRMAN:  return "motcua_vice_chairman";
    case MC_ROLE_CHAIRMAN:       return "motcua_chairman";
    case MC_ROLE_CONTROLLER:     return "motcua_controller";
    case MC_ROLE_POLICE:         return "motcua_police";
    default:                     return NULL;
    }
}

/* Every group but ROLE's, comma-separated: a login leaves them when it joins ROLE's, so that
 * it is a member of one group only whatever it was before (a login of the same name made for
 * another database of the cluster, or by an older program that kept the old group at a change
 * of role: the police's login, once a desk officer's, could still write dossiers). */
static char *
other_groups (McRole role)
{
  static const McRole roles[] = { MC_ROLE_ADMIN, MC_ROLE_DESK, MC_ROLE_SPECIALIST,
                                  MC_ROLE_VICE_CHAIRMAN, MC_ROLE_CHAIRMAN, MC_ROLE_CONTROLLER,
                                  MC_ROLE_POLICE };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] != role)
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", group_of (roles[i]));
  return g_string_free (out, FALSE);
}

static gboolean
exec_or_fail (McStore *self, const char *sql, const char *what, GError **error)
{
  if (!mc_db_exec (self->db, sql))
    return mc_store_fail (self, error, what);
  return TRUE;
}

/* Logins and their groups are the cluster's, not one database's: two administrators (or two
 * databases of one cluster) changing logins at the same moment update the same catalogue rows,
 * and the server refuses the second with "tuple concurrently updated" (XX000) or finds the
 * login made meanwhile (42710). That statement alone is tried again, a few times, after a
 * pause; the officer's own transaction goes on. */
static gboolean
role_should_retry (McStore *self)
{
  const char *state = self->db->error_sqlstate;

  return state != NULL && (g_str_equal (state, "XX000") || g_str_equal (state, "42710") ||
                           g_str_equal (state, "40001") || g_str_equal (state, "40P01"));
}

typedef char *(*RoleSql) (McStore *self, gpointer data, GError **error);

static gboolean
role_ddl (McStore *self, RoleSql build, gpointer data, const char *what, GError **error)
{
  gboolean inside = mc_store_in_transaction (self);

  for (int attempt = 1;; attempt++)
    {
      g_autofree char *sql = NULL;

      if (inside && !mc_db_exec (self->db, "SAVEPOINT mc_role"))
        return mc_store_fail (self, error, what);
      sql = build (self, data, error);
      if (sql != NULL && mc_db_exec (self->db, sql))
        return !inside || exec_or_fail (self, "RELEASE SAVEPOINT mc_role", what, error);
      if (sql != NULL && attempt < 8 && role_should_retry (self))
        {
          if (inside && !mc_db_exec (self->db, "ROLLBACK TO SAVEPOINT mc_role"))
            return mc_store_fail (self, error, what);
          mc_db_clear_error (self->db);
          g_usleep (1000 * g_random_int_range (5, 20 * attempt));
          continue;
        }
      if (sql != NULL)
        mc_store_fail (self, error, what);
      if (inside)
        {
          McDbError saved = self->db->error;
          g_autofree char *message = g_strdup (self->db->error_message);

          mc_db_exec (self->db, "ROLLBACK TO SAVEPOINT mc_role; RELEASE SAVEPOINT mc_role");
          mc_db_set_error (self->db, saved, message, NULL);
        }
      return FALSE;
    }
}

static gboolean
login_exists (McStore *self, const char *username, gboolean *exists, GError **error)
{
  gint64 n = 0;

  if (!mc_store_get_int64 (self, _("reading the server's logins"), &n, error,
                           "SELECT count(*) FROM pg_roles WHERE rolname = ?1",
                           MC_PARAMS (MC_TEXT (username))))
    return FALSE;
  *exists = n > 0;
  return TRUE;
}

typedef struct {
  const char *username;
  const char *name;           /* quoted */
  const char *literal;        /* the password's verifier, quoted; NULL: none */
  McRole      role;
} Login;

static char *
create_sql (McStore *self, gpointer data, GError **error)
{
  Login *l = data;
  gboolean exists = FALSE;

  if (!login_exists (self, l->username, &exists, error))
    return NULL;
  /* A login of the same name already on the server (another database of the cluster, a
   * migration) is given the officer's role here, and that role's group only. */
  if (exists)
    {
      g_autofree char *others = other_groups (l->role);

      return g_strdup_printf ("ALTER ROLE %s WITH LOGIN %s%s%s; REVOKE %s FROM %s; "
                              "GRANT %s TO %s", l->name,
                              l->role == MC_ROLE_ADMIN ? "CREATEROLE" : "NOCREATEROLE",
                              l->literal != NULL ? " PASSWORD " : "",
                              l->literal != NULL ? l->literal : "", others, l->name,
                              group_of (l->role), l->name);
    }
  return g_strdup_printf ("CREATE ROLE %s WITH LOGIN %s%s%s; GRANT %s TO %s", l->name,
                          l->role == MC_ROLE_ADMIN ? "CREATEROLE" : "NOCREATEROLE",
                          l->literal != NULL ? " PASSWORD " : " PASSWORD NULL",
                          l->literal != NULL ? l->literal : "", group_of (l->role), l->name);
}

gboolean
mc_store_login_create (McStore *self, const char *username, const char *password, McRole role,
                       GError **error)
{
  const char *what = _("creating the officer's login on the server");
  g_autofree char *name = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *literal = NULL;
  Login login;

  if (mc_store_engine (self) != MC_DB_POSTGRESQL || username == NULL)
    return TRUE;
  g_return_val_if_fail (group_of (role) != NULL, FALSE);
  name = mc_db_postgresql_quote_identifier (self->db, username);
  if (password != NULL)
    {
      verifier = mc_db_postgresql_encrypt_password (self->db, username, password);
      if (verifier == NULL)
        return mc_store_fail (self, error, what);
      literal = mc_db_postgresql_quote_literal (self->db, verifier);
    }
  login = (Login) { username, name, literal, role };
  return role_ddl (self, create_sql, &login, what, error);
}

static char *
fixed_sql (McStore *self, gpointer data, GError **error)
{
  return g_strdup (data);
}

gboolean
mc_store_login_set_password (McStore *self, const char *username, const char *password,
                             GError **error)
{
  const char *what = _("changing the officer's password on the server");
  g_autofree char *name = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *sql = NULL;

  if (mc_store_engine (self) != MC_DB_POSTGRESQL || username == NULL)
    return TRUE;
  name = mc_db_postgresql_quote_identifier (self->db, username);
  verifier = mc_db_postgresql_encrypt_password (self->db, username, password);
  if (verifier == NULL)
    return mc_store_fail (self, error, what);
  literal = mc_db_postgresql_quote_literal (self->db, verifier);
  sql = g_strdup_printf ("ALTER ROLE %s PASSWORD %s", name, literal);
  return role_ddl (self, fixed_sql, sql, what, error);
}

gboolean
mc_store_login_set_role (McStore *self, const char *username, McRole old_role, McRole role,
                         GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *others = NULL;

  if (mc_store_engine (self) != MC_DB_POSTGRESQL || username == NULL)
    return TRUE;
  name = mc_db_postgresql_quote_identifier (self->db, username);
  others = other_groups (role);
  /* Every other group, not the old role's alone (a leftover of another database's). */
  sql = g_strdup_printf ("REVOKE %s FROM %s; GRANT %s TO %s; ALTER ROLE %s %s", others, name,
                         group_of (role), name, name,
                         role == MC_ROLE_ADMIN ? "CREATEROLE" : "NOCREATEROLE");
  return role_ddl (self, fixed_sql, sql, _("changing the officer's role on the server"), error);
}

gboolean
mc_store_login_set_active (McStore *self, const char *username, gboolean active,
                           GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  if (mc_store_engine (self) != MC_DB_POSTGRESQL || username == NULL)
    return TRUE;
  name = mc_db_postgresql_quote_identifier (self->db, username);
  /* A disabled officer cannot even connect; the sessions already open end at their next
   * statement's refusal of the account in core. */
  sql = g_strdup_printf ("ALTER ROLE %s %s", name, active ? "LOGIN" : "NOLOGIN");
  return role_ddl (self, fixed_sql, sql, _("disabling the officer's login on the server"),
                   error);
}

gboolean
mc_store_session_is_officer (McStore *self, const char *username)
{
  g_autofree char *user = NULL;

  if (mc_store_engine (self) != MC_DB_POSTGRESQL)
    return TRUE;
  user = mc_store_get_text (self, _("reading the server's logins"), NULL, NULL,
                            "SELECT CAST(session_user AS text)", MC_NO_PARAMS);
  return g_strcmp0 (user, username) == 0;
}

/* ---- A new database for an office ---- */

gboolean
mc_store_server_create_database (const char *target, char **database, GError **error)
{
  g_autofree char *dbname = mc_db_postgresql_conninfo_value (target, "dbname");
  const char * const keys[] = { "dbname", NULL };
  const char * const values[] = { "postgres", NULL };
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  McDb *db;
  McDbStmt *stmt;
  gboolean superuser = FALSE, exists = FALSE;

  if (!mc_db_target_is_postgresql (target))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a server connection: name the server with --db "
                     "postgresql://HOST/DATABASE."), target);
      return FALSE;
    }
  if (dbname == NULL || g_str_equal (dbname, "postgres") || g_str_has_prefix (dbname, "template"))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Name the commune's new database in the connection (for example "
                     "postgresql:///motcua): “%s” names none, or one of the server's own."),
                   target);
      return FALSE;
    }
  /* The server's own maintenance database, to make the new one from. */
  db = mc_db_postgresql_open_with (target, keys, values, error);
  if (db == NULL)
    return FALSE;
  stmt = mc_db_prepare (db, "SELECT rolsuper FROM pg_roles WHERE rolname = CAST(current_user AS text)");
  if (stmt != NULL && mc_db_step (stmt) == MC_DB_STEP_ROW)
    superuser = mc_db_column_int64 (stmt, 0) != 0;
  if (stmt != NULL)
    mc_db_reset (stmt);
  stmt = mc_db_prepare (db, "SELECT count(*) FROM pg_database WHERE datname = ?1");
  if (stmt != NULL)
    {
      db->driver->bind_text (stmt, 1, dbname);
      if (mc_db_step (stmt) == MC_DB_STEP_ROW)
        exists = mc_db_column_int64 (stmt, 0) > 0;
      mc_db_reset (stmt);
    }
  if (!superuser)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Setting up the server needs its administrator: run the command as the "
                     "“postgres” user (sudo -u postgres motcua-cli …)."));
      mc_db_close (db);
      return FALSE;
    }
  if (exists)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The server already has a database “%s”; it was left as it is. Choose "
                     "another name, or connect the workstations to that one."), dbname);
      mc_db_close (db);
      return FALSE;
    }
  name = mc_db_postgresql_quote_identifier (db, dbname);
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", name);
  if (!mc_db_exec (db, sql))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The server could not create the database “%s”: %s."), dbname,
                   db->error_message);
      mc_db_close (db);
      return FALSE;
    }
  mc_db_close (db);
  if (database != NULL)
    *database = g_steal_pointer (&dbname);
  return TRUE;
}

/* Lets the other workstations in: the server listens on the network, and its login rules take
 * the officers' logins with their passwords from any address (only into this database). What
 * needs a restart of the server is said in *NOTE. Best effort: a server managed otherwise is
 * left as its administrator set it, and *NOTE says what to add. */
gboolean
mc_store_server_open_to_network (McStore *self, const char *database, char **note,
                                 GError **error)
{
  g_autofree char *hba_file = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) said = g_string_new (NULL);

  g_return_val_if_fail (mc_store_engine (self) == MC_DB_POSTGRESQL, FALSE);

  hba_file = mc_store_get_text (self, _("reading the server's settings"), NULL, NULL,
                                "SELECT setting FROM pg_settings WHERE name = 'hba_file'",
                                MC_NO_PARAMS);
  listen = mc_store_get_text (self, _("reading the server's settings"), NULL, NULL,
                              "SELECT setting FROM pg_settings WHERE name = 'listen_addresses'",
                              MC_NO_PARAMS);
  rule = g_strdup_printf ("host    %s    +motcua_officer    all    scram-sha-256", database);
  if (hba_file != NULL && g_file_get_contents (hba_file, &contents, NULL, NULL))
    {
      if (strstr (contents, rule) == NULL)
        {
          g_autofree char *added = g_strdup_printf ("%s%s# Một Cửa: the officers' workstations\n%s\n",
                                                    contents,
                                                    g_str_has_suffix (contents, "\n") ? "" : "\n",
                                                    rule);

          if (!g_file_set_contents (hba_file, added, -1, NULL))
            g_string_append_printf (said,
                                    _("Add this line to %s, then reload the server:\n  %s\n"),
                                    hba_file, rule);
          else
            mc_store_exec (self, "SELECT pg_reload_conf()", NULL);
        }
    }
  else if (hba_file != NULL)
    g_string_append_printf (said, _("Add this line to %s, then reload the server:\n  %s\n"),
                            hba_file, rule);
  if (listen == NULL || (!g_str_equal (listen, "*") && strstr (listen, "0.0.0.0") == NULL))
    {
      if (mc_store_exec (self, "ALTER SYSTEM SET listen_addresses = '*'", NULL))
        g_string_append (said, _("Restart the server once so that it listens to the network: "
                                 "sudo systemctl restart postgresql\n"));
      else
        g_string_append (said, _("Set listen_addresses = '*' in the server's postgresql.conf "
                                 "and restart it.\n"));
    }
  if (note != NULL)
    *note = g_string_free (g_steal_pointer (&said), FALSE);
  return TRUE;
}

char *
mc_store_server_conninfo_value (const char *target, const char *keyword)
{
  return mc_db_postgresql_conninfo_value (target, keyword);
}
