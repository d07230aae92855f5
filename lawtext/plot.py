"""Charts with matplotlib, Chinese labels in Noto Sans CJK (installed with lawtext by the
``noto-cjk[sans]`` package, no download at run time). No pyplot state: every ``plot_*``
takes an optional ``ax`` and returns the Axes it drew on."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from lawtext.model import REQUIRED_PARTS
from lawtext.output import atomic_write
from lawtext.rules import active

EVIDENCE_CODES = {"none": 0, "content": 1, "heading": 2}


@cache
def cjk_family() -> str:
    """Register the bundled Noto Sans CJK font with matplotlib once; its family name."""
    from matplotlib import font_manager
    from noto_cjk import otc_path

    path = otc_path("sans")
    font_manager.fontManager.addfont(str(path))
    return "Noto Sans CJK SC"


@contextmanager
def chinese() -> Iterator[None]:
    """Matplotlib settings under which Chinese labels render (and minus signs too)."""
    from matplotlib import rc_context

    with rc_context({"font.family": "sans-serif", "font.sans-serif": [cjk_family(), "DejaVu Sans"],
                     "axes.unicode_minus": False, "svg.fonttype": "path"}):
        yield


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The given Axes, or one on a new Figure (not pyplot's); tick labels keep the CJK
    font wherever the figure is drawn later (a notebook, ``savefig`` without ``save``)."""
    if ax is None:
        ax = Figure(figsize=size, layout="constrained").add_subplot()
    ax.tick_params(labelfontfamily=[cjk_family(), "DejaVu Sans"])
    return ax


def _finish(ax: Axes) -> Axes:
    """Pin the CJK font on every text of the figure, so that it renders the same wherever
    and whenever the figure is drawn; in a notebook, the Axes a cell returns shows its chart."""
    from matplotlib.text import Text

    family = [cjk_family(), "DejaVu Sans"]
    for text in ax.figure.findobj(Text):
        text.set_fontfamily(family)
    _show_axes_in_notebooks()
    return ax


def png(ax: Axes) -> bytes:
    """The figure of ``ax`` as PNG bytes (what a notebook cell displays)."""
    buffer = io.BytesIO()
    with chinese():
        _figure(ax).savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _figure(ax: Axes) -> Figure:
    """The top-level figure ``ax`` is drawn on."""
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    return figure


def _show_axes_in_notebooks() -> None:
    """Figures made outside pyplot have no display hook; register one for Axes with the
    running IPython (a notebook), so that ``plot_coverage(...)`` as a cell's last line
    shows the chart, not ``<Axes: …>``."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Axes, png)


MAX_ROWS = 40
"""A chart with more reports (or issuers) than this aggregates them: reports by year, issuers
to the largest ones, so that it stays legible and quick at any corpus size; the per-report
detail is in the tables."""


def _report_label(frame: pd.DataFrame) -> pd.Series:
    year = frame["year"].astype("string").fillna("")
    return frame["issuer"].fillna("").astype(str) + " " + year


def _row_label(frame: pd.DataFrame) -> tuple[pd.Series, bool]:
    """One label per row: its report (issuer and year) when there are at most
    :data:`MAX_ROWS` reports, else its year with the number of reports; and whether rows
    were aggregated."""
    if frame["doc_id"].nunique() <= MAX_ROWS:
        return _report_label(frame), False
    counts = frame.groupby("year")["doc_id"].nunique()
    return frame["year"].map(lambda y: f"{y}年（{counts[y]}份）" if pd.notna(y) else "年份不详"), True


def _annotate(ax: Axes, values: np.ndarray, scaled: np.ndarray, fmt: str) -> None:
    """Write each cell's value on a heatmap, white on dark cells."""
    for (i, j), v in np.ndenumerate(values):
        if not np.isnan(v):
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize="x-small",
                    color="white" if scaled[i, j] > 0.6 else "black")


def plot_coverage(coverage: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of reports × required parts: heading, content only, or none; with more than
    :data:`MAX_ROWS` reports, the share of each year's reports that cover each part."""
    with chinese():
        label, many = _row_label(coverage)
        table = coverage.assign(code=coverage.evidence.map(EVIDENCE_CODES), report=label,
                                share=coverage.covered.astype(float))
        values = "share" if many else "code"
        matrix = table.pivot_table(index="report", columns="required_part", values=values,
                                   aggfunc="mean" if many else "max")
        matrix = matrix.reindex(columns=list(REQUIRED_PARTS)).fillna(0)
        ax = _axes(ax, (7, 0.32 * len(matrix) + 1.5))
        if many:
            ax.imshow(matrix.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
            _annotate(ax, matrix.to_numpy(), matrix.to_numpy(), ".0%")
            ax.set_title("必报内容覆盖率（按年份）")
        else:
            cmap = ListedColormap(["#eeeeee", "#f4b942", "#2a7ab0"])
            ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto")
            ax.set_title("必报内容覆盖（蓝：有标题；黄：仅有内容；灰：缺失）")
        names = active().parts.names
        ax.set_xticks(range(len(matrix.columns)), [names[p] for p in matrix.columns], rotation=30, ha="right")
        ax.set_yticks(range(len(matrix.index)), matrix.index)
    return _finish(ax)


def plot_part_lengths(coverage: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Stacked horizontal bars: characters each report gives to each required part (the
    mean per report of each year when there are more than :data:`MAX_ROWS` reports)."""
    with chinese():
        label, many = _row_label(coverage)
        table = coverage.assign(report=label)
        per_report = table.groupby(["report", "doc_id", "required_part"], as_index=False)["chars"].sum()
        matrix = per_report.pivot_table(index="report", columns="required_part", values="chars",
                                        aggfunc="mean" if many else "sum")
        matrix = matrix.reindex(columns=list(REQUIRED_PARTS)).fillna(0)
        ax = _axes(ax, (8, 0.32 * len(matrix) + 1.5))
        left = np.zeros(len(matrix))
        for part in matrix.columns:
            ax.barh(matrix.index, matrix[part], left=left, label=active().parts.names[part])
            left += matrix[part].to_numpy()
        ax.set_xlabel("平均字符数" if many else "字符数")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
        ax.set_title("各部分篇幅（按年份平均）" if many else "各部分篇幅")
    return _finish(ax)


def plot_indicators(table: pd.DataFrame, *, by: str = "issuer", value: str = "indicators",
                    ax: Axes | None = None) -> Axes:
    """Stacked bars of indicators by category for each group (``indicator_table`` output);
    ``value="per_10k_chars"`` normalises by length. With more than :data:`MAX_ROWS`
    groups, the largest ones and the rest summed as 其他."""
    with chinese():
        matrix = table.pivot_table(index=by, columns="category", values=value, aggfunc="sum").fillna(0)
        if len(matrix) > MAX_ROWS:
            order = matrix.sum(axis=1).sort_values(ascending=False).index
            rest = matrix.loc[order[MAX_ROWS - 1:]].sum().rename(f"其他（{len(order) - MAX_ROWS + 1}个）")
            matrix = pd.concat([matrix.loc[order[:MAX_ROWS - 1]], rest.to_frame().T])
        ax = _axes(ax, (8, max(0.35 * len(matrix), 0.22 * len(matrix.columns)) + 1.5))  # the legend fits too
        left = np.zeros(len(matrix))
        colours = colormaps["tab20"]  # up to 20 categories, each its own colour
        for k, category in enumerate(matrix.columns):
            ax.barh(matrix.index.astype(str), matrix[category], left=left, label=category, color=colours(k % 20))
            left += matrix[category].to_numpy()
        ax.set_xlabel("指标数" if value == "indicators" else "每万字指标数")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
        ax.set_title("量化指标（按类别）")
    return _finish(ax)


def plot_keyness(table: pd.DataFrame, *, top: int = 15, ax: Axes | None = None) -> Axes:
    """Horizontal bars of signed G² for the most over- and under-used terms."""
    with chinese():
        shown = pd.concat([table.nlargest(top, "g2"), table.nsmallest(top, "g2").query("g2 < 0")])
        shown = shown.drop_duplicates("term").sort_values("g2")
        ax = _axes(ax, (6, 0.28 * len(shown) + 1.5))
        colors = ["#2a7ab0" if g > 0 else "#c0504d" for g in shown.g2]
        ax.barh(shown.term, shown.g2, color=colors)
        ax.set_xlabel("G²（正：目标组多用；负：参照组多用）")
        ax.set_title("关键词显著性")
    return _finish(ax)


def plot_scorecard(card: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of the scorecard's measures, each scaled to 0–1 across reports (across
    years, of their means, when there are more than :data:`MAX_ROWS` reports)."""
    with chinese():
        columns = {"parts_covered": "覆盖部分数", "indicators_per_1000": "千字指标数", "zero_claims": "零发生表述",
                   "reused_share": "套话占比", "problems_concrete": "问题具体度", "problems_generic": "问题空泛度",
                   "follow_through_rate": "计划兑现率"}
        label, many = _row_label(card)
        data = card.assign(report=label)[["report", *columns]].astype({c: float for c in columns})
        data = data.groupby("report", sort=False).mean().round(2) if many else data.set_index("report")
        scaled = (data - data.min()) / (data.max() - data.min()).replace(0, 1)
        ax = _axes(ax, (8, 0.32 * len(data) + 1.8))
        ax.imshow(scaled.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        _annotate(ax, data.to_numpy(), scaled.to_numpy(), "g")
        ax.set_xticks(range(len(columns)), list(columns.values()), rotation=30, ha="right")
        ax.set_yticks(range(len(data.index)), data.index)
        ax.set_title("报告评分卡（按年份平均）" if many else "报告评分卡")
    return _finish(ax)


_NO_DATE = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}


def save(ax: Axes, path: Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write the figure of ``ax`` as ``path`` with each suffix, atomically; the same figure
    gives the same bytes (no date, fixed SVG ids)."""
    from matplotlib import rc_context

    figure = _figure(ax)
    written = []
    with chinese(), rc_context({"svg.hashsalt": "lawtext"}):
        for fmt in formats:
            def draw(handle: IO[bytes], fmt: str = fmt) -> None:
                figure.savefig(handle, format=fmt, dpi=120, metadata=_NO_DATE.get(fmt))
            written.append(atomic_write(path.with_suffix(f".{fmt}"), draw))
    return written
