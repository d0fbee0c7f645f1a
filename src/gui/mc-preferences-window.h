/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The administrator's settings: the agency, office hours, the days off and Saturdays worked of
 * each year, the yearly targets, and the officers with their roles and passwords. Every change
 * goes through core, which checks the actor is an administrator; its sentence is shown when not. */
#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

McPreferencesWindow *mc_preferences_window_new (GtkWindow       *parent,
                                                McStore         *store,
                                                const McOfficer *officer);

/* Core's last answer (what was saved, or why not), as its toast said it; NULL before any. */
const char          *mc_preferences_window_get_last_message (McPreferencesWindow *self);

/* Whether Back Up Now's copy is still being written. */
gboolean             mc_preferences_window_is_backing_up (McPreferencesWindow *self);

/* Restore a Backup… asks for the copy with the file chooser; tests name it here instead (the
 * next click takes PATH). Whether the chosen copy is still being checked. */
void                 mc_preferences_window_testing_choose_file (McPreferencesWindow *self,
                                                                const char          *path);
gboolean             mc_preferences_window_is_checking (McPreferencesWindow *self);

G_END_DECLS
