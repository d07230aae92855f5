"""The `what` ranker: its model file checked on load, and its choices on the phrasings the
real reports use."""

from __future__ import annotations

import bisect

import pytest
from conftest import ROOT

import lawtext
from lawtext.extract.what_ranker import Candidate, Ranker, candidates
from lawtext.rules import FILES, RulesError, from_texts, packaged_text


def _what(text: str) -> list[tuple[str, str]]:
    return [(i.mention, i.what) for i in lawtext.read_bytes(text.encode(), name="x.txt").indicators]


@pytest.mark.parametrize(("text", "expected"), [
    ("召开党组会议6次。", [("6次", "党组会议")]),
    ("全年召开5次局党组会，研究法治工作。", [("5次", "局党组会")]),
    ("培训执法人员300余名。", [("300余名", "培训执法人员")]),
    ("全年办理行政复议案件30余件。", [("30余件", "办理行政复议案件")]),
])
def test_what_names_the_counted_thing(text: str, expected: list[tuple[str, str]]) -> None:
    assert _what(text) == expected


def test_candidates_around_a_number() -> None:
    text = "召开5次党组会议。"
    found = candidates(text, 2, 4, 0, len(text), "次", "党组会议")
    assert [(c.kind, c.text) for c in found] == [
        ("left", "召开"), ("right", "党组会议"), ("right", "会议"), ("joined", "召开党组会议"), ("rule", "党组会议")]


def test_the_first_of_equal_scores_wins() -> None:
    ranker = Ranker({"good": 1.0})
    tie = [Candidate("left", "甲", ("good",)), Candidate("right", "乙", ("good",)), Candidate("rule", "丙", ())]
    assert ranker.choose(tie) == "甲"
    assert ranker.choose([]) == ""


@pytest.mark.parametrize(("text", "message"), [
    ("[1, 2]", "what_ranker.json: (file): expected an object with a 'weights' object"),
    ('{"weights": {"L:dist=0": "high"}}', "what_ranker.json: weights.L:dist=0: not a finite number: 'high'"),
    ('{"weights": {"kind=rule": NaN}}', "what_ranker.json: weights.kind=rule: not a finite number: nan"),
])
def test_a_bad_model_file_is_named_with_its_entry(text: str, message: str) -> None:
    texts = {name: packaged_text(name) for name in FILES} | {"what_ranker.json": text}
    with pytest.raises(RulesError) as error:
        from_texts(texts)
    assert str(error.value) == message


def test_the_scorer_chooses_what_the_ranker_chooses_on_every_indicator_of_the_corpora() -> None:
    """The fast scorer (no candidates built) and ``Ranker.choose(candidates(...))`` agree."""
    from lawtext.extract.indicators import find_indicators
    from lawtext.extract.what_ranker import _around, _context, _scorer
    from lawtext.rules import active

    ranker, scorer = Ranker(active().ranker_weights), _scorer(active())
    compared = differing = 0
    for doc in lawtext.Corpus.from_folder(ROOT / "corpora"):
        for ind in find_indicators(doc, rank_what=False):
            if ind.zero_claim:
                continue
            sentence = doc.sentences[bisect.bisect_right([s.start for s in doc.sentences], ind.start) - 1]
            args = (doc.text, ind.start, ind.end, sentence.start, sentence.end, ind.unit, ind.what)
            compared += 1
            differing += ranker.choose(candidates(*args)) != scorer.choose(_context(*_around(*args[:5]), *args[5:]))
    assert (compared, differing) == (1524, 0)


def test_a_count_met_again_with_another_number_is_chosen_once() -> None:
    """The label depends on the words around the number, not on the number: a sentence that
    each year's report repeats with a new figure is ranked once per process."""
    from lawtext.extract.what_ranker import _choose_around

    _choose_around.cache_clear()
    whats = [[i.what for i in lawtext.read_bytes(f"全年共办理行政复议案件{n}件。".encode(), name="x.txt").indicators]
             for n in (12, 30)]
    assert whats == [["办理行政复议案件"], ["办理行政复议案件"]]
    assert (_choose_around.cache_info().misses, _choose_around.cache_info().hits) == (1, 1)


def test_no_candidate_starts_after_a_number_or_is_one_character_and_pm25_is_a_name() -> None:
    """A phrase starting with another number's classifier (43家|建设项目单位) or of one
    character names nothing a number counts; PM2.5 is a name a phrase may hold."""
    text = "根据排查线索约谈了43家建设项目单位，超过98%的案件得到及时化解。"
    start = text.index("超过98%")
    texts = [c.text for c in candidates(text, start, start + len("超过98%"), 0, len(text), "%", "")]
    assert "建设项目单位" in texts and not [t for t in texts if t.startswith("家") or len(t) < 2]
    text = "全市PM2.5年均浓度同比下降8.6%。"
    start = text.index("8.6%")
    texts = [c.text for c in candidates(text, start, start + 4, 0, len(text), "%", "")]
    assert "PM2.5年均浓度同比下降" in texts
