"""The truth sidecars of corpora/sample, shared by the evaluation scripts."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"


def truth_files(folder: Path = SAMPLE) -> list[tuple[Path, dict]]:
    """(report file, its truth) for every ``NAME.truth.json`` with a report ``NAME.*``."""
    out = []
    for sidecar in sorted(folder.glob("*.truth.json")):
        stem = sidecar.name.removesuffix(".truth.json")
        report = next((p for p in folder.glob(stem + ".*") if not p.name.endswith(".json")), None)
        if report is not None:
            out.append((report, json.loads(sidecar.read_text(encoding="utf-8"))))
    return out
