"""Import of the Word-exported text form of a 部门预算绩效文本 (the seed's layout).

Faithful to the letter: the importer moves text into the model and never edits it.

- Each cell and paragraph loses the whitespace around it (Word pads cells with spaces and
  pads paragraphs with trailing blanks) and Word's ``[bookmark: …]`` markers; every other
  character is kept exactly as written. Typos, odd values (``≥200%``, ``社会水平稳定``),
  duplicated projects and indicators stay as they are: finding them is the checker's job.
- Numbering the renderers add back is not stored: "1、" of Part 1 items, "1." of project
  goals, "1." and "绩效目标表" of table titles (the project name comes from the 项目名称
  cell; a title that disagrees gets a notice).
- A blank amount cell is ``None`` (blank), not zero; a blank spending-plan cell leaves
  that month out of the plan.
- Nothing is dropped silently and nothing is invented: every non-blank input line is
  placed into the model or reported as a notice with its line number, and a table cut
  off at the end of the document keeps the rows that are there, with a notice.
- A table in which neither a project name, nor an amount, nor an indicator can be read
  (another layout, a stray fragment) is not a project: it is left out, and each of its rows
  is reported. A result with no such project and no Part 1 content is a failure
  (``ImportResult.failure`` says what was missing and where); nothing should be written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from perftui.errors import Problem
from perftui.frameworks import canonical_level1, canonical_level2
from perftui.importers.lines import Prose, Row, split_lines, squash, tokenize
from perftui.importers.notes import Notices, quote
from perftui.importers.ownsheet import ReadTable
from perftui.importers.part1 import SECTION_RE, OverallReader
from perftui.importers.table import (
    TableDraft,
    TableReader,
    UnitRow,
    is_unit_row,
    starts_new_table,
    title_name,
)
from perftui.kinds import YEAR
from perftui.model import Document, Project, Unit

PART1_HEADINGS = frozenset({"第一部分", "部门整体绩效目标", "第一部分部门整体绩效目标"})
PART2_HEADINGS = frozenset({"第二部分", "预算项目绩效目标", "第二部分预算项目绩效目标"})
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# 21-character project code: region (6 digits) + year (2 digits) + …
CODE_YEAR_RE = re.compile(r"^\d{6}(\d{2})")


@dataclass(slots=True)
class ImportResult:
    doc: Document
    notices: list[Problem] = field(default_factory=list)
    # Why the input gave nothing worth a data file (empty when it did): what is missing, where.
    failure: list[Problem] = field(default_factory=list)
    form: str = "绩效文本"  # the form profile the input was read as
    kind: str = "text"  # the container: text, docx, xlsx

    @property
    def ok(self) -> bool:
        return not self.failure

    @property
    def indicator_count(self) -> int:
        return sum(len(p.indicators) for p in self.doc.projects) + len(self.doc.overall.indicators)

    @property
    def summary(self) -> str:
        """``已导入 7 个项目，49 条指标``; the 整体 form's department counts as what it is."""
        doc = self.doc
        parts = [f"{len(doc.projects)} 个项目"] if doc.projects or not doc.overall.indicators else []
        if doc.overall.tasks:
            parts.append(f"{len(doc.overall.tasks)} 条履职目标")
        if doc.overall.indicators and not doc.projects:
            parts.insert(0, "部门整体绩效目标")
        parts.append(f"{self.indicator_count} 条指标")
        return "已导入 " + "，".join(parts)


def breaks_row(text: str) -> bool:
    """Paragraphs that never continue a table cell: headings and table titles."""
    key = squash(text)
    return (
        key in PART1_HEADINGS
        or key in PART2_HEADINGS
        or title_name(text) is not None
        or bool(SECTION_RE.match(text))
    )


def _next_is_row(tokens: Sequence[Prose | Row | ReadTable], index: int) -> bool:
    """A "…绩效目标表" paragraph is a table title only when a table follows it (prose such as
    "详见项目绩效目标表" stays prose)."""
    return index + 1 < len(tokens) and isinstance(tokens[index + 1], Row)


def import_text(text: str, source: Path | None = None) -> ImportResult:
    """Read the Word-exported text of one unit's document; see the module docstring."""
    return import_tokens(tokenize(split_lines(text), breaks_row), source)


def import_tokens(
    tokens: Sequence[Prose | Row | ReadTable], source: Path | None = None, span: Callable[[int, int], str] | None = None
) -> ImportResult:
    """The sample's layout from its paragraphs and rows, wherever they came from (the text
    export, or a Word or Excel file's grids, perftui.importers.wenben). A token's ``line``
    is its place in the source; ``span(first, last)`` words a range of places (default:
    text lines). A ReadTable is a table already read (its title, then rows that the next
    row does not continue: perftui.importers.wenben sees to that)."""
    words = span or _line_span
    notes = Notices(source)
    overall = OverallReader(notes)
    drafts: list[TableDraft | ReadTable] = []
    current: TableDraft | ReadTable | None = None
    in_part2 = False
    for index, token in enumerate(tokens):
        if isinstance(token, ReadTable):
            current = token
            drafts.append(token)
            in_part2 = True
            continue
        if isinstance(token, Row):
            if current is None or isinstance(current, ReadTable) or starts_new_table(token, current):
                current = TableDraft(None)
                drafts.append(current)
            current.rows.append(token)
            continue
        key = squash(token.text)
        if key in PART1_HEADINGS:
            in_part2, current = False, None
        elif key in PART2_HEADINGS:
            in_part2, current = True, None
        elif title_name(token.text) is not None and _next_is_row(tokens, index):
            current = TableDraft(token)
            drafts.append(current)
            in_part2 = True
        elif in_part2 or current is not None:
            notes.add(token.line, f"不在表格行中的文字，未能归入任何项目：{quote(token.text, None)}")
        else:
            overall.feed(token)

    doc = Document()
    doc.overall = overall.finish(first_line=1)
    units: list[UnitRow] = []
    hollow: list[TableDraft] = []
    for draft in drafts:
        if isinstance(draft, ReadTable):  # complete, named, nothing to say about it
            units.append(draft.unit)
            doc.projects.append(draft.project)
            continue
        # Only the document's last table can have been cut off by the end of the file.
        reader = TableReader(draft, notes, last_table=draft is drafts[-1])
        project = reader.read()
        if reader.unit is not None:
            units.append(reader.unit)
        if _is_hollow(project):
            hollow.append(draft)
            _report_left_out(draft, notes, words)
        else:
            reader.report_gaps()
            doc.projects.append(project)
    if not drafts:
        notes.add(None, "没有找到任何“……绩效目标表”项目表格")
    doc.unit = _unit(units, notes)
    prose = [t.title if isinstance(t, ReadTable) else t for t in tokens if not isinstance(t, Row)]
    doc.unit.year = _year(doc, prose, notes)
    doc.framework = _framework(doc, notes)
    failure = [] if doc.projects or _has_part1(doc) else _failure(drafts, hollow, notes.source, words)
    if failure:  # each left-out table is named in the failure: not twice
        notes.items = [n for n in notes.items if not n.message.startswith(_LEFT_OUT)]
    return ImportResult(doc=doc, notices=notes.sorted(), failure=failure)


def _is_hollow(project: Project) -> bool:
    """Nothing of a project could be read: no name, no amount, no indicator."""
    amounts = (project.budget, project.fiscal, project.other)
    return not project.name.strip() and all(a is None for a in amounts) and not project.indicators


def _has_part1(doc: Document) -> bool:
    overall = doc.overall
    return bool(overall.goal or overall.targets.items or overall.measures.items)


def _line_span(first: int, last: int) -> str:
    return f"第 {first} 行" if last == first else f"第 {first}–{last} 行"


def _span(draft: TableDraft, words: Callable[[int, int], str]) -> str:
    first = draft.line
    last = draft.rows[-1].last_line if draft.rows else first
    return words(first, last)


_LEFT_OUT = "不是项目："


def _report_left_out(draft: TableDraft, notes: Notices, words: Callable[[int, int], str]) -> None:
    """Each row of a table left out, unless a notice already names its line."""
    reported = {n.line for n in notes.items}
    title = f"：{quote(draft.title.text, None)}" if draft.title is not None else ""
    notes.add(draft.line, f"{_LEFT_OUT}{_span(draft, words)}的表格读不出项目名称、金额和指标，未作为项目导入{title}")
    for row in draft.rows:
        if row.line in reported or is_unit_row(row) or not any(row.texts):
            continue
        notes.add(
            row.line,
            f"这一行所在的表格（{_span(draft, words)}）读不出项目名称、金额和指标，未作为项目导入：{quote(row.preview(), None)}",
        )


def _failure(
    drafts: Sequence[TableDraft | ReadTable], hollow: list[TableDraft], source: Path | None, words: Callable[[int, int], str]
) -> list[Problem]:
    """What a usable document needs and this input lacks, with the lines to look at."""
    out = [
        Problem(source, None, "", "没有找到第一部分（部门整体绩效目标）的内容：总体绩效目标、分项绩效目标、工作保障措施都是空的")
    ]
    if not drafts:
        out.append(Problem(source, None, "", "没有找到任何项目绩效目标表（“……绩效目标表”标题下以制表符分隔的表格行）"))
    for draft in hollow:
        out.append(
            Problem(source, draft.line, "", f"{_span(draft, words)}的表格中读不出项目名称、预算金额或任何绩效指标")
        )
    return out


def _unit(units: list[UnitRow], notes: Notices) -> Unit:
    if not units:
        notes.add(None, "没有找到单位行（如“439001××单位”），单位编码和名称留空")
        return Unit()
    first = units[0]
    for other in units[1:]:
        if (other.code, other.name) != (first.code, first.name):
            notes.add(
                other.line,
                f"本表的单位{quote(other.code + other.name)}与第一张表的单位{quote(first.code + first.name)}不同；"
                "文件按第一张表的单位保存",
            )
    return Unit(code=first.code, name=first.name)


def _year(doc: Document, prose: list[Prose], notes: Notices) -> int:
    """The budget year: the first "20xx年" of the prose (in the seed: the overall goal's
    "2023年在县委…"), else the year digits of the first project code."""
    code_years = [2000 + int(m.group(1)) for p in doc.projects if (m := CODE_YEAR_RE.match(p.code))]
    for paragraph in prose:
        m = YEAR_RE.search(paragraph.text)
        if m and not YEAR.problem(int(m.group(1))):  # "1950年" in a history is no budget year
            year = int(m.group(1))
            if code_years and year not in code_years:
                notes.add(
                    paragraph.line,
                    f"文中的年度 {year} 与项目编码中的年度 {code_years[0]} 不一致；年度记为 {year}，请核对",
                )
            return year
    if code_years:
        return code_years[0]
    notes.add(None, "文中没有年度（如“2023年”），项目编码中也读不出年度；年度记为 0，请手工填写")
    return 0


def _framework(doc: Document, notes: Notices) -> str:
    """101号 when 成本指标 is a 一级指标, else 88号 (成本指标 as a 二级 under 产出指标)."""
    level1 = [(p, i) for p in doc.projects for i in p.indicators if canonical_level1(i.level1) == "成本指标"]
    if not level1:
        return "88号"
    as_level2 = [p for p in doc.projects for i in p.indicators if canonical_level2(i.level2) == "成本指标"]
    if as_level2:
        notes.add(
            None,
            f"成本指标既作一级指标（如“{level1[0][0].name}”）又作二级指标（如“{as_level2[0].name}”）；"
            "指标体系记为 101号",
        )
    return "101号"
