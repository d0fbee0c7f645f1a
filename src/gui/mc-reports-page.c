/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-print.h"
#include "mc-reports-page.h"
#include "mc-supervision.h"
#include "mc-text.h"

/* In the order of the period row's model (ui/mc-reports-page.ui). */
typedef enum {
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_QUARTER,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_DATES,
} Period;

struct _McReportsPage
{
  AdwBin parent_instance;

  McStore      *store;
  gint64        author_id;     /* the officer signed in: who prepares the monthly review */
  GCancellable *cancellable;
  GArray       *officer_ids;   /* gint64 per item of officer_row; 0: every officer */
  GArray       *signer_ids;    /* gint64 per item of signer_row; 0: the chairman */
  GArray       *signer_roles;  /* McRole per item of signer_row */

  /* Template widgets */
  AdwComboRow  *kind_row;
  AdwComboRow  *officer_row;
  AdwComboRow  *signer_row;
  AdwComboRow  *period_row;
  AdwEntryRow  *from_row;
  AdwEntryRow  *to_row;
  GtkLabel     *dates_error;
  GtkSpinner   *spinner;
  AdwPreferencesGroup *assessment_group;
  GtkTextView  *shortcomings_view;
  GtkTextView  *causes_view;
  GtkTextView  *next_steps_view;
  GtkLabel     *assessment_status;

  gint64        officer_id;
  McRole        officer_role;
};

G_DEFINE_FINAL_TYPE (McReportsPage, mc_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static McDay
today (void)
{
  return mc_day_of_time (mc_now ());
}

/* The days of a preset; the period under way runs up to today. */
static void
preset_range (Period period,
              McDay  day,
              McDay *from,
              McDay *to)
{
  int y, m, d;

  mc_day_to_ymd (day, &y, &m, &d);
  *to = day;
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
    case PERIOD_DATES:
    default:
      *from = mc_day_from_ymd (y - 1, 1, 1);
      *to = mc_day_from_ymd (y, 1, 1) - 1;
      break;
    }
}

static char *
iso_day (McDay day)
{
  int y, m, d;

  mc_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static void
set_field_error (AdwEntryRow *row,
                 gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_dates_error (McReportsPage *self,
                  const char    *problem)
{
  gtk_label_set_label (self->dates_error, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dates_error), problem != NULL);
}

/* The period chosen; FALSE with the problem shown at the fields when the dates are not valid. */
static gboolean
read_period (McReportsPage *self,
             McDay         *from,
             McDay         *to)
{
  Period period = adw_combo_row_get_selected (self->period_row);
  gboolean from_ok, to_ok;
  const char *problem = NULL;

  if (period != PERIOD_DATES)
    {
      preset_range (period, today (), from, to);
      return TRUE;
    }
  from_ok = mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), from);
  to_ok = mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), to);
  set_field_error (self->from_row, !from_ok);
  set_field_error (self->to_row, !to_ok);
  if (!from_ok || !to_ok)
    problem = _("Write the dates as day/month/year, e.g. 31/03/2024.");
  else if (*from > *to)
    {
      problem = _("The period starts after it ends: choose a first day on or before the last day.");
      set_field_error (self->to_row, TRUE);
    }
  show_dates_error (self, problem);
  return problem == NULL;
}

/* The period row says which days a preset covers. */
static void
update_period (McReportsPage *self)
{
  Period period = adw_combo_row_get_selected (self->period_row);
  gboolean dates = period == PERIOD_DATES;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), dates);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), dates);
  if (!dates)
    {
      McDay from, to;
      g_autofree char *from_text = NULL, *to_text = NULL;

      preset_range (period, today (), &from, &to);
      from_text = mc_format_day (from);
      to_text = mc_format_day (to);
      subtitle = g_strdup_printf (_("From %s to %s"), from_text, to_text);
      set_field_error (self->from_row, FALSE);
      set_field_error (self->to_row, FALSE);
      show_dates_error (self, NULL);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->period_row), subtitle != NULL ? subtitle : "");
}

/* ---- The controller's assessment of the period ---- */

static void
set_view_text (GtkTextView *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
may_assess (McReportsPage *self)
{
  return self->store != NULL && self->officer_role == MC_ROLE_CONTROLLER &&
         adw_combo_row_get_selected (self->kind_row) == MC_REPORT_SUMMARY;
}

/* Shows what was written for the period chosen (nothing for a period not written yet). */
static void
load_assessment (McReportsPage *self)
{
  g_autoptr(McReportNote) note = NULL;
  g_autoptr(GError) error = NULL;
  McDay from, to;
  Period period = adw_combo_row_get_selected (self->period_row);

  gtk_widget_set_visible (GTK_WIDGET (self->assessment_group), may_assess (self));
  if (!may_assess (self))
    return;
  if (period == PERIOD_DATES)
    {
      if (!mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), &from) ||
          !mc_parse_day_typed (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), &to))
        return;
    }
  else
    preset_range (period, today (), &from, &to);
  note = mc_report_note_get (self->store, from, to, &error);
  set_view_text (self->shortcomings_view, note != NULL ? note->shortcomings : NULL);
  set_view_text (self->causes_view, note != NULL ? note->causes : NULL);
  set_view_text (self->next_steps_view, note != NULL ? note->next_steps : NULL);
  gtk_label_set_text (self->assessment_status, error != NULL ? error->message : "");
}

static void
save_assessment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  McReportsPage *self = MC_REPORTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *shortcomings = NULL, *causes = NULL, *next_steps = NULL;
  McDay from, to;

  if (!may_assess (self) || !read_period (self, &from, &to))
    return;
  shortcomings = view_text (self->shortcomings_view);
  causes = view_text (self->causes_view);
  next_steps = view_text (self->next_steps_view);
  if (mc_report_note_save (self->store, self->officer_id, from, to, shortcomings, causes,
                           next_steps, &error))
    gtk_label_set_text (self->assessment_status,
                        _("Saved: the report of these dates prints it."));
  else
    gtk_label_set_text (self->assessment_status, error->message);
}

void
mc_reports_page_set_officer (McReportsPage   *self,
                             const McOfficer *officer)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));

  self->officer_id = officer != NULL ? officer->id : 0;
  self->officer_role = officer != NULL ? officer->role : 0;
  load_assessment (self);
}

static void
period_changed_cb (McReportsPage *self)
{
  update_period (self);
  load_assessment (self);
}

static void
dates_changed_cb (McReportsPage *self)
{
  load_assessment (self);
  /* The error stays until the dates are read again; it goes as soon as they are fixed. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->dates_error)))
    {
      McDay from, to;

      read_period (self, &from, &to);
    }
}

static void
kind_changed_cb (McReportsPage *self)
{
  McReportKind kind = adw_combo_row_get_selected (self->kind_row);

  gtk_widget_set_visible (GTK_WIDGET (self->officer_row), kind == MC_REPORT_OFFICERS);
  /* The register is the desk's book: nobody signs it. The monthly review is signed by whoever
   * prepared it and by the chairman. */
  gtk_widget_set_visible (GTK_WIDGET (self->signer_row),
                          kind != MC_REPORT_REGISTER && kind != MC_REPORT_REVIEW);
  load_assessment (self);
}

/* ---- Officers and signers ---- */

/* Says how the chosen leader signs (Decree 30: TM. for the committee, KT. for the chairman). */
static void
signer_changed_cb (McReportsPage *self)
{
  guint i = adw_combo_row_get_selected (self->signer_row);
  McRole role = i < self->signer_roles->len ? g_array_index (self->signer_roles, McRole, i)
                                            : MC_ROLE_CHAIRMAN;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->signer_row),
                               role == MC_ROLE_VICE_CHAIRMAN
                               ? _("Vice-chairman, signing for the chairman")
                               : _("Chairman, signing for the committee"));
}

static void
fill_officers (McReportsPage *self)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) signers = gtk_string_list_new (NULL);
  gint64 none = 0;

  g_array_set_size (self->officer_ids, 0);
  g_array_set_size (self->signer_ids, 0);
  g_array_set_size (self->signer_roles, 0);
  gtk_string_list_append (names, _("Every officer"));
  g_array_append_val (self->officer_ids, none);
  if (self->store != NULL)
    officers = mc_store_list_officers (self->store, NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const McOfficer *o = g_ptr_array_index (officers, i);

      if (!o->active)
        continue;
      gtk_string_list_append (names, o->name);
      g_array_append_val (self->officer_ids, o->id);
      /* The chairman first: the default signer, for the committee. */
      if (o->role == MC_ROLE_CHAIRMAN || o->role == MC_ROLE_VICE_CHAIRMAN)
        {
          guint at = o->role == MC_ROLE_CHAIRMAN ? 0 : self->signer_ids->len;

          gtk_string_list_splice (signers, at, 0, (const char *[]) { o->name, NULL });
          g_array_insert_val (self->signer_ids, at, o->id);
          g_array_insert_val (self->signer_roles, at, o->role);
        }
    }
  if (self->signer_ids->len == 0)
    {
      McRole chairman = MC_ROLE_CHAIRMAN;

      gtk_string_list_append (signers, _("The chairman (no leader recorded)"));
      g_array_append_val (self->signer_ids, none);
      g_array_append_val (self->signer_roles, chairman);
    }
  adw_combo_row_set_model (self->officer_row, G_LIST_MODEL (names));
  adw_combo_row_set_model (self->signer_row, G_LIST_MODEL (signers));
  signer_changed_cb (self);
}

static gint64
selected_id (AdwComboRow *row,
             GArray      *ids)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

/* ---- Building and printing ---- */

static void
set_busy (McReportsPage *self,
          gboolean       busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.print", !busy && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.export-pdf",
                                 !busy && self->store != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef struct {
  McReportsPage *self;
  gboolean       pdf;
  McReportKind   kind;
  McDay          from, to;
} Request;

static char *
file_name (const Request *r)
{
  g_autofree char *from = iso_day (r->from), *to = iso_day (r->to);

  switch (r->kind)
    {
    case MC_REPORT_OFFICERS:
      /* TRANSLATORS: a file name (no spaces): the report by officer of a period. */
      return g_strdup_printf (_("report-by-officer-%s-%s.pdf"), from, to);
    case MC_REPORT_REGISTER:
      /* TRANSLATORS: a file name (no spaces): the register of dossiers of a period. */
      return g_strdup_printf (_("register-%s-%s.pdf"), from, to);
    case MC_REPORT_REVIEW:
      /* TRANSLATORS: a file name (no spaces): the controller's monthly review of a period. */
      return g_strdup_printf (_("monthly-review-%s-%s.pdf"), from, to);
    case MC_REPORT_SUMMARY:
    default:
      /* TRANSLATORS: a file name (no spaces): the summary report of a period. */
      return g_strdup_printf (_("report-%s-%s.pdf"), from, to);
    }
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  McDocument *doc = mc_build_document_finish (result, &error);

  /* A page gone or given another database meanwhile drops the document. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (r);
      return;
    }
  set_busy (r->self, FALSE);
  g_clear_object (&r->self->cancellable);
  {
    GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (r->self)));
    g_autofree char *name = file_name (r);

    if (doc == NULL)
      mc_print_show_error (parent, _("The Report Could Not Be Prepared"), error);
    else if (r->pdf)
      mc_export_document_pdf (parent, doc, name);
    else
      mc_print_document (parent, doc, name);
  }
  g_free (r);
}

gboolean
mc_reports_page_get_request (McReportsPage   *self,
                             McReportKind    *kind,
                             McReportOptions *options)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), FALSE);

  *kind = adw_combo_row_get_selected (self->kind_row);
  *options = (McReportOptions) { 0 };
  if (!read_period (self, &options->from, &options->to))
    return FALSE;
  if (*kind == MC_REPORT_OFFICERS)
    options->officer_id = selected_id (self->officer_row, self->officer_ids);
  options->signer_id = selected_id (self->signer_row, self->signer_ids);
  options->author_id = self->author_id;
  return TRUE;
}

static void
start (McReportsPage *self,
       gboolean       pdf)
{
  McReportOptions options;
  Request *r;

  if (self->store == NULL || self->cancellable != NULL)
    return;
  r = g_new0 (Request, 1);
  if (!mc_reports_page_get_request (self, &r->kind, &options))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->from_row));
      g_free (r);
      return;
    }
  r->self = self;
  r->pdf = pdf;
  r->from = options.from;
  r->to = options.to;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  mc_build_report_async (self->store, r->kind, &options, self->cancellable, built_cb, r);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start (MC_REPORTS_PAGE (widget), FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start (MC_REPORTS_PAGE (widget), TRUE);
}

/* ---- Public ---- */

void
mc_reports_page_set_author (McReportsPage *self,
                            gint64         officer_id)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));
  self->author_id = officer_id;
}

McReportsPage *
mc_reports_page_new (void)
{
  return g_object_new (MC_TYPE_REPORTS_PAGE, NULL);
}

void
mc_reports_page_set_store (McReportsPage *self,
                           McStore       *store)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));
  g_return_if_fail (store == NULL || MC_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  /* A document of the other database is not wanted any more. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fill_officers (self);
  set_busy (self, FALSE);
  load_assessment (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
mc_reports_page_get_busy (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

/* ---- GObject ---- */

static void
mc_reports_page_dispose (GObject *object)
{
  McReportsPage *self = MC_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->officer_ids, g_array_unref);
  g_clear_pointer (&self->signer_ids, g_array_unref);
  g_clear_pointer (&self->signer_roles, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (mc_reports_page_parent_class)->dispose (object);
}

static void
mc_reports_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McReportsPage *self = MC_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, mc_reports_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_reports_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McReportsPage *self = MC_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      mc_reports_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_reports_page_class_init (McReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_reports_page_dispose;
  object_class->get_property = mc_reports_page_get_property;
  object_class->set_property = mc_reports_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MC_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, officer_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, signer_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, dates_error);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, assessment_group);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, shortcomings_view);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, causes_view);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, next_steps_view);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, assessment_status);
  gtk_widget_class_install_action (widget_class, "page.save-assessment", NULL,
                                   save_assessment_action);

  gtk_widget_class_install_action (widget_class, "page.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "page.export-pdf", NULL, export_action);
}

static void
mc_reports_page_init (McReportsPage *self)
{
  McDay from, to;
  g_autofree char *from_text = NULL, *to_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->officer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->signer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->signer_roles = g_array_new (FALSE, FALSE, sizeof (McRole));
  /* The dates start as last month, a common choice to adjust. */
  preset_range (PERIOD_LAST_MONTH, today (), &from, &to);
  /* As a person reads dates (dd/mm/yyyy in Vietnamese); either form is read back. */
  from_text = mc_format_day (from);
  to_text = mc_format_day (to);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to_text);

  g_signal_connect_swapped (self->period_row, "notify::selected", G_CALLBACK (period_changed_cb), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->signer_row, "notify::selected", G_CALLBACK (signer_changed_cb),
                            self);
  g_signal_connect_swapped (self->from_row, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->to_row, "changed", G_CALLBACK (dates_changed_cb), self);
  fill_officers (self);
  update_period (self);
  kind_changed_cb (self);
  set_busy (self, FALSE);
}
