"""The ``lawtext`` command, run in-process."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEED

from lawtext.cli import build_parser, main
from lawtext.frames import DOCUMENT_COLUMNS, INDICATOR_COLUMNS, SECTION_COLUMNS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "2023").mkdir(parents=True)
    shutil.copy(SEED, reports / "2023" / SEED.name)
    return reports


def test_analyze_writes_every_table(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--jobs", "1"]) == 0
    docs = pd.read_parquet(out / "documents.parquet")
    assert list(docs.columns[: len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert docs.doc_id.tolist() == [f"2023/{SEED.name}"]
    sections = pd.read_csv(out / "sections.csv", encoding="utf-8-sig", keep_default_na=False)
    assert sections.required_part[sections.level == 1].tolist() == [
        "achievements", "leader_duty", "problems", "next_year"]
    assert pd.read_csv(out / "errors.csv").empty
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))


def test_analyze_exit_status_1_when_a_file_fails(folder: Path, tmp_path: Path, capsys) -> None:
    (folder / "empty.txt").write_bytes(b"")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "-j", "2"]) == 1
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors.error_type.tolist() == ["EmptyDocumentError"]
    assert "empty.txt" in capsys.readouterr().err


def test_sections_jsonl_rows_carry_the_contract_columns_and_path(capsys) -> None:
    assert main(["sections", str(SEED), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 15
    assert set(SECTION_COLUMNS) | {"path"} <= set(rows[0])
    assert rows[0]["path"] == str(SEED)
    assert (rows[0]["number"], rows[0]["required_part"], rows[1]["parent_id"]) == ("一、", "achievements", "1")


def test_sections_csv(capsys) -> None:
    assert main(["sections", str(SEED), "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith('"doc_id","section_id","parent_id","level","number","title","required_part"')
    assert len(lines) == 16


@pytest.mark.parametrize("argv", [[], ["analyze"], ["sections", "x", "--format", "xml"], ["frobnicate"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_analyze_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (SEED.parents[2] / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name, parser in commands.items():
        assert parser.description, name
        assert f"lawtext {name}" in readme


def test_indicators_jsonl(capsys) -> None:
    assert main(["indicators", str(SEED)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["mention"], r["value"], r["unit"]) for r in rows if not r["zero_claim"]][:2] == [
        ("2项", 2.0, "项"), ("3项", 3.0, "项")]
    assert sum(r["zero_claim"] for r in rows) == 2
    assert set(INDICATOR_COLUMNS) | {"path"} <= set(rows[0])


def test_analyze_writes_indicators_and_measures(folder: Path, tmp_path: Path) -> None:
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "-j", "1"]) == 0
    indicators = pd.read_parquet(tmp_path / "o" / "indicators.parquet")
    assert len(indicators) == 12 and indicators.value.sum() == 346
    measures = pd.read_parquet(tmp_path / "o" / "measures.parquet")
    assert measures.planned.sum() == 3


def test_analyze_a_folder_where_every_file_fails(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert (docs.doc_id.tolist(), docs.issuer.tolist()) == (["empty.txt"], [""])
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "无法读取的文件 1 个" in page and ">无法读取</a>" in page  # the overview and the alert
    assert "主要发现" not in page  # no finding without a report read


def test_analyze_a_folder_without_reports(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    assert "no reports" in capsys.readouterr().err


def test_the_readme_column_dictionary_is_the_registry() -> None:
    from lawtext.tables import markdown

    readme = (SEED.parents[2] / "README.md").read_text(encoding="utf-8")
    assert markdown() in readme


def test_any_table_on_standard_output(capsys) -> None:
    assert main(["table", "coverage", str(SEED.parent), "--format", "csv", "--jobs", "1"]) == 0
    lines = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert lines[0] == ["doc_id", "required_part", "covered", "evidence", "chars", "issuer", "year", "path"]
    assert [line[1:4] for line in lines[1:]] == [
        ["achievements", "True", "heading"], ["problems", "True", "heading"], ["leader_duty", "True", "heading"],
        ["next_year", "True", "heading"], ["other", "False", "none"]]


def test_a_warm_analyze_reads_no_report(folder: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """An unchanged folder with --cache: the earlier outputs are copied byte for byte and
    its failures reported again, without reading a single report."""
    from lawtext import corpus

    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    cache = tmp_path / "cache"
    run = ["analyze", str(folder), "--cache", str(cache), "--jobs", "1", "--quiet", "--svg", "--out"]
    assert main([*run, str(tmp_path / "cold")]) == 1
    cold_err = capsys.readouterr().err
    monkeypatch.setattr(corpus, "analyze_file", lambda *a, **k: pytest.fail("a report was read"))
    assert main([*run, str(tmp_path / "warm")]) == 1
    warm_err = capsys.readouterr().err
    failure = next(line for line in cold_err.splitlines() if "broken.pdf" in line)
    assert failure in warm_err.splitlines() and "1 reports read, 1 failed (as in the cached run)" in warm_err
    files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*") if p.is_file())
    assert all((tmp_path / "cold" / p).read_bytes() == (tmp_path / "warm" / p).read_bytes() for p in files)
    charts = [p.name for p in files if p.parent.name == "charts"]
    assert charts and sorted(charts) == sorted(f"{stem}.{ext}" for stem in {Path(c).stem for c in charts}
                                               for ext in ("png", "svg"))  # --svg: each chart in both


def test_a_warm_rerun_into_the_same_folder_rewrites_only_what_differs(folder: Path, tmp_path: Path) -> None:
    """Re-run into the folder of the cached run: a file the user changed is the run's again,
    the others, already right, are left as they are (the same inode), the manifest is new."""
    out = tmp_path / "out"
    run = ["analyze", str(folder), "--cache", str(tmp_path / "cache"), "--jobs", "1", "--quiet", "--out", str(out)]
    assert main(run) == 0
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "documents.csv").write_text("edited", encoding="utf-8")
    inodes = {p: p.stat().st_ino for p in files}
    assert main(run) == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files
    rewritten = sorted(p.name for p in files if p.stat().st_ino != inodes[p])
    assert rewritten == ["documents.csv", "manifest.json"]


def test_out_is_checked_before_any_report_is_read(folder: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from lawtext import corpus

    monkeypatch.setattr(corpus, "analyze_file", lambda *a, **k: pytest.fail("a report was read"))
    (tmp_path / "a-file").write_text("x")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "a-file"), "--quiet"]) == 2
    assert capsys.readouterr().err == f"lawtext: --out {tmp_path / 'a-file'}: is a file, not a folder\n"


def test_out_inside_the_input_folder_is_not_read(folder: Path) -> None:
    """A second run does not read the first one's report.html and tables as reports."""
    out = folder / "out"
    for _ in range(2):
        assert main(["analyze", str(folder), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
        assert pd.read_parquet(out / "documents.parquet").doc_id.tolist() == [f"2023/{SEED.name}"]


def test_csv_quotes_every_field_and_makes_formulas_inert() -> None:
    """A cell a spreadsheet would evaluate gets a leading ', a line break stays in its cell,
    numbers stay numbers."""
    import io

    from lawtext.output import to_csv

    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "-3项", "第一行\n第二行", "普通"],
                          "value": [-3.0, 1.0, 2.0, 3.0]})
    handle = io.BytesIO()
    to_csv(frame, handle)
    text = handle.getvalue().decode("utf-8")
    assert text.splitlines()[:2] == ['\ufeff"text","value"', '"\'=HYPERLINK(""x"")","-3.0"']
    back = pd.read_csv(io.StringIO(text.removeprefix("\ufeff")))
    assert back.text.tolist() == ["'=HYPERLINK(\"x\")", "'-3项", "第一行\n第二行", "普通"]
    assert back.value.tolist() == [-3.0, 1.0, 2.0, 3.0]


def test_outputs_are_one_generation_with_a_manifest(folder: Path, tmp_path: Path) -> None:
    """Temporary files a killed run left are removed; manifest.json, written last, lists
    every output with its sha256 and the run id, the same for the same inputs."""
    import hashlib

    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    (out / ".documents.csv.k1l2.part").write_bytes(b"half")
    (out / "charts" / ".coverage.png.x9.part").write_bytes(b"half")
    ids = []
    for _ in range(2):
        assert main(["analyze", str(folder), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        ids.append(manifest["run"])
    assert list(out.rglob("*.part")) == []
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert sorted(manifest["files"]) == files and (manifest["reports"], manifest["failed"]) == (1, 0)
    assert all(hashlib.sha256((out / f).read_bytes()).hexdigest() == h for f, h in manifest["files"].items())
    assert ids[0] == ids[1] and len(ids[0]) == 24


def test_files_of_the_same_name_keep_distinct_doc_ids(tmp_path: Path, capsys) -> None:
    """``a/report.txt b/report.txt``: two rows, each with its own path, not one name twice."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "report.txt")
    assert main(["table", "documents", str(tmp_path / "a" / "report.txt"), str(tmp_path / "b" / "report.txt"),
                 "--format", "csv", "--jobs", "1", "--quiet"]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))[1:]
    assert [(r[0], r[1]) for r in rows] == [("a/report.txt", str(tmp_path / "a" / "report.txt")),
                                           ("b/report.txt", str(tmp_path / "b" / "report.txt"))]


def test_a_killed_run_keeps_the_batches_it_finished_and_the_next_run_is_one_generation(tmp_path: Path) -> None:
    """kill -9 once the first batch is written: its reports' tables are in OUT/parts, there
    is no manifest; the next, complete run leaves no parts and no temporary files."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "reports"
    folder.mkdir()
    names = sorted(p.name for p in (ROOT / "corpora" / "sample").glob("*.txt"))[:8]
    for name in names:
        shutil.copy(ROOT / "corpora" / "sample" / name, folder / name)
    out = tmp_path / "out"
    command = [sys.executable, "-c", "import sys; from lawtext.cli import main; sys.exit(main())",
               "analyze", str(folder), "--out", str(out), "--jobs", "1", "--quiet"]
    first = out / "parts" / "documents" / "part-00000.parquet"
    run = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    while not first.exists() and run.poll() is None:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert not (out / "manifest.json").exists()
    assert pd.read_parquet(first).doc_id.tolist() == names[:2]  # 8 reports, 4 batches of 2
    assert pd.read_parquet(out / "parts" / "indicators" / "part-00000.parquet").doc_id.unique().tolist() == names[:2]
    assert subprocess.run(command).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["reports"], manifest["failed"]) == (8, 0)
    assert not (out / "parts").exists() and list(out.rglob("*.part")) == []
    assert sorted(manifest["files"]) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                               if p.is_file() and p.name != "manifest.json")
