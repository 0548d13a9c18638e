"""Editing state of one open document: changes, undo/redo, dirty tracking, live checks.

UI-free on purpose (no Textual import) so that it can be unit-tested. Every edit the app
makes goes through :class:`DocState`, which records it as a reversible change, tells the
live checker what the change can affect, and keeps the unsaved marker honest.

A change addresses the document by a *path*: attribute names and list indices from the
Document, e.g. ``("projects", 3, "indicators", 2, "value")`` or ``("unit", "name")``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from perftui.model import Document

Path = tuple[Any, ...]


class ReadOnlyError(Exception):
    """An edit was attempted on a document opened read-only."""


def resolve(doc: Document, path: Path) -> Any:
    """The object at ``path`` (attributes, list indices and dict keys)."""
    obj: Any = doc
    for step in path:
        if isinstance(step, int) and isinstance(obj, list):
            obj = obj[step]
        elif isinstance(obj, dict):
            obj = obj.get(step)
        else:
            obj = getattr(obj, step)
    return obj


def _assign(doc: Document, path: Path, value: Any) -> None:
    parent = resolve(doc, path[:-1])
    last = path[-1]
    if isinstance(parent, dict):
        if value is None:
            parent.pop(last, None)
        else:
            parent[last] = value
    elif isinstance(parent, list):
        parent[last] = value
    else:
        setattr(parent, last, value)


@dataclass
class Change:
    """One reversible edit. ``kind`` is set / insert / remove / move."""

    kind: str
    path: Path  # set: the leaf; list ops: the list
    old: Any = None
    new: Any = None
    index: int = 0
    index2: int = 0  # move: destination
    serial: int = 0
    sealed: bool = False  # no more keystrokes merged into this change

    def apply(self, doc: Document) -> None:
        if self.kind == "set":
            _assign(doc, self.path, copy.copy(self.new))
        elif self.kind == "insert":
            resolve(doc, self.path).insert(self.index, self.new)
        elif self.kind == "remove":
            resolve(doc, self.path).pop(self.index)
        elif self.kind == "move":
            seq = resolve(doc, self.path)
            seq.insert(self.index2, seq.pop(self.index))

    def revert(self, doc: Document) -> None:
        if self.kind == "set":
            _assign(doc, self.path, copy.copy(self.old))
        elif self.kind == "insert":
            resolve(doc, self.path).pop(self.index)
        elif self.kind == "remove":
            resolve(doc, self.path).insert(self.index, self.old)
        elif self.kind == "move":
            seq = resolve(doc, self.path)
            seq.insert(self.index, seq.pop(self.index2))


@dataclass
class Touch:
    """What an applied (or reverted) change touched, for screens to refresh."""

    change: Change
    undone: bool = False

    @property
    def structural(self) -> bool:
        return self.change.kind != "set"


def _make_checker(doc: Document, path=None):
    """A LiveChecker when the checks package is available, else None."""
    try:
        from perftui.checks import LiveChecker
    except ImportError:  # checks are optional for editing
        return None
    return LiveChecker(doc, path=path)


@dataclass
class Refused:
    """Text typed into a field that its kind refused: shown in the field, never saved.

    Held by the field's owner object (a Project, an Indicator, the Unit, a plan dict) and
    key, so it stays with its field when rows are inserted or moved, and comes back when a
    screen showing the field is opened again.
    """

    owner: Any
    key: Any
    text: str
    message: str  # Chinese: which field, what was typed, why it is refused


@dataclass
class DocState:
    """One open document: its file, its edits and its findings."""

    doc: Document
    loaded: Any = None  # perftui.store.Loaded (path, doc, text, stamp) or None for a new file
    read_only: bool = False
    sample: bool = False  # the bundled sample: editable, but saved only as a file of the user's
    # Review mode: the content is read-only, the review data (opinions, status) writable.
    review_writable: bool = False
    origin: Any = None  # the Word/Excel/text file an unsaved document was imported from (a Path)
    undo_stack: list[Change] = field(default_factory=list)
    redo_stack: list[Change] = field(default_factory=list)
    checker: Any = None
    generation: int = 0  # bumped on every change; screens compare to know when to redraw
    listeners: list[Callable[[Touch], None]] = field(default_factory=list)
    checks_started: bool = False
    checks_done: bool = False  # the first full check has finished (checker may still be None)
    refused: list[Refused] = field(default_factory=list)
    _serial: int = 0
    _saved_serial: int = 0

    # ----- file -------------------------------------------------------------------------
    @property
    def path(self):
        return self.loaded.path if self.loaded is not None else None

    @property
    def dirty(self) -> bool:
        top = self.undo_stack[-1].serial if self.undo_stack else 0
        return top != self._saved_serial

    # ----- refused entries ---------------------------------------------------------------
    def _owner(self, path: Path) -> tuple[Any, Any]:
        return resolve(self.doc, path[:-1]), path[-1]

    def refuse(self, path: Path, text: str, message: str) -> None:
        """Remember text a field refused (replacing an earlier refusal of the same field)."""
        owner, key = self._owner(tuple(path))
        self.accept(path)
        self.refused.append(Refused(owner, key, text, message))

    def drop_run(self, path: Path) -> Touch | None:
        """Take back the typing run still going on in the field at ``path`` (not redoable):
        a refused entry leaves the document as it was before the field was typed into."""
        top = self.undo_stack[-1] if self.undo_stack else None
        if top is None or top.kind != "set" or top.path != tuple(path) or top.sealed:
            return None
        self.undo_stack.pop()
        top.revert(self.doc)
        return self._touched(top, True)

    def accept(self, path: Path) -> None:
        """The field at ``path`` holds a valid value again (typed, reverted or undone)."""
        owner, key = self._owner(tuple(path))
        self.refused = [r for r in self.refused if not (r.owner is owner and r.key == key)]

    def refused_text(self, path: Path) -> str | None:
        try:
            owner, key = self._owner(tuple(path))
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        for r in self.refused:
            if r.owner is owner and r.key == key:
                return r.text
        return None

    def pending_refusals(self) -> list[Refused]:
        """Refusals whose field is still in the document (a deleted row takes its own along)."""
        if not self.refused:
            return []  # the usual case: no walk through every project on each edit
        doc = self.doc
        live = {id(doc.unit), id(doc.overall), id(doc.overall.targets), id(doc.overall.measures)}
        live.update(id(i) for i in doc.overall.indicators)
        live.update(id(t) for t in doc.overall.tasks)
        for p in doc.projects:
            live.update((id(p), id(p.plan)))
            live.update(id(i) for i in p.indicators)
            live.update(id(c) for c in p.costs)
        return [r for r in self.refused if id(r.owner) in live]

    @property
    def unsaved(self) -> bool:
        """Anything that closing now would lose: unsaved edits or refused entries."""
        return self.dirty or bool(self.pending_refusals())

    def mark_saved(self, loaded: Any) -> None:
        self.loaded = loaded
        self.sample = False  # written to a file of its own: from now on that file is edited
        self.origin = None
        self.seal()
        self._saved_serial = self.undo_stack[-1].serial if self.undo_stack else 0

    def replace(self, loaded: Any) -> None:
        """Reload from disk: a fresh document, history cleared."""
        self.loaded = loaded
        self.doc = loaded.doc
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.refused.clear()
        self._saved_serial = 0
        self.generation += 1
        self.checker = None
        self.start_checks()

    # ----- checks -----------------------------------------------------------------------
    def start_checks(self) -> None:
        """Build the live checker (runs the full check once; may be called from a thread)."""
        self.checker = _make_checker(self.doc, self.path)
        self.checks_done = True

    @property
    def check_status(self) -> bool | None:
        """True when findings are live, False while the first check runs, None without checks."""
        if self.checker is not None:
            return True
        return None if self.checks_done else False

    def findings(self, project_index: int | None = None, indicator_index: int | None = None) -> list:
        if self.checker is None:
            return []
        if project_index is None:
            return list(self.checker.findings())
        return list(self.checker.findings(project_index=project_index, indicator_index=indicator_index))

    def counts(self) -> dict:
        return dict(self.checker.counts()) if self.checker is not None else {}

    def _notify_checker(self, change: Change, undone: bool) -> None:
        chk = self.checker
        p = change.path
        if chk is None or p[:1] == ("review",):  # review data is not checked
            return
        if p[:1] == ("projects",):
            if len(p) == 1:  # the list of projects itself
                self._projects_list_changed(chk, change, undone)
                return
            i = p[1]
            if len(p) >= 4 and p[2] == "indicators":
                if change.kind == "set" and len(p) == 5:
                    chk.recheck_field(i, p[3], p[4])
                else:
                    chk.recheck_project(i)
            elif len(p) == 3 and p[2] == "indicators":
                chk.recheck_project(i)
            elif len(p) >= 3:
                chk.recheck_field(i, None, p[2])
            else:
                chk.recheck_project(i)
        elif p[:1] == ("framework",):
            self.start_checks()
        else:
            chk.recheck_overall()

    def _projects_list_changed(self, chk, change: Change, undone: bool) -> None:
        kind = change.kind
        if kind == "insert":
            (chk.project_removed if undone else chk.project_inserted)(change.index)
        elif kind == "remove":
            (chk.project_inserted if undone else chk.project_removed)(change.index)
        elif kind == "move":
            if undone:
                chk.project_moved(change.index2, change.index)
            else:
                chk.project_moved(change.index, change.index2)
        else:
            self.start_checks()
            return
        chk.recheck_overall()

    # ----- edits ------------------------------------------------------------------------
    def _guard(self, path: Path = ()) -> None:
        if self.read_only and not (self.review_writable and tuple(path)[:1] == ("review",)):
            raise ReadOnlyError("只读模式：不能修改")

    def _push(self, change: Change) -> Touch:
        self._serial += 1
        change.serial = self._serial
        change.apply(self.doc)
        self.undo_stack.append(change)
        self.redo_stack.clear()
        return self._touched(change, False)

    def _touched(self, change: Change, undone: bool) -> Touch:
        self.generation += 1
        self._notify_checker(change, undone)
        touch = Touch(change, undone)
        for listener in list(self.listeners):
            listener(touch)
        return touch

    def set(self, path: Path, value: Any, *, merge: bool = True) -> Touch | None:
        """Set one leaf. Consecutive sets of the same leaf merge into one undo step."""
        self._guard(path)
        path = tuple(path)
        old = resolve(self.doc, path)
        if old == value:
            return None
        top = self.undo_stack[-1] if self.undo_stack else None
        if (
            merge
            and top is not None
            and not top.sealed
            and top.kind == "set"
            and top.path == path
            and top.serial != self._saved_serial
        ):
            top.new = copy.copy(value)
            top.apply(self.doc)
            self.redo_stack.clear()
            if top.new == top.old:  # typed back to the original: the step is empty
                self.undo_stack.pop()
            return self._touched(top, False)
        return self._push(Change("set", path, old=copy.copy(old), new=copy.copy(value)))

    def insert(self, list_path: Path, index: int, item: Any) -> Touch:
        self._guard(list_path)
        self.seal()
        return self._push(Change("insert", tuple(list_path), new=item, index=index))

    def remove(self, list_path: Path, index: int) -> Touch:
        self._guard(list_path)
        self.seal()
        item = resolve(self.doc, tuple(list_path))[index]
        return self._push(Change("remove", tuple(list_path), old=item, index=index))

    def move(self, list_path: Path, index: int, new_index: int) -> Touch | None:
        self._guard(list_path)
        seq = resolve(self.doc, tuple(list_path))
        if not (0 <= new_index < len(seq)) or index == new_index:
            return None
        self.seal()
        return self._push(Change("move", tuple(list_path), index=index, index2=new_index))

    def seal(self) -> None:
        """End the current typing run: the next keystroke starts a new undo step."""
        if self.undo_stack:
            self.undo_stack[-1].sealed = True

    # ----- history ----------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self) -> Touch | None:
        if not self.undo_stack:
            self._guard(("review",))
            return None
        self._guard(self.undo_stack[-1].path)
        change = self.undo_stack.pop()
        change.sealed = True
        change.revert(self.doc)
        self.redo_stack.append(change)
        return self._touched(change, True)

    def redo(self) -> Touch | None:
        if not self.redo_stack:
            self._guard(("review",))
            return None
        self._guard(self.redo_stack[-1].path)
        change = self.redo_stack.pop()
        change.apply(self.doc)
        self.undo_stack.append(change)
        return self._touched(change, False)
