"""Parsing the XML parts of Office files without trusting them.

No entity is expanded (no "billion laughs"), no DTD or external resource is loaded (no
network, no local file read through an entity), and a part with a DOCTYPE is refused:
Office never writes one. A part that does not parse is a broken file, said in Chinese.
"""

from __future__ import annotations

from lxml import etree

from perftui.importers.container import SourceError

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(data: bytes, name: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise SourceError(f"文件已损坏：{name} 不是完整的 XML（可能是文件被截断）") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise SourceError(f"文件中的 {name} 含有 DOCTYPE 声明，Office 从不写它；为安全起见未读取")
    return root
