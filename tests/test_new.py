"""``perftui new``: a blank file of each form, next year's file from last year's, refusals."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from exportkit import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perftui.forms import DEFAULT_FORM, PROFILES
from perftui.review.model import Opinion, Review
from perftui.store import load, save_as

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "439001-2023.toml"
NEXT_YEAR = dt.date.today().year + 1


@pytest.mark.parametrize("form", list(PROFILES))
def test_a_blank_file_of_each_form_loads_and_checks(form, tmp_path, capsys):
    path = tmp_path / "新单位.toml"
    code = run_cli(["new", str(path), "--form", form, "--code", "４２０１０１", "--name", " 某某局 "])
    out = capsys.readouterr().out
    assert code == 0
    assert f"已新建 {path}：{form}，{NEXT_YEAR} 年度，0 个项目" in out
    doc = load(path).doc
    assert (doc.form or DEFAULT_FORM) == form
    assert doc.framework == PROFILES[form].frameworks[0]
    assert (doc.unit.code, doc.unit.name, doc.unit.year) == ("420101", "某某局", NEXT_YEAR)
    assert doc.projects == [] and doc.review == Review()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# {PROFILES[form].title}")  # the header comment names the form's fields
    assert run_cli(["check", str(path)]) in (0, 1)  # a file the checks read (its findings: what is missing)


def test_next_years_file_from_last_years(tmp_path, capsys):
    old = tmp_path / "439001-2023.toml"
    reviewed = load(SAMPLE).doc
    reviewed.review = Review(status="退回", by="李审", at="2023-03-05 14:30",
                             opinions=[Opinion(opinion="指标值请量化", author="李审", date="2023-03-05")])
    save_as(reviewed, old)
    before = old.read_bytes()
    source = load(old).doc
    assert source.review != Review()
    new = tmp_path / "439001-2024.toml"
    assert run_cli(["new", str(new), "--from", str(old)]) == 0
    out = capsys.readouterr().out
    assert "2024 年度，7 个项目，49 条指标" in out and "审核意见未带入" in out
    doc = load(new).doc
    assert doc.unit.year == source.unit.year + 1 == 2024
    assert doc.review == Review()  # last round's opinions and status stay with last year's file
    assert doc.projects == source.projects and doc.overall == source.overall and doc.checks == source.checks
    assert (doc.unit.code, doc.unit.name, doc.form, doc.framework) == (
        source.unit.code, source.unit.name, source.form, source.framework)
    assert old.read_bytes() == before  # the source is only read
    # What the copy still says of last year is pointed out, place by place.
    capsys.readouterr()
    assert run_cli(["check", str(new), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["field"] for f in found if f["rule"] == "DATE-003"] == ["goal"]  # 「2023年在县委……」
    assert {f["project_index"] for f in found if f["rule"] == "CODE-003"} == set(range(7))  # codes of 2023


def test_from_with_year_form_and_unit_given(tmp_path):
    new = tmp_path / "x.toml"
    assert run_cli(["new", str(new), "--from", str(SAMPLE), "--year", "2027年", "--form", "101号审批表",
                    "--name", "另一个单位"]) == 0
    doc = load(new).doc
    assert (doc.unit.year, doc.form, doc.framework, doc.unit.name) == (2027, "101号审批表", "101号", "另一个单位")
    assert len(doc.projects) == 7


def test_an_existing_file_is_kept_unless_forced(tmp_path, capsys):
    path = tmp_path / "a.toml"
    shutil.copy2(SAMPLE, path)
    before = path.read_bytes()
    assert run_cli(["new", str(path)]) == 1
    assert "文件已存在；如要覆盖，请加 --force" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert run_cli(["new", str(path), "--force", "--name", "新"]) == 0
    assert load(path).doc.unit.name == "新" and load(path).doc.projects == []


@pytest.mark.parametrize("argv, said", [
    (["--year", "1800"], "年度应在"),
    (["--year", "二〇二四"], "年度应是四位数字"),
    (["--code", "广州市"], "编码只能含"),
    (["--name", "一行\n两行"], "一行内"),
    (["--form", "未知表样"], "无效的选项"),
])
def test_bad_values_are_refused_and_nothing_is_written(argv, said, tmp_path, capsys):
    path = tmp_path / "a.toml"
    assert run_cli(["new", str(path), *argv]) == 2
    assert said in capsys.readouterr().err
    assert not path.exists()


def test_a_path_that_is_no_data_file_is_refused(tmp_path, capsys):
    assert run_cli(["new", str(tmp_path / "a.xlsx")]) == 2
    assert "扩展名应是 .toml" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("kind", ["missing", "folder", "broken"])
def test_an_unreadable_source_writes_nothing(kind, tmp_path, capsys):
    source = tmp_path / "src.toml"
    if kind == "folder":
        source.mkdir()
    elif kind == "broken":
        source.write_text("[unit\nname = 1\n", encoding="utf-8")
    target = tmp_path / "out" / "new.toml"
    target.parent.mkdir()
    assert run_cli(["new", str(target), "--from", str(source)]) == 2
    err = capsys.readouterr().err
    assert str(source) in err and "Traceback" not in err
    assert os.listdir(target.parent) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=30),
       code=st.one_of(st.text(max_size=25), st.from_regex(r"[0-9A-Za-z０-９ ]{0,24}", fullmatch=True)),
       year=st.one_of(st.text(max_size=8), st.integers(1980, 2110).map(str), st.just("２０２６年")))
def test_any_typed_unit_is_kept_as_read_or_refused(tmp_path_factory, name, code, year):
    """Whatever is typed after --name, --code and --year: never a traceback; either the file
    holds exactly the reading (the name without its outer spaces, the code and year as the
    app reads them) or nothing is written."""
    from perftui.kinds import KINDS

    folder = tmp_path_factory.mktemp("new")
    path = folder / "u.toml"
    exit_code = run_cli(["new", str(path), f"--name={name}", f"--code={code}", f"--year={year}"])
    if exit_code != 0:
        assert exit_code == 2 and not path.exists()
        return
    doc = load(path).doc
    assert doc.unit.name == name.strip()
    assert doc.unit.code == KINDS["code"].read(code).value
    read_year = KINDS["year"].read(year).value
    assert doc.unit.year == (read_year or NEXT_YEAR)


def test_a_missing_data_file_names_the_command_that_makes_it(tmp_path, capsys):
    path = tmp_path / "单位 2027.toml"
    assert run_cli(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"要新建数据文件，请用 perftui new '{path}'" in err


def test_missing_folders_are_made(tmp_path, capsys):
    path = tmp_path / "各单位" / "2027" / "439001-2027.toml"
    assert run_cli(["new", str(path), "--name", "某某局"]) == 0
    out = capsys.readouterr().out
    assert f"已新建文件夹 {path.parent}" in out and f"已新建 {path}" in out
    assert load(path).doc.unit.name == "某某局"


def test_a_file_in_the_way_of_the_folders_is_said_and_nothing_is_made(tmp_path, capsys):
    (tmp_path / "各单位").write_text("", encoding="utf-8")
    assert run_cli(["new", str(tmp_path / "各单位" / "2027" / "a.toml")]) == 1
    err = capsys.readouterr().err
    assert "无法新建文件夹" in err and "未生成文件" in err and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["各单位"]


def test_a_failed_write_takes_back_the_folders_it_made(tmp_path, capsys, monkeypatch):
    from perftui import store

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "save_as", refuse)
    (tmp_path / "已有").mkdir()
    assert run_cli(["new", str(tmp_path / "已有" / "新" / "更新" / "a.toml")]) == 1
    assert "无法写入文件" in capsys.readouterr().err
    assert os.listdir(tmp_path / "已有") == []  # the folders it made are gone, the one there kept


def test_a_project_named_for_last_year_is_pointed_out_in_the_copy(tmp_path, capsys):
    old = REPO / "tests" / "data" / "forms" / "101-fengjie-2023.toml"  # 「2023年云雾土家族乡加工园…」
    new = tmp_path / "101-fengjie-2024.toml"
    assert run_cli(["new", str(new), "--from", str(old)]) == 0
    capsys.readouterr()
    run_cli(["check", str(new), "--format", "json"])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "DATE-004"]
    assert [(f["project_index"], f["field"]) for f in found] == [(0, "name")]
    assert "2023 年" in found[0]["message"] and "2024" in found[0]["message"]
    run_cli(["check", str(old), "--format", "json"])  # the original, named for its own year: nothing
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "DATE-004"]
