"""Boilerplate: sentences shared near-verbatim across reports, grouped into clusters of
near-identical sentences (TF-IDF cosine of character trigrams, candidates from MinHash LSH),
and the share of each report that is reused and from whom."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from sklearn.feature_extraction.text import TfidfVectorizer

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars

SHARED_COLUMNS = ["doc_id", "start", "end", "sentence", "cluster", "reports", "other_issuers", "similarity"]
SHARE_COLUMNS = ["doc_id", "issuer", "year", "chars", "reused_chars", "reused_share", "sources"]
_MIN_CHARS = 15
_PERMUTATIONS, _LSH_JACCARD = 64, 0.5


def _sentences(docs: Documents) -> list[tuple[int, int, int, str]]:
    """(doc index, start, end, text) of every sentence long enough to count."""
    out = []
    for i, doc in enumerate(docs):
        for s in doc.sentences:
            text = doc.text[s.start:s.end].strip()
            if len(text) >= _MIN_CHARS:
                out.append((i, s.start, s.end, text))
    return out


class _Clusters:
    """Union-find over sentence indices; a cluster's root is its earliest sentence."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, k: int) -> int:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _minhashes(texts: list[str], chunk: int = 2000) -> Iterator[MinHash]:
    """The MinHash of each text's character trigrams, made a chunk at a time (memory stays
    flat); crc32 hashes them: fast, and the same in every process (Python's own hash of bytes
    is not)."""
    for lo in range(0, len(texts), chunk):
        shingles = [{t[k:k + 3].encode() for k in range(len(t) - 2)} for t in texts[lo:lo + chunk]]
        yield from MinHash.bulk(shingles, num_perm=_PERMUTATIONS, seed=1, hashfunc=zlib.crc32)


def _cluster(texts: list[str], threshold: float) -> tuple[list[int], np.ndarray]:
    """Each sentence's cluster root and the cosine with which it joined (0 for a root that
    nothing joined). Sentences are taken in order; MinHash LSH (datasketch) proposes earlier
    sentences whose trigrams may be similar, and a sentence joins each proposed cluster whose
    root it matches with TF-IDF cosine ≥ ``threshold``: one comparison per cluster, not per
    sentence, so the cost grows with the number of sentences."""
    lsh = MinHashLSH(threshold=_LSH_JACCARD, num_perm=_PERMUTATIONS)
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform(texts).tocsr()
    indptr, indices, weights = matrix.indptr, matrix.indices, matrix.data

    def row(k: int) -> dict[int, float]:
        """Sentence k's L2-normalised TF-IDF vector (a few dozen trigrams) as a dict."""
        lo, hi = indptr[k], indptr[k + 1]
        return dict(zip(indices[lo:hi].tolist(), weights[lo:hi].tolist(), strict=True))

    clusters = _Clusters(len(texts))
    joined = np.zeros(len(texts))
    for k, h in enumerate(_minhashes(texts)):
        roots = sorted({clusters.find(o) for o in lsh.query(h)}) if k else []
        if roots:
            mine = row(k)
            cosines = [sum(mine.get(i, 0.0) * v for i, v in row(root).items()) for root in roots]
            for root, cosine in zip(roots, cosines, strict=True):
                if cosine >= threshold:
                    clusters.union(root, k)
                    joined[k] = max(joined[k], cosine)
                    joined[root] = max(joined[root], cosine)
        if not joined[k]:
            lsh.insert(k, h)  # only a cluster's first sentence is ever matched against: index only those
    return [clusters.find(k) for k in range(len(texts))], joined


def shared_sentences(docs: Documents, *, threshold: float = 0.8) -> pd.DataFrame:
    """Every sentence that another report shares near-verbatim: one row per occurrence,
    with its ``cluster`` of near-identical sentences (TF-IDF cosine of character trigrams ≥
    ``threshold`` with the cluster's first sentence), how many reports the cluster spans,
    how many issuers other than the report's own, and the cosine with which the sentence
    joined. Linear in the number of sentences (see :func:`_cluster`); on the sample corpus
    it marks the same 75 shared sentences as comparing every sentence with every other."""
    docs = documents(docs)
    sentences = _sentences(docs)
    if len(docs) < 2 or not sentences:
        return _shared_frame(pd.DataFrame(columns=SHARED_COLUMNS))
    roots, joined = _cluster([s[3] for s in sentences], threshold)
    doc_ids = [d.doc_id for d in docs]
    issuers = [d.metadata.issuer for d in docs]
    frame = pd.DataFrame({
        "doc_id": [doc_ids[s[0]] for s in sentences], "start": [s[1] for s in sentences],
        "end": [s[2] for s in sentences], "sentence": [s[3] for s in sentences], "root": roots,
        "issuer": [issuers[s[0]] for s in sentences], "similarity": np.round(joined, 4),
    })
    reports = frame.groupby("root").doc_id.nunique()
    frame = frame[frame.root.map(reports) > 1].copy()
    issuers_in = frame.groupby("root").issuer.nunique()
    frame["reports"] = frame.root.map(reports)
    frame["other_issuers"] = frame.root.map(issuers_in) - 1  # the report's own issuer is always among them
    frame["cluster"] = frame.root.rank(method="dense").astype("int64") - 1
    return _shared_frame(frame)


def _shared_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reindex(columns=SHARED_COLUMNS).astype(
        {"start": "int64", "end": "int64", "cluster": "int64", "reports": "int64", "other_issuers": "int64",
         "similarity": "float64"})
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def reuse_share(docs: Documents, shared: pd.DataFrame | None = None, *,
                other_issuers_only: bool = True) -> pd.DataFrame:
    """Per report: characters in sentences shared with another issuer's report (or with any
    other report), their share of the text, and the issuers of the reports they are shared
    with; ``shared`` is :func:`shared_sentences` (computed when not given)."""
    docs = documents(docs)
    shared = shared_sentences(docs) if shared is None else shared
    issuer_of = {d.doc_id: d.metadata.issuer for d in docs}
    members = shared.assign(issuer=shared.doc_id.map(issuer_of))
    counted = members[members.other_issuers > 0] if other_issuers_only else members
    reused = (counted.end - counted.start).groupby(counted.doc_id).sum()
    # per cluster its issuers; per report the union over its clusters, its own issuer kept only
    # when another report of that issuer shares one of them (and other issuers alone are not asked for)
    issuers_of = members.groupby("cluster").issuer.agg(frozenset).to_dict()
    own_twice = set(members.drop_duplicates(["cluster", "doc_id"]).groupby(["cluster", "issuer"]).size()
                    .loc[lambda n: n > 1].index)
    sources: dict[str, str] = {}
    for doc_id, clusters in members.groupby("doc_id").cluster.unique().items():
        issuers = set().union(*(issuers_of[c] for c in clusters))
        own = issuer_of[doc_id]
        if other_issuers_only or not any((c, own) in own_twice for c in clusters):
            issuers.discard(own)
        sources[doc_id] = "；".join(sorted(issuers))  # one report's set at a time in memory
    rows = []
    for doc in docs:
        chars = int(reused.get(doc.doc_id, 0))
        rows.append({"doc_id": doc.doc_id, **docvars(doc), "chars": len(doc.text), "reused_chars": chars,
                     "reused_share": round(chars / max(len(doc.text), 1), 4), "sources": sources.get(doc.doc_id, "")})
    return pd.DataFrame(rows, columns=SHARE_COLUMNS).astype({"year": "Int64"})
