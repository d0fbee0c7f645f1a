/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mc-date.h"
#include "mc-desk-util.h"
#include "mc-dossier-list.h"
#include "mc-worker.h"

/* ---- McDossierRow ---- */

struct _McDossierRow
{
  GObject    parent_instance;

  McDossier *dossier;
  gint64     left;
  gint64     allowed;
};

G_DEFINE_FINAL_TYPE (McDossierRow, mc_dossier_row, G_TYPE_OBJECT)

enum {
  ROW_SIGNAL_CHANGED,
  ROW_N_SIGNALS
};

static guint row_signals[ROW_N_SIGNALS];

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

  row_signals[ROW_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
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

  /* Asynchronous: blocks and pages are read by the window's worker, the view shown placeholder
   * rows meanwhile; a result for an older query (GENERATION) is dropped. */
  gboolean    async;
  McWorker   *worker;
  guint       generation;
  GHashTable *loading;  /* page number → its placeholder rows (GPtrArray), while read */
  guint       pending;  /* queries and pages being read */
  GCancellable *cancellable;
};

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static GPtrArray *make_rows (McDossierList *self, guint page, guint n, const gint64 *ids,
                             guint n_ids, GPtrArray *dossiers);

static GPtrArray *
load_page (McDossierList *self,
           guint          page)
{
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->n_items - start);
  guint n_ids = n;
  const gint64 *ids = get_ids (self, start, &n_ids);
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;

  if (n_ids > 0)
    {
      dossiers = mc_store_get_dossier_rows (self->store, ids, n_ids, &error);
      if (dossiers == NULL)
        g_warning ("%s", error->message);
    }
  return make_rows (self, page, n, ids, n_ids, dossiers);
}

/* The rows of PAGE (N of them) from the dossiers read for IDS. */
static GPtrArray *
make_rows (McDossierList *self,
           guint          page,
           guint          n,
           const gint64  *ids,
           guint          n_ids,
           GPtrArray     *dossiers)
{
  const McCalendar *cal = mc_store_get_calendar (self->store);
  McTime now = mc_now ();
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);
  guint j = 0;

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

/* ---- Reading in the worker ---- */

typedef struct {
  McQuery  query;       /* its strings owned below */
  char    *field;
  char    *search;
  guint    generation;
  guint    page;        /* a page job: its number; a query job: G_MAXUINT */
  guint    n;           /* rows of the page */
  gboolean keep_place;  /* a query job that refreshes the same query */
  /* Results */
  GArray    *block_ids; /* the ids of the page's block (or the first block), when read here */
  gint64     count;
  GPtrArray *dossiers;
} Job;

static void
job_free (Job *job)
{
  g_free (job->field);
  g_free (job->search);
  g_clear_pointer (&job->block_ids, g_array_unref);
  g_clear_pointer (&job->dossiers, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (McDossierList *self, const McQuery *q, guint page)
{
  Job *job = g_new0 (Job, 1);

  job->query = *q;
  job->field = g_strdup (q->field);
  job->search = g_strdup (q->search);
  job->query.field = job->field;
  job->query.search = job->search;
  job->generation = self->generation;
  job->page = page;
  return job;
}

/* Keeps a copy of Q as the list's query, with its own strings (the caller's may go away). */
static void
keep_query (McDossierList *self,
            const McQuery *q)
{
  if (&self->query == q)
    return;
  g_free (self->field);
  g_free (self->search);
  self->field = g_strdup (q->field);
  self->search = g_strdup (q->search);
  self->query = *q;
  self->query.field = self->field;
  self->query.search = self->search;
}

static gpointer
query_job (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;
  McQuery first = job->query;

  /* The first block answers short queues whole; only a full block needs counting. */
  first.limit = BLOCK_SIZE;
  first.offset = 0;
  job->block_ids = mc_store_query_ids (store, &first, error);
  if (job->block_ids == NULL)
    return NULL;
  job->count = job->block_ids->len;
  if (job->block_ids->len == BLOCK_SIZE)
    {
      job->count = mc_store_query_count (store, &job->query, error);
      if (job->count < 0)
        return NULL;
    }
  return job;
}

static gpointer
page_job (McStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;
  guint start = job->page * PAGE_SIZE;
  guint first = start % BLOCK_SIZE;
  guint n;

  if (job->block_ids == NULL)
    {
      McQuery q = job->query;

      q.limit = BLOCK_SIZE;
      q.offset = (int) (start / BLOCK_SIZE * BLOCK_SIZE);
      job->block_ids = mc_store_query_ids (store, &q, error);
      if (job->block_ids == NULL)
        return NULL;
    }
  n = first < job->block_ids->len ? MIN (job->n, job->block_ids->len - first) : 0;
  job->dossiers = n > 0 ? mc_store_get_dossier_rows (store, &g_array_index (job->block_ids,
                                                                            gint64, first),
                                                     n, error)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);
  return job->dossiers != NULL ? job : NULL;
}

static void
finish_pending (McDossierList *self)
{
  if (self->pending > 0 && --self->pending == 0)
    g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
page_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McDossierList) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = mc_worker_finish (MC_WORKER (source), result, &error);
  guint block;
  GPtrArray *rows;
  GPtrArray *shown = NULL;  /* the page's placeholders, which the view holds */
  GArray *ids;

  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      finish_pending (self);
      return;
    }
  if (job->generation == self->generation)
    g_hash_table_steal_extended (self->loading, GUINT_TO_POINTER (job->page), NULL,
                                 (gpointer *) &shown);
  if (job->generation != self->generation || job->page * PAGE_SIZE >= self->n_items)
    {
      g_clear_pointer (&shown, g_ptr_array_unref);
      finish_pending (self);
      return;
    }
  block = job->page * PAGE_SIZE / BLOCK_SIZE;
  ids = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (block));
  if (ids == NULL)
    {
      if (g_hash_table_size (self->blocks) >= MAX_BLOCKS)
        g_hash_table_remove_all (self->blocks);
      ids = g_array_ref (job->block_ids);
      g_hash_table_insert (self->blocks, GUINT_TO_POINTER (block), ids);
    }
  {
    guint start = job->page * PAGE_SIZE;
    guint first = start % BLOCK_SIZE;
    guint n = MIN (PAGE_SIZE, self->n_items - start);
    guint n_ids = first < ids->len ? MIN (n, ids->len - first) : 0;

    rows = make_rows (self, job->page, n, n_ids ? &g_array_index (ids, gint64, first) : NULL,
                      n_ids, job->dossiers);
    if (g_hash_table_size (self->pages) >= MAX_PAGES)
      g_hash_table_remove_all (self->pages);
    if (shown != NULL && shown->len == rows->len)
      {
        /* The placeholders the view holds become the dossiers, in place: each tells its cells
         * (McDossierRow::changed), which keep their widgets. (Replaced through items-changed,
         * GTK 4.8 destroyed and made again every row widget of the page: 45 ms for a page of a
         * queue's eight columns, at each search.) */
        for (guint i = 0; i < rows->len; i++)
          {
            McDossierRow *to = g_ptr_array_index (shown, i);
            McDossierRow *from = g_ptr_array_index (rows, i);

            g_clear_pointer (&to->dossier, mc_dossier_free);
            to->dossier = g_steal_pointer (&from->dossier);
            to->left = from->left;
            to->allowed = from->allowed;
          }
        g_ptr_array_unref (rows);
        g_hash_table_insert (self->pages, GUINT_TO_POINTER (job->page), shown);
        for (guint i = 0; i < shown->len; i++)
          g_signal_emit (g_ptr_array_index (shown, i), row_signals[ROW_SIGNAL_CHANGED], 0);
      }
    else
      {
        g_clear_pointer (&shown, g_ptr_array_unref);
        g_hash_table_insert (self->pages, GUINT_TO_POINTER (job->page), rows);
        g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
      }
  }
  finish_pending (self);
}

/* Reads PAGE; ROWS (taken) are what the view is given meanwhile. */
static void
load_page_async (McDossierList *self,
                 guint          page,
                 GPtrArray     *rows)
{
  Job *job;
  GArray *ids;

  g_hash_table_insert (self->loading, GUINT_TO_POINTER (page), rows);
  job = job_new (self, &self->query, page);
  job->n = MIN (PAGE_SIZE, self->n_items - page * PAGE_SIZE);
  ids = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (page * PAGE_SIZE / BLOCK_SIZE));
  if (ids != NULL)
    job->block_ids = g_array_ref (ids);
  self->pending++;
  mc_worker_run (self->worker, page_job, job, (GDestroyNotify) job_free, NULL,
                 self->cancellable, page_done_cb, g_object_ref (self));
}

/* The page's rows while it is read: empty, kept while it is read (self->loading) and filled in
 * place when it comes (page_done_cb). */
static GPtrArray *
placeholders (McDossierList *self,
              guint          page)
{
  guint start = page * PAGE_SIZE;
  GArray *ids = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (start / BLOCK_SIZE));
  guint first = start % BLOCK_SIZE;
  guint n = MIN (PAGE_SIZE, self->n_items - start);
  guint n_ids = ids != NULL && first < ids->len ? MIN (n, ids->len - first) : 0;

  return make_rows (self, page, n, n_ids ? &g_array_index (ids, gint64, first) : NULL, n_ids,
                    NULL);
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

  if (self->async)
    {
      rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
      if (rows == NULL)
        rows = g_hash_table_lookup (self->loading, GUINT_TO_POINTER (page));
      if (rows == NULL)
        {
          rows = placeholders (self, page);
          load_page_async (self, page, rows);
        }
      return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
    }

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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->loading, g_hash_table_unref);
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

  /* Every query and page asked for has been read (async lists). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mc_dossier_list_init (McDossierList *self)
{
  self->blocks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->loading = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
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

  keep_query (self, q);

  removed = self->n_items;
  self->generation++;
  self->n_items = (guint) MIN (count, G_MAXUINT);
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->blocks);
  g_hash_table_remove_all (self->loading);
  g_hash_table_insert (self->blocks, GUINT_TO_POINTER (0), g_steal_pointer (&ids));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
  return TRUE;
}

/* ---- Queries off the main thread ---- */

/* The new first block against the old: the first position where they differ (their whole
 * length when they do not). */
static guint
first_difference (GArray *old, GArray *new)
{
  guint n = MIN (old != NULL ? old->len : 0, new->len);

  for (guint i = 0; i < n; i++)
    if (g_array_index (old, gint64, i) != g_array_index (new, gint64, i))
      return i;
  return n;
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McDossierList) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = mc_worker_finish (MC_WORKER (source), result, &error);
  guint old_n, new_n, same;
  GArray *old_block;

  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      finish_pending (self);
      return;
    }
  if (job->generation != self->generation)
    {
      finish_pending (self);
      return;
    }
  old_n = self->n_items;
  new_n = (guint) MIN (job->count, G_MAXUINT);
  old_block = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (0));
  same = job->keep_place ? first_difference (old_block, job->block_ids) : 0;

  self->generation++;
  self->n_items = new_n;
  g_hash_table_remove_all (self->blocks);
  g_hash_table_remove_all (self->loading);
  g_hash_table_insert (self->blocks, GUINT_TO_POINTER (0), g_steal_pointer (&job->block_ids));
  if (job->keep_place && same == old_n && old_n == new_n)
    {
      /* The same dossiers in the same order: the rows the view holds are read again where they
       * are, and nothing moves. */
      g_autoptr(GList) pages = g_hash_table_get_keys (self->pages);

      g_hash_table_remove_all (self->pages);
      for (GList *l = pages; l != NULL; l = l->next)
        {
          guint start = GPOINTER_TO_UINT (l->data) * PAGE_SIZE;
          guint n = start < new_n ? MIN (PAGE_SIZE, new_n - start) : 0;

          if (n > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
        }
    }
  else
    {
      /* What comes before the first difference stays put (with it, the view's place). */
      g_hash_table_remove_all (self->pages);
      g_list_model_items_changed (G_LIST_MODEL (self), same, old_n - same, new_n - same);
    }
  finish_pending (self);
}

static void
run_query_async (McDossierList *self,
                 const McQuery *q,
                 gboolean       keep_place)
{
  Job *job;

  keep_query (self, q);
  /* An answer to the query before is of no use any more. */
  self->generation++;
  job = job_new (self, &self->query, G_MAXUINT);
  job->keep_place = keep_place;
  self->pending++;
  mc_worker_run (self->worker, query_job, job, (GDestroyNotify) job_free, NULL,
                 self->cancellable, query_done_cb, g_object_ref (self));
}

void
mc_dossier_list_set_async (McDossierList *self,
                           gboolean       async)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));

  self->async = async;
  if (async && self->worker == NULL)
    self->worker = g_object_ref (mc_worker_for_store (self->store));
}

void
mc_dossier_list_set_query_async (McDossierList *self,
                                 const McQuery *q)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));
  g_return_if_fail (self->async);

  run_query_async (self, q, FALSE);
}

void
mc_dossier_list_refresh_async (McDossierList *self)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));
  g_return_if_fail (self->async);

  run_query_async (self, &self->query, TRUE);
}

gboolean
mc_dossier_list_has_query (McDossierList *self,
                           const McQuery *q)
{
  const McQuery *a = &self->query;

  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);
  return a->handler_id == q->handler_id && a->statuses == q->statuses &&
         a->procedure_id == q->procedure_id && g_strcmp0 (a->field, q->field) == 0 &&
         a->channel == q->channel && a->step == q->step && a->due == q->due &&
         g_strcmp0 (a->search ? a->search : "", q->search ? q->search : "") == 0 &&
         a->received_from == q->received_from && a->received_to == q->received_to &&
         a->ended_from == q->ended_from && a->ended_to == q->ended_to && a->sort == q->sort &&
         a->descending == q->descending && a->limit == q->limit && a->offset == q->offset;
}

gboolean
mc_dossier_list_is_loading (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);
  return self->pending > 0;
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
