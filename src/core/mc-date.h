/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-types.h"

G_BEGIN_DECLS

/* Proleptic Gregorian dates <-> McDay (days since 1970-01-01). */
McDay    mc_day_from_ymd       (int year, int month, int day);
void     mc_day_to_ymd         (McDay d, int *year, int *month, int *day);
gboolean mc_ymd_is_valid       (int year, int month, int day);
int      mc_day_weekday        (McDay d);          /* 1 Monday … 7 Sunday */
/* Now, as every module reads it. Tests move it with mc_now_set_offset (an in-process test
 * only: no program or command lets an officer date an action). */
McTime   mc_now                (void);
void     mc_now_set_offset     (gint64 seconds);
McDay    mc_day_of_time        (McTime t);         /* the local date of a moment */
int      mc_minute_of_time     (McTime t);         /* local minutes since midnight, 0…1439 */
McTime   mc_time_from_day      (McDay d, int minute_of_day);

/* Parsing (strict; FALSE on anything else). Dates "YYYY-MM-DD"; times "YYYY-MM-DD HH:MM[:SS]"
 * or "DD/MM/YYYY HH:MM[:SS]" in Vietnam time. */
gboolean mc_parse_day          (const char *text, McDay *out);
/* What a person types: dd/mm/yyyy (day and month of one or two digits) or yyyy-mm-dd, spaces
 * around ignored. */
gboolean mc_parse_day_typed    (const char *text, McDay *out);
gboolean mc_parse_time         (const char *text, McTime *out);

/* "YYYY-MM-DD" and "YYYY-MM-DD HH:MM" (CLI.md), newly allocated. */
char    *mc_day_to_iso         (McDay d);
char    *mc_time_to_iso        (McTime t);

G_END_DECLS
