/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backups that are checked before they are called backups, restores that check first, and the
 * rotation of the scheduled copies (mc-backup.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-audit.h"
#include "mc-backup.h"
#include "mc-checkpoint.h"
#include "mc-store-internal.h"
#include "mc-date.h"

void
mc_backup_info_clear (McBackupInfo *info)
{
  if (info == NULL)
    return;
  mc_store_contents_clear (&info->contents);
  g_clear_pointer (&info->kept, g_free);
}

static void
remove_with_journals (const char *path)
{
  static const char * const tails[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autofree char *name = g_strconcat (path, tails[i], NULL);
      g_unlink (name);
    }
}

/* The file and its folder's entry on the disk before it is called a backup. */
static void
sync_file_and_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (path, O_RDONLY, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  fd = g_open (dir, O_RDONLY, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* The checks of `check` on the store STORE: FALSE with a sentence naming the first problems. */
static gboolean
check_store (McStore *store, const char *name, GError **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) text = NULL;

  if (mc_checkpoint_check_database (store, FALSE, &problems, NULL, error))
    return TRUE;
  if (problems == NULL || problems->len == 0)
    return FALSE;
  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len && i < 3; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, g_ptr_array_index (problems, i));
    }
  g_clear_error (error);
  g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
               g_dngettext (GETTEXT_PACKAGE,
                            "The copy “%s” did not pass its check (%u problem: %s).",
                            "The copy “%s” did not pass its check (%u problems: %s).",
                            problems->len),
               name, problems->len, text->str);
  return FALSE;
}

/* Opens the file copy PATH (brought up to date, no copy kept of it), checks it as `check` does
 * and reads what it holds. */
static gboolean
verify_file (const char *path, const char *name, McBackupInfo *info, GError **error)
{
  g_autoptr(McStore) copy = NULL;
  g_autoptr(GError) local_error = NULL;

  copy = mc_store_open_copy (path, info != NULL ? &info->schema_before : NULL, &local_error);
  if (copy == NULL)
    {
      /* Said of the file the officer named, not of the temporary one. */
      if (g_error_matches (local_error, MC_ERROR, MC_ERROR_CORRUPT) ||
          (local_error->domain == MC_ERROR && local_error->code == MC_ERROR_INVALID &&
           strstr (local_error->message, path) != NULL))
        g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                     _("“%s” is not a Một Cửa database (it belongs to another program, or it "
                       "is damaged)."), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!check_store (copy, name, error))
    return FALSE;
  if (info != NULL && !mc_store_get_contents (copy, &info->contents, error))
    return FALSE;
  return TRUE;
}

static gboolean
write_server (McStore *store, const char *path, const char *part, McBackupInfo *info,
              GError **error)
{
  g_autoptr(GError) check_error = NULL;
  McStoreDump *dump;
  gint64 start = g_get_monotonic_time ();
  gboolean checked;

  dump = mc_store_dump_begin (store, part, error);
  if (dump == NULL)
    return FALSE;
  /* The same snapshot as pg_dump's, meanwhile. */
  checked = check_store (store, path, &check_error) &&
            (info == NULL || mc_store_get_contents (store, &info->contents, &check_error));
  if (!mc_store_dump_finish (store, dump, error))
    return FALSE;
  if (!checked)
    {
      g_propagate_error (error, g_steal_pointer (&check_error));
      return FALSE;
    }
  if (info != NULL)
    info->seconds_copy = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

gboolean
mc_backup_write (McStore *store, const char *path, McBackupInfo *info, GError **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  remove_with_journals (part);
  if (mc_store_is_server (store))
    ok = write_server (store, path, part, info, error);
  else
    {
      ok = mc_store_copy_to (store, part, error);
      if (info != NULL)
        info->seconds_copy = (g_get_monotonic_time () - start) / 1e6;
      start = g_get_monotonic_time ();
      ok = ok && verify_file (part, path, info, error);
      if (info != NULL)
        info->seconds_verify = (g_get_monotonic_time () - start) / 1e6;
    }
  if (!ok)
    {
      remove_with_journals (part);
      if (error != NULL && *error != NULL && (*error)->code == MC_ERROR_CORRUPT &&
          strstr ((*error)->message, path) == NULL)
        g_prefix_error (error, _("The backup “%s” was not kept: "), path);
      return FALSE;
    }
  g_chmod (part, 0600);
  sync_file_and_folder (part);
  if (g_rename (part, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot write the backup “%s”: %s."),
                   path, g_strerror (saved_errno));
      remove_with_journals (part);
      return FALSE;
    }
  sync_file_and_folder (path);
  if (info != NULL)
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        info->bytes = st.st_size;
    }
  return TRUE;
}

/* TARGET without ".db", then TAIL. */
static char *
beside (const char *target, const char *tail)
{
  g_autofree char *stem = g_str_has_suffix (target, ".db")
                            ? g_strndup (target, strlen (target) - 3) : g_strdup (target);

  return g_strconcat (stem, tail, NULL);
}

/* ---- Restore on a server: checked in a scratch database, then renamed into place ---- */

static McStoreScratch *
mc_backup_restore_server_check (const char *target, const char *file, McBackupInfo *info,
                                GError **error)
{
  McStoreScratch *scratch = mc_store_scratch_restore (target, file, error);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (scratch == NULL)
    return NULL;
  {
    g_autoptr(McStore) copy = mc_store_open_copy (mc_store_scratch_target (scratch),
                                                  info != NULL ? &info->schema_before : NULL,
                                                  &local_error);

    /* Said of the file the administrator named, never of the scratch's connection. */
    if (copy == NULL)
      {
        if (local_error->domain == MC_ERROR && (local_error->code == MC_ERROR_INVALID ||
                                                local_error->code == MC_ERROR_CORRUPT))
          g_set_error (error, MC_ERROR, MC_ERROR_CORRUPT,
                       _("“%s” is not a Một Cửa database (it belongs to another program, or it "
                         "is damaged)."), file);
        else
          g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot check the copy “%s”."),
                       file);
        g_debug ("opening the scratch of %s: %s", file, local_error->message);
        ok = FALSE;
      }
    else
      ok = check_store (copy, file, error) &&
           (info == NULL || mc_store_get_contents (copy, &info->contents, error));
  }
  if (!ok)
    {
      mc_store_scratch_free (scratch);
      return NULL;
    }
  return scratch;
}

struct _McBackupRestore
{
  char    *target;
  char    *file;
  char    *temp;       /* the checked copy beside a file database */
  char    *by;         /* who restores it, for the audit record */
  McStoreScratch *scratch;   /* on a server: the checked copy, restored beside the database */
};

void
mc_backup_restore_free (McBackupRestore *restore)
{
  if (restore == NULL)
    return;
  if (restore->temp != NULL)
    remove_with_journals (restore->temp);
  if (restore->scratch != NULL)
    mc_store_scratch_free (restore->scratch);
  g_free (restore->target);
  g_free (restore->file);
  g_free (restore->temp);
  g_free (restore->by);
  g_free (restore);
}

void
mc_backup_restore_set_by (McBackupRestore *restore, const char *by)
{
  g_free (restore->by);
  restore->by = g_strdup (by);
}

/* The restore's own record, the first of the restored database after the copy's: from which
 * file, by whom, and where the database it replaced was kept. Written into the checked copy
 * before anything is replaced, so that a failure leaves everything as it was. The officer is
 * named in the text (actor 0): an id of today's database may be someone else, or nobody, in an
 * older copy. */
static gboolean
record_restore (McBackupRestore *restore, const char *kept, GError **error)
{
  g_autoptr(McStore) store = mc_store_open (restore->temp, error);
  g_autofree char *details = NULL;

  if (store == NULL)
    return FALSE;
  details = g_strdup_printf ("restored from %s by %s; the database it replaced is kept as %s",
                             restore->file,
                             restore->by != NULL ? restore->by : g_get_user_name (),
                             kept != NULL ? kept : "(none)");
  if (!mc_store_begin (store, error))
    return FALSE;
  if (!mc_audit_append (store, 0, "backup.restore", "database", 0, details, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

const char *
mc_backup_restore_get_target (McBackupRestore *restore)
{
  return restore->target;
}

McBackupRestore *
mc_backup_restore_check (const char *target, const char *file, McBackupInfo *info,
                         GError **error)
{
  McBackupRestore *restore;

  g_return_val_if_fail (target != NULL && file != NULL, NULL);

  restore = g_new0 (McBackupRestore, 1);
  restore->target = g_strdup (target);
  restore->file = g_strdup (file);
  if (mc_store_target_is_server (target))
    {
      restore->scratch = mc_backup_restore_server_check (target, file, info, error);
      if (restore->scratch == NULL)
        {
          mc_backup_restore_free (restore);
          return NULL;
        }
      return restore;
    }
  /* The copy's check, on a copy of the copy beside the database (same disk, so the last step
   * is a rename). */
  restore->temp = g_strconcat (target, ".restoring", NULL);
  remove_with_journals (restore->temp);
  if (!mc_store_copy_file (file, restore->temp, error) ||
      !verify_file (restore->temp, file, info, error))
    {
      mc_backup_restore_free (restore);
      return NULL;
    }
  return restore;
}

gboolean
mc_backup_restore_finish (McBackupRestore *restore, McBackupInfo *info, GError **error)
{
  g_autofree char *kept = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *target = restore->target;
  const char *temp = restore->temp;
  gboolean in_use = FALSE;
  gboolean ok;

  if (restore->scratch != NULL)
    {
      ok = mc_store_scratch_swap (restore->scratch, &kept, error);
      if (ok && info != NULL)
        {
          g_free (info->kept);
          info->kept = g_steal_pointer (&kept);
        }
      mc_backup_restore_free (restore);
      return ok;
    }
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      stamp = g_date_time_format (now, "-before-restore-%Y%m%d-%H%M%S.db");
      kept = beside (target, stamp);
    }
  if (!record_restore (restore, kept, error))
    {
      g_prefix_error (error, _("The restore could not be recorded in the copy's audit log; "
                               "nothing was changed: "));
      mc_backup_restore_free (restore);
      return FALSE;
    }
  /* Only now is the database set aside, as it is, -wal and all. */
  if (kept != NULL)
    {
      if (!mc_store_release_file (target, &in_use, error))
        {
          mc_backup_restore_free (restore);
          return FALSE;
        }
      if (g_rename (target, kept) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                       _("Cannot set the database “%s” aside: %s; nothing was changed."), target,
                       g_strerror (saved_errno));
          mc_backup_restore_free (restore);
          return FALSE;
        }
      {
        g_autofree char *wal = g_strconcat (target, "-wal", NULL);
        g_autofree char *kept_wal = g_strconcat (kept, "-wal", NULL);

        if (g_file_test (wal, G_FILE_TEST_EXISTS))
          g_rename (wal, kept_wal);
      }
    }
  sync_file_and_folder (temp);
  if (g_rename (temp, target) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED, _("Cannot put the copy in place of “%s”: "
                   "%s. The database was set aside as “%s”."), target, g_strerror (saved_errno),
                   kept != NULL ? kept : "");
      mc_backup_restore_free (restore);
      return FALSE;
    }
  sync_file_and_folder (target);
  g_clear_pointer (&restore->temp, g_free);
  mc_backup_restore_free (restore);
  if (info != NULL)
    {
      g_free (info->kept);
      info->kept = g_steal_pointer (&kept);
    }
  return TRUE;
}

gboolean
mc_backup_restore (const char *target, const char *file, McBackupInfo *info, GError **error)
{
  McBackupRestore *restore = mc_backup_restore_check (target, file, info, error);

  return restore != NULL && mc_backup_restore_finish (restore, info, error);
}

gboolean
mc_backup_may_restore (McStore *store, gint64 actor_id, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (mc_store_actor_role (store, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can restore a backup."));
      return FALSE;
    }
  if (mc_store_is_server (store))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A server database is restored by the server's administrator with "
                     "“motcua-cli --db ADDRESS restore FILE.dump”, with no workstation "
                     "connected; see the manual, “Backups”."));
      return FALSE;
    }
  return TRUE;
}

char *
mc_backup_age_text (gint64 seconds)
{
  gint64 minutes = MAX (0, seconds) / 60, hours = minutes / 60, days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) minutes), (int) minutes);
  if (hours < 48)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong) hours), (int) hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       (gulong) days), (int) days);
}

/* The date of T as the desk writes it, in Vietnam time: "04/12/2026 09:30". */
static char *
local_text (McTime t)
{
  int y, m, d, minute = mc_minute_of_time (t);

  mc_day_to_ymd (mc_day_of_time (t), &y, &m, &d);
  return g_strdup_printf ("%02d/%02d/%04d %02d:%02d", d, m, y, minute / 60, minute % 60);
}

/* What an audit record's action was, in words an administrator reads (the record keeps its
 * code); NULL for a code not listed. */
static const struct { const char *action; const char *text; } audit_actions[] = {
  { "backup.folder", N_("the backup folder chosen") },
  { "backup.restore", N_("a backup restored") },
  { "calendar.office_hours", N_("the office hours changed") },
  { "calendar.year", N_("a year's calendar changed") },
  { "checkpoint.create", N_("a checkpoint signed") },
  { "demo", N_("the demo commune made") },
  { "dossier.accept", N_("an online dossier accepted") },
  { "dossier.apologize", N_("an apology letter (form 04) and a new appointment") },
  { "dossier.assign", N_("a dossier assigned") },
  { "dossier.attach", N_("a file attached to a dossier") },
  { "dossier.due", N_("an appointment changed") },
  { "dossier.edit", N_("a dossier corrected") },
  { "dossier.hand_over", N_("a result handed over") },
  { "dossier.import", N_("a dossier imported") },
  { "dossier.payment_received", N_("a payment received") },
  { "dossier.reassign", N_("a dossier reassigned") },
  { "dossier.receive", N_("a dossier received at the desk") },
  { "dossier.recompute_due", N_("the appointments counted again") },
  { "dossier.record_result", N_("a result recorded") },
  { "dossier.refuse", N_("a dossier refused") },
  { "dossier.request_payment", N_("a payment requested") },
  { "dossier.request_supplement", N_("a supplement requested") },
  { "dossier.send_back", N_("a dossier sent back by a leader") },
  { "dossier.sign", N_("a result signed") },
  { "dossier.step", N_("a mandatory step recorded") },
  { "dossier.stop", N_("a dossier stopped") },
  { "dossier.submit_for_signature", N_("a dossier submitted for signature") },
  { "dossier.submit_online", N_("a dossier submitted online") },
  { "dossier.supplement_received", N_("a supplement received") },
  { "dossier.withdraw", N_("a dossier withdrawn") },
  { "import", N_("a CSV file imported") },
  { "init", N_("the database made") },
  { "inspection.check", N_("a dossier of a spot inspection checked") },
  { "inspection.draw", N_("a spot inspection drawn") },
  { "officer.create", N_("an officer's account made") },
  { "officer.disable", N_("an officer's account disabled") },
  { "officer.enable", N_("an officer's account enabled") },
  { "officer.password", N_("a password changed") },
  { "officer.role", N_("an officer's role changed") },
  { "officer.sign_in", N_("an officer signed in") },
  { "officer.sign_in_failed", N_("a sign-in refused") },
  { "procedure.save", N_("a procedure changed") },
  { "report.note", N_("a report's notes written") },
  { "setting", N_("a setting changed") },
  { "signature.create", N_("a signature made") },
  { "signing_key.confirm", N_("a signing key confirmed") },
  { "signing_key.create", N_("a signing key made") },
  { "signing_key.reencrypt", N_("a signing key protected anew") },
  { "signing_key.retire", N_("a signing key retired") },
  { "signing_key.revoke", N_("a signing key revoked") },
  { "target", N_("a target changed") },
};

static const char *
audit_action_text (const char *action)
{
  for (gsize i = 0; i < G_N_ELEMENTS (audit_actions); i++)
    if (g_strcmp0 (audit_actions[i].action, action) == 0)
      return _(audit_actions[i].text);
  return action;
}

char *
mc_backup_describe_contents (const McStoreContents *c)
{
  GString *text = g_string_new (NULL);

  if (c->last_dossier != NULL)
    {
      g_autofree char *at = c->last_dossier_at != MC_TIME_NONE ? local_text (c->last_dossier_at)
                                                               : g_strdup ("–");

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "It holds %lld dossier; the last, %s, received %s.",
                                           "It holds %lld dossiers; the last, %s, received %s.",
                                           (gulong) c->dossiers),
                              (long long) c->dossiers, c->last_dossier, at);
    }
  else
    g_string_append (text, _("It holds no dossier."));
  if (c->last_audit_action != NULL)
    {
      g_autofree char *at = local_text (c->last_audit_at);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Its last audit record (of %lld): %s, %s."),
                              (long long) c->audit_records,
                              audit_action_text (c->last_audit_action), at);
    }
  return g_string_free (text, FALSE);
}

/* ---- Scheduled backups ---- */

char *
mc_backup_name (McTime t, gboolean server)
{
  McDay day = mc_day_of_time (t);
  int minute = mc_minute_of_time (t);
  int y, m, d;

  mc_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("motcua-%04d-%02d-%02d-%02d%02d%02d.%s", y, m, d, minute / 60,
                          minute % 60, (int) (((t % 60) + 60) % 60), server ? "dump" : "db");
}

gboolean
mc_backup_name_time (const char *name, McTime *t)
{
  int y, m, d, hh, mm, ss;
  char ext[8] = "";

  if (sscanf (name, "motcua-%4d-%2d-%2d-%2d%2d%2d.%7s", &y, &m, &d, &hh, &mm, &ss, ext) != 7 ||
      (!g_str_equal (ext, "db") && !g_str_equal (ext, "dump")) || !mc_ymd_is_valid (y, m, d) ||
      hh > 23 || mm > 59 || ss > 59)
    return FALSE;
  *t = mc_time_from_day (mc_day_from_ymd (y, m, d), hh * 60 + mm) + ss;
  return TRUE;
}

static int
compare_desc (gconstpointer a, gconstpointer b, gpointer data)
{
  const McTime *times = data;
  McTime ta = times[*(const guint *) a], tb = times[*(const guint *) b];

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static gint64
period_of (McTime t, int kind)
{
  McDay day = mc_day_of_time (t);
  int y, m, d;

  switch (kind)
    {
    case 0:
      return day;
    case 1:
      return day - (mc_day_weekday (day) - 1);   /* its week's Monday */
    default:
      mc_day_to_ymd (day, &y, &m, &d);
      return (gint64) y * 12 + (m - 1);
    }
}

void
mc_backup_rotation (const McTime *times, guint n, gboolean *keep)
{
  static const int counts[] = { MC_BACKUP_KEEP_DAILY, MC_BACKUP_KEEP_WEEKLY,
                                MC_BACKUP_KEEP_MONTHLY };
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      order[i] = i;
      keep[i] = FALSE;
    }
  g_qsort_with_data (order, n, sizeof (guint), compare_desc, (gpointer) times);
  for (int kind = 0; kind < 3; kind++)
    {
      int kept = 0;
      gboolean any = FALSE;
      gint64 last = 0;

      /* Newest first: the first backup met in each period is its newest. */
      for (guint i = 0; i < n && kept < counts[kind]; i++)
        {
          gint64 p = period_of (times[order[i]], kind);

          if (any && p == last)
            continue;
          any = TRUE;
          last = p;
          keep[order[i]] = TRUE;
          kept++;
        }
    }
}

char *
mc_backup_folder (McStore *store)
{
  g_autofree char *folder = mc_store_get_setting (store, "backup.folder", NULL);
  g_autofree char *dir = NULL;

  if (folder != NULL && folder[0] != '\0')
    return g_steal_pointer (&folder);
  if (mc_store_is_server (store))
    return g_build_filename (g_get_user_data_dir (), "motcua", "backups", NULL);
  dir = g_path_get_dirname (mc_store_get_path (store));
  return g_build_filename (dir, "backups", NULL);
}

gboolean
mc_backup_last (const char *folder, char **path, McTime *at)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *best = NULL;
  McTime best_at = 0;
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      McTime t;

      if (mc_backup_name_time (name, &t) && (best == NULL || t > best_at))
        {
          g_free (best);
          best = g_strdup (name);
          best_at = t;
        }
    }
  if (best == NULL)
    return FALSE;
  if (path != NULL)
    *path = g_build_filename (folder, best, NULL);
  if (at != NULL)
    *at = best_at;
  return TRUE;
}

McBackupStatus
mc_backup_status (const char *folder, McTime now, McTime *last_at)
{
  McTime at = 0;

  if (last_at != NULL)
    *last_at = MC_TIME_NONE;
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return MC_BACKUP_STATUS_FOLDER_MISSING;
  if (!mc_backup_last (folder, NULL, &at))
    return MC_BACKUP_STATUS_NONE;
  if (last_at != NULL)
    *last_at = at;
  return now - at > MC_BACKUP_MAX_AGE ? MC_BACKUP_STATUS_OLD : MC_BACKUP_STATUS_OK;
}

char *
mc_backup_status_text (McBackupStatus status, const char *folder, McTime last_at, McTime now)
{
  switch (status)
    {
    case MC_BACKUP_STATUS_OK:
      return NULL;
    case MC_BACKUP_STATUS_FOLDER_MISSING:
      return g_strdup_printf (_("The backup folder “%s” is missing (a USB drive unplugged?): "
                                "no backup can be made. Tell the administrator."), folder);
    case MC_BACKUP_STATUS_NONE:
      return g_strdup_printf (_("There is no backup in “%s” yet. Tell the administrator."),
                              folder);
    case MC_BACKUP_STATUS_OLD:
    default:
      {
        int days = (int) ((now - last_at) / (24 * 3600));

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The last backup is %d day old. Tell the "
                                             "administrator.",
                                             "The last backup is %d days old. Tell the "
                                             "administrator.", days), days);
      }
    }
}

gboolean
mc_backup_up_to_date (McStore *store, const char *folder)
{
  McTime last_backup = 0, last_change = MC_TIME_NONE;

  if (!mc_backup_last (folder, NULL, &last_backup) ||
      !mc_store_last_audit_at (store, &last_change, NULL))
    return FALSE;
  /* A backup's name keeps its second: a change in that second may have come after it. */
  return last_change == MC_TIME_NONE || last_backup > last_change;
}

gboolean
mc_backup_due_today (const char *folder, McTime now)
{
  McTime at = 0;

  return !mc_backup_last (folder, NULL, &at) || mc_day_of_time (at) != mc_day_of_time (now);
}

gboolean
mc_backup_scheduled (McStore *store, const char *folder, char **path_out, McBackupInfo *info,
                     GError **error)
{
  g_autofree char *name = mc_backup_name (mc_now (), mc_store_is_server (store));
  g_autofree char *path = g_build_filename (folder, name, NULL);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *parent = g_path_get_dirname (folder);

      /* A missing stick is not made up as a folder on the computer's disk. */
      if (!g_file_test (parent, G_FILE_TEST_IS_DIR) || g_mkdir (folder, 0700) != 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                       _("The backup folder “%s” is missing (a USB drive unplugged?)."), folder);
          return FALSE;
        }
    }
  if (!mc_backup_write (store, path, info, error))
    return FALSE;
  mc_backup_rotate_folder (folder);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return TRUE;
}

guint
mc_backup_rotate_folder (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (McTime));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *keep = NULL;
  const char *entry;
  guint removed = 0;

  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      McTime t;

      if (mc_backup_name_time (entry, &t))
        {
          g_array_append_val (times, t);
          g_ptr_array_add (names, g_strdup (entry));
        }
    }
  keep = g_new0 (gboolean, MAX (times->len, 1));
  mc_backup_rotation ((const McTime *) times->data, times->len, keep);
  for (guint i = 0; i < times->len; i++)
    if (!keep[i])
      {
        g_autofree char *old = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

        if (g_unlink (old) == 0)
          removed++;
      }
  return removed;
}
