"""Edit state without a screen: undo/redo, merging keystrokes, dirty marker, read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perftui.model import Document, Indicator, Project
from perftui.tui.state import DocState, ReadOnlyError


def _doc() -> Document:
    doc = Document()
    doc.unit.name = "测试单位"
    doc.projects = [
        Project(code="A", name="甲", budget=Decimal("100.00"),
                indicators=[Indicator(level1="产出指标", level2="数量指标", name="n1", value="≥1个")]),
        Project(code="B", name="乙"),
    ]
    return doc


def _state(**kw) -> DocState:
    state = DocState(doc=_doc(), **kw)
    state.checks_done = True
    return state


def test_typing_merges_into_one_undo_step_and_undo_restores():
    s = _state()
    path = ("projects", 0, "indicators", 0, "value")
    for text in ("≥1", "≥10", "≥10个"):
        s.set(path, text)
    assert s.dirty and len(s.undo_stack) == 1
    s.undo()
    assert s.doc.projects[0].indicators[0].value == "≥1个"
    assert not s.dirty
    s.redo()
    assert s.doc.projects[0].indicators[0].value == "≥10个"


def test_seal_splits_steps():
    s = _state()
    s.set(("unit", "name"), "一")
    s.seal()
    s.set(("unit", "name"), "二")
    assert len(s.undo_stack) == 2
    s.undo()
    assert s.doc.unit.name == "一"


def test_typing_back_to_original_is_clean():
    s = _state()
    s.set(("unit", "name"), "x")
    s.set(("unit", "name"), "测试单位")
    assert not s.dirty


def test_saved_point_and_later_edits():
    s = _state()
    s.set(("unit", "name"), "x")
    s.mark_saved(None)
    assert not s.dirty
    s.set(("unit", "name"), "xy")  # must not merge into the saved step
    assert s.dirty
    s.undo()
    assert not s.dirty and s.doc.unit.name == "x"


def test_list_operations_undo():
    s = _state()
    p = Project(code="C")
    s.insert(("projects",), 1, p)
    assert [q.code for q in s.doc.projects] == ["A", "C", "B"]
    s.move(("projects",), 1, 2)
    assert [q.code for q in s.doc.projects] == ["A", "B", "C"]
    s.remove(("projects",), 0)
    assert [q.code for q in s.doc.projects] == ["B", "C"]
    for _ in range(3):
        s.undo()
    assert [q.code for q in s.doc.projects] == ["A", "B"]
    assert s.doc.projects[0].indicators[0].name == "n1"


def test_plan_month_blank_removes_key():
    s = _state()
    s.set(("projects", 0, "plan", 12), Decimal(100))
    assert s.doc.projects[0].plan == {12: Decimal(100)}
    s.set(("projects", 0, "plan", 12), None)
    assert s.doc.projects[0].plan == {}


def test_read_only_refuses():
    s = _state(read_only=True)
    with pytest.raises(ReadOnlyError):
        s.set(("unit", "name"), "x")
    with pytest.raises(ReadOnlyError):
        s.remove(("projects",), 0)
    assert s.doc.unit.name == "测试单位" and not s.dirty


class _Recorder:
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda *a: self.calls.append((name, *a))


def test_changes_tell_the_checker_what_they_touch():
    s = _state()
    s.checker = rec = _Recorder()
    s.set(("projects", 0, "indicators", 0, "value"), "≥2个")
    s.set(("projects", 1, "budget"), Decimal(5))
    s.set(("projects", 1, "plan", 3), Decimal(30))
    s.set(("overall", "goal"), "目标")
    s.insert(("projects",), 0, Project())
    s.undo()
    s.insert(("projects", 0, "indicators"), 0, Indicator())
    assert rec.calls == [
        ("recheck_field", 0, 0, "value"),
        ("recheck_field", 1, None, "budget"),
        ("recheck_field", 1, None, "plan"),
        ("recheck_overall",),
        ("project_inserted", 0), ("recheck_overall",),
        ("project_removed", 0), ("recheck_overall",),
        ("recheck_project", 0),
    ]
