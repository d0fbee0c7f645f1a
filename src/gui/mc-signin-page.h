/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* The officers who have an account, a password, and core's answer. Emits "signed-in" with the
 * McOfficer (owned by the page until the handler returns). */
#define MC_TYPE_SIGNIN_PAGE (mc_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (McSigninPage, mc_signin_page, MC, SIGNIN_PAGE, AdwBin)

McSigninPage *mc_signin_page_new       (void);
/* Lists the officers of STORE, selecting USERNAME when given; clears the password. */
void          mc_signin_page_set_store (McSigninPage *self,
                                        McStore      *store,
                                        const char   *username);
/* On the commune's server SERVER (NULL: this computer's database): a user name to type instead
 * of the list, USERNAME filled in. The page then emits "server-signed-in" with the connection
 * made as the officer; "server-chosen" when the officer picks a server (or goes back to the
 * file, NULL). */
void          mc_signin_page_set_server (McSigninPage *self,
                                         const char   *server,
                                         const char   *username);
const char   *mc_signin_page_get_server (McSigninPage *self);
/* Fills in USERNAME and PASSWORD and signs in as the button does, off the main thread. */
void          mc_signin_page_submit     (McSigninPage *self,
                                         const char   *username,
                                         const char   *password);
/* Signs in as USERNAME with PASSWORD (as if typed) on the page's store, waiting for the answer
 * (the page's own button asks core off the main thread); FALSE with core's sentence shown. */
gboolean      mc_signin_page_sign_in   (McSigninPage *self,
                                        const char   *username,
                                        const char   *password);

G_END_DECLS
