/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setting up an office's server, and moving a commune onto it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef HAVE_GETIFADDRS
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#endif

#include "mc-account.h"
#include "mc-catalogue.h"
#include "mc-server.h"
#include "mc-store-internal.h"

/* This computer's address on the office's network: its first IPv4 address that is not the
 * loopback, a private one (192.168.…, 10.…, 172.16–31.…) first; a commune's network seldom
 * has names the workstations could look up. Its name when it has no such address. */
static char *
this_computer_address (void)
{
  char *found = NULL;
#ifdef HAVE_GETIFADDRS
  struct ifaddrs *list = NULL;
  gboolean found_private = FALSE;

  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
        {
          const struct sockaddr_in *in = (const struct sockaddr_in *) i->ifa_addr;
          guint32 a;
          gboolean private;
          char text[INET_ADDRSTRLEN];

          if (in == NULL || in->sin_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK) ||
              !(i->ifa_flags & IFF_UP))
            continue;
          a = ntohl (in->sin_addr.s_addr);
          private = (a >> 24) == 10 || (a >> 20) == (172u << 4 | 1) || (a >> 16) == (192u << 8 | 168);
          if ((found != NULL && (found_private || !private)) ||
              inet_ntop (AF_INET, &in->sin_addr, text, sizeof text) == NULL)
            continue;
          g_free (found);
          found = g_strdup (text);
          found_private = private;
        }
      freeifaddrs (list);
    }
#endif
  return found != NULL ? found : g_strdup (g_get_host_name ());
}

/* postgresql://HOST[:PORT]/DATABASE, HOST being this computer's address when TARGET connects
 * through a local socket: what another workstation of the office can reach. */
static char *
workstation_line (const char *target, const char *database)
{
  g_autofree char *host = mc_store_server_conninfo_value (target, "host");
  g_autofree char *port = mc_store_server_conninfo_value (target, "port");

  if (host == NULL || host[0] == '/' || g_str_equal (host, "localhost") ||
      g_str_equal (host, "127.0.0.1"))
    {
      g_free (host);
      host = this_computer_address ();
    }
  if (port != NULL && !g_str_equal (port, "5432"))
    return g_strdup_printf ("postgresql://%s:%s/%s", host, port, database);
  return g_strdup_printf ("postgresql://%s/%s", host, database);
}

gboolean
mc_server_setup (const char *target, const char *admin, const char *password, char **line,
                 char **note, GError **error)
{
  g_autofree char *database = NULL;
  g_autoptr(McStore) store = NULL;

  g_return_val_if_fail (target != NULL && admin != NULL && password != NULL, FALSE);

  if (!mc_store_server_create_database (target, &database, error))
    return FALSE;
  store = mc_store_create (target, error);
  if (store == NULL || !mc_catalogue_init_defaults (store, error) ||
      mc_account_create (store, 0, _("Administrator"), NULL, MC_ROLE_ADMIN, admin, password,
                         error) == 0 ||
      !mc_store_server_open_to_network (store, database, note, error))
    {
      g_prefix_error (error, _("The database “%s” was created but not set up completely: "),
                      database);
      return FALSE;
    }
  *line = workstation_line (target, database);
  return TRUE;
}

gboolean
mc_server_migrate (McStore *from, const char *target, gint64 *rows, gint64 *need_password,
                   GError **error)
{
  g_autoptr(McStore) to = NULL;

  g_return_val_if_fail (MC_IS_STORE (from), FALSE);

  if (g_strcmp0 (mc_store_get_path (from), target) == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A database cannot be copied into itself."));
      return FALSE;
    }
  to = mc_store_create (target, error);
  if (to == NULL)
    return FALSE;
  if (!mc_store_migrate_to (from, to, rows, need_password, error))
    return FALSE;
  /* What a copy is judged by: its chain, read back on the other engine. */
  if (!mc_audit_verify (to, NULL, error))
    {
      g_prefix_error (error, _("The copy did not verify: "));
      return FALSE;
    }
  return TRUE;
}
