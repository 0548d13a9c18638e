"""Export speed, three ratios in one run.

1. ``perftui export`` of the sample's file, whole process, against ``python -c "import
   xlsxwriter"`` (both with compiled bytecode, as an installed package has it).
2. The 1,000-project workspace to workbooks (documents loaded) against bare XlsxWriter in
   ``in_memory`` mode: a script that makes exactly the same XlsxWriter calls (same cells,
   merges, widths, heights, formats, page breaks, print set-up) from a call list prepared
   beforehand, with no model, layout or text measuring in between.
3. The same export as the command runs it (load + write) against the same floor.

Run: ``python benchmarks/export.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xlsxwriter  # noqa: E402
from workspace import build_workspace  # noqa: E402

from perftui.commands import export as export_cmd  # noqa: E402
from perftui.export import xlsx  # noqa: E402
from perftui.store import load  # noqa: E402


class _FormatRef:
    def __init__(self, index: int) -> None:
        self.index = index


class _SheetRecorder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, method: str):
        def record(*args, **kwargs):
            self.calls.append((method, args, kwargs))

        return record


class _WorkbookRecorder:
    """Stands in for xlsxwriter.Workbook while perftui exports, keeping every call."""

    def __init__(self, path, options=None) -> None:
        self.options = options
        self.formats: list[dict] = []
        self.sheets: list[_SheetRecorder] = []
        self.properties: dict = {}

    def add_format(self, props=None):
        self.formats.append(dict(props or {}))
        return _FormatRef(len(self.formats) - 1)

    def add_worksheet(self, name=None):
        self.sheets.append(_SheetRecorder(name))
        return self.sheets[-1]

    def set_properties(self, props) -> None:
        self.properties = props

    def close(self) -> None:
        pass


def record(doc) -> _WorkbookRecorder:
    """The XlsxWriter calls perftui makes for ``doc`` (format objects as indexes)."""
    box: list[_WorkbookRecorder] = []

    def factory(path, options=None):
        box.append(_WorkbookRecorder(path, options))
        return box[-1]

    with mock.patch.object(xlsx, "Workbook", factory), tempfile.TemporaryDirectory() as scratch:
        xlsx.export_workbook(doc, Path(scratch) / "unused.xlsx")  # writes an empty file
    rec = box[0]
    # Pre-split each call into (method, args, kwargs, position of the format arg or -1, format index).
    for sheet in rec.sheets:
        prepared = []
        for method, args, kwargs in sheet.calls:
            pos = next((i for i, a in enumerate(args) if isinstance(a, _FormatRef)), -1)
            prepared.append((method, args, kwargs, pos, args[pos].index if pos >= 0 else -1))
        sheet.calls = prepared
    return rec


def floor_write(rec: _WorkbookRecorder, out: Path) -> None:
    """Bare XlsxWriter: replay the recorded calls."""
    wb = xlsxwriter.Workbook(str(out), rec.options)
    wb.set_properties(rec.properties)
    fmts = [wb.add_format(p) for p in rec.formats]
    for sheet in rec.sheets:
        ws = wb.add_worksheet(sheet.name)
        for method, args, kwargs, pos, index in sheet.calls:
            if pos >= 0:
                args = args[:pos] + (fmts[index],) + args[pos + 1 :]
            getattr(ws, method)(*args, **kwargs)
    wb.close()


def _run(argv: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t


def cli_ratio(scratch: Path, runs: int) -> tuple[float, float]:
    """(perftui export of the sample, python -c "import xlsxwriter"), seconds: best of
    ``runs`` starts each, taken in turns so that a busy moment of the machine hits both."""
    root = Path(__file__).resolve().parents[1]
    sample = scratch / "439001-2023.toml"
    sample.write_bytes((root / "data" / "439001-2023.toml").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")  # compiled once, as an install does
    env["PYTHONPATH"] = str(root)
    floor_argv = [sys.executable, "-c", "import xlsxwriter"]
    ours_argv = [sys.executable, "-m", "perftui", "export", str(sample), "-o", str(scratch / "s.xlsx")]
    _run(floor_argv, env), _run(ours_argv, env)  # warm-up: writes the bytecode
    pairs = [(_run(floor_argv, env), _run(ours_argv, env)) for _ in range(runs)]
    return min(p[1] for p in pairs), min(p[0] for p in pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--indicators", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each; the best is kept")
    ap.add_argument("--starts", type=int, default=15, help="process starts of the command-line ratio")
    opts = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t_cli, t_import = cli_ratio(root, opts.starts)
        paths = build_workspace(root / "ws", opts.files, opts.projects, opts.indicators)
        docs = [load(p).doc for p in paths]
        recs = [record(d) for d in docs]
        cells = sum(1 for r in recs for s in r.sheets for c in s.calls if c[0].startswith("write"))
        merges = sum(1 for r in recs for s in r.sheets for c in s.calls if c[0] == "merge_range")
        sheets = sum(len(r.sheets) for r in recs)
        formats = sum(len(r.formats) for r in recs)
        out = root / "out"
        out.mkdir()

        def timed(fn) -> float:
            t = time.perf_counter()
            fn()
            return time.perf_counter() - t

        def floor() -> None:
            for i, rec in enumerate(recs):
                floor_write(rec, out / f"floor-{i}.xlsx")

        def perftui_export() -> None:
            for i, doc in enumerate(docs):
                xlsx.export_workbook(doc, out / f"perftui-{i}.xlsx")

        def perftui_command() -> None:
            args = argparse.Namespace(path=str(root / "ws"), output=str(out / "cmd"), project=None)
            with open("/dev/null", "w") as devnull, mock.patch("sys.stdout", devnull):
                assert export_cmd.run(args) == 0

        # Interleaved runs, best of each, so a busy moment of the machine hits all alike.
        runs = [(timed(floor), timed(perftui_export), timed(perftui_command)) for _ in range(opts.repeat)]
        t_floor, t_export, t_command = (min(r[i] for r in runs) for i in range(3))

    print(
        f"workspace: {len(paths)} files, {sum(len(d.projects) for d in docs)} projects, "
        f"{sheets} sheets, {cells} cells written, {merges} merges, {formats} formats"
    )
    print(f"1. python -c 'import xlsxwriter':        {t_import * 1000:7.1f} ms")
    print(f"   perftui export of the sample (process): {t_cli * 1000:7.1f} ms   ratio {t_cli / t_import:.2f}x   goal ≤ 2x")
    print(f"2. floor (bare XlsxWriter in_memory, same calls): {t_floor:7.2f} s")
    print(f"   perftui export_workbook (docs loaded):         {t_export:7.2f} s   ratio {t_export / t_floor:.2f}x   goal ≤ 1.5x")
    print(f"3. perftui export folder (load + write):         {t_command:7.2f} s   ratio {t_command / t_floor:.2f}x")


if __name__ == "__main__":
    main()
