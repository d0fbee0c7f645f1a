/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-desk-util.h"
#include "mc-queue-page.h"
#include "mc-text-cell.h"
#include "mc-worker.h"
#include "mc-text.h"
#include "mc-workflow.h"

typedef enum {
  COL_CODE,
  COL_APPLICANT,
  COL_PROCEDURE,
  COL_RECEIVED,
  COL_DUE,
  COL_LEFT,
  COL_STATUS,
  COL_OFFICER,
  N_COLUMNS
} Column;

/* The name of each column in the settings and in its action (queue.column-NAME). */
static const char *column_names[N_COLUMNS] = {
  "code", "applicant", "procedure", "received", "due", "left", "status", "officer",
};

/* The choices of the sort menu, in its order. */
static const McSortKey sort_keys[] = {
  MC_SORT_DUE, MC_SORT_RECEIVED, MC_SORT_CODE, MC_SORT_APPLICANT, MC_SORT_PROCEDURE,
  MC_SORT_STATUS, MC_SORT_HANDLER,
};

/* The officer menu starts with these two, then one item per officer. */
enum { OFFICER_MINE, OFFICER_ALL, OFFICER_FIRST };
/* The status menu starts with these two, then statuses 1–10. */
enum { STATUS_OPEN, STATUS_ANY, STATUS_FIRST };

struct _McQueuePage
{
  AdwBin          parent_instance;

  McStore        *store;
  McOfficer      *officer;
  McDossierList  *list;
  GArray         *officer_ids;    /* gint64, for the officer menu past OFFICER_FIRST */
  GArray         *procedure_ids;  /* gint64, for the procedure menu past its first item */
  GPtrArray      *fields;         /* char*, for the field menu past its first item */
  double          last_ms;
  gint64          query_started;  /* monotonic µs of the query being read, 0 when none */
  gboolean        filling;        /* menus being filled: no queries meanwhile */
  GCancellable   *counts_cancellable;

  GtkSearchEntry *search_entry;
  GtkDropDown    *officer_dropdown;
  GtkDropDown    *due_dropdown;
  GtkDropDown    *sort_dropdown;
  GtkToggleButton *descending_button;
  GtkDropDown    *status_dropdown;
  GtkDropDown    *procedure_dropdown;
  GtkDropDown    *field_dropdown;
  GtkDropDown    *channel_dropdown;
  GtkToggleButton *undigitised_button; /* "chưa số hóa": papers or result without scans */
  GtkLabel       *count_label;
  GtkStack       *list_stack;
  GtkColumnView  *column_view;
  GtkMenuButton  *columns_button;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GSettings      *settings;
  GSimpleActionGroup *column_actions;
};

G_DEFINE_FINAL_TYPE (McQueuePage, mc_queue_page, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_DOSSIER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Columns ---- */

/* Each cell one line, cut at the column's width (its whole text in a tooltip, asked for when the
 * pointer rests on it: gtk_widget_set_tooltip_text at each bind asks the display where the
 * pointer is, a round trip per cell). */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, mc_text_cell_new ());
  g_object_set_data (G_OBJECT (item), "column", user_data);
  g_object_set_data (G_OBJECT (item), "page", g_object_get_data (G_OBJECT (factory), "page"));
}

static void
set_due_class (GtkWidget  *label,
               const char *css_class)
{
  static const char *classes[] = { "due-ok", "due-warning", "due-overdue" };

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], css_class) != 0)
      gtk_widget_remove_css_class (label, classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

/* The cell's text from its row's dossier: at a bind, and when the row's page comes. */
static void
show_cell (GtkListItem *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column"));
  McDossierRow *row = gtk_list_item_get_item (item);
  const McDossier *d = mc_dossier_row_get_dossier (row);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  const char *css_class = NULL;

  switch (column)
    {
    case COL_CODE:
      text = g_strdup (d->code);
      break;
    case COL_APPLICANT:
      text = g_strdup (d->applicant_name);
      break;
    case COL_PROCEDURE:
      text = g_strdup (d->procedure_name);
      break;
    case COL_RECEIVED:
      text = mc_desk_format_time (d->received_at != MC_TIME_NONE ? d->received_at
                                                                 : d->submitted_at);
      break;
    case COL_DUE:
      text = mc_desk_format_time (d->due_at);
      break;
    case COL_LEFT:
      {
        /* The store's calendar is the one rows were computed with. */
        McQueuePage *self = g_object_get_data (G_OBJECT (item), "page");

        text = mc_desk_format_dossier_left (mc_store_get_calendar (self->store), d,
                                            mc_dossier_row_get_left (row), 0);
        css_class = mc_desk_dossier_due_class (d, mc_dossier_row_get_left (row),
                                               mc_dossier_row_get_allowed (row));
      }
      break;
    case COL_STATUS:
      text = g_strdup (d->status != 0 ? mc_status_to_string (d->status) : "");
      break;
    case COL_OFFICER:
      text = g_strdup (d->handler_name);
      break;
    default:
      g_assert_not_reached ();
    }

  /* A dossier deleted since the ids were read shows as an empty row. */
  mc_text_cell_set_text (MC_TEXT_CELL (label), text != NULL ? text : "");
  if (column == COL_LEFT)
    set_due_class (label, css_class);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  g_signal_connect_swapped (gtk_list_item_get_item (item), "changed", G_CALLBACK (show_cell),
                            item);
  show_cell (item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), show_cell, item);
}

static void
add_column (McQueuePage *self,
            Column       column,
            const char  *title,
            gboolean     expand,
            int          width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_column_set_expand (col, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->column_view, col);
  self->columns[column] = col;
  g_object_unref (col);
}

/* Which columns show: kept in the settings, chosen in the column menu (the header's menu and the
 * button beside the filters). At 1366 pixels the default ones fit without scrolling. */
static void
show_columns (McQueuePage *self)
{
  g_auto(GStrv) shown = g_settings_get_strv (self->settings, "queue-columns");

  for (int c = 0; c < N_COLUMNS; c++)
    {
      gboolean visible = g_strv_contains ((const char * const *) shown, column_names[c]);
      g_autofree char *name = g_strdup_printf ("column-%s", column_names[c]);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), name);

      gtk_column_view_column_set_visible (self->columns[c], visible);
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (visible));
    }
}

static void
column_state_cb (GSimpleAction *action,
                 GVariant      *state,
                 McQueuePage   *self)
{
  const char *name = g_action_get_name (G_ACTION (action)) + strlen ("column-");
  g_auto(GStrv) shown = g_settings_get_strv (self->settings, "queue-columns");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) next = NULL;
  guint n = 0;

  for (int c = 0; c < N_COLUMNS; c++)
    {
      gboolean on = g_str_equal (column_names[c], name)
                    ? g_variant_get_boolean (state)
                    : g_strv_contains ((const char * const *) shown, column_names[c]);

      if (on)
        {
          g_strv_builder_add (builder, column_names[c]);
          n++;
        }
    }
  /* At least one column stays, or the table would be empty. */
  if (n == 0)
    return;
  next = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "queue-columns", (const char * const *) next);
}

static void
add_column_actions (McQueuePage *self)
{
  self->column_actions = g_simple_action_group_new ();
  for (int c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *name = g_strdup_printf ("column-%s", column_names[c]);
      GSimpleAction *action = g_simple_action_new_stateful (name, NULL,
                                                            g_variant_new_boolean (TRUE));

      g_signal_connect (action, "change-state", G_CALLBACK (column_state_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
      g_object_unref (action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "queue",
                                  G_ACTION_GROUP (self->column_actions));
}

static GMenuModel *
column_menu (void)
{
  static const char *titles[N_COLUMNS] = {
    N_("Code"), N_("Applicant"), N_("Procedure"), N_("Received"), N_("Appointment"),
    N_("Time left"), N_("Status"), N_("Officer"),
  };
  GMenu *menu = g_menu_new ();

  for (int c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *action = g_strdup_printf ("queue.column-%s", column_names[c]);

      g_menu_append (menu, _(titles[c]), action);
    }
  return G_MENU_MODEL (menu);
}

gboolean
mc_queue_page_get_column_visible (McQueuePage *self,
                                  const char  *name)
{
  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), FALSE);

  for (int c = 0; c < N_COLUMNS; c++)
    if (g_str_equal (column_names[c], name))
      return gtk_column_view_column_get_visible (self->columns[c]);
  return FALSE;
}

/* ---- Queries ---- */

static void
fill_query (McQueuePage *self,
            McQuery     *q)
{
  guint officer = gtk_drop_down_get_selected (self->officer_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint procedure = gtk_drop_down_get_selected (self->procedure_dropdown);
  guint field = gtk_drop_down_get_selected (self->field_dropdown);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);

  memset (q, 0, sizeof *q);
  if (officer == OFFICER_MINE || !mc_workflow_can_see_all_queues (self->officer->role))
    q->handler_id = self->officer->id;
  else if (officer >= OFFICER_FIRST && officer - OFFICER_FIRST < self->officer_ids->len)
    q->handler_id = g_array_index (self->officer_ids, gint64, officer - OFFICER_FIRST);

  if (status == STATUS_OPEN)
    q->statuses = MC_STATUSES_OPEN;
  else if (status >= STATUS_FIRST && status != GTK_INVALID_LIST_POSITION)
    q->statuses = 1u << (status - STATUS_FIRST + MC_STATUS_NEW);

  if (procedure > 0 && procedure != GTK_INVALID_LIST_POSITION &&
      procedure - 1 < self->procedure_ids->len)
    q->procedure_id = g_array_index (self->procedure_ids, gint64, procedure - 1);
  if (field > 0 && field != GTK_INVALID_LIST_POSITION && field - 1 < self->fields->len)
    q->field = g_ptr_array_index (self->fields, field - 1);

  q->channel = (int) MIN (gtk_drop_down_get_selected (self->channel_dropdown), 3);
  q->not_digitized = gtk_toggle_button_get_active (self->undigitised_button);
  q->due = (McDueFilter) MIN (gtk_drop_down_get_selected (self->due_dropdown), MC_DUE_THIS_WEEK);
  q->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  q->sort = sort < G_N_ELEMENTS (sort_keys) ? sort_keys[sort] : MC_SORT_DUE;
  q->descending = gtk_toggle_button_get_active (self->descending_button);
}

/* The overdue and due-today counts of the queue's filters, read by the window's worker. */
typedef struct {
  McQuery overdue;
  McQuery today;
  char   *field;
  char   *search;
  gint64  n_overdue;
  gint64  n_today;
} Counts;

static void
counts_free (Counts *c)
{
  g_free (c->field);
  g_free (c->search);
  g_free (c);
}

static gpointer
counts_job (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Counts *c = data;

  c->n_overdue = mc_store_query_count (store, &c->overdue, error);
  if (c->n_overdue < 0)
    return NULL;
  c->n_today = mc_store_query_count (store, &c->today, error);
  return c->n_today < 0 ? NULL : c;
}

static void
show_count (McQueuePage *self,
            gint64       n_overdue,
            gint64       n_today)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *count = mc_format_int (n);
  g_autofree char *text = NULL;

  if (n_overdue >= 0 && n_today >= 0)
    {
      g_autofree char *overdue = mc_format_int (n_overdue);
      g_autofree char *today = mc_format_int (n_today);

      /* TRANSLATORS: "1.234 dossiers · 56 overdue · 7 due today" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s dossier · %s overdue · %s due today",
                                           "%s dossiers · %s overdue · %s due today", n),
                              count, overdue, today);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s dossier", "%s dossiers", n), count);
  gtk_label_set_label (self->count_label, text);
}

static void
counts_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McQueuePage *self = user_data;
  g_autoptr(GError) error = NULL;
  Counts *c = mc_worker_finish (MC_WORKER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (c == NULL || self->list == NULL)
    return;
  show_count (self, c->n_overdue, c->n_today);
}

static void
start_counts (McQueuePage   *self,
              const McQuery *q)
{
  Counts *c;

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  if (q->due != MC_DUE_ANY || (q->statuses & ~MC_STATUSES_OPEN) != 0)
    return;
  self->counts_cancellable = g_cancellable_new ();
  c = g_new0 (Counts, 1);
  c->field = g_strdup (q->field);
  c->search = g_strdup (q->search);
  c->overdue = *q;
  c->overdue.field = c->field;
  c->overdue.search = c->search;
  c->overdue.due = MC_DUE_OVERDUE;
  c->today = c->overdue;
  c->today.due = MC_DUE_TODAY;
  mc_worker_run (mc_worker_for_store (self->store), counts_job, c, (GDestroyNotify) counts_free,
                 NULL, self->counts_cancellable, counts_done_cb, self);
}

static void
list_loaded_cb (McQueuePage *self)
{
  if (self->query_started != 0)
    {
      self->last_ms = (g_get_monotonic_time () - self->query_started) / 1000.0;
      self->query_started = 0;
    }
  show_count (self, -1, -1);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0
                                    ? "list" : "empty");
}

/* Reads the queue again; KEEP_PLACE: the same filters after a change (here or on another
 * workstation), the view keeping its place and its selection. */
static void
refresh_full (McQueuePage *self,
              gboolean     keep_place)
{
  McQuery q;

  if (self->filling || self->store == NULL || self->officer == NULL)
    return;

  fill_query (self, &q);
  self->query_started = g_get_monotonic_time ();
  if (keep_place && mc_dossier_list_has_query (self->list, &q))
    mc_dossier_list_refresh_async (self->list);
  else
    mc_dossier_list_set_query_async (self->list, &q);
  start_counts (self, &q);
}

static void
refresh (McQueuePage *self)
{
  refresh_full (self, FALSE);
}

static void
filter_changed_cb (McQueuePage *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->descending_button),
                            gtk_toggle_button_get_active (self->descending_button)
                            ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");
  refresh (self);
}

static void
activate_cb (GtkColumnView *view,
             guint          position,
             McQueuePage   *self)
{
  gint64 id = mc_dossier_list_get_id (self->list, position);

  if (id != 0)
    g_signal_emit (self, signals[SIGNAL_OPEN_DOSSIER], 0, id);
}

/* Enter in the search entry opens the selected (first) dossier. */
static void
search_activate_cb (McQueuePage *self)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (self->column_view);
  guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));

  if (position != GTK_INVALID_LIST_POSITION)
    activate_cb (self->column_view, position, self);
}

/* ---- Menus ---- */

static void
set_strings (GtkDropDown *dropdown,
             GPtrArray   *strings)
{
  g_autoptr(GtkStringList) list = NULL;

  g_ptr_array_add (strings, NULL);
  list = gtk_string_list_new ((const char * const *) strings->pdata);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, 0);
}

static void
fill_menus (McQueuePage *self)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean see_all = mc_workflow_can_see_all_queues (self->officer->role);

  self->filling = TRUE;

  strings = g_ptr_array_new ();
  g_ptr_array_add (strings, (char *) _("My queue"));
  g_array_set_size (self->officer_ids, 0);
  if (see_all)
    {
      g_ptr_array_add (strings, (char *) _("All officers"));
      officers = mc_store_list_officers (self->store, NULL);
      for (guint i = 0; officers != NULL && i < officers->len; i++)
        {
          McOfficer *o = g_ptr_array_index (officers, i);

          if (!o->active)
            continue;
          g_ptr_array_add (strings, o->name);
          g_array_append_val (self->officer_ids, o->id);
        }
    }
  set_strings (self->officer_dropdown, strings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->officer_dropdown), see_all);
  /* Those who handle dossiers start on their own queue; the others on everyone's. */
  if (see_all && self->officer->role != MC_ROLE_SPECIALIST)
    gtk_drop_down_set_selected (self->officer_dropdown, OFFICER_ALL);

  g_ptr_array_set_size (strings, 0);
  g_ptr_array_add (strings, (char *) _("Open"));
  g_ptr_array_add (strings, (char *) _("Any status"));
  for (int s = MC_STATUS_NEW; s <= MC_STATUS_RETURNED; s++)
    g_ptr_array_add (strings, (char *) mc_status_to_string (s));
  set_strings (self->status_dropdown, strings);

  g_ptr_array_set_size (strings, 0);
  g_ptr_array_add (strings, (char *) _("Any procedure"));
  g_array_set_size (self->procedure_ids, 0);
  g_ptr_array_set_size (self->fields, 0);
  procedures = mc_store_list_procedures (self->store, NULL);
  for (guint i = 0; procedures != NULL && i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);

      g_ptr_array_add (strings, p->name);
      g_array_append_val (self->procedure_ids, p->id);
      if (p->field[0] != '\0' && g_hash_table_add (seen, p->field))
        g_ptr_array_add (self->fields, g_strdup (p->field));
    }
  set_strings (self->procedure_dropdown, strings);

  g_ptr_array_set_size (strings, 0);
  g_ptr_array_add (strings, (char *) _("Any field"));
  for (guint i = 0; i < self->fields->len; i++)
    g_ptr_array_add (strings, g_ptr_array_index (self->fields, i));
  set_strings (self->field_dropdown, strings);

  self->filling = FALSE;
}

static void
fill_fixed_menus (McQueuePage *self)
{
  const char *channels[] = { _("Any channel"), mc_channel_to_string (MC_CHANNEL_DESK),
                             mc_channel_to_string (MC_CHANNEL_ONLINE),
                             mc_channel_to_string (MC_CHANNEL_POST), NULL };
  const char *due[] = { _("Any appointment"), _("Overdue"), _("Due today"), _("Due this week"),
                        NULL };
  const char *sorts[] = { _("By appointment"), _("By date received"), _("By code"),
                          _("By applicant"), _("By procedure"), _("By status"), _("By officer"),
                          NULL };
  g_autoptr(GtkExpression) expression = NULL;

  gtk_drop_down_set_model (self->channel_dropdown,
                           G_LIST_MODEL (gtk_string_list_new (channels)));
  gtk_drop_down_set_model (self->due_dropdown, G_LIST_MODEL (gtk_string_list_new (due)));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (gtk_string_list_new (sorts)));
  g_object_unref (gtk_drop_down_get_model (self->channel_dropdown));
  g_object_unref (gtk_drop_down_get_model (self->due_dropdown));
  g_object_unref (gtk_drop_down_get_model (self->sort_dropdown));

  /* Forty procedures and a dozen officers: type to find one. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->procedure_dropdown, expression);
  gtk_drop_down_set_enable_search (self->procedure_dropdown, TRUE);
  gtk_drop_down_set_expression (self->officer_dropdown, expression);
  gtk_drop_down_set_enable_search (self->officer_dropdown, TRUE);
}

/* ---- Public ---- */

McQueuePage *
mc_queue_page_new (void)
{
  return g_object_new (MC_TYPE_QUEUE_PAGE, NULL);
}

void
mc_queue_page_set_session (McQueuePage     *self,
                           McStore         *store,
                           const McOfficer *officer)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (MC_IS_QUEUE_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_object (&self->list);
  if (store == NULL || officer == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      return;
    }

  self->officer = mc_store_get_officer (store, officer->id, NULL);
  if (self->officer == NULL)
    return;
  self->list = mc_dossier_list_new (store);
  mc_dossier_list_set_async (self->list, TRUE);
  g_signal_connect_object (self->list, "loaded", G_CALLBACK (list_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  fill_menus (self);
  refresh (self);
}

gboolean
mc_queue_page_show_officer (McQueuePage *self,
                            gint64       officer_id)
{
  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), FALSE);

  if (self->officer == NULL)
    return FALSE;
  if (officer_id == self->officer->id)
    {
      gtk_drop_down_set_selected (self->officer_dropdown, OFFICER_MINE);
      return TRUE;
    }
  /* The menu lists other officers only to those who may see their queues. */
  for (guint i = 0; i < self->officer_ids->len; i++)
    if (g_array_index (self->officer_ids, gint64, i) == officer_id)
      {
        gtk_drop_down_set_selected (self->officer_dropdown, OFFICER_FIRST + i);
        return TRUE;
      }
  return FALSE;
}

gboolean
mc_queue_page_show_undigitised (McQueuePage *self,
                                gint64       officer_id,
                                gint64       procedure_id)
{
  guint procedure = 0;

  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), FALSE);

  if (self->officer == NULL)
    return FALSE;
  if (officer_id > 0)
    {
      if (!mc_queue_page_show_officer (self, officer_id))
        return FALSE;
    }
  else if (mc_workflow_can_see_all_queues (self->officer->role))
    gtk_drop_down_set_selected (self->officer_dropdown, OFFICER_ALL);
  else
    return FALSE;
  for (guint i = 0; procedure_id > 0 && i < self->procedure_ids->len; i++)
    if (g_array_index (self->procedure_ids, gint64, i) == procedure_id)
      procedure = i + 1;
  gtk_drop_down_set_selected (self->procedure_dropdown, procedure);
  /* The dashboard counts received dossiers whatever their status now. */
  gtk_drop_down_set_selected (self->status_dropdown, STATUS_ANY);
  gtk_toggle_button_set_active (self->undigitised_button, TRUE);
  return TRUE;
}

void
mc_queue_page_reload (McQueuePage *self)
{
  g_return_if_fail (MC_IS_QUEUE_PAGE (self));

  refresh_full (self, self->list != NULL);
}

gboolean
mc_queue_page_is_loading (McQueuePage *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), FALSE);
  return self->list != NULL && mc_dossier_list_is_loading (self->list);
}

McDossierList *
mc_queue_page_get_list (McQueuePage *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), NULL);

  return self->list;
}

double
mc_queue_page_get_last_ms (McQueuePage *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_PAGE (self), 0);

  return self->last_ms;
}

/* ---- GObject ---- */

static void
mc_queue_page_dispose (GObject *object)
{
  McQueuePage *self = MC_QUEUE_PAGE (object);

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->column_actions);
  g_clear_pointer (&self->officer, mc_officer_free);
  /* The bin unparents its child itself. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_QUEUE_PAGE);

  G_OBJECT_CLASS (mc_queue_page_parent_class)->dispose (object);
}

static void
mc_queue_page_finalize (GObject *object)
{
  McQueuePage *self = MC_QUEUE_PAGE (object);

  g_array_unref (self->officer_ids);
  g_array_unref (self->procedure_ids);
  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (mc_queue_page_parent_class)->finalize (object);
}

static void
mc_queue_page_class_init (McQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_queue_page_dispose;
  object_class->finalize = mc_queue_page_finalize;

  /* The officer wants to see dossier ID. */
  signals[SIGNAL_OPEN_DOSSIER] =
    g_signal_new ("open-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, officer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, due_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, descending_button);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, procedure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, McQueuePage, columns_button);
}

static void
mc_queue_page_init (McQueuePage *self)
{
  GtkDropDown *dropdowns[7];

  self->officer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->procedure_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->fields = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  dropdowns[0] = self->officer_dropdown;
  dropdowns[1] = self->due_dropdown;
  dropdowns[2] = self->sort_dropdown;
  dropdowns[3] = self->status_dropdown;
  dropdowns[4] = self->procedure_dropdown;
  dropdowns[5] = self->field_dropdown;
  dropdowns[6] = self->channel_dropdown;
  fill_fixed_menus (self);
  /* Widths for a 1366-pixel screen: the default columns fit beside the sidebar; the procedure
   * takes what is left. */
  add_column (self, COL_CODE, _("Code"), FALSE, 196);
  add_column (self, COL_APPLICANT, _("Applicant"), FALSE, 150);
  add_column (self, COL_PROCEDURE, _("Procedure"), TRUE, 196);
  add_column (self, COL_RECEIVED, _("Received"), FALSE, 126);
  add_column (self, COL_DUE, _("Appointment"), FALSE, 126);
  add_column (self, COL_LEFT, _("Time left"), FALSE, 180);
  add_column (self, COL_STATUS, _("Status"), FALSE, 130);
  add_column (self, COL_OFFICER, _("Officer"), FALSE, 130);
  {
    g_autoptr(GMenuModel) menu = column_menu ();

    for (int c = 0; c < N_COLUMNS; c++)
      gtk_column_view_column_set_header_menu (self->columns[c], menu);
    gtk_menu_button_set_menu_model (self->columns_button, menu);
  }
  add_column_actions (self);
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::queue-columns",
                            G_CALLBACK (show_columns), self);
  show_columns (self);

  for (gsize i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    g_signal_connect_swapped (dropdowns[i], "notify::selected",
                              G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->descending_button, "toggled",
                            G_CALLBACK (filter_changed_cb), self);
  self->undigitised_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_("Not digitised")));
  gtk_widget_set_name (GTK_WIDGET (self->undigitised_button), "undigitised");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undigitised_button),
                               _("Only dossiers whose papers received are not all scanned, or whose recorded result has no file"));
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->channel_dropdown))),
                              GTK_WIDGET (self->undigitised_button),
                              GTK_WIDGET (self->channel_dropdown));
  g_signal_connect_swapped (self->undigitised_button, "toggled",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate",
                            G_CALLBACK (search_activate_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  /* Typing anywhere on the page goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/* The "not digitised" filter (for tests). */
GtkToggleButton *
mc_queue_page_get_undigitised_button (McQueuePage *self)
{
  return self->undigitised_button;
}
