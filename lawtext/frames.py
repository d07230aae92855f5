"""DataFrames of the output contract (DESIGN.md §3), long format, one builder per table.

Document metadata is joined into every per-document table, so ``groupby("issuer")``
works on sections as on documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict

import pandas as pd

from lawtext.model import Document, Failure

DOCUMENT_COLUMNS = ["doc_id", "path", "format", "sha256", "title", "issuer", "issuer_type", "issuer_kind",
                    "region", "level", "year", "publish_date", "chars", "error"]
SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "level", "number", "title", "required_part",
                   "start", "end", "chars"]
ERROR_COLUMNS = ["path", "stage", "error_type", "message"]
JOINED = ["issuer", "year"]
"""Document columns repeated in every per-document table."""


def _frame(rows: Iterable[dict], columns: Sequence[str], dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype(dtypes or {})


def documents_frame(docs: Sequence[Document], errors: Sequence[Failure] = ()) -> pd.DataFrame:
    """One row per report; a file that failed has its ``path`` and ``error`` only."""
    rows = [
        {"doc_id": d.doc_id, "path": d.path, "format": d.format, "sha256": d.sha256,
         **asdict(d.metadata), "chars": len(d.text), "error": ""}
        for d in docs
    ]
    rows += [{"doc_id": e.doc_id, "path": e.path, "error": e.message} for e in errors]
    return _frame(rows, DOCUMENT_COLUMNS, {"year": "Int64", "chars": "Int64"})


def sections_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per heading, with ``issuer`` and ``year`` of its report."""
    rows = (
        {**{k: v for k, v in asdict(s).items() if k != "heading_end"}, "chars": s.chars,
         "issuer": d.metadata.issuer, "year": d.metadata.year}
        for d in docs for s in d.sections
    )
    return _frame(rows, [*SECTION_COLUMNS, *JOINED], {"level": "int64", "start": "int64", "end": "int64",
                                                     "chars": "int64", "year": "Int64"})


def errors_frame(errors: Sequence[Failure]) -> pd.DataFrame:
    """One row per input that failed, with the stage and a message naming the fix."""
    return _frame((asdict(e) for e in errors), ERROR_COLUMNS)
