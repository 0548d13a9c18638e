"""Sheets read straight from their values (perftui.importers.ownsheet) give exactly what the
general path (grid, rows, tables) gives: the same Document, notices and failure, on the
sample's workbook, the 1,000-project workbook, every form's real document, and on sheets
changed at random (a changed sheet is read by the general path, notices and all)."""

from __future__ import annotations

import copy
import random
import sys
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from importkit import FIXTURE_FORMS, ROOT, SAMPLE, build_xlsx

from perftui import store
from perftui.export.xlsx import export_workbook
from perftui.importers import wenben
from perftui.importers.anyfile import import_source
from perftui.importers.grids import Source
from perftui.importers.sources import open_source
from perftui.importers.xlsx import SheetGrid, read_xlsx


def _outcome(result) -> tuple:
    return result.doc, result.notices, result.failure, result.form


def _read_whole(source_of) -> tuple[tuple, int]:
    """The import with the sheets read whole, and how many were."""
    taken = 0
    real = wenben.read_own_sheet

    def counted(grid):
        nonlocal taken
        table = real(grid)
        taken += table is not None
        return table

    with mock.patch.object(wenben, "read_own_sheet", counted):
        return _outcome(import_source(source_of())), taken


def _general(source_of) -> tuple:
    with mock.patch.object(wenben, "read_own_sheet", lambda grid: None):
        return _outcome(import_source(source_of()))


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    return export_workbook(store.load(SAMPLE).doc, tmp_path_factory.mktemp("own") / "sample.xlsx")


def test_the_sample_workbook_is_read_whole_and_the_same(sample_book):
    whole, taken = _read_whole(lambda: open_source(sample_book))
    # Every project sheet but the last: the sample's last table is cut short (a notice says so).
    assert taken == 6
    assert whole == _general(lambda: open_source(sample_book))
    assert whole[0] == store.load(SAMPLE).doc


def test_the_1000_project_workbook_is_read_whole_and_the_same(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from workspace import build_document

    doc = build_document(random.Random(20230101), 0, 1000, 12)
    book = export_workbook(doc, tmp_path / "workspace.xlsx")
    whole, taken = _read_whole(lambda: open_source(book))
    assert taken == 1000
    assert whole == _general(lambda: open_source(book))
    assert whole[0] == doc


@pytest.mark.parametrize("numbers", [False, True])
@pytest.mark.parametrize("name", sorted(FIXTURE_FORMS))
def test_each_forms_real_workbook_is_the_same_either_way(tmp_path, name, numbers):
    book = build_xlsx(name, tmp_path / f"{name}.xlsx", numbers=numbers)
    whole, _taken = _read_whole(lambda: open_source(book))
    assert whole == _general(lambda: open_source(book))


# What a changed cell may hold: the form's own labels and values, in the wrong place.
_CELL_VALUES = [
    "", "  ", "一级指标", "二级指标", "项目编码", "项目名称", "绩效目标", "预算数", "资金用途",
    "预算规模\n及资金用途", "资金支出\n计划（%）", "单位：元", "单位：万元", "3月底", "13月底", "12月底",
    "满意度指标", "产出指标", "效益指标", "成本指标", "1.老年人福利补贴绩效目标表（续）", "另一个绩效目标表",
    "439001玉田县民政局", "民政局", "1.目标\n3.目标", "2.目标", "≥95%", "abc", "12万元", "-5", "1e400",
    0.25, 0.3, 1.0, 0.0, -1.0, 12, 770000.0, 3269921.2, 1e20, True,
]


def _sheets(book: Path) -> tuple[list[tuple], Source]:
    """Each sheet's (values, merges, percent cells, name) as the workbook reader took them."""
    with zipfile.ZipFile(book) as archive:
        source = read_xlsx(book, archive)
    sheets = []
    for grid in source.grids():
        assert isinstance(grid, SheetGrid)
        sheets.append((grid.values, grid.merges, grid.percent, grid.name))
    return sheets, source


def _source(template: Source, sheets: list[tuple]) -> Source:
    """A fresh workbook source of these sheets (places numbered as the reader numbers them)."""
    source = Source(template.path, "xlsx", describe=template.describe)
    place = 1
    numbers: dict = {}
    for index, (values, merges, percent, name) in enumerate(sheets, 1):
        grid = SheetGrid(values, merges, percent, place, numbers, name, index)
        source.blocks.append(grid)
        place += max(grid.nrows * grid.ncols, 1)
    return source


def _changed(rnd: random.Random, sheets: list[tuple]) -> list[tuple]:
    sheets = copy.deepcopy(sheets)
    kinds = ["cell"] * 8 + ["unmerge", "unmerge", "merge", "merge down", "merge down", "swap", "swap",
                            "percent", "drop row", "split", "split"]
    for _ in range(rnd.choice([1, 1, 2, 3])):
        at = rnd.randrange(2, len(sheets) - 1)  # a project sheet, not the sample's cut-off last one
        values, merges, percent, name = sheets[at]
        kind = rnd.choice(kinds)
        if kind == "cell":
            r = rnd.randrange(len(values))
            c = 0 if rnd.random() < 0.4 else rnd.randrange(len(values[r]) or 1)  # labels are in column A
            if values[r]:
                values[r][c] = rnd.choice(_CELL_VALUES)
            if rnd.random() < 0.3:  # and the cell no longer under a merge (a hidden value shows)
                merges[:] = [m for m in merges if not (m[0][0] <= r <= m[1][0] and m[0][1] <= c <= m[1][1])]
        elif kind == "unmerge" and merges:
            merges.pop(rnd.randrange(len(merges)))
        elif kind == "merge":
            r1, c1 = rnd.randrange(len(values) + 1), rnd.randrange(14)
            merges.append(((r1, c1), (r1 + rnd.choice([0, 0, 1, 2]), c1 + rnd.choice([0, 1, 3]))))
        elif kind == "merge down":
            # Two cells of one column merged down (二级指标 over two indicator rows, say).
            pairs = [(a, b) for a in merges for b in merges
                     if a[0][0] >= 9 and (a[1][0] + 1, a[0][1]) == b[0] and a[1][1] == b[1][1]]
            level2 = [p for p in pairs if p[0][0][1] == 1]
            if pairs:
                a, b = rnd.choice(level2 if level2 and rnd.random() < 0.5 else pairs)
                merges.remove(a)
                merges.remove(b)
                merges.append((a[0], b[1]))
        elif kind == "swap":
            # Two indicator columns swapped, headings and all (指标值 and its 依据, say).
            a, b = rnd.sample([4, 6, 9, 11], 2)
            for line in values[8:]:
                if len(line) > max(a, b):
                    line[a], line[b] = line[b], line[a]
        elif kind == "percent":
            percent.symmetric_difference_update({(rnd.randrange(len(values)), rnd.randrange(13))})
        elif kind == "drop row" and len(values) > 1:
            del values[rnd.randrange(len(values))]
        elif kind == "split" and len(values) > 10:
            # A sheet of the indicator rows alone: the table before it goes on into it.
            part = rnd.randrange(9, len(values))
            rows = copy.deepcopy(values[part:])
            moved = [((r1 - part, c1), (r2 - part, c2)) for (r1, c1), (r2, c2) in merges if r1 >= part]
            sheets.insert(at + 1, (rows, moved, set(), "续表"))
    return sheets


def test_sheets_changed_at_random_are_the_same_either_way(sample_book):
    sheets, template = _sheets(sample_book)
    rnd = random.Random(20240611)
    declined = 0
    for _ in range(600):
        changed = _changed(rnd, sheets)
        whole, taken = _read_whole(lambda changed=changed: _source(template, changed))
        assert whole == _general(lambda changed=changed: _source(template, changed))
        declined += taken < 6
    assert declined > 150  # the changes did reach the general path, not only the fast one


def _unmerge(merges: list, anchor: tuple[int, int]) -> None:
    merges[:] = [m for m in merges if m[0] != anchor]


def _set(values: list, r: int, c: int, value) -> None:
    values[r][c] = value


# Single changes the general path has a word for (or reads otherwise), each on one sheet;
# the sheet is then read the general way, but for those the fast path reads alike.
_READ_ALIKE = {"a blank project name"}  # the name comes from the title, without a word
_EDGES = {
    "no 资金用途 row": lambda v, m: (_unmerge(m, (3, 0)), _set(v, 4, 1, "")),
    "no share row": lambda v, m: (_unmerge(m, (5, 0)), [_set(v, 6, c, "") for c in range(len(v[6]))]),
    "a month twice": lambda v, m: _set(v, 5, 4, "3月底"),
    "a month not of the plan": lambda v, m: _set(v, 5, 4, "5月底"),
    "a share not a percentage": lambda v, m: _set(v, 6, 4, "一半"),
    "goals that read as a unit row": lambda v, m: _set(v, 7, 1, "单位：元"),
    "goals numbered 1, 3": lambda v, m: _set(v, 7, 1, "1.甲\n3.乙"),
    "万元": lambda v, m: _set(v, 1, 9, "单位：万元"),
    "a unit without its code": lambda v, m: _set(v, 1, 0, "民政局"),
    "an amount that is not one": lambda v, m: _set(v, 3, 3, "若干"),
    "a title that names another project": lambda v, m: _set(v, 0, 0, "1.别的项目绩效目标表"),
    "a blank project name": lambda v, m: _set(v, 2, 8, ""),
    "the headings again, not after a page title": lambda v, m: [_set(v, 9, c, t) for c, t in enumerate(v[8])],
    "a second 项目编码 row": lambda v, m: _set(v, 9, 0, "项目编码"),
    "a 二级指标 merged down": lambda v, m: (_unmerge(m, (9, 1)), _unmerge(m, (10, 1)), m.append(((9, 1), (10, 3)))),
    "no 一级指标 in the first indicator": lambda v, m: _set(v, 9, 0, ""),
    "ends before 满意度指标": lambda v, m: (v.__delitem__(slice(12, None)), m.__setitem__(
        slice(None), [x for x in m if x[1][0] < 12])),
}


@pytest.mark.parametrize("edge", sorted(_EDGES))
def test_each_edge_of_the_form_reads_as_the_general_path_reads_it(sample_book, edge):
    sheets, template = _sheets(sample_book)
    sheets = copy.deepcopy(sheets)
    values, merges, _percent, _name = sheets[2]
    _EDGES[edge](values, merges)
    whole, taken = _read_whole(lambda: _source(template, sheets))
    assert whole == _general(lambda: _source(template, sheets))
    assert taken == (6 if edge in _READ_ALIKE else 5)
