"""What an indicator counts: the noun phrase the number counts, in the report's words
(docs/indicators.md). Read from jieba's words and tags around the number with the word
lists of ``lawtext/data/what.toml``:

- after a classifier, the noun phrase that follows: 召开5次党组会议 → 党组会议;
- else the phrase before the number back to a subject, scope or clause boundary, with
  linking words dropped and event verbs cut: 组织开展专题培训12场 → 专题培训,
  培训执法人员300余名 → 培训执法人员, 信访总量同比下降12.5% → 信访总量同比下降;
- a list before 分别 gives each number its own item, before 均 the whole list:
  起数、死亡人数分别下降19.4%、20% → 起数…, 死亡人数…;
- a bare verb that continues a count of the same sentence takes its object:
  新增行政权力事项25项、取消28项 → 取消行政权力事项.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lawtext.rules import WhatRules, active
from lawtext.segment import tag

_NOUNISH = ("n", "vn", "an", "j", "l", "eng", "b")
_OPENERS, _CLOSERS = "“《（(", "”》）)"
_QUOTES = set(_OPENERS + _CLOSERS)
_ADMIN_END = tuple("省市区县镇乡")
_TRAILING = re.compile(r"(?:之一|的|等|中|内|共|达|约)+$")
_MAX_WORDS, _MAX_CHARS = 8, 15
_LIST_MARK = re.compile(
    r"(?P<cmp>同比|较上年|比上年)?(?P<mark>分别|均|都)(?P<cmp2>同比|较上年|比上年)?"
    r"(?P<verb>(?:下降|提高|提升|增长|减少|降低|上升|压缩|缩短)了?)?[为是达到至]*$"
)
"""The end of a list that numbers follow: 起数、死亡人数同比分别下降 / 响应率、满意率均为."""
_COMPARISON = re.compile(
    r"(?:(?:较|比)?(?:上年同期|上年|去年|同期)|同比)*(?P<verb>(?:下降|提高|提升|增长|减少|降低|上升)了?)$"
)
"""A change stated against last year: 较上年提高, 同比下降."""
_LIST_HEAD = re.compile(r"[\u4e00-\u9fff“”、]{1,20}?、[\u4e00-\u9fff“”]{1,10}?等(?P<head>[\u4e00-\u9fff“”]{2,12})")
"""A list after a classifier closed by 等 and the noun that heads it."""


def rules() -> WhatRules:
    """The `what` word lists in force (``what.toml``)."""
    return active().what


@dataclass(frozen=True)
class Label:
    """What one indicator counts, with the list it took an item from (for the next number)."""

    what: str
    items: tuple[str, ...] = ()
    index: int = 0


def _nounish(word: str, pos: str) -> bool:
    return pos.startswith(_NOUNISH) or word in _QUOTES


def _after(text: str, end: int, hi: int) -> str:
    """The noun phrase right after a classifier: 5次党组会议 → 党组会议."""
    words: list[tuple[str, str]] = []
    for word, pos in tag(text[end:hi]):
        if word == "之一" or not (_nounish(word, pos) or pos in ("a", "uj", "nr", "ns", "nt", "nz")):
            break
        words.append((word, pos))
    while words and not ((_nounish(*words[-1]) and words[-1][0] not in _OPENERS)
                         or words[-1][1].startswith("n")):
        words.pop()  # end on a noun: 50个专门的信息… counts 专门的信息
    if not words:
        return ""
    listed = _LIST_HEAD.match(text, end)  # 312家旅馆、网吧等特种行业场所 counts 特种行业场所
    return _phrase(listed["head"]) if listed else "".join(w for w, _ in words)


def _phrase(text: str) -> str:
    """The leading nouns of ``text``: 特种行业场所实行监管 → 特种行业场所."""
    words = []
    for word, pos in tag(text):
        if not (_nounish(word, pos) or pos.startswith("n") or pos == "a"):
            break
        words.append(word)
    return "".join(words)


def _stops(word: str, pos: str, r: WhatRules) -> bool:
    return (word in r.left_stop or pos in ("p", "x", "w", "m") or (pos == "r" and word not in r.modifiers)
            or (pos == "c" and len(word) == 1) or word in r.conjunctions
            or not word.strip()
            or any(ch.isdigit() for ch in word) or word.endswith(r.places)
            or (pos.startswith("ns") and word.endswith(_ADMIN_END)))


def _left(segment: str) -> str:
    """The phrase before a number: linking words dropped, read back to a stop, event
    verbs cut (组织开展专题培训 → 专题培训)."""
    r = rules()
    segment = r.linking.sub("", segment)
    kept: list[tuple[str, str]] = []
    words = tag(segment)
    for k in range(len(words) - 1, -1, -1):
        word, pos = words[k]
        if word in _QUOTES:
            kept.append((word, pos))
            continue
        if word == "的" and kept and kept[-1][0] not in _QUOTES:
            if k == 0 or not words[k - 1][1].startswith(("n", "vn")):
                break  # 有力量的书籍 counts 书籍; 法治建设的满意度 keeps its noun modifier
            kept.append((word, pos))
            continue
        if _stops(word, pos, r) or len(kept) >= _MAX_WORDS:
            break
        kept.append((word, pos))
    kept.reverse()
    while kept and (kept[0][0] == "的" or kept[0][0] in _CLOSERS):
        kept.pop(0)
    cut = max((i for i, (w, _) in enumerate(kept[:-1]) if w in r.light_verbs), default=-1)
    kept = kept[cut + 1:]
    if len(kept) == 1 and kept[0][0] in r.light_verbs:
        kept = []
    what = _TRAILING.sub("", "".join(w for w, _ in kept))
    what = _balanced(what)
    return what[-_MAX_CHARS:] if len(what) > _MAX_CHARS else what


def _balanced(what: str) -> str:
    """``what`` without an unmatched bracket or quote at either end."""
    for opener, closer in zip(_OPENERS, _CLOSERS, strict=True):
        if what.count(opener) != what.count(closer):
            what = what.strip(opener + closer)
    return "" if all(ch in _QUOTES for ch in what) else what


def _list_items(text: str, sent_lo: int, pos: int) -> tuple[str, ...]:
    """The items of a list of noun phrases ending at ``pos``: 起数、死亡人数 → (起数, 死亡人数);
    the first item is read as a phrase (全年受理案件数 → 受理案件数)."""
    items: list[str] = []
    end = pos
    while end > sent_lo:
        cut = max(text.rfind(mark, sent_lo, end) for mark in "、和及与，,")
        raw = text[cut + 1 if cut >= 0 else sent_lo:end].strip()
        if cut < 0 or text[cut] in "，," or not 0 < len(raw) <= _MAX_CHARS or any(ch.isdigit() for ch in raw):
            if first := _left(raw):
                items.append(first)
            break
        items.append(raw)
        end = cut
    return tuple(reversed(items))


def _acting_verb(segment: str) -> str:
    """The verb right before a number, when it names the counted action (聘请1名律师 →
    聘请律师); event verbs (召开, 举办) and linking words give nothing."""
    r = rules()
    words = tag(r.linking.sub("", segment))
    if not words:
        return ""
    word, pos = words[-1]
    word = word.removesuffix("了")
    return word if pos == "v" and word not in r.light_verbs and len(word) >= 2 else ""


def _is_verb(word_tags: Sequence[tuple[str, str]]) -> bool:
    return bool(word_tags) and all(pos.startswith("v") and pos != "vn" for _, pos in word_tags)


def label(text: str, start: int, end: int, unit: str, lo: int, hi: int, sent_lo: int,
          previous: Label | None) -> Label:
    """What the number at ``text[start:end]`` counts, within the clause ``lo:hi`` of a
    sentence starting at ``sent_lo``; ``previous`` is the label of the number before it
    in the same sentence, if any."""
    r = rules()
    segment = text[lo:start]
    if unit in r.classifiers and (after := _after(text, end, hi)):
        return Label(_acting_verb(segment) + after)
    listed = _LIST_MARK.search(segment)
    if listed:
        items = _list_items(text, sent_lo, lo + listed.start())
        change = (listed["cmp"] or listed["cmp2"] or "") + (listed["verb"] or "") if listed["verb"] else ""
        if len(items) > 1:
            if listed["mark"] == "分别":
                return Label(items[0] + change, items, 0)
            return Label("、".join(items) + change)
    if previous and previous.items and not segment.strip() and previous.index + 1 < len(previous.items):
        i = previous.index + 1
        return Label(previous.items[i], previous.items, i)
    what = _left(segment)
    if previous and previous.what and (change := _COMPARISON.fullmatch(what)):
        return Label(_COMPARISON.sub("", previous.what) + change["verb"])  # 满意率96%，较上年提高2个百分点
    words = tag(what)
    if _is_verb(words) and unit in r.people_units and not previous:
        return Label(what.removesuffix("了") + "人员")  # 拘留116人 counts 拘留人员
    if previous and previous.what and (not what or _is_verb(words)):
        if not what or what in r.change_verbs:
            return Label(previous.what, previous.items, previous.index)
        noun = "".join(w for w, p in tag(previous.what) if not (p.startswith("v") and p != "vn"))
        return Label(what + noun if noun else what)
    return Label(what)
