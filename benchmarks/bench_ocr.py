"""OCR of scanned reports: the seed and two sample reports, drawn as image-only PDFs the way
a scanner gives them, read back through lawtext and scored against the parse of their TXT.

    python benchmarks/bench_ocr.py [--dpi 150,200] [--skew 0.7] [--blur 0.8]

Each report is drawn with the bundled Noto Sans CJK (``tests/render.py`` ``render_scan``:
A4, 14 pt body with two-character first-line indents, ``— N —`` page numbers), turned by
``--skew`` degrees and blurred (a Gaussian of ``--blur`` pixels at 200 dpi, in proportion at
other resolutions), saved as a PDF without a text layer at each ``--dpi``, and read with
``lawtext.read``. Printed per report and resolution:

- characters: character agreement, 1 − (Levenshtein distance / length of the truth), both
  texts being lawtext's normalised text (the TXT's and the scan's) with every whitespace
  character removed, so that only recognition and reading order count, not line breaks;
- headings: headings of the TXT's parse found in the scan's with the same level, number and
  title; parts: first-level headings whose required part is the TXT's, and whether the
  four required parts (achievements, problems, leader_duty, next_year) all come out;
- indicators: the TXT's indicators, as (value, unit, zero claim), found in the scan's
  (a multiset match);
- s/page: wall time of ``lawtext.read`` over pages (one run; the engine loaded before);
- confidence: the engine's mean confidence (documents.ocr_confidence).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from rapidfuzz.distance import Levenshtein  # noqa: E402
from render import render_scan, scan_pdf  # noqa: E402

import lawtext  # noqa: E402
from lawtext.model import Document  # noqa: E402

REPORTS = [
    ROOT / "corpora" / "seed" / "沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt",
    ROOT / "corpora" / "sample" / "baisha-gov-2023.txt",
    ROOT / "corpora" / "sample" / "qinghe-swj-2023.txt",
]
FOUR = {"achievements", "problems", "leader_duty", "next_year"}


def agreement(found: str, truth: str) -> float:
    """1 − Levenshtein distance / length of the truth, whitespace removed from both."""
    a, b = "".join(found.split()), "".join(truth.split())
    return 1 - Levenshtein.distance(a, b) / len(b)


def score(scan: Document, truth: Document) -> dict[str, object]:
    """The figures of one scan against its TXT's parse."""
    heads = Counter((h.level, h.number, h.title) for h in truth.sections)
    found = Counter((h.level, h.number, h.title) for h in scan.sections)
    parts = [(s.title, s.required_part) for s in truth.parts]
    scan_parts = [(s.title, s.required_part) for s in scan.parts]
    indicators = Counter((i.value, i.unit, i.zero_claim) for i in truth.indicators)
    scan_indicators = Counter((i.value, i.unit, i.zero_claim) for i in scan.indicators)
    return {
        "characters": agreement(scan.text, truth.text),
        "headings": (sum((heads & found).values()), sum(heads.values())),
        "parts": (sum(p in scan_parts for p in parts), len(parts)),
        "four": FOUR <= {s.required_part for s in scan.parts},
        "labels_right": [p for _, p in scan_parts] == [p for _, p in parts],
        "indicators": (sum((indicators & scan_indicators).values()), sum(indicators.values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="150,200")
    parser.add_argument("--skew", type=float, default=0.7)
    parser.add_argument("--blur", type=float, default=0.8)
    args = parser.parse_args()
    from lawtext.ingest import ocr

    ocr.engine("bench", "the benchmark reads scans")  # loaded once, outside the timings
    print(f"skew {args.skew}°, Gaussian blur {args.blur} px at 200 dpi")
    print(f"{'report':<48} {'dpi':>4} {'pages':>5} {'chars':>7} {'headings':>9} {'parts':>6} {'4 parts':>7} "
          f"{'labels':>6} {'indicators':>10} {'s/page':>7} {'conf':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for report in REPORTS:
            truth = lawtext.read(report)
            for dpi in (int(d) for d in args.dpi.split(",")):
                pages = render_scan(report.read_text(encoding="utf-8"), dpi=dpi, skew=args.skew,
                                    blur=args.blur * dpi / 200)
                pdf = scan_pdf(pages, Path(tmp) / f"{report.stem}-{dpi}.pdf", dpi)
                start = time.perf_counter()
                scan = lawtext.read(pdf)
                seconds = time.perf_counter() - start
                s = score(scan, truth)
                h, p, i = s["headings"], s["parts"], s["indicators"]
                print(f"{report.stem[:48]:<48} {dpi:>4} {len(pages):>5} {s['characters']:>7.4f} "
                      f"{h[0]:>4}/{h[1]:<4} {p[0]:>2}/{p[1]:<3} {'yes' if s['four'] else 'no':>7} "
                      f"{'right' if s['labels_right'] else 'wrong':>6} {i[0]:>5}/{i[1]:<4} "
                      f"{seconds / len(pages):>7.1f} {scan.ocr_confidence or 0:>6.3f}", flush=True)


if __name__ == "__main__":
    main()
