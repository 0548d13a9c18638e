"""Reading TOML text safely: the one way every file perftui reads is parsed (data files,
``config.toml``, ``keys.toml``, theme files, ``state.toml``).

``tomllib`` fails in more ways than ``TOMLDecodeError``: a number ``Decimal`` cannot hold
(``1e99999999999999999999``) raises ``InvalidOperation`` from ``parse_float``; an integer of
more than 4,300 digits raises Python's own ``ValueError`` (the int/str conversion limit);
brackets nested a few hundred deep raise ``RecursionError``; and a key of 100,000 dotted
parts takes it quadratic time (tens of seconds). :func:`loads` refuses overlong keys before
``tomllib`` sees them and turns every failure into a Chinese :class:`Problem` with its line.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import os
import re
import stat
import sys
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from perftui.errors import DataError, Problem, os_reason
from perftui.locate import index_lines
from perftui.safetext import brief, one_line

try:  # faster still where a file's numbers allow (see _parse_fast); optional
    import rtoml as _rust
except ImportError:  # pragma: no cover
    _rust = None  # type: ignore[assignment]


@cache
def _parser() -> ModuleType:
    """The parser for what the Rust reader does not take, imported only then (most files never
    need it): the mypyc-compiled wheel of tomli, ~3.5× faster than tomllib with the same
    results, else tomllib."""
    try:
        import tomli

        if tomli._parser.__file__.endswith((".so", ".pyd")):  # a pure-Python copy is no faster
            return tomli
    except ImportError:  # pragma: no cover - tomllib is the fallback
        pass
    import tomllib

    return tomllib


def _decode_errors() -> tuple[type[Exception], ...]:
    """What the parsers raise on a syntax error (looked up only when an error happened)."""
    import tomllib

    return tomllib.TOMLDecodeError, _parser().TOMLDecodeError

# No perftui file needs keys of more than a few parts (``[[projects.indicators]]``,
# ``[checks.off]``); tomllib's cost grows with the square of the parts.
MAX_KEY_PARTS = 32
# Settings files are a few hundred bytes; anything this large is not one (and reading it
# would hold up the start of the app).
CONFIG_MAX_BYTES = 1 << 20
# Nesting deeper than a file ever needs, reported at its line.
_DEEP = 100

_BOM = "\ufeff"


class _NumberError(Exception):
    """A number in the text that ``Decimal`` cannot hold (raised through tomllib)."""

    def __init__(self, token: str):
        self.token = token
        super().__init__(token)


def _decimal(token: str) -> Decimal:
    """``parse_float`` for tomllib: exact Decimals; a number beyond Decimal is refused."""
    try:
        return Decimal(token)
    except InvalidOperation:
        raise _NumberError(token) from None


# One key part: bare, "basic" or 'literal'; possessive, so a failed match never backtracks.
_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
# A run of two or more dots with a key part between each: the quick first look (the regex
# engine jumps from dot to dot; a decimal number has one dot and fails at once).
_RUN = re.compile(rf"\.(?:[ \t]*+{_PART}[ \t]*+\.)++")
# More than MAX_KEY_PARTS parts joined by dots. A match never starts inside a bare part or
# right after a dot, so a file is scanned in linear time.
_DOTTED = re.compile(rf"""(?<![A-Za-z0-9_\-"'\\.]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{MAX_KEY_PARTS},}}""")
# Strings and comments, to look at what is outside them (a key, a number) by line.
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+"{3,5}'
    r"|'''(?:[^']|'(?!''))*+'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'[^'\n]*+'"
    r"|#[^\n]*+",
    re.S,
)


def outside_strings(text: str) -> str:
    """``text`` with every string emptied and every comment dropped, line breaks kept (so
    positions map to the same lines): what is left are keys, brackets and bare values."""

    def blank(m: re.Match[str]) -> str:
        s = m.group()
        if s[0] == "#":
            return ""
        if s[:3] in ('"""', "'''"):
            return "\n" * s.count("\n")
        return s[0] * 2

    return _SKIPPED.sub(blank, text)


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _key_at(text: str, line: int) -> str:
    """The key path written on ``line`` (the last one, for a line with an inline table)."""
    found = ""
    for key, no in index_lines(text).items():
        if no == line:
            found = key
    return found


def overlong_key(text: str) -> Problem | None:
    """A key or table header of more than MAX_KEY_PARTS dotted parts, if the text has one."""
    if not any(m.group().count(".") >= MAX_KEY_PARTS for m in _RUN.finditer(text)):
        return None  # the usual case: one quick scan
    blank = outside_strings(text)
    m = _DOTTED.search(blank)  # None: the dots were text inside a string after all
    if m is None:
        return None
    line = _line_at(blank, m.start())
    written = text.split("\n", line)[line - 1].strip()
    parts = m.group().count(".") + 1  # exact: the quoted parts of ``blank`` are empty
    return Problem(
        None, line, "",
        f"键名 {brief(one_line(written), 40)} 由 {parts} 段用点连接而成，超过 {MAX_KEY_PARTS} 段，未读取这个文件；"
        "数据和设置文件的键最多只有几段（如 projects.indicators），请检查这一行",
    )


# Every number written with a point or an exponent (and any such digits inside strings: they
# only add candidates). Group 1 or 2 marks one the Rust reader would hand over as an inexact
# float: written with an exponent, or with 16 digits or more (a double holds 15 exactly); such a
# file goes to tomli, which gives Decimal the number's own digits. A number of 16 digits or more
# is always caught at its first digit, where the scan meets it (every match before it ends at
# a character that cannot be part of a number).
_NUMBER = re.compile(r"[0-9](?:([eE]|[0-9_.]{15})|[0-9_]*\.[0-9][0-9_]*([eE])?)")
# The Rust reader takes TOML 1.1, tomli and the writers 1.0: an inline table over several lines
# or with a trailing comma, a \e or \x escape, a time without seconds. Texts that may have one
# of these go to tomli (the patterns also find them inside strings: such a text is only read
# more slowly); a time or date-time read by the Rust reader does too (see _exact_in).
_INLINE_11 = re.compile(r"\{[^}\n]*(?:\n|,[ \t]*\})")
_ESCAPE_11 = re.compile(r"\\[ex]")
_AMBIGUOUS = ""  # the same number written two ways: the text must tell which
_TEXT = frozenset((str,))


def _written(text: str) -> dict[float, str | Decimal] | None:
    """Each number written with a point, keyed by the float the Rust reader makes of it, as
    written (where it gives 770000.0, the file's 770000.00 is what tomli gives and what the
    user wrote); None if the text has a number a float cannot hold exactly."""
    out: dict[float, str | Decimal] = {}
    for m in _NUMBER.finditer(text):
        if m.lastindex:
            return None
        token = m.group()
        if m.start() and text[m.start() - 1] == "-":
            token = "-" + token
        try:
            key = float(token)  # exact: at most 15 digits (a longer number matched above)
        except ValueError:  # 1__0.5, 1.5_: not a TOML number (or text in a string): tomli reads it
            return None
        seen = out.setdefault(key, token)
        if seen is not token and seen != token and seen is not _AMBIGUOUS \
                and Decimal(seen).as_tuple() != Decimal(token).as_tuple():
            out[key] = _AMBIGUOUS  # 1.5 and 1.50, or 0.0 and -0.0
    return out


def _exact_table(table: dict[str, Any], written: dict[float, str | Decimal]) -> bool:
    """Replace the Rust reader's floats, in place, by the Decimals of the numbers as written;
    False where that is not certain (not finite, written two ways, not found)."""
    if set(map(type, table.values())) <= _TEXT:  # most tables (an indicator row): text only
        return True
    return _exact_in(table, table.items(), written)


def _exact_array(array: list[Any], written: dict[float, str | Decimal]) -> bool:
    return _exact_in(array, enumerate(array), written)


def _exact_in(container: Any, items: Any, written: dict[float, str | Decimal]) -> bool:
    for k, v in items:  # replacing a value as it is met: the container keeps its size
        t = type(v)
        if t is str:
            continue
        if t is float:
            d = _decimal_of(v, written)
            if d is None:
                return False
            container[k] = d
        elif (t is dict and not _exact_table(v, written)) or (t is list and not _exact_array(v, written)):
            return False
        elif t is dt.time or t is dt.datetime:  # perhaps written without seconds (TOML 1.1)
            return False
    return True


def _decimal_of(v: float, written: dict[float, str | Decimal]) -> Decimal | None:
    if v - v != 0:  # inf or nan: tomli's reading of those is the one kept
        return None
    found = written.get(v)
    if type(found) is str:
        if found is _AMBIGUOUS:
            return None
        found = written[v] = Decimal(found)  # made once for a number written many times
    return found  # type: ignore[return-value]


def _parse_fast(text: str) -> dict[str, Any] | None:
    """The Rust reader (~3× faster than compiled tomli on a big file) where it gives exactly
    tomli's result; None where tomli must read the text (an inexact or ambiguous number,
    anything the Rust reader refuses)."""
    if _rust is None or text.startswith(_BOM):  # a BOM: tomli refuses it
        return None
    written = _written(text)
    if written is None or _INLINE_11.search(text) or _ESCAPE_11.search(text):
        return None
    try:
        data = _rust_read(text)
    except Exception:  # any refusal: tomli reads the text again and says why, in its words
        return None
    return data if _exact_table(data, written) else None


# The Rust reader builds its whole reading of a text before it hands the tables over: for a
# 4 MB data file, ~50 MB of memory first touched, which costs it a third of its time. A big
# data file is read in pieces instead, each a run of whole [[projects]] tables of about this
# size (the head before them is one more piece).
_PIECE = 1 << 16
_PROJECTS_AT = re.compile(r"^\[\[projects\]\]", re.M)


def _rust_read(text: str) -> dict[str, Any]:
    """The Rust reader's tables for ``text``, read in pieces where that is the same reading.

    Pieces are cut where a line starts with ``[[projects]]``. Each piece is read from a line
    start outside any string or array, as the whole text would be there (the piece before it
    was read to its end), so a cut inside a multi-line string or array leaves the piece before
    it unfinished and refused. Where every piece is read, the head defines no ``projects`` and
    every later piece defines nothing but ``projects``, a piece can only add projects (each of
    its headers belongs to the projects it starts) and the whole reading is the head with the
    pieces' projects in order. Any other text is read whole (a refusal then is the text's)."""
    assert _rust is not None
    if len(text) < 2 * _PIECE:
        return _rust.loads(text)
    cuts = [0]
    for m in _PROJECTS_AT.finditer(text):
        if len(cuts) == 1 or m.start() - cuts[-1] >= _PIECE:
            cuts.append(m.start())
    if len(cuts) < 3:
        return _rust.loads(text)
    cuts.append(len(text))
    try:
        head = _rust.loads(text[: cuts[1]])
        if "projects" in head:
            return _rust.loads(text)
        projects: list[Any] = []
        for start, end in itertools.pairwise(cuts[1:]):
            piece = _rust.loads(text[start:end])
            if piece.keys() != {"projects"}:  # another table after the projects: read whole
                return _rust.loads(text)
            projects += piece["projects"]
    except Exception:  # a cut inside a string, or a broken text: the whole text says which
        return _rust.loads(text)
    head["projects"] = projects
    return head


def _parse(text: str) -> dict[str, Any]:
    """The fast parser; on a syntax error the standard one again, whose wording and place of
    the error our messages translate (a broken file is rare: the second parse costs nothing)."""
    data = _parse_fast(text)
    if data is not None:
        return data
    parser = _parser()
    try:
        return parser.loads(text, parse_float=_decimal)
    except parser.TOMLDecodeError:
        if parser.__name__ == "tomllib":  # pragma: no cover - it was tomllib already
            raise
    import tomllib

    return tomllib.loads(text, parse_float=_decimal)


def loads(text: str, path: Path | None = None) -> dict[str, Any]:
    """Parse TOML text (numbers with a fraction as exact Decimals); DataError with one
    Chinese Problem naming the line on any failure."""
    problem = overlong_key(text)
    if problem is not None:
        raise DataError([Problem(path, problem.line, problem.keypath, problem.message)])
    try:
        return _parse(text)
    except _decode_errors() as exc:  # evaluated only when something was raised
        raise DataError([toml_problem(exc, path)]) from None
    except _NumberError as exc:
        raise DataError([_number_problem(text, path, exc.token)]) from None
    except RecursionError:
        line = _deepest_line(outside_strings(text))
        raise DataError([Problem(path, line, "", "TOML 嵌套层数太多（数组或内联表套了几百层），无法读取；请检查这一行的括号")]) from None
    except ValueError:  # Python's limit on the digits of an integer (tomllib has no other)
        raise DataError([_long_integer_problem(text, path)]) from None


def _number_problem(text: str, path: Path | None, token: str) -> Problem:
    shown = brief(token, 24)
    blank = outside_strings(text)
    m = re.search(rf"(?<![\w.+-]){re.escape(token)}(?![\w.])", blank)
    line = _line_at(blank, m.start()) if m else None
    key = _key_at(text, line) if line else ""
    return Problem(path, line, key, f"数字 {shown} 超出了能表示的范围（指数太大），无法读取；请检查是否多写了数字")


def _long_integer_problem(text: str, path: Path | None) -> Problem:
    limit = sys.get_int_max_str_digits() or 4300
    blank = outside_strings(text)
    m = re.search(rf"(?<![\w.])[+-]?\d(?:_?\d){{{limit},}}", blank)
    line = _line_at(blank, m.start()) if m else None
    key = _key_at(text, line) if line else ""
    digits = f"有 {sum(c.isdigit() for c in m.group())} 位" if m else "位数太多"
    return Problem(path, line, key, f"整数{digits}，超出了能读取的范围（最多 {limit} 位）；请检查是否多写了数字")


def _deepest_line(text: str) -> int | None:
    """The first line where brackets nest more than a data file ever needs (for the message)."""
    depth = 0
    for no, line in enumerate(text.split("\n"), 1):
        for ch in line:
            if ch in "[{":
                depth += 1
                if depth > _DEEP:
                    return no
            elif ch in "]}":
                depth = max(0, depth - 1)
    return None


# --- settings files ------------------------------------------------------------------------


def read_config(path: Path) -> tuple[dict[str, Any], str, list[Problem]]:
    """A small settings file as (its table, its text, problems). A missing file is an empty
    table without problems; a file that cannot be used is an empty table with one problem
    (the caller then falls back to its defaults)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}, "", []
    except OSError as exc:
        return {}, "", [Problem(path, None, "", f"无法读取：{os_reason(exc)}")]
    if not stat.S_ISREG(st.st_mode):  # a pipe would block the start of the app for ever
        return {}, "", [Problem(path, None, "", "不是普通文件（是文件夹、设备或管道），已忽略")]
    if st.st_size > CONFIG_MAX_BYTES:
        return {}, "", [Problem(path, None, "", f"文件太大（{st.st_size / 1e6:.1f} MB），不像是设置文件，已忽略")]
    try:
        with open(path, "rb") as f:
            data = f.read(CONFIG_MAX_BYTES + 1)
    except OSError as exc:
        return {}, "", [Problem(path, None, "", f"无法读取：{os_reason(exc)}")]
    if len(data) > CONFIG_MAX_BYTES:
        return {}, "", [Problem(path, None, "", "文件太大（超过 1 MB），不像是设置文件，已忽略")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        what = "含有二进制内容" if b"\x00" in data[:4096] else "可能是 GBK 编码"
        return {}, "", [Problem(path, line, "", f"无法读取：文件不是 UTF-8 编码的文本（{what}），已忽略；请用编辑器“另存为 UTF-8”")]
    text = text.removeprefix(_BOM)
    try:
        return loads(text, path), text, []
    except DataError as exc:
        return {}, text, list(exc.problems)


# --- tomllib's messages, in the words users read -------------------------------------------

# (pattern, message): matched with re.S, compiled at the first error (not at every start)
_TOML_MESSAGES: list[tuple[str, str]] = [
    (r"^Invalid statement$", "无法识别的语句：每行应是 键 = 值、[表] 或 [[数组表]]"),
    (r"^Expected newline or end of document after a statement$", "一条语句后面应换行（同一行里多出了内容）"),
    (r"^Expected '=' after a key in a key/value pair$", "键的后面缺少 “=”"),
    (r"^Expected '(.*)'$", "这里缺少 “{0}”"),
    (r"^Found invalid character (.*)$", "出现了不允许的字符 {0}"),
    (r"^Cannot declare (.*) twice$", "表 {0} 声明了两次"),
    (r"^Cannot overwrite a value$", "同一个键写了两次（或与已有的表冲突）"),
    (r"^Cannot mutate immutable namespace (.*)$", "不能再向 {0} 添加内容（它已写成内联表或数组）"),
    (r"^Cannot redefine namespace (.*)$", "不能重新定义 {0}"),
    (r"^Expected '\]' at the end of a table declaration$", "表头缺少结尾的 “]”"),
    (r"^Expected '\]\]' at the end of an array declaration$", "数组表头缺少结尾的 “]]”"),
    (r"^Invalid initial character for a key part$", "键名的开头字符无效（键名含特殊字符时请加双引号）"),
    (r"^Unclosed array$", "数组没有闭合：缺少 “]” 或两项之间缺少逗号"),
    (r"^Unclosed inline table$", "内联表没有闭合：缺少 “}” 或两项之间缺少逗号"),
    (r"^Duplicate inline table key (.*)$", "内联表里的键 {0} 重复"),
    (r"^Unescaped '\\\\' in a string$", "文本中的反斜杠 \\ 要写成 \\\\"),
    (r"^Invalid hex value$", "\\u 转义后的十六进制数无效"),
    (r"^Escaped character is not a Unicode scalar value$", "转义的字符不是有效的 Unicode 字符"),
    (r"^Unterminated string$", "文本没有结束：缺少结尾的引号"),
    (r"^Illegal character '\\n'$", "文本没有结束：这一行缺少结尾的引号（文本中的换行请写 \\n）"),
    (r"^Illegal character (.*)$", "文本中有不允许的控制字符 {0}（换行请写 \\n）"),
    (r"^Invalid date or datetime$", "日期或时间写法无效"),
    (r"^Invalid value$", "值无效：文本要加双引号，数字不加引号"),
]
_AT = re.compile(r"^(.*?) \(at line (\d+), column (\d+)\)$|^(.*?) \(at end of document\)$", re.S)


def _key_text(raw: str) -> str:
    """tomllib names keys as tuples, ``('projects', 'indicators')``: show ``[projects.indicators]``
    (shortened: the key may be a 10 MB line pasted by mistake)."""
    if len(raw) > 2000:  # not worth evaluating: show its start
        return brief(one_line(raw), 60)
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return brief(one_line(raw), 60)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return brief(one_line("[" + ".".join(value) + "]"), 60)
    return brief(one_line(raw), 60)


def toml_problem(exc: Exception, path: Path | None) -> Problem:
    """A Chinese Problem (with its line) for a TOML syntax error."""
    raw = str(exc)
    line = column = None
    m = _AT.match(raw)
    if m and m.group(1) is not None:
        raw, line, column = m.group(1), int(m.group(2)), int(m.group(3))
    elif m:
        raw = m.group(4)
    message = f"TOML 语法错误：{brief(raw, 80)}"
    for pattern, chinese in _TOML_MESSAGES:
        pm = re.match(pattern, raw, re.S)
        if pm:
            # Plain replacement, not str.format: some messages quote braces ("缺少 “}”").
            groups = pm.groups()
            message = "TOML 语法错误：" + (chinese.replace("{0}", _key_text(groups[0])) if groups else chinese)
            break
    if column is not None:
        message += f"（第 {line} 行第 {column} 列）"
    elif m and m.group(4) is not None:
        message += "（在文件末尾）"
    return Problem(path, line, "", message)
