"""Patterns of the text's own form (heading numbers, sentence ends, page numbers, years and
dates), compiled once here. Domain knowledge that a researcher edits lives in the rule files
of ``lawtext/data``, loaded by :mod:`lawtext.rules`."""

from __future__ import annotations

import re

_CN = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
"""A heading number from 一 to 九十九."""

# Heading numbers at the start of a paragraph, by level (docs/design.md §2).
HEADING_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("一、", 1, re.compile(rf"^(?P<num>{_CN})[、．.]\s*")),
    ("（一）", 2, re.compile(rf"^[（(](?P<num>{_CN})[）)]\s*[、.．]?\s*")),
    ("1.", 3, re.compile(r"^(?P<num>\d{1,2})\s*[.．、](?!\d)\s*")),
    ("（1）", 4, re.compile(r"^[（(](?P<num>\d{1,2})[）)]\s*[、.．]?\s*")),
)
ENUMERATOR = re.compile(rf"^(?P<num>{_CN})是")
"""``一是…`` opening a paragraph: a sub-heading when a run of them opens paragraphs."""

HEADING_START = re.compile(
    "|".join(f"(?:{p.pattern})" for _, _, p in (*HEADING_PATTERNS, ("", 0, ENUMERATOR))).replace("?P<num>", "")
)
"""Any heading number at the start of a line."""
SENTENCE_END = "。！？!?"
TABLE_CELL = "｜"
"""Separator of the cells of a table row in the text (full-width, so normalisation keeps it)."""
_PAGE_MARK = r"[-－—–―~]+\s*\d{1,4}\s*[-－—–―~]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
PAGE_MARK = re.compile(rf"^\s*(?:{_PAGE_MARK})\s*$")
"""A line that can only be a page number: ``— 3 —``, ``-3-``, ``第3页``, ``第3页 共9页``."""
PAGE_NUMBER = re.compile(
    rf"^\s*(?:{_PAGE_MARK}|\d{{1,4}}\s*/\s*\d{{1,4}}|\d{{1,4}}|[-－—–―]?\s*[ivxlcIVXLC]+\s*[-－—–―]?"
    r"|[-－—–―一]*\s*\d{1,4}\s*[-－—–―一]*)\s*$"
)
"""A page number in a page's margin band, where bare digits (``3``, ``3/9``, ``iv``) count too, and
so do the ways OCR reads ``— 3 —``: a dash as 一, or one dash lost (``一3一``, ``-3一``, ``-3``)."""
CID_GLYPH = re.compile(r"\(cid:\d+\)")
YEAR = re.compile(r"(?<!\d)(20[0-4]\d|19[89]\d)\s*年")
DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
)


_FIELD = r"\s*[\]】]?\s*[|｜:：]\s*[|｜]?\s*"
"""What separates a field's name from its value on a government page: 来源：…, [ 发布机构 ] | …"""
_SOURCE = re.compile(rf"(?:来源|发布机构|发文机关|信息来源){_FIELD}([\u4e00-\u9fff（）()]{{2,40}})")
_PUBLISHED = re.compile(rf"(?:发布|成文|公开|发文)(?:时间|日期){_FIELD}")


def page_fields(text: str) -> dict[str, str]:
    """The body and the date a government page states for what it publishes (来源：…,
    发布机构 | …, 发布日期：2024-03-18), as reader hints (``source``, ``publish_date``).

    >>> page_fields("索引号 | 0001 | 发布机构 | 南县民政局 | 发文日期 | 2022-03-18")
    {'source': '南县民政局', 'publish_date': '2022-03-18'}
    """
    hints = {}
    if source := _SOURCE.search(text):
        hints["source"] = source.group(1)
    published = _PUBLISHED.search(text)
    if published and (date := DATE.match(text, published.end())):
        hints["publish_date"] = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
    return hints
