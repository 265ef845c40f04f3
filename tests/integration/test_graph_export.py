"""Export round-trips node and edge counts; stats count what is there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from graph_builders import BASE, NEW, KeywordExtractor, papers, shared_embedder

from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.export import export_graph
from graph.stats import graph_counts, top_entities
from graph.store import GraphStore


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


pytestmark = pytest.mark.neo4j


@pytest.fixture()
def built(empty_db: dict[str, str], graph_embedder: Embedder) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as store:
        options = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
        GraphBuilder(store, KeywordExtractor(), graph_embedder, options).build(papers(BASE | NEW))
        yield store


def test_export_round_trips_node_and_edge_counts(built: GraphStore, tmp_path: Path) -> None:
    counts = graph_counts(built)
    nodes = counts.papers + counts.stubs + counts.authors + counts.venues
    nodes += sum(counts.entities.values())
    edges = sum(counts.links.values())
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{fmt}"
        assert export_graph(built, path, fmt) == (nodes, edges)
        graph = read(path)
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
    graph = nx.read_graphml(tmp_path / "graph.graphml")
    assert graph.nodes["p01"]["title"] == BASE["p01"][0]
    kinds = {data["type"] for _, _, data in graph.edges(data=True)}
    assert kinds == {"MENTIONS", "SHARES_ENTITIES", "SIMILAR_TO", "CITES", "AUTHORED"}
    jsonl = tmp_path / "graph.jsonl"
    assert export_graph(built, jsonl, "jsonl") == (nodes, edges)
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert sum(r["kind"] == "node" for r in records) == nodes
    assert all("embedding" not in r["properties"] for r in records)


def test_stats_count_papers_entities_links_and_rank_entities(built: GraphStore) -> None:
    counts = graph_counts(built)
    assert counts.papers == 8
    assert counts.entities == {"MODEL": 2, "DATASET": 3, "METHOD": 2, "TASK": 3, "METRIC": 2}
    assert counts.links["CITES"] == 7
    top = top_entities(built, limit=1)
    assert [(e.name, e.papers) for e in top["DATASET"]] == [("ImageNet", 4)]
