/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: not written yet. */
#include "config.h"

#include "mc-cli.h"

int
mc_cli_import (const char *db_path, int argc, char **argv)
{
  g_printerr ("motcua-cli: import is not written yet\n");
  return MC_EXIT_FAILED;
}

int
mc_cli_export (const char *db_path, int argc, char **argv)
{
  g_printerr ("motcua-cli: export is not written yet\n");
  return MC_EXIT_FAILED;
}

