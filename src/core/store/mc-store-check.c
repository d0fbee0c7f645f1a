/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check of a database: the engine's structure, the data's own rules, the audit chain. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* FORMAT is a translated sentence with one %s: the dossier code. */
static gboolean
add_problems (McStore *self, GPtrArray *problems, const char *sql, const char *format,
              GError **error)
{
  McDbStmt *stmt = mc_store_query (self, error, sql, MC_NO_PARAMS);
  McDbStep rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mc_store_step (self, stmt, _("checking the database"), error)) == MC_DB_STEP_ROW)
    if (problems->len < 200)
      g_ptr_array_add (problems, g_strdup_printf (format, mc_col_text (stmt, 0)));
  return rc == MC_DB_STEP_DONE;
}
#pragma GCC diagnostic pop

gboolean
mc_store_check (McStore *self, GPtrArray **problems_out, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!mc_store_check_structure (self, problems, error) ||
      !mc_store_check_rules (self, problems, error))
    return FALSE;
  if (problems_out != NULL)
    *problems_out = g_ptr_array_ref (problems);
  return problems->len == 0;
}

gboolean
mc_store_check_rules (McStore *self, GPtrArray *problems, GError **error)
{
  static const struct { const char *sql; const char *format; } rules[] = {
    { "SELECT code FROM dossier WHERE status NOT IN (1, 3) AND received_at IS NULL",
      N_("Dossier %s has been received but has no receipt time.") },
    { "SELECT code FROM dossier WHERE status NOT IN (1, 3) AND due_at IS NULL",
      N_("Dossier %s has been received but has no appointment.") },
    { "SELECT code FROM dossier WHERE status IN (9, 10) AND ended_at IS NULL",
      N_("Dossier %s is resolved but has no end time.") },
    { "SELECT code FROM dossier WHERE status = 10 AND returned_at IS NULL",
      N_("Dossier %s was handed over but has no hand-over time.") },
    { "SELECT code FROM dossier WHERE ended_at < received_at",
      N_("Dossier %s ended before it was received.") },
    { "SELECT code FROM dossier WHERE status IN (9, 10) AND outcome IS NULL",
      N_("Dossier %s is resolved but its on-time result was not stored.") },
    { "SELECT code FROM dossier WHERE channel = 2 AND submitted_at IS NULL",
      N_("Online dossier %s has no submission time.") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (!add_problems (self, problems, rules[i].sql, _(rules[i].format), error))
      return FALSE;

  if (!mc_store_check_blobs (self, problems, error))
    return FALSE;
  {
    g_autoptr(GError) audit_error = NULL;
    gint64 n = 0;

    if (!mc_audit_verify (self, &n, &audit_error))
      g_ptr_array_add (problems, g_strdup (audit_error->message));
  }
  return TRUE;
}
