"""Pure ``str -> str`` normalisers, composed by :func:`paragraph`.

Full-width digits and Latin letters become half-width, whitespace is folded, Chinese
punctuation is kept. Every offset lawtext reports refers to the normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from lawtext.model import Block

_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
_DECIMAL = re.compile(r"(?<=\d)．(?=\d)")
_RADICAL = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[^\S\n]+")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
_SPACE_NEAR_CJK = re.compile(rf" (?:(?<=[{_CJK}] )|(?=[{_CJK}]))")  # a space first: the engine jumps to each
# Letter-spaced runs as PDFs give titles: "关 于 2 0 2 3 年" (three or more lone characters).
_LETTER_SPACED = re.compile(r"(?<!\S)\S(?: \S){2,}(?!\S)")


def widths(text: str) -> str:
    """Full-width digits and Latin letters to half-width, and a full-width full stop
    between digits to a decimal point: ``２．６７亿元`` → ``2.67亿元`` (``１．`` before a
    heading title stays)."""
    return _DECIMAL.sub(".", text.translate(_FULLWIDTH_ALNUM))


def radicals(text: str) -> str:
    """Kangxi radicals and compatibility ideographs that some PDF fonts map characters to,
    back to the ideographs they stand for: ``⼀、⼯作`` → ``一、工作``."""
    return _RADICAL.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def invisible(text: str) -> str:
    """Drop zero-width characters, soft hyphens and stray byte-order marks."""
    return _INVISIBLE.sub("", text)


def whitespace(text: str) -> str:
    """Fold runs of spaces (incl. ideographic and non-breaking) to nothing next to Chinese,
    to one space elsewhere, and undo letter spacing: ``关 于 2 0 2 3 年`` → ``关于2023年``."""
    text = _SPACES.sub(" ", text).strip()
    text = _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    return _SPACE_NEAR_CJK.sub("", text)


def paragraph(text: str) -> str:
    """Normalise one paragraph (line breaks inside it become spaces first)."""
    text = unicodedata.normalize("NFC", text.replace("\r", " ").replace("\n", " "))
    return whitespace(widths(radicals(invisible(text))))


_NUMBER = r"(?:[一二三四五六七八九十]{1,3}[、，,]|[（(][一二三四五六七八九十]{1,3}[）)])"
_INLINE_HEADING = re.compile(
    r"(?=[\s一二三四五六七八九十（(])(?:"  # where either can start: a space or a number's first character
    rf"(?<=[。：:；;！？!?])\s*(?={_NUMBER}\S)"
    rf"|(?<=\S)[ \t\u3000\xa0]+(?=(?:{_NUMBER}|[一二三四五六七八九十]{{1,3}}是)\S))"
)
"""A part or sub-part number right after a sentence end, or after a space, inside a
paragraph: web pages that lost their line breaks run ``…提供了有力保障。一、坚持党的领导``
or ``如下: 一、主要工作 （一）加强组织领导`` together."""


def blocks(raw: Iterable[Block]) -> list[Block]:
    """Normalise each paragraph, split off headings run into it, and drop the empty ones
    (with their evidence)."""
    out = []
    for block in raw:
        for piece in _INLINE_HEADING.split(block.text):
            if text := paragraph(piece):
                out.append(Block(text, block.heading_level))
    return out
