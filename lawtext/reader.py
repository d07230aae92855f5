"""Path or bytes → :class:`~lawtext.model.Document`: the whole per-report pipeline in one
visible function, a pure function of the file's bytes and name, safe to run in a process
pool or on Dask."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

from lawtext import limits, normalize
from lawtext.errors import EmptyDocumentError, NotARegularFileError
from lawtext.extract.indicators import find_indicators
from lawtext.extract.measures import find_measures
from lawtext.ingest import file_format, read_source
from lawtext.metadata import find_metadata
from lawtext.model import Document
from lawtext.rules import Rules, resolve, using
from lawtext.structure.headings import find_headings
from lawtext.structure.sections import build_sections
from lawtext.structure.units import find_paragraphs, find_sentences


def read_bytes(data: bytes, *, name: str, doc_id: str | None = None, fmt: str | None = None) -> Document:
    """A report from its bytes, analysed in pipeline order: ingest → normalise → metadata
    → headings → sections → paragraphs and sentences → indicators → measures. ``name`` is
    its path (for messages and metadata)."""
    fmt = fmt or file_format(name)
    source = read_source(data, name, fmt)
    limits.active().check(name, sum(len(b.text) for b in source.blocks), "characters of text", "chars")
    blocks = normalize.blocks(source.blocks)
    if not blocks:
        raise EmptyDocumentError(f"{name}: no text after normalisation")
    text = "\n".join(b.text for b in blocks)
    starts = [0, *accumulate(len(b.text) + 1 for b in blocks)][:-1]
    doc = Document(
        doc_id=doc_id or Path(name).name,
        path=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        metadata=find_metadata(blocks, source.hints, name),
        headings=find_headings(blocks, starts),
        warnings=source.warnings,
        ocr_pages=source.ocr_pages,
        ocr_confidence=source.ocr_confidence,
    )
    doc = replace(doc, sections=build_sections(doc), paragraphs=find_paragraphs(text), sentences=find_sentences(text))
    doc = replace(doc, indicators=find_indicators(doc))
    return replace(doc, measures=find_measures(doc))


def read(path: str | Path, *, root: str | Path | None = None, rules: Rules | str | Path | None = None) -> Document:
    """Read one report (TXT, PDF, DOCX, DOC/WPS, HTML, or a PNG, JPEG or TIFF scan).

    ``doc_id`` is the path relative to ``root`` (the corpus folder), else the file name;
    ``rules`` a folder of rule files over the packaged ones (:mod:`lawtext.rules`).

    >>> doc = read("corpora/seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt")
    >>> doc.metadata.year, [s.required_part for s in doc.sections if s.level == 1]
    (2023, ['achievements', 'leader_duty', 'problems', 'next_year'])
    """
    path = Path(path)
    doc_id = path.relative_to(root).as_posix() if root else path.name
    with using(resolve(rules)):
        return read_bytes(file_bytes(path), name=str(path), doc_id=doc_id)


def _regular(path: Path, name: str | None) -> None:
    """Refuse a FIFO, device or socket before it is opened (:class:`NotARegularFileError`,
    naming the file as ``name``)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotARegularFileError(f"{name or path}: not a regular file (a FIFO, device or socket): not read")


def file_bytes(path: Path, name: str | None = None) -> bytes:
    """The bytes of a regular file (see :func:`_regular`)."""
    _regular(path, name)
    return path.read_bytes()


def file_sha256(path: Path, name: str | None = None) -> str:
    """The SHA-256 of a regular file (see :func:`_regular`), read a megabyte at a time: a
    3 GB file takes no more memory than a small one."""
    _regular(path, name)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
