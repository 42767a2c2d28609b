#!/bin/sh
# The layers depend one way: core <- render <- app / cli. A lower layer never includes a
# higher one: src/core knows no GTK, cairo or pango; src/render and src/report know no GTK.
# TAP output, one case per rule.
top=${1:?usage: check-layers.sh SOURCE_ROOT}
n=0
fail=0
check () {
  n=$((n + 1))
  hits=$(grep -rnE "$2" "$top/$1" --include='*.c' --include='*.h' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "not ok $n - $3"
    echo "$hits" | sed 's/^/# /'
    fail=1
  else
    echo "ok $n - $3"
  fi
}
echo "1..5"
check src/core '#include *[<"](gtk/|adwaita|gdk/|cairo|pango)' "src/core includes no GTK, libadwaita, cairo or pango header"
check src/core '#include *"npc-(renderer|render|window|application|diagram-view|case-form|evidence-pane|outcome-banner)' "src/core includes nothing from render or app"
check src/render '#include *[<"](gtk/|adwaita|gdk/)' "src/render includes no GTK or libadwaita header"
check src/render '#include *"npc-(window|application|diagram-view|case-form|evidence-pane|outcome-banner)' "src/render includes nothing from the app"
check src/report '#include *[<"](gtk/|adwaita|gdk/)' "src/report includes no GTK or libadwaita header"
exit $fail
