/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* What the desk's tables and lists show, as plain functions (tested without a display). */

/* No time left to show: the dossier is not open, or has no appointment. */
#define MC_DESK_NO_TIME G_MININT64

/* Where a dossier's clock stands at a moment, by core's rule (mc_dossier_is_overdue). */
typedef enum {
  MC_DESK_CLOCK_NONE,       /* closed, or no appointment */
  MC_DESK_CLOCK_RUNNING,    /* before its appointment */
  MC_DESK_CLOCK_OVERDUE,    /* past it, its clock running */
  MC_DESK_CLOCK_PAUSED,     /* waiting for a supplement: stopped, never overdue meanwhile */
} McDeskClock;

McDeskClock mc_desk_clock          (const McDossier *d, McTime now);
/* Working seconds left until the dossier's appointment at NOW, negative exactly when it is
 * overdue by the rule (at least -1: due at 17:00 and read at 17:30, no working time has passed,
 * yet it is overdue). While the dossier waits for a supplement the clock is stopped: the working
 * time that was left when it stopped. */
gint64      mc_desk_time_left      (const McCalendar *cal, const McDossier *d, McTime now);
/* Working seconds the dossier was allowed, from receipt to appointment (0 when unknown). */
gint64      mc_desk_time_allowed   (const McCalendar *cal, const McDossier *d);
/* The CSS class of the time left: "due-ok", "due-warning" under a quarter of the allowed time,
 * "due-overdue" past the appointment; NULL for MC_DESK_NO_TIME. */
const char *mc_desk_due_class      (gint64 left, gint64 allowed);
/* The online intake clock (8 working hours): amber in the last two hours, red past them. */
gint64      mc_desk_intake_left    (const McCalendar *cal, McTime submitted, McTime now);
const char *mc_desk_intake_class   (gint64 left);
/* "2 days 3 hours left", "overdue by 1 hour"; "—" for MC_DESK_NO_TIME. */
char       *mc_desk_format_left    (const McCalendar *cal, gint64 left);
/* What the time left of dossier D at NOW (0: the current time) says, LEFT being mc_desk_time_left's: "Còn 2 ngày 3
 * giờ", "Quá hạn 1 giờ", "Quá hạn từ 17:00" (overdue by less than a working minute: since when,
 * with the day when it is not today's), "Tạm dừng (còn 3 giờ)" while a supplement is awaited (the
 * stopped clock in its largest unit); "—" for MC_DESK_NO_TIME. Short enough for the queue's
 * column. */
char       *mc_desk_format_dossier_left (const McCalendar *cal, const McDossier *d, gint64 left,
                                         McTime now);
/* Its colour: mc_desk_due_class, and none (neutral) while the clock is stopped. */
const char *mc_desk_dossier_due_class   (const McDossier *d, gint64 left, gint64 allowed);
/* A target as people write it: "98%", "97,5%" (no decimals it does not have). */
char       *mc_desk_format_target  (double percent);
/* CODE as shown in running text and titles: a word joiner after each hyphen, so that a line
 * never breaks inside a dossier code ("000.17.22.H56-" / "261202-0001"). Looks the same. */
char       *mc_desk_code_text      (const char *code);
/* A moment with its weekday, for when a clock starts: "07:30 thứ Hai 07/12/2026". */
char       *mc_desk_format_moment  (McTime t);
/* The time, or "—" for MC_TIME_NONE. */
char       *mc_desk_format_time    (McTime t);

/* Intake fields the desk marks when core refuses a dossier: which of FIELD_NAMES (core's own
 * words for them, as in its messages) MESSAGE names, or -1. */
int         mc_desk_field_of_error (const char *message, const char * const *field_names,
                                    int n_fields);

/* Diacritic-insensitive match of a procedure by part of its name or code. */
gboolean    mc_desk_procedure_matches (const McProcedure *p, const char *folded_query);

/* Whether officer O works in the field of procedure P (their post or title names the
 * procedure's post or field, diacritics and case aside): offered first when assigning. */
gboolean    mc_desk_officer_fits   (const McOfficer *o, const McProcedure *p);

/* The form Ctrl+P prints for D: the refusal (03) of a refused dossier, the supplement request
 * (02) while the applicant's papers are awaited, else the receipt (01); 0 when none applies. */
int         mc_desk_main_form      (const McDossier *d);

/* One sentence saying what an officer of ROLE may do, for the header bar. */
const char *mc_desk_role_summary   (McRole role);

G_END_DECLS
