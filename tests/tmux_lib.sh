#!/usr/bin/env bash
# Shared by the tmux scripts: a private copy of the sample and a perftui session in tmux.
#   source tests/tmux_lib.sh PYTHON COLUMNS ROWS; start_app; wait_for TEXT; keys K…; quit_app
set -euo pipefail
PY=${1:-python3}
COLS=${2:-80}
ROWS=${3:-24}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }

WORK=$(mktemp -d)
SESSION="perftui-test-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/config" "$WORK/state"
cp "$REPO/data/439001-2023.toml" "$WORK/sample.toml"
cp "$WORK/sample.toml" "$WORK/before.toml"

pane() { tmux capture-pane -p -t "$SESSION" 2>/dev/null || true; }
wait_for() {  # wait_for TEXT [seconds]
    local deadline=$((SECONDS + ${2:-20}))
    until pane | grep -qF -- "$1"; do
        if ((SECONDS > deadline)); then
            echo "timed out waiting for: $1"; pane; exit 1
        fi
        sleep 0.2
    done
}
keys() { for k in "$@"; do tmux send-keys -t "$SESSION" "$k"; sleep 0.25; done; }
type_text() { tmux send-keys -t "$SESSION" -l "$1"; sleep 0.5; }

start_app() {
    tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" \
        "cd '$WORK' && XDG_CONFIG_HOME='$WORK/config' XDG_STATE_HOME='$WORK/state' TERM=xterm-256color \
         env -u COLUMNS -u LINES '$PY' -m perftui sample.toml; echo \"perftui-exit=\$?\" > '$WORK/exit'; sleep 1"
}

quit_app() {
    keys C-q
    for _ in $(seq 50); do [[ -f "$WORK/exit" ]] && break; sleep 0.2; done
    [[ -f "$WORK/exit" ]] || { echo "perftui did not quit"; pane; exit 1; }
    grep -q "perftui-exit=0" "$WORK/exit" || { echo "perftui exit status: $(cat "$WORK/exit")"; exit 1; }
}

changed_lines() { diff "$WORK/before.toml" "$WORK/sample.toml" | grep '^[<>]' || true; }
