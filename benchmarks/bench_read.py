"""Reading speed per format: the seed rendered as TXT, PDF, DOCX and HTML (and as DOC, saved
by LibreOffice: tests/data/doc), read N times, and a whole-folder batch with 1 and 2 worker
processes.

    python benchmarks/bench_read.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from render import render_docx, render_html, render_pdf  # noqa: E402

import lawtext  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed = next((ROOT / "corpora" / "seed").glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        files = {
            "txt": seed,
            "pdf": render_pdf(text, out / "seed.pdf", header="重庆市沙坪坝区机关事务管理局"),
            "docx": render_docx(text, out / "seed.docx"),
            "doc": ROOT / "tests" / "data" / "doc" / f"{seed.stem}.doc",
            "html": render_html(text, out / "seed.html", issuer="重庆市沙坪坝区机关事务管理局"),
        }
        for fmt, path in files.items():
            lawtext.read(path).sections  # noqa: B018 - warm imports
            t0 = time.perf_counter()
            for _ in range(n):
                doc = lawtext.read(path)
                doc.sections  # noqa: B018
            ms = (time.perf_counter() - t0) / n * 1000
            print(f"{fmt:5s} {ms:7.1f} ms/report  {len(doc.text) / ms * 1000:10.0f} chars/s")
    for jobs in (1, 2):
        t0 = time.perf_counter()
        corpus = lawtext.Corpus.from_folder(ROOT / "corpora", jobs=jobs)
        s = time.perf_counter() - t0
        print(f"corpora/ with jobs={jobs}: {len(corpus)} reports in {s:.2f} s")


if __name__ == "__main__":
    main()
