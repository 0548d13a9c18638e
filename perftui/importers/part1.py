"""第一部分 部门整体绩效目标: headed prose sections into ``Overall``.

一、总体绩效目标 → ``goal`` (paragraphs joined with "\\n"); 二、分项绩效目标 and
三、工作保障措施 → a caption line and numbered items stored without their numbering.
"""

from __future__ import annotations

import re

from perftui.importers.lines import Prose, squash
from perftui.importers.notes import Notices, quote
from perftui.model import Overall, Section

SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]\s*(.*)$", re.S)
# "1、" as the seed writes it; "1." / "1．" (not a decimal such as 1.5) and "（1）" too.
ITEM_RE = re.compile(r"^(?:(\d+)\s*(?:、|[.．](?!\d))|[（(](\d+)[)）])\s*(.*)$", re.S)

CHINESE_NUMERALS = "一二三四五六七八九十"
# Keyword in the heading -> section; the full names are what the messages show.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("总体绩效目标", "goal", "一、总体绩效目标"),
    ("分项绩效目标", "targets", "二、分项绩效目标"),
    ("保障措施", "measures", "三、工作保障措施"),
)


def split_item(text: str) -> tuple[int, str] | None:
    """``"1、加强…"`` -> ``(1, "加强…")``; None when the paragraph carries no number."""
    m = ITEM_RE.match(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2)), m.group(3).strip()


def _names_section(key: str, keyword: str) -> bool:
    """ "工作保障措施" or "总体绩效目标：…" name a section; "加强保障措施落实" does not."""
    at = key.find(keyword)
    rest = key[at + len(keyword) :]
    return 0 <= at <= 2 and (not rest or rest[0] == "：")


class OverallReader:
    """Feeds Part 1 paragraphs, in order, into an ``Overall``."""

    def __init__(self, notes: Notices):
        self.notes = notes
        self.overall = Overall()
        self.number = 0  # of the current heading: 一 = 1 …
        self.section: str | None = None  # None before the first heading; "" under an unknown one
        self.seen: set[str] = set()
        self.goal_paragraphs: list[str] = []
        self.caption_set: dict[str, bool] = {"targets": False, "measures": False}
        self.any_text = False

    def feed(self, prose: Prose) -> None:
        self.any_text = True
        m = SECTION_RE.match(prose.text)
        if m and self._heading(prose, m.group(1), m.group(2)):
            return
        if self.section is None:
            self.notes.add(
                prose.line, f"这段文字出现在第一部分的小标题之前，未能归入任何栏目：{quote(prose.text, None)}"
            )
        elif self.section == "":
            self.notes.add(prose.line, f"这段文字属于不认识的小标题，未能保存：{quote(prose.text, None)}")
        elif self.section == "goal":
            self.goal_paragraphs.append(prose.text)
        else:
            self._section_paragraph(prose, self.section)

    def _heading(self, prose: Prose, numeral: str, title: str) -> bool:
        key = squash(title)
        number = CHINESE_NUMERALS.find(numeral) + 1 if len(numeral) == 1 else 0
        for keyword, section, full in SECTIONS:
            if _names_section(key, keyword):
                if section in self.seen:
                    self.notes.add(prose.line, f"“{full}”第二次出现，其后的内容接在前面同一栏目之后")
                self.seen.add(section)
                self.section = section
                self.number = number
                # Text written on the heading's own line after its name ("一、总体绩效目标：2023年…").
                found = re.search(r"\s*".join(map(re.escape, keyword)), title)
                rest = title[found.end() :].lstrip("：: \u3000") if found else ""
                if rest:
                    self.feed(Prose(rest, prose.line))
                return True
        if self.section in ("targets", "measures") and number != self.number + 1:
            return False  # "一、…" inside a list, not the next heading: a paragraph of the list
        self.section = ""
        self.number = number
        self.notes.add(prose.line, f"不认识的第一部分小标题：{quote(prose.text, None)}，其下内容将逐行提示")
        return True

    def _section_paragraph(self, prose: Prose, name: str) -> None:
        section: Section = getattr(self.overall, name)
        label = dict((s, f) for _, s, f in SECTIONS)[name]
        numbered = split_item(prose.text)
        if numbered is not None:
            number, text = numbered
            expected = len(section.items) + 1
            if number != expected:
                self.notes.add(
                    prose.line,
                    f"“{label}”的条目编号为 {number}，按顺序应为 {expected}；已作为第 {expected} 条保存",
                )
            section.items.append(text)
            return
        if not section.items and not self.caption_set[name]:
            section.caption = prose.text
            self.caption_set[name] = True
            return
        if not section.items:
            section.items.append(prose.text)
            self.notes.add(prose.line, f"“{label}”中这段文字没有编号，已作为第 1 条保存：{quote(prose.text)}")
            return
        section.items[-1] = f"{section.items[-1]}\n{prose.text}"
        self.notes.add(
            prose.line,
            f"“{label}”中这段文字没有编号，已作为第 {len(section.items)} 条的下一段保存：{quote(prose.text)}",
        )

    def finish(self, first_line: int) -> Overall:
        self.overall.goal = "\n".join(self.goal_paragraphs)
        if not self.any_text:
            self.notes.add(
                first_line,
                "没有找到第一部分（部门整体绩效目标）：总体绩效目标、分项绩效目标、工作保障措施留空",
            )
            return self.overall
        for _, section, full in SECTIONS:
            if section not in self.seen:
                self.notes.add(first_line, f"第一部分缺少“{full}”，该栏目留空")
        return self.overall
