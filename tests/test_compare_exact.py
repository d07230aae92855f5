"""Every output of ``lawtext.compare`` (and what ``lawtext.plot`` draws from it) pinned to
values worked out by hand on four small reports written for this file.

The reports (offsets are character positions in the normalised text; each line ends in
``\\n`` except the last):

* A ``a.txt`` 云州市青石区司法局 2023, published 2024-03-15 (on time), 299 characters:
  headings 一、主要工作 / 二、存在的问题 / 三、2024年工作打算, three plans, a signature.
* B ``b.txt`` the same issuer 2024, published 2025-04-10 (late), 167 characters: it
  realises A's first plan word for word; 四、其他需要报告的情况; 述法 only in its plans.
* C ``c.txt`` 云州市白沙区司法局 2023, no date, 242 characters: 其他 before 下一步 (not the
  official order), problems told without a heading, plans as （一）（二） sub-sections.
* D ``d.txt`` 云州市红河区司法局 2023, no date, no headings, 83 characters.

Shared sentences: S1 (35 characters) in A and C (two reports), S2 (43 characters) in A,
C and D (three reports), P1 (20 characters) in A and B (the same issuer).

Line lengths used below (characters, without the newline): title of A, C, D 24, of B 28;
一、主要工作 6; S1 35; S2 43; P1 20; every other line is given where it is used.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from scipy.stats import chi2, chi2_contingency

import lawtext
from lawtext import plot
from lawtext.compare import (
    coverage_frame,
    coverage_matrix,
    crosswalk,
    follow_through,
    group_mask,
    indicator_table,
    keyness,
    kwic,
    part_evidence,
    plan_items,
    problems_concreteness,
    reuse_share,
    scheme_for,
    scorecard,
    shared_sentences,
    themes_frame,
)
from lawtext.frames import documents_frame, indicators_frame, measures_frame
from lawtext.model import Document

S1 = "全面落实行政执法公示制度执法全过程记录制度和重大执法决定法制审核制度。"
S2 = "深入学习贯彻习近平法治思想，认真落实党政主要负责人履行推进法治建设第一责任人职责规定。"
P1 = "持续深化行政复议体制改革，提升办案质量。"
QINGSHI, BAISHA, HONGHE = "云州市青石区司法局", "云州市白沙区司法局", "云州市红河区司法局"

A = f"""云州市青石区司法局2023年法治政府建设情况报告
一、主要工作
全年办理行政复议案件30件，开展普法宣传活动12场。
{S1}
{S2}
二、存在的问题
由于编制不足，人手紧张。
执法人员仅有8名，难以满足工作需要。
法治意识有待提升。
部分工作推进缓慢。
三、2024年工作打算
2024年，我局将重点做好以下工作。
{P1}
全面提升行政复议案件办理质量。
加快建设智慧普法平台。
云州市青石区司法局
2024年3月15日"""
# A offsets: title 0-24 | 一、主要工作 25-31 | 全年办理…12场。 (26) 32-58 | S1 59-94 | S2 95-138 |
# 二、存在的问题 (7) 139-146 | 由于编制不足，人手紧张。 (12) 147-159 | 执法人员仅有8名，难以满足工作需要。 (18)
# 160-178 | 法治意识有待提升。 (9) 179-188 | 部分工作推进缓慢。 (9) 189-198 | 三、2024年工作打算 (11)
# 199-210 | 2024年，我局将重点做好以下工作。 (18) 211-229 | P1 230-250 | 全面提升行政复议案件办理质量。 (15)
# 251-266 | 加快建设智慧普法平台。 (11) 267-278 | 云州市青石区司法局 (9) 279-288 | 2024年3月15日 (10) 289-299.

B = f"""云州市青石区司法局关于2024年度法治政府建设情况的报告
一、主要工作
{P1}
全年办理行政复议案件40件。
二、存在的问题
法治意识有待提升。
三、下一步工作打算
继续做好复议工作，落实年终述法制度。
四、其他需要报告的情况
本年度没有其他需要报告的情况。
云州市青石区司法局
2025年4月10日"""
# B offsets: title 0-28 | 一、主要工作 29-35 | P1 36-56 | 全年办理行政复议案件40件。 (14) 57-71 |
# 二、存在的问题 72-79 | 法治意识有待提升。 80-89 | 三、下一步工作打算 (9) 90-99 | 继续做好…述法制度。 (18)
# 100-118 | 四、其他需要报告的情况 (11) 119-130 | 本年度没有其他需要报告的情况。 (15) 131-146 |
# 云州市青石区司法局 147-156 | 2025年4月10日 157-167.

C = f"""云州市白沙区司法局2023年法治政府建设情况报告
一、主要工作
组织人民调解员培训5次。
对督察发现存在的问题已全部整改销号。
{S1}
{S2}
二、其他需要报告的情况
人民调解员队伍年龄老化，仍存在一些短板。
三、下一步工作打算
（一）加强人民调解工作。下一步，我局将继续加强人民调解工作。
（二）推进公共法律服务。实现村居法律顾问全覆盖。"""
# C offsets: title 0-24 | 一、主要工作 25-31 | 组织人民调解员培训5次。 (12) 32-44 | 对督察…整改销号。 (18)
# 45-63 | S1 64-99 | S2 100-143 | 二、其他需要报告的情况 (11) 144-155 | 人民调解员队伍…短板。 (20)
# 156-176 | 三、下一步工作打算 (9) 177-186 | （一）… (12 + 18) 187-217 | （二）… (12 + 12) 218-242.

D = f"""云州市红河区司法局2023年法治政府建设情况报告
{S2}
全年未发生行政诉讼败诉案件。"""
# D offsets: title 0-24 | S2 25-68 | 全年未发生行政诉讼败诉案件。 (14) 69-83.

LENGTHS = {"a.txt": 299, "b.txt": 167, "c.txt": 242, "d.txt": 83}
PARTS = ["achievements", "problems", "leader_duty", "next_year", "other"]


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [lawtext.read_bytes(text.encode(), name=name)
            for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C), ("d.txt", D))]


@pytest.fixture(scope="module")
def card(docs: list[Document]) -> pd.DataFrame:
    return scorecard(docs)


def test_the_reports_read_as_written(docs: list[Document]) -> None:
    """The premises of every value below: texts, lengths, metadata, first-level parts."""
    assert {d.doc_id: len(d.text) for d in docs} == LENGTHS
    assert [d.text for d in docs] == [A, B, C, D]
    assert [(d.metadata.issuer, d.metadata.year, d.metadata.publish_date) for d in docs] == [
        (QINGSHI, 2023, "2024-03-15"), (QINGSHI, 2024, "2025-04-10"), (BAISHA, 2023, ""), (HONGHE, 2023, "")]
    roots = [[(s.required_part, s.start, s.end) for s in d.sections if not s.parent_id] for d in docs]
    assert roots == [
        [("achievements", 25, 139), ("problems", 139, 199), ("next_year", 199, 299)],
        [("achievements", 29, 72), ("problems", 72, 90), ("next_year", 90, 119), ("other", 119, 167)],
        [("achievements", 25, 144), ("other", 144, 177), ("next_year", 177, 242)],
        [],
    ]


# --- coverage ---------------------------------------------------------------------------

def test_part_evidence(docs: list[Document]) -> None:
    """Headed parts carry their sections' length; content parts the length of the matching
    sentences: S2 (43) names 第一责任人职责; C's 仍存在一些短板 (20) is a problem but its
    对督察发现存在的问题已全部整改销号 (18) is excluded; B's 述法 sits in its plans, where
    leader_duty evidence may not."""
    assert [part_evidence(d) for d in docs] == [
        {"achievements": ("heading", 114), "problems": ("heading", 60), "leader_duty": ("content", 43),
         "next_year": ("heading", 100), "other": ("none", 0)},
        {"achievements": ("heading", 43), "problems": ("heading", 18), "leader_duty": ("none", 0),
         "next_year": ("heading", 29), "other": ("heading", 48)},
        {"achievements": ("heading", 119), "problems": ("content", 20), "leader_duty": ("content", 43),
         "next_year": ("heading", 65), "other": ("heading", 33)},
        {"achievements": ("none", 0), "problems": ("none", 0), "leader_duty": ("content", 43),
         "next_year": ("none", 0), "other": ("none", 0)},
    ]


def test_part_evidence_adds_up_the_sections_of_one_part() -> None:
    """Two thematic headings both report achievements: 一、坚持党的领导 (8) + 全年开展学法活动4次。
    (11) = 21 with the newlines, 二、深化执法监督 (8) + 全年办理行政复议案件30件。 (14) = 24;
    problems 三、存在的问题 (7) + 法治意识有待提升。 (9) + 2024年，我局将继续推进。 (14) = 31. The
    last sentence covers next_year by content (2024 is the year after the report's); the
    preamble 下一步，我局将继续努力。 (12) would too, but it stands before the first heading."""
    text = ("某区司法局2023年法治政府建设情况报告\n下一步，我局将继续努力。\n一、坚持党的领导\n全年开展学法活动4次。\n"
            "二、深化执法监督\n全年办理行政复议案件30件。\n三、存在的问题\n法治意识有待提升。2024年，我局将继续推进。")
    doc = lawtext.read_bytes(text.encode(), name="two.txt")
    assert doc.metadata.year == 2023
    assert part_evidence(doc) == {"achievements": ("heading", 45), "problems": ("heading", 31),
                                  "leader_duty": ("none", 0), "next_year": ("content", 14), "other": ("none", 0)}
    assert coverage_frame([doc]).chars.tolist() == [45, 31, 0, 14, 0]
    # themes of the part count both its sections: 党的领导 in the first, 执法监督 and 行政复议 in the second
    themes = themes_frame([doc])
    assert _hits(themes, "two.txt", "achievements") == {"enforcement": 1, "disputes": 1, "leadership": 1}
    assert _hits(themes, "two.txt", "") == {"enforcement": 1, "disputes": 1, "leadership": 2}  # + 法治意识


def test_theme_terms_are_counted_per_part_as_a_search_of_that_part_counts_them() -> None:
    """The terms are found once in the whole text and counted per part, except where a
    match crosses a part's border: there the part is searched on its own (行政执法 across
    the border leaves 执法 to the part after it, and nothing to the part before)."""
    import re

    from lawtext.compare.themes import _Matches

    pattern, text = re.compile("行政执法|执法"), "加强行政执法监督，规范执法行为"
    matches = _Matches(pattern, text)
    for start, end in [(0, len(text)), (0, 4), (4, len(text)), (0, 6), (6, 12), (9, 13), (11, 15), (0, 0)]:
        assert matches.within(start, end) == len(pattern.findall(text, start, end)), (start, end)
    assert [matches.within(0, 4), matches.within(4, 15), matches.within(0, 15)] == [0, 2, 2]


def test_coverage_frame(docs: list[Document]) -> None:
    frame = coverage_frame(docs)
    assert list(frame.columns) == ["doc_id", "required_part", "covered", "evidence", "chars", "issuer", "year"]
    assert frame.doc_id.tolist() == [d for d in ("a.txt", "b.txt", "c.txt", "d.txt") for _ in PARTS]
    assert frame.required_part.tolist() == PARTS * 4
    assert frame.covered.tolist() == [True, True, True, True, False, True, True, False, True, True,
                                      True, True, True, True, True, False, False, True, False, False]
    assert frame.chars.tolist() == [114, 60, 43, 100, 0, 43, 18, 0, 29, 48, 119, 20, 43, 65, 33, 0, 0, 43, 0, 0]
    assert frame.issuer.tolist() == [QINGSHI] * 10 + [BAISHA] * 5 + [HONGHE] * 5
    assert frame.year.tolist() == [2023] * 5 + [2024] * 5 + [2023] * 10
    assert str(frame.year.dtype) == "Int64" and frame.covered.dtype == bool


def test_coverage_matrix(docs: list[Document]) -> None:
    coverage = coverage_frame(docs)
    evidence = coverage_matrix(coverage)
    assert list(evidence.columns) == PARTS
    assert evidence.index.tolist() == [(BAISHA, 2023, "c.txt"), (HONGHE, 2023, "d.txt"), (QINGSHI, 2023, "a.txt"),
                                       (QINGSHI, 2024, "b.txt")]
    assert evidence.to_numpy().tolist() == [
        ["heading", "content", "content", "heading", "heading"],
        ["none", "none", "content", "none", "none"],
        ["heading", "heading", "content", "heading", "none"],
        ["heading", "heading", "none", "heading", "heading"],
    ]
    assert coverage_matrix(coverage, value="chars").to_numpy().tolist() == [
        [119, 20, 43, 65, 33], [0, 0, 43, 0, 0], [114, 60, 43, 100, 0], [43, 18, 0, 29, 48]]
    assert coverage_matrix(coverage, value="covered").to_numpy().astype(bool).sum(axis=1).tolist() == [5, 1, 4, 4]


# --- themes ------------------------------------------------------------------------------

def test_scheme_for_follows_the_years_of_each_gangyao() -> None:
    assert [scheme_for(y) for y in (2014, 2015, 2020, 2021, 2025, 2026, None)] == [
        "gangyao_2021", "gangyao_2015", "gangyao_2015", "gangyao_2021", "gangyao_2021", "gangyao_2021",
        "gangyao_2021"]


def test_crosswalk_maps_each_2015_area() -> None:
    assert crosswalk() == {"functions": ("functions", "digital"), "rules": ("rules",), "decisions": ("decisions",),
                           "enforcement": ("enforcement",), "oversight": ("oversight",),
                           "disputes": ("disputes",), "capacity": ("leadership",)}


AREAS_2021 = ["functions", "rules", "decisions", "enforcement", "emergencies", "disputes", "oversight", "digital",
              "leadership"]


def _hits(themes: pd.DataFrame, doc_id: str, part: str) -> dict[str, int]:
    rows = themes[(themes.doc_id == doc_id) & (themes.required_part == part)]
    return {area: n for area, n in zip(rows.area, rows.hits, strict=True) if n}


def test_themes_hits_and_shares(docs: list[Document]) -> None:
    """Terms counted by hand (longest term first, no overlaps within an area):
    A: achievements 行政执法, 执法全过程记录, 重大执法决定法制审核 (enforcement); 行政复议
    (disputes); 习近平法治思想, 党政主要负责人, 第一责任人, 普法 (leadership). problems 执法人员;
    法治意识. next_year 行政复议体制改革, 行政复议; 普法.
    B: 行政复议体制改革, 行政复议; 法治意识, 年终述法. C: 人民调解 ×4, 公共法律服务 (disputes);
    督察 + the three of S2 (leadership); the three of S1 (enforcement); 法律顾问 (decisions).
    D: the three of S2; 行政诉讼."""
    themes = themes_frame(docs)
    assert list(themes.columns) == ["doc_id", "required_part", "scheme", "area", "label", "hits", "share",
                                    "area_2021", "issuer", "year"]
    assert set(themes.scheme) == {"gangyao_2021"} and (themes.area == themes.area_2021).all()
    assert themes[(themes.doc_id == "a.txt") & (themes.required_part == "")].area.tolist() == AREAS_2021
    assert [(d, p) for d, p in themes[["doc_id", "required_part"]].drop_duplicates().itertuples(index=False)] == [
        ("a.txt", ""), ("a.txt", "achievements"), ("a.txt", "problems"), ("a.txt", "next_year"),
        ("b.txt", ""), ("b.txt", "achievements"), ("b.txt", "problems"), ("b.txt", "next_year"), ("b.txt", "other"),
        ("c.txt", ""), ("c.txt", "achievements"), ("c.txt", "other"), ("c.txt", "next_year"), ("d.txt", "")]
    assert _hits(themes, "a.txt", "") == {"enforcement": 4, "disputes": 3, "leadership": 6}
    assert _hits(themes, "a.txt", "achievements") == {"enforcement": 3, "disputes": 1, "leadership": 4}
    assert _hits(themes, "a.txt", "problems") == {"enforcement": 1, "leadership": 1}
    assert _hits(themes, "a.txt", "next_year") == {"disputes": 2, "leadership": 1}
    assert _hits(themes, "b.txt", "") == {"disputes": 2, "leadership": 2}
    assert _hits(themes, "b.txt", "next_year") == {"leadership": 1}
    assert _hits(themes, "b.txt", "other") == {}
    assert _hits(themes, "c.txt", "") == {"decisions": 1, "enforcement": 3, "disputes": 5, "leadership": 4}
    assert _hits(themes, "c.txt", "other") == {"disputes": 1}
    assert _hits(themes, "d.txt", "") == {"disputes": 1, "leadership": 3}
    whole_a = themes[(themes.doc_id == "a.txt") & (themes.required_part == "")].set_index("area").share
    assert whole_a.to_dict() == {**dict.fromkeys(AREAS_2021, 0.0), "enforcement": round(4 / 13, 4),
                                 "disputes": round(3 / 13, 4), "leadership": round(6 / 13, 4)}
    ach_a = themes[(themes.doc_id == "a.txt") & (themes.required_part == "achievements")].set_index("area").share
    assert (ach_a["enforcement"], ach_a["disputes"], ach_a["leadership"]) == (0.375, 0.125, 0.5)
    other_b = themes[(themes.doc_id == "b.txt") & (themes.required_part == "other")]
    assert other_b.share.tolist() == [0.0] * 9  # no hits: shares are 0, not a division by zero
    whole_c = themes[(themes.doc_id == "c.txt") & (themes.required_part == "")].set_index("area").share
    assert whole_c["disputes"] == round(5 / 13, 4) == 0.3846
    assert themes[themes.doc_id == "d.txt"].set_index("area").share["leadership"] == 0.75
    assert themes[themes.doc_id == "b.txt"].year.unique().tolist() == [2024]
    assert themes[themes.doc_id == "c.txt"].issuer.unique().tolist() == [BAISHA]


def test_themes_in_the_2015_scheme_carry_each_area_to_its_2021_area(docs: list[Document]) -> None:
    """A against the 2015–2020 纲要: enforcement as in 2021 (4), disputes 行政复议 ×3 (the
    2015 list has no 行政复议体制改革), capacity 法治意识, 普法 ×2, 第一责任人, 党政主要负责人 (5;
    习近平法治思想 is not a 2015 term)."""
    themes = themes_frame(docs[:1], scheme="gangyao_2015")
    whole = themes[themes.required_part == ""].set_index("area")
    assert whole.area_2021.to_dict() == {
        "functions": "functions", "rules": "rules", "decisions": "decisions", "enforcement": "enforcement",
        "oversight": "oversight", "disputes": "disputes", "capacity": "leadership"}
    assert whole.hits.to_dict() == {"functions": 0, "rules": 0, "decisions": 0, "enforcement": 4, "oversight": 0,
                                    "disputes": 3, "capacity": 5}
    assert whole.share[["enforcement", "disputes", "capacity"]].tolist() == [0.3333, 0.25, 0.4167]
    assert whole.label["capacity"] == "全面提高政府工作人员法治思维和依法行政能力"
    assert set(themes.scheme) == {"gangyao_2015"}


# --- indicators: categories and the side-by-side table ------------------------------------

def test_indicator_and_measure_categories(docs: list[Document]) -> None:
    """Categories by the first keyword of ``categories.toml`` in the counted thing:
    行政复议 → 复议诉讼, 普法 → 普法宣传, 执法 → 执法监督, 调解 → 纠纷化解 (before 培训),
    行政诉讼 → 复议诉讼; measures: 制度 → 制度建设 (落实…第一责任人职责规定 names a duty, not an
    institution: no measure, measure_leads.toml)."""
    indicators = indicators_frame(docs)
    assert [tuple(r) for r in indicators[["doc_id", "mention", "zero_claim", "category"]].itertuples(index=False)] == [
        ("a.txt", "30件", False, "复议诉讼"), ("a.txt", "12场", False, "普法宣传"), ("a.txt", "8名", False, "执法监督"),
        ("b.txt", "40件", False, "复议诉讼"), ("c.txt", "5次", False, "纠纷化解"),
        ("d.txt", "未发生行政诉讼败诉案件", True, "复议诉讼")]
    measures = measures_frame(docs)
    assert [tuple(r) for r in measures[["doc_id", "object", "category", "planned"]].itertuples(index=False)] == [
        ("a.txt", "行政复议案件30件", "复议诉讼", False), ("a.txt", "普法宣传活动12场", "普法宣传", False),
        ("a.txt", S1[4:-1], "制度建设", False),
        ("a.txt", "行政复议体制改革", "复议诉讼", True),
        ("b.txt", "行政复议体制改革", "复议诉讼", False), ("b.txt", "行政复议案件40件", "复议诉讼", False),
        ("b.txt", "年终述法制度", "制度建设", True),
        ("c.txt", "人民调解员培训5次", "纠纷化解", False), ("c.txt", S1[4:-1], "制度建设", False)]


def test_indicator_table(docs: list[Document]) -> None:
    """By issuer: 青石 (A + B, 299 + 167 = 466 characters) 复议诉讼 2, 执法监督 1, 普法宣传 1;
    白沙 (242) 纠纷化解 1; 红河 has only a zero claim, left out unless asked for."""
    indicators, documents = indicators_frame(docs), documents_frame(docs)
    table = indicator_table(indicators, documents)
    assert list(table.columns) == ["issuer", "category", "indicators", "chars", "per_10k_chars"]
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        (BAISHA, "纠纷化解", 1, 242, 41.32),   # 1 / 242 × 10,000 = 41.322
        (QINGSHI, "复议诉讼", 2, 466, 42.92),  # 2 / 466 × 10,000 = 42.918
        (QINGSHI, "执法监督", 1, 466, 21.46),  # 1 / 466 × 10,000 = 21.459
        (QINGSHI, "普法宣传", 1, 466, 21.46)]
    with_zero = indicator_table(indicators, documents, include_zero=True)
    assert [tuple(r) for r in with_zero[with_zero.issuer == HONGHE].itertuples(index=False)] == [
        (HONGHE, "复议诉讼", 1, 83, 120.48)]  # 1 / 83 × 10,000 = 120.482
    by_year = indicator_table(indicators, documents, by="year")
    # 2023: A, C and D (299 + 242 + 83 = 624 characters, D counted though it has no figure); 2024: B (167)
    assert [tuple(r) for r in by_year.itertuples(index=False)] == [
        (2023, "复议诉讼", 1, 624, 16.03), (2023, "执法监督", 1, 624, 16.03), (2023, "普法宣传", 1, 624, 16.03),
        (2023, "纠纷化解", 1, 624, 16.03), (2024, "复议诉讼", 1, 167, 59.88)]


# --- keyness -----------------------------------------------------------------------------

def _vocabulary(text: str) -> list[str]:
    """A tokenizer whose counts can be made by eye: three words, and 法 alone, which
    keyness must ignore (a word is two characters or more)."""
    return re.findall("行政复议|人民调解|普法|法", text)


def _g2_by_hand(a: int, b: int, a_total: int, b_total: int) -> float:
    """G² = 2 Σ O ln(O / E) over the 2×2 table [[a, b], [a_total - a, b_total - b]]."""
    table = [[a, b], [a_total - a, b_total - b]]
    n = a_total + b_total
    rows, columns = [a + b, n - a - b], [a_total, b_total]
    return 2 * sum(table[i][j] * math.log(table[i][j] / (rows[i] * columns[j] / n))
                   for i in range(2) for j in range(2) if table[i][j])


def test_group_mask(docs: list[Document]) -> None:
    assert group_mask(docs, "issuer", QINGSHI) == [True, True, False, False]
    assert group_mask(docs, "year", 2024) == [False, True, False, False]
    assert group_mask(docs, "publish_date", "") == [False, False, True, True]
    with pytest.raises(KeyError, match="documents column"):
        group_mask(docs, "colour", "red")


def test_keyness_against_the_2x2_table(docs: list[Document]) -> None:
    """Target A + B: 行政复议 5 (A 3, B 2), 普法 2 (A) → 7 words; reference C + D: 人民调解 4
    (C) → 4 words. 普法 (2 < min_count 3) is dropped."""
    table = keyness(docs, group_mask(docs, "issuer", QINGSHI), tokenizer=_vocabulary)
    assert list(table.columns) == ["term", "target", "reference", "g2", "log_ratio", "p"]
    assert [tuple(r) for r in table[["term", "target", "reference"]].itertuples(index=False)] == [
        ("行政复议", 5, 0), ("人民调解", 0, 4)]
    fuxi, tiaojie = table.iloc[0], table.iloc[1]
    # G² from the four cells, e.g. 行政复议: 2 (5 ln(5 / (7·5/11)) + 2 ln(2 / (7·6/11)) + 4 ln(4 / (4·6/11)))
    assert fuxi.g2 == pytest.approx(_g2_by_hand(5, 0, 7, 4), rel=1e-12) == pytest.approx(6.782429, abs=1e-6)
    assert tiaojie.g2 == pytest.approx(-_g2_by_hand(0, 4, 7, 4), rel=1e-12) == pytest.approx(-14.420599, abs=1e-6)
    for row, cells in ((fuxi, [[5, 0], [2, 4]]), (tiaojie, [[0, 4], [7, 0]])):
        g2_scipy = chi2_contingency(np.array(cells), correction=False, lambda_="log-likelihood")[0]
        assert abs(row.g2) == pytest.approx(g2_scipy, rel=1e-9)
        assert row.p == pytest.approx(chi2.sf(abs(row.g2), 1), rel=1e-9)
    assert fuxi.p == pytest.approx(0.0092060, abs=1e-7) and tiaojie.p == pytest.approx(0.00014619, abs=1e-8)
    # log ratio: log2((5/7) / (0.5/4)) and log2((0.5/7) / (4/4)), 0.5 standing in for a zero count
    assert fuxi.log_ratio == pytest.approx(math.log2((5 / 7) / (0.5 / 4)), rel=1e-12)
    assert fuxi.log_ratio == pytest.approx(2.514573, abs=1e-6)
    assert tiaojie.log_ratio == pytest.approx(math.log2(0.5 / 7), rel=1e-12) == pytest.approx(-3.807355, abs=1e-6)


def test_keyness_min_count_top_and_order(docs: list[Document]) -> None:
    target = group_mask(docs, "issuer", QINGSHI)
    table = keyness(docs, target, tokenizer=_vocabulary, min_count=2)
    assert table.term.tolist() == ["行政复议", "普法", "人民调解"]  # G² 6.78, 2.06, -14.42
    assert table.g2[1] == pytest.approx(_g2_by_hand(2, 0, 7, 4), rel=1e-12) == pytest.approx(2.055291, abs=1e-6)
    assert keyness(docs, target, tokenizer=_vocabulary, min_count=2, top=1).term.tolist() == ["行政复议"]
    assert keyness(docs, target, tokenizer=_vocabulary, min_count=5).term.tolist() == ["行政复议"]
    # the other way round the signs turn and the order with them
    flipped = keyness(docs, [not t for t in target], tokenizer=_vocabulary)
    assert flipped.term.tolist() == ["人民调解", "行政复议"]
    assert flipped.g2.tolist() == pytest.approx([14.420599, -6.782429], abs=1e-6)


# --- keyword in context ------------------------------------------------------------------

def test_kwic(docs: list[Document]) -> None:
    a, b, c, d = docs
    hits = kwic([a, b], "行政复议", window=5)
    assert list(hits.columns) == ["doc_id", "section_id", "required_part", "left", "match", "right", "start", "end",
                                  "issuer", "year"]
    assert [tuple(r) for r in hits.drop(columns=["issuer", "year"]).itertuples(index=False)] == [
        ("a.txt", "1", "achievements", " 全年办理", "行政复议", "案件30件", 36, 40),
        ("a.txt", "3", "next_year", " 持续深化", "行政复议", "体制改革，", 234, 238),
        ("a.txt", "3", "next_year", " 全面提升", "行政复议", "案件办理质", 255, 259),
        ("b.txt", "1", "achievements", " 持续深化", "行政复议", "体制改革，", 40, 44),
        ("b.txt", "1", "achievements", " 全年办理", "行政复议", "案件40件", 61, 65)]
    assert hits.issuer.tolist() == [QINGSHI] * 5 and hits.year.tolist() == [2023, 2023, 2023, 2024, 2024]
    # the innermost section: （一） is 3.1; C's problems sentence sits in 其他 (section 2)
    inner = kwic([c], "人民调解", window=3)
    assert [tuple(r) for r in inner[["section_id", "required_part", "left", "right", "start"]].itertuples(
        index=False)] == [("1", "achievements", " 组织", "员培训", 34), ("2", "other", "情况 ", "员队伍", 156),
                          ("3.1", "next_year", "）加强", "工作。", 192), ("3.1", "next_year", "续加强", "工作。", 210)]
    figures = kwic([c], r"\d+次", regex=True, window=5)
    assert [tuple(r) for r in figures[["left", "match", "right", "start", "end"]].itertuples(index=False)] == [
        ("调解员培训", "5次", "。 对督察", 41, 43)]
    assert kwic([c], r"\d+次", window=5).empty  # a literal, not a pattern, without regex=True
    title = kwic([d], "司法局", window=10)  # before the first heading: no section, no part; the window stops at 0
    assert [tuple(r) for r in title[["section_id", "required_part", "left", "right", "start"]].itertuples(
        index=False)] == [("", "", "云州市红河区", "2023年法治政府建", 6)]


# --- reuse -------------------------------------------------------------------------------

def test_shared_sentences(docs: list[Document]) -> None:
    shared = shared_sentences(docs)
    assert list(shared.columns) == ["doc_id", "start", "end", "sentence", "cluster", "reports", "other_issuers",
                                    "similarity"]
    assert [tuple(r) for r in shared.drop(columns="sentence").itertuples(index=False)] == [
        ("a.txt", 59, 94, 0, 2, 1, 1.0),     # S1: A and C, another issuer
        ("a.txt", 95, 138, 1, 3, 2, 1.0),    # S2: A, C and D, two other issuers
        ("a.txt", 230, 250, 2, 2, 0, 1.0),   # P1: A and B, the same issuer
        ("b.txt", 36, 56, 2, 2, 0, 1.0),
        ("c.txt", 64, 99, 0, 2, 1, 1.0),
        ("c.txt", 100, 143, 1, 3, 2, 1.0),
        ("d.txt", 25, 68, 1, 3, 2, 1.0)]
    assert shared.sentence.tolist() == [S1, S2, P1, P1, S1, S2, S2]
    assert shared_sentences(docs[:1]).empty


def test_reuse_counts_trigrams_as_scikit_learn_does() -> None:
    """The trigram counts reuse makes in numpy are CountVectorizer's, column for column:
    lowercased, runs of whitespace made one space, texts too short for a trigram empty."""
    from sklearn.feature_extraction.text import CountVectorizer

    from lawtext.compare.reuse import _trigram_counts

    texts = [S1, S2, P1, "AbC  D\t\tE  Ｆ İx", "ab", "  a  b  ", "一是加强组织领导。一是加强组织领导。", "x"]
    ours = _trigram_counts(texts)
    theirs = CountVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform(texts).tocsr()
    assert ours.shape == theirs.shape == (8, 115)
    assert (ours != theirs).nnz == 0
    assert (ours[6].sum(), ours[6].nnz, ours[6].max()) == (16, 9, 2)  # 16 trigrams, 7 of them twice
    assert ours[4].nnz == ours[7].nnz == 0


def test_reuse_share_counts_a_sentence_once_however_many_share_it(docs: list[Document]) -> None:
    """A: S1 (35) + S2 (43) = 78 of 299; B: P1 only, the same issuer: 0; C: 78 of 242;
    D: S2 (43) of 83. Counting S2 once per report sharing it would give D 86 of 83."""
    share = reuse_share(docs)
    assert list(share.columns) == ["doc_id", "issuer", "year", "chars", "reused_chars", "reused_share",
                                   "source_issuers", "sources"]
    assert [tuple(r) for r in share.drop(columns=["issuer", "year"]).itertuples(index=False)] == [
        ("a.txt", 299, 78, 0.2609, 2, f"{BAISHA}；{HONGHE}"),   # 78 / 299 = 0.26087
        ("b.txt", 167, 0, 0.0, 0, ""),
        ("c.txt", 242, 78, 0.3223, 2, f"{HONGHE}；{QINGSHI}"),  # 78 / 242 = 0.32231
        ("d.txt", 83, 43, 0.5181, 2, f"{BAISHA}；{QINGSHI}")]   # 43 / 83 = 0.51807
    assert (share.reused_share <= 1).all() and (share.reused_chars <= share.chars).all()
    anyone = reuse_share(docs, other_issuers_only=False)
    assert [tuple(r) for r in anyone[["doc_id", "reused_chars", "reused_share", "sources"]].itertuples(
        index=False)] == [
        ("a.txt", 98, 0.3278, f"{BAISHA}；{HONGHE}；{QINGSHI}"),  # + P1: 98 / 299 = 0.32776
        ("b.txt", 20, 0.1198, QINGSHI),                            # 20 / 167 = 0.11976
        ("c.txt", 78, 0.3223, f"{HONGHE}；{QINGSHI}"),
        ("d.txt", 43, 0.5181, f"{BAISHA}；{QINGSHI}")]
    assert reuse_share(docs, shared_sentences(docs)).equals(share)


def test_reuse_names_twenty_sources_and_counts_them_all() -> None:
    """A sentence 23 issuers share: each report counts the 22 others and names the first 20."""
    places = "东西南北上下前后左右中新老大小长高平安永山河湖"
    reports = [lawtext.read_bytes(f"{p}{p}县司法局2023年法治政府建设情况报告\n一、主要举措\n{S1}\n".encode(),
                                  name=f"r{k:02d}.txt") for k, p in enumerate(places)]
    share = reuse_share(reports)
    issuers = sorted(f"{p}{p}县司法局" for p in places)
    first = share.iloc[0]
    others = [i for i in issuers if i != first.issuer]
    assert (first.source_issuers, first.sources) == (22, "；".join([*others[:20], "…"]))
    assert share.source_issuers.tolist() == [22] * 23


# --- follow-through ----------------------------------------------------------------------

def _bigram_tfidf_cosines(items: list[str], done: list[str]) -> list[list[float]]:
    """Cosine of TF-IDF vectors of character bigrams (raw counts, idf ln((1 + n) / (1 + df)) + 1,
    fitted on items and achievements together), written out here independently of scikit-learn."""
    texts = items + done
    grams = [Counter(t[i:i + 2] for i in range(len(t) - 1)) for t in texts]
    df = Counter(g for c in grams for g in c)
    vectors = []
    for c in grams:
        v = {g: k * (math.log((1 + len(texts)) / (1 + df[g])) + 1) for g, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        vectors.append({g: x / norm for g, x in v.items()})
    return [[sum(x * d.get(g, 0.0) for g, x in vectors[i].items()) for d in vectors[len(items):]]
            for i in range(len(items))]


def test_plan_items(docs: list[Document]) -> None:
    a, b, c, d = docs
    # sentences after the preamble; the signature and date below the last part are no plans
    assert plan_items(a) == [P1, "全面提升行政复议案件办理质量。", "加快建设智慧普法平台。"]
    assert plan_items(b) == ["继续做好复议工作，落实年终述法制度。"]  # a lone sentence is the item
    # sub-sections: the heading and the sentence after it
    assert plan_items(c) == ["（一）加强人民调解工作。下一步，我局将继续加强人民调解工作。",
                             "（二）推进公共法律服务。实现村居法律顾问全覆盖。"]
    assert plan_items(d) == []


def test_follow_through(docs: list[Document]) -> None:
    """A's three plans against B's achievement sentences 一、主要工作, P1, 全年办理行政复议案件40件。:
    P1 word for word (1.0); 全面提升行政复议案件办理质量。 closest to 全年办理行政复议案件40件。
    (0.314, independent computation below); 加快建设智慧普法平台。 shares no bigram (0.0, the
    first achievement sentence as its match)."""
    done = ["一、主要工作", P1, "全年办理行政复议案件40件。"]
    plans = plan_items(docs[0])
    cosines = _bigram_tfidf_cosines(plans, done)
    assert [round(max(row), 4) for row in cosines] == [1.0, 0.314, 0.0]
    assert [done[int(np.argmax(row))] for row in cosines] == [P1, done[2], done[0]]
    items, rates = follow_through(docs)
    assert list(items.columns) == ["issuer", "year", "doc_id", "next_doc_id", "item", "best_match", "similarity",
                                   "realised"]
    assert [tuple(r) for r in items.itertuples(index=False)] == [
        (QINGSHI, 2023, "a.txt", "b.txt", P1, P1, 1.0, True),
        (QINGSHI, 2023, "a.txt", "b.txt", "全面提升行政复议案件办理质量。", "全年办理行政复议案件40件。", 0.314, True),
        (QINGSHI, 2023, "a.txt", "b.txt", "加快建设智慧普法平台。", "一、主要工作", 0.0, False)]
    assert [tuple(r) for r in rates.itertuples(index=False)] == [(QINGSHI, 2023, "a.txt", "b.txt", 3, 2, 0.6667)]
    # the threshold is inclusive: at 0 every plan counts, at 0.5 only P1
    assert follow_through(docs, threshold=0.0)[1].rate.tolist() == [1.0]
    assert follow_through(docs, threshold=0.5)[1][["realised", "rate"]].values.tolist() == [[1, 0.3333]]
    assert follow_through(docs[1:])[1].empty  # no 2023 report of 青石 before B
    # one more achievement in B (4 sentences for 3 plans): still 2 of the 3 plans
    longer = lawtext.read_bytes(B.replace("40件。\n", "40件。\n开展执法检查6次。\n").encode(), name="b2.txt")
    assert follow_through([docs[0], longer])[1][["items", "realised", "rate"]].values.tolist() == [[3, 2, 0.6667]]


# --- problems and the scorecard ----------------------------------------------------------

def test_problems_concreteness(docs: list[Document]) -> None:
    """A's problems: 由于… (a cause, though it says 不足), 执法人员仅有8名… (a figure) are
    concrete; 法治意识有待提升 is generic; 部分工作推进缓慢 neither → (2/4, 1/4).
    B: only 法治意识有待提升 → (0, 1). C (no problems section) and D: None."""
    assert [problems_concreteness(d) for d in docs] == [(0.5, 0.25), (0.0, 1.0), None, None]


SCORECARD = {
    # parts covered / headed from test_part_evidence; order of the headed parts
    # (C: achievements, other, next_year is not the official order); on time: published
    # before 04-01 of the next year; indicators per 1,000 characters: A 3 / 299, B 1 / 167,
    # C 1 / 242, D none (its zero claim is counted apart); reused share from
    # test_reuse_share…; problems from test_problems_concreteness; follow-through: B
    # realises 2 of A's 3 plans.
    "doc_id": ["a.txt", "b.txt", "c.txt", "d.txt"],
    "issuer": [QINGSHI, QINGSHI, BAISHA, HONGHE],
    "year": [2023, 2024, 2023, 2023],
    "parts_covered": [4, 4, 5, 1],
    "parts_headed": [3, 4, 3, 0],
    "official_order": [True, True, False, True],
    "publish_date": ["2024-03-15", "2025-04-10", "", ""],
    "on_time": [True, False, None, None],
    "indicators_per_1000": [10.03, 5.99, 4.13, 0.0],
    "zero_claims": [0, 0, 0, 1],
    "reused_share": [0.2609, 0.0, 0.3223, 0.5181],
    "problems_concrete": [0.5, 0.0, None, None],
    "problems_generic": [0.25, 1.0, None, None],
    "follow_through_rate": [None, 0.6667, None, None],
}


def test_scorecard_every_field(card: pd.DataFrame) -> None:
    assert list(card.columns) == list(SCORECARD)
    got = {column: [None if pd.isna(v) else v for v in card[column]] for column in card.columns}
    assert got == SCORECARD
    assert [round(n / LENGTHS[d] * 1000, 2) for n, d in zip((3, 1, 1), ("a.txt", "b.txt", "c.txt"), strict=True)] == [
        10.03, 5.99, 4.13]


def test_scorecard_takes_the_tables_it_is_given(docs: list[Document], card: pd.DataFrame) -> None:
    given = scorecard(docs, coverage=coverage_frame(docs), indicators=indicators_frame(docs),
                      reuse=reuse_share(docs, other_issuers_only=False), rates=follow_through(docs)[1])
    assert given.reused_share.tolist() == [0.3278, 0.1198, 0.3223, 0.5181]
    assert given.drop(columns="reused_share").equals(card.drop(columns="reused_share"))
    assert scorecard(docs, deadline="03-01").on_time.tolist() == [False, False, pd.NA, pd.NA]


# --- what the charts draw ----------------------------------------------------------------

REPORTS = [f"{BAISHA} 2023", f"{HONGHE} 2023", f"{QINGSHI} 2023", f"{QINGSHI} 2024"]


def test_plot_coverage_codes(docs: list[Document]) -> None:
    ax = plot.plot_coverage(coverage_frame(docs))
    # heading 2, content 1, none 0; rows C, D, A, B
    assert ax.images[0].get_array().tolist() == [[2, 1, 1, 2, 2], [0, 0, 1, 0, 0], [2, 2, 1, 2, 0], [2, 2, 0, 2, 2]]
    assert [t.get_text() for t in ax.get_yticklabels()] == REPORTS
    assert [t.get_text() for t in ax.get_xticklabels()] == ["主要举措和成效", "不足和原因", "第一责任人职责",
                                                            "下一年度安排", "其他情况"]


def test_plot_part_lengths_bars(docs: list[Document]) -> None:
    ax = plot.plot_part_lengths(coverage_frame(docs))
    bars = [(round(p.get_x()), round(p.get_width())) for p in ax.patches]
    # five parts, each a bar per report (C, D, A, B), stacked left to right
    assert bars == [(0, 119), (0, 0), (0, 114), (0, 43),
                    (119, 20), (0, 0), (114, 60), (43, 18),
                    (139, 43), (0, 43), (174, 43), (61, 0),
                    (182, 65), (43, 0), (217, 100), (61, 29),
                    (247, 33), (43, 0), (317, 0), (90, 48)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "主要举措和成效", "不足和原因", "第一责任人职责", "下一年度安排", "其他情况"]


def test_plot_indicators_bars(docs: list[Document]) -> None:
    table = indicator_table(indicators_frame(docs), documents_frame(docs))
    ax = plot.plot_indicators(table)
    # categories 复议诉讼, 执法监督, 普法宣传, 纠纷化解 stacked for 白沙 then 青石
    assert [(p.get_x(), p.get_width()) for p in ax.patches] == [
        (0, 0), (0, 2), (0, 0), (2, 1), (0, 0), (3, 1), (0, 1), (4, 0)]
    assert [t.get_text() for t in ax.get_yticklabels()] == [BAISHA, QINGSHI]
    per_10k = plot.plot_indicators(table, value="per_10k_chars")
    assert [round(p.get_width(), 2) for p in per_10k.patches] == [0, 42.92, 0, 21.46, 0, 21.46, 41.32, 0]
    assert per_10k.get_xlabel() == "每万字指标数"


def test_plot_keyness_bars(docs: list[Document]) -> None:
    table = keyness(docs, group_mask(docs, "issuer", QINGSHI), tokenizer=_vocabulary)
    ax = plot.plot_keyness(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["人民调解", "行政复议"]
    assert [round(p.get_width(), 4) for p in ax.patches] == [-14.4206, 6.7824]
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == ["#c0504d", "#2a7ab0"]


def test_plot_scorecard_scales_each_measure(card: pd.DataFrame) -> None:
    """Each column scaled by (v - min) / (max - min) over the four reports, a constant
    column to 0; rows A, B, C, D."""
    ax = plot.plot_scorecard(card)
    scaled = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
    nan = float("nan")
    expected = [
        # covered (1…5), per 1,000 (0…10.03), zero claims, reused (0…0.5181), concrete, generic, follow-through
        [0.75, 1.0, 0.0, 0.2609 / 0.5181, 1.0, 0.0, nan],
        [0.75, 5.99 / 10.03, 0.0, 0.0, 0.0, 1.0, 0.0],
        [1.0, 4.13 / 10.03, 0.0, 0.3223 / 0.5181, nan, nan, nan],
        [0.0, 0.0, 1.0, 1.0, nan, nan, nan],
    ]
    np.testing.assert_allclose(scaled, expected, rtol=1e-9, equal_nan=True)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["4", "10.03", "0", "0.2609", "0.5", "0.25",
                      "4", "5.99", "0", "0", "0", "1", "0.6667",
                      "5", "4.13", "0", "0.3223",
                      "1", "0", "1", "0.5181"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{QINGSHI} 2023", f"{QINGSHI} 2024",
                                                            f"{BAISHA} 2023", f"{HONGHE} 2023"]
