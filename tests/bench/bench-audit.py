#!/usr/bin/env python3
# bench-audit.py — `npc-pathway-cli audit` over a generated cohort: cases/s and peak memory
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench-audit.py CLI CASES.json [SIZES...] [--jobs N] [--keep DIR]
#
# Makes one cohort of whole case objects, one a line (the vignette cases in turn, each with a
# patient in meta and, for four patients in five, a recorded decision: the pathway's outcome,
# one of its alternatives, another outcome with a reason, or a treatment only), writes a
# file for each size (the smaller the first lines of the larger) and runs the audit on each
# (100,000 and 1,000,000 patients by default). Each run is timed on the clock and in CPU time (user + system of
# the audit process), and its peak memory is the process's maximum resident set, from
# getrusage(). The summary the audit prints is checked for the number of patients, so a run
# that read less is not counted as fast. It is a benchmark, not a test.

import json
import os
import subprocess
import sys
import tempfile
import time

REASONS = ["patient preference", "declined surgery after counselling",
           "enrolled in a trial, with \"quotes\", and a comma"]


def is_id(name):
    """A node id ("EVAL-LR"), not an outcome type ("VALIDATION_ERROR")."""
    return bool(name) and not all(c.isupper() or c == "_" for c in name)


def outcome_id(case):
    primary = case.get("expected", {}).get("primary")
    return primary if is_id(primary) else None


def cohort_lines(cases, n):
    """Yields n JSONL lines, cycling through the cases."""
    prefix = ('{"format": "npc-pathway-case/1", "guideline": "npc-recurrent-metastatic", '
              '"meta": {"label": "cohort", "patient": {"name": "Zebedee Quux", "id": "MRN-%07d", '
              '"birth_date": "1931-02-%02d"}%s}, "fields": %s}\n')
    fields = [json.dumps(c["case"], separators=(", ", ": ")) for c in cases]
    for i in range(n):
        k = i % len(cases)
        primary = outcome_id(cases[k])
        alts = [a for a in cases[k].get("expected", {}).get("alternatives") or [] if is_id(a)]
        pick = i % 10
        if pick < 6 and primary:
            decision = {"outcome": primary}
        elif pick == 6 and alts:
            decision = {"outcome": alts[0]}
        elif pick == 7 and primary:
            other = outcome_id(cases[(k + 1) % len(cases)])
            decision = {"outcome": other or primary, "reason": REASONS[i % len(REASONS)]}
        elif pick == 8:
            decision = {"treatment": "supportive care", "reason": REASONS[i % len(REASONS)]}
        else:
            decision = None
        extra = ', "decision": ' + json.dumps(decision) if decision else ""
        yield prefix % (i, 1 + i % 28, extra, fields[k])


def run(cli, path, n, jobs):
    argv = [cli, "audit", "--format", "json"]
    if jobs:
        argv += ["--jobs", str(jobs)]
    argv.append(path)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.stderr.write(err.read().decode(errors="replace")[:2000])
            raise SystemExit("bench-audit: the audit failed with status %d" % proc.returncode)
        summary = json.loads(out.read())
    patients = summary.get("patients")
    if patients != n:
        raise SystemExit("bench-audit: the audit counted %r patients, not %d" % (patients, n))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    args = sys.argv[1:]
    jobs = None
    keep = None
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if "--keep" in args:
        i = args.index("--keep")
        keep = args[i + 1]
        del args[i:i + 2]
    if len(args) < 2:
        raise SystemExit(__doc__ if __doc__ else "usage: bench-audit.py CLI CASES.json [SIZES...]")
    cli, cases_path = args[0], args[1]
    sizes = [int(s) for s in args[2:]] or [100000, 1000000]
    with open(cases_path) as f:
        cases = [c for c in json.load(f) if "case" in c]

    folder = keep or tempfile.mkdtemp(prefix="npc-bench-audit-")
    os.makedirs(folder, exist_ok=True)
    try:
        files = {}
        t0 = time.monotonic()
        for n in sorted(set(sizes)):
            path = os.path.join(folder, "cohort-%d.jsonl" % n)
            with open(path, "w") as f:
                f.writelines(cohort_lines(cases, n))
            files[n] = path
        size = os.path.getsize(files[max(sizes)])
        print("cohort written in %.1f s (%d patients: %.0f MB)" %
              (time.monotonic() - t0, max(sizes), size / 1e6))
        for n in sizes:
            wall, cpu, rss = run(cli, files[n], n, jobs)
            print("audit%s of %d patients (JSONL of whole case objects): %.0f cases/s on the "
                  "clock (%.2f s), %.0f cases/s of CPU time (%.2f s), peak memory %.1f MB" %
                  (" --jobs %d" % jobs if jobs else "", n, n / wall, wall, n / cpu, cpu,
                   rss / 1024.0))
    finally:
        if keep is None:
            for name in os.listdir(folder):
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)


if __name__ == "__main__":
    main()
