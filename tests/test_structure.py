"""Headings, the section tree and required parts, on hand-made reports with known answers."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lawtext
from lawtext.structure.parts import required_part


def _doc(*paragraphs: str) -> lawtext.Document:
    return lawtext.read_bytes("\n".join(paragraphs).encode("utf-8"), name="x.txt")


def _tree(doc: lawtext.Document) -> list[tuple[str, str, int, str, str]]:
    return [(s.section_id, s.parent_id, s.level, s.number + s.title, s.required_part) for s in doc.sections]


def test_all_four_levels_fullwidth_and_halfwidth() -> None:
    doc = _doc(
        "某局2023年法治政府建设情况报告",
        "一、主要举措和成效",
        "（一）加强领导。成立领导小组。",
        "１．健全制度。制定制度3项。",
        "（１）完善决策程序。",
        "(2)落实法律顾问制度",
        "2.强化监督",
        "(二)推进公开",
        "二、存在的问题",
    )
    assert _tree(doc) == [
        ("1", "", 1, "一、主要举措和成效", "achievements"),
        ("1.1", "1", 2, "（一）加强领导", ""),
        ("1.1.1", "1.1", 3, "1．健全制度", ""),
        ("1.1.1.1", "1.1.1", 4, "（1）完善决策程序", ""),
        ("1.1.1.2", "1.1.1", 4, "(2)落实法律顾问制度", ""),
        ("1.1.2", "1.1", 3, "2.强化监督", ""),
        ("1.2", "1", 2, "(二)推进公开", ""),
        ("2", "", 1, "二、存在的问题", "problems"),
    ]


def test_inline_enumerations_and_ordinals_are_not_headings() -> None:
    doc = _doc(
        "某局2023年法治政府建设情况报告",
        "一、工作开展情况",
        "加强学习，一是集中学习；二是专题培训；三是以案释法。",
        "第一，坚持党的领导。第二，完善制度。",
        "1.2万人次参加培训，2023年共办理案件。",
        "二、下一步工作打算",
    )
    assert [t[3] for t in _tree(doc)] == ["一、工作开展情况", "二、下一步工作打算"]


def test_a_paragraph_opening_with_a_short_yishi_clause_is_a_heading_even_alone() -> None:
    doc = _doc(
        "某局2023年法治政府建设情况报告",
        "一、工作开展情况",
        "一是健全制度。这一段只有一个一是，二是写在段内，不是标题。",
        "一是这一段的第一句很长超过三十个字所以读作正文而不是一个小标题的开头部分。",
    )
    assert [(t[2], t[3]) for t in _tree(doc)] == [(1, "一、工作开展情况"), (2, "一是健全制度")]


def test_a_short_line_standing_alone_above_numbered_headings_titles_them() -> None:
    body = ("2023年，我局深入学习贯彻习近平法治思想，全面推进依法行政，严格规范公正文明执法，"
            "各项工作取得新成效，现将有关情况报告如下。")
    paragraphs = (  # a web page saved as text: a blank line between paragraphs
        "某局2023年法治政府建设情况报告",
        "发布机构：某局",  # a header field above the body: never a heading
        body,
        "主要工作",  # above （一）: a level-1 heading, and it opens the achievements part
        "（一）加强组织领导。成立领导小组。",
        "二、存在的问题",
        "思想认识有待提高",  # above nothing numbered: body text
        "部分干部法治意识不强，运用法治思维和法治方式解决问题的能力有待提升，需要持续加强学习培训。",
        "三、下一步工作打算",
        "强化组织保障，发挥法治引领作用",  # under 三、 and above 1.: level 2
        "1.健全制度。",
    )
    doc = lawtext.read_bytes("\n\n".join(paragraphs).encode("utf-8"), name="x.txt")
    assert [(h.level, h.title, h.kind) for h in doc.headings] == [
        (1, "主要工作", "line"), (2, "加强组织领导", "（一）"), (1, "存在的问题", "一、"),
        (1, "下一步工作打算", "一、"), (2, "强化组织保障，发挥法治引领作用", "line"), (3, "健全制度", "1.")]
    assert _tree(doc)[0] == ("1", "", 1, "主要工作", "achievements")


def test_enumerator_paragraphs_sit_one_level_below_their_parent() -> None:
    doc = _doc(
        "某局2023年法治政府建设情况报告",
        "一、主要举措和成效",
        "（一）加强领导",
        "一是成立领导小组。",
        "二是定期研究。",
        "二、2024年工作安排",
        "一是加强普法。",
        "二是完善制度。",
        "三是强化监督。",
    )
    assert [(t[2], t[3], t[1]) for t in _tree(doc)] == [
        (1, "一、主要举措和成效", ""),
        (2, "（一）加强领导", "1"),
        (3, "一是成立领导小组", "1.1"),
        (3, "二是定期研究", "1.1"),
        (1, "二、2024年工作安排", ""),
        (2, "一是加强普法", "2"),
        (2, "二是完善制度", "2"),
        (2, "三是强化监督", "2"),
    ]


def test_preamble_and_title_are_not_sections() -> None:
    doc = _doc("关于2023年法治政府建设情况的报告", "区委、区政府：", "现将情况报告如下：", "一、主要工作")
    assert doc.metadata.title == "关于2023年法治政府建设情况的报告"
    assert doc.preamble == "区委、区政府：\n现将情况报告如下："
    assert [s.title for s in doc.sections] == ["主要工作"]


def test_section_spans_nest_and_cover_the_body() -> None:
    doc = lawtext.read("corpora/seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt")
    by_id = {s.section_id: s for s in doc.sections}
    for s in doc.sections:
        if s.parent_id:
            parent = by_id[s.parent_id]
            assert parent.start <= s.start < s.end <= parent.end
    tops = [s for s in doc.sections if s.level == 1]
    assert tops[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in pairwise(tops))


PARTS = [
    ("2023年度推进法治政府建设的主要举措和成效", "achievements"),
    ("主要工作及成效", "achievements"),
    ("工作开展情况", "achievements"),
    ("坚持党的领导，统筹推进法治政府建设", "achievements"),
    ("深化“放管服”改革，优化法治化营商环境", "achievements"),
    ("2023年党政主要负责人履行推进法治政府建设第一责任人职责", "leader_duty"),
    ("主要负责同志履行推进法治建设第一责任人职责情况", "leader_duty"),
    ("2023年推进法治政府建设存在的不足和原因", "problems"),
    ("存在的短板和不足", "problems"),
    ("存在的问题和下一步打算", "problems"),
    ("2024年推进法治政府建设的工作思路、目标举措", "next_year"),
    ("下一年度推进法治政府建设的主要安排", "next_year"),
    ("2024年工作安排", "next_year"),
    ("下一步工作打算", "next_year"),
    ("其他需要报告的情况", "other"),
    ("区政府主要负责同志履行推进法治建设第一责任人职责情况", "leader_duty"),
    ("2017年法治政府建设情况", "achievements"),
    ("补齐短板，提升依法行政能力", "achievements"),
    ("科学制定立法计划，健全依法行政制度体系", "achievements"),
    ("坚持问题导向，强化执法监督", "achievements"),
    ("存在问题和下一步工作安排", "problems"),
    ("面临的困难和问题", "problems"),
    ("今后工作打算", "next_year"),
]


@pytest.mark.parametrize(("title", "part"), PARTS)
def test_required_part_of_heading_variants(title: str, part: str) -> None:
    assert required_part(title, 2023) == part


_CN = "一二三四五六七八九十"


@settings(deadline=None)  # the first example loads the segmenter when this test runs first: not a property
@given(st.lists(st.sampled_from(["body", "l1", "l2", "enum"]), max_size=30))
def test_parser_properties(kinds: list[str]) -> None:
    """On any sequence of heading and body paragraphs: spans slice to number + title,
    parents come before children with a smaller level, and only roots have a part."""
    counters = {"l1": 0, "l2": 0, "enum": 0}
    paragraphs = ["某局2023年法治政府建设情况报告"]
    for kind in kinds:
        if kind == "body":
            paragraphs.append("开展学习20次，一是学习；二是培训。")
            continue
        counters[kind] = counters[kind] % 10 + 1
        n = _CN[counters[kind] - 1]
        paragraphs.append({"l1": f"{n}、标题。正文", "l2": f"（{n}）标题", "enum": f"{n}是做法。"}[kind])
    doc = _doc(*paragraphs)
    by_id = {s.section_id: s for s in doc.sections}
    for s in doc.sections:
        assert doc.text[s.start:s.heading_end] == s.number + s.title
        assert s.start < s.end <= len(doc.text)
        if s.parent_id:
            assert by_id[s.parent_id].level < s.level and not s.required_part
        else:
            assert s.required_part


@pytest.mark.parametrize(("title", "issuer", "kind", "level"), [
    ("静海区2023年度法治政府建设情况报告", "静海区人民政府", "government", "district-county"),
    ("关于青石区司法局2023年度法治政府建设工作情况的报告", "青石区司法局", "department", "district-county"),
    ("北岭省交通运输厅关于2023年法治政府建设情况的报告", "北岭省交通运输厅", "department", "province"),
    ("重庆市公安局2023年度法治政府建设工作报告", "重庆市公安局", "department", "province"),
    ("2023年度南湖市金沙区人民政府法治政府建设情况报告", "南湖市金沙区人民政府", "government", "district-county"),
    ("关于2023年度云州市白沙县桃源镇人民政府法治政府建设情况的报告", "云州市白沙县桃源镇人民政府", "government",
     "township"),
])
def test_issuer_from_the_title(title: str, issuer: str, kind: str, level: str) -> None:
    meta = _doc(title, "一、主要工作").metadata
    assert (meta.issuer, meta.issuer_kind, meta.level, meta.year) == (issuer, kind, level, 2023)


def test_signature_completes_the_title_issuer_and_gives_the_date() -> None:
    meta = _doc("望江县教育局2023年法治政府建设工作情况报告", "一、主要工作", "南湖市望江县教育局",
                "2024年1月26日").metadata
    assert (meta.issuer, meta.region, meta.publish_date) == ("南湖市望江县教育局", "南湖市望江县", "2024-01-26")


@pytest.mark.parametrize(("opening", "issuer", "issuer_type", "level"), [
    ("2023年，在区委、区政府的坚强领导下，青石区退役军人事务局坚持依法行政，", "青石区退役军人事务局", "退役军人",
     "district-county"),
    ("2023年，市司法局坚持依法行政。全年，石门市司法局办理复议案件12件。", "石门市司法局", "司法", "city"),
    ("2023年以来，区财政局坚持依法理财，", "区财政局", "财政", "district-county"),
    ("2023年，南湖市卫生健康委员会坚持依法行政，", "南湖市卫生健康委员会", "卫生健康", "city"),
    ("2023年，南岭省坚持以法治思想为指导，", "南岭省人民政府", "人民政府", "province"),
    ("2023年，在区委的领导下，杏林路街道坚持依法行政，", "杏林路街道办事处", "街道", "township"),
    ("2023年，云溪县政府坚持依法行政，", "云溪县政府", "人民政府", "district-county"),
    ("2023年，市政府国资委在市委的领导下，推进依法监管，", "市政府国资委", "其他", "city"),
    ("2023年，全市自然资源系统坚持依法行政，", "", "", ""),
    ("2023年，县林业局认真落实中共云溪县委的部署，", "云溪县林业局", "林业", "district-county"),
    ("2023年，县林业局落实中共云溪县委、中共青禾县委的部署，", "县林业局", "林业", "district-county"),
])
def test_issuer_from_the_subject_of_the_opening_sentence(opening: str, issuer: str, issuer_type: str,
                                                         level: str) -> None:
    """A report without title, signature or header names its body as the subject of its first
    sentence; a bare 区/市 prefix keeps the level and is completed by the one such place whose
    Party committee the text names; a region alone is its government."""
    meta = _doc("2023年度法治政府建设情况报告", opening, "一、主要工作").metadata
    assert (meta.issuer, meta.issuer_type, meta.level) == (issuer, issuer_type, level)


@pytest.mark.parametrize(("paragraphs", "year"), [
    (("根据《法治政府建设实施纲要（2021—2025年）》要求，现将我局2023年法治政府建设情况报告如下。",), 2023),
    (("2022年，市司法局坚持依法行政，为完成2025年目标打下基础。", "2025年，我局将继续推进。"), 2022),
    (("索引号 | 0001 | 发布机构 | 南县民政局 | 发布日期 | 2024-03-18", "我局坚持依法行政。"), 2023),
])
def test_the_year_reported_on(paragraphs: tuple[str, ...], year: int) -> None:
    """The year a report is about: not the end of a plan's span or a year named in a title
    of a plan; the year its first sentence opens with; else the year before the date the
    saved page states."""
    assert _doc("法治政府建设情况报告", *paragraphs, "一、主要工作").metadata.year == year


@pytest.mark.parametrize(("issuer", "kind", "region", "level"), [
    ("宁远市公安局北塘分局", "公安", "宁远市北塘区", "district-county"),
    ("重庆市公安局沙坪坝区分局", "公安", "重庆市沙坪坝区", "district-county"),
    ("宁远市北塘区杏花街道办事处", "街道", "宁远市北塘区杏花街道", "township"),
    ("国家税务总局松阳市青禾县税务局", "税务", "松阳市青禾县", "district-county"),
    ("石门市城市管理局", "城管", "石门市", "city"),
    ("重庆市公安局", "公安", "重庆市", "province"),
])
def test_describe_issuer(issuer: str, kind: str, region: str, level: str) -> None:
    from lawtext.metadata import describe_issuer

    found = describe_issuer(issuer)
    assert (found["issuer_type"], found["region"], found["level"]) == (kind, region, level)
