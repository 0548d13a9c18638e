"""Bad data files: every problem reported at once, in Chinese, with line and key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from perftui import store
from perftui.errors import DataError

GOOD = """\
format = 1
framework = "88号"

[unit]
code = "439001"
name = "玉田县无终街道办事处本级"
year = 2023

[overall]
goal = \"\"\"
第一行
[不是表头]
name = 不是键\"\"\"

[[projects]]
code = "A"
name = "项目一"
budget = 770000.00
plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100 }

[[projects.indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "数量"
value = "≥25个"

[[projects.indicators]]
level1 = "产出指标"
level2 = "质量指标"
name = "合格率"
value = "≥90%"

[[projects]]
code = "B"
name = "项目二"
budget = 1000.00

[[projects.indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "效益"
value = "提高"
"""


def problems_of(tmp_path: Path, text: str):
    path = tmp_path / "unit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        store.load(path)
    for p in exc.value.problems:
        assert p.path == path
    return exc.value.problems


def line_no(text: str, fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line that contains ``fragment``."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if fragment in line]
    return hits[nth - 1]


def test_the_good_file_loads(tmp_path: Path):
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    doc = store.load(path).doc
    assert [p.name for p in doc.projects] == ["项目一", "项目二"]
    assert doc.overall.goal == "第一行\n[不是表头]\nname = 不是键"


def test_broken_toml_names_the_line_in_chinese(tmp_path: Path):
    text = GOOD.replace('name = "合格率"', 'name = "合格率')
    (p,) = problems_of(tmp_path, text)
    assert p.line == line_no(text, 'name = "合格率')
    assert "TOML 语法错误" in p.message and "引号" in p.message
    assert f"unit.toml:{p.line}" in str(p)


def test_missing_equals_sign(tmp_path: Path):
    text = GOOD.replace('value = "提高"', 'value "提高"')
    (p,) = problems_of(tmp_path, text)
    assert p.line == line_no(text, 'value "提高"') and "=" in p.message


def test_wrong_type_amount_as_text(tmp_path: Path):
    text = GOOD.replace("budget = 1000.00", 'budget = "七十万"')
    (p,) = problems_of(tmp_path, text)
    assert p.keypath == "projects[2].budget"
    assert p.line == line_no(text, 'budget = "七十万"')
    assert "预算数" in p.message and '文本 "七十万"' in p.message and "770000.00" in p.message


def test_unknown_key_says_which_keys_are_allowed(tmp_path: Path):
    text = GOOD.replace('value = "≥90%"', 'value = "≥90%"\nweight = 10')
    (p,) = problems_of(tmp_path, text)
    assert p.keypath == "projects[1].indicators[2].weight"
    assert p.line == line_no(text, "weight = 10")
    assert "weight" in p.message and "level1, level2, name, description, value, basis" in p.message


def test_missing_required_field_points_at_its_table(tmp_path: Path):
    text = GOOD.replace('level1 = "效益指标"\n', "")
    (p,) = problems_of(tmp_path, text)
    assert p.keypath == "projects[2].indicators[1].level1"
    assert p.line == line_no(text, "[[projects.indicators]]", 3)
    assert "缺少" in p.message and "一级指标" in p.message


def test_plan_months_and_values(tmp_path: Path):
    text = GOOD.replace("plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100 }", 'plan = { 3 = 30, 5 = 60, 12 = "全部" }')
    problems = problems_of(tmp_path, text)
    assert [p.keypath for p in problems] == ["projects[1].plan.5", "projects[1].plan.12"]
    assert all(p.line == line_no(text, "plan = ") for p in problems)
    assert "3、6、10、12" in problems[0].message


def test_format_version_and_framework(tmp_path: Path):
    text = GOOD.replace("format = 1", "format = 2").replace('"88号"', '"99号"')
    problems = problems_of(tmp_path, text)
    assert [(p.keypath, p.line) for p in problems] == [("format", 1), ("framework", 2)]
    assert "版本" in problems[0].message and "88号" in problems[1].message


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path):
    text = (
        GOOD.replace("year = 2023", 'year = "2023年"')
        .replace("budget = 1000.00", "budget = true")
        .replace('name = "数量"', 'name = "数量"\ncolour = "红"')
        .replace('value = "提高"', "value = 3")
    )
    problems = problems_of(tmp_path, text)
    assert [p.keypath for p in problems] == [
        "unit.year",
        "projects[1].indicators[1].colour",
        "projects[2].budget",
        "projects[2].indicators[1].value",
    ]
    assert [p.line for p in problems] == [
        line_no(text, "year ="),
        line_no(text, "colour"),
        line_no(text, "budget = true"),
        line_no(text, "value = 3"),
    ]


def test_missing_top_level_tables_and_keys(tmp_path: Path):
    problems = problems_of(tmp_path, 'title = "x"\n')
    assert [p.keypath for p in problems] == ["title", "format", "framework", "unit"]


def test_inline_tables_and_dotted_keys_are_located(tmp_path: Path):
    text = GOOD.replace(
        '[[projects]]\ncode = "B"\nname = "项目二"\nbudget = 1000.00\n',
        '[[projects]]\ncode = "B"\nname = "项目二"\nbudget = 1000.00\nextra.note = "x"\n',
    )
    (p,) = problems_of(tmp_path, text)
    assert p.keypath == "projects[2].extra" and p.line == line_no(text, "extra.note")


def test_data_error_message_lists_file_line_and_key(tmp_path: Path):
    text = GOOD.replace("budget = 1000.00", 'budget = "七十万"')
    path = tmp_path / "unit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        store.load(path)
    assert str(exc.value).startswith(f"{path}:{line_no(text, 'budget =', 2)} [projects[2].budget]: ")


def test_triple_quotes_inside_one_line_strings_do_not_confuse_line_numbers(tmp_path: Path):
    text = GOOD.replace('code = "A"', "code = \"A'''\"\nuse = '\"\"\"'").replace("budget = 1000.00", "budget = [1]")
    (p,) = problems_of(tmp_path, text)
    assert p.keypath == "projects[2].budget" and p.line == line_no(text, "budget = [1]")


def test_a_table_declared_twice_is_named_plainly(tmp_path: Path):
    text = GOOD.replace("[overall]\n", "[unit]\n[overall]\n", 1)
    (p,) = problems_of(tmp_path, text)
    assert "[unit]" in p.message and "两次" in p.message and "('unit',)" not in p.message
