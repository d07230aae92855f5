"""`lawtext analyze` on a Dask LocalCluster: a generated corpus read by Dask workers that
write the per-report tables as partitioned Parquet, then the corpus-level stage.

    python benchmarks/bench_dask.py [SIZE] [--workers N]

SIZE (default 2000; the README's figures are for 20000) reports are generated as in
bench_scale.py. Printed: the seconds of each stage, the peak RSS of this (the client)
process, the Parquet parts the workers wrote, and the ratio of the time so far to
`jieba.lcut` segmenting the same text in one process (timed in a child process).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench_scale import _jieba_seconds, generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", nargs="?", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    import lawtext
    from lawtext.report import write_analysis

    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "reports", Path(tmp) / "out"
        folder.mkdir()
        generate(folder, args.size)
        jieba_s, chars = _jieba_seconds(folder)
        stages = []
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            t = time.perf_counter()
            corpus = lawtext.Corpus.from_folder(folder, dask=client, lean=True, parts=out / "parts")
            stages.append(("read + extract + per-report tables (workers)", time.perf_counter() - t))
        t = time.perf_counter()
        write_analysis(corpus, out)
        stages.append(("corpus-level tables, charts, report, writing", time.perf_counter() - t))
        parts = sorted((out / "parts").rglob("*.parquet"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{args.size} reports, {chars:,} characters, {args.workers} Dask workers; "
          f"jieba.lcut over the same text: {jieba_s:.1f} s")
    total = 0.0
    for name, seconds in stages:
        total += seconds
        print(f"{name:<48}{seconds:>9.1f} s{total / jieba_s:>10.2f}× jieba")
    print(f"{len(parts)} Parquet parts written by the workers; client peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
