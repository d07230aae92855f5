"""Coverage (report × required part: heading / content / none) against the truth sidecars
of corpora/sample. Prints the share of cells right, for covered/not and for evidence.

    python benchmarks/eval_coverage.py [FOLDER] [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

from truth import SAMPLE, truth_files

import lawtext
from lawtext.compare.coverage import part_evidence


def evaluate(folder: Path = SAMPLE) -> tuple[int, int, int, list[str]]:
    """(cells, covered right, evidence right, notes)."""
    cells = covered_ok = evidence_ok = 0
    notes = []
    for report, truth in truth_files(folder):
        found = part_evidence(lawtext.read(report))
        for part, want in truth["parts"].items():
            got = found[part][0]
            cells += 1
            covered_ok += (got != "none") == (want != "none")
            evidence_ok += got == want
            if got != want:
                notes.append(f"{report.name}: {part} {got}, want {want}")
    return cells, covered_ok, evidence_ok, notes


def main() -> None:
    folders = [a for a in sys.argv[1:] if not a.startswith("-")]
    cells, covered_ok, evidence_ok, notes = evaluate(Path(folders[0]) if folders else SAMPLE)
    print(f"coverage cells: {cells}; covered right {covered_ok / cells:.3f} ({covered_ok}); "
          f"evidence right {evidence_ok / cells:.3f} ({evidence_ok})")
    if "-v" in sys.argv:
        for note in notes:
            print("  -", note)


if __name__ == "__main__":
    main()
