"""Change marks on the editor screens while a 与上一版比较 is open.

The marks are read from the comparison's changes (perftui.diff, the same list F7 shows); after
an edit the diff is made again against the kept old version, so a field edited back to its old
value loses its mark. Each mark is a character (readable without colour, in any theme):
``Δ`` changed, ``+`` added, ``↕`` moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perftui.diff import ADDED, BLANK, CHANGED, MOVED, REMOVED, Change, diff

SIGN = {CHANGED: "Δ", ADDED: "+", MOVED: "↕"}
LEGEND = "Δ 有改动 · + 新增 · ↕ 移动"


@dataclass
class Marks:
    """Places of the new document (model paths, as ``app.resolve`` takes them) that differ."""

    label: str  # the other version, as the user named it
    leaves: dict[tuple, Change] = field(default_factory=dict)  # a changed value → its change
    changed: set[tuple] = field(default_factory=set)  # a changed value and every place holding one
    items: dict[tuple, str] = field(default_factory=dict)  # an added or moved project / row → kind

    @classmethod
    def of(cls, label: str, changes: list[Change]) -> Marks:
        from perftui.tui.screens.compare import model_path

        out = cls(label)
        for c in changes:
            if c.new_path is None:
                if c.kind == REMOVED and c.project_index is not None:  # a row of this project is gone
                    out.changed.add(("projects", c.project_index))
                continue
            path = model_path(c.new_path)
            if c.kind in (ADDED, MOVED) and c.item_index is None:
                out.items.setdefault(path, c.kind)
                above = path[:-1]
            else:
                if c.kind == CHANGED:
                    out.leaves[path] = c
                above = path
            for n in range(1, len(above) + 1):
                out.changed.add(above[:n])
        return out

    def sign(self, path: tuple) -> str:
        """The mark of a project or an indicator row: added, else changed, else moved ('' none)."""
        kind = self.items.get(path)
        if kind == ADDED:
            return SIGN[ADDED]
        if path in self.changed:
            return SIGN[CHANGED]
        return SIGN[MOVED] if kind == MOVED else ""

    def old_text(self, path: tuple, format=None) -> str | None:
        """``上一版：…`` for a changed field, None when it is unchanged."""
        if path not in self.changed:
            return None
        c = self.leaves.get(path)
        if c is None:
            return "上一版：有改动（见 f7 比较列表）"
        if c.old is None or c.old == "":
            return f"上一版：{BLANK}"
        try:
            shown = format(c.old) if format is not None else None
        except (TypeError, ValueError, ArithmeticError, AttributeError):
            shown = None
        if not shown:
            from perftui.diff import show

            shown = show(c.old)
        return f"上一版：{shown}"


def current(app) -> Marks | None:
    """The marks of the open comparison for the shown document (None: no comparison)."""
    comp = getattr(app, "comparison", None)
    state = getattr(app, "state", None)
    if comp is None or state is None or getattr(comp, "old", None) is None or comp.state is not state:
        return None
    if comp.generation != state.generation:
        result = diff(comp.old, state.doc)
        comp.changes, comp.warnings = result.changes, result.warnings
        comp.generation = state.generation
        comp.index = min(comp.index, len(comp.changes) - 1)
        comp.marks = None
    if comp.marks is None:
        comp.marks = Marks.of(comp.label, comp.changes)
    return comp.marks
