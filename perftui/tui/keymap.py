"""Every key of the app in one table, and the user's remapping file.

Each entry drives a ``Binding`` (with an ``id`` so it can be remapped), its footer label,
its help line (F1) and its command-palette entry. Users override keys in
``$XDG_CONFIG_HOME/perftui/keys.toml``::

    [keys]
    "app.save" = "ctrl+s"
    "projects.add" = "a,insert"

The file is read through perftui.tomlread; a broken file or an unknown id gives a Chinese
notice naming file, line and key, and the default keys stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding, BindingType

from perftui import paths
from perftui.errors import Problem
from perftui.locate import index_lines, line_of
from perftui.safetext import brief, one_line
from perftui.tomlread import read_config


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # "<scope>.<name>", stable: users remap by it
    key: str
    action: str
    description: str  # short, for the footer
    help: str  # one sentence, for F1 and the palette
    show: bool = True
    priority: bool = False
    on: str = ""  # "table": bound on the scope's table, not its screen (letters type in fields)
    rank: int = 5  # footer: lower is kept longer when the line is short (0 = always)
    short: str = ""  # footer label when the line is short (default: description)


KEYS: tuple[Key, ...] = (
    # app-wide
    Key("app.save", "ctrl+s", "save", "保存", "保存当前文件（文件在磁盘上被改过时会询问）", priority=True, rank=1),
    Key("app.undo", "ctrl+z", "undo", "撤销", "撤销上一步修改（并说明撤销了什么）", show=False, priority=True),
    Key("app.redo", "ctrl+y", "redo", "重做", "重做刚撤销的修改（并说明重做了什么）", show=False, priority=True),
    Key("app.export", "ctrl+o", "export", "导出Excel", "把当前单位导出为 Excel 工作簿（写在数据文件旁边）",
        priority=True, rank=7, short="导出"),
    Key("app.findings", "f2", "findings", "问题", "列出全部检查结果，回车跳到对应字段", rank=1),
    Key("app.help", "f1", "help", "帮助", "显示当前界面的按键", rank=0),
    Key("app.quit", "ctrl+q", "quit", "退出", "退出（有未保存的修改时会询问）", priority=True, rank=8),
    Key("app.palette", "ctrl+p", "command_palette", "命令", "打开命令面板：搜索并执行全部操作", show=False,
        priority=True),
    Key("app.theme", "f3", "pick_theme", "主题", "选择界面主题（会记住）", show=False),
    Key("app.panel", "f9", "toggle_panel", "问题栏", "展开或收起屏幕下方的问题栏", show=False),
    Key("app.next_year", "f10", "next_year", "新建下一年度", "新建下一年度的数据文件：照当前单位复制，年度加一",
        show=False),
    Key("app.jump_project", "ctrl+g", "jump_project", "跳到项目", "按编码或名称搜索并打开一个项目", show=False,
        priority=True),
    # review (app-wide: they work on every screen)
    Key("app.review", "f5", "review", "审核", "审核列表：审核状态、审核意见和检查结果", show=False),
    Key("app.opinion", "f6", "add_opinion", "写意见", "给当前字段、指标行、项目或文档写审核意见", show=False),
    Key("app.compare", "f7", "compare", "比较", "与上一版比较：列出改动之处，回车跳到该处", show=False),
    Key("app.next_change", "f8", "next_change", "下一处改动", "跳到与上一版比较的下一处改动", show=False),
    Key("app.prev_change", "shift+f8", "prev_change", "上一处改动", "跳到与上一版比较的上一处改动", show=False),
    # department screen
    Key("department.projects", "f4", "open_projects", "项目表", "打开项目表（第二部分）", rank=1),
    Key("department.revert", "escape", "revert_field", "还原", "把输入无效的字段还原为已保存的值", show=False),
    Key("department.next_unit", "ctrl+n", "next_unit", "下一单位", "切换到文件夹中的下一个单位", show=False),
    Key("department.prev_unit", "ctrl+b", "prev_unit", "上一单位", "切换到文件夹中的上一个单位", show=False),
    # project table
    Key("projects.open", "enter", "open_project", "打开", "打开光标所在项目的绩效目标表", on="table", rank=1),
    Key("projects.add", "a", "add_project", "新增", "在光标后新增一个项目", on="table", rank=3),
    Key("projects.duplicate", "c", "duplicate_project", "复制", "复制光标所在项目", on="table", rank=6),
    Key("projects.delete", "d", "delete_project", "删除", "删除光标所在项目（需确认，可撤销）", on="table", rank=4),
    Key("projects.sort", "s", "sort", "排序", "选择按哪一列排序（再选同一列则反向；表头显示 ▲▼）", on="table", rank=5),
    Key("projects.filter", "slash", "filter", "筛选", "输入文字筛选项目（编码或名称）", rank=3),
    Key("projects.back", "escape", "back", "返回", "返回部门整体绩效目标", rank=9),
    # project editor
    Key("editor.add", "a", "add_indicator", "新增指标", "在光标后新增一行指标", on="table", rank=3, short="新增"),
    Key("editor.delete", "d", "delete_indicator", "删除指标", "删除光标所在指标（可撤销）", on="table", rank=4,
        short="删除"),
    Key("editor.frame", "t", "fill_framework", "补齐框架",
        "补齐指标体系缺少的二级指标行（空行，可撤销）", on="table", rank=9,
        short="框架"),
    Key("editor.up", "alt+up", "move_indicator(-1)", "上移", "把指标上移一行", show=False, on="table"),
    Key("editor.down", "alt+down", "move_indicator(1)", "下移", "把指标下移一行", show=False, on="table"),
    Key("editor.edit", "enter", "edit_indicator", "编辑", "编辑光标所在指标", on="table", rank=1),
    Key("editor.basis", "ctrl+b", "cycle_basis", "依据", "依据在标准列表中轮换（计划标准、行业标准……）",
        show=False),
    Key("editor.next", "ctrl+down,ctrl+pagedown", "next_project", "下一项目", "打开下一个项目", show=False),
    Key("editor.prev", "ctrl+up,ctrl+pageup", "prev_project", "上一项目", "打开上一个项目", show=False),
    Key("editor.back", "escape", "back", "返回", "返回上一层（在字段中先回到它的表）", rank=9),
    # item lists (分项绩效目标, 工作保障措施, 绩效目标)
    Key("items.add", "a", "add_item", "新增条目", "在光标后新增一条", rank=3, short="新增"),
    Key("items.edit", "enter", "edit_item", "编辑条目", "编辑光标所在条目（多行编辑框，回车或 ctrl+s 确定）", rank=1,
        short="编辑"),
    Key("items.delete", "d", "delete_item", "删除条目", "删除光标所在条目（可撤销）", rank=4, short="删除"),
    Key("items.up", "alt+up", "move_item(-1)", "上移", "把条目上移一行", show=False),
    Key("items.down", "alt+down", "move_item(1)", "下移", "把条目下移一行", show=False),
    # record tables (年度履职目标, 项目预算成本构成)
    Key("records.add", "a", "add_record", "新增行", "在光标后新增一行", rank=3, short="新增"),
    Key("records.edit", "enter", "edit_record", "编辑行", "编辑光标所在行", rank=1, short="编辑"),
    Key("records.delete", "d", "delete_record", "删除行", "删除光标所在行（可撤销）", rank=4, short="删除"),
    Key("records.up", "alt+up", "move_record(-1)", "上移", "把这一行上移", show=False),
    Key("records.down", "alt+down", "move_record(1)", "下移", "把这一行下移", show=False),
    # review screen
    Key("review.jump", "enter", "jump", "跳转", "跳到所在意见、检查结果或项目的位置"),
    Key("review.add", "a", "add", "写意见", "给光标所在的位置写一条审核意见"),
    Key("review.status", "s", "set_status", "设状态", "设置文档或所在项目的审核状态（草稿/送审/退回/通过）"),
    Key("review.mark", "x", "mark", "意见状态", "光标所在意见的状态轮换：待改 → 已改 → 不改"),
    Key("review.edit", "e", "edit", "改意见", "修改光标所在意见的文字", show=False),
    Key("review.reply", "r", "reply", "答复", "填写单位对光标所在意见的答复", show=False),
    Key("review.delete", "d", "delete", "删除意见", "删除光标所在意见（需确认，可撤销）", show=False),
    Key("review.close", "escape", "close", "返回", "关闭审核列表"),
    # comparison with an earlier version
    Key("compare.jump", "enter", "jump", "跳转", "跳到光标所在改动的位置"),
    Key("compare.other", "o", "other", "换一版", "另选要比较的版本：文件或 git 版本（如 HEAD~1）"),
    Key("compare.close", "escape", "close", "返回", "关闭比较列表（改动标记保留，f8、shift+f8 仍可逐处跳转）"),
    Key("compare.clear", "x", "clear", "结束比较", "结束比较：清除各屏的改动标记"),
    # findings list
    Key("findings.jump", "enter", "jump", "跳转", "跳到这条检查结果对应的字段", rank=1),
    Key("findings.severity", "v", "severity_filter", "级别", "只看某一级别：全部 → 错误 → 警告 → 提示", rank=2),
    Key("findings.close", "escape", "close", "返回", "关闭检查结果列表", rank=9),
)

KEYS_BY_ID: dict[str, Key] = {k.id: k for k in KEYS}


def bindings(scope: str, on: str = "") -> list[BindingType]:
    """The Binding objects of one scope ("app", "projects", …); ``on="table"``: those bound
    on the scope's table rather than its screen. Typed as Textual's BINDINGS entries (the list
    is invariant: a list[Binding] would not do as a class's BINDINGS)."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, priority=k.priority, id=k.id, tooltip=k.help)
        for k in KEYS
        if k.id.split(".", 1)[0] == scope and k.on == on
    ]


def keys_path() -> Path:
    return paths.config_dir() / "keys.toml"


KEYS_MAX = 60  # "ctrl+shift+up,alt+k,f9": longer is a slip (and would swamp the footer)


def _keys_ok(keys: str) -> bool:
    """Key names joined by commas, each without spaces or control characters."""
    return (len(keys) <= KEYS_MAX and keys.isprintable() and not any(c.isspace() for c in keys)
            and all(keys.split(",")))


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """Read the user's key file: (binding id -> keys, Chinese problems naming file, line and
    key). A file that cannot be used leaves every default key in place."""
    path = path or keys_path()
    data, text, problems = read_config(path)
    if problems:
        return {}, [f"按键文件{'格式有误' if p.message.startswith('TOML') else '无法使用'}，已使用默认按键：{p}"
                    for p in problems]
    index = index_lines(text)

    def problem(keypath: str, message: str) -> str:
        return f"按键文件 {Problem(path, line_of(keypath, index), keypath, message)}"

    table, where = data, ""
    if "keys" in data:
        table, where = data["keys"], "keys."
        if not isinstance(table, dict):
            return {}, [problem("keys", "[keys] 应是一个表（每行 \"操作编号\" = \"按键\"）；已使用默认按键")]
    keymap: dict[str, str] = {}
    problems_: list[str] = []
    for key_id, keys in table.items():
        keypath = where + key_id
        if key_id not in KEYS_BY_ID:
            problems_.append(problem(keypath, f"没有名为 “{brief(one_line(key_id), 40)}” 的操作（见 docs/keys.md）"))
        elif not isinstance(keys, str) or not keys.strip():
            problems_.append(problem(keypath, f"“{key_id}” 的值应是按键文字，如 \"ctrl+s\"；这个操作仍用默认按键"))
        elif not _keys_ok(keys.strip()):
            problems_.append(problem(keypath, f"“{key_id}” 的按键 “{brief(one_line(keys.strip()), 20)}” 无效（应如 \"ctrl+s\" 或 \"a,insert\"，"
                                              "不含空格和控制字符）；这个操作仍用默认按键"))
        else:
            keymap[key_id] = keys.strip()
    return keymap, problems_


def key_display(app, key_id: str) -> str:
    """The key a user presses for ``key_id`` now (after remapping), for help texts."""
    keys = app._keymap.get(key_id) if hasattr(app, "_keymap") else None
    return keys or KEYS_BY_ID[key_id].key
