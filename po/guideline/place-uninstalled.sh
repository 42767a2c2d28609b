#!/bin/sh
# Copies the guideline's compiled catalogues to where an uninstalled program looks for them.
#
#   place-uninstalled.sh STAMP LOCALEDIR DOMAIN MO...
#
# The i18n module builds LANG's catalogue as .../LANG/LC_MESSAGES/DOMAIN.mo; each MO is
# copied to LOCALEDIR/LANG/LC_MESSAGES/DOMAIN.mo, LANG read from its path.
set -eu
stamp=$1 localedir=$2 domain=$3
shift 3
for mo in "$@"; do
  case "$mo" in
    *.mo) ;;
    *) continue ;;
  esac
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  mkdir -p "$localedir/$lang/LC_MESSAGES"
  cp "$mo" "$localedir/$lang/LC_MESSAGES/$domain.mo.tmp"
  mv "$localedir/$lang/LC_MESSAGES/$domain.mo.tmp" "$localedir/$lang/LC_MESSAGES/$domain.mo"
done
: > "$stamp"
