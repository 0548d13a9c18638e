"""Data files of every form profile, transcribed from the real documents (tests/data/forms/).

Each file holds one real public document of its official form (tests/fixtures/forms/*.json),
cell by cell as printed. These tests read the fixture's grid and compare it with what the
loader makes of the data file, cell by cell (amounts converted to 元 by the form's unit); they
also check that the files save back unchanged, that the CLI shows and checks them, that the
findings on them are Chinese, and that the examples in docs/forms.md load with their form.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store
from perftui.checks.settings import THRESHOLDS
from perftui.cli import main
from perftui.forms import DEFAULT_FORM, PROFILES, get_profile, profile_of
from perftui.model import Document, Indicator

HERE = Path(__file__).parent
DATA = HERE / "data" / "forms"
FIXTURES = HERE / "fixtures" / "forms"
FORMS_DOC = HERE.parent / "docs" / "forms.md"

# data file -> (fixture number, the form profile it follows)
FILES: dict[str, tuple[int, str]] = {
    "wenben-yutian-2023.toml": (0, "绩效文本"),
    "88-wuhan-2020.toml": (1, "88号申报表"),
    "88-dongguan-2019.toml": (3, "88号申报表"),
    "101-fengjie-2023.toml": (7, "101号审批表"),
    "zhengti-ningde-2019.toml": (8, "整体支出"),
    "zhengti-yueyang-2023.toml": (9, "湖南整体支出"),
    "hunan-xiangtan-2023.toml": (4, "湖南申报表"),
    "hubei-ezhou-2022.toml": (5, "湖北申报表"),
    "sichuan-jingyan-2023.toml": (6, "四川一体化"),
    "touzi-baodi-2022.toml": (10, "中央预算内投资"),
}


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """Checks never read the real user's config file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


# --- reading the fixtures -------------------------------------------------------------------


def fixture(number: int) -> dict:
    (path,) = FIXTURES.glob(f"{number:02d}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def grid(number: int, table: int = 0) -> list[list[str]]:
    """A fixture table's rows with every merged cell's text copied into the cells it covers."""
    t = fixture(number)["tables"][table]
    rows = [list(r) for r in t["rows"]]
    for r1, c1, r2, c2 in t["merges"]:
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    rows[r] += [""] * (c + 1 - len(rows[r]))
                    rows[r][c] = rows[r1][c1]
    return rows


def blank(cell: str) -> str:
    """A lone space is how the pages show an empty cell."""
    return "" if cell == " " else cell


def amount(cell: str, form: str) -> Decimal | None:
    """A printed amount in 元 with two decimals: ``65`` in a 万元 form is 650000.00, ``250万`` too."""
    text = blank(cell).replace(",", "")
    if not text:
        return None
    wan = get_profile(form).money == "万元"
    for suffix in ("万元", "万"):
        if text.endswith(suffix):
            text, wan = text[: -len(suffix)], True
    return (Decimal(text) * (10000 if wan else 1)).quantize(Decimal("0.01"))


def number(cell: str, suffix: str = "") -> Decimal | None:
    """A printed percentage or points (``100%``, ``10分``, ``10``) as the number a file holds."""
    text = blank(cell).removesuffix(suffix)
    return Decimal(text) if text else None


def cells(ind: Indicator, keys: tuple[str, ...]) -> list[str]:
    """An indicator row's cells as text (points as printed: ``10``, blank ``""``)."""
    out = []
    for k in keys:
        v = getattr(ind, k)
        out.append("" if v is None else f"{v.normalize():f}" if isinstance(v, Decimal) else v)
    return out


def same_rows(indicators: list[Indicator], rows: list[list[str]], keys: tuple[str, ...], start: int = 0) -> None:
    """Every indicator equals its fixture row, cell by cell (a row cut short reads as blanks)."""
    want = [[blank(c) for c in (row[start:] + [""] * len(keys))[: len(keys)]] for row in rows]
    assert [cells(i, keys) for i in indicators] == want


def load(name: str) -> Document:
    return store.load(DATA / name).doc


# --- every file -----------------------------------------------------------------------------


def test_every_profile_has_a_data_file():
    assert {form for _, form in FILES.values()} == set(PROFILES)
    assert sorted(p.name for p in DATA.glob("*.toml")) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_loads_with_its_form(name):
    doc = load(name)
    form = FILES[name][1]
    assert profile_of(doc).key == form
    assert doc.form == ("" if form == DEFAULT_FORM else form)
    assert doc.framework in profile_of(doc).frameworks


@pytest.mark.parametrize("name", FILES)
def test_saves_back_byte_identical(name, tmp_path):
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    before = path.read_bytes()
    loaded = store.load(path)
    saved = store.save(loaded, loaded.doc)
    assert path.read_bytes() == before
    assert saved.notice == ""


@pytest.mark.parametrize("name", FILES)
def test_the_writer_holds_everything(name):
    """A new file written from the document reads back as the same document."""
    doc = load(name)
    assert store.parse(store.dumps(doc)) == doc


@pytest.mark.parametrize("name", FILES)
def test_show_json(name, capsys):
    assert main(["show", str(DATA / name), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    doc = load(name)
    assert out["form"] == FILES[name][1]
    assert out["unit"]["name"] == doc.unit.name
    assert len(out["projects"]) == len(doc.projects)
    for p, jp in zip(doc.projects, out["projects"], strict=True):
        assert jp["budget"] == (None if p.budget is None else f"{p.budget:.2f}")
        assert [jp["execution"], jp["execution_points"]] == [
            None if v is None else f"{v.normalize():f}" for v in (p.execution, p.execution_points)
        ]
        assert [i["points"] for i in jp["indicators"]] == [
            None if i.points is None else f"{i.points.normalize():f}" for i in p.indicators
        ]


def check_json(name: str, capsys) -> tuple[int, list[dict]]:
    code = main(["check", str(DATA / name), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


@pytest.mark.parametrize("name", FILES)
def test_check_json_runs(name, capsys):
    code, findings = check_json(name, capsys)
    assert code == (1 if any(f["severity_key"] == "error" for f in findings) else 0)
    assert all(f["rule"] and f["message"] and f["file"].endswith(name) for f in findings)


# Settings names users type into [checks] may appear in a message; so may codes (letters with digits).
_ALLOWED = re.compile(r"\[checks\]|" + "|".join(map(re.escape, THRESHOLDS)))
_ENGLISH = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{2,}(?![A-Za-z0-9_])")
_REPR = re.compile(r"Decimal\(|\[\]|\{\}|''|\\[nrt]|0x[0-9a-f]|<[a-z]")


@pytest.mark.parametrize("name", FILES)
def test_findings_speak_chinese(name, capsys):
    _, findings = check_json(name, capsys)
    for f in findings:
        text = _ALLOWED.sub("", f["message"])
        assert not _ENGLISH.search(text), f"{f['rule']}: {f['message']}"
        assert not _REPR.search(text), f"{f['rule']}: {f['message']}"


def test_message_test_can_fail():
    assert _ENGLISH.search("指标值 None 不是金额") and _REPR.search("成本 Decimal('1') 元")
    assert not _ENGLISH.search(_ALLOWED.sub("", "项目（13022923P00JXC415060P）可在 [checks] 中用 satisfaction_min 调整"))


# --- cell by cell, per document -------------------------------------------------------------


def test_wenben_yutian():
    doc = load("wenben-yutian-2023.toml")
    head, rows = grid(0, 0), grid(0, 1)
    (p,) = doc.projects
    assert head[0][0] == doc.unit.code + doc.unit.name
    assert head[0][1] == "单位：元" and get_profile(DEFAULT_FORM).money == "元"
    assert [p.code, p.name] == [head[1][1], head[1][3]]
    assert [p.budget, p.fiscal, p.other] == [amount(head[2][c], DEFAULT_FORM) for c in (2, 4, 6)]
    assert p.use == head[3][1]
    assert [str(p.plan.get(m, "")) + "%" for m in (3, 6, 10, 12)] == head[5][1:5]
    assert ["1." + g for g in p.goals] == [head[6][1]]  # numbering is not stored
    same_rows(p.indicators, rows[1:], ("level1", "level2", "name", "description", "value", "basis"))


def test_88_wuhan():
    form = "88号申报表"
    doc = load("88-wuhan-2020.toml")
    head, goals, rows = grid(1, 0), grid(1, 1), grid(1, 2)
    (p,) = doc.projects
    assert f"[{doc.unit.code}]{doc.unit.name}" == head[1][1] == p.dept
    assert f"{doc.unit.year}年度)" in fixture(1)["paragraphs"]
    assert [p.name, p.implementer, p.attribute, p.period] == [head[0][1], head[1][3], head[2][1], head[2][3]]
    assert [p.long_budget, p.long_fiscal, p.long_other] == [amount(head[r][2], form) for r in (3, 4, 5)]
    assert [p.budget, p.fiscal, p.other] == [amount(head[r][4], form) for r in (3, 4, 5)]
    assert p.budget == Decimal("100000000.00") and p.other is None  # 10000万元; a blank cell
    assert (p.long_goals, p.goals) == ([goals[1][1]], [goals[1][2]])
    keys = ("level1", "long_level2", "long_name", "long_value", "level2", "name", "value")
    same_rows(p.indicators, rows[1:], keys)


def test_88_dongguan():
    form = "88号申报表"
    doc = load("88-dongguan-2019.toml")
    head, rows = grid(3, 0), grid(3, 1)
    (p,) = doc.projects
    assert head[2][0] == "预算单位:" + doc.unit.name
    assert str(doc.unit.year) in head[1][0]
    assert p.name == head[3][1]
    assert [p.long_budget, p.budget] == [amount(head[3][3], form), amount(head[3][5], form)]
    assert p.long_budget == Decimal("2845000000.00")
    assert None is p.long_fiscal is p.fiscal is p.other  # the form prints one amount per group
    assert (p.long_goals, p.goals) == ([head[5][1]], [head[5][2]])
    keys = ("level1", "long_level2", "long_name", "long_value", "level2", "name", "value")
    same_rows(p.indicators, rows[1:], keys, start=1)  # the first column is the 绩效指标 label


def test_101_fengjie():
    form = "101号审批表"
    doc = load("101-fengjie-2023.toml")
    a = grid(7)
    paragraphs = fixture(7)["paragraphs"]
    (p,) = doc.projects
    assert paragraphs[2].split(":")[1].strip() == doc.unit.name
    assert f"{doc.unit.year}年度" in paragraphs[1]
    assert [p.name, p.category, p.period, p.dept] == [a[0][1], a[0][3], a[1][1], a[1][3]]
    assert [p.implementer, p.approval, p.overview, p.goals] == [a[2][1], a[3][1], a[4][1], [a[5][1]]]
    assert (p.manager, p.phone) == ("", "")  # removed from the public transcription
    assert [p.long_budget, p.budget, p.fiscal, p.other] == [amount(a[r][2], form) for r in (6, 7, 8, 9)]
    assert p.other == Decimal("0.00")  # printed 0, not blank
    assert [p.fund_class, p.subject] == [a[6][4], a[8][4]]
    assert [p.execution, p.execution_points] == [number(a[10][2], "%"), number(a[10][4], "分")]
    same_rows(p.indicators, a[12:], ("level1", "level2", "name", "value", "points", "explain"), start=1)
    assert p.indicators[0].level1 == "成本指标(0-20)分"  # held as printed, point range included


def test_zhengti_ningde():
    form = "整体支出"
    doc = load("zhengti-ningde-2019.toml")
    a, rows = grid(8, 0), grid(8, 1)
    o = doc.overall
    assert [doc.unit.name, doc.unit.code] == [a[0][1], a[0][3]]
    assert f"{doc.unit.year}年度)" in fixture(8)["paragraphs"]
    assert [o.budget, o.spending, o.basic] == [amount(a[r][2], form) for r in (1, 2, 3)]
    assert o.goal == a[4][1] and o.duties == ""
    assert [[t.duty, t.task, t.project, t.amount] for t in o.tasks] == [
        [*r[1:4], amount(r[4], form)] for r in a[6:9]
    ]
    assert o.tasks[2].amount == Decimal("1714100.00")  # 171.41 as printed, though 基本支出 is 110.61
    same_rows(o.indicators, rows[1:], ("level1", "level2", "name", "explain", "value"))
    assert doc.projects == []


def test_zhengti_yueyang():
    doc = load("zhengti-yueyang-2023.toml")
    a = grid(9)
    o = doc.overall
    assert a[0][0] == f"{doc.unit.name}{doc.unit.year}年度整体绩效目标表"
    assert a[1][1] == doc.unit.name
    assert [o.duties, o.goal] == [a[2][1], a[3][1]]
    keys = ("level1", "level2", "name", "value_type", "value", "unit", "explain", "scoring", "note")
    same_rows(o.indicators, a[6:], keys)
    assert o.budget is None and o.tasks == [] and doc.projects == []


def test_hunan_xiangtan():
    form = "湖南申报表"
    doc = load("hunan-xiangtan-2023.toml")
    a = grid(4)
    (p,) = doc.projects
    assert fixture(4)["title"] == f"{doc.unit.name}{doc.unit.year}年{p.name}项目支出绩效目标申报表"
    assert [p.name, p.dept] == [a[1][1], a[1][3]]
    assert [p.budget, p.superior] == [amount(a[2][1], form), amount(a[2][3], form)]
    assert p.budget == Decimal("2500000.00")  # 250万
    assert [p.period, p.long_goals, p.goals, p.opinion] == [a[3][1], [a[4][1]], [a[5][1]], a[17][1]]
    same_rows(p.indicators, a[7:17], ("level1", "level2", "name", "value", "basis"), start=1)
    profile = get_profile(form)
    assert [profile.label("indicator", k) for k in ("value", "basis")] == a[6][4:6]


def test_hubei_ezhou():
    form = "湖北申报表"
    doc = load("hubei-ezhou-2022.toml")
    head, costs, rows = grid(5, 0), grid(5, 1), grid(5, 2)
    (p,) = doc.projects
    assert str(doc.unit.year) in fixture(5)["title"] and doc.unit.name == ""
    assert [p.name, p.category, p.attribute, p.approval, p.goals] == [r[1] for r in head[:4]] + [[head[4][1]]]
    assert [[c.item, c.amount, c.basis, c.actual1, c.actual2] for c in p.costs] == [
        [r[0], amount(r[1], form), r[2], amount(r[3], form), amount(r[4], form)] for r in costs[1:]
    ]
    assert p.costs[-1].item == "合计" and p.costs[-1].actual1 == Decimal("6629800.00")  # ≠ Σ, as printed
    profile = get_profile(form)
    labels = [profile.label("cost", k, doc.unit.year) for k in ("item", "amount", "basis", "actual1", "actual2")]
    assert labels == costs[0]  # 2020年 / 2021年实际执行数 count back from the budget year
    same_rows(p.indicators, rows[1:], ("level2", "name", "description", "value"))
    assert [profile.label("indicator", k) for k in ("level2", "name", "description", "value")] == rows[0]
    assert all(i.level1 == "" for i in p.indicators)


def test_sichuan_jingyan():
    form = "四川一体化"
    doc = load("sichuan-jingyan-2023.toml")
    a = grid(6)
    assert a[4][0] == f"{doc.unit.code}-{doc.unit.name}"
    assert f"({doc.unit.year}年度)" in a[0][0] and a[1][0] == "金额单位:元"
    rows = a[4:]
    starts = [i for i, r in enumerate(rows) if r[1] and (i == 0 or r[1] != rows[i - 1][1])]
    assert [p.name for p in doc.projects] == [rows[i][1] for i in starts]
    for p, i in zip(doc.projects, starts, strict=True):
        assert [p.budget, p.goals] == [amount(rows[i][2], form), [rows[i][3]]]
    inds = [ind for p in doc.projects for ind in p.indicators]
    # 指标性质 + 指标值 in value, 度量单位 in unit, 权重 in points
    joined = [[*r[4:7], r[7] + r[8], *r[9:12]] for r in rows]
    same_rows(inds, joined, ("level1", "level2", "name", "value", "unit", "points", "direction"))
    assert doc.projects[0].budget == Decimal("3309840.00")
    profile = get_profile(form)
    assert [profile.label("indicator", k) for k in ("unit", "points", "direction")] == a[2][9:12]


def test_touzi_baodi():
    form = "中央预算内投资"
    doc = load("touzi-baodi-2022.toml")
    a = grid(10)
    (p,) = doc.projects
    assert [p.name, p.implementer, doc.unit.name] == [a[0][1], a[1][1], a[1][1]]
    assert p.budget == amount(a[2][1], form) == Decimal("23500000.00")
    assert p.goals == [a[3][1]]
    assert f"({p.code})" in fixture(10)["paragraphs"][1]  # the code is in the covering notice
    same_rows(p.indicators, a[5:], ("level1", "level2", "name", "value"), start=1)


# --- docs/forms.md --------------------------------------------------------------------------

_SECTION = re.compile(r"^## (?P<form>[^\s：]+)：", re.M)
_TOML = re.compile(r"```toml\n(?P<text>.*?)```", re.S)


def forms_doc_examples() -> dict[str, list[str]]:
    """docs/forms.md: the TOML examples under each profile's ``## <form>：…`` heading."""
    text = FORMS_DOC.read_text(encoding="utf-8")
    heads = list(_SECTION.finditer(text))
    out: dict[str, list[str]] = {}
    for h, nxt in zip(heads, heads[1:] + [None], strict=True):
        body = text[h.end() : nxt.start() if nxt else len(text)]
        out[h.group("form")] = [m.group("text") for m in _TOML.finditer(body)]
    return out


def test_forms_doc_has_every_profile():
    examples = forms_doc_examples()
    assert list(examples) == list(PROFILES)
    assert all(len(v) == 1 for v in examples.values())


@pytest.mark.parametrize("form", list(PROFILES))
def test_forms_doc_example_loads_with_its_form(form):
    (text,) = forms_doc_examples()[form]
    doc = store.parse(text)
    assert profile_of(doc).key == form
    assert doc.projects or doc.overall.indicators


def test_format_doc_links_forms_doc():
    assert "](forms.md)" in (HERE.parent / "docs" / "format.md").read_text(encoding="utf-8")
