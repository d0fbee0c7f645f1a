/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "mc-date.h"
#include "mc-catalogue.h"
#include "mc-store-testing.h"
#include "mc-test-util.h"
#include "mc-workflow.h"
#include "mc-account.h"
#include "mc-signature.h"

char *
mc_test_new_target (const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;
  char *server = mc_store_testing_new_server_database (&error);

  g_assert_no_error (error);
  if (server != NULL)
    return server;
  if (dir == NULL)
    return g_strdup (":memory:");
  return g_build_filename (dir, name != NULL ? name : "test.db", NULL);
}

gboolean
mc_test_on_server (void)
{
  const char *pg = g_getenv ("MOTCUA_TEST_PG");

  return pg != NULL && pg[0] != '\0';
}

McStore *
mc_test_store_new (gboolean defaults)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = mc_test_new_target (NULL, NULL);
  g_autoptr(McStore) store = mc_store_create (target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (defaults)
    {
      mc_catalogue_init_defaults (store, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

McTime
mc_test_time (const char *text)
{
  McTime t = 0;

  if (!mc_parse_time (text, &t))
    g_error ("bad test time “%s”", text);
  return t;
}

McDay
mc_test_day (const char *text)
{
  McDay d = 0;

  if (!mc_parse_day (text, &d))
    g_error ("bad test day “%s”", text);
  return d;
}

char *
mc_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

gint64
mc_test_query_int (McStore *store, const char *sql)
{
  return mc_store_testing_int (store, sql);
}

void
mc_test_exec (McStore *store, const char *format, ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (!mc_store_testing_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

char *
mc_test_sql_text (const char *text)
{
  GString *s;

  if (text == NULL)
    return g_strdup ("NULL");
  s = g_string_new ("'");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (s, '\'');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

char *
mc_test_sql_time (McTime t)
{
  if (t == MC_TIME_NONE)
    return g_strdup ("NULL");
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) t);
}

char *
mc_test_sql_id (gint64 id)
{
  if (id == 0)
    return g_strdup ("NULL");
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

const char *
mc_test_sql_bool (gboolean value)
{
  return value ? "TRUE" : "FALSE";
}

static McOfficer *
leader_signs_in (McStore *store, const char *username, const char *password)
{
  g_autoptr(GError) error = NULL;
  McOfficer *officer = mc_account_authenticate (store, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (officer);
  return officer;
}

gint64
mc_test_leader_ready (McStore *store, const char *username, const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) leader = leader_signs_in (store, username, password);
  g_autoptr(McOfficer) other = NULL;
  McRole wanted = leader->role == MC_ROLE_CHAIRMAN ? MC_ROLE_VICE_CHAIRMAN : MC_ROLE_CHAIRMAN;

  g_assert_true (leader->role == MC_ROLE_VICE_CHAIRMAN || leader->role == MC_ROLE_CHAIRMAN);
  /* The one who confirms: a leader of the other kind, made here when there is none. */
  other = mc_account_find (store, wanted == MC_ROLE_CHAIRMAN ? "xacnhan" : "xacnhanpho", NULL);
  if (other == NULL)
    {
      g_assert_cmpint (mc_account_create (store, 0,
                                          wanted == MC_ROLE_CHAIRMAN ? "Chủ tịch xác nhận"
                                                                     : "Phó Chủ tịch xác nhận",
                                          NULL, wanted,
                                          wanted == MC_ROLE_CHAIRMAN ? "xacnhan" : "xacnhanpho",
                                          password, &error), >, 0);
      g_assert_no_error (error);
      other = leader_signs_in (store, wanted == MC_ROLE_CHAIRMAN ? "xacnhan" : "xacnhanpho",
                               password);
      /* The first two keys of a commune confirm each other. */
      g_assert_true (mc_signature_confirm_key (store, leader->id, other->id, password, &error));
      g_assert_no_error (error);
    }
  g_assert_true (mc_signature_confirm_key (store, other->id, leader->id, password, &error));
  g_assert_no_error (error);
  return leader->id;
}

void
mc_test_apply (McStore *store, gint64 actor, gint64 dossier, McAction action, McActionArgs args)
{
  g_autoptr(GError) error = NULL;

  if (!mc_workflow_apply (store, actor, dossier, action, &args, &error))
    g_error ("%s: %s", mc_action_to_string (action), error->message);
}

gint64
mc_test_submitted (McStore *store, gint64 procedure, gint64 desk, gint64 spec,
                   const char *applicant, const char *result, const char *note)
{
  g_autoptr(GError) error = NULL;
  McIntake in = { 0 };
  gint64 id;

  in.procedure_id = procedure;
  in.channel = MC_CHANNEL_DESK;
  in.applicant_name = applicant;
  in.applicant_id_number = "001085012345";
  in.request = "Chứng thực bản sao giấy khai sinh";
  id = mc_workflow_intake (store, desk, &in, &error);
  g_assert_no_error (error);
  mc_test_apply (store, desk, id, MC_ACTION_ASSIGN, (McActionArgs) { .officer_id = spec });
  mc_test_apply (store, spec, id, MC_ACTION_SUBMIT_FOR_SIGNATURE,
                 (McActionArgs) { .result = result, .note = note });
  return id;
}

/* ---- Files ---- */

GBytes *
mc_test_make_image (const char *type, int width, int height, guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
mc_test_make_pdf (int pages, const char *text, gsize min_bytes)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, out, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (int i = 0; i < pages; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s %d", text, i + 1);

      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, line);
      if (min_bytes > 0 && i == 0)
        {
          /* Noise does not compress: about 4 bytes a pixel. */
          int side = (int) sqrt ((double) min_bytes / 3.0) + 1;
          cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
          guint32 *px = (guint32 *) cairo_image_surface_get_data (img);
          GRand *rand = g_rand_new_with_seed (15);

          for (int k = 0; k < side * side; k++)
            px[k] = g_rand_int (rand) & 0xffffff;
          g_rand_free (rand);
          cairo_surface_mark_dirty (img);
          cairo_set_source_surface (cr, img, 0, 100);
          cairo_paint (cr);
          cairo_surface_destroy (img);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}
