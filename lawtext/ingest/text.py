"""Decoding bytes to text (charset-normalizer) and the plain-text reader."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from lawtext import limits
from lawtext.errors import EmptyDocumentError, EncodingError
from lawtext.ingest.lines import join_plain
from lawtext.model import Block, Source
from lawtext.resources import PAGE_MARK

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HAN = re.compile(r"[\u4e00-\u9fff]+")  # runs: one match per run, not per character (3× faster)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


def _gb18030(encoding: str | None) -> str | None:
    """A declared or detected gb2312/gbk is read as gb18030, its superset."""
    if encoding and encoding.lower().replace("-", "").replace("_", "") in _GB_FAMILY:
        return "gb18030"
    return encoding


def _count(pattern: re.Pattern[str], text: str, *, inverse: bool = False) -> int:
    """Characters of ``text`` matched by ``pattern`` (or not, ``inverse``), counted without
    a Python object per character: a 50 MB text would need gigabytes for that."""
    rest = len(pattern.sub("", text))
    return rest if inverse else len(text) - rest


def _decoded(data: bytes, encoding: str) -> str | None:
    """``data`` in ``encoding``, also when its last character was cut short (a file still
    downloading or truncated by a copy); None when the bytes are not in that encoding."""
    try:
        return data.decode(encoding)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.start >= len(data) - 3:
            return data[: exc.start].decode(encoding)
        return None


_DAMAGED = 0.01
"""Undecodable characters, as a share of all, up to which a file is read with them replaced
(a few damaged bytes in a long report) rather than refused."""


def _repaired(data: bytes, encoding: str) -> tuple[str, int] | None:
    """``data`` in ``encoding`` with its few undecodable byte sequences replaced by U+FFFD,
    and how many were; None when too many are (another encoding, or binary)."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return (text, bad) if bad <= _DAMAGED * len(text) else None


def decode(data: bytes, name: str, declared: str | None = None, *, markup: bool = False) -> tuple[str, tuple[str, ...]]:
    """Text of ``data`` and what was lost reading it: the declared encoding when it fits,
    else the detected one, else the declared or UTF-8 with a few damaged bytes replaced.

    Raises :class:`EncodingError` for binary data and for bytes that decode to no
    Chinese text under any encoding (not checked for ``markup``, where tags and scripts
    may far outnumber the Chinese characters)."""
    if not data:
        raise EmptyDocumentError(f"{name}: the file is empty (0 bytes)")
    if not data.strip(b" \t\r\n\x00"):
        raise EmptyDocumentError(f"{name}: the file holds no text, only whitespace or NUL bytes")
    text = None
    warnings: tuple[str, ...] = ()
    declared = _gb18030(declared)
    nul = b"\x00" in data[:4096] and not data.startswith(_BOMS[1:])
    if declared and not data.startswith(_BOMS):
        text = _decoded(data, declared)
    if text is None and not nul and not data.startswith(_BOMS[1:]):
        text = _decoded(data, "utf-8")
    if text is None:
        best = from_bytes(data).best()
        if nul and (best is None or not best.encoding.startswith("utf_16")):
            raise EncodingError(f"{name}: binary data, not text (NUL bytes); is the extension right?")
        if best is not None:
            encoding = _gb18030(best.encoding)
            text = data.decode(encoding, errors="replace") if encoding == "gb18030" else str(best)
    if text is None:
        encoding = declared or "utf-8"
        repaired = _repaired(data, encoding)
        if repaired is None:
            raise EncodingError(f"{name}: no text encoding explains these bytes; convert the file to UTF-8")
        text, bad = repaired
        warnings = (f"{bad:,} byte sequences that are not {encoding} (damaged bytes) were replaced with \ufffd",)
    text = text.lstrip("\ufeff")
    visible = _count(_SPACE, text, inverse=True)
    if not visible:
        raise EmptyDocumentError(f"{name}: the file holds only whitespace")
    chinese = markup or _count(_HAN, text) >= 0.1 * visible
    if _count(_CONTROL, text) > 0.01 * visible or not chinese:
        raise EncodingError(
            f"{name}: the bytes decode to no Chinese text under any encoding "
            "(binary data or an unknown encoding); convert the file to UTF-8"
        )
    return text, warnings


def read_text(data: bytes, name: str) -> Source:
    """Plain text: one paragraph per line (hard-wrapped text is rejoined; page-number lines
    and form feeds that text exported from PDFs carries are dropped)."""
    text, warnings = decode(data, name)
    limits.active().check(name, len(text), "characters of text", "chars")
    lines = [ln for ln in text.replace("\f", "").splitlines() if not PAGE_MARK.match(ln)]
    return Source(tuple(Block(p) for p in join_plain(lines)), "txt", warnings=warnings)
