"""Records that cross module boundaries: frozen dataclasses with spans into one text.

A :class:`Document` owns the normalised text; every other record is a view with
``start``/``end`` character offsets into it (``doc.text[s.start:s.end]``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

REQUIRED_PARTS: tuple[str, ...] = ("achievements", "problems", "leader_duty", "next_year", "other")
"""The five required parts in the official order of the 2019 regulation."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph as a reader found it, before normalisation.

    ``heading_level`` is the outline level a source gave it (a DOCX or DOC heading style,
    an HTML ``<h2>``), kept as evidence for the structure parser.
    """

    text: str
    heading_level: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """What a reader returns: paragraphs plus metadata hints found outside the body."""

    blocks: tuple[Block, ...]
    format: str
    hints: dict[str, str] = field(default_factory=dict)
    """Keys: ``title``, ``source`` (an HTML 来源 line), ``publish_date``, ``page_header``."""
    warnings: tuple[str, ...] = ()
    """What was read with loss, e.g. PDF pages without a text layer."""
    ocr_pages: tuple[int, ...] = ()
    """Pages (from 1) whose text was read by OCR: a scanned PDF's pages without a text layer,
    an image's frames."""
    ocr_confidence: float | None = None
    """The OCR engine's mean confidence over those pages' characters (0–1), None without OCR."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Document-level metadata (the ``documents`` table minus file facts)."""

    title: str = ""
    issuer: str = ""
    issuer_type: str = ""
    issuer_kind: str = ""
    region: str = ""
    level: str = ""
    year: int | None = None
    publish_date: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A paragraph or sentence: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line found in the text, before it becomes a section."""

    level: int
    number: str
    title: str
    start: int
    """Offset of the paragraph that opens with the heading."""
    end: int
    """End of the heading text (the number plus the title)."""
    kind: str
    """Numbering style: ``一、``, ``（一）``, ``1.``, ``（1）``, ``一是``; ``style`` for an
    unnumbered heading by its DOCX style, ``line`` for one standing alone on its line."""


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of its level or above."""

    doc_id: str
    section_id: str
    parent_id: str
    level: int
    number: str
    title: str
    required_part: str
    start: int
    end: int
    heading_end: int

    @property
    def chars(self) -> int:
        """Characters of the section, heading included."""
        return self.end - self.start


@dataclass(frozen=True, repr=False)
class Document:
    """A report: its normalised text, metadata, file facts and everything derived from it.

    A plain record: :func:`lawtext.read_bytes` computes every field in pipeline order
    (headings → sections → paragraphs and sentences → indicators → measures); the record
    itself computes nothing. Lookups by offset (:meth:`section_at`, :meth:`part_at`) are
    binary searches over the sections.
    """

    doc_id: str
    path: str
    format: str
    sha256: str
    text: str
    metadata: Metadata
    headings: tuple[Heading, ...]
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    """Pages (from 1) read by OCR (:attr:`Source.ocr_pages`)."""
    ocr_confidence: float | None = None
    """Mean OCR confidence over those pages' characters (:attr:`Source.ocr_confidence`)."""
    sections: tuple[Section, ...] = ()
    """One per heading, in text order (a parent before its children)."""
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    measures: tuple[Measure, ...] = ()

    def __repr__(self) -> str:
        return (f"<Document {self.doc_id}: {len(self.text):,} chars, {len(self.sections)} sections, "
                f"{len(self.indicators)} indicators>")

    @cached_property
    def parts(self) -> tuple[Section, ...]:
        """The first-level sections, each with the required part it opens (or "")."""
        return tuple(s for s in self.sections if not s.parent_id)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    @cached_property
    def _part_starts(self) -> list[int]:
        return [s.start for s in self.parts]

    @property
    def preamble(self) -> str:
        """Text between the title line and the first heading."""
        first = self.headings[0].start if self.headings else len(self.text)
        body_start = self.text.find("\n") + 1 if self.metadata.title else 0
        return self.text[min(body_start, first):first].strip()

    def section_at(self, pos: int) -> Section | None:
        """The innermost section that contains offset ``pos``: the last one to start at or
        before it (a section runs to the next heading of its level or above)."""
        i = bisect.bisect_right(self._section_starts, pos) - 1
        return self.sections[i] if i >= 0 and pos < self.sections[i].end else None

    def part_at(self, pos: int) -> str:
        """The required part of the first-level section that contains ``pos``."""
        i = bisect.bisect_right(self._part_starts, pos) - 1
        return self.parts[i].required_part if i >= 0 and pos < self.parts[i].end else ""

    def section_text(self, section: Section) -> str:
        """The text of ``section``, its heading included."""
        return self.text[section.start:section.end]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed: one row of the ``errors`` table."""

    path: str
    doc_id: str
    stage: str
    error_type: str
    message: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """A quantitative claim: ``mention`` is ``text[start:end]``."""

    doc_id: str
    section_id: str
    required_part: str
    mention: str
    value: float
    value_max: float | None
    unit: str
    approx: str
    zero_claim: bool
    what: str
    category: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Measure:
    """A claimed measure (举措): a clause that opens with an action verb."""

    doc_id: str
    section_id: str
    required_part: str
    action: str
    object: str
    text: str
    category: str
    planned: bool
    start: int
    end: int
