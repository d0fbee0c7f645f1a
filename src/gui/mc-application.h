/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new             (void);
/* The application's settings, or NULL when its schema is not installed (then window size and
 * the last database are simply not remembered). */
GSettings     *mc_application_get_settings    (McApplication *self);
/* Non-zero when the run failed after the command line was accepted (a --screenshot that could
 * not be written): main returns it. */
int            mc_application_get_exit_status (McApplication *self);

G_END_DECLS
