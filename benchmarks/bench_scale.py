"""The whole `lawtext analyze` at growing corpus sizes, stage by stage, against bare
`jieba.lcut` over the same text measured in the same run.

    python benchmarks/bench_scale.py [SIZE ...] [--jobs N] [--runs N]

Default sizes 100 and 1000 (5000 and more are opt-in: pass them). Each size runs in its own
process, so that its peak RSS is its own. A corpus of SIZE reports is generated from the
repository's TXT reports: each copy gets another place name for its issuer (and so another
issuer), another year and its numbers varied, so that no two reports are the same text.

Printed per size and stage: wall time, the process's peak RSS after the stage, and the
ratio of the time so far to `jieba.lcut` (Python jieba) segmenting all the corpus's text
(timed in a child process, so that the peak RSS is lawtext's alone). After reading, each
table's row is the time `write_analysis` took to build it (its files are written and its
charts drawn by the worker processes meanwhile); then the time waiting for the workers to
finish (table files, charts, report.html's tables, report pages), then the rest (the font,
report.html, the manifest). Then the command a researcher runs, `lawtext analyze DIR -o OUT
-q`, is timed whole in a process of its own (its start and imports included), as a ratio to
the same jieba time. The charts are then timed alone, and every format of `--formats` alone,
with the bytes it writes and its ratios to CSV (`bench_exports.py`).

On a machine shared with others the same run varies by a third: ``--runs N`` analyses each
corpus N times (each in a process of its own, the formats timed in the first only) and
ends with the ratios to jieba of the whole analyze and of the command, their medians first.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_exports import measure, report

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("sample", "heldout", "heldout2") for p in (ROOT / "corpora" / folder).glob("*.txt"))
PLACES = [a + b for a in "东西南北上下前后左右中新老大小长高平安永" for b in "山河湖川江岭原林桥城"]
_PLACE = re.compile(r"[\u4e00-\u9fff]{2}(?=[县市区镇乡](?:人民政府|[\u4e00-\u9fff]{1,8}局))")
_DIGITS = re.compile(r"(?<![\d年])\d{1,4}(?![\d年月日])")


def generate(folder: Path, size: int, seed: int = 7) -> int:
    """Write ``size`` varied reports into ``folder``; the number of characters written."""
    import lawtext

    rng = random.Random(seed)
    texts = [lawtext.read(p).text for p in SOURCES]  # some are GBK; lawtext decodes them
    chars = 0
    for k in range(size):
        text = texts[k % len(texts)]
        place = PLACES[(k // len(texts)) % len(PLACES)] + ("" if k < len(texts) * len(PLACES) else str(k))
        text = _PLACE.sub(place[:2], text)
        year = 2019 + (k // (len(texts) * len(PLACES))) % 6
        text = re.sub(r"20(?:2[0-4]|19)(?=年)", lambda m, y=year: str(y + int(m.group()) - 2023), text)
        text = _DIGITS.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), text)
        (folder / f"r{k:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _jieba_seconds(folder: Path) -> tuple[float, int]:
    """Seconds Python jieba's ``lcut`` takes over every report of ``folder``, and their
    characters: in a child process, so that jieba's dictionary is not in this one's peak RSS."""
    code = """
import sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
jieba.lcut(texts[0])
t0 = time.perf_counter()
for text in texts:
    jieba.lcut(text)
print(time.perf_counter() - t0, sum(map(len, texts)))
"""
    seconds, chars = subprocess.run([sys.executable, "-c", code, str(folder)], check=True, capture_output=True,
                                    text=True).stdout.split()
    return float(seconds), int(chars)


def run_size(size: int, jobs: int, exports: bool = True) -> None:
    """Generate, analyse stage by stage and print one table (in this process); then, with
    ``exports``, time the charts alone and each format."""
    import lawtext
    from lawtext.report import Workers, _charts, write_analysis

    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "reports", Path(tmp) / "out"
        folder.mkdir()
        generate(folder, size)
        jieba_s, chars = _jieba_seconds(folder)
        stages: list[tuple[str, float, float]] = []
        waited: list[float] = []

        def progress(steps, total, desc):  # type: ignore[no-untyped-def]  # times each step as analyze takes it
            for step in steps:
                t = time.perf_counter()
                yield step
                if desc == "tables":
                    stages.append((f"table {step}", time.perf_counter() - t, _peak_mb()))
                else:
                    waited.append(time.perf_counter() - t)

        t = time.perf_counter()
        with Workers(jobs) as workers:  # as `lawtext analyze` starts them: before reading
            corpus = lawtext.Corpus.from_folder(folder, jobs=jobs, lean=True)  # as `lawtext analyze` reads
            stages.append(("read + extract", time.perf_counter() - t, _peak_mb()))
            t = time.perf_counter()
            analysis = write_analysis(corpus, out, workers=workers, progress=progress)  # as `lawtext analyze` writes
        whole = time.perf_counter() - t
        stages.append(("waiting for the workers", sum(waited), _peak_mb()))
        stages.append(("report.html's font, manifest", whole - sum(s[1] for s in stages[1:]), _peak_mb()))
        workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        command = _command_seconds(folder, out / "command", jobs)
        if exports:
            t = time.perf_counter()
            _charts(analysis, out / "again", corpus=corpus, jobs=jobs)
            charts_alone = time.perf_counter() - t
            written = measure(analysis.tables, out / "formats", formats=["csv", "parquet", "xlsx", "dta"])
            exports_peak = _peak_mb()
    print(f"\n{size} reports, {chars:,} characters; jieba.lcut over the same text: {jieba_s:.2f} s")
    print(f"{'stage':<34}{'seconds':>9}{'peak RSS MB':>13}{'total / jieba':>15}")
    total = 0.0
    for name, seconds, peak in stages:
        total += seconds
        print(f"{name:<34}{seconds:>9.2f}{peak:>13.0f}{total / jieba_s:>14.2f}×")
    print(f"(tables are written, charts drawn, report.html's tables and the report pages made in {jobs} "
          f"processes while the next tables are built; their peak RSS {workers_peak:.0f} MB)")
    print(f"{_COMMAND} {command / jieba_s:.2f}× jieba, {command:.2f} s (a process of its own: start and "
          f"imports included)")
    if exports:
        print(f"the charts alone, drawn again: {charts_alone:.2f} s")
        print(f"\nwriting the tables in each --formats format (peak RSS after xlsx and dta: {exports_peak:.0f} MB)")
        print(report(written))
    print(f"{_WHOLE} {total / jieba_s:.2f}")


_WHOLE = "whole analyze / jieba:"
"""How a run's last line begins (its ratio follows)."""
_COMMAND = "the command `lawtext analyze DIR -o OUT -q`:"
"""How the line of the command's time begins."""


def _command_seconds(folder: Path, out: Path, jobs: int) -> float:
    """Wall seconds of ``lawtext analyze`` over ``folder`` as a researcher runs it: a new
    Python process, from its start to its exit."""
    command = [sys.executable, "-c", "import sys; from lawtext.cli import main; sys.exit(main())",
               "analyze", str(folder), "-o", str(out), "-q", "--jobs", str(jobs)]
    t = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1, help="analyses of each size (the median ratio is printed)")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # run one size in this process
    ap.add_argument("--no-exports", action="store_true", help=argparse.SUPPRESS)  # ... without the formats
    args = ap.parse_args()
    if args.one:
        run_size(args.sizes[0], args.jobs, exports=not args.no_exports)
        return
    for size in args.sizes:
        ratios, commands = [], []
        for run in range(args.runs):
            command = [sys.executable, __file__, str(size), "--jobs", str(args.jobs), "--one"]
            printed = subprocess.run(command + ["--no-exports"] * (run > 0), check=True, capture_output=True,
                                     text=True).stdout
            print(printed, end="", flush=True)
            lines = printed.splitlines()
            ratios += [float(line.split()[-1]) for line in lines if line.startswith(_WHOLE)]
            commands += [float(line.removeprefix(_COMMAND).split("×")[0])
                         for line in lines if line.startswith(_COMMAND)]
        if args.runs > 1:
            for name, values in (("whole analyze", ratios), ("the command", commands)):
                print(f"{size} reports, {args.runs} runs: {name} / jieba median {statistics.median(values):.2f}× "
                      f"(each: {', '.join(f'{r:.2f}×' for r in values)})")


if __name__ == "__main__":
    main()
