"""The start-up warm-up plans exactly the queries a shared explorer link sends (real Neo4j)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.warmup import warm_up, warm_up_in_background
from extract.records import Paper
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client

Sent = set[tuple[str, frozenset[str]]]


@pytest.fixture()
def sent(monkeypatch: pytest.MonkeyPatch) -> Sent:
    """Every (query text, parameter names) read through ``GraphStore.rows`` from now on; the
    reads still go to the real server."""
    seen: Sent = set()
    rows = GraphStore.rows

    def recording(self: GraphStore, query: str, **params: Any) -> list[dict[str, Any]]:
        seen.add((query, frozenset(params)))
        return rows(self, query, **params)

    monkeypatch.setattr(GraphStore, "rows", recording)
    return seen


def test_warm_up_plans_every_query_of_a_shared_paper_and_entity_link(
    client: TestClient, store_config: dict[str, str], seed_graph: list[Paper], sent: Sent
) -> None:
    with GraphStore(**store_config) as store:
        warmed_names = warm_up(store)
    warmed = set(sent)
    assert "paper detail" in warmed_names and "entity detail" in warmed_names
    sent.clear()
    paper = seed_graph[0].id
    entity = client.get(f"/papers/{paper}").json()["entities"][0]["id"]
    for path in (  # what the explorer asks for "#paper=ID" and "#entity=ID"
        f"/graph/subgraph?paper={paper}&depth=1&limit=40",
        f"/papers/{paper}",
        f"/papers/{paper}/citations?limit=20",
        f"/papers/{paper}/references?limit=20",
        f"/graph/subgraph?entity={entity}&depth=1&limit=40",
        f"/entities/{entity}",
    ):
        assert client.get(path).status_code == 200, path
    assert sent, "the routes read nothing through GraphStore.rows"
    assert sent <= warmed, sorted(query for query, _ in sent - warmed)


def test_warm_up_of_an_empty_graph_or_an_absent_server_never_raises(
    empty_db: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with GraphStore(**empty_db) as store:
        assert warm_up(store) == []
    caplog.set_level("INFO", logger="api.warmup")
    absent = GraphStore("bolt://127.0.0.1:9", "neo4j", "nothing-listens-here", retry_seconds=1)
    try:
        warm_up_in_background(absent).join(timeout=60)
    finally:
        absent.close()
    assert "query warm-up skipped" in caplog.text
