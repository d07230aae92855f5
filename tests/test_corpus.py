"""Batch reading: process pools, Dask, and the content-hash cache give the same tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEED

import lawtext
from lawtext.cache import DocumentCache


@pytest.fixture(scope="module")
def serial() -> lawtext.Corpus:
    return lawtext.Corpus.from_folder(ROOT / "corpora")


def test_process_pool_gives_the_same_tables(serial: lawtext.Corpus) -> None:
    pooled = lawtext.Corpus.from_folder(ROOT / "corpora", jobs=2)
    assert pooled.documents.equals(serial.documents)
    assert pooled.indicators.equals(serial.indicators)


def test_dask_gives_the_same_tables(serial: lawtext.Corpus) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        on_dask = lawtext.Corpus.from_folder(ROOT / "corpora", dask=client)
    assert on_dask.sections.equals(serial.sections)
    assert on_dask.measures.equals(serial.measures)


def test_cache_reuses_analysed_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    first = lawtext.Corpus.from_folder(folder, cache=tmp_path / "cache")
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 1

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached report was read again")

    monkeypatch.setattr("lawtext.corpus.read_bytes", fail)
    again = lawtext.Corpus.from_folder(folder, cache=tmp_path / "cache")
    assert again.indicators.equals(first.indicators)
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n新增一段。", encoding="utf-8")
    changed = lawtext.Corpus.from_folder(folder, cache=tmp_path / "cache")
    assert changed.errors.error_type.tolist() == ["AssertionError"]


def test_cache_keys_include_the_doc_id(tmp_path: Path) -> None:
    """An entry is found by bytes and doc_id; one whose document is not what those bytes
    and doc_id give (another report's analysis) is not trusted."""
    cache = DocumentCache(tmp_path)
    doc, data = lawtext.read(SEED), SEED.read_bytes()
    cache.put(data, doc.doc_id, doc)
    assert cache.get(data, doc.doc_id) == doc
    assert cache.get(data, "b.txt") is None
    assert cache.get(b"other", doc.doc_id) is None
    cache.put(b"other", doc.doc_id, doc)  # a report stored under another file's bytes
    assert cache.get(b"other", doc.doc_id) is None


def test_every_table_is_the_same_whatever_the_parallelism_or_cache(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """jobs 1 and 2, Dask, a warm cache and a lean corpus (records built 7 reports at a time)
    give every table of the registry, row for row."""
    from lawtext import corpus as corpus_module
    from lawtext.tables import TABLES

    monkeypatch.setattr(corpus_module, "_BATCH", 7)
    distributed = pytest.importorskip("distributed")
    sample = ROOT / "corpora" / "sample"
    serial = lawtext.Corpus.from_folder(sample)
    lawtext.Corpus.from_folder(sample, cache=tmp_path)  # cold
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        runs = {"jobs 2": lawtext.Corpus.from_folder(sample, jobs=2),
                "dask": lawtext.Corpus.from_folder(sample, dask=client),
                "warm cache": lawtext.Corpus.from_folder(sample, cache=tmp_path),
                "lean, jobs 2": lawtext.Corpus.from_folder(sample, jobs=2, lean=True),
                "lean, dask, parts": lawtext.Corpus.from_folder(sample, dask=client, lean=True,
                                                                parts=tmp_path / "parts"),
                "lean, jobs 2, parts": lawtext.Corpus.from_folder(sample, jobs=2, lean=True,
                                                                  parts=tmp_path / "pool-parts")}
    for name, corpus in runs.items():
        for table in TABLES:
            assert corpus.table(table).equals(serial.table(table)), (name, table)
    written = sorted(p.relative_to(tmp_path / "parts").as_posix() for p in (tmp_path / "parts").rglob("*.parquet"))
    assert written[:3] == ["coverage/part-00000.parquet", "coverage/part-00001.parquet", "coverage/part-00002.parquet"]
    assert len(written) == 6 * 4  # five per-report tables and documents, 25 reports in batches of 7
    pool_parts = tmp_path / "pool-parts"  # a pool's batches send their tables back and write them as parts too
    assert sorted(pd.read_parquet(pool_parts / "documents").doc_id) == sorted(serial.documents.doc_id)
    kept = pd.concat([pd.read_parquet(p) for p in sorted((pool_parts / "indicators").glob("*.parquet"))])
    assert len(kept) == len(serial.table("indicators")) > 0
    finished = pd.concat([pd.read_parquet(tmp_path / "parts" / p) for p in written if p.startswith("documents/")])
    assert sorted(finished.doc_id) == sorted(serial.documents.doc_id)  # a run cut short still says what it read


def test_a_warm_cache_reruns_analyze_without_rebuilding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole analyze is cached: a re-run on an unchanged folder copies the earlier
    outputs byte for byte; a changed report rebuilds the tables."""
    from lawtext import report, tables

    folder, cache = tmp_path / "in", tmp_path / "cache"
    folder.mkdir()
    for name in ("baisha-gov-2023.txt", "beiling-jtt-2022.txt"):
        shutil.copy(ROOT / "corpora" / "sample" / name, folder / name)
    report.write_analysis(lawtext.Corpus.from_folder(folder, cache=cache), tmp_path / "cold")
    built = []
    real_build = tables.build
    monkeypatch.setattr(tables, "build", lambda name, corpus: built.append(name) or real_build(name, corpus))
    warm = report.write_analysis(lawtext.Corpus.from_folder(folder, cache=cache), tmp_path / "warm")
    cold_files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*") if p.is_file())
    assert cold_files == sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*") if p.is_file())
    assert all((tmp_path / "cold" / p).read_bytes() == (tmp_path / "warm" / p).read_bytes() for p in cold_files)
    assert built == [] and warm.tables["coverage"].equals(lawtext.Corpus.from_folder(folder).coverage)
    changed = "白沙县人民政府关于2023年度法治政府建设情况的报告\n一、主要工作\n开展培训3次。"
    (folder / "baisha-gov-2023.txt").write_text(changed, encoding="utf-8")
    report.write_analysis(lawtext.Corpus.from_folder(folder, cache=cache), tmp_path / "changed")
    assert set(built) == set(tables.TABLES)


def test_a_lean_corpus_keeps_its_records_in_the_tables_only(serial: lawtext.Corpus) -> None:
    """Its reports lose indicators and measures (the tables keep them, also when filtered or
    sliced), and compare functions refuse it rather than count nothing."""
    from lawtext.compare import coverage_frame

    lean = lawtext.Corpus.from_folder(ROOT / "corpora", lean=True)
    assert (lean.lean, serial.lean) == (True, False)
    assert sum(len(d.indicators) + len(d.measures) for d in lean) == 0
    assert [d.text for d in lean] == [d.text for d in serial]
    for name in ("indicators", "measures", "scorecard"):
        assert lean.table(name).equals(serial.table(name)), name
    kept = lean.documents.year == 2022
    assert lean.filter(kept).indicators.equals(serial.filter(kept).indicators)
    assert lean[3:9].measures.equals(serial[3:9].measures)
    with pytest.raises(ValueError, match="a lean corpus keeps its reports without their indicators"):
        coverage_frame(lean)


@pytest.mark.parametrize("damage", ["header byte", "payload byte", "truncated"])
def test_a_damaged_cache_changes_no_result(tmp_path: Path, damage: str) -> None:
    """Every file of the cache damaged at once (a byte flipped in the header line or in the
    payload, or cut in half): the warm run gives the cold run's outputs, byte for byte, no
    report fails, and the damaged report entries are written again."""
    import random

    from lawtext import report

    folder, cache = tmp_path / "in", tmp_path / "cache"
    folder.mkdir()
    for name in ("baisha-gov-2023.txt", "beiling-jtt-2022.txt", "hecheng-nyj-2023.pdf"):
        shutil.copy(ROOT / "corpora" / "sample" / name, folder / name)
    report.write_analysis(lawtext.Corpus.from_folder(folder, cache=cache), tmp_path / "cold")
    rng = random.Random(damage)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    for path in entries:
        data = bytearray(path.read_bytes())
        header_end = data.index(b"\n") if b"\n" in data else len(data)
        if damage == "truncated":
            data = data[: len(data) // 2]
        else:
            k = rng.randrange(header_end) if damage == "header byte" or header_end + 1 >= len(data) else \
                rng.randrange(header_end + 1, len(data))
            data[k] ^= 0x5A
        path.write_bytes(bytes(data))
    warm = lawtext.Corpus.from_folder(folder, cache=cache)
    report.write_analysis(warm, tmp_path / "warm")
    assert warm.failures == ()
    cold_files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*") if p.is_file())
    assert all((tmp_path / "cold" / p).read_bytes() == (tmp_path / "warm" / p).read_bytes() for p in cold_files)
    rewritten = DocumentCache(cache)
    assert all(rewritten.get((folder / d.doc_id).read_bytes(), d.doc_id) == d for d in warm)


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose reading kills its process (as the kernel's OOM killer would) becomes an
    error row; every other file of the batch and of the run is read, in order."""
    import os

    from lawtext import corpus as corpus_module

    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a.txt", "b.txt", "die.txt", "d.txt", "e.txt", "f.txt"]
    for name in names:
        shutil.copy(SEED, folder / name)
    real = corpus_module.read_bytes

    def read_or_die(data: bytes, *, name: str, doc_id: str | None = None) -> lawtext.Document:
        if name.endswith("die.txt"):
            os._exit(9)
        return real(data, name=name, doc_id=doc_id)

    monkeypatch.setattr(corpus_module, "read_bytes", read_or_die)  # forked workers inherit it
    corpus = lawtext.Corpus.from_folder(folder, jobs=2, lean=True)
    assert [d.doc_id for d in corpus] == ["a.txt", "b.txt", "d.txt", "e.txt", "f.txt"]
    assert [(f.doc_id, f.error_type) for f in corpus.failures] == [("die.txt", "WorkerDied")]
    assert corpus.failures[0].message == (f"{folder / 'die.txt'}: the process reading it died (exit code 9: killed, "
                                          "or out of memory, whose limit is 600 MB); raise it with --limits "
                                          "memory=… on a machine with more memory")
    assert corpus.indicators.doc_id.unique().tolist() == ["a.txt", "b.txt", "d.txt", "e.txt", "f.txt"]


def test_forked_processes_leave_what_they_inherit_to_their_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Around forking a pool, the objects alive are out of the collector's passes (so a child
    does not copy the pages it shares with its parent by marking them); after, they are in
    them again. The reading pool and the report's workers are both forked so."""
    import gc
    from contextlib import contextmanager

    from lawtext import corpus as corpus_module
    from lawtext import report
    from lawtext.limits import forking

    before = gc.get_freeze_count()
    with forking():
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == 0
    forked = []

    @contextmanager
    def noted(where: str):
        with forking():
            yield
        forked.append(where)

    monkeypatch.setattr(corpus_module, "forking", lambda: noted("reading"))
    monkeypatch.setattr(report, "forking", lambda: noted("workers"))
    with report.Workers(2):
        lawtext.Corpus.from_folder(SEED.parent, jobs=2)
    assert forked == ["workers", "reading"]
