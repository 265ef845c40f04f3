"""Switching the embedding backend: every paper is embedded again by the new model, the vector
index follows the new dimension, and vectors of two models are never compared."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest
from graph_builders import BASE, KeywordExtractor, papers, shared_embedder

from graph import queries
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.linker import Linker, LinkOptions, MixedEmbeddingsError
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
OPTIONS = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.0)
MODELS = (
    "MATCH (p:Paper) WHERE p.embedding IS NOT NULL "
    "RETURN p.embedding_model AS model, size(p.embedding) AS dim, count(*) AS n"
)


class PrefixEmbedder:
    """Another model with another dimension: the first ``dimension`` coordinates of the real
    embedder's vectors, renormalised."""

    def __init__(self, inner: Embedder, dimension: int) -> None:
        self.inner = inner
        self.dimension = dimension
        self.model_id = f"{inner.model_id}/first{dimension}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.inner.embed(texts)[:, : self.dimension]
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as graph_store:
        yield graph_store


def build(store: GraphStore, embedder: Embedder | PrefixEmbedder) -> int:
    result = GraphBuilder(store, KeywordExtractor(), embedder, OPTIONS).build(papers(BASE))
    return result.papers_embedded


def index_dimension(store: GraphStore) -> int:
    return int(store.read(queries.PAPER_VECTOR_DIMENSION)[0]["dimension"])


def test_switching_backend_re_embeds_every_paper_and_the_index_follows(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    assert build(store, graph_embedder) == len(BASE)
    full = [{"model": graph_embedder.model_id, "dim": 384, "n": len(BASE)}]
    assert store.read(MODELS) == full and index_dimension(store) == 384
    assert build(store, graph_embedder) == 0  # same model, same texts: nothing to do

    small = PrefixEmbedder(graph_embedder, 64)
    assert build(store, small) == len(BASE)
    assert store.read(MODELS) == [{"model": small.model_id, "dim": 64, "n": len(BASE)}]
    assert index_dimension(store) == 64
    # the re-created index serves the new vectors: a paper is its own nearest neighbour
    (row,) = store.read(
        "MATCH (p:Paper {id: 'p01'}) CALL db.index.vector.queryNodes('paper_embedding', 1, "
        "p.embedding) YIELD node RETURN node.id AS id"
    )
    assert row["id"] == "p01"
    assert store.read("MATCH ()-[r:SIMILAR_TO]->() RETURN count(r) AS n")[0]["n"] > 0

    assert build(store, graph_embedder) == len(BASE)  # and back again
    assert store.read(MODELS) == full and index_dimension(store) == 384


def test_linking_vectors_of_two_models_is_refused_with_what_to_run(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    build(store, graph_embedder)
    store.execute(
        "MATCH (p:Paper {id: 'p01'}) SET p.embedding = [0.6, 0.8], p.embedding_model = 'other'"
    )
    refused = r"more than one embedding model.*citegraph build"
    with pytest.raises(MixedEmbeddingsError, match=refused):
        Linker(store, LinkOptions()).run(everything=True)
