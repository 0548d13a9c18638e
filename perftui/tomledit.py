"""Applying the differences between two Documents to a file's text through tomlkit.

Only what changed is touched: a changed leaf is replaced (keeping its line's comment),
added and removed keys, list items, projects and indicators are inserted or dropped,
and everything else keeps its written bytes. New values are written in the layout of
``perftui.tomlwrite`` (the item is made by parsing the text ``tomlwrite`` produces, which
is also how amounts keep exactly two decimals: tomlkit cannot write a Decimal).

``apply_chunked`` is the fast path used first: it cuts the text into head / one chunk per
``[[projects]]`` table / tail and runs tomlkit only on the chunks that changed, so a save of
a big file does not pay for parsing every project with tomlkit. ``apply`` handles the
whole file at once and serves the layouts the fast path declines (``Unsplittable``).
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Callable, Sequence
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Array, InlineTable, Item, Table, Whitespace

from perftui import tomlwrite as w
from perftui.locate import header_names, statements
from perftui.model import INDICATOR_FIELDS, Document, Indicator, Project, Section
from perftui.review import storage as review_storage

PROJECT_FIELDS = ("code", "name", "budget", "fiscal", "other", "use", "plan", "goals")


def apply(text: str, old: Document, new: Document) -> str:
    """``text`` (which reads as ``old``) changed so that it reads as ``new``."""
    text, old = review_storage.patch(text, old, new)  # the [review] part is replaced whole
    if old == new:
        return text
    doc = tomlkit.parse(text)
    body: Container = doc  # a TOMLDocument is a Container
    _scalar(body, "format", old.format, new.format, str)
    _scalar(body, "framework", old.framework, new.framework, w.basic_string)

    if old.unit != new.unit:
        unit = _table(body, "unit", ("format", "framework"))
        for name, fmt in (("code", w.basic_string), ("name", w.basic_string), ("year", str)):
            _leaf(unit, name, getattr(old.unit, name), getattr(new.unit, name), fmt, ("code", "name", "year"))

    if old.overall != new.overall:
        overall = _table(body, "overall", ("unit", "framework", "format"))
        _leaf(overall, "goal", old.overall.goal, new.overall.goal, w.multiline_string, ("goal",))
        for name in ("targets", "measures"):
            o, n = getattr(old.overall, name), getattr(new.overall, name)
            if o != n:
                _section(_table(overall, name, ("goal", "targets")), o, n)

    if old.projects != new.projects:
        _projects(body, old.projects, new.projects)

    if old.checks != new.checks:
        if new.checks and "checks" not in body:
            body.append("checks", tomlkit.parse(w.dumps_table("checks", new.checks)).item("checks"))
        elif new.checks:
            _free_table(_table(body, "checks", ()), old.checks, new.checks)
        elif "checks" in body:
            del body["checks"]

    result = doc.as_string()
    # Moved tables bring their blank line along; never leave extra blank lines at the end.
    if result.endswith("\n\n") and not text.endswith("\n\n"):
        result = result.rstrip("\n") + "\n"
    return result


# --- leaves ------------------------------------------------------------------------------


def item(fragment: str) -> Item:
    """A tomlkit item for the TOML value text ``fragment`` (written exactly as given)."""
    return tomlkit.parse(f"x = {fragment}\n").item("x")


def _container(table: Container | Table | InlineTable) -> Container:
    return table if isinstance(table, Container) else table.value


def _set(table: Container | Table, key: str, fragment: str, order: Sequence[str]) -> None:
    """Set ``key`` to the value written as ``fragment``; a new key goes after its predecessor in ``order``."""
    c = _container(table)
    new = item(fragment)
    if key in c:
        c[key] = new  # tomlkit keeps the old line's indent and comment
        return
    before = [k for k in order[: order.index(key)] if k in c] if key in order else []
    if before:
        c._insert_after(before[-1], key, new)
    else:
        # First in its table: before every other key (and before any sub-table).
        index = next((i for i, (k, _) in enumerate(c.body) if k is not None), None)
        if index is None:
            c.append(key, new)
        else:
            c._insert_at(index, key, new)


def _delete(table: Container | Table, key: str) -> None:
    c = _container(table)
    if key in c:
        del c[key]


def _scalar(c: Container, key: str, old: Any, new: Any, fmt: Callable[[Any], str]) -> None:
    if old != new:
        _set(c, key, fmt(new), ("format", "framework"))


def _leaf(table, key: str, old: Any, new: Any, fmt: Callable[[Any], str], order: Sequence[str]) -> None:
    if old == new:
        return
    if new is None:
        _delete(table, key)
    else:
        _set(table, key, fmt(new), order)


def _strings(table, key: str, old: list[str], new: list[str], order: Sequence[str]) -> None:
    """A list of strings: replace single items when only items changed, else the whole list."""
    if old == new:
        return
    c = _container(table)
    current = c.get(key) if key in c else None
    if isinstance(current, Array) and len(old) == len(new) and len(current) == len(old):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                current[i] = item(w.basic_string(b))
        return
    _set(table, key, w.string_list(new), order)


def _table(c: Container | Table, key: str, after: Sequence[str]) -> Table | InlineTable:
    """The sub-table ``key`` of ``c`` (a [table] or an inline one), created empty when the file has none."""
    cont = _container(c)
    if key in cont:
        found = cont[key]
        if isinstance(found, (Table, InlineTable)):
            return found
        raise TypeError(f"{key} is not a table")
    new = tomlkit.table()
    prev = [k for k in after if k in cont]
    if prev:
        cont._insert_after(prev[-1], key, new)
    else:
        cont.append(key, new)
    return cont[key]


def _section(table: Table, old: Section, new: Section) -> None:
    order = ("caption", "items")
    _leaf(table, "caption", old.caption, new.caption, w.basic_string, order)
    _strings(table, "items", old.items, new.items, order)


def _free_table(table: Table, old: dict, new: dict) -> None:
    """The free-form [checks] table: changed values replaced, sub-tables followed."""
    for k in list(old):
        if k not in new:
            _delete(table, k)
    for k, v in new.items():
        o = old.get(k)
        if o == v and k in old:
            continue
        if isinstance(v, dict) and isinstance(o, dict) and isinstance(table.get(k), Table):
            _free_table(table[k], o, v)
        elif isinstance(v, dict) and v:
            _delete(table, k)
            sub = tomlkit.parse(w.dumps_table(w.key(str(k)), v)).item(str(k))
            table.append(k, sub)
        else:
            _set(table, str(k), w.value(v), tuple(new))


# --- projects and indicators --------------------------------------------------------------


def _fingerprint(p: Project | Indicator) -> tuple:
    if isinstance(p, Indicator):
        return tuple(getattr(p, f) for f in INDICATOR_FIELDS)
    return (
        p.code, p.name, p.budget, p.fiscal, p.other, p.use,
        tuple(sorted(p.plan.items())), tuple(p.goals),
        tuple(_fingerprint(i) for i in p.indicators),
    )  # fmt: skip


def _align(old: Sequence, new: Sequence) -> list[tuple[int | None, int]]:
    """For each new element, the index of the old element it continues (or None when new)."""
    a = [_fingerprint(x) for x in old]
    b = [_fingerprint(x) for x in new]
    pairs: list[tuple[int | None, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal" or tag == "replace":
            for k in range(j2 - j1):
                pairs.append((i1 + k if i1 + k < i2 else None, j1 + k))
        elif tag == "insert":
            pairs.extend((None, j) for j in range(j1, j2))
    return pairs


def _patch_project(table: Table, old: Project, new: Project) -> None:
    fmts: dict[str, Callable[[Any], str]] = {
        "code": w.basic_string, "name": w.basic_string, "use": w.basic_string,
        "budget": w.amount, "fiscal": w.amount, "other": w.amount, "plan": w.plan,
    }  # fmt: skip
    for f in PROJECT_FIELDS:
        o, n = getattr(old, f), getattr(new, f)
        if o == n:
            continue
        if f == "goals":
            _strings(table, f, o, n, PROJECT_FIELDS)
        else:
            _leaf(table, f, o, n, fmts[f], PROJECT_FIELDS)
    if old.indicators != new.indicators:
        _indicators(table, old.indicators, new.indicators)


def _patch_indicator(table: Table, old: Indicator, new: Indicator) -> None:
    for f in INDICATOR_FIELDS:
        _leaf(table, f, getattr(old, f), getattr(new, f), w.basic_string, INDICATOR_FIELDS)


def _new_project(p: Project) -> Table:
    out: list[str] = []
    w.project_lines(p, out)
    return tomlkit.parse("\n".join(out[1:]) + "\n\n")["projects"][0]


def _new_indicator(ind: Indicator) -> Table:
    text = "[[projects]]\nname = \"\"\n\n[[projects.indicators]]\n" + "\n".join(w.indicator_body(ind)) + "\n\n"
    return tomlkit.parse(text)["projects"][0]["indicators"][0]


def _rebuild(aot: AoT, old_tables: list[Table], pairs, old: Sequence, new: Sequence, patch, make) -> None:
    tables = []
    for i, j in pairs:
        if i is None:
            tables.append(make(new[j]))
        else:
            patch(old_tables[i], old[i], new[j])
            tables.append(old_tables[i])
    if [id(t) for t in tables] != [id(t) for t in old_tables]:
        for t in tables:
            _end_with_blank_line(t)
        while len(aot):
            aot.pop()
        for t in tables:
            aot.append(t)


def _projects(body: Container, old: list[Project], new: list[Project]) -> None:
    if not new:
        if "projects" in body:
            del body["projects"]
        return
    if "projects" not in body:
        _append_before(body, "projects", tomlkit.parse("\n".join(_lines_of_projects(new)) + "\n")["projects"])
        return
    aot = body["projects"]
    _rebuild(aot, list(aot.body), _align(old, new), old, new, _patch_project, _new_project)


def _lines_of_projects(projects: list[Project]) -> list[str]:
    out: list[str] = []
    for p in projects:
        w.project_lines(p, out)
    return out[1:]


def _indicators(table: Table, old: list[Indicator], new: list[Indicator]) -> None:
    c = table.value
    if not new:
        if "indicators" in c:
            del c["indicators"]
        return
    if "indicators" not in c:
        _end_with_blank_line(table)
        text = "[[projects]]\nname = \"\"\n\n" + "".join(
            "[[projects.indicators]]\n" + "\n".join(w.indicator_body(i)) + "\n\n" for i in new
        )
        aot = tomlkit.parse(text)["projects"][0]["indicators"]
        c.append("indicators", aot)
        return
    aot = c["indicators"]
    _rebuild(aot, list(aot.body), _align(old, new), old, new, _patch_indicator, _new_indicator)


def _append_before(body: Container, key: str, value: Item) -> None:
    """Add a top-level array of tables before [checks] (the file's last table)."""
    if "checks" in body:
        index = next(i for i, (k, _) in enumerate(body.body) if k is not None and k.key == "checks")
        body._insert_at(index, key, value)
    else:
        body.append(key, value)


def _end_with_blank_line(table: Table) -> None:
    """Make ``table`` (with its sub-tables) end with a blank line, so moved tables stay apart."""
    if table.as_string().endswith("\n\n"):
        return
    last = table
    while True:
        tail = last.value.body[-1][1] if last.value.body else None
        if isinstance(tail, AoT) and tail.body:
            last = tail.body[-1]
        elif isinstance(tail, Table):
            last = tail
        else:
            break
    if not last.as_string().endswith("\n"):
        last.value.append(None, Whitespace("\n"))
    last.value.append(None, Whitespace("\n"))


# --- the fast path: only the changed parts go through tomlkit -----------------------------


class Unsplittable(Exception):
    """The file's layout does not split into head / one chunk per project / tail."""


def split_projects(text: str) -> tuple[str, list[str], str]:
    """``text`` as (head, one chunk per ``[[projects]]`` table, tail); they concatenate back to it.

    The head holds everything before the first project (format, unit, overall…), the tail
    the tables after the last one (usually [checks]).
    """
    starts: list[int] = []
    tail_start: int | None = None
    for no, header, _key in statements(text):
        if header is None:
            continue
        array, names = header_names(header)
        if names and names[0] == "projects":
            if tail_start is not None:
                raise Unsplittable("a projects table after other tables")
            if names == ["projects"] and array:
                starts.append(no)
            elif not (starts and array and names == ["projects", "indicators"]):
                raise Unsplittable(f"unexpected header {header.group(0)!r}")
        elif starts and tail_start is None:
            tail_start = no
    if not starts:
        raise Unsplittable("no [[projects]] tables")
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    bounds = [offsets[no - 1] for no in starts]
    end = offsets[tail_start - 1] if tail_start is not None else len(text)
    chunks = [text[a:b] for a, b in zip(bounds, bounds[1:] + [end], strict=True)]
    return text[: bounds[0]], chunks, text[end:]


def apply_chunked(text: str, old: Document, new: Document) -> str:
    """Like ``apply``, but parses with tomlkit only the parts that changed (fast on big files)."""
    text, old = review_storage.patch(text, old, new)
    if old == new:
        return text
    if not new.projects:
        raise Unsplittable("every project removed")
    head, chunks, tail = split_projects(text)
    if len(chunks) != len(old.projects):
        raise Unsplittable("projects written in more than one way")

    old_top = dataclasses.replace(old, projects=[])
    new_top = dataclasses.replace(new, projects=[])
    old_tail = tail
    if old.checks != new.checks and "checks" not in tomllib.loads(head):
        # [checks] lives in the tail (or is new): patch it there, keep it out of the head's diff.
        tail = _patch_tail(tail, old.checks, new.checks)
        old_top.checks = new_top.checks = {}
    if old_top != new_top:
        head = apply(head, old_top, new_top)

    out: list[str] = []
    pairs = _align(old.projects, new.projects)
    for i, j in pairs:
        if i is None:
            lines: list[str] = []
            w.project_lines(new.projects[j], lines)
            out.append("\n".join(lines[1:]) + "\n\n")
        elif old.projects[i] == new.projects[j]:
            out.append(chunks[i])
        else:
            doc = tomlkit.parse(chunks[i])
            _patch_project(doc["projects"][0], old.projects[i], new.projects[j])
            out.append(doc.as_string())
    moved = [i for i, _ in pairs] != list(range(len(chunks)))
    if moved:
        # Moved, added or removed tables: keep exactly one blank line between them.
        out = [c if c.endswith("\n\n") else c + ("\n" if c.endswith("\n") else "\n\n") for c in out]
    body = "".join(out)
    if tail.strip() and (moved or not old_tail.strip()) and not body.endswith("\n\n"):
        body = body.rstrip("\n") + "\n\n"
    result = head + body + tail
    if text.endswith("\n") and not text.endswith("\n\n"):
        result = result.rstrip("\n") + "\n"  # no extra blank lines at the end of the file
    return result


def _patch_tail(tail: str, old: dict, new: dict) -> str:
    if not tail.strip():
        return w.dumps_table("checks", new) if new else tail
    doc = tomlkit.parse(tail)
    if not new:
        if "checks" in doc:
            del doc["checks"]
    elif "checks" in doc:
        _free_table(doc["checks"], old, new)
    else:
        doc.append("checks", tomlkit.parse(w.dumps_table("checks", new)).item("checks"))
    return doc.as_string()
