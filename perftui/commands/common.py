"""What the sub-commands share: Chinese ``--help``, reading the data files named on the
command line, and telling the user about problems on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perftui import argparse_zh
from perftui.errors import DataError, Problem
from perftui.safetext import clean
from perftui.store import Loaded, discover, load_many

if TYPE_CHECKING:
    from perftui.model import Document, Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
NO_DATA_FILES = "文件夹里没有数据文件（*.toml）"


class ChineseHelpFormatter(argparse_zh.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def chinese_parser(sub, name: str, *, help: str, description: str, epilog: str = "") -> argparse.ArgumentParser:
    """A sub-command parser whose --help reads in Chinese throughout."""
    parser = sub.add_parser(
        name, help=help, description=description, epilog=epilog, add_help=False, formatter_class=ChineseHelpFormatter
    )
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    return parser


def say(message: str) -> None:
    """One message on stderr as ``perftui: …``; user text in it cannot drive the terminal."""
    print(f"perftui: {clean(message)}", file=sys.stderr)


def save_new(doc: Document, output: Path, *, force: bool, elsewhere: str,
             unsavable: Callable[[Problem], str]) -> bool:
    """Write ``doc`` as the new file ``output`` (replacing one only with ``force``); False, with
    the reason said, where it was not written. ``elsewhere``: how else to go on when the file
    exists; ``unsavable``: the message for a document the save's read-back check refuses."""
    from perftui import store
    from perftui.outputs import write_reason

    try:
        store.save_as(doc, output, overwrite=force)
    except store.ConflictError:  # there, or made by someone else meanwhile
        say(f"{output}: 文件已存在；如要覆盖，请加 --force，{elsewhere}")
        return False
    except store.ReadOnlyFileError:  # not replaced even with --force: the owner made it read-only
        say(f"{output}: 是只读文件，没有覆盖（原文件未改动）；请先修改文件权限，{elsewhere}")
        return False
    except OSError as exc:  # WriteError included: nothing half-written is left
        kept = "原文件未改动" if os.path.lexists(output) else "未生成文件"
        say(f"{output}: 无法写入文件：{write_reason(exc)}（{kept}）")
        return False
    except DataError as exc:  # the save's own read-back check: never a file that would not load
        for problem in exc.problems:
            say(unsavable(problem))
        return False
    return True


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        say(str(problem))


@dataclass
class Inputs:
    """The documents named on the command line, and why the others could not be read."""

    loaded: list[Loaded]  # the files that could be read, in the order named (a folder's sorted)
    problems: list[Problem]  # why the others could not (missing, empty folder, broken file …)


def load_inputs(paths: Sequence[str | Path]) -> Inputs:
    """Every data file named: a file as given, a folder's ``*.toml`` files, each file once.
    A file that cannot be read becomes problems and never stops the others."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        try:
            found = discover(raw)
        except DataError as exc:
            problems += exc.problems
            continue
        if not found:
            problems.append(Problem(Path(raw), None, "", NO_DATA_FILES))
        files += found
    seen: set[Path] = set()
    unique: list[Path] = []
    for p in files:
        where = p.resolve()
        if where not in seen:
            seen.add(where)
            unique.append(p)
    loaded, errors = load_many(unique)
    for error in errors:
        problems += error.problems
    return Inputs(loaded, problems)


def load_one_path(path: Path) -> tuple[list[Loaded], list[Problem]]:
    """The data at one path for show and export: a broken single file (or nothing readable)
    raises DataError; in a folder, broken files are returned as problems beside the good ones."""
    inputs = load_inputs([path])
    if inputs.problems and (not inputs.loaded or not path.is_dir()):
        raise DataError(inputs.problems)
    return inputs.loaded, inputs.problems


def find_project(doc: Document, key: str) -> tuple[int, Project] | None:
    """A project by its code, or by its 1-based number when no code matches."""
    for i, p in enumerate(doc.projects, 1):
        if p.code == key:
            return i, p
    if key.strip().isdigit():
        n = int(key)
        if 1 <= n <= len(doc.projects):
            return n, doc.projects[n - 1]
    return None


# ----- output width and wrapping -------------------------------------------------------

MIN_WIDTH, MAX_WIDTH = 20, 1000


def width_arg(text: str) -> int:
    """``--width``: a whole number of columns, 20–1000."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{clean(text)[:20]}」不是整数列数") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"列数 {value} 超出范围：可用 {MIN_WIDTH}–{MAX_WIDTH}")
    return value


def add_width_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--width", type=width_arg, metavar="列数",
        help=f"{what}（{MIN_WIDTH}–{MAX_WIDTH}）；默认：输出到终端时取终端宽度，写入文件或管道时不折行",
    )  # fmt: skip


def output_width(requested: int | None) -> int | None:
    """The width to fit output to: ``--width`` when given; on a terminal its width (``COLUMNS``
    first, as shells set it); None for a file or pipe, where nothing is wrapped to a width."""
    if requested is not None:
        return requested
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or odd stream: like a file
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    try:
        return max(os.get_terminal_size(sys.stdout.fileno()).columns, MIN_WIDTH)
    except (OSError, ValueError):
        return 80
