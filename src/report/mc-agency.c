/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mc-date.h"
#include "mc-agency.h"

/* Phrases of a header that running text writes otherwise: the bodies in full, the level of
 * government in lower case ("xã Tam Hiệp", "thành phố Hà Nội"). Longer phrases first, so
 * "THỊ XÃ" is not read as "THỊ" + "XÃ". Other words are names, in title case. */
static const struct { const char *header; const char *text; } phrases[] = {
  { "ỦY BAN NHÂN DÂN", "Ủy ban nhân dân" },
  { "UỶ BAN NHÂN DÂN", "Ủy ban nhân dân" },
  { "HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân" },
  { "UBND", "Ủy ban nhân dân" },
  { "HĐND", "Hội đồng nhân dân" },
  { "THÀNH PHỐ", "thành phố" },
  { "THỊ XÃ", "thị xã" },
  { "THỊ TRẤN", "thị trấn" },
  { "ĐẶC KHU", "đặc khu" },
  { "XÃ", "xã" },
  { "PHƯỜNG", "phường" },
  { "HUYỆN", "huyện" },
  { "QUẬN", "quận" },
  { "TỈNH", "tỉnh" },
};

static gboolean
has_lower (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* "HÀ NỘI" → "Hà Nội". */
static void
append_title_case (GString *out, const char *word)
{
  gboolean first = TRUE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, first ? g_unichar_totitle (c) : g_unichar_tolower (c));
      first = first && !g_unichar_isalpha (c);
    }
}

/* How many of WORDS from the first make up PHRASE (0: they do not). */
static guint
match_phrase (char **words, const char *phrase)
{
  g_auto(GStrv) parts = g_strsplit (phrase, " ", -1);
  guint n = g_strv_length (parts), k;

  for (k = 0; k < n && words[k] != NULL && strcmp (words[k], parts[k]) == 0; k++)
    ;
  return k == n ? n : 0;
}

char *
mc_agency_text_from_header (const char *header)
{
  g_autofree char *nfc = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  GString *out;
  guint i = 0;

  if (header == NULL)
    return g_strdup ("");
  nfc = g_utf8_normalize (header, -1, G_NORMALIZE_NFC);
  if (nfc == NULL || has_lower (nfc))
    return g_strstrip (g_strdup (nfc != NULL ? nfc : header));
  split = g_strsplit_set (g_strstrip (nfc), " \t\n", -1);
  for (guint k = 0; split[k] != NULL; k++)
    if (split[k][0] != '\0')
      g_ptr_array_add (words, split[k]);
  g_ptr_array_add (words, NULL);

  out = g_string_new (NULL);
  while (g_ptr_array_index (words, i) != NULL)
    {
      char **rest = (char **) words->pdata + i;
      guint used = 0;

      if (out->len > 0)
        g_string_append_c (out, ' ');
      for (gsize p = 0; p < G_N_ELEMENTS (phrases) && used == 0; p++)
        if ((used = match_phrase (rest, phrases[p].header)) > 0)
          g_string_append (out, phrases[p].text);
      if (used == 0)
        {
          append_title_case (out, rest[0]);
          used = 1;
        }
      i += used;
    }
  return g_string_free (out, FALSE);
}

/* "Ủy ban nhân dân xã Tam Hiệp" → "xã Tam Hiệp": what a unit of the commune is named after. */
static const char *
commune_of (const char *name_text)
{
  static const char prefix[] = "Ủy ban nhân dân ";

  return g_str_has_prefix (name_text, prefix) ? name_text + strlen (prefix) : name_text;
}

McDay
mc_agency_since (McStore *store)
{
  g_autofree char *text = mc_store_get_setting (store, "agency.since", MC_AGENCY_REFORM_DAY);
  McDay day = 0;

  if (!mc_parse_day (g_strstrip (text), &day) && !mc_parse_day (MC_AGENCY_REFORM_DAY, &day))
    return 0;
  return day;
}

static char *
setting (McStore *store, const char *prefix, const char *key, const char *fallback)
{
  g_autofree char *full = g_strconcat (prefix, key, NULL);
  char *value = mc_store_get_setting (store, full, NULL);

  if (value == NULL)
    return g_strdup (fallback);
  return g_strstrip (value);
}

McAgency *
mc_agency_at (McStore *store, McDay day)
{
  McAgency *a = g_new0 (McAgency, 1);
  g_autoptr(McAgency) now = NULL;
  gboolean before;

  g_return_val_if_fail (MC_IS_STORE (store), a);

  if (day == 0)
    day = mc_day_of_time (mc_now ());
  before = day < mc_agency_since (store);
  if (before)
    now = mc_agency_at (store, mc_agency_since (store));

  if (!before)
    {
      g_autofree char *derived_parent = NULL, *derived_name = NULL;

      a->parent = setting (store, "agency.", "parent", "");
      derived_parent = mc_agency_text_from_header (a->parent);
      a->parent_text = setting (store, "agency.", "parent_text", derived_parent);
      a->name = setting (store, "agency.", "name", "");
      derived_name = mc_agency_text_from_header (a->name);
      a->name_text = setting (store, "agency.", "name_text", derived_name);
      a->place = setting (store, "agency.", "place", "");
      {
        g_autofree char *unit = g_strconcat ("Trung tâm Phục vụ hành chính công ",
                                             commune_of (a->name_text), NULL);
        a->unit = setting (store, "agency.", "unit", unit);
      }
    }
  else
    {
      g_autofree char *derived_parent = NULL, *derived_name = NULL;

      a->parent = setting (store, "agency.before.", "parent", now->parent);
      derived_parent = mc_agency_text_from_header (a->parent);
      a->parent_text = setting (store, "agency.before.", "parent_text", derived_parent);
      a->name = setting (store, "agency.before.", "name", now->name);
      derived_name = mc_agency_text_from_header (a->name);
      a->name_text = setting (store, "agency.before.", "name_text", derived_name);
      a->place = setting (store, "agency.before.", "place", now->place);
      a->unit = setting (store, "agency.before.", "unit", "Bộ phận Một cửa");
    }
  a->unit_header = g_utf8_strup (a->unit, -1);
  a->phone = setting (store, "agency.", "phone", "");
  return a;
}

void
mc_agency_free (McAgency *a)
{
  if (a == NULL)
    return;
  g_free (a->parent);
  g_free (a->parent_text);
  g_free (a->name);
  g_free (a->name_text);
  g_free (a->unit);
  g_free (a->unit_header);
  g_free (a->place);
  g_free (a->phone);
  g_free (a);
}
