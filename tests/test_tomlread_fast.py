"""The Rust reader's fast path gives exactly what tomli gives, or steps aside.

``tomlread`` reads big data files with rtoml where the result is certain to be tomli's with
``parse_float=Decimal`` — the same tables, strings, integers and every number as an exact
Decimal with the digits written (``770000.00`` stays two decimals). These tests hold the two
readings equal, Decimal digits and exponent included, on every data file of the repository,
on documents written many ways, and on broken texts: a text tomli refuses must never be
accepted through the fast path.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perftui import tomlread

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(tomlread._rust is None, reason="rtoml is not installed")


def canon(o):
    """A value with every Decimal as its digits and exponent, so 1.0 and 1.00 differ."""
    if isinstance(o, dict):
        return {k: canon(v) for k, v in o.items()}
    if isinstance(o, list):
        return [canon(v) for v in o]
    if isinstance(o, Decimal):
        return ("Decimal", o.as_tuple())
    if isinstance(o, dt.datetime | dt.time):
        return (type(o).__name__, o.isoformat())
    return (type(o).__name__, o)


def standard(text: str):
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError, ArithmeticError):
        return None


def agree(text: str) -> None:
    want = standard(text)
    got = tomlread._parse_fast(text)
    if got is None:
        return  # the fast path stepped aside: tomli reads it, as before
    assert want is not None, f"the fast path accepted a text tomllib refuses: {text!r}"
    assert canon(got) == canon(want)


@pytest.mark.parametrize("path", sorted(p for d in ("data", "tests", "docs") for p in (REPO / d).rglob("*.toml")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_every_data_file_of_the_repository_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    agree(text)


def test_the_sample_takes_the_fast_path_with_its_two_decimal_amounts():
    text = (REPO / "data" / "439001-2023.toml").read_text(encoding="utf-8")
    got = tomlread._parse_fast(text)
    assert got is not None
    budget = got["projects"][0]["budget"]
    assert type(budget) is Decimal and budget.as_tuple().exponent == -2  # as written: 770000.00


@pytest.mark.parametrize("text", [
    "a = 770000.00\n",
    "a = 770000.0\nb = 770000.00\n",  # the same number written two ways: tomli decides
    "a = -0.0\nb = 0.0\n",
    "a = 1e5\n", "a = 1.5E-3\n", "a = 5.5e3\n", "a = 1.5e0\nb = 1.5\n", "a = 10.0e-1\nb = 1.00\n", "a = 12e5\n",
    "a = 1_000e5\n", "a = 1.1234567890123456\n", "a = 123456789012345678\n", "a = [1.5, 2.5e1, 25.0]\n", "a = inf\n", "a = -nan\n",
    "a = 12345678901234567.5\n",  # more digits than a double holds
    "a = 0.1000000000000000055511151231257827\n",
    "a = 1_000.000_5\n", "a = +1.50\n", "a = [1.10, 2.200, -3.0]\n", "a = { 3 = 25.50, 6 = 50 }\n",
    'a = "2023.07-2024.01"\nb = 2023.07\n', 'a = "x1.50"\nb = 1.5\n', "a = 99999999999999999999\n",
    "a = 1.5\na = 2.5\n", "[t]\nx = 1\n[t]\ny = 2\n", "a = 1979-05-27T07:32:00Z\n",
    "a = 1979-05-27T00:32:00.999999999-07:00\n", "a = 07:32:00.1234567\n", "a = 1979-05-27\n",
    'a = "\\u00e9"\n', "a = '''\nx = 1.50\n'''\nb = 1.5\n", "a = 1.\n", "a = .5\n", "a = 01.5\n",
    "a = 1__0.5\n", "a = 1.5_\n", "a = \"\x7f\"\n", "# \x00\na = 1\n", "a = 1 # \x1f\n", "a = 1\r\n",
    "a = 1\rb = 2\n", "\ufeffa = 1\n", "a = \"\\ud800\"\n", "a = \"\ud800\"\n", "[a.b]\n[a]\nc = 1.50\n",
    "a = {b = 1.5, b = 2}\n", "a = 0\nb = {\n  }\n", "b = {\n a = 1 }\n", "b = {a = 1,}\n", 'a = "\\e"\n',
    'a = "\\x41"\n', "a = 07:32\n", "a = 1979-05-27T07:32\n", "a = 1979-05-27 07:32\n",  # TOML 1.1
    "a = [\n  1.5, # c\n  2.50,\n]\n", "a.b = 1.0\na.c = 1.00\n",
])
def test_texts_at_the_edges_read_as_tomli_reads_them(text):
    agree(text)


_KEYS = st.sampled_from(["a", "b", "budget", "plan", "3", "中文", "x-y", "k_1"])
_FRACTIONS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                         allow_infinity=False, places=4)


def _float_text(d: Decimal, spelling: int) -> str:
    text = f"{d:f}"
    if "." not in text:
        text += ".0"
    if spelling == 1:
        text += "0"  # a trailing zero more
    elif spelling == 2 and not text.startswith("-"):
        text = "+" + text
    elif spelling == 3:
        whole, frac = text.split(".")
        text = f"{whole}.{frac}_0" if frac else text
    return text


@st.composite
def _scalar(draw):
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return _float_text(draw(_FRACTIONS), draw(st.integers(0, 3)))
    if kind == 1:
        return str(draw(st.integers(-(2**70), 2**70)))
    if kind == 2:
        return '"' + draw(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'),
                                  max_size=12)) + '"'
    if kind == 3:
        return draw(st.sampled_from(["true", "false", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "inf", "nan"]))
    if kind == 4:
        return "[" + ", ".join(draw(st.lists(_scalar(), max_size=4))) + "]"
    return "{ " + ", ".join(f"{k} = {v}" for k, v in draw(st.dictionaries(_KEYS, _scalar(), max_size=3)).items()) + " }"


@st.composite
def documents(draw):
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            lines.append(f"[{draw(st.sampled_from(['t', 't.u', 'projects', '中文']))}]")
        lines.append(f"{draw(_KEYS)} = {draw(_scalar())}")
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):  # a typing slip somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["=", "\n", ".", "0", "[", '"', ",", "e", "_", " "])) + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("a = 1.10\nb = [1.1]\n")
def test_documents_written_many_ways_read_as_tomli_reads_them(text):
    agree(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_as_tomli_reads_it_or_refused_the_same(text):
    agree(text)


def test_loads_keeps_its_messages_when_the_fast_path_steps_aside(tmp_path):
    """A file the Rust reader refuses is read by tomli, whose wording and line the message keeps."""
    from perftui.errors import DataError

    with pytest.raises(DataError) as e:
        tomlread.loads("a = 1\nb = \n", tmp_path / "x.toml")
    assert e.value.problems[0].line == 2


# --- big files read in pieces -----------------------------------------------------------------


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of a few bytes, so that short texts are cut at every [[projects]] they have."""
    monkeypatch.setattr(tomlread, "_PIECE", 8)


def test_a_big_data_file_is_read_in_pieces_and_the_same(monkeypatch):
    text = (REPO / "data" / "439001-2023.toml").read_text(encoding="utf-8")
    head, sep, projects = text.partition("\n[[projects]]")
    big = head + (sep + projects.rstrip("\n") + "\n") * 40  # 280 projects: well over two pieces
    assert len(big) > 4 * tomlread._PIECE
    calls = []
    real = tomlread._rust.loads
    monkeypatch.setattr(tomlread._rust, "loads", lambda t: calls.append(len(t)) or real(t))
    agree(big)
    assert tomlread._parse_fast(big) is not None
    assert len(calls) > 3 and max(calls) < len(big) / 2  # read in pieces, never whole


@pytest.mark.parametrize("text", [
    "[unit]\nname = \"x\"\n[[projects]]\nname = \"a\"\n[[projects.indicators]]\nv = 1.50\n[[projects]]\nname = \"b\"\n",
    "[[projects]]\nname = \"a\"\n[[projects]]\nname = \"b\"\n",  # no head at all
    "[unit]\n[[projects]]  # 项目\r\nname = \"a\"\r\n[[projects]]\r\nb = 2.0\r\n",
    "projects = []\n[[projects]]\nname = \"a\"\n",  # defined twice: refused
    "[projects]\nx = 1\n[[projects]]\nname = \"a\"\n",
    "projects.x = 1\n[[projects]]\nname = \"a\"\n",
    "[[ projects ]]\nname = \"h\"\n[[projects]]\nname = \"a\"\n",  # the same table, spelt otherwise
    "[[projects]]\nname = \"a\"\n[projects]\nname = \"b\"\n",
    "[unit]\nname = \"x\"\n[[projects]]\nname = \"a\"\n[review]\nround = 1\n",  # a table after the projects
    "[unit]\nname = \"x\"\n[[projects]]\nname = \"a\"\n[unit.extra]\ny = 1.5\n",
    "[unit]\nname = \"x\"\n[[projects]]\nname = \"a\"\n[unit]\nname = \"y\"\n",  # [unit] twice: refused
    "[unit]\n[[projects]]\nname = \"a\"\n[[checks]]\nx = 1\n[[projects]]\nname = \"b\"\n",
    "[[projects]]\nname = \"a\"\n[[projects.indicators]]\nname = \"i\"\n[[projects]]\n[projects.indicators]\n",
    "a = \"\"\"\n[[projects]]\nname = 1\n\"\"\"\n[[projects]]\nname = \"a\"\n",  # a header inside a string
    "a = '''\n[[projects]]\n'''\n[[projects]]\nname = \"a\"\n",
    "x = [\n[[projects]]\n]\n[[projects]]\nname = \"a\"\n",
    "[[projects]]\nname = \"a\"\nx = [\n[[projects]]\n]\n",
    "[[projects]]\nname = \"a\"\n[[projects]]x\n",
    "[[projects]]\nname = \"a\"\n[[projects]]]\n",
    "[[projects]]\nname = \"a\"\n[[projects]]\nname = \"a\"\nname = \"b\"\n",
    "[[projects]]\nplan = { 3 = 25.50 }\n[[projects]]\nplan = { 3 = 25.5 }\n",  # written two ways
])
def test_texts_cut_into_pieces_read_as_tomli_reads_them(small_pieces, text):
    agree(text)


_HEADERS = st.sampled_from(["[[projects]]", "[[projects.indicators]]", "[projects.plan]", "[unit]", "[review]",
                            "[unit.x]", "[[ projects ]]", "[projects]", "[[checks]]", "a = '''", "'''"])


@st.composite
def data_files(draw):
    """Texts shaped like data files (a head, then [[projects]] tables), with other tables,
    strings and typing slips among them."""
    lines = ["[unit]", f"name = {draw(_scalar())}"]
    for _ in range(draw(st.integers(0, 8))):
        lines.append(draw(_HEADERS) if draw(st.integers(0, 3)) == 0 else "[[projects]]")
        for _ in range(draw(st.integers(0, 2))):
            lines.append(f"{draw(_KEYS)} = {draw(_scalar())}")
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["=", "\n", "[", "]", '"', "#"])) + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data_files())
def test_data_files_cut_into_pieces_read_as_tomli_reads_them(small_pieces, text):
    agree(text)
