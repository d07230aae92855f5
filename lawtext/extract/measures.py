"""Claimed measures (举措): clauses that open with an action verb from
``lawtext/data/measure_verbs.txt``. Clauses in the next_year part are plans
(``planned=True``), never counted as done; the problems part and the preamble hold none."""

from __future__ import annotations

import re
from functools import cache

from lawtext.extract.indicators import category_of
from lawtext.model import Document, Measure
from lawtext.resources import word_list

_CLAUSE = re.compile(r"[^，。；！？\n：]+")
_SUBJECT = re.compile(
    r"^(?:我局|我委|我区|我市|我县|我镇|局党组|党组|全局|全年|先后|积极|认真|严格|全面|深入|持续|不断|进一步|扎实|"
    r"主动|切实|着力|大力|及时|依法|定期|共|累计|同时|此外|并|还|均|已|将|要|继续|一是|二是|三是|四是|五是|六是|"
    r"[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．])*"
)
_OBJECT_MAX = 30
_SKIP_PARTS = {"problems"}


@cache
def _verbs() -> re.Pattern[str]:
    verbs = sorted(word_list("measure_verbs.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, verbs)) + ")")


def find_measures(doc: Document) -> tuple[Measure, ...]:
    """Every clause inside a section that opens (after a subject or adverb) with an
    action verb.

    >>> from lawtext import read_bytes
    >>> text = "某局2023年报告\\n一、主要举措\\n我局成立法治政府建设领导小组，制定年度计划。"
    >>> doc = read_bytes(text.encode(), name="x.txt")
    >>> [(m.action, m.object) for m in find_measures(doc)]
    [('成立', '法治政府建设领导小组'), ('制定', '年度计划')]
    """
    measures: list[Measure] = []
    sections = doc.sections
    for i, section in enumerate(sections):
        part = doc.part_at(section.start)
        if part in _SKIP_PARTS:
            continue
        child = sections[i + 1] if i + 1 < len(sections) else None  # a first child follows its parent
        inner_end = child.start if child and child.parent_id == section.section_id else section.end
        for clause in _CLAUSE.finditer(doc.text, section.heading_end, inner_end):
            lead = _SUBJECT.match(clause.group()).end()
            verb = _verbs().match(clause.group(), lead)
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
