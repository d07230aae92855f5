"""The ``lawtext`` command: a thin wrapper, one library call per command.

Exit status: 0 when every input was read, 1 when some failed (see the errors table),
2 for a usage error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from lawtext.corpus import Corpus, default_jobs


def _progress(stream):
    from tqdm import tqdm

    def wrap(results, total):
        return tqdm(results, total=total, unit="file", desc="lawtext", disable=not stream.isatty(),
                    file=stream)
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


def _read(args: argparse.Namespace, paths: Sequence[str]) -> Corpus:
    with _dask_client(args.dask, args.jobs) as client:
        return Corpus.from_paths(paths, jobs=args.jobs, cache=args.cache, dask=client,
                                 progress=_progress(sys.stderr))


def _report_failures(corpus: Corpus) -> int:
    for failure in corpus.failures:
        print(f"lawtext: {failure.error_type}: {failure.message}", file=sys.stderr)
    return 1 if corpus.failures else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Read every report in DIR; write all tables (CSV, Parquet), charts and report.html into OUT."""
    from lawtext.report import write_analysis

    corpus = _read(args, [args.dir])
    if not corpus.docs and not corpus.failures:
        print(f"lawtext: no reports (.txt, .pdf, .docx, .html) in {args.dir}", file=sys.stderr)
        return 1
    out = Path(args.out)
    print(f"lawtext: comparing {len(corpus)} reports, writing tables, charts and report.html …", file=sys.stderr)
    write_analysis(corpus, out)
    print(f"lawtext: {len(corpus)} reports read, {len(corpus.failures)} failed; tables, charts and "
          f"report.html in {out}", file=sys.stderr)
    return _report_failures(corpus)


def _emit(frame: pd.DataFrame, docs: pd.DataFrame, fmt: str) -> None:
    frame = frame.merge(docs[["doc_id", "path"]], on="doc_id", how="left")
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
        return
    for record in frame.to_dict(orient="records"):
        clean = {k: (None if pd.isna(v) else v) for k, v in record.items()}
        sys.stdout.write(json.dumps(clean, ensure_ascii=False, default=int) + "\n")


def cmd_sections(args: argparse.Namespace) -> int:
    """Print the sections table of the given files and folders."""
    corpus = _read(args, args.paths)
    _emit(corpus.sections, corpus.documents, args.format)
    return _report_failures(corpus)


def cmd_indicators(args: argparse.Namespace) -> int:
    """Print the indicators table (numbers, units, what is counted, zero claims)."""
    corpus = _read(args, args.paths)
    _emit(corpus.indicators, corpus.documents, args.format)
    return _report_failures(corpus)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lawtext",
        description="Read folders of 法治政府建设情况报告 (TXT, PDF, DOCX, HTML) into tables, charts and a report.",
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

    analyze = commands.add_parser("analyze", parents=[jobs], help=cmd_analyze.__doc__,
                                  description=cmd_analyze.__doc__)
    analyze.add_argument("dir", help="folder of reports (TXT, PDF, DOCX, HTML)")
    analyze.add_argument("--out", "-o", required=True, help="output folder")
    analyze.set_defaults(run=cmd_analyze)

    for name, run in (("sections", cmd_sections), ("indicators", cmd_indicators)):
        table = commands.add_parser(name, parents=[jobs], help=run.__doc__, description=run.__doc__)
        table.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
        table.add_argument("--format", "-f", choices=["jsonl", "csv"], default="jsonl",
                           help="output format (default: jsonl)")
        table.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``lawtext`` command; a reader that closes the output early (``| head``) ends it quietly, status 0."""
    try:
        args = build_parser().parse_args(argv)
        if args.jobs < 1:
            build_parser().error("--jobs must be at least 1")
        if getattr(args, "dir", None) and not Path(args.dir).is_dir():
            print(f"lawtext: {args.dir}: not a folder", file=sys.stderr)
            return 2
        status = args.run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0


if __name__ == "__main__":
    sys.exit(main())
