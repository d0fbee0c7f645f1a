/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-cli.h"

int
mc_cli_calendar (const char *db_path, int argc, char **argv)
{
  g_printerr ("motcua-cli: calendar is not written yet\n");
  return MC_EXIT_FAILED;
}

