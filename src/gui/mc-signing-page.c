/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-checkpoint.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-print.h"
#include "mc-report.h"
#include "mc-review-view.h"
#include "mc-signature.h"
#include "mc-signing-page.h"
#include "mc-text.h"
#include "mc-worker.h"
#include "mc-workflow.h"

struct _McSigningPage
{
  AdwBin parent_instance;

  McStore          *store;
  McOfficer        *officer;
  GtkStringList    *ids;          /* the queue: dossier ids in decimal, in core's order */
  gint64            opened_id;    /* the dossier under review, 0 when none */
  AdwMessageDialog *dialog;       /* the password or reason dialog while it is open */

  GCancellable    *cancellable;  /* the key confirmation or checkpoint under way */
  gboolean         keys_busy;
  gboolean         signing;      /* a signature under way on the worker */

  AdwToastOverlay *toast_overlay;
  GtkListBox      *keys_list;
  GtkStack        *stack;
  GtkLabel        *queue_title;
  GtkListView     *list_view;
  McReviewView    *review_view;
};

G_DEFINE_FINAL_TYPE (McSigningPage, mc_signing_page, ADW_TYPE_BIN)

/* ---- Rules without a display ---- */

McSigningMarks
mc_signing_marks (const McDossier *d)
{
  McSigningMarks marks = 0;

  g_return_val_if_fail (d != NULL, 0);

  if (d->supplement_count > 0)
    marks |= MC_SIGNING_MARK_SUPPLEMENT;
  if (d->reassign_count > 0)
    marks |= MC_SIGNING_MARK_REASSIGN;
  if (d->apology_count > 0)
    marks |= MC_SIGNING_MARK_APOLOGY;
  return marks;
}

gboolean
mc_signing_can_approve (const McDossier *d,
                        const McOfficer *officer,
                        gint64           opened_id)
{
  if (d == NULL || officer == NULL || opened_id == 0 || d->id != opened_id)
    return FALSE;
  return mc_workflow_check (MC_ACTION_SIGN, d->status, d->step, officer->role,
                            d->handler_id == officer->id, NULL);
}

char *
mc_signing_time_left (const McCalendar *calendar,
                      const McDossier  *d,
                      McTime            now,
                      gboolean         *overdue)
{
  gint64 left;

  g_return_val_if_fail (calendar != NULL, NULL);
  g_return_val_if_fail (d != NULL, NULL);

  left = mc_desk_time_left (calendar, d, now);
  if (overdue != NULL)
    *overdue = mc_desk_clock (d, now) == MC_DESK_CLOCK_OVERDUE;
  if (d->due_at == MC_TIME_NONE)
    return g_strdup (_("No appointment"));
  return mc_desk_format_dossier_left (calendar, d, left, now);
}

/* ---- The queue's rows ---- */

static McTime
now_seconds (void)
{
  return mc_now ();
}

static GtkWidget *
row_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *marks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_hexpand (left, TRUE);
  gtk_widget_set_halign (right, GTK_ALIGN_END);
  gtk_widget_set_valign (right, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (marks, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (row), left);
  gtk_box_append (GTK_BOX (row), right);

  g_object_set_data (G_OBJECT (row), "title", row_label (left, "heading"));
  g_object_set_data (G_OBJECT (row), "procedure", row_label (left, NULL));
  g_object_set_data (G_OBJECT (row), "specialist", row_label (left, "dim-label"));
  g_object_set_data (G_OBJECT (row), "left", row_label (right, "heading"));
  gtk_label_set_xalign (g_object_get_data (G_OBJECT (row), "left"), 1);
  gtk_box_append (GTK_BOX (right), marks);
  g_object_set_data (G_OBJECT (row), "marks", marks);

  gtk_list_item_set_child (item, row);
}

static void
add_mark (GtkWidget  *marks,
          const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "signing-mark");
  gtk_box_append (GTK_BOX (marks), label);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  McSigningPage *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkLabel *left = g_object_get_data (G_OBJECT (row), "left");
  GtkWidget *marks = g_object_get_data (G_OBJECT (row), "marks");
  gint64 id = g_ascii_strtoll (gtk_string_object_get_string (string), NULL, 10);
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *specialist = NULL;
  g_autofree char *time_left = NULL;
  McSigningMarks flags;
  GtkWidget *child;
  gboolean overdue;

  while ((child = gtk_widget_get_first_child (marks)) != NULL)
    gtk_box_remove (GTK_BOX (marks), child);

  d = self->store != NULL ? mc_store_get_dossier (self->store, id, &error) : NULL;
  if (d == NULL)
    {
      gtk_label_set_label (g_object_get_data (G_OBJECT (row), "title"),
                           error != NULL ? error->message : "");
      gtk_label_set_label (g_object_get_data (G_OBJECT (row), "procedure"), "");
      gtk_label_set_label (g_object_get_data (G_OBJECT (row), "specialist"), "");
      gtk_label_set_label (left, "");
      return;
    }

  {
    g_autofree char *code = mc_desk_code_text (d->code);

    title = g_strdup_printf ("%s · %s", code, d->applicant_name);
  }
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "title"), title);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "procedure"), d->procedure_name);
  /* TRANSLATORS: who submitted the dossier for signature */
  specialist = g_strdup_printf (_("Submitted by %s"),
                                d->handler_name != NULL && d->handler_name[0] != '\0'
                                ? d->handler_name : _("nobody named"));
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "specialist"), specialist);

  /* An apology's new appointment does not make a late dossier timely: the rule reads the
   * appointment (the "Apology sent" mark says the rest). */
  time_left = mc_signing_time_left (mc_store_get_calendar (self->store), d, now_seconds (),
                                    &overdue);
  gtk_label_set_label (left, time_left);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (left), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (left), "error");

  flags = mc_signing_marks (d);
  if (flags & MC_SIGNING_MARK_SUPPLEMENT)
    add_mark (marks, _("Supplemented"));
  if (flags & MC_SIGNING_MARK_REASSIGN)
    add_mark (marks, _("Reassigned"));
  if (flags & MC_SIGNING_MARK_APOLOGY)
    add_mark (marks, _("Apology sent"));
  gtk_widget_set_visible (marks, flags != 0);
}

/* ---- State ---- */

static gboolean
officer_signs (const McOfficer *officer)
{
  return officer != NULL &&
         mc_workflow_check (MC_ACTION_SIGN, MC_STATUS_PROCESSING, MC_STEP_SUBMITTED,
                            officer->role, FALSE, NULL);
}

static gboolean
reviewing (McSigningPage *self)
{
  return self->opened_id != 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0;
}

static void
update_actions (McSigningPage *self)
{
  const McDossier *d = reviewing (self) ? mc_review_view_get_dossier (self->review_view) : NULL;
  gboolean can_send_back = d != NULL && self->officer != NULL &&
                           mc_workflow_check (MC_ACTION_SEND_BACK, d->status, d->step,
                                              self->officer->role,
                                              d->handler_id == self->officer->id, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signing.approve",
                                 mc_signing_page_get_can_approve (self) && !self->signing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signing.send-back", can_send_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signing.back", reviewing (self));
}

static void
toast (McSigningPage *self,
       const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ---- The leaders' keys ---- */

static void refresh_keys (McSigningPage *self);
static void ask_key_password (McSigningPage *self, const char *what, gint64 holder_id,
                              const char *holder_name, const char *fingerprint,
                              const char *problem);

typedef struct {
  gint64  actor_id;
  gint64  holder_id;     /* 0: a checkpoint */
  char   *holder_name;
  char   *fingerprint;
  char   *password;
} KeyJob;

static void
key_job_free (KeyJob *job)
{
  g_free (job->holder_name);
  g_free (job->fingerprint);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static gpointer
key_job_run (McStore      *store,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  KeyJob *job = data;

  if (job->holder_id == 0)
    return mc_checkpoint_create (store, job->actor_id, job->password, error);
  if (!mc_signature_confirm_key (store, job->actor_id, job->holder_id, job->password, error))
    return NULL;
  return g_strdup (job->holder_name);
}

typedef struct {
  McSigningPage *self;
  gint64         holder_id;
  char          *holder_name;
  char          *fingerprint;
} KeyReply;

static void
key_reply_free (KeyReply *reply)
{
  g_object_unref (reply->self);
  g_free (reply->holder_name);
  g_free (reply->fingerprint);
  g_free (reply);
}

static void
key_job_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KeyReply *reply = user_data;
  McSigningPage *self = reply->self;
  g_autoptr(GError) error = NULL;
  gpointer done = mc_worker_finish (MC_WORKER (source), result, &error);

  self->keys_busy = FALSE;
  if (done == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->officer != NULL)
        {
          /* A wrong password asks again, with core's sentence; anything else is said once. */
          if (g_error_matches (error, MC_ERROR, MC_ERROR_PERMISSION) &&
              gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
            ask_key_password (self, reply->holder_id == 0 ? "checkpoint" : "confirm",
                              reply->holder_id, reply->holder_name, reply->fingerprint,
                              error->message);
          else
            toast (self, error->message);
        }
      refresh_keys (self);
      key_reply_free (reply);
      return;
    }
  if (reply->holder_id == 0)
    {
      McCheckpoint *checkpoint = done;
      g_autofree char *when = mc_format_time (checkpoint->at);
      g_autofree char *count = mc_format_int (checkpoint->audit_count);
      /* TRANSLATORS: "Checkpoint signed at 14:05 02/12/2026: the log holds 1,234 records." */
      g_autofree char *text = g_strdup_printf (_("Checkpoint signed at %s: the log holds %s "
                                                 "records. It is printed in the month’s report."),
                                               when, count);

      toast (self, text);
      mc_checkpoint_free (checkpoint);
    }
  else
    {
      /* TRANSLATORS: "Nguyễn Văn Hùng’s signing key is confirmed: they can sign now." */
      g_autofree char *text = g_strdup_printf (_("%s’s signing key is confirmed: they can sign "
                                                 "now."), (char *) done);

      toast (self, text);
      g_free (done);
    }
  refresh_keys (self);
  key_reply_free (reply);
}

static void
key_password_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          McSigningPage    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  KeyJob *job;
  KeyReply *reply;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  if ((g_strcmp0 (response, "confirm") != 0 && g_strcmp0 (response, "checkpoint") != 0) ||
      self->store == NULL || self->officer == NULL || self->keys_busy)
    return;

  job = g_new0 (KeyJob, 1);
  job->actor_id = self->officer->id;
  job->holder_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "holder");
  job->holder_name = g_strdup (g_object_get_data (G_OBJECT (dialog), "holder-name"));
  job->fingerprint = g_strdup (g_object_get_data (G_OBJECT (dialog), "fingerprint"));
  job->password = g_strdup (gtk_editable_get_text (entry));
  reply = g_new0 (KeyReply, 1);
  reply->self = g_object_ref (self);
  reply->holder_id = job->holder_id;
  reply->holder_name = g_strdup (job->holder_name);
  reply->fingerprint = g_strdup (job->fingerprint);

  self->keys_busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->keys_list), FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* Argon2id and, for a checkpoint, a pass over every dossier: off the main thread. */
  mc_worker_run (mc_worker_for_store (self->store), key_job_run, job,
                 (GDestroyNotify) key_job_free,
                 job->holder_id == 0 ? (GDestroyNotify) mc_checkpoint_free : g_free,
                 self->cancellable, key_job_done_cb, reply);
  toast (self, job->holder_id == 0 ? _("Signing the checkpoint: every dossier is read, this "
                                       "can take a few seconds…")
                                   : _("Confirming the key…"));
}

/* WHAT: "confirm" (HOLDER_ID's key, with FINGERPRINT) or "checkpoint". PROBLEM: core's sentence
 * about the last attempt, or NULL. */
static void
ask_key_password (McSigningPage *self,
                  const char    *what,
                  gint64         holder_id,
                  const char    *holder_name,
                  const char    *fingerprint,
                  const char    *problem)
{
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  gboolean checkpoint = g_str_equal (what, "checkpoint");
  gint64 *holder = g_new (gint64, 1);

  if (self->dialog != NULL)
    return;
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Your password"));
  if (checkpoint)
    {
      heading = g_strdup (_("Sign a Checkpoint of the Audit Log?"));
      body = g_strdup (_("Your signature fixes the audit log and every dossier as they are now. "
                         "The month’s report prints it, so that the paper sent to the province "
                         "shows any later change made without a record. Enter your password to "
                         "sign."));
    }
  else
    {
      /* TRANSLATORS: "Confirm Nguyễn Văn Hùng’s Signing Key?" */
      heading = g_strdup_printf (_("Confirm %s’s Signing Key?"), holder_name);
      body = g_strdup_printf (_("Your signature vouches that the key with the fingerprint %s "
                                "belongs to %s. Compare it with the fingerprint that %s reads "
                                "from their own screen, then enter your password to confirm."),
                              fingerprint, holder_name, holder_name);
    }
  if (problem != NULL)
    {
      g_autofree char *longer = g_strdup_printf ("%s\n\n%s", problem, body);

      g_free (body);
      body = g_steal_pointer (&longer);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, body));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, what, checkpoint ? _("_Sign") : _("C_onfirm"));
  adw_message_dialog_set_response_appearance (dialog, what, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, what);
  adw_message_dialog_set_close_response (dialog, "cancel");
  *holder = holder_id;
  g_object_set_data_full (G_OBJECT (dialog), "holder", holder, g_free);
  g_object_set_data_full (G_OBJECT (dialog), "holder-name", g_strdup (holder_name), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "fingerprint", g_strdup (fingerprint), g_free);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (key_password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
confirm_clicked_cb (GtkButton     *button,
                    McSigningPage *self)
{
  ask_key_password (self, "confirm",
                    *(gint64 *) g_object_get_data (G_OBJECT (button), "holder"),
                    g_object_get_data (G_OBJECT (button), "holder-name"),
                    g_object_get_data (G_OBJECT (button), "fingerprint"), NULL);
}

static void
checkpoint_clicked_cb (GtkButton     *button,
                       McSigningPage *self)
{
  ask_key_password (self, "checkpoint", 0, NULL, NULL, NULL);
}

static void
print_keys_clicked_cb (GtkButton     *button,
                       McSigningPage *self)
{
  McReportOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  McDocument *doc;
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  if (self->store == NULL)
    return;
  /* A page of a few lines: built here. */
  doc = mc_report_keys_new (self->store, &options, &error);
  if (doc == NULL)
    mc_print_show_error (parent, _("The Key List Could Not Be Made"), error);
  else
    mc_print_document (parent, doc, _("Leaders’ signing keys"));
}

static GtkWidget *
key_button (const char *label,
            gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

static void
refresh_keys (McSigningPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(McCheckpoint) last = NULL;
  McSignatureKeyInfo *own = NULL;
  GtkWidget *child;
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *subtitle = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->keys_list))) != NULL)
    gtk_list_box_remove (self->keys_list, child);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keys_list), !self->keys_busy);
  if (self->store == NULL || !officer_signs (self->officer))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->keys_list), FALSE);
      return;
    }
  waiting = mc_signature_list_waiting (self->store, self->officer->id, &own, &error);
  if (waiting == NULL)
    {
      toast (self, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->keys_list), FALSE);
      return;
    }

  if (own != NULL)
    {
      g_autofree char *own_subtitle = g_strdup_printf (
        self->officer->role == MC_ROLE_CHAIRMAN
        ? _("Fingerprint %s. A vice-chairman confirms it with their own signature, on their "
            "workstation; read this fingerprint to them. Until then you cannot sign.")
        : _("Fingerprint %s. The chairman confirms it with their own signature, on their "
            "workstation; read this fingerprint to them. Until then you cannot sign."),
        own->fingerprint);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Your signing key is not confirmed yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), own_subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_widget_set_name (row, "own-key");
      gtk_list_box_append (self->keys_list, row);
      mc_signature_key_info_free (own);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      const McSignatureKeyInfo *k = g_ptr_array_index (waiting, i);
      g_autofree char *made = mc_format_time (k->created_at);
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;
      gint64 *holder = g_new (gint64, 1);

      /* TRANSLATORS: "Nguyễn Văn Hùng’s signing key waits for your confirmation" */
      title = g_strdup_printf (_("%s’s signing key waits for your confirmation"),
                               k->officer_name);
      text = g_strdup_printf (k->after_reset
                              ? _("Fingerprint %s, made %s after a password reset.")
                              : _("Fingerprint %s, made %s."),
                              k->fingerprint, made);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-password-symbolic"));
      button = key_button (_("C_onfirm…"), TRUE);
      *holder = k->officer_id;
      g_object_set_data_full (G_OBJECT (button), "holder", holder, g_free);
      g_object_set_data_full (G_OBJECT (button), "holder-name", g_strdup (k->officer_name),
                              g_free);
      g_object_set_data_full (G_OBJECT (button), "fingerprint", g_strdup (k->fingerprint),
                              g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (confirm_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_widget_set_name (row, "waiting-key");
      gtk_list_box_append (self->keys_list, row);
    }

  /* The key list for the province, and the checkpoints (the chairman's). */
  last = mc_checkpoint_get_last (self->store, NULL);
  if (last != NULL)
    {
      g_autofree char *when = mc_format_time (last->at);

      /* TRANSLATORS: "The last checkpoint of the audit log: 14:05 30/11/2026, by Nguyễn Văn Hùng." */
      subtitle = g_strdup_printf (_("The last checkpoint of the audit log: %s, by %s."), when,
                                  last->officer_name);
    }
  else
    subtitle = g_strdup (_("No checkpoint of the audit log has been signed yet."));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Signing keys and checkpoints"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  button = key_button (_("_Print Key List…"), FALSE);
  gtk_widget_set_tooltip_text (button, _("The leaders’ keys and who confirmed each, one page "
                                         "to send to the province"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (print_keys_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  if (self->officer->role == MC_ROLE_CHAIRMAN)
    {
      button = key_button (_("Sign a C_heckpoint…"), FALSE);
      gtk_widget_set_name (button, "checkpoint-button");
      g_signal_connect_object (button, "clicked", G_CALLBACK (checkpoint_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_widget_set_name (row, "keys-row");
  gtk_list_box_append (self->keys_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_list), !reviewing (self));
}

gboolean
mc_signing_page_get_busy (McSigningPage *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_PAGE (self), FALSE);

  return self->signing || self->keys_busy;
}

GtkListBox *
mc_signing_page_get_keys_list (McSigningPage *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_PAGE (self), NULL);

  return self->keys_list;
}

void
mc_signing_page_refresh (McSigningPage *self)
{
  McQuery q = { .statuses = 1u << MC_STATUS_PROCESSING, .step = MC_STEP_SUBMITTED,
                .sort = MC_SORT_DUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;

  g_return_if_fail (MC_IS_SIGNING_PAGE (self));

  if (self->store == NULL || !officer_signs (self->officer))
    {
      self->opened_id = 0;
      gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)),
                              NULL);
      gtk_stack_set_visible_child_name (self->stack, "not-leader");
      refresh_keys (self);
      update_actions (self);
      return;
    }

  ids = mc_store_query_ids (self->store, &q, &error);
  if (ids == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (strings, g_strdup_printf ("%" G_GINT64_FORMAT,
                                               g_array_index (ids, gint64, i)));
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)),
                          (const char * const *) strings->pdata);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u dossier waits for your signature",
                                        "%u dossiers wait for your signature", ids->len),
                           ids->len);
  gtk_label_set_label (self->queue_title, title);

  if (!reviewing (self))
    gtk_stack_set_visible_child_name (self->stack, ids->len > 0 ? "queue" : "empty");
  refresh_keys (self);
  update_actions (self);
}

void
mc_signing_page_set_session (McSigningPage   *self,
                             McStore         *store,
                             const McOfficer *officer)
{
  g_return_if_fail (MC_IS_SIGNING_PAGE (self));
  g_return_if_fail (store == NULL || MC_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  /* A copy of our own: the window's officer may be freed at sign-out. */
  if (officer != NULL && store != NULL)
    self->officer = mc_store_get_officer (store, officer->id, NULL);
  self->opened_id = 0;
  mc_signing_page_refresh (self);
}

GArray *
mc_signing_page_get_ids (McSigningPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ids));
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_ascii_strtoll (gtk_string_list_get_string (self->ids, i), NULL, 10);
      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
open_review (McSigningPage  *self,
             gint64          dossier_id,
             gboolean        focus,
             GError        **error)
{

  if (self->store == NULL || !officer_signs (self->officer))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only the chairman or a vice-chairman reviews dossiers for signature."));
      return FALSE;
    }
  if (!mc_review_view_show (self->review_view, self->store, self->officer, dossier_id, 0, error))
    return FALSE;
  self->opened_id = dossier_id;
  gtk_stack_set_visible_child_name (self->stack, "review");
  gtk_widget_set_visible (GTK_WIDGET (self->keys_list), FALSE);
  /* Focus inside the review, so that Ctrl+Enter reaches the page's shortcut. */
  if (focus)
    gtk_widget_child_focus (GTK_WIDGET (self->review_view), GTK_DIR_TAB_FORWARD);
  update_actions (self);
  return TRUE;
}

gboolean
mc_signing_page_open (McSigningPage  *self,
                      gint64          dossier_id,
                      GError        **error)
{
  g_return_val_if_fail (MC_IS_SIGNING_PAGE (self), FALSE);

  return open_review (self, dossier_id, TRUE, error);
}

void
mc_signing_page_close_review (McSigningPage *self)
{
  g_return_if_fail (MC_IS_SIGNING_PAGE (self));

  self->opened_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "queue");
  mc_signing_page_refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

gboolean
mc_signing_page_get_can_approve (McSigningPage *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_PAGE (self), FALSE);

  return reviewing (self) &&
         mc_signing_can_approve (mc_review_view_get_dossier (self->review_view), self->officer,
                                 self->opened_id);
}

AdwMessageDialog *
mc_signing_page_get_dialog (McSigningPage *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_PAGE (self), NULL);

  return self->dialog;
}

static void
row_activated_cb (McSigningPage *self,
                  guint          position)
{
  g_autoptr(GError) error = NULL;
  const char *id = gtk_string_list_get_string (self->ids, position);

  if (id != NULL && !mc_signing_page_open (self, g_ascii_strtoll (id, NULL, 10), &error))
    toast (self, error->message);
}

/* ---- Dialogs ---- */

static AdwMessageDialog *
new_dialog (McSigningPage *self,
            const char    *heading,
            const char    *body,
            GtkWidget     *entry)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, body));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  /* What the leader decides on is the dossier as the review showed it when the dialog opened,
   * even if the review is read again meanwhile. */
  {
    const McDossier *d = mc_review_view_get_dossier (self->review_view);
    gint64 *version = g_new (gint64, 1);

    *version = d != NULL ? d->version : 0;
    g_object_set_data_full (G_OBJECT (dialog), "version", version, g_free);
  }
  adw_message_dialog_set_close_response (dialog, "cancel");
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  return dialog;
}

static void ask_password (McSigningPage *self, const char *problem);

/* Another workstation changed the dossier under review: the review shows it as it is now, and
 * core's sentence says why nothing was done. */
static void
show_changed (McSigningPage *self,
              gint64         id,
              const char    *message)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (!mc_signing_page_open (self, id, &error))
    toast (self, error->message);
  mc_signing_page_refresh (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Changed on Another Workstation"),
                                                       message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  gint64        actor_id;
  gint64        dossier_id;
  char         *password;
  McActionArgs  args;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static gpointer
sign_job_run (McStore      *store,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  SignJob *job = data;

  if (!mc_workflow_sign_full (store, job->actor_id, job->dossier_id, job->password, &job->args,
                              error))
    return NULL;
  return GINT_TO_POINTER (1);
}

typedef struct {
  McSigningPage *self;
  gint64         dossier_id;
  char          *code;
} SignReply;

static void
sign_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SignReply *reply = user_data;
  McSigningPage *self = reply->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  self->signing = FALSE;
  if (mc_worker_finish (MC_WORKER (source), result, &error) == NULL)
    {
      g_autoptr(GError) reload_error = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->officer == NULL)
        ;
      else if (g_error_matches (error, MC_ERROR, MC_ERROR_CONFLICT))
        show_changed (self, reply->dossier_id, error->message);
      /* A wrong password: the dossier is shown as it is now before asking again. */
      else if (open_review (self, reply->dossier_id, FALSE, &reload_error) &&
               mc_signing_page_get_can_approve (self))
        ask_password (self, error->message);
      else
        toast (self, error->message);
      update_actions (self);
    }
  else
    {
      done = g_strdup_printf (_("The dossier %s was signed."), reply->code);
      toast (self, done);
      if (self->opened_id == reply->dossier_id)
        mc_signing_page_close_review (self);
      else
        mc_signing_page_refresh (self);
    }
  g_object_unref (reply->self);
  g_free (reply->code);
  g_free (reply);
}

static void
approve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     McSigningPage    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  SignJob *job;
  SignReply *reply;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  if (g_strcmp0 (response, "sign") != 0 || !mc_signing_page_get_can_approve (self) ||
      self->signing)
    return;

  job = g_new0 (SignJob, 1);
  job->actor_id = self->officer->id;
  job->dossier_id = self->opened_id;
  job->password = g_strdup (gtk_editable_get_text (entry));
  /* What he signs is the dossier as the review showed it, not as it may be by now. */
  job->args.expected_version = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "version");
  reply = g_new0 (SignReply, 1);
  reply->self = g_object_ref (self);
  reply->dossier_id = self->opened_id;
  reply->code = g_strdup (mc_review_view_get_dossier (self->review_view)->code);

  /* The password's hash (Argon2id) and the signature: off the main thread. */
  self->signing = TRUE;
  update_actions (self);
  mc_worker_run (mc_worker_for_store (self->store), sign_job_run, job,
                 (GDestroyNotify) sign_job_free, NULL, NULL, sign_done_cb, reply);
}

/* PROBLEM: core's sentence about the last attempt (a wrong password), or NULL. */
static void
ask_password (McSigningPage *self,
              const char    *problem)
{
  const McDossier *d = mc_review_view_get_dossier (self->review_view);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  /* Not GtkPasswordEntry: GTK 4.8's one is left connected to its window when the dialog goes
   * away and crashes when that window is destroyed. */
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Your password"));
  /* TRANSLATORS: the heading of the dialog asking a leader's password: "Sign H56.22-240311-0001?" */
  {
    g_autofree char *code = mc_desk_code_text (d->code);

    heading = g_strdup_printf (_("Sign %s?"), code);
  }
  body = g_strdup_printf (_("Your signature approves the result “%s” for %s. Enter your password to sign."),
                          d->result != NULL ? d->result : "", d->applicant_name);
  if (problem != NULL)
    {
      g_autofree char *longer = g_strdup_printf ("%s\n\n%s", problem, body);
      g_free (body);
      body = g_steal_pointer (&longer);
    }
  dialog = new_dialog (self, heading, body, entry);
  adw_message_dialog_add_response (dialog, "sign", _("_Sign"));
  adw_message_dialog_set_response_appearance (dialog, "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "sign");
  g_signal_connect_object (dialog, "response", G_CALLBACK (approve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McSigningPage *self = MC_SIGNING_PAGE (widget);

  if (mc_signing_page_get_can_approve (self) && self->dialog == NULL && !self->signing)
    ask_password (self, NULL);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "send-back", reason[0] != '\0');
}

static void
send_back_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       McSigningPage    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  const McDossier *d = mc_review_view_get_dossier (self->review_view);
  McActionArgs args = { .note = reason,
                        .expected_version = *(gint64 *) g_object_get_data (G_OBJECT (dialog),
                                                                           "version") };

  if (g_strcmp0 (response, "send-back") != 0 || d == NULL || !reviewing (self))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  if (!mc_workflow_apply (self->store, self->officer->id, self->opened_id, MC_ACTION_SEND_BACK,
                          &args, &error))
    {
      if (g_error_matches (error, MC_ERROR, MC_ERROR_CONFLICT))
        {
          gint64 id = self->opened_id;

          /* What the reason was about changed: the dialog closes. */
          g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
          self->dialog = NULL;
          gtk_window_destroy (GTK_WINDOW (dialog));
          show_changed (self, id, error->message);
          return;
        }
      /* Core's sentence above what the dialog says; the reason written stays, marked. */
      const char *body = g_object_get_data (G_OBJECT (dialog), "body");

      adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message, body);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* TRANSLATORS: "The dossier H56.22-240311-0001 was sent back to Trần Văn Bình." */
  done = g_strdup_printf (_("The dossier %s was sent back to %s."), d->code,
                          d->handler_name != NULL ? d->handler_name : "");
  toast (self, done);
  mc_signing_page_close_review (self);
}

static void
send_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  McSigningPage *self = MC_SIGNING_PAGE (widget);
  const McDossier *d = mc_review_view_get_dossier (self->review_view);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (d == NULL || self->dialog != NULL)
    return;

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  /* TRANSLATORS: "Send H56.22-240311-0001 Back?" */
  {
    g_autofree char *code = mc_desk_code_text (d->code);

    heading = g_strdup_printf (_("Send %s Back?"), code);
  }
  body = g_strdup_printf (_("The dossier returns to %s, who sees your reason in their queue."),
                          d->handler_name != NULL ? d->handler_name : "");
  dialog = new_dialog (self, heading, body, entry);
  adw_message_dialog_add_response (dialog, "send-back", _("_Send Back"));
  adw_message_dialog_set_response_appearance (dialog, "send-back", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "send-back");
  adw_message_dialog_set_response_enabled (dialog, "send-back", FALSE);
  /* A refusal keeps the dialog and the reason written in it. */
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "body", g_strdup (body), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (send_back_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mc_signing_page_close_review (MC_SIGNING_PAGE (widget));
}

/* ---- GObject ---- */

McSigningPage *
mc_signing_page_new (void)
{
  return g_object_new (MC_TYPE_SIGNING_PAGE, NULL);
}

static void
mc_signing_page_dispose (GObject *object)
{
  McSigningPage *self = MC_SIGNING_PAGE (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->officer, mc_officer_free);
  /* The bin's child is a template child too: let the bin drop it first, not twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGNING_PAGE);
  g_clear_object (&self->ids);

  G_OBJECT_CLASS (mc_signing_page_parent_class)->dispose (object);
}

static void
mc_signing_page_class_init (McSigningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_signing_page_dispose;

  g_type_ensure (MC_TYPE_REVIEW_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-signing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, keys_list);
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, queue_title);
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, McSigningPage, review_view);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "signing.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "signing.send-back", NULL, send_back_action);
  gtk_widget_class_install_action (widget_class, "signing.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "signing.approve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "signing.approve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "signing.back", NULL);
}

static void
mc_signing_page_init (McSigningPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ids = gtk_string_list_new (NULL);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->ids)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_stack_set_visible_child_name (self->stack, "not-leader");
  update_actions (self);
}
