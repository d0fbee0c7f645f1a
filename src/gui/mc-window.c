/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-catalogue.h"
#include "mc-brokers-page.h"
#include "mc-dashboard-page.h"
#include "mc-inspection-page.h"
#include "mc-reports-page.h"
#include "mc-demo.h"
#include "mc-desk-util.h"
#include "mc-dossier-view.h"
#include "mc-help.h"
#include "mc-intake-page.h"
#include "mc-online-page.h"
#include "mc-preferences-window.h"
#include "mc-backup.h"
#include "mc-date.h"
#include "mc-print.h"
#include "mc-queue-page.h"
#include "mc-signin-page.h"
#include "mc-signing-page.h"
#include "mc-supervision.h"
#include "mc-today-page.h"
#include "mc-text.h"
#include "mc-window.h"
#include "mc-workflow.h"
#include "mc-worker.h"

struct _McWindow
{
  AdwApplicationWindow parent_instance;

  McStore        *store;
  GSettings      *settings;
  /* The officer signed in, the actor of every change made in this window; NULL at sign-in. */
  McOfficer      *officer;
  /* --user and --password: signed in once the database is open (pictures, tests). */
  char           *auto_username;
  char           *auto_password;
  /* The section asked for (--page), shown once someone is signed in. */
  char           *section;
  /* The database being opened, while busy. */
  GTask          *open_task;
  GCancellable   *open_cancellable;
  guint           progress_source;
  /* Other workstations' changes: looked for every second while the window is active. */
  guint           watch_source;
  GCancellable   *overview_cancellable;
  /* The Today page read again each minute: an online dossier's hours pass with no change. */
  guint           today_source;
  /* Desktop notifications sent (tests), and the dossier of the last. */
  guint           notified;
  gint64          last_notified;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkStack        *state_stack;
  AdwStatusPage   *loading_page;
  GtkProgressBar  *progress_bar;
  AdwStatusPage   *error_page;
  AdwStatusPage   *empty_page;
  GtkWidget       *sidebar;
  GtkWidget       *sidebar_separator;
  GtkStack        *section_stack;
  GtkStack        *overview_stack;
  GtkLabel        *agency_label;
  GtkRevealer     *connection_revealer;
  GtkRevealer     *backup_revealer;
  GtkLabel        *backup_label;
  gboolean         backing_up;
  gboolean         quit_backup_done;
  /* A restore: the checked copy waiting for the database to be let go, then its thread. */
  McBackupRestore *restore;
  char            *restore_file;
  char            *restore_path;
  guint            restore_source;
  gboolean         restoring;
  gboolean         restore_running;
  GtkSpinner      *connection_spinner;
  GtkLabel        *total_label;
  GtkLabel        *open_label;
  GtkLabel        *overdue_label;
  McSigninPage    *signin_page;
  McQueuePage     *queue_page;
  McSigningPage   *signing_page;
  McIntakePage    *intake_page;
  McOnlinePage    *online_page;
  McDashboardPage *dashboard_page;
  McBrokersPage   *brokers_page;
  McInspectionPage *inspection_page;
  McReportsPage    *reports_page;
  McTodayPage     *today_page;
  GtkMenuButton   *user_button;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DATABASE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Opening a database off the main thread ---- */

typedef enum {
  OPEN_PHASE_OPENING,
  OPEN_PHASE_DEFAULTS,
  OPEN_PHASE_DEMO,
} OpenPhase;

typedef struct {
  char    *path;
  gboolean demo;
  gboolean remember;   /* chosen by the user: reopen it next time */
  int      phase;      /* OpenPhase, written by the worker */
  int      permille;   /* demo progress, written by the worker */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
open_job_progress_cb (gint64   done,
                      gint64   total,
                      gpointer user_data)
{
  OpenJob *job = user_data;

  if (total > 0)
    g_atomic_int_set (&job->permille, (int) CLAMP (done * 1000 / total, 0, 1000));
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* Only a file that is not there yet is created (the first start); an existing one must be a
   * Một Cửa database, and is refused untouched otherwise. */
  store = !mc_store_target_is_server (job->path) && !g_file_test (job->path, G_FILE_TEST_EXISTS)
          ? mc_store_create (job->path, &error) : mc_store_open (job->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A new file gets the catalogue, office hours and days off, so the desk can work on it. */
  if (mc_store_is_empty (store))
    {
      g_atomic_int_set (&job->phase, OPEN_PHASE_DEFAULTS);
      if (!mc_catalogue_init_defaults (store, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* A database that already holds dossiers is never touched by --demo. */
  if (job->demo && mc_store_count_dossiers (store) == 0)
    {
      McDemoOptions options;

      mc_demo_options_init (&options);
      g_atomic_int_set (&job->phase, OPEN_PHASE_DEMO);
      if (!mc_demo_fill (store, &options, open_job_progress_cb, job, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  McWindow *self = user_data;
  OpenJob *job = g_task_get_task_data (self->open_task);
  OpenPhase phase = g_atomic_int_get (&job->phase);

  switch (phase)
    {
    case OPEN_PHASE_OPENING:
      adw_status_page_set_title (self->loading_page, _("Opening the Database…"));
      adw_status_page_set_description (self->loading_page, NULL);
      break;

    case OPEN_PHASE_DEFAULTS:
      adw_status_page_set_title (self->loading_page, _("Preparing a New Database…"));
      adw_status_page_set_description (self->loading_page,
                                       _("Installing the procedure catalogue, office hours and days off."));
      break;

    case OPEN_PHASE_DEMO:
      adw_status_page_set_title (self->loading_page, _("Creating the Demo Commune…"));
      adw_status_page_set_description (self->loading_page,
                                       _("A year of dossiers is being written; this takes a moment."));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&job->permille) / 1000.0);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_CONTINUE;
}

/* ---- What the window shows ---- */

static void
update_actions (McWindow *self)
{
  gboolean busy = self->open_task != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-database", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", !busy && self->store != NULL);
  /* Reports show the commune's figures: only to an officer signed in. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", !busy && self->officer != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pdf",
                                 !busy && self->officer != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", !busy && self->officer != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-user",
                                 !busy && self->officer != NULL);
  /* Core refuses the others' changes anyway; the menu only offers them to administrators. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences",
                                 !busy && self->officer != NULL &&
                                 self->officer->role == MC_ROLE_ADMIN);
}

static void
set_busy (McWindow *self,
          gboolean  busy)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (busy)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      progress_tick_cb (self);
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
      self->progress_source = g_timeout_add (100, progress_tick_cb, self);
    }
  else
    g_clear_object (&self->open_task);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_figure (GtkLabel *label,
            gint64    value)
{
  g_autofree char *text = value >= 0 ? mc_format_int (value) : g_strdup ("—");

  gtk_label_set_label (label, text);
}

/* The overview's figures, counted by the window's worker. */
typedef struct {
  gint64 total;
  gint64 open;
  gint64 overdue;
} Overview;

static gpointer
overview_job (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  McQuery open = { .statuses = MC_STATUSES_OPEN };
  McQuery overdue = { .statuses = MC_STATUSES_OPEN, .due = MC_DUE_OVERDUE };
  Overview *o = g_new0 (Overview, 1);

  o->total = mc_store_count_dossiers (store);
  o->open = o->total > 0 ? mc_store_query_count (store, &open, error) : 0;
  o->overdue = o->open > 0 ? mc_store_query_count (store, &overdue, error) : 0;
  if (o->open < 0 || o->overdue < 0)
    {
      g_free (o);
      return NULL;
    }
  return o;
}

static void
overview_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  McWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Overview *o = mc_worker_finish (MC_WORKER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (o == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  if (o->total == 0)
    {
      gtk_stack_set_visible_child_name (self->overview_stack, "empty");
      return;
    }
  set_figure (self->total_label, o->total);
  set_figure (self->open_label, o->open);
  set_figure (self->overdue_label, o->overdue);
  if (o->overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->overdue_label), "due-overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overdue_label), "due-overdue");
  gtk_stack_set_visible_child_name (self->overview_stack, "figures");
}

/* Reads the figures again: other workstations and motcua-cli write to the same database. */
static void
refresh_overview (McWindow *self)
{
  g_autofree char *agency = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *subtitle = NULL;
  const char *path;

  if (self->store == NULL)
    return;

  path = mc_store_get_path (self->store);
  agency = mc_store_get_setting (self->store, "agency.name", NULL);
  /* A server's database and host say where the data is; a file, its name. */
  file_name = mc_store_describe_target (path);
  subtitle = agency != NULL ? g_strdup_printf ("%s · %s", agency, file_name)
                            : g_strdup (file_name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title),
                               mc_store_is_server (self->store) ? file_name : path);
  gtk_label_set_label (self->agency_label, agency != NULL ? agency : file_name);

  gtk_stack_set_visible_child_name (self->state_stack, self->officer != NULL ? "main" : "signin");

  g_cancellable_cancel (self->overview_cancellable);
  g_clear_object (&self->overview_cancellable);
  self->overview_cancellable = g_cancellable_new ();
  mc_worker_run (mc_worker_for_store (self->store), overview_job, NULL, NULL, g_free,
                 self->overview_cancellable, overview_done_cb, self);
}

/* The figures and the lists, after a change made here or to see others' changes. */
static void
refresh (McWindow *self)
{
  refresh_overview (self);
  if (self->store != NULL && self->officer != NULL)
    {
      mc_queue_page_reload (self->queue_page);
      mc_online_page_reload (self->online_page);
      mc_signing_page_refresh (self->signing_page);
      mc_dashboard_page_data_changed (self->dashboard_page);
      mc_today_page_reload (self->today_page);
    }
}

/* Another workstation (or motcua-cli, or this window's own worker) changed the database: the
 * queues, the signing queue, the online page and the figures are read again where they are,
 * and the dossier windows and the dashboard hear of it ("database-changed"). Asking costs
 * nothing worth counting (SQLite's data_version is read from shared memory; on the server the
 * notifications have already arrived on the connection), so it is asked four times a second
 * whether or not the window is in front: the officer may be reading a dossier window, or the
 * signing queue on a second screen. */
#define WATCH_INTERVAL_MS 250

static void
show_connection_lost (McWindow *self,
                      gboolean  lost)
{
  gtk_revealer_set_reveal_child (self->connection_revealer, lost);
  gtk_spinner_set_spinning (self->connection_spinner, lost);
}

gboolean
mc_window_get_connection_lost (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->connection_revealer);
}

static gboolean
watch_cb (gpointer user_data)
{
  McWindow *self = user_data;

  if (self->store == NULL || self->officer == NULL || self->open_task != NULL)
    return G_SOURCE_CONTINUE;
  /* The server went away: everyone is told, what is on the screen stays, and the connection is
   * made again a step at a time; once it is, everything is read again (others may have acted
   * meanwhile). */
  if (!mc_store_is_connected (self->store))
    {
      show_connection_lost (self, TRUE);
      if (!mc_store_reconnect (self->store))
        return G_SOURCE_CONTINUE;
      show_connection_lost (self, FALSE);
      refresh (self);
      g_signal_emit (self, signals[SIGNAL_DATABASE_CHANGED], 0);
      return G_SOURCE_CONTINUE;
    }
  if (mc_store_poll_changes (self->store))
    {
      refresh (self);
      g_signal_emit (self, signals[SIGNAL_DATABASE_CHANGED], 0);
    }
  return G_SOURCE_CONTINUE;
}

void
mc_window_check_changes (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->store != NULL && self->officer != NULL && mc_store_poll_changes (self->store))
    {
      refresh (self);
      g_signal_emit (self, signals[SIGNAL_DATABASE_CHANGED], 0);
    }
}

static void
show_open_error (McWindow     *self,
                 const GError *error)
{
  /* The open database stays usable: only say why the other one could not be opened. */
  if (self->store != NULL)
    {
      AdwMessageDialog *dialog;

      refresh (self);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Database Could Not Be Opened"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, markup);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
    }
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  McWindow *self = MC_WINDOW (object);
  OpenJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = g_task_propagate_pointer (G_TASK (result), &error);

  /* A window closed meanwhile is gone: nothing left to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Keep the task alive until its path has been used. */
  g_object_ref (result);
  set_busy (self, FALSE);

  if (store == NULL)
    show_open_error (self, error);
  else
    {
      if (job->remember && self->settings != NULL)
        g_settings_set_string (self->settings, "last-database", job->path);
      mc_window_set_store (self, store);
    }
  g_object_unref (result);
}

/* REMEMBER: the user chose PATH, so it is the database to open next time. */
static void
start_open (McWindow   *self,
            const char *path,
            gboolean    demo,
            gboolean    remember)
{
  g_autofree char *file_name = g_path_get_basename (path);
  OpenJob *job;

  adw_window_title_set_subtitle (self->window_title, file_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), path);

  job = g_new0 (OpenJob, 1);
  job->path = g_strdup (path);
  job->demo = demo;
  job->remember = remember;

  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  self->open_task = g_task_new (self, self->open_cancellable, open_done_cb, NULL);
  g_task_set_source_tag (self->open_task, mc_window_open);
  g_task_set_task_data (self->open_task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (self->open_task, open_thread);
  set_busy (self, TRUE);
}

static void set_officer (McWindow *self, const McOfficer *officer);
static void show_connection_lost (McWindow *self, gboolean lost);

/* On the commune's server, the window opens nothing until an officer signs in: the connection
 * is the officer's own login. */
static void
enter_server (McWindow   *self,
              const char *address)
{
  g_autofree char *user = self->settings != NULL
                          ? g_settings_get_string (self->settings, "server-user") : NULL;

  mc_window_set_store (self, NULL);
  {
    g_autofree char *where = mc_store_describe_target (address);

    adw_window_title_set_subtitle (self->window_title, where);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), where);
  }
  mc_signin_page_set_server (self->signin_page, address,
                             self->auto_username != NULL ? self->auto_username : user);
  gtk_stack_set_visible_child_name (self->state_stack, "signin");
  update_actions (self);
  if (self->auto_username != NULL)
    mc_signin_page_submit (self->signin_page, self->auto_username,
                           self->auto_password != NULL ? self->auto_password : "");
}

static char *
default_database (McWindow *self)
{
  g_autofree char *last = self->settings != NULL
                          ? g_settings_get_string (self->settings, "last-database") : NULL;

  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last);
  return g_build_filename (g_get_user_data_dir (), "motcua", "motcua.db", NULL);
}

static void
server_chosen_cb (McWindow   *self,
                  const char *address)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "server", address != NULL ? address : "");
  if (address != NULL)
    enter_server (self, address);
  else
    {
      g_autofree char *path = default_database (self);

      mc_signin_page_set_server (self->signin_page, NULL, NULL);
      start_open (self, path, FALSE, FALSE);
    }
}

static void
server_signed_in_cb (McWindow  *self,
                     McStore   *store,
                     McOfficer *officer)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "server-user", officer->username);
  mc_window_set_store (self, store);
  set_officer (self, officer);
  refresh_overview (self);
}

void
mc_window_open (McWindow   *self,
                const char *path,
                gboolean    demo)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->open_task == NULL);

  if (mc_store_target_is_server (path))
    enter_server (self, path);
  else
    start_open (self, path, demo, FALSE);
}

/* ---- Who is signed in ---- */

static void update_sidebar (McWindow *self);
static void maybe_daily_backup (McWindow *self);
static void show_backup_status (McWindow *self);

static void
set_officer (McWindow        *self,
             const McOfficer *officer)
{
  g_clear_pointer (&self->officer, mc_officer_free);
  if (officer != NULL && self->store != NULL)
    self->officer = mc_store_get_officer (self->store, officer->id, NULL);

  mc_queue_page_set_session (self->queue_page, self->store, self->officer);
  mc_intake_page_set_session (self->intake_page, self->store, self->officer);
  mc_online_page_set_session (self->online_page, self->store, self->officer);
  mc_signing_page_set_session (self->signing_page, self->store, self->officer);
  mc_reports_page_set_officer (self->reports_page, self->officer);
  /* The brokers' list is for the police, the controller and the chairman; spot inspections
   * for the controller (core refuses the others anyway). */
  {
    McRole role = self->officer != NULL ? self->officer->role : 0;

    gtk_stack_page_set_visible (gtk_stack_get_page (self->section_stack,
                                                    GTK_WIDGET (self->brokers_page)),
                                mc_supervision_may_see_brokers (role));
    gtk_stack_page_set_visible (gtk_stack_get_page (self->section_stack,
                                                    GTK_WIDGET (self->inspection_page)),
                                role == MC_ROLE_CONTROLLER);
    mc_brokers_page_set_session (self->brokers_page, self->store,
                                 mc_supervision_may_see_brokers (role) ? self->officer : NULL);
    mc_inspection_page_set_session (self->inspection_page, self->store,
                                    role == MC_ROLE_CONTROLLER ? self->officer : NULL);
    gtk_stack_page_set_visible (gtk_stack_get_page (self->section_stack,
                                                    GTK_WIDGET (self->today_page)),
                                mc_supervision_may_see_today (role));
    mc_today_page_set_session (self->today_page, self->store,
                               mc_supervision_may_see_today (role) ? self->officer : NULL);
    mc_reports_page_set_author (self->reports_page, self->officer != NULL ? self->officer->id : 0);
  }
  /* The next officer starts from the default period, not from what the last one chose. */
  mc_dashboard_page_reset (self->dashboard_page);
  gtk_stack_page_set_visible (gtk_stack_get_page (self->section_stack,
                                                  GTK_WIDGET (self->signing_page)),
                              self->officer != NULL &&
                              mc_workflow_check (MC_ACTION_SIGN, MC_STATUS_PROCESSING,
                                                 MC_STEP_SUBMITTED, self->officer->role,
                                                 FALSE, NULL));
  /* Only the desk receives dossiers; core refuses the others anyway. */
  gtk_stack_page_set_visible (gtk_stack_get_page (self->section_stack,
                                                  GTK_WIDGET (self->intake_page)),
                              self->officer != NULL &&
                              (self->officer->role == MC_ROLE_DESK ||
                               mc_workflow_check (MC_ACTION_ACCEPT, MC_STATUS_NEW, MC_STEP_NONE,
                                                  self->officer->role, FALSE, NULL)));
  update_sidebar (self);
  if (self->officer != NULL && self->section != NULL)
    gtk_stack_set_visible_child_name (self->section_stack, self->section);
  gtk_widget_set_visible (GTK_WIDGET (self->user_button), self->officer != NULL);
  if (self->officer != NULL)
    {
      /* TRANSLATORS: the signed-in officer in the header bar: "Nguyễn Thị Hoa (Desk officer)" */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), self->officer->name,
                                                mc_role_to_string (self->officer->role));

      gtk_menu_button_set_label (self->user_button, label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_button),
                                   mc_desk_role_summary (self->officer->role));
      maybe_daily_backup (self);
    }
  show_backup_status (self);
  update_actions (self);
}

/* ---- Backups: at the first sign-in of each day, on a thread of their own ---- */

/* The header's warning, for everyone: the last backup older than 2 days, or its folder missing. */
static void
show_backup_status (McWindow *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  McBackupStatus status;
  McTime at = 0;

  /* A server is backed up on the server (pg_dump by its administrator), not by each
   * workstation into a folder of its own. */
  if (self->store == NULL || self->officer == NULL || mc_store_is_server (self->store))
    {
      gtk_revealer_set_reveal_child (self->backup_revealer, FALSE);
      return;
    }
  folder = mc_backup_folder (self->store);
  status = mc_backup_status (folder, mc_now (), &at);
  /* Before the first backup of a new database there is nothing to warn of yet. */
  text = status == MC_BACKUP_STATUS_NONE && self->backing_up ? NULL
         : mc_backup_status_text (status, folder, at, mc_now ());
  gtk_label_set_text (self->backup_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->backup_revealer, text != NULL);
}

const char *
mc_window_get_backup_warning (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->backup_revealer))
    return NULL;
  return gtk_label_get_text (self->backup_label);
}

gboolean
mc_window_get_backing_up (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  return self->backing_up;
}

static void
daily_backup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) own = mc_store_open_sibling (data, &error);
  g_autofree char *folder = own != NULL ? mc_backup_folder (own) : NULL;
  g_autofree char *path = NULL;
  gboolean quitting = g_object_get_data (G_OBJECT (task), "quitting") != NULL;

  /* On quit, spared when the last backup already holds every change. */
  if (own != NULL && quitting && mc_backup_up_to_date (own, folder))
    g_debug ("backup on quit: the last backup in %s holds every change", folder);
  else if (own != NULL && mc_backup_scheduled (own, folder, &path, NULL, &error))
    g_debug ("daily backup: %s", path);
  if (error != NULL)
    g_message ("the daily backup failed: %s", error->message);
  g_task_return_boolean (task, error == NULL);
}

static void
daily_backup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  McWindow *self = MC_WINDOW (source);

  self->backing_up = FALSE;
  show_backup_status (self);
}

static void
maybe_daily_backup (McWindow *self)
{
  g_autofree char *folder = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->backing_up || mc_store_is_server (self->store))
    return;
  folder = mc_backup_folder (self->store);
  if (!mc_backup_due_today (folder, mc_now ()))
    return;
  self->backing_up = TRUE;
  task = g_task_new (self, NULL, daily_backup_done_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, daily_backup_thread);
}

/* ---- Restoring a backup: the window lets its database go, core replaces it ---- */

static void
restore_response_cb (AdwMessageDialog *dialog, const char *response, McWindow *self)
{
  self->restoring = FALSE;
}

/* The outcome, in a dialog over the sign-in page: where the replaced database was kept, or
 * core's sentence and that nothing was changed. */
static void
show_restore_outcome (McWindow *self, const char *heading, const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         heading, body));

  gtk_widget_set_name (GTK_WIDGET (dialog), "restore-outcome-dialog");
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  McBackupRestore *restore = data;
  g_autoptr(GError) error = NULL;
  McBackupInfo info = { 0 };

  /* mc_backup_restore_finish takes RESTORE. */
  if (mc_backup_restore_finish (restore, &info, &error))
    g_task_return_pointer (task, g_strdup (info.kept != NULL ? info.kept : ""), g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  mc_backup_info_clear (&info);
}

static void
restore_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  McWindow *self = MC_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *path = g_steal_pointer (&self->restore_path);
  g_autofree char *file = g_steal_pointer (&self->restore_file);

  self->restore_running = FALSE;
  /* Replaced or not, the database is opened again: everyone signs in anew. */
  start_open (self, path, FALSE, FALSE);
  if (kept != NULL)
    {
      g_autofree char *body = *kept != '\0'
        ? g_strdup_printf (_("The database was replaced by the backup “%s”. The database it "
                             "replaced is kept as “%s”. Sign in again."), file, kept)
        : g_strdup_printf (_("The database was replaced by the backup “%s”. Sign in again."),
                           file);

      show_restore_outcome (self, _("Backup Restored"), body);
    }
  else
    {
      g_autofree char *body = g_strdup_printf (_("%s The database was not changed."),
                                               error->message);

      show_restore_outcome (self, _("The Backup Was Not Restored"), body);
    }
}

static int
window_depth (GtkWindow *w)
{
  int depth = 0;

  while ((w = gtk_window_get_transient_for (w)) != NULL)
    depth++;
  return depth;
}

static int
compare_depth (gconstpointer a, gconstpointer b)
{
  return window_depth (*(GtkWindow * const *) b) - window_depth (*(GtkWindow * const *) a);
}

/* Once nothing of this process holds the database: no backup being written, no window of it. */
static gboolean
restore_idle_cb (gpointer user_data)
{
  McWindow *self = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTask) task = NULL;

  /* A backup still being written holds a connection of its own: it finishes first. */
  if (self->backing_up)
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (MC_IS_PREFERENCES_WINDOW (w) && mc_preferences_window_is_backing_up (
                                            MC_PREFERENCES_WINDOW (w)))
        return G_SOURCE_CONTINUE;
    }
  self->restore_source = 0;
  /* The dossier windows and the preferences hold the database too. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *w = g_list_model_get_item (toplevels, i);
      GtkWindow *parent = gtk_window_get_transient_for (w);

      while (parent != NULL && parent != GTK_WINDOW (self))
        parent = gtk_window_get_transient_for (parent);
      if (parent == GTK_WINDOW (self))
        g_ptr_array_add (doomed, w);
      else
        g_object_unref (w);
    }
  /* The deepest first (a dialog before the window it is over): each one's parent is still
   * there when it goes. */
  g_ptr_array_sort (doomed, compare_depth);
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
  /* The window's own connection, and its worker's, closed. */
  mc_window_set_store (self, NULL);
  adw_status_page_set_title (self->loading_page, _("Restoring the Backup…"));
  adw_status_page_set_description (self->loading_page, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  self->restore_running = TRUE;
  task = g_task_new (self, NULL, restore_done_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&self->restore), NULL);
  g_task_run_in_thread (task, restore_thread);
  return G_SOURCE_REMOVE;
}

void
mc_window_restore (McWindow *self, McBackupRestore *restore, const char *file)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (restore != NULL);

  if (self->restoring || self->store == NULL || self->officer == NULL ||
      g_strcmp0 (mc_backup_restore_get_target (restore), mc_store_get_path (self->store)) != 0 ||
      !mc_backup_may_restore (self->store, self->officer->id, &error))
    {
      if (error != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      mc_backup_restore_free (restore);
      return;
    }
  self->restoring = TRUE;
  {
    g_autofree char *by = g_strdup_printf ("%s (%s)", self->officer->name,
                                           self->officer->username);

    mc_backup_restore_set_by (restore, by);
  }
  self->restore = restore;
  self->restore_file = g_strdup (file);
  self->restore_path = g_strdup (mc_store_get_path (self->store));
  /* Not inside the handler of the dialog that asked: its window is closed here. */
  self->restore_source = g_timeout_add (50, restore_idle_cb, self);
}

gboolean
mc_window_get_restoring (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  return self->restoring;
}

static void
signed_in_cb (McWindow  *self,
              McOfficer *officer)
{
  /* The pages have just read their lists for the officer. */
  set_officer (self, officer);
  refresh_overview (self);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  g_autofree char *username = self->officer != NULL ? g_strdup (self->officer->username) : NULL;

  set_officer (self, NULL);
  /* On the server the connection was the officer's own login: it goes with them. */
  if (self->store != NULL && mc_store_is_server (self->store))
    {
      g_autofree char *address = g_strdup (mc_signin_page_get_server (self->signin_page));

      if (address != NULL)
        {
          enter_server (self, address);
          return;
        }
    }
  /* Switching user starts from the list; the name of who left is kept selected for a quick
   * return. */
  mc_signin_page_set_store (self->signin_page, self->store,
                            g_strcmp0 (action_name, "win.switch-user") == 0 ? NULL : username);
  gtk_stack_set_visible_child_name (self->state_stack, "signin");
}

static void
receipt_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     McWindow         *self)
{
  const char *code = g_object_get_data (G_OBJECT (dialog), "code");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");

  if (self->store == NULL)
    return;
  if (g_strcmp0 (response, "print") == 0)
    mc_print_form (GTK_WINDOW (self), self->store, MC_FORM_RECEIPT, code);
  else if (g_strcmp0 (response, "pdf") == 0)
    mc_print_form_pdf (GTK_WINDOW (self), self->store, MC_FORM_RECEIPT, code);
  else if (g_strcmp0 (response, "open") == 0)
    g_signal_emit_by_name (self->queue_page, "open-dossier", id);
}

/* The dossier has its code: offer the receipt (form 01) at once. */
static void
received_cb (McWindow *self,
             gint64    id)
{
  g_autoptr(McDossier) d = mc_store_get_dossier (self->store, id, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due = NULL;
  AdwMessageDialog *dialog;
  gint64 *idp;

  refresh (self);
  if (d == NULL)
    return;
  due = d->due_at != MC_TIME_NONE ? mc_format_time (d->due_at) : NULL;
  /* The code in the body: in the heading's large letters it does not fit the dialog's width. */
  heading = g_strdup (_("Dossier Received"));
  {
    g_autofree char *code = mc_desk_code_text (d->code);

    /* TRANSLATORS: after saving a dossier: its code, then the appointment */
    body = due != NULL
           ? g_strdup_printf (_("Dossier %s: the appointment to return the result is %s. Print "
                                "the receipt (form 01) for the applicant."), code, due)
           : g_strdup_printf (_("Dossier %s: the appointment is fixed when the online dossier "
                                "is accepted."), code);
  }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), "open", _("_Open"),
                                    "pdf", _("Export to _PDF…"), "print", _("_Print Receipt…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "print");
  g_object_set_data_full (G_OBJECT (dialog), "code", g_strdup (d->code), g_free);
  idp = g_new (gint64, 1);
  *idp = id;
  g_object_set_data_full (G_OBJECT (dialog), "id", idp, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (receipt_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* From the dashboard: an officer's row opens that officer's queue. */
static void
show_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->officer == NULL)
    return;
  if (mc_queue_page_show_officer (self->queue_page, g_variant_get_int64 (parameter)))
    mc_window_set_section (self, "queues");
}

/* From the dashboard: an officer's or a procedure's dossiers not digitised, ("(xx)": officer or
 * 0, procedure or 0). */
static void
show_undigitised_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  gint64 officer_id = 0, procedure_id = 0;

  if (self->officer == NULL)
    return;
  g_variant_get (parameter, "(xx)", &officer_id, &procedure_id);
  if (mc_queue_page_show_undigitised (self->queue_page, officer_id, procedure_id))
    mc_window_set_section (self, "queues");
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store == NULL || self->officer == NULL)
    return;
  gtk_window_present (GTK_WINDOW (mc_preferences_window_new (GTK_WINDOW (self), self->store,
                                                             self->officer)));
}

static void
open_dossier_cb (McWindow *self,
                 gint64    id)
{
  g_autoptr(McDossier) d = NULL;

  if (self->store == NULL || self->officer == NULL)
    return;
  d = mc_store_get_dossier (self->store, id, NULL);
  if (d != NULL)
    mc_window_show_dossier (self, d->code);
}

GtkWindow *
mc_window_show_dossier (McWindow   *self,
                        const char *code)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  McDossierView *view;

  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (self->store == NULL || self->officer == NULL)
    return NULL;
  d = mc_store_find_dossier (self->store, code, &error);
  if (d == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return NULL;
    }
  /* A leader on the signing page reviews it there, where it can be signed. */
  if (gtk_stack_get_visible_child (self->section_stack) == GTK_WIDGET (self->signing_page) &&
      mc_signing_page_open (self->signing_page, d->id, NULL))
    return NULL;
  view = mc_dossier_view_new (GTK_WINDOW (self), self->store, self->officer, d->id);
  g_signal_connect_object (view, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  /* What a colleague does to it meanwhile shows in it. */
  g_signal_connect_object (self, "database-changed", G_CALLBACK (mc_dossier_view_refresh), view,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (view));
  return GTK_WINDOW (view);
}

McOfficer *
mc_window_get_officer (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->officer;
}

void
mc_window_set_auto_sign_in (McWindow   *self,
                            const char *username,
                            const char *password)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_free (self->auto_username);
  g_free (self->auto_password);
  self->auto_username = g_strdup (username);
  self->auto_password = g_strdup (password);
}

/* ---- Actions ---- */

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  McWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Only a database file on this computer or a mounted drive can be opened.")));
      else if (self->open_task == NULL)
        start_open (self, path, FALSE, TRUE);
    }

  g_object_unref (native);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open a Database"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  gtk_file_filter_set_name (databases, _("Databases"));
  gtk_file_filter_add_suffix (databases, "db");
  gtk_file_filter_add_suffix (databases, "sqlite");
  gtk_file_filter_add_suffix (databases, "sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), databases);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  refresh (MC_WINDOW (widget));
}

/* ---- Window size ---- */

static void
restore_size (McWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* On quit, a backup too: the window goes at once, the application waits for the copy. */
static void
quit_backup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  McWindow *self = MC_WINDOW (source);
  GApplication *app = G_APPLICATION (user_data);

  self->backing_up = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
  g_application_release (app);
  g_object_unref (app);
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);


  if (self->settings != NULL)
    {
      int width, height;

      /* The default size is the size the window had before it was maximized. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  if (self->store != NULL && !mc_store_is_server (self->store) && self->officer != NULL &&
      !self->backing_up &&
      !self->quit_backup_done && gtk_window_get_application (window) != NULL &&
      g_getenv ("MOTCUA_NO_QUIT_BACKUP") == NULL)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (window));
      g_autoptr(GTask) task = g_task_new (self, NULL, quit_backup_done_cb, g_object_ref (app));

      self->quit_backup_done = TRUE;
      self->backing_up = TRUE;
      g_application_hold (app);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
      g_object_set_data (G_OBJECT (task), "quitting", GINT_TO_POINTER (TRUE));
      g_task_run_in_thread (task, daily_backup_thread);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

/* ---- GObject ---- */

McWindow *
mc_window_new (McApplication *application)
{
  McWindow *self;
  GSettings *settings;

  g_return_val_if_fail (MC_IS_APPLICATION (application), NULL);

  self = g_object_new (MC_TYPE_WINDOW, "application", application, NULL);
  settings = mc_application_get_settings (application);
  if (settings != NULL)
    self->settings = g_object_ref (settings);
  restore_size (self);
  return self;
}

McStore *
mc_window_get_store (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->store;
}

void
mc_window_set_store (McWindow *self,
                     McStore  *store)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (store == NULL || MC_IS_STORE (store));

  if (self->store == store)
    return;
  /* The worker of the database left finishes what it was given, then ends. */
  g_cancellable_cancel (self->overview_cancellable);
  mc_worker_release_for_store (self->store);
  g_set_object (&self->store, store);
  /* The main loop never waits for the server: watch_cb connects again, a step at a time. */
  if (store != NULL)
    mc_store_set_background_reconnect (store, TRUE);
  show_connection_lost (self, FALSE);

  /* Another database has other officers: whoever was signed in signs in again. */
  set_officer (self, NULL);
  mc_signin_page_set_store (self->signin_page, store, self->auto_username);
  if (store != NULL && self->auto_username != NULL)
    mc_signin_page_sign_in (self->signin_page, self->auto_username,
                            self->auto_password != NULL ? self->auto_password : "");

  if (store != NULL)
    refresh_overview (self);
  else if (self->open_task == NULL)
    gtk_stack_set_visible_child_name (self->state_stack, "loading");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
mc_window_get_busy (McWindow *self)
{
  GtkWidget *section;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  if (self->open_task != NULL || self->restore_source != 0 || self->restore_running)
    return TRUE;
  /* Nor is one whose worker still reads or writes for it. */
  if (self->store != NULL && mc_worker_get_pending (mc_worker_for_store (self->store)) > 0)
    return TRUE;
  if (mc_queue_page_is_loading (self->queue_page))
    return TRUE;
  /* A section still counting its figures is not ready to be looked at either. */
  section = gtk_stack_get_visible_child (self->section_stack);
  return MC_IS_DASHBOARD_PAGE (section) && mc_dashboard_page_get_busy (MC_DASHBOARD_PAGE (section));
}

gboolean
mc_window_set_section (McWindow   *self,
                       const char *name)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (gtk_stack_get_child_by_name (self->section_stack, name) == NULL)
    return FALSE;
  g_free (self->section);
  self->section = g_strdup (name);
  gtk_stack_set_visible_child_name (self->section_stack, name);
  return TRUE;
}

const char *
mc_window_get_help_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), "index");

  return mc_help_page_for_view (gtk_stack_get_visible_child_name (self->state_stack),
                                gtk_stack_get_visible_child_name (self->section_stack));
}

/* A sidebar with a single entry would be an empty pane: it appears with the second section. */
static void
update_sidebar (McWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->section_stack);
  gboolean several = g_list_model_get_n_items (G_LIST_MODEL (pages)) > 1;

  gtk_widget_set_visible (self->sidebar, several);
  gtk_widget_set_visible (self->sidebar_separator, several);
}

/* Ctrl+P and Ctrl+Shift+E act on the section shown when it prints something (page.print,
 * page.export-pdf), and otherwise on the Reports section. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  const char *page_action = g_str_equal (action_name, "win.print") ? "page.print"
                                                                   : "page.export-pdf";

  if (gtk_widget_activate_action (gtk_stack_get_visible_child (self->section_stack),
                                  page_action, NULL))
    return;
  mc_window_set_section (self, "reports");
  gtk_widget_activate_action (gtk_stack_get_visible_child (self->section_stack), page_action, NULL);
}

/* ---- The leaders' desktop notifications ---- */

/* A dossier came into a list of the Today page that the officer is told of: the desktop says so,
 * and clicking the notification opens the dossier (app.open-dossier). */
static void
today_arrived_cb (McWindow *self,
                  gint64    id,
                  int       list)
{
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tag = NULL;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (self->store == NULL || (d = mc_store_get_dossier (self->store, id, NULL)) == NULL)
    return;
  code = mc_desk_code_text (d->code);
  /* TRANSLATORS: a desktop notification's text: the dossier's code, its applicant, the procedure */
  body = g_strdup_printf (_("%s — %s\n%s"), code, d->applicant_name,
                          d->procedure_name != NULL ? d->procedure_name : "");
  notification = g_notification_new (list == MC_TODAY_TO_SIGN
                                     ? _("A Dossier Waits for Your Signature")
                                     : _("An Online Dossier Is Close to Its 8 Hours"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, list == MC_TODAY_ONLINE
                                             ? G_NOTIFICATION_PRIORITY_HIGH
                                             : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.open-dossier", "x", id);
  g_notification_add_button_with_target (notification, _("Open"), "app.open-dossier", "x", id);
  tag = g_strdup_printf ("dossier-%" G_GINT64_FORMAT, id);
  /* Without a session bus (a bare X server) there is no one to show it to. */
  if (app != NULL && g_application_get_is_registered (app) &&
      g_application_get_dbus_connection (app) != NULL)
    g_application_send_notification (app, tag, notification);
  self->notified++;
  self->last_notified = id;
}

static gboolean
today_tick_cb (gpointer user_data)
{
  McWindow *self = user_data;

  if (self->store != NULL && self->officer != NULL && self->open_task == NULL &&
      mc_supervision_may_see_today (self->officer->role) && mc_store_is_connected (self->store))
    mc_today_page_reload (self->today_page);
  return G_SOURCE_CONTINUE;
}

guint
mc_window_get_notified (McWindow *self,
                        gint64   *last)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), 0);
  if (last != NULL)
    *last = self->last_notified;
  return self->notified;
}

void
mc_window_open_dossier_id (McWindow *self,
                           gint64    id)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self));
  open_dossier_cb (self, id);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  /* A demo still being written finishes in its thread; its result is dropped. */
  g_cancellable_cancel (self->open_cancellable);
  g_cancellable_cancel (self->overview_cancellable);
  g_clear_object (&self->overview_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_clear_handle_id (&self->today_source, g_source_remove);
  g_clear_handle_id (&self->restore_source, g_source_remove);
  g_clear_pointer (&self->restore, mc_backup_restore_free);
  g_clear_pointer (&self->restore_file, g_free);
  g_clear_pointer (&self->restore_path, g_free);
  mc_worker_release_for_store (self->store);
  g_clear_object (&self->open_task);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->auto_username, g_free);
  g_clear_pointer (&self->auto_password, g_free);
  g_clear_pointer (&self->section, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, mc_window_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      mc_window_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_window_dispose;
  object_class->get_property = mc_window_get_property;
  object_class->set_property = mc_window_set_property;

  window_class->close_request = mc_window_close_request;

  g_type_ensure (MC_TYPE_SIGNIN_PAGE);
  g_type_ensure (MC_TYPE_QUEUE_PAGE);
  g_type_ensure (MC_TYPE_SIGNING_PAGE);
  g_type_ensure (MC_TYPE_INTAKE_PAGE);
  g_type_ensure (MC_TYPE_ONLINE_PAGE);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MC_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MC_TYPE_DASHBOARD_PAGE);
  g_type_ensure (MC_TYPE_REPORTS_PAGE);
  g_type_ensure (MC_TYPE_BROKERS_PAGE);
  g_type_ensure (MC_TYPE_INSPECTION_PAGE);
  g_type_ensure (MC_TYPE_TODAY_PAGE);
  /* The database changed (see watch_cb): what shows a dossier or a figure reads it again. */
  signals[SIGNAL_DATABASE_CHANGED] =
    g_signal_new ("database-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/MotCua/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, McWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, overview_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, agency_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, McWindow, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, open_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, signing_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, intake_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, online_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, brokers_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, inspection_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, today_page);
  gtk_widget_class_bind_template_callback (widget_class, received_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh);
  gtk_widget_class_bind_template_child (widget_class, McWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, backup_revealer);
  gtk_widget_class_bind_template_child (widget_class, McWindow, backup_label);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_dossier_cb);

  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-pdf", NULL);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", "x", show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.show-undigitised", "(xx)",
                                   show_undigitised_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-database", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
}

static void
mc_window_init (McWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_sidebar (self);
  update_actions (self);
  self->watch_source = g_timeout_add (WATCH_INTERVAL_MS, watch_cb, self);
  self->today_source = g_timeout_add_seconds (60, today_tick_cb, self);
  g_signal_connect_object (self->today_page, "arrived", G_CALLBACK (today_arrived_cb), self,
                           G_CONNECT_SWAPPED);
}
