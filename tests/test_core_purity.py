"""The core knows no screen: importing it must not import Textual."""

import subprocess
import sys

CORE_MODULES = [
    "perftui.model",
    "perftui.money",
    "perftui.values",
    "perftui.frameworks",
    "perftui.errors",
    "perftui.cli",
    "perftui.store",
    "perftui.importers.wordtext",
    "perftui.checks",
    "perftui.layout",
    "perftui.export.xlsx",
    "perftui.export.safewrite",
    "perftui.export.tofile",
    "perftui.outputs",
    "perftui.atomic",
    "perftui.paths",
    "perftui.safetext",
    "perftui.tomledit",
    "perftui.commands.common",
    "perftui.commands.show",
    "perftui.commands.check",
    "perftui.commands.import_",
    "perftui.commands.export",
    "perftui.commands.diff",
    "perftui.commands.review",
    "perftui.diff",
    "perftui.gitversion",
    "perftui.review.model",
    "perftui.review.storage",
    "perftui.review.report",
    "perftui.review.docx",
]


def test_core_does_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported Textual: {out.stdout}"


def test_cli_parser_does_not_import_textual():
    # Building the CLI (all sub-commands) must stay Textual-free so scripts start fast.
    code = (
        "import sys\n"
        "from perftui.cli import build_parser\n"
        "build_parser()\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
