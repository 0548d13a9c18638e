"""Bundled files are found, and read-only paths never import tomlkit."""

from __future__ import annotations

import subprocess
import sys

from perftui import resources, store


def test_sample_is_a_loadable_data_file():
    path = resources.sample_path()
    assert path.suffix == ".toml" and path.parent == resources.bundled_data_dir()
    loaded = store.load(path)
    assert loaded.doc.projects


def test_bundled_themes_folder_exists():
    assert resources.bundled_themes_dir().is_dir()


def test_loading_does_not_import_tomlkit():
    code = (
        "import sys\n"
        "from perftui import resources, store\n"
        "store.load_many(store.discover(resources.bundled_data_dir()))\n"
        "print('tomlkit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
