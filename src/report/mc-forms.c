/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include <pango/pangocairo.h>

#include "mc-analysis.h"
#include "mc-date.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-report-private.h"

/* The forms of Circular 01/2018/TT-VPCP (docs/domain.md §3). Their titles are official Vietnamese
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
  McDay            date;     /* the date line: the day of the event the form records */
  McAgency        *agency;   /* the names in force that day */
} Form;

static void
form_clear (Form *f)
{
  g_clear_pointer (&f->dossier, mc_dossier_free);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_clear_pointer (&f->doc, mc_document_free);
  g_clear_pointer (&f->agency, mc_agency_free);
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
  return mc_copy_kind_to_string (kind);
}

/* Who the citizen is at the desk: the representative who filed, or the applicant. */
static const char *
citizen_name (const McDossier *d)
{
  return nonempty (d->representative_name) ? d->representative_name : d->applicant_name;
}

/* The day a form is dated and whose names it carries: the day of the event it records, also on
 * a reprint (docs/domain.md §6), unless the caller gives one. */
static void
form_set_date (Form *f, const McReportOptions *o, McTime event)
{
  f->date = o->date != 0 ? o->date
            : event != MC_TIME_NONE ? mc_day_of_time (event)
            : mc_day_of_time (mc_now ());
  g_clear_pointer (&f->agency, mc_agency_free);
  f->agency = mc_agency_at (f->store, f->date);
}

/* The one-stop unit's header (the commune above the unit) or the committee's (form 04);
 * DATED: with the date line. */
static void
form_header (Form *f, gboolean committee, gboolean dated, const char *number)
{
  g_autofree char *date = dated ? mc_report_date_line (f->agency, f->date) : NULL;

  if (committee)
    mc_document_add_header (f->doc, f->agency->parent, f->agency->name, number, date);
  else
    mc_document_add_header (f->doc, f->agency->name, f->agency->unit_header, number, date);
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

  /* Translators: the one-stop unit in running text, "Trung tâm Phục vụ hành chính công xã Tam
   * Hiệp" (or "Bộ phận Một cửa" before July 2025). */
  mc_document_add_text (f->doc, &f->body, _("%s has received the dossier of:"), f->agency->unit);
  mc_report_add_field (f->doc, _("Mr/Ms"), d->applicant_name);
  mc_report_add_field (f->doc, _("Address"), d->applicant_address);
  mc_report_add_field (f->doc, _("Phone"), d->applicant_phone);
  mc_report_add_field (f->doc, _("Email"), d->applicant_email);
  if (nonempty (d->representative_name))
    {
      mc_report_add_field (f->doc, _("Filed by"), d->representative_name);
      /* Who handed the papers in, by their ID as well as by name (issue 9.8). */
      if (nonempty (d->representative_id_number))
        mc_report_add_field (f->doc, _("Filer’s ID number"), d->representative_id_number);
    }
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
  double  size;      /* points, quiet zone included */
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
  double module = qr->size / (qr->width + 8);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (MC_DOCUMENT_FONT);
  PangoLayout *layout;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, qr->size, qr->size);
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
  pango_layout_set_width (layout, (int) ((width - qr->size - 8) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, qr->caption, -1);
  cairo_move_to (cr, qr->size + 8, 4 * module);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_restore (cr);
}

void
mc_report_add_qr (McDocument *doc, const char *text, double size, const char *caption)
{
  Qr *qr = g_new0 (Qr, 1);

  qr->modules = mc_signature_qr_matrix (text, &qr->width, NULL);
  if (qr->modules == NULL || qr->width <= 0)
    {
      g_clear_pointer (&qr->modules, g_bytes_unref);
      g_free (qr);
      return;
    }
  qr->size = size;
  qr->caption = g_strdup (caption);
  mc_document_add_space (doc, 6);
  mc_document_add_drawing (doc, size, draw_qr, qr, (GDestroyNotify) qr_free);
}

/* The QR code of the dossier's latest signature, when a leader has signed it. */
static void
add_signature_qr (Form *f)
{
  g_autofree char *text = mc_signature_qr_text (f->store, f->dossier->id, NULL);

  if (text == NULL)
    return;
  /* TRANSLATORS: beside the QR code of a signed dossier: what a citizen or an officer can do
   * with it (the desk's app reads it and says who signed, and whether anything changed since). */
  mc_report_add_qr (f->doc, text, QR_SIZE,
                    _("Scan this code at the one-stop desk to check that the result was "
                      "signed by the commune’s leader and has not been changed since."));
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
  g_autofree char *book = NULL;
  const char *entry = strrchr (d->code, '-');
  int year = 0;
  guint n = 0;

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
      g_autofree char *no = NULL, *name = NULL, *qty = NULL;

      /* The receipt lists what was handed in: a paper a supplement request still waits for is
       * on form 02, not here. */
      if (!doc->received)
        continue;
      no = g_strdup_printf ("%u", ++n);
      name = g_markup_escape_text (doc->name, -1);
      qty = g_strdup_printf ("%02d", doc->quantity);
      mc_table_add_row (t, (const char *[]) { no, name, copy_kind_text (doc->copy_kind), qty });
    }
  if (n == 0)
    mc_table_add_row (t, (const char *[]) { "1", "", "", "" });
  mc_document_add_space (f->doc, 6);
  numbered (f, _("2. Number of sets: %s"), "01");
  numbered (f, _("3. Processing time set by law: %s"), limit);
  numbered (f, _("4. Received at %s"), received);
  numbered (f, _("5. Results appointed for %s"), due);
  numbered (f, _("6. Collect the results at %s"), f->agency->unit);

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
                              (const char *[]) { citizen_name (d), d->receiver_name });
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

/* ---- Form 02: what to supplement ---- */

/* The reason a line of a supplement request gives ("Lý do: …", "Reason: …"), without its
 * label; NULL for a line that names a document. */
static const char *
reason_of_line (char *line)
{
  g_autofree char *folded = mc_text_fold (line);
  char *colon = strchr (line, ':');

  if ((g_str_has_prefix (folded, "ly do") || g_str_has_prefix (folded, "reason")) &&
      colon != NULL && colon - line <= 16)
    return g_strstrip (colon + 1);
  return NULL;
}

static gboolean
names_match (const char *folded_item, const char *name)
{
  g_autofree char *folded = mc_text_fold (name);

  return folded[0] != '\0' &&
         (strstr (folded_item, folded) != NULL || strstr (folded, folded_item) != NULL);
}

/* The form of a document to bring (0 original, 1 certified copy, 2 photocopy, -1 not said):
 * from its own words ("bản chính", "bản sao có chứng thực", "bản chụp"), else from the document
 * of the dossier or of the procedure it names. */
static int
copy_kind_of_item (Form *f, const McProcedure *p, const char *item)
{
  g_autofree char *folded = mc_text_fold (item);
  GPtrArray *docs = f->dossier->documents;

  if (strstr (folded, "ban chinh") != NULL)
    return 0;
  if (strstr (folded, "ban chup") != NULL || strstr (folded, "photo") != NULL)
    return 2;
  if (strstr (folded, "chung thuc") != NULL || strstr (folded, "ban sao") != NULL)
    return 1;
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      const McDossierDocument *d = g_ptr_array_index (docs, i);

      if (names_match (folded, d->name))
        return d->copy_kind;
    }
  for (guint i = 0; p != NULL && i < p->documents->len; i++)
    {
      const McDocumentTemplate *d = g_ptr_array_index (p->documents, i);

      if (names_match (folded, d->name))
        return d->copy_kind;
    }
  return -1;
}

static gboolean
form_supplement (Form *f, const McReportOptions *o, GError **error)
{
  static const double widths[] = { 8, 62, 30 };
  const McEvent *e = last_event (f, MC_ACTION_REQUEST_SUPPLEMENT);
  g_autoptr(McProcedure) procedure = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) reason = g_string_new (NULL);
  const char *contact;
  g_autofree char *received = NULL, *when = NULL;
  McTable *t;
  guint n = 0, listed;

  if (e == NULL && f->dossier->supplement_count == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("No supplement was requested for dossier %s, so form 02 cannot be printed."),
                   f->dossier->code);
      return FALSE;
    }
  form_set_date (f, o, e != NULL ? e->at : MC_TIME_NONE);
  form_header (f, FALSE, TRUE, NULL);
  procedure = mc_store_get_procedure (f->store, f->dossier->procedure_id, NULL);
  contact = e != NULL && nonempty (e->actor_name) ? e->actor_name : f->dossier->handler_name;
  form_title (f, _("REQUEST TO SUPPLEMENT AND COMPLETE THE DOSSIER"));
  applicant_fields (f);
  received = mc_report_moment_text (f->dossier->received_at);
  mc_report_add_field (f->doc, _("Received at"), received);
  mc_document_add_text (f->doc, &f->body,
                        _("Please supplement and complete the dossier with the following:"));

  /* The papers listed, else one document per line of the note; a line "Lý do: …" gives the
   * reason. */
  t = mc_document_add_table (f->doc, 3, widths, FORM_TABLE_FONT);
  mc_table_set_header (t, (const char *[]) { _("No."), _("Document or content to supplement"),
                                             _("Original / certified copy / photocopy") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 2, MC_ALIGN_CENTER);
  /* The papers the request listed and still awaited (issue 9.9), each with its form; the
   * request's note is then its reason. A request written before papers were listed, or printed
   * again once they came, lists the lines of its note. */
  for (guint i = 0; f->dossier->documents != NULL && i < f->dossier->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (f->dossier->documents, i);
      g_autofree char *no = NULL, *text = NULL;

      if (doc->received)
        continue;
      no = g_strdup_printf ("%u", ++n);
      text = g_markup_escape_text (doc->name, -1);
      mc_table_add_row (t, (const char *[]) { no, text, copy_kind_text (doc->copy_kind) });
    }
  listed = n;
  lines = g_strsplit (e != NULL && e->note != NULL ? e->note : "", "\n", -1);
  for (guint i = 0; listed > 0 && lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *why = reason_of_line (line);

      if (line[0] != '\0')
        g_string_append_printf (reason, "%s%s", reason->len > 0 ? " " : "",
                                why != NULL ? why : line);
    }
  for (guint i = 0; listed == 0 && lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *why = reason_of_line (line);
      g_autofree char *no = NULL, *text = NULL;
      int kind;

      if (line[0] == '\0')
        continue;
      if (why != NULL)
        {
          if (why[0] != '\0')
            g_string_append_printf (reason, "%s%s", reason->len > 0 ? " " : "", why);
          continue;
        }
      kind = copy_kind_of_item (f, procedure, line);
      no = g_strdup_printf ("%u", ++n);
      text = g_markup_escape_text (line, -1);
      mc_table_add_row (t, (const char *[]) { no, text, kind >= 0 ? copy_kind_text (kind) : "" });
    }
  if (n == 0)
    mc_table_add_row (t, (const char *[]) { "1", "", "" });
  mc_document_add_space (f->doc, 6);
  mc_report_add_field (f->doc, _("Reason"), reason->len > 0 ? reason->str : NULL);
  if (e != NULL)
    {
      when = mc_report_moment_text (e->at);
      mc_report_add_field (f->doc, _("Requested at"), when);
    }
  /* Officers have no phone of their own yet: the unit's phone is the one to call. */
  mc_document_add_text (f->doc, &f->body,
                        _("If anything is unclear while completing the dossier, please contact %s, "
                          "phone %s, for guidance."),
                        nonempty (contact) ? contact : f->agency->unit,
                        nonempty (f->agency->phone) ? f->agency->phone : "……………");
  one_signature (f, _("GUIDING OFFICER"), contact);
  return TRUE;
}

static gboolean
form_refusal (Form *f, const McReportOptions *o, GError **error)
{
  const McEvent *e = last_event (f, MC_ACTION_REFUSE);

  if (e == NULL && f->dossier->status != MC_STATUS_REFUSED)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s was not refused, so form 03 cannot be printed."), f->dossier->code);
      return FALSE;
    }
  form_set_date (f, o, e != NULL ? e->at : f->dossier->submitted_at);
  form_header (f, FALSE, TRUE, NULL);
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
  g_autoptr(McAgency) at_receipt = NULL;
  McTime new_time = d->apology_due_at;

  if (e == NULL && new_time == MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("No apology was recorded for dossier %s, so form 04 cannot be printed."),
                   d->code);
      return FALSE;
    }
  form_set_date (f, o, e != NULL ? e->at : MC_TIME_NONE);
  /* The unit that received the dossier, under the names of that day. */
  at_receipt = mc_agency_at (f->store, mc_day_of_time (d->received_at));
  received = mc_format_day (mc_day_of_time (d->received_at));
  due = mc_report_moment_text (d->due_at);
  new_due = mc_report_moment_text (new_time);
  addressee = g_strdup_printf (_("To: Mr/Ms %s"), d->applicant_name);

  form_header (f, TRUE, TRUE, _("No.:       /PXL"));
  mc_document_set_title (f->doc, _("LETTER OF APOLOGY AND NEW APPOINTMENT FOR RESULTS"));
  mc_report_add_title (f->doc, _("LETTER OF APOLOGY AND NEW APPOINTMENT FOR RESULTS"), NULL, NULL);
  mc_document_add_text (f->doc, &center, "%s", addressee);
  mc_document_add_text (f->doc, &f->body,
                        _("On %s, %s received the dossier of Mr/Ms %s for the procedure “%s”, "
                          "dossier code %s."),
                        received, at_receipt->unit, d->applicant_name,
                        d->procedure_name ? d->procedure_name : "", d->code);
  mc_document_add_text (f->doc, &f->body, _("The results were appointed for %s."), due);
  mc_document_add_text (f->doc, &f->body,
                        _("However, %s has not been able to return the results on time. Reason: "
                          "%s."),
                        f->agency->name_text, e != NULL && nonempty (e->note) ? e->note : "…");
  mc_document_add_text (f->doc, &f->body,
                        _("This delay has caused you inconvenience. %s apologises and will return "
                          "the results at %s."), f->agency->name_text, new_due);
  mc_document_add_text (f->doc, &f->body, _("Thank you for your understanding."));
  mc_report_add_signer (f->doc, f->store, o->signer_id,
                        (const char *[]) { _("- As above;"), _("- Archive: VT."), NULL });
  return TRUE;
}

/* ---- Form 05: the control slip ---- */

/* A hand-over on the control slip: who gave the dossier, who took it. FALSE for events that
 * move nothing between people. The citizen's side is the representative who filed, if any. */
static gboolean
hand_over (const McDossier *d, const McEvent *e, const char **from, const char **to)
{
  switch (e->action)
    {
    case MC_ACTION_RECEIVE:
    case MC_ACTION_ACCEPT:
    case MC_ACTION_SUPPLEMENT_RECEIVED:
      *from = citizen_name (d);
      *to = e->actor_name;
      return TRUE;
    case MC_ACTION_REQUEST_SUPPLEMENT:
    case MC_ACTION_HAND_OVER:
      *from = e->actor_name;
      *to = citizen_name (d);
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

/* The working time the clock stood still between a supplement request and its return. */
static char *
pause_text (Form *f, const McEvent *request, const McEvent *back)
{
  const McCalendar *cal = mc_store_get_calendar (f->store);
  gint64 seconds;
  g_autofree char *working = NULL;
  int days;

  if (request == NULL || back == NULL || back->at <= request->at)
    return NULL;
  seconds = mc_calendar_working_seconds (cal, request->at, back->at);
  working = mc_format_duration (seconds, mc_calendar_day_seconds (cal));
  days = (int) ((mc_day_of_time (back->at) - mc_day_of_time (request->at)));
  /* Translators: on the control slip, how long the dossier waited for the citizen's supplement:
   * calendar days, then working time ("2 ngày 3 giờ"). */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "clock stopped %d day (%s of working time)",
                                       "clock stopped %d days (%s of working time)", days),
                          days, working);
}

/* The working time the step took against its budget, as the review shows it. */
static char *
step_text (Form *f, const McSlipLine *step)
{
  /* An online acceptance in hours, as its rule is written (8 working hours). */
  gint64 day = step->stage == MC_STAGE_ACCEPTANCE
               ? 0 : mc_calendar_day_seconds (mc_store_get_calendar (f->store));
  g_autofree char *spent = mc_format_duration (step->spent, day);
  g_autofree char *budget = mc_format_duration (step->budget, day);

  /* Translators: on the control slip, the working time of the step a hand-over ends against its
   * budget: "mất 3 giờ (định mức 4 giờ)" */
  return g_strdup_printf (_("took %s of %s"), spent, budget);
}

static gboolean
form_control (Form *f, const McReportOptions *o, GError **error)
{
  static const double widths[] = { 6.5, 19, 19, 16.5, 11.5, 27.5 };
  const McDossier *d = f->dossier;
  g_autoptr(McProcedure) procedure = NULL;
  g_autofree char *received = mc_report_moment_text (d->received_at);
  g_autofree char *due = mc_report_moment_text (d->due_at);
  g_autofree char *body = NULL, *of = NULL;
  g_autofree char *giver_head = NULL, *taker_head = NULL;
  const McEvent *request = NULL;
  g_autoptr(GArray) slip = NULL;
  McTable *t;
  guint n = 0;

  if (d->received_at == MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s was never accepted by the desk, so form 05 cannot be printed."),
                   d->code);
      return FALSE;
    }
  /* The slip follows the dossier from its receipt: the names of that day, no date line. */
  form_set_date (f, o, d->received_at);
  form_header (f, FALSE, FALSE, NULL);
  form_title (f, _("CONTROL SLIP OF THE HANDLING OF THE DOSSIER"));
  of = g_strdup_printf ("%s %s", _("Mr/Ms"), d->applicant_name);
  mc_report_add_field (f->doc, _("Attached to the dossier of"), of);
  /* The body that handles it is the procedure's post in the commune, not the officer. */
  procedure = mc_store_get_procedure (f->store, d->procedure_id, NULL);
  body = procedure != NULL && nonempty (procedure->post)
         ? g_strdup_printf ("%s, %s", procedure->post, f->agency->name_text)
         : g_strdup (f->agency->name_text);
  mc_report_add_field (f->doc, _("Handling body"), body);
  mc_report_add_field (f->doc, _("Coordinating bodies"), NULL);
  mc_report_add_field (f->doc, _("Received at"), received);
  mc_report_add_field (f->doc, _("Results appointed for"), due);
  mc_document_add_space (f->doc, 6);

  /* Each hand-over is signed by both sides in their cell, under their names. */
  giver_head = g_strdup_printf ("%s\n<i>%s</i>", _("Handed over by"), _("(signature and full name)"));
  taker_head = g_strdup_printf ("%s\n<i>%s</i>", _("Received by"), _("(signature and full name)"));
  t = mc_document_add_table (f->doc, 6, widths, 11);
  mc_table_set_header (t, (const char *[]) { _("No."), giver_head, taker_head,
                                             _("Time"), _("Result"), _("Note") });
  mc_table_set_align (t, 0, MC_ALIGN_CENTER);
  mc_table_set_align (t, 4, MC_ALIGN_CENTER);
  mc_table_set_min_row_height (t, 46);
  /* The same lines as the leader's review (mc_control_slip): each step with its working time
   * and budget. */
  slip = mc_control_slip (mc_store_get_calendar (f->store),
                          procedure != NULL ? procedure->steps : NULL, f->events, mc_now ());
  for (guint i = 0; i < f->events->len; i++)
    {
      const McEvent *e = g_ptr_array_index (f->events, i);
      const McSlipLine *step = i > 0 ? &g_array_index (slip, McSlipLine, i - 1) : NULL;
      const char *from = NULL, *to = NULL;
      g_autofree char *no = NULL, *giver = NULL, *taker = NULL, *when = NULL, *note = NULL;
      g_autofree char *note_text = NULL, *pause = NULL, *took = NULL;
      const char *result = "";

      if (!hand_over (d, e, &from, &to))
        continue;
      /* Each hand-over judges the step it ends against that step's budget (trước / đúng / quá
       * hạn), as the review marks it; without a budget, and for the result handed to the
       * citizen, against the dossier's appointment. The receipt ends no step, and the
       * supplement's request and return stop the clock: they are not judged. */
      if (e->action == MC_ACTION_REQUEST_SUPPLEMENT)
        request = e;
      else if (e->action == MC_ACTION_SUPPLEMENT_RECEIVED)
        pause = pause_text (f, request, e);
      else if (e->action != MC_ACTION_RECEIVE)
        {
          gboolean by_step = e->action != MC_ACTION_HAND_OVER && step != NULL &&
                             step->stage >= 0 && step->due != MC_TIME_NONE;

          if (by_step || e->action != MC_ACTION_ACCEPT)
            result = mc_report_outcome_text (mc_kpi_classify (e->at, by_step ? step->due
                                                                             : d->due_at, 0));
          if (by_step)
            took = step_text (f, step);
        }
      no = g_strdup_printf ("%u", ++n);
      giver = g_markup_escape_text (from ? from : "", -1);
      taker = g_markup_escape_text (to ? to : "", -1);
      when = mc_report_moment_text (e->at);
      {
        const char *parts[4] = { NULL };
        guint k = 0;

        parts[k++] = mc_action_to_string (e->action) ? mc_action_to_string (e->action) : "";
        if (nonempty (e->note))
          parts[k++] = e->note;
        if (pause != NULL)
          parts[k++] = pause;
        if (took != NULL)
          parts[k++] = took;
        note_text = g_strjoinv ("; ", (char **) parts);
      }
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
  f.doc = mc_document_new (FALSE);

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
          /* Two copies (docs/domain.md §3): one for the citizen, one kept by the desk, each a
           * document of its own, dated the day of receipt. */
          g_autofree char *citizen = g_markup_printf_escaped ("<i>%s</i>",
                                                              _("Copy for the applicant"));
          g_autofree char *desk = g_markup_printf_escaped ("<i>%s</i>",
                                                           _("Copy kept by the desk"));

          form_set_date (&f, options, f.dossier->received_at);
          form_header (&f, FALSE, TRUE, NULL);
          form_receipt (&f, citizen);
          mc_document_add_document_break (f.doc);
          form_header (&f, FALSE, TRUE, NULL);
          form_receipt (&f, desk);
        }
      break;
    case MC_FORM_SUPPLEMENT:
      ok = form_supplement (&f, options, error);
      break;
    case MC_FORM_REFUSAL:
      ok = form_refusal (&f, options, error);
      break;
    case MC_FORM_APOLOGY:
      ok = form_apology (&f, options, error);
      break;
    case MC_FORM_CONTROL:
      ok = form_control (&f, options, error);
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
