/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "mc-types.h"
#include "mc-calendar.h"

G_BEGIN_DECLS

#define MC_TYPE_STORE (mc_store_get_type ())
G_DECLARE_FINAL_TYPE (McStore, mc_store, MC, STORE, GObject)

/* Opens the Một Cửa database TARGET: a file (SQLite, ":memory:" for tests) or a PostgreSQL
 * connection (postgresql://…, postgres://…, a conninfo, service=NAME), and brings its schema up
 * to date. A missing file, an empty one, another program's database or one never set up
 * completely is refused with a sentence and left untouched; a file on a network folder is
 * refused (the server is the way to share one database). */
McStore          *mc_store_open              (const char *target, GError **error);
/* An existing database of an older schema is first copied (file databases: beside itself,
 * "NAME-schemaN-DATE.db", checked; a server's: pg_dump's archive "DBNAME-schemaN-DATE.dump",
 * listed back, in the backup folder), then updated in one transaction; a failed update leaves
 * it as it was and its error names the copy. mc_store_open_copy opens a copy being checked (a
 * backup, a restore): updated without a copy of it kept; *SCHEMA_BEFORE (may be NULL) the
 * schema it had. */
McStore          *mc_store_open_copy         (const char *path, int *schema_before,
                                              GError **error);
/* The same, but a missing file or a blank server database is created (init, demo, the first
 * start of the app). A new database is empty: then call mc_catalogue_init_defaults. */
McStore          *mc_store_create            (const char *target, GError **error);
/* On a server: opens TARGET as the officer LOGIN with PASSWORD (every officer is a login of
 * the server). On a file, the same as mc_store_open. */
McStore          *mc_store_open_as           (const char *target, const char *login,
                                              const char *password, GError **error);
/* The login a server store connected as (NULL: the target's own, or a file). */
const char       *mc_store_get_login         (McStore *self);
/* Whether TARGET names a server (PostgreSQL) rather than a file. */
gboolean          mc_store_target_is_server  (const char *target);
/* What a window's title says of TARGET: a file's name, or the database and the server (never
 * the whole connection string, which may hold a password). */
char             *mc_store_describe_target   (const char *target);
/* A second connection to the same database, for work in another thread. */
McStore          *mc_store_open_sibling      (McStore *self, GError **error);
const char       *mc_store_get_path          (McStore *self);
int               mc_store_get_schema_version(McStore *self);
/* Whether the database is on a server (PostgreSQL) rather than a file. */
gboolean          mc_store_is_server         (McStore *self);
/* TRUE when another workstation or process committed a change since the last call. Cheap and
 * never blocking: a window polls it while it is active. */
gboolean          mc_store_poll_changes      (McStore *self);
/* The connection to the commune's server (on a file: always TRUE, and nothing to do). Whether
 * it is there as far as known, without asking the server. */
gboolean          mc_store_is_connected      (McStore *self);
/* For a window: with TRUE, a lost connection fails statements at once (the main loop never
 * waits on the network) and mc_store_reconnect, called from a timer, connects again a step at a
 * time without waiting; it returns TRUE once connected. Without it (the CLI, worker threads)
 * the next statement connects again itself. */
void              mc_store_set_background_reconnect (McStore *self, gboolean background);
gboolean          mc_store_reconnect         (McStore *self);
/* TRUE when the database holds no procedure yet (a new file). */
gboolean          mc_store_is_empty          (McStore *self);

/* The working-time calendar built from the stored office hours and days (cached; rebuilt after
 * a change). Owned by the store. */
const McCalendar *mc_store_get_calendar      (McStore *self);

char             *mc_store_get_setting       (McStore *self, const char *key, const char *fallback);
gboolean          mc_store_set_setting       (McStore *self, gint64 actor_id, const char *key,
                                              const char *value, GError **error);

/* Backups (mc-backup.h names, checks and rotates them). mc_store_copy_to: a consistent copy of
 * the live file database into PATH, as named (one pass of SQLite's online backup API, which a
 * writer meanwhile neither waits for nor restarts), its structure checked (integrity_check).
 * mc_store_copy_file: the file database SOURCE, only read, into the new file DEST (a file that
 * is not a database is refused with MC_ERROR_CORRUPT). mc_store_release_file: the -wal of the
 * file database PATH put into the file; FALSE with *IN_USE when another program has it open. */
gboolean          mc_store_copy_to           (McStore *self, const char *path, GError **error);
gboolean          mc_store_copy_file         (const char *source, const char *dest,
                                              GError **error);
gboolean          mc_store_release_file      (const char *path, gboolean *in_use,
                                              GError **error);
/* What a database holds, for the report of a backup or a restore. */
typedef struct {
  int     schema_version;
  gint64  dossiers;
  char   *last_dossier;       /* the code of the newest dossier, NULL: none */
  McTime  last_dossier_at;    /* when it was received (or submitted online) */
  gint64  audit_records;
  char   *last_audit_action;  /* the newest audit record's action, NULL: none */
  McTime  last_audit_at;
} McStoreContents;
void              mc_store_contents_clear    (McStoreContents *c);
gboolean          mc_store_get_contents      (McStore *self, McStoreContents *c, GError **error);
/* When the newest audit record was written (every change writes one), MC_TIME_NONE: none. */
gboolean          mc_store_last_audit_at     (McStore *self, McTime *at, GError **error);
/* On a server: pg_dump (custom format, the connection's own settings and password) of the
 * snapshot of a transaction this store then stays in, so that checks run meanwhile read
 * exactly what is copied; mc_store_dump_finish waits for it, ends the transaction and lists
 * the archive back (pg_restore --list). */
typedef struct _McStoreDump McStoreDump;
McStoreDump      *mc_store_dump_begin        (McStore *self, const char *path, GError **error);
gboolean          mc_store_dump_finish       (McStore *self, McStoreDump *dump, GError **error);
/* On a server, a restore in a scratch database of the same server: mc_store_scratch_restore
 * makes one (the login needs CREATEDB) and restores the archive FILE into it with pg_restore;
 * mc_store_scratch_target connects to it (for mc_store_open_copy and the checks; close the
 * store before the swap). mc_store_scratch_swap renames TARGET aside (*KEPT its new name,
 * NAME_before_restore_DATE) and the scratch into its place, in one transaction, refused while
 * any other session is connected to TARGET. mc_store_scratch_free drops a scratch not swapped. */
typedef struct _McStoreScratch McStoreScratch;
McStoreScratch   *mc_store_scratch_restore   (const char *target, const char *file,
                                              GError **error);
const char       *mc_store_scratch_target    (McStoreScratch *scratch);
gboolean          mc_store_scratch_swap      (McStoreScratch *scratch, char **kept,
                                              GError **error);
void              mc_store_scratch_free      (McStoreScratch *scratch);
/* The engine's check of the structure (SQLite: integrity_check, foreign keys), the data's own
 * rules (a resolved dossier has an end time, appointments exist for received dossiers, …) and
 * the audit chain. Each problem is one line in *problems. */
gboolean          mc_store_check             (McStore *self, GPtrArray **problems, GError **error);

/* ---- Procedures ---- */
typedef struct {
  char    *name;
  McRole   role;
  gint64   budget_seconds;  /* working seconds */
  gboolean mandatory;       /* recorded (who, when) before the dossier goes for signature */
  int      min_days;        /* calendar days at least between its start and its end (0: none) */
} McStepTemplate;

typedef struct {
  char *name;
  int   copy_kind;          /* 0 original, 1 certified copy, 2 photocopy */
  int   quantity;
  gboolean required;
} McDocumentTemplate;

typedef struct {
  gint64        id;
  char         *code;
  char         *name;
  char         *field;
  McLimitKind   limit_kind;
  int           limit_value;
  McOnlineLevel online_level;
  gint64        fee;
  char         *fee_note;
  gboolean      result_is_paper;
  char         *post;
  gboolean      active;
  GPtrArray    *steps;      /* McStepTemplate*, may be empty */
  GPtrArray    *documents;  /* McDocumentTemplate*, may be empty */
} McProcedure;

McProcedure *mc_procedure_new        (void);
void         mc_procedure_free       (McProcedure *p);
McProcedure *mc_store_get_procedure  (McStore *self, gint64 id, GError **error);
McProcedure *mc_store_find_procedure (McStore *self, const char *code, GError **error);
GPtrArray   *mc_store_list_procedures(McStore *self, GError **error);   /* McProcedure*, by code */
/* Inserts (id 0) or updates; sets p->id. Admin only (actor_id 0 = the system, e.g. init). */
gboolean     mc_store_save_procedure (McStore *self, gint64 actor_id, McProcedure *p, GError **error);

/* ---- Officers ---- */
typedef struct {
  gint64   id;
  char    *name;
  char    *title;
  char    *post;
  McRole   role;
  char    *username;
  gboolean active;
} McOfficer;

void       mc_officer_free         (McOfficer *o);
McOfficer *mc_store_get_officer    (McStore *self, gint64 id, GError **error);
GPtrArray *mc_store_list_officers  (McStore *self, GError **error);     /* McOfficer*, by name */

/* ---- Dossiers ---- */
typedef struct {
  char    *name;
  int      copy_kind;
  int      quantity;
  gboolean received;        /* FALSE: listed by a supplement request and not come in yet */
} McDossierDocument;

typedef struct {
  gint64      id;
  char       *code;
  gint64      procedure_id;
  McChannel   channel;
  McStatus    status;
  McStep      step;
  McTime      submitted_at;    /* MC_TIME_NONE when not set */
  McTime      received_at;
  McTime      due_at;
  McTime      apology_due_at;
  McTime      ended_at;
  McTime      returned_at;
  int         supplement_count;
  gint64      paused_seconds;  /* working seconds spent waiting for supplements */
  McTime      paused_since;    /* while in status 5 */
  int         reassign_count;
  int         apology_count;
  gboolean    digitized_input;
  gboolean    digitized_result;
  gint64      fee;
  gboolean    paid_online;
  gint64      receiver_id;     /* 0 when none */
  gint64      handler_id;
  gint64      signer_id;
  char       *applicant_name;
  char       *applicant_id_number;
  char       *applicant_phone;
  char       *applicant_address;
  char       *applicant_email;
  char       *representative_name;
  char       *representative_phone;
  char       *representative_id_number;
  char       *request;
  char       *result;
  char       *note;
  McOutcome   outcome;
  gboolean    late_intake;
  gint64      version;         /* raised by every change: an action names the one it saw */
  /* Joined for display (read-only) */
  char       *procedure_code;
  char       *procedure_name;
  char       *receiver_name;
  char       *handler_name;
  GPtrArray  *documents;       /* McDossierDocument* */
} McDossier;

McDossier *mc_dossier_new            (void);
void       mc_dossier_free           (McDossier *d);
McDossierDocument *mc_dossier_document_new (const char *name, int copy_kind, int quantity,
                                            gboolean received);
void       mc_dossier_document_free  (McDossierDocument *doc);
/* Overdue now (DOMAIN.md §5, one rule for the rows, the filters, the counts and the reports): an
 * open dossier whose clock runs (statuses 2, 4 and 6) and whose appointment is before T. While
 * its clock is stopped (5, waiting for the citizen's supplement) it is not overdue: the
 * appointment moves by the paused working time when the supplement comes. Due at 17:00 is
 * overdue from 17:00:01. */
gboolean   mc_dossier_is_overdue     (const McDossier *d, McTime t);
McDossier *mc_store_get_dossier      (McStore *self, gint64 id, GError **error);
McDossier *mc_store_find_dossier     (McStore *self, const char *code, GError **error);
/* The newest dossier of the applicant with ID_NUMBER (a returning citizen), NULL when none (and
 * *ERROR unset) or on error. */
McDossier *mc_store_find_applicant   (McStore *self, const char *id_number, GError **error);
gint64     mc_store_count_dossiers   (McStore *self);
/* The dossiers of IDS in that order, without their documents (for the queues' tables); ids that
 * no longer exist are skipped. McDossier*. */
GPtrArray *mc_store_get_dossier_rows (McStore *self, const gint64 *ids, guint n_ids,
                                      GError **error);

/* ---- Attached files (0016-digitise.sql) ----
 * A file attached to a dossier's document at POSITION (from 0, as in McDossier.documents) or to
 * its result (MC_ATTACHMENT_RESULT). Its bytes are stored once, named by their SHA-256. */
#define MC_ATTACHMENT_RESULT (-1)

typedef struct {
  gint64   id;
  gint64   dossier_id;
  int      position;
  char    *hash;            /* SHA-256, lower-case hex */
  gint64   size;
  char    *mime;            /* application/pdf, image/jpeg, image/png */
  char    *name;            /* the file's name when it was attached ("" for a scan) */
  gint64   officer_id;
  char    *officer_name;
  McTime   attached_at;
  gint64   superseded_by;   /* 0 while current; the first file of the rescan that replaced it */
  McTime   superseded_at;
} McAttachment;

void       mc_attachment_free        (McAttachment *a);
/* The files of dossier DOSSIER_ID by position then order of attaching (McAttachment*); with
 * HISTORY the superseded ones too. */
GPtrArray *mc_store_list_attachments (McStore *self, gint64 dossier_id, gboolean history,
                                      GError **error);
/* The bytes of the file whose SHA-256 is HASH, NULL (with ERROR) when there is none. */
GBytes    *mc_store_get_blob         (McStore *self, const char *hash, GError **error);

/* A current file of a document of an earlier dossier of one applicant, as read for reuse
 * (mc_attachment_find_reusable decides whether it may be offered). */
typedef struct {
  gint64   id;              /* the attachment */
  gint64   dossier_id;
  char    *dossier_code;
  McStatus status;          /* of that dossier */
  gboolean represented;     /* that dossier was filed by a representative */
  int      position;
  char    *document_name;   /* as that dossier's list names it */
  char    *hash;
  gint64   size;
  char    *mime;
  char    *name;
  McTime   attached_at;
} McEarlierFile;

void       mc_earlier_file_free      (McEarlierFile *f);
/* The current (not superseded) files of the documents (not the results) of the dossiers whose
 * applicant's ID number is ID_NUMBER, but for dossier EXCEPT_ID (0: none): newest first, the
 * pages of one document in the order they were attached. Through the ID number's index. */
GPtrArray *mc_store_list_earlier_files (McStore *self, const char *id_number, gint64 except_id,
                                        GError **error);

typedef struct {
  gint64   id;
  gint64   dossier_id;
  McTime   at;
  gint64   actor_id;
  char    *actor_name;
  int      action;        /* McAction (mc-workflow.h) */
  int      from_status, to_status;   /* 0 when unchanged/none */
  int      from_step, to_step;
  gint64   from_officer, to_officer;
  char    *from_officer_name, *to_officer_name;
  char    *note;
} McEvent;

void       mc_event_free             (McEvent *e);
GPtrArray *mc_store_list_events      (McStore *self, gint64 dossier_id, GError **error); /* by time */

/* ---- Queues: filter and sort in SQL, ids first, rows on demand ---- */
typedef enum {
  MC_SORT_DUE,
  MC_SORT_RECEIVED,
  MC_SORT_CODE,
  MC_SORT_APPLICANT,
  MC_SORT_PROCEDURE,
  MC_SORT_STATUS,
  MC_SORT_HANDLER,
} McSortKey;

typedef enum {
  MC_DUE_ANY,
  MC_DUE_OVERDUE,      /* open and appointment passed */
  MC_DUE_TODAY,
  MC_DUE_THIS_WEEK,
} McDueFilter;

typedef struct {
  gint64      handler_id;      /* 0: anyone */
  guint       statuses;        /* bit (1 << status); 0: any */
  gint64      procedure_id;    /* 0: any */
  const char *field;           /* NULL: any */
  int         channel;         /* 0: any */
  gboolean    not_digitized;   /* only those whose input, or recorded result, is not digitised
                                * (chưa số hóa) */
  McStep      step;            /* MC_STEP_NONE: any (e.g. MC_STEP_SUBMITTED: waiting for signature) */
  McDueFilter due;
  McTime      now;             /* for the due filters; 0 = current time */
  const char *search;          /* applicant name (folded), code, phone or ID number */
  /* Ranges [from, to) of the time of receipt and of the end (0: no bound). A dossier never
   * received matches no receipt bound; one not ended yet counts as ending after any time, so
   * ended_from keeps it (still open then) and ended_to drops it. */
  McTime      received_from, received_to;
  McTime      ended_from, ended_to;
  McSortKey   sort;
  gboolean    descending;
  int         limit;           /* 0: no limit */
  int         offset;          /* with a limit: the rows skipped first (a page of a long queue) */
} McQuery;

#define MC_STATUSES_OPEN ((1u << MC_STATUS_RECEIVED) | (1u << MC_STATUS_PROCESSING) | \
                          (1u << MC_STATUS_SUPPLEMENT) | (1u << MC_STATUS_PAYMENT))

/* The ids (gint64) of the dossiers matching Q, sorted. */
GArray    *mc_store_query_ids        (McStore *self, const McQuery *q, GError **error);
gint64     mc_store_query_count      (McStore *self, const McQuery *q, GError **error);

typedef void (*McProgressFunc) (gint64 done, gint64 total, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProcedure, mc_procedure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOfficer, mc_officer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDossier, mc_dossier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McEvent, mc_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAttachment, mc_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McEarlierFile, mc_earlier_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDossierDocument, mc_dossier_document_free)

G_END_DECLS
