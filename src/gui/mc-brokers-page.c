/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-brokers-page.h"
#include "mc-date.h"
#include "mc-print.h"
#include "mc-report.h"
#include "mc-supervision.h"
#include "mc-text.h"

/* In the order of the period row's model (ui/mc-brokers-page.ui). */
typedef enum {
  PERIOD_THIS_MONTH,
  PERIOD_LAST_3_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_12_MONTHS,
  PERIOD_LAST_YEAR,
} Period;

struct _McBrokersPage
{
  AdwBin       parent_instance;

  McStore     *store;
  McOfficer   *officer;
  GPtrArray   *brokers;     /* McBroker*, as listed */
  McDay        from, to;
  int          min;
  GPtrArray   *rows;        /* the list's rows, to remove them */

  AdwComboRow *period_row;
  GtkSpinButton *min_spin;
  AdwPreferencesGroup *list_group;
  GtkLabel    *status_label;
  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (McBrokersPage, mc_brokers_page, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_DOSSIER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
    case PERIOD_LAST_3_MONTHS:
      *from = m > 2 ? mc_day_from_ymd (y, m - 2, 1) : mc_day_from_ymd (y - 1, m + 10, 1);
      break;
    case PERIOD_THIS_YEAR:
      *from = mc_day_from_ymd (y, 1, 1);
      break;
    case PERIOD_LAST_YEAR:
      *from = mc_day_from_ymd (y - 1, 1, 1);
      *to = mc_day_from_ymd (y, 1, 1) - 1;
      break;
    case PERIOD_LAST_12_MONTHS:
    default:
      *from = today - 365;
      break;
    }
}

static void
open_cb (GtkButton     *button,
         McBrokersPage *self)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), "dossier-id");

  g_signal_emit (self, signals[SIGNAL_OPEN_DOSSIER], 0, *id);
}

static GtkWidget *
info_row (const char *title,
          const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
broker_row (McBrokersPage  *self,
            const McBroker *b,
            guint           index)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) who = g_string_new (NULL);
  g_autoptr(GString) officers = g_string_new (NULL);
  g_autoptr(GString) procedures = g_string_new (NULL);
  g_autofree char *fees = mc_format_money (b->fees);
  g_autofree char *fees_line = NULL;
  GtkWidget *badge;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), b->name[0] ? b->name : _("(no name)"));
  /* TRANSLATORS: a broker's row: unrelated applicants, then dossiers. */
  g_string_append_printf (subtitle, _("%lld unrelated applicants, %lld dossiers"),
                          (long long) b->applicants, (long long) b->dossiers);
  if (b->phone[0])
    g_string_append_printf (subtitle, " · %s %s", _("phone"), b->phone);
  if (b->id_number[0])
    g_string_append_printf (subtitle, " · %s %s", _("ID"), b->id_number);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  gtk_widget_set_name (row, index == 0 ? "broker-first" : "broker");

  /* One officer receiving most of a broker's dossiers is what collusion looks like. */
  if (b->officers->len > 0)
    {
      const McBrokerOfficer *top = g_ptr_array_index (b->officers, 0);
      g_autofree char *share = g_strdup_printf (_("%s received %lld%%"), top->name,
                                                (long long) (top->dossiers * 100 / MAX (b->dossiers, 1)));

      badge = gtk_label_new (share);
      gtk_widget_add_css_class (badge, top->dossiers * 2 > b->dossiers ? "warning" : "dim-label");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
    }

  for (guint k = 0; k < b->names->len; k++)
    g_string_append_printf (who, "%s%s", k > 0 ? ", " : "", (char *) g_ptr_array_index (b->names, k));
  for (guint k = 0; k < b->phones->len; k++)
    g_string_append_printf (who, "%s%s", who->len > 0 ? ", " : "", (char *) g_ptr_array_index (b->phones, k));
  for (guint k = 0; k < b->id_numbers->len; k++)
    g_string_append_printf (who, "%s%s", who->len > 0 ? ", " : "", (char *) g_ptr_array_index (b->id_numbers, k));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), info_row (_("Names, phones and ID numbers used"), who->str));

  for (guint k = 0; k < b->officers->len; k++)
    {
      const McBrokerOfficer *o = g_ptr_array_index (b->officers, k);
      g_string_append_printf (officers, "%s%s: %lld", k > 0 ? "\n" : "", o->name, (long long) o->dossiers);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), info_row (_("Received by"), officers->str));
  for (guint k = 0; k < b->procedures->len; k++)
    {
      const McBrokerProcedure *p = g_ptr_array_index (b->procedures, k);
      g_string_append_printf (procedures, "%s%s: %lld", k > 0 ? "\n" : "", p->name, (long long) p->dossiers);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), info_row (_("Procedures"), procedures->str));
  /* TRANSLATORS: the fees of a broker's dossiers, then how many people they were for. */
  fees_line = g_strdup_printf (_("%s, for %lld people"), fees, (long long) b->people);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), info_row (_("Fees"), fees_line));

  for (guint k = 0; k < b->codes->len; k++)
    {
      GtkWidget *dossier = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
      gint64 *id = g_new (gint64, 1);

      *id = g_array_index (b->dossier_ids, gint64, k);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (dossier), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dossier), g_ptr_array_index (b->codes, k));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (open), "dossier-id", id, g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (dossier), open);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (dossier), open);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), dossier);
    }
  return row;
}

static void
clear_rows (McBrokersPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
show_status (McBrokersPage *self,
             const char    *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
update_actions (McBrokersPage *self)
{
  gboolean ready = self->brokers != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.export-pdf", ready);
}

void
mc_brokers_page_reload (McBrokersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *period = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_if_fail (MC_IS_BROKERS_PAGE (self));

  clear_rows (self);
  g_clear_pointer (&self->brokers, g_ptr_array_unref);
  if (self->store == NULL || self->officer == NULL)
    {
      update_actions (self);
      return;
    }
  period_range (adw_combo_row_get_selected (self->period_row), mc_day_of_time (mc_now ()),
                &self->from, &self->to);
  self->min = gtk_spin_button_get_value_as_int (self->min_spin);
  first = mc_format_day (self->from);
  last = mc_format_day (self->to);
  /* TRANSLATORS: the days a period covers: "01/12/2025 – 02/12/2026". */
  period = g_strdup_printf (_("%s – %s"), first, last);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->period_row), period);

  self->brokers = mc_supervision_brokers (self->store, self->officer->id, self->from, self->to,
                                          self->min, &error);
  if (self->brokers == NULL)
    {
      /* Core's refusal or the store's failure, as it says it. */
      show_status (self, error != NULL ? error->message : NULL);
      update_actions (self);
      return;
    }
  for (guint i = 0; i < self->brokers->len; i++)
    {
      GtkWidget *row = broker_row (self, g_ptr_array_index (self->brokers, i), i);

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  if (self->brokers->len == 0)
    {
      g_autofree char *none = g_strdup_printf (_("No representative filed for %d or more "
                                                 "unrelated applicants in this period."),
                                               self->min);
      show_status (self, none);
    }
  else
    show_status (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->brokers->len > 0);
  update_actions (self);
}

static void
reload_cb (McBrokersPage *self)
{
  mc_brokers_page_reload (self);
}

static McDocument *
build_document (McBrokersPage *self)
{
  if (self->brokers == NULL || self->officer == NULL)
    return NULL;
  return mc_report_brokers_new (self->store, self->brokers, self->from, self->to, self->min,
                                self->officer->id);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McBrokersPage *self = MC_BROKERS_PAGE (widget);
  McDocument *doc = build_document (self);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));

  if (doc == NULL)
    return;
  if (g_str_equal (action_name, "page.print"))
    mc_print_document (parent, doc, _("Possible brokers"));
  else
    {
      g_autofree char *from = mc_day_to_iso (self->from);
      g_autofree char *to = mc_day_to_iso (self->to);
      /* TRANSLATORS: the file name proposed for the brokers' list. */
      g_autofree char *name = g_strdup_printf (_("brokers-%s-%s.pdf"), from, to);

      mc_export_document_pdf (parent, doc, name);
    }
}

void
mc_brokers_page_set_session (McBrokersPage   *self,
                             McStore         *store,
                             const McOfficer *officer)
{
  g_return_if_fail (MC_IS_BROKERS_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officer, mc_officer_free);
  if (officer != NULL && store != NULL)
    self->officer = mc_store_get_officer (store, officer->id, NULL);
  if (store != NULL)
    {
      g_signal_handlers_block_by_func (self->min_spin, reload_cb, self);
      gtk_spin_button_set_value (self->min_spin, mc_supervision_broker_min (store));
      g_signal_handlers_unblock_by_func (self->min_spin, reload_cb, self);
    }
  mc_brokers_page_reload (self);
}

guint
mc_brokers_page_get_count (McBrokersPage *self)
{
  g_return_val_if_fail (MC_IS_BROKERS_PAGE (self), 0);

  return self->brokers != NULL ? self->brokers->len : 0;
}

McBrokersPage *
mc_brokers_page_new (void)
{
  return g_object_new (MC_TYPE_BROKERS_PAGE, NULL);
}

static void
mc_brokers_page_dispose (GObject *object)
{
  McBrokersPage *self = MC_BROKERS_PAGE (object);

  g_clear_pointer (&self->brokers, g_ptr_array_unref);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_BROKERS_PAGE);

  G_OBJECT_CLASS (mc_brokers_page_parent_class)->dispose (object);
}

static void
mc_brokers_page_finalize (GObject *object)
{
  McBrokersPage *self = MC_BROKERS_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (mc_brokers_page_parent_class)->finalize (object);
}

static void
mc_brokers_page_class_init (McBrokersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_brokers_page_dispose;
  object_class->finalize = mc_brokers_page_finalize;

  signals[SIGNAL_OPEN_DOSSIER] =
    g_signal_new ("open-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-brokers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McBrokersPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, McBrokersPage, min_spin);
  gtk_widget_class_bind_template_child (widget_class, McBrokersPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, McBrokersPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McBrokersPage, list);
  gtk_widget_class_bind_template_callback (widget_class, reload_cb);

  gtk_widget_class_install_action (widget_class, "page.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "page.export-pdf", NULL, print_action);
}

static void
mc_brokers_page_init (McBrokersPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
