#!/bin/sh
# The guideline's text reaches the user in each language of po/guideline/LINGUAS: the command
# line, run from the build folder, evaluates a case under LANG and prints the recommendation's
# title as that language's catalogue gives it, not in English. Prints TAP.
#
#   check-guideline-language.sh CLI CASE LANG...
set -u
cli=$1 case_file=$2
shift 2
domain=npc-pathway-guideline
title='Salvage endoscopic nasopharyngectomy'
n=0
failed=0
echo "1..$(($# * 2))"
for lang in "$@"; do
  out=$(LANGUAGE=$lang LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" evaluate --format text "$case_file" 2>&1)
  first=$(printf '%s\n' "$out" | head -n 1)
  n=$((n + 1))
  if [ -f "${NPC_PATHWAY_LOCALEDIR:-}/$lang/LC_MESSAGES/$domain.mo" ] &&
     ! printf '%s\n' "$out" | grep -q "$title"; then
    echo "ok $n - $lang: the recommendation is not in English ($first)"
  else
    echo "not ok $n - $lang: the guideline's text is in English or its catalogue is missing ($first)"
    failed=1
  fi
  want=$(LANGUAGE=$lang LANG=C.UTF-8 LC_ALL=C.UTF-8 TEXTDOMAINDIR=${NPC_PATHWAY_LOCALEDIR:-} \
         gettext -d "$domain" "$title")
  n=$((n + 1))
  if [ "$want" != "$title" ] && printf '%s\n' "$first" | grep -qF -- "$want"; then
    echo "ok $n - $lang: the title is the catalogue's ($want)"
  else
    echo "not ok $n - $lang: expected the catalogue's title ($want) in: $first"
    failed=1
  fi
done
exit $failed
