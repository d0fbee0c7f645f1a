/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A dossier's whole life through the real window, one journey per test: each role signs in
 * through the window and does its step with the widgets an officer uses (the sign-in list, the
 * intake form, the queue's search, the dossier's buttons and dialogs, the signing page, the print
 * menu and the file chooser). The database starts with the default catalogue and the demo
 * accounts only; every dossier is made through the window, and nothing a role should produce
 * is written by the test. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "mc-catalogue.h"
#include "mc-checkpoint.h"
#include "mc-dashboard-page.h"
#include "mc-date.h"
#include "mc-demo.h"
#include "mc-desk-util.h"
#include "mc-dossier-list.h"
#include "mc-dossier-view.h"
#include "mc-gui-test.h"
#include "mc-intake-page.h"
#include "mc-online-page.h"
#include "mc-preferences-window.h"
#include "mc-queue-page.h"
#include "mc-review-view.h"
#include "mc-signature.h"
#include "mc-signing-page.h"
#include "mc-paths.h"
#include "mc-test-util.h"
#include "mc-text.h"
#include "mc-supervision.h"
#include "mc-today-page.h"

#define PASSWORD MC_DEMO_PASSWORD
#define DESK     "Nguyễn Thị Hoa"
#define JUSTICE  "Phạm Thị Lan"
#define LAND     "Hoàng Văn Đức"
#define VICE     "Bùi Văn Thắng"
#define ADMIN    "Lê Văn Minh"
#define CONTROLLER "Lý Thị Ngọc"

#define BIRTH    "1.001193"   /* same day */

/* The app's words in the language it runs in (English under the test's C locale; Vietnamese with
 * LANGUAGE=vi, to take the pictures). */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

typedef struct {
  char *dir;
  char *db;
  char *contract;             /* a procedure of two working days */
} Journey;

static Journey *
journey_new (void)
{
  Journey *j = g_new0 (Journey, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  McDemoOptions options;

  j->dir = mc_test_tmpdir ();
  j->db = g_build_filename (j->dir, "journey.db", NULL);
  /* A fresh commune: the default catalogue and the demo officers, no dossier. */
  store = mc_store_create (j->db, &error);
  g_assert_no_error (error);
  g_assert_true (mc_catalogue_init_defaults (store, &error));
  mc_demo_options_init (&options);
  options.dossiers = 0;
  g_assert_true (mc_demo_fill (store, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_count_dossiers (store), ==, 0);

  procedures = mc_store_list_procedures (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *p = g_ptr_array_index (procedures, i);

      if (p->active && p->limit_kind == MC_LIMIT_WORKING_DAYS && p->limit_value == 2)
        j->contract = g_strdup (p->code);
    }
  g_assert_nonnull (j->contract);
  return j;
}

static void
journey_free (Journey *j)
{
  mc_now_set_offset (0);
  for (const char *suffix[] = { "", "-wal", "-shm" }, **x = suffix; x < suffix + 3; x++)
    {
      g_autofree char *file = g_strconcat (j->db, *x, NULL);
      g_remove (file);
    }
  g_free (j->contract);
  g_free (j->db);
  g_free (j->dir);
  g_free (j);
}

static McDossier *
read_dossier (McWindow   *window,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_store_find_dossier (mc_window_get_store (window), code, &error);

  g_assert_no_error (error);
  return d;
}

static char *
pdf_path (Journey    *j,
          const char *name)
{
  return g_build_filename (j->dir, name, NULL);
}

static void scroll_to (GtkWidget *widget);

/* ---- The desk: intake ---- */

typedef struct {
  const char *procedure;      /* code, typed in the search, then Enter */
  const char *name;
  const char *id_number;
  const char *phone;
  const char *address;
  guint       channel;        /* index in the channel menu: 0 desk, 1 post, 2 online */
  const char *representative; /* who files on the applicant's behalf, NULL: the applicant */
  const char *representative_id;
} Applicant;

/* Receives a dossier through the intake form; returns its code. With RECEIPT, the receipt
 * offered at once is exported through the file chooser there and its text returned. */
static char *
receive (McWindow        *window,
         const Applicant *a,
         const char      *receipt,
         char           **receipt_text)
{
  GtkWidget *intake = mc_ui_child (window, MC_TYPE_WINDOW, "intake_page");
  AdwMessageDialog *dialog;
  g_autoptr(McDossier) d = NULL;
  gint64 id;

  mc_ui_section (window, "intake");
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), a->procedure);
  /* Enter picks the only procedure that matches. */
  g_signal_emit_by_name (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), "activate");
  mc_ui_iterate ();
  if (a->channel != 2)
    g_assert_cmpint (mc_intake_page_get_preview (MC_INTAKE_PAGE (intake)), !=, MC_TIME_NONE);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"), a->id_number);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"), a->name);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"), a->phone);
  mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "address_row"), a->address);
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE,
                                                          "channel_row")), a->channel);
  if (a->representative != NULL)
    {
      GtkWidget *row = mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "representative_row");

      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), TRUE);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "representative_name_row"),
                  a->representative);
      mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "representative_id_number_row"),
                  a->representative_id);
      scroll_to (row);
      mc_ui_shot (GTK_WIDGET (window), "intake-representative");
    }
  mc_ui_shot (GTK_WIDGET (window), "intake");
  mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));

  dialog = mc_ui_dialog ();
  id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");
  d = mc_store_get_dossier (mc_window_get_store (window), id, NULL);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->applicant_name, ==, a->name);
  if (receipt != NULL)
    {
      mc_ui_respond (dialog, "pdf");
      *receipt_text = mc_ui_save_pdf (receipt);
    }
  else
    mc_ui_respond (dialog, "close");
  g_assert_null (mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  return g_strdup (d->code);
}

static McDossierView *
open_dossier (McWindow   *window,
              const char *code)
{
  McDossierView *view = mc_ui_open_dossier (window, code);

  mc_ui_shot (GTK_WIDGET (view), "dossier");
  return view;
}

/* ---- Actions in the dossier window ---- */

typedef struct {
  const char *officer;        /* assign: the specialist's name */
  const char *note;
  const char *result;
  const char *new_due;
} Answers;

/* Clicks the button of ACTION in VIEW and returns its dialog. */
static AdwMessageDialog *
start (McDossierView *view,
       McAction       action)
{
  GtkWidget *button = mc_ui_find (GTK_WIDGET (view), mc_action_to_verb (action));

  if (button == NULL)
    g_error ("no button “%s” on dossier %s", mc_action_to_verb (action),
             mc_dossier_view_get_dossier (view)->code);
  mc_ui_click (button);
  return mc_ui_dialog ();
}

/* The check button of the row titled TITLE in the list named LIST of DIALOG (the papers of a
 * supplement). */
static GtkCheckButton *
paper_check (AdwMessageDialog *dialog,
             const char       *list_name,
             const char       *title)
{
  GtkListBox *list = GTK_LIST_BOX (mc_ui_find (GTK_WIDGET (dialog), list_name));
  GtkListBoxRow *row;

  g_assert_nonnull (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
  g_error ("no paper “%s” in %s", title, list_name);
}

/* The form chosen for the paper titled TITLE of a supplement request. */
static GtkDropDown *
paper_kind (AdwMessageDialog *dialog,
            const char       *title)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (paper_check (dialog, "papers", title)),
                                            ADW_TYPE_ACTION_ROW);

  GtkWidget *kind = mc_ui_find (row, "kind");

  if (kind == NULL)
    g_error ("no form for “%s”", title);
  return GTK_DROP_DOWN (kind);
}

static guint
count_rows (AdwMessageDialog *dialog,
            const char       *list_name)
{
  GtkListBox *list = GTK_LIST_BOX (mc_ui_find (GTK_WIDGET (dialog), list_name));
  guint n = 0;

  g_assert_nonnull (list);
  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

/* Scrolls the window of WIDGET so that WIDGET is at the top (for a picture of it). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  double x = 0, y = 0;

  g_assert_nonnull (scrolled);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_translate_coordinates (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (adj, y);
  mc_ui_iterate ();
}

static guint
count_awaited (const McDossier *d)
{
  guint n = 0;

  for (guint i = 0; i < d->documents->len; i++)
    n += !((McDossierDocument *) g_ptr_array_index (d->documents, i))->received;
  return n;
}

static void
fill (AdwMessageDialog *dialog,
      const Answers    *a)
{
  if (a->officer != NULL)
    mc_ui_choose_officer (dialog, a->officer);
  if (a->note != NULL)
    mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "note"), a->note);
  if (a->result != NULL)
    mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "result"), a->result);
  if (a->new_due != NULL)
    mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "new-due"), a->new_due);
}

/* Applies ACTION with ANSWERS: the dialog goes away and the window shows the new state. */
static void
act (McDossierView *view,
     McAction       action,
     const Answers *answers)
{
  static const Answers none = { 0 };
  AdwMessageDialog *dialog = start (view, action);

  fill (dialog, answers != NULL ? answers : &none);
  if (mc_ui_respond (dialog, "apply"))
    g_error ("%s was refused: %s", mc_action_to_verb (action), mc_ui_dialog_error (dialog));
}

/* The letter offered after an action (forms 02–04), exported and its text returned. */
static char *
export_offered_form (const char *path)
{
  AdwMessageDialog *dialog = mc_ui_dialog ();

  mc_ui_respond (dialog, "pdf");
  return mc_ui_save_pdf (path);
}

/* Exports FORM from the dossier's print menu (its menu item's action) and returns its text. */
static char *
export_form (McDossierView *view,
             McFormKind     form,
             const char    *path)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "dossier.export-pdf", "i",
                                             (gint32) form));
  return mc_ui_save_pdf (path);
}

/* ---- The leader ---- */

static McReviewView *
review (McWindow *window)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");
  GtkWidget *list = mc_ui_child (page, MC_TYPE_SIGNING_PAGE, "list_view");
  g_autoptr(GArray) ids = NULL;

  mc_ui_section (window, "signing");
  ids = mc_signing_page_get_ids (MC_SIGNING_PAGE (page));
  g_assert_cmpuint (ids->len, ==, 1);
  /* Enter on the first row opens its review. */
  g_signal_emit_by_name (list, "activate", 0);
  mc_ui_iterate ();
  return MC_REVIEW_VIEW (mc_ui_child (page, MC_TYPE_SIGNING_PAGE, "review_view"));
}

static void
sign (McWindow   *window,
      const char *code,
      const char *result)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");
  McReviewView *view = review (window);
  AdwMessageDialog *dialog;
  g_autoptr(GArray) after = NULL;

  g_assert_cmpstr (mc_review_view_get_dossier (view)->code, ==, code);
  g_assert_cmpstr (mc_review_view_get_dossier (view)->result, ==, result);
  mc_ui_shot (GTK_WIDGET (window), "review");
  mc_ui_click (mc_ui_find_button (page, T ("_Approve and Sign…")));
  dialog = mc_ui_dialog ();
  /* What he signs is said before he signs it. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), result));
  mc_ui_type (adw_message_dialog_get_extra_child (dialog), PASSWORD);
  mc_ui_respond (dialog, "sign");
  after = mc_signing_page_get_ids (MC_SIGNING_PAGE (page));
  g_assert_cmpuint (after->len, ==, 0);
}

static void
assert_signed (McWindow   *window,
               const char *code)
{
  g_autoptr(McDossier) d = read_dossier (window, code);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignatureCheck) check = mc_signature_check_dossier (mc_window_get_store (window),
                                                                  d->id, &error);

  g_assert_no_error (error);
  g_assert_true (check->valid);
}

/* ---- The dashboard ---- */

static gboolean
dashboard_ready (gpointer data)
{
  return !mc_dashboard_page_get_busy (data) &&
         mc_dashboard_page_get_figure_text (data, "on_time_rate") != NULL;
}

static McDashboardPage *
dashboard (McWindow *window)
{
  GtkStack *sections = GTK_STACK (mc_ui_child (window, MC_TYPE_WINDOW, "section_stack"));
  McDashboardPage *page;

  mc_ui_section (window, "dashboard");
  page = MC_DASHBOARD_PAGE (gtk_stack_get_child_by_name (sections, "dashboard"));
  g_assert_true (mc_ui_wait (dashboard_ready, page, 30));
  return page;
}

/* ---- Journeys ---- */

static const Applicant an = {
  BIRTH, "Nguyễn Văn An", "001190012345", "0912345678", "Thôn Đông, xã Mới", 0,
};

/* Desk → specialist (supplement, result) → vice-chairman (signs) → desk (result, receipt with
 * its QR, hand-over) → the dashboard counts it. */
static void
journey_signed (McWindow *window,
                gpointer  data)
{
  Journey *j = data;
  g_autofree char *receipt = pdf_path (j, "receipt.pdf");
  g_autofree char *receipt_text = NULL;
  g_autofree char *supplement = pdf_path (j, "supplement.pdf");
  g_autofree char *supplement_text = NULL;
  g_autofree char *reprint = pdf_path (j, "receipt-again.pdf");
  g_autofree char *reprint_text = NULL;
  g_autofree char *code = NULL;
  g_autoptr(McDossier) done = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;
  GtkListBox *officers;
  McDashboardPage *page;
  const char *result = "Giấy khai sinh bản chính số 15, quyển 01/2026";
  const char *certificate = "Giấy chứng nhận kết hôn của cha, mẹ (xuất trình, nếu có)";
  const char *household = "Sổ hộ khẩu của cha mẹ";
  Applicant filed = an;

  /* The father files for the child, with his ID number (issue 9.8). */
  filed.representative = "Nguyễn Văn Bảo";
  filed.representative_id = "001190054321";

  /* The desk's first try has three mistakes: all are shown at once, at their fields (the
   * representative's opened to show its own). */
  mc_ui_sign_in (window, DESK, PASSWORD);
  {
    GtkWidget *intake = mc_ui_child (window, MC_TYPE_WINDOW, "intake_page");

    mc_ui_section (window, "intake");
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"), BIRTH);
    g_signal_emit_by_name (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "procedure_entry"),
                           "activate");
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "id_number_row"), "00119001");
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "name_row"), an.name);
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "phone_row"), "09123");
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (mc_ui_child (intake,
                                                                          MC_TYPE_INTAKE_PAGE,
                                                                          "representative_row")),
                                           TRUE);
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "representative_name_row"),
                filed.representative);
    mc_ui_type (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "representative_id_number_row"),
                "0011900543");
    mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "save_button"));
    g_assert_null (mc_ui_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_true (gtk_widget_has_css_class (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE,
                                                          "id_number_row"), "error"));
    g_assert_true (gtk_widget_has_css_class (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE,
                                                          "phone_row"), "error"));
    g_assert_true (gtk_widget_has_css_class (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE,
                                                          "representative_id_number_row"),
                                             "error"));
    g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (mc_ui_child (intake,
                                                                                 MC_TYPE_INTAKE_PAGE,
                                                                                 "representative_row"))));
    mc_ui_shot (GTK_WIDGET (window), "intake-mistakes");
    mc_ui_click (mc_ui_child (intake, MC_TYPE_INTAKE_PAGE, "clear_button"));
  }

  /* Corrected, the desk receives it and prints the receipt, the father named on it by his ID. */
  code = receive (window, &filed, receipt, &receipt_text);
  g_assert_nonnull (strstr (receipt_text, code));
  g_assert_nonnull (strstr (receipt_text, an.name));
  g_assert_nonnull (strstr (receipt_text, filed.representative));
  g_assert_nonnull (strstr (receipt_text, filed.representative_id));

  /* The desk assigns it: the justice officers come first, the land officer after them. */
  view = open_dossier (window, code);
  g_assert_cmpint (mc_dossier_view_main_form (view), ==, MC_FORM_RECEIPT);
  dialog = start (view, MC_ACTION_ASSIGN);
  officers = GTK_LIST_BOX (mc_ui_find (GTK_WIDGET (dialog), "officers"));
  g_assert_nonnull (gtk_list_box_get_selected_row (officers));
  for (int i = 0; gtk_list_box_get_row_at_index (officers, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (officers, i);
      const char *name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      if (i < 2)
        g_assert_true (g_str_equal (name, JUSTICE) || g_str_equal (name, "Đỗ Thị Thu Hà"));
      else
        g_assert_false (g_str_equal (name, JUSTICE));
    }
  g_assert_nonnull (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (officers, 2)));
  mc_ui_respond (dialog, "cancel");
  act (view, MC_ACTION_ASSIGN, &(Answers) { .officer = JUSTICE });

  /* The specialist asks for two papers (form 02): one of the procedure's list and one typed,
   * a certified copy; the dossier marks them awaited. */
  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  g_assert_cmpstr (mc_dossier_view_get_dossier (view)->representative_id_number, ==,
                   filed.representative_id);
  dialog = start (view, MC_ACTION_REQUEST_SUPPLEMENT);
  gtk_check_button_set_active (paper_check (dialog, "papers", certificate), TRUE);
  mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "other-paper"), household);
  mc_ui_click (mc_ui_find (GTK_WIDGET (dialog), "add-paper"));
  g_assert_true (gtk_check_button_get_active (paper_check (dialog, "papers", household)));
  /* Its form, chosen on its row: a certified copy. */
  gtk_drop_down_set_selected (paper_kind (dialog, household), 1);
  fill (dialog, &(Answers) { .note = "Cần đối chiếu quan hệ cha, mẹ, con" });
  g_assert_false (mc_ui_respond (dialog, "apply"));
  supplement_text = export_offered_form (supplement);
  g_assert_nonnull (strstr (supplement_text, "Giấy chứng nhận kết hôn"));
  g_assert_nonnull (strstr (supplement_text, household));
  g_assert_nonnull (strstr (supplement_text, T ("Certified copy")));
  g_assert_nonnull (strstr (supplement_text, "Cần đối chiếu quan hệ cha, mẹ, con"));
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_SUPPLEMENT);
  g_assert_cmpuint (count_awaited (mc_dossier_view_get_dossier (view)), ==, 2);
  g_assert_nonnull (mc_ui_find (GTK_WIDGET (view), "not-received"));
  mc_ui_shot (GTK_WIDGET (view), "dossier-paused");
  scroll_to (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW, "documents_group"));
  mc_ui_shot (GTK_WIDGET (view), "dossier-awaiting-papers");

  /* The papers come: both offered, ticked; the dossier has them all again. */
  dialog = start (view, MC_ACTION_SUPPLEMENT_RECEIVED);
  g_assert_cmpuint (count_rows (dialog, "came"), ==, 2);
  g_assert_true (gtk_check_button_get_active (paper_check (dialog, "came", certificate)));
  g_assert_true (gtk_check_button_get_active (paper_check (dialog, "came", household)));
  g_assert_false (mc_ui_respond (dialog, "apply"));
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_PROCESSING);
  g_assert_cmpuint (count_awaited (mc_dossier_view_get_dossier (view)), ==, 0);
  g_assert_null (mc_ui_find (GTK_WIDGET (view), "not-received"));

  /* Submitting needs the proposed result: the button waits for it. */
  dialog = start (view, MC_ACTION_SUBMIT_FOR_SIGNATURE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  fill (dialog, &(Answers) { .result = result, .note = "Đủ điều kiện" });
  g_assert_false (mc_ui_respond (dialog, "apply"));
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->step, ==, MC_STEP_SUBMITTED);

  /* The vice-chairman reads it and signs it with his password. */
  mc_ui_sign_in (window, VICE, PASSWORD);
  sign (window, code, result);
  assert_signed (window, code);

  /* The desk records the result, reprints the receipt (now with the QR) and hands it over. */
  mc_ui_sign_in (window, DESK, PASSWORD);
  view = open_dossier (window, code);
  act (view, MC_ACTION_RECORD_RESULT, NULL);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_RESOLVED);
  reprint_text = export_form (view, MC_FORM_RECEIPT, reprint);
  g_assert_nonnull (strstr (reprint_text, code));
  {
    /* The QR code's caption, by its first word (pdftotext breaks its lines). */
    g_auto(GStrv) words = g_strsplit (T ("Scan this code at the one-stop desk to check that the "
                                         "result was signed by the commune’s leader and has not "
                                         "been changed since."), " ", 2);

    g_assert_nonnull (strstr (reprint_text, words[0]));
  }
  act (view, MC_ACTION_HAND_OVER, NULL);
  done = read_dossier (window, code);
  g_assert_cmpint (done->status, ==, MC_STATUS_RETURNED);
  g_assert_cmpstr (done->result, ==, result);

  page = dashboard (window);
  {
    g_autofree char *one_of_one = g_strdup_printf (T ("%s of %s"), "1", "1");

    mc_ui_shot (GTK_WIDGET (window), "dashboard");
    g_assert_cmpstr (mc_dashboard_page_get_figure_detail (page, "on_time_rate"), ==, one_of_one);
  }
}

static void
test_signed (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_signed, j);
  journey_free (j);
}

/* An online submission the desk reads first, then refuses (form 03); the reason is required. */
static void
journey_refused (McWindow *window,
                 gpointer  data)
{
  Journey *j = data;
  g_autofree char *refusal = pdf_path (j, "refusal.pdf");
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autoptr(McDossier) d = NULL;
  Applicant online = an;
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "online_page");
  AdwMessageDialog *dialog;
  McDossierView *view;

  mc_ui_sign_in (window, DESK, PASSWORD);
  online.channel = 2;
  online.name = "Trần Thị Bích";
  code = receive (window, &online, NULL, NULL);
  d = read_dossier (window, code);
  g_assert_cmpint (d->status, ==, MC_STATUS_NEW);

  mc_ui_section (window, "online");
  g_assert_cmpuint (mc_online_page_get_count (MC_ONLINE_PAGE (page)), ==, 1);
  mc_ui_shot (GTK_WIDGET (window), "online");
  /* Read before deciding: the whole dossier, no receipt to print yet. */
  mc_ui_click (mc_ui_find (page, "open"));
  view = MC_DOSSIER_VIEW (mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW));
  g_assert_nonnull (view);
  g_assert_cmpstr (mc_dossier_view_get_dossier (view)->code, ==, code);
  g_assert_cmpint (mc_dossier_view_main_form (view), ==, 0);
  mc_ui_close_windows ();

  mc_ui_click (mc_ui_find (page, "refuse"));
  dialog = mc_ui_dialog ();
  /* No reason: refused at the field, the dialog stays. */
  g_assert_true (mc_ui_respond (dialog, "apply"));
  g_assert_cmpstr (mc_ui_dialog_error (dialog), ==, mc_action_reason_prompt (MC_ACTION_REFUSE));
  g_assert_true (gtk_widget_has_css_class (mc_ui_find (GTK_WIDGET (dialog), "note"), "error"));
  mc_ui_shot (GTK_WIDGET (dialog), "refuse-refused");
  mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "note"), "Hồ sơ không thuộc thẩm quyền của xã");
  g_assert_false (gtk_widget_has_css_class (mc_ui_find (GTK_WIDGET (dialog), "note"), "error"));
  g_assert_false (mc_ui_respond (dialog, "apply"));

  text = export_offered_form (refusal);
  g_assert_nonnull (strstr (text, "Hồ sơ không thuộc thẩm quyền"));
  g_assert_nonnull (strstr (text, online.name));
  g_clear_pointer (&d, mc_dossier_free);
  d = read_dossier (window, code);
  g_assert_cmpint (d->status, ==, MC_STATUS_REFUSED);
  g_assert_cmpuint (mc_online_page_get_count (MC_ONLINE_PAGE (page)), ==, 0);
  view = MC_DOSSIER_VIEW (mc_ui_toplevel (MC_TYPE_DOSSIER_VIEW));
  g_assert_cmpint (mc_dossier_view_main_form (view), ==, MC_FORM_REFUSAL);
}

static void
test_refused (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_refused, j);
  journey_free (j);
}

/* The citizen withdraws the dossier at the desk: nothing is left to do on it. */
static void
journey_withdrawn (McWindow *window,
                   gpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(McDossier) d = NULL;
  McDossierView *view;
  Applicant b = an;

  mc_ui_sign_in (window, DESK, PASSWORD);
  b.name = "Lê Văn Cường";
  b.id_number = "";
  code = receive (window, &b, NULL, NULL);
  view = open_dossier (window, code);
  act (view, MC_ACTION_WITHDRAW, &(Answers) { .note = "Công dân xin rút hồ sơ" });
  d = read_dossier (window, code);
  g_assert_cmpint (d->status, ==, MC_STATUS_WITHDRAWN);
  g_assert_null (mc_ui_find (GTK_WIDGET (view), mc_action_to_verb (MC_ACTION_WITHDRAW)));
  g_assert_true (gtk_widget_get_visible (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW,
                                                      "no_actions_label")));
}

static void
test_withdrawn (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_withdrawn, j);
  journey_free (j);
}

/* An online dossier accepted two weeks later: past its 8 working hours, counted late. */
static void
journey_late_online (McWindow *window,
                     gpointer  data)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "online_page");
  g_autofree char *code = NULL;
  g_autoptr(McDossier) d = NULL;
  Applicant online = an;
  McDashboardPage *board;

  mc_ui_sign_in (window, DESK, PASSWORD);
  online.channel = 2;
  online.name = "Phạm Văn Dũng";
  code = receive (window, &online, NULL, NULL);

  mc_now_set_offset (14 * 86400);
  mc_ui_section (window, "queues");
  mc_ui_section (window, "online");
  mc_online_page_reload (MC_ONLINE_PAGE (page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (mc_online_page_get_left_label (MC_ONLINE_PAGE (page), 0)),
                                           "due-overdue"));
  mc_ui_click (mc_ui_find (page, "accept"));
  mc_ui_respond (mc_ui_dialog (), "apply");
  d = read_dossier (window, code);
  g_assert_cmpint (d->status, ==, MC_STATUS_RECEIVED);
  g_assert_true (d->late_intake);
  g_assert_cmpuint (mc_online_page_get_count (MC_ONLINE_PAGE (page)), ==, 0);

  board = dashboard (window);
  g_assert_cmpstr (mc_dashboard_page_get_figure_text (board, "late_online_intake"), ==, "1");
}

static void
test_late_online (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_late_online, j);
  journey_free (j);
}

/* A dossier past its appointment: the specialist apologises with a new one (form 04). A past
 * date and an empty reason are refused at their fields, the dialog keeping what was typed. */
static void
journey_apology (McWindow *window,
                 gpointer  data)
{
  Journey *j = data;
  g_autofree char *letter = pdf_path (j, "apology.pdf");
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *new_due = NULL;
  g_autofree char *new_day = NULL;
  g_autoptr(McDossier) d = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;
  Applicant c = an;
  GtkWidget *due_entry, *note;
  McTime later;
  int y, m, dd;

  mc_ui_sign_in (window, DESK, PASSWORD);
  c.procedure = j->contract;
  c.name = "Hoàng Thị Duyên";
  code = receive (window, &c, NULL, NULL);
  view = open_dossier (window, code);
  act (view, MC_ACTION_ASSIGN, &(Answers) { .officer = JUSTICE });

  /* A week later the appointment has passed. */
  mc_now_set_offset (7 * 86400);
  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  dialog = start (view, MC_ACTION_APOLOGIZE);
  due_entry = mc_ui_find (GTK_WIDGET (dialog), "new-due");
  note = mc_ui_find (GTK_WIDGET (dialog), "note");
  mc_ui_type (note, "Chờ xác minh của cơ quan liên quan");
  mc_ui_type (due_entry, "01/01/2020 08:00");
  g_assert_true (mc_ui_respond (dialog, "apply"));
  g_assert_cmpstr (mc_ui_dialog_error (dialog), !=, "");
  g_assert_true (gtk_widget_has_css_class (due_entry, "error"));
  mc_ui_shot (GTK_WIDGET (dialog), "apology-past-date");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==,
                   "Chờ xác minh của cơ quan liên quan");

  /* Not a date at all: said at the field too. */
  mc_ui_type (due_entry, "next Monday");
  g_assert_false (gtk_widget_has_css_class (due_entry, "error"));
  g_assert_true (mc_ui_respond (dialog, "apply"));
  g_assert_true (gtk_widget_has_css_class (due_entry, "error"));

  /* A good date but no reason: the reason is marked. */
  later = mc_calendar_add_working (mc_store_get_calendar (mc_window_get_store (window)),
                                   mc_now (), 3 * 8 * 3600);
  mc_day_to_ymd (mc_day_of_time (later), &y, &m, &dd);
  new_due = g_strdup_printf ("%02d/%02d/%04d 16:00", dd, m, y);
  mc_ui_type (due_entry, new_due);
  mc_ui_type (note, "");
  g_assert_true (mc_ui_respond (dialog, "apply"));
  g_assert_cmpstr (mc_ui_dialog_error (dialog), ==, mc_action_reason_prompt (MC_ACTION_APOLOGIZE));
  g_assert_true (gtk_widget_has_css_class (note, "error"));
  mc_ui_shot (GTK_WIDGET (dialog), "apology-no-reason");
  mc_ui_type (note, "Chờ xác minh của cơ quan liên quan");
  g_assert_false (mc_ui_respond (dialog, "apply"));

  text = export_offered_form (letter);
  g_assert_nonnull (strstr (text, c.name));
  g_assert_nonnull (strstr (text, "Chờ xác"));
  new_day = mc_format_day (mc_day_of_time (later));
  g_assert_nonnull (strstr (text, new_day));
  d = read_dossier (window, code);
  g_assert_cmpint (d->apology_count, ==, 1);
  g_assert_cmpint (mc_day_of_time (d->apology_due_at), ==, mc_day_of_time (later));
}

static void
test_apology (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_apology, j);
  journey_free (j);
}

/* The leader sends the dossier back with a reason; the specialist corrects the result and
 * submits it again; the leader signs the corrected one. */
static void
journey_sent_back (McWindow *window,
                   gpointer  data)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");
  g_autofree char *code = NULL;
  g_autoptr(McDossier) d = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;
  Applicant e = an;
  const char *wrong = "Giấy khai sinh số 16";
  const char *right = "Giấy khai sinh bản chính số 16, quyển 01/2026";

  mc_ui_sign_in (window, DESK, PASSWORD);
  e.name = "Vũ Văn Em";
  code = receive (window, &e, NULL, NULL);
  view = open_dossier (window, code);
  act (view, MC_ACTION_ASSIGN, &(Answers) { .officer = JUSTICE });

  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  act (view, MC_ACTION_SUBMIT_FOR_SIGNATURE, &(Answers) { .result = wrong });

  mc_ui_sign_in (window, VICE, PASSWORD);
  review (window);
  mc_ui_click (mc_ui_find_button (page, T ("_Send Back…")));
  dialog = mc_ui_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "send-back"));
  mc_ui_type (adw_message_dialog_get_extra_child (dialog), "Ghi rõ số quyển đăng ký");
  mc_ui_respond (dialog, "send-back");
  d = read_dossier (window, code);
  g_assert_cmpint (d->step, ==, MC_STEP_SENT_BACK);

  /* The specialist sees the reason; the result proposed before is there to correct. */
  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  dialog = start (view, MC_ACTION_SUBMIT_FOR_SIGNATURE);
  {
    GtkTextView *area = GTK_TEXT_VIEW (mc_ui_find (GTK_WIDGET (dialog), "result"));
    GtkTextIter from, to;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (area), &from, &to);
    shown = gtk_text_buffer_get_text (gtk_text_view_get_buffer (area), &from, &to, FALSE);
    g_assert_cmpstr (shown, ==, wrong);
  }
  fill (dialog, &(Answers) { .result = right });
  g_assert_false (mc_ui_respond (dialog, "apply"));

  mc_ui_sign_in (window, VICE, PASSWORD);
  sign (window, code, right);
  assert_signed (window, code);
}

static void
test_sent_back (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_sent_back, j);
  journey_free (j);
}

/* The letter's "citizens sent back and forth": a second supplement request says why the paper
 * was not asked for the first time, and the controller finds it on the Today page. */
static guint
controller_second_supplements (McWindow *window)
{
  GtkStack *stack = GTK_STACK (mc_ui_child (window, MC_TYPE_WINDOW, "section_stack"));
  McTodayPage *page;

  mc_ui_sign_in (window, CONTROLLER, PASSWORD);
  mc_ui_section (window, "today");
  page = MC_TODAY_PAGE (gtk_stack_get_child_by_name (stack, "today"));
  mc_today_page_reload (page);
  mc_ui_iterate ();
  return mc_today_page_get_count (page, MC_TODAY_SECOND_SUPPLEMENT);
}

static void
journey_second_supplement (McWindow *window,
                           gpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(McDossier) d = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;
  Applicant e = an;
  guint listed = controller_second_supplements (window);
  const char *why = "Giấy tờ nhân thân của mẹ chỉ cần khi cha đã mất; hồ sơ mới khai điều đó";

  mc_ui_sign_in (window, DESK, PASSWORD);
  e.name = "Đặng Thị Giang";
  code = receive (window, &e, NULL, NULL);
  view = open_dossier (window, code);
  act (view, MC_ACTION_ASSIGN, &(Answers) { .officer = JUSTICE });

  /* The first request asks for no more than the reason. */
  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  dialog = start (view, MC_ACTION_REQUEST_SUPPLEMENT);
  g_assert_null (mc_ui_find (GTK_WIDGET (dialog), "first-time-reason"));
  fill (dialog, &(Answers) { .note = "Thiếu bản sao giấy chứng nhận kết hôn" });
  g_assert_false (mc_ui_respond (dialog, "apply"));
  mc_ui_respond (mc_ui_dialog (), "close");

  mc_ui_sign_in (window, DESK, PASSWORD);
  view = open_dossier (window, code);
  act (view, MC_ACTION_SUPPLEMENT_RECEIVED, NULL);

  /* The second: refused until it says why it was not asked the first time. */
  mc_ui_sign_in (window, JUSTICE, PASSWORD);
  view = open_dossier (window, code);
  dialog = start (view, MC_ACTION_REQUEST_SUPPLEMENT);
  g_assert_nonnull (mc_ui_find (GTK_WIDGET (dialog), "first-time-reason"));
  fill (dialog, &(Answers) { .note = "Thiếu giấy chứng tử của cha" });
  mc_ui_shot (GTK_WIDGET (dialog), "second-supplement");
  g_assert_true (mc_ui_respond (dialog, "apply"));
  g_assert_true (gtk_widget_has_css_class (mc_ui_find (GTK_WIDGET (dialog), "first-time-reason"),
                                           "error"));
  d = read_dossier (window, code);
  g_assert_cmpint (d->supplement_count, ==, 1);
  g_assert_cmpint (d->status, ==, MC_STATUS_PROCESSING);
  g_clear_pointer (&d, mc_dossier_free);
  mc_ui_type (mc_ui_find (GTK_WIDGET (dialog), "first-time-reason"), why);
  g_assert_false (mc_ui_respond (dialog, "apply"));
  mc_ui_respond (mc_ui_dialog (), "close");
  d = read_dossier (window, code);
  g_assert_cmpint (d->supplement_count, ==, 2);
  g_assert_cmpint (d->status, ==, MC_STATUS_SUPPLEMENT);

  g_assert_cmpuint (controller_second_supplements (window), ==, listed + 1);
  mc_ui_shot (GTK_WIDGET (window), "today-second-supplement");
}

static void
test_second_supplement (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_second_supplement, j);
  journey_free (j);
}

static gboolean
view_shows_withdrawn (McDossierView *view)
{
  return mc_dossier_view_get_dossier (view)->status == MC_STATUS_WITHDRAWN;
}

/* Issue 10 §1: the desk decides on a dossier while another workstation changes it (the citizen
 * withdrew it at the other counter). The decision is refused with core's sentence, nothing is
 * written, and the window shows the dossier as it is now; a dossier window left open follows
 * what the other workstation does. */
static void
journey_changed_elsewhere (McWindow *window,
                           gpointer  data)
{
  Journey *j = data;
  g_autofree char *code = NULL;
  g_autoptr(McStore) other = NULL;
  g_autoptr(McDossier) withdrawn = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) me = NULL;
  AdwMessageDialog *dialog;
  McDossierView *view;
  Applicant g = an;

  mc_ui_sign_in (window, DESK, PASSWORD);
  g.name = "Đặng Thị Giang";
  code = receive (window, &g, NULL, NULL);
  view = open_dossier (window, code);
  dialog = start (view, MC_ACTION_ASSIGN);
  mc_ui_choose_officer (dialog, JUSTICE);

  /* The other counter, on its own connection to the same database. */
  other = mc_store_open (j->db, &error);
  g_assert_no_error (error);
  me = mc_store_get_officer (other, mc_window_get_officer (window)->id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_workflow_apply (other, me->id, mc_dossier_view_get_dossier (view)->id,
                                    MC_ACTION_WITHDRAW,
                                    &(McActionArgs) { .note = "Công dân xin rút hồ sơ" }, &error));
  g_assert_no_error (error);
  withdrawn = read_dossier (window, code);

  /* The assignment is refused: its dialog closes, core's sentence is shown. */
  g_assert_false (mc_ui_respond (dialog, "apply"));
  dialog = mc_ui_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), code));
  mc_ui_shot (GTK_WIDGET (dialog), "changed-elsewhere");
  mc_ui_respond (dialog, "close");
  after = read_dossier (window, code);
  g_assert_cmpint (after->version, ==, withdrawn->version);
  g_assert_cmpint (after->handler_id, ==, 0);
  g_assert_cmpint (after->status, ==, MC_STATUS_WITHDRAWN);
  g_assert_cmpint (mc_dossier_view_get_dossier (view)->status, ==, MC_STATUS_WITHDRAWN);
  g_assert_null (mc_ui_find (GTK_WIDGET (view), mc_action_to_verb (MC_ACTION_ASSIGN)));
  g_assert_true (gtk_widget_get_visible (mc_ui_child (view, MC_TYPE_DOSSIER_VIEW,
                                                      "no_actions_label")));

  /* A dossier window left open shows, by itself, what the other counter does to it. */
  {
    g_autofree char *second = NULL;
    McDossierView *open_view;
    Applicant h = an;

    h.name = "Đặng Văn Hải";
    second = receive (window, &h, NULL, NULL);
    open_view = open_dossier (window, second);
    g_assert_cmpint (mc_dossier_view_get_dossier (open_view)->status, ==, MC_STATUS_RECEIVED);
    g_assert_true (mc_workflow_apply (other, me->id, mc_dossier_view_get_dossier (open_view)->id,
                                      MC_ACTION_WITHDRAW,
                                      &(McActionArgs) { .note = "Công dân xin rút hồ sơ" },
                                      &error));
    g_assert_no_error (error);
    g_assert_true (mc_ui_wait ((gboolean (*) (gpointer)) view_shows_withdrawn, open_view, 10));
    g_assert_true (gtk_widget_get_visible (mc_ui_child (open_view, MC_TYPE_DOSSIER_VIEW,
                                                        "no_actions_label")));
  }
}

static void
test_changed_elsewhere (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_changed_elsewhere, j);
  journey_free (j);
}

/* Issue 9, item 2: the administrator turned off his own "active" switch and the window crashed.
 * Core refuses with a sentence and the switch goes back on. */
static void
journey_own_account (McWindow *window,
                     gpointer  data)
{
  McPreferencesWindow *prefs;
  GtkWidget *row, *sw;
  g_autoptr(McOfficer) me = NULL;

  mc_ui_sign_in (window, ADMIN, PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = MC_PREFERENCES_WINDOW (mc_ui_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  row = mc_ui_find (GTK_WIDGET (prefs), "officer-quantri");
  g_assert_nonnull (row);
  sw = mc_ui_find (row, "active");
  g_assert_true (GTK_IS_SWITCH (sw));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  /* The Officers page, as its tab shows it. */
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
                                           ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (sw, ADW_TYPE_PREFERENCES_PAGE)));
  mc_ui_iterate ();
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  mc_ui_iterate ();
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  me = mc_store_get_officer (mc_window_get_store (window),
                             mc_window_get_officer (window)->id, NULL);
  g_assert_true (me->active);
  mc_ui_shot (GTK_WIDGET (prefs), "preferences-own-account");
  g_assert_cmpstr (mc_preferences_window_get_last_message (prefs), ==,
                   T ("You cannot disable your own account: another administrator can."));
}

static void
test_own_account (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_own_account, j);
  journey_free (j);
}

/* ---- A leader's new key, confirmed through the window ---- */

#define CHAIRMAN "Ngô Quang Vinh"
#define NEW_PASSWORD "Mat-khau-moi-2026"

static GtkWidget *
key_row (McWindow *window, const char *name)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");

  return mc_ui_find (GTK_WIDGET (mc_signing_page_get_keys_list (MC_SIGNING_PAGE (page))), name);
}

static gboolean
keys_idle (gpointer data)
{
  McWindow *window = data;
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");

  return gtk_widget_get_sensitive (GTK_WIDGET (mc_signing_page_get_keys_list (MC_SIGNING_PAGE (page))));
}

static gboolean
key_dialog_shown (gpointer data)
{
  McWindow *window = data;
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");

  return mc_signing_page_get_dialog (MC_SIGNING_PAGE (page)) != NULL;
}

/* Answers the leader's password dialog of the keys with PASSWORD and waits for the worker. */
static void
answer_key_dialog (McWindow *window, const char *response, const char *password)
{
  GtkWidget *page = mc_ui_child (window, MC_TYPE_WINDOW, "signing_page");
  AdwMessageDialog *dialog = mc_signing_page_get_dialog (MC_SIGNING_PAGE (page));

  g_assert_nonnull (dialog);
  mc_ui_type (adw_message_dialog_get_extra_child (dialog), password);
  mc_ui_respond (dialog, response);
  g_assert_true (mc_ui_wait ((gboolean (*) (gpointer)) keys_idle, window, 60));
}

static void
journey_new_key (McWindow *window,
                 gpointer  data)
{
  McPreferencesWindow *prefs;
  GtkWidget *row, *button;
  McStore *store;
  g_autoptr(McOfficer) vice = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(McCheckpoint) checkpoint = NULL;
  McSignatureKeyInfo *own = NULL;
  g_autoptr(GError) error = NULL;

  /* The administrator sets a new password for the vice-chairman, who had forgotten his. */
  mc_ui_sign_in (window, ADMIN, PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = MC_PREFERENCES_WINDOW (mc_ui_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  row = mc_ui_find (GTK_WIDGET (prefs), "officer-phochutich1");
  g_assert_nonnull (row);
  button = mc_ui_find (row, "password");
  g_assert_true (GTK_IS_BUTTON (button));
  mc_ui_click (button);
  {
    AdwMessageDialog *dialog = mc_ui_dialog ();

    mc_ui_type (g_object_get_data (G_OBJECT (dialog), "entry"), NEW_PASSWORD);
    g_assert_false (mc_ui_respond (dialog, "apply"));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  mc_ui_iterate ();

  /* His next sign-in makes a new key, which cannot sign until the chairman confirms it. */
  mc_ui_sign_in (window, VICE, NEW_PASSWORD);
  mc_ui_section (window, "signing");
  row = key_row (window, "own-key");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  mc_ui_shot (GTK_WIDGET (window), "signing-own-key-waits");
  store = mc_window_get_store (window);
  vice = mc_store_get_officer (store, mc_window_get_officer (window)->id, NULL);

  /* The chairman sees it waiting, compares the fingerprint, and confirms with his password:
   * a wrong one is asked again with the reason. */
  mc_ui_sign_in (window, CHAIRMAN, PASSWORD);
  mc_ui_section (window, "signing");
  g_assert_null (key_row (window, "own-key"));
  row = key_row (window, "waiting-key");
  g_assert_nonnull (row);
  mc_ui_shot (GTK_WIDGET (window), "signing-key-to-confirm");
  row = key_row (window, "waiting-key");
  mc_ui_click (mc_ui_find_button (row, T ("C_onfirm…")));
  answer_key_dialog (window, "confirm", "sai-mat-khau");
  g_assert_true (mc_ui_wait ((gboolean (*) (gpointer)) key_dialog_shown, window, 10));
  answer_key_dialog (window, "confirm", PASSWORD);
  g_assert_null (key_row (window, "waiting-key"));

  /* And signs a checkpoint of the audit log. */
  g_assert_null (mc_checkpoint_get_last (store, NULL));
  mc_ui_click (key_row (window, "checkpoint-button"));
  answer_key_dialog (window, "checkpoint", PASSWORD);
  checkpoint = mc_checkpoint_get_last (store, &error);
  g_assert_no_error (error);
  g_assert_true (checkpoint->valid);
  g_assert_cmpstr (checkpoint->officer_name, ==, CHAIRMAN);

  /* The vice-chairman's key now signs. */
  waiting = mc_signature_list_waiting (store, vice->id, &own, &error);
  g_assert_no_error (error);
  g_assert_null (own);
  g_ptr_array_set_size (waiting, 0);
  mc_ui_sign_in (window, VICE, NEW_PASSWORD);
  mc_ui_section (window, "signing");
  g_assert_null (key_row (window, "own-key"));
  g_assert_nonnull (key_row (window, "keys-row"));
  g_assert_null (key_row (window, "checkpoint-button"));
}

static void
test_new_key (void)
{
  Journey *j;

  if (!mc_ui_have_display ())
    return;
  j = journey_new ();
  mc_ui_run (j->db, NULL, journey_new_key, j);
  journey_free (j);
}

int
main (int   argc,
      char *argv[])
{
  /* As main.c does: the window speaks the language of the environment. */
  mc_paths_init_i18n (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journey/signed", test_signed);
  g_test_add_func ("/journey/refused-online", test_refused);
  g_test_add_func ("/journey/withdrawn", test_withdrawn);
  g_test_add_func ("/journey/late-online", test_late_online);
  g_test_add_func ("/journey/apology", test_apology);
  g_test_add_func ("/journey/sent-back", test_sent_back);
  g_test_add_func ("/journey/second-supplement", test_second_supplement);
  g_test_add_func ("/journey/changed-elsewhere", test_changed_elsewhere);
  g_test_add_func ("/journey/own-account", test_own_account);
  g_test_add_func ("/journey/new-key", test_new_key);
  return g_test_run ();
}
