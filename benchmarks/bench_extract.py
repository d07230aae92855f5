"""Indicator extraction time against segmenting the same text with jieba (rjieba engine).

Issue #3's target: extraction adds at most 50% to the time of segmenting the text.

    python benchmarks/bench_extract.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lawtext
from lawtext.extract.indicators import find_indicators
from lawtext.extract.measures import find_measures
from lawtext.segment import cut, tag

ROOT = Path(__file__).resolve().parent.parent


def _time(fn, docs, rounds: int) -> float:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            fn(doc)
    return time.perf_counter() - t0


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    docs = lawtext.Corpus.from_folder(ROOT / "corpora").docs
    chars = sum(len(d.text) for d in docs) * rounds
    cut(docs[0].text), find_indicators(docs[0])  # load the dictionary first
    timings = {
        "jieba cut (rjieba)": _time(lambda d: cut(d.text), docs, rounds),
        "jieba tag (rjieba)": _time(lambda d: tag(d.text), docs, rounds),
        "indicators": _time(find_indicators, docs, rounds),
        "measures": _time(find_measures, docs, rounds),
    }
    for name, seconds in timings.items():
        print(f"{name:20s} {seconds:7.3f} s  {chars / seconds:12,.0f} chars/s")
    try:
        import jieba

        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        timings["jieba lcut (Python)"] = _time(lambda d: tokenizer.lcut(d.text), docs, rounds)
        print(f"{'jieba lcut (Python)':20s} {timings['jieba lcut (Python)']:7.3f} s")
    except ImportError:
        pass
    for engine in ("jieba cut (rjieba)", "jieba lcut (Python)"):
        if engine in timings:
            ratio = timings["indicators"] / timings[engine]
            print(f"indicators / {engine}: {ratio:.2f}× (target ≤ 1.5×) on {chars:,} chars")


if __name__ == "__main__":
    main()
