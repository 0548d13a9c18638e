"""``perftui show``: the CJK-aligned list, the project form from the layout grid, stable JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from exportkit import norm, run_cli, sample_doc, write_doc
from wcwidth import wcswidth

from perftui.fields import field_of
from perftui.forms import profile_of
from perftui.forms.shown import list_columns
from perftui.layout import project_grid
from perftui.layout.text import render
from perftui.model import Project
from perftui.store import load


@pytest.fixture
def data(tmp_path):
    return write_doc(sample_doc(), tmp_path / "439001-2023.toml")


def test_list_is_aligned_for_chinese_text(tmp_path, capsys):
    doc = sample_doc()
    doc.projects.append(Project(code="ABC-1", name="Mixed 中英 名称 ≥ 50%", budget=None))
    path = write_doc(doc, tmp_path / "d.toml")
    assert run_cli(["show", str(path)]) == 0
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert lines[0] == "439001玉田县无终街道办事处本级  2023年度  共 3 个项目  单位：元"
    table = lines[1:]
    assert len({wcswidth(line) for line in table}) == 1, table
    assert re.split(r"\s{2,}", table[0].strip()) == ["序号", "编码", "名称", "预算数", "财政资金", "其他资金", "支出计划", "指标数"]
    row1 = table[2]
    assert "770000.00" in row1 and "30/60/90/100" in row1
    assert "-/-/-/100" in table[3]
    # Amount columns are right-aligned: the decimal points line up.
    dots = {wcswidth(line[: line.index("770000.00") + 6]) for line in table[2:3]}
    assert dots and table[-1].split()[0] == "合计" and "800720.00" in table[-1]


def _form_rows(lines: list[str]) -> list[list[str]]:
    """Texts of the drawn form, row by row: free lines as one row each, table rows between rules."""
    rows: list[list[str]] = []
    for line in lines:
        if set(line) <= set("┌┐└┘├┤┬┴┼─│ "):  # a rule, also one crossing a merged cell
            continue
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            rows.append([c for c in cells if c])
        else:
            rows.append(re.split(r"\s{2,}", line.strip()))
    return [r for r in rows if r]


def test_project_form_has_the_layout_rows(data, capsys):
    doc = sample_doc()
    for number, project in enumerate(doc.projects, 1):
        assert run_cli(["show", str(data), "--project", str(number), "--width", "400"]) == 0
        shown = _form_rows(capsys.readouterr().out.rstrip("\n").split("\n"))
        grid = project_grid(doc, project)
        want = [[norm(c.text) for c in row.cells if c.text.strip()] for row in grid.rows]
        want = [r for r in want if r]
        # The goals cell holds several lines: the continuation lines of a cell come as extra rows.
        expanded = []
        for r in want:
            parts = [t.split("\n") for t in r]
            for k in range(max(len(p) for p in parts)):
                expanded.append([p[k] for p in parts if k < len(p)])
        assert shown == expanded


def test_project_by_code_and_narrow_terminal(data, capsys):
    assert run_cli(["show", str(data), "-p", "13022923P00JXC415602F", "--width", "60"]) == 0
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    table = [line for line in lines if line[:1] in "┌│├└"]
    assert len({wcswidth(line) for line in table}) == 1  # every line of the box is as wide
    assert max(wcswidth(line) for line in lines) <= 64
    text = "\n".join(lines)
    for piece in ("国有企", "30720.00", "≥10人", "100%"):  # amounts and percents are never broken
        assert piece in text


def test_render_draws_merges():
    doc = sample_doc()
    lines = render(project_grid(doc, doc.projects[0]), 120)
    # No line is drawn through the merged 一级指标 cell: its column stays open between its rows.
    below_first = [line for line in lines if line.startswith("│") and "├" in line]
    assert below_first, "rows inside a merged 一级指标 start with │ then ├"


def test_unknown_project_is_bad_usage(data, capsys):
    assert run_cli(["show", str(data), "--project", "99"]) == 2
    err = capsys.readouterr().err
    assert "找不到项目" in err and "99" in err and "1–2" in err


def test_json_round_trip_is_stable(data, capsys):
    assert run_cli(["show", str(data), "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert run_cli(["show", str(data), "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    obj = json.loads(first)
    assert list(obj) == ["json_format", "file", "format", "framework", "unit", "overall", "projects", "checks",
                         "form", "review"]
    assert obj["review"] == {"status": "草稿", "by": "", "at": "", "projects": [], "opinions": []}
    assert obj["form"] == "绩效文本"
    p1, p2 = obj["projects"]
    assert list(p1)[:10] == ["number", "code", "name", "budget", "fiscal", "other", "use", "plan", "goals",
                             "indicators"]
    assert (p1["budget"], p1["fiscal"], p1["other"]) == ("770000.00", "770000.00", None)
    assert p1["plan"] == {"3": "30", "6": "60", "10": "90", "12": "100"}
    assert p2["plan"] == {"3": None, "6": None, "10": None, "12": "100"} and p2["other"] == "0.00"
    assert p2["goals"] == ["有效管理国有企业退休人员", "按时发放补助资金"]  # stored without numbering
    assert {k: v for k, v in p1["indicators"][1].items() if v not in ("", None)} == {
        "level1": "产出指标", "level2": "质量指标", "name": "满意率", "description": "居民满意率 ",
        "value": "≥90%", "basis": "居民满意率 ",
    }  # fmt: skip
    assert "城镇社区工作经费" in first  # ensure_ascii=False: Chinese is readable
    # Everything the model holds comes back.
    doc = sample_doc()
    assert obj["unit"] == {"code": doc.unit.code, "name": doc.unit.name, "year": doc.unit.year}
    assert obj["overall"]["measures"]["items"] == doc.overall.measures.items
    assert [len(p["indicators"]) for p in obj["projects"]] == [len(p.indicators) for p in doc.projects]


def test_json_of_one_project_and_of_a_folder(data, tmp_path, capsys):
    assert run_cli(["show", str(data), "-p", "2", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "13022923P00JXC415602F"
    write_doc(sample_doc(), tmp_path / "439002-2023.toml")
    assert run_cli(["show", str(tmp_path), "-f", "json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["file"].rsplit("/", 1)[-1] for d in docs] == ["439001-2023.toml", "439002-2023.toml"]


def test_folder_lists_each_file(data, tmp_path, capsys):
    write_doc(sample_doc(), tmp_path / "439002-2023.toml")
    (tmp_path / "broken.toml").write_text("format = \n", encoding="utf-8")
    assert run_cli(["show", str(tmp_path)]) == 2  # one file unreadable: reported, the others shown
    captured = capsys.readouterr()
    assert captured.out.count("== ") == 2 and "439002-2023.toml" in captured.out
    assert "broken.toml" in captured.err and "Traceback" not in captured.err


def test_without_path_shows_the_bundled_sample(capsys):
    assert run_cli(["show"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("439001玉田县无终街道办事处本级") and "招聘社区工作者工资保险" in out


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    assert run_cli(["show", str(tmp_path / "nope.toml")]) == 2
    assert "找不到" in capsys.readouterr().err


FORMS = sorted((Path(__file__).parent / "data" / "forms").glob("*.toml"))


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_list_has_the_forms_own_columns(path, capsys):
    """Each form's project list heads the columns its form has, in its order and words, as
    the app's project table does; no column for a field the form does not have."""
    doc = load(path).doc
    if not doc.projects:
        pytest.skip("a department-level form without projects prints its table instead")
    wanted = ["序号", *("编码" if k == "code" else h for k, h in list_columns(doc))]
    assert run_cli(["show", str(path), "--width", "400"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = next(line for line in lines if line.startswith("序号"))
    assert heading.split() == wanted
    assert len(set(wanted)) == len(wanted), wanted  # 88号: 中期财政拨款 … 财政拨款, not 财政拨款 twice
    keys = [k for k, _ in list_columns(doc)]
    form = profile_of(doc).order("project")
    for key in keys:
        if key not in ("code", "name", "count"):
            assert key in form or any(not field_of(Project, key).blank(getattr(p, key)) for p in doc.projects)


def test_list_without_amounts_or_plan_has_no_such_columns(capsys):
    """The 湖北 form holds its money in the cost table (项目预算成本构成): no 预算数 column, and
    no 支出计划 (it has none)."""
    path = next(p for p in FORMS if p.stem.startswith("hubei"))
    assert run_cli(["show", str(path), "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert "预算数" not in out and "支出计划" not in out and "-/-/-/-" not in out
    assert [line.split() for line in out.splitlines() if line.startswith("序号")] == [["序号", "名称", "指标数"]]


def test_list_is_in_the_forms_money_unit(capsys):
    """An 88号 list prints its amounts in 万元, as its form and the app's project table do (the
    file holds 元: 资金总额 100000000.00 is 10000 万元); the sample's stays in 元."""
    path = next(p for p in FORMS if p.stem == "88-wuhan-2020")
    assert run_cli(["show", str(path), "--width", "400"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("单位：万元"), lines[0]
    row, total = lines[3].split(), lines[4].split()
    assert row[2:7] == ["10000", "10000", "10000", "10000", "202001-202012"], row
    assert total[:5] == ["合计", "10000", "10000", "10000", "10000"], total
    assert "100000000" not in "\n".join(lines)
    assert run_cli(["show", "--width", "400"]) == 0
    sample = capsys.readouterr().out.splitlines()
    assert sample[0].endswith("单位：元") and "770000.00" in sample[3]
