/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* What can happen to a dossier (stored in dossier_event.action; keep the numbers). */
typedef enum {
  MC_ACTION_SUBMIT_ONLINE = 1,        /* citizen submitted online → 1 */
  MC_ACTION_RECEIVE = 2,              /* received at the desk → 2, appointment fixed */
  MC_ACTION_ACCEPT = 3,               /* online dossier accepted → 2, appointment fixed */
  MC_ACTION_REFUSE = 4,               /* refused at intake → 3 (form 03), reason needed */
  MC_ACTION_ASSIGN = 5,               /* 2 → 4, step assigned, to a specialist */
  MC_ACTION_REASSIGN = 6,             /* another specialist, reason needed */
  MC_ACTION_REQUEST_SUPPLEMENT = 7,   /* → 5, clock stops (form 02), reason needed */
  MC_ACTION_SUPPLEMENT_RECEIVED = 8,  /* 5 → 4, clock resumes, appointment moves */
  MC_ACTION_REQUEST_PAYMENT = 9,      /* → 6 */
  MC_ACTION_PAYMENT_RECEIVED = 10,    /* 6 → 4 */
  MC_ACTION_SUBMIT_FOR_SIGNATURE = 11,/* step submitted */
  MC_ACTION_SIGN = 12,                /* step signed (leaders only) */
  MC_ACTION_SEND_BACK = 13,           /* step sent back to the specialist, reason needed */
  MC_ACTION_RECORD_RESULT = 14,       /* → 9, processing ended, outcome stored */
  MC_ACTION_HAND_OVER = 15,           /* 9 → 10 (desk only) */
  MC_ACTION_WITHDRAW = 16,            /* → 7 */
  MC_ACTION_STOP = 17,                /* → 8, reason needed */
  MC_ACTION_APOLOGIZE = 18,           /* form 04: new appointment (still counts late) */
  MC_ACTION_IMPORT = 19,              /* created or updated by a CSV import */
  MC_ACTION_EDIT = 20,                /* fields corrected */
} McAction;

const char *mc_action_to_string (McAction action);    /* translated, for timelines: "Signed" */
const char *mc_action_to_verb (McAction action);      /* translated, for buttons: "Sign" */

/* The pure rule: may an officer of ROLE (who IS_HANDLER of the dossier or not) do ACTION on a
 * dossier in STATUS / STEP? On refusal the error says why, in words for a desk officer
 * (MC_ERROR_PERMISSION for the role, MC_ERROR_TRANSITION for the status). The whole table is
 * written out at the top of mc-workflow.c. Actor 0 (the system: demo, import) is held by
 * mc_workflow_apply and mc_workflow_intake to the status rule only, not to roles. */
gboolean mc_workflow_check (McAction action, McStatus status, McStep step, McRole role,
                            gboolean is_handler, GError **error);
/* The actions an officer may take now (for the GUI's buttons). Array of McAction (int). */
GArray  *mc_workflow_available (const McDossier *d, McRole role, gint64 actor_id);
/* What the officer must write for ACTION (translated), or NULL when the action needs no reason. */
const char *mc_action_reason_prompt (McAction action);
/* Whether an officer of ROLE may read every officer's queue (the desk, the leaders, the controller
 * and the administrator) or only their own (specialists, the police). */
gboolean mc_workflow_can_see_all_queues (McRole role);

/* A new dossier: at the desk (channel 1 or 3: status 2, received now) or an online submission
 * (channel 2: status 1, submitted; the desk then accepts or refuses it). */
typedef struct {
  gint64      procedure_id;
  McChannel   channel;
  McTime      at;                 /* receipt (or submission) time; 0 = now */
  const char *applicant_name;
  const char *applicant_id_number;
  const char *applicant_phone;
  const char *applicant_address;
  const char *applicant_email;
  const char *representative_name;
  const char *representative_phone;
  const char *representative_id_number;
  const char *request;
  GPtrArray  *documents;          /* McDossierDocument*, may be NULL */
  gint64      fee;
  gboolean    paid_online;
  gboolean    digitized_input;    /* the system only (the demo): an officer's is derived */
  /* Scans and files of the documents (McAttachmentFile*, mc-attachment.h), each naming its
   * document's position; stored with the dossier in its transaction. May be NULL. */
  GPtrArray  *files;
} McIntake;

/* The fields of an intake a problem can be about. */
typedef enum {
  MC_INTAKE_FIELD_OTHER,          /* channel, fee, documents */
  MC_INTAKE_FIELD_NAME,
  MC_INTAKE_FIELD_ID_NUMBER,
  MC_INTAKE_FIELD_PHONE,
  MC_INTAKE_FIELD_ADDRESS,
  MC_INTAKE_FIELD_EMAIL,
  MC_INTAKE_FIELD_REP_NAME,
  MC_INTAKE_FIELD_REP_PHONE,
  MC_INTAKE_FIELD_REQUEST,
  MC_INTAKE_FIELD_REP_ID_NUMBER,
} McIntakeField;

/* The longest text each field takes, in characters (a longer name pushed each copy of the
 * receipt onto two pages). */
#define MC_INTAKE_MAX_NAME     100
#define MC_INTAKE_MAX_ADDRESS  200
#define MC_INTAKE_MAX_REQUEST  500
#define MC_INTAKE_MAX_PHONE     20
#define MC_INTAKE_MAX_ID        12
#define MC_INTAKE_MAX_EMAIL    100

typedef struct {
  McIntakeField field;
  char         *message;          /* a sentence for the desk officer, translated */
} McIntakeProblem;

void       mc_intake_problem_free      (McIntakeProblem *problem);
/* Every problem of INTAKE at once, in the order of the form (a pure function: the procedure is
 * not looked up). An empty array when the intake is fine. McIntakeProblem*. */
GPtrArray *mc_workflow_validate_intake (const McIntake *intake);

/* Validates (each bad field named), gives the code (agency code-YYMMDD-NNNN), stores the dossier,
 * its first event and the audit record in one transaction. Returns the new id, 0 on error. */
gint64   mc_workflow_intake (McStore *store, gint64 actor_id, const McIntake *intake,
                             GError **error);

/* The appointment a dossier of PROCEDURE received at AT would get (for the live preview). */
McTime   mc_workflow_preview_due (McStore *store, gint64 procedure_id, McTime at, GError **error);

typedef struct {
  McTime      at;                 /* when; 0 = now (the system only: officers act now) */
  gint64      officer_id;         /* assign / reassign target */
  const char *note;               /* reason or note; required where the action says so */
  const char *result;             /* SUBMIT_FOR_SIGNATURE (required), RECORD_RESULT */
  gboolean    digitized_result;   /* RECORD_RESULT */
  McTime      new_due;            /* APOLOGIZE */
  /* The McDossier.version the officer decided on (0: whatever it is now). When another
   * workstation changed the dossier since, nothing is written and the error is
   * MC_ERROR_CONFLICT: show the dossier again. */
  gint64      expected_version;
  /* REQUEST_SUPPLEMENT: the papers asked for (McDossierDocument*), added to the dossier's list
   * as not received; may be NULL. */
  GPtrArray  *documents;
  /* SUPPLEMENT_RECEIVED: the positions (int) in the dossier's documents of those that came;
   * NULL: every one missing. */
  GArray     *received_documents;
  /* REQUEST_SUPPLEMENT on a dossier that already had a supplement request (DOMAIN.md §9): why
   * what is missing now was not asked for the first time; required then
   * (mc_workflow_needs_first_time_reason). */
  const char *first_time_reason;
} McActionArgs;

/* Does ACTION on D need args->first_time_reason: a second (or later) supplement request, which
 * makes the dossier late and must say why it was not asked the first time. */
gboolean mc_workflow_needs_first_time_reason (const McDossier *d, McAction action);
/* What the officer writes it under (translated). */
const char *mc_workflow_first_time_reason_prompt (void);

/* Checks the rule for the acting officer, then writes the dossier, its event and the audit record
 * in one transaction, or nothing. SUBMIT_FOR_SIGNATURE takes the result to be signed
 * (args->result); RECORD_RESULT keeps a signed result and refuses another. SIGN goes through
 * mc_workflow_sign, except for actor 0 (the system), which marks a dossier signed without a
 * signature. */
gboolean mc_workflow_apply (McStore *store, gint64 actor_id, gint64 dossier_id, McAction action,
                            const McActionArgs *args, GError **error);
/* A leader signs (ký duyệt) the dossier at AT (0 = now): the rule is checked, the key opened with
 * PASSWORD (a wrong one: MC_ERROR_PERMISSION, nothing changed), then the step, its event, the
 * signature (mc-signature.h) and the audit records are written in one transaction. */
gboolean mc_workflow_sign  (McStore *store, gint64 actor_id, gint64 dossier_id,
                            const char *password, McTime at, GError **error);
/* The same with the version the leader reviewed (args->expected_version) and a note. */
gboolean mc_workflow_sign_full (McStore *store, gint64 actor_id, gint64 dossier_id,
                                const char *password, const McActionArgs *args, GError **error);

/* Administrator: replace the special days of YEAR (McSpecialDay array); appointments of open
 * dossiers are recomputed. Audited. */
gboolean mc_workflow_set_year_days (McStore *store, gint64 actor_id, int year,
                                    const GArray *days, GError **error);
gboolean mc_workflow_set_office_hours (McStore *store, gint64 actor_id,
                                       const McOfficeHours *hours, GError **error);
/* Recompute due_at of every open dossier (statuses 2, 4, 5, 6) from its receipt, its procedure's
 * limit and its paused time. Returns how many changed, -1 on error. */
gint64   mc_workflow_recompute_due (McStore *store, GError **error);

/* ---- Mandatory steps (the right procedure, enforced) ----
 * A procedure's step template marks the steps the law requires (McStepTemplate.mandatory), in
 * order, some with a least duration in calendar days (the public posting of a first-time
 * land-use certificate: 15). Submitting for signature is refused until each is recorded. */
typedef struct {
  int      position;      /* in the procedure's step template, from 0 */
  char    *name;
  McRole   role;
  int      min_days;
  McTime   started_at;    /* MC_TIME_NONE: not begun */
  char    *started_by;    /* the officer's name ("" when none) */
  McTime   done_at;       /* MC_TIME_NONE: not done */
  char    *done_by;
  char    *note;
} McStepCheck;

void       mc_step_check_free          (McStepCheck *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStepCheck, mc_step_check_free)
/* The mandatory steps of dossier DOSSIER_ID with what was recorded of each (McStepCheck*), in
 * order; empty for a procedure that has none. */
GPtrArray *mc_workflow_mandatory_steps (McStore *store, gint64 dossier_id, GError **error);
/* Records the mandatory step at POSITION: done now; or, for a step with a least duration, begun
 * now (BEGIN) and done later, refused before its days have passed (calendar days from the day
 * it began). Steps are recorded in order. Only while the dossier is being processed (statuses 4
 * and 6), by its handler or a leader; NOTE (the minutes, the posting's places, an objection,
 * the mediation's outcome) is kept with it. */
gboolean   mc_workflow_record_step     (McStore *store, gint64 actor_id, gint64 dossier_id,
                                        int position, gboolean begin, const char *note,
                                        GError **error);

G_END_DECLS
