#!/usr/bin/python3
# test-atspi.py — what a screen reader gets of the window, through the accessibility bus
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by run-atspi.sh inside a D-Bus session of its own, with the accessibility bus that
# at-spi2-core starts there. Starts the application on a case and reads its accessible tree
# with pyatspi, as Orca would. Prints TAP.
import os
import time

import pyatspi

from atspi_common import check, run, start_app, stop_app, walk

APP = os.environ["NPC_PATHWAY_APP"]
CASE = os.environ["NPC_PATHWAY_CASE"]


def extents(node):
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def inside(inner, outer, slack=2):
    return (inner.x >= outer.x - slack and inner.y >= outer.y - slack and
            inner.x + inner.width <= outer.x + outer.width + slack and
            inner.y + inner.height <= outer.y + outer.height + slack)


def main():
    proc, app = start_app([APP, CASE], os.environ)
    try:
        if app is None:
            return
        diagram = None
        nodes = []
        # the window needs a moment to follow the patient
        end = time.time() + 30
        while time.time() < end:
            everything = walk(app, [])
            diagrams = [n for n in everything
                        if n.getRoleName() == "panel" and (n.name or "").startswith("Pathway diagram")]
            if diagrams:
                diagram = diagrams[0]
                nodes = [diagram.getChildAtIndex(i) for i in range(diagram.childCount)]
                nodes = [n for n in nodes if n is not None and n.getRoleName() == "push button"
                         and not n.name.startswith(("Zoom", "Show the", "Back to"))]
                if any(n.name.startswith("M-1L-GP ") for n in nodes):
                    break
            time.sleep(0.5)
        check(diagram is not None, "the diagram is there, named")
        if diagram is None:
            return
        check(len(nodes) >= 5, "the diagram's nodes are its children", "%d nodes" % len(nodes))
        names = [n.name for n in nodes]
        check(len(set(names)) == len(names), "no node is named twice", repr(names))
        check(all(n.name and n.description for n in nodes),
              "every node has a name and a description of its state")
        check(all(n.getState().contains(pyatspi.STATE_FOCUSABLE) for n in nodes),
              "every node can take the keyboard focus")

        outcome = [n for n in nodes if n.name == "M-1L-GP Gemcitabine + cisplatin"]
        check(len(outcome) == 1, "the outcome's node is there by its id and label")
        if outcome:
            o = outcome[0]
            check("graded 2B by the review for" in o.description and "offered" in o.description,
                  "the outcome's node says how it stands for this patient", o.description)
            check(inside(extents(o), extents(diagram)), "the outcome's node lies in the diagram",
                  "%s in %s" % (extents(o), extents(diagram)))
        before = [n for n in nodes if n.name.startswith("D15 ")]
        check(len(before) == 1 and "on this patient's path" in before[0].description,
              "the decision before the outcome is there, on the path")
        labels = {b.name for b in walk(diagram, []) if b is not None and b.getRoleName() == "push button"}
        check({"Zoom in", "Zoom out", "Show the whole tree"} <= labels,
              "the zoom controls are named", repr(sorted(labels))[:200])
    finally:
        stop_app(proc)


run(main)
