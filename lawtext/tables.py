"""Every table lawtext produces, declared once: its name, what a row is, the tables it is
built from, its columns (type and meaning) and its builder.

From this registry come the ``Corpus`` accessors (``corpus.coverage``, ``corpus.table(name)``,
each table computed once per corpus and shared), the tables ``lawtext analyze`` writes,
``lawtext table NAME``, the sections of ``report.html``, the charts drawn from each table
with their captions (:class:`Chart`, :data:`CHARTS`) and the column dictionary of the
README (:func:`markdown`). Adding a table is one :class:`Table` in :data:`TABLES` plus its
builder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from lawtext import frames
from lawtext.compare.coverage import coverage_frame
from lawtext.compare.followthrough import follow_through
from lawtext.compare.keyness import keyness
from lawtext.compare.reuse import reuse_share, shared_sentences
from lawtext.compare.summary import coverage_matrix, indicator_table, scorecard
from lawtext.compare.themes import themes_frame

if TYPE_CHECKING:
    from lawtext.corpus import Corpus


@dataclass(frozen=True)
class Column:
    """One column: its name, pandas dtype and one-line meaning."""

    name: str
    dtype: str
    meaning: str


MAX_ROWS = 40
"""A chart with more reports (or groups) than this aggregates them (reports by year, issuer
types beyond the largest into 其他), so that it stays legible and quick at any corpus size;
the per-report detail is in the tables."""
FEW = 12
"""Up to this many issuers (reports) the theme (indicator) chart shows each one rather than
their issuer types: with so few, a type is mostly one issuer."""


@dataclass(frozen=True)
class Chart:
    """One chart drawn from a table: the file it is saved as, the function of
    :mod:`lawtext.plot` that draws it, and its one-line caption (what it shows and how
    it was computed), shown under it in ``report.html``."""

    name: str
    """Its file in ``charts/`` (``NAME.png``; ``NAME.svg`` too when SVG is asked for) and its key in :data:`CHARTS`."""
    function: str
    """The ``plot_*`` function; it takes the table first."""
    caption: str
    """Chinese, one line; ``{groups}`` stands for the keyness groups (:meth:`text`)."""
    inputs: tuple[str, ...] = ()
    """Other tables the function takes, as keyword arguments of the same names."""
    options: tuple[tuple[str, str], ...] = ()
    """Further keyword arguments (name, value)."""
    groups: bool = False
    """The function takes the keyness groups (``Analysis.keyness_groups``) as ``groups``."""
    small: bool = False
    """One row per report: drawn only when the table has at most :data:`MAX_ROWS`
    reports (the other charts of its table show larger corpora)."""
    columns: tuple[str, ...] = ()
    """The columns of the table the function reads, when only some (the table is sent to
    the process that draws the chart: a long table's text columns are left behind)."""

    def text(self, groups: str = "目标组 vs 参照组") -> str:
        """The caption, with the keyness groups ``groups`` and the thresholds filled in."""
        return self.caption.format(groups=groups, max_rows=MAX_ROWS, few=FEW)


@dataclass(frozen=True)
class Table:
    """One table of the output contract."""

    name: str
    row: str
    """What one row is."""
    columns: tuple[Column, ...]
    build: Callable[[Corpus], pd.DataFrame]
    """Builds the table from a corpus; other tables come from ``corpus.table(name)``."""
    inputs: tuple[str, ...] = ()
    """The tables the builder reads (each built once per corpus and shared)."""
    section: str = ""
    """The heading of ``report.html`` it is shown under ("": not in the report)."""
    charts: tuple[Chart, ...] = ()
    """The charts drawn from it, above it in ``report.html``, in this order."""
    shown: bool = True
    """Whether ``report.html`` shows the table itself (else only its charts)."""

    @property
    def column_names(self) -> list[str]:
        """The column names in order."""
        return [c.name for c in self.columns]


def _c(spec: str) -> tuple[Column, ...]:
    """Columns from lines ``name dtype meaning``."""
    return tuple(Column(*line.split(None, 2)) for line in spec.splitlines() if line.strip())


_DOC = """
doc_id str the report's path in the corpus folder (its file name when read alone)
"""
_JOINED = """
issuer str the body that issued the report (joined from documents)
year Int64 the year reported on (joined from documents)
"""
_SPAN = """
start int64 offset in the report's normalised text where it starts
end int64 offset where it ends
"""
_PLACE = """
section_id str the innermost section it sits in (1, 2.3, …), "" before the first heading
required_part str the required part of its first-level section, "" when none
"""


def keyness_split(corpus: Corpus) -> tuple[list[bool], str]:
    """The default keyness groups: governments against departments when both are present,
    else the first issuer type against the rest; with their label."""
    kinds = [d.metadata.issuer_kind for d in corpus.docs]
    if "government" in kinds and "department" in kinds:
        return [k == "government" for k in kinds], "人民政府 vs 部门"
    types = [d.metadata.issuer_type for d in corpus.docs]
    first = types[0] if types else ""
    return [t == first for t in types], f"{first} vs 其他"


def _keyness(corpus: Corpus) -> pd.DataFrame:
    target, _ = keyness_split(corpus)
    if any(target) and not all(target):
        return keyness(corpus.docs, target, top=None)
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in TABLES["keyness"].columns})


TABLES: dict[str, Table] = {t.name: t for t in (
    Table("documents", "report (a file that failed has its path and error only)", _c(_DOC + """
path str the file it was read from
source_url str the web address it was downloaded from (the manifest.csv of lawtext fetch), "" when none
format str txt, pdf, docx, doc (Word 97–2003 and WPS), html or image (PNG, JPEG, TIFF)
sha256 str hash of the file's bytes
title str the report's title
issuer str the body that issued the report
issuer_type str the kind of body (人民政府, 司法, 公安, …; issuer_types.tsv)
issuer_kind str government or department
region str the administrative region of the issuer
level str national, province, city, district-county or township
year Int64 the year reported on
publish_date str publication date, YYYY-MM-DD, when found
publish_date_from str where publish_date was found: report (its text or page), manifest (lawtext fetch's), "" nowhere
chars Int64 characters of normalised text
error str why the file could not be read, "" when it was
warnings str what was read with loss (e.g. PDF pages without text), joined by ；
ocr_pages str pages read by OCR (from 1, as ranges: 1-3,5), "" when none: filter scans with ocr_pages != ""
ocr_confidence Float64 the OCR engine's mean confidence over those pages' characters (0–1), empty without OCR
"""), lambda c: frames.documents_frame(c.docs, c.failures, c.origins), section="文件与元数据"),
    Table("sections", "heading and the text under it", _c(_DOC + """
section_id str path of sibling ordinals: 1, 1.2, 1.2.3
parent_id str section_id of the enclosing section, "" for a first-level one
level int64 1 一、, 2 （一）, 3 1., 4 （1）, one below its parent for 一是 and unnumbered headings
number str the heading number as written
title str the heading text after the number
required_part str for first-level sections, the required part it opens
""" + _SPAN + """chars int64 characters of the section, heading included
""" + _JOINED), lambda c: frames.sections_frame(c.docs)),
    Table("measures", "claimed measure (举措): a clause opening with an action verb", _c(_DOC + _PLACE + """
action str the action verb (成立, 制定, 开展, …)
object str what follows the verb, up to 30 characters
text str the whole clause
category str topic of the object (categories.toml)
planned bool in the next_year part: a plan, not a result
""" + _SPAN + _JOINED), lambda c: frames.measures_frame(c.docs),
        section="举措"),
    Table("coverage", "report × required part", _c(_DOC + """
required_part str one of the five required parts
covered bool whether the report covers the part
evidence str heading (a first-level heading opens it), content (only sentences that do its job) or none
chars int64 characters of the text that covers it
""" + _JOINED), lambda c: coverage_frame(c.docs), section="必报内容覆盖",
        charts=(Chart("coverage_by_type", "plot_coverage_by",
                      "必报内容覆盖（按机关类型）：各类型机关的报告中，以专门标题（蓝）、仅以相关内容（黄）覆盖"
                      "或未覆盖（灰）各必报部分的比例，数字为覆盖比例，括号内为报告数",
                      ("documents",), (("by", "issuer_type"),)),
                Chart("coverage_by_level", "plot_coverage_by",
                      "必报内容覆盖（按层级）：各层级机关的报告中，以专门标题（蓝）、仅以相关内容（黄）覆盖"
                      "或未覆盖（灰）各必报部分的比例，数字为覆盖比例，括号内为报告数",
                      ("documents",), (("by", "level"),)),
                Chart("coverage", "plot_coverage",
                      "必报内容覆盖（按报告或年份）：报告不超过{max_rows}份时每行一份报告，蓝为有专门标题、"
                      "黄为仅有相关内容、灰为缺失；超过时每行一个年份，数字为该年覆盖各部分的报告比例"),
                Chart("part_lengths", "plot_part_lengths",
                      "各部分篇幅：每份报告中各必报部分的字符数，按部分分色；"
                      "报告超过{max_rows}份时为各年份报告的平均字符数")), shown=False),
    Table("coverage_matrix", "report: the evidence for each part in one row", _c("""
issuer str the body that issued the report
year Int64 the year reported on
doc_id str the report
achievements str evidence for the achievements part (heading, content, none)
problems str evidence for the problems part
leader_duty str evidence for the leader_duty part
next_year str evidence for the next_year part
other str evidence for the other part
"""), lambda c: coverage_matrix(c.table("coverage")).reset_index(), ("coverage",), section="必报内容覆盖"),
    Table("themes", "report × part (\"\" for the whole report) × area of the 纲要 in force", _c(_DOC + """
required_part str the part, "" for the whole report
scheme str the 纲要 in force for the report's year (themes.toml)
area str the area's key
label str the area's Chinese label
hits int64 occurrences of the area's terms
share float64 the area's share of all area hits in this report or part
area_2021 str the 2021–2025 area it continues as (crosswalk), for comparing years
""" + _JOINED), lambda c: themes_frame(c.docs), section="主题领域（法治政府建设实施纲要）",
        charts=(Chart("themes", "plot_themes", "主题领域分布：各类型机关（机关不超过{few}个时为各机关）报告全文中，"
                      "各纲要领域术语命中数占全部领域命中数之比的平均值；两部纲要的报告并存时，按对照表归入2021－2025年纲要的领域",
                      ("documents",)),), shown=False),
    Table("indicators", "number or zero claim", _c(_DOC + _PLACE + """
mention str the number as written, with its unit and approximation marker
value float64 the number (万/亿 multiplied out; 0 for a zero claim)
value_max float64 the upper end of a range (3至5天), else empty
unit str the unit or classifier (件, 次, %, 个工作日, …)
approx str the approximation marker as written (余, 近, 超过, 以上, 达, …), "" when exact
zero_claim bool whether it claims that something did not happen (未发生…)
what str what is counted, in the report's words (docs/indicators.md)
category str topic of what is counted (categories.toml)
sentence str the sentence it occurs in (of a sentence over 1,000 characters, the 1,000 around the number, marked …)
""" + _SPAN + _JOINED), lambda c: frames.indicators_frame(c.docs), section="量化指标",
        charts=(Chart("indicators_per_10k", "plot_indicator_density", "每万字指标数：各类型机关（报告不超过{few}份时为"
                      "各报告）的量化指标数（不含零发生表述）÷ 字数 × 10,000，按指标类别分色", ("documents",),
                      columns=("doc_id", "category", "zero_claim")),)),
    Table("indicators_by_issuer", "issuer × indicator category", _c("""
issuer str the body that issued the reports
category str topic of what is counted
indicators int64 number of indicators
chars Int64 characters of the issuer's reports
per_10k_chars Float64 indicators per 10,000 characters
"""), lambda c: indicator_table(c.table("indicators"), c.table("documents")), ("indicators", "documents"),
        section="量化指标"),
    Table("keyness", "term, target group against reference (governments vs departments, or first type vs rest)",
          _c("""
term str a word (jieba, domain dictionary, stopwords removed)
target int64 occurrences in the target group
reference int64 occurrences in the reference group
g2 float64 log-likelihood G² (positive: more frequent in the target)
log_ratio float64 binary log of the ratio of relative frequencies
p float64 p-value of G² (chi-squared, one degree of freedom)
"""), _keyness, section="关键词显著性",
        charts=(Chart("keyness", "plot_keyness", "关键词显著性（{groups}）：两组报告词频差异的对数似然比 G²，"
                      "蓝为前一组多用、红为后一组多用，各取最显著的15个词", groups=True),)),
    Table("reuse_sentences", "sentence that another report shares near-verbatim", _c(_DOC + """
start int64 where the sentence starts in the report
end int64 where it ends
sentence str the sentence
cluster int64 its group of near-identical sentences (TF-IDF cosine ≥ 0.8 with the group's first)
reports int64 reports the cluster spans, this one included
other_issuers int64 issuers other than the report's own among them
similarity float64 the cosine with which it joined its cluster (the first: the highest of those that joined)
"""), lambda c: shared_sentences(c.docs), section="套话复用"),
    Table("reuse", "report: how much of it other issuers' reports share", _c(_DOC + """
issuer str the body that issued the report
year Int64 the year reported on
chars int64 characters of the report
reused_chars int64 characters of its sentences shared with another issuer's report
reused_share float64 reused_chars / chars
source_issuers int64 how many issuers the other reports it shares sentences with have
sources str those issuers, joined by ；; the first 20 by name and "…" when there are more
"""), lambda c: reuse_share(c.docs, c.table("reuse_sentences")), ("reuse_sentences",), section="套话复用"),
    Table("follow_through_items", "plan item of one year's report with its best match in the next year's", _c("""
issuer str the issuer of both reports
year int64 the year of the plan
doc_id str the report that made the plan
next_doc_id str the next year's report of the same issuer
item str the plan item
best_match str the most similar sentence of the next year's achievements
similarity float64 their similarity
realised bool similarity at or above the threshold
"""), lambda c: follow_through(c.docs)[0], section="计划兑现（上年安排 → 本年成效）"),
    Table("follow_through", "issuer and year: share of the plans realised the next year", _c("""
issuer str the issuer
year Int64 the year of the plans
doc_id str the report that made the plans
next_doc_id str the next year's report
items int64 plan items
realised int64 items realised
rate float64 realised / items
"""), lambda c: follow_through(c.docs)[1], section="计划兑现（上年安排 → 本年成效）"),
    Table("scorecard", "report: the measures above in one row", _c(_DOC + """
issuer str the body that issued the report
year Int64 the year reported on
parts_covered int64 required parts covered (of 5)
parts_headed int64 required parts with a heading of their own
official_order bool the headed parts come in the official order
publish_date str publication date (as in documents)
on_time boolean published before 1 April of the following year
indicators_per_1000 float64 indicators per 1,000 characters
zero_claims int64 zero claims
reused_share float64 share of characters shared with other issuers' reports
problems_concrete Float64 share of the problems part's sentences that name a cause, a figure or a document
problems_generic Float64 share of the problems part's sentences made only of generic phrases
follow_through_rate Float64 share of the previous year's plans realised in this report
"""), lambda c: scorecard(c.docs, coverage=c.table("coverage"), indicators=c.table("indicators"),
                           reuse=c.table("reuse"), rates=c.table("follow_through"),
                           publish_dates=dict(zip(c.documents.doc_id, c.documents.publish_date, strict=True))),
        ("coverage", "indicators", "reuse", "follow_through", "documents"), section="报告评分卡",
        charts=(Chart("scorecard_distribution", "plot_scorecard_distribution",
                      "评分卡指标分布：每格为一项指标在各报告间的直方图，虚线为中位数，n 为有该项数值的报告数"),
                Chart("scorecard", "plot_scorecard",
                      "报告评分卡（逐份报告）：每行一份报告，数字为原值，颜色为该指标在各报告间按最小–最大缩放后的"
                      "相对高低；仅在报告不超过{max_rows}份时绘制", small=True))),
    Table("errors", "input that could not be read", _c("""
path str the file
stage str where it failed (read, rules, …)
error_type str the kind of error
message str what went wrong, naming the file and, where there is one, the fix
"""), lambda c: frames.errors_frame(c.failures), section="错误"),
)}
"""Every table, in the order ``lawtext analyze`` writes them and ``report.html`` shows them."""

CHARTS: dict[str, Chart] = {chart.name: chart for table in TABLES.values() for chart in table.charts}
"""Every chart ``lawtext analyze`` draws, by name (its file in ``charts/``), with its caption:
``CHARTS["themes"].text()``."""


def build(name: str, corpus: Corpus) -> pd.DataFrame:
    """Table ``name`` of ``corpus`` with the declared columns and types."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}")
    table = TABLES[name]
    frame = table.build(corpus)
    if list(frame.columns) != table.column_names:
        raise AssertionError(f"table {name}: built columns {list(frame.columns)} are not the declared "
                             f"{table.column_names}")
    return frame.astype({c.name: c.dtype for c in table.columns})


def markdown() -> str:
    """The column dictionary of every table, as a Markdown table (the README holds it)."""
    lines = ["| table | one row per | columns |", "|---|---|---|"]
    for t in TABLES.values():
        columns = "<br>".join(f"`{c.name}` ({c.dtype}): {c.meaning}" for c in t.columns)
        lines.append(f"| `{t.name}` | {t.row} | {columns} |")
    return "\n".join(lines)
