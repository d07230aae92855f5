"""The ``lawtext`` command: a thin wrapper, one library call per command.

Exit status: 0 when every input was read, 1 when some failed (see the errors table),
2 for a usage error or bad rules."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

import pandas as pd

from lawtext import rules as rule_files
from lawtext.corpus import Corpus, default_jobs
from lawtext.exports import DEFAULT_FORMATS, FORMATS, check_formats
from lawtext.limits import Limits
from lawtext.output import to_csv
from lawtext.report import DEFAULT_TITLE
from lawtext.tables import TABLES


def _progress(args: argparse.Namespace, unit: str = "step"):
    """A progress bar on standard error for each stage, with counts; none with ``--quiet``
    or when standard error is not a terminal."""
    from tqdm import tqdm

    def wrap(steps, total, desc="reading"):
        return tqdm(steps, total=total, unit=unit, desc=f"lawtext {desc}", file=sys.stderr,
                    disable=args.quiet or not sys.stderr.isatty())
    return wrap


@contextmanager
def _dask_client(address: str | None, jobs: int) -> Iterator[object]:
    """A Dask client for ``--dask``: ``local`` starts a cluster of ``jobs`` worker
    processes on this machine, anything else is a scheduler address."""
    if not address:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SystemExit("lawtext: --dask needs Dask: pip install 'lawtext[dask]'") from exc
    if address == "local":
        with LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
    else:
        with Client(address) as client:
            yield client


def _read(args: argparse.Namespace, paths: Sequence[str], out: Path | None = None) -> Corpus:
    """The reports under ``paths``, read lean, none from the output folder ``out``; with
    ``out``, the per-report tables written as partitioned Parquet under ``out/parts`` as
    each batch of reports finishes (a run cut short keeps what it read)."""
    with _dask_client(args.dask, args.jobs) as client:
        return Corpus.from_paths(paths, jobs=args.jobs, cache=args.cache, dask=client,
                                 progress=_progress(args, "file"), rules=args.loaded_rules, lean=True,
                                 parts=out / "parts" if out else None,
                                 exclude=[out] if out else [], limits=args.limits)


def _limits(spec: str) -> Limits:
    try:
        return Limits.parse(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _writable_folder(out: Path) -> str:
    """Why ``out`` cannot take the outputs ("" when it can): checked before any work."""
    if out.exists() and not out.is_dir():
        return f"--out {out}: is a file, not a folder"
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        return f"--out {out}: cannot write there ({exc.strerror or exc})"
    return ""


def _report_failures(failures: Sequence[tuple[str, str]]) -> int:
    """Print each (error type, message) of the files that failed; the exit status."""
    for error_type, message in failures:
        print(f"lawtext: {error_type}: {message}", file=sys.stderr)
    return 1 if failures else 0


def _failures(corpus: Corpus) -> list[tuple[str, str]]:
    return [(f.error_type, f.message) for f in corpus.failures]


def _table_names(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise argparse.ArgumentTypeError(f"no table {', '.join(unknown)}; tables: {', '.join(TABLES)}")
    return names


def _formats(value: str) -> tuple[str, ...]:
    try:
        return check_formats(f.strip() for f in value.split(",") if f.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_analyze(args: argparse.Namespace) -> int:
    """Read every report in DIR; write all tables (CSV and Parquet, or --formats), their
    dictionary, charts and report.html into OUT."""
    from lawtext.report import Workers, replay_analysis, write_analysis

    out = Path(args.out)
    problem = _writable_folder(out)
    if problem:
        print(f"lawtext: {problem}", file=sys.stderr)
        return 2
    if args.cache:  # an identical earlier run is copied without reading a report
        replayed = replay_analysis([args.dir], out, cache=args.cache, rules=args.loaded_rules, title=args.title,
                                   tables=args.tables, charts=not args.no_charts, svg=args.svg, formats=args.formats)
        if replayed is not None:
            reports, failures = replayed
            print(f"lawtext: {reports} reports read, {len(failures)} failed (as in the cached run); tables, "
                  f"charts and report.html in {out}", file=sys.stderr)
            return _report_failures(failures)
    with Workers(args.jobs, args.loaded_rules) as workers:  # started before reading: they hold none of the corpus
        corpus = _read(args, [args.dir], out)
        if not corpus.docs and not corpus.failures:
            print(f"lawtext: no reports (.txt, .pdf, .docx, .doc, .wps, .html) in {args.dir}", file=sys.stderr)
            return 1
        print(f"lawtext: comparing {len(corpus)} reports, writing tables, charts and report.html …", file=sys.stderr)
        write_analysis(corpus, out, title=args.title, tables=args.tables, charts=not args.no_charts, svg=args.svg,
                       formats=args.formats, progress=_progress(args), workers=workers)
    shutil.rmtree(out / "parts", ignore_errors=True)  # the run is complete: its tables replace the parts
    print(f"lawtext: {len(corpus)} reports read, {len(corpus.failures)} failed; tables, charts and "
          f"report.html in {out}", file=sys.stderr)
    return _report_failures(_failures(corpus))


def _emit(frame: pd.DataFrame, docs: pd.DataFrame, fmt: str) -> None:
    if "doc_id" in frame.columns and "path" not in frame.columns:
        frame = frame.merge(docs[["doc_id", "path"]], on="doc_id", how="left")
    if fmt == "parquet":
        frame.to_parquet(sys.stdout.buffer, index=False)
        return
    if fmt == "csv":
        sys.stdout.flush()
        to_csv(frame, sys.stdout.buffer, bom=False)
        return
    for record in frame.to_dict(orient="records"):
        clean = {k: (None if pd.isna(v) else v) for k, v in record.items()}
        sys.stdout.write(json.dumps(clean, ensure_ascii=False, default=int) + "\n")


def cmd_table(args: argparse.Namespace) -> int:
    """Print one table (see the README's column dictionary) of the given files and folders."""
    corpus = _read(args, args.paths)
    _emit(corpus.table(args.name), corpus.documents, args.format)
    return _report_failures(_failures(corpus))


def cmd_rules_check(args: argparse.Namespace) -> int:
    """Check a folder of rule files layered over the packaged ones; print what is in force."""
    rules = rule_files.load(args.dir)
    for name, origin in sorted(rules.origins.items()):
        print(f"{name}\t{origin}")
    print(f"lawtext: rules in {args.dir} are valid ({rules.fingerprint})", file=sys.stderr)
    return 0


def cmd_rules_dump(args: argparse.Namespace) -> int:
    """Write the packaged rule files into a folder, to edit and pass with --rules."""
    written = rule_files.dump(args.dir)
    for path in written:
        print(path)
    kept = len(rule_files.FILES) - len(written)
    print(f"lawtext: {len(written)} rule files written to {args.dir}" + (f", {kept} existing kept" if kept else ""),
          file=sys.stderr)
    return 0


def _size(value: str) -> int:
    """A number of bytes, with an optional K, M or G (powers of 1,000): ``200M``."""
    scale = {"K": 10**3, "M": 10**6, "G": 10**9}.get(value[-1:].upper(), 1)
    digits = value[:-1] if scale > 1 else value
    if not digits.isdigit() or int(digits) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in bytes (e.g. 5000000, 200M, 2G)")
    return int(digits) * scale


def cmd_fetch(args: argparse.Namespace) -> int:
    """Collect 法治政府建设情况报告 from list or search-result pages into a folder, politely,
    with DIR/manifest.csv of every page and attachment requested."""
    from lawtext import fetch

    out = Path(args.out)
    bad = [u for u in args.urls if not fetch.is_web_url(u)]
    problem = f"not a web address (http:// or https://): {', '.join(bad)}" if bad else _writable_folder(out)
    if problem:
        print(f"lawtext: {problem}", file=sys.stderr)
        return 2
    try:
        settings = fetch.FetchSettings(
            delay=args.delay, timeout=args.timeout, retries=args.retries, max_wait=args.max_wait,
            max_pages=args.max_pages, max_file_bytes=args.max_file_bytes, max_bytes=args.max_bytes,
            allow_hosts=tuple(args.allow_host), contact=args.contact, retry_errors=args.retry_errors)
        crawler = fetch.Crawler(out, settings, args.fetch_rules)
    except ValueError as exc:
        print(f"lawtext: {exc}", file=sys.stderr)
        return 2
    with crawler:
        rows = list(_progress(args, "file")(crawler.run(args.urls), total=None, desc="fetching"))
    stats = crawler.stats
    failed = [e for e in rows if e.error]
    for line in [*stats.problems, *(f"{e.url}: {e.error}" for e in failed)]:
        print(f"lawtext: {line}", file=sys.stderr)
    for host, links in sorted(stats.offsite.items()):
        print(f"lawtext: {links} links to {host} not followed (add --allow-host {host})", file=sys.stderr)
    requests = ", ".join(f"{n} {purpose}" for purpose, n in stats.requests.items())
    print(f"lawtext: {stats.requests.total()} requests ({requests or 'none'}); saved {stats.saved['page']} pages "
          f"and {stats.saved['attachment']} attachments ({stats.bytes:,} bytes), {len(failed)} failed, "
          f"{stats.known} already in {out / 'manifest.csv'}", file=sys.stderr)
    return 1 if failed or stats.problems else 0


def _add_output(parser: argparse.ArgumentParser) -> None:
    """The report paths and the output format of a table command."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("--format", "-f", choices=["jsonl", "csv", "parquet"], default="jsonl",
                        help="output format (default: jsonl)")
    parser.set_defaults(run=cmd_table)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="lawtext",
        description="Read folders of 法治政府建设情况报告 (TXT, PDF, DOCX, DOC, HTML, scans) into tables, charts "
                    "and a report.",
        epilog="Exit status: 0 when every input was read, 1 when some failed (see the errors table), "
               "2 for a usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument("--jobs", "-j", type=int, default=default_jobs(),
                      help="worker processes (default: the number of cores)")
    jobs.add_argument("--cache", metavar="DIR", help="keep analysed reports in DIR and reuse them on later runs")
    jobs.add_argument("--dask", metavar="ADDRESS",
                      help="run on a Dask cluster: a scheduler address, or 'local' for one on this machine")
    jobs.add_argument("--quiet", "-q", action="store_true", help="no progress bars")
    jobs.add_argument("--rules", metavar="DIR",
                      help="a folder of rule files that replace the packaged ones of the same name "
                           "(start from 'lawtext rules dump DIR')")
    jobs.add_argument("--limits", type=_limits, default=Limits(), metavar="NAME=VALUE,…",
                      help="per-report limits over the defaults, e.g. seconds=600,pages=10000 (names: "
                           + ", ".join(f"{f.name} {getattr(Limits(), f.name):g}" for f in fields(Limits)) + ")")

    analyze = commands.add_parser("analyze", parents=[jobs], help=cmd_analyze.__doc__,
                                  description=cmd_analyze.__doc__)
    analyze.add_argument("dir", help="folder of reports (TXT, PDF, DOCX, DOC/WPS, HTML; PNG, JPEG, TIFF by OCR)")
    analyze.add_argument("--out", "-o", required=True, help="output folder")
    analyze.add_argument("--tables", type=_table_names, metavar="NAME,…",
                         help=f"only these tables (default: all: {', '.join(TABLES)})")
    analyze.add_argument("--formats", type=_formats, default=DEFAULT_FORMATS, metavar="FORMAT,…",
                         help=f"the tables' file formats, of {', '.join(FORMATS)} (default: "
                              f"{','.join(DEFAULT_FORMATS)}); xlsx is one workbook, analysis.xlsx")
    analyze.add_argument("--no-charts", action="store_true", help="write no charts")
    analyze.add_argument("--svg", action="store_true", help="write each chart as SVG too (beside its PNG)")
    analyze.add_argument("--title", default=DEFAULT_TITLE, help="the title of report.html")
    analyze.set_defaults(run=cmd_analyze)

    table = commands.add_parser("table", parents=[jobs], help=cmd_table.__doc__, description=cmd_table.__doc__)
    table.add_argument("name", choices=list(TABLES), metavar="NAME", help=f"one of {', '.join(TABLES)}")
    _add_output(table)
    for name in ("sections", "indicators"):
        short = commands.add_parser(name, parents=[jobs], help=f"the same as 'lawtext table {name}'",
                                    description=f"Print the {name} table: the same as 'lawtext table {name}'.")
        _add_output(short)
        short.set_defaults(name=name)

    fetch = commands.add_parser("fetch", help=cmd_fetch.__doc__, description=cmd_fetch.__doc__,
                                epilog="Politeness rules: docs/design.md §9. A second run requests robots.txt and "
                                       "the list pages again, and nothing that manifest.csv already has.")
    fetch.add_argument("urls", nargs="+", metavar="URL", help="list or search-result pages to start from")
    fetch.add_argument("--out", "-o", required=True, help="folder for the files and manifest.csv")
    fetch.add_argument("--pattern", metavar="REGEX",
                       help="links to follow: a regular expression matched against a link's anchor text and URL "
                            "(default: 法治政府建设 with 报告, 情况 or 年度; lawtext/data/fetch.toml)")
    fetch.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="a host besides those of the start URLs that links may lead to (repeatable)")
    fetch.add_argument("--max-pages", type=int, default=20, metavar="N",
                       help="list pages read from each start URL, pagination included (default: 20)")
    fetch.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                       help="pause between requests to one host (default: 1; a robots.txt Crawl-delay may raise it)")
    fetch.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="to connect and between bytes received (default: 30)")
    fetch.add_argument("--retries", type=int, default=3, metavar="N",
                       help="further tries after a timeout or HTTP 429/5xx, with growing waits (default: 3)")
    fetch.add_argument("--max-wait", type=float, default=120.0, metavar="SECONDS",
                       help="the longest Retry-After or Crawl-delay honoured; longer is an error (default: 120)")
    fetch.add_argument("--max-file-bytes", type=_size, default=200_000_000, metavar="SIZE",
                       help="larger files are not saved (default: 200M)")
    fetch.add_argument("--max-bytes", type=_size, default=2_000_000_000, metavar="SIZE",
                       help="stop when the run has downloaded this much (default: 2G)")
    fetch.add_argument("--contact", default="", metavar="EMAIL_OR_URL",
                       help="how a site's administrator can reach you: sent in User-Agent and From")
    fetch.add_argument("--retry-errors", action="store_true",
                       help="request again the URLs whose manifest row has an error")
    fetch.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    fetch.set_defaults(run=cmd_fetch)

    rules = commands.add_parser("rules", help="check or dump rule files", description="Rule files: "
                                "the domain knowledge lawtext reads reports with (lawtext/data).")
    actions = rules.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, run in (("check", cmd_rules_check), ("dump", cmd_rules_dump)):
        action = actions.add_parser(name, help=run.__doc__, description=run.__doc__)
        action.add_argument("dir", metavar="DIR", help="folder of rule files")
        action.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status (0 all read, 1 some failed, 2 usage or rules). A
    reader that closes the output early (``| head``) ends it quietly, status 0."""
    try:
        return _run(build_parser().parse_args(argv))
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "jobs", 1) < 1:
        build_parser().error("--jobs must be at least 1")
    if args.command == "analyze" and not Path(args.dir).is_dir():
        print(f"lawtext: {args.dir}: not a folder", file=sys.stderr)
        return 2
    try:  # rules are checked before any report is read or page fetched
        if args.command == "rules":
            if args.action == "check":
                rule_files.load(args.dir)
        elif args.command == "fetch":
            from lawtext.fetch import load_rules

            args.fetch_rules = load_rules(args.pattern)
        else:
            args.loaded_rules = rule_files.load(args.rules)  # the packaged files are checked too
    except rule_files.RulesError as exc:
        print(f"lawtext: bad rules: {exc}", file=sys.stderr)
        return 2
    status = args.run(args)
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
