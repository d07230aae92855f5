"""Boilerplate: sentences shared near-verbatim across reports (TF-IDF cosine of character
trigrams), and the share of each report that is reused and from whom."""

from __future__ import annotations

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars

PAIR_COLUMNS = ["doc_id", "start", "end", "sentence", "other_doc_id", "other_start", "other_sentence",
                "similarity", "same_issuer"]
SHARE_COLUMNS = ["doc_id", "issuer", "year", "chars", "reused_chars", "reused_share", "sources"]
_MIN_CHARS = 15
_BLOCK = 2000


def _sentences(docs: Documents) -> list[tuple[int, int, int, str]]:
    """(doc index, start, end, text) of every sentence long enough to count."""
    out = []
    for i, doc in enumerate(docs):
        for s in doc.sentences:
            text = doc.text[s.start:s.end].strip()
            if len(text) >= _MIN_CHARS:
                out.append((i, s.start, s.end, text))
    return out


def shared_sentences(docs: Documents, *, threshold: float = 0.8) -> pd.DataFrame:
    """Pairs of sentences from different reports with cosine similarity ≥ ``threshold``
    (each pair listed from both sides)."""
    docs = documents(docs)
    sentences = _sentences(docs)
    rows: list[dict] = []
    if len(docs) < 2 or not sentences:
        return _pairs_frame(rows)
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform([s[3] for s in sentences])
    owner = [s[0] for s in sentences]
    for lo in range(0, len(sentences), _BLOCK):
        sims = (matrix[lo:lo + _BLOCK] @ matrix.T).tocoo()
        for r, c, v in zip(sims.row, sims.col, sims.data, strict=True):
            a, b = lo + r, c
            if v < threshold or owner[a] == owner[b]:
                continue
            da, db = docs[owner[a]], docs[owner[b]]
            rows.append({
                "doc_id": da.doc_id, "start": sentences[a][1], "end": sentences[a][2], "sentence": sentences[a][3],
                "other_doc_id": db.doc_id, "other_start": sentences[b][1], "other_sentence": sentences[b][3],
                "similarity": round(float(v), 4), "same_issuer": da.metadata.issuer == db.metadata.issuer,
            })
    return _pairs_frame(rows)


def _pairs_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=PAIR_COLUMNS).astype(
        {"start": "int64", "end": "int64", "other_start": "int64", "similarity": "float64", "same_issuer": "bool"})
    return frame.sort_values(["doc_id", "start", "similarity"], ascending=[True, True, False]).reset_index(drop=True)


def reuse_share(docs: Documents, pairs: pd.DataFrame | None = None, *,
                other_issuers_only: bool = True) -> pd.DataFrame:
    """Per report: characters in sentences shared with another issuer's report (or with any
    other report), their share of the text, and the issuers they are shared with."""
    docs = documents(docs)
    pairs = shared_sentences(docs) if pairs is None else pairs
    if other_issuers_only:
        pairs = pairs[~pairs.same_issuer]
    issuer_of = {d.doc_id: d.metadata.issuer for d in docs}
    rows = []
    for doc in docs:
        mine = pairs[pairs.doc_id == doc.doc_id]
        spans = mine.drop_duplicates("start")
        reused = int((spans.end - spans.start).sum())
        sources = sorted({issuer_of[o] for o in mine.other_doc_id})
        rows.append({"doc_id": doc.doc_id, **docvars(doc), "chars": len(doc.text), "reused_chars": reused,
                     "reused_share": round(reused / max(len(doc.text), 1), 4), "sources": "；".join(sources)})
    return pd.DataFrame(rows, columns=SHARE_COLUMNS).astype({"year": "Int64"})
