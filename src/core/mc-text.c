/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numbers, money, dates, search folding and collation the way a Vietnamese office writes them. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-date.h"
#include "mc-text.h"

static McNumberStyle forced_style = MC_NUMBER_STYLE_AUTO;

void
mc_text_set_number_style (McNumberStyle style)
{
  forced_style = style;
}

gboolean
mc_text_is_vietnamese (void)
{
  const char * const *languages;
  const char *numeric;

  if (forced_style != MC_NUMBER_STYLE_AUTO)
    return forced_style == MC_NUMBER_STYLE_VI;

  languages = g_get_language_names ();
  if (languages != NULL && languages[0] != NULL && g_str_has_prefix (languages[0], "vi"))
    return TRUE;
  numeric = setlocale (LC_NUMERIC, NULL);
  return numeric != NULL && g_str_has_prefix (numeric, "vi");
}

/* DIGITS (ASCII, no sign) with a separator every three digits from the right. */
static void
append_grouped (GString *out, const char *digits, gsize n, char separator)
{
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
mc_format_int (gint64 value)
{
  char digits[32];
  GString *out = g_string_new (NULL);
  /* Through guint64 so that G_MININT64 has a magnitude too. */
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  if (value < 0)
    g_string_append_c (out, '-');
  append_grouped (out, digits, strlen (digits), mc_text_is_vietnamese () ? '.' : ',');
  return g_string_free (out, FALSE);
}

char *
mc_format_decimal (double value, int decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 320];
  gboolean vi = mc_text_is_vietnamese ();
  GString *out;
  const char *digits, *point;

  if (!isfinite (value))
    return g_strdup ("—");
  decimals = CLAMP (decimals, 0, 9);
  /* The C locale's point whatever LC_NUMERIC says; the style's marks are put in below. */
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);

  out = g_string_new (NULL);
  digits = buffer;
  if (*digits == '-')
    {
      digits++;
      /* "-0.00" is just zero. */
      if (strspn (digits, "0.") != strlen (digits))
        g_string_append_c (out, '-');
    }
  point = strchr (digits, '.');
  append_grouped (out, digits, point ? (gsize) (point - digits) : strlen (digits),
                  vi ? '.' : ',');
  if (point != NULL)
    {
      g_string_append_c (out, vi ? ',' : '.');
      g_string_append (out, point + 1);
    }
  return g_string_free (out, FALSE);
}

char *
mc_format_percent (double percent, int decimals)
{
  g_autofree char *number = NULL;

  if (!isfinite (percent))
    return g_strdup ("—");
  number = mc_format_decimal (percent, decimals);
  return g_strconcat (number, "%", NULL);
}

char *
mc_format_rate (gint64 num, gint64 den)
{
  if (den == 0)
    return g_strdup (_("n/a"));
  return mc_format_percent (100.0 * (double) num / (double) den, 2);
}

char *
mc_format_money (gint64 dong)
{
  g_autofree char *number = mc_format_int (dong);

  return g_strconcat (number, mc_text_is_vietnamese () ? " đ" : " VND", NULL);
}

char *
mc_format_day (McDay day)
{
  int y, m, d;

  mc_day_to_ymd (day, &y, &m, &d);
  if (mc_text_is_vietnamese ())
    return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

char *
mc_format_time (McTime t)
{
  g_autofree char *day = NULL;
  int minute;

  if (t == MC_TIME_NONE)
    return g_strdup ("—");
  day = mc_format_day (mc_day_of_time (t));
  minute = mc_minute_of_time (t);
  if (mc_text_is_vietnamese ())
    return g_strdup_printf ("%02d:%02d %s", minute / 60, minute % 60, day);
  return g_strdup_printf ("%s %02d:%02d", day, minute / 60, minute % 60);
}

char *
mc_format_hours (double seconds)
{
  g_autofree char *number = NULL;

  if (isnan (seconds) || seconds < 0)
    return g_strdup ("—");
  number = mc_format_decimal (seconds / 3600.0, 1);
  /* TRANSLATORS: a number of working hours, e.g. "3,5 h". */
  return g_strdup_printf (_("%s h"), number);
}

char *
mc_format_duration (gint64 working_seconds, gint64 day_seconds)
{
  GString *out = g_string_new (NULL);
  guint64 seconds = working_seconds < 0 ? (guint64) 0 - (guint64) working_seconds
                                        : (guint64) working_seconds;
  guint64 days = 0, hours, minutes;

  if (day_seconds > 0)
    {
      days = seconds / (guint64) day_seconds;
      seconds %= (guint64) day_seconds;
    }
  hours = seconds / 3600;
  minutes = (seconds % 3600) / 60;

  if (working_seconds < 0)
    g_string_append_c (out, '-');
  if (days > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu day",
                                              "%llu days", days), (unsigned long long) days);
  if (hours > 0)
    {
      if (days > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu hour",
                                                "%llu hours", hours), (unsigned long long) hours);
    }
  /* Minutes only matter while the duration is short. */
  if (days == 0 && (minutes > 0 || hours == 0))
    {
      if (hours > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu minute",
                                                "%llu minutes", minutes),
                              (unsigned long long) minutes);
    }
  return g_string_free (out, FALSE);
}

/* ---- Folding and collation ---- */

/* The Vietnamese alphabet, with the Latin letters it lacks (f j w z) in their Latin places so
 * foreign names still sort sensibly. Index = primary weight order. */
static const char *const alphabet[] = {
  "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
  "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
};

/* Primary weights: bytes 0x00 and 0x01 are kept for the end and the level separator. */
enum {
  W_SPACE = 0x02,
  W_DIGIT = 0x10,                 /* 0x10…0x19 */
  W_LETTER = 0x20,                /* 0x20…0x40, the alphabet above */
  W_OTHER = 0xf0,                 /* followed by the character's UTF-8 bytes */
};

/* Combining marks that make a new letter of the alphabet. */
#define MARK_BREVE      0x0306
#define MARK_CIRCUMFLEX 0x0302
#define MARK_HORN       0x031b

/* The tones, in dictionary order after the unmarked letter. */
static const gunichar tone_marks[] = { 0x0300, 0x0301, 0x0309, 0x0303, 0x0323 };

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Decomposed (NFD), valid UTF-8, newly allocated. */
static char *
decompose (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
}

/* Appends C lower-cased, without its marks (canonical decomposition), đ as d. */
static void
append_folded (GString *out, gunichar c)
{
  gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, parts, G_N_ELEMENTS (parts));

  for (gsize i = 0; i < n; i++)
    {
      gunichar part = g_unichar_tolower (parts[i]);

      if (is_mark (part))
        continue;
      if (part == 0x0111)     /* đ (Đ lowered) */
        part = 'd';
      g_string_append_unichar (out, part);
    }
}

/* Character by character rather than through g_utf8_normalize: the import folds two names on
 * each of a million rows, and this allocates nothing but the result. */
char *
mc_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (c < 0x80 ? g_ascii_isspace (c) : g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower (c));
      else
        append_folded (out, c);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  guint8   primary;        /* W_* */
  guint8   tone;           /* 0 unmarked, 1…5 the tones, 6 any other mark */
  gboolean upper;
  char     utf8[8];        /* for W_OTHER: the lower-case character */
} CollationUnit;

static int
letter_index (const char *utf8)
{
  for (gsize i = 0; i < G_N_ELEMENTS (alphabet); i++)
    if (strcmp (alphabet[i], utf8) == 0)
      return (int) i;
  return -1;
}

/* A base letter with a breve, circumflex or horn is another letter of the alphabet. */
static void
apply_letter_mark (CollationUnit *unit, gunichar mark)
{
  static const struct { const char *base; gunichar mark; const char *letter; } modified[] = {
    { "a", MARK_BREVE, "ă" }, { "a", MARK_CIRCUMFLEX, "â" }, { "e", MARK_CIRCUMFLEX, "ê" },
    { "o", MARK_CIRCUMFLEX, "ô" }, { "o", MARK_HORN, "ơ" }, { "u", MARK_HORN, "ư" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (modified); i++)
    if (mark == modified[i].mark &&
        unit->primary == W_LETTER + letter_index (modified[i].base))
      {
        unit->primary = W_LETTER + letter_index (modified[i].letter);
        return;
      }
  /* Any other mark (ü, ç…) does not change the letter, but sorts after the tones. */
  unit->tone = MAX (unit->tone, G_N_ELEMENTS (tone_marks) + 1);
}

static void
apply_mark (CollationUnit *unit, gunichar mark)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tone_marks); i++)
    if (mark == tone_marks[i])
      {
        unit->tone = i + 1;
        return;
      }
  apply_letter_mark (unit, mark);
}

static void
start_unit (CollationUnit *unit, gunichar c)
{
  gunichar lower = g_unichar_tolower (c);
  char utf8[8] = { 0 };
  int index;

  memset (unit, 0, sizeof *unit);
  unit->upper = lower != c;
  g_unichar_to_utf8 (lower, utf8);

  if (g_unichar_isspace (c))
    unit->primary = W_SPACE;
  else if (c >= '0' && c <= '9')
    unit->primary = W_DIGIT + (c - '0');
  else if ((index = letter_index (utf8)) >= 0)
    unit->primary = W_LETTER + index;
  else
    {
      unit->primary = W_OTHER;
      memcpy (unit->utf8, utf8, sizeof utf8);
    }
}

/* Primary (letters), 0x01, secondary (tones), 0x01, tertiary (case), 0x01, then the text itself
 * so that different texts never tie and the order is total. */
char *
mc_text_collate_key (const char *text)
{
  g_autofree char *nfd = NULL;
  g_autoptr(GArray) units = NULL;
  GString *key;
  gboolean pending_space = FALSE;

  if (text == NULL)
    text = "";
  nfd = decompose (text);
  units = g_array_new (FALSE, TRUE, sizeof (CollationUnit));

  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      CollationUnit unit;

      if (is_mark (c))
        {
          if (units->len > 0)
            apply_mark (&g_array_index (units, CollationUnit, units->len - 1), c);
          continue;
        }
      if (g_unichar_iscntrl (c))
        continue;
      /* Runs of spaces count as one, and outer spaces not at all, as in the folded text. */
      if (g_unichar_isspace (c))
        {
          pending_space = units->len > 0;
          continue;
        }
      if (pending_space)
        {
          start_unit (&unit, ' ');
          g_array_append_val (units, unit);
          pending_space = FALSE;
        }
      start_unit (&unit, c);
      g_array_append_val (units, unit);
    }

  key = g_string_sized_new (units->len * 4 + strlen (text) + 4);
  for (guint i = 0; i < units->len; i++)
    {
      const CollationUnit *unit = &g_array_index (units, CollationUnit, i);

      g_string_append_c (key, (char) unit->primary);
      if (unit->primary == W_OTHER)
        g_string_append (key, unit->utf8);
    }
  g_string_append_c (key, 0x01);
  for (guint i = 0; i < units->len; i++)
    g_string_append_c (key, (char) (0x02 + g_array_index (units, CollationUnit, i).tone));
  g_string_append_c (key, 0x01);
  for (guint i = 0; i < units->len; i++)
    g_string_append_c (key, g_array_index (units, CollationUnit, i).upper ? 0x03 : 0x02);
  g_string_append_c (key, 0x01);
  /* Control characters (0x01 among them) were skipped above and may not end the key early. */
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x02)
      g_string_append_c (key, *p);
  return g_string_free (key, FALSE);
}

int
mc_text_collate (const char *a, const char *b)
{
  g_autofree char *ka = mc_text_collate_key (a);
  g_autofree char *kb = mc_text_collate_key (b);
  int cmp = strcmp (ka, kb);

  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}
