"""lawtext: Chinese government annual reports on law-based government, as data.

>>> import lawtext
>>> doc = lawtext.read("corpora/seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt")
>>> corpus = lawtext.Corpus.from_folder("corpora/seed")
>>> lawtext.compare.coverage_frame(corpus).shape
(5, 7)

``lawtext.compare``, ``lawtext.plot``, ``lawtext.tables`` and ``lawtext.rules`` are
imported on first use (the charts' matplotlib is not loaded until needed).
"""

from __future__ import annotations

import importlib
from typing import Any

from lawtext.corpus import Corpus
from lawtext.errors import LawtextError
from lawtext.model import REQUIRED_PARTS, Document, Section
from lawtext.reader import read, read_bytes

__all__ = ["REQUIRED_PARTS", "Corpus", "Document", "LawtextError", "Section", "compare", "plot", "read", "read_bytes",
           "rules", "tables"]
__version__ = "0.1.0"

_LAZY = {"compare": "lawtext.compare", "plot": "lawtext.plot", "tables": "lawtext.tables", "rules": "lawtext.rules"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    if name == "write_analysis":
        from lawtext.report import write_analysis

        return write_analysis
    raise AttributeError(f"module 'lawtext' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "write_analysis"})
