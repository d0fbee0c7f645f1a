/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Digitisation's figures (issue 15), each printed with what it was measured on:
 *   1. a page scanned at 300 dpi, A4, in colour and in grey, from SANE's test backend through
 *      the GUI's own scanning code (mc_scan_pages, then mc_attach_slot_add as the scan dialog's
 *      answer does): the time to the JPEG the dossier would store, and to its thumbnail in a
 *      slot, with the JPEG's size;
 *   2. a real 5 MB PDF (scanned pages) stored with mc_dossier_attach (validation, hashing, the
 *      write and its audit record in one transaction), on a SQLite file and on PostgreSQL when
 *      MOTCUA_TEST_PG names a cluster, and mc_attachment_validate alone;
 *   3. the database's size per 1,000 demo dossiers (mc-demo.h) without files, then with a typical
 *      scan on every document received and on every result.
 * A developer's tool: its output is English. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "mc-attach-slot.h"
#include "mc-attachment.h"
#include "mc-catalogue.h"
#include "mc-demo.h"
#include "mc-scan.h"
#include "mc-store.h"
#include "mc-store-testing.h"

/* ---- Small helpers ---- */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  double *copy = g_memdup2 (v, sizeof (double) * n);
  double m;

  qsort (copy, n, sizeof (double), compare_doubles);
  m = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
  g_free (copy);
  return m;
}

static char *
runs_text (const double *v, int n)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < n; i++)
    g_string_append_printf (s, "%s%.0f", i ? ", " : "", v[i]);
  return g_string_free (s, FALSE);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static G_GNUC_NORETURN void
die (const char *what, const GError *error)
{
  g_printerr ("mc-bench-attach: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* The width and height of the picture in BYTES, from a decode. */
static void
picture_size (GBytes *bytes, int *width, int *height)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  *width = *height = 0;
  if (gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) &&
      gdk_pixbuf_loader_close (loader, NULL) &&
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) != NULL)
    {
      *width = gdk_pixbuf_get_width (pixbuf);
      *height = gdk_pixbuf_get_height (pixbuf);
    }
}

/* BYTES (a JPEG) with a comment segment holding TEXT just after its start marker: the same
 * picture, other bytes (the store keeps one blob per SHA-256, so each dossier's scans must
 * differ as real scans do). */
static GBytes *
jpeg_with_comment (GBytes *bytes, const char *text)
{
  gsize len = 0, n = strlen (text);
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_sized_new (len + n + 4);
  guint8 head[4] = { 0xFF, 0xFE, (guint8) ((n + 2) >> 8), (guint8) ((n + 2) & 0xFF) };

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, (const guint8 *) text, n);
  g_byte_array_append (out, data + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* ---- A page that looks like a scanned form: text in lines, a title, a signature, the
 * scanner's grain; encoded as the scan dialog encodes grey (an RGB JPEG, quality 85) ---- */

static const char * const syllables[] = {
  "Cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam", "Độc", "lập", "Tự", "do",
  "Hạnh", "phúc", "giấy", "khai", "sinh", "họ", "và", "tên", "ngày", "tháng", "năm", "nơi",
  "cư", "trú", "thường", "số", "định", "danh", "cá", "nhân", "quê", "quán", "dân", "tộc",
  "Kinh", "quốc", "tịch", "người", "đi", "đăng", "ký", "quan", "hệ", "với", "ủy", "ban",
  "nhân", "dân", "phường", "thôn", "ấp", "huyện", "tỉnh", "căn", "cước", "công", "chứng",
  "thực", "bản", "sao", "xác", "nhận", "tình", "trạng", "hôn", "nhân", "đất", "thửa",
};

#define PAGE_DPI 200

static GBytes *
typical_page (guint32 seed, int dpi, gboolean colour, int quality)
{
  int w = (int) lround (210 / 25.4 * dpi), h = (int) lround (297 / 25.4 * dpi);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Serif 12");
  GRand *rand = g_rand_new_with_seed (seed);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  double margin = dpi * 0.8, y;
  gchar *jpeg = NULL;
  gsize jpeg_len = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *q = g_strdup_printf ("%d", quality);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), dpi);
  pango_layout_context_changed (layout);
  /* The paper, a little off-white, a little uneven. */
  cairo_set_source_rgb (cr, 0.95, 0.94, colour ? 0.90 : 0.94);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.08, 0.08, colour ? 0.15 : 0.08);
  /* The title, centred and bold. */
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (font, 14 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((w - 2 * margin) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                         "TỜ KHAI ĐĂNG KÝ", -1);
  cairo_move_to (cr, margin, margin);
  pango_cairo_show_layout (cr, layout);
  /* The body: lines of words, as a filled-in form. */
  pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
  pango_font_description_set_size (font, 12 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  {
    GString *text = g_string_new (NULL);

    /* A form half filled: six paragraphs of 20 to 40 words, a blank line between them. */
    for (int para = 0; para < 6; para++)
      {
        int words = g_rand_int_range (rand, 20, 40);

        for (int i = 0; i < words; i++)
          g_string_append_printf (text, "%s%s", i ? " " : "",
                                  syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
        g_string_append (text, ".\n\n");
      }
    pango_layout_set_text (layout, text->str, -1);
    g_string_free (text, TRUE);
  }
  y = margin + dpi * 1.3;
  cairo_move_to (cr, margin, y);
  pango_cairo_show_layout (cr, layout);
  /* A signature and a stamp's ring at the foot. */
  cairo_set_line_width (cr, dpi / 60.0);
  cairo_move_to (cr, w * 0.62, h * 0.86);
  for (int i = 0; i < 12; i++)
    cairo_rel_curve_to (cr, dpi * 0.08, -dpi * g_rand_double_range (rand, 0.05, 0.25),
                        dpi * 0.12, dpi * g_rand_double_range (rand, 0.05, 0.25), dpi * 0.15,
                        dpi * g_rand_double_range (rand, -0.05, 0.05));
  cairo_stroke (cr);
  if (colour)
    cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.8);
  cairo_arc (cr, w * 0.70, h * 0.85, dpi * 0.7, 0, 2 * G_PI);
  cairo_stroke (cr);
  g_object_unref (layout);
  pango_font_description_free (font);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* The scanner's grain: a level of noise on every pixel. */
  {
    const guint8 *src = cairo_image_surface_get_data (surface);
    int src_stride = cairo_image_surface_get_stride (surface);
    guint8 *dst = gdk_pixbuf_get_pixels (pixbuf);
    int dst_stride = gdk_pixbuf_get_rowstride (pixbuf);
    const int grain = 1;

    for (int yy = 0; yy < h; yy++)
      for (int x = 0; x < w; x++)
        {
          const guint32 px = *(const guint32 *) (src + (gsize) yy * src_stride + 4 * x);
          int noise = (int) (g_rand_int (rand) % (2 * grain + 1)) - grain;
          int r = ((px >> 16) & 0xFF) + noise, g = ((px >> 8) & 0xFF) + noise,
              b = (px & 0xFF) + noise;
          guint8 *o = dst + (gsize) yy * dst_stride + 3 * x;

          if (!colour)
            r = g = b = (r * 30 + g * 59 + b * 11) / 100;
          o[0] = CLAMP (r, 0, 255);
          o[1] = CLAMP (g, 0, 255);
          o[2] = CLAMP (b, 0, 255);
        }
  }
  cairo_surface_destroy (surface);
  g_rand_free (rand);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_len, "jpeg", &error, "quality", q, NULL))
    die ("encoding a page", error);
  return g_bytes_new_take (jpeg, jpeg_len);
}

/* ---- Databases: a file in DIR, or a fresh database on the test cluster ---- */

typedef struct {
  const char *engine;     /* "SQLite" or "PostgreSQL" */
  char       *target;
  char       *path;       /* SQLite: the file */
  char       *pg_name;    /* PostgreSQL: the database's name */
} Db;

static gboolean keep_databases;

static gboolean
db_new (Db *db, gboolean server, const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;

  memset (db, 0, sizeof *db);
  if (server)
    {
      const char *p;

      db->engine = "PostgreSQL";
      db->target = mc_store_testing_new_server_database (&error);
      if (db->target == NULL)
        die ("a new database on MOTCUA_TEST_PG", error);
      /* The conninfo is the cluster's with the new database's name last. */
      p = g_strrstr (db->target, "dbname=");
      db->pg_name = g_strdup (p != NULL ? p + strlen ("dbname=") : "");
      return TRUE;
    }
  db->engine = "SQLite";
  db->path = g_build_filename (dir, name, NULL);
  db->target = g_strdup (db->path);
  return TRUE;
}

static void
db_drop (Db *db)
{
  if (!keep_databases)
    {
      if (db->pg_name != NULL)
        {
          g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s", db->pg_name);
          g_autoptr(GError) error = NULL;

          if (!mc_store_testing_cluster_exec (sql, &error))
            g_printerr ("mc-bench-attach: %s: %s\n", sql, error->message);
        }
      else if (db->path != NULL)
        {
          const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

          for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *p = g_strconcat (db->path, suffixes[i], NULL);
              g_unlink (p);
            }
        }
    }
  else
    printf ("  (kept: %s)\n", db->target);
  g_free (db->target);
  g_free (db->path);
  g_free (db->pg_name);
}

/* A demo commune of N dossiers (the CLI's `demo`: the default catalogue, then mc_demo_fill). */
static McStore *
demo_store (Db *db, gint64 n, double *seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_create (db->target, &error);
  McDemoOptions options;
  gint64 start = g_get_monotonic_time ();

  if (store == NULL)
    die (db->target, error);
  mc_demo_options_init (&options);
  options.dossiers = n;
  if (!mc_catalogue_init_defaults (store, &error) ||
      !mc_demo_fill (store, &options, NULL, NULL, &error))
    die ("the demo", error);
  if (seconds != NULL)
    *seconds = ms_since (start) / 1000.0;
  return g_steal_pointer (&store);
}

/* The database's size in bytes: the SQLite file after a checkpoint that empties its WAL, or
 * PostgreSQL's pg_database_size. */
static gint64
db_size (Db *db, McStore *store)
{
  GStatBuf st;

  if (db->pg_name != NULL)
    return mc_store_testing_int (store, "SELECT pg_database_size(current_database())");
  {
    g_autoptr(GError) error = NULL;

    if (!mc_store_testing_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error))
      die ("the checkpoint", error);
  }
  return g_stat (db->path, &st) == 0 ? (gint64) st.st_size : -1;
}

static gint64
admin_id (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = mc_store_list_officers (store, &error);

  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      McOfficer *o = g_ptr_array_index (officers, i);

      if (o->role == MC_ROLE_ADMIN)
        return o->id;
    }
  die ("no administrator in the demo", error);
}

static GArray *
all_ids (McStore *store)
{
  g_autoptr(GError) error = NULL;
  McQuery q = { 0 };
  GArray *ids;

  q.sort = MC_SORT_RECEIVED;
  ids = mc_store_query_ids (store, &q, &error);
  if (ids == NULL)
    die ("the dossiers", error);
  return ids;
}

/* ---- 1. Scanning ---- */

static char *sane_dir;

/* SANE with only the test backend, its pages allowed up to A4 (its own default stops at
 * 200 mm), drawing PICTURE. */
static void
sane_setup (const char *picture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dll = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *text = NULL;

  sane_dir = g_dir_make_tmp ("mc-bench-attach-sane-XXXXXX", &error);
  if (sane_dir == NULL)
    die ("a folder for SANE's configuration", error);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  conf = g_build_filename (sane_dir, "test.conf", NULL);
  text = g_strdup_printf ("number_of_devices 1\nmode Color\ndepth 8\nresolution_min 1.0\n"
                          "resolution_max 1200.0\nresolution_quant 1.0\nresolution 50.0\n"
                          "test-picture \"%s\"\ngeometry_min 0.0\ngeometry_max 300.0\n"
                          "geometry_quant 1.0\ntl_x 0.0\ntl_y 0.0\nbr_x 80.0\nbr_y 100.0\n",
                          picture);
  if (!g_file_set_contents (dll, "test\n", -1, &error) ||
      !g_file_set_contents (conf, text, -1, &error))
    die ("SANE's configuration", error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
}

static void
sane_cleanup (void)
{
  const char *files[] = { "dll.conf", "test.conf" };

  if (sane_dir == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *p = g_build_filename (sane_dir, files[i], NULL);
      g_unlink (p);
    }
  g_rmdir (sane_dir);
  g_clear_pointer (&sane_dir, g_free);
}

static void
bench_scan (int runs, const char *picture, gboolean have_gtk)
{
  printf ("1. Scanning: SANE's test backend (test:0, picture \"%s\"), 300 dpi, A4 (210 x 297 mm), "
          "one page, through mc_scan_pages (the scan dialog's worker, called here on the main "
          "thread) then mc_attach_slot_add (the dialog's answer: the check and the slot's "
          "thumbnail); median of %d runs after one not counted\n",
          picture, runs);
  if (!have_gtk)
    printf ("   (no display: the thumbnail is not timed; run under xvfb-run -a)\n");
  for (int mode = 0; mode < 2; mode++)
    {
      gboolean colour = mode == 0;
      double *to_jpeg = g_new0 (double, runs), *to_thumb = g_new0 (double, runs);
      double *thumb_only = g_new0 (double, runs);
      gsize size = 0;
      int width = 0, height = 0;

      for (int r = -1; r < runs; r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) pages = NULL;
          gint64 start = g_get_monotonic_time ();
          double jpeg_ms, thumb_ms = 0;

          pages = mc_scan_pages ("test:0", 300, colour, 1, &error);
          jpeg_ms = ms_since (start);
          if (pages == NULL || pages->len != 1)
            die ("the scan", error);
          if (have_gtk)
            {
              GtkWidget *slot = g_object_ref_sink (mc_attach_slot_new ());

              if (!mc_attach_slot_add (MC_ATTACH_SLOT (slot), g_ptr_array_index (pages, 0), NULL))
                die ("the slot refused the scan", NULL);
              thumb_ms = ms_since (start);
              if (mc_attach_slot_count_pictures (MC_ATTACH_SLOT (slot)) != 1)
                die ("the slot shows no picture of the scan", NULL);
              g_object_unref (slot);
            }
          if (r < 0)
            {
              size = g_bytes_get_size (g_ptr_array_index (pages, 0));
              picture_size (g_ptr_array_index (pages, 0), &width, &height);
              continue;
            }
          to_jpeg[r] = jpeg_ms;
          to_thumb[r] = thumb_ms;
          thumb_only[r] = thumb_ms - jpeg_ms;
        }
      {
        g_autofree char *jr = runs_text (to_jpeg, runs);
        g_autofree char *tr = runs_text (to_thumb, runs);

        printf ("   %-6s %d x %d px: to the JPEG stored %6.0f ms (%s); JPEG %.0f KB",
                colour ? "colour" : "grey", width, height, median (to_jpeg, runs), jr,
                size / 1000.0);
        if (have_gtk)
          printf ("; to the thumbnail %6.0f ms (%s), of which check + thumbnail %.0f ms",
                  median (to_thumb, runs), tr, median (thumb_only, runs));
        printf ("\n");
      }
      g_free (to_jpeg);
      g_free (to_thumb);
      g_free (thumb_only);
    }
  printf ("   (the test backend's pattern is not a page of text: the JPEG's size is not a real "
          "scan's; see 3. for a typical page)\n");
}

/* ---- 2. A 5 MB PDF ---- */

static cairo_status_t
write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF of A4 pages, each a scanned page (a JPEG of POOL, embedded as it is, as a scanner's
 * PDF is), until it holds at least TARGET bytes; TAG (its title) makes each one's bytes its
 * own. */
static GBytes *
scanned_pdf (GPtrArray *pool, gsize target, const char *tag, int *n_pages)
{
  GByteArray *out = g_byte_array_new ();
  const double pw = 210 / 25.4 * 72, ph = 297 / 25.4 * 72;
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (write_cb, out, pw, ph);
  cairo_t *cr = cairo_create (pdf);
  gsize sum = 0;

  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, tag);
  *n_pages = 0;
  while (sum < target)
    {
      GBytes *jpeg = g_ptr_array_index (pool, *n_pages % pool->len);
      g_autofree char *comment = g_strdup_printf ("%s page %d", tag, *n_pages + 1);
      GBytes *page = jpeg_with_comment (jpeg, comment);
      int w = 0, h = 0;
      cairo_surface_t *image;
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (page, &len);

      picture_size (page, &w, &h);
      /* Its pixels are never drawn: the PDF takes the JPEG itself (and the memory, untouched,
       * is never really used). */
      image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, data, len,
                                   (cairo_destroy_func_t) g_bytes_unref, page);
      cairo_save (cr);
      cairo_scale (cr, pw / w, ph / h);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
      sum += len;
      (*n_pages)++;
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  if (cairo_surface_status (pdf) != CAIRO_STATUS_SUCCESS)
    die ("the PDF", NULL);
  cairo_surface_destroy (pdf);
  return g_byte_array_free_to_bytes (out);
}

static void
bench_pdf (gboolean server, const char *dir, GPtrArray *pool, int runs)
{
  Db db;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  double *attach_ms = g_new0 (double, runs), *validate_ms = g_new0 (double, runs);
  gint64 actor, dossier = 0;
  gsize size = 0;
  int n_pages = 0;

  db_new (&db, server, dir, "pdf.db");
  store = demo_store (&db, 100, NULL);
  actor = admin_id (store);
  /* A dossier whose first document came in. */
  ids = all_ids (store);
  for (guint i = 0; dossier == 0 && i < ids->len; i++)
    {
      g_autoptr(McDossier) d = mc_store_get_dossier (store, g_array_index (ids, gint64, i), NULL);

      if (d != NULL && d->documents->len > 0 &&
          ((McDossierDocument *) g_ptr_array_index (d->documents, 0))->received)
        dossier = d->id;
    }
  if (dossier == 0)
    die ("no dossier with a document received", NULL);
  for (int r = -1; r < runs; r++)
    {
      g_autofree char *tag = g_strdup_printf ("mc-bench-attach %s run %d", db.engine, r + 2);
      g_autoptr(GBytes) pdf = scanned_pdf (pool, 5 * 1000 * 1000, tag, &n_pages);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (
          (GDestroyNotify) mc_attachment_file_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *mime = NULL;
      gint64 start;
      double v, a;

      size = g_bytes_get_size (pdf);
      start = g_get_monotonic_time ();
      if (!mc_attachment_validate (pdf, "scan.pdf", &mime, &error))
        die ("the PDF's validation", error);
      v = ms_since (start);
      g_ptr_array_add (files, mc_attachment_file_new (0, pdf, "scan.pdf"));
      start = g_get_monotonic_time ();
      if (!mc_dossier_attach (store, actor, dossier, files, FALSE, NULL, &error))
        die ("mc_dossier_attach", error);
      a = ms_since (start);
      if (r >= 0)
        {
          attach_ms[r] = a;
          validate_ms[r] = v;
        }
    }
  {
    g_autofree char *ar = runs_text (attach_ms, runs);
    g_autofree char *vr = runs_text (validate_ms, runs);

    printf ("   %-10s %s: mc_dossier_attach %6.1f ms (%s); mc_attachment_validate alone %5.1f ms "
            "(%s)\n", db.engine, server ? "(a fresh database on MOTCUA_TEST_PG)"
                                        : "(a file, synchronous = FULL, WAL)",
            median (attach_ms, runs), ar, median (validate_ms, runs), vr);
  }
  printf ("              the PDF: %.2f MB (%" G_GSIZE_FORMAT " bytes), %d A4 pages, each a "
          "200 dpi grey JPEG embedded (DCTDecode)\n", size / 1e6, size, n_pages);
  g_clear_object (&store);
  db_drop (&db);
  g_free (attach_ms);
  g_free (validate_ms);
}

/* ---- 3. The database's size per 1,000 dossiers ---- */

static void
bench_size (gboolean server, const char *dir, GPtrArray *pool, gint64 n)
{
  Db db;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 before, after, blob = 0, empty = 0, files = 0, bytes = 0, docs = 0, results = 0;
  gint64 actor, start;
  double demo_s, attach_s;

  db_new (&db, server, dir, "size.db");
  store = demo_store (&db, n, &demo_s);
  before = db_size (&db, store);
  actor = admin_id (store);
  ids = all_ids (store);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McDossier) d = mc_store_get_dossier (store, g_array_index (ids, gint64, i),
                                                     &error);
      g_autoptr(GPtrArray) input = g_ptr_array_new_with_free_func (
          (GDestroyNotify) mc_attachment_file_free);

      if (d == NULL)
        die ("a dossier", error);
      docs += d->documents->len;
      for (guint k = 0; k < d->documents->len; k++)
        if (((McDossierDocument *) g_ptr_array_index (d->documents, k))->received)
          {
            g_autofree char *tag = g_strdup_printf ("%s document %u", d->code, k + 1);
            g_autoptr(GBytes) jpeg = jpeg_with_comment (
                g_ptr_array_index (pool, (i + k) % pool->len), tag);

            g_ptr_array_add (input, mc_attachment_file_new ((int) k, jpeg, NULL));
            bytes += g_bytes_get_size (jpeg);
          }
      /* The documents as at intake, in one transaction; the result when it is recorded. */
      if (input->len > 0 &&
          !mc_dossier_attach (store, d->receiver_id != 0 ? d->receiver_id : actor, d->id, input,
                              FALSE, NULL, &error))
        die (d->code, error);
      files += input->len;
      if (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED)
        {
          g_autofree char *tag = g_strdup_printf ("%s result", d->code);
          g_autoptr(GBytes) jpeg = jpeg_with_comment (
              g_ptr_array_index (pool, (i + 7) % pool->len), tag);
          g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (
              (GDestroyNotify) mc_attachment_file_free);

          g_ptr_array_add (result, mc_attachment_file_new (MC_ATTACHMENT_RESULT, jpeg, NULL));
          if (!mc_dossier_attach (store, d->handler_id != 0 ? d->handler_id : actor, d->id,
                                  result, FALSE, NULL, &error))
            die (d->code, error);
          files++;
          results++;
          bytes += g_bytes_get_size (jpeg);
        }
    }
  attach_s = ms_since (start) / 1000.0;
  after = db_size (&db, store);
  if (server)
    {
      blob = mc_store_testing_int (store, "SELECT pg_total_relation_size('blob')");
      empty = mc_store_testing_int (store, "SELECT pg_database_size('template1')");
    }
  {
    double per = 1000.0 / (double) MAX (n, 1);

    printf ("   %-10s %" G_GINT64_FORMAT " dossiers (demo in %.1f s): without files %.1f MB "
            "(%.2f MB per 1,000 dossiers)\n", db.engine, n, demo_s, before / 1e6,
            before / 1e6 * per);
    printf ("              with %" G_GINT64_FORMAT " files (%" G_GINT64_FORMAT " of the %"
            G_GINT64_FORMAT " documents listed, %" G_GINT64_FORMAT " results; %.1f MB of JPEG, "
            "attached in %.1f s): %.1f MB (%.1f MB per 1,000 dossiers; the files add %.1f MB "
            "per 1,000, %.3f x their bytes)\n",
            files, files - results, docs, results, bytes / 1e6, attach_s, after / 1e6,
            after / 1e6 * per, (after - before) / 1e6 * per,
            bytes > 0 ? (double) (after - before) / bytes : 0.0);
    if (server)
      printf ("              pg_total_relation_size('blob') %.1f MB (%.1f MB per 1,000 "
              "dossiers); pg_database_size grew by %.1f MB; an empty database is %.1f MB of "
              "the sizes above (pg_database_size('template1'))\n",
              blob / 1e6, blob / 1e6 * per, (after - before) / 1e6, empty / 1e6);
  }
  if (n != 1000)
    printf ("              (per 1,000: scaled from %" G_GINT64_FORMAT " dossiers, the fixed part "
            "too, the catalogue, the officers%s: only what the files add scales exactly)\n",
            n, server ? ", an empty database" : "");
  g_clear_object (&store);
  db_drop (&db);
}

int
main (int argc, char **argv)
{
  gint64 dossiers = 1000;
  int runs = 5, scan_runs = 3;
  g_autofree char *dir_arg = NULL;
  g_autofree char *picture = g_strdup ("Color pattern");
  gboolean no_scan = FALSE, no_pdf = FALSE, no_size = FALSE;
  const GOptionEntry entries[] = {
    { "dossiers", 0, 0, G_OPTION_ARG_INT64, &dossiers, "Dossiers of the demo for the database's "
      "size (1000); the size is printed per 1,000", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of the PDF's attach, for its median (5)",
      "N" },
    { "scan-runs", 0, 0, G_OPTION_ARG_INT, &scan_runs, "Runs of each scan, for its median (3)",
      "N" },
    { "test-picture", 0, 0, G_OPTION_ARG_STRING, &picture, "The test backend's picture: "
      "\"Color pattern\" (default), \"Grid\", \"Solid black\", \"Solid white\"", "NAME" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_arg, "Folder for the SQLite files (default: a "
      "new one under the temporary folder, removed at the end); put it on the disk the desk "
      "uses", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep_databases, "Keep the databases made (files and "
      "server databases)", NULL },
    { "no-scan", 0, 0, G_OPTION_ARG_NONE, &no_scan, "Skip 1. (scanning)", NULL },
    { "no-pdf", 0, 0, G_OPTION_ARG_NONE, &no_pdf, "Skip 2. (the 5 MB PDF)", NULL },
    { "no-size", 0, 0, G_OPTION_ARG_NONE, &no_size, "Skip 3. (the database's size)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pool = NULL;
  g_autofree char *dir = NULL;
  gboolean server = g_getenv ("MOTCUA_TEST_PG") != NULL && g_getenv ("MOTCUA_TEST_PG")[0];
  double load[3] = { 0 };

  g_option_context_set_summary (context,
      "Digitisation's figures (issue 15), each with what it is measured on:\n"
      "  1. one A4 page scanned at 300 dpi in colour and in grey from SANE's test backend "
      "(test:0, configured in a temporary SANE_CONFIG_DIR), through the app's own scanning "
      "code: the time to the JPEG that would be stored and to its thumbnail in an attachment "
      "slot (the thumbnail needs a display: xvfb-run -a), with the JPEG's size;\n"
      "  2. a 5 MB PDF of scanned pages stored with mc_dossier_attach (validation, hashing, "
      "write, audit, one transaction) on a SQLite file and, when MOTCUA_TEST_PG names a "
      "cluster (tools/pg-test-cluster), on a fresh PostgreSQL database; and its validation "
      "alone;\n"
      "  3. the database's size per 1,000 demo dossiers, without files and with a typical "
      "scan (an A4 page at 200 dpi grey, JPEG quality 85, as the scan dialog's defaults "
      "make it) on every document received and every result, on both engines.\n"
      "Every database is made new (SQLite files in a temporary folder or --dir, server "
      "databases on MOTCUA_TEST_PG) and removed at the end unless --keep. It takes a few "
      "minutes with the defaults.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mc-bench-attach: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || dossiers < 1 || runs < 1 || scan_runs < 1)
    {
      g_printerr ("mc-bench-attach: bad arguments (see --help)\n");
      return 2;
    }
  if (getloadavg (load, 3) == 3)
    printf ("load average %.2f %.2f %.2f (wall-clock figures wander on a busy machine)\n",
            load[0], load[1], load[2]);

  if (!no_scan)
    {
      gboolean have_gtk;

      sane_setup (picture);
      have_gtk = gtk_init_check ();
      bench_scan (scan_runs, picture, have_gtk);
      sane_cleanup ();
    }
  if (no_pdf && no_size)
    return 0;

  if (dir_arg != NULL)
    {
      if (g_mkdir_with_parents (dir_arg, 0700) != 0)
        {
          g_printerr ("mc-bench-attach: %s: cannot make the folder\n", dir_arg);
          return 1;
        }
      dir = g_strdup (dir_arg);
    }
  else if ((dir = g_dir_make_tmp ("mc-bench-attach-XXXXXX", &error)) == NULL)
    die ("a temporary folder", error);

  /* Typical pages, made once: four different forms; each file stored gets its own bytes. */
  {
    gint64 start = g_get_monotonic_time ();
    gsize sum = 0;

    pool = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    for (guint32 seed = 1; seed <= 4; seed++)
      {
        GBytes *page = typical_page (seed, PAGE_DPI, FALSE, 85);

        sum += g_bytes_get_size (page);
        g_ptr_array_add (pool, page);
      }
    printf ("typical page: A4 at %d dpi grey (1654 x 2339 px), a filled-in form's text with "
            "the scanner's grain, JPEG quality 85 as the scan dialog saves it: %.0f KB on "
            "average (4 forms made in %.1f s); each file stored differs by a JPEG comment "
            "naming its dossier and document\n",
            PAGE_DPI, sum / 4.0 / 1000.0, ms_since (start) / 1000.0);
  }
  printf ("SQLite files in %s\n", dir);

  if (!no_pdf)
    {
      printf ("2. Storing a 5 MB PDF: into a document of a demo dossier (a demo commune of "
              "100), as the administrator; median of %d runs after one not counted, each a "
              "PDF of its own bytes\n", runs);
      bench_pdf (FALSE, dir, pool, runs);
      if (server)
        bench_pdf (TRUE, dir, pool, runs);
      else
        printf ("   PostgreSQL: not measured (MOTCUA_TEST_PG not set: eval \"$(tools/pg-test-"
                "cluster start)\")\n");
    }
  if (!no_size)
    {
      printf ("3. The database's size: a demo commune (mc_demo_fill, seed 1, this year) of %"
              G_GINT64_FORMAT " dossiers, then a typical page (above) on every document "
              "received (one transaction per dossier, as at intake) and on every result "
              "(statuses 9 and 10)\n", dossiers);
      bench_size (FALSE, dir, pool, dossiers);
      if (server)
        bench_size (TRUE, dir, pool, dossiers);
      else
        printf ("   PostgreSQL: not measured (MOTCUA_TEST_PG not set)\n");
    }
  if (dir_arg == NULL && !keep_databases)
    g_rmdir (dir);
  return 0;
}
