"""Headings, sections, required parts, paragraphs and sentences."""
