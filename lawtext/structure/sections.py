"""Turn headings into a section tree (in the manner of quanteda's ``corpus_segment``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lawtext.model import Section
from lawtext.structure.parts import required_part

if TYPE_CHECKING:
    from lawtext.model import Document


def build_sections(doc: Document) -> tuple[Section, ...]:
    """One section per heading: it spans from its heading to the next heading of its
    level or above. ``section_id`` is the path of sibling ordinals (``2.3``); first-level
    sections carry their required part."""
    headings = doc.headings
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, section_id) of the open ancestors
    children: dict[str, int] = {}
    for i, h in enumerate(headings):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        children[parent] = children.get(parent, 0) + 1
        section_id = f"{parent}.{children[parent]}" if parent else str(children[parent])
        end = next((later.start for later in headings[i + 1:] if later.level <= h.level), len(doc.text))
        part = required_part(h.title, doc.metadata.year) if not stack else ""
        sections.append(Section(
            doc_id=doc.doc_id, section_id=section_id, parent_id=parent, level=h.level,
            number=h.number, title=h.title, required_part=part,
            start=h.start, end=end, heading_end=h.end,
        ))
        stack.append((h.level, section_id))
    return tuple(sections)
