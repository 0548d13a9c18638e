"""Property-style round trips: any document, any user text, survives dumps/load and save."""

from __future__ import annotations

import copy
import random
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store, tomledit
from perftui.model import Document, Indicator, Overall, Project, Section, Unit

ODD = [
    "", " ", "普通文本", '引号"里面"', "'单引号'", "反斜杠\\", "\\n 不是换行", "结尾反斜杠\\",
    "[b]粗体[/b]", "[[projects]]", "[unit]", "# 不是注释", "a = b", "换行\n第二行", "\n开头换行",
    "结尾换行\n", "Windows\r\n换行", "制表\t符", "控制\x00\x01\x1f\x7f字符", "emoji 😀👍🏽", '"""三引号"""',
    "'''", '""', '"', "≥25个", "＝100%", "\u2028行分隔\u2029段分隔", "\ufeffBOM 字符", "全角　空格", "𠀀 扩展区汉字",
    "=SUM(A1:A3)", "{ 3 = 30 }", "x" * 300,
]  # fmt: skip


def odd_text(rng: random.Random) -> str:
    parts = rng.sample(ODD, rng.randrange(1, 4))
    return "".join(parts)


def odd_amount(rng: random.Random) -> Decimal | None:
    choice = rng.randrange(6)
    if choice == 0:
        return None
    if choice == 1:
        return Decimal("0")
    if choice == 2:
        return Decimal(rng.randrange(-10**6, 10**12)) / 100
    if choice == 3:
        return Decimal(rng.randrange(10**9))
    if choice == 4:
        return Decimal("1234.5")  # fewer decimals than a form shows
    return Decimal("7.7E+5")


def odd_doc(rng: random.Random) -> Document:
    projects = []
    for _ in range(rng.randrange(0, 4)):
        plan = {m: Decimal(rng.randrange(0, 1001)) / 10 for m in (3, 6, 10, 12) if rng.random() < 0.7}
        projects.append(
            Project(
                code=odd_text(rng),
                name=odd_text(rng),
                budget=odd_amount(rng),
                fiscal=odd_amount(rng),
                other=odd_amount(rng),
                use=odd_text(rng),
                plan=plan,
                goals=[odd_text(rng) for _ in range(rng.randrange(0, 3))],
                indicators=[Indicator(*(odd_text(rng) for _ in range(6))) for _ in range(rng.randrange(0, 4))],
            )
        )
    checks = {}
    if rng.random() < 0.5:
        checks = {"satisfaction_min": Decimal("85.5"), "off": [odd_text(rng)], odd_text(rng) or "k": {"n": 3, "on": True}}
    return Document(
        unit=Unit(code=odd_text(rng), name=odd_text(rng), year=rng.randrange(2000, 2100)),
        framework=rng.choice(["88号", "101号"]),
        overall=Overall(
            goal=odd_text(rng),
            targets=Section(caption=odd_text(rng), items=[odd_text(rng) for _ in range(rng.randrange(0, 4))]),
            measures=Section(caption=odd_text(rng), items=[odd_text(rng) for _ in range(rng.randrange(0, 3))]),
        ),
        projects=projects,
        checks=checks,
    )


@pytest.mark.parametrize("seed", range(60))
def test_dumps_then_load_gives_the_same_document(seed: int):
    doc = odd_doc(random.Random(seed))
    text = store.dumps(doc)
    tomllib.loads(text)  # valid TOML for any reader
    assert store.parse(text) == doc


def test_every_odd_string_in_every_place_round_trips():
    for text in ODD:
        ind = Indicator(text, text, text, text, text, text)
        doc = Document(
            unit=Unit(code=text, name=text, year=2023),
            overall=Overall(goal=text, targets=Section(text, [text, text]), measures=Section(text, [text])),
            projects=[Project(code=text, name=text, use=text, goals=[text], indicators=[ind])],
        )
        assert store.parse(store.dumps(doc)) == doc, repr(text)


@pytest.mark.parametrize("seed", range(25))
def test_save_of_random_edits_reads_back_as_the_edited_document(tmp_path: Path, seed: int):
    rng = random.Random(1000 + seed)
    path = tmp_path / "unit.toml"
    store.save_as(odd_doc(rng), path)
    loaded = store.load(path)
    for _ in range(3):
        doc = copy.deepcopy(loaded.doc)
        target = odd_doc(rng)
        # A mixture: some parts replaced by random ones, some kept, projects shuffled.
        if rng.random() < 0.5:
            doc.overall = target.overall
        if rng.random() < 0.5:
            doc.unit.name = target.unit.name
        for p in doc.projects:
            if p.indicators and rng.random() < 0.7:
                p.indicators[rng.randrange(len(p.indicators))].value = odd_text(rng)
            if rng.random() < 0.3:
                p.budget = odd_amount(rng)
            if rng.random() < 0.3:
                p.indicators.append(Indicator(*(odd_text(rng) for _ in range(6))))
            if rng.random() < 0.2 and p.indicators:
                del p.indicators[0]
        doc.projects.extend(target.projects[:1])
        rng.shuffle(doc.projects)
        if rng.random() < 0.3:
            doc.checks = target.checks
        # Each way of patching must read back right on its own (save would otherwise fall
        # back to the next one, and finally to a full rewrite).
        baseline = store.parse(loaded.text)
        whole = tomledit.apply(loaded.text, baseline, doc)
        assert store.parse(whole) == doc
        try:
            patched = tomledit.apply_chunked(loaded.text, baseline, doc)
        except tomledit.Unsplittable:
            patched = whole
        assert store.parse(patched) == doc
        loaded = store.save(loaded, doc)
        assert loaded.text == patched and loaded.notice == ""
        assert store.load(path).doc == doc
        assert loaded.text == path.read_text(encoding="utf-8")
