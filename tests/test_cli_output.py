"""CLI output that reads well: fitted to a terminal, never hard-wrapped into a file or pipe,
``--width`` honoured, codes and numbers never split (``perftui show`` and ``perftui check``)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checkskit import no_user_config  # noqa: F401
from exportkit import sample_doc, write_doc
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pty_support import PtyApp, app_env
from wcwidth import wcswidth

from perftui.cli import main
from perftui.resources import sample_path
from perftui.review.model import Opinion, ProjectStatus, Review, Target
from perftui.store import load

FORMS = Path(__file__).parent / "data" / "forms"
DOCUMENTS = [Path(sample_path()), *sorted(FORMS.glob("*.toml"))]
SAMPLE = load(sample_path()).doc
SAMPLE_CODES = [p.code for p in SAMPLE.projects]
BOX = "┌│├└"
NARROW_RUN = re.compile(r"[^\s\u1100-\uffff]+")  # codes, numbers, paths: what is never split


def cli(argv: list[str]) -> tuple[int, str, str]:
    """``perftui ARGV`` in this process, its output captured (a file, not a terminal)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:
            rc = int(exc.code or 0)
    return rc, out.getvalue(), err.getvalue()


def process(argv: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """``python -m perftui ARGV`` with its output to a pipe."""
    full = app_env(tmp_path, **env)
    return subprocess.run([sys.executable, "-m", "perftui", *argv], capture_output=True, text=True, env=full,
                          timeout=120)


def on_terminal(argv: list[str], tmp_path: Path, cols: int, **env: str) -> tuple[int | None, list[str]]:
    """``python -m perftui ARGV`` on a terminal ``cols`` wide: exit code and the lines shown."""
    term = PtyApp(argv, cwd=tmp_path, env=app_env(tmp_path, **env), cols=cols, rows=50)
    try:
        rc = term.wait_exit(60)
        return rc, term.text().replace("\r", "").rstrip("\n").split("\n")
    finally:
        term.close()


def too_wide(lines: list[str], width: int) -> list[str]:
    """Lines wider than ``width`` that an unbreakable token (a path, a code) does not explain."""
    return [
        line for line in lines
        if wcswidth(line) > width and not any(wcswidth(t) > width - 10 for t in NARROW_RUN.findall(line))
    ]  # fmt: skip


def finding_messages(path: Path) -> list[str]:
    rc, out, _ = cli(["check", str(path), "--format", "json"])
    return [f["message"] for f in json.loads(out)["findings"]]


# ----- check ---------------------------------------------------------------------------


def test_check_into_a_pipe_is_one_finding_per_line(tmp_path):
    # COLUMNS is a terminal's width: a pipe ignores it.
    done = process(["check", str(sample_path())], tmp_path, COLUMNS="60")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stdout.rstrip("\n").split("\n")
    rows = [line for line in lines if line[:2] in ("错误", "警告", "提示")]
    assert len(rows) == 11 + 32 + 22
    assert not [line for line in lines if line.startswith(" ")]  # no continuation lines
    messages = finding_messages(Path(sample_path()))
    assert [re.split(r"\s{2,}", row, maxsplit=2)[2] for row in rows] == messages
    assert any(wcswidth(line) > 150 for line in rows)  # not hard-wrapped at ~100 columns
    for code in SAMPLE_CODES:
        assert code in done.stdout


def test_check_in_process_to_a_file_is_unwrapped():
    rc, out, _ = cli(["check", str(sample_path())])
    assert rc == 1
    assert "13022923P00JXC415063J" in out
    assert not [line for line in out.split("\n") if line.startswith(" ")]


# 42: 说明 gets 24 columns, one fewer than "（13022923P00JXC415060P）：" needs.
@pytest.mark.parametrize("width", [20, 40, 41, 42, 43, 60, 80, 100, 160])
def test_check_width_wraps_at_safe_places(width, tmp_path):
    rc, out, _ = cli(["check", str(sample_path()), "--width", str(width)])
    assert rc == 1
    lines = out.rstrip("\n").split("\n")
    assert too_wide(lines, width) == []
    messages = finding_messages(Path(sample_path()))
    # Every narrow token (code, number, ≥80%, [checks]) of every message is on one line.
    for message in messages:
        for token in NARROW_RUN.findall(message):
            assert any(token in line for line in lines), (width, token)
    # Each finding's lines joined again give its message (the break takes only a space).
    text = re.sub(r"\s+", "", out)
    for message in messages:
        assert re.sub(r"\s+", "", message) in text


def test_check_continuation_lines_are_indented_under_the_text():
    rc, out, _ = cli(["check", str(sample_path()), "--width", "80"])
    lines = out.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("级别"))
    start = wcswidth(lines[head][: lines[head].index("说明")])  # the column 说明 starts at
    row = next(i for i, line in enumerate(lines) if "USE-002" in line)
    assert lines[row + 1].startswith(" " * start) and lines[row + 1][start] != " "
    assert lines[row].split("USE-002")[1].strip().startswith("项目「城镇社区工作经费」")


def test_check_on_a_terminal_wraps_at_its_width(tmp_path):
    rc, lines = on_terminal(["check", str(sample_path())], tmp_path, cols=72)
    assert rc == 1
    assert lines[-1].endswith("11 错误 · 32 警告 · 22 提示")
    assert too_wide(lines, 72) == []
    assert any(line.startswith(" " * 10) for line in lines)  # continuation lines
    assert "13022923P00JXC415063J" in "\n".join(lines)
    # --width wins over the terminal's
    rc, wide = on_terminal(["check", str(sample_path()), "--width", "200"], tmp_path, cols=72)
    assert max(wcswidth(line) for line in wide) > 72


def test_check_columns_sets_the_terminal_width(tmp_path):
    rc, lines = on_terminal(["check", str(sample_path())], tmp_path, cols=200, COLUMNS="50")
    assert too_wide(lines, 50) == [] and max(wcswidth(line) for line in lines) > 40


def test_check_without_path_checks_the_sample(capsys):
    rc, out, err = cli(["check"])
    assert rc == 1 and err == ""
    assert "玉田县无终街道办事处本级（2023年 · 7 个项目）" in out and out.rstrip().endswith("22 提示")
    rc, help_text, _ = cli(["check", "--help"])
    assert "省略时检查自带的示例" in help_text and "不折行" in help_text


@pytest.mark.parametrize("cmd", ["show", "check"])
@pytest.mark.parametrize("bad", ["0", "19", "1001", "abc", "-5"])
def test_bad_width_is_a_usage_error(cmd, bad):
    rc, out, err = cli([cmd, str(sample_path()), "--width", bad])
    assert rc == 2 and out == ""
    assert "--width" in err and ("超出范围" in err or "不是整数" in err) and "Traceback" not in err


# ----- show ----------------------------------------------------------------------------


def _names_from(lines: list[str], start: int) -> str:
    """The text of the 名称 column (from display column ``start``), line after line."""
    out = []
    for line in lines:
        cut = 0
        while cut < len(line) and wcswidth(line[:cut]) < start:
            cut += 1
        out.append(line[cut:].split("  ")[0].strip())
    return "".join(out)


def _name_column(lines: list[str]) -> str:
    """The 名称 column of the project list read top to bottom, its wrapped lines joined."""
    h = next(i for i, line in enumerate(lines) if line.startswith("序号"))
    end = next(i for i, line in enumerate(lines) if "合计" in line)
    return _names_from(lines[h + 2 : end], wcswidth(lines[h][: lines[h].index("名称")]))


@pytest.mark.parametrize("width", [20, 40, 60, 80, 100, 119, 200])
def test_show_list_fits_the_width(width):
    rc, out, _ = cli(["show", "--width", str(width)])
    assert rc == 0
    lines = out.rstrip("\n").split("\n")
    assert max(wcswidth(line) for line in lines) <= width  # the sample has nothing unbreakable left
    assert _name_column(lines) == "".join(p.name for p in SAMPLE.projects)  # wrapped, never lost
    if width < 119:
        assert "未显示" in out and "--width119可显示全部列" in "".join(out.split())
    else:
        assert "未显示" not in out and "30/60/90/100" in out


def test_show_at_80_columns_keeps_codes_names_and_amounts():
    rc, out, _ = cli(["show", "--width", "80"])
    lines = out.rstrip("\n").split("\n")
    assert max(wcswidth(line) for line in lines) <= 80
    assert re.split(r"\s{2,}", lines[1].strip()) == ["序号", "编码", "名称", "预算数", "财政资金", "指标数"]
    for code in SAMPLE_CODES:
        assert code in out
    assert "8955000.00" in out and "9951720.00" in out
    assert lines[-1] == "（宽度不够，未显示：其他资金、支出计划；--width 119 可显示全部列）"
    assert "国有企业退休人员社会化管理补助资金" * 2 in _name_column(lines)


def test_show_into_a_pipe_keeps_every_column_on_one_line(tmp_path):
    done = process(["show"], tmp_path, COLUMNS="50")
    assert done.returncode == 0
    lines = done.stdout.rstrip("\n").split("\n")
    assert len(lines) == 1 + 2 + 7 + 1  # heading, column heads and rule, 7 projects, 合计
    assert "支出计划" in lines[1] and "30/60/90/100" in lines[3] and "国有企业退休人员社会化管理补助资金" in lines[4]


def test_show_on_a_terminal_fits_it(tmp_path):
    rc, lines = on_terminal(["show"], tmp_path, cols=80)
    assert rc == 0 and max(wcswidth(line) for line in lines) <= 80
    assert "未显示：其他资金、支出计划" in "\n".join(lines)
    rc, lines = on_terminal(["show", "--project", "2"], tmp_path, cols=80)
    assert rc == 0 and max(wcswidth(line) for line in lines) <= 80 and "30720.00" in "\n".join(lines)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.stem)
def test_every_form_at_80_columns(doc):
    rc, out, err = cli(["show", str(doc), "--width", "80"])
    assert rc == 0, err
    lines = out.rstrip("\n").split("\n")
    assert max(wcswidth(line) for line in lines) <= 80
    if load(doc).doc.projects:
        rc, out, err = cli(["show", str(doc), "--project", "1", "--width", "80"])
        assert rc == 0, err
        lines = out.rstrip("\n").split("\n")
        assert max(wcswidth(line) for line in lines) <= 80
        assert len({wcswidth(line) for line in lines if line[:1] in BOX}) == 1


@pytest.mark.parametrize("name", ["zhengti-ningde-2019", "zhengti-yueyang-2023"])
def test_department_form_shows_its_table(name):
    path = FORMS / f"{name}.toml"
    doc = load(path).doc
    assert not doc.projects
    rc, out, _ = cli(["show", str(path), "--width", "120"])
    assert rc == 0
    assert "共 0 个项目" not in out and "序号" not in out  # no empty project list
    assert any(line[:1] == "┌" for line in out.split("\n"))
    flat = "".join(out.split()).replace("│", "")
    assert "".join(doc.unit.name.split()) in flat
    for ind in doc.overall.indicators:
        assert "".join(ind.name.split())[:6] in flat


def test_department_form_with_projects_shows_the_list_after_the_table(tmp_path):
    doc = load(FORMS / "zhengti-ningde-2019.toml").doc
    doc.projects = sample_doc().projects[:1]
    path = write_doc(doc, tmp_path / "x.toml")
    rc, out, _ = cli(["show", str(path)])
    assert rc == 0
    assert out.index("部门整体支出绩效目标表") < out.index("共 1 个项目") < out.index("城镇社区工作经费")


def test_show_help_says_what_a_department_form_shows():
    rc, out, _ = cli(["show", "--help"])
    assert rc == 0 and "整体支出" in out and "--width" in out


# ----- JSON: unchanged, plus the review ------------------------------------------------


def _reviewed(tmp_path: Path) -> Path:
    doc = sample_doc()
    code = doc.projects[0].code
    doc.review = Review(
        status="退回", by="李审", at="2024-03-05 14:30",
        projects=[ProjectStatus(code, "退回", "李审", "2024-03-05 14:30"), ProjectStatus("不存在的编码", "通过")],
        opinions=[
            Opinion(Target(), "总体目标太笼统", "李审", "2024-03-05"),
            Opinion(Target(code, doc.projects[0].indicators[0].name, 1, "value"), "指标值偏低", "李审", "2024-03-05",
                    "已改", "已改为 ≥30个"),
            Opinion(Target(code, "已删除的指标"), "请补充依据"),
        ],
    )  # fmt: skip
    return write_doc(doc, tmp_path / "439001-2023.toml")


def test_show_json_includes_the_review(tmp_path):
    path = _reviewed(tmp_path)
    rc, out, _ = cli(["show", str(path), "--format", "json"])
    assert rc == 0
    data = json.loads(out)
    assert list(data)[-1] == "review"
    review = data["review"]
    assert (review["status"], review["by"], review["at"]) == ("退回", "李审", "2024-03-05 14:30")
    assert review["projects"] == [
        {"project": SAMPLE_CODES[0], "number": 1, "status": "退回", "by": "李审", "at": "2024-03-05 14:30"},
        {"project": "不存在的编码", "number": None, "status": "通过", "by": "", "at": ""},
    ]
    doc_op, row_op, orphan = review["opinions"]
    assert doc_op["level"] == "document" and not doc_op["orphaned"] and doc_op["opinion"] == "总体目标太笼统"
    assert row_op["target"] == {"project": SAMPLE_CODES[0], "indicator": "城市社区综合服务设施数量", "n": 1,
                                "field": "value"}
    assert (row_op["level"], row_op["status"], row_op["reply"], row_op["orphaned"]) == ("indicator", "已改",
                                                                                         "已改为 ≥30个", False)
    assert orphan["orphaned"] and orphan["level"] == "indicator" and orphan["status"] == "待改"
    # The content keys are what they were.
    plain = write_doc(sample_doc(), tmp_path / "plain.toml")
    rc, out2, _ = cli(["show", str(plain), "--format", "json"])
    other = json.loads(out2)
    assert {k: v for k, v in other.items() if k not in ("file", "review")} == {
        k: v for k, v in data.items() if k not in ("file", "review")
    }


def test_show_json_of_one_project_has_its_review(tmp_path):
    path = _reviewed(tmp_path)
    rc, out, _ = cli(["show", str(path), "-p", "1", "--format", "json"])
    project = json.loads(out)
    assert project["review"]["status"] == {"status": "退回", "by": "李审", "at": "2024-03-05 14:30"}
    assert [o["opinion"] for o in project["review"]["opinions"]] == ["指标值偏低", "请补充依据"]
    rc, out, _ = cli(["show", str(path), "-p", "2", "--format", "json"])
    assert json.loads(out)["review"] == {"status": None, "opinions": []}


# ----- any width, any document: never a traceback, never wider than asked ------------
# (60 examples, about 5 s; FUZZ_EXAMPLES=10 runs 600)


@settings(max_examples=int(60 * float(os.environ.get("FUZZ_EXAMPLES", "1"))), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(20, 400),
    doc=st.sampled_from(DOCUMENTS),
    command=st.sampled_from(["list", "project", "check"]),
    number=st.integers(1, 7),
)
# Found by CI: asked for 107, the 四川 form came out 109 wide at every width from 105 to 108.
@example(width=107, doc=FORMS / "sichuan-jingyan-2023.toml", command="project", number=1)
def test_any_width_any_document(width, doc, command, number):
    projects = len(load(doc).doc.projects)
    argv = {
        "list": ["show", str(doc)],
        "project": ["show", str(doc), "--project", str(min(number, max(projects, 1)))],
        "check": ["check", str(doc)],
    }[command] + ["--width", str(width)]
    rc, out, err = cli(argv)
    assert "Traceback" not in err
    if command == "project" and not projects:
        assert rc == 2 and "还没有项目" in err
        return
    assert rc in (0, 1), err
    lines = out.rstrip("\n").split("\n")
    box = [line for line in lines if line[:1] in BOX]
    assert len({wcswidth(line) for line in box}) <= 1
    if command == "check" or width >= 80:
        assert too_wide(lines, width) == []
    else:  # a box table is as narrow as its columns can be (each holds a Chinese character, numbers
        # whole); its title and unit line are as wide as the table, nothing is wider
        assert too_wide(lines, max([width, *(wcswidth(line) for line in box)])) == []


NAMES = st.text(
    alphabet=st.sampled_from(list("社区工作经费（）「」，。、ABCxyz0123456789-_./% ≥\t\x1b\u202e")), max_size=120
)


@settings(max_examples=int(40 * float(os.environ.get("FUZZ_EXAMPLES", "1"))), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(20, 400), name=NAMES, code=NAMES, command=st.sampled_from(["show", "check"]))
@example(width=20, name="0000000000000000", code="", command="show")  # wider than 名称 can be
@example(width=20, name="x" * 50, code="y" * 40, command="show")
def test_any_width_odd_names(width, name, code, command):
    import tempfile

    doc = load(sample_path()).doc
    doc.projects[0].name, doc.projects[1].code = name, code
    with tempfile.TemporaryDirectory() as folder:
        path = write_doc(doc, Path(folder) / "439001-2023.toml")
        rc, out, err = cli([command, str(path), "--width", str(width)])
    assert rc in (0, 1, 2) and "Traceback" not in err
    if rc == 2:  # a value the loader refuses: said on stderr, nothing printed
        assert err and out == ""
        return
    assert "\x1b" not in out and "\u202e" not in out
    assert too_wide(out.rstrip("\n").split("\n"), width) == []


def test_a_glued_run_wider_than_a_line_breaks_once_at_the_least_bad_place():
    from perftui.linebreak import wrap_text

    lines = wrap_text("（13022923P00JXC415060P）：资金用途", 24)
    assert [wcswidth(line) <= 24 for line in lines] == [True] * len(lines)
    assert lines[0] == "（13022923P00JXC415060P"  # the code stays with its bracket, one break
    assert "".join(lines) == "（13022923P00JXC415060P）：资金用途"


@pytest.mark.parametrize("width", [30, 42, 50, 60])
def test_headings_break_between_their_parts(width):
    """A file's heading too wide for the terminal breaks between its parts: 单位：元 and
    （2023年 · 7 个项目） stay whole (they were cut as 单 / 位：元 and 7 个 / 项目）)."""
    _, shown, _ = cli(["show", str(sample_path()), "--width", str(width)])
    assert any(line.strip() == "单位：元" or line.endswith("  单位：元") for line in shown.split("\n")[:4])
    _, checked, _ = cli(["check", str(sample_path()), "--width", str(width)])
    assert any("（2023年 · 7 个项目）" in line for line in checked.split("\n")[:6])
    for out in (shown, checked):
        assert too_wide(out.rstrip("\n").split("\n")[:4], width) == []


@settings(max_examples=300)
@given(st.text(max_size=20) | st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_display_width_is_the_sum_of_character_widths(text):
    """The quick paths (plain ASCII, short labels) give what wcwidth gives character by character."""
    from wcwidth import wcwidth

    from perftui.linebreak import display_width

    assert display_width(text) == sum(max(wcwidth(ch), 0) for ch in text)
