"""Decoding bytes to text (charset-normalizer) and the plain-text reader."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from lawtext.errors import EmptyDocumentError, EncodingError
from lawtext.ingest.lines import join_plain
from lawtext.model import Block, Source
from lawtext.resources import PAGE_MARK

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


def _gb18030(encoding: str | None) -> str | None:
    """A declared or detected gb2312/gbk is read as gb18030, its superset."""
    if encoding and encoding.lower().replace("-", "").replace("_", "") in _GB_FAMILY:
        return "gb18030"
    return encoding


def decode(data: bytes, name: str, declared: str | None = None, *, markup: bool = False) -> str:
    """Text of ``data``: the declared encoding when it fits, else the detected one.

    Raises :class:`EncodingError` for binary data and for bytes that decode to no
    Chinese text under any encoding (not checked for ``markup``, where tags and scripts
    may far outnumber the Chinese characters)."""
    if not data.strip(b" \t\r\n\x00"):
        raise EmptyDocumentError(f"{name}: the file is empty")
    text = None
    declared = _gb18030(declared)
    if declared and not data.startswith(_BOMS):
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        best = from_bytes(data).best()
        nul = b"\x00" in data[:4096] and not data.startswith(_BOMS[1:])
        if nul and (best is None or not best.encoding.startswith("utf_16")):
            raise EncodingError(f"{name}: binary data, not text (NUL bytes); is the extension right?")
        if best is None:
            raise EncodingError(
                f"{name}: no text encoding explains these bytes; convert the file to UTF-8"
            )
        encoding = _gb18030(best.encoding)
        text = data.decode(encoding, errors="replace") if encoding == "gb18030" else str(best)
    text = text.lstrip("\ufeff")
    visible = [c for c in text if not c.isspace()]
    if not visible:
        raise EmptyDocumentError(f"{name}: the file holds only whitespace")
    chinese = markup or len(_HAN.findall(text)) >= 0.1 * len(visible)
    if len(_CONTROL.findall(text)) > 0.01 * len(visible) or not chinese:
        raise EncodingError(
            f"{name}: the bytes decode to no Chinese text under any encoding "
            "(binary data or an unknown encoding); convert the file to UTF-8"
        )
    return text


def read_text(data: bytes, name: str) -> Source:
    """Plain text: one paragraph per line (hard-wrapped text is rejoined; page-number lines
    and form feeds that text exported from PDFs carries are dropped)."""
    text = decode(data, name)
    lines = [ln for ln in text.replace("\f", "").splitlines() if not PAGE_MARK.match(ln)]
    return Source(tuple(Block(p) for p in join_plain(lines)), "txt")
