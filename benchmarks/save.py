"""Save speed: perftui's save of a one-value edit against the least any safe save must do.

For a typical unit file (20 projects) and a whole county in one file (1,000 projects),
times, best of several repeats:

* floor: check the new text with ``tomllib.loads`` and write it atomically (temp file,
  fsync, rename) — what any save that validates and cannot lose the old file must do;
* perftui: ``store.save`` of a copy of the document with one indicator value changed
  (conflict check, tomlkit patch of the changed project only, read-back check, atomic write
  under the file's save lock with the conflict re-checked just before the rename);
* of which the lock: taking and letting go the save lock, the sweep for temporary files
  that killed saves left, and the re-check of the file on disk.

Usage: ``python benchmarks/save.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[0]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import best_of, build_workspace  # noqa: E402

from perftui import savelock, store  # noqa: E402
from perftui.atomic import remove_stale_temps  # noqa: E402


def measure(path: Path, repeat: int) -> tuple[float, float, float]:
    state = {"loaded": store.load(path), "n": 0}

    def full() -> None:
        loaded = state["loaded"]
        doc = copy.deepcopy(loaded.doc)
        state["n"] += 1
        doc.projects[len(doc.projects) // 2].indicators[0].value = f"≥{state['n']}个"
        state["loaded"] = store.save(loaded, doc)

    def floor() -> None:
        text = state["loaded"].text
        tomllib.loads(text)
        store.write_atomic(path, text.encode("utf-8"))

    def lock_part() -> None:
        with savelock.held(path):
            remove_stale_temps(path)
            store.check_unchanged(state["loaded"])

    t_full = best_of(repeat, full)
    t_floor = best_of(repeat, floor)
    state["loaded"] = store.load(path)
    t_lock = best_of(repeat, lock_part)
    return t_floor, t_full, t_lock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        unit_file = build_workspace(Path(tmp) / "county", files=50, projects=1000)[0]
        one_file = build_workspace(Path(tmp) / "one", files=1, projects=1000)[0]
        for label, path, repeat in (
            ("unit file, 20 projects", unit_file, args.repeat),
            ("one file, 1,000 projects", one_file, max(1, args.repeat // 2)),
        ):
            t_floor, t_full, t_lock = measure(path, repeat)
            size = path.stat().st_size / 1e6
            print(f"{label} ({size:.2f} MB): floor (tomllib check + atomic write) {t_floor * 1000:.1f} ms, "
                  f"perftui save {t_full * 1000:.1f} ms, ratio {t_full / t_floor:.1f}×; "
                  f"of which lock + temp sweep + re-check {t_lock * 1000:.2f} ms ({t_lock / t_full:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
