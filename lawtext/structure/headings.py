"""Find the heading lines of a report by their numbering (docs/design.md §2).

``一、`` → level 1, ``（一）`` → 2, ``1.`` → 3, ``（1）`` → 4. A run of paragraphs that each
open with ``一是``, ``二是``… are sub-headings one level below the heading they sit under;
the same words running inside a paragraph and ``第一，`` items are not headings. A heading
ends at the first ``。`` of its paragraph. A short line standing alone right above numbered
headings titles them (``主要工作`` above ``（一）…``), one level above them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lawtext.model import Block, Heading
from lawtext.numerals import parse_chinese
from lawtext.resources import ENUMERATOR, HEADING_PATTERNS

_TITLE_END = re.compile(r"[。！？!?]")
_STYLE_HEADING_MAX = 50
_ENUMERATOR_TITLE_MAX = 30
"""A lone 一是 paragraph is a heading when its first sentence is this short."""
_LINE_HEADING_MAX = 30
_BODY_MIN = 60
"""A paragraph this long is body text: line headings are looked for only after one (or after
a numbered heading), not among a page's header lines."""
_NOT_A_LINE_HEADING = re.compile(r"[。；;：:！!？?]$|[|【】\[\]<>•:：/\d]")
"""A line that ends a sentence, holds a digit, or holds marks of a page's header fields
(发布机构：…, 【打印】, a table row) titles nothing."""


def _title(paragraph: str, after_number: int) -> tuple[str, int]:
    """Heading title and the offset where it ends (exclusive) inside the paragraph."""
    stop = _TITLE_END.search(paragraph, after_number)
    end = stop.start() if stop else len(paragraph)
    title = paragraph[after_number:end].rstrip()
    return title, after_number + len(title)


def _enumerator_runs(paragraphs: Sequence[str], numbered: set[int]) -> dict[int, int]:
    """Paragraph index → number for ``一是`` paragraphs that form a run 一是, 二是, …
    (at least two, with no numbered heading between them)."""
    found: dict[int, int] = {}
    candidates = {i: parse_chinese(m["num"]) for i, p in enumerate(paragraphs) if (m := ENUMERATOR.match(p))}
    for i, n in candidates.items():  # 一是加强组织领导。… opening a paragraph heads it even alone
        if n == 1 and (stop := _TITLE_END.search(paragraphs[i])) and stop.start() <= _ENUMERATOR_TITLE_MAX:
            found[i] = 1
    for i, n in candidates.items():
        if n != 1:
            continue
        run, expected = [i], 2
        for j in range(i + 1, len(paragraphs)):
            if j in numbered:
                break
            if candidates.get(j) == expected:
                run.append(j)
                expected += 1
        if len(run) >= 2:
            found.update({k: idx + 1 for idx, k in enumerate(run)})
    return found


def find_headings(blocks: Sequence[Block], starts: Sequence[int]) -> tuple[Heading, ...]:
    """Headings of normalised paragraphs ``blocks`` that begin at offsets ``starts``.

    The first paragraph is the document title, unless it is numbered: a page whose title
    sits in its header starts with its first heading."""
    paragraphs = [b.text for b in blocks]
    first = 0 if paragraphs and any(p.match(paragraphs[0]) for _, _, p in HEADING_PATTERNS) else 1
    numbered: dict[int, tuple[str, int, re.Match[str]]] = {}
    for i, text in enumerate(paragraphs[first:], first):
        for kind, level, pattern in HEADING_PATTERNS:
            match = pattern.match(text)
            if match:
                numbered[i] = (kind, level, match)
                break
    enumerated = _enumerator_runs(paragraphs, set(numbered))
    headings: list[Heading] = []
    for i, text in enumerate(paragraphs[first:], first):
        if i in numbered:
            kind, level, match = numbered[i]
            number = text[: match.end()].strip()
            title, end = _title(text, match.end())
        elif i in enumerated:
            parent = next((h.level for h in reversed(headings) if h.kind != "一是"), 0)
            kind, level, number = "一是", parent + 1, text[: text.index("是") + 1]
            title, end = _title(text, len(number))
        elif (style := blocks[i].heading_level) and len(text) <= _STYLE_HEADING_MAX and not _TITLE_END.search(text):
            kind, level, number = "style", min(style, 4), ""
            title, end = text, len(text)
        elif (level := _line_heading_level(paragraphs, i, headings, numbered)):
            kind, number, title, end = "line", "", text, len(text)
        else:
            continue
        headings.append(Heading(level, number, title, starts[i], starts[i] + end, kind))
    return tuple(headings)


def _line_heading_level(paragraphs: Sequence[str], i: int, before: Sequence[Heading],
                        numbered: dict[int, tuple[str, int, re.Match[str]]]) -> int:
    """The level of paragraph ``i`` as an unnumbered heading, 0 when it is none: a short line
    without a sentence end or digit, after the body has begun, right above a numbered
    heading deeper than the heading it sits under; it is one level above that heading
    (二、工作开展情况 / 强化组织保障，发挥法治引领作用 / 1.切实履行… → level 2)."""
    text = paragraphs[i]
    if len(text) > _LINE_HEADING_MAX or _NOT_A_LINE_HEADING.search(text) or i + 1 not in numbered:
        return 0
    if not before and not any(len(p) >= _BODY_MIN for p in paragraphs[:i]):
        return 0
    below = numbered[i + 1][1]
    return below - 1 if below > 1 and (not before or below > before[-1].level) else 0
