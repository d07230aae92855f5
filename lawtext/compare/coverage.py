"""Which required parts a report covers, and on what evidence: a first-level heading that
opens the part, else sentences whose content belongs to it (rules in
``lawtext/data/coverage.toml``), else none."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars
from lawtext.model import REQUIRED_PARTS, Document
from lawtext.rules import Rules, active

COVERAGE_COLUMNS = ["doc_id", "required_part", "covered", "evidence", "chars", "issuer", "year"]


@cache
def _pattern(rules: Rules, part: str, year: int | None) -> re.Pattern[str]:
    """The content patterns of ``part``, with ``{next_year}`` filled in for the report year."""
    next_year = str(year + 1) if year else r"20\d\d"
    return re.compile("|".join(f"(?:{p.replace('{next_year}', next_year)})" for p in rules.coverage[part].patterns))


def _part_of(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, required_part) of each first-level section."""
    return [(s.start, s.end, s.required_part) for s in doc.sections if not s.parent_id]


def part_evidence(doc: Document) -> dict[str, tuple[str, int]]:
    """Required part → (evidence, chars): ``heading`` with the headed sections' length,
    ``content`` with the length of the matching sentences, or ``none``."""
    rules = active()
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
        if part not in rules.coverage:
            out[part] = ("none", 0)
            continue
        evidence = rules.coverage[part]
        not_in, exclude, regex = evidence.not_in, evidence.exclude, _pattern(rules, part, year)
        hits = [
            s for s in doc.sentences
            if s.start >= body_start and regex.search(doc.text, s.start, s.end)
            and not (exclude and exclude.search(doc.text, s.start, s.end))
            and not any(a <= s.start < b and p in not_in for a, b, p in roots)
        ]
        enough = len(hits) >= rules.coverage_min_sentences
        out[part] = ("content", sum(s.end - s.start for s in hits)) if enough else ("none", 0)
    return out


def coverage_frame(docs: Documents) -> pd.DataFrame:
    """One row per report and required part: ``covered``, ``evidence`` (heading / content /
    none) and ``chars`` of text that covers it."""
    docs = documents(docs)
    rows = [
        {"doc_id": d.doc_id, "required_part": part, "covered": evidence != "none", "evidence": evidence,
         "chars": chars, **docvars(d)}
        for d in docs for part, (evidence, chars) in part_evidence(d).items()
    ]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS).astype({"year": "Int64", "chars": "int64", "covered": "bool"})
