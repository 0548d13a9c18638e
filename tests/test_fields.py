"""Every field is declared once; everything else is derived from the declaration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from perftui import store, tomlwrite
from perftui.export.jsondoc import document_json
from perftui.fields import Field, fields_of
from perftui.forms import PROFILES, SCOPES

REPO = Path(__file__).resolve().parents[1]
FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
HEADINGS = {"unit": "`[unit]`", "overall": "`[overall]`", "task": "`[[overall.tasks]]`",
            "project": "`[[projects]]`", "cost": "`[[projects.costs]]`", "indicator": "`[[projects.indicators]]`"}


def _doc_rows(scope: str) -> list[tuple[str, str]]:
    start = FORMAT.index(f"#### {HEADINGS[scope]}")
    end = FORMAT.find("\n#### ", start + 1)
    end = FORMAT.find("\n**", start) if end == -1 else end
    return re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]+?) \|", FORMAT[start:end], re.M)


@pytest.mark.parametrize("scope", sorted(HEADINGS))
def test_every_field_has_its_doc_line_with_its_label(scope):
    declared = [(f.key, f.label) for f in fields_of(SCOPES[scope])]
    assert _doc_rows(scope) == declared


@pytest.mark.parametrize("scope", sorted(HEADINGS))
def test_doc_says_which_forms_print_each_field(scope):
    start = FORMAT.index(f"#### {HEADINGS[scope]}")
    end = FORMAT.find("\n#### ", start + 1)
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| [^|]+ \| [^|]+ \| ([^|]+) \|", FORMAT[start:end], re.M)
    for key, forms in rows:
        listed = set() if forms.strip() == "—" else set(forms.strip().split("、"))
        assert listed == {k for k, p in PROFILES.items() if p.has(scope, key)}, key


RENAME_CHECK = """
import json, sys
from perftui import store
from perftui.cli import main
from perftui.labels import path_label
from perftui.layout.forms import project_grid
doc = store.load(sys.argv[1]).doc
print("ui", path_label(doc, ("projects", 0, "budget")))
cells = [c.text for row in project_grid(doc, doc.projects[0]).rows for c in row.cells]
print("export", "预算总数" in cells and "预算数" not in cells)
"""


def test_renaming_a_label_in_the_declaration_renames_it_everywhere(tmp_path, capsys):
    """One edit of 预算数's declaration: the UI label, the JSON label of a finding and the
    workbook header all follow (run on a copy of the package with that one line changed)."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "perftui"
    shutil.copytree(REPO / "perftui", copy, ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "model.py"
    text = model.read_text(encoding="utf-8")
    assert text.count('declare("预算数"') == 1
    model.write_text(text.replace('declare("预算数"', 'declare("预算总数"'), encoding="utf-8")
    data = tmp_path / "d.toml"
    data.write_text((REPO / "data" / "439001-2023.toml").read_text(encoding="utf-8")
                    .replace("budget = 770000.00", "budget = 1.00", 1), encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", RENAME_CHECK, str(data)], capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "ui 预算总数" in out.stdout and "export True" in out.stdout
    found = subprocess.run([sys.executable, "-m", "perftui", "check", str(data), "--format", "json"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    labels = {f["field_label"] for f in json.loads(found.stdout)["findings"] if f["field"] == "budget"}
    assert labels == {"预算总数"}
    shown = subprocess.run([sys.executable, "-m", "perftui", "show", str(data), "--width", "200"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "预算总数" in shown.stdout.splitlines()[1], shown.stdout  # the project list's header


def test_a_new_file_lists_exactly_the_forms_fields_in_its_header():
    doc = store.load(REPO / "data" / "439001-2023.toml").doc
    head = tomlwrite.dumps(doc).split("format = 1")[0]
    assert "budget 预算数（元）" in head and "long_budget" not in head


def test_json_has_a_key_for_every_declared_field():
    doc = store.load(REPO / "data" / "439001-2023.toml").doc
    obj = json.loads(json.dumps(document_json(doc)))
    assert [k for k in obj["projects"][0] if k != "number"] == [f.key for f in fields_of(SCOPES["project"])]


def test_field_declaration_is_a_field():
    assert all(isinstance(f, Field) for f in fields_of(SCOPES["indicator"]))


def test_declared_gives_the_declaration_and_names_an_undeclared_key():
    from perftui.fields import declared, field_of
    from perftui.model import Overall

    assert declared(Overall, "tasks") is field_of(Overall, "tasks")
    with pytest.raises(KeyError, match="Overall.no_such_field"):
        declared(Overall, "no_such_field")
