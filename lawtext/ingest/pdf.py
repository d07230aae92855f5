"""PDF reader: pypdfium2 first (fast, exact on embedded fonts), pdfplumber for pages where
pypdfium2 finds no usable text (docs/design.md §6), then running headers and page numbers are
removed and lines broken at the page edge are rejoined."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from lawtext import limits
from lawtext.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedPDFError,
    OCRUnavailableError,
    ScannedPDFError,
    UnreadableTextError,
)
from lawtext.ingest import ocr
from lawtext.ingest.lines import LAYOUT, LayoutSettings, Line, Page, join_laid_out, strip_margins
from lawtext.model import Block, Source
from lawtext.resources import CID_GLYPH

if TYPE_CHECKING:
    from PIL.Image import Image

_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff]")
_TITLE_NOISE = re.compile(r"^\s*Microsoft (?:Word|PowerPoint) - |\.(?:docx?|wps|pdf)\s*$", re.I)
"""What converters leave in a PDF's Title: ``Microsoft Word - 报告.docx``."""

_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one document at a time per process (threads of a Dask
worker included); processes run in parallel."""


_PLUMBER_OBJECTS = 20_000
"""Page objects above which a weak page is not read again with pdfplumber: it interprets
the page in Python (a 2 MB content stream took 26 s), so a page drawn from millions of
objects would run into the time limit; PDFium's text of it stays."""
_FONT_PROBE = 2_000
"""Text objects of a page whose fonts are checked for embedding (fonts repeat: the first
few thousand objects name them all on any real page)."""


def _usable(lines: Page) -> int:
    """Characters of real text on a page (glyph-id garbage does not count)."""
    text = "".join(ln.text for ln in lines)
    return len(_GARBAGE.sub("", CID_GLYPH.sub("", text)).strip())


def _unembedded_fonts(page: pdfium.PdfPage) -> bool:
    """Whether some text on the page is drawn in a font the PDF does not embed: PDFium maps
    such CID fonts unreliably (a glyph read as another, 。 after ） dropped)."""
    return any(
        not pdfium.raw.FPDFFont_GetIsEmbedded(pdfium.raw.FPDFTextObj_GetFont(obj.raw))
        for obj in islice(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]), _FONT_PROBE)
    )


def _garbage(lines: Page) -> int:
    text = "".join(ln.text for ln in lines)
    return len(CID_GLYPH.findall(text)) + len(_GARBAGE.findall(text))


def _pdfium_page(page: pdfium.PdfPage, number: int) -> Page:
    """Visual lines of one page, with doubled fake-bold characters dropped."""
    height = page.get_height()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    lines: Page = []
    chars: list[tuple[str, tuple[float, float, float, float]]] = []

    def flush() -> None:
        boxes = [box for ch, box in chars if not ch.isspace()]
        if boxes:
            lines.append(Line(
                text="".join(ch for ch, _ in chars),
                x0=min(b[0] for b in boxes), x1=max(b[2] for b in boxes),
                top=height - max(b[3] for b in boxes), page=number,
            ))
        chars.clear()

    for i, ch in enumerate(text):
        if ch in "\r\n":
            flush()
            continue
        box = textpage.get_charbox(i, loose=True)
        if chars and ch == chars[-1][0] and not ch.isspace():
            prev = chars[-1][1]
            if abs(box[0] - prev[0]) < LAYOUT.fake_bold_overlap * max(box[2] - box[0], 1e-6):
                continue  # the same glyph drawn twice, slightly offset: fake bold
        chars.append((ch, box))
    flush()
    return lines


def _plumber_pages(data: bytes, numbers: Sequence[int]) -> dict[int, Page]:
    import io

    import pdfplumber

    out: dict[int, Page] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in numbers:
            page = pdf.pages[n].dedupe_chars()
            out[n] = [
                Line(ln["text"], ln["x0"], ln["x1"], ln["top"], n)
                for ln in page.extract_text_lines(return_chars=False)
            ]
    return out


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPDFError(
                f"{name}: the PDF is encrypted and needs a password; save an unprotected copy"
            ) from exc
        # PDFium's message is its last error, which can be left over from an earlier file
        raise CorruptFileError(f"{name}: not a readable PDF (damaged, or not a PDF); open it in a PDF "
                               "viewer and save a new copy") from exc


def read_pdf(data: bytes, name: str, settings: LayoutSettings = LAYOUT) -> Source:
    """Paragraphs of a PDF's text layer, and of its pages without one by OCR
    (:mod:`lawtext.ingest.ocr`); errors for encrypted and unmapped files, and for scans
    when OCR is not installed or finds nothing."""
    with _PDFIUM:
        pdf = _open(data, name)
        try:
            limits.active().check(name, len(pdf), "pages", "pages")
            pages, heights, imaged, unembedded, dense, textless = [], [], [], set(), set(), set()
            for i in range(len(pdf)):
                page = pdf[i]
                pages.append(_pdfium_page(page, i))
                if next(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]), None) is None:
                    textless.add(i)  # nothing for pdfplumber to read either
                if pdfium.raw.FPDFPage_CountObjects(page.raw) > _PLUMBER_OBJECTS:
                    dense.add(i)
                heights.append(page.get_height())
                if _unembedded_fonts(page):
                    unembedded.add(i)
                if not _usable(pages[-1]) and any(  # a scan has images and no text
                        obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects()):
                    imaged.append(i)
            title = _TITLE_NOISE.sub("", pdf.get_metadata_dict().get("Title") or "").strip()
        finally:
            pdf.close()
    weak = [i for i, p in enumerate(pages) if i not in dense and i not in textless and (
            i in unembedded or _usable(p) == 0 or _garbage(p) > settings.garbage_share * _usable(p))]
    if weak:
        try:
            other = _plumber_pages(data, weak)
        except Exception:  # pdfplumber is the fallback; its failure leaves pdfium's text
            other = {}
        for i, lines in other.items():
            better = _usable(lines) >= _usable(pages[i]) if i in unembedded else _usable(lines) > _usable(pages[i])
            if better and _garbage(lines) <= _garbage(pages[i]):
                pages[i] = lines
    garbage = sum(_garbage(p) for p in pages)
    if garbage > settings.garbage_share * sum(_usable(p) for p in pages):
        raise UnreadableTextError(
            f"{name}: {garbage} glyphs like (cid:123) have no Unicode mapping in this PDF's fonts; "
            "the text layer cannot be read, run OCR on the rendered pages instead"
        )
    scans = [i for i in imaged if not _usable(pages[i])]
    recognised = None
    if scans:
        what = (f"pages {ocr.page_ranges([i + 1 for i in scans])} have no text layer (scanned)"
                if any(_usable(p) for p in pages) else "the PDF has no text layer (a scanned image)")
        try:
            recognised = ocr.read_pages(name, scans, lambda i: _render(data, name, i, settings.ocr_dpi), what)
        except OCRUnavailableError:
            if not any(_usable(p) for p in pages):
                raise
        else:
            pages = [recognised.pages.get(i, p) for i, p in enumerate(pages)]
    if not any(_usable(p) for p in pages):
        if scans:
            raise ScannedPDFError(f"{name}: the PDF has no text layer (a scanned image) and OCR found no text "
                                  f"on its {len(scans)} page{'s' if len(scans) > 1 else ''}")
        raise EmptyDocumentError(f"{name}: the PDF contains no text")
    body, header = strip_margins(pages, heights, settings.margin_band)
    paragraphs = join_laid_out([ln for page in body for ln in page if ln.text.strip()], settings)
    hints = {k: v for k, v in {"title": title, "page_header": header}.items() if v}
    blank = ocr.page_ranges([i + 1 for i, p in enumerate(pages) if not _usable(p) and not (recognised and i in scans)])
    warnings: tuple[str, ...] = (ocr.warning(recognised),) if recognised else ()
    if blank and scans and not recognised:
        warnings += (f"pages {blank} have no text layer (scanned?) and were skipped; OCR reads them: {ocr.EXTRA}",)
    elif blank:
        warnings += (f"pages {blank} have no text and were skipped",)
    return Source(tuple(Block(p) for p in paragraphs), "pdf", hints, warnings,
                  tuple(i + 1 for i in scans) if recognised else (),
                  recognised.confidence if recognised else None)


def _render(data: bytes, name: str, number: int, dpi: float) -> tuple[Image, float]:
    """Page ``number`` as an image at ``dpi`` (its longer side at most
    :data:`~lawtext.ingest.ocr.MAX_SIDE` pixels), and its pixels per PDF point."""
    with _PDFIUM:
        pdf = _open(data, name)
        try:
            page = pdf[number]
            scale = min(dpi / 72, ocr.MAX_SIDE / max(*page.get_size(), 1.0))
            return page.render(scale=scale).to_pil(), scale
        finally:
            pdf.close()
