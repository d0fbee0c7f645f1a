/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `motcua-cli signature`: who signed a dossier and whether what was signed still holds
 * (docs/cli.md). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-cli.h"
#include "mc-date.h"
#include "mc-report.h"
#include "mc-signature.h"

/* The verdict on stdout (exit 0) when the signature holds, on stderr (exit 1) otherwise. */
static int
report (McSignatureCheck *check, GError *error)
{
  if (check == NULL)
    return mc_cli_fail (error);
  if (!check->valid)
    g_printerr ("motcua-cli: %s\n", check->verdict);
  else
    g_print ("%s\n", check->verdict);
  /* Then the result's files, each with what the signature says of it. */
  for (guint i = 0; check->files != NULL && i < check->files->len; i++)
    {
      const McSignatureFile *f = g_ptr_array_index (check->files, i);
      /* TRANSLATORS: one result file under a signature's verdict: name, SHA-256, its state */
      g_autofree char *line = g_strdup_printf (_("  result file %s  %s: %s"), f->name, f->hash,
                                               mc_signature_file_state_to_string (f->state));

      if (check->valid)
        g_print ("%s\n", line);
      else
        g_printerr ("%s\n", line);
    }
  return check->valid ? MC_EXIT_OK : MC_EXIT_FAILED;
}

/* The keys as text, one key a line, for a person or a script. */
static void
print_keys (GPtrArray *keys)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const McSignatureKeyInfo *k = g_ptr_array_index (keys, i);
      g_autofree char *made = k->created_at != MC_TIME_NONE ? mc_time_to_iso (k->created_at)
                                                             : g_strdup ("-");
      g_autofree char *confirmed = NULL;

      if (k->confirmer_name != NULL)
        {
          g_autofree char *when = mc_time_to_iso (k->confirmed_at);

          /* TRANSLATORS: who confirmed a key, and when. */
          confirmed = g_strdup_printf (_("confirmed by %s at %s"), k->confirmer_name, when);
        }
      else
        confirmed = g_strdup (_("not confirmed"));
      /* TRANSLATORS: one key: its number, fingerprint, holder, when made, [after a reset],
       * who confirmed it, its state, then the public key. */
      g_print (_("key %lld  %s  %s (%s)  made %s%s; %s; %s\n    %s\n"), (long long) k->key_id,
               k->fingerprint, k->officer_name, k->officer_title, made,
               k->after_reset ? _(" after a password reset") : "", confirmed, k->state,
               k->public_key_hex);
    }
}

static int
signature_keys (const char *db_path, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(McDocument) doc = NULL;
  McReportOptions options = { 0 };

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  if (out == NULL)
    {
      keys = mc_signature_list_keys (store, &error);
      if (keys == NULL)
        return mc_cli_fail (error);
      print_keys (keys);
      return MC_EXIT_OK;
    }
  doc = mc_report_keys_new (store, &options, &error);
  if (doc == NULL || !mc_document_write_pdf (doc, out, &error))
    return mc_cli_fail (error);
  g_print (_("Wrote %s\n"), out);
  return MC_EXIT_OK;
}

static int
signature_confirm (const char *db_path, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOfficer) holder = NULL;
  g_autofree char *password = NULL;
  gint64 actor;

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (actor = mc_cli_sign_in (store, &password, &error)) == 0)
    return mc_cli_fail (error);
  holder = mc_account_find (store, username, &error);
  if (holder == NULL || !mc_signature_confirm_key (store, actor, holder->id, password, &error))
    return mc_cli_fail (error);
  g_print (_("The signing key of %s is confirmed.\n"), holder->name);
  return MC_EXIT_OK;
}

int
mc_cli_signature (const char *db_path, int argc, char **argv)
{
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("With keys: write the list of keys as a PDF page for the province"), N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("verify CODE | verify-qr TEXT | confirm USER | keys [--out FILE.pdf]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  gboolean qr;

  g_option_context_set_summary (context,
      _("Say who signed a dossier and when, with which key and who confirmed it, and whether "
        "anything signed changed since: from the dossier's code, or from the text a reader "
        "decodes from the QR code of a printed page. Exits with 1 when the signature does not "
        "hold. confirm: the chairman (--as) confirms a vice-chairman's new key, a vice-chairman "
        "the chairman's. keys: the leaders' keys and their confirmations."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc == 2 && g_str_equal (argv[1], "keys"))
    return signature_keys (db_path, out);
  if (argc == 3 && g_str_equal (argv[1], "confirm"))
    return signature_confirm (db_path, argv[2]);
  if (argc != 3 || (!g_str_equal (argv[1], "verify") && !g_str_equal (argv[1], "verify-qr")))
    return mc_cli_usage (_("usage: motcua-cli signature verify CODE, signature verify-qr TEXT, "
                           "signature confirm USER, or signature keys [--out FILE.pdf]"));
  qr = g_str_equal (argv[1], "verify-qr");

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  check = qr ? mc_signature_check_qr (store, argv[2], &error)
             : mc_signature_check_code (store, argv[2], &error);
  return report (check, error);
}
