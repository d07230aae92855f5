"""Thematic coverage: how much of each report, and of each of its required parts, speaks
of each area of the 法治政府建设实施纲要 in force for its year (2015–2020 or 2021–2025),
by term counts from ``lawtext/data/themes.toml``; with the crosswalk between the two."""

from __future__ import annotations

import bisect
import re
from functools import cache

import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars
from lawtext.rules import Rules, active

THEME_COLUMNS = ["doc_id", "required_part", "scheme", "area", "label", "hits", "share", "area_2021", "issuer",
                 "year"]
DEFAULT_SCHEME = "gangyao_2021"


def schemes() -> dict[str, dict]:
    """Scheme name → {label, years, areas: {area: {label, terms}}} (``themes.toml``)."""
    return dict(active().themes)


def crosswalk() -> dict[str, tuple[str, ...]]:
    """2015–2020 area → the 2021–2025 areas that carry it on."""
    return dict(active().crosswalk)


def scheme_for(year: int | None) -> str:
    """The scheme of the 纲要 in force in ``year`` (the newest when unknown)."""
    for name, scheme in schemes().items():
        first, last = scheme["years"]
        if year is not None and first <= year <= last:
            return name
    return DEFAULT_SCHEME


@cache
def _patterns(rules: Rules, scheme: str) -> dict[str, re.Pattern[str]]:
    areas = rules.themes[scheme]["areas"]
    return {area: re.compile("|".join(map(re.escape, sorted(a["terms"], key=len, reverse=True))))
            for area, a in areas.items()}


class _Matches:
    """The matches of an area's terms in a text, found in one pass; counted within any range
    as ``len(pattern.findall(text, start, end))`` counts them."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text = pattern, text
        spans = [m.span() for m in pattern.finditer(text)]
        self.starts, self.ends = [a for a, _ in spans], [b for _, b in spans]

    def within(self, start: int, end: int) -> int:
        """How many matches ``findall`` finds between ``start`` and ``end``: those of the
        whole text that lie inside, unless one of them straddles a border, where a search
        confined to the range may match otherwise (then it searches the range)."""
        first = bisect.bisect_left(self.starts, start)  # the first match starting inside
        last = bisect.bisect_left(self.starts, end)  # after the last match starting inside
        if (first and self.ends[first - 1] > start) or (last > first and self.ends[last - 1] > end):
            return len(self.pattern.findall(self.text, start, end))
        return last - first


def themes_frame(docs: Documents, *, scheme: str | None = None) -> pd.DataFrame:
    """One row per report × part (``""`` for the whole report) × area: term ``hits`` and
    their ``share`` of all area hits in that report or part. ``scheme`` defaults to the
    纲要 of each report's year; ``area_2021`` maps 2015–2020 areas through the crosswalk
    (the first 2021 area it names) so that years can be compared."""
    docs = documents(docs)
    rows: list[tuple] = []  # tuples in THEME_COLUMNS order: a corpus has hundreds of thousands of rows
    for doc in docs:
        name = scheme or scheme_for(doc.metadata.year)
        labels = schemes()[name]["areas"]
        spans = [("", 0, len(doc.text))] + [
            (s.required_part, s.start, s.end) for s in doc.sections if not s.parent_id]
        parts: dict[str, list[tuple[int, int]]] = {}
        for part, start, end in spans:
            parts.setdefault(part, []).append((start, end))
        joined = tuple(docvars(doc).values())
        found = {area: _Matches(p, doc.text) for area, p in _patterns(active(), name).items()}
        for part, ranges in parts.items():
            hits = {area: sum(matches.within(a, b) for a, b in ranges) for area, matches in found.items()}
            total = sum(hits.values())
            for area, n in hits.items():
                rows.append((doc.doc_id, part, name, area, labels[area]["label"], n,
                             round(n / total, 4) if total else 0.0,
                             area if name == DEFAULT_SCHEME else crosswalk().get(area, ("",))[0], *joined))
    return pd.DataFrame.from_records(rows, columns=THEME_COLUMNS).astype({"year": "Int64", "hits": "int64"})
