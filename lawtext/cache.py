"""A cache of analysed reports keyed by content: the file's bytes, its ``doc_id`` and the
fingerprint of the rules in force (lawtext version, record format and every rule file), so
that edited rules invalidate it."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from lawtext.model import Document
from lawtext.output import atomic_write
from lawtext.rules import active


class DocumentCache:
    """Analysed documents on disk, one pickle per key, written atomically."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, data: bytes, doc_id: str) -> Path:
        key = hashlib.sha256(data + b"\0" + doc_id.encode() + b"\0" + active().fingerprint.encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, data: bytes, doc_id: str) -> Document | None:
        """The document stored for these bytes and ``doc_id`` under the current rules, else None."""
        path = self._path(data, doc_id)
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def put(self, data: bytes, doc_id: str, doc: Document) -> None:
        """Store ``doc`` as the analysis of these bytes and ``doc_id``, written atomically."""
        atomic_write(self._path(data, doc_id), lambda h: pickle.dump(doc, h, protocol=pickle.HIGHEST_PROTOCOL))
