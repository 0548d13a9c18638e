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
import functools
import tomllib
from collections.abc import Callable, Sequence
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Array, InlineTable, Item, Table, Whitespace

from perftui import tomlwrite as w
from perftui.fields import OWN, PLAN, RAW, RECORD, RECORDS, TEXTS, Field, fields_of, keys_of
from perftui.forms import Profile, profile_of
from perftui.locate import header_names, statements
from perftui.model import Document
from perftui.review import storage as review_storage


def apply(text: str, old: Document, new: Document) -> str:
    """``text`` (which reads as ``old``) changed so that it reads as ``new``."""
    text, old = review_storage.patch(text, old, new)  # the [review] part is replaced whole
    if old == new:
        return text
    doc = tomlkit.parse(text)
    _patch_record(doc, old, new, [], profile_of(new))
    result = doc.as_string()
    # Moved tables bring their blank line along; never leave extra blank lines at the end.
    if result.endswith("\n\n") and not text.endswith("\n\n"):
        result = result.rstrip("\n") + "\n"
    return result


# --- leaves ------------------------------------------------------------------------------


def item(fragment: str) -> Item:
    """A tomlkit item for the TOML value text ``fragment`` (written exactly as given)."""
    return _parsed_item(f"x = {fragment}\n", "x")


def _parsed_item(text: str, key: str) -> Item:
    """The value of ``key`` in TOML ``text`` that writes it in one piece (so never tomlkit's
    proxy for a table split across a file)."""
    found = tomlkit.parse(text).item(key)
    assert isinstance(found, Item)
    return found


def _container(table: Container | Table | InlineTable) -> Container:
    return table if isinstance(table, Container) else table.value


def _insert_after(c: Container, after: str, key: str, new: Item) -> None:
    """Put ``key`` right after the key ``after`` (its last part, in a table split over the file).

    tomlkit has no public insertion; ``Container._insert_at`` is the one its own code uses
    (``_insert_after`` went in 0.15.3). The tests of the diff-minimal save fail if it goes too."""
    at = max(i for i, (k, _) in enumerate(c.body) if k is not None and k.key == after)
    if at + 1 < len(c.body):
        c._insert_at(at + 1, key, new)
    else:
        c.append(key, new)


def _set(table: Container | Table | InlineTable, key: str, fragment: str, order: Sequence[str]) -> None:
    """Set ``key`` to the value written as ``fragment``; a new key goes after its predecessor in ``order``."""
    c = _container(table)
    new = item(fragment)
    if key in c:
        c[key] = new  # tomlkit keeps the old line's indent and comment
        return
    before = [k for k in order[: order.index(key)] if k in c] if key in order else []
    if before:
        _insert_after(c, before[-1], key, new)
    else:
        # First in its table: before every other key (and before any sub-table).
        index = next((i for i, (k, _) in enumerate(c.body) if k is not None), None)
        if index is None:
            c.append(key, new)
        else:
            c._insert_at(index, key, new)


def _delete(table: Container | Table | InlineTable, key: str) -> None:
    c = _container(table)
    if key in c:
        del c[key]


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
        _insert_after(cont, prev[-1], key, new)
    else:
        cont.append(key, new)
    return cont[key]


def _free_table(table: Table | InlineTable, old: dict, new: dict) -> None:
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


# --- records (the unit, sections, projects, indicators…), from their declarations ----------

# An ancestor table of a record as its header names it: (dotted name, whether an array of tables).
Ancestry = list[tuple[str, bool]]


def _patch_record(table, old: Any, new: Any, ancestry: Ancestry, profile: Profile) -> None:
    """Make ``table`` (which reads as ``old``) read as ``new``, field by declared field."""
    name = ancestry[-1][0] if ancestry else ""
    cls = type(new)
    order = tuple(f.key for f in profile.ordered(cls))
    for f in profile.ordered(cls):
        o, n = getattr(old, f.key), getattr(new, f.key)
        if o == n:
            continue
        if f.shape == RECORD:
            after = order[: order.index(f.key)][::-1]
            _patch_record(_table(table, f.key, after), o, n, [*ancestry, (_sub(name, f.key), False)], profile)
        elif f.shape == RECORDS:
            _records(table, f, o, n, ancestry, profile)
        elif f.shape == RAW:
            _raw(table, f.key, o, n)
        elif f.shape == OWN:
            continue  # replaced whole before (review_storage.patch)
        elif not profile.shows(cls, f, n):
            _delete(table, f.key)
        elif f.shape == TEXTS:
            _strings(table, f.key, o, n, order)
        else:
            _leaf(table, f.key, o, n, functools.partial(w.fragment, f), order)


def _sub(name: str, key: str) -> str:
    return f"{name}.{key}" if name else key


def _raw(table, key: str, old: dict, new: dict) -> None:
    body = _container(table)
    if new and key not in body:
        _append_last(body, key, _parsed_item(w.dumps_table(key, new), key))
    elif new:
        _free_table(_table(table, key, ()), old, new)
    elif key in body:
        del body[key]


def _fingerprint(record: object) -> tuple:
    """A hashable summary of a record's content (for aligning old and new elements)."""
    out = []
    cls: type = type(record)  # annotated: mypy takes type(x) for unhashable (python/mypy#11470)
    for f in fields_of(cls):
        v = getattr(record, f.key)
        if f.shape == RECORDS:
            v = tuple(_fingerprint(x) for x in v)
        elif f.shape == RECORD:
            v = _fingerprint(v)
        elif f.shape == TEXTS:
            v = tuple(v)
        elif f.shape in (PLAN, RAW):
            v = repr(sorted(v.items(), key=repr))
        elif f.shape == OWN:
            v = repr(v)
        out.append(v)
    return tuple(out)


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


def _context(ancestry: Ancestry) -> str:
    """Header lines that put a parsed fragment where it belongs (``[[projects]]`` …)."""
    return "".join((f"[[{n}]]\n" if array else f"[{n}]\n") for n, array in ancestry)


def _descend(doc: Any, ancestry: Ancestry) -> Any:
    node = doc
    for n, array in ancestry:
        node = node[n.rsplit(".", 1)[-1]]
        if array:
            node = node[0]
    return node


def _new_elements(f: Field, items: Sequence, ancestry: Ancestry, profile: Profile) -> AoT:
    """An array of tables holding ``items`` as a new file would write them."""
    name = _sub(ancestry[-1][0] if ancestry else "", f.key)
    lines: list[str] = []
    for x in items:
        lines.extend([*w.element_lines(name, x, profile, f.doc), ""])
    parsed = tomlkit.parse(_context(ancestry) + "\n".join(lines) + "\n")
    return _descend(parsed, ancestry)[f.key]


def _records(table, f: Field, old: list, new: list, ancestry: Ancestry, profile: Profile) -> None:
    c = _container(table)
    if not new:
        if f.key in c:
            del c[f.key]
        return
    if f.key not in c:
        aot = _new_elements(f, new, ancestry, profile)
        if isinstance(table, Table):
            _end_with_blank_line(table)
            c.append(f.key, aot)
        else:
            _append_last(c, f.key, aot)
        return
    aot = c[f.key]
    inner = [*ancestry, (_sub(ancestry[-1][0] if ancestry else "", f.key), True)]

    def patch(t: Table, o: Any, n: Any) -> None:
        _patch_record(t, o, n, inner, profile)

    def make(x: Any) -> Table:
        return _new_elements(f, [x], ancestry, profile).body[0]

    _rebuild(aot, list(aot.body), _align(old, new), old, new, patch, make)


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


def _append_last(body: Container, key: str, value: Item) -> None:
    """Add a top-level table in declaration order: before the tables declared after it."""
    later = keys_of(Document)[keys_of(Document).index(key) + 1:] if key in keys_of(Document) else ()
    for i, (k, _) in enumerate(body.body):
        if k is not None and k.key in later:
            body._insert_at(i, key, value)
            return
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
            elif not (starts and len(names) > 1):  # a project's own sub-tables stay in its chunk
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
    profile = profile_of(new)
    pairs = _align(old.projects, new.projects)
    for i, j in pairs:
        if i is None:
            lines: list[str] = []
            w.project_lines(new.projects[j], lines, profile)
            out.append("\n".join(lines[1:]) + "\n\n")
        elif old.projects[i] == new.projects[j]:
            out.append(chunks[i])
        else:
            doc = tomlkit.parse(chunks[i])
            _patch_record(doc["projects"][0], old.projects[i], new.projects[j], [("projects", True)], profile)
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
