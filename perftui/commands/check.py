"""``perftui check PATH...``: review data files like the finance bureau would.

Exit codes: 0 no 错误; 1 some 错误; 2 a file or folder could not be read (the others are
still checked and reported).
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from perftui import jsontext
from perftui.checks import Finding, Settings, Severity, check_fast, settings_for
from perftui.commands.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, chinese_parser, load_inputs, report
from perftui.errors import Problem, UsageError
from perftui.forms import profile_of
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
            "  perftui check data/439001-2023.toml\n"
            "  perftui check data/ --min-severity 警告\n"
            "  perftui check data/ --format json > 审核结果.json\n"
            "  perftui check 单位.toml --format markdown > 审核意见.md\n\n"
            "退出码：0 没有错误；1 有“错误”级问题；2 有文件无法读取或用法错误（其余文件照常检查）。"
        ),
    )
    p.add_argument("paths", nargs="+", metavar="路径", help="数据文件（.toml）或文件夹（检查其中所有数据文件）")
    p.add_argument("--format", "-f", choices=("table", "json", "markdown"), default="table", metavar="格式",
                   help="输出格式：table（默认，终端表格）、json（供脚本使用）、markdown（贴入审核意见）")
    p.add_argument("--min-severity", "-s", default="提示", metavar="级别",
                   help="只显示该级别及以上的问题：错误、警告、提示（默认，全部显示）；也可写 error/warning/hint")
    p.add_argument("--width", type=int, metavar="列数", help="表格宽度（默认取终端宽度）")
    p.set_defaults(func=run)


@dataclass
class FileResult:
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


_NO_LINE_START = frozenset("）」』》】〕，。；：、！？,.;:!?%）")


def wrap(text: str, width: int) -> str:
    """Wrap by display width (a Chinese character takes two columns). Closing punctuation
    never starts a line: the character it closes moves down with it."""
    from wcwidth import wcwidth  # only text output needs it (imported lazily: json starts faster)

    lines: list[str] = []
    line, used = "", 0
    for ch in text:
        if ch == "\n":  # the text's own line breaks stay
            lines.append(line)
            line, used = "", 0
            continue
        w = max(wcwidth(ch), 0)
        if used + w > width and line:
            if ch == " ":  # the break takes the place of the space
                lines.append(line.rstrip(" "))
                line, used = "", 0
                continue
            keep = len(line)
            if ch in _NO_LINE_START:
                while keep > 0 and line[keep - 1] in _NO_LINE_START:
                    keep -= 1
                keep -= 1  # the character the punctuation closes goes down too
            if keep > 0:
                lines.append(line[:keep].rstrip(" "))
                line = line[keep:]
                used = sum(max(wcwidth(c), 0) for c in line)
        line += ch
        used += w
    if line:
        lines.append(line)
    return "\n".join(lines)


def _collect(paths: list[str]) -> tuple[list[FileResult], list[Problem]]:
    inputs = load_inputs(paths)
    results = []
    for lo in inputs.loaded:
        settings = settings_for(lo.doc)
        results.append(FileResult(lo, settings, check_fast(lo.doc, settings, lo.path)))
    return results, inputs.problems


def _header(r: FileResult) -> str:
    doc = r.loaded.doc
    unit = brief(doc.unit.name or doc.unit.code or "未填单位", 60)
    year = f"{doc.unit.year}年" if doc.unit.year else "年度未填"
    return one_line(f"{r.path}：{unit}（{year} · {len(doc.projects)} 个项目）")


def _table(results: list[FileResult], shown: dict[Path, list[Finding]], width: int) -> str:
    from tabulate import tabulate  # imported lazily: json and markdown output do not need it

    out = []
    for r in results:
        out.append(_header(r))
        rows = shown[r.path]
        if rows:
            text_width = max(20, width - 22)
            table = [[f.severity.value, f.rule, wrap(clean(f.message), text_width)] for f in rows]
            out.append(tabulate(table, headers=("级别", "规则", "说明"), tablefmt="simple", disable_numparse=True))
        elif r.findings:
            out.append("（没有达到所选级别的问题）")
        else:
            out.append("没有发现问题。")
        out += [one_line(line) for line in r.settings.off_lines()]
        out.append(f"小计：{summary_line(r.findings)}")
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
        "findings": [f.to_dict(profile_of(r.loaded.doc)) for r in results for f in shown[r.path]],
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


def run(args: argparse.Namespace) -> int:
    floor = _severity(args.min_severity)
    results, problems = _collect(args.paths)
    shown = {r.path: [f for f in r.findings if f.severity >= floor] for r in results}
    every = [f for r in results for f in r.findings]
    report(problems)
    if args.format == "json":
        print(_json(results, shown, problems))
    else:
        width = args.width or shutil.get_terminal_size((100, 24)).columns
        body = _markdown(results, shown) if args.format == "markdown" else _table(results, shown, width)
        print(body.rstrip("\n"))
        total = summary_line(every)
        note = f"（只显示{floor.value}及以上）" if floor is not Severity.HINT else ""
        files = f"{len(results)} 个文件：" if len(results) > 1 else ""
        unreadable = f"；{len({p.path for p in problems})} 个文件无法读取" if problems else ""
        line = f"{files}{total}{unreadable}{note}"
        print(f"\n**合计：{line}**" if args.format == "markdown" else line)
    if problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in every) else EXIT_OK
