"""Follow-through: which items of an issuer's next-year plans (year N) reappear among its
achievements the year after (N+1), by TF-IDF cosine of character bigrams.

This is a lexical screen, not a judgement: it finds, for each plan, the achievement that
reads most like it (``best_match``) and calls the plan realised above a similarity
threshold. It cannot tell a plan done in part from one done in full; on 21 hand-labelled
items (``benchmarks/eval_followthrough.py``) it finds 12 of the 14 realised plans but also
calls 6 of the 7 unrealised ones realised. Read ``best_match`` before concluding."""

from __future__ import annotations

import re

import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.model import Document

ITEM_COLUMNS = ["issuer", "year", "doc_id", "next_doc_id", "item", "best_match", "similarity", "realised"]
RATE_COLUMNS = ["issuer", "year", "doc_id", "next_doc_id", "items", "realised", "rate"]
_DONE_PARTS = ("achievements", "leader_duty")
_CLOSED = re.compile(r"[。！？!?；;][”’」』）)]*\s*$")
"""A sentence that ends as one: the closing lines of a report (its issuer, the date, a
contact line) run on in the last part but are not plans."""


def plan_items(doc: Document) -> list[str]:
    """The items of a report's next_year part: its sub-sections (heading and the sentence
    after it), else its sentences after the first (the first is usually a preamble); lines
    that do not end as a sentence (the signature and date below a last part) are no items."""
    parts = [s for s in doc.sections if not s.parent_id and s.required_part == "next_year"]
    items = []
    for part in parts:
        subs = [s for s in doc.sections if s.parent_id == part.section_id]
        if subs:
            for s in subs:
                end = doc.text.find("。", s.heading_end + 1, s.end)  # the heading and its first sentence
                items.append(doc.text[s.start:end + 1 if end >= 0 else s.end])
        else:
            sentences = [x for x in doc.sentences
                         if part.heading_end <= x.start < part.end and _CLOSED.search(doc.text, x.start, x.end)]
            items += [doc.text[x.start:x.end] for x in sentences[1:] or sentences]
    return [i.strip() for i in items if len(i.strip()) >= 8]


def _done_sentences(doc: Document) -> list[str]:
    return [doc.text[s.start:s.end] for s in doc.sentences if doc.part_at(s.start) in _DONE_PARTS]


def follow_through(docs: Documents, *, threshold: float = 0.25) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(items, rates): every plan item of year N with its best match among year N+1's
    achievement sentences and whether it counts as realised; and the rate per issuer-year."""
    docs = documents(docs)
    by_key = {(d.metadata.issuer, d.metadata.year): d for d in docs if d.metadata.issuer and d.metadata.year}
    item_rows, rate_rows = [], []
    for (issuer, year), doc in sorted(by_key.items()):
        later = by_key.get((issuer, year + 1))
        if later is None:
            continue
        items, done = plan_items(doc), _done_sentences(later)
        if not items or not done:
            continue
        from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: imported when used (a fast CLI start)

        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).fit(items + done)
        sims = vectorizer.transform(items) @ vectorizer.transform(done).T
        realised = 0
        for i, item in enumerate(items):
            row = sims.getrow(i).toarray().ravel()
            best = int(row.argmax())
            ok = bool(row[best] >= threshold)
            realised += ok
            item_rows.append({"issuer": issuer, "year": year, "doc_id": doc.doc_id, "next_doc_id": later.doc_id,
                              "item": item, "best_match": done[best], "similarity": round(float(row[best]), 4),
                              "realised": ok})
        rate_rows.append({"issuer": issuer, "year": year, "doc_id": doc.doc_id, "next_doc_id": later.doc_id,
                          "items": len(items), "realised": realised, "rate": round(realised / len(items), 4)})
    return (pd.DataFrame(item_rows, columns=ITEM_COLUMNS),
            pd.DataFrame(rate_rows, columns=RATE_COLUMNS).astype({"year": "Int64"}))
