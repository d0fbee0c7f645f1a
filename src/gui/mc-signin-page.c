/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-signin-page.h"

struct _McSigninPage
{
  AdwBin      parent_instance;

  McStore    *store;
  GPtrArray  *officers;     /* McOfficer*, those with an active account, as listed */

  AdwComboRow *officer_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel   *error_label;
  GtkButton  *signin_button;
};

G_DEFINE_FINAL_TYPE (McSigninPage, mc_signin_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGNED_IN,
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
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return FALSE;
    }
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, officer);
  return TRUE;
}

static void
sign_in_cb (McSigninPage *self)
{
  guint selected = adw_combo_row_get_selected (self->officer_row);
  McOfficer *officer;

  if (self->officers == NULL || selected >= self->officers->len)
    {
      show_error (self, _("Choose your name in the list."));
      return;
    }
  officer = g_ptr_array_index (self->officers, selected);
  mc_signin_page_sign_in (self, officer->username,
                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
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
  if (store != NULL)
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
  show_error (self, self->officers->len == 0
                    ? _("No officer has an account yet: create one with motcua-cli.") : NULL);
}

static void
mc_signin_page_dispose (GObject *object)
{
  McSigninPage *self = MC_SIGNIN_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/MotCua/mc-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, officer_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McSigninPage, signin_button);
}

static void
mc_signin_page_init (McSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->signin_button, "clicked", G_CALLBACK (sign_in_cb), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (sign_in_cb), self);
}
