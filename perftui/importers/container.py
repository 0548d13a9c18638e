"""Which container a file is, judged by its bytes (never by its name), and the bounds every
container is held to before any reader touches it.

- A Word or Excel file (.docx/.docm/.xlsx/.xlsm) is a zip archive: its directory is read
  first and the archive is refused when the parts we would read are too large once
  unpacked, or pack too tightly (a zip bomb), before anything is decompressed.
- Macros (.docm/.xlsm) are never run: only the document's text and cell values are read;
  the macro part is never opened, and the import says it was there. The workbook reader
  opens a copy of the checked parts only (checked_copy), so it never sees the macro part.
- An encrypted (password-protected) Office file is an OLE compound file holding an
  ``EncryptedPackage`` stream; an old .doc/.xls is an OLE file too.
- Anything else (PDF, pictures, archives, executables) is named for what it is.

Every refusal is a :class:`SourceError` with a Chinese message; the command exits 2.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# Unpacked XML a reader may have to parse (document.xml, sheets, shared strings): four
# times the 1,000-project workbook of a whole county (9 MB unpacked). Pictures and other
# parts that are never read do not count.
MAX_XML_BYTES = 40 * 1024 * 1024
# A part that unpacks to more than this many times its packed size is a zip bomb (real
# sheets and documents pack 5–20 times; a run of one repeated byte packs a thousand times).
MAX_RATIO = 200
# Below this size a part's ratio is not judged (tiny parts of repeated markup pack well).
RATIO_FLOOR = 1024 * 1024
# More entries than any real document has: a zip made to exhaust memory with its directory.
MAX_ENTRIES = 20000
# A text file larger than this is not a Word text export of one unit's document.
MAX_TEXT_BYTES = 40 * 1024 * 1024

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_PARTS = frozenset({CONTENT_TYPES, "_rels/.rels"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"

# What other files look like, for the message (first bytes -> what it is).
_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"MZ", "Windows 程序"),
    (b"\x7fELF", "程序文件"),
    (b"{\\rtf", "RTF 文档（请在 Word/WPS 中另存为 .docx）"),
)


class SourceError(Exception):
    """The file cannot be read as a source document (message in Chinese)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(slots=True)
class Sniffed:
    kind: str  # "docx", "xlsx", "xls", "text"
    macros: bool = False  # a macro-enabled file (.docm/.xlsm): macros are never run
    archive: zipfile.ZipFile | None = None  # docx/xlsx: the opened, checked archive


def sniff(path: Path, head: bytes) -> Sniffed:
    """What ``path`` is (``head``: its first bytes); raises SourceError when it is nothing
    the importer reads, or is out of bounds."""
    if head.startswith(OLE_MAGIC):
        return _ole(path)
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP):
        return _zip(path)
    for magic, what in _OTHER_KINDS:
        if head.startswith(magic):
            raise SourceError(f"这是{what}，不是 Word/Excel 文档或 Word 导出的文本，无法导入")
    return Sniffed("text")


def _ole(path: Path) -> Sniffed:
    """An OLE compound file: a password-protected .docx/.xlsx, or an old .doc/.xls."""
    try:
        if path.stat().st_size > MAX_XML_BYTES:
            raise SourceError(f"旧版 Office 文件太大（{path.stat().st_size / 1024 / 1024:.0f} MB），未读取")
        data = path.read_bytes()
    except OSError as exc:  # pragma: no cover - it was just read
        raise SourceError(f"无法读取文件：{exc.strerror or exc}") from None
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise SourceError(
            "文件设置了打开密码（已加密），无法读取。请在 Word/WPS/Excel 中打开它，"
            "取消密码（文件 → 信息 → 保护文档/工作簿 → 用密码加密，清空密码）后另存，再导入"
        )
    if "WordDocument".encode("utf-16-le") in data:
        raise SourceError("这是旧版 Word 文档（.doc），请在 Word/WPS 中“另存为”.docx 后再导入")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Sniffed("xls")
    raise SourceError("这是旧版 Office 文件（OLE 格式），但不是 Word 或 Excel 文档，无法导入")


def _zip(path: Path) -> Sniffed:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SourceError("文件已损坏或不完整（压缩结构读不出来，可能是下载或复制时被截断），无法导入") from None
    except OSError as exc:
        raise SourceError(f"无法读取文件：{exc.strerror or exc}") from None
    try:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if len(infos) > MAX_ENTRIES:
            raise SourceError(f"压缩包里有 {len(infos)} 个条目，远多于任何真实文档，未读取")
        if "word/document.xml" in names:
            kind = "docx"
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
        elif CONTENT_TYPES in names:
            raise SourceError("这是 Office 文件，但不是 Word 文档或 Excel 工作簿（可能是 PowerPoint），无法导入")
        elif "content.xml" in names and "mimetype" in names:
            raise SourceError("这是 WPS/LibreOffice 的 OpenDocument 文件（.odt/.ods），请另存为 .docx 或 .xlsx 后再导入")
        else:
            raise SourceError("这是普通的 zip 压缩包，不是 Word 文档或 Excel 工作簿；请先解压")
        macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        _bounded(infos, kind)
    except SourceError:
        archive.close()
        raise
    return Sniffed(kind, macros, archive)


def _read_parts(info: zipfile.ZipInfo, kind: str) -> bool:
    """Whether a reader of ``kind`` may unpack this part (what the size bound counts)."""
    name = info.filename
    if name in PACKAGE_PARTS:  # how the readers tell the package's kind and find its parts
        return True
    if not name.endswith((".xml", ".rels")):
        return False
    if kind == "docx":
        return name.startswith("word/") and "/media/" not in name
    return name.startswith("xl/") and "/media/" not in name and "/drawings/" not in name


def _bounded(infos: list[zipfile.ZipInfo], kind: str) -> None:
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SourceError("文件中的内容被加密，无法读取；请去掉密码后另存再导入")
        if not _read_parts(info, kind):
            continue
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / packed > MAX_RATIO:
            raise SourceError(
                f"文件中的 {info.filename} 解压后是压缩大小的 {info.file_size // packed} 倍"
                "（疑似“压缩炸弹”），为安全起见未读取"
            )
    if total > MAX_XML_BYTES:
        raise SourceError(
            f"文件太大：需要读取的内容解压后有 {total / 1024 / 1024:.0f} MB，"
            f"超过上限 {MAX_XML_BYTES // 1024 // 1024} MB（约四千个项目）。请按单位拆分成几个文件再导入"
        )


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part of a checked archive; a part that does not unpack is a broken file."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise SourceError(f"文件不完整：缺少 {name}") from None
    if info.file_size > MAX_XML_BYTES:  # pragma: no cover - _bounded refused it already
        raise SourceError(f"文件中的 {name} 太大，未读取")
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError, RuntimeError):
        raise SourceError(f"文件已损坏：{name} 解压失败（可能是下载或复制时被截断）") from None
    except Exception:  # noqa: BLE001 - zlib.error and the like: the part is broken
        raise SourceError(f"文件已损坏：{name} 解压失败") from None
    if len(data) != info.file_size:  # pragma: no cover - zipfile checks the CRC
        raise SourceError(f"文件已损坏：{name} 的大小与目录不符")
    return data


class PartReader:
    """Many parts of one checked archive, read straight from the file: a 1,000-sheet
    workbook's sheets in half the time ``zipfile`` needs (it sets up a stream per part).

    Only a plain part (stored or deflated, local header as the directory says, not
    overlapping the next entry, unpacking to exactly its size and checksum) is read here;
    anything else goes through :func:`read_part`, so a broken or odd part gets exactly the
    answer it gets there."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self._file = None
        infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
        # Where each entry's bytes must end: the next entry's header (the last: the directory).
        self._ends: dict[str, int] = {}
        directory = getattr(archive, "start_dir", None)
        for info, after in zip(infos, [*infos[1:], None], strict=True):
            end = after.header_offset if after is not None else directory
            if end is not None:
                self._ends[info.filename] = end
        try:
            if isinstance(archive.filename, str):
                self._file = open(archive.filename, "rb")  # noqa: SIM115 - closed in close()
        except OSError:
            self._file = None

    def read(self, name: str) -> bytes:
        data = self._direct(name)
        return data if data is not None else read_part(self.archive, name)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> PartReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _direct(self, name: str) -> bytes | None:
        f = self._file
        info = self.archive.NameToInfo.get(name)
        end = self._ends.get(name)
        if f is None or info is None or end is None or info.flag_bits & 0x21 or info.file_size > MAX_XML_BYTES:
            return None
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None
        try:
            f.seek(info.header_offset)
            head = f.read(30)
            if len(head) != 30 or head[:4] != ZIP_MAGIC:
                return None
            name_len = int.from_bytes(head[26:28], "little")
            extra_len = int.from_bytes(head[28:30], "little")
            stored = f.read(name_len).decode("utf-8" if info.flag_bits & 0x800 else "cp437")
            if stored != info.orig_filename:
                return None
            start = info.header_offset + 30 + name_len + extra_len
            if start + info.compress_size > end:
                return None
            f.seek(start)
            packed = f.read(info.compress_size)
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if len(packed) != info.compress_size:
            return None
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed
        else:
            unpack = zlib.decompressobj(-15)
            try:
                data = unpack.decompress(packed, info.file_size + 1)
            except zlib.error:
                return None
            if not unpack.eof:
                return None
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        return data


def checked_copy(archive: zipfile.ZipFile, parts: PartReader, known: dict[str, bytes], kind: str) -> bytes:
    """The parts a reader of ``kind`` may unpack (those the bounds counted), unpacked and
    checked, as a new archive that stores them as they are: what the reader then opens is
    exactly what was checked (and scanned: ``known`` holds parts already read), it unpacks
    nothing again, and never sees the other parts (pictures, a macro project)."""
    import struct

    entries: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, info in archive.NameToInfo.items():  # one entry per name: the one every read gets
        if not _read_parts(info, kind):
            continue
        data = known.get(name)
        if data is None:
            data = parts.read(name)
        raw = name.encode("utf-8")
        size = len(data)
        crc = info.CRC  # what every read part was checked against
        # Version 2.0, UTF-8 names (flag 0x800), stored, a fixed DOS time (1980-01-01).
        entries += (struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, 0, 0, 0x21, crc, size, size, len(raw), 0), raw)
        entries.append(data)
        central.append(
            struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, 0, 0, 0x21, crc, size, size,
                        len(raw), 0, 0, 0, 0, 0, offset)
            + raw
        )
        offset += 30 + len(raw) + size
    directory = b"".join(central)
    count = len(central)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    entries += (directory, end)
    return b"".join(entries)
