"""What the compare functions take: a Corpus, a list of Documents or any iterable of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lawtext.model import Document

Documents = Iterable[Document]
"""A Corpus, a list of Documents, a generator of them: anything that yields Documents."""


def documents(docs: Documents) -> Sequence[Document]:
    """``docs`` as a sequence that can be read more than once (a Corpus or a list stays as it is).
    A lean corpus is refused: its reports no longer hold their indicators and measures."""
    if getattr(docs, "lean", False):
        raise ValueError("a lean corpus keeps its reports without their indicators and measures: take its tables "
                         "(corpus.table(name)), or read it without lean=True to compare its Documents")
    return docs if isinstance(docs, Sequence) else list(docs)
