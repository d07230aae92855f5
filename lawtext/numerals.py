"""Numbers as report Chinese writes them: ``240``, ``1,200``, ``1.2万``, ``二十``,
``两千三百万``, ``一百零五``, ``百分之九十五``.

Written by hand: cn2an and chinese2digits convert whole texts (三项制度 → 3项制度); here a
numeral is converted only inside a span the indicator grammar has already matched.
"""

from __future__ import annotations

import re

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC = re.compile(ARABIC)


class NumeralError(ValueError):
    """The string is not a well-formed numeral."""


def parse_chinese(numeral: str) -> int:
    """A standard Chinese numeral: ``一百零五`` → 105, ``两千三百万`` → 23000000,
    ``十二`` → 12, ``一亿零五万`` → 100050000; digit strings like ``二〇二三`` → 2023."""
    if not numeral or any(c not in CN_DIGIT and c not in CN_SMALL and c not in CN_BIG for c in numeral):
        raise NumeralError(f"not a Chinese numeral: {numeral!r}")
    if all(c in CN_DIGIT for c in numeral) and len(numeral) > 1:
        return int("".join(str(CN_DIGIT[c]) for c in numeral))
    total = section = digit = 0
    for ch in numeral:
        if ch in CN_DIGIT:
            digit = CN_DIGIT[ch]
        elif ch in CN_SMALL:
            section += (digit or 1) * CN_SMALL[ch]
            digit = 0
        else:
            big = CN_BIG[ch]
            if big == 10**8:
                total = (total + section + digit) * big
            else:
                total += (section + digit) * big
            section = digit = 0
    return total + section + digit


def parse_arabic(numeral: str) -> float:
    """``1,200`` → 1200.0, ``97.77`` → 97.77."""
    if not _ARABIC.fullmatch(numeral):
        raise NumeralError(f"not an Arabic numeral: {numeral!r}")
    return float(numeral.replace(",", ""))


def parse_number(numeral: str) -> float:
    """Arabic, Chinese or mixed (``1.2万``, ``3千``, ``12.5亿``) numerals, and Chinese
    decimals (``九十九点六`` → 99.6)."""
    whole, point, decimals = numeral.partition("点")
    if point and decimals and all(c in CN_DIGIT for c in decimals):
        return parse_chinese(whole) + float("0." + "".join(str(CN_DIGIT[c]) for c in decimals))
    match = _ARABIC.match(numeral)
    if match:
        value = parse_arabic(match.group())
        for ch in numeral[match.end():]:
            if ch in CN_SMALL:
                value *= CN_SMALL[ch]
            elif ch in CN_BIG:
                value *= CN_BIG[ch]
            else:
                raise NumeralError(f"not a numeral: {numeral!r}")
        return value
    return float(parse_chinese(numeral))
