"""Rejoin lines broken at the page edge into paragraphs.

Written by hand: PDF engines break at every visual line and no library rejoins Chinese
lines by the layout of official documents (first-line indent, ragged last line).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import pairwise

from lawtext.resources import HEADING_PATTERNS, HEADING_START, PAGE_NUMBER, SENTENCE_END

_ENDS_CLAUSE = re.compile(rf"[{SENTENCE_END}：:；;]\s*$")
_CONTINUES = "，,、；;（(“《之第和与及或"
"""Last characters after which a heading number is part of the running sentence."""


@dataclass(frozen=True)
class LayoutSettings:
    """Every layout threshold of PDF reading and line joining, named, with its default.
    Lengths are in character widths (the median width of a character on the page) or line
    pitches; shares are fractions of lines, pages or glyphs.

    >>> LayoutSettings(indent_chars=0)
    Traceback (most recent call last):
    ...
    ValueError: LayoutSettings.indent_chars must be positive, got 0
    """

    full_line_chars: float = 1.5
    """A line ending within this many character widths of the right margin is full (wraps)."""
    open_end_chars: float = 4.0
    """A line this short of the margin still wraps unless it ends a clause or a heading follows."""
    indent_chars: float = 1.2
    """A line starting this far right of the left margin opens a paragraph."""
    gap_pitches: float = 1.3
    """A line this many line pitches below the previous one opens a paragraph."""
    fixed_wrap_min_chars: int = 10
    """Lines broken every N characters: N is at least this."""
    fixed_wrap_share: float = 0.3
    """…and at least this share of lines have exactly N characters."""
    plain_min_lines: int = 5
    """Plain text is rejoined only with at least this many long lines…"""
    plain_long_line_chars: int = 10
    """…lines longer than this…"""
    plain_wrap_share: float = 0.6
    """…of which this share are within two characters of the most common length."""
    margin_band: float = 0.1
    """Share of the page height at the top and bottom where running headers and page numbers sit."""
    garbage_share: float = 0.1
    """A page (or PDF) whose unmapped glyphs exceed this share of its text is re-read (or refused)."""
    fake_bold_overlap: float = 0.5
    """A repeated glyph offset by less than this share of its width is a fake-bold double."""
    ocr_dpi: float = 200.0
    """Dots per inch at which a PDF page without a text layer is rendered for OCR."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not value > 0:
                raise ValueError(f"LayoutSettings.{f.name} must be positive, got {value}")
            if f.name.endswith("_share") or f.name in ("margin_band", "fake_bold_overlap"):
                if value >= 1:
                    raise ValueError(f"LayoutSettings.{f.name} is a share below 1, got {value}")


LAYOUT = LayoutSettings()
"""The default layout settings."""


@dataclass(frozen=True)
class Line:
    """One visual line with its box (PDF points, ``top`` measured from the page top)."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    page: int = 0


Page = list[Line]
"""The lines of one page, in reading order."""
_DIGITS = re.compile(r"\d+")


def strip_margins(pages: list[Page], heights: list[float], band: float) -> tuple[list[Page], str]:
    """Drop page numbers and running headers/footers found in the margin bands (``band``, a
    share of each page's height in ``heights``) of positioned pages, from a text layer or OCR.

    A margin line goes when it is a page number (``— 3 —``, ``-3-``, ``第3页``) or when its
    text, digits masked, recurs on at least half the pages. Returns the kept lines and the
    most common running header (evidence of the issuer)."""
    def in_band(line: Line) -> bool:
        h = heights[line.page]
        return line.top < band * h or line.top > (1 - band) * h

    def key(line: Line) -> str:
        return _DIGITS.sub("#", re.sub(r"\s+", "", line.text))

    recurring = Counter(key(ln) for page in pages for ln in {key(x): x for x in page if in_band(x)}.values())
    threshold = max(2, (len(pages) + 1) // 2)
    headers: Counter[str] = Counter()
    kept: list[Page] = []
    for page in pages:
        body = []
        for line in page:
            if in_band(line) and (PAGE_NUMBER.match(line.text) or recurring[key(line)] >= threshold):
                if not PAGE_NUMBER.match(line.text):
                    headers[re.sub(r"\s+", "", line.text)] += 1
                continue
            body.append(line)
        kept.append(body)
    header = headers.most_common(1)[0][0] if headers else ""
    return kept, header


def _new_item(prev: str, nxt: str) -> bool:
    """Text evidence that ``nxt`` opens a paragraph whatever the layout says: it opens a
    numbered heading (一、 （一） 1. （1）) after anything but a comma, a conjunction, an
    opening bracket or 之/第, or it opens 一是… after a full stop — 之一、 and …；二是 may
    wrap to the start of a line inside a paragraph."""
    last = prev.rstrip()[-1:]
    nxt = nxt.lstrip()
    if last in SENTENCE_END and HEADING_START.match(nxt):
        return True
    return last not in _CONTINUES and any(p.match(nxt) for _, _, p in HEADING_PATTERNS)


def _glue(left: str, right: str) -> str:
    """Join a wrapped line: no space in Chinese, one space between two Latin words."""
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return left + " " + right
    return left + right


def join_laid_out(lines: Sequence[Line], settings: LayoutSettings = LAYOUT) -> list[str]:
    """Paragraphs from positioned lines: a line continues on the next one unless the next
    is indented or set off by extra space, or the line stops short of the right margin
    (clearly, or by a little after a finished clause or before a heading number), or the
    next line opens a numbered sub-heading (（一） 1. （1）; 一、 and 一是 only after a full stop,
    as 之一、 may wrap to the start of a line)."""
    if not lines:
        return []
    widths = [(ln.x1 - ln.x0) / max(len(ln.text.strip()), 1) for ln in lines if ln.text.strip()]
    char = statistics.median(widths) if widths else 10.0
    pitches = [b.top - a.top for a, b in pairwise(lines) if a.page == b.page and b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    lefts = sorted(ln.x0 for ln in lines)
    rights = sorted(ln.x1 for ln in lines)
    left = lefts[len(lefts) // 10]
    right = rights[len(rights) * 9 // 10]
    counts = [len(ln.text.strip()) for ln in lines]
    wrap = statistics.mode(counts)
    fixed = wrap >= settings.fixed_wrap_min_chars and counts.count(wrap) >= settings.fixed_wrap_share * len(counts)
    paragraphs = [lines[0].text.strip()]
    for prev, line in pairwise(lines):
        text = line.text.strip()
        short_by = right - prev.x1
        full = short_by <= settings.full_line_chars * char or (fixed and len(prev.text.strip()) >= wrap)
        # a line a few characters short may still wrap (half-width digits, no line may start
        # with ，。): it continues unless it ends a clause or the next opens a heading
        open_end = (short_by <= settings.open_end_chars * char and not _ENDS_CLAUSE.search(paragraphs[-1])
                    and not HEADING_START.match(text))
        indented = line.x0 > left + settings.indent_chars * char
        spaced = pitch > 0 and line.page == prev.page and line.top - prev.top > settings.gap_pitches * pitch
        if not indented and not spaced and not _new_item(prev.text, text) and (full or open_end):
            paragraphs[-1] = _glue(paragraphs[-1], text)
        else:
            paragraphs.append(text)
    return [p for p in paragraphs if p]


def join_plain(lines: Sequence[str], settings: LayoutSettings = LAYOUT) -> list[str]:
    """Paragraphs from plain-text lines. Lines are rejoined only when the text is
    hard-wrapped (most lines share one length): a line of the full length continues on the
    next one unless that one opens a new item (see :func:`_new_item`)."""
    lines = [ln.strip() for ln in lines]
    lengths = [len(ln) for ln in lines if len(ln) > settings.plain_long_line_chars]
    if len(lengths) < settings.plain_min_lines:
        return [ln for ln in lines if ln]
    wrap = statistics.mode(lengths)
    if sum(abs(n - wrap) <= 2 for n in lengths) < settings.plain_wrap_share * len(lengths):
        return [ln for ln in lines if ln]
    # broken at a fixed count, wrapped lines have exactly that length; broken by width
    # (pdftotext), half-width digits make them a character or two shorter
    slack = 0 if lengths.count(wrap) >= 0.5 * len(lengths) else 2
    paragraphs: list[str] = []
    joinable = False
    for line in lines:
        if not line:
            joinable = False
            continue
        if joinable and not _new_item(paragraphs[-1], line):
            paragraphs[-1] = _glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        joinable = len(line) >= wrap - slack
    return paragraphs
