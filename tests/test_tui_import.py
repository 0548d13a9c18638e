"""``perftui 文件.docx`` (or .xlsx): the file is imported in memory and opened as an unsaved
new document; ctrl+s asks where to save the .toml (beside the source by default), and the
source itself is never written."""

from __future__ import annotations

import tui_support
from importkit import SAMPLE, build_sample_docx, build_xlsx
from textual.widgets import Input
from tui_support import settle, title_bar

from perftui.commands import app as app_command
from perftui.tui.app import PerftuiApp
from perftui.tui.screens.modals import PromptModal

isolated = tui_support.isolated


async def test_a_docx_opens_as_an_unsaved_document_and_saves_beside_its_source(isolated, tmp_path):
    source = build_sample_docx(tmp_path / "2023年绩效文本.docx")
    before = source.read_bytes()
    result = app_command.import_in_memory(source)
    assert result is not None and result.form == "绩效文本"
    app = PerftuiApp([], imported=[(source, result)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        state = app.state
        assert state.sample and state.origin == source and state.path is None
        assert "由 2023年绩效文本.docx 导入（尚未保存到文件，ctrl+s 另存为）" in title_bar(app)
        assert len(state.doc.projects) == 7
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        box = app.screen.query_one(Input)
        assert box.value == str(source.with_suffix(".toml"))
        await pilot.press("enter")
        await settle(pilot, app)
        target = source.with_suffix(".toml")
        assert target.read_bytes() == SAMPLE.read_bytes()
        assert not app.state.sample and app.state.origin is None and app.state.path == target
        assert str(target.name) in title_bar(app)
    assert source.read_bytes() == before


async def test_a_workbooks_export_never_replaces_the_workbook_it_came_from(isolated, tmp_path):
    source = build_xlsx("04-hunan-xiangtan-2023-shenbao", tmp_path / "湖南.xlsx")
    before = source.read_bytes()
    app = PerftuiApp([], imported=[(source, app_command.import_in_memory(source))])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+o")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.exported is not None:
                break
        assert app.exported == tmp_path / "湖南-perftui.xlsx"
    assert source.read_bytes() == before


def test_the_command_line_opens_an_import_and_refuses_what_cannot_be(tmp_path, capsys, monkeypatch):
    opened = {}

    class Recorder:
        def __init__(self, paths, **kw):
            opened.update(paths=paths, **kw)

        def run(self):
            return 0

    import perftui.tui.app as tui_app

    monkeypatch.setattr(tui_app, "PerftuiApp", Recorder)
    source = build_sample_docx(tmp_path / "文本.docx")
    assert app_command.main([str(source)]) == 0
    assert opened["paths"] == [] and opened["imported"][0][0] == source
    pdf = tmp_path / "文本.xlsx"
    pdf.write_bytes(b"%PDF-1.5")
    assert app_command.main([str(pdf)]) == 2
    assert "这是PDF 文件" in capsys.readouterr().err
