"""The findings panel: the findings of the current scope, with totals always visible."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from perftui.labels import finding_label
from perftui.safetext import shown
from perftui.tui.widgets.lists import SafeOptionList

SEVERITIES = ("错误", "警告", "提示")
SEVERITY_STYLE = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}


def severity_of(finding) -> str:
    sev = getattr(finding, "severity", "")
    return str(getattr(sev, "value", sev))


def counts_of(findings) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        s = severity_of(f)
        counts[s] = counts.get(s, 0) + 1
    return counts


def normalise_counts(raw: dict) -> dict[str, int]:
    """LiveChecker.counts() may key by Severity or by its Chinese name."""
    out = dict.fromkeys(SEVERITIES, 0)
    for key, n in (raw or {}).items():
        out[str(getattr(key, "value", key))] = int(n)
    return out


def counts_text(counts: dict[str, int], label: str = "") -> Text:
    text = Text()
    if label:
        text.append(label, style="bold")
        text.append("：")
    for i, sev in enumerate(SEVERITIES):
        if i:
            text.append(" · ", style="dim")
        n = counts.get(sev, 0)
        text.append(f"{sev} {n}", style=SEVERITY_STYLE[sev] if n else "dim")
    return text


def app_profile(app):
    """The form of the document the app has open (its words name the fields), or None."""
    from perftui.forms import profile_of

    doc = getattr(getattr(app, "state", None), "doc", None)
    return profile_of(doc) if doc is not None else None


def where_of(finding, profile=None) -> str:
    """Project, row and field of a finding; the field in the words of the form (``profile``)."""
    parts = []
    if finding.project_index is not None:
        parts.append(f"项目{finding.project_index + 1}")
    if getattr(finding, "indicator_index", None) is not None:
        parts.append(f"指标{finding.indicator_index + 1}")
    label = finding_label(finding, profile)
    if label:
        parts.append(label)
    return " ".join(parts) or "部门整体"


SEVERITY_RANK = {"错误": 0, "警告": 1, "提示": 2}


def by_severity(findings: list) -> list:
    return sorted(findings, key=lambda f: SEVERITY_RANK.get(severity_of(f), 3))


_PROJECT_PREFIX = re.compile(r"^项目「[^」]*」(?:（[^）]*）)?[：:]?")


def short_message(finding) -> str:
    """The message without the project's name and code (the panel already says where)."""
    return _PROJECT_PREFIX.sub("", str(finding.message), count=1) or str(finding.message)


def finding_line(finding, *, wrap: bool = True, profile=None) -> Text:
    sev = severity_of(finding)
    text = Text(no_wrap=not wrap, overflow="ellipsis")
    text.append(sev, style=SEVERITY_STYLE.get(sev, ""))
    text.append(" ")
    text.append(shown(where_of(finding, profile)), style="bold")
    text.append("：")
    text.append(shown(short_message(finding), multiline=wrap))
    return text


class FindingsPanel(Vertical):
    """A totals line and a short list; Enter on a finding asks the app to jump to it."""

    DEFAULT_CSS = """
    FindingsPanel { height: auto; max-height: 6; border-top: solid $primary 40%; }
    FindingsPanel > #findings-total { height: 1; padding: 0 1; }
    FindingsPanel > OptionList { height: auto; max-height: 4; border: none; padding: 0; }
    FindingsPanel > OptionList:focus { border: none; }
    FindingsPanel.-collapsed > OptionList, FindingsPanel.-empty > OptionList { display: none; }
    """

    class Jump(Message):
        def __init__(self, finding) -> None:
            self.finding = finding
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._findings: list = []
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("检查中…", style="dim"), id="findings-total")
        yield SafeOptionList(id="findings-list")

    def on_mount(self) -> None:
        self.set_collapsed(getattr(self.app, "panel_collapsed", False))

    def set_collapsed(self, collapsed: bool) -> None:
        """Only the totals line (f9 toggles): room for the form on a small terminal."""
        self.set_class(collapsed, "-collapsed")
        if collapsed and self.query_one(OptionList).has_focus:
            self.screen.focus_next()

    def forget(self) -> None:
        """Show the next list as a new panel would: nothing kept of the last one (another project)."""
        self._shown = None
        self.query_one(OptionList).highlighted = None

    def show(self, findings: list, scope_label: str, all_counts: dict[str, int] | None,
             ready: bool | None = True) -> None:
        findings = by_severity(findings)
        key = (scope_label, ready, tuple(sorted((all_counts or {}).items())),
               tuple((f.rule, f.message, f.project_index, f.indicator_index, f.field) for f in findings))
        if key == self._shown:
            return  # nothing changed: keep the list (and its highlight) as it is
        self._shown = key
        self._findings = findings
        total = counts_text(counts_of(findings), scope_label)
        if all_counts is not None:
            total.append(" ｜ ", style="dim")
            total.append_text(counts_text(all_counts, "全部"))
        if self.has_class("-collapsed") and findings:
            total.append(" · f9 展开", style="dim")
        if ready is None:
            total = Text("（检查模块不可用）", style="dim")
        elif not ready:
            total = Text("正在检查…", style="dim")
        self.query_one("#findings-total", Static).update(total)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        width = max(20, (self.size.width or self.app.size.width) - 2)
        lines = []
        profile = app_profile(self.app)
        for f in findings[:200]:
            line = finding_line(f, wrap=False, profile=profile)
            line.truncate(width, overflow="ellipsis")
            lines.append(Option(line))
        if not lines:
            lines.append(Option(Text("（没有检查结果）", style="dim"), disabled=True))
        # An empty list takes no room: the panel is its totals line only.
        self.set_class(not findings, "-empty")
        options.can_focus = bool(findings) and not self.has_class("-collapsed")
        options.add_options(lines)
        if findings and highlighted is not None:
            options.highlighted = min(highlighted, len(findings[:200]) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._findings):
            self.post_message(self.Jump(self._findings[event.option_index]))
