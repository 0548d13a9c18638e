"""Importers of documents written elsewhere into the perftui model.

``import_text`` reads the Word-exported text form (see ``wordtext``); ``decode`` turns the
bytes of such a file into text, trying GB18030 when UTF-8 fails (Chinese Windows exports).
"""

from __future__ import annotations

from perftui.importers.wordtext import ImportResult, import_text

FALLBACK_ENCODING = "gb18030"


def decode(data: bytes, encoding: str = "utf-8", fallback: bool = True) -> tuple[str, str]:
    """Decode input bytes; returns (text, encoding used). Raises UnicodeDecodeError when
    neither ``encoding`` nor (if ``fallback``) GB18030 can read them.

    With ``fallback``, a UTF-16 byte-order mark (Word's "Unicode" text export) wins.
    """
    if fallback and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if not fallback or encoding.replace("-", "").lower() == FALLBACK_ENCODING:
            raise
    return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING


__all__ = ["FALLBACK_ENCODING", "ImportResult", "decode", "import_text"]
