/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pages that carry the commune's accountability outside its database: the list of the
 * leaders' signing keys for the province, and the last checkpoint of the audit log on the
 * period report (mc-signature.h, mc-checkpoint.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-report-private.h"

#define CHECKPOINT_QR_SIZE MC_MM (38)

static char *
moment (McTime t)
{
  return t == MC_TIME_NONE ? g_strdup ("") : mc_format_time (t);
}

/* The hash in groups of 8 digits, so that it can be read aloud and compared by eye. */
static char *
grouped (const char *hex)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 8 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, hex[i]);
    }
  return g_string_free (text, FALSE);
}

void
mc_report_add_checkpoint (McDocument *doc, McStore *store)
{
  McParagraphStyle body = mc_paragraph_style_body ();
  McParagraphStyle hash_style = { .size = 12, .align = MC_ALIGN_CENTER, .space_before = 4,
                                  .space_after = 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McCheckpoint) c = mc_checkpoint_get_last (store, &error);
  g_autofree char *when = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *records = NULL;
  g_autofree char *dossiers = NULL;

  if (c == NULL)
    {
      mc_document_add_text (doc, &body, "%s",
                            _("No checkpoint of the audit log has been signed yet: the chairman "
                              "signs one with “motcua-cli audit checkpoint”."));
      return;
    }
  when = mc_format_time (c->at);
  hash = grouped (c->hash);
  records = mc_format_int (c->audit_count);
  dossiers = mc_format_int (c->dossier_count);
  /* Translators: the checkpoint's number, who signed it, when, how many audit records and
   * dossiers it covers. */
  mc_document_add_text (doc, &body,
                        _("The last checkpoint of the audit log, no. %lld, was signed by %s at "
                          "%s over %s audit records and %s dossiers. Keep its hash: a log cut "
                          "or rewritten before it no longer gives it."),
                        (long long) c->id, c->officer_name, when, records, dossiers);
  if (!c->valid)
    mc_document_add_text (doc, &body, "%s", c->verdict);
  mc_document_add_text (doc, &hash_style, "<b>%s</b>", hash);
  /* TRANSLATORS: beside the QR code of a checkpoint: the command that checks it. */
  mc_report_add_qr (doc, c->qr_text, CHECKPOINT_QR_SIZE,
                    _("Check: motcua-cli audit verify-qr"));
}

McDocument *
mc_report_keys_new (McStore *store, const McReportOptions *options, GError **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = NULL;
  g_autofree char *date = NULL;
  g_autofree char *parent_line = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
  McParagraphStyle body = mc_paragraph_style_body ();
  McParagraphStyle note = body;
  const double widths[] = { 0.5, 2.2, 0.6, 3.6, 1.7, 2.1, 1.8 };
  McDay day;
  McTable *t;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  keys = mc_signature_list_keys (store, error);
  if (keys == NULL)
    return NULL;
  day = options->date != 0 ? options->date : mc_day_of_time (mc_now ());
  agency = mc_agency_at (store, day);
  date = mc_report_date_line (agency, options->date);
  parent_line = mc_report_parent_recipient (agency);

  doc = mc_document_new (TRUE);
  mc_document_set_title (doc, _("The leaders' signing keys"));
  /* Translators: the number line of a document; the number is written in by hand. */
  mc_document_add_header (doc, agency->parent, agency->name, _("No.:       /UBND-VP"), date);
  mc_report_add_title (doc, _("LIST OF THE LEADERS' SIGNING KEYS"),
                       _("With which the commune's leaders sign the results of administrative "
                         "procedures"), NULL);
  /* Translators: the committee in running text ("Ủy ban nhân dân xã Tam Hiệp"). */
  mc_document_add_text (doc, &body,
                        _("%s sends the public keys with which its chairman and vice-chairmen "
                          "sign in the one-stop software, and who confirmed each, so that a "
                          "signature can be checked without trusting the commune's computers. "
                          "A signature is valid only when the fingerprint its verification "
                          "names is on this list, with a confirmation dated before the "
                          "signature."), agency->name_text);

  t = mc_document_add_table (doc, G_N_ELEMENTS (widths), widths, 11);
  mc_table_set_header (t, (const char *[]) {
      _("No."), _("Leader"), _("Key"), _("Fingerprint and public key"), _("Made"),
      _("Confirmed by"), _("State") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 2, MC_ALIGN_CENTER);
  for (guint i = 0; i < keys->len; i++)
    {
      const McSignatureKeyInfo *k = g_ptr_array_index (keys, i);
      g_autofree char *no = mc_format_int (i + 1);
      g_autofree char *id = g_strdup_printf ("%lld", (long long) k->key_id);
      g_autofree char *who = g_markup_printf_escaped ("<b>%s</b>\n%s", k->officer_name,
                                                      k->officer_title);
      g_autofree char *public_key = grouped (k->public_key_hex);
      g_autofree char *fingerprint = g_markup_printf_escaped ("<b>%s</b>\n<small>%s</small>",
                                                              k->fingerprint, public_key);
      g_autofree char *made_at = moment (k->created_at);
      g_autofree char *made = k->after_reset
                              ? g_markup_printf_escaped ("%s\n<i>%s</i>", made_at,
                                                         _("after a password reset"))
                              : g_markup_escape_text (made_at, -1);
      g_autofree char *confirmed_at = moment (k->confirmed_at);
      g_autofree char *confirmed = k->confirmer_name != NULL
                                   ? g_markup_printf_escaped ("%s\n%s", k->confirmer_name,
                                                              confirmed_at)
                                   : g_strdup (k->legacy ? _("— (made before confirmations)")
                                                         : "—");
      g_autofree char *state = g_markup_escape_text (k->state, -1);

      mc_table_add_row (t, (const char *[]) { no, who, id, fingerprint, made, confirmed,
                                              state });
    }
  if (keys->len == 0)
    mc_document_add_text (doc, &body, "%s",
                          _("No leader has a signing key yet: each makes one at their first "
                            "sign-in."));

  note.size = 12;
  mc_document_add_space (doc, 6);
  mc_document_add_text (doc, &note, "%s",
                        _("A key is made by its holder at their first sign-in after the account "
                          "was created or its password reset by the administrator; it signs "
                          "nothing until another leader confirms it. Check a signature with "
                          "“motcua-cli signature verify CODE” or the QR code of the printed "
                          "result."));

  if (parent_line != NULL)
    g_ptr_array_add (recipients, parent_line);
  g_ptr_array_add (recipients, (gpointer) _("- Archive: VT."));
  g_ptr_array_add (recipients, NULL);
  mc_report_add_signer (doc, store, options->signer_id, (const char *const *) recipients->pdata);
  return g_steal_pointer (&doc);
}
