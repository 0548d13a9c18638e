"""perftui.jsontext writes exactly what json.dumps(…, ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from perftui.jsontext import dumps

_SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=True)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_VALUES)
def test_same_text_as_json_dumps(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_findings_shape_and_what_it_leaves_to_json():
    value = {"findings": [{"rule": "VAL-001", "line": 3, "ok": True, "none": None, "text": "「≥90%」\n\t\"\\\u2028"}],
             "files": [], "summary": {}, "nested": [[], [{}], [1, [2, {"a": []}]]]}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    for other in ({1: "int key"}, {"t": (1, 2)}, [1.5, float("inf")], {None: 1, True: 2}):
        assert dumps(other) == json.dumps(other, ensure_ascii=False, indent=2)


_FLAT_TABLE = st.dictionaries(st.text(max_size=6), _SCALARS.filter(lambda v: not isinstance(v, float)), min_size=1, max_size=6)


@settings(max_examples=300)
@given(st.lists(_FLAT_TABLE, min_size=1, max_size=5), st.integers(0, 2))
def test_array_of_flat_tables_as_json_dumps(tables, depth):
    """The findings' shape: arrays of flat tables, at any depth."""
    value: object = tables
    for _ in range(depth):
        value = {"findings": value, "after": [value]}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_tables_whose_texts_look_like_their_seams():
    seam = "},\n    {"
    tables = [{"a": seam, "}": "{"}, {"b": "},", ",\n": 1}, {"c": None}]
    assert dumps(tables) == json.dumps(tables, ensure_ascii=False, indent=2)
    assert dumps({"x": tables}) == json.dumps({"x": tables}, ensure_ascii=False, indent=2)
    mixed = [{"a": 1}, {}]  # an empty table: the general path
    assert dumps(mixed) == json.dumps(mixed, ensure_ascii=False, indent=2)
