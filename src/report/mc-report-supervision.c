/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printed pages of supervision (docs/domain.md §9): the list of possible brokers for the
 * police file, and the minutes of a spot inspection (biên bản kiểm tra) with the findings per
 * officer. Decree 30 layout (mc-document.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-supervision.h"
#include "mc-text.h"
#include "mc-report-private.h"

static McOfficer *
officer_of (McStore *store, gint64 id)
{
  return id != 0 ? mc_store_get_officer (store, id, NULL) : NULL;
}

static char *
upper (const char *text)
{
  return g_utf8_strup (text != NULL ? text : "", -1);
}

McDocument *
mc_report_brokers_new (McStore *store, GPtrArray *brokers, McDay from, McDay to,
                       int min_applicants, gint64 author_id)
{
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = NULL;
  g_autoptr(McOfficer) author = officer_of (store, author_id);
  g_autofree char *date = NULL;
  g_autofree char *period = mc_report_period_text (from, to);
  g_autofree char *subtitle = NULL;
  g_autofree char *author_title = NULL;
  McParagraphStyle body = mc_paragraph_style_body ();
  McParagraphStyle small = body;
  const double widths[] = { 0.5, 2.6, 1.1, 2.4, 2.6, 1.2 };
  McTable *t;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (brokers != NULL, NULL);

  agency = mc_agency_at (store, 0);
  date = mc_report_date_line (agency, 0);
  doc = mc_document_new (TRUE);
  mc_document_set_title (doc, _("Possible brokers"));
  mc_document_add_header (doc, agency->parent, agency->name, NULL, date);
  /* TRANSLATORS: the subtitle of the brokers' list: the least number of unrelated applicants. */
  subtitle = g_strdup_printf (_("People who filed dossiers for %d or more unrelated applicants"),
                              min_applicants);
  mc_report_add_title (doc, _("LIST OF POSSIBLE BROKERS"), subtitle, period);
  mc_document_add_text (doc, &body, "%s",
                        _("Each person below filed, as the applicants' representative, dossiers "
                          "for many applicants of different households. Filings are one person's "
                          "when the representative's ID number or phone number matches, whatever "
                          "the spelling of the name; applicants at one address count once. This "
                          "is a lead for the commune police to verify, not a finding of "
                          "wrongdoing."));

  t = mc_document_add_table (doc, G_N_ELEMENTS (widths), widths, 11);
  mc_table_set_header (t, (const char *[]) {
      _("No."), _("Representative"), _("Applicants / dossiers"), _("Received by"),
      _("Procedures"), _("Fees") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 2, MC_ALIGN_CENTER);
  mc_table_set_align (t, 5, MC_ALIGN_RIGHT);
  for (guint i = 0; i < brokers->len; i++)
    {
      const McBroker *b = g_ptr_array_index (brokers, i);
      g_autofree char *no = mc_format_int (i + 1);
      g_autoptr(GString) who = g_string_new (NULL);
      g_autoptr(GString) officers = g_string_new (NULL);
      g_autoptr(GString) procedures = g_string_new (NULL);
      g_autofree char *applicants = mc_format_int (b->applicants);
      g_autofree char *dossiers = mc_format_int (b->dossiers);
      g_autofree char *counts = g_strdup_printf ("%s / %s", applicants, dossiers);
      g_autofree char *fees = mc_format_money (b->fees);
      g_autofree char *name = g_markup_printf_escaped ("<b>%s</b>", b->name);

      g_string_append (who, name);
      for (guint k = 0; k < b->phones->len; k++)
        {
          g_autofree char *line = g_markup_printf_escaped ("\n%s %s", _("Phone"),
                                                           (char *) g_ptr_array_index (b->phones, k));
          g_string_append (who, line);
        }
      for (guint k = 0; k < b->id_numbers->len; k++)
        {
          g_autofree char *line = g_markup_printf_escaped ("\n%s %s", _("ID"),
                                                           (char *) g_ptr_array_index (b->id_numbers, k));
          g_string_append (who, line);
        }
      for (guint k = 1; k < b->names->len; k++)
        {
          g_autofree char *line = g_markup_printf_escaped ("\n<i>%s</i>",
                                                           (char *) g_ptr_array_index (b->names, k));
          g_string_append (who, line);
        }
      for (guint k = 0; k < b->officers->len; k++)
        {
          const McBrokerOfficer *o = g_ptr_array_index (b->officers, k);
          g_autofree char *line = g_markup_printf_escaped ("%s%s: %lld", k > 0 ? "\n" : "",
                                                           o->name, (long long) o->dossiers);
          g_string_append (officers, line);
        }
      for (guint k = 0; k < b->procedures->len; k++)
        {
          const McBrokerProcedure *p = g_ptr_array_index (b->procedures, k);
          g_autofree char *line = g_markup_printf_escaped ("%s%s: %lld", k > 0 ? "\n" : "",
                                                           p->name, (long long) p->dossiers);
          g_string_append (procedures, line);
        }
      mc_table_add_row (t, (const char *[]) { no, who->str, counts, officers->str,
                                              procedures->str, fees });
    }
  if (brokers->len == 0)
    mc_document_add_text (doc, &body,
                          _("No representative filed for %d or more unrelated applicants in "
                            "this period."), min_applicants);

  /* The dossiers of each, to be taken out of the archive. */
  small.size = 11;
  small.indent = 0;
  for (guint i = 0; i < brokers->len; i++)
    {
      const McBroker *b = g_ptr_array_index (brokers, i);
      g_autoptr(GString) codes = g_string_new (NULL);

      if (i == 0)
        mc_report_add_heading (doc, _("The dossiers of each"));
      for (guint k = 0; k < b->codes->len; k++)
        g_string_append_printf (codes, "%s%s", k > 0 ? ", " : "",
                                (char *) g_ptr_array_index (b->codes, k));
      mc_document_add_text (doc, &small, "<b>%u. %s</b>: %s", i + 1, b->name, codes->str);
    }

  author_title = upper (author != NULL ? mc_role_to_string (author->role) : "");
  mc_document_add_space (doc, 8);
  mc_document_add_signature (doc,
                             (const char *const[]) { _("- Commune police (to verify);"),
                                                     _("- Chairman of the commune;"),
                                                     _("- Archive: VT."), NULL },
                             (const char *const[]) { _("PREPARED BY"), author_title, NULL },
                             author != NULL ? author->name : "");
  return g_steal_pointer (&doc);
}

static const char *
stratum_text (McSampleStratum s)
{
  switch (s)
    {
    case MC_SAMPLE_BY_OFFICER:   return _("the same share from each officer");
    case MC_SAMPLE_BY_PROCEDURE: return _("the same share from each procedure");
    case MC_SAMPLE_WHOLE:
    default:                     return _("from the whole period");
    }
}

typedef struct {
  char   *name;
  int     inspected, in_order, failings, waiting;
  GString *findings;
} OfficerFindings;

static void
officer_findings_free (gpointer data)
{
  OfficerFindings *f = data;

  g_free (f->name);
  g_string_free (f->findings, TRUE);
  g_free (f);
}

McDocument *
mc_report_inspection_new (McStore *store, const McInspection *inspection)
{
  g_autoptr(McDocument) doc = NULL;
  g_autoptr(McAgency) agency = NULL;
  g_autofree char *date = NULL;
  g_autofree char *period = NULL;
  g_autofree char *drawn = NULL;
  g_autofree char *population = NULL;
  g_autoptr(GPtrArray) per_officer = g_ptr_array_new_with_free_func (officer_findings_free);
  g_autoptr(GHashTable) by_officer = g_hash_table_new (g_int64_hash, g_int64_equal);
  McParagraphStyle body = mc_paragraph_style_body ();
  const double widths[] = { 0.5, 2.6, 1.7, 3.2, 1.3, 2.6 };
  const double officer_widths[] = { 2.4, 1.1, 1.1, 1.1, 4.2 };
  McTable *t;
  int in_order = 0, failings = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (inspection != NULL, NULL);

  agency = mc_agency_at (store, mc_day_of_time (inspection->drawn_at));
  date = mc_report_date_line (agency, mc_day_of_time (inspection->drawn_at));
  period = mc_report_period_text (inspection->from, inspection->to);
  drawn = mc_format_time (inspection->drawn_at);
  population = mc_format_int (inspection->population);

  doc = mc_document_new (TRUE);
  mc_document_set_title (doc, _("Minutes of a spot inspection"));
  mc_document_add_header (doc, agency->parent, agency->name, _("No.:       /BB-KT"), date);
  mc_report_add_title (doc, _("MINUTES OF A SPOT INSPECTION"),
                       _("Of the handling of administrative procedures"), period);
  /* TRANSLATORS: when the sample was drawn, by whom, how many of how many dossiers, how, and
   * the seed and the inspection's number. */
  mc_document_add_text (doc, &body,
                        _("At %s, %s, procedure controller, drew %u dossiers at random out of "
                          "the %s received in the period (%s), with the seed %llu, recorded in the audit log as spot inspection no. %lld before the "
                          "list was seen. The same seed draws the same dossiers again."),
                        drawn, inspection->officer_name, inspection->items->len, population,
                        stratum_text (inspection->stratum), (unsigned long long) inspection->seed,
                        (long long) inspection->id);
  if (inspection->draws_of_period > 1)
    mc_document_add_text (doc, &body,
                          _("The sample of this period was drawn %d times; every draw is kept "
                            "in the audit log."), inspection->draws_of_period);

  mc_report_add_heading (doc, _("I. THE DOSSIERS INSPECTED"));
  t = mc_document_add_table (doc, G_N_ELEMENTS (widths), widths, 11);
  mc_table_set_header (t, (const char *[]) {
      _("No."), _("Dossier"), _("Officer"), _("Checklist"), _("Verdict"), _("Findings") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  for (guint i = 0; i < inspection->items->len; i++)
    {
      const McInspectionItem *item = g_ptr_array_index (inspection->items, i);
      g_autofree char *no = mc_format_int (item->position);
      g_autofree char *dossier = g_markup_printf_escaped ("<b>%s</b>\n%s", item->code,
                                                          item->procedure_name);
      g_autofree char *officer = g_markup_escape_text (item->officer_name, -1);
      g_autoptr(GString) checks = g_string_new (NULL);
      g_autofree char *verdict = g_markup_escape_text (mc_inspection_verdict_label (item->verdict),
                                                       -1);
      g_autofree char *findings = g_markup_escape_text (item->findings, -1);
      OfficerFindings *f = g_hash_table_lookup (by_officer, &item->officer_id);

      for (int c = 0; c < MC_N_CHECKS; c++)
        {
          guint bit = 1u << c;
          const char *mark = !(item->checked & bit) ? "–" : (item->passed & bit) ? "✓" : "✗";
          g_autofree char *line = g_markup_printf_escaped ("%s%s %s", c > 0 ? "\n" : "", mark,
                                                           mc_inspection_check_label (c));
          g_string_append (checks, line);
        }
      mc_table_add_row (t, (const char *[]) { no, dossier, officer, checks->str, verdict,
                                              findings });

      if (f == NULL)
        {
          f = g_new0 (OfficerFindings, 1);
          f->name = g_strdup (item->officer_name[0] ? item->officer_name : _("(nobody recorded)"));
          f->findings = g_string_new (NULL);
          g_ptr_array_add (per_officer, f);
          g_hash_table_insert (by_officer, (gpointer) &item->officer_id, f);
        }
      if (item->verdict == MC_VERDICT_NONE)
        f->waiting++;
      else
        f->inspected++;
      if (item->verdict == MC_VERDICT_IN_ORDER)
        f->in_order++, in_order++;
      if (item->verdict == MC_VERDICT_FAILINGS)
        {
          f->failings++, failings++;
          g_string_append_printf (f->findings, "%s%s: %s", f->findings->len > 0 ? "; " : "",
                                  item->code, item->findings);
        }
    }

  mc_report_add_heading (doc, _("II. FINDINGS PER OFFICER"));
  t = mc_document_add_table (doc, G_N_ELEMENTS (officer_widths), officer_widths, 11);
  mc_table_set_header (t, (const char *[]) {
      _("Officer"), _("Inspected"), _("In order"), _("Failings"), _("What was wrong") });
  for (guint c = 1; c <= 3; c++)
    mc_table_set_align (t, c, MC_ALIGN_CENTER);
  for (guint i = 0; i < per_officer->len; i++)
    {
      const OfficerFindings *f = g_ptr_array_index (per_officer, i);
      g_autofree char *name = g_markup_escape_text (f->name, -1);
      g_autofree char *inspected = mc_format_int (f->inspected);
      g_autofree char *ok = mc_format_int (f->in_order);
      g_autofree char *bad = mc_format_int (f->failings);
      g_autofree char *what = g_markup_escape_text (f->findings->str, -1);

      mc_table_add_row (t, (const char *[]) { name, inspected, ok, bad, what });
    }

  mc_report_add_heading (doc, _("III. CONCLUSION"));
  {
    int waiting = (int) inspection->items->len - in_order - failings;

    mc_document_add_text (doc, &body,
                          _("Of the %u dossiers drawn, %d were found in order and %d with "
                            "failings; %d are not inspected yet. The officers named above "
                            "explain each failing to the chairman."),
                          inspection->items->len, in_order, failings, waiting);
  }
  mc_document_add_space (doc, 8);
  mc_document_add_signatures (doc, 2,
                              (const char *const[]) { _("INSPECTOR"), _("CHAIRMAN") },
                              (const char *const[]) { _("(signature, full name)"),
                                                      _("(signature, full name, seal)") },
                              (const char *const[]) { inspection->officer_name, "" });
  return g_steal_pointer (&doc);
}
