/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Built when libpq is not available: a server connection is refused with a sentence. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-db.h"
#include "mc-types.h"

McDb *
mc_db_postgresql_open (const char *conninfo, GError **error)
{
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("This copy of Một Cửa was built without PostgreSQL support, so it cannot "
                 "connect to the server “%s”."), conninfo);
  return NULL;
}
