"""Comparisons across reports: coverage, themes, indicators side by side, keyness, reuse,
follow-through, keyword in context and scorecards. Each function returns a DataFrame.

>>> from lawtext import Corpus, compare
>>> corpus = Corpus.from_folder("corpora/seed")
>>> compare.coverage_frame(corpus.docs).evidence.tolist()
['heading', 'heading', 'heading', 'heading', 'none']
"""

from lawtext.compare.coverage import coverage_frame, part_evidence
from lawtext.compare.followthrough import follow_through, plan_items
from lawtext.compare.keyness import group_mask, keyness
from lawtext.compare.kwic import kwic
from lawtext.compare.reuse import reuse_share, shared_sentences
from lawtext.compare.summary import coverage_matrix, indicator_table, problems_concreteness, scorecard
from lawtext.compare.themes import crosswalk, scheme_for, themes_frame

__all__ = [
    "coverage_frame", "coverage_matrix", "crosswalk", "follow_through", "group_mask", "indicator_table", "keyness",
    "kwic",
    "part_evidence", "plan_items", "problems_concreteness", "reuse_share", "scheme_for", "scorecard",
    "shared_sentences", "themes_frame",
]
