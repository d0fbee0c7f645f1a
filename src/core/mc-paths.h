/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a program finds its translations and settings schema, so that it speaks the user's
 * language however it is started (DESIGN.md, "Running uninstalled"):
 *   1. the folder an environment variable names (MOTCUA_LOCALEDIR, GSETTINGS_SCHEMA_DIR);
 *   2. the build folder, when the program runs from one (build/src/cli/motcua-cli): its po/ and
 *      resources/, so an uninstalled build uses its own, current catalogues;
 *   3. the installation the program sits in, found from its own place (<prefix>/bin/..), so a
 *      copy installed with DESTDIR or unpacked into a folder on Windows finds its data;
 *   4. the folders chosen when it was built (LOCALEDIR; the system's schema folders).
 * ARGV0 is the program's argv[0], used where the system cannot say where the program is. */

/* The folder of the program's executable, or NULL. */
char *mc_paths_program_dir (const char *argv0);
/* The folder of compiled translations (<dir>/<lang>/LC_MESSAGES/motcua.mo). */
char *mc_paths_locale_dir  (const char *argv0);
/* The folder of the compiled settings schema, or NULL when the system's folders hold it. */
char *mc_paths_schema_dir  (const char *argv0);

/* setlocale (LC_ALL, "") and the gettext domain bound to mc_paths_locale_dir, in UTF-8. */
void  mc_paths_init_i18n   (const char *argv0);

G_END_DECLS
