#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` gives a working app and command line: installed into a temporary DESTDIR, every
# file a desktop and a terminal need is there (translations, schema, icons, desktop file,
# metainfo, manual pages), the desktop file and the metainfo validate, the schema compiles, and
# the installed motcua-cli finds its own Vietnamese translations (no MOTCUA_LOCALEDIR).
# Usage: test-install.sh BUILD_DIR PREFIX WITH_GUI
set -eu
build=$1
prefix=$2
gui=$3
app=io.github.motcua.MotCua
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
unset MOTCUA_LOCALEDIR GSETTINGS_SCHEMA_DIR

fail() { echo "not ok: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

meson install -C "$build" --no-rebuild --destdir "$dest" --quiet >/dev/null
root=$dest$prefix

for f in bin/motcua-cli share/locale/vi/LC_MESSAGES/motcua.mo share/man/man1/motcua-cli.1 \
         share/doc/motcua/cli.md; do
  [ -f "$root/$f" ] || fail "$f is not installed"
done
if [ "$gui" = true ]; then
  for f in bin/motcua share/applications/$app.desktop share/metainfo/$app.metainfo.xml \
           share/glib-2.0/schemas/$app.gschema.xml share/icons/hicolor/scalable/apps/$app.svg \
           share/icons/hicolor/symbolic/apps/$app-symbolic.svg share/man/man1/motcua.1; do
    [ -f "$root/$f" ] || fail "$f is not installed"
  done
  grep -q '^Icon=io.github.motcua.MotCua$' "$root/share/applications/$app.desktop" ||
    fail "the desktop file names another icon"
  grep -q '^Name\[vi\]=' "$root/share/applications/$app.desktop" ||
    fail "the desktop file is not translated"
  glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas" ||
    fail "the settings schema does not compile"
  if have desktop-file-validate; then
    desktop-file-validate "$root/share/applications/$app.desktop" || fail "desktop-file-validate"
  else
    echo "# desktop-file-validate is not installed (desktop-file-utils): not checked"
  fi
  if have appstreamcli; then
    appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml" >/dev/null ||
      fail "appstreamcli validate"
  else
    echo "# appstreamcli is not installed (appstream): not checked"
  fi
fi

if have groff; then
  for page in "$root"/share/man/man1/*.1; do
    warnings=$(groff -k -Tutf8 -man -ww -z "$page" 2>&1) || fail "groff: $page"
    [ -z "$warnings" ] || fail "groff warns on $page: $warnings"
  done
fi

# The installed program speaks Vietnamese from the catalogue next to it.
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
  out=$(cd / && LANGUAGE=vi LC_ALL=vi_VN.UTF-8 "$root/bin/motcua-cli" --help)
  echo "$out" | grep -q 'Cách dùng: motcua-cli' || fail "the installed motcua-cli speaks English: $out"
else
  echo "# the vi_VN.UTF-8 locale is missing: the language is not checked"
fi
echo "ok: installed into $prefix and checked"
