"""Next year's data file from this year's: what ``perftui new --from`` and the app's
新建下一年度 both make.

Budget goals are written in the autumn for the year after, mostly by editing last year's: the
copy keeps the projects, indicators, texts, amounts and the file's own [checks], and leaves the
review of the old round (审核意见, statuses) behind. What then no longer fits the new year is
what the checks report (DATE-001 to DATE-004).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

from perftui.forms import DEFAULT_FORM, get_profile
from perftui.model import Document
from perftui.review.model import Review


def next_year_copy(doc: Document, form: str | None = None) -> Document:
    """A copy of ``doc`` for the year after its own, or for next calendar year when it has none
    (``doc`` is left as it is); ``form``: the copy's form, where it changes (the framework
    follows when the new form lacks it)."""
    out = copy.deepcopy(doc)
    out.review = Review()  # the old round's opinions and statuses are not the new file's
    if form is not None:
        out.form = "" if form == DEFAULT_FORM else form
        profile = get_profile(form)
        if profile is None:
            raise ValueError(f"unknown form {form!r}")
        if out.framework not in profile.frameworks:
            out.framework = profile.frameworks[0]
    if isinstance(out.unit.year, int) and out.unit.year:
        out.unit.year += 1
    else:  # a file without its year: goals are written in the autumn for the year after
        out.unit.year = dt.date.today().year + 1
    return out


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def next_year_path(path: Path, year: int | None) -> Path:
    """Where next year's file goes by default: beside ``path``, its year (the file's year, or
    failing that the last four-digit year in the name) counted on by one
    (``439001-2023.toml`` → ``439001-2024.toml``), else the new year added to the name."""
    stem = path.stem
    found = [m for m in _YEAR.finditer(stem) if year is None or int(m.group(1)) == year]
    if not found:
        added = "下一年度" if year is None else str(year + 1)
        return path.with_name(f"{stem}-{added}{path.suffix or '.toml'}")
    m = found[-1]
    new = f"{stem[: m.start(1)]}{int(m.group(1)) + 1}{stem[m.end(1):]}"
    return path.with_name(f"{new}{path.suffix or '.toml'}")
