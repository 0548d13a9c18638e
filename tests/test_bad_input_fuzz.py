"""Property-based attack on every input file: mutated copies of the sample data file for
``check``/``show``/``export``, and mutated settings files (config.toml, keys.toml, a theme,
state.toml) for the functions and the app that read them.

Whatever the mutation (odd numbers, control characters, escapes, deep nesting, duplicate
keys, wrong types, truncation, random bytes, BOM, CRLF, other encodings): the exit code is
0, 1 or 2, no exception escapes, no traceback is printed, every error names the file, and
each input is done within a generous deadline (``settings(deadline=…)``: a hang or a
quadratic blow-up fails the example). Counts are kept small for CI; raise ``FUZZ_EXAMPLES``
(a factor) for a long run.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perftui import cli, store
from perftui.checks import settings as check_settings
from perftui.kinds import AMOUNT, PERCENT, YEAR
from perftui.tui import keymap, themes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "439001-2023.toml").read_text(encoding="utf-8")
THEME = (ROOT / "themes" / "perftui-dark.toml").read_text(encoding="utf-8").replace('"perftui-dark"', '"t"')
SETTINGS_FILES = {
    "config": '[checks]\nsatisfaction_min = 90\nshort_goal_chars = 6\n[checks.off]\nPLAN-004 = "一次性支付，年底前不支出"\n',
    "keys": '[keys]\n"app.save" = "ctrl+s"\n"projects.add" = "a,insert"\n"app.export" = "f9"\n',
    "theme": THEME,
    "state": 'theme = "t"\n',
}

FACTOR = float(os.environ.get("FUZZ_EXAMPLES", "1"))
# This 2-core machine runs an example in 0.1–0.5 s; the deadline only catches hangs and
# blow-ups (the 100,000-part key took 45 s before it was refused early).
DEADLINE = timedelta(seconds=5)


def examples(n: int) -> int:
    return max(1, int(n * FACTOR))


FUZZ = dict(deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            derandomize=False, print_blob=True)

# --- mutations ---------------------------------------------------------------------------------

ODD_NUMBERS = [
    "nan", "-nan", "inf", "-inf", "1e999999", "-1e999999", "1e99999999999999999999", "1e-999999",
    "9" * 4301, "-" + "9" * 4301, "0x" + "f" * 5000, "0o777", "0b101", "-0.001", "-1", "0", "-0", "0.005",
    "1_000_000", "3.14159265358979323846264338327950288", "1e308", "1" + "0" * 40, "+1.5", "1.0e+3",
    "2023-01-01", "12:00:00", "1979-05-27T07:32:00Z", "true", "[]", "[1, [2, [3]]]", "{ a = 1 }",
    '"77万"', '""', '"nan"',
    # odd but valid: the file loads and the checks, reports and workbooks get them
    "0", "0.01", "999999999999999.99", "1e3", "100", "12.5", "2100", "1990",
]
ODD_VALUES = [
    # odd but valid text: formulas, escapes, markup, bidi and zero-width marks, a page of text
    '"=1+1"', '"\\u001b[2J"', '"\\t\\r\\n"', '"\\u202e反向\\u200b"', '"[b]粗[/b] [/usr]"', '"%s {0} {}"',
    '""', '" "', '"' + "长" * 5_000 + '"', '"😀"',
    # wrong types and broken escapes
    "1", "true", "[1, 2]", "{}", "{ a = { b = 1 } }", "1979-05-27", "nan", '"\\u0000"', '"\\uD800"',
    '"\\x41"', "'''多行\n文本'''", '"' + "长" * 20_000 + '"', '"\\"',
]
SNIPPETS = [
    'name = "重复的键"', "budget = 1.00", "[unit]", "[[projects]]", "[[projects.indicators]]", "[checks]",
    "[checks.off]", "PLAN-004 = 1", "colour = 1", 'x = "\x00\x1b[2J\x07"', 'x = "\x1b]2;标题\x07"',
    "x = \"\u202e\u200b\ufeff\"", "\x00", "\x1b[31m", "\r", "\t", "\ufeff", "# 注释 \x7f", "[", "]", "{", "=", '"', "'''",
    '"""', "[a.b.c]", "a.b.c = 1", "[" + ".".join("a" * 40) + "]", ".".join("a" * 40) + " = 1",
    "[" + ".".join("k" * 2000) + "]", "x = " + "[" * 200 + "]" * 200, "x = " + "[" * 3000 + "]" * 3000,
    "x = " + "{a=" * 300 + "1" + "}" * 300, "[checks]\nx = " + "[" * 20 + "]" * 20,
    "\n".join(f"k{i} = {i}" for i in range(300)),
]
_NUMBER = re.compile(r"(?<== )[-+]?\d[\d_]*(?:\.\d+)?(?=\s*(?:,|}|$))", re.M)
_STRING = re.compile(r'(?<== )"(?:[^"\\\n]|\\.)*"', re.M)


@st.composite
def mutated(draw, base: str) -> bytes:
    """``base`` with one to four mutations, text-level then byte-level."""
    text = base
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["number", "string", "value", "insert", "insert", "duplicate", "delete", "chars"]))
        if op in ("number", "string", "value"):
            found = {"number": [_NUMBER], "string": [_STRING], "value": [_NUMBER, _STRING]}[op]
            spans = [m.span() for pattern in found for m in pattern.finditer(text)]
            if spans:
                a, b = draw(st.sampled_from(spans))
                odd = {"number": ODD_NUMBERS, "string": ODD_VALUES, "value": ODD_NUMBERS + ODD_VALUES}[op]
                text = text[:a] + draw(st.sampled_from(odd)) + text[b:]
            continue
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        if op == "insert":
            lines.insert(at, draw(st.sampled_from(SNIPPETS)))
        elif op == "duplicate" and at < len(lines):
            lines.insert(at, lines[at])
        elif op == "delete" and at < len(lines):
            del lines[at]
        elif op == "chars":
            pos = draw(st.integers(0, len(text)))
            joined = "\n".join(lines)
            lines = (joined[:pos] + draw(st.text(max_size=8)) + joined[pos:]).split("\n")
        text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "crlf", "gb18030", "utf-16"]))
    if encoding == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    else:
        data = text.encode(encoding, errors="replace")
    op = draw(st.sampled_from(["none"] * 12 + ["truncate", "bytes", "overwrite"]))
    if op == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif op in ("bytes", "overwrite"):
        pos = draw(st.integers(0, len(data)))
        noise = draw(st.binary(min_size=1, max_size=16))
        data = data[:pos] + noise + data[pos + (len(noise) if op == "overwrite" else 0):]
    return data


# --- data files through the CLI -------------------------------------------------------------------

COMMANDS = [
    ["check"], ["check", "--format", "json"], ["check", "--format", "markdown"],
    ["show"], ["show", "--format", "json"], ["show", "--project", "1"], ["export"],
]


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(argv)  # an escaping exception fails the example
    return rc, out.getvalue(), err.getvalue()


def assert_reported(rc: int, err: str, path: Path) -> None:
    assert rc in (0, 1, 2), rc
    assert "Traceback" not in err
    for line in err.splitlines():
        if line.startswith("perftui: "):
            assert str(path) in line, line[:300]  # every message names the file
    if rc == 2:
        assert err.strip(), "exit 2 without a word"
    assert len(err) < 100_000, len(err)  # messages quote values by their start


def assert_within_bounds(data: bytes, path: Path) -> None:
    """A file that loads holds only values a user could have typed (the kinds' bounds)."""
    try:
        loaded = store.load(path)
    except store.DataError:
        return
    doc = loaded.doc
    assert not YEAR.problem(doc.unit.year)
    for p in doc.projects:
        for amount in (p.budget, p.fiscal, p.other):
            assert not AMOUNT.problem(amount), amount
        for value in p.plan.values():
            assert not PERCENT.problem(value), value


@settings(max_examples=examples(400), **FUZZ)
@given(data=mutated(SAMPLE), command=st.sampled_from(COMMANDS))
def test_mutated_data_files_never_crash_the_commands(data, command):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "439001-2023.toml"
        path.write_bytes(data)
        argv = [command[0], str(path), *command[1:]]
        if command[0] == "export":
            argv += ["-o", str(Path(tmp) / "out.xlsx")]
        rc, _out, err = run_cli(argv)
        assert_reported(rc, err, path)
        if rc == 2:
            assert str(path) in err
        assert_within_bounds(data, path)


@settings(max_examples=examples(40), **FUZZ)
@given(data=mutated(SAMPLE))
def test_a_folder_with_a_mutated_file_still_checks_the_good_one(data):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "good.toml").write_text(SAMPLE, encoding="utf-8")
        bad = Path(tmp) / "bad.toml"
        bad.write_bytes(data)
        rc, out, err = run_cli(["check", tmp])
        assert rc in (1, 2) and "Traceback" not in err
        assert "good.toml：" in out  # the good file was checked
        if rc == 2:
            assert str(bad) in err and "good.toml" not in err


@settings(max_examples=examples(4), **(FUZZ | {"deadline": timedelta(seconds=30)}))
@given(data=mutated(SAMPLE), command=st.sampled_from(COMMANDS))
def test_mutated_data_files_through_python_m_perftui(data, command):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "439001-2023.toml"
        path.write_bytes(data)
        argv = [command[0], path.name, *command[1:]] + (["-o", "out.xlsx"] if command[0] == "export" else [])
        env = {**os.environ, "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        result = subprocess.run([sys.executable, "-m", "perftui", *argv], capture_output=True, cwd=tmp, env=env,
                                timeout=60)
        err = result.stderr.decode("utf-8", "replace")
        assert result.returncode in (0, 1, 2), err[-2000:]
        assert "Traceback" not in err
        if result.returncode == 2:
            assert path.name in err


# --- settings files: through the functions the app calls, and through the app itself --------------


def _place(kind: str, root: Path) -> Path:
    return {
        "config": root / "config" / "perftui" / "config.toml",
        "keys": root / "config" / "perftui" / "keys.toml",
        "theme": root / "config" / "perftui" / "themes" / "t.toml",
        "state": root / "state" / "perftui" / "state.toml",
    }[kind]


@contextlib.contextmanager
def settings_home(kind: str, data: bytes):
    """A private config and state folder holding the mutated file (and the good others)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for other, text in SETTINGS_FILES.items():
            path = _place(other, root)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if other == kind else text.encode("utf-8"))
        saved = {k: os.environ.get(k) for k in ("XDG_CONFIG_HOME", "XDG_STATE_HOME")}
        os.environ["XDG_CONFIG_HOME"], os.environ["XDG_STATE_HOME"] = str(root / "config"), str(root / "state")
        try:
            yield _place(kind, root) if kind in SETTINGS_FILES else root
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def problems_of(kind: str, path: Path) -> list[str]:
    """What the app's own reader says about the file (it must never raise)."""
    if kind == "keys":
        mapping, problems = keymap.load_keymap(path)
        assert all(k in keymap.KEYS_BY_ID and isinstance(v, str) and v for k, v in mapping.items())
        return problems
    if kind == "config":
        found = check_settings.resolve(None, user_config=path)
        assert 0 <= found.satisfaction_min <= 100
        return [p.message for p in found.problems]
    if kind == "theme":
        loaded, problems = themes.load_themes([path.parent])
        return problems
    name, problems = themes.read_remembered_theme()
    assert name is None or isinstance(name, str)
    return problems


SETTINGS_KIND = st.sampled_from(sorted(SETTINGS_FILES))


@st.composite
def mutated_settings(draw) -> tuple[str, bytes]:
    kind = draw(SETTINGS_KIND)
    return kind, draw(mutated(SETTINGS_FILES[kind]))


@settings(max_examples=examples(300), **FUZZ)
@given(case=mutated_settings())
def test_mutated_settings_files_are_warnings_never_crashes(case):
    kind, data = case
    with settings_home(kind, data) as path:
        problems = problems_of(kind, path)
        for problem in problems:
            assert str(path) in problem and "Traceback" not in problem, problem[:300]
            assert len(problem) < 2000


@settings(max_examples=examples(20), **FUZZ)
@given(case=mutated_settings())
def test_check_with_a_mutated_user_config(case):
    kind, data = case
    with settings_home(kind, data) as path, tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "439001-2023.toml"
        target.write_text(SAMPLE, encoding="utf-8")
        rc, out, err = run_cli(["check", str(target), "--format", "json"])
        assert rc == 1 and err == "", err[-500:]  # the sample has 错误 findings; settings never stop the check
        if kind == "config":
            assert all(str(path) in f["message"] for f in json.loads(out)["findings"]
                       if f["rule"].startswith("SET-"))


async def _start_app(data_file: Path) -> tuple[str, list[str], list]:
    from perftui.tui.app import PerftuiApp

    app = PerftuiApp([data_file])
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        findings = app.state.findings() if app.state is not None else []
        return type(app.screen).__name__, [n.message for n in app._notifications], findings


@settings(max_examples=examples(10), **(FUZZ | {"deadline": timedelta(seconds=20)}))
@given(case=mutated_settings())
def test_the_app_starts_with_mutated_settings_files(case):
    kind, data = case
    with settings_home(kind, data) as path, tempfile.TemporaryDirectory() as tmp:
        problems = problems_of(kind, path)
        sample = Path(tmp) / "439001-2023.toml"
        sample.write_text(SAMPLE, encoding="utf-8")
        screen, notices, findings = asyncio.run(_start_app(sample))
        assert screen == "DepartmentScreen"  # the first screen is there
        if problems and kind == "config":  # check settings are reported with the findings
            assert any(str(path) in f.message for f in findings if f.rule.startswith("SET-"))
        elif problems:
            assert any(str(path) in n for n in notices), (problems, notices)


@settings(max_examples=examples(6), **(FUZZ | {"deadline": timedelta(seconds=20)}))
@given(data=mutated(SAMPLE))
def test_the_app_opens_a_mutated_data_file_or_says_why(data):
    with tempfile.TemporaryDirectory() as tmp, settings_home("none", b""):
        path = Path(tmp) / "439001-2023.toml"
        path.write_bytes(data)
        try:
            store.load(path)
            expected = "DepartmentScreen"
        except store.DataError:
            expected = "ErrorScreen"
        screen, _notices, _findings = asyncio.run(_start_app(path))
        assert screen == expected
