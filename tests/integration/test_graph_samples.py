"""The real format samples written to the real Neo4j (papers, authors, venues, citations; no
extraction): internal references become CITES between papers, the rest stubs, and a second
ingest of the same files changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scholarly_builders import format_sample

from extract.readers import read_corpus
from graph.citations import write_papers
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def count(store: GraphStore, query: str) -> int:
    return store.read(query)[0]["n"]


def test_openalex_sample_citations_authors_and_stubs(store: GraphStore) -> None:
    papers = read_corpus([format_sample("openalex/openalex_works.jsonl")]).papers
    keys = {key: p.id for p in papers for key in (p.id, *p.external_ids)}
    internal = {(p.id, keys[ref]) for p in papers for ref in p.references if ref in keys}
    internal = {(a, b) for a, b in internal if a != b}  # a work listing itself cites nothing
    outside = {ref for p in papers for ref in p.references if ref not in keys}
    assert write_papers(store, papers, lambda *_: None) == len(papers)
    edges = store.read(
        "MATCH (a:Paper {stub: false})-[:CITES]->(b:Paper {stub: false}) "
        "RETURN a.id AS a, b.id AS b"
    )
    assert {(e["a"], e["b"]) for e in edges} == internal and len(internal) > 20
    assert count(store, "MATCH (s:Paper {stub: true}) RETURN count(s) AS n") == len(outside)
    assert count(
        store, "MATCH (:Paper {stub: false})-[:CITES]->(:Paper {stub: true}) RETURN count(*) AS n"
    ) == sum(len({r for r in p.references if r in outside}) for p in papers)
    # an author listed twice on one work (it happens in the sample) is one authorship
    assert count(store, "MATCH ()-[r:AUTHORED]->() RETURN count(r) AS n") == sum(
        len({a.ids[0] for a in p.authorships}) for p in papers
    )
    assert (
        count(store, "MATCH (p:Paper {stub: false}) WHERE p.year IS NULL RETURN count(p) AS n") == 0
    )
    assert write_papers(store, papers, lambda *_: None) == 0  # the same input again: nothing


def test_samples_of_several_sources_in_one_graph(store: GraphStore) -> None:
    paths = [
        format_sample(p)
        for p in (
            "openalex/openalex_works.jsonl",
            "semanticscholar/s2_api_papers.jsonl",
            "crossref/crossref_works.jsonl",
            "arxiv/oai_snapshot_sample.jsonl",
        )
    ]
    report = read_corpus(paths)
    write_papers(store, report.papers, lambda *_: None)
    papers = count(store, "MATCH (p:Paper {stub: false}) RETURN count(p) AS n")
    assert papers == len(report.papers)
    # every work whose DOI another source cites is one node, cited under that DOI
    cited_dois = store.read(
        "MATCH (p:Paper {stub: false})<-[:CITES]-() WHERE p.doi IS NOT NULL "
        "RETURN count(DISTINCT p) AS n"
    )[0]["n"]
    assert cited_dois > 0
    assert count(store, "MATCH (a:Author) WHERE size(a.ids) = 0 RETURN count(a) AS n") == 0
