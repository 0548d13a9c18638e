"""Table columns that share the terminal's width by their content.

Each column says the width it needs at least, the width its longest cell wants, and how
much it matters. Columns that do not fit even at their minimum are left out, least
important first (the key columns never are); what is left over goes to the columns whose
text is still cut, most important first, so a name is shown whole whenever it fits. A column
no row fills (``blank``) takes room only where every filled column is shown whole beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

PAD = 2  # a DataTable cell's padding (one cell either side)
SCROLLBAR = 2  # room kept for the table's vertical scrollbar


@dataclass
class Col:
    key: str
    label: str
    min: int  # narrowest useful width (cells, without padding)
    want: int = 0  # the longest cell (set by measure); 0: ``min``
    rank: int = 5  # 0 = always shown; higher = left out sooner, grown later
    max: int = 80  # never wider than this
    blank: bool = False  # no row has anything in it: shown only where it costs nothing (see fit)

    def measure(self, cells: Iterable[str | Text]) -> Col:
        longest = cell_len(self.label)
        for c in cells:
            longest = max(longest, cell_len(c.plain if isinstance(c, Text) else c))
        self.want = min(max(longest, self.min), self.max)
        return self


FAIR = 24  # first round: no column grows past this while another is still cut below it


def _allot(shown: list[Col], room: int) -> dict[str, int]:
    """Minimum widths, then the spare room to the columns still cut, most important first:
    a first round up to ``FAIR`` cells each, then the rest (so one long name does not
    take the room of every other column)."""
    widths = {c.key: c.min for c in shown}
    spare = room - sum(c.min + PAD for c in shown)
    for cap in (FAIR, None):
        for c in sorted(shown, key=lambda c: c.rank):
            if spare <= 0:
                return widths
            goal = c.want or c.min
            if cap is not None:
                goal = min(goal, max(cap, c.min))
            extra = min(max(goal - widths[c.key], 0), spare)
            widths[c.key] += extra
            spare -= extra
    return widths


def fit(columns: list[Col], width: int, *, scrollbar: bool = True, rest: bool = False,
        whole: int | None = None) -> dict[str, int]:
    """Widths of the columns shown in ``width`` cells (a column left out has no entry).

    Blank columns (``Col.blank``, never a key column) come in last, each only if every column
    with something in it that is shown is then still whole and no such column is left out:
    an empty 三级（中期） never cuts a 二级 that has words in it (with ``rest`` they are columns
    like the others).

    ``whole``: a key column (rank 0) still cut is made whole by leaving out columns of this
    rank and above (least important first) when that is enough: a project's name matters more
    than its spending plan. ``rest``: the columns that do not fit follow at their full
    width, off to the right (reached by scrolling), after those that fit."""
    blank = [c for c in columns if c.blank and c.rank > 0]
    if blank and not rest:
        filled = [c for c in columns if not any(c is b for b in blank)]
        widths = _fit(filled, width, scrollbar, whole)
        for c in sorted(blank, key=lambda c: c.rank):
            if len(widths) < len(filled) or any(widths[k.key] < k.want for k in filled):
                break  # a filled column is cut or left out: no room to give away
            trial = [k for k in columns if k.key in widths or k is c]
            tried = _fit(trial, width, scrollbar, whole)
            if c.key in tried and all(tried.get(k.key, -1) >= k.want for k in filled):
                widths = tried
        return {c.key: widths[c.key] for c in columns if c.key in widths}
    return _fit(columns, width, scrollbar, whole, rest)


def _fit(columns: list[Col], width: int, scrollbar: bool, whole: int | None, rest: bool = False) -> dict[str, int]:
    room = width - (SCROLLBAR if scrollbar else 0)
    shown = list(columns)

    def need(cols: list[Col]) -> int:
        return sum(c.min + PAD for c in cols)

    def worst(cols: list[Col], floor: int) -> Col | None:
        droppable = [c for c in cols if c.rank > 0 and c.rank >= floor]
        return max(droppable, key=lambda c: (c.rank, cols.index(c))) if droppable else None

    while need(shown) > room:
        gone = worst(shown, 1)
        if gone is None:
            break
        shown.remove(gone)
    widths = _allot(shown, room)
    trial = list(shown)
    while whole is not None and any(widths[c.key] < c.want for c in shown if c.rank == 0):
        gone = worst(trial, whole)
        if gone is None:
            break
        trial.remove(gone)
        tried = _allot(trial, room)
        if all(tried[c.key] >= c.want for c in trial if c.rank == 0):
            shown, widths = trial, tried
            break
    out = {c.key: widths[c.key] for c in columns if c.key in widths}
    if rest and len(out) < len(columns):
        # Room left over goes to the last column shown: the first column off to the right then
        # starts exactly at the edge, instead of a sliver of it (one digit of an amount) showing.
        left = room - sum(w + PAD for w in out.values())
        if left > 0 and out:
            out[next(reversed(out))] += left
        out.update({c.key: max(c.want, c.min) for c in columns if c.key not in out})
    return out
