"""A small declarative language for printed forms, and the one engine that draws it.

A form is described once (perftui.layout.official) as its column widths and a list of
blocks: lines above the table, rows of labelled fields, a label spanning a group of rows,
the spending plan, the goals, the indicator table with its columns and merges, the cost
and duty tables. :func:`build` turns a description into a :class:`~perftui.layout.grid.Grid`
for one project (or the department, or every project at once); the workbook, the Word
document and the terminal preview all draw that grid. Field labels always come from the
profile (``profile.label``); a description names only the form's own texts (group labels
such as 预算规模及资金用途), and amounts print in the profile's money unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perftui.fields import field_of
from perftui.forms import SCOPES, Profile
from perftui.layout.grid import (
    AMOUNT,
    HEADER,
    LABEL,
    NUMBER,
    PERCENT,
    TEXT,
    TITLE,
    UNIT,
    UNIT_NOTE,
    Cell,
    Column,
    Grid,
)
from perftui.model import PLAN_MONTHS, Document, Indicator, Project
from perftui.money import format_amount, format_grouped, plain_number, quantize

# The description's records below are plain dataclasses without generated comparison or repr
# (a frozen dataclass costs several times as much to define, and the CLI imports this module).

WAN = Decimal(10000)
# 万元 print with the decimals they need, at most six (one 元 is 0.0001 万元; cents need six).
WAN_PLACES = Decimal("0.000001")
MONTH_LABELS: dict[int, str] = {m: f"{m}月底" for m in PLAN_MONTHS}


# ----- the description ------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Put:
    """A field in a row: its label cell (``label`` columns, 0 for none) then its value."""

    scope: str  # unit, overall or project
    key: str
    label: int = 1
    value: int = 1
    money_in_label: bool = False  # the label names the money unit: 下达中央预算内投资（万元）
    suffix: str = ""  # printed after a figure: 10分


@dataclass(eq=False, repr=False)
class Say:
    """A text the form itself prints (a label that is no field, or a blank cell)."""

    text: str
    span: int = 1
    kind: str = LABEL


@dataclass(eq=False, repr=False)
class Fields:
    """One bordered row of fields and texts, left to right."""

    items: tuple[Put | Say, ...]


@dataclass(eq=False, repr=False)
class Stack:
    """Labels in one row and the values below them (总体目标: 中期目标 | 年度目标)."""

    items: tuple[Put, ...]


@dataclass(eq=False, repr=False)
class Plan:
    """The spending plan: the months in one row, their cumulative percentages below."""

    spans: tuple[int, ...]


@dataclass(eq=False, repr=False)
class Goals:
    """A labelled text field spanning the row; long text continues on further rows."""

    scope: str
    key: str
    span: int  # columns of the text
    numbered: bool = False  # a list of goals prints numbered (1.…) as the sample does
    label: str = ""  # the form's own label, when it is no field label
    optional: bool = False  # left out when blank (a field some documents of the form do not print)


@dataclass(eq=False, repr=False)
class Group:
    """A label in the first column spanning the rows of ``rows`` (预算规模及资金用途)."""

    label: str | Callable[[Context], str]
    rows: tuple[Any, ...]


@dataclass(eq=False, repr=False)
class Line:
    """A line outside the table: ``left`` and ``right`` templates (see :class:`Context`)."""

    left: str
    right: str = ""
    left_span: int = 0  # 0: the columns up to the right part
    right_span: int = 0
    kind: str = UNIT
    role: str = "unit"


@dataclass(eq=False, repr=False)
class Title:
    """A table title built from the project's fields."""

    template: str


@dataclass(eq=False, repr=False)
class Column_:
    """An indicator column: a field of the indicator and the grid columns it covers."""

    key: str
    span: int = 1
    split: str = ""  # "sign" / "number" / "unit": one part of the value (四川: 指标性质 | 指标值 | 度量单位)
    label: str = ""  # the form's own heading, when the column is no field


@dataclass(eq=False, repr=False)
class Indicators:
    """The indicator block of a form: its columns and which merge down."""

    columns: tuple[Column_, ...]
    merge: tuple[str, ...] = ("level1",)  # columns merged down over equal neighbours
    lead: str | Callable[[Context], str] = ""  # a label left of the table, spanning it (绩效指标)
    points_in_level1: bool = False  # 101号: 成本指标(0-20)分
    table_break: bool = False  # a Word document starts a new table here
    scope: str = "project"  # or "overall": the department's indicators


@dataclass(eq=False, repr=False)
class Records:
    """A table of records (成本构成, 年度履职目标): a heading row and one row per record."""

    scope: str  # the record scope in the profile (cost, task)
    source: str  # attribute of the project / overall holding the list
    spans: tuple[int, ...]
    total: str = ""  # a last row with this label and the sum of each amount column


@dataclass(eq=False, repr=False)
class ProjectRows:
    """One row per indicator of every project (四川): unit, project, budget and goal cells
    merged down over their rows, then the indicator's own columns."""

    lead: tuple[tuple[str, str], ...]  # (scope, key) of the merged cells: unit.name, project.name…
    columns: tuple[Column_, ...]


@dataclass(eq=False, repr=False)
class Form:
    """The printed layout of one official form."""

    key: str  # the layout's name (Profile.layout)
    widths: tuple[float, ...]  # spreadsheet units of each grid column
    blocks: tuple[Any, ...]
    subject: str = "project"  # project: a grid per project; department: one; all: one for all projects
    landscape: bool = False
    title: str = ""  # how a document of this form is titled (templates of Context)


# ----- the engine -----------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Context:
    """What building a grid reads: the document, its profile and the project."""

    doc: Document
    profile: Profile
    project: Project | None = None
    number: int = 0  # the project's running number in the document

    @property
    def year(self) -> int:
        return self.doc.unit.year

    def values(self) -> dict[str, Any]:
        p = self.project
        name = p.name if p is not None else ""
        form = self.profile.title
        # 项目名称 ending in 项目 and a form title starting with it: say 项目 once.
        joined = name + (form[2:] if name.endswith("项目") and form.startswith("项目") else form)
        return {
            "unit": self.doc.unit.name,
            "unit_code": self.doc.unit.code,
            "unit_line": f"{self.doc.unit.code}{self.doc.unit.name}",
            "year": self.year or "",
            "project": name,
            "form": form,
            "project_form": joined,
            "n": self.number,
            "money": self.profile.money,
        }

    def fill(self, template: str) -> str:
        return template.format(**self.values())

    def record(self, scope: str) -> Any:
        if scope == "unit":
            return self.doc.unit
        if scope == "overall":
            return self.doc.overall
        return self.project

    def label(self, scope: str, key: str) -> str:
        return self.profile.label(scope, key, self.year)


def money_number(profile: Profile, amount: Decimal | None) -> Decimal | None:
    """An amount (元, as files hold it) in the form's money unit."""
    if amount is None:
        return None
    if profile.money == "万元":
        return (amount / WAN).quantize(WAN_PLACES).normalize()
    return quantize(amount)


def money_text(profile: Profile, amount: Decimal | None) -> str:
    number = money_number(profile, amount)
    if number is None:
        return ""
    return plain_number(number) if profile.money == "万元" else format_amount(number)


def money_cell(profile: Profile, amount: Decimal | None, col: int, span: int = 1, *, grouped: bool = False) -> Cell:
    number = money_number(profile, amount)
    if profile.money == "万元":
        text = "" if number is None else plain_number(number)
        places = _decimals(number) if number is not None else 0
        fmt = "0" if not places else "0." + "0" * places
        return Cell(text, AMOUNT, col, span, number=number, fmt=fmt)
    if grouped:
        return Cell(format_grouped(amount), AMOUNT, col, span, number=number, fmt="#,##0.00")
    return Cell(format_amount(amount), AMOUNT, col, span, number=number)


def _decimals(number: Decimal) -> int:
    """Digits after the point of a finite Decimal (the exponent is a letter only for NaN and infinity)."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(-exponent, 0)


def format_percent(value: Decimal | None) -> str:
    """30 -> ``30%``; 33.50 -> ``33.5%``; None -> blank."""
    if value is None:
        return ""
    return f"{plain_number(value)}%"


def value_cell(ctx: Context, scope: str, key: str, col: int, span: int, suffix: str = "") -> Cell:
    """The value of a field as its form prints it."""
    record = ctx.record(scope)
    value = getattr(record, key) if record is not None else None
    f = field_of(SCOPES[scope], key)
    kind = f.kind.key if f is not None else "text"
    if kind == "amount":
        return money_cell(ctx.profile, value, col, span)
    if kind == "percent":
        return Cell(format_percent(value), PERCENT, col, span, number=value)
    if kind == "points":
        return points_cell(value, col, span, suffix)
    if isinstance(value, list):
        return Cell("\n".join(str(v) for v in value), TEXT, col, span)
    return Cell("" if value is None else str(value), TEXT, col, span)


def points_cell(value: Decimal | None, col: int, span: int = 1, suffix: str = "") -> Cell:
    if value is None:
        return Cell("", NUMBER, col, span)
    text = plain_number(value)
    places = _decimals(value.normalize())
    fmt = ("0" if not places else "0." + "0" * places) + (f'"{suffix}"' if suffix else "")
    return Cell(text + suffix, NUMBER, col, span, number=value, fmt=fmt)


def _label_text(ctx: Context, put: Put) -> str:
    text = ctx.label(put.scope, put.key)
    if put.money_in_label:
        text += f"（{ctx.profile.money}）"
    return text


class _Builder:
    def __init__(self, form: Form, ctx: Context) -> None:
        self.form = form
        self.ctx = ctx
        self.grid = Grid(
            ctx.project.name if ctx.project is not None else ctx.profile.title,
            [Column(max(4, round(w * 0.6)), max(4, round(w))) for w in form.widths],
            landscape=form.landscape,
            widths=list(form.widths),
        )
        self.ncols = len(form.widths)

    def build(self) -> Grid:
        for block in self.form.blocks:
            self.block(block, 0)
        return self.grid  # Grid.validate() in the tests: every form and hostile shapes

    # Each block adds its rows with its first cell at column ``col`` and returns the
    # indexes of the rows it added.
    def block(self, block: Any, col: int) -> list[int]:
        method = getattr(self, "_" + type(block).__name__.lower().rstrip("_"))
        return method(block, col)

    def _title(self, block: Title, col: int) -> list[int]:
        return [self.grid.add("title", Cell(self.ctx.fill(block.template), TITLE, 0, self.ncols), boxed=False)]

    def _line(self, block: Line, col: int) -> list[int]:
        cells = []
        right_span = block.right_span or (2 if block.right else 0)
        left_span = block.left_span or self.ncols - right_span
        cells.append(Cell(self.ctx.fill(block.left), block.kind, 0, left_span))
        if block.right:
            cells.append(Cell(self.ctx.fill(block.right), UNIT_NOTE, self.ncols - right_span, right_span))
        return [self.grid.add(block.role, *cells, boxed=False)]

    def _items(self, items: Sequence[Put | Say], col: int) -> list[Cell]:
        cells = []
        for item in items:
            if isinstance(item, Say):
                cells.append(Cell(item.text, item.kind, col, item.span))
                col += item.span
                continue
            if item.label:
                cells.append(Cell(_label_text(self.ctx, item), LABEL, col, item.label))
                col += item.label
            cells.append(value_cell(self.ctx, item.scope, item.key, col, item.value, item.suffix))
            col += item.value
        self._fill_to_end(cells, col)
        return cells

    def _fill_to_end(self, cells: list[Cell], col: int) -> None:
        """The last cell of a row reaches the right edge (a layout slip must not leave holes)."""
        if col < self.ncols and cells:
            last = cells[-1]
            cells[-1] = Cell(last.text, last.kind, last.col, last.span + self.ncols - col, last.rowspan,
                             last.number, last.fmt)

    def _fields(self, block: Fields, col: int) -> list[int]:
        return [self.grid.add("form", *self._items(block.items, col))]

    def _stack(self, block: Stack, col: int) -> list[int]:
        labels, values = [], []
        c = col
        for put in block.items:
            labels.append(Cell(_label_text(self.ctx, put), LABEL, c, put.value))
            values.append(value_cell(self.ctx, put.scope, put.key, c, put.value))
            c += put.value
        self._fill_to_end(labels, c)
        self._fill_to_end(values, c)
        return [self.grid.add("form", *labels), self.grid.add("form", *values)]

    def _plan(self, block: Plan, col: int) -> list[int]:
        project = self.ctx.project
        plan = project.plan if project is not None else {}
        labels, values = [], []
        c = col
        for month, span in zip(PLAN_MONTHS, block.spans, strict=True):
            labels.append(Cell(MONTH_LABELS[month], LABEL, c, span))
            values.append(Cell(format_percent(plan.get(month)), PERCENT, c, span, number=plan.get(month)))
            c += span
        return [self.grid.add("form", *labels), self.grid.add("form", *values)]

    def _goals(self, block: Goals, col: int) -> list[int]:
        from perftui.layout.forms import goal_chunks, split_paragraph

        record = self.ctx.record(block.scope)
        value = getattr(record, block.key) if record is not None else ""
        if isinstance(value, list):
            chunks = goal_chunks(value) if block.numbered else _chunks("\n".join(value), split_paragraph)
        else:
            chunks = _chunks(value or "", split_paragraph)
        if block.optional and not any(c.strip() for c in chunks):
            return []
        label = block.label or self.ctx.label(block.scope, block.key)
        text_col = col + 1
        rows = [
            self.grid.add(
                "form",
                Cell(label, LABEL, col, rowspan=len(chunks)),
                Cell(chunks[0], TEXT, text_col, self.ncols - text_col),
            )
        ]
        for chunk in chunks[1:]:
            rows.append(self.grid.add("form", Cell(chunk, TEXT, text_col, self.ncols - text_col)))
        return rows

    def _group(self, block: Group, col: int) -> list[int]:
        rows: list[int] = []
        for child in block.rows:
            rows += self.block(child, col + 1)
        label = block.label(self.ctx) if callable(block.label) else self.ctx.fill(block.label)
        first = self.grid.rows[rows[0]]
        first.cells.insert(0, Cell(label, LABEL, col, rowspan=len(rows)))
        return rows

    def _indicators(self, block: Indicators, col: int) -> list[int]:
        g = self.grid
        record = self.ctx.record(block.scope)
        indicators: list[Indicator] = list(record.indicators) if record is not None else []
        lead = block.lead(self.ctx) if callable(block.lead) else self.ctx.fill(block.lead)
        start = col + (1 if lead else 0)
        places = _places(block.columns, start)
        header_cells = [
            Cell(c.label or self.ctx.label("indicator", c.key), HEADER, at, c.span)
            for c, at in zip(block.columns, places, strict=True)
        ]
        header = g.add("header", *header_cells, table_break=block.table_break)
        rows = [header]
        g.repeat = (header, header)
        merged = _merge_runs(indicators, block.merge, [c.key for c in block.columns])
        for i, ind in enumerate(indicators):
            cells = []
            for c, at in zip(block.columns, places, strict=True):
                run = merged.get((i, c.key))
                if run == 0:
                    continue  # covered by the cell above
                cells.append(self._indicator_cell(ind, c, at, run or 1, block))
            rows.append(g.add("indicator", *cells))
        if lead:
            g.rows[header].cells.insert(0, Cell(lead, LABEL, col, rowspan=len(rows)))
        return rows

    def _indicator_cell(self, ind: Indicator, c: Column_, at: int, rowspan: int, block: Indicators) -> Cell:
        if c.key == "points":
            cell = points_cell(ind.points, at, c.span)
            return Cell(cell.text, cell.kind, at, c.span, rowspan, cell.number, cell.fmt)
        if c.split:
            return Cell(split_value(ind, c.split), TEXT, at, c.span, rowspan)
        text = ind.get(c.key)
        if c.key == "level1" and block.points_in_level1 and text.strip():
            text = level1_with_points(self.ctx.profile, text)
        if c.key == "value" and not any(col.key == "unit" for col in block.columns):
            text = ind.value_text  # a unit held apart prints with the value where the form has no unit column
        return Cell(text, TEXT, at, c.span, rowspan)

    def _records(self, block: Records, col: int) -> list[int]:
        g = self.grid
        owner = self.ctx.project if block.scope == "cost" else self.ctx.doc.overall
        records = list(getattr(owner, block.source)) if owner is not None else []
        cls = SCOPES[block.scope]
        keys = self.ctx.profile.order(block.scope)
        places = _places([Column_(k, s) for k, s in zip(keys, block.spans, strict=True)], col)
        header = []
        for key, at, span in zip(keys, places, block.spans, strict=True):
            label = self.ctx.label(block.scope, key)
            f = field_of(cls, key)
            if f is not None and f.kind.key == "amount" and block.scope == "task":
                label += f"（{self.ctx.profile.money}）"
            header.append(Cell(label, HEADER, at, span))
        rows = [g.add("header", *header)]
        for rec in records:
            cells = []
            for key, at, span in zip(keys, places, block.spans, strict=True):
                f = field_of(cls, key)
                value = getattr(rec, key)
                if f is not None and f.kind.key == "amount":
                    cells.append(money_cell(self.ctx.profile, value, at, span))
                else:
                    cells.append(Cell("" if value is None else str(value), TEXT, at, span))
            rows.append(g.add("record", *cells))
        first = keys[0] if keys else ""
        # A file that keeps the original's own 合计 row (as written, misprints included) prints
        # it, not a second, computed one.
        written = bool(records) and str(getattr(records[-1], first, "") or "").strip() in ("合计", "总计", block.total)
        if block.total and not written:
            cells = []
            for key, at, span in zip(keys, places, block.spans, strict=True):
                f = field_of(cls, key)
                if not cells:
                    cells.append(Cell(block.total, LABEL, at, span))
                elif f is not None and f.kind.key == "amount":
                    present = [getattr(r, key) for r in records if getattr(r, key) is not None]
                    total = sum(present, Decimal(0)) if present else None
                    cells.append(money_cell(self.ctx.profile, total, at, span))
                else:
                    cells.append(Cell("", TEXT, at, span))
            rows.append(g.add("total", *cells))
        return rows

    def _projectrows(self, block: ProjectRows, col: int) -> list[int]:
        g = self.grid
        doc = self.ctx.doc
        lead_places = list(range(col, col + len(block.lead)))
        start = col + len(block.lead)
        places = _places(block.columns, start)
        header = [
            Cell(self.ctx.label(scope, key), HEADER, at) for (scope, key), at in zip(block.lead, lead_places, strict=True)
        ] + [
            Cell(c.label or self.ctx.label("indicator", c.key), HEADER, at, c.span)
            for c, at in zip(block.columns, places, strict=True)
        ]
        first = g.add("header", *header)
        g.repeat = (first, first)
        rows = [first]
        unit_rows = 0
        unit_first = -1
        for number, project in enumerate(doc.projects, 1):
            ctx = Context(doc, self.ctx.profile, project, number)
            inds = list(project.indicators) or [Indicator("", "", "")]
            project_first = len(g.rows)
            for i, ind in enumerate(inds):
                cells = []
                if i == 0:
                    for (scope, key), at in zip(block.lead, lead_places, strict=True):
                        if scope == "unit":
                            if unit_first < 0:
                                unit_first = project_first
                                cells.append(Cell(f"{doc.unit.code}-{doc.unit.name}" if doc.unit.code else doc.unit.name,
                                                  TEXT, at))
                            continue
                        cell = value_cell(ctx, scope, key, at, 1)
                        if isinstance(cell.number, Decimal) and cell.kind == AMOUNT:
                            cell = money_cell(ctx.profile, getattr(project, key), at, grouped=True)
                        cells.append(Cell(cell.text, cell.kind, at, 1, len(inds), cell.number, cell.fmt))
                for c, at in zip(block.columns, places, strict=True):
                    cells.append(self._indicator_cell(ind, c, at, 1, Indicators(block.columns, ())))
                rows.append(g.add("indicator", *cells))
            unit_rows += len(inds)
        if unit_first >= 0:
            row = g.rows[unit_first]
            cell = row.cells[0]
            row.cells[0] = Cell(cell.text, cell.kind, cell.col, 1, unit_rows)
        return rows


def _chunks(text: str, split: Callable[[str, int], list[str]]) -> list[str]:
    from perftui.layout.forms import MAX_CELL_CHARS

    if len(text) <= MAX_CELL_CHARS:
        return [text]
    out: list[str] = []
    for piece in split(text, MAX_CELL_CHARS):
        if out and len(out[-1]) + len(piece) <= MAX_CELL_CHARS:
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _places(columns: Sequence[Column_], start: int) -> list[int]:
    out = []
    at = start
    for c in columns:
        out.append(at)
        at += c.span
    return out


def _merge_runs(indicators: Sequence[Indicator], merge: Sequence[str], keys: Sequence[str]) -> dict[tuple[int, str], int]:
    """(row, column key) -> rows the cell covers (0: covered by the cell above). A column in
    ``merge`` merges a run of equal non-blank cells; a later one merges only inside the runs
    of the columns before it (二级 inside its 一级)."""
    out: dict[tuple[int, str], int] = {}
    bounds = [(0, len(indicators))]
    for key in merge:
        if key not in keys:
            continue
        new_bounds = []
        for lo, hi in bounds:
            i = lo
            while i < hi:
                text = indicators[i].get(key)
                run = 1
                if text.strip():
                    while i + run < hi and indicators[i + run].get(key) == text:
                        run += 1
                out[(i, key)] = run
                for k in range(1, run):
                    out[(i + k, key)] = 0
                new_bounds.append((i, i + run))
                i += run
        bounds = new_bounds
    return out


def split_value(ind: Indicator, part: str) -> str:
    """One part of an indicator's value for a form that prints sign, number and unit apart
    (the unit held apart wins over one written in the value). A qualitative value prints
    whole as the number, with no sign."""
    from perftui.values import EMBEDDED, EMPTY, parse_value
    from perftui.values import TEXT as QUALITATIVE

    parsed = parse_value(ind.value)
    if parsed.kind in (EMPTY, QUALITATIVE, EMBEDDED):
        return {"sign": "", "number": ind.value.strip(), "unit": ind.unit}[part]
    if part == "sign":
        return parsed.sign
    if part == "unit":
        return ind.unit or parsed.unit
    text = ind.value.strip()
    number = plain_number(parsed.number) if parsed.number is not None else ""
    # The number as written (95, 1.50, 3,000), without the sign before it and the unit after it.
    digits = [i for i, ch in enumerate(text) if ch.isdigit() or ch in "０１２３４５６７８９"]
    if digits:
        end = digits[-1] + 1
        return text[digits[0]:end]
    return number


def level1_with_points(profile: Profile, name: str) -> str:
    """成本指标 -> ``成本指标(0-20)分`` on a form that prints each block's point range."""
    from perftui.frameworks import canonical_level1

    if _POINTS_WRITTEN.search(name):
        return name  # the range is already written, as the printed original has it
    limits = profile.points_ranges.get(canonical_level1(name)) or profile.points_ranges.get(name)
    return f"{name}({limits[0]}-{limits[1]})分" if limits else name


_POINTS_WRITTEN = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*[-－~～—至]\s*\d+(?:\.\d+)?\s*[)）]\s*分")


def build(form: Form, doc: Document, profile: Profile, project: Project | None = None, number: int = 0) -> Grid:
    return _Builder(form, Context(doc, profile, project, number)).build()


def grid_columns(widths: Sequence[float]) -> list[Column]:
    return [Column(max(4, round(w * 0.6)), max(4, round(w))) for w in widths]


__all__ = [
    "Column_", "Context", "Fields", "Form", "Goals", "Group", "Indicators", "Line", "Plan", "ProjectRows",
    "Put", "Records", "Say", "Stack", "Title", "build", "format_percent", "money_cell", "money_text",
]  # fmt: skip
