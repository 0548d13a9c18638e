"""Excel workbooks (.xlsx/.xlsm, and .xls through the same reader) as grids, one per sheet.

Values come from python-calamine (Rust; it reads the 1,000-project workbook about a hundred
times faster than openpyxl's normal mode, the only openpyxl mode that keeps merged ranges,
see docs/import.md), merged ranges from calamine's own ``merged_cell_ranges``. Before
calamine sees a sheet, its XML is scanned here once, for two things calamine does not do:

- **bounds**: the extent of the cells that hold a value. calamine allocates the whole
  rectangle from A1 to the farthest value and aborts the process when that cannot be
  allocated (one value in XFD1048576 is enough), so a sheet that reaches too far is
  refused with a message first; each cell counts where calamine would place it, however
  its reference is written (quotes, case, spacing, a prefix) or by its order if it has none;
- **percent formats**: the number of a cell formatted ``0%`` is a fraction (0.3 shows as
  30 %); the cells whose style is a percent format are collected so that the grid holds
  what the sheet shows.

calamine then opens a stored copy of the checked parts (container.checked_copy): the XML
is unpacked once, and calamine reads exactly the bytes that were scanned. A sheet's grid
is made when first asked for (SheetGrid): perftui's own project sheets are read straight
from the values (perftui.importers.ownsheet) and never need one.

Numbers are read as Excel shows them at full precision, 15 significant digits
(``Decimal(f"{v:.15g}")``): 770000 stays 770000, 0.30000000000000004 is 0.3. Fields then
quantize deliberately (amounts to cents through perftui.kinds). Formulas are never
evaluated: a formula cell holds the result the file saved, or nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from perftui.importers.container import PartReader, SourceError, checked_copy, read_part
from perftui.importers.grids import Cell, Grid, Source
from perftui.importers.xmlsafe import parse_xml

# The most slots (rows × columns from A1 to the farthest value) one sheet, and the whole
# workbook, may span: a county's 1,000-project workbook spans 160,000.
MAX_SHEET_SLOTS = 2_000_000
MAX_BOOK_SLOTS = 10_000_000
# Distinct floats whose written form one workbook read remembers (see _grid).
_MAX_NUMBERS = 50_000

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
# Built-in number formats that are percentages (ECMA-376 §18.8.30).
_PERCENT_BUILTIN = frozenset({9, 10})
_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# The tags that place cells, read as the workbook reader (calamine) reads them: a row's or a
# cell's start tag (any namespace prefix, attributes quoted either way, any spacing), and a
# row's end tag. A self-closing cell or row is no cell and no row to it.
_PLACING_TAG = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*(/?)>'
    rb"|</(?:[A-Za-z_][\w.-]*:)?row\s*>"
)
_ATTRIBUTE = re.compile(rb'\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_LETTERS = re.compile(rb"[A-Za-z]+")
_DIGITS = re.compile(rb"[0-9]+")
# How far a reference too long for any sheet (13+ digits, 9+ letters) counts: the reader takes
# row 99999999 as written and wraps longer numbers around 2**32, so none of them may pass.
_BEYOND = 10**12


def column_letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def number_of(value: float | int) -> Decimal:
    """A spreadsheet number as the sheet shows it at full precision (15 significant digits)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(f"{value:.15g}")


def number_text(value: float | int) -> tuple[Decimal, str]:
    """``(number_of(value), plain(number_of(value)))``, without formatting twice: a float's
    15-digit form without an exponent is already its plain written number (``g`` drops
    trailing zeros), and so is an int's digits."""
    if value.__class__ is int:
        return Decimal(value), str(value)
    text = f"{value:.15g}"
    number = Decimal(text)
    if "e" in text or "n" in text:  # an exponent, or inf/nan: written out by plain()
        return number, plain(number)
    return number, text


def plain(number: Decimal) -> str:
    """A Decimal as a plain written number: no exponent, no trailing zeros after the point."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class _Sheet:
    __slots__ = ("name", "part", "percent", "formulas", "first_formula", "extent")

    def __init__(self, name: str, part: str):
        self.name = name
        self.part = part
        self.percent: set[tuple[int, int]] = set()
        self.formulas = 0
        self.first_formula: tuple[int, int] | None = None  # (row, column) of the first formula cell
        self.extent = (0, 0)  # rows, columns from A1 to the farthest value


def _sheet_parts(archive: zipfile.ZipFile) -> list[_Sheet]:
    """The worksheets in workbook order with the part each lives in."""
    book = parse_xml(read_part(archive, "xl/workbook.xml"), "xl/workbook.xml")
    targets: dict[str, str] = {}
    try:
        rels = parse_xml(read_part(archive, "xl/_rels/workbook.xml.rels"), "workbook.xml.rels")
        for rel in rels.iter(f"{{{_NS_PKG}}}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = target
    except SourceError:
        pass
    out = []
    for sheet in book.iter(f"{{{_NS_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{_NS_REL}}}id", ""), "")
        if part.startswith("xl/worksheets/"):
            out.append(_Sheet(sheet.get("name", ""), part))
    return out


def _percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles (cellXfs) whose number format shows a percentage."""
    try:
        styles = parse_xml(read_part(archive, "xl/styles.xml"), "xl/styles.xml")
    except SourceError:
        return frozenset()
    custom: set[int] = set()
    for fmt in styles.iter(f"{{{_NS_MAIN}}}numFmt"):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))  # quoted text and escapes
        if "%" in code:
            try:
                custom.add(int(fmt.get("numFmtId", "")))
            except ValueError:
                continue
    out = set()
    xfs = styles.find(f"{{{_NS_MAIN}}}cellXfs")
    if xfs is None:
        return frozenset()
    for index, xf in enumerate(xfs.iter(f"{{{_NS_MAIN}}}xf")):
        try:
            fmt = int(xf.get("numFmtId", "0"))
        except ValueError:
            continue
        if fmt in _PERCENT_BUILTIN or fmt in custom:
            out.add(index)
    return frozenset(out)


# A cell tag that does not start with a near reference, ``<c r="`` one letter (column A to Z)
# and at most four digits (row 9,999) ``"``: a cell without a reference, a reference that is
# not the first attribute, or written otherwise (other spacing, quotes, case), or one that
# reaches further. One regex pass, where counting and searching took five.
_NOT_NEAR_CELL = re.compile(rb'<c(?:[>/]|\s(?!r="[A-Z][0-9]{1,4}"))')
# A cell tag with a namespace prefix (``<x:c r=…>``): the reader takes it for a cell too.
_PREFIXED_CELL = re.compile(rb":c[\s/>]")


def _scan(sheet: _Sheet, data: bytes, percent_styles: frozenset[int]) -> None:
    """Extent, percent-formatted cells and formula count of one sheet's XML.

    Fast path (every sheet perftui or Excel writes): each cell tag starts ``<c r="`` with a
    reference short of row 10,000 and column AA (no namespace prefix), so the sheet spans at
    most 9,999 × 26 slots and no cell needs its value located. Otherwise every value cell is
    located."""
    # Each test is a pass over the XML (13 MB for 1,000 sheets): the cheap ones first, the
    # rest only when they can still change the answer.
    simple = _NOT_NEAR_CELL.search(data) is None and not (b":c" in data and _PREFIXED_CELL.search(data))
    sheet.formulas = data.count(b"<f>") + data.count(b"<f ") if b"<f" in data else 0
    if sheet.formulas:
        at = min(i for i in (data.find(b"<f>"), data.find(b"<f ")) if i >= 0)
        ref = _REF.match(data, max(data.rfind(b"<c ", 0, at), 0))
        if ref is not None:
            sheet.first_formula = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
    if simple:
        sheet.extent = (9999, 26)
        if percent_styles:
            ids = b"|".join(str(i).encode() for i in sorted(percent_styles))
            for m in re.finditer(rb' s="(?:' + ids + rb')"', data):
                start = data.rfind(b"<", 0, m.start())
                ref = _REF.match(data, start) if start >= 0 else None
                if ref is not None:
                    sheet.percent.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
        return
    sheet.extent = _placed_extent(data, percent_styles, sheet.percent)


def _placed_extent(data: bytes, percent_styles: frozenset[int], percent: set[tuple[int, int]]) -> tuple[int, int]:
    """Rows and columns from A1 to the farthest cell that holds anything, each cell placed as
    the reader places it (calamine's cells reader): by its ``r`` reference, else after the
    cell before it in its row; a row by its ``r``, else after the row before it. A cell with
    content of any kind counts (the reader may find a value in it); percent-styled cells go
    into ``percent``."""
    rows = cols = 0
    row = col = 0  # where the next unreferenced row and cell go (0-based)
    for m in _PLACING_TAG.finditer(data):
        name = m.group(1)
        if name is None:  # </row>
            row += 1
            col = 0
            continue
        if m.group(3):  # self-closing: nothing to the reader
            continue
        attributes = {a.group(1): a.group(2) if a.group(2) is not None else a.group(3)
                      for a in _ATTRIBUTE.finditer(m.group(2))}
        ref = attributes.get(b"r")
        if name == b"row":
            if ref is not None:
                row = _ref_row(ref)
            continue
        at_row, at_col = row, col
        if ref is not None:
            at_row = _ref_row(ref)
            letters = b"".join(_LETTERS.findall(ref))
            at_col = col = _column_index(letters.upper()) if 0 < len(letters) <= 8 else (_BEYOND if letters else 0)
        col += 1
        following = data.find(b"<", m.end())
        if following < 0 or data.startswith(b"</", following):
            continue  # an empty cell: no value
        rows = max(rows, at_row + 1)
        cols = max(cols, at_col + 1)
        style = attributes.get(b"s")
        if percent_styles and style is not None and style.isdigit() and int(style) in percent_styles:
            percent.add((at_row, at_col))
    return rows, cols


def _ref_row(ref: bytes) -> int:
    """The 0-based row a reference names (its digits; far ones as _BEYOND)."""
    digits = b"".join(_DIGITS.findall(ref))
    if not digits:
        return 0
    return int(digits) - 1 if len(digits) <= 12 else _BEYOND


def display_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time() else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def read_xlsx(path: Path, archive: zipfile.ZipFile | None, *, legacy: bool = False) -> Source:
    """The workbook at ``path`` as a Source with one grid per worksheet (sheet order)."""
    import python_calamine as calamine

    source = Source(path, "xlsx")
    sheets: list[_Sheet] = []
    checked: bytes | None = None
    if archive is not None:
        sheets = _sheet_parts(archive)
        percent_styles = _percent_styles(archive)
        with PartReader(archive) as parts:
            scanned: dict[str, bytes] = {}
            for sheet in sheets:
                data = scanned[sheet.part] = parts.read(sheet.part)
                _scan(sheet, data, percent_styles)
                rows, cols = sheet.extent
                if rows * cols > MAX_SHEET_SLOTS:
                    where = f"A1:{column_letters(max(cols - 1, 0))}{rows}"
                    raise SourceError(
                        f"工作表“{sheet.name}”的内容一直延伸到 {where}（{rows} 行 × {cols} 列），"
                        "远大于任何绩效目标表，未读取。请删去远处多余的单元格内容后另存再导入"
                    )
            # calamine reads the parts as checked and scanned here, not the file again.
            checked = checked_copy(archive, parts, scanned, "xlsx")
            del scanned
    try:
        if checked is not None:
            book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked))
            del checked
        else:
            book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise SourceError("工作簿设置了打开密码（已加密），无法读取；请取消密码后另存再导入") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine's errors (a Rust panic too) mean a broken file
        raise SourceError(f"工作簿已损坏，无法读取（{type(exc).__name__}）；请在 Excel/WPS 中打开后另存再导入") from None
    by_name = {s.name: s for s in sheets}
    numbers: dict[float, tuple[Decimal, str]] = {}  # shared by the sheets: see _grid
    place = 1
    bases: list[int] = []
    names: list[str] = []
    widths: list[int] = []
    total = 0
    try:
        sheet_names = list(book.sheet_names)
        for index, name in enumerate(sheet_names, 1):
            info = by_name.get(name)
            try:
                page = book.get_sheet_by_name(name)
                values = page.to_python(skip_empty_area=False)
                merges = page.merged_cell_ranges or []
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # noqa: BLE001 - a chart sheet or a broken part (a Rust panic too)
                source.note(None, f"工作表“{name}”读不出单元格（可能是图表页或已损坏），已跳过")
                continue
            end = page.end if page.height else None
            slots = (end[0] + 1) * (end[1] + 1) if end is not None else 0
            total += slots
            if end is not None and slots > MAX_SHEET_SLOTS:
                raise SourceError(f"工作表“{name}”太大（{end[0] + 1} 行 × {end[1] + 1} 列），未读取")
            if total > MAX_BOOK_SLOTS:
                raise SourceError(f"工作簿太大：各工作表共 {total} 个单元格位置，超过上限 {MAX_BOOK_SLOTS}；请拆分后再导入")
            grid = SheetGrid(values, merges, info.percent if info else set(), place, numbers, name, index)
            if info is not None and info.formulas:
                r, c = info.first_formula or (0, 0)
                source.note(
                    place + r * grid.ncols + c if grid.ncols > c else place,
                    f"工作表“{name}”有 {info.formulas} 个公式单元格（第一个在这里）：取文件中保存的计算结果，不重新计算"
                    "（没有保存结果的公式格按空白处理）",
                )
            bases.append(place)
            names.append(name)
            widths.append(max(grid.ncols, 1))
            place += max(grid.nrows * grid.ncols, 1)
            source.blocks.append(grid)
    finally:
        book.close()

    def describe(p: int) -> str:
        i = bisect_right(bases, p) - 1
        if i < 0:
            return ""
        offset = p - bases[i]
        r, c = divmod(offset, widths[i])
        return f"{names[i]}!{column_letters(c)}{r + 1}"

    source.describe = describe
    return source


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def _extent(values: list[list[Any]], merges: list) -> tuple[int, int, int]:
    """(rows, columns, far_col) of a sheet's grid: calamine's range ends at the last value; a
    merge may reach further (a title merged over a blank column), and the grid covers it, as
    far as the bounds allow. ``far_col``: one past the farthest merged column (0: no merge)."""
    nrows = len(values)
    ncols = max(map(len, values), default=0)
    far_row = far_col = 0
    if merges:  # (one pass each in C: a sheet has ~100 merges, a workbook 1,000 sheets)
        ends = list(map(_SECOND, merges))
        far_row = max(map(_FIRST, ends)) + 1
        far_col = max(map(_SECOND, ends)) + 1
    if max(far_row, nrows) * max(far_col, ncols) <= MAX_SHEET_SLOTS:
        return max(nrows, far_row), max(ncols, far_col), far_col
    return nrows, ncols, far_col


class SheetGrid(Grid):
    """A sheet's grid whose cells are made when first asked for (``rows``, ``last_text``):
    a sheet the sample's form reads straight from its values (perftui.importers.ownsheet)
    never makes them. The values, merges and percent cells stay for that reader."""

    __slots__ = ("values", "merges", "percent", "numbers", "nrows", "far_col")

    def __init__(
        self,
        values: list[list[Any]],
        merges: list,
        percent: set[tuple[int, int]],
        base: int,
        numbers: dict[float, tuple[Decimal, str]],
        name: str,
        index: int,
    ):
        self.values = values
        self.merges = merges
        self.percent = percent
        self.numbers = numbers
        self.nrows, self.ncols, self.far_col = _extent(values, merges)
        self.name = name
        self.index = index
        self.dense = True
        self.base = base
        # rows and last_text are left unset: __getattr__ makes them on first use.

    def __getattr__(self, name: str) -> Any:
        if name not in ("rows", "last_text"):
            raise AttributeError(name)
        grid = _grid(self.values, self.merges, self.percent, self.base, self.numbers)
        self.rows = grid.rows
        self.last_text = grid.last_text
        return getattr(self, name)


def _grid(
    values: list[list[Any]],  # calamine's values: str, float, int, bool, dates, told apart by class below
    merges: list,
    percent: set[tuple[int, int]],
    base: int,
    numbers: dict[float, tuple[Decimal, str]] | None = None,
) -> Grid:
    """A dense grid: every slot is a cell; a blank one is None (``Grid.dense``).

    ``numbers`` remembers each float's (number, written form) across the workbook's sheets
    (the same shares, counts and serial numbers recur in every table). Only floats are
    kept, and no zero: 1 == 1.0 and 0.0 == -0.0 as keys, but they are written apart."""
    if numbers is None:
        numbers = {}
    nrows, ncols, far_col = _extent(values, merges)
    if nrows > len(values):
        values = values + [[]] * (nrows - len(values))
    rows: list[list[Cell | None]] = []
    last_text = 0
    make = Cell
    # One pass over the values; text (most cells) is tested first, numbers go through
    # number_text, anything else (dates, booleans) through display_text.
    for r, line in enumerate(values):
        row: list[Cell | None] = [None] * ncols
        at = base + r * ncols
        for c, v in enumerate(line):
            kind = v.__class__
            if kind is str:
                if not v:
                    continue
                if c > last_text:
                    last_text = c
                text = v.strip()
                if text:
                    row[c] = make(text, at + c, r, c)
                continue
            if c > last_text:
                last_text = c
            if kind is float or kind is int:
                known = numbers.get(v) if kind is float else None
                if known is None:
                    known = number_text(v)
                    if kind is float and v and len(numbers) < _MAX_NUMBERS:
                        numbers[v] = known
                number, text = known
                if (r, c) in percent:
                    row[c] = make(plain(number * 100) + "%", at + c, r, c, number=number, percent=True)
                else:
                    row[c] = make(text, at + c, r, c, number=number)
            elif v is not None:
                row[c] = make(display_text(v), at + c, r, c)
        rows.append(row)
    grid = Grid(rows, ncols, dense=True, base=base)
    grid.last_text = max(last_text, far_col - 1) if far_col else last_text
    for (r1, c1), (r2, c2) in merges:
        if r1 >= nrows or c1 >= ncols or r2 < r1 or c2 < c1:
            continue
        if r2 >= nrows:
            r2 = nrows - 1
        if c2 >= ncols:
            c2 = ncols - 1
        line = rows[r1]
        anchor = line[c1]
        if anchor is None:
            anchor = line[c1] = make("", base + r1 * ncols + c1, r1, c1)
        elif anchor.row != r1 or anchor.col != c1:
            continue  # overlapping merges in a broken file: the first one wins
        anchor.rowspan = r2 - r1 + 1
        anchor.colspan = c2 - c1 + 1
        # The span's slots row by row, each row as one slice (a sheet has ~100 merges).
        fill = [anchor] * (c2 - c1 + 1)
        line[c1 : c2 + 1] = fill
        if r2 > r1:  # most merges are within one row
            for rr in range(r1 + 1, r2 + 1):
                rows[rr][c1 : c2 + 1] = fill
    return grid
