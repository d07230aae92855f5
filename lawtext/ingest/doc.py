"""Word 97–2003 (``.doc``) and Kingsoft WPS Writer (``.wps``) reader: the binary layout of
[MS-DOC] inside an OLE compound file (olefile opens the container).

The way to the text: the File Information Block (FIB) at the start of the ``WordDocument``
stream names the table stream (``0Table`` or ``1Table``) and where in it the piece table
(CLX) lies; each piece is a run of characters stored as 8-bit (the cp1252 variant [MS-DOC]
defines) or UTF-16LE. In the text, field codes are dropped and their results kept, table
cells (``0x07``) become one block per row, and pictures and other anchors are removed.
Paragraph properties (PAPX, in 512-byte FKP pages) give each paragraph its style (the
style sheet STSH: built-in headings 1–9 are evidence for the structure parser, as DOCX
heading styles are), its table role and its list; the list tables (PlfLst, PlfLfo) give
the automatic numbers (``一、``), written back into the text as the DOCX reader does.

Every count and offset read from the file is checked against the size of the stream it
points into, and every loop is bounded by those sizes, so damaged bytes give a
:class:`~lawtext.errors.CorruptFileError` at once, never a hang or a huge allocation. The
document title comes from the SummaryInformation stream, read here by a small bounded
parser: olefile's property reader loops as many times as a (possibly damaged) vector
count says.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lawtext import limits
from lawtext.errors import CorruptFileError, EncryptedDocumentError, LawtextError, UnsupportedFormatError
from lawtext.ingest.numbering import Level, ListCounters, heading_level
from lawtext.model import Block, Source
from lawtext.resources import TABLE_CELL

if TYPE_CHECKING:
    from olefile import OleFileIO

_PAGE = 512
"""Size of an FKP page in the WordDocument stream."""
_CP1252 = str.maketrans({
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
    0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152", 0x91: "\u2018",
    0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
})
"""8-bit pieces: each byte is the Unicode character of the same value, except these ([MS-DOC]
2.4.1; a latin-1 decode followed by this table)."""
_NFC = {
    0x00: "decimal", 0x01: "upperRoman", 0x02: "lowerRoman", 0x03: "upperLetter", 0x04: "lowerLetter",
    0x0A: "ideographDigital", 0x0B: "japaneseCounting", 0x17: "bullet", 0x1E: "ideographTraditional",
    0x1F: "ideographZodiac", 0x20: "ideographZodiacTraditional", 0x21: "taiwaneseCounting",
    0x22: "ideographLegalTraditional", 0x23: "taiwaneseCountingThousand", 0x24: "taiwaneseDigital",
    0x25: "chineseCounting", 0x26: "chineseLegalSimplified", 0x27: "chineseCountingThousand", 0xFF: "none",
}
"""List number formats (MSONFC codes, [MS-OSHARED] 2.2.1.3) by their OOXML names; the others count
in Arabic digits. LibreOffice writes its 一, 二, 三 as 0x23."""
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
"""Characters with a meaning in Word's text stream (the tab, 0x09, is text)."""
_PARAGRAPH_ENDS = "\r\x0c\x0e"
"""Paragraph mark, page or section break, column break."""
_STREAM = 2
"""olefile's type of a stream entry (STGTY_STREAM)."""
_OLE_ERRORS = (OSError, ValueError, IndexError, struct.error, RecursionError)
"""What olefile raises on a damaged container."""


class _Damaged(Exception):
    """A structure of the file points outside its stream or contradicts itself."""


def _unpack(fmt: str, buf: bytes, offset: int) -> tuple[int, ...]:
    if offset < 0 or offset + struct.calcsize(fmt) > len(buf):
        raise _Damaged(f"offset {offset} outside a stream of {len(buf)} bytes")
    return struct.unpack_from(fmt, buf, offset)


def _u8(buf: bytes, offset: int) -> int:
    return _unpack("<B", buf, offset)[0]


def _u16(buf: bytes, offset: int) -> int:
    return _unpack("<H", buf, offset)[0]


def _u32(buf: bytes, offset: int) -> int:
    return _unpack("<I", buf, offset)[0]


def _i32(buf: bytes, offset: int) -> int:
    return _unpack("<i", buf, offset)[0]


def _slice(buf: bytes, offset: int, size: int) -> bytes:
    if offset < 0 or size < 0 or offset + size > len(buf):
        raise _Damaged(f"{size} bytes at {offset} outside a stream of {len(buf)} bytes")
    return buf[offset:offset + size]


# --------------------------------------------------------------------------- the FIB


@dataclass(frozen=True)
class _Fib:
    """What lawtext needs of the File Information Block."""

    table: str
    ccp_text: int
    fc_lcb: tuple[tuple[int, int], ...]

    def pair(self, index: int) -> tuple[int, int]:
        """Offset and size in the table stream of FibRgFcLcb97 pair ``index``, (0, 0) when absent."""
        return self.fc_lcb[index] if index < len(self.fc_lcb) else (0, 0)

    def part(self, table: bytes, index: int) -> bytes:
        """The table-stream structure at FibRgFcLcb97 pair ``index`` (empty when absent)."""
        fc, lcb = self.pair(index)
        return _slice(table, fc, lcb) if lcb else b""


_STSHF, _PLCF_BTE_PAPX, _CLX, _PLF_LST, _PLF_LFO = 1, 13, 33, 73, 74
"""Indices of the (fc, lcb) pairs in FibRgFcLcb97."""


def _fib(word: bytes, name: str) -> _Fib:
    ident, n_fib = _unpack("<HH", word, 0)
    if ident == 0xA5DC or (ident == 0xA5EC and n_fib <= 105):
        raise UnsupportedFormatError(f"{name}: a Word 6.0/95 file, an older format lawtext does not read; "
                               "save it as .docx in Word or LibreOffice")
    if ident != 0xA5EC:
        raise _Damaged("no Word signature at the start of the WordDocument stream")
    flags = _u16(word, 0x0A)
    if flags & 0x0100:  # fEncrypted: only the FIB's first 68 bytes are in the clear
        raise EncryptedDocumentError(f"{name}: the Word file is encrypted and needs a password; "
                                     "save an unprotected copy and read that")
    csw = _u16(word, 0x20)
    cslw_at = 0x22 + 2 * csw
    cslw = _u16(word, cslw_at)
    ccp_text = _i32(word, cslw_at + 2 + 0x0C)
    blob_at = cslw_at + 2 + 4 * cslw
    count = _u16(word, blob_at)
    pairs = _unpack(f"<{2 * count}I", word, blob_at + 2)
    return _Fib(
        table="1Table" if flags & 0x0200 else "0Table",
        ccp_text=ccp_text,
        fc_lcb=tuple(zip(pairs[::2], pairs[1::2], strict=True)),
    )


# --------------------------------------------------------------------------- the pieces


@dataclass(frozen=True)
class _Piece:
    """Characters ``[cp, cp_end)`` of the document, stored at byte ``fc`` of WordDocument,
    ``width`` bytes each."""

    cp: int
    cp_end: int
    fc: int
    width: int


def _pieces(clx: bytes, ccp_text: int, word: bytes) -> list[_Piece]:
    """The pieces of the main text, ``[0, ccp_text)``, checked against the stream."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers of edited pieces, skipped
        size = _unpack("<h", clx, pos + 1)[0]
        if size < 0:
            raise _Damaged("negative Prc size")
        pos += 3 + size
    if _u8(clx, pos) != 0x02:
        raise _Damaged("no piece table in the CLX")
    lcb = _u32(clx, pos + 1)
    plc = _slice(clx, pos + 5, lcb)
    if lcb < 16 or (lcb - 4) % 12:
        raise _Damaged("piece table of a wrong size")
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc)
    if cps[0] != 0 or any(a > b for a, b in itertools.pairwise(cps)):
        raise _Damaged("piece table out of order")
    if ccp_text < 0:
        raise _Damaged("negative text length")
    end = min(ccp_text, cps[-1])
    pieces = []
    for i in range(n):
        cp, cp_end = cps[i], min(cps[i + 1], end)
        if cp >= cp_end:
            break
        fc = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        width = 1 if fc & 0x40000000 else 2
        fc = (fc & 0x3FFFFFFF) // 2 if width == 1 else fc & 0x3FFFFFFF
        _slice(word, fc, (cp_end - cp) * width)  # checked before anything is decoded
        pieces.append(_Piece(cp, cp_end, fc, width))
    return pieces


def _decode(word: bytes, piece: _Piece) -> str:
    raw = word[piece.fc:piece.fc + (piece.cp_end - piece.cp) * piece.width]
    if piece.width == 1:
        return raw.decode("latin-1").translate(_CP1252)
    return raw.decode("utf-16-le", "replace")


# --------------------------------------------------------------------------- properties


def _sprms(buf: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """``(sprm, operand offset, operand size)`` of a grpprl ``buf[start:end]``."""
    pos = start
    while pos + 2 <= end:
        sprm = _u16(buf, pos)
        spra = sprm >> 13
        if spra == 6:  # variable size, its first byte (two for sprmTDefTable)
            if sprm == 0xD608:
                size = _u16(buf, pos + 2) + 1
            else:
                size = _u8(buf, pos + 2) + 1
                if sprm == 0xC615 and size == 256:  # sprmPChgTabs with a size of its own: stop here
                    return
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        if pos + 2 + size > end:
            return
        yield sprm, pos + 2, size
        pos += 2 + size


@dataclass(frozen=True)
class _Para:
    """A paragraph's properties: style, table role and list."""

    istd: int = 0
    in_table: bool = False
    row_end: bool = False
    inner_row_end: bool = False
    ilfo: int | None = None
    ilvl: int | None = None


def _para(buf: bytes, istd: int, start: int, end: int) -> _Para:
    values: dict[str, int] = {"istd": istd}
    for sprm, at, size in _sprms(buf, start, end):
        if sprm == 0x4600:
            values["istd"] = _u16(buf, at)
        elif sprm in (0x2416, 0x6649):  # sprmPFInTable, sprmPItap
            values["in_table"] = _u8(buf, at) if size == 1 else _i32(buf, at)
        elif sprm == 0x2417:  # sprmPFTtp
            values["row_end"] = _u8(buf, at)
        elif sprm == 0x244C:  # sprmPFInnerTtp
            values["inner_row_end"] = _u8(buf, at)
        elif sprm == 0x460B:  # sprmPIlfo
            values["ilfo"] = _u16(buf, at)
        elif sprm == 0x260A:  # sprmPIlvl
            values["ilvl"] = _u8(buf, at)
    return _Para(
        istd=values["istd"],
        in_table=values.get("in_table", 0) > 0,
        row_end=bool(values.get("row_end")),
        inner_row_end=bool(values.get("inner_row_end")),
        ilfo=values.get("ilfo"),
        ilvl=values.get("ilvl"),
    )


class _Paragraphs:
    """Paragraph properties by the stream offset of a paragraph's mark: the PlcBtePapx
    names an FKP page, the page the run of offsets and its PAPX."""

    def __init__(self, plc: bytes, word: bytes) -> None:
        n = (len(plc) - 4) // 8 if len(plc) >= 12 else 0
        self._fcs = struct.unpack_from(f"<{n + 1}I", plc) if n else ()
        self._pns = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)) if n else ()
        self._word = word
        self._pages: dict[int, tuple[tuple[int, ...], list[_Para]]] = {}
        self.damaged = False
        """Whether a page could not be read (its paragraphs get no properties)."""

    def at(self, fc: int) -> _Para:
        """The properties of the paragraph whose mark is at stream offset ``fc``."""
        i = bisect.bisect_right(self._fcs, fc) - 1
        if i < 0 or i >= len(self._pns):
            return _Para()
        fcs, paras = self._page(self._pns[i] & 0x3FFFFF)
        j = bisect.bisect_right(fcs, fc) - 1
        return paras[j] if 0 <= j < len(paras) else _Para()

    def _page(self, pn: int) -> tuple[tuple[int, ...], list[_Para]]:
        if pn not in self._pages:
            try:
                self._pages[pn] = self._read_page(pn)
            except _Damaged:
                self._pages[pn], self.damaged = ((), []), True
        return self._pages[pn]

    def _read_page(self, pn: int) -> tuple[tuple[int, ...], list[_Para]]:
        page = _slice(self._word, pn * _PAGE, _PAGE)
        crun = page[-1]
        if not 1 <= crun <= 0x1D:
            raise _Damaged("FKP page with a wrong run count")
        fcs = struct.unpack_from(f"<{crun + 1}I", page)
        paras = []
        for j in range(crun):
            offset = 2 * page[4 * (crun + 1) + 13 * j]
            if not offset:
                paras.append(_Para())
                continue
            cb = _u8(page, offset)
            start, size = (offset + 1, 2 * cb - 1) if cb else (offset + 2, 2 * _u8(page, offset + 1))
            if size < 2 or start + size > _PAGE - 1:
                raise _Damaged("PAPX outside its FKP page")
            paras.append(_para(page, _u16(page, start), start + 2, start + size))
        return fcs, paras


@dataclass(frozen=True)
class _Style:
    """What a paragraph takes from its style: the heading level and a list."""

    level: int | None = None
    para: _Para = _Para()


def _styles(stsh: bytes) -> dict[int, _Style]:
    """Paragraph styles by istd: built-in headings 1–9 (sti), else a heading name (标题 1)."""
    if len(stsh) < 6:
        return {}
    stshi = _u16(stsh, 0)
    cstd, base_size = _unpack("<HH", stsh, 2)
    styles: dict[int, _Style] = {}
    pos = 2 + stshi
    for istd in range(cstd):
        if pos + 2 > len(stsh):
            break
        size = _u16(stsh, pos)
        std = _slice(stsh, pos + 2, size)
        pos += 2 + size
        if size < base_size + 2 or _u16(std, 2) & 0xF != 1:  # not a paragraph style
            continue
        sti = _u16(std, 0) & 0x0FFF
        cch = _u16(std, base_size)
        name = _slice(std, base_size + 2, 2 * cch).decode("utf-16-le", "replace")
        level = sti if 1 <= sti <= 9 else heading_level(name)
        upx = base_size + 2 + 2 * cch + 2
        para = _Para()
        if upx + 4 <= len(std) and (cb := _u16(std, upx)) >= 2:
            _slice(std, upx + 2, cb)
            para = _para(std, istd, upx + 4, upx + 2 + cb)
        styles[istd] = _Style(level, para)
    return styles


# --------------------------------------------------------------------------- lists


def _lvl(table: bytes, at: int) -> tuple[Level, int]:
    """One LVL: (start, format, number text with ``%1``…) and the offset after it."""
    start, nfc = _unpack("<iB", table, at)
    cb_chpx, cb_papx = _unpack("<BB", table, at + 24)
    xst = at + 28 + cb_papx + cb_chpx
    cch = _u16(table, xst)
    template = _slice(table, xst + 2, 2 * cch).decode("utf-16-le", "replace")
    text = "".join(f"%{ord(c) + 1}" if ord(c) < 9 else c for c in template)
    return (start, _NFC.get(nfc, "decimal"), text), xst + 2 + 2 * cch


def _lists(table: bytes, fib: _Fib) -> dict[int, dict[int, Level]]:
    """Levels of each list by its 1-based ilfo, with the LFO's overrides of start values
    and formats."""
    (lst_fc, lst_lcb), (lfo_fc, lfo_lcb) = fib.pair(_PLF_LST), fib.pair(_PLF_LFO)
    if not (lst_lcb and lfo_lcb):
        return {}
    count = _unpack("<h", table, lst_fc)[0]
    _slice(table, lst_fc + 2, 28 * max(count, 0))
    by_lsid: dict[int, dict[int, Level]] = {}
    at = lst_fc + 2 + 28 * max(count, 0)  # the LVLs follow the LSTFs, list by list
    for i in range(max(count, 0)):
        lstf = lst_fc + 2 + 28 * i
        levels = {}
        for ilvl in range(1 if _u8(table, lstf + 26) & 1 else 9):
            levels[ilvl], at = _lvl(table, at)
        by_lsid[_i32(table, lstf)] = levels
    lfo_mac = _i32(table, lfo_fc)
    _slice(table, lfo_fc + 4, 16 * max(lfo_mac, 0))
    lists: dict[int, dict[int, Level]] = {}
    at = lfo_fc + 4 + 16 * max(lfo_mac, 0)  # then one LFOData per LFO: a cp and its overrides
    for i in range(max(lfo_mac, 0)):
        lfo = lfo_fc + 4 + 16 * i
        levels = dict(by_lsid.get(_i32(table, lfo), {}))
        at += 4
        for _ in range(_u8(table, lfo + 12)):
            override_start, bits = _unpack("<iI", table, at)
            at += 8
            ilvl = bits & 0xF
            if bits & 0x20:  # fFormatting: a whole LVL follows
                levels[ilvl], at = _lvl(table, at)
            elif bits & 0x10 and ilvl in levels:  # fStartAt
                levels[ilvl] = (override_start, *levels[ilvl][1:])
        lists[i + 1] = levels
    return lists


# --------------------------------------------------------------------------- the text


class _Builder:
    """Blocks from the text, paragraph by paragraph, with table rows gathered from their
    cells."""

    def __init__(self, styles: dict[int, _Style], lists: dict[int, dict[int, Level]]) -> None:
        self.blocks: list[Block] = []
        self._styles = styles
        self._lists = lists
        self._counters = ListCounters()
        self._cell: list[str] = []
        self._row: list[str] = []

    def paragraph(self, text: str, para: _Para) -> None:
        """A paragraph ended by its mark."""
        if para.in_table:
            if not para.inner_row_end:
                self._cell.append(text)
            return
        self.end_row()
        style = self._styles.get(para.istd, _Style())
        label = self._label(para, style.para)
        self.blocks.extend(Block(line, style.level) for line in (label + text).split("\n"))

    def cell(self, text: str, para: _Para) -> None:
        """A cell mark: the end of a cell, or of a row when the paragraph says so."""
        if para.row_end:
            self.end_row()
            return
        self._row.append("\n".join([*self._cell, text]).strip())
        self._cell = []

    def end_row(self) -> None:
        """Write the row gathered so far as one block of its non-empty cells."""
        if self._cell:
            self._row.append("\n".join(self._cell).strip())
        if any(self._row):
            self.blocks.append(Block(TABLE_CELL.join(c for c in self._row if c)))
        self._row, self._cell = [], []

    def _label(self, para: _Para, style: _Para) -> str:
        ilfo = para.ilfo if para.ilfo is not None else style.ilfo
        ilvl = para.ilvl if para.ilvl is not None else (style.ilvl or 0)
        if not ilfo or ilfo not in self._lists:
            return ""
        levels = self._lists[ilfo]
        if ilvl in levels and levels[ilvl][1] == "bullet":
            return ""  # a symbol-font glyph, not a number
        return self._counters.label(ilfo, ilvl, levels)


def _blocks(text: str, mark_fc: Callable[[int], int], paragraphs: _Paragraphs, builder: _Builder) -> None:
    """Walk the text once: fields, cells, paragraphs and the characters that are not text."""
    fields: list[bool] = []  # one per open field: still in its code (before 0x14)?
    hidden = 0
    buffer: list[str] = []
    pos = 0
    for match in _CONTROL.finditer(text):
        if not hidden:
            buffer.append(text[pos:match.start()])
        pos = match.end()
        char = match.group()
        if char == "\x13":
            fields.append(True)
            hidden += 1
        elif char == "\x14":
            if fields and fields[-1]:
                fields[-1] = False
                hidden -= 1
        elif char == "\x15":
            if fields and fields.pop():
                hidden -= 1
        elif char in _PARAGRAPH_ENDS or char == "\x07":
            para = paragraphs.at(mark_fc(match.start()))
            (builder.cell if char == "\x07" else builder.paragraph)("".join(buffer), para)
            buffer = []
        elif char in "\x0b\x0a" and not hidden:
            buffer.append("\n")
        elif char == "\x1e" and not hidden:
            buffer.append("-")
    if not hidden:
        buffer.append(text[pos:])
    if "".join(buffer).strip():
        builder.paragraph("".join(buffer), _Para())
    builder.end_row()


# --------------------------------------------------------------------------- the file


def _title(ole: OleFileIO) -> str:
    """The Title property of the SummaryInformation stream, "" when absent or damaged."""
    stream = "\x05SummaryInformation"
    if ole.get_type(stream) != _STREAM or ole.get_size(stream) > 1_000_000:
        return ""
    data = ole.openstream(stream).read()
    try:
        section = _u32(data, 44)
        size, count = _unpack("<II", data, section)
        props = _slice(data, section, size)
        entries = dict(struct.iter_unpack("<II", _slice(props, 8, 8 * count)))
        codepage = 1252
        if 1 in entries and _u32(props, entries[1]) == 2:  # VT_I2
            codepage = _u16(props, entries[1] + 4)
        if 2 not in entries:
            return ""
        kind, length = _unpack("<II", props, entries[2])
        if kind == 0x1F:  # VT_LPWSTR
            return _slice(props, entries[2] + 8, 2 * length).decode("utf-16-le", "replace").strip("\0 ")
        if kind != 0x1E:  # VT_LPSTR
            return ""
        raw = _slice(props, entries[2] + 8, length)
    except _Damaged:
        return ""
    codec = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    try:
        return raw.decode(codec, "replace").strip("\0 ")
    except LookupError:
        return raw.decode("cp1252", "replace").strip("\0 ")


def _not_doc(name: str, data: bytes) -> CorruptFileError:
    head = data[:512].lstrip().lower()
    if head.startswith(b"pk\x03\x04"):
        what = "it is a Word 2007+ (.docx) file: rename it to .docx"
    elif head.startswith(b"{\\rtf"):
        what = "it is an RTF file: open it in Word or LibreOffice and save it as .docx"
    elif head.startswith((b"<", b"mime-version")):
        what = "it is a web page saved with a Word name: rename it to .html"
    else:
        what = "damaged, or another format under a Word name"
    return CorruptFileError(f"{name}: not a readable Word 97–2003 or WPS Writer file ({what})")


def _damaged(name: str, detail: object) -> CorruptFileError:
    return CorruptFileError(f"{name}: the Word 97–2003 file is damaged ({detail}); "
                            "open it in Word or LibreOffice and save it again")


def read_doc(data: bytes, name: str) -> Source:
    """Paragraphs and table rows of a Word 97–2003 or WPS Writer file, in order."""
    import olefile

    if not data.startswith(olefile.MAGIC):
        raise _not_doc(name, data)
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except _OLE_ERRORS as exc:
        raise _not_doc(name, data) from exc
    with ole:
        try:
            return _read(ole, data, name)
        except LawtextError:
            raise
        except _Damaged as exc:
            raise _damaged(name, exc) from exc
        except _OLE_ERRORS as exc:
            raise _damaged(name, "its streams cannot be read") from exc


def _stream(ole: OleFileIO, data: bytes, stream: str) -> bytes:
    if ole.get_type(stream) != _STREAM:
        raise _Damaged(f"no {stream} stream")
    if ole.get_size(stream) > len(data):
        raise _Damaged(f"the {stream} stream claims more bytes than the file holds")
    return ole.openstream(stream).read()


def _read(ole: OleFileIO, data: bytes, name: str) -> Source:
    if ole.get_type("WordDocument") != _STREAM:
        raise CorruptFileError(f"{name}: an OLE file without a WordDocument stream, so not a Word 97–2003 or "
                               "WPS Writer document (an Excel or Works file under a Word name?)")
    word = _stream(ole, data, "WordDocument")
    fib = _fib(word, name)
    table = _stream(ole, data, fib.table)
    pieces = _pieces(fib.part(table, _CLX), fib.ccp_text, word)
    chars = pieces[-1].cp_end if pieces else 0
    limits.active().check(name, chars, "characters of text", "chars")
    text = "".join(_decode(word, p) for p in pieces)
    starts = [p.cp for p in pieces]

    def mark_fc(cp: int) -> int:
        piece = pieces[bisect.bisect_right(starts, cp) - 1]
        return piece.fc + (cp - piece.cp) * piece.width

    warnings = []
    try:
        styles = _styles(fib.part(table, _STSHF))
    except _Damaged:
        styles = {}
        warnings.append(f"{name}: the style sheet is damaged: heading styles are not used")
    try:
        lists = _lists(table, fib)
    except _Damaged:
        lists = {}
        warnings.append(f"{name}: the list tables are damaged: automatic numbers (一、) are missing")
    builder = _Builder(styles, lists)
    paragraphs = _Paragraphs(fib.part(table, _PLCF_BTE_PAPX), word)
    _blocks(text, mark_fc, paragraphs, builder)
    if paragraphs.damaged:
        warnings.append(f"{name}: paragraph properties are damaged: some headings, table rows and list "
                        "numbers are missing")
    title = _title(ole)
    return Source(tuple(builder.blocks), "doc", {"title": title} if title else {}, tuple(warnings))
