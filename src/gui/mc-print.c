/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "mc-print.h"

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                McDocument        *doc)
{
  gtk_print_operation_set_n_pages (operation, mc_document_get_n_pages (doc));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              McDocument        *doc)
{
  /* The document draws in points from the page's corner; the context's origin is the printable
   * area's, so move back by the printer's margins. */
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);

  cairo_translate (cr, -gtk_page_setup_get_left_margin (setup, GTK_UNIT_POINTS),
                   -gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS));
  mc_document_draw_page (doc, cr, page);
}

static McDocument *
make_form (GtkWindow  *parent,
           McStore    *store,
           McFormKind  form,
           const char *code)
{
  g_autoptr(GError) error = NULL;
  McReportOptions options = { 0 };
  McDocument *doc = mc_form_new (store, form, code, &options, &error);

  if (doc == NULL)
    show_error (parent, _("The Form Could Not Be Made"), error->message);
  return doc;
}

void
mc_print_form (GtkWindow  *parent,
               McStore    *store,
               McFormKind  form,
               const char *code)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  McDocument *doc = make_form (parent, store, form, code);

  if (doc == NULL)
    return;

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, code);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), doc);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), doc);
  g_object_set_data_full (G_OBJECT (operation), "document", doc, (GDestroyNotify) mc_document_free);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, _("The Form Was Not Printed"), error->message);
}

typedef struct {
  GtkWindow  *parent;
  McDocument *doc;
} PdfJob;

static void
pdf_job_free (PdfJob *job)
{
  g_clear_object (&job->parent);
  mc_document_free (job->doc);
  g_free (job);
}

static void
pdf_response_cb (GtkNativeDialog *native,
                 int              response,
                 PdfJob          *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        show_error (job->parent, _("The PDF Was Not Saved"),
                    _("Only a folder on this computer or a mounted drive can be chosen."));
      else if (!mc_document_write_pdf (job->doc, path, &error))
        show_error (job->parent, _("The PDF Was Not Saved"), error->message);
    }
  pdf_job_free (job);
  g_object_unref (native);
}

void
mc_print_form_pdf (GtkWindow  *parent,
                   McStore    *store,
                   McFormKind  form,
                   const char *code)
{
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  PdfJob *job;
  McDocument *doc = make_form (parent, store, form, code);

  if (doc == NULL)
    return;

  job = g_new0 (PdfJob, 1);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->doc = doc;
  native = gtk_file_chooser_native_new (_("Export to PDF"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* TRANSLATORS: file name of a printed form: "mau-01-H56.22-240105-0001.pdf" */
  name = g_strdup_printf (_("form-%02d-%s.pdf"), form, code);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (pdf_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
