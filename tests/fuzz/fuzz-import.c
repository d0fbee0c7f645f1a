/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the dossier CSV import (libcsv and every check behind it). Whatever the
 * bytes, the import must either succeed or refuse with an error, never crash, never leak and
 * never leave a half-written database. Built by tests/fuzz/meson.build; see the notes there.
 * With MC_FUZZ_RUNNER it is a plain program that runs the files named on its command line through
 * the same function, so the ordinary (gcc) build keeps the target compiling and the corpus
 * passing. */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "mc-import.h"
#include "mc-store-internal.h"
#include "mc-store-testing.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static McStore *store;
static char *path;

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  int fd;

  store = mc_store_create (":memory:", &error);
  g_assert_no_error (error);
  /* One procedure, so that rows naming it get as far as the database. */
  g_assert_true (mc_store_testing_exec (store,
      "INSERT INTO procedure (code, name, limit_kind, limit_value) VALUES ('1.001193', "
      "'Đăng ký khai sinh', 0, 0), ('2.000815', 'Chứng thực', 1, 2)", NULL));
  fd = g_file_open_tmp ("motcua-fuzz-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  gint64 before, imported = -1, updated = -1;
  FILE *file;

  if (store == NULL)
    set_up ();
  file = g_fopen (path, "wb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (data, 1, size, file), ==, size);
  g_assert_cmpint (fclose (file), ==, 0);

  /* An outer transaction undone after each input keeps the database the same for the next. */
  g_assert_true (mc_store_begin (store, NULL));
  before = mc_store_count_dossiers (store);
  if (mc_import_csv (store, 0, path, &imported, &updated, NULL, NULL, NULL, &error))
    {
      g_assert_no_error (error);
      g_assert_cmpint (mc_store_count_dossiers (store), ==, before + imported);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpint (mc_store_count_dossiers (store), ==, before);
    }
  mc_store_rollback (store);
  return 0;
}

#ifdef MC_FUZZ_RUNNER
int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *content = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (argv[i], &content, &length, &error))
        g_error ("%s", error->message);
      LLVMFuzzerTestOneInput ((const guint8 *) content, length);
      g_print ("ok %s\n", argv[i]);
    }
  if (path != NULL)
    g_unlink (path);
  g_clear_object (&store);
  g_free (path);
  return 0;
}
#endif
