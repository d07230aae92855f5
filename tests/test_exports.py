"""`--formats`: the Excel workbook, the Stata datasets and the data dictionary, written from
the seed and sample reports."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, SEED

import lawtext
from lawtext import exports, report
from lawtext.cli import main
from lawtext.exports import FORMATS, WORKBOOK, Workbook, stata_frame, write_shared, write_tables
from lawtext.report import write_analysis
from lawtext.tables import TABLES

SHEETS = ["dictionary", "documents", "sections", "measures", "coverage", "coverage_matrix", "themes", "indicators",
          "indicators_by_issuer", "keyness", "reuse_sentences", "reuse", "follow_through_items", "follow_through",
          "scorecard", "errors"]
SEED_ID = "seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt"


@pytest.fixture(scope="module")
def out(corpus: lawtext.Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every table of the shared corpus in every format; pandas may not rename a variable."""
    folder = tmp_path_factory.mktemp("exports")
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.InvalidColumnName)
        write_analysis(corpus, folder, charts=False, formats=FORMATS)
    return folder


@pytest.fixture(scope="module")
def book(out: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out / WORKBOOK)


def _widths(sheet) -> dict[str, float]:
    """Each header's column width (openpyxl keeps a run of equal widths under its first column)."""
    by_index = {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}
    return {c.value: by_index[c.column] for c in sheet[1]}


def _book(frame: pd.DataFrame, name: str = "errors") -> openpyxl.Workbook:
    """``frame`` written as sheet ``name`` of a workbook, read back."""
    handle = io.BytesIO()
    book = Workbook(handle, [name])
    book.add(name, frame)
    book.close()
    return openpyxl.load_workbook(io.BytesIO(handle.getvalue()))


def test_the_workbook_has_the_dictionary_then_a_sheet_per_table(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS
    assert all(book[name].freeze_panes == "A2" for name in SHEETS)
    docs = book["documents"]
    assert docs.max_row == 26 and docs.max_column == 19  # the header and 25 reports; 19 columns
    header = [c.value for c in docs[1]]
    seed = next(dict(zip(header, row, strict=True)) for row in docs.iter_rows(min_row=2, values_only=True)
                if row[0] == SEED_ID)
    assert (seed["issuer"], seed["title"], seed["year"]) == (
        "沙坪坝区机关事务管理局", "关于2023年法治政府建设情况的报告", 2023)


def test_column_widths_fit_the_content(book: openpyxl.Workbook) -> None:
    """Width is the widest cell (a CJK character counting two) plus 2, capped at 50 + 2;
    xlsxwriter stores n as n + 0.71 (its padding)."""
    widths = _widths(book["documents"])
    assert widths["issuer"] == 32.7109375  # 国家税务总局松阳市青禾县税务局: 15 CJK characters, 30
    assert widths["region"] == 20.7109375  # 云州市白沙县桃源镇: 9 CJK characters
    assert widths["format"] == 8.7109375  # the header, 6 characters
    assert widths["sha256"] == widths["doc_id"] == 52.7109375  # capped
    assert _widths(book["dictionary"])["dtype"] == 9.7109375  # float64, boolean: 7


def test_text_that_looks_like_a_formula_stays_text() -> None:
    """As the CSV's ``'`` does, Excel's quote prefix keeps the cell text when edited."""
    frame = pd.DataFrame({"path": ["=1+1", "+86 10 1234", "-3", "@SUM(A1)", "中文"], "stage": "read",
                          "error_type": "X", "message": ["=HYPERLINK(\"http://x\")", "", "", "", ""]})
    sheet = _book(frame)["errors"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in cells] == ["=1+1", "+86 10 1234", "-3", "@SUM(A1)", "中文"]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False]
    assert sheet["D2"].value == '=HYPERLINK("http://x")' and sheet["D2"].data_type == "s"


def test_text_over_an_excel_cell_is_cut_with_a_mark() -> None:
    long = "法" * 40_000
    frame = pd.DataFrame({"path": ["a", "b"], "stage": "read", "error_type": "X", "message": [long, "短"]})
    sheet = _book(frame)["errors"]
    cut = sheet["D2"].value
    assert len(cut) == 32_767 and cut.endswith("…[cut: 40,000 characters in all]")
    assert cut == "法" * (32_767 - len("…[cut: 40,000 characters in all]")) + "…[cut: 40,000 characters in all]"
    assert sheet["D3"].value == "短"


def test_a_table_longer_than_a_sheet_continues_on_further_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "EXCEL_ROWS", 2)
    frame = pd.DataFrame({"path": list("abcde"), "stage": "read", "error_type": "X", "message": ""})
    book = _book(frame)
    assert book.sheetnames == ["dictionary", "dictionary (2)", "errors", "errors (2)", "errors (3)"]
    assert [[c.value for c in row] for row in book["errors (3)"].iter_rows()] == [
        ["path", "stage", "error_type", "message"], ["e", "read", "X", ""]]


def test_every_dta_loads_with_the_registry_labels(out: Path) -> None:
    dictionary = pd.read_csv(out / "dictionary.csv", encoding="utf-8-sig", keep_default_na=False)
    for name, table in TABLES.items():
        with pd.io.stata.StataReader(out / f"{name}.dta") as reader:
            data = reader.read()
            labels, label = reader.variable_labels(), reader.data_label
        rows = dictionary[dictionary.table == name]
        assert list(data.columns) == rows.stata_name.tolist()
        assert labels == {s: m if len(m) <= 80 else m[:79] + "…" for s, m in zip(rows.stata_name, rows.meaning,
                                                                             strict=True)}
        assert label == exports._label(f"{name}: one row per {table.row}")
        assert len(data) == len(pd.read_parquet(out / f"{name}.parquet"))


def test_a_dta_holds_the_values_and_exact_labels(out: Path) -> None:
    with pd.io.stata.StataReader(out / "sections.dta") as reader:
        sections = reader.read()
        labels = reader.variable_labels()
    assert labels["_end"] == "offset where it ends"
    assert labels["level"] == "1 一、, 2 （一）, 3 1., 4 （1）, one below its parent for 一是 and unnumbered headings"
    seed = sections[sections.doc_id == SEED_ID]
    assert seed.title.iloc[0] == "2023年度推进法治政府建设的主要举措和成效" and seed.number.iloc[0] == "一、"
    written = pd.read_parquet(out / "sections.parquet")
    assert sections._end.tolist() == written.end.tolist() and sections.title.tolist() == written.title.tolist()
    with pd.io.stata.StataReader(out / "indicators.dta") as reader:
        assert reader.data_label == "indicators: one row per number or zero claim"


def test_the_dictionary_has_a_row_per_column_of_every_table(out: Path, book: openpyxl.Workbook) -> None:
    dictionary = pd.read_csv(out / "dictionary.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(dictionary) == sum(len(t.columns) for t in TABLES.values()) == 144
    assert list(dictionary.columns) == ["table", "one_row_per", "column", "dtype", "meaning", "stata_name"]
    renamed = dictionary[dictionary.column != dictionary.stata_name]
    assert renamed[["table", "column", "stata_name"]].values.tolist() == [
        ["sections", "end", "_end"], ["measures", "end", "_end"], ["indicators", "end", "_end"],
        ["reuse_sentences", "end", "_end"]]
    assert book["dictionary"].max_row == 145


def test_stata_types_follow_the_documented_rule() -> None:
    frame = pd.DataFrame({
        "flag": pd.array([True, None, False], dtype="boolean"),
        "n": pd.array([1, None, 3], dtype="Int64"),
        "big": [1, 2, 2**40],
        "x": [1.5, float("inf"), None],
        "when": pd.to_datetime(["2024-01-01 08:00"] * 3).tz_localize("Asia/Shanghai"),
        "items": [["甲", "乙"], {"b": 1, "a": "二"}, None],
        "note": ["字" * 700, "", None],  # 2,100 bytes in UTF-8
    })
    data, strl = stata_frame(frame)
    assert strl == ["note"]
    assert data.dtypes.astype(str).str.replace(r"\[\w+\]", "", regex=True).tolist() == [
        "Int8", "Int32", "float64", "float64", "datetime64", "object", "object"]
    assert data["items"].tolist() == ['["甲", "乙"]', '{"a": "二", "b": 1}', ""]
    assert str(data["when"].iloc[0]) == "2024-01-01 00:00:00"
    handle = io.BytesIO()
    data.to_stata(handle, version=118, write_index=False, convert_strl=strl)
    back = pd.read_stata(io.BytesIO(handle.getvalue()))
    assert back["flag"].tolist()[::2] == [1, 0] and pd.isna(back["flag"][1]) and pd.isna(back["n"][1])
    assert back["big"].iloc[2] == 2**40 and back["x"].iloc[0] == 1.5 and pd.isna(back["x"][1])
    assert back["note"].tolist() == ["字" * 700, "", ""]


def test_the_files_depend_on_the_tables_only(corpus: lawtext.Corpus, out: Path, tmp_path: Path) -> None:
    """No clock in the bytes: the workbook and the datasets carry a fixed creation time, so
    the same tables (the same whatever the parallelism: test_corpus.py) give the same files."""
    tables = {name: corpus.table(name) for name in ("documents", "sections", "scorecard")}
    paths = write_tables(tables, tmp_path, ["xlsx", "dta"])
    assert [p.name for p in paths] == ["documents.dta", "sections.dta", "scorecard.dta", WORKBOOK, "dictionary.csv"]
    assert all(p.read_bytes() == (out / p.name).read_bytes() for p in paths if p.suffix == ".dta")
    again = write_tables(tables, tmp_path / "again", ["xlsx", "dta"])
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]
    with zipfile.ZipFile(tmp_path / WORKBOOK) as book:
        assert ">2000-01-01T00:00:00Z</dcterms:created>" in book.read("docProps/core.xml").decode()
    assert b"01 Jan 2000 00:00" in (tmp_path / "documents.dta").read_bytes()[:400]


def test_default_formats_are_csv_and_parquet(corpus: lawtext.Corpus, tmp_path: Path) -> None:
    write_analysis(corpus, tmp_path, charts=False, tables=["documents", "errors"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dictionary.csv", "documents.csv", "documents.parquet", "errors.csv", "errors.parquet", "manifest.json",
        "report.html", "reports"]


def test_a_kept_run_in_other_formats_is_replayed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached run is kept per set of formats, and one without Parquet replays too."""
    kept = ["documents", "sections"]
    first = write_analysis(lawtext.Corpus.from_folder(SEED.parent, cache=tmp_path / "cache"), tmp_path / "a",
                           charts=False, tables=kept, formats=["xlsx", "dta"])
    monkeypatch.setattr(report, "write_shared", lambda *a, **k: pytest.fail("the kept run was not replayed"))
    again = write_analysis(lawtext.Corpus.from_folder(SEED.parent, cache=tmp_path / "cache"), tmp_path / "b",
                           charts=False, tables=kept, formats=["xlsx", "dta"])
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(p.name for p in (tmp_path / "a").iterdir())
    assert (tmp_path / "b" / WORKBOOK).read_bytes() == (tmp_path / "a" / WORKBOOK).read_bytes()
    assert again.tables["sections"].equals(first.tables["sections"])
    with pytest.raises(pytest.fail.Exception):  # other formats: another run
        write_analysis(lawtext.Corpus.from_folder(SEED.parent, cache=tmp_path / "cache"), tmp_path / "c",
                       charts=False, tables=kept, formats=["xlsx"])


def test_an_unknown_format_is_refused_before_any_work(corpus: lawtext.Corpus, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(ROOT / "corpora" / "seed"), "--out", str(tmp_path / "o"), "--formats", "csv,sav"])
    assert exit_.value.code == 2
    assert "argument --formats: unknown format 'sav'; formats: csv, parquet, xlsx, dta" in capsys.readouterr().err
    with pytest.raises(ValueError, match="unknown format 'xls'; formats: csv, parquet, xlsx, dta"):
        write_analysis(corpus, tmp_path / "api", formats=["xlsx", "xls"])
    assert not (tmp_path / "o").exists() and not (tmp_path / "api").exists()


def test_long_text_is_written_in_chunks_from_its_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lawtext import output

    monkeypatch.setattr(output, "_CHUNK", 3)  # chunks of 3 characters: parts of 7, 13 and 23
    parts = ["<html><head>", "<style>字体</style>", "</head><body>报告正文</body></html>"]
    output.write_text(tmp_path / "page.html", parts)
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "".join(parts)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


def test_an_output_is_hashed_and_copied_a_chunk_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from lawtext import output

    monkeypatch.setattr(output, "_BYTES_AT_ONCE", 3)  # 17 bytes: six chunks, the last of two
    data = "报告正文 report".encode()
    (tmp_path / "a.html").write_bytes(data)
    assert output.hashed_copy(tmp_path / "a.html") == hashlib.sha256(data).hexdigest()
    assert output.hashed_copy(tmp_path / "a.html", tmp_path / "kept" / "a.html") == hashlib.sha256(data).hexdigest()
    assert (tmp_path / "kept" / "a.html").read_bytes() == data


def test_a_kept_run_with_a_damaged_file_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept output whose bytes no longer match the kept manifest: the run is made again,
    with the same files as the first time."""
    kept = ["documents", "sections"]
    write_analysis(lawtext.Corpus.from_folder(SEED.parent, cache=tmp_path / "cache"), tmp_path / "a",
                   charts=False, tables=kept)
    [csv] = (tmp_path / "cache" / "analyze").glob("*/sections.csv")
    csv.write_bytes(csv.read_bytes()[:-1] + b"!")
    shared = []
    monkeypatch.setattr(report, "write_shared", lambda *a, **k: shared.append(1) or write_shared(*a, **k))
    write_analysis(lawtext.Corpus.from_folder(SEED.parent, cache=tmp_path / "cache"), tmp_path / "b",
                   charts=False, tables=kept)
    assert shared == [1]  # built again
    names = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)


def test_csv_is_written_as_pandas_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV files, written by Arrow's CSV writer a chunk of rows at a time, hold the bytes
    pandas' ``to_csv(quoting=QUOTE_ALL)`` gives: floats in their shortest form, missing values
    as "", nullable integers, floats and booleans, objects, quotes and line breaks in cells."""
    import csv

    import numpy as np

    from lawtext import output

    frame = pd.DataFrame({
        "float": [1e16, -0.0, float("inf"), np.nan, 0.1 + 0.2, 1e-5, 30.0],
        "Float64": pd.array([1.5, None, 2.0, 3.25, None, 1e-7, 0.0], dtype="Float64"),
        "boolean": pd.array([True, None, False, True, None, False, True], dtype="boolean"),
        "bool": [True, False, True, False, True, False, True],
        "Int64": pd.array([1, None, 3, 4, 5, 6, 2023], dtype="Int64"),
        "int64": [1, -2, 3, 4, 5, 6, 7],
        "object": [None, 1, "x", 2.5, "=a", '"q"', "第一行\n第二行"],
        "str": pd.array(["a", None, "-b", "c\nd", "e,f", '"', "法治"], dtype="str"),
    })
    monkeypatch.setattr(output, "_CSV_ROWS_AT_ONCE", 3)  # 7 rows: chunks of 3, 3 and 1
    for rows in (frame, frame.head(0)):
        written = io.BytesIO()
        output.to_csv(rows, written)
        expected = io.BytesIO()
        output.csv_safe(rows).to_csv(expected, index=False, quoting=csv.QUOTE_ALL, encoding="utf-8-sig")
        assert written.getvalue() == expected.getvalue()
