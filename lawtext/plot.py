"""Charts with matplotlib, Chinese labels in Noto Sans CJK (installed with lawtext by the
``noto-cjk[sans]`` package, no download at run time). No pyplot state: every ``plot_*``
takes an optional ``ax`` and returns the Axes it drew on (the scorecard distributions, one
panel per measure, take a ``figure`` and return its first panel). What ``lawtext analyze``
draws, and each chart's caption, is declared in :mod:`lawtext.tables` (:func:`caption`)."""

from __future__ import annotations

import io
import sys
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
from matplotlib.figure import Figure, SubFigure

from lawtext.compare.summary import indicator_table
from lawtext.compare.themes import DEFAULT_SCHEME, schemes
from lawtext.model import REQUIRED_PARTS
from lawtext.output import atomic_write
from lawtext.rules import LEVEL_NAMES, LEVELS, active
from lawtext.tables import CHARTS, FEW, MAX_ROWS

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
        if text.get_fontfamily() != family:  # tick labels have it already (_axes): setting it again costs
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
    shows the chart, not ``<Axes: …>``. Outside IPython (a script, ``lawtext analyze``'s
    workers) IPython is not imported: it takes 0.06 s, and there is no shell to find."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Axes, png)


def caption(name: str, groups: str = "目标组 vs 参照组") -> str:
    """The caption ``report.html`` shows under chart ``name`` (a key of
    :data:`lawtext.tables.CHARTS`: ``"themes"``, ``"coverage_by_type"``, …): what it shows
    and how it was computed, in one line; ``groups`` names the keyness groups
    (``Analysis.keyness_groups``)."""
    return CHARTS[name].text(groups)


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


GROUP_NAMES = {"issuer": "机关", "issuer_type": "机关类型", "level": "层级", "year": "年度", "region": "地区"}
"""The Chinese name of each documents column charts group reports by."""


def _groups(documents: pd.DataFrame, by: str) -> tuple[pd.Series, list[str]]:
    """The group of each readable report (indexed by doc_id): its ``by`` value (a level by
    its Chinese name, a missing value as 不详) with its number of reports, ``司法（3份）``;
    and the groups in the order charts show them, top first: levels from the highest down,
    other values from the most reports. Beyond :data:`MAX_ROWS` groups the smallest are
    shown as one, ``其他N类（M份）``."""
    docs = documents[documents.error == ""]
    values = pd.Series(docs[by].astype("string").fillna("").replace("", "不详").to_numpy(), index=docs.doc_id)
    counts = values.value_counts()
    rank = {level: k for k, level in enumerate(LEVELS)} if by == "level" else {}
    order = sorted(counts.index, key=lambda v: (rank.get(v, len(rank)), -counts[v], v))
    if len(order) > MAX_ROWS:
        rest = order[MAX_ROWS - 1:]
        values = values.where(~values.isin(rest), f"其他{len(rest)}类")
        order = [*order[:MAX_ROWS - 1], f"其他{len(rest)}类"]
        counts = values.value_counts()
    names = {v: f"{LEVEL_NAMES.get(v, v) if by == 'level' else v}（{counts[v]}份）" for v in order}
    return values.map(names), [names[v] for v in order]


def _annotate(ax: Axes, values: np.ndarray, scaled: np.ndarray, fmt: str) -> None:
    """Write each cell's value on a heatmap, white on dark cells."""
    for (i, j), v in np.ndenumerate(values):
        if not np.isnan(v):
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize="x-small",
                    color="white" if scaled[i, j] > 0.6 else "black", in_layout=False)  # inside: no margin


def _stacked(ax: Axes, matrix: pd.DataFrame, labels: list[str], colours: list | None = None) -> None:
    """Horizontal bars, one per row of ``matrix`` (bottom up), its columns stacked left to
    right with their ``labels`` (and ``colours``), the legend right of the plot."""
    left = np.zeros(len(matrix))
    for k, (column, label) in enumerate(zip(matrix.columns, labels, strict=True)):
        ax.barh(matrix.index.astype(str), matrix[column], left=left, label=label,
                color=None if colours is None else colours[k])
        left += matrix[column].to_numpy()
    if len(matrix.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")


def _known_categories() -> list[str]:
    """The indicator categories in their order: those of ``categories.toml``, then 其他."""
    return [name for name, _ in active().categories] + ["其他"]


def _category_colours(categories: list[str]) -> list:
    """One colour per indicator category, the same in every chart: its place among
    :func:`_known_categories` (then any other) in ``tab20``."""
    known = _known_categories()
    place = {name: k for k, name in enumerate(known)}
    colours = colormaps["tab20"]
    return [colours(place.get(c, len(known) + k) % 20) for k, c in enumerate(categories)]


EVIDENCE_COLOURS = {"heading": "#2a7ab0", "content": "#f4b942", "none": "#eeeeee"}
EVIDENCE_NAMES = {"heading": "有专门标题", "content": "仅有相关内容", "none": "未覆盖"}


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
            cmap = ListedColormap([EVIDENCE_COLOURS[e] for e in ("none", "content", "heading")])
            ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto")
            ax.set_title("必报内容覆盖（蓝：有标题；黄：仅有内容；灰：缺失）")
        names = active().parts.names
        ax.set_xticks(range(len(matrix.columns)), [names[p] for p in matrix.columns], rotation=30, ha="right")
        ax.set_yticks(range(len(matrix.index)), matrix.index)
    return _finish(ax)


def plot_coverage_by(coverage: pd.DataFrame, documents: pd.DataFrame, *, by: str = "issuer_type",
                     ax: Axes | None = None) -> Axes:
    """For each group of reports (``by``, a column of the ``documents`` table: issuer_type,
    level, year, …; largest groups first, levels from the highest down), the shares of its
    reports that cover each required part with a heading, by content only and not at all:
    one block of 100% bars per part, one bar per group, the covered share written on it."""
    from matplotlib.patheffects import withStroke

    with chinese():
        group, order = _groups(documents, by)
        table = coverage.assign(group=coverage.doc_id.map(group)).dropna(subset=["group"])
        present = set(table.group)
        order = [g for g in order if g in present]
        counts = table.groupby(["required_part", "group", "evidence"]).size().unstack(fill_value=0)
        counts = counts.reindex(columns=list(EVIDENCE_COLOURS), fill_value=0)
        shares = counts.div(counts.sum(axis=1), axis=0).reindex(pd.MultiIndex.from_product([REQUIRED_PARTS, order]),
                                                                 fill_value=0.0)
        ax = _axes(ax, (11, 0.3 * len(order) + 2.2))
        rows, width = np.arange(len(order)), 0.9
        halo = [withStroke(linewidth=2.5, foreground="white")]  # legible on every colour and their borders
        for k, part in enumerate(REQUIRED_PARTS):
            block = shares.loc[part]
            left = np.full(len(order), float(k))
            for evidence, colour in EVIDENCE_COLOURS.items():
                ax.barh(rows, block[evidence] * width, left=left, height=0.8, color=colour,
                        label=EVIDENCE_NAMES[evidence] if k == 0 else None)
                left += block[evidence].to_numpy() * width
            for i, covered in enumerate(block["heading"] + block["content"]):
                ax.text(k + width / 2, i, f"{covered:.0%}", ha="center", va="center", fontsize="small",
                        path_effects=halo, in_layout=False)
        names = active().parts.names
        ax.xaxis.tick_top()
        ax.set_xticks([k + width / 2 for k in range(len(REQUIRED_PARTS))], [names[p] for p in REQUIRED_PARTS])
        ax.set_xlim(-0.05, len(REQUIRED_PARTS) - 0.05)
        ax.set_yticks(rows, order)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncols=3, frameon=False, fontsize="small")
        ax.set_title(f"必报内容覆盖（按{GROUP_NAMES.get(by, by)}）")
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
        _stacked(ax, matrix, [active().parts.names[part] for part in matrix.columns])
        ax.set_xlabel("平均字符数" if many else "字符数")
        ax.set_title("各部分篇幅（按年份平均）" if many else "各部分篇幅")
    return _finish(ax)


def plot_themes(themes: pd.DataFrame, documents: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of issuer types (each issuer when there are at most :data:`FEW`) × areas of
    the 纲要: the mean over their reports of each area's share of the report's area-term
    hits (whole reports, the ``themes`` table's ``required_part == ""`` rows). Reports under
    both 纲要 are compared on the 2021–2025 areas (``area_2021``, the crosswalk; 2015 areas
    it does not carry on are left out); reports under one keep its areas."""
    with chinese():
        whole = themes[themes.required_part == ""]
        mixed = whole.scheme.nunique() > 1
        scheme = DEFAULT_SCHEME if mixed or whole.empty else str(whole.scheme.iloc[0])
        key = "area_2021" if mixed else "area"
        areas = schemes()[scheme]["areas"]
        shares = whole[whole[key] != ""].pivot_table(index="doc_id", columns=key, values="share", aggfunc="sum")
        shares = shares.reindex(columns=list(areas)).fillna(0.0)
        docs = documents[documents.error == ""]
        by = "issuer" if docs.issuer.nunique() <= FEW else "issuer_type"
        group, order = _groups(documents, by)
        matrix = shares.groupby(group.reindex(shares.index)).mean()
        matrix = matrix.reindex([g for g in order if g in matrix.index])
        values = matrix.to_numpy()
        top = max(float(values.max(initial=0)), 0.01)
        ax = _axes(ax, (max(7.0, 0.8 * len(areas) + 3.5), 0.34 * len(matrix) + 2.8))
        ax.imshow(values, cmap="Blues", vmin=0, vmax=top, aspect="auto")
        _annotate(ax, values, values / top, ".0%")
        ax.set_xticks(range(len(areas)), [areas[a]["label"] for a in areas], rotation=30, ha="right")
        ax.set_yticks(range(len(matrix)), matrix.index)
        ax.set_title(f"主题领域分布（全文，按{GROUP_NAMES[by]}）")
    return _finish(ax)


def plot_indicators(table: pd.DataFrame, *, by: str = "issuer", value: str = "indicators",
                    ax: Axes | None = None) -> Axes:
    """Stacked bars of indicators by category for each group (``indicator_table`` output);
    ``value="per_10k_chars"`` normalises by length. With more than :data:`MAX_ROWS`
    groups, the largest ones and the rest summed as 其他 (of counts: rates of several
    groups do not add up, :func:`plot_indicator_density` groups the reports instead)."""
    with chinese():
        matrix = table.pivot_table(index=by, columns="category", values=value, aggfunc="sum").fillna(0)
        if len(matrix) > MAX_ROWS:
            order = matrix.sum(axis=1).sort_values(ascending=False).index
            rest = matrix.loc[order[MAX_ROWS - 1:]].sum().rename(f"其他（{len(order) - MAX_ROWS + 1}个）")
            matrix = pd.concat([matrix.loc[order[:MAX_ROWS - 1]], rest.to_frame().T])
        ax = _axes(ax, (8, max(0.35 * len(matrix), 0.22 * len(matrix.columns)) + 1.5))  # the legend fits too
        _stacked(ax, matrix, list(matrix.columns), _category_colours(list(matrix.columns)))
        ax.set_xlabel("指标数" if value == "indicators" else "每万字指标数")
        ax.set_title("量化指标（按类别）")
    return _finish(ax)


def plot_indicator_density(indicators: pd.DataFrame, documents: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Indicators per 10,000 characters, stacked by category, for each issuer type (each
    report when there are at most :data:`FEW`): the indicators of its reports (zero claims
    left out) over their characters × 10,000 (:func:`lawtext.compare.indicator_table`);
    the densest first, groups beyond :data:`MAX_ROWS` as one."""
    with chinese():
        docs = documents[documents.error == ""]
        if len(docs) <= FEW:
            group = pd.Series(_report_label(docs).to_numpy(), index=docs.doc_id)
            order = sorted(set(group))
            name = "报告"
        else:
            group, order = _groups(documents, "issuer_type")
            name = "机关类型"
        table = indicator_table(indicators, docs.assign(group=docs.doc_id.map(group)), by="group")
        matrix = table.pivot_table(index="group", columns="category", values="per_10k_chars", aggfunc="sum")
        matrix = matrix.reindex(index=order).fillna(0.0)
        known = _known_categories()
        columns = [c for c in known if c in matrix.columns] + sorted(set(matrix.columns) - set(known))
        matrix = matrix[columns]
        matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        ax = _axes(ax, (9, max(0.32 * len(matrix), 0.22 * len(columns)) + 1.8))
        _stacked(ax, matrix, columns, _category_colours(columns))
        ax.set_yticks(range(len(matrix)), matrix.index)  # also when no group has an indicator
        ax.set_ylim(len(matrix) - 0.5, -0.5)  # the densest on top
        ax.set_xlabel("每万字指标数")
        ax.set_title(f"每万字量化指标（按{name}，按类别分色）")
    return _finish(ax)


def plot_keyness(table: pd.DataFrame, *, top: int = 15, groups: str = "目标组 vs 参照组",
                 ax: Axes | None = None) -> Axes:
    """Horizontal bars of signed G² for the ``top`` most over- and under-used terms of the
    target group; ``groups`` names the groups, target first (``"人民政府 vs 部门"``,
    ``Analysis.keyness_groups``)."""
    with chinese():
        target, _, reference = groups.partition(" vs ")
        shown = pd.concat([table.nlargest(top, "g2"), table.nsmallest(top, "g2").query("g2 < 0")])
        shown = shown.drop_duplicates("term").sort_values("g2")
        ax = _axes(ax, (6, 0.28 * len(shown) + 1.5))
        colors = ["#2a7ab0" if g > 0 else "#c0504d" for g in shown.g2]
        ax.barh(shown.term, shown.g2, color=colors)
        ax.set_ylim(-0.5, len(shown) - 0.5)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_xlabel(f"G²（正：{target}多用；负：{reference or '其他'}多用）")
        ax.set_title(f"关键词显著性：{groups}")
    return _finish(ax)


SCORECARD_MEASURES = {"parts_covered": "覆盖部分数", "indicators_per_1000": "千字指标数", "zero_claims": "零发生表述",
                      "reused_share": "套话占比", "problems_concrete": "问题具体度", "problems_generic": "问题空泛度",
                      "follow_through_rate": "计划兑现率"}
"""The scorecard columns the heatmap shows, with their Chinese names."""
DISTRIBUTED = {"parts_covered": "覆盖部分数", "parts_headed": "有标题部分数",
               **{c: name for c, name in SCORECARD_MEASURES.items() if c != "parts_covered"}}
"""The scorecard columns the distribution chart shows, one panel each."""
_COUNTS = ("parts_covered", "parts_headed", "zero_claims")
_PARTS = ("parts_covered", "parts_headed")
_SHARES = ("reused_share", "problems_concrete", "problems_generic", "follow_through_rate")


def plot_scorecard(card: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of the scorecard's measures, each scaled to 0–1 across reports (across
    years, of their means, when there are more than :data:`MAX_ROWS` reports)."""
    with chinese():
        columns = SCORECARD_MEASURES
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


def _bins(column: str, values: pd.Series) -> np.ndarray:
    """Histogram bins of a scorecard measure: one per whole number of a count (0–5 of
    parts), ten of 10% of a share, else ten over its range."""
    if column in _PARTS:
        return np.arange(len(REQUIRED_PARTS) + 2) - 0.5
    if column in _COUNTS:
        return np.arange(values.min(), values.max() + 2) - 0.5
    if column in _SHARES:
        return np.linspace(0, 1, 11)
    return np.histogram_bin_edges(values, bins=10)


def plot_scorecard_distribution(card: pd.DataFrame, *, figure: Figure | SubFigure | None = None) -> Axes:
    """Small multiples, one panel per scorecard measure (:data:`DISTRIBUTED`): the
    histogram of its values across the reports that have one, the median dashed, with n
    and the median in the panel's title; counts get one bar per whole number, shares ten
    bars of 10%. Draws on ``figure`` (a new one by default) and returns its first panel;
    the others are ``ax.figure.axes`` (a notebook shows the whole figure)."""
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    with chinese():
        if figure is None:
            figure = Figure(figsize=(12, 5.6), layout="constrained")
        panels = figure.subplots(2, 4).ravel()
        for k, (ax, (column, name)) in enumerate(zip(panels, DISTRIBUTED.items(), strict=True)):
            ax.tick_params(labelfontfamily=[cjk_family(), "DejaVu Sans"])
            values = card[column].astype(float).dropna()
            if values.empty:
                ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes, color="#666666")
                ax.set_title(f"{name}\nn=0", fontsize="medium")
                ax.set_xticks([])
                ax.set_yticks([])
                continue
            ax.hist(values, bins=_bins(column, values), color="#2a7ab0", edgecolor="white")
            median = float(values.median())
            ax.axvline(median, color="#c0504d", linestyle="--", linewidth=1.2)
            shown = f"{median:.0%}" if column in _SHARES else f"{median:g}"
            ax.set_title(f"{name}\n中位数 {shown}，n={len(values)}", fontsize="medium")
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            if column in _SHARES:
                ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            if column in _COUNTS:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if k % 4 == 0:
                ax.set_ylabel("报告数")
        figure.suptitle("评分卡指标分布")
    return _finish(panels[0])


_DPI = 120
"""The resolution charts are saved at (a layout depends on it)."""
_NO_DATE = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}


def save(ax: Axes, path: Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write the figure of ``ax`` as ``path`` with each suffix, atomically; the same figure
    gives the same bytes (no date, fixed SVG ids). The figure is laid out once, and every
    format drawn at its positions (a layout takes as long as a drawing)."""
    from matplotlib import rc_context

    figure = _figure(ax)
    written, engine = [], figure.get_layout_engine()
    # without a layout engine, savefig draws once; with one, it first draws without rendering to lay out
    with chinese(), rc_context({"svg.hashsalt": "lawtext", "figure.autolayout": False,
                                "figure.constrained_layout.use": False}):
        if engine is not None:  # laid out here once, at the resolution drawn, then no engine
            dpi, figure.dpi = figure.dpi, _DPI
            try:
                engine.execute(figure)
            finally:
                figure.dpi = dpi
            figure.set_layout_engine(None)
        for fmt in formats:
            def draw(handle: IO[bytes], fmt: str = fmt) -> None:
                figure.savefig(handle, format=fmt, dpi=_DPI, metadata=_NO_DATE.get(fmt))
            written.append(atomic_write(path.with_suffix(f".{fmt}"), draw))
    if engine is not None:
        figure.set_layout_engine(engine)
    return written
