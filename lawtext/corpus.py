"""A folder of reports: read each file in a process pool; failures become rows, never
stop the batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from lawtext.cache import DocumentCache
from lawtext.errors import LawtextError
from lawtext.frames import documents_frame, errors_frame, indicators_frame, measures_frame, sections_frame
from lawtext.ingest import FORMATS
from lawtext.model import Document, Failure
from lawtext.reader import read_bytes


def report_files(paths: Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """(file, root) for every report file under the given files and folders, sorted.

    Hidden files and truth sidecars are skipped; in a folder only known extensions count."""
    found: list[tuple[Path, Path | None]] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += [
                (f, p) for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in FORMATS and not f.name.startswith(".")
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ]
        else:
            found.append((p, None))
    return found


def analyze_file(path: Path, root: Path | None = None, cache: DocumentCache | None = None) -> Document | Failure:
    """Read one file and derive its structure, indicators and measures; any failure is
    returned as a :class:`Failure`, not raised. With ``cache``, a file whose bytes, doc_id
    and rules were seen before is not analysed again."""
    doc_id = path.relative_to(root).as_posix() if root else path.name
    try:
        data = path.read_bytes()
        doc = cache.get(data, doc_id) if cache else None
        if doc is None:
            doc = read_bytes(data, name=str(path), doc_id=doc_id)
            doc.indicators, doc.measures  # noqa: B018 - derive them here, inside the worker
            if cache:
                cache.put(data, doc_id, doc)
        return replace(doc, path=str(path)) if doc.path != str(path) else doc
    except LawtextError as exc:
        return Failure(str(path), doc_id, exc.stage, type(exc).__name__, str(exc))
    except OSError as exc:
        return Failure(str(path), doc_id, "read", type(exc).__name__, f"{path}: {exc.strerror or exc}")
    except Exception as exc:  # a reader library choking on a malformed file
        return Failure(str(path), doc_id, "read", type(exc).__name__, f"{path}: cannot be read ({exc})")


def _analyze(item: tuple[Path, Path | None, DocumentCache | None]) -> Document | Failure:
    return analyze_file(*item)


def analyze_files(files: Sequence[tuple[Path, Path | None]], *, jobs: int = 1, cache: DocumentCache | None = None,
                  dask: object = None) -> Iterator[Document | Failure]:
    """Results in input order: in this process, in a pool of ``jobs`` processes, or on a
    Dask cluster (``dask`` is a ``distributed.Client``)."""
    items = [(path, root, cache) for path, root in files]
    if dask is not None:
        futures = dask.map(_analyze, items, pure=False)
        for future in futures:
            yield future.result()
        return
    if jobs <= 1 or len(items) <= 1:
        yield from map(_analyze, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_analyze, items, chunksize=max(1, len(items) // (4 * jobs)))


class Corpus:
    """Reports read from files, with the tables of docs/design.md §5 as DataFrames.

    >>> corpus = Corpus.from_folder("corpora/seed")
    >>> corpus.documents.loc[0, "issuer"], len(corpus.sections)
    ('沙坪坝区机关事务管理局', 15)
    """

    def __init__(self, docs: Sequence[Document], failures: Sequence[Failure] = ()) -> None:
        self.docs = list(docs)
        self.failures = list(failures)

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], *, jobs: int = 1, cache: str | Path | None = None,
                   dask: object = None, progress: Callable[[Iterator], Iterator] | None = None) -> Corpus:
        """Read every report under ``paths`` (files or folders).

        ``jobs`` worker processes (or a Dask ``distributed.Client`` as ``dask``) share the
        work; ``cache`` is a folder that keeps analysed reports between runs; ``progress``
        wraps the stream of results, e.g. ``tqdm`` with a total."""
        files = report_files(paths)
        results = analyze_files(files, jobs=jobs, cache=DocumentCache(cache) if cache else None, dask=dask)
        if progress is not None:
            results = progress(results, total=len(files))
        docs, failures = [], []
        for result in results:
            (failures if isinstance(result, Failure) else docs).append(result)
        return cls(docs, failures)

    @classmethod
    def from_folder(cls, folder: str | Path, **options: object) -> Corpus:
        """Read every report in ``folder`` and its subfolders (options as ``from_paths``)."""
        if not Path(folder).is_dir():
            raise NotADirectoryError(f"{folder}: not a folder")
        return cls.from_paths([folder], **options)

    def __len__(self) -> int:
        return len(self.docs)

    @cached_property
    def documents(self) -> pd.DataFrame:
        return documents_frame(self.docs, self.failures)

    @cached_property
    def sections(self) -> pd.DataFrame:
        return sections_frame(self.docs)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        return indicators_frame(self.docs)

    @cached_property
    def measures(self) -> pd.DataFrame:
        return measures_frame(self.docs)

    @cached_property
    def errors(self) -> pd.DataFrame:
        return errors_frame(self.failures)


def default_jobs() -> int:
    """Worker processes for a batch: the machine's cores."""
    return os.cpu_count() or 1
