"""``perftui review FILE [-o 报告.md|.xlsx|.docx]``: the review report to send back to the unit.

Exit codes: 0 nothing left open; 1 an opinion 待改 or a finding of severity 错误 remains;
2 bad usage, or the file could not be read (a file whose TOML reads but whose content has
format problems still gets its report, with the problems listed, and exit code 2).
"""

from __future__ import annotations

import argparse
import tomllib
from decimal import Decimal
from pathlib import Path

from perftui.atomic import WriteError, write_atomic
from perftui.commands.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, chinese_parser, report, say
from perftui.errors import DataError, UsageError
from perftui.review import report as review_report
from perftui.safetext import one_line

FORMATS = {".md": "markdown", ".markdown": "markdown", ".xlsx": "xlsx", ".docx": "docx"}


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "review",
        help="审核报告：审核状态、审核意见和检查结果，按项目列出",
        description=(
            "列出数据文件的审核状态、全部审核意见（待改/已改/不改）和检查发现的问题，按部门整体和每个项目分开，\n"
            "可直接发回单位修改。原位置已不存在的意见（行被删除或改名）单独列出，不会丢失。\n"
            "审核意见和状态在界面中以 perftui --review 文件 写入（见 docs/format.md 的 [review] 表）。"
        ),
        epilog=(
            "示例：\n"
            "  perftui review data/439001-2023.toml\n"
            "  perftui review data/439001-2023.toml -o 审核报告.docx\n"
            "  perftui review data/439001-2023.toml -o 审核报告.xlsx\n\n"
            "退出码：0 没有待改的意见和错误；1 还有待改的意见或“错误”级问题；2 文件无法读取或用法错误\n"
            "（文件内容有格式问题时仍输出报告并列出问题，退出码为 2）。"
        ),
    )
    p.add_argument("path", metavar="文件", help="数据文件（.toml）")
    p.add_argument("-o", "--output", metavar="输出", help="把报告写入文件：.md、.xlsx 或 .docx（默认打印到屏幕）")
    p.set_defaults(func=run)


def load_for_review(path: Path):
    """(document, problems): a file whose TOML reads is reviewed even when its content has
    format problems (the values that could not be read are left blank and listed)."""
    from perftui import store
    from perftui.schema import build_document

    try:
        return store.load(path).doc, []
    except DataError as exc:
        failure = exc
    try:
        text, _bom = store.decode(path.read_bytes(), path)
        data = tomllib.loads(text, parse_float=Decimal)
    except (OSError, DataError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        raise failure from None
    issues: list[tuple[str, str]] = []
    return build_document(data, issues), list(failure.problems)


def _target(path: Path, output: str) -> tuple[Path, str]:
    out = Path(output)
    kind = FORMATS.get(out.suffix.lower())
    if out.suffix.lower() == ".toml" or (out.exists() and out.resolve() == path.resolve()):
        raise UsageError(f"输出 {out} 是数据文件，不能用报告覆盖它；请用 -o 指定 .md、.xlsx 或 .docx 文件名")
    if kind is None:
        raise UsageError(f"不认识输出文件 {out} 的类型：请用 .md、.xlsx 或 .docx 结尾")
    return out, kind


def write_report(rep, out: Path, kind: str) -> None:
    """Write the report atomically (a workbook or document open in Excel/WPS/Word is refused)."""
    from perftui.export.safewrite import write_atomically

    if kind == "markdown":
        write_atomic(out, review_report.markdown(rep).encode("utf-8"))
    elif kind == "xlsx":
        write_atomically(out, lambda tmp: write_workbook(rep, tmp))
    else:
        from perftui.review.docx import write_docx

        write_atomically(out, lambda tmp: write_docx(rep, tmp))


def write_workbook(rep, path: Path) -> Path:
    from xlsxwriter import Workbook

    from perftui.export.sheetnames import SheetNamer
    from perftui.export.styles import Styles
    from perftui.export.xlsx import FIXED_CREATED, WORKBOOK_OPTIONS, write_grid

    wb = Workbook(str(path), WORKBOOK_OPTIONS)
    try:
        wb.set_properties({"created": FIXED_CREATED, "title": f"{rep.title} 审核报告"})
        write_grid(wb.add_worksheet(SheetNamer().take(review_report.SHEET_TITLE)), review_report.grid(rep), Styles(wb))
    finally:
        wb.close()
    return path


def build(path: Path):
    from perftui.checks import check_document, settings_for

    doc, problems = load_for_review(path)
    settings = settings_for(doc)
    findings = check_document(doc, settings, path)
    rep = review_report.build_report(doc, findings, path=path, problems=problems, off_rules=settings.off_lines())
    return rep, problems


def run(args: argparse.Namespace) -> int:
    from perftui.export.safewrite import TargetBusy

    path = Path(args.path)
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹：审核报告针对一个单位的数据文件，请给出文件名")
    target = _target(path, args.output) if args.output else None
    rep, problems = build(path)
    report(problems)
    if target is None:
        print(review_report.text(rep).rstrip("\n"))
    else:
        out, kind = target
        try:
            write_report(rep, out, kind)
        except (TargetBusy, WriteError) as exc:
            say(str(exc))
            return EXIT_FINDINGS
        print(one_line(f"已写出审核报告 {out}（{rep.summary()}）"))
    if problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if rep.open else EXIT_OK


__all__ = ["build", "load_for_review", "register", "run", "write_report"]
