/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Driving the real application in a GUI test, as an officer would: sign in, click a button,
 * type in an entry, answer a dialog, save a PDF through the file chooser. Every function fails
 * the test (g_assert) when the widget it needs is not there. */

#include <adwaita.h>

#include "mc-dossier-view.h"
#include "mc-queue-page.h"
#include "mc-window.h"

G_BEGIN_DECLS

typedef void (*McUiJourney) (McWindow *window, gpointer data);

/* Whether a display is there (else the test is skipped). */
gboolean          mc_ui_have_display   (void);
/* Runs the application on the database DB (with EXTRA arguments, NULL-terminated, may be NULL);
 * once its window is ready, JOURNEY runs in the main loop; then every window is closed and the
 * application quits. Fails the test unless JOURNEY ran to its end. */
void              mc_ui_run            (const char          *db,
                                        const char * const  *extra,
                                        McUiJourney          journey,
                                        gpointer             data);

/* Lets GTK handle what is pending (signals, idles, a frame). */
void              mc_ui_iterate        (void);
/* Iterates until COND (DATA) holds, at most SECONDS; returns whether it held. */
gboolean          mc_ui_wait           (gboolean           (*cond) (gpointer data),
                                        gpointer             data,
                                        int                  seconds);

/* A template child of WIDGET's class TYPE. */
GtkWidget        *mc_ui_child          (gpointer             widget,
                                        GType                type,
                                        const char          *name);
/* The first descendant of ROOT named NAME (gtk_widget_set_name), or NULL. */
GtkWidget        *mc_ui_find           (GtkWidget           *root,
                                        const char          *name);
/* The first visible GtkButton under ROOT whose label is LABEL (mnemonic underscores ignored). */
GtkWidget        *mc_ui_find_button    (GtkWidget           *root,
                                        const char          *label);
/* Clicks BUTTON (it must be sensitive) and lets GTK handle it. */
void              mc_ui_click          (GtkWidget           *button);
/* Replaces the text of an entry, entry row or text view. */
void              mc_ui_type           (GtkWidget           *field,
                                        const char          *text);
/* The newest visible window of TYPE, or NULL. */
GtkWindow        *mc_ui_toplevel       (GType                type);
/* The message dialog shown now (asserted). */
AdwMessageDialog *mc_ui_dialog         (void);
/* Clicks the button of RESPONSE in DIALOG, as the officer would; returns whether DIALOG is still
 * shown (a refusal keeps it open). */
gboolean          mc_ui_respond        (AdwMessageDialog    *dialog,
                                        const char          *response);
/* The text of the error line inside an action's dialog (empty when hidden). */
const char       *mc_ui_dialog_error   (AdwMessageDialog    *dialog);
/* Destroys every dialog and dossier window left open. */
void              mc_ui_close_windows  (void);

/* Switches user through the window (if someone is signed in), chooses NAME in the sign-in list,
 * types PASSWORD and clicks Sign In; asserts NAME is signed in. */
void              mc_ui_sign_in        (McWindow            *window,
                                        const char          *name,
                                        const char          *password);
/* At the commune's server (the sign-in page asks for a user name): types USERNAME and PASSWORD
 * and clicks Sign In; asserts the window is connected as USERNAME. mc_ui_sign_in takes the
 * user name there for NAME. */
void              mc_ui_sign_in_server (McWindow            *window,
                                        const char          *username,
                                        const char          *password);
/* Shows section NAME of the window, as its sidebar does. */
void              mc_ui_section        (McWindow            *window,
                                        const char          *name);

/* Shows the queues and types CODE in their search; waits for the one row. */
McQueuePage      *mc_ui_find_in_queue  (McWindow            *window,
                                        const char          *code);
/* Finds CODE in the queue by its search and opens it with Enter (the dossier windows open
 * before are closed first). */
McDossierView    *mc_ui_open_dossier   (McWindow            *window,
                                        const char          *code);
/* Selects the officer NAME in an assignment dialog's list (fails when not offered). */
void              mc_ui_choose_officer (AdwMessageDialog    *dialog,
                                        const char          *name);

/* With MOTCUA_TEST_SHOTS=DIR, saves WIDGET's window (a dialog over its parent) as
 * DIR/NN-NAME.png, to look at; does nothing otherwise. mc_ui_respond takes one of each dialog
 * before answering it. */
void              mc_ui_shot           (GtkWidget           *widget,
                                        const char          *name);

/* Waits for the file chooser a PDF export opens, saves to PATH there, waits for the file and
 * returns its text (pdftotext). */
char             *mc_ui_save_pdf       (const char          *path);

G_END_DECLS
