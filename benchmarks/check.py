"""Check speed: a full check of the county workspace against its load, and the live re-check
after one edit in a 10-project and a 1,000-project document.

* full: ``check_document`` on every file of the synthetic workspace (50 files, 1,000
  projects × 12 indicators), against ``load_many(discover(folder))`` of the same files
  (the floor: a check always follows a load);
* per edit: ``LiveChecker.recheck_field`` after changing one 指标值 (then reading the
  counts, as the app's status bar does), in one document of 10 projects and one of 1,000;
  medians over many edits. Goal: 1,000-project / 10-project ≤ 1.2 (an edit costs the same
  whatever the size). Budget and 项目名称 edits are printed too: they also touch Part 1 items
  and duplicate-name groups, so their cost follows how many items and projects share the
  name (the builder gives each name to ~67 projects); with distinct names they stay flat.

Usage: ``python benchmarks/check.py [--repeat N] [--edits N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[0]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import build_document, build_workspace  # noqa: E402

from perftui.checks import LiveChecker, check_document, settings_for  # noqa: E402
from perftui.store import discover, dumps, load_many  # noqa: E402

GOAL = 1.2
VALUES = ("≥90%", "逐步提高", "≥200%", "≥25个", "115万元", "较好")


def median_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def edit_times(live: LiveChecker, doc, edits: int, kind: str) -> float:
    """Median seconds of one edit + re-check + counts, on projects spread over the document."""
    rng = random.Random(7)
    n = len(doc.projects)
    times = []
    for k in range(edits):
        pi = rng.randrange(n)
        p = doc.projects[pi]
        if kind == "value":
            ii = rng.randrange(len(p.indicators))
            p.indicators[ii].value = VALUES[k % len(VALUES)]
            start = time.perf_counter()
            live.recheck_field(pi, ii, "value")
        elif kind == "budget":
            p.budget = (p.budget or Decimal(0)) + Decimal(1)
            start = time.perf_counter()
            live.recheck_field(pi, None, "budget")
        else:
            p.name = p.name + "（改）" if not p.name.endswith("（改）") else p.name[:-3]
            start = time.perf_counter()
            live.recheck_field(pi, None, "name")
        live.counts()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edits", type=int, default=3000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        paths = build_workspace(tmp)

        def load():
            loaded, errors = load_many(discover(tmp))
            assert not errors
            return loaded

        docs = [lo.doc for lo in load()]
        settings = [settings_for(d) for d in docs]

        def check_all():
            return sum(len(check_document(d, s)) for d, s in zip(docs, settings, strict=True))

        findings = check_all()  # warm caches
        t_load = median_of(args.repeat, load)
        t_check = median_of(args.repeat, check_all)
        t_live_build = median_of(args.repeat, lambda: [LiveChecker(d, s) for d, s in zip(docs, settings, strict=True)])

    print(f"workspace: {len(paths)} files, {sum(len(d.projects) for d in docs)} projects, {findings} findings")
    print(f"load  (load_many(discover(dir))):   {t_load * 1000:8.1f} ms")
    print(f"check (check_document, every file): {t_check * 1000:8.1f} ms   = {t_check / t_load:.2f} × load")
    print(f"LiveChecker build, every file:      {t_live_build * 1000:8.1f} ms   = {t_live_build / t_load:.2f} × load")

    whole_process(args.repeat)

    print(f"per edit, median of {args.edits} edits (edit + re-check + counts):")
    ok = True
    for label, unique in (("builder documents (15 project names, each shared by ~67 projects at 1,000)", False),
                          ("same documents with distinct project names (as in one unit's real file)", True)):
        print(f" {label}:")
        docs_by_size = {n: build_document(random.Random(1), 0, n, 12) for n in (10, 1000)}
        if unique:
            for doc in docs_by_size.values():
                distinct_names(doc)
        lives = {n: LiveChecker(d) for n, d in docs_by_size.items()}
        for kind in ("value", "budget", "name"):
            t = {n: edit_times(lives[n], docs_by_size[n], args.edits, kind) for n in (10, 1000)}
            ratio = t[1000] / t[10]
            verdict = ""
            if kind == "value":
                ok = ok and ratio <= GOAL
                verdict = f" (goal ≤ {GOAL}) {'OK' if ratio <= GOAL else 'ABOVE GOAL'}"
            print(f"  {kind:6s}: 10 projects {t[10] * 1e6:8.1f} µs · 1,000 projects {t[1000] * 1e6:8.1f} µs"
                  f" · ratio {ratio:.2f}{verdict}")
        for n, live in lives.items():
            assert live.findings() == check_document(docs_by_size[n]), "live findings drifted from a full check"
    print("live findings after all edits == check_document: OK")
    return 0


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")  # ran to the end
    return elapsed


def whole_process(repeat: int) -> None:
    """``perftui check`` of one 1,000-project file as a whole process, against a process that
    only parses the same bytes with ``tomllib`` (issue goal: below 1×)."""
    # Byte-compiled modules, as an installed package has them (the floor's tomllib has its
    # own): without them every run would compile perftui's sources again (PYTHONDONTWRITEBYTECODE).
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "perftui")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "439001-2023.toml"
        path.write_text(dumps(build_document(random.Random(1), 1, 1000, 12)), encoding="utf-8")
        floor_cmd = [sys.executable, "-c", f"import tomllib; tomllib.loads(open({str(path)!r}, encoding='utf-8').read())"]
        ours = {fmt: [sys.executable, "-m", "perftui", "check", str(path), "--format", fmt] for fmt in ("json", "table")}
        runs: dict[str, list[float]] = {"floor": [], **{fmt: [] for fmt in ours}}
        for _ in range(repeat):  # in turns, so that a change in the machine's load meets both sides
            runs["floor"].append(_run(floor_cmd))
            for fmt, cmd in ours.items():
                runs[fmt].append(_run(cmd))
        floor = min(runs["floor"])
        got = {fmt: min(runs[fmt]) for fmt in ours}
        size = path.stat().st_size
    print(f"whole process, one file of 1,000 projects × 12 indicators ({size / 1e6:.1f} MB), best of {repeat}, in turns:")
    print(f"  floor: python -c tomllib.loads(file)      {floor * 1000:8.1f} ms")
    for fmt, t in got.items():
        print(f"  perftui check --format {fmt:5s}           {t * 1000:8.1f} ms   = {t / floor:.2f} × floor (goal < 1)")


def distinct_names(doc) -> None:
    """One name per project, and Part 1 items rewritten to match (one item per project)."""
    for i, p in enumerate(doc.projects):
        p.name = f"{p.name}（第{i + 1}批）"
    doc.overall.targets.items = [
        f"{p.name}{(p.budget or 0) / 10000:.2f}万元，项目主要目标为{p.goals[0]}" for p in doc.projects
    ]


if __name__ == "__main__":
    raise SystemExit(main())
