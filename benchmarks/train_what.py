"""Learn the weights of the `what` ranker (lawtext/data/what_ranker.json) from gold labels
on real reports, and measure it by cross-validation across reports.

    python benchmarks/train_what.py [DIR] [--folds 10] [--repeats 5] [--write]

DIR (default ../shared/realdev) holds ``dNNN.txt`` with ``dNNN.gold.json``. Each gold
indicator that lawtext finds (overlapping, same value and unit) gives one example: the
candidates around its number (lawtext.extract.what_ranker.candidates, with the rules' label),
each graded by the character-set Jaccard of its text with the gold label.

Training is pairwise: within an example, every candidate that agrees with the gold
(Jaccard ≥ 0.4) is preferred to every candidate at least 0.3 less similar; a logistic
regression without intercept on the feature differences gives the weights (C = 0.3).

Printed: the agreement of the rules alone and of the ranker cross-validated with folds split
by report (no report is scored by a model that saw it), under the three rules of
eval_real.py: with the fixed folds of GroupKFold, then averaged over ``--repeats`` random
assignments of reports to folds (seeds 0, 1, …; one assignment is worth about ±0.005); the
ceiling (each indicator's best candidate) and how many of the ranker's disagreements have
no agreeing candidate at all, how many one ranked lower; then the ranker trained on all of
DIR on our own corpora (sample, heldout, heldout2), which it never saw.
Features seen in fewer than two reports get no weight. ``--write`` saves that ranker.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from eval_indicators import WHAT_AGREES, jaccard
from eval_real import REALDEV, load_gold, match_indicators
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from truth import ROOT, truth_files

import lawtext
from lawtext.extract.indicators import find_indicators
from lawtext.extract.what_ranker import MODEL_FILE, Candidate, Ranker, candidates
from lawtext.normalize import paragraph

WORSE_BY, C, MIN_REPORTS = 0.3, 0.3, 2
MODEL = ROOT / "lawtext" / "data" / MODEL_FILE
OWN = ("sample", "heldout", "heldout2")


@dataclass(frozen=True)
class Example:
    """One found indicator with a gold label: its candidates and their agreement with it."""

    report: str
    rule: str
    gold: str
    candidates: tuple[Candidate, ...]

    def grades(self) -> list[float]:
        """Jaccard of each candidate with the gold label."""
        return [jaccard(c.text, self.gold) for c in self.candidates]


def examples_of(doc: lawtext.Document, gold: list[dict]) -> list[Example]:
    """The examples of one report: its gold indicators that lawtext finds."""
    counted = [i for i in find_indicators(doc, rank_what=False) if not i.zero_claim]
    sentences = doc.sentences
    out = []
    for _, _, g, hit in match_indicators(doc.text, counted, [g for g in gold if not g.get("zero_claim")]):
        if hit is None:
            continue
        ind = counted[hit]
        sentence = next(s for s in sentences if s.start <= ind.start < s.end)
        found = candidates(doc.text, ind.start, ind.end, sentence.start, sentence.end, ind.unit, ind.what)
        out.append(Example(doc.doc_id, ind.what, paragraph(g["what"]), tuple(found)))
    return out


def realdev_examples(folder: Path, golds: dict[str, dict] | None = None) -> list[Example]:
    """Examples of every report of a realdev-format folder, against ``golds`` (by report,
    as eval_real.load_gold gives them; by default the folder's own gold files)."""
    golds = load_gold(folder) if golds is None else golds
    out = []
    for doc_id, gold in golds.items():
        out += examples_of(lawtext.read(folder / f"{doc_id}.txt"), gold["indicators"])
    return out


def own_examples(folder: Path) -> list[Example]:
    """Examples of a corpus of ours with truth sidecars."""
    return [e for path, truth in truth_files(folder) for e in examples_of(lawtext.read(path), truth["indicators"])]


def fit(examples: Iterable[Example]) -> Ranker:
    """A ranker learned from pairs of better and worse candidates."""
    examples = list(examples)
    reports: dict[str, set[str]] = {}
    for ex in examples:
        for c in ex.candidates:
            for f in c.features:
                reports.setdefault(f, set()).add(ex.report)
    vocabulary = {f: k for k, f in enumerate(sorted(f for f, r in reports.items() if len(r) >= MIN_REPORTS))}
    rows: list[list[int]] = []
    better, worse = [], []
    for ex in examples:
        offset = len(rows)
        rows += [[vocabulary[f] for f in c.features if f in vocabulary] for c in ex.candidates]
        grades = ex.grades()
        for p, gp in enumerate(grades):
            if gp < WHAT_AGREES:
                continue
            for n, gn in enumerate(grades):
                if gp - gn >= WORSE_BY:
                    better.append(offset + p)
                    worse.append(offset + n)
    indptr = np.cumsum([0] + [len(r) for r in rows])
    columns = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(indptr[-1]))
    x = sparse.csr_matrix((np.ones(indptr[-1]), columns, indptr), shape=(len(rows), len(vocabulary)))
    diff = x[better] - x[worse]
    y = np.r_[np.ones(len(better)), np.zeros(len(better))]
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000).fit(sparse.vstack([diff, -diff]), y)
    names = list(vocabulary)
    return Ranker({name: round(float(w), 6) for name, w in zip(names, model.coef_[0], strict=True)
                   if abs(w) >= 1e-6})


def cross_validated(examples: list[Example], folds: int = 10, seed: int | None = None) -> list[str]:
    """Each example's label chosen by a ranker trained on the other reports' folds: the
    fixed folds of GroupKFold, or with ``seed`` a random assignment of reports to folds."""
    chosen = [""] * len(examples)
    groups = [e.report for e in examples]
    split = GroupKFold(folds) if seed is None else GroupKFold(folds, shuffle=True, random_state=seed)
    for train, test in split.split(examples, groups=groups):
        ranker = fit(examples[k] for k in train)
        for k in test:
            chosen[k] = ranker.choose(examples[k].candidates)
    return chosen


def rates(labels: list[str], examples: list[Example]) -> tuple[float, float, float]:
    """The share of labels agreeing with the examples' gold: Jaccard ≥ 0.4, ≥ 0.7, exact."""
    j = [jaccard(a, e.gold) for a, e in zip(labels, examples, strict=True)]
    exact = [a == e.gold for a, e in zip(labels, examples, strict=True)]
    n = len(j)
    return sum(x >= WHAT_AGREES for x in j) / n, sum(x >= 0.7 for x in j) / n, sum(exact) / n


def agreement(labels: list[str], examples: list[Example]) -> str:
    """Jaccard ≥ 0.4 / ≥ 0.7 / exact agreement of labels with the examples' gold."""
    return " / ".join(f"{r:.3f}" for r in rates(labels, examples)) + f"  ({len(examples)} indicators)"


def repeated(examples: list[Example], folds: int, repeats: int) -> str:
    """The agreement cross-validated over ``repeats`` random assignments of reports to
    folds (seeds 0 to repeats - 1): the mean of each rule, and the spread of the first."""
    runs = np.array([rates(cross_validated(examples, folds, seed), examples) for seed in range(repeats)])
    means = " / ".join(f"{m:.3f}" for m in runs.mean(axis=0))
    return f"{means}  (sd {runs[:, 0].std(ddof=1) if repeats > 1 else 0.0:.3f} of the first)"


def best_candidate(example: Example) -> str:
    """The candidate most similar to the gold: what a perfect ranker would choose."""
    best = max(example.candidates, key=lambda c: jaccard(c.text, example.gold), default=None)
    return best.text if best else ""


def misses(labels: list[str], examples: list[Example]) -> str:
    """Where the disagreements come from: no candidate agrees (candidate generation is the
    limit), or one does but ranks lower (the features are)."""
    missed = [e for a, e in zip(labels, examples, strict=True) if jaccard(a, e.gold) < WHAT_AGREES]
    unreachable = sum(max(e.grades(), default=0.0) < WHAT_AGREES for e in missed)
    return (f"{len(missed)} disagree: {unreachable} with no agreeing candidate, "
            f"{len(missed) - unreachable} with one ranked lower")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=REALDEV)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5, help="random fold assignments to average (0: none)")
    ap.add_argument("--write", action="store_true", help=f"save the ranker trained on all of DIR to {MODEL}")
    args = ap.parse_args()
    examples = realdev_examples(args.folder)
    print("what agreement, Jaccard >= 0.4 / >= 0.7 / exact")
    print(f"{'rules alone':<42}{agreement([e.rule for e in examples], examples)}")
    chosen = cross_validated(examples, args.folds)
    print(f"{f'ranker, {args.folds}-fold by report':<42}{agreement(chosen, examples)}")
    if args.repeats:
        print(f"{f'ranker, {args.folds}-fold, mean of {args.repeats} assignments':<42}"
              f"{repeated(examples, args.folds, args.repeats)}")
    print(f"{'best candidate (the ceiling)':<42}{agreement([best_candidate(e) for e in examples], examples)}")
    print(misses(chosen, examples))
    ranker = fit(examples)
    for name in OWN:
        own = own_examples(ROOT / "corpora" / name)
        print(f"{name + ', rules alone':<42}{agreement([e.rule for e in own], own)}")
        print(f"{name + ', ranker trained on DIR':<42}{agreement([ranker.choose(e.candidates) for e in own], own)}")
    if args.write:
        about = (f"Weights of the what ranker, learned by benchmarks/train_what.py from {len(examples)} gold "
                 f"indicators of {len({e.report for e in examples})} real reports.")
        text = json.dumps({"about": about, "weights": dict(sorted(ranker.weights.items()))},
                          ensure_ascii=False, indent=0)
        tmp = MODEL.with_suffix(".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(MODEL)
        print(f"wrote {MODEL} ({len(ranker.weights)} weights)")


if __name__ == "__main__":
    main()
