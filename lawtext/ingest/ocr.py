"""OCR of scanned pages: page images → positioned lines, in the units of the page, for the
line joining and margin stripping that a PDF's text layer goes through
(:mod:`lawtext.ingest.lines`), with the genre's character confusions corrected.

The engine is rapidocr-onnxruntime (the optional extra ``lawtext[ocr]``): PP-OCR's Chinese
detection and recognition models, shipped inside its wheel, run on onnxruntime, offline.
What lawtext adds (docs/design.md §6): the page is deskewed from the boxes themselves (the
median slant of the long text boxes), boxes that share a row become one line, and a
confusion of ``ocr_confusions.toml`` is corrected only where the segmenter's dictionary
makes it certain (:func:`correct`).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from lawtext import limits, normalize
from lawtext.errors import OCRUnavailableError
from lawtext.ingest.lines import Line, Page
from lawtext.rules import Confusion, active

if TYPE_CHECKING:
    from PIL.Image import Image

EXTRA = "pip install 'lawtext[ocr]'"
"""How to install the OCR engine."""
MAX_SIDE = 4000
"""Pixels of a page image's longer side given to the engine at most (A3 at 240 dpi); a larger
image is scaled down first, so that a huge one costs no more than a page."""
_ROW_OVERLAP = 0.5
"""Boxes whose vertical centres are closer than this share of the line height share a row."""
_LONG_BOX = 4.0
"""Boxes at least this many times as wide as high measure the page's skew."""


@dataclass(frozen=True)
class Recognised:
    """The pages of a file read by OCR: their lines by page number (0-based), in the page's
    units, and the engine's mean confidence over their characters."""

    pages: dict[int, Page]
    confidence: float | None
    """Mean recognition score of the lines, weighted by their characters; None without text."""


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def engine(name: str, what: str) -> Any:
    """The OCR engine, loaded once per process; :class:`OCRUnavailableError` naming the
    file ``name``, ``what`` needs OCR, and the extra to install when it is not installed."""
    try:
        return _engine()
    except ImportError:
        raise OCRUnavailableError(
            f"{name}: {what}, so it needs OCR, and the OCR engine is not installed: {EXTRA}"
        ) from None


def read_pages(name: str, numbers: Sequence[int], render: Callable[[int], tuple[Image, float]],
               what: str) -> Recognised:
    """OCR the pages ``numbers`` of the file ``name``; ``render(n)`` gives page ``n``'s image
    and its pixels per page unit (the lines come back in page units). The pages count
    against :attr:`~lawtext.limits.Limits.ocr_pages`, each adds
    :attr:`~lawtext.limits.Limits.ocr_seconds` to the report's time, and the engine gets
    :attr:`~lawtext.limits.Limits.ocr_memory` more memory (:func:`lawtext.limits.extend`)."""
    allowed = limits.active()
    allowed.check(name, len(numbers), "pages to read by OCR", "ocr_pages")
    limits.extend(megabytes=allowed.ocr_memory)
    ocr = engine(name, what)
    pages: dict[int, Page] = {}
    score = chars = 0.0
    for n in numbers:
        limits.extend(allowed.ocr_seconds)
        image, scale = render(n)
        boxes = _boxes(ocr, image)
        pages[n] = _corrected(_rows(boxes, n, scale))
        score += sum(s * len(t) for _, t, s in boxes)
        chars += sum(len(t) for _, t, _ in boxes)
    return Recognised(pages, score / chars if chars else None)


Box = tuple[list[tuple[float, float]], str, float]
"""A text line the engine found: its four corners (pixels), its text and its score."""


def _boxes(ocr: Any, image: Image) -> list[Box]:
    """The engine's text boxes on ``image``, corners in the image's pixels."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        white = PILImage.new("RGB", image.size, "white")
        white.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = white
    image = image.convert("RGB")
    factor = min(1.0, MAX_SIDE / max(image.size))
    if factor < 1:
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    result, _ = ocr(image, use_cls=False)  # the line-angle classifier turned upright lines over: （二）… read as )
    return [([(x / factor, y / factor) for x, y in corners], str(text), float(score))
            for corners, text, score in result or [] if str(text).strip()]


def _skew(boxes: Sequence[Box]) -> float:
    """The page's slant in radians: the median angle of the top edges of long boxes."""
    angles = [math.atan2(c[1][1] - c[0][1], c[1][0] - c[0][0]) for c, _, _ in boxes
              if math.dist(c[0], c[1]) >= _LONG_BOX * max(math.dist(c[0], c[3]), 1.0)]
    return statistics.median(angles) if angles else 0.0


def _rows(boxes: Sequence[Box], page: int, scale: float) -> Page:
    """Lines from boxes: turned upright by the page's skew, boxes whose centres share a row
    joined left to right (a space where they stand apart by more than a character), rows
    from top to bottom; coordinates divided by ``scale``."""
    angle = _skew(boxes)
    cos, sin = math.cos(angle), math.sin(angle)
    upright = []
    for corners, text, _ in boxes:
        xs = [x * cos + y * sin for x, y in corners]
        ys = [y * cos - x * sin for x, y in corners]
        upright.append((min(xs), max(xs), min(ys), max(ys), text))
    upright.sort(key=lambda b: (b[2] + b[3]) / 2)
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for box in upright:
        if rows:
            last = rows[-1]
            centre = sum((b[2] + b[3]) / 2 for b in last) / len(last)
            height = min(box[3] - box[2], min(b[3] - b[2] for b in last))
            if abs((box[2] + box[3]) / 2 - centre) < _ROW_OVERLAP * height:
                last.append(box)
                continue
        rows.append([box])
    lines: Page = []
    for row in rows:
        row.sort(key=lambda b: b[0])
        text = row[0][4]
        for prev, box in pairwise(row):
            gap = box[0] - prev[1]
            text += (" " if gap > (box[3] - box[2]) else "") + box[4]
        lines.append(Line(text, min(b[0] for b in row) / scale, max(b[1] for b in row) / scale,
                          min(b[2] for b in row) / scale, page))
    return lines


def _corrected(lines: Page) -> Page:
    """The page's lines with :func:`correct` applied to their text read as one run (a word
    broken at a line's end is seen whole); each correction is one character for one, so
    every line keeps its length."""
    texts = [normalize.widths(line.text) for line in lines]
    fixed = correct("".join(texts))
    out, at = [], 0
    for line, text in zip(lines, texts, strict=True):
        out.append(Line(fixed[at:at + len(text)], line.x0, line.x1, line.top, line.page))
        at += len(text)
    return out


_CHINESE_DIGITS = "零一二三四五六七八九"
_NUMERAL_YEAR = re.compile("(?<![〇零一二三四五六七八九十])[〇零一二三四五六七八九]{4}(?=年)")
_WINDOW = 8
"""Characters of context on each side of a word the segmenter cuts again to confirm it."""


def correct(text: str, confusions: Sequence[Confusion] | None = None) -> str:
    """``text`` read by OCR with the confusions of ``ocr_confusions.toml`` (or ``confusions``)
    corrected where certain, one character for one, so offsets stay:

    >>> correct("深人学习，资深人士，2O23年，二O二三年，己经完成")
    '深入学习，资深人士，2023年，二〇二三年，已经完成'
    """
    from lawtext import segment

    confusions = active().ocr_confusions if confusions is None else confusions
    chars = list(text)
    for confusion in confusions:
        if confusion.read not in text:
            continue
        if confusion.where == "number":
            for i in range(1, len(chars) - 1):
                if chars[i] == confusion.read and chars[i - 1].isdigit() and chars[i + 1].isdigit():
                    chars[i] = confusion.meant
        elif confusion.where == "year":
            numerals = "".join(c if c != confusion.read else "〇" for c in chars)
            for match in _NUMERAL_YEAR.finditer(numerals):
                if not any(c in _CHINESE_DIGITS for c in text[match.start():match.end()]):
                    continue  # 0000年: no Chinese numeral says it is a year in numerals
                for i in range(match.start(), match.end()):
                    if chars[i] == confusion.read:
                        chars[i] = confusion.meant
        else:
            current = "".join(chars)
            alone, at = set(), 0
            for token in segment.cut(current, hmm=False):
                if token == confusion.read:
                    alone.add(at)
                at += len(token)
            for i in sorted(alone):
                chars[i] = _word_fix(chars, i, confusion, segment.cut) or chars[i]
        text = "".join(chars)
    return "".join(chars)


def _word_fix(chars: list[str], i: int, confusion: Confusion, cut: Callable[..., list[str]]) -> str | None:
    """``confusion.meant`` when putting it at ``i`` makes one of its words there and the
    segmenter cuts that word out whole in its context; else None."""
    for word in confusion.words:
        for k, ch in enumerate(word):
            start = i - k
            if ch != confusion.meant or start < 0 or start + len(word) > len(chars):
                continue
            if any(chars[start + j] != c for j, c in enumerate(word) if j != k):
                continue
            lo, hi = max(0, start - _WINDOW), min(len(chars), start + len(word) + _WINDOW)
            window = "".join(chars[lo:i]) + confusion.meant + "".join(chars[i + 1:hi])
            at, offsets = 0, set()
            for token in cut(window, hmm=False):
                offsets.add((at, token))
                at += len(token)
            if (start - lo, word) in offsets:
                return confusion.meant
    return None


def page_ranges(pages: Sequence[int]) -> str:
    """Page numbers as ranges: ``[1, 2, 3, 5]`` → ``"1-3,5"``.

    >>> page_ranges([1, 2, 3, 5, 7, 8])
    '1-3,5,7-8'
    """
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def warning(recognised: Recognised) -> str:
    """The reader's warning for pages read by OCR: which, and how sure the engine was."""
    pages = page_ranges([n + 1 for n in recognised.pages])
    if recognised.confidence is None:
        return f"pages {pages} have no text layer and OCR found no text on them"
    return (f"pages {pages} were read by OCR (mean confidence {recognised.confidence:.3f}); "
            "check names and figures against the scan")
