"""Bad input files: how long perftui takes to refuse each, against loading the good sample.

Each bad file is the bundled sample with one defect (the kinds of issue 8: a key of 100,000
dotted parts, a header 500 deep, numbers beyond Decimal or Python's int limit, a 10 MB
value, deep brackets). Times, best of several repeats:

* floor: ``store.load`` of the unchanged sample (what opening any file costs);
* each case: ``store.load`` of the bad file, up to its DataError.

A ratio near 1 means refusing costs no more than reading; the 100,000-part key took about
45 s in tomllib before it was refused early. Also prints what the scan for overlong keys
adds to the load of the county workspace (50 files, 4 MB).
Usage: ``python benchmarks/bad_input.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[0]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import best_of, build_workspace  # noqa: E402

from perftui import store, tomlread  # noqa: E402

SAMPLE = (Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml").read_text(encoding="utf-8")
CASES = {
    "dotted key of 100,000 parts": SAMPLE.replace("format = 1", "format = 1\n" + ".".join(["a"] * 100_000) + " = 1"),
    "header 500 deep": SAMPLE + "\n[checks." + ".".join(["a"] * 500) + "]\nx = 1\n",
    "number beyond Decimal": SAMPLE.replace("budget = 770000.00", "budget = 1e99999999999999999999", 1),
    "integer of 4,301 digits": SAMPLE.replace("budget = 770000.00", "budget = " + "9" * 4301, 1),
    "brackets 3,000 deep": SAMPLE + "\n[checks]\nx = " + "[" * 3000 + "]" * 3000 + "\n",
    "10 MB unknown key": SAMPLE.replace("format = 1", 'format = 1\n"' + "键" * 3_500_000 + '" = 1'),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        good = Path(tmp) / "good.toml"
        good.write_text(SAMPLE, encoding="utf-8")
        t_floor = best_of(args.repeat, lambda: store.load(good))
        print(f"floor: load of the sample ({len(SAMPLE.encode()) / 1e3:.0f} KB): {t_floor * 1000:.1f} ms")
        for name, text in CASES.items():
            path = Path(tmp) / "bad.toml"
            path.write_text(text, encoding="utf-8")

            def refuse(path: Path = path) -> None:
                try:
                    store.load(path)
                except store.DataError:
                    return
                raise AssertionError("the bad file loaded")

            t = best_of(args.repeat, refuse)
            print(f"{name:30} {t * 1000:8.1f} ms  ratio {t / t_floor:6.2f}")

        paths = build_workspace(Path(tmp) / "ws", 50, 1000, 12)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        t_scan = best_of(args.repeat, lambda: [tomlread.overlong_key(t) for t in texts])
        t_load = best_of(max(1, args.repeat // 2), lambda: store.load_many(paths))
        print(f"workspace (4 MB): overlong-key scan {t_scan * 1000:.1f} ms of a {t_load * 1000:.0f} ms load "
              f"({t_scan / t_load:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
