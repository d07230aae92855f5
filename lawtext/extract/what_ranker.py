"""Choosing what an indicator counts among the phrases around its number, with a linear
ranker learned from annotated real reports (docs/indicators.md).

The rules of :mod:`lawtext.extract.what` propose one label. Real reports phrase counts in
more ways than rules foresee, so the label is chosen among candidates:

- ``left``: word spans that end at the number, up to three words before it, or before a
  word that opens a from–to pair or a list (由, 从, 分别, 共…): 申报材料由78个减少至49个;
- ``right``: word spans that start just after the unit (召开5次党组会议 → 党组会议);
- ``joined``: a span ending at the number joined to one after it (聘请1名律师 → 聘请律师);
- ``rule``: the rules' label.

No span holds a digit or leaves a bracket or quote unmatched (:func:`_marks`): such a
phrase runs into another count or cuts a name, and is never what the number counts.

Each candidate is described by binary features (the tags and words at its ends and borders,
the pairs of tags across each border, the role the `what` word lists give each border word,
its length, its distance from the number, its agreement with the rules' label); the weights
of ``what_ranker.json`` (a rule file, see :mod:`lawtext.rules`) score them and the best wins (the first on a tie).
``benchmarks/train_what.py`` learns the weights from :func:`candidates` and cross-validates
them by report. Reading a report scores the same candidates without building them
(:class:`_Scorer`: each word's weights summed once), which chooses the same label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from lawtext.resources import TABLE_CELL
from lawtext.rules import Rules, active
from lawtext.segment import tag

MODEL_FILE = "what_ranker.json"
_LEFT_CHARS, _RIGHT_CHARS, _MAX_WORDS = 40, 30, 7
_NEAR_ENDS, _RIGHT_STARTS, _JOINED_LEFT, _JOINED_RIGHT = 3, 3, 4, 5
_HARD = frozenset("。；;！!？?\n" + TABLE_CELL)
_SOFT = frozenset("，,、：:")
_OPENERS, _CLOSERS = "（(《“", "）)》”"
_OPEN, _CLOSE = frozenset(_OPENERS), frozenset(_CLOSERS)
_ANCHORS = frozenset({"由", "从", "分别", "均", "共", "共计", "累计", "合计"})
_CHAR_CUTS = (1, 2, 3, 4, 6, 8, 10, 14)
_WINDOWS_KEPT = 1 << 14
"""Choices kept by what the ranker reads around a number (:func:`_choose_around`), per process."""
_WORD_CUTS = (0, 1, 2, 3, 5, 8)


class Word(NamedTuple):
    """A word of the text with its jieba tag, the tag's coarse class and offsets (a
    named tuple: tens of them are made for every number)."""

    text: str
    tag: str
    start: int
    end: int
    coarse: str = ""


_NONE = Word("", "none", 0, 0, "none")


Part = str | tuple[str, ...]
"""A feature, or a group of features shared by many candidates (the words at a span's
ends), scored once."""


@dataclass(frozen=True)
class Candidate:
    """A phrase that may name what a number counts, with the features that score it."""

    kind: str
    text: str
    parts: tuple[Part, ...]

    @property
    def features(self) -> tuple[str, ...]:
        """Every feature of the candidate, groups opened."""
        return tuple(f for part in self.parts for f in ((part,) if isinstance(part, str) else part))


@cache
def _bucket(n: int, cuts: tuple[int, ...]) -> str:
    return next((str(c) for c in cuts if n <= c), "more")


@cache
def _coarse(pos: str) -> str:
    if pos.startswith("v") and pos != "vn":
        return "v"
    if pos[:1] in ("n", "j") or pos in ("vn", "l", "eng"):
        return "n"
    return "x" if pos in ("x", "w") else pos[:1]


def _words(text: str, lo: int, hi: int) -> list[Word]:
    words, pos, new = [], lo, tuple.__new__  # a Word made as the tuple it is: a quarter of the time
    for word, pos_tag in tag(text[lo:hi]):
        end = pos + len(word)
        words.append(new(Word, (word, pos_tag, pos, end, _coarse(pos_tag))))
        pos = end
    return words


_MARK_BASE = 1 << 16
"""The base of the digits of :func:`_marks`: a phrase of tens of words never counts as many
brackets, so that sums of marks never carry from one digit into the next."""


@lru_cache(maxsize=1 << 16)  # bounded: one entry per distinct word read
def _marks(word: str) -> int:
    """What makes a phrase ill-formed, counted in a word: whether it holds a digit, then per
    kind of bracket or quote the number opened less the number closed, each a digit of one
    number in base :data:`_MARK_BASE` (so that the marks of a span are a sum of its words'
    and compared at once). A span whose words sum to zero neither runs into another number
    (行政案件42宗，拘留) nor cuts a pair of brackets or quotes (“一站式”服务 → 一站式”服务)."""
    counts = (word.count(opener) - word.count(closer) for opener, closer in zip(_OPENERS, _CLOSERS, strict=True))
    return int(_counts(word)) + sum(n * _MARK_BASE ** k for k, n in enumerate(counts, 1))


def _counts(word: str) -> bool:
    """Whether a word is (or holds) a number that counts: a digit, unless the word is a name
    of Latin letters and digits (PM2.5, CO2)."""
    return any(ch.isdigit() for ch in word) and not any("a" <= ch.lower() <= "z" for ch in word)


@dataclass
class _Side:
    """The words on one side of the number (``L`` or ``R``), with running counts made once
    for all the spans of that side (``counts[j] - counts[i]``: how many of the words ``i:j``);
    the word features of each position are made when candidates are built (the scorer looks
    their weights up by word instead)."""

    side: str
    words: list[Word]
    verbs: list[int]
    nouns: list[int]
    commas: list[int]
    shape: str
    """The coarse tag of each word, one letter each (``v``, ``n``, …)."""
    marks: list[int]
    """Running sums of each word's :func:`_marks`."""

    @classmethod
    def of(cls, side: str, words: list[Word]) -> _Side:
        verbs, nouns, commas, marks = [0], [0], [0], [0]
        for w in words:  # one pass: made for every number read
            coarse = w.coarse
            verbs.append(verbs[-1] + (coarse == "v"))
            nouns.append(nouns[-1] + (coarse == "n"))
            commas.append(commas[-1] + (w.text in _SOFT))
            marks.append(marks[-1] + _marks(w.text))
        return cls(side, words, verbs, nouns, commas, "".join([w.coarse for w in words]), marks)

    def marks_of(self, i: int, j: int) -> int:
        """The summed :func:`_marks` of the words ``i:j``."""
        return self.marks[j] - self.marks[i]

    def well_formed(self, i: int, j: int) -> bool:
        """Whether the words ``i:j`` hold no digit, close every bracket they open, do not
        start right after a number (:meth:`after_number`) and make at least two characters
        (a single character, 市 or 件, names nothing a number counts)."""
        return (self.marks[i] == self.marks[j] and not self.after_number(i)
                and self.words[j - 1].end - self.words[i].start >= 2)

    def after_number(self, i: int) -> bool:
        """Whether word ``i`` follows a number: a phrase starting there starts with that
        number's classifier or year (43家|建设项目单位, 2024年|经评估), not with what a count names."""
        return i > 0 and (self.marks[i] - self.marks[i - 1]) % _MARK_BASE == 1

    @cached_property
    def first(self) -> list[tuple[str, str, str]]:
        """For a span starting at word k: its first word's features."""
        return [_word_features(self.side, "first", w) for w in self.words]

    @cached_property
    def last(self) -> list[tuple[str, str, str]]:
        """For a span ending with word k: its last word's features."""
        return [_word_features(self.side, "last", w) for w in self.words]

    @cached_property
    def before(self) -> list[tuple[str, str, str]]:
        """For a span starting at word k: the features of the word before it."""
        return [_word_features(self.side, "before", w) for w in [_NONE, *self.words[:-1]]]

    @cached_property
    def after(self) -> list[tuple[str, str, str]]:
        """For a span ending before word k: the features of the word after it."""
        return [_word_features(self.side, "after", w) for w in [*self.words, _NONE]]


def _word_features(side: str, role: str, w: Word) -> tuple[str, str, str]:
    """The tag, text and word-list features of word ``w`` in ``role`` on ``side``."""
    return f"{side}:{role}_tag={w.tag}", f"{side}:{role}={w.text}", f"{side}:{role}_class={_word_class(w.text)}"


def _word_class(word: str) -> str:
    """The role the `what` rules' word lists (``what.toml``) give a word, the first that
    holds it: an event verb, a verb of change, a stop, a linking word, a modifier, a
    conjunction, a classifier, or none. Rare words share the weight of their list."""
    r = active().what
    for name, words in (("light", r.light_verbs), ("change", r.change_verbs), ("stop", r.left_stop)):
        if word in words:
            return name
    if word and r.linking.fullmatch(word):
        return "link"
    for name, words in (("modifier", r.modifiers), ("conjunction", r.conjunctions), ("classifier", r.classifiers)):
        if word in words:
            return name
    return "other"


def _bracketed(words: list[Word]) -> list[bool]:
    """For each word, whether it stands inside brackets or quotes: 县（市、区）."""
    depth, inside = 0, []
    for w in words:
        depth += w.text in _OPEN
        inside.append(depth > 0)
        if w.text in _CLOSE:
            depth = max(depth - 1, 0)
    return inside


def _tenths(label: str, rule: frozenset[str]) -> int:
    """The character-set Jaccard of a label with the rules' label's characters, in whole
    tenths rounded down (10 when both are empty)."""
    chars = set(label)
    shared = len(chars & rule)
    union = len(chars) + len(rule) - shared
    return 10 * shared // union if union else 10


_AGREEMENT = [_bucket(k, (0, 3, 5, 7, 9, 10)) for k in range(11)]
"""The bucket of each agreement in tenths."""


def _agreement(label: str, rule: frozenset[str]) -> str:
    """The character-set Jaccard of a label with the rules' label's characters, bucketed."""
    return _AGREEMENT[_tenths(label, rule)]


@dataclass(frozen=True)
class _Context:
    """The words around one number and the rules' label for it."""

    text: str
    left: list[Word]
    right: list[Word]
    unit: str
    rule: str
    rule_chars: frozenset[str]
    sides: dict[str, _Side]

    @classmethod
    def of(cls, text: str, left: list[Word], right: list[Word], unit: str, rule: str) -> _Context:
        sides = {"L": _Side.of("L", left), "R": _Side.of("R", right)}
        return cls(text, left, right, unit, rule, frozenset(rule), sides)

    @property
    def at_number(self) -> tuple[str, str, str, str, bool]:
        """What every span shares: the unit, the tags of the words before and after the
        number, the word before it, whether the rules gave no label."""
        before, after = (self.left[-1] if self.left else _NONE), (self.right[0] if self.right else _NONE)
        return self.unit, before.tag, after.tag, before.text, not self.rule

    def near(self, side: str) -> tuple[str, ...]:
        """The features every span of ``side`` shares (:attr:`at_number`)."""
        unit, before_tag, after_tag, before, no_rule = self.at_number
        return (f"{side}:unit={unit}", f"{side}:number_before_tag={before_tag}",
                f"{side}:number_after_tag={after_tag}", f"{side}:number_before={before}",
                f"{side}:rule_empty={no_rule}")


@cache
def _labels(side: str) -> dict[str, list[str]]:
    """The features of counts and lengths, by value, made once per side: ``words[n]`` is
    the feature of a span of n words."""
    return {
        "words": [f"{side}:words={_bucket(n, _WORD_CUTS)}" for n in range(_MAX_WORDS + 2)],
        "chars": [f"{side}:chars={_bucket(n, _CHAR_CUTS)}" for n in range(_CHAR_CUTS[-1] + 2)],
        "verbs": [f"{side}:verbs={_bucket(n, (0, 1, 2))}" for n in range(4)],
        "nouns": [f"{side}:nouns={_bucket(n, (0, 1, 2, 3))}" for n in range(5)],
        "comma": [f"{side}:comma={flag}" for flag in (False, True)],
        "de": [f"{side}:de={flag}" for flag in (False, True)],
    }


def _span_parts(side: str, seq: list[Word], i: int, j: int, dist: str, c: _Context) -> list[Part]:
    """The features of the span ``seq[i:j]``, the groups shared with other spans kept whole."""
    at, labels = c.sides[side], _labels(side)
    text = c.text[seq[i].start:seq[j - 1].end]
    parts: list[Part] = [
        f"{side}:dist={dist}", labels["words"][min(j - i, _MAX_WORDS + 1)],
        labels["chars"][min(len(text), _CHAR_CUTS[-1] + 1)],
        at.first[i], at.last[j - 1], at.before[i], at.after[j],
        f"{side}:tags={seq[i].tag}|{seq[j - 1].tag}", f"{side}:last_char={text[-1]}",
        f"{side}:in_border={(seq[i - 1] if i else _NONE).tag}|{seq[i].tag}",
        f"{side}:out_border={seq[j - 1].tag}|{(seq[j] if j < len(seq) else _NONE).tag}",
        f"{side}:shape=" + at.shape[max(i, j - 6):j],
        labels["verbs"][min(at.verbs[j] - at.verbs[i], 3)], labels["nouns"][min(at.nouns[j] - at.nouns[i], 4)],
        labels["comma"][at.commas[j] > at.commas[i]], labels["de"]["的" in text],
        c.near(side), f"rule_agreement={_agreement(text, c.rule_chars)}",
    ]
    if c.rule and c.rule in text:
        parts.append("holds_rule")
    if c.rule and text in c.rule:
        parts.append("within_rule")
    return parts


def _left_spans(c: _Context) -> list[tuple[int, int, str]]:
    """(i, j, distance) of the word spans before the number."""
    left, n, at = c.left, len(c.left), c.sides["L"]
    ends = [(j, str(n - j)) for j in range(n, max(n - _NEAR_ENDS, 0), -1)]
    ends += [(j, "before_" + left[j].text) for j in range(1, max(n - _NEAR_ENDS + 1, 0)) if left[j].text in _ANCHORS]
    spans = []
    for j, dist in ends:
        if left[j - 1].text in _SOFT:
            continue  # no span ends on a comma
        for i in range(j - 1, max(j - _MAX_WORDS, 0) - 1, -1):
            word = left[i].text
            if word in _HARD:
                break
            if word not in _SOFT and at.well_formed(i, j):
                spans.append((i, j, dist))
    return spans


def _right_spans(c: _Context) -> list[tuple[int, int, str]]:
    """(i, j, distance) of the word spans after the unit."""
    right, at = c.right, c.sides["R"]
    inside = _bracketed(right) if any(w.text in _SOFT for w in right) else ()  # only asked of commas
    spans = []
    for i in range(min(_RIGHT_STARTS, len(right))):
        for j in range(i + 1, min(i + _MAX_WORDS, len(right)) + 1):
            last = right[j - 1].text
            if last in _SOFT:
                if not inside[j - 1]:
                    break
                continue
            if last in _HARD:
                break
            if not _cuts_noun(right, j) and at.well_formed(i, j):
                spans.append((i, j, str(i)))
    return spans


def _cuts_noun(words: list[Word], j: int) -> bool:
    """Whether a span ending before ``words[j]`` cuts a compound noun (团体|标准)."""
    return 0 < j < len(words) and words[j].coarse == "n" == words[j - 1].coarse


def _joined_part(side: str, parts: list[Part]) -> tuple[str, ...]:
    """A side's span features inside a joined candidate, as one group prefixed ``J``."""
    flat = (f for part in parts for f in ((part,) if isinstance(part, str) else part))
    return tuple("J" + f for f in flat if f.startswith(f"{side}:"))


def _plain(words: list[Word]) -> bool:
    return not any(w.text in _HARD or w.text in _SOFT for w in words)


def _around(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> tuple[str, str]:
    """What the ranker reads around the number ``text[start:end]``: the characters of its
    sentence before it and after it, up to a window on each side (not the number itself)."""
    return text[max(sentence_start, start - _LEFT_CHARS):start], text[end:min(sentence_end, end + _RIGHT_CHARS)]


def _context(before: str, after: str, unit: str, rule: str) -> _Context:
    """The words of what the ranker reads (:func:`_around`), for the number's ``unit`` and the
    rules' label ``rule``; the words' offsets are into ``before + after``."""
    window = before + after
    return _Context.of(window, _words(window, 0, len(before)), _words(window, len(before), len(window)), unit, rule)


def _joined_rights(c: _Context) -> list[int]:
    """The ends j of the right parts of joined spans (``right[:j]``)."""
    ends = []
    for j in range(1, min(_JOINED_RIGHT, len(c.right)) + 1):
        if not _plain(c.right[:j]):
            break
        if not _cuts_noun(c.right, j):
            ends.append(j)
    return ends


def _joined_lefts(c: _Context) -> list[int]:
    """The starts i of the left parts of joined spans (``left[i:]``)."""
    n, at = len(c.left), c.sides["L"]
    return [i for i in range(max(n - _JOINED_LEFT, 0), n) if _plain(c.left[i:]) and not at.after_number(i)]


def candidates(text: str, start: int, end: int, sentence_start: int, sentence_end: int, unit: str,
               rule: str) -> list[Candidate]:
    """The phrases around the number ``text[start:end]`` (within its sentence) that may
    name what it counts, the rules' label ``rule`` last."""
    c = _context(*_around(text, start, end, sentence_start, sentence_end), unit, rule)
    found = []
    for i, j, dist in _left_spans(c):
        found.append(Candidate("left", c.text[c.left[i].start:c.left[j - 1].end],
                               ("kind=left", *_span_parts("L", c.left, i, j, dist, c))))
    for i, j, dist in _right_spans(c):
        found.append(Candidate("right", c.text[c.right[i].start:c.right[j - 1].end],
                               ("kind=right", *_span_parts("R", c.right, i, j, dist, c))))
    n = len(c.left)
    # the right parts of joined spans: the same for every left part
    rights = [(j, _joined_part("R", _span_parts("R", c.right, 0, j, "0", c))) for j in _joined_rights(c)]
    for i in _joined_lefts(c):
        left = _joined_part("L", _span_parts("L", c.left, i, n, "0", c))
        for j, right in rights:
            if not _joined_well_formed(c, i, j):
                continue
            joined = _joined_text(c, i, j)
            found.append(Candidate("joined", joined, ("kind=joined", *_joined_own(joined, c), left, right)))
    if rule:
        found.append(Candidate("rule", rule, _rule_parts(c)))
    return found


def _joined_well_formed(c: _Context, i: int, j: int) -> bool:
    """Whether the joined span ``left[i:] + right[:j]`` holds no digit and closes every
    bracket it opens (see :func:`_marks`)."""
    return c.sides["L"].marks_of(i, len(c.left)) + c.sides["R"].marks_of(0, j) == 0


def _joined_text(c: _Context, i: int, j: int) -> str:
    return c.text[c.left[i].start:c.left[-1].end] + c.text[c.right[0].start:c.right[j - 1].end]


def _joined_own(joined: str, c: _Context) -> tuple[str, str, str]:
    """The features of a joined candidate's whole text."""
    return (f"J:chars={_bucket(len(joined), _CHAR_CUTS)}", f"J:unit={c.unit}",
            f"J:rule_agreement={_agreement(joined, c.rule_chars)}")


def _rule_parts(c: _Context) -> tuple[str, ...]:
    near_left = c.left[-1].tag if c.left else "none"
    near_right = c.right[0].tag if c.right else "none"
    return ("kind=rule", f"U:chars={_bucket(len(c.rule), _CHAR_CUTS)}", f"U:number_after_tag={near_right}",
            f"U:number_before_tag={near_left}", f"U:unit={c.unit}", f"U:last_char={c.rule[-1]}")


@dataclass(frozen=True)
class Ranker:
    """Feature weights; a candidate's score is the sum of its features' weights."""

    weights: Mapping[str, float]

    def score(self, candidate: Candidate) -> float:
        """The candidate's score: the sum of its features' weights."""
        get, total = self.weights.get, 0.0
        for part in candidate.parts:  # one loop, no call per part: this runs ~25 times per candidate
            if isinstance(part, str):
                total += get(part, 0.0)
            else:
                for feature in part:
                    total += get(feature, 0.0)
        return total

    def choose(self, found: Sequence[Candidate]) -> str:
        """The text of the best-scored candidate ("" when there is none)."""
        best = max(found, key=self.score, default=None)  # max keeps the first of equals
        return best.text if best else ""


class _Scorer:
    """A ranker that scores the candidates of a number without building them.

    Scoring is most of the cost of reading a report, and most of a candidate's features
    belong to the words at its ends and borders, shared by many candidates: here the weights
    are kept by value (a word's by its text, tag and role at the border), so that a feature's
    name is made and looked up once, not once per candidate, and the weights a span owes to
    its start and to its end are summed once per position of a number's window, for all the
    spans that share it. It chooses what ``Ranker.choose(candidates(...))`` chooses (a test
    checks it on every indicator of the corpora).
    """

    _KEPT = 200_000
    """Weights kept by value at most; beyond, the store starts again (a bound on memory)."""

    def __init__(self, ranker: Ranker) -> None:
        get = self.get = ranker.weights.get
        # per prefix and side, the weights of the count and length features in the order of
        # _labels: words, chars, verbs, nouns, comma, de
        self.labels = {(prefix, side): tuple([get(prefix + f, 0.0) for f in features]
                                             for features in _labels(side).values())
                       for prefix in ("", "J") for side in ("L", "R")}
        self.holds_rule, self.within_rule = get("holds_rule", 0.0), get("within_rule", 0.0)
        self.agreement = {prefix: [get(f"{prefix}rule_agreement={bucket}", 0.0) for bucket in _AGREEMENT]
                          for prefix in ("", "J:")}
        self.joined_chars = [get(f"J:chars={_bucket(n, _CHAR_CUTS)}", 0.0) for n in range(_CHAR_CUTS[-1] + 2)]
        self.kept: dict[tuple[str, ...], float] = {}

    def _keep(self, key: tuple[str, ...], weight: float) -> float:
        """Keep ``weight`` under ``key`` (a cheaper name for its features); give it back."""
        if len(self.kept) >= self._KEPT:
            self.kept.clear()
        self.kept[key] = weight
        return weight

    def _role(self, prefix: str, side: str, role: str, w: Word) -> float:
        """The summed weights of word ``w``'s features in ``role``."""
        if (weight := self.kept.get(key := (prefix, side, role, w.tag, w.text))) is None:
            weight = self._keep(key, sum(self.get(prefix + f, 0.0) for f in _word_features(side, role, w)))
        return weight

    def _near(self, prefix: str, side: str, c: _Context) -> float:
        """The weights of the features every span of ``side`` shares."""
        if (weight := self.kept.get(key := (prefix, side, "near", *map(str, c.at_number)))) is None:
            weight = self._keep(key, sum(self.get(prefix + f, 0.0) for f in c.near(side)))
        return weight

    def _start(self, prefix: str, side: str, words: list[Word], i: int) -> float:
        """The weights a span owes to its first word and the word before it: their roles
        and the tag pair across the border (the same for every span starting at ``i``)."""
        first, before = words[i], (words[i - 1] if i else _NONE)
        if (border := self.kept.get(key := (prefix + side, "in_border", before.tag, first.tag))) is None:
            border = self._keep(key, self.get(f"{prefix}{side}:in_border={before.tag}|{first.tag}", 0.0))
        return self._role(prefix, side, "first", first) + self._role(prefix, side, "before", before) + border

    def _end(self, prefix: str, side: str, words: list[Word], j: int) -> float:
        """The weights a span owes to its last word and the word after it: their roles, the
        tag pair across the border and the last character (the same for every span ending
        before ``j``)."""
        last, after = words[j - 1], (words[j] if j < len(words) else _NONE)
        p, kept, get = prefix + side, self.kept, self.get
        key: tuple[str, ...]
        if (border := kept.get(key := (p, "out_border", last.tag, after.tag))) is None:
            border = self._keep(key, get(f"{p}:out_border={last.tag}|{after.tag}", 0.0))
        if (end := kept.get(key := (p, "last_char", last.text[-1]))) is None:
            end = self._keep(key, get(f"{p}:last_char={last.text[-1]}", 0.0))
        return self._role(prefix, side, "last", last) + self._role(prefix, side, "after", after) + border + end

    def _spans(self, prefix: str, side: str, spans: Sequence[tuple[int, int, str]], c: _Context) -> list[float]:
        """The weights of ``_span_parts(side, …, i, j, dist, c)`` for each span ``(i, j,
        dist)`` of ``side``; with ``prefix`` "J", of those ``_joined_part`` keeps. One loop
        for all the spans of a side, the weights of its starts and ends summed once each."""
        words, sums = (c.left if side == "L" else c.right), c.sides[side]
        by_words, by_chars, by_verbs, by_nouns, by_comma, by_de = self.labels[prefix, side]
        verbs, nouns, commas, shape = sums.verbs, sums.nouns, sums.commas, sums.shape
        p, text, near = prefix + side, c.text, self._near(prefix, side, c)
        rule, rule_chars, agreement = c.rule, c.rule_chars, self.agreement[""]
        most_words, most_chars = _MAX_WORDS + 1, _CHAR_CUTS[-1] + 1
        kept, keep, get = self.kept, self._keep, self.get  # a feature's name is made only when its weight is not kept
        starts: dict[int, float] = {}
        stops: dict[int, float] = {}
        key: tuple[str, ...]
        scores = []
        for i, j, dist in spans:
            first, last = words[i], words[j - 1]
            phrase = text[first.start:last.end]
            # the distance, the tags at the ends and the tag shape: one weight per combination met
            if (kind_weight := kept.get(key := (p, dist, first.tag, last.tag, shape[max(i, j - 6):j]))) is None:
                kind_weight = keep(key, get(f"{p}:dist={dist}", 0.0) + get(f"{p}:tags={first.tag}|{last.tag}", 0.0)
                                   + get(f"{p}:shape={key[4]}", 0.0))
            if (start_weight := starts.get(i)) is None:
                start_weight = starts[i] = self._start(prefix, side, words, i)
            if (stop_weight := stops.get(j)) is None:
                stop_weight = stops[j] = self._end(prefix, side, words, j)
            n, verb_count, noun_count = j - i, verbs[j] - verbs[i], nouns[j] - nouns[i]
            total = (kind_weight + by_words[n if n <= _MAX_WORDS else most_words]
                     + by_chars[len(phrase) if len(phrase) < most_chars else most_chars]
                     + start_weight + stop_weight
                     + by_verbs[verb_count if verb_count < 3 else 3] + by_nouns[noun_count if noun_count < 4 else 4]
                     + by_comma[commas[j] > commas[i]] + by_de["的" in phrase] + near)
            if not prefix:
                if rule:
                    total += agreement[_tenths(phrase, rule_chars)]
                    if rule in phrase:
                        total += self.holds_rule
                    if phrase in rule:
                        total += self.within_rule
                else:
                    total += agreement[0]  # a phrase agrees with no label in no character
            scores.append(total)
        return scores

    def choose(self, c: _Context) -> str:
        """The text of the best candidate of ``c`` (the first of equals; "" when none)."""
        get = self.get
        best, best_text = float("-inf"), ""
        for side, spans, kind in (("L", _left_spans(c), "kind=left"), ("R", _right_spans(c), "kind=right")):
            own, words = get(kind, 0.0), (c.left if side == "L" else c.right)
            for (i, j, _), weight in zip(spans, self._spans("", side, spans, c), strict=True):
                if (score := own + weight) > best:
                    best, best_text = score, c.text[words[i].start:words[j - 1].end]
        rights, lefts = _joined_rights(c), _joined_lefts(c)
        if rights and lefts:
            n = len(c.left)
            right_scores = self._spans("J", "R", [(0, j, "0") for j in rights], c)
            left_scores = self._spans("J", "L", [(i, n, "0") for i in lefts], c)
            own = get("kind=joined", 0.0) + get(f"J:unit={c.unit}", 0.0)
            longest, agreement = _CHAR_CUTS[-1] + 1, self.agreement["J:"]
            for i, left in zip(lefts, left_scores, strict=True):
                for j, right in zip(rights, right_scores, strict=True):
                    if not _joined_well_formed(c, i, j):
                        continue
                    joined = _joined_text(c, i, j)
                    score = (own + self.joined_chars[min(len(joined), longest)]
                             + agreement[_tenths(joined, c.rule_chars)] + left + right)
                    if score > best:
                        best, best_text = score, joined
        if c.rule and sum(get(f, 0.0) for f in _rule_parts(c)) > best:
            best_text = c.rule
        return best_text


@cache
def _scorer(rules: Rules) -> _Scorer:
    return _Scorer(Ranker(rules.ranker_weights))


def choose_what(text: str, start: int, end: int, sentence_start: int, sentence_end: int, unit: str,
                rule: str) -> str:
    """What the number ``text[start:end]`` counts: the best of :func:`candidates`."""
    return _choose_around(*_around(text, start, end, sentence_start, sentence_end), unit, rule, active())


@lru_cache(maxsize=_WINDOWS_KEPT)
def _choose_around(before: str, after: str, unit: str, rule: str, rules: Rules) -> str:
    """:func:`choose_what` from what the ranker reads (:func:`_around`: not the number
    itself), the unit and the rules' label. The same always choose the same label, so a count
    met again with another number (我局共办理行政复议案件N件 in each year's report) is chosen
    once per process."""
    return _scorer(rules).choose(_context(before, after, unit, rule))
