/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dossiers, their documents and their events, as stored. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-store-private.h"
#include "mc-text.h"

void
mc_dossier_document_free (McDossierDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->name);
  g_free (doc);
}

McDossier *
mc_dossier_new (void)
{
  McDossier *d = g_new0 (McDossier, 1);

  d->submitted_at = d->received_at = d->due_at = d->apology_due_at = MC_TIME_NONE;
  d->ended_at = d->returned_at = d->paused_since = MC_TIME_NONE;
  d->outcome = MC_OUTCOME_NONE;
  d->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_document_free);
  return d;
}

void
mc_dossier_free (McDossier *d)
{
  if (d == NULL)
    return;
  g_free (d->code);
  g_free (d->applicant_name);
  g_free (d->applicant_id_number);
  g_free (d->applicant_phone);
  g_free (d->applicant_address);
  g_free (d->applicant_email);
  g_free (d->representative_name);
  g_free (d->representative_phone);
  g_free (d->representative_id_number);
  g_free (d->request);
  g_free (d->result);
  g_free (d->note);
  g_free (d->procedure_code);
  g_free (d->procedure_name);
  g_free (d->receiver_name);
  g_free (d->handler_name);
  g_ptr_array_unref (d->documents);
  g_free (d);
}

McDossierDocument *
mc_dossier_document_new (const char *name, int copy_kind, int quantity, gboolean received)
{
  McDossierDocument *doc = g_new0 (McDossierDocument, 1);

  doc->name = g_strdup (name ? name : "");
  doc->copy_kind = copy_kind;
  doc->quantity = quantity;
  doc->received = received;
  return doc;
}

#define DOSSIER_SELECT \
  "SELECT d.id, d.code, d.procedure_id, d.channel, d.status, d.step, d.submitted_at, " \
  "d.received_at, d.due_at, d.apology_due_at, d.ended_at, d.returned_at, d.supplement_count, " \
  "d.paused_seconds, d.paused_since, d.reassign_count, d.apology_count, d.digitized_input, " \
  "d.digitized_result, d.fee, d.paid_online, d.receiver_id, d.handler_id, d.signer_id, " \
  "d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_address, " \
  "d.applicant_email, d.representative_name, d.representative_phone, " \
  "d.representative_id_number, d.request, d.result, d.note, d.outcome, d.late_intake, " \
  "d.version, p.code, p.name, r.name, h.name " \
  "FROM dossier d JOIN procedure p ON p.id = d.procedure_id " \
  "LEFT JOIN officer r ON r.id = d.receiver_id LEFT JOIN officer h ON h.id = d.handler_id "

static McDossier *
dossier_from_row (McDbStmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  int c = 0;

  d->id = mc_col_int64 (stmt, c++);
  d->code = mc_col_dup (stmt, c++);
  d->procedure_id = mc_col_int64 (stmt, c++);
  d->channel = mc_col_int (stmt, c++);
  d->status = mc_col_int (stmt, c++);
  d->step = mc_col_int (stmt, c++);
  d->submitted_at = mc_col_time (stmt, c++);
  d->received_at = mc_col_time (stmt, c++);
  d->due_at = mc_col_time (stmt, c++);
  d->apology_due_at = mc_col_time (stmt, c++);
  d->ended_at = mc_col_time (stmt, c++);
  d->returned_at = mc_col_time (stmt, c++);
  d->supplement_count = mc_col_int (stmt, c++);
  d->paused_seconds = mc_col_int64 (stmt, c++);
  d->paused_since = mc_col_time (stmt, c++);
  d->reassign_count = mc_col_int (stmt, c++);
  d->apology_count = mc_col_int (stmt, c++);
  d->digitized_input = mc_col_bool (stmt, c++);
  d->digitized_result = mc_col_bool (stmt, c++);
  d->fee = mc_col_int64 (stmt, c++);
  d->paid_online = mc_col_bool (stmt, c++);
  d->receiver_id = mc_col_id (stmt, c++);
  d->handler_id = mc_col_id (stmt, c++);
  d->signer_id = mc_col_id (stmt, c++);
  d->applicant_name = mc_col_dup (stmt, c++);
  d->applicant_id_number = mc_col_dup (stmt, c++);
  d->applicant_phone = mc_col_dup (stmt, c++);
  d->applicant_address = mc_col_dup (stmt, c++);
  d->applicant_email = mc_col_dup (stmt, c++);
  d->representative_name = mc_col_dup (stmt, c++);
  d->representative_phone = mc_col_dup (stmt, c++);
  d->representative_id_number = mc_col_dup (stmt, c++);
  d->request = mc_col_dup (stmt, c++);
  d->result = mc_col_dup (stmt, c++);
  d->note = mc_col_dup (stmt, c++);
  d->outcome = mc_col_null (stmt, c) ? MC_OUTCOME_NONE : mc_col_int (stmt, c);
  c++;
  d->late_intake = mc_col_bool (stmt, c++);
  d->version = mc_col_int64 (stmt, c++);
  d->procedure_code = mc_col_dup (stmt, c++);
  d->procedure_name = mc_col_dup (stmt, c++);
  d->receiver_name = mc_col_dup (stmt, c++);
  d->handler_name = mc_col_dup (stmt, c++);
  return d;
}

static gboolean
load_documents (McStore *self, McDossier *d, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT name, copy_kind, quantity, received "
                                   "FROM dossier_document WHERE dossier_id = ?1 ORDER BY position",
                                   MC_PARAMS (MC_I64 (d->id)));
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the dossier"), error)) == MC_DB_STEP_ROW)
    g_ptr_array_add (d->documents,
                     mc_dossier_document_new (mc_col_text (stmt, 0), mc_col_int (stmt, 1),
                                              mc_col_int (stmt, 2), mc_col_bool (stmt, 3)));
  return rc == MC_DB_STEP_DONE;
}

static McDossier *
get_dossier_where (McStore *self, const char *sql, McDbValue key, gint64 id, const char *code,
                   GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, &key, 1);
  McDossier *d = NULL;
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  rc = mc_store_step (self, stmt, _("reading the dossier"), error);
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  if (rc == MC_DB_STEP_ROW)
    {
      d = dossier_from_row (stmt);
      mc_db_reset (stmt);
    }
  if (d == NULL)
    {
      if (code != NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("There is no dossier with the code “%s”."), code);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("The dossier no. %lld does not exist."), (long long) id);
      return NULL;
    }
  if (!load_documents (self, d, error))
    g_clear_pointer (&d, mc_dossier_free);
  return d;
}

McDossier *
mc_store_get_dossier (McStore *self, gint64 id, GError **error)
{
  return get_dossier_where (self, DOSSIER_SELECT "WHERE d.id = ?1", MC_I64 (id), id, NULL,
                            error);
}

McDossier *
mc_store_find_dossier (McStore *self, const char *code, GError **error)
{
  return get_dossier_where (self, DOSSIER_SELECT "WHERE d.code = ?1", MC_TEXT (code), 0, code,
                            error);
}

/* One cached statement stepped per id: a page of the queue's table costs a few microseconds a
 * row, and the documents (not shown in tables) are not read. */
GPtrArray *
mc_store_get_dossier_rows (McStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);

  for (guint i = 0; i < n_ids; i++)
    {
      McDbStmt *stmt = mc_store_query (self, error, DOSSIER_SELECT "WHERE d.id = ?1",
                                       MC_PARAMS (MC_I64 (ids[i])));
      McDbStep rc;

      if (stmt == NULL)
        return NULL;
      rc = mc_store_step (self, stmt, _("reading the queue"), error);
      if (rc == MC_DB_STEP_ERROR)
        return NULL;
      if (rc == MC_DB_STEP_ROW)
        {
          g_ptr_array_add (rows, dossier_from_row (stmt));
          mc_db_reset (stmt);
        }
    }
  return g_steal_pointer (&rows);
}

gint64
mc_store_count_dossiers (McStore *self)
{
  gint64 n = 0;

  mc_store_get_int64 (self, _("reading the queue"), &n, NULL, "SELECT count(*) FROM dossier",
                      MC_NO_PARAMS);
  return n;
}

/* The last dossier of the citizen with that ID number, for filling in a returning citizen's
 * details at intake; NULL when none (or on error, with ERROR set). */
McDossier *
mc_store_find_applicant (McStore *self, const char *id_number, GError **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (id_number ? id_number : ""));
  gint64 id = 0;

  if (clean[0] == '\0')
    return NULL;
  if (!mc_store_get_int64 (self, _("reading the dossiers"), &id, error,
                           "SELECT id FROM dossier WHERE applicant_id_number = ?1 "
                           "ORDER BY id DESC LIMIT 1", MC_PARAMS (MC_TEXT (clean))) ||
      id == 0)
    return NULL;
  return mc_store_get_dossier (self, id, error);
}

/* ---- Writing ---- */

gboolean
mc_store_take_dossier_number (McStore *self, const char *prefix, gint64 *number, GError **error)
{
  g_autofree char *bound = g_strdup (prefix);
  const char *what = _("numbering the dossier");
  McDbStmt *stmt;
  gint64 used = 0;
  McDbStep rc;

  /* Codes of the day sort between "…-YYMMDD-" and "…-YYMMDD." ('.' follows '-'): an imported
   * history may hold codes of the day the counter never gave, so it starts above them. */
  bound[strlen (bound) - 1] = '.';
  stmt = mc_store_query (self, error, "SELECT code FROM dossier WHERE code >= ?1 AND code < ?2",
                         MC_PARAMS (MC_TEXT (prefix), MC_TEXT (bound)));
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, what, error)) == MC_DB_STEP_ROW)
    {
      const char *tail = mc_col_text (stmt, 0) + strlen (prefix);
      gint64 n;

      if (g_ascii_string_to_signed (tail, 10, 1, G_MAXINT64, &n, NULL))
        used = MAX (used, n);
    }
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;

  /* Taken and raised in one statement, inside the caller's transaction: a second desk waits for
   * this one's commit (or rollback, which gives the number back), so the numbers have neither
   * doubles nor gaps. */
  stmt = mc_store_query (self, error,
                         "INSERT INTO dossier_counter (prefix, last) VALUES (?1, ?2) "
                         "ON CONFLICT (prefix) DO UPDATE SET last = CASE "
                         "WHEN dossier_counter.last >= excluded.last "
                         "THEN dossier_counter.last + 1 ELSE excluded.last END "
                         "RETURNING last",
                         MC_PARAMS (MC_TEXT (prefix), MC_I64 (used + 1)));
  if (stmt == NULL)
    return FALSE;
  if (mc_store_step (self, stmt, what, error) != MC_DB_STEP_ROW)
    return FALSE;
  *number = mc_col_int64 (stmt, 0);
  mc_db_reset (stmt);
  return TRUE;
}

#define DOSSIER_COLUMNS \
  "code, procedure_id, channel, status, step, submitted_at, received_at, due_at, " \
  "apology_due_at, ended_at, returned_at, supplement_count, paused_seconds, paused_since, " \
  "reassign_count, apology_count, digitized_input, digitized_result, fee, paid_online, " \
  "receiver_id, handler_id, signer_id, applicant_name, applicant_folded, applicant_id_number, " \
  "applicant_phone, applicant_address, applicant_email, representative_name, " \
  "representative_folded, representative_phone, representative_id_number, request, result, " \
  "note, outcome, late_intake, updated_at, version"

gint64
mc_store_insert_dossier (McStore *self, const McDossier *d, GError **error)
{
  return mc_store_insert_dossier_at (self, d, mc_store_now (self), error);
}

gint64
mc_store_insert_dossier_at (McStore *self, const McDossier *d, McTime updated_at, GError **error)
{
  g_autofree char *applicant_folded = mc_text_fold (d->applicant_name ? d->applicant_name : "");
  g_autofree char *representative_folded =
    mc_text_fold (d->representative_name ? d->representative_name : "");
  const char *what = _("saving the dossier");
  gint64 id;

  /* A new dossier starts at version 1: an action naming version 0 means "as it is now"
   * (McActionArgs.expected_version), so a dossier just received is protected too. */
  id = mc_store_insert (self, what, error,
      "INSERT INTO dossier (" DOSSIER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
      "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
      "?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, 1) RETURNING id",
      MC_PARAMS (MC_TEXT (d->code), MC_I64 (d->procedure_id), MC_INT (d->channel),
                 MC_INT (d->status), MC_INT (d->step), MC_TIME (d->submitted_at),
                 MC_TIME (d->received_at), MC_TIME (d->due_at), MC_TIME (d->apology_due_at),
                 MC_TIME (d->ended_at), MC_TIME (d->returned_at), MC_INT (d->supplement_count),
                 MC_I64 (d->paused_seconds), MC_TIME (d->paused_since),
                 MC_INT (d->reassign_count), MC_INT (d->apology_count),
                 MC_BOOL (d->digitized_input), MC_BOOL (d->digitized_result), MC_I64 (d->fee),
                 MC_BOOL (d->paid_online), MC_ID (d->receiver_id), MC_ID (d->handler_id),
                 MC_ID (d->signer_id), MC_TEXT (d->applicant_name), MC_TEXT (applicant_folded),
                 MC_TEXT (d->applicant_id_number), MC_TEXT (d->applicant_phone),
                 MC_TEXT (d->applicant_address), MC_TEXT (d->applicant_email),
                 MC_TEXT (d->representative_name),
                 MC_TEXT (d->representative_name && d->representative_name[0]
                          ? representative_folded : ""),
                 MC_TEXT (d->representative_phone), MC_TEXT (d->representative_id_number),
                 MC_TEXT (d->request), MC_TEXT (d->result), MC_TEXT (d->note),
                 ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = d->outcome,
                                .is_null = d->outcome == MC_OUTCOME_NONE }),
                 MC_BOOL (d->late_intake), MC_I64 (updated_at)));
  if (id == 0)
    return 0;
  for (guint i = 0; d->documents != NULL && i < d->documents->len; i++)
    if (!mc_store_insert_document (self, id, (int) i, g_ptr_array_index (d->documents, i),
                                   error))
      return 0;
  return id;
}

/* Writes the workflow's fields of D, and raises its version, only if the stored dossier is still
 * at the version D was read at: otherwise someone else changed it since, and nothing is written
 * (MC_ERROR_CONFLICT). */
gboolean
mc_store_update_dossier (McStore *self, const McDossier *d, GError **error)
{
  gint64 changed;

  changed = mc_store_run_changes (self, _("saving the dossier"), error,
      "UPDATE dossier SET status = ?1, step = ?2, received_at = ?3, due_at = ?4, "
      "apology_due_at = ?5, ended_at = ?6, returned_at = ?7, supplement_count = ?8, "
      "paused_seconds = ?9, paused_since = ?10, reassign_count = ?11, apology_count = ?12, "
      "digitized_result = ?13, receiver_id = ?14, handler_id = ?15, signer_id = ?16, "
      "result = ?17, outcome = ?18, late_intake = ?19, updated_at = ?20, "
      "version = version + 1 WHERE id = ?21 AND version = ?22",
      MC_PARAMS (MC_INT (d->status), MC_INT (d->step), MC_TIME (d->received_at),
                 MC_TIME (d->due_at), MC_TIME (d->apology_due_at), MC_TIME (d->ended_at),
                 MC_TIME (d->returned_at), MC_INT (d->supplement_count),
                 MC_I64 (d->paused_seconds), MC_TIME (d->paused_since),
                 MC_INT (d->reassign_count), MC_INT (d->apology_count),
                 MC_BOOL (d->digitized_result), MC_ID (d->receiver_id), MC_ID (d->handler_id),
                 MC_ID (d->signer_id), MC_TEXT (d->result),
                 ((McDbValue) { .type = MC_DB_TYPE_INT64, .i = d->outcome,
                                .is_null = d->outcome == MC_OUTCOME_NONE }),
                 MC_BOOL (d->late_intake), MC_I64 (mc_store_now (self)), MC_I64 (d->id),
                 MC_I64 (d->version)));
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_CONFLICT,
                   _("Dossier %s was just changed on another workstation; look at it again."),
                   d->code);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_set_documents_received (McStore *self, gint64 dossier_id, const GArray *positions,
                                 gboolean received, GError **error)
{
  for (guint i = 0; positions != NULL && i < positions->len; i++)
    if (!mc_store_run (self, _("saving the dossier’s documents"), error,
                       "UPDATE dossier_document SET received = ?1 "
                       "WHERE dossier_id = ?2 AND position = ?3",
                       MC_PARAMS (MC_BOOL (received), MC_I64 (dossier_id),
                                  MC_INT (g_array_index (positions, int, i)))))
      return FALSE;
  return TRUE;
}

gboolean
mc_store_insert_document (McStore *self, gint64 dossier_id, int position,
                          const McDossierDocument *doc, GError **error)
{
  return mc_store_run (self, _("saving the dossier’s documents"), error,
                       "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, "
                       "quantity, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       MC_PARAMS (MC_I64 (dossier_id), MC_INT (position), MC_TEXT (doc->name),
                                  MC_INT (doc->copy_kind), MC_INT (doc->quantity),
                                  MC_BOOL (doc->received)));
}

gboolean
mc_store_add_document (McStore *self, gint64 dossier_id, const McDossierDocument *doc,
                       GError **error)
{
  return mc_store_run (self, _("saving the dossier’s documents"), error,
                       "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, "
                       "quantity, received) SELECT ?1, coalesce (max (position), -1) + 1, ?2, ?3, "
                       "?4, ?5 FROM dossier_document WHERE dossier_id = ?1",
                       MC_PARAMS (MC_I64 (dossier_id), MC_TEXT (doc->name),
                                  MC_INT (doc->copy_kind), MC_INT (doc->quantity),
                                  MC_BOOL (doc->received)));
}

/* ---- Open dossiers' appointments ---- */

gboolean
mc_store_foreach_open_dossier (McStore *self, McStoreOpenFunc func, gpointer data,
                               GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT d.id, d.received_at, d.due_at, d.paused_seconds, p.limit_kind, p.limit_value "
      "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
      "WHERE d.status IN (2, 4, 5, 6) AND d.received_at IS NOT NULL", MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("reading the open dossiers"), error))
         == MC_DB_STEP_ROW)
    func (mc_col_int64 (stmt, 0), mc_col_int64 (stmt, 1), mc_col_time (stmt, 2),
          mc_col_int64 (stmt, 3), mc_col_int (stmt, 4), mc_col_int (stmt, 5), data);
  return rc == MC_DB_STEP_DONE;
}

gboolean
mc_store_set_due (McStore *self, gint64 dossier_id, McTime due, GError **error)
{
  return mc_store_run (self, _("saving the new appointments"), error,
                       "UPDATE dossier SET due_at = ?1, updated_at = ?2, version = version + 1 "
                       "WHERE id = ?3",
                       MC_PARAMS (MC_TIME (due), MC_I64 (mc_store_now (self)),
                                  MC_I64 (dossier_id)));
}

/* ---- Events ---- */

void
mc_event_free (McEvent *e)
{
  if (e == NULL)
    return;
  g_free (e->actor_name);
  g_free (e->from_officer_name);
  g_free (e->to_officer_name);
  g_free (e->note);
  g_free (e);
}

GPtrArray *
mc_store_list_events (McStore *self, gint64 dossier_id, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_event_free);
  McDbStmt *stmt = mc_store_query (self, error,
      "SELECT e.id, e.at, e.actor_id, a.name, e.action, e.from_status, e.to_status, e.from_step, "
      "e.to_step, e.from_officer, e.to_officer, f.name, t.name, e.note "
      "FROM dossier_event e LEFT JOIN officer a ON a.id = e.actor_id "
      "LEFT JOIN officer f ON f.id = e.from_officer LEFT JOIN officer t ON t.id = e.to_officer "
      "WHERE e.dossier_id = ?1 ORDER BY e.at, e.id", MC_PARAMS (MC_I64 (dossier_id)));
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the dossier’s history"), error))
         == MC_DB_STEP_ROW)
    {
      McEvent *e = g_new0 (McEvent, 1);

      e->id = mc_col_int64 (stmt, 0);
      e->dossier_id = dossier_id;
      e->at = mc_col_int64 (stmt, 1);
      e->actor_id = mc_col_id (stmt, 2);
      e->actor_name = mc_col_dup (stmt, 3);
      e->action = mc_col_int (stmt, 4);
      e->from_status = mc_col_id (stmt, 5);
      e->to_status = mc_col_id (stmt, 6);
      e->from_step = mc_col_id (stmt, 7);
      e->to_step = mc_col_id (stmt, 8);
      e->from_officer = mc_col_id (stmt, 9);
      e->to_officer = mc_col_id (stmt, 10);
      e->from_officer_name = mc_col_dup (stmt, 11);
      e->to_officer_name = mc_col_dup (stmt, 12);
      e->note = mc_col_dup (stmt, 13);
      g_ptr_array_add (list, e);
    }
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
mc_store_insert_event (McStore *self, const McEvent *e, GError **error)
{
  /* 0 (none or unchanged) is stored as NULL, as the store reads it back. */
  return mc_store_run (self, _("saving the dossier’s history"), error,
                       "INSERT INTO dossier_event (dossier_id, at, actor_id, action, from_status, "
                       "to_status, from_step, to_step, from_officer, to_officer, note) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                       MC_PARAMS (MC_I64 (e->dossier_id), MC_I64 (e->at), MC_ID (e->actor_id),
                                  MC_INT (e->action), MC_ID (e->from_status),
                                  MC_ID (e->to_status), MC_ID (e->from_step), MC_ID (e->to_step),
                                  MC_ID (e->from_officer), MC_ID (e->to_officer),
                                  MC_TEXT (e->note)));
}

McTime
mc_store_last_event_time (McStore *self, gint64 dossier_id, GError **error)
{
  gint64 t = MC_TIME_NONE;

  if (!mc_store_get_int64 (self, _("reading the dossier’s history"), &t, error,
                           "SELECT max(at) FROM dossier_event WHERE dossier_id = ?1",
                           MC_PARAMS (MC_I64 (dossier_id))))
    return MC_TIME_NONE;
  return t;
}

/* Who made the dossier's last change, for the sentence that says someone else changed it. */
char *
mc_store_last_actor_name (McStore *self, gint64 dossier_id)
{
  return mc_store_get_text (self, _("reading the dossier’s history"), NULL, NULL,
                            "SELECT a.name FROM dossier_event e JOIN officer a ON a.id = e.actor_id "
                            "WHERE e.dossier_id = ?1 ORDER BY e.id DESC LIMIT 1",
                            MC_PARAMS (MC_I64 (dossier_id)));
}
