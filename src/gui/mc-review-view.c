/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-analysis.h"
#include "mc-attach-slot.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-review-view.h"
#include "mc-text.h"
#include "mc-workflow.h"

struct _McReviewView
{
  AdwBin parent_instance;

  McDossier       *dossier;
  McSignatureBadge badge;
  guint            n_missing;
  guint            n_result_files;

  GtkLabel   *title_label;
  GtkLabel   *procedure_label;
  GtkLabel   *due_label;
  GtkLabel   *badge_label;
  GtkLabel   *verdict_label;
  GtkListBox *applicant_list;
  GtkListBox *documents_list;
  AdwPreferencesGroup *steps_group;
  GtkListBox *steps_list;
  GtkListBox *timeline_list;
  GtkListBox *result_list;
  GtkWidget  *block_group;
  GtkLabel   *block_heading;
  GtkLabel   *block_name;
};

G_DEFINE_FINAL_TYPE (McReviewView, mc_review_view, ADW_TYPE_BIN)

McSignatureBadge
mc_signature_badge_of (const McSignatureCheck *check)
{
  if (check == NULL)
    return MC_SIGNATURE_BADGE_NOT_SIGNED;
  return check->valid ? MC_SIGNATURE_BADGE_VERIFIED : MC_SIGNATURE_BADGE_BROKEN;
}

/* ---- Rows ---- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

/* Officers' and citizens' text is shown as typed, never read as markup. */
static AdwActionRow *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 0);
  adw_action_row_set_title_lines (row, 0);
  gtk_list_box_append (list, GTK_WIDGET (row));
  return row;
}

static GtkLabel *
add_suffix_label (AdwActionRow *row,
                  const char   *text,
                  const char   *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (text));

  gtk_label_set_xalign (label, 1);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  adw_action_row_add_suffix (row, GTK_WIDGET (label));
  return label;
}

static void
add_field (GtkListBox *list,
           const char *title,
           const char *value)
{
  if (value != NULL && value[0] != '\0')
    add_row (list, value, title);
}

/* ---- Sections ---- */

/* The checklist of the procedure's mandatory steps: the leader sees what was done, by whom. */
static void
show_steps (McReviewView    *self,
            McStore         *store,
            const McDossier *d)
{
  g_autoptr(GPtrArray) steps = mc_workflow_mandatory_steps (store, d->id, NULL);

  clear_list (self->steps_list);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), steps != NULL && steps->len > 0);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const McStepCheck *c = g_ptr_array_index (steps, i);
      g_autofree char *when = c->done_at != MC_TIME_NONE ? mc_desk_format_time (c->done_at)
                                                         : NULL;
      g_autofree char *subtitle = when != NULL
                                  ? g_strdup_printf (_("Done by %s at %s"), c->done_by, when)
                                  : g_strdup (_("Not recorded yet"));
      g_autofree char *full = c->note[0] ? g_strdup_printf ("%s\n%s", subtitle, c->note)
                                         : g_strdup (subtitle);
      AdwActionRow *row = add_row (self->steps_list, c->name, full);

      add_suffix_label (row, when != NULL ? "✓" : "✗", when != NULL ? "success" : "error");
    }
}

static void
show_applicant (McReviewView    *self,
                const McDossier *d)
{
  clear_list (self->applicant_list);
  add_field (self->applicant_list, _("Applicant"), d->applicant_name);
  add_field (self->applicant_list, _("ID number"), d->applicant_id_number);
  add_field (self->applicant_list, _("Phone"), d->applicant_phone);
  add_field (self->applicant_list, _("Address"), d->applicant_address);
  add_field (self->applicant_list, _("Representative"), d->representative_name);
  if (d->representative_name != NULL && d->representative_name[0] != '\0')
    {
      add_field (self->applicant_list, _("Representative’s phone"), d->representative_phone);
      add_field (self->applicant_list, _("Representative’s ID number"),
                 d->representative_id_number);
    }
  add_field (self->applicant_list, _("Request"), d->request);
}

/* The dossier's document of that name: received, else asked for by a supplement request and
 * still awaited, else NULL. */
static const McDossierDocument *
dossier_document (const McDossier *d,
                  const char      *folded_name)
{
  const McDossierDocument *found = NULL;

  for (guint i = 0; i < d->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      g_autofree char *folded = mc_text_fold (doc->name);

      if (g_strcmp0 (folded, folded_name) == 0 && (found == NULL || doc->received))
        found = doc;
    }
  return found;
}

static gboolean
procedure_lists_document (const McProcedure *p,
                          const char        *folded_name)
{
  for (guint i = 0; i < p->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (p->documents, i);
      g_autofree char *folded = mc_text_fold (t->name);

      if (g_strcmp0 (folded, folded_name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The procedure's list first, each marked received or missing, then what else came with it. */
static void
show_documents (McReviewView      *self,
                const McDossier   *d,
                const McProcedure *p)
{
  clear_list (self->documents_list);
  self->n_missing = 0;

  for (guint i = 0; p != NULL && i < p->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (p->documents, i);
      g_autofree char *folded = mc_text_fold (t->name);
      const McDossierDocument *doc = dossier_document (d, folded);
      AdwActionRow *row = add_row (self->documents_list, t->name,
                                   t->required ? _("Required") : _("If applicable"));

      if (doc != NULL && doc->received)
        add_suffix_label (row, C_("document", "Received"), "success");
      else if (doc != NULL)
        {
          /* Asked for by a supplement request, not handed in yet. */
          add_suffix_label (row, _("Not received yet"), "warning");
          self->n_missing += t->required;
        }
      else if (t->required)
        {
          add_suffix_label (row, _("Missing"), "error");
          self->n_missing++;
        }
      else
        add_suffix_label (row, _("Not received"), "dim-label");
    }

  for (guint i = 0; i < d->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      g_autofree char *folded = mc_text_fold (doc->name);

      if (p == NULL || !procedure_lists_document (p, folded))
        add_suffix_label (add_row (self->documents_list, doc->name, _("Not on the procedure’s list")),
                          doc->received ? C_("document", "Received") : _("Not received yet"),
                          doc->received ? "success" : "warning");
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->documents_list)) == NULL)
    add_row (self->documents_list, _("The procedure lists no documents."), NULL);
}

/* Each event with the working time of the step it started against that step's budget: core's
 * control slip, the lines form 05 prints. */
static void
show_timeline (McReviewView      *self,
               McStore           *store,
               const McProcedure *p,
               GPtrArray         *events,
               McTime             now)
{
  const McCalendar *calendar = mc_store_get_calendar (store);
  gint64 day = mc_calendar_day_seconds (calendar);
  g_autoptr(GArray) slip = mc_control_slip (calendar, p != NULL ? p->steps : NULL, events, now);

  clear_list (self->timeline_list);

  for (guint i = 0; i < events->len; i++)
    {
      const McEvent *e = g_ptr_array_index (events, i);
      const McSlipLine *line = &g_array_index (slip, McSlipLine, i);
      g_autofree char *at = mc_format_time (e->at);
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (e->actor_name != NULL && e->actor_name[0] != '\0')
        subtitle = g_strdup_printf ("%s · %s", at, e->actor_name);
      else
        subtitle = g_strdup (at);
      if (e->to_officer_name != NULL && e->to_officer_name[0] != '\0')
        {
          /* TRANSLATORS: an event handed the dossier to an officer: "09:05 05/01/2024 · An → Bình" */
          g_autofree char *longer = g_strdup_printf (_("%s → %s"), subtitle, e->to_officer_name);
          g_free (subtitle);
          subtitle = g_steal_pointer (&longer);
        }
      if (e->note != NULL && e->note[0] != '\0')
        {
          g_autofree char *longer = g_strdup_printf ("%s\n%s", subtitle, e->note);
          g_free (subtitle);
          subtitle = g_steal_pointer (&longer);
        }
      row = add_row (self->timeline_list, mc_action_to_string (e->action), subtitle);

      /* The step this event started lasted until the next one (or until now); an event within
       * a step (an apology) is not a step of its own. */
      if (line->stage >= 0 && !line->continued)
        {
          /* An online acceptance in hours, as its rule is written (8 working hours). */
          gint64 unit = line->stage == MC_STAGE_ACCEPTANCE ? 0 : day;
          g_autofree char *spent_text = mc_format_duration (line->spent, unit);
          g_autofree char *text = NULL;

          if (line->budget > 0)
            {
              g_autofree char *budget_text = mc_format_duration (line->budget, unit);
              /* TRANSLATORS: a step's working time against its budget: "2 hours of 4 hours" */
              text = g_strdup_printf (_("%s of %s"), spent_text, budget_text);
            }
          else
            text = g_steal_pointer (&spent_text);
          gtk_widget_set_name (GTK_WIDGET (add_suffix_label (row, text,
                                                             line->over ? "error" : NULL)),
                               line->over ? "step-over" : "step");
        }
    }
}

/* The appointment and where the clock stands, by the desk's rule (overdue from the second after
 * it, paused while a supplement is awaited). */
static void
show_due (McReviewView    *self,
          McStore         *store,
          const McDossier *d,
          McTime           now)
{
  static const char * const classes[] = { "due-ok", "due-warning", "due-overdue" };
  const McCalendar *cal = mc_store_get_calendar (store);
  gint64 left = mc_desk_time_left (cal, d, now);
  const char *css_class = mc_desk_dossier_due_class (d, left, mc_desk_time_allowed (cal, d));
  g_autofree char *due = mc_desk_format_time (d->due_at);
  g_autofree char *clock = mc_desk_format_dossier_left (cal, d, left, now);
  g_autofree char *text = NULL;

  /* TRANSLATORS: under a dossier's title: "Hẹn trả 17:00 03/12/2026 · Quá hạn 2 giờ" */
  text = left != MC_DESK_NO_TIME ? g_strdup_printf (_("Appointment %s · %s"), due, clock)
                                 : g_strdup_printf (_("Appointment %s"), due);
  gtk_label_set_label (self->due_label, text);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_label), css_class);
}

static const McEvent *
last_submission (GPtrArray *events)
{
  for (guint i = events->len; i > 0; i--)
    {
      const McEvent *e = g_ptr_array_index (events, i - 1);

      if (e->action == MC_ACTION_SUBMIT_FOR_SIGNATURE)
        return e;
    }
  return NULL;
}

static void
open_file_cb (GtkButton *button,
              GBytes    *bytes)
{
  mc_attach_slot_open_bytes (GTK_WIDGET (button), bytes);
}

/* The result's files as they are now: what a signature made now covers (mc-signature.h). */
static void
show_result_files (McReviewView    *self,
                   McStore         *store,
                   const McDossier *d)
{
  g_autoptr(GPtrArray) files = mc_store_list_attachments (store, d->id, FALSE, NULL);
  guint n = 0;

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      const McAttachment *a = g_ptr_array_index (files, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *size = NULL;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;
      GtkWidget *button;

      if (a->position != MC_ATTACHMENT_RESULT)
        continue;
      n++;
      size = g_format_size (a->size);
      when = mc_format_time (a->attached_at);
      /* TRANSLATORS: a result file: its type and size, who attached it and when, its SHA-256
       * ("PDF · 52,3 kB · Trần Văn Tư Pháp, 09:10 11/03/2024 · SHA-256 3f2a…") */
      subtitle = g_strdup_printf (_("%s · %s · %s, %s · SHA-256 %s"), mc_attachment_mime_word (a->mime), size,
                                  a->officer_name, when, a->hash);
      row = add_row (self->result_list,
                     a->name != NULL && a->name[0] != '\0' ? a->name : _("Scanned result"),
                     subtitle);
      gtk_widget_set_name (GTK_WIDGET (row), "result-file");
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("x-office-document-symbolic"));
      bytes = mc_store_get_blob (store, a->hash, NULL);
      if (bytes == NULL)
        {
          add_suffix_label (row, _("Missing from the database"), "error");
          continue;
        }
      button = gtk_button_new_with_mnemonic (_("_Open"));
      gtk_widget_set_name (button, "open-result-file");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Read this file before signing"));
      g_signal_connect_data (button, "clicked", G_CALLBACK (open_file_cb), g_bytes_ref (bytes),
                             (GClosureNotify) (void (*) (void)) g_bytes_unref, 0);
      adw_action_row_add_suffix (row, button);
    }
  self->n_result_files = n;
  if (d->status == MC_STATUS_PROCESSING && d->step == MC_STEP_SUBMITTED)
    {
      AdwActionRow *row = add_row (self->result_list,
                                   n > 0 ? _("Your signature covers the text above and the "
                                             "SHA-256 of each of these files.")
                                         : _("No result file is attached: your signature "
                                             "covers the text above only."), NULL);

      gtk_widget_set_name (GTK_WIDGET (row), "result-files-note");
      gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
    }
}

static void
show_result (McReviewView    *self,
             McStore         *store,
             const McDossier *d,
             GPtrArray       *events)
{
  const McEvent *submission = last_submission (events);
  const char *note = submission != NULL ? submission->note : d->note;

  clear_list (self->result_list);
  add_row (self->result_list,
           d->result != NULL && d->result[0] != '\0' ? d->result : _("No result was proposed."),
           submission != NULL && submission->actor_name != NULL
           ? submission->actor_name : d->handler_name);
  if (note != NULL && note[0] != '\0')
    add_row (self->result_list, note, _("The specialist’s note"));
  show_result_files (self, store, d);
}

static void
show_block (McReviewView    *self,
            const McOfficer *signer)
{
  g_auto(GStrv) lines = signer != NULL ? mc_signature_delegation (signer->role) : NULL;
  g_autofree char *heading = NULL;

  gtk_widget_set_visible (self->block_group, lines != NULL);
  if (lines == NULL)
    return;
  heading = g_strjoinv ("\n", lines);
  gtk_label_set_label (self->block_heading, heading);
  gtk_label_set_label (self->block_name, signer->name);
}

static void
show_badge (McReviewView           *self,
            const McSignatureCheck *check)
{
  static const char * const classes[] = { "badge-neutral", "badge-verified", "badge-broken" };

  self->badge = mc_signature_badge_of (check);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), classes[self->badge]);

  switch (self->badge)
    {
    case MC_SIGNATURE_BADGE_NOT_SIGNED:
      gtk_label_set_label (self->badge_label, _("Not signed"));
      break;
    case MC_SIGNATURE_BADGE_VERIFIED:
      gtk_label_set_label (self->badge_label, _("Signature verified"));
      break;
    case MC_SIGNATURE_BADGE_BROKEN:
      gtk_label_set_label (self->badge_label, _("Signature broken"));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (self->verdict_label, check != NULL ? check->verdict : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), check != NULL);
}

gboolean
mc_review_view_show (McReviewView    *self,
                     McStore         *store,
                     const McOfficer *signer,
                     gint64           dossier_id,
                     McTime           now,
                     GError         **error)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(McProcedure) p = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(McSignatureCheck) check = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autofree char *procedure = NULL;

  g_return_val_if_fail (MC_IS_REVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  g_clear_pointer (&self->dossier, mc_dossier_free);
  if (now == 0)
    now = mc_now ();

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return FALSE;
  p = mc_store_get_procedure (store, d->procedure_id, error);
  if (p == NULL)
    return FALSE;
  events = mc_store_list_events (store, dossier_id, error);
  if (events == NULL)
    return FALSE;
  check = mc_signature_check_dossier (store, dossier_id, &check_error);
  if (check == NULL && !g_error_matches (check_error, MC_ERROR, MC_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&check_error));
      return FALSE;
    }

  gtk_label_set_label (self->title_label, d->code);
  procedure = g_strdup_printf ("%s · %s", d->procedure_code, d->procedure_name);
  gtk_label_set_label (self->procedure_label, procedure);
  show_due (self, store, d, now);
  show_badge (self, check);
  show_applicant (self, d);
  show_documents (self, d, p);
  show_steps (self, store, d);
  show_timeline (self, store, p, events, now);
  show_result (self, store, d, events);
  show_block (self, signer);

  self->dossier = g_steal_pointer (&d);
  return TRUE;
}

const McDossier *
mc_review_view_get_dossier (McReviewView *self)
{
  g_return_val_if_fail (MC_IS_REVIEW_VIEW (self), NULL);

  return self->dossier;
}

McSignatureBadge
mc_review_view_get_badge (McReviewView *self)
{
  g_return_val_if_fail (MC_IS_REVIEW_VIEW (self), MC_SIGNATURE_BADGE_NOT_SIGNED);

  return self->badge;
}

guint
mc_review_view_get_n_missing (McReviewView *self)
{
  g_return_val_if_fail (MC_IS_REVIEW_VIEW (self), 0);

  return self->n_missing;
}

guint
mc_review_view_get_n_result_files (McReviewView *self)
{
  g_return_val_if_fail (MC_IS_REVIEW_VIEW (self), 0);

  return self->n_result_files;
}

McReviewView *
mc_review_view_new (void)
{
  return g_object_new (MC_TYPE_REVIEW_VIEW, NULL);
}

static void
mc_review_view_dispose (GObject *object)
{
  McReviewView *self = MC_REVIEW_VIEW (object);

  g_clear_pointer (&self->dossier, mc_dossier_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_REVIEW_VIEW);

  G_OBJECT_CLASS (mc_review_view_parent_class)->dispose (object);
}

static void
mc_review_view_class_init (McReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_review_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McReviewView, title_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, due_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, badge_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, applicant_list);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, documents_list);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, steps_group);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, steps_list);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, result_list);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, block_group);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, block_heading);
  gtk_widget_class_bind_template_child (widget_class, McReviewView, block_name);
}

static void
mc_review_view_init (McReviewView *self)
{
  self->badge = MC_SIGNATURE_BADGE_NOT_SIGNED;
  gtk_widget_init_template (GTK_WIDGET (self));
}
