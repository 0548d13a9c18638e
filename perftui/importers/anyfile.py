"""One entry for every input: a Word, Excel or text file of any shipped form into a
Document, with every notice placed in the source (line, ``表 3 第 5 行第 2 格``, ``项目1!C7``).

Steps: the container (perftui.importers.sources) gives blocks; the form is recognised
from its labels (perftui.importers.recognise) unless given; the sample's form goes
through its own reader (perftui.importers.wordtext, via perftui.importers.wenben for
Word and Excel), every other form through the label mapper (perftui.importers.mapper).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from perftui.errors import Problem
from perftui.forms import DEFAULT_FORM, PROFILES
from perftui.forms.profiles import WENBEN
from perftui.gcpause import collector_paused
from perftui.importers.container import SourceError
from perftui.importers.grids import Source
from perftui.importers.mapper import map_source
from perftui.importers.notes import Notices
from perftui.importers.recognise import MIN_SCORE, Recognised, recognise
from perftui.importers.sources import open_source
from perftui.importers.vocab import vocabulary
from perftui.importers.wenben import tokens
from perftui.importers.wordtext import ImportResult, import_text, import_tokens
from perftui.model import Document

CONTAINERS = {"docx": "Word 文档", "xlsx": "Excel 工作簿", "text": "Word 导出的文本"}


class FormUnknown(SourceError):
    """No shipped form could be told from the labels (or two fit equally well)."""

    def __init__(self, message: str, recognised: Recognised):
        super().__init__(message)
        self.recognised = recognised


def import_file(path: Path, *, form: str | None = None, encoding: str | None = None) -> ImportResult:
    """Read ``path``; SourceError (FormUnknown included) when it cannot be read at all."""
    with collector_paused():  # a third of a 1,000-project workbook's import time was collection
        result = import_source(open_source(path, encoding), form=form)
        # The source (every cell of every grid) is freed here, while the collector is
        # still off: the first collection after it would otherwise walk it all once more.
    return result


def import_source(source: Source, *, form: str | None = None) -> ImportResult:
    recognised = None
    if form is None:
        recognised = recognise(source)
        form = recognised.form
        if form is None:
            if source.kind == "text" and not recognised.ambiguous:
                form = DEFAULT_FORM  # the sample's reader says what the text lacks, line by line
            else:
                raise FormUnknown(_unknown_message(source, recognised), recognised)
    if form == DEFAULT_FORM:
        result = _wenben(source)
    else:
        notes = Notices(source.path)
        doc = map_source(source, vocabulary(form), notes)
        result = ImportResult(doc=doc, notices=notes.sorted(), failure=_hollow(doc, source.path))
    result.form = form
    result.kind = source.kind
    early = [Problem(source.path, None, "", source.encoding_notice)] if source.encoding_notice else []
    early += [_placed(Problem(source.path, p, "", m), source) for p, m in source.notices if p is None]
    placed = [(p, Problem(source.path, p, "", m)) for p, m in source.notices if p is not None]
    notices = [_placed(n, source) for n in result.notices]
    if placed:  # notices the reader found on the way, in document order among the others
        merged = sorted([(n.line or 0, n) for n in result.notices] + placed, key=lambda pn: pn[0])
        notices = [_placed(n, source) for _, n in merged]
    result.notices = early + notices
    result.failure = [_placed(p, source) for p in result.failure]
    return result


def _wenben(source: Source) -> ImportResult:
    if source.kind == "text":
        return import_text(source.text, source.path)
    describe = source.describe

    def span(first: int, last: int) -> str:
        a, b = describe(first), describe(last)
        return a if a == b else f"{a}至{b}"

    return import_tokens(tokens(source), source.path, span)


def _placed(problem: Problem, source: Source) -> Problem:
    """A notice whose ``line`` is a place of a Word or Excel file, with the place in words."""
    if source.kind == "text" or problem.line is None:
        return problem
    return replace(problem, line=None, place=source.describe(problem.line))


def _hollow(doc: Document, path: Path | None) -> list[Problem]:
    """Why a mapped document holds nothing worth a data file (empty when it does)."""
    for p in doc.projects:
        if p.name.strip() and (p.indicators or p.budget is not None or p.long_budget is not None):
            return []
    ov = doc.overall
    if doc.unit.name and (ov.indicators or ov.tasks or ov.budget is not None or ov.goal):
        return []
    if doc.projects:
        return [Problem(path, None, "", "读到的项目都没有名称，或既没有金额也没有绩效指标")]
    return [Problem(path, None, "", "没有读到项目（项目名称、金额、绩效指标），也没有读到部门整体的内容")]


def _unknown_message(source: Source, recognised: Recognised) -> str:
    what = CONTAINERS.get(source.kind, "文件")
    best = [(f, s) for f, s in recognised.scores if s > 0][:3]
    listed = "、".join(f"{f}（{s:g} 分）" for f, s in best)
    if recognised.ambiguous:
        return (
            f"这份 {what}像几种表样都有的栏目，无法确定是哪一种：{listed}。"
            f"请用 --form 指定，如 --form {best[0][0]}（可选：{'、'.join(PROFILES)}）"
        )
    if best and best[0][1] > 0:
        hint = f"最接近的是 {listed}，但栏目太少（至少要 {MIN_SCORE:g} 分）"
    else:
        hint = "没有找到任何表样的栏目名称（如 项目名称、一级指标、预算数）"
    return f"认不出这份 {what}是哪一种绩效目标表：{hint}。如确是某种表样，请用 --form 指定（可选：{'、'.join(PROFILES)}）"


__all__ = ["FormUnknown", "ImportResult", "SourceError", "WENBEN", "import_file", "import_source"]
