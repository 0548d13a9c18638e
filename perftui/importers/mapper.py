"""Grids of any official form (other than the sample's, see perftui.importers.wenben) into
a Document, by the form's labels (perftui.importers.vocab), wherever they sit.

Layout families, all read by the same walk over the source's blocks in order:

- **label/value blocks** (项目名称 | … | 实施单位 | …): a label's value is the next cell to
  its right, or, when that is a label too, the cell below it (``中期目标 | 年度目标`` over
  their texts). Labels over a block of rows (项目资金, 总体目标) are structure. A label
  printed twice for two fields (88号's 其中：财政拨款 for 中期, then 年度) names them in order.
- **tables by their header row**: a row with three or more column labels starts a table
  (indicators; the 整体 form's 年度履职目标; 湖北's 项目预算成本构成); each later row is a
  record, a cell merged down (一级指标, 二级指标) counting in every row it covers, until a
  row that starts with a label of the form again.
- **one row per indicator** (四川 一体化 export): the same header row also holds 单位名称,
  项目名称, 预算数, 年度目标; a new project starts where the project cell starts (merged
  cells) or changes (repeated cells). 指标性质 is joined to 指标值 (``≥`` + ``95``), 度量单位
  stays in ``unit`` (docs/format.md).
- **the department** (整体支出): unit, budget totals, goal and duties go to the document's
  unit and ``overall``; its indicators to ``overall.indicators``.

Amounts: a bare number is in the form's unit (the profile's, or the one a ``单位：万元`` /
``(万元)`` in the table states); a number written with its unit keeps it. Every cell in a
typed field is read through its kind (perftui.kinds) and kept only as read; what cannot be
read is left blank with a notice. Every non-blank cell and paragraph is placed or reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from perftui.fields import LINES, SCALAR, TEXTS, field_of
from perftui.forms import SCOPES, Profile
from perftui.frameworks import canonical_level1
from perftui.importers.grids import Cell, Grid, Paragraph, Source
from perftui.importers.lines import continuation_title
from perftui.importers.notes import Notices, quote
from perftui.importers.table import split_goals
from perftui.importers.vocab import (
    BLANK_SIGNATURES_RE,
    GROUP,
    INLINE_LABEL_RE,
    MONEY_STATEMENT_RE,
    SEAL_RE,
    TABLE_SCOPES,
    UNIT_IN_LABEL_RE,
    UNIT_YEAR_RE,
    Target,
    Vocabulary,
    label_key,
)
from perftui.importers.wenben import derived_sheet
from perftui.kinds import AMOUNT, CODE, PERCENT, YEAR
from perftui.model import Cost, Document, Indicator, Project, Task

YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
UNIT_CODE_NAME_RE = re.compile(r"^\[?(\d{3,})\]?\s*[-－—_]?\s*(\S.*)$", re.S)
SIGNS = frozenset("≥≤=＝>＜<＞≧≦")
TOTAL_WORDS = frozenset({"合计", "总计", "小计"})
# A project code of the budget system's usual shape (domain.md §5), as prose cites it.
PROJECT_CODE_RE = re.compile(r"(?<![0-9A-Za-z])(\d{8}[A-Z][0-9A-Z]{12})(?![0-9A-Za-z])")
# A header row needs this many column labels of one table.
MIN_HEADER = 3
# Words of a title line above or atop a form (a year line, the form's name).
TITLE_WORDS = ("绩效目标", "目标表", "申报表", "审批表", "批复表", "年度")
GOAL_NUMBER_RE = re.compile(r"^\s*(?:\d+\s*[.．、)）]|目标\s*\d+\s*[:：])")


@dataclass
class _Table:
    scope: str  # indicator / task / cost / rows
    columns: dict[int, str]  # grid column -> target
    unknown: dict[int, str]  # grid column -> header text of a column no field takes
    units: dict[int, str]  # grid column -> money unit its header states
    grid: Grid
    header_row: int


@dataclass
class Result:
    doc: Document
    notes: Notices
    projects_started: int = 0
    tables: list[str] = field(default_factory=list)


class Mapper:
    def __init__(self, source: Source, vocab: Vocabulary, notes: Notices):
        self.source = source
        self.vocab = vocab
        self.profile: Profile = vocab.profile
        self.notes = notes
        self.doc = Document(form=self.profile.key)
        self.doc.framework = self.profile.frameworks[0]
        self.money = self.profile.money  # the unit bare amounts are in
        self.project: Project | None = None
        self.seen: dict[str, int] = {}  # label key -> times seen in the current record
        self.filled: set[str] = set()  # targets already given a value in the current project
        self.table: _Table | None = None
        self.department = self.profile.has("overall", "indicators") and not self.profile.fields.get("project")
        self.year_place: int | None = None
        self.prose_codes: list[tuple[str, int]] = []  # project codes named in paragraphs
        self.first_texts: dict[str, str] = {}  # rows sheet: the project cells of its first row

    # -- walk ---------------------------------------------------------------------------

    def run(self) -> Document:
        for block in self.source.blocks:
            if isinstance(block, Paragraph):
                self.table = None
                self.paragraph(block.text, block.place)
            else:
                self.table = None
                self.grid(block)
        self._finish()
        return self.doc

    def paragraph(self, text: str, place: int) -> None:
        if self._statement(text, place):
            return
        if self._title(text, place):
            return
        self._unplaced(place, text, f"表格外的文字，未能归入任何栏目：{quote(text, None)}")

    def _unplaced(self, place: int, text: str, message: str) -> None:
        """A text no field takes: said with its place; a project code cited in it is noted."""
        self.notes.add(place, message)
        for code in PROJECT_CODE_RE.findall(text):
            self.prose_codes.append((code, place))

    def _statement(self, text: str, place: int) -> bool:
        """A money-unit statement or an inline ``预算单位:…`` (whole text consumed)."""
        if BLANK_SIGNATURES_RE.match(text):
            return True
        year = UNIT_YEAR_RE.fullmatch(text.strip())
        if year:  # （2019年度） on a line of its own
            self._year(int(year.group(1)), place)
            return True
        money = MONEY_STATEMENT_RE.search(text)
        inline = INLINE_LABEL_RE.match(text.strip())
        if money:
            self._money(money.group(1), place)
            rest = (text[: money.start()] + text[money.end() :]).strip()
            inline = INLINE_LABEL_RE.match(rest)
            if rest and not inline:
                self.notes.add(place, f"金额单位之外的文字未导入：{quote(rest, None)}")
                return True
        if inline:
            value = inline.group(2).strip()
            year = UNIT_YEAR_RE.search(value)
            if year:  # 预算单位：武汉市青山区教育局　（2020年度）
                self._year(int(year.group(1)), place)
                value = value[: year.start()].strip()
            if SEAL_RE.search(value) and SEAL_RE.sub("", value).strip():  # 填报单位：××（盖章）
                value = SEAL_RE.sub("", value).strip()
            if value and not value.startswith(("(盖章)", "（盖章）")):
                self._unit_name(value, place)
            elif value:
                self.notes.add(place, f"“{inline.group(1)}”后面是盖章处，不是单位名称，未导入：{quote(value)}")
            return True
        return bool(money)

    def _title(self, text: str, place: int) -> bool:
        """A title or year line: it gives the year (and is otherwise structure)."""
        flat = "".join(text.split())
        if len(flat) > 120 or not any(w in flat for w in TITLE_WORDS):
            return False
        m = YEAR_RE.search(flat)
        if m:
            self._year(int(m.group(1)), place)
        return True

    def _year(self, year: int, place: int) -> None:
        if not self.doc.unit.year and not YEAR.problem(year):
            self.doc.unit.year = year
            self.year_place = place

    def _money(self, unit: str, place: int) -> None:
        if unit != self.money:
            self.notes.add(place, f"本表金额单位为{unit}（表样通常用{self.profile.money}），已按{unit}换算为元保存")
        self.money = unit

    # -- grids --------------------------------------------------------------------------

    def grid(self, grid: Grid) -> None:
        derived = derived_sheet(grid)
        if derived:  # perftui's own summary or findings sheet: derived from the forms' sheets
            first = next((c for row in grid.rows for c in row if c is not None), None)
            self.notes.add(first.place if first else None,
                           f"工作表“{grid.name}”是{derived}表，由各项目表得出，未重复导入")
            return
        consumed: set[int] = set()  # ids of cells already read as a value (e.g. below their label)
        for r in range(len(grid.rows)):
            cells = list(grid.distinct(r))
            anchors = [c for c, above in cells if not above]
            if not any(c.text for c, _ in cells):
                if not any(above for _, above in cells):
                    self.table = None  # a blank row ends a table
                continue
            if self.table is not None and continuation_title([c.text for c in anchors]):
                self._page_top = True  # a printed page's repeated title: the table goes on
                continue
            header = self._header(grid, r, anchors)
            if header is not None:
                self.table = header
                continue
            if self.table is not None and self.table.grid is grid:
                first = next((c for c in anchors if c.text), None)
                label = self.vocab.label(first.text) if first is not None else None
                if first is None or label is None or label == GROUP or self.table.scope == "rows":
                    self._record(grid, r, cells)
                    continue
                self.table = None
            self._block_row(grid, r, anchors, consumed)

    def _header(self, grid: Grid, r: int, anchors: list[Cell]) -> _Table | None:
        columns: dict[int, str] = {}
        unknown: dict[int, str] = {}
        units: dict[int, str] = {}
        counts: dict[str, int] = {}
        scopes: dict[str, int] = {}
        seen: dict[str, int] = {}
        at = {cell.col: cell for cell in anchors}  # the header's cells by column
        for cell in anchors:
            if not cell.text:
                continue
            target = self.vocab.column(cell.text)
            if target is None or target == GROUP:
                block = self.vocab.label(cell.text)
                if block not in (None, GROUP) and isinstance(block, str) and block.split(".")[0] in ("unit", "project"):
                    target = block
                elif target == GROUP:
                    continue
                else:
                    unknown[cell.col] = cell.text
                    continue
            key = label_key(cell.text)
            if isinstance(target, tuple):
                # Printed twice (中期, then 年度): in order; printed once: the 年度 one.
                times = sum(1 for a in anchors if a.text and label_key(a.text) == key)
                n = seen.get(key, 0)
                seen[key] = n + 1
                if n >= len(target):
                    unknown[cell.col] = cell.text
                    continue
                target = target[n] if times > 1 else target[-1]
            columns[cell.col] = target
            unit = UNIT_IN_LABEL_RE.search(cell.text)
            if unit:
                units[cell.col] = unit.group(1)
            scope = target.split(".")[0]
            counts[target] = counts.get(target, 0) + 1
            scopes[scope] = scopes.get(scope, 0) + 1
        actual = sorted((c for c, t in columns.items() if t == "cost.actual"),
                        key=lambda c: label_key(at[c].text))
        if actual and not self.doc.unit.year:
            last = int(label_key(at[actual[-1]].text)[:4])
            if not YEAR.problem(last + 1):
                self.doc.unit.year = last + 1
                self.notes.add(at[actual[-1]].place,
                               f"文中没有年度；“{at[actual[-1]].text}”是上一年的实际数，年度记为 {last + 1}")
        for n, col in enumerate(actual):
            columns[col] = ("cost.actual1", "cost.actual2")[n] if n < 2 else "cost.actual"
        table_labels = {s: n for s, n in scopes.items() if s in TABLE_SCOPES}
        if not table_labels or max(table_labels.values()) < MIN_HEADER:
            return None
        scope = max(table_labels, key=lambda s: table_labels[s])
        if scope == "indicator" and scopes.get("project", 0) + scopes.get("unit", 0) >= 2:
            scope = "rows"
        for col, target in columns.items():
            if counts.get(target, 0) > 1:
                self.notes.add(at[col].place, f"表头“{at[col].text}”重复，以第一列为准")
        kept: dict[int, str] = {}
        taken: set[str] = set()
        for col in sorted(columns):
            target = columns[col]
            if target in taken:
                unknown[col] = at[col].text
                continue
            taken.add(target)
            kept[col] = target
        for col, text in unknown.items():
            self.notes.add(at[col].place, f"不认识的表头{quote(text)}：这一列的内容逐格提示，未导入")
        return _Table(scope, kept, unknown, units, grid, r)

    # -- label/value rows ---------------------------------------------------------------

    def _block_row(self, grid: Grid, r: int, anchors: list[Cell], consumed: set[int]) -> None:
        texts = [c for c in anchors if c.text and id(c) not in consumed]
        if len(texts) == 1 and self.vocab.label(texts[0].text) is None:
            cell = texts[0]
            if self._statement(cell.text, cell.place) or self._title(cell.text, cell.place):
                return
        i = 0
        while i < len(anchors):
            cell = anchors[i]
            i += 1
            if not cell.text or id(cell) in consumed:
                continue
            if self._statement(cell.text, cell.place):
                continue
            target = self.vocab.label(cell.text)
            inline = None
            if target is None:
                head, colon, rest = cell.text.replace("：", ":").partition(":")
                target = self.vocab.label(head) if colon and head.strip() else None
                if target is None or target == GROUP:
                    self._unplaced(cell.place, cell.text, f"不认识的单元格，未能导入：{quote(cell.text, None)}")
                    continue
                if rest.strip():  # 项目名称：社区服务项目 — label and value in one cell
                    inline = Cell(cell.text[len(head) + 1 :].strip(), cell.place, cell.row, cell.col)
            unit = UNIT_IN_LABEL_RE.search(cell.text)
            if target == GROUP:
                if unit:
                    self._money(unit.group(1), cell.place)
                continue
            target = self._by_order(cell, target)
            if target is None:
                continue
            if inline is not None:
                self.assign(target, inline, unit.group(1) if unit else None)
                continue
            value = None
            right = anchors[i] if i < len(anchors) else None
            if right is not None and right.text and self.vocab.label(right.text) is None:
                value = right
                i += 1
            else:
                # A blank cell right of it is its (blank) value, unless the text is below it
                # (中期目标 | 年度目标 over their texts; a sheet's blank columns right of a form).
                value = self._below(grid, r, cell)
                if (value is None or not value.text) and right is not None and not right.text:
                    value = right
                    i += 1
            if value is None:
                self.notes.add(cell.place, f"“{cell.text}”旁边和下面都没有填写内容的单元格，{self._label(target)}留空")
                self._start(target, cell)
                continue
            consumed.add(id(value))
            self.assign(target, value, unit.group(1) if unit else None)

    def _by_order(self, cell: Cell, target: Target) -> str | None:
        if isinstance(target, str):
            return target
        key = label_key(cell.text)
        n = self.seen.get(key, 0)
        self.seen[key] = n + 1
        if n < len(target):
            return target[n]
        self.notes.add(cell.place, f"“{cell.text}”出现了 {n + 1} 次，多出的一次未导入")
        return None

    def _below(self, grid: Grid, r: int, label: Cell) -> Cell | None:
        last = label.row + label.rowspan
        if last >= len(grid.rows):
            return None
        below = grid.cell(last, label.col)
        if below is None or below.row != last or below.col != label.col:
            return None
        if below.text and (self.vocab.label(below.text) is not None or BLANK_SIGNATURES_RE.match(below.text)):
            return None
        return below

    # -- fields -------------------------------------------------------------------------

    def _label(self, target: str) -> str:
        scope, key = target.split(".", 1)
        return self.profile.label(scope, key, self.doc.unit.year) if key != "sign" else "指标性质"

    def _start(self, target: str, cell: Cell) -> None:
        """A project name label starts a new project when the current one has a name."""
        if target == "project.name" and self.project is not None and self.project.name:
            self.project = None
        if target.startswith("project.") and self.project is None:
            self.project = Project()
            self.doc.projects.append(self.project)
            self.seen = {label_key(cell.text): 1} if target != "project.name" else {}
            self.filled = set()

    def assign(self, target: str, cell: Cell, unit: str | None = None) -> None:
        self._start(target, cell)
        scope, key = target.split(".", 1)
        record = {"unit": self.doc.unit, "overall": self.doc.overall}.get(scope, self.project)
        if record is None:  # pragma: no cover - _start made the project
            return
        if target in self.filled and cell.text:
            self.notes.add(cell.place, f"{self._label(target)}第二次出现，未能导入：{quote(cell.text, None)}")
            return
        if cell.text:
            self.filled.add(target)
        if target == "unit.name":
            self._unit_name(cell.text, cell.place)
            return
        value = self.read(SCOPES[scope], key, cell, unit)
        if value is not _REFUSED:
            setattr(record, key, value)

    def read(self, cls: type, key: str, cell: Cell, unit: str | None = None):
        """The value of ``cell`` for field ``cls.key``, read through its kind; _REFUSED (with a
        notice) when it cannot be kept."""
        f = field_of(cls, key)
        if f is None:  # pragma: no cover - vocabularies name declared fields only
            return _REFUSED
        text = cell.text
        if f.shape == TEXTS:
            return _goals(text, cell.place, self.notes)
        if f.shape == LINES or (f.shape == SCALAR and f.kind.key == "text"):
            return text
        if f.kind is AMOUNT:
            reading = AMOUNT.read(text, unit=unit or self.money)
        elif f.kind is PERCENT and cell.percent and cell.number is not None:
            reading = PERCENT.read(text)
        else:
            reading = f.kind.read(text)
        if not reading.ok:
            self.notes.add(cell.place, f"{self._label_of(cls, key)}{quote(text, None)}无法读取：{reading.error}；已留空")
            return _REFUSED
        if f.kind is CODE and reading.value != text and text.strip() != reading.value:
            self.notes.add(cell.place, f"{self._label_of(cls, key)}{quote(text)}按 {reading.value} 保存")
        return reading.value

    def _label_of(self, cls: type, key: str) -> str:
        scope = next(s for s, c in SCOPES.items() if c is cls)
        return self.profile.label(scope, key, self.doc.unit.year)

    def _unit_name(self, text: str, place: int | None) -> None:
        code, name = "", text.strip()
        m = UNIT_CODE_NAME_RE.match(name)
        if m:
            code, name = m.group(1), m.group(2).strip()
        unit = self.doc.unit
        if unit.name and (name, code or unit.code) != (unit.name, unit.code):
            self.notes.add(
                place,
                f"又一个单位{quote(text)}，与前面的单位{quote(unit.code + unit.name)}不同；一个数据文件只存一个单位，"
                "这些行仍按前面的单位导入",
            )
            return
        unit.name = name
        if code and not unit.code:
            unit.code = code

    # -- table rows ---------------------------------------------------------------------

    def _record(self, grid: Grid, r: int, cells: list[tuple[Cell, bool]]) -> None:
        table = self.table
        assert table is not None
        values: dict[str, Cell] = {}
        placed: set[int] = set()
        for col, target in table.columns.items():
            cell = grid.cell(r, col)
            if cell is None or cell.col != col:
                continue  # no cell, or covered by a cell spanning from the left
            values[target] = cell
            placed.add(id(cell))
        for col, header in table.unknown.items():
            cell = grid.cell(r, col)
            if cell is not None and cell.row == r and cell.col == col and cell.text:
                self.notes.add(cell.place, f"“{header}”列的内容未能导入：{quote(cell.text, None)}")
                placed.add(id(cell))
        for cell, above in cells:
            if not above and cell.text and id(cell) not in placed:
                self.notes.add(cell.place, f"表头之外的单元格，未能导入：{quote(cell.text, None)}")
        if table.scope == "rows":
            self._indicator_row(values, r)
            return
        self._page_top = False
        if not any(c.text for c in values.values()):
            return
        if table.scope == "indicator":
            self._indicator(values, r)
        elif table.scope == "task":
            self._task(values)
        else:
            self._cost(values)

    def _indicator(self, values: dict[str, Cell], r: int) -> Indicator | None:
        indicator = Indicator()
        sign = ""
        for target, cell in values.items():
            scope, key = target.split(".", 1)
            if scope != "indicator":
                continue
            if key == "sign":
                sign = cell.text
                continue
            if key == "points":
                value = self.read(Indicator, key, cell)
                if value is not _REFUSED:
                    indicator.points = value
                continue
            setattr(indicator, key, cell.text)
        if not any(getattr(indicator, k) for k in ("level1", "level2", "name", "value")) and not sign:
            return None
        if sign:
            if sign in SIGNS or all(ch in SIGNS for ch in sign):
                indicator.value = sign + indicator.value
            elif sign in ("定性", "定量"):
                indicator.value_type = sign
            else:
                cell = values["indicator.sign"]
                self.notes.add(cell.place, f"指标性质{quote(sign)}不是 ≥ ≤ = > < 或 定性/定量，未能导入")
        if self.department:
            self.doc.overall.indicators.append(indicator)
        else:
            if self.project is None:
                self.project = Project()
                self.doc.projects.append(self.project)
                self.filled = set()
            self.project.indicators.append(indicator)
        return indicator

    def _indicator_row(self, values: dict[str, Cell], r: int) -> None:
        """One row of the one-row-per-indicator sheet."""
        unit_cell = values.get("unit.name")
        name_cell = values.get("project.name")
        indicator_cells = [c for t, c in values.items() if t.startswith("indicator.") and c.text]
        if unit_cell is not None and unit_cell.row == r and unit_cell.text:
            named = name_cell is not None and name_cell.text and not AMOUNT.read(name_cell.text).ok
            if not indicator_cells and not named:
                rest = [c.text for t, c in values.items() if t != "unit.name" and c.text and c.row == r]
                self.notes.add(
                    unit_cell.place,
                    f"部门或单位的合计行{quote(unit_cell.text)}{('（' + '、'.join(rest) + '）') if rest else ''}"
                    "不是项目，未作为项目导入",
                )
                return
            self._unit_name(unit_cell.text, unit_cell.place)
        if name_cell is not None and name_cell.text:
            starts = name_cell.row == r and (self.project is None or name_cell.text != self.project.name
                                             or name_cell.rowspan > 1 or self._merged_project)
            if starts and self._page_top and self._same_project(values):
                starts = False  # its merged cells printed again atop the next page: the same project
            if starts:
                self._merged_project = name_cell.rowspan > 1
                self.project = Project()
                self.doc.projects.append(self.project)
                self.filled = set()
                self.first_texts = {}
                self.project.name = name_cell.text
                for target in ("project.budget", "project.goals", "project.code"):
                    cell = values.get(target)
                    if cell is not None and cell.text:
                        self.first_texts[target] = cell.text
                        self.assign(target, cell, self.table.units.get(cell.col) if self.table else None)
            else:  # a later row of the same project repeats its cells: they must say the same
                for target in ("project.budget", "project.goals"):
                    cell = values.get(target)
                    if cell is not None and cell.row == r and cell.text and cell.text != self.first_texts.get(target):
                        self.notes.add(cell.place, f"同一项目的{self._label(target)}与第一行不同，未导入：{quote(cell.text, None)}")
        self._page_top = False
        if indicator_cells:
            self._indicator(values, r)

    _merged_project = False
    _page_top = False  # the rows since a continuation page's title are that page's first

    def _same_project(self, values: dict[str, Cell]) -> bool:
        """The row names the project being read (name, and code where the sheet has one)."""
        if self.project is None:
            return False
        code = values.get("project.code")
        return values["project.name"].text == self.project.name and (
            code is None or not code.text or code.text == self.project.code)

    def _task(self, values: dict[str, Cell]) -> None:
        task = Task()
        for target, cell in values.items():
            key = target.split(".", 1)[1]
            if key == "amount":
                value = self.read(Task, key, cell, self.table.units.get(cell.col) if self.table else None)
                if value is not _REFUSED:
                    task.amount = value
            elif target.startswith("task."):
                setattr(task, key, cell.text)
        self.doc.overall.tasks.append(task)

    def _cost(self, values: dict[str, Cell]) -> None:
        cost = Cost()
        item = values.get("cost.item")
        for target, cell in values.items():
            key = target.split(".", 1)[1]
            if key in ("amount", "actual1", "actual2"):
                value = self.read(Cost, key, cell)
                if value is not _REFUSED:
                    setattr(cost, key, value)
            elif key in ("item", "basis"):
                setattr(cost, key, cell.text)
        if item is not None and "".join(item.text.split()) in TOTAL_WORDS:
            self._total(cost, item)
            return
        if self.project is None:
            self.project = Project()
            self.doc.projects.append(self.project)
        self.project.costs.append(cost)

    def _total(self, total: Cost, cell: Cell) -> None:
        """A 合计 row is kept as the form prints it (a data file has no field for the total),
        after checking it against the items above it."""
        costs = self.project.costs if self.project is not None else []
        parts = []
        for key in ("amount", "actual1", "actual2"):
            given = getattr(total, key)
            if given is None:
                continue
            found = sum((getattr(c, key) or 0 for c in costs), start=type(given)(0))
            label = self._label_of(Cost, key)
            if found != given:
                parts.append(f"{label}合计 {given:.2f} 元与各项之和 {found:.2f} 元不符")
            else:
                parts.append(f"{label}合计 {given:.2f} 元与各项之和一致")
        self.notes.add(cell.place, f"“{cell.text}”行照录为一个成本项目（{'；'.join(parts)}）")
        if self.project is not None:
            self.project.costs.append(total)

    # -- the end ------------------------------------------------------------------------

    def _finish(self) -> None:
        doc = self.doc
        if not doc.unit.year:
            for p in doc.projects:
                if p.period:
                    m = YEAR_RE.search(p.period) or re.search(r"((?:19|20)\d\d)", p.period)
                    if m:
                        doc.unit.year = int(m.group(1))
                        self.notes.add(None, f"文中没有年度，年度取自{self._label('project.period')}：{doc.unit.year}")
                        break
        if not doc.unit.year:
            self.notes.add(None, "文中没有年度（如“2023年度”），年度记为 0，请手工填写")
        if not doc.unit.name and doc.projects:
            first = doc.projects[0]
            for key in ("dept", "implementer"):
                given = getattr(first, key)
                if given:
                    self._unit_name(given, None)
                    self.notes.add(None, f"表上没有“预算单位”：单位取自{self._label('project.' + key)}“{given}”")
                    break
        if not doc.unit.name:
            self.notes.add(None, "文中没有单位名称（如“预算单位：××”），单位名称留空，请手工填写")
        elif not doc.unit.code:  # [015001]武汉市青山区教育局 as 主管部门及代码 names the unit's code
            for p in doc.projects:
                m = UNIT_CODE_NAME_RE.match(p.dept.strip())
                if m and m.group(2).strip() == doc.unit.name:
                    doc.unit.code = m.group(1)
                    break
        codes = sorted({c for c, _ in self.prose_codes})
        uncoded = [p for p in doc.projects if not p.code]
        if len(codes) == 1 and len(uncoded) == 1 and len(doc.projects) == 1:
            code, place = self.prose_codes[0]
            uncoded[0].code = code
            self.notes.add(place, f"项目编码 {code} 取自表格外的正文（表中没有项目编码一栏）")
        allowed = self.profile.frameworks
        if "101号" in allowed and len(allowed) > 1:
            indicators = [i for p in doc.projects for i in p.indicators] + doc.overall.indicators
            if any(canonical_level1(_undecorated(i.level1)) == "成本指标" for i in indicators):
                doc.framework = "101号"
        if self.doc.form == "绩效文本":
            self.doc.form = ""


_REFUSED = object()
_LEVEL1_DECORATION = re.compile(r"\s*[(（][^()（）]*[)）]\s*分?\s*$")


def _undecorated(level1: str) -> str:
    """``成本指标(0-20)分`` -> ``成本指标``; ``产出指标\\n(40-50)分`` -> ``产出指标``."""
    return _LEVEL1_DECORATION.sub("", level1.strip()).strip()


def _goals(text: str, place: int, notes: Notices) -> list[str]:
    """A goals cell: numbered items (1. 2. …) split without their numbers, else one goal."""
    if not text:
        return []
    if GOAL_NUMBER_RE.match(text) and not text.lstrip().startswith("目标"):
        return split_goals([(text, place)], notes)
    return [text]


def map_source(source: Source, vocab: Vocabulary, notes: Notices) -> Document:
    return Mapper(source, vocab, notes).run()
