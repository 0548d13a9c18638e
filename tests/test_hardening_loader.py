"""Bad input files, part 2: what tomllib itself cannot take (numbers beyond Decimal or
Python's int limit, keys of thousands of parts, deep headers), settings files the app reads
at start (config.toml, keys.toml, themes, state.toml), and how long messages may get.

Every case: a Chinese message naming file, line and key path, the documented exit code,
never a traceback; a folder with such a file still serves the others; the app still starts.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tui_support
from tui_support import settle

from perftui import cli
from perftui.checks import settings
from perftui.errors import os_reason
from perftui.tui import keymap, themes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "439001-2023.toml").read_text(encoding="utf-8")
CODE = "13022923P00JXC415060P"

READERS = [
    ["show"],
    ["show", "--format", "json"],
    ["show", "--project", "1"],
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "markdown"],
    ["export"],
]
# What must never reach a user: Python's own words.
ENGLISH = ("Traceback", "Exceeds the limit", "InvalidOperation", "RecursionError", "codec", "Error:")

isolated = tui_support.isolated


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def run(argv: list, capsys) -> tuple[int, str, str]:
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def argv_for(command: list[str], path: Path) -> list[str]:
    argv = [command[0], str(path), *command[1:]]
    if command[0] == "export":
        argv += ["-o", str(path.parent / "books") + os.sep]
    return argv


def write(folder: Path, text: str | bytes, name: str = "439001-2023.toml") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def sample_with(old: str, new: str) -> str:
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def assert_chinese(err: str) -> None:
    assert not any(word in err for word in ENGLISH), err[-2000:]


# --- numbers tomllib or Python cannot hold ----------------------------------------------------

BEYOND = "1e99999999999999999999"  # Decimal: InvalidOperation
DIGITS = "9" * 4301  # int(): "Exceeds the limit (4300 digits)"
HEX = "0x" + "f" * 5000  # parses, but str() of it fails later

NUMBERS = {
    "budget beyond Decimal": (sample_with("budget = 770000.00", f"budget = {BEYOND}"), BEYOND,
                              "projects[1].budget", "超出了能表示的范围"),
    "budget of 4301 digits": (sample_with("budget = 770000.00", f"budget = {DIGITS}"), DIGITS,
                              "projects[1].budget", "有 4301 位，超出了能读取的范围（最多 4300 位）"),
    "budget in hex": (sample_with("budget = 770000.00", f"budget = {HEX}"), HEX,
                      "projects[1].budget", "约 6021 位的整数：金额过大"),
    "plan beyond Decimal": (sample_with("plan = { 3 = 30,", f"plan = {{ 3 = {BEYOND},"), BEYOND,
                            "projects[1].plan", "超出了能表示的范围"),
    "year of 4301 digits": (sample_with("year = 2023", f"year = {DIGITS}"), DIGITS, "unit.year", "最多 4300 位"),
    "year in hex": (sample_with("year = 2023", f"year = {HEX}"), HEX, "unit.year", "约 6021 位的整数"),
    "format in hex": (sample_with("format = 1", f"format = {HEX}"), HEX, "format", "约 6021 位的整数"),
    "setting beyond Decimal": (SAMPLE + f"\n[checks]\nsatisfaction_min = {BEYOND}\n", BEYOND,
                               "checks.satisfaction_min", "超出了能表示的范围"),
    "setting in hex": (SAMPLE + f"\n[checks]\nsatisfaction_min = {HEX}\n", HEX,
                       "checks.satisfaction_min", "数值过大"),
    "unknown key of 4301 digits": (sample_with("format = 1", f"format = 1\nzz = {DIGITS}"), DIGITS, "zz", "最多 4300 位"),
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_numbers_beyond_what_can_be_held_name_file_line_and_key(case, tmp_path, capsys):
    text, written, keypath, words = NUMBERS[case]
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2, (command, err[-500:])
        assert f"{path}:{line_of(text, written)} [{keypath}]" in err and words in err, err[-500:]
        assert_chinese(err)
        assert len(err) < 1000  # the number is quoted by its start, never whole


def test_a_number_inside_text_is_not_blamed(tmp_path, capsys):
    # The same token in a string earlier in the file: the message still names the real line.
    text = sample_with('use = "城镇社区工作经费"', f'use = "见 {BEYOND}"')
    text = text.replace("budget = 30720.00", f"budget = {BEYOND}", 1)
    path = write(tmp_path, text)
    rc, _out, err = run(["check", path], capsys)
    assert rc == 2 and f"{path}:{line_of(text, 'budget = ' + BEYOND)} [projects[2].budget]" in err


# --- keys of many parts, headers nested hundreds deep -------------------------------------------

DEEP = {
    "header 500 deep": SAMPLE + "\n[" + ".".join(["a"] * 500) + "]\nx = 1\n",
    "header 500 deep in [checks]": SAMPLE + "\n[checks." + ".".join(["a"] * 500) + "]\nx = 1\n",
    "dotted key of 100,000 parts": sample_with("format = 1", "format = 1\n" + ".".join(["a"] * 100_000) + " = 1"),
    "quoted parts": sample_with("format = 1", "format = 1\n" + ".".join(['"键"'] * 40) + " = 1"),
    "inline table": sample_with("plan = { 3 = 30,", "plan = { " + ".".join(["a"] * 40) + " = 1, 3 = 30,"),
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_keys_of_too_many_parts_are_refused_before_parsing(case, tmp_path, capsys, monkeypatch):
    import tomllib

    from perftui import tomlread

    text = DEEP[case]
    path = write(tmp_path, text)

    def never_this_text(real):
        def loads(source, **kw):  # tomllib takes quadratic time on such keys
            assert source != text, "the parser was given the text with the overlong key"
            return real(source, **kw)

        return loads

    parsers = {tomllib, tomlread._parser()} | ({tomlread._rust} if tomlread._rust else set())
    for parser in parsers:  # the fast parsers and the standard one
        monkeypatch.setattr(parser, "loads", never_this_text(parser.loads))
    line = next(no for no, written in enumerate(text.split("\n"), 1) if written.count(".") >= 32)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2, (command, err[-500:])
        assert f"{path}:{line}: 键名" in err and f"超过 {tomlread.MAX_KEY_PARTS} 段" in err, err[-500:]
        assert len(err) < 1000
        assert_chinese(err)


def test_dots_inside_strings_are_not_keys(tmp_path, capsys):
    dotted = ".".join(["a"] * 200)
    text = sample_with('use = "城镇社区工作经费"', f'use = "{dotted}"')
    text = text.replace('goal = """\n', f'goal = """\n{dotted}\n', 1) + f"# {dotted}\n"
    rc, out, err = run(["show", write(tmp_path, text), "--format", "json"], capsys)
    assert rc == 0, err
    assert json.loads(out)["projects"][0]["use"] == dotted


@pytest.mark.parametrize(
    ("table", "keypath"),
    [
        ("[checks." + ".".join(["a"] * 20) + "]\nx = 1\n", "checks" + ".a" * 8),
        ("[checks]\nx = " + "[" * 200 + "]" * 200 + "\n", "checks.x" + "[1]" * 7),
    ],
    ids=["header 20 deep", "arrays 200 deep"],
)
def test_checks_nested_deeper_than_settings_need_is_refused(table, keypath, tmp_path, capsys):
    # Kept as written, [checks] is walked by JSON output and by saving: deep nesting would
    # overflow them (RecursionError in show --format json), so the loader stops it.
    text = SAMPLE + "\n" + table
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2, (command, err[-300:])
        assert f"[{keypath}" in err and "[checks] 表嵌套超过 8 层" in err and str(path) in err


def test_a_setting_with_a_huge_exponent_is_a_finding_and_json_stays_small(tmp_path, capsys):
    path = write(tmp_path, SAMPLE + "\n[checks]\nsatisfaction_min = 1e999999999\nx = 1e-999999999\n")
    rc, out, _err = run(["show", path, "--format", "json"], capsys)
    assert rc == 0 and len(out) < 50_000  # not a billion zeros
    assert json.loads(out)["checks"]["satisfaction_min"] == "1E+999999999"
    rc, out, _err = run(["check", path, "--format", "json"], capsys)
    assert rc == 1 and any(f["rule"] == "SET-001" and "1E+999999999" in f["message"] for f in json.loads(out)["findings"])


def test_a_file_with_thousands_of_problems_lists_the_first_hundred(tmp_path, capsys):
    text = sample_with("format = 1", "format = 1\n" + "".join(f"k{i} = 1\n" for i in range(5000)))
    rc, _out, err = run(["check", write(tmp_path, text)], capsys)
    lines = err.strip().split("\n")
    assert rc == 2 and len(lines) == 101 and "另有 4900 处问题未列出" in lines[-1]


# --- one bad file in a folder: the others are still served ----------------------------------------

BAD_FILES = {
    "beyond Decimal": NUMBERS["budget beyond Decimal"][0],
    "4301 digits": NUMBERS["budget of 4301 digits"][0],
    "hex": NUMBERS["budget in hex"][0],
    "header 500 deep": DEEP["header 500 deep in [checks]"],
    "long dotted key": DEEP["dotted key of 100,000 parts"],
    "deep [checks]": SAMPLE + "\n[checks]\nx = " + "[" * 200 + "]" * 200 + "\n",
}
FOLDER_COMMANDS = [
    (["show"], lambda out, folder: "good.toml" in out),
    (["show", "--format", "json"], lambda out, folder: [Path(d["file"]).name for d in json.loads(out)] == ["good.toml"]),
    (["show", "--project", CODE], lambda out, folder: CODE in out),
    (["check"], lambda out, folder: "good.toml" in out and "1 个文件无法读取" in out),
    (["check", "--format", "json"], lambda out, folder: json.loads(out)["summary"]["files"] == 1),
    (["check", "--format", "markdown"], lambda out, folder: "good.toml" in out),
    (["export", "--project", CODE], lambda out, folder: (folder.parent / "books" / "good.xlsx").is_file()),
]


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_a_folder_with_one_such_file_serves_the_others(bad, tmp_path, capsys):
    folder = tmp_path / "单位"
    folder.mkdir()
    write(folder, SAMPLE, "good.toml")
    broken = write(folder, BAD_FILES[bad], "bad.toml")
    for command, served in FOLDER_COMMANDS:
        rc, out, err = run(argv_for(command, folder), capsys)
        assert rc == 2, (command, err[-500:])
        assert f"{broken}:" in err and "good.toml" not in err
        assert served(out, folder), (command, out[-300:])
        assert_chinese(err)


@pytest.mark.parametrize("bad", ["beyond Decimal", "4301 digits", "header 500 deep"])  # (one code path: load_many)
async def test_the_app_opens_a_folder_with_one_such_file(bad, isolated):
    from perftui.tui.app import PerftuiApp
    from perftui.tui.screens.department import DepartmentScreen
    from perftui.tui.screens.info import ErrorScreen

    good = write(isolated, SAMPLE, "good.toml")
    broken = write(isolated, BAD_FILES[bad], "bad.toml")
    app = PerftuiApp([broken, good])
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ErrorScreen)
        assert [s.path for s in app.units] == [good] and app.broken[0][0] == broken
        assert all(p.line for p in app.broken[0][1])  # each problem names its line
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, DepartmentScreen)
        assert app.state.findings() is not None


# --- messages: Chinese, and bounded however long the value -------------------------------------

BIG = "长" * 200_000  # 600 KB of UTF-8
LONG_VALUES = {
    "framework": sample_with('framework = "88号"', f'framework = "{BIG}"'),
    "plan month": sample_with("plan = { 3 = 30,", f'plan = {{ "{BIG}" = 30, 3 = 30,'),
    "table declared twice": sample_with("[unit]", f'["{BIG}"]\n["{BIG}"]\n[unit]'),
    "duplicate inline key": sample_with("plan = { 3 = 30,", f'plan = {{ "{BIG}" = 1, "{BIG}" = 1, 3 = 30,'),
    "unknown key": sample_with("format = 1", f'format = 1\n"{BIG}" = 1'),
    "setting name": SAMPLE + f'\n[checks]\n"{BIG}" = 1\n',
    "setting value": SAMPLE + f'\n[checks]\nsatisfaction_min = "{BIG}"\n',
    "rule switched off": SAMPLE + f'\n[checks.off]\n"{BIG}" = "原因"\n',
    "reason switched off": SAMPLE + f'\n[checks.off]\nPLAN-004 = "{BIG}"\n',
    "indicator value": sample_with('value = "≥25个"', f'value = "{BIG}"'),
    "use": sample_with('use = "城镇社区工作经费"', f'use = "{BIG}"'),
    "unit name": sample_with('name = "玉田县无终街道办事处本级"', f'name = "{BIG}"'),
}


@pytest.mark.parametrize("case", sorted(LONG_VALUES))
def test_a_megabyte_value_is_quoted_by_its_start(case, tmp_path, capsys):
    path = write(tmp_path, LONG_VALUES[case])
    # (show prints the data itself, and JSON is data: neither is a message.)
    for command in (["check"], ["check", "--format", "markdown"], ["export"]):
        rc, out, err = run(argv_for(command, path), capsys)
        assert rc in (0, 1, 2), err[-300:]
        # The report of the sample is ~25 KB; the value itself is 200,000 characters.
        assert len(err) < 5_000 and len(out) < 100_000, (command, len(out), len(err))
        assert_chinese(err)


def test_no_operating_system_error_reaches_users_in_english():
    for code in errno.errorcode:
        reason = os_reason(OSError(code, os.strerror(code)))
        assert os.strerror(code) not in reason and not reason.isascii(), (code, reason)
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"


# --- settings files: config.toml, keys.toml, themes, state.toml --------------------------------

SETTINGS_BAD = {
    "4301 digits": ("x = " + DIGITS + "\n").encode(),
    "beyond Decimal": f"x = {BEYOND}\n".encode(),
    "deep": ("x = " + "[" * 3000 + "]" * 3000 + "\n").encode(),
    "long dotted key": (".".join(["a"] * 100_000) + " = 1\n").encode(),
    "binary": bytes(range(256)) * 4,
    "gbk": "# 设置\nx = 1\n".encode("gbk"),
    "huge": b"# " + b"x" * (2 << 20) + b"\n",
    "broken": b"[keys\n",
}
# (file, bad line): what each kind of settings file holds when a value has the wrong type.
WRONG_TYPES = {
    "keys": ('[keys]\n"app.save" = ' + DIGITS[:30] + "\n", 2, "keys.app.save"),
    "config": ("[checks]\nsatisfaction_min = [1, 2]\n", 2, "checks.satisfaction_min"),
    "theme": ('name = "t"\nprimary = "#123456"\nluminosity_spread = [1]\n', 3, "luminosity_spread"),
    "state": ("theme = 12\n", 1, "theme"),
}


def _settings_file(kind: str, root: Path) -> Path:
    return {
        "keys": root / "config" / "perftui" / "keys.toml",
        "config": root / "config" / "perftui" / "config.toml",
        "theme": root / "config" / "perftui" / "themes" / "坏.toml",
        "state": root / "state" / "perftui" / "state.toml",
    }[kind]


def _problems_of(kind: str, path: Path) -> list[str]:
    """Read one settings file through the core function the app uses; it must not raise."""
    if kind == "keys":
        mapping, problems = keymap.load_keymap(path)
        assert mapping == {}
        return problems
    if kind == "config":
        found = settings.resolve(None, user_config=path)
        assert found.satisfaction_min == settings.Settings().satisfaction_min  # the default is used
        return [p.message for p in found.problems]
    if kind == "theme":
        loaded, problems = themes.load_themes([path.parent])
        assert loaded == []
        return problems
    name, problems = themes.read_remembered_theme()
    assert name is None
    return problems


@pytest.mark.parametrize("kind", ["keys", "config", "theme", "state"])
@pytest.mark.parametrize("bad", sorted(SETTINGS_BAD))
def test_a_broken_settings_file_is_one_warning_with_file_and_line(kind, bad, tmp_path):
    path = _settings_file(kind, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(SETTINGS_BAD[bad])
    problems = _problems_of(kind, path)
    assert len(problems) == 1 and str(path) in problems[0], problems
    if bad not in ("huge",):
        assert f"{path}:" in problems[0]  # with its line
    assert len(problems[0]) < 500
    assert_chinese(problems[0])


@pytest.mark.parametrize("kind", sorted(WRONG_TYPES))
def test_a_settings_value_of_the_wrong_type_names_line_and_key(kind, tmp_path):
    text, line, key = WRONG_TYPES[kind]
    path = _settings_file(kind, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    problems = _problems_of(kind, path)
    assert len(problems) == 1 and f"{path}:{line}" in problems[0] and key.split(".")[-1] in problems[0], problems


@pytest.mark.parametrize("kind", ["keys", "config", "theme", "state"])
def test_a_pipe_or_folder_in_place_of_a_settings_file_does_not_block(kind, tmp_path):
    path = _settings_file(kind, tmp_path)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)  # reading it would wait for a writer for ever
    problems = _problems_of(kind, path)
    assert len(problems) == 1 and "不是普通文件" in problems[0]


@pytest.mark.parametrize(
    "value",
    ['"notacolor"', '"#12345"', "12", '"bold"'],
)
def test_theme_variables_textual_cannot_apply_are_refused(value, tmp_path):
    (tmp_path / "t.toml").write_text(f'name = "t"\nprimary = "#123456"\n[variables]\n"footer-key-foreground" = {value}\n',
                                     encoding="utf-8")
    loaded, problems = themes.load_themes([tmp_path])
    assert loaded == [] and "t.toml:4 [variables.footer-key-foreground]" in problems[0]


def test_theme_variables_as_textual_writes_them_are_accepted(tmp_path):
    (tmp_path / "t.toml").write_text(
        'name = "t"\nprimary = "#123456"\nluminosity_spread = 0\ntext_alpha = 1\n[variables]\n'
        '"footer-key-foreground" = "#4F9FE8"\n"input-selection-background" = "#2E6FAF 50%"\n'
        '"block-cursor-text-style" = "b reverse"\n"text" = "auto 87%"\n"link-background" = "initial"\n',
        encoding="utf-8")
    loaded, problems = themes.load_themes([tmp_path])
    assert problems == [] and loaded[0].luminosity_spread == 0.0


def _write_settings(root: Path, kind: str, data: bytes) -> Path:
    path = _settings_file(kind, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if kind == "theme":  # make the app want the broken theme
        state = _settings_file("state", root)
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text('theme = "t"\n', encoding="utf-8")
    return path


async def start_app_with(root: Path, sample: Path):
    """Start the app on ``sample``; return (first screen, notices, findings)."""
    from perftui.tui.app import PerftuiApp

    app = PerftuiApp([sample])
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot, app)
        return type(app.screen).__name__, [n.message for n in app._notifications], app.state.findings()


@pytest.mark.parametrize(
    ("kind", "bad"),
    [("keys", "4301 digits"), ("config", "beyond Decimal"), ("theme", "deep"), ("state", "4301 digits"),
     ("config", "4301 digits")],
)
async def test_the_app_starts_with_a_broken_settings_file(kind, bad, isolated, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(isolated / "state"))
    path = _write_settings(isolated, kind, SETTINGS_BAD[bad])
    sample = write(isolated, SAMPLE, "data.toml")
    screen, notices, findings = await start_app_with(isolated, sample)
    assert screen == "DepartmentScreen"
    if kind == "config":  # check settings are reported where checks are: as a finding
        warnings = [f.message for f in findings if f.rule == "SET-001"]
    else:
        warnings = [n for n in notices if str(path) in n]
    assert len(warnings) == 1 and f"{path}:1" in warnings[0], (notices, warnings)


def test_python_m_perftui_with_broken_settings_files(tmp_path):
    config = tmp_path / "config" / "perftui"
    (config / "themes").mkdir(parents=True)
    (config / "config.toml").write_bytes(SETTINGS_BAD["4301 digits"])
    (config / "keys.toml").write_bytes(SETTINGS_BAD["deep"])
    write(tmp_path, NUMBERS["budget beyond Decimal"][0], "bad.toml")
    write(tmp_path, SAMPLE, "good.toml")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "COLUMNS": "120"}
    result = subprocess.run([sys.executable, "-m", "perftui", "check", ".", "--format", "json"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "bad.toml:40 [projects[1].budget]" in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 1 and report["summary"]["unreadable"] == 1
    assert any(f["rule"] == "SET-001" and "config.toml:1" in f["message"] for f in report["findings"])
