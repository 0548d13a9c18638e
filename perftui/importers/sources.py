"""Any input file as a Source (perftui.importers.grids): Word, Excel or Word-exported text,
told apart by their bytes; every refusal a SourceError with a Chinese message."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perftui.errors import os_reason
from perftui.importers.container import MAX_TEXT_BYTES, SourceError, sniff
from perftui.importers.grids import Cell, Grid, Paragraph, Source
from perftui.importers.lines import Prose, Row, split_lines, tokenize

FALLBACK_ENCODING = "gb18030"
# Extensions that say "a Word or Excel file" (a text import of one is surely a mistake).
OFFICE_SUFFIXES = frozenset({".docx", ".docm", ".xlsx", ".xlsm", ".xls", ".doc", ".wps", ".et"})


def decode(data: bytes, encoding: str = "utf-8", fallback: bool = True) -> tuple[str, str]:
    """Decode input bytes; returns (text, encoding used). Raises UnicodeDecodeError when
    neither ``encoding`` nor (if ``fallback``) GB18030 can read them.

    With ``fallback``, a UTF-16 byte-order mark (Word's "Unicode" text export) wins.
    """
    if fallback and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if not fallback or encoding.replace("-", "").lower() == FALLBACK_ENCODING:
            raise
    return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING


def open_source(path: Path, encoding: str | None = None) -> Source:
    """The blocks of the file at ``path``; SourceError says why it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError("找不到输入文件") from None
    except OSError as exc:
        raise SourceError(f"无法读取输入文件：{os_reason(exc)}") from None
    if stat.S_ISDIR(mode):
        raise SourceError("这是一个文件夹，不是文件")
    if not stat.S_ISREG(mode):
        raise SourceError("这不是普通文件（是设备或管道），不能导入")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except PermissionError:
        raise SourceError("没有读取这个文件的权限") from None
    except OSError as exc:
        raise SourceError(f"无法读取输入文件：{os_reason(exc)}") from None
    found = sniff(path, head)
    if found.kind in ("docx", "xlsx", "xls"):
        try:
            source = _office(path, found)
        finally:
            if found.archive is not None:
                found.archive.close()
        if found.macros:
            source.notices.insert(0, (None, "文件含有宏（VBA）：宏从不运行，只读取了文档中的文字和单元格"))
        return source
    if path.suffix.lower() in OFFICE_SUFFIXES:
        raise SourceError(
            f"扩展名是 {path.suffix}，但文件内容不是 Word/Excel 文档（可能已损坏、被截断，或扩展名改错了）"
        )
    text, used = _text(path, encoding)
    source = text_source(path, text)
    if used != (encoding or "utf-8"):
        known = {FALLBACK_ENCODING: f"{FALLBACK_ENCODING}（GBK）", "utf-16": "UTF-16（Word 的“Unicode”文本）"}
        source.encoding_notice = f"不是 UTF-8 编码，已按 {known.get(used, used)} 读取"
    return source


def _office(path: Path, found) -> Source:
    if found.kind == "docx":
        from perftui.importers.docx import read_docx

        return read_docx(path, found.archive)
    from perftui.importers.xlsx import read_xlsx

    return read_xlsx(path, found.archive)


def _text(path: Path, encoding: str | None) -> tuple[str, str]:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise SourceError(
            f"文件太大（{size / 1024 / 1024:.0f} MB），不像一个单位的绩效文本；上限 {MAX_TEXT_BYTES // 1024 // 1024} MB"
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise SourceError("没有读取这个文件的权限") from None
    except OSError as exc:
        raise SourceError(f"无法读取输入文件：{os_reason(exc)}") from None
    try:
        text, used = decode(data, encoding or "utf-8", fallback=encoding is None)
    except LookupError:
        raise SourceError(f"不认识的编码名称“{encoding}”（可用如 utf-8、gb18030、gbk）") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        tried = encoding or f"utf-8 和 {FALLBACK_ENCODING}"
        raise SourceError(f"第 {line} 行无法按 {tried} 编码读取；请用 --encoding 指定文件的编码") from None
    if "\x00" in text:
        raise SourceError("这不是文本文件（含有二进制内容）；请先在 Word 中“另存为”纯文本（.txt），或直接导入 .docx")
    return text, used


def text_source(path: Path | None, text: str) -> Source:
    """Word-exported text as blocks: prose lines as paragraphs, each run of TAB rows a grid
    whose bare-TAB cells continue the cell above (their place is their line)."""
    from perftui.importers.wordtext import breaks_row

    source = Source(path, "text", text=text)
    tokens = tokenize(split_lines(text), breaks_row)
    run: list[Row] = []
    for token in tokens:
        if isinstance(token, Row):
            run.append(token)
            continue
        if run:
            source.blocks.append(_rows_grid(run, len(source.grids()) + 1))
            run = []
        assert isinstance(token, Prose)
        source.blocks.append(Paragraph(token.text, token.line))
    if run:
        source.blocks.append(_rows_grid(run, len(source.grids()) + 1))
    source.describe = lambda p: ""  # text places are line numbers (Problem.line)
    return source


def _rows_grid(rows: list[Row], index: int) -> Grid:
    width = max(len(r.cells) for r in rows)
    out: list[list[Cell | None]] = []
    for r, row in enumerate(rows):
        line: list[Cell | None] = [None] * width
        for c, cell in enumerate(row.cells):
            above = out[r - 1][c] if r > 0 else None
            if cell.merged and above is not None:
                above.rowspan = r - above.row + 1
                line[c] = above
            else:
                line[c] = Cell(cell.text, cell.line, r, c)
        out.append(line)
    return Grid(out, width, name=f"表 {index}", index=index)
