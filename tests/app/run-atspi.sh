#!/bin/sh
# Runs test-atspi.py (or the script named as the argument) in a D-Bus session of its own, where at-spi2-core starts the
# accessibility bus on demand. Needs dbus-run-session, at-spi2-core and python3-pyatspi
# (build-aux/dev installs them); Debian's own Python, which has pyatspi. The session's
# daemons talk on standard output, so the TAP report comes through a file.
set -u
here=$(dirname "$0")
script=${1:-test-atspi.py}
for tool in dbus-run-session /usr/bin/python3 /usr/libexec/at-spi-bus-launcher; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "$tool" ]; then
    echo "1..1"; echo "not ok 1 - $tool is not installed"; exit 1
  fi
done
report=$(mktemp)
NPC_TAP_REPORT=$report dbus-run-session -- /usr/bin/python3 "$here/$script" >&2
status=$?
cat "$report"
rm -f "$report" "$report.app"
exit $status
