"""DOCX reader (python-docx): paragraphs and tables in body order, heading styles as
evidence, and Word's automatic list numbering (``一、`` from a list style) written back
into the text, since it is not part of the paragraph's runs."""

from __future__ import annotations

import io
import zipfile

from lawtext import limits
from lawtext.errors import CorruptFileError
from lawtext.ingest.numbering import Level, ListCounters, heading_level
from lawtext.model import Block, Source
from lawtext.resources import TABLE_CELL


class _Numbering:
    """Counters for Word's list numbering, from the package's numbering definitions."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters = ListCounters()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            lvls = {}
            for lvl in node.findall(qn("w:lvl")):
                lvls[int(lvl.get(qn("w:ilvl")))] = (
                    int(self._val(lvl, "w:start") or 1),
                    self._val(lvl, "w:numFmt") or "decimal",
                    self._val(lvl, "w:lvlText") or "",
                )
            abstract[node.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            base = dict(abstract.get(self._val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                start = self._val(override, "w:startOverride")
                ilvl = int(override.get(qn("w:ilvl")))
                if start is not None and ilvl in base:
                    base[ilvl] = (int(start), *base[ilvl][1:])
            self.levels[num.get(qn("w:numId"))] = base

    def _val(self, node, tag: str) -> str | None:
        child = node.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def label(self, paragraph, style_ppr) -> str:
        """The generated number of a list paragraph (``一、``), or ``""``; ``style_ppr`` is
        its style's paragraph properties."""
        num_pr = None
        for ppr in (paragraph._p.pPr, style_ppr):
            if ppr is not None and ppr.numPr is not None:
                num_pr = ppr.numPr
                break
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        return self.counters.label(num_id, ilvl, self.levels.get(num_id, {}))


class _Styles:
    """Each paragraph style looked up once (python-docx searches the style list on every
    ``paragraph.style``: 5 million paragraphs would take most of an hour)."""

    def __init__(self) -> None:
        self._seen: dict[str | None, tuple[int | None, object]] = {}

    def of(self, paragraph) -> tuple[int | None, object]:
        """The heading level its style names (``Heading 2``, ``标题 2``) and the style's
        paragraph properties (None for each when there are none)."""
        key = paragraph._p.style
        if key not in self._seen:
            style = paragraph.style
            level = heading_level(style.name or "") if style is not None else None
            ppr = getattr(style.element, "pPr", None) if style is not None else None
            self._seen[key] = (level, ppr)
        return self._seen[key]


def _not_word(name: str) -> CorruptFileError:
    return CorruptFileError(f"{name}: not a readable Word (.docx) file (damaged, or another format named .docx); "
                            "save it again from Word or LibreOffice")


def read_docx(data: bytes, name: str) -> Source:
    """Paragraphs and table rows of a Word file, in order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # sizes from the directory: nothing unpacked yet
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _not_word(name) from exc
    limits.active().check(name, unpacked / 1e6, "megabytes once unpacked", "unpacked_megabytes")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _not_word(name) from exc
    numbering, styles = _Numbering(document), _Styles()
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            level, style_ppr = styles.of(item)
            if len(item._p) == 0 and style_ppr is None:  # <w:p/>: no runs, no numbering (cheap in their millions)
                blocks.append(Block("", level))
                continue
            text = numbering.label(item, style_ppr) + item.text
            blocks.extend(Block(line, level) for line in text.split("\n"))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = dict.fromkeys(cell.text.strip() for cell in row.cells)
                blocks.append(Block(TABLE_CELL.join(c for c in cells if c)))
    title = (document.core_properties.title or "").strip()
    return Source(tuple(blocks), "docx", {"title": title} if title else {})
