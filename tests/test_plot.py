"""Charts: they show in a notebook cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import lawtext
from lawtext import plot

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"


def test_a_chart_shows_in_a_notebook_cell() -> None:
    """A cell ending in ``plot_coverage(...)`` shows the chart (image/png), not ``<Axes: …>``."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    corpus = lawtext.Corpus.from_folder(SEED)
    ax = plot.plot_coverage(corpus.coverage)
    shown, _ = shell.display_formatter.format(ax)
    assert shown["image/png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_aggregate_beyond_a_screenful_of_reports() -> None:
    """50 reports: the coverage heatmap shows each year's share of reports, one row a year."""
    rows = [{"doc_id": f"r{k}", "required_part": part, "covered": k % 2 == 0 or part == "achievements",
             "evidence": "heading" if k % 2 == 0 or part == "achievements" else "none", "chars": 100,
             "issuer": f"机关{k}", "year": 2022 + k % 2}
            for k in range(50) for part in lawtext.REQUIRED_PARTS]
    coverage = pd.DataFrame(rows)
    ax = plot.plot_coverage(coverage)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2022年（25份）", "2023年（25份）"]
    assert ax.images[0].get_array().tolist() == [[1.0] * 5, [1.0, 0.0, 0.0, 0.0, 0.0]]
    ax = plot.plot_part_lengths(coverage)
    assert [round(p.get_width()) for p in ax.patches][:2] == [100, 100]
