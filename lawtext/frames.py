"""DataFrames of the output contract (docs/design.md §5), long format, one builder per table.

Document metadata is joined into every per-document table, so ``groupby("issuer")``
works on sections as on documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

import pandas as pd

from lawtext.ingest.ocr import page_ranges
from lawtext.model import Document, Failure
from lawtext.sources import Origin

DOCUMENT_COLUMNS = ["doc_id", "path", "source_url", "format", "sha256", "title", "issuer", "issuer_type",
                    "issuer_kind", "region", "level", "year", "publish_date", "publish_date_from", "chars", "error",
                    "warnings", "ocr_pages", "ocr_confidence"]
SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "level", "number", "title", "required_part",
                   "start", "end", "chars"]
INDICATOR_COLUMNS = ["doc_id", "section_id", "required_part", "mention", "value", "value_max", "unit", "approx",
                     "zero_claim", "what", "category", "sentence", "start", "end"]
MEASURE_COLUMNS = ["doc_id", "section_id", "required_part", "action", "object", "text", "category", "planned",
                   "start", "end"]
ERROR_COLUMNS = ["path", "stage", "error_type", "message"]
JOINED = ["issuer", "year"]
"""Document columns repeated in every per-document table."""


def docvars(doc: Document) -> dict[str, object]:
    """The document columns every per-report table repeats (:data:`JOINED`), for one report:
    the one place where they are joined."""
    return {"issuer": doc.metadata.issuer, "year": doc.metadata.year}


def _frame(rows: Iterable[dict], columns: Sequence[str], dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype(dtypes or {})


def _published(doc: Document, origin: Origin | None) -> dict[str, str]:
    """The report's publish date, else the one its web page states (the fetch manifest),
    and which of the two it is."""
    if doc.metadata.publish_date:
        return {"publish_date": doc.metadata.publish_date, "publish_date_from": "report"}
    if origin is not None and origin.publish_date:
        return {"publish_date": origin.publish_date, "publish_date_from": "manifest"}
    return {"publish_date": "", "publish_date_from": ""}


def documents_frame(docs: Sequence[Document], errors: Sequence[Failure] = (),
                    origins: Mapping[str, Origin] | None = None) -> pd.DataFrame:
    """One row per report; a file that failed has its ``path`` and ``error`` only.
    ``origins`` (by ``path``: where files fetched by ``lawtext fetch`` came from) gives
    ``source_url`` and a ``publish_date`` where the report states none."""
    origins = origins or {}
    rows = []
    for d in docs:
        origin = origins.get(d.path)
        rows.append({"doc_id": d.doc_id, "path": d.path, "source_url": origin.url if origin else "",
                     "format": d.format, "sha256": d.sha256, **asdict(d.metadata), **_published(d, origin),
                     "chars": len(d.text), "error": "", "warnings": "；".join(d.warnings),
                     "ocr_pages": page_ranges(d.ocr_pages), "ocr_confidence": d.ocr_confidence})
    blank = dict.fromkeys(DOCUMENT_COLUMNS, "") | {"year": None, "chars": None, "ocr_confidence": None}
    rows += [blank | {"doc_id": e.doc_id, "path": e.path, "error": e.message,
                      "source_url": origins[e.path].url if e.path in origins else ""} for e in errors]
    return _frame(rows, DOCUMENT_COLUMNS, {"year": "Int64", "chars": "Int64", "ocr_confidence": "Float64"})


def _records(docs: Sequence[Document], attribute: str, columns: Sequence[str],
             dtypes: dict[str, str]) -> pd.DataFrame:
    """One row per record in ``doc.<attribute>``, with the report's joined metadata."""
    owned = [(r, d) for d in docs for r in getattr(d, attribute)]
    # a list per column, not a row per record: a corpus has hundreds of thousands of records, and
    # pandas makes a column of a list at once where it turns rows into columns a value at a time
    data: dict[str, Any] = {
        name: [r.end - r.start for r, _ in owned] if name == "chars" else [getattr(r, name) for r, _ in owned]
        for name in columns}
    joined = {id(d): docvars(d) for d in docs}
    data |= {name: [joined[id(d)][name] for _, d in owned] for name in JOINED}
    if not owned:  # no values to infer a type from: object, as for rows
        data = {name: pd.Series([], dtype=object) for name in data}
    return pd.DataFrame(data, columns=[*columns, *JOINED]).astype(
        {"start": "int64", "end": "int64", "year": "Int64", **dtypes})


def sections_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per heading, with ``issuer`` and ``year`` of its report."""
    return _records(docs, "sections", SECTION_COLUMNS, {"level": "int64", "chars": "int64"})


def indicators_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per quantitative claim or zero claim (docs/design.md §3)."""
    return _records(docs, "indicators", INDICATOR_COLUMNS,
                    {"value": "float64", "value_max": "float64", "zero_claim": "bool"})


def measures_frame(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per claimed measure; ``planned`` marks those of the next_year part."""
    return _records(docs, "measures", MEASURE_COLUMNS, {"planned": "bool"})


def errors_frame(errors: Sequence[Failure]) -> pd.DataFrame:
    """One row per input that failed, with the stage and a message naming the fix."""
    return _frame((asdict(e) for e in errors), ERROR_COLUMNS)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``frame`` as dicts of Python values, as ``frame.to_dict("records")``
    gives them (a missing value of a nullable column is None), a column at a time: several
    times faster on Arrow string columns, which ``to_dict`` reads an element at a time.

    >>> records(pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "s": ["a", "b"]}))
    [{'n': 1, 's': 'a'}, {'n': None, 's': 'b'}]
    """
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*(_python_values(frame[c]) for c in columns),
                                                                  strict=True)]


def _python_values(column: pd.Series) -> list[object]:
    """The column's values as Python objects, pandas' missing value ``NA`` as None."""
    values = column.tolist()
    if column.hasnans:
        values = [None if v is pd.NA else v for v in values]
    return values
