"""SIMILAR_TO neighbours that scale: exact cosine below a size, an HNSW index (usearch) above.

The approximate path asks the index for a few more candidates than the top-k, then scores
the candidates exactly, with the same rounding and tie order as the exact path, so wherever
the index finds the true neighbours the links are the exact ones. Memory: the vectors as
float32 (4 x 384 bytes a paper) plus the index (about as much again); the exact path, used
up to the threshold only, holds them as float64.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np

from graph.linking import SCORE_DECIMALS, SimilarLink, _top_k, similar_affected, similar_links

CONNECTIVITY = 16  # HNSW graph degree
EXPANSION_ADD = 128
EXPANSION_SEARCH = 128
CANDIDATES_PER_LINK = 3  # candidates asked of the index per wanted link
# papers near a changed paper checked for whether it enters their top-k: on the 25k real
# vectors 50 found 84 % of the papers a new one enters, 200 found 97 %, 400 99.2 %
# (bench/scale_knn.py --reverse-candidates)
REVERSE_CANDIDATES = 400
BLOCK = 512  # source papers scored at once (their candidates' vectors are gathered)
REVERSE_BLOCK = 64  # changed papers scored at once: 64 × 400 candidates × 384 × 8 B = 79 MB


def hnsw_index(vectors: np.ndarray) -> Any:
    """A cosine HNSW index over the rows (any norm), keyed by row number."""
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32", connectivity=CONNECTIVITY,
                  expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
    # one thread: a concurrent build links the graph in arrival order, so two runs could
    # differ; built in row order the same vectors always give the same index and links
    index.add(np.arange(len(vectors), dtype=np.uint64), np.ascontiguousarray(vectors, np.float32),
              threads=1)
    return index


def approximate_similar_links(
    ids: list[str],
    vectors: np.ndarray,
    sources: Iterable[str],
    top_k: int,
    min_score: float,
    index: Any | None = None,
    position: Mapping[str, int] | None = None,
) -> list[SimilarLink]:
    """``similar_links`` through an HNSW index: candidates from the index, scored exactly."""
    position = position if position is not None else {p: i for i, p in enumerate(ids)}
    wanted = sorted(position[p] for p in set(sources) if p in position)
    if not wanted:
        return []
    index = index if index is not None else hnsw_index(vectors)
    links: list[SimilarLink] = []
    count = min(CANDIDATES_PER_LINK * top_k + 1, len(ids))
    for start in range(0, len(wanted), BLOCK):
        block = wanted[start : start + BLOCK]
        columns = _candidate_matrix(index, vectors, block, count)
        scores = _scores(vectors, block, columns)
        for offset, row in enumerate(block):
            keep = (columns[offset] >= 0) & (columns[offset] != row) & (scores[offset] >= min_score)
            candidates, unique = np.unique(columns[offset][keep], return_index=True)
            best = _top_k(scores[offset][keep][unique], candidates, top_k)
            links.extend(
                SimilarLink(source=ids[row], target=ids[col], score=score, rank=rank)
                for rank, (col, score) in enumerate(best, start=1)
            )
    return links


def _candidate_matrix(index: Any, vectors: np.ndarray, rows: list[int], count: int) -> np.ndarray:
    """The index's ``count`` nearest rows of each of ``rows``; -1 where it found fewer."""
    found = index.search(np.ascontiguousarray(vectors[rows], np.float32), count)
    keys = np.asarray(found.keys, dtype=np.uint64).reshape(len(rows), -1)
    columns = keys.astype(np.int64)
    columns[keys >= len(vectors)] = -1
    return columns


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Rows as float64 unit vectors, normalised as the exact path normalises them."""
    rows = vectors.astype(np.float64)
    return rows / np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12)


def _scores(vectors: np.ndarray, rows: list[int], columns: np.ndarray) -> np.ndarray:
    """Exact cosine of each row with each of its candidate columns, in float64 and rounded
    like the exact path (the vectors themselves may stay float32 and unnormalised)."""
    gathered = _unit(vectors[np.maximum(columns, 0)])  # (rows, candidates, dim)
    return np.round(np.einsum("rcd,rd->rc", gathered, _unit(vectors[rows])), SCORE_DECIMALS)


def approximate_similar_affected(
    ids: list[str],
    vectors: np.ndarray,
    changed: Collection[str],
    current: Mapping[str, list[float]],
    top_k: int,
    min_score: float,
    index: Any | None = None,
    candidates: int = REVERSE_CANDIDATES,
) -> set[str]:
    """``similar_affected`` with the papers a changed paper may enter taken from its index
    neighbourhood (its ``candidates`` nearest) instead of from every paper. A paper whose
    top-k is far from the rest (its k-th score low) can take a changed paper that is not among
    that paper's nearest: more candidates find more of those."""
    position = {p: i for i, p in enumerate(ids)}
    changed_rows = sorted(position[p] for p in changed if p in position)
    affected = {ids[i] for i in changed_rows}
    if not changed_rows:
        return affected
    index = index if index is not None else hnsw_index(vectors)
    best = np.full(len(ids), -np.inf)
    count = min(candidates, len(ids))
    for start in range(0, len(changed_rows), REVERSE_BLOCK):
        block = changed_rows[start : start + REVERSE_BLOCK]
        columns = _candidate_matrix(index, vectors, block, count)
        scores = _scores(vectors, block, columns)
        scores[(columns < 0) | (columns == np.array(block)[:, None])] = -np.inf
        np.maximum.at(best, np.maximum(columns, 0).ravel(), scores.ravel())
    for col in np.flatnonzero(best >= min_score).tolist():
        score = float(best[col])
        paper = ids[col]
        if paper in affected:
            continue
        stored = current.get(paper, [])
        if len(stored) < top_k or score >= min(stored):
            affected.add(paper)
    return affected


class NeighbourFinder:
    """Exact kNN up to ``exact_max`` papers, the HNSW path above (one index per run).

    ``vectors``: one row per id, as stored (float32). The exact path works on a normalised
    float64 copy; the index path keeps them as they are (half the memory) and normalises only
    the candidates it scores.
    """

    def __init__(self, ids: list[str], vectors: np.ndarray, exact_max: int) -> None:
        self.ids = ids
        self.position = {p: i for i, p in enumerate(ids)}
        self.exact = len(ids) <= exact_max
        self.vectors = _unit(vectors) if self.exact else vectors
        self._index: Any = None

    def _hnsw(self) -> Any:
        if self._index is None:
            self._index = hnsw_index(self.vectors)
        return self._index

    def links(self, sources: Iterable[str], top_k: int, min_score: float) -> list[SimilarLink]:
        """Each source's top-k SIMILAR_TO links."""
        if self.exact:
            return similar_links(self.ids, self.vectors, sources, top_k, min_score,
                                 self.position)
        return approximate_similar_links(self.ids, self.vectors, sources, top_k, min_score,
                                         self._hnsw(), self.position)

    def affected(
        self, changed: Collection[str], current: Mapping[str, list[float]], top_k: int,
        min_score: float,
    ) -> set[str]:
        """Papers whose top-k may change because the ``changed`` papers' vectors changed."""
        if self.exact:
            return similar_affected(self.ids, self.vectors, changed, current, top_k, min_score)
        return approximate_similar_affected(self.ids, self.vectors, changed, current, top_k,
                                            min_score, self._hnsw())
