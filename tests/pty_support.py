"""The real app in a pseudo-terminal: every byte it writes to the terminal is kept.

Used by tests that must see what reaches a user's terminal (escapes from data) and by the
test of plain ``perftui`` against an installed copy. Not collected itself.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

# Key presses as a terminal sends them.
KEYS = {
    "f2": b"\x1bOQ", "f4": b"\x1bOS", "enter": b"\r", "tab": b"\t", "escape": b"\x1b",
    "end": b"\x1b[F", "backspace": b"\x7f", "ctrl+s": b"\x13", "ctrl+q": b"\x11", "down": b"\x1b[B",
}
_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")


class PtyApp:
    """``python -m perftui ARGS`` in a pseudo-terminal of ``cols`` x ``rows``."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str], cols: int = 80, rows: int = 24):
        self.output = bytearray()
        self._mark = 0
        pid, fd = pty.fork()
        if pid == 0:  # the child: the app
            try:
                os.chdir(cwd)
                os.execve(sys.executable, [sys.executable, "-m", "perftui", *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.status: int | None = None

    def _read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:  # the app has exited
                    return
                if not data:
                    return
                self.output.extend(data)

    def text(self, since: int = 0) -> str:
        """What was written, decoded, with the terminal's CSI sequences (cursor moves,
        colours) taken out, so that a line of text can be searched for."""
        return _CSI.sub("", bytes(self.output[since:]).decode("utf-8", "replace"))

    def wait_for(self, needle: str, timeout: float = 30, *, regex: bool = False) -> str:
        """Wait until ``needle`` (text, or a regular expression) is written since the last key
        press; fail with the last output if it is not. Returns what matched."""
        deadline = time.monotonic() + timeout
        pattern = re.compile(needle if regex else re.escape(needle))
        while (found := pattern.search(self.text(self._mark))) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {needle!r}; last output:\n{self.text()[-3000:]}")
            self._read(0.1)
        return found.group(0)

    def press(self, *keys: str, pause: float = 0.3) -> None:
        """Press keys (names of KEYS, or text to type); later waits look at what follows."""
        self._mark = len(self.output)
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode("utf-8")))
            self._read(pause)

    def wait_exit(self, timeout: float = 20) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        return None

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


def app_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with the user's own config, state and theme choice kept out."""
    env = dict(os.environ, TERM="xterm-256color", TEXTUAL_CURSOR_BLINK="0")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.update(extra)
    return env
