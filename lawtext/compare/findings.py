"""What a corpus shows, read off its tables: the overview, the findings (one sentence each,
with its figures and the table that holds the evidence) and the alerts (reports to look at,
each alert naming them), which open ``report.html``.

Everything here is computed from the tables of the registry (:mod:`lawtext.tables`), so
that the figures of the page are those of the CSV files; a finding whose tables were not
built is left out. Sentences are Chinese, like the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from lawtext.model import REQUIRED_PARTS
from lawtext.rules import LEVELS, active

MAX_NAMED = 10
"""Reports named in a sentence; further ones are counted (``…等 N 份``)."""
REUSE_ALERT = 0.05
"""Reused share (``reuse.reused_share``) at or above which a report is flagged as heavily reused."""


@dataclass(frozen=True)
class Overview:
    """What the corpus holds, from the ``documents`` table."""

    reports: int
    """Reports read (rows without an error)."""
    issuers: int
    issuer_types: int
    levels: dict[str, int]
    """Reports per administrative level, from the highest level down (levels without reports left out)."""
    years: tuple[int, ...]
    failures: int
    """Files that could not be read (rows with an error)."""

    @property
    def text(self) -> str:
        """The overview in one sentence."""
        years = "、".join(map(str, self.years)) or "未知"
        return (f"报告 {self.reports} 份，来自 {self.issuers} 个发布机关（{self.issuer_types} 类），"
                f"{len(self.levels)} 个层级，年度 {years}；无法读取的文件 {self.failures} 个。")


@dataclass(frozen=True)
class Finding:
    """One thing the corpus shows: a sentence with its figures, and where the evidence is."""

    key: str
    """A stable name (``coverage``, ``late``, …)."""
    text: str
    """The finding in one sentence, its figures and (up to :data:`MAX_NAMED`) reports named."""
    values: dict[str, object]
    """The figures of the sentence, unrounded, and every report it is about (``reports``)."""
    table: str
    """The table that holds the evidence; ``report.html`` links to it."""


@dataclass(frozen=True)
class Alert:
    """Reports that call for a look, like a data profiler's warnings."""

    key: str
    label: str
    """The badge: what is wrong, in a few characters."""
    rule: str
    """When a report is flagged (thresholds stated)."""
    reports: tuple[str, ...]
    """The reports flagged, by name (:func:`report_names`)."""
    table: str
    """The table that shows why."""

    @property
    def text(self) -> str:
        """The reports flagged, counted and (up to :data:`MAX_NAMED`) named."""
        return f"{len(self.reports)} 份：{name_list(self.reports)}"


def name_list(names: Sequence[str], cap: int = MAX_NAMED) -> str:
    """Names joined by 、, the first ``cap`` only and the rest counted.

    >>> name_list(["甲", "乙", "丙"], cap=2)
    '甲、乙等 3 份（另 1 份未列出）'
    """
    if len(names) <= cap:
        return "、".join(names)
    return f"{'、'.join(names[:cap])}等 {len(names)} 份（另 {len(names) - cap} 份未列出）"


def report_names(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id → how the findings name the report: its issuer and year (``南湖市公安局 2022``),
    with the doc_id added when two reports would share a name, the doc_id alone when there
    is no issuer."""
    read = documents[documents.error == ""]
    issuer, doc_id = read.issuer.fillna("").astype(str), read.doc_id.astype(str)
    named = (issuer + " " + read.year.astype("string").fillna("")).where(
        (issuer != "") & read.year.notna(), issuer.where(issuer != "", doc_id))
    shared = named.duplicated(keep=False)  # a name two reports would share gets their doc_ids
    named = named.where(~shared, named + "（" + doc_id + "）")
    return dict(zip(doc_id, named, strict=True))


def overview(documents: pd.DataFrame) -> Overview:
    """Reports, issuers, issuer types, levels, years and failures of the ``documents`` table."""
    read = documents[documents.error == ""]
    return Overview(
        reports=len(read), issuers=read.issuer.nunique(), issuer_types=read.issuer_type.nunique(),
        levels={level: int(n) for level, n in read.level.value_counts().reindex(LEVELS).dropna().items()},
        years=tuple(sorted(int(y) for y in read.year.dropna().unique())), failures=len(documents) - len(read))


def _pct(share: float, digits: int = 0) -> str:
    return f"{share:.{digits}%}"


def _coverage(coverage: pd.DataFrame) -> Finding:
    """Per required part: the share of reports covering it, with a heading and by content only."""
    reports = coverage.doc_id.nunique()
    names = active().parts.names
    shares, parts = {}, []
    for part in REQUIRED_PARTS:
        evidence = coverage.evidence[coverage.required_part == part]
        heading, content = (evidence == "heading").sum() / reports, (evidence == "content").sum() / reports
        shares[part] = {"covered": float(heading + content), "heading": float(heading), "content": float(content)}
        parts.append(f"{names[part]} {_pct(heading + content)}（标题 {_pct(heading)}，仅内容 {_pct(content)}）")
    return Finding("coverage", f"{reports} 份报告覆盖各必报部分的比例：{'；'.join(parts)}。",
                   {"reports": reports, "shares": shares}, "coverage_matrix")


OPTIONAL_PARTS = frozenset({"other"})
"""Required parts whose absence is no gap: 其他情况 is written only when there is another
matter to report, and most reports rightly have none."""
EXPECTED_PARTS = tuple(p for p in REQUIRED_PARTS if p not in OPTIONAL_PARTS)
"""The required parts every report should cover."""


def missing_parts(coverage: pd.DataFrame) -> dict[str, list[str]]:
    """doc_id → the :data:`EXPECTED_PARTS` it does not cover (evidence ``none``), for reports
    missing any: those missing most first, else in the order of the coverage table."""
    missing = coverage[(coverage.evidence == "none") & coverage.required_part.isin(EXPECTED_PARTS)]
    parts = {d: list(p) for d, p in missing.groupby("doc_id", sort=False).required_part}
    return dict(sorted(parts.items(), key=lambda item: -len(item[1])))


def _missing(coverage: pd.DataFrame, name: dict[str, str]) -> Finding:
    missing = missing_parts(coverage)
    labels = active().parts.names
    per_part = {p: sum(p in parts for parts in missing.values()) for p in EXPECTED_PARTS}
    counts = "，".join(f"{labels[p]} {n} 份" for p, n in sorted(per_part.items(), key=lambda x: -x[1]) if n)
    reports = [name[d] for d in missing]
    optional = "其他情况只在有事项时才写，不计"
    text = (f"{len(missing)} 份报告缺少至少一项必报内容（{counts}；{optional}）：{name_list(reports)}。" if missing
            else f"每份报告都覆盖了前四项必报内容（{optional}）。")
    return Finding("missing_parts", text, {"count": len(missing), "per_part": per_part, "reports": reports},
                   "coverage_matrix")


def _late(scorecard: pd.DataFrame, name: dict[str, str]) -> Finding:
    """Reports not published before 1 April of the year after the report year (``on_time``)."""
    late = scorecard[scorecard.on_time.eq(False)]
    undated = int(scorecard.on_time.isna().sum())
    dated = len(scorecard) - undated
    reports = [f"{name[r.doc_id]}（{r.publish_date}）" for r in late.itertuples()]
    when = "报告年度次年 4 月 1 日前发布"
    text = (f"有发布日期的 {dated} 份报告中 {len(late)} 份未在{when}：{name_list(reports)}" if reports
            else f"有发布日期的 {dated} 份报告均在{when}") + f"；另有 {undated} 份未找到发布日期。"
    return Finding("late", text, {"dated": dated, "late": len(late), "undated": undated, "reports": reports},
                   "scorecard")


def _concreteness(scorecard: pd.DataFrame, name: dict[str, str]) -> Finding | None:
    """The reports whose problems part is the most and the least concrete (``problems_concrete``),
    the least concrete ordered by how generic they are (``problems_generic``, most first)."""
    scored = scorecard.dropna(subset=["problems_concrete"])
    if scored.empty:
        return None
    high, low = float(scored.problems_concrete.max()), float(scored.problems_concrete.min())
    most = [name[d] for d in scored.doc_id[scored.problems_concrete == high]]
    bottom = scored[scored.problems_concrete == low].sort_values("problems_generic", ascending=False, kind="stable")
    least = [name[d] for d in bottom.doc_id]
    generic_only = int((scored.problems_generic == 1).sum())
    named = " 的句子点明原因、数字或文件"
    spread = (f"最具体的是 {name_list(most)}，{_pct(high)}{named}；最空泛的 {len(least)} 份只有 {_pct(low)}："
              f"{name_list(least)}" if high > low else f"每份都是 {_pct(high)}{named}")
    text = f"{len(scored)} 份报告写有“不足和原因”：{spread}；其中 {generic_only} 份通篇只有套话。"
    return Finding("problems_concreteness", text,
                   {"scored": len(scored), "most": most, "most_share": high, "least": least, "least_share": low,
                    "generic_only": generic_only}, "scorecard")


def top_source(reuse_sentences: pd.DataFrame, issuer_of: Mapping[str, str], doc_id: str) -> tuple[str, int] | None:
    """The report of another issuer that shares the most of ``doc_id``'s text, and how many
    of ``doc_id``'s characters it shares: each of ``doc_id``'s shared sentences counts for
    every other issuer's report in its cluster. None when no other issuer shares any."""
    own = reuse_sentences[reuse_sentences.doc_id == doc_id]
    others = reuse_sentences[reuse_sentences.cluster.isin(own.cluster)
                             & (reuse_sentences.doc_id.map(issuer_of) != issuer_of[doc_id])]
    if others.empty:
        return None
    pairs = own.assign(chars=own.end - own.start)[["cluster", "chars"]].merge(
        others[["cluster", "doc_id"]].drop_duplicates(), on="cluster")
    shared = pairs.groupby("doc_id").chars.sum().sort_values(ascending=False, kind="stable")
    return str(shared.index[0]), int(shared.iloc[0])


def _reuse(reuse: pd.DataFrame, reuse_sentences: pd.DataFrame, name: dict[str, str]) -> Finding | None:
    if reuse.empty or reuse.reused_share.max() == 0:
        return None
    top = reuse.sort_values("reused_share", ascending=False, kind="stable").iloc[0]
    source = top_source(reuse_sentences, dict(zip(reuse.doc_id, reuse.issuer, strict=True)), top.doc_id)
    by = f"，与之共享最多的是 {name[source[0]]}（{source[1]} 字）" if source else ""
    text = (f"复用比例最高的是 {name[top.doc_id]}：{_pct(top.reused_share, 1)} 的字符与其他 "
            f"{top.source_issuers} 个发布机关的报告近乎相同{by}。")
    return Finding("reuse", text, {"report": name[top.doc_id], "share": float(top.reused_share),
                                   "source_issuers": int(top.source_issuers),
                                   "source": name[source[0]] if source else None,
                                   "source_chars": source[1] if source else 0}, "reuse")


def _follow_through(rates: pd.DataFrame, name: dict[str, str]) -> Finding | None:
    if rates.empty:
        return None
    items, realised = int(rates["items"].sum()), int(rates.realised.sum())
    low = rates.rate.min()
    lowest = [name[d] for d in rates.doc_id[rates.rate == low]]
    text = (f"{len(rates)} 份有次年报告可对照的报告共提出 {items} 项安排，{realised} 项（{_pct(realised / items)}）"
            f"在次年成效中找到相近表述；兑现率最低的是 {name_list(lowest)}（{_pct(low)}）。")
    return Finding("follow_through", text, {"pairs": len(rates), "items": items, "realised": realised,
                                            "rate": realised / items, "lowest": lowest, "lowest_rate": float(low)},
                   "follow_through")


def _indicators(indicators: pd.DataFrame, top: int = 3) -> Finding | None:
    """The categories with the most indicators, and the ``what`` that most reports count."""
    counted = indicators.loc[~indicators.zero_claim, ["doc_id", "category", "what"]]  # not a copy of every column
    if counted.empty:
        return None
    categories = counted.groupby("category").agg(indicators=("doc_id", "size"), reports=("doc_id", "nunique"))
    categories = categories.sort_values(["indicators", "reports"], ascending=False, kind="stable").head(top)
    whats = counted[counted.what != ""].groupby("what").agg(reports=("doc_id", "nunique"),
                                                             indicators=("doc_id", "size"))
    whats = whats.sort_values(["reports", "indicators"], ascending=False, kind="stable").head(top)
    text = (f"{counted.doc_id.nunique()} 份报告共给出 {len(counted)} 个数字指标，最多的领域是 "
            + "、".join(f"{c}（{r.indicators} 个，{r.reports} 份报告）" for c, r in categories.iterrows())
            + "；被最多报告统计的是 "
            + "、".join(f"{w}（{r.reports} 份报告）" for w, r in whats.iterrows()) + "。")
    return Finding("indicators", text, {
        "indicators": len(counted), "categories": {c: int(r.indicators) for c, r in categories.iterrows()},
        "what": {w: int(r.reports) for w, r in whats.iterrows()}}, "indicators")


def findings(tables: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """The findings the tables at hand allow, in the order ``report.html`` shows them; none
    when no report was read."""
    if "documents" not in tables or (tables["documents"].error != "").all():
        return []
    name = report_names(tables["documents"])
    out: list[Finding | None] = []
    if "coverage" in tables:
        out += [_coverage(tables["coverage"]), _missing(tables["coverage"], name)]
    if "scorecard" in tables:
        out += [_late(tables["scorecard"], name), _concreteness(tables["scorecard"], name)]
    if "reuse" in tables and "reuse_sentences" in tables:
        out.append(_reuse(tables["reuse"], tables["reuse_sentences"], name))
    if "follow_through" in tables:
        out.append(_follow_through(tables["follow_through"], name))
    if "indicators" in tables:
        out.append(_indicators(tables["indicators"]))
    return [f for f in out if f is not None]


def alerts(tables: Mapping[str, pd.DataFrame], *, reuse_threshold: float = REUSE_ALERT) -> list[Alert]:
    """The alerts that flag at least one report, from the tables at hand."""
    if "documents" not in tables:
        return []
    documents = tables["documents"]
    name = report_names(documents)
    out = []
    if "coverage" in tables:
        labels = active().parts.names
        rule = "前四项必报内容中至少一项既无标题也无相应内容（其他情况不计）"
        out.append(Alert("missing_parts", "缺少必报内容", rule,
                         tuple(f"{name[d]}（缺{'、'.join(labels[p] for p in parts)}）"
                               for d, parts in missing_parts(tables["coverage"]).items()), "coverage_matrix"))
    if "scorecard" in tables:
        card = tables["scorecard"]
        out.append(Alert("late", "逾期发布", "发布日期不早于报告年度次年 4 月 1 日",
                         tuple(name[d] for d in card.doc_id[card.on_time.eq(False)]), "scorecard"))
        out.append(Alert("generic_problems", "问题部分只有套话", "“不足和原因”的每一句都只由套话组成",
                         tuple(name[d] for d in card.doc_id[card.problems_generic.eq(1)]), "scorecard"))
    if "reuse" in tables:
        reuse = tables["reuse"]
        out.append(Alert("reused", "高度复用", f"与其他发布机关报告近乎相同的字符占比 ≥ {_pct(reuse_threshold)}",
                         tuple(f"{name[r.doc_id]}（{_pct(r.reused_share, 1)}）"
                               for r in reuse[reuse.reused_share >= reuse_threshold].sort_values(
                                   "reused_share", ascending=False, kind="stable").itertuples()), "reuse"))
    if "indicators" in tables:
        counted = set(tables["indicators"].doc_id[~tables["indicators"].zero_claim])
        out.append(Alert("no_indicators", "没有数字指标", "全文没有一个数字指标（“未发生”之类的零值声明不计）",
                         tuple(n for d, n in name.items() if d not in counted), "indicators"))
    warned = documents[(documents.error == "") & (documents.warnings != "")]
    out.append(Alert("warnings", "读取有损", "读取时有内容丢失（documents 表的 warnings 列）",
                     tuple(f"{name[r.doc_id]}（{r.warnings}）" for r in warned.itertuples()), "documents"))
    failed = documents[documents.error != ""]
    out.append(Alert("failed", "无法读取", "文件无法读取（errors 表）",
                     tuple(failed.error),  # the message names the file
                     "errors" if "errors" in tables else "documents"))
    return [a for a in out if a.reports]
