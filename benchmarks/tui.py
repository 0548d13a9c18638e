"""TUI speed: time to first screen and keystroke-to-finding latency, against floors measured here.

    python benchmarks/tui.py [--runs N]

Prints, in one run:
- the floor: a bare Textual app showing an empty DataTable, started and painted headless;
- time to first screen (the department screen painted) for the bundled sample, for a single
  file of 1,000 projects, and for a folder of 50 files holding 1,000 projects; each as a ratio to
  the floor (goal for the sample: ≤ 1.5×);
- keystroke-to-finding latency in the 1,000-project file: a key in a 指标值 field until the
  field shows (or stops showing) its finding, against the floor of a bare Input echoing a key.
- finding → field at 1,000 projects: Enter on a finding in the F2 list until the project's
  editor is current, the field focused and in view, painted (goal < 100 ms): the first jump of
  new sessions (with the editor the app builds ahead once the first check is shown, and without
  it, as a jump to a project of another layout still is), with the longest time the app could
  not take a key while it built that editor; then the median of a working session's jumps;
- project table opened (F4) at 1,000 projects, until painted: built, opened again (the table
  kept from its last opening), and shown again from a project's editor after one edit there;
  the findings list (F2) and the review list (F5) opened;
- footer update after a focus change: focus moved from the indicator table to a field until
  the footer shows that field's keys, painted;
each against the floor of a bare Input echoing a key.
All timings are best-of-N (first screen) or median/max (keys), measured the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "439001-2023.toml"


class FloorScreen(Screen):
    """The floor's screen: nothing but an empty DataTable."""

    first_paint: float | None = None

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        # Recorded exactly as perftui's DepartmentScreen records its first paint.
        self.call_after_refresh(lambda: setattr(self, "first_paint", time.perf_counter()))


class FloorTable(App):
    """The floor for a first screen: a bare app that pushes a screen with an empty DataTable
    (perftui also pushes its first screen from on_mount)."""

    def on_mount(self) -> None:
        self.push_screen(FloorScreen())


class FloorInput(App):
    """The floor for a keystroke: an Input that echoes the key."""

    def compose(self) -> ComposeResult:
        yield Input("≥25个")


async def _painted(app: App) -> None:
    """Wait for the next refresh of the current screen (a paint has happened)."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


async def first_screen(make_app, ready) -> float:
    """Seconds from creating the app to its first screen painted.

    ``ready(app)`` returns the perf_counter() time the screen recorded after its first
    refresh (both apps record it the same way: ``call_after_refresh`` from ``on_mount``), or
    None while it is not there yet.
    """
    started = time.perf_counter()
    app = make_app()
    async with app.run_test(size=(80, 24)):
        while (at := ready(app)) is None:
            await asyncio.sleep(0.001)
        elapsed = at - started
        await app.workers.wait_for_complete()
    return elapsed


def best_of(runs: int, make_app, ready) -> float:
    return min(asyncio.run(first_screen(make_app, ready)) for _ in range(runs))


def _perftui_ready(app) -> float | None:
    """First screen: the department screen painted (title, unit and totals line)."""
    from perftui.tui.screens.department import DepartmentScreen

    screen = app.screen
    return screen.first_paint if isinstance(screen, DepartmentScreen) else None


def _perftui_form_ready(app) -> float | None:
    """Ready to type: the whole editing form of the department screen is mounted and painted."""
    return time.perf_counter() if _perftui_ready(app) and app.screen.built else None


def _send_key(app: App, key: str, char: str | None) -> None:
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _until(condition, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not change")
        await asyncio.sleep(0)


async def key_latency_floor(keys: int) -> list[float]:
    app = FloorInput()
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.query_one(Input)
        box.focus()
        box.action_end()
        await pilot.pause()
        for i in range(keys):
            key, char, want = ("ctrl+u", None, "") if i % 2 == 0 else ("9", "9", "9")
            started = time.perf_counter()
            _send_key(app, key, char)
            await _until(lambda w=want: box.value == w)
            await _painted(app)
            times.append(time.perf_counter() - started)
    return times


async def key_latency_perftui(path: Path, keys: int) -> tuple[list[float], int]:
    from perftui.tui.app import PerftuiApp
    from perftui.tui.screens.editor import ProjectEditorScreen

    app = PerftuiApp([path])
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the first full check
        middle = len(app.state.doc.projects) // 2
        app.open_project(app.state.doc.projects[middle])
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ProjectEditorScreen)
        box = editor.query_one("#i-value", Input)
        box.focus()
        box.action_end()
        await pilot.pause()
        for i in range(keys):
            # ctrl+u empties the value (an error appears), "9" makes it a number (it goes away).
            key, char, flagged = ("ctrl+u", None, True) if i % 2 == 0 else ("9", "9", False)
            started = time.perf_counter()
            _send_key(app, key, char)
            await _until(lambda f=flagged: box.has_class("-error") == f)
            await _painted(app)
            times.append(time.perf_counter() - started)
    return times, len(app.state.doc.projects)


def _far_finding(screen, n: int, r: int) -> int:
    """A finding about an indicator of a project far down the file, in the F2 list."""
    return next(j for j, f in enumerate(screen.items)
                if f.project_index is not None and f.indicator_index is not None and f.project_index > n // 2 + r)


async def _jump(app, screen, row: int) -> float:
    """Enter on the list's ``row`` until a painted frame shows the editor of its project, the
    field focused and inside the visible part of the form (each check after a paint, on that
    paint's layout)."""
    from perftui.tui.screens.editor import ProjectEditorScreen

    screen.query_one("#all-findings").move_cursor(row=row)
    target = screen.items[row]
    await _painted(app)
    started = time.perf_counter()
    screen.action_jump()

    def landed() -> bool:
        ed = app.screen
        if not (isinstance(ed, ProjectEditorScreen) and ed.is_mounted and ed.focused is not None
                and (ed.focused.id or "").startswith("i-") and ed.ii == target.indicator_index):
            return False
        return ed.query_one("#editor-form").region.contains_region(ed.focused.region)

    deadline = started + 10
    await _painted(app)
    while not landed():
        if time.perf_counter() > deadline:
            raise TimeoutError("the field was not shown")
        await _painted(app)
    return time.perf_counter() - started


async def first_jump(path: Path, *, ahead: bool) -> tuple[float, float]:
    """A new session's first finding -> field (F2, Enter once the first check is shown), with
    the editor built ahead (``ahead``) or built by the jump; and the longest time the app could
    not take a key while it built one ahead (0 without)."""
    from perftui.tui.app import PerftuiApp
    from perftui.tui.screens.info import FindingsScreen

    app = PerftuiApp([path])
    began: list[float] = []
    build = app.build_editor_ahead

    def build_ahead() -> None:
        began.append(time.perf_counter())
        build()

    app.build_editor_ahead = build_ahead if ahead else (lambda: None)  # without: as before it was built ahead
    async with app.run_test(size=(120, 40)) as pilot:
        # The event loop's turns (a key waits for the turn it arrives in) until the editor is
        # built ahead.
        turns: list[tuple[float, float]] = []
        last = time.perf_counter()
        deadline = last + 10
        while ahead and time.perf_counter() < deadline and not any(e.suspended for e in app._editors):
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            turns.append((last, now))
            last = now
        if ahead and not (began and app._editors):
            raise TimeoutError("no editor was built ahead")
        await app.workers.wait_for_complete()
        stall = max((b - a - 0.002 for a, b in turns if began and b > began[0]), default=0.0)
        await pilot.pause()
        n = len(app.state.doc.projects)
        app.action_findings()
        await _until(lambda: isinstance(app.screen, FindingsScreen) and app.screen.is_mounted)
        await pilot.pause(0.3)  # the clerk finds the row: the list is done by then
        screen = app.screen
        took = await _jump(app, screen, _far_finding(screen, n, 0))
    return took, stall


async def workbench_latencies(path: Path, runs: int) -> dict[str, list[float]]:
    """finding → field, project table open and footer update, each ``runs`` times."""
    from perftui.tui.app import PerftuiApp
    from perftui.tui.screens.department import DepartmentScreen
    from perftui.tui.screens.editor import IndicatorTable, ProjectEditorScreen
    from perftui.tui.screens.info import FindingsScreen
    from perftui.tui.screens.projects import ProjectsScreen
    from perftui.tui.screens.review import ReviewScreen
    from perftui.tui.widgets.keybar import KeyBar

    app = PerftuiApp([path])
    out: dict[str, list[float]] = {"jump": [], "table": [], "table_again": [], "table_back": [], "findings": [],
                                   "review": [], "footer": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await _until(lambda: any(e.suspended for e in app._editors))  # the editor built ahead
        n = len(app.state.doc.projects)
        for r in range(runs):
            # Project table (F4) from the department screen: built (the kept one let go first),
            # then, after Esc, opened again (the kept one, nothing changed meanwhile).
            getattr(app, "_drop_kept_table", lambda: None)()  # (a version of the app without it builds anew)
            for key in ("table", "table_again"):
                if key == "table_again":
                    app.pop_screen()
                    await pilot.pause()
                started = time.perf_counter()
                app.screen.action_open_projects()
                await _until(lambda: isinstance(app.screen, ProjectsScreen) and app.screen.is_mounted)
                await _painted(app)
                out[key].append(time.perf_counter() - started)
            # Back to the table from a project's editor after one edit there, until painted.
            table_screen = app.screen
            pi = (r * 97) % n
            app.open_project(app.state.doc.projects[pi])
            await _until(lambda: isinstance(app.screen, ProjectEditorScreen) and app.screen.is_mounted)
            await pilot.pause()
            app.edit(lambda st, pi=pi, r=r: st.set(("projects", pi, "name"), f"改过的名称{r}"))
            await pilot.pause()
            started = time.perf_counter()
            app.pop_screen()
            await _until(lambda ts=table_screen: app.screen is ts)
            await _painted(app)
            out["table_back"].append(time.perf_counter() - started)
            # The review list (F5), until painted, and back.
            started = time.perf_counter()
            app.action_review()
            await _until(lambda: isinstance(app.screen, ReviewScreen) and app.screen.is_mounted)
            await _painted(app)
            out["review"].append(time.perf_counter() - started)
            app.pop_screen()
            await pilot.pause()
            # finding → field: a finding in a project far down the file (the list's opening, F2,
            # until painted, timed on the way).
            started = time.perf_counter()
            app.action_findings()
            await _until(lambda: isinstance(app.screen, FindingsScreen) and app.screen.is_mounted)
            await _painted(app)
            out["findings"].append(time.perf_counter() - started)
            await pilot.pause()
            screen = app.screen
            out["jump"].append(await _jump(app, screen, _far_finding(screen, n, r)))
            # Footer: from the table to a field and back.
            editor = app.screen
            bar = editor.query_one(KeyBar)
            table = editor.query_one(IndicatorTable)
            table.focus()
            await pilot.pause()
            started = time.perf_counter()
            editor.query_one("#i-name").focus()
            await _until(lambda bar=bar: all(label != "编辑" for _, label in bar.shown()))
            await _painted(app)
            out["footer"].append(time.perf_counter() - started)
            while not isinstance(app.screen, DepartmentScreen):
                app.pop_screen()
            await pilot.pause()
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="perftui TUI benchmark")
    parser.add_argument("--runs", type=int, default=5, help="first-screen runs per case (best of)")
    parser.add_argument("--keys", type=int, default=40, help="keystrokes for the latency figures")
    args = parser.parse_args(argv)

    from workspace import build_workspace

    from perftui.tui.app import PerftuiApp

    with tempfile.TemporaryDirectory() as tmp:
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(Path(tmp) / name)
        single = build_workspace(Path(tmp) / "single", files=1, projects=1000)[0]
        folder = Path(tmp) / "folder"
        folder_files = build_workspace(folder, files=50, projects=1000)

        floor = best_of(args.runs, FloorTable, lambda app: getattr(app.screen, "first_paint", None))
        sample = best_of(args.runs, lambda: PerftuiApp([SAMPLE]), _perftui_ready)
        sample_form = best_of(args.runs, lambda: PerftuiApp([SAMPLE]), _perftui_form_ready)
        big = best_of(args.runs, lambda: PerftuiApp([single]), _perftui_ready)
        big_form = best_of(args.runs, lambda: PerftuiApp([single]), _perftui_form_ready)
        many = best_of(args.runs, lambda: PerftuiApp(folder_files, folder=folder), _perftui_ready)

        print(f"time to first screen (best of {args.runs}, 80x24, headless)")
        print(f"  floor: bare app with an empty DataTable  {_ms(floor)}")
        print(f"  sample ({SAMPLE.name})            {_ms(sample)}  {sample / floor:5.2f}x  (goal <= 1.50x)")
        print(f"  sample, whole form ready to type       {_ms(sample_form)}  {sample_form / floor:5.2f}x")
        print(f"  1,000 projects in one file             {_ms(big)}  {big / floor:5.2f}x")
        print(f"  1,000 projects, whole form ready       {_ms(big_form)}  {big_form / floor:5.2f}x")
        print(f"  1,000 projects in 50 files (folder)    {_ms(many)}  {many / floor:5.2f}x")

        floor_keys = asyncio.run(key_latency_floor(args.keys))
        keys, n = asyncio.run(key_latency_perftui(single, args.keys))
        med_floor, med = statistics.median(floor_keys), statistics.median(keys)
        print(f"keystroke to finding shown ({args.keys} keys, {n} projects, field 指标值)")
        print(f"  floor: bare Input echoing a key        median {_ms(med_floor)}  max {_ms(max(floor_keys))}")
        print(f"  perftui: key -> field marked/cleared   median {_ms(med)}  max {_ms(max(keys))}"
              f"  {med / med_floor:5.2f}x")

        firsts = [asyncio.run(first_jump(single, ahead=True)) for _ in range(args.runs)]
        built = [asyncio.run(first_jump(single, ahead=False))[0] for _ in range(args.runs)]
        jumps, stalls = [t for t, _ in firsts], [g for _, g in firsts]
        print(f"first finding -> field of a session ({args.runs} new sessions each, {n} projects, 120x40)")
        print(f"  editor built ahead after the first check  median {_ms(statistics.median(jumps))}"
              f"  range {_ms(min(jumps))} - {_ms(max(jumps))}  (goal < 100 ms)")
        print(f"  built by the jump (none built ahead)     median {_ms(statistics.median(built))}"
              f"  range {_ms(min(built))} - {_ms(max(built))}")
        print(f"  longest wait for a key while it is built ahead  median {_ms(statistics.median(stalls))}"
              f"  max {_ms(max(stalls))}")

        bench = asyncio.run(workbench_latencies(single, args.runs))
        print(f"workbench at {n} projects (median of {args.runs}, 120x40; floor = the bare Input above)")
        for key, label in (("jump", "finding -> field (goal < 100 ms)  "), ("table", "project table open (F4)         "),
                           ("table_again", "project table opened again (kept)"),
                           ("table_back", "project table back from an edit  "),
                           ("findings", "findings list open (F2)         "), ("review", "review list open (F5)           "),
                           ("footer", "footer after a focus change     ")):
            med_b = statistics.median(bench[key])
            print(f"  {label}  median {_ms(med_b)}  max {_ms(max(bench[key]))}  {med_b / med_floor:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
