/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The life of a dossier: intake, the rule of who may do what from which status, and each
 * change written with its event and its audit record in one transaction.
 *
 * The rule (DOMAIN.md §1–2). "4/…" is status 4 at the internal step named; "4/with specialist"
 * means the steps none (an imported dossier), assigned and sent back. Leaders are the
 * vice-chairman and the chairman. "handler" means a specialist may act only on a dossier assigned
 * to him.
 *
 *   action                  from                       to          who
 *   ACCEPT                  1                          2           desk
 *   REFUSE                  1                          3           desk                 reason
 *   ASSIGN                  2                          4/assigned  desk, leaders
 *   REASSIGN                4 (any step), 5, 6         unchanged   desk, leaders, admin reason
 *   REQUEST_SUPPLEMENT      4/with specialist          5           specialist (handler) reason
 *   SUPPLEMENT_RECEIVED     5                          4/assigned  specialist (handler), desk
 *   REQUEST_PAYMENT         4/with specialist          6           specialist (handler)
 *   PAYMENT_RECEIVED        6                          4/assigned  specialist (handler), desk
 *   SUBMIT_FOR_SIGNATURE    4/with specialist          4/submitted specialist (handler) result
 *   SIGN                    4/submitted                4/signed    leaders               password
 *   SEND_BACK               4/submitted                4/sent back leaders               reason
 *   RECORD_RESULT           4/signed                   9           specialist (handler), desk
 *   HAND_OVER               9                          10          desk
 *   WITHDRAW                1, 2, 4 (any step), 5, 6   7           desk
 *   STOP                    2, 4 (any step), 5, 6      8           leaders              reason
 *   APOLOGIZE               2, 4 (any step), 5, 6      unchanged   desk, specialist (handler),
 *                                                                  leaders              reason
 *   SUBMIT_ONLINE, RECEIVE  only at intake (mc_workflow_intake): desk
 *   IMPORT, EDIT            never through mc_workflow_apply
 *
 * Outside status 4 the step is always none and the rule ignores it. The procedure controller and
 * the police only read. The administrator manages the software and does not handle dossiers,
 * with one exception: REASSIGN, so that the dossiers of an officer who leaves or falls ill can be
 * moved on by whoever manages the accounts. Actor 0 (the system: demo generator, import, tests)
 * is held to the status rule but not to roles. APOLOGIZE is further refused (in apply) while the
 * appointment is more than one working day away: form 04 is for a dossier that is or is about
 * to be late. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-date.h"
#include "mc-kpi.h"
#include "mc-signature.h"
#include "mc-store-private.h"
#include "mc-text.h"
#include "mc-workflow.h"

#define BIT(n) (1u << (n))
#define STATUSES_OPEN (BIT (MC_STATUS_RECEIVED) | BIT (MC_STATUS_PROCESSING) | \
                       BIT (MC_STATUS_SUPPLEMENT) | BIT (MC_STATUS_PAYMENT))
#define STEPS_WITH_SPECIALIST (BIT (MC_STEP_NONE) | BIT (MC_STEP_ASSIGNED) | \
                               BIT (MC_STEP_SENT_BACK))
#define LEADERS (BIT (MC_ROLE_VICE_CHAIRMAN) | BIT (MC_ROLE_CHAIRMAN))
#define DESK BIT (MC_ROLE_DESK)
#define SPECIALIST BIT (MC_ROLE_SPECIALIST)
#define ADMIN BIT (MC_ROLE_ADMIN)
#define KEEP 0          /* to_status / to_step unchanged */
#define ANY_STEP 0

typedef struct {
  guint       statuses;       /* from which statuses (bits); 0: never through apply */
  guint       steps;          /* from which steps when the status is 4 (bits); 0: any */
  guint       roles;          /* who (bits of McRole) */
  guint       handler_roles;  /* of those, who must be the dossier's handler */
  McStatus    to_status;      /* KEEP: unchanged */
  McStep      to_step;        /* with a new status: the step it starts at */
  const char *audit_name;
  const char *reason_prompt;  /* NULL: no reason needed */
} Rule;

/* Indexed by McAction; the comment at the top of the file is the same table in words. */
static const Rule rules[] = {
  [MC_ACTION_SUBMIT_ONLINE] = { 0, 0, DESK, 0, MC_STATUS_NEW, MC_STEP_NONE,
                                "dossier.submit_online", NULL },
  [MC_ACTION_RECEIVE] = { 0, 0, DESK, 0, MC_STATUS_RECEIVED, MC_STEP_NONE,
                          "dossier.receive", NULL },
  [MC_ACTION_ACCEPT] = { BIT (MC_STATUS_NEW), ANY_STEP, DESK, 0,
                         MC_STATUS_RECEIVED, MC_STEP_NONE, "dossier.accept", NULL },
  [MC_ACTION_REFUSE] = { BIT (MC_STATUS_NEW), ANY_STEP, DESK, 0,
                         MC_STATUS_REFUSED, MC_STEP_NONE, "dossier.refuse",
                         N_("Write the reason for refusing the dossier: it is printed on form 03.") },
  [MC_ACTION_ASSIGN] = { BIT (MC_STATUS_RECEIVED), ANY_STEP, DESK | LEADERS, 0,
                         MC_STATUS_PROCESSING, MC_STEP_ASSIGNED, "dossier.assign", NULL },
  [MC_ACTION_REASSIGN] = { STATUSES_OPEN & ~BIT (MC_STATUS_RECEIVED), ANY_STEP,
                           DESK | LEADERS | ADMIN, 0, KEEP, KEEP, "dossier.reassign",
                           N_("Write why the dossier goes to another specialist.") },
  [MC_ACTION_REQUEST_SUPPLEMENT] = { BIT (MC_STATUS_PROCESSING), STEPS_WITH_SPECIALIST,
                                     SPECIALIST, SPECIALIST, MC_STATUS_SUPPLEMENT, MC_STEP_NONE,
                                     "dossier.request_supplement",
                                     N_("Write which papers are missing and why: it is printed "
                                        "on form 02.") },
  [MC_ACTION_SUPPLEMENT_RECEIVED] = { BIT (MC_STATUS_SUPPLEMENT), ANY_STEP, SPECIALIST | DESK,
                                      SPECIALIST, MC_STATUS_PROCESSING, MC_STEP_ASSIGNED,
                                      "dossier.supplement_received", NULL },
  [MC_ACTION_REQUEST_PAYMENT] = { BIT (MC_STATUS_PROCESSING), STEPS_WITH_SPECIALIST,
                                  SPECIALIST, SPECIALIST, MC_STATUS_PAYMENT, MC_STEP_NONE,
                                  "dossier.request_payment", NULL },
  [MC_ACTION_PAYMENT_RECEIVED] = { BIT (MC_STATUS_PAYMENT), ANY_STEP, SPECIALIST | DESK,
                                   SPECIALIST, MC_STATUS_PROCESSING, MC_STEP_ASSIGNED,
                                   "dossier.payment_received", NULL },
  [MC_ACTION_SUBMIT_FOR_SIGNATURE] = { BIT (MC_STATUS_PROCESSING), STEPS_WITH_SPECIALIST,
                                       SPECIALIST, SPECIALIST, MC_STATUS_PROCESSING,
                                       MC_STEP_SUBMITTED, "dossier.submit_for_signature", NULL },
  [MC_ACTION_SIGN] = { BIT (MC_STATUS_PROCESSING), BIT (MC_STEP_SUBMITTED), LEADERS, 0,
                       MC_STATUS_PROCESSING, MC_STEP_SIGNED, "dossier.sign", NULL },
  [MC_ACTION_SEND_BACK] = { BIT (MC_STATUS_PROCESSING), BIT (MC_STEP_SUBMITTED), LEADERS, 0,
                            MC_STATUS_PROCESSING, MC_STEP_SENT_BACK, "dossier.send_back",
                            N_("Write what the specialist must correct before submitting the "
                               "dossier again.") },
  [MC_ACTION_RECORD_RESULT] = { BIT (MC_STATUS_PROCESSING), BIT (MC_STEP_SIGNED),
                                SPECIALIST | DESK, SPECIALIST, MC_STATUS_RESOLVED, MC_STEP_NONE,
                                "dossier.record_result", NULL },
  [MC_ACTION_HAND_OVER] = { BIT (MC_STATUS_RESOLVED), ANY_STEP, DESK, 0,
                            MC_STATUS_RETURNED, MC_STEP_NONE, "dossier.hand_over", NULL },
  [MC_ACTION_WITHDRAW] = { BIT (MC_STATUS_NEW) | STATUSES_OPEN, ANY_STEP, DESK, 0,
                           MC_STATUS_WITHDRAWN, MC_STEP_NONE, "dossier.withdraw", NULL },
  [MC_ACTION_STOP] = { STATUSES_OPEN, ANY_STEP, LEADERS, 0, MC_STATUS_STOPPED, MC_STEP_NONE,
                       "dossier.stop",
                       N_("Write why the processing of the dossier is stopped.") },
  [MC_ACTION_APOLOGIZE] = { STATUSES_OPEN, ANY_STEP, DESK | SPECIALIST | LEADERS, SPECIALIST,
                            KEEP, KEEP, "dossier.apologize",
                            N_("Write the reason for the delay: it is printed on form 04.") },
  [MC_ACTION_IMPORT] = { 0, 0, 0, 0, KEEP, KEEP, "dossier.import", NULL },
  [MC_ACTION_EDIT] = { 0, 0, 0, 0, KEEP, KEEP, "dossier.edit", NULL },
};

static gboolean
action_is_valid (McAction action)
{
  return action >= MC_ACTION_SUBMIT_ONLINE && action <= MC_ACTION_EDIT;
}

const char *
mc_action_to_string (McAction action)
{
  switch (action)
    {
    case MC_ACTION_SUBMIT_ONLINE:        return _("Submitted online");
    case MC_ACTION_RECEIVE:              return _("Received at the desk");
    case MC_ACTION_ACCEPT:               return _("Accepted");
    case MC_ACTION_REFUSE:               return _("Refused at intake");
    case MC_ACTION_ASSIGN:               return _("Assigned to a specialist");
    case MC_ACTION_REASSIGN:             return _("Reassigned");
    case MC_ACTION_REQUEST_SUPPLEMENT:   return _("Supplement requested");
    case MC_ACTION_SUPPLEMENT_RECEIVED:  return _("Supplement received");
    case MC_ACTION_REQUEST_PAYMENT:      return _("Payment requested");
    case MC_ACTION_PAYMENT_RECEIVED:     return _("Payment received");
    case MC_ACTION_SUBMIT_FOR_SIGNATURE: return _("Submitted for signature");
    case MC_ACTION_SIGN:                 return _("Signed");
    case MC_ACTION_SEND_BACK:            return _("Sent back");
    case MC_ACTION_RECORD_RESULT:        return _("Result ready");
    case MC_ACTION_HAND_OVER:            return _("Result handed over");
    case MC_ACTION_WITHDRAW:             return _("Withdrawn by the citizen");
    case MC_ACTION_STOP:                 return _("Processing stopped");
    case MC_ACTION_APOLOGIZE:            return _("Apology and new appointment");
    case MC_ACTION_IMPORT:               return _("Imported");
    case MC_ACTION_EDIT:                 return _("Details corrected");
    default:                             return _("Unknown action");
    }
}

const char *
mc_action_to_verb (McAction action)
{
  switch (action)
    {
    case MC_ACTION_SUBMIT_ONLINE:        return _("Register an online submission");
    case MC_ACTION_RECEIVE:              return _("Receive at the desk");
    case MC_ACTION_ACCEPT:               return _("Accept");
    case MC_ACTION_REFUSE:               return _("Refuse");
    case MC_ACTION_ASSIGN:               return _("Assign to a specialist");
    case MC_ACTION_REASSIGN:             return _("Reassign");
    case MC_ACTION_REQUEST_SUPPLEMENT:   return _("Request a supplement");
    case MC_ACTION_SUPPLEMENT_RECEIVED:  return _("Record the supplement");
    case MC_ACTION_REQUEST_PAYMENT:      return _("Request payment");
    case MC_ACTION_PAYMENT_RECEIVED:     return _("Record the payment");
    case MC_ACTION_SUBMIT_FOR_SIGNATURE: return _("Submit for signature");
    case MC_ACTION_SIGN:                 return _("Sign");
    case MC_ACTION_SEND_BACK:            return _("Send back");
    case MC_ACTION_RECORD_RESULT:        return _("Record the result");
    case MC_ACTION_HAND_OVER:            return _("Hand over the result");
    case MC_ACTION_WITHDRAW:             return _("Record a withdrawal");
    case MC_ACTION_STOP:                 return _("Stop processing");
    case MC_ACTION_APOLOGIZE:            return _("Apologize and set a new appointment");
    case MC_ACTION_IMPORT:               return _("Import");
    case MC_ACTION_EDIT:                 return _("Correct the details");
    default:                             return _("Unknown action");
    }
}

/* Roles that may never change anything, in words; NULL for the others. */
static const char *
read_only_reason (McRole role)
{
  switch (role)
    {
    case MC_ROLE_CONTROLLER:
      return _("A procedure controller can view dossiers but not change them.");
    case MC_ROLE_POLICE:
      return _("The commune police can view dossiers but not change them.");
    case MC_ROLE_ADMIN:
    case MC_ROLE_DESK:
    case MC_ROLE_SPECIALIST:
    case MC_ROLE_VICE_CHAIRMAN:
    case MC_ROLE_CHAIRMAN:
      return NULL;
    default:
      return _("Your account is disabled or unknown, so you cannot change dossiers.");
    }
}

static gboolean
refuse_role (McAction action, McRole role, GError **error)
{
  const char *reason = read_only_reason (role);

  if (reason != NULL)
    g_set_error_literal (error, MC_ERROR, MC_ERROR_PERMISSION, reason);
  else if (role == MC_ROLE_ADMIN)
    g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                 _("An administrator manages the software but does not handle dossiers, so "
                   "cannot “%s”."), mc_action_to_verb (action));
  else
    g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                 _("An officer with the role “%s” cannot “%s”."),
                 mc_role_to_string (role), mc_action_to_verb (action));
  return FALSE;
}

static gboolean
status_allows (const Rule *rule, McStatus status, McStep step)
{
  if (status < MC_STATUS_NEW || status > MC_STATUS_RETURNED || !(rule->statuses & BIT (status)))
    return FALSE;
  if (status != MC_STATUS_PROCESSING || rule->steps == ANY_STEP)
    return TRUE;
  return step >= MC_STEP_NONE && step <= MC_STEP_SENT_BACK && (rule->steps & BIT (step)) != 0;
}

/* SYSTEM: actor 0, held to the status rule only. */
static gboolean
check_rule (McAction action, McStatus status, McStep step, McRole role, gboolean is_handler,
            gboolean system, GError **error)
{
  const Rule *rule;

  if (!action_is_valid (action))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The action no. %d does not exist."),
                   action);
      return FALSE;
    }
  rule = &rules[action];

  if (!system && (read_only_reason (role) != NULL || !(rule->roles & BIT (role))))
    return refuse_role (action, role, error);

  if (rule->statuses == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
                   _("“%s” happens only when a dossier is first registered; this one is "
                     "already “%s”."), mc_action_to_string (action), mc_status_to_string (status));
      return FALSE;
    }
  if (!status_allows (rule, status, step))
    {
      if (status == MC_STATUS_PROCESSING && step != MC_STEP_NONE)
        g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
                     _("You cannot “%s” now: the dossier is “%s” (%s)."),
                     mc_action_to_verb (action), mc_status_to_string (status),
                     mc_step_to_string (step));
      else
        g_set_error (error, MC_ERROR, MC_ERROR_TRANSITION,
                     _("You cannot “%s” now: the dossier is “%s”."),
                     mc_action_to_verb (action), mc_status_to_string (status));
      return FALSE;
    }

  if (!system && (rule->handler_roles & BIT (role)) && !is_handler)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("This dossier is assigned to another officer: only its handler can “%s”."),
                   mc_action_to_verb (action));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_workflow_check (McAction action, McStatus status, McStep step, McRole role,
                   gboolean is_handler, GError **error)
{
  return check_rule (action, status, step, role, is_handler, FALSE, error);
}

GArray *
mc_workflow_available (const McDossier *d, McRole role, gint64 actor_id)
{
  GArray *actions = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean is_handler;

  g_return_val_if_fail (d != NULL, actions);

  is_handler = actor_id != 0 && d->handler_id == actor_id;
  for (int a = MC_ACTION_SUBMIT_ONLINE; a <= MC_ACTION_EDIT; a++)
    if (mc_workflow_check (a, d->status, d->step, role, is_handler, NULL))
      g_array_append_val (actions, a);
  return actions;
}

static McTime
now (void)
{
  return mc_now ();
}

/* ---- Intake ---- */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static char *
clean_text (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

/* Digits, spaces and a leading +; 8 to 15 digits. FIELD names it in the error. */
static gboolean
check_phone (const char *phone, const char *field, GError **error)
{
  int digits = 0;
  gboolean ok = TRUE;

  if (is_blank (phone))
    return TRUE;
  for (const char *p = phone; *p && ok; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+')
        ok = digits == 0 && p == phone + strspn (phone, " ");
      else if (*p != ' ')
        ok = FALSE;
    }
  if (ok && digits >= 8 && digits <= 15)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The %s “%s” is not a phone number: write 8 to 15 digits (spaces and a leading "
                 "+ are allowed)."), field, phone);
  return FALSE;
}

static gboolean
check_id_number (const char *number, GError **error)
{
  g_autofree char *clean = clean_text (number);
  gsize len = strlen (clean);

  if (len == 0)
    return TRUE;
  if ((len == 9 || len == 12) && strspn (clean, "0123456789") == len)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The applicant’s ID number “%s” is not valid: an identity card number has 9 "
                 "digits and a citizen identity card number 12."), clean);
  return FALSE;
}

static gboolean
check_email (const char *email, GError **error)
{
  g_autofree char *clean = clean_text (email);
  const char *at;

  if (clean[0] == '\0')
    return TRUE;
  at = strchr (clean, '@');
  if (at != NULL && at != clean && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
      strpbrk (clean, " \t") == NULL)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The applicant’s email address “%s” is not valid."), clean);
  return FALSE;
}

/* Text that is not UTF-8 (a file read in the wrong encoding) would show as garbage everywhere
 * and break printing: refused, naming the field. */
static gboolean
check_utf8 (const char *text, const char *field, GError **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The %s contains characters that are not readable text; type it again."),
               field);
  return FALSE;
}

static gboolean
check_documents (const GPtrArray *documents, GError **error)
{
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (documents, i);

      if (doc != NULL && !check_utf8 (doc->name, _("document name"), error))
        return FALSE;
      if (doc == NULL || is_blank (doc->name))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Document %u of the list has no name."), i + 1);
          return FALSE;
        }
      if (doc->copy_kind < 0 || doc->copy_kind > 2)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Say whether the document “%s” is an original, a certified copy or a "
                         "photocopy."), doc->name);
          return FALSE;
        }
      if (doc->quantity < 1 || doc->quantity > 1000)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The number of copies of the document “%s” must be between 1 and "
                         "1000."), doc->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* The procedure a new dossier is for: it must exist and still be offered. */
static McProcedure *
intake_procedure (McStore *store, gint64 procedure_id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  McProcedure *p = mc_store_get_procedure (store, procedure_id, &local_error);

  if (p == NULL)
    {
      if (g_error_matches (local_error, MC_ERROR, MC_ERROR_NOT_FOUND))
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("Choose the procedure of the dossier: the one given does not exist."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!p->active)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The procedure “%s” (%s) is no longer offered; choose another."),
                   p->name, p->code);
      mc_procedure_free (p);
      return NULL;
    }
  return p;
}

void
mc_intake_problem_free (McIntakeProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

/* Moves the message of *ERROR (when set) into PROBLEMS as a problem of FIELD. */
static void
take_problem (GPtrArray *problems, McIntakeField field, GError **error)
{
  McIntakeProblem *problem;

  if (*error == NULL)
    return;
  problem = g_new0 (McIntakeProblem, 1);
  problem->field = field;
  problem->message = g_strdup ((*error)->message);
  g_ptr_array_add (problems, problem);
  g_clear_error (error);
}

static gboolean
check_length (const char *text, const char *field, glong max, GError **error)
{
  g_autofree char *clean = clean_text (text);
  glong length = g_utf8_validate (clean, -1, NULL) ? g_utf8_strlen (clean, -1) : 0;

  if (length <= max)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("The %s is too long: %ld characters, at most %ld."), field, length, max);
  return FALSE;
}

GPtrArray *
mc_workflow_validate_intake (const McIntake *in)
{
  const struct { const char *text; const char *field; McIntakeField id; glong max; } texts[] = {
    { in->applicant_name, _("applicant’s name"), MC_INTAKE_FIELD_NAME, MC_INTAKE_MAX_NAME },
    { in->applicant_id_number, _("applicant’s ID number"), MC_INTAKE_FIELD_ID_NUMBER,
      MC_INTAKE_MAX_ID },
    { in->applicant_phone, _("applicant’s phone number"), MC_INTAKE_FIELD_PHONE,
      MC_INTAKE_MAX_PHONE },
    { in->applicant_address, _("applicant’s address"), MC_INTAKE_FIELD_ADDRESS,
      MC_INTAKE_MAX_ADDRESS },
    { in->applicant_email, _("applicant’s email address"), MC_INTAKE_FIELD_EMAIL,
      MC_INTAKE_MAX_EMAIL },
    { in->representative_name, _("representative’s name"), MC_INTAKE_FIELD_REP_NAME,
      MC_INTAKE_MAX_NAME },
    { in->representative_phone, _("representative’s phone number"), MC_INTAKE_FIELD_REP_PHONE,
      MC_INTAKE_MAX_PHONE },
    { in->request, _("request"), MC_INTAKE_FIELD_REQUEST, MC_INTAKE_MAX_REQUEST },
  };
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_intake_problem_free);
  GError *error = NULL;
  gboolean readable[G_N_ELEMENTS (texts)];

  g_return_val_if_fail (in != NULL, problems);

  if (in->channel < MC_CHANNEL_DESK || in->channel > MC_CHANNEL_POST)
    {
      g_set_error (&error, MC_ERROR, MC_ERROR_INVALID,
                   _("Choose how the dossier was filed: at the desk, online or by post."));
      take_problem (problems, MC_INTAKE_FIELD_OTHER, &error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      readable[i] = check_utf8 (texts[i].text, texts[i].field, &error);
      if (readable[i])
        check_length (texts[i].text, texts[i].field, texts[i].max, &error);
      take_problem (problems, texts[i].id, &error);
    }
  if (readable[0] && is_blank (in->applicant_name))
    {
      g_set_error (&error, MC_ERROR, MC_ERROR_INVALID, _("The applicant’s name is missing."));
      take_problem (problems, MC_INTAKE_FIELD_NAME, &error);
    }
  if (readable[1])
    {
      check_id_number (in->applicant_id_number, &error);
      take_problem (problems, MC_INTAKE_FIELD_ID_NUMBER, &error);
    }
  if (readable[2])
    {
      check_phone (in->applicant_phone, _("applicant’s phone number"), &error);
      take_problem (problems, MC_INTAKE_FIELD_PHONE, &error);
    }
  if (readable[4])
    {
      check_email (in->applicant_email, &error);
      take_problem (problems, MC_INTAKE_FIELD_EMAIL, &error);
    }
  if (readable[6])
    {
      check_phone (in->representative_phone, _("representative’s phone number"), &error);
      take_problem (problems, MC_INTAKE_FIELD_REP_PHONE, &error);
    }
  if (in->fee < 0)
    {
      g_set_error (&error, MC_ERROR, MC_ERROR_INVALID, _("The fee cannot be negative."));
      take_problem (problems, MC_INTAKE_FIELD_OTHER, &error);
    }
  check_documents (in->documents, &error);
  take_problem (problems, MC_INTAKE_FIELD_OTHER, &error);
  return problems;
}

/* The first problem, as core's refusal. */
static gboolean
validate_intake (const McIntake *in, GError **error)
{
  g_autoptr(GPtrArray) problems = mc_workflow_validate_intake (in);
  McIntakeProblem *first;

  if (problems->len == 0)
    return TRUE;
  first = g_ptr_array_index (problems, 0);
  g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID, first->message);
  return FALSE;
}

/* agency code-YYMMDD-NNNN: the next number of the day of AT, inside the caller's transaction so
 * that two desks cannot take the same one. */
static char *
next_code (McStore *store, McTime at, GError **error)
{
  g_autofree char *agency = mc_store_get_setting (store, "agency.code", "MC");
  g_autofree char *prefix = NULL;
  g_autofree char *bound = NULL;
  sqlite3_stmt *stmt;
  gint64 last = 0;
  int y, m, d;

  mc_day_to_ymd (mc_day_of_time (at), &y, &m, &d);
  prefix = g_strdup_printf ("%s-%02d%02d%02d-", agency, y % 100, m, d);
  /* Codes of the day sort between "…-YYMMDD-" and "…-YYMMDD." ('.' follows '-'): the range
   * uses the code's unique index. */
  bound = g_strdup (prefix);
  bound[strlen (bound) - 1] = '.';

  stmt = mc_store_prepare (store,
      "SELECT max(CAST(substr(code, ?3) AS INTEGER)) FROM dossier WHERE code >= ?1 AND code < ?2",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, bound, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) strlen (prefix) + 1);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, last + 1);
}

static gboolean
insert_event (McStore *store, const McEvent *e, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "INSERT INTO dossier_event (dossier_id, at, actor_id, action, from_status, to_status, "
      "from_step, to_step, from_officer, to_officer, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e->dossier_id);
  sqlite3_bind_int64 (stmt, 2, e->at);
  mc_stmt_bind_id (stmt, 3, e->actor_id);
  sqlite3_bind_int (stmt, 4, e->action);
  /* 0 (none or unchanged) is stored as NULL, as the store reads it back. */
  mc_stmt_bind_id (stmt, 5, e->from_status);
  mc_stmt_bind_id (stmt, 6, e->to_status);
  mc_stmt_bind_id (stmt, 7, e->from_step);
  mc_stmt_bind_id (stmt, 8, e->to_step);
  mc_stmt_bind_id (stmt, 9, e->from_officer);
  mc_stmt_bind_id (stmt, 10, e->to_officer);
  sqlite3_bind_text (stmt, 11, e->note ? e->note : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, _("saving the dossier’s history"));
  return TRUE;
}

static void
bind_text_or_empty (sqlite3_stmt *stmt, int col, const char *text)
{
  sqlite3_bind_text (stmt, col, text ? text : "", -1, SQLITE_TRANSIENT);
}

static void
bind_clean (sqlite3_stmt *stmt, int col, const char *text)
{
  g_autofree char *clean = clean_text (text);

  sqlite3_bind_text (stmt, col, clean, -1, SQLITE_TRANSIENT);
}

static void
bind_folded (sqlite3_stmt *stmt, int col, const char *text)
{
  g_autofree char *clean = clean_text (text);
  g_autofree char *folded = clean[0] ? mc_text_fold (clean) : NULL;

  bind_text_or_empty (stmt, col, folded);
}

static gint64
insert_dossier (McStore *store, gint64 actor_id, const McIntake *in, const McProcedure *p,
                McTime at, const char *code, GError **error)
{
  gboolean online = in->channel == MC_CHANNEL_ONLINE;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  stmt = mc_store_prepare (store,
      "INSERT INTO dossier (code, procedure_id, channel, status, step, submitted_at, "
      "received_at, due_at, digitized_input, fee, paid_online, receiver_id, applicant_name, "
      "applicant_folded, applicant_id_number, applicant_phone, applicant_address, "
      "applicant_email, representative_name, representative_folded, representative_phone, "
      "request, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
      "?18, ?19, ?20, ?21, ?22)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, p->id);
  sqlite3_bind_int (stmt, 3, in->channel);
  if (online)
    {
      /* Not received yet: the desk accepts it, and the appointment is fixed then. */
      sqlite3_bind_int (stmt, 4, MC_STATUS_NEW);
      sqlite3_bind_int64 (stmt, 5, at);
    }
  else
    {
      sqlite3_bind_int (stmt, 4, MC_STATUS_RECEIVED);
      sqlite3_bind_int64 (stmt, 6, at);
      sqlite3_bind_int64 (stmt, 7, mc_calendar_due (mc_store_get_calendar (store),
                                                    p->limit_kind, p->limit_value, at));
      mc_stmt_bind_id (stmt, 11, actor_id);
    }
  sqlite3_bind_int (stmt, 8, in->digitized_input != FALSE);
  sqlite3_bind_int64 (stmt, 9, in->fee);
  sqlite3_bind_int (stmt, 10, in->paid_online != FALSE);
  bind_clean (stmt, 12, in->applicant_name);
  bind_folded (stmt, 13, in->applicant_name);
  bind_clean (stmt, 14, in->applicant_id_number);
  bind_clean (stmt, 15, in->applicant_phone);
  bind_clean (stmt, 16, in->applicant_address);
  bind_clean (stmt, 17, in->applicant_email);
  bind_clean (stmt, 18, in->representative_name);
  bind_folded (stmt, 19, in->representative_name);
  bind_clean (stmt, 20, in->representative_phone);
  bind_clean (stmt, 21, in->request);
  sqlite3_bind_int64 (stmt, 22, now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_fail (store, error, _("saving the dossier"));
      return 0;
    }
  id = sqlite3_last_insert_rowid (mc_store_get_db (store));

  for (guint i = 0; in->documents != NULL && i < in->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (in->documents, i);

      stmt = mc_store_prepare (store,
          "INSERT INTO dossier_document (dossier_id, position, name, copy_kind, quantity) "
          "VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      bind_clean (stmt, 3, doc->name);
      sqlite3_bind_int (stmt, 4, doc->copy_kind);
      sqlite3_bind_int (stmt, 5, doc->quantity);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          mc_store_fail (store, error, _("saving the dossier’s documents"));
          return 0;
        }
    }
  return id;
}

gint64
mc_workflow_intake (McStore *store, gint64 actor_id, const McIntake *intake, GError **error)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autofree char *code = NULL;
  g_autofree char *details = NULL;
  McAction action;
  McEvent event = { 0 };
  McTime at;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (store), 0);
  g_return_val_if_fail (intake != NULL, 0);

  action = intake->channel == MC_CHANNEL_ONLINE ? MC_ACTION_SUBMIT_ONLINE : MC_ACTION_RECEIVE;
  if (actor_id != 0)
    {
      McRole role = mc_store_actor_role (store, actor_id);

      if (read_only_reason (role) != NULL || !(rules[action].roles & BIT (role)))
        return refuse_role (action, role, error);
    }
  if (!validate_intake (intake, error))
    return 0;
  procedure = intake_procedure (store, intake->procedure_id, error);
  if (procedure == NULL)
    return 0;
  at = intake->at != 0 ? intake->at : now ();

  if (!mc_store_begin (store, error))
    return 0;
  code = next_code (store, at, error);
  if (code == NULL)
    goto fail;
  id = insert_dossier (store, actor_id, intake, procedure, at, code, error);
  if (id == 0)
    goto fail;

  event.dossier_id = id;
  event.at = at;
  event.actor_id = actor_id;
  event.action = action;
  event.to_status = rules[action].to_status;
  if (!insert_event (store, &event, error))
    goto fail;
  details = g_strdup_printf ("%s: →%d; %s", code, event.to_status, procedure->code);
  if (!mc_audit_append (store, actor_id, rules[action].audit_name, "dossier", id, details, error))
    goto fail;
  if (!mc_store_commit (store, error))
    return 0;
  return id;

fail:
  mc_store_rollback (store);
  return 0;
}

McTime
mc_workflow_preview_due (McStore *store, gint64 procedure_id, McTime at, GError **error)
{
  g_autoptr(McProcedure) p = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), MC_TIME_NONE);

  p = mc_store_get_procedure (store, procedure_id, error);
  if (p == NULL)
    return MC_TIME_NONE;
  return mc_calendar_due (mc_store_get_calendar (store), p->limit_kind, p->limit_value,
                          at != 0 ? at : now ());
}

/* ---- Transitions ---- */

static McTime
last_event_time (McStore *store, gint64 dossier_id, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "SELECT max(at) FROM dossier_event WHERE dossier_id = ?", error);
  McTime t = MC_TIME_NONE;

  if (stmt == NULL)
    return MC_TIME_NONE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    t = mc_stmt_get_time (stmt, 0);
  sqlite3_reset (stmt);
  return t;
}

static gboolean
check_time (McStore *store, const McDossier *d, McTime at, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  McTime last = last_event_time (store, d->id, &local_error);
  McTime floor = MAX (last, d->received_at);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (floor != MC_TIME_NONE && at < floor)
    {
      g_autofree char *when = mc_format_time (at);
      g_autofree char *previous = mc_format_time (floor);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The time given (%s) is before the last step recorded on dossier %s (%s); "
                     "check the date and time."), when, d->code, previous);
      return FALSE;
    }
  return TRUE;
}

/* The target of ASSIGN / REASSIGN must be an active specialist: leaders sign, they do not
 * process, and the KPIs by officer count the specialist's work. */
static gboolean
check_assignee (McStore *store, const McDossier *d, gint64 officer_id, GError **error)
{
  g_autoptr(McOfficer) officer = NULL;

  if (officer_id == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Choose the specialist who will handle dossier %s."), d->code);
      return FALSE;
    }
  officer = mc_store_get_officer (store, officer_id, error);
  if (officer == NULL)
    return FALSE;
  if (!officer->active || officer->role != MC_ROLE_SPECIALIST)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("%s is not an active specialist, so cannot handle dossier %s."),
                   officer->name, d->code);
      return FALSE;
    }
  if (officer_id == d->handler_id)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s is already with %s; choose another specialist."),
                   d->code, officer->name);
      return FALSE;
    }
  return TRUE;
}

/* The appointment the citizen holds now: the apology's when one was given. */
static McTime
current_promise (const McDossier *d)
{
  return d->apology_due_at != MC_TIME_NONE ? d->apology_due_at : d->due_at;
}

static gboolean
check_apology (const McCalendar *cal, const McDossier *d, McTime at, McTime new_due,
               GError **error)
{
  McTime promise = current_promise (d);

  if (promise != MC_TIME_NONE && at < promise &&
      mc_calendar_working_seconds (cal, at, promise) > mc_calendar_day_seconds (cal))
    {
      g_autofree char *when = mc_format_time (promise);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s is not late: its appointment is %s, more than a working day "
                     "away, so no apology is due yet."), d->code, when);
      return FALSE;
    }
  if (new_due == 0 || new_due == MC_TIME_NONE || new_due <= at ||
      (promise != MC_TIME_NONE && new_due <= promise))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Give dossier %s a new appointment later than both now and the current "
                     "one."), d->code);
      return FALSE;
    }
  return TRUE;
}

/* Leaving status 5 ends the pause: its working time is added to the clock's stopped time and
 * the appointments move by as much (the citizen's wait does not count, DOMAIN.md §4). */
static void
end_pause (const McCalendar *cal, McDossier *d, McTime at)
{
  gint64 paused = 0;

  if (d->paused_since != MC_TIME_NONE)
    paused = mc_calendar_working_seconds (cal, d->paused_since, at);
  d->paused_since = MC_TIME_NONE;
  if (paused <= 0)
    return;
  d->paused_seconds += paused;
  if (d->due_at != MC_TIME_NONE)
    d->due_at = mc_calendar_add_working (cal, d->due_at, paused);
  if (d->apology_due_at != MC_TIME_NONE)
    d->apology_due_at = mc_calendar_add_working (cal, d->apology_due_at, paused);
}

/* Changes D in memory as ACTION does at AT. */
static gboolean
transform (McStore *store, McDossier *d, McAction action, const McActionArgs *args, McTime at,
           gint64 actor_id, GError **error)
{
  const McCalendar *cal = mc_store_get_calendar (store);
  const Rule *rule = &rules[action];

  if (d->status == MC_STATUS_SUPPLEMENT && rule->to_status != KEEP &&
      rule->to_status != MC_STATUS_SUPPLEMENT)
    end_pause (cal, d, at);

  switch (action)
    {
    case MC_ACTION_ACCEPT:
      {
        g_autoptr(McProcedure) p = mc_store_get_procedure (store, d->procedure_id, error);

        if (p == NULL)
          return FALSE;
        d->received_at = at;
        d->due_at = mc_calendar_due (cal, p->limit_kind, p->limit_value, at);
        d->receiver_id = actor_id;
        d->late_intake = d->submitted_at != MC_TIME_NONE &&
                         mc_kpi_is_late_intake (cal, d->submitted_at, at);
      }
      break;
    case MC_ACTION_ASSIGN:
    case MC_ACTION_REASSIGN:
      d->handler_id = args->officer_id;
      if (action == MC_ACTION_REASSIGN)
        d->reassign_count++;
      break;
    case MC_ACTION_REQUEST_SUPPLEMENT:
      d->paused_since = at;
      d->supplement_count++;
      break;
    case MC_ACTION_SIGN:
      d->signer_id = actor_id;
      break;
    case MC_ACTION_SUBMIT_FOR_SIGNATURE:
    case MC_ACTION_RECORD_RESULT:
      /* The result is submitted for signature with the dossier and signed as it is; recording
       * it later without a text keeps the one signed (check_result refuses another). */
      if (!is_blank (args->result))
        {
          g_free (d->result);
          d->result = clean_text (args->result);
        }
      if (action == MC_ACTION_SUBMIT_FOR_SIGNATURE)
        break;
      d->ended_at = at;
      d->digitized_result = args->digitized_result != FALSE;
      d->outcome = mc_kpi_classify (at, d->due_at, d->supplement_count);
      break;
    case MC_ACTION_HAND_OVER:
      d->returned_at = at;
      break;
    case MC_ACTION_APOLOGIZE:
      d->apology_due_at = args->new_due;
      d->apology_count++;
      break;
    case MC_ACTION_REFUSE:
    case MC_ACTION_SUPPLEMENT_RECEIVED:
    case MC_ACTION_REQUEST_PAYMENT:
    case MC_ACTION_PAYMENT_RECEIVED:
    case MC_ACTION_SEND_BACK:
    case MC_ACTION_WITHDRAW:
    case MC_ACTION_STOP:
      break;
    case MC_ACTION_SUBMIT_ONLINE:
    case MC_ACTION_RECEIVE:
    case MC_ACTION_IMPORT:
    case MC_ACTION_EDIT:
    default:
      g_assert_not_reached ();
    }

  if (rule->to_status != KEEP)
    {
      d->status = rule->to_status;
      d->step = rule->to_step;
    }
  else if (rule->to_step != KEEP)
    d->step = rule->to_step;
  return TRUE;
}

static void
bind_outcome (sqlite3_stmt *stmt, int col, McOutcome outcome)
{
  if (outcome == MC_OUTCOME_NONE)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int (stmt, col, outcome);
}

static gboolean
update_dossier (McStore *store, const McDossier *d, GError **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (store,
      "UPDATE dossier SET status = ?1, step = ?2, received_at = ?3, due_at = ?4, "
      "apology_due_at = ?5, ended_at = ?6, returned_at = ?7, supplement_count = ?8, "
      "paused_seconds = ?9, paused_since = ?10, reassign_count = ?11, apology_count = ?12, "
      "digitized_result = ?13, receiver_id = ?14, handler_id = ?15, signer_id = ?16, "
      "result = ?17, outcome = ?18, late_intake = ?19, updated_at = ?20 WHERE id = ?21", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, d->status);
  sqlite3_bind_int (stmt, 2, d->step);
  mc_stmt_bind_time (stmt, 3, d->received_at);
  mc_stmt_bind_time (stmt, 4, d->due_at);
  mc_stmt_bind_time (stmt, 5, d->apology_due_at);
  mc_stmt_bind_time (stmt, 6, d->ended_at);
  mc_stmt_bind_time (stmt, 7, d->returned_at);
  sqlite3_bind_int (stmt, 8, d->supplement_count);
  sqlite3_bind_int64 (stmt, 9, d->paused_seconds);
  mc_stmt_bind_time (stmt, 10, d->paused_since);
  sqlite3_bind_int (stmt, 11, d->reassign_count);
  sqlite3_bind_int (stmt, 12, d->apology_count);
  sqlite3_bind_int (stmt, 13, d->digitized_result != FALSE);
  mc_stmt_bind_id (stmt, 14, d->receiver_id);
  mc_stmt_bind_id (stmt, 15, d->handler_id);
  mc_stmt_bind_id (stmt, 16, d->signer_id);
  bind_text_or_empty (stmt, 17, d->result);
  bind_outcome (stmt, 18, d->outcome);
  sqlite3_bind_int (stmt, 19, d->late_intake != FALSE);
  sqlite3_bind_int64 (stmt, 20, now ());
  sqlite3_bind_int64 (stmt, 21, d->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_fail (store, error, _("saving the dossier"));
  return TRUE;
}

static char *
audit_details (const McDossier *before, const McDossier *after, const char *note)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s: %d→%d", before->code, before->status, after->status);
  if (before->step != after->step)
    g_string_append_printf (s, " step %d→%d", before->step, after->step);
  if (before->handler_id != after->handler_id)
    g_string_append_printf (s, " handler %" G_GINT64_FORMAT "→%" G_GINT64_FORMAT,
                            before->handler_id, after->handler_id);
  if (note != NULL && note[0] != '\0')
    g_string_append_printf (s, "; %s", note);
  return g_string_free (s, FALSE);
}

/* A signed dossier's result is the one the leader signed. */
static gboolean
check_result (const McDossier *d, const char *result, GError **error)
{
  g_autofree char *given = clean_text (result);

  if (given[0] == '\0' || is_blank (d->result) || g_str_equal (given, d->result))
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("Dossier %s was signed with the result “%s”: record that result, not another "
                 "one."), d->code, d->result);
  return FALSE;
}

/* Signing needs the leader's key, opened with PASSWORD before the transaction (it is slow on
 * purpose). Actor 0, the system (demo, tests), marks a dossier signed without a signature. */
static McSigner *
unlock_signer (McStore *store, gint64 actor_id, const McDossier *d, const char *password,
               GError **error)
{
  if (password == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Dossier %s can be signed only with the signer’s password."), d->code);
      return NULL;
    }
  if (is_blank (d->result))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s has no result to sign: the specialist submits it for "
                     "signature with its result."), d->code);
      return NULL;
    }
  return mc_signature_unlock (store, actor_id, password, error);
}

static gboolean
apply_action (McStore *store, gint64 actor_id, gint64 dossier_id, McAction action,
              const McActionArgs *args, const char *password, GError **error)
{
  static const McActionArgs no_args = { 0 };
  g_autoptr(McDossier) d = NULL;
  g_autoptr(McSigner) signer = NULL;
  g_autofree char *note = NULL;
  g_autofree char *details = NULL;
  McDossier before;
  McEvent event = { 0 };
  McTime at;
  McRole role = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (args == NULL)
    args = &no_args;
  at = args->at != 0 ? args->at : now ();

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return FALSE;
  if (actor_id != 0)
    role = mc_store_actor_role (store, actor_id);
  if (!check_rule (action, d->status, d->step, role,
                   d->handler_id != 0 && d->handler_id == actor_id, actor_id == 0, error))
    return FALSE;

  if (!check_utf8 (args->note, _("note"), error) ||
      !check_utf8 (args->result, _("result"), error))
    return FALSE;
  note = clean_text (args->note);
  if (rules[action].reason_prompt != NULL && note[0] == '\0')
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID, _(rules[action].reason_prompt));
      return FALSE;
    }
  if (!check_time (store, d, at, error))
    return FALSE;
  if ((action == MC_ACTION_ASSIGN || action == MC_ACTION_REASSIGN) &&
      !check_assignee (store, d, args->officer_id, error))
    return FALSE;
  if (action == MC_ACTION_APOLOGIZE &&
      !check_apology (mc_store_get_calendar (store), d, at, args->new_due, error))
    return FALSE;
  if (action == MC_ACTION_RECORD_RESULT && !check_result (d, args->result, error))
    return FALSE;
  if (action == MC_ACTION_SIGN && actor_id != 0)
    {
      signer = unlock_signer (store, actor_id, d, password, error);
      if (signer == NULL)
        return FALSE;
    }

  /* Only the scalar fields of BEFORE are read: it shares D's strings. */
  before = *d;
  if (!transform (store, d, action, args, at, actor_id, error))
    return FALSE;

  event.dossier_id = d->id;
  event.at = at;
  event.actor_id = actor_id;
  event.action = action;
  if (before.status != d->status)
    {
      event.from_status = before.status;
      event.to_status = d->status;
    }
  if (before.step != d->step)
    {
      event.from_step = before.step;
      event.to_step = d->step;
    }
  if (before.handler_id != d->handler_id)
    {
      event.from_officer = before.handler_id;
      event.to_officer = d->handler_id;
    }
  event.note = note;
  details = audit_details (&before, d, note);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!update_dossier (store, d, error) ||
      !insert_event (store, &event, error) ||
      (signer != NULL && mc_signature_write (store, signer, d->id, at, error) == 0) ||
      !mc_audit_append (store, actor_id, rules[action].audit_name, "dossier", d->id, details,
                        error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

gboolean
mc_workflow_apply (McStore *store, gint64 actor_id, gint64 dossier_id, McAction action,
                   const McActionArgs *args, GError **error)
{
  return apply_action (store, actor_id, dossier_id, action, args, NULL, error);
}

gboolean
mc_workflow_sign (McStore *store, gint64 actor_id, gint64 dossier_id, const char *password,
                  McTime at, GError **error)
{
  McActionArgs args = { .at = at };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (actor_id == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only a vice-chairman or the chairman can sign dossiers."));
      return FALSE;
    }
  return apply_action (store, actor_id, dossier_id, MC_ACTION_SIGN, &args, password, error);
}

/* ---- Calendar changes ---- */

/* Appointments of open dossiers from the current calendar; the apology appointments are promises
 * already made and stay as they are. */
static gint64
recompute_due (McStore *store, GError **error)
{
  const McCalendar *cal = mc_store_get_calendar (store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dues = g_array_new (FALSE, FALSE, sizeof (McTime));
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (store,
      "SELECT d.id, d.received_at, d.due_at, d.paused_seconds, p.limit_kind, p.limit_value "
      "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
      "WHERE d.status IN (2, 4, 5, 6) AND d.received_at IS NOT NULL", error);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      McTime old_due = mc_stmt_get_time (stmt, 2);
      gint64 paused = sqlite3_column_int64 (stmt, 3);
      McTime due = mc_calendar_due (cal, sqlite3_column_int (stmt, 4),
                                    sqlite3_column_int (stmt, 5), sqlite3_column_int64 (stmt, 1));

      if (paused > 0)
        due = mc_calendar_add_working (cal, due, paused);
      if (due != old_due)
        {
          g_array_append_val (ids, id);
          g_array_append_val (dues, due);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_fail (store, error, _("reading the open dossiers"));
      return -1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      stmt = mc_store_prepare (store, "UPDATE dossier SET due_at = ?, updated_at = ? "
                                      "WHERE id = ?", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, g_array_index (dues, McTime, i));
      sqlite3_bind_int64 (stmt, 2, now ());
      sqlite3_bind_int64 (stmt, 3, g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          mc_store_fail (store, error, _("saving the new appointments"));
          return -1;
        }
    }
  return ids->len;
}

gint64
mc_workflow_recompute_due (McStore *store, GError **error)
{
  g_autofree char *details = NULL;
  gint64 changed;

  g_return_val_if_fail (MC_IS_STORE (store), -1);

  if (!mc_store_begin (store, error))
    return -1;
  changed = recompute_due (store, error);
  if (changed < 0)
    goto fail;
  if (changed > 0)
    {
      details = g_strdup_printf ("%" G_GINT64_FORMAT " appointments", changed);
      if (!mc_audit_append (store, 0, "dossier.recompute_due", "dossier", 0, details, error))
        goto fail;
    }
  if (!mc_store_commit (store, error))
    return -1;
  return changed;

fail:
  mc_store_rollback (store);
  return -1;
}

static gboolean
require_admin (McStore *store, gint64 actor_id, GError **error)
{
  if (mc_store_actor_role (store, actor_id) == MC_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
               _("Only an administrator can change the working calendar and office hours."));
  return FALSE;
}

static gboolean
validate_year_days (int year, const GArray *days, GError **error)
{
  McDay first, last;

  if (year < 1970 || year > 2199)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The year %d is outside the calendar the program keeps (1970–2199)."), year);
      return FALSE;
    }
  first = mc_day_from_ymd (year, 1, 1);
  last = mc_day_from_ymd (year, 12, 31);
  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);
      g_autofree char *when = NULL;
      int weekday;

      if (sd->day < first || sd->day > last)
        {
          when = mc_format_day (sd->day);
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The day %s is not in the year %d."), when, year);
          return FALSE;
        }
      weekday = mc_day_weekday (sd->day);
      if (sd->kind == MC_DAY_OFF && weekday > 5)
        {
          when = mc_format_day (sd->day);
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The day off %s falls on a weekend, which is never worked anyway."),
                       when);
          return FALSE;
        }
      if (sd->kind == MC_DAY_SATURDAY_WORKED && weekday <= 5)
        {
          when = mc_format_day (sd->day);
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The working day %s is a weekday; only a Saturday or a Sunday can be "
                         "declared worked."), when);
          return FALSE;
        }
      if (sd->kind != MC_DAY_OFF && sd->kind != MC_DAY_SATURDAY_WORKED)
        {
          when = mc_format_day (sd->day);
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Say whether %s is a day off or a worked day."), when);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_year_days (McStore *store, int year, const GArray *days, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = mc_store_prepare (store, "DELETE FROM calendar_day WHERE day BETWEEN ? AND ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, mc_day_from_ymd (year, 1, 1));
  sqlite3_bind_int (stmt, 2, mc_day_from_ymd (year, 12, 31));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return mc_store_fail (store, error, _("saving the days off"));

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const McSpecialDay *sd = &g_array_index (days, McSpecialDay, i);

      stmt = mc_store_prepare (store,
          "INSERT OR REPLACE INTO calendar_day (day, kind, note) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, sd->day);
      sqlite3_bind_int (stmt, 2, sd->kind);
      bind_text_or_empty (stmt, 3, sd->note);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return mc_store_fail (store, error, _("saving the days off"));
    }

  stmt = mc_store_prepare (store,
      "INSERT INTO calendar_year (year, source) VALUES (?, 'edited') "
      "ON CONFLICT (year) DO UPDATE SET source = excluded.source", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return mc_store_fail (store, error, _("saving the days off"));
  return TRUE;
}

/* Finishes a calendar change inside the caller's transaction: the cached calendar is rebuilt
 * from the new rows, the open appointments follow, and the audit record says how many moved. */
static gboolean
finish_calendar_change (McStore *store, gint64 actor_id, const char *action,
                        const char *what, GError **error)
{
  g_autofree char *details = NULL;
  gint64 changed;

  mc_store_invalidate_calendar (store);
  changed = recompute_due (store, error);
  if (changed < 0)
    return FALSE;
  details = g_strdup_printf ("%s; %" G_GINT64_FORMAT " appointments recomputed", what, changed);
  return mc_audit_append (store, actor_id, action, "calendar", 0, details, error);
}

gboolean
mc_workflow_set_year_days (McStore *store, gint64 actor_id, int year, const GArray *days,
                           GError **error)
{
  g_autofree char *what = NULL;
  guint off = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!require_admin (store, actor_id, error) || !validate_year_days (year, days, error))
    return FALSE;
  for (guint i = 0; days != NULL && i < days->len; i++)
    off += g_array_index (days, McSpecialDay, i).kind == MC_DAY_OFF;
  what = g_strdup_printf ("%d: %u days off, %u days worked", year, off,
                          (days ? days->len : 0) - off);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!write_year_days (store, year, days, error) ||
      !finish_calendar_change (store, actor_id, "calendar.year", what, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

static gboolean
write_minutes (McStore *store, const char *key, int minutes, GError **error)
{
  g_autofree char *value = g_strdup_printf ("%d", minutes);

  return mc_store_write_setting (store, key, value, error);
}

gboolean
mc_workflow_set_office_hours (McStore *store, gint64 actor_id, const McOfficeHours *hours,
                              GError **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (hours != NULL, FALSE);

  if (!require_admin (store, actor_id, error) || !mc_office_hours_validate (hours, error))
    return FALSE;
  what = g_strdup_printf ("office hours %02d:%02d–%02d:%02d, %02d:%02d–%02d:%02d",
                          hours->am_start / 60, hours->am_start % 60,
                          hours->am_end / 60, hours->am_end % 60,
                          hours->pm_start / 60, hours->pm_start % 60,
                          hours->pm_end / 60, hours->pm_end % 60);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!write_minutes (store, "office.am_start", hours->am_start, error) ||
      !write_minutes (store, "office.am_end", hours->am_end, error) ||
      !write_minutes (store, "office.pm_start", hours->pm_start, error) ||
      !write_minutes (store, "office.pm_end", hours->pm_end, error) ||
      !finish_calendar_change (store, actor_id, "calendar.office_hours", what, error))
    {
      mc_store_rollback (store);
      return FALSE;
    }
  return mc_store_commit (store, error);
}

const char *
mc_action_reason_prompt (McAction action)
{
  if (!action_is_valid (action) || rules[action].reason_prompt == NULL)
    return NULL;
  return _(rules[action].reason_prompt);
}

gboolean
mc_workflow_can_see_all_queues (McRole role)
{
  return role == MC_ROLE_ADMIN || role == MC_ROLE_DESK || role == MC_ROLE_CONTROLLER ||
         (LEADERS & BIT (role)) != 0;
}
