/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* An office's server (docs/cli.md, "server setup" and "migrate"). */

/* Creates the database TARGET names on its PostgreSQL server (TARGET connects as the server's
 * administrator), with the schema, the group roles of docs/domain.md §1, the default catalogue
 * and the first administrator ADMIN with PASSWORD, and lets the network's workstations in.
 * *LINE: the connection the other workstations enter; *NOTE: what is left to do by hand (a
 * restart of the server), or "". */
gboolean mc_server_setup   (const char *target, const char *admin, const char *password,
                            char **line, char **note, GError **error);
/* Copies the commune of FROM into the database TARGET (a new file, or a server database right
 * after set-up), in one transaction. *ROWS: rows copied; *NEED_PASSWORD: accounts without a
 * server password yet (set them in Preferences). */
gboolean mc_server_migrate (McStore *from, const char *target, gint64 *rows,
                            gint64 *need_password, GError **error);

G_END_DECLS
