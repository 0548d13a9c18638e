"""``perftui show``: the project list, one project's form, or the whole model as JSON."""

from __future__ import annotations

import argparse
import shutil
from decimal import Decimal
from pathlib import Path

from tabulate import tabulate

from perftui.commands.common import chinese_parser, find_project, load_one_path, report
from perftui.errors import UsageError
from perftui.export.jsondoc import document_json, dumps, project_json
from perftui.layout.forms import project_grid, unit_line
from perftui.layout.text import render
from perftui.model import PLAN_MONTHS, Document, Project
from perftui.money import format_amount, plain_number
from perftui.safetext import one_line

LIST_HEADERS = ("序号", "编码", "名称", "预算数", "财政资金", "其他资金", "支出计划", "指标数")
LIST_ALIGN = ("right", "left", "left", "right", "right", "right", "left", "right")


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "show",
        help="显示项目清单、一个项目的绩效目标表或 JSON",
        description="显示数据文件中的项目清单；用 --project 显示一个项目的绩效目标表（与导出的 Excel 同一版式）。",
        epilog=(
            "示例：\n"
            "  perftui show data/439001-2023.toml\n"
            "  perftui show data/439001-2023.toml --project 1\n"
            "  perftui show data/ --format json > 全部.json\n\n"
            "退出码：0 成功；2 文件无法读取或用法错误（如找不到项目）。"
        ),
    )
    p.add_argument("path", nargs="?", metavar="路径", help="数据文件（.toml）或文件夹；省略时显示自带的示例")
    p.add_argument(
        "--project", "-p", metavar="编码或序号", help="只显示这个项目（项目编码，或从 1 开始的序号）"
    )
    p.add_argument(
        "--format", "-f", choices=("table", "json"), default="table", help="输出格式：table（默认）或 json"
    )
    p.add_argument("--width", type=int, metavar="列数", help="表格宽度（默认取终端宽度）")
    p.set_defaults(func=run)


def plan_text(project: Project) -> str:
    """The spending plan in one cell: ``30/60/90/100``; a blank month is ``-``."""
    return "/".join(plain_number(v) if (v := project.plan.get(m)) is not None else "-" for m in PLAN_MONTHS)


def _total(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def header_line(doc: Document) -> str:
    year = f"{doc.unit.year}年度  " if doc.unit.year else ""
    return f"{one_line(unit_line(doc.unit))}  {year}共 {len(doc.projects)} 个项目  单位：元"


def project_list(doc: Document) -> str:
    """The project list as an aligned table (CJK-aware, amounts formatted here)."""
    rows = [
        [
            str(i),
            one_line(p.code),
            one_line(p.name),
            format_amount(p.budget),
            format_amount(p.fiscal),
            format_amount(p.other),
            plan_text(p),
            str(len(p.indicators)),
        ]
        for i, p in enumerate(doc.projects, 1)
    ]
    ps = doc.projects
    rows.append(
        [
            "",
            "合计",
            "",
            format_amount(_total([p.budget for p in ps])),
            format_amount(_total([p.fiscal for p in ps])),
            format_amount(_total([p.other for p in ps])),
            "",
            str(sum(len(p.indicators) for p in ps)),
        ]
    )
    return tabulate(rows, headers=LIST_HEADERS, disable_numparse=True, colalign=LIST_ALIGN, tablefmt="simple")


def _sample() -> Path:
    from perftui import resources

    return Path(resources.sample_path())


def run(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else _sample()
    loaded, problems = load_one_path(path)
    folder = path.is_dir()
    report(problems)  # a folder: broken files are reported, the others shown
    width = max(args.width or shutil.get_terminal_size((100, 24)).columns, 40)
    if args.project is not None:
        _show_project(loaded, args.project, args.format, width, path, folder)
    elif args.format == "json":
        docs = [document_json(item.doc, item.path) for item in loaded]
        print(dumps(docs if folder else docs[0]))
    else:
        blocks = []
        for item in loaded:
            head = [f"== {one_line(str(item.path))} ==", header_line(item.doc)] if folder else [header_line(item.doc)]
            blocks.append("\n".join([*head, project_list(item.doc)]))
        print("\n\n".join(blocks))
    return 2 if problems else 0


def _show_project(loaded, key: str, fmt: str, width: int, path: Path, folder: bool) -> None:
    """One project's form (or JSON); in a folder, every file's project with that code."""
    found = []
    for item in loaded:
        hit = find_project(item.doc, key)
        if hit is not None and (not folder or hit[1].code == key):
            found.append((item, *hit))
    if not found:
        if folder:
            raise UsageError(f"{path} 的数据文件中找不到项目编码 “{key}”（文件夹里请用项目编码）")
        count = len(loaded[0].doc.projects)
        if not count:
            raise UsageError(f"{path} 中还没有项目，找不到项目 “{key}”")
        raise UsageError(f"{path} 中找不到项目 “{key}”（共 {count} 个项目，可用项目编码或 1–{count} 的序号）")
    if fmt == "json":
        values = [project_json(p, n) for _, n, p in found]
        print(dumps(values[0] if len(values) == 1 else values))
        return
    blocks = []
    for item, _n, p in found:
        lines = render(project_grid(item.doc, p), width)
        if folder:
            lines.insert(0, f"== {one_line(str(item.path))} ==")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
