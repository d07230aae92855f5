"""Every table against a folder of gold files on real report text (the realdev format:
``dNNN.txt`` with ``dNNN.gold.json``): headings, required parts, indicators, zero claims and
metadata; and content-only coverage and claimed measures against the blind labels kept
beside this script (realdev-coverage.json, realdev-measures.json).

    python benchmarks/eval_real.py [DIR] [--misses] [--disputes FILE]

DIR defaults to ../shared/realdev beside the repository. The scores are printed as a
table twice when a disputes file is given (benchmarks/realdev-disputes.toml by default):
once against the gold as published, once with our disputed entries replaced.

Matching rules
- A heading is found when a section of the report starts on the gold heading's line (the
  gold text located in the normalised text, in order) with the gold level; a found section
  on no gold line is an extra heading.
- A part-opening heading (gold required_part set) is right when that section has the same
  part; a sub-heading with a part is a found section whose line the gold gives no part.
- An indicator matches a gold one when their spans overlap and value and unit agree;
  precision and recall are on these matches.
- ``what`` agrees (the reviewer's rule) when the character-set Jaccard of the two labels
  is ≥ 0.4; stricter: Jaccard ≥ 0.7; exact: equal strings. The table scores the shipped
  ranker, which was trained on the realdev reports; the line below it scores the ranker
  cross-validated by report on DIR (benchmarks/train_what.py), the honest figure there.
- A zero claim is found when a found zero claim overlaps the gold mention.
- Metadata: equal strings (issuer, issuer_type, level) or equal year; level names are the
  gold's (``district-county`` for a county or district).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from eval_indicators import gold_spans, jaccard, what_agrees

import lawtext
from lawtext.compare.coverage import part_evidence
from lawtext.model import Indicator
from lawtext.normalize import paragraph

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev"
DISPUTES = ROOT / "benchmarks" / "realdev-disputes.toml"
COVERAGE = ROOT / "benchmarks" / "realdev-coverage.json"
"""Per excerpt and part (problems, leader_duty, next_year): covered, and by heading or
content; labelled blind by an annotator who never saw the code."""
MEASURES = ROOT / "benchmarks" / "realdev-measures.json"
"""Per excerpt: [start, end, planned] of each claimed measure in the excerpt file, labelled
blind by two annotators who never saw the code (offsets only: the text stays outside)."""
META_FIELDS = ("issuer", "year", "issuer_type", "level")
LEVEL_NAMES = {"county": "district-county", "district": "district-county"}


@dataclass
class Counts:
    """Right out of total, with the misses that explain the gap."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str = "") -> None:
        self.total += 1
        self.right += ok
        if not ok and miss:
            self.misses.append(miss.replace("\n", "⏎"))

    def __str__(self) -> str:
        return f"{self.right / self.total:.3f} ({self.right}/{self.total})" if self.total else "n/a"


@dataclass
class Scores:
    """Every figure of one evaluation run."""

    headings_found: Counts = field(default_factory=Counts)
    headings_precision: Counts = field(default_factory=Counts)
    parts_right: Counts = field(default_factory=Counts)
    subheadings_without_part: Counts = field(default_factory=Counts)
    indicators_precision: Counts = field(default_factory=Counts)
    indicators_recall: Counts = field(default_factory=Counts)
    what_reviewer: Counts = field(default_factory=Counts)
    what_strict: Counts = field(default_factory=Counts)
    what_exact: Counts = field(default_factory=Counts)
    approx: Counts = field(default_factory=Counts)
    zero_recall: Counts = field(default_factory=Counts)
    zero_precision: Counts = field(default_factory=Counts)
    metadata: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in META_FIELDS})
    content_precision: Counts = field(default_factory=Counts)
    content_recall: Counts = field(default_factory=Counts)
    measures_precision: Counts = field(default_factory=Counts)
    measures_recall: Counts = field(default_factory=Counts)

    def rows(self) -> list[tuple[str, str]]:
        p, r, sub = self.indicators_precision, self.indicators_recall, self.subheadings_without_part
        pf = p.right / max(p.total, 1)
        rf = r.right / max(r.total, 1)
        f1 = 2 * pf * rf / max(pf + rf, 1e-9)
        return [
            ("headings found (line and level)", str(self.headings_found)),
            ("headings precision", str(self.headings_precision)),
            ("part-opening headings right", str(self.parts_right)),
            ("sub-headings given a part", f"{sub.total - sub.right} of {sub.total}"),
            ("indicators precision (value, unit)", str(p)),
            ("indicators recall (value, unit)", str(r)),
            ("indicators F1", f"{f1:.3f}"),
            ("what, Jaccard >= 0.4 (reviewer)", str(self.what_reviewer)),
            ("what, Jaccard >= 0.7 (strict)", str(self.what_strict)),
            ("what, exact", str(self.what_exact)),
            ("approx", str(self.approx)),
            ("zero claims recall", str(self.zero_recall)),
            ("zero claims precision", str(self.zero_precision)),
            *((f"metadata {name}", str(c)) for name, c in self.metadata.items()),
            ("coverage by content only, precision", str(self.content_precision)),
            ("coverage by content only, recall", str(self.content_recall)),
            ("measures precision (span overlap)", str(self.measures_precision)),
            ("measures recall (span overlap)", str(self.measures_recall)),
        ]

    def misses(self) -> Iterable[tuple[str, str]]:
        for name, value in vars(self).items():
            counts = value.values() if isinstance(value, dict) else [value]
            for c in counts:
                for miss in c.misses:
                    yield name, miss


def locate(text: str, pieces: list[str], cursor: int = 0) -> list[int]:
    """Offsets of each piece in ``text``, searched in order from ``cursor``."""
    out = []
    for piece in pieces:
        pos = text.find(piece, cursor)
        if pos < 0:
            pos = text.find(piece)
        out.append(pos)
        if pos >= 0:
            cursor = pos + 1
    return out


def line_of(text: str, pos: int) -> int:
    """Start offset of the line that holds ``pos``."""
    return text.rfind("\n", 0, pos) + 1


def score_headings(doc: lawtext.Document, gold: list[dict], s: Scores) -> None:
    text = doc.text
    texts = [paragraph(h["text"]) for h in gold]
    gold_at: dict[int, dict] = {}
    for h, pos in zip(gold, locate(text, texts), strict=True):
        if pos < 0:
            raise ValueError(f"{doc.doc_id}: gold heading not in text: {h['text']}")
        gold_at[pos] = h
    found_at = {s_.start: s_ for s_ in doc.sections}
    # a section starts at its paragraph; a gold heading may start a little later on that line
    found_by_line = {line_of(text, pos): sec for pos, sec in found_at.items()}
    for pos, h in gold_at.items():
        sec = found_at.get(pos) or found_by_line.get(line_of(text, pos))
        ok = sec is not None and sec.level == h["level"]
        got = f"L{sec.level} {sec.number}{sec.title}" if sec else "not found"
        s.headings_found.add(ok, f"{doc.doc_id}: {h['text']} (L{h['level']}) → {got}")
        if h["required_part"]:
            part = sec.required_part if sec else None
            s.parts_right.add(part == h["required_part"],
                              f"{doc.doc_id}: {h['text']} → {part}, want {h['required_part']}")
        elif sec is not None:
            s.subheadings_without_part.add(not sec.required_part,
                                           f"{doc.doc_id}: {h['text']} given {sec.required_part}")
    gold_lines = {line_of(text, pos) for pos in gold_at}
    for sec in doc.sections:
        s.headings_precision.add(line_of(text, sec.start) in gold_lines,
                                 f"{doc.doc_id}: extra L{sec.level} {sec.number}{sec.title}")


def match_indicators(text: str, counted: list[Indicator], gold: list[dict]) -> list[tuple[int, int, dict, int | None]]:
    """Each gold indicator located in ``text`` as (start, end, entry, k): ``counted[k]`` is
    the found indicator that overlaps it with the same value and unit, each used once."""
    used: set[int] = set()
    out = []
    for start, end, g in gold_spans(text, gold):
        hit = next((k for k, i in enumerate(counted)
                    if k not in used and i.start < end and start < i.end
                    and abs(i.value - float(g["value"])) < 1e-6 and i.unit == g["unit"]), None)
        if hit is not None:
            used.add(hit)
        out.append((start, end, g, hit))
    return out


def score_indicators(doc: lawtext.Document, gold: list[dict], s: Scores) -> None:
    counted = [i for i in doc.indicators if not i.zero_claim]
    used: set[int] = set()
    for start, end, g, hit in match_indicators(doc.text, counted, gold):
        near = next((i for i in counted if i.start < end and start < i.end), None)
        got = f"{near.mention} → {near.value:g} {near.unit}" if near else "nothing"
        s.indicators_recall.add(hit is not None, f"{doc.doc_id}: {g['context'][-6:]}[{g['mention']}] "
                                                 f"{g['value']} {g['unit']}: got {got}")
        if hit is None:
            continue
        used.add(hit)
        ind = counted[hit]
        label = f"{doc.doc_id}: {ind.what!r}, want {g['what']!r} ({g['context'][-8:]}[{g['mention']}])"
        s.what_reviewer.add(what_agrees(ind.what, g["what"]), label)
        s.what_strict.add(jaccard(ind.what, paragraph(g["what"])) >= 0.7)
        s.what_exact.add(ind.what == paragraph(g["what"]))
        s.approx.add(ind.approx == g.get("approx", ""),
                     f"{doc.doc_id}: approx {ind.approx!r}, want {g.get('approx')!r} ({g['mention']})")
    for k, ind in enumerate(counted):
        left = doc.text[max(ind.start - 8, 0):ind.start]
        s.indicators_precision.add(k in used, f"{doc.doc_id}: extra {left}[{ind.mention}] "
                                              f"{ind.value:g} {ind.unit} what {ind.what!r}")


def score_zero_claims(doc: lawtext.Document, gold: list[dict], s: Scores) -> None:
    zeros = [i for i in doc.indicators if i.zero_claim]
    spans = gold_spans(doc.text, gold)
    for start, end, g in spans:
        s.zero_recall.add(any(z.start < end and start < z.end for z in zeros),
                          f"{doc.doc_id}: missed {g['mention']}")
    for z in zeros:
        s.zero_precision.add(any(z.start < end and start < z.end for start, end, _ in spans),
                             f"{doc.doc_id}: extra {z.mention} what {z.what!r}")


def score_metadata(doc: lawtext.Document, gold: dict, s: Scores) -> None:
    m = doc.metadata
    got = {"issuer": m.issuer, "year": m.year, "issuer_type": m.issuer_type,
           "level": LEVEL_NAMES.get(m.level, m.level)}
    for name in META_FIELDS:
        want = paragraph(gold[name]) if isinstance(gold[name], str) else gold[name]
        s.metadata[name].add(got[name] == want, f"{doc.doc_id}: {got[name]!r}, want {want!r}")


def score_coverage(doc: lawtext.Document, labels: dict[str, dict], s: Scores) -> None:
    """Content-only coverage of problems, leader_duty and next_year against labels."""
    evidence = part_evidence(doc)
    for part, label in labels.items():
        got = evidence[part][0]
        if got == "content":
            s.content_precision.add(label["covered"], f"{doc.doc_id}: {part} by content, labelled not covered")
        if label["covered"] and label["evidence"] == "content":
            s.content_recall.add(got != "none", f"{doc.doc_id}: {part} labelled covered by content, found none")


def score_measures(doc: lawtext.Document, spans: list[list], s: Scores) -> None:
    """Claimed measures against labelled spans of the original excerpt (located in the
    normalised text by their characters)."""
    raw = doc.path and Path(doc.path).read_text(encoding="utf-8")
    gold = []
    for start, end, _ in spans:
        pos = doc.text.find(paragraph(raw[start:end]))
        gold.append((pos, pos + len(paragraph(raw[start:end]))))
    found = [(m.start, m.end, m.text) for m in doc.measures]
    for a, b in gold:
        s.measures_recall.add(any(x < b and a < y for x, y, _ in found), f"{doc.doc_id}: missed {doc.text[a:b]}")
    for x, y, text in found:
        s.measures_precision.add(any(x < b and a < y for a, b in gold), f"{doc.doc_id}: extra {text}")


def apply_disputes(gold: dict, disputes: list[dict]) -> dict:
    """The gold with our disputed entries replaced (``replace``) or removed (no ``replace``)."""
    gold = json.loads(json.dumps(gold))
    for d in disputes:
        if d["id"] != gold["id"]:
            continue
        if d["table"] in META_FIELDS:
            gold[d["table"]] = d["replace"]
            continue
        entries = gold[d["table"]]
        key = "text" if d["table"] == "headings" else "mention"
        k = next((k for k, e in enumerate(entries) if e[key] == d["entry"]), None)
        if k is None and "replace" in d and d.get("add"):
            entries.append(d["replace"])
        elif k is None:
            raise ValueError(f"dispute names no gold entry: {d['id']} {d['table']} {d['entry']}")
        elif "replace" in d:
            entries[k] = {**entries[k], **d["replace"]}
        else:
            del entries[k]
    return gold


def evaluate(folder: Path, disputes: list[dict] | None = None) -> Scores:
    """Scores of every table over the gold files in ``folder``, and of coverage and
    measures over the labels kept beside this script."""
    s = Scores()
    coverage = json.loads(COVERAGE.read_text(encoding="utf-8"))
    measures = json.loads(MEASURES.read_text(encoding="utf-8"))
    for gold_file in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if disputes:
            gold = apply_disputes(gold, disputes)
        doc = lawtext.read(gold_file.with_name(gold_file.name.removesuffix(".gold.json") + ".txt"))
        score_headings(doc, gold["headings"], s)
        score_indicators(doc, gold["indicators"], s)
        score_zero_claims(doc, gold["zero_claims"], s)
        score_metadata(doc, gold, s)
        if gold["id"] in coverage:
            score_coverage(doc, coverage[gold["id"]], s)
        if gold["id"] in measures:
            score_measures(doc, measures[gold["id"]], s)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=REALDEV)
    ap.add_argument("--disputes", type=Path, default=DISPUTES)
    ap.add_argument("--misses", action="store_true", help="print every miss")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no gold folder at {args.folder}")
    runs = {"gold": evaluate(args.folder)}
    if args.disputes.is_file():
        disputes = tomllib.loads(args.disputes.read_text(encoding="utf-8"))["dispute"]
        runs["with disputes"] = evaluate(args.folder, disputes)
    names = list(runs)
    table = [row for row in runs[names[0]].rows()]
    width = max(len(r[0]) for r in table)
    print(f"{'':{width}}  " + "  ".join(f"{n:>22}" for n in names))
    for k, (label, _) in enumerate(table):
        print(f"{label:{width}}  " + "  ".join(f"{runs[n].rows()[k][1]:>22}" for n in names))
    from train_what import agreement, cross_validated, realdev_examples  # it imports this module

    examples = realdev_examples(args.folder)
    print("\nwhat, Jaccard >= 0.4 / >= 0.7 / exact, by the ranker cross-validated by report "
          "(10 folds: no report scored by a ranker trained on it):")
    print(f"  {agreement(cross_validated(examples), examples)}")
    if args.misses:
        for kind, miss in runs[names[-1]].misses():
            print(f"{kind}\t{miss}")


if __name__ == "__main__":
    main()
