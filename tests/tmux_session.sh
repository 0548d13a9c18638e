#!/usr/bin/env bash
# A real-terminal session: start perftui in tmux at 80x24 on a copy of the sample, check the
# screen shows the unit, edit the first 指标值 of the first project, save (ctrl+s), quit (ctrl+q),
# and check the file changed in exactly that line.
#   usage: tests/tmux_session.sh [python]      (exit 0 ok, 1 failed, 77 tmux missing)
set -euo pipefail
PY=${1:-python3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
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

tmux new-session -d -s "$SESSION" -x 80 -y 24 \
    "cd '$WORK' && XDG_CONFIG_HOME='$WORK/config' XDG_STATE_HOME='$WORK/state' TERM=xterm-256color \
     '$PY' -m perftui sample.toml; echo \"perftui-exit=\$?\" > '$WORK/exit'; sleep 1"

wait_for "玉田县无终街道办事处本级"          # the department screen shows the sample's unit
keys F4
wait_for "城镇社区工作经费"                  # the project table
keys Enter
wait_for "绩效指标"                          # the first project's editor
keys Enter Tab Tab End BSpace BSpace BSpace
tmux send-keys -t "$SESSION" -l "30个"
sleep 0.5
wait_for "≥30个"
wait_for "未保存"
keys C-s
wait_for "已保存"
keys C-q
for _ in $(seq 50); do [[ -f "$WORK/exit" ]] && break; sleep 0.2; done
[[ -f "$WORK/exit" ]] || { echo "perftui did not quit"; pane; exit 1; }
grep -q "perftui-exit=0" "$WORK/exit" || { echo "perftui exit status: $(cat "$WORK/exit")"; exit 1; }

changes=$(diff "$WORK/before.toml" "$WORK/sample.toml" | grep -c '^[<>]' || true)
if [[ "$changes" != 2 ]] || ! grep -qF 'value = "≥30个"' "$WORK/sample.toml"; then
    echo "unexpected change to the file:"; diff "$WORK/before.toml" "$WORK/sample.toml" || true; exit 1
fi
echo "ok: edited, saved and quit in tmux at 80x24"
