"""What an undo or redo changed, in the form's words (``已撤销：删除第 3 行指标「…」``)."""

from __future__ import annotations

from perftui.labels import path_label
from perftui.safetext import brief, one_line
from perftui.tui.state import Change, resolve

_LISTS = {"indicators": "指标", "projects": "项目", "items": "条目", "goals": "绩效目标", "long_goals": "中期目标",
          "costs": "成本项目", "tasks": "履职目标"}


def _quote(value) -> str:
    if value is None or value == "":
        return "（空）"
    return f"「{brief(one_line(str(value)), 16)}」"


def _name_of(item) -> str:
    for key in ("name", "item", "task"):
        v = getattr(item, key, None)
        if isinstance(v, str) and v:
            return _quote(v)
    return _quote(item) if isinstance(item, str) else ""


def _where(doc, path: tuple) -> str:
    """``项目2「…」`` for a path inside a project, else ""."""
    if len(path) >= 2 and path[0] == "projects" and isinstance(path[1], int):
        try:
            p = resolve(doc, path[:2])
        except (IndexError, AttributeError, TypeError):
            return f"项目{path[1] + 1}"
        return f"项目{path[1] + 1}{_quote(p.name)}"
    return ""


def describe(doc, change: Change, undone: bool) -> str:
    """One line: what the change did (for a redo) or what the undo put back."""
    path = tuple(change.path)
    if change.kind == "set":
        where = _where(doc, path) if path[:1] == ("projects",) else ""
        row = ""
        if "indicators" in path:
            at = path.index("indicators")
            if at + 1 < len(path) and isinstance(path[at + 1], int):
                row = f"第 {path[at + 1] + 1} 行指标"
        label = path_label(doc, path) or str(path[-1])
        old, new = (change.new, change.old) if undone else (change.old, change.new)
        return f"{where}{row}{label} {_quote(old)} → {_quote(new)}"
    what = _LISTS.get(str(path[-1]), "一行") if path else "一行"
    where = _where(doc, path) if len(path) > 2 else ""
    n = change.index + 1
    if change.kind == "insert":
        verb = "新增" if not undone else "新增（已取消）"
        return f"{where}{verb}第 {n} 个{what}{_name_of(change.new)}"
    if change.kind == "remove":
        verb = "删除（已恢复）" if undone else "删除"
        return f"{where}{verb}第 {n} 个{what}{_name_of(change.old)}"
    if change.kind == "move":
        a, b = (change.index2 + 1, change.index + 1) if undone else (change.index + 1, change.index2 + 1)
        return f"{where}{what}从第 {a} 个移到第 {b} 个"
    return str(change.kind)


def row_of(change: Change, undone: bool) -> tuple[tuple, int] | None:
    """The list and row an undo or redo should show (None: a field, not a row)."""
    path = tuple(change.path)
    if change.kind == "set":
        for i in range(len(path) - 1, 0, -1):
            if isinstance(path[i], int) and path[i - 1] != "plan":
                return path[:i], path[i]
        return None
    if change.kind == "insert":
        return path, change.index if not undone else max(change.index - 1, 0)
    if change.kind == "remove":
        return path, change.index if undone else max(change.index - 1, 0)
    if change.kind == "move":
        return path, change.index if undone else change.index2
    return None
