"""What the sub-commands share: Chinese ``--help``, reading the data files named on the
command line, and telling the user about problems on stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perftui.errors import DataError, Problem
from perftui.safetext import clean
from perftui.store import Loaded, discover, load_many

if TYPE_CHECKING:
    from perftui.model import Document, Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
NO_DATA_FILES = "文件夹里没有数据文件（*.toml）"


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
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


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        say(str(problem))


@dataclass
class Inputs:
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
    unique = [p for p in files if not (p.resolve() in seen or seen.add(p.resolve()))]
    loaded, errors = load_many(unique)
    for exc in errors:
        problems += exc.problems
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
