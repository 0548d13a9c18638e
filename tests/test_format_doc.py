"""The annotated example in docs/format.md is a valid data file that says what it claims."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from perftui import store

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"


def example_text() -> str:
    return re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


def test_documented_example_loads():
    doc = store.parse(example_text())
    assert doc.framework == "88号" and doc.unit.year == 2023
    first, second = doc.projects
    assert first.budget == Decimal("770000.00") and first.other is None
    assert second.other == Decimal("0") and second.plan == {12: Decimal(100)}
    assert first.plan == {3: 30, 6: 60, 10: 90, 12: 100}
    assert [i.value for i in first.indicators] == ["≥25个", "≥90%"]
    assert doc.overall.goal.endswith("可以写多段，换行照原样保留。")


def test_documented_example_saves_back_unchanged(tmp_path: Path):
    path = tmp_path / "example.toml"
    path.write_text(example_text(), encoding="utf-8")
    loaded = store.load(path)
    store.save(loaded, loaded.doc)
    assert path.read_text(encoding="utf-8") == example_text()
