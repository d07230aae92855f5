"""One error hierarchy: every failure names the file and, where there is one, the fix."""

from __future__ import annotations


class LawtextError(Exception):
    """Base class of every error lawtext raises on purpose."""

    stage = "read"


class UnsupportedFormatError(LawtextError, ValueError):
    """The file's extension names no format lawtext reads, or its content is an older
    version of one (a Word 6.0/95 file)."""


class EmptyDocumentError(LawtextError, ValueError):
    """The file holds no text at all."""


class EncodingError(LawtextError, UnicodeError):
    """The bytes are binary, or no text encoding explains them."""


class CorruptFileError(LawtextError, ValueError):
    """The file is damaged and its reader cannot open it."""


class EncryptedDocumentError(LawtextError, PermissionError):
    """The file is encrypted and needs a password to open (a PDF, a Word 97–2003 file)."""


class EncryptedPDFError(EncryptedDocumentError):
    """The PDF needs a password to open."""


class ScannedPDFError(LawtextError, ValueError):
    """The PDF has pages but no text layer, and OCR found no text on them (or could not run:
    then :class:`OCRUnavailableError`)."""


class OCRUnavailableError(LawtextError, ValueError):
    """The file is a scan (a PDF without a text layer, or an image) and needs OCR, but the
    OCR engine is not installed: ``pip install 'lawtext[ocr]'``."""


class UnreadableTextError(LawtextError, ValueError):
    """The PDF's text layer is glyph ids without a Unicode map, e.g. ``(cid:123)``."""


class NotARegularFileError(LawtextError, ValueError):
    """The path is a FIFO, a device or a socket: never opened (it could block or never end)."""


class LimitExceededError(LawtextError, ValueError):
    """The report is over a per-report limit (time, size, characters, pages: :mod:`lawtext.limits`)."""
