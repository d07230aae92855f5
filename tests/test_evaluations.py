"""The evaluation scripts' figures on the bundled gold, held to the issues' targets."""

from __future__ import annotations

import eval_coverage
import eval_followthrough
import eval_indicators
import eval_real
import eval_structure
import pytest
import train_what

README = (eval_structure.ROOT / "README.md").read_text(encoding="utf-8")


def _readme_row(label: str, tally: eval_indicators.Tally) -> str:
    """The README's row of indicator figures for ``tally``, as the README prints it."""
    p, r = tally.matched / tally.found, tally.matched / tally.gold
    return (f"| {label} | {p:.3f} / {r:.3f} / {2 * p * r / (p + r):.3f} | {tally.what_ok / tally.matched:.3f} | "
            f"{tally.approx_ok / tally.matched:.3f} | {tally.zero_found}/{tally.zero_gold} |")


def test_indicators_on_the_gold() -> None:
    tallies = eval_indicators.evaluate()
    seed, sample = tallies["seed"], tallies["sample"]
    assert (seed.matched, seed.gold, seed.found, seed.zero_found, seed.zero_gold) == (10, 10, 10, 2, 2)
    assert seed.what_ok == 8
    assert (sample.matched, sample.gold, sample.found, sample.zero_found, sample.zero_gold) == (811, 811, 811, 36, 36)
    assert (sample.what_ok, sample.approx_ok) == (669, 811)
    assert _readme_row("seed (10 indicators, 2 zero claims)", seed) in README
    assert _readme_row("corpora/sample (24 reports, 811 indicators, 36 zero claims)", sample) in README


@pytest.mark.parametrize(("name", "docs", "headings", "what_ok"),
                         [("heldout", 12, 169, 410), ("heldout2", 8, 133, 204)])
def test_held_out_reports(name: str, docs: int, headings: int, what_ok: int) -> None:
    folder = eval_structure.ROOT / "corpora" / name
    score = eval_structure.evaluate(folder)
    assert (score.docs, score.headings_true, score.headings_matched) == (docs, headings, headings)
    assert score.parts_right / score.parts_total >= 0.9 and score.sub_with_part == 0
    assert all(right == docs for right in score.meta_right.values())
    tally = eval_indicators.evaluate(folder)[name]
    assert tally.matched == tally.found == tally.gold and tally.zero_found == tally.zero_gold
    assert tally.what_ok == what_ok
    assert _readme_row(f"corpora/{name} — now", tally) in README
    cells, _, evidence_ok, _ = eval_coverage.evaluate(folder)
    assert evidence_ok / cells >= 0.95


def test_structure_on_the_sample_truth() -> None:
    score = eval_structure.evaluate(eval_structure.ROOT / "corpora" / "sample")
    assert score.docs == 24 and score.headings_true == 381
    assert score.headings_matched == score.headings_found == 381
    assert score.parts_right / score.parts_total >= 0.9 and score.sub_with_part == 0
    assert all(right == 24 for right in score.meta_right.values())


def test_coverage_on_the_sample_truth() -> None:
    cells, covered_ok, evidence_ok, _ = eval_coverage.evaluate()
    assert cells == 120 and evidence_ok / cells >= 0.95 and covered_ok >= evidence_ok


def test_follow_through_finds_the_realised_plans() -> None:
    """The screen's claim: most realised plans are found (it does over-call, see its docs)."""
    figures = eval_followthrough.evaluate()
    assert figures["items"] == figures["labelled"] == 21
    assert figures["recall"] >= 0.85


@pytest.mark.skipif(not eval_real.REALDEV.is_dir(), reason="the real report excerpts are not beside the repo")
def test_real_report_figures() -> None:
    s = eval_real.evaluate(eval_real.REALDEV)
    assert (s.headings_found.right, s.headings_found.total, s.headings_precision.right) == (635, 646, 635)
    assert (s.parts_right.right, s.parts_right.total) == (214, 214)
    assert s.subheadings_without_part.right == s.subheadings_without_part.total == 421
    assert (s.indicators_precision.right, s.indicators_precision.total, s.indicators_recall.total) == (681, 696, 698)
    assert (s.what_reviewer.right, s.zero_recall.right, s.zero_recall.total) == (611, 15, 15)
    assert (s.content_precision.right, s.content_precision.total) == (28, 30)
    assert (s.measures_precision.right, s.measures_precision.total, s.measures_recall.right,
            s.measures_recall.total) == (244, 266, 244, 374)
    assert {field: s.metadata[field].right for field in eval_real.META_FIELDS} == {
        "issuer": 124, "year": 176, "issuer_type": 155, "level": 146}


@pytest.mark.skipif(not eval_real.REALDEV.is_dir(), reason="the real report excerpts are not beside the repo")
def test_what_ranker_cross_validated_on_real_reports() -> None:
    """The honest `what` figure on realdev: no report labelled by a ranker trained on it."""
    examples = train_what.realdev_examples(eval_real.REALDEV)
    chosen = train_what.cross_validated(examples)
    agree = sum(eval_indicators.what_agrees(c, e.gold) for c, e in zip(chosen, examples, strict=True))
    rules = sum(eval_indicators.what_agrees(e.rule, e.gold) for e in examples)
    assert (agree, rules, len(examples)) == (575, 504, 681)
    assert f"| — | {train_what.agreement(chosen, examples).split('  (')[0]} |" in README


@pytest.mark.skipif(not eval_real.REALDEV.is_dir(), reason="the real report excerpts are not beside the repo")
def test_real_report_figures_with_the_disputes() -> None:
    """The gold + disputes column: seven disputes, each applying to exactly one entry."""
    disputes = eval_real.load_disputes()
    assert len(disputes) == 7
    golds = eval_real.load_gold(eval_real.REALDEV)
    disputed = eval_real.apply_disputes(golds, disputes)
    assert golds["d017"]["level"] == "province" and disputed["d017"]["level"] == "national"  # input left as is
    s = eval_real.score(eval_real.read_reports(eval_real.REALDEV, disputed), disputed)
    assert (s.indicators_recall.right, s.indicators_recall.total) == (681, 696)
    assert (s.metadata["level"].right, s.what_reviewer.right) == (150, 611)
    p, r = s.indicators_precision, s.indicators_recall
    assert f"| 0.978 / 0.976 | {p.right / p.total:.3f} / {r.right / r.total:.3f} |" in README


def test_a_dispute_that_matches_nothing_raises() -> None:
    gold = {"d001": {"id": "d001", "level": "city", "headings": [], "zero_claims": [],
                     "indicators": [{"mention": "3次", "value": 3, "unit": "次", "what": "会议"},
                                    {"mention": "3次", "value": 3, "unit": "次", "what": "培训"}]}}
    ok = {"report": "d001", "field": "indicators", "match": {"mention": "3次", "what": "会议"}, "remove": True}
    assert [i["what"] for i in eval_real.apply_disputes(gold, [ok])["d001"]["indicators"]] == ["培训"]
    for bad in ({**ok, "match": {"mention": "4次"}},                      # matches nothing
                {**ok, "match": {"mention": "3次"}},                      # matches two
                {**ok, "report": "d002"},                                 # no such report
                {"report": "d001", "field": "level", "gold": "province", "set": "national"}):  # gold differs
        with pytest.raises(eval_real.DisputeError):
            eval_real.apply_disputes(gold, [bad])
