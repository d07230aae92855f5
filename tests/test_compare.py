"""Comparisons on the bundled corpora, with exact expected values."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from conftest import ROOT, SEED
from fontTools.ttLib import TTFont

import lawtext
from lawtext import plot
from lawtext.compare.coverage import coverage_frame, part_evidence
from lawtext.compare.followthrough import follow_through, plan_items
from lawtext.compare.keyness import keyness
from lawtext.compare.kwic import kwic
from lawtext.compare.reuse import reuse_share, shared_sentences
from lawtext.compare.summary import coverage_matrix, indicator_table, problems_concreteness, scorecard
from lawtext.compare.themes import crosswalk, scheme_for, schemes, themes_frame
from lawtext.pages import _cjk_face, page_name

SAMPLE = ROOT / "corpora" / "sample"


def test_sample_corpus_shape(corpus: lawtext.Corpus) -> None:
    docs = corpus.documents[corpus.documents.doc_id.str.startswith("sample/")]
    assert len(docs) == 24 and docs.issuer.nunique() == 18
    assert set(docs.format) == {"txt", "pdf", "docx", "html"}
    assert (docs.groupby("issuer").year.nunique() == 2).sum() == 6
    assert set(docs.level) == {"province", "city", "district-county", "township"}


def test_seed_coverage() -> None:
    doc = lawtext.read(SEED)
    frame = coverage_frame([doc])
    assert frame.set_index("required_part").evidence.to_dict() == {
        "achievements": "heading", "problems": "heading", "leader_duty": "heading", "next_year": "heading",
        "other": "none"}
    assert frame.set_index("required_part").chars["problems"] == 141


def test_content_evidence_without_a_heading() -> None:
    text = ("某局2023年法治政府建设情况报告\n一、主要工作\n制定制度3项。"
            "局主要负责人认真履行推进法治建设第一责任人职责，亲自部署重要工作。\n二、2024年工作打算\n我局工作仍存在一些不足，干部法治意识有待提升。2024年，我局将继续推进。")
    doc = lawtext.read_bytes(text.encode(), name="x.txt")
    evidence = {part: e for part, (e, _) in part_evidence(doc).items()}
    assert evidence == {"achievements": "heading", "problems": "content", "leader_duty": "content",
                        "next_year": "heading", "other": "none"}


def test_coverage_matrix_is_in_official_order(corpus: lawtext.Corpus) -> None:
    matrix = coverage_matrix(coverage_frame(corpus.docs))
    assert list(matrix.columns) == ["achievements", "problems", "leader_duty", "next_year", "other"]
    assert matrix.loc[("云州市市场监督管理局", 2022)].iloc[0].tolist() == [
        "heading", "heading", "none", "content", "none"]


def test_themes_shares_sum_to_one_and_schemes_follow_the_year(corpus: lawtext.Corpus) -> None:
    themes = themes_frame(corpus.docs)
    whole = themes[themes.required_part == ""]
    sums = whole.groupby("doc_id").share.sum()
    assert ((sums - 1).abs() < 1e-3).all()
    top = whole.loc[whole.groupby("doc_id").hits.idxmax()].set_index("doc_id").area
    assert top["sample/linchuan-yjj-2023.html"] == "emergencies"
    assert top["sample/qingshi-sifa-2023.html"] == "disputes"
    assert (scheme_for(2018), scheme_for(2023), scheme_for(None)) == ("gangyao_2015", "gangyao_2021", "gangyao_2021")
    assert set(crosswalk()) == set(schemes()["gangyao_2015"]["areas"])
    old = themes_frame(corpus.docs[:1], scheme="gangyao_2015")
    assert set(old.area_2021) <= set(schemes()["gangyao_2021"]["areas"])


def test_indicator_table_raw_and_per_10k(corpus: lawtext.Corpus) -> None:
    table = indicator_table(corpus.indicators, corpus.documents)
    seed = table[table.issuer == "沙坪坝区机关事务管理局"].set_index("category")
    assert seed.indicators.to_dict() == {"学习培训": 5, "标准化": 3, "普法宣传": 1, "政务公开": 1}
    assert seed.per_10k_chars["学习培训"] == round(5 / 2354 * 10_000, 2)


def test_keyness_finds_government_vocabulary(corpus: lawtext.Corpus) -> None:
    target = [d.metadata.issuer_kind == "government" for d in corpus.docs]
    table = keyness(corpus.docs, target)
    assert table.iloc[0].term == "区政府"
    assert (table.g2.diff().dropna() <= 0).all()
    assert {"term", "target", "reference", "g2", "log_ratio", "p"} == set(table.columns)


def test_keyness_groups_by_any_documents_column(corpus: lawtext.Corpus) -> None:
    from lawtext.compare import group_mask

    mask = group_mask(corpus.docs, "issuer_type", "司法")
    assert sum(mask) == 2
    table = keyness(corpus.docs, mask)
    assert {"行政复议", "人民调解"} & set(table.head(10).term)
    assert sum(group_mask(corpus.docs, "year", 2022)) == 6
    with pytest.raises(KeyError, match="documents column"):
        group_mask(corpus.docs, "colour", "red")


def test_kwic(corpus: lawtext.Corpus) -> None:
    hits = kwic([lawtext.read(SEED)], "法律顾问", window=5)
    assert len(hits) == 4
    first = hits.iloc[0]
    assert (first.left, first.match, first.right, first.section_id, first.required_part) == (
        "。严格落实", "法律顾问", "制度，充分", "1.3", "achievements")
    assert len(kwic([lawtext.read(SEED)], r"\d+次", regex=True)) == 3


def test_reuse_finds_shared_boilerplate(corpus: lawtext.Corpus) -> None:
    shared = shared_sentences(corpus.docs)
    assert (shared.similarity >= 0.8).all() and (shared.reports >= 2).all()
    assert (shared.groupby("cluster").doc_id.nunique() == shared.groupby("cluster").reports.first()).all()
    share = reuse_share(corpus.docs, shared).set_index("doc_id")
    assert share.loc["sample/wangjiang-jyj-2023.txt"].reused_share > 0.05
    assert share.loc["sample/hecheng-nyj-2023.pdf"].reused_share == 0


def test_follow_through(corpus: lawtext.Corpus) -> None:
    items, rates = follow_through(corpus.docs)
    assert len(rates) == 5
    qingshi = rates.set_index("issuer").loc["云州市青石区司法局"]
    assert (qingshi["items"], qingshi.realised, qingshi.rate) == (5, 4, 0.8)
    missed = items[(items.issuer == "云州市青石区司法局") & ~items.realised].item.tolist()
    assert missed[0].startswith("五是推进行政执法协调监督体系建设")
    assert plan_items(lawtext.read(SEED))[0].startswith("一是开展形式多样的普法宣传活动")


def test_scorecard(corpus: lawtext.Corpus) -> None:
    card = scorecard(corpus.docs).set_index("doc_id")
    seed = card.loc[f"seed/{SEED.name}"]
    assert (seed.parts_covered, seed.parts_headed, seed.official_order) == (4, 4, False)
    assert seed.indicators_per_1000 == round(10 / 2354 * 1000, 2) and seed.zero_claims == 2
    assert (seed.problems_concrete, seed.problems_generic) == (0.0, 1.0) and pd_isna(seed.on_time)
    qingshi = card.loc["sample/qingshi-sifa-2023.html"]
    assert (qingshi.on_time, qingshi.follow_through_rate, qingshi.official_order) == (True, 0.8, True)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_problems_concreteness() -> None:
    specific = ("某局2023年报告\n一、存在的问题\n由于编制不足，执法人员仅12名，全年积压案件30件。\n"
                "法治意识有待提升。")
    doc = lawtext.read_bytes(specific.encode(), name="x.txt")
    assert problems_concreteness(doc) == (0.5, 0.5)


def test_charts_render_chinese_without_missing_glyphs(corpus: lawtext.Corpus, tmp_path: Path) -> None:
    coverage = coverage_frame(corpus.docs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = plot.save(plot.plot_coverage(coverage), tmp_path / "coverage")
        paths += plot.save(plot.plot_indicators(indicator_table(corpus.indicators, corpus.documents)),
                           tmp_path / "indicators")
    assert not [w for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert [p.suffix for p in paths] == [".png", ".svg", ".png", ".svg"]
    ax = plot.plot_coverage(coverage)
    assert ax.get_xticklabels()[0].get_fontname() == "Noto Sans CJK SC"
    assert ax.title.get_fontname() == "Noto Sans CJK SC"


def test_charts_and_pages_drawn_in_two_processes_are_the_same_files(corpus: lawtext.Corpus, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from concurrent.futures import ProcessPoolExecutor

    from lawtext import report

    pools: list[int] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, workers: int, **options: object) -> None:
            pools.append(workers)
            super().__init__(workers, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "ProcessPoolExecutor", Counted)
    names = ["coverage", "keyness", "scorecard"]
    report.write_analysis(corpus, tmp_path / "one", tables=names, svg=True)
    assert pools == []  # one process: no pool
    report.write_analysis(corpus, tmp_path / "two", tables=names, svg=True, jobs=2)
    assert pools == [2]  # charts and pages drawn by a pool of two
    with report.Workers(2) as workers:  # started before the corpus is read, as `lawtext analyze` does
        again = lawtext.Corpus.from_paths([d.path for d in corpus.docs[:2]], jobs=2)  # a pool forked meanwhile
        report.write_analysis(corpus, tmp_path / "early", tables=names, svg=True, workers=workers)
    assert pools == [2, 2] and len(again) == 2 and not again.failures
    one, two, early = (json.loads((tmp_path / run / "manifest.json").read_text())["files"]
                       for run in ("one", "two", "early"))
    assert two == early
    assert sorted(name for name in one if name.startswith("charts/")) == [
        f"charts/{c}.{ext}" for c in sorted(["coverage_by_type", "coverage_by_level", "coverage", "part_lengths",
                                             "keyness", "scorecard_distribution", "scorecard"])
        for ext in ("png", "svg")]
    assert sum(name.startswith("reports/") and name.endswith(".html") for name in one) == len(corpus) == 25
    assert one == two  # every file, byte for byte (their sha256)


def _face_chars() -> set[str]:
    """The characters the whole face of the report's font draws."""
    path, index = _cjk_face()
    return set(map(chr, TTFont(path, fontNumber=index, lazy=True).getBestCmap()))


def test_analyze_writes_a_self_contained_report(corpus: lawtext.Corpus, tmp_path: Path) -> None:
    from lawtext.report import write_analysis

    analysis = write_analysis(corpus, tmp_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)  # the page less DataTables and the tables' data
    assert markup.count("data:image/png;base64,") == 9  # 25 reports: the scorecard heatmap too
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", markup)  # embedded, or a link within the page
    assert "必报内容覆盖" in page
    spec = json.loads(re.search(r"data-table='dt-documents'>(.*?)</script>", page).group(1))
    rows = json.loads(gzip.decompress(base64.b64decode(spec["rows"])))  # as the page's script reads them
    issuer, link = spec["columns"].index("issuer"), spec["links"][str(spec["columns"].index("doc_id"))]
    seed = next(r for r in rows if r[issuer] == "沙坪坝区机关事务管理局")
    assert seed[link] == page_name(seed[0]) and (tmp_path / seed[link]).exists()
    assert len(re.findall(r"<table id='dt-\w+' class='display compact'></table><script type='application/json' "
                          r"data-table='dt-\w+'>", page)) == 11  # every table shown but the empty errors
    assert page.count("id='datatables-bundle'") == 1 and page.count("@font-face") == 1  # once per page; the font
    # draws every character that the report, its tables' rows and the pages show (and the face has)
    [face] = re.findall(r"base64,([\w+/=]+)\) format\('woff'\)", page)
    drawn = set(map(chr, TTFont(io.BytesIO(base64.b64decode(face))).getBestCmap()))
    shown = set(page).union(*(p.read_text(encoding="utf-8") for p in (tmp_path / "reports").glob("**/*.html")))
    for table in re.findall(r"data-table='dt-\w+'>(.*?)</script>", page):
        rows = json.loads(gzip.decompress(base64.b64decode(json.loads(table)["rows"])))
        shown.update("".join(str(value) for row in rows for value in row))
    assert shown & _face_chars() <= drawn and {"搜", "Q", "沙"} <= drawn and len(drawn) > 1000
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(
        [page_name(d.doc_id).removeprefix("reports/") for d in corpus.docs] + ["font.js"])
    report_page = (tmp_path / page_name(corpus.docs[0].doc_id)).read_text(encoding="utf-8")
    assert "@font-face" not in report_page and "<script src='font.js'></script>" in report_page  # one font for all
    for name in ("coverage", "themes", "scorecard", "reuse", "follow_through", "keyness", "indicators_by_issuer"):
        assert (tmp_path / f"{name}.csv").exists() and (tmp_path / f"{name}.parquet").exists()
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(
        f"{n}.{ext}" for n in ("coverage_by_type", "coverage_by_level", "coverage", "part_lengths", "themes",
                               "indicators_per_10k", "keyness", "scorecard_distribution", "scorecard")
        for ext in ("png",))  # SVG on request
    assert analysis.keyness_groups == "人民政府 vs 部门"



@pytest.mark.parametrize(("lines", "expected"), [
    (("一、主要举措和成效",
      "（一）抓好督察整改。对省委督察组反馈存在的问题逐项整改，12个问题已全部整改销号。",
      "（二）深化执法监督。开展执法案卷评查，检查发现的问题下一步将持续整改到位，为下一步工作打下基础。"),
     ("none", "none")),  # rectified problems and plans inside the achievements cover no part
    (("全年办理行政复议案件30件。",
      "但仍存在一些不足：执法人员法治素养有待提高。",
      "下一步，我局将继续深化行政执法体制改革。"),
     ("content", "content")),  # a shortcoming and a plan without headings are covered
])
def test_problems_and_plans_by_content(lines: tuple[str, ...], expected: tuple[str, str]) -> None:
    text = "\n".join(("某区司法局2023年法治政府建设情况报告", *lines))
    evidence = part_evidence(lawtext.read_bytes(text.encode(), name="variant.txt"))
    assert (evidence["problems"][0], evidence["next_year"][0]) == expected


def test_write_analysis_shows_progress_for_every_stage(tmp_path) -> None:
    from lawtext.report import write_analysis
    from lawtext.tables import TABLES

    seen = []
    built = []

    def progress(steps, total, desc):
        seen.append((desc, total))
        for step in steps:
            if desc == "tables":
                built.append(step)
            yield step

    analysis = write_analysis(lawtext.Corpus.from_folder(SEED.parent), tmp_path, progress=progress)
    assert seen == [("tables", len(TABLES)), ("report pages", 1),  # then every table written (and rendered
                    ("writing", len(TABLES) + 8)]  # for report.html) and 8 charts drawn (one report: no keyness)
    # the scorecard and what it reads first (the report pages, which show it, are made meanwhile), the rest after;
    # the analysis keeps the registry's order
    assert built == ["documents", "coverage", "indicators", "reuse_sentences", "reuse", "follow_through", "scorecard",
                     "sections", "measures", "coverage_matrix", "themes", "indicators_by_issuer", "keyness",
                     "follow_through_items", "errors"]
    assert list(analysis.tables) == list(TABLES)


def test_reuse_marks_the_sentences_that_comparing_all_sentences_marks() -> None:
    """Clusters from MinHash LSH candidates against the exhaustive cosine of every sentence
    pair on the sample corpus: 74 of its 75 shared sentences, nothing else. The one missed
    matches (0.80) another sentence of its cluster but not the cluster's first sentence (0.72)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from lawtext.compare.reuse import _sentences, shared_sentences

    docs = lawtext.Corpus.from_folder(SEED.parents[1] / "sample")
    sentences = _sentences(docs)
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform([s[3] for s in sentences])
    sims = (matrix @ matrix.T).toarray()
    owner = np.array([s[0] for s in sentences])
    a, b = np.nonzero((sims >= 0.8) & (owner[:, None] != owner[None, :]))
    exact = {(docs[owner[i]].doc_id, sentences[i][1]) for i in a}
    found = shared_sentences(docs)
    marked = set(zip(found.doc_id, found.start, strict=True))
    assert (len(marked & exact), len(marked - exact)) == (74, 0)
    assert len(exact) == 75 and len(b) == 416  # 75 sentences in 208 pairs (416 both ways)


def test_the_lsh_layout_is_the_one_datasketch_chooses() -> None:
    """Reuse bands its MinHash signatures as datasketch's ``MinHashLSH`` would at the same
    permutations and Jaccard threshold (the layout is written down so that the run does not
    import datasketch and scipy's integration to find it)."""
    from datasketch import MinHashLSH

    from lawtext.compare import reuse

    chosen = MinHashLSH(threshold=reuse._LSH_JACCARD, num_perm=reuse._PERMUTATIONS)
    assert (chosen.b, chosen.r) == (reuse.BANDS, reuse.BAND_ROWS) == (14, 4)


def test_a_table_rendered_for_the_report_notes_every_character_it_shows(corpus: lawtext.Corpus,
                                                                          tmp_path: Path) -> None:
    """The worker that renders a table writes its markup to a file and notes the characters
    of its column names and cells (the font is cut for them): every character of the rows
    the page decodes is among them."""
    from lawtext import report
    from lawtext.exports import write_table

    frame = corpus.table("indicators")
    [parquet] = write_table(frame, tmp_path, "indicators", ["parquet"])
    files, (markup, chars) = report._Write(None, parquet, tmp_path, "indicators", ("csv",), {},
                                           tmp_path / "indicators.html")()
    assert [f.name for f in files] == ["indicators.csv"]
    spec = json.loads(re.search(r"data-table='dt-indicators'>(.*?)</script>", markup.read_text("utf-8")).group(1))
    rows = json.loads(gzip.decompress(base64.b64decode(spec["rows"])))
    assert len(rows) == len(frame)
    shows = set("".join(spec["columns"])) | set("".join(str(v) for row in rows for v in row if v is not None))
    assert shows <= chars and len(shows) > 100


def test_table_rows_are_gzipped_a_chunk_at_a_time_as_one_json_array(corpus: lawtext.Corpus,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """report.html's rows of a table, made into JSON a few rows at a time: the same bytes as
    the whole table gzipped at once, one JSON array of rows."""
    from lawtext import report

    frame = corpus.table("indicators").head(7)
    whole = gzip.compress(frame.to_json(orient="values", force_ascii=False, double_precision=10).encode("utf-8"),
                          compresslevel=report.GZIP_LEVEL, mtime=0)
    monkeypatch.setattr(report, "_ROWS_AT_ONCE", 3)  # 7 rows: chunks of 3, 3 and 1
    chunked = report._gzipped_rows(frame)
    assert chunked == whole
    assert json.loads(gzip.decompress(chunked)) == json.loads(frame.to_json(orient="values", double_precision=10))
    assert len(json.loads(gzip.decompress(chunked))) == 7


def test_report_sections_come_from_the_registry(tmp_path) -> None:
    import re

    from lawtext.report import write_analysis

    write_analysis(lawtext.Corpus.from_folder(SEED.parents[1] / "sample"), tmp_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = page[page.index("<body>"):]  # DataTables, in the head, draws headings of its own
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", page) == [
        "概览", "主要发现", "提示", "文件与元数据", "举措", "必报内容覆盖", "主题领域（法治政府建设实施纲要）",
        "量化指标", "关键词显著性（人民政府 vs 部门）", "套话复用", "计划兑现（上年安排 → 本年成效）", "报告评分卡",
        "错误"]
    assert re.findall(r"<h3[^>]*>([^<]*)</h3>", page) == [
        "documents", "measures", "coverage_matrix", "indicators", "indicators_by_issuer", "keyness",
        "reuse_sentences", "reuse", "follow_through_items", "follow_through", "scorecard", "errors"]
