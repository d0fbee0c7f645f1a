/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-paths.h"

char *
mc_paths_program_dir (const char *argv0)
{
  g_autofree char *exe = NULL;

#ifdef G_OS_WIN32
  {
    g_autofree char *root = g_win32_get_package_installation_directory_of_module (NULL);

    if (root != NULL)
      return g_build_filename (root, "bin", NULL);
  }
#else
  exe = g_file_read_link ("/proc/self/exe", NULL);
#endif
  if (exe == NULL && argv0 != NULL && argv0[0] != '\0')
    {
      if (strchr (argv0, G_DIR_SEPARATOR) != NULL)
        exe = g_canonicalize_filename (argv0, NULL);
      else
        exe = g_find_program_in_path (argv0);
    }
  return exe != NULL ? g_path_get_dirname (exe) : NULL;
}

/* The build folder the program runs from (two or three levels above it, with build.ninja and
 * meson-private/), or NULL when it is installed. */
static char *
build_root (const char *program_dir)
{
  g_autofree char *dir = g_strdup (program_dir);

  for (int up = 0; dir != NULL && up < 3; up++)
    {
      g_autofree char *ninja = g_build_filename (dir, "build.ninja", NULL);
      g_autofree char *private = g_build_filename (dir, "meson-private", NULL);
      char *parent;

      if (g_file_test (ninja, G_FILE_TEST_IS_REGULAR) && g_file_test (private, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
      parent = g_path_get_dirname (dir);
      if (g_strcmp0 (parent, dir) == 0)
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  return NULL;
}

/* The installation prefix of a program in <prefix>/<bindir>. */
static char *
prefix_of (const char *program_dir)
{
  g_auto(GStrv) parts = g_strsplit (MC_BINDIR_REL, G_DIR_SEPARATOR_S, -1);
  char *dir = g_strdup (program_dir);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *parent = g_path_get_dirname (dir);

      g_free (dir);
      dir = parent;
    }
  return dir;
}

/* Whether DIR holds a catalogue of ours in one of the languages shipped. */
static gboolean
has_catalogue (const char *dir)
{
  g_auto(GStrv) languages = g_strsplit (MC_LINGUAS, " ", -1);

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *mo = NULL;

      if (languages[i][0] == '\0')
        continue;
      mo = g_build_filename (dir, languages[i], "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

char *
mc_paths_locale_dir (const char *argv0)
{
  const char *env = g_getenv ("MOTCUA_LOCALEDIR");
  g_autofree char *program = NULL, *root = NULL, *prefix = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  program = mc_paths_program_dir (argv0);
  if (program != NULL && (root = build_root (program)) != NULL)
    {
      g_autofree char *po = g_build_filename (root, "po", NULL);

      if (has_catalogue (po))
        return g_steal_pointer (&po);
    }
  if (program != NULL && (prefix = prefix_of (program)) != NULL)
    {
      g_autofree char *moved = g_build_filename (prefix, MC_LOCALEDIR_REL, NULL);

      if (has_catalogue (moved))
        return g_steal_pointer (&moved);
    }
  return g_strdup (LOCALEDIR);
}

char *
mc_paths_schema_dir (const char *argv0)
{
  const char *env = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *program = NULL, *root = NULL, *prefix = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  program = mc_paths_program_dir (argv0);
  if (program != NULL && (root = build_root (program)) != NULL)
    {
      g_autofree char *dir = g_build_filename (root, "resources", NULL);
      g_autofree char *compiled = g_build_filename (dir, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&dir);
    }
  if (program != NULL && (prefix = prefix_of (program)) != NULL)
    {
      g_autofree char *dir = g_build_filename (prefix, MC_DATADIR_REL, "glib-2.0", "schemas", NULL);
      g_autofree char *compiled = g_build_filename (dir, "gschemas.compiled", NULL);
      g_autofree char *installed = g_build_filename (DATADIR, "glib-2.0", "schemas", NULL);

      /* The system's own folder is searched anyway; only a moved installation needs naming. */
      if (g_strcmp0 (dir, installed) != 0 && g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&dir);
    }
  return NULL;
}

void
mc_paths_init_i18n (const char *argv0)
{
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "");
  dir = mc_paths_locale_dir (argv0);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
