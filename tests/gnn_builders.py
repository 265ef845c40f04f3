"""Builders for GNN tests: a planted-community corpus small enough to train on in seconds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extract.records import Paper
from graph.embeddings import paper_text
from graph.gnn.data import CorpusGraph
from graph.gnn.features import lexical_features


def planted_papers(
    communities: int = 4, size: int = 30, p_in: float = 0.25, seed: int = 0
) -> list[Paper]:
    """Papers that cite papers of their own community (``p_in``) and never other communities."""
    rng = np.random.default_rng(seed)
    n = communities * size
    papers = []
    for i in range(n):
        own = range((i // size) * size, (i // size + 1) * size)
        refs = tuple(f"p{j:03d}" for j in own if j < i and rng.random() < p_in)
        papers.append(
            Paper(
                id=f"p{i:03d}",
                title=f"Paper {i}",
                abstract=f"Community {i // size}.",
                references=refs,
            )
        )
    return papers


def planted_features(
    n: int, communities: int, dim: int = 16, noise: float = 1.5, seed: int = 0
) -> np.ndarray:
    """Weakly informative features: a community centre buried in noise, L2-normalised."""
    rng = np.random.default_rng(seed)
    size = n // communities
    centres = rng.normal(size=(communities, dim))
    x = centres[np.arange(n) // size] + noise * rng.normal(size=(n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


class PlantedEmbedder:
    """Embeds a planted paper by its index (from its ``Paper N`` title), for graph builds."""

    model_id = "test/planted"

    def __init__(self, features: np.ndarray) -> None:
        self.features = features
        self.dimension = int(features.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.features[int(text.split("\n")[0].split()[-1])] for text in texts])


def planted_corpus(
    communities: int = 4, size: int = 30, seed: int = 0, noise: float = 1.5
) -> CorpusGraph:
    """A corpus graph with planted citations and text features (weak, or pure noise when
    ``noise`` is large)."""
    papers = planted_papers(communities, size, seed=seed)
    return CorpusGraph(
        paper_ids=tuple(p.id for p in papers),
        paper_features=planted_features(len(papers), communities, noise=noise, seed=seed),
        paper_lexical=lexical_features([paper_text(p.title, p.abstract) for p in papers]),
        cites=tuple((p.id, r) for p in papers for r in p.references),
    )


TOPICS = ("BERT", "ResNet", "ImageNet", "SQuAD")  # one keyword per community (see graph_builders)


def planted_topic_papers(communities: int = 4, size: int = 10, seed: int = 0) -> list[Paper]:
    """Planted papers whose abstracts name their community's keyword, so entities link them too."""
    return [
        p.model_copy(
            update={"abstract": f"We study {TOPICS[int(p.id[1:]) // size % len(TOPICS)]} here."}
        )
        for p in planted_papers(communities, size, seed=seed)
    ]


def build_planted_graph(store, papers: list[Paper], features: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Write papers through the real graph build (keyword extractor, planted embeddings)."""
    from graph_builders import KeywordExtractor

    from graph.build import BuildOptions, GraphBuilder

    options = BuildOptions(similar_top_k=3, similar_min_score=0.3, shared_top_k=3)
    GraphBuilder(store, KeywordExtractor(), PlantedEmbedder(features), options).build(papers)
