"""Every field of a document declared once: its key, Chinese label, kind and shape.

A record of the model (perftui.model) declares each attribute with :func:`declare`; the
declaration rides along as dataclass metadata, and everything else is derived from it:
the loader's checks, the TOML writer and the minimal-change save, the JSON output, labels
in messages and screens, the form profiles (perftui.forms), importers and exporters.
Adding a field is one ``declare`` line (plus its line in docs/format.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from perftui.kinds import TEXT, Kind

# Shapes: how a field's value is held and written.
SCALAR = "scalar"  # one value of its kind (text, amount, year, code…)
LINES = "lines"  # text of several lines, written as a TOML multi-line string
TEXTS = "texts"  # a list of texts (numbered items, goals)
PLAN = "plan"  # month -> cumulative percentage (the spending plan)
RECORD = "record"  # one sub-table, itself a record (the unit, a section)
RECORDS = "records"  # an array of tables, each a record (projects, indicators)
RAW = "raw"  # a free-form table kept as read ([checks])
OWN = "own"  # a table with a reader and writer of its own ([review]: perftui.review.storage)

_META = "perftui"


@dataclass(frozen=True, slots=True)
class Field:
    """One declared field of a record class."""

    key: str  # attribute name and TOML key
    label: str  # what users read (UI, messages, documents)
    kind: Kind = TEXT
    shape: str = SCALAR
    doc: str = ""  # how the file's header comment names it (default: the label)
    required: bool = False  # the key must be in the file
    omit_blank: bool = False  # left out of the file when blank (an amount: blank is not zero)
    record: type | None = None  # RECORD / RECORDS: the record class of the value
    item: str = ""  # RECORDS: what one element is called ("项目", "指标")

    @property
    def note(self) -> str:
        return self.doc or self.label

    def blank(self, value: Any) -> bool:
        return value is None or value == "" or value == [] or value == {} or (self.kind.key == "year" and not value)


def declare(
    label: str,
    kind: Kind = TEXT,
    *,
    shape: str = SCALAR,
    doc: str = "",
    required: bool = False,
    omit_blank: bool = False,
    record: type | None = None,
    item: str = "",
    default: Any = dataclasses.MISSING,
    factory: Any = dataclasses.MISSING,
) -> Any:
    """A dataclass field carrying its declaration (the key is the attribute's name)."""
    info = Field("", label, kind, shape, doc, required, omit_blank, record, item)
    if default is dataclasses.MISSING and factory is dataclasses.MISSING:
        if shape in (TEXTS, RECORDS):
            factory = list
        elif shape in (PLAN, RAW):
            factory = dict
        elif shape == RECORD and record is not None:
            factory = record
        else:
            default = kind.blank
    if factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=factory, metadata={_META: info})
    return dataclasses.field(default=default, metadata={_META: info})


@cache
def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of a record class, in declaration order (the file's order)."""
    out = []
    for f in dataclasses.fields(cls):
        info = f.metadata.get(_META)
        if info is not None:
            out.append(dataclasses.replace(info, key=f.name))
    return tuple(out)


@cache
def field_map(cls: type) -> dict[str, Field]:
    return {f.key: f for f in fields_of(cls)}


def field_of(cls: type, key: str) -> Field | None:
    return field_map(cls).get(key)


def declared(cls: type, key: str) -> Field:
    """The declaration of a field known to exist (KeyError naming it otherwise)."""
    f = field_map(cls).get(key)
    if f is None:
        raise KeyError(f"{cls.__name__}.{key} is not a declared field")
    return f


def keys_of(cls: type) -> tuple[str, ...]:
    return tuple(f.key for f in fields_of(cls))


def label_of(cls: type, key: str) -> str:
    """The Chinese label of ``cls.key`` (the key itself for an undeclared one)."""
    f = field_of(cls, key)
    return f.label if f is not None else key
