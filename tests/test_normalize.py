"""Normalisers: cases that must change and cases that must not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawtext import normalize
from lawtext.ingest.lines import Line, join_laid_out, join_plain

CHANGES = [
    ("２０２３年主动公开２４０条", "2023年主动公开240条"),
    ("ＡＰＰ上线", "APP上线"),
    ("关 于 2 0 2 3 年 法 治 政 府", "关于2023年法治政府"),
    ("\u3000\u3000（一）全面加强党的领导。", "（一）全面加强党的领导。"),
    ("主动公开 240 条", "主动公开240条"),
    ("学习\u200b20次\ufeff", "学习20次"),
    ("一、\xa0主要举措", "一、主要举措"),
    ("\u2f00、\u2f2f作\u2f47程", "一、工作日程"),  # Kangxi radicals from PDF fonts
]
UNCHANGED = [
    "（一）全面加强党的领导。",
    "１．",  # full-width full stop is punctuation, kept
    "“三重一大”事项；",
    "Word 2023 and Excel",
    "满意率达97.77%",
]


@pytest.mark.parametrize(("raw", "want"), CHANGES)
def test_paragraph_changes(raw: str, want: str) -> None:
    assert normalize.paragraph(raw) == want


@pytest.mark.parametrize("text", UNCHANGED)
def test_paragraph_keeps(text: str) -> None:
    assert normalize.paragraph(text).replace("1", "１") == text.replace("1", "１")


@given(st.text())
def test_paragraph_is_idempotent_and_single_line(text: str) -> None:
    once = normalize.paragraph(text)
    assert normalize.paragraph(once) == once
    assert "\n" not in once


def _lines(*rows: tuple[str, float, float]) -> list[Line]:
    return [Line(text, x0, x1) for text, x0, x1 in rows]


def test_wrapped_lines_rejoin_and_indented_lines_open_paragraphs() -> None:
    lines = _lines(
        ("　　（四）参与制定等2项地方标准，牵头或参与制定", 100, 500),
        ("项川渝地区机关事务团体标准。", 72, 300),
        ("（五）全面主动落实政务公开。", 100, 300),
        ("二是推动建设；", 72, 200),
    )
    assert join_laid_out(lines) == [
        "（四）参与制定等2项地方标准，牵头或参与制定项川渝地区机关事务团体标准。",
        "（五）全面主动落实政务公开。",
        "二是推动建设；",
    ]


def test_number_split_from_its_unit_rejoins() -> None:
    lines = _lines(("标准，牵头或参与制定《川渝地区机关会议服务评价规范》3", 72, 500),
                   ("项川渝地区机关事务团体标准。", 72, 300))
    assert join_laid_out(lines) == ["标准，牵头或参与制定《川渝地区机关会议服务评价规范》3项川渝地区机关事务团体标准。"]


def test_full_line_followed_by_inline_enumerator_continues() -> None:
    lines = _lines(("（一）加强学习。主要做法有三：一是集中学习；", 100, 500),
                   ("二是专题培训；三是以案释法。", 72, 280))
    assert join_laid_out(lines) == ["（一）加强学习。主要做法有三：一是集中学习；二是专题培训；三是以案释法。"]


def test_plain_text_with_one_paragraph_per_line_is_left_alone() -> None:
    text = ["一、主要举措", "（一）加强领导。成立领导小组。", "二、存在的问题", "短", "另一段。"]
    assert join_plain(text) == text


def test_hard_wrapped_plain_text_is_rejoined() -> None:
    para = "主动公开政府信息240条，组织学习20次，撰写学习心得3篇，推动支部学习12次，发放书籍50份。"
    wrapped = [para[i:i + 12] for i in range(0, len(para), 12)]
    lines = ["一、主要举措和成效", *wrapped, "二、存在的不足", *wrapped]
    assert join_plain(lines) == ["一、主要举措和成效", para, "二、存在的不足", para]
