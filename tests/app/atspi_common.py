# atspi_common.py — what the accessibility-bus tests share
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starting the application on the bus, finding it, walking its accessible tree, and the TAP
# report, for test-atspi.py and test-atspi-form.py (run by run-atspi.sh).
import os
import subprocess
import sys
import time

import pyatspi

results = []


def check(ok, what, detail=""):
    results.append((bool(ok), what, detail))


def find_app(name, proc, timeout=40):
    end = time.time() + timeout
    while time.time() < end and proc.poll() is None:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.3)
    return None


def walk(node, out):
    out.append(node)
    try:
        n = node.childCount
    except Exception:
        return out
    for i in range(n):
        child = node.getChildAtIndex(i)
        if child is not None:
            walk(child, out)
    return out


def start_app(argv, env):
    """Starts the application with the accessibility bridge on; returns (process, its
    accessible application or None). The first check of every test is that it is there."""
    env = dict(env)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    log = open(os.environ["NPC_TAP_REPORT"] + ".app", "w+")
    proc = subprocess.Popen(argv, env=env, stderr=log)
    app = find_app("npc-pathway", proc)
    # Under Xvfb a client's first connection is now and then refused ("cannot open
    # display") while the server is busy: that start is tried again, any other failure is
    # reported.
    for _ in range(2):
        if app is not None or proc.poll() is None:
            break
        log.seek(0)
        if "cannot open display" not in log.read():
            break
        log.seek(0)
        log.truncate()
        proc = subprocess.Popen(argv, env=env, stderr=log)
        app = find_app("npc-pathway", proc)
    if app is None:
        log.seek(0)
        check(False, "the application is on the accessibility bus",
              "exit status %s; %s" % (proc.poll(), log.read()[-600:].replace("\n", " | ")))
    else:
        check(True, "the application is on the accessibility bus")
    return proc, app


def stop_app(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def run(main):
    """Runs the test and writes its TAP report; exits with its status."""
    try:
        main()
    except Exception as e:  # a crash of the test is a failure, never a pass
        check(False, "the test ran to its end", repr(e))
    with open(os.environ["NPC_TAP_REPORT"], "w") as tap:
        print("1..%d" % len(results), file=tap)
        for i, (ok, what, detail) in enumerate(results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, what), file=tap)
            if detail and not ok:
                print("# %s" % detail, file=tap)
    sys.exit(0 if results and all(ok for ok, _, _ in results) else 1)
