"""Writing every table of `lawtext analyze` in each format (`--formats`): seconds and bytes,
as ratios to CSV measured in the same run.

    python benchmarks/bench_exports.py [DIR] [--repeat N] [--jobs N]

DIR defaults to the bundled corpora (`corpora/`). The tables are built once; each format is
then written N times (default 3) into a folder of its own and the fastest time is kept (the
first pass of xlsx includes importing xlsxwriter and building its width table, about 0.2 s
once per process: printed apart). Bytes are those of the format's files (the workbook, or
the per-table files), not counting `dictionary.csv`, which every format writes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def measure(tables: Mapping[str, pd.DataFrame], out: Path, repeat: int = 1,
            formats: Sequence[str] | None = None) -> list[tuple[str, float, float, int]]:
    """Per format (all by default): (format, seconds of the first pass, seconds of the
    fastest of ``repeat`` passes, bytes written) for writing ``tables`` into ``out/FORMAT``."""
    from lawtext.exports import DICTIONARY, FORMATS, write_tables

    rows = []
    for fmt in formats or FORMATS:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            written = write_tables(tables, out / fmt, (fmt,))
            times.append(time.perf_counter() - t)
        size = sum(p.stat().st_size for p in written if p.name != f"{DICTIONARY}.csv")
        rows.append((fmt, times[0], min(times), size))
    return rows


def report(rows: list[tuple[str, float, float, int]]) -> str:
    """``rows`` of :func:`measure` as a table, with ratios to CSV."""
    csv = next(r for r in rows if r[0] == "csv")
    lines = [f"{'format':<9}{'first s':>9}{'best s':>9}{'× csv':>8}{'bytes':>13}{'× csv':>8}"]
    for fmt, first, best, size in rows:
        lines.append(f"{fmt:<9}{first:>9.3f}{best:>9.3f}{best / csv[2]:>8.2f}{size:>13,}{size / csv[3]:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", nargs="?", default=str(ROOT / "corpora"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    import lawtext
    from lawtext.report import analyze

    corpus = lawtext.Corpus.from_folder(args.dir, jobs=args.jobs, lean=True)
    tables = analyze(corpus).tables
    rows = sum(len(f) for f in tables.values())
    print(f"{len(corpus)} reports, {len(tables)} tables, {rows:,} rows, "
          f"{sum(f.size for f in tables.values()):,} cells")
    with tempfile.TemporaryDirectory() as tmp:
        print(report(measure(tables, Path(tmp), args.repeat)))


if __name__ == "__main__":
    main()
