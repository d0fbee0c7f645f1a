/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-date.h"
#include "mc-text.h"
#include "mc-test-util.h"

#define assert_owned_str(expr, expected) \
  G_STMT_START { g_autofree char *s_ = (expr); g_assert_cmpstr (s_, ==, (expected)); } G_STMT_END

static void
test_numbers_vi (void)
{
  mc_text_set_number_style (MC_NUMBER_STYLE_VI);
  g_assert_true (mc_text_is_vietnamese ());
  assert_owned_str (mc_format_int (0), "0");
  assert_owned_str (mc_format_int (999), "999");
  assert_owned_str (mc_format_int (1000), "1.000");
  assert_owned_str (mc_format_int (1024000), "1.024.000");
  assert_owned_str (mc_format_int (-1234567), "-1.234.567");
  assert_owned_str (mc_format_int (G_MININT64), "-9.223.372.036.854.775.808");
  assert_owned_str (mc_format_decimal (97.8678, 2), "97,87");
  assert_owned_str (mc_format_decimal (12345.5, 1), "12.345,5");
  assert_owned_str (mc_format_decimal (3, 0), "3");
  assert_owned_str (mc_format_decimal (-0.001, 2), "0,00");
  assert_owned_str (mc_format_decimal (-2.5, 1), "-2,5");
  assert_owned_str (mc_format_percent (97.8678, 2), "97,87%");
  assert_owned_str (mc_format_percent (NAN, 2), "—");
  assert_owned_str (mc_format_rate (1, 3), "33,33%");
  assert_owned_str (mc_format_rate (5, 0), "n/a");
  assert_owned_str (mc_format_money (1024000), "1.024.000 đ");
  assert_owned_str (mc_format_money (0), "0 đ");
  mc_text_set_number_style (MC_NUMBER_STYLE_AUTO);
}

static void
test_numbers_en (void)
{
  mc_text_set_number_style (MC_NUMBER_STYLE_EN);
  g_assert_false (mc_text_is_vietnamese ());
  assert_owned_str (mc_format_int (1024000), "1,024,000");
  assert_owned_str (mc_format_int (-100), "-100");
  assert_owned_str (mc_format_decimal (97.8678, 2), "97.87");
  assert_owned_str (mc_format_decimal (1234567.125, 3), "1,234,567.125");
  assert_owned_str (mc_format_percent (97.8678, 2), "97.87%");
  assert_owned_str (mc_format_percent (100, 1), "100.0%");
  assert_owned_str (mc_format_percent (INFINITY, 1), "—");
  assert_owned_str (mc_format_rate (2, 3), "66.67%");
  assert_owned_str (mc_format_rate (0, 0), "n/a");
  assert_owned_str (mc_format_money (1024000), "1,024,000 VND");
  mc_text_set_number_style (MC_NUMBER_STYLE_AUTO);
}

/* In the tests' C locale the automatic style is English. */
static void
test_numbers_auto (void)
{
  mc_text_set_number_style (MC_NUMBER_STYLE_AUTO);
  g_assert_false (mc_text_is_vietnamese ());
  assert_owned_str (mc_format_int (1500), "1,500");
}

static void
test_days_and_times (void)
{
  McDay day = mc_test_day ("2024-01-05");
  McTime t = mc_test_time ("2024-01-05 09:05");

  mc_text_set_number_style (MC_NUMBER_STYLE_VI);
  assert_owned_str (mc_format_day (day), "05/01/2024");
  assert_owned_str (mc_format_time (t), "09:05 05/01/2024");
  assert_owned_str (mc_format_time (MC_TIME_NONE), "—");
  mc_text_set_number_style (MC_NUMBER_STYLE_EN);
  assert_owned_str (mc_format_day (day), "2024-01-05");
  assert_owned_str (mc_format_time (t), "2024-01-05 09:05");
  /* 23:30 Vietnam time is still the same local day although UTC has not reached it. */
  assert_owned_str (mc_format_time (mc_test_time ("2024-12-31 23:30")), "2024-12-31 23:30");
  mc_text_set_number_style (MC_NUMBER_STYLE_AUTO);
}

static void
test_duration (void)
{
  const gint64 day = 27000;    /* 7.5 hours */

  assert_owned_str (mc_format_duration (2 * day + 3 * 3600, day), "2 days 3 hours");
  assert_owned_str (mc_format_duration (day, day), "1 day");
  assert_owned_str (mc_format_duration (3600 + 60 * 5, day), "1 hour 5 minutes");
  assert_owned_str (mc_format_duration (2 * 3600, day), "2 hours");
  assert_owned_str (mc_format_duration (0, day), "0 minutes");
  assert_owned_str (mc_format_duration (-(day + 3600), day), "-1 day 1 hour");
}

static void
test_fold (void)
{
  const char *same[] = {
    "Nguyễn Văn An", "NGUYEN VAN AN", "nguyen  van an", "  Nguyễn\tVăn   An ",
    "NGUYỄN VĂN AN",
    /* Decomposed input folds the same as composed. */
    "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (same); i++)
    assert_owned_str (mc_text_fold (same[i]), "nguyen van an");

  assert_owned_str (mc_text_fold ("Đặng Thị Ưởng"), "dang thi uong");
  assert_owned_str (mc_text_fold ("ĐỖ ĐỨC ĐẠT"), "do duc dat");
  assert_owned_str (mc_text_fold ("Phường Ái Nghĩa, Điện Bàn"), "phuong ai nghia, dien ban");
  assert_owned_str (mc_text_fold (""), "");
  assert_owned_str (mc_text_fold ("   "), "");
  assert_owned_str (mc_text_fold (NULL), "");
  assert_owned_str (mc_text_fold ("0912 345 678"), "0912 345 678");
  /* Bad UTF-8 never crashes. */
  {
    g_autofree char *folded = mc_text_fold ("Tr\xff\xfe\xe1\xba");
    g_assert_true (g_utf8_validate (folded, -1, NULL));
    g_assert_true (g_str_has_prefix (folded, "tr"));
  }
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  g_autofree char *ka = mc_text_collate_key (*(const char * const *) a);
  g_autofree char *kb = mc_text_collate_key (*(const char * const *) b);

  return strcmp (ka, kb);
}

static int
compare_collate (gconstpointer a, gconstpointer b)
{
  return mc_text_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Sorts a shuffled copy of SORTED both ways and checks the order. */
static void
assert_sorts_as (const char * const *sorted, gsize n)
{
  g_autoptr(GPtrArray) by_key = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_collate = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (by_key, (gpointer) sorted[n - 1 - i]);
  for (guint i = by_key->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer tmp = by_key->pdata[i - 1];
      by_key->pdata[i - 1] = by_key->pdata[j];
      by_key->pdata[j] = tmp;
    }
  for (guint i = 0; i < by_key->len; i++)
    g_ptr_array_add (by_collate, by_key->pdata[i]);

  g_ptr_array_sort (by_key, compare_keys);
  g_ptr_array_sort (by_collate, compare_collate);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpstr (by_key->pdata[i], ==, sorted[i]);
      g_assert_cmpstr (by_collate->pdata[i], ==, sorted[i]);
    }
}

static void
test_collate_alphabet (void)
{
  /* Every letter of the alphabet in order, each a distinct primary letter. */
  const char *letters[] = {
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
  };
  const char *tones[] = { "a", "à", "á", "ả", "ã", "ạ" };
  const char *tones_circumflex[] = { "ê", "ề", "ế", "ể", "ễ", "ệ" };

  assert_sorts_as (letters, G_N_ELEMENTS (letters));
  assert_sorts_as (tones, G_N_ELEMENTS (tones));
  assert_sorts_as (tones_circumflex, G_N_ELEMENTS (tones_circumflex));
}

static void
test_collate_names (void)
{
  const char *names[] = {
    "an",            /* case only breaks ties: lower before upper */
    "An",
    "Án",
    "An Bình",       /* a space sorts before any letter: word by word */
    "Anh",
    "Ánh",
    "Ảnh",
    "Ăn",
    "Ân",            /* â is a letter after a: after every "An…" */
    "Bảo",
    "Cường",
    "Dũng",
    "Dương",
    "Đào",
    "Đặng",          /* đ after d, whatever the tones */
    "Đinh",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hòa",
    "Hồ",            /* ô after o */
    "Hơn",           /* ơ after ô */
    "Tú",
    "Từ",            /* ư after u although huyền comes before sắc */
    "Vũ",
    "Yến",
  };

  assert_sorts_as (names, G_N_ELEMENTS (names));
}

static void
test_collate_rules (void)
{
  g_assert_cmpint (mc_text_collate ("Đặng", "Dương"), >, 0);
  g_assert_cmpint (mc_text_collate ("Ân", "Anh"), >, 0);
  g_assert_cmpint (mc_text_collate ("Anh", "Ánh"), <, 0);
  g_assert_cmpint (mc_text_collate ("Ánh", "Anh"), >, 0);
  g_assert_cmpint (mc_text_collate ("Nguyễn Văn An", "Nguyễn Văn An"), ==, 0);
  /* Composed and decomposed spellings sort together, next to each other. */
  g_assert_cmpint (mc_text_collate ("Nguyễn", "Nguye\xcc\x82\xcc\x83n"), !=, 0);
  {
    g_autofree char *a = mc_text_collate_key ("Nguyễn");
    g_autofree char *b = mc_text_collate_key ("Nguye\xcc\x82\xcc\x83n");
    /* Equal up to the last level, the raw text. */
    g_assert_cmpint (strlen (a), >, 0);
    g_assert_true (strncmp (a, b, strchr (strchr (strchr (a, 1) + 1, 1) + 1, 1) - a) == 0);
  }
  /* Digits before letters, and numbers compared digit by digit. */
  g_assert_cmpint (mc_text_collate ("9", "a"), <, 0);
  g_assert_cmpint (mc_text_collate ("Tổ 1", "Tổ 2"), <, 0);
  /* Extra spaces do not change the order of the letters. */
  g_assert_cmpint (mc_text_collate ("Lê  Văn", "Lê Vân"), <, 0);
  g_assert_cmpint (mc_text_collate ("", "a"), <, 0);
  g_assert_cmpint (mc_text_collate (NULL, ""), ==, 0);
  /* Foreign letters take their Latin place. */
  g_assert_cmpint (mc_text_collate ("Fanny", "Giang"), <, 0);
  g_assert_cmpint (mc_text_collate ("Zoe", "Yến"), >, 0);
  g_assert_cmpint (mc_text_collate ("Müller", "Mui"), >, 0);
  /* Bad UTF-8 and control characters never crash and never end the key early. */
  {
    g_autofree char *key = mc_text_collate_key ("a\x01\xff" "b");
    g_assert_nonnull (key);
    g_assert_cmpint (mc_text_collate ("a\x01" "b", "a\x01" "c"), <, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/numbers/vi", test_numbers_vi);
  g_test_add_func ("/text/numbers/en", test_numbers_en);
  g_test_add_func ("/text/numbers/auto", test_numbers_auto);
  g_test_add_func ("/text/days-and-times", test_days_and_times);
  g_test_add_func ("/text/duration", test_duration);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/collate/alphabet", test_collate_alphabet);
  g_test_add_func ("/text/collate/names", test_collate_names);
  g_test_add_func ("/text/collate/rules", test_collate_rules);

  return g_test_run ();
}
