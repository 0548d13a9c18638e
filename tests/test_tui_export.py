"""The app's export key (ctrl+o) keeps every safety of ``perftui export``: it takes the same
path (perftui.export.tofile), shows the Chinese result as a notice and keeps running."""

from __future__ import annotations

import os
import zipfile

import tui_support
from exportkit import fill_disk, run_cli, tiny_disk
from tui_support import make_app, settle

from perftui.export import xlsx

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def notices(app, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


async def press_export(app) -> None:
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        assert app.is_running and app.return_code is None  # the app keeps running
        await pilot.press("f4")  # and still answers keys
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "ProjectsScreen"


def previous_export(data) -> bytes:
    assert run_cli(["export", str(data)]) == 0
    return data.with_suffix(".xlsx").read_bytes()


async def test_a_workbook_open_in_excel_is_not_overwritten(sample_copy):
    out = sample_copy.with_suffix(".xlsx")
    before = previous_export(sample_copy)
    (sample_copy.parent / f"~${out.name}").write_bytes(b"owner")
    app = make_app(sample_copy)
    await press_export(app)
    assert out.read_bytes() == before
    assert any("正在 Excel 或 WPS 中打开" in m for m in notices(app, "error"))
    assert app.exported is None


async def test_a_text_longer_than_a_cell_is_refused_not_cut(sample_copy):
    text = sample_copy.read_text(encoding="utf-8")
    old = 'description = "城市社区综合服务设施数量"'
    assert old in text
    text = text.replace(old, f'description = "{"长" * 40000}"', 1)
    sample_copy.write_text(text, encoding="utf-8")
    line = text[: text.index("长" * 10)].count("\n") + 1
    app = make_app(sample_copy)
    await press_export(app)
    assert not sample_copy.with_suffix(".xlsx").exists()
    [message] = [m for m in notices(app, "error") if "32767" in m]
    assert f"第 {line} 行 projects[1].indicators[1].description" in message and "40000" in message


async def test_a_disk_failing_part_way_keeps_the_previous_workbook(sample_copy, monkeypatch):
    out = sample_copy.with_suffix(".xlsx")
    before = previous_export(sample_copy)
    real_open = open

    class HalfWritten:
        def __init__(self, path, mode):
            self.file = real_open(path, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(bytes(data[:16384]))
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "open", HalfWritten, raising=False)
    app = make_app(sample_copy)
    await press_export(app)
    assert out.read_bytes() == before
    assert any("磁盘空间不足" in m and "原有的工作簿未改动" in m for m in notices(app, "error"))
    assert not any("No space" in m for m in notices(app))
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == sorted([sample_copy.name, out.name])


async def test_a_data_file_named_xlsx_is_not_replaced(isolated):
    data = isolated / "work" / "data.xlsx"
    data.parent.mkdir()
    data.write_bytes(tui_support.SAMPLE.read_bytes())
    app = make_app(data)
    await press_export(app)
    assert data.read_bytes() == tui_support.SAMPLE.read_bytes()
    assert any("不能用工作簿覆盖" in m for m in notices(app, "error"))


async def test_a_real_full_disk_keeps_the_previous_workbook(isolated):
    with tiny_disk(isolated / "disk") as disk:
        data = disk / "439001-2023.toml"
        data.write_bytes(tui_support.SAMPLE.read_bytes())
        out = data.with_suffix(".xlsx")
        before = previous_export(data)
        fill_disk(disk, leave=2048)
        app = make_app(data)
        await press_export(app)
        assert out.read_bytes() == before and zipfile.is_zipfile(out)
        assert any("磁盘空间不足" in m for m in notices(app, "error"))
        assert sorted(os.listdir(disk)) == sorted([data.name, out.name, "filler"])
