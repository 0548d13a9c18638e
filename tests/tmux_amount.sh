#!/usr/bin/env bash
# A clerk types 77万 into 其他资金 (blank) of the first project in the real app (tmux, 80x24), sees the
# reading, saves, and the file holds 770000.00; then types 77x and the save is refused.
#   usage: tests/tmux_amount.sh [python]      (exit 0 ok, 1 failed, 77 tmux missing)
source "$(dirname "$0")/tmux_lib.sh" "${1:-python3}" 80 24
start_app
wait_for "玉田县无终街道办事处本级"
keys F4
wait_for "城镇社区工作经费"
keys Enter
wait_for "绩效指标"
sleep 1  # the editor puts the focus on its indicator table once built
# From the indicator table back through goals, the plan and 资金用途 to 其他资金.
keys BTab BTab BTab BTab BTab BTab BTab
type_text "77万"
wait_for "其他资金 = 770,000.00 元"
keys C-s
wait_for "已保存"
[[ "$(changed_lines)" == "> other = 770000.00" ]] || { echo "not saved as 770000.00:"; changed_lines; exit 1; }
keys End BSpace BSpace BSpace
type_text "x"
wait_for "输入无效"
keys C-s
wait_for "没有保存"
[[ "$(changed_lines)" == "> other = 770000.00" ]] || { echo "a refused entry reached the file"; exit 1; }
keys Escape
sleep 0.5
pane | head -1 | grep -qF "输入无效" && { echo "Esc did not revert the refused entry"; pane; exit 1; }
quit_app
echo "ok: 77万 saved as 770000.00 in tmux at 80x24"
