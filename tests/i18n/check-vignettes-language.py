#!/usr/bin/python3
# check-vignettes-language.py — the visible vignettes, evaluated in each language, leave no
# English of the guideline in the command line's text output
#
# Copyright 2026 The NPC Pathway authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-vignettes-language.py CLI VIGNETTES.json GUIDELINE_PO_DIR LANG...
#
# For each language, every message of the guideline's catalogue whose translation differs
# from its English (and that is a phrase: two words at least) must not appear in the output
# of `evaluate --format text` for any visible vignette: field, value, branch and outcome
# labels, statements and reasons all come out in the user's language. The source review's
# title is the exception: it is a citation, shown as published. Prints TAP.
import json
import os
import xml.etree.ElementTree as ET
import subprocess
import sys
import tempfile


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path):
    entries, key, cur = [], None, {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("msgid "):
            if "msgid" in cur and "msgstr" in cur:
                entries.append((cur["msgid"], cur["msgstr"]))
            cur, key = {"msgid": unquote(line[6:])}, "msgid"
        elif line.startswith("msgstr "):
            cur["msgstr"], key = unquote(line[7:]), "msgstr"
        elif line.startswith('"') and key:
            cur[key] += unquote(line)
        elif not line.strip():
            key = None
    if "msgid" in cur and "msgstr" in cur:
        entries.append((cur["msgid"], cur["msgstr"]))
    return [(i, s) for i, s in entries if i]


def main():
    cli, vignettes_path, po_dir, langs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    vignettes = json.load(open(vignettes_path, encoding="utf-8"))
    ns = {"g": "https://npcpathway.github.io/ns/guideline/1"}
    source = ET.parse(os.environ["NPC_PATHWAY_GUIDELINE"]).getroot().find("g:metadata/g:source/g:title", ns)
    citation = " ".join(source.text.split()) if source is not None else None
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for v in vignettes:
            path = os.path.join(tmp, v["id"] + ".json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"format": "npc-pathway-case/1", "guideline": "npc-recurrent-metastatic",
                           "fields": v["case"]}, f)
            cases.append((v["id"], path))
        for lang in langs:
            english = [i for i, s in read_po(os.path.join(po_dir, lang + ".po"))
                       if s and s != i and " " in i.strip() and i != citation]
            env = dict(os.environ, LANGUAGE=lang, LANG="C.UTF-8", LC_ALL="C.UTF-8")
            left = []
            for vid, path in cases:
                out = subprocess.run([cli, "evaluate", "--format", "text", path], env=env,
                                     capture_output=True, text=True).stdout
                if not out.strip():
                    left.append("%s: no output" % vid)
                    continue
                left += ["%s: “%s”" % (vid, e) for e in english if e in out]
            results.append((not left, "%s: %d vignettes, no English of the guideline left" %
                            (lang, len(cases)), "; ".join(left[:8])))
    print("1..%d" % len(results))
    for n, (ok, what, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
        if detail and not ok:
            print("# " + detail)
    return 0 if results and all(ok for ok, _, _ in results) else 1


sys.exit(main())
