/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-types.h"

G_BEGIN_DECLS

/* Vietnamese text helpers. The number style follows the current language: Vietnamese when the
 * first of g_get_language_names() or LC_NUMERIC is "vi…" (97,87% and 1.024.000 đ), else English
 * (97.87% and 1,024,000 VND). Tests may force it. */
typedef enum { MC_NUMBER_STYLE_AUTO, MC_NUMBER_STYLE_VI, MC_NUMBER_STYLE_EN } McNumberStyle;
void      mc_text_set_number_style (McNumberStyle style);
gboolean  mc_text_is_vietnamese    (void);

char     *mc_format_int        (gint64 value);                 /* 1.024.000 / 1,024,000 */
char     *mc_format_decimal    (double value, int decimals);   /* 97,87 / 97.87 */
char     *mc_format_percent    (double percent, int decimals); /* 97,87% ; NAN → "—" */
char     *mc_format_rate       (gint64 num, gint64 den);       /* 2 decimals; den 0 → translated "n/a" */
char     *mc_format_money      (gint64 dong);                  /* 1.024.000 đ / 1,024,000 VND */
char     *mc_format_day        (McDay day);                    /* 05/01/2024 (both styles: dd/mm/yyyy in vi, yyyy-mm-dd in en) */
char     *mc_format_time       (McTime t);                     /* 09:05 05/01/2024 in vi */
char     *mc_format_duration   (gint64 working_seconds, gint64 day_seconds); /* "2 ngày 3 giờ" */
char     *mc_format_hours      (double seconds);               /* "3,5 h"; NAN or negative → "—" */

/* Folding for search: lower case, diacritics removed, đ → d, spaces collapsed and trimmed.
 * "Nguyễn Văn An", "NGUYEN VAN AN" and "nguyen  van an" all fold to "nguyen van an". */
char     *mc_text_fold         (const char *text);
/* Vietnamese collation for names: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
 * tones after letters (a à á ả ã ạ). Returns <0, 0, >0. */
int       mc_text_collate      (const char *a, const char *b);
/* A key that sorts bytewise like mc_text_collate (for SQL ORDER BY or g_strcmp0). */
char     *mc_text_collate_key  (const char *text);

G_END_DECLS
