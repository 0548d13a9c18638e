"""Which official form a source follows, judged by the labels printed in it.

Each profile's vocabulary (perftui.importers.vocab) is matched against the short texts of
the source (cells and paragraphs); a label found counts 1 / (the number of forms that
print it), so words every form prints (一级指标, 项目名称) weigh little and a form's own
words (预算规模及资金用途, 指标性质, 部门职能) decide. The best score wins when it leads the
next by a clear margin; otherwise the form is ambiguous and ``--form`` must say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from perftui.forms import PROFILES
from perftui.importers.grids import Grid, Paragraph, Source
from perftui.importers.vocab import all_vocabularies, bare_key, label_key

# A label is a short text; longer cells are content.
MAX_LABEL = 40
# The winner must score at least this much, and this many times the runner-up.
MIN_SCORE = 1.5
MARGIN = 1.25
# Texts looked at: enough for any form's labels (they repeat in every table), bounded on
# a 1,000-sheet workbook.
MAX_TEXTS = 5000
MAX_GRIDS = 40


@dataclass(frozen=True, slots=True)
class Recognised:
    form: str | None  # the profile key, or None when unknown or ambiguous
    scores: tuple[tuple[str, float], ...]  # (profile, score), best first
    found: tuple[str, ...] = ()  # the winner's labels that were found

    @property
    def ambiguous(self) -> bool:
        return self.form is None and bool(self.scores) and self.scores[0][1] >= MIN_SCORE


@cache
def _weights() -> dict[str, dict[str, float]]:
    """profile -> label key -> weight."""
    vocabularies = all_vocabularies()
    counts: dict[str, int] = {}
    for vocab in vocabularies:
        for key in vocab.keys():
            counts[key] = counts.get(key, 0) + 1
    return {v.profile.key: {k: 1 / counts[k] for k in v.keys()} for v in vocabularies}


def texts_of(source: Source) -> set[str]:
    """The distinct label keys of the source's short texts."""
    seen: set[str] = set()
    raw: set[str] = set()
    grids = 0
    for block in source.blocks:
        if isinstance(block, Paragraph):
            if len(block.text) <= MAX_LABEL:
                raw.add(block.text)
            continue
        assert isinstance(block, Grid)
        grids += 1
        if grids > MAX_GRIDS:
            continue
        for row in block.rows:
            for cell in row:
                if cell is not None and cell.text and len(cell.text) <= MAX_LABEL:
                    raw.add(cell.text)
        if len(raw) > MAX_TEXTS:
            break
    for text in raw:
        key = label_key(text)
        seen.add(key)
        seen.add(bare_key(key))
        inline = key.split(":", 1)[0]
        if inline != key:
            seen.add(inline)
    return seen


def recognise(source: Source) -> Recognised:
    keys = texts_of(source)
    scores = []
    found_of: dict[str, tuple[str, ...]] = {}
    for form, weights in _weights().items():
        found = tuple(sorted(k for k in weights if k in keys))
        found_of[form] = found
        scores.append((form, round(sum(weights[k] for k in found), 3)))
    scores.sort(key=lambda fs: (-fs[1], list(PROFILES).index(fs[0])))
    best, best_score = scores[0]
    runner = scores[1][1] if len(scores) > 1 else 0.0
    clear = best_score >= MIN_SCORE and best_score >= runner * MARGIN
    return Recognised(best if clear else None, tuple(scores), found_of[best] if clear else ())
