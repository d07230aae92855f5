"""Side-by-side tables and the per-report scorecard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from lawtext.compare.coverage import coverage_frame
from lawtext.compare.followthrough import follow_through
from lawtext.compare.inputs import Documents, documents
from lawtext.compare.reuse import reuse_share
from lawtext.frames import indicators_frame
from lawtext.model import REQUIRED_PARTS, Document
from lawtext.rules import active

SCORECARD_COLUMNS = ["doc_id", "issuer", "year", "parts_covered", "parts_headed", "official_order", "publish_date",
                     "on_time", "indicators_per_1000", "zero_claims", "reused_share", "problems_concrete",
                     "problems_generic", "follow_through_rate"]
"""Words that name a cause or a document; a figure (an indicator) counts too."""


def coverage_matrix(coverage: pd.DataFrame, *, value: str = "evidence") -> pd.DataFrame:
    """Reports (issuer, year) × required parts, in the official order; cells hold
    ``evidence`` (heading / content / none), ``covered`` or ``chars``."""
    matrix = coverage.pivot_table(index=["issuer", "year", "doc_id"], columns="required_part", values=value,
                                  aggfunc="first")
    return matrix.reindex(columns=list(REQUIRED_PARTS))


def indicator_table(indicators: pd.DataFrame, documents: pd.DataFrame, *, by: str = "issuer",
                    include_zero: bool = False) -> pd.DataFrame:
    """Indicators counted by category and ``by`` (any documents column), raw and per
    10,000 characters of the reports in each group."""
    rows = indicators[["doc_id", "category", "zero_claim"]]  # the columns needed, not a copy of the table
    rows = rows if include_zero else rows[~rows.zero_claim]
    docs = documents[documents.error == ""]
    rows = rows[["doc_id", "category"]].merge(docs[["doc_id", by]], on="doc_id")
    counts = rows.groupby([by, "category"]).size().rename("indicators").reset_index()
    chars = docs.groupby(by)["chars"].sum().rename("chars").reset_index()
    table = counts.merge(chars, on=by, how="left")
    table["per_10k_chars"] = (table.indicators / table.chars * 10_000).round(2)
    return table.sort_values([by, "indicators"], ascending=[True, False]).reset_index(drop=True)


def problems_concreteness(doc: Document, figures: Sequence[int] | None = None) -> tuple[float, float] | None:
    """How concrete the problems part is: the share of its sentences that name a cause, a
    figure or a document, and the share made only of generic phrases (法治意识有待提升,
    ``lawtext/data/generic_phrases.txt``); None when the report has no problems text.
    ``figures`` are the offsets of the report's counted indicators (by default those of
    ``doc.indicators``); headings are no sentences of the part.

    >>> from lawtext import read_bytes
    >>> text = "某局2023年报告\\n一、存在的问题\\n由于编制不足，执法人员仅12名。\\n法治意识有待提升。"
    >>> problems_concreteness(read_bytes(text.encode(), name="x.txt"))
    (0.5, 0.5)
    """
    headings = {s.start for s in doc.sections}
    sentences = [s for s in doc.sentences if doc.part_at(s.start) == "problems" and s.start not in headings]
    if not sentences:
        return None
    figures = [i.start for i in doc.indicators if not i.zero_claim] if figures is None else figures
    causes = active().problem_causes
    specific = [bool(causes.search(doc.text, s.start, s.end) or any(s.start <= f < s.end for f in figures))
                for s in sentences]
    generic = sum(1 for s, named in zip(sentences, specific, strict=True)
                  if not named and active().generic_phrases.search(doc.text, s.start, s.end))
    return round(sum(specific) / len(sentences), 4), round(generic / len(sentences), 4)


def _official_order(doc: Document) -> bool:
    order = [REQUIRED_PARTS.index(s.required_part) for s in doc.sections if not s.parent_id and s.required_part]
    return order == sorted(order)


def scorecard(docs: Documents, *, deadline: str = "04-01", coverage: pd.DataFrame | None = None,
              indicators: pd.DataFrame | None = None, reuse: pd.DataFrame | None = None,
              rates: pd.DataFrame | None = None,
              publish_dates: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per report: parts covered (of 5) and headed, official order of the headed
    parts, timeliness (published before ``deadline``, month-day, of the following year),
    indicators per 1,000 characters, zero claims, reused share (other issuers), problems
    concreteness and genericness (shares of sentences, see :func:`problems_concreteness`) and
    follow-through rate of the previous year's plans.

    ``coverage``, ``indicators``, ``reuse`` (``reuse_share``) and ``rates``
    (``follow_through``) are computed when not given. ``publish_dates`` (doc_id → date, the
    documents table's) replace the reports' own, so that one a fetch manifest supplies counts."""
    docs = documents(docs)
    coverage = coverage_frame(docs) if coverage is None else coverage
    indicators = indicators_frame(docs) if indicators is None else indicators
    reuse = (reuse_share(docs) if reuse is None else reuse).set_index("doc_id")
    rates = follow_through(docs)[1] if rates is None else rates
    rate_of = {row.next_doc_id: row.rate for row in rates.itertuples()}
    covered = coverage.groupby("doc_id").covered.sum()
    headed = (coverage.evidence == "heading").groupby(coverage.doc_id).sum()
    zeros = indicators.zero_claim.groupby(indicators.doc_id).sum()
    counted = (~indicators.zero_claim).groupby(indicators.doc_id).sum()
    figures = indicators.start[~indicators.zero_claim].groupby(indicators.doc_id).agg(list).to_dict()
    published = publish_dates or {}
    rows = []
    for doc in docs:
        meta = doc.metadata
        date = published.get(doc.doc_id, meta.publish_date)
        on_time = (date < f"{meta.year + 1}-{deadline}") if date and meta.year else None
        concrete, generic = problems_concreteness(doc, figures.get(doc.doc_id, [])) or (None, None)
        rows.append({
            "doc_id": doc.doc_id, "issuer": meta.issuer, "year": meta.year,
            "parts_covered": int(covered.get(doc.doc_id, 0)), "parts_headed": int(headed.get(doc.doc_id, 0)),
            "official_order": _official_order(doc), "publish_date": date, "on_time": on_time,
            "indicators_per_1000": round(int(counted.get(doc.doc_id, 0)) / max(len(doc.text), 1) * 1000, 2),
            "zero_claims": int(zeros.get(doc.doc_id, 0)),
            "reused_share": float(reuse.at[doc.doc_id, "reused_share"]),  # type: ignore[arg-type]
            "problems_concrete": concrete, "problems_generic": generic, "follow_through_rate": rate_of.get(doc.doc_id),
        })
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS).astype(
        {"year": "Int64", "on_time": "boolean", "problems_concrete": "Float64", "problems_generic": "Float64",
         "follow_through_rate": "Float64"})
