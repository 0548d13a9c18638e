"""XDG base directories for the user's own files."""

from __future__ import annotations

from pathlib import Path

from perftui import paths
from perftui.checks import user_config_path


def test_directories_follow_xdg_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert paths.config_dir() == tmp_path / "cfg" / "perftui"
    assert paths.state_dir() == tmp_path / "state" / "perftui"
    assert user_config_path() == tmp_path / "cfg" / "perftui" / "config.toml"


def test_unset_empty_or_relative_variables_fall_back_to_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    assert paths.config_dir() == Path(tmp_path) / ".config" / "perftui"
    assert paths.state_dir() == Path(tmp_path) / ".local" / "state" / "perftui"
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert paths.config_dir() == Path(tmp_path) / ".config" / "perftui"
