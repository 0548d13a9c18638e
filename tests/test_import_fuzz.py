"""``perftui import`` on mutated text documents (Hypothesis): the seed document with lines
deleted, duplicated, shuffled and moved, cut short, with control characters, odd numbers and
random bytes put in, written in other encodings.

Whatever the input: exit 0, 1 or 2; never a traceback; never an output file unless the
import succeeded, and then one that loads back as exactly what the importer read and is not
hollow; never a temporary file left; within a generous per-example deadline.
``PERFTUI_FUZZ_EXAMPLES`` sets the number of documents (600 by default, about 30 s here).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from perftui import cli, store
from perftui.importers import decode, import_text

SEED = Path(__file__).resolve().parent / "fixtures" / "seed_wordtext.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")

ODD_NUMBERS = [
    "1e999999", "1e99999999999999999999", "9" * 30, "9" * 4301, "-0.001", "770000.001", "NaN", "snan",
    "inf", "-inf", "0x10", "1_000", "１２３４", "０.５万元", "1,2,3", "1..2", ".", "-", "+", "١٢٣", "⅔",
    "2²", "1e-7", "77万", "0.3亿元", "-770000", "100000000000000000万元", "3月底", "0%", "101%", "99999%",
    "1999年", "2200年", "20测23",
]  # fmt: skip
CONTROLS = [
    "\x00", "\x07", "\x08", "\x1b[2J", "\x1b]2;标题\x07", "\x1b[31m", "\u202e", "\u200b", "\u2028", "\ufeff",
    "\x0b", "\x0c", "\r", "\x85", "\t", "\t\t\t", "[bookmark: _Toc1]", "\ud800",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "big5", "latin-1"]


@st.composite
def documents(draw) -> bytes:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "move", "number", "control", "text"]))
        start = draw(st.integers(0, len(lines) - 1))
        end = min(len(lines), start + draw(st.integers(1, 40)))
        if op == "delete":
            del lines[start:end]
        elif op == "duplicate":
            lines[end:end] = lines[start:end]
        elif op == "shuffle":
            lines[start:end] = draw(st.permutations(lines[start:end]))
        elif op == "move":
            block = lines[start:end]
            del lines[start:end]
            at = draw(st.integers(0, len(lines)))
            lines[at:at] = block
        elif op == "number":
            lines[start] = "\t" + draw(st.sampled_from(ODD_NUMBERS))
        elif op == "control":
            line = lines[start]
            at = draw(st.integers(0, len(line)))
            lines[start] = line[:at] + draw(st.sampled_from(CONTROLS)) + line[at:]
        else:
            lines[start] = draw(st.text(max_size=40))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    return data


def hollow(doc) -> bool:
    overall = doc.overall
    part1 = overall.goal or overall.targets.items or overall.measures.items
    real = [p for p in doc.projects if p.name or p.indicators or {p.budget, p.fiscal, p.other} - {None}]
    return not (part1 or real)


def run_import(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(argv)  # an exception escaping here is the traceback a user would see
    return rc, out.getvalue(), err.getvalue()


@settings(
    max_examples=int(os.environ.get("PERFTUI_FUZZ_EXAMPLES", "600")),
    deadline=5000,  # ms per example: generous for this slow machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_import_of_a_mutated_document(data):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "文本.txt"
        source.write_bytes(data)
        out = Path(folder) / "out.toml"
        rc, stdout, stderr = run_import(["import", str(source), "-o", str(out)])
        event(f"exit {rc}")
        assert rc in (0, 1, 2)
        assert "Traceback" not in stderr
        assert "无法保存为数据文件" not in stderr, stderr  # the importer kept a value the loader refuses
        left = sorted(os.listdir(folder))
        if rc == 0:
            assert left == sorted([source.name, out.name]), left  # no temporary file
            text, _used = decode(data)
            doc = store.load(out).doc
            assert doc == import_text(text, source).doc
            assert stdout.startswith("已导入")
            assert not hollow(doc), "a success has a named, budgeted or measured project, or Part 1"
        else:
            assert left == [source.name], left  # nothing written, not even half
            assert stderr.strip(), "a refusal says why"
