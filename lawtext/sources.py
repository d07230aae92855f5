"""Where fetched reports came from: the ``manifest.csv`` that ``lawtext fetch`` keeps in its
folder (one row per page or attachment it requested), written atomically and read back by
``lawtext fetch`` (to resume) and by the corpus (the ``source_url`` and, where the report
states none, the ``publish_date`` of the documents table).

This module imports no network code, so reading a corpus never loads the crawler."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from lawtext.output import atomic_write
from lawtext.resources import DATE

MANIFEST = "manifest.csv"
"""The file name of a fetch manifest, in the folder the files were saved under."""


@dataclass(frozen=True)
class Entry:
    """One row of a fetch manifest: a page or attachment requested, and what came of it."""

    url: str
    """The URL as linked."""
    final_url: str = ""
    """Where it was served from after redirects ("" when nothing was served)."""
    referrer: str = ""
    """The list page or article that linked it."""
    status: str = ""
    """The HTTP status of the last response, "" when there was none (a timeout, robots.txt)."""
    content_type: str = ""
    sha256: str = ""
    """Hash of the saved bytes."""
    fetched_at: str = ""
    """When it was requested, UTC, ISO 8601."""
    title: str = ""
    """A page's title; for an attachment, the anchor text of its link."""
    published: str = ""
    """The publish date as the page states it (an attachment: as its article states it)."""
    path: str = ""
    """The saved file, relative to the manifest's folder, with ``/``; "" when none was saved."""
    kind: str = ""
    """``page`` (an article) or ``attachment``."""
    error: str = ""
    """Why nothing (or nothing usable) was saved, "" when all went well."""


COLUMNS = [f.name for f in fields(Entry)]
"""The manifest's columns, in order."""
_FORMULA_GUARD = "'"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would run as a formula gets a ``'``
    (titles come from web pages, whose authors choose them)."""
    return _FORMULA_GUARD + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    if value.startswith(_FORMULA_GUARD) and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def write_manifest(folder: Path, entries: Iterable[Entry]) -> Path:
    """Write ``folder/manifest.csv`` (UTF-8 with BOM, every field quoted) atomically: a
    killed run leaves the previous complete file, never half of one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_cell(v) for v in asdict(entry).values()])
    data = buffer.getvalue().encode("utf-8-sig")
    return atomic_write(folder / MANIFEST, lambda h: h.write(data))


def read_manifest(path: Path) -> list[Entry] | None:
    """The rows of a fetch manifest; None when ``path`` is missing, unreadable or not one
    (another program's ``manifest.csv`` has other columns), or not a regular file (a FIFO
    would block the read)."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    rows = csv.reader(io.StringIO(text, newline=""))
    if next(rows, None) != COLUMNS:
        return None
    return [Entry(*(_uncell(v) for v in row)) for row in rows if len(row) == len(COLUMNS)]


@dataclass(frozen=True)
class Origin:
    """Where a report file came from, by its fetch manifest."""

    url: str
    published: str
    """As the page states it."""

    @property
    def publish_date(self) -> str:
        """:attr:`published` as YYYY-MM-DD, "" when it holds no date."""
        match = DATE.search(self.published)
        return f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}" if match else ""


def origins_of(files: Iterable[Path]) -> dict[Path, Origin]:
    """The origin of each file that a fetch manifest lists, by the file's path as given:
    the nearest ``manifest.csv`` in its folder or a folder above it whose ``path`` column
    names it."""
    listed: dict[Path, Mapping[str, Origin]] = {}

    def rows_of(folder: Path) -> Mapping[str, Origin]:
        if folder not in listed:
            entries = read_manifest(folder / MANIFEST) or []
            listed[folder] = {e.path: Origin(e.url, e.published) for e in entries if e.path and not e.error}
        return listed[folder]

    found: dict[Path, Origin] = {}
    for file in files:
        absolute = Path(os.path.abspath(file))
        for folder in absolute.parents:
            origin = rows_of(folder).get(absolute.relative_to(folder).as_posix())
            if origin is not None:
                found[file] = origin
                break
    return found
