"""``perftui new PATH [--form F] [--year Y] [--code C] [--name N] [--from OLD]``: start a data
file: blank, of the chosen form, or as a copy of last year's file for the next year.

Budget goals are written in the autumn for the year after: without ``--year`` a blank file is
for next calendar year, a copy for the year after its source's. A copy keeps the projects,
indicators, texts, amounts and the file's own [checks]; it leaves the review of the old round
(审核意见, statuses) behind. What then no longer fits the new year (dates of the old year in
指标值, goals, Part 1 and project names) is what ``perftui check`` reports as DATE-001 to DATE-004
(perftui.nextyear makes the copy, for the app's 新建下一年度 too).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from pathlib import Path

from perftui.commands.common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    chinese_parser,
    load_one_path,
    report,
    save_new,
    say,
)
from perftui.errors import UsageError
from perftui.fields import declared
from perftui.forms import DEFAULT_FORM, PROFILES, get_profile
from perftui.model import Document, Unit
from perftui.nextyear import next_year_copy
from perftui.outputs import write_reason
from perftui.safetext import one_line


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "new",
        help="新建数据文件：空白的某种表样，或照去年的文件建今年的",
        description=(
            "新建一个数据文件（.toml）：不给 --from 时是所选表样（" + "、".join(PROFILES) + "）的空白文件，"
            "只填单位和年度；给 --from 时照去年的文件复制项目、指标、文字和金额，年度加一，"
            "去年的审核意见和审核状态不带入。建好后用 perftui 路径 打开编辑。"
        ),
        epilog=(
            "示例：\n"
            "  perftui new data/439001-2027.toml --code 439001 --name 玉田县无终街道办事处本级\n"
            "  perftui new data/420101-2027.toml --form 88号申报表 --year 2027 --name 武汉市青山区教育局\n"
            "  perftui new data/439001-2027.toml --from data/439001-2026.toml\n\n"
            "不给 --year 时：空白文件是明年（预算在上一年编制），复制的文件是原文件的下一年。\n"
            "缺少的文件夹会一并新建。\n"
            "退出码：0 已新建；1 文件已存在（加 --force 覆盖）或无法写入；2 用法错误或 --from 的文件无法读取。"
        ),
    )
    p.add_argument("path", metavar="路径", help="要新建的数据文件（.toml）")
    p.add_argument("--form", metavar="表样", choices=list(PROFILES),
                   help="表样（默认：--from 文件的表样，否则 " + DEFAULT_FORM + "）：" + "、".join(PROFILES))
    p.add_argument("--year", metavar="年度", help="预算年度（默认见下）")
    p.add_argument("--code", metavar="单位编码", help="单位编码，如 439001")
    p.add_argument("--name", metavar="单位名称", help="单位名称")
    p.add_argument("--from", dest="source", metavar="旧文件", help="照这个数据文件（通常是去年的）建新文件")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖它（默认拒绝覆盖）")
    p.set_defaults(func=run)


def _read(key: str, text: str | None):
    """The typed value of a unit field, read as the app reads it (UsageError if refused)."""
    if text is None:
        return None
    f = declared(Unit, key)
    reading = f.kind.read(text)
    if not reading.ok:
        raise UsageError(f"--{key} 的值「{one_line(text)}」无法使用：{reading.error}")
    if key == "name" and ("\n" in text or "\r" in text):
        raise UsageError("--name 的单位名称应写在一行内")
    return reading.value.strip() if isinstance(reading.value, str) else reading.value


def _blank(form: str) -> Document:
    doc = Document()
    doc.form = "" if form == DEFAULT_FORM else form
    profile = get_profile(form)
    assert profile is not None  # argparse allowed only known forms
    doc.framework = profile.frameworks[0]
    doc.unit.year = dt.date.today().year + 1
    return doc


def _copied(source: Path, form: str | None) -> Document | None:
    if source.is_dir():
        say(f"{source}: --from 要给一个数据文件，不是文件夹")
        return None
    loaded, problems = load_one_path(source)
    if problems:
        report(problems)
        return None
    return next_year_copy(loaded[0].doc, form)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.suffix.lower() != ".toml":
        raise UsageError(f"数据文件的扩展名应是 .toml：{one_line(str(path))}")
    year, code, name = _read("year", args.year), _read("code", args.code), _read("name", args.name)
    if args.source:
        doc = _copied(Path(args.source), args.form)
        if doc is None:
            return EXIT_INPUT
    else:
        doc = _blank(args.form or DEFAULT_FORM)
    if year:
        doc.unit.year = year
    elif not doc.unit.year:  # a source without a year: as a blank file
        doc.unit.year = dt.date.today().year + 1
    if code is not None:
        doc.unit.code = code
    if name is not None:
        doc.unit.name = name
    made = _make_folders(path.parent)
    if made is None:
        return EXIT_FINDINGS
    if not save_new(doc, path, force=args.force, elsewhere="或换一个文件名",
                    unsavable=lambda problem: f"{path}: 新文件的内容无法保存，未生成文件：{problem.keypath} {problem.message}"):
        for folder in reversed(made):  # nothing of a refused file is left behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        return EXIT_FINDINGS
    count = sum(len(p.indicators) for p in doc.projects)
    origin = f"，照 {one_line(str(args.source))} 复制（审核意见未带入）" if args.source else ""
    form = doc.form or DEFAULT_FORM
    if made:
        print(f"已新建文件夹 {one_line(str(made[-1]))}")
    print(f"已新建 {one_line(str(path))}：{form}，{doc.unit.year} 年度，{len(doc.projects)} 个项目，{count} 条指标{origin}。"
          f"用 perftui {one_line(str(path))} 打开编辑。")
    return EXIT_OK


def _make_folders(folder: Path) -> list[Path] | None:
    """Create the missing folders up to ``folder`` (as ``mkdir -p``), outermost first; None,
    with the reason said, where one cannot be made (a file in the way, no permission)."""
    missing: list[Path] = []
    at = folder
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    made: list[Path] = []
    for each in reversed(missing):
        try:
            each.mkdir()
        except FileExistsError:  # made meanwhile: fine, as long as it is a folder
            if each.is_dir():
                continue
            say(f"{each}: 已有同名的文件，不能在它下面新建数据文件")
        except OSError as exc:
            say(f"{each}: 无法新建文件夹：{write_reason(exc)}（未生成文件）")
        else:
            made.append(each)
            continue
        for folder_made in reversed(made):
            with contextlib.suppress(OSError):
                folder_made.rmdir()
        return None
    if not folder.is_dir():
        say(f"{folder}: 不是文件夹，不能在它下面新建数据文件")
        return None
    return made
