/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard in the real application under Xvfb: it opens on a demo commune, counts off the
 * main thread, and shows the figures `motcua-cli kpi` gives for the same period, whichever the
 * period chosen. */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-catalogue.h"
#include "mc-analysis.h"
#include "mc-dashboard-page.h"
#include "mc-gui-test.h"
#include "mc-queue-page.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-kpi.h"
#include "mc-paths.h"
#include "mc-test-util.h"
#include "mc-text.h"
#include "mc-window.h"

/* Must match the page's period list. */
enum { PERIOD_THIS_YEAR = 6, PERIOD_LAST_YEAR = 7, PERIOD_DATES = 8 };

typedef struct {
  const char *path;
  int         rounds;
} Run;

static gboolean
have_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("no display: run under xvfb-run");
  return FALSE;
}

static GObject *
page_child (McDashboardPage *page,
            const char      *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), MC_TYPE_DASHBOARD_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static McDashboardPage *
find_page (McWindow *window)
{
  GtkStack *sections = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MC_TYPE_WINDOW,
                                                                 "section_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (sections, "dashboard");

  g_assert_true (MC_IS_DASHBOARD_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (page));
  return MC_DASHBOARD_PAGE (page);
}

/* The rate KEY of `motcua-cli kpi --json` over [FROM, TO], NAN for null. */
static double
cli_rate (const char *path,
          McDay       from,
          McDay       to,
          const char *key)
{
  const char *cli = g_getenv ("MOTCUA_CLI");
  g_autofree char *from_text = mc_day_to_iso (from), *to_text = mc_day_to_iso (to);
  g_autofree char *out = NULL, *needle = g_strdup_printf ("\"%s\": ", key);
  g_autoptr(GError) error = NULL;
  const char *at;
  int status;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) cli, "--db", (char *) path, "kpi",
                                                  "--from", from_text, "--to", to_text, "--json",
                                                  NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  at = strstr (out, needle);
  g_assert_nonnull (at);
  at += strlen (needle);
  if (g_str_has_prefix (at, "null"))
    return NAN;
  return g_ascii_strtod (at, NULL);
}

/* Every rate card shows what the command line counts for the page's period. */
static void
assert_matches_cli (McDashboardPage *page,
                    const char      *path)
{
  static const char * const keys[] = {
    "on_time_rate", "progress_rate", "online_rate", "online_rate_partial", "online_rate_full",
    "digitized_input_rate", "digitized_result_rate", "online_payment_rate",
  };
  McDay from, to;

  mc_dashboard_page_get_period (page, &from, &to);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      double rate = cli_rate (path, from, to, keys[i]);
      g_autofree char *expected = isnan (rate) ? g_strdup (_("Not applicable"))
                                               : mc_format_percent (rate, 2);

      g_assert_cmpstr (mc_dashboard_page_get_figure_text (page, keys[i]), ==, expected);
    }
}

static void
check_round (McWindow *window,
             Run      *run)
{
  McDashboardPage *page = find_page (window);
  GtkDropDown *periods = GTK_DROP_DOWN (page_child (page, "period_dropdown"));
  GtkEditable *from_entry = GTK_EDITABLE (page_child (page, "from_entry"));
  GtkEditable *to_entry = GTK_EDITABLE (page_child (page, "to_entry"));
  GtkWidget *dates_error = GTK_WIDGET (page_child (page, "dates_error"));
  McDay from, to;
  int year, month, day;

  g_assert_false (mc_dashboard_page_get_busy (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "stack"))), ==,
                   "figures");
  mc_dashboard_page_get_period (page, &from, &to);
  mc_day_to_ymd (mc_day_of_time (g_get_real_time () / G_USEC_PER_SEC), &year, &month, &day);

  switch (run->rounds)
    {
    case 0:
      /* This year so far, with the demo's dossiers in it. */
      g_assert_cmpuint (gtk_drop_down_get_selected (periods), ==, PERIOD_THIS_YEAR);
      g_assert_cmpint (from, ==, mc_day_from_ymd (year, 1, 1));
      assert_matches_cli (page, run->path);
      g_assert_cmpstr (mc_dashboard_page_get_figure_text (page, "on_time_rate"), !=,
                       _("Not applicable"));
      /* The officers are listed; clicking one opens that officer's queue (the controller may
       * see every queue); the test then comes back to the dashboard. */
      {
        GtkColumnView *officers = GTK_COLUMN_VIEW (page_child (page, "officers_view"));
        GtkStack *sections = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                       MC_TYPE_WINDOW,
                                                                       "section_stack"));

        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (officers))),
                          >, 0);
        g_signal_emit_by_name (officers, "activate", 0);
        g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, "queues");
        g_assert_true (mc_window_set_section (window, "dashboard"));
      }
      /* Who holds digitisation down: the lists core gives, at most five rows each; a procedure
       * opens the queue of its dossiers not digitised. */
      {
        GtkStack *sections = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                       MC_TYPE_WINDOW,
                                                                       "section_stack"));
        GtkWidget *box = GTK_WIDGET (page_child (page, "digitisation_box"));
        g_autoptr(GPtrArray) by_officer = NULL;
        g_autoptr(GPtrArray) by_procedure = NULL;
        g_autoptr(GError) error = NULL;
        GtkWidget *row = mc_ui_find (box, "gap-procedure");
        GtkWidget *queue;
        const McDigitisationGap *first;
        guint n_officers = 0, n_procedures = 0;

        g_assert_true (mc_analysis_digitisation_gaps (mc_window_get_store (window), from, to,
                                                      &by_officer, &by_procedure, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (by_procedure->len, >, 0);
        for (GtkWidget *column = gtk_widget_get_first_child (box); column != NULL;
             column = gtk_widget_get_next_sibling (column))
          {
            GtkWidget *list = gtk_widget_get_last_child (column);

            for (GtkWidget *r = gtk_widget_get_first_child (list); r != NULL;
                 r = gtk_widget_get_next_sibling (r))
              {
                n_officers += g_str_equal (gtk_widget_get_name (r), "gap-officer");
                n_procedures += g_str_equal (gtk_widget_get_name (r), "gap-procedure");
              }
          }
        g_assert_cmpuint (n_officers, ==, MIN (by_officer->len, 5));
        g_assert_cmpuint (n_procedures, ==, MIN (by_procedure->len, 5));
        first = g_ptr_array_index (by_procedure, 0);
        g_assert_nonnull (row);
        g_assert_true (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                               first->name) != NULL);
        mc_ui_shot (GTK_WIDGET (box), "dashboard-digitisation");
        /* The window, scrolled to the list's heading under the figures. */
        {
          GtkWidget *scroller = gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW);
          GtkWidget *heading = gtk_widget_get_prev_sibling (gtk_widget_get_prev_sibling (box));
          GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
          graphene_point_t at;

          if (gtk_widget_compute_point (heading, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                        &GRAPHENE_POINT_INIT (0, 0), &at))
            gtk_adjustment_set_value (v, at.y - 200);
          mc_ui_shot (GTK_WIDGET (window), "dashboard-digitisation-window");
        }
        g_signal_emit_by_name (row, "activated");
        g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, "queues");
        queue = gtk_stack_get_child_by_name (sections, "queues");
        g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
          mc_queue_page_get_undigitised_button (MC_QUEUE_PAGE (queue)))));
        g_assert_true (mc_window_set_section (window, "dashboard"));
      }
      gtk_drop_down_set_selected (periods, PERIOD_LAST_YEAR);
      break;

    case 1:
      /* Last year: the part of the demo's twelve months that falls in it. */
      g_assert_cmpint (from, ==, mc_day_from_ymd (year - 1, 1, 1));
      g_assert_cmpint (to, ==, mc_day_from_ymd (year, 1, 1) - 1);
      assert_matches_cli (page, run->path);

      /* Two dates, the first one wrong: the error shows at the fields and nothing is counted. */
      gtk_drop_down_set_selected (periods, PERIOD_DATES);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (from_entry)));
      gtk_editable_set_text (from_entry, "31/02/2024");
      g_signal_emit_by_name (from_entry, "activate");
      g_assert_true (gtk_widget_get_visible (dates_error));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
      g_assert_false (mc_dashboard_page_get_busy (page));

      /* The first half of this year. */
      {
        g_autofree char *first = mc_day_to_iso (mc_day_from_ymd (year, 1, 1));
        g_autofree char *last = mc_day_to_iso (mc_day_from_ymd (year, 6, 30));

        gtk_editable_set_text (from_entry, first);
        gtk_editable_set_text (to_entry, last);
      }
      g_signal_emit_by_name (to_entry, "activate");
      g_assert_false (gtk_widget_get_visible (dates_error));
      g_assert_true (mc_dashboard_page_get_busy (page));
      break;

    case 2:
      g_assert_cmpint (from, ==, mc_day_from_ymd (year, 1, 1));
      g_assert_cmpint (to, ==, mc_day_from_ymd (year, 6, 30));
      assert_matches_cli (page, run->path);
      mc_dashboard_page_set_period (page, mc_day_from_ymd (2001, 1, 1), mc_day_from_ymd (2001, 1, 31));
      g_assert_true (mc_dashboard_page_get_busy (page));
      break;

    case 3:
      /* Nothing in the period: every rate says so rather than 0%. */
      assert_matches_cli (page, run->path);
      g_assert_cmpstr (mc_dashboard_page_get_figure_text (page, "on_time_rate"), ==,
                       _("Not applicable"));
      g_assert_cmpstr (mc_dashboard_page_get_figure_text (page, "late_online_intake"), ==, "0");
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean wait_ready_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data);

static gboolean
check_idle_cb (gpointer user_data)
{
  McWindow *window = user_data;
  Run *run = g_object_get_data (G_OBJECT (window), "test-run");

  check_round (window, run);
  run->rounds++;
  if (mc_window_get_busy (window))
    gtk_widget_add_tick_callback (GTK_WIDGET (window), wait_ready_cb, NULL, NULL);
  else
    gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_ready_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  if (mc_window_get_busy (MC_WINDOW (widget)))
    return G_SOURCE_CONTINUE;
  g_idle_add (check_idle_cb, widget);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (!MC_IS_WINDOW (window))
    return;
  g_object_set_data (G_OBJECT (window), "test-run", run);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), wait_ready_cb, NULL, NULL);
}

static void
test_periods (void)
{
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(McApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  if (!have_display ())
    return;
  dir = mc_test_tmpdir ();
  path = g_build_filename (dir, "dashboard.db", NULL);
  {
    g_autoptr(McStore) store = mc_store_create (path, &error);
    McDemoOptions options;

    g_assert_no_error (error);
    g_assert_true (mc_catalogue_init_defaults (store, &error));
    mc_demo_options_init (&options);
    options.dossiers = 800;
    g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  run.path = path;
  app = mc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &run);
  /* The controller of the demo commune reads the figures. */
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 9,
                                      (char *[]) { "motcua", "--db", path, "--page", "dashboard",
                                                   "--user", "kiemsoat", "--password",
                                                   "motcua2024", NULL }), ==, 0);
  g_assert_cmpint (mc_application_get_exit_status (app), ==, 0);
  g_assert_cmpint (run.rounds, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  /* As main.c does: the window speaks the language of the environment (English under meson,
   * LANGUAGE=vi LC_ALL=vi_VN.UTF-8 for the pictures). */
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dashboard/periods", test_periods);

  return g_test_run ();
}
