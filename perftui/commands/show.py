"""``perftui show``: the project list, one project's form, or the whole model as JSON."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from perftui.commands.common import (
    MAX_WIDTH,
    MIN_WIDTH,
    add_width_option,
    chinese_parser,
    find_project,
    load_one_path,
    output_width,
    report,
)
from perftui.errors import UsageError
from perftui.export.jsondoc import document_json, dumps, project_json
from perftui.forms import profile_of
from perftui.forms.shown import amount_keys, list_columns, main_amount
from perftui.layout.forms import project_grid, unit_line
from perftui.layout.spec import money_text
from perftui.layout.text import render
from perftui.linebreak import display_width, longest_token, wrap_parts, wrap_text
from perftui.model import PLAN_MONTHS, Document, Project
from perftui.money import plain_number
from perftui.safetext import one_line


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "show",
        help="显示项目清单、一个项目的绩效目标表或 JSON",
        description=(
            "显示数据文件中的项目清单；用 --project 显示一个项目的绩效目标表（与导出的 Excel 同一版式）。\n"
            "部门整体支出绩效目标表（整体支出、湖南整体支出等只有部门一张表的格式）显示这张表；文件里另有项目时，\n"
            "项目清单接在表后。\n"
            "输出到终端时按终端宽度排版：项目名称在本列内折行，仍放不下时略去 其他资金、支出计划 等列并在末行注明；\n"
            "写入文件或管道时项目清单不折行（每个项目一行），绩效目标表按 100 列画；--width 指定宽度。"
        ),
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
    add_width_option(p, "输出宽度：项目清单在此宽度内排（名称折行，放不下的列略去并注明），绩效目标表按此宽度画")
    p.set_defaults(func=run)


def plan_text(project: Project) -> str:
    """The spending plan in one cell: ``30/60/90/100``; a blank month is ``-``."""
    return "/".join(plain_number(v) if (v := project.plan.get(m)) is not None else "-" for m in PLAN_MONTHS)


def _total(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def header_parts(doc: Document) -> list[str]:
    """The file's header line, part by part: unit, year, project count, money unit (the
    form's: an 88号 or 101号 list is in 万元, as the form prints it)."""
    year = [f"{doc.unit.year}年度"] if doc.unit.year else []
    return [one_line(unit_line(doc.unit)), *year, f"共 {len(doc.projects)} 个项目", f"单位：{profile_of(doc).money}"]


def header_lines(doc: Document, width: int | None) -> list[str]:
    """The header within ``width``: broken between its parts (a part wider than a line is
    wrapped on its own), never inside 单位：元 or the count."""
    return wrap_parts(header_parts(doc), width)


# 序号 and 名称 always stay; 名称 wraps within its column first, down to NAME_MIN columns.
NAME_MIN = 16
GAP = "  "


def _drop_order(keys: list[str]) -> list[str]:
    """The columns given up, in this order, when the list is wider than the terminal: the
    amounts but the main one (预算数, or the form's first) from the last, the plan or period
    after the first of them, then 指标数, 编码, the main amount."""
    amounts = amount_keys(keys)
    main = main_amount(amounts)
    rest = [k for k in reversed(amounts) if k != main]
    timing = [k for k in ("plan", "period") if k in keys]
    order = [*rest[:1], *timing, *rest[1:], *(k for k in ("count", "code") if k in keys)]
    return order + ([main] if main else [])


def _cell(doc: Document, p: Project, key: str) -> str:
    if key in ("code", "name", "period"):
        return one_line(getattr(p, key))
    if key == "plan":
        return plan_text(p)
    if key == "count":
        return str(len(p.indicators))
    return money_text(profile_of(doc), getattr(p, key))


def _list_columns(doc: Document) -> tuple[list[str], list[str], list[list[str]]]:
    """(keys, headings, cells) of the project list of the document's form: every column,
    heading first, the 合计 row last."""
    ps = doc.projects
    # 编码 heads the code column of every form (its own label, 项目编码 or 项目代码, is longer).
    shown = [("n", "序号"), *((k, "编码" if k == "code" else h) for k, h in list_columns(doc))]
    keys = [k for k, _ in shown]
    amounts = set(amount_keys(keys))
    columns = []
    for key, head in shown:
        cells = [str(i) for i in range(1, len(ps) + 1)] if key == "n" else [_cell(doc, p, key) for p in ps]
        if key in amounts:
            total = money_text(profile_of(doc), _total([getattr(p, key) for p in ps]))
        elif key == "count":
            total = str(sum(len(p.indicators) for p in ps))
        else:
            total = "合计" if key == keys[1] else ""  # under 编码, else under 名称
        columns.append([head, *cells, total])
    return keys, [h for _, h in shown], columns


def _fit(keys: list[str], columns: list[list[str]], width: int | None) -> tuple[list[int], int, list[str]]:
    """(shown column indexes, width of 名称, the keys left out) for ``width``."""
    name = keys.index("name")
    widths = [max(display_width(t) for t in col) for col in columns]
    shown = list(range(len(columns)))
    if width is None:
        return shown, widths[name], []
    dropped: list[str] = []
    unbroken = max(longest_token(t) for t in columns[name])  # a name's code or number stays whole
    need = max(min(widths[name], NAME_MIN), unbroken)
    for key in (None, *_drop_order(keys)):
        if key is not None:
            shown.remove(keys.index(key))
            dropped.append(key)
            if key == "code":  # 合计 moves into 名称
                widths[name] = max(widths[name], display_width("合计"))
        room = width - sum(widths[c] for c in shown if c != name) - len(GAP) * (len(shown) - 1)
        if room >= need:
            return shown, min(widths[name], room), dropped
    return shown, max(room, 2), dropped  # 名称 is last: a code wider than that runs past its own line only


def project_list(doc: Document, width: int | None = None) -> str:
    """The project list of the document's form as an aligned table (CJK-aware, amounts
    formatted here) within ``width`` columns: 名称 wraps at safe places, then columns are left
    out (a last line names them). ``width`` None: every column, each project on one line."""
    keys, headings, columns = _list_columns(doc)
    shown, name_w, dropped = _fit(keys, columns, width)
    name = keys.index("name")
    if "code" in keys and keys.index("code") not in shown:
        columns[name][-1] = "合计"
    amounts = set(amount_keys(keys))
    right = {c for c, k in enumerate(keys) if k in ("n", "count") or k in amounts}
    widths = {c: name_w if c == name else max(display_width(t) for t in columns[c]) for c in shown}
    out = []
    for r in range(len(columns[0])):
        cells = {c: wrap_text(columns[c][r], name_w) if c == name else [columns[c][r]] for c in shown}
        for k in range(max(len(v) for v in cells.values())):
            parts = [_pad(cells[c][k] if k < len(cells[c]) else "", widths[c], c in right) for c in shown]
            out.append(GAP.join(parts).rstrip())
        if r == 0:
            out.append(GAP.join("-" * widths[c] for c in shown))
    if dropped:
        full = sum(max(display_width(t) for t in col) for col in columns) + len(GAP) * (len(columns) - 1)
        full = min(full, MAX_WIDTH)
        gone = "、".join(headings[keys.index(k)] for k in dropped)
        out += wrap_text(f"（宽度不够，未显示：{gone}；--width {full} 可显示全部列）", width)
    return "\n".join(out)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def _sample() -> Path:
    from perftui import resources

    return Path(resources.sample_path())


PRINT_WIDTH = 100  # a form's box table written to a file or pipe without --width


def run(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else _sample()
    loaded, problems = load_one_path(path)
    folder = path.is_dir()
    report(problems)  # a folder: broken files are reported, the others shown
    width = output_width(args.width)
    if args.project is not None:
        _show_project(loaded, args.project, args.format, width, path, folder)
    elif args.format == "json":
        docs = [{**document_json(item.doc, item.path), "review": review_json(item.doc)} for item in loaded]
        print(dumps(docs if folder else docs[0]))
    else:
        blocks = []
        for item in loaded:
            head = wrap_text(f"== {one_line(str(item.path))} ==", width) if folder else []
            blocks.append("\n".join([*head, *_document_lines(item.doc, width)]))
        print("\n\n".join(blocks))
    return 2 if problems else 0


def _document_lines(doc: Document, width: int | None) -> list[str]:
    """What ``show`` prints of one file: the project list; for a form whose table is the
    department's (整体支出: unit, year and money unit are in the table), that table, and the
    project list after it only when the file holds projects."""
    if not department_form(doc):
        return [*header_lines(doc, width), *project_list(doc, width).split("\n")]
    out = form_lines(department_grid(doc), width)
    if doc.projects:
        out += ["", *header_lines(doc, width), *project_list(doc, width).split("\n")]
    return out


def department_form(doc: Document) -> bool:
    from perftui.forms import profile_of
    from perftui.layout.official import form_of

    return form_of(profile_of(doc)).subject == "department"


def department_grid(doc: Document):
    """The department's table of a 整体支出 form, as export and the app's preview draw it."""
    from perftui.forms import profile_of
    from perftui.layout.official import form_of
    from perftui.layout.spec import build

    profile = profile_of(doc)
    return build(form_of(profile), doc, profile)


def form_lines(grid, width: int | None) -> list[str]:
    """A form's grid as box-drawn lines within ``width`` (PRINT_WIDTH for a file or pipe). The
    layout keeps numbers whole and columns at least 4 wide, so it may come out a little wider
    than asked: it is then drawn narrower until it fits, or as narrow as it can be."""
    width = PRINT_WIDTH if width is None else width
    lines = render(grid, width)
    widest = max((display_width(line) for line in lines), default=0)
    asked = width
    for _ in range(16):
        if widest <= width or asked <= MIN_WIDTH:
            break
        # A few columns less may come out no narrower (a column held at its number's width):
        # ask for less again, keeping the narrowest evenly boxed drawing met.
        asked = max(asked - (widest - width), MIN_WIDTH)
        narrower = render(grid, asked)
        got = max((display_width(line) for line in narrower), default=0)
        if got < widest and _boxed_evenly(narrower):
            lines, widest = narrower, got
    return lines


def _boxed_evenly(lines: list[str]) -> bool:
    """Every line of the box is as wide (a column too narrow for one Chinese character is not)."""
    return len({display_width(line) for line in lines if line[:1] in "┌│├└"}) <= 1


def review_json(doc: Document) -> dict:
    """The ``[review]`` data (status, project statuses, opinions), each opinion with whether
    its place still exists (``orphaned``) and, when it does, the project's 序号."""
    from perftui.review.model import find_project as review_project
    from perftui.review.model import locate

    rv = doc.review

    def number(key: str) -> int | None:
        i = review_project(doc, key)
        return None if i is None else i + 1

    return {
        "status": rv.status,
        "by": rv.by,
        "at": rv.at,
        "projects": [
            {"project": s.project, "number": number(s.project), "status": s.status, "by": s.by, "at": s.at}
            for s in rv.projects
        ],
        "opinions": [
            {
                "target": {"project": o.target.project, "indicator": o.target.indicator, "n": o.target.n,
                           "field": o.target.field},
                "level": o.target.level,
                "orphaned": locate(doc, o.target) is None,
                "opinion": o.opinion,
                "author": o.author,
                "date": o.date,
                "status": o.status,
                "reply": o.reply,
            }
            for o in rv.opinions
        ],
    }  # fmt: skip


def project_review_json(doc: Document, project: Project) -> dict:
    """The review of one project: its status (None when never set) and the opinions on it."""
    from perftui.review.model import project_key

    key = project_key(project)
    whole = review_json(doc)
    status = next((s for s in whole["projects"] if s["project"] == key), None)
    opinions = [o for o in whole["opinions"] if o["target"]["project"] == key]
    return {"status": None if status is None else {k: status[k] for k in ("status", "by", "at")}, "opinions": opinions}


def _show_project(loaded, key: str, fmt: str, width: int | None, path: Path, folder: bool) -> None:
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
        values = [{**project_json(p, n), "review": project_review_json(item.doc, p)} for item, n, p in found]
        print(dumps(values[0] if len(values) == 1 else values))
        return
    blocks = []
    for item, _n, p in found:
        lines = form_lines(project_grid(item.doc, p), width)
        if folder:
            lines[:0] = wrap_text(f"== {one_line(str(item.path))} ==", width)
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
