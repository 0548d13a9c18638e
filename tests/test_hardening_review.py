"""Points of the issues' "Done when" lists that no other test showed on its own: the JSON
shapes are the documented ones, per-file thresholds and switched-off rules reach every
report format, a long export shows its progress, and every command keeps its exit codes.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from checkskit import clean_doc, no_user_config  # noqa: F401

from perftui import cli
from perftui.commands import export as export_cmd
from perftui.resources import sample_path
from perftui.store import dumps

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_wordtext.txt"


def run(argv, capsys) -> tuple[int, str, str]:
    try:
        rc = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


def _section(doc: str, heading: str) -> str:
    start = doc.index(heading)
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end != -1 else None]


def _table_keys(section: str) -> list[str]:
    """The backticked names in the first column of a Markdown table."""
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.M)


# --- docs/json.md: `perftui show --format json` ---------------------------------------------


def _all_fields(heading: str) -> list[str]:
    """The keys of one record's table under 全部字段 in docs/format.md."""
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    start = doc.index(heading)
    ends = [e for e in (doc.find(h, start + 1) for h in ("\n#### ", "\n### ", "\n## ")) if e != -1]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", doc[start:min(ends)], re.M)


def _then_the_rest(first: list[str], heading: str) -> list[str]:
    return first + [k for k in _all_fields(heading) if k not in first]


def test_show_json_is_the_documented_shape(capsys):
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    rc, out, _err = run(["show", sample_path(), "--format", "json"], capsys)
    assert rc == 0
    data = json.loads(out)
    assert list(data) == _table_keys(_section(doc, "## Document"))
    project = data["projects"][0]
    assert list(project) == _then_the_rest(_table_keys(_section(doc, "## Project")), "#### `[[projects]]`")
    indicator_doc = re.search(r"Each indicator:(.*?)\n\n", doc, re.S).group(1)
    first = re.findall(r"`([a-z0-9]+)`\s*\(", indicator_doc)
    assert list(project["indicators"][0]) == _then_the_rest(first, "#### `[[projects.indicators]]`")
    assert list(project["plan"]) == ["3", "6", "10", "12"]
    assert list(data["unit"]) == ["code", "name", "year"]
    assert list(data["overall"]) == _then_the_rest(["goal", "targets", "measures"], "#### `[overall]`")
    assert data["json_format"] == 1


def test_show_json_example_in_the_docs_is_the_sample_abridged(capsys):
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"## Example.*?```json\n(.*?)```", doc, re.S).group(1))
    rc, out, _err = run(["show", sample_path(), "--format", "json"], capsys)
    real = json.loads(out)
    assert list(example) == list(real)
    assert example["unit"] == real["unit"] and example["framework"] == real["framework"]
    shown, actual = example["projects"][0], real["projects"][0]
    # The example shows the sample form's keys; the other forms' keys follow in the real output.
    assert list(shown) == list(actual)[: len(shown)]
    assert {k: v for k, v in shown.items() if k != "indicators"} == {k: actual[k] for k in shown if k != "indicators"}
    row = actual["indicators"][0]
    assert shown["indicators"][0] == {k: row[k] for k in shown["indicators"][0]}


def test_check_json_is_the_documented_shape(tmp_path, capsys):
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    described = re.search(r"JSON 输出：(.*?)\n\n", doc, re.S).group(1)
    listed = described[described.index("`findings`（每条含") : described.index("`files`")]
    listed = re.sub(r"（模型字段名[^）]*）", "", listed)  # examples of `field` values, not keys
    finding_keys = re.findall(r"`([a-z_]+)`", listed)[1:]
    path = tmp_path / "439001-2023.toml"
    shutil.copy(sample_path(), path)
    rc, out, _err = run(["check", path, "--format", "json"], capsys)
    assert rc == 1
    data = json.loads(out)
    assert list(data) == ["findings", "files", "problems", "summary"]
    assert list(data["findings"][0]) == finding_keys
    summary = re.search(r"`summary`\s*（(.*?)）", described, re.S).group(1)
    assert list(data["summary"]) == re.findall(r"`([a-z]+)`", summary)


# --- [checks] in the data file: thresholds, and rules off with a reason in every report ---------


@pytest.fixture
def tuned(tmp_path) -> Path:
    doc = clean_doc()
    doc.projects[0].indicators[-1].value = "≥90%"  # the satisfaction row
    doc.checks = {"satisfaction_min": 95, "off": {"PLAN-004": "年底一次性支付，前三个时点不支出"}}
    path = tmp_path / "439001-2023.toml"
    path.write_text(dumps(doc), encoding="utf-8")
    return path


def test_a_threshold_set_in_the_file_changes_the_findings(tuned, capsys):
    rc, out, _err = run(["check", tuned, "--format", "json"], capsys)
    assert "SAT-001" in {f["rule"] for f in json.loads(out)["findings"]}  # 90% < the file's 95%
    tuned.write_text(tuned.read_text(encoding="utf-8").replace("satisfaction_min = 95", "satisfaction_min = 90"),
                     encoding="utf-8")
    rc, out, _err = run(["check", tuned, "--format", "json"], capsys)
    assert "SAT-001" not in {f["rule"] for f in json.loads(out)["findings"]}


def test_a_rule_switched_off_shows_its_reason_in_every_format(tuned, capsys):
    reason = "年底一次性支付，前三个时点不支出"
    rc, out, _err = run(["check", tuned], capsys)
    assert f"已关闭的规则：PLAN-004 — {reason}" in out
    rc, out, _err = run(["check", tuned, "--format", "markdown"], capsys)
    assert f"- 已关闭的规则：PLAN-004 — {reason}" in out
    rc, out, _err = run(["check", tuned, "--format", "json"], capsys)
    data = json.loads(out)
    assert data["files"][0]["off_rules"] == [{"rule": "PLAN-004", "reason": reason, "source": "本文件"}]
    assert "PLAN-004" not in {f["rule"] for f in data["findings"]}


def test_switching_a_rule_off_removes_its_findings(tmp_path, capsys):
    path = tmp_path / "seed.toml"
    shutil.copy(sample_path(), path)
    rc, out, _err = run(["check", path, "--format", "json"], capsys)
    assert "PLAN-004" in {f["rule"] for f in json.loads(out)["findings"]}
    path.write_text(path.read_text(encoding="utf-8") + '\n[checks.off]\nPLAN-004 = "一次性支付"\n', encoding="utf-8")
    rc, out, _err = run(["check", path, "--format", "json"], capsys)
    assert "PLAN-004" not in {f["rule"] for f in json.loads(out)["findings"]}


# --- export: a folder to -o DIR with progress on the terminal ----------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_folder_export_draws_progress_to_the_end(tmp_path, capsys, monkeypatch):
    for unit in ("439001", "439002", "439003"):
        shutil.copy(sample_path(), tmp_path / f"{unit}-2023.toml")
    clock = itertools.count(0, 1.0)  # every look at the clock is a second later: past the bar's delay
    monkeypatch.setattr(export_cmd.time, "monotonic", lambda: next(clock))
    terminal = Tty()
    monkeypatch.setattr(export_cmd.sys, "stderr", terminal)
    books = tmp_path / "工作簿"
    assert cli.main(["export", str(tmp_path), "-o", str(books)]) == 0
    drawn = terminal.getvalue()
    total = 3 * (7 + 2)  # three files, each 7 project sheets + Part 1 + summary
    assert f"] 1/{total} 439001-2023.toml" in drawn
    assert f"] {total}/{total} 439003-2023.toml" in drawn
    counts = [int(n) for n in re.findall(rf"\] (\d+)/{total} ", drawn)]
    assert counts == sorted(counts)  # never goes backwards
    assert drawn.endswith("\r\x1b[K")  # the bar clears itself before the summary lines
    assert sorted(p.name for p in books.iterdir()) == ["439001-2023.xlsx", "439002-2023.xlsx", "439003-2023.xlsx"]
    assert capsys.readouterr().out.count("已导出") == 3


# --- exit codes, as every command's --help states them -----------------------------------------


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    seed = tmp_path / "seed.toml"
    shutil.copy(sample_path(), seed)
    clean = tmp_path / "clean" / "clean.toml"
    clean.parent.mkdir()
    clean.write_text(dumps(clean_doc()), encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[unit\n", encoding="utf-8")
    locked = tmp_path / "locked" / "clean.toml"
    locked.parent.mkdir()
    shutil.copy(clean, locked)
    (locked.parent / "~$clean.xlsx").write_bytes(b"owner")
    return {"seed": seed, "clean": clean, "broken": broken, "locked": locked, "tmp": tmp_path}


CASES = [
    (["show", "{seed}"], 0),
    (["show", "{broken}"], 2),
    (["show", "{seed}", "--project", "99"], 2),
    (["check", "{clean}"], 0),
    (["check", "{seed}"], 1),
    (["check", "{seed}", "{broken}"], 2),
    (["check", "{seed}", "--format", "yaml"], 2),
    (["import", str(SEED), "-o", "{tmp}/imported.toml"], 0),
    (["import", "{tmp}/missing.txt"], 2),
    (["export", "{clean}"], 0),
    (["export", "{locked}"], 1),
    (["export", "{broken}"], 2),
    (["export", "{clean}", "--project", "NOPE"], 2),
]


@pytest.mark.parametrize(("args", "rc"), CASES, ids=[" ".join(a[:1] + [a[1].strip("{}").rsplit("/", 1)[-1]] + a[2:]) for a, _ in CASES])
def test_exit_codes(args, rc, files, capsys):
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    got, _out, err = run(argv, capsys)
    assert got == rc, err
    if rc == 2:
        assert err.startswith(("perftui: ", "用法："))


@pytest.mark.parametrize("command", ["show", "check", "import", "export"])
def test_help_states_the_exit_codes(command, capsys):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    out = capsys.readouterr().out
    assert "退出码" in out or command == "import"
    if command == "import":
        assert "--force" in out


@pytest.mark.parametrize("width", [60, 100, 160])
def test_check_table_is_aligned_for_chinese_text(width, tmp_path, capsys):
    from wcwidth import wcswidth

    path = tmp_path / "439001-2023.toml"
    shutil.copy(sample_path(), path)
    rc, out, _err = run(["check", path, "--width", width], capsys)
    lines = out.splitlines()
    head = lines.index(next(line for line in lines if line.startswith("级别")))
    rule = lines[head + 1]
    assert set(rule) <= {"-", " "}
    start = rule.rindex(" ") + 1  # the 说明 column starts after the last gap of the rule line
    body = lines[head + 2 : lines.index(next(line for line in lines if line.startswith("小计")))]
    assert len(body) > 40
    for line in body:
        if not line.strip():
            continue
        cut, used = 0, 0
        while used < start and cut < len(line):
            used += wcswidth(line[cut])
            cut += 1
        lead, text = line[:cut], line[cut:]
        assert used == start and text and not text.startswith(" "), line  # every line's text in one column
        assert re.fullmatch(r"(错误|警告|提示)\s+[A-Z0-9]+-\d{3}\s+|\s+", lead), line
        assert wcswidth(line) <= max(width, start + 20 + 2), line
