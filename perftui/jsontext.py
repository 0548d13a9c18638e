"""JSON text as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, character for
character, several times faster: Python 3.11's C encoder does not indent, so ``json.dumps``
with ``indent`` runs its pure-Python encoder, and ``perftui check --format json`` of a large
file prints tens of thousands of values. A table or array of plain values (a finding) is
written by the C encoder, its item separator carrying the line break and indent; a value of
another type than dict, list, str, int, bool or None is left to ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from json.encoder import encode_basestring  # the C one where CPython has it

# json's C encoder factory (None where a Python has no C part); not in its typed interface.
c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_INDENT = "  "
_PLAIN = (str, int, bool, type(None))  # exactly these types (not subclasses: an IntEnum prints otherwise)
_PLAIN_TYPES = frozenset(_PLAIN)
_STR = frozenset((str,))


class _Other(Exception):
    """A value this module does not write itself (a float, a tuple …)."""


def dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    out: list[str] = []
    try:
        _write(value, out, "\n")
    except _Other:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _scalar(value: object) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    raise _Other


def _key(key: object) -> str:
    if type(key) is str:
        return encode_basestring(key)
    raise _Other  # json.dumps turns int, float, bool and None keys into strings its own way


@cache
def _flat(inner: str) -> Callable[[object], str]:
    """The C encoder writing the items of a flat table or array one per line at ``inner``:
    made once, as ``JSONEncoder.encode`` would make it on every call (a check writes
    thousands of findings)."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))
    if c_make_encoder is None:  # pragma: no cover - a Python without json's C part
        return encoder.encode
    chunks = c_make_encoder({}, encoder.default, encode_basestring, None, ": ", "," + inner, False, False, True)
    return lambda value: "".join(chunks(value, 0))


def _write(value: object, out: list[str], newline: str) -> None:
    t = type(value)
    if t is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + _INDENT
        if set(map(type, value.values())) <= _PLAIN_TYPES and set(map(type, value)) <= _STR:  # type: ignore[attr-defined, call-overload]
            out.append("{" + inner + _flat(inner)(value)[1:-1] + newline + "}")
            return
        out.append("{")
        first = True
        for k, v in value.items():  # type: ignore[attr-defined]
            out.append(inner if first else "," + inner)
            first = False
            out.append(_key(k))
            out.append(": ")
            tv = type(v)
            if tv is dict or tv is list:
                _write(v, out, inner)
            else:
                out.append(_scalar(v))
        out.append(newline + "}")
    elif t is list:
        if not value:
            out.append("[]")
            return
        inner = newline + _INDENT
        if set(map(type, value)) <= _PLAIN_TYPES:  # type: ignore[call-overload]
            out.append("[" + inner + _flat(inner)(value)[1:-1] + newline + "]")
            return
        out.append("[")
        first = True
        for v in value:  # type: ignore[attr-defined]
            out.append(inner if first else "," + inner)
            first = False
            tv = type(v)
            if tv is dict or tv is list:
                _write(v, out, inner)
            else:
                out.append(_scalar(v))
        out.append(newline + "]")
    else:
        out.append(_scalar(value))
