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


def _report_label(frame: pd.DataFrame) -> pd.Series:
    year = frame["year"].astype("string").fillna("")
    return frame["issuer"].fillna("").astype(str) + " " + year


def plot_coverage(coverage: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of reports × required parts: heading, content only, or none."""
    with chinese():
        table = coverage.assign(code=coverage.evidence.map(EVIDENCE_CODES), report=_report_label(coverage))
        matrix = table.pivot_table(index="report", columns="required_part", values="code", aggfunc="max")
        matrix = matrix.reindex(columns=list(REQUIRED_PARTS)).fillna(0)
        ax = _axes(ax, (7, 0.32 * len(matrix) + 1.5))
        cmap = ListedColormap(["#eeeeee", "#f4b942", "#2a7ab0"])
        ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto")
        names = active().parts.names
        ax.set_xticks(range(len(matrix.columns)), [names[p] for p in matrix.columns], rotation=30, ha="right")
        ax.set_yticks(range(len(matrix.index)), matrix.index)
        ax.set_title("必报内容覆盖（蓝：有标题；黄：仅有内容；灰：缺失）")
    return _finish(ax)


def plot_part_lengths(coverage: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Stacked horizontal bars: characters each report gives to each required part."""
    with chinese():
        table = coverage.assign(report=_report_label(coverage))
        matrix = table.pivot_table(index="report", columns="required_part", values="chars", aggfunc="sum")
        matrix = matrix.reindex(columns=list(REQUIRED_PARTS)).fillna(0)
        ax = _axes(ax, (8, 0.32 * len(matrix) + 1.5))
        left = np.zeros(len(matrix))
        for part in matrix.columns:
            ax.barh(matrix.index, matrix[part], left=left, label=active().parts.names[part])
            left += matrix[part].to_numpy()
        ax.set_xlabel("字符数")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
        ax.set_title("各部分篇幅")
    return _finish(ax)


def plot_indicators(table: pd.DataFrame, *, by: str = "issuer", value: str = "indicators",
                    ax: Axes | None = None) -> Axes:
    """Stacked bars of indicators by category for each group (``indicator_table`` output);
    ``value="per_10k_chars"`` normalises by length."""
    with chinese():
        matrix = table.pivot_table(index=by, columns="category", values=value, aggfunc="sum").fillna(0)
        ax = _axes(ax, (8, 0.35 * len(matrix) + 1.5))
        left = np.zeros(len(matrix))
        for category in matrix.columns:
            ax.barh(matrix.index.astype(str), matrix[category], left=left, label=category)
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
    """Heatmap of the scorecard's measures, each scaled to 0–1 across reports."""
    with chinese():
        columns = {"parts_covered": "覆盖部分数", "indicators_per_1000": "千字指标数", "zero_claims": "零发生表述",
                   "reused_share": "套话占比", "problems_concrete": "问题具体度", "problems_generic": "问题空泛度",
                   "follow_through_rate": "计划兑现率"}
        data = card.assign(report=_report_label(card)).set_index("report")[list(columns)].astype(float)
        scaled = (data - data.min()) / (data.max() - data.min()).replace(0, 1)
        ax = _axes(ax, (8, 0.32 * len(data) + 1.8))
        ax.imshow(scaled.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        for (i, j), v in np.ndenumerate(data.to_numpy()):
            if not np.isnan(v):
                dark = scaled.to_numpy()[i, j] > 0.6
                ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize="x-small",
                        color="white" if dark else "black")
        ax.set_xticks(range(len(columns)), list(columns.values()), rotation=30, ha="right")
        ax.set_yticks(range(len(data.index)), data.index)
        ax.set_title("报告评分卡")
    return _finish(ax)


def save(ax: Axes, path: Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write the figure of ``ax`` as ``path`` with each suffix, atomically."""
    figure = _figure(ax)
    written = []
    with chinese():
        for fmt in formats:
            def draw(handle: IO[bytes], fmt: str = fmt) -> None:
                figure.savefig(handle, format=fmt, dpi=120)
            written.append(atomic_write(path.with_suffix(f".{fmt}"), draw))
    return written
