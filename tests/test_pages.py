"""The report pages (lawtext/pages.py): highlights placed by the tables' offsets."""

from __future__ import annotations

import lxml.html
from conftest import SEED

import lawtext
from lawtext.pages import _Mark, highlighted, page_inputs, page_name, report_page


def test_marks_nest_and_a_crossing_one_is_cut() -> None:
    marks = [_Mark(0, 6, 1, "mark", "mea", "mea-0", "m"), _Mark(2, 4, 2, "mark", "ind", "ind-0", "i<"),
             _Mark(5, 9, 2, "mark", "ind", "ind-1", "x")]
    assert highlighted("开展培训3次共<9>", marks) == (
        "<mark class='mea' id='mea-0' title='m'>开展<mark class='ind' id='ind-0' title='i&lt;'>培训</mark>3"
        "<mark class='ind' id='ind-1' title='x'>次</mark></mark>共&lt;9&gt;")


def test_the_seed_page_highlights_every_row_where_the_tables_put_it() -> None:
    corpus = lawtext.Corpus.from_folder(SEED.parent)
    [(name, *inputs)] = page_inputs(corpus.docs, corpus.sections, corpus.indicators, corpus.measures,
                                    corpus.scorecard)
    page = report_page(*inputs)
    assert name == "reports/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt.html"  # a doc_id that is a file name
    assert page_name("seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt") == (
        "reports/seed_沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt-78281495f5.html")  # one that is not
    tree = lxml.html.fromstring(page)
    shown = [(e.get("id"), e.text_content()) for e in tree.xpath("//div[@class='text']//*[@id]")]
    text = corpus.docs[0].text
    expected = ([(f"sec-{s.section_id}", text[s.start:s.heading_end])
                 for s in corpus.docs[0].sections]
                + [(f"ind-{k}", i.mention) for k, i in enumerate(corpus.indicators.itertuples())]
                + [(f"mea-{k}", text[m.start:m.end]) for k, m in enumerate(corpus.measures.itertuples())])
    assert sorted(shown) == sorted(expected)
    assert (len(corpus.sections), len(corpus.indicators), len(corpus.measures)) == (15, 12, 16)
    assert tree.get_element_by_id("ind-4").get("title") == (
        "内容（what）：主动公开政府信息；数值：240；单位：条；类别：政务公开")
    assert tree.xpath("string(//div[@class='text'])") == text  # the whole text, nothing added
