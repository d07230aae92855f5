"""Charts: what each draws (read back from its Axes), when it aggregates, its caption
under it in report.html, and that it shows in a notebook cell."""

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


def test_a_chart_is_laid_out_the_same_whatever_formats_it_is_saved_in(tmp_path: Path) -> None:
    """The PNG of a chart saved as PNG alone or after its SVG is the same file; the figure
    keeps its layout engine and resolution afterwards (a notebook draws it again)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    coverage = lawtext.Corpus.from_folder(SEED).coverage
    alone = plot.save(plot.plot_coverage(coverage), tmp_path / "alone", ("png",))
    ax = plot.plot_coverage(coverage)
    dpi = ax.figure.dpi
    after_svg = plot.save(ax, tmp_path / "after_svg", ("svg", "png"))
    assert [p.name for p in alone + after_svg] == ["alone.png", "after_svg.svg", "after_svg.png"]
    assert alone[0].read_bytes() == after_svg[1].read_bytes()
    assert isinstance(ax.figure.get_layout_engine(), ConstrainedLayoutEngine)
    assert ax.figure.dpi == dpi


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


# --- the charts of `lawtext analyze` on the seed and sample reports (the `corpus` fixture) ---

PARTS = ["主要举措和成效", "不足和原因", "第一责任人职责", "下一年度安排", "其他情况"]


def _labels(texts: list) -> list[str]:
    return [t.get_text() for t in texts]


def _stacks(ax, groups: int) -> list[list[float]]:
    """Bar widths of a stacked bar chart, one list per stacked series, each of ``groups`` bars."""
    widths = [round(float(p.get_width()), 4) for p in ax.patches]
    return [widths[k:k + groups] for k in range(0, len(widths), groups)]


def test_coverage_by_level(corpus: lawtext.Corpus) -> None:
    """25 reports: 4 provincial, 8 city, 12 county, 1 township. Of the city reports 7 head
    the problems part and 1 misses it; of the provincial ones 3 head it, 1 covers it by
    content: bars heading, content, none for each part, 0.9 wide for 100%."""
    ax = plot.plot_coverage_by(corpus.coverage, corpus.documents, by="level")
    assert _labels(ax.get_yticklabels()) == ["省级（4份）", "市级（8份）", "县级（12份）", "乡镇级（1份）"]
    assert _labels(ax.get_xticklabels()) == PARTS
    assert ax.get_title() == "必报内容覆盖（按层级）"
    shares = [[round(w / 0.9, 4) for w in stack] for stack in _stacks(ax, 4)]
    assert shares[3:6] == [[0.75, 0.875, 1.0, 0.0], [0.25, 0.0, 0.0, 1.0], [0.0, 0.125, 0.0, 0.0]]  # problems
    assert shares[12:15] == [[0.0, 0.125, 0.3333, 0.0], [0.0, 0.0, 0.0, 0.0], [1.0, 0.875, 0.6667, 1.0]]  # other
    assert _labels(ax.texts) == ["100%"] * 5 + ["88%", "100%", "100%", "100%", "62%", "100%", "100%",
                                                "100%", "100%", "100%", "100%", "0%", "12%", "33%", "0%"]
    assert _labels(ax.get_legend().get_texts()) == ["有专门标题", "仅有相关内容", "未覆盖"]


def test_coverage_by_issuer_type_keeps_the_largest_types() -> None:
    """1,000 reports of 45 issuer types: the 39 with the most reports, then the other 6 as one."""
    types = [f"类型{k:02d}" for k in range(45)]
    docs = pd.DataFrame({"doc_id": [f"r{k}" for k in range(1000)], "error": "",
                         "issuer_type": [types[k % 45] if k < 900 else types[0] for k in range(1000)]})
    coverage = pd.DataFrame([{"doc_id": f"r{k}", "required_part": part,
                              "evidence": "heading" if k % 4 else "none"}
                             for k in range(1000) for part in lawtext.REQUIRED_PARTS])
    ax = plot.plot_coverage_by(coverage, docs, by="issuer_type")
    labels = _labels(ax.get_yticklabels())
    assert len(labels) == 40 and labels[:2] == ["类型00（120份）", "类型01（20份）"]
    assert labels[-1] == "其他6类（120份）"  # 类型39…类型44, 20 reports each
    heading = _stacks(ax, 40)[0]
    assert heading[0] == round(0.9 * 90 / 120, 4)  # reports 0, 4, 8, … cover nothing


def test_themes_heatmap_by_issuer_type(corpus: lawtext.Corpus) -> None:
    """19 issuers (more than FEW): rows are issuer types; a cell is the mean over the type's
    reports of the area's share of their area-term hits."""
    themes, docs = corpus.themes, corpus.documents
    ax = plot.plot_themes(themes, docs)
    assert ax.get_title() == "主题领域分布（全文，按机关类型）"
    rows = _labels(ax.get_yticklabels())
    assert rows[:6] == ["人民政府（5份）", "交通（2份）", "公安（2份）", "卫生健康（2份）", "司法（2份）",
                        "市场监管（2份）"]
    assert len(rows) == 16
    assert _labels(ax.get_xticklabels()) == ["机构职能与放管服/营商环境", "依法行政制度体系", "行政决策", "行政执法",
                                             "突发事件应对", "矛盾纠纷化解与复议应诉", "权力制约监督与政务公开",
                                             "科技保障/数字法治政府", "党的领导与推进机制"]
    cells = ax.images[0].get_array()
    assert [round(float(v), 4) for v in cells[0]] == [0.0709, 0.0431, 0.1371, 0.2101, 0.0178, 0.1838, 0.1007,
                                                      0.0067, 0.2298]
    assert _labels(ax.texts)[:9] == ["7%", "4%", "14%", "21%", "2%", "18%", "10%", "1%", "23%"]
    governments = docs.doc_id[docs.issuer_type == "人民政府"]
    whole = themes[(themes.required_part == "") & themes.doc_id.isin(governments)]
    assert round(whole[whole.area == "enforcement"].share.mean(), 4) == round(float(cells[0][3]), 4)


def test_themes_heatmap_shows_each_issuer_up_to_few(corpus: lawtext.Corpus) -> None:
    """The reports of FEW (12) issuers: one row per issuer; of 13: one row per issuer type."""
    docs = corpus.documents
    issuers = sorted(docs.issuer.unique())
    few = docs[docs.issuer.isin(issuers[:plot.FEW])]
    ax = plot.plot_themes(corpus.themes, few)
    assert ax.get_title() == "主题领域分布（全文，按机关）"
    assert sorted(label.split("（")[0] for label in _labels(ax.get_yticklabels())) == issuers[:plot.FEW]
    more = docs[docs.issuer.isin(issuers[:plot.FEW + 1])]
    ax = plot.plot_themes(corpus.themes, more)
    assert ax.get_title() == "主题领域分布（全文，按机关类型）"
    assert len(ax.get_yticklabels()) == more.issuer_type.nunique()


def test_indicators_per_10k_by_issuer_type(corpus: lawtext.Corpus) -> None:
    """25 reports (more than FEW): rows are issuer types, the densest on top. 市场监管 (two
    reports, 2,160 + 2,201 = 4,361 characters): 29 enforcement indicators are 66.5 per
    10,000 characters, 199.5 in all categories."""
    ax = plot.plot_indicator_density(corpus.indicators, corpus.documents)
    rows = _labels(ax.get_yticklabels())
    assert rows[:3] == ["市场监管（2份）", "司法（2份）", "税务（1份）"] and len(rows) == 16
    categories = _labels(ax.get_legend().get_texts())
    assert categories == ["复议诉讼", "规范性文件", "决策", "政务公开", "标准化", "纠纷化解", "建议提案", "政务服务",
                          "制度建设", "应急安全", "执法监督", "普法宣传", "学习培训", "其他"]
    top = [stack[0] for stack in _stacks(ax, len(rows))]
    assert top[categories.index("执法监督")] == 66.5 and round(sum(top), 2) == 199.5
    assert ax.get_xlabel() == "每万字指标数"


def test_indicators_per_10k_per_report_up_to_few(corpus: lawtext.Corpus) -> None:
    """FEW (12) reports: one row per report (issuer and year); 13: issuer types."""
    docs = corpus.documents.sort_values("doc_id")
    ax = plot.plot_indicator_density(corpus.indicators, docs.head(plot.FEW))
    assert ax.get_title() == "每万字量化指标（按报告，按类别分色）"
    assert sorted(_labels(ax.get_yticklabels())) == sorted(
        f"{r.issuer} {r.year}" for r in docs.head(plot.FEW).itertuples())
    ax = plot.plot_indicator_density(corpus.indicators, docs.head(plot.FEW + 1))
    assert ax.get_title() == "每万字量化指标（按机关类型，按类别分色）"


def test_scorecard_distribution(corpus: lawtext.Corpus) -> None:
    """One histogram per measure over the 25 reports: the counts per bin, the median line
    and the number of reports with a value (22 have a problems part, 5 a previous year's plans)."""
    ax = plot.plot_scorecard_distribution(corpus.scorecard)
    panels = ax.figure.axes
    assert [p.get_title() for p in panels] == [
        "覆盖部分数\n中位数 4，n=25", "有标题部分数\n中位数 4，n=25", "千字指标数\n中位数 14.58，n=25",
        "零发生表述\n中位数 1，n=25", "套话占比\n中位数 3%，n=25", "问题具体度\n中位数 0%，n=22",
        "问题空泛度\n中位数 100%，n=22", "计划兑现率\n中位数 80%，n=5"]
    assert [[int(b.get_height()) for b in p.patches] for p in panels] == [
        [0, 0, 1, 2, 17, 5], [0, 0, 3, 4, 13, 5], [3, 0, 0, 0, 2, 13, 1, 3, 2, 1], [2, 12, 6, 5],
        [25] + [0] * 9, [18, 0, 0, 0, 0, 4, 0, 0, 0, 0], [0, 0, 1, 0, 0, 7, 0, 0, 0, 14], [0] * 7 + [2, 1, 2]]
    assert [float(p.lines[0].get_xdata()[0]) for p in panels] == [4, 4, 14.58, 1, 0.0289, 0, 1, 0.8]
    assert panels[0].figure.get_suptitle() == "评分卡指标分布"


def test_scorecard_distribution_of_a_thousand_reports() -> None:
    """1,000 synthetic reports: every report is in one bar of each panel; a measure no
    report has (no previous year) says so."""
    k = pd.Series(range(1000))
    card = pd.DataFrame({"parts_covered": k % 6, "parts_headed": k % 5, "indicators_per_1000": k / 40,
                         "zero_claims": k % 7, "reused_share": k / 1000, "problems_concrete": (k % 10) / 10,
                         "problems_generic": pd.Series([pd.NA] * 500 + [0.5] * 500, dtype="Float64"),
                         "follow_through_rate": pd.Series([pd.NA] * 1000, dtype="Float64")})
    panels = plot.plot_scorecard_distribution(card).figure.axes
    assert [sum(int(b.get_height()) for b in p.patches) for p in panels] == [1000] * 6 + [500, 0]
    assert [len(p.patches) for p in panels] == [6, 6, 10, 7, 10, 10, 10, 0]
    assert _labels(panels[7].texts) == ["无数据"]


def test_keyness_names_its_groups() -> None:
    table = pd.DataFrame({"term": ["执法", "调解"], "g2": [12.5, -3.25]})
    ax = plot.plot_keyness(table, groups="人民政府 vs 部门")
    assert ax.get_title() == "关键词显著性：人民政府 vs 部门"
    assert ax.get_xlabel() == "G²（正：人民政府多用；负：部门多用）"
    assert _labels(ax.get_yticklabels()) == ["调解", "执法"]


def test_captions() -> None:
    """Every chart of the registry has a one-line caption; thresholds and groups filled in."""
    from lawtext.tables import CHARTS

    assert list(CHARTS) == ["coverage_by_type", "coverage_by_level", "coverage", "part_lengths", "themes",
                            "indicators_per_10k", "keyness", "scorecard_distribution", "scorecard"]
    assert plot.caption("indicators_per_10k") == (
        "每万字指标数：各类型机关（报告不超过12份时为各报告）的量化指标数（不含零发生表述）"
        "÷ 字数 × 10,000，按指标类别分色")
    assert plot.caption("keyness", "人民政府 vs 部门").startswith("关键词显著性（人民政府 vs 部门）：")
    assert all("\n" not in plot.caption(name) and "{" not in plot.caption(name) for name in CHARTS)


def test_report_html_puts_each_caption_under_its_chart(corpus: lawtext.Corpus, tmp_path: Path) -> None:
    """The charts of coverage, themes, keyness and the scorecard, in the registry's order,
    each a figure with its caption; the documents they also read come from the corpus."""
    import html
    import re
    import warnings

    from lawtext.report import _charts, analyze, render_html
    from lawtext.tables import CHARTS

    analysis = analyze(corpus, ["coverage", "themes", "keyness", "scorecard"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn = _charts(analysis, tmp_path, corpus=corpus)
    assert not [w for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    page = render_html(analysis, drawn, title="t")
    figures = re.findall(r"<figure id='chart-([a-z_0-9]+)'><img alt='([^']*)' src='data:image/png;base64,[^']+'>"
                         r"<figcaption>([^<]*)</figcaption></figure>", page)
    names = ["coverage_by_type", "coverage_by_level", "coverage", "part_lengths", "themes", "keyness",
             "scorecard_distribution", "scorecard"]
    assert [name for name, _, _ in figures] == names
    captions = [CHARTS[n].text("人民政府 vs 部门") for n in names]
    assert [caption for _, _, caption in figures] == [html.escape(c) for c in captions]
    assert [alt for _, alt, _ in figures] == [c.split("：")[0] for c in captions]
    assert figures[0][1] == "必报内容覆盖（按机关类型）"
    assert "关键词显著性（人民政府 vs 部门）：" in page and page.count("<figure") == len(names)


def test_the_per_report_scorecard_is_drawn_up_to_max_rows_reports(tmp_path: Path) -> None:
    """40 reports: the distributions and the per-report heatmap; 41: the distributions only."""
    from lawtext.report import Analysis, _charts
    from lawtext.tables import TABLES

    def card(n: int) -> pd.DataFrame:
        frame = pd.DataFrame({c.name: pd.Series([0] * n).astype(c.dtype) for c in TABLES["scorecard"].columns})
        return frame.assign(doc_id=[f"r{k}" for k in range(n)], issuer=[f"机关{k}" for k in range(n)])

    assert list(_charts(Analysis({"scorecard": card(plot.MAX_ROWS)}), tmp_path)) == [
        "scorecard_distribution", "scorecard"]
    assert list(_charts(Analysis({"scorecard": card(plot.MAX_ROWS + 1)}), tmp_path)) == ["scorecard_distribution"]
