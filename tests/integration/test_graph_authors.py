"""Author and Venue nodes against the real Neo4j: ids from the source, one node per author
across papers and sources, positions, paper year/date/doi/external ids, and replacement when
a paper is re-ingested with other authors or another venue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from extract.records import Author, Paper, Venue
from graph.citations import write_papers
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
ABSTRACT = "We study citation graphs of scholarly papers and their authors."


def paper(pid: str, authors: list[Author], venue: Venue | None = None, **fields: object) -> Paper:
    return Paper(
        id=pid,
        title=f"Paper {pid}",
        abstract=ABSTRACT,
        authors=tuple(a.name for a in authors),
        authorships=tuple(authors),
        venue=venue,
        **fields,
    )


def write(store: GraphStore, papers: list[Paper]) -> int:
    return write_papers(store, papers, lambda stage, done, total: None)


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db, batch_size=2) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def authored(store: GraphStore) -> list[tuple[str, int, str]]:
    rows = store.read(
        "MATCH (a:Author)-[r:AUTHORED]->(p:Paper) "
        "RETURN a.id AS a, r.position AS pos, p.id AS p ORDER BY p, pos"
    )
    return [(r["a"], r["pos"], r["p"]) for r in rows]


def test_authors_venues_and_paper_properties_are_written(store: GraphStore) -> None:
    ada = Author(name="Ada Lovelace", ids=("openalex:A1", "orcid:0000-0001"))
    alan = Author(name="Alan Turing", ids=("openalex:A2",))
    venue = Venue(id="openalex:S1", name="Journal of Graphs")
    write(
        store,
        [
            paper(
                "doi:10.1/a",
                [ada, alan],
                venue,
                year=2020,
                date="2020-03-04",
                doi="10.1/a",
                external_ids=("doi:10.1/a", "openalex:W1"),
            ),
            paper(
                "doi:10.1/b", [Author(name="A. Lovelace", ids=("openalex:A1",))], venue, year=2021
            ),
        ],
    )
    assert authored(store) == [
        ("openalex:A1", 0, "doi:10.1/a"),
        ("openalex:A2", 1, "doi:10.1/a"),
        ("openalex:A1", 0, "doi:10.1/b"),
    ]
    (node,) = store.read("MATCH (a:Author {id: 'openalex:A1'}) RETURN properties(a) AS p")
    assert node["p"] == {
        "id": "openalex:A1",
        "name": "Ada Lovelace",
        "ids": ["openalex:A1", "orcid:0000-0001"],
    }
    venues = store.read(
        "MATCH (p:Paper)-[:PUBLISHED_IN]->(v:Venue) RETURN p.id AS p, v.id AS v, "
        "v.name AS name ORDER BY p"
    )
    assert [(r["p"], r["v"], r["name"]) for r in venues] == [
        ("doi:10.1/a", "openalex:S1", "Journal of Graphs"),
        ("doi:10.1/b", "openalex:S1", "Journal of Graphs"),
    ]
    (props,) = store.read("MATCH (p:Paper {id: 'doi:10.1/a'}) RETURN properties(p) AS p")
    assert {k: props["p"][k] for k in ("year", "date", "doi", "venue", "external_ids", "stub")} == {
        "year": 2020,
        "date": "2020-03-04",
        "doi": "10.1/a",
        "venue": "Journal of Graphs",
        "external_ids": ["doi:10.1/a", "openalex:W1"],
        "stub": False,
    }


def test_one_author_node_across_sources_when_an_id_matches(store: GraphStore) -> None:
    write(store, [paper("p1", [Author(name="Ada Lovelace", ids=("openalex:A1", "orcid:X"))])])
    write(store, [paper("p2", [Author(name="Ada King", ids=("s2:99", "orcid:X"))])])
    write(store, [paper("p3", [Author(name="Ada Lovelace")])])  # no id: a name node of its own
    nodes = store.read("MATCH (a:Author) RETURN a.id AS id, a.ids AS ids ORDER BY id")
    assert [(r["id"], r["ids"]) for r in nodes] == [
        ("name:ada lovelace", ["name:ada lovelace"]),
        ("openalex:A1", ["openalex:A1", "orcid:X", "s2:99"]),
    ]
    assert [a for a, _, _ in authored(store)] == ["openalex:A1", "openalex:A1", "name:ada lovelace"]


def test_names_only_give_name_ids(store: GraphStore) -> None:
    write(store, [Paper(id="p1", title="T", abstract=ABSTRACT, authors=("José Núñez", "B. Lee"))])
    assert authored(store) == [("name:jose nunez", 0, "p1"), ("name:b lee", 1, "p1")]


def test_reingest_replaces_authors_and_venue_and_drops_orphans(store: GraphStore) -> None:
    old_venue, new_venue = Venue(id="name:old", name="Old"), Venue(id="name:new", name="New")
    ada, alan = Author(name="Ada", ids=("openalex:A1",)), Author(name="Alan", ids=("openalex:A2",))
    write(store, [paper("p1", [ada, alan], old_venue), paper("p2", [alan], new_venue)])
    assert write(store, [paper("p1", [alan, ada], old_venue), paper("p2", [alan], new_venue)]) == 1
    assert authored(store)[:2] == [("openalex:A2", 0, "p1"), ("openalex:A1", 1, "p1")]
    write(store, [paper("p1", [alan], new_venue)])
    assert {r["id"] for r in store.read("MATCH (a:Author) RETURN a.id AS id")} == {"openalex:A2"}
    assert [r["id"] for r in store.read("MATCH (v:Venue) RETURN v.id AS id")] == ["name:new"]
    assert write(store, [paper("p1", [alan], new_venue)]) == 0  # unchanged: nothing written
