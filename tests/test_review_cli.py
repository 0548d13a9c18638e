"""``perftui diff`` and ``perftui review`` as a user runs them, and the report read back."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perftui import store
from perftui.model import Indicator
from perftui.review.model import Opinion, ProjectStatus, Review, Target

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "439001-2023.toml"
CODE = "13022923P00JXC415060P"


def perftui(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perftui", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy2(SAMPLE, tmp_path / "a.toml")
    return tmp_path


def edited(src: Path, dst: Path, change) -> Path:
    loaded = store.load(src)
    doc = copy.deepcopy(loaded.doc)
    change(doc)
    if src != dst:
        shutil.copy2(src, dst)
    store.save(store.load(dst), doc)
    return dst


# --- diff ----------------------------------------------------------------------------------


def test_diff_of_equal_files_exits_0(work: Path):
    shutil.copy2(work / "a.toml", work / "b.toml")
    r = perftui("diff", str(work / "a.toml"), str(work / "b.toml"))
    assert r.returncode == 0, r.stderr
    assert "两个版本的内容相同" in r.stdout


def test_diff_lists_every_change_and_exits_1(work: Path):
    def change(doc):
        doc.projects[0].indicators[0].value = "≥30个"
        doc.projects[0].budget = doc.projects[0].budget + 1000
        doc.projects[1].indicators.append(Indicator("产出指标", "数量指标", "新指标", "", "≥1个", "计划标准"))
        del doc.projects[5]

    edited(work / "a.toml", work / "b.toml", change)
    r = perftui("diff", str(work / "a.toml"), str(work / "b.toml"))
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert "4 处不同（新增 1 · 删除 1 · 修改 2）" in lines[0]
    assert lines[1:] == [
        "  项目「城镇社区工作经费」预算数：770000.00 → 771000.00",
        "  项目「城镇社区工作经费」指标值 第1行「城市社区综合服务设施数量」：≥25个 → ≥30个",
        "  项目「国有企业退休人员社会化管理补助资金」新增指标 第9行「新指标」（产出指标/数量指标，指标值 ≥1个）",
        "  删除项目「营业执照、食品卫生许可证工本费」（项目编码 13022923P00JXC415063J）：原第6个，8 行指标",
    ]
    data = json.loads(perftui("diff", str(work / "a.toml"), str(work / "b.toml"), "--format", "json").stdout)
    assert data["equal"] is False and data["summary"]["total"] == 4
    assert data["changes"][0]["old"] == "770000.00" and data["changes"][0]["new"] == "771000.00"
    md = perftui("diff", str(work / "a.toml"), str(work / "b.toml"), "-f", "markdown").stdout
    assert "| 1 | 修改 | 项目「城镇社区工作经费」预算数：770000.00 → 771000.00 |" in md


def test_diff_of_other_unit_warns_and_still_diffs(work: Path):
    edited(work / "a.toml", work / "b.toml", lambda doc: setattr(doc.unit, "year", 2024))
    r = perftui("diff", str(work / "a.toml"), str(work / "b.toml"))
    assert r.returncode == 1
    assert "年度不同：2023 与 2024" in r.stderr
    assert "年度：2023 → 2024" in r.stdout


def test_diff_bad_input_exits_2(work: Path):
    (work / "broken.toml").write_text("format = 1\nname = \n", encoding="utf-8")
    r = perftui("diff", str(work / "a.toml"), str(work / "broken.toml"))
    assert r.returncode == 2 and "broken.toml:2" in r.stderr and "Traceback" not in r.stderr
    r = perftui("diff", str(work / "a.toml"))
    assert r.returncode == 2 and "两个文件" in r.stderr
    r = perftui("diff", str(work / "a.toml"), str(work / "a.toml"), "--since", "HEAD")
    assert r.returncode == 2 and "只给一个文件" in r.stderr


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "审核", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "审核", "GIT_COMMITTER_EMAIL": "a@example.org"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_since_a_git_revision(work: Path):
    sub = work / "单位"
    sub.mkdir()
    shutil.copy2(work / "a.toml", sub / "a.toml")
    _git(work, "init", "-q", ".")
    _git(work, "add", "单位/a.toml")
    _git(work, "commit", "-q", "-m", "第一轮")
    edited(sub / "a.toml", sub / "a.toml", lambda doc: setattr(doc.projects[4], "name", "维稳工作经费"))
    _git(work, "commit", "-q", "-am", "第二轮")
    edited(sub / "a.toml", sub / "a.toml", lambda doc: setattr(doc.projects[0].indicators[0], "value", "≥30个"))
    # Against the last commit: only the uncommitted change; from another folder, with a relative path.
    r = perftui("diff", "单位/a.toml", "--since", "HEAD", cwd=work)
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines()[1:] == ["  项目「城镇社区工作经费」指标值 第1行「城市社区综合服务设施数量」：≥25个 → ≥30个"]
    assert r.stdout.startswith("比较 HEAD:a.toml → 单位/a.toml")
    r = perftui("diff", str(sub / "a.toml"), "--since", "HEAD~1")
    assert r.returncode == 1 and len(r.stdout.splitlines()) == 3
    assert "项目名称：维稳经费 → 维稳工作经费" in r.stdout
    # Errors in Chinese, never a traceback.
    r = perftui("diff", str(sub / "a.toml"), "--since", "没有这个版本")
    assert r.returncode == 2 and "git 仓库中没有版本 “没有这个版本”" in r.stderr
    r = perftui("diff", str(sub / "a.toml"), "--since=--output=x")
    assert r.returncode == 2 and "无效" in r.stderr
    (sub / "new.toml").write_bytes((sub / "a.toml").read_bytes())
    r = perftui("diff", str(sub / "new.toml"), "--since", "HEAD")
    assert r.returncode == 2 and "还没有这个文件" in r.stderr
    outside = work.parent / f"{work.name}-outside.toml"
    shutil.copy2(SAMPLE, outside)
    try:
        r = perftui("diff", str(outside), "--since", "HEAD", cwd=work.parent)
        # The temporary folder itself might be inside a repository on some machines.
        if r.returncode == 2:
            assert "不在 git 仓库中" in r.stderr or "还没有这个文件" in r.stderr
    finally:
        outside.unlink()
    env = {**os.environ, "PATH": str(work / "no-bin")}
    r = perftui("diff", str(sub / "a.toml"), "--since", "HEAD", env=env)
    assert r.returncode == 2 and "找不到 git 程序" in r.stderr
    assert all("Traceback" not in x for x in (r.stderr,))


# --- review report ---------------------------------------------------------------------------


def reviewed(path: Path) -> Path:
    def change(doc):
        doc.review = Review(
            status="退回", by="县财政局 李审", at="2024-03-05 14:30",
            projects=[ProjectStatus(CODE, "退回", "李审", "2024-03-05 14:30"),
                      ProjectStatus("13022923P00JXC4150646", "通过", "李审", "2024-03-05 14:35")],
            opinions=[
                Opinion(Target(CODE, "城市社区综合服务设施数量", 1, "value"), "指标值偏低，请按上年实际调整", "李审",
                        "2024-03-05"),
                Opinion(Target(field="overall.goal"), "总体目标请写明可衡量的结果", "李审", "2024-03-05", "已改",
                        "已补充数量目标"),
                Opinion(Target(CODE, "已删除的指标", 1, "value"), "这行的依据不清", "王审", "2024-02-20", "不改"),
            ],
        )  # fmt: skip

    return edited(path, path, change)


def test_review_report_lists_status_opinions_findings_and_orphans(work: Path):
    reviewed(work / "a.toml")
    r = perftui("review", str(work / "a.toml"))
    assert r.returncode == 1, r.stderr  # an opinion 待改 and findings of severity 错误 remain
    out = r.stdout
    assert "审核状态：退回（县财政局 李审，2024-03-05 14:30）" in out
    assert "审核意见 3 条（待改 1 · 已改 1 · 不改 1，其中 1 条原位置已不存在）" in out
    assert "1.［已改］总体绩效目标：总体目标请写明可衡量的结果（李审 2024-03-05）" in out
    assert "单位答复：已补充数量目标" in out
    assert "1. 城镇社区工作经费（13022923P00JXC415060P）　审核状态：退回（李审，2024-03-05 14:30）" in out
    assert "2.［待改］指标值 第1行「城市社区综合服务设施数量」：指标值偏低，请按上年实际调整（李审 2024-03-05）" in out
    assert "5. 维稳经费（13022923P00JXC4150646）　审核状态：通过" in out
    assert "三、原位置已不存在的审核意见" in out
    assert "3.［不改］原位置：项目「13022923P00JXC415060P」指标「已删除的指标」 指标值（已不存在）：这行的依据不清" in out
    assert "错误 COST-002" in out  # a finding of the first project, in its part
    first = out.index("1. 城镇社区工作经费")
    assert first < out.index("COST-002") < out.index("2. 国有企业退休人员")


def test_review_report_files_read_back(work: Path):
    import openpyxl
    from docx import Document as WordDocument

    reviewed(work / "a.toml")
    before = (work / "a.toml").read_bytes()
    for name in ("报告.md", "报告.xlsx", "报告.docx"):
        r = perftui("review", str(work / "a.toml"), "-o", str(work / name))
        assert r.returncode == 1 and "已写出审核报告" in r.stdout, r.stderr
    assert (work / "a.toml").read_bytes() == before
    md = (work / "报告.md").read_text(encoding="utf-8")
    assert "| 2 | 待改 | 指标值 第1行「城市社区综合服务设施数量」 | 指标值偏低，请按上年实际调整 | 李审 | 2024-03-05 |  |" in md
    assert "## 三、原位置已不存在的审核意见" in md

    ws = openpyxl.load_workbook(work / "报告.xlsx")["审核报告"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[2] == ["序号", "项目", "位置", "类别", "状态/级别", "内容", "审核人", "日期"]
    opinion = next(r for r in rows if r[5] == "指标值偏低，请按上年实际调整")
    assert opinion[:5] == [2, "1. 城镇社区工作经费（13022923P00JXC415060P）", "指标值 第1行「城市社区综合服务设施数量」",
                           "审核意见", "待改"]
    assert any(r[3] == "审核状态" and r[4] == "退回" and r[1] == "部门整体" for r in rows)
    assert any(r[1] == "（已不存在）" and r[5] == "这行的依据不清" for r in rows)
    assert any(str(r[3]).startswith("检查 COST-002") for r in rows)

    word = WordDocument(str(work / "报告.docx"))
    paragraphs = [p.text for p in word.paragraphs]
    assert "审核状态：退回（县财政局 李审，2024-03-05 14:30）" in paragraphs
    assert "1. 城镇社区工作经费（13022923P00JXC415060P）" in paragraphs
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "指标值偏低，请按上年实际调整" in cells and "总体目标请写明可衡量的结果\n单位答复：已补充数量目标" in cells
    assert any(p.startswith("3.［不改］原位置：") for p in paragraphs)


def test_review_refuses_to_overwrite_the_data_file(work: Path):
    before = (work / "a.toml").read_bytes()
    for target in ("a.toml", "x.toml", "报告.pdf"):
        r = perftui("review", str(work / "a.toml"), "-o", str(work / target))
        assert r.returncode == 2 and "用法错误" in r.stderr
    assert (work / "a.toml").read_bytes() == before


def test_review_of_a_file_with_format_errors_still_reports(work: Path):
    text = (work / "a.toml").read_text(encoding="utf-8").replace("budget = 770000.00", 'budget = "七十七万"')
    text += '\n[review]\nstatus = "退回"\ncolour = "red"\n\n[[review.opinions]]\ntarget = { field = "overall.goal" }\nopinion = "请量化"\n'
    (work / "a.toml").write_text(text, encoding="utf-8")
    r = perftui("review", str(work / "a.toml"))
    assert r.returncode == 2
    assert "审核状态：退回" in r.stdout and "1.［待改］总体绩效目标：请量化" in r.stdout
    assert "四、文件中的格式问题" in r.stdout and "[projects[1].budget]" in r.stdout
    assert "review.colour" in r.stderr and "Traceback" not in r.stderr
    (work / "bad.toml").write_text("format = = 1\n", encoding="utf-8")
    r = perftui("review", str(work / "bad.toml"))
    assert r.returncode == 2 and "TOML 语法错误" in r.stderr and r.stdout == ""


def test_export_adds_the_review_sheet(work: Path):
    import openpyxl

    reviewed(work / "a.toml")
    r = perftui("export", str(work / "a.toml"), "--review", "-o", str(work / "a.xlsx"))
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(work / "a.xlsx")
    assert wb.sheetnames[-1] == "审核报告"
    values = [c.value for row in wb["审核报告"].iter_rows() for c in row]
    assert "指标值偏低，请按上年实际调整" in values
