"""Everything ``lawtext analyze`` writes: all tables (CSV + Parquet, or the formats asked
for: :mod:`lawtext.exports`) with their data dictionary, charts (PNG, and SVG on request) and one
self-contained ``report.html`` (charts embedded, no external assets)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import multiprocessing
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from lawtext.cache import read_entry, write_entry
from lawtext.compare.findings import Alert, Finding, Overview, alerts, findings, overview
from lawtext.corpus import Corpus, files_fingerprint, report_files, typed_table
from lawtext.exports import check_formats, write_shared, write_table
from lawtext.limits import forking, return_freed_memory
from lawtext.model import Document
from lawtext.output import hashed_copy, write_bytes, write_text
from lawtext.pages import (
    BASE_CSS,
    FONT_SCRIPT,
    PAGE_COLUMNS,
    REPORTS_DIR,
    Characters,
    Part,
    embedded_font,
    font_script,
    font_subset,
    highlight_ids,
    html_parts,
    page_inputs,
    page_name,
    report_page,
)
from lawtext.rules import LEVEL_NAMES, Rules, active, use
from lawtext.tables import MAX_ROWS, TABLES, keyness_split

DEFAULT_TITLE = "法治政府建设情况报告比较"
"""The title of ``report.html`` unless one is given."""


@dataclass
class Analysis:
    """Tables of a corpus, by name, the keyness groups used, and what the tables show
    (:mod:`lawtext.compare.findings`), which opens ``report.html``."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    keyness_groups: str = ""
    overview: Overview | None = None
    """What the corpus holds (from its ``documents`` table, built for it whatever the tables asked)."""
    findings: list[Finding] = field(default_factory=list)
    """The findings whose evidence table is among ``tables``."""
    alerts: list[Alert] = field(default_factory=list)
    """The alerts whose table is among ``tables``."""


T = TypeVar("T")
Progress = Callable[..., Iterator[Any]]
"""Wraps a stream of steps for display: ``progress(steps, total=n, desc="…")`` (e.g. tqdm)."""


def _steps(progress: Progress | None, steps: list[T], desc: str) -> Iterable[T]:
    return progress(steps, total=len(steps), desc=desc) if progress else steps


def analyze(corpus: Corpus, names: Iterable[str] | None = None, *, progress: Progress | None = None) -> Analysis:
    """The tables ``names`` of the registry (all by default), each built once; ``progress``
    shows them being built."""
    tables = {name: corpus.table(name) for name in _steps(progress, _table_names(names), "tables")}
    return _analysis(corpus, tables)


def _table_names(names: Iterable[str] | None) -> list[str]:
    """``names`` (all the registry's when None), each checked: a KeyError names the unknown."""
    names = list(TABLES) if names is None else list(names)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise KeyError(f"no table {', '.join(map(repr, unknown))}; tables: {', '.join(TABLES)}")
    return names


def _analysis(corpus: Corpus, tables: dict[str, pd.DataFrame]) -> Analysis:
    """``tables`` of ``corpus`` with the keyness groups, the overview, the findings and the alerts."""
    documents = corpus.table("documents")
    every = {"documents": documents, **tables}  # the documents name the reports of every finding
    return Analysis(tables, keyness_split(corpus)[1], overview(documents),
                    [f for f in findings(every) if f.table in tables], [a for a in alerts(every) if a.table in tables])


def _drawings(tables: Mapping[str, pd.DataFrame], out: Path, corpus: Corpus | None, groups: str,
              formats: tuple[str, ...] = ("png",)) -> dict[str, _Drawing]:
    """Every chart the registry declares for ``tables``, by name, to be saved in
    ``formats`` (PNG first: report.html embeds it); ``groups`` names the keyness groups. A
    chart that also reads other tables (``Chart.inputs``) takes them from ``tables``, else
    from ``corpus``; one whose rows are reports (``Chart.small``) is drawn only for a table
    of at most ``MAX_ROWS`` reports."""

    def table(name: str) -> pd.DataFrame | None:
        if name in tables:
            return tables[name]
        return corpus.table(name) if corpus is not None else None

    wanted = [(name, chart) for name, frame in tables.items() if not frame.empty
              for chart in TABLES[name].charts
              if all(table(n) is not None for n in chart.inputs)
              and not (chart.small and frame.doc_id.nunique() > MAX_ROWS)]
    drawings = {}
    for name, chart in wanted:
        options: dict[str, Any] = {**dict(chart.options), **{n: table(n) for n in chart.inputs}}
        if chart.groups:
            options["groups"] = groups
        frame = tables[name][list(chart.columns)] if chart.columns else tables[name]
        drawings[chart.name] = _Drawing(chart.function, frame, options, out / "charts" / chart.name, formats)
    return drawings


def _charts(analysis: Analysis, out: Path, progress: Progress | None = None, *,
            corpus: Corpus | None = None, jobs: int = 1) -> dict[str, Path]:
    """Every chart of :func:`_drawings` as PNG, by name; drawn in ``jobs`` processes (the
    same files whatever their number)."""
    drawings = _drawings(analysis.tables, out, corpus, analysis.keyness_groups)
    with Workers(jobs, corpus.rules if corpus is not None else None) as tasks:
        drawn = [tasks.submit(d) for d in drawings.values()]
        return {name: paths[0] for name, paths in zip(drawings, _results(drawn, progress, "charts"), strict=True)}


@dataclass(frozen=True)
class _Drawing:
    """One chart to draw: the :mod:`lawtext.plot` function, its table and options, the
    path (without suffix) of its files and their formats."""

    function: str
    frame: pd.DataFrame
    options: dict[str, Any]
    path: Path
    formats: tuple[str, ...]

    def __call__(self) -> list[Path]:
        """Draw and save the chart (in this process or a pool's); its files, in ``formats`` order."""
        from lawtext import plot  # matplotlib: imported when charts are drawn (a fast CLI start)

        ax = getattr(plot, self.function)(self.frame, **self.options)
        return plot.save(ax, self.path, self.formats)


@dataclass(frozen=True)
class _Pages:
    """Report pages to write into ``out``: those of ``docs``, from their rows of the
    corpus's tables (``tables``: sections, indicators, measures, and scorecard when built)."""

    out: Path
    docs: Sequence[Document]
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame | None]

    def __call__(self) -> _PagesDone:
        """Write the pages (in this process or a pool's); their paths and the characters
        they hold (for their font)."""
        paths, chars = [], Characters()
        for name, doc, sections, indicators, measures, card in page_inputs(self.docs, *self.tables):
            page = report_page(doc, sections, indicators, measures, card)
            chars.add(page)
            paths.append(write_bytes(self.out / name, page.encode("utf-8")))
        return paths, chars.chars()


_PagesDone = tuple[list[Path], frozenset[str]]
"""What a :class:`_Pages` task gives: the pages it wrote and the characters they hold."""

_PAGES_AT_ONCE = 50
"""Report pages written by one task of the pool."""


def _page_tasks(corpus: Corpus, scorecard: pd.DataFrame | None, out: Path) -> list[_Pages]:
    """The report pages of ``corpus``, :data:`_PAGES_AT_ONCE` to a task, each with its
    reports' rows of the tables and of ``scorecard`` (None when that table is not built; so
    that the workers, not this process, turn them into records)."""
    tables = [corpus.table(name)[PAGE_COLUMNS[name]] for name in ("sections", "indicators", "measures")]
    rows = [frame.groupby("doc_id", sort=False).indices for frame in tables]
    if scorecard is not None:
        tables.append(scorecard)
        rows.append(scorecard.groupby("doc_id", sort=False).indices)
    none = np.array([], dtype=np.intp)
    tasks = []
    for lo in range(0, len(corpus.docs), _PAGES_AT_ONCE):
        # a page does not show the report's sentences: not pickled to the worker (a third of the time)
        docs = [replace(doc, sentences=()) for doc in corpus.docs[lo:lo + _PAGES_AT_ONCE]]
        sections, indicators, measures, *card = [frame.take(np.concatenate([where.get(d.doc_id, none) for d in docs]))
                                                 for frame, where in zip(tables, rows, strict=True)]
        tasks.append(_Pages(out, docs, (sections, indicators, measures, card[0] if card else None)))
    return tasks


@dataclass(frozen=True)
class _Write:
    """A table to write in the per-table formats (:func:`lawtext.exports.write_table`) but
    Parquet and, when ``report.html`` shows it, to render for it (its rows linking to the
    report ``pages``). Sent to a worker, it carries the path of the table's Parquet file
    (``parquet``, which the caller wrote), not the table: a long table is not pickled
    through a pipe."""

    frame: pd.DataFrame | None
    parquet: Path
    out: Path
    name: str
    formats: tuple[str, ...]
    pages: Mapping[str, str]
    markup: Path
    """Where its markup in report.html goes (a scratch file: report.html is written from
    it, and the main process never holds the markup of every table at once)."""

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "frame": None}  # the worker reads the Parquet file

    def __call__(self) -> tuple[list[Path], Rendered | None]:
        """Write it and render it (in this process or a pool's); the files written and the
        rendering (None when not shown)."""
        frame = self.frame if self.frame is not None else typed_table(self.name, pd.read_parquet(self.parquet))
        shown = _shown(self.name, frame)
        files = write_table(frame, self.out, self.name, [f for f in self.formats if f != "parquet"])
        if shown is None:
            return files, None
        return files, (write_text(self.markup, [_table_html(self.name, shown, self.pages)]), _shown_chars(shown))


def _set_up_worker(rules: Rules) -> None:
    """Set up a process of :class:`Workers`: ``rules`` in force, matplotlib and the CJK
    font loaded before its first chart."""
    from lawtext import plot

    use(rules)
    plot.cjk_family()


class Workers:
    """The processes that write the tables, draw the charts and make the report pages of
    :func:`write_analysis`: ``jobs`` forked processes under ``rules`` (default: those in
    force), none with one job or where processes cannot be forked (the work is then done
    here, when its result is asked for; the same files either way). A task starts as soon
    as it is submitted, so that charts are drawn and tables written while later tables are
    built.

    A process forked from this one begins as a copy of it: started before a large corpus is
    read (as ``lawtext analyze`` does), the workers hold none of its memory::

        with Workers(2) as workers:
            corpus = Corpus.from_folder("reports", jobs=2, lean=True)
            write_analysis(corpus, "out", workers=workers)
    """

    def __init__(self, jobs: int, rules: Rules | None = None) -> None:
        self.pool = None
        if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_set_up_worker, initargs=(rules or active(),))
            with forking():
                self.pool.submit(int)  # the processes are forked now, not when the first task comes

    def submit(self, task: Callable[[], T]) -> Callable[[], T]:
        """Start ``task`` (in a worker); a function that gives its result, waiting for it."""
        return task if self.pool is None else self.pool.submit(task).result

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _results(results: list[Callable[[], T]], progress: Progress | None, desc: str) -> list[T]:
    """The result of each submitted task (:meth:`Workers.submit`), in order."""
    return [result() for result in _steps(progress, results, desc)]


_LONG = 40
"""Characters of a long text cell shown before its full text is asked for (a click)."""
_LANGUAGE = {"search": "搜索：", "lengthMenu": "每页 _MENU_ 行", "info": "第 _START_–_END_ 行，共 _TOTAL_ 行",
             "infoEmpty": "共 0 行", "infoFiltered": "（从 _MAX_ 行中筛选）", "zeroRecords": "没有匹配的行",
             "buttons": {"colvis": "选择列", "csv": "下载 CSV（筛选后的行）"}}
"""DataTables' interface strings, in Chinese like the page."""


def _table_links(name: str, frame: pd.DataFrame, pages: Mapping[str, str]) -> dict[str, pd.Series]:
    """For each column of ``frame`` that names a report (``doc_id``, ``next_doc_id``), the
    link of each row to that report's page, "" for a report without one; an indicator or
    measure row links to its highlight (:func:`lawtext.pages.highlight_ids`)."""
    links = {}
    for column in ("doc_id", "next_doc_id"):
        if column in frame.columns:
            links[column] = frame[column].map(lambda d: pages.get(d, "")).astype(str)
    if name in ("indicators", "measures") and len(frame):
        ids = highlight_ids(frame, "ind" if name == "indicators" else "mea")
        links["doc_id"] = links["doc_id"].where(links["doc_id"] == "", links["doc_id"] + "#" + ids)
    return links


def _table_html(name: str, frame: pd.DataFrame, pages: Mapping[str, str]) -> str:
    """Table ``name`` as an interactive DataTable (:data:`_TABLES_JS` draws it): its rows as
    gzipped JSON (an array per row), each report column linking to the report's page
    (``pages``: page by ``doc_id``), long text cells cut to :data:`_LONG` characters."""
    if frame.empty:
        return _EMPTY
    links = _table_links(name, frame, pages)
    data = _gzipped_rows(frame.assign(**{f"{c} link": v for c, v in links.items()}))
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    spec = {"columns": [str(c) for c in frame.columns],
            "long": [frame.columns.get_loc(c) for c in text if frame[c].str.len().max() > _LONG],
            "links": {str(frame.columns.get_loc(c)): len(frame.columns) + i for i, c in enumerate(links)},
            "rows": base64.b64encode(data).decode("ascii")}
    return (f"<table id='dt-{name}' class='display compact'></table>"
            f"<script type='application/json' data-table='dt-{name}'>{json.dumps(spec, ensure_ascii=False)}</script>")


_EMPTY = "<p class='empty'>（无）</p>"
"""What report.html shows for a table without rows."""
_ROWS_AT_ONCE = 10_000
"""Rows turned into JSON at a time (:func:`_gzipped_rows`)."""


GZIP_LEVEL = 4
"""How hard report.html's table rows are compressed: level 6 takes twice as long for 6%
fewer bytes (on the rows of 1,000 reports), 9 longer again for 2% fewer."""


def _gzipped_rows(rows: pd.DataFrame) -> bytes:
    """``rows`` as a JSON array of arrays (one per row), gzipped (:data:`GZIP_LEVEL`, no
    date), made and compressed :data:`_ROWS_AT_ONCE` rows at a time: the JSON of a table
    of 100,000 rows is never in memory whole."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: with a gzip header
    out = []
    for lo in range(0, len(rows), _ROWS_AT_ONCE):
        chunk = rows.iloc[lo:lo + _ROWS_AT_ONCE].to_json(orient="values", force_ascii=False, double_precision=10)
        out.append(compressor.compress((("," if lo else "[") + chunk[1:-1]).encode("utf-8")))
    out.append(compressor.compress(b"]" if len(rows) else b"[]"))
    return b"".join(out) + compressor.flush()


_TABLES_JS = """
const {default: DataTable} = await window.lawtextDataTables;
const escape = s => String(s).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
async function rows(b64) {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}
const holders = [...document.querySelectorAll("script[data-table]")];
const specs = holders.map(holder => JSON.parse(holder.textContent));
const data = await Promise.all(specs.map(spec => rows(spec.rows)));
holders.forEach((holder, k) => {
  const spec = specs[k];
  const long = new Set(spec.long);
  const columns = spec.columns.map((title, i) => ({title, render: (v, type, row) => {
    if (type !== "display") return v ?? "";
    if (v === null) return "";
    const link = spec.links[i] === undefined ? "" : row[spec.links[i]];
    if (link) return `<a href="${escape(encodeURI(link))}">${escape(v)}</a>`;
    const s = String(v);
    if (long.has(i) && s.length > LONG)
      return `<details><summary>${escape(s.slice(0, LONG))}…</summary>${escape(s)}</details>`;
    return escape(s);
  }}));
  for (const _ of Object.keys(spec.links))
    columns.push({title: "", visible: false, searchable: false, className: "link"});
  new DataTable(document.getElementById(holder.dataset.table), {
    data: data[k], columns, deferRender: true, order: [], autoWidth: false,
    pageLength: 10, lengthMenu: [10, 25, 100, 500], language: LANGUAGE,
    columnControl: ["order", ["search"]],
    layout: {topStart: ["pageLength", "buttons"], topEnd: "search", bottomStart: "info", bottomEnd: "paging"},
    buttons: [{extend: "colvis", columns: ":not(.link)"},
              {extend: "csvHtml5", bom: true, title: holder.dataset.table.slice(3),
               exportOptions: {columns: ":visible:not(.link)", orthogonal: "export"}}],
  });
});
document.body.dataset.tablesDrawn = Math.round(performance.now());
"""
"""Draws every table of ``report.html`` with DataTables, once the bundle is loaded; then
marks the body ``data-tables-drawn`` with the milliseconds since the page was opened."""


def _datatables() -> str:
    """The DataTables build that ``itables`` ships (DataTables with its Buttons,
    ColumnControl … extensions, MIT), embedded once: its CSS as a style, its JavaScript as
    text that a small loader imports from memory (no network, no base64)."""
    from itables import options

    bundle = Path(options.dt_bundle)
    script = bundle.read_text(encoding="utf-8").replace("</script", "<\\/script").replace("<!--", "<\\!--")
    loader = ("const source = document.getElementById('datatables-bundle').textContent;"
              "const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));"
              "window.lawtextDataTables = import(url);")
    return (f"<style>{bundle.with_suffix('.css').read_text(encoding='utf-8')}</style>"
            f"<script type='text/plain' id='datatables-bundle'>{script}</script><script>{loader}</script>")


def _image(path: Path, caption: str) -> str:
    """The chart at ``path`` (PNG) embedded, its caption under it (its alt text: the caption's
    title, before the colon)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f"<figure id='chart-{html.escape(path.stem)}'><img alt='{html.escape(caption.split('：')[0])}' "
            f"src='data:image/png;base64,{data}'><figcaption>{html.escape(caption)}</figcaption></figure>")


_CSS = BASE_CSS + """
img { max-width: 100%; }
.stats { display: flex; flex-wrap: wrap; gap: .6em; margin: .8em 0; }
.stat { border: 1px solid #cfdde9; border-radius: 4px; padding: .3em .9em; background: #f6f9fc; min-width: 7em; }
.stat b { display: block; font-size: 1.5em; color: #2a7ab0; } .stat small { color: #666; }
ol.findings li { margin: .4em 0; } a.evidence { font-size: .85em; white-space: nowrap; }
table.alerts td { padding: 4px 8px; vertical-align: top; border-bottom: 1px solid #eee; }
.badge { display: inline-block; background: #c0392b; color: #fff; border-radius: 3px; padding: 0 .5em;
         font-size: .85em; white-space: nowrap; } .rule { color: #666; font-size: .85em; }
table.dataTable { font-size: .85em; } table.dataTable td { vertical-align: top; }
.dt-layout-table > .dt-layout-cell { overflow-x: auto; }
table.dataTable details summary { cursor: pointer; color: #1f5f8b; display: block; max-width: 16em;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.dataTable details[open] { min-width: 24em; }
"""


def table_anchor(name: str) -> str:
    """The ``id`` of table ``name`` in ``report.html`` (its heading, or its charts when the
    table itself is not shown): what findings and alerts link to."""
    return f"table-{name}"


def _overview_html(view: Overview | None) -> str:
    if view is None:
        return ""
    levels = "、".join(f"{LEVEL_NAMES.get(level, level)} {n}" for level, n in view.levels.items())
    stats = [("报告", view.reports, ""), ("发布机关", view.issuers, ""), ("机关类型", view.issuer_types, ""),
             ("层级", len(view.levels), levels), ("年度", len(view.years), "、".join(map(str, view.years))),
             ("无法读取", view.failures, "见“错误”" if view.failures else "")]
    cards = "".join(f"<div class='stat'>{html.escape(label)}<b>{value}</b><small>{html.escape(note)}</small></div>"
                    for label, value, note in stats)
    return (f"<h2 id='overview'>概览</h2><p>{html.escape(view.text)}</p>"
            f"<div class='stats'>{cards}</div>")


def _findings_html(found: list[Finding], flagged: list[Alert]) -> str:
    items = "".join(f"<li>{html.escape(f.text)} <a class='evidence' href='#{table_anchor(f.table)}'>"
                    f"→ {html.escape(f.table)}</a></li>" for f in found)
    out = f"<h2 id='findings'>主要发现</h2><ol class='findings'>{items}</ol>" if found else ""
    rows = "".join(f"<tr><td><a class='badge' href='#{table_anchor(a.table)}'>{html.escape(a.label)}</a></td>"
                   f"<td>{html.escape(a.text)}<br><span class='rule'>{html.escape(a.rule)}</span></td></tr>"
                   for a in flagged)
    return out + (f"<h2 id='alerts'>提示</h2><table class='alerts'>{rows}</table>" if flagged else "")


def _shown(name: str, frame: pd.DataFrame) -> pd.DataFrame | None:
    """Table ``name`` as ``report.html`` shows it (the documents with fewer columns), None
    when it is not shown."""
    if not (TABLES[name].section and TABLES[name].shown):
        return None
    if name == "documents":
        return frame[["doc_id", "title", "issuer", "issuer_type", "level", "year", "publish_date", "chars",
                      "error", "warnings"]]
    return frame


Rendered = tuple[Path, frozenset[str]]
"""A table of ``report.html`` rendered: the file of its markup and the characters it shows."""


def _shown_chars(frame: pd.DataFrame) -> frozenset[str]:
    """The characters a table of ``report.html`` shows (as :func:`_shown` gives it): those of
    its column names and cells, or of the note an empty one shows (for the font)."""
    values = [str(c) for c in frame.columns] + [_EMPTY] * frame.empty
    for c in frame.columns:  # text columns as they are; the others' few distinct values as text
        column = frame[c] if pd.api.types.is_string_dtype(frame[c]) else frame[c].drop_duplicates().astype(str)
        values += column.dropna().unique().tolist()
    return Characters(["".join(values)]).chars()  # one text: its characters noted at once


def _render(analysis: Analysis, charts: Mapping[str, Path], title: str, pages: Mapping[str, str],
            tables: Mapping[str, Part]) -> list[str | Part]:
    """``report.html`` without its font, in parts (:func:`lawtext.pages.html_parts`: the
    font goes after the first): ``charts`` the PNG of each chart, ``tables`` the markup of
    each table it shows (:func:`_table_html`; or the file that holds it, a part
    :func:`lawtext.output.write_text` copies), its rows linking to the report ``pages``."""
    sections: dict[str, list[str]] = {}
    for name in analysis.tables:
        if TABLES[name].section:
            sections.setdefault(TABLES[name].section, []).append(name)
    body: list[str | Part] = [_overview_html(analysis.overview), _findings_html(analysis.findings, analysis.alerts)]
    for heading, names in sections.items():
        if "keyness" in names:
            heading = f"{heading}（{analysis.keyness_groups}）"
        body.append(f"<h2 id='section-{names[0]}'>{html.escape(heading)}</h2>")
        for name in names:
            images = "".join(_image(charts[c.name], c.text(analysis.keyness_groups))
                             for c in TABLES[name].charts if c.name in charts)
            body.append(images if TABLES[name].shown else f"<div id='{table_anchor(name)}'>{images}</div>")
        for name in (n for n in names if n in tables):
            body += [f"<h3 id='{table_anchor(name)}'>{html.escape(name)}</h3>", tables[name]]
    script = f"const LONG = {_LONG}; const LANGUAGE = {json.dumps(_LANGUAGE, ensure_ascii=False)};{_TABLES_JS}"
    body = [f"<h1>{html.escape(title)}</h1>", *body, f"<script type='module'>{script}</script>"]
    return html_parts(title, _CSS, body, head=_datatables())


def render_html(analysis: Analysis, charts: dict[str, Path], *, title: str,
                pages: Mapping[str, str] | None = None) -> str:
    """``report.html``: the overview, findings and alerts of ``analysis``, then its tables
    under the registry's sections (each section and table with a stable ``id``), charts
    embedded; every table interactive (sort, search, per-column filter, paging, column
    choice, CSV of the filtered rows), each report in it linking to its page (``pages``:
    page path by ``doc_id``, :func:`lawtext.pages.page_name`). Without its font:
    :func:`write_analysis` embeds it (:func:`lawtext.pages.embedded_font`)."""
    pages = pages or {}
    tables = {name: _table_html(name, shown, pages) for name, frame in analysis.tables.items()
              if (shown := _shown(name, frame)) is not None}
    return "".join(_render(analysis, charts, title, pages, tables))


def _write_report(corpus: Corpus, analysis: Analysis, out: Path, title: str, *,
                  written: Mapping[str, Callable[[], tuple[list[Path], Rendered | None]]],
                  drawn: Mapping[str, Callable[[], list[Path]]], pages: list[Callable[[], _PagesDone]],
                  progress: Progress | None = None) -> list[Path]:
    """``report.html`` with its font embedded and the script of the pages' font, once the
    tasks are done that write and render the tables (``written``, by table), draw the
    charts (``drawn``, by chart: their files, PNG first) and make the report pages
    (``pages``, :func:`_page_tasks`); every file written. One font serves all: cut for the
    characters of report.html, of its tables (their markup files hold them gzipped) and of
    the report pages (which hold the reports' texts)."""
    pages_done = _results(pages, progress, "report pages")
    done: list[Any] = _results([*written.values(), *drawn.values()], progress, "writing")
    return_freed_memory()  # what the results' transfer left: report.html is not made on top of it
    tables, charts = done[:len(written)], done[len(written):]
    files = [path for paths, _ in pages_done for path in paths]
    files += [path for paths, _ in tables for path in paths] + [path for paths in charts for path in paths]
    rendered = {name: table for name, (_, table) in zip(written, tables, strict=True) if table is not None}
    parts = _render(analysis, {name: paths[0] for name, paths in zip(drawn, charts, strict=True)}, title,
                    _page_links(corpus), {name: markup for name, (markup, _) in rendered.items()})
    font = font_subset(frozenset().union(Characters(part for part in parts if isinstance(part, str)).chars(),
                                         *(chars for _, chars in rendered.values()), *(held for _, held in pages_done)))
    files.append(write_text(out / "report.html", [parts[0], embedded_font(font), *parts[1:]]))
    if corpus.docs:
        files.append(write_bytes(out / REPORTS_DIR / FONT_SCRIPT, font_script(font)))
    return files


def _build_order(names: list[str]) -> list[str]:
    """``names`` in the order :func:`write_analysis` builds them: the scorecard and the
    tables it reads first (the report pages show it, and are made while the other tables
    are built), then the others; each group in the order asked for."""
    first: set[str] = set()
    wanted = ["scorecard"] if "scorecard" in names else []
    while wanted:
        name = wanted.pop()
        first.add(name)
        wanted += [n for n in TABLES[name].inputs if n not in first]
    return [n for n in names if n in first] + [n for n in names if n not in first]


def _page_links(corpus: Corpus) -> dict[str, str]:
    """The page of each report, by ``doc_id`` (:func:`lawtext.pages.page_name`)."""
    return {doc.doc_id: page_name(doc.doc_id) for doc in corpus.docs}


def write_analysis(corpus: Corpus, out: str | Path, *, title: str = DEFAULT_TITLE,
                   tables: Iterable[str] | None = None, charts: bool = True, svg: bool = False,
                   formats: Iterable[str] | None = None, progress: Progress | None = None,
                   jobs: int = 1, workers: Workers | None = None) -> Analysis:
    """Write the tables (all by default), charts and ``report.html`` of ``corpus`` into
    ``out``: the Python twin of ``lawtext analyze``. ``formats`` are those the tables are
    written in, of ``csv``, ``parquet``, ``xlsx`` and ``dta`` (default ``csv`` and
    ``parquet``; :mod:`lawtext.exports`), with ``dictionary.csv`` whatever they are; an
    unknown one is a ValueError, raised before anything is built. Charts are PNG, with
    ``svg`` also SVG (drawing them takes half as long again). ``progress`` (e.g.
    ``tqdm``) shows the tables being built and written and the report (charts, tables of
    report.html, report pages) being drawn, which happens in ``jobs`` processes where
    processes can be forked (the same files), or in ``workers`` when given (:class:`Workers`,
    started before the corpus was read)."""
    out = Path(out)
    formats = check_formats(formats)
    names = _table_names(tables)
    run_id = _run_id(corpus.fingerprint, names, title, _chart_formats(charts, svg), formats)
    run = corpus.cache / "analyze" / run_id if corpus.cache else None
    if run is not None and _replay(run, out) is not None:
        if "parquet" not in formats:  # no typed copy of the tables among the outputs
            return analyze(corpus, names)
        tables_read = {name: typed_table(name, pd.read_parquet(out / f"{name}.parquet")) for name in names}
        return _analysis(corpus, tables_read)
    _start_generation(out)
    chart_formats, groups = _chart_formats(charts, svg), keyness_split(corpus)[1]
    with (tempfile.TemporaryDirectory() as scratch,
          nullcontext(workers) if workers is not None else Workers(jobs, corpus.rules) as tasks):
        built: dict[str, pd.DataFrame] = {}
        writing, drawn, links, written = {}, {}, _page_links(corpus), []
        pages = [] if "scorecard" in names else [tasks.submit(t) for t in _page_tasks(corpus, None, out)]
        for name in _steps(progress, _build_order(names), "tables"):  # each written and drawn while the next is built
            built[name] = corpus.table(name)
            return_freed_memory()  # what building it freed: the next table's peak does not come on top of it
            [parquet] = write_table(built[name], out if "parquet" in formats else Path(scratch), name, ["parquet"])
            written += [parquet] if "parquet" in formats else []  # else a copy for the worker only
            writing[name] = tasks.submit(_Write(built[name], parquet, out, name, formats, links,
                                                Path(scratch) / f"{name}.html"))
            if chart_formats:
                drawn.update({chart: tasks.submit(drawing) for chart, drawing in
                              _drawings({name: built[name]}, out, corpus, groups, chart_formats).items()})
            if name == "scorecard":  # the report pages show it: made while the other tables are built
                pages = [tasks.submit(t) for t in _page_tasks(corpus, built[name], out)]
        built = {name: built[name] for name in names}
        analysis = _analysis(corpus, built)
        written += write_shared(built, out, formats)
        written += _write_report(corpus, analysis, out, title, written=writing, drawn=drawn, pages=pages,
                                 progress=progress)
    files = {path.relative_to(out).as_posix(): hashed_copy(path, run / path.relative_to(out) if run else None)
             for path in written}  # each output read once: hashed, and kept in the cache
    manifest = json.dumps({"run": run_id, "reports": len(corpus), "failed": len(corpus.failures),
                           "failures": [[f.error_type, f.message] for f in corpus.failures],
                           "files": dict(sorted(files.items()))},
                          ensure_ascii=False, indent=1).encode("utf-8")
    if run is not None:
        write_entry(run / _KEPT, manifest, {"run": run.name})
    write_bytes(out / MANIFEST, manifest)
    return analysis


_KEPT = ".manifest"
"""In a kept run: the run's manifest, checked (:func:`lawtext.cache.write_entry`); written last."""
MANIFEST = "manifest.json"
"""In the output folder: the run id (the same for the same inputs, rules and options), the
reports read, the files that failed, and every output file with its sha256; written last
and removed first, so an output folder without it holds an interrupted run."""


_LAYOUT = "report pages; charts as PNG, SVG on request"
"""What a kept run's files are (changed when the outputs a run writes change, so that a run
kept by an earlier lawtext is not replayed)."""


def _chart_formats(charts: bool, svg: bool) -> tuple[str, ...]:
    """The formats charts are saved in (none without ``charts``)."""
    return ("png", "svg")[:2 if svg else 1] if charts else ()


def _run_id(fingerprint: str, names: list[str], title: str, charts: tuple[str, ...], formats: tuple[str, ...]) -> str:
    """The identity of a run of ``write_analysis``: its corpus, tables, title, charts and
    formats, and the layout of its outputs."""
    options = f"{_LAYOUT}\0{fingerprint}\0{title}\0{','.join(names)}\0{','.join(charts)}\0{','.join(formats)}"
    return hashlib.sha256(options.encode()).hexdigest()[:24]


def _start_generation(out: Path) -> None:
    """Before writing outputs: remove the last run's manifest and the temporary files a
    killed run left (``.NAME.xxxx.part``)."""
    (out / MANIFEST).unlink(missing_ok=True)
    for stale in out.rglob(".*.part") if out.is_dir() else ():
        stale.unlink(missing_ok=True)


def _replay(run: Path, out: Path) -> dict[str, Any] | None:
    """Copy the outputs of a complete kept run into ``out``, each file checked against its
    sha256 as it is copied (one that ``out`` holds already with that sha256 is left as it
    is), the manifest last; its manifest, or None when there is no such run or a file is
    damaged (``out`` then has no manifest: the caller runs again)."""
    payload = read_entry(run / _KEPT, {"run": run.name})
    if payload is None:
        return None
    _start_generation(out)
    manifest = json.loads(payload)
    for name, digest in manifest["files"].items():
        try:
            if (out / name).is_file() and hashed_copy(out / name) == digest:
                continue  # the same run's file is there already (a re-run into the same folder): read, not rewritten
            if hashed_copy(run / name, out / name) != digest:
                return None
        except OSError:
            return None
    write_bytes(out / MANIFEST, payload)
    return manifest


def replay_analysis(paths: Iterable[str | Path], out: str | Path, *, cache: str | Path, rules: Rules,
                    title: str = DEFAULT_TITLE, tables: Iterable[str] | None = None,
                    charts: bool = True, svg: bool = False, formats: Iterable[str] | None = None,
                    ) -> tuple[int, list[tuple[str, str]]] | None:
    """When ``write_analysis`` already ran on these files with these rules and options (kept
    in ``cache``, intact), copy its outputs into ``out`` without reading a report, and give
    its outcome: the number of reports read and (error type, message) of each file that
    failed; else None. Only the files' bytes are hashed."""
    names = _table_names(tables)
    files = report_files(paths, exclude=[out])
    run = Path(cache) / "analyze" / _run_id(files_fingerprint(files, rules), names, title, _chart_formats(charts, svg),
                                            check_formats(formats))
    manifest = _replay(run, Path(out))
    if manifest is None:
        return None
    return manifest["reports"], [(kind, message) for kind, message in manifest["failures"]]
