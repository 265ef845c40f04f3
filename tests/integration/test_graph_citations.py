"""CITES across sources against the real Neo4j: stubs for works outside the corpus, filled in
by a later ingest (same node), one node for one work read from two sources, and delete or
re-ingest leaving the graph equal to a rebuild (full dump compared)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graph_builders import BASE, KeywordExtractor, dump, papers, shared_embedder

from extract.records import Author, Paper, Reference, Venue
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
OPTIONS = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db, batch_size=3) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def builder(store: GraphStore, embedder: Embedder) -> GraphBuilder:
    return GraphBuilder(store, KeywordExtractor(), embedder, OPTIONS)


def rebuilt(store: GraphStore, embedder: Embedder, corpus: list[Paper]) -> tuple[list, list]:
    store.clear()
    builder(store, embedder).build(corpus)
    return dump(store)


def work(
    pid: str, text: str, keys: tuple[str, ...] = (), refs: tuple[str, ...] = (), **fields: object
) -> Paper:
    return Paper(
        id=pid,
        title=f"On {text}",
        abstract=f"We apply BERT to {text} on SQuAD and report F1.",
        external_ids=(pid, *keys),
        references=refs,
        **fields,
    )


CITING = work(
    "doi:10.1/a",
    "question answering",
    ("openalex:W1",),
    refs=("openalex:W2", "s2:zzz"),
    year=2021,
    cited=(Reference(ids=("s2:zzz",), title="An outside work", year=1999),),
    authorships=(Author(name="Ada Lovelace", ids=("openalex:A1",)),),
    venue=Venue(id="openalex:S1", name="Journal of Graphs"),
)
CITED = work(
    "doi:10.1/b",
    "reading comprehension",
    ("openalex:W2",),
    year=2019,
    authorships=(Author(name="Alan Turing", ids=("openalex:A2",)),),
)


def test_references_outside_the_corpus_are_stubs_filled_by_a_later_ingest(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    result = builder(store, graph_embedder).build([CITING])
    assert (result.counts.papers, result.counts.stubs) == (1, 2)
    stubs = store.read(
        "MATCH (:Paper {id: 'doi:10.1/a'})-[:CITES]->(s:Paper) RETURN s.id AS id, "
        "s.stub AS stub, s.title AS title, s.year AS year, elementId(s) AS element "
        "ORDER BY id"
    )
    assert [(s["id"], s["stub"], s["title"], s["year"]) for s in stubs] == [
        ("openalex:W2", True, None, None),
        ("s2:zzz", True, "An outside work", 1999),
    ]
    # stubs get no mentions, embedding or links
    assert (
        store.read(
            "MATCH (s:Paper {stub: true}) WHERE s.embedding IS NOT NULL OR "
            "EXISTS { (s)-[:MENTIONS|SIMILAR_TO|SHARES_ENTITIES]-() } RETURN s"
        )
        == []
    )
    builder(store, graph_embedder).add([CITED])
    (filled,) = store.read(
        "MATCH (:Paper {id: 'doi:10.1/a'})-[:CITES]->(p:Paper {id: 'doi:10.1/b'}) "
        "RETURN p.stub AS stub, p.external_ids AS ids, elementId(p) AS element"
    )
    assert filled["stub"] is False and filled["element"] == stubs[0]["element"]  # the same node
    assert set(filled["ids"]) == {"doi:10.1/b", "openalex:W2"}
    assert dump(store) == rebuilt(store, graph_embedder, [CITING, CITED])


def test_one_work_from_two_sources_is_one_node(store: GraphStore, graph_embedder: Embedder) -> None:
    openalex = work("doi:10.5/x", "image classification", ("openalex:W7",))
    s2 = work("arxiv:2101.00001", "image classification", ("doi:10.5/x", "s2:abc", "corpus:12"))
    citing_by_arxiv = work(
        "title:0123456789abcdef", "question answering", refs=("arxiv:2101.00001",)
    )
    citing_by_s2 = work("s2:def", "entity recognition", refs=("s2:abc",))
    b = builder(store, graph_embedder)
    b.build([openalex, citing_by_s2])
    b.add([s2])
    b.add([citing_by_arxiv])
    rows = store.read(
        "MATCH (p:Paper) WHERE NOT p.stub RETURN p.id AS id, p.external_ids AS ids, "
        "COUNT { (p)<-[:CITES]-() } AS cited_by ORDER BY id"
    )
    merged = next(r for r in rows if r["id"] == "arxiv:2101.00001")
    assert set(merged["ids"]) == {
        "arxiv:2101.00001",
        "doi:10.5/x",
        "openalex:W7",
        "s2:abc",
        "corpus:12",
    }
    assert merged["cited_by"] == 2 and len(rows) == 3
    assert store.read("MATCH (p:Paper {stub: true}) RETURN p.id AS id") == []


def test_delete_leaves_the_graph_a_rebuild_without_the_paper_would(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    b = builder(store, graph_embedder)
    b.build(corpus := papers(BASE) + [CITING, CITED])
    result = b.delete(["p03", "openalex:W2", "no-such-paper"])
    assert result.deleted == ["p03", "doi:10.1/b"] and result.not_found == ["no-such-paper"]
    assert result.citers_repointed == 3
    # p03 is cited by p04 and p06: it stays a stub rather than losing their citations
    (stub,) = store.read(
        "MATCH (s:Paper {id: 'p03'}) RETURN s.stub AS stub, COUNT { (s)<-[:CITES]-() } AS cited_by"
    )
    assert stub == {"stub": True, "cited_by": 2}
    after = dump(store)
    assert after == rebuilt(
        store, graph_embedder, [p for p in corpus if p.id not in ("p03", "doi:10.1/b")]
    )


def test_reingest_of_a_changed_record_equals_a_rebuild_with_it(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    b = builder(store, graph_embedder)
    b.build(corpus := papers(BASE) + [CITING, CITED])
    changed = CITING.model_copy(
        update={
            "abstract": "We apply ResNet to image classification on ImageNet and report accuracy.",
            "references": ("p01",),
            "cited": (),
            "authorships": (Author(name="Grace Hopper", ids=("openalex:A3",)),),
            "authors": ("Grace Hopper",),
            "venue": None,
        }
    )
    b.add([changed])
    after = dump(store)
    assert not any("Ada Lovelace" in props for _, props in after[0])
    assert after == rebuilt(
        store, graph_embedder, [changed if p.id == CITING.id else p for p in corpus]
    )


def test_a_corpus_written_a_few_papers_at_a_time_equals_one_written_at_once(
    store: GraphStore, graph_embedder: Embedder
) -> None:
    # CITING comes first and cites CITED (a later chunk) and a work outside the corpus;
    # CITES_BACK, last, cites CITING (an earlier chunk) by its OpenAlex key
    cites_back = work("doi:10.1/c", "entity recognition", refs=("openalex:W1",))
    corpus = [CITING, *papers(BASE), CITED, cites_back]
    whole = rebuilt(store, graph_embedder, corpus)
    store.clear()
    chunked = OPTIONS.model_copy(update={"write_chunk_size": 2})
    result = GraphBuilder(store, KeywordExtractor(), graph_embedder, chunked).build(
        iter(corpus)  # a one-pass iterable, as a streamed corpus is
    )
    assert dump(store) == whole
    assert (result.papers_given, result.papers_written) == (len(corpus), len(corpus))
    cited_by = store.read(
        "MATCH (p:Paper {id: 'doi:10.1/a'})-[:CITES]->(q) RETURN q.id AS id, q.stub AS stub "
        "UNION MATCH (p:Paper {id: 'doi:10.1/c'})-[:CITES]->(q) RETURN q.id AS id, q.stub AS stub"
    )
    assert {(r["id"], r["stub"]) for r in cited_by} == {
        ("doi:10.1/b", False), ("s2:zzz", True), ("doi:10.1/a", False)
    }
