/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-view.h"
#include "mc-print.h"
#include "mc-signature.h"
#include "mc-text.h"

struct _McDossierView
{
  AdwWindow   parent_instance;

  McStore    *store;
  McOfficer  *officer;
  gint64      dossier_id;
  McDossier  *dossier;

  AdwWindowTitle *window_title;
  GtkFlowBox *actions_box;
  GtkLabel   *no_actions_label;
  AdwPreferencesGroup *dossier_group;
  AdwPreferencesGroup *applicant_group;
  AdwPreferencesGroup *documents_group;
  AdwPreferencesGroup *timeline_group;
  /* One boxed list in each group, emptied on reload. */
  GtkListBox *dossier_list;
  GtkListBox *applicant_list;
  GtkListBox *documents_list;
  GtkListBox *timeline_list;
};

G_DEFINE_FINAL_TYPE (McDossierView, mc_dossier_view, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Showing ---- */

static GtkListBox *
add_list (AdwPreferencesGroup *group)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_group_add (group, list);
  return GTK_LIST_BOX (list);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value ? value : "—");
  gtk_list_box_append (list, row);
  return row;
}

static void
add_row_take (GtkListBox *list,
              const char *title,
              char       *value)
{
  add_row (list, title, value);
  g_free (value);
}

static void
show_fields (McDossierView *self)
{
  const McDossier *d = self->dossier;
  const McCalendar *cal = mc_store_get_calendar (self->store);
  McTime now = mc_now ();
  gint64 left = mc_desk_time_left (cal, d, now);
  const char *css_class = mc_desk_due_class (left, mc_desk_time_allowed (cal, d));
  GtkWidget *row;

  clear_list (self->dossier_list);
  add_row (self->dossier_list, _("Code"), d->code);
  add_row_take (self->dossier_list, _("Procedure"),
                g_strdup_printf ("%s — %s", d->procedure_code, d->procedure_name));
  add_row (self->dossier_list, _("Status"), mc_status_to_string (d->status));
  if (d->status == MC_STATUS_PROCESSING)
    add_row (self->dossier_list, _("Step"), mc_step_to_string (d->step));
  add_row (self->dossier_list, _("Channel"), mc_channel_to_string (d->channel));
  if (d->submitted_at != MC_TIME_NONE)
    add_row_take (self->dossier_list, _("Submitted online"), mc_desk_format_time (d->submitted_at));
  add_row_take (self->dossier_list, _("Received"), mc_desk_format_time (d->received_at));
  add_row (self->dossier_list, _("Received by"), d->receiver_name);
  add_row_take (self->dossier_list, _("Appointment"), mc_desk_format_time (d->due_at));
  row = add_row (self->dossier_list, _("Working time left"), NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "");
  {
    g_autofree char *text = mc_desk_format_left (cal, left);
    GtkWidget *label = gtk_label_new (text);

    gtk_widget_set_name (label, "time-left");
    if (css_class != NULL)
      gtk_widget_add_css_class (label, css_class);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  }
  if (d->apology_due_at != MC_TIME_NONE)
    add_row_take (self->dossier_list, _("Appointment before the apology"),
                  mc_desk_format_time (d->apology_due_at));
  add_row (self->dossier_list, _("Handled by"), d->handler_name);
  if (d->supplement_count > 0)
    add_row_take (self->dossier_list, _("Supplements requested"),
                  mc_format_int (d->supplement_count));
  if (d->ended_at != MC_TIME_NONE)
    add_row_take (self->dossier_list, _("Processing ended"), mc_desk_format_time (d->ended_at));
  if (d->returned_at != MC_TIME_NONE)
    add_row_take (self->dossier_list, _("Result handed over"),
                  mc_desk_format_time (d->returned_at));
  if (d->fee > 0)
    add_row_take (self->dossier_list, _("Fee"), mc_format_money (d->fee));
  add_row (self->dossier_list, _("Request"), d->request);
  if (d->result[0] != '\0')
    add_row (self->dossier_list, _("Result"), d->result);
  if (d->note[0] != '\0')
    add_row (self->dossier_list, _("Note"), d->note);
  /* The badge of a signed dossier: whether what was signed is still what the dossier says. */
  if (d->signer_id != 0)
    {
      g_autoptr(GError) check_error = NULL;
      g_autoptr(McSignatureCheck) check = mc_signature_check_dossier (self->store, d->id,
                                                                      &check_error);

      row = add_row (self->dossier_list, C_("dossier field", "Signature"),
                     check != NULL ? check->verdict : check_error->message);
      gtk_widget_add_css_class (row, check == NULL ? "badge-neutral"
                                     : check->valid ? "badge-verified" : "badge-broken");
    }

  clear_list (self->applicant_list);
  add_row (self->applicant_list, _("Name"), d->applicant_name);
  add_row (self->applicant_list, _("ID number"), d->applicant_id_number);
  add_row (self->applicant_list, _("Phone"), d->applicant_phone);
  add_row (self->applicant_list, _("Address"), d->applicant_address);
  if (d->applicant_email[0] != '\0')
    add_row (self->applicant_list, _("Email"), d->applicant_email);
  if (d->representative_name[0] != '\0')
    {
      add_row (self->applicant_list, _("Filed by"), d->representative_name);
      add_row (self->applicant_list, _("Representative’s phone"), d->representative_phone);
    }

  clear_list (self->documents_list);
  for (guint i = 0; i < d->documents->len; i++)
    {
      McDossierDocument *doc = g_ptr_array_index (d->documents, i);

      add_row_take (self->documents_list, doc->name,
                    /* TRANSLATORS: number of copies of a document received */
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d copy", "%d copies",
                                                  doc->quantity), doc->quantity));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->documents_group), d->documents->len > 0);
}

/* The budget of the step an officer of ROLE works on, from the procedure's templates (0: none). */
static gint64
step_budget (const McProcedure *p,
             McRole             role)
{
  for (guint i = 0; p != NULL && i < p->steps->len; i++)
    {
      McStepTemplate *s = g_ptr_array_index (p->steps, i);

      if (s->role == role)
        return s->budget_seconds;
    }
  return 0;
}

static void
show_timeline (McDossierView *self)
{
  const McCalendar *cal = mc_store_get_calendar (self->store);
  g_autoptr(GPtrArray) events = mc_store_list_events (self->store, self->dossier_id, NULL);
  g_autoptr(McProcedure) procedure = mc_store_get_procedure (self->store,
                                                             self->dossier->procedure_id, NULL);
  gint64 day = mc_calendar_day_seconds (cal);

  clear_list (self->timeline_list);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      McEvent *e = g_ptr_array_index (events, i);
      g_autofree char *when = mc_desk_format_time (e->at);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autoptr(McOfficer) actor = NULL;
      GtkWidget *row;

      /* TRANSLATORS: a step of the timeline: "Nguyễn Thị Hoa · 09:05 05/01/2024" */
      g_string_append_printf (subtitle, _("%s · %s"),
                              e->actor_name != NULL && *e->actor_name ? e->actor_name
                                                                      : _("the system"),
                              when);
      if (i > 0)
        {
          McEvent *prev = g_ptr_array_index (events, i - 1);
          gint64 took = mc_calendar_working_seconds (cal, prev->at, e->at);
          g_autofree char *took_text = mc_format_duration (took, day);
          gint64 budget = 0;

          if (e->actor_id != 0)
            actor = mc_store_get_officer (self->store, e->actor_id, NULL);
          if (actor != NULL)
            budget = step_budget (procedure, actor->role);
          g_string_append (subtitle, " · ");
          if (budget > 0)
            {
              g_autofree char *budget_text = mc_format_duration (budget, day);

              /* TRANSLATORS: working time a step took against its budget */
              g_string_append_printf (subtitle, _("took %s of %s"), took_text, budget_text);
            }
          else
            /* TRANSLATORS: working time a step took */
            g_string_append_printf (subtitle, _("took %s"), took_text);
        }
      if (e->to_officer_name != NULL && *e->to_officer_name)
        g_string_append_printf (subtitle, " · → %s", e->to_officer_name);
      if (e->note != NULL && *e->note)
        g_string_append_printf (subtitle, "\n%s", e->note);

      row = add_row (self->timeline_list, mc_action_to_string (e->action), subtitle->str);
      if (i > 0 && actor != NULL)
        {
          McEvent *prev = g_ptr_array_index (events, i - 1);
          gint64 budget = step_budget (procedure, actor->role);

          if (budget > 0 && mc_calendar_working_seconds (cal, prev->at, e->at) > budget)
            gtk_widget_add_css_class (row, "step-over-budget");
        }
    }
}

static void action_clicked_cb (GtkButton *button, McDossierView *self);

static void
show_actions (McDossierView *self)
{
  g_autoptr(GArray) actions = mc_workflow_available (self->dossier, self->officer->role,
                                                     self->officer->id);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      McAction action = g_array_index (actions, int, i);
      GtkWidget *button = gtk_button_new_with_label (mc_action_to_verb (action));

      g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (action));
      gtk_widget_set_name (button, mc_action_to_verb (action));
      g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
      gtk_flow_box_append (self->actions_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_actions_label), actions == NULL || actions->len == 0);
}

static gboolean
reload (McDossierView *self,
        GError       **error)
{
  McDossier *d = mc_store_get_dossier (self->store, self->dossier_id, error);

  if (d == NULL)
    return FALSE;
  g_clear_pointer (&self->dossier, mc_dossier_free);
  self->dossier = d;

  adw_window_title_set_title (self->window_title, d->code);
  adw_window_title_set_subtitle (self->window_title, d->applicant_name);
  show_actions (self);
  show_fields (self);
  show_timeline (self);
  return TRUE;
}

/* ---- Actions ---- */

static void
show_message (McDossierView *self,
              const char    *heading,
              const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the dialog of an action holds, to read its answers. */
typedef struct {
  McDossierView *self;
  McAction       action;
  GtkEditable   *note;
  GtkEditable   *result;
  GtkEditable   *new_due;
  GtkDropDown   *officer;
  GArray        *officer_ids;
} ActionDialog;

static void
action_dialog_free (ActionDialog *ad)
{
  g_clear_pointer (&ad->officer_ids, g_array_unref);
  g_object_unref (ad->self);
  g_free (ad);
}

static GtkEditable *
add_entry (GtkWidget  *box,
           const char *label_text,
           const char *name,
           const char *text)
{
  GtkWidget *label = gtk_label_new (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_widget_set_name (entry, name);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  return GTK_EDITABLE (entry);
}

static void offer_form (McDossierView *self, McAction action);

static void
action_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ActionDialog     *ad)
{
  McDossierView *self = ad->self;
  McActionArgs args = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *new_due_text = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;

  if (ad->note != NULL)
    args.note = gtk_editable_get_text (ad->note);
  if (ad->result != NULL)
    args.result = gtk_editable_get_text (ad->result);
  if (ad->officer != NULL)
    {
      guint i = gtk_drop_down_get_selected (ad->officer);

      if (i < ad->officer_ids->len)
        args.officer_id = g_array_index (ad->officer_ids, gint64, i);
    }
  if (ad->new_due != NULL)
    {
      new_due_text = g_strstrip (g_strdup (gtk_editable_get_text (ad->new_due)));
      if (!mc_parse_time (new_due_text, &args.new_due))
        {
          show_message (self, _("The Action Was Not Taken"),
                        _("Write the new appointment as day/month/year hour:minute, for example "
                          "25/12/2024 16:00."));
          return;
        }
    }

  if (!mc_workflow_apply (self->store, self->officer->id, self->dossier_id, ad->action, &args,
                          &error))
    {
      show_message (self, _("The Action Was Refused"), error->message);
      return;
    }

  g_clear_error (&error);
  if (!reload (self, &error))
    show_message (self, _("The Dossier Could Not Be Read"), error->message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  offer_form (self, ad->action);
}

static void
form_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  McDossierView    *self)
{
  McFormKind form = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "form"));

  if (self->dossier == NULL)
    return;
  if (g_strcmp0 (response, "print") == 0)
    mc_print_form (GTK_WINDOW (self), self->store, form, self->dossier->code);
  else if (g_strcmp0 (response, "pdf") == 0)
    mc_print_form_pdf (GTK_WINDOW (self), self->store, form, self->dossier->code);
}

/* The letter the applicant gets after ACTION (forms 02, 03, 04), offered at once. */
static void
offer_form (McDossierView *self,
            McAction       action)
{
  McFormKind form;
  const char *heading;
  AdwMessageDialog *dialog;

  switch (action)
    {
    case MC_ACTION_REQUEST_SUPPLEMENT:
      form = MC_FORM_SUPPLEMENT;
      heading = _("Print the Supplement Request (Form 02)?");
      break;
    case MC_ACTION_REFUSE:
      form = MC_FORM_REFUSAL;
      heading = _("Print the Refusal (Form 03)?");
      break;
    case MC_ACTION_APOLOGIZE:
      form = MC_FORM_APOLOGY;
      heading = _("Print the Letter of Apology (Form 04)?");
      break;
    default:
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The applicant receives it with the "
                                                         "reason you wrote.")));
  adw_message_dialog_add_responses (dialog, "close", _("_Not Now"), "pdf",
                                    _("Export to _PDF…"), "print", _("_Print…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "form", GINT_TO_POINTER (form));
  g_signal_connect_object (dialog, "response", G_CALLBACK (form_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the action will change, for the confirmation. */
static char *
describe_action (McDossierView *self,
                 McAction       action)
{
  const McDossier *d = self->dossier;

  switch (action)
    {
    case MC_ACTION_REQUEST_SUPPLEMENT:
      return g_strdup_printf (_("The dossier %s will wait for the applicant’s papers and its "
                                "clock will stop until they are received. Form 02 lists what is "
                                "missing."), d->code);
    case MC_ACTION_SUPPLEMENT_RECEIVED:
      return g_strdup_printf (_("The clock of the dossier %s will start again and its "
                                "appointment will move by the time it waited."), d->code);
    case MC_ACTION_ACCEPT:
      return g_strdup_printf (_("The dossier %s will be received now and its appointment "
                                "fixed."), d->code);
    case MC_ACTION_REFUSE:
      return g_strdup_printf (_("The dossier %s will not be received; form 03 gives the "
                                "applicant the reason."), d->code);
    case MC_ACTION_APOLOGIZE:
      return g_strdup_printf (_("The dossier %s gets a new appointment and the applicant a "
                                "letter of apology (form 04). It still counts as late."), d->code);
    default:
      /* TRANSLATORS: confirmation of an action: "Sign the dossier H56.22-240105-0001?" */
      return g_strdup_printf (_("%s the dossier %s?"), mc_action_to_verb (action), d->code);
    }
}

AdwMessageDialog *
mc_dossier_view_start_action (McDossierView *self,
                              McAction       action)
{
  g_autofree char *body = NULL;
  const char *prompt = mc_action_reason_prompt (action);
  AdwMessageDialog *dialog;
  GtkWidget *box;
  ActionDialog *ad;

  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);

  body = describe_action (self, action);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       mc_action_to_verb (action), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply",
                                    mc_action_to_verb (action), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");

  ad = g_new0 (ActionDialog, 1);
  ad->self = g_object_ref (self);
  ad->action = action;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (action == MC_ACTION_ASSIGN || action == MC_ACTION_REASSIGN)
    {
      g_autoptr(GPtrArray) officers = mc_store_list_officers (self->store, NULL);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      GtkWidget *label = gtk_label_new (_("Specialist"));

      ad->officer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; officers != NULL && i < officers->len; i++)
        {
          McOfficer *o = g_ptr_array_index (officers, i);

          if (!o->active || o->role != MC_ROLE_SPECIALIST || o->id == self->dossier->handler_id)
            continue;
          gtk_string_list_append (names, o->name);
          g_array_append_val (ad->officer_ids, o->id);
        }
      ad->officer = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
      gtk_widget_set_name (GTK_WIDGET (ad->officer), "officer");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (ad->officer));
    }
  if (action == MC_ACTION_RECORD_RESULT)
    ad->result = add_entry (box, _("What was produced (the paper handed to the applicant)"),
                            "result", NULL);
  if (action == MC_ACTION_APOLOGIZE)
    {
      const McCalendar *cal = mc_store_get_calendar (self->store);
      McTime base = self->dossier->due_at != MC_TIME_NONE ? self->dossier->due_at
                                                          : mc_now ();
      McTime suggested = mc_calendar_add_working (cal, base, 2 * mc_calendar_day_seconds (cal));
      int y, m, dd, minute = mc_minute_of_time (suggested);
      g_autofree char *text = NULL;

      mc_day_to_ymd (mc_day_of_time (suggested), &y, &m, &dd);
      text = g_strdup_printf ("%02d/%02d/%04d %02d:%02d", dd, m, y, minute / 60, minute % 60);
      ad->new_due = add_entry (box, _("New appointment (day/month/year hour:minute)"),
                               "new-due", text);
    }
  if (prompt != NULL)
    ad->note = add_entry (box, prompt, "note", NULL);
  else if (action == MC_ACTION_WITHDRAW)
    ad->note = add_entry (box, _("Note (optional)"), "note", NULL);

  if (gtk_widget_get_first_child (box) != NULL)
    adw_message_dialog_set_extra_child (dialog, box);
  else
    g_object_ref_sink (box), g_object_unref (box);

  g_signal_connect_data (dialog, "response", G_CALLBACK (action_response_cb), ad,
                         (GClosureNotify) action_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
action_clicked_cb (GtkButton     *button,
                   McDossierView *self)
{
  mc_dossier_view_start_action (self,
                                GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action")));
}

/* ---- GObject ---- */

McDossierView *
mc_dossier_view_new (GtkWindow       *parent,
                     McStore         *store,
                     const McOfficer *officer,
                     gint64           dossier_id)
{
  McDossierView *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (officer != NULL, NULL);

  self = g_object_new (MC_TYPE_DOSSIER_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->officer = mc_store_get_officer (store, officer->id, NULL);
  self->dossier_id = dossier_id;
  if (self->officer == NULL || !reload (self, &error))
    {
      adw_window_title_set_title (self->window_title, _("The Dossier Could Not Be Read"));
      if (error != NULL)
        adw_window_title_set_subtitle (self->window_title, error->message);
    }
  return self;
}

const McDossier *
mc_dossier_view_get_dossier (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);

  return self->dossier;
}

static void
mc_dossier_view_dispose (GObject *object)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->dossier, mc_dossier_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_VIEW);

  G_OBJECT_CLASS (mc_dossier_view_parent_class)->dispose (object);
}

static void
mc_dossier_view_class_init (McDossierViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_view_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-dossier-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierView, window_title);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, no_actions_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, dossier_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, applicant_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, documents_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, timeline_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_dossier_view_init (McDossierView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->dossier_list = add_list (self->dossier_group);
  self->applicant_list = add_list (self->applicant_group);
  self->documents_list = add_list (self->documents_group);
  self->timeline_list = add_list (self->timeline_group);
}
