"""Load speed: perftui's full load of a county workspace against plain ``tomllib``.

Builds the synthetic workspace (50 files, 1,000 projects, 12 indicators each) in a temp
folder, then times, best of several repeats:

* floor: read each file's bytes and ``tomllib.loads`` the decoded text (what any TOML
  reader must do at least; no Decimal, no model);
* perftui: ``load_many(discover(folder))`` (read, decode, parse with Decimal amounts,
  validate the shape, build the model, stamp the file).

Goal: perftui ≤ 1.5 × floor.  Usage: ``python benchmarks/load.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[0]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import best_of, build_workspace  # noqa: E402

from perftui.store import discover, load_many  # noqa: E402

GOAL = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=12)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        paths = build_workspace(tmp, args.files, args.projects, args.indicators)
        size = sum(p.stat().st_size for p in paths)

        def floor() -> None:
            for p in paths:
                tomllib.loads(p.read_bytes().decode("utf-8"))

        def floor_decimal() -> None:
            for p in paths:
                tomllib.loads(p.read_bytes().decode("utf-8"), parse_float=Decimal)

        def full() -> None:
            loaded, errors = load_many(discover(tmp))
            assert not errors and len(loaded) == len(paths)

        full()  # warm the file cache and imports
        t_floor = best_of(args.repeat, floor)
        t_decimal = best_of(args.repeat, floor_decimal)
        t_full = best_of(args.repeat, full)

    ratio = t_full / t_floor
    print(f"workspace: {len(paths)} files, {args.projects} projects × {args.indicators} indicators, {size / 1e6:.1f} MB")
    print(f"floor  (read + tomllib.loads):        {t_floor * 1000:8.1f} ms")
    print(f"  (for reference, tomllib with parse_float=Decimal: {t_decimal * 1000:.1f} ms)")
    print(f"perftui (load_many(discover(dir))):    {t_full * 1000:8.1f} ms")
    print(f"ratio: {ratio:.2f}× (goal ≤ {GOAL}×) {'OK' if ratio <= GOAL else 'ABOVE GOAL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
