#!/bin/sh
# An uninstalled build speaks the user's language: the command line, run from the build
# folder with NPC_PATHWAY_LOCALEDIR pointing at the catalogues compiled there (as
# build-aux/dev run and meson devenv set it), prints its words in Chinese under zh_CN and
# zh_TW, and in English without a language. Prints TAP.
#
#   check-uninstalled.sh CLI CASE
set -u
cli=$1
case_file=$2
n=0
failed=0

check() {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

echo "1..4"
[ -d "${NPC_PATHWAY_LOCALEDIR:-}" ]
check $? "the build folder's catalogues are there (${NPC_PATHWAY_LOCALEDIR:-unset})"

out=$(LANGUAGE=zh_CN LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" evaluate --format text "$case_file" 2>&1)
printf '%s\n' "$out" | grep -q '^路径：D1 → '
check $? "zh_CN: the path is introduced in Simplified Chinese"

out=$(LANGUAGE=zh_TW LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" evaluate --format text "$case_file" 2>&1)
printf '%s\n' "$out" | grep -q '^路徑：D1 → '
check $? "zh_TW: the path is introduced in Traditional Chinese"

out=$(LANGUAGE= LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" evaluate --format text "$case_file" 2>&1)
printf '%s\n' "$out" | grep -q '^Path: D1 → '
check $? "without a language: English"
exit $failed
