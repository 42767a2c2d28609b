#!/usr/bin/env python3
# bench-batch.py — `npc-pathway-cli evaluate --batch` over generated batches: cases/s and peak memory
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench-batch.py CLI CASES.json [LINES] [--jobs N] [--rounds N] [--keep DIR]
#   bench-batch.py --write single|varied LINES CASES.json OUT.jsonl
#
# Writes two batches of flat case objects, one a line (100,000 lines by default): the single
# line, a locoregional recurrence after radiotherapy, repeated; and a varied cohort, the
# vignettes' cases in turn, one line in three with random changes (a value swapped for
# another the vignettes give the field, a field dropped or one added), from a fixed seed so
# that every run reads the same lines. Each batch is evaluated whole, its results written to
# /dev/null, best of --rounds runs (3 by default): cases/s on the clock and in CPU time (user
# + system of the process, start-up included), and the peak memory, the maximum resident set
# from getrusage(). A first run writes the results to a file to check that there is one
# result a line, so that a run that read less is not counted as fast. It is a benchmark, not
# a test. --write only writes a batch, for comparing outputs.

import json
import os
import random
import subprocess
import sys
import tempfile
import time

SINGLE = ('{"disease_setting": "locoregional_recurrence", "mri_head_neck_done": true, '
          '"pet_ct_done": true, "distant_metastases_on_imaging": false, "prior_rt": true, '
          '"recurrence_site": "local", "recurrent_t_stage": "rT1", "resectable": true, '
          '"surgical_candidate": true}\n')


def single_lines(n):
    for _ in range(n):
        yield SINGLE


def varied_lines(cases, n, seed=20261202):
    """n lines cycling through the cases, one in three changed at random."""
    rng = random.Random(seed)
    seen = {}
    for c in cases:
        for k, v in c.items():
            seen.setdefault(k, [])
            if v not in seen[k]:
                seen[k].append(v)
    keys = sorted(seen)
    for i in range(n):
        case = dict(cases[i % len(cases)])
        if i % 3 == 2:
            for _ in range(rng.randint(1, 3)):
                what = rng.random()
                if what < 0.5 and case:
                    k = rng.choice(sorted(case))
                    v = case[k]
                    if isinstance(v, bool):
                        case[k] = not v
                    elif isinstance(v, int):
                        case[k] = rng.randint(0, 4)
                    else:
                        case[k] = rng.choice(seen[k])
                elif what < 0.75 and case:
                    del case[rng.choice(sorted(case))]
                else:
                    k = rng.choice(keys)
                    case[k] = rng.choice(seen[k])
        yield json.dumps(case, separators=(", ", ": ")) + "\n"


def write_batch(kind, n, cases, path):
    lines = single_lines(n) if kind == "single" else varied_lines(cases, n)
    with open(path, "w") as f:
        f.writelines(lines)


def run(argv, out):
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        code = os.waitstatus_to_exitcode(status)
        # 1: some lines did not validate, which the varied cohort has on purpose
        if code not in (0, 1):
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[:2000])
            raise SystemExit("bench-batch: the batch failed with status %d" % code)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def bench(cli, path, n, jobs, rounds, label):
    argv = [cli, "evaluate", "--batch", path]
    if jobs:
        argv += ["--jobs", str(jobs)]
    with tempfile.TemporaryFile() as out:
        run(argv, out)
        out.seek(0)
        count = sum(1 for _ in out)
    if count != n:
        raise SystemExit("bench-batch: %d results for %d lines" % (count, n))
    best = None
    with open(os.devnull, "wb") as devnull:
        for _ in range(rounds):
            r = run(argv, devnull)
            if best is None or r[1] < best[1]:
                best = r
    wall, cpu, rss = best
    print("evaluate --batch%s, %s, %d lines: %.0f cases/s of CPU time (%.2f s, %.2f µs a "
          "line), %.0f cases/s on the clock (%.2f s), peak memory %.1f MB (best of %d; load "
          "%.2f)" % (" --jobs %d" % jobs if jobs else "", label, n, n / cpu, cpu, cpu / n * 1e6,
                     n / wall, wall, rss / 1024.0, rounds, os.getloadavg()[0]))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--write":
        kind, n, cases_path, out = args[1], int(args[2]), args[3], args[4]
        with open(cases_path) as f:
            cases = [c["case"] for c in json.load(f) if "case" in c]
        write_batch(kind, n, cases, out)
        return
    jobs = None
    keep = None
    rounds = 3
    for opt in ("--jobs", "--keep", "--rounds"):
        if opt in args:
            i = args.index(opt)
            value = args[i + 1]
            del args[i:i + 2]
            if opt == "--jobs":
                jobs = int(value)
            elif opt == "--keep":
                keep = value
            else:
                rounds = int(value)
    if len(args) < 2:
        raise SystemExit("usage: bench-batch.py CLI CASES.json [LINES] [--jobs N] [--rounds N]")
    cli, cases_path = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 100000
    with open(cases_path) as f:
        cases = [c["case"] for c in json.load(f) if "case" in c]

    folder = keep or tempfile.mkdtemp(prefix="npc-bench-batch-")
    os.makedirs(folder, exist_ok=True)
    try:
        for kind, label in (("single", "the single line repeated"),
                            ("varied", "the varied cohort")):
            path = os.path.join(folder, "%s-%d.jsonl" % (kind, n))
            write_batch(kind, n, cases, path)
            bench(cli, path, n, jobs, rounds, label)
    finally:
        if keep is None:
            for name in os.listdir(folder):
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)


if __name__ == "__main__":
    main()
