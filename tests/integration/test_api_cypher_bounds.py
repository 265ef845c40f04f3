"""POST /cypher under abuse: every query answers within its timeout + 2 s, the server keeps
serving, at most ``cypher_max_concurrent`` run at once (429 beyond), results are capped in
rows and bytes, and Neo4j's transaction memory limit answers a clear 4xx."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from api_builders import assert_error
from fastapi.testclient import TestClient

from api.app import create_app
from api.cypher_runner import RUNAWAY_QUERIES, uninterruptible_query
from api.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph

TIMEOUT_S = 2.0
# the last one outlasts the 2 s timeout even on a fast machine; it ends by itself later
PATHOLOGICAL = [*RUNAWAY_QUERIES, uninterruptible_query(100_000)]


def _client(settings: Settings, **update: Any) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=update)))


@pytest.fixture(scope="module")
def bounded(seed_graph: list[Any], neo4j_settings: Settings) -> Iterator[TestClient]:
    with _client(neo4j_settings, cypher_timeout_s=TIMEOUT_S, cypher_max_concurrent=8) as client:
        yield client


def _post(client: TestClient, query: str, **params: Any) -> tuple[Any, float]:
    started = time.monotonic()
    response = client.post("/cypher", json={"query": query, "params": params})
    return response, time.monotonic() - started


@pytest.mark.parametrize("query", PATHOLOGICAL)
def test_pathological_query_is_cut_off_and_the_next_one_succeeds(
    bounded: TestClient, query: str
) -> None:
    response, seconds = _post(bounded, query)
    assert seconds < TIMEOUT_S + 2, (query, seconds, response.text)
    if response.status_code != 200:  # a cheap enough answer may come back in time
        error = assert_error(response, response.status_code)
        assert error["code"] in {"cypher_timeout", "cypher_memory_limit"}, error
    following, _ = _post(bounded, "MATCH (p:Paper) RETURN count(p) AS papers")
    assert following.status_code == 200 and following.json()["rows"][0][0] > 0


def test_the_deadline_holds_even_when_neo4j_cannot_stop_the_query(bounded: TestClient) -> None:
    response, seconds = _post(bounded, PATHOLOGICAL[-1])
    error = assert_error(response, 408)
    assert error["code"] == "cypher_timeout" and seconds < TIMEOUT_S + 2


def test_a_query_over_the_transaction_memory_limit_is_a_clear_400(
    seed_graph: list[Any], neo4j_settings: Settings
) -> None:
    query = "UNWIND range(1, 100000) AS x RETURN size(collect($pad + x)) AS n"
    with _client(neo4j_settings, cypher_timeout_s=30.0) as client:
        response, _ = _post(client, query, pad="x" * 4000)
        error = assert_error(response, 400)
        assert error["code"] == "cypher_memory_limit"
        assert "db.memory.transaction.max" in error["detail"]
        assert _post(client, "RETURN 1 AS one")[0].json()["rows"] == [[1]]


def test_beyond_the_concurrency_cap_requests_get_429_with_retry_after(
    seed_graph: list[Any], neo4j_settings: Settings
) -> None:
    slow = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*)"
    with _client(neo4j_settings, cypher_timeout_s=TIMEOUT_S, cypher_max_concurrent=2) as client:
        statuses: list[int] = []
        busy = [threading.Thread(target=lambda: statuses.append(_post(client, slow)[0].status_code))
                for _ in range(2)]
        for thread in busy:
            thread.start()
        runner = client.app.state.cypher_runner  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30  # both requests reach the runner (a loaded machine)
        while runner.running < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        refused = client.post("/cypher", json={"query": "RETURN 1"})
        error = assert_error(refused, 429)
        assert error["code"] == "cypher_busy" and refused.headers["Retry-After"] == "1"
        for thread in busy:
            thread.join()
        assert statuses == [408, 408]
        deadline = time.monotonic() + 30
        while runner.running and time.monotonic() < deadline:  # Neo4j lets go
            time.sleep(0.05)
        assert client.post("/cypher", json={"query": "RETURN 1"}).status_code == 200


def test_results_are_capped_in_bytes_as_well_as_rows(
    seed_graph: list[Any], neo4j_settings: Settings
) -> None:
    query = "UNWIND range(1, 500) AS x RETURN x, $pad AS pad"
    with _client(neo4j_settings, cypher_max_bytes=50_000) as client:
        body = _post(client, query, pad="y" * 1000)[0].json()
        assert body["truncated"] is True and body["truncated_by"] == "bytes"
        assert 40 <= body["row_count"] < 50
        rows = _post(client, "UNWIND range(1, 5000) AS x RETURN x")[0].json()
        assert rows["truncated_by"] == "rows" and rows["row_count"] == 1000
        small = _post(client, "UNWIND range(1, 5) AS x RETURN x")[0].json()
        assert small["truncated"] is False and small["truncated_by"] is None
