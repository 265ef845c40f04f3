"""The scholarly routes on a small graph with years, authors, venues, citations and stubs:
answers, 404 for unknown ids, 422 for bad parameters, and pagination to the end."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from api_builders import assert_error, walk_pages
from fastapi.testclient import TestClient
from scholarly_graph_builders import author_id, build_scholarly_graph

from api.app import create_app
from api.settings import Settings
from extract.canonical import entity_id
from graph.gnn.export import write_back
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
ADA = author_id("Ada Lovelace")
CONTRASTIVE = entity_id("METHOD", "contrastive learning")


@pytest.fixture(scope="module")
def client(store_config: dict[str, str], neo4j_settings: Settings) -> Iterator[TestClient]:
    with GraphStore(**store_config) as store:
        store.clear()
        build_scholarly_graph(store)
    with TestClient(create_app(neo4j_settings)) as test_client:
        yield test_client


def test_authors_most_papers_first_and_searchable(client: TestClient) -> None:
    first = client.get("/authors").json()["items"]
    assert (first[0]["id"], first[0]["name"], first[0]["paper_count"]) == (ADA, "Ada Lovelace", 4)
    assert [a["paper_count"] for a in first] == sorted(
        (a["paper_count"] for a in first), reverse=True
    )
    found = client.get("/authors", params={"q": "STONE"}).json()["items"]
    assert {a["name"] for a in found} == {"Bob Stone", "Eve Stone"}
    paged = walk_pages(client, "/authors", limit=2)
    assert [a["id"] for a in paged] == [a["id"] for a in first] and len(paged) == 5


def test_author_detail(client: TestClient) -> None:
    ada = client.get(f"/authors/{ADA}").json()
    assert [p["id"] for p in ada["papers"]] == ["s07", "s04", "s02", "s01"]
    assert [p["position"] for p in ada["papers"]] == [0, 0, 0, 0]
    assert ada["papers"][1]["authors"] == ["Ada Lovelace", "Dee Park"]
    assert {(c["name"], c["papers"]) for c in ada["co_authors"]} == {
        ("Bob Stone", 1),
        ("Cy Young", 1),
        ("Dee Park", 1),
    }
    top = {e["name"]: e["papers"] for e in ada["top_entities"]}
    assert top["question answering"] == 4 and top["contrastive learning"] == 2
    assert client.get(f"/authors/{ADA}", params={"limit": 1}).json()["papers"][0]["id"] == "s07"


def test_venue_detail_and_list(client: TestClient) -> None:
    acl = client.get("/venues/venue:acl").json()
    assert acl["name"] == "ACL" and acl["paper_count"] == 4
    assert [p["id"] for p in acl["papers"]] == ["s07", "s05", "s02", "s01"]
    assert acl["per_year"] == [{"year": y, "papers": 1} for y in (2018, 2019, 2022, 2023)]
    assert acl["top_authors"][0] == {"id": ADA, "name": "Ada Lovelace", "papers": 3}
    venues = walk_pages(client, "/venues", limit=1)
    assert [v["id"] for v in venues] == ["venue:acl", "venue:neurips", "venue:cvpr"]


def test_citations_and_references_mark_stubs(client: TestClient) -> None:
    cited_by = client.get("/papers/s01/citations").json()
    assert cited_by["total"] == 3 and [p["id"] for p in cited_by["items"]] == ["s07", "s03", "s02"]
    assert [p["id"] for p in walk_pages(client, "/papers/s01/citations", limit=1)] == [
        "s07",
        "s03",
        "s02",
    ]
    refs = client.get("/papers/s04/references").json()
    assert [(p["id"], p["stub"]) for p in refs["items"]] == [
        ("s03", False),
        ("s02", False),
        ("stub:attention", True),
    ]
    stub = client.get("/papers/stub:attention/citations").json()
    assert stub["total"] == 2 and {p["id"] for p in stub["items"]} == {"s03", "s04"}
    assert client.get("/papers/s06/citations").json() == {
        "id": "s06",
        "total": 0,
        "items": [],
        "next_cursor": None,
    }


def test_entity_trend_counts_papers_per_year(client: TestClient) -> None:
    trend = client.get(f"/entities/{CONTRASTIVE}/trend").json()
    assert [(y["year"], y["papers"]) for y in trend["years"]] == [
        (2020, 1),
        (2021, 1),
        (2022, 1),
        (2023, 1),
    ]
    assert trend["years"][2]["share"] == 0.5  # s05 of s05, s06 in 2022
    narrowed = client.get(f"/entities/{CONTRASTIVE}/trend", params={"since": 2022}).json()
    assert [y["year"] for y in narrowed["years"]] == [2022, 2023]


def test_trends_rank_rising_methods_on_a_task(client: TestClient) -> None:
    params = {"type": "method", "task": "Question Answering", "since": 2021, "min_papers": 1}
    body = client.get("/trends", params=params).json()
    assert (body["task"], body["recent_total"], body["earlier_total"]) == (
        entity_id("TASK", "question answering"),
        3,
        3,
    )
    top = body["items"][0]
    assert (top["name"], top["recent_papers"], top["earlier_papers"]) == (
        "contrastive learning",
        3,
        1,
    )
    assert top["growth"] == pytest.approx(1 - 1 / 3)
    assert {e["type"] for e in body["items"]} == {"METHOD"}
    paged = walk_pages(client, "/trends", limit=1, **params)
    assert [e["id"] for e in paged] == [e["id"] for e in body["items"]]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/authors/name:nobody", 404),
        ("/venues/venue:nowhere", 404),
        ("/papers/nope/citations", 404),
        ("/papers/nope/references", 404),
        ("/entities/method:nothing/trend", 404),
        ("/trends?task=no%20such%20task", 404),
        ("/authors?limit=0", 422),
        ("/authors?cursor=not-a-cursor", 422),
        ("/papers/s01/citations?limit=1000", 422),
        ("/papers/s01/references?cursor=xyz", 422),
        ("/trends?type=NOPE", 422),
        ("/trends?since=99", 422),
        ("/trends?since=2022&until=2020", 422),
        (f"/entities/{CONTRASTIVE}/trend?since=2023&until=2020", 422),
        ("/venues/venue:acl?k=0", 422),
        ("/authors?limt=5", 422),
        ("/papers/s01/citations?page=2", 422),
    ],
)
def test_errors_have_the_one_shape(client: TestClient, url: str, status: int) -> None:
    assert_error(client.get(url), status)


def test_recommendations_return_the_planted_neighbour(client: TestClient) -> None:
    body = client.post("/recommendations", json={"positive_paper_ids": ["s01"]}).json()
    assert body["signals"] == ["text"]
    ids = [r["id"] for r in body["items"]]
    assert ids[:2] == ["s02", "s07"] and "s01" not in ids and "stub:attention" not in ids
    best = body["items"][0]
    assert {(r["kind"], r["paper"]) for r in best["reasons"]} == {("text", "s01"), ("cites", "s01")}
    assert best["text_score"] > 0.9


def test_negative_papers_push_their_neighbours_down(client: TestClient) -> None:
    plain = client.post("/recommendations", json={"positivePaperIds": ["s01"]}).json()["items"]
    body = {"positivePaperIds": ["s01"], "negativePaperIds": ["s06"]}
    pushed = client.post("/recommendations", params={"limit": 3}, json=body).json()["items"]
    assert len(pushed) == 3 and "s06" not in [r["id"] for r in pushed]
    before = next(r for r in plain if r["id"] == "s07")
    after = next(r for r in pushed if r["id"] == "s07")
    assert after["score"] < before["score"] - 0.2
    assert ("unlike", "s06") in {(r["kind"], r["paper"]) for r in after["reasons"]}


@pytest.mark.parametrize(
    ("body", "params", "status"),
    [
        ({"positive_paper_ids": ["s01", "nope"]}, {}, 404),
        ({"positive_paper_ids": ["s01"], "negative_paper_ids": ["gone"]}, {}, 404),
        ({"positive_paper_ids": []}, {}, 422),
        ({}, {}, 422),
        ({"positive_paper_ids": ["s01"], "colour": "red"}, {}, 422),
        ({"positive_paper_ids": ["s01"]}, {"limit": 0}, 422),
    ],
)
def test_recommendation_errors(client: TestClient, body: dict, params: dict, status: int) -> None:
    error = assert_error(client.post("/recommendations", json=body, params=params), status)
    if status == 404:
        assert error["detail"]["ids"] in (["nope"], ["gone"])


def test_gnn_embeddings_join_once_trained(client: TestClient, store_config: dict[str, str]) -> None:
    # runs last: writes GNN embeddings (as `citegraph train` does) where s03 is s01's neighbour
    ids = [f"s0{i}" for i in range(1, 8)]
    vectors = np.eye(len(ids), 16, dtype=np.float32)
    vectors[2] = vectors[0] + 0.1 * vectors[2]
    with GraphStore(**store_config) as store:
        write_back(store, ids, vectors, [], "gnn", target="paper/cites/paper")
    body = client.post("/recommendations", json={"positive_paper_ids": ["s01"]}).json()
    assert body["signals"] == ["text", "gnn"]
    s03 = next(r for r in body["items"] if r["id"] == "s03")
    assert s03["gnn_score"] > 0.99
    assert ("gnn", "s01") in {(r["kind"], r["paper"]) for r in s03["reasons"]}
    # s02 (text neighbour) and s03 (GNN neighbour) each score about half: the signals average
    assert {r["id"] for r in body["items"][:2]} == {"s02", "s03"}
