"""What a printed page shows: the words of a PDF with their boxes (``pdftotext -bbox``) and
its text in drawing order (``pdftotext -raw``), for the render tests and scripts/render.py."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        Page(float(w), float(h), [Word(float(a), float(b), float(c), float(d), html.unescape(t))
                                  for a, b, c, d, t in _WORD.findall(body)])
        for w, h, body in _PAGE.findall(out)
    ]  # fmt: skip


def raw_text(pdf: Path) -> str:
    """The text as drawn, cell by cell, with every whitespace and the page numbers removed
    (a paragraph that runs on to the next page is drawn around the footer)."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("\f"):
        lines = [line for line in page.split("\n") if not re.fullmatch(r"\s*(—\s*\d+\s*—|第\s*\d+\s*页，共\s*\d+\s*页)\s*", line)]
        pages.append("".join(lines))
    return re.sub(r"\s+", "", "".join(pages))


def outside(page: Page) -> list[Word]:
    """Words (partly) outside the page."""
    return [w for w in page.words if w.x0 < 0 or w.y0 < 0 or w.x1 > page.width or w.y1 > page.height]


def overlaps(page: Page) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other (text that overflows its cell into the next)."""
    out = []
    words = sorted(page.words, key=lambda w: w.y0)
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.y0 >= a.y1:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            smaller = min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))
            if dx > 1 and dy > 1 and dx * dy > 0.2 * smaller:
                out.append((a, b))
    return out
