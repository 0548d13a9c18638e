"""Where the bundled sample data and themes are.

In a source checkout (or an editable install) they are the repository's top-level
``data/`` and ``themes/`` folders next to the package; an installed copy carries them as
the packages ``perftui.bundled_data`` and ``perftui.bundled_themes`` (see setup.py).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from perftui.errors import DataError, Problem

_REPO = Path(__file__).resolve().parent.parent


def _bundled(folder: str, package: str) -> Path:
    # A checkout is recognised by its pyproject.toml, so an unrelated "data" folder in
    # site-packages is never taken for ours.
    local = _REPO / folder
    if local.is_dir() and (_REPO / "pyproject.toml").is_file():
        return local
    # find_spec works for regular and namespace packages alike (data/ has no __init__.py).
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return local
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_data_dir() -> Path:
    return _bundled("data", "perftui.bundled_data")


def bundled_themes_dir() -> Path:
    return _bundled("themes", "perftui.bundled_themes")


def sample_path() -> Path:
    """The bundled sample data file (the first ``*.toml`` of the bundled data folder)."""
    folder = bundled_data_dir()
    files = sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    if not files:
        raise DataError([Problem(folder, None, "", "找不到自带的示例数据文件（安装不完整？请重新安装 perftui）")])
    return files[0]


def installed_data_dirs() -> list[Path]:
    """The sample-data folders of an *installed* copy of perftui (inside site-packages).

    A file there is lost on the next reinstall, so the app opens it as a sample and never
    writes it. A source checkout's ``data/`` is not one of them: there it is the user's
    own working copy.
    """
    locations: list[Path] = [Path(__file__).resolve().parent / "bundled_data"]
    try:
        spec = importlib.util.find_spec("perftui.bundled_data")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        locations.extend(Path(p) for p in spec.submodule_search_locations)
    checkout = (_REPO / "data").resolve() if (_REPO / "pyproject.toml").is_file() else None
    found: list[Path] = []
    for loc in locations:
        loc = loc.resolve()
        if loc.is_dir() and loc != checkout and loc not in found:
            found.append(loc)
    return found


def is_installed_sample(path: str | Path) -> bool:
    """Whether ``path`` is (in) the sample data of an installed copy (see above)."""
    try:
        target = Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return any(target == d or target.is_relative_to(d) for d in installed_data_dirs())
