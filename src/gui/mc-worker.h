/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "mc-store.h"

G_BEGIN_DECLS

/* What the window asks of the database, done off the main thread: a thread of its own with a
 * connection of its own (mc_store_open_sibling of the window's store), taking the jobs in the
 * order they were given (so that two actions of the same officer never cross), and handing each
 * result back to the main loop. Nothing that can take longer than a frame (a password's hash,
 * a signature, a write that waits for another workstation, a count over a million dossiers, a
 * page of a queue on a server) runs on the main thread. */

#define MC_TYPE_WORKER (mc_worker_get_type ())
G_DECLARE_FINAL_TYPE (McWorker, mc_worker, MC, WORKER, GObject)

/* Runs in the worker's thread on its own connection; returns the result (freed with the
 * RESULT_FREE given to mc_worker_run when nobody takes it) or NULL with ERROR. */
typedef gpointer (*McWorkerFunc) (McStore *store, gpointer data, GCancellable *cancellable,
                                  GError **error);

McWorker *mc_worker_new    (McStore *store);
McStore  *mc_worker_get_store (McWorker *self);   /* the window's, not the worker's own */
void      mc_worker_run    (McWorker           *self,
                            McWorkerFunc        func,
                            gpointer            data,
                            GDestroyNotify      data_free,
                            GDestroyNotify      result_free,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data);
gpointer  mc_worker_finish (McWorker *self, GAsyncResult *result, GError **error);
/* The jobs given and not finished yet (the window shows progress past half a second). */
guint     mc_worker_get_pending (McWorker *self);

/* The worker of STORE's window, made on first use (every page of a window shares one), and its
 * end when the window lets the store go (the jobs given are finished first). */
McWorker *mc_worker_for_store         (McStore *store);
void      mc_worker_release_for_store (McStore *store);

G_END_DECLS
