/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *schemas = NULL;
  int status;

  /* Run from the build folder (or a moved installation), the program finds the translations
   * and the settings schema next to it; MOTCUA_LOCALEDIR and GSETTINGS_SCHEMA_DIR still win. */
  mc_paths_init_i18n (argv[0]);
  schemas = mc_paths_schema_dir (argv[0]);
  if (schemas != NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);

  app = mc_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : mc_application_get_exit_status (app);
}
