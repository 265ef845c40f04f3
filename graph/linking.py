"""Link math on plain data: shared-entity weights, embedding similarity, top-k per paper.

Both link kinds are stored *directed*, from a paper to each paper in its own top-k:
``(p)-[:SHARES_ENTITIES]->(q)`` means q is among p's k best shared-entity neighbours (the
weight itself is symmetric, so mutual neighbours have an edge each way; query with an
undirected pattern for "neighbours"); ``(p)-[:SIMILAR_TO {rank}]->(q)`` likewise.
Storing each paper's own top-k is what makes incremental updates exact: a paper's links
change only when its own candidate scores change.

Shared-entity weight (Adamic–Adar over the paper–entity graph)::

    weight(p, q) = sum over entities e mentioned by both of 1 / ln(df(e))

where df(e) is the number of papers mentioning e (>= 2 for a shared entity). Rare entities
count more than ubiquitous ones ("Transformer"), and unlike IDF the weight does not depend
on the corpus size, so adding papers changes only pairs that share an entity they mention.

Scores are rounded (``SCORE_DECIMALS``) and ties broken by neighbour id, so the same graph
always yields the same links, whichever order papers arrived in.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy import sparse

SCORE_DECIMALS = 6
BLOCK_ROWS = 512  # rows of the score matrix held at once


class SharedLink(BaseModel):
    """One ``(source)-[:SHARES_ENTITIES]->(target)``; its ``model_dump()`` is the row written."""

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    weight: float  # Adamic–Adar
    shared: list[str]  # entity names, rarest first
    count: int


class SimilarLink(BaseModel):
    """One ``(source)-[:SIMILAR_TO]->(target)``; its ``model_dump()`` is the row written."""

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    score: float  # cosine
    rank: int  # 1 = nearest


def entity_weight(document_frequency: int) -> float:
    """Adamic–Adar contribution of one shared entity mentioned by ``document_frequency`` papers."""
    return 1.0 / math.log(document_frequency) if document_frequency >= 2 else 0.0


def _top_k(scores: np.ndarray, columns: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (column, score) by score desc then column (= id order) asc."""
    if len(scores) > k:
        # keep everything tied with the k-th best, then sort only those
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        scores, columns = scores[keep], columns[keep]
    order = np.lexsort((columns, -scores))[:k]
    return [(int(columns[i]), float(scores[i])) for i in order]


class SharedEntityIndex:
    """The paper-entity incidence of a corpus, built once, scoring any batch of source papers.

    ``paper_entities``: each paper's entity ids; ``entity_names``: an entity's name, shown on
    the links (``shared``). The link stage scores its sources a block at a time against it,
    so only one block's links are ever held.
    """

    def __init__(
        self, paper_entities: Mapping[str, Collection[str]], entity_names: Mapping[str, str]
    ) -> None:
        self.papers = sorted(paper_entities)
        self.entities = sorted({e for ents in paper_entities.values() for e in ents})
        self.paper_index = {p: i for i, p in enumerate(self.papers)}
        self.entity_index = {e: j for j, e in enumerate(self.entities)}
        self.paper_entities = paper_entities
        self.entity_names = entity_names
        rows = [self.paper_index[p] for p in self.papers for _ in paper_entities[p]]
        cols = [self.entity_index[e] for p in self.papers for e in paper_entities[p]]
        incidence = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(self.papers), len(self.entities))
        )
        incidence.data[:] = 1.0  # duplicate (paper, entity) pairs count once
        incidence.sort_indices()
        self.df = np.asarray(incidence.sum(axis=0)).ravel()
        weights = np.array([entity_weight(int(n)) for n in self.df])
        self.weighted = incidence.multiply(weights).tocsr()
        self.transposed = incidence.T.tocsr()

    def links(
        self, sources: Iterable[str], top_k: int, min_weight: float = 0.0
    ) -> list[SharedLink]:
        """Each source paper's top-k SHARES_ENTITIES links, computed against every paper."""
        wanted = sorted(self.paper_index[p] for p in set(sources) if p in self.paper_index)
        links: list[SharedLink] = []
        for start in range(0, len(wanted), BLOCK_ROWS):
            block = wanted[start : start + BLOCK_ROWS]
            scores = (self.weighted[block] @ self.transposed).tocsr()
            for offset, row in enumerate(block):
                cols_row = scores.indices[scores.indptr[offset] : scores.indptr[offset + 1]]
                vals = np.round(
                    scores.data[scores.indptr[offset] : scores.indptr[offset + 1]], SCORE_DECIMALS
                )
                keep = (cols_row != row) & (vals > 0) & (vals >= min_weight)
                for col, weight in _top_k(vals[keep], cols_row[keep], top_k):
                    links.append(self._link(self.papers[row], self.papers[col], weight))
        return links

    def _link(self, source: str, target: str, weight: float) -> SharedLink:
        common = set(self.paper_entities[source]) & set(self.paper_entities[target])
        ranked = sorted(
            common,
            key=lambda e: (self.df[self.entity_index[e]], self.entity_names.get(e, e), e),
        )
        names = [self.entity_names.get(e, e) for e in ranked]
        return SharedLink(source=source, target=target, weight=weight, shared=names,
                          count=len(names))


def shared_entity_links(
    paper_entities: Mapping[str, Collection[str]],
    entity_names: Mapping[str, str],
    sources: Iterable[str],
    top_k: int,
    min_weight: float = 0.0,
) -> list[SharedLink]:
    """Each source paper's top-k SHARES_ENTITIES links, computed against every paper."""
    return SharedEntityIndex(paper_entities, entity_names).links(sources, top_k, min_weight)


def similar_links(
    ids: list[str],
    vectors: np.ndarray,
    sources: Iterable[str],
    top_k: int,
    min_score: float,
    position: Mapping[str, int] | None = None,
) -> list[SimilarLink]:
    """Each source paper's top-k SIMILAR_TO links by exact cosine over all papers.

    ``ids`` must be sorted and ``vectors`` (one row per id) L2-normalised; ``position``
    (id -> row), when the caller keeps one, saves building it on every call.
    """
    index = position if position is not None else {p: i for i, p in enumerate(ids)}
    wanted = sorted(index[p] for p in set(sources) if p in index)
    all_columns = np.arange(len(ids))
    links: list[SimilarLink] = []
    for start in range(0, len(wanted), BLOCK_ROWS):
        block = wanted[start : start + BLOCK_ROWS]
        scores = np.round(vectors[block] @ vectors.T, SCORE_DECIMALS)
        for offset, row in enumerate(block):
            keep = (all_columns != row) & (scores[offset] >= min_score)
            best = _top_k(scores[offset][keep], all_columns[keep], top_k)
            links.extend(
                SimilarLink(source=ids[row], target=ids[col], score=score, rank=rank)
                for rank, (col, score) in enumerate(best, start=1)
            )
    return links


def similar_affected(
    ids: list[str],
    vectors: np.ndarray,
    changed: Collection[str],
    current: Mapping[str, list[float]],
    top_k: int,
    min_score: float,
) -> set[str]:
    """Papers whose SIMILAR_TO top-k may change when the ``changed`` papers' vectors changed.

    That is the changed papers, plus every paper a changed paper may now enter: its best
    score against a changed paper reaches the threshold and its current k-th score (or it
    has fewer than k links). ``current`` maps a paper to its stored scores. Papers that
    linked to a changed paper before must be added by the caller (that link may now go).
    """
    index = {p: i for i, p in enumerate(ids)}
    changed_rows = sorted(index[p] for p in changed if p in index)
    affected = {ids[i] for i in changed_rows}
    if not changed_rows:
        return affected
    best = np.full(len(ids), -np.inf)
    for start in range(0, len(changed_rows), BLOCK_ROWS):
        block = changed_rows[start : start + BLOCK_ROWS]
        scores = np.round(vectors[block] @ vectors.T, SCORE_DECIMALS)
        scores[np.arange(len(block)), block] = -np.inf  # a paper does not enter its own top-k
        best = np.maximum(best, scores.max(axis=0))
    for i, paper in enumerate(ids):
        if paper in affected or best[i] < min_score:
            continue
        stored = current.get(paper, [])
        if len(stored) < top_k or best[i] >= min(stored):
            affected.add(paper)
    return affected


def entity_aliases(name: str, forms: Iterable[str]) -> list[str]:
    """Distinct surface forms of an entity other than its name (case-insensitive), sorted."""
    own = name.casefold()
    seen: dict[str, str] = {}
    for form in sorted(set(forms)):  # sorted: the same forms give the same aliases in any order
        key = form.casefold()
        if form and key != own and key not in seen:
            seen[key] = form
    return sorted(seen.values(), key=lambda f: (f.casefold(), f))
