"""The rules in force: every data file under ``lawtext/data`` loaded once, checked entry by
entry and turned into one frozen :class:`Rules` record, with its patterns compiled.

A researcher's own rules are a folder of files with the packaged names: each file there
replaces the packaged file of the same name, the others stay as packaged
(``lawtext.rules.load("my-rules/")``, ``Corpus.from_folder(..., rules="my-rules/")``,
``lawtext analyze --rules my-rules/``; ``lawtext rules dump DIR`` writes the packaged files
to start from, ``lawtext rules check DIR`` checks them). A bad entry raises
:class:`RulesError` naming the file, the entry and the problem, before any report is read.

Per-report work reads the rules of :func:`active`; :func:`use` makes a :class:`Rules` the
active one, in this process or (explicitly, by the corpus) in a worker. A cache key
includes :attr:`Rules.fingerprint`, the hash of every file in force.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lawtext.errors import LawtextError
from lawtext.model import REQUIRED_PARTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LEVELS = ("national", "province", "city", "district-county", "township")
LEVEL_NAMES = dict(zip(LEVELS, ("国家级", "省级", "市级", "县级", "乡镇级"), strict=True))
"""Each level's Chinese name, as charts show it (县级 takes in districts and county-level cities)."""
KINDS = ("government", "department")
_RECORD_FORMAT = "4"
"""Bumped whenever cached records change shape (2: a Document holds its derived data; 3: records have slots;
4: a Document says which pages were read by OCR)."""


class RulesError(LawtextError, ValueError):
    """A rule file with a bad entry: the message names the file, the entry and the problem."""

    stage = "rules"

    def __init__(self, file: str, entry: str, problem: str) -> None:
        super().__init__(f"{file}: {entry}: {problem}")
        self.file, self.entry, self.problem = file, entry, problem


@dataclass(frozen=True)
class PartRules:
    """``parts.toml``: which required part a first-level heading opens."""

    default: str
    future: re.Pattern[str]
    patterns: Mapping[str, tuple[re.Pattern[str], ...]]
    names: Mapping[str, str]
    """Chinese name of each part, for charts and the report."""


@dataclass(frozen=True)
class PartEvidence:
    """``coverage.toml``, one part: the sentences that cover it without a heading."""

    patterns: tuple[str, ...]
    """Regexes; ``{next_year}`` is filled in with the year after the report year."""
    exclude: re.Pattern[str] | None
    not_in: frozenset[str]


@dataclass(frozen=True)
class WhatRules:
    """``what.toml``: the word lists of the `what` rules, one set per role."""

    linking: re.Pattern[str]
    left_stop: frozenset[str]
    light_verbs: frozenset[str]
    classifiers: frozenset[str]
    places: tuple[str, ...]
    change_verbs: frozenset[str]
    modifiers: frozenset[str]
    people_units: frozenset[str]
    conjunctions: frozenset[str]


@dataclass(frozen=True)
class ApproxRules:
    """``approximations.toml``: the markers that make a number approximate."""

    before: tuple[str, ...]
    """Markers written before the number (超过300人, 达97%)."""
    after: tuple[str, ...]
    """Markers written after the unit (98%以上)."""
    recorded: Mapping[str, str]
    """A marker → what the approx column records when not the marker as written (达到 → 达,
    不超过 → "": a limit)."""


@dataclass(frozen=True)
class ZeroClaimRules:
    """``zero_claims.toml``: the three patterns of zero claims."""

    verbs: re.Pattern[str]
    """A verb that opens a claim (未发生…), its object to the end of the clause."""
    fillers: re.Pattern[str]
    """Words dropped from the start of the object (一例, 任何)."""
    nouns: re.Pattern[str]
    """零/无 + a noun of harm (零投诉, 无…案件), or a rate stated as zero (…率为零)."""
    rate: str
    """What states a rate as zero (率为零)."""
    harm_nouns: re.Pattern[str]
    """``nouns`` without the rate: its matches in a text where ``rate`` does not occur, found
    several times faster (a rate's pattern may start at any Chinese character)."""


@dataclass(frozen=True)
class MeasureLeads:
    """``measure_leads.toml``: how far a measure's verb may stand into its clause, and which
    verbs need an institution as object."""

    tags: frozenset[str]
    """jieba tags of the words a lead phrase (subject, time, adverbial) is made of."""
    words: frozenset[str]
    """Other words a lead phrase may hold (在, 通过)."""
    max_chars: int
    weak_verbs: frozenset[str]
    """Verbs that make a measure only when the clause ends in one of ``endings``."""
    endings: re.Pattern[str]


@dataclass(frozen=True)
class RegionRules:
    """``regions.toml``: administrative levels."""

    municipalities: frozenset[str]
    suffix_level: Mapping[str, str]
    keyword_level: Mapping[str, str]


@dataclass(frozen=True)
class MetadataRules:
    """``metadata.toml``: how the title and the issuer are read."""

    title_words: re.Pattern[str]
    not_title_words: re.Pattern[str]
    national_prefixes: re.Pattern[str]


@dataclass(frozen=True)
class Confusion:
    """``ocr_confusions.toml``, one entry: a character OCR gives (``read``) for the one a
    report has (``meant``), and where the correction is certain (``word``, ``number`` or
    ``year``; :mod:`lawtext.ingest.ocr`)."""

    read: str
    meant: str
    where: str
    words: tuple[str, ...] = ()
    """For ``word``: the words ``meant`` makes (each contains it)."""


CONFUSION_PLACES = ("word", "number", "year")
_CHINESE_NUMERALS = "〇零一二三四五六七八九"


@dataclass(frozen=True, eq=False)
class Rules:
    """Every rule in force. Compared and hashed by identity; :attr:`fingerprint` names
    the contents."""

    fingerprint: str
    origins: Mapping[str, str]
    """File name → where it was read from (``packaged`` or a path)."""
    parts: PartRules
    coverage_min_sentences: int
    coverage: Mapping[str, PartEvidence]
    themes: Mapping[str, dict[str, Any]]
    """Scheme name → {label, years, areas: {area: {label, terms}}}."""
    crosswalk: Mapping[str, tuple[str, ...]]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    units: tuple[str, ...]
    approx: ApproxRules
    number_names: tuple[str, ...]
    zero_claims: ZeroClaimRules
    what: WhatRules
    ranker_weights: Mapping[str, float]
    measure_verbs: re.Pattern[str]
    measure_openers: re.Pattern[str]
    measure_leads: MeasureLeads
    issuer_types: tuple[tuple[str, str, str], ...]
    """(keyword, issuer_type, kind), longest keyword first."""
    regions: RegionRules
    metadata: MetadataRules
    generic_phrases: re.Pattern[str]
    problem_causes: re.Pattern[str]
    domain_dict: tuple[tuple[str, int | None, str], ...]
    protected_terms: tuple[str, ...]
    stopwords: frozenset[str]
    ocr_confusions: tuple[Confusion, ...]
    texts: Mapping[str, str] = field(repr=False, default_factory=dict)
    """The file contents in force, by name (what :func:`dump` writes and workers rebuild from)."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its file contents (workers rebuild and re-check it)."""
        return (from_texts, (dict(self.texts), dict(self.origins)))

    def __repr__(self) -> str:
        own = sorted(n for n, o in self.origins.items() if o != "packaged")
        return f"<Rules {self.fingerprint}: packaged" + (f" + {', '.join(own)}>" if own else ">")


# ---------------------------------------------------------------------------------------
# Readers: a file's text → its entries, each check naming the file and the entry.

def _lines(text: str) -> list[str]:
    """Entries of a one-per-line file: blank lines and ``#`` comments dropped."""
    return [line for raw in text.splitlines() if (line := raw.split("#", 1)[0].strip())]


def _words(name: str, text: str) -> tuple[str, ...]:
    """A list of literal words, one per line, without spaces."""
    words = _lines(text)
    for word in words:
        if any(ch.isspace() for ch in word):
            raise RulesError(name, repr(word), "a literal word may not contain spaces")
    if not words:
        raise RulesError(name, "(file)", "no entries")
    return tuple(words)


def _regex(name: str, entry: str, pattern: str) -> re.Pattern[str]:
    """A compiled regex that cannot match the empty string."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise RulesError(name, entry, f"not a regular expression ({exc}): {pattern!r}") from None
    if compiled.fullmatch(""):
        raise RulesError(name, entry, f"matches the empty string, so it would match everywhere: {pattern!r}")
    return compiled


def _alternation(name: str, entry: str, patterns: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    for k, p in enumerate(patterns):
        _regex(name, f"{entry}[{k}]", p)
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _literal_alternation(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _toml(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(name, "(file)", f"not valid TOML ({exc})") from None


def _get(name: str, data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    entry = f"{where}.{key}" if where else key
    if key not in data:
        raise RulesError(name, entry, "missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RulesError(name, entry, f"expected {_kind_name(kind)}, found {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"str": "a string", "list": "a list", "dict": "a table", "int": "an integer"}.get(
        k.__name__, k.__name__) for k in kinds)


def _strings(name: str, data: Mapping[str, Any], key: str, where: str = "", *, empty: bool = False) -> list[str]:
    values = _get(name, data, key, list, where)
    entry = f"{where}.{key}" if where else key
    for k, v in enumerate(values):
        if not isinstance(v, str) or not v:
            raise RulesError(name, f"{entry}[{k}]", f"expected a non-empty string, found {v!r}")
    if not values and not empty:
        raise RulesError(name, entry, "no entries")
    return values


def _part(name: str, entry: str, part: str) -> str:
    if part not in REQUIRED_PARTS:
        raise RulesError(name, entry, f"{part!r} is not a required part ({', '.join(REQUIRED_PARTS)})")
    return part


def _parts(name: str, text: str) -> PartRules:
    data = _toml(name, text)
    default = _part(name, "default", _get(name, data, "default", str))
    patterns = {}
    for part in _get(name, data, "patterns", dict):
        regexes = _strings(name, data["patterns"], _part(name, f"patterns.{part}", part), "patterns")
        patterns[part] = tuple(_regex(name, f"patterns.{part}[{k}]", p) for k, p in enumerate(regexes))
    names = _get(name, data, "names", dict)
    for part in REQUIRED_PARTS:
        _get(name, names, part, str, "names")
    return PartRules(default, _literal_alternation(_strings(name, data, "future")), patterns,
                     {p: names[p] for p in REQUIRED_PARTS})


def _coverage(name: str, text: str) -> tuple[int, dict[str, PartEvidence]]:
    data = _toml(name, text)
    minimum = _get(name, data, "min_sentences", int)
    if minimum < 1:
        raise RulesError(name, "min_sentences", f"must be at least 1, found {minimum}")
    parts = {}
    for part, rules in _get(name, data, "parts", dict).items():
        where = f"parts.{_part(name, f'parts.{part}', part)}"
        patterns = _strings(name, rules, "patterns", where)
        for k, p in enumerate(patterns):
            _regex(name, f"{where}.patterns[{k}]", p.replace("{next_year}", "2024"))
        exclude = _strings(name, rules, "exclude", where, empty=True)
        not_in = [_part(name, f"{where}.not_in", p) for p in _strings(name, rules, "not_in", where, empty=True)]
        excluded = _alternation(name, f"{where}.exclude", exclude) if exclude else None
        parts[part] = PartEvidence(tuple(patterns), excluded, frozenset(not_in))
    return minimum, parts


def _themes(name: str, text: str) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, ...]]]:
    data = _toml(name, text)
    schemes = _get(name, data, "schemes", dict)
    for scheme_name, scheme in schemes.items():
        where = f"schemes.{scheme_name}"
        _get(name, scheme, "label", str, where)
        years = _get(name, scheme, "years", list, where)
        if len(years) != 2 or not all(isinstance(y, int) for y in years) or years[0] > years[1]:
            raise RulesError(name, f"{where}.years", f"expected [first, last] years, found {years!r}")
        seen: dict[str, str] = {}
        for area, spec in _get(name, scheme, "areas", dict, where).items():
            _get(name, spec, "label", str, f"{where}.areas.{area}")
            for term in _strings(name, spec, "terms", f"{where}.areas.{area}"):
                if term in seen:
                    raise RulesError(name, f"{where}.areas.{area}.terms",
                                     f"{term!r} is already a term of area {seen[term]!r} in this scheme")
                seen[term] = area
    newest = max(schemes, key=lambda s: schemes[s]["years"][0])
    older = {area for s in schemes if s != newest for area in schemes[s]["areas"]}
    crosswalk = {}
    for area in _get(name, data, "crosswalk", dict):
        if area not in older:
            raise RulesError(name, f"crosswalk.{area}", "not an area of an older scheme")
        targets = _strings(name, data["crosswalk"], area, "crosswalk")
        for target in targets:
            if target not in schemes[newest]["areas"]:
                raise RulesError(name, f"crosswalk.{area}", f"{target!r} is not an area of scheme {newest!r}")
        crosswalk[area] = tuple(targets)
    return schemes, crosswalk


def _categories(name: str, text: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = _get(name, _toml(name, text), "categories", dict)
    return tuple((category, _literal_alternation(_strings(name, table, category, "categories"))) for category in table)


def _approx(name: str, text: str) -> ApproxRules:
    data = _toml(name, text)
    before, after = tuple(_strings(name, data, "before")), tuple(_strings(name, data, "after"))
    recorded = _get(name, data, "recorded", dict) if "recorded" in data else {}  # optional: files of earlier versions
    for written, short in recorded.items():
        if written not in before + after:
            raise RulesError(name, f"recorded.{written}", "not a marker of before or after")
        if not isinstance(short, str):
            raise RulesError(name, f"recorded.{written}", f"expected a string, found {short!r}")
    return ApproxRules(before, after, dict(recorded))


def _zero_claims(name: str, text: str) -> ZeroClaimRules:
    data = _toml(name, text)
    verbs = _literal_alternation(_strings(name, data, "verbs")).pattern
    clause_verbs = _literal_alternation(_strings(name, data, "clause_verbs")).pattern
    not_claims = _literal_alternation(_strings(name, data, "not_claims")).pattern
    not_zero = _literal_alternation(_strings(name, data, "not_zero_words")).pattern
    nouns = _literal_alternation(_strings(name, data, "zero_nouns")).pattern
    rate = _get(name, data, "zero_rate", str)
    harm = rf"(?!{not_zero})[零无](?P<obj>[\u4e00-\u9fff、Ⅰ-Ⅻ]{{0,24}}?(?:{nouns}))"
    return ZeroClaimRules(
        verbs=re.compile(rf"(?!{not_claims})(?P<verb>{verbs}|(?<=[，,。；：\n])(?:{clause_verbs}))"
                         r"(?P<obj>[^，。；！？\n]{1,40})"),
        fillers=re.compile(f"^(?:{_literal_alternation(_strings(name, data, 'object_fillers')).pattern})+"),
        nouns=re.compile(rf"{harm}|(?P<rate>[\u4e00-\u9fff]{{1,10}}?){re.escape(rate)}"),
        rate=rate, harm_nouns=re.compile(harm),
    )


def _what(name: str, text: str) -> WhatRules:
    data = _toml(name, text)
    words = {key: _strings(name, data, key) for key in (
        "linking", "left_stop", "light_verbs", "classifiers", "places", "change_verbs", "modifiers", "people_units",
        "conjunctions")}
    return WhatRules(
        linking=re.compile(f"(?:{_literal_alternation(words['linking']).pattern})+$"),
        left_stop=frozenset(words["left_stop"]), light_verbs=frozenset(words["light_verbs"]),
        classifiers=frozenset(words["classifiers"]), places=tuple(words["places"]),
        change_verbs=frozenset(words["change_verbs"]), modifiers=frozenset(words["modifiers"]),
        people_units=frozenset(words["people_units"]), conjunctions=frozenset(words["conjunctions"]),
    )


def _ranker(name: str, text: str) -> dict[str, float]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesError(name, "(file)", f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise RulesError(name, "(file)", "expected an object with a 'weights' object")
    for feature, weight in data["weights"].items():
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight):
            raise RulesError(name, f"weights.{feature}", f"not a finite number: {weight!r}")
    return dict(data["weights"])


def _measure_leads(name: str, text: str) -> MeasureLeads:
    data = _toml(name, text)
    lead = _get(name, data, "lead", dict)
    weak = _get(name, data, "weak", dict)
    max_chars = _get(name, lead, "max_chars", int, "lead")
    if max_chars < 1:
        raise RulesError(name, "lead.max_chars", f"must be at least 1, found {max_chars}")
    return MeasureLeads(
        tags=frozenset(_strings(name, lead, "tags", "lead")), words=frozenset(_strings(name, lead, "words", "lead")),
        max_chars=max_chars, weak_verbs=frozenset(_strings(name, weak, "verbs", "weak")),
        endings=re.compile(f"(?:{_literal_alternation(_strings(name, weak, 'endings', 'weak')).pattern})$"),
    )


def _issuer_types(name: str, text: str) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or any(c != c.strip() or not c for c in cells):
            raise RulesError(name, f"line {n}", f"expected three tab-separated cells without spaces, found {line!r}")
        if cells[2] not in KINDS:
            raise RulesError(name, f"line {n}", f"kind {cells[2]!r} is not one of {', '.join(KINDS)}")
        rows.append((cells[0], cells[1], cells[2]))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _regions(name: str, text: str) -> RegionRules:
    data = _toml(name, text)
    levels = {}
    for table in ("suffix_level", "keyword_level"):
        for key, level in _get(name, data, table, dict).items():
            if level not in LEVELS:
                raise RulesError(name, f"{table}.{key}", f"level {level!r} is not one of {', '.join(LEVELS)}")
        levels[table] = dict(data[table])
    for suffix in ("省", "市", "区", "县", "镇", "乡"):
        if suffix not in levels["suffix_level"]:
            raise RulesError(name, f"suffix_level.{suffix}", "missing: every administrative suffix needs a level")
    return RegionRules(frozenset(_strings(name, data, "municipalities")), levels["suffix_level"],
                       levels["keyword_level"])


def _metadata(name: str, text: str) -> MetadataRules:
    data = _toml(name, text)
    return MetadataRules(*(_literal_alternation(_strings(name, data, key)) for key in (
        "title_words", "not_title_words", "national_prefixes")))


def _domain_dict(name: str, text: str) -> tuple[tuple[str, int | None, str], ...]:
    entries = []
    for line in _lines(text):
        word, *rest = line.split()
        if len(rest) > 2 or (rest and not rest[0].isdigit()):
            raise RulesError(name, repr(line), "expected 'term [frequency [tag]]'")
        entries.append((word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else "nz"))
    return tuple(entries)


def _regex_lines(name: str, text: str) -> re.Pattern[str]:
    lines = _lines(text)
    if not lines:
        raise RulesError(name, "(file)", "no entries")
    return _alternation(name, "line", lines)


def _ocr_confusions(name: str, text: str) -> tuple[Confusion, ...]:
    entries = _get(name, _toml(name, text), "confusion", list)
    out = []
    for k, entry in enumerate(entries):
        where = f"confusion[{k}]"
        if not isinstance(entry, dict):
            raise RulesError(name, where, f"expected a table, found {entry!r}")
        read, meant, place = (_get(name, entry, key, str, where) for key in ("read", "meant", "where"))
        for key, char in (("read", read), ("meant", meant)):
            if len(char) != 1:
                raise RulesError(name, f"{where}.{key}", f"expected one character, found {char!r}")
        if read == meant:
            raise RulesError(name, where, f"read and meant are the same character {read!r}")
        if place not in CONFUSION_PLACES:
            raise RulesError(name, f"{where}.where", f"{place!r} is not one of {', '.join(CONFUSION_PLACES)}")
        words: tuple[str, ...] = ()
        if place == "word":
            words = tuple(_strings(name, entry, "words", where))
            for word in words:
                if meant not in word or len(word) < 2:
                    raise RulesError(name, f"{where}.words", f"{word!r} is not a word of two or more characters "
                                     f"with {meant!r} in it")
        elif "words" in entry:
            raise RulesError(name, f"{where}.words", f"only a 'word' confusion has words, this one is {place!r}")
        if place == "number" and not meant.isdigit():
            raise RulesError(name, f"{where}.meant", f"a 'number' confusion means a digit, found {meant!r}")
        if place == "year" and meant not in _CHINESE_NUMERALS:
            raise RulesError(name, f"{where}.meant", f"a 'year' confusion means a Chinese numeral, found {meant!r}")
        out.append(Confusion(read, meant, place, words))
    if not out:
        raise RulesError(name, "confusion", "no entries")
    return tuple(out)


FILES: dict[str, Callable[[str, str], Any]] = {
    "parts.toml": _parts, "coverage.toml": _coverage, "themes.toml": _themes, "categories.toml": _categories,
    "units.txt": _words, "approximations.toml": _approx, "number_names.txt": _words,
    "zero_claims.toml": _zero_claims, "what.toml": _what, "what_ranker.json": _ranker,
    "measure_verbs.txt": _words, "measure_openers.txt": _regex_lines,
    "measure_leads.toml": _measure_leads, "issuer_types.tsv": _issuer_types,
    "regions.toml": _regions, "metadata.toml": _metadata, "generic_phrases.txt": _regex_lines,
    "problem_causes.txt": _words,
    "domain_dict.txt": _domain_dict, "protected_terms.txt": _words, "stopwords.txt": _words,
    "ocr_confusions.toml": _ocr_confusions,
}
"""Every rule file and the reader that checks it."""


def packaged_text(name: str) -> str:
    """The text of a rule file as shipped in ``lawtext/data``."""
    return resources.files("lawtext.data").joinpath(name).read_text(encoding="utf-8")


def _texts(folder: str | Path | None) -> tuple[dict[str, str], dict[str, str]]:
    texts = {name: packaged_text(name) for name in FILES}
    origins = dict.fromkeys(FILES, "packaged")
    if folder is None:
        return texts, origins
    folder = Path(folder)
    if not folder.is_dir():
        raise RulesError(str(folder), "(folder)", "not a folder of rule files")
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name not in FILES:
            raise RulesError(str(path), "(file)", f"not a rule file lawtext knows ({', '.join(sorted(FILES))})")
        try:
            texts[path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(str(path), "(file)", f"cannot be read ({exc})") from None
        origins[path.name] = str(path)
    return texts, origins


def from_texts(texts: Mapping[str, str], origins: Mapping[str, str] | None = None) -> Rules:
    """Rules from file contents by name (every rule file present), each checked."""
    from lawtext import __version__

    origins = origins or dict.fromkeys(texts, "packaged")
    parsed = {}
    for name, reader in FILES.items():
        label = name if origins.get(name, "packaged") == "packaged" else origins[name]
        parsed[name] = reader(label, texts[name])
    digest = hashlib.sha256(f"{__version__}\0{_RECORD_FORMAT}".encode())
    for name in sorted(FILES):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    minimum, coverage = parsed["coverage.toml"]
    schemes, crosswalk = parsed["themes.toml"]
    return Rules(
        fingerprint=digest.hexdigest()[:16], origins=dict(origins), parts=parsed["parts.toml"],
        coverage_min_sentences=minimum, coverage=coverage, themes=schemes, crosswalk=crosswalk,
        categories=parsed["categories.toml"], units=parsed["units.txt"], approx=parsed["approximations.toml"],
        number_names=parsed["number_names.txt"], zero_claims=parsed["zero_claims.toml"], what=parsed["what.toml"],
        ranker_weights=parsed["what_ranker.json"],
        measure_verbs=_literal_alternation(parsed["measure_verbs.txt"]),
        measure_openers=re.compile(f"(?:{parsed['measure_openers.txt'].pattern})*"),
        measure_leads=parsed["measure_leads.toml"],
        issuer_types=parsed["issuer_types.tsv"], regions=parsed["regions.toml"],
        metadata=parsed["metadata.toml"], generic_phrases=parsed["generic_phrases.txt"],
        problem_causes=_literal_alternation(parsed["problem_causes.txt"]), domain_dict=parsed["domain_dict.txt"],
        protected_terms=parsed["protected_terms.txt"], stopwords=frozenset(parsed["stopwords.txt"]),
        ocr_confusions=parsed["ocr_confusions.toml"], texts=dict(texts),
    )


def load(folder: str | Path | None = None) -> Rules:
    """The packaged rules, with the files of ``folder`` (if given) in place of theirs."""
    texts, origins = _texts(folder)
    return from_texts(texts, origins)


def dump(folder: str | Path) -> list[Path]:
    """Write the packaged rule files into ``folder`` to edit; existing files are kept."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / name
        if not path.exists():
            path.write_text(packaged_text(name), encoding="utf-8")
            written.append(path)
    return written


def resolve(rules: Rules | str | Path | None) -> Rules:
    """``rules`` as a :class:`Rules`: the active ones for None, loaded for a folder."""
    if rules is None:
        return active()
    return rules if isinstance(rules, Rules) else load(rules)


_active: Rules | None = None


def active() -> Rules:
    """The rules per-report work uses in this process (the packaged ones unless
    :func:`use` was called)."""
    global _active
    if _active is None:
        _active = load()
    return _active


def use(rules: Rules | None) -> None:
    """Make ``rules`` the active rules of this process (``None``: the packaged ones)."""
    global _active
    _active = rules


@contextmanager
def using(rules: Rules | None) -> Iterator[Rules]:
    """Within the block, ``rules`` (or, when None, the active rules) are the active rules."""
    before = _active
    use(rules or active())
    try:
        yield active()
    finally:
        use(before)
