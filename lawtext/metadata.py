"""Document metadata: title, issuer (and its type, kind, region, level), report year and
publish date, from the text and the hints a reader found (docs/design.md §1)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import PurePath

from lawtext.model import Block, Metadata
from lawtext.numerals import parse_chinese
from lawtext.resources import DATE, HEADING_START, YEAR, page_fields
from lawtext.rules import Rules, active
from lawtext.segment import tag

_HAN_RUN = re.compile(r"[\u4e00-\u9fff（）()]+")
_TITLE_ISSUER = re.compile(r"^(?:关于)?(?P<issuer>[\u4e00-\u9fff（）()]{2,40}?)(?:关于|(?=(?:19|20)\d\d\s*年))")
_BRANCH = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,6}?)分局")
_CN_DATE = re.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_YEAR_FIRST = re.compile(r"^(?:关于)?(?:19|20)\d\d\s*年度?")
_TITLE_MAX = 80
_TITLE_SEARCH = 4
_NOT_TITLE = re.compile(r"[>＞。，：]")
"""Breadcrumbs (首页 > 政务公开) and sentences are not titles."""
_PLACE_WINDOW = 24
_FIELDS_SEARCH = 12
"""Opening paragraphs searched for the fields of a government page (来源, 发布日期) in a text
that kept them."""


@cache
def _admin(rules: Rules) -> re.Pattern[str]:
    """A chain of administrative divisions (重庆市沙坪坝区, 云州市白沙县桃源镇), each ending in
    a suffix of ``regions.toml``."""
    suffixes = "|".join(map(re.escape, sorted(rules.regions.suffix_level, key=len, reverse=True)))
    return re.compile(rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:{suffixes}))+")


def _is_region(name: str) -> bool:
    return bool(_admin(active()).fullmatch(name))


@cache
def _keywords_at(rules: Rules) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """A pattern that finds, at every position, the longest issuer-type keyword starting there
    (a lookahead, so that keywords that overlap are all found); and each keyword's type and
    kind (the first row of a keyword written twice)."""
    keywords = sorted({k for k, _, _ in rules.issuer_types}, key=len, reverse=True)
    types: dict[str, tuple[str, str]] = {}
    for keyword, issuer_type, kind in rules.issuer_types:
        types.setdefault(keyword, (issuer_type, kind))
    return re.compile("(?=(" + "|".join(map(re.escape, keywords)) + "))"), types


def _keywords_in(name: str) -> list[tuple[int, int, int, str]]:
    """(end, length, position, keyword) of the issuer-type keywords in ``name``, the longest
    at each position."""
    pattern, _ = _keywords_at(active())
    return [(m.start() + len(m[1]), len(m[1]), m.start(), m[1]) for m in pattern.finditer(name)]


def _type_match(name: str) -> tuple[int, str, str, str] | None:
    """(position, keyword, type, kind) of the issuer-type keyword that ends last in ``name``,
    the longest of those (a name ends with its own type: 市政府国资委 is a 国资委)."""
    if not (found := _keywords_in(name)):
        return None
    _, _, pos, keyword = max(found)
    return pos, keyword, *_keywords_at(active())[1][keyword]


def _org_in(text: str) -> str:
    """The first organisation name in a short text (a title prefix, a signature line, a
    page header, a file name): the run of Han characters up to a known type keyword."""
    for run in _HAN_RUN.findall(text):
        match = _type_match(run)
        if match:
            pos, keyword, _, _ = match
            end = pos + len(keyword)
            branch = _BRANCH.match(run, end)  # 宁远市公安局北塘分局
            return run[: branch.end() if branch else end]
    return ""


def _place_before(text: str, end: int) -> str:
    """The place name that ends at ``end`` (长治市, 上海市奉贤区, 丰都县栗子乡), read from
    jieba's place tags: a run of ``ns`` words, or a name followed by a lone 乡/镇/区…."""
    words = list(tag(text[max(0, end - _PLACE_WINDOW):end]))  # read from its end, popped
    place = ""
    while words:
        word, pos = words.pop()
        if pos.startswith("ns") and not any(ch.isdigit() for ch in word):
            place = word + place
        elif (word in active().regions.suffix_level and words and words[-1][1] in ("nr", "ns", "n")
              and len(words[-1][0]) <= 3):
            place = words.pop()[0] + word + place
        else:
            break
    return place


def _orgs_mentioned(text: str) -> list[str]:
    """Organisations named in running text: a type keyword with the place before it
    (长治市人力资源和社会保障局), or the lone 区/市/县 that abbreviates the issuer's own
    region (区机关事务管理局)."""
    found = []
    for keyword, _, _ in active().issuer_types:
        for match in re.finditer(rf"[省市区县镇乡]?{re.escape(keyword)}", text):
            pos = match.end() - len(keyword)
            place = _place_before(text, pos)
            found.append(place + keyword if place else match.group())
    return found


def _most_named(orgs: Sequence[str]) -> str:
    """The organisation named most often (by its keyword and what follows the place), in
    the fullest form the text gives: 长治市人力资源和社会保障局 over 市人力资源和社会保障局."""
    if not orgs:
        return ""
    keys = Counter(_type_match(org)[1] for org in orgs)  # type: ignore[index]
    top = max(keys, key=lambda k: (keys[k], -min(i for i, o in enumerate(orgs) if o.endswith(k))))
    return max((o for o in orgs if o.endswith(top)), key=len)


_OPENING = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度|以来)?|今年以来|一年来)[，,]"  # 2023年， 今年以来，
    r"(?:在[^，,。]{2,60}?下[，,])*"  # 在市委、市政府的坚强领导下，
)
"""What opens a report's first sentence before its subject: the year, then the leadership it
worked under."""
_SUBJECT_MAX = 24
_SUBJECT_WORDS = ("n", "j", "eng")
"""Tags of the words a region's name is made of (nouns, place names)."""
_NOT_SUBJECT = ("全", "各", "我", "本", "该", "在")
"""What opens a subject that names no one body (全市, 各部门, 我局), or a clause that is no
subject (在…下 that ``_OPENING`` did not take whole)."""


def _opening_subject(blocks: Sequence[Block]) -> str:
    """The body the first sentence of the opening paragraphs makes its subject — 2023年，
    在区委、区政府的坚强领导下，白云区政府坚持… → 白云区政府: an organisation (the run of
    Han characters up to the first type keyword in it: 江南区退役军人事务局坚持… →
    江南区退役军人事务局), else a region (黑龙江省坚持…) or a region's government (南通市政府)."""
    for block in blocks[:_TITLE_SEARCH + 2]:
        opening = _OPENING.match(block.text)
        if not opening:
            continue
        start = block.text[opening.end():opening.end() + _SUBJECT_MAX]
        if start.startswith(_NOT_SUBJECT):
            return ""
        run = _HAN_RUN.match(start)
        if run and (found := _keywords_in(run.group())):  # up to the keyword that ends first, the longest there
            end, _, _, _ = min(found, key=lambda f: (f[0], -f[1]))
            return run.group()[:end]
        place = ""
        for word, word_tag in tag(start):
            if not word_tag.startswith(_SUBJECT_WORDS):
                break
            place += word
        for n in range(len(place), 1, -1):  # the longest region that opens it: 黑龙江省坚持 → 黑龙江省
            if _is_region(place[:n]):
                return place[:n] + ("政府" if place[n:].startswith("政府") else "")
        return ""
    return ""


def find_title(blocks: Sequence[Block], hints: dict[str, str]) -> str:
    """The first of the opening paragraphs that reads as a title (web pages put
    breadcrumbs or an issuer line above it), else the title a reader found."""
    for block in blocks[:_TITLE_SEARCH]:
        text = block.text
        words = active().metadata
        if (len(text) <= _TITLE_MAX and words.title_words.search(text) and not words.not_title_words.search(text)
                and not HEADING_START.match(text) and not _NOT_TITLE.search(text)):
            return text
    return hints.get("title", "")


def _issuer_line(blocks: Sequence[Block]) -> str:
    """An opening line that is only an organisation's name (通城镇人民政府 above the title)."""
    for block in blocks[:_TITLE_SEARCH]:
        if (org := _org_in(block.text)) and org == block.text.strip():
            return org
    return ""


def _signature(blocks: Sequence[Block]) -> tuple[str, str]:
    """Issuer and ISO date from the closing lines (an organisation line, a date line)."""
    issuer = date = ""
    for block in blocks[1:][-4:]:
        text = block.text.strip()
        if match := DATE.fullmatch(text):
            date = f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"
        elif match := _CN_DATE.fullmatch(text):  # 二〇二四年一月三十日
            y, m, d = (parse_chinese(match[k]) for k in ("y", "m", "d"))
            date = f"{y:04d}-{m:02d}-{d:02d}"
        elif _org_in(text) == text:
            issuer = text
    return issuer, date


def find_issuer(title: str, blocks: Sequence[Block], hints: dict[str, str], name: str, signer: str = "") -> str:
    """The issuer from, in order of trust: title, signature, page header, HTML source line,
    file name, the subject of the opening sentence, and last the most frequent organisation
    named in the text. A less trusted source that gives the same name in full (南湖市望江县
    教育局 for 望江县教育局) completes it; a name that opens with a bare 市/区/县 is completed
    by the one such place whose Party committee or government the text names (:func:`_own_place`)."""
    issuer = _issuer_named(title, blocks, hints, name, signer)
    if issuer[:1] in _BARE_PREFIXES and (place := _own_place(blocks, issuer[0])):
        return place + issuer[1:]  # 县林业和草原局 … 中共绿春县委 → 绿春县林业和草原局
    return issuer


_BARE_PREFIXES = frozenset("市区县")
_OWN_PLACE = re.compile(
    r"中共([\u4e00-\u9fff]{2,8}?[市区县])委|(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,8}?[市区县])(?:委员会|人民政府)")
_PLACE_SEARCH = 30
"""Opening paragraphs searched for the issuer's own place."""


def _own_place(blocks: Sequence[Block], suffix: str) -> str:
    """The one region ending in ``suffix`` whose Party committee or government the opening
    paragraphs name (中共常州市委, 潼关县人民政府), "" when none or several."""
    places = {m[1] or m[2] for b in blocks[:_PLACE_SEARCH] for m in _OWN_PLACE.finditer(b.text)}
    own = {p for p in places if p.endswith(suffix) and _is_region(p) and not p.startswith(_NOT_SUBJECT)}
    return own.pop() if len(own) == 1 else ""


def _issuer_named(title: str, blocks: Sequence[Block], hints: dict[str, str], name: str, signer: str) -> str:
    """The issuer as the report names it (see :func:`find_issuer`)."""
    match = _TITLE_ISSUER.match(title)
    prefix = match["issuer"] if match else ""
    candidates = [
        # a title that names only a region is the report of its government: 静海区2023年度…
        _org_in(prefix) or (prefix + "人民政府" if prefix and _is_region(prefix) else ""),
        _org_in(title[year.end():]) if (year := _YEAR_FIRST.match(title)) else "",  # 2023年度青石区司法局…
        signer,
        _issuer_line(blocks),
        _org_in(hints.get("page_header", "")),
        _org_in(hints.get("source", "")),
        _org_in(PurePath(name).stem),
    ]
    for candidate in candidates:
        if candidate:
            return max((c for c in candidates if c.endswith(candidate)), key=len)
    subject = _opening_subject(blocks)
    if subject and _is_region(subject) and not _type_match(subject):  # 2023年，郎溪县坚持…: its government
        return subject + ("办事处" if subject.endswith("街道") else "人民政府")
    mentioned = [org for b in blocks for org in _orgs_mentioned(b.text)]
    if subject:  # 2023年，市司法局… completed by 雅安市司法局 named later
        return max((org for org in mentioned if org.endswith(subject)), key=len, default=subject)
    return _most_named(mentioned)


def describe_issuer(issuer: str) -> dict[str, str]:
    """``issuer_type``, ``issuer_kind``, ``region`` and ``level`` of an issuer's name.

    >>> describe_issuer("云州市白沙县桃源镇人民政府")["level"]
    'township'
    >>> describe_issuer("区财政局")["level"]
    'district-county'
    >>> describe_issuer("南通市政府")["issuer_type"], describe_issuer("南通市政府")["level"]
    ('人民政府', 'city')
    """
    if issuer.endswith("政府") and not issuer.endswith("人民政府"):
        issuer = issuer[:-2] + "人民政府"  # 南通市政府 is 南通市人民政府 said short
    match = _type_match(issuer)
    if not match:
        return {"issuer_type": "", "issuer_kind": "", "region": "", "level": ""}
    pos, keyword, issuer_type, kind = match
    prefix = issuer[:pos]
    national = active().metadata.national_prefixes.match(prefix)
    prefix = prefix[national.end():] if national else prefix
    prefix = re.sub("(?:人民)?政府$", "", prefix)  # a government's body (市政府国资委) is of its region
    rules = active().regions
    township = (s for s, level in rules.suffix_level.items() if level == "township" and keyword.startswith(s))
    prefix += min(township, key=len, default="")  # 杏花 + 街道(办事处)
    branch = _BRANCH.match(issuer, pos + len(keyword))
    if branch:  # a city bureau's 北塘分局 serves 北塘区; 沙坪坝区分局 names its district
        prefix += branch["name"] + ("" if _is_region(branch["name"]) else "区")
    region = next((prefix[:n] for n in range(len(prefix), 1, -1) if _is_region(prefix[:n])), "")
    level = ""
    if region:
        suffix = max((s for s in rules.suffix_level if region.endswith(s)), key=len)
        level = rules.suffix_level[suffix]
        if region in rules.municipalities:
            level = "province"
    elif prefix in rules.suffix_level:  # 区财政局, 市人民政府: the issuer abbreviates its own region
        level = rules.suffix_level[prefix]
    else:
        level = next((lv for k, lv in rules.keyword_level.items() if keyword.endswith(k)), "")
    return {"issuer_type": issuer_type, "issuer_kind": kind, "region": region, "level": level}


_NOT_REPORT_YEARS = re.compile(r"《[^》]{0,60}》|(?:19|20)\d\d\s*(?:年\s*)?[-—–~～至到]\s*(?:19|20)\d\d\s*年")
"""Years that are not the one reported on: in the name of a plan or law (《法治政府建设实施纲要
（2021—2025年）》) and the ends of a span of years."""


def find_year(title: str, blocks: Sequence[Block], name: str, publish_date: str) -> int | None:
    """The year reported on: from the title, the file name, the year the first sentence
    opens with, the year the opening paragraphs name most often (a plan's years left out), or
    the year before publication."""
    for source in (title, PurePath(name).stem):
        years = [int(y) for y in YEAR.findall(source)] or [
            int(y) for y in re.findall(r"(?<!\d)(20[0-4]\d)(?!\d)", source if source != title else "")
        ]
        if years:
            return min(years)
    for block in blocks[:_TITLE_SEARCH + 2]:  # 2023年，…: the year the first sentence opens with
        if (start := _OPENING.match(block.text)) and (year := YEAR.match(start.group())):
            return int(year.group(1))
    named = Counter(int(y) for b in blocks[:6] for y in YEAR.findall(_NOT_REPORT_YEARS.sub("", b.text)))
    if named:
        return named.most_common(1)[0][0]
    return int(publish_date[:4]) - 1 if publish_date else None


def find_metadata(blocks: Sequence[Block], hints: dict[str, str], name: str) -> Metadata:
    """All document metadata for normalised paragraphs, reader hints and the file name."""
    # a page saved as text keeps its 发布日期 (its 来源 is often the site's name: not trusted)
    if "publish_date" not in hints and (date := page_fields("\n".join(b.text for b in blocks[:_FIELDS_SEARCH]))
                                        .get("publish_date")):
        hints = {**hints, "publish_date": date}
    title = find_title(blocks, hints)
    signer, signed = _signature(blocks)
    issuer = find_issuer(title, blocks, hints, name, signer)
    publish_date = hints.get("publish_date") or signed
    return Metadata(
        title=title,
        issuer=issuer,
        year=find_year(title, blocks, name, publish_date),
        publish_date=publish_date,
        **describe_issuer(issuer),
    )
