"""Read endpoints against the real Neo4j holding the seed corpus: contents, pagination, errors."""

from __future__ import annotations

from typing import Any

import pytest
from api_builders import assert_error, walk_pages
from fastapi.testclient import TestClient

from extract.records import Paper
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client


def _read(store_config: dict[str, str], query: str, **params: Any) -> list[dict[str, Any]]:
    with GraphStore(**store_config) as store:
        return store.read(query, **params)


@pytest.fixture(scope="module")
def busy_paper(client: TestClient, store_config: dict[str, str]) -> str:
    """A paper with several entities and shared-entity neighbours."""
    rows = _read(
        store_config,
        "MATCH (p:Paper)-[:MENTIONS]->(e) WITH p, count(e) AS n "
        "WHERE EXISTS { (p)-[:SHARES_ENTITIES]-() } RETURN p.id AS id ORDER BY n DESC, id LIMIT 1",
    )
    return rows[0]["id"]


def test_health_and_stats_report_the_graph(
    client: TestClient, store_config: dict[str, str], seed_graph: list[Paper]
) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["neo4j"] == "ok"
    stats = client.get("/stats").json()
    assert stats["papers"] == len(seed_graph)
    truth = _read(store_config, "MATCH (e:Entity) RETURN e.type AS type, count(*) AS n")
    assert stats["entities"] == {row["type"]: row["n"] for row in truth}
    assert stats["relationships"]["MENTIONS"] > 0
    for key, query in (
        ("stubs", "MATCH (p:Paper {stub: true}) RETURN count(p) AS n"),
        ("authors", "MATCH (a:Author) RETURN count(a) AS n"),
        ("venues", "MATCH (v:Venue) RETURN count(v) AS n"),
        ("papers_with_embedding", "MATCH (p:Paper) RETURN count(p.embedding) AS n"),
    ):
        assert stats[key] == _read(store_config, query)[0]["n"], key
    assert {"paper_embedding", "paper_text", "entity_names"} <= {
        i["name"] for i in stats["indexes"]
    }
    assert stats["link_predictor_trained"] is False


def test_paper_pages_cover_every_paper_once_in_order(
    client: TestClient, seed_graph: list[Paper]
) -> None:
    items = walk_pages(client, "/papers", limit=97)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == len(seed_graph)
    assert ids == sorted(ids)


def test_full_text_pages_match_one_big_page(client: TestClient) -> None:
    whole = client.get("/papers", params={"q": "retrieval", "limit": 200}).json()
    assert whole["next_cursor"] is None and len(whole["items"]) > 7
    paged = walk_pages(client, "/papers", q="retrieval", limit=7)
    assert [p["id"] for p in paged] == [p["id"] for p in whole["items"]]
    scores = [p["score"] for p in paged]
    assert scores == sorted(scores, reverse=True)


def test_lucene_operators_in_queries_are_plain_text(client: TestClient) -> None:
    for q in [
        '"unbalanced',
        "a AND (b",
        "title:[x TO",
        "*",
        "\\",
        "~~",
        "+-!",
        "AND",
        "a OR",
        "NOT",
    ]:
        assert client.get("/papers", params={"q": q}).status_code == 200, q
        assert client.get("/entities", params={"q": q}).status_code == 200, q


def test_entity_and_type_filters(client: TestClient, store_config: dict[str, str]) -> None:
    entity = _read(
        store_config,
        "MATCH (e:Entity)<-[:MENTIONS]-(p) WITH e, count(p) AS n "
        "RETURN e.id AS id, e.name AS name, n ORDER BY n DESC, id LIMIT 1",
    )[0]
    by_id = walk_pages(client, "/papers", entity=entity["id"], limit=50)
    by_name = walk_pages(client, "/papers", entity=entity["name"].upper(), limit=50)
    assert len(by_id) == entity["n"] and {p["id"] for p in by_name} >= {p["id"] for p in by_id}
    for paper in by_id[:5]:
        detail = client.get(f"/papers/{paper['id']}").json()
        assert entity["id"] in {e["id"] for e in detail["entities"]}
    metric_papers = walk_pages(client, "/papers", type="METRIC", limit=100)
    expected = _read(
        store_config,
        "MATCH (p:Paper) WHERE EXISTS { (p)-[:MENTIONS]->(:Metric) } RETURN count(p) AS n",
    )[0]["n"]
    assert len(metric_papers) == expected > 0


def test_paper_detail_carries_evidence(client: TestClient, busy_paper: str) -> None:
    paper = client.get(f"/papers/{busy_paper}").json()
    assert paper["id"] == busy_paper and paper["abstract"] and paper["has_embedding"]
    assert len(paper["entities"]) >= 2
    for entity in paper["entities"]:
        assert len(entity["evidence"]) == entity["count"] >= 1
        for evidence in entity["evidence"]:
            text = paper[evidence["field"]]  # the abstract, or the title
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
            assert evidence["text"] in evidence["sentence"]
            if evidence["field"] == "title":
                assert evidence["sentence"] == paper["title"]


def test_similar_are_vector_neighbours_with_scores(client: TestClient, busy_paper: str) -> None:
    body = client.get(f"/papers/{busy_paper}/similar", params={"k": 5}).json()
    items = body["items"]
    assert len(items) == 5 and body["note"] is None
    assert busy_paper not in {p["id"] for p in items}
    scores = [p["score"] for p in items]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_related_share_the_entities_they_claim(client: TestClient, busy_paper: str) -> None:
    items = client.get(f"/papers/{busy_paper}/related", params={"k": 3}).json()["items"]
    assert items and [p["weight"] for p in items] == sorted(
        (p["weight"] for p in items), reverse=True
    )
    mine = {e["id"] for e in client.get(f"/papers/{busy_paper}").json()["entities"]}
    for other in items:
        theirs = {e["id"] for e in client.get(f"/papers/{other['id']}").json()["entities"]}
        assert other["shared"] and {e["id"] for e in other["shared"]} == mine & theirs


def test_predicted_is_empty_with_a_note_before_training(
    client: TestClient, busy_paper: str
) -> None:
    body = client.get(f"/papers/{busy_paper}/predicted").json()
    assert body["items"] == [] and "train" in body["note"]


def test_entities_list_detail_and_papers(client: TestClient, store_config: dict[str, str]) -> None:
    entities = walk_pages(client, "/entities", limit=150)
    total = _read(store_config, "MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert len(entities) == len({e["id"] for e in entities}) == total
    counts = [e["paper_count"] for e in entities]
    assert counts == sorted(counts, reverse=True)
    top = entities[0]
    detail = client.get(f"/entities/{top['id']}").json()
    assert detail["paper_count"] == top["paper_count"] and detail["co_occurring"]
    papers = walk_pages(client, f"/entities/{top['id']}/papers", limit=20)
    assert len(papers) == top["paper_count"]
    datasets = client.get("/entities", params={"type": "DATASET", "limit": 50}).json()["items"]
    assert datasets and {e["type"] for e in datasets} == {"DATASET"}
    found = client.get("/entities", params={"q": top["name"]}).json()["items"]
    assert top["id"] in {e["id"] for e in found}


def test_semantic_search_finds_a_paper_by_its_title(
    client: TestClient, seed_graph: list[Paper]
) -> None:
    paper = next(p for p in seed_graph if len(p.title) > 30)
    body = client.get("/search", params={"q": paper.title, "k": 3}).json()
    assert paper.id in [p["id"] for p in body["items"]]
    assert len(body["items"]) == 3


def test_subgraph_is_a_consistent_neighbourhood(client: TestClient, busy_paper: str) -> None:
    body = client.get(
        "/graph/subgraph", params={"paper": busy_paper, "depth": 2, "limit": 30}
    ).json()
    ids = {n["id"] for n in body["nodes"]}
    assert busy_paper in ids and 1 < len(ids) <= 30
    assert body["edges"] and all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert {n["kind"] for n in body["nodes"]} == {"Paper", "Entity"}
    only = client.get("/graph/subgraph", params={"paper": busy_paper, "rel": "MENTIONS"}).json()
    assert {e["type"] for e in only["edges"]} == {"MENTIONS"}
    entity = next(n["id"] for n in body["nodes"] if n["kind"] == "Entity")
    around = client.get("/graph/subgraph", params={"entity": entity}).json()
    assert entity in {n["id"] for n in around["nodes"]}


@pytest.mark.parametrize(
    "path",
    [
        "/papers/no-such-paper",
        "/papers/no-such-paper/similar",
        "/papers/no-such-paper/related",
        "/papers/no-such-paper/predicted",
        "/entities/method:no such thing",
        "/entities/method:no such thing/papers",
        "/graph/subgraph?paper=no-such-paper",
        "/graph/subgraph?entity=no-such-entity",
        "/no/such/route",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/papers?limit=0",
        "/papers?limit=100000",
        "/papers?type=ALIEN",
        "/papers?cursor=not-a-cursor",
        "/papers?cursor=WyJ4IiwxXQ",
        "/papers/x/similar?k=0",
        "/search",
        "/search?q=%20%20",
        "/graph/subgraph",
        "/graph/subgraph?paper=a&entity=b",
        "/graph/subgraph?paper=a&depth=9",
        "/graph/subgraph?paper=a&rel=KNOWS",
    ],
)
def test_bad_parameters_are_422(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 422)
