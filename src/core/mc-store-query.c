/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading procedures, officers and dossiers, and the queues' filtered, sorted id lists. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-store-private.h"
#include "mc-text.h"

/* ---- Procedures ---- */

static void
step_template_free (gpointer data)
{
  McStepTemplate *s = data;

  g_free (s->name);
  g_free (s);
}

static void
document_template_free (gpointer data)
{
  McDocumentTemplate *d = data;

  g_free (d->name);
  g_free (d);
}

McProcedure *
mc_procedure_new (void)
{
  McProcedure *p = g_new0 (McProcedure, 1);

  p->code = g_strdup ("");
  p->name = g_strdup ("");
  p->field = g_strdup ("");
  p->fee_note = g_strdup ("");
  p->post = g_strdup ("");
  p->limit_kind = MC_LIMIT_WORKING_DAYS;
  p->result_is_paper = TRUE;
  p->active = TRUE;
  p->steps = g_ptr_array_new_with_free_func (step_template_free);
  p->documents = g_ptr_array_new_with_free_func (document_template_free);
  return p;
}

void
mc_procedure_free (McProcedure *p)
{
  if (p == NULL)
    return;
  g_free (p->code);
  g_free (p->name);
  g_free (p->field);
  g_free (p->fee_note);
  g_free (p->post);
  g_ptr_array_unref (p->steps);
  g_ptr_array_unref (p->documents);
  g_free (p);
}

#define PROCEDURE_COLUMNS \
  "id, code, name, field, limit_kind, limit_value, online_level, fee, fee_note, " \
  "result_is_paper, post, active"

static McProcedure *
procedure_from_row (sqlite3_stmt *stmt)
{
  McProcedure *p = mc_procedure_new ();

  p->id = sqlite3_column_int64 (stmt, 0);
  g_free (p->code);
  p->code = mc_stmt_dup_text (stmt, 1);
  g_free (p->name);
  p->name = mc_stmt_dup_text (stmt, 2);
  g_free (p->field);
  p->field = mc_stmt_dup_text (stmt, 3);
  p->limit_kind = sqlite3_column_int (stmt, 4);
  p->limit_value = sqlite3_column_int (stmt, 5);
  p->online_level = sqlite3_column_int (stmt, 6);
  p->fee = sqlite3_column_int64 (stmt, 7);
  g_free (p->fee_note);
  p->fee_note = mc_stmt_dup_text (stmt, 8);
  p->result_is_paper = sqlite3_column_int (stmt, 9) != 0;
  g_free (p->post);
  p->post = mc_stmt_dup_text (stmt, 10);
  p->active = sqlite3_column_int (stmt, 11) != 0;
  return p;
}

static gboolean
load_procedure_lists (McStore *self, McProcedure *p, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = mc_store_prepare (self,
      "SELECT name, role, budget_seconds FROM procedure_step WHERE procedure_id = ? "
      "ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      McStepTemplate *s = g_new0 (McStepTemplate, 1);
      s->name = mc_stmt_dup_text (stmt, 0);
      s->role = sqlite3_column_int (stmt, 1);
      s->budget_seconds = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (p->steps, s);
    }
  sqlite3_reset (stmt);

  stmt = mc_store_prepare (self,
      "SELECT name, copy_kind, quantity, required FROM procedure_document "
      "WHERE procedure_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      McDocumentTemplate *d = g_new0 (McDocumentTemplate, 1);
      d->name = mc_stmt_dup_text (stmt, 0);
      d->copy_kind = sqlite3_column_int (stmt, 1);
      d->quantity = sqlite3_column_int (stmt, 2);
      d->required = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (p->documents, d);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static McProcedure *
get_procedure_where (McStore *self, const char *sql, gint64 id, const char *code,
                     GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);
  McProcedure *p = NULL;

  if (stmt == NULL)
    return NULL;
  if (code != NULL)
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    p = procedure_from_row (stmt);
  sqlite3_reset (stmt);

  if (p == NULL)
    {
      if (code != NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("There is no procedure with the code “%s” in the catalogue."), code);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                     _("The procedure no. %lld does not exist."), (long long) id);
      return NULL;
    }
  if (!load_procedure_lists (self, p, error))
    g_clear_pointer (&p, mc_procedure_free);
  return p;
}

McProcedure *
mc_store_get_procedure (McStore *self, gint64 id, GError **error)
{
  return get_procedure_where (self, "SELECT " PROCEDURE_COLUMNS " FROM procedure WHERE id = ?",
                              id, NULL, error);
}

McProcedure *
mc_store_find_procedure (McStore *self, const char *code, GError **error)
{
  return get_procedure_where (self, "SELECT " PROCEDURE_COLUMNS " FROM procedure WHERE code = ?",
                              0, code, error);
}

GPtrArray *
mc_store_list_procedures (McStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_free);
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "SELECT " PROCEDURE_COLUMNS " FROM procedure ORDER BY code", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, procedure_from_row (stmt));
  sqlite3_reset (stmt);
  for (guint i = 0; i < list->len; i++)
    if (!load_procedure_lists (self, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

static gboolean
validate_procedure (const McProcedure *p, GError **error)
{
  if (p->code == NULL || p->code[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The procedure needs a code."));
      return FALSE;
    }
  if (p->name == NULL || p->name[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The procedure “%s” needs a name."), p->code);
      return FALSE;
    }
  if (p->limit_kind > MC_LIMIT_CALENDAR_DAYS || p->limit_value < 0 || p->limit_value > 365)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The processing time of “%s” must be between 0 and 365 days."), p->code);
      return FALSE;
    }
  if (p->fee < 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The fee of “%s” cannot be negative."), p->code);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_save_procedure (McStore *self, gint64 actor_id, McProcedure *p, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *folded = NULL;

  if (mc_store_actor_role (self, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the procedure catalogue."));
      return FALSE;
    }
  if (!validate_procedure (p, error))
    return FALSE;

  folded = mc_text_fold (p->name);
  if (!mc_store_begin (self, error))
    return FALSE;

  if (p->id == 0)
    stmt = mc_store_prepare (self,
        "INSERT INTO procedure (code, name, name_folded, field, limit_kind, limit_value, "
        "online_level, fee, fee_note, result_is_paper, post, active) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  else
    stmt = mc_store_prepare (self,
        "UPDATE procedure SET code = ?1, name = ?2, name_folded = ?3, field = ?4, "
        "limit_kind = ?5, limit_value = ?6, online_level = ?7, fee = ?8, fee_note = ?9, "
        "result_is_paper = ?10, post = ?11, active = ?12 WHERE id = ?13", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, p->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, folded, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, p->field ? p->field : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, p->limit_kind);
  sqlite3_bind_int (stmt, 6, p->limit_value);
  sqlite3_bind_int (stmt, 7, p->online_level);
  sqlite3_bind_int64 (stmt, 8, p->fee);
  sqlite3_bind_text (stmt, 9, p->fee_note ? p->fee_note : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, p->result_is_paper);
  sqlite3_bind_text (stmt, 11, p->post ? p->post : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 12, p->active);
  if (p->id != 0)
    sqlite3_bind_int64 (stmt, 13, p->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if ((sqlite3_extended_errcode (mc_store_get_db (self)) & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                     _("Another procedure already has the code “%s”."), p->code);
      else
        mc_store_fail (self, error, _("saving the procedure"));
      sqlite3_reset (stmt);
      goto fail;
    }
  sqlite3_reset (stmt);
  if (p->id == 0)
    p->id = sqlite3_last_insert_rowid (mc_store_get_db (self));

  stmt = mc_store_prepare (self, "DELETE FROM procedure_step WHERE procedure_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, p->id);
  sqlite3_step (stmt);
  stmt = mc_store_prepare (self, "DELETE FROM procedure_document WHERE procedure_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, p->id);
  sqlite3_step (stmt);

  for (guint i = 0; i < p->steps->len; i++)
    {
      const McStepTemplate *s = g_ptr_array_index (p->steps, i);

      stmt = mc_store_prepare (self,
          "INSERT INTO procedure_step (procedure_id, position, name, role, budget_seconds) "
          "VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, p->id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, s->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, s->role);
      sqlite3_bind_int64 (stmt, 5, s->budget_seconds);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          mc_store_fail (self, error, _("saving the procedure"));
          goto fail;
        }
    }
  for (guint i = 0; i < p->documents->len; i++)
    {
      const McDocumentTemplate *d = g_ptr_array_index (p->documents, i);

      stmt = mc_store_prepare (self,
          "INSERT INTO procedure_document (procedure_id, position, name, copy_kind, quantity, "
          "required) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, p->id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, d->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, d->copy_kind);
      sqlite3_bind_int (stmt, 5, d->quantity);
      sqlite3_bind_int (stmt, 6, d->required);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          mc_store_fail (self, error, _("saving the procedure"));
          goto fail;
        }
    }

  if (!mc_audit_append (self, actor_id, "procedure.save", "procedure", p->id, p->code, error))
    goto fail;
  return mc_store_commit (self, error);

fail:
  mc_store_rollback (self);
  return FALSE;
}

/* ---- Officers ---- */

void
mc_officer_free (McOfficer *o)
{
  if (o == NULL)
    return;
  g_free (o->name);
  g_free (o->title);
  g_free (o->post);
  g_free (o->username);
  g_free (o);
}

#define OFFICER_COLUMNS "id, name, title, post, role, username, active"

static McOfficer *
officer_from_row (sqlite3_stmt *stmt)
{
  McOfficer *o = g_new0 (McOfficer, 1);

  o->id = sqlite3_column_int64 (stmt, 0);
  o->name = mc_stmt_dup_text (stmt, 1);
  o->title = mc_stmt_dup_text (stmt, 2);
  o->post = mc_stmt_dup_text (stmt, 3);
  o->role = sqlite3_column_int (stmt, 4);
  o->username = mc_stmt_dup_text (stmt, 5);
  o->active = sqlite3_column_int (stmt, 6) != 0;
  return o;
}

McOfficer *
mc_store_get_officer (McStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "SELECT " OFFICER_COLUMNS " FROM officer WHERE id = ?", error);
  McOfficer *o = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    o = officer_from_row (stmt);
  sqlite3_reset (stmt);
  if (o == NULL)
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("The officer no. %lld does not exist."), (long long) id);
  return o;
}

static int
compare_officers (gconstpointer a, gconstpointer b)
{
  const McOfficer *oa = *(McOfficer * const *) a;
  const McOfficer *ob = *(McOfficer * const *) b;

  return mc_text_collate (oa->name, ob->name);
}

GPtrArray *
mc_store_list_officers (McStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_free);
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT " OFFICER_COLUMNS " FROM officer", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, officer_from_row (stmt));
  sqlite3_reset (stmt);
  /* Vietnamese names sort by the Vietnamese alphabet, not by bytes. */
  g_ptr_array_sort (list, compare_officers);
  return g_steal_pointer (&list);
}

/* ---- Dossiers ---- */

static void
dossier_document_free (gpointer data)
{
  McDossierDocument *d = data;

  g_free (d->name);
  g_free (d);
}

McDossier *
mc_dossier_new (void)
{
  McDossier *d = g_new0 (McDossier, 1);

  d->submitted_at = d->received_at = d->due_at = d->apology_due_at = MC_TIME_NONE;
  d->ended_at = d->returned_at = d->paused_since = MC_TIME_NONE;
  d->outcome = MC_OUTCOME_NONE;
  d->documents = g_ptr_array_new_with_free_func (dossier_document_free);
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

#define DOSSIER_SELECT \
  "SELECT d.id, d.code, d.procedure_id, d.channel, d.status, d.step, d.submitted_at, " \
  "d.received_at, d.due_at, d.apology_due_at, d.ended_at, d.returned_at, d.supplement_count, " \
  "d.paused_seconds, d.paused_since, d.reassign_count, d.apology_count, d.digitized_input, " \
  "d.digitized_result, d.fee, d.paid_online, d.receiver_id, d.handler_id, d.signer_id, " \
  "d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_address, " \
  "d.applicant_email, d.representative_name, d.representative_phone, d.request, d.result, " \
  "d.note, d.outcome, d.late_intake, p.code, p.name, r.name, h.name " \
  "FROM dossier d JOIN procedure p ON p.id = d.procedure_id " \
  "LEFT JOIN officer r ON r.id = d.receiver_id LEFT JOIN officer h ON h.id = d.handler_id "

static McDossier *
dossier_from_row (sqlite3_stmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  int c = 0;

  d->id = sqlite3_column_int64 (stmt, c++);
  d->code = mc_stmt_dup_text (stmt, c++);
  d->procedure_id = sqlite3_column_int64 (stmt, c++);
  d->channel = sqlite3_column_int (stmt, c++);
  d->status = sqlite3_column_int (stmt, c++);
  d->step = sqlite3_column_int (stmt, c++);
  d->submitted_at = mc_stmt_get_time (stmt, c++);
  d->received_at = mc_stmt_get_time (stmt, c++);
  d->due_at = mc_stmt_get_time (stmt, c++);
  d->apology_due_at = mc_stmt_get_time (stmt, c++);
  d->ended_at = mc_stmt_get_time (stmt, c++);
  d->returned_at = mc_stmt_get_time (stmt, c++);
  d->supplement_count = sqlite3_column_int (stmt, c++);
  d->paused_seconds = sqlite3_column_int64 (stmt, c++);
  d->paused_since = mc_stmt_get_time (stmt, c++);
  d->reassign_count = sqlite3_column_int (stmt, c++);
  d->apology_count = sqlite3_column_int (stmt, c++);
  d->digitized_input = sqlite3_column_int (stmt, c++) != 0;
  d->digitized_result = sqlite3_column_int (stmt, c++) != 0;
  d->fee = sqlite3_column_int64 (stmt, c++);
  d->paid_online = sqlite3_column_int (stmt, c++) != 0;
  d->receiver_id = sqlite3_column_int64 (stmt, c++);
  d->handler_id = sqlite3_column_int64 (stmt, c++);
  d->signer_id = sqlite3_column_int64 (stmt, c++);
  d->applicant_name = mc_stmt_dup_text (stmt, c++);
  d->applicant_id_number = mc_stmt_dup_text (stmt, c++);
  d->applicant_phone = mc_stmt_dup_text (stmt, c++);
  d->applicant_address = mc_stmt_dup_text (stmt, c++);
  d->applicant_email = mc_stmt_dup_text (stmt, c++);
  d->representative_name = mc_stmt_dup_text (stmt, c++);
  d->representative_phone = mc_stmt_dup_text (stmt, c++);
  d->request = mc_stmt_dup_text (stmt, c++);
  d->result = mc_stmt_dup_text (stmt, c++);
  d->note = mc_stmt_dup_text (stmt, c++);
  d->outcome = sqlite3_column_type (stmt, c) == SQLITE_NULL ? MC_OUTCOME_NONE
                                                            : sqlite3_column_int (stmt, c);
  c++;
  d->late_intake = sqlite3_column_int (stmt, c++) != 0;
  d->procedure_code = mc_stmt_dup_text (stmt, c++);
  d->procedure_name = mc_stmt_dup_text (stmt, c++);
  d->receiver_name = mc_stmt_dup_text (stmt, c++);
  d->handler_name = mc_stmt_dup_text (stmt, c++);
  return d;
}

static McDossier *
get_dossier_where (McStore *self, const char *sql, gint64 id, const char *code, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);
  McDossier *d = NULL;

  if (stmt == NULL)
    return NULL;
  if (code != NULL)
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    d = dossier_from_row (stmt);
  sqlite3_reset (stmt);

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

  stmt = mc_store_prepare (self,
      "SELECT name, copy_kind, quantity FROM dossier_document WHERE dossier_id = ? "
      "ORDER BY position", error);
  if (stmt == NULL)
    {
      mc_dossier_free (d);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, d->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      McDossierDocument *doc = g_new0 (McDossierDocument, 1);
      doc->name = mc_stmt_dup_text (stmt, 0);
      doc->copy_kind = sqlite3_column_int (stmt, 1);
      doc->quantity = sqlite3_column_int (stmt, 2);
      g_ptr_array_add (d->documents, doc);
    }
  sqlite3_reset (stmt);
  return d;
}

McDossier *
mc_store_get_dossier (McStore *self, gint64 id, GError **error)
{
  return get_dossier_where (self, DOSSIER_SELECT "WHERE d.id = ?", id, NULL, error);
}

McDossier *
mc_store_find_dossier (McStore *self, const char *code, GError **error)
{
  return get_dossier_where (self, DOSSIER_SELECT "WHERE d.code = ?", 0, code, error);
}

/* One cached statement stepped per id: a page of the queue's table costs a few microseconds a row,
 * and the documents (not shown in tables) are not read. */
GPtrArray *
mc_store_get_dossier_rows (McStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);
  sqlite3_stmt *stmt = mc_store_prepare (self, DOSSIER_SELECT "WHERE d.id = ?", error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, dossier_from_row (stmt));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          mc_store_fail (self, error, _("reading the queue"));
          return NULL;
        }
    }
  return g_steal_pointer (&rows);
}

gint64
mc_store_count_dossiers (McStore *self)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT count(*) FROM dossier", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

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
  sqlite3_stmt *stmt = mc_store_prepare (self,
      "SELECT e.id, e.at, e.actor_id, a.name, e.action, e.from_status, e.to_status, e.from_step, "
      "e.to_step, e.from_officer, e.to_officer, f.name, t.name, e.note "
      "FROM dossier_event e LEFT JOIN officer a ON a.id = e.actor_id "
      "LEFT JOIN officer f ON f.id = e.from_officer LEFT JOIN officer t ON t.id = e.to_officer "
      "WHERE e.dossier_id = ? ORDER BY e.at, e.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      McEvent *e = g_new0 (McEvent, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->dossier_id = dossier_id;
      e->at = sqlite3_column_int64 (stmt, 1);
      e->actor_id = sqlite3_column_int64 (stmt, 2);
      e->actor_name = mc_stmt_dup_text (stmt, 3);
      e->action = sqlite3_column_int (stmt, 4);
      e->from_status = sqlite3_column_int (stmt, 5);
      e->to_status = sqlite3_column_int (stmt, 6);
      e->from_step = sqlite3_column_int (stmt, 7);
      e->to_step = sqlite3_column_int (stmt, 8);
      e->from_officer = sqlite3_column_int64 (stmt, 9);
      e->to_officer = sqlite3_column_int64 (stmt, 10);
      e->from_officer_name = mc_stmt_dup_text (stmt, 11);
      e->to_officer_name = mc_stmt_dup_text (stmt, 12);
      e->note = mc_stmt_dup_text (stmt, 13);
      g_ptr_array_add (list, e);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* ---- Queues ---- */

static const char *
sort_column (McSortKey key)
{
  switch (key)
    {
    case MC_SORT_DUE:       return "d.due_at";
    case MC_SORT_RECEIVED:  return "d.received_at";
    case MC_SORT_CODE:      return "d.code";
    case MC_SORT_APPLICANT: return "d.applicant_folded";
    case MC_SORT_PROCEDURE: return "d.procedure_id";
    case MC_SORT_STATUS:    return "d.status";
    case MC_SORT_HANDLER:   return "d.handler_id";
    default:                return "d.due_at";
    }
}

typedef enum { SEARCH_NAME, SEARCH_CODE_END, SEARCH_NUMBER } SearchKind;

/* Letters are a name, searched by words; nine digits or more alone are a phone or an ID number,
 * found whole; anything else may be the end of a code ("0001", "241105-0001"). */
static SearchKind
search_kind (const char *text)
{
  int digits = 0;
  gboolean other = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        return SEARCH_NAME;
      if (g_unichar_isdigit (c))
        digits++;
      else if (!g_unichar_isspace (c))
        other = TRUE;
    }
  return digits >= 9 && !other ? SEARCH_NUMBER : SEARCH_CODE_END;
}

/* Builds the WHERE clause; values are bound in the same order by bind_query. */
static char *
build_query (const McQuery *q, const char *select, gboolean with_order)
{
  GString *sql = g_string_new (select);

  g_string_append (sql, " FROM dossier d WHERE 1");
  if (q->handler_id != 0)
    g_string_append (sql, " AND d.handler_id = :handler");
  if (q->statuses != 0)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND d.status IN (");
      for (int s = MC_STATUS_NEW; s <= MC_STATUS_RETURNED; s++)
        if (q->statuses & (1u << s))
          {
            g_string_append_printf (sql, "%s%d", first ? "" : ", ", s);
            first = FALSE;
          }
      g_string_append (sql, ")");
    }
  if (q->procedure_id != 0)
    g_string_append (sql, " AND d.procedure_id = :procedure");
  if (q->field != NULL && q->field[0] != '\0')
    g_string_append (sql,
        " AND d.procedure_id IN (SELECT id FROM procedure WHERE field = :field)");
  if (q->channel != 0)
    g_string_append (sql, " AND d.channel = :channel");
  if (q->step != MC_STEP_NONE)
    g_string_append (sql, " AND d.step = :step");
  if (q->due != MC_DUE_ANY)
    {
      g_string_append (sql, " AND d.status IN (2, 4, 5, 6)");
      if (q->due == MC_DUE_OVERDUE)
        g_string_append (sql, " AND d.due_at < :now");
      else
        g_string_append (sql, " AND d.due_at >= :day_start AND d.due_at < :day_end");
    }
  if (q->received_from != 0)
    g_string_append (sql, " AND d.received_at >= :received_from");
  if (q->received_to != 0)
    g_string_append (sql, " AND d.received_at < :received_to");
  if (q->ended_from != 0)
    g_string_append (sql, " AND (d.ended_at IS NULL OR d.ended_at >= :ended_from)");
  if (q->ended_to != 0)
    g_string_append (sql, " AND d.ended_at < :ended_to");
  /* Each alternative reads an index (the id lists of the two LIKEs come from scanning the narrow
   * indexes of names and codes, not the table), so a search over a million dossiers stays quick. */
  if (q->search != NULL && q->search[0] != '\0')
    {
      g_string_append (sql,
          " AND (d.code = :text OR d.applicant_phone = :text OR d.applicant_id_number = :text"
          " OR (d.applicant_folded >= :prefix AND d.applicant_folded < :prefix_end)");
      switch (search_kind (q->search))
        {
        case SEARCH_NAME:
          /* instr, not LIKE: folded names are already lower case, and it is a third faster. */
          g_string_append (sql, " OR d.id IN (SELECT id FROM dossier"
                                " WHERE instr(applicant_folded, :word) > 0)");
          break;
        case SEARCH_CODE_END:
          g_string_append (sql, " OR d.id IN (SELECT id FROM dossier"
                                " WHERE code LIKE :suffix ESCAPE '\\')");
          break;
        case SEARCH_NUMBER:
          break;
        }
      g_string_append (sql, ")");
    }
  if (with_order)
    {
      const char *dir = q->descending ? "DESC" : "ASC";

      g_string_append_printf (sql, " ORDER BY %s %s, d.id %s", sort_column (q->sort), dir, dir);
      if (q->limit > 0)
        g_string_append_printf (sql, " LIMIT %d OFFSET %d", q->limit, MAX (q->offset, 0));
    }
  return g_string_free (sql, FALSE);
}

static char *
like_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static void
bind_named_text (sqlite3_stmt *stmt, const char *name, const char *value)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i > 0)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
}

static void
bind_named_int (sqlite3_stmt *stmt, const char *name, gint64 value)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i > 0)
    sqlite3_bind_int64 (stmt, i, value);
}

static void
bind_query (sqlite3_stmt *stmt, const McQuery *q)
{
  McTime now = q->now != 0 ? q->now : mc_now ();
  McDay today = mc_day_of_time (now);

  bind_named_int (stmt, ":handler", q->handler_id);
  bind_named_int (stmt, ":procedure", q->procedure_id);
  bind_named_text (stmt, ":field", q->field);
  bind_named_int (stmt, ":channel", q->channel);
  bind_named_int (stmt, ":step", q->step);
  bind_named_int (stmt, ":now", now);
  bind_named_int (stmt, ":received_from", q->received_from);
  bind_named_int (stmt, ":received_to", q->received_to);
  bind_named_int (stmt, ":ended_from", q->ended_from);
  bind_named_int (stmt, ":ended_to", q->ended_to);
  if (q->due == MC_DUE_TODAY)
    {
      bind_named_int (stmt, ":day_start", mc_time_from_day (today, 0));
      bind_named_int (stmt, ":day_end", mc_time_from_day (today + 1, 0));
    }
  else if (q->due == MC_DUE_THIS_WEEK)
    {
      McDay monday = today - (mc_day_weekday (today) - 1);
      bind_named_int (stmt, ":day_start", mc_time_from_day (today, 0));
      bind_named_int (stmt, ":day_end", mc_time_from_day (monday + 7, 0));
    }
  if (q->search != NULL && q->search[0] != '\0')
    {
      g_autofree char *text = g_strstrip (g_strdup (q->search));
      g_autofree char *folded = mc_text_fold (text);
      g_autofree char *code_escaped = like_escape (text);
      g_autofree char *prefix_end = g_strconcat (folded, "\x7f", NULL);
      g_autofree char *word = g_strconcat (" ", folded, NULL);
      g_autofree char *suffix = g_strconcat ("%", code_escaped, NULL);

      bind_named_text (stmt, ":text", text);
      bind_named_text (stmt, ":prefix", folded);
      bind_named_text (stmt, ":prefix_end", prefix_end);
      bind_named_text (stmt, ":word", word);
      bind_named_text (stmt, ":suffix", suffix);
    }
}

GArray *
mc_store_query_ids (McStore *self, const McQuery *q, GError **error)
{
  g_autofree char *sql = build_query (q, "SELECT d.id", TRUE);
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);
  GArray *ids;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_query (stmt, q);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_array_unref (ids);
      mc_store_fail (self, error, _("reading the queue"));
      return NULL;
    }
  return ids;
}

gint64
mc_store_query_count (McStore *self, const McQuery *q, GError **error)
{
  g_autofree char *sql = build_query (q, "SELECT count(*)", FALSE);
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  bind_query (stmt, q);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    mc_store_fail (self, error, _("reading the queue"));
  sqlite3_reset (stmt);
  return n;
}

/* A returning citizen: the newest dossier filed with ID_NUMBER (the dossier_id_number index),
 * NULL when none. Self-contained so that it ports to the store's drivers as one query. */
McDossier *
mc_store_find_applicant (McStore *self, const char *id_number, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  if (id_number == NULL || *id_number == '\0')
    return NULL;
  stmt = mc_store_prepare (self,
      "SELECT id FROM dossier WHERE applicant_id_number = ? ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mc_store_fail (self, error, _("looking up the applicant"));
      return NULL;
    }
  return id != 0 ? mc_store_get_dossier (self, id, error) : NULL;
}
