"""Records that cross module boundaries: frozen dataclasses with spans into one text.

A :class:`Document` owns the normalised text; every other record is a view with
``start``/``end`` character offsets into it (``doc.text[s.start:s.end]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

REQUIRED_PARTS: tuple[str, ...] = ("achievements", "problems", "leader_duty", "next_year", "other")
"""The five required parts in the official order of the 2019 regulation."""


@dataclass(frozen=True)
class Block:
    """A paragraph as a reader found it, before normalisation.

    ``heading_level`` is the outline level a source gave it (a DOCX heading style,
    an HTML ``<h2>``), kept as evidence for the structure parser.
    """

    text: str
    heading_level: int | None = None


@dataclass(frozen=True)
class Source:
    """What a reader returns: paragraphs plus metadata hints found outside the body."""

    blocks: tuple[Block, ...]
    format: str
    hints: dict[str, str] = field(default_factory=dict)
    """Keys: ``title``, ``source`` (an HTML 来源 line), ``publish_date``, ``page_header``."""
    warnings: tuple[str, ...] = ()
    """What was read with loss, e.g. PDF pages without a text layer."""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Span:
    """A paragraph or sentence: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
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
    """Numbering style: ``一、``, ``（一）``, ``1.``, ``（1）``, ``一是`` or ``style``."""


@dataclass(frozen=True)
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
        return self.end - self.start


@dataclass(frozen=True)
class Document:
    """A report: its normalised text, metadata and file facts.

    Structure is derived on first access and cached: ``doc.sections``,
    ``doc.paragraphs``, ``doc.sentences``, ``doc.indicators``, ``doc.measures``; as
    DataFrames through ``doc.frame("indicators")``.
    """

    doc_id: str
    path: str
    format: str
    sha256: str
    text: str
    metadata: Metadata
    headings: tuple[Heading, ...]
    warnings: tuple[str, ...] = ()

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        from lawtext.structure.sections import build_sections

        return build_sections(self)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        from lawtext.structure.units import find_paragraphs

        return find_paragraphs(self.text)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        from lawtext.structure.units import find_sentences

        return find_sentences(self.text)

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        from lawtext.extract.indicators import find_indicators

        return find_indicators(self)

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        from lawtext.extract.measures import find_measures

        return find_measures(self)

    @property
    def preamble(self) -> str:
        """Text between the title line and the first heading."""
        first = self.headings[0].start if self.headings else len(self.text)
        body_start = self.text.find("\n") + 1 if self.metadata.title else 0
        return self.text[min(body_start, first):first].strip()

    def section_at(self, pos: int) -> Section | None:
        """The innermost section that contains offset ``pos``."""
        inner = None
        for s in self.sections:
            if s.start <= pos < s.end and (inner is None or s.level >= inner.level):
                inner = s
        return inner

    def part_at(self, pos: int) -> str:
        """The required part of the first-level section that contains ``pos``."""
        return next((s.required_part for s in self.sections if not s.parent_id and s.start <= pos < s.end), "")

    def section_text(self, section: Section) -> str:
        return self.text[section.start:section.end]

    def frame(self, table: str) -> pd.DataFrame:
        """One table of this report: ``sections``, ``indicators`` or ``measures``."""
        from lawtext import frames

        return frames.FRAMES[table]([self])


@dataclass(frozen=True)
class Failure:
    """An input that could not be analysed: one row of the ``errors`` table."""

    path: str
    doc_id: str
    stage: str
    error_type: str
    message: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
