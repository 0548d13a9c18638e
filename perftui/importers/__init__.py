"""Importers of documents written elsewhere into the perftui model.

``anyfile.import_file`` reads any Word, Excel or text file of a shipped form (docs/import.md);
``import_text`` reads the Word-exported text of the sample's form (see ``wordtext``);
``decode`` turns the bytes of such a file into text, trying GB18030 when UTF-8 fails
(Chinese Windows exports).
"""

from __future__ import annotations

from perftui.importers.sources import FALLBACK_ENCODING, decode
from perftui.importers.wordtext import ImportResult, import_text

__all__ = ["FALLBACK_ENCODING", "ImportResult", "decode", "import_text"]
