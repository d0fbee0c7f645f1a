/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Officers and their sign-in accounts. Passwords are hashed with Argon2id (libsodium). Only an
 * administrator (or actor 0, the system, at init/demo) may create, change roles or set others'
 * passwords; an officer may change their own password. Every change is audited. */
gint64     mc_account_create       (McStore *store, gint64 actor_id, const char *name,
                                    const char *title, McRole role, const char *username,
                                    const char *password, GError **error);
gboolean   mc_account_set_password (McStore *store, gint64 actor_id, gint64 officer_id,
                                    const char *old_password, const char *new_password,
                                    GError **error);
gboolean   mc_account_set_role     (McStore *store, gint64 actor_id, gint64 officer_id,
                                    McRole role, GError **error);
gboolean   mc_account_set_active   (McStore *store, gint64 actor_id, gint64 officer_id,
                                    gboolean active, GError **error);
/* Five failed sign-ins in a row lock an account for 5 minutes, counted in the database so that
 * every workstation shares the count. */
#define MC_ACCOUNT_MAX_FAILURES 5
#define MC_ACCOUNT_LOCK_SECONDS (5 * 60)

/* The officer on success; NULL with "wrong user name or password" otherwise (never saying
 * which), and, while the account is locked, a sentence saying when to try again. Every failure
 * is audited (officer.sign_in_failed) with this workstation's name; the fifth in a row locks the
 * account. A leader's first sign-in after the account was made or reset makes their signing key
 * (mc_signature_ensure_key). */
McOfficer *mc_account_authenticate (McStore *store, const char *username, const char *password,
                                    GError **error);
/* Finds an officer by exact name, creating a specialist without an account when missing (import). */
gint64     mc_account_ensure_officer (McStore *store, const char *name, McRole role, GError **error);
/* How many officers have a sign-in account (0 right after init). */
gint64     mc_account_count        (McStore *store);
/* The active officer with that user name, or NULL (NOT_FOUND). */
McOfficer *mc_account_find         (McStore *store, const char *username, GError **error);

G_END_DECLS
