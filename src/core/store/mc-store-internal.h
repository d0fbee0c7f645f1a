/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's functions for core's domain modules (workflow, accounts, KPIs, analysis,
 * signatures, import, demo, catalogue): every read and write they need, in domain types, with no
 * SQL. The GUI and the CLI use mc-store.h and the domain modules, never this header. */

#include "mc-store.h"
#include "mc-audit.h"
#include "mc-calendar.h"
#include <sodium.h>

G_BEGIN_DECLS

/* ---- Transactions ----
 * Nested: the outermost begins a write transaction (SQLite takes the write lock at once), inner
 * ones are savepoints. Every begin is paired with a commit or a rollback. */
gboolean    mc_store_begin           (McStore *self, GError **error);
gboolean    mc_store_commit          (McStore *self, GError **error);
void        mc_store_rollback        (McStore *self);
gboolean    mc_store_in_transaction  (McStore *self);

/* WORK runs inside one transaction, committed when it returns TRUE and rolled back otherwise.
 * When the server aborts it for a serialization failure or a deadlock, the store runs WORK
 * again from the start (its reads included), a few times: WORK must have no effect outside the
 * database. */
typedef gboolean (*McStoreWork) (McStore *store, gpointer data, GError **error);
gboolean    mc_store_transact        (McStore *self, McStoreWork work, gpointer data,
                                      GError **error);

/* The time actions are dated by: this computer's clock for a file, the server's for a server. */
McTime      mc_store_now             (McStore *self);

/* ---- Bulk loads (import, demo, migration) ----
 * mc_store_bulk_begin, outside any transaction, tunes the engine for a large load of TABLES
 * (NULL-terminated) and begins the transaction; mc_store_bulk_rebuild, inside it before the
 * commit, rebuilds what the load set aside; mc_store_bulk_end, after the commit or the
 * rollback, restores the engine. */
gpointer    mc_store_bulk_begin      (McStore *self, const char * const *tables, GError **error);
gboolean    mc_store_bulk_rebuild    (McStore *self, gpointer state, GError **error);
void        mc_store_bulk_end        (McStore *self, gpointer state);

/* ---- Settings and targets ---- */
gboolean    mc_store_write_setting   (McStore *self, const char *key, const char *value,
                                      GError **error);
/* Inserts a setting unless it is already there (defaults). */
gboolean    mc_store_add_default_setting (McStore *self, const char *key, const char *value,
                                          GError **error);
double      mc_store_get_target      (McStore *self, int year, const char *kpi); /* NAN if none */
gboolean    mc_store_write_target    (McStore *self, int year, const char *kpi, double value,
                                      gboolean replace, GError **error);

/* ---- The stored calendar ---- */
gboolean    mc_store_read_office_minutes (McStore *self, const char *key, int *minutes);
typedef void (*McStoreDayFunc) (McDay day, int kind, const char *note, gpointer data);
gboolean    mc_store_foreach_special_day (McStore *self, McStoreDayFunc func, gpointer data,
                                          GError **error);
/* Records that YEAR's days are stored (from SOURCE: official, statutory), unless it already is:
 * *ADDED says which. */
gboolean    mc_store_add_calendar_year (McStore *self, int year, const char *source,
                                        gboolean *added, GError **error);
/* Replaces the special days between FIRST and LAST (McSpecialDay array), and, when SOURCE is
 * not NULL, records YEAR's source. */
gboolean    mc_store_write_year_days   (McStore *self, int year, McDay first, McDay last,
                                        const GArray *days, const char *source, GError **error);
/* The calendar the domain built from these tables, kept until they change. */
gpointer    mc_store_get_cached_calendar (McStore *self);
void        mc_store_set_cached_calendar (McStore *self, gpointer calendar,
                                          GDestroyNotify free_func);

/* ---- Officers and accounts ---- */
typedef struct {
  gint64   id;            /* 0 when not found */
  char    *username;      /* NULL: no sign-in account */
  char    *password_hash;
  McRole   role;
  gboolean active;
  char    *name;
  gboolean key_pending;   /* a leader whose next sign-in makes a new signing key */
  gint64   failed_sign_ins;
  McTime   locked_until;  /* MC_TIME_NONE: not locked */
} McStoreAccount;

void        mc_store_account_clear       (McStoreAccount *account);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McStoreAccount, mc_store_account_clear)

gboolean    mc_store_username_taken      (McStore *self, const char *username, gboolean *taken,
                                          GError **error);
/* A new officer, active; USERNAME and PASSWORD_HASH may be NULL. The new id, 0 on error. */
gint64      mc_store_insert_officer      (McStore *self, const char *name, const char *title,
                                          McRole role, const char *username,
                                          const char *password_hash, GError **error);
gboolean    mc_store_get_account         (McStore *self, gint64 officer_id, McStoreAccount *out,
                                          GError **error);   /* NOT_FOUND when none */
gboolean    mc_store_find_account        (McStore *self, const char *username,
                                          McStoreAccount *out, GError **error); /* id 0: none */
gboolean    mc_store_set_password_hash   (McStore *self, gint64 officer_id, const char *hash,
                                          GError **error);
gboolean    mc_store_set_key_pending     (McStore *self, gint64 officer_id, gboolean pending,
                                          GError **error);
/* One more failed sign-in in a row: the new count in *COUNT. */
gboolean    mc_store_add_failed_sign_in  (McStore *self, gint64 officer_id, gint64 *count,
                                          GError **error);
/* Locks the account until UNTIL and starts the count again. */
gboolean    mc_store_lock_account        (McStore *self, gint64 officer_id, McTime until,
                                          GError **error);
/* A successful sign-in: no failure in a row, no lock. */
gboolean    mc_store_clear_failed_sign_ins (McStore *self, gint64 officer_id, GError **error);
gboolean    mc_store_is_last_admin       (McStore *self, gint64 officer_id, gboolean *last,
                                          GError **error);
gboolean    mc_store_set_officer_role    (McStore *self, gint64 officer_id, McRole role,
                                          GError **error);
gboolean    mc_store_set_officer_active  (McStore *self, gint64 officer_id, gboolean active,
                                          GError **error);
gboolean    mc_store_set_officer_post    (McStore *self, gint64 officer_id, const char *post,
                                          GError **error);
/* The first officer of that exact name or user name: the id, 0 when none, -1 on error. */
gint64      mc_store_find_officer_by_name     (McStore *self, const char *name, GError **error);
gint64      mc_store_find_officer_by_username (McStore *self, const char *username,
                                               GError **error);
gint64      mc_store_count_accounts      (McStore *self);
/* Role of an active officer, 0 when unknown or disabled (actor 0, the system: MC_ROLE_ADMIN). */
/* The role of an active officer (actor 0, the system: MC_ROLE_ADMIN); 0 when disabled or
 * unknown. The _get_ form says when the officers could not be read (a lost connection). */
gboolean    mc_store_get_actor_role      (McStore *self, gint64 actor_id, McRole *role,
                                          GError **error);
McRole      mc_store_actor_role          (McStore *self, gint64 actor_id);

/* ---- Procedures ---- */
gboolean    mc_store_procedure_exists    (McStore *self, const char *code, gboolean *exists,
                                          GError **error);

/* ---- Dossiers ----
 * mc_store_take_dossier_number gives the next number of the day whose codes start with PREFIX
 * ("<agency>-YYMMDD-"), inside the caller's transaction: concurrent desks never get the same
 * one, and a rollback gives it back. */
gboolean    mc_store_take_dossier_number (McStore *self, const char *prefix, gint64 *number,
                                          GError **error);
/* Inserts D (every stored field, and its documents); the new id, 0 on error. */
gint64      mc_store_insert_dossier      (McStore *self, const McDossier *d, GError **error);
/* The same, with the time of its last change given (the demo's, the import's). */
gint64      mc_store_insert_dossier_at   (McStore *self, const McDossier *d, McTime updated_at,
                                          GError **error);
gboolean    mc_store_insert_document     (McStore *self, gint64 dossier_id, int position,
                                          const McDossierDocument *doc, GError **error);
/* Writes the workflow's fields of D if the stored dossier is still at D->version (and raises
 * it); otherwise nothing, and MC_ERROR_CONFLICT. */
gboolean    mc_store_update_dossier      (McStore *self, const McDossier *d, GError **error);
/* Marks the documents at POSITIONS (int array) received or not. */
gboolean    mc_store_set_documents_received (McStore *self, gint64 dossier_id,
                                             const GArray *positions, gboolean received,
                                             GError **error);
/* Adds a document at the end of the dossier's list. */
gboolean    mc_store_add_document        (McStore *self, gint64 dossier_id,
                                          const McDossierDocument *doc, GError **error);
typedef void (*McStoreOpenFunc) (gint64 id, McTime received_at, McTime due_at,
                                 gint64 paused_seconds, int limit_kind, int limit_value,
                                 gpointer data);
/* Every open dossier (statuses 2, 4, 5, 6) with what its appointment is computed from. */
gboolean    mc_store_foreach_open_dossier (McStore *self, McStoreOpenFunc func, gpointer data,
                                           GError **error);
gboolean    mc_store_set_due             (McStore *self, gint64 dossier_id, McTime due,
                                          GError **error);
gboolean    mc_store_insert_event        (McStore *self, const McEvent *e, GError **error);
/* MC_TIME_NONE when the dossier has no event (or on error, with ERROR set). */
McTime      mc_store_last_event_time     (McStore *self, gint64 dossier_id, GError **error);
char       *mc_store_last_actor_name     (McStore *self, gint64 dossier_id);

/* Called after the calendar tables or office hours change. */
void        mc_store_invalidate_calendar (McStore *self);
/* The engine's own check of the structure; each problem one line. */
gboolean    mc_store_check_structure     (McStore *self, GPtrArray *problems, GError **error);
/* The rest of mc_store_check: the data's own rules and the audit chain, each problem one line
 * added to PROBLEMS; FALSE only when the store fails. */
gboolean    mc_store_check_rules         (McStore *self, GPtrArray *problems, GError **error);

/* Figures kept as per-day sums (KPIs, dashboard) mark the days a change touches: the next run of
 * consecutive days of DAYS from *I, at most MAX_DAYS long (0: any length); FALSE when none is
 * left. */
gboolean    mc_day_run_next              (const GArray *days, guint *i, guint max_days,
                                          McDay *first, McDay *last);

/* ---- KPI sums (mc-kpi.c reads them) ---- */
typedef enum {
  MC_STORE_KPI_WHOLE,
  MC_STORE_KPI_BY_PROCEDURE,
  MC_STORE_KPI_BY_OFFICER,
} McStoreKpiGrouping;

/* Inside a transaction: recounts the sums of the days the triggers marked since. */
gboolean    mc_store_kpi_refresh_marked  (McStore *self, GError **error);
/* The received and resolved sums of days [FROM, TO]: FUNC gets each group's (0 for the whole
 * office; the officer id, 0 for no handler; the procedure id) part-filled McKpi, received and
 * resolved separately. */
struct _McKpi;
typedef void (*McStoreKpiFunc) (gint64 group_id, const struct _McKpi *counts, gpointer data);
gboolean    mc_store_kpi_read_sums       (McStore *self, McDay from, McDay to,
                                          McStoreKpiGrouping grouping, McStoreKpiFunc func,
                                          gpointer data, GError **error);
typedef struct {
  McTime   received_at;
  McTime   due_at;          /* MC_TIME_NONE when none */
  McTime   ended_at;        /* MC_TIME_NONE while open */
  gint64   procedure_id;
  gint64   handler_id;      /* 0: none */
  McStatus status;
  McTime   paused_since;    /* in status 5: since when */
} McStoreOpenDossier;
typedef void (*McStoreOpenDossierFunc) (const McStoreOpenDossier *o, gpointer data);
/* Every dossier open at one of the ends in [FIRST_END, LAST_END] at least: received before the
 * last, not withdrawn or stopped, and still open or ended after the first. */
gboolean    mc_store_kpi_foreach_open    (McStore *self, McTime first_end, McTime last_end,
                                          McStoreOpenDossierFunc func, gpointer data,
                                          GError **error);
/* Open and past due at END (the overdue rule of mc_dossier_is_overdue). */
gboolean    mc_store_kpi_count_open      (McStore *self, McTime end, gint64 *open,
                                          gint64 *overdue, GError **error);
/* id → officer name (BY_OFFICER) or procedure code. */
GHashTable *mc_store_kpi_group_names     (McStore *self, gboolean by_officer, GError **error);

/* ---- The dashboard's sums (mc-analysis.c) ---- */
typedef enum {
  MC_STORE_ANALYSIS_OFFICER_RESOLVED,   /* days: officer, resolved, on time or early */
  MC_STORE_ANALYSIS_OFFICER_OVERDUE,    /* a time: handler (0: none), overdue then */
  MC_STORE_ANALYSIS_STEP_SUMS,          /* days: officer, steps, seconds, budget */
  MC_STORE_ANALYSIS_LOSS_SUMS,          /* days: stage, officer, dossiers, excess seconds */
  MC_STORE_ANALYSIS_TIME_SUMS,          /* days: procedure, bucket, dossiers */
  MC_STORE_ANALYSIS_DAY_RECEIVED,       /* days: day, online level, received, online, digitized,
                                         * with a fee, paid online, late online intake */
  MC_STORE_ANALYSIS_DAY_RESOLVED,       /* days: day, resolved, early, on time, late, digitized */
  MC_STORE_ANALYSIS_PROCEDURE_RECEIVED, /* days: procedure, received, online */
  MC_STORE_ANALYSIS_PROCEDURE_RESOLVED, /* days: procedure, resolved, on time or early */
  MC_STORE_ANALYSIS_GAP_RECEIVED,       /* days: by officer (0/1), procedure or officer,
                                         * received, their inputs digitised */
  MC_STORE_ANALYSIS_GAP_RESOLVED,       /* days: the same for resolved and results digitised */
} McStoreAnalysisQuery;
typedef void (*McStoreRowFunc) (const gint64 *values, gpointer data);
/* The rows of QUERY with parameters P1 (and P2), each one's columns as integers. */
gboolean    mc_store_analysis_read       (McStore *self, McStoreAnalysisQuery query, gint64 p1,
                                          gint64 p2, McStoreRowFunc func, gpointer data,
                                          GError **error);
typedef struct {
  gint64    dossier_id;
  gint64    procedure_id;
  McOutcome outcome;
  McTime    received_at, ended_at;
  gint64    paused_seconds;
  McTime    event_at;        /* MC_TIME_NONE: a dossier with no event */
  int       action;
  gint64    actor_id, to_officer;
} McStoreStepRow;
/* FALSE from FUNC stops the walk. */
typedef gboolean (*McStoreStepFunc) (const McStoreStepRow *row, gpointer data);
/* The dossiers that ended in [FROM, TO), in id order, each with its events in time order. */
gboolean    mc_store_analysis_walk       (McStore *self, McTime from,
                                          McTime to, McStoreStepFunc func, gpointer data,
                                          GError **error);
typedef enum { MC_STORE_SUM_STEP, MC_STORE_SUM_LOSS, MC_STORE_SUM_TIME } McStoreAnalysisSum;
gboolean    mc_store_analysis_clear_days (McStore *self, McDay first, McDay last, GError **error);
/* Sums of one KIND, in one bulk copy (COPY on a server: a recount of a million dossiers' days
 * is some 140,000 rows, which one INSERT each sent one by one). STEP: a officer, b stage, v
 * steps, seconds, budget; LOSS: a stage, b officer, v dossiers, excess; TIME: a procedure, b
 * bucket, v dossiers. */
typedef struct {
  McDay  day;
  gint64 a, b;
  gint64 v[3];
} McStoreSumRow;
gboolean    mc_store_analysis_add_sums   (McStore *self, McStoreAnalysisSum kind,
                                          const McStoreSumRow *rows, guint n, GError **error);
gboolean    mc_store_analysis_unmark_days (McStore *self, McDay first, McDay last,
                                           GError **error);
/* The days whose dashboard sums must be recounted, in order (McDay). */
GArray     *mc_store_analysis_marked_days (McStore *self, GError **error);

/* ---- Signing keys and signatures (mc-signature.c) ---- */
#define MC_STORE_SEALED_BYTES (crypto_sign_SECRETKEYBYTES + crypto_secretbox_MACBYTES)

/* A leader's key as stored: the secret only sealed under the leader's password. */
typedef struct {
  gint64 id;
  gint64 officer_id;
  guchar public_key[crypto_sign_PUBLICKEYBYTES];
  guchar sealed[MC_STORE_SEALED_BYTES];
  guchar salt[crypto_pwhash_SALTBYTES];
  guchar nonce[crypto_secretbox_NONCEBYTES];
  gint64 ops;
  gint64 mem;
  McTime retired_at;
  McTime revoked_at;
  gint64 audit_id;
  McTime created_at;
  gboolean after_reset;       /* issued after the officer's earlier key was retired or revoked */
  gboolean legacy;            /* made before confirmations existed (schema 7) */
  gint64 confirmed_by;        /* the confirming officer, 0 while unconfirmed */
  gint64 confirmer_key_id;
  McTime confirmed_at;        /* MC_TIME_NONE while unconfirmed */
  gint64 confirmed_audit_id;  /* the audit record of the confirmation */
  guchar confirmation[crypto_sign_BYTES];
  gboolean confirmation_intact; /* a confirmation read back with its exact size */
} McStoreKey;

/* 1 found, 0 none, -1 on error (a damaged key: MC_ERROR_CORRUPT). */
int         mc_store_load_usable_key     (McStore *self, gint64 officer_id, McStoreKey *k,
                                          GError **error);
int         mc_store_load_key            (McStore *self, gint64 key_id, McStoreKey *k,
                                          GError **error);
/* Whether the officer ever had a key, and the latest revocation (MC_TIME_NONE: none). */
gboolean    mc_store_key_history         (McStore *self, gint64 officer_id, gboolean *any_key,
                                          McTime *revoked_at, GError **error);
/* The keys changed, -1 on error. */
gint64      mc_store_retire_keys         (McStore *self, gint64 officer_id, McTime at,
                                          GError **error);
gint64      mc_store_revoke_keys         (McStore *self, gint64 officer_id, McTime at,
                                          GError **error);
gint64      mc_store_insert_key          (McStore *self, const McStoreKey *k, McTime created_at,
                                          GError **error);
gboolean    mc_store_update_key_seal     (McStore *self, const McStoreKey *k, GError **error);
/* Records the confirmation of an unconfirmed key (K's confirmed_* and confirmation); FALSE with
 * MC_ERROR_CONFLICT when it was confirmed meanwhile. */
gboolean    mc_store_confirm_key         (McStore *self, const McStoreKey *k, GError **error);
/* Every key of every officer (McStoreKey), by officer and id. */
GArray     *mc_store_list_keys           (McStore *self, GError **error);
/* Whether any key in use is confirmed (FALSE: the commune's first keys confirm one another). */
gboolean    mc_store_any_confirmed_key   (McStore *self, gboolean *any, GError **error);
/* The officer's latest key, whatever its state: 1 found, 0 none, -1 on error. */
int         mc_store_load_latest_key     (McStore *self, gint64 officer_id, McStoreKey *k,
                                          GError **error);

/* A signature with the fields exactly as signed. */
typedef struct {
  gint64   id;
  gint64   dossier_id;
  gint64   officer_id;
  gint64   key_id;
  McTime   signed_at;
  gint64   audit_id;
  char    *audit_hash;
  char    *code;
  char    *procedure_code;
  char    *applicant_name;
  char    *applicant_id;
  char    *result;
  McTime   appointment;
  char    *digest_hex;
  guchar   signature[crypto_sign_BYTES];
  gboolean signature_intact;   /* read back with its exact size */
  int      digest_version;     /* the canonical text's version (1 before schema 19) */
  char    *result_files;       /* "<attachment id> <SHA-256>\n" for each file covered */
} McStoreSignature;

void        mc_store_signature_clear     (McStoreSignature *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McStoreSignature, mc_store_signature_clear)
gint64      mc_store_insert_signature    (McStore *self, const McStoreSignature *s,
                                          GError **error);
gboolean    mc_store_load_signature      (McStore *self, gint64 signature_id,
                                          McStoreSignature *s, GError **error);
/* What the dossier of a signature holds now, for a bulk verification. */
typedef struct {
  const char *code;
  const char *procedure_code;
  const char *applicant_name;
  const char *applicant_id;
  const char *result;
  McTime      appointment;
  const char *audit_hash;     /* the stored hash of the record the signature follows; NULL: gone */
} McStoreSignedNow;
typedef gboolean (*McStoreSignatureFunc) (const McStoreSignature *s, const McStoreSignedNow *now,
                                          gpointer data);
/* The latest signature of every signed dossier, by id; FUNC returns FALSE to stop. */
gboolean    mc_store_foreach_latest_signature (McStore *self, McStoreSignatureFunc func,
                                               gpointer data, GError **error);
/* The dossier's latest signature, 0 when none (or on error, with ERROR set). */
gint64      mc_store_latest_signature_id (McStore *self, gint64 dossier_id, GError **error);
/* The result files the dossier's latest signature covers, as stored (result_files); "" when
 * it has none or no signature; NULL on error. */
char       *mc_store_signed_result_files (McStore *self, gint64 dossier_id, GError **error);
/* The SHA-256 of the bytes stored under HASH, NULL when there are none (ERROR unset) or on
 * error. */
char       *mc_store_rehash_blob         (McStore *self, const char *hash, GError **error);
/* The details of audit record AUDIT_ID if it is that action on that entity; NULL otherwise. */
char       *mc_store_audit_details       (McStore *self, gint64 audit_id, const char *action,
                                          const char *entity, gint64 entity_id);

/* ---- Imports (mc-import.c) ---- */
typedef enum {
  MC_IMPORT_CODE, MC_IMPORT_PROCEDURE, MC_IMPORT_CHANNEL, MC_IMPORT_STATUS, MC_IMPORT_SUBMITTED,
  MC_IMPORT_RECEIVED, MC_IMPORT_DUE, MC_IMPORT_ENDED, MC_IMPORT_RETURNED, MC_IMPORT_SUPPLEMENTS,
  MC_IMPORT_DIGITIZED_INPUT, MC_IMPORT_DIGITIZED_RESULT, MC_IMPORT_FEE, MC_IMPORT_PAID_ONLINE,
  MC_IMPORT_RECEIVER, MC_IMPORT_HANDLER, MC_IMPORT_APPLICANT, MC_IMPORT_APPLICANT_FOLDED,
  MC_IMPORT_ID_NUMBER, MC_IMPORT_PHONE, MC_IMPORT_ADDRESS, MC_IMPORT_REPRESENTATIVE,
  MC_IMPORT_REPRESENTATIVE_FOLDED, MC_IMPORT_REPRESENTATIVE_PHONE, MC_IMPORT_REPRESENTATIVE_ID,
  MC_IMPORT_OUTCOME, MC_IMPORT_LATE_INTAKE, MC_IMPORT_UPDATED_AT,
  MC_IMPORT_N_COLUMNS
} McStoreImportColumn;

/* The dossier as an import writes it (texts borrowed). */
typedef struct {
  const char *code;
  gint64      procedure_id;
  int         channel, status;
  McTime      submitted, received, due, ended, returned;
  gint64      supplements;
  gboolean    digitized_input, digitized_result, paid_online;
  gint64      fee;
  gint64      receiver_id, handler_id;
  const char *applicant, *applicant_folded, *id_number, *phone, *address;
  const char *representative, *representative_folded, *representative_phone, *representative_id;
  McOutcome   outcome;
  gboolean    late_intake;
  McTime      updated_at;
} McStoreImportRow;

/* New rows are written this many at a time: on the server in one COPY (its statement triggers
 * fire once per batch), on SQLite in statements of 64 rows. */
#define MC_STORE_IMPORT_BATCH 1024
typedef struct _McStoreImportWriter McStoreImportWriter;
/* UPDATE_COLUMNS[c]: an update writes column c (a file that lacks a column does not blank it). */
McStoreImportWriter *mc_store_import_writer_new (McStore *self, const gboolean *update_columns);
void        mc_store_import_writer_free   (McStoreImportWriter *w);
/* MC_STORE_IMPORT_BATCH new rows in one statement; FALSE with *DUPLICATE (and no error) when a
 * code is taken, and then nothing was written. */
gboolean    mc_store_import_insert_batch  (McStoreImportWriter *w,
                                           const McStoreImportRow * const *rows,
                                           gboolean *duplicate, GError **error);
/* One row: 1 inserted, 0 its code is taken, -1 on error. */
int         mc_store_import_insert        (McStoreImportWriter *w, const McStoreImportRow *row,
                                           GError **error);
gboolean    mc_store_import_update        (McStoreImportWriter *w, const McStoreImportRow *row,
                                           gint64 id, GError **error);
/* Dossier ID as stored, in the import's columns (texts valid until the next call), and whether
 * a leader signed it (a signature, or marked signed). FALSE on error. */
gboolean    mc_store_import_read          (McStoreImportWriter *w, gint64 id,
                                           McStoreImportRow *out, gboolean *is_signed,
                                           GError **error);
/* The dossier with that code, 0 when none, -1 on error. */
gint64      mc_store_import_find          (McStoreImportWriter *w, const char *code,
                                           GError **error);
gint64      mc_store_max_dossier_id       (McStore *self);


/* ---- Exports (mc-export.c) ---- */
/* One dossier in the CSV's columns (McCsvColumn of mc-import.h): each column read as text, as
 * a number and as a time; the exporter takes the reading its column needs. Valid during the
 * call only. */
typedef struct {
  const char *text[32];
  gint64      number[32];
  McTime      time[32];
} McStoreExportRow;
typedef gboolean (*McStoreExportFunc) (const McStoreExportRow *row, gpointer data);
/* The dossiers received (or submitted, when never received) in [FROM, TO], or ALL of them, by
 * id; FUNC returns FALSE to stop. */
gboolean    mc_store_export_dossiers      (McStore *self, McTime from, McTime to, gboolean all,
                                           McStoreExportFunc func, gpointer data,
                                           GError **error);

/* ---- The server's logins (PostgreSQL; nothing on SQLite) ---- */
/* Each officer with an account is a login of the server, member of the group of their role;
 * inside the caller's transaction, so that the account and its login come or go together. */
gboolean    mc_store_login_create        (McStore *self, const char *username,
                                          const char *password, McRole role, GError **error);
gboolean    mc_store_login_set_password  (McStore *self, const char *username,
                                          const char *password, GError **error);
gboolean    mc_store_login_set_role      (McStore *self, const char *username, McRole old_role,
                                          McRole role, GError **error);
gboolean    mc_store_login_set_active    (McStore *self, const char *username, gboolean active,
                                          GError **error);
/* Whether the connection is that officer's own login (TRUE on a file). */
gboolean    mc_store_session_is_officer  (McStore *self, const char *username);
/* Creates the database TARGET names on its server (as the server's administrator): refused
 * when it exists. *DATABASE: its name. */
gboolean    mc_store_server_create_database (const char *target, char **database,
                                             GError **error);
/* The value of KEYWORD in a server connection string, NULL when absent. */
char       *mc_store_server_conninfo_value (const char *target, const char *keyword);
/* Lets the workstations of the network connect to DATABASE; *NOTE says what is left to do. */
gboolean    mc_store_server_open_to_network (McStore *self, const char *database, char **note,
                                             GError **error);

/* Copies every table of FROM into TO, which holds no dossier yet (a new file, or a server
 * database right after its set-up, whose own rows give way), in one transaction: ids, times,
 * the audit chain and the signatures as they are. *ROWS: rows copied; *NEED_PASSWORD: accounts
 * that have no server password yet. */
gboolean    mc_store_migrate_to          (McStore *from, McStore *to, gint64 *rows,
                                          gint64 *need_password, GError **error);

/* ---- Audit ---- */
/* The newest record's id (0 when none) and hash ("" when none). */
gboolean    mc_audit_last_record         (McStore *self, gint64 *id, char **hash, GError **error);
/* The oldest record's id (0 when none). */
gboolean    mc_audit_first_id            (McStore *self, gint64 *id, GError **error);
/* The stored hash of record ID, NULL when there is none (*FAILED set on error). */
char       *mc_audit_record_hash         (McStore *self, gint64 id, gboolean *failed,
                                          GError **error);
/* After record AFTER_ID: the dossiers named by a record (their ids added to IDS, a set of
 * gint64), and the details of each import's record (added to IMPORTS, text). */
gboolean    mc_audit_dossiers_since      (McStore *self, gint64 after_id, GHashTable *ids,
                                          GPtrArray *imports, GError **error);
/* The details of every record of ACTION, by id, with its id (the checkpoints' own records). */
typedef void (*McAuditRecordFunc) (gint64 id, gint64 entity_id, const char *details,
                                   gpointer data);
gboolean    mc_audit_foreach_action      (McStore *self, const char *action,
                                          McAuditRecordFunc func, gpointer data, GError **error);

/* ---- Checkpoints (mc-checkpoint.c) ---- */
typedef struct {
  gint64   id;
  McTime   at;
  gint64   officer_id;
  gint64   key_id;
  gint64   audit_count;      /* the chain's records, 1 … audit_count */
  char    *audit_hash;       /* the hash of record audit_count */
  gint64   dossier_count;
  char    *dossier_digest;   /* SHA-256 of row_hashes, hex */
  GBytes  *row_hashes;       /* per dossier in id order: id (8 bytes, big-endian), SHA-256 */
  gint64   signature_count;
  char    *signature_digest; /* SHA-256 of signature_hashes, hex */
  GBytes  *signature_hashes; /* per verified signature in id order: id (8 bytes), SHA-256 */
  char    *digest_hex;       /* SHA-256 of the checkpoint's canonical text */
  guchar   signature[crypto_sign_BYTES];
  gboolean signature_intact;
} McStoreCheckpoint;

void        mc_store_checkpoint_clear    (McStoreCheckpoint *c);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McStoreCheckpoint, mc_store_checkpoint_clear)
/* The id the next checkpoint takes (inside the write transaction). */
gint64      mc_store_next_checkpoint_id  (McStore *self, GError **error);
gboolean    mc_store_insert_checkpoint   (McStore *self, const McStoreCheckpoint *c,
                                          GError **error);
/* Every checkpoint (McStoreCheckpoint*) by id, their row hashes only when WITH_ROWS. */
GPtrArray  *mc_store_list_checkpoints    (McStore *self, gboolean with_rows, GError **error);
/* 1 found, 0 none, -1 on error. */
int         mc_store_load_checkpoint     (McStore *self, gint64 id, gboolean with_rows,
                                          McStoreCheckpoint *c, GError **error);
/* The newest checkpoint's id, 0 when none (or on error, with ERROR set). */
gint64      mc_store_last_checkpoint_id  (McStore *self, GError **error);

/* One dossier's stored row as a checkpoint hashes it: its columns in the order of
 * mc_store_dossier_row_columns, each a number or a text, or NULL. Valid during the call. */
typedef struct {
  const char *name;
  gboolean    is_text;
  gboolean    is_null;
  gint64      number;
  const char *text;
} McStoreRowValue;
typedef gboolean (*McStoreDossierRowFunc) (gint64 id, const McStoreRowValue *values,
                                           guint n_values, gpointer data);
/* Every dossier, by id; FUNC returns FALSE to stop. */
gboolean    mc_store_foreach_dossier_row (McStore *self, McStoreDossierRowFunc func,
                                          gpointer data, GError **error);
/* The code of dossier ID, NULL when it does not exist. */
char       *mc_store_dossier_code        (McStore *self, gint64 id);

/* ---- A dossier's mandatory steps (mc-workflow.c) ---- */
typedef struct {
  int     position;          /* in the procedure's step template, from 0 */
  McTime  started_at;
  gint64  started_by;
  McTime  done_at;           /* MC_TIME_NONE while under way */
  gint64  done_by;
  char   *note;
} McStoreStepRecord;
void        mc_store_step_record_clear   (McStoreStepRecord *r);
/* The dossier's recorded steps by position (McStoreStepRecord, cleared with the array). */
GArray     *mc_store_list_step_records   (McStore *self, gint64 dossier_id, GError **error);
/* Writes the record of R->position (a new one, or its end and note). */
gboolean    mc_store_write_step_record   (McStore *self, gint64 dossier_id,
                                          const McStoreStepRecord *r, GError **error);

/* ---- Supervision (mc-supervision.c) ---- */
/* A dossier received in the period that a representative filed (texts valid during the call). */
typedef struct {
  gint64      id;
  const char *code;
  McTime      received_at;
  const char *representative_name, *representative_phone, *representative_id;
  const char *applicant_name, *applicant_id, *applicant_address;
  gint64      receiver_id, procedure_id, fee;
} McStoreFiling;
typedef void (*McStoreFilingFunc) (const McStoreFiling *f, gpointer data);
/* The dossiers received in [FROM, TO) with a representative's phone or ID number, by id. */
gboolean    mc_store_foreach_filing      (McStore *self, McTime from, McTime to,
                                          McStoreFilingFunc func, gpointer data,
                                          GError **error);
typedef struct {
  gint64 dossier_id, handler_id, receiver_id, procedure_id;
} McStoreSampleUnit;
/* The dossiers received in [FROM, TO) (accepted: not statuses 1 and 3), by id. */
typedef struct {
  gint64    id, receiver_id;
  McTime    received_at;
  McChannel channel;
  int       supplements;
} McStoreReceipt;
/* The dossiers received since SINCE (McStoreReceipt), newest first. */
GArray     *mc_store_list_receipts_since (McStore *self, McTime since, GError **error);
GArray     *mc_store_list_sample_frame   (McStore *self, McTime from, McTime to, GError **error);

typedef struct {
  gint64  id;
  McTime  drawn_at;
  gint64  officer_id;
  gint64  period_from, period_to;    /* McDay */
  gint64  size;
  int     stratum;
  char   *seed;
  gint64  population;
} McStoreInspection;
typedef struct {
  gint64  inspection_id;
  int     position;
  gint64  dossier_id;
  guint   checked, passed;
  int     verdict;
  char   *findings;
  McTime  checked_at;
} McStoreInspectionItem;
void        mc_store_inspection_clear      (McStoreInspection *i);
void        mc_store_inspection_item_clear (McStoreInspectionItem *item);
/* The id the next inspection takes (inside the write transaction). */
gint64      mc_store_next_inspection_id  (McStore *self, GError **error);
gboolean    mc_store_insert_inspection   (McStore *self, const McStoreInspection *i,
                                          GError **error);
gboolean    mc_store_insert_inspection_item (McStore *self, gint64 inspection_id, int position,
                                             gint64 dossier_id, GError **error);
/* The rows changed (0: no such item), -1 on error. */
gint64      mc_store_update_inspection_item (McStore *self, const McStoreInspectionItem *item,
                                             GError **error);
/* Every inspection (ONLY_ID 0) or that one, newest first (McStoreInspection*). */
GPtrArray  *mc_store_list_inspections    (McStore *self, gint64 only_id, GError **error);
/* Its items by position (McStoreInspectionItem, cleared with the array). */
GArray     *mc_store_list_inspection_items (McStore *self, gint64 inspection_id,
                                            GError **error);

/* ---- What the controller writes into a period's report (report_note) ---- */
typedef struct {
  gint64  period_from, period_to;    /* McDay */
  char   *shortcomings, *causes, *next_steps;
  gint64  officer_id;
  McTime  written_at;
} McStoreReportNote;
void        mc_store_report_note_clear   (McStoreReportNote *n);
/* TRUE and *FOUND: the note of exactly [FROM, TO] into OUT (cleared by the caller). */
gboolean    mc_store_get_report_note     (McStore *self, gint64 from, gint64 to,
                                          McStoreReportNote *out, gboolean *found,
                                          GError **error);
/* Writes the note of its period, replacing the one there was. */
gboolean    mc_store_put_report_note     (McStore *self, const McStoreReportNote *n,
                                          GError **error);
/* ---- Attached files (mc-store-attachment.c) ---- */
/* Stores DATA under HASH unless it is there already (DATA NULL: the blob is stored already),
 * then the attachment row A (its id given here, returned; 0 on error). */
gint64      mc_store_insert_attachment   (McStore *self, const McAttachment *a, const void *data,
                                          GError **error);
/* Marks the current files of POSITION of DOSSIER_ID attached before the file BY superseded by
 * it at AT. */
gboolean    mc_store_supersede_attachments (McStore *self, gint64 dossier_id, int position,
                                            gint64 by, McTime at, GError **error);
/* What the derived flags are read from: the documents received, how many of them have a current
 * file, the result's current files, and whether the dossier came from an import. */
gboolean    mc_store_attachment_counts   (McStore *self, gint64 dossier_id, gint64 *received,
                                          gint64 *with_file, gint64 *result_files,
                                          gboolean *imported, GError **error);
/* Writes the two flags when they change (the figures' days are marked by the triggers). */
gboolean    mc_store_set_digitized       (McStore *self, gint64 dossier_id, gboolean input,
                                          gboolean result, McTime at, GError **error);
/* Hashes every stored file again: one line in PROBLEMS for each whose bytes no longer match. */
gboolean    mc_store_check_blobs         (McStore *self, GPtrArray *problems, GError **error);

G_END_DECLS
