"""Everything ``lawtext analyze`` writes: all tables (CSV + Parquet, or the formats asked
for: :mod:`lawtext.exports`) with their data dictionary, charts (PNG + SVG) and one
self-contained ``report.html`` (charts embedded, no external assets)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from lawtext.cache import read_entry, write_entry
from lawtext.compare.findings import Alert, Finding, Overview, alerts, findings, overview
from lawtext.corpus import Corpus, files_fingerprint, report_files
from lawtext.exports import check_formats, write_tables
from lawtext.output import write_bytes
from lawtext.rules import Rules
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
    names = list(TABLES) if names is None else list(names)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise KeyError(f"no table {', '.join(map(repr, unknown))}; tables: {', '.join(TABLES)}")
    tables = {name: corpus.table(name) for name in _steps(progress, names, "tables")}
    return _analysis(corpus, tables)


def _analysis(corpus: Corpus, tables: dict[str, pd.DataFrame]) -> Analysis:
    """``tables`` of ``corpus`` with the keyness groups, the overview, the findings and the alerts."""
    documents = corpus.table("documents")
    every = {"documents": documents, **tables}  # the documents name the reports of every finding
    return Analysis(tables, keyness_split(corpus)[1], overview(documents),
                    [f for f in findings(every) if f.table in tables], [a for a in alerts(every) if a.table in tables])


def _charts(analysis: Analysis, out: Path, progress: Progress | None = None, *,
            corpus: Corpus | None = None, jobs: int = 1) -> dict[str, Path]:
    """Every chart the registry declares for the tables at hand, as PNG and SVG, by name;
    drawn in ``jobs`` processes (the same files whatever their number). A chart that also
    reads other tables (``Chart.inputs``) takes them from ``analysis``, else from
    ``corpus``; one whose rows are reports (``Chart.small``) is drawn only for a table of at
    most ``MAX_ROWS`` reports."""

    def table(name: str) -> pd.DataFrame | None:
        if name in analysis.tables:
            return analysis.tables[name]
        return corpus.table(name) if corpus is not None else None

    wanted = [(name, chart) for name, frame in analysis.tables.items() if not frame.empty
              for chart in TABLES[name].charts
              if all(table(n) is not None for n in chart.inputs)
              and not (chart.small and frame.doc_id.nunique() > MAX_ROWS)]
    drawings = {}
    for name, chart in wanted:
        options: dict[str, Any] = {**dict(chart.options), **{n: table(n) for n in chart.inputs}}
        if chart.groups:
            options["groups"] = analysis.keyness_groups
        drawings[chart.name] = _Drawing(chart.function, analysis.tables[name], options, out / "charts" / chart.name)
    if jobs <= 1 or len(drawings) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {name: _draw(drawings[name]) for name in _steps(progress, list(drawings), "charts")}
    from lawtext import plot

    plot.cjk_family()  # loaded before the fork: the workers start with matplotlib and the font, and take their tables
    with ProcessPoolExecutor(min(jobs, len(drawings)), mp_context=multiprocessing.get_context("fork")) as pool:
        done = pool.map(_draw, drawings.values())
        pngs = progress(done, total=len(drawings), desc="charts") if progress else done
        return dict(zip(drawings, pngs, strict=True))


@dataclass(frozen=True)
class _Drawing:
    """One chart to draw: the :mod:`lawtext.plot` function, its table and options, and the
    path (without suffix) of its files."""

    function: str
    frame: pd.DataFrame
    options: dict[str, Any]
    path: Path


def _draw(drawing: _Drawing) -> Path:
    """Draw and save one chart (in this process or a pool's); its PNG."""
    from lawtext import plot  # matplotlib: imported when charts are drawn (a fast CLI start)

    ax = getattr(plot, drawing.function)(drawing.frame, **drawing.options)
    return plot.save(ax, drawing.path)[0]


def _table_html(frame: pd.DataFrame, rows: int = 50) -> str:
    if frame.empty:
        return "<p class='empty'>（无）</p>"
    shown = frame.head(rows)
    note = ""
    if len(frame) > rows:
        note = f"<p class='note'>前 {rows} 行，共 {len(frame)} 行；完整表格见同目录 CSV/Parquet。</p>"
    return shown.to_html(index=False, na_rep="", escape=True, border=0, classes="table") + note


def _image(path: Path, caption: str) -> str:
    """The chart at ``path`` (PNG) embedded, its caption under it (its alt text: the caption's
    title, before the colon)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f"<figure id='chart-{html.escape(path.stem)}'><img alt='{html.escape(caption.split('：')[0])}' "
            f"src='data:image/png;base64,{data}'><figcaption>{html.escape(caption)}</figcaption></figure>")


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei",
       sans-serif; margin: 2em auto; max-width: 1200px; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #2a7ab0; padding-bottom: .2em; margin-top: 2em; }
table.table { border-collapse: collapse; font-size: .85em; margin: .5em 0; }
table.table th, table.table td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
table.table th { background: #eef4fa; } img { max-width: 100%; } .note, .empty { color: #666; font-size: .85em; }
.stats { display: flex; flex-wrap: wrap; gap: .6em; margin: .8em 0; }
.stat { border: 1px solid #cfdde9; border-radius: 4px; padding: .3em .9em; background: #f6f9fc; min-width: 7em; }
.stat b { display: block; font-size: 1.5em; color: #2a7ab0; } .stat small { color: #666; }
ol.findings li { margin: .4em 0; } a.evidence { font-size: .85em; white-space: nowrap; }
table.alerts td { padding: 4px 8px; vertical-align: top; border-bottom: 1px solid #eee; }
.badge { display: inline-block; background: #c0392b; color: #fff; border-radius: 3px; padding: 0 .5em;
         font-size: .85em; white-space: nowrap; } .rule { color: #666; font-size: .85em; }
"""


def table_anchor(name: str) -> str:
    """The ``id`` of table ``name`` in ``report.html`` (its heading, or its charts when the
    table itself is not shown): what findings and alerts link to."""
    return f"table-{name}"


def _overview_html(view: Overview | None) -> str:
    if view is None:
        return ""
    levels = "、".join(f"{level} {n}" for level, n in view.levels.items())
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


def render_html(analysis: Analysis, charts: dict[str, Path], *, title: str) -> str:
    """``report.html``: the overview, findings and alerts of ``analysis``, then its tables
    under the registry's sections (each section and table with a stable ``id``), charts embedded."""
    t = analysis.tables
    sections: dict[str, list[str]] = {}
    for name in t:
        if TABLES[name].section:
            sections.setdefault(TABLES[name].section, []).append(name)
    body = [_overview_html(analysis.overview), _findings_html(analysis.findings, analysis.alerts)]
    for heading, names in sections.items():
        if "keyness" in names:
            heading = f"{heading}（{analysis.keyness_groups}）"
        body.append(f"<h2 id='section-{names[0]}'>{html.escape(heading)}</h2>")
        for name in names:
            images = "".join(_image(charts[c.name], c.text(analysis.keyness_groups))
                             for c in TABLES[name].charts if c.name in charts)
            body.append(images if TABLES[name].shown else f"<div id='{table_anchor(name)}'>{images}</div>")
        for name in (n for n in names if TABLES[n].shown):
            frame = t[name]
            if name == "documents":
                frame = frame[["doc_id", "title", "issuer", "issuer_type", "level", "year", "publish_date", "chars",
                               "error", "warnings"]]
            body.append(f"<h3 id='{table_anchor(name)}'>{html.escape(name)}</h3>" + _table_html(frame))
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>{''.join(body)}</body></html>")


def write_analysis(corpus: Corpus, out: str | Path, *, title: str = DEFAULT_TITLE,
                   tables: Iterable[str] | None = None, charts: bool = True,
                   formats: Iterable[str] | None = None, progress: Progress | None = None,
                   jobs: int = 1) -> Analysis:
    """Write the tables (all by default), charts and ``report.html`` of ``corpus`` into
    ``out``: the Python twin of ``lawtext analyze``. ``formats`` are those the tables are
    written in, of ``csv``, ``parquet``, ``xlsx`` and ``dta`` (default ``csv`` and
    ``parquet``; :mod:`lawtext.exports`), with ``dictionary.csv`` whatever they are; an
    unknown one is a ValueError, raised before anything is built. ``progress`` (e.g.
    ``tqdm``) shows the tables being built and written and the charts being drawn; the
    charts are drawn in ``jobs`` processes where processes can be forked (the same files)."""
    out = Path(out)
    formats = check_formats(formats)
    names = list(TABLES) if tables is None else list(tables)
    run_id = _run_id(corpus.fingerprint, names, title, charts, formats)
    run = corpus.cache / "analyze" / run_id if corpus.cache else None
    if run is not None and _replay(run, out) is not None:
        if "parquet" not in formats:  # no typed copy of the tables among the outputs
            return analyze(corpus, names)
        tables_read = {name: pd.read_parquet(out / f"{name}.parquet").astype(
            {c.name: c.dtype for c in TABLES[name].columns}) for name in names}
        return _analysis(corpus, tables_read)
    analysis = analyze(corpus, names, progress=progress)
    _start_generation(out)
    written = write_tables(analysis.tables, out, formats, steps=lambda steps: _steps(progress, steps, "writing"))
    drawn = _charts(analysis, out, progress, corpus=corpus, jobs=jobs) if charts else {}
    written += [p for png in drawn.values() for p in (png, png.with_suffix(".svg"))]
    page = render_html(analysis, drawn, title=title)
    written.append(write_bytes(out / "report.html", page.encode("utf-8")))
    files = {}
    for path in written:  # each output read once: hashed, and kept in the cache
        data = path.read_bytes()
        files[path.relative_to(out).as_posix()] = hashlib.sha256(data).hexdigest()
        if run is not None:
            write_bytes(run / path.relative_to(out), data)
    manifest = json.dumps({"run": run_id, "reports": len(corpus), "failed": len(corpus.failures),
                           "failures": [[f.error_type, f.message] for f in corpus.failures], "files": files},
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


def _run_id(fingerprint: str, names: list[str], title: str, charts: bool, formats: tuple[str, ...]) -> str:
    """The identity of a run of ``write_analysis``: its corpus, tables, title, charts and formats."""
    options = f"{fingerprint}\0{title}\0{','.join(names)}\0{charts}\0{','.join(formats)}"
    return hashlib.sha256(options.encode()).hexdigest()[:24]


def _start_generation(out: Path) -> None:
    """Before writing outputs: remove the last run's manifest and the temporary files a
    killed run left (``.NAME.xxxx.part``)."""
    (out / MANIFEST).unlink(missing_ok=True)
    for stale in out.rglob(".*.part") if out.is_dir() else ():
        stale.unlink(missing_ok=True)


def _replay(run: Path, out: Path) -> dict[str, Any] | None:
    """Copy the outputs of a complete kept run into ``out``, each file checked against its
    sha256 as it is copied, the manifest last; its manifest, or None when there is no such
    run or a file is damaged (``out`` then has no manifest: the caller runs again)."""
    payload = read_entry(run / _KEPT, {"run": run.name})
    if payload is None:
        return None
    _start_generation(out)
    manifest = json.loads(payload)
    for name, digest in manifest["files"].items():
        try:
            data = (run / name).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        write_bytes(out / name, data)
    write_bytes(out / MANIFEST, payload)
    return manifest


def replay_analysis(paths: Iterable[str | Path], out: str | Path, *, cache: str | Path, rules: Rules,
                    title: str = DEFAULT_TITLE, tables: Iterable[str] | None = None,
                    charts: bool = True, formats: Iterable[str] | None = None,
                    ) -> tuple[int, list[tuple[str, str]]] | None:
    """When ``write_analysis`` already ran on these files with these rules and options (kept
    in ``cache``, intact), copy its outputs into ``out`` without reading a report, and give
    its outcome: the number of reports read and (error type, message) of each file that
    failed; else None. Only the files' bytes are hashed."""
    names = list(TABLES) if tables is None else list(tables)
    files = report_files(paths, exclude=[out])
    run = Path(cache) / "analyze" / _run_id(files_fingerprint(files, rules), names, title, charts,
                                            check_formats(formats))
    manifest = _replay(run, Path(out))
    if manifest is None:
        return None
    return manifest["reports"], [(kind, message) for kind, message in manifest["failures"]]
