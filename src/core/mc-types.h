/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A moment: Unix seconds (UTC). Shown in Vietnam time, UTC+07:00, no daylight saving. */
typedef gint64 McTime;
/* A local (Vietnam) date: days since 1970-01-01. */
typedef gint32 McDay;

#define MC_TZ_OFFSET (7 * 3600)
#define MC_TIME_NONE G_MININT64

#define MC_ERROR (mc_error_quark ())
GQuark mc_error_quark (void);

typedef enum {
  MC_ERROR_FAILED,        /* something went wrong in the store (disk, lock…) */
  MC_ERROR_INVALID,       /* the input was wrong */
  MC_ERROR_NOT_FOUND,
  MC_ERROR_PERMISSION,    /* the acting officer's role may not do this */
  MC_ERROR_TRANSITION,    /* not allowed from the dossier's current status */
  MC_ERROR_EXISTS,
  MC_ERROR_CORRUPT,       /* audit chain or integrity broken */
  MC_ERROR_CONFLICT,      /* another workstation changed the same thing meanwhile */
  MC_ERROR_CONNECTION,    /* the server cannot be reached */
} McErrorCode;

/* DOMAIN.md §2, national portal codes. */
typedef enum {
  MC_STATUS_NEW = 1,            /* Mới đăng ký: online, not yet accepted */
  MC_STATUS_RECEIVED = 2,       /* Được tiếp nhận */
  MC_STATUS_REFUSED = 3,        /* Không được tiếp nhận */
  MC_STATUS_PROCESSING = 4,     /* Đang xử lý */
  MC_STATUS_SUPPLEMENT = 5,     /* Yêu cầu bổ sung giấy tờ: clock stopped */
  MC_STATUS_PAYMENT = 6,        /* Yêu cầu thực hiện nghĩa vụ tài chính */
  MC_STATUS_WITHDRAWN = 7,      /* Công dân yêu cầu rút hồ sơ */
  MC_STATUS_STOPPED = 8,        /* Dừng xử lý */
  MC_STATUS_RESOLVED = 9,       /* Đã xử lý xong */
  MC_STATUS_RETURNED = 10,      /* Đã trả kết quả */
} McStatus;

/* Internal steps inside status 4 (ours, not law). */
typedef enum {
  MC_STEP_NONE = 0,
  MC_STEP_ASSIGNED = 1,         /* with a specialist */
  MC_STEP_SUBMITTED = 2,        /* submitted for signature (trình ký) */
  MC_STEP_SIGNED = 3,           /* signed (ký duyệt) */
  MC_STEP_SENT_BACK = 4,        /* sent back by the signer, with a reason */
} McStep;

typedef enum {
  MC_CHANNEL_DESK = 1,
  MC_CHANNEL_ONLINE = 2,
  MC_CHANNEL_POST = 3,
} McChannel;

typedef enum {
  MC_ROLE_ADMIN = 1,
  MC_ROLE_DESK = 2,
  MC_ROLE_SPECIALIST = 3,
  MC_ROLE_VICE_CHAIRMAN = 4,
  MC_ROLE_CHAIRMAN = 5,
  MC_ROLE_CONTROLLER = 6,
  MC_ROLE_POLICE = 7,
} McRole;

typedef enum {
  MC_LIMIT_SAME_DAY = 0,
  MC_LIMIT_WORKING_DAYS = 1,
  MC_LIMIT_CALENDAR_DAYS = 2,
} McLimitKind;

typedef enum {
  MC_ONLINE_NONE = 0,
  MC_ONLINE_PARTIAL = 1,        /* một phần (old level 3) */
  MC_ONLINE_FULL = 2,           /* toàn trình (old level 4) */
} McOnlineLevel;

typedef enum {
  MC_OUTCOME_NONE = -1,
  MC_OUTCOME_EARLY = 0,
  MC_OUTCOME_ON_TIME = 1,
  MC_OUTCOME_LATE = 2,
} McOutcome;

const char *mc_status_to_string (McStatus status);     /* translated */
const char *mc_role_to_string (McRole role);           /* translated */
const char *mc_channel_to_string (McChannel channel);  /* translated */
const char *mc_step_to_string (McStep step);           /* translated */
const char *mc_online_level_to_string (McOnlineLevel level);
/* The form of a paper (McDocumentTemplate.copy_kind, McDossierDocument.copy_kind): 0 original,
 * 1 certified copy, 2 photocopy; translated. */
#define MC_N_COPY_KINDS 3
const char *mc_copy_kind_to_string (int kind);

G_END_DECLS
