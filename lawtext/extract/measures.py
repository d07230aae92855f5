"""Claimed measures (举措): clauses that open with an action verb from
``lawtext/data/measure_verbs.txt``.

A clause runs between Chinese or half-width clause punctuation. Its verb stands right after
any openers of ``measure_openers.txt`` (我局, 积极, 一是, （一）…) or, failing that, after a
lead phrase read with jieba's part-of-speech tags (``measure_leads.toml``: a subject, time,
place, quantity or adverbial of at most ``max_chars`` characters, as in 省委召开…,
在年初召开…); behind a lead the verb must be tagged as a verb. The weak verbs of
``measure_leads.toml`` (推动, 落实…) count only when the clause ends in an institution
(…制度, …改革), and a verb followed by 的 qualifies a noun (国管局组织的会议): no measure.
Clauses in the next_year part are plans (``planned=True``), never counted as done; the
problems part and the preamble hold none."""

from __future__ import annotations

import re

from lawtext.extract.indicators import category_of
from lawtext.model import Document, Measure
from lawtext.rules import Rules, active
from lawtext.segment import tag

_CLAUSE = re.compile(r"(?:[^，。；！？：,;!?:\n]|(?<=\d)[,:](?=\d))+")
"""A clause: text between Chinese or half-width clause punctuation (a comma or colon
between digits, as in 1,200 or 9:30, does not end one)."""
_OBJECT_MAX = 30
_SKIP_PARTS = {"problems"}


def _verb_after_lead(clause: str, start: int, rules: Rules) -> re.Match[str] | None:
    """The listed verb that follows a lead phrase from ``start`` in ``clause``, if any."""
    leads = rules.measure_leads
    pos = start
    for word, pos_tag in tag(clause[start:]):
        verb = rules.measure_verbs.match(clause, pos)
        if verb:
            return verb if pos_tag == "v" else None
        pos += len(word)
        if (pos_tag not in leads.tags and word not in leads.words) or pos - start > leads.max_chars:
            return None
    return None


def find_measures(doc: Document) -> tuple[Measure, ...]:
    """Every clause inside a section that opens (after a subject, time or adverbial) with
    an action verb.

    >>> from lawtext import read_bytes
    >>> text = "某局2023年报告\\n一、主要举措\\n我局成立法治政府建设领导小组，制定年度计划，年初局党组召开专题会议。"
    >>> doc = read_bytes(text.encode(), name="x.txt")
    >>> [(m.action, m.object) for m in find_measures(doc)]
    [('成立', '法治政府建设领导小组'), ('制定', '年度计划'), ('召开', '专题会议')]
    """
    rules = active()
    leads = rules.measure_leads
    measures: list[Measure] = []
    sections = doc.sections
    for i, section in enumerate(sections):
        part = doc.part_at(section.start)
        if part in _SKIP_PARTS:
            continue
        child = sections[i + 1] if i + 1 < len(sections) else None  # a first child follows its parent
        inner_end = child.start if child and child.parent_id == section.section_id else section.end
        for clause in _CLAUSE.finditer(doc.text, section.heading_end, inner_end):
            text = clause.group()
            opened = rules.measure_openers.match(text)  # subjects, adverbs, enumerators
            lead = opened.end() if opened else 0
            verb = rules.measure_verbs.match(text, lead) or _verb_after_lead(text, lead, rules)
            if not verb or (verb.group() in leads.weak_verbs and not leads.endings.search(text)):
                continue
            obj = text[verb.end():].strip("、 ")[:_OBJECT_MAX]
            if not obj or obj.startswith("的"):  # 国管局组织的…会议: the verb qualifies a noun
                continue
            measures.append(Measure(
                doc_id=doc.doc_id, section_id=section.section_id, required_part=part,
                action=verb.group(), object=obj, text=text, category=category_of(obj, text),
                planned=part == "next_year", start=clause.start(), end=clause.end(),
            ))
    return tuple(measures)
