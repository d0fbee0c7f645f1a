/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "mc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  const char *localedir = g_getenv ("MOTCUA_LOCALEDIR");
  int status;

  /* MOTCUA_LOCALEDIR lets the uninstalled build (meson devenv, tests) find its translations. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mc_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : mc_application_get_exit_status (app);
}
