/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Appends one record to the hash-chained audit log, inside the caller's transaction (the store
 * must be in one). DETAILS is free text (e.g. "status 2→4; note"). */
gboolean mc_audit_append (McStore *self, gint64 actor_id, const char *action, const char *entity,
                          gint64 entity_id, const char *details, GError **error);
/* Checks every record's hash and its link to the previous one. On success *n_records is the
 * count; on failure the error names the first broken record (MC_ERROR_CORRUPT). */
gboolean mc_audit_verify (McStore *self, gint64 *n_records, GError **error);
/* The hash of the last record ("" for an empty log). */
char    *mc_audit_last_hash (McStore *self);
/* TRUE when record ID exists, its stored hash is HASH and its fields still give that hash (for
 * a signature, which names the record it follows). */
gboolean mc_audit_record_matches (McStore *self, gint64 id, const char *hash);

G_END_DECLS
