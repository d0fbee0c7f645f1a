/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For core's own modules only: the GUI and the CLI never see sqlite3. */
#include <sqlite3.h>
#include "mc-store.h"

G_BEGIN_DECLS

sqlite3      *mc_store_get_db          (McStore *self);
/* A prepared statement cached by its SQL text, reset and with bindings cleared. */
sqlite3_stmt *mc_store_prepare         (McStore *self, const char *sql, GError **error);
gboolean      mc_store_exec            (McStore *self, const char *sql, GError **error);
/* Nested transactions: the outermost is BEGIN IMMEDIATE, inner ones are savepoints. Every begin
 * is paired with a commit or a rollback. */
gboolean      mc_store_begin           (McStore *self, GError **error);
gboolean      mc_store_commit          (McStore *self, GError **error);
void          mc_store_rollback        (McStore *self);
/* Sets ERROR from the connection's last error, in words for a desk officer (locked, disk full,
 * constraint…), WHAT saying what was being done ("saving the dossier"). Returns FALSE. */
gboolean      mc_store_fail            (McStore *self, GError **error, const char *what);
/* Writes a setting inside the caller's transaction, with no permission check or audit record:
 * for core modules that do both themselves. */
gboolean      mc_store_write_setting   (McStore *self, const char *key, const char *value,
                                        GError **error);
/* A large load (import, demo): a million scattered index updates are an order of magnitude
 * slower than one sort per index after the load, and in WAL mode a new database writes every
 * page twice. mc_store_bulk_begin, outside any transaction, switches to a rollback journal and
 * to temporary files for the sorts (both best effort: another connection keeps WAL), then begins
 * the transaction and drops the secondary indexes of TABLES (NULL-terminated; UNIQUE constraints
 * stay). mc_store_bulk_rebuild, inside it, recreates them; mc_store_bulk_end, after the commit or
 * the rollback, restores the journal and the temporary storage. */
typedef struct {
  GPtrArray *index_sql;   /* CREATE INDEX statements to run again */
  int        temp_store;  /* to restore, -1 when unchanged */
  gboolean   was_wal;
} McBulkLoad;

gboolean      mc_store_bulk_begin      (McStore *self, McBulkLoad *bulk,
                                        const char * const *tables, GError **error);
gboolean      mc_store_bulk_rebuild    (McStore *self, McBulkLoad *bulk, GError **error);
void          mc_store_bulk_end        (McStore *self, McBulkLoad *bulk);
/* Figures kept as per-day sums (KPIs, dashboard) mark the days a change touches in a table of
 * their own (column "day"); this reads those days in order. WHAT says what the caller was doing,
 * for the error. */
GArray       *mc_store_read_marked_days (McStore *self, const char *table, const char *what,
                                         GError **error);
/* The next run of consecutive days of DAYS from *I, at most MAX_DAYS long (0: any length);
 * FALSE when none is left. */
gboolean      mc_day_run_next          (const GArray *days, guint *i, guint max_days,
                                        McDay *first, McDay *last);
/* Called after the calendar tables or office hours change. */
void          mc_store_invalidate_calendar (McStore *self);
/* Role of an officer, or 0 when unknown/inactive (actor 0 = the system: returns MC_ROLE_ADMIN). */
McRole        mc_store_actor_role      (McStore *self, gint64 actor_id);
/* Column helpers */
char         *mc_stmt_dup_text         (sqlite3_stmt *stmt, int col);   /* never NULL */
McTime        mc_stmt_get_time         (sqlite3_stmt *stmt, int col);   /* NULL → MC_TIME_NONE */
void          mc_stmt_bind_time        (sqlite3_stmt *stmt, int col, McTime t);
void          mc_stmt_bind_id          (sqlite3_stmt *stmt, int col, gint64 id); /* 0 → NULL */

G_END_DECLS
