"""Boilerplate: sentences shared near-verbatim across reports, grouped into clusters of
near-identical sentences (TF-IDF cosine of character trigrams, candidates from MinHash LSH),
and the share of each report that is reused and from whom."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lawtext.compare.inputs import Documents, documents
from lawtext.frames import docvars
from lawtext.limits import return_freed_memory

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

SHARED_COLUMNS = ["doc_id", "start", "end", "sentence", "cluster", "reports", "other_issuers", "similarity"]
SHARE_COLUMNS = ["doc_id", "issuer", "year", "chars", "reused_chars", "reused_share", "source_issuers", "sources"]
_MIN_CHARS = 15
MAX_SOURCES = 20
"""Issuers named in ``sources``: boilerplate of a template can link a report to thousands."""
_PERMUTATIONS, _LSH_JACCARD = 64, 0.5
BANDS, BAND_ROWS = 14, 4
"""The LSH layout: 14 bands of 4 signature values. It is the one datasketch's ``MinHashLSH``
chooses for ``_PERMUTATIONS`` values at Jaccard ``_LSH_JACCARD`` (the bands that minimise its
false positive and negative probabilities; a test checks that it still does), written here
because finding it imports datasketch and scipy's integration (0.5 s per process)."""


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


def _signatures(matrix: csr_matrix, chunk: int = 200) -> np.ndarray:
    """The MinHash of each row's set of trigrams (its non-zero columns), one row of
    ``_PERMUTATIONS`` 32-bit values per row, a chunk of rows at a time (memory stays flat),
    all permutations at once in numpy: each permutation is a multiply-shift hash of the
    column number (odd 64-bit multiplier, fixed seed; the high 32 bits kept)."""
    rng = np.random.default_rng(1)
    a = rng.integers(1, 2**63, _PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, _PERMUTATIONS, dtype=np.uint64)
    out = np.empty((matrix.shape[0], _PERMUTATIONS), dtype=np.uint32)
    for lo in range(0, matrix.shape[0], chunk):
        rows = matrix[lo:lo + chunk]
        hashed = rows.indices.astype(np.uint64)[:, None] * a  # one array, changed in place
        hashed += b
        hashed >>= np.uint64(32)
        out[lo:lo + chunk] = np.minimum.reduceat(hashed, rows.indptr[:-1], axis=0)  # every row has a trigram
    return out


def _buckets(signatures: np.ndarray) -> Iterator[list[int]]:
    """LSH banding of the signatures, all rows at once: :data:`BANDS` bands of
    :data:`BAND_ROWS` values; two rows share a band's bucket when their values in that band
    are equal. Per row, the buckets (numbered across bands) it shares with another row, made
    as each row is taken (a row alone in all its buckets can never be proposed or propose)."""
    n = len(signatures)
    keys = np.empty((n, BANDS), dtype=np.int64)
    for band in range(BANDS):
        values = np.ascontiguousarray(signatures[:, band * BAND_ROWS:(band + 1) * BAND_ROWS])
        _, inverse = np.unique(values.view(f"V{values.itemsize * BAND_ROWS}").ravel(), return_inverse=True)
        keys[:, band] = inverse.ravel() + band * n
    shared = np.bincount(keys.ravel())[keys] > 1
    return (row[kept].tolist() for row, kept in zip(keys, shared, strict=True))


def _cluster(texts: list[str], threshold: float) -> tuple[list[int], np.ndarray]:
    """Each sentence's cluster root and the highest cosine with which it joined a cluster or
    another sentence joined it (0 for a sentence alone).

    Identical sentences are one cluster at once (similarity 1). The distinct sentences are
    taken in order: MinHash LSH proposes the earlier clusters' first sentences that share a
    band's bucket with it (:func:`_buckets`), and a sentence joins each proposed cluster
    whose root it matches with TF-IDF cosine ≥ ``threshold``: one comparison per cluster,
    not per sentence, so the cost grows with the number of sentences."""
    position: dict[str, int] = {}
    distinct = [position.setdefault(t, len(position)) for t in texts]  # each sentence's distinct text
    first: dict[int, int] = {}  # the first sentence of each distinct text
    for k, d in enumerate(distinct):
        first.setdefault(d, k)
    occurrences = np.bincount(distinct)
    matrix = _tfidf(list(position), occurrences)
    clusters = _Clusters(len(position))
    joined = np.zeros(len(position))
    indptr, indices, weights = matrix.indptr, matrix.indices, matrix.data
    mine = np.zeros(matrix.shape[1])  # sentence k's L2-normalised TF-IDF vector, dense while it is compared
    firsts: dict[int, list[int]] = {}  # per bucket, the clusters' first sentences in it
    for k, buckets in enumerate(_buckets(_signatures(matrix))):
        if not buckets:
            continue
        roots = sorted({clusters.find(o) for bucket in buckets for o in firsts.get(bucket, ())})
        if roots:
            own = indices[indptr[k]:indptr[k + 1]]
            mine[own] = weights[indptr[k]:indptr[k + 1]]
            for root in roots:
                cosine = float(mine[indices[indptr[root]:indptr[root + 1]]] @ weights[indptr[root]:indptr[root + 1]])
                if cosine >= threshold:
                    clusters.union(root, k)
                    joined[k] = max(joined[k], cosine)
                    joined[root] = max(joined[root], cosine)
            mine[own] = 0.0
        if not joined[k]:  # only a cluster's first sentence is ever matched against: index only those
            for bucket in buckets:
                firsts.setdefault(bucket, []).append(k)
    return ([first[clusters.find(d)] for d in distinct],
            np.array([1.0 if occurrences[d] > 1 else joined[d] for d in distinct]))


_SPACES = re.compile(r"\s\s+")


def _trigram_counts(texts: list[str]) -> csr_matrix:
    """How often each character trigram occurs in each text, columns in the trigrams' order:
    what scikit-learn's ``CountVectorizer(analyzer="char", ngram_range=(3, 3))`` gives
    (lowercased, runs of whitespace made one space), counted in numpy (a trigram is its
    three code points in one integer) instead of a Python slice per trigram."""
    from scipy.sparse import csr_matrix

    texts = [_SPACES.sub(" ", t.lower()) for t in texts]
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    keys = codes[:-2] << 42  # the trigram starting at each character; code points are < 2**21
    keys |= codes[1:-1] << 21
    keys |= codes[2:]
    del codes
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    crossing = np.ones(len(keys) + 2, dtype=bool)  # trigrams that run into the next text: none at
    crossing[ends - 1] = False  # a text's last two characters
    crossing[ends - 2] = False
    keys = keys[crossing[:-2]]
    vocabulary, columns = np.unique(keys, return_inverse=True)
    del keys
    grams = np.maximum(lengths - 2, 0)
    counts = csr_matrix((np.ones(len(columns), dtype=np.int64), columns.ravel().astype(np.int32),
                         np.concatenate([[0], np.cumsum(grams)])), shape=(len(texts), len(vocabulary)))
    counts.sum_duplicates()  # sorts each row's columns, adds up a trigram's occurrences
    return counts


def _tfidf(texts: list[str], occurrences: np.ndarray) -> csr_matrix:
    """The L2-normalised TF-IDF vectors of character trigrams of distinct texts, each text
    counted as often as it occurs: what scikit-learn's TfidfVectorizer (smooth idf) gives
    the sentences with repeats, without counting a repeated sentence again."""
    counts = _trigram_counts(texts)
    frequency = (counts > 0).T @ occurrences
    idf = np.log((1 + occurrences.sum()) / (1 + frequency)) + 1
    vectors = counts.multiply(idf).tocsr()
    norms = np.sqrt(np.add.reduceat(vectors.data ** 2, vectors.indptr[:-1]))  # every text has a trigram
    vectors.data /= np.repeat(norms, np.diff(vectors.indptr))
    return vectors


def shared_sentences(docs: Documents, *, threshold: float = 0.8) -> pd.DataFrame:
    """Every sentence that another report shares near-verbatim: one row per occurrence,
    with its ``cluster`` of near-identical sentences (TF-IDF cosine of character trigrams ≥
    ``threshold`` with the cluster's first sentence), how many reports the cluster spans,
    how many issuers other than the report's own, and the cosine with which the sentence
    joined. Linear in the number of sentences (see :func:`_cluster`); on the sample corpus
    it marks 74 of the 75 sentences that comparing every sentence with every other marks, and no other."""
    docs = documents(docs)
    sentences = _sentences(docs)
    if len(docs) < 2 or not sentences:
        return _shared_frame(pd.DataFrame(columns=SHARED_COLUMNS))
    roots, joined = _cluster([s[3] for s in sentences], threshold)
    return_freed_memory()  # the TF-IDF matrix and the LSH index: the frame below is not built on top of them
    root, report = np.asarray(roots), np.fromiter((s[0] for s in sentences), dtype=np.intp, count=len(sentences))
    reports = np.bincount(np.unique(np.stack([root, report]), axis=1)[0], minlength=len(root))  # reports per cluster
    kept = np.flatnonzero(reports[root] > 1)  # the frame is made of shared sentences only (a fraction of all)
    doc_ids = [d.doc_id for d in docs]
    issuers = [d.metadata.issuer for d in docs]
    shared = [sentences[k] for k in kept]
    frame = pd.DataFrame({
        "doc_id": [doc_ids[s[0]] for s in shared], "start": [s[1] for s in shared],
        "end": [s[2] for s in shared], "sentence": [s[3] for s in shared], "root": root[kept],
        "issuer": [issuers[s[0]] for s in shared], "similarity": np.round(joined[kept], 4),
    })
    issuers_in = frame.groupby("root").issuer.nunique()
    frame["reports"] = reports[frame.root]
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
    same: dict[frozenset[str], frozenset[str]] = {}  # one object per set of issuers: the clusters of a
    issuers_of = {cluster: same.setdefault(issuers, issuers)  # template share theirs, and a report unites it once
                  for cluster, issuers in members.groupby("cluster").issuer.agg(frozenset).items()}
    own_twice = set(members.drop_duplicates(["cluster", "doc_id"]).groupby(["cluster", "issuer"]).size()
                    .loc[lambda n: n > 1].index)
    sources: dict[str, tuple[int, str]] = {}
    for doc_id, clusters in members.groupby("doc_id").cluster.unique().items():
        issuers = set().union(*{issuers_of[c] for c in clusters})  # one report's set at a time in memory
        own = issuer_of[doc_id]
        if other_issuers_only or not any((c, own) in own_twice for c in clusters):
            issuers.discard(own)
        named = heapq.nsmallest(MAX_SOURCES, issuers)  # the first in order, without sorting thousands
        sources[doc_id] = (len(issuers), "；".join(named + ["…"] * (len(issuers) > MAX_SOURCES)))
    rows = []
    for doc in docs:
        chars = int(reused.get(doc.doc_id, 0))
        count, listed = sources.get(doc.doc_id, (0, ""))
        rows.append({"doc_id": doc.doc_id, **docvars(doc), "chars": len(doc.text), "reused_chars": chars,
                     "reused_share": round(chars / max(len(doc.text), 1), 4), "source_issuers": count,
                     "sources": listed})
    return pd.DataFrame(rows, columns=SHARE_COLUMNS).astype({"year": "Int64", "source_issuers": "int64"})
