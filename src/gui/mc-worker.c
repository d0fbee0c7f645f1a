/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mc-worker.h"

typedef struct {
  GTask         *task;
  McWorkerFunc   func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} Job;

struct _McWorker
{
  GObject      parent_instance;

  McStore     *store;        /* the window's */
  McStore     *own;          /* the thread's connection, made in the thread */
  GThread     *thread;
  GAsyncQueue *jobs;
  guint        pending;      /* atomic */
};

G_DEFINE_FINAL_TYPE (McWorker, mc_worker, G_TYPE_OBJECT)

/* A job with no function: the thread stops. */
static Job stop_job;

/* The job's data goes with its task, after the callback has read the result (which may point
 * into it). */
static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job);
}

static gpointer
worker_thread (gpointer user_data)
{
  McWorker *self = user_data;
  GAsyncQueue *jobs = g_async_queue_ref (self->jobs);

  for (;;)
    {
      Job *job = g_async_queue_pop (jobs);
      g_autoptr(GError) error = NULL;
      gpointer result = NULL;

      if (job == &stop_job)
        break;
      if (!g_task_return_error_if_cancelled (job->task))
        {
          /* An in-memory database (tests) has no second connection: its jobs use it as it is,
           * the window's thread waiting meanwhile in nothing (the tests run one job at a time). */
          if (self->own == NULL && !g_str_equal (mc_store_get_path (self->store), ":memory:"))
            self->own = mc_store_open_sibling (self->store, &error);
          if (error == NULL)
            result = job->func (self->own != NULL ? self->own : self->store, job->data,
                                g_task_get_cancellable (job->task), &error);
          if (error != NULL)
            g_task_return_error (job->task, g_steal_pointer (&error));
          else
            g_task_return_pointer (job->task, result, job->result_free);
        }
      g_atomic_int_dec_and_test (&self->pending);
      job_free (job);
    }
  g_clear_object (&self->own);
  g_async_queue_unref (jobs);
  return NULL;
}

static void
mc_worker_dispose (GObject *object)
{
  McWorker *self = MC_WORKER (object);

  if (self->thread != NULL)
    {
      g_async_queue_push (self->jobs, &stop_job);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mc_worker_parent_class)->dispose (object);
}

static void
mc_worker_finalize (GObject *object)
{
  McWorker *self = MC_WORKER (object);

  g_async_queue_unref (self->jobs);
  G_OBJECT_CLASS (mc_worker_parent_class)->finalize (object);
}

static void
mc_worker_class_init (McWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_worker_dispose;
  G_OBJECT_CLASS (klass)->finalize = mc_worker_finalize;
}

static void
mc_worker_init (McWorker *self)
{
  self->jobs = g_async_queue_new ();
}

McWorker *
mc_worker_new (McStore *store)
{
  McWorker *self;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  self = g_object_new (MC_TYPE_WORKER, NULL);
  self->store = g_object_ref (store);
  return self;
}

McStore *
mc_worker_get_store (McWorker *self)
{
  g_return_val_if_fail (MC_IS_WORKER (self), NULL);
  return self->store;
}

void
mc_worker_run (McWorker           *self,
               McWorkerFunc        func,
               gpointer            data,
               GDestroyNotify      data_free,
               GDestroyNotify      result_free,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_WORKER (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, mc_worker_run);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  if (data != NULL)
    g_task_set_task_data (job->task, data, data_free);
  if (self->thread == NULL)
    self->thread = g_thread_new ("motcua-worker", worker_thread, self);
  g_atomic_int_inc (&self->pending);
  g_async_queue_push (self->jobs, job);
}

gpointer
mc_worker_finish (McWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
mc_worker_get_pending (McWorker *self)
{
  return (guint) g_atomic_int_get (&self->pending);
}

McWorker *
mc_worker_for_store (McStore *store)
{
  McWorker *worker;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  worker = g_object_get_data (G_OBJECT (store), "mc-worker");
  if (worker == NULL)
    {
      worker = mc_worker_new (store);
      /* The worker holds the store, the store the worker: the window breaks the pair with
       * mc_worker_release_for_store when it lets the store go. */
      g_object_set_data (G_OBJECT (store), "mc-worker", worker);
    }
  return worker;
}

void
mc_worker_release_for_store (McStore *store)
{
  McWorker *worker;

  if (store == NULL)
    return;
  worker = g_object_steal_data (G_OBJECT (store), "mc-worker");
  if (worker != NULL)
    {
      /* Its jobs finish first: nothing given is lost. */
      g_object_run_dispose (G_OBJECT (worker));
      g_object_unref (worker);
    }
}
