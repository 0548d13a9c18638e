"""Saves killed mid-way: SIGKILL a process saving a big data file at random moments.

Each trial starts a program that loads the file, changes one indicator value and saves;
half the kills come anywhere in the save, half while it writes the file (aimed from the
moment the save has made its temporary file). After each kill the file must be exactly the
old or the new version (bytes compared), and the next save (from whatever is there) must
leave no temporary file and no lock sidecar. tests/test_save_processes.py runs 20 trials.

Usage: ``python benchmarks/kill_save.py [--trials N] [--projects N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import savekit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--projects", type=int, default=100)
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        c = savekit.kill_trials(Path(tmp), args.trials, projects=args.projects)
        size = (Path(tmp) / "data" / "big.toml").stat().st_size / 1e6
    print(f"file: {args.projects} projects ({size:.2f} MB); one save {c.save_seconds * 1000:.0f} ms, "
          f"of which writing (temp file to rename) {(c.write_window[1] - c.write_window[0]) * 1000:.1f} ms")
    print(f"trials {c.trials}: old {c.old}, new {c.new}, corrupt {c.corrupt} "
          f"(save finished before the kill: {c.finished})")
    print(f"left by the kill: temporary file {c.temp_after_kill}, lock sidecar {c.lock_after_kill}")
    print(f"left after the next save: temporary file {c.temp_after_next_save}, lock sidecar {c.lock_after_next_save}")
    for note in c.notes:
        print("note:", note)
    print(f"({time.perf_counter() - start:.0f} s)")
    ok = c.corrupt == 0 and c.temp_after_next_save == 0 and c.lock_after_next_save == 0 and c.trials == args.trials
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
