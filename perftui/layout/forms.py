"""The printed forms as grids: one project's 绩效目标表, Part 1 and the project summary.

Follows the seed document's layout (domain.md §2). Numbering of goals ("1.") and of
Part 1 items ("1、") is added here; the model stores them without numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from perftui.layout.grid import (
    AMOUNT,
    CAPTION,
    HEADER,
    HEADING,
    INTEGER,
    LABEL,
    PERCENT,
    PROSE,
    TEXT,
    TITLE,
    UNIT,
    UNIT_NOTE,
    Cell,
    Column,
    Grid,
)
from perftui.model import PLAN_MONTHS, Document, Project, Unit
from perftui.money import format_amount

OVERALL_TITLE = "部门整体绩效目标"
SUMMARY_TITLE = "预算项目绩效目标汇总表"
UNIT_NOTE_TEXT = "单位：元"

OVERALL_PART = "第一部分"
OVERALL_COLUMNS: list[Column] = [Column(90, 90)]
PROJECTS_PART = "第二部分　预算项目绩效目标"

SUMMARY_HEADERS: tuple[str, ...] = ("序号", "项目编码", "项目名称", "预算数", "财政资金", "其他资金")
SUMMARY_COLUMNS: list[Column] = [
    Column(5, 6),  # 序号
    Column(31, 31),  # 项目编码: a 21-character code on one line in any font
    Column(14, 40),  # 项目名称
    Column(12, 16),  # 预算数
    Column(12, 16),  # 财政资金
    Column(12, 16),  # 其他资金
    Column(9, 9),  # 3月底 (9 units: 10月底 stays on one line in any font)
    Column(9, 9),  # 6月底
    Column(9, 9),  # 10月底
    Column(9, 9),  # 12月底
    Column(7, 8),  # 指标数
]

# Excel shows at most about 1,000 characters of a cell: longer goals go over several rows.
MAX_CELL_CHARS = 1000
# Part 1 paragraphs longer than this are split at a sentence end so that no cell
# exceeds what Excel shows in a cell.
MAX_PARAGRAPH = 800


def unit_line(unit: Unit) -> str:
    """The unit line as the form prints it: code and name run together (439001玉田县…)."""
    return f"{unit.code}{unit.name}"


from perftui.layout.spec import MONTH_LABELS, format_percent  # noqa: E402  (one definition)


def numbered_goals(goals: list[str]) -> str:
    return "\n".join(f"{i}.{g}" for i, g in enumerate(goals, 1))


def numbered_items(items: list[str]) -> list[str]:
    return [f"{i}、{t}" for i, t in enumerate(items, 1)]


def goal_chunks(goals: list[str], limit: int = MAX_CELL_CHARS) -> list[str]:
    """The numbered goals as cell texts: one cell normally; when longer than a spreadsheet
    shows in a cell, several (whole goals together, an overlong goal split at sentence ends)."""
    text = numbered_goals(goals)
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    for i, goal in enumerate(goals, 1):
        for piece in split_paragraph(f"{i}.{goal}", limit):
            if chunks and len(chunks[-1]) + 1 + len(piece) <= limit:
                chunks[-1] += "\n" + piece
            else:
                chunks.append(piece)
    return chunks


def _amount(value: Decimal | None, col: int, span: int = 1) -> Cell:
    return Cell(format_amount(value), AMOUNT, col, span, number=value)


def _percent(value: Decimal | None, col: int, span: int = 1) -> Cell:
    return Cell(format_percent(value), PERCENT, col, span, number=value)


def project_grid(doc: Document, project: Project, number: int | None = None) -> Grid:
    """One project's table in the printed layout of the document's form (perftui.layout.official)."""
    from perftui.forms import profile_of
    from perftui.layout.official import form_of
    from perftui.layout.spec import build

    if number is None:
        number = next((i for i, p in enumerate(doc.projects, 1) if p is project), 0)
    return build(form_of(profile_of(doc)), doc, profile_of(doc), project, number)


def split_paragraph(text: str, limit: int = MAX_PARAGRAPH) -> list[str]:
    """Split a long paragraph after sentence ends so that every piece is at most ``limit`` chars
    (a piece without any sentence end is cut hard). Joining the pieces gives the text back."""
    if len(text) <= limit:
        return [text]
    sentences = re.findall(r"[^。！？；;!?]*[。！？；;!?]+|[^。！？；;!?]+$", text)
    pieces: list[str] = []
    current = ""
    for s in sentences:
        while len(s) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(s[:limit])
            s = s[limit:]
        if len(current) + len(s) > limit:
            pieces.append(current)
            current = ""
        current += s
    if current:
        pieces.append(current)
    return pieces


def _prose(g: Grid, role: str, kind: str, text: str) -> None:
    for paragraph in text.split("\n"):
        for piece in split_paragraph(paragraph):
            g.add(role, Cell(piece, kind, 0, g.ncols), boxed=False)


OVERALL_HEADINGS = ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施")


def overall_grid(doc: Document, widths: list[float] | None = None) -> Grid:
    """第一部分 部门整体绩效目标: headings and paragraphs. With ``widths`` (the project tables'
    columns) every line spans them, so the part prints on the tables' grid and page width."""
    columns = [Column(max(4, round(w * 0.6)), max(4, round(w))) for w in widths] if widths else list(OVERALL_COLUMNS)
    g = Grid(OVERALL_TITLE, columns, widths=list(widths) if widths else None)
    n = g.ncols
    ov = doc.overall
    g.add("title", Cell(OVERALL_PART, TITLE, 0, n), boxed=False)
    g.add("title", Cell(OVERALL_TITLE, TITLE, 0, n), boxed=False)
    g.add("unit", Cell(unit_line(doc.unit), UNIT, 0, n), boxed=False)
    g.add("heading", Cell(OVERALL_HEADINGS[0], HEADING, 0, n), boxed=False)
    if ov.goal:
        _prose(g, "prose", PROSE, ov.goal)
    for heading, section in zip(OVERALL_HEADINGS[1:], (ov.targets, ov.measures), strict=True):
        g.add("heading", Cell(heading, HEADING, 0, n), boxed=False)
        if section.caption:
            g.add("caption", Cell(section.caption, CAPTION, 0, n), boxed=False)
        for item in numbered_items(section.items):
            _prose(g, "item", PROSE, item)
    return g


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def summary_grid(doc: Document, projects: list[Project] | None = None) -> Grid:
    """项目汇总: one row per project and a total row."""
    projects = doc.projects if projects is None else projects
    g = Grid(SUMMARY_TITLE, list(SUMMARY_COLUMNS), landscape=True)
    ncols = len(SUMMARY_COLUMNS)
    g.add("title", Cell(PROJECTS_PART, TITLE, 0, ncols), boxed=False)
    g.add("title", Cell(SUMMARY_TITLE, TITLE, 0, ncols), boxed=False)
    g.add(
        "unit",
        Cell(unit_line(doc.unit), UNIT, 0, ncols - 2),
        Cell(UNIT_NOTE_TEXT, UNIT_NOTE, ncols - 2, 2),
        boxed=False,
    )
    first = g.add(
        "header",
        *(Cell(t, HEADER, i, rowspan=2) for i, t in enumerate(SUMMARY_HEADERS)),
        Cell("资金支出计划（%）", HEADER, 6, 4),
        Cell("指标数", HEADER, 10, rowspan=2),
    )
    last = g.add("header", *(Cell(MONTH_LABELS[m], HEADER, 6 + i) for i, m in enumerate(PLAN_MONTHS)))
    g.repeat = (first, last)
    for n, p in enumerate(projects, 1):
        g.add(
            "summary",
            Cell(str(n), INTEGER, 0, number=Decimal(n)),
            Cell(p.code, TEXT, 1),
            Cell(p.name, TEXT, 2),
            _amount(p.budget, 3),
            _amount(p.fiscal, 4),
            _amount(p.other, 5),
            *(_percent(p.plan.get(m), 6 + i) for i, m in enumerate(PLAN_MONTHS)),
            Cell(str(len(p.indicators)), INTEGER, 10, number=Decimal(len(p.indicators))),
        )
    count = sum(len(p.indicators) for p in projects)
    g.add(
        "total",
        Cell("合计", LABEL, 0, 3),
        _amount(_sum([p.budget for p in projects]), 3),
        _amount(_sum([p.fiscal for p in projects]), 4),
        _amount(_sum([p.other for p in projects]), 5),
        *(Cell("", TEXT, 6 + i) for i in range(len(PLAN_MONTHS))),
        Cell(str(count), INTEGER, 10, number=Decimal(count)),
    )
    return g


FINDINGS_TITLE = "审核意见"
FINDINGS_HEADERS: tuple[str, ...] = ("序号", "级别", "规则", "位置", "说明")
FINDINGS_COLUMNS: list[Column] = [Column(5, 6), Column(6, 6), Column(10, 12), Column(16, 30), Column(40, 80)]


def findings_grid(doc: Document, findings: list[tuple[str, str, str, str]]) -> Grid:
    """审核意见: one row per finding given as (级别, 规则, 位置, 说明) texts."""
    g = Grid(FINDINGS_TITLE, list(FINDINGS_COLUMNS), landscape=True)
    ncols = len(FINDINGS_COLUMNS)
    g.add("title", Cell(f"{unit_line(doc.unit)}{FINDINGS_TITLE}", TITLE, 0, ncols), boxed=False)
    header = g.add("header", *(Cell(t, HEADER, i) for i, t in enumerate(FINDINGS_HEADERS)))
    g.repeat = (header, header)
    for n, (severity, rule, place, message) in enumerate(findings, 1):
        g.add(
            "finding",
            Cell(str(n), INTEGER, 0, number=Decimal(n)),
            Cell(severity, LABEL, 1),
            Cell(rule, TEXT, 2),
            Cell(place, TEXT, 3),
            Cell(message, TEXT, 4),
        )
    return g
