"""Reading and writing data files: fast loads, careful saves.

Reading uses ``tomllib`` only, through ``perftui.tomlread`` (fast; every read-only path
goes through here; any failure is a Problem with its line, never an exception). Saving
patches the file through ``tomlkit`` so comments, order and every untouched byte survive
(see ``perftui.tomledit``), then, holding the file's save lock (``perftui.savelock``),
checks that nobody else changed it since it was loaded and replaces it atomically.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from perftui import gcpause, savelock, tomlread
from perftui.atomic import WriteError, remove_stale_temps, write_atomic
from perftui.errors import DataError, Problem, os_reason
from perftui.locate import index_lines, line_of
from perftui.model import Document
from perftui.safetext import brief
from perftui.schema import build_document
from perftui.tomlread import toml_problem  # noqa: F401 - kept for callers of store.toml_problem
from perftui.tomlwrite import dumps

try:  # hashlib's own blake2b, without loading OpenSSL (≈ 2 ms of every command's start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = [
    "ConflictError",
    "Loaded",
    "ReadOnlyFileError",
    "SaveBusyError",
    "Stamp",
    "WriteError",
    "discover",
    "dumps",
    "load",
    "load_many",
    "parse",
    "save",
    "save_as",
    "write_atomic",
]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Stamp:
    """Identifies one on-disk version of a file."""

    mtime_ns: int
    size: int
    digest: str  # blake2b of the bytes

    @classmethod
    def of(cls, data: bytes, st: os.stat_result) -> Stamp:
        return cls(st.st_mtime_ns, st.st_size, blake2b(data, digest_size=16).hexdigest())


@dataclass(slots=True)
class Loaded:
    """A document as read from ``path``, with the text it came from (needed to save it back)."""

    path: Path
    doc: Document
    text: str
    stamp: Stamp
    bom: bool = False  # the file started with a UTF-8 BOM (kept on save)
    notice: str = ""  # set by save when something about the file's layout could not be kept


SaveBusyError = savelock.SaveBusyError


class ReadOnlyFileError(WriteError):
    """The file is read-only (its mode lets this user not write it): replaced only when asked."""

    def __init__(self, path: Path):
        super().__init__(
            path,
            PermissionError(errno.EACCES, "read-only"),
            f"没有保存：{path} 是只读文件（文件权限不允许写入），原文件未改动",
        )


class ConflictError(Exception):
    """The file on disk is not the version that was loaded (changed, or gone)."""

    def __init__(self, path: Path, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


# --- reading ---------------------------------------------------------------------------


# A file with more problems than this is not worth listing whole (a mangled file can have
# tens of thousands): the first ones and a count.
MAX_PROBLEMS = 100


def parse(text: str, path: Path | None = None) -> Document:
    """The Document for a file's text; DataError lists every problem with its line."""
    issues: list[tuple[str, str]] = []
    with gcpause.collector_paused():  # a large file's tables and records all live on: nothing to collect
        data = tomlread.loads(text, path)  # DataError with the line on any failure of TOML itself
        doc = build_document(data, issues)
    if issues:
        index = index_lines(text)
        # A key path can be a 10 MB key pasted by mistake: kept to its start (after finding its line).
        problems = [Problem(path, line_of(k, index), brief(k, 120), m) for k, m in issues[:MAX_PROBLEMS]]
        if len(issues) > MAX_PROBLEMS:
            problems.append(Problem(path, None, "", f"另有 {len(issues) - MAX_PROBLEMS} 处问题未列出；请先改正以上各处"))
        raise DataError(problems)
    return doc


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    try:
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):  # a pipe would block, a device never end
            raise DataError([Problem(path, None, "", "这不是普通文件（是设备或管道），不能作为数据文件读取")])
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            return f.read(), st
    except FileNotFoundError:
        raise DataError([Problem(path, None, "", "找不到这个文件")]) from None
    except IsADirectoryError:
        raise DataError([Problem(path, None, "", "这是一个文件夹，不是数据文件")]) from None
    except PermissionError:
        raise DataError([Problem(path, None, "", "没有读取这个文件的权限")]) from None
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"无法读取文件：{os_reason(exc)}")]) from None


def decode(data: bytes, path: Path | None) -> tuple[str, bool]:
    bom = data.startswith(_BOM)
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line: int | None = data.count(b"\n", 0, exc.start) + 1
        if data.startswith(b"PK\x03\x04"):
            message = "这是压缩包或 Excel/WPS 工作簿，不是数据文件（数据文件是 UTF-8 编码的 .toml 文本）"
            line = None
        elif b"\x00" in data[:4096]:
            message = "文件不是 UTF-8 编码的文本（含有二进制内容，或是 UTF-16 编码）。请用编辑器“另存为 UTF-8”后再打开"
        else:
            message = "文件不是 UTF-8 编码（可能是 GBK）。请用编辑器“另存为 UTF-8”后再打开"
        raise DataError([Problem(path, line, "", message)]) from None


def load(path: str | Path) -> Loaded:
    path = Path(path)
    data, st = _read(path)
    text, bom = decode(data, path)
    doc = parse(text, path)
    return Loaded(path=path, doc=doc, text=text, stamp=Stamp.of(data, st), bom=bom)


def discover(path: str | Path) -> list[Path]:
    """The data files at ``path``: the file itself, or a folder's ``*.toml`` files (sorted, no hidden ones)."""
    path = Path(path)
    try:
        if path.is_dir():
            return sorted(p for p in path.glob("*.toml") if not p.name.startswith(".") and p.is_file())
        if path.exists():
            return [path]
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"无法访问：{os_reason(exc)}")]) from None
    hint = ""
    if path.suffix.lower() == ".toml":
        import shlex  # only for this message

        hint = f"；要新建数据文件，请用 perftui new {shlex.quote(str(path))}"
    raise DataError([Problem(path, None, "", f"找不到这个文件或文件夹{hint}")])


def load_many(paths: Iterable[str | Path]) -> tuple[list[Loaded], list[DataError]]:
    """Load every file; a broken file is reported and never stops the others."""
    loaded: list[Loaded] = []
    errors: list[DataError] = []
    for p in paths:
        try:
            loaded.append(load(p))
        except DataError as exc:
            errors.append(exc)
    return loaded, errors


# --- writing (atomically, see perftui.atomic) --------------------------------------------


def _encode(text: str, bom: bool) -> bytes:
    data = text.encode("utf-8")
    return _BOM + data if bom else data


class _ReadBackError(Exception):
    """The text about to be written does not read back as the document (a bug, never written)."""


def _checked(text: str, doc: Document, path: Path) -> Document:
    """Read the text to be written with the loader itself: it must give back ``doc``."""
    try:
        written = parse(text, path)
    except DataError as exc:
        raise _ReadBackError(str(exc)) from None
    if written != doc:
        raise _ReadBackError("written text does not read back as the document")
    return written


def _dumps_checked(doc: Document, path: Path, newlines_of: str = "") -> tuple[str, Document]:
    """The standard text of ``doc``; a document that no file could hold gives DataError."""
    try:
        text = dumps(doc)
    except (TypeError, ValueError) as exc:
        raise DataError([Problem(path, None, "", f"数据中有无法保存的值（{exc}），请检查金额和支出计划")]) from None
    text = _same_newlines(newlines_of, text) if newlines_of else text
    try:
        written = parse(text, path)
    except DataError as exc:
        # Same checks as loading: e.g. a plan month other than 3/6/10/12. No line: the file is not written.
        raise DataError([Problem(path, None, p.keypath, p.message) for p in exc.problems]) from None
    if written != doc:
        raise DataError(
            [Problem(path, None, "", "保存前自检未通过：写出的内容读回后与编辑中的数据不一致，文件未改动。请把此情况告诉维护人员")]
        )
    return text, written


def save_as(
    doc: Document, path: str | Path, *, overwrite: bool = False, replace_read_only: bool = False
) -> Loaded:
    """Write ``doc`` as a new file in the documented layout.

    An existing file is replaced only with ``overwrite`` (else ConflictError), a read-only
    one only with ``replace_read_only`` too (else ReadOnlyFileError; its mode is kept)."""
    path = Path(path)
    target = Path(os.path.realpath(path))

    def may_write() -> None:
        if os.path.exists(target) and not overwrite:
            raise ConflictError(path, "文件已存在；如要替换它，请确认覆盖")
        if not replace_read_only:
            _refuse_read_only(target, path)

    may_write()
    text, written = _dumps_checked(doc, path)
    data = _encode(text, False)
    st = _write_locked(target, data, may_write)
    return Loaded(path=path, doc=written, text=text, stamp=Stamp.of(data, st))


def read_only(st: os.stat_result) -> bool:
    """Whether a file's mode gives this user no write permission (owner, group or other
    bits, as the system applies them). For root, who may write anything, a file with no
    write bit at all counts as read-only: someone made it so on purpose."""
    mode = st.st_mode
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: the read-only attribute
        return not mode & stat.S_IWRITE
    uid = geteuid()
    if uid == 0:
        return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if st.st_uid == uid:
        return not mode & stat.S_IWUSR
    if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        return not mode & stat.S_IWGRP
    return not mode & stat.S_IWOTH


def _refuse_read_only(target: Path, path: Path) -> None:
    try:
        st = os.stat(target)
    except OSError:
        return  # no file (yet): nothing read-only to replace
    if stat.S_ISREG(st.st_mode) and read_only(st):
        raise ReadOnlyFileError(path)


def _write_locked(target: Path, data: bytes, recheck: Callable[[], object]) -> os.stat_result:
    """Under the save lock of ``target``: clear temporary files that killed saves left, write
    the new content, run ``recheck`` right before the rename (it raises to refuse), rename."""
    with savelock.held(target):
        remove_stale_temps(target)
        return write_atomic(target, data, before_replace=recheck)


def _current_stamp(path: Path) -> Stamp | None:
    try:
        data, st = _read(path)
    except DataError:
        return None
    return Stamp.of(data, st)


def check_unchanged(loaded: Loaded) -> None:
    """Raise ConflictError when the file on disk is no longer the version that was loaded."""
    now = _current_stamp(loaded.path)
    if now is None and loaded.path.exists():
        raise ConflictError(loaded.path, "无法读取磁盘上的文件，不能确认它在打开之后未被修改。可以另存为新文件，或确认覆盖")
    if now is None:
        raise ConflictError(loaded.path, "文件已被移走或删除（打开之后）。可以另存为新文件，或确认重新写回原位置")
    if now.digest != loaded.stamp.digest:
        raise ConflictError(
            loaded.path, "文件在打开之后已被其他人或其他程序修改。可以重新载入（放弃本次修改）、覆盖保存，或另存为新文件"
        )


def save(loaded: Loaded, doc: Document, *, force: bool = False, replace_read_only: bool = False) -> Loaded:
    """Write ``doc`` back to ``loaded.path``, changing only what differs from the file's text.

    ``loaded.doc`` may have been edited in place: the baseline is re-read from
    ``loaded.text``. Raises ConflictError when the file changed on disk since it was
    loaded (unless ``force``): checked first, and again under the file's save lock just
    before the rename, so of two saves at once one wins and the other gets the conflict.
    A read-only file gives ReadOnlyFileError unless ``replace_read_only`` (its mode is kept).
    SaveBusyError when another save holds the lock too long. In the rare case the file's
    own layout cannot be patched (e.g. hand-written inline tables), the whole file is
    rewritten in the standard layout and the returned Loaded says so in ``notice``.
    """
    from perftui import tomledit  # tomlkit is imported only by the paths that save

    path = loaded.path
    target = Path(os.path.realpath(path))  # a symlinked file stays a symlink

    def may_write() -> None:
        if not force:
            check_unchanged(loaded)
        if not replace_read_only:
            _refuse_read_only(target, path)

    may_write()  # refuse before the work, not only after it
    baseline = parse(loaded.text, path)
    # Fast path (only changed projects through tomlkit), then the whole file through tomlkit,
    # and as a last resort a full rewrite; each result is read back before it is written.
    for patch in (tomledit.apply_chunked, tomledit.apply):
        try:
            text = _same_newlines(loaded.text, patch(loaded.text, baseline, doc))
            written = _checked(text, doc, path)
        except Exception:  # noqa: BLE001 - any failure falls through to the next, safer way
            continue
        notice = ""
        break
    else:
        text, written = _dumps_checked(doc, path, loaded.text)
        notice = "文件的写法无法逐行修改，已按标准格式整体重写（原有注释未能保留）"
    data = _encode(text, loaded.bom)
    st = _write_locked(target, data, may_write)
    return Loaded(path=path, doc=written, text=text, stamp=Stamp.of(data, st), bom=loaded.bom, notice=notice)


def _same_newlines(original: str, text: str) -> str:
    """Lines added to a file written with Windows line ends (CRLF) get them too."""
    crlf = original.count("\r\n")
    if crlf and crlf == original.count("\n") and text.count("\r\n") != text.count("\n"):
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text
