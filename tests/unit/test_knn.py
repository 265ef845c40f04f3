"""The HNSW path of SIMILAR_TO finds the exact top-k, and the papers new ones enter."""

from __future__ import annotations

import numpy as np

from graph.knn import NeighbourFinder, approximate_similar_affected, approximate_similar_links
from graph.linking import similar_affected, similar_links

TOP_K = 5


def planted(clusters: int, size: int, dim: int = 32, seed: int = 7) -> np.ndarray:
    """``clusters`` tight groups of ``size`` unit vectors around random centres: each vector's
    nearest neighbours are its group mates, closest first in a known order."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    spread = rng.uniform(0.05, 0.3, size=(clusters, size, 1))  # distinct distances per member
    vectors = centres[:, None, :] + spread * rng.normal(size=(clusters, size, dim))
    vectors = vectors.reshape(clusters * size, dim)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_approximate_links_are_the_exact_top_k_on_a_planted_corpus() -> None:
    vectors = planted(clusters=400, size=TOP_K + 1)
    ids = [f"p{i:05d}" for i in range(len(vectors))]
    exact = similar_links(ids, vectors, ids, TOP_K, min_score=0.0)
    approximate = approximate_similar_links(ids, vectors, ids, TOP_K, min_score=0.0)
    assert len(exact) == len(ids) * TOP_K
    assert approximate == exact


def test_approximate_links_keep_the_threshold_and_skip_unknown_sources() -> None:
    vectors = planted(clusters=50, size=4)
    ids = [f"p{i:03d}" for i in range(len(vectors))]
    found = approximate_similar_links(ids, vectors, [*ids[:20], "missing"], 10, min_score=0.9)
    assert found == similar_links(ids, vectors, ids[:20], 10, min_score=0.9)
    assert all(link.score >= 0.9 for link in found) and {link.source for link in found} <= set(ids)


def test_approximate_affected_finds_the_papers_new_ones_enter() -> None:
    vectors = planted(clusters=300, size=TOP_K + 2)
    ids = [f"p{i:05d}" for i in range(len(vectors))]
    # the last member of every tenth group is new: stored links were computed without it
    new = {ids[g * (TOP_K + 2) + TOP_K + 1] for g in range(0, 300, 10)}
    old = [i for i, p in enumerate(ids) if p not in new]
    old_ids = [ids[i] for i in old]
    current: dict[str, list[float]] = {}
    for link in similar_links(old_ids, vectors[old], old_ids, TOP_K, min_score=0.0):
        current.setdefault(link.source, []).append(link.score)
    exact = similar_affected(ids, vectors, new, current, TOP_K, min_score=0.0)
    approximate = approximate_similar_affected(ids, vectors, new, current, TOP_K, min_score=0.0)
    assert len(exact) > len(new)  # new papers do enter existing papers' top-k
    assert approximate == exact


def test_neighbour_finder_is_exact_up_to_the_threshold() -> None:
    vectors = planted(clusters=20, size=3)
    ids = [f"p{i:03d}" for i in range(len(vectors))]
    assert NeighbourFinder(ids, vectors, exact_max=len(ids)).exact
    approximate = NeighbourFinder(ids, vectors, exact_max=len(ids) - 1)
    assert not approximate.exact
    assert approximate.links(ids, 2, 0.0) == similar_links(ids, vectors, ids, 2, 0.0)
