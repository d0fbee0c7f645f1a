/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Scanning through SANE, on a worker thread: a dialog with the device, the resolution, colour or
 * grey and the number of pages; each page comes back as a JPEG (GBytes*). DONE gets the pages
 * (NULL when cancelled or failed) and a sentence when something went wrong. */
typedef void (*McScanDone) (GPtrArray *pages, const char *error, gpointer data);

void        mc_scan_run_dialog (GtkWidget *parent, McScanDone done, gpointer data);

/* The same without a dialog, for the dialog itself and for measuring: scans N_PAGES pages from
 * DEVICE at DPI, in colour or grey, at most A4. Blocking; call it from a thread. */
GPtrArray  *mc_scan_pages      (const char *device, int dpi, gboolean colour, int n_pages,
                                GError **error);
/* The devices SANE finds ("test:0"…), NULL-terminated; blocking. */
char      **mc_scan_list_devices (GError **error);

G_END_DECLS
