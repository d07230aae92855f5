"""Chinese word segmentation: jieba's dictionary and semantics, run by the rjieba engine
(jieba's tokens, 31× faster here; docs/design.md §6), with lawtext's domain dictionary.

:class:`Tokenizer` is small and picklable: it plugs into scikit-learn
(``TfidfVectorizer(tokenizer=Tokenizer(), token_pattern=None, lowercase=False)``), process
pools and Dask. The dictionary loads once per process, on first use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import compress

from lawtext.rules import Rules, active

_WORD = re.compile(r"\w")
_NUMBER = re.compile(r"^[\d.,%]+$")


@cache
def _segmenter(rules: Rules):
    """A segmenter with jieba's dictionary plus the domain terms of ``rules`` (built once
    per rules in force)."""
    import rjieba

    engine = rjieba.Jieba()
    for word, frequency, pos in rules.domain_dict:
        engine.add_word(word, frequency, pos)
    return engine


def _engine():
    """The segmenter of the rules in force."""
    return _segmenter(active())


def load_segmenter(rules: Rules) -> None:
    """Load the segmenter of ``rules`` now (its dictionary takes 0.4 s and 60 MB): a
    process forked after this starts with it instead of loading its own."""
    _segmenter(rules)


@cache
def _protected(rules: Rules) -> re.Pattern[str]:
    terms = sorted(rules.protected_terms, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terms)))


def stopwords() -> frozenset[str]:
    """The stopwords in force (``stopwords.txt``)."""
    return active().stopwords


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """All tokens of ``text``, whitespace and punctuation included, in order, so that
    ``"".join(cut(text)) == text``. Protected terms (双随机、一公开) stay whole. Without
    ``hmm`` only dictionary words are joined (jieba's guessing of unknown words is off)."""
    engine = _engine()
    tokens: list[str] = []
    pos = 0
    for match in _protected(active()).finditer(text):
        tokens += engine.cut(text[pos:match.start()], hmm) if match.start() > pos else []
        tokens.append(match.group())
        pos = match.end()
    if pos < len(text):
        tokens += engine.cut(text[pos:], hmm)
    return tokens


_VERDICTS = 500_000
"""Tokens whose verdict is kept at most (per rules and options); beyond, the store starts again."""


@cache
def _verdicts(rules: Rules, drop_stopwords: bool, drop_numbers: bool) -> dict[str, bool]:
    """Whether :class:`Tokenizer` keeps a token, for each token met so far: a text has
    thousands of tokens and a corpus a vocabulary of tens of thousands, so each is judged once."""
    return {}


class Tokenizer:
    """Words of a text for counting and vectorising.

    >>> Tokenizer()("深入学习贯彻习近平法治思想，落实双随机、一公开监管")
    ['学习', '贯彻', '习近平法治思想', '双随机、一公开', '监管']
    """

    def __init__(self, *, drop_stopwords: bool = True, drop_numbers: bool = True) -> None:
        self.drop_stopwords = drop_stopwords
        self.drop_numbers = drop_numbers

    def __call__(self, text: str) -> list[str]:
        kept = _verdicts(active(), self.drop_stopwords, self.drop_numbers)
        if len(kept) > _VERDICTS:
            kept.clear()
        tokens = cut(text)
        for token in set(tokens).difference(kept):  # each token judged once, the rest looked up in C
            kept[token] = self._keeps(token)
        return list(compress(tokens, map(kept.__getitem__, tokens)))

    def _keeps(self, token: str) -> bool:
        return (_WORD.search(token) is not None and not (self.drop_stopwords and token in stopwords())
                and not (self.drop_numbers and _NUMBER.match(token)))

    def __repr__(self) -> str:
        return f"Tokenizer(drop_stopwords={self.drop_stopwords}, drop_numbers={self.drop_numbers})"


def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs in jieba's tag set; domain terms are tagged ``nz``."""
    return _tagged(text, active()) if text else ()


@lru_cache(maxsize=1 << 15)  # the phrases around numbers and verbs recur (three in four, 40 MB at most)
def _tagged(text: str, rules: Rules) -> tuple[tuple[str, str], ...]:
    return tuple(_segmenter(rules).tag(text))
