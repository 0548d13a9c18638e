#!/usr/bin/env bash
# A real-terminal session: start perftui in tmux at 80x24 on a copy of the sample, check the
# screen shows the unit, edit the first 指标值 of the first project, save (ctrl+s), quit (ctrl+q),
# and check the file changed in exactly that line.
#   usage: tests/tmux_session.sh [python]      (exit 0 ok, 1 failed, 77 tmux missing)
source "$(dirname "$0")/tmux_lib.sh" "${1:-python3}" 80 24
start_app
wait_for "玉田县无终街道办事处本级"          # the department screen shows the sample's unit
keys F4
wait_for "城镇社区工作经费"                  # the project table
keys Enter
wait_for "绩效指标"                          # the first project's editor
sleep 1                                      # the editor puts the focus on its indicator table once built
keys Enter
sleep 0.5                                    # Enter opens the row's fields: 三级指标 has the focus
keys Tab Tab End BSpace BSpace BSpace
type_text "30个"
wait_for "≥30个"
wait_for "未保存"
keys C-s
wait_for "已保存"
quit_app
changes=$(changed_lines | wc -l)
if [[ "$changes" != 2 ]] || ! grep -qF 'value = "≥30个"' "$WORK/sample.toml"; then
    echo "unexpected change to the file:"; diff "$WORK/before.toml" "$WORK/sample.toml" || true; exit 1
fi
echo "ok: edited, saved and quit in tmux at 80x24"
