"""``perftui diff OLD NEW`` / ``perftui diff FILE --since REV``: what changed between two versions.

Exit codes, like ``diff``: 0 the same content; 1 differences; 2 bad usage or a version
that cannot be read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from perftui.commands.common import EXIT_FINDINGS, EXIT_OK, chinese_parser, say
from perftui.diff import KIND_NAMES, Diff, diff
from perftui.errors import DataError, Problem, UsageError
from perftui.gitversion import GitError, old_document
from perftui.safetext import clean, one_line
from perftui.store import load


def register(sub) -> None:
    p = chinese_parser(
        sub,
        "diff",
        help="比较两个版本：逐项列出改动的项目、指标和字段",
        description=(
            "比较同一单位数据文件的两个版本，按项目（先按项目编码、再按名称对应）列出新增、删除、修改和\n"
            "调整顺序的项目、指标和字段，旧值 → 新值。金额按数值比较（770000 与 770000.00 相同）；\n"
            "只调整顺序记为“移动”，不算修改。审核意见和审核状态不算内容，不参与比较。"
        ),
        epilog=(
            "示例：\n"
            "  perftui diff 第一轮.toml 第二轮.toml\n"
            "  perftui diff data/439001-2023.toml --since HEAD~1      # 与 git 中的上一版比较\n"
            "  perftui diff 旧.toml 新.toml --format markdown > 改动.md\n\n"
            "退出码：0 内容相同；1 有不同；2 文件无法读取或用法错误。"
        ),
    )
    p.add_argument("paths", nargs="+", metavar="文件", help="旧版本和新版本两个数据文件；用 --since 时只给一个文件")
    p.add_argument("--since", metavar="版本", help="与 git 中的这个版本比较（提交号、分支、标签、HEAD~1 等），由 git 读出旧版本")
    p.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text", metavar="格式",
                   help="输出格式：text（默认）、json（供脚本使用）、markdown")
    p.set_defaults(func=run)


def _versions(args: argparse.Namespace):
    if args.since is not None:
        if len(args.paths) != 1:
            raise UsageError("用 --since 时只给一个文件（旧版本由 git 读出）")
        path = Path(args.paths[0])
        new = load(path)
        try:
            old = old_document(path, args.since)
        except GitError as exc:
            raise DataError([Problem(path, None, "", str(exc))]) from None
        return f"{args.since}:{path.name}", old, str(path), new.doc
    if len(args.paths) != 2:
        raise UsageError("请给出旧版本和新版本两个文件，或一个文件加 --since 版本")
    old_path, new_path = (Path(p) for p in args.paths)
    problems: list[Problem] = []
    docs = []
    for p in (old_path, new_path):
        try:
            docs.append(load(p).doc)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return str(old_path), docs[0], str(new_path), docs[1]


def text_report(d: Diff, old_name: str, new_name: str) -> str:
    out = [one_line(f"比较 {old_name} → {new_name}：{d.summary()}")]
    out += [f"  {clean(c.message)}" for c in d.changes]
    return "\n".join(out)


def _md(text: str) -> str:
    text = clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br>")


def markdown_report(d: Diff, old_name: str, new_name: str) -> str:
    out = [f"# 两版比较：{_md(old_name)} → {_md(new_name)}", "", f"{_md(d.summary())}", ""]
    for w in d.warnings:
        out.append(f"> 注意：{_md(w)}")
    if d.warnings:
        out.append("")
    if d.changes:
        out += ["| 序号 | 类型 | 改动 |", "|---|---|---|"]
        out += [f"| {n} | {KIND_NAMES[c.kind]} | {_md(c.message)} |" for n, c in enumerate(d.changes, 1)]
        out.append("")
    return "\n".join(out)


def json_report(d: Diff, old_name: str, new_name: str) -> str:
    data = {
        "old": old_name,
        "new": new_name,
        "equal": d.equal,
        "summary": {**d.counts(), "total": len(d.changes), "text": d.summary()},
        "warnings": d.warnings,
        "changes": [c.to_dict() for c in d.changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def run(args: argparse.Namespace) -> int:
    old_name, old, new_name, new = _versions(args)
    d = diff(old, new)
    for w in d.warnings:
        say(f"注意：{w}")
    render = {"text": text_report, "json": json_report, "markdown": markdown_report}[args.format]
    print(render(d, old_name, new_name))
    return EXIT_OK if d.equal else EXIT_FINDINGS

