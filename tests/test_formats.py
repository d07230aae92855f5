"""Every format of the seed gives the same text, sections and metadata."""

from __future__ import annotations

import pytest
from conftest import SEED

import lawtext

FORMATS = ["utf8.txt", "utf8bom.txt", "gb18030.txt", "utf16.txt", "pdf", "docx", "auto.docx", "html"]


@pytest.fixture(scope="module")
def seed_doc() -> lawtext.Document:
    return lawtext.read(SEED)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_text_in_every_format(fmt: str, seed_renderings, seed_doc) -> None:
    doc = lawtext.read(seed_renderings[fmt])
    assert doc.text == seed_doc.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_headings_match_the_gold(fmt: str, seed_renderings, seed_gold) -> None:
    doc = lawtext.read(seed_renderings[fmt])
    found = [(f"{s.number}{s.title}", s.level, s.required_part or None) for s in doc.sections]
    expected = [(h["text"], h["level"], h["required_part"]) for h in seed_gold["headings"]]
    assert found == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_metadata_in_every_format(fmt: str, seed_renderings) -> None:
    meta = lawtext.read(seed_renderings[fmt]).metadata
    assert meta.title == "关于2023年法治政府建设情况的报告"
    assert meta.year == 2023
    assert "机关事务管理局" in meta.issuer
    assert meta.issuer_type == "机关事务"


def test_issuer_from_the_pdf_running_header(seed_renderings) -> None:
    meta = lawtext.read(seed_renderings["pdf"]).metadata
    assert (meta.issuer, meta.region, meta.level) == ("重庆市沙坪坝区机关事务管理局", "重庆市沙坪坝区",
                                                      "district-county")


def test_issuer_and_date_from_the_html_source_line(seed_renderings) -> None:
    meta = lawtext.read(seed_renderings["html"]).metadata
    assert (meta.issuer, meta.publish_date) == ("重庆市沙坪坝区机关事务管理局", "2024-01-26")


def test_issuer_from_the_file_name(seed_doc) -> None:
    assert seed_doc.metadata.issuer == "沙坪坝区机关事务管理局"
    assert seed_doc.metadata.region == "沙坪坝区"


def test_pdf_page_furniture_removed(seed_renderings) -> None:
    text = lawtext.read(seed_renderings["pdf"]).text
    assert "— 1 —" not in text and "— 2 —" not in text
    assert text.count("重庆市沙坪坝区机关事务管理局") == 0


def test_pdf_number_split_from_its_unit_is_rejoined(seed_renderings) -> None:
    text = lawtext.read(seed_renderings["pdf"]).text
    assert "3项川渝地区机关事务团体标准" in text
    assert "主动公开政府信息240条" in text


def test_docx_list_numbering_is_restored(seed_renderings) -> None:
    doc = lawtext.read(seed_renderings["auto.docx"])
    assert [s.number for s in doc.sections if s.level == 1] == ["一、", "二、", "三、", "四、"]


def test_html_page_chrome_is_dropped(seed_renderings) -> None:
    text = lawtext.read(seed_renderings["html"]).text
    for chrome in ("首页", "当前位置", "来源", "分享到", "ICP", "统计代码", "浏览次数"):
        assert chrome not in text


def test_spans_slice_the_text(seed_doc) -> None:
    for s in seed_doc.sections:
        assert seed_doc.text[s.start:s.heading_end] == s.number + s.title
    assert seed_doc.text[seed_doc.sentences[0].start:seed_doc.sentences[0].end] == "关于2023年法治政府建设情况的报告"
    assert len(seed_doc.paragraphs) == len(seed_doc.text.splitlines()) == 20


@pytest.mark.parametrize(("footer", "indent", "spacing"), [
    ("-{page}-", False, True), ("第{page}页", False, True), ("第 {page} 页 共 9 页", True, True),
    ("{page}", False, False), ("— {page} —", False, False),
])
def test_pdf_layouts_and_page_numbers(tmp_path, seed_text, seed_doc, footer: str, indent: bool,
                                      spacing: bool) -> None:
    """Block style (flush left, spaced paragraphs), flush left without spacing, and other
    page-number styles give the same text."""
    from render import render_pdf

    path = render_pdf(seed_text, tmp_path / "layout.pdf", indent=indent, paragraph_spacing=spacing,
                      footer=footer, header="重庆市沙坪坝区机关事务管理局")
    assert lawtext.read(path).text == seed_doc.text


@pytest.mark.parametrize("encoding", ["gb2312", "gb18030", "utf-8"])
def test_html_with_line_breaks_and_other_charsets(tmp_path, seed_text, seed_doc, encoding: str) -> None:
    from render import render_html

    path = render_html(seed_text, tmp_path / "page.htm", encoding=encoding, line_breaks=True,
                       issuer="重庆市沙坪坝区机关事务管理局")
    doc = lawtext.read(path)
    assert doc.text == seed_doc.text
    assert doc.metadata.issuer == "重庆市沙坪坝区机关事务管理局"


@pytest.mark.parametrize("wrap", [17, 23, 28, 35])
@pytest.mark.parametrize(("indent", "spacing"), [(True, False), (True, True), (False, True)])
def test_pdf_broken_every_n_characters(tmp_path, seed_text, seed_doc, wrap: int, indent: bool,
                                       spacing: bool) -> None:
    """Lines broken at a fixed character count (so lines with digits stop short of the
    margin, and 之一、 or 3 / 项 may start a line) still rejoin exactly."""
    from render import render_pdf

    path = render_pdf(seed_text, tmp_path / "wrapped.pdf", wrap_chars=wrap, indent=indent,
                      paragraph_spacing=spacing, header="重庆市沙坪坝区机关事务管理局")
    assert lawtext.read(path).text == seed_doc.text


def test_text_exported_from_a_pdf(tmp_path, seed_text, seed_doc) -> None:
    """Hard-wrapped text with form feeds and page-number lines (what pdftotext gives)."""
    lines = []
    for para in seed_text.strip().split("\n"):
        lines += [para[i:i + 30] for i in range(0, len(para), 30)]
    for i in range(40, len(lines), 40):
        lines[i] = "\f" + lines[i]
    lines.insert(40, "— 1 —")
    (tmp_path / "exported.txt").write_text("\n".join(lines), encoding="utf-8")
    assert lawtext.read(tmp_path / "exported.txt").text == seed_doc.text


def test_docx_tables_and_heading_styles_are_kept(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某局2023年法治政府建设情况报告", style="Title")
    document.add_paragraph("主要举措和成效", style="Heading 1")  # a styled heading without a number
    document.add_paragraph("全年办理案件如下表。")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("事项", "数量"), ("行政复议案件", "15件")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("存在的不足", style="Heading 1")
    document.save(str(tmp_path / "table.docx"))
    doc = lawtext.read(tmp_path / "table.docx")
    assert doc.text.splitlines()[3:5] == ["事项｜数量", "行政复议案件｜15件"]
    assert [(s.title, s.level, s.required_part) for s in doc.sections] == [
        ("主要举措和成效", 1, "achievements"), ("存在的不足", 1, "problems")]
    assert [(i.mention, i.what) for i in doc.indicators] == [("15件", "行政复议案件")]


def test_html_tables_become_rows_of_cells(tmp_path) -> None:
    page = ("<html><head><meta charset='utf-8'><title>报告</title></head><body><div class='content'>"
            "<p>某局关于2023年法治政府建设情况的报告</p><p>一、主要举措和成效</p>"
            "<p>全年办理案件如下表。办理行政复议案件，依法审查各类文件，全面推进依法行政工作，取得良好成效。</p>"
            "<table><tr><td>事项</td><td>数量</td></tr><tr><td>行政复议案件</td><td>15件</td></tr></table>"
            "<p>二、存在的不足</p><p>法治意识有待提升，执法规范化水平仍需提高，普法宣传方式较为单一。</p></div></body></html>")
    (tmp_path / "table.html").write_text(page, encoding="utf-8")
    doc = lawtext.read(tmp_path / "table.html")
    assert "事项｜数量\n行政复议案件｜15件" in doc.text
    assert [(i.mention, i.what) for i in doc.indicators] == [("15件", "行政复议案件")]
