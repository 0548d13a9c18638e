"""perftui.nextyear: next year's copy of a document and the name its file gets by default."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perftui.nextyear import next_year_copy, next_year_path
from perftui.review.model import Opinion, Review
from perftui.store import load

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml"


@pytest.mark.parametrize(("name", "year", "expected"), [
    ("439001-2023.toml", 2023, "439001-2024.toml"),
    ("2023年部门预算绩效目标.toml", 2023, "2024年部门预算绩效目标.toml"),
    ("439001-2023-v2.toml", 2023, "439001-2024-v2.toml"),
    ("2023-439001-2023.toml", 2023, "2023-439001-2024.toml"),  # the last one of the file's year
    ("单位2019至2023.toml", 2023, "单位2019至2024.toml"),
    ("439001.toml", 2023, "439001-2024.toml"),  # no year in the name: it is added
    ("unit-12023.toml", 2023, "unit-12023-2024.toml"),  # digits of a longer number are no year
    ("439001-2023.toml", None, "439001-2024.toml"),  # a file without a year: the name's
    ("草稿.toml", None, "草稿-下一年度.toml"),
])
def test_next_years_file_name(name, year, expected):
    assert next_year_path(Path("/单位") / name, year) == Path("/单位") / expected


def test_the_copy_is_next_years_and_the_source_is_untouched():
    doc = load(SAMPLE).doc
    doc.review = Review(status="退回", opinions=[Opinion(opinion="指标值请量化", author="李审")])
    before = copy.deepcopy(doc)
    new = next_year_copy(doc)
    assert doc == before
    assert new.unit.year == 2024 and new.review == Review()
    assert new.projects == doc.projects and new.overall == doc.overall and new.checks == doc.checks
    new.projects[0].name = "改过"
    assert doc.projects[0].name != "改过"  # a copy, not the same objects


def test_a_new_form_brings_its_framework():
    new = next_year_copy(load(SAMPLE).doc, "101号审批表")
    assert (new.form, new.framework) == ("101号审批表", "101号")
    with pytest.raises(ValueError):
        next_year_copy(load(SAMPLE).doc, "没有这种表")


@settings(max_examples=300, deadline=None)
@given(stem=st.text(st.characters(blacklist_characters="/\x00"), min_size=1, max_size=30),
       year=st.one_of(st.none(), st.integers(1900, 2200)))
def test_any_file_name_gets_a_sibling_data_file_name(stem, year):
    path = Path("/单位") / f"{stem}.toml"
    new = next_year_path(path, year)
    assert new.parent == path.parent and new.suffix == ".toml" and new != path
    if year is not None and str(year) not in stem:
        assert new.stem == f"{path.stem}-{year + 1}"


def test_a_file_without_its_year_is_copied_for_next_calendar_year():
    import datetime as dt

    doc = load(SAMPLE).doc
    doc.unit.year = None
    assert next_year_copy(doc).unit.year == dt.date.today().year + 1
