/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-list.h"

/* ---- McDossierRow ---- */

struct _McDossierRow
{
  GObject    parent_instance;

  McDossier *dossier;
  gint64     left;
  gint64     allowed;
};

G_DEFINE_FINAL_TYPE (McDossierRow, mc_dossier_row, G_TYPE_OBJECT)

static void
mc_dossier_row_finalize (GObject *object)
{
  McDossierRow *self = MC_DOSSIER_ROW (object);

  g_clear_pointer (&self->dossier, mc_dossier_free);
  G_OBJECT_CLASS (mc_dossier_row_parent_class)->finalize (object);
}

static void
mc_dossier_row_class_init (McDossierRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_dossier_row_finalize;
}

static void
mc_dossier_row_init (McDossierRow *self)
{
}

static McDossierRow *
mc_dossier_row_new (McDossier        *dossier,
                    const McCalendar *cal,
                    McTime            now)
{
  McDossierRow *self = g_object_new (MC_TYPE_DOSSIER_ROW, NULL);

  self->dossier = dossier;
  self->left = mc_desk_time_left (cal, dossier, now);
  self->allowed = mc_desk_time_allowed (cal, dossier);
  return self;
}

const McDossier *
mc_dossier_row_get_dossier (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);

  return self->dossier;
}

gint64
mc_dossier_row_get_left (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), MC_DESK_NO_TIME);

  return self->left;
}

gint64
mc_dossier_row_get_allowed (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), 0);

  return self->allowed;
}

/* ---- McDossierList ---- */

/* Ids are read by blocks of BLOCK_SIZE in the query's order (a LIMIT over an index, so a queue of
 * a million opens as fast as one of ten); rows by pages of PAGE_SIZE. At most MAX_PAGES pages and
 * MAX_BLOCKS blocks are kept (besides the rows the view still holds). */
#define BLOCK_SIZE 8192
#define MAX_BLOCKS 16
#define PAGE_SIZE 64
#define MAX_PAGES 32

struct _McDossierList
{
  GObject     parent_instance;

  McStore    *store;
  McQuery     query;
  char       *field;
  char       *search;
  guint       n_items;
  GHashTable *blocks;   /* block number → GArray of gint64 */
  GHashTable *pages;    /* page number → GPtrArray of McDossierRow */
};

static void mc_dossier_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDossierList, mc_dossier_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mc_dossier_list_model_init))

static GType
mc_dossier_list_get_item_type (GListModel *model)
{
  return MC_TYPE_DOSSIER_ROW;
}

static guint
mc_dossier_list_get_n_items (GListModel *model)
{
  return MC_DOSSIER_LIST (model)->n_items;
}

/* The ids from START (up to N of them; fewer when dossiers went away since the count). */
static const gint64 *
get_ids (McDossierList *self,
         guint          start,
         guint         *n)
{
  guint block = start / BLOCK_SIZE;
  GArray *ids = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (block));
  guint first = start % BLOCK_SIZE;

  if (ids == NULL)
    {
      McQuery q = self->query;
      g_autoptr(GError) error = NULL;

      q.limit = BLOCK_SIZE;
      q.offset = (int) (block * BLOCK_SIZE);
      ids = mc_store_query_ids (self->store, &q, &error);
      if (ids == NULL)
        {
          g_warning ("%s", error->message);
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      if (g_hash_table_size (self->blocks) >= MAX_BLOCKS)
        g_hash_table_remove_all (self->blocks);
      g_hash_table_insert (self->blocks, GUINT_TO_POINTER (block), ids);
    }
  *n = first < ids->len ? MIN (*n, ids->len - first) : 0;
  return *n > 0 ? &g_array_index (ids, gint64, first) : NULL;
}

static GPtrArray *
load_page (McDossierList *self,
           guint          page)
{
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->n_items - start);
  guint n_ids = n;
  const gint64 *ids = get_ids (self, start, &n_ids);
  const McCalendar *cal = mc_store_get_calendar (self->store);
  McTime now = mc_now ();
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);
  guint j = 0;

  if (n_ids > 0)
    {
      dossiers = mc_store_get_dossier_rows (self->store, ids, n_ids, &error);
      if (dossiers == NULL)
        g_warning ("%s", error->message);
    }

  /* A dossier deleted since the ids were read keeps its place as an empty row, so positions
   * stay those the view was told. */
  for (guint i = 0; i < n; i++)
    {
      McDossier *d = NULL;

      if (dossiers != NULL && i < n_ids && j < dossiers->len &&
          ((McDossier *) g_ptr_array_index (dossiers, j))->id == ids[i])
        d = g_steal_pointer (&g_ptr_array_index (dossiers, j++));
      if (d == NULL)
        {
          d = mc_dossier_new ();
          d->id = i < n_ids ? ids[i] : 0;
          d->code = g_strdup ("");
        }
      g_ptr_array_add (rows, mc_dossier_row_new (d, cal, now));
    }
  return rows;
}

static gpointer
mc_dossier_list_get_item (GListModel *model,
                          guint       position)
{
  McDossierList *self = MC_DOSSIER_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_PAGES)
        g_hash_table_remove_all (self->pages);
      rows = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }
  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
mc_dossier_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_dossier_list_get_item_type;
  iface->get_n_items = mc_dossier_list_get_n_items;
  iface->get_item = mc_dossier_list_get_item;
}

static void
mc_dossier_list_finalize (GObject *object)
{
  McDossierList *self = MC_DOSSIER_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->blocks, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->search, g_free);
  G_OBJECT_CLASS (mc_dossier_list_parent_class)->finalize (object);
}

static void
mc_dossier_list_class_init (McDossierListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_dossier_list_finalize;
}

static void
mc_dossier_list_init (McDossierList *self)
{
  self->blocks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

McDossierList *
mc_dossier_list_new (McStore *store)
{
  McDossierList *self;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  self = g_object_new (MC_TYPE_DOSSIER_LIST, NULL);
  self->store = g_object_ref (store);
  return self;
}

gboolean
mc_dossier_list_set_query (McDossierList *self,
                           const McQuery *q,
                           GError       **error)
{
  McQuery first = *q;
  g_autoptr(GArray) ids = NULL;
  gint64 count;
  guint removed;

  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);
  g_return_val_if_fail (q != NULL, FALSE);

  /* The first block answers short queues whole; only a full block needs counting. */
  first.limit = BLOCK_SIZE;
  first.offset = 0;
  ids = mc_store_query_ids (self->store, &first, error);
  if (ids == NULL)
    return FALSE;
  count = ids->len;
  if (ids->len == BLOCK_SIZE)
    {
      count = mc_store_query_count (self->store, q, error);
      if (count < 0)
        return FALSE;
    }

  /* Keep the query's strings: the caller's may go away. */
  if (&self->query != q)
    {
      g_free (self->field);
      g_free (self->search);
      self->field = g_strdup (q->field);
      self->search = g_strdup (q->search);
      self->query = *q;
      self->query.field = self->field;
      self->query.search = self->search;
    }

  removed = self->n_items;
  self->n_items = (guint) MIN (count, G_MAXUINT);
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->blocks);
  g_hash_table_insert (self->blocks, GUINT_TO_POINTER (0), g_steal_pointer (&ids));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
  return TRUE;
}

gboolean
mc_dossier_list_reload (McDossierList *self,
                        GError       **error)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);

  return mc_dossier_list_set_query (self, &self->query, error);
}

gint64
mc_dossier_list_get_id (McDossierList *self,
                        guint          position)
{
  const gint64 *ids;
  guint n = 1;

  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), 0);

  if (position >= self->n_items)
    return 0;
  ids = get_ids (self, position, &n);
  return ids != NULL ? ids[0] : 0;
}
