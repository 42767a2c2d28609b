#!/bin/sh
# Checks on the translations, run by meson test (suite 'i18n', see po/meson.build).
#
#   check-po.sh stats FILE.po
#       msgfmt --check passes and nothing is fuzzy (untranslated messages are reported).
#   check-po.sh full FILE.po
#       msgfmt --check passes and every message is translated: nothing fuzzy, nothing
#       untranslated (the guideline's catalogues, po/guideline, whose text decides treatment).
#   check-po.sh guideline SRCROOT OUTDIR FILE.po
#       extracts a fresh guideline template from po/guideline/POTFILES.in with the ITS
#       rules of data/its/, as the npc-pathway-guideline-pot target does, and fails unless
#       FILE.po translates every one of its messages (msgcmp: fuzzy counts as missing).
#   check-po.sh complete SRCROOT OUTDIR FILE.po...
#       extracts a fresh template from po/POTFILES.in into OUTDIR, as meson's
#       npc-pathway-pot target does, and fails if a .po lacks one of its messages
#       (msgcmp counts fuzzy and untranslated entries as missing).
#   check-po.sh potfiles SRCROOT
#       po/POTFILES.in is sorted, every file it names exists, and every source with
#       translatable strings is in it (otherwise its strings are never translated).
set -u

mode=${1:-}
[ -n "$mode" ] && shift

case "$mode" in
stats)
  po=$1
  out=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  status=$?
  echo "$(basename "$po"): $out"
  [ $status -eq 0 ] || exit 1
  # A fuzzy entry is a guess shown to users as if it were a translation: never allowed.
  # An untranslated one would fall back to English: the po-complete-* tests ('complete'
  # below) fail on it, as on a message missing from the catalogue.
  case "$out" in
    *fuzzy*) echo "$po: fuzzy translations must be reviewed or removed" >&2; exit 1 ;;
  esac
  ;;

full)
  po=$1
  out=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  status=$?
  echo "$(basename "$po"): $out"
  [ $status -eq 0 ] || exit 1
  # msgfmt names fuzzy and untranslated messages only when there are some.
  case "$out" in
    *fuzzy*|*untranslated*)
      echo "$po: every message must be translated and reviewed before the language is listed in LINGUAS" >&2
      exit 1 ;;
    *" translated message"*) ;;
    *) echo "$po: no translated message" >&2; exit 1 ;;
  esac
  ;;

guideline)
  srcroot=$1 outdir=$2 po=$3
  mkdir -p "$outdir" || exit 1
  LC_ALL=C xgettext --package-name=npc-pathway-guideline -D "$srcroot" \
    -f "$srcroot/po/guideline/POTFILES.in" -p "$outdir" -o npc-pathway-guideline.pot \
    --its="$srcroot/data/its/npc-guideline.its" --from-code=UTF-8 --add-comments \
    2>"$outdir/xgettext.log" || { cat "$outdir/xgettext.log" >&2; exit 1; }
  if LC_ALL=C msgcmp "$po" "$outdir/npc-pathway-guideline.pot"; then
    echo "$(basename "$po"): translates every message of the guideline"
  else
    echo "$po: messages of the guideline are missing; run 'ninja -C BUILDDIR npc-pathway-guideline-update-po' and translate them" >&2
    exit 1
  fi
  ;;

complete)
  srcroot=$1 outdir=$2
  shift 2
  mkdir -p "$outdir" || exit 1
  # The keywords of meson's i18n.gettext(preset: 'glib'); only they decide the msgids.
  LC_ALL=C xgettext --package-name=npc-pathway -D "$srcroot" -f "$srcroot/po/POTFILES.in" \
    -p "$outdir" -o npc-pathway.pot --from-code=UTF-8 --add-comments \
    -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dcgettext:2 -kg_dngettext:2,3 -kg_dpgettext2:2c,3 \
    2>"$outdir/xgettext.log" || { cat "$outdir/xgettext.log" >&2; exit 1; }
  failed=0
  for po in "$@"; do
    if LC_ALL=C msgcmp "$po" "$outdir/npc-pathway.pot"; then
      echo "$(basename "$po"): has every message of the template"
    else
      echo "$po: messages are missing; run 'ninja -C BUILDDIR npc-pathway-update-po' and translate them" >&2
      failed=1
    fi
  done
  exit $failed
  ;;

potfiles)
  srcroot=$1
  list=$srcroot/po/POTFILES.in
  failed=0
  if ! grep -v '^#' "$list" | LC_ALL=C sort -c; then
    echo "po/POTFILES.in is not sorted (LC_ALL=C sort)" >&2
    failed=1
  fi
  for f in $(grep -v '^#' "$list"); do
    if [ ! -f "$srcroot/$f" ]; then
      echo "po/POTFILES.in names $f, which does not exist" >&2
      failed=1
    fi
  done
  cd "$srcroot" || exit 1
  # In a git checkout only the files git knows: work in progress is not yet anyone's to list.
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files() { git ls-files -- "$@"; }
  else
    files() { for p in "$@"; do ls $p; done 2>/dev/null; }
  fi
  for f in $( (files 'src/*/*.c' 'ui/*.ui' 'ui/*/*.ui' |
               xargs grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_)\(|g_dn?gettext|g_dpgettext2|translatable="yes"';
               files 'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.gschema.xml') | LC_ALL=C sort -u); do
    if ! grep -qx "$f" "$list"; then
      echo "$f has translatable strings but is not in po/POTFILES.in" >&2
      failed=1
    fi
  done
  [ $failed -eq 0 ] && echo "po/POTFILES.in is sorted and complete"
  exit $failed
  ;;

*)
  echo "usage: $0 stats FILE.po | full FILE.po | guideline SRCROOT OUTDIR FILE.po | complete SRCROOT OUTDIR FILE.po... | potfiles SRCROOT" >&2
  exit 2
  ;;
esac
