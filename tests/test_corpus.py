"""Batch reading: process pools, Dask, and the content-hash cache give the same tables."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    cache = DocumentCache(tmp_path)
    doc = lawtext.read(SEED)
    cache.put(b"bytes", "a.txt", doc)
    assert cache.get(b"bytes", "a.txt") == doc
    assert cache.get(b"bytes", "b.txt") is None
    assert cache.get(b"other", "a.txt") is None


def test_every_table_is_the_same_whatever_the_parallelism_or_cache(tmp_path: Path) -> None:
    """jobs 1 and 2, Dask and a warm cache give every table of the registry, row for row."""
    from lawtext.tables import TABLES

    distributed = pytest.importorskip("distributed")
    sample = ROOT / "corpora" / "sample"
    serial = lawtext.Corpus.from_folder(sample)
    lawtext.Corpus.from_folder(sample, cache=tmp_path)  # cold
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        runs = {"jobs 2": lawtext.Corpus.from_folder(sample, jobs=2),
                "dask": lawtext.Corpus.from_folder(sample, dask=client),
                "warm cache": lawtext.Corpus.from_folder(sample, cache=tmp_path)}
    for name, corpus in runs.items():
        for table in TABLES:
            assert corpus.table(table).equals(serial.table(table)), (name, table)
