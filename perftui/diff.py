"""What changed between two versions of a data file, field by field, in the form's words.

The walk is generic: it follows ``dataclasses.fields()`` of the model (and the lists and
dicts inside), so a field added to the model is compared and labelled without a change
here. Only three things are particular, because the form gives them an identity:

* projects are matched by 项目编码, then by 项目名称, then by position (said in the message);
* indicator rows within a project by (一级, 二级, 三级), then 三级 alone, then position;
* reordering alone is a *move*, never reported as a change of every row after it.

Amounts compare as numbers (``770000 == 770000.00``); a blank cell (``None``) differs from 0.
Labels and amounts are the new version's form's: an 88号 file says 年度资金总额, in 万元.
The ``review`` data (opinions, status) is not content and is left out.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perftui.fields import field_of
from perftui.forms import DEFAULT_FORM, PROFILES, SCOPES, Profile, profile_of
from perftui.layout.spec import money_text
from perftui.model import Document, Indicator, Project, Section
from perftui.safetext import one_line

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
KIND_NAMES = {ADDED: "新增", REMOVED: "删除", CHANGED: "修改", MOVED: "移动"}

# Fields that are not the form's content.
NOT_CONTENT = frozenset({"review"})

def field_label(context: str, key: str, profile: Profile | None = None) -> str:
    """The Chinese label of field ``key`` of a ``context`` record ("unit", "project",
    "indicator", "document", "section" …), in the words of the form when ``profile`` is given.

    The one place labels are looked up for diffs and review places; the labels themselves are
    the field declarations (``name`` is 单位名称, 项目名称 or 三级指标 by its record).
    """
    scope = context if context in SCOPES else None
    if scope is not None:
        return (profile or PROFILES[DEFAULT_FORM]).distinct_label(scope, key)
    cls = _RECORDS.get(context)
    f = field_of(cls, key) if cls is not None else None
    return f.label if f is not None else key


_RECORDS = {cls.__name__.lower(): cls for cls in (Document, Section, *SCOPES.values())}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. Paths count from 1 (``projects[2].indicators[3].value``); indices
    (0-based) say where the place is in the *new* document, for jumping to it."""

    kind: str  # ADDED / REMOVED / CHANGED / MOVED
    message: str  # Chinese, in the words of the form
    old_path: str | None = None  # None: not in the old version
    new_path: str | None = None  # None: not in the new version
    old: Any = None
    new: Any = None
    project_index: int | None = None
    indicator_index: int | None = None
    field: str | None = None  # the field inside its project / indicator / top-level table
    item_index: int | None = None
    matched_by: str = ""  # how a project or row was paired when not by its identity ("位置")

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_name": self.kind_name,
            "message": self.message,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "old": plain(self.old),
            "new": plain(self.new),
            "project_index": self.project_index,
            "indicator_index": self.indicator_index,
            "field": self.field,
            "item_index": self.item_index,
            "matched_by": self.matched_by or None,
        }


@dataclass(slots=True)
class Diff:
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KIND_NAMES, 0)
        for c in self.changes:
            out[c.kind] += 1
        return out

    def summary(self) -> str:
        if not self.changes:
            return "两个版本的内容相同"
        c = self.counts()
        parts = " · ".join(f"{KIND_NAMES[k]} {n}" for k, n in c.items() if n)
        return f"{len(self.changes)} 处不同（{parts}）"


def plain(value: Any) -> Any:
    """A value as JSON holds it: amounts as exact strings, objects as dicts."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# --- showing values --------------------------------------------------------------------

BLANK = "（空白）"
_SHOWN = 40  # characters of a text shown whole in a message
_CONTEXT = 8  # characters around the changed part of a long text


def _cut(text: str, limit: int = _SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def show(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if decimals and value == value.quantize(Decimal(1).scaleb(-decimals)):
            return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}"
        return f"{value:f}"
    if isinstance(value, str):
        return _cut(one_line(value))
    if isinstance(value, list | tuple):
        return "、".join(show(v) for v in value) if value else "（空）"
    if isinstance(value, dict):
        return "，".join(f"{k} = {show(v)}" for k, v in value.items()) if value else "（空）"
    return _cut(one_line(str(value)))


def _decimals(*values: Any) -> int | None:
    """Amounts are written with two decimals: show both sides alike (770000 → 770000.00)."""
    for v in values:
        if isinstance(v, Decimal) and v.is_finite():
            exponent = v.as_tuple().exponent
            if isinstance(exponent, int) and exponent == -2:
                return 2
    return None


def show_pair(old: Any, new: Any) -> str:
    """``old → new``; for long texts only the changed part with a little context."""
    if isinstance(old, str) and isinstance(new, str) and (len(old) > _SHOWN or len(new) > _SHOWN):
        a, b = one_line(old), one_line(new)
        start = 0
        while start < min(len(a), len(b)) and a[start] == b[start]:
            start += 1
        end = 0
        while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
            end += 1

        def part(t: str) -> str:
            head = ("…" if start > _CONTEXT else "") + t[max(0, start - _CONTEXT): start]
            middle = _cut(t[start: len(t) - end], _SHOWN) or "（无）"
            tail = t[len(t) - end: len(t) - end + _CONTEXT] + ("…" if end > _CONTEXT else "")
            return f"{head}【{middle}】{tail}"

        return f"{part(a)} → {part(b)}"
    d = _decimals(old, new)
    return f"{show(old, d)} → {show(new, d)}"


# --- identity of list items ------------------------------------------------------------


def _code(p: Project) -> str | None:
    return p.code.strip() or None


def _name(p: Project | Indicator) -> str | None:
    return p.name.strip() or None


def _levels(i: Indicator) -> tuple[str, str, str] | None:
    return (i.level1, i.level2, i.name) if i.name.strip() else None


# Per item type: its name in messages, how its position is counted, and its identity keys
# (tried in turn). Other item types are paired by equal value, then by position.
@dataclass(frozen=True, slots=True)
class _ItemKind:
    noun: str  # 项目 / 指标
    counter: str  # 个 / 行
    keys: tuple[Callable[[Any], Any], ...]


_ITEMS: dict[type, _ItemKind] = {
    Project: _ItemKind("项目", "个", (_code, _name)),
    Indicator: _ItemKind("指标", "行", (_levels, _name)),
}


def _may_pair(a: Any, b: Any) -> bool:
    """Whether two leftover items may be taken as one by position: two projects with
    different codes are two projects."""
    if isinstance(a, Project) and isinstance(b, Project):
        return not (_code(a) and _code(b))
    return True


def _matches(old: Sequence, new: Sequence, keys: Sequence[Callable[[Any], Any]]) -> tuple[dict[int, int], dict[int, str]]:
    """old index -> new index for paired items, and how each pair was found (the number of
    the key that paired it, or "位置" when only their position did)."""
    pairs: dict[int, int] = {}
    how: dict[int, str] = {}
    taken: set[int] = set()
    for n, key in enumerate(keys):
        waiting: dict[Any, list[int]] = {}
        for i, item in enumerate(old):
            if i not in pairs:
                k = key(item)
                if k is not None:
                    waiting.setdefault(k, []).append(i)
        if not waiting:
            continue
        for j, item in enumerate(new):
            if j in taken:
                continue
            k = key(item)
            if k is not None and waiting.get(k):
                i = waiting[k].pop(0)
                pairs[i] = j
                taken.add(j)
                how[i] = str(n)
    # Leftovers between the same paired neighbours are the same place: pair them in order.
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in taken]
    if left_old and left_new:
        old_anchor = sorted(pairs)
        new_anchor = sorted(taken)

        def gap(index: int, anchors: list[int]) -> int:
            return bisect.bisect_left(anchors, index)

        by_gap: dict[int, list[int]] = {}
        for j in left_new:
            by_gap.setdefault(gap(j, new_anchor), []).append(j)
        for i in left_old:
            queue = by_gap.get(gap(i, old_anchor))
            if queue and _may_pair(old[i], new[queue[0]]):
                j = queue.pop(0)
                pairs[i] = j
                taken.add(j)
                how[i] = "位置"
    return pairs, how


def _moved(pairs: dict[int, int]) -> set[int]:
    """Old indices of pairs that changed their order (not in a longest run kept in order)."""
    olds = sorted(pairs)
    seq = [pairs[i] for i in olds]
    # Longest increasing subsequence (patience sorting), keeping predecessors.
    tails: list[int] = []
    tails_at: list[int] = []
    prev = [-1] * len(seq)
    for k, v in enumerate(seq):
        pos = bisect.bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tails_at.append(k)
        else:
            tails[pos] = v
            tails_at[pos] = k
        prev[k] = tails_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        keep.add(olds[k])
        k = prev[k]
    return {i for i in olds if i not in keep}


# --- the walk ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ctx:
    prefix: str = ""  # 项目「…」 of the project the place is in
    labels: tuple[str, ...] = ()  # labels of the fields walked into
    row: str = ""  # 第1行「…」 of the indicator row
    old_path: str = ""
    new_path: str = ""
    project_index: int | None = None
    indicator_index: int | None = None
    field: tuple[str, ...] = ()
    top: bool = True  # the document itself
    money: bool = False  # an amount in a form that prints them in 万元 (shown so, with the unit)

    def label(self) -> str:
        return " ".join(x for x in self.labels if x)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Walker:
    def __init__(self, profile: Profile | None = None) -> None:
        self.changes: list[Change] = []
        self.profile = profile or PROFILES[DEFAULT_FORM]

    def pair_text(self, a: Any, b: Any, ctx: _Ctx) -> str:
        if ctx.money and all(v is None or isinstance(v, Decimal) for v in (a, b)):
            return f"{money_text(self.profile, a) or BLANK} → {money_text(self.profile, b) or BLANK} {self.profile.money}"
        return show_pair(a, b)

    def add(self, kind: str, ctx: _Ctx, message: str, old: Any = None, new: Any = None, *,
            old_path: str | None = "", new_path: str | None = "", item_index: int | None = None,
            matched_by: str = "") -> None:
        self.changes.append(Change(
            kind, message,
            ctx.old_path if old_path == "" else old_path,
            ctx.new_path if new_path == "" else new_path,
            old, new, ctx.project_index, ctx.indicator_index, ".".join(ctx.field) or None, item_index, matched_by,
        ))  # fmt: skip

    # objects
    def obj(self, old: Any, new: Any, ctx: _Ctx) -> None:
        context = type(old).__name__.lower()
        for f in dataclasses.fields(old):
            if f.name in NOT_CONTENT:
                continue
            a, b = getattr(old, f.name), getattr(new, f.name)
            if a == b:
                continue
            # The document's own tables (unit, overall) add no words and are not a field.
            table = ctx.top and dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b)
            declared = field_of(type(old), f.name)
            child = dataclasses.replace(
                ctx,
                labels=(*ctx.labels, "" if table else field_label(context, f.name, self.profile)),
                old_path=_join(ctx.old_path, f.name),
                new_path=_join(ctx.new_path, f.name),
                field=ctx.field if table else (*ctx.field, f.name),
                top=False,
                money=declared is not None and declared.kind.key == "amount" and self.profile.money != "元",
            )
            self.value(a, b, child)

    def value(self, a: Any, b: Any, ctx: _Ctx) -> None:
        if a == b:
            return
        if dataclasses.is_dataclass(a) and type(a) is type(b):
            self.obj(a, b, ctx)
        elif isinstance(a, list) and isinstance(b, list):
            self.seq(a, b, ctx)
        elif isinstance(a, dict) and isinstance(b, dict):
            self.mapping(a, b, ctx)
        else:
            self.add(CHANGED, ctx, f"{ctx.prefix}{ctx.label()}{ctx.row}：{self.pair_text(a, b, ctx)}", a, b)

    def mapping(self, a: dict, b: dict, ctx: _Ctx) -> None:
        keys = list(a) + [k for k in b if k not in a]
        for k in keys:
            x, y = a.get(k), b.get(k)
            if x == y and (k in a) == (k in b):
                continue
            entry = f"{k}月底" if isinstance(k, int) else f"「{k}」"  # plan months are ints
            child = dataclasses.replace(
                ctx, labels=(*ctx.labels, entry), old_path=_join(ctx.old_path, str(k)),
                new_path=_join(ctx.new_path, str(k)), top=False,
            )
            if isinstance(x, dict) and isinstance(y, dict):
                self.mapping(x, y, child)
            else:
                self.add(CHANGED, child, f"{ctx.prefix}{child.label()}{ctx.row}：{show_pair(x, y)}", x, y,
                         old_path=child.old_path if k in a else None, new_path=child.new_path if k in b else None)

    def seq(self, a: list, b: list, ctx: _Ctx) -> None:
        sample = a[0] if a else b[0]
        kind = _ITEMS.get(type(sample))
        if dataclasses.is_dataclass(sample):
            keys = kind.keys if kind else ()
            pairs, how = _matches(a, b, keys or (repr,))
        else:
            pairs, how = _matches(a, b, (_hashable,))
        moved = _moved(pairs)
        back = {j: i for i, j in pairs.items()}
        # Events in the new order; a removed item where it stood (after its old neighbour's partner).
        events: list[tuple[float, int, int | None, int | None]] = []
        for j in range(len(b)):
            events.append((j, 1, back.get(j), j))
        last = -1
        for i in range(len(a)):
            if i in pairs:
                last = pairs[i]
            else:
                events.append((last + 0.5, 0, i, None))
        events.sort(key=lambda e: (e[0], e[1]))
        for _, _, old, new in events:
            if new is None:
                assert old is not None  # a removal event names the old item
                self.removed(a[old], old, ctx, kind)
            elif old is None:
                self.added(b[new], new, ctx, kind)
            else:
                self.pair(a[old], b[new], old, new, ctx, kind, moved=old in moved, how=how.get(old, ""))

    # items of a list
    def _item_ctx(self, item: Any, i: int | None, j: int, ctx: _Ctx, kind: _ItemKind | None) -> _Ctx:
        """The context of the new list's item ``j`` (``i``: its old index, None when added)."""
        old_path = f"{ctx.old_path}[{i + 1}]" if i is not None else ""
        new_path = f"{ctx.new_path}[{j + 1}]"
        if isinstance(item, Project):
            assert kind is not None  # a list of projects has the projects' kind (_ITEMS)
            return _Ctx(prefix=f"{kind.noun}「{_title(item)}」", old_path=old_path, new_path=new_path,
                        project_index=j, top=False)
        if isinstance(item, Indicator):
            return dataclasses.replace(ctx, labels=(), row=f" 第{j + 1}行「{one_line(item.name)}」", old_path=old_path,
                                       new_path=new_path, indicator_index=j, field=(), top=False)
        return dataclasses.replace(ctx, old_path=old_path, new_path=new_path, top=False)

    def pair(self, x: Any, y: Any, i: int, j: int, ctx: _Ctx, kind: _ItemKind | None, *, moved: bool,
             how: str) -> None:
        matched_by = "位置" if how == "位置" else ""
        note = "（按位置对应）" if matched_by else ""
        if dataclasses.is_dataclass(x):
            item = self._item_ctx(y, i, j, ctx, kind)
            if moved:
                noun, counter = (kind.noun, kind.counter) if kind else ("", "项")
                where = f"{item.prefix}" if isinstance(y, Project) else f"{ctx.prefix}{noun}「{_title(y)}」"
                self.add(MOVED, item, f"{where}：从第{i + 1}{counter}移到第{j + 1}{counter}", i + 1, j + 1,
                         matched_by=matched_by)
            if x != y:
                before = len(self.changes)
                self.obj(x, y, item)
                if note:
                    self.changes[before:] = [dataclasses.replace(c, message=c.message + note, matched_by="位置")
                                             for c in self.changes[before:]]
            return
        label = ctx.label()
        item = dataclasses.replace(ctx, old_path=f"{ctx.old_path}[{i + 1}]", new_path=f"{ctx.new_path}[{j + 1}]")
        if moved:
            self.add(MOVED, item, f"{ctx.prefix}{label}「{show(y)}」{ctx.row}：从第{i + 1}条移到第{j + 1}条", i + 1, j + 1,
                     item_index=j)
        if x != y:
            self.add(CHANGED, item, f"{ctx.prefix}{label} 第{j + 1}条{ctx.row}：{show_pair(x, y)}", x, y, item_index=j)

    def added(self, y: Any, j: int, ctx: _Ctx, kind: _ItemKind | None) -> None:
        if isinstance(y, Project):
            item = self._item_ctx(y, None, j, ctx, kind)
            extra = f"（项目编码 {y.code}）" if y.code else ""
            self.add(ADDED, item, f"新增项目「{_title(y)}」{extra}：第{j + 1}个，{len(y.indicators)} 行指标", None, y,
                     old_path=None)
        elif isinstance(y, Indicator):
            item = self._item_ctx(y, None, j, ctx, kind)
            self.add(ADDED, item, f"{ctx.prefix}新增指标 第{j + 1}行「{one_line(y.name)}」（{_levels_text(y)}）", None, y,
                     old_path=None)
        else:
            item = dataclasses.replace(ctx, old_path="", new_path=f"{ctx.new_path}[{j + 1}]")
            self.add(ADDED, item, f"{ctx.prefix}{ctx.label()}{ctx.row} 新增第{j + 1}条：「{show(y)}」", None, y,
                     old_path=None, item_index=j)

    def removed(self, x: Any, i: int, ctx: _Ctx, kind: _ItemKind | None) -> None:
        if isinstance(x, Project):
            extra = f"（项目编码 {x.code}）" if x.code else ""
            self.add(REMOVED, _Ctx(old_path=f"{ctx.old_path}[{i + 1}]"),
                     f"删除项目「{_title(x)}」{extra}：原第{i + 1}个，{len(x.indicators)} 行指标", x, None, new_path=None)
        elif isinstance(x, Indicator):
            item = dataclasses.replace(ctx, old_path=f"{ctx.old_path}[{i + 1}]", indicator_index=None)
            self.add(REMOVED, item, f"{ctx.prefix}删除指标 原第{i + 1}行「{one_line(x.name)}」（{_levels_text(x)}）", x,
                     None, new_path=None)
        else:
            item = dataclasses.replace(ctx, old_path=f"{ctx.old_path}[{i + 1}]")
            self.add(REMOVED, item, f"{ctx.prefix}{ctx.label()}{ctx.row} 删除原第{i + 1}条：「{show(x)}」", x, None,
                     new_path=None)


def _title(item: Any) -> str:
    if isinstance(item, Project):
        return one_line(item.name) or one_line(item.code) or "未命名项目"
    if isinstance(item, Indicator):
        return one_line(item.name) or "未填三级指标"
    return show(item)


def _levels_text(i: Indicator) -> str:
    parts = [p for p in (i.level1, i.level2) if p]
    value = f"，指标值 {show(i.value)}" if i.value else ""
    return "/".join(parts) + value if parts else value.lstrip("，")


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


# --- entry points ------------------------------------------------------------------------


def diff(old: Document, new: Document) -> Diff:
    """Every difference between ``old`` and ``new``, in document order."""
    walker = _Walker(profile_of(new))
    walker.obj(old, new, _Ctx())
    return Diff(walker.changes, unit_warnings(old, new))


def unit_warnings(old: Document, new: Document) -> list[str]:
    """Why comparing these two files may make no sense: other unit, other year."""
    out = []
    a, b = old.unit, new.unit
    codes = a.code.strip() and b.code.strip()
    if (codes and a.code.strip() != b.code.strip()) or (not codes and a.name.strip() != b.name.strip()):
        out.append(f"两个文件不是同一个单位：{_unit_text(a)} 与 {_unit_text(b)}；仍逐项比较")
    if a.year != b.year:
        out.append(f"两个文件的年度不同：{a.year or '未填'} 与 {b.year or '未填'}；仍逐项比较")
    return out


def _unit_text(unit) -> str:
    return one_line(f"{unit.code} {unit.name}".strip()) or "未填单位"
