"""Follow-through against the hand labels in corpora/sample/follow-through.truth.json:
for each plan item of a year-N report, was it realised in year N+1? Prints accuracy,
precision and recall of `realised` at the default threshold and over a range of them.

    python benchmarks/eval_followthrough.py
"""

from __future__ import annotations

import json

from truth import SAMPLE

import lawtext
from lawtext.compare.followthrough import follow_through


def labels() -> dict[tuple[str, str], bool]:
    data = json.loads((SAMPLE / "follow-through.truth.json").read_text(encoding="utf-8"))
    return {(i["issuer_file"], i["item"]): i["realised"] for i in data["items"]}


def evaluate(threshold: float | None = None) -> dict[str, float]:
    truth = labels()
    corpus = lawtext.Corpus.from_folder(SAMPLE)
    items, _ = follow_through(corpus.docs) if threshold is None else follow_through(corpus.docs, threshold=threshold)
    tp = fp = fn = tn = 0
    for row in items.itertuples():
        want = truth.get((row.doc_id, row.item))
        if want is None:
            continue
        tp += row.realised and want
        fp += row.realised and not want
        fn += (not row.realised) and want
        tn += (not row.realised) and not want
    n = tp + fp + fn + tn
    return {"items": n, "labelled": len(truth), "accuracy": (tp + tn) / max(n, 1),
            "precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1)}


def main() -> None:
    print("default:", {k: round(v, 3) for k, v in evaluate().items()})
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        print(f"threshold {threshold}:", {k: round(v, 3) for k, v in evaluate(threshold).items()})


if __name__ == "__main__":
    main()
