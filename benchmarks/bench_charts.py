"""Time to draw every chart ``lawtext analyze`` draws (PNG and SVG, as ``_charts`` saves
them), for the bundled corpora and for generated corpora of growing size.

    python benchmarks/bench_charts.py [SIZE ...]

Default size 1000 (reports generated as by ``bench_scale.py``); the bundled corpora
(``corpora/``) are always measured first. Printed per corpus and chart: seconds to build
the figure, to write the PNG and the SVG; then each corpus's total and its ratio to the
bundled corpora's, measured in the same run (the tables are built before the clock starts).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench_scale import ROOT, generate


def chart_times(folder: Path) -> tuple[int, list[tuple[str, float, float, float]]]:
    """The reports of ``folder`` and, per chart its tables call for: seconds to draw, PNG, SVG."""
    import lawtext
    from lawtext import plot
    from lawtext.report import analyze
    from lawtext.tables import MAX_ROWS, TABLES

    corpus = lawtext.Corpus.from_folder(folder, jobs=2, lean=True)
    analysis = analyze(corpus)
    plot.cjk_family()  # the font is registered once per process, not per chart
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in analysis.tables.items():
            for chart in TABLES[name].charts:
                if frame.empty or (chart.small and frame.doc_id.nunique() > MAX_ROWS):
                    continue
                options = {**dict(chart.options), **{n: analysis.tables[n] for n in chart.inputs}}
                if chart.groups:
                    options["groups"] = analysis.keyness_groups
                t0 = time.perf_counter()
                ax = getattr(plot, chart.function)(frame, **options)
                t1 = time.perf_counter()
                plot.save(ax, Path(tmp) / chart.name, ("png",))
                t2 = time.perf_counter()
                plot.save(ax, Path(tmp) / chart.name, ("svg",))
                times.append((chart.name, t1 - t0, t2 - t1, time.perf_counter() - t2))
    return len(corpus), times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[1000])
    args = ap.parse_args()
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [("corpora", ROOT / "corpora")]
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            generate(folder, size)
            runs.append((f"{size} generated", folder))
        for label, folder in runs:
            reports, times = chart_times(folder)
            print(f"\n{label}: {reports} reports")
            print(f"{'chart':<26}{'draw s':>8}{'png s':>8}{'svg s':>8}")
            for name, draw, png, svg in times:
                print(f"{name:<26}{draw:>8.2f}{png:>8.2f}{svg:>8.2f}")
            total = sum(sum(t[1:]) for t in times)
            totals.append((label, reports, len(times), total))
    print(f"\n{'corpus':<18}{'reports':>8}{'charts':>8}{'seconds':>9}{'/ corpora':>11}")
    for label, reports, charts, total in totals:
        print(f"{label:<18}{reports:>8}{charts:>8}{total:>9.2f}{total / totals[0][3]:>10.2f}×")


if __name__ == "__main__":
    main()
