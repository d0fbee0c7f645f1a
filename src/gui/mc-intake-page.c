/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-attach-slot.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-intake-page.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-worker.h"

/* The fields core names in its messages, in the order of field_rows. */
enum { FIELD_NAME, FIELD_ID_NUMBER, FIELD_PHONE, FIELD_ADDRESS, FIELD_REP_NAME, FIELD_REP_PHONE,
       FIELD_REP_ID_NUMBER, FIELD_EMAIL, FIELD_REQUEST, N_FIELDS };

struct _McIntakePage
{
  AdwBin        parent_instance;

  McStore      *store;
  gint64        officer_id;
  GPtrArray    *procedures;     /* McProcedure*, in the list's order */
  McProcedure  *procedure;      /* the one chosen (owned by procedures) */
  GPtrArray    *document_checks;/* GtkCheckButton*, in the order of procedure->documents */
  GPtrArray    *document_slots; /* McAttachSlot*, the same order: the scans of each */
  char         *folded_query;
  McTime        preview;
  guint         timer;
  McDossier    *returning;      /* the last dossier of the ID number typed, when there is one */
  GPtrArray    *earlier;        /* McEarlierFile* of the ID number typed (read off the thread) */
  char         *earlier_number; /* the number EARLIER was read for */
  GPtrArray    *offers;         /* McReusableScan* or NULL, the order of document_slots */
  guint         earlier_generation;

  AdwPreferencesPage *page;
  GtkSearchEntry *procedure_entry;
  GtkListBox   *procedure_list;
  AdwEntryRow  *name_row;
  AdwEntryRow  *id_number_row;
  AdwActionRow *returning_row;
  GtkButton    *fill_button;
  AdwEntryRow  *phone_row;
  AdwEntryRow  *address_row;
  AdwEntryRow  *email_row;
  AdwEntryRow  *request_row;
  AdwExpanderRow *representative_row;
  AdwEntryRow  *representative_name_row;
  AdwEntryRow  *representative_phone_row;
  AdwEntryRow  *representative_id_number_row;
  AdwPreferencesGroup *documents_group;
  GtkListBox   *documents_list;
  AdwComboRow  *channel_row;
  GtkLabel     *due_label;
  GtkLabel     *error_label;
  GtkButton    *clear_button;
  GtkButton    *save_button;
};

G_DEFINE_FINAL_TYPE (McIntakePage, mc_intake_page, ADW_TYPE_BIN)

enum {
  SIGNAL_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const McChannel channels[] = { MC_CHANNEL_DESK, MC_CHANNEL_POST, MC_CHANNEL_ONLINE };

static McChannel
selected_channel (McIntakePage *self)
{
  guint i = adw_combo_row_get_selected (self->channel_row);

  return i < G_N_ELEMENTS (channels) ? channels[i] : MC_CHANNEL_DESK;
}

/* ---- The appointment, live ---- */

static void
update_preview (McIntakePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->preview = MC_TIME_NONE;
  if (self->store == NULL || self->procedure == NULL)
    text = g_strdup (_("Choose the procedure first."));
  else if (selected_channel (self) == MC_CHANNEL_ONLINE)
    text = g_strdup (_("Fixed when the online dossier is accepted."));
  else
    {
      McTime now = mc_now ();
      McTime start = mc_calendar_add_working (mc_store_get_calendar (self->store), now, 0);
      self->preview = mc_workflow_preview_due (self->store, self->procedure->id, 0, &error);
      g_autofree char *when = self->preview != MC_TIME_NONE ? mc_format_time (self->preview)
                                                             : NULL;

      if (when == NULL)
        text = g_strdup (error != NULL ? error->message : "—");
      else if (start != MC_TIME_NONE && start > now)
        {
          g_autofree char *from = mc_desk_format_moment (start);

          /* TRANSLATORS: the appointment of a dossier received outside office hours, with the
           * moment its clock starts: "Ngoài giờ hành chính: thời hạn bắt đầu tính từ 07:30
           * thứ Hai 07/12/2026. Hẹn trả: …" */
          text = g_strdup_printf (_("Outside office hours: the clock starts at %s. "
                                    "Appointment: %s"), from, when);
        }
      else
        /* TRANSLATORS: the appointment computed while the form is filled */
        text = g_strdup_printf (_("Appointment: %s"), when);
    }
  gtk_label_set_label (self->due_label, text);
}

/* The same-day cut-off and the end of office hours pass while a form is open. */
static gboolean
tick_cb (gpointer user_data)
{
  update_preview (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- Procedures ---- */

static gboolean
filter_procedure (GtkListBoxRow *row,
                  gpointer       user_data)
{
  McIntakePage *self = user_data;
  guint i = (guint) gtk_list_box_row_get_index (row);

  return i < self->procedures->len &&
         mc_desk_procedure_matches (g_ptr_array_index (self->procedures, i), self->folded_query);
}

static void
procedure_search_cb (McIntakePage *self)
{
  g_free (self->folded_query);
  self->folded_query = mc_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->procedure_entry)));
  gtk_list_box_invalidate_filter (self->procedure_list);
}

static void
clear_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
slot_refused_cb (McIntakePage *self, const char *message)
{
  gtk_label_set_label (self->error_label, message);
}

static void update_offers (McIntakePage *self);

static void
slot_changed_cb (McIntakePage *self)
{
  gtk_label_set_label (self->error_label, "");
  /* A slot emptied again offers the earlier scan again; one filled offers nothing. */
  update_offers (self);
}

/* ---- Earlier scans of a returning citizen (the rule: mc_attachment_pick_reusable) ---- */

static gboolean
is_represented (McIntakePage *self)
{
  return adw_expander_row_get_enable_expansion (self->representative_row);
}

/* Each slot still empty offers the earlier scan core picks for its document, if any. */
static void
update_offers (McIntakePage *self)
{
  McTime now = mc_now ();

  g_ptr_array_set_size (self->offers, 0);
  for (guint i = 0; i < self->document_slots->len; i++)
    {
      McAttachSlot *slot = g_ptr_array_index (self->document_slots, i);
      McDocumentTemplate *t = g_ptr_array_index (self->procedure->documents, i);
      McReusableScan *scan = NULL;
      GtkWidget *offer = mc_attach_slot_get_offer_button (slot);

      /* An offer taken, whose pages are being read: left as it is. */
      if (gtk_widget_get_visible (offer) && !gtk_widget_get_sensitive (offer))
        {
          g_ptr_array_add (self->offers, NULL);
          continue;
        }
      if (self->earlier != NULL && mc_attach_slot_get_files (slot)->len == 0)
        scan = mc_attachment_pick_reusable (self->earlier, t->name, is_represented (self), now);
      g_ptr_array_add (self->offers, scan);
      if (scan != NULL)
        {
          g_autofree char *day = mc_format_day (mc_day_of_time (scan->scanned_at));
          /* TRANSLATORS: a document slot at intake, when the citizen's paper was scanned for an
           * earlier dossier: "Dùng bản quét ngày 05/01/2026\n(hồ sơ 000.17.22.H56-260105-0007)";
           * on two lines, beside the document's name */
          g_autofree char *label = g_strdup_printf (_("Use the scan of %s\n(dossier %s)"), day,
                                                    scan->dossier_code);
          mc_attach_slot_set_offer (slot, label);
        }
      else
        mc_attach_slot_set_offer (slot, NULL);
    }
}

typedef struct {
  McIntakePage *page;     /* owned */
  char         *number;
  guint         generation;
} EarlierJob;

static void
earlier_job_free (EarlierJob *job)
{
  g_object_unref (job->page);
  g_free (job->number);
  g_free (job);
}

static gpointer
earlier_job_run (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  EarlierJob *job = data;

  return mc_attachment_find_earlier (store, job->number, 0, error);
}

static void
earlier_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  EarlierJob *job = g_task_get_task_data (G_TASK (result));
  McIntakePage *self = MC_INTAKE_PAGE (data);
  g_autoptr(GError) error = NULL;
  GPtrArray *earlier = mc_worker_finish (MC_WORKER (source), result, &error);

  if (earlier == NULL)
    {
      /* Not being offered a scan is no error for the desk: it scans the paper. */
      g_debug ("earlier scans: %s", error != NULL ? error->message : "none");
      if (job->generation == self->earlier_generation)
        {
          g_clear_pointer (&self->earlier, g_ptr_array_unref);
          self->earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_earlier_file_free);
        }
      g_object_unref (self);
      return;
    }
  if (job->generation == self->earlier_generation)
    {
      g_clear_pointer (&self->earlier, g_ptr_array_unref);
      self->earlier = earlier;
      update_offers (self);
    }
  else
    g_ptr_array_unref (earlier);
  g_object_unref (self);
}

/* The earlier files of NUMBER (NULL: none) are read off the main thread. */
static void
look_up_earlier (McIntakePage *self, const char *number)
{
  EarlierJob *job;

  if (g_strcmp0 (number, self->earlier_number) == 0)
    return;
  g_free (self->earlier_number);
  self->earlier_number = g_strdup (number);
  self->earlier_generation++;
  g_clear_pointer (&self->earlier, g_ptr_array_unref);
  update_offers (self);
  if (number == NULL || self->store == NULL)
    return;
  job = g_new0 (EarlierJob, 1);
  job->page = g_object_ref (self);
  job->number = g_strdup (number);
  job->generation = self->earlier_generation;
  mc_worker_run (mc_worker_for_store (self->store), earlier_job_run, job,
                 (GDestroyNotify) earlier_job_free, (GDestroyNotify) g_ptr_array_unref, NULL,
                 earlier_done_cb, g_object_ref (self));
}

gboolean
mc_intake_page_is_looking_up (McIntakePage *self)
{
  return self->earlier_number != NULL && self->earlier == NULL;
}

typedef struct {
  McAttachSlot   *slot;   /* owned */
  McReusableScan *scan;   /* owned */
} ReuseJob;

static void
reuse_job_free (ReuseJob *job)
{
  g_object_unref (job->slot);
  mc_reusable_scan_free (job->scan);
  g_free (job);
}

static gpointer
reuse_job_run (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  ReuseJob *job = data;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < job->scan->files->len; i++)
    {
      McEarlierFile *f = g_ptr_array_index (job->scan->files, i);
      GBytes *bytes = mc_store_get_blob (store, f->hash, error);

      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (pages, bytes);
    }
  return g_steal_pointer (&pages);
}

static void
reuse_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  McIntakePage *self = MC_INTAKE_PAGE (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_worker_finish (MC_WORKER (source), result, &error);
  ReuseJob *job = g_task_get_task_data (G_TASK (result));

  if (pages == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      mc_attach_slot_set_offer (job->slot, NULL);
    }
  else if (self->document_slots != NULL &&
           g_ptr_array_find (self->document_slots, job->slot, NULL))
    for (guint i = 0; i < pages->len; i++)
      {
        McEarlierFile *f = g_ptr_array_index (job->scan->files, i);

        mc_attach_slot_add_reused (job->slot, f->id, g_ptr_array_index (pages, i), f->mime);
      }
  g_object_unref (self);
}

static void
slot_reuse_cb (McAttachSlot *slot, McIntakePage *self)
{
  guint i;
  ReuseJob *job;

  if (!g_ptr_array_find (self->document_slots, slot, &i) || i >= self->offers->len ||
      g_ptr_array_index (self->offers, i) == NULL || self->store == NULL)
    return;
  job = g_new0 (ReuseJob, 1);
  job->slot = g_object_ref (slot);
  job->scan = g_ptr_array_steal_index (self->offers, i);
  g_ptr_array_insert (self->offers, (int) i, NULL);
  mc_worker_run (mc_worker_for_store (self->store), reuse_job_run, job,
                 (GDestroyNotify) reuse_job_free, (GDestroyNotify) g_ptr_array_unref, NULL,
                 reuse_done_cb, g_object_ref (self));
}

static void
show_documents (McIntakePage *self)
{
  clear_box (self->documents_list);
  g_ptr_array_set_size (self->document_checks, 0);
  g_ptr_array_set_size (self->document_slots, 0);
  for (guint i = 0; self->procedure != NULL && i < self->procedure->documents->len; i++)
    {
      McDocumentTemplate *t = g_ptr_array_index (self->procedure->documents, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* TRANSLATORS: a document of a procedure's list: "2 copies · required" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d copy%s", "%d copies%s",
                                               MAX (t->quantity, 1)),
                                  MAX (t->quantity, 1), t->required ? _(" · required") : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), t->required);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      {
        GtkWidget *slot = mc_attach_slot_new ();

        mc_attach_slot_set_removable (MC_ATTACH_SLOT (slot), TRUE);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), slot);
        g_signal_connect_swapped (slot, "refused", G_CALLBACK (slot_refused_cb), self);
        g_signal_connect_swapped (slot, "changed", G_CALLBACK (slot_changed_cb), self);
        g_signal_connect (slot, "reuse", G_CALLBACK (slot_reuse_cb), self);
        g_ptr_array_add (self->document_slots, slot);
      }
      gtk_list_box_append (self->documents_list, row);
      g_ptr_array_add (self->document_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->documents_group), self->document_checks->len > 0);
  update_offers (self);
}

static void
procedure_selected_cb (McIntakePage  *self,
                       GtkListBoxRow *row)
{
  int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  self->procedure = i >= 0 && (guint) i < self->procedures->len
                    ? g_ptr_array_index (self->procedures, i) : NULL;
  show_documents (self);
  update_preview (self);
}

static void
fill_procedures (McIntakePage *self)
{
  g_autoptr(GPtrArray) all = mc_store_list_procedures (self->store, NULL);

  clear_box (self->procedure_list);
  g_ptr_array_set_size (self->procedures, 0);
  self->procedure = NULL;
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      McProcedure *p = g_ptr_array_index (all, i);
      GtkWidget *row;

      if (!p->active)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->code);
      /* The filter reads the array: the procedure goes in first. */
      g_ptr_array_add (self->procedures, g_steal_pointer (&all->pdata[i]));
      gtk_list_box_append (self->procedure_list, row);
    }
}

/* ---- Fields and saving ---- */

static GtkWidget *
field_row (McIntakePage *self,
           int           field)
{
  switch (field)
    {
    case FIELD_NAME:      return GTK_WIDGET (self->name_row);
    case FIELD_ID_NUMBER: return GTK_WIDGET (self->id_number_row);
    case FIELD_PHONE:     return GTK_WIDGET (self->phone_row);
    case FIELD_ADDRESS:   return GTK_WIDGET (self->address_row);
    case FIELD_REP_NAME:  return GTK_WIDGET (self->representative_name_row);
    case FIELD_REP_PHONE: return GTK_WIDGET (self->representative_phone_row);
    case FIELD_REP_ID_NUMBER: return GTK_WIDGET (self->representative_id_number_row);
    case FIELD_EMAIL:     return GTK_WIDGET (self->email_row);
    case FIELD_REQUEST:   return GTK_WIDGET (self->request_row);
    default:              return NULL;
    }
}

static void
clear_marks (McIntakePage *self)
{
  for (int f = 0; f < N_FIELDS; f++)
    gtk_widget_remove_css_class (field_row (self, f), "error");
  gtk_label_set_label (self->error_label, "");
}

static void
clear_mark_cb (GtkWidget *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static int
field_of_problem (McIntakeField field)
{
  switch (field)
    {
    case MC_INTAKE_FIELD_NAME:      return FIELD_NAME;
    case MC_INTAKE_FIELD_ID_NUMBER: return FIELD_ID_NUMBER;
    case MC_INTAKE_FIELD_PHONE:     return FIELD_PHONE;
    case MC_INTAKE_FIELD_ADDRESS:   return FIELD_ADDRESS;
    case MC_INTAKE_FIELD_EMAIL:     return FIELD_EMAIL;
    case MC_INTAKE_FIELD_REP_NAME:  return FIELD_REP_NAME;
    case MC_INTAKE_FIELD_REP_PHONE: return FIELD_REP_PHONE;
    case MC_INTAKE_FIELD_REP_ID_NUMBER: return FIELD_REP_ID_NUMBER;
    case MC_INTAKE_FIELD_REQUEST:   return FIELD_REQUEST;
    case MC_INTAKE_FIELD_OTHER:
    default:                        return -1;
    }
}

/* The field's row marked red (and opened when it is the representative's), the first one
 * focused. */
static void
mark_field (McIntakePage *self,
            int           field,
            gboolean      focus)
{
  GtkWidget *row = field_row (self, field);

  if (row == NULL)
    return;
  if (field == FIELD_REP_NAME || field == FIELD_REP_PHONE || field == FIELD_REP_ID_NUMBER)
    adw_expander_row_set_expanded (self->representative_row, TRUE);
  gtk_widget_add_css_class (row, "error");
  if (focus)
    gtk_widget_grab_focus (row);
}

gboolean
mc_intake_page_save (McIntakePage *self)
{
  /* Core's own words for the fields, as it writes them in its sentences. */
  const char *field_names[N_FIELDS] = {
    [FIELD_NAME] = _("applicant’s name"),
    [FIELD_ID_NUMBER] = _("applicant’s ID number"),
    [FIELD_PHONE] = _("applicant’s phone number"),
    [FIELD_ADDRESS] = _("applicant’s address"),
    [FIELD_REP_NAME] = _("representative’s name"),
    [FIELD_REP_PHONE] = _("representative’s phone number"),
    [FIELD_REP_ID_NUMBER] = _("representative’s ID number"),
    [FIELD_EMAIL] = _("applicant’s email address"),
    [FIELD_REQUEST] = _("request"),
  };
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean represented = adw_expander_row_get_enable_expansion (self->representative_row);
  McIntake intake = { 0 };
  gint64 id;
  int field;

  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), FALSE);

  clear_marks (self);
  if (self->store == NULL)
    return FALSE;

  for (guint i = 0; self->procedure != NULL && i < self->document_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->document_checks, i)))
      {
        McDocumentTemplate *t = g_ptr_array_index (self->procedure->documents, i);
        McDossierDocument *doc = g_new0 (McDossierDocument, 1);
        GPtrArray *scans = mc_attach_slot_get_files (g_ptr_array_index (self->document_slots, i));

        /* The scans of the document go with it, at its place among those received. */
        for (guint k = 0; k < scans->len; k++)
          {
            McAttachmentFile *f = g_ptr_array_index (scans, k);

            g_ptr_array_add (files, mc_attachment_file_copy (f, (int) documents->len));
          }

        /* The template owns the name for as long as this call. */
        doc->name = t->name;
        doc->copy_kind = t->copy_kind;
        doc->quantity = MAX (t->quantity, 1);
        g_ptr_array_add (documents, doc);
      }

  intake.procedure_id = self->procedure != NULL ? self->procedure->id : 0;
  intake.channel = selected_channel (self);
  intake.applicant_name = text_of (self->name_row);
  intake.applicant_id_number = text_of (self->id_number_row);
  intake.applicant_phone = text_of (self->phone_row);
  intake.applicant_address = text_of (self->address_row);
  intake.applicant_email = text_of (self->email_row);
  intake.request = text_of (self->request_row);
  intake.representative_name = represented ? text_of (self->representative_name_row) : "";
  intake.representative_phone = represented ? text_of (self->representative_phone_row) : "";
  intake.representative_id_number = represented ? text_of (self->representative_id_number_row)
                                                : "";
  intake.documents = documents;
  intake.files = files;
  intake.fee = self->procedure != NULL ? self->procedure->fee : 0;

  /* Every problem at once, each at its field: the officer corrects them in one pass. */
  problems = mc_workflow_validate_intake (&intake);
  if (self->procedure == NULL || problems->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean focused = FALSE;

      if (self->procedure == NULL)
        {
          g_string_append (text, _("Choose the procedure: type part of its name or its code, "
                                   "then click it in the list."));
          gtk_widget_grab_focus (GTK_WIDGET (self->procedure_entry));
          focused = TRUE;
        }
      for (guint i = 0; i < problems->len; i++)
        {
          McIntakeProblem *problem = g_ptr_array_index (problems, i);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, problem->message);
          mark_field (self, field_of_problem (problem->field), !focused);
          focused = focused || field_of_problem (problem->field) >= 0;
        }
      gtk_label_set_label (self->error_label, text->str);
      return FALSE;
    }

  id = mc_workflow_intake (self->store, self->officer_id, &intake, &error);
  if (id == 0)
    {
      gtk_label_set_label (self->error_label, error->message);
      field = mc_desk_field_of_error (error->message, field_names, N_FIELDS);
      if (field >= 0)
        mark_field (self, field, TRUE);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_RECEIVED], 0, id);
  return TRUE;
}

/* ---- A returning citizen ---- */

static void
returning_cb (McIntakePage *self)
{
  const char *number = text_of (self->id_number_row);
  gsize len = strlen (number);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  g_clear_pointer (&self->returning, mc_dossier_free);
  if (self->store != NULL && (len == 9 || len == 12) && strspn (number, "0123456789") == len)
    {
      self->returning = mc_store_find_applicant (self->store, number, NULL);
      look_up_earlier (self, number);
    }
  else
    look_up_earlier (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->returning_row), self->returning != NULL);
  if (self->returning == NULL)
    return;
  /* TRANSLATORS: above the applicant's fields when the ID number typed is known */
  title = g_strdup_printf (_("Returning applicant: %s"), self->returning->applicant_name);
  subtitle = g_strdup_printf ("%s · %s",
                              *self->returning->applicant_phone ? self->returning->applicant_phone
                                                                : "—",
                              *self->returning->applicant_address
                              ? self->returning->applicant_address : "—");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->returning_row), title);
  adw_action_row_set_subtitle (self->returning_row, subtitle);
}

/* Offered, never forced: only the fields still empty are filled. */
gboolean
mc_intake_page_fill_returning (McIntakePage *self)
{
  struct { AdwEntryRow *row; const char *value; } fields[4];

  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), FALSE);

  if (self->returning == NULL)
    return FALSE;
  fields[0].row = self->name_row;
  fields[0].value = self->returning->applicant_name;
  fields[1].row = self->phone_row;
  fields[1].value = self->returning->applicant_phone;
  fields[2].row = self->address_row;
  fields[2].value = self->returning->applicant_address;
  fields[3].row = self->email_row;
  fields[3].value = self->returning->applicant_email;
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*text_of (fields[i].row) == '\0' && fields[i].value != NULL)
      gtk_editable_set_text (GTK_EDITABLE (fields[i].row), fields[i].value);
  gtk_widget_set_visible (GTK_WIDGET (self->returning_row), FALSE);
  return TRUE;
}

static void
clear_form (McIntakePage *self)
{
  AdwEntryRow *rows[] = { self->name_row, self->id_number_row, self->phone_row,
                          self->address_row, self->email_row, self->request_row,
                          self->representative_name_row, self->representative_phone_row,
                          self->representative_id_number_row };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (rows[i]), "");
  adw_expander_row_set_enable_expansion (self->representative_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->procedure_entry), "");
  gtk_list_box_unselect_all (self->procedure_list);
  adw_combo_row_set_selected (self->channel_row, 0);
  clear_marks (self);
  procedure_selected_cb (self, NULL);
}

static void
received_default_cb (McIntakePage *self)
{
  clear_form (self);
}

/* ---- Public ---- */

McIntakePage *
mc_intake_page_new (void)
{
  return g_object_new (MC_TYPE_INTAKE_PAGE, NULL);
}

void
mc_intake_page_set_session (McIntakePage    *self,
                            McStore         *store,
                            const McOfficer *officer)
{
  g_return_if_fail (MC_IS_INTAKE_PAGE (self));

  g_set_object (&self->store, store);
  self->officer_id = officer != NULL ? officer->id : 0;
  if (store != NULL)
    fill_procedures (self);
  clear_form (self);
}

guint
mc_intake_page_count_matches (McIntakePage *self)
{
  guint n = 0;

  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), 0);

  procedure_search_cb (self);
  for (guint i = 0; i < self->procedures->len; i++)
    n += mc_desk_procedure_matches (g_ptr_array_index (self->procedures, i), self->folded_query);
  return n;
}

gboolean
mc_intake_page_pick_first (McIntakePage *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), FALSE);

  procedure_search_cb (self);
  for (guint i = 0; i < self->procedures->len; i++)
    if (mc_desk_procedure_matches (g_ptr_array_index (self->procedures, i), self->folded_query))
      {
        gtk_list_box_select_row (self->procedure_list,
                                 gtk_list_box_get_row_at_index (self->procedure_list, (int) i));
        return TRUE;
      }
  return FALSE;
}

/* Enter in the search: the only procedure that matches is chosen, and the form goes on. */
static void
procedure_activate_cb (McIntakePage *self)
{
  if (mc_intake_page_count_matches (self) == 1 && mc_intake_page_pick_first (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->id_number_row));
}

McTime
mc_intake_page_get_preview (McIntakePage *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), MC_TIME_NONE);

  return self->preview;
}

/* ---- GObject ---- */

static void
mc_intake_page_dispose (GObject *object)
{
  McIntakePage *self = MC_INTAKE_PAGE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->returning, mc_dossier_free);
  g_clear_pointer (&self->earlier, g_ptr_array_unref);
  self->procedure = NULL;
  /* The bin unparents its child itself. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_INTAKE_PAGE);

  G_OBJECT_CLASS (mc_intake_page_parent_class)->dispose (object);
}

static void
mc_intake_page_finalize (GObject *object)
{
  McIntakePage *self = MC_INTAKE_PAGE (object);

  g_ptr_array_unref (self->procedures);
  g_ptr_array_unref (self->document_checks);
  g_ptr_array_unref (self->document_slots);
  g_ptr_array_unref (self->offers);
  g_free (self->folded_query);
  g_free (self->earlier_number);

  G_OBJECT_CLASS (mc_intake_page_parent_class)->finalize (object);
}

static void
mc_intake_page_class_init (McIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_intake_page_dispose;
  object_class->finalize = mc_intake_page_finalize;

  /* After the handlers (the window offers the receipt), the form is cleared for the next. */
  signals[SIGNAL_RECEIVED] =
    g_signal_new_class_handler ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (received_default_cb),
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, page);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, procedure_entry);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, procedure_list);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, returning_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, fill_button);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, request_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, address_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, representative_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, representative_name_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, representative_phone_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, representative_id_number_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, documents_group);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, due_label);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, McIntakePage, save_button);
}

static void
mc_intake_page_init (McIntakePage *self)
{
  g_autoptr(GtkStringList) channel_names = gtk_string_list_new (NULL);
  GtkWidget *documents_list = gtk_list_box_new ();

  self->procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_free);
  self->document_checks = g_ptr_array_new ();
  self->document_slots = g_ptr_array_new ();
  self->offers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_reusable_scan_free);
  self->preview = MC_TIME_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (documents_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (documents_list, "boxed-list");
  adw_preferences_group_add (self->documents_group, documents_list);
  self->documents_list = GTK_LIST_BOX (documents_list);

  for (gsize i = 0; i < G_N_ELEMENTS (channels); i++)
    gtk_string_list_append (channel_names, mc_channel_to_string (channels[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channel_names));

  gtk_list_box_set_filter_func (self->procedure_list, filter_procedure, self, NULL);
  g_signal_connect_swapped (self->procedure_entry, "search-changed",
                            G_CALLBACK (procedure_search_cb), self);
  g_signal_connect_swapped (self->procedure_list, "row-selected",
                            G_CALLBACK (procedure_selected_cb), self);
  g_signal_connect_swapped (self->channel_row, "notify::selected",
                            G_CALLBACK (update_preview), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (mc_intake_page_save), self);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_form), self);
  g_signal_connect_swapped (self->procedure_entry, "activate",
                            G_CALLBACK (procedure_activate_cb), self);
  g_signal_connect_swapped (self->id_number_row, "changed", G_CALLBACK (returning_cb), self);
  /* An identity paper is reused only when the applicant files in person. */
  g_signal_connect_swapped (self->representative_row, "notify::enable-expansion",
                            G_CALLBACK (update_offers), self);
  g_signal_connect_swapped (self->fill_button, "clicked",
                            G_CALLBACK (mc_intake_page_fill_returning), self);
  /* The longest each field takes (core refuses longer), and a mark cleared once edited. */
  {
    const struct { int field; int max; } limits[] = {
      { FIELD_NAME, MC_INTAKE_MAX_NAME }, { FIELD_ID_NUMBER, MC_INTAKE_MAX_ID },
      { FIELD_PHONE, MC_INTAKE_MAX_PHONE }, { FIELD_ADDRESS, MC_INTAKE_MAX_ADDRESS },
      { FIELD_REP_NAME, MC_INTAKE_MAX_NAME }, { FIELD_REP_PHONE, MC_INTAKE_MAX_PHONE },
      { FIELD_REP_ID_NUMBER, MC_INTAKE_MAX_ID },
      { FIELD_EMAIL, MC_INTAKE_MAX_EMAIL }, { FIELD_REQUEST, MC_INTAKE_MAX_REQUEST },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
      {
        GtkWidget *row = field_row (self, limits[i].field);
        GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

        if (GTK_IS_TEXT (delegate))
          gtk_text_set_max_length (GTK_TEXT (delegate), limits[i].max);
        g_signal_connect (row, "changed", G_CALLBACK (clear_mark_cb), NULL);
      }
  }
  self->timer = g_timeout_add_seconds (30, tick_cb, self);
  update_preview (self);
}

/* The slot of the Nth document of the procedure's list (for tests), NULL when none. */
McAttachSlot *
mc_intake_page_get_slot (McIntakePage *self, guint n)
{
  g_return_val_if_fail (MC_IS_INTAKE_PAGE (self), NULL);
  return n < self->document_slots->len ? g_ptr_array_index (self->document_slots, n) : NULL;
}
