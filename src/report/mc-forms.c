/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <pango/pangocairo.h>

#include "mc-date.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-report-private.h"

/* The forms of Circular 01/2018/TT-VPCP (DOMAIN.md §3). Their titles are official Vietnamese
 * texts: the English msgids are translated back to them word for word (src/report/README.md). */

#define FORM_TABLE_FONT 12.0
/* The printed QR code of a signature, quiet zone included. */
#define QR_SIZE MC_MM (25)

typedef struct {
  McStore         *store;
  McDossier       *dossier;
  GPtrArray       *events;
  McDocument      *doc;
  McParagraphStyle body;
  char            *agency;
} Form;

static void
form_clear (Form *f)
{
  g_clear_pointer (&f->dossier, mc_dossier_free);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_clear_pointer (&f->doc, mc_document_free);
  g_clear_pointer (&f->agency, g_free);
}

/* The latest event of ACTION, or NULL. */
static const McEvent *
last_event (Form *f, McAction action)
{
  for (guint i = f->events->len; i > 0; i--)
    {
      const McEvent *e = g_ptr_array_index (f->events, i - 1);

      if (e->action == (int) action)
        return e;
    }
  return NULL;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static const char *
copy_kind_text (int kind)
{
  switch (kind)
    {
    case 1:  return _("Certified copy");
    case 2:  return _("Photocopy");
    case 0:
    default: return _("Original");
    }
}

/* The desk's header (the commune above the one-stop desk) or the committee's (form 04). */
static void
form_header (Form *f, const McReportOptions *o, gboolean committee, const char *number)
{
  g_autofree char *parent = mc_store_get_setting (f->store, "agency.parent", "");
  g_autofree char *date = mc_report_date_line (f->store, o->date);

  if (committee)
    mc_document_add_header (f->doc, parent, f->agency, number, date);
  else
    mc_document_add_header (f->doc, f->agency, _("ONE-STOP DESK"), number, date);
}

static void
form_title (Form *f, const char *title)
{
  g_autofree char *line = g_strdup_printf (_("Dossier code: %s"), f->dossier->code);

  mc_document_set_title (f->doc, title);
  mc_report_add_title (f->doc, title, NULL, line);
}

static void
applicant_fields (Form *f)
{
  const McDossier *d = f->dossier;

  mc_document_add_text (f->doc, &f->body, _("The one-stop desk of %s has received the dossier of:"),
                        f->agency);
  mc_report_add_field (f->doc, _("Mr/Ms"), d->applicant_name);
  mc_report_add_field (f->doc, _("Address"), d->applicant_address);
  mc_report_add_field (f->doc, _("Phone"), d->applicant_phone);
  mc_report_add_field (f->doc, _("Email"), d->applicant_email);
  if (nonempty (d->representative_name))
    mc_report_add_field (f->doc, _("Filed by"), d->representative_name);
  mc_report_add_field (f->doc, _("Request"),
                       nonempty (d->request) ? d->request : d->procedure_name);
}

/* One officer signs, on the right half as on the printed forms. */
static void
one_signature (Form *f, const char *title, const char *name)
{
  mc_document_add_space (f->doc, 10);
  mc_document_add_signatures (f->doc, 2, (const char *[]) { "", title },
                              (const char *[]) { "", _("(signature and full name)") },
                              (const char *[]) { "", name });
}

static char *
processing_time_text (Form *f)
{
  g_autoptr(McProcedure) p = mc_store_get_procedure (f->store, f->dossier->procedure_id, NULL);

  if (p == NULL)
    return g_strdup ("…");
  switch (p->limit_kind)
    {
    case MC_LIMIT_SAME_DAY:
      return g_strdup (_("the same working day"));
    case MC_LIMIT_CALENDAR_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", p->limit_value),
                              p->limit_value);
    case MC_LIMIT_WORKING_DAYS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days",
                                           p->limit_value), p->limit_value);
    }
}

/* A numbered line of the receipt, flush left. */
static void G_GNUC_PRINTF (2, 3)
numbered (Form *f, const char *format, ...)
{
  McParagraphStyle s = { .size = 13, .align = MC_ALIGN_LEFT, .space_after = 3 };
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  mc_document_add_text (f->doc, &s, "%s", text);
}

/* ---- The QR code of the signature ---- */

typedef struct {
  GBytes *modules;   /* width × width, 1 dark */
  int     width;
  char   *caption;
} Qr;

static void
qr_free (Qr *qr)
{
  g_bytes_unref (qr->modules);
  g_free (qr->caption);
  g_free (qr);
}

/* The code on the left, black on a white square with its quiet zone of 4 modules; beside it what
 * a reader can do with it. */
static void
draw_qr (cairo_t *cr, double width, double height, gpointer user_data)
{
  const Qr *qr = user_data;
  gsize n;
  const guint8 *m = g_bytes_get_data (qr->modules, &n);
  double module = QR_SIZE / (qr->width + 8);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (MC_DOCUMENT_FONT);
  PangoLayout *layout;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, QR_SIZE, QR_SIZE);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if ((gsize) (y * qr->width + x) < n && m[y * qr->width + x])
        cairo_rectangle (cr, (x + 4) * module, (y + 4) * module, module, module);
  cairo_fill (cr);

  layout = pango_cairo_create_layout (cr);
  pango_font_description_set_absolute_size (font, 11 * PANGO_SCALE);
  pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((width - QR_SIZE - 8) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, qr->caption, -1);
  cairo_move_to (cr, QR_SIZE + 8, 4 * module);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_restore (cr);
}

/* The QR code of the dossier's latest signature, when a leader has signed it. */
static void
add_signature_qr (Form *f)
{
  g_autofree char *text = mc_signature_qr_text (f->store, f->dossier->id, NULL);
  Qr *qr;

  if (text == NULL)
    return;
  qr = g_new0 (Qr, 1);
  qr->modules = mc_signature_qr_matrix (text, &qr->width, NULL);
  if (qr->modules == NULL || qr->width <= 0)
    {
      g_clear_pointer (&qr->modules, g_bytes_unref);
      g_free (qr);
      return;
    }
  /* TRANSLATORS: beside the QR code of a signed dossier: what a citizen or an officer can do
   * with it (the desk's app reads it and says who signed, and whether anything changed since). */
  qr->caption = g_strdup (_("Scan this code at the one-stop desk to check that the result was "
                            "signed by the commune’s leader and has not been changed since."));
  mc_document_add_space (f->doc, 6);
  mc_document_add_drawing (f->doc, QR_SIZE, draw_qr, qr, (GDestroyNotify) qr_free);
}

/* ---- Forms ---- */

/* COPY: who keeps this copy of the receipt, above its title. */
static void
form_receipt (Form *f, const char *copy)
{
  McParagraphStyle copy_style = { .size = 12, .align = MC_ALIGN_RIGHT, .space_after = 4 };
  static const double widths[] = { 7, 55, 25, 13 };
  const McDossier *d = f->dossier;
  McTable *t;
  g_autofree char *limit = processing_time_text (f);
  g_autofree char *received = mc_report_moment_text (d->received_at);
  g_autofree char *due = mc_report_moment_text (d->due_at);
  g_autofree char *place = g_strdup_printf (_("the one-stop desk of %s"), f->agency);
  g_autofree char *book = NULL;
  const char *entry = strrchr (d->code, '-');
  int year = 0;

  mc_document_add_paragraph (f->doc, &copy_style, copy);
  form_title (f, _("RECEIPT AND APPOINTMENT FOR RESULTS"));
  applicant_fields (f);
  numbered (f, "%s", _("1. Documents in the dossier:"));
  t = mc_document_add_table (f->doc, 4, widths, FORM_TABLE_FONT);
  mc_table_set_header (t, (const char *[]) { _("No."), _("Document"), _("Form"), _("Quantity") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 3, MC_ALIGN_CENTER);
  for (guint i = 0; d->documents != NULL && i < d->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = g_markup_escape_text (doc->name, -1);
      g_autofree char *qty = g_strdup_printf ("%02d", doc->quantity);

      mc_table_add_row (t, (const char *[]) { no, name, copy_kind_text (doc->copy_kind), qty });
    }
  if (d->documents == NULL || d->documents->len == 0)
    mc_table_add_row (t, (const char *[]) { "1", "", "", "" });
  mc_document_add_space (f->doc, 6);
  numbered (f, _("2. Number of sets: %s"), "01");
  numbered (f, _("3. Processing time set by law: %s"), limit);
  numbered (f, _("4. Received at %s"), received);
  numbered (f, _("5. Results appointed for %s"), due);
  numbered (f, _("6. Collect the results at %s"), place);

  mc_day_to_ymd (mc_day_of_time (d->received_at), &year, NULL, NULL);
  book = g_strdup_printf ("%d", year);
  mc_document_add_text (f->doc, &f->body,
                        _("Entered in the register of dossiers, book %s, entry %s."),
                        book, entry != NULL ? entry + 1 : "…");
  mc_document_add_space (f->doc, 10);
  mc_document_add_signatures (f->doc, 2,
                              (const char *[]) { _("SUBMITTER"), _("RECEIVING OFFICER") },
                              (const char *[]) { _("(signature and full name)"),
                                                 _("(signature and full name)") },
                              (const char *[]) { nonempty (d->representative_name)
                                                 ? d->representative_name : d->applicant_name,
                                                 d->receiver_name });
  add_signature_qr (f);
}

/* A reason typed with one item per line becomes one row per item. */
static void
reason_table (Form *f, const char *header, const char *reason)
{
  static const double widths[] = { 8, 92 };
  g_auto(GStrv) items = g_strsplit (reason != NULL ? reason : "", "\n", -1);
  McTable *t = mc_document_add_table (f->doc, 2, widths, FORM_TABLE_FONT);
  guint n = 0;

  mc_table_set_header (t, (const char *[]) { _("No."), header });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *no = NULL;
      g_autofree char *text = NULL;

      if (g_strstrip (items[i])[0] == '\0')
        continue;
      no = g_strdup_printf ("%u", ++n);
      text = g_markup_escape_text (items[i], -1);
      mc_table_add_row (t, (const char *[]) { no, text });
    }
  if (n == 0)
    mc_table_add_row (t, (const char *[]) { "1", "" });
  mc_document_add_space (f->doc, 6);
}

static gboolean
form_supplement (Form *f, GError **error)
{
  const McEvent *e = last_event (f, MC_ACTION_REQUEST_SUPPLEMENT);
  const char *contact;
  g_autofree char *when = NULL;

  if (e == NULL && f->dossier->supplement_count == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("No supplement was requested for dossier %s, so form 02 cannot be printed."),
                   f->dossier->code);
      return FALSE;
    }
  contact = e != NULL && nonempty (e->actor_name) ? e->actor_name : f->dossier->handler_name;
  form_title (f, _("REQUEST TO SUPPLEMENT AND COMPLETE THE DOSSIER"));
  applicant_fields (f);
  mc_document_add_text (f->doc, &f->body,
                        _("Please supplement and complete the dossier with the following:"));
  reason_table (f, _("Document or content to supplement"), e != NULL ? e->note : NULL);
  if (e != NULL)
    {
      when = mc_report_moment_text (e->at);
      mc_report_add_field (f->doc, _("Requested at"), when);
    }
  mc_document_add_text (f->doc, &f->body,
                        _("If anything is unclear while completing the dossier, please contact %s "
                          "for guidance."), nonempty (contact) ? contact : f->agency);
  one_signature (f, _("GUIDING OFFICER"), contact);
  return TRUE;
}

static gboolean
form_refusal (Form *f, GError **error)
{
  const McEvent *e = last_event (f, MC_ACTION_REFUSE);

  if (e == NULL && f->dossier->status != MC_STATUS_REFUSED)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s was not refused, so form 03 cannot be printed."), f->dossier->code);
      return FALSE;
    }
  form_title (f, _("REFUSAL TO ACCEPT THE DOSSIER"));
  applicant_fields (f);
  mc_document_add_text (f->doc, &f->body,
                        _("After examination, the dossier cannot be accepted for the following "
                          "reasons:"));
  reason_table (f, _("Reason"), e != NULL ? e->note : NULL);
  mc_document_add_text (f->doc, &f->body, _("We inform you accordingly."));
  one_signature (f, _("RECEIVING OFFICER"),
                 e != NULL && nonempty (e->actor_name) ? e->actor_name : f->dossier->receiver_name);
  return TRUE;
}

static gboolean
form_apology (Form *f, const McReportOptions *o, GError **error)
{
  const McDossier *d = f->dossier;
  const McEvent *e = last_event (f, MC_ACTION_APOLOGIZE);
  McParagraphStyle center = { .size = 13, .align = MC_ALIGN_CENTER, .space_after = 6 };
  g_autofree char *received = NULL, *due = NULL, *new_due = NULL, *addressee = NULL;
  McTime new_time = d->apology_due_at;

  if (e == NULL && new_time == MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("No apology was recorded for dossier %s, so form 04 cannot be printed."),
                   d->code);
      return FALSE;
    }
  received = mc_format_day (mc_day_of_time (d->received_at));
  due = mc_report_moment_text (d->due_at);
  new_due = mc_report_moment_text (new_time);
  addressee = g_strdup_printf (_("To: Mr/Ms %s"), d->applicant_name);

  form_header (f, o, TRUE, _("No.:       /PXL"));
  mc_document_set_title (f->doc, _("LETTER OF APOLOGY AND NEW APPOINTMENT FOR RESULTS"));
  mc_report_add_title (f->doc, _("LETTER OF APOLOGY AND NEW APPOINTMENT FOR RESULTS"), NULL, NULL);
  mc_document_add_text (f->doc, &center, "%s", addressee);
  mc_document_add_text (f->doc, &f->body,
                        _("On %s, %s received the dossier of Mr/Ms %s for the procedure “%s”, "
                          "dossier code %s."),
                        received, f->agency, d->applicant_name,
                        d->procedure_name ? d->procedure_name : "", d->code);
  mc_document_add_text (f->doc, &f->body, _("The results were appointed for %s."), due);
  mc_document_add_text (f->doc, &f->body,
                        _("However, %s has not been able to return the results on time. Reason: "
                          "%s."),
                        f->agency, e != NULL && nonempty (e->note) ? e->note : "…");
  mc_document_add_text (f->doc, &f->body,
                        _("This delay has caused you inconvenience. %s apologises and will return "
                          "the results at %s."), f->agency, new_due);
  mc_document_add_text (f->doc, &f->body, _("Thank you for your understanding."));
  mc_report_add_signer (f->doc, f->store, o->signer_id,
                        (const char *[]) { _("- As above;"), _("- Archive: VT."), NULL });
  return TRUE;
}

/* A hand-over on the control slip: who gave the dossier, who took it. FALSE for events that
 * move nothing between people. */
static gboolean
hand_over (const McDossier *d, const McEvent *e, const char **from, const char **to)
{
  switch (e->action)
    {
    case MC_ACTION_RECEIVE:
    case MC_ACTION_ACCEPT:
      *from = d->applicant_name;
      *to = e->actor_name;
      return TRUE;
    case MC_ACTION_HAND_OVER:
      *from = e->actor_name;
      *to = d->applicant_name;
      return TRUE;
    case MC_ACTION_ASSIGN:
    case MC_ACTION_REASSIGN:
    case MC_ACTION_SUBMIT_FOR_SIGNATURE:
    case MC_ACTION_SIGN:
    case MC_ACTION_SEND_BACK:
    case MC_ACTION_RECORD_RESULT:
      *from = nonempty (e->from_officer_name) ? e->from_officer_name : e->actor_name;
      *to = nonempty (e->to_officer_name) ? e->to_officer_name : "";
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
form_control (Form *f, GError **error)
{
  static const double widths[] = { 6, 21, 21, 19, 13, 20 };
  const McDossier *d = f->dossier;
  g_autofree char *received = mc_report_moment_text (d->received_at);
  g_autofree char *due = mc_report_moment_text (d->due_at);
  McTable *t;
  guint n = 0;

  if (d->received_at == MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s was never accepted by the desk, so form 05 cannot be printed."),
                   d->code);
      return FALSE;
    }
  form_title (f, _("CONTROL SLIP OF THE HANDLING OF THE DOSSIER"));
  mc_report_add_field (f->doc, _("Handling body"), f->agency);
  mc_report_add_field (f->doc, _("Coordinating bodies"), NULL);
  mc_report_add_field (f->doc, _("Received at"), received);
  mc_report_add_field (f->doc, _("Results appointed for"), due);
  mc_document_add_space (f->doc, 6);

  t = mc_document_add_table (f->doc, 6, widths, 11);
  mc_table_set_header (t, (const char *[]) { _("No."), _("Handed over by"), _("Received by"),
                                             _("Time"), _("Result"), _("Note") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 4, MC_ALIGN_CENTER);
  for (guint i = 0; i < f->events->len; i++)
    {
      const McEvent *e = g_ptr_array_index (f->events, i);
      const char *from = NULL, *to = NULL;
      g_autofree char *no = NULL, *giver = NULL, *taker = NULL, *when = NULL, *note = NULL;
      g_autofree char *note_text = NULL;
      const char *result = "";

      if (!hand_over (d, e, &from, &to))
        continue;
      /* Each hand-over measured against the dossier's appointment: trước / đúng / quá hạn. */
      if (e->action != MC_ACTION_RECEIVE && e->action != MC_ACTION_ACCEPT)
        result = mc_report_outcome_text (mc_kpi_classify (e->at, d->due_at, 0));
      no = g_strdup_printf ("%u", ++n);
      giver = g_markup_escape_text (from ? from : "", -1);
      taker = g_markup_escape_text (to ? to : "", -1);
      when = mc_report_moment_text (e->at);
      note_text = g_strjoin (nonempty (e->note) ? ": " : "",
                             mc_action_to_string (e->action) ? mc_action_to_string (e->action) : "",
                             e->note ? e->note : "", NULL);
      note = g_markup_escape_text (note_text, -1);
      mc_table_add_row (t, (const char *[]) { no, giver, taker, when, result, note });
    }
  if (n == 0)
    mc_table_add_row (t, (const char *[]) { "1", "", "", "", "", "" });
  return TRUE;
}

McDocument *
mc_form_new (McStore *store, McFormKind form, const char *code, const McReportOptions *options,
             GError **error)
{
  Form f = { .store = store, .body = mc_paragraph_style_body () };
  gboolean ok = TRUE;
  McDocument *doc;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (form == MC_FORM_REGISTER)
    return mc_report_new (store, MC_REPORT_REGISTER, options, error);
  if (form < MC_FORM_RECEIPT || form > MC_FORM_REGISTER)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("There is no form %02d: the forms are 01 to 06."), (int) form);
      return NULL;
    }
  if (code == NULL || (f.dossier = mc_store_find_dossier (store, code, error)) == NULL)
    {
      if (code == NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Form %02d needs a dossier code."),
                     (int) form);
      return NULL;
    }
  f.events = mc_store_list_events (store, f.dossier->id, error);
  if (f.events == NULL)
    {
      form_clear (&f);
      return NULL;
    }
  f.agency = mc_store_get_setting (store, "agency.name", "");
  f.doc = mc_document_new (FALSE);
  if (form != MC_FORM_APOLOGY)
    form_header (&f, options, FALSE, NULL);

  switch (form)
    {
    case MC_FORM_RECEIPT:
      if (f.dossier->received_at == MC_TIME_NONE)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Dossier %s has not been accepted by the desk, so there is no receipt "
                         "(form 01) to print."), f.dossier->code);
          ok = FALSE;
        }
      else
        {
          /* Two copies (DOMAIN.md §3): one for the citizen, one kept by the desk. */
          g_autofree char *citizen = g_markup_printf_escaped ("<i>%s</i>",
                                                              _("Copy for the applicant"));
          g_autofree char *desk = g_markup_printf_escaped ("<i>%s</i>",
                                                           _("Copy kept by the desk"));

          form_receipt (&f, citizen);
          mc_document_add_page_break (f.doc);
          form_header (&f, options, FALSE, NULL);
          form_receipt (&f, desk);
        }
      break;
    case MC_FORM_SUPPLEMENT:
      ok = form_supplement (&f, error);
      break;
    case MC_FORM_REFUSAL:
      ok = form_refusal (&f, error);
      break;
    case MC_FORM_APOLOGY:
      ok = form_apology (&f, options, error);
      break;
    case MC_FORM_CONTROL:
      ok = form_control (&f, error);
      break;
    case MC_FORM_REGISTER:
    default:
      g_assert_not_reached ();
    }
  doc = ok ? g_steal_pointer (&f.doc) : NULL;
  form_clear (&f);
  return doc;
}

gboolean
mc_form_applies (const McDossier *d,
                 McFormKind       form)
{
  g_return_val_if_fail (d != NULL, FALSE);

  switch (form)
    {
    case MC_FORM_RECEIPT:
    case MC_FORM_CONTROL:
      return d->received_at != MC_TIME_NONE;
    case MC_FORM_SUPPLEMENT:
      return d->supplement_count > 0;
    case MC_FORM_REFUSAL:
      return d->status == MC_STATUS_REFUSED;
    case MC_FORM_APOLOGY:
      return d->apology_due_at != MC_TIME_NONE || d->apology_count > 0;
    case MC_FORM_REGISTER:
    default:
      return FALSE;
    }
}
