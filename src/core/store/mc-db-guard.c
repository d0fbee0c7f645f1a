/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Without large-file redirection: this file defines open() and open64() as two symbols. */
#undef _FILE_OFFSET_BITS
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <sqlite3.h>
#ifdef __linux__
#include <sys/statfs.h>
#include <sys/syscall.h>
#endif

#include "mc-db-guard.h"

/* ---- The guard of open() ----
 *
 * SQLite locks with POSIX advisory locks, which belong to the process: when any descriptor of
 * the database file is closed, every lock the process holds on it is gone. A file dialog that
 * browses the database's folder opens each file to guess its type, and closes it; the next
 * motcua-cli run then believes it is alone, checkpoints and deletes the live -wal and -shm, and
 * the window goes on writing into a deleted WAL: committed work lost. So in this process nothing
 * but SQLite may open a live database or its -wal, -shm and -journal: open() is wrapped, SQLite
 * is given the real system call, and any other caller is told EACCES for those files (the
 * dialog then shows the file without guessing its type). */

#ifdef __linux__
typedef struct {
  guint  id;
  char  *base;      /* the file's name, for a quick test before any stat() */
  dev_t  dev;
  ino_t  ino;
  char  *path;
} Guarded;

static GMutex guard_lock;
static GPtrArray *guarded;
static guint guard_next_id = 1;

static int
real_open (const char *path, int flags, ...)
{
  mode_t mode = 0;

  if (flags & (O_CREAT | O_TMPFILE))
    {
      va_list ap;

      va_start (ap, flags);
      mode = va_arg (ap, int);
      va_end (ap);
    }
  return (int) syscall (SYS_openat, AT_FDCWD, path, flags, mode);
}

/* Whether PATH names a live database or one of its companion files. */
static gboolean
is_guarded (int dirfd, const char *path)
{
  const char *base;
  gboolean hit = FALSE;

  if (path == NULL || g_atomic_pointer_get (&guarded) == NULL)
    return FALSE;
  base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;

  g_mutex_lock (&guard_lock);
  for (guint i = 0; guarded != NULL && i < guarded->len && !hit; i++)
    {
      const Guarded *g = g_ptr_array_index (guarded, i);
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
      struct stat st;

      if (!g_str_has_prefix (base, g->base))
        continue;
      for (gsize s = 0; s < G_N_ELEMENTS (suffixes) && !hit; s++)
        if (g_str_equal (base + strlen (g->base), suffixes[s]))
          {
            g_autofree char *mine = g_strconcat (g->path, suffixes[s], NULL);
            struct stat own;

            /* The same file by its identity, whatever the path's spelling. */
            if (fstatat (dirfd, path, &st, 0) == 0 && stat (mine, &own) == 0)
              hit = st.st_dev == own.st_dev && st.st_ino == own.st_ino;
          }
    }
  g_mutex_unlock (&guard_lock);
  return hit;
}

static int
guarded_open (int dirfd, const char *path, int flags, mode_t mode)
{
  if (is_guarded (dirfd, path))
    {
      errno = EACCES;
      return -1;
    }
  return (int) syscall (SYS_openat, dirfd, path, flags, mode);
}

#define MODE_ARG(flags, mode) \
  G_STMT_START { \
    if ((flags) & (O_CREAT | O_TMPFILE)) \
      { \
        va_list ap; \
        va_start (ap, flags); \
        mode = va_arg (ap, int); \
        va_end (ap); \
      } \
  } G_STMT_END

int open (const char *path, int flags, ...);
int open64 (const char *path, int flags, ...);
int openat (int dirfd, const char *path, int flags, ...);
int openat64 (int dirfd, const char *path, int flags, ...);

int
open (const char *path, int flags, ...)
{
  mode_t mode = 0;

  MODE_ARG (flags, mode);
  return guarded_open (AT_FDCWD, path, flags, mode);
}

int
open64 (const char *path, int flags, ...)
{
  mode_t mode = 0;

  MODE_ARG (flags, mode);
  return guarded_open (AT_FDCWD, path, flags, mode);
}

int
openat (int dirfd, const char *path, int flags, ...)
{
  mode_t mode = 0;

  MODE_ARG (flags, mode);
  return guarded_open (dirfd, path, flags, mode);
}

int
openat64 (int dirfd, const char *path, int flags, ...)
{
  mode_t mode = 0;

  MODE_ARG (flags, mode);
  return guarded_open (dirfd, path, flags, mode);
}

void
mc_db_guard_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

      /* Before any connection: SQLite's own opens bypass the guard. */
      if (vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL)
        vfs->xSetSystemCall (vfs, "open", (sqlite3_syscall_ptr) real_open);
      g_once_init_leave (&done, 1);
    }
}

guint
mc_db_guard_add (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *real_dir = realpath (dir, NULL);
  Guarded *g;
  struct stat st;

  if (real_dir == NULL || stat (path, &st) != 0)
    return 0;
  g = g_new0 (Guarded, 1);
  g->base = g_path_get_basename (path);
  g->path = g_build_filename (real_dir, g->base, NULL);
  g->dev = st.st_dev;
  g->ino = st.st_ino;
  g_mutex_lock (&guard_lock);
  if (guarded == NULL)
    g_atomic_pointer_set (&guarded, g_ptr_array_new ());
  g->id = guard_next_id++;
  g_ptr_array_add (guarded, g);
  g_mutex_unlock (&guard_lock);
  return g->id;
}

void
mc_db_guard_remove (guint id)
{
  g_mutex_lock (&guard_lock);
  for (guint i = 0; guarded != NULL && i < guarded->len; i++)
    {
      Guarded *g = g_ptr_array_index (guarded, i);

      if (g->id == id)
        {
          g_ptr_array_remove_index_fast (guarded, i);
          g_free (g->base);
          g_free (g->path);
          g_free (g);
          break;
        }
    }
  g_mutex_unlock (&guard_lock);
}

/* SQLite's WAL needs shared memory and locks that network filesystems do not give. */
gboolean
mc_db_on_network_filesystem (const char *dir)
{
  struct statfs fs;

  if (statfs (dir, &fs) != 0)
    return FALSE;
  switch ((unsigned long) fs.f_type)
    {
    case 0x6969:          /* NFS */
    case 0x517B:          /* SMB */
    case 0xFF534D42:      /* CIFS */
    case 0xFE534D42:      /* SMB2 */
    case 0x564c:          /* NCP */
    case 0x47504653:      /* GPFS */
    case 0x65735546:      /* FUSE (sshfs and the like) */
    case 0x6B414653:      /* AFS */
      return TRUE;
    default:
      return FALSE;
    }
}
#else
void mc_db_guard_init (void) { }
guint mc_db_guard_add (const char *path) { return 0; }
void mc_db_guard_remove (guint id) { }
gboolean mc_db_on_network_filesystem (const char *dir) { return FALSE; }
#endif

