"""The corpus as a container and the compare functions' inputs: a Corpus, a list or a
generator of Documents; keyness groups by a mask that includes failures, doc_ids or
{column: value}."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import lawtext
from lawtext import compare

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "sample"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> lawtext.Corpus:
    folder = tmp_path_factory.mktemp("mixed")
    for name in ("baisha-gov-2023.txt", "beiling-jtt-2022.txt", "fenglin-wjw-2022.txt", "beiling-jtt-2023.pdf"):
        shutil.copy(SAMPLE / name, folder / name)
    (folder / "broken.txt").write_bytes(b"")
    return lawtext.Corpus.from_folder(folder)


def test_a_corpus_is_a_sequence_of_reports(corpus: lawtext.Corpus) -> None:
    assert repr(corpus) == "<Corpus: 4 reports, 1 failed, 3 issuers, 2022–2023>"
    assert len(corpus) == 4 and [d.doc_id for d in corpus] == [
        "baisha-gov-2023.txt", "beiling-jtt-2022.txt", "beiling-jtt-2023.pdf", "fenglin-wjw-2022.txt"]
    assert corpus["beiling-jtt-2023.pdf"] is corpus[2] and "broken.txt" not in corpus
    assert [d.doc_id for d in corpus[1:3]] == ["beiling-jtt-2022.txt", "beiling-jtt-2023.pdf"]
    with pytest.raises(KeyError, match=r"no report 'nope\.txt' in this corpus"):
        corpus["nope.txt"]
    assert len(corpus.documents) == 5
    assert corpus.documents.error.tolist()[-1].endswith("broken.txt: the file is empty (0 bytes)")


def test_filter_keeps_failures_aligned(corpus: lawtext.Corpus) -> None:
    governments = corpus.filter(corpus.documents.issuer_kind == "government")
    assert [d.doc_id for d in governments] == ["baisha-gov-2023.txt"] and governments.failures == ()
    assert corpus.filter(corpus.documents.error != "").failures == corpus.failures
    assert [d.doc_id for d in corpus.filter(year=2022)] == ["beiling-jtt-2022.txt", "fenglin-wjw-2022.txt"]
    with pytest.raises(ValueError, match="the mask has 4 values; the documents table has 5 rows"):
        corpus.filter([True] * 4)


def test_tables_are_built_once_and_shared(corpus: lawtext.Corpus) -> None:
    assert corpus.coverage is not corpus.coverage  # each caller gets its own frame…
    assert corpus.coverage.equals(corpus.table("coverage"))  # …of the one built table
    assert corpus.scorecard.parts_covered.tolist() == [4, 4, 4, 4]
    assert "scorecard" in dir(corpus)
    with pytest.raises(AttributeError):
        corpus.no_such_table  # noqa: B018


def test_a_table_and_its_inputs_are_built_once(corpus: lawtext.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from lawtext import tables

    built: list[str] = []
    real = tables.build
    monkeypatch.setattr(tables, "build", lambda name, c: built.append(name) or real(name, c))
    fresh = lawtext.Corpus(corpus.docs, corpus.failures, corpus.rules)
    fresh.scorecard, fresh.scorecard, fresh.coverage, fresh.reuse  # noqa: B018
    assert built == ["scorecard", "coverage", "indicators", "reuse", "reuse_sentences", "follow_through", "documents"]


def test_compare_takes_a_corpus_a_list_or_a_generator(corpus: lawtext.Corpus) -> None:
    frames = [compare.coverage_frame(corpus), compare.coverage_frame(list(corpus)),
              compare.coverage_frame(d for d in corpus)]
    assert all(f.equals(frames[0]) for f in frames) and len(frames[0]) == 20


def test_keyness_groups_by_mask_ids_or_column(corpus: lawtext.Corpus) -> None:
    by_mask = compare.keyness(corpus, corpus.documents.issuer_kind == "government", top=5)
    by_ids = compare.keyness(corpus, ["baisha-gov-2023.txt"], top=5)
    by_column = compare.keyness(corpus, {"issuer_kind": "government"}, top=5)
    assert by_mask.equals(by_ids) and by_mask.equals(by_column)
    assert by_mask.term.tolist()[:2] == ["县政府", "乡镇"]
    with pytest.raises(KeyError, match=r"no report 'x\.txt' among these documents"):
        compare.keyness(corpus, ["x.txt"])
