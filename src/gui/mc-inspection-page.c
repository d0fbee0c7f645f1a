/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-inspection-page.h"
#include "mc-print.h"
#include "mc-report.h"
#include "mc-supervision.h"
#include "mc-text.h"

/* In the order of the period row's model (ui/mc-inspection-page.ui). */
typedef enum {
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_QUARTER,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
} Period;

/* In the order of each check row's model. */
enum { CHECK_NOT_DONE, CHECK_RIGHT, CHECK_WRONG };

struct _McInspectionPage
{
  AdwBin        parent_instance;

  McStore      *store;
  McOfficer    *officer;
  McInspection *shown;
  GPtrArray    *item_rows;     /* rows of items_list, to remove them */
  GPtrArray    *history_rows;

  AdwComboRow  *period_row;
  GtkSpinButton *size_spin;
  AdwComboRow  *stratum_row;
  GtkButton    *draw_button;
  GtkLabel     *error_label;
  AdwPreferencesGroup *current_group;
  GtkListBox   *items_list;
  AdwPreferencesGroup *history_group;
  GtkListBox   *history_list;
};

G_DEFINE_FINAL_TYPE (McInspectionPage, mc_inspection_page, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_DOSSIER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One sampled dossier's row and what its verdict buttons read. */
typedef struct {
  McInspectionPage *self;
  int               position;
  AdwComboRow      *checks[MC_N_CHECKS];
  AdwEntryRow      *findings;
  GtkLabel         *error;
} ItemRow;

static void
period_range (Period period,
              McDay  today,
              McDay *from,
              McDay *to)
{
  int y, m, d;

  mc_day_to_ymd (today, &y, &m, &d);
  *to = today;
  switch (period)
    {
    case PERIOD_THIS_MONTH:
      *from = mc_day_from_ymd (y, m, 1);
      break;
    case PERIOD_LAST_MONTH:
      *to = mc_day_from_ymd (y, m, 1) - 1;
      mc_day_to_ymd (*to, &y, &m, &d);
      *from = mc_day_from_ymd (y, m, 1);
      break;
    case PERIOD_THIS_QUARTER:
      *from = mc_day_from_ymd (y, (m - 1) / 3 * 3 + 1, 1);
      break;
    case PERIOD_THIS_YEAR:
      *from = mc_day_from_ymd (y, 1, 1);
      break;
    case PERIOD_LAST_YEAR:
    default:
      *from = mc_day_from_ymd (y - 1, 1, 1);
      *to = mc_day_from_ymd (y, 1, 1) - 1;
      break;
    }
}

static char *
period_text (McDay from,
             McDay to)
{
  g_autofree char *first = mc_format_day (from);
  g_autofree char *last = mc_format_day (to);

  /* TRANSLATORS: the days a period covers: "01/11/2026 – 30/11/2026". */
  return g_strdup_printf (_("%s – %s"), first, last);
}

static void
period_changed_cb (McInspectionPage *self)
{
  g_autofree char *text = NULL;
  McDay from, to;

  period_range (adw_combo_row_get_selected (self->period_row), mc_day_of_time (mc_now ()),
                &from, &to);
  text = period_text (from, to);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->period_row), text);
}

static void
show_error (McInspectionPage *self,
            const char       *text)
{
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
update_actions (McInspectionPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.print", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.export-pdf", self->shown != NULL);
}

static void
open_dossier_cb (GtkButton        *button,
                 McInspectionPage *self)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), "dossier-id");

  g_signal_emit (self, signals[SIGNAL_OPEN_DOSSIER], 0, *id);
}

static void show_inspection (McInspectionPage *self, McInspection *inspection);

static void
verdict_cb (GtkButton *button,
            ItemRow   *item)
{
  McInspectionPage *self = item->self;
  McInspectionVerdict verdict = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button),
                                                                    "verdict"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McInspection) again = NULL;
  guint checked = 0, passed = 0;

  if (self->store == NULL || self->officer == NULL || self->shown == NULL)
    return;
  for (int c = 0; c < MC_N_CHECKS; c++)
    {
      guint state = adw_combo_row_get_selected (item->checks[c]);

      if (state == CHECK_RIGHT || state == CHECK_WRONG)
        checked |= 1u << c;
      if (state == CHECK_RIGHT)
        passed |= 1u << c;
    }
  if (!mc_inspection_record (self->store, self->officer->id, self->shown->id, item->position,
                             checked, passed, verdict,
                             gtk_editable_get_text (GTK_EDITABLE (item->findings)), &error))
    {
      gtk_label_set_label (item->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (item->error), TRUE);
      return;
    }
  again = mc_inspection_get (self->store, self->shown->id, &error);
  if (again != NULL)
    show_inspection (self, g_steal_pointer (&again));
}

static GtkWidget *
item_row (McInspectionPage       *self,
          const McInspectionItem *it)
{
  static const char *states[] = { N_("Not checked"), N_("Right"), N_("Wrong"), NULL };
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("item-%d", it->position);
  GtkWidget *verdict = gtk_label_new (mc_inspection_verdict_label (it->verdict));
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *buttons_row = adw_action_row_new ();
  GtkWidget *in_order = gtk_button_new_with_mnemonic (_("_In Order"));
  GtkWidget *failings = gtk_button_new_with_mnemonic (_("_Failings Found"));
  GtkWidget *error = gtk_label_new (NULL);
  ItemRow *item = g_new0 (ItemRow, 1);
  gint64 *id = g_new (gint64, 1);

  item->self = self;
  item->position = it->position;
  g_object_set_data_full (G_OBJECT (row), "item", item, g_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), it->code);
  /* TRANSLATORS: a sampled dossier: its procedure, then the officer who handled it. */
  subtitle = g_strdup_printf (_("%s · %s"), it->procedure_name,
                              it->officer_name[0] ? it->officer_name : _("(nobody recorded)"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_valign (verdict, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (verdict, it->verdict == MC_VERDICT_FAILINGS ? "error"
                                     : it->verdict == MC_VERDICT_IN_ORDER ? "success"
                                     : "dim-label");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), verdict);
  *id = it->dossier_id;
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (open), "dossier-id", id, g_free);
  g_signal_connect (open, "clicked", G_CALLBACK (open_dossier_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), open);

  for (int c = 0; c < MC_N_CHECKS; c++)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      GtkWidget *check = adw_combo_row_new ();
      g_autofree char *check_name = g_strdup_printf ("check-%d", c);
      guint bit = 1u << c;

      for (int s = 0; states[s] != NULL; s++)
        gtk_string_list_append (model, _(states[s]));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (check), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (check), mc_inspection_check_label (c));
      adw_combo_row_set_model (ADW_COMBO_ROW (check), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (check),
                                  !(it->checked & bit) ? CHECK_NOT_DONE
                                  : (it->passed & bit) ? CHECK_RIGHT : CHECK_WRONG);
      gtk_widget_set_name (check, check_name);
      item->checks[c] = ADW_COMBO_ROW (check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), check);
    }
  item->findings = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->findings), _("Findings"));
  gtk_editable_set_text (GTK_EDITABLE (item->findings), it->findings);
  gtk_widget_set_name (GTK_WIDGET (item->findings), "findings");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (item->findings));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (buttons_row), _("Verdict"));
  if (it->checked_at != MC_TIME_NONE)
    {
      g_autofree char *when = mc_format_time (it->checked_at);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (buttons_row), when);
    }
  g_object_set_data (G_OBJECT (in_order), "verdict", GINT_TO_POINTER (MC_VERDICT_IN_ORDER));
  g_object_set_data (G_OBJECT (failings), "verdict", GINT_TO_POINTER (MC_VERDICT_FAILINGS));
  g_signal_connect (in_order, "clicked", G_CALLBACK (verdict_cb), item);
  g_signal_connect (failings, "clicked", G_CALLBACK (verdict_cb), item);
  gtk_widget_set_valign (in_order, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (failings, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (failings, "destructive-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (buttons_row), in_order);
  adw_action_row_add_suffix (ADW_ACTION_ROW (buttons_row), failings);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons_row);

  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_set_margin_start (error, 12);
  gtk_widget_set_margin_end (error, 12);
  gtk_widget_set_margin_top (error, 6);
  gtk_widget_set_margin_bottom (error, 6);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_widget_set_name (error, "item-error");
  item->error = GTK_LABEL (error);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), error);
  return row;
}

static void
clear (GtkListBox *list,
       GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* Takes INSPECTION. */
static void
show_inspection (McInspectionPage *self,
                 McInspection     *inspection)
{
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;
  g_autofree char *drawn = NULL;
  g_autofree char *description = NULL;
  g_autofree char *population = NULL;
  int done = 0;

  g_clear_pointer (&self->shown, mc_inspection_free);
  self->shown = inspection;
  clear (self->items_list, self->item_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->current_group), inspection != NULL);
  update_actions (self);
  if (inspection == NULL)
    return;

  for (guint i = 0; i < inspection->items->len; i++)
    {
      const McInspectionItem *it = g_ptr_array_index (inspection->items, i);
      GtkWidget *row = item_row (self, it);

      done += it->verdict != MC_VERDICT_NONE;
      gtk_list_box_append (self->items_list, row);
      g_ptr_array_add (self->item_rows, row);
    }
  /* TRANSLATORS: the heading of the inspection shown, with its number. */
  title = g_strdup_printf (_("Spot Inspection No. %lld"), (long long) inspection->id);
  adw_preferences_group_set_title (self->current_group, title);
  period = period_text (inspection->from, inspection->to);
  drawn = mc_format_time (inspection->drawn_at);
  population = mc_format_int (inspection->population);
  /* TRANSLATORS: the period, how many drawn of how many, the seed, when and by whom, how many
   * inspected so far. */
  description = g_strdup_printf (_("Dossiers received %s: %u drawn of %s with the seed %llu, "
                                   "at %s by %s. %d of %u inspected."),
                                 period, inspection->items->len, population,
                                 (unsigned long long) inspection->seed,
                                 drawn, inspection->officer_name, done, inspection->items->len);
  if (inspection->draws_of_period > 1)
    {
      g_autofree char *more = g_strdup_printf (_("This period was drawn %d times."),
                                               inspection->draws_of_period);
      char *both = g_strconcat (description, " ", more, NULL);

      g_free (description);
      description = both;
    }
  adw_preferences_group_set_description (self->current_group, description);
}

static void
history_open_cb (GtkButton        *button,
                 McInspectionPage *self)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), "inspection-id");

  mc_inspection_page_show (self, *id);
}

static void
load_history (McInspectionPage *self)
{
  g_autoptr(GPtrArray) list = NULL;

  clear (self->history_list, self->history_rows);
  if (self->store == NULL)
    return;
  list = mc_inspection_list (self->store, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), list != NULL && list->len > 0);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const McInspection *x = g_ptr_array_index (list, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
      g_autofree char *period = period_text (x->from, x->to);
      g_autofree char *drawn = mc_format_time (x->drawn_at);
      g_autofree char *title = g_strdup_printf (_("No. %lld, %s"), (long long) x->id, period);
      /* TRANSLATORS: a draw in the list: the size asked, the seed, when, by whom. */
      g_autofree char *subtitle = g_strdup_printf (_("%d asked, seed %llu, drawn at %s by %s"),
                                                   x->size, (unsigned long long) x->seed,
                                                   drawn, x->officer_name);
      gint64 *id = g_new (gint64, 1);

      *id = x->id;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (x->draws_of_period > 1)
        {
          g_autofree char *times = g_strdup_printf (_("drawn %d times"), x->draws_of_period);
          GtkWidget *badge = gtk_label_new (times);

          gtk_widget_add_css_class (badge, "warning");
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (open), "inspection-id", id, g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (history_open_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (self->history_list, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
draw_cb (McInspectionPage *self)
{
  g_autoptr(GError) error = NULL;
  McInspection *drawn;
  McDay from, to;

  if (self->store == NULL || self->officer == NULL)
    return;
  period_range (adw_combo_row_get_selected (self->period_row), mc_day_of_time (mc_now ()),
                &from, &to);
  drawn = mc_inspection_draw (self->store, self->officer->id, from, to,
                              gtk_spin_button_get_value_as_int (self->size_spin),
                              (McSampleStratum) adw_combo_row_get_selected (self->stratum_row),
                              FALSE, 0, &error);
  if (drawn == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  show_inspection (self, drawn);
  load_history (self);
}

void
mc_inspection_page_reload (McInspectionPage *self)
{
  g_return_if_fail (MC_IS_INSPECTION_PAGE (self));

  period_changed_cb (self);
  load_history (self);
  if (self->shown != NULL && self->store != NULL)
    mc_inspection_page_show (self, self->shown->id);
}

gboolean
mc_inspection_page_show (McInspectionPage *self,
                         gint64            id)
{
  g_autoptr(GError) error = NULL;
  McInspection *inspection;

  g_return_val_if_fail (MC_IS_INSPECTION_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  inspection = mc_inspection_get (self->store, id, &error);
  if (inspection == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_inspection (self, inspection);
  return TRUE;
}

gint64
mc_inspection_page_get_shown (McInspectionPage *self)
{
  g_return_val_if_fail (MC_IS_INSPECTION_PAGE (self), 0);

  return self->shown != NULL ? self->shown->id : 0;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McInspectionPage *self = MC_INSPECTION_PAGE (widget);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  McDocument *doc;

  if (self->shown == NULL || self->store == NULL)
    return;
  doc = mc_report_inspection_new (self->store, self->shown);
  if (g_str_equal (action_name, "page.print"))
    mc_print_document (parent, doc, _("Minutes of a spot inspection"));
  else
    {
      /* TRANSLATORS: the file name proposed for an inspection's minutes. */
      g_autofree char *name = g_strdup_printf (_("inspection-%lld.pdf"),
                                               (long long) self->shown->id);

      mc_export_document_pdf (parent, doc, name);
    }
}

void
mc_inspection_page_set_session (McInspectionPage *self,
                                McStore          *store,
                                const McOfficer  *officer)
{
  g_return_if_fail (MC_IS_INSPECTION_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  if (officer != NULL && store != NULL)
    self->officer = mc_store_get_officer (store, officer->id, NULL);
  show_error (self, NULL);
  show_inspection (self, NULL);
  mc_inspection_page_reload (self);
}

McInspectionPage *
mc_inspection_page_new (void)
{
  return g_object_new (MC_TYPE_INSPECTION_PAGE, NULL);
}

static void
mc_inspection_page_dispose (GObject *object)
{
  McInspectionPage *self = MC_INSPECTION_PAGE (object);

  g_clear_pointer (&self->shown, mc_inspection_free);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_INSPECTION_PAGE);

  G_OBJECT_CLASS (mc_inspection_page_parent_class)->dispose (object);
}

static void
mc_inspection_page_finalize (GObject *object)
{
  McInspectionPage *self = MC_INSPECTION_PAGE (object);

  g_ptr_array_unref (self->item_rows);
  g_ptr_array_unref (self->history_rows);

  G_OBJECT_CLASS (mc_inspection_page_parent_class)->finalize (object);
}

static void
mc_inspection_page_class_init (McInspectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_inspection_page_dispose;
  object_class->finalize = mc_inspection_page_finalize;

  signals[SIGNAL_OPEN_DOSSIER] =
    g_signal_new ("open-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-inspection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, size_spin);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, stratum_row);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, draw_button);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, current_group);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, McInspectionPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, draw_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "page.export-pdf", NULL, print_action);
}

static void
mc_inspection_page_init (McInspectionPage *self)
{
  self->item_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
