/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-view.h"
#include "mc-online-page.h"

/* Most online dossiers are handled the day they come: a few hundred at most are listed. */
#define MAX_ROWS 500
/* Rows made at once; the others in the idle moments after (500 rows at once stalled a desk's
 * sign-in for a fifth of a second on a province's database). */
#define ROWS_AT_ONCE 30

typedef struct {
  gint64    id;
  McTime    submitted_at;
  GtkLabel *left_label;
} Waiting;

struct _McOnlinePage
{
  AdwBin      parent_instance;

  McStore    *store;
  McOfficer  *officer;
  GArray     *waiting;   /* Waiting, in the list's order (left_label NULL: its row not made yet) */
  char       *shown;     /* the ids and versions of the rows shown, "id.version,…" */
  guint       timer;
  GPtrArray  *to_make;   /* McDossier*, the rows still to make, from next_row */
  guint       next_row;
  guint       make_source;
  gboolean    may_act;

  GtkStack   *stack;
  AdwPreferencesGroup *group;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (McOnlinePage, mc_online_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_class (GtkWidget  *label,
           const char *css_class)
{
  static const char *classes[] = { "due-ok", "due-warning", "due-overdue" };

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

/* The clocks count down in working time: outside office hours they stand still. */
static void
update_clocks (McOnlinePage *self)
{
  const McCalendar *cal;
  McTime now = mc_now ();

  if (self->store == NULL)
    return;
  cal = mc_store_get_calendar (self->store);
  for (guint i = 0; i < self->waiting->len; i++)
    {
      Waiting *w = &g_array_index (self->waiting, Waiting, i);
      gint64 left;
      g_autofree char *text = NULL;

      if (w->left_label == NULL)
        continue;
      left = mc_desk_intake_left (cal, w->submitted_at, now);
      text = mc_desk_format_left (cal, left);
      gtk_label_set_label (w->left_label, text);
      set_class (GTK_WIDGET (w->left_label), mc_desk_intake_class (left));
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_clocks (user_data);
  return G_SOURCE_CONTINUE;
}

static void
view_changed_cb (McOnlinePage *self)
{
  mc_online_page_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
act_cb (GtkButton    *button,
        McOnlinePage *self)
{
  const gint64 *row = g_object_get_data (G_OBJECT (button), "dossier-id");
  McAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));
  McDossierView *view;

  if (self->store == NULL || self->officer == NULL)
    return;
  /* The dossier opens with the action's dialog over it: what is accepted or refused is seen.
   * Opened alone (action 0), it is read before deciding. */
  view = mc_dossier_view_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                              self->officer, row[0]);
  g_signal_connect_object (view, "changed", G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (view));
  if (action != 0)
    {
      /* Accepted or refused as the row showed it: if another desk took it meanwhile, core says
       * so and the dossier is shown as it is now. */
      mc_dossier_view_expect_version (view, row[1]);
      mc_dossier_view_start_action (view, action);
    }
}

static void
row_activated_cb (AdwActionRow *row,
                  McOnlinePage *self)
{
  GtkWidget *open = g_object_get_data (G_OBJECT (row), "open-button");

  if (open != NULL)
    act_cb (GTK_BUTTON (open), self);
}

static GtkWidget *
action_button (McOnlinePage    *self,
               const McDossier *d,
               McAction         action)
{
  GtkWidget *button = action != 0 ? gtk_button_new_with_label (mc_action_to_verb (action))
                                   : gtk_button_new_from_icon_name ("document-open-symbolic");
  /* The id, and the version the row shows: what the desk decides on. */
  gint64 *idp = g_new (gint64, 2);

  idp[0] = d->id;
  idp[1] = d->version;
  gtk_widget_set_name (button, action == MC_ACTION_ACCEPT ? "accept"
                               : action == MC_ACTION_REFUSE ? "refuse" : "open");
  if (action == 0)
    {
      gtk_widget_set_tooltip_text (button, _("Open the dossier to read it before deciding"));
      gtk_widget_add_css_class (button, "flat");
    }
  g_object_set_data_full (G_OBJECT (button), "dossier-id", idp, g_free);
  g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (action));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (action == MC_ACTION_ACCEPT)
    gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (act_cb), self);
  return button;
}

/* Makes up to N more rows of the dossiers waiting, with their clocks. */
static void
make_rows (McOnlinePage *self, guint n)
{
  for (; n > 0 && self->next_row < self->to_make->len; n--, self->next_row++)
    {
      McDossier *d = g_ptr_array_index (self->to_make, self->next_row);
      g_autofree char *code = mc_desk_code_text (d->code);
      g_autofree char *title = g_strdup (code);
      g_autofree char *when = mc_desk_format_time (d->submitted_at);
      /* The code alone on the first line, who and what below: the row stays two lines. */
      g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", d->applicant_name,
                                                   d->procedure_name, when);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (label, "time-left");
      /* A long clock ("quá hạn 1 ngày 7 giờ") takes two lines rather than squeezing the
       * dossier's code into breaking. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      {
        GtkWidget *open = action_button (self, d, 0);

        adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
        g_object_set_data (G_OBJECT (row), "open-button", open);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);
      }
      /* Only the desk accepts or refuses; the others see the list and its clocks. */
      if (self->may_act)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (self, d, MC_ACTION_REFUSE));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (self, d, MC_ACTION_ACCEPT));
        }
      gtk_list_box_append (self->list, row);
      g_array_index (self->waiting, Waiting, self->next_row).left_label = GTK_LABEL (label);
    }
  update_clocks (self);
  if (self->next_row >= self->to_make->len)
    g_clear_pointer (&self->to_make, g_ptr_array_unref);
}

static gboolean
make_rows_cb (gpointer user_data)
{
  McOnlinePage *self = user_data;

  if (self->to_make == NULL)
    {
      self->make_source = 0;
      return G_SOURCE_REMOVE;
    }
  make_rows (self, ROWS_AT_ONCE);
  if (self->to_make != NULL)
    return G_SOURCE_CONTINUE;
  self->make_source = 0;
  return G_SOURCE_REMOVE;
}

void
mc_online_page_reload (McOnlinePage *self)
{
  /* Status 1 has no appointment: by appointment is by id, the order of submission, and reads
   * the (status, due_at) index instead of every code. */
  McQuery q = { .statuses = 1u << MC_STATUS_NEW, .sort = MC_SORT_DUE, .limit = MAX_ROWS };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (MC_IS_ONLINE_PAGE (self));

  if (self->store == NULL || self->officer == NULL)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
        gtk_list_box_remove (self->list, child);
      g_array_set_size (self->waiting, 0);
      g_clear_pointer (&self->shown, g_free);
      return;
    }

  ids = mc_store_query_ids (self->store, &q, &error);
  if (ids != NULL)
    dossiers = mc_store_get_dossier_rows (self->store, (const gint64 *) (gpointer) ids->data,
                                          ids->len, &error);
  if (dossiers == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      return;
    }
  /* A colleague's change elsewhere reloads every page: when the dossiers waiting are the same,
   * in the same versions, the rows stay (rebuilding hundreds of rows is what stalled a desk at
   * a million dossiers). */
  {
    GString *key = g_string_new (NULL);

    for (guint i = 0; i < dossiers->len; i++)
      {
        const McDossier *d = g_ptr_array_index (dossiers, i);

        g_string_append_printf (key, "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ",", d->id,
                                d->version);
      }
    if (self->shown != NULL && g_str_equal (self->shown, key->str))
      {
        g_string_free (key, TRUE);
        update_clocks (self);
        return;
      }
    g_free (self->shown);
    self->shown = g_string_free (key, FALSE);
  }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->waiting, 0);
  g_clear_handle_id (&self->make_source, g_source_remove);
  g_clear_pointer (&self->to_make, g_ptr_array_unref);

  self->may_act = mc_workflow_check (MC_ACTION_ACCEPT, MC_STATUS_NEW, MC_STEP_NONE,
                                     self->officer->role, FALSE, NULL);
  for (guint i = 0; i < dossiers->len; i++)
    {
      const McDossier *d = g_ptr_array_index (dossiers, i);
      Waiting w = { d->id, d->submitted_at, NULL };

      g_array_append_val (self->waiting, w);
    }
  self->to_make = g_steal_pointer (&dossiers);
  self->next_row = 0;
  make_rows (self, ROWS_AT_ONCE);
  if (self->to_make != NULL)
    self->make_source = g_idle_add (make_rows_cb, self);
  update_clocks (self);
  gtk_stack_set_visible_child_name (self->stack, self->waiting->len > 0 ? "list" : "empty");
}

McOnlinePage *
mc_online_page_new (void)
{
  return g_object_new (MC_TYPE_ONLINE_PAGE, NULL);
}

void
mc_online_page_set_session (McOnlinePage    *self,
                            McStore         *store,
                            const McOfficer *officer)
{
  g_return_if_fail (MC_IS_ONLINE_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  if (store != NULL && officer != NULL)
    self->officer = mc_store_get_officer (store, officer->id, NULL);
  /* Another officer may act on the rows, or not: they are made again. */
  g_clear_pointer (&self->shown, g_free);
  mc_online_page_reload (self);
}

guint
mc_online_page_get_count (McOnlinePage *self)
{
  g_return_val_if_fail (MC_IS_ONLINE_PAGE (self), 0);

  return self->waiting->len;
}

GtkLabel *
mc_online_page_get_left_label (McOnlinePage *self,
                               guint         i)
{
  g_return_val_if_fail (MC_IS_ONLINE_PAGE (self), NULL);
  g_return_val_if_fail (i < self->waiting->len, NULL);

  return g_array_index (self->waiting, Waiting, i).left_label;
}

static void
mc_online_page_dispose (GObject *object)
{
  McOnlinePage *self = MC_ONLINE_PAGE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_handle_id (&self->make_source, g_source_remove);
  g_clear_pointer (&self->to_make, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->officer, mc_officer_free);
  /* The bin unparents its child itself. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ONLINE_PAGE);

  G_OBJECT_CLASS (mc_online_page_parent_class)->dispose (object);
}

static void
mc_online_page_finalize (GObject *object)
{
  g_array_unref (MC_ONLINE_PAGE (object)->waiting);
  g_free (MC_ONLINE_PAGE (object)->shown);

  G_OBJECT_CLASS (mc_online_page_parent_class)->finalize (object);
}

static void
mc_online_page_class_init (McOnlinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_online_page_dispose;
  object_class->finalize = mc_online_page_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-online-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McOnlinePage, stack);
  gtk_widget_class_bind_template_child (widget_class, McOnlinePage, group);
  gtk_widget_class_bind_template_child (widget_class, McOnlinePage, list);
}

static void
mc_online_page_init (McOnlinePage *self)
{
  self->waiting = g_array_new (FALSE, FALSE, sizeof (Waiting));
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Each half minute, as the issue asks: the clocks move in minutes. */
  self->timer = g_timeout_add_seconds (30, tick_cb, self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
