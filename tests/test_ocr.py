"""Scans read by OCR: images and PDFs without a text layer become reports like any other,
with the pages read by OCR and the engine's confidence in the documents table; without the
OCR extra a scan is one error row naming it. The pages are small, so that OCR stays quick."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from render import render_scan, scan_pdf

import lawtext
from lawtext import limits
from lawtext.errors import OCRUnavailableError
from lawtext.ingest import ocr
from lawtext.rules import Confusion

REPORT = """某局2023年法治政府建设情况报告
一、主要举措和成效
深入推进依法行政，全年办理行政复议案件12件，纳入考核单位8个。
二、存在的不足和原因
法治意识有待提升，执法人员培训不足。"""
SMALL = (420.0, 400.0)
"""A page of 420 × 400 points: the title, two headings and two paragraphs fill it."""


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report as a PNG, scanned at 150 dpi, turned by 0.6° and lightly blurred."""
    [page] = render_scan(REPORT, dpi=150, skew=0.6, blur=0.6, size=SMALL, footer="")
    path = tmp_path_factory.mktemp("scan") / "report.png"
    page.save(path)
    return path


def test_an_image_is_read_by_ocr_into_text_and_sections(scan: Path) -> None:
    doc = lawtext.read(scan)
    assert doc.text == REPORT
    assert doc.format == "image"
    assert [(s.level, s.number, s.title, s.required_part) for s in doc.sections] == [
        (1, "一、", "主要举措和成效", "achievements"), (1, "二、", "存在的不足和原因", "problems")]
    assert [(i.value, i.unit) for i in doc.indicators] == [(12.0, "件"), (8.0, "个")]
    assert doc.ocr_pages == (1,)
    assert doc.warnings == (f"pages 1 were read by OCR (mean confidence {doc.ocr_confidence:.3f}); "
                            "check names and figures against the scan",)
    assert round(doc.ocr_confidence or 0, 2) == 1.0


def test_an_image_only_pdf_gives_a_documents_row_with_the_ocr_columns(tmp_path: Path) -> None:
    """Two scanned pages with page numbers in the footer, which go as from a text layer; read
    in a pool's worker, whose kernel limits give OCR its memory (Limits.ocr_memory)."""
    tall = (420.0, 600.0)
    pages = [*render_scan(REPORT, dpi=150, size=tall),
             *render_scan("三、下一年度工作安排\n加强执法监督。", dpi=150, size=tall, footer="— 2 —", title=False)]
    scan_pdf(pages, tmp_path / "scan.pdf", 150)
    corpus = lawtext.Corpus.from_paths([tmp_path / "scan.pdf"], jobs=2)  # in a worker, under its memory limit
    row = corpus.documents.iloc[0]
    assert (row.format, row.ocr_pages, row.error) == ("pdf", "1-2", "")
    assert row.ocr_confidence == pytest.approx(1.0, abs=0.01)
    assert corpus.docs[0].text == REPORT + "\n三、下一年度工作安排\n加强执法监督。"
    assert [s.required_part for s in corpus.docs[0].parts] == ["achievements", "problems", "next_year"]


def test_a_mixed_pdf_is_read_by_ocr_only_where_a_page_has_no_text_layer(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    [image] = render_scan("二、存在的不足和原因\n法治意识有待提升。", dpi=150, size=SMALL, footer="", title=False)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "mixed.pdf"), pagesize=SMALL)
    for page in (["某局2023年法治政府建设情况报告", "一、主要举措和成效", "制定制度3项。"], None,
                 ["三、下一年度工作安排", "加强执法监督。"]):
        if page:
            pdf.setFont("STSong-Light", 14)
            for i, line in enumerate(page):
                pdf.drawString(40, 300 - 30 * i, line)
        else:
            pdf.drawImage(ImageReader(image), 0, 0, *SMALL)
        pdf.showPage()
    pdf.save()
    doc = lawtext.read(tmp_path / "mixed.pdf")
    assert doc.ocr_pages == (2,)
    assert doc.text.split("\n") == ["某局2023年法治政府建设情况报告", "一、主要举措和成效", "制定制度3项。",
                                    "二、存在的不足和原因", "法治意识有待提升。",
                                    "三、下一年度工作安排", "加强执法监督。"]
    assert [s.required_part for s in doc.parts] == ["achievements", "problems", "next_year"]


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch):
    """The OCR extra as if not installed: its import fails."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    ocr._engine.cache_clear()
    yield
    ocr._engine.cache_clear()


def test_without_the_extra_a_scan_is_one_error_row_naming_it(no_ocr: None, scan: Path, tmp_path: Path) -> None:
    scan_pdf(render_scan(REPORT, dpi=150, size=SMALL), tmp_path / "scan.pdf", 150)
    (tmp_path / "report.png").write_bytes(scan.read_bytes())
    corpus = lawtext.Corpus.from_folder(tmp_path)
    assert len(corpus.docs) == 0
    assert corpus.errors.error_type.tolist() == ["OCRUnavailableError"] * 2
    assert [Path(m.split(":")[0]).name + m[m.index(":"):] for m in corpus.errors.message] == [
        "report.png: an image has no text layer, so it needs OCR, and the OCR engine is not installed: "
        "pip install 'lawtext[ocr]'",
        "scan.pdf: the PDF has no text layer (a scanned image), so it needs OCR, and the OCR engine is not "
        "installed: pip install 'lawtext[ocr]'"]
    with pytest.raises(OCRUnavailableError):
        lawtext.read(scan)


def test_without_the_extra_a_mixed_pdf_keeps_its_text_and_names_the_extra(no_ocr: None, tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "mixed.pdf"))
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(100, 700, "一、主要举措和成效")
    pdf.showPage()
    pdf.drawImage(ImageReader(render_scan("法治意识有待提升。", dpi=100, size=SMALL)[0]), 72, 300, 420, 400)
    pdf.showPage()
    pdf.save()
    doc = lawtext.read(tmp_path / "mixed.pdf")
    assert (doc.text, doc.ocr_pages, doc.ocr_confidence) == ("一、主要举措和成效", (), None)
    assert doc.warnings == ("pages 2 have no text layer (scanned?) and were skipped; OCR reads them: "
                            "pip install 'lawtext[ocr]'",)


def test_a_second_analysis_of_a_scan_comes_from_the_cache(scan: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = ocr._boxes
    monkeypatch.setattr(ocr, "_boxes", lambda engine, image: calls.append(1) or real(engine, image))
    first = lawtext.Corpus.from_paths([scan], cache=tmp_path / "cache")
    second = lawtext.Corpus.from_paths([scan], cache=tmp_path / "cache")
    assert len(calls) == 1
    assert second.documents.ocr_pages.tolist() == first.documents.ocr_pages.tolist() == ["1"]
    assert second.docs[0].text == REPORT


def test_a_scan_over_the_ocr_page_cap_is_an_error_row_before_any_ocr(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile PDF of 10,000 image pages (the pages limit raised past it) stops at the OCR
    page cap, before the engine sees a page."""
    import pypdfium2 as pdfium
    from PIL import Image

    monkeypatch.setattr(ocr, "_boxes", lambda engine, image: pytest.fail("no page may be read by OCR"))
    pdf = pdfium.PdfDocument.new()
    bitmap = pdfium.PdfImage.new(pdf)
    bitmap.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("RGB", (8, 8), "gray")))
    bitmap.set_matrix(pdfium.PdfMatrix().scale(50, 50))
    page = pdf.new_page(60, 60)
    page.insert_obj(bitmap)
    page.gen_content()
    for _ in range(9_999):
        pdf.import_pages(pdf, [0])
    pdf.save(tmp_path / "hostile.pdf")
    corpus = lawtext.Corpus.from_paths([tmp_path / "hostile.pdf"], limits=limits.Limits(pages=20_000))
    assert corpus.errors.message.tolist() == [
        f"{tmp_path / 'hostile.pdf'}: pages to read by OCR 10,000 is over the limit of 200 "
        "(raise it with --limits ocr_pages=…)"]


def test_the_time_limit_grows_with_the_pages_read_by_ocr(scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine that takes 1.5 s a page against a limit of 1 s: with ocr_seconds the page
    is read, and with ocr_seconds too small the error says which limit to raise."""
    import time

    from PIL import Image

    boxes = ocr._boxes(ocr.engine("test", ""), Image.open(scan))
    monkeypatch.setattr(ocr, "_boxes", lambda engine, image: time.sleep(1.5) or boxes)
    assert lawtext.read(scan).text == REPORT  # everything loaded before the limits hold
    read = lawtext.Corpus.from_paths([scan], limits=limits.Limits(seconds=1, ocr_seconds=600))
    assert read.docs[0].text == REPORT
    cut = lawtext.Corpus.from_paths([scan], limits=limits.Limits(seconds=1, ocr_seconds=0.01))
    assert cut.errors.message.tolist() == [
        f"{scan}: reading took more than 1.01 seconds, 0.01 of them for OCR (raise it with --limits ocr_seconds=…)"]


def test_confusions_are_corrected_only_where_the_dictionary_is_certain() -> None:
    assert ocr.correct("深人学习，纳人考核，收人增长，工作入员，己经完成") == (
        "深入学习，纳入考核，收入增长，工作人员，已经完成")
    # 资深人士 and 老年人 are words with 人; 人户分离's 入户 is not a listed word; a lone O is no digit
    assert ocr.correct("资深人士，老年人，人户分离，自己，有O个") == "资深人士，老年人，人户分离，自己，有O个"
    assert ocr.correct("二O二三年，二0二三年，二○二三年，2O23年，1o0%") == (
        "二〇二三年，二〇二三年，二〇二三年，2023年，100%")
    assert ocr.correct("深人学习", [Confusion("人", "入", "word", ("深入",))]) == "深入学习"
    assert ocr.correct("深人学习", []) == "深人学习"


def test_page_numbers_as_ocr_reads_them_go_from_the_margin() -> None:
    from lawtext.ingest.lines import Line, strip_margins

    page = [Line("正文第一行", 0, 400, 300, 0), Line("-4", 190, 210, 780, 0), Line("一5一", 190, 210, 790, 0),
            Line("一、主要举措", 0, 200, 795, 0)]
    assert [ln.text for ln in strip_margins([page], [842.0], 0.1)[0][0]] == ["正文第一行", "一、主要举措"]


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the slow engine is patched in this process and reaches the child by fork")
def test_a_report_read_alone_is_waited_for_as_long_as_its_ocr_was_given(scan: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A report that a dead worker's batch sends to a process of its own: the parent waits
    the report's time plus what its OCR pages were given, not just the report's time (here
    1 s and 13 s in all, against an engine that takes 14 s)."""
    import time

    from PIL import Image

    from lawtext.corpus import _alone
    from lawtext.rules import active

    boxes = ocr._boxes(ocr.engine("test", ""), Image.open(scan))
    monkeypatch.setattr(ocr, "_boxes", lambda engine, image: time.sleep(14) or boxes)
    result = _alone((scan, None, None, limits.Limits(seconds=1, ocr_seconds=600)), active())
    assert isinstance(result, lawtext.Document) and result.text == REPORT
