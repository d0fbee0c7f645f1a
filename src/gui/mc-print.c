/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-print.h"

/* ---- Errors ---- */

void
mc_print_show_error (GtkWindow    *parent,
                     const char   *heading,
                     const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The print operation ---- */

/* Kept for the next print of the session: the printer and its options the user chose. */
static GtkPrintSettings *last_settings;

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                McDocument        *doc)
{
  gtk_print_operation_set_n_pages (op, mc_document_get_n_pages (doc));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              McDocument        *doc)
{
  /* In points (the operation's unit), from the corner of the sheet (full page): the document
   * keeps its own margins. */
  mc_document_draw_page (doc, gtk_print_context_get_cairo_context (context), page);
}

/* An operation for DOC (not taken) on A4 in the document's orientation, drawn in points. */
static GtkPrintOperation *
new_operation (McDocument *doc,
               const char *job_name)
{
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  double width, height;

  mc_document_get_page_size (doc, &width, &height);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  if (job_name != NULL)
    gtk_print_operation_set_job_name (op, job_name);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), doc);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), doc);
  return op;
}

static void
print_done_cb (GtkPrintOperation       *op,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  GtkWindow *parent = g_object_get_data (G_OBJECT (op), "mc-parent");

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (op));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (op, &error);
      mc_print_show_error (parent, _("The Document Could Not Be Printed"), error);
    }
  /* The reference taken when the operation started. */
  g_object_unref (op);
}

void
mc_print_document (GtkWindow  *parent,
                   McDocument *doc,
                   const char *job_name)
{
  GtkPrintOperation *op;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (doc != NULL);

  op = new_operation (doc, job_name);
  g_object_set_data_full (G_OBJECT (op), "mc-document", doc, (GDestroyNotify) mc_document_free);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (op), "mc-parent", g_object_ref (parent), g_object_unref);
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (op, last_settings);
  gtk_print_operation_set_allow_async (op, TRUE);
  gtk_print_operation_set_show_progress (op, TRUE);
  g_signal_connect (op, "done", G_CALLBACK (print_done_cb), NULL);

  /* Whatever happens, "done" says it (already, or once the job is sent): errors are shown there. */
  gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
}

gboolean
mc_print_document_export (McDocument  *doc,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  op = new_operation (doc, NULL);
  mc_document_create_private (path);
  gtk_print_operation_set_export_filename (op, path);
  result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* ---- Export to PDF ---- */

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    McDocument      *doc)
{
  GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (file != NULL && path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot write to “%s”: choose a folder on this computer."), uri);
    }
  if (path != NULL)
    mc_document_write_pdf (doc, path, &error);
  if (error != NULL)
    mc_print_show_error (parent, _("The PDF Could Not Be Written"), error);

  mc_document_free (doc);
  g_object_unref (chooser);
}

GtkFileChooserNative *
mc_pdf_chooser_new (GtkWindow  *parent,
                    const char *title,
                    const char *suggested_name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  return chooser;
}

void
mc_export_document_pdf (GtkWindow  *parent,
                        McDocument *doc,
                        const char *suggested_name)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (doc != NULL);

  chooser = mc_pdf_chooser_new (parent, _("Export to PDF"), suggested_name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), doc);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Building in a thread ---- */

typedef struct {
  char           *path;
  gboolean        form;
  int             kind;          /* McReportKind, or McFormKind when FORM */
  char           *code;
  McReportOptions options;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_free (job->path);
  g_free (job->code);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  McDocument *doc;

  /* A connection of its own: the main thread's store is not shared across threads. */
  store = mc_store_open (job->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  doc = job->form ? mc_form_new (store, job->kind, job->code, &job->options, &error)
                  : mc_report_new (store, job->kind, &job->options, &error);
  if (doc == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) mc_document_free);
}

static void
start_build (McStore             *store,
             BuildJob            *job,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  job->path = g_strdup (mc_store_get_path (store));
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_thread);
}

void
mc_build_report_async (McStore               *store,
                       McReportKind           kind,
                       const McReportOptions *options,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  BuildJob *job;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (options != NULL);

  job = g_new0 (BuildJob, 1);
  job->kind = kind;
  job->options = *options;
  start_build (store, job, cancellable, callback, user_data);
}

void
mc_build_form_async (McStore             *store,
                     McFormKind           form,
                     const char          *code,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  BuildJob *job;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (code != NULL);

  job = g_new0 (BuildJob, 1);
  job->form = TRUE;
  job->kind = form;
  job->code = g_strdup (code);
  start_build (store, job, cancellable, callback, user_data);
}

McDocument *
mc_build_document_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == start_build, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- A form of a dossier ---- */

typedef struct {
  GtkWindow *parent;
  gboolean   pdf;
} FormRequest;

static void
form_built_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FormRequest *request = user_data;
  BuildJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  McDocument *doc = mc_build_document_finish (result, &error);

  if (doc == NULL)
    mc_print_show_error (request->parent, _("The Form Could Not Be Made"), error);
  else if (request->pdf)
    {
      /* TRANSLATORS: file name of a printed form: "form-01-H56.22-240105-0001.pdf" */
      g_autofree char *name = g_strdup_printf (_("form-%02d-%s.pdf"), job->kind, job->code);

      mc_export_document_pdf (request->parent, doc, name);
    }
  else
    mc_print_document (request->parent, doc, job->code);
  g_object_unref (request->parent);
  g_free (request);
}

static void
start_form (GtkWindow  *parent,
            McStore    *store,
            McFormKind  form,
            const char *code,
            gboolean    pdf)
{
  FormRequest *request;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (form >= MC_FORM_RECEIPT && form < MC_FORM_REGISTER);
  g_return_if_fail (code != NULL);

  request = g_new0 (FormRequest, 1);
  request->parent = g_object_ref (parent);
  request->pdf = pdf;
  /* One dossier: quick enough that the page needs no spinner. */
  mc_build_form_async (store, form, code, NULL, form_built_cb, request);
}

void
mc_print_form (GtkWindow  *parent,
               McStore    *store,
               McFormKind  form,
               const char *code)
{
  start_form (parent, store, form, code, FALSE);
}

void
mc_print_form_pdf (GtkWindow  *parent,
                   McStore    *store,
                   McFormKind  form,
                   const char *code)
{
  start_form (parent, store, form, code, TRUE);
}
