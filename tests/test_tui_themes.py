"""Theme files, the remembered theme, the key file and the app command's options."""

from __future__ import annotations

from pathlib import Path

import pytest
import tui_support
from tui_support import REPO, make_app, settle

from perftui.tui import keymap, themes

isolated = tui_support.isolated
sample_copy = tui_support.sample_copy


def test_bundled_themes_load_and_include_high_contrast():
    loaded, problems = themes.load_themes([REPO / "themes"])
    names = {t.name for t in loaded}
    assert problems == []
    assert {"perftui-dark", "perftui-light", "perftui-high-contrast"} <= names
    hc = next(t for t in loaded if t.name == "perftui-high-contrast")
    assert hc.background == "#000000" and hc.foreground == "#FFFFFF"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimary = "#12"\n', "primary"),
        ('primary = "#123456"\n', "name"),
        ('name = "x"\nprimary = "#123456"\ncolour = "red"\n', "colour"),
        ('name = "x"\nprimary = "#123456\n', "bad.toml:2: TOML 语法错误"),  # Chinese, with the line
    ],
)
def test_broken_theme_file_is_reported_with_its_problem(tmp_path, text, expected):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    loaded, problems = themes.load_themes([tmp_path])
    assert loaded == [] and len(problems) == 1
    assert "bad.toml" in problems[0] and expected in problems[0]


async def test_broken_user_theme_gives_one_notice_and_falls_back(sample_copy, isolated):
    folder = isolated / "xdg_config_home" / "perftui" / "themes"
    folder.mkdir(parents=True)
    (folder / "坏主题.toml").write_text('name = "坏"\nprimary = "不是颜色"\n', encoding="utf-8")
    app = make_app(sample_copy, theme="坏")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == themes.DEFAULT_THEME
        notices = [n.message for n in app._notifications if "主题" in n.message]
        assert len(notices) == 1
        assert "坏主题.toml" in notices[0] and "“坏”" in notices[0]


async def test_theme_choice_is_remembered(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert app.theme == themes.DEFAULT_THEME
        app.choose_theme("perftui-high-contrast")
        await pilot.pause()
    assert themes.remembered_theme() == "perftui-high-contrast"
    again = make_app(sample_copy)
    async with again.run_test() as pilot:
        await settle(pilot, again)
        assert again.theme == "perftui-high-contrast"
    forced = make_app(sample_copy, theme="ansi-dark")  # --theme wins over the remembered one
    async with forced.run_test() as pilot:
        await settle(pilot, forced)
        assert forced.theme == "ansi-dark"


async def test_theme_picker_key(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("f3")
        await pilot.pause()
        from perftui.tui.screens.modals import PickModal

        assert isinstance(app.screen, PickModal)
        await pilot.press("escape")


def test_key_file_problems(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"app.save" = "f12"\n"app.nothing" = "x"\n"app.quit" = 3\n', encoding="utf-8")
    mapping, problems = keymap.load_keymap(path)
    assert mapping == {"app.save": "f12"}
    assert len(problems) == 2 and "app.nothing" in problems[0] and "app.quit" in problems[1]
    path.write_text("[keys\n", encoding="utf-8")
    mapping, problems = keymap.load_keymap(path)
    assert mapping == {} and "格式有误" in problems[0]


def test_every_key_id_is_unique_and_documented():
    ids = [k.id for k in keymap.KEYS]
    assert len(ids) == len(set(ids))
    doc = (REPO / "docs" / "keys.md").read_text(encoding="utf-8")
    missing = [i for i in ids if f"`{i}`" not in doc]
    assert missing == []


def test_app_command_help_is_chinese(capsys):
    from perftui.commands import app as command

    with pytest.raises(SystemExit) as exc:
        command.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "只读打开" in out and "界面主题" in out


def test_app_command_opens_data_folder_or_the_sample(tmp_path, monkeypatch):
    from perftui.commands import app as command

    monkeypatch.chdir(tmp_path)
    paths, folder = command.resolve_paths(None)
    assert folder is None and paths[0].name == "439001-2023.toml" and paths[0].is_file()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.toml").write_text("", encoding="utf-8")
    paths, folder = command.resolve_paths(None)
    assert folder == Path("data") and paths == [Path("data") / "x.toml"]
