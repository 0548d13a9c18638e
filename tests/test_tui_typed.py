"""What a clerk types into the app is saved exactly as its reading shows, or refused."""

from __future__ import annotations

import asyncio
import shutil
from decimal import Decimal

import pytest
import tui_support
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input
from tui_support import make_app, open_editor, settle, type_into

from perftui import store
from perftui.kinds import AMOUNT, PERCENT
from perftui.tui.amounts import AMOUNT_WAN
from perftui.tui.screens.editor import ProjectEditorScreen
from perftui.tui.screens.projects import ProjectsScreen

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def _shown(screen, widget_id: str) -> str:
    widget = screen.query_one(f"#{widget_id}")
    return str(widget.render()) if widget.display else ""


async def test_77_wan_is_saved_as_770000(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await type_into(pilot, editor, "p-fiscal", "77万")
        assert "财政资金 = 770,000.00 元" in _shown(editor, "amount-reading")
        assert editor.project.fiscal == Decimal("770000.00")
        await type_into(pilot, editor, "p-budget", "77.5万元")
        assert "预算数 = 775,000.00 元" in _shown(editor, "amount-reading")
        # Leaving the field shows the value as it will be saved.
        editor.query_one("#p-use").focus()
        await pilot.pause()
        assert editor.query_one("#p-fiscal", Input).value == "770000.00"
        assert editor.query_one("#p-budget", Input).value == "775000.00"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    text = sample_copy.read_text(encoding="utf-8")
    assert "fiscal = 770000.00" in text and "budget = 775000.00" in text
    p = store.load(sample_copy).doc.projects[0]
    assert (p.budget, p.fiscal) == (Decimal("775000.00"), Decimal("770000.00"))


async def test_refused_amount_blocks_saving_until_corrected_or_reverted(sample_copy):
    before = sample_copy.read_bytes()
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        old = editor.project.fiscal
        await type_into(pilot, editor, "p-fiscal", "77x")
        box = editor.query_one("#p-fiscal", Input)
        assert box.has_class("-invalid") and box.value == "77x"
        assert "不是金额" in _shown(editor, "amount-reading")
        assert "1 处输入无效" in app.title
        # The document keeps the value from before the field was typed into (not "77").
        assert editor.project.fiscal == old and not app.state.dirty
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert sample_copy.read_bytes() == before  # refused, not saved with a stale value
        await pilot.press("escape")  # Esc in a refused field puts the saved value back
        assert box.value == "770000.00" and app.screen is editor
        assert not box.has_class("-invalid") and "输入无效" not in app.title
        await type_into(pilot, editor, "p-fiscal", "12,345")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert "fiscal = 12345.00" in sample_copy.read_text(encoding="utf-8")


async def test_refused_text_survives_leaving_the_project(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await type_into(pilot, editor, "p-budget", "一百万")
        editor.query_one("#indicators").focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("enter")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ProjectEditorScreen)
        box = again.query_one("#p-budget", Input)
        assert box.value == "一百万" and box.has_class("-invalid")
        assert "输入无效" in app.title


async def test_year_typed_with_a_stray_character_is_refused(sample_copy):
    before = sample_copy.read_bytes()
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        dept = app.screen
        await type_into(pilot, dept, "unit-year", "20测23")
        assert dept.query_one("#unit-year", Input).has_class("-invalid")
        assert "年度应是四位数字" in _shown(dept, "unit-reading")
        assert app.state.doc.unit.year == 2023 and "输入无效" in app.title
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert sample_copy.read_bytes() == before
        await pilot.press("escape")  # back to the saved year
        assert dept.query_one("#unit-year", Input).value == "2023"
        assert "输入无效" not in app.title


async def test_odd_numbers_never_crash_and_never_save(sample_copy):
    before = sample_copy.read_bytes()
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await type_into(pilot, editor, "p-budget", "9" * 27)
        assert "过大" in _shown(editor, "amount-reading")
        for month, text in zip((3, 6, 10, 12), ("nan", "snan", "1e1000000", "1e999999"), strict=True):
            await type_into(pilot, editor, f"p-plan-{month}", text)
            assert editor.query_one(f"#p-plan-{month}", Input).has_class("-invalid")
        await settle(pilot, app)  # the live checker is untouched by refused text
        assert "5 处输入无效" in app.title
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.is_running
    assert sample_copy.read_bytes() == before


async def test_quit_with_only_a_refused_entry_still_asks(sample_copy):
    from perftui.tui.screens.modals import ChoiceModal

    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        editor = await open_editor(pilot, app)
        await type_into(pilot, editor, "p-other", "abc")
        assert not app.state.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert "输入无效" in str(app.screen.query_one(".dialog-body").render())


# --- property: any text typed into any field -------------------------------------------------

_FIELDS = {
    "p-budget": (AMOUNT, "budget"), "p-fiscal": (AMOUNT, "fiscal"), "p-other": (AMOUNT, "other"),
    "p-plan-3": (PERCENT, 3), "p-plan-12": (PERCENT, 12),
}
_typed = st.one_of(
    st.from_regex(r"\A[0-9]{1,20}(\.[0-9]{1,3})?(万|万元|亿|元|%)?\Z"),
    st.sampled_from(["77万", "７７００００", "0.3亿", "nan", "snan", "1e1000000", "-0.001", "770,000", "1,5",
                     "100", "130", "33.333", "", "99999999999999999999999999"]),
    st.text(alphabet="0123456789.,万元亿%-e ", max_size=12),
)


def _attack(work, entries, read, on_disk, size=(80, 24)) -> None:
    """Type each (field, text) of ``entries`` and save, in the app on ``work``: after every save
    each field's value on disk (``on_disk(field id)``) is the reading (``read(field id, text)``)
    of what it shows, or the save was refused and the file is as it was."""

    async def session():
        app = make_app(work)
        async with app.run_test(size=size) as pilot:
            editor = await open_editor(pilot, app)
            shown: dict[str, str] = {}
            for wid, text in entries:
                before = work.read_bytes()
                await type_into(pilot, editor, wid, text)
                shown[wid] = editor.query_one(f"#{wid}", Input).value
                await pilot.press("ctrl+s")
                await settle(pilot, app)
                assert app.is_running
                readings = {w: read(w, t) for w, t in shown.items()}
                if any(not r.ok for r in readings.values()):
                    assert app.state.pending_refusals() and work.read_bytes() == before
                    continue
                assert not app.state.pending_refusals()
                for w, reading in readings.items():
                    assert on_disk(w) == reading.value, (w, shown[w], reading)

    asyncio.run(session())


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(st.sampled_from(sorted(_FIELDS)), _typed), min_size=1, max_size=6))
def test_any_typed_value_is_saved_as_read_or_refused(entries, sample_copy, tmp_path_factory):
    """Type, save, look at the file: after every save each field's value on disk is the
    reading of what it shows, or the save was refused and the file is as it was."""
    work = tmp_path_factory.mktemp("typed") / sample_copy.name
    shutil.copy2(sample_copy, work)

    def on_disk(wid):
        saved, key = store.load(work).doc.projects[0], _FIELDS[wid][1]
        return saved.plan.get(key) if isinstance(key, int) else getattr(saved, key)

    _attack(work, entries, lambda wid, text: _FIELDS[wid][0].read(text), on_disk)


# --- a form that prints its amounts in 万元 (101号) ----------------------------------------------

_FENGJIE = "101-fengjie-2023.toml"


@pytest.fixture
def wan_copy(isolated):
    from pathlib import Path

    path = isolated / _FENGJIE
    shutil.copy2(Path(__file__).parent / "data" / "forms" / _FENGJIE, path)
    return path


async def test_a_bare_number_in_a_wan_form_is_wan(wan_copy):
    """In a 万元 form a bare 70 is 70 万元 (700000.00 元 in the file); 650000元 and 77万 keep
    their own unit; full-width digits read as digits. The reading beside the field says what
    was understood wherever the text is not already the kept value."""
    app = make_app(wan_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        assert editor.query_one("#p-budget", Input).value == "65"
        for typed, value in (("70", "700000.00"), ("650000元", "650000.00"), ("77万", "770000.00"),
                             ("７０.５", "705000.00"), ("0.000001", "0.01")):
            await type_into(pilot, editor, "p-budget", typed)
            assert editor.project.budget == Decimal(value), typed
            reading = _shown(editor, editor._reading_of["budget"])
            wan = AMOUNT_WAN.format(Decimal(value))
            if typed == wan:  # written as it will be kept: nothing to add
                assert reading == "", reading
            else:  # the reading says what was understood, in 万元 and in 元
                assert f"= {wan} 万元 = " in reading and " 元" in reading, (typed, reading)
        await type_into(pilot, editor, "p-budget", "0.0000001")  # a tenth of a cent: refused, not rounded
        assert editor.query_one("#p-budget", Input).has_class("-invalid")
        # A refused entry takes back the typing run in the field: the value it had before.
        assert editor.project.budget == Decimal("650000.00")
        await type_into(pilot, editor, "p-budget", "68.5")
        editor.query_one("#p-fiscal").focus()
        await pilot.pause()
        assert editor.query_one("#p-budget", Input).value == "68.5"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not app.state.dirty
    assert store.load(wan_copy).doc.projects[0].budget == Decimal("685000.00")
    assert "budget = 685000.00" in wan_copy.read_text(encoding="utf-8")


_WAN_FIELDS = {"p-budget": "budget", "p-fiscal": "fiscal", "p-other": "other", "p-long_budget": "long_budget"}


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(st.sampled_from(sorted(_WAN_FIELDS)), _typed), min_size=1, max_size=5))
def test_any_value_typed_in_a_wan_form_is_saved_as_read_or_refused(entries, wan_copy, tmp_path_factory):
    """The 万元 reader under the same attack: on disk, after every save, each field holds the
    reading of what it shows (a bare number in 万元), or the save was refused and nothing changed."""
    work = tmp_path_factory.mktemp("wan") / wan_copy.name
    shutil.copy2(wan_copy, work)
    _attack(work, entries, lambda wid, text: AMOUNT_WAN.read(text),
            lambda wid: getattr(store.load(work).doc.projects[0], _WAN_FIELDS[wid]), size=(120, 40))
