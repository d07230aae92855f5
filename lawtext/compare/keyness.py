"""Distinctive vocabulary of one group of reports against the rest (quanteda's
``textstat_keyness``): Dunning's log-likelihood G² with the log ratio as effect size."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.segment import Tokenizer

KEYNESS_COLUMNS = ["term", "target", "reference", "g2", "log_ratio", "p"]


def group_mask(docs: Documents, column: str, value: object) -> list[bool]:
    """Which reports have ``value`` in a column of the documents table, as ``keyness``
    wants its target: ``group_mask(docs, "issuer_type", "司法")``."""
    from lawtext.frames import documents_frame

    frame = documents_frame(documents(docs))
    if column not in frame.columns:
        raise KeyError(f"{column!r} is not a documents column; choose one of {', '.join(frame.columns)}")
    return (frame[column] == value).fillna(False).astype(bool).tolist()


def term_counts(docs: Documents, tokenizer: Tokenizer | None = None) -> Counter[str]:
    """How often each word of two or more characters occurs in ``docs`` (default :class:`Tokenizer`)."""
    tokenizer = tokenizer or Tokenizer()
    counts: Counter[str] = Counter()
    for doc in documents(docs):
        counts.update(tokenizer(doc.text))  # counted in C; the one-character words dropped once, below
    return Counter({term: n for term, n in counts.items() if len(term) > 1})


def log_likelihood(a: int, b: int, a_total: int, b_total: int) -> float:
    """Dunning's G² of the 2×2 table (this term, every other term) × (target, reference):
    twice the sum over its four cells of observed × ln(observed / expected)."""
    n = a_total + b_total
    cells = ((a, a + b, a_total), (b, a + b, b_total),
             (a_total - a, n - a - b, a_total), (b_total - b, n - a - b, b_total))
    g2 = 2 * sum(o * math.log(o * n / (row * column)) for o, row, column in cells if o > 0)
    return max(g2, 0.0)  # equal rates sum to 0 up to rounding, which may fall just below


Target = Sequence[bool] | pd.Series | Collection[str] | Mapping[str, object]
"""The target group of :func:`keyness`: a boolean mask over the reports (or over the rows of
``corpus.documents``, failures included), a collection of doc_ids, or ``{column: value}``
of the documents table."""


def target_mask(docs: Documents, target: Target) -> list[bool]:
    """``target`` (see :data:`Target`) as one flag per report of ``docs``."""
    docs = documents(docs)
    if isinstance(target, Mapping):
        masks = [group_mask(docs, column, value) for column, value in target.items()]
        return [all(flags) for flags in zip(*masks, strict=True)] if masks else [True] * len(docs)
    values = list(target)
    if values and all(isinstance(v, str) for v in values):
        known = {d.doc_id for d in docs}
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(f"no report {', '.join(map(repr, unknown[:3]))} among these documents")
        wanted = set(values)
        return [d.doc_id in wanted for d in docs]
    failures = len(getattr(docs, "failures", ()))
    if len(values) == len(docs) + failures:  # a mask over corpus.documents: reports first, then failures
        values = values[:len(docs)]
    if len(values) != len(docs):
        raise ValueError(f"the target mask has {len(values)} values for {len(docs)} reports")
    return [bool(v) and not pd.isna(v) for v in values]


def keyness(docs: Documents, target: Target, *, min_count: int = 3, top: int | None = 30,
            tokenizer: Tokenizer | None = None) -> pd.DataFrame:
    """Terms over-used in the reports of ``target`` (a mask, doc_ids or ``{column:
    value}``, see :data:`Target`) compared with the others.

    ``g2`` is the signed log-likelihood of the term's 2×2 table (positive: over-used in the
    target; see :func:`log_likelihood`), ``log_ratio``
    the binary log of the ratio of relative frequencies (with 0.5 added to zero counts),
    ``p`` the chi-square (1 df) p-value of G²."""
    docs = documents(docs)
    mask = target_mask(docs, target)
    target_docs = [d for d, t in zip(docs, mask, strict=True) if t]
    other_docs = [d for d, t in zip(docs, mask, strict=True) if not t]
    a_counts, b_counts = term_counts(target_docs, tokenizer), term_counts(other_docs, tokenizer)
    a_sum, b_sum = sum(a_counts.values()), sum(b_counts.values())
    a_total, b_total = a_sum or 1, b_sum or 1
    rows = []
    for term in set(a_counts) | set(b_counts):
        a, b = a_counts[term], b_counts[term]
        if a + b < min_count:
            continue
        g2 = log_likelihood(a, b, a_sum, b_sum)
        log_ratio = math.log2(((a or 0.5) / a_total) / ((b or 0.5) / b_total))
        sign = 1 if a / a_total >= b / b_total else -1
        rows.append({"term": term, "target": a, "reference": b, "g2": sign * g2, "log_ratio": log_ratio,
                     "p": math.erfc(math.sqrt(g2 / 2))})
    frame = pd.DataFrame(rows, columns=KEYNESS_COLUMNS).sort_values(["g2", "term"], ascending=[False, True])
    frame = frame.reset_index(drop=True)
    return frame.head(top) if top else frame
