"""``perftui import INPUT.txt [-o OUT.toml]``: a Word-exported text form into a data file.

(The module is named ``import_`` because ``import`` is a Python keyword; users type
``perftui import``.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perftui import store
from perftui.commands.common import EXIT_INPUT, EXIT_OK, chinese_parser, say
from perftui.importers import FALLBACK_ENCODING, decode, import_text
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
    output = Path(args.output) if args.output else source.with_suffix(".toml")
    if output.is_dir():
        output = output / (source.stem + ".toml")
    text = _read(source, args.encoding)
    if text is None:
        return EXIT_INPUT
    if output.exists() and not args.force:
        say(f"{output}: 输出文件已存在；如要覆盖，请加 --force，或用 -o 指定另一个文件名")
        return EXIT_INPUT
    if output.resolve() == source.resolve():
        say(f"{output}: 输出文件不能与输入文件相同")
        return EXIT_INPUT
    result = import_text(text, source)
    doc = result.doc
    for notice in result.notices:
        print(clean(str(notice)), file=sys.stderr)  # path:line: message, as editors and grep print places
    if not doc.projects and not (doc.overall.goal or doc.overall.targets.items or doc.overall.measures.items):
        say(f"{source}: 没有找到可导入的内容（既无第一部分，也无项目绩效目标表），未生成文件")
        return EXIT_INPUT
    try:
        store.save_as(doc, output, overwrite=True)
    except store.WriteError as exc:
        say(str(exc))  # names the file and the reason
        return EXIT_INPUT
    except OSError as exc:
        say(f"{output}: 无法写入输出文件：{exc.strerror or exc}")
        return EXIT_INPUT
    print(
        one_line(f"已导入 {len(doc.projects)} 个项目，{result.indicator_count} 条指标，{len(result.notices)} 条提示 → {output}")
    )
    return EXIT_OK


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
        return _fail(source, f"无法读取输入文件：{exc.strerror or exc}")
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


def _fail(source: Path, message: str) -> None:
    say(f"{source}: {message}")
    return None
