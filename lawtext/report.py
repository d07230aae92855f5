"""Everything ``lawtext analyze`` writes: all tables (CSV + Parquet), charts (PNG + SVG)
and one self-contained ``report.html`` (charts embedded, no external assets)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lawtext import plot
from lawtext.compare.coverage import coverage_frame
from lawtext.compare.followthrough import follow_through
from lawtext.compare.keyness import keyness
from lawtext.compare.reuse import reuse_share, shared_sentences
from lawtext.compare.summary import coverage_matrix, indicator_table, scorecard
from lawtext.compare.themes import themes_frame
from lawtext.corpus import Corpus
from lawtext.output import atomic_write, write_table


@dataclass
class Analysis:
    """All tables of a corpus, by name, and the keyness groups used."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    keyness_groups: str = ""


def keyness_split(corpus: Corpus) -> tuple[list[bool], str]:
    """Governments against departments when both are present, else the first issuer type
    against the rest."""
    kinds = [d.metadata.issuer_kind for d in corpus.docs]
    if "government" in kinds and "department" in kinds:
        return [k == "government" for k in kinds], "人民政府 vs 部门"
    types = [d.metadata.issuer_type for d in corpus.docs]
    first = types[0] if types else ""
    return [t == first for t in types], f"{first} vs 其他"


def analyze(corpus: Corpus) -> Analysis:
    """Every table of docs/design.md §5 plus the comparisons of issue #4."""
    docs = corpus.docs
    coverage = coverage_frame(docs)
    pairs = shared_sentences(docs)
    items, rates = follow_through(docs)
    target, groups = keyness_split(corpus)
    reuse = reuse_share(docs, pairs)
    tables = {
        "documents": corpus.documents, "sections": corpus.sections, "indicators": corpus.indicators,
        "measures": corpus.measures, "coverage": coverage, "themes": themes_frame(docs),
        "coverage_matrix": coverage_matrix(coverage).reset_index(),
        "indicators_by_issuer": indicator_table(corpus.indicators, corpus.documents),
        "keyness": keyness(docs, target, top=None) if any(target) and not all(target) else pd.DataFrame(),
        "reuse_pairs": pairs, "reuse": reuse,
        "follow_through_items": items, "follow_through": rates,
        "scorecard": scorecard(docs, coverage=coverage, indicators=corpus.indicators, reuse=reuse, rates=rates),
        "errors": corpus.errors,
    }
    return Analysis(tables, groups)


def _charts(analysis: Analysis, out: Path) -> dict[str, Path]:
    t = analysis.tables
    charts = {}
    if not t["coverage"].empty:
        charts["coverage"] = plot.plot_coverage(t["coverage"])
        charts["part_lengths"] = plot.plot_part_lengths(t["coverage"])
        charts["scorecard"] = plot.plot_scorecard(t["scorecard"])
    if not t["indicators_by_issuer"].empty:
        charts["indicators"] = plot.plot_indicators(t["indicators_by_issuer"])
    if not t["keyness"].empty:
        charts["keyness"] = plot.plot_keyness(t["keyness"])
    return {name: plot.save(ax, out / "charts" / name)[0] for name, ax in charts.items()}


def _table_html(frame: pd.DataFrame, rows: int = 50) -> str:
    if frame.empty:
        return "<p class='empty'>（无）</p>"
    shown = frame.head(rows)
    note = ""
    if len(frame) > rows:
        note = f"<p class='note'>前 {rows} 行，共 {len(frame)} 行；完整表格见同目录 CSV/Parquet。</p>"
    return shown.to_html(index=False, na_rep="", escape=True, border=0, classes="table") + note


def _image(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"<img alt='{html.escape(path.stem)}' src='data:image/png;base64,{data}'>"


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei",
       sans-serif; margin: 2em auto; max-width: 1200px; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #2a7ab0; padding-bottom: .2em; margin-top: 2em; }
table.table { border-collapse: collapse; font-size: .85em; margin: .5em 0; }
table.table th, table.table td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
table.table th { background: #eef4fa; } img { max-width: 100%; } .note, .empty { color: #666; font-size: .85em; }
"""


def render_html(analysis: Analysis, charts: dict[str, Path], *, title: str) -> str:
    t = analysis.tables
    docs = t["documents"]
    ok = docs[docs.error == ""]
    years = ", ".join(str(y) for y in sorted(ok.year.dropna().unique()))
    summary = (f"<p>报告 {len(ok)} 份，来自 {ok.issuer.nunique()} 个发布机关，年度 {years}；"
               f"无法读取的文件 {len(t['errors'])} 个。</p>")
    sections = [
        ("文件与元数据", None, ["documents"]),
        ("必报内容覆盖", "coverage", ["coverage_matrix"]),
        ("各部分篇幅", "part_lengths", []),
        ("主题领域（法治政府建设实施纲要）", None, ["themes"]),
        ("量化指标", "indicators", ["indicators_by_issuer", "indicators"]),
        (f"关键词显著性（{analysis.keyness_groups}）", "keyness", ["keyness"]),
        ("套话复用", None, ["reuse", "reuse_pairs"]),
        ("计划兑现（上年安排 → 本年成效）", None, ["follow_through", "follow_through_items"]),
        ("报告评分卡", "scorecard", ["scorecard"]),
        ("错误", None, ["errors"]),
    ]
    body = []
    for heading, chart, names in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>")
        if chart in charts:
            body.append(_image(charts[chart]))
        for name in names:
            frame = t[name]
            if name == "themes" and not frame.empty:
                frame = frame[frame.required_part == ""].pivot_table(
                    index=["issuer", "year"], columns="label", values="share").round(3).reset_index()
            if name == "documents":
                frame = frame[["doc_id", "title", "issuer", "issuer_type", "level", "year", "publish_date", "chars",
                               "error"]]
            body.append(f"<h3>{html.escape(name)}</h3>" + _table_html(frame))
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>{summary}{''.join(body)}</body></html>")


def write_analysis(corpus: Corpus, out: Path, *, title: str = "法治政府建设情况报告比较") -> Analysis:
    """Write every table, chart and ``report.html`` of ``corpus`` into ``out``."""
    analysis = analyze(corpus)
    for name, frame in analysis.tables.items():
        write_table(frame, out, name)
    charts = _charts(analysis, out)
    page = render_html(analysis, charts, title=title)
    atomic_write(out / "report.html", lambda h: h.write(page.encode("utf-8")))
    return analysis
