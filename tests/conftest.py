"""Every test runs the checkout: in this process (``pythonpath`` in pyproject.toml) and in
the programs tests start (``python -m perftui …``), whatever copy is installed."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
)
