"""The API outlives Neo4j: 503 with a retry hint while it is down, normal answers once it is
back, without restarting the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_builders import assert_error
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.server import LocalNeo4j, free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
PASSWORD = "recovery-test-pw"


def test_api_reports_503_while_neo4j_is_down_and_recovers(tmp_path: Path) -> None:
    port = free_port()
    server = LocalNeo4j(
        tmp_path / "neo4j", port=port, password=PASSWORD, heap="512m", pagecache="64m"
    )
    server.start(timeout=240)
    try:
        settings = Settings(neo4j_uri=server.uri, neo4j_password=PASSWORD)
        with TestClient(create_app(settings)) as client:
            assert client.get("/health").status_code == 200
            assert client.get("/papers").json()["items"] == []

            server.stop()
            for path in ("/health", "/papers", "/entities/x"):
                response = client.get(path)
                error = assert_error(response, 503)
                assert int(response.headers["Retry-After"]) == error["retry_after"] > 0

            server.start(timeout=240)
            assert client.get("/health").json()["neo4j"] == "ok"
            assert client.get("/papers").status_code == 200
            assert_error(client.get("/papers/x"), 404)
    finally:
        server.stop()
