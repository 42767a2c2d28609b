#!/bin/sh
# check-no-display.sh — the application started where there is no display: it says so and
# exits with status 1, every time. GTK's exit() once ran the libraries' destructors under the
# thread still reading the guideline, which crashed about one start in six.
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-no-display.sh APP CASE.json [RUNS]
set -u
app=$1 case=$2 runs=${3:-30}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "1..$runs"
failed=0
i=1
while [ "$i" -le "$runs" ]; do
  env -u DISPLAY -u WAYLAND_DISPLAY "$app" "$case" >"$log" 2>&1
  rc=$?
  if [ "$rc" -eq 1 ] && grep -q "cannot open display" "$log"; then
    echo "ok $i - start $i without a display: status 1 and the reason"
  else
    echo "not ok $i - start $i without a display: status $rc"
    sed 's/^/# /' "$log"
    failed=1
  fi
  i=$((i + 1))
done
exit "$failed"
