"""Readers, one per format, each returning a :class:`~lawtext.model.Source`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lawtext.errors import UnsupportedFormatError
from lawtext.model import Source

Reader = Callable[[bytes, str], Source]


def _reader(fmt: str) -> Reader:
    # Imported on use: a folder of TXT files never loads the PDF or HTML stacks.
    if fmt == "txt":
        from lawtext.ingest.text import read_text as reader
    elif fmt == "pdf":
        from lawtext.ingest.pdf import read_pdf as reader
    elif fmt == "docx":
        from lawtext.ingest.docx import read_docx as reader
    elif fmt == "doc":
        from lawtext.ingest.doc import read_doc as reader
    elif fmt == "image":
        from lawtext.ingest.image import read_image as reader
    else:
        from lawtext.ingest.html import read_html as reader
    return reader


FORMATS = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc",
           ".html": "html", ".htm": "html", ".shtml": "html",
           ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}
"""File extension → format name (``.wps``, Kingsoft WPS Writer, has Word 97–2003's layout;
images are scans, read by OCR)."""


def file_format(path: str | Path) -> str:
    """The format of a file by its extension; :class:`UnsupportedFormatError` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormatError(f"{path}: unsupported file type {suffix or '(none)'}")
    return FORMATS[suffix]


def read_source(data: bytes, name: str, fmt: str) -> Source:
    """Paragraphs and metadata hints of a file's bytes, read as ``fmt``."""
    return _reader(fmt)(data, name)
