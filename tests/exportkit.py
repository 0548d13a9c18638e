"""Shared helpers of the export/show/layout tests: hand-built documents and the seed's tables."""

from __future__ import annotations

import os
import re
import subprocess
from contextlib import contextmanager
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path

import pytest

from perftui.model import Document, Indicator, Overall, Project, Section, Unit

ROOT = Path(__file__).resolve().parents[1]
# The seed document (Word-exported text), as committed with the tests.
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"

# The form's printed labels; the seed writes some with stray spaces (其中：财政    资金).
LABELS = {
    "项目编码", "项目名称", "预算规模及资金用途", "预算数", "其中：财政资金", "其他资金", "资金支出计划（%）",
    "3月底", "6月底", "10月底", "12月底", "绩效目标", "一级指标", "二级指标", "三级指标", "绩效指标描述",
    "指标值", "指标值确定依据", "单位：元",
}  # fmt: skip
_HEADING = re.compile(r"^(?:\[bookmark: [^\]]*\])?(\d+)\.(.+)绩效目标表\s*$")


def norm(text: str) -> str:
    """A cell as compared: labels without any whitespace, everything else stripped."""
    squeezed = re.sub(r"\s+", "", text)
    return squeezed if squeezed in LABELS else text.strip()


def seed_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """(project name of the heading, rows of non-empty stripped cells) for every project table.

    A row is a run of lines starting with TAB (one line per cell); anything else ends it.
    """
    tables: list[tuple[str, list[list[str]]]] = []
    row: list[str] | None = None
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            tables.append((m.group(2), []))
            row = None
            continue
        if line.startswith("\t"):
            if row is None:
                row = []
                if tables:
                    tables[-1][1].append(row)
            cell = line[1:].strip()
            if cell:
                row.append(cell)
        else:
            row = None
    return [(name, [r for r in rows if r]) for name, rows in tables]


def sample_doc() -> Document:
    """A small document in the seed's shape, with a blank 其他资金 and a partial spending plan."""
    return Document(
        unit=Unit("439001", "玉田县无终街道办事处本级", 2023),
        overall=Overall(
            "2023年在县委、县政府的领导下做好社区服务工作。",
            Section("部门职责分类绩效目标情况说明", ["社区工作者工资保险895.5万元。", "维稳经费10万元。"]),
            Section("实现年度发展规划目标的保障措施", ["加强党组织建设。", "做好综合事务管理工作。"]),
        ),
        projects=[
            Project(
                "13022923P00JXC415060P",
                "城镇社区工作经费",
                D("770000.00"),
                D("770000.00"),
                None,
                "城镇社区工作经费",
                {3: D(30), 6: D(60), 10: D(90), 12: D(100)},
                ["城镇社区工作稳定开展"],
                [
                    Indicator("产出指标", "数量指标", "城市社区综合服务设施数量", "城市社区综合服务设施数量", "≥25个", "社区工作覆盖情况"),
                    Indicator("产出指标", "质量指标", "满意率", "居民满意率 ", "≥90%", "居民满意率 "),
                    Indicator("产出指标", "成本指标", "资金成本", "资金成本", "115万元", "资金使用情况"),
                    Indicator("效益指标", "经济效益指标", "对地区工作的贡献率", "对地区工作的贡献率", "≥80%", "依据单位考核指标"),
                    Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意数量占总数的比例。", "≥80%", "群众满意度"),
                ],
            ),
            Project(
                "13022923P00JXC415602F",
                "国有企业退休人员社会化管理补助资金",
                D("30720.00"),
                D("30720.00"),
                D("0.00"),
                "做好管理工作",
                {12: D(100)},
                ["有效管理国有企业退休人员", "按时发放补助资金"],
                [Indicator("产出指标", "数量指标", "人数", "人数", "≥10人", "计划标准")],
            ),
        ],
    )


def run_cli(argv: list[str]) -> int:
    """Run ``perftui`` with these arguments as the console script does; the exit code."""
    from perftui import cli

    try:
        return cli.main(argv)
    except SystemExit as exc:  # argparse: --help, bad usage
        return int(exc.code or 0)


def write_doc(doc: Document, path: Path) -> Path:
    """Save a Document as a data file with the store's writer."""
    from perftui.store import dumps

    path.write_text(dumps(doc), encoding="utf-8")
    return path


@contextmanager
def tiny_disk(where: Path, size: str = "64k"):
    """A real, nearly full file system: a small tmpfs mounted at ``where`` (root only);
    the test is skipped where mounting is not permitted."""
    where.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            check=True, capture_output=True, timeout=20,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        pytest.skip("mounting a small tmpfs is not permitted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20)


def fill_disk(folder: Path, leave: int = 4096) -> None:
    """Take all but ``leave`` bytes of the free space of ``folder``'s file system."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    (folder / "filler").write_bytes(b"\0" * max(free - leave, 0))


def shown(cell) -> str:
    """A workbook cell as the form shows it."""
    value, fmt = cell.value, cell.number_format
    if isinstance(value, str):
        return value
    number = Decimal(str(value))
    if fmt.endswith("%"):
        return f"{(number * 100).normalize():f}%"
    suffix = fmt.split('"')[1] if '"' in fmt else ""
    places = len(fmt.split(".")[1].split('"')[0]) if "." in fmt else 0
    return f"{number:,.{places}f}{suffix}" if "," in fmt else f"{number:.{places}f}{suffix}"
