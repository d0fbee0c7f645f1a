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
  /* Not 0: the file is an earlier scan reused (mc_attachment_find_reusable), this attachment of
   * an earlier dossier of the same applicant: its stored bytes are named again, not copied, and
   * BYTES (which may be NULL) are not read. */
  gint64  reuse_of;
} McAttachmentFile;

McAttachmentFile *mc_attachment_file_new  (int position, GBytes *bytes, const char *name);
/* An earlier scan reused: attachment REUSE_OF at POSITION; BYTES (may be NULL) only for show. */
McAttachmentFile *mc_attachment_file_new_reused (int position, gint64 reuse_of, GBytes *bytes);
McAttachmentFile *mc_attachment_file_copy (const McAttachmentFile *f, int position);
void              mc_attachment_file_free (McAttachmentFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAttachmentFile, mc_attachment_file_free)

/* ---- Reusing a returning citizen's earlier scans (Circular 01/2023/TT-VPCP: an electronic
 * copy kept with a dossier is reused, not asked for again) ----
 *
 * Which kind of paper a document of a procedure's list is, across procedures: the catalogue has
 * no such notion, so it is read from the document's name (folded, what is in brackets left
 * out):
 *   - papers written for the one request are never reused: declarations and application forms
 *     ("Tờ khai…", "Đơn…"), drafts ("Dự thảo…"), powers of attorney ("Văn bản ủy quyền…"),
 *     the copy to be certified and the papers whose signature is certified, payment vouchers
 *     ("Chứng từ…") and the cadastral extract measured for the application ("Mảnh trích đo…");
 *   - every identity paper ("Giấy tờ tùy thân…", whoever's the catalogue says) is one kind;
 *   - any other paper is the kind of its name: the same name in two procedures is the same
 *     paper (a marriage certificate, the papers of a land-use right, a divorce judgement).
 * An earlier scan is offered for a document when, at the moment AT:
 *   - it is a current file of a document of an earlier dossier of the same applicant's ID
 *     number (a rescan superseded it: the old pages are not offered);
 *   - that dossier was accepted by the desk (not an online submission still unchecked, status
 *     1, nor one refused at intake, status 3);
 *   - both documents are of the same kind, and a reusable one;
 *   - it is still valid: an identity paper's scan for 1 year (cards are renewed and changed,
 *     the photo and the address age; the desk still sees the card itself, "xuất trình"), a
 *     certificate of marital status for 6 months (its legal validity, Decree 123/2015/NĐ-CP
 *     art. 23, counted from the scan, the latest its issue can be), other papers without limit;
 *   - for an identity paper, neither dossier was filed by a representative: the card scanned
 *     may be the representative's, who is not this applicant.
 * When several earlier dossiers qualify, the newest scan is offered, with all of its pages. */
#define MC_REUSE_IDENTITY_DAYS        365
#define MC_REUSE_MARITAL_STATUS_DAYS  183

/* The kind of the document named NAME (a folded key), NULL when papers of this name are never
 * reused; *VALID_DAYS (if not NULL) gets how long a scan of it may be reused, 0 for no limit. */
char      *mc_document_reuse_kind (const char *name, int *valid_days);

/* One earlier scan that may be offered: the pages of one document of one earlier dossier. */
typedef struct {
  gint64     dossier_id;
  char      *dossier_code;
  int        position;        /* in that dossier's documents */
  McTime     scanned_at;      /* when its last page was attached */
  GPtrArray *files;           /* McEarlierFile*, its pages in order */
} McReusableScan;

void       mc_reusable_scan_free (McReusableScan *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReusableScan, mc_reusable_scan_free)

/* The earlier files of the applicant ID_NUMBER (McEarlierFile*, newest dossier first; empty for
 * an empty number), but for dossier EXCEPT_ID. One indexed read: run it off the main thread. */
GPtrArray      *mc_attachment_find_earlier (McStore *store, const char *id_number,
                                            gint64 except_id, GError **error);
/* Of EARLIER (as mc_attachment_find_earlier gives), the scan to offer for a document named
 * DOCUMENT_NAME of a dossier (REPRESENTED: filed by a representative) at AT, by the rule above;
 * NULL when there is none. A pure function. */
McReusableScan *mc_attachment_pick_reusable (GPtrArray *earlier, const char *document_name,
                                             gboolean represented, McTime at);

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

/* The word a person knows a file's type by ("PDF", "JPEG", "PNG"); MIME itself otherwise. */
const char *mc_attachment_mime_word (const char *mime);

G_END_DECLS
