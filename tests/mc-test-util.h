/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"
#include "mc-workflow.h"

G_BEGIN_DECLS

/* Where a test keeps a new database: with MOTCUA_TEST_PG set, a new empty database on that
 * PostgreSQL cluster (DIR and NAME unused); otherwise the file NAME ("test.db" when NULL) in DIR,
 * or ":memory:" when DIR is NULL. Open it with mc_store_create. */
char    *mc_test_new_target (const char *dir, const char *name);
/* Whether the tests run on the PostgreSQL engine (MOTCUA_TEST_PG). */
gboolean mc_test_on_server  (void);
/* A new store (in memory, or on the test cluster), migrated, with mc_catalogue_init_defaults
 * applied when DEFAULTS. */
McStore *mc_test_store_new (gboolean defaults);
/* A local time "YYYY-MM-DD HH:MM" (aborts the test if unparsable). */
McTime   mc_test_time      (const char *text);
McDay    mc_test_day       (const char *text);
/* The single integer a query returns (e.g. a count); aborts the test on failure. */
gint64   mc_test_query_int (McStore *store, const char *sql);
/* Statements (in the SQL both engines take) made from FORMAT; aborts the test, naming them, when
 * the engine refuses one. */
void     mc_test_exec      (McStore *store, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* TEXT as an SQL string literal ('…' with its quotes doubled), or NULL for NULL: for the values
 * a test writes into its SQL. */
char    *mc_test_sql_text  (const char *text);
/* A time or an id as SQL: NULL for MC_TIME_NONE, for id 0. */
char    *mc_test_sql_time  (McTime t);
char    *mc_test_sql_id    (gint64 id);
/* A flag as SQL: TRUE or FALSE (a boolean column on the server). */
const char *mc_test_sql_bool (gboolean value);
/* The leader USERNAME (password PASSWORD) made ready to sign as a commune's first leaders are
 * (mc-signature.h): their sign-in makes their key, and another leader confirms it (the chairman a
 * vice-chairman's, a vice-chairman the chairman's). When the database has no other leader to
 * confirm it, a chairman "Chủ tịch xác nhận" (user name "xacnhan", the same password) is made for
 * it, and in turn confirmed. Returns the leader's id. */
gint64   mc_test_leader_ready (McStore *store, const char *username, const char *password);
/* Applies ACTION by ACTOR to DOSSIER now, or fails the test with core's sentence. */
void     mc_test_apply     (McStore *store, gint64 actor, gint64 dossier, McAction action,
                            McActionArgs args);
/* A dossier of PROCEDURE received now at the desk by DESK for APPLICANT, assigned to SPEC and
 * submitted by SPEC for signature with RESULT (NOTE may be NULL). Returns its id. */
gint64   mc_test_submitted (McStore *store, gint64 procedure, gint64 desk, gint64 spec,
                            const char *applicant, const char *result, const char *note);
/* A fresh temporary folder for this test program (removed at exit is not guaranteed). */
char    *mc_test_tmpdir    (void);

/* Files for the attachment tests: a picture of TYPE ("png", "jpeg") filled with RGBA, and a PDF
 * of PAGES A4 pages, each saying TEXT and its number, the first carrying at least MIN_BYTES of
 * noise (0: none). */
GBytes *mc_test_make_image (const char *type, int width, int height, guint32 rgba);
GBytes *mc_test_make_pdf   (int pages, const char *text, gsize min_bytes);

G_END_DECLS
