"""HTML reader for government pages: decode with the declared charset (gbk/gb2312 read as
gb18030), keep the article body only (trafilatura), and take the page title and the
来源/发布时间 line as metadata hints."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from lawtext.errors import EmptyDocumentError
from lawtext.ingest.text import decode
from lawtext.model import Block, Source
from lawtext.resources import TABLE_CELL, page_fields

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_OVERSIZED_TAG = re.compile(r"<([a-zA-Z][\w:-]*)\s[^<>]{4000,}>")
"""A start tag whose attributes run to thousands of characters (inline images as data URLs,
generated or hostile markup): libxml2 and trafilatura take time quadratic in the number of
attributes (200,000 of them: minutes in C, where no timer reaches), and they hold no text."""


def _table_row(line: str) -> str:
    """trafilatura writes a table row as ``| 事项 | 数量 |``; lawtext joins cells with
    :data:`~lawtext.resources.TABLE_CELL` in every format."""
    if line.strip().startswith("|") and line.strip().endswith("|"):
        return TABLE_CELL.join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
    return line


class _VisibleText(HTMLParser):
    """The text a browser shows, read as a stream of tags: no tree is built, so no nesting
    depth or node size (libxml2 stops at 256 levels and 10 MB text nodes) can lose it."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "table", "section", "article", "h1", "h2", "h3", "h4", "h5",
                         "h6", "title", "ul", "ol", "dd", "dt", "blockquote", "pre", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


_LOST = 0.1
"""An article body with fewer Chinese characters than this share of the page's visible text
was lost by the article extractor (a page nested too deeply, a huge node), not found."""


def read_html(data: bytes, name: str) -> Source:
    """The article body of a web page, one block per paragraph, title first."""
    import trafilatura

    match = _CHARSET.search(data[:4096])
    page, lost = decode(data, name, declared=match.group(1).decode("ascii", "replace") if match else None, markup=True)
    page = _OVERSIZED_TAG.sub(r"<\1>", page)
    body = trafilatura.extract(page, include_tables=True, favor_recall=True, output_format="txt") or ""
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta and meta.title else "").strip()
    visible = _visible_text(page)
    warnings = lost
    if len(_HAN.findall(body)) < _LOST * len(_HAN.findall(visible)):  # no article found, or most of it lost
        body = visible
        warnings += ("the article body could not be told apart from the rest of the page (none found, or the page "
                    "is nested too deeply); all of the page's visible text was used, navigation included",)
    lines = [_table_row(ln.strip()) for ln in body.splitlines() if ln.strip()]
    if not _HAN.search(body):
        raise EmptyDocumentError(
            f"{name}: the page has no Chinese text; if the report is loaded by JavaScript or linked as a "
            "PDF/DOC attachment, save that instead"
        )
    if title and lines[0].strip() != title:
        lines.insert(0, title)
    hints = {"title": title} if title else {}
    hints.update(page_fields(visible))
    return Source(tuple(Block(ln) for ln in lines), "html", hints, warnings)
