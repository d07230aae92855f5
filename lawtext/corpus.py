"""A folder of reports: read each file in a process pool; failures become rows, never
stop the batch."""

from __future__ import annotations

import hashlib
import io
import math
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, overload

import pandas as pd

from lawtext.cache import DocumentCache, read_entry, write_entry
from lawtext.errors import LawtextError, LimitExceededError, NotARegularFileError
from lawtext.ingest import FORMATS
from lawtext.limits import (
    Limits,
    applied,
    cpu_seconds,
    forking,
    harden,
    hardened,
    on_extend,
    out_of_memory,
    out_of_time,
)
from lawtext.model import Document, Failure
from lawtext.output import write_bytes
from lawtext.reader import file_bytes, file_sha256, read_bytes
from lawtext.rules import Rules, active, resolve, use, using
from lawtext.segment import load_segmenter
from lawtext.sources import Origin, origins_of


def report_files(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[tuple[Path, Path | None]]:
    """(file, root) for every report file under the given files and folders, sorted.

    Hidden files and truth sidecars are skipped; in a folder only known extensions count,
    and nothing under a folder of ``exclude`` (an output folder inside the input one).
    Nothing is opened here."""
    skipped = [Path(os.path.realpath(e)) for e in exclude]  # realpath: a symlink loop is no error here
    found: list[tuple[Path, Path | None]] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += [
                (f, p) for f in sorted(p.rglob("*"))
                if not f.is_dir() and f.suffix.lower() in FORMATS and not f.name.startswith(".")
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not any(Path(os.path.realpath(f)).is_relative_to(e) for e in skipped)
            ]  # FIFOs, devices and sockets with a report's name are kept: they become error rows
        else:
            found.append((p, None))
    return _distinct_names(found)


def _distinct_names(found: list[tuple[Path, Path | None]]) -> list[tuple[Path, Path | None]]:
    """Files named on their own keep their name as doc_id, unless several share it
    (``a/report.txt b/report.txt``): those get the folder they have in common as root, so
    that each doc_id is its path from there."""
    by_name: dict[str, list[int]] = {}
    for k, (path, root) in enumerate(found):
        if root is None:
            by_name.setdefault(path.name, []).append(k)
    for ks in by_name.values():
        if len(ks) > 1:
            common = Path(os.path.commonpath([found[k][0].absolute().parent for k in ks]))
            for k in ks:
                found[k] = (found[k][0].absolute(), common)
    return found


def _file_hash(path: Path) -> str:
    try:
        return file_sha256(path)
    except NotARegularFileError:
        return "not a regular file"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def _fingerprint(rules: Rules, pairs: Iterable[tuple[str, str]], origins: Mapping[str, Origin]) -> str:
    digest = hashlib.sha256(rules.fingerprint.encode())
    for doc_id, file_hash in sorted(pairs):
        digest.update(f"\0{doc_id}\0{file_hash}".encode())
    for path, origin in sorted(origins.items()):
        digest.update(f"\1{path}\0{origin.url}\0{origin.published}".encode())
    return digest.hexdigest()[:24]


def origins(files: Iterable[tuple[Path, Path | None]]) -> dict[str, Origin]:
    """Where each of these files (from :func:`report_files`) was downloaded from, by its
    path as the documents table shows it, for those a ``lawtext fetch`` manifest lists
    (:func:`lawtext.sources.origins_of`)."""
    return {shown(path): origin for path, origin in origins_of(path for path, _ in files).items()}


def files_fingerprint(files: Sequence[tuple[Path, Path | None]], rules: Rules) -> str:
    """The :attr:`Corpus.fingerprint` of the corpus these files (from :func:`report_files`)
    would give under ``rules``, from their bytes and fetch manifests alone: nothing is read
    as a report."""
    return _fingerprint(rules, ((_doc_id(path, root), _file_hash(path)) for path, root in files), origins(files))


def shown(path: Path | str) -> str:
    """A path as text that every table and terminal can hold: bytes of a name that are not
    UTF-8 (a Latin-1 or GBK name from a Windows zip) kept as ``\\xNN`` escapes, so that
    the text is unique per name and the bytes can be told from it."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _doc_id(path: Path, root: Path | None) -> str:
    return shown(path.relative_to(root).as_posix() if root else path.name)


def analyze_file(path: Path, root: Path | None = None, cache: DocumentCache | None = None,
                 limits: Limits | None = None) -> Document | Failure:
    """Read one file and derive its structure, indicators and measures, within ``limits``
    (the defaults of :class:`~lawtext.limits.Limits` when None); any failure is returned as
    a :class:`Failure`, not raised. With ``cache``, a file whose bytes, doc_id and rules
    were seen before is not analysed again."""
    doc_id, name = _doc_id(path, root), shown(path)
    limits = limits or Limits()
    try:
        with applied(limits, name):
            limits.check(name, path.stat().st_size / 1e6, "megabytes of file", "megabytes")
            data = file_bytes(path, name)
            doc = cache.get(data, doc_id) if cache else None
            if doc is None:
                doc = read_bytes(data, name=name, doc_id=doc_id)
                if cache:
                    cache.put(data, doc_id, doc)
            limits.check(name, len(doc.text), "characters of text", "chars")  # a cached report too
        return replace(doc, path=name) if doc.path != name else doc
    except LawtextError as exc:
        return Failure(name, doc_id, exc.stage, type(exc).__name__, str(exc))
    except MemoryError:
        if not hardened():
            raise
        return _limit_failure(name, doc_id, out_of_memory(name, limits))
    except OSError as exc:
        return Failure(name, doc_id, "read", type(exc).__name__, f"{name}: {exc.strerror or exc}")
    except Exception as exc:  # a reader library choking on a malformed file: its own text varies and may hold reprs
        return Failure(name, doc_id, "read", type(exc).__name__,
                       f"{name}: cannot be read (its reader failed with {type(exc).__name__}: the file is damaged or "
                       "unusual); open it and save a new copy")


WORKER_TABLES = ("sections", "measures", "coverage", "themes", "indicators")
"""The per-report tables a lean read builds where the reports are read (in the workers), a
batch of reports at a time: each of their rows comes from one report and the rules."""
PART_TABLES = (*WORKER_TABLES, "documents")
"""The tables written as Parquet parts per batch when a read has ``parts``: the worker
tables (on a Dask cluster, read back as the corpus's), and the batch's ``documents`` rows,
so that the output of a run cut short still says which reports were read (the corpus
builds its own)."""
_BATCH = 200


def lean_document(doc: Document) -> Document:
    """``doc`` with what only its own tables need left out (indicators, measures, paragraphs
    and headings): text, metadata, sections and sentences stay, which the corpus-level
    tables read. A report in memory takes about a quarter as much."""
    return replace(doc, headings=(), paragraphs=(), indicators=(), measures=())


Item = tuple[Path, Path | None, DocumentCache | None, Limits | None]
"""A file to read: its path, the folder its doc_id is relative to, the cache, the limits."""


@dataclass(frozen=True)
class Batch:
    """What reading a batch of files gives: each file's result, in order (lean documents
    when the batch's tables were built), and those tables (none when not built or when
    written to Parquet parts)."""

    results: list[Document | Failure]
    tables: dict[str, pd.DataFrame]


def read_batch(items: Sequence[Item], lean: bool = False, parts: Path | None = None, index: int = 0) -> Batch:
    """Read a batch of files under the rules in force. With ``lean``, build the batch's
    :data:`WORKER_TABLES` and keep each report :func:`lean_document`; with ``parts`` too,
    also write each table as ``parts/<table>/part-<index>.parquet`` (atomically)."""
    return _batch_of([analyze_file(*item) for item in items], lean, parts, index)


def _batch_of(results: list[Document | Failure], lean: bool, parts: Path | None, index: int) -> Batch:
    """The :class:`Batch` of these results (see :func:`read_batch`)."""
    if not lean:
        return Batch(results, {})
    reports = Corpus([r for r in results if isinstance(r, Document)],
                     [r for r in results if isinstance(r, Failure)], active())
    tables = {name: reports.table(name) for name in WORKER_TABLES}
    if parts is not None:
        for name in PART_TABLES:
            write_bytes(parts / name / f"part-{index:05d}.parquet", reports.table(name).to_parquet(index=False))
    return Batch([lean_document(r) if isinstance(r, Document) else r for r in results], tables)


_BatchArgs = tuple[Sequence[Item], bool, "Path | None", int]


def _read_batch(batch: _BatchArgs) -> Batch:
    return read_batch(*batch)


def _read_batch_with(batch: _BatchArgs, rules: Rules) -> Batch:
    """:func:`read_batch` under ``rules`` (on a Dask worker, which keeps one copy); with
    parts, the tables stay in them (the client reads them from the shared file system)."""
    if active() is not rules:
        use(rules)
    items, lean, parts, index = batch
    read = read_batch(items, lean, parts, index)
    return Batch(read.results, {}) if parts is not None else read


def read_batches(files: Sequence[tuple[Path, Path | None]], *, jobs: int = 1, cache: DocumentCache | None = None,
                 dask: Any = None, rules: Rules | None = None, lean: bool = False,
                 parts: Path | None = None, limits: Limits | None = None) -> Iterator[Batch]:
    """:func:`read_batch` over ``files`` split into batches, in input order: in this
    process (``jobs`` 1), in a pool of ``jobs`` processes (whose limits are
    :func:`~lawtext.limits.hardened`), or on a Dask cluster (``dask`` is a
    ``distributed.Client``). Every worker receives ``rules`` (default: the active ones)
    before its first report. A batch holds at most 200 files, fewer when that gives each
    worker four batches."""
    rules = rules or active()
    items = [(path, root, cache, limits) for path, root in files]
    workers = len(dask.scheduler_info()["workers"]) if dask is not None else jobs
    size = max(1, min(_BATCH, -(-len(items) // (4 * max(workers, 1)))))
    batches = [(items[lo:lo + size], lean, parts, k) for k, lo in enumerate(range(0, len(items), size))]
    if dask is not None:
        shared = dask.scatter(rules, broadcast=True)
        for future in dask.map(_read_batch_with, batches, rules=shared, pure=False):
            yield future.result()
        return
    if jobs <= 1 or not batches:  # with jobs > 1 even one batch goes to the pool: its limits are hard there
        with using(rules):
            yield from map(_read_batch, batches)
        return
    yield from _in_pool(batches, jobs, rules)


def _in_pool(batches: Sequence[_BatchArgs], jobs: int, rules: Rules) -> Iterator[Batch]:
    """The batches read by a pool of ``jobs`` processes, in order. A worker that dies
    (killed, out of memory) takes its pool down: the pool is replaced, the batches that did
    not finish are read again, and the batch that was being read when it died is read one
    file per process, so that only the file whose process dies becomes an error row."""
    if multiprocessing.get_start_method() == "fork":  # the workers start with this process's segmenter
        load_segmenter(rules)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker, initargs=(rules,))
    try:
        with forking():  # the processes are forked at the first submit
            futures = [pool.submit(_read_batch, batch) for batch in batches]  # in the order they are yielded
        for k, batch in enumerate(batches):
            try:
                yield futures[k].result()
                continue
            except BrokenProcessPool:
                pass
            pool.shutdown(wait=True, cancel_futures=True)
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker, initargs=(rules,))
            for j in range(k + 1, len(batches)):
                if not futures[j].done() or futures[j].exception() is not None:
                    futures[j] = pool.submit(_read_batch, batches[j])
            items, lean, parts, index = batch
            yield _batch_of([_alone(item, rules) for item in items], lean, parts, index)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker(rules: Rules) -> None:
    """Set up a pool's worker process: ``rules`` active, limits :func:`~lawtext.limits.hardened`."""
    use(rules)
    harden()


def _read_alone(item: Item, rules: Rules, send: Any) -> None:
    """The body of :func:`_alone`'s process: the result sent through the pipe ``send``."""
    _worker(rules)
    on_extend(send.send)  # more time granted to the report (OCR) is more time for the parent to wait
    send.send(analyze_file(*item))
    send.close()


_STARTUP = 10.0
"""Seconds a process of its own may take to start and hand its result back, beyond the
time its report may take."""


def _alone(item: Item, rules: Rules) -> Document | Failure:
    """:func:`analyze_file` in a process of its own: a Failure when that process is ended
    by the kernel's CPU-time limit or runs past its time (a stall no timer reached), or dies
    (killed, or out of memory)."""
    path, root, limits = item[0], item[1], item[3] or Limits()
    name, doc_id = shown(path), _doc_id(path, root)
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_read_alone, args=(item, rules, send), daemon=True)
    process.start()
    send.close()
    result: Document | Failure | None = None
    deadline = time.monotonic() + cpu_seconds(limits) + _STARTUP
    finished, extended = False, 0.0
    while not finished and receive.poll(max(deadline - time.monotonic(), 0)):
        try:  # seconds more (limits.extend), a result, or the end of the pipe when it died
            message = receive.recv()
        except EOFError:
            finished = True
            break
        if isinstance(message, float):
            deadline += math.ceil(message * 1.5)
            extended += message
        else:
            result, finished = message, True
    receive.close()
    if result is not None or not finished:
        process.kill()
    process.join()
    if result is not None:
        return result
    if not finished or process.exitcode == -signal.SIGXCPU:
        return _limit_failure(name, doc_id, out_of_time(name, limits, extended))
    code = process.exitcode or 0
    ended = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    return Failure(name, doc_id, "read", "WorkerDied",
                   f"{name}: the process reading it died ({ended}: killed, or out of memory, whose limit is "
                   f"{limits.memory:,.0f} MB); raise it with --limits memory=… on a machine with more memory")


def _limit_failure(name: str, doc_id: str, error: LimitExceededError) -> Failure:
    """The error row of the report ``name`` over a limit, found outside the reading."""
    return Failure(name, doc_id, error.stage, type(error).__name__, str(error))


class Corpus(Sequence[Document]):
    """Reports read from files: a sequence of :class:`Document` (``len``, iteration,
    indexing by position or doc_id, slicing), the files that failed, the rules they were
    read with, and every table of the registry (:mod:`lawtext.tables`) as a DataFrame,
    built once and shared: ``corpus.coverage``, ``corpus.table("scorecard")``.

    A corpus does not change: :meth:`filter` and slicing give new ones, so a table never
    goes stale.

    >>> corpus = Corpus.from_folder("corpora/seed")
    >>> corpus.documents.loc[0, "issuer"], len(corpus.sections)
    ('沙坪坝区机关事务管理局', 15)
    """

    def __init__(self, docs: Iterable[Document], failures: Iterable[Failure] = (),
                 rules: Rules | None = None, cache: str | Path | None = None,
                 records: dict[str, pd.DataFrame] | None = None, origins: Mapping[str, Origin] | None = None) -> None:
        self.docs: tuple[Document, ...] = tuple(docs)
        self.failures: tuple[Failure, ...] = tuple(failures)
        self.origins: Mapping[str, Origin] = dict(origins or {})
        """Where reports fetched by ``lawtext fetch`` came from, by path (their manifest's
        rows): the documents table's ``source_url``, and its ``publish_date`` where a report
        states none."""
        self.rules = rules or active()
        """The rules the reports were read with; the tables are built with them too."""
        self.cache = Path(cache) if cache else None
        """A folder that keeps analysed reports, and the tables of corpora seen before."""
        self._tables: dict[str, pd.DataFrame] = {}
        self._records = records
        """A lean corpus's :data:`WORKER_TABLES`, built while reading (its documents are
        :func:`lean_document`); None for a corpus of whole documents."""
        self._by_id = {d.doc_id: d for d in self.docs}

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], *, jobs: int = 1, cache: str | Path | None = None,
                   dask: object = None, progress: Callable[..., Iterator] | None = None,
                   rules: Rules | str | Path | None = None, lean: bool = False,
                   parts: str | Path | None = None, exclude: Iterable[str | Path] = (),
                   limits: Limits | None = None) -> Corpus:
        """Read every report under ``paths`` (files or folders).

        ``jobs`` worker processes (or a Dask ``distributed.Client`` as ``dask``) share the
        work; ``cache`` is a folder that keeps analysed reports between runs; ``progress``
        wraps the stream of results, e.g. ``tqdm`` with a total; ``rules`` is a folder of
        rule files layered over the packaged ones (see :mod:`lawtext.rules`), checked before
        any report is read.

        ``lean=True`` is for corpora of thousands of reports: the workers build the
        per-report tables (:data:`WORKER_TABLES`) as they read, and the corpus keeps each
        report :func:`lean_document` (its ``indicators`` and ``measures`` are then empty:
        use the tables). With ``parts`` (a folder every worker can reach), the workers also
        write those tables there as partitioned Parquet (``parts/<table>/part-NNNNN.parquet``),
        a batch as it finishes: a pool's processes send theirs back too, a Dask cluster's
        workers leave them there and the corpus reads them back. Every table is the same
        either way. Nothing under a
        folder of ``exclude`` is read (an output folder inside the input one). ``limits``
        (:class:`~lawtext.limits.Limits`) bound each report's time, size, text and pages.
        A report that a ``lawtext fetch`` manifest lists gets its :attr:`origins` entry."""
        rules = resolve(rules)
        files = report_files(paths, exclude)
        sources = origins(files)
        parts = Path(parts) if parts is not None and lean else None
        if parts is not None:
            for name in PART_TABLES:  # parts of an earlier run would be read back as this one's
                for old in (parts / name).glob("part-*.parquet"):
                    old.unlink()
        batches = read_batches(files, jobs=jobs, cache=DocumentCache(cache) if cache else None, dask=dask,
                               rules=rules, lean=lean, parts=parts, limits=limits)
        built: dict[str, list[pd.DataFrame]] = {name: [] for name in WORKER_TABLES}

        def each_result() -> Iterator[Document | Failure]:
            for batch in batches:
                for name, frame in batch.tables.items():
                    built[name].append(frame)
                yield from batch.results

        results = each_result() if progress is None else progress(each_result(), total=len(files))
        docs: list[Document] = []
        failures: list[Failure] = []
        for result in results:
            if isinstance(result, Failure):
                failures.append(result)
            else:
                docs.append(result)
        if not lean:
            return cls(docs, failures, rules, cache, origins=sources)
        if parts is not None and dask is not None:  # a cluster's workers leave their tables in the parts
            built = {name: _read_parts(sorted((parts / name).glob("part-*.parquet"))) for name in WORKER_TABLES}
        empty = cls([], (), rules)
        records = {name: typed_table(name, pd.concat(frames, ignore_index=True)) if frames else empty.table(name)
                   for name, frames in built.items()}
        return cls(docs, failures, rules, cache, records, sources)

    @classmethod
    def from_folder(cls, folder: str | Path, **options: Any) -> Corpus:
        """Read every report in ``folder`` and its subfolders (options as ``from_paths``)."""
        if not Path(folder).is_dir():
            raise NotADirectoryError(f"{folder}: not a folder")
        return cls.from_paths([folder], **options)

    def __len__(self) -> int:
        return len(self.docs)

    @overload
    def __getitem__(self, key: int | str) -> Document: ...

    @overload
    def __getitem__(self, key: slice) -> Corpus: ...

    def __getitem__(self, key: int | str | slice) -> Document | Corpus:
        """A report by position or doc_id; a slice is a corpus (without the failures)."""
        if isinstance(key, slice):
            return self._subset(self.docs[key], ())
        if isinstance(key, str):
            if key not in self._by_id:
                raise KeyError(f"no report {key!r} in this corpus")
            return self._by_id[key]
        return self.docs[key]

    def __iter__(self) -> Iterator[Document]:
        return iter(self.docs)

    def __contains__(self, item: object) -> bool:
        return item in self._by_id if isinstance(item, str) else item in self.docs

    def __repr__(self) -> str:
        years = sorted({d.metadata.year for d in self.docs if d.metadata.year})
        span = f", {years[0]}–{years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
        issuers = len({d.metadata.issuer for d in self.docs})
        return f"<Corpus: {len(self.docs)} reports, {len(self.failures)} failed, {issuers} issuers{span}>"

    def filter(self, mask: Sequence[bool] | pd.Series | None = None, **docvars: object) -> Corpus:
        """The reports (and failures) where ``mask`` is true — a boolean mask aligned with
        the rows of :attr:`documents`, e.g. ``corpus.documents.issuer_kind == "government"`` —
        and whose document columns equal ``docvars`` (``filter(year=2023, level="city")``)."""
        rows = self.table("documents")
        flags = [True] * len(rows) if mask is None else list(mask)
        if len(flags) != len(rows):
            raise ValueError(f"the mask has {len(flags)} values; the documents table has {len(rows)} rows")
        keep = pd.Series(flags, index=rows.index)
        for column, value in docvars.items():
            if column not in rows.columns:
                raise KeyError(f"no document column {column!r}; columns: {', '.join(rows.columns)}")
            keep &= rows[column] == value
        kept = keep.fillna(False).astype(bool).tolist()
        n = len(self.docs)
        return self._subset([d for d, k in zip(self.docs, kept[:n], strict=True) if k],
                            [f for f, k in zip(self.failures, kept[n:], strict=True) if k])

    def _subset(self, docs: Sequence[Document], failures: Sequence[Failure]) -> Corpus:
        """A corpus of some of these reports, with the same rules, cache and (lean) records."""
        records = None
        if self._records is not None:
            ids = {d.doc_id for d in docs}
            records = {name: frame[frame.doc_id.isin(ids)].reset_index(drop=True)
                       for name, frame in self._records.items()}
        paths = {d.path for d in docs} | {f.path for f in failures}
        return Corpus(docs, failures, self.rules, self.cache, records,
                      {p: o for p, o in self.origins.items() if p in paths})

    @property
    def lean(self) -> bool:
        """Whether the reports are kept :func:`lean_document` (their records in the tables only)."""
        return self._records is not None

    @cached_property
    def fingerprint(self) -> str:
        """What the corpus's tables depend on: the rules, and every report's and failure's
        identity and bytes (a changed report changes it) and the reports' :attr:`origins`; the same as
        :func:`files_fingerprint` of the files it was read from."""
        pairs = [(d.doc_id, d.sha256) for d in self.docs]
        pairs += [(f.doc_id, _file_hash(Path(f.path))) for f in self.failures]
        return _fingerprint(self.rules, pairs, self.origins)

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` of the registry (:data:`lawtext.tables.TABLES`), built on first use
        with the corpus's rules and kept; with a cache folder, kept there too and read back
        by a later corpus with the same :attr:`fingerprint`."""
        if name not in self._tables:
            records = self._records or {}
            self._tables[name] = records[name] if name in records else self._kept_or_built(name)
        return self._tables[name].copy(deep=False)

    def _kept_or_built(self, name: str) -> pd.DataFrame:
        """Table ``name`` from the cache folder when an intact copy is there, else built (and
        kept there)."""
        from lawtext.tables import build

        stored = self.cache / "tables" / f"{name}-{self.fingerprint}.parquet" if self.cache else None
        made_from = {"table": name, "corpus": self.fingerprint}
        kept = read_entry(stored, made_from) if stored is not None else None
        if kept is not None:
            return typed_table(name, pd.read_parquet(io.BytesIO(kept)))
        with using(self.rules):
            frame = build(name, self)
        if stored is not None:
            write_entry(stored, frame.to_parquet(index=False), made_from)
        return frame

    def __getattr__(self, name: str) -> pd.DataFrame:
        from lawtext.tables import TABLES

        if name.startswith("_") or name not in TABLES:
            raise AttributeError(f"'Corpus' object has no attribute {name!r}")
        return self.table(name)

    def __dir__(self) -> list[str]:
        from lawtext.tables import TABLES

        return sorted({*super().__dir__(), *TABLES})


def _read_parts(paths: list[Path]) -> list[pd.DataFrame]:
    """The Parquet files ``paths`` (the parts of one table) as one frame, read in one call;
    none when there are none."""
    import pyarrow.parquet as pq

    return [pq.read_table(paths).to_pandas()] if paths else []


def typed_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the declared types of table ``name`` (after a round trip through Parquet)."""
    from lawtext.tables import TABLES

    return frame.astype({c.name: c.dtype for c in TABLES[name].columns})


def default_jobs() -> int:
    """Worker processes for a batch: the machine's cores."""
    return os.cpu_count() or 1
