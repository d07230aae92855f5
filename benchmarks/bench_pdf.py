"""PDF reading time per page: lawtext against poppler's `pdftotext` on the same files,
measured in the same run.

    python benchmarks/bench_pdf.py [ROUNDS]

The repository's TXT reports are rendered as PDFs (tests/render.py: A4, a running header,
page-number footers). lawtext reads each with `lawtext.ingest.pdf.read_pdf` (text layer,
layout, headers and footers dropped, lines rejoined); `pdftotext -layout` extracts the same
files in one process per file, as a shell loop would. Prints seconds per page for both and
the ratio, and the time of lawtext's pdfium pass alone: the rendered PDFs do not embed their
font, so every page is read a second time with pdfplumber (pdfium drops some characters of
such fonts), which PDFs that embed their fonts do not need. Skips with a message when
`pdftotext` is not installed (Debian: poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from render import render_pdf  # noqa: E402

import lawtext  # noqa: E402
from lawtext.ingest.pdf import read_pdf  # noqa: E402


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed: nothing to compare with")
        return
    import pypdfium2

    folders = [ROOT / "corpora" / name for name in ("sample", "heldout", "heldout2")]
    sources = sorted(p for folder in folders for p in folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = [render_pdf(lawtext.read(p).text, Path(tmp) / f"{p.stem}.pdf", header="机关") for p in sources]
        pages = sum(len(pypdfium2.PdfDocument(p)) for p in pdfs)
        datas = [(p.read_bytes(), str(p)) for p in pdfs]
        read_pdf(*datas[0])
        t0 = time.perf_counter()
        for _ in range(rounds):
            for data, name in datas:
                read_pdf(data, name)
        ours = (time.perf_counter() - t0) / (rounds * pages)
        # the same without the pdfplumber re-read of pages drawn in fonts the PDF does not embed
        from lawtext.ingest import pdf as module

        unembedded, module._unembedded_fonts = module._unembedded_fonts, lambda page: False
        t0 = time.perf_counter()
        for _ in range(rounds):
            for data, name in datas:
                read_pdf(data, name)
        pdfium_only = (time.perf_counter() - t0) / (rounds * pages)
        module._unembedded_fonts = unembedded
        t0 = time.perf_counter()
        for _ in range(rounds):
            for p in pdfs:
                subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(p), "-"], capture_output=True, check=True)
        poppler = (time.perf_counter() - t0) / (rounds * pages)
    print(f"{len(pdfs)} PDFs, {pages} pages, {rounds} rounds")
    print(f"lawtext read_pdf   {ours * 1000:7.2f} ms a page (fonts not embedded: pdfium, then pdfplumber)")
    print(f"  pdfium pass only {pdfium_only * 1000:7.2f} ms a page (as for PDFs that embed their fonts)")
    print(f"pdftotext -layout  {poppler * 1000:7.2f} ms a page (one process per file)")
    print(f"lawtext / pdftotext: {ours / poppler:.2f}×; pdfium pass only / pdftotext: {pdfium_only / poppler:.2f}×")


if __name__ == "__main__":
    main()
