"""Where perftui keeps the user's own files (XDG base directories).

``config_dir()``: settings the user writes (``config.toml``, key bindings, themes);
``state_dir()``: what the program remembers between runs (recent files, last theme).
Per the XDG specification a relative path in the variable is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "perftui"


def _base(variable: str, default: Path) -> Path:
    value = os.environ.get(variable, "")
    return Path(value) if value and os.path.isabs(value) else default


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/perftui`` (default ``~/.config/perftui``)."""
    return _base("XDG_CONFIG_HOME", Path.home() / ".config") / APP


def state_dir() -> Path:
    """``$XDG_STATE_HOME/perftui`` (default ``~/.local/state/perftui``)."""
    return _base("XDG_STATE_HOME", Path.home() / ".local" / "state") / APP
