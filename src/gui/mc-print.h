/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mc-report.h"

G_BEGIN_DECLS

/* Prints form FORM of the dossier CODE (GtkPrintOperation, one page of the document per printed
 * page), or says in a dialog why it cannot be made. */
void mc_print_form      (GtkWindow  *parent,
                         McStore    *store,
                         McFormKind  form,
                         const char *code);
/* Asks where to save form FORM of CODE as PDF, then writes it. */
void mc_print_form_pdf  (GtkWindow  *parent,
                         McStore    *store,
                         McFormKind  form,
                         const char *code);

G_END_DECLS
