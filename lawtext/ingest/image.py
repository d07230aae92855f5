"""Image reader: a scanned report as PNG, JPEG or TIFF (every frame of a multi-page TIFF a
page), read by OCR (:mod:`lawtext.ingest.ocr`) and laid out like a PDF's text layer."""

from __future__ import annotations

import io
import warnings

from lawtext import limits
from lawtext.errors import CorruptFileError, EmptyDocumentError, LimitExceededError
from lawtext.ingest import ocr
from lawtext.ingest.lines import LAYOUT, LayoutSettings, join_laid_out, strip_margins
from lawtext.model import Block, Source


def read_image(data: bytes, name: str, settings: LayoutSettings = LAYOUT) -> Source:
    """Paragraphs of a scanned page image (or of each frame of a TIFF), by OCR; running
    headers and page numbers removed as from a PDF."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LimitExceededError(f"{name}: the image is too large to read ({exc})") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptFileError(f"{name}: not a readable image (damaged, or not a PNG, JPEG or TIFF): {exc}") from None
    limits.active().check(name, frames, "pages", "pages")
    heights: dict[int, float] = {}

    def render(n: int) -> tuple[Image.Image, float]:
        try:
            image.seek(n)
            frame = image.copy()
        except (OSError, ValueError, EOFError) as exc:
            raise CorruptFileError(f"{name}: page {n + 1} of the image cannot be read (damaged): {exc}") from None
        heights[n] = float(frame.height)
        return frame, 1.0

    recognised = ocr.read_pages(name, list(range(frames)), render, "an image has no text layer")
    pages = [recognised.pages[n] for n in range(frames)]
    if not any(line.text.strip() for page in pages for line in page):
        raise EmptyDocumentError(f"{name}: OCR found no text in the image")
    body, header = strip_margins(pages, [heights[n] for n in range(frames)], settings.margin_band)
    paragraphs = join_laid_out([ln for page in body for ln in page if ln.text.strip()], settings)
    return Source(tuple(Block(p) for p in paragraphs), "image", {"page_header": header} if header else {},
                  (ocr.warning(recognised),), tuple(n + 1 for n in range(frames)), recognised.confidence)
