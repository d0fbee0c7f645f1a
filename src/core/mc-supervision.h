/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Supervision (docs/domain.md §9): the brokers the commune police look for, and the procedure
 * controller's spot inspections. */

#include "mc-store.h"

G_BEGIN_DECLS

/* ---- Brokers (cò hồ sơ) ---- */

/* The setting of the least number of unrelated applicants that lists a representative. */
#define MC_SETTING_BROKER_MIN "broker_min_applicants"
#define MC_BROKER_MIN_DEFAULT 5

typedef struct {
  char  *username;      /* the officer's user name, or their name without an account */
  char  *name;
  gint64 dossiers;
} McBrokerOfficer;

typedef struct {
  char  *code;
  char  *name;
  gint64 dossiers;
} McBrokerProcedure;

typedef struct {
  char      *name;          /* the spelling used most often */
  GPtrArray *names;         /* every spelling, most used first (char*) */
  char      *phone;         /* the phone used most often, normalised ("" when none) */
  GPtrArray *phones;        /* every phone (char*) */
  char      *id_number;     /* the ID number used most often ("" when none) */
  GPtrArray *id_numbers;
  gint64     applicants;    /* unrelated applicants: distinct households */
  gint64     people;        /* distinct applicants */
  gint64     dossiers;
  gint64     fees;          /* the fees of those dossiers, đồng */
  GPtrArray *officers;      /* McBrokerOfficer*, who received them, most first */
  GPtrArray *procedures;    /* McBrokerProcedure*, most first */
  GArray    *dossier_ids;   /* gint64, in the order of codes */
  GPtrArray *codes;         /* char*, by receipt */
} McBroker;

void        mc_broker_free               (McBroker *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McBroker, mc_broker_free)

/* Digits only, +84 / 84 in front → 0: "+84 986.868.168" → "0986868168". */
char       *mc_supervision_normalize_phone (const char *phone);
/* An address folded as one household's: case, diacritics, spacing and punctuation ignored. */
char       *mc_supervision_fold_address  (const char *address);
/* Whether ROLE may see the brokers' list: the police, the controller and the chairman. */
gboolean    mc_supervision_may_see_brokers (McRole role);
/* The representatives who filed for MIN_APPLICANTS (0: the setting, 5 by default) or more
 * unrelated applicants among the dossiers received in [FROM, TO], most first (McBroker*).
 * Refused (MC_ERROR_PERMISSION) to any actor but the police, the controller and the chairman. */
GPtrArray  *mc_supervision_brokers       (McStore *store, gint64 actor_id, McDay from, McDay to,
                                          int min_applicants, GError **error);
/* The least number of unrelated applicants of the setting. */
int         mc_supervision_broker_min    (McStore *store);
/* The list as JSON, as docs/cli.md fixes it for `supervise brokers --json`. */
char       *mc_supervision_brokers_to_json (GPtrArray *brokers);

/* ---- Spot inspections (kiểm tra đột xuất) ---- */

typedef enum {
  MC_SAMPLE_WHOLE = 0,
  MC_SAMPLE_BY_OFFICER = 1,      /* the handling officer (the receiving one when none) */
  MC_SAMPLE_BY_PROCEDURE = 2,
} McSampleStratum;

/* The checklist of one sampled dossier, a bit each. */
typedef enum {
  MC_CHECK_DOCUMENTS = 1 << 0,   /* documents against the procedure's list */
  MC_CHECK_STEPS     = 1 << 1,   /* steps done in order */
  MC_CHECK_TIME      = 1 << 2,   /* time within budget */
  MC_CHECK_FEE       = 1 << 3,   /* fee right */
  MC_CHECK_DIGITIZED = 1 << 4,   /* result digitised */
  MC_CHECK_CONTACTED = 1 << 5,   /* citizen contacted */
} McInspectionCheck;
#define MC_CHECK_ALL 0x3fu
#define MC_N_CHECKS  6
/* The item's words for check number I (0 … MC_N_CHECKS - 1), translated. */
const char *mc_inspection_check_label    (int i);

typedef enum {
  MC_VERDICT_NONE = 0,           /* not inspected yet */
  MC_VERDICT_IN_ORDER = 1,
  MC_VERDICT_FAILINGS = 2,
} McInspectionVerdict;
const char *mc_inspection_verdict_label  (McInspectionVerdict verdict);

typedef struct {
  int        position;          /* 1 … */
  gint64     dossier_id;
  char      *code;
  char      *procedure_code;
  char      *procedure_name;
  gint64     officer_id;        /* the handling officer (the receiving one when none) */
  char      *officer_name;
  guint      checked;           /* McInspectionCheck answered */
  guint      passed;            /* … and found right */
  McInspectionVerdict verdict;
  char      *findings;
  McTime     checked_at;        /* MC_TIME_NONE while not inspected */
} McInspectionItem;

typedef struct _McInspection {
  gint64     id;
  McTime     drawn_at;
  gint64     officer_id;        /* the controller who drew it */
  char      *officer_name;
  McDay      from, to;
  int        size;              /* asked */
  McSampleStratum stratum;
  guint64    seed;
  gint64     population;        /* dossiers of the period it was drawn from */
  int        draws_of_period;   /* inspections of the same period, this one included */
  GPtrArray *items;             /* McInspectionItem*, in the order of the draw */
} McInspection;

void          mc_inspection_free         (McInspection *i);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McInspection, mc_inspection_free)

/* The sample itself, a pure function: from the dossier ids of FRAME (with GROUPS[i] the stratum
 * of FRAME[i], NULL for none), SIZE of them in the order of the draw. Each dossier's place comes
 * from the seed and its own id alone, so the same seed, frame and size give the same dossiers in
 * the same order; a stratified draw takes the same share of each group, at least one of each. */
GArray       *mc_sample_select           (const GArray *frame, const GArray *groups, int size,
                                          guint64 seed);
/* A new seed from the system's randomness. */
guint64       mc_sample_new_seed         (void);
/* Draws the sample of the dossiers received in [FROM, TO] and records it, with its seed and the
 * codes drawn, in the audit log (one transaction) before returning it. HAS_SEED FALSE: a new
 * seed. Only the procedure controller draws. */
McInspection *mc_inspection_draw         (McStore *store, gint64 actor_id, McDay from, McDay to,
                                          int size, McSampleStratum stratum, gboolean has_seed,
                                          guint64 seed, GError **error);
/* Every inspection, newest first, without items (McInspection*). */
GPtrArray    *mc_inspection_list         (McStore *store, GError **error);
/* One inspection with its items; MC_ERROR_NOT_FOUND when none. */
McInspection *mc_inspection_get          (McStore *store, gint64 id, GError **error);
/* Records the controller's checklist, findings and verdict for the item at POSITION (an audit
 * record with it). A verdict of failings needs findings. */
gboolean      mc_inspection_record       (McStore *store, gint64 actor_id, gint64 inspection_id,
                                          int position, guint checked, guint passed,
                                          McInspectionVerdict verdict, const char *findings,
                                          GError **error);

/* ---- Today (Hôm nay), for the leaders and the controller ---- */

typedef enum {
  MC_TODAY_OVERDUE,            /* open and overdue now (the one rule of mc_dossier_is_overdue) */
  MC_TODAY_DUE_TODAY,          /* open, due before the end of today, not overdue yet */
  MC_TODAY_TO_SIGN,            /* waiting for a leader's signature */
  MC_TODAY_ONLINE,             /* online, not accepted, 6 of its 8 working hours gone or more */
  MC_TODAY_SECOND_SUPPLEMENT,  /* received in the last 30 days, more than one supplement request */
  MC_TODAY_OUTSIDE_DESK,       /* received in the last 30 days by someone not a desk officer, or
                                * outside office hours */
  MC_TODAY_N_LISTS
} McTodayList;

#define MC_TODAY_ONLINE_WARN_SECONDS (6 * 3600)
#define MC_TODAY_RECENT_DAYS 30

typedef struct {
  GArray *ids[MC_TODAY_N_LISTS];   /* gint64, most urgent first */
} McToday;

void        mc_today_free                (McToday *today);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McToday, mc_today_free)
/* The heading and the sentence of each list, translated. */
const char *mc_today_list_title          (McTodayList list);
const char *mc_today_list_description    (McTodayList list);
/* Whether ROLE has the Today page: the vice-chairmen, the chairman and the controller. */
gboolean    mc_supervision_may_see_today (McRole role);
/* What needs the leaders at NOW (0: the clock); refused to other roles. */
McToday    *mc_supervision_today         (McStore *store, gint64 actor_id, McTime now,
                                          GError **error);

/* The leaders' desktop notifications: the dossiers of BEFORE's lists that ROLE is told of (a
 * dossier arrived in the signing queue, for the vice-chairmen and the chairman; an online dossier
 * past 6 of its 8 hours, for them and the controller) that are in NOW and were not in BEFORE.
 * BEFORE NULL (just signed in): nothing, the page shows them. A pure function. Returns gint64
 * ids; LISTS (may be NULL) gets the McTodayList (int) of each. */
GArray     *mc_today_arrivals            (const McToday *before, const McToday *now, McRole role,
                                          GArray *lists);

/* ---- The assessment of a period's report (Circular 01/2020/TT-VPCP) ---- */
/* The free text the procedure controller writes into the report of a period: the shortcomings,
 * their causes and the next steps. Kept with the period [from, to]: the report of that period,
 * printed again, says the same. */
typedef struct {
  McDay   from, to;
  char   *shortcomings;
  char   *causes;
  char   *next_steps;
  gint64  officer_id;       /* who wrote it last */
  McTime  written_at;
} McReportNote;

void          mc_report_note_free (McReportNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReportNote, mc_report_note_free)
/* The note of exactly [FROM, TO], or NULL (and no error) when none was written. */
McReportNote *mc_report_note_get  (McStore *store, McDay from, McDay to, GError **error);
/* Writes (or rewrites) the note of [FROM, TO], audited; the procedure controller only. Each text
 * is trimmed and may be empty; NULL keeps what was written. */
gboolean      mc_report_note_save (McStore *store, gint64 actor_id, McDay from, McDay to,
                                   const char *shortcomings, const char *causes,
                                   const char *next_steps, GError **error);

G_END_DECLS
