"""Quantitative indicators (docs/design.md §3): a character-level grammar of numerals,
approximation markers and a unit lexicon; names, ordinals, years, dates, document and
phone numbers masked first; numerals converted only inside matched spans; what is counted
read from the words around the number (jieba tags).

Written by hand: number recognisers find numbers but not what they count, and keep years,
ordinals and names like 二十大 as numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache, lru_cache

from lawtext.extract.what import Label, label
from lawtext.extract.what_ranker import choose_what
from lawtext.model import Document, Indicator, Span
from lawtext.numerals import ARABIC, CN_NUMERAL, parse_chinese, parse_number
from lawtext.resources import TABLE_CELL
from lawtext.rules import Rules, active
from lawtext.segment import tag

_ARABIC_ONLY_UNITS = {"分"}
_CLAUSE_END = "，。；：！？、（(\n" + TABLE_CELL
_MASK = "\x00"


@cache
def _grammar(rules: Rules) -> re.Pattern[str]:
    """The number grammar: approximation markers, numerals and the units of the rules."""
    units = sorted(rules.units, key=len, reverse=True)
    before = sorted(rules.approx.before, key=len, reverse=True)
    num = rf"(?:{ARABIC})(?:千万|百万|[十百千万亿])?|{CN_NUMERAL}"
    starts = "".join(sorted({re.escape(w[0]) for w in before}))
    return re.compile(
        rf"(?=[{starts}\d零〇一二两三四五六七八九十百千万亿])"  # skip positions no match can start at
        rf"(?P<pre>{'|'.join(map(re.escape, before))})?"
        r"(?:百分之(?P<pct>(?:" + CN_NUMERAL + r")(?:点[零〇一二三四五六七八九]+)?|" + ARABIC + r")"
        rf"|(?P<den>{CN_NUMERAL})分之(?P<numer>{CN_NUMERAL})"
        rf"|(?P<num>{num})(?:(?P<sep>至|到|—|-|－|~|～)(?P<num2>{num}))?"
        rf"(?P<mid>余|多)?(?P<mult>[万亿])?(?P<mid2>余)?(?P<unit>{'|'.join(map(re.escape, units))}))"
        rf"(?P<post>{'|'.join(map(re.escape, rules.approx.after))})?"
    )


@cache
def _mask(rules: Rules) -> re.Pattern[str]:
    """Spans that are never indicators, in one pattern (earlier alternatives win)."""
    names = sorted(rules.number_names, key=len, reverse=True)
    starts = "".join(sorted({re.escape(n[0]) for n in names}))
    # the lookahead lets the engine skip, in one step, positions where no alternative can start
    return re.compile(rf"(?=[《〔\[［【(（\d一二三四五六七八九届浏阅访点{starts}])(?:" + "|".join((
        r"《[^《》\n]{1,80}》",  # a title: 《…服务企业十条措施》 names a document, its numbers count nothing
        r"[\d一二三四五六七八九十]+(?:\s*[-－—~～至到]\s*[\d一二三四五六七八九十]+)?\s*年级",  # 1-4年级, 三年级
        r"[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*第?\s*\d+\s*号",  # 〔2023〕5号
        r"(?<!\d)(?:0\d{2,3}[-－—]?\d{7,8}|1[3-9]\d{9}|\d{3,4}-\d{4}-\d{4})(?!\d)",  # phone numbers
        r"(?<!\d)(?:19|20)\d\d\s*(?:年|[-/.]\d{1,2}[-/.]\d{1,2})",  # years and dates
        r"(?:二〇|一九|二零)[〇零一二三四五六七八九]{2}年",
        r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*[月日]",
        r"届[一二三四五六七八九十\d]+次(?:[、和及][一二三四五六七八九十\d]+次)*",  # 市委十二届五次、六次全会
        r"(?:浏览|阅读|访问|点击)(?:量|次数)?\s*[:：]\s*\d+\s*次?",  # page-view counters
        r"(?<![\d.])(?:" + "|".join(map(re.escape, names)) + ")",  # names: 二十大, 十四五, …
    )) + ")")


def category_of(what: str, context: str = "") -> str:
    """The first category whose keyword occurs in ``what``, else in ``context``."""
    return _category_in(what) or _category_in(context) or "其他"


def _category_in(text: str) -> str:
    """The first category whose keyword occurs in ``text`` ("" when none)."""
    return _first_category(text, active())


@lru_cache(maxsize=1 << 14)  # what a number counts recurs across a corpus: 办理行政复议案件
def _first_category(text: str, rules: Rules) -> str:
    return next((name for name, pattern in rules.categories if pattern.search(text)), "")


def _masked(text: str) -> str:
    """``text`` with names, years, dates, document and phone numbers blanked out."""
    return _mask(active()).sub(lambda m: _MASK * len(m.group()), text)


def _value(m: re.Match[str]) -> tuple[float, float | None, str]:
    """Value, upper end of a range, and unit of a grammar match (万/亿 multiplied out)."""
    if m["pct"]:
        return parse_number(m["pct"]), None, "%"
    if m["den"]:
        return round(parse_chinese(m["numer"]) / parse_chinese(m["den"]) * 100, 2), None, "%"
    scale = 10**4 if m["mult"] == "万" else 10**8 if m["mult"] == "亿" else 1
    unit = "%" if m["unit"] == "％" else m["unit"]
    value = (10**4 if m["num"] == "万" else 10**8 if m["num"] == "亿" else parse_number(m["num"])) * scale
    upper = parse_number(m["num2"]) * scale if m["num2"] else None
    return value, upper, unit


def _a_name(text: str, start: int, end: int) -> bool:
    """Whether the number ``text[start:end]``, written in Chinese numerals, belongs to a name
    or slogan rather than counting: jieba reads its end as part of a word that goes on after
    it (三元|里 is one word, 三元里; 三次|培训 is two), or what it counts is an adverb that ends
    the phrase (做到两个率先，; 四个“最”：; 坚持四个一律。)."""
    lo = max(start - 2, 0)
    reached, words = lo, tag(text[lo:end + 6])
    for k, (word, _) in enumerate(words):
        reached += len(word)
        if reached > end:
            return True
        if reached == end:
            after = [(w, t) for w, t in words[k + 1:] if w not in _QUOTES]
            return len(after) >= 2 and after[0][1] == "d" and after[1][0] in _PHRASE_END
    return False


_QUOTES = frozenset("“”‘’\"'「」")
_PHRASE_END = frozenset("，,。；;：:、！!？?")


_IN_CODE = re.compile(r"(?:[A-Za-z]|[A-Za-z0-9][/-])$")
"""What, right before a number, makes it part of a code (PM2.5, …X/2023)."""


def _approx(m: re.Match[str]) -> str:
    """The approximation marker of a grammar match: the one inside the number first, then
    the one after it, then the one before it as the rules record it (达到 → 达, 不超过 → "")."""
    pre = m["pre"] or ""
    return m["mid"] or m["mid2"] or m["post"] or active().approx.recorded.get(pre, pre)


_CLAUSE_MARK = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_COUNTED_ONCE = re.compile(r"一次(?=[，。；、！？\n]|$)")
"""一次 closing a clause counts (每半年召开一次。); 一次性 and 一次会议 do not."""


def _clause_bounds(marks: Sequence[int], start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around ``start:end`` within ``lo:hi``, given the offsets of clause marks."""
    i = bisect.bisect_left(marks, start)
    j = bisect.bisect_left(marks, end)
    left = marks[i - 1] + 1 if i > 0 else lo
    right = marks[j] if j < len(marks) else hi
    return max(left, lo), min(right, hi)


def _locator(doc: Document):
    """A function from an offset to (section_id, required_part, sentence span)."""
    sentences = doc.sentences
    starts = [s.start for s in sentences]

    def locate(pos: int) -> tuple[str, str, Span]:
        inner = doc.section_at(pos)
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        sentence = sentences[i] if sentences else Span(0, len(doc.text))
        return (inner.section_id if inner else ""), doc.part_at(pos), sentence
    return locate


def find_indicators(doc: Document, *, rank_what: bool = True) -> tuple[Indicator, ...]:
    """Every quantitative claim and zero claim of a report, in text order. ``what`` is
    chosen among the phrases around each number by the learned ranker
    (:mod:`lawtext.extract.what_ranker`); ``rank_what=False`` keeps the rules' label.

    >>> from lawtext import read_bytes
    >>> doc = read_bytes("共办理行政复议案件30余件，满意率达97.77%。".encode(), name="x.txt")
    >>> [(i.mention, i.value, i.unit, i.approx, i.what) for i in find_indicators(doc)]
    [('30余件', 30.0, '件', '余', '办理行政复议案件'), ('达97.77%', 97.77, '%', '达', '满意率')]
    """
    text = doc.text
    masked = _masked(text)
    locate = _locator(doc)
    found: list[Indicator] = []
    body_start = text.find("\n") + 1 if doc.metadata.title else 0
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
    labels: list[Label] = []
    sentence_category: dict[int, str] = {}  # a sentence is searched once, however many numbers it holds
    last: tuple[int, str] | None = None  # the start and text of the previous indicator's sentence

    def category(what: str, sentence: Span, row: str) -> str:
        if sentence.start not in sentence_category:
            sentence_category[sentence.start] = _category_in(row)
        return _category_in(what) or sentence_category[sentence.start] or "其他"

    for m in _grammar(active()).finditer(masked, body_start):
        start, end = m.start(), m.end()
        if start > 0 and not m["pre"] and (masked[start - 1] in "第前“‘「" or (
                masked[start - 1] in "数几" and not masked[start].isdigit())):
            continue  # ordinals and ranks (第八批, 前3名), quoted names (“十项行动”), 数十次; 人数7人 counts
        if _IN_CODE.search(masked, max(start - 2, 0), start):
            continue  # a number in a name or code of Latin letters and digits: PM2.5, CO2, 258074X/2023-00002
        if m["num"] == "一" and not m["num2"] and not _COUNTED_ONCE.match(masked, start):
            continue  # 一项制度, 一批: set phrases, not counts; 每半年召开一次。 is a count
        if m["num"] and not m["num"][0].isdigit() and _a_name(text, start, end):
            continue  # a name or a slogan: 三元里, 五个一工程, 做到两个率先
        value, upper, unit = _value(m)
        if (unit == "年" and value >= 1000) or (unit in _ARABIC_ONLY_UNITS and not m["num"][0].isdigit()):
            continue  # 2023年 is a year; 十分 is an adverb, 96.5分 a score
        section_id, part, sentence = locate(start)
        lo, hi = _clause_bounds(marks, start, end, sentence.start, sentence.end)
        closed = max(text.find("）", lo, start), text.find(")", lo, start)) >= 0
        if lo > sentence.start and text[lo - 1] in "（(" and closed:
            lo, _ = _clause_bounds(marks, lo - 1, lo, sentence.start, sentence.end)  # 示范村（社区）60个
        if found and lo <= found[-1].start < start:
            lo = found[-1].end  # 由20个工作日压减至8个工作日: the second counts what the first does
        same_sentence = last is not None and last[0] == sentence.start
        # one string for the sentence's indicators: a corpus holds many
        row = last[1] if last is not None and same_sentence else text[sentence.start:sentence.end]
        last = (sentence.start, row)
        labelled = label(text, start, end, unit, lo, hi, sentence.start, labels[-1] if same_sentence else None)
        labels.append(labelled)
        what = labelled.what
        if not what and TABLE_CELL in row:
            what = row.split(TABLE_CELL, 1)[0]  # a table row (DOCX): its first cell names it
        if rank_what:
            what = choose_what(text, start, end, sentence.start, sentence.end, unit, what)
        found.append(Indicator(
            doc_id=doc.doc_id, section_id=section_id, required_part=part, mention=text[start:end],
            value=value, value_max=upper, unit=unit, approx=_approx(m),
            zero_claim=False, what=what, category=category(what, sentence, row),
            sentence=_around(text, sentence, start, end, row), start=start, end=end,
        ))
    found += _zero_claims(doc, locate)
    return tuple(sorted(found, key=lambda i: i.start))


SENTENCE_MAX = 1000
"""An indicator's ``sentence`` is its sentence, or, for a longer one, the 1,000 characters
around the number: a table row per number must not hold a whole run-on page."""


def _around(text: str, sentence: Span, start: int, end: int, whole: str) -> str:
    """The sentence of the number ``text[start:end]``, cut to :data:`SENTENCE_MAX`
    characters around it (marked with …) when longer."""
    if sentence.end - sentence.start <= SENTENCE_MAX:
        return whole
    half = (SENTENCE_MAX - (end - start)) // 2
    lo = max(sentence.start, min(start - half, sentence.end - SENTENCE_MAX))
    hi = min(sentence.end, lo + SENTENCE_MAX)
    return ("…" if lo > sentence.start else "") + text[lo:hi] + ("…" if hi < sentence.end else "")


_OBJECT_TAIL = re.compile(r"(?:等|的)?(?:事项|情况|问题|现象|情形)$")


def _zero_claims(doc: Document, locate) -> list[Indicator]:
    zero = active().zero_claims
    verbs, fillers = zero.verbs, zero.fillers
    nouns = zero.nouns if zero.rate in doc.text else zero.harm_nouns
    text = doc.text
    claims: list[Indicator] = []
    claims_at: set[int] = set()
    for m in [*verbs.finditer(text), *nouns.finditer(text)]:
        if m.start() in claims_at or any(c.start <= m.start() < c.end for c in claims):
            continue  # 无一例 read by a verb is not read again as 无 + noun
        claims_at.add(m.start())
        obj = m["obj"] or m["rate"] + "率"
        what = _OBJECT_TAIL.sub("", fillers.sub("", obj)) or obj
        section_id, part, sentence = locate(m.start())
        claims.append(Indicator(
            doc_id=doc.doc_id, section_id=section_id, required_part=part, mention=m.group(),
            value=0.0, value_max=None, unit="", approx="", zero_claim=True, what=what,
            category=category_of(what, text[sentence.start:sentence.end]),
            sentence=text[sentence.start:sentence.end], start=m.start(), end=m.end(),
        ))
    return claims
