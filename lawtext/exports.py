"""The table files ``lawtext analyze`` writes, in the formats researchers finish their work
in, and the data dictionary that goes with them.

- ``csv``: ``NAME.csv`` per table (:func:`lawtext.output.to_csv`: UTF-8 with BOM, every
  field quoted, formula-like text made inert with ``'``).
- ``parquet``: ``NAME.parquet`` per table, the text as it is.
- ``xlsx``: one workbook, ``analysis.xlsx``: a ``dictionary`` sheet, then one sheet per
  table (:class:`Workbook`).
- ``dta``: ``NAME.dta`` per table, Stata 14+ format (118, UTF-8), with a variable label
  for each column and a dataset label for the table (:func:`write_dta`).

``dictionary.csv`` (:func:`dictionary`) is written whatever the formats: every table and
column with its type, meaning and Stata name, all from the registry (:mod:`lawtext.tables`).
Every file is written to a temporary name and renamed (:mod:`lawtext.output`), and its
bytes depend only on the tables: the workbook and the Stata files carry a fixed creation
time, so the same corpus gives the same files whatever the parallelism.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

import pandas as pd

from lawtext.output import FORMULA_START, atomic_file, atomic_write, to_csv
from lawtext.tables import TABLES

FORMATS = ("csv", "parquet", "xlsx", "dta")
"""Every format a table can be written in."""
DEFAULT_FORMATS = ("csv", "parquet")
"""The formats written unless others are asked for."""
WORKBOOK = "analysis.xlsx"
"""The workbook that holds every table when ``xlsx`` is asked for."""
DICTIONARY = "dictionary"
"""The name of the data dictionary: ``dictionary.csv`` and the workbook's first sheet."""
DICTIONARY_COLUMNS = ("table", "one_row_per", "column", "dtype", "meaning", "stata_name")
"""The dictionary's columns: ``dtype`` is the pandas type, ``stata_name`` the variable's
name in ``TABLE.dta`` (the column name unless Stata forbids it)."""

_FILE_TIME = datetime(2000, 1, 1)
"""The creation time written into workbooks and Stata files, so that their bytes depend on
their content only."""
EXCEL_ROWS = 1_048_575
"""Data rows an Excel sheet holds under its header; a longer table continues on sheets
``NAME (2)``, ``NAME (3)``, … each with the header again."""
EXCEL_CHARS = 32_767
"""Characters an Excel cell holds; longer text is cut and ends with :func:`_cut_mark`."""
_SHEET_CHARS = 31
_WIDTH_CAP = 50
"""The widest a column is made (in widths of a digit; a CJK character counts two): longer
text stays on one line, cut off at the column's edge, and shows whole in the formula bar."""
_STATA_NAME_CHARS = 32
_STATA_LABEL_CHARS = 80
_STATA_STR_BYTES = 2045
"""The longest text a Stata ``str#`` variable holds; a longer one makes the column a ``strL``."""
_STATA_LONG = (-2_147_483_647, 2_147_483_620)
"""The values a Stata ``long`` holds (the rest of the int32 range codes missing values)."""


def check_formats(formats: Iterable[str] | None) -> tuple[str, ...]:
    """``formats`` without repeats, in the order given (:data:`DEFAULT_FORMATS` for None);
    a ValueError naming the formats there are when one is unknown or none is given."""
    if formats is None:
        return DEFAULT_FORMATS
    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        what = f"unknown format {', '.join(map(repr, unknown))}" if unknown else "no format given"
        raise ValueError(f"{what}; formats: {', '.join(FORMATS)}")
    return chosen


def dictionary(names: Iterable[str]) -> pd.DataFrame:
    """One row per column of each table ``names``, in order: the table, what one of its rows
    is, the column, its pandas type, its meaning and its Stata variable name."""
    rows = []
    for name in names:
        table = TABLES[name]
        renamed = stata_names(table.column_names)
        rows += [(name, table.row, c.name, c.dtype, c.meaning, renamed[c.name]) for c in table.columns]
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def stata_names(columns: Iterable[str]) -> dict[str, str]:
    """Each column's Stata variable name: a valid name is kept; in the others, characters
    other than ASCII letters, digits and ``_`` become ``_``, a Stata reserved word (``end``,
    ``in``, ``int``, …) or a name opening with a digit gets a leading ``_``, and the name is
    cut to 32 characters; one already taken ends in ``_2``, ``_3``, … instead. The same
    columns always get the same names.

    >>> stata_names(["doc_id", "end", "2021", "年度", "a-b", "a_b"])
    {'doc_id': 'doc_id', 'end': '_end', '2021': '_2021', '年度': '__', 'a-b': 'a_b_2', 'a_b': 'a_b'}
    """
    from pandas.io.stata import StataParser

    # pandas' own list, the one its writer checks names against (pandas-stubs lacks it)
    reserved: set[str] = StataParser().RESERVED_WORDS  # type: ignore[attr-defined]
    bases = {}
    for column in columns:
        base = re.sub(r"[^A-Za-z0-9_]", "_", column) or "_"
        bases[column] = "_" + base if base in reserved or base[0].isdigit() else base
    taken = {c for c, base in bases.items() if base == c and len(c) <= _STATA_NAME_CHARS}
    renamed = {}
    for column, base in bases.items():
        if column in taken:
            renamed[column] = column
            continue
        name, k = base[:_STATA_NAME_CHARS], 1
        while name in taken:
            k += 1
            name = base[: _STATA_NAME_CHARS - len(f"_{k}")] + f"_{k}"
        taken.add(name)
        renamed[column] = name
    return renamed


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _as_text(value: object) -> object:
    """A cell of a text column as text: lists, tuples, sets and dicts as JSON (sets sorted,
    keys sorted, non-ASCII kept), other objects by ``str``; missing stays missing."""
    if isinstance(value, str) or _missing(value):
        return value
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _plain(series: pd.Series) -> pd.Series:
    """``series`` in types both Excel and Stata take: datetimes with a time zone in UTC
    without it, categories as their values, object columns as text (:func:`_as_text`)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None)
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if pd.api.types.is_object_dtype(series.dtype):
        return series.map(_as_text)
    return series


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)


def stata_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` in types Stata holds, and the columns to store as ``strL``.

    - ``bool`` and ``boolean``: 1/0 in a byte, missing as ``.``;
    - integers (``int64``, ``Int64``): a ``long`` when every value fits one, else a
      ``double`` (exact up to 2⁵³); missing as ``.``;
    - floats: ``double``; missing, and ±infinity (which Stata lacks), as ``.``;
    - datetimes: ``%tc``, those with a time zone in UTC;
    - text: ``str#``, or ``strL`` when a value is over 2,045 bytes in UTF-8; missing as
      ``""`` (Stata has no missing text); lists, dicts and other objects as JSON text.
    """
    converted: dict[str, pd.Series] = {}
    strl = []
    for column in frame.columns:
        series = _plain(frame[column])
        if pd.api.types.is_bool_dtype(series.dtype):
            series = series.astype("Int8")
        elif pd.api.types.is_integer_dtype(series.dtype):
            low, high = _STATA_LONG
            fits = series.dropna().between(low, high).all()
            series = series.astype("Int32" if fits else "float64")
        elif pd.api.types.is_float_dtype(series.dtype):
            series = series.astype("float64").replace([math.inf, -math.inf], math.nan)
        elif _is_text(series):
            series = series.astype(object).where(series.notna(), "")
            if (series.map(lambda v: len(v.encode("utf-8"))) > _STATA_STR_BYTES).any():
                strl.append(column)
        converted[column] = series
    return pd.DataFrame(converted, index=frame.index), strl


def _label(text: str) -> str:
    """``text`` as a Stata label: at most 80 characters, cut ones ending in ``…``."""
    return text if len(text) <= _STATA_LABEL_CHARS else text[: _STATA_LABEL_CHARS - 1] + "…"


def write_dta(frame: pd.DataFrame, handle: IO[bytes], name: str) -> None:
    """Table ``name`` as a Stata 118 dataset on ``handle``: variables named by
    :func:`stata_names`, typed by :func:`stata_frame`, labelled with the registry's
    meanings (cut to Stata's 80 characters), the dataset labelled with what a row is."""
    table = TABLES[name]
    renamed = stata_names(frame.columns)
    data, strl = stata_frame(frame)
    data.columns = [renamed[c] for c in frame.columns]
    meanings = {c.name: c.meaning for c in table.columns}
    data.to_stata(handle, version=118, write_index=False, time_stamp=_FILE_TIME,
                  data_label=_label(f"{name}: one row per {table.row}"),
                  variable_labels={renamed[c]: _label(meanings[c]) for c in frame.columns},
                  convert_strl=[renamed[c] for c in strl])


@cache
def _char_width(char: str) -> int:
    """2 for a character East Asian width counts double (wide and fullwidth: CJK ideographs
    and punctuation, kana, hangul, fullwidth forms, …), else 1."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(values: pd.Series) -> int:
    """The widest of ``values`` as text, a wide character counting two, up to the cap.
    A text is as wide as its length at least and twice it at most, so only the texts that
    could be wider than the longest are measured, each distinct one once."""
    text = values.dropna().astype(str)
    if text.empty:
        return 0
    lengths = text.str.len()
    longest = int(lengths.max())
    if longest >= _WIDTH_CAP:
        return _WIDTH_CAP
    candidates = set(text[lengths * 2 > longest])
    return min(_WIDTH_CAP, max([longest, *(sum(map(_char_width, t)) for t in candidates)]))


def _cut_mark(chars: int) -> str:
    """What ends a text cut to fit an Excel cell, saying how long it was."""
    return f"…[cut: {chars:,} characters in all]"


def _cell_text(value: str) -> str:
    if len(value) <= EXCEL_CHARS:
        return value
    mark = _cut_mark(len(value))
    return value[: EXCEL_CHARS - len(mark)] + mark


class Workbook:
    """``analysis.xlsx`` being written on ``handle``: a ``dictionary`` sheet of the tables
    ``names`` first, then a sheet per table as :meth:`add` gets it.

    Each sheet has its header row frozen and its columns as wide as their content (a CJK
    character counting two, up to a cap). Text is written as text cells, never formulas;
    one that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``)
    keeps Excel's quote prefix, so editing the cell does not run it either. Missing values
    and ±infinity are empty cells; text over 32,767 characters is cut (:data:`EXCEL_CHARS`),
    a table over 1,048,575 rows continues on further sheets (:data:`EXCEL_ROWS`). Sheet
    names are Excel-safe, at most 31 characters and unique."""

    def __init__(self, handle: IO[bytes], names: Sequence[str]) -> None:
        import xlsxwriter

        self._book = xlsxwriter.Workbook(handle, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        self._book.set_properties({"created": _FILE_TIME})
        self._header = self._book.add_format({"bold": True, "bottom": 1})
        self._quoted = self._book.add_format({"quote_prefix": True})
        self._datetime = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._sheets: list[str] = []
        self.add(DICTIONARY, dictionary(names))

    def _sheet_name(self, base: str, suffix: str = "") -> str:
        base = re.sub(r"[\[\]:*?/\\]", "_", base).strip("'") or "_"
        name, k = base[: _SHEET_CHARS - len(suffix)] + suffix, 1
        while name.lower() in {s.lower() for s in self._sheets}:
            k += 1
            name = base[: _SHEET_CHARS - len(suffix) - len(f"~{k}")] + f"~{k}" + suffix
        self._sheets.append(name)
        return name

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``frame`` as sheet ``name`` (and its continuations)."""
        columns = [_plain(frame[c]) for c in frame.columns]
        cells = [self._cells(series) for series in columns]
        widths = [min(max(len(str(c)), _width(series)), _WIDTH_CAP) + 2 for c, series in zip(frame.columns, columns,
                                                                                                   strict=True)]
        for part, first in enumerate(range(0, max(len(frame), 1), EXCEL_ROWS)):
            sheet = self._book.add_worksheet(self._sheet_name(name, f" ({part + 1})" if part else ""))
            sheet.freeze_panes(1, 0)
            for c, width in enumerate(widths):
                sheet.set_column(c, c, width)
            sheet.write_row(0, 0, [str(c) for c in frame.columns], self._header)
            writers = [self._writer(sheet, series) for series in columns]
            for r, row in enumerate(zip(*(values[first:first + EXCEL_ROWS] for values in cells), strict=True), start=1):
                for c, value in enumerate(row):
                    if value is not None:
                        writers[c](r, c, value)

    @staticmethod
    def _cells(series: pd.Series) -> list[Any]:
        """The column's cells as Python values, None where a cell stays empty."""
        if pd.api.types.is_float_dtype(series.dtype):
            series = series.astype("float64").replace([math.inf, -math.inf], math.nan)
        elif _is_text(series):
            series = series.map(_cell_text, na_action="ignore")
        return [None if _missing(v) else v for v in series.astype(object).tolist()]

    def _writer(self, sheet: Any, series: pd.Series) -> Callable[[int, int, Any], object]:
        if pd.api.types.is_bool_dtype(series.dtype):
            return sheet.write_boolean
        if pd.api.types.is_numeric_dtype(series.dtype):
            return sheet.write_number
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return lambda r, c, v: sheet.write_datetime(r, c, v, self._datetime)
        return lambda r, c, v: sheet.write_string(r, c, v, self._quoted if v.startswith(FORMULA_START) else None)

    def close(self) -> None:
        """Finish the workbook on its handle."""
        self._book.close()


@contextmanager
def workbook(path: Path, names: Sequence[str]) -> Iterator[Workbook]:
    """A :class:`Workbook` at ``path``, written atomically: the file appears when the block
    ends, and not at all when it raises."""
    with atomic_file(path) as handle:
        book = Workbook(handle, names)
        yield book
        book.close()


def write_table(frame: pd.DataFrame, out: Path, name: str, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Table ``name`` in each of the per-table ``formats`` (``csv``, ``parquet``, ``dta``;
    ``xlsx`` is the :class:`Workbook`'s) as ``out/NAME.FORMAT``: the files written."""
    writers: dict[str, Callable[[IO[bytes]], object]] = {
        "csv": lambda h: to_csv(frame, h),
        "parquet": lambda h: frame.to_parquet(h, index=False),
        "dta": lambda h: write_dta(frame, h, name),
    }
    return [atomic_write(out / f"{name}.{fmt}", writers[fmt]) for fmt in formats if fmt in writers]


def write_tables(tables: Mapping[str, pd.DataFrame], out: Path, formats: Iterable[str] | None = None, *,
                 steps: Callable[[list[str]], Iterable[str]] = list) -> list[Path]:
    """Every table of ``tables`` in ``formats`` (:func:`check_formats`) into ``out``, and
    ``dictionary.csv``: the files written. ``steps`` wraps the table names as they are
    written (e.g. a progress bar)."""
    formats = check_formats(formats)
    written: list[Path] = []
    for name in steps(list(tables)):
        written += write_table(tables[name], out, name, formats)
    return written + write_shared(tables, out, formats)


def write_shared(tables: Mapping[str, pd.DataFrame], out: Path, formats: Iterable[str]) -> list[Path]:
    """The files of ``tables`` that are not one table's: the workbook when ``formats`` has
    ``xlsx`` (every table a sheet) and ``dictionary.csv``."""
    written: list[Path] = []
    if "xlsx" in formats:
        with workbook(out / WORKBOOK, list(tables)) as book:
            for name, frame in tables.items():
                book.add(name, frame)
        written.append(out / WORKBOOK)
    written.append(atomic_write(out / f"{DICTIONARY}.csv",
                                lambda h: to_csv(dictionary(list(tables)), h)))
    return written

