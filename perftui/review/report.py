"""The review report sent back to the unit: status, 审核意见 and open findings, per project.

``build_report`` gathers it once; ``text``, ``markdown`` and ``grid`` (for the workbook
sheet and the .xlsx report) render it; ``perftui.review.docx`` writes it for Word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from perftui.diff import field_label
from perftui.errors import Problem
from perftui.review.model import (
    DRAFT,
    OPINION_STATUSES,
    Opinion,
    ProjectStatus,
    Target,
    find_project,
    locate,
    project_key,
)
from perftui.safetext import clean, one_line

TITLE = "审核报告"


# --- where an opinion points, in words -----------------------------------------------------


def dotted_label(context: str, dotted: str) -> str:
    """``overall.targets.items`` → ``分项绩效目标 条目``; ``unit.name`` → ``单位名称``.

    A leading table without a label of its own (unit, overall) only gives the context."""
    parts = [p for p in dotted.split(".") if p]
    words = []
    for i, part in enumerate(parts):
        ctx = parts[i - 1] if i else context
        if i == 0 and part in ("unit", "overall") and len(parts) > 1:
            continue  # the document's own tables give only the context
        label = field_label(ctx, part)
        words.append(label)
    return " ".join(words)


def place_text(doc: Any, target: Target, path: tuple | None = None, *, with_project: bool = False) -> str:
    """Where an opinion points, as the form names it: ``指标值 第1行「城市社区综合服务设施数量」``,
    ``预算数``, ``项目整体``, ``总体绩效目标``; for an orphaned one the place it had."""
    if path is None:
        path = locate(doc, target)
    if path is None:
        where = f"项目「{target.project}」" if target.project else ""
        if target.indicator:
            where += f"指标「{target.indicator}」" + (f"（第{target.n}个同名行）" if target.n > 1 else "")
        if target.field:
            context = "indicator" if target.indicator else ("project" if target.project else "")
            where += " " + dotted_label(context, target.field)
        return f"原位置：{where.strip() or '（未写位置）'}（已不存在）"
    prefix = ""
    if with_project and len(path) >= 2 and path[0] == "projects":
        prefix = f"项目「{one_line(doc.projects[path[1]].name)}」"
    if len(path) >= 4 and path[0] == "projects" and path[2] == "indicators":
        row = f"第{path[3] + 1}行「{one_line(doc.projects[path[1]].indicators[path[3]].name)}」"
        return prefix + (f"{field_label('indicator', target.field)} {row}" if target.field else f"指标 {row}")
    if path[:1] == ("projects",):
        return prefix + (field_label("project", target.field) if target.field else "项目整体")
    return dotted_label("document", target.field) if target.field else "整个文档"


# --- the report --------------------------------------------------------------------------


@dataclass(slots=True)
class OpinionLine:
    number: int  # running number in the report (意见 1, 2 …)
    opinion: Opinion
    place: str
    path: tuple | None  # None: orphaned

    @property
    def orphaned(self) -> bool:
        return self.path is None


@dataclass(slots=True)
class Part:
    """The document as a whole, or one project."""

    title: str
    status: str = ""  # 草稿 / 送审 / 退回 / 通过 ("" = none recorded)
    by: str = ""
    at: str = ""
    opinions: list[OpinionLine] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    project_index: int | None = None

    @property
    def status_text(self) -> str:
        return status_text(self.status, self.by, self.at)


def status_text(status: str, by: str = "", at: str = "") -> str:
    if not status:
        return "未单独设置"
    who = "，".join(x for x in (one_line(by), one_line(at)) if x)
    return f"{status}（{who}）" if who else status


@dataclass(slots=True)
class Report:
    title: str  # 439001 玉田县无终街道办事处本级 · 2023年
    path: Path | None
    document: Part
    projects: list[Part]
    orphans: list[OpinionLine]
    problems: list[Problem] = field(default_factory=list)  # the file's own shape problems
    off_rules: list[str] = field(default_factory=list)
    orphan_statuses: list[ProjectStatus] = field(default_factory=list)  # of projects no longer there

    def opinions(self) -> list[OpinionLine]:
        return [*self.document.opinions, *(o for p in self.projects for o in p.opinions), *self.orphans]

    def findings(self) -> list[Any]:
        return [*self.document.findings, *(f for p in self.projects for f in p.findings)]

    def opinion_counts(self) -> dict[str, int]:
        out = dict.fromkeys(OPINION_STATUSES, 0)
        for line in self.opinions():
            out[line.opinion.status] = out.get(line.opinion.status, 0) + 1
        return out

    def finding_counts(self) -> dict[str, int]:
        out = {"错误": 0, "警告": 0, "提示": 0}
        for f in self.findings():
            out[f.severity.value] += 1
        return out

    def summary(self) -> str:
        oc = self.opinion_counts()
        fc = self.finding_counts()
        orphans = f"，其中 {len(self.orphans)} 条原位置已不存在" if self.orphans else ""
        opinions = " · ".join(f"{k} {n}" for k, n in oc.items())
        findings = " · ".join(f"{n} {k}" for k, n in fc.items())
        return f"审核意见 {sum(oc.values())} 条（{opinions}{orphans}）；检查结果 {findings}"

    @property
    def open(self) -> bool:
        """Anything left for the unit to do: an opinion 待改 or a finding of severity 错误."""
        return self.opinion_counts()[OPINION_STATUSES[0]] > 0 or self.finding_counts()["错误"] > 0


def build_report(doc: Any, findings: Iterable[Any], *, path: Path | None = None,
                 problems: Sequence[Problem] = (), off_rules: Sequence[str] = ()) -> Report:
    review = doc.review
    unit = one_line(f"{doc.unit.code} {doc.unit.name}".strip()) or "未填单位"
    year = f"{doc.unit.year}年" if doc.unit.year else "年度未填"
    document = Part("部门整体", review.status or DRAFT, review.by, review.at)
    projects = []
    for i, p in enumerate(doc.projects):
        code = f"（{one_line(p.code)}）" if p.code else ""
        part = Part(f"{i + 1}. {one_line(p.name) or '未命名项目'}{code}", project_index=i)
        status = review.project_status(project_key(p))
        if status is not None:
            part.status, part.by, part.at = status.status, status.by, status.at
        projects.append(part)
    orphans: list[OpinionLine] = []
    placed: list[tuple[Part, Opinion, tuple | None]] = []
    for o in review.opinions:
        where = locate(doc, o.target)
        if where is None:
            placed.append((None, o, None))  # type: ignore[arg-type]
        elif where[:1] == ("projects",):
            placed.append((projects[where[1]], o, where))
        else:
            placed.append((document, o, where))
    # Number opinions in report order: the document's, each project's, then the orphaned ones.
    order = [document, *projects]
    number = 0
    for part in order:
        for owner, o, where in placed:
            if owner is part:
                number += 1
                part.opinions.append(OpinionLine(number, o, place_text(doc, o.target, where), where))
    for owner, o, _where in placed:
        if owner is None:
            number += 1
            orphans.append(OpinionLine(number, o, place_text(doc, o.target, None), None))
    for f in findings:
        if f.project_index is not None and 0 <= f.project_index < len(projects):
            projects[f.project_index].findings.append(f)
        else:
            document.findings.append(f)
    # Statuses of projects no longer in the file are kept too, and shown beside the orphans.
    gone = [s for s in review.projects if find_project(doc, s.project) is None]
    return Report(f"{unit} · {year}", path, document, projects, orphans, list(problems), list(off_rules), gone)


# --- text and Markdown -------------------------------------------------------------------


def _opinion_text(line: OpinionLine) -> str:
    o = line.opinion
    who = " ".join(x for x in (one_line(o.author), one_line(o.date)) if x)
    tail = f"（{who}）" if who else ""
    return f"{line.number}.［{o.status}］{line.place}：{one_line(o.opinion)}{tail}"


def _finding_text(f: Any) -> str:
    return f"{f.severity.value} {f.rule} {one_line(clean(f.message))}"


def text(report: Report) -> str:
    out = [f"{TITLE}：{one_line(report.title)}"]
    if report.path is not None:
        out.append(f"文件：{one_line(str(report.path))}")
    out.append(f"审核状态：{report.document.status_text}")
    out.append(f"合计：{report.summary()}")
    out += ["", "一、部门整体"]
    out += _part_lines(report.document, "  ")
    out += [f"  {one_line(line)}" for line in report.off_rules]
    out += ["", "二、项目"]
    if not report.projects:
        out.append("  （没有项目）")
    for part in report.projects:
        out.append(f"  {one_line(part.title)}　审核状态：{part.status_text}")
        out += _part_lines(part, "    ")
    if report.orphans or report.orphan_statuses:
        out += ["", "三、原位置已不存在的审核意见（保留，供核对）"]
        out += [f"  {_opinion_text(o)}" for o in report.orphans]
        out += [f"  项目「{one_line(s.project)}」的审核状态：{status_text(s.status, s.by, s.at)}（项目已不存在）"
                for s in report.orphan_statuses]
    if report.problems:
        out += ["", "四、文件中的格式问题（须由单位改正）"]
        out += [f"  {one_line(str(p))}" for p in report.problems]
    return "\n".join(out) + "\n"


def _part_lines(part: Part, indent: str) -> list[str]:
    out: list[str] = []
    if not part.opinions and not part.findings:
        return [f"{indent}没有审核意见，检查未发现问题。"]
    if part.opinions:
        out.append(f"{indent}审核意见：")
        for o in part.opinions:
            out.append(f"{indent}  {_opinion_text(o)}")
            if o.opinion.reply:
                out.append(f"{indent}    单位答复：{one_line(o.opinion.reply)}")
    if part.findings:
        out.append(f"{indent}检查结果：")
        out += [f"{indent}  {_finding_text(f)}" for f in part.findings]
    return out


def _md(value: str) -> str:
    value = clean(value).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]#":
        value = value.replace(ch, "\\" + ch)
    return value.replace("\n", "<br>")


def markdown(report: Report) -> str:
    out = [f"# {TITLE}：{_md(report.title)}", ""]
    if report.path is not None:
        out.append(f"- 文件：{_md(str(report.path))}")
    out += [f"- 审核状态：**{_md(report.document.status_text)}**", f"- 合计：{_md(report.summary())}", ""]
    out += ["## 一、部门整体", ""]
    out += _md_part(report.document)
    out += [f"- {_md(line)}" for line in report.off_rules]
    out += ["", "## 二、项目", ""]
    for part in report.projects:
        out += [f"### {_md(part.title)}", "", f"审核状态：**{_md(part.status_text)}**", ""]
        out += _md_part(part)
    if report.orphans or report.orphan_statuses:
        out += ["## 三、原位置已不存在的审核意见（保留，供核对）", ""]
        out += _md_opinions(report.orphans) if report.orphans else []
        out += [f"- 项目「{_md(s.project)}」的审核状态：{_md(status_text(s.status, s.by, s.at))}（项目已不存在）"
                for s in report.orphan_statuses]
        out.append("")
    if report.problems:
        out += ["## 四、文件中的格式问题（须由单位改正）", ""]
        out += [f"- {_md(str(p))}" for p in report.problems] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_opinions(lines: list[OpinionLine]) -> list[str]:
    out = ["| 序号 | 状态 | 位置 | 审核意见 | 审核人 | 日期 | 单位答复 |", "|---|---|---|---|---|---|---|"]
    for line in lines:
        o = line.opinion
        out.append(f"| {line.number} | {o.status} | {_md(line.place)} | {_md(o.opinion)} | {_md(o.author)} "
                   f"| {_md(o.date)} | {_md(o.reply)} |")
    return [*out, ""]


def _md_part(part: Part) -> list[str]:
    if not part.opinions and not part.findings:
        return ["没有审核意见，检查未发现问题。", ""]
    out: list[str] = []
    if part.opinions:
        out += ["审核意见：", ""] + _md_opinions(part.opinions)
    if part.findings:
        out += ["检查结果：", "", "| 级别 | 规则 | 说明 |", "|---|---|---|"]
        out += [f"| {f.severity.value} | {f.rule} | {_md(f.message)} |" for f in part.findings]
        out.append("")
    return out


# --- a grid: the workbook sheet --------------------------------------------------------------

SHEET_TITLE = TITLE
GRID_HEADERS = ("序号", "项目", "位置", "类别", "状态/级别", "内容", "审核人", "日期")


def rows(report: Report) -> list[tuple[str, str, str, str, str, str, str, str]]:
    """One row per status, opinion and finding, in report order: (序号, 项目, 位置, 类别,
    状态/级别, 内容, 审核人, 日期) texts."""
    out = []

    def part_rows(part: Part, project: str) -> None:
        if part.status or part.project_index is None:
            out.append(("", project, "", "审核状态", part.status, "", part.by, part.at))
        for line in part.opinions:
            o = line.opinion
            content = o.opinion + (f"\n单位答复：{o.reply}" if o.reply else "")
            out.append((str(line.number), project, line.place, "审核意见", o.status, content, o.author, o.date))
        for f in part.findings:
            out.append(("", project, "", f"检查 {f.rule}", f.severity.value, f.message, "", ""))

    part_rows(report.document, "部门整体")
    for part in report.projects:
        part_rows(part, part.title)
    for line in report.orphans:
        o = line.opinion
        out.append((str(line.number), "（已不存在）", line.place, "审核意见", o.status, o.opinion, o.author, o.date))
    for st in report.orphan_statuses:
        out.append(("", f"项目「{st.project}」（已不存在）", "", "审核状态", st.status, "", st.by, st.at))
    for p in report.problems:
        out.append(("", "", f"第 {p.line} 行" if p.line else "", "格式问题", "错误", f"[{p.keypath}] {p.message}"
                    if p.keypath else p.message, "", ""))
    return out


def grid(report: Report):
    from perftui.layout.grid import HEADER, INTEGER, LABEL, TEXT, UNIT, Cell, Column, Grid
    from perftui.layout.grid import TITLE as TITLE_KIND

    columns = [Column(5, 6), Column(14, 24), Column(14, 26), Column(8, 10), Column(7, 8), Column(36, 60),
               Column(8, 12), Column(10, 16)]
    g = Grid(SHEET_TITLE, columns, landscape=True)
    n = len(columns)
    g.add("title", Cell(f"{report.title} {TITLE}", TITLE_KIND, 0, n), boxed=False)
    g.add("unit", Cell(f"审核状态：{report.document.status_text}　{report.summary()}", UNIT, 0, n), boxed=False)
    header = g.add("header", *(Cell(t, HEADER, i) for i, t in enumerate(GRID_HEADERS)))
    g.repeat = (header, header)
    for row in rows(report):
        number, *texts = row
        first = Cell(number, INTEGER, 0, number=Decimal(number)) if number.isdigit() else Cell("", TEXT, 0)
        g.add("review", first, *(Cell(t[:2000], LABEL if i in (2, 3) else TEXT, i + 1) for i, t in enumerate(texts)))
    return g
