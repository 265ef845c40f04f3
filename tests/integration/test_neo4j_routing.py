"""The routing scheme (``neo4j://``, as for a cluster or Aura) reads and writes like ``bolt://``:
the driver fetches a routing table, sends reads to readers and writes to the leader, and the
whole build over it gives the graph a direct connection gives."""

from __future__ import annotations

import pytest
from graph_builders import BASE, NEW, KeywordExtractor, dump, papers, shared_embedder

from graph.build import BuildOptions, GraphBuilder
from graph.store import GraphStore

OPTIONS = BuildOptions(similar_min_score=0.2, shared_top_k=2, similar_top_k=2,
                       extract_batch_size=3, embed_chunk_size=3)


def _build(config: dict[str, str], embedder) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    with GraphStore(**config) as store:
        store.clear()
        builder = GraphBuilder(store, KeywordExtractor(), embedder, OPTIONS)
        builder.build(papers(BASE))
        builder.add(papers(NEW))
        return dump(store)


@pytest.mark.neo4j
def test_a_build_over_neo4j_scheme_writes_and_reads_the_same_graph(
    empty_db: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert empty_db["uri"].startswith("bolt://")
    embedder = shared_embedder(tmp_path_factory.getbasetemp())
    direct = _build(empty_db, embedder)
    routed_config = empty_db | {"uri": empty_db["uri"].replace("bolt://", "neo4j://", 1)}
    routed = _build(routed_config, embedder)
    assert len(direct[0]) > len(BASE | NEW) and direct[1]
    assert routed == direct
    with GraphStore(**routed_config) as store:
        store.check()
        # another process's store, opened from these arguments, reads what this one wrote
        store.execute("CREATE (:Probe {id: 'routing-probe'})")
        with GraphStore(**store.connection_args()) as other:
            assert other.read("MATCH (n:Probe) RETURN n.id AS id") == [{"id": "routing-probe"}]
        store.execute("MATCH (n:Probe) DELETE n")
