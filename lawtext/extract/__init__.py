"""Extraction: quantitative indicators and claimed measures."""
