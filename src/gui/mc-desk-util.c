/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-desk-util.h"
#include "mc-report.h"
#include "mc-text.h"

static gboolean
is_open (McStatus status)
{
  return status == MC_STATUS_RECEIVED || status == MC_STATUS_PROCESSING ||
         status == MC_STATUS_SUPPLEMENT || status == MC_STATUS_PAYMENT;
}

static gint64
signed_working (const McCalendar *cal, McTime from, McTime to)
{
  if (to >= from)
    return mc_calendar_working_seconds (cal, from, to);
  return -mc_calendar_working_seconds (cal, to, from);
}

McDeskClock
mc_desk_clock (const McDossier *d, McTime now)
{
  if (d == NULL || !is_open (d->status) || d->due_at == MC_TIME_NONE)
    return MC_DESK_CLOCK_NONE;
  if (d->status == MC_STATUS_SUPPLEMENT)
    return MC_DESK_CLOCK_PAUSED;
  return mc_dossier_is_overdue (d, now) ? MC_DESK_CLOCK_OVERDUE : MC_DESK_CLOCK_RUNNING;
}

gint64
mc_desk_time_left (const McCalendar *cal, const McDossier *d, McTime now)
{
  gint64 left;

  switch (mc_desk_clock (d, now))
    {
    case MC_DESK_CLOCK_NONE:
      return MC_DESK_NO_TIME;
    case MC_DESK_CLOCK_PAUSED:
      /* Stopped where it stopped (a wait with no known start: stopped now). */
      return signed_working (cal, d->paused_since != MC_TIME_NONE ? d->paused_since : now,
                             d->due_at);
    case MC_DESK_CLOCK_OVERDUE:
      /* Past the appointment outside office hours: no working time yet, overdue all the same. */
      return MIN (signed_working (cal, now, d->due_at), -1);
    case MC_DESK_CLOCK_RUNNING:
    default:
      left = signed_working (cal, now, d->due_at);
      return MAX (left, 0);
    }
}

gint64
mc_desk_time_allowed (const McCalendar *cal, const McDossier *d)
{
  if (d->received_at == MC_TIME_NONE || d->due_at == MC_TIME_NONE)
    return 0;
  return MAX (0, mc_calendar_working_seconds (cal, d->received_at, d->due_at) - d->paused_seconds);
}

const char *
mc_desk_due_class (gint64 left, gint64 allowed)
{
  if (left == MC_DESK_NO_TIME)
    return NULL;
  if (left < 0)
    return "due-overdue";
  if (left * 4 < allowed)
    return "due-warning";
  return "due-ok";
}

gint64
mc_desk_intake_left (const McCalendar *cal, McTime submitted, McTime now)
{
  McTime limit = mc_kpi_intake_deadline (cal, submitted);

  if (limit == MC_TIME_NONE)
    return MC_DESK_NO_TIME;
  return signed_working (cal, now, limit);
}

const char *
mc_desk_intake_class (gint64 left)
{
  if (left == MC_DESK_NO_TIME)
    return NULL;
  if (left < 0)
    return "due-overdue";
  if (left <= 2 * 3600)
    return "due-warning";
  return "due-ok";
}

char *
mc_desk_format_left (const McCalendar *cal, gint64 left)
{
  g_autofree char *duration = NULL;

  if (left == MC_DESK_NO_TIME)
    return g_strdup ("—");
  duration = mc_format_duration (ABS (left), mc_calendar_day_seconds (cal));
  if (left < 0)
    /* TRANSLATORS: working time past the appointment, e.g. "overdue by 2 hours" */
    return g_strdup_printf (_("overdue by %s"), duration);
  /* TRANSLATORS: working time until the appointment, e.g. "2 days 3 hours left" */
  return g_strdup_printf (_("%s left"), duration);
}

/* A stopped clock in its largest unit only ("15 ngày", "3 giờ"): it does not move, and the
 * queue's column keeps its width. */
static char *
format_stopped (const McCalendar *cal, gint64 seconds)
{
  gint64 day = mc_calendar_day_seconds (cal);

  seconds = ABS (seconds);
  if (day > 0 && seconds >= day)
    seconds -= seconds % day;
  else if (seconds >= 3600)
    seconds -= seconds % 3600;
  return mc_format_duration (seconds, day);
}

char *
mc_desk_format_dossier_left (const McCalendar *cal, const McDossier *d, gint64 left, McTime now)
{
  g_autofree char *duration = NULL;

  if (left == MC_DESK_NO_TIME || d == NULL)
    return g_strdup ("—");
  if (now == 0)
    now = mc_now ();
  if (d->status == MC_STATUS_SUPPLEMENT)
    {
      duration = format_stopped (cal, left);
      if (left < 0)
        /* TRANSLATORS: a dossier waiting for the citizen's supplement, its clock stopped after
         * its appointment had passed: "Tạm dừng (quá hạn 2 giờ)" */
        return g_strdup_printf (C_("dossier clock", "Paused (overdue by %s)"), duration);
      /* TRANSLATORS: a dossier waiting for the citizen's supplement, its clock stopped with this
       * working time left: "Tạm dừng (còn 2 ngày)" */
      return g_strdup_printf (C_("dossier clock", "Paused (%s left)"), duration);
    }
  if (left < 0 && -left < 60)
    {
      int minute = mc_minute_of_time (d->due_at);
      g_autofree char *since = NULL;

      /* Past it outside office hours: the moment it passed, the day only when not today (the
       * appointment's column says the rest). */
      if (mc_day_of_time (d->due_at) == mc_day_of_time (now))
        since = g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
      else
        {
          int y, m, dd;

          mc_day_to_ymd (mc_day_of_time (d->due_at), &y, &m, &dd);
          /* The day without its year, as each style writes dates: 29/11, 11-29. */
          since = mc_text_is_vietnamese () ? g_strdup_printf ("%02d/%02d", dd, m)
                                           : g_strdup_printf ("%02d-%02d", m, dd);
        }
      /* TRANSLATORS: past the appointment by less than a working minute (it passed after office
       * hours): "Quá hạn từ 17:00" (today), "Quá hạn từ 29/11" (an earlier day) */
      return g_strdup_printf (C_("dossier clock", "Overdue since %s"), since);
    }
  duration = mc_format_duration (ABS (left), mc_calendar_day_seconds (cal));
  if (left < 0)
    /* TRANSLATORS: working time past the appointment: "Quá hạn 2 giờ" */
    return g_strdup_printf (C_("dossier clock", "Overdue by %s"), duration);
  /* TRANSLATORS: working time until the appointment: "Còn 2 ngày 3 giờ" */
  return g_strdup_printf (C_("dossier clock", "%s left"), duration);
}

const char *
mc_desk_dossier_due_class (const McDossier *d, gint64 left, gint64 allowed)
{
  if (d == NULL || d->status == MC_STATUS_SUPPLEMENT)
    return NULL;
  return mc_desk_due_class (left, allowed);
}

char *
mc_desk_format_time (McTime t)
{
  return t == MC_TIME_NONE ? g_strdup ("—") : mc_format_time (t);
}

int
mc_desk_field_of_error (const char  *message,
                        const char * const *field_names,
                        int          n_fields)
{
  int best = -1;
  gsize best_len = 0;

  if (message == NULL)
    return -1;
  /* The longest name wins: "representative’s phone number" before "phone number". */
  for (int i = 0; i < n_fields; i++)
    if (field_names[i] != NULL && strstr (message, field_names[i]) != NULL &&
        strlen (field_names[i]) > best_len)
      {
        best = i;
        best_len = strlen (field_names[i]);
      }
  return best;
}

gboolean
mc_desk_procedure_matches (const McProcedure *p, const char *folded_query)
{
  g_autofree char *name = NULL;
  g_autofree char *code = NULL;

  if (folded_query == NULL || folded_query[0] == '\0')
    return TRUE;
  name = mc_text_fold (p->name);
  code = mc_text_fold (p->code);
  return strstr (name, folded_query) != NULL || strstr (code, folded_query) != NULL;
}

const char *
mc_desk_role_summary (McRole role)
{
  switch (role)
    {
    case MC_ROLE_ADMIN:
      return _("Manages the officers, office hours, days off and targets, and may move dossiers "
               "to another specialist.");
    case MC_ROLE_DESK:
      return _("Receives dossiers, accepts or refuses online ones, assigns them, and hands "
               "results over.");
    case MC_ROLE_SPECIALIST:
      return _("Processes the dossiers assigned to them: asks for supplements, submits them for "
               "signature and records results.");
    case MC_ROLE_VICE_CHAIRMAN:
    case MC_ROLE_CHAIRMAN:
      return _("Signs or sends back the dossiers submitted, assigns and stops dossiers, and sees "
               "every queue.");
    case MC_ROLE_CONTROLLER:
      return _("Sees every queue and dossier, without changing them.");
    case MC_ROLE_POLICE:
      return _("Sees their own queue, without changing dossiers.");
    default:
      return "";
    }
}

/* Both folded; an empty needle never matches. */
static gboolean
folded_contains (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (haystack == NULL || needle == NULL || *haystack == '\0' || *needle == '\0')
    return FALSE;
  h = mc_text_fold (haystack);
  n = mc_text_fold (needle);
  return *n != '\0' && strstr (h, n) != NULL;
}

gboolean
mc_desk_officer_fits (const McOfficer   *o,
                      const McProcedure *p)
{
  const char *mine[2];
  const char *its[2];

  if (o == NULL || p == NULL)
    return FALSE;
  mine[0] = o->post;
  mine[1] = o->title;
  its[0] = p->post;
  its[1] = p->field;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      if (folded_contains (mine[i], its[j]) || folded_contains (its[j], mine[i]))
        return TRUE;
  return FALSE;
}

int
mc_desk_main_form (const McDossier *d)
{
  if (d == NULL)
    return 0;
  if (mc_form_applies (d, MC_FORM_REFUSAL))
    return MC_FORM_REFUSAL;
  if (d->status == MC_STATUS_SUPPLEMENT && mc_form_applies (d, MC_FORM_SUPPLEMENT))
    return MC_FORM_SUPPLEMENT;
  if (mc_form_applies (d, MC_FORM_RECEIPT))
    return MC_FORM_RECEIPT;
  return 0;
}

char *
mc_desk_format_moment (McTime t)
{
  static const char *weekdays[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
    N_("Sunday"),
  };
  McDay day;
  g_autofree char *date = NULL;
  int minute, weekday;

  if (t == MC_TIME_NONE)
    return g_strdup ("—");
  day = mc_day_of_time (t);
  minute = mc_minute_of_time (t);
  weekday = CLAMP (mc_day_weekday (day), 1, 7);
  date = mc_format_day (day);
  /* TRANSLATORS: hour:minute, weekday, date: "07:30 thứ Hai 07/12/2026" */
  return g_strdup_printf (_("%02d:%02d %s %s"), minute / 60, minute % 60,
                          _(weekdays[weekday - 1]), date);
}

char *
mc_desk_code_text (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '-')
        g_string_append (out, "\u2060");
    }
  return g_string_free (out, FALSE);
}

char *
mc_desk_format_target (double percent)
{
  int decimals = 0;

  if (isnan (percent))
    return mc_format_percent (percent, 0);
  while (decimals < 2 && fabs (percent * pow (10, decimals) - round (percent * pow (10, decimals))) > 1e-6)
    decimals++;
  return mc_format_percent (percent, decimals);
}
