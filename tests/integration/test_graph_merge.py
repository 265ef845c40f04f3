"""Entity merging in Neo4j: mentions move, links are recomputed, later papers follow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from graph_builders import BASE, KEYWORDS, NEW, KeywordExtractor, dump, papers, shared_embedder

from extract.canonical import entity_id
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.linker import LinkOptions
from graph.merge import MergeError, merge_entities, read_aliases_file
from graph.store import GraphStore


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


OPTIONS = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
LINKS = LinkOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
CORPUS = dict(BASE | NEW)
CORPUS["p03"] = (
    "Deep residual networks for vision",
    "Residual nets for image classification on ImageNet. We report top-1 accuracy.",
)
# "residual nets": a synonym of ResNet the lexicon does not fold ("residual networks" it does)
WITH_SYNONYM = KEYWORDS | {"residual nets": "MODEL"}
SYNONYM_ID = entity_id("MODEL", "residual nets")


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def _without_merge_records(graph_dump):  # merged_ids/merged_aliases exist only after a merge
    nodes, rels = graph_dump
    cleaned = []
    for labels, props in nodes:
        values = json.loads(props)
        values.pop("merged_ids", None)
        values.pop("merged_aliases", None)
        cleaned.append((labels, json.dumps(values, sort_keys=True)))
    return sorted(cleaned), rels


@pytest.mark.neo4j
def test_merge_equals_building_with_the_entities_already_one(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    GraphBuilder(store, KeywordExtractor(WITH_SYNONYM), graph_embedder, OPTIONS).build(
        papers(CORPUS)
    )
    assert (
        store.read("MATCH (e:Entity {id: 'model:resnet'}) RETURN e.paper_count AS n")[0]["n"] == 2
    )
    result = merge_entities(store, "residual nets", "ResNet", LINKS)  # by name, any case
    assert (result.source, result.target, result.papers) == (SYNONYM_ID, "model:resnet", 3)
    assert not store.read("MATCH (e:Entity {id: $id}) RETURN e.id AS id", id=SYNONYM_ID)
    resnet = store.read(
        "MATCH (e:Entity {id: 'model:resnet'}) RETURN e.paper_count AS n, e.aliases AS aliases"
    )
    assert resnet == [{"n": 3, "aliases": ["Residual nets"]}]
    merged = _without_merge_records(dump(store))
    store.clear()
    folded = KeywordExtractor(WITH_SYNONYM, canonical={"residual nets": "ResNet"})
    GraphBuilder(store, folded, graph_embedder, OPTIONS).build(papers(CORPUS))
    assert _without_merge_records(dump(store)) == merged


@pytest.mark.neo4j
def test_papers_added_after_a_merge_mention_the_kept_entity(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    builder = GraphBuilder(store, KeywordExtractor(WITH_SYNONYM), graph_embedder, OPTIONS)
    builder.build(papers({pid: CORPUS[pid] for pid in BASE}))
    merge_entities(store, SYNONYM_ID, "model:resnet", LINKS)
    builder.add(papers({"p09": ("Wider nets", "Wide residual nets for image classification.")}))
    mentioned = store.read(
        "MATCH (:Paper {id: 'p09'})-[:MENTIONS]->(e) RETURN e.id AS id ORDER BY id"
    )
    assert [row["id"] for row in mentioned] == ["model:resnet", "task:image classification"]


@pytest.mark.neo4j
def test_merge_refuses_unknown_or_identical_entities(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    GraphBuilder(store, KeywordExtractor(), graph_embedder, OPTIONS).build(papers(BASE))
    with pytest.raises(MergeError, match="no entity"):
        merge_entities(store, "method:nothing", "model:bert", LINKS)
    with pytest.raises(MergeError, match="same entity"):
        merge_entities(store, "BERT", "model:bert", LINKS)


def test_aliases_file_reads_arrows_tabs_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "aliases.txt"
    path.write_text(
        "# folds\nmodel:resnet-50 -> model:resnet\nmethod:cl\tmethod:contrastive learning\n\n"
    )
    assert read_aliases_file(path) == [
        ("model:resnet-50", "model:resnet"),
        ("method:cl", "method:contrastive learning"),
    ]
    path.write_text("just one name\n")
    with pytest.raises(MergeError, match="aliases.txt:1"):
        read_aliases_file(path)
