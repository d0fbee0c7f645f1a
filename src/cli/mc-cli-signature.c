/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `motcua-cli signature`: who signed a dossier and whether what was signed still holds
 * (docs/cli.md). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-signature.h"

/* The verdict on stdout (exit 0) when the signature holds, on stderr (exit 1) otherwise. */
static int
report (McSignatureCheck *check, GError *error)
{
  if (check == NULL)
    return mc_cli_fail (error);
  if (!check->valid)
    {
      g_printerr ("motcua-cli: %s\n", check->verdict);
      return MC_EXIT_FAILED;
    }
  g_print ("%s\n", check->verdict);
  return MC_EXIT_OK;
}

int
mc_cli_signature (const char *db_path, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("verify CODE | verify-qr TEXT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  gboolean qr;

  g_option_context_set_summary (context,
      _("Say who signed a dossier and when, and whether anything signed changed since: from "
        "the dossier's code, or from the text a reader decodes from the QR code of a printed "
        "page. Exits with 1 when the signature does not hold."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 3 || (!g_str_equal (argv[1], "verify") && !g_str_equal (argv[1], "verify-qr")))
    return mc_cli_usage (_("usage: motcua-cli signature verify CODE, or signature verify-qr "
                           "TEXT"));
  qr = g_str_equal (argv[1], "verify-qr");

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  check = qr ? mc_signature_check_qr (store, argv[2], &error)
             : mc_signature_check_code (store, argv[2], &error);
  return report (check, error);
}
