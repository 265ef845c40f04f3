"""Switching the embedding backend re-embeds every paper and the vector index follows the new
dimension: vectors of two models never sit in one graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from graph_builders import KeywordExtractor, papers

from graph import queries
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
PAPERS = {
    "p1": ("Graph neural networks", "We predict citation links with a graph neural network."),
    "p2": ("Link prediction", "Heuristics and GNNs for predicting links in citation graphs."),
    "p3": ("Sourdough", "A bread recipe with a long cold fermentation and a hot oven."),
}


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def _build(store: GraphStore, backend: str, cache: Path, models: Path) -> int:
    embedder = Embedder(backend=backend, cache_path=cache / "vectors.sqlite",
                        export_dir=models / "onnx")
    try:
        result = GraphBuilder(store, KeywordExtractor(), embedder, BuildOptions()).build(
            papers(PAPERS))
    finally:
        embedder.close()
    return result.papers_embedded


def _stored(store: GraphStore) -> tuple[set[int], set[str]]:
    rows = store.read("MATCH (p:Paper) RETURN size(p.embedding) AS n, p.embedding_model AS m")
    return {r["n"] for r in rows}, {r["m"] for r in rows}


def test_switching_backend_re_embeds_and_the_index_follows(
    store: GraphStore, tmp_path: Path, model_cache: Path
) -> None:
    assert _build(store, "openvino", tmp_path, model_cache) == len(PAPERS)
    assert _build(store, "openvino", tmp_path, model_cache) == 0  # same model: nothing to do
    assert _stored(store) == ({384}, {Embedder(backend="openvino").model_id})

    assert _build(store, "static", tmp_path, model_cache) == len(PAPERS)  # all again
    static = Embedder(backend="static", export_dir=model_cache / "onnx")
    assert _stored(store) == ({static.dimension}, {static.model_id})
    assert store.read(queries.PAPER_VECTOR_DIMENSIONS)[0]["dimensions"] == static.dimension
    nearest = store.read(queries.NEAREST_PAPERS, id="p1", k=1)
    assert [row["id"] for row in nearest] == ["p2"]  # the index answers in the new dimension
