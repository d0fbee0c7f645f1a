/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-document.h"
#include "mc-report.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* Printing and PDF export of the documents of src/report. Both take DOC (freed when done): the
 * print operation and the file chooser outlive the call. Errors are shown to the user in a
 * message dialog over PARENT. */

/* The system print dialog (with its preview) for DOC on A4, then printing in the background. */
void         mc_print_document        (GtkWindow  *parent,
                                       McDocument *doc,
                                       const char *job_name);
/* A modal save dialog titled TITLE for a PDF, proposing SUGGESTED_NAME (may be NULL); shown and
 * answered by the caller. */
GtkFileChooserNative *mc_pdf_chooser_new (GtkWindow  *parent,
                                          const char *title,
                                          const char *suggested_name);
/* A save dialog proposing SUGGESTED_NAME, then the PDF written there. */
void         mc_export_document_pdf   (GtkWindow  *parent,
                                       McDocument *doc,
                                       const char *suggested_name);
/* The same print operation as mc_print_document in export mode: writes DOC to PATH as PDF with
 * no dialog (needs a display). Does not take DOC. */
gboolean     mc_print_document_export (McDocument  *doc,
                                       const char  *path,
                                       GError     **error);

/* Building a document reads much of the store: done in a thread, on a connection of its own to
 * the database of STORE. */
void         mc_build_report_async    (McStore               *store,
                                       McReportKind           kind,
                                       const McReportOptions *options,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
/* Forms 01–05 of the dossier CODE (dated today). */
void         mc_build_form_async      (McStore               *store,
                                       McFormKind             form,
                                       const char            *code,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
McDocument  *mc_build_document_finish (GAsyncResult          *result,
                                       GError               **error);

/* Prints form FORM (01–05) of the dossier CODE through the print dialog, or says in a dialog why
 * it cannot be made: what a page showing a dossier calls for its Print button. */
void         mc_print_form            (GtkWindow  *parent,
                                       McStore    *store,
                                       McFormKind  form,
                                       const char *code);
/* Asks where to save form FORM of CODE as PDF, then writes it. */
void         mc_print_form_pdf        (GtkWindow  *parent,
                                       McStore    *store,
                                       McFormKind  form,
                                       const char *code);

/* The error sentence in a message dialog over PARENT, titled HEADING. */
void         mc_print_show_error      (GtkWindow    *parent,
                                       const char   *heading,
                                       const GError *error);

G_END_DECLS
