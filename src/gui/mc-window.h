/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-backup.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow *mc_window_new         (McApplication *application);
McStore  *mc_window_get_store   (McWindow      *self);
void      mc_window_set_store   (McWindow      *self,
                                 McStore       *store);
/* Opens (creating when missing) the database at PATH off the main thread, showing progress.
 * A database without a catalogue gets the defaults; with DEMO, one without dossiers is filled
 * with the demo commune. On failure the window shows core's sentence and lets the user choose
 * another file. */
void      mc_window_open        (McWindow      *self,
                                 const char    *path,
                                 gboolean       demo);
/* TRUE while a database is being opened or created. */
gboolean  mc_window_get_busy    (McWindow      *self);
/* Shows the section NAME ("overview", …); FALSE when there is no such section. */
gboolean  mc_window_set_section (McWindow      *self,
                                 const char    *name);

/* The page of the manual (help/C) for what the window shows now: what F1 opens. */
const char *mc_window_get_help_page (McWindow     *self);

/* The officer signed in (the actor of every change), or NULL while the sign-in page shows. */
McOfficer *mc_window_get_officer     (McWindow      *self);
/* Signs in as USERNAME with PASSWORD as soon as a database is open (--user, --password). */
void       mc_window_set_auto_sign_in (McWindow     *self,
                                       const char   *username,
                                       const char   *password);

/* Opens the dossier CODE for the officer signed in; NULL (with core's sentence in a toast) when
 * nobody is signed in or there is no such dossier. On the signing page a leader reviews it in
 * place: NULL too, the window shows it. */
GtkWindow *mc_window_show_dossier    (McWindow      *self,
                                      const char    *code);

/* Looks now for changes made elsewhere (the window does every second while it is active) and
 * refreshes what it shows (tests). */
void         mc_window_check_changes (McWindow *self);

/* Whether the window says that the commune's server cannot be reached. */
gboolean      mc_window_get_connection_lost (McWindow *self);
/* The desktop notifications this window sent (a dossier arrived in a leader's signing queue, an
 * online dossier past 6 of its 8 hours), and in LAST (may be NULL) the last one's dossier. */
guint         mc_window_get_notified    (McWindow *self,
                                         gint64   *last);
/* Presents the window and opens dossier ID (what clicking a notification does). */
void          mc_window_open_dossier_id (McWindow *self,
                                         gint64    id);

/* The header's warning about backups (NULL: none shown), and whether the daily one is being
 * written. */
const char *mc_window_get_backup_warning (McWindow *self);
gboolean    mc_window_get_backing_up     (McWindow *self);

/* Replaces the window's database by the backup FILE checked in RESTORE (mc_backup_restore_check
 * of this window's database; the window takes it): the window closes what holds the database
 * (its dossier windows, the preferences, its connections), core sets the database aside and
 * puts the copy in its place, and the database opens again at the sign-in page. A dialog then
 * says where the replaced database was kept, or core's sentence and that nothing was changed.
 * Refused with core's sentence unless an administrator is signed in (mc_backup_may_restore).
 * mc_window_get_restoring: from the call until that dialog is answered. */
void        mc_window_restore            (McWindow        *self,
                                          McBackupRestore *restore,
                                          const char      *file);
gboolean    mc_window_get_restoring      (McWindow        *self);

G_END_DECLS
