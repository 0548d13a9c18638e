"""The ``[review]`` table of a data file: reading it, writing it, replacing it in a file.

Layout (docs/format.md)::

    [review]                        # 审核：状态与审核意见（perftui 审核时写入）
    status = "退回"                  # 草稿 / 送审 / 退回 / 通过
    by = "县财政局 李审"
    at = "2024-03-05 14:30"

    [[review.projects]]             # 一个项目的审核状态
    project = "13022923P00JXC415060P"   # 项目编码（没有编码时写项目名称）
    status = "退回"

    [[review.opinions]]             # 一条审核意见
    target = { project = "13022923P00JXC415060P", indicator = "城市社区综合服务设施数量", field = "value" }
    opinion = "指标值偏低，请按上年实际调整"
    author = "李审"
    date = "2024-03-05"
    status = "待改"                  # 待改 / 已改 / 不改

The table is ours to write: when the review data changed, a save replaces the whole
``[review]`` part of the file and leaves every other byte as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from perftui.review.model import (
    OPINION_STATUSES,
    REVIEW_STATUSES,
    Opinion,
    ProjectStatus,
    Review,
    Target,
)

Issues = list[tuple[str, str]]

REVIEW_KEYS = ("status", "by", "at", "projects", "opinions")
PROJECT_KEYS = ("project", "status", "by", "at")
OPINION_KEYS = ("target", "opinion", "author", "date", "status", "reply")
TARGET_KEYS = ("project", "indicator", "n", "field")
COMMENT = "审核：状态与审核意见（perftui 审核时写入，格式见 docs/format.md）"

_FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


# --- reading -----------------------------------------------------------------------------


def _describe(value: object) -> str:
    from perftui.schema import describe  # the loader's words for what was written

    return describe(value)


def _unknown(data: dict, allowed: tuple[str, ...], where: str, issues: Issues) -> None:
    for k in data:
        if k not in allowed:
            shown = k if len(k) <= 40 else k[:40] + "…"
            issues.append((f"{where}.{k}", f"未知的键 “{shown}”。这里允许的键：{', '.join(allowed)}"))


def _text(data: dict, k: str, where: str, what: str, issues: Issues) -> str:
    v = data.get(k, "")
    if type(v) is str:
        return v
    if k in ("at", "date") and isinstance(v, dt.date | dt.datetime):
        # A TOML date written by hand (date = 2024-03-05) is read as the same text.
        return v.isoformat(sep=" ", timespec="minutes") if isinstance(v, dt.datetime) else v.isoformat()
    issues.append((f"{where}.{k}", f"{k}（{what}）应为文本（用双引号括起），实际是{_describe(v)}"))
    return ""


def _choice(data: dict, k: str, where: str, what: str, allowed: tuple[str, ...], default: str,
            issues: Issues) -> str:
    if k not in data:
        return default
    v = _text(data, k, where, what, issues)
    if v in allowed:
        return v
    if type(data[k]) is str:
        issues.append((f"{where}.{k}", f"{what}只能是 {'、'.join(allowed)}，实际是 “{v[:20]}”"))
    return default


def _table(value: object, where: str, shape: str, issues: Issues) -> dict | None:
    if type(value) is dict:
        return value
    issues.append((where, f"{shape}，实际是{_describe(value)}"))
    return None


def _target(value: object, where: str, issues: Issues) -> Target:
    data = _table(value, where, "target（意见针对的位置）应写成 { project = \"…\", indicator = \"…\", field = \"…\" }",
                  issues)
    if data is None:
        return Target()
    _unknown(data, TARGET_KEYS, where, issues)
    t = Target(
        project=_text(data, "project", where, "项目编码或名称", issues),
        indicator=_text(data, "indicator", where, "三级指标", issues),
        field=_text(data, "field", where, "字段", issues),
    )
    n = data.get("n", 1)
    if type(n) is not int or not 1 <= n <= 100_000:
        issues.append((f"{where}.n", f"n（同名三级指标中的第几行）应为正整数，实际是{_describe(n)}"))
    else:
        t.n = n
    if t.field and not _FIELD_RE.match(t.field):
        issues.append((f"{where}.field", f"field（字段）应为字段的英文键，如 \"value\" 或 \"overall.goal\"，实际是 “{t.field[:40]}”"))
        t.field = ""
    if t.indicator and not t.project:
        issues.append((where, "target 写了 indicator（三级指标）却没有写 project（项目编码或名称）"))
    return t


def _opinion(value: object, where: str, issues: Issues) -> Opinion | None:
    data = _table(value, where, "审核意见应写成 [[review.opinions]] 表", issues)
    if data is None:
        return None
    _unknown(data, OPINION_KEYS, where, issues)
    if "opinion" not in data:
        issues.append((f"{where}.opinion", "审核意见缺少必填的键 opinion（意见内容）"))
    return Opinion(
        target=_target(data["target"], f"{where}.target", issues) if "target" in data else Target(),
        opinion=_text(data, "opinion", where, "意见内容", issues),
        author=_text(data, "author", where, "审核人", issues),
        date=_text(data, "date", where, "日期", issues),
        status=_choice(data, "status", where, "意见的状态", OPINION_STATUSES, OPINION_STATUSES[0], issues),
        reply=_text(data, "reply", where, "单位答复", issues),
    )


def _project(value: object, where: str, issues: Issues) -> ProjectStatus | None:
    data = _table(value, where, "项目的审核状态应写成 [[review.projects]] 表", issues)
    if data is None:
        return None
    _unknown(data, PROJECT_KEYS, where, issues)
    if "project" not in data:
        issues.append((f"{where}.project", "项目的审核状态缺少必填的键 project（项目编码或名称）"))
    return ProjectStatus(
        project=_text(data, "project", where, "项目编码或名称", issues),
        status=_choice(data, "status", where, "审核状态", REVIEW_STATUSES, REVIEW_STATUSES[0], issues),
        by=_text(data, "by", where, "审核人", issues),
        at=_text(data, "at", where, "时间", issues),
    )


def _entries(data: dict, k: str, build, shape: str, issues: Issues) -> list:
    value = data.get(k)
    if value is None:
        return []
    where = f"review.{k}"
    if type(value) is not list:
        issues.append((where, f"{shape}，实际是{_describe(value)}"))
        return []
    out = []
    for i, item in enumerate(value, 1):
        built = build(item, f"{where}[{i}]", issues)
        if built is not None:
            out.append(built)
    return out


def build(value: object, issues: Issues) -> Review:
    """The Review of a parsed ``[review]`` table; every problem is appended to ``issues``
    with its key path (``review.opinions[2].status``), like the rest of the file."""
    data = _table(value, "review", "review 应为表（[review]）", issues)
    if data is None:
        return Review()
    _unknown(data, REVIEW_KEYS, "review", issues)
    return Review(
        status=_choice(data, "status", "review", "审核状态", REVIEW_STATUSES, REVIEW_STATUSES[0], issues),
        by=_text(data, "by", "review", "审核人", issues),
        at=_text(data, "at", "review", "时间", issues),
        projects=_entries(data, "projects", _project, "项目的审核状态应写成 [[review.projects]] 表", issues),
        opinions=_entries(data, "opinions", _opinion, "审核意见应写成 [[review.opinions]] 表", issues),
    )


# --- writing -----------------------------------------------------------------------------


def _s(text: str) -> str:
    from perftui.tomlwrite import basic_string

    return basic_string(text)


def _target_text(t: Target) -> str:
    parts = []
    if t.project:
        parts.append(f"project = {_s(t.project)}")
    if t.indicator:
        parts.append(f"indicator = {_s(t.indicator)}")
    if t.n != 1:
        parts.append(f"n = {t.n}")
    if t.field:
        parts.append(f"field = {_s(t.field)}")
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def review_toml(review: Review) -> str:
    """The ``[review]`` part as written in a file ("" for an empty review)."""
    if review.is_empty():
        return ""
    out = [f"[review]  # {COMMENT}", f"status = {_s(review.status)}"]
    if review.by:
        out.append(f"by = {_s(review.by)}")
    if review.at:
        out.append(f"at = {_s(review.at)}")
    for p in review.projects:
        out += ["", "[[review.projects]]", f"project = {_s(p.project)}", f"status = {_s(p.status)}"]
        if p.by:
            out.append(f"by = {_s(p.by)}")
        if p.at:
            out.append(f"at = {_s(p.at)}")
    for o in review.opinions:
        out += ["", "[[review.opinions]]", f"target = {_target_text(o.target)}", f"opinion = {_s(o.opinion)}"]
        if o.author:
            out.append(f"author = {_s(o.author)}")
        if o.date:
            out.append(f"date = {_s(o.date)}")
        out.append(f"status = {_s(o.status)}")
        if o.reply:
            out.append(f"reply = {_s(o.reply)}")
    return "\n".join(out) + "\n"


def lines(review: Review) -> list[str]:
    """Lines for a brand-new file (``tomlwrite.dumps``): a blank line, then the table."""
    body = review_toml(review)
    return ["", *body.rstrip("\n").split("\n")] if body else []


# --- replacing it in a file's text -------------------------------------------------------


class Unpatchable(Exception):
    """The review data is written in a way that cannot be replaced as a block."""


def _blocks(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The file's lines and the (start, end) line ranges (0-based, end exclusive) of its
    ``[review…]`` tables, each without the comments and blank lines that lead into the
    next table."""
    from perftui.locate import header_names, statements

    lines_ = text.split("\n")
    headers: list[tuple[int, bool]] = []  # (0-based line, is a review header)
    for no, header, key in statements(text):
        if header is not None:
            _array, names = header_names(header)
            headers.append((no - 1, bool(names) and names[0] == "review"))
        elif not headers and key is not None:
            root = key.group(1).split(".")[0].strip().strip("\"'")
            if root == "review":
                raise Unpatchable("review written as a top-level key")
    blocks: list[tuple[int, int]] = []
    for k, (start, is_review) in enumerate(headers):
        if not is_review or (k and headers[k - 1][1]):
            continue
        end = next((line for line, r in headers[k + 1:] if not r), len(lines_))
        while end - 1 > start and (not lines_[end - 1].strip() or lines_[end - 1].lstrip().startswith("#")):
            end -= 1
        blocks.append((start, end))
    return lines_, blocks


def replace_in_text(text: str, review: Review) -> str:
    """``text`` with its ``[review]`` part replaced by ``review`` (added at the end when
    the file has none; removed when ``review`` is empty). Nothing else changes."""
    lines_, blocks = _blocks(text)
    new = review_toml(review).rstrip("\n")
    if not blocks:
        if not new:
            return text
        base = text.rstrip("\n")
        return (base + "\n\n" if base else "") + new + "\n"
    out: list[str] = []
    pos = 0
    for n, (start, end) in enumerate(blocks):
        out.extend(lines_[pos:start])
        if n == 0 and new:
            out.extend(new.split("\n"))
        pos = end
        # Exactly one blank line before the table that follows.
        while pos + 1 < len(lines_) and not lines_[pos].strip():
            pos += 1
        if lines_[pos].strip() and out and out[-1].strip():
            out.append("")
    out.extend(lines_[pos:])
    result = "\n".join(out)
    if not new and all(not line.strip() for line in lines_[blocks[-1][1]:]):
        # The removed table was the last one: no blank lines left hanging at the end.
        result = result.rstrip("\r\n") + ("\n" if text.endswith("\n") else "")
    return result


def patch(text: str, old: Any, new: Any) -> tuple[str, Any]:
    """For ``tomledit``: when the review data differ, ``text`` with the new ``[review]`` part
    and ``old`` with the new review (so the rest of the diff no longer sees it)."""
    if old.review == new.review:
        return text, old
    return replace_in_text(text, new.review), dataclasses.replace(old, review=new.review)
