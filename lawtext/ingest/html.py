"""HTML reader for government pages: decode with the declared charset (gbk/gb2312 read as
gb18030), keep the article body only (trafilatura), and take the page title and the
来源/发布时间 line as metadata hints."""

from __future__ import annotations

import re

from lawtext.errors import EmptyDocumentError
from lawtext.ingest.text import decode
from lawtext.model import Block, Source
from lawtext.resources import DATE, TABLE_CELL

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_SOURCE = re.compile(r"(?:来源|发布机构|发文机关|信息来源)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,40})")
_PUBLISHED = re.compile(r"(?:发布|成文|公开)(?:时间|日期)\s*[:：]\s*")


def _table_row(line: str) -> str:
    """trafilatura writes a table row as ``| 事项 | 数量 |``; lawtext joins cells with
    :data:`~lawtext.resources.TABLE_CELL` in every format."""
    if line.strip().startswith("|") and line.strip().endswith("|"):
        return TABLE_CELL.join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
    return line


def _visible_text(page: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(page)
    for node in root.xpath("//script|//style|//noscript"):
        node.drop_tree()
    return root.text_content()


def read_html(data: bytes, name: str) -> Source:
    """The article body of a web page, one block per paragraph, title first."""
    import trafilatura

    match = _CHARSET.search(data[:4096])
    page = decode(data, name, declared=match.group(1).decode("ascii", "replace") if match else None, markup=True)
    body = trafilatura.extract(page, include_tables=True, favor_recall=True, output_format="txt") or ""
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta and meta.title else "").strip()
    visible = _visible_text(page)
    warnings: tuple[str, ...] = ()
    if not body.strip():  # trafilatura found no article: fall back to all visible text
        body = visible
        warnings = ("no article body found; the whole page text was used, navigation included",)
    lines = [_table_row(ln.strip()) for ln in body.splitlines() if ln.strip()]
    if not _HAN.search(body):
        raise EmptyDocumentError(
            f"{name}: the page has no Chinese text; if the report is loaded by JavaScript or linked as a "
            "PDF/DOC attachment, save that instead"
        )
    if title and lines[0].strip() != title:
        lines.insert(0, title)
    hints = {"title": title} if title else {}
    source = _SOURCE.search(visible)
    if source:
        hints["source"] = source.group(1)
    published = _PUBLISHED.search(visible)
    date = DATE.match(visible, published.end()) if published else None
    if date:
        hints["publish_date"] = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
    return Source(tuple(Block(ln) for ln in lines), "html", hints, warnings)
