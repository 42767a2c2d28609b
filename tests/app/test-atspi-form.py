#!/usr/bin/python3
# test-atspi-form.py — the case form as a screen reader gets it, through the accessibility bus
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by run-atspi.sh inside a D-Bus session of its own. Starts the application on a case whose
# form has every kind of field (drop-downs, Yes / No / Unknown, a number, check lists), reads the
# form with pyatspi as Orca would and checks that every control a user can reach is named, once,
# in words: not after its class, not twice over, and each Yes / No / Unknown field is one radio
# group with one stop. Prints TAP.
import gettext
import os
import re
import time

import pyatspi

from atspi_common import check, run, start_app, stop_app, walk

APP = os.environ["NPC_PATHWAY_APP"]
CASE = os.environ["NPC_PATHWAY_FORM_CASE"]
CONTROLS = {"push button", "toggle button", "radio button", "check box", "combo box",
            "spin button", "text", "entry", "password text", "slider", "switch", "menu item",
            "list item", "tree item", "link"}
CLASS_NAME = re.compile(r"^(Gtk|Adw|Npc)[A-Z]\w*$")
# NPC_TEST_LANGUAGE=zh_CN (zh_TW, zh_HK): the same form in that language, its names in it
LANGUAGE = os.environ.get("NPC_TEST_LANGUAGE", "")
CJK = re.compile(r"[\u3400-\u9fff]")


# The tumour board's decision at the end of the form: each control by its name (the entry rows
# are entries, the decision a drop-down, "today" a button), in the language under test.
DECISION_CONTROLS = [("Patient name", "text"), ("Patient id", "text"), ("Birth date", "text"),
                     ("Clinician", "text"), ("Decision", "combo box"), ("Treatment", "text"),
                     ("Decision date", "text"), ("Today", "push button"),
                     ("Reason", "text")]


def translated(name):
    if not LANGUAGE:
        return name
    catalogue = gettext.translation("npc-pathway", os.environ["NPC_PATHWAY_LOCALEDIR"],
                                    languages=[LANGUAGE])
    return catalogue.gettext(name)


def in_language(name):
    return bool(CJK.search(name or "")) if LANGUAGE else True


def radio_groups(form):
    # GTK 4.8 puts a radio group on the bus with the role of a panel: the group is what
    # holds the radio buttons
    groups = []
    for n in walk(form, []):
        if n.getRoleName() == "radio button":
            parent = n.parent
            if parent is not None and all(parent is not g for g in groups):
                groups.append(parent)
    return groups


def doubled(name):
    words = name.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def main():
    env = dict(os.environ)
    if LANGUAGE:
        env["LANGUAGE"] = LANGUAGE
        env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    proc, app = start_app([APP, CASE], env)
    try:
        if app is None:
            return
        form = None
        groups = []
        end = time.time() + 30
        while time.time() < end:
            forms = [n for n in walk(app, []) if n.getRoleName() == "form"]
            if forms:
                form = forms[0]
                groups = radio_groups(form)
                if len(groups) >= 5:
                    break
            time.sleep(0.5)
        check(form is not None and (form.name == "Case form" if not LANGUAGE
                                    else in_language(form.name)),
              "the form is there, named", form.name if form is not None else "")
        if form is None:
            return

        everything = walk(form, [])
        controls = [n for n in everything
                    if n.getRoleName() in CONTROLS and n.getState().contains(pyatspi.STATE_FOCUSABLE)]
        check(len(controls) >= 20, "the form's controls are on the bus", "%d" % len(controls))
        unnamed = [n.getRoleName() for n in controls if not (n.name or "").strip()]
        check(not unnamed, "every control has a name", repr(unnamed[:10]))
        by_class = ["%s %s" % (n.getRoleName(), n.name) for n in everything
                    if CLASS_NAME.match(n.name or "") and
                    (n.getRoleName() in CONTROLS or n.getState().contains(pyatspi.STATE_FOCUSABLE))]
        check(not by_class, "no control is named after its class", repr(by_class[:10]))
        twice = [n.name for n in controls if doubled(n.name or "")]
        check(not twice, "no control is named twice over", repr(twice[:10]))

        # Yes / No / Unknown: a radio group named after the field, one stop, radios that say
        # only their choice and which one is chosen.
        check(len(groups) >= 10, "the Yes / No fields are radio groups", "%d" % len(groups))
        bad = []
        for g in groups:
            radios = [n for n in walk(g, []) if n.getRoleName() == "radio button"]
            stops = [r for r in radios if r.getState().contains(pyatspi.STATE_FOCUSABLE)]
            chosen = [r for r in radios if r.getState().contains(pyatspi.STATE_CHECKED)]
            names = [r.name for r in radios]
            yes_no = (all(in_language(n) for n in names[:2]) if LANGUAGE
                      else names[:2] == ["Yes", "No"])
            if (not g.name or len(radios) != 3 or len(stops) != 1 or len(chosen) != 1
                    or stops[0] is not chosen[0] or not yes_no or not in_language(g.name)
                    or any(g.name in r.name for r in radios)):
                bad.append("%s: %s stops=%d chosen=%d" % (g.name, names, len(stops), len(chosen)))
        check(not bad, "each radio group is one stop, named once", repr(bad[:5]))

        # The check list of agents: each agent named once, by its own name.
        agents = [n for n in everything if n.getRoleName() == "check box"
                  and (n.name in ("Cisplatin", "Gemcitabine", "Pembrolizumab") if not LANGUAGE
                       else ("(cisplatin)" in n.name or "(gemcitabine)" in n.name
                             or n.name.startswith(("顺铂", "順鉑", "吉西他滨", "吉西他濱"))))]
        check(len(agents) >= 2, "the agents' check boxes are named by the agent",
              repr(sorted({n.name for n in everything if n.getRoleName() == "check box"})[:8]))

        # The board's decision: every control there, named once in the language, focusable.
        missing = []
        for english, role in DECISION_CONTROLS:
            name = translated(english)
            found = [n for n in controls if n.getRoleName() == role and n.name == name]
            if len(found) != 1 or not in_language(name):
                missing.append("%s (%s): %d" % (name, role, len(found)))
        check(not missing, "the decision's controls are named, once each, and reachable",
              repr(missing))

        # The number field and its clear button.
        spins = [n for n in controls if n.getRoleName() == "spin button"]
        if LANGUAGE:
            fields = [n for n in controls if n.getRoleName() in ("combo box", "spin button")]
            english = [n.name for n in fields + groups if not in_language(n.name)]
            check(fields and not english, "%s: every field is named in that language" % LANGUAGE,
                  repr(english[:8]))
        check(spins and all(n.name for n in spins), "the number field is named",
              repr([n.name for n in spins]))
        spin_names = [n.name for n in spins]
        clears = [n for n in everything if n.getRoleName() == "push button"
                  and any(f in (n.name or "") and f != n.name for f in spin_names)
                  and not (n.name or "").startswith(("About", "关于", "關於"))]
        check(clears and all(in_language(n.name) for n in clears),
              "the clear button names the field it clears", repr([n.name for n in clears]))
    finally:
        stop_app(proc)


run(main)
