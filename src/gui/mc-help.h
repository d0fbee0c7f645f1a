/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The user manual (help/): which page answers what is on screen, and how it is opened. The
 * choices are plain functions, tested without a display and without launching anything. */

/* The page of the manual (a Mallard page id of help/C) for what the main window shows: STATE is
 * the name of its state_stack page ("signin", "main"…), SECTION that of its section_stack
 * ("intake", "queues"…). Anything unknown gets the manual's front page, "index". */
const char *mc_help_page_for_view   (const char *state,
                                     const char *section);

/* The page for WINDOW: the main window's section, the dossier's page for a dossier window, the
 * administration page for the preferences; a dialog takes the page of the window it is over. */
const char *mc_help_page_for_window (GtkWindow  *window);

/* The URI that shows PAGE: "help:motcua/PAGE" when YELP (Yelp can show the installed manual);
 * otherwise the file:// URI of DIR/LANG/PAGE.html for the first LANG of LANGUAGES (most wanted
 * first, as g_get_language_names() gives them; "C" is the English manual) and, for each language,
 * the first DIR of HTML_DIRS that has it. NULL when no copy of the page exists. */
char       *mc_help_uri_for_page    (const char         *page,
                                     gboolean            yelp,
                                     const char * const *languages,
                                     const char * const *html_dirs);

/* The same with this machine's facts. Run uninstalled (MOTCUA_HELP_HTMLDIR, set by meson devenv
 * and the tests, names the build's HTML), the build's copy; installed, Yelp when it is there
 * and finds the manual, else the installed HTML in the web browser. */
char       *mc_help_uri             (const char *page);

/* Opens PAGE over PARENT; a dialog says why when the manual cannot be shown. */
void        mc_help_show            (GtkWindow  *parent,
                                     const char *page);

/* F1 in WINDOW opens its page (mc_help_page_for_window), for the windows the application's
 * accelerator does not reach: dossier windows, preferences, dialogs. Adding it twice is harmless. */
void        mc_help_add_shortcut    (GtkWindow  *window);

G_END_DECLS
