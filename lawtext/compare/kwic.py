"""Keyword in context, as quanteda's ``kwic``: every occurrence of a term or pattern with
its left and right context, document, section and required part."""

from __future__ import annotations

import re

import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars

KWIC_COLUMNS = ["doc_id", "section_id", "required_part", "left", "match", "right", "start", "end", "issuer", "year"]


def kwic(docs: Documents, pattern: str, *, window: int = 20, regex: bool = False) -> pd.DataFrame:
    """All matches of ``pattern`` (a literal term, or a regular expression with
    ``regex=True``) with ``window`` characters of context on each side."""
    docs = documents(docs)
    compiled = re.compile(pattern if regex else re.escape(pattern))
    rows = []
    for doc in docs:
        for m in compiled.finditer(doc.text):
            inner = doc.section_at(m.start())
            rows.append({
                "doc_id": doc.doc_id, "section_id": inner.section_id if inner else "",
                "required_part": doc.part_at(m.start()),
                "left": doc.text[max(m.start() - window, 0):m.start()].replace("\n", " "),
                "match": m.group(), "right": doc.text[m.end():m.end() + window].replace("\n", " "),
                "start": m.start(), "end": m.end(), **docvars(doc),
            })
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
