"""Which required parts a report covers, and on what evidence: a first-level heading that
opens the part, else sentences whose content belongs to it (rules in
``lawtext/data/coverage.toml``), else none."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pandas as pd

from lawtext.model import REQUIRED_PARTS, Document
from lawtext.resources import data_toml

COVERAGE_COLUMNS = ["doc_id", "required_part", "covered", "evidence", "chars", "issuer", "year"]


@cache
def _rules() -> tuple[int, dict[str, frozenset[str]]]:
    """The minimum number of matching sentences, and the parts each part's evidence may
    not sit in."""
    rules = data_toml("coverage.toml")
    return rules["min_sentences"], {name: frozenset(r["not_in"]) for name, r in rules["parts"].items()}


@cache
def _pattern(part: str, year: int | None) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The content patterns of ``part``, with ``{next_year}`` filled in for the report year,
    and its exclusions."""
    rules = data_toml("coverage.toml")["parts"][part]
    next_year = str(year + 1) if year else r"20\d\d"
    exclude = re.compile("|".join(rules["exclude"])) if rules["exclude"] else None
    return re.compile("|".join(p.replace("{next_year}", next_year) for p in rules["patterns"])), exclude


def _part_of(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, required_part) of each first-level section."""
    return [(s.start, s.end, s.required_part) for s in doc.sections if not s.parent_id]


def part_evidence(doc: Document) -> dict[str, tuple[str, int]]:
    """Required part → (evidence, chars): ``heading`` with the headed sections' length,
    ``content`` with the length of the matching sentences, or ``none``."""
    min_sentences, rules = _rules()
    roots = _part_of(doc)
    headed: dict[str, int] = {}
    for start, end, part in roots:
        headed[part] = headed.get(part, 0) + end - start
    body_start = roots[0][0] if roots else 0
    year = doc.metadata.year
    out: dict[str, tuple[str, int]] = {}
    for part in REQUIRED_PARTS:
        if part in headed:
            out[part] = ("heading", headed[part])
            continue
        not_in, (regex, exclude) = rules[part], _pattern(part, year)
        hits = [
            s for s in doc.sentences
            if s.start >= body_start and regex.search(doc.text, s.start, s.end)
            and not (exclude and exclude.search(doc.text, s.start, s.end))
            and not any(a <= s.start < b and p in not_in for a, b, p in roots)
        ]
        out[part] = ("content", sum(s.end - s.start for s in hits)) if len(hits) >= min_sentences else ("none", 0)
    return out


def coverage_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per report and required part: ``covered``, ``evidence`` (heading / content /
    none) and ``chars`` of text that covers it."""
    rows = [
        {"doc_id": d.doc_id, "required_part": part, "covered": evidence != "none", "evidence": evidence,
         "chars": chars, "issuer": d.metadata.issuer, "year": d.metadata.year}
        for d in docs for part, (evidence, chars) in part_evidence(d).items()
    ]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS).astype({"year": "Int64", "chars": "int64", "covered": "bool"})
