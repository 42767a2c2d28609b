#!/usr/bin/env python3
"""Counts test cases from meson's test log and prints 'N passed, N failed'.

A TAP test program counts each of its 'ok' / 'not ok' lines; a program that is not TAP
counts as one case. Skipped cases are counted apart and never as passed.
"""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")


def main(path):
    passed = failed = skipped = 0
    failures = []
    try:
        entries = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    except OSError as e:
        print(f"test-summary: cannot read {path}: {e}", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    for entry in entries:
        name = entry.get("name", "?")
        result = entry.get("result", "")
        out = entry.get("stdout") or entry.get("stdo") or ""
        cases = 0
        if re.search(r"^1\.\.\d+", out, re.M):
            for line in out.splitlines():
                m = TAP.match(line.strip())
                if not m:
                    continue
                cases += 1
                rest = m.group(2)
                if "# SKIP" in rest.upper():
                    skipped += 1
                elif m.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
                    failures.append(f"{name}:{rest.strip()}")
        program_failed = result not in ("OK", "SKIP", "EXPECTEDFAIL")
        if cases == 0:
            # Not TAP: the program is one case.
            if result == "OK":
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                failures.append(f"{name}: {result}")
        elif program_failed and not any(f.startswith(name + ":") for f in failures):
            # TAP cases passed but the program failed outside them (crash, bad exit, plan).
            failed += 1
            failures.append(f"{name}: {result} after its cases")
    for f in failures:
        print(f"FAILED {f}", file=sys.stderr)
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
