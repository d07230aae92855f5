"""Charts: they show in a notebook cell."""

from __future__ import annotations

from pathlib import Path

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
