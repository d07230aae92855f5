"""Paragraphs and sentences as spans of the normalised text."""

from __future__ import annotations

import re

from lawtext.model import Span

_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』）)]*)?")


def find_paragraphs(text: str) -> tuple[Span, ...]:
    """One span per line of the normalised text."""
    return tuple(Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text))


def find_sentences(text: str) -> tuple[Span, ...]:
    """Sentences end at ``。！？`` (with any closing quote) or at a paragraph end."""
    return tuple(Span(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip())
