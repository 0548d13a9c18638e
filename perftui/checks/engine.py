"""Running the rules: ``check_document`` (whole file) and ``LiveChecker`` (incremental, for the app).

LiveChecker keeps findings in buckets per project slot (project rules, each row's rules,
cross-project rules) and per Part 1 item, with running counts. After an edit only the rules
that read the edited field are re-run, for that project only; cross-project rules are
updated through indexes (code -> projects, name -> projects, name parts -> projects), so an
edit costs the same whether the document holds 10 projects or 1,000. ``check_document`` is
the plain definition: the tests assert that both always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from pathlib import Path

from perftui import gcpause
from perftui.checks import catalog
from perftui.checks import rules as _rules  # noqa: F401  (registers every rule)
from perftui.checks.applies import not_on_form
from perftui.checks.context import Context, department_project, is_placeholder
from perftui.checks.cross import (
    check_cross_simple,
    code_key,
    dup_code_message,
    dup_name_message,
    name_group_key,
    reference_region,
    region_message,
    region_of,
    sort_by_code,
    sort_by_name,
)
from perftui.checks.finding import Finding, Severity, sort_key
from perftui.checks.rules.part1 import (
    ItemInfo,
    budget_totals,
    check_items_simple,
    contains,
    cores,
    evaluate,
    exact,
    matches_part,
    name_key,
    parse_item,
    resolve_match,
)
from perftui.checks.rules.settings import UNSWITCHABLE
from perftui.checks.settings import Settings, resolve
from perftui.fields import field_of, keys_of
from perftui.forms import profile_of
from perftui.model import Document, Indicator

_ROW_FIELDS = frozenset(("level1", "level2", "name", "description", "value", "basis"))
_PROJECT_FIELDS = frozenset(("budget", "fiscal", "other", "use", "plan", "goals"))


def settings_for(doc: Document) -> Settings:
    """Defaults < user config < the file's [checks]; rules about fields the form lacks are off."""
    settings = resolve(doc.checks, known_rules=frozenset(catalog.RULES))
    return replace(settings, not_on_form=not_on_form(profile_of(doc)))


def active_rules(kind: str, settings: Settings) -> list[catalog.CalledRule]:
    return [r for r in catalog.RULES.values() if r.kind == kind and catalog.called(r)
            and (r.id in UNSWITCHABLE or not settings.is_off(r.id))]


def _document_findings(ctx: Context) -> list[Finding]:
    out = [ctx.doc_finding(p.rule, p.message, field="checks") for p in ctx.settings.problems]
    for r in active_rules("document", ctx.settings):
        out += r.check(ctx) or ()
    return out


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: sort_key(f, catalog.ORDER))


def department_rules(settings: Settings, profile) -> tuple[list[catalog.CalledRule], list[catalog.CalledRule]]:
    """The rules run on the department's own indicators (整体支出): every indicator rule, and
    the project rules that are about a table's indicators (blocks present, any rows at all)."""
    if not profile.has("overall", "indicators"):
        return [], []
    prules = [r for r in catalog.RULES.values() if r.kind == "project" and catalog.called(r)
              and r.subject <= _ABOUT_INDICATORS and r.id not in settings.off]
    return prules, active_rules("indicator", settings)


_ABOUT_INDICATORS = frozenset(("indicators", "indicators.level1", "indicators.level2"))


def _rows(ctx: Context, p, pi, ii: int, ind, rules) -> list[Finding]:
    if is_placeholder(ind):  # a template row left blank: part of the form
        return []
    out: list[Finding] = []
    for r in rules:
        out += r.check(ctx, p, pi, ii, ind) or ()
    return out


def check_fast(doc: Document, settings: Settings | None = None, path: Path | None = None) -> list[Finding]:
    """The same findings as ``check_document``, through the indexed engine: Part 1 items are
    matched to projects through name indexes instead of against every project (what
    ``perftui check`` and exports use; the tests hold the two equal)."""
    with gcpause.collector_paused():  # findings and indexes all live on until the report is printed
        return LiveChecker(doc, settings, path).findings()


def check_document(doc: Document, settings: Settings | None = None, path: Path | None = None) -> list[Finding]:
    """Every finding of ``doc``, in report order (the plain definition)."""
    settings = settings or settings_for(doc)
    ctx = Context(doc, settings, path)
    out = _document_findings(ctx)
    out += check_items_simple(ctx, doc)
    prules = active_rules("project", settings)
    irules = active_rules("indicator", settings)
    for pi, p in enumerate(doc.projects):
        for r in prules:
            out += r.check(ctx, p, pi) or ()
        for ii, ind in enumerate(p.indicators):
            out += _rows(ctx, p, pi, ii, ind, irules)
    dprules, dirules = department_rules(settings, ctx.profile)
    dept = department_project(doc)
    for r in dprules:
        out += r.check(ctx, dept, None) or ()
    for ii, ind in enumerate(dept.indicators):
        out += _rows(ctx, dept, None, ii, ind, dirules)
    out += check_cross_simple(ctx, doc)
    return _sorted(out)


# --- the incremental engine ------------------------------------------------------------------


class _Bodies(Context):
    """A Context whose row findings are only (rule, message, field): what a row's rules
    find, without the row's place, kept per row content and placed on each row that has it."""

    __slots__ = ()

    def row_finding(self, rid: str, p, pi, ii, ind, message: str, field: str | None = None):
        return rid, message, field


def _bodies_of(ctx: Context) -> _Bodies:
    out = object.__new__(_Bodies)
    for name in Context.__slots__:
        setattr(out, name, getattr(ctx, name))
    return out


def _row_only(r: catalog.Rule) -> bool:
    """The rule reads nothing but its row's cells (no 预算数 behind a 成本 value)."""
    return all(field_of(Indicator, key) is not None for key in r.reads)


# Cells that repeat across a document's rows far more than whole rows do (the same 一级/二级/三级
# in every project, a few dozen 指标值): a row-only rule reading nothing else is run once per
# reading of them (the value with its separately printed unit, where the form has one).
_FACETS = {"levels": frozenset(("level1", "level2", "name")), "value": frozenset(("value", "unit"))}
_FACET_KEYS = {"levels": attrgetter("level1", "level2", "name"), "value": attrgetter("value", "unit")}


def _calls(rules: list[catalog.CalledRule]) -> tuple[tuple[str, ...], tuple[Callable, ...]]:
    return tuple(r.id for r in rules), tuple(r.check for r in rules)


def _facet(r: catalog.Rule) -> str:
    """Where the engine keeps a row rule's findings: per facet, per row content, or (for a rule
    reading the project too) not at all."""
    if not _row_only(r):
        return "other"
    if r.when is None:
        for name, cells in _FACETS.items():
            if r.reads <= cells:
                return name
    return "row"


def _found(calls: tuple[tuple[str, ...], tuple[Callable, ...]], ctx: Context, p, pi, ii: int, ind) -> dict[str, list[tuple]]:
    """Rule id -> findings of the rules ``calls`` (their ids, their checks) that find any."""
    rids, checks = calls
    results = [check(ctx, p, pi, ii, ind) for check in checks]
    return {rid: found for rid, found in zip(rids, results, strict=True) if found}


class _Row(Indicator):
    """A copy of a row for the row-only rules, its ``value_text`` (read by most of them)
    worked out once instead of at every reading."""

    __slots__ = ("value_text",)

    def __init__(self, content: tuple, value_text: str):
        super().__init__(*content)
        self.value_text = value_text  # type: ignore[misc]


# A row's content: what the row-only rules see (besides the document-wide context).
_ROW_CONTENT = attrgetter(*keys_of(Indicator))
# Distinct rows remembered per build; an app session editing for hours stays bounded.
_MEMO_MAX = 50_000
# Per row content: rule id -> the row-only rules' findings (without place), and the
# (id, check) of the rules that read the project too and whose guard lets the row in.
_Entry = tuple[dict[str, list[tuple]], list[tuple]]
_BLANK: _Entry = ({}, [])  # a placeholder row: no rule runs on it


class _Slot:
    """One project's place in the engine; survives moves (its index is updated)."""

    __slots__ = ("index", "proj", "rows", "cross", "code", "name", "region", "nkey", "cores", "items", "stale")

    def __init__(self, index: int):
        self.index = index
        self.proj: dict[str, list[Finding]] = {}
        self.rows: list[dict[str, list[Finding]]] = []
        self.cross: dict[str, list[Finding]] = {}
        self.code = ""
        self.name = ""
        self.region: str | None = None
        self.nkey = ""
        self.cores: tuple[str, ...] = ()
        self.items: set[int] = set()  # Part 1 items matched to this project
        self.stale = False  # findings carry an old project_index


class _NameIndex:
    """Project names for matching Part 1 items: whole names, bigrams, name-part cores and their
    prefixes. Only whole names are kept from the start: the rest is built the first time an
    item is not named exactly as a project (a file whose items all name their projects, the
    usual case, never needs it)."""

    def __init__(self):
        self.names: dict[str, set[_Slot]] = {}
        self.bigrams: dict[str, set[_Slot]] = {}
        self.cores: dict[str, set[_Slot]] = {}
        self.prefixes: dict[str, set[_Slot]] = {}
        self._slots: set[_Slot] = set()
        self._full = False  # bigrams, cores and prefixes are kept too

    @staticmethod
    def _grams(key: str) -> set[str]:
        return {key[i:i + 2] for i in range(len(key) - 1)}

    @staticmethod
    def _prefixes(core: str) -> set[str]:
        return {core[:k] for k in range(2, len(core) + 1)}

    def _each(self, slot: _Slot, *, names: bool = True, rest: bool = True):
        if slot.nkey:
            if names:
                yield self.names, slot.nkey
            if rest:
                for g in self._grams(slot.nkey):
                    yield self.bigrams, g
        if rest:
            for c in slot.cores:
                yield self.cores, c
                for pre in self._prefixes(c):
                    yield self.prefixes, pre

    @staticmethod
    def _put(pairs) -> None:
        for table, key, slot in pairs:
            members = table.get(key)
            if members is None:
                table[key] = {slot}
            else:
                members.add(slot)

    def add(self, slot: _Slot) -> None:
        self._slots.add(slot)
        self._put((table, key, slot) for table, key in self._each(slot, rest=self._full))

    def remove(self, slot: _Slot) -> None:
        self._slots.discard(slot)
        for table, key in self._each(slot, rest=self._full):
            members = table.get(key)
            if members is not None:
                members.discard(slot)
                if not members:
                    del table[key]

    def _complete(self) -> None:
        if not self._full:
            self._full = True
            self._put((table, key, slot) for slot in self._slots for table, key in self._each(slot, names=False))

    def match(self, item: ItemInfo):
        # The projects named exactly so all have item.key as their key: one test for them all.
        ex = list(self.names.get(item.key, ())) if exact(item, item.key) else []
        if ex:  # the first tier that has projects decides (resolve_match): no need to look further
            return resolve_match(item, ex, [], [], [])
        self._complete()
        cand: set[_Slot] = set()
        key = item.key
        if len(key) >= 2:
            grams = self._grams(key)
            postings = [hit for g in grams if (hit := self.bigrams.get(g))]
            if postings and len(postings) == len(grams):  # every bigram of the name has projects
                cand |= min(postings, key=len)
        names = self.names
        for i in range(len(key)):
            for j in range(i + 4, len(key) + 1):
                hit = names.get(key[i:j])
                if hit:
                    cand |= hit
        co = [s for s in cand if contains(item, s.nkey)]
        if co:
            return resolve_match(item, ex, co, [], [])
        part_hits: list[list[_Slot]] = []
        covering: list[_Slot] = []
        if len(item.parts) >= 2:
            for part in item.parts:
                hits: set[_Slot] = set(self.prefixes.get(part, ()))
                for k in range(2, len(part) + 1):
                    hit = self.cores.get(part[:k])
                    if hit:
                        hits |= hit
                part_hits.append([s for s in hits if matches_part(part, s.cores)])
            if all(part_hits):
                common = set(part_hits[0]).intersection(*map(set, part_hits[1:]))
                covering = [s for s in common if all(matches_part(part, s.cores) for part in item.parts)]
        return resolve_match(item, ex, co, part_hits, covering)


class _ItemIndex:
    """Part 1 items by name, so that a renamed project finds the items it may now match
    without scanning every item (the same tiers as _NameIndex, seen from the project side)."""

    def __init__(self, infos: list[ItemInfo | None]):
        self.keys: dict[str, set[int]] = {}
        self.bigrams: dict[str, set[int]] = {}
        self.parts: dict[str, set[int]] = {}
        self.prefixes: dict[str, set[int]] = {}
        for k, info in enumerate(infos):
            if info is None:
                continue
            self.keys.setdefault(info.key, set()).add(k)
            for g in _NameIndex._grams(info.key):
                self.bigrams.setdefault(g, set()).add(k)
            if len(info.parts) >= 2:
                for part in info.parts:
                    self.parts.setdefault(part, set()).add(k)
                    for pre in _NameIndex._prefixes(part):
                        self.prefixes.setdefault(pre, set()).add(k)

    def candidates(self, nkey: str, pcores: tuple[str, ...]) -> set[int]:
        out: set[int] = set(self.keys.get(nkey, ()))
        if len(nkey) >= 2:
            grams = _NameIndex._grams(nkey)
            postings = [hit for g in grams if (hit := self.bigrams.get(g))]
            if postings and len(postings) == len(grams):
                out |= min(postings, key=len)  # items whose name contains the project's
        keys = self.keys
        for i in range(len(nkey)):
            for j in range(i + 4, len(nkey) + 1):
                hit = keys.get(nkey[i:j])  # items named by a part of the project's name
                if hit:
                    out |= hit
        for core in pcores:
            out |= self.prefixes.get(core, set())
            for k in range(2, len(core) + 1):
                out |= self.parts.get(core[:k], set())
        return out


def _matches_any(item: ItemInfo, nkey: str, pcores: tuple[str, ...]) -> bool:
    return exact(item, nkey) or contains(item, nkey) or (
        len(item.parts) >= 2 and any(matches_part(part, pcores) for part in item.parts))


class LiveChecker:
    """Findings of one document, kept current edit by edit.

    Tell it what changed: ``recheck_field`` after a cell edit, ``recheck_project`` after rows
    were added, removed or reordered, ``recheck_overall`` after Part 1 / year / framework /
    [checks] edits, and ``project_inserted/removed/moved`` after the project list changed.
    """

    def __init__(self, doc: Document, settings: Settings | None = None, path: Path | None = None):
        self.doc = doc
        self.path = path
        self._explicit = settings
        self._build()

    # -- building -------------------------------------------------------------------------

    def _snapshot(self) -> tuple:
        return (self.doc.unit.year, self.doc.framework, repr(self.doc.checks))

    def _build(self) -> None:
        self.settings = self._explicit or settings_for(self.doc)
        self._ctx = Context(self.doc, self.settings, self.path)
        self._bodies = _bodies_of(self._ctx)
        self._rules_of: dict | None = None
        self._rule_lists()
        self._snap = self._snapshot()
        self._counts: Counter = Counter()
        self._doc_bucket: dict[str, list[Finding]] = {}
        self._dept_bucket: dict = {}
        self._item_bucket: dict[int, list[Finding]] = {}
        self._infos: list[ItemInfo | None] = []
        self._item_match: list[set[_Slot]] = []
        self._by_code: dict[str, set[_Slot]] = {}
        self._by_name: dict[str, set[_Slot]] = {}
        self._regions: Counter = Counter()
        self._ref_region: str | None = None
        self._names = _NameIndex()
        self._item_index: _ItemIndex | None = None  # built at the first rename (see _items_by_name)
        self._slots = [_Slot(i) for i in range(len(self.doc.projects))]
        for slot in self._slots:
            self._check_slot(slot)
            self._index_slot(slot)
        for code in list(self._by_code):
            self._refresh_code(code)
        for name in list(self._by_name):
            self._refresh_name(name)
        self._ref_region = reference_region(self._regions)
        for slot in self._slots:
            self._refresh_region(slot)
        self._recheck_document()
        self._recheck_items()
        self._recheck_department()

    def _rule_lists(self) -> None:
        """The rules to run, worked out once per build (and again if the catalog was replaced)."""
        if self._rules_of is catalog.RULES:
            return
        self._rules_of = catalog.RULES
        self._prules = active_rules("project", self.settings)
        self._irules = active_rules("indicator", self.settings)
        facets: dict[str, list[catalog.CalledRule]] = {name: [] for name in (*_FACETS, "row", "other")}
        for r in self._irules:
            facets[_facet(r)].append(r)
        # (facet, key of a row, its rules, reading of the cells -> what those rules find)
        self._ifacets: list[tuple[str, Callable, tuple, dict[tuple, dict[str, list[tuple]]]]] = [
            (name, _FACET_KEYS[name], _calls(facets[name]), {}) for name in _FACETS if facets[name]]
        self._irow = facets["row"]
        self._iother = facets["other"]
        self._guards: tuple[Callable, ...] = tuple(dict.fromkeys(r.when for r in self._irules if r.when is not None))
        # what the guards said of a row -> (row-only rules to run, rules reading the project too)
        self._by_guards: dict[tuple[bool, ...], tuple[tuple, list[tuple[str, Callable]]]] = {}
        self._memo: dict[tuple, _Entry] = {}  # row content -> what its rules make of it

    # -- buckets and counts --------------------------------------------------------------------

    def _put(self, bucket: dict, key, new: list[Finding]) -> None:
        old = bucket.get(key)
        if old:
            for f in old:
                self._counts[f.severity] -= 1
        if new:
            for f in new:
                self._counts[f.severity] += 1
            bucket[key] = new
        elif old is not None:
            del bucket[key]

    def _clear_slot(self, slot: _Slot) -> None:
        for bucket in (slot.proj, slot.cross, *slot.rows):
            for key in list(bucket):
                self._put(bucket, key, [])
        slot.rows = []

    # -- per-project rules ------------------------------------------------------------------------

    def _run_project(self, slot: _Slot, rules) -> None:
        p, pi, ctx, bucket = self.doc.projects[slot.index], slot.index, self._ctx, slot.proj
        for r in rules:
            found = r.check(ctx, p, pi)
            if found or r.id in bucket:  # most rules find nothing: no bucket to touch
                self._put(bucket, r.id, found or [])

    def _run_row(self, slot: _Slot, ii: int, rules) -> None:
        """The given rules on one row (after an edit; a whole row goes through _run_row_all)."""
        p = self.doc.projects[slot.index]
        ind = p.indicators[ii]
        row = slot.rows[ii]
        blank = is_placeholder(ind)  # a template row left blank: part of the form
        ctx, pi = self._ctx, slot.index
        for r in rules:
            found = [] if blank else r.check(ctx, p, pi, ii, ind) or []
            if found or r.id in row:  # most rules find nothing on most rows: no bucket to touch
                self._put(row, r.id, found)

    def _run_row_all(self, slot: _Slot, p, ii: int, ind, row: dict) -> None:
        """Every rule on one row; those reading only the row once per content (see _row_entry)."""
        ctx, pi = self._ctx, slot.index
        key = _ROW_CONTENT(ind)
        entry = self._memo.get(key)
        if entry is None:
            entry = self._row_entry(p, pi, ii, _Row(key, ind.value_text))
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
                for *_, memo in self._ifacets:
                    memo.clear()
            self._memo[key] = entry
        bodies, others = entry
        if row:  # a re-check: drop what the row's content no longer finds
            for rid in [rid for rid in row if rid not in bodies]:
                self._put(row, rid, [])
        for rid, found in bodies.items():
            self._put(row, rid, [ctx.row_finding(rid, p, pi, ii, ind, message, field=field) for _, message, field in found])
        for rid, check in others:  # rules that read the project too (成本 against 预算数)
            fs = check(ctx, p, pi, ii, ind)
            if fs:
                self._put(row, rid, fs)

    def _row_entry(self, p, pi, ii: int, ind) -> _Entry:
        """What the rules make of a row of this content: rule id -> what the row-only rules
        find (the same on every row that has it: the place is added when a finding is made),
        and the rules reading the project too that can fire on it. Each guard (``when``) is
        asked once, however many rules share it."""
        if is_placeholder(ind):  # a template row left blank: part of the form
            return _BLANK
        said = tuple([guard(ind) for guard in self._guards])
        plan = self._by_guards.get(said)
        if plan is None:
            passed = dict(zip(self._guards, said, strict=True))
            plan = self._by_guards[said] = (
                _calls([r for r in self._irow if r.when is None or passed[r.when]]),
                [(r.id, r.check) for r in self._iother if r.when is None or passed[r.when]])
        bodies: dict[str, list[tuple]] = {}
        b = self._bodies
        for _, key_of, calls, memo in self._ifacets:  # rules reading a few cells that repeat
            key = key_of(ind)
            found_of = memo.get(key)
            if found_of is None:
                found_of = memo[key] = _found(calls, b, p, pi, ii, ind)
            bodies.update(found_of)
        bodies.update(_found(plan[0], b, p, pi, ii, ind))
        return bodies, plan[1]

    def _recheck_department(self) -> None:
        """The department's own indicators (整体支出 form): cheap, rebuilt whole on each change."""
        for key in list(self._dept_bucket):
            self._put(self._dept_bucket, key, [])
        prules, irules = department_rules(self.settings, self._ctx.profile)
        dept = department_project(self.doc)
        for r in prules:
            self._put(self._dept_bucket, r.id, r.check(self._ctx, dept, None) or [])
        for ii, ind in enumerate(dept.indicators):
            self._put(self._dept_bucket, (ii, "row"), _rows(self._ctx, dept, None, ii, ind, irules))

    def _check_slot(self, slot: _Slot) -> None:
        for bucket in (slot.proj, *slot.rows):
            for key in list(bucket):
                self._put(bucket, key, [])
        p = self.doc.projects[slot.index]
        slot.rows = [{} for _ in p.indicators]
        slot.stale = False
        self._rule_lists()
        self._run_project(slot, self._prules)
        run, rows = self._run_row_all, slot.rows
        for ii, ind in enumerate(p.indicators):
            run(slot, p, ii, ind, rows[ii])

    # -- cross-project rules ---------------------------------------------------------------------

    def _index_slot(self, slot: _Slot) -> None:
        p = self.doc.projects[slot.index]
        slot.code, slot.name, slot.region = code_key(p), name_group_key(p), region_of(p)
        slot.nkey, slot.cores = name_key(p.name), cores(p.name)
        if slot.code:
            self._by_code.setdefault(slot.code, set()).add(slot)
        if slot.name:
            self._by_name.setdefault(slot.name, set()).add(slot)
        if slot.region:
            self._regions[slot.region] += 1
        self._names.add(slot)

    def _unindex_slot(self, slot: _Slot) -> None:
        for table, key in ((self._by_code, slot.code), (self._by_name, slot.name)):
            if key and key in table:
                table[key].discard(slot)
                if not table[key]:
                    del table[key]
        if slot.region:
            self._regions[slot.region] -= 1
            if not self._regions[slot.region]:
                del self._regions[slot.region]
        self._names.remove(slot)

    def _refresh_code(self, code: str) -> None:
        members = self._by_code.get(code, set())
        on = len(members) > 1 and not self.settings.is_off("CODE-005")
        group = sort_by_name([self.doc.projects[s.index] for s in members]) if on else []
        for s in members:
            p = self.doc.projects[s.index]
            new = [self._ctx.project_finding("CODE-005", p, s.index, dup_code_message(code, group, p), field="code")] if on else []
            self._put(s.cross, "CODE-005", new)

    def _refresh_name(self, name: str) -> None:
        members = self._by_name.get(name, set())
        on = len(members) > 1 and not self.settings.is_off("NAME-002")
        group = sort_by_code([self.doc.projects[s.index] for s in members]) if on else []
        for s in members:
            p = self.doc.projects[s.index]
            new = [self._ctx.project_finding("NAME-002", p, s.index, dup_name_message(name, group, p), field="name")] if on else []
            self._put(s.cross, "NAME-002", new)

    def _refresh_region(self, slot: _Slot) -> None:
        ref = self._ref_region
        new = []
        if ref and slot.region and slot.region != ref and not self.settings.is_off("CODE-004"):
            p = self.doc.projects[slot.index]
            new = [self._ctx.project_finding("CODE-004", p, slot.index, region_message(slot.region, ref), field="code")]
        self._put(slot.cross, "CODE-004", new)

    def _after_region_change(self, slot: _Slot | None) -> None:
        ref = reference_region(self._regions)
        if ref != self._ref_region:
            self._ref_region = ref
            for s in self._slots:  # the majority changed: every code's verdict may change (rare)
                self._refresh_region(s)
        elif slot is not None:
            self._refresh_region(slot)

    def _reindex(self, slot: _Slot, *, removed: bool = False) -> None:
        """After ``slot``'s project changed (or was removed): update indexes and the groups it touches."""
        old_code, old_name = slot.code, slot.name
        self._unindex_slot(slot)
        if removed:
            slot.code = slot.name = slot.nkey = ""
            slot.region, slot.cores = None, ()
        else:
            self._index_slot(slot)
        self._put(slot.cross, "CODE-005", [])
        self._put(slot.cross, "NAME-002", [])
        for code in {old_code, slot.code} - {""}:
            self._refresh_code(code)
        for name in {old_name, slot.name} - {""}:
            self._refresh_name(name)
        self._after_region_change(None if removed else slot)
        affected = set(slot.items)
        if not removed:
            for k in self._items_by_name().candidates(slot.nkey, slot.cores):
                info = self._infos[k]
                if info is not None and _matches_any(info, slot.nkey, slot.cores):
                    affected.add(k)
        for k in sorted(affected):
            self._rematch_item(k)

    # -- Part 1 items ----------------------------------------------------------------------------

    def _rematch_item(self, k: int, same: dict | None = None) -> None:
        """Match item ``k`` to its projects again; ``same`` (a whole rebuild) remembers the
        match of each name, which items naming one project several times share."""
        for s in self._item_match[k]:
            s.items.discard(k)
        info = self._infos[k]
        if info is None:
            self._item_match[k] = set()
            self._put(self._item_bucket, k, [])
            return
        key = (info.key, info.parts)
        found = same.get(key) if same is not None else None
        if found is None:
            matched = set(self._names.match(info).projects)
            projects = [self.doc.projects[s.index] for s in matched]
            found = matched, projects, budget_totals(projects)
            if same is not None:
                same[key] = found
        matched, projects, totals = found
        self._item_match[k] = matched  # shared by items of one name; replaced, never changed in place
        for s in matched:
            s.items.add(k)
        self._put(self._item_bucket, k, evaluate(self._ctx, k, info, projects, totals))

    def _evaluate_item(self, k: int) -> None:
        info = self._infos[k]
        if info is None:
            return
        projects = [self.doc.projects[s.index] for s in self._item_match[k]]
        self._put(self._item_bucket, k, evaluate(self._ctx, k, info, projects))

    def _items_by_name(self) -> _ItemIndex:
        """Part 1 items by name: only a renamed project needs them (a one-off check never does)."""
        if self._item_index is None:
            self._item_index = _ItemIndex(self._infos)
        return self._item_index

    def _recheck_items(self) -> None:
        for matched in self._item_match:
            for s in matched:
                s.items.clear()
        for k in list(self._item_bucket):
            self._put(self._item_bucket, k, [])
        self._infos = [parse_item(t) for t in self.doc.overall.targets.items]
        self._item_index = None
        self._item_match = [set() for _ in self._infos]
        same: dict = {}
        for k in range(len(self._infos)):
            self._rematch_item(k, same)

    def _recheck_document(self, reads: str | None = None) -> None:
        ctx = self._ctx
        if reads is None:
            for key in [k for k in self._doc_bucket if k.startswith("SET-")]:
                self._put(self._doc_bucket, key, [])
            by_rule: dict[str, list[Finding]] = {}
            for p in self.settings.problems:
                by_rule.setdefault(p.rule, []).append(ctx.doc_finding(p.rule, p.message, field="checks"))
            for rid, fs in by_rule.items():
                self._put(self._doc_bucket, rid, fs)
        for r in active_rules("document", self.settings):
            if reads is None or reads in r.reads:
                self._put(self._doc_bucket, r.id, r.check(ctx) or [])

    # -- what the app calls after an edit -------------------------------------------------------

    def _in_sync(self) -> bool:
        if len(self._slots) != len(self.doc.projects) or self._snapshot() != self._snap:
            self._build()
            return False
        return True

    def recheck_field(self, project_index: int, indicator_index: int | None, field: str) -> None:
        """One cell changed: a row field (indicator_index given) or a project field."""
        if not self._in_sync():
            return
        slot = self._slots[project_index]
        p = self.doc.projects[project_index]
        if indicator_index is not None:
            if len(p.indicators) != len(slot.rows) or not 0 <= indicator_index < len(slot.rows):
                self.recheck_project(project_index)
                return
            # Every rule of the row (messages quote the row's 三级指标). Not through the memo of
            # row contents: one edit costs the same whether the document's rows are few or many.
            self._rule_lists()
            self._run_row(slot, indicator_index, self._irules)
            key = f"indicators.{field}"
            self._run_project(slot, [r for r in active_rules("project", self.settings) if key in r.reads])
            return
        if field not in _PROJECT_FIELDS:  # name, code (quoted by every message), indicators …
            self.recheck_project(project_index)
            return
        self._run_project(slot, [r for r in active_rules("project", self.settings) if field in r.reads])
        irules = [r for r in active_rules("indicator", self.settings) if field in r.reads]
        if irules:
            for ii in range(len(slot.rows)):
                self._run_row(slot, ii, irules)
        if field in ("budget", "plan"):  # the match is unchanged: evaluate the items again
            for k in sorted(slot.items):
                self._evaluate_item(k)

    def recheck_project(self, project_index: int) -> None:
        """Everything of one project (after rows were added, removed or moved, or its name/code changed)."""
        if not self._in_sync():
            return
        slot = self._slots[project_index]
        self._check_slot(slot)
        self._reindex(slot)

    def recheck_overall(self) -> None:
        """Part 1, the unit, year, framework or [checks] changed."""
        if self._snapshot() != self._snap or len(self._slots) != len(self.doc.projects):
            self._build()  # year, framework or settings: every project's verdict may change
            return
        self._recheck_document()
        self._recheck_items()
        self._recheck_department()

    def recheck_all(self) -> None:
        self._build()

    def _shift(self, start: int, stop: int) -> None:
        for i in range(start, stop):
            s = self._slots[i]
            if s.index != i:
                s.index = i
                s.stale = True

    def project_inserted(self, index: int) -> None:
        """``doc.projects[index]`` is new; later projects moved down by one."""
        if len(self._slots) + 1 != len(self.doc.projects) or self._snapshot() != self._snap:
            self._build()
            return
        slot = _Slot(index)
        self._slots.insert(index, slot)
        self._shift(index + 1, len(self._slots))
        self._check_slot(slot)
        self._reindex(slot)
        self._recheck_document("projects")

    def project_removed(self, index: int) -> None:
        """The project at ``index`` was removed; later projects moved up by one."""
        if len(self._slots) - 1 != len(self.doc.projects) or self._snapshot() != self._snap:
            self._build()
            return
        slot = self._slots.pop(index)
        self._shift(index, len(self._slots))
        self._clear_slot(slot)
        self._reindex(slot, removed=True)
        self._recheck_document("projects")

    def project_moved(self, old: int, new: int) -> None:
        """The project at ``old`` now sits at ``new`` (others shifted); nothing else changed."""
        if len(self._slots) != len(self.doc.projects):
            self._build()
            return
        slot = self._slots.pop(old)
        self._slots.insert(new, slot)
        self._shift(min(old, new), max(old, new) + 1)

    # -- reading findings ------------------------------------------------------------------------

    def _fresh(self, slot: _Slot) -> None:
        if not slot.stale:
            return
        i = slot.index
        for bucket in (slot.proj, slot.cross, *slot.rows):
            for key, fs in bucket.items():
                bucket[key] = [f if f.project_index == i else replace(f, project_index=i) for f in fs]
        slot.stale = False

    def _slot_findings(self, slot: _Slot, indicator_index: int | None = None) -> list[Finding]:
        self._fresh(slot)
        out: list[Finding] = []
        if indicator_index is None:
            for bucket in (slot.proj, slot.cross, *slot.rows):
                for fs in bucket.values():
                    out += fs
        elif 0 <= indicator_index < len(slot.rows):
            for fs in slot.rows[indicator_index].values():
                out += fs
        return out

    def findings(self, project_index: int | None = None, indicator_index: int | None = None) -> list[Finding]:
        """All findings (in report order), or those of one project, or of one row."""
        if project_index is not None:
            if not 0 <= project_index < len(self._slots):
                return []
            return _sorted(self._slot_findings(self._slots[project_index], indicator_index))
        out = self.document_findings()
        for slot in self._slots:
            out += self._slot_findings(slot)
        return _sorted(out)

    def document_findings(self) -> list[Finding]:
        """Findings about the whole document and Part 1 items."""
        out: list[Finding] = []
        for fs in self._doc_bucket.values():
            out += fs
        for fs in self._item_bucket.values():
            out += fs
        for fs in self._dept_bucket.values():
            out += fs
        return _sorted(out)

    def counts(self) -> dict[Severity, int]:
        return {s: self._counts.get(s, 0) for s in Severity}

    @property
    def off_rules(self) -> dict[str, str]:
        return dict(self.settings.off)
