"""Shape checks for the transcribed official forms in tests/fixtures/forms/.

Each file is a real public document transcribed cell by cell (see the README there). These
tests keep the files well formed so importers and profiles can rely on them: the keys, the
grids, the merges and the completeness marker.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FORMS_DIR = Path(__file__).parent / "fixtures" / "forms"
KEYS = ["source", "title", "form", "notes", "tables", "paragraphs"]
TABLE_KEYS = {"caption", "rows", "merges"}
COMPLETENESS = ("COMPLETE", "PARTIAL")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def fixture_problems(doc: object) -> list[str]:
    """Every way `doc` departs from the fixture shape, as readable strings (empty when fine)."""
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    problems: list[str] = []
    if list(doc) != KEYS:
        problems.append(f"keys are {list(doc)}, expected {KEYS} in that order")
    for key in ("source", "title", "form", "notes"):
        if not isinstance(doc.get(key), str) or not doc.get(key, "").strip():
            problems.append(f"{key} must be a non-empty string")
    notes = doc.get("notes")
    if isinstance(notes, str) and not notes.startswith(COMPLETENESS):
        problems.append("notes must start with COMPLETE or PARTIAL")
    paragraphs = doc.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        problems.append("paragraphs must be a list of strings")
    tables = doc.get("tables")
    if not isinstance(tables, list) or not tables:
        problems.append("tables must be a non-empty list")
        return problems
    for t, table in enumerate(tables):
        problems.extend(f"table {t}: {p}" for p in table_problems(table))
    return problems


def table_problems(table: object) -> list[str]:
    if not isinstance(table, dict):
        return ["is not an object"]
    if set(table) != TABLE_KEYS:
        return [f"keys are {sorted(table)}, expected {sorted(TABLE_KEYS)}"]
    problems: list[str] = []
    if not isinstance(table["caption"], str) or not table["caption"].strip():
        problems.append("caption must be a non-empty string")
    rows = table["rows"]
    if not isinstance(rows, list) or not rows:
        return problems + ["rows must be a non-empty list"]
    for r, row in enumerate(rows):
        if not isinstance(row, list) or not row:
            problems.append(f"row {r} must be a non-empty list")
        elif not all(isinstance(cell, str) for cell in row):
            problems.append(f"row {r} has a cell that is not a string")
    if problems:
        return problems
    if not any(cell.strip() for row in rows for cell in row):
        problems.append("every cell is blank")
    merges = table["merges"]
    if not isinstance(merges, list):
        return problems + ["merges must be a list"]
    covered: dict[tuple[int, int], int] = {}
    for m, merge in enumerate(merges):
        if not (isinstance(merge, list) and len(merge) == 4 and all(type(v) is int for v in merge)):
            problems.append(f"merge {m} must be four integers [r1, c1, r2, c2]")
            continue
        r1, c1, r2, c2 = merge
        if not (0 <= r1 <= r2 and 0 <= c1 <= c2):
            problems.append(f"merge {m} {merge} is not ordered top-left to bottom-right")
            continue
        if (r1, c1) == (r2, c2):
            problems.append(f"merge {m} {merge} covers a single cell")
            continue
        if r2 >= len(rows) or any(c2 >= len(rows[r]) for r in range(r1, r2 + 1)):
            problems.append(f"merge {m} {merge} reaches outside the grid")
            continue
        if not rows[r1][c1].strip():
            problems.append(f"merge {m} {merge}: its top-left cell (the anchor) is blank")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) in covered:
                    problems.append(f"merge {m} {merge} overlaps merge {covered[(r, c)]} at {[r, c]}")
                covered[(r, c)] = m
                if (r, c) != (r1, c1) and rows[r][c] != "":
                    problems.append(f"merge {m} {merge}: covered cell {[r, c]} holds {rows[r][c]!r}, expected ''")
    return problems


def fixture_files() -> list[Path]:
    return sorted(FORMS_DIR.glob("*.json"))


def test_the_fixture_folder_holds_the_transcriptions() -> None:
    names = [p.name for p in fixture_files()]
    assert len(names) >= 10, names
    # The seed's own table is the reference case of the format.
    assert "00-hebei-yutian-2023-wenben.json" in names
    for name in names:
        stem = name.removesuffix(".json").split("-")
        assert stem[0].isdigit() and len(stem[0]) == 2, name
        assert any(part.isdigit() and len(part) == 4 for part in stem), f"{name}: no year in the name"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fixture_is_well_formed(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert fixture_problems(doc) == []
    # Phone numbers of officials are not transcribed (they are replaced by [phone removed]).
    assert MOBILE.search(raw) is None


def test_every_readme_row_names_an_existing_file() -> None:
    readme = (FORMS_DIR / "README.md").read_text(encoding="utf-8")
    for path in fixture_files():
        assert path.name in readme, f"{path.name} is not described in the README"


def test_seed_reference_matches_the_seed_text() -> None:
    """The reference transcription is the seed's first project table, cell for cell."""
    seed = Path(__file__).parent / "fixtures" / "seed_wordtext.txt"  # the seed document, as exported
    doc = json.loads((FORMS_DIR / "00-hebei-yutian-2023-wenben.json").read_text(encoding="utf-8"))
    cells = [cell for table in doc["tables"] for row in table["rows"] for cell in row]
    assert cells[:4] == ["439001玉田县无终街道办事处本级", "单位：元", "项目编码", "13022923P00JXC415060P"]
    lines = seed.read_text(encoding="utf-8").split("\n")[31:122]  # file lines 32-122
    assert [line[1:] for line in lines if line.startswith("\t")] == cells


GOOD = {
    "source": "https://example.invalid/page",
    "title": "项目支出绩效目标表",
    "form": "test",
    "notes": "COMPLETE. test",
    "tables": [{"caption": "t", "rows": [["一级指标", "二级指标"], ["产出指标", "数量指标"], ["", "质量指标"]],
                "merges": [[1, 0, 2, 0]]}],
    "paragraphs": [],
}


def _with(**changes: object) -> dict:
    doc = json.loads(json.dumps(GOOD))
    table = doc["tables"][0]
    for key, value in changes.items():
        (table if key in TABLE_KEYS else doc)[key] = value
    return doc


def test_a_good_document_passes() -> None:
    assert fixture_problems(GOOD) == []


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({k: v for k, v in GOOD.items() if k != "paragraphs"}, "keys are"),
        (_with(notes="maybe complete"), "COMPLETE or PARTIAL"),
        (_with(title=""), "title must be"),
        (_with(tables=[]), "tables must be a non-empty list"),
        (_with(rows=[["a", 1]]), "not a string"),
        (_with(rows=[]), "rows must be a non-empty list"),
        (_with(rows=[["", ""]], merges=[]), "every cell is blank"),
        (_with(merges=[[1, 0, 3, 0]]), "outside the grid"),
        (_with(merges=[[2, 0, 1, 0]]), "not ordered"),
        (_with(merges=[[1, 0, 1, 0]]), "single cell"),
        (_with(merges=[[1, 0, 2]]), "four integers"),
        (_with(merges=[[1, 1, 2, 1]]), "covered cell [2, 1]"),
        (_with(rows=[["一级指标"], ["", "数量指标"], ["", "质量指标"]], merges=[[1, 0, 2, 0]]), "anchor"),
        (_with(merges=[[1, 0, 2, 0], [0, 0, 1, 0]]), "overlaps"),
        ("not a dict", "not an object"),
    ],
)
def test_a_malformed_document_is_refused(doc: object, expected: str) -> None:
    problems = fixture_problems(doc)
    assert any(expected in p for p in problems), problems
