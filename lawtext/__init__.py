"""lawtext: Chinese government annual reports on law-based government, as data.

>>> import lawtext
>>> doc = lawtext.read("corpora/seed/沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt")
>>> corpus = lawtext.Corpus.from_folder("corpora")
"""

from lawtext.corpus import Corpus
from lawtext.errors import LawtextError
from lawtext.model import REQUIRED_PARTS, Document, Section
from lawtext.reader import read, read_bytes

__all__ = ["REQUIRED_PARTS", "Corpus", "Document", "LawtextError", "Section", "read", "read_bytes"]
__version__ = "0.1.0"
