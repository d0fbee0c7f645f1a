/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-types.h"

G_DEFINE_QUARK (mc-error-quark, mc_error)

const char *
mc_status_to_string (McStatus status)
{
  switch (status)
    {
    case MC_STATUS_NEW:        return _("Submitted online");
    case MC_STATUS_RECEIVED:   return C_("dossier status", "Received");
    case MC_STATUS_REFUSED:    return _("Refused at intake");
    case MC_STATUS_PROCESSING: return _("In progress");
    case MC_STATUS_SUPPLEMENT: return _("Waiting for supplement");
    case MC_STATUS_PAYMENT:    return _("Waiting for payment");
    case MC_STATUS_WITHDRAWN:  return _("Withdrawn");
    case MC_STATUS_STOPPED:    return _("Stopped");
    case MC_STATUS_RESOLVED:   return _("Result ready");
    case MC_STATUS_RETURNED:   return _("Result handed over");
    default:                   return _("Unknown status");
    }
}

const char *
mc_role_to_string (McRole role)
{
  switch (role)
    {
    case MC_ROLE_ADMIN:         return _("Administrator");
    case MC_ROLE_DESK:          return _("Desk officer");
    case MC_ROLE_SPECIALIST:    return _("Specialist");
    case MC_ROLE_VICE_CHAIRMAN: return _("Vice-chairman");
    case MC_ROLE_CHAIRMAN:      return _("Chairman");
    case MC_ROLE_CONTROLLER:    return _("Procedure controller");
    case MC_ROLE_POLICE:        return _("Commune police");
    default:                    return _("Unknown role");
    }
}

const char *
mc_channel_to_string (McChannel channel)
{
  switch (channel)
    {
    case MC_CHANNEL_DESK:   return _("At the desk");
    case MC_CHANNEL_ONLINE: return _("Online");
    case MC_CHANNEL_POST:   return _("By post");
    default:                return _("Unknown channel");
    }
}

const char *
mc_step_to_string (McStep step)
{
  switch (step)
    {
    case MC_STEP_NONE:      return "";
    case MC_STEP_ASSIGNED:  return _("With the specialist");
    case MC_STEP_SUBMITTED: return _("Submitted for signature");
    case MC_STEP_SIGNED:    return _("Signed");
    case MC_STEP_SENT_BACK: return _("Sent back");
    default:                return "";
    }
}

const char *
mc_online_level_to_string (McOnlineLevel level)
{
  switch (level)
    {
    case MC_ONLINE_NONE:    return _("Not online");
    case MC_ONLINE_PARTIAL: return _("Partly online");
    case MC_ONLINE_FULL:    return _("Fully online");
    default:                return "";
    }
}

const char *
mc_copy_kind_to_string (int kind)
{
  switch (kind)
    {
    case 1:  return _("Certified copy");
    case 2:  return _("Photocopy");
    case 0:
    default: return _("Original");
    }
}
