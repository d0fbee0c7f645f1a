/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "mc-attachment.h"

G_BEGIN_DECLS

/* A document's slot: its pages as thumbnails (each opens full size), "Chọn tệp" and "Quét".
 * Files chosen or scanned are checked by core (mc_attachment_validate) as they come; a refused
 * one is said through the "refused" signal and not kept. The owner reads the files and stores
 * them (at intake, with the dossier). For tests, MOTCUA_TEST_CHOOSE_FILE names the file(s)
 * (separated by ':') the chooser would return. */
#define MC_TYPE_ATTACH_SLOT (mc_attach_slot_get_type ())
G_DECLARE_FINAL_TYPE (McAttachSlot, mc_attach_slot, MC, ATTACH_SLOT, GtkBox)

GtkWidget *mc_attach_slot_new          (void);
/* Adds BYTES (NAME: the file's name, NULL for a scan) after checking them: FALSE when refused. */
gboolean   mc_attach_slot_add          (McAttachSlot *self, GBytes *bytes, const char *name);
/* Adds an earlier scan reused (attachment REUSE_OF; BYTES for its thumbnail), hiding the offer. */
void       mc_attach_slot_add_reused   (McAttachSlot *self, gint64 reuse_of, GBytes *bytes,
                                        const char *mime);
/* Shows the offer of an earlier scan with LABEL ("Dùng bản quét ngày …"), NULL to hide it;
 * when it is clicked the slot emits "reuse". */
void       mc_attach_slot_set_offer    (McAttachSlot *self, const char *label);
GtkWidget *mc_attach_slot_get_offer_button (McAttachSlot *self);
/* Whether each new file's thumbnail has a button that takes it out (the intake form, where
 * nothing is stored until the dossier is received). */
void       mc_attach_slot_set_removable (McAttachSlot *self, gboolean removable);
/* Thumbnails that show their page (a PDF's first page once drawn), not an icon. */
guint      mc_attach_slot_count_pictures   (McAttachSlot *self);
/* The button that takes the Nth thumbnail's file out before it is stored; NULL for a stored one. */
GtkWidget *mc_attach_slot_get_remove_button (McAttachSlot *self, guint n);
/* Shows a stored file (a thumbnail, without keeping it among the new files). */
void       mc_attach_slot_show_stored  (McAttachSlot *self, GBytes *bytes, const char *mime);
/* The files added (McAttachmentFile*, position -2 until the owner sets it). */
GPtrArray *mc_attach_slot_get_files    (McAttachSlot *self);
void       mc_attach_slot_clear        (McAttachSlot *self);
guint      mc_attach_slot_count_thumbnails (McAttachSlot *self);
GtkWidget *mc_attach_slot_get_choose_button (McAttachSlot *self);
GtkWidget *mc_attach_slot_get_scan_button   (McAttachSlot *self);
/* Shown once the slot holds stored files: when pressed, the next files supersede them. */
GtkWidget *mc_attach_slot_get_rescan_button (McAttachSlot *self);
gboolean   mc_attach_slot_get_replace       (McAttachSlot *self);
/* FALSE: the files are shown, and nothing can be added (core's rule said no). */
void       mc_attach_slot_set_editable      (McAttachSlot *self, gboolean editable);
/* Opens a stored file full size for FROM's window, in a window of its own: an image, or a PDF's
 * pages (at most 30), drawn off the main thread. */
void       mc_attach_slot_open_bytes        (GtkWidget *from, GBytes *bytes);

G_END_DECLS
