"""One 项目绩效目标表 (the seed's Hebei county layout) into a ``Project``.

Rows are recognised by the label in their first cell, compared with all whitespace
removed (``其中：财政    资金`` is ``其中：财政资金``), not by position, so a missing or
extra row costs one notice and not the rest of the table. A row whose first cell is
empty continues the labelled row above it (Word's vertically merged cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perftui.fields import field_map
from perftui.forms.profiles import WENBEN
from perftui.frameworks import FRAMEWORK_88, canonical_level1
from perftui.importers.lines import Cell, Prose, Row, continuation_title, squash
from perftui.importers.notes import Notices, quote
from perftui.kinds import AMOUNT, PERCENT
from perftui.model import PLAN_MONTHS, Indicator, Project
from perftui.money import WAN, parse_amount

TITLE_SUFFIX = "绩效目标表"
TITLE_RE = re.compile(rf"^(?:\d+\s*[.．、]\s*)?(?P<name>.*?)\s*{TITLE_SUFFIX}$", re.S)
UNIT_CELL_RE = re.compile(r"^单位：(.*)$")
UNIT_CODE_RE = re.compile(r"^(\d+)\s*(.*)$", re.S)
MONTH_RE = re.compile(r"^(\d{1,2})月(?:底|末|份)?$")
PERCENT_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)[%％]?$")
GOAL_NUMBER_RE = re.compile(r"^(\d+)\s*(?:[.．、](?!\d)|[)）])\s*")
# A later goal written on the same line: "…开展；2.…" (number after a separator or space).
INLINE_GOAL_RE = re.compile(r"(?<=[；;。，,\s])(\d+)\s*[.．、](?!\d)")

# Label cells of the header rows -> Project field.
PAIR_FIELDS: dict[str, str] = {
    "项目编码": "code",
    "项目名称": "name",
    "预算数": "budget",
    "预算金额": "budget",
    "其中：财政资金": "fiscal",
    "财政资金": "fiscal",
    "其中：其他资金": "other",
    "其他资金": "other",
    "资金用途": "use",
}
AMOUNT_FIELDS = ("budget", "fiscal", "other")
BUDGET_LABEL = "预算规模及资金用途"
PLAN_LABEL = "资金支出计划"
GOAL_LABELS = ("绩效目标", "年度绩效目标", "项目绩效目标")
HEADER_FIELDS: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标值": "value",
    "指标值确定依据": "basis",
    "指标值设定依据": "basis",
    "绩效标准": "basis",
}
STANDARD_HEADER: tuple[str | None, ...] = WENBEN.order("indicator")


@dataclass(slots=True)
class TableDraft:
    """The lines of one table as found: its title paragraph (if any) and its rows."""

    title: Prose | None
    rows: list[Row] = field(default_factory=list)

    @property
    def line(self) -> int:
        if self.title is not None:
            return self.title.line
        return self.rows[0].line if self.rows else 0

    def has_label(self, label: str) -> bool:
        return any(squash(r.cells[0].text) == label for r in self.rows)


@dataclass(slots=True)
class UnitRow:
    code: str
    name: str
    line: int


def title_name(text: str) -> str | None:
    """``"1.城镇社区工作经费绩效目标表"`` -> ``"城镇社区工作经费"``; None if not a title."""
    m = TITLE_RE.match(text)
    return m.group("name").strip() if m else None


def is_unit_row(row: Row) -> bool:
    """The row above the table: unit code and name, then "单位：元" in the last cell."""
    return len(row.cells) <= 3 and bool(UNIT_CELL_RE.match(squash(row.cells[-1].text)))


def starts_new_table(row: Row, draft: TableDraft) -> bool:
    """A unit row or 项目编码 row after the current table already had one: a new table
    whose title line is missing."""
    key = squash(row.cells[0].text)
    if is_unit_row(row):
        return bool(draft.rows)
    return key == "项目编码" and draft.has_label("项目编码")


def split_goals(texts: list[tuple[str, int]], notes: Notices) -> list[str]:
    """Goal cells into goals without their "1." numbering; unnumbered paragraphs after a
    numbered goal continue it, several numbers on one line are split."""
    goals: list[list] = []  # [number | None, text]
    for text, line in texts:
        for paragraph in text.split("\n"):
            paragraph = paragraph.strip()
            if not paragraph:
                continue
            for piece in _split_inline(paragraph):
                m = GOAL_NUMBER_RE.match(piece)
                if m:
                    goals.append([int(m.group(1)), piece[m.end() :].strip(), line])
                elif goals and goals[-1][0] is not None:
                    goals[-1][1] = f"{goals[-1][1]}\n{piece}"
                else:
                    goals.append([None, piece, line])
    numbers = [g[0] for g in goals]
    if any(n is not None for n in numbers) and numbers != list(range(1, len(goals) + 1)):
        written = "、".join("无" if n is None else str(n) for n in numbers)
        notes.add(goals[0][2], f"绩效目标的编号（{written}）不是从 1 开始的连续编号；已按出现顺序保存")
    return [g[1] for g in goals]


def _split_inline(paragraph: str) -> list[str]:
    m = GOAL_NUMBER_RE.match(paragraph)
    if not m:
        return [paragraph]
    expected = int(m.group(1)) + 1
    cuts = []
    for inline in INLINE_GOAL_RE.finditer(paragraph):
        if int(inline.group(1)) == expected:
            cuts.append(inline.start())
            expected += 1
    bounds = [0, *cuts, len(paragraph)]
    return [
        paragraph[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if paragraph[a:b].strip()
    ]


class TableReader:
    def __init__(self, draft: TableDraft, notes: Notices, last_table: bool):
        self.draft = draft
        self.notes = notes
        self.last_table = last_table
        self.project = Project()
        self.unit: UnitRow | None = None
        self.factor = Decimal(1)  # 单位：万元 tables are stored in 元
        self.seen: set[str] = set()
        self.header: list[str | None] | None = None

    # -- rows -------------------------------------------------------------------------

    def read(self) -> Project:
        expect: str | None = None
        months: list[int | None] = []
        continued = False  # the row before was a continuation page's title
        for row in self.draft.rows:
            key = squash(row.cells[0].text)
            after_title, continued = continued, continuation_title([c.text for c in row.cells])
            if continued:  # 「…绩效目标表（续）」 atop a printed page: part of the form
                continue
            if after_title and key == "一级指标" and self.header is not None:
                continue  # the column headings that page repeats
            if expect == "use":
                expect = None
                if key in ("", "资金用途"):
                    self._use(row)
                    continue
                self.notes.add(row.line, "“预算规模及资金用途”下面缺少资金用途行，资金用途留空")
            elif expect == "plan":
                expect = None
                if key == "":
                    self._plan_values(row, months)
                    continue
                self.notes.add(row.line, "“资金支出计划（%）”的月份行下面缺少比例行，支出计划留空")
            if is_unit_row(row):
                self._unit_row(row)
            elif key in ("项目编码", "项目名称"):
                self._pairs(row, 0)
            elif key == BUDGET_LABEL:
                self.seen.add("budget_row")
                self._pairs(row, 1)
                self._missing_amounts(row)
                expect = "use"
            elif key.startswith(PLAN_LABEL):
                self.seen.add("plan")
                months = self._months(row)
                expect = "plan"
            elif key in GOAL_LABELS:
                self._goals(row)
            elif key == "一级指标":
                self._header(row)
            elif self._looks_like_indicator(row, key):
                self._indicator(row)
            else:
                self.notes.add(row.line, f"表格中不认识的一行，未能保存：{quote(row.preview(), None)}")
        if expect == "use":
            self.notes.add(
                self.draft.rows[-1].last_line, "“预算规模及资金用途”下面缺少资金用途行，资金用途留空"
            )
        elif expect == "plan":
            self.notes.add(
                self.draft.rows[-1].last_line, "“资金支出计划（%）”的月份行下面缺少比例行，支出计划留空"
            )
        self._name_from_title()
        return self.project

    def report_gaps(self) -> None:
        """Notices for the parts of the form the table lacks (a table kept as a project)."""
        if self.last_table and self._incomplete():
            self._report_truncated()
        else:
            self._report_missing()

    def _unit_row(self, row: Row) -> None:
        for cell in row.cells:
            m = UNIT_CELL_RE.match(squash(cell.text))
            if m:
                self._money_unit(m.group(1), cell)
            elif cell.text:
                if self.unit is not None:
                    self.notes.add(cell.line, f"单位行多出的单元格，未能保存：{quote(cell.text, None)}")
                    continue
                code_name = UNIT_CODE_RE.match(cell.text)
                if code_name:
                    self.unit = UnitRow(code_name.group(1), code_name.group(2).strip(), cell.line)
                else:
                    self.unit = UnitRow("", cell.text, cell.line)
                    self.notes.add(cell.line, f"单位名称前没有单位编码：{quote(cell.text)}，单位编码留空")

    def _money_unit(self, unit: str, cell: Cell) -> None:
        if unit == "元":
            return
        if unit == "万元":
            self.factor = WAN
            self.notes.add(cell.line, "本表金额单位为万元，已换算为元保存")
            return
        self.notes.add(cell.line, f"不认识的金额单位{quote(cell.text)}，金额按元保存")

    def _pairs(self, row: Row, start: int) -> None:
        """Cells as label, value, label, value …; the labels name Project fields."""
        cells = row.cells
        i = start
        while i < len(cells):
            label = squash(cells[i].text)
            name = PAIR_FIELDS.get(label)
            if name is None:
                if cells[i].text:
                    self.notes.add(cells[i].line, f"不认识的单元格，未能保存：{quote(cells[i].text, None)}")
                i += 1
                continue
            if i + 1 >= len(cells):
                self.notes.add(
                    cells[i].line, f"“{cells[i].text}”后面缺少数值单元格，{_project_label(name)}留空"
                )
                i += 1
                continue
            self._set_field(name, cells[i + 1])
            i += 2

    def _missing_amounts(self, row: Row) -> None:
        for name in AMOUNT_FIELDS:
            if name not in self.seen:
                self.notes.add(
                    row.line, f"预算行中没有“{_project_label(name)}”单元格，{_project_label(name)}留空"
                )

    def _set_field(self, name: str, cell: Cell) -> None:
        label = _project_label(name)
        if name in self.seen:
            self.notes.add(cell.line, f"{label}第二次出现，未能保存：{quote(cell.text, None)}")
            return
        self.seen.add(name)
        if name not in AMOUNT_FIELDS:
            self._continued(cell, label)
            setattr(self.project, name, cell.text)
            return
        if not cell.text:
            return  # blank cell: the amount stays blank (None), not zero
        amount = parse_amount(cell.text)
        if amount is None:
            self.notes.add(cell.line, f"{label}{quote(cell.text, None)}不是金额，已留空")
            return
        amount *= self.factor
        why = AMOUNT.problem(amount)  # the bounds the loader applies: kept only what can be saved
        if why:
            self.notes.add(cell.line, f"{label}{quote(cell.text)}无法保存：{why}；已留空")
            return
        setattr(self.project, name, amount)

    def _continued(self, cell: Cell, label: str) -> None:
        for line in cell.extra_lines:
            self.notes.add(line, f"这一行不以制表符开头，已作为上一单元格（{label}）的下一段保存")

    def _use(self, row: Row) -> None:
        cells = row.cells[1:]
        texts = [c.text for c in cells if c.text]
        if "use" in self.seen:
            self.notes.add(row.line, f"资金用途第二次出现，未能保存：{quote(row.preview(), None)}")
            return
        self.seen.add("use")
        for cell in cells:
            self._continued(cell, "资金用途")
        if len(texts) > 1:
            self.notes.add(row.line, f"资金用途行有 {len(texts)} 个非空单元格，已按顺序分行合并")
        self.project.use = "\n".join(texts)

    def _months(self, row: Row) -> list[int | None]:
        months: list[int | None] = []
        for cell in row.cells[1:]:
            m = MONTH_RE.match(squash(cell.text))
            month = int(m.group(1)) if m else None
            if month is None or month not in PLAN_MONTHS:
                self.notes.add(
                    cell.line, f"支出计划的月份{quote(cell.text)}不是 3月底/6月底/10月底/12月底，该列未能保存"
                )
                month = None
            months.append(month)
        return months

    def _plan_values(self, row: Row, months: list[int | None]) -> None:
        values = row.cells[1:]
        if len(values) != len(months):
            self.notes.add(
                row.line, f"支出计划有 {len(months)} 个月份，但比例行有 {len(values)} 个单元格；按顺序对应"
            )
        for index, cell in enumerate(values):
            if index >= len(months):
                if cell.text:
                    self.notes.add(cell.line, f"支出计划多出的比例，未能保存：{quote(cell.text, None)}")
                continue
            month = months[index]
            if month is None or not cell.text:
                if month is None and cell.text:
                    self.notes.add(cell.line, f"支出比例{quote(cell.text)}所在列的月份不认识，未能保存")
                continue  # blank cell: no figure for that month
            m = PERCENT_RE.match(squash(cell.text))
            if not m:
                self.notes.add(
                    cell.line, f"{month}月底的支出比例{quote(cell.text, None)}不是百分数，未能保存"
                )
                continue
            if month in self.project.plan:
                self.notes.add(cell.line, f"{month}月底的支出比例第二次出现，未能保存：{quote(cell.text)}")
                continue
            try:
                share = Decimal(m.group(1))
            except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
                self.notes.add(cell.line, f"{month}月底的支出比例{quote(cell.text)}不是数字，未能保存")
                continue
            why = PERCENT.problem(share)
            if why:
                self.notes.add(cell.line, f"{month}月底的支出比例{quote(cell.text)}{why}，未能保存")
                continue
            self.project.plan[month] = share

    def _goals(self, row: Row) -> None:
        if "goals" in self.seen:
            self.notes.add(row.line, "绩效目标第二次出现，接在前面的目标之后")
        self.seen.add("goals")
        texts = [(c.text, c.line) for c in row.cells[1:] if c.text]
        self.project.goals.extend(split_goals(texts, self.notes))

    def _header(self, row: Row) -> None:
        if self.header is not None:
            self.notes.add(row.line, "指标表头第二次出现，已忽略这一行")
            return
        header: list[str | None] = []
        for cell in row.cells:
            name = HEADER_FIELDS.get(squash(cell.text))
            if name is None:
                self.notes.add(cell.line, f"不认识的指标表头{quote(cell.text)}，该列内容将逐行提示")
            elif name in header:
                self.notes.add(cell.line, f"指标表头{quote(cell.text)}重复，该列内容将逐行提示")
                name = None
            header.append(name)
        missing = [WENBEN.label("indicator", f) for f in WENBEN.order("indicator") if f not in header]
        if missing:
            self.notes.add(row.line, f"指标表头缺少：{'、'.join(missing)}；这些列留空")
        self.header = header

    def _looks_like_indicator(self, row: Row, key: str) -> bool:
        if self.header is not None:
            return len(row.cells) >= 2
        known = key == "" or canonical_level1(key) in ("产出指标", "效益指标", "满意度指标", "成本指标")
        if known and len(row.cells) == len(STANDARD_HEADER):
            self.notes.add(row.line, "指标行前没有“一级指标 | 二级指标 | …”表头，按标准的六列读取")
            self.header = list(STANDARD_HEADER)
            return True
        return False

    def _indicator(self, row: Row) -> None:
        header = self.header or list(STANDARD_HEADER)
        cells = row.cells
        width = len(header)
        if len(cells) < width:
            truncated = self.last_table and row is self.draft.rows[-1]
            why = "表格在此中断，" if truncated else ""
            self.notes.add(
                row.last_line,
                f"{why}这一指标行只有 {len(cells)} 个单元格（应为 {width} 个），缺少的列留空",
            )
        elif len(cells) > width:
            for extra in cells[width:]:
                if extra.text:
                    self.notes.add(extra.line, f"指标行多出的单元格，未能保存：{quote(extra.text, None)}")
        indicators = self.project.indicators
        previous = indicators[-1] if indicators else None
        indicator = Indicator()
        for cell, name in zip(cells, header, strict=False):
            if name is None:
                if cell.text:
                    self.notes.add(cell.line, f"不认识的列中的内容，未能保存：{quote(cell.text, None)}")
                continue
            if cell.extra_lines:
                self._continued(cell, WENBEN.label("indicator", name))
            setattr(indicator, name, cell.text)
        if not indicator.level1:
            self._fill_merged(indicator, cells, header, previous, row)
        indicators.append(indicator)

    def _fill_merged(
        self,
        indicator: Indicator,
        cells: list[Cell],
        header: list[str | None],
        previous: Indicator | None,
        row: Row,
    ) -> None:
        """An empty 一级 cell is merged from the row above; so is a bare-TAB 二级 cell under it."""
        if indicator.level1:
            return
        if previous is None:
            self.notes.add(row.line, "第一条指标的一级指标为空，无法从上一行继承，留空")
            return
        indicator.level1 = previous.level1
        if "level2" not in header:
            return
        level2_cell = cells[header.index("level2")] if header.index("level2") < len(cells) else None
        if level2_cell is not None and level2_cell.merged and previous.level2:
            indicator.level2 = previous.level2
            self.notes.add(level2_cell.line, f"二级指标为合并单元格，已取上一行的“{previous.level2}”")

    # -- completeness -----------------------------------------------------------------

    def _name_from_title(self) -> None:
        title = self.draft.title
        name = title_name(title.text) if title is not None else None
        if title is None:
            self.notes.add(self.draft.line, "表格前没有“……绩效目标表”标题行")
        if title is None or name is None:
            return
        if not self.project.name and name:
            self.project.name = name
            if "name" not in self.seen:
                self.notes.add(title.line, f"表中没有“项目名称”单元格，项目名称取自标题：{quote(name)}")
        elif squash(name) != squash(self.project.name):
            self.notes.add(
                title.line,
                f"标题中的项目名称{quote(name)}与表中“项目名称”{quote(self.project.name)}不一致；已按表中名称保存",
            )

    def _incomplete(self) -> bool:
        indicators = self.project.indicators
        return not indicators or canonical_level1(indicators[-1].level1) != "满意度指标"

    def _report_truncated(self) -> None:
        rows = self.draft.rows
        last_line = rows[-1].last_line if rows else self.draft.line
        parts = self._missing_parts()
        present = {canonical_level1(i.level1) for i in self.project.indicators}
        if self.header is not None:
            parts += [name for name in FRAMEWORK_88.level1_names if name not in present]
        last = self.project.indicators[-1] if self.project.indicators else None
        where = f"（{last.level1}/{last.level2}/{last.name}）" if last else ""
        missing = f"，缺少{'、'.join(parts)}" if parts else ""
        self.notes.add(
            last_line,
            f"{self._called()}不完整，似在此处被截断：最后一行{where}之后再没有表格行{missing}；"
            f"已保留现有的 {len(self.project.indicators)} 条指标，未补造缺失的行",
        )

    def _missing_parts(self) -> list[str]:
        parts = [] if self.project.name else ["项目名称"]
        for key, label in (
            ("code", "项目编码"),
            ("budget_row", "预算规模及资金用途"),
            ("plan", "资金支出计划（%）"),
            ("goals", "绩效目标"),
        ):
            if key not in self.seen:
                parts.append(label)
        if self.header is None:
            parts.append("指标表")
        return parts

    def _called(self) -> str:
        return f"“{self.project.name}”表" if self.project.name else "这张没有项目名称的表"

    def _report_missing(self) -> None:
        for part in self._missing_parts():
            self.notes.add(self.draft.line, f"{self._called()}中没有“{part}”，相应内容留空")


def _project_label(name: str) -> str:
    """The declared label of a project field, as the sample's form words it in messages."""
    return field_map(Project)[name].label

