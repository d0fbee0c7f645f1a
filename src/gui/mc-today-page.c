/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-supervision.h"
#include "mc-text.h"
#include "mc-today-page.h"

/* A list longer than this shows its first ones and says how many more (the queues hold all). */
#define MAX_ROWS 30

struct _McTodayPage
{
  AdwBin       parent_instance;

  McStore     *store;
  McOfficer   *officer;
  McToday     *today;
  GPtrArray   *groups;      /* the lists' groups, to remove them */

  AdwPreferencesPage *page;
  GtkLabel    *summary_label;
};

G_DEFINE_FINAL_TYPE (McTodayPage, mc_today_page, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_DOSSIER,
  SIGNAL_ARRIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_cb (GtkButton   *button,
         McTodayPage *self)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), "dossier-id");

  g_signal_emit (self, signals[SIGNAL_OPEN_DOSSIER], 0, *id);
}

static GtkWidget *
dossier_row (McTodayPage     *self,
             const McDossier *d,
             McTime           now)
{
  const McCalendar *cal = mc_store_get_calendar (self->store);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *left_label;
  g_autofree char *code = mc_desk_code_text (d->code);
  g_autofree char *title = g_strdup_printf ("%s — %s", code, d->applicant_name);
  g_autofree char *subtitle = NULL;
  g_autofree char *left_text = NULL;
  gint64 *id = g_new (gint64, 1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* TRANSLATORS: a dossier on the Today page: its procedure, then who has it. */
  subtitle = g_strdup_printf (_("%s · %s"),
                              d->procedure_name != NULL ? d->procedure_name : "",
                              d->handler_name != NULL && d->handler_name[0] ? d->handler_name
                              : d->receiver_name != NULL && d->receiver_name[0]
                              ? d->receiver_name : _("(nobody recorded)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (d->status == MC_STATUS_NEW)
    {
      gint64 left = mc_desk_intake_left (cal, d->submitted_at, now);

      left_text = mc_desk_format_left (cal, left);
      left_label = gtk_label_new (left_text);
      gtk_widget_add_css_class (left_label, mc_desk_intake_class (left));
    }
  else if (d->ended_at == MC_TIME_NONE && d->due_at != MC_TIME_NONE)
    {
      gint64 left = mc_desk_time_left (cal, d, now);
      const char *css = mc_desk_dossier_due_class (d, left, mc_desk_time_allowed (cal, d));

      left_text = mc_desk_format_dossier_left (cal, d, left, now);
      left_label = gtk_label_new (left_text);
      if (css != NULL)
        gtk_widget_add_css_class (left_label, css);
    }
  else
    {
      left_text = mc_desk_format_time (d->received_at);
      left_label = gtk_label_new (left_text);
      gtk_widget_add_css_class (left_label, "dim-label");
    }
  gtk_widget_set_valign (left_label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), left_label);

  *id = d->id;
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (open), "dossier-id", id, g_free);
  g_signal_connect (open, "clicked", G_CALLBACK (open_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
  return row;
}

static void
clear_groups (McTodayPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

void
mc_today_page_reload (McTodayPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McToday) before = NULL;
  g_autoptr(GArray) arrived = NULL;
  g_autoptr(GArray) lists = NULL;
  guint total = 0;
  McTime now = mc_now ();

  g_return_if_fail (MC_IS_TODAY_PAGE (self));

  clear_groups (self);
  before = g_steal_pointer (&self->today);
  if (self->store == NULL || self->officer == NULL)
    return;
  self->today = mc_supervision_today (self->store, self->officer->id, now, &error);
  if (self->today == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      return;
    }
  /* What came since the last reading is told to the window, which notifies the desktop. */
  lists = g_array_new (FALSE, FALSE, sizeof (int));
  arrived = mc_today_arrivals (before, self->today, self->officer->role, lists);
  for (guint i = 0; i < arrived->len; i++)
    g_signal_emit (self, signals[SIGNAL_ARRIVED], 0, g_array_index (arrived, gint64, i),
                   g_array_index (lists, int, i));

  for (int l = 0; l < MC_TODAY_N_LISTS; l++)
    {
      GArray *ids = self->today->ids[l];
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      g_autofree char *title = g_strdup_printf ("%s (%u)", mc_today_list_title (l), ids->len);
      g_autofree char *name = g_strdup_printf ("today-%d", l);

      total += ids->len;
      adw_preferences_group_set_title (group, title);
      adw_preferences_group_set_description (group, mc_today_list_description (l));
      gtk_widget_set_name (GTK_WIDGET (group), name);
      if (ids->len > 0)
        {
          g_autoptr(GPtrArray) rows =
            mc_store_get_dossier_rows (self->store, (const gint64 *) ids->data,
                                       MIN (ids->len, MAX_ROWS), NULL);

          for (guint i = 0; rows != NULL && i < rows->len; i++)
            adw_preferences_group_add (group,
                                       dossier_row (self, g_ptr_array_index (rows, i), now));
          if (ids->len > MAX_ROWS)
            {
              g_autofree char *more = g_strdup_printf (_("And %u more: the queues list them "
                                                         "all."), ids->len - MAX_ROWS);
              GtkWidget *label = gtk_label_new (more);

              gtk_label_set_xalign (GTK_LABEL (label), 0);
              gtk_widget_set_margin_top (label, 6);
              gtk_widget_add_css_class (label, "dim-label");
              adw_preferences_group_add (group, label);
            }
        }
      else
        {
          GtkWidget *label = gtk_label_new (_("None."));

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "dim-label");
          adw_preferences_group_add (group, label);
        }
      adw_preferences_page_add (self->page, group);
      g_ptr_array_add (self->groups, group);
    }
  {
    g_autofree char *when = mc_desk_format_moment (now);
    /* TRANSLATORS: the Today page's first line: when it was read, and the dossiers listed. */
    g_autofree char *summary = g_strdup_printf (_("As of %s: %u dossiers below need a look."),
                                                when, total);

    gtk_label_set_label (self->summary_label, summary);
  }
}

void
mc_today_page_set_session (McTodayPage     *self,
                           McStore         *store,
                           const McOfficer *officer)
{
  g_return_if_fail (MC_IS_TODAY_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  /* A new session is told nothing of what was already there: the page shows it. */
  g_clear_pointer (&self->today, mc_today_free);
  if (officer != NULL && store != NULL)
    self->officer = mc_store_get_officer (store, officer->id, NULL);
  mc_today_page_reload (self);
}

guint
mc_today_page_get_count (McTodayPage *self,
                         int          list)
{
  g_return_val_if_fail (MC_IS_TODAY_PAGE (self), 0);
  g_return_val_if_fail (list >= 0 && list < MC_TODAY_N_LISTS, 0);

  return self->today != NULL ? self->today->ids[list]->len : 0;
}

McTodayPage *
mc_today_page_new (void)
{
  return g_object_new (MC_TYPE_TODAY_PAGE, NULL);
}

static void
mc_today_page_dispose (GObject *object)
{
  McTodayPage *self = MC_TODAY_PAGE (object);

  g_clear_pointer (&self->today, mc_today_free);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_TODAY_PAGE);

  G_OBJECT_CLASS (mc_today_page_parent_class)->dispose (object);
}

static void
mc_today_page_finalize (GObject *object)
{
  McTodayPage *self = MC_TODAY_PAGE (object);

  g_ptr_array_unref (self->groups);

  G_OBJECT_CLASS (mc_today_page_parent_class)->finalize (object);
}

static void
mc_today_page_class_init (McTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_today_page_dispose;
  object_class->finalize = mc_today_page_finalize;

  signals[SIGNAL_OPEN_DOSSIER] =
    g_signal_new ("open-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A dossier (id) arrived in a list (McTodayList) the officer is told of (mc_today_arrivals). */
  signals[SIGNAL_ARRIVED] =
    g_signal_new ("arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McTodayPage, summary_label);
}

static void
mc_today_page_init (McTodayPage *self)
{
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a template child: the bin unparents it when disposed. */
  self->page = ADW_PREFERENCES_PAGE (adw_bin_get_child (ADW_BIN (self)));
}
