#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The manual as it is built and installed: for each language, the Mallard pages that
# help/build-html.py put together (html/LANG-mallard) must validate, link only to pages and
# sections that exist, find every picture, leave no page unreachable, and carry ids that match
# their file names; each translation must be complete and up to date with the English pages,
# with a picture of its own for every English one. TAP output, one line per check.
#
#   check-help.sh HELP_SOURCE_DIR [MALLARD_DIR...]
#
# Without MALLARD_DIR (the manual was not built) or without yelp-check, the checks are skipped
# with the reason.
src=$1
shift

if ! command -v yelp-check >/dev/null 2>&1; then
  echo "1..0 # SKIP yelp-check is not installed (apt-get install yelp-tools)"
  exit 0
fi
if [ $# -eq 0 ]; then
  echo "1..0 # SKIP the manual was not built (install itstool and yelp-tools, then run meson setup again)"
  exit 0
fi

n=0
failed=0
check() {
  name=$1
  shift
  n=$((n + 1))
  if out=$("$@" 2>&1) && [ -z "$out" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    printf '%s\n' "$out" | sed 's/^/# /'
    failed=1
  fi
}

# yelp-check prints nothing and exits 0 when all is well.
for dir in "$@"; do
  lang=$(basename "$dir" -mallard)
  check "$lang: pages are valid Mallard" yelp-check validate "$dir"/*.page
  check "$lang: links point to pages and sections that exist" yelp-check links "$dir"/*.page
  check "$lang: every picture is there" sh -c 'cd "$1" && yelp-check media *.page' sh "$dir"
  check "$lang: every page is reachable from the index" yelp-check orphans "$dir"/*.page
  check "$lang: page ids match file names" yelp-check ids "$dir"/*.page
done

# A translation is complete when every paragraph of the English pages has its translation: an
# English paragraph changed since is untranslated (shown in English) until vi.po is updated.
complete() {
  po=$1
  pot=$(mktemp)
  itstool -o "$pot" "$src"/C/*.page || { rm -f "$pot"; return 1; }
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$stats"; rm -f "$pot"; return 1; }
  case $stats in
    *fuzzy*|*untranslated*) echo "$stats"; rm -f "$pot"; return 1 ;;
  esac
  missing=$(msgcmp "$po" "$pot" 2>&1) || {
    echo "$missing"
    echo "The English pages changed: run 'ninja -C build help-motcua-update-po' and translate the new entries."
    rm -f "$pot"
    return 1
  }
  rm -f "$pot"
}

own_pictures() {
  lang=$1
  for f in "$src"/C/figures/*; do
    [ -f "$src/$lang/figures/$(basename "$f")" ] || echo "$lang/figures/$(basename "$f") is missing"
  done
}

for lang in $(cat "$src/LINGUAS"); do
  check "$lang: the translation is complete and up to date (help/$lang/$lang.po)" complete "$src/$lang/$lang.po"
  check "$lang: each picture has a $lang copy" own_pictures "$lang"
done

echo "1..$n"
exit $failed
