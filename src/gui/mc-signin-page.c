/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-signin-page.h"
#include "mc-worker.h"

struct _McSigninPage
{
  AdwBin      parent_instance;

  McStore    *store;
  GPtrArray  *officers;     /* McOfficer*, those with an active account, as listed */
  char       *server;       /* the commune's server signed in to, NULL on a file */
  GCancellable *cancellable;

  AdwStatusPage *status_page;
  AdwComboRow *officer_row;
  AdwEntryRow *username_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel   *error_label;
  GtkButton  *signin_button;
  GtkSpinner *spinner;
  AdwExpanderRow *server_expander;
  AdwEntryRow *server_row;
  GtkButton  *connect_button;
  GtkButton  *file_button;
};

G_DEFINE_FINAL_TYPE (McSigninPage, mc_signin_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_SERVER_CHOSEN,
  SIGNAL_SERVER_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (McSigninPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* While a password is checked (a second on an old PC, on purpose): the page waits, the window
 * does not. */
static void
set_waiting (McSigninPage *self,
             gboolean      waiting)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->signin_button), !waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), waiting);
  gtk_spinner_set_spinning (self->spinner, waiting);
}

static void
refused (McSigninPage *self,
         const GError *error)
{
  show_error (self, error->message);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
accepted (McSigninPage *self,
          McOfficer    *officer)
{
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, officer);
}

gboolean
mc_signin_page_sign_in (McSigninPage *self,
                        const char   *username,
                        const char   *password)
{
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_SIGNIN_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  officer = mc_account_authenticate (self->store, username, password, &error);
  if (officer == NULL)
    {
      refused (self, error);
      return FALSE;
    }
  accepted (self, officer);
  return TRUE;
}

/* ---- Signing in off the main thread ---- */

typedef struct {
  char *target;      /* on a server: connect to it as USERNAME */
  char *username;
  char *password;
} SignIn;

typedef struct {
  McStore   *store;  /* a server's connection, made for the officer */
  McOfficer *officer;
} Session;

static void
sign_in_free (SignIn *s)
{
  g_free (s->target);
  g_free (s->username);
  if (s->password != NULL)
    memset (s->password, 0, strlen (s->password));
  g_free (s->password);
  g_free (s);
}

static void
session_free (Session *s)
{
  g_clear_object (&s->store);
  g_clear_pointer (&s->officer, mc_officer_free);
  g_free (s);
}

static gpointer
authenticate_job (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  SignIn *s = data;
  Session *session = g_new0 (Session, 1);

  session->officer = mc_account_authenticate (store, s->username, s->password, error);
  if (session->officer == NULL)
    {
      session_free (session);
      return NULL;
    }
  return session;
}

static void
server_sign_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SignIn *s = task_data;
  Session *session = g_new0 (Session, 1);
  GError *error = NULL;

  /* The officer is a login of the server: connecting is the first check of the password. */
  session->store = mc_store_open_as (s->target, s->username, s->password, &error);
  if (session->store != NULL)
    session->officer = mc_account_authenticate (session->store, s->username, s->password,
                                                &error);
  if (session->officer == NULL)
    {
      session_free (session);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, session, (GDestroyNotify) session_free);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McSigninPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Session *session;

  if (MC_IS_WORKER (source))
    session = mc_worker_finish (MC_WORKER (source), result, &error);
  else
    session = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_waiting (self, FALSE);
  if (session == NULL)
    {
      refused (self, error);
      return;
    }
  if (session->store != NULL)
    {
      show_error (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      g_signal_emit (self, signals[SIGNAL_SERVER_SIGNED_IN], 0, session->store,
                     session->officer);
    }
  else
    accepted (self, session->officer);
  session_free (session);
}

static void
sign_in_cb (McSigninPage *self)
{
  SignIn *s;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->signin_button)))
    return;
  s = g_new0 (SignIn, 1);
  s->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (self->server != NULL)
    {
      s->target = g_strdup (self->server);
      s->username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
      if (s->username[0] == '\0')
        {
          show_error (self, _("Type your user name."));
          sign_in_free (s);
          return;
        }
    }
  else
    {
      guint selected = adw_combo_row_get_selected (self->officer_row);

      if (self->store == NULL || self->officers == NULL || selected >= self->officers->len)
        {
          show_error (self, _("Choose your name in the list."));
          sign_in_free (s);
          return;
        }
      s->username = g_strdup (((McOfficer *) g_ptr_array_index (self->officers, selected))->username);
    }

  show_error (self, NULL);
  set_waiting (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->server != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, sign_in_done_cb,
                                          g_object_ref (self));

      g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
      g_task_run_in_thread (task, server_sign_in_thread);
    }
  else
    mc_worker_run (mc_worker_for_store (self->store), authenticate_job, s,
                   (GDestroyNotify) sign_in_free, (GDestroyNotify) session_free, self->cancellable,
                   sign_in_done_cb, g_object_ref (self));
}

void
mc_signin_page_submit (McSigninPage *self,
                       const char   *username,
                       const char   *password)
{
  g_return_if_fail (MC_IS_SIGNIN_PAGE (self));

  if (self->server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  else
    for (guint i = 0; self->officers != NULL && i < self->officers->len; i++)
      if (g_strcmp0 (((McOfficer *) g_ptr_array_index (self->officers, i))->username,
                     username) == 0)
        adw_combo_row_set_selected (self->officer_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  sign_in_cb (self);
}

/* ---- The commune's server ---- */

static void
connect_cb (McSigninPage *self)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (
                                             GTK_EDITABLE (self->server_row))));

  if (!mc_store_target_is_server (address))
    {
      show_error (self, _("Write the server's address as the set-up printed it, for example "
                          "postgresql://192.168.1.10/motcua."));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SERVER_CHOSEN], 0, address);
}

static void
file_cb (McSigninPage *self)
{
  g_signal_emit (self, signals[SIGNAL_SERVER_CHOSEN], 0, NULL);
}

void
mc_signin_page_set_server (McSigninPage *self,
                           const char   *server,
                           const char   *username)
{
  g_autofree char *description = NULL;

  g_return_if_fail (MC_IS_SIGNIN_PAGE (self));

  g_free (self->server);
  self->server = g_strdup (server);
  gtk_widget_set_visible (GTK_WIDGET (self->officer_row), server == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), server != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->server_expander), server == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->file_button), server != NULL);
  if (server != NULL)
    {
      g_autofree char *where = mc_store_describe_target (server);

      /* TRANSLATORS: the sign-in page on a server: "Máy chủ của xã: motcua trên 192.168.1.10…" */
      description = g_strdup_printf (_("The commune’s server: %s. Type your user name and "
                                       "password."), where);
      adw_status_page_set_description (self->status_page, description);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
      show_error (self, NULL);
    }
  else
    adw_status_page_set_description (self->status_page,
                                     _("Choose your name and type your password."));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

const char *
mc_signin_page_get_server (McSigninPage *self)
{
  g_return_val_if_fail (MC_IS_SIGNIN_PAGE (self), NULL);
  return self->server;
}

McSigninPage *
mc_signin_page_new (void)
{
  return g_object_new (MC_TYPE_SIGNIN_PAGE, NULL);
}

void
mc_signin_page_set_store (McSigninPage *self,
                          McStore      *store,
                          const char   *username)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_return_if_fail (MC_IS_SIGNIN_PAGE (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  self->officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_free);
  /* A server lists nobody to whoever has not signed in. */
  if (store != NULL && !mc_store_is_server (store))
    all = mc_store_list_officers (store, NULL);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      McOfficer *o = g_ptr_array_index (all, i);
      g_autofree char *label = NULL;

      if (!o->active || o->username == NULL || o->username[0] == '\0')
        continue;
      if (g_strcmp0 (o->username, username) == 0)
        selected = self->officers->len;
      /* TRANSLATORS: an officer in the sign-in list: "Nguyễn Thị Hoa — Desk officer" */
      label = g_strdup_printf (_("%s — %s"), o->name, mc_role_to_string (o->role));
      gtk_string_list_append (names, label);
      g_ptr_array_add (self->officers, g_steal_pointer (&all->pdata[i]));
    }
  adw_combo_row_set_model (self->officer_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->officer_row, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, self->server == NULL && store != NULL && self->officers->len == 0
                    ? _("No officer has an account yet: create one with motcua-cli.") : NULL);
}

static void
mc_signin_page_dispose (GObject *object)
{
  McSigninPage *self = MC_SIGNIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  g_clear_pointer (&self->server, g_free);
  /* The bin unparents its child itself. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGNIN_PAGE);

  G_OBJECT_CLASS (mc_signin_page_parent_class)->dispose (object);
}

static void
mc_signin_page_class_init (McSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_signin_page_dispose;

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The address of the commune's server the officer chose, or NULL: back to this computer's
   * database. */
  signals[SIGNAL_SERVER_CHOSEN] =
    g_signal_new ("server-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Signed in to the server: the connection made as the officer, and the officer. */
  signals[SIGNAL_SERVER_SIGNED_IN] =
    g_signal_new ("server-signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, MC_TYPE_STORE, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, officer_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, signin_button);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, server_expander);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, file_button);
}

static void
mc_signin_page_init (McSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->signin_button, "clicked", G_CALLBACK (sign_in_cb), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (sign_in_cb), self);
  g_signal_connect_swapped (self->connect_button, "clicked", G_CALLBACK (connect_cb), self);
  g_signal_connect_swapped (self->server_row, "entry-activated", G_CALLBACK (connect_cb), self);
  g_signal_connect_swapped (self->file_button, "clicked", G_CALLBACK (file_cb), self);
  mc_signin_page_set_server (self, NULL, NULL);
}
