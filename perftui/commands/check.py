"""``perftui check PATH...``: review data files like the finance bureau would.

Exit codes: 0 no 错误; 1 some 错误; 2 a file or folder could not be read (the others are
still checked and reported).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from perftui import jsontext
from perftui.checks import Finding, Settings, Severity, check_fast, settings_for
from perftui.commands.common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    add_width_option,
    chinese_parser,
    load_inputs,
    output_width,
    report,
)
from perftui.errors import Problem, UsageError
from perftui.forms import profile_of
from perftui.linebreak import display_width, wrap_parts, wrap_text
from perftui.safetext import brief, clean, one_line
from perftui.store import Loaded


def _severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except ValueError:
        raise UsageError(f"--min-severity 的值「{text}」无法识别：可用 错误、警告、提示（或 error、warning、hint）") from None


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "check",
        help="审核数据文件：按财政审核要点逐项检查，给出位置和修改建议",
        description=(
            "按预算绩效目标审核要点检查数据文件（金额、支出计划、指标体系、指标值、编码、第一部分文字与项目表是否一致等）。\n"
            "每条问题写明项目、行和修改办法；阈值和关闭的规则见数据文件的 [checks] 表和用户配置\n"
            "（$XDG_CONFIG_HOME/perftui/config.toml），规则清单见 docs/checks.md。"
        ),
        epilog=(
            "示例：\n"
            "  perftui check                       （自带的示例）\n"
            "  perftui check data/439001-2023.toml\n"
            "  perftui check data/ --min-severity 警告\n"
            "  perftui check data/ --format json > 审核结果.json\n"
            "  perftui check 单位.toml --format markdown > 审核意见.md\n"
            "  perftui check data/ > 审核结果.txt      （写入文件：每条问题一行，不折行）\n\n"
            "退出码：0 没有错误；1 有“错误”级问题；2 有文件无法读取或用法错误（其余文件照常检查）。"
        ),
    )
    p.add_argument("paths", nargs="*", metavar="路径",
                   help="数据文件（.toml）或文件夹（检查其中所有数据文件）；省略时检查自带的示例")
    p.add_argument("--format", "-f", choices=("table", "json", "markdown"), default="table", metavar="格式",
                   help="输出格式：table（默认，终端表格）、json（供脚本使用）、markdown（贴入审核意见）")
    p.add_argument("--min-severity", "-s", default="提示", metavar="级别",
                   help="只显示该级别及以上的问题：错误、警告、提示（默认，全部显示）；也可写 error/warning/hint")
    add_width_option(p, "表格宽度：说明一栏在此宽度内折行，不拆开编码和数字")
    p.set_defaults(func=run)


@dataclass
class FileResult:
    """The findings of one checked file."""

    loaded: Loaded
    settings: Settings
    findings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.loaded.path


def counts(findings: list[Finding]) -> dict[Severity, int]:
    out = {s: 0 for s in Severity}
    for f in findings:
        out[f.severity] += 1
    return out


def summary_line(findings: list[Finding]) -> str:
    c = counts(findings)
    return f"{c[Severity.ERROR]} 错误 · {c[Severity.WARNING]} 警告 · {c[Severity.HINT]} 提示"


def place(f: Finding) -> str:
    """A short place for tables: ``编码 第4行``, ``分项目标第1条``, ``文档``."""
    if f.item_index is not None:
        return f"分项目标第{f.item_index + 1}条"
    if f.project_index is None:
        return "文档"
    where = f.project_code or f"第{f.project_index + 1}个项目"
    if f.indicator_index is not None:
        where += f" 第{f.indicator_index + 1}行"
    return where


def _collect(paths: list[str]) -> tuple[list[FileResult], list[Problem]]:
    inputs = load_inputs(paths)
    results = []
    for lo in inputs.loaded:
        settings = settings_for(lo.doc)
        results.append(FileResult(lo, settings, check_fast(lo.doc, settings, lo.path)))
    return results, inputs.problems


def _header(r: FileResult) -> str:
    path, unit, tail = _header_parts(r)
    return f"{path}：{unit}{tail}"


def _header_parts(r: FileResult) -> tuple[str, str, str]:
    """The file's path, its unit, and （year · project count）."""
    doc = r.loaded.doc
    unit = brief(doc.unit.name or doc.unit.code or "未填单位", 60)
    year = f"{doc.unit.year}年" if doc.unit.year else "年度未填"
    return one_line(str(r.path)), one_line(unit), f"（{year} · {len(doc.projects)} 个项目）"


def _header_lines(r: FileResult, width: int | None) -> list[str]:
    """The file's heading; when it does not fit, the unit goes on the next line, whole if it
    can, and its （year · count） after it rather than cut in two."""
    text = _header(r)
    if width is None or display_width(text) <= width:
        return [text]
    path, unit, tail = _header_parts(r)
    return [*_wrapped(path + "：", width), *("  " + line for line in wrap_parts([unit, tail], width - 2, sep=""))]


SEVERITY_COLUMN = 4  # 错误 / 警告 / 提示
GAP = "  "
NARROW_TEXT = 24  # below this many columns for 说明, each finding's text goes under its rule


def _findings(rows: list[Finding], width: int | None) -> list[str]:
    """The findings as a table: 级别, 规则, 说明. ``width`` None (a file or pipe): one finding
    per line, never wrapped. Otherwise 说明 wraps within the width at safe places, its
    continuation lines under its first; on a very narrow terminal it goes under its rule."""
    messages = [one_line(f.message) for f in rows]
    rule_w = max(4, *(display_width(f.rule) for f in rows))
    indent = SEVERITY_COLUMN + len(GAP) + rule_w + len(GAP)
    room = None if width is None else width - indent
    if width is not None and width - indent < NARROW_TEXT:
        out = []
        for f, text in zip(rows, messages, strict=True):
            out.append(f"{f.severity.value}{GAP}{f.rule}")
            out += ["  " + line for line in wrap_text(text, width - 2)]
        return out
    # The rule under 说明 spans its column within the width (without one, just the heading).
    text_w = 4 if room is None else min(room, max(display_width(m) for m in messages))
    out = [
        f"{_cell('级别', SEVERITY_COLUMN)}{GAP}{_cell('规则', rule_w)}{GAP}说明",
        f"{'-' * SEVERITY_COLUMN}{GAP}{'-' * rule_w}{GAP}{'-' * max(text_w, 4)}",
    ]
    for f, text in zip(rows, messages, strict=True):
        lines = wrap_text(text, room)
        out.append(f"{_cell(f.severity.value, SEVERITY_COLUMN)}{GAP}{_cell(f.rule, rule_w)}{GAP}{lines[0]}".rstrip())
        out += [" " * indent + line for line in lines[1:]]
    return out


def _cell(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _wrapped(text: str, width: int | None) -> list[str]:
    """A line of the report within the width; its continuation lines indented."""
    return [("  " + line if k else line) for k, line in enumerate(wrap_text(text, width, None if width is None else width - 2))]


def _table(results: list[FileResult], shown: dict[Path, list[Finding]], width: int | None) -> str:
    out = []
    for r in results:
        out += _header_lines(r, width)
        rows = shown[r.path]
        if rows:
            out += _findings(rows, width)
        elif r.findings:
            out.append("（没有达到所选级别的问题）")
        else:
            out.append("没有发现问题。")
        for line in r.settings.off_lines():
            out += _wrapped(one_line(line), width)
        out += _wrapped(f"小计：{summary_line(r.findings)}", width)
        out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    """Text for one Markdown table cell (or heading): no control characters, ``|`` and ``\\``
    escaped, no raw HTML, line breaks as ``<br>``."""
    text = clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br>")


def _markdown(results: list[FileResult], shown: dict[Path, list[Finding]]) -> str:
    out = ["# 绩效目标审核意见", ""]
    for r in results:
        out += [f"## {_md_cell(_header(r))}", ""]
        rows = shown[r.path]
        if rows:
            out += ["| 级别 | 规则 | 位置 | 说明 |", "|---|---|---|---|"]
            out += [f"| {f.severity.value} | {f.rule} | {_md_cell(place(f))} | {_md_cell(f.message)} |" for f in rows]
        else:
            out.append("没有发现问题。" if not r.findings else "（没有达到所选级别的问题）")
        out.append("")
        for line in r.settings.off_lines():
            out.append(f"- {_md_cell(line)}")
        out += [f"小计：{summary_line(r.findings)}", ""]
    return "\n".join(out)


def _json(results: list[FileResult], shown: dict[Path, list[Finding]], problems: list[Problem]) -> str:
    every = [f for r in results for f in r.findings]
    c = counts(every)
    data = {
        "findings": [f.to_dict(profile) for r in results for profile in (profile_of(r.loaded.doc),)
                     for f in shown[r.path]],
        "files": [
            {
                "file": str(r.path),
                "unit": r.loaded.doc.unit.name,
                "year": r.loaded.doc.unit.year,
                "projects": len(r.loaded.doc.projects),
                "summary": {s.key: n for s, n in counts(r.findings).items()},
                "off_rules": [{"rule": rid, "reason": reason, "source": r.settings.off_source.get(rid, "")}
                              for rid, reason in sorted(r.settings.off.items())],
            }
            for r in results
        ],
        "problems": [{"file": str(p.path) if p.path else None, "line": p.line, "key": p.keypath, "message": p.message}
                     for p in problems],
        "summary": {
            "error": c[Severity.ERROR],
            "warning": c[Severity.WARNING],
            "hint": c[Severity.HINT],
            "files": len(results),
            "unreadable": len({p.path for p in problems}),
            "text": summary_line(every),
        },
    }
    return jsontext.dumps(data)


def _sample() -> str:
    from perftui import resources

    return str(resources.sample_path())


def run(args: argparse.Namespace) -> int:
    floor = _severity(args.min_severity)
    results, problems = _collect(args.paths or [_sample()])
    shown = {r.path: [f for f in r.findings if f.severity >= floor] for r in results}
    every = [f for r in results for f in r.findings]
    report(problems)
    if args.format == "json":
        print(_json(results, shown, problems))
    else:
        width = output_width(args.width)
        body = _markdown(results, shown) if args.format == "markdown" else _table(results, shown, width)
        print(body.rstrip("\n"))
        total = summary_line(every)
        note = f"（只显示{floor.value}及以上）" if floor is not Severity.HINT else ""
        files = f"{len(results)} 个文件：" if len(results) > 1 else ""
        unreadable = f"；{len({p.path for p in problems})} 个文件无法读取" if problems else ""
        line = f"{files}{total}{unreadable}{note}"
        print(f"\n**合计：{line}**" if args.format == "markdown" else "\n".join(_wrapped(line, width)))
    if problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in every) else EXIT_OK
