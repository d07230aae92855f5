"""The HTML pages ``lawtext analyze`` writes besides the tables: one page per report
(``reports/<name>.html``: its section tree, its full text with every heading, indicator, zero
claim and measure highlighted where the tables put it, and its scorecard row), the frame that
``report.html`` and these pages share, and the one subset of the bundled Noto Sans CJK font
they all use (embedded in ``report.html``, a script beside the pages), so that their Chinese
shows on a machine without CJK fonts.

Highlights come from the tables' character offsets (``start``/``end`` into the report's
normalised text), never from searching the text; the ``n``-th indicator of a report in the
``indicators`` table is ``#ind-<n>`` on its page, which is what ``report.html`` links to
(:func:`highlight_ids`)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from lawtext.frames import records
from lawtext.model import Document

REPORTS_DIR = "reports"
"""The folder of the report pages, beside ``report.html``."""

FONT_FAMILY = "lawtext-cjk"
"""The family of the embedded subsets of Noto Sans CJK SC."""
FONT_SCRIPT = "font.js"
"""In :data:`REPORTS_DIR`: the script every report page loads, which registers one subset of
the font holding every character of every page (a script, not a font file: browsers load
fonts from ``file://`` pages only from the page itself, scripts from beside it)."""

_UNSAFE = re.compile(r"[\\/:*?\"<>|#%&\x00-\x1f\x7f]")


def page_name(doc_id: str) -> str:
    """The path of a report's page relative to ``report.html``: ``reports/`` and its
    ``doc_id`` made a file name (``/`` and other characters a file name or URL cannot hold
    replaced by ``_``, then a hash of the ``doc_id`` so that two names never meet)."""
    name = _UNSAFE.sub("_", doc_id)
    if name != doc_id or len(name.encode()) > 200:
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        name = f"{name.encode()[:180].decode(errors='ignore')}-{digest}"
    return f"{REPORTS_DIR}/{name}.html"


def highlight_ids(frame: pd.DataFrame, prefix: str) -> pd.Series:
    """The element id of each row of a per-report table on its report's page:
    ``<prefix>-<n>``, ``n`` counting the report's rows from 0 in table order."""
    return prefix + "-" + frame.groupby("doc_id", sort=False).cumcount().astype(str)


def number(value: float) -> str:
    """A table's number as a reader writes it: 240, 1.5, 12000000."""
    return f"{value:.10g}"


def html_page(title: str, css: str, body: str, *, head: str = "") -> str:
    """A whole page: UTF-8, Chinese, ``css`` in the head (then ``head``), ``body``."""
    return "".join(html_parts(title, css, [body], head=head))


Part = TypeVar("Part", bound=str | Path)
"""A part of a page: its text, or the UTF-8 file that holds it (:func:`lawtext.output.write_text`)."""


def html_parts(title: str, css: str, body: Sequence[Part], *, head: str = "") -> list[str | Part]:
    """:func:`html_page` in parts, never joined (a page of thousands of reports is long):
    the head up to its end (where more may go), its end and the body's start, the parts of
    ``body`` (text, or files that hold it: :func:`lawtext.output.write_text`), the end."""
    return [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
            f"<style>{css}</style>{head}", "</head><body>", *body, "</body></html>"]


BASE_CSS = f"""
body {{ font-family: "{FONT_FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC",
       "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em;
       color: #222; line-height: 1.5; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 2px solid #2a7ab0; padding-bottom: .2em; margin-top: 2em; }}
a {{ color: #1f5f8b; }} button, input, select {{ font-family: inherit; }}
.note, .empty {{ color: #666; font-size: .85em; }}
table.card {{ border-collapse: collapse; font-size: .9em; }}
table.card th, table.card td {{ border: 1px solid #ddd; padding: 2px 8px; text-align: left; }}
table.card th {{ background: #eef4fa; font-weight: normal; }}
"""
"""The style ``report.html`` and the report pages share."""

_PAGE_CSS = """
.meta { color: #555; } .meta code { font-family: inherit; background: #f2f2f2; padding: 0 .3em; }
ol.tree, ol.tree ol { list-style: none; padding-left: 1.4em; margin: .1em 0; } ol.tree { padding-left: 0; }
.lvl { color: #888; font-size: .8em; } .part { background: #e8f1e4; color: #2d6a1f; border-radius: 3px;
  padding: 0 .4em; font-size: .8em; }
.legend span { margin-right: 1em; } .legend .hd, .legend mark { padding: 0 .3em; }
.text { white-space: pre-wrap; line-height: 1.9; border: 1px solid #e3e3e3; padding: 1em 1.2em;
  background: #fff; }
.text .hd { font-weight: bold; color: #12466e; background: #e6eef7; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.ind { background: #ffe58a; } mark.zero { background: #ffc9c9; } mark.mea { background: #d3ecd0; }
mark.ind, mark.zero { font-weight: bold; }
mark.mea mark { box-shadow: 0 0 0 1px #b8860b inset; }
:target { outline: 3px solid #d35400; outline-offset: 1px; scroll-margin-top: 40vh; }
"""

_KINDS = (("hd", "标题（章节）"), ("ind", "量化指标"), ("zero", "零发生声明"), ("mea", "举措"))
"""The highlight classes of a report page and their legend."""


@dataclass(frozen=True)
class _Mark:
    """One highlight: ``text[start:end]`` in an element of ``cls`` with ``id`` and a hover ``title``."""

    start: int
    end: int
    rank: int
    """Nesting when two start together: the lower rank encloses (a heading, a measure, an indicator)."""
    tag: str
    cls: str
    id: str
    title: str


Rows = list[dict[Any, Any]]
"""One report's rows of a table, as records (column → value)."""


PAGE_COLUMNS = {
    "sections": ["doc_id", "section_id", "parent_id", "level", "number", "title", "required_part", "start"],
    "indicators": ["doc_id", "start", "end", "value", "value_max", "unit", "approx", "zero_claim", "what", "category"],
    "measures": ["doc_id", "start", "end", "action", "object", "category", "planned"],
}
"""The columns of each table a report page shows (records of only these: the tables have
long text columns, the sentences, that the pages do not need)."""


def _by_report(frame: pd.DataFrame, table: str, prefix: str = "") -> dict[str, Rows]:
    """The rows of the per-report ``table`` as records of its :data:`PAGE_COLUMNS`, by
    ``doc_id`` (made once for the whole table); with ``prefix``, each with the ``mark_id`` of
    its highlight (:func:`highlight_ids`)."""
    rows = records(frame[PAGE_COLUMNS[table]])
    ids = highlight_ids(frame, prefix).tolist() if prefix else [""] * len(rows)
    out: dict[str, Rows] = {}
    for row, mark_id in zip(rows, ids, strict=True):
        row["mark_id"] = mark_id
        out.setdefault(str(row["doc_id"]), []).append(row)
    return out


def _marks(sections: Rows, indicators: Rows, measures: Rows, headings: Mapping[str, int]) -> list[_Mark]:
    """The highlights of one report, from its rows of the three tables."""
    marks = [_Mark(s["start"], headings[s["section_id"]], 0, "span", "hd", f"sec-{s['section_id']}",
                   f"第 {s['level']} 级标题" + (f"；必报部分：{s['required_part']}" if s["required_part"] else ""))
             for s in sections]
    for m in measures:
        title = (f"举措：{m['action']}；对象：{m['object']}；类别：{m['category']}"
                 + ("；下一年度计划" if m["planned"] else ""))
        marks.append(_Mark(m["start"], m["end"], 1, "mark", "mea", m["mark_id"], title))
    for i in indicators:
        value = number(i["value"]) + (f"–{number(i['value_max'])}" if pd.notna(i["value_max"]) else "")
        title = (f"内容（what）：{i['what']}；数值：{value}；单位：{i['unit'] or '—'}；类别：{i['category']}"
                 + (f"；约数：{i['approx']}" if i["approx"] else "") + ("；零发生声明" if i["zero_claim"] else ""))
        marks.append(_Mark(i["start"], i["end"], 2, "mark", "zero" if i["zero_claim"] else "ind", i["mark_id"],
                           title))
    return sorted(marks, key=lambda m: (m.start, -m.end, m.rank))


def highlighted(text: str, marks: list[_Mark]) -> str:
    """``text`` as HTML with each mark wrapped in its element (sorted by start, enclosing
    marks first). Marks nest; one that would cross the end of an enclosing one is cut there."""
    out: list[str] = []
    open_: list[tuple[int, str]] = []  # (end, closing tag) of the open elements, innermost last
    pos = 0
    escape = html.escape if _ESCAPED.search(text) else str  # most reports hold none: their pieces stay as they are

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ and open_[-1][0] <= limit:
            end, tag = open_.pop()
            out.append(escape(text[pos:end]) + tag)
            pos = end

    for m in marks:
        close_until(m.start)
        end = min(m.end, open_[-1][0]) if open_ else m.end
        if end <= m.start:
            continue
        out.append(escape(text[pos:m.start]))
        pos = m.start
        out.append(f"<{m.tag} class='{m.cls}' id='{m.id}' title='{html.escape(m.title)}'>")
        open_.append((end, f"</{m.tag}>"))
    close_until(len(text))
    out.append(escape(text[pos:]))
    return "".join(out)


_ESCAPED = re.compile("[&<>\"']")
"""The characters ``html.escape`` replaces."""


def _tree(sections: Rows) -> str:
    """The section tree as nested lists, each heading linking to its place in the text."""
    children: dict[str, Rows] = {}
    for s in sections:
        children.setdefault(s["parent_id"], []).append(s)

    def items(parent: str) -> str:
        rows = []
        for s in children.get(parent, []):
            part = f" <span class='part'>{html.escape(s['required_part'])}</span>" if s["required_part"] else ""
            sub = items(s["section_id"])
            rows.append(f"<li><span class='lvl'>L{s['level']}</span> <a href='#sec-{html.escape(s['section_id'])}'>"
                        f"{html.escape(s['number'])}{html.escape(s['title'])}</a>{part}"
                        + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
        return "".join(rows)

    return f"<ol class='tree'>{items('')}</ol>" if len(sections) else "<p class='empty'>（未识别出标题）</p>"


def _card(row: Mapping[Any, Any] | None) -> str:
    """The report's scorecard row, one line per measure."""
    if row is None:
        return "<p class='empty'>（本次未生成 scorecard 表）</p>"
    cells = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{'' if pd.isna(v) else html.escape(str(v))}</td></tr>"
                    for k, v in row.items() if k != "doc_id")
    return f"<table class='card'>{cells}</table>"


def report_page(doc: Document, sections: Rows, indicators: Rows, measures: Rows,
                scorecard: Mapping[Any, Any] | None) -> str:
    """The page of one report (its font: :data:`FONT_SCRIPT`), from its rows of the
    ``sections``, ``indicators`` and ``measures`` tables (offsets into ``doc.text``) and its
    ``scorecard`` row (None when that table was not built)."""
    headings = {s.section_id: s.heading_end for s in doc.sections}
    text = highlighted(doc.text, _marks(sections, indicators, measures, headings))
    zero = sum(bool(i["zero_claim"]) for i in indicators)
    meta = doc.metadata
    legend = "".join(f"<span><{'span' if c == 'hd' else 'mark'} class='{c}'>{label}</{'span' if c == 'hd' else 'mark'}>"
                     f"</span>" for c, label in _KINDS)
    back = "../" * page_name(doc.doc_id).count("/")
    body = (f"<p><a href='{back}report.html'>← 返回总报告</a></p>"
            f"<h1>{html.escape(meta.title or doc.doc_id)}</h1>"
            f"<p class='meta'>{html.escape(meta.issuer)} · {meta.year or '年度不详'} · "
            f"<code>{html.escape(doc.doc_id)}</code>"
            f" · {doc.format} · {len(doc.text):,} 字 · 指标 {len(indicators) - zero} 个，零发生声明 {zero} 个，"
            f"举措 {len(measures)} 项</p>"
            f"<h2 id='scorecard'>评分卡</h2>{_card(scorecard)}"
            f"<h2 id='tree'>章节结构</h2>{_tree(sections)}"
            f"<h2 id='text'>全文</h2><p class='legend'>{legend}<small>（悬停查看提取结果）</small></p>"
            f"<div class='text'>{text}</div>")
    return html_page(meta.title or doc.doc_id, BASE_CSS + _PAGE_CSS, body,
                     head=f"<script src='{FONT_SCRIPT}'></script>")


PageInputs = tuple[str, Document, Rows, Rows, Rows, "Mapping[Any, Any] | None"]
"""What a report's page is made of: its path relative to ``report.html``, then the
arguments of :func:`report_page`."""


def page_inputs(docs: Sequence[Document], sections: pd.DataFrame, indicators: pd.DataFrame, measures: pd.DataFrame,
                scorecard: pd.DataFrame | None) -> Iterator[PageInputs]:
    """:data:`PageInputs` of each report, from the corpus's tables."""
    heads, numbers = _by_report(sections, "sections"), _by_report(indicators, "indicators", "ind")
    claims = _by_report(measures, "measures", "mea")
    cards = {} if scorecard is None else {row["doc_id"]: row for row in records(scorecard)}
    for doc in docs:
        yield (page_name(doc.doc_id), doc, heads.get(doc.doc_id, []), numbers.get(doc.doc_id, []),
               claims.get(doc.doc_id, []), cards.get(doc.doc_id))


@cache
def _cjk_face() -> tuple[str, int]:
    """The bundled Noto Sans CJK collection and the index of its Simplified Chinese face."""
    from fontTools.ttLib import TTCollection
    from noto_cjk import otc_path

    path = str(otc_path("sans"))
    collection = TTCollection(path, lazy=True)
    names = [font["name"].getDebugName(1) for font in collection.fonts]
    return path, names.index("Noto Sans CJK SC")


_DROPPED = ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx")
"""Tables of the face that the subset leaves out: layout and vertical metrics."""


class Characters:
    """The characters of many texts, noted as they come, for the font's cut: a flag per
    code point, set for a whole text at once (a set of a text's characters makes a string
    object per character; pages and tables hold millions).

    >>> sorted(Characters(["法治政府", "政府 2023"]).chars())
    [' ', '0', '2', '3', '府', '政', '治', '法']
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._seen = np.zeros(sys.maxunicode + 1, dtype=bool)
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Note the characters of ``text``."""
        self._seen[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)] = True

    def chars(self) -> frozenset[str]:
        """Every character noted."""
        return frozenset(map(chr, np.flatnonzero(self._seen).tolist()))


def font_subset(chars: Iterable[str]) -> str:
    """The face cut down to the characters ``chars`` (those it draws), without hints and
    layout tables, as base64 WOFF: the font of ``report.html`` and the report pages.

    HarfBuzz's subsetter (uharfbuzz) cuts the face in a hundredth of the time fontTools'
    takes; fontTools wraps the cut as WOFF (each table zlib-compressed). Not WOFF2: brotli
    at its best takes longer than the subsetting, for a file about a tenth smaller."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    path, index = _cjk_face()
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(map(ord, chars))
    wanted.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).clear()  # no features: no glyph reached through them
    wanted.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(int.from_bytes(t.encode("ascii"), "big") for t in _DROPPED)
    names = wanted.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.update((1, 2))  # the family and style names
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(hb.Face(hb.Blob.from_file_path(path), index), wanted)
    if cut is None:
        raise RuntimeError(f"HarfBuzz could not cut the font {path}")
    font = TTFont(io.BytesIO(cut.blob.data), recalcBBoxes=False, recalcTimestamp=False)  # the same bytes every run
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    return base64.b64encode(out.getvalue()).decode("ascii")


def embedded_font(font: str) -> str:
    """The ``<style>`` that embeds ``font`` (:func:`font_subset`) as :data:`FONT_FAMILY`: for
    a page that stands alone, ``report.html``."""
    return (f"<style>@font-face{{font-family:'{FONT_FAMILY}';"
            f"src:url(data:font/woff;base64,{font}) format('woff')}}</style>")


def font_script(font: str) -> bytes:
    """:data:`FONT_SCRIPT`: registers ``font`` (:func:`font_subset`) as :data:`FONT_FAMILY`
    for the pages that load it."""
    return (f'document.fonts.add(new FontFace("{FONT_FAMILY}", '
            f'Uint8Array.from(atob("{font}"), c => c.charCodeAt(0))));\n').encode("ascii")
