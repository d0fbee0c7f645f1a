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
#include "mc-store-internal.h"
#include "mc-text.h"
#include "mc-workflow.h"
#include "mc-attachment.h"

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

/* The applicant's or the representative's (REPRESENTATIVE) ID number: the same rule, each
 * sentence naming its own field. */
static gboolean
check_id_number (const char *number, gboolean representative, GError **error)
{
  g_autofree char *clean = clean_text (number);
  gsize len = strlen (clean);

  if (len == 0)
    return TRUE;
  if ((len == 9 || len == 12) && strspn (clean, "0123456789") == len)
    return TRUE;
  if (representative)
    g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                 _("The representative’s ID number “%s” is not valid: an identity card number "
                   "has 9 digits and a citizen identity card number 12."), clean);
  else
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
    { in->representative_id_number, _("representative’s ID number"),
      MC_INTAKE_FIELD_REP_ID_NUMBER, MC_INTAKE_MAX_ID },
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
      check_id_number (in->applicant_id_number, FALSE, &error);
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
  if (readable[7])
    {
      check_id_number (in->representative_id_number, TRUE, &error);
      take_problem (problems, MC_INTAKE_FIELD_REP_ID_NUMBER, &error);
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
  gint64 number = 0;
  int y, m, d;

  mc_day_to_ymd (mc_day_of_time (at), &y, &m, &d);
  prefix = g_strdup_printf ("%s-%02d%02d%02d-", agency, y % 100, m, d);
  if (!mc_store_take_dossier_number (store, prefix, &number, error))
    return NULL;
  return g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, number);
}

/* The new dossier as stored: cleaned texts, its appointment when it is received now. */
static McDossier *
intake_dossier (McStore *store, gint64 actor_id, const McIntake *in, const McProcedure *p,
                McTime at, const char *code)
{
  McDossier *d = mc_dossier_new ();

  d->code = g_strdup (code);
  d->procedure_id = p->id;
  d->channel = in->channel;
  if (in->channel == MC_CHANNEL_ONLINE)
    {
      /* Not received yet: the desk accepts it, and the appointment is fixed then. */
      d->status = MC_STATUS_NEW;
      d->submitted_at = at;
    }
  else
    {
      d->status = MC_STATUS_RECEIVED;
      d->received_at = at;
      d->due_at = mc_calendar_due (mc_store_get_calendar (store), p->limit_kind, p->limit_value,
                                   at);
      d->receiver_id = actor_id;
    }
  /* At the desk the flag is derived from the files attached (mc-attachment.c); the system
   * (the demo) still says. */
  d->digitized_input = actor_id == 0 && in->digitized_input != FALSE;
  d->fee = in->fee;
  d->paid_online = in->paid_online != FALSE;
  d->applicant_name = clean_text (in->applicant_name);
  d->applicant_id_number = clean_text (in->applicant_id_number);
  d->applicant_phone = clean_text (in->applicant_phone);
  d->applicant_address = clean_text (in->applicant_address);
  d->applicant_email = clean_text (in->applicant_email);
  d->representative_name = clean_text (in->representative_name);
  d->representative_phone = clean_text (in->representative_phone);
  d->representative_id_number = clean_text (in->representative_id_number);
  d->request = clean_text (in->request);
  for (guint i = 0; in->documents != NULL && i < in->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (in->documents, i);
      g_autofree char *name = clean_text (doc->name);

      g_ptr_array_add (d->documents,
                       mc_dossier_document_new (name, doc->copy_kind, doc->quantity, TRUE));
    }
  return d;
}

typedef struct {
  gint64          actor_id;
  const McIntake *intake;
  McProcedure    *procedure;
  McAction        action;
  gint64          id;          /* out */
  GPtrArray      *mimes;       /* of the files, checked before the transaction */
} Intake;

static gboolean
intake_work (McStore *store, gpointer data, GError **error)
{
  Intake *in = data;
  g_autofree char *code = NULL;
  g_autofree char *details = NULL;
  g_autoptr(McDossier) d = NULL;
  McEvent event = { 0 };
  McTime at;

  /* The role inside the transaction: an account disabled a moment ago receives nothing. */
  if (in->actor_id != 0)
    {
      McRole role = mc_store_actor_role (store, in->actor_id);

      if (read_only_reason (role) != NULL || !(rules[in->action].roles & BIT (role)))
        return refuse_role (in->action, role, error);
    }
  at = in->intake->at != 0 ? in->intake->at : mc_store_now (store);
  code = next_code (store, at, error);
  if (code == NULL)
    return FALSE;
  d = intake_dossier (store, in->actor_id, in->intake, in->procedure, at, code);
  in->id = mc_store_insert_dossier (store, d, error);
  if (in->id == 0)
    return FALSE;
  if (in->intake->files != NULL && in->intake->files->len > 0 &&
      !mc_dossier_attach_in_transaction (store, in->actor_id, in->id, in->intake->files,
                                         in->mimes, FALSE, NULL, error))
    return FALSE;

  event.dossier_id = in->id;
  event.at = at;
  event.actor_id = in->actor_id;
  event.action = in->action;
  event.to_status = rules[in->action].to_status;
  details = g_strdup_printf ("%s: →%d; %s", code, event.to_status, in->procedure->code);
  return mc_store_insert_event (store, &event, error) &&
         mc_audit_append (store, in->actor_id, rules[in->action].audit_name, "dossier", in->id,
                          details, error);
}

gint64
mc_workflow_intake (McStore *store, gint64 actor_id, const McIntake *intake, GError **error)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GPtrArray) mimes = NULL;
  Intake in = { actor_id, intake, NULL, 0, 0, NULL };

  g_return_val_if_fail (MC_IS_STORE (store), 0);
  g_return_val_if_fail (intake != NULL, 0);

  in.action = intake->channel == MC_CHANNEL_ONLINE ? MC_ACTION_SUBMIT_ONLINE : MC_ACTION_RECEIVE;
  if (actor_id != 0)
    {
      McRole role;

      if (!mc_store_get_actor_role (store, actor_id, &role, error))
        return 0;
      if (read_only_reason (role) != NULL || !(rules[in.action].roles & BIT (role)))
        return refuse_role (in.action, role, error);
    }
  if (!validate_intake (intake, error))
    return 0;
  procedure = intake_procedure (store, intake->procedure_id, error);
  if (procedure == NULL)
    return 0;
  in.procedure = procedure;
  mimes = g_ptr_array_new_with_free_func (g_free);
  if (intake->files != NULL && !mc_attachment_check_files (intake->files, mimes, error))
    return 0;
  in.mimes = mimes;
  if (!mc_store_transact (store, intake_work, &in, error))
    return 0;
  return in.id;
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
                          at != 0 ? at : mc_store_now (store));
}

/* ---- Transitions ---- */

static gboolean check_mandatory_done (McStore *store, const McDossier *d, GError **error);

static gboolean
check_time (McStore *store, const McDossier *d, McTime at, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  McTime last = mc_store_last_event_time (store, d->id, &local_error);
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
      /* An officer's result is digitised by its files (mc-attachment.c), never ticked; the
       * system (the demo) still says. */
      if (actor_id == 0)
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

typedef struct {
  gint64              actor_id;
  gint64              dossier_id;
  McAction            action;
  const McActionArgs *args;
  McSigner           *signer;
} Apply;

/* The sentence for an action decided on a dossier that another workstation changed since. */
static gboolean
refuse_changed (McStore *store, const McDossier *d, GError **error)
{
  g_autofree char *who = mc_store_last_actor_name (store, d->id);

  if (who != NULL && who[0] != '\0')
    g_set_error (error, MC_ERROR, MC_ERROR_CONFLICT,
                 _("Dossier %s was just changed by %s on another workstation (it is now “%s”); "
                   "look at it again."), d->code, who, mc_status_to_string (d->status));
  else
    g_set_error (error, MC_ERROR, MC_ERROR_CONFLICT,
                 _("Dossier %s was just changed on another workstation (it is now “%s”); look "
                   "at it again."), d->code, mc_status_to_string (d->status));
  return FALSE;
}

/* Supplements: what the request lists as missing is added to the dossier's documents as not
 * received; when the supplement comes, the documents that came are ticked (all of them when the
 * caller names none). */
static gboolean
write_documents (McStore *store, const McDossier *d, McAction action, const McActionArgs *args,
                 GError **error)
{
  if (action == MC_ACTION_REQUEST_SUPPLEMENT)
    {
      for (guint i = 0; args->documents != NULL && i < args->documents->len; i++)
        {
          const McDossierDocument *doc = g_ptr_array_index (args->documents, i);
          g_autoptr(McDossierDocument) missing = NULL;
          g_autofree char *name = clean_text (doc->name);

          missing = mc_dossier_document_new (name, doc->copy_kind, MAX (doc->quantity, 1), FALSE);
          if (!mc_store_add_document (store, d->id, missing, error))
            return FALSE;
        }
      return TRUE;
    }
  if (action == MC_ACTION_SUPPLEMENT_RECEIVED)
    {
      g_autoptr(GArray) all = NULL;
      const GArray *came = args->received_documents;

      if (came == NULL)
        {
          all = g_array_new (FALSE, FALSE, sizeof (int));
          for (guint i = 0; i < d->documents->len; i++)
            if (!((McDossierDocument *) g_ptr_array_index (d->documents, i))->received)
              {
                int pos = (int) i;
                g_array_append_val (all, pos);
              }
          came = all;
        }
      for (guint i = 0; i < came->len; i++)
        {
          int pos = g_array_index (came, int, i);

          if (pos < 0 || (guint) pos >= d->documents->len)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Dossier %s has no document no. %d."), d->code, pos + 1);
              return FALSE;
            }
        }
      return mc_store_set_documents_received (store, d->id, came, TRUE, error);
    }
  return TRUE;
}

static gboolean
check_supplement_documents (const McActionArgs *args, GError **error)
{
  return args->documents == NULL || check_documents (args->documents, error);
}

/* The actions after which the digitisation flags may change: papers come in without a scan, a
 * result is recorded that may already have one. */
static gboolean
derives_digitized (McAction action)
{
  return action == MC_ACTION_SUPPLEMENT_RECEIVED || action == MC_ACTION_REQUEST_SUPPLEMENT ||
         action == MC_ACTION_RECORD_RESULT;
}

/* Read, checked and written in one transaction: a change that another workstation made since
 * the officer looked is seen here, and refused rather than written over. */
static gboolean
apply_work (McStore *store, gpointer data, GError **error)
{
  Apply *a = data;
  const McActionArgs *args = a->args;
  g_autoptr(McDossier) d = NULL;
  g_autofree char *note = NULL;
  g_autofree char *details = NULL;
  McDossier before;
  McEvent event = { 0 };
  McAction action = a->action;
  McTime at;
  McRole role = 0;

  d = mc_store_get_dossier (store, a->dossier_id, error);
  if (d == NULL)
    return FALSE;
  if (args->expected_version != 0 && d->version != args->expected_version)
    return refuse_changed (store, d, error);
  at = args->at != 0 ? args->at : mc_store_now (store);
  if (a->actor_id != 0)
    role = mc_store_actor_role (store, a->actor_id);
  if (!check_rule (action, d->status, d->step, role,
                   d->handler_id != 0 && d->handler_id == a->actor_id, a->actor_id == 0, error))
    return FALSE;

  note = clean_text (args->note);
  if (rules[action].reason_prompt != NULL && note[0] == '\0')
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID, _(rules[action].reason_prompt));
      return FALSE;
    }
  if (mc_workflow_needs_first_time_reason (d, action))
    {
      g_autofree char *why = clean_text (args->first_time_reason);
      char *both;

      if (why[0] == '\0')
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Dossier %s already had a supplement request: say why what is missing "
                         "now was not asked for the first time (a second request makes the "
                         "dossier late)."), d->code);
          return FALSE;
        }
      /* Kept in the words of the form it prints on (form 02 reads a "Lý do:" line as the
       * reason, not as a paper to bring), whatever the language of the workstation. */
      both = g_strdup_printf ("%s\nLý do: lần đầu chưa yêu cầu vì %s", note, why);
      g_free (note);
      note = both;
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
  if (action == MC_ACTION_SUBMIT_FOR_SIGNATURE && !check_mandatory_done (store, d, error))
    return FALSE;
  if (action == MC_ACTION_SUBMIT_FOR_SIGNATURE && is_blank (args->result) && is_blank (d->result))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Write the proposed result of dossier %s: it is what the leader signs."),
                   d->code);
      return FALSE;
    }
  if (action == MC_ACTION_SIGN && a->actor_id != 0 &&
      (a->signer == NULL || is_blank (d->result)))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s has no result to sign: the specialist submits it for "
                     "signature with its result."), d->code);
      return FALSE;
    }

  /* Only the scalar fields of BEFORE are read: it shares D's strings. */
  before = *d;
  if (!transform (store, d, action, args, at, a->actor_id, error))
    return FALSE;

  event.dossier_id = d->id;
  event.at = at;
  event.actor_id = a->actor_id;
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

  return mc_store_update_dossier (store, d, error) &&
         write_documents (store, d, action, args, error) &&
         (a->actor_id == 0 || !derives_digitized (action) ||
          mc_dossier_derive_digitized (store, d->id, at, error)) &&
         mc_store_insert_event (store, &event, error) &&
         (a->signer == NULL || mc_signature_write (store, a->signer, d->id, at, error) != 0) &&
         mc_audit_append (store, a->actor_id, rules[action].audit_name, "dossier", d->id, details,
                          error);
}

static gboolean
apply_action (McStore *store, gint64 actor_id, gint64 dossier_id, McAction action,
              const McActionArgs *args, const char *password, GError **error)
{
  static const McActionArgs no_args = { 0 };
  g_autoptr(McSigner) signer = NULL;
  Apply a = { actor_id, dossier_id, action, args != NULL ? args : &no_args, NULL };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (!action_is_valid (action))
    return check_rule (action, 0, 0, 0, FALSE, FALSE, error);
  if (!check_utf8 (a.args->note, _("note"), error) ||
      !check_utf8 (a.args->result, _("result"), error) ||
      !check_utf8 (a.args->first_time_reason, _("reason"), error) ||
      !check_supplement_documents (a.args, error))
    return FALSE;

  /* The leader's key is opened before the transaction: it is slow on purpose, and nothing
   * waits on it. The rule is checked again inside. */
  if (action == MC_ACTION_SIGN && actor_id != 0)
    {
      g_autoptr(McDossier) d = mc_store_get_dossier (store, dossier_id, error);
      McRole role;

      /* Who may sign what is said before the password is asked for; a dossier changed since
       * the leader read it is said to have changed (it may no longer wait for a signature). */
      if (d != NULL && a.args->expected_version != 0 && d->version != a.args->expected_version)
        return refuse_changed (store, d, error);
      if (d == NULL || !mc_store_get_actor_role (store, actor_id, &role, error) ||
          !check_rule (action, d->status, d->step, role,
                       d->handler_id != 0 && d->handler_id == actor_id, FALSE, error))
        return FALSE;
      signer = unlock_signer (store, actor_id, d, password, error);
      if (signer == NULL)
        return FALSE;
      a.signer = signer;
    }
  return mc_store_transact (store, apply_work, &a, error);
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

  return mc_workflow_sign_full (store, actor_id, dossier_id, password, &args, error);
}

gboolean
mc_workflow_sign_full (McStore *store, gint64 actor_id, gint64 dossier_id, const char *password,
                       const McActionArgs *args, GError **error)
{
  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  if (actor_id == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only a vice-chairman or the chairman can sign dossiers."));
      return FALSE;
    }
  return apply_action (store, actor_id, dossier_id, MC_ACTION_SIGN, args, password, error);
}

gboolean
mc_dossier_is_overdue (const McDossier *d, McTime t)
{
  /* The same rule in SQL: mc-store-queue.c (MC_DUE_OVERDUE) and the KPIs' open counts. */
  return d != NULL && d->due_at != MC_TIME_NONE && d->due_at < t &&
         (d->status == MC_STATUS_RECEIVED || d->status == MC_STATUS_PROCESSING ||
          d->status == MC_STATUS_PAYMENT);
}

/* ---- Calendar changes ---- */

/* Appointments of open dossiers from the current calendar; the apology appointments are promises
 * already made and stay as they are. */
typedef struct {
  const McCalendar *cal;
  GArray           *ids;
  GArray           *dues;
} Recompute;

static void
recompute_one (gint64 id, McTime received, McTime old_due, gint64 paused, int limit_kind,
               int limit_value, gpointer data)
{
  Recompute *r = data;
  McTime due = mc_calendar_due (r->cal, limit_kind, limit_value, received);

  if (paused > 0)
    due = mc_calendar_add_working (r->cal, due, paused);
  if (due != old_due)
    {
      g_array_append_val (r->ids, id);
      g_array_append_val (r->dues, due);
    }
}

static gint64
recompute_due (McStore *store, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dues = g_array_new (FALSE, FALSE, sizeof (McTime));
  Recompute r = { mc_store_get_calendar (store), ids, dues };

  if (!mc_store_foreach_open_dossier (store, recompute_one, &r, error))
    return -1;
  /* One audit record per dossier: a checkpoint's check (mc-checkpoint.c) then knows each
   * appointment that moved was moved by the program. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *due = mc_time_to_iso (g_array_index (dues, McTime, i));
      g_autofree char *details = g_strdup_printf ("appointment %s", due);

      if (!mc_store_set_due (store, g_array_index (ids, gint64, i),
                             g_array_index (dues, McTime, i), error) ||
          !mc_audit_append (store, 0, "dossier.due", "dossier", g_array_index (ids, gint64, i),
                            details, error))
        return -1;
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
  return mc_store_write_year_days (store, year, mc_day_from_ymd (year, 1, 1),
                                   mc_day_from_ymd (year, 12, 31), days, "edited", error);
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

  if (!validate_year_days (year, days, error))
    return FALSE;
  for (guint i = 0; days != NULL && i < days->len; i++)
    off += g_array_index (days, McSpecialDay, i).kind == MC_DAY_OFF;
  what = g_strdup_printf ("%d: %u days off, %u days worked", year, off,
                          (days ? days->len : 0) - off);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!require_admin (store, actor_id, error) ||
      !write_year_days (store, year, days, error) ||
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

  if (!mc_office_hours_validate (hours, error))
    return FALSE;
  what = g_strdup_printf ("office hours %02d:%02d–%02d:%02d, %02d:%02d–%02d:%02d",
                          hours->am_start / 60, hours->am_start % 60,
                          hours->am_end / 60, hours->am_end % 60,
                          hours->pm_start / 60, hours->pm_start % 60,
                          hours->pm_end / 60, hours->pm_end % 60);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!require_admin (store, actor_id, error) ||
      !write_minutes (store, "office.am_start", hours->am_start, error) ||
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

gboolean
mc_workflow_needs_first_time_reason (const McDossier *d, McAction action)
{
  return d != NULL && action == MC_ACTION_REQUEST_SUPPLEMENT && d->supplement_count >= 1;
}

const char *
mc_workflow_first_time_reason_prompt (void)
{
  return _("_Why it was not asked for the first time");
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

/* ---- Mandatory steps ---- */

void
mc_step_check_free (McStepCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->started_by);
  g_free (c->done_by);
  g_free (c->note);
  g_free (c);
}

static char *
officer_name (McStore *store, gint64 id)
{
  g_autoptr(McOfficer) o = id != 0 ? mc_store_get_officer (store, id, NULL) : NULL;

  return g_strdup (o != NULL ? o->name : "");
}

/* The mandatory steps of D's procedure with their records. */
static GPtrArray *
mandatory_steps (McStore *store, const McDossier *d, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_step_check_free);
  g_autoptr(McProcedure) p = mc_store_get_procedure (store, d->procedure_id, error);
  g_autoptr(GArray) records = NULL;

  if (p == NULL)
    return NULL;
  records = mc_store_list_step_records (store, d->id, error);
  if (records == NULL)
    return NULL;
  for (guint i = 0; i < p->steps->len; i++)
    {
      const McStepTemplate *t = g_ptr_array_index (p->steps, i);
      McStepCheck *c;

      if (!t->mandatory)
        continue;
      c = g_new0 (McStepCheck, 1);
      c->position = (int) i;
      c->name = g_strdup (t->name);
      c->role = t->role;
      c->min_days = t->min_days;
      c->started_at = MC_TIME_NONE;
      c->done_at = MC_TIME_NONE;
      for (guint k = 0; k < records->len; k++)
        {
          const McStoreStepRecord *r = &g_array_index (records, McStoreStepRecord, k);

          if (r->position != (int) i)
            continue;
          c->started_at = r->started_at;
          c->started_by = officer_name (store, r->started_by);
          c->done_at = r->done_at;
          c->done_by = officer_name (store, r->done_by);
          c->note = g_strdup (r->note);
        }
      if (c->started_by == NULL)
        c->started_by = g_strdup ("");
      if (c->done_by == NULL)
        c->done_by = g_strdup ("");
      if (c->note == NULL)
        c->note = g_strdup ("");
      g_ptr_array_add (list, c);
    }
  return g_steal_pointer (&list);
}

GPtrArray *
mc_workflow_mandatory_steps (McStore *store, gint64 dossier_id, GError **error)
{
  g_autoptr(McDossier) d = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  d = mc_store_get_dossier (store, dossier_id, error);
  if (d == NULL)
    return NULL;
  return mandatory_steps (store, d, error);
}

/* Submitting for signature: every mandatory step recorded first (the letter's "wrong procedure
 * for first-time land-use certificates"). */
static gboolean
check_mandatory_done (McStore *store, const McDossier *d, GError **error)
{
  g_autoptr(GPtrArray) steps = mandatory_steps (store, d, error);

  if (steps == NULL)
    return FALSE;
  for (guint i = 0; i < steps->len; i++)
    {
      const McStepCheck *c = g_ptr_array_index (steps, i);

      if (c->done_at == MC_TIME_NONE)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Dossier %s cannot go for signature yet: the mandatory step “%s” has "
                         "not been recorded."), d->code, c->name);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct {
  gint64      actor_id;
  gint64      dossier_id;
  int         position;
  gboolean    begin;
  const char *note;
} StepWork;

static gboolean
record_step_work (McStore *store, gpointer data, GError **error)
{
  StepWork *w = data;
  g_autoptr(McDossier) d = mc_store_get_dossier (store, w->dossier_id, error);
  g_autoptr(GPtrArray) steps = NULL;
  g_autofree char *note = clean_text (w->note);
  g_autofree char *details = NULL;
  McStepCheck *c = NULL;
  McStoreStepRecord r = { 0 };
  McRole role;
  McTime now = mc_store_now (store);

  if (d == NULL)
    return FALSE;
  role = mc_store_actor_role (store, w->actor_id);
  if (w->actor_id == 0 ||
      !(d->handler_id == w->actor_id || role == MC_ROLE_VICE_CHAIRMAN ||
        role == MC_ROLE_CHAIRMAN))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                   _("Only the officer handling dossier %s, or a leader, records its steps."),
                   d->code);
      return FALSE;
    }
  if (d->status != MC_STATUS_PROCESSING && d->status != MC_STATUS_PAYMENT)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Dossier %s is not being processed: its steps are recorded while it is."),
                   d->code);
      return FALSE;
    }
  steps = mandatory_steps (store, d, error);
  if (steps == NULL)
    return FALSE;
  for (guint i = 0; i < steps->len; i++)
    {
      McStepCheck *s = g_ptr_array_index (steps, i);

      if (s->position == w->position)
        {
          c = s;
          break;
        }
      if (s->done_at == MC_TIME_NONE)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Record the step “%s” of dossier %s first: the mandatory steps are "
                         "done in order."), s->name, d->code);
          return FALSE;
        }
    }
  if (c == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Step %d of dossier %s is not one of its procedure's mandatory steps."),
                   w->position + 1, d->code);
      return FALSE;
    }
  if (c->done_at != MC_TIME_NONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                   _("The step “%s” of dossier %s is already recorded."), c->name, d->code);
      return FALSE;
    }

  r.position = c->position;
  r.note = note;
  if (c->min_days > 0 && w->begin)
    {
      if (c->started_at != MC_TIME_NONE)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_EXISTS,
                       _("The step “%s” of dossier %s has already begun."), c->name, d->code);
          return FALSE;
        }
      r.started_at = now;
      r.started_by = w->actor_id;
      r.done_at = MC_TIME_NONE;
    }
  else if (c->min_days > 0)
    {
      McDay began, ends;

      if (c->started_at == MC_TIME_NONE)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The step “%s” of dossier %s lasts %d days: record when it begins "
                         "first."), c->name, d->code, c->min_days);
          return FALSE;
        }
      /* Calendar days, weekends and days off included. */
      began = mc_day_of_time (c->started_at);
      ends = began + c->min_days;
      if (mc_day_of_time (now) < ends)
        {
          g_autofree char *began_text = mc_format_day (began);
          g_autofree char *ends_text = mc_format_day (ends);

          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The step “%s” of dossier %s began on %s and lasts %d calendar days: "
                         "it can be ended from %s."), c->name, d->code, began_text,
                       c->min_days, ends_text);
          return FALSE;
        }
      r.started_at = c->started_at;
      r.done_at = now;
      r.done_by = w->actor_id;
      if (note[0] == '\0')
        {
          g_free (note);
          note = g_strdup (c->note);
          r.note = note;
        }
    }
  else
    {
      r.started_at = now;
      r.started_by = w->actor_id;
      r.done_at = now;
      r.done_by = w->actor_id;
    }
  if (!mc_store_write_step_record (store, d->id, &r, error))
    return FALSE;
  details = g_strdup_printf ("%s step %d: %s%s%s", r.done_at == MC_TIME_NONE ? "begun" : "done",
                             c->position + 1, c->name, note[0] ? "; " : "", note);
  return mc_audit_append (store, w->actor_id, "dossier.step", "dossier", d->id, details, error);
}

gboolean
mc_workflow_record_step (McStore *store, gint64 actor_id, gint64 dossier_id, int position,
                         gboolean begin, const char *note, GError **error)
{
  StepWork w = { actor_id, dossier_id, position, begin, note };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  return mc_store_transact (store, record_step_work, &w, error);
}
