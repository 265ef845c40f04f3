"""The graph pipeline against the real Neo4j: schema, idempotent build, known link weights,
incremental add = rebuild, changed papers, citations and the vector index."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from graph_builders import BASE, NEW, KeywordExtractor, dump, papers, shared_embedder

from graph import linker, queries
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


pytestmark = pytest.mark.neo4j
OPTIONS = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
RARE, COMMON = 1 / math.log(2), 1 / math.log(3)


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db, batch_size=3) as graph_store:  # small batches: many transactions
        graph_store.ensure_schema()
        yield graph_store


def builder(
    store: GraphStore, embedder: Embedder, extractor: KeywordExtractor | None = None
) -> GraphBuilder:
    return GraphBuilder(store, extractor or KeywordExtractor(), embedder, OPTIONS)


def test_ensure_schema_creates_constraints_and_indexes_idempotently(store: GraphStore) -> None:
    store.ensure_schema()  # second time: nothing fails, nothing duplicated
    constraints = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name")}
    indexes = {row["name"]: row["type"] for row in store.read("SHOW INDEXES YIELD name, type")}
    assert {"paper_id", "entity_id"} <= constraints
    assert indexes["paper_embedding"] == "VECTOR"
    assert indexes["paper_text"] == indexes["entity_names"] == "FULLTEXT"


def test_build_writes_mentions_with_evidence(store: GraphStore, graph_embedder: Embedder) -> None:
    result = builder(store, graph_embedder).build(papers(BASE))
    assert result.papers_written == result.counts.papers == 6
    assert result.counts.entities["DATASET"] == 3 and result.counts.entities["TASK"] == 3
    rows = store.read(
        "MATCH (p:Paper {id: 'p01'})-[m:MENTIONS]->(e:Entity {id: 'model:bert'}) "
        "RETURN p.abstract AS abstract, properties(m) AS m, e.paper_count AS papers, "
        "labels(e) AS labels"
    )
    mention, abstract = rows[0]["m"], rows[0]["abstract"]
    assert mention["count"] == 2 and rows[0]["papers"] == 2 and "Model" in rows[0]["labels"]
    for start, end in zip(mention["spans"][0::2], mention["spans"][1::2], strict=True):
        assert abstract[start:end] == "BERT"
    assert mention["evidence"] == [
        "We fine-tune BERT, a Transformer encoder, for question answering on SQuAD.",
        " BERT reaches 93 F1.",
    ]
    # an entity mentioned by one paper only links nothing but is still in the graph
    assert (
        store.read(
            "MATCH (e:Entity {id: 'task:named entity recognition'}) RETURN e.paper_count AS n"
        )[0]["n"]
        == 1
    )


def test_rebuild_on_same_input_changes_nothing(store: GraphStore, graph_embedder: Embedder) -> None:
    extractor = KeywordExtractor()
    builder(store, graph_embedder, extractor).build(papers(BASE))
    before = dump(store)
    again = builder(store, graph_embedder, extractor).build(papers(BASE))
    assert dump(store) == before
    assert (again.papers_written, again.papers_extracted, again.papers_embedded) == (0, 0, 0)
    assert extractor.calls == 1  # the second build extracted nothing


def test_shared_entity_weights_and_top_k_on_mini_corpus(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    builder(store, graph_embedder).build(papers(BASE))
    rows = store.read(
        "MATCH (p)-[r:SHARES_ENTITIES]->(q) RETURN p.id AS p, q.id AS q, r.weight AS w, "
        "r.shared AS shared ORDER BY p, w DESC"
    )
    got = {(row["p"], row["q"]): row["w"] for row in rows}
    expected = {  # worked out by hand from the abstracts (df in brackets below)
        ("p01", "p02"): 2 * RARE
        + 2 * COMMON,  # SQuAD(2) question answering(2) Transformer(3) F1(3)
        ("p01", "p05"): RARE + COMMON,  # BERT(2) F1(3)
        ("p02", "p01"): 2 * RARE + 2 * COMMON,
        ("p02", "p05"): COMMON,  # ties with p06 (Transformer): lower id wins
        ("p03", "p04"): 2 * RARE + 2 * COMMON,  # ResNet, accuracy, ImageNet, image classification
        ("p03", "p06"): 2 * COMMON,
        ("p04", "p03"): 2 * RARE + 2 * COMMON,
        ("p04", "p06"): RARE
        + 2 * COMMON,  # contrastive learning(2), ImageNet, image classification
        ("p05", "p01"): RARE + COMMON,
        ("p05", "p02"): COMMON,
        ("p06", "p04"): RARE + 2 * COMMON,
        ("p06", "p03"): 2 * COMMON,
    }
    assert got.keys() == expected.keys()
    for pair, weight in expected.items():
        assert got[pair] == pytest.approx(weight, abs=1e-6)
    shared = {(row["p"], row["q"]): row["shared"] for row in rows}
    assert shared[("p01", "p05")] == ["BERT", "F1"]  # rarest first


def test_incremental_add_equals_full_rebuild(store: GraphStore, graph_embedder: Embedder) -> None:
    build = builder(store, graph_embedder)
    build.build(papers(BASE))
    added = build.add(papers(NEW))
    assert (added.papers_written, added.papers_extracted, added.papers_embedded) == (2, 2, 2)
    incremental = dump(store)
    store.clear()
    builder(store, graph_embedder).build(papers(BASE | NEW))
    assert dump(store) == incremental
    store.clear()
    builder(store, graph_embedder).build(papers(NEW | BASE), relink_all=True)
    assert dump(store) == incremental


def test_links_computed_a_few_sources_at_a_time_equal_those_of_one_pass(
    store: GraphStore, graph_embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder(store, graph_embedder).build(papers(BASE | NEW))
    whole = dump(store)
    assert store.read("MATCH ()-[r:SIMILAR_TO]->() RETURN count(r) AS n")[0]["n"] > 0
    store.clear()
    monkeypatch.setattr(linker, "LINK_BLOCK", 2)  # blocks of 2 sources, written in turn
    seen: list[tuple[str, int]] = []
    build = GraphBuilder(store, KeywordExtractor(), graph_embedder, OPTIONS,
                         progress=lambda stage, done, total: seen.append((stage, total)))
    build.build(papers(BASE | NEW))
    assert dump(store) == whole
    steps = [stage for stage, _ in seen if stage.startswith("link")]
    assert steps.count("link shared") >= len(BASE | NEW) // 2  # one or more per block


def test_changed_paper_converges_to_fresh_build(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    build = builder(store, graph_embedder)
    build.build(papers(BASE | NEW))
    changed = dict(BASE | NEW)
    changed["p05"] = ("Tagging entities", "A CRF for named entity recognition on CoNLL-2003.")
    build.add(papers({"p05": changed["p05"]}))
    assert store.read("MATCH (e:Entity {id: 'model:bert'}) RETURN e.paper_count AS n")[0]["n"] == 1
    updated = dump(store)
    store.clear()
    builder(store, graph_embedder).build(papers(changed))
    assert dump(store) == updated


def test_citations_to_papers_outside_the_graph_wait_on_stubs(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    build = builder(store, graph_embedder)
    build.build(papers(BASE))
    cites = "MATCH (p)-[:CITES]->(q) RETURN p.id + '->' + q.id AS edge ORDER BY edge"
    stubs = "MATCH (p:Paper {stub: true}) RETURN p.id AS id"
    before = ["p02->p01", "p04->p03", "p04->p08", "p06->p03", "p06->p04"]
    assert [r["edge"] for r in store.read(cites)] == before
    assert [r["id"] for r in store.read(stubs)] == ["p08"]  # cited, not yet ingested
    build.add(papers(NEW))  # p08 arrives: the stub becomes it, p04's citation stays
    assert [r["edge"] for r in store.read(cites)] == before + ["p07->p01", "p07->p05"]
    assert store.read(stubs) == []


def test_vector_index_returns_nearest_paper(store: GraphStore, graph_embedder: Embedder) -> None:
    builder(store, graph_embedder).build(papers(BASE | NEW))
    nearest = store.read(queries.NEAREST_PAPERS, id="p05", k=1)
    assert nearest[0]["id"] == "p07"  # both: named entity recognition on CoNLL-2003
    query = graph_embedder.embed(["answering questions about SQuAD passages"])[0].tolist()
    top = store.read(queries.NEAREST_TO_VECTOR, vector=query, k=2)
    assert {row["id"] for row in top} == {"p01", "p02"}
    similar = store.read(
        "MATCH (:Paper {id: 'p05'})-[r:SIMILAR_TO {rank: 1}]->(q) RETURN q.id AS id"
    )
    assert similar == [{"id": "p07"}]  # the stored kNN agrees with the index
