"""A build whose SIMILAR_TO goes through the HNSW index (corpus above CITEGRAPH_SIMILAR_EXACT_MAX)
writes the links the exact path writes, for a first build and for papers added later."""

from __future__ import annotations

import pytest
from graph_builders import BASE, NEW, KeywordExtractor, dump, papers, shared_embedder

from graph.build import BuildOptions, GraphBuilder
from graph.store import GraphStore


def _build(config: dict[str, str], embedder, exact_max: int) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    options = BuildOptions(similar_min_score=0.2, similar_top_k=3, similar_exact_max=exact_max)
    with GraphStore(**config) as store:
        store.clear()
        builder = GraphBuilder(store, KeywordExtractor(), embedder, options)
        builder.build(papers(BASE))
        builder.add(papers(NEW))  # the incremental path: the papers the new ones enter
        return dump(store)


@pytest.mark.neo4j
def test_index_path_writes_the_exact_similarity_links(
    empty_db: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    embedder = shared_embedder(tmp_path_factory.getbasetemp())
    exact = _build(empty_db, embedder, exact_max=1_000)
    approximate = _build(empty_db, embedder, exact_max=0)
    assert any(rel[0] == "SIMILAR_TO" for rel in exact[1])
    assert approximate == exact
