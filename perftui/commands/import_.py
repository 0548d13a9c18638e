"""``perftui import INPUT [-o OUT] [--form F] [--dry-run]``: a Word, Excel or text file of
any shipped form (or a folder of them) into data files.

(The module is named ``import_`` because ``import`` is a Python keyword; users type
``perftui import``.)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from perftui.commands.common import EXIT_INPUT, EXIT_OK, chinese_parser, save_new, say
from perftui.errors import os_reason
from perftui.forms import DEFAULT_FORM, PROFILES
from perftui.importers.anyfile import SourceError, import_file
from perftui.importers.sources import FALLBACK_ENCODING
from perftui.outputs import same_file, write_reason
from perftui.safetext import clean, one_line


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = chinese_parser(
        subparsers,
        "import",
        help="导入 Word（.docx）、Excel（.xlsx）或 Word 导出的文本（.txt）绩效目标，生成数据文件（.toml）",
        description=(
            "读取 Word 文档（.docx/.docm）、Excel 工作簿（.xlsx/.xlsm/.xls）或从 Word 另存为“纯文本”的文件，"
            "按栏目名称认出是哪一种官方表样（" + "、".join(PROFILES) + "），逐字保存为 perftui 数据文件。"
            "perftui 自己导出的工作簿也能导回。无法归位的文字和异常情况逐条提示位置"
            "（文本的行号，Word 的“表 3 第 5 行第 2 格”，Excel 的“工作表!C7”），不会悄悄丢弃。宏从不运行。"
        ),
        epilog=(
            "输入是文件夹时，导入其中每个 .docx/.docm/.xlsx/.xlsm/.xls/.txt 文件，每个文件一行结果，最后一行合计；"
            "-o 给出放数据文件的文件夹（默认与输入相同）。\n"
            "读不出任何项目名称、金额、指标或部门整体内容时，不生成文件，并列出缺少什么、在哪里。"
            "设了密码、已损坏、被截断、过大、类型不符（如改了扩展名的 PDF）的文件同样不生成文件。\n"
            "退出码：0 已导入；2 输入无法读取、认不出表样、没有可导入的内容或输出位置无法写入（均未生成文件）。"
        ),
    )
    parser.add_argument("input", metavar="输入文件", help="Word/Excel/文本文件，或放这些文件的文件夹")
    parser.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="要生成的数据文件，或放它的文件夹（默认：与输入文件同名、扩展名为 .toml，放在同一文件夹）",
    )
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认拒绝覆盖）")
    parser.add_argument(
        "--encoding",
        metavar="编码",
        help=f"文本输入的编码（默认 utf-8；utf-8 读不通时自动改用 {FALLBACK_ENCODING}，即 GBK 的超集）",
    )
    parser.add_argument(
        "--form",
        metavar="表样",
        choices=list(PROFILES),
        help="按这种表样读取（默认按栏目名称自动认出；认不准时用它指定）：" + "、".join(PROFILES),
    )
    parser.add_argument("--dry-run", action="store_true", help="只显示会导入什么和各条提示，不写文件")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.input)
    if source.is_dir():
        return _folder(source, args)
    output = None
    if not args.dry_run:
        output = _output(source, args.output, args.force)
        if output is None:
            return EXIT_INPUT
    result = _import(source, args)
    if result is None:
        return EXIT_INPUT
    if not result.ok:
        return _failed(source, result)
    for notice in result.notices:
        print(clean(str(notice)), file=sys.stderr)  # path:line: message, as editors and grep print places
    counted = f"{result.summary}，{len(result.notices)} 条提示"
    if output is None:
        print(one_line(f"{counted}（试导入，未写文件；表样：{result.form}）"))
        return EXIT_OK
    if not _save(source, result, output, args.force):
        return EXIT_INPUT
    print(one_line(f"{counted} → {output}"))
    return EXIT_OK


def _import(source: Path, args: argparse.Namespace):
    """The import of one file, or None after saying why it cannot be read."""
    try:
        return import_file(source, form=args.form, encoding=args.encoding)
    except SourceError as exc:
        say(f"{source}: {exc.message}")
        return None
    except RecursionError:
        say(f"{source}: 文件中的表格嵌套层数太多，无法读取")
        return None


def _save(source: Path, result, output: Path, force: bool) -> bool:
    return save_new(result.doc, output, force=force, elsewhere="或用 -o 指定另一个文件名",
                    unsavable=lambda problem: f"{source}: 导入的内容无法保存为数据文件，未生成 {output}：{problem.keypath} {problem.message}")


# Files a folder import reads (lock files ``~$…`` of open documents and hidden files are not).
FOLDER_SUFFIXES = (".docx", ".docm", ".xlsx", ".xlsm", ".xls", ".txt")


def _folder(folder: Path, args: argparse.Namespace) -> int:
    """Every source file of a folder into a folder of data files: one line each, a total."""
    target = Path(args.output) if args.output else folder
    try:
        files = sorted(
            p for p in folder.iterdir()
            if p.suffix.lower() in FOLDER_SUFFIXES and not p.name.startswith((".", "~$")) and p.is_file()
        )
    except OSError as exc:
        say(f"{folder}: 无法读取文件夹：{write_reason(exc)}")
        return EXIT_INPUT
    if not files:
        say(f"{folder}: 这是一个文件夹，里面没有可导入的文件（{'、'.join(FOLDER_SUFFIXES)}）")
        return EXIT_INPUT
    if not args.dry_run:
        if (target.exists() or target.suffix.lower() == ".toml") and not target.is_dir():
            say(f"{target}: 输入是文件夹时，-o 应是放数据文件的文件夹")
            return EXIT_INPUT
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            say(f"{target}: 无法建立输出文件夹：{write_reason(exc)}")
            return EXIT_INPUT
    done = failed = projects = indicators = 0
    taken: set[str] = set()
    for path in files:
        stem = path.stem
        name = stem + ".toml"
        if name in taken:  # 2023.docx and 2023.xlsx: the second gets the container in its name
            name = f"{stem}-{path.suffix.lstrip('.').lower()}.toml"
        taken.add(name)
        output = None
        if not args.dry_run:
            output = _output(path, str(target / name), args.force)
            if output is None:
                failed += 1
                continue
        result = _import(path, args)
        if result is None:
            failed += 1
            continue
        if not result.ok:
            for problem in result.failure:
                say(str(problem))
            say(f"{path}: 没有可导入的内容，未生成文件")
            failed += 1
            continue
        if output is not None and not _save(path, result, output, args.force):
            failed += 1
            continue
        for notice in result.notices:
            print(clean(str(notice)), file=sys.stderr)
        done += 1
        projects += len(result.doc.projects)
        indicators += result.indicator_count
        where = f" → {output}" if output is not None else "（试导入，未写文件）"
        print(one_line(f"{path.name}：{result.form}，{result.summary}，{len(result.notices)} 条提示{where}"))
    total = f"合计：{len(files)} 个文件，成功 {done} 个，失败 {failed} 个；共 {projects} 个项目，{indicators} 条指标"
    print(one_line(total))
    return EXIT_OK if failed == 0 else EXIT_INPUT


# A failed import lists this many of its notices (the reasons follow them); a file of another
# layout can give thousands, one per line.
FAILED_NOTICES_SHOWN = 30


def _failed(source: Path, result) -> int:
    """Nothing usable was found: say what is missing and where, write nothing."""
    notices = result.notices
    for notice in notices[:FAILED_NOTICES_SHOWN]:
        print(clean(str(notice)), file=sys.stderr)
    if len(notices) > FAILED_NOTICES_SHOWN:
        say(f"{source}: …另有 {len(notices) - FAILED_NOTICES_SHOWN} 条提示未列出")
    for problem in result.failure:
        say(str(problem))
    if result.form == DEFAULT_FORM and result.kind == "text":
        say(
            f"{source}: 没有可导入的内容，未生成文件。这份文件可能不是所支持的版式"
            "（Word 另存为纯文本的部门预算绩效文本：第一部分整体目标，第二部分各“……绩效目标表”）"
        )
    else:
        say(f"{source}: 没有可导入的内容，未生成文件（按“{result.form}”表样读取）")
    return EXIT_INPUT


def _output(source: Path, given: str | None, force: bool) -> Path | None:
    """The data file to write, or None after saying why it cannot be written there."""
    output = Path(given) if given else source.with_suffix(".toml")
    try:
        if output.is_dir():
            output = output / (source.stem + ".toml")
        if same_file(output, source):
            _fail(output, f"输出文件不能是输入文件 {source} 本身")
            return None
        os.stat(output)  # follows symlinks: a loop or a bad path component shows here
    except FileNotFoundError:
        return output  # new file (or a symlink to one yet to be made)
    except OSError as exc:
        _fail(output, f"无法写入输出文件：{os_reason(exc)}")
        return None
    except ValueError:
        _fail(output, "文件名中含有不允许的字符")
        return None
    if output.is_dir():
        _fail(output, "这是一个文件夹；请用 -o 指定文件名")
        return None
    if not output.is_file():
        _fail(output, "这不是普通文件（是设备或管道），不能写入数据")
        return None
    if not force:
        _fail(output, "输出文件已存在；如要覆盖，请加 --force，或用 -o 指定另一个文件名")
        return None
    return output


def _fail(path: Path, message: str) -> None:
    say(f"{path}: {message}")
