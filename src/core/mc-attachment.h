/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Digitisation (docs/domain.md §5): scans and files attached to a dossier's documents and to its
 * result, checked by their bytes, stored once per SHA-256, every attachment in the audit log; the
 * dossier's digitisation flags derived from them. */

#include "mc-store.h"

G_BEGIN_DECLS

/* The largest file taken, in bytes, and the largest image, in pixels. */
#define MC_ATTACHMENT_MAX_BYTES  (20 * 1024 * 1024)
#define MC_ATTACHMENT_MAX_PIXELS (100 * 1000 * 1000)

/* One file to attach: to the document at POSITION (from 0) or to the result
 * (MC_ATTACHMENT_RESULT). NAME is the file's name, or NULL for a scan. */
typedef struct {
  int     position;
  GBytes *bytes;
  char   *name;
} McAttachmentFile;

McAttachmentFile *mc_attachment_file_new  (int position, GBytes *bytes, const char *name);
void              mc_attachment_file_free (McAttachmentFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAttachmentFile, mc_attachment_file_free)

/* Whether BYTES are a file the dossier can keep: a PDF that opens, a whole JPEG or PNG of at
 * most 100 megapixels, at most 20 MB. On success *MIME (if not NULL) is what the bytes are; on
 * refusal the error (MC_ERROR_INVALID) says why in a sentence for the desk, naming NAME. */
gboolean  mc_attachment_validate (GBytes *bytes, const char *name, char **mime, GError **error);

/* Attaches FILES (McAttachmentFile*) to dossier DOSSIER_ID as ACTOR_ID, in one transaction with
 * their audit records and the dossier's derived flags; every file is checked first and a bad one
 * keeps nothing. With REPLACE (a rescan) the files each named position held are superseded:
 * kept in the history, no longer counted. Who may attach to the result, and when, is
 * mc_attachment_may_attach_result's rule; the files a signature covers are never replaced.
 * *HASHES (if not NULL) gets the SHA-256 of each file, in order. */
gboolean  mc_dossier_attach     (McStore *store, gint64 actor_id, gint64 dossier_id,
                                 GPtrArray *files, gboolean replace, GPtrArray **hashes,
                                 GError **error);

/* The rule of the result's files. The specialist who handles dossier D attaches the electronic
 * result (the draft certificate as a PDF, say) while the dossier is with them: status 4, before
 * it is submitted for signature or after it was sent back; the leader's signature then covers
 * the SHA-256 of every current result file (mc-signature.h). Once the result is recorded
 * (statuses 9 and 10) whoever handles dossiers attaches the scan of the signed paper, which the
 * signature does not cover. ACTOR_ID 0 (the program itself) is held to the status rule only.
 * FALSE with ERROR (MC_ERROR_TRANSITION or MC_ERROR_PERMISSION) saying why, otherwise. */
gboolean  mc_attachment_may_attach_result (const McDossier *d, McRole role, gint64 actor_id,
                                           GError **error);

/* For the workflow: FILES checked (their types appended to MIMES), then written inside the
 * caller's transaction. */
gboolean  mc_attachment_check_files        (GPtrArray *files, GPtrArray *mimes, GError **error);
gboolean  mc_dossier_attach_in_transaction (McStore *store, gint64 actor_id, gint64 dossier_id,
                                            GPtrArray *files, GPtrArray *mimes,
                                            gboolean replace, GPtrArray *hashes,
                                            GError **error);

/* The flags a dossier handled in the app has from its files: its input is digitised when it has
 * documents and each one received has a current file, its result when the result has one. An
 * imported dossier keeps the flags of its CSV, which its files can raise but never lower.
 * Inside the caller's transaction; writes the flags when they change. */
gboolean  mc_dossier_derive_digitized (McStore *store, gint64 dossier_id, McTime at,
                                       GError **error);

G_END_DECLS
