"""The weight of report.html and of the report pages, and how fast report.html opens, for
the bundled corpora (45 reports) and a generated corpus of 1,000 (bench_scale.py's).

    python benchmarks/bench_report.py [SIZE ...]     # 0 is the bundled corpora; default 0 1000

Printed per corpus: report.html's bytes and what they are (the DataTables build, the embedded
font, the charts, the tables' gzipped rows), the report pages' bytes and their font script, the
seconds to build the pages with their fonts against the whole `write_analysis`, and the
milliseconds headless Chromium takes from opening report.html to every table drawn (when
Debian's chromium and chromedriver are installed; median of 3 loads).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench_scale import ROOT, generate

import lawtext
from lawtext import report


def _parts(page: str) -> dict[str, int]:
    """Bytes of a page by what they carry."""
    size = {"all": len(page.encode())}
    size["datatables"] = sum(len(m.encode()) for m in re.findall(
        r"<script type='text/plain' id='datatables-bundle'>.*?</script>|<style>[^<]*dt-container.*?</style>",
        page, flags=re.S))
    size["font"] = sum(len(m) for m in re.findall(r"@font-face\{[^}]*\}", page))
    size["charts"] = sum(len(m) for m in re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]*", page))
    size["table rows"] = sum(len(m) for m in re.findall(r'"rows": "[A-Za-z0-9+/=]*"', page))
    return size


def _load_ms(page: Path) -> float | None:
    """Median milliseconds from opening ``page`` to its tables drawn, in headless Chromium."""
    if not (shutil.which("chromium") and Path("/usr/bin/chromedriver").exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        times = []
        for _ in range(3):
            driver.get(page.as_uri())
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.tablesDrawn"))
            times.append(float(driver.execute_script("return document.body.dataset.tablesDrawn")))
        return statistics.median(times)
    finally:
        driver.quit()


def run(size: int) -> None:
    """Analyse the corpus of ``size`` reports (0: the bundled corpora) and print its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = ROOT / "corpora", Path(tmp) / "out"
        if size:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            generate(folder, size)
        corpus = lawtext.Corpus.from_folder(folder, jobs=2, lean=True)
        pages_seconds = []
        write_report = report._write_report

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            written = write_report(*args, **kwargs)
            pages_seconds.append(time.perf_counter() - t)
            return written

        report._write_report = timed
        t = time.perf_counter()
        try:
            report.write_analysis(corpus, out)
        finally:
            report._write_report = write_report
        total = time.perf_counter() - t
        main = _parts((out / "report.html").read_text(encoding="utf-8"))
        pages = [_parts(p.read_text(encoding="utf-8")) for p in (out / "reports").glob("*.html")]
        font_script = (out / "reports" / "font.js").stat().st_size
        load = _load_ms(out / "report.html")
    print(f"\n{len(corpus)} reports")
    print("report.html: " + ", ".join(f"{k} {v:,} B" for k, v in main.items()))
    print(f"report pages: {len(pages)}, {sum(p['all'] for p in pages):,} B in all, "
          f"{statistics.mean(p['all'] for p in pages):,.0f} B each on average; their font script {font_script:,} B")
    print(f"write_analysis {total:.1f} s (one process), of which writing the tables, charts, report.html and the "
          f"pages with their font {pages_seconds[0]:.1f} s")
    print("report.html open to tables drawn in Chromium: " + ("no chromium" if load is None else f"{load:.0f} ms"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[0, 1000])
    for size in ap.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
