"""Import speed: the 1,000-project workbook (perftui's own export of one unit with 1,000
projects × 12 indicators, 1,002 sheets) back into a Document, against a bare reader pass.

The floor is python-calamine, the reader the importer uses, opening the same workbook and
reading every sheet's values and merged ranges, with nothing done to them. Measured in one
run, in turns, best of N (the least disturbed run of each). Run: ``python benchmarks/import.py``.

Rows printed: the import as ``perftui import --dry-run`` does it (container checks, reading,
recognising the form, mapping), and the same with the data file written (``perftui import``:
the TOML text, its read-back check, the atomic write).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace import best_of, build_document  # noqa: E402

from perftui import store  # noqa: E402
from perftui.export.xlsx import export_workbook  # noqa: E402
from perftui.importers.anyfile import import_file  # noqa: E402


def bare_pass(path: Path) -> int:
    """What any reader must do at least: every sheet's values and merged ranges."""
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        sheet.merged_cell_ranges  # noqa: B018 - read, as the importer does
        for row in sheet.to_python(skip_empty_area=False):
            cells += len(row)
    book.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = build_document(random.Random(20230101), 0, args.projects, 12)
        book = export_workbook(doc, folder / "workspace.xlsx")
        cells = bare_pass(book)
        result = import_file(book)
        assert result.doc == doc, "the import must give back the exported document"
        print(f"workbook: {book.stat().st_size / 1e6:.1f} MB, {len(result.doc.projects)} projects, "
              f"{result.indicator_count} indicators, {cells} cells")
        out = folder / "back.toml"

        def full() -> None:
            store.save_as(import_file(book).doc, out, overwrite=True)

        # The three are timed in turn, round after round (not each N times in a row), so a
        # burst of other work on the machine falls on all of them alike.
        floor = ours = written = float("inf")
        for _ in range(args.repeat):
            floor = min(floor, best_of(1, lambda: bare_pass(book)))
            ours = min(ours, best_of(1, lambda: import_file(book)))
            written = min(written, best_of(1, full))
        print(f"{'':44} {'ours':>9} {'floor':>9} {'ratio':>7}")
        print(f"{'import to a Document (--dry-run)':44} {ours * 1000:8.0f}ms {floor * 1000:8.0f}ms {ours / floor:6.2f}×  (goal ≤ 1.5×)")
        print(f"{'import and write the data file':44} {written * 1000:8.0f}ms {floor * 1000:8.0f}ms {written / floor:6.2f}×")


if __name__ == "__main__":
    main()
