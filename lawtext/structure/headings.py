"""Find the heading lines of a report by their numbering (docs/design.md §2).

``一、`` → level 1, ``（一）`` → 2, ``1.`` → 3, ``（1）`` → 4. A run of paragraphs that each
open with ``一是``, ``二是``… are sub-headings one level below the heading they sit under;
the same words running inside a paragraph and ``第一，`` items are not headings. A heading
ends at the first ``。`` of its paragraph.
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
        else:
            continue
        headings.append(Heading(level, number, title, starts[i], starts[i] + end, kind))
    return tuple(headings)
