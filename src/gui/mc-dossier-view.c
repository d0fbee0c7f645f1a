/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-analysis.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-view.h"
#include "mc-print.h"
#include "mc-report.h"
#include "mc-worker.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-attach-slot.h"

struct _McDossierView
{
  AdwWindow   parent_instance;

  McStore    *store;
  McOfficer  *officer;
  gint64      dossier_id;
  McDossier  *dossier;
  /* The version every action names: the one shown (or the one the caller showed, which may be
   * older): core refuses an action decided on a dossier that changed since. */
  gint64      expected_version;

  double      keep_scroll;   /* where the page was before a reload, -1: nothing to restore */
  guint       lower_idle;    /* the papers, the steps and the timeline, after the first frame */

  AdwWindowTitle *window_title;
  AdwPreferencesPage *page;
  GtkMenuButton *print_button;
  GtkFlowBox *actions_box;
  GtkLabel   *no_actions_label;
  AdwPreferencesGroup *dossier_group;
  AdwPreferencesGroup *applicant_group;
  AdwPreferencesGroup *documents_group;
  AdwPreferencesGroup *timeline_group;
  AdwPreferencesGroup *steps_group;
  GtkListBox *steps_list;
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

static void show_message (McDossierView *self, const char *heading, const char *body);
static gboolean reload (McDossierView *self, GError **error);

static void
slot_refused_cb (McAttachSlot *slot, const char *message, McDossierView *self)
{
  show_message (self, _("The file was not attached"), message);
}

/* A file chosen or scanned in a slot of the dossier window is stored at once, with its audit
 * record, and the dossier read again (its flags follow). */
static gboolean
attach_idle_cb (gpointer data)
{
  McAttachSlot *slot = data;
  McDossierView *self = g_object_get_data (G_OBJECT (slot), "view");
  int position = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (slot), "position"));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  GPtrArray *pending = mc_attach_slot_get_files (slot);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < pending->len; i++)
    {
      McAttachmentFile *f = g_ptr_array_index (pending, i);
      g_ptr_array_add (files, mc_attachment_file_new (position, f->bytes, f->name));
    }
  g_object_set_data (G_OBJECT (slot), "queued", NULL);
  if (files->len > 0 &&
      !mc_dossier_attach (self->store, self->officer != NULL ? self->officer->id : 0,
                          self->dossier_id, files, mc_attach_slot_get_replace (slot), NULL,
                          &error))
    show_message (self, _("The file was not attached"), error->message);
  else if (files->len > 0)
    {
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      if (!reload (self, &error))
        show_message (self, _("The dossier could not be read"), error->message);
    }
  g_object_unref (slot);
  return G_SOURCE_REMOVE;
}

static void
slot_changed_cb (McAttachSlot *slot, McDossierView *self)
{
  /* Once the files of one choice or one scan are all in. */
  if (g_object_get_data (G_OBJECT (slot), "queued") == NULL)
    {
      g_object_set_data (G_OBJECT (slot), "queued", GINT_TO_POINTER (1));
      g_idle_add (attach_idle_cb, g_object_ref (slot));
    }
}

/* The slot of POSITION (a document from 0, or the result) with the files it holds. */
static GtkWidget *
make_slot (McDossierView *self, GPtrArray *stored, int position)
{
  GtkWidget *slot = mc_attach_slot_new ();

  for (guint k = 0; stored != NULL && k < stored->len; k++)
    {
      McAttachment *a = g_ptr_array_index (stored, k);
      g_autoptr(GBytes) bytes = NULL;

      if (a->position != position)
        continue;
      bytes = mc_store_get_blob (self->store, a->hash, NULL);
      if (bytes != NULL)
        mc_attach_slot_show_stored (MC_ATTACH_SLOT (slot), bytes, a->mime);
    }
  g_object_set_data (G_OBJECT (slot), "view", self);
  g_object_set_data (G_OBJECT (slot), "position", GINT_TO_POINTER (position));
  g_signal_connect (slot, "refused", G_CALLBACK (slot_refused_cb), self);
  g_signal_connect (slot, "changed", G_CALLBACK (slot_changed_cb), self);
  return slot;
}

static void
show_fields (McDossierView *self)
{
  const McDossier *d = self->dossier;
  const McCalendar *cal = mc_store_get_calendar (self->store);
  McTime now = mc_now ();
  gint64 left = mc_desk_time_left (cal, d, now);
  const char *css_class = mc_desk_dossier_due_class (d, left, mc_desk_time_allowed (cal, d));
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
    g_autofree char *text = mc_desk_format_dossier_left (cal, d, left, now);
    GtkWidget *label = gtk_label_new (text);

    gtk_widget_set_name (label, "time-left");
    if (css_class != NULL)
      gtk_widget_add_css_class (label, css_class);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  }
  if (d->apology_due_at != MC_TIME_NONE)
    add_row_take (self->dossier_list, _("New appointment (letter of apology)"),
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
      /* Each result file, and whether the signature covers it as signed. */
      for (guint i = 0; check != NULL && check->files != NULL && i < check->files->len; i++)
        {
          const McSignatureFile *f = g_ptr_array_index (check->files, i);
          g_autofree char *value = g_strdup_printf ("%s · SHA-256 %s",
                                                    mc_signature_file_state_to_string (f->state),
                                                    f->hash);
          GtkWidget *file_row = add_row (self->dossier_list, f->name, value);

          gtk_widget_set_name (file_row, "signed-file");
        }
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
      add_row (self->applicant_list, _("Representative’s ID number"),
               d->representative_id_number);
    }
}

/* The papers received, each with its files, and the result's. */
static void
show_documents (McDossierView *self)
{
  const McDossier *d = self->dossier;
  g_autoptr(GPtrArray) stored = NULL;
  GtkWidget *row;

  clear_list (self->documents_list);
  stored = mc_store_list_attachments (self->store, d->id, FALSE, NULL);
  for (guint i = 0; i < d->documents->len; i++)
    {
      McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      g_autofree char *copies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d copy",
                                                              "%d copies", doc->quantity),
                                                 doc->quantity);
      /* TRANSLATORS: a document of the dossier: its form and number of copies, "Bản chính · 1
       * bản" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"),
                                                   mc_copy_kind_to_string (doc->copy_kind),
                                                   copies);

      row = add_row (self->documents_list, doc->name, subtitle);
      /* A paper a supplement request asked for, not handed in yet. */
      if (!doc->received)
        {
          GtkWidget *label = gtk_label_new (_("Not received yet"));

          gtk_widget_set_name (label, "not-received");
          gtk_widget_add_css_class (label, "warning");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_slot (self, stored, (int) i));
    }
  /* The result: its draft attached by the specialist while the dossier is with them (what the
   * leader's signature covers), the scan of the signed paper once it is recorded. Who may
   * attach when is core's rule. */
  {
    gboolean may_attach = self->officer != NULL &&
                          mc_attachment_may_attach_result (d, self->officer->role,
                                                           self->officer->id, NULL);
    gboolean recorded = d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED;
    gboolean has_files = FALSE;

    for (guint k = 0; stored != NULL && k < stored->len; k++)
      has_files |= ((McAttachment *) g_ptr_array_index (stored, k))->position ==
                   MC_ATTACHMENT_RESULT;
    if (may_attach || has_files || recorded)
      {
        GtkWidget *slot = make_slot (self, stored, MC_ATTACHMENT_RESULT);

        if (recorded)
          row = add_row (self->documents_list, _("Signed result"),
                         d->digitized_result ? _("Digitised") : _("Not digitised yet"));
        else
          row = add_row (self->documents_list, _("Result document (draft)"),
                         _("The electronic result the leader signs: the signature covers "
                           "its SHA-256."));
        gtk_widget_set_name (row, "result-row");
        mc_attach_slot_set_editable (MC_ATTACH_SLOT (slot), may_attach || recorded);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), slot);
        has_files = TRUE;
      }
    gtk_widget_set_visible (GTK_WIDGET (self->documents_group),
                            d->documents->len > 0 || has_files);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "dossier.export-files",
                                   stored != NULL && stored->len > 0);
  }
  adw_preferences_group_set_description (self->documents_group,
                                         d->digitized_input ? _("Digitised: every paper received "
                                                                "has its scan.")
                                                            : _("Not digitised yet: scan or "
                                                                "attach each paper received."));
}

/* Each event, who and when, and the working time of the step it started against that step's
 * budget: core's control slip, as the review and form 05 read it. */
static void
show_timeline (McDossierView *self)
{
  const McCalendar *cal = mc_store_get_calendar (self->store);
  g_autoptr(GPtrArray) events = mc_store_list_events (self->store, self->dossier_id, NULL);
  g_autoptr(McProcedure) procedure = mc_store_get_procedure (self->store,
                                                             self->dossier->procedure_id, NULL);
  g_autoptr(GArray) slip = NULL;
  gint64 day = mc_calendar_day_seconds (cal);

  clear_list (self->timeline_list);
  if (events == NULL)
    return;
  slip = mc_control_slip (cal, procedure != NULL ? procedure->steps : NULL, events, mc_now ());
  for (guint i = 0; i < events->len; i++)
    {
      McEvent *e = g_ptr_array_index (events, i);
      const McSlipLine *line = &g_array_index (slip, McSlipLine, i);
      g_autofree char *when = mc_desk_format_time (e->at);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *row;

      /* TRANSLATORS: a step of the timeline: "Nguyễn Thị Hoa · 09:05 05/01/2024" */
      g_string_append_printf (subtitle, _("%s · %s"),
                              e->actor_name != NULL && *e->actor_name ? e->actor_name
                                                                      : _("the system"),
                              when);
      /* An event within a step (an apology) is not a step of its own. */
      if (line->stage >= 0 && !line->continued)
        {
          /* An online acceptance in hours, as its rule is written (8 working hours). */
          gint64 unit = line->stage == MC_STAGE_ACCEPTANCE ? 0 : day;
          g_autofree char *took_text = mc_format_duration (line->spent, unit);

          g_string_append (subtitle, " · ");
          if (line->budget > 0)
            {
              g_autofree char *budget_text = mc_format_duration (line->budget, unit);

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
      if (line->over && !line->continued)
        gtk_widget_add_css_class (row, "step-over-budget");
    }
}

static void action_clicked_cb (GtkButton *button, McDossierView *self);
static void update_print_menu (McDossierView *self);
static void show_steps (McDossierView *self);
static void show_message (McDossierView *self, const char *heading, const char *body);
static gboolean reload (McDossierView *self, GError **error);

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

static void
show_lower (McDossierView *self)
{
  g_clear_handle_id (&self->lower_idle, g_source_remove);
  if (self->dossier == NULL || self->store == NULL)
    return;
  show_documents (self);
  show_timeline (self);
  show_steps (self);
}

static gboolean
show_lower_idle_cb (gpointer data)
{
  McDossierView *self = data;

  self->lower_idle = 0;
  show_lower (self);
  return G_SOURCE_REMOVE;
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
  self->expected_version = d->version;

  adw_window_title_set_title (self->window_title, d->code);
  adw_window_title_set_subtitle (self->window_title, d->applicant_name);
  show_actions (self);
  show_fields (self);
  /* A window opening shows its top first and the rest right after its first frame, in a main
   * loop turn of its own: all at once, measuring every row and file slot held the desk's window
   * still for 45-55 ms at a million dossiers (issue 14's mc-bench-stall). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_lower (self);
  else if (self->lower_idle == 0)
    self->lower_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_lower_idle_cb,
                                        g_object_ref (self), g_object_unref);
  update_print_menu (self);
  return TRUE;
}

/* ---- Mandatory steps ---- */

static void
step_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  McDossierView    *self)
{
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  int position = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "position"));
  gboolean begin = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "begin"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "record") != 0 || self->store == NULL || self->officer == NULL)
    return;
  if (!mc_workflow_record_step (self->store, self->officer->id, self->dossier_id, position,
                                begin, gtk_editable_get_text (note), &error))
    {
      show_message (self, _("The Step Was Not Recorded"), error->message);
      return;
    }
  reload (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
step_clicked_cb (GtkButton     *button,
                 McDossierView *self)
{
  const McStepCheck *c = g_object_get_data (G_OBJECT (button), "step");
  gboolean begin = c->min_days > 0 && c->started_at == MC_TIME_NONE;
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *body = NULL;

  if (begin)
    /* TRANSLATORS: beginning a step that lasts N calendar days (the public posting). */
    body = g_strdup_printf (_("“%s” begins now and lasts %d calendar days: it can be ended "
                              "when they have passed."), c->name, c->min_days);
  else
    body = g_strdup_printf (_("“%s” is recorded as done now, by you."), c->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   begin ? _("Begin the Step?") : _("Record the Step?"), body);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  _("Note: the minutes' number, the places, an objection…"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "record", begin ? _("_Begin") : _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  g_object_set_data (G_OBJECT (dialog), "note", entry);
  g_object_set_data (G_OBJECT (dialog), "position", GINT_TO_POINTER (c->position));
  g_object_set_data (G_OBJECT (dialog), "begin", GINT_TO_POINTER (begin));
  g_signal_connect (dialog, "response", G_CALLBACK (step_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The procedure's mandatory steps and what was recorded of each; the handler (or a leader)
 * records the next one while the dossier is being processed. */
static void
show_steps (McDossierView *self)
{
  g_autoptr(GPtrArray) steps = mc_workflow_mandatory_steps (self->store, self->dossier_id,
                                                            NULL);
  const McDossier *d = self->dossier;
  gboolean may = self->officer != NULL &&
                 (d->status == MC_STATUS_PROCESSING || d->status == MC_STATUS_PAYMENT) &&
                 (d->handler_id == self->officer->id ||
                  self->officer->role == MC_ROLE_VICE_CHAIRMAN ||
                  self->officer->role == MC_ROLE_CHAIRMAN);
  gboolean next_found = FALSE;

  clear_list (self->steps_list);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), steps != NULL && steps->len > 0);
  /* Each check is taken from the list: the button of the next step keeps its own. */
  while (steps != NULL && steps->len > 0)
    {
      McStepCheck *c = g_ptr_array_steal_index (steps, 0);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *row;

      if (c->done_at != MC_TIME_NONE)
        {
          g_autofree char *when = mc_desk_format_time (c->done_at);

          /* TRANSLATORS: a mandatory step recorded: who, when. */
          g_string_append_printf (subtitle, _("Done by %s at %s"), c->done_by, when);
          if (c->min_days > 0)
            {
              g_autofree char *began = mc_desk_format_time (c->started_at);
              g_string_append_printf (subtitle, _(", begun at %s"), began);
            }
        }
      else if (c->started_at != MC_TIME_NONE)
        {
          g_autofree char *when = mc_desk_format_time (c->started_at);
          g_autofree char *ends = mc_format_day (mc_day_of_time (c->started_at) + c->min_days);

          g_string_append_printf (subtitle, _("Begun by %s at %s; can be ended from %s"),
                                  c->started_by, when, ends);
        }
      else
        g_string_append (subtitle, _("Not recorded yet"));
      if (c->note[0])
        g_string_append_printf (subtitle, "\n%s", c->note);
      row = add_row (self->steps_list, c->name, subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, c->done_at != MC_TIME_NONE ? "step-done" : "step-missing");
      if (c->done_at == MC_TIME_NONE && !next_found)
        {
          next_found = TRUE;
          if (may)
            {
              GtkWidget *button = gtk_button_new_with_mnemonic (
                c->min_days > 0 && c->started_at == MC_TIME_NONE ? _("_Begin…")
                : c->min_days > 0 ? _("_End…") : _("_Record…"));

              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              gtk_widget_set_name (button, "record-step");
              g_object_set_data_full (G_OBJECT (button), "step", c,
                                      (GDestroyNotify) mc_step_check_free);
              c = NULL;
              g_signal_connect (button, "clicked", G_CALLBACK (step_clicked_cb), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
        }
      g_clear_pointer (&c, mc_step_check_free);
    }
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

/* What the dialog of an action holds, to read its answers and show core's refusal at the field
 * it is about. The dialog hides on close and is destroyed only once the action was applied or
 * given up: a refusal leaves it open with what the officer wrote. */
typedef struct {
  McDossierView    *self;
  AdwMessageDialog *dialog;
  McAction          action;
  /* The version the officer saw when the dialog opened: the view may be read again under it. */
  gint64            expected_version;
  GtkEditable      *note;
  GtkEditable      *first_time_reason; /* a second supplement request only */
  GtkTextView      *result;
  GtkEditable      *new_due;
  GtkListBox       *officers;
  GArray           *officer_ids;   /* in the order of the rows of OFFICERS */
  /* A supplement request: the papers offered (the procedure's, then those typed), each a row
   * of PAPERS with its check button and its form. */
  GtkListBox       *papers;
  GPtrArray        *paper_checks;  /* GtkCheckButton* */
  GPtrArray        *paper_kinds;   /* GtkDropDown* */
  GPtrArray        *paper_names;   /* char* */
  GArray           *paper_quantities; /* int */
  GtkEditable      *other_paper;
  /* A supplement received: a check button per paper awaited, and its position. */
  GPtrArray        *came_checks;   /* GtkCheckButton* */
  GArray           *came_positions;/* int */
  GtkLabel         *error_label;
} ActionDialog;

static void
action_dialog_free (ActionDialog *ad)
{
  g_object_set_data (G_OBJECT (ad->dialog), "mc-action-dialog", NULL);
  g_clear_pointer (&ad->officer_ids, g_array_unref);
  g_clear_pointer (&ad->paper_checks, g_ptr_array_unref);
  g_clear_pointer (&ad->paper_kinds, g_ptr_array_unref);
  g_clear_pointer (&ad->paper_names, g_ptr_array_unref);
  g_clear_pointer (&ad->paper_quantities, g_array_unref);
  g_clear_pointer (&ad->came_checks, g_ptr_array_unref);
  g_clear_pointer (&ad->came_positions, g_array_unref);
  g_object_unref (ad->self);
  g_free (ad);
}

static void
clear_field_error_cb (GtkWidget *field)
{
  gtk_widget_remove_css_class (field, "error");
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *label_text,
           GtkWidget  *mnemonic)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (mnemonic != NULL)
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), mnemonic);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkEditable *
add_entry (GtkWidget  *box,
           const char *label_text,
           const char *name,
           const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  add_label (box, label_text, entry);
  gtk_widget_set_name (entry, name);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 500);
  g_signal_connect (entry, "changed", G_CALLBACK (clear_field_error_cb), NULL);
  gtk_box_append (GTK_BOX (box), entry);
  return GTK_EDITABLE (entry);
}

/* A result is a few lines (what was issued, its number, its book): a text area, not an entry. */
static GtkTextView *
add_text_area (GtkWidget  *box,
               const char *label_text,
               const char *name,
               const char *text)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  add_label (box, label_text, view);
  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  if (text != NULL)
    gtk_text_buffer_set_text (buffer, text, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (clear_field_error_cb), scrolled);
  gtk_box_append (GTK_BOX (box), scrolled);
  return GTK_TEXT_VIEW (view);
}

static char *
text_area_get (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The widget an error is shown at: a text area's frame, else the field itself. */
static GtkWidget *
field_widget (gpointer field)
{
  if (field != NULL && GTK_IS_TEXT_VIEW (field))
    return gtk_widget_get_ancestor (GTK_WIDGET (field), GTK_TYPE_SCROLLED_WINDOW);
  return field;
}

/* The sentence under the fields, the field marked red and focused; the dialog stays open. */
static void
show_refusal (ActionDialog *ad,
              gpointer      field,
              const char   *message)
{
  GtkWidget *widget = field_widget (field);

  gtk_label_set_label (ad->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (ad->error_label), TRUE);
  if (widget != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_grab_focus (GTK_WIDGET (field));
    }
  gtk_window_present (GTK_WINDOW (ad->dialog));
}

/* ---- Supplements: the papers asked for, and those that came ---- */

static GtkWidget *
kind_dropdown (int kind)
{
  const char *kinds[MC_N_COPY_KINDS + 1];
  GtkWidget *dropdown;

  for (int i = 0; i < MC_N_COPY_KINDS; i++)
    kinds[i] = mc_copy_kind_to_string (i);
  kinds[MC_N_COPY_KINDS] = NULL;
  dropdown = gtk_drop_down_new_from_strings (kinds);
  gtk_widget_set_name (dropdown, "kind");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), (guint) CLAMP (kind, 0, MC_N_COPY_KINDS - 1));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Original, certified copy or photocopy"));
  return dropdown;
}

/* A row with its check button first, activated by a click anywhere on it. */
static GtkCheckButton *
add_check_row (GtkListBox *list,
               int         position,
               const char *name,
               const char *title,
               const char *subtitle,
               gboolean    active,
               GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_insert (list, row, position);
  return GTK_CHECK_BUTTON (check);
}

static GtkWidget *
scrolled_list (GtkListBox *list,
               int         max_height)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), max_height);
  return scrolled;
}

/* A paper typed goes first (under the line it was typed in), the procedure's in their order. */
static void
add_paper (ActionDialog *ad,
           const char   *name,
           int           kind,
           int           quantity,
           gboolean      active,
           gboolean      typed)
{
  GtkWidget *dropdown = kind_dropdown (kind);
  GtkCheckButton *check = add_check_row (ad->papers, typed ? 0 : -1, "paper", name, NULL, active,
                                         dropdown);

  g_signal_connect_swapped (check, "toggled", G_CALLBACK (clear_field_error_cb), ad->papers);
  g_ptr_array_add (ad->paper_checks, check);
  g_ptr_array_add (ad->paper_kinds, dropdown);
  g_ptr_array_add (ad->paper_names, g_strdup (name));
  quantity = MAX (quantity, 1);
  g_array_append_val (ad->paper_quantities, quantity);
}

/* The paper typed goes into the list, ticked (its form chosen there), and the entry is ready
 * for the next one. */
static void
add_other_paper_cb (ActionDialog *ad)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (ad->other_paper)));

  if (name[0] == '\0')
    return;
  add_paper (ad, name, 0, 1, TRUE, TRUE);
  gtk_editable_set_text (ad->other_paper, "");
  gtk_widget_grab_focus (GTK_WIDGET (ad->other_paper));
}

/* The procedure's papers to tick, and a line to type any other (a paper the list does not name,
 * a page that was missing). */
static void
add_papers (ActionDialog *ad,
            GtkWidget    *box)
{
  McDossierView *self = ad->self;
  g_autoptr(McProcedure) procedure = mc_store_get_procedure (self->store,
                                                             self->dossier->procedure_id, NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("A_dd"));
  GtkWidget *scrolled;

  ad->papers = GTK_LIST_BOX (list);
  ad->paper_checks = g_ptr_array_new ();
  ad->paper_kinds = g_ptr_array_new ();
  ad->paper_names = g_ptr_array_new_with_free_func (g_free);
  ad->paper_quantities = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_widget_set_name (list, "papers");
  for (guint i = 0; procedure != NULL && i < procedure->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (procedure->documents, i);

      add_paper (ad, t->name, t->copy_kind, t->quantity, FALSE, FALSE);
    }
  add_label (box, _("_Papers to bring: tick each one missing, or type another"), list);

  gtk_widget_set_name (entry, "other-paper");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Another paper, e.g. a page missing"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 200);
  ad->other_paper = GTK_EDITABLE (entry);
  gtk_widget_set_name (add, "add-paper");
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (add_other_paper_cb), ad);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_other_paper_cb), ad);
  gtk_box_append (GTK_BOX (line), entry);
  gtk_box_append (GTK_BOX (line), add);
  gtk_box_append (GTK_BOX (box), line);
  scrolled = scrolled_list (GTK_LIST_BOX (list), 260);
  /* Wide enough for a paper's long name beside its form, in a dialog over the dossier's window
   * on a 1366-pixel screen. */
  gtk_widget_set_size_request (scrolled, 540, -1);
  gtk_box_append (GTK_BOX (box), scrolled);
}

/* The papers the dossier waits for, all ticked: untick one that did not come. */
static void
add_papers_came (ActionDialog *ad,
                 GtkWidget    *box)
{
  const McDossier *d = ad->self->dossier;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled;

  ad->came_checks = g_ptr_array_new ();
  ad->came_positions = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_widget_set_name (list, "came");
  for (guint i = 0; i < d->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      int position = (int) i;

      if (doc->received)
        continue;
      g_ptr_array_add (ad->came_checks,
                       add_check_row (GTK_LIST_BOX (list), -1, "came", doc->name,
                                      mc_copy_kind_to_string (doc->copy_kind), TRUE, NULL));
      g_array_append_val (ad->came_positions, position);
    }
  if (ad->came_checks->len == 0)
    {
      /* Nothing was listed as missing: nothing to tick. */
      g_clear_pointer (&ad->came_checks, g_ptr_array_unref);
      g_clear_pointer (&ad->came_positions, g_array_unref);
      g_object_ref_sink (list);
      g_object_unref (list);
      return;
    }
  add_label (box, _("Papers _received (untick any that did not come)"), list);
  scrolled = scrolled_list (GTK_LIST_BOX (list), 260);
  /* As wide as the request's list, and every paper shown when there are few. */
  gtk_widget_set_size_request (scrolled, 540, -1);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              MIN ((int) ad->came_checks->len * 54, 260));
  gtk_box_append (GTK_BOX (box), scrolled);
}

/* Which field of the dialog core's refusal is about: the reason when core asks for it, else the
 * field the action is about. */
static gpointer
field_of_refusal (ActionDialog *ad,
                  const GError *error)
{
  const char *prompt = mc_action_reason_prompt (ad->action);

  if (ad->note != NULL && prompt != NULL && g_strcmp0 (error->message, prompt) == 0)
    return ad->note;
  if (ad->first_time_reason != NULL &&
      is_blank (gtk_editable_get_text (ad->first_time_reason)))
    return ad->first_time_reason;
  if (ad->new_due != NULL)
    return ad->new_due;
  if (ad->result != NULL)
    return ad->result;
  if (ad->officers != NULL)
    return ad->officers;
  if (ad->papers != NULL && !g_error_matches (error, MC_ERROR, MC_ERROR_INVALID))
    return ad->papers;
  return ad->note;
}

static void offer_form (McDossierView *self, McAction action);

/* An action's write, on the worker, with its own copies of what the dialog said. */
typedef struct {
  gint64       actor_id;
  gint64       dossier_id;
  McAction     action;
  McActionArgs args;
  char        *note;
  char        *first_time_reason;
  char        *result;
} ApplyJob;

static void
apply_job_free (ApplyJob *job)
{
  g_free (job->note);
  g_free (job->first_time_reason);
  g_free (job->result);
  g_clear_pointer (&job->args.documents, g_ptr_array_unref);
  g_clear_pointer (&job->args.received_documents, g_array_unref);
  g_free (job);
}

static gpointer
apply_run (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  ApplyJob *job = data;

  if (!mc_workflow_apply (store, job->actor_id, job->dossier_id, job->action, &job->args,
                          error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
apply_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  gboolean applied = mc_worker_finish (MC_WORKER (source), res, &error) != NULL;
  ActionDialog *ad = g_object_get_data (G_OBJECT (dialog), "mc-action-dialog");
  McDossierView *self;

  /* The dialog went with its window meanwhile: the window's watch shows what changed. */
  if (ad == NULL)
    return;
  self = ad->self;
  /* The dossier window was closed meanwhile (the dialog outlived it). */
  if (self->store == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  adw_message_dialog_set_response_enabled (dialog, "apply", TRUE);
  if (!applied)
    {
      g_autoptr(GError) reload_error = NULL;

      if (!g_error_matches (error, MC_ERROR, MC_ERROR_CONFLICT))
        {
          show_refusal (ad, field_of_refusal (ad, error), error->message);
          return;
        }
      /* Another workstation changed the dossier: what the dialog was about is gone. It closes,
       * the dossier is shown as it is now, and core's sentence says why. */
      g_object_ref (self);
      gtk_window_destroy (GTK_WINDOW (dialog));
      if (!reload (self, &reload_error))
        show_message (self, _("The Dossier Could Not Be Read"), reload_error->message);
      else
        show_message (self, _("Changed on Another Workstation"), error->message);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      g_object_unref (self);
      return;
    }

  {
    McAction action = ad->action;

    g_object_ref (self);
    gtk_window_destroy (GTK_WINDOW (dialog));
    if (!reload (self, &error))
      show_message (self, _("The Dossier Could Not Be Read"), error->message);
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    offer_form (self, action);
    g_object_unref (self);
  }
}

static void
action_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ActionDialog     *ad)
{
  McDossierView *self = ad->self;
  McActionArgs args = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *new_due_text = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GArray) came = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  if (ad->note != NULL)
    args.note = gtk_editable_get_text (ad->note);
  if (ad->first_time_reason != NULL)
    args.first_time_reason = gtk_editable_get_text (ad->first_time_reason);
  if (ad->result != NULL)
    {
      result = text_area_get (ad->result);
      args.result = result;
      if (ad->action == MC_ACTION_SUBMIT_FOR_SIGNATURE && is_blank (result))
        {
          show_refusal (ad, ad->result,
                        _("Write the proposed result: the leader reads it and signs it as it "
                          "is."));
          return;
        }
    }
  if (ad->officers != NULL)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (ad->officers);
      int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

      if (i >= 0 && (guint) i < ad->officer_ids->len)
        args.officer_id = g_array_index (ad->officer_ids, gint64, i);
    }
  if (ad->papers != NULL)
    {
      /* A paper typed and not added yet is meant as well. */
      if (!is_blank (gtk_editable_get_text (ad->other_paper)))
        add_other_paper_cb (ad);
      papers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
      for (guint i = 0; i < ad->paper_checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (ad->paper_checks, i)))
          g_ptr_array_add (papers,
                           mc_dossier_document_new (g_ptr_array_index (ad->paper_names, i),
                                                    (int) gtk_drop_down_get_selected (g_ptr_array_index (ad->paper_kinds, i)),
                                                    g_array_index (ad->paper_quantities, int, i),
                                                    FALSE));
      args.documents = papers;
    }
  if (ad->came_checks != NULL)
    {
      came = g_array_new (FALSE, FALSE, sizeof (int));
      for (guint i = 0; i < ad->came_checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (ad->came_checks, i)))
          g_array_append_val (came, g_array_index (ad->came_positions, int, i));
      args.received_documents = came;
    }
  if (ad->new_due != NULL)
    {
      new_due_text = g_strstrip (g_strdup (gtk_editable_get_text (ad->new_due)));
      if (!mc_parse_time (new_due_text, &args.new_due))
        {
          show_refusal (ad, ad->new_due,
                        _("Write the new appointment as day/month/year hour:minute, for example "
                          "25/12/2024 16:00."));
          return;
        }
    }

  args.expected_version = ad->expected_version;
  /* The write runs on the window's worker (a commit waits for the disk, or for another
   * workstation): the dialog waits with its button off, and is answered when it is done. */
  {
    ApplyJob *job = g_new0 (ApplyJob, 1);

    job->actor_id = self->officer->id;
    job->dossier_id = self->dossier_id;
    job->action = ad->action;
    job->args = args;
    job->note = g_strdup (args.note);
    job->first_time_reason = g_strdup (args.first_time_reason);
    job->result = g_steal_pointer (&result);
    job->args.note = job->note;
    job->args.first_time_reason = job->first_time_reason;
    job->args.result = job->result;
    job->args.documents = g_steal_pointer (&papers);
    job->args.received_documents = g_steal_pointer (&came);
    adw_message_dialog_set_response_enabled (dialog, "apply", FALSE);
    mc_worker_run (mc_worker_for_store (self->store), apply_run, job,
                   (GDestroyNotify) apply_job_free, NULL, NULL, apply_done_cb,
                   g_object_ref (dialog));
  }
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
  g_autofree char *code = mc_desk_code_text (self->dossier->code);

  switch (action)
    {
    case MC_ACTION_REQUEST_SUPPLEMENT:
      return g_strdup_printf (_("The dossier %s will wait for the applicant’s papers and its "
                                "clock will stop until they are received. Form 02 lists what is "
                                "missing."), code);
    case MC_ACTION_SUPPLEMENT_RECEIVED:
      return g_strdup_printf (_("The clock of the dossier %s will start again and its "
                                "appointment will move by the time it waited."), code);
    case MC_ACTION_ACCEPT:
      return g_strdup_printf (_("The dossier %s will be received now and its appointment "
                                "fixed."), code);
    case MC_ACTION_REFUSE:
      return g_strdup_printf (_("The dossier %s will not be received; form 03 gives the "
                                "applicant the reason."), code);
    case MC_ACTION_APOLOGIZE:
      return g_strdup_printf (_("The dossier %s gets a new appointment and the applicant a "
                                "letter of apology (form 04). It still counts as late."), code);
    case MC_ACTION_SUBMIT_FOR_SIGNATURE:
      return g_strdup_printf (_("The dossier %s goes to a leader, who reads the result you "
                                "propose and signs it as it is, or sends it back."), code);
    case MC_ACTION_ASSIGN:
      return g_strdup_printf (_("The dossier %s goes to the specialist you choose, who handles "
                                "it from now on."), code);
    case MC_ACTION_WITHDRAW:
      return g_strdup_printf (_("The dossier %s is closed as withdrawn by the citizen; nothing "
                                "more is done on it."), code);
    case MC_ACTION_HAND_OVER:
      return g_strdup_printf (_("The result of the dossier %s is handed to the applicant."),
                              code);
    case MC_ACTION_RECORD_RESULT:
      return g_strdup_printf (_("The result of the dossier %s is ready for the applicant; its "
                                "processing ends now."), code);
    default:
      /* TRANSLATORS: confirmation of an action: "Sign the dossier H56.22-240105-0001?" */
      return g_strdup_printf (_("%s the dossier %s?"), mc_action_to_verb (action), code);
    }
}

/* The specialists who may take the dossier: those of the procedure's field first, then the
 * others after a separator (a land officer is not the first choice for a birth). */
static void
officer_header_cb (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  gboolean fits = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "fits"));
  gboolean before_fits = before != NULL &&
                         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "fits"));
  GtkWidget *header = NULL;

  if (!fits && (before == NULL || before_fits))
    {
      header = gtk_label_new (before == NULL ? _("No specialist of this field; the others:")
                                             : _("Specialists of other fields"));
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "dim-label");
      gtk_widget_add_css_class (header, "caption");
      gtk_widget_set_margin_top (header, 6);
      gtk_widget_set_margin_bottom (header, 3);
      gtk_widget_set_margin_start (header, 12);
    }
  gtk_list_box_row_set_header (row, header);
}

static void
add_officer_list (ActionDialog *ad,
                  GtkWidget    *box)
{
  McDossierView *self = ad->self;
  g_autoptr(GPtrArray) officers = mc_store_list_officers (self->store, NULL);
  g_autoptr(McProcedure) procedure = mc_store_get_procedure (self->store,
                                                             self->dossier->procedure_id, NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  ad->officer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Twice: the specialists of the field, then the others. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; officers != NULL && i < officers->len; i++)
      {
        McOfficer *o = g_ptr_array_index (officers, i);
        gboolean fits = mc_desk_officer_fits (o, procedure);
        GtkWidget *row;

        if (!o->active || o->role != MC_ROLE_SPECIALIST || o->id == self->dossier->handler_id ||
            fits != (pass == 0))
          continue;
        row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), o->name);
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        if (o->title != NULL && *o->title)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), o->title);
        else if (o->post != NULL && *o->post)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), o->post);
        g_object_set_data (G_OBJECT (row), "fits", GINT_TO_POINTER (fits));
        gtk_list_box_append (GTK_LIST_BOX (list), row);
        g_array_append_val (ad->officer_ids, o->id);
      }
  gtk_list_box_set_header_func (GTK_LIST_BOX (list), officer_header_cb, NULL, NULL);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_name (list, "officers");
  ad->officers = GTK_LIST_BOX (list);

  add_label (box, _("_Specialist"), list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_box_append (GTK_BOX (box), scrolled);
}

static void
result_changed_cb (GtkTextBuffer *buffer,
                   ActionDialog  *ad)
{
  g_autofree char *text = text_area_get (ad->result);

  adw_message_dialog_set_response_enabled (ad->dialog, "apply", !is_blank (text));
}

AdwMessageDialog *
mc_dossier_view_start_action (McDossierView *self,
                              McAction       action)
{
  g_autofree char *body = NULL;
  const char *prompt = mc_action_reason_prompt (action);
  const McDossier *d;
  AdwMessageDialog *dialog;
  GtkWidget *box, *error_label;
  ActionDialog *ad;

  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  g_return_val_if_fail (self->dossier != NULL, NULL);

  d = self->dossier;
  body = describe_action (self, action);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       mc_action_to_verb (action), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply",
                                    mc_action_to_verb (action), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* A refusal keeps the dialog and what was written in it. */
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);

  ad = g_new0 (ActionDialog, 1);
  ad->self = g_object_ref (self);
  ad->dialog = dialog;
  ad->action = action;
  ad->expected_version = self->expected_version;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (action == MC_ACTION_ASSIGN || action == MC_ACTION_REASSIGN)
    add_officer_list (ad, box);
  if (action == MC_ACTION_REQUEST_SUPPLEMENT)
    add_papers (ad, box);
  if (action == MC_ACTION_SUPPLEMENT_RECEIVED)
    add_papers_came (ad, box);
  if (action == MC_ACTION_SUBMIT_FOR_SIGNATURE)
    {
      ad->result = add_text_area (box, _("Proposed _result (what the leader signs: the paper, "
                                         "its number and book)"), "result", d->result);
      g_signal_connect (gtk_text_view_get_buffer (ad->result), "changed",
                        G_CALLBACK (result_changed_cb), ad);
      adw_message_dialog_set_response_enabled (dialog, "apply", !is_blank (d->result));
    }
  if (action == MC_ACTION_RECORD_RESULT)
    {
      /* The result signed is the one recorded: shown, not written again. */
      ad->result = add_text_area (box, is_blank (d->result)
                                       ? _("What was _produced (the paper handed to the "
                                           "applicant)")
                                       : _("The _result, as the leader signed it"),
                                  "result", d->result);
      gtk_text_view_set_editable (ad->result, is_blank (d->result));
    }
  if (action == MC_ACTION_APOLOGIZE)
    {
      const McCalendar *cal = mc_store_get_calendar (self->store);
      McTime base = d->apology_due_at != MC_TIME_NONE ? d->apology_due_at
                    : d->due_at != MC_TIME_NONE ? d->due_at : mc_now ();
      McTime suggested = mc_calendar_add_working (cal, MAX (base, mc_now ()),
                                                  2 * mc_calendar_day_seconds (cal));
      int y, m, dd, minute = mc_minute_of_time (suggested);
      g_autofree char *text = NULL;

      mc_day_to_ymd (mc_day_of_time (suggested), &y, &m, &dd);
      text = g_strdup_printf ("%02d/%02d/%04d %02d:%02d", dd, m, y, minute / 60, minute % 60);
      ad->new_due = add_entry (box, _("_New appointment (day/month/year hour:minute)"),
                               "new-due", text);
    }
  if (action == MC_ACTION_REQUEST_SUPPLEMENT)
    /* The papers are listed above: what is written here is the reason form 02 gives. */
    {
      ad->note = add_entry (box, _("_Reason (printed on form 02)"), "note", NULL);
      if (mc_workflow_needs_first_time_reason (d, action))
        {
          GtkWidget *warning = gtk_label_new (_("This dossier was already asked for a "
                                                "supplement once: a second request makes it "
                                                "late, and the controller sees it."));

          gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
          gtk_label_set_xalign (GTK_LABEL (warning), 0);
          gtk_widget_add_css_class (warning, "warning");
          gtk_box_append (GTK_BOX (box), warning);
          ad->first_time_reason = add_entry (box, mc_workflow_first_time_reason_prompt (),
                                             "first-time-reason", NULL);
        }
    }
  else if (prompt != NULL)
    ad->note = add_entry (box, prompt, "note", NULL);
  else if (action == MC_ACTION_WITHDRAW || action == MC_ACTION_SUBMIT_FOR_SIGNATURE)
    ad->note = add_entry (box, _("Note (optional)"), "note", NULL);

  error_label = gtk_label_new (NULL);
  gtk_widget_set_name (error_label, "error");
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);
  ad->error_label = GTK_LABEL (error_label);
  adw_message_dialog_set_extra_child (dialog, box);

  g_object_set_data (G_OBJECT (dialog), "mc-action-dialog", ad);
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

/* ---- The dossier's files as one PDF (the report layer draws it, on the worker) ---- */

typedef struct {
  gint64  dossier_id;
  char   *path;
} ExportFilesJob;

static void
export_files_job_free (ExportFilesJob *job)
{
  g_free (job->path);
  g_free (job);
}

static gpointer
export_files_run (McStore      *store,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  ExportFilesJob *job = data;
  int *pages = g_new0 (int, 1);

  if (!mc_report_files_write_pdf (store, job->dossier_id, job->path, pages, error))
    {
      g_free (pages);
      return NULL;
    }
  return pages;
}

static void
export_files_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(McDossierView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree int *pages = mc_worker_finish (MC_WORKER (source), result, &error);
  const char *path = g_object_get_data (G_OBJECT (self), "export-files-path");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dossier.export-files", TRUE);
  if (pages == NULL)
    {
      show_message (self, _("The Files Could Not Be Exported"), error->message);
      return;
    }
  {
    g_autofree char *name = path != NULL ? g_filename_display_basename (path) : g_strdup ("");
    /* TRANSLATORS: "hoso.pdf holds the cover page and the files' pages: 5 pages in all." */
    g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%s holds the cover page and the "
                                                          "files’ pages: %d page in all.",
                                                          "%s holds the cover page and the "
                                                          "files’ pages: %d pages in all.",
                                                          *pages), name, *pages);

    show_message (self, _("Files Exported"), body);
  }
}

static void
export_files_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          McDossierView   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (file != NULL && path == NULL)
    show_message (self, _("The Files Could Not Be Exported"),
                  _("Choose a folder on this computer."));
  if (path != NULL && self->store != NULL)
    {
      ExportFilesJob *job = g_new0 (ExportFilesJob, 1);

      job->dossier_id = self->dossier_id;
      job->path = g_strdup (path);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dossier.export-files", FALSE);
      mc_worker_run (mc_worker_for_store (self->store), export_files_run, job,
                     (GDestroyNotify) export_files_job_free, g_free, NULL,
                     export_files_done_cb, g_object_ref (self));
      g_object_set_data_full (G_OBJECT (self), "export-files-path", g_steal_pointer (&path),
                              g_free);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McDossierView *self = MC_DOSSIER_VIEW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->dossier == NULL)
    return;
  /* TRANSLATORS: the suggested file name; %s is the dossier's code */
  name = g_strdup_printf (_("files-%s.pdf"), self->dossier->code);
  chooser = mc_pdf_chooser_new (GTK_WINDOW (self), _("Export Files as PDF"), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_files_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Printing: the forms that apply to this dossier ---- */

static const McFormKind forms[] = {
  MC_FORM_RECEIPT, MC_FORM_SUPPLEMENT, MC_FORM_REFUSAL, MC_FORM_APOLOGY, MC_FORM_CONTROL,
};

static const char *
form_title (McFormKind form)
{
  switch (form)
    {
    case MC_FORM_RECEIPT:    return _("Receipt and Appointment (Form 01)");
    case MC_FORM_SUPPLEMENT: return _("Supplement Request (Form 02)");
    case MC_FORM_REFUSAL:    return _("Refusal (Form 03)");
    case MC_FORM_APOLOGY:    return _("Letter of Apology (Form 04)");
    case MC_FORM_CONTROL:    return _("Control Slip (Form 05)");
    case MC_FORM_REGISTER:
    default:                 return "";
    }
}

McFormKind
mc_dossier_view_main_form (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), 0);

  return self->dossier != NULL ? mc_desk_main_form (self->dossier) : 0;
}

static void
update_print_menu (McDossierView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) print = g_menu_new ();
  g_autoptr(GMenu) pdf = g_menu_new ();
  McFormKind main_form = mc_dossier_view_main_form (self);

  for (gsize i = 0; self->dossier != NULL && i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *pdf_label = NULL;

      if (!mc_form_applies (self->dossier, forms[i]))
        continue;
      item = g_menu_item_new (form_title (forms[i]), NULL);
      g_menu_item_set_action_and_target_value (item, "dossier.print",
                                               g_variant_new_int32 (forms[i]));
      if (forms[i] == main_form)
        g_menu_item_set_attribute (item, "accel", "s", "<Control>p");
      g_menu_append_item (print, item);
      g_clear_object (&item);

      /* TRANSLATORS: a menu item: "Receipt and Appointment (Form 01) as PDF…" */
      pdf_label = g_strdup_printf (_("%s as PDF…"), form_title (forms[i]));
      item = g_menu_item_new (pdf_label, NULL);
      g_menu_item_set_action_and_target_value (item, "dossier.export-pdf",
                                               g_variant_new_int32 (forms[i]));
      if (forms[i] == main_form)
        g_menu_item_set_attribute (item, "accel", "s", "<Control><Shift>e");
      g_menu_append_item (pdf, item);
    }
  g_menu_append_section (menu, _("Print"), G_MENU_MODEL (print));
  g_menu_append_section (menu, _("Export to PDF"), G_MENU_MODEL (pdf));
  gtk_menu_button_set_menu_model (self->print_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), main_form != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dossier.print-main", main_form != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dossier.export-main", main_form != 0);
}

gboolean
mc_dossier_view_print (McDossierView *self,
                       McFormKind     form,
                       gboolean       pdf)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), FALSE);

  if (self->dossier == NULL || !mc_form_applies (self->dossier, form))
    return FALSE;
  if (pdf)
    mc_print_form_pdf (GTK_WINDOW (self), self->store, form, self->dossier->code);
  else
    mc_print_form (GTK_WINDOW (self), self->store, form, self->dossier->code);
  return TRUE;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McDossierView *self = MC_DOSSIER_VIEW (widget);
  gboolean pdf = g_str_has_prefix (action_name, "dossier.export");
  McFormKind form = parameter != NULL ? (McFormKind) g_variant_get_int32 (parameter)
                                      : mc_dossier_view_main_form (self);

  mc_dossier_view_print (self, form, pdf);
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

static GtkAdjustment *
page_adjustment (McDossierView *self)
{
  /* AdwPreferencesPage scrolls in a GtkScrolledWindow of its own. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->page)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));
  return NULL;
}

static gboolean
restore_scroll_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  McDossierView *self = MC_DOSSIER_VIEW (widget);
  GtkAdjustment *adjustment = page_adjustment (self);

  if (adjustment != NULL && self->keep_scroll >= 0)
    gtk_adjustment_set_value (adjustment, self->keep_scroll);
  self->keep_scroll = -1;
  return G_SOURCE_REMOVE;
}

gboolean
mc_dossier_view_refresh (McDossierView *self)
{
  g_autoptr(McDossier) d = NULL;
  GtkAdjustment *adjustment;

  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), FALSE);

  if (self->store == NULL || self->officer == NULL || self->dossier == NULL)
    return FALSE;
  d = mc_store_get_dossier (self->store, self->dossier_id, NULL);
  /* Unchanged, or unreadable for a moment (the server away): what is shown stays. */
  if (d == NULL || d->version == self->dossier->version)
    return FALSE;
  adjustment = page_adjustment (self);
  self->keep_scroll = adjustment != NULL ? gtk_adjustment_get_value (adjustment) : -1;
  if (!reload (self, NULL))
    return FALSE;
  /* Once the new rows are measured, back to where the officer was reading. */
  if (self->keep_scroll >= 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), restore_scroll_cb, NULL, NULL);
  return TRUE;
}

void
mc_dossier_view_expect_version (McDossierView *self,
                                gint64         version)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));

  self->expected_version = version;
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

  g_clear_handle_id (&self->lower_idle, g_source_remove);
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
  gtk_widget_class_bind_template_child (widget_class, McDossierView, page);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, print_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, no_actions_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, dossier_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, applicant_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, documents_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, steps_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "dossier.print", "i", print_action);
  gtk_widget_class_install_action (widget_class, "dossier.export-files", NULL,
                                   export_files_action);
  gtk_widget_class_install_action (widget_class, "dossier.export-pdf", "i", print_action);
  gtk_widget_class_install_action (widget_class, "dossier.print-main", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "dossier.export-main", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "dossier.print-main", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "dossier.export-main", NULL);
}

static void
mc_dossier_view_init (McDossierView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->keep_scroll = -1;

  self->dossier_list = add_list (self->dossier_group);
  self->applicant_list = add_list (self->applicant_group);
  self->documents_list = add_list (self->documents_group);
  self->timeline_list = add_list (self->timeline_group);
  self->steps_list = add_list (self->steps_group);
}
