"""Writing tables so that no output file is ever left half-written."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file beside ``path``, renamed to ``path`` when the
    block ends without an exception and removed when it raises: readers see the whole
    file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write through ``write`` into a temporary file beside ``path``, then rename it."""
    with atomic_file(path) as handle:
        write(handle)
    return path


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (a report's text can start so)."""


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate (starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return) prefixed with ``'``, which shows it
    as text; numbers and the Parquet files are unchanged."""
    guarded = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue
        try:
            formula = column.str.startswith(FORMULA_START).fillna(False).astype(bool)
        except AttributeError:  # a column without text
            continue
        if formula.any():
            guarded[name] = column.mask(formula, "'" + column[formula].astype(str))
    return frame.assign(**guarded) if guarded else frame


_CSV_ROWS_AT_ONCE = 50_000
"""Rows turned into text and written at a time by :func:`to_csv`."""


def to_csv(frame: pd.DataFrame, handle: IO[bytes], *, bom: bool = True) -> None:
    """CSV for spreadsheets and scripts alike: UTF-8 (after a byte-order mark, by which
    spreadsheets know it, unless ``bom`` is False), every field quoted (line breaks inside
    a cell survive), formula-like text cells made inert (:func:`csv_safe`). Each value is
    written as pandas' ``to_csv(quoting=csv.QUOTE_ALL)`` writes it, by Arrow's CSV writer
    (a few times faster), :data:`_CSV_ROWS_AT_ONCE` rows at a time."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    frame = csv_safe(frame)
    if bom:
        handle.write("\ufeff".encode())
    for lo in range(0, max(len(frame), 1), _CSV_ROWS_AT_ONCE):
        rows = frame.iloc[lo:lo + _CSV_ROWS_AT_ONCE]
        table = pa.table({str(name): _csv_text(rows[name]) for name in rows.columns})
        pa_csv.write_csv(table, handle, pa_csv.WriteOptions(include_header=lo == 0, quoting_style="all_valid"))


def _csv_text(column: pd.Series) -> Any:
    """A column's values as the text pandas' CSV writer gives them (a missing value as "",
    a float as numpy's shortest form, True, 2023), as an Arrow string array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_float_dtype(column):
        values = column.to_numpy(dtype="float64", na_value=np.nan)
        floats = values.astype(str).astype(object)
        floats[np.isnan(values)] = ""
        return pa.array(floats, type=pa.string())
    if pd.api.types.is_string_dtype(column) and column.dtype != object:
        return pa.array(column.fillna(""), type=pa.string())
    if pd.api.types.is_bool_dtype(column):  # an object column of flags is not one: str() below
        flags = pa.array(column, from_pandas=True)
        return pc.fill_null(pc.if_else(flags, "True", "False"), "")
    if pd.api.types.is_integer_dtype(column):  # Arrow writes an integer as str() does
        return pc.fill_null(pc.cast(pa.array(column, from_pandas=True), pa.string()), "")
    # objects: str() of each, as pandas does
    return pa.array(["" if pd.isna(v) else str(v) for v in column.astype(object)], type=pa.string())


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` at ``path`` atomically."""
    return atomic_write(path, lambda h: h.write(data))


_CHUNK = 1 << 20
"""Characters encoded at a time by :func:`write_text`."""


def write_text(path: Path, parts: Iterable[str | Path]) -> Path:
    """Write the text ``parts`` one after another as UTF-8, atomically, a million characters
    at a time: no joined or encoded copy of a long text (``report.html`` of thousands of
    reports) is ever whole in memory. A part that is a path is the UTF-8 file there, copied
    a megabyte at a time."""
    def write(handle: IO[bytes]) -> None:
        for part in parts:
            if isinstance(part, Path):
                with part.open("rb") as source:
                    shutil.copyfileobj(source, handle, _BYTES_AT_ONCE)
                continue
            for start in range(0, len(part), _CHUNK):
                handle.write(part[start:start + _CHUNK].encode("utf-8"))

    return atomic_write(path, write)


_BYTES_AT_ONCE = 1 << 20
"""Bytes read at a time by :func:`hashed_copy`."""


def hashed_copy(source: Path, copy: Path | None = None) -> str:
    """The sha256 of the file ``source``, read a megabyte at a time (a long output is never
    whole in memory), written to ``copy`` (atomically) as it is read when one is given."""
    digest = hashlib.sha256()
    with source.open("rb") as handle, atomic_file(copy) if copy else nullcontext() as kept:
        while chunk := handle.read(_BYTES_AT_ONCE):
            digest.update(chunk)
            if kept is not None:
                kept.write(chunk)
    return digest.hexdigest()
