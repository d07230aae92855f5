"""Label first-level headings with the required part they open, by the editable rules in
``lawtext/data/parts.toml``."""

from __future__ import annotations

from lawtext.resources import YEAR
from lawtext.rules import active


def required_part(title: str, year: int | None = None) -> str:
    """The required part a first-level heading opens: the part whose pattern matches
    first in the title, a year after the report year counting as a next_year match.

    >>> required_part("2024年推进法治政府建设的工作思路、目标举措", 2023)
    'next_year'
    >>> required_part("坚持党的领导，统筹推进法治政府建设")
    'achievements'
    """
    rules = active().parts
    patterns, default, future = rules.patterns, rules.default, rules.future
    first: tuple[int, str] | None = None
    if year is not None:
        later = next((m for m in YEAR.finditer(title) if int(m.group(1)) > year), None)
        first = (later.start(), "next_year") if later else None
    for part, regexes in patterns.items():
        for regex in regexes:
            match = regex.search(title)
            if match and (first is None or match.start() < first[0]):
                first = (match.start(), part)
    if first:
        return first[1]
    return "next_year" if future.search(title) else default
