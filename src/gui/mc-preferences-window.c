/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-backup.h"
#include "mc-agency.h"
#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-kpi.h"
#include "mc-preferences-window.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-window.h"
#include "mc-workflow.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  McStore     *store;
  gint64       actor_id;
  GPtrArray   *day_rows;      /* rows of the year's days, removed on refill */
  GPtrArray   *target_rows;
  GPtrArray   *officer_rows;
  gboolean     filling;
  char        *last_message;  /* core's last answer, as toasted */

  AdwEntryRow *parent_row;
  AdwEntryRow *agency_row;
  AdwEntryRow *parent_text_row;
  AdwEntryRow *name_text_row;
  AdwEntryRow *unit_row;
  AdwEntryRow *place_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *since_row;
  AdwEntryRow *before_parent_row;
  AdwEntryRow *before_parent_text_row;
  AdwEntryRow *before_agency_row;
  AdwEntryRow *before_name_text_row;
  AdwEntryRow *before_unit_row;
  AdwEntryRow *before_place_row;
  AdwEntryRow *code_row;
  AdwEntryRow *hours_row;
  AdwPreferencesGroup *days_group;
  GtkSpinButton *year_spin;
  AdwEntryRow *day_row;
  GtkButton   *statutory_button;
  AdwPreferencesGroup *targets_group;
  AdwPreferencesGroup *officers_group;
  AdwEntryRow *new_name_row;
  AdwEntryRow *new_title_row;
  AdwComboRow *new_role_row;
  AdwEntryRow *new_username_row;
  AdwPasswordEntryRow *new_password_row;
  GtkButton   *create_button;
  AdwActionRow *create_row;
  AdwEntryRow *backup_folder_row;
  AdwActionRow *backup_last_row;
  GtkButton   *backup_button;
  gboolean     backing_up;
  AdwActionRow *restore_row;
  GtkButton   *restore_button;
  GtkSpinner  *restore_spinner;
  gboolean     checking;
  char        *testing_file;  /* tests: the copy chosen instead of asking with the chooser */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *target_names[] = {
  "on_time_rate", "progress_rate", "online_rate", "online_rate_partial", "online_rate_full",
  "digitized_input_rate", "digitized_result_rate", "online_payment_rate",
};

static const char *
target_label (const char *name)
{
  if (g_str_equal (name, "on_time_rate"))          return _("Resolved on time");
  if (g_str_equal (name, "progress_rate"))         return _("Progress (open ones not late)");
  if (g_str_equal (name, "online_rate"))           return _("Filed online");
  if (g_str_equal (name, "online_rate_partial"))   return _("Filed online, partly online procedures");
  if (g_str_equal (name, "online_rate_full"))      return _("Filed online, fully online procedures");
  if (g_str_equal (name, "digitized_input_rate"))  return _("Papers digitized at intake");
  if (g_str_equal (name, "digitized_result_rate")) return _("Results digitized");
  return _("Fees paid online");
}

/* Roles in the order of the role menus. */
static const McRole roles[] = {
  MC_ROLE_DESK, MC_ROLE_SPECIALIST, MC_ROLE_VICE_CHAIRMAN, MC_ROLE_CHAIRMAN, MC_ROLE_CONTROLLER,
  MC_ROLE_POLICE, MC_ROLE_ADMIN,
};

static GtkStringList *
role_names (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (list, mc_role_to_string (roles[i]));
  return list;
}

static guint
role_index (McRole role)
{
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] == role)
      return (guint) i;
  return 0;
}

/* Core's answer: a toast either way, so the administrator sees the change was made. ERROR is
 * read here, after the call that fills it: passing the GError itself as an argument of the same
 * call would read it before core has set it (C leaves the order of arguments open). */
static gboolean
report (McPreferencesWindow *self,
        gboolean             ok,
        GError             **error,
        const char          *done)
{
  const char *message = ok ? done
                        : error != NULL && *error != NULL ? (*error)->message
                        : _("The change was refused.");

  if (message != NULL)
    {
      g_free (self->last_message);
  g_free (self->testing_file);
      self->last_message = g_strdup (message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
    }
  return ok;
}

static void
remove_rows (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* ---- Agency and office hours ---- */

static void
apply_setting_cb (AdwEntryRow         *row,
                  McPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gboolean ok;
  McDay day;

  if (g_strcmp0 (key, "agency.since") == 0 && !mc_parse_day (text, &day))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date YYYY-MM-DD"), text);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }
  ok = mc_store_set_setting (self->store, self->actor_id, key, text, &error);
  report (self, ok, &error, _("Saved."));
}

static void
show_hours (McPreferencesWindow *self)
{
  McOfficeHours h = mc_calendar_get_office_hours (mc_store_get_calendar (self->store));
  g_autofree char *text = g_strdup_printf ("%02d:%02d-%02d:%02d %02d:%02d-%02d:%02d",
                                           h.am_start / 60, h.am_start % 60, h.am_end / 60,
                                           h.am_end % 60, h.pm_start / 60, h.pm_start % 60,
                                           h.pm_end / 60, h.pm_end % 60);

  gtk_editable_set_text (GTK_EDITABLE (self->hours_row), text);
}

static void
apply_hours_cb (McPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->hours_row));
  int t[8];
  McOfficeHours h;
  g_autoptr(GError) error = NULL;

  if (sscanf (text, "%d:%d-%d:%d %d:%d-%d:%d", &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6],
              &t[7]) != 8)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Write the two sessions as 07:30-11:30 13:30-17:00.")));
      return;
    }
  h = (McOfficeHours) { t[0] * 60 + t[1], t[2] * 60 + t[3], t[4] * 60 + t[5], t[6] * 60 + t[7] };
  report (self, mc_workflow_set_office_hours (self->store, self->actor_id, &h, &error), &error,
          _("Office hours saved; open dossiers have new appointments."));
  show_hours (self);
}

/* ---- Days of the year ---- */

static void show_days (McPreferencesWindow *self);

static int
current_year (McPreferencesWindow *self)
{
  return gtk_spin_button_get_value_as_int (self->year_spin);
}

static GArray *
year_days (McPreferencesWindow *self)
{
  int year = current_year (self);

  return mc_calendar_get_special_days (mc_store_get_calendar (self->store),
                                       mc_day_from_ymd (year, 1, 1),
                                       mc_day_from_ymd (year, 12, 31));
}

static void
set_days (McPreferencesWindow *self,
          GArray              *days)
{
  g_autoptr(GError) error = NULL;

  report (self, mc_workflow_set_year_days (self->store, self->actor_id, current_year (self), days,
                                           &error),
          &error, _("Days saved; open dossiers have new appointments."));
  show_days (self);
}

static void
remove_day_cb (GtkButton           *button,
               McPreferencesWindow *self)
{
  McDay day = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "day"));
  g_autoptr(GArray) days = year_days (self);

  for (guint i = 0; i < days->len; i++)
    if (g_array_index (days, McSpecialDay, i).day == day)
      {
        g_array_remove_index (days, i);
        break;
      }
  set_days (self, days);
}

static void
add_day_cb (McPreferencesWindow *self)
{
  g_autoptr(GArray) days = year_days (self);
  McSpecialDay special = { 0 };
  McDay day;
  int y, m, d;

  if (!mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (self->day_row)), &day))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Write the day as day/month/year, for example 01/09/2025.")));
      return;
    }
  mc_day_to_ymd (day, &y, &m, &d);
  if (y != current_year (self))
    gtk_spin_button_set_value (self->year_spin, y);
  g_array_unref (days);
  days = year_days (self);
  special.day = day;
  special.kind = mc_day_weekday (day) == 6 ? MC_DAY_SATURDAY_WORKED : MC_DAY_OFF;
  g_array_append_val (days, special);
  gtk_editable_set_text (GTK_EDITABLE (self->day_row), "");
  set_days (self, days);
}

static void
statutory_cb (McPreferencesWindow *self)
{
  g_autoptr(GArray) days = mc_holidays_statutory (current_year (self));

  set_days (self, days);
}

static void
show_days (McPreferencesWindow *self)
{
  g_autoptr(GArray) days = NULL;

  if (self->store == NULL)
    return;
  remove_rows (self->days_group, self->day_rows);
  days = year_days (self);
  for (guint i = 0; i < days->len; i++)
    {
      McSpecialDay *s = &g_array_index (days, McSpecialDay, i);
      g_autofree char *date = mc_format_day (s->day);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), date);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   s->kind == MC_DAY_SATURDAY_WORKED
                                   ? _("Saturday worked")
                                   : (s->note != NULL && *s->note ? s->note : _("Day off")));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove this day"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "day", GINT_TO_POINTER (s->day));
      g_signal_connect (button, "clicked", G_CALLBACK (remove_day_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->days_group, row);
      g_ptr_array_add (self->day_rows, row);
    }
}

/* ---- Targets ---- */

static void
target_changed_cb (GtkSpinButton       *spin,
                   McPreferencesWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (spin), "target");
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  if (!mc_kpi_set_target (self->store, self->actor_id, current_year (self), name,
                          gtk_spin_button_get_value (spin), &error))
    report (self, FALSE, &error, NULL);
}

/* A target reads as a rate: "98%", "97,5%" (the decimal comma in Vietnamese). */
static gboolean
target_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = mc_desk_format_target (gtk_spin_button_get_value (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Typed back with a comma or a point, with or without the sign. */
static int
target_input_cb (GtkSpinButton *spin,
                 double        *value)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  g_strdelimit (text, "%", ' ');
  g_strstrip (text);
  *value = g_ascii_strtod (text, &end);
  if (end == text || (end != NULL && *end != '\0'))
    return GTK_INPUT_ERROR;
  return TRUE;
}

static void
show_targets (McPreferencesWindow *self)
{
  if (self->store == NULL)
    return;
  self->filling = TRUE;
  remove_rows (self->targets_group, self->target_rows);
  for (gsize i = 0; i < G_N_ELEMENTS (target_names); i++)
    {
      double value = mc_kpi_get_target (self->store, current_year (self), target_names[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 0.5);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), target_label (target_names[i]));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), isnan (value) ? 0 : value);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (spin), "target", (gpointer) target_names[i]);
      g_signal_connect (spin, "output", G_CALLBACK (target_output_cb), NULL);
      g_signal_connect (spin, "input", G_CALLBACK (target_input_cb), NULL);
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 6);
      target_output_cb (GTK_SPIN_BUTTON (spin));
      g_signal_connect (spin, "value-changed", G_CALLBACK (target_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->targets_group, row);
      g_ptr_array_add (self->target_rows, row);
    }
  self->filling = FALSE;
}

static void
year_changed_cb (McPreferencesWindow *self)
{
  show_days (self);
  show_targets (self);
}

/* ---- Officers ---- */

static void show_officers (McPreferencesWindow *self);

static gint64
officer_of (gpointer widget)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (widget), "officer-id");
}

static void
set_officer_id (gpointer widget,
                gint64   id)
{
  gint64 *p = g_new (gint64, 1);

  *p = id;
  g_object_set_data_full (G_OBJECT (widget), "officer-id", p, g_free);
}

static void
role_changed_cb (GtkDropDown         *dropdown,
                 GParamSpec          *pspec,
                 McPreferencesWindow *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  g_autoptr(McOfficer) current = NULL;

  if (self->filling || i >= G_N_ELEMENTS (roles))
    return;
  current = mc_store_get_officer (self->store, officer_of (dropdown), NULL);
  if (current != NULL && current->role == roles[i])
    return;
  if (!report (self, mc_account_set_role (self->store, self->actor_id, officer_of (dropdown),
                                          roles[i], &error), &error, _("Role changed.")))
    {
      /* Back to the role core kept, without rebuilding the row whose signal is running. */
      g_autoptr(McOfficer) o = mc_store_get_officer (self->store, officer_of (dropdown), NULL);

      self->filling = TRUE;
      if (o != NULL)
        gtk_drop_down_set_selected (dropdown, role_index (o->role));
      self->filling = FALSE;
    }
}

static void
active_changed_cb (GtkSwitch           *sw,
                   GParamSpec          *pspec,
                   McPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  gboolean active = gtk_switch_get_active (sw);
  g_autoptr(McOfficer) o = NULL;

  if (self->filling)
    return;
  /* The switch going back after a refusal says again what core keeps: nothing to change. */
  o = mc_store_get_officer (self->store, officer_of (sw), NULL);
  if (o != NULL && (o->active != FALSE) == (active != FALSE))
    return;
  if (!report (self, mc_account_set_active (self->store, self->actor_id, officer_of (sw), active,
                                            &error),
               &error, active ? _("The account can sign in again.")
                              : _("The account can no longer sign in.")))
    {
      /* Switched back to what core kept, without rebuilding the row whose signal is running. */
      self->filling = TRUE;
      gtk_switch_set_active (sw, !active);
      self->filling = FALSE;
    }
}

/* A refusal keeps the dialog: core's sentence above what it asks, the field marked. */
static void
keep_open (AdwMessageDialog *dialog,
           GtkWidget        *field,
           const char       *message)
{
  const char *body = g_object_get_data (G_OBJECT (dialog), "body");

  if (message != NULL)
    adw_message_dialog_format_body (dialog, "%s\n\n%s", message, body != NULL ? body : "");
  gtk_widget_add_css_class (field, "error");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
password_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      McPreferencesWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (!report (self, mc_account_set_password (self->store, self->actor_id, officer_of (dialog),
                                              NULL, gtk_editable_get_text (entry), &error),
               &error, _("Password changed.")))
    {
      keep_open (dialog, GTK_WIDGET (entry), error != NULL ? error->message : NULL);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
password_clicked_cb (GtkButton           *button,
                     McPreferencesWindow *self)
{
  AdwMessageDialog *dialog;
  /* Not GtkPasswordEntry: GTK 4.8's one stays connected to its window after the dialog goes
   * away and crashes when that window is destroyed. */
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("New Password"),
                                                       _("The officer signs in with it from now on.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _("_Change"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("New password"));
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "body",
                          g_strdup (adw_message_dialog_get_body (dialog)), g_free);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  set_officer_id (dialog, officer_of (button));
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
revoke_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    McPreferencesWindow *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "revoke") != 0)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (!report (self, mc_signature_revoke (self->store, self->actor_id, officer_of (dialog), 0,
                                          gtk_editable_get_text (reason), &error),
               &error, _("Signing key revoked.")))
    {
      keep_open (dialog, GTK_WIDGET (reason), error != NULL ? error->message : NULL);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A leader's key may be lost or known to someone else: from now on it signs nothing. */
static void
revoke_clicked_cb (GtkButton           *button,
                   McPreferencesWindow *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *reason = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason, e.g. the password was disclosed"));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self), _("Revoke the Signing Key?"),
      _("Signatures made with it from now on are refused; those made before stay valid and say "
        "the key was revoked. After an administrator sets a new password, the leader’s next "
        "sign-in makes a new key, which signs once another leader confirms it.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "revoke", _("_Revoke"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_extra_child (dialog, reason);
  g_object_set_data (G_OBJECT (dialog), "entry", reason);
  g_object_set_data_full (G_OBJECT (dialog), "body",
                          g_strdup (adw_message_dialog_get_body (dialog)), g_free);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  set_officer_id (dialog, officer_of (button));
  g_signal_connect (dialog, "response", G_CALLBACK (revoke_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_officers (McPreferencesWindow *self)
{
  g_autoptr(GPtrArray) officers = NULL;

  if (self->store == NULL)
    return;
  self->filling = TRUE;
  remove_rows (self->officers_group, self->officer_rows);
  officers = mc_store_list_officers (self->store, NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      McOfficer *o = g_ptr_array_index (officers, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GtkStringList) names = role_names ();
      GtkWidget *role = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
      GtkWidget *active = gtk_switch_new ();
      GtkWidget *password = gtk_button_new_from_icon_name ("dialog-password-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), o->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   o->username != NULL && *o->username ? o->username
                                                                       : _("no account"));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (role), role_index (o->role));
      gtk_switch_set_active (GTK_SWITCH (active), o->active);
      gtk_widget_set_tooltip_text (active, _("May sign in"));
      gtk_widget_set_name (active, "active");
      if (o->username != NULL && *o->username)
        {
          g_autofree char *name = g_strdup_printf ("officer-%s", o->username);

          gtk_widget_set_name (row, name);
        }
      gtk_widget_set_tooltip_text (password, _("Set a new password"));
      gtk_widget_set_name (password, "password");
      for (GtkWidget *w = role; w != NULL; w = w == role ? active : w == active ? password : NULL)
        {
          gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
          set_officer_id (w, o->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);
        }
      g_signal_connect (role, "notify::selected", G_CALLBACK (role_changed_cb), self);
      g_signal_connect (active, "notify::active", G_CALLBACK (active_changed_cb), self);
      g_signal_connect (password, "clicked", G_CALLBACK (password_clicked_cb), self);
      if (o->role == MC_ROLE_VICE_CHAIRMAN || o->role == MC_ROLE_CHAIRMAN)
        {
          GtkWidget *revoke = gtk_button_new_from_icon_name ("action-unavailable-symbolic");

          gtk_widget_set_tooltip_text (revoke, _("Revoke the signing key"));
          gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
          set_officer_id (revoke, o->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);
          g_signal_connect (revoke, "clicked", G_CALLBACK (revoke_clicked_cb), self);
        }
      adw_preferences_group_add (self->officers_group, row);
      g_ptr_array_add (self->officer_rows, row);
    }
  self->filling = FALSE;
}

static void
create_cb (McPreferencesWindow *self)
{
  guint role = adw_combo_row_get_selected (self->new_role_row);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = mc_account_create (self->store, self->actor_id,
                          gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->new_title_row)),
                          roles[MIN (role, G_N_ELEMENTS (roles) - 1)],
                          gtk_editable_get_text (GTK_EDITABLE (self->new_username_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)), &error);
  /* A refusal stays beside the button, with what was typed: a toast would go away. */
  adw_action_row_set_subtitle (self->create_row, id > 0 ? "" : error->message);
  if (id > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->create_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->create_row), "error");
  if (!report (self, id > 0, &error, _("Account created.")))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_username_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  show_officers (self);
}

/* ---- Backups ---- */

/* The last good backup (the newest in the folder: a copy gets its name only once checked) and
 * its age. */
static void
show_backup (McPreferencesWindow *self)
{
  g_autofree char *folder = mc_backup_folder (self->store);
  g_autofree char *path = NULL;
  g_autofree char *subtitle = NULL;
  McTime now = mc_now ();
  McTime at = 0;
  McBackupStatus status = mc_backup_status (folder, now, &at);

  if (mc_backup_last (folder, &path, &at))
    {
      g_autofree char *when = mc_time_to_iso (at);
      g_autofree char *age = mc_backup_age_text (now - at);
      g_autofree char *base = g_path_get_basename (path);

      subtitle = g_strdup_printf ("%s (%s), %s", when, age, base);
    }
  else
    subtitle = mc_backup_status_text (status, folder, at, now);
  adw_action_row_set_subtitle (self->backup_last_row, subtitle != NULL ? subtitle : "");
  if (status != MC_BACKUP_STATUS_OK)
    gtk_widget_add_css_class (GTK_WIDGET (self->backup_last_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->backup_last_row), "warning");
}

static void
apply_backup_folder_cb (McPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->backup_folder_row));
  gboolean ok = mc_store_set_setting (self->store, self->actor_id, "backup.folder", text, &error);

  report (self, ok, &error, _("The backup folder was saved."));
  show_backup (self);
}

static void
backup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  McStore *store = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) own = mc_store_open_sibling (store, &error);
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  McBackupInfo info = { 0 };

  if (own == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  folder = mc_backup_folder (own);
  if (!mc_backup_scheduled (own, folder, &path, &info, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&path), g_free);
  mc_backup_info_clear (&info);
}

static void
backup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *done = path != NULL ? g_strdup_printf (_("Backed up to %s."), path) : NULL;

  self->backing_up = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), TRUE);
  report (self, path != NULL, &error, done);
  show_backup (self);
}

static void
backup_now_cb (McPreferencesWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, backup_done_cb, NULL);

  self->backing_up = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), FALSE);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, backup_thread);
}

gboolean
mc_preferences_window_is_backing_up (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->backing_up;
}

/* ---- Restore: the copy checked off the main thread, shown, confirmed; the window replaces
 * the database (mc_window_restore) ---- */

typedef struct {
  char            *target;
  char            *file;
  McBackupRestore *restore;
  McBackupInfo     info;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->target);
  g_free (job->file);
  mc_backup_restore_free (job->restore);
  mc_backup_info_clear (&job->info);
  g_free (job);
}

static void
restore_check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RestoreJob *job = data;
  g_autoptr(GError) error = NULL;

  job->restore = mc_backup_restore_check (job->target, job->file, &job->info, &error);
  if (job->restore == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_checking (McPreferencesWindow *self, gboolean checking)
{
  self->checking = checking;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), !checking);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_spinner), checking);
  gtk_spinner_set_spinning (self->restore_spinner, checking);
  adw_action_row_set_subtitle (self->restore_row,
                               checking ? _("Checking the copy: its integrity, audit chain and "
                                            "signatures…")
                                        : _("Choose a copy made by Một Cửa (a “.db” file)."));
}

static void
confirm_restore_cb (AdwMessageDialog *dialog, const char *response, McPreferencesWindow *self)
{
  RestoreJob *job = g_object_get_data (G_OBJECT (dialog), "job");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (g_strcmp0 (response, "restore") != 0 || !MC_IS_WINDOW (parent))
    return;   /* the checked copy goes with the dialog's job */
  /* The preferences are closed by the window meanwhile: the dialog, going, no longer names
   * them as its parent. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  mc_window_restore (MC_WINDOW (parent), g_steal_pointer (&job->restore), job->file);
}

static void
restore_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (source);
  /* The callback owns the job: it goes with the confirmation dialog, or here. */
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  set_checking (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      restore_job_free (job);
      g_autofree char *body = g_strdup_printf (_("%s The database was not changed."),
                                               error->message);

      /* Said once, in the dialog (no toast under it). */
      g_free (self->last_message);
      self->last_message = g_strdup (error->message);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Copy Was Refused"), body));
      gtk_widget_set_name (GTK_WIDGET (dialog), "restore-refused-dialog");
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  {
    g_autofree char *holds = mc_backup_describe_contents (&job->info.contents);
    g_autofree char *body = g_strdup_printf (_("“%s” passed its check.\n\n%s\n\nThe database "
                                               "now in use is set aside beside it, and "
                                               "everyone signs in again."), job->file, holds);

    dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                         _("Restore This Backup?"), body));
  }
  gtk_widget_set_name (GTK_WIDGET (dialog), "restore-confirm-dialog");
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* The job (and a checked copy not taken) goes with the dialog. */
  g_object_set_data_full (G_OBJECT (dialog), "job", job, (GDestroyNotify) restore_job_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_restore_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_copy (McPreferencesWindow *self, const char *file)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, restore_checked_cb, NULL);
  RestoreJob *job = g_new0 (RestoreJob, 1);

  job->target = g_strdup (mc_store_get_path (self->store));
  job->file = g_strdup (file);
  set_checking (self, TRUE);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, restore_check_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, McPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        check_copy (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
restore_cb (McPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) start = NULL;

  if (self->checking)
    return;
  if (self->testing_file != NULL)
    {
      g_autofree char *file = g_steal_pointer (&self->testing_file);

      check_copy (self, file);
      return;
    }
  /* GtkFileChooserNative: GTK is 4.8 here (GtkFileDialog came with 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  self->chooser = gtk_file_chooser_native_new (_("Restore a Backup"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Check"),
                                               _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Một Cửa backups"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  folder = mc_backup_folder (self->store);
  start = g_file_new_for_path (folder);
  if (g_file_query_exists (start, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), start, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
mc_preferences_window_testing_choose_file (McPreferencesWindow *self, const char *path)
{
  g_return_if_fail (MC_IS_PREFERENCES_WINDOW (self));
  g_free (self->testing_file);
  self->testing_file = g_strdup (path);
}

gboolean
mc_preferences_window_is_checking (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->checking;
}

static void
add_backup_page (McPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *restore = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *folder = mc_backup_folder (self->store);

  adw_preferences_page_set_title (page, _("Backups"));
  adw_preferences_page_set_icon_name (page, "drive-harddisk-symbolic");
  gtk_widget_set_name (GTK_WIDGET (page), "backups-page");
  adw_preferences_page_set_name (page, "backups");
  adw_preferences_group_set_title (group, _("Backups"));
  adw_preferences_group_set_description (group,
      _("A checked copy of the database is made at the first sign-in of each day. The folder "
        "keeps 7 daily, 4 weekly and 12 monthly copies. Choose a folder on another disk or a "
        "USB drive."));

  self->backup_folder_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->backup_folder_row),
                                 _("Backup folder"));
  adw_entry_row_set_show_apply_button (self->backup_folder_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->backup_folder_row), folder);
  gtk_widget_set_name (GTK_WIDGET (self->backup_folder_row), "backup-folder-row");
  g_signal_connect_swapped (self->backup_folder_row, "apply",
                            G_CALLBACK (apply_backup_folder_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->backup_folder_row));

  self->backup_last_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->backup_last_row),
                                 _("Last good backup"));
  gtk_widget_set_name (GTK_WIDGET (self->backup_last_row), "backup-last-row");
  self->backup_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Back Up Now")));
  gtk_widget_set_valign (GTK_WIDGET (self->backup_button), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (self->backup_button), "backup-now-button");
  g_signal_connect_swapped (self->backup_button, "clicked", G_CALLBACK (backup_now_cb), self);
  adw_action_row_add_suffix (self->backup_last_row, GTK_WIDGET (self->backup_button));
  adw_preferences_group_add (group, GTK_WIDGET (self->backup_last_row));
  adw_preferences_page_add (page, group);

  adw_preferences_group_set_title (restore, _("Restore"));
  adw_preferences_group_set_description (restore,
      _("The copy is checked before anything is replaced; the database it replaces is kept "
        "beside it. Everyone signs in again afterwards."));
  self->restore_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->restore_row),
                                 _("Restore a backup"));
  gtk_widget_set_name (GTK_WIDGET (self->restore_row), "restore-row");
  self->restore_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->restore_spinner), FALSE);
  adw_action_row_add_suffix (self->restore_row, GTK_WIDGET (self->restore_spinner));
  self->restore_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Restore a Backup…")));
  gtk_widget_set_valign (GTK_WIDGET (self->restore_button), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (self->restore_button), "restore-button");
  gtk_widget_add_css_class (GTK_WIDGET (self->restore_button), "destructive-action");
  g_signal_connect_swapped (self->restore_button, "clicked", G_CALLBACK (restore_cb), self);
  adw_action_row_add_suffix (self->restore_row, GTK_WIDGET (self->restore_button));
  {
    g_autoptr(GError) error = NULL;

    /* Core says who may, and on which database; the row says why not otherwise. */
    if (!mc_backup_may_restore (self->store, self->actor_id, &error))
      {
        gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
        adw_action_row_set_subtitle (self->restore_row, error->message);
      }
    else
      adw_action_row_set_subtitle (self->restore_row,
                                   _("Choose a copy made by Một Cửa (a “.db” file)."));
  }
  adw_preferences_group_add (restore, GTK_WIDGET (self->restore_row));
  adw_preferences_page_add (page, restore);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  show_backup (self);
}

/* ---- GObject ---- */

const char *
mc_preferences_window_get_last_message (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), NULL);

  return self->last_message;
}

McPreferencesWindow *
mc_preferences_window_new (GtkWindow       *parent,
                           McStore         *store,
                           const McOfficer *officer)
{
  McPreferencesWindow *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(McAgency) current = NULL, before = NULL;
  g_autofree char *code = NULL, *since = NULL;
  McDay since_day;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (officer != NULL, NULL);

  self = g_object_new (MC_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor_id = officer->id;

  /* Each row shows the name as documents print it (derived when never set), and saves its key. */
  since_day = mc_agency_since (store);
  current = mc_agency_at (store, since_day);
  before = mc_agency_at (store, since_day - 1);
  code = mc_store_get_setting (store, "agency.code", "");
  since = mc_day_to_iso (since_day);
  {
    const struct { AdwEntryRow *row; const char *key; const char *value; } settings[] = {
      { self->parent_row, "agency.parent", current->parent },
      { self->parent_text_row, "agency.parent_text", current->parent_text },
      { self->agency_row, "agency.name", current->name },
      { self->name_text_row, "agency.name_text", current->name_text },
      { self->unit_row, "agency.unit", current->unit },
      { self->place_row, "agency.place", current->place },
      { self->phone_row, "agency.phone", current->phone },
      { self->code_row, "agency.code", code },
      { self->since_row, "agency.since", since },
      { self->before_parent_row, "agency.before.parent", before->parent },
      { self->before_parent_text_row, "agency.before.parent_text", before->parent_text },
      { self->before_agency_row, "agency.before.name", before->name },
      { self->before_name_text_row, "agency.before.name_text", before->name_text },
      { self->before_unit_row, "agency.before.unit", before->unit },
      { self->before_place_row, "agency.before.place", before->place },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
      {
        gtk_editable_set_text (GTK_EDITABLE (settings[i].row), settings[i].value);
        g_object_set_data (G_OBJECT (settings[i].row), "key", (gpointer) settings[i].key);
        g_signal_connect (settings[i].row, "apply", G_CALLBACK (apply_setting_cb), self);
      }
  }
  show_hours (self);
  gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (now));
  year_changed_cb (self);
  show_officers (self);
  add_backup_page (self);
  return self;
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_finalize (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_ptr_array_unref (self->day_rows);
  g_ptr_array_unref (self->target_rows);
  g_ptr_array_unref (self->officer_rows);
  g_free (self->last_message);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->finalize (object);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_preferences_window_dispose;
  object_class->finalize = mc_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, parent_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, agency_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, parent_text_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, name_text_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, unit_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, place_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, since_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_parent_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_parent_text_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_agency_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_name_text_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_unit_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, before_place_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, hours_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, days_group);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, year_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, day_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, statutory_button);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, targets_group);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officers_group);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, new_title_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, new_role_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, new_username_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, create_row);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = role_names ();

  self->day_rows = g_ptr_array_new ();
  self->target_rows = g_ptr_array_new ();
  self->officer_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->new_role_row, G_LIST_MODEL (names));
  g_signal_connect_swapped (self->hours_row, "apply", G_CALLBACK (apply_hours_cb), self);
  g_signal_connect_swapped (self->day_row, "apply", G_CALLBACK (add_day_cb), self);
  g_signal_connect_swapped (self->statutory_button, "clicked", G_CALLBACK (statutory_cb), self);
  g_signal_connect_swapped (self->year_spin, "value-changed", G_CALLBACK (year_changed_cb), self);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (create_cb), self);
}
