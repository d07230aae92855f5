"""Claimed measures (举措): clauses that open with an action verb from
``lawtext/data/measure_verbs.txt`` after any openers of ``measure_openers.txt``. Clauses
in the next_year part are plans (``planned=True``), never counted as done; the problems
part and the preamble hold none."""

from __future__ import annotations

import re

from lawtext.extract.indicators import category_of
from lawtext.model import Document, Measure
from lawtext.rules import active

_CLAUSE = re.compile(r"[^，。；！？\n：]+")
_OBJECT_MAX = 30
_SKIP_PARTS = {"problems"}


def find_measures(doc: Document) -> tuple[Measure, ...]:
    """Every clause inside a section that opens (after a subject or adverb) with an
    action verb.

    >>> from lawtext import read_bytes
    >>> text = "某局2023年报告\\n一、主要举措\\n我局成立法治政府建设领导小组，制定年度计划。"
    >>> doc = read_bytes(text.encode(), name="x.txt")
    >>> [(m.action, m.object) for m in find_measures(doc)]
    [('成立', '法治政府建设领导小组'), ('制定', '年度计划')]
    """
    rules = active()
    measures: list[Measure] = []
    sections = doc.sections
    for i, section in enumerate(sections):
        part = doc.part_at(section.start)
        if part in _SKIP_PARTS:
            continue
        child = sections[i + 1] if i + 1 < len(sections) else None  # a first child follows its parent
        inner_end = child.start if child and child.parent_id == section.section_id else section.end
        for clause in _CLAUSE.finditer(doc.text, section.heading_end, inner_end):
            opened = rules.measure_openers.match(clause.group())  # subjects, adverbs, enumerators
            lead = opened.end() if opened else 0
            verb = rules.measure_verbs.match(clause.group(), lead)
            if not verb:
                continue
            obj = clause.group()[verb.end():].strip("、 ")[:_OBJECT_MAX]
            if not obj:
                continue
            start = clause.start()
            measures.append(Measure(
                doc_id=doc.doc_id, section_id=section.section_id, required_part=part,
                action=verb.group(), object=obj, text=clause.group(), category=category_of(obj, clause.group()),
                planned=part == "next_year", start=start, end=clause.end(),
            ))
    return tuple(measures)
