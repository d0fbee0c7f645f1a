/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "mc-attachment.h"
#include "mc-store-internal.h"
#include "mc-text.h"
#include "mc-workflow.h"

McAttachmentFile *
mc_attachment_file_new (int position, GBytes *bytes, const char *name)
{
  McAttachmentFile *f = g_new0 (McAttachmentFile, 1);

  f->position = position;
  f->bytes = g_bytes_ref (bytes);
  f->name = g_strdup (name != NULL ? name : "");
  return f;
}

McAttachmentFile *
mc_attachment_file_new_reused (int position, gint64 reuse_of, GBytes *bytes)
{
  McAttachmentFile *f = g_new0 (McAttachmentFile, 1);

  f->position = position;
  f->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  f->name = g_strdup ("");
  f->reuse_of = reuse_of;
  return f;
}

McAttachmentFile *
mc_attachment_file_copy (const McAttachmentFile *f, int position)
{
  if (f->reuse_of != 0)
    return mc_attachment_file_new_reused (position, f->reuse_of, f->bytes);
  return mc_attachment_file_new (position, f->bytes, f->name);
}

void
mc_attachment_file_free (McAttachmentFile *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->bytes, g_bytes_unref);
  g_free (f->name);
  g_free (f);
}

static const char *
display_name (const char *name)
{
  return name != NULL && name[0] != '\0' ? name : _("the scan");
}

static gboolean
refuse (GError **error, const char *name, const char *why)
{
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID, "%s: %s", display_name (name), why);
  return FALSE;
}

typedef struct {
  int width, height;
} ImageSize;

static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer data)
{
  ImageSize *size = data;

  size->width = width;
  size->height = height;
  /* Only the whole of the bytes is checked, not the picture: decode it small. */
  gdk_pixbuf_loader_set_size (loader, MAX (1, width / 16), MAX (1, height / 16));
}

/* The picture's size from its header, before anything is decoded: a PNG's IHDR, a JPEG's start
 * of frame. FALSE when the header cannot be found. */
static gboolean
header_size (const guint8 *data, gsize len, gboolean png, gint64 *width, gint64 *height)
{
  if (png)
    {
      if (len < 24 || memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = ((gint64) data[16] << 24) | (data[17] << 16) | (data[18] << 8) | data[19];
      *height = ((gint64) data[20] << 24) | (data[21] << 16) | (data[22] << 8) | data[23];
      return TRUE;
    }
  for (gsize i = 2; i + 9 < len;)
    {
      guint8 marker;
      gsize seg;

      if (data[i] != 0xFF)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }
      seg = ((gsize) data[i + 2] << 8) | data[i + 3];
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
          marker != 0xCC)
        {
          *height = (data[i + 5] << 8) | data[i + 6];
          *width = (data[i + 7] << 8) | data[i + 8];
          return TRUE;
        }
      i += 2 + seg;
    }
  return FALSE;
}

/* The bytes decode to the end, the picture is not too large. */
static gboolean
check_image (const guint8 *data, gsize len, const char *type, const char *name, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type (type, &local);
  ImageSize size = { 0, 0 };
  gboolean ok;

  gint64 w = 0, h = 0;

  if (loader == NULL)
    return refuse (error, name, _("this computer cannot read images of this type."));
  if (!header_size (data, len, g_str_equal (type, "png"), &w, &h) || w <= 0 || h <= 0)
    return refuse (error, name, _("the image is damaged or incomplete."));
  if (w * h > MC_ATTACHMENT_MAX_PIXELS)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return refuse (error, name, _("the image is larger than 100 megapixels; scan it at a "
                                    "lower resolution."));
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &size);
  /* The header first: a picture too large is refused before it is decoded. */
  ok = gdk_pixbuf_loader_write (loader, data, MIN (len, (gsize) 65536), &local);
  if ((gint64) size.width * size.height > MC_ATTACHMENT_MAX_PIXELS)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return refuse (error, name, _("the image is larger than 100 megapixels; scan it at a "
                                    "lower resolution."));
    }
  if (ok && len > 65536)
    ok = gdk_pixbuf_loader_write (loader, data + 65536, len - 65536, &local);
  ok = gdk_pixbuf_loader_close (loader, ok ? &local : NULL) && ok;
  if (ok && (gint64) size.width * size.height > MC_ATTACHMENT_MAX_PIXELS)
    return refuse (error, name, _("the image is larger than 100 megapixels; scan it at a "
                                  "lower resolution."));
  if (!ok || size.width <= 0 || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    return refuse (error, name, _("the image is damaged or incomplete."));
  return TRUE;
}

/* A JPEG ends with its EOI marker (FF D9), a PNG with its IEND chunk: a file cut short by a
 * copy or a download does not, though a decoder may show what it has. */
static gboolean
ends_whole (const guint8 *data, gsize len, gboolean png)
{
  static const guint8 iend[] = { 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };

  while (len > 0 && (data[len - 1] == 0 || data[len - 1] == '\n' || data[len - 1] == '\r'))
    len--;
  if (png)
    return len >= 12 && memcmp (data + len - 8, iend, 8) == 0;
  return len >= 4 && data[len - 2] == 0xFF && data[len - 1] == 0xD9;
}

gboolean
mc_attachment_validate (GBytes *bytes, const char *name, char **mime, GError **error)
{
  gsize len = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const char *type;

  if (len == 0)
    return refuse (error, name, _("the file is empty."));
  if (len > MC_ATTACHMENT_MAX_BYTES)
    return refuse (error, name, _("the file is larger than 20 MB; scan it at a lower "
                                  "resolution or in grey."));
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_autoptr(GError) local = NULL;
      PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &local);
      int pages;

      if (doc == NULL)
        {
          if (local != NULL && g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            return refuse (error, name, _("the PDF is protected by a password; attach a copy "
                                          "without one."));
          return refuse (error, name, _("the PDF is damaged and does not open."));
        }
      pages = poppler_document_get_n_pages (doc);
      g_object_unref (doc);
      if (pages < 1)
        return refuse (error, name, _("the PDF has no page."));
      type = "application/pdf";
    }
  else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      if (!ends_whole (data, len, FALSE))
        return refuse (error, name, _("the image is damaged or incomplete."));
      if (!check_image (data, len, "jpeg", name, error))
        return FALSE;
      type = "image/jpeg";
    }
  else if (len >= 8 && memcmp (data, png_magic, 8) == 0)
    {
      if (!ends_whole (data, len, TRUE))
        return refuse (error, name, _("the image is damaged or incomplete."));
      if (!check_image (data, len, "png", name, error))
        return FALSE;
      type = "image/png";
    }
  else
    return refuse (error, name, _("the file is not a PDF, JPEG or PNG (its contents say so, "
                                  "whatever its name)."));
  if (mime != NULL)
    *mime = g_strdup (type);
  return TRUE;
}

/* ---- Reuse of earlier scans (the rule is written in mc-attachment.h) ---- */

/* Folded starts of the names of papers made for one request. */
static const char * const single_use[] = {
  "to khai", "don ", "don,", "du thao", "van ban uy quyen", "ban sao can chung thuc",
  "giay to, van ban can chung thuc", "chung tu", "manh trich do",
};

char *
mc_document_reuse_kind (const char *name, int *valid_days)
{
  g_autoptr(GString) bare = g_string_new (NULL);
  g_autofree char *folded = NULL;
  int depth = 0;

  if (valid_days != NULL)
    *valid_days = 0;
  /* What is in brackets says who or when ("(xuất trình)", "(nếu có)"), not what the paper is. */
  for (const char *p = name != NULL ? name : ""; *p; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_c (bare, *p);
    }
  folded = mc_text_fold (bare->str);
  g_strstrip (folded);
  if (folded[0] == '\0')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (single_use); i++)
    if (g_str_has_prefix (folded, single_use[i]))
      return NULL;
  if (g_str_has_prefix (folded, "giay to tuy than"))
    {
      if (valid_days != NULL)
        *valid_days = MC_REUSE_IDENTITY_DAYS;
      return g_strdup ("giay to tuy than");
    }
  if (g_str_has_prefix (folded, "giay xac nhan tinh trang hon nhan") && valid_days != NULL)
    *valid_days = MC_REUSE_MARITAL_STATUS_DAYS;
  return g_steal_pointer (&folded);
}

void
mc_reusable_scan_free (McReusableScan *s)
{
  if (s == NULL)
    return;
  g_free (s->dossier_code);
  g_ptr_array_unref (s->files);
  g_free (s);
}

GPtrArray *
mc_attachment_find_earlier (McStore *store, const char *id_number, gint64 except_id,
                            GError **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (id_number != NULL ? id_number : ""));

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  return mc_store_list_earlier_files (store, clean, except_id, error);
}

/* Whether F may stand for a document of kind KIND (valid VALID_DAYS) at AT. */
static gboolean
earlier_usable (const McEarlierFile *f, const char *kind, int valid_days, gboolean represented,
                McTime at)
{
  g_autofree char *its = NULL;

  if (f->status == MC_STATUS_NEW || f->status == MC_STATUS_REFUSED)
    return FALSE;
  its = mc_document_reuse_kind (f->document_name, NULL);
  if (its == NULL || g_strcmp0 (its, kind) != 0)
    return FALSE;
  if (valid_days > 0 && at - f->attached_at > (McTime) valid_days * 86400)
    return FALSE;
  if (g_str_equal (kind, "giay to tuy than") && (represented || f->represented))
    return FALSE;
  return TRUE;
}

McReusableScan *
mc_attachment_pick_reusable (GPtrArray *earlier, const char *document_name,
                             gboolean represented, McTime at)
{
  g_autofree char *kind = NULL;
  McReusableScan *best = NULL;
  int valid_days = 0;

  if (earlier == NULL || (kind = mc_document_reuse_kind (document_name, &valid_days)) == NULL)
    return NULL;
  /* The newest document that qualifies: its pages, all current ones, together. */
  for (guint i = 0; i < earlier->len; i++)
    {
      McEarlierFile *f = g_ptr_array_index (earlier, i);
      McTime last = 0;

      if (!earlier_usable (f, kind, valid_days, represented, at))
        continue;
      for (guint k = 0; k < earlier->len; k++)
        {
          McEarlierFile *g = g_ptr_array_index (earlier, k);

          if (g->dossier_id == f->dossier_id && g->position == f->position)
            last = MAX (last, g->attached_at);
        }
      if (best != NULL && (last < best->scanned_at ||
                           (last == best->scanned_at && f->dossier_id <= best->dossier_id)))
        continue;
      if (best != NULL && best->dossier_id == f->dossier_id && best->position == f->position)
        continue;
      g_clear_pointer (&best, mc_reusable_scan_free);
      best = g_new0 (McReusableScan, 1);
      best->dossier_id = f->dossier_id;
      best->dossier_code = g_strdup (f->dossier_code);
      best->position = f->position;
      best->scanned_at = last;
      best->files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_earlier_file_free);
      for (guint k = 0; k < earlier->len; k++)
        {
          McEarlierFile *g = g_ptr_array_index (earlier, k);
          McEarlierFile *copy;

          if (g->dossier_id != f->dossier_id || g->position != f->position)
            continue;
          copy = g_memdup2 (g, sizeof *g);
          copy->dossier_code = g_strdup (g->dossier_code);
          copy->document_name = g_strdup (g->document_name);
          copy->hash = g_strdup (g->hash);
          copy->mime = g_strdup (g->mime);
          copy->name = g_strdup (g->name);
          g_ptr_array_add (best->files, copy);
        }
    }
  return best;
}

/* Inside the transaction: the earlier file REUSE_OF, checked again by the rule (another
 * workstation may have rescanned it since it was offered) for the document DOC of D. */
static McEarlierFile *
reusable_in_transaction (McStore *store, const McDossier *d, const McDossierDocument *doc,
                         gint64 reuse_of, McTime at, GError **error)
{
  g_autoptr(GPtrArray) earlier = NULL;
  g_autofree char *kind = NULL;
  gboolean represented = (d->representative_name != NULL && d->representative_name[0]) ||
                         (d->representative_id_number != NULL &&
                          d->representative_id_number[0]);
  int valid_days = 0;

  earlier = mc_store_list_earlier_files (store, d->applicant_id_number, d->id, error);
  if (earlier == NULL)
    return NULL;
  kind = mc_document_reuse_kind (doc->name, &valid_days);
  for (guint i = 0; kind != NULL && i < earlier->len; i++)
    {
      McEarlierFile *f = g_ptr_array_index (earlier, i);

      if (f->id == reuse_of && earlier_usable (f, kind, valid_days, represented, at))
        return g_ptr_array_steal_index (earlier, i);
    }
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The earlier scan offered for “%s” can no longer be reused (it was rescanned, "
                 "or it is not of this applicant or no longer valid): scan the paper."),
               doc->name);
  return NULL;
}

gboolean
mc_dossier_derive_digitized (McStore *store, gint64 dossier_id, McTime at, GError **error)
{
  g_autoptr(McDossier) d = mc_store_get_dossier (store, dossier_id, error);
  gint64 received = 0, with_file = 0, result_files = 0;
  gboolean imported = FALSE, input, result;

  if (d == NULL ||
      !mc_store_attachment_counts (store, dossier_id, &received, &with_file, &result_files,
                                   &imported, error))
    return FALSE;
  input = received > 0 && with_file == received;
  result = result_files > 0 &&
           (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED);
  if (imported)
    {
      input = input || d->digitized_input;
      result = result || d->digitized_result;
    }
  return mc_store_set_digitized (store, dossier_id, input, result, at, error);
}

typedef struct {
  gint64     actor_id;
  gint64     dossier_id;
  GPtrArray *files;       /* McAttachmentFile* */
  GPtrArray *mimes;       /* char*, checked before the transaction */
  GPtrArray *hashes;      /* char*, out */
  gboolean   replace;
} Attach;

static gboolean
may_attach (McRole role)
{
  return role == MC_ROLE_ADMIN || role == MC_ROLE_DESK || role == MC_ROLE_SPECIALIST ||
         role == MC_ROLE_VICE_CHAIRMAN || role == MC_ROLE_CHAIRMAN;
}

gboolean
mc_attachment_may_attach_result (const McDossier *d, McRole role, gint64 actor_id,
                                 GError **error)
{
  g_return_val_if_fail (d != NULL, FALSE);

  if (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED)
    {
      if (actor_id == 0 || may_attach (role))
        return TRUE;
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Your role may read dossier %s but not attach files to it."), d->code);
      return FALSE;
    }
  if (d->status == MC_STATUS_PROCESSING &&
      (d->step == MC_STEP_NONE || d->step == MC_STEP_ASSIGNED || d->step == MC_STEP_SENT_BACK))
    {
      /* The draft result is the handler's work: what the leader will sign. */
      if (actor_id == 0 || (role == MC_ROLE_SPECIALIST && d->handler_id == actor_id))
        return TRUE;
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only %s, who handles dossier %s, attaches its draft result before it is "
                     "submitted for signature."),
                   d->handler_name != NULL && d->handler_name[0] != '\0'
                   ? d->handler_name : _("the specialist"), d->code);
      return FALSE;
    }
  if (d->status == MC_STATUS_PROCESSING &&
      (d->step == MC_STEP_SUBMITTED || d->step == MC_STEP_SIGNED))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
                   d->step == MC_STEP_SUBMITTED
                   ? _("Dossier %s is with the leader for signature: its result files stay as "
                       "they were submitted. The leader sends it back if one must change.")
                   : _("Dossier %s is signed: the scan of the signed paper is attached once its "
                       "result is recorded."), d->code);
      return FALSE;
    }
  g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
               _("Dossier %s has no result yet: its draft result is attached by the specialist "
                 "who handles it, its signed result once it is recorded."), d->code);
  return FALSE;
}

/* A rescan of the result may not replace the files the dossier's signature covers. */
static gboolean
keeps_signed_files (McStore *store, const McDossier *d, GError **error)
{
  g_autofree char *signed_files = mc_store_signed_result_files (store, d->id, error);

  if (signed_files == NULL)
    return FALSE;
  if (signed_files[0] == '\0')
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
               _("The result files of dossier %s are covered by the leader’s signature and stay "
                 "as signed: attach the scan of the signed paper beside them, without "
                 "“Rescan”."), d->code);
  return FALSE;
}

static gboolean
attach_work (McStore *store, gpointer data, GError **error)
{
  Attach *w = data;
  g_autoptr(McDossier) d = mc_store_get_dossier (store, w->dossier_id, error);
  g_autoptr(GHashTable) replaced = g_hash_table_new (NULL, NULL);
  McTime at = mc_store_now (store);
  McRole role;

  if (d == NULL)
    return FALSE;
  role = w->actor_id != 0 ? mc_store_actor_role (store, w->actor_id) : 0;
  if (w->actor_id != 0 && !may_attach (role))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Your role may read dossier %s but not attach files to it."), d->code);
      return FALSE;
    }
  g_ptr_array_set_size (w->hashes, 0);
  for (guint i = 0; i < w->files->len; i++)
    {
      McAttachmentFile *f = g_ptr_array_index (w->files, i);
      McAttachment a = { 0 };
      g_autofree char *hash = NULL;
      g_autofree char *details = NULL;
      g_autoptr(McEarlierFile) earlier = NULL;
      gsize len = 0;
      const void *bytes = f->reuse_of == 0 ? g_bytes_get_data (f->bytes, &len) : NULL;
      gint64 id;

      if (f->position == MC_ATTACHMENT_RESULT)
        {
          if (!mc_attachment_may_attach_result (d, role, w->actor_id, error))
            return FALSE;
          if (w->replace && !keeps_signed_files (store, d, error))
            return FALSE;
        }
      else if (f->position < 0 || (guint) f->position >= d->documents->len)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Dossier %s has no document no. %d."), d->code, f->position + 1);
          return FALSE;
        }
      else if (!((McDossierDocument *) g_ptr_array_index (d->documents, f->position))->received)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Document no. %d of dossier %s has not come in yet: record the "
                         "supplement first."), f->position + 1, d->code);
          return FALSE;
        }
      if (f->reuse_of != 0)
        {
          /* A result is the dossier's own: only documents are reused. */
          if (f->position == MC_ATTACHMENT_RESULT)
            {
              g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID,
                                   _("A result is not taken from another dossier."));
              return FALSE;
            }
          earlier = reusable_in_transaction (store, d,
                                             g_ptr_array_index (d->documents, f->position),
                                             f->reuse_of, at, error);
          if (earlier == NULL)
            return FALSE;
          hash = g_strdup (earlier->hash);
          len = (gsize) earlier->size;
        }
      else
        hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, len);
      a.dossier_id = d->id;
      a.position = f->position;
      a.hash = hash;
      a.size = (gint64) len;
      a.mime = earlier != NULL ? earlier->mime : g_ptr_array_index (w->mimes, i);
      a.name = earlier != NULL ? earlier->name : f->name;
      a.officer_id = w->actor_id;
      a.attached_at = at;
      id = mc_store_insert_attachment (store, &a, bytes, error);
      if (id == 0)
        return FALSE;
      if (w->replace && !g_hash_table_contains (replaced, GINT_TO_POINTER (f->position + 2)))
        {
          g_hash_table_add (replaced, GINT_TO_POINTER (f->position + 2));
          if (!mc_store_supersede_attachments (store, d->id, f->position, id, at, error))
            return FALSE;
        }
      if (f->position == MC_ATTACHMENT_RESULT)
        details = g_strdup_printf ("%s: result; %s; %" G_GINT64_FORMAT " bytes; %s%s", d->code,
                                   a.mime, a.size, hash, w->replace ? "; rescan" : "");
      else if (earlier != NULL)
        details = g_strdup_printf ("%s: document %d; %s; %" G_GINT64_FORMAT " bytes; %s; "
                                   "reused from %s (document %d, file %" G_GINT64_FORMAT ")%s",
                                   d->code, f->position + 1, a.mime, a.size, hash,
                                   earlier->dossier_code, earlier->position + 1, earlier->id,
                                   w->replace ? "; rescan" : "");
      else
        details = g_strdup_printf ("%s: document %d; %s; %" G_GINT64_FORMAT " bytes; %s%s",
                                   d->code, f->position + 1, a.mime, a.size, hash,
                                   w->replace ? "; rescan" : "");
      if (!mc_audit_append (store, w->actor_id, "dossier.attach", "dossier", d->id, details,
                            error))
        return FALSE;
      g_ptr_array_add (w->hashes, g_steal_pointer (&hash));
    }
  return mc_dossier_derive_digitized (store, d->id, at, error);
}

gboolean
mc_attachment_check_files (GPtrArray *files, GPtrArray *mimes, GError **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      McAttachmentFile *f = g_ptr_array_index (files, i);
      char *mime = NULL;

      /* A reused scan was checked when it was first attached; the rule is checked in the
       * transaction. */
      if (f->reuse_of != 0)
        {
          g_ptr_array_add (mimes, g_strdup (""));
          continue;
        }
      if (!mc_attachment_validate (f->bytes, f->name, &mime, error))
        return FALSE;
      g_ptr_array_add (mimes, mime);
    }
  return TRUE;
}

gboolean
mc_dossier_attach_in_transaction (McStore *store, gint64 actor_id, gint64 dossier_id,
                                  GPtrArray *files, GPtrArray *mimes, gboolean replace,
                                  GPtrArray *hashes, GError **error)
{
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_free);
  Attach w = { actor_id, dossier_id, files, mimes, hashes != NULL ? hashes : own, replace };

  return attach_work (store, &w, error);
}

gboolean
mc_dossier_attach (McStore *store, gint64 actor_id, gint64 dossier_id, GPtrArray *files,
                   gboolean replace, GPtrArray **hashes, GError **error)
{
  g_autoptr(GPtrArray) mimes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  Attach w = { actor_id, dossier_id, files, mimes, out, replace };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  if (files == NULL || files->len == 0)
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID, _("There is no file to attach."));
      return FALSE;
    }
  /* Every file is checked before anything is written: one bad file keeps none. */
  if (!mc_attachment_check_files (files, mimes, error))
    return FALSE;
  if (!mc_store_transact (store, attach_work, &w, error))
    return FALSE;
  if (hashes != NULL)
    *hashes = g_steal_pointer (&out);
  return TRUE;
}

const char *
mc_attachment_mime_word (const char *mime)
{
  if (g_strcmp0 (mime, "application/pdf") == 0)
    return "PDF";
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    return "JPEG";
  if (g_strcmp0 (mime, "image/png") == 0)
    return "PNG";
  return mime;
}
