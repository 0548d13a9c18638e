"""Bad input on every command: a Chinese message with file, line and key path, the
documented exit code, never a traceback, never a half-written file.

Most cases run ``perftui.cli.main`` in-process (an escaping exception fails the test just
as a traceback would); a few run ``python -m perftui`` to prove the real entry point.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from perftui import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "439001-2023.toml").read_text(encoding="utf-8")
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"

# Every way to name data files on the command line, per command.
READERS = [
    ["show"],
    ["show", "--format", "json"],
    ["show", "--project", "1"],
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "markdown"],
    ["export"],
]


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def argv_for(command: list[str], path: Path) -> list[str]:
    argv = [command[0], str(path), *command[1:]]
    if command[0] == "export":
        argv += ["-o", str(path.parent / "books") + os.sep]
    return argv


def write(tmp_path: Path, text: str | bytes, name: str = "439001-2023.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def sample_with(old: str, new: str, count: int = 1) -> str:
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, count)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def assert_no_output_files(folder: Path) -> None:
    books = folder / "books"
    assert not books.exists() or not any(books.iterdir())


# --- broken TOML -------------------------------------------------------------------------

BROKEN = {
    "unterminated string": ('name = "城镇社区工作经费"', 'name = "城镇社区工作经费'),
    "missing value": ("budget = 770000.00", "budget = "),
    "table header not closed": ("[[projects.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"质量指标\"",
                                "[[projects.indicators]\nlevel1 = \"产出指标\"\nlevel2 = \"质量指标\""),
    "plan not closed": ("plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100 }", "plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100"),
    "duplicate key": ("fiscal = 770000.00", "fiscal = 770000.00\nfiscal = 1.00"),
    "bare text": ('use = "城镇社区工作经费"', "use = 城镇社区工作经费"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_broken_toml_names_file_and_line(case, command, tmp_path, capsys):
    old, new = BROKEN[case]
    text = sample_with(old, new)
    path = write(tmp_path, text)
    rc, _out, err = run(argv_for(command, path), capsys)
    assert rc == 2
    expected = line_of(text, new.split("\n")[-1] if case == "duplicate key" else new)
    assert f"{path}:{expected}" in err
    assert "TOML 语法错误" in err
    assert_no_output_files(tmp_path)


# --- wrong types, unknown keys, missing fields ----------------------------------------------

WRONG_TYPES = {
    "format": ("format = 1", 'format = "1"'),
    "framework": ('framework = "88号"', "framework = 88"),
    "unit.code": ('code = "439001"', "code = 439001"),
    "unit.name": ('name = "玉田县无终街道办事处本级"', "name = true"),
    "unit.year": ("year = 2023", 'year = "2023年"'),
    "overall.goal": ('goal = """', 'goal = 1\nx = """'),
    "overall.targets.caption": ('caption = "部门职责分类绩效目标情况说明"', "caption = [1]"),
    "projects[1].code": ('code = "13022923P00JXC415060P"', "code = 13022923"),
    "projects[1].name": ('name = "城镇社区工作经费"', 'name = ["城镇社区工作经费"]'),
    "projects[1].budget": ("budget = 770000.00", 'budget = "77万元"'),
    "projects[1].fiscal": ("fiscal = 770000.00", "fiscal = nan"),
    "projects[1].plan.6": ("plan = { 3 = 30, 6 = 60,", 'plan = { 3 = 30, 6 = "60%",'),
    "projects[1].plan": ("plan = { 3 = 30, 6 = 60, 10 = 90, 12 = 100 }", "plan = [30, 60, 90, 100]"),
    "projects[1].goals": ('goals = ["城镇社区工作稳定开展"]', 'goals = "城镇社区工作稳定开展"'),
    "projects[1].goals[1]": ('goals = ["城镇社区工作稳定开展"]', "goals = [1]"),
    "projects[1].indicators[1].value": ('value = "≥25个"', "value = 25"),
    "projects[1].indicators[1].level1": ('level1 = "产出指标"', "level1 = { a = 1 }"),
}


@pytest.mark.parametrize("keypath", sorted(WRONG_TYPES))
def test_wrong_type_names_line_and_key_path(keypath, tmp_path, capsys):
    old, new = WRONG_TYPES[keypath]
    text = sample_with(old, new)
    path = write(tmp_path, text)
    for command in (["show"], ["check"], ["export"]):
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2, (command, err)
        assert f"{path}:{line_of(text, new)} [{keypath}]" in err, err
        assert re.search("应为|应写成|实际是", err), err
    assert_no_output_files(tmp_path)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path, capsys):
    text = sample_with("year = 2023", 'year = "2023"')
    text = text.replace("budget = 770000.00", 'budget = "x"', 1).replace('value = "≥25个"', "value = 25", 1)
    text = text.replace("[unit]  # 预算单位", "colour = 1\n[unit]  # 预算单位\nfoo = 2")
    path = write(tmp_path, text)
    rc, _out, err = run(["check", path], capsys)
    assert rc == 2
    for key in ("[unit.year]", "[projects[1].budget]", "[projects[1].indicators[1].value]", "[colour]", "[unit.foo]"):
        assert key in err
    assert "未知的键 “colour”" in err


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("", ["[format]", "[framework]", "[unit]"]),
        ('format = 1\nframework = "88号"\n[unit]\ncode = "1"\n', ["[unit.name]", "[unit.year]"]),
        ('format = 1\nframework = "88号"\n[unit]\nname = "x"\nyear = 2023\n[[projects]]\ncode = "1"\n'
         "[[projects.indicators]]\nvalue = \"1\"\n",
         ["[projects[1].name]", "[projects[1].indicators[1].level1]", "[projects[1].indicators[1].name]"]),
    ],
    ids=["empty file", "unit without name", "project and indicator without required keys"],
)
def test_missing_required_fields(text, keys, tmp_path, capsys):
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        for key in keys:
            assert key in err
        assert "缺少必填的键" in err


# --- not text, not UTF-8, not a file --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bytes(range(256)) * 4, "不是 UTF-8 编码的文本（含有二进制内容"),
        (SAMPLE.encode("utf-16"), "或是 UTF-16 编码"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe", "Excel/WPS 工作簿，不是数据文件"),
        (SAMPLE.encode("gb18030"), "不是 UTF-8 编码（可能是 GBK）"),
        (b"format = 1\x00\x00\x00", "TOML 语法错误"),
        (b"\xef\xbb\xbf", "缺少必填的键"),  # a BOM and nothing else
    ],
    ids=["binary", "utf-16", "workbook", "gbk", "nul bytes", "only a bom"],
)
def test_files_that_are_not_utf8_text(data, message, tmp_path, capsys):
    path = write(tmp_path, data)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        assert str(path) in err and message in err
    assert_no_output_files(tmp_path)


def test_missing_path_and_empty_folder(tmp_path, capsys):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    for command in READERS:
        for target in (tmp_path / "没有这个文件.toml", empty):
            rc, _out, err = run(argv_for(command, target), capsys)
            assert rc == 2
            assert str(target) in err
            assert "找不到" in err or "没有数据文件" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_device_is_refused_not_read_forever(tmp_path, capsys):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    for command in READERS:
        for target in (pipe, Path("/dev/zero")):
            rc, _out, err = run(argv_for(command, target), capsys)
            assert rc == 2 and f"{target}: 这不是普通文件" in err
    rc, _out, err = run(["import", pipe, "-o", tmp_path / "x.toml"], capsys)
    assert rc == 2 and "这不是普通文件" in err


def test_folder_named_like_a_data_file(tmp_path, capsys):
    folder = tmp_path / "439001-2023.toml"
    folder.mkdir()
    rc, _out, err = run(["show", folder], capsys)
    assert rc == 2 and "没有数据文件" in err
    rc, _out, err = run(["import", folder, "-o", tmp_path / "x.toml"], capsys)
    assert rc == 2 and "这是一个文件夹" in err


def test_folder_with_a_broken_file_among_good_ones(tmp_path, capsys):
    write(tmp_path, SAMPLE, "439001-2023.toml")
    write(tmp_path, SAMPLE.replace("[unit]", "[unit", 1), "439002-2023.toml")
    write(tmp_path, SAMPLE.replace("439001", "439003"), "439003-2023.toml")
    broken = tmp_path / "439002-2023.toml"
    rc, out, err = run(["show", tmp_path], capsys)
    assert rc == 2 and f"{broken}:" in err
    assert out.count("== ") == 2
    rc, out, err = run(["check", tmp_path, "--format", "json"], capsys)
    assert rc == 2 and f"{broken}:" in err
    report = json.loads(out)
    assert report["summary"]["files"] == 2 and report["summary"]["unreadable"] == 1
    books = tmp_path / "books"
    rc, out, err = run(["export", tmp_path, "-o", books], capsys)
    assert rc == 2 and f"{broken}:" in err
    assert sorted(p.name for p in books.iterdir()) == ["439001-2023.xlsx", "439003-2023.xlsx"]


# --- values no file should hold ---------------------------------------------------------------


@pytest.mark.parametrize("new", ["plan = { 3 = 1e-999999,", "plan = { 3 = 30.001,"], ids=["1e-999999", "3 decimals"])
def test_a_plan_percentage_has_at_most_two_decimals(new, tmp_path, capsys):
    """A tiny number in range (1e-999999) once made the export divide by zero and ``show
    --project`` print a million digits for a minute: refused at loading, as typing it would be."""
    text = sample_with("plan = { 3 = 30,", new)
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        assert f"{path}:{line_of(text, new)} [projects[1].plan.3]" in err and "最多两位小数" in err
        assert len(err) < 2000


@pytest.mark.parametrize(
    ("old", "new", "keypath"),
    [
        ("budget = 770000.00", "budget = 1" + "0" * 300, "projects[1].budget"),
        ("budget = 770000.00", "budget = 1e308", "projects[1].budget"),
        ("fiscal = 770000.00", "fiscal = -1e999999", "projects[1].fiscal"),
        ("plan = { 3 = 30,", "plan = { 3 = 1e999999,", "projects[1].plan.3"),
    ],
    ids=["300-digit amount", "1e308", "beyond float", "plan beyond float"],
)
def test_absurd_numbers_are_refused_not_crashed_on(old, new, keypath, tmp_path, capsys):
    text = sample_with(old, new)
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        assert f"{path}:{line_of(text, new)} [{keypath}]" in err
        assert "数值过大" in err or "金额过大" in err
        assert len(err) < 2000  # the number is quoted shortened


@pytest.mark.parametrize(
    ("old", "new", "keypath", "words"),
    [
        ("fiscal = 770000.00", "fiscal = 1e-999999", "projects[1].fiscal", "两位小数"),
        ("fiscal = 770000.00", "fiscal = -0.001", "projects[1].fiscal", "两位小数"),
        ("year = 2023", "year = -5", "unit.year", "1990–2100"),
    ],
)
def test_amounts_finer_than_cents_and_odd_years_are_refused_by_line(old, new, keypath, words, tmp_path, capsys):
    # The loader applies the bounds of a typed value: such a file could never be saved back.
    text = sample_with(old, new)
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2, err
        assert f"{path}:{line_of(text, new)} [{keypath}]" in err and words in err


@pytest.mark.parametrize("opener", ["[", "{ a = "])
def test_deep_nesting_names_the_line(opener, tmp_path, capsys):
    closer = "]" if opener == "[" else "}"
    text = SAMPLE + "\n[checks]\nx = " + opener * 3000 + "1" + closer * 3000 + "\n"
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        assert f"{path}:{text.count(chr(10))}" in err and "嵌套层数太多" in err


# --- files that cannot be read, places that cannot be written -----------------------------------


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, SAMPLE)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc == 2
        assert f"{path}: 没有读取这个文件的权限" in err


def test_import_of_an_unreadable_input(tmp_path, capsys, monkeypatch):
    source = tmp_path / "绩效目标.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    rc, _out, err = run(["import", source], capsys)
    assert rc == 2 and f"{source}: 没有读取这个文件的权限" in err
    assert not source.with_suffix(".toml").exists()


def test_outputs_in_a_missing_folder(tmp_path, capsys):
    data = write(tmp_path, SAMPLE)
    missing = tmp_path / "没有的文件夹" / "x.xlsx"
    rc, _out, err = run(["export", data, "-o", missing], capsys)
    assert rc == 1 and "不存在" in err and str(missing.parent) in err
    rc, _out, err = run(["import", SEED, "-o", tmp_path / "没有的文件夹" / "x.toml"], capsys)
    assert rc == 2 and "文件夹不存在" in err
    assert not (tmp_path / "没有的文件夹").exists()


def test_outputs_in_a_read_only_folder(tmp_path, capsys, monkeypatch):
    data = write(tmp_path, SAMPLE)
    out = tmp_path / "只读"
    out.mkdir()
    # The tests may run as root, who may write anywhere: make the folder refuse in-process.
    real_access, real_mkstemp = os.access, __import__("tempfile").mkstemp

    def access(path, mode, *args, **kwargs):
        if Path(path) == out and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == out:
            raise PermissionError(13, "Permission denied", str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr("tempfile.mkstemp", mkstemp)
    rc, _out, err = run(["export", data, "-o", out / "x.xlsx"], capsys)
    assert rc == 1 and "权限" in err and str(out) in err
    rc, _out, err = run(["import", SEED, "-o", out / "x.toml"], capsys)
    assert rc == 2 and "没有写入权限" in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("target", ["same", "other data file", "new .toml name"])
def test_export_never_writes_a_workbook_over_a_data_file(target, tmp_path, capsys):
    data = write(tmp_path, SAMPLE)
    other = write(tmp_path, SAMPLE, "439002-2023.toml")
    out = {"same": data, "other data file": other, "new .toml name": tmp_path / "新.toml"}[target]
    rc, _out, err = run(["export", data, "-o", out], capsys)
    assert rc == 2 and "不能用工作簿覆盖" in err
    assert data.read_text(encoding="utf-8") == SAMPLE and other.read_text(encoding="utf-8") == SAMPLE
    assert not (tmp_path / "新.toml").exists()


def test_import_into_a_folder_writes_inside_it(tmp_path, capsys):
    folder = tmp_path / "数据"
    folder.mkdir()
    rc, out, err = run(["import", SEED, "-o", folder], capsys)
    assert rc == 0, err
    assert (folder / (SEED.stem + ".toml")).is_file()


def test_text_too_long_for_an_excel_cell_is_not_cut_silently(tmp_path, capsys):
    long = "长" * 40000
    text = sample_with('description = "城市社区综合服务设施数量"', f'description = "{long}"')
    path = write(tmp_path, text)
    rc, _out, err = run(["export", path, "-o", tmp_path / "x.xlsx"], capsys)
    assert rc == 1
    assert f"{path}:{line_of(text, long)} [projects[1].indicators[1].description]" in err
    assert "32767" in err
    assert not (tmp_path / "x.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left
    # The same text in a goal is spread over several cells and exports.
    text = sample_with('goals = ["城镇社区工作稳定开展"]', f'goals = ["{long}"]')
    path = write(tmp_path, text)
    rc, _out, err = run(["export", path, "-o", tmp_path / "x.xlsx", "--findings"], capsys)
    assert rc == 0, err


# --- the real entry point ---------------------------------------------------------------------


def _python_m(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "perftui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "rc", "fragment"),
    [
        (["show", "broken.toml"], 2, "broken.toml:39: TOML 语法错误"),
        (["check", "broken.toml", "--format", "json"], 2, "broken.toml:39: TOML 语法错误"),
        (["check", "huge.toml"], 2, "[projects[1].budget]: budget（预算数） 不能是小数 1E+400：金额过大"),
        (["export", "deep.toml"], 2, "嵌套层数太多"),
        (["import", "missing.txt"], 2, "missing.txt: 找不到输入文件"),
        (["show", "broken.toml", "--format", "xml"], 2, "用法错误"),
        (["check", "types.toml", "--format", "markdown"], 2, "types.toml:12 [unit.year]: year（年度）应为整数"),
        (["export", "types.toml"], 2, "types.toml:12 [unit.year]"),
        (["show", "unknown.toml", "-p", "1"], 2, "unknown.toml:42 [projects[1].colour]: 未知的键 “colour”"),
        (["check", "types.toml", "broken.toml"], 2, "broken.toml:39: TOML 语法错误"),
        (["check", "good.toml"], 1, ""),
        (["show", "good.toml", "-p", "13022923P00JXC415060P", "-f", "json"], 0, ""),
    ],
)
def test_python_m_perftui_exits_cleanly(args, rc, fragment, tmp_path):
    write(tmp_path, sample_with('name = "城镇社区工作经费"', 'name = "城镇社区工作经费'), "broken.toml")
    write(tmp_path, sample_with("budget = 770000.00", "budget = 1e400"), "huge.toml")
    write(tmp_path, SAMPLE + "\n[checks]\nx = " + "[" * 3000 + "]" * 3000 + "\n", "deep.toml")
    write(tmp_path, sample_with("year = 2023", 'year = "2023"'), "types.toml")
    write(tmp_path, sample_with("fiscal = 770000.00", "fiscal = 770000.00\ncolour = 1"), "unknown.toml")
    write(tmp_path, SAMPLE, "good.toml")
    result = _python_m(args, tmp_path)
    assert result.returncode == rc
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr


# --- [checks] settings, in the data file and in the user's config ---------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", '"nan"', '"sNaN"', '"-inf"', "1e999999", "[1]", "{ a = 1 }", "2023-01-01"])
def test_settings_that_are_no_number_are_findings_not_crashes(value, tmp_path, capsys):
    text = SAMPLE + f"\n[checks]\nsatisfaction_min = {value}\nshort_goal_chars = {value}\n[checks.off]\nPLAN-004 = {value}\n"
    path = write(tmp_path, text)
    rc, out, err = run(["check", path, "--format", "json"], capsys)
    assert rc == 1, err
    settings = [f for f in json.loads(out)["findings"] if f["rule"].startswith("SET-")]
    # Both thresholds; the off entry too unless it is text (then it is a reason, however odd).
    assert len(settings) == (2 if value.startswith('"') else 3)
    rc, out, err = run(["show", path], capsys)
    assert rc == 0


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[checks\n", "config.toml:1: TOML 语法错误"),
        ("x = " + "[" * 3000 + "]" * 3000 + "\n", "嵌套层数太多"),
        ("[checks]\nsatisfaction_min = nan\n", "satisfaction_min 的值「NaN」无效"),
        (b"\xff\xfe\x00", "无法读取"),
    ],
    ids=["broken", "deep", "nan", "binary"],
)
def test_a_bad_user_config_is_reported_and_ignored(config, fragment, tmp_path, capsys):
    folder = tmp_path / "config" / "perftui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_bytes(config if isinstance(config, bytes) else config.encode("utf-8"))
    path = write(tmp_path, SAMPLE)
    rc, out, err = run(["check", path, "--format", "json"], capsys)
    assert rc == 1, err
    messages = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "SET-001"]
    assert any(fragment in m for m in messages), messages


# --- numbers inside text: 指标值 and Part 1 prose ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["≥" + "9" * 40 + "万元", "≤" + "9" * 30 + "元", "≥" + "9" * 200_001 + "%", "≥0." + "0" * 40 + "1%", "1e999999元"],
    ids=["40 digits 万元", "30 digits 元", "200k digits %", "tiny", "exponent"],
)
def test_huge_numbers_in_indicator_values_and_prose(value, tmp_path, capsys):
    text = SAMPLE.replace('value = "≥25个"', f'value = "{value}"')  # every row that had ≥25个
    text = text.replace('value = "115万元"', f'value = "{value}"')  # the cost row
    text = text.replace("城镇社区工作经费77万元", "城镇社区工作经费" + value.lstrip("≥≤"), 1)
    assert text != SAMPLE
    path = write(tmp_path, text)
    for command in READERS:
        rc, _out, err = run(argv_for(command, path), capsys)
        assert rc in (0, 1), err


def test_formatting_an_overlong_amount_does_not_fail():
    from decimal import Decimal

    from perftui.money import format_amount
    from perftui.values import TEXT, parse_value

    assert format_amount(Decimal("9" * 40)) == "9" * 40 + ".00"
    assert format_amount(Decimal("2.675")) == "2.68"
    assert parse_value("≥" + "9" * 40 + "元").kind == TEXT  # no target anyone sets: read as text
    assert parse_value("≥999999999999999元").number == Decimal("999999999999999")


def test_output_the_terminal_cannot_encode_is_replaced_not_a_crash(tmp_path):
    text = sample_with('name = "城镇社区工作经费"', 'name = "城镇社区工作经费😀"')
    write(tmp_path, text, "emoji.toml")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONIOENCODING": "gbk"}
    for args in (["show", "emoji.toml"], ["show", "emoji.toml", "-p", "1"], ["check", "emoji.toml"]):
        result = subprocess.run([sys.executable, "-m", "perftui", *args], capture_output=True, cwd=tmp_path, env=env,
                                timeout=120)
        assert result.returncode in (0, 1), result.stderr.decode("gbk", "replace")
        assert b"Traceback" not in result.stderr
        assert "城镇社区工作经费?".encode("gbk") in result.stdout


def test_json_into_a_file_is_utf8_whatever_the_locale(tmp_path):
    text = sample_with('name = "城镇社区工作经费"', 'name = "城镇社区工作经费😀"')
    write(tmp_path, text, "emoji.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.update(LC_ALL="C", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-X", "utf8=0", "-m", "perftui", "show", "emoji.toml", "--format", "json"],
                            capture_output=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["projects"][0]["name"] == "城镇社区工作经费😀"


# --- the same bad files inside a folder: reported, and the good file still served ----------------

BAD_FILES = {
    "binary": bytes(range(256)) * 4,
    "gbk": SAMPLE.encode("gb18030"),
    "broken toml": SAMPLE.replace("[unit]", "[unit", 1).encode("utf-8"),
    "wrong type": SAMPLE.replace("year = 2023", 'year = "2023"').encode("utf-8"),
    "deep": (SAMPLE + "\n[checks]\nx = " + "[" * 3000 + "]" * 3000 + "\n").encode("utf-8"),
    "absurd amount": SAMPLE.replace("budget = 770000.00", "budget = 1e400", 1).encode("utf-8"),
    "empty": b"",
}
CODE = "13022923P00JXC415060P"
FOLDER_COMMANDS = [
    (["show"], lambda out, folder: "== " in out and "good.toml" in out),
    (["show", "--format", "json"], lambda out, folder: [Path(d["file"]).name for d in json.loads(out)] == ["good.toml"]),
    (["show", "--project", CODE], lambda out, folder: "good.toml" in out and CODE in out),
    (["show", "--project", CODE, "--format", "json"], lambda out, folder: json.loads(out)["code"] == CODE),
    (["check"], lambda out, folder: "good.toml" in out and "1 个文件无法读取" in out),
    (["check", "--format", "json"], lambda out, folder: json.loads(out)["summary"]["files"] == 1),
    (["check", "--format", "markdown"], lambda out, folder: "good.toml" in out),
    (["export", "--project", CODE], lambda out, folder: (folder.parent / "books" / "good.xlsx").is_file()),
]


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_a_bad_file_in_a_folder_is_reported_and_the_good_one_served(bad, tmp_path, capsys):
    folder = tmp_path / "单位"
    folder.mkdir()
    write(folder, SAMPLE, "good.toml")
    broken = write(folder, BAD_FILES[bad], "bad.toml")
    for command, served in FOLDER_COMMANDS:
        rc, out, err = run(argv_for(command, folder), capsys)
        assert rc == 2, (command, err)
        assert f"{broken}" in err and "good.toml" not in err
        assert served(out, folder), (command, out[-500:])


def test_a_file_without_projects(tmp_path, capsys):
    path = write(tmp_path, 'format = 1\nframework = "88号"\n[unit]\nname = "单位"\nyear = 2023\n')
    rc, out, _err = run(["show", path], capsys)
    assert rc == 0 and "共 0 个项目" in out and "合计" in out
    rc, _out, err = run(["show", path, "--project", "1"], capsys)
    assert rc == 2 and "还没有项目" in err and "1–0" not in err
    rc, out, _err = run(["check", path, "--format", "markdown"], capsys)
    assert rc == 0 and "**合计：0 错误" in out
    rc, out, _err = run(["export", path, "-o", tmp_path / "x.xlsx"], capsys)
    assert rc == 0 and "（0 个项目）" in out


def test_a_path_the_system_refuses_is_a_message(tmp_path, capsys):
    long = tmp_path / ("名" * 2000 + ".toml")  # longer than any file system allows
    for command in READERS:
        rc, _out, err = run(argv_for(command, long), capsys)
        assert rc == 2 and "文件名或路径太长" in err
    rc, _out, err = run(["import", long], capsys)
    assert rc == 2 and "文件名或路径太长" in err
    data = write(tmp_path, SAMPLE)
    rc, _out, err = run(["import", SEED, "-o", long], capsys)
    assert rc == 2 and "文件名或路径太长" in err
    rc, _out, err = run(["export", data, "-o", long.with_suffix(".xlsx")], capsys)
    assert rc == 2 and "文件名或路径太长" in err


def test_export_of_a_folder_into_a_folder_that_cannot_be_made(tmp_path, capsys, monkeypatch):
    source = tmp_path / "数据"
    source.mkdir()
    write(source, SAMPLE)
    target = tmp_path / "只读" / "工作簿"

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    rc, out, err = run(["export", source, "-o", target], capsys)
    assert rc == 2 and f"{target}: 没有访问权限" in err and out == ""


def test_a_huge_unknown_key_is_quoted_shortened(tmp_path, capsys):
    key = "键" * 100_000
    text = sample_with("[unit]  # 预算单位", f'"{key}" = 1\n[unit]  # 预算单位')
    path = write(tmp_path, text)
    rc, _out, err = run(["check", path], capsys)
    assert rc == 2 and f"{path}:{line_of(text, key)} [" in err and "未知的键 “键键" in err
    assert len(err) < 1000


def test_a_huge_project_name_does_not_swamp_every_finding(tmp_path, capsys):
    name = "名" * 10_000
    path = write(tmp_path, sample_with('name = "城镇社区工作经费"', f'name = "{name}"'))
    rc, out, _err = run(["check", path, "--format", "json"], capsys)
    findings = [f for f in json.loads(out)["findings"] if f["project_index"] == 0]
    assert findings and all(len(f["message"]) < 1000 for f in findings)
    assert all("名" * 60 + "…" in f["message"] for f in findings if f["message"].startswith("项目「"))
