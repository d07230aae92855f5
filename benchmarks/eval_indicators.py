"""Indicators against the gold: the seed (tests/data/seed-gold.json) and the truth
sidecars of corpora/sample. Prints precision, recall and F1 on (value, unit), agreement of
`what` and `approx` on matched indicators, and zero-claim recall.

A found indicator matches a gold one when their spans overlap. `what` agrees when the
character-set Jaccard similarity of the two labels is at least 0.4 (the rule every
evaluation script scores `what` with).

    python benchmarks/eval_indicators.py [FOLDER] [-v]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from truth import ROOT, SAMPLE, truth_files

import lawtext
from lawtext.extract.indicators import find_indicators
from lawtext.normalize import paragraph


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    what_ok: int = 0
    approx_ok: int = 0
    zero_gold: int = 0
    zero_found: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        p = self.matched / max(self.found, 1)
        r = self.matched / max(self.gold, 1)
        f = 2 * p * r / max(p + r, 1e-9)
        zeros = f"{self.zero_found / max(self.zero_gold, 1):.3f} ({self.zero_found}/{self.zero_gold})"
        return (f"(value, unit) precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
                f"[{self.matched} matched, {self.gold} gold, {self.found} found]; "
                f"what {self.what_ok / max(self.matched, 1):.3f}; approx {self.approx_ok / max(self.matched, 1):.3f}; "
                f"zero claims recall {zeros}")


WHAT_AGREES = 0.4


def jaccard(a: str, b: str) -> float:
    """Character-set Jaccard similarity of two labels."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def what_agrees(found: str, gold: str) -> bool:
    """The agreement rule for `what`: character-set Jaccard ≥ 0.4."""
    return jaccard(found, paragraph(gold)) >= WHAT_AGREES


def gold_spans(text: str, items: list[dict]) -> list[tuple[int, int, dict]]:
    """Locate each gold indicator by its `before` (or `context`) text plus mention."""
    spans, cursor = [], 0
    for item in items:
        before = paragraph(item.get("before", item.get("context", "")))
        mention = paragraph(item["mention"])
        pos = text.find(before + mention, cursor)
        if pos < 0:
            pos = text.find(before + mention)
        if pos < 0:
            pos = text.find(mention)
            before = ""
        if pos < 0:
            raise ValueError(f"gold mention not in text: {item['mention']}")
        start = pos + len(before)
        spans.append((start, start + len(mention), item))
        cursor = start
    return spans


def score(doc: lawtext.Document, items: list[dict], tally: Tally) -> None:
    found = [i for i in find_indicators(doc)]
    gold = gold_spans(doc.text, items)
    counted_gold = [(s, e, g) for s, e, g in gold if not g.get("zero_claim")]
    zero_gold = [(s, e, g) for s, e, g in gold if g.get("zero_claim")]
    counted = [i for i in found if not i.zero_claim]
    tally.gold += len(counted_gold)
    tally.found += len(counted)
    used: set[int] = set()
    for s, e, g in counted_gold:
        hit = next((k for k, i in enumerate(counted) if k not in used and i.start < e and s < i.end), None)
        if hit is None:
            tally.notes.append(f"{doc.doc_id}: missed {g['mention']} ({doc.text[max(s - 10, 0):e]})")
            continue
        i = counted[hit]
        if abs(i.value - float(g["value"])) < 1e-6 and i.unit == g["unit"]:
            used.add(hit)
            tally.matched += 1
            tally.what_ok += what_agrees(i.what, g["what"])
            tally.approx_ok += i.approx == (g.get("approx") or "")
            if not what_agrees(i.what, g["what"]):
                tally.notes.append(f"{doc.doc_id}: what {i.what!r}, want {g['what']!r} ({i.mention})")
            if i.approx != (g.get("approx") or ""):
                tally.notes.append(f"{doc.doc_id}: approx {i.approx!r}, want {g.get('approx')!r} ({i.mention})")
        else:
            tally.notes.append(f"{doc.doc_id}: {i.mention} → {i.value:g} {i.unit}, want {g['value']} {g['unit']}")
    for k, i in enumerate(counted):
        if k not in used and not any(i.start < e and s < i.end for s, e, _ in counted_gold):
            tally.notes.append(f"{doc.doc_id}: extra {i.mention} ({doc.text[max(i.start - 10, 0):i.end]})")
    zeros = [i for i in found if i.zero_claim]
    tally.zero_gold += len(zero_gold)
    for s, e, g in zero_gold:
        if any(i.start < e and s < i.end for i in zeros):
            tally.zero_found += 1
        else:
            tally.notes.append(f"{doc.doc_id}: missed zero claim {g['mention']}")


def evaluate(folder: Path = SAMPLE) -> dict[str, Tally]:
    tallies = {"seed": Tally(), folder.name: Tally()}
    seed_gold = json.loads((ROOT / "tests" / "data" / "seed-gold.json").read_text(encoding="utf-8"))
    seed = lawtext.read(next((ROOT / "corpora" / "seed").glob("*.txt")))
    zero = [{"mention": z["mention"], "what": z["what"], "zero_claim": True, "value": 0, "unit": ""}
            for z in seed_gold["zero_claims"]]
    score(seed, seed_gold["indicators"] + zero, tallies["seed"])
    for report, truth in truth_files(folder):
        score(lawtext.read(report), truth["indicators"], tallies[folder.name])
    return tallies


def main() -> None:
    folders = [a for a in sys.argv[1:] if not a.startswith("-")]
    tallies = evaluate(Path(folders[0]) if folders else SAMPLE)
    for name, tally in tallies.items():
        print(f"{name}: {tally.line()}")
    if "-v" in sys.argv:
        for name, tally in tallies.items():
            for note in tally.notes:
                print(f"  {name} - {note}")


if __name__ == "__main__":
    main()
