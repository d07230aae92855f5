"""The cache folder: analysed reports keyed by content (the file's bytes, its ``doc_id`` and
the fingerprint of the rules in force: lawtext version, record format and every rule file,
so that edited rules invalidate it), and corpus tables.

Nothing read from the cache is trusted: every entry starts with a header line naming the
entry format, what it was made from and the sha256 of its payload. An entry that is
damaged, truncated, of another format or made from other inputs reads as missing, so the
report is analysed again and the entry rewritten; it never changes a result or fails a
report.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from lawtext.model import Document
from lawtext.output import atomic_write
from lawtext.rules import active

ENTRY_FORMAT = "lawtext-cache 1"


def write_entry(path: Path, payload: bytes, made_from: dict[str, str]) -> Path:
    """Write ``payload`` at ``path`` (atomically) behind a header: the entry format,
    ``made_from`` and the payload's sha256."""
    header = {"format": ENTRY_FORMAT, **made_from, "payload_sha256": hashlib.sha256(payload).hexdigest()}
    line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    return atomic_write(path, lambda h: h.write(line + payload))


def read_entry(path: Path, made_from: dict[str, str]) -> bytes | None:
    """The payload at ``path`` when its header says it is of this format, made from
    ``made_from``, and the payload's sha256 matches; else None (missing or not to be trusted)."""
    try:
        data = path.read_bytes()
        line, _, payload = data.partition(b"\n")
        header: Any = json.loads(line.decode("utf-8"))
    except (OSError, ValueError):
        return None
    expected = {"format": ENTRY_FORMAT, **made_from, "payload_sha256": hashlib.sha256(payload).hexdigest()}
    return payload if header == expected else None


class DocumentCache:
    """Analysed documents on disk, one checked entry per key (:func:`write_entry`)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _entry(self, data: bytes, doc_id: str) -> tuple[Path, dict[str, str]]:
        made_from = {"sha256": hashlib.sha256(data).hexdigest(), "doc_id": doc_id, "rules": active().fingerprint}
        key = hashlib.sha256(json.dumps(made_from, sort_keys=True).encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle", made_from

    def get(self, data: bytes, doc_id: str) -> Document | None:
        """The document stored for these bytes and ``doc_id`` under the current rules, else
        None (also when the entry cannot be trusted: see the module's docstring)."""
        path, made_from = self._entry(data, doc_id)
        payload = read_entry(path, made_from)
        if payload is None:
            return None
        try:
            doc = pickle.loads(payload)
        except Exception:  # a payload that passed its checksum but not its unpickling: written by another lawtext
            return None
        ok = isinstance(doc, Document) and doc.doc_id == doc_id and doc.sha256 == made_from["sha256"]
        return doc if ok else None

    def put(self, data: bytes, doc_id: str, doc: Document) -> None:
        """Store ``doc`` as the analysis of these bytes and ``doc_id``, written atomically."""
        path, made_from = self._entry(data, doc_id)
        write_entry(path, pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), made_from)
