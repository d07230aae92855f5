"""Every table against a folder of gold files on real report text (the realdev format:
``dNNN.txt`` with ``dNNN.gold.json``): headings, required parts, indicators, zero claims and
metadata; and content-only coverage and claimed measures against the blind labels kept
beside this script (realdev-coverage.json, realdev-measures.json).

    python benchmarks/eval_real.py [DIR] [--misses] [--disputes FILE]

DIR defaults to ../shared/realdev beside the repository; without it the script exits with
a message. Every figure is printed twice, in two columns: against the gold as published
(``gold``) and against the gold with our disputes applied (``gold + disputes``). The
disputes are read from FILE (default benchmarks/realdev-disputes.json): the gold entries we
hold wrong under the gold's own guide, with the reasons in realdev-disputes.md; applying
one fails loudly when it does not select exactly one gold entry. ``--misses`` lists the misses against the gold as
published.

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
  ranker, which was trained on the realdev reports; the lines below it score the ranker
  cross-validated by report on DIR (benchmarks/train_what.py), the honest figure there,
  also both ways.
- A zero claim is found when a found zero claim overlaps the gold mention.
- Metadata: equal strings (issuer, issuer_type, level) or equal year; level names are the
  gold's (``district-county`` for a county or district).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eval_indicators import gold_spans, jaccard, what_agrees

import lawtext
from lawtext.compare.coverage import part_evidence
from lawtext.model import Indicator
from lawtext.normalize import paragraph

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev"
DISPUTES = ROOT / "benchmarks" / "realdev-disputes.json"
"""Gold entries we hold wrong under the gold's own guide (reasons in realdev-disputes.md)."""
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


LIST_FIELDS = ("headings", "indicators", "zero_claims")


class DisputeError(ValueError):
    """A dispute that does not apply to the gold it names."""


def load_disputes(path: Path = DISPUTES) -> list[dict]:
    """The disputes of ``path`` (realdev-disputes.json), or none when it is absent."""
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["disputes"]


def load_gold(folder: Path) -> dict[str, dict]:
    """Every ``dNNN.gold.json`` of ``folder`` by its report (``dNNN``), in file order."""
    return {gold_file.name.removesuffix(".gold.json"): json.loads(gold_file.read_text(encoding="utf-8"))
            for gold_file in sorted(folder.glob("*.gold.json"))}


def apply_disputes(golds: dict[str, dict], disputes: list[dict]) -> dict[str, dict]:
    """A copy of ``golds`` with each dispute applied; the input is left as it is.

    A metadata dispute (``field`` one of META_FIELDS) names the ``gold`` value and the value
    to ``set``. A list dispute (``field`` one of LIST_FIELDS) names a ``match``: the fields
    an entry of that report must equal; exactly one entry must match, and it is then updated
    with ``set`` or dropped (``remove``). Anything else raises DisputeError."""
    out = copy.deepcopy(golds)
    for d in disputes:
        where = f"dispute {d.get('report')} {d.get('field')}"
        gold = out.get(d.get("report", ""))
        if gold is None:
            raise DisputeError(f"{where}: no such report in the gold")
        name = d["field"]
        if name in META_FIELDS:
            if gold[name] != d["gold"]:
                raise DisputeError(f"{where}: gold holds {gold[name]!r}, the dispute says {d['gold']!r}")
            gold[name] = d["set"]
        elif name in LIST_FIELDS:
            entries = gold[name]
            hits = [k for k, e in enumerate(entries) if all(e.get(f) == v for f, v in d["match"].items())]
            if len(hits) != 1:
                raise DisputeError(f"{where}: match {d['match']} selects {len(hits)} entries, not one")
            if d.get("remove"):
                del entries[hits[0]]
            elif isinstance(d.get("set"), dict):
                entries[hits[0]] = {**entries[hits[0]], **d["set"]}
            else:
                raise DisputeError(f"{where}: neither set nor remove")
        else:
            raise DisputeError(f"{where}: unknown field")
    return out


def read_reports(folder: Path, golds: dict[str, dict]) -> dict[str, lawtext.Document]:
    """The report beside each gold file, read by lawtext."""
    return {doc_id: lawtext.read(folder / f"{doc_id}.txt") for doc_id in golds}


def score(docs: dict[str, lawtext.Document], golds: dict[str, dict]) -> Scores:
    """Scores of every table over ``golds``, and of coverage and measures over the labels
    kept beside this script."""
    s = Scores()
    coverage = json.loads(COVERAGE.read_text(encoding="utf-8"))
    measures = json.loads(MEASURES.read_text(encoding="utf-8"))
    for doc_id, gold in golds.items():
        doc = docs[doc_id]
        score_headings(doc, gold["headings"], s)
        score_indicators(doc, gold["indicators"], s)
        score_zero_claims(doc, gold["zero_claims"], s)
        score_metadata(doc, gold, s)
        if doc_id in coverage:
            score_coverage(doc, coverage[doc_id], s)
        if doc_id in measures:
            score_measures(doc, measures[doc_id], s)
    return s


def evaluate(folder: Path, disputes: list[dict] | None = None) -> Scores:
    """Scores over the gold files in ``folder``, with ``disputes`` applied when given."""
    golds = load_gold(folder)
    if disputes:
        golds = apply_disputes(golds, disputes)
    return score(read_reports(folder, golds), golds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=REALDEV)
    ap.add_argument("--disputes", type=Path, default=DISPUTES)
    ap.add_argument("--misses", action="store_true", help="print every miss (against the gold as published)")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no gold folder at {args.folder}")
    golds = load_gold(args.folder)
    disputes = load_disputes(args.disputes)
    disputed = apply_disputes(golds, disputes)
    docs = read_reports(args.folder, golds)
    runs = {"gold": score(docs, golds), "gold + disputes": score(docs, disputed)}
    tables = {name: dict(s.rows()) for name, s in runs.items()}
    width = max(len(label) for label in tables["gold"])
    print(f"{len(disputes)} disputes applied ({args.disputes.name})" if disputes
          else f"no disputes at {args.disputes}: both columns score the gold as published")
    print(f"{'':{width}}  " + "  ".join(f"{name:>22}" for name in runs))
    for label in tables["gold"]:
        print(f"{label:{width}}  " + "  ".join(f"{tables[name][label]:>22}" for name in runs))
    from train_what import agreement, cross_validated, realdev_examples  # it imports this module

    print("\nwhat, Jaccard >= 0.4 / >= 0.7 / exact, by the ranker cross-validated by report "
          "(10 folds: no report scored by a ranker trained on it):")
    for name, gold in (("gold", golds), ("gold + disputes", disputed)):
        examples = realdev_examples(args.folder, gold)
        print(f"  {name + ':':<17}{agreement(cross_validated(examples), examples)}")
    if args.misses:
        for kind, miss in runs["gold"].misses():
            print(f"{kind}\t{miss}")


if __name__ == "__main__":
    main()
