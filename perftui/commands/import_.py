"""``perftui import INPUT.txt [-o OUT.toml]``: a Word-exported text form into a data file.

(The module is named ``import_`` because ``import`` is a Python keyword; users type
``perftui import``.)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from perftui import store
from perftui.commands.common import EXIT_INPUT, EXIT_OK, chinese_parser, say
from perftui.errors import DataError, os_reason
from perftui.importers import FALLBACK_ENCODING, decode, import_text
from perftui.outputs import same_file, write_reason
from perftui.safetext import clean, one_line


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = chinese_parser(
        subparsers,
        "import",
        help="导入 Word 导出的文本格式绩效目标（.txt），生成数据文件（.toml）",
        description=(
            "读取从 Word 另存为“纯文本”的部门预算绩效文本（第一部分整体目标、第二部分项目绩效目标表），"
            "逐字保存为 perftui 数据文件。无法归位的文字和异常情况逐条提示行号，不会悄悄丢弃。"
        ),
        epilog=(
            "读不出任何项目名称、金额、指标或第一部分内容时（例如别的版式的文件），不生成文件，并列出缺少什么、在哪几行。\n"
            "退出码：0 已导入；2 输入无法读取、没有可导入的内容或输出位置无法写入（均未生成文件）。"
        ),
    )
    parser.add_argument("input", metavar="输入文件", help="Word 导出的文本文件，如 绩效目标.txt")
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
        help=f"输入文件的编码（默认 utf-8；utf-8 读不通时自动改用 {FALLBACK_ENCODING}，即 GBK 的超集）",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.input)
    text = _read(source, args.encoding)
    if text is None:
        return EXIT_INPUT
    output = _output(source, args.output, args.force)
    if output is None:
        return EXIT_INPUT
    result = import_text(text, source)
    doc = result.doc
    if not result.ok:
        return _failed(source, result)
    for notice in result.notices:
        print(clean(str(notice)), file=sys.stderr)  # path:line: message, as editors and grep print places
    try:
        store.save_as(doc, output, overwrite=args.force)
    except store.ConflictError:  # made by someone else while this import ran
        say(f"{output}: 输出文件已存在；如要覆盖，请加 --force，或用 -o 指定另一个文件名")
        return EXIT_INPUT
    except store.ReadOnlyFileError:  # not replaced even with --force: the owner made it read-only
        say(f"{output}: 是只读文件，没有覆盖（原文件未改动）；请先修改文件权限，或用 -o 指定另一个文件名")
        return EXIT_INPUT
    except OSError as exc:  # WriteError included: nothing half-written is left
        kept = "原文件未改动" if os.path.lexists(output) else "未生成文件"
        say(f"{output}: 无法写入输出文件：{write_reason(exc)}（{kept}）")
        return EXIT_INPUT
    except DataError as exc:  # the save's own read-back check: never a file that would not load
        for problem in exc.problems:
            say(f"{source}: 导入的内容无法保存为数据文件，未生成 {output}：{problem.keypath} {problem.message}")
        return EXIT_INPUT
    print(
        one_line(f"已导入 {len(doc.projects)} 个项目，{result.indicator_count} 条指标，{len(result.notices)} 条提示 → {output}")
    )
    return EXIT_OK


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
    say(
        f"{source}: 没有可导入的内容，未生成文件。这份文件可能不是所支持的版式"
        "（Word 另存为纯文本的部门预算绩效文本：第一部分整体目标，第二部分各“……绩效目标表”）"
    )
    return EXIT_INPUT


def _output(source: Path, given: str | None, force: bool) -> Path | None:
    """The data file to write, or None after saying why it cannot be written there."""
    output = Path(given) if given else source.with_suffix(".toml")
    try:
        if output.is_dir():
            output = output / (source.stem + ".toml")
        if same_file(output, source):
            return _fail(output, f"输出文件不能是输入文件 {source} 本身")
        os.stat(output)  # follows symlinks: a loop or a bad path component shows here
    except FileNotFoundError:
        return output  # new file (or a symlink to one yet to be made)
    except OSError as exc:
        return _fail(output, f"无法写入输出文件：{os_reason(exc)}")
    except ValueError:
        return _fail(output, "文件名中含有不允许的字符")
    if output.is_dir():
        return _fail(output, "这是一个文件夹；请用 -o 指定文件名")
    if not output.is_file():
        return _fail(output, "这不是普通文件（是设备或管道），不能写入数据")
    if not force:
        return _fail(output, "输出文件已存在；如要覆盖，请加 --force，或用 -o 指定另一个文件名")
    return output


def _read(source: Path, encoding: str | None) -> str | None:
    """The input's text, or None after printing why it cannot be read."""
    if source.exists() and not source.is_file() and not source.is_dir():
        return _fail(source, "这不是普通文件（是设备或管道），不能作为文本读取")
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return _fail(source, "找不到输入文件")
    except IsADirectoryError:
        return _fail(source, "这是一个文件夹，不是文本文件")
    except PermissionError:
        return _fail(source, "没有读取这个文件的权限")
    except OSError as exc:
        return _fail(source, f"无法读取输入文件：{os_reason(exc)}")
    try:
        text, used = decode(data, encoding or "utf-8", fallback=encoding is None)
    except LookupError:
        return _fail(source, f"不认识的编码名称“{encoding}”（可用如 utf-8、gb18030、gbk）")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        tried = encoding or f"utf-8 和 {FALLBACK_ENCODING}"
        return _fail(source, f"第 {line} 行无法按 {tried} 编码读取；请用 --encoding 指定文件的编码")
    if used != (encoding or "utf-8"):
        known = {FALLBACK_ENCODING: f"{FALLBACK_ENCODING}（GBK）", "utf-16": "UTF-16（Word 的“Unicode”文本）"}
        say(f"{source}: 不是 UTF-8 编码，已按 {known.get(used, used)} 读取")
    if "\x00" in text:
        return _fail(source, "这不是文本文件（含有二进制内容）；请先在 Word 中“另存为”纯文本（.txt）")
    return text


def _fail(path: Path, message: str) -> None:
    say(f"{path}: {message}")
    return None
