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
/* Signs in as USERNAME with PASSWORD (as if typed); FALSE with core's sentence shown. */
gboolean      mc_signin_page_sign_in   (McSigninPage *self,
                                        const char   *username,
                                        const char   *password);

G_END_DECLS
