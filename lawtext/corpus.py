"""A folder of reports: read each file in a process pool; failures become rows, never
stop the batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cached_property
from pathlib import Path

import pandas as pd

from lawtext.errors import LawtextError
from lawtext.frames import documents_frame, errors_frame, indicators_frame, measures_frame, sections_frame
from lawtext.ingest import FORMATS
from lawtext.model import Document, Failure
from lawtext.reader import read


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


def analyze_file(path: Path, root: Path | None = None) -> Document | Failure:
    """Read one file; any failure is returned as a :class:`Failure`, not raised."""
    doc_id = path.relative_to(root).as_posix() if root else path.name
    try:
        doc = read(path, root=root)
        doc.indicators, doc.measures  # noqa: B018 - derive them here, inside the worker
        return doc
    except LawtextError as exc:
        return Failure(str(path), doc_id, exc.stage, type(exc).__name__, str(exc))
    except OSError as exc:
        return Failure(str(path), doc_id, "read", type(exc).__name__, f"{path}: {exc.strerror or exc}")
    except Exception as exc:  # a reader library choking on a malformed file
        return Failure(str(path), doc_id, "read", type(exc).__name__, f"{path}: cannot be read ({exc})")


def _analyze(item: tuple[Path, Path | None]) -> Document | Failure:
    return analyze_file(*item)


def analyze_files(files: Sequence[tuple[Path, Path | None]], *, jobs: int = 1) -> Iterator[Document | Failure]:
    """Results in input order; ``jobs > 1`` runs a process pool."""
    if jobs <= 1 or len(files) <= 1:
        yield from map(_analyze, files)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_analyze, files, chunksize=max(1, len(files) // (4 * jobs)))


class Corpus:
    """Reports read from files, with the tables of DESIGN.md §3 as DataFrames.

    >>> corpus = Corpus.from_folder("corpora/seed")
    >>> corpus.documents.loc[0, "issuer"], len(corpus.sections)
    ('沙坪坝区机关事务管理局', 15)
    """

    def __init__(self, docs: Sequence[Document], failures: Sequence[Failure] = ()) -> None:
        self.docs = list(docs)
        self.failures = list(failures)

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], *, jobs: int = 1,
                   progress: Callable[[Iterator], Iterator] | None = None) -> Corpus:
        """Read every report under ``paths`` (files or folders).

        ``progress`` wraps the stream of results, e.g. ``tqdm`` with a total."""
        files = report_files(paths)
        results = analyze_files(files, jobs=jobs)
        if progress is not None:
            results = progress(results, total=len(files))
        docs, failures = [], []
        for result in results:
            (failures if isinstance(result, Failure) else docs).append(result)
        return cls(docs, failures)

    @classmethod
    def from_folder(cls, folder: str | Path, *, jobs: int = 1) -> Corpus:
        """Read every report in ``folder`` and its subfolders."""
        if not Path(folder).is_dir():
            raise NotADirectoryError(f"{folder}: not a folder")
        return cls.from_paths([folder], jobs=jobs)

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
