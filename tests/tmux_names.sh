#!/usr/bin/env bash
# At 120x40 the project table shows every sample project's whole name (none cut with …).
#   usage: tests/tmux_names.sh [python]      (exit 0 ok, 1 failed, 77 tmux missing)
source "$(dirname "$0")/tmux_lib.sh" "${1:-python3}" 120 40
start_app
# Another client of the same tmux server may have sized new windows: this one is 120x40.
tmux set-option -t "$SESSION" window-size manual >/dev/null 2>&1 || true
tmux resize-window -t "$SESSION" -x "$COLS" -y "$ROWS" >/dev/null 2>&1 || true
wait_for "玉田县无终街道办事处本级"
[[ "$(tmux display -p -t "$SESSION" '#{window_width}x#{window_height}')" == "${COLS}x${ROWS}" ]] || {
    echo "the window is not ${COLS}x${ROWS}: $(tmux display -p -t "$SESSION" '#{window_width}x#{window_height}')"; exit 1; }
keys F4
wait_for "项目表："
sleep 1  # the table is refitted once it knows its width
mapfile -t NAMES < <("$PY" -c "
import sys
from perftui import store
for p in store.load(sys.argv[1]).doc.projects: print(p.name)
" "$WORK/sample.toml")
((${#NAMES[@]} > 0)) || { echo "no projects read from the sample"; exit 1; }
for name in "${NAMES[@]}"; do
    pane | grep -qF -- "$name" || { echo "not whole on screen: $name"; pane; exit 1; }
done
quit_app
echo "ok: ${#NAMES[@]} whole project names at 120x40"
