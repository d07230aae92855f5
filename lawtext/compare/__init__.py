"""Comparisons across reports: coverage, themes, indicators side by side, keyness, reuse,
follow-through, keyword in context and scorecards. Each function returns a DataFrame."""
