"""Problems with input files, reported to users with file, line and key path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path | None
    line: int | None  # 1-based, None when unknown
    keypath: str  # e.g. "projects[3].indicators[2].value" ("" for the whole file)
    message: str  # Chinese, says what is wrong and how to fix it

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<输入>"
        if self.line:
            where += f":{self.line}"
        key = f" [{self.keypath}]" if self.keypath else ""
        return f"{where}{key}: {self.message}"


class DataError(Exception):
    """A file could not be read as a perftui document; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(Exception):
    """Bad command-line usage (exit code 2), with a Chinese message."""
