#!/usr/bin/env python3
"""The Flatpak manifest: well-formed, the right ids, and no network or file-system holes.

TAP output, one case per check.
"""
import json
import sys

APP_ID = "io.github.npcpathway.NpcPathway"


def main(path):
    checks = []
    try:
        manifest = json.load(open(path, encoding="utf-8"))
        checks.append(("the manifest is valid JSON", True))
    except (OSError, ValueError) as e:
        print("1..1\nnot ok 1 - the manifest is valid JSON\n# %s" % e)
        return 1
    args = manifest.get("finish-args", [])
    checks += [
        ("the id is %s" % APP_ID, manifest.get("id") == APP_ID),
        ("the command is npc-pathway", manifest.get("command") == "npc-pathway"),
        ("it builds on the GNOME runtime", manifest.get("runtime") == "org.gnome.Platform"
         and manifest.get("sdk") == "org.gnome.Sdk"),
        ("no network access", not any(a.startswith("--share=network") for a in args)),
        ("no home or host file-system access",
         not any(a.startswith("--filesystem=") for a in args)),
        ("the project is built with meson",
         any(m.get("buildsystem") == "meson" for m in manifest.get("modules", [])
             if isinstance(m, dict))),
    ]
    print("1..%d" % len(checks))
    failed = 0
    for i, (name, ok) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
