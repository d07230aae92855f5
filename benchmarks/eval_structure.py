"""Headings, required parts and metadata against the truth sidecars of corpora/sample.

Prints heading precision/recall, the share of part-opening headings with the right
required_part, sub-headings wrongly given a part, and metadata accuracy per field.

    python benchmarks/eval_structure.py [FOLDER]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from truth import ROOT, truth_files

import lawtext
from lawtext.normalize import paragraph

FIELDS = ("issuer", "issuer_type", "region", "level", "year", "publish_date")


@dataclass
class Score:
    headings_true: int = 0
    headings_found: int = 0
    headings_matched: int = 0
    parts_total: int = 0
    parts_right: int = 0
    sub_with_part: int = 0
    meta_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    docs: int = 0
    misses: list[str] = field(default_factory=list)


def evaluate(folder: Path) -> Score:
    score = Score()
    for report, truth in truth_files(folder):
        doc = lawtext.read(report)
        score.docs += 1
        found = [(f"{s.number}{s.title}", s.level, s.required_part or None) for s in doc.sections]
        expected = [(paragraph(h["text"]), h["level"], h["required_part"]) for h in truth["headings"]]
        score.headings_true += len(expected)
        score.headings_found += len(found)
        found_by_text = {text: (level, part) for text, level, part in found}
        for text, level, part in expected:
            got = found_by_text.get(text)
            if got and got[0] == level:
                score.headings_matched += 1
            else:
                score.misses.append(f"{report.name}: missed {text} (L{level})")
            if part:
                score.parts_total += 1
                if got and got[1] == part:
                    score.parts_right += 1
                else:
                    score.misses.append(f"{report.name}: {text} → {got[1] if got else None}, want {part}")
        truth_texts = {t for t, _, _ in expected}
        score.misses += [f"{report.name}: extra {t}" for t, _, _ in found if t not in truth_texts]
        score.sub_with_part += sum(1 for s in doc.sections if s.level > 1 and s.parent_id and s.required_part)
        for name in FIELDS:
            want = truth.get(name) or ""
            got = getattr(doc.metadata, name) or ""
            if str(want) == str(got):
                score.meta_right[name] += 1
            else:
                score.misses.append(f"{report.name}: {name} {got!r}, want {want!r}")
    return score


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpora" / "sample"
    s = evaluate(folder)
    print(f"reports: {s.docs}")
    print(f"headings: precision {s.headings_matched / max(s.headings_found, 1):.3f} "
          f"recall {s.headings_matched / max(s.headings_true, 1):.3f} "
          f"({s.headings_matched} of {s.headings_true} true, {s.headings_found} found)")
    print(f"required part right: {s.parts_right}/{s.parts_total} = {s.parts_right / max(s.parts_total, 1):.3f}")
    print(f"sub-headings given a part: {s.sub_with_part}")
    for name, right in s.meta_right.items():
        print(f"metadata {name}: {right}/{s.docs}")
    for miss in s.misses:
        print("  -", miss)


if __name__ == "__main__":
    main()
