/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervision (docs/domain.md §9): who filed for many unrelated applicants, and the controller's
 * reproducible spot-inspection samples with their checklists. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-supervision.h"
#include "mc-store-internal.h"
#include "mc-text.h"

/* ---- Names of officers and procedures ---- */

typedef struct {
  GHashTable *officers;    /* id → McOfficer* (owned by the array) */
  GHashTable *procedures;  /* id → McProcedure* */
  GPtrArray  *officer_list;
  GPtrArray  *procedure_list;
} Names;

static void
names_clear (Names *n)
{
  g_clear_pointer (&n->officers, g_hash_table_unref);
  g_clear_pointer (&n->procedures, g_hash_table_unref);
  g_clear_pointer (&n->officer_list, g_ptr_array_unref);
  g_clear_pointer (&n->procedure_list, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Names, names_clear)

static gboolean
names_load (McStore *store, Names *n, GError **error)
{
  n->officer_list = mc_store_list_officers (store, error);
  if (n->officer_list == NULL)
    return FALSE;
  n->procedure_list = mc_store_list_procedures (store, error);
  if (n->procedure_list == NULL)
    return FALSE;
  n->officers = g_hash_table_new (g_int64_hash, g_int64_equal);
  n->procedures = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n->officer_list->len; i++)
    {
      McOfficer *o = g_ptr_array_index (n->officer_list, i);
      g_hash_table_insert (n->officers, &o->id, o);
    }
  for (guint i = 0; i < n->procedure_list->len; i++)
    {
      McProcedure *p = g_ptr_array_index (n->procedure_list, i);
      g_hash_table_insert (n->procedures, &p->id, p);
    }
  return TRUE;
}

static const McOfficer *
names_officer (Names *n, gint64 id)
{
  return id != 0 ? g_hash_table_lookup (n->officers, &id) : NULL;
}

static const McProcedure *
names_procedure (Names *n, gint64 id)
{
  return id != 0 ? g_hash_table_lookup (n->procedures, &id) : NULL;
}

static McTime
day_start (McDay d)
{
  return mc_time_from_day (d, 0);
}

static gboolean
check_period (McDay from, McDay to, GError **error)
{
  if (to < from)
    {
      g_autofree char *f = mc_day_to_iso (from);
      g_autofree char *t = mc_day_to_iso (to);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The period ends (%s) before it begins (%s): give its first day first."),
                   t, f);
      return FALSE;
    }
  return TRUE;
}

/* ---- Brokers ---- */

char *
mc_supervision_normalize_phone (const char *phone)
{
  GString *s = g_string_new (NULL);

  for (const char *p = phone != NULL ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  /* +84 986 … and 84986 … are 0986 …: a Vietnamese number has 9 digits after its 0. */
  if (g_str_has_prefix (s->str, "84") && s->len == 11)
    g_string_overwrite (g_string_erase (s, 0, 1), 0, "0");
  return g_string_free (s, FALSE);
}

char *
mc_supervision_fold_address (const char *address)
{
  g_autofree char *folded = mc_text_fold (address != NULL ? address : "");
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  /* Letters and digits only, single spaces between words: "Số 5, ngõ 12" and "so 5 ngo 12"
   * are one address. */
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (space && s->len > 0)
            g_string_append_c (s, ' ');
          space = FALSE;
          g_string_append_unichar (s, c);
        }
      else
        space = TRUE;
    }
  return g_string_free (s, FALSE);
}

gboolean
mc_supervision_may_see_brokers (McRole role)
{
  return role == MC_ROLE_POLICE || role == MC_ROLE_CONTROLLER || role == MC_ROLE_CHAIRMAN;
}

int
mc_supervision_broker_min (McStore *store)
{
  g_autofree char *text = mc_store_get_setting (store, MC_SETTING_BROKER_MIN, NULL);
  gint64 n = 0;

  if (text != NULL && g_ascii_string_to_signed (text, 10, 1, 1000, &n, NULL))
    return (int) n;
  return MC_BROKER_MIN_DEFAULT;
}

void
mc_broker_free (McBroker *b)
{
  if (b == NULL)
    return;
  g_free (b->name);
  g_free (b->phone);
  g_free (b->id_number);
  g_clear_pointer (&b->names, g_ptr_array_unref);
  g_clear_pointer (&b->phones, g_ptr_array_unref);
  g_clear_pointer (&b->id_numbers, g_ptr_array_unref);
  g_clear_pointer (&b->officers, g_ptr_array_unref);
  g_clear_pointer (&b->procedures, g_ptr_array_unref);
  g_clear_pointer (&b->dossier_ids, g_array_unref);
  g_clear_pointer (&b->codes, g_ptr_array_unref);
  g_free (b);
}

static void
broker_officer_free (gpointer data)
{
  McBrokerOfficer *o = data;

  g_free (o->username);
  g_free (o->name);
  g_free (o);
}

static void
broker_procedure_free (gpointer data)
{
  McBrokerProcedure *p = data;

  g_free (p->code);
  g_free (p->name);
  g_free (p);
}

/* One filing as grouping keeps it. */
typedef struct {
  gint64  id;
  char   *code;
  char   *name;
  char   *phone;        /* normalised, "" when none */
  char   *id_number;    /* trimmed, upper case, "" when none */
  char   *household;    /* "a:" folded address, or "p:" the applicant alone */
  char   *person;       /* the applicant: ID number, else folded name and household */
  gint64  receiver_id, procedure_id, fee;
  guint   parent;       /* union-find */
} Filing;

typedef struct {
  GArray     *filings;  /* Filing */
  GHashTable *by_phone; /* phone → index + 1 */
  GHashTable *by_id;
} Grouping;

static guint
find_root (GArray *filings, guint i)
{
  while (g_array_index (filings, Filing, i).parent != i)
    {
      Filing *f = &g_array_index (filings, Filing, i);

      /* Path halving keeps chains short. */
      f->parent = g_array_index (filings, Filing, f->parent).parent;
      i = f->parent;
    }
  return i;
}

static void
join (GArray *filings, guint a, guint b)
{
  a = find_root (filings, a);
  b = find_root (filings, b);
  if (a != b)
    g_array_index (filings, Filing, MAX (a, b)).parent = MIN (a, b);
}

static void
join_by (Grouping *g, GHashTable *index, const char *key, guint i)
{
  gpointer seen;

  if (key[0] == '\0')
    return;
  seen = g_hash_table_lookup (index, key);
  if (seen != NULL)
    join (g->filings, GPOINTER_TO_UINT (seen) - 1, i);
  else
    g_hash_table_insert (index, (gpointer) key, GUINT_TO_POINTER (i + 1));
}

static void
filing_cb (const McStoreFiling *sf, gpointer data)
{
  Grouping *g = data;
  g_autofree char *address = mc_supervision_fold_address (sf->applicant_address);
  g_autofree char *applicant = mc_text_fold (sf->applicant_name);
  g_autofree char *id_number = g_ascii_strup (sf->representative_id, -1);
  g_autofree char *applicant_id = g_ascii_strup (sf->applicant_id, -1);
  Filing f = { 0 };
  guint i = g->filings->len;

  f.id = sf->id;
  f.code = g_strdup (sf->code);
  f.name = g_strstrip (g_strdup (sf->representative_name));
  f.phone = mc_supervision_normalize_phone (sf->representative_phone);
  f.id_number = g_strdup (g_strstrip (id_number));
  g_strstrip (applicant_id);
  /* An applicant with no address is a household of their own. */
  f.person = applicant_id[0] != '\0' ? g_strconcat ("i:", applicant_id, NULL)
                                     : g_strconcat ("n:", applicant, "\x1f", address, NULL);
  f.household = address[0] != '\0' ? g_strconcat ("a:", address, NULL)
                                   : g_strconcat ("p:", f.person, NULL);
  f.receiver_id = sf->receiver_id;
  f.procedure_id = sf->procedure_id;
  f.fee = sf->fee;
  f.parent = i;
  g_array_append_val (g->filings, f);

  {
    Filing *stored = &g_array_index (g->filings, Filing, i);

    join_by (g, g->by_phone, stored->phone, i);
    join_by (g, g->by_id, stored->id_number, i);
  }
}

static void
filing_clear (gpointer data)
{
  Filing *f = data;

  g_free (f->code);
  g_free (f->name);
  g_free (f->phone);
  g_free (f->id_number);
  g_free (f->household);
  g_free (f->person);
}

/* Counting the values of one field of a group: text → count, in first-seen order. */
typedef struct {
  GHashTable *counts;   /* key → GINT count */
  GPtrArray  *order;    /* keys as first seen (borrowed) */
} Tally;

static void
tally_init (Tally *t)
{
  t->counts = g_hash_table_new (g_str_hash, g_str_equal);
  t->order = g_ptr_array_new ();
}

static void
tally_clear (Tally *t)
{
  g_clear_pointer (&t->counts, g_hash_table_unref);
  g_clear_pointer (&t->order, g_ptr_array_unref);
}

static void
tally_add (Tally *t, const char *key)
{
  gpointer n;

  if (key == NULL || key[0] == '\0')
    return;
  n = g_hash_table_lookup (t->counts, key);
  if (n == NULL)
    g_ptr_array_add (t->order, (gpointer) key);
  g_hash_table_insert (t->counts, (gpointer) key, GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
}

typedef struct {
  const char *key;
  int         count;
  guint       seen;
} Counted;

static int
by_count_desc (gconstpointer a, gconstpointer b)
{
  const Counted *x = a, *y = b;

  if (x->count != y->count)
    return y->count - x->count;
  return x->seen < y->seen ? -1 : x->seen > y->seen;
}

/* The keys, most counted first (ties in first-seen order), duplicated. */
static GPtrArray *
tally_sorted (Tally *t)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (Counted), t->order->len);

  for (guint i = 0; i < t->order->len; i++)
    {
      Counted c = { g_ptr_array_index (t->order, i), 0, i };

      c.count = GPOINTER_TO_INT (g_hash_table_lookup (t->counts, c.key));
      g_array_append_val (keys, c);
    }
  g_array_sort (keys, by_count_desc);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (out, g_strdup (g_array_index (keys, Counted, i).key));
  return out;
}

static int
tally_count (Tally *t, const char *key)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (t->counts, key));
}

static int
broker_compare (gconstpointer a, gconstpointer b)
{
  const McBroker *x = *(McBroker * const *) a;
  const McBroker *y = *(McBroker * const *) b;

  if (x->applicants != y->applicants)
    return x->applicants > y->applicants ? -1 : 1;
  if (x->dossiers != y->dossiers)
    return x->dossiers > y->dossiers ? -1 : 1;
  return mc_text_collate (x->name, y->name);
}

static McBroker *
broker_from_group (GArray *filings, GArray *members, Names *names)
{
  McBroker *b = g_new0 (McBroker, 1);
  g_autoptr(GHashTable) households = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) people = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) officer_ids = g_hash_table_new (g_str_hash, g_str_equal);
  Tally spellings, phones, ids, officers, procedures;
  g_autoptr(GPtrArray) officer_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sorted = NULL;

  tally_init (&spellings);
  tally_init (&phones);
  tally_init (&ids);
  tally_init (&officers);
  tally_init (&procedures);
  b->dossier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->codes = g_ptr_array_new_with_free_func (g_free);
  for (guint m = 0; m < members->len; m++)
    {
      Filing *f = &g_array_index (filings, Filing, g_array_index (members, guint, m));
      char *officer_key = g_strdup_printf ("%" G_GINT64_FORMAT, f->receiver_id);

      g_ptr_array_add (officer_keys, officer_key);
      g_hash_table_add (households, f->household);
      g_hash_table_add (people, f->person);
      tally_add (&spellings, f->name);
      tally_add (&phones, f->phone);
      tally_add (&ids, f->id_number);
      tally_add (&officers, officer_key);
      {
        const McProcedure *p = names_procedure (names, f->procedure_id);
        tally_add (&procedures, p != NULL ? p->code : "?");
      }
      b->dossiers++;
      b->fees += f->fee;
      g_array_append_val (b->dossier_ids, f->id);
      g_ptr_array_add (b->codes, g_strdup (f->code));
    }
  b->applicants = g_hash_table_size (households);
  b->people = g_hash_table_size (people);
  b->names = tally_sorted (&spellings);
  b->phones = tally_sorted (&phones);
  b->id_numbers = tally_sorted (&ids);
  b->name = g_strdup (b->names->len > 0 ? g_ptr_array_index (b->names, 0) : "");
  b->phone = g_strdup (b->phones->len > 0 ? g_ptr_array_index (b->phones, 0) : "");
  b->id_number = g_strdup (b->id_numbers->len > 0 ? g_ptr_array_index (b->id_numbers, 0) : "");

  b->officers = g_ptr_array_new_with_free_func (broker_officer_free);
  sorted = tally_sorted (&officers);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *key = g_ptr_array_index (sorted, i);
      const McOfficer *o = names_officer (names, g_ascii_strtoll (key, NULL, 10));
      McBrokerOfficer *bo = g_new0 (McBrokerOfficer, 1);

      bo->name = g_strdup (o != NULL ? o->name : _("(nobody recorded)"));
      bo->username = g_strdup (o == NULL ? "" : o->username != NULL && o->username[0]
                                                  ? o->username : o->name);
      bo->dossiers = tally_count (&officers, key);
      g_ptr_array_add (b->officers, bo);
    }
  g_clear_pointer (&sorted, g_ptr_array_unref);

  b->procedures = g_ptr_array_new_with_free_func (broker_procedure_free);
  sorted = tally_sorted (&procedures);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *code = g_ptr_array_index (sorted, i);
      McBrokerProcedure *bp = g_new0 (McBrokerProcedure, 1);

      bp->code = g_strdup (code);
      bp->dossiers = tally_count (&procedures, code);
      for (guint k = 0; k < names->procedure_list->len; k++)
        {
          const McProcedure *p = g_ptr_array_index (names->procedure_list, k);
          if (g_strcmp0 (p->code, code) == 0)
            {
              bp->name = g_strdup (p->name);
              break;
            }
        }
      if (bp->name == NULL)
        bp->name = g_strdup (code);
      g_ptr_array_add (b->procedures, bp);
    }

  tally_clear (&spellings);
  tally_clear (&phones);
  tally_clear (&ids);
  tally_clear (&officers);
  tally_clear (&procedures);
  return b;
}

/* Whether ACTOR_ID (never the system, 0) has a role MAY allows, in *ROLE; otherwise
 * MC_ERROR_PERMISSION with REFUSAL. */
static gboolean
actor_may (McStore *store, gint64 actor_id, gboolean (*may) (McRole role), McRole *role,
           const char *refusal, GError **error)
{
  if (!mc_store_get_actor_role (store, actor_id, role, error))
    return FALSE;
  if (actor_id == 0 || !may (*role))
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_PERMISSION, refusal);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_controller (McRole role)
{
  return role == MC_ROLE_CONTROLLER;
}

GPtrArray *
mc_supervision_brokers (McStore *store, gint64 actor_id, McDay from, McDay to,
                        int min_applicants, GError **error)
{
  g_auto(Names) names = { 0 };
  g_autoptr(GArray) filings = g_array_new (FALSE, TRUE, sizeof (Filing));
  g_autoptr(GHashTable) by_phone = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) brokers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_broker_free);
  Grouping g = { filings, by_phone, by_id };
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!actor_may (store, actor_id, mc_supervision_may_see_brokers, &role,
                  _("Only the commune police, the procedure controller and the chairman can see "
                    "the list of possible brokers."), error))
    return NULL;
  if (!check_period (from, to, error))
    return NULL;
  if (min_applicants <= 0)
    min_applicants = mc_supervision_broker_min (store);

  g_array_set_clear_func (filings, filing_clear);
  if (!names_load (store, &names, error) ||
      !mc_store_foreach_filing (store, day_start (from), day_start (to + 1), filing_cb, &g,
                                error))
    return NULL;

  /* Each root's members, in id order (the filings come by id). */
  groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                  (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < filings->len; i++)
    {
      guint root = find_root (filings, i);
      GArray *members = g_hash_table_lookup (groups, GUINT_TO_POINTER (root + 1));

      if (members == NULL)
        {
          members = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (groups, GUINT_TO_POINTER (root + 1), members);
        }
      g_array_append_val (members, i);
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, groups);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        GArray *members = value;
        g_autoptr(GHashTable) households = NULL;

        if ((int) members->len < min_applicants)
          continue;
        households = g_hash_table_new (g_str_hash, g_str_equal);
        for (guint m = 0; m < members->len; m++)
          g_hash_table_add (households,
                            g_array_index (filings, Filing,
                                           g_array_index (members, guint, m)).household);
        if ((int) g_hash_table_size (households) < min_applicants)
          continue;
        g_ptr_array_add (brokers, broker_from_group (filings, members, &names));
      }
  }
  g_ptr_array_sort (brokers, broker_compare);
  return g_steal_pointer (&brokers);
}

static void
json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
json_strings (GString *out, GPtrArray *list)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      json_string (out, g_ptr_array_index (list, i));
    }
  g_string_append_c (out, ']');
}

char *
mc_supervision_brokers_to_json (GPtrArray *brokers)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < brokers->len; i++)
    {
      const McBroker *b = g_ptr_array_index (brokers, i);

      g_string_append (out, i > 0 ? ",\n {" : "\n {");
      g_string_append (out, "\"name\": ");
      json_string (out, b->name);
      g_string_append (out, ", \"phone\": ");
      json_string (out, b->phone);
      g_string_append (out, ", \"id_number\": ");
      json_string (out, b->id_number);
      g_string_append_printf (out, ", \"applicants\": %" G_GINT64_FORMAT
                              ", \"people\": %" G_GINT64_FORMAT
                              ", \"dossiers\": %" G_GINT64_FORMAT
                              ", \"fees\": %" G_GINT64_FORMAT,
                              b->applicants, b->people, b->dossiers, b->fees);
      g_string_append (out, ", \"names\": ");
      json_strings (out, b->names);
      g_string_append (out, ", \"phones\": ");
      json_strings (out, b->phones);
      g_string_append (out, ", \"id_numbers\": ");
      json_strings (out, b->id_numbers);
      g_string_append (out, ", \"officers\": [");
      for (guint k = 0; k < b->officers->len; k++)
        {
          const McBrokerOfficer *o = g_ptr_array_index (b->officers, k);

          g_string_append (out, k > 0 ? ", {\"name\": " : "{\"name\": ");
          json_string (out, o->username);
          g_string_append_printf (out, ", \"dossiers\": %" G_GINT64_FORMAT "}", o->dossiers);
        }
      g_string_append (out, "], \"procedures\": [");
      for (guint k = 0; k < b->procedures->len; k++)
        {
          const McBrokerProcedure *p = g_ptr_array_index (b->procedures, k);

          g_string_append (out, k > 0 ? ", {\"code\": " : "{\"code\": ");
          json_string (out, p->code);
          g_string_append_printf (out, ", \"dossiers\": %" G_GINT64_FORMAT "}", p->dossiers);
        }
      g_string_append (out, "], \"codes\": ");
      json_strings (out, b->codes);
      g_string_append_c (out, '}');
    }
  g_string_append (out, brokers->len > 0 ? "\n]" : "]");
  return g_string_free (out, FALSE);
}

/* ---- Spot inspections ---- */

const char *
mc_inspection_check_label (int i)
{
  switch (i)
    {
    case 0: return _("Documents against the procedure's list");
    case 1: return _("Steps done in order");
    case 2: return _("Time within its budget");
    case 3: return _("Fee right");
    case 4: return _("Result digitised");
    case 5: return _("Citizen contacted");
    default: return "";
    }
}

const char *
mc_inspection_verdict_label (McInspectionVerdict verdict)
{
  switch (verdict)
    {
    case MC_VERDICT_IN_ORDER: return _("In order");
    case MC_VERDICT_FAILINGS: return _("Failings found");
    case MC_VERDICT_NONE:
    default:                  return _("Not inspected yet");
    }
}

/* SplitMix64: a fixed, public mixing function, so that a seed gives the same sample on every
 * computer and with every version of GLib. */
static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

typedef struct {
  guint64 key;
  gint64  id;
  gint64  group;
} Ranked;

static int
ranked_compare (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct {
  gint64 group;
  guint  count;
  guint  quota;
  double remainder;
} Stratum;

static int
stratum_by_remainder (gconstpointer a, gconstpointer b)
{
  const Stratum *x = a, *y = b;

  if (x->remainder != y->remainder)
    return x->remainder > y->remainder ? -1 : 1;
  return x->group < y->group ? -1 : x->group > y->group;
}

GArray *
mc_sample_select (const GArray *frame, const GArray *groups, int size, guint64 seed)
{
  g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), frame->len);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = frame->len;

  g_return_val_if_fail (groups == NULL || groups->len == frame->len, out);

  for (guint i = 0; i < n; i++)
    {
      Ranked r;

      r.id = g_array_index (frame, gint64, i);
      r.key = mix (seed ^ mix ((guint64) r.id));
      r.group = groups != NULL ? g_array_index (groups, gint64, i) : 0;
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, ranked_compare);
  if (size <= 0 || n == 0)
    return out;

  if (groups == NULL || (guint) size >= n)
    {
      for (guint i = 0; i < MIN ((guint) size, n); i++)
        g_array_append_val (out, g_array_index (ranked, Ranked, i).id);
      return out;
    }

  /* The same share of each group (largest remainders make up the size), at least one of each
   * group that has any: a sample then may be a little larger than asked. */
  {
    g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autoptr(GArray) strata = g_array_new (FALSE, TRUE, sizeof (Stratum));
    g_autoptr(GHashTable) taken = g_hash_table_new (g_int64_hash, g_int64_equal);
    guint given = 0;

    for (guint i = 0; i < n; i++)
      {
        Ranked *r = &g_array_index (ranked, Ranked, i);
        gpointer at = g_hash_table_lookup (index, &r->group);

        if (at == NULL)
          {
            Stratum s = { r->group, 0, 0, 0 };

            g_array_append_val (strata, s);
            at = GUINT_TO_POINTER (strata->len);
            g_hash_table_insert (index, &r->group, at);
          }
        g_array_index (strata, Stratum, GPOINTER_TO_UINT (at) - 1).count++;
      }
    for (guint k = 0; k < strata->len; k++)
      {
        Stratum *s = &g_array_index (strata, Stratum, k);
        double exact = (double) size * s->count / n;

        s->quota = (guint) exact;
        s->remainder = exact - s->quota;
        given += s->quota;
      }
    g_array_sort (strata, stratum_by_remainder);
    for (guint k = 0; k < strata->len && given < (guint) size; k++)
      {
        g_array_index (strata, Stratum, k).quota++;
        given++;
      }
    for (guint k = 0; k < strata->len; k++)
      {
        Stratum *s = &g_array_index (strata, Stratum, k);

        s->quota = CLAMP (s->quota, 1, s->count);
        g_hash_table_insert (taken, &s->group, GUINT_TO_POINTER (s->quota + 1));
      }
    /* In the order of the draw, each group's first QUOTA. */
    for (guint i = 0; i < n; i++)
      {
        Ranked *r = &g_array_index (ranked, Ranked, i);
        guint left = GPOINTER_TO_UINT (g_hash_table_lookup (taken, &r->group)) - 1;

        if (left == 0)
          continue;
        g_hash_table_insert (taken, &r->group, GUINT_TO_POINTER (left));
        g_array_append_val (out, r->id);
      }
  }
  return out;
}

guint64
mc_sample_new_seed (void)
{
  /* Below 10^15, so that a seed reads and is typed easily on the minutes. */
  guint64 hi = g_random_int (), lo = g_random_int ();

  return ((hi << 32) | lo) % G_GUINT64_CONSTANT (1000000000000000);
}

static void
inspection_item_free (gpointer data)
{
  McInspectionItem *item = data;

  g_free (item->code);
  g_free (item->procedure_code);
  g_free (item->procedure_name);
  g_free (item->officer_name);
  g_free (item->findings);
  g_free (item);
}

void
mc_inspection_free (McInspection *i)
{
  if (i == NULL)
    return;
  g_free (i->officer_name);
  g_clear_pointer (&i->items, g_ptr_array_unref);
  g_free (i);
}

static const char *
stratum_word (McSampleStratum s)
{
  switch (s)
    {
    case MC_SAMPLE_BY_OFFICER:   return "officer";
    case MC_SAMPLE_BY_PROCEDURE: return "procedure";
    case MC_SAMPLE_WHOLE:
    default:                     return "none";
    }
}

typedef struct {
  gint64          actor_id;
  McDay           from, to;
  int             size;
  McSampleStratum stratum;
  guint64         seed;
  gint64          id;      /* out */
} Draw;

static gboolean
draw_work (McStore *store, gpointer data, GError **error)
{
  Draw *d = data;
  g_autoptr(GArray) frame = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GArray) drawn = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, d->seed);
  g_autofree char *from_text = mc_day_to_iso (d->from);
  g_autofree char *to_text = mc_day_to_iso (d->to);
  McStoreInspection row = { 0 };

  /* Read inside the write transaction: the list recorded is the one drawn from this data. */
  frame = mc_store_list_sample_frame (store, day_start (d->from), day_start (d->to + 1), error);
  if (frame == NULL)
    return FALSE;
  if (frame->len == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("No dossier was received from %s to %s: there is nothing to inspect."),
                   from_text, to_text);
      return FALSE;
    }
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), frame->len);
  if (d->stratum != MC_SAMPLE_WHOLE)
    groups = g_array_sized_new (FALSE, FALSE, sizeof (gint64), frame->len);
  for (guint i = 0; i < frame->len; i++)
    {
      const McStoreSampleUnit *u = &g_array_index (frame, McStoreSampleUnit, i);

      g_array_append_val (ids, u->dossier_id);
      if (groups != NULL)
        {
          gint64 g = d->stratum == MC_SAMPLE_BY_PROCEDURE ? u->procedure_id
                   : u->handler_id != 0 ? u->handler_id : u->receiver_id;
          g_array_append_val (groups, g);
        }
    }
  drawn = mc_sample_select (ids, groups, d->size, d->seed);

  d->id = mc_store_next_inspection_id (store, error);
  if (d->id == 0)
    return FALSE;
  row.id = d->id;
  row.drawn_at = mc_store_now (store);
  row.officer_id = d->actor_id;
  row.period_from = d->from;
  row.period_to = d->to;
  row.size = d->size;
  row.stratum = d->stratum;
  row.seed = seed_text;
  row.population = frame->len;
  if (!mc_store_insert_inspection (store, &row, error))
    return FALSE;

  g_string_append_printf (details, "seed %s; period %s..%s; size %d; by %s; from %u dossiers; "
                          "codes", seed_text, from_text, to_text, d->size,
                          stratum_word (d->stratum), frame->len);
  for (guint i = 0; i < drawn->len; i++)
    {
      gint64 id = g_array_index (drawn, gint64, i);
      g_autofree char *code = mc_store_dossier_code (store, id);

      if (!mc_store_insert_inspection_item (store, d->id, (int) i + 1, id, error))
        return FALSE;
      g_string_append_printf (details, "%s%s", i == 0 ? ": " : ", ", code != NULL ? code : "?");
    }
  /* The audit record last, after the rows it names (mc-audit.h). */
  return mc_audit_append (store, d->actor_id, "inspection.draw", "inspection", d->id,
                          details->str, error);
}

McInspection *
mc_inspection_draw (McStore *store, gint64 actor_id, McDay from, McDay to, int size,
                    McSampleStratum stratum, gboolean has_seed, guint64 seed, GError **error)
{
  Draw d = { actor_id, from, to, size, stratum, has_seed ? seed : mc_sample_new_seed (), 0 };
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!actor_may (store, actor_id, is_controller, &role,
                  _("Only the procedure controller can draw a spot inspection."), error))
    return NULL;
  if (!check_period (from, to, error))
    return NULL;
  if (size <= 0 || size > 10000)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The size of the sample, %d, must be between 1 and 10000 dossiers."), size);
      return NULL;
    }
  if (stratum != MC_SAMPLE_WHOLE && stratum != MC_SAMPLE_BY_OFFICER &&
      stratum != MC_SAMPLE_BY_PROCEDURE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A sample is drawn from the whole period, per officer or per procedure."));
      return NULL;
    }
  if (!mc_store_transact (store, draw_work, &d, error))
    return NULL;
  return mc_inspection_get (store, d.id, error);
}

static McInspection *
inspection_public (McStore *store, const McStoreInspection *row, Names *names)
{
  McInspection *i = g_new0 (McInspection, 1);
  const McOfficer *o = names_officer (names, row->officer_id);

  i->id = row->id;
  i->drawn_at = row->drawn_at;
  i->officer_id = row->officer_id;
  i->officer_name = g_strdup (o != NULL ? o->name : "");
  i->from = (McDay) row->period_from;
  i->to = (McDay) row->period_to;
  i->size = (int) row->size;
  i->stratum = row->stratum;
  i->seed = g_ascii_strtoull (row->seed, NULL, 10);
  i->population = row->population;
  i->items = g_ptr_array_new_with_free_func (inspection_item_free);
  return i;
}

static void
count_draws (GPtrArray *list)
{
  /* Each inspection knows how many draws its period had: a sample drawn again shows. */
  for (guint a = 0; a < list->len; a++)
    {
      McInspection *x = g_ptr_array_index (list, a);

      x->draws_of_period = 0;
      for (guint b = 0; b < list->len; b++)
        {
          const McInspection *y = g_ptr_array_index (list, b);

          if (y->from == x->from && y->to == x->to)
            x->draws_of_period++;
        }
    }
}

GPtrArray *
mc_inspection_list (McStore *store, GError **error)
{
  g_auto(Names) names = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_inspection_free);

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!names_load (store, &names, error))
    return NULL;
  rows = mc_store_list_inspections (store, 0, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (list, inspection_public (store, g_ptr_array_index (rows, i), &names));
  count_draws (list);
  return g_steal_pointer (&list);
}

McInspection *
mc_inspection_get (McStore *store, gint64 id, GError **error)
{
  g_auto(Names) names = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(McInspection) inspection = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!names_load (store, &names, error))
    return NULL;
  rows = mc_store_list_inspections (store, id, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no spot inspection number %lld."), (long long) id);
      return NULL;
    }
  inspection = inspection_public (store, g_ptr_array_index (rows, 0), &names);
  all = mc_store_list_inspections (store, 0, error);
  if (all == NULL)
    return NULL;
  for (guint k = 0; k < all->len; k++)
    {
      const McStoreInspection *r = g_ptr_array_index (all, k);

      if (r->period_from == inspection->from && r->period_to == inspection->to)
        inspection->draws_of_period++;
    }

  items = mc_store_list_inspection_items (store, id, error);
  if (items == NULL)
    return NULL;
  if (items->len > 0)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) dossiers = NULL;
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint k = 0; k < items->len; k++)
        g_array_append_val (ids, g_array_index (items, McStoreInspectionItem, k).dossier_id);
      dossiers = mc_store_get_dossier_rows (store, (const gint64 *) ids->data, ids->len, error);
      if (dossiers == NULL)
        return NULL;
      for (guint k = 0; k < dossiers->len; k++)
        {
          McDossier *d = g_ptr_array_index (dossiers, k);
          g_hash_table_insert (by_id, &d->id, d);
        }
      for (guint k = 0; k < items->len; k++)
        {
          const McStoreInspectionItem *row = &g_array_index (items, McStoreInspectionItem, k);
          const McDossier *d = g_hash_table_lookup (by_id, &row->dossier_id);
          McInspectionItem *item = g_new0 (McInspectionItem, 1);
          const McProcedure *p = d != NULL ? names_procedure (&names, d->procedure_id) : NULL;
          const McOfficer *o = NULL;

          item->position = row->position;
          item->dossier_id = row->dossier_id;
          item->code = g_strdup (d != NULL ? d->code : "?");
          item->procedure_code = g_strdup (p != NULL ? p->code : "");
          item->procedure_name = g_strdup (p != NULL ? p->name : "");
          if (d != NULL)
            item->officer_id = d->handler_id != 0 ? d->handler_id : d->receiver_id;
          o = names_officer (&names, item->officer_id);
          item->officer_name = g_strdup (o != NULL ? o->name : "");
          item->checked = row->checked;
          item->passed = row->passed;
          item->verdict = row->verdict;
          item->findings = g_strdup (row->findings);
          item->checked_at = row->checked_at;
          g_ptr_array_add (inspection->items, item);
        }
    }
  return g_steal_pointer (&inspection);
}

typedef struct {
  gint64               actor_id;
  gint64               inspection_id;
  int                  position;
  guint                checked, passed;
  McInspectionVerdict  verdict;
  const char          *findings;
} Record;

static gboolean
record_work (McStore *store, gpointer data, GError **error)
{
  Record *r = data;
  g_autofree char *findings = g_strstrip (g_strdup (r->findings != NULL ? r->findings : ""));
  McStoreInspectionItem item = {
    .inspection_id = r->inspection_id,
    .position = r->position,
    .checked = r->checked & MC_CHECK_ALL,
    .passed = r->passed & r->checked & MC_CHECK_ALL,
    .verdict = r->verdict,
    .findings = findings,
    .checked_at = mc_store_now (store),
  };
  g_autofree char *details = NULL;
  gint64 changed;

  changed = mc_store_update_inspection_item (store, &item, error);
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("Spot inspection %lld has no dossier number %d."),
                   (long long) r->inspection_id, r->position);
      return FALSE;
    }
  details = g_strdup_printf ("item %d; checked %u; passed %u; verdict %d; %s", r->position,
                             item.checked, item.passed, (int) r->verdict, findings);
  return mc_audit_append (store, r->actor_id, "inspection.check", "inspection",
                          r->inspection_id, details, error);
}

gboolean
mc_inspection_record (McStore *store, gint64 actor_id, gint64 inspection_id, int position,
                      guint checked, guint passed, McInspectionVerdict verdict,
                      const char *findings, GError **error)
{
  Record r = { actor_id, inspection_id, position, checked, passed, verdict, findings };
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!actor_may (store, actor_id, is_controller, &role,
                  _("Only the procedure controller can record an inspection's findings."), error))
    return FALSE;
  if (verdict != MC_VERDICT_IN_ORDER && verdict != MC_VERDICT_FAILINGS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Give the inspection's verdict: in order, or failings found."));
      return FALSE;
    }
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (findings != NULL ? findings : ""));
    guint failed = checked & ~passed & MC_CHECK_ALL;

    if (verdict == MC_VERDICT_FAILINGS && trimmed[0] == '\0')
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("Write the findings: a verdict of failings must say what was wrong."));
        return FALSE;
      }
    if (verdict == MC_VERDICT_IN_ORDER && failed != 0)
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("A dossier with an item of the checklist found wrong is not in order: "
                       "give the verdict “failings found” and say what was wrong."));
        return FALSE;
      }
  }
  return mc_store_transact (store, record_work, &r, error);
}

/* ---- Today ---- */

void
mc_today_free (McToday *today)
{
  if (today == NULL)
    return;
  for (int i = 0; i < MC_TODAY_N_LISTS; i++)
    g_clear_pointer (&today->ids[i], g_array_unref);
  g_free (today);
}

const char *
mc_today_list_title (McTodayList list)
{
  switch (list)
    {
    case MC_TODAY_OVERDUE:           return _("Overdue Now");
    case MC_TODAY_DUE_TODAY:         return _("Due Today");
    case MC_TODAY_TO_SIGN:           return _("Waiting for a Signature");
    case MC_TODAY_ONLINE:            return _("Online Dossiers Close to Their 8 Hours");
    case MC_TODAY_SECOND_SUPPLEMENT: return _("Second Supplement Requests");
    case MC_TODAY_OUTSIDE_DESK:      return _("Received Outside the Desk");
    case MC_TODAY_N_LISTS:
    default:                         return "";
    }
}

const char *
mc_today_list_description (McTodayList list)
{
  switch (list)
    {
    case MC_TODAY_OVERDUE:
      return _("Open dossiers past their appointment, their clock running.");
    case MC_TODAY_DUE_TODAY:
      return _("Open dossiers due before the end of today.");
    case MC_TODAY_TO_SIGN:
      return _("Submitted by the specialists, waiting for a leader to sign or send back.");
    case MC_TODAY_ONLINE:
      return _("Submitted online and not accepted yet, 6 of their 8 working hours gone or more.");
    case MC_TODAY_SECOND_SUPPLEMENT:
      return _("Received in the last 30 days and sent back to the citizen more than once: each "
               "makes the dossier late.");
    case MC_TODAY_OUTSIDE_DESK:
      return _("Received in the last 30 days by an officer who is not a desk officer, or "
               "outside office hours.");
    case MC_TODAY_N_LISTS:
    default:
      return "";
    }
}

gboolean
mc_supervision_may_see_today (McRole role)
{
  return role == MC_ROLE_VICE_CHAIRMAN || role == MC_ROLE_CHAIRMAN ||
         role == MC_ROLE_CONTROLLER;
}

static GArray *
query_ids (McStore *store, McQuery *q, GError **error)
{
  q->sort = MC_SORT_DUE;
  return mc_store_query_ids (store, q, error);
}

McToday *
mc_supervision_today (McStore *store, gint64 actor_id, McTime now, GError **error)
{
  g_autoptr(McToday) today = g_new0 (McToday, 1);
  g_auto(Names) names = { 0 };
  const McCalendar *cal;
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!actor_may (store, actor_id, mc_supervision_may_see_today, &role,
                  _("The Today page is for the chairman, the vice-chairmen and the procedure "
                    "controller."), error))
    return NULL;
  if (now == 0)
    now = mc_store_now (store);
  cal = mc_store_get_calendar (store);
  if (!names_load (store, &names, error))
    return NULL;

  {
    McQuery overdue = { .statuses = MC_STATUSES_OPEN, .due = MC_DUE_OVERDUE, .now = now };
    McQuery due = { .statuses = MC_STATUSES_OPEN, .due = MC_DUE_TODAY, .now = now };
    McQuery sign = { .statuses = 1u << MC_STATUS_PROCESSING, .step = MC_STEP_SUBMITTED };
    g_autoptr(GArray) due_ids = NULL;
    g_autoptr(GHashTable) late = g_hash_table_new (g_int64_hash, g_int64_equal);

    today->ids[MC_TODAY_OVERDUE] = query_ids (store, &overdue, error);
    if (today->ids[MC_TODAY_OVERDUE] == NULL)
      return NULL;
    due_ids = query_ids (store, &due, error);
    if (due_ids == NULL)
      return NULL;
    for (guint i = 0; i < today->ids[MC_TODAY_OVERDUE]->len; i++)
      g_hash_table_add (late, &g_array_index (today->ids[MC_TODAY_OVERDUE], gint64, i));
    today->ids[MC_TODAY_DUE_TODAY] = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (guint i = 0; i < due_ids->len; i++)
      if (!g_hash_table_contains (late, &g_array_index (due_ids, gint64, i)))
        g_array_append_val (today->ids[MC_TODAY_DUE_TODAY], g_array_index (due_ids, gint64, i));
    today->ids[MC_TODAY_TO_SIGN] = query_ids (store, &sign, error);
    if (today->ids[MC_TODAY_TO_SIGN] == NULL)
      return NULL;
  }

  /* Online dossiers: the working time since submission, as the online page counts it. */
  {
    McQuery online = { .statuses = 1u << MC_STATUS_NEW, .channel = MC_CHANNEL_ONLINE };
    g_autoptr(GArray) ids = query_ids (store, &online, error);
    g_autoptr(GPtrArray) rows = NULL;

    if (ids == NULL)
      return NULL;
    rows = mc_store_get_dossier_rows (store, (const gint64 *) ids->data, ids->len, error);
    if (rows == NULL)
      return NULL;
    today->ids[MC_TODAY_ONLINE] = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (guint i = 0; i < rows->len; i++)
      {
        const McDossier *d = g_ptr_array_index (rows, i);
        McTime from = d->submitted_at != MC_TIME_NONE ? d->submitted_at : d->received_at;

        if (from != MC_TIME_NONE && from < now &&
            mc_calendar_working_seconds (cal, from, now) >= MC_TODAY_ONLINE_WARN_SECONDS)
          g_array_append_val (today->ids[MC_TODAY_ONLINE], d->id);
      }
  }

  /* The last 30 days' receipts: second supplements, and receipts outside the desk. */
  {
    McTime since = mc_time_from_day (mc_day_of_time (now) - MC_TODAY_RECENT_DAYS, 0);
    g_autoptr(GArray) receipts = mc_store_list_receipts_since (store, since, error);

    if (receipts == NULL)
      return NULL;
    today->ids[MC_TODAY_SECOND_SUPPLEMENT] = g_array_new (FALSE, FALSE, sizeof (gint64));
    today->ids[MC_TODAY_OUTSIDE_DESK] = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (guint i = 0; i < receipts->len; i++)
      {
        const McStoreReceipt *r = &g_array_index (receipts, McStoreReceipt, i);
        const McOfficer *o = names_officer (&names, r->receiver_id);
        gboolean outside;

        if (r->supplements > 1)
          g_array_append_val (today->ids[MC_TODAY_SECOND_SUPPLEMENT], r->id);
        /* An online dossier is accepted by the desk whenever it comes; one handed in is
         * received in office hours, at the desk. */
        outside = o != NULL && o->role != MC_ROLE_DESK;
        if (!outside && r->channel == MC_CHANNEL_DESK && r->received_at != MC_TIME_NONE)
          outside = mc_calendar_working_seconds (cal, r->received_at, r->received_at + 1) == 0;
        if (outside)
          g_array_append_val (today->ids[MC_TODAY_OUTSIDE_DESK], r->id);
      }
  }
  return g_steal_pointer (&today);
}

static gboolean
today_has (const GArray *ids, gint64 id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

GArray *
mc_today_arrivals (const McToday *before, const McToday *now, McRole role, GArray *lists)
{
  static const McTodayList told[] = { MC_TODAY_TO_SIGN, MC_TODAY_ONLINE };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (before == NULL || now == NULL)
    return ids;
  for (gsize t = 0; t < G_N_ELEMENTS (told); t++)
    {
      McTodayList l = told[t];
      gboolean leader = role == MC_ROLE_VICE_CHAIRMAN || role == MC_ROLE_CHAIRMAN;

      if (!leader && !(l == MC_TODAY_ONLINE && role == MC_ROLE_CONTROLLER))
        continue;
      for (guint i = 0; now->ids[l] != NULL && i < now->ids[l]->len; i++)
        {
          gint64 id = g_array_index (now->ids[l], gint64, i);
          int list = l;

          if (today_has (before->ids[l], id) || today_has (ids, id))
            continue;
          g_array_append_val (ids, id);
          if (lists != NULL)
            g_array_append_val (lists, list);
        }
    }
  return ids;
}

/* ---- The assessment of a period's report ---- */

void
mc_report_note_free (McReportNote *note)
{
  if (note == NULL)
    return;
  g_free (note->shortcomings);
  g_free (note->causes);
  g_free (note->next_steps);
  g_free (note);
}

/* A period still under way (this month, quarter or year, to today) is kept under its whole
 * length, so that what the controller wrote on the 15th is there on the 16th, when "this month"
 * runs one day further. */
static McDay
note_key_to (McStore *store, McDay from, McDay to)
{
  McDay today = mc_day_of_time (mc_store_now (store));
  int fy, fm, fd, ty, tm;

  if (to != today)
    return to;
  mc_day_to_ymd (from, &fy, &fm, &fd);
  mc_day_to_ymd (today, &ty, &tm, NULL);
  if (fd != 1 || fy != ty || fm > tm)
    return to;
  if (fm == tm)                                       /* this month */
    return (tm == 12 ? mc_day_from_ymd (ty + 1, 1, 1) : mc_day_from_ymd (ty, tm + 1, 1)) - 1;
  if ((fm - 1) % 3 == 0 && (tm - 1) / 3 == (fm - 1) / 3)   /* this quarter */
    return (fm + 3 > 12 ? mc_day_from_ymd (ty + 1, 1, 1) : mc_day_from_ymd (ty, fm + 3, 1)) - 1;
  if (fm == 1)                                        /* this year */
    return mc_day_from_ymd (ty + 1, 1, 1) - 1;
  return to;
}

McReportNote *
mc_report_note_get (McStore *store, McDay from, McDay to, GError **error)
{
  McStoreReportNote row = { 0 };
  McReportNote *note;
  gboolean found = FALSE;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (!mc_store_get_report_note (store, from, note_key_to (store, from, to), &row, &found,
                                 error) || !found)
    {
      mc_store_report_note_clear (&row);
      return NULL;
    }
  note = g_new0 (McReportNote, 1);
  note->from = from;
  note->to = to;
  note->shortcomings = g_steal_pointer (&row.shortcomings);
  note->causes = g_steal_pointer (&row.causes);
  note->next_steps = g_steal_pointer (&row.next_steps);
  note->officer_id = row.officer_id;
  note->written_at = row.written_at;
  return note;
}

typedef struct {
  gint64      actor_id;
  McDay       from, to;
  const char *texts[3];
} NoteSave;

static gboolean
note_save_work (McStore *store, gpointer data, GError **error)
{
  NoteSave *s = data;
  McStoreReportNote row = { 0 };
  gboolean found = FALSE;
  char **fields[3] = { &row.shortcomings, &row.causes, &row.next_steps };
  g_autofree char *details = NULL;
  gboolean ok;

  if (!mc_store_get_report_note (store, s->from, s->to, &row, &found, error))
    {
      mc_store_report_note_clear (&row);
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    if (s->texts[i] != NULL || *fields[i] == NULL)
      {
        g_free (*fields[i]);
        *fields[i] = g_strstrip (g_strdup (s->texts[i] != NULL ? s->texts[i] : ""));
      }
  row.period_from = s->from;
  row.period_to = s->to;
  row.officer_id = s->actor_id;
  row.written_at = mc_store_now (store);
  ok = mc_store_put_report_note (store, &row, error);
  if (ok)
    {
      g_autofree char *from = mc_day_to_iso (s->from);
      g_autofree char *to = mc_day_to_iso (s->to);

      details = g_strdup_printf ("%s..%s; shortcomings: %s; causes: %s; next steps: %s", from, to,
                                 row.shortcomings, row.causes, row.next_steps);
      ok = mc_audit_append (store, s->actor_id, "report.note", "report", s->from, details, error);
    }
  mc_store_report_note_clear (&row);
  return ok;
}

gboolean
mc_report_note_save (McStore *store, gint64 actor_id, McDay from, McDay to,
                     const char *shortcomings, const char *causes, const char *next_steps,
                     GError **error)
{
  NoteSave s = { actor_id, from, to, { shortcomings, causes, next_steps } };
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!actor_may (store, actor_id, is_controller, &role,
                  _("Only the procedure controller can write the assessment of a report."), error))
    return FALSE;
  if (to < from)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The period ends before it begins."));
      return FALSE;
    }
  s.to = note_key_to (store, from, to);
  return mc_store_transact (store, note_save_work, &s, error);
}
