/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier receive | show | list | act: the desk's work from a script (CLI.md). */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-attachment.h"
#include "mc-account.h"
#include "mc-cli.h"
#include "mc-date.h"
#include "mc-report.h"
#include "mc-signature.h"
#include "mc-text.h"
#include "mc-workflow.h"

/* The words of CLI.md for the actions, and for the events of a timeline. */
static const struct { const char *word; McAction action; } action_words[] = {
  { "accept", MC_ACTION_ACCEPT },
  { "refuse", MC_ACTION_REFUSE },
  { "assign", MC_ACTION_ASSIGN },
  { "reassign", MC_ACTION_REASSIGN },
  { "supplement", MC_ACTION_REQUEST_SUPPLEMENT },
  { "supplement-received", MC_ACTION_SUPPLEMENT_RECEIVED },
  { "request-payment", MC_ACTION_REQUEST_PAYMENT },
  { "payment-received", MC_ACTION_PAYMENT_RECEIVED },
  { "submit", MC_ACTION_SUBMIT_FOR_SIGNATURE },
  { "sign", MC_ACTION_SIGN },
  { "send-back", MC_ACTION_SEND_BACK },
  { "result", MC_ACTION_RECORD_RESULT },
  { "hand-over", MC_ACTION_HAND_OVER },
  { "withdraw", MC_ACTION_WITHDRAW },
  { "stop", MC_ACTION_STOP },
  { "apologize", MC_ACTION_APOLOGIZE },
};

static const char *
action_word (McAction action)
{
  switch (action)
    {
    case MC_ACTION_RECEIVE:       return "receive";
    case MC_ACTION_SUBMIT_ONLINE: return "submit-online";
    case MC_ACTION_IMPORT:        return "import";
    default:
      for (gsize i = 0; i < G_N_ELEMENTS (action_words); i++)
        if (action_words[i].action == action)
          return action_words[i].word;
      return "edit";
    }
}

/* ---- JSON ---- */

static void
json_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
json_time (GString *out, McTime t)
{
  g_autofree char *iso = NULL;
  int y, m, d, minute;

  if (t == MC_TIME_NONE)
    {
      g_string_append (out, "null");
      return;
    }
  mc_day_to_ymd (mc_day_of_time (t), &y, &m, &d);
  minute = mc_minute_of_time (t);
  g_string_append_printf (out, "\"%04d-%02d-%02d %02d:%02d:%02d\"", y, m, d, minute / 60,
                          minute % 60, (int) (((t % 60) + 60) % 60));
}

typedef struct {
  McStore    *store;
  GHashTable *usernames;    /* officer id → user name (or full name without an account) */
  McTime      now;
} Show;

static const char *
username_of (Show *s, gint64 officer_id)
{
  if (officer_id == 0)
    return NULL;
  return g_hash_table_lookup (s->usernames, &officer_id);
}

static void
load_usernames (Show *s)
{
  g_autoptr(GPtrArray) officers = mc_store_list_officers (s->store, NULL);

  s->usernames = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      const McOfficer *o = g_ptr_array_index (officers, i);
      gint64 *id = g_new (gint64, 1);

      *id = o->id;
      g_hash_table_insert (s->usernames, id,
                           g_strdup (o->username && o->username[0] ? o->username : o->name));
    }
}

/* Late: resolved late, or open and overdue now (DOMAIN.md §5), or past one supplement. */
static gboolean
dossier_is_late (const McDossier *d, McTime now)
{
  if (d->status == MC_STATUS_RESOLVED || d->status == MC_STATUS_RETURNED)
    return d->outcome == MC_OUTCOME_LATE;
  return d->supplement_count > 1 || mc_dossier_is_overdue (d, now);
}

/* The SHA-256 of the current files of POSITION, in the order they were attached. */
static void
json_files (GString *out, GPtrArray *files, int position)
{
  gboolean first = TRUE;

  g_string_append (out, "[");
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      const McAttachment *a = g_ptr_array_index (files, i);

      if (a->position != position)
        continue;
      g_string_append (out, first ? "" : ", ");
      json_string (out, a->hash);
      first = FALSE;
    }
  g_string_append (out, "]");
}

static void
append_dossier (Show *s, GString *out, const McDossier *d, gboolean with_events,
                const char *indent)
{
  g_autoptr(McProcedure) proc = mc_store_get_procedure (s->store, d->procedure_id, NULL);
  g_autoptr(GPtrArray) files = NULL;
  gboolean signed_ = d->step == MC_STEP_SIGNED || d->status == MC_STATUS_RESOLVED ||
                     d->status == MC_STATUS_RETURNED;

  g_string_append_printf (out, "%s{\n%s  \"code\": ", indent, indent);
  json_string (out, d->code);
  g_string_append_printf (out, ",\n%s  \"status\": %d,\n%s  \"step\": %d,\n%s  \"channel\": %d,\n"
                          "%s  \"procedure\": ", indent, d->status, indent, d->step, indent,
                          d->channel, indent);
  json_string (out, d->procedure_code);
  g_string_append_printf (out, ",\n%s  \"applicant\": ", indent);
  json_string (out, d->applicant_name);
  g_string_append_printf (out, ",\n%s  \"representative\": ", indent);
  json_string (out, d->representative_name[0] ? d->representative_name : NULL);
  g_string_append_printf (out, ",\n%s  \"handler\": ", indent);
  json_string (out, username_of (s, d->handler_id));
  g_string_append_printf (out, ",\n%s  \"receiver\": ", indent);
  json_string (out, username_of (s, d->receiver_id));
  g_string_append_printf (out, ",\n%s  \"submitted_at\": ", indent);
  json_time (out, d->submitted_at);
  g_string_append_printf (out, ",\n%s  \"received_at\": ", indent);
  json_time (out, d->received_at);
  g_string_append_printf (out, ",\n%s  \"due_at\": ", indent);
  json_time (out, d->due_at);
  g_string_append_printf (out, ",\n%s  \"ended_at\": ", indent);
  json_time (out, d->ended_at);
  g_string_append_printf (out, ",\n%s  \"returned_at\": ", indent);
  json_time (out, d->returned_at);
  g_string_append_printf (out, ",\n%s  \"supplements\": %d,\n%s  \"late\": %s,\n"
                          "%s  \"overdue\": %s,\n%s  \"signed\": %s,\n%s  \"result\": ",
                          indent, d->supplement_count, indent,
                          dossier_is_late (d, s->now) ? "true" : "false", indent,
                          mc_dossier_is_overdue (d, s->now) ? "true" : "false", indent,
                          signed_ ? "true" : "false", indent);
  json_string (out, d->result[0] ? d->result : NULL);
  files = mc_store_list_attachments (s->store, d->id, FALSE, NULL);
  g_string_append_printf (out, ",\n%s  \"version\": %" G_GINT64_FORMAT ",\n%s  \"documents\": [",
                          indent, d->version, indent);
  for (guint i = 0; i < d->documents->len; i++)
    {
      const McDossierDocument *doc = g_ptr_array_index (d->documents, i);
      gboolean required = FALSE;

      for (guint j = 0; proc != NULL && j < proc->documents->len; j++)
        {
          const McDocumentTemplate *t = g_ptr_array_index (proc->documents, j);

          if (g_str_equal (t->name, doc->name))
            required = t->required;
        }
      g_string_append_printf (out, "%s\n%s    {\"name\": ", i ? "," : "", indent);
      json_string (out, doc->name);
      g_string_append_printf (out, ", \"required\": %s, \"received\": %s, \"files\": ",
                              required ? "true" : "false", doc->received ? "true" : "false");
      json_files (out, files, (int) i);
      g_string_append (out, "}");
    }
  g_string_append_printf (out, "%s%s],\n%s  \"result_files\": ",
                          d->documents->len ? "\n  " : "", d->documents->len ? indent : "",
                          indent);
  json_files (out, files, MC_ATTACHMENT_RESULT);
  g_string_append_printf (out, ",\n%s  \"digitized_input\": %s,\n%s  \"digitized_result\": %s",
                          indent,
                          d->digitized_input ? "true" : "false", indent,
                          d->digitized_result ? "true" : "false");
  if (with_events)
    {
      g_autoptr(GPtrArray) events = mc_store_list_events (s->store, d->id, NULL);

      g_string_append_printf (out, ",\n%s  \"events\": [", indent);
      for (guint i = 0; events != NULL && i < events->len; i++)
        {
          const McEvent *e = g_ptr_array_index (events, i);

          g_string_append_printf (out, "%s\n%s    {\"at\": ", i ? "," : "", indent);
          json_time (out, e->at);
          g_string_append (out, ", \"action\": ");
          json_string (out, action_word (e->action));
          g_string_append (out, ", \"officer\": ");
          json_string (out, username_of (s, e->actor_id));
          g_string_append (out, ", \"note\": ");
          json_string (out, e->note);
          g_string_append (out, "}");
        }
      g_string_append_printf (out, "%s%s]", events != NULL && events->len ? "\n  " : "",
                              events != NULL && events->len ? indent : "");
    }
  g_string_append_printf (out, "\n%s}", indent);
}

static void
print_text (Show *s, const McDossier *d)
{
  g_autofree char *due = d->due_at != MC_TIME_NONE ? mc_time_to_iso (d->due_at) : g_strdup ("-");
  const char *handler = username_of (s, d->handler_id);

  g_print ("%s\n", d->code);
  g_print ("  %s: %s (%s)\n", _("Procedure"), d->procedure_name, d->procedure_code);
  g_print ("  %s: %s\n", _("Applicant"), d->applicant_name);
  g_print ("  %s: %s\n", _("Status"), mc_status_to_string (d->status));
  if (d->status == MC_STATUS_PROCESSING)
    g_print ("  %s: %s\n", _("Step"), mc_step_to_string (d->step));
  g_print ("  %s: %s\n", _("Appointment"), due);
  g_print ("  %s: %s\n", _("Handler"), handler ? handler : "-");
  if (d->result[0])
    g_print ("  %s: %s\n", _("Result"), d->result);
}

/* ---- Commands ---- */

static int
dossier_show (const char *db_path, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  Show s = { 0 };

  g_option_context_set_summary (context, _("Show one dossier."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage (_("usage: motcua-cli dossier show CODE [--json]"));
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (d = mc_store_find_dossier (store, argv[1], &error)) == NULL)
    return mc_cli_fail (error);
  s.store = store;
  s.now = mc_now ();
  load_usernames (&s);
  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_dossier (&s, out, d, TRUE, "");
      g_print ("%s\n", out->str);
    }
  else
    print_text (&s, d);
  g_hash_table_unref (s.usernames);
  return MC_EXIT_OK;
}

static int
dossier_list (const char *db_path, int argc, char **argv)
{
  gboolean json = FALSE, overdue = FALSE;
  int status = 0;
  g_autofree char *handler = NULL;
  g_autofree char *search = NULL;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_INT, &status, N_("only this status (1–10)"), "N" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &handler, N_("only this officer's dossiers"),
      N_("USER") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("only the dossiers overdue now"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("a name, phone, ID number or code (applicant's or representative's)"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  McQuery q = { 0 };
  Show s = { 0 };

  g_option_context_set_summary (context,
      _("List dossiers by appointment, one code a line (or as JSON)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 1)
    return mc_cli_usage (_("“dossier list” takes no arguments besides its options"));
  if (status != 0 && (status < MC_STATUS_NEW || status > MC_STATUS_RETURNED))
    return mc_cli_usage (_("--status must be a status code from 1 to 10"));
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  if (handler != NULL)
    {
      g_autoptr(McOfficer) o = mc_account_find (store, handler, &error);

      if (o == NULL)
        return mc_cli_fail (error);
      q.handler_id = o->id;
    }
  if (status != 0)
    q.statuses = 1u << status;
  q.due = overdue ? MC_DUE_OVERDUE : MC_DUE_ANY;
  q.search = search;
  q.sort = MC_SORT_DUE;
  ids = mc_store_query_ids (store, &q, &error);
  if (ids == NULL)
    return mc_cli_fail (error);

  s.store = store;
  s.now = mc_now ();
  if (json)
    {
      load_usernames (&s);
      g_string_append (out, "[");
    }
  for (guint i = 0; i < ids->len; i += 256)
    {
      guint n = MIN (256, ids->len - i);
      g_autoptr(GPtrArray) rows = mc_store_get_dossier_rows (store, &g_array_index (ids, gint64, i),
                                                             n, &error);

      if (rows == NULL)
        return mc_cli_fail (error);
      for (guint r = 0; r < rows->len; r++)
        {
          const McDossier *d = g_ptr_array_index (rows, r);

          if (!json)
            {
              g_print ("%s\n", d->code);
              continue;
            }
          {
            /* The rows of a page lack their documents: read each whole. */
            g_autoptr(McDossier) full = mc_store_get_dossier (store, d->id, &error);

            if (full == NULL)
              return mc_cli_fail (error);
            g_string_append (out, out->len > 1 ? ",\n" : "\n");
            append_dossier (&s, out, full, FALSE, "  ");
          }
        }
    }
  if (json)
    {
      g_string_append (out, out->len > 1 ? "\n]" : "]");
      g_print ("%s\n", out->str);
      g_hash_table_unref (s.usernames);
    }
  return MC_EXIT_OK;
}

static int
dossier_receive (const char *db_path, int argc, char **argv)
{
  g_autofree char *procedure = NULL, *applicant = NULL, *id_number = NULL, *phone = NULL;
  g_autofree char *address = NULL, *representative = NULL, *representative_phone = NULL;
  g_autofree char *representative_id = NULL, *request = NULL;
  int channel = MC_CHANNEL_DESK;
  const GOptionEntry entries[] = {
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &procedure, N_("the procedure's code"),
      N_("CODE") },
    { "applicant", 0, 0, G_OPTION_ARG_STRING, &applicant, N_("the applicant's full name"),
      N_("NAME") },
    { "id-number", 0, 0, G_OPTION_ARG_STRING, &id_number, N_("the applicant's ID number"), "N" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("the applicant's phone"), "P" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("the applicant's address"), "A" },
    { "representative", 0, 0, G_OPTION_ARG_STRING, &representative,
      N_("who filed it, when not the applicant"), N_("NAME") },
    { "representative-phone", 0, 0, G_OPTION_ARG_STRING, &representative_phone,
      N_("the representative's phone"), "P" },
    { "representative-id", 0, 0, G_OPTION_ARG_STRING, &representative_id,
      N_("the representative's ID number"), "N" },
    { "request", 0, 0, G_OPTION_ARG_STRING, &request, N_("what is asked"), N_("TEXT") },
    { "channel", 0, 0, G_OPTION_ARG_INT, &channel,
      N_("1 at the desk (default), 2 an online submission, 3 by post"), "1|2|3" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProcedure) p = NULL;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (
      (GDestroyNotify) mc_dossier_document_free);
  g_autoptr(McDossier) d = NULL;
  McIntake in = { 0 };
  gint64 actor, id;

  g_option_context_set_summary (context,
      _("Receive a dossier at the desk (or record an online submission) with the procedure's "
        "required documents; prints the new code."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 1 || procedure == NULL || applicant == NULL)
    return mc_cli_usage (_("usage: motcua-cli --as USER dossier receive --procedure CODE "
                           "--applicant NAME [OPTIONS]"));
  if (channel < MC_CHANNEL_DESK || channel > MC_CHANNEL_POST)
    return mc_cli_usage (_("--channel must be 1, 2 or 3"));

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (actor = mc_cli_sign_in (store, NULL, &error)) == 0 ||
      (p = mc_store_find_procedure (store, procedure, &error)) == NULL)
    return mc_cli_fail (error);
  for (guint i = 0; i < p->documents->len; i++)
    {
      const McDocumentTemplate *t = g_ptr_array_index (p->documents, i);

      if (t->required)
        g_ptr_array_add (documents, mc_dossier_document_new (t->name, t->copy_kind, t->quantity,
                                                             TRUE));
    }
  in.procedure_id = p->id;
  in.channel = channel;
  in.applicant_name = applicant;
  in.applicant_id_number = id_number;
  in.applicant_phone = phone;
  in.applicant_address = address;
  in.representative_name = representative;
  in.representative_phone = representative_phone;
  in.representative_id_number = representative_id;
  in.request = request;
  in.documents = documents;
  in.fee = p->fee;
  id = mc_workflow_intake (store, actor, &in, &error);
  if (id == 0 || (d = mc_store_get_dossier (store, id, &error)) == NULL)
    return mc_cli_fail (error);
  g_print ("%s\n", d->code);
  return MC_EXIT_OK;
}

static int
dossier_act (const char *db_path, int argc, char **argv)
{
  g_autofree char *to = NULL, *note = NULL, *result = NULL, *due = NULL, *why = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("assign, reassign: the specialist"), N_("USER") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("the reason or a note"), N_("TEXT") },
    { "why-not-first", 0, 0, G_OPTION_ARG_STRING, &why,
      N_("a second supplement request: why it was not asked for the first time (default: the "
         "note)"), N_("TEXT") },
    { "result", 0, 0, G_OPTION_ARG_STRING, &result,
      N_("submit: the proposed result to be signed; result: the result"), N_("TEXT") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("apologize: the new appointment"),
      N_("YYYY-MM-DD HH:MM") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE ACTION"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autofree char *password = NULL;
  McActionArgs args = { 0 };
  McAction action = 0;
  gint64 actor;
  gboolean ok;

  g_option_context_set_summary (context,
      _("One action of the workflow on dossier CODE, as the officer of --as. ACTION is one of "
        "accept refuse assign reassign supplement supplement-received request-payment "
        "payment-received submit sign send-back result hand-over withdraw stop apologize."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 3)
    return mc_cli_usage (_("usage: motcua-cli --as USER dossier act CODE ACTION [OPTIONS]"));
  for (gsize i = 0; i < G_N_ELEMENTS (action_words); i++)
    if (g_str_equal (argv[2], action_words[i].word))
      action = action_words[i].action;
  if (action == 0)
    return mc_cli_usage (_("unknown action “%s”"), argv[2]);
  if (action == MC_ACTION_SUBMIT_FOR_SIGNATURE && (result == NULL || result[0] == '\0'))
    return mc_cli_usage (_("“submit” needs --result, the proposed result to be signed"));
  if (due != NULL && !mc_parse_time (due, &args.new_due))
    return mc_cli_usage (_("--due “%s” is not a time written YYYY-MM-DD HH:MM"), due);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (actor = mc_cli_sign_in (store, &password, &error)) == 0 ||
      (d = mc_store_find_dossier (store, argv[1], &error)) == NULL)
    return mc_cli_fail (error);
  if (to != NULL)
    {
      g_autoptr(McOfficer) o = mc_account_find (store, to, &error);

      if (o == NULL)
        return mc_cli_fail (error);
      args.officer_id = o->id;
    }
  args.note = note;
  args.result = result;
  /* One --note says both what is missing and why it was not asked before, unless said apart. */
  args.first_time_reason = why != NULL ? why : note;
  /* Decided on the dossier as read now: a change by someone else meanwhile is refused. */
  args.expected_version = d->version;
  if (action == MC_ACTION_SIGN)
    ok = mc_workflow_sign_full (store, actor, d->id, password, &args, &error);
  else
    ok = mc_workflow_apply (store, actor, d->id, action, &args, &error);
  if (!ok)
    return mc_cli_fail (error);
  return MC_EXIT_OK;
}

/* The dossier of CODE, or NULL with a sentence saying there is none. */
static McDossier *
find_dossier (McStore *store, const char *code, GError **error)
{
  g_autoptr(GError) local = NULL;
  McDossier *d = mc_store_find_dossier (store, code, &local);

  if (d == NULL && local == NULL)
    g_set_error (&local, MC_ERROR, MC_ERROR_NOT_FOUND, _("There is no dossier %s."), code);
  if (d == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return d;
}

/* dossier attach CODE FILE (--document N | --result): a scan or a file, checked by its bytes. */
static int
dossier_attach (const char *db_path, int argc, char **argv)
{
  gint document = 0;
  gboolean result = FALSE;
  const GOptionEntry entries[] = {
    { "document", 0, 0, G_OPTION_ARG_INT, &document,
      N_("the Nth document of the dossier (from 1, as in “dossier show --json”)"), N_("N") },
    { "result", 0, 0, G_OPTION_ARG_NONE, &result,
      N_("the result: its draft by the specialist who handles it, before it is submitted for "
         "signature (the signature covers it); the scan of the signed paper once it is "
         "recorded"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_file_free);
  g_autoptr(GPtrArray) hashes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  gint64 actor;

  g_option_context_set_summary (context,
      _("Attach a scan (PDF, JPEG or PNG, at most 20 MB) to the Nth document of dossier CODE or "
        "to its result, as the officer of --as; prints its SHA-256. A bad file is refused and "
        "nothing kept."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 3 || (document > 0) == result)
    return mc_cli_usage (_("usage: motcua-cli --as USER dossier attach CODE FILE "
                           "(--document N | --result)"));
  if (document < 0)
    return mc_cli_usage (_("--document must be 1 or more"));
  file = g_file_new_for_commandline_arg (argv[2]);
  name = g_file_get_basename (file);
  {
    /* A file far too large is refused before it is read. */
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, &error);

    if (info == NULL)
      return mc_cli_fail (error);
    if (g_file_info_get_size (info) > MC_ATTACHMENT_MAX_BYTES)
      {
        g_set_error (&error, MC_ERROR, MC_ERROR_INVALID,
                     _("%s: the file is larger than 20 MB; scan it at a lower resolution or "
                       "in grey."), name);
        return mc_cli_fail (error);
      }
  }
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    return mc_cli_fail (error);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL || (actor = mc_cli_sign_in (store, NULL, &error)) == 0)
    return mc_cli_fail (error);
  d = find_dossier (store, argv[1], &error);
  if (d == NULL)
    return mc_cli_fail (error);
  g_ptr_array_add (files, mc_attachment_file_new (result ? MC_ATTACHMENT_RESULT : document - 1,
                                                  bytes, name));
  if (!mc_dossier_attach (store, actor, d->id, files, FALSE, &hashes, &error))
    return mc_cli_fail (error);
  g_print ("%s\n", (char *) g_ptr_array_index (hashes, 0));
  return MC_EXIT_OK;
}

/* dossier export-files CODE FILE.pdf: the dossier's files as one PDF, a cover page first. */
static int
dossier_export_files (const char *db_path, int argc, char **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE FILE.pdf"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  int pages = 0;

  g_option_context_set_summary (context,
      _("Write the files of dossier CODE as one PDF for the archive or the province: a cover "
        "page with the dossier's code, procedure and applicant and, for each current file, its "
        "name, document, SHA-256, who attached it and when; then every page of every file. "
        "Prints the number of pages."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 3)
    return mc_cli_usage (_("usage: motcua-cli dossier export-files CODE FILE.pdf"));
  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  d = find_dossier (store, argv[1], &error);
  if (d == NULL)
    return mc_cli_fail (error);
  if (!mc_report_files_write_pdf (store, d->id, argv[2], &pages, &error))
    return mc_cli_fail (error);
  /* TRANSLATORS: "Wrote hoso.pdf (5 pages)" */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%d page)\n", "Wrote %s (%d pages)\n", pages),
           argv[2], pages);
  return MC_EXIT_OK;
}

/* dossier step CODE [N [--begin] [--note TEXT]]: the procedure's mandatory steps, or record
 * step N (its number in the procedure's step template, from 1). */
static int
dossier_step (const char *db_path, int argc, char **argv)
{
  gboolean begin = FALSE;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "begin", 0, 0, G_OPTION_ARG_NONE, &begin,
      N_("Begin a step that lasts some calendar days (the public posting) instead of ending it"),
      NULL },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      N_("What to keep with the step: the minutes, the places, an objection, the outcome"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE [N]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  gint64 n = 0, actor;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
      _("Without N, the mandatory steps of dossier CODE and what was recorded of each. With N, "
        "records step N as done now (as --as), or begun with --begin."));
  if (!mc_cli_parse (context, &argc, &argv))
    return MC_EXIT_USAGE;
  if (argc != 2 && argc != 3)
    return mc_cli_usage (_("usage: motcua-cli dossier step CODE [N [--begin] [--note TEXT]]"));
  if (argc == 3 && !g_ascii_string_to_signed (argv[2], 10, 1, 1000, &n, NULL))
    return mc_cli_usage (_("“%s” is not the number of a step (1, 2, …)"), argv[2]);

  store = mc_cli_open_existing (db_path, &error);
  if (store == NULL)
    return mc_cli_fail (error);
  d = find_dossier (store, argv[1], &error);
  if (d == NULL)
    return mc_cli_fail (error);
  if (argc == 2)
    {
      steps = mc_workflow_mandatory_steps (store, d->id, &error);
      if (steps == NULL)
        return mc_cli_fail (error);
      for (guint i = 0; i < steps->len; i++)
        {
          const McStepCheck *c = g_ptr_array_index (steps, i);
          g_autofree char *when = c->done_at != MC_TIME_NONE ? mc_format_time (c->done_at)
                                  : c->started_at != MC_TIME_NONE ? mc_format_time (c->started_at)
                                  : NULL;

          g_print ("%d\t%s\t%s%s%s\n", c->position + 1,
                   c->done_at != MC_TIME_NONE ? _("done") : c->started_at != MC_TIME_NONE
                   ? _("begun") : _("not recorded"),
                   c->name, when != NULL ? "\t" : "", when != NULL ? when : "");
        }
      return MC_EXIT_OK;
    }
  actor = mc_cli_sign_in (store, NULL, &error);
  if (actor == 0)
    return mc_cli_fail (error);
  if (!mc_workflow_record_step (store, actor, d->id, (int) n - 1, begin, note, &error))
    return mc_cli_fail (error);
  return MC_EXIT_OK;
}

int
mc_cli_dossier (const char *db_path, int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return dossier_show (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return dossier_list (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "receive"))
    return dossier_receive (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "act"))
    return dossier_act (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "step"))
    return dossier_step (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "attach"))
    return dossier_attach (db_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "export-files"))
    return dossier_export_files (db_path, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n", _("Usage: motcua-cli [--db PATH] [--as USER] dossier receive|show|list|act|"
                         "attach|export-files|step …\n“motcua-cli dossier SUBCOMMAND --help” shows its options."));
      return MC_EXIT_OK;
    }
  return mc_cli_usage (_("usage: motcua-cli dossier receive|show|list|act|attach|export-files|"
                         "step …"));
}
