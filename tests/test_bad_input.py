"""Bad input gets a clear error for that file and the batch goes on."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from render import render_pdf

import lawtext
from lawtext.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncodingError,
    EncryptedPDFError,
    NotARegularFileError,
    ScannedPDFError,
    UnsupportedFormatError,
)
from lawtext.ingest.text import decode


def _scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is an image of text, with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 360, 60), fill=0)
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(image), 72, 500, 400, 200)
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    good = render_pdf(seed_text, folder / "good.pdf")
    (folder / "corrupt.pdf").write_bytes(good.read_bytes()[:900])
    render_pdf(seed_text, folder / "encrypted.pdf", encrypt="secret")
    _scanned_pdf(folder / "scanned.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \r\n\t\n")
    png_header = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
    (folder / "picture.txt").write_bytes(png_header + random.Random(1).randbytes(2000))
    (folder / "noise.txt").write_bytes(bytes(range(128, 256)) * 8)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip file")
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    return folder


CASES = {
    "corrupt.pdf": CorruptFileError,
    "encrypted.pdf": EncryptedPDFError,
    "scanned.pdf": ScannedPDFError,
    "empty.txt": EmptyDocumentError,
    "blank.txt": EmptyDocumentError,
    "picture.txt": EncodingError,
    "noise.txt": EncodingError,
    "broken.docx": CorruptFileError,
}


@pytest.mark.parametrize(("name", "error"), CASES.items())
def test_each_bad_file_raises_its_error(bad_folder: Path, name: str, error: type) -> None:
    with pytest.raises(error) as info:
        lawtext.read(bad_folder / name)
    assert name in str(info.value)


def test_scanned_pdf_message_suggests_ocr(bad_folder: Path) -> None:
    with pytest.raises(ScannedPDFError, match="OCR"):
        lawtext.read(bad_folder / "scanned.pdf")


def test_batch_goes_on_and_errors_are_rows(bad_folder: Path) -> None:
    corpus = lawtext.Corpus.from_folder(bad_folder)
    assert sorted(corpus.documents.loc[corpus.documents.error == "", "doc_id"]) == ["good.pdf", "seed.txt"]
    errors = corpus.errors.assign(name=corpus.errors.path.map(lambda p: Path(p).name))
    assert dict(zip(errors.name, errors.error_type, strict=True)) == {n: e.__name__ for n, e in CASES.items()}
    assert set(corpus.errors.columns) == {"path", "stage", "error_type", "message"}
    assert (corpus.errors.stage == "read").all()


def test_unsupported_extension_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "old.wpd").write_bytes(b"\xffWPC")
    with pytest.raises(UnsupportedFormatError, match=r"unsupported file type \.wpd"):
        lawtext.read(tmp_path / "old.wpd")


def test_a_cut_off_doc_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CorruptFileError, match=r"old\.doc: not a readable Word 97–2003 or WPS Writer file"):
        lawtext.read(tmp_path / "old.doc")


def test_binary_bytes_never_decode_silently() -> None:
    with pytest.raises(EncodingError):
        decode(random.Random(2).randbytes(3000), "random.txt")


def test_a_few_damaged_bytes_are_replaced_and_said(seed_text: str) -> None:
    data = bytearray(seed_text.encode())
    for at in (100, 2000, 4000):
        data[at] = 0xFF  # an invalid byte inside three three-byte characters
    text, warnings = decode(bytes(data), "damaged.txt")
    hit = {len(seed_text.encode()[:at].decode("utf-8", "ignore")) for at in (100, 2000, 4000)}
    assert text.replace("\ufffd", "") == "".join(c for i, c in enumerate(seed_text) if i not in hit).lstrip("\ufeff")
    assert warnings == ("8 byte sequences that are not utf-8 (damaged bytes) were replaced with \ufffd",)
    with pytest.raises(EncodingError, match="no text encoding explains"):
        decode(bytes(data[:4000]) + b"\xff" * 200, "garbled.txt")


def test_unmapped_glyphs_are_reported(monkeypatch: pytest.MonkeyPatch, seed_text: str, tmp_path: Path) -> None:
    """A text layer of glyph ids without a Unicode map, from both engines, is an error
    that says so (fixture: the engines' output replaced by (cid:N) runs)."""
    from lawtext.errors import UnreadableTextError
    from lawtext.ingest import pdf
    from lawtext.ingest.lines import Line

    garbage = [Line("".join(f"(cid:{n})" for n in range(40, 70)), 72, 500, 100 + 20 * i, 0) for i in range(10)]
    monkeypatch.setattr(pdf, "_pdfium_page", lambda page, number: list(garbage))
    monkeypatch.setattr(pdf, "_plumber_pages", lambda data, numbers: {n: list(garbage) for n in numbers})
    path = render_pdf(seed_text, tmp_path / "cid.pdf")
    with pytest.raises(UnreadableTextError, match="cid"):
        lawtext.read(path)


def test_a_page_one_engine_cannot_read_is_taken_from_the_other(monkeypatch: pytest.MonkeyPatch, seed_text: str,
                                                               tmp_path: Path) -> None:
    from lawtext.ingest import pdf

    path = render_pdf(seed_text, tmp_path / "seed.pdf")
    expected = lawtext.read(path).text
    real_page = pdf._pdfium_page

    def blank_first_page(page, number):
        return [] if number == 0 else real_page(page, number)

    monkeypatch.setattr(pdf, "_pdfium_page", blank_first_page)
    assert lawtext.read(path).text == expected


def test_pdf_with_a_scanned_page_warns(tmp_path: Path) -> None:
    """A text PDF with one image-only page (grey, no text on it): the text is read, and the
    page is named as read by OCR in vain."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "mixed.pdf"))
    pages = (["某局2023年法治政府建设情况报告", "一、主要举措和成效", "制定制度3项。"], None,
             ["二、存在的不足和原因", "法治意识有待提升。"])
    for page in pages:
        if page:
            pdf.setFont("STSong-Light", 14)
            for i, line in enumerate(page):
                pdf.drawString(100, 700 - 30 * i, line)
        else:
            pdf.drawImage(ImageReader(Image.new("L", (200, 100), 128)), 72, 500, 200, 100)
        pdf.showPage()
    pdf.save()
    corpus = lawtext.Corpus.from_paths([tmp_path / "mixed.pdf"])
    assert corpus.documents.warnings.tolist() == ["pages 2 have no text layer and OCR found no text on them"]
    assert corpus.documents.ocr_pages.tolist() == ["2"]
    assert [s.title for s in corpus.docs[0].sections] == ["主要举措和成效", "存在的不足和原因"]


def test_html_pages_heavy_with_markup_and_empty_pages(tmp_path: Path, seed_text: str) -> None:
    from render import render_html

    page = render_html(seed_text, tmp_path / "heavy.html", encoding="gbk", issuer="重庆市沙坪坝区机关事务管理局")
    script = b"<script>" + b"var x = 1; function f(a, b) { return a + b; }\n" * 2000 + b"</script>"
    (tmp_path / "heavy.html").write_bytes(page.read_bytes().replace(b"</head>", script + b"</head>"))
    assert lawtext.read(tmp_path / "heavy.html").metadata.year == 2023
    (tmp_path / "empty.html").write_text("<html><body><div id='app'></div><script>load()</script></body></html>",
                                          encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match="JavaScript"):
        lawtext.read(tmp_path / "empty.html")


def test_names_that_are_not_utf8_and_special_files_each_become_one_row(tmp_path: Path, capsys) -> None:
    """A Latin-1 and a GBK file name (as Windows zips give) are read, their doc_id keeping
    the undecodable bytes as escapes; a FIFO in the folder and one named on the command line
    become error rows at once, never opened."""
    import os
    import shutil

    import pandas as pd
    from conftest import ROOT

    from lawtext.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    source = ROOT / "corpora" / "sample" / "baisha-gov-2023.txt"
    for name in (b"caf\xe9.txt", "报告.txt".encode("gbk")):
        shutil.copy(source, os.fsdecode(bytes(folder) + b"/" + name))
    os.mkfifo(folder / "pipe.txt")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet"]) == 1
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.doc_id.tolist() == ["caf\\xe9.txt", "\\xb1\\xa8\\xb8\\xe6.txt", "pipe.txt"]  # failures last
    assert docs.issuer.tolist() == ["白沙县人民政府", "白沙县人民政府", ""]
    assert docs.error.tolist()[2] == f"{folder}/pipe.txt: not a regular file (a FIFO, device or socket): not read"
    capsys.readouterr()
    assert main(["table", "errors", str(folder / "pipe.txt"), "--format", "csv", "--jobs", "1", "--quiet"]) == 1
    assert capsys.readouterr().out.splitlines()[1].split(",")[2] == '"NotARegularFileError"'
    with pytest.raises(NotARegularFileError):
        lawtext.read(folder / "pipe.txt")


def test_damaged_files_get_the_same_plain_message_whatever_was_read_before() -> None:
    """No library state or object repr in a message: a damaged PDF reads the same after a
    good one as alone, and a zip that is no Word file names no Python object."""
    import io
    import zipfile

    from conftest import ROOT

    bad_pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"
    messages = []
    for before in (None, ROOT / "corpora" / "sample" / "hecheng-nyj-2023.pdf"):
        if before is not None:
            lawtext.read(before)
        with pytest.raises(CorruptFileError) as error:
            lawtext.read_bytes(bad_pdf, name="bad.pdf")
        messages.append(str(error.value))
    assert messages == ["bad.pdf: not a readable PDF (damaged, or not a PDF); open it in a PDF viewer and save a "
                        "new copy"] * 2
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "not a word file")
    with pytest.raises(CorruptFileError) as error:
        lawtext.read_bytes(archive.getvalue(), name="bad.docx")
    assert str(error.value) == ("bad.docx: not a readable Word (.docx) file (damaged, or another format named .docx); "
                                "save it again from Word or LibreOffice")


@pytest.mark.parametrize(("spec", "name", "message"), [
    ("megabytes=0.001", "baisha-gov-2023.txt",
     "megabytes of file 0.00773 is over the limit of 0.001 (raise it with --limits megabytes=…)"),
    ("chars=1000", "baisha-gov-2023.txt", "characters of text 2,"),
    ("pages=1", "hecheng-nyj-2023.pdf", "pages 4 is over the limit of 1 (raise it with --limits pages=…)"),
    ("unpacked_megabytes=0.01", "fenglin-wjw-2023.docx", "megabytes once unpacked 0.834 is over the limit of 0.01"),
    ("seconds=0.001", "baisha-gov-2023.txt", "reading took more than 0.001 seconds (raise it with --limits seconds=…)"),
])
def test_a_report_over_a_limit_is_an_error_row_naming_it(spec: str, name: str, message: str) -> None:
    from conftest import ROOT

    from lawtext.corpus import analyze_file
    from lawtext.limits import Limits

    path = ROOT / "corpora" / "sample" / name
    failure = analyze_file(path, limits=Limits.parse(spec))
    assert isinstance(failure, lawtext.model.Failure)
    assert failure.error_type == "LimitExceededError" and failure.message.startswith(f"{path}: {message}")
    assert isinstance(analyze_file(path), lawtext.Document)  # within the default limits


def test_limits_are_checked_when_given() -> None:
    from lawtext.limits import Limits

    assert Limits.parse("seconds=600, pages=10000") == Limits(seconds=600.0, pages=10000)
    with pytest.raises(ValueError, match="no limit 'minutes'; limits: seconds, megabytes, unpacked_megabytes"):
        Limits.parse("minutes=3")
    with pytest.raises(ValueError, match="a limit must be above 0"):
        Limits.parse("pages=0")


@pytest.mark.parametrize("wrap", ["deep divs", "nested tables", "huge script"])
def test_an_html_body_the_article_extractor_loses_is_still_read(wrap: str) -> None:
    """300 nested <div>s, 3,000 nested tables or an 11 MB inline script: the report's text
    is read from the page's visible text, and the warning says so."""
    from conftest import ROOT

    text = (ROOT / "corpora" / "sample" / "baisha-gov-2023.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    head = "<title>标题</title>"
    if wrap == "deep divs":
        body = "<div>" * 300 + body + "</div>" * 300
    elif wrap == "nested tables":
        body = "<table><tr><td>" * 3000 + body + "</td></tr></table>" * 3000
    else:
        head += "<script>" + "x" * 11_000_000 + "</script>"
    doc = lawtext.read_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(), name="x.html")
    assert doc.text.replace("\n", "") == "标题" + text.replace("\n", "")  # the page title first
    assert doc.warnings[0].startswith("the article body could not be told apart from the rest of the page")


def test_a_symlink_loop_is_an_error_row_and_a_run_on_sentence_is_cut(tmp_path: Path) -> None:
    """A symlink loop in the folder is one error row; 5,000 numbers in one sentence keep a
    1,000-character window each (with …), not the whole sentence per number."""
    import os

    from conftest import ROOT

    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    seed = (ROOT / "corpora" / "sample" / "baisha-gov-2023.txt").read_text(encoding="utf-8")
    numbers = "，".join(f"办理案件{i}件" for i in range(5000))
    (folder / "long.txt").write_text(f"{seed}\n全年{numbers}。", encoding="utf-8")
    corpus = lawtext.Corpus.from_folder(folder, jobs=1)
    assert [(f.doc_id, f.error_type) for f in corpus.failures] == [("loop.txt", "OSError")]
    long = corpus.indicators[corpus.indicators.sentence.str.contains("办理案件4999件")]
    assert corpus.indicators.sentence.str.len().max() == 1002
    assert len(long) == 50  # the last 50 numbers lie within 500 characters of the end
    assert long.sentence.str.len().tolist() == [1001] * len(long)  # the end in the window: one … only
    assert long.sentence.iloc[-1].startswith("…") and long.sentence.iloc[-1].endswith("办理案件4999件。")


def test_text_cut_mid_character_is_read_and_empty_files_say_what_they_hold(seed_text: str) -> None:
    data = seed_text.encode()
    cut = data[: len(data) - 1]  # the seed ends in a three-byte character: cut inside it
    assert decode(cut, "cut.txt") == (seed_text.lstrip("\ufeff")[:-1], ())
    gbk = seed_text.lstrip("\ufeff").encode("gb18030")
    assert decode(gbk[:-1], "cut.html", declared="gbk", markup=True) == (seed_text.lstrip("\ufeff")[:-1], ())
    with pytest.raises(EmptyDocumentError, match=r"^nul\.txt: the file holds no text, only whitespace or NUL bytes$"):
        decode(b"\x00" * 4096, "nul.txt")
    with pytest.raises(EmptyDocumentError, match=r"^zero\.txt: the file is empty \(0 bytes\)$"):
        decode(b"", "zero.txt")


def test_a_tag_with_200000_attributes_reads_like_the_page_without_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    extracted: list[str] = []
    extract = trafilatura.extract
    monkeypatch.setattr(trafilatura, "extract", lambda page, **kw: extracted.append(page) or extract(page, **kw))
    body = "".join(f"<p>{line}</p>" for line in ("一、主要工作", "全年办理行政复议案件12件。", "二、存在的问题"))
    plain, bloated = tmp_path / "plain.html", tmp_path / "bloated.html"
    plain.write_text(f"<html><body><div>{body}</div></body></html>", encoding="utf-8")
    attributes = " ".join(f"a{i}=1" for i in range(200_000))
    bloated.write_text(f"<html><body><div {attributes}>{body}</div></body></html>", encoding="utf-8")
    expected = "一、主要工作\n全年办理行政复议案件12件。\n二、存在的问题"
    assert lawtext.read(bloated).text == lawtext.read(plain).text == expected
    assert "a199999" not in extracted[0] and "<div>" in extracted[0]  # the extractor never saw the attributes


def _stuck_in_c(data: bytes, *, name: str, doc_id: str | None = None) -> lawtext.Document:
    """A reader stuck where no Python timer reaches (the alarm signal blocked, as in a C
    library that holds on), for reports named ``stuck``."""
    import signal

    if "stuck" in name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            pass
    return lawtext.reader.read_bytes(data, name=name, doc_id=doc_id)


def _greedy(data: bytes, *, name: str, doc_id: str | None = None) -> lawtext.Document:
    """A reader that allocates 3 GB for reports named ``greedy``."""
    if "greedy" in name:
        return bytearray(3_000_000_000)  # type: ignore[return-value]
    return lawtext.reader.read_bytes(data, name=name, doc_id=doc_id)


@pytest.mark.parametrize(("reader", "limits", "message"), [
    (_stuck_in_c, "seconds=4", "reading took more than 4 seconds (raise it with --limits seconds=…)"),
    (_greedy, "memory=1500", "reading needed more than 1,500 megabytes of memory (raise it with --limits memory=…)"),
])
def test_a_pool_worker_stuck_or_greedy_is_ended_and_its_report_alone_is_an_error_row(
        reader: object, limits: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import ROOT

    from lawtext.corpus import read_batches
    from lawtext.limits import Limits

    monkeypatch.setattr(lawtext.corpus, "read_bytes", reader)  # the pool's processes are forked from this one
    sample = sorted((ROOT / "corpora" / "sample").glob("*.txt"))[:3]
    bad = tmp_path / f"{reader.__name__.strip('_').split('_')[0]}.txt"  # type: ignore[attr-defined]
    bad.write_bytes(sample[0].read_bytes())
    files = [(p, None) for p in (sample[0], bad, *sample[1:])]
    results = [r for b in read_batches(files, jobs=2, limits=Limits.parse(limits)) for r in b.results]
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document", "Document"]
    assert (results[1].error_type, results[1].message) == ("LimitExceededError", f"{bad}: {message}")
