/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue as stored. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"
#include "mc-text.h"

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
procedure_from_row (McDbStmt *stmt)
{
  McProcedure *p = mc_procedure_new ();

  p->id = mc_col_int64 (stmt, 0);
  g_free (p->code);
  p->code = mc_col_dup (stmt, 1);
  g_free (p->name);
  p->name = mc_col_dup (stmt, 2);
  g_free (p->field);
  p->field = mc_col_dup (stmt, 3);
  p->limit_kind = mc_col_int (stmt, 4);
  p->limit_value = mc_col_int (stmt, 5);
  p->online_level = mc_col_int (stmt, 6);
  p->fee = mc_col_int64 (stmt, 7);
  g_free (p->fee_note);
  p->fee_note = mc_col_dup (stmt, 8);
  p->result_is_paper = mc_col_bool (stmt, 9);
  g_free (p->post);
  p->post = mc_col_dup (stmt, 10);
  p->active = mc_col_bool (stmt, 11);
  return p;
}

static gboolean
load_procedure_lists (McStore *self, McProcedure *p, GError **error)
{
  const char *what = _("reading the procedure catalogue");
  McDbStmt *stmt;
  McDbStep rc;

  stmt = mc_store_query (self, error,
                         "SELECT name, role, budget_seconds, mandatory, min_days FROM procedure_step "
                         "WHERE procedure_id = ?1 ORDER BY position", MC_PARAMS (MC_I64 (p->id)));
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, what, error)) == MC_DB_STEP_ROW)
    {
      McStepTemplate *s = g_new0 (McStepTemplate, 1);
      s->name = mc_col_dup (stmt, 0);
      s->role = mc_col_int (stmt, 1);
      s->budget_seconds = mc_col_int64 (stmt, 2);
      s->mandatory = mc_col_bool (stmt, 3);
      s->min_days = mc_col_int (stmt, 4);
      g_ptr_array_add (p->steps, s);
    }
  if (rc == MC_DB_STEP_ERROR)
    return FALSE;

  stmt = mc_store_query (self, error,
                         "SELECT name, copy_kind, quantity, required FROM procedure_document "
                         "WHERE procedure_id = ?1 ORDER BY position", MC_PARAMS (MC_I64 (p->id)));
  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, what, error)) == MC_DB_STEP_ROW)
    {
      McDocumentTemplate *d = g_new0 (McDocumentTemplate, 1);
      d->name = mc_col_dup (stmt, 0);
      d->copy_kind = mc_col_int (stmt, 1);
      d->quantity = mc_col_int (stmt, 2);
      d->required = mc_col_bool (stmt, 3);
      g_ptr_array_add (p->documents, d);
    }
  return rc == MC_DB_STEP_DONE;
}

static McProcedure *
get_procedure_where (McStore *self, const char *sql, const McDbValue *key, gint64 id,
                     const char *code, GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, key, 1);
  McProcedure *p = NULL;
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  rc = mc_store_step (self, stmt, _("reading the procedure catalogue"), error);
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  if (rc == MC_DB_STEP_ROW)
    {
      p = procedure_from_row (stmt);
      mc_db_reset (stmt);
    }
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
  McDbValue key = MC_I64 (id);

  return get_procedure_where (self, "SELECT " PROCEDURE_COLUMNS " FROM procedure WHERE id = ?1",
                              &key, id, NULL, error);
}

McProcedure *
mc_store_find_procedure (McStore *self, const char *code, GError **error)
{
  McDbValue key = MC_TEXT (code);

  return get_procedure_where (self, "SELECT " PROCEDURE_COLUMNS " FROM procedure WHERE code = ?1",
                              &key, 0, code, error);
}

gboolean
mc_store_procedure_exists (McStore *self, const char *code, gboolean *exists, GError **error)
{
  gint64 n = 0;

  if (!mc_store_get_int64 (self, _("reading the procedure catalogue"), &n, error,
                           "SELECT count(*) FROM procedure WHERE code = ?1",
                           MC_PARAMS (MC_TEXT (code))))
    return FALSE;
  *exists = n > 0;
  return TRUE;
}

GPtrArray *
mc_store_list_procedures (McStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_free);
  McDbStmt *stmt = mc_store_query (self, error,
                                   "SELECT " PROCEDURE_COLUMNS " FROM procedure ORDER BY code",
                                   MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mc_store_step (self, stmt, _("reading the procedure catalogue"), error))
         == MC_DB_STEP_ROW)
    g_ptr_array_add (list, procedure_from_row (stmt));
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (!load_procedure_lists (self, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

gboolean
mc_store_is_empty (McStore *self)
{
  gint64 n = 0;

  mc_store_get_int64 (self, _("reading the procedure catalogue"), &n, NULL,
                      "SELECT count(*) FROM procedure", MC_NO_PARAMS);
  return n == 0;
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

static gboolean
write_procedure (McStore *self, McProcedure *p, GError **error)
{
  g_autofree char *folded = mc_text_fold (p->name);
  const char *what = _("saving the procedure");
  const McDbValue fields[] = {
    MC_TEXT (p->code), MC_TEXT (p->name), MC_TEXT (folded), MC_TEXT (p->field),
    MC_INT (p->limit_kind), MC_INT (p->limit_value), MC_INT (p->online_level), MC_I64 (p->fee),
    MC_TEXT (p->fee_note), MC_BOOL (p->result_is_paper), MC_TEXT (p->post), MC_BOOL (p->active),
    MC_I64 (p->id),
  };

  if (p->id == 0)
    p->id = mc_store_insert (self, what, error,
        "INSERT INTO procedure (code, name, name_folded, field, limit_kind, limit_value, "
        "online_level, fee, fee_note, result_is_paper, post, active) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        fields, G_N_ELEMENTS (fields) - 1);
  else if (!mc_store_run (self, what, error,
        "UPDATE procedure SET code = ?1, name = ?2, name_folded = ?3, field = ?4, "
        "limit_kind = ?5, limit_value = ?6, online_level = ?7, fee = ?8, fee_note = ?9, "
        "result_is_paper = ?10, post = ?11, active = ?12 WHERE id = ?13",
        fields, G_N_ELEMENTS (fields)))
    return FALSE;
  if (p->id == 0)
    return FALSE;

  if (!mc_store_run (self, what, error, "DELETE FROM procedure_step WHERE procedure_id = ?1",
                     MC_PARAMS (MC_I64 (p->id))) ||
      !mc_store_run (self, what, error, "DELETE FROM procedure_document WHERE procedure_id = ?1",
                     MC_PARAMS (MC_I64 (p->id))))
    return FALSE;
  for (guint i = 0; i < p->steps->len; i++)
    {
      const McStepTemplate *s = g_ptr_array_index (p->steps, i);

      if (!mc_store_run (self, what, error,
                         "INSERT INTO procedure_step (procedure_id, position, name, role, "
                         "budget_seconds, mandatory, min_days) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         MC_PARAMS (MC_I64 (p->id), MC_INT (i), MC_TEXT (s->name),
                                    MC_INT (s->role), MC_I64 (s->budget_seconds),
                                    MC_BOOL (s->mandatory), MC_INT (MAX (s->min_days, 0)))))
        return FALSE;
    }
  for (guint i = 0; i < p->documents->len; i++)
    {
      const McDocumentTemplate *d = g_ptr_array_index (p->documents, i);

      if (!mc_store_run (self, what, error,
                         "INSERT INTO procedure_document (procedure_id, position, name, "
                         "copy_kind, quantity, required) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         MC_PARAMS (MC_I64 (p->id), MC_INT (i), MC_TEXT (d->name),
                                    MC_INT (d->copy_kind), MC_INT (d->quantity),
                                    MC_BOOL (d->required))))
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_save_procedure (McStore *self, gint64 actor_id, McProcedure *p, GError **error)
{
  gint64 old_id = p->id;

  if (!validate_procedure (p, error))
    return FALSE;
  if (!mc_store_begin (self, error))
    return FALSE;
  if (mc_store_actor_role (self, actor_id) != MC_ROLE_ADMIN)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only an administrator can change the procedure catalogue."));
      goto fail;
    }
  if (!write_procedure (self, p, error))
    {
      if (mc_store_failed_unique (self))
        {
          g_clear_error (error);
          g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                       _("Another procedure already has the code “%s”."), p->code);
        }
      goto fail;
    }
  if (!mc_audit_append (self, actor_id, "procedure.save", "procedure", p->id, p->code, error))
    goto fail;
  return mc_store_commit (self, error);

fail:
  p->id = old_id;
  mc_store_rollback (self);
  return FALSE;
}
