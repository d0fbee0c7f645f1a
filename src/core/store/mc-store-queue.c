/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The queues: dossiers filtered and sorted in SQL, ids first, rows on demand. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-store-private.h"
#include "mc-supervision.h"
#include "mc-text.h"

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

/* Whether the column of KEY may be NULL (dossier in 0006-schema.sql). */
static gboolean
sort_nullable (McSortKey key)
{
  return key == MC_SORT_DUE || key == MC_SORT_RECEIVED || key == MC_SORT_HANDLER;
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
      else if (!g_unichar_isspace (c) && !(c == '+' && p == text))
        other = TRUE;
    }
  return digits >= 9 && !other ? SEARCH_NUMBER : SEARCH_CODE_END;
}

/* LIKE patterns escape with '!', which both engines take as written. */
static char *
like_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '!')
        g_string_append_c (s, '!');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* The WHERE clause and its parameters, numbered in the order they are added. */
typedef struct {
  GString *sql;
  GArray  *params;     /* McDbValue */
  GPtrArray *strings;  /* owned by the query */
  int      exact;        /* the search text's parameter, 0: none */
  int      exact_folded; /* the folded search text's */
} Built;

static int
add_param (Built *b, McDbValue v)
{
  g_array_append_val (b->params, v);
  return (int) b->params->len;
}

static int
add_int (Built *b, gint64 v)
{
  return add_param (b, MC_I64 (v));
}

static int
add_text (Built *b, char *owned)
{
  g_ptr_array_add (b->strings, owned);
  return add_param (b, MC_TEXT (owned));
}

static void
built_clear (Built *b)
{
  if (b->sql != NULL)
    g_string_free (b->sql, TRUE);
  g_clear_pointer (&b->params, g_array_unref);
  g_clear_pointer (&b->strings, g_ptr_array_unref);
}

static void
build_query (Built *b, const McQuery *q, const char *select, gboolean with_order)
{
  McTime now = q->now != 0 ? q->now : mc_now ();
  McDay today = mc_day_of_time (now);

  b->sql = g_string_new (select);
  b->params = g_array_new (FALSE, FALSE, sizeof (McDbValue));
  b->strings = g_ptr_array_new_with_free_func (g_free);

  g_string_append (b->sql, " FROM dossier d WHERE TRUE");
  if (q->handler_id != 0)
    g_string_append_printf (b->sql, " AND d.handler_id = ?%d", add_int (b, q->handler_id));
  if (q->statuses != 0)
    {
      gboolean first = TRUE;

      g_string_append (b->sql, " AND d.status IN (");
      for (int s = MC_STATUS_NEW; s <= MC_STATUS_RETURNED; s++)
        if (q->statuses & (1u << s))
          {
            g_string_append_printf (b->sql, "%s%d", first ? "" : ", ", s);
            first = FALSE;
          }
      g_string_append (b->sql, ")");
    }
  if (q->procedure_id != 0)
    g_string_append_printf (b->sql, " AND d.procedure_id = ?%d", add_int (b, q->procedure_id));
  if (q->field != NULL && q->field[0] != '\0')
    g_string_append_printf (b->sql,
                            " AND d.procedure_id IN (SELECT id FROM procedure WHERE field = ?%d)",
                            add_text (b, g_strdup (q->field)));
  if (q->channel != 0)
    g_string_append_printf (b->sql, " AND d.channel = ?%d", add_int (b, q->channel));
  /* Chưa số hóa: papers received without all their scans, or a result recorded (statuses 9
   * and 10, the KPI's resolved) without its file, the two things the digitisation rates count. */
  if (q->not_digitized)
    g_string_append (b->sql, " AND (NOT d.digitized_input OR "
                             "(d.status IN (9, 10) AND NOT d.digitized_result))");
  if (q->step != MC_STEP_NONE)
    g_string_append_printf (b->sql, " AND d.step = ?%d", add_int (b, q->step));
  if (q->due != MC_DUE_ANY)
    {
      if (q->due == MC_DUE_OVERDUE)
        /* MC_DOSSIER_OVERDUE_SQL: the one rule of mc_dossier_is_overdue (mc-store.h). */
        g_string_append_printf (b->sql, " AND d.status IN (2, 4, 6) AND d.due_at < ?%d",
                                add_int (b, now));
      else
        {
          McDay monday = today - (mc_day_weekday (today) - 1);
          McDay end = q->due == MC_DUE_TODAY ? today + 1 : monday + 7;
          int first = add_int (b, mc_time_from_day (today, 0));
          int last = add_int (b, mc_time_from_day (end, 0));

          g_string_append_printf (b->sql,
                                  " AND d.status IN (2, 4, 5, 6) AND d.due_at >= ?%d "
                                  "AND d.due_at < ?%d", first, last);
        }
    }
  if (q->received_from != 0)
    g_string_append_printf (b->sql, " AND d.received_at >= ?%d", add_int (b, q->received_from));
  if (q->received_to != 0)
    g_string_append_printf (b->sql, " AND d.received_at < ?%d", add_int (b, q->received_to));
  if (q->ended_from != 0)
    g_string_append_printf (b->sql, " AND (d.ended_at IS NULL OR d.ended_at >= ?%d)",
                            add_int (b, q->ended_from));
  if (q->ended_to != 0)
    g_string_append_printf (b->sql, " AND d.ended_at < ?%d", add_int (b, q->ended_to));

  /* Each alternative reads an index of its own, and their ids are looked up: a search over a
   * million dossiers reads what it finds, not the table. (As one OR of conditions on the row,
   * the engine may read every row instead: the representative's partial index does not serve a
   * range that could hold ''.) The representative (who filed) is searched as the applicant
   * is. */
  if (q->search != NULL && q->search[0] != '\0')
    {
      g_autofree char *text = g_strstrip (g_strdup (q->search));
      g_autofree char *folded = mc_text_fold (text);
      int t = add_text (b, g_strdup (text));
      int prefix = add_text (b, g_strdup (folded));
      int prefix_end = add_text (b, g_strconcat (folded, "\x7f", NULL));

      b->exact = t;
      b->exact_folded = prefix;

      g_string_append_printf (b->sql,
          " AND d.id IN (SELECT id FROM dossier WHERE code = ?%d"
          " UNION ALL SELECT id FROM dossier WHERE applicant_phone = ?%d"
          " UNION ALL SELECT id FROM dossier WHERE applicant_id_number = ?%d"
          " UNION ALL SELECT id FROM dossier WHERE representative_phone = ?%d"
          " AND representative_phone <> ''"
          " UNION ALL SELECT id FROM dossier WHERE representative_id_number = ?%d"
          " AND representative_id_number <> ''"
          " UNION ALL SELECT id FROM dossier WHERE applicant_folded >= ?%d"
          " AND applicant_folded < ?%d"
          " UNION ALL SELECT id FROM dossier WHERE representative_folded <> ''"
          " AND representative_folded >= ?%d AND representative_folded < ?%d",
          t, t, t, t, t, prefix, prefix_end, prefix, prefix_end);
      switch (search_kind (text))
        {
        case SEARCH_NAME:
          /* A word inside a name: one range of the names' words (0009-search.sql). */
          g_string_append_printf (b->sql,
              " UNION ALL SELECT w.dossier_id FROM dossier_word w "
              "WHERE w.word >= ?%d AND w.word < ?%d", prefix, prefix_end);
          break;
        case SEARCH_CODE_END:
          {
            size_t n = strlen (text);

            /* The number or the day and number of a code: its last 4 or 11 characters are
             * indexed (0018-code-end.sql), the same test as the LIKE below. */
            if (n == 4 || n == 11)
              g_string_append_printf (b->sql,
                  " UNION ALL SELECT id FROM dossier"
                  " WHERE substr (code, length (code) - %d) = ?%d", (int) n - 1, t);
            else
              {
                g_autofree char *escaped = like_escape (text);
                int suffix = add_text (b, g_strconcat ("%", escaped, NULL));

                g_string_append_printf (b->sql,
                    " UNION ALL SELECT id FROM dossier WHERE code LIKE ?%d ESCAPE '!'", suffix);
              }
          }
          break;
        case SEARCH_NUMBER:
          {
            /* A phone written another way: "+84 912 345 678", "0912 345 678" and "0912345678"
             * are one number, in the forms the desk writes (DOMAIN.md §9). */
            g_autofree char *local = mc_supervision_normalize_phone (text);

            if (local[0] == '0' && strlen (local) == 10)
              {
                const char *forms[] = { local, NULL, NULL };
                g_autofree char *intl = g_strconcat ("+84", local + 1, NULL);
                g_autofree char *spaced = g_strdup_printf ("%.4s %.3s %.3s", local, local + 4,
                                                           local + 7);

                forms[1] = intl;
                forms[2] = spaced;
                for (gsize f = 0; f < G_N_ELEMENTS (forms); f++)
                  {
                    int v;

                    if (g_str_equal (forms[f], text))
                      continue;
                    v = add_text (b, g_strdup (forms[f]));
                    g_string_append_printf (b->sql,
                        " UNION ALL SELECT id FROM dossier WHERE applicant_phone = ?%d"
                        " UNION ALL SELECT id FROM dossier WHERE representative_phone = ?%d"
                        " AND representative_phone <> ''",
                        v, v);
                  }
              }
          }
          break;
        }
      g_string_append (b->sql, ")");
    }
  if (with_order)
    {
      const char *dir = q->descending ? "DESC" : "ASC";

      /* NULLs (online dossiers not accepted yet have no appointment) sort first on both
       * engines, as SQLite sorts them; the server's indexes of the lists are in that order
       * (resources/sql/postgresql/0011-bulk-indexes.sql). A column that is never NULL says
       * nothing of NULLs, so that the server's plain index on it serves. */
      g_string_append (b->sql, " ORDER BY ");
      /* A search puts what it names exactly first: the code, the number, the whole name. */
      if (b->exact > 0)
        g_string_append_printf (b->sql,
            "CASE WHEN d.code = ?%d OR d.applicant_phone = ?%d OR d.applicant_id_number = ?%d "
            "OR d.representative_phone = ?%d OR d.representative_id_number = ?%d "
            "OR d.applicant_folded = ?%d OR d.representative_folded = ?%d THEN 0 ELSE 1 END, ",
            b->exact, b->exact, b->exact, b->exact, b->exact, b->exact_folded, b->exact_folded);
      if (sort_nullable (q->sort))
        g_string_append_printf (b->sql, "%s %s NULLS %s, d.id %s", sort_column (q->sort), dir,
                                q->descending ? "LAST" : "FIRST", dir);
      else
        g_string_append_printf (b->sql, "%s %s, d.id %s", sort_column (q->sort), dir, dir);
      if (q->limit > 0)
        {
          int limit = add_int (b, q->limit);
          int offset = add_int (b, MAX (q->offset, 0));

          g_string_append_printf (b->sql, " LIMIT ?%d OFFSET ?%d", limit, offset);
        }
    }
}

GArray *
mc_store_query_ids (McStore *self, const McQuery *q, GError **error)
{
  Built b = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  McDbStmt *stmt;
  McDbStep rc;

  build_query (&b, q, "SELECT d.id", TRUE);
  stmt = mc_store_query (self, error, b.sql->str, (const McDbValue *) b.params->data,
                         (int) b.params->len);
  if (stmt == NULL)
    {
      built_clear (&b);
      return NULL;
    }
  while ((rc = mc_store_step (self, stmt, _("reading the queue"), error)) == MC_DB_STEP_ROW)
    {
      gint64 id = mc_col_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  built_clear (&b);
  if (rc == MC_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&ids);
}

gint64
mc_store_query_count (McStore *self, const McQuery *q, GError **error)
{
  Built b = { 0 };
  gint64 n = -1;

  build_query (&b, q, "SELECT count(*)", FALSE);
  if (!mc_store_get_int64 (self, _("reading the queue"), &n, error, b.sql->str,
                           (const McDbValue *) b.params->data, (int) b.params->len))
    n = -1;
  built_clear (&b);
  return n;
}
