"""Shared fixtures. Graph tests talk to a real Neo4j: the bundled local server, started once per
test run on a free port with its own data dir, so a user's database is never touched.
Set CITEGRAPH_TEST_NEO4J_URI to run them against another (disposable!) server instead."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from api.settings import Settings
from graph.server import LocalNeo4j, ServerError, free_port

TEST_PASSWORD = "citegraph-test-pw"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at a Neo4j for this test run. Fails (never skips) if it cannot start."""
    data_dir = tmp_path_factory.mktemp("citegraph-data")
    external = os.environ.get("CITEGRAPH_TEST_NEO4J_URI")
    if external:
        yield Settings(
            neo4j_uri=external,
            neo4j_user=os.environ.get("CITEGRAPH_TEST_NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("CITEGRAPH_TEST_NEO4J_PASSWORD", TEST_PASSWORD),
            data_dir=data_dir,
        )
        return
    port = free_port()
    server = LocalNeo4j(data_dir / "neo4j", port=port, password=TEST_PASSWORD, heap="768m",
                        pagecache="256m")
    try:
        server.start(timeout=240)
    except ServerError as exc:
        pytest.fail(f"the test Neo4j could not start: {exc}", pytrace=False)
    try:
        yield Settings(neo4j_uri=server.uri, neo4j_password=TEST_PASSWORD, data_dir=data_dir,
                       bolt_port=port)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def store_config(neo4j_settings: Settings) -> dict[str, str]:
    """Connection arguments for GraphStore and the driver."""
    return {
        "uri": neo4j_settings.bolt_uri,
        "user": neo4j_settings.neo4j_user,
        "password": neo4j_settings.neo4j_password,
        "database": neo4j_settings.neo4j_database,
    }


@pytest.fixture()
def empty_db(store_config: dict[str, str]) -> dict[str, str]:
    """The test database with every node and relationship deleted (schema is kept)."""
    with GraphDatabase.driver(store_config["uri"],
                              auth=(store_config["user"], store_config["password"])) as driver:
        with driver.session(database=store_config["database"]) as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
    return store_config


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data folder beside the repository."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not present")
    return SHARED


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where embedding models made from the packaged weights (ONNX exports, the distilled static
    model) are kept for this run: made once per session. CITEGRAPH_TEST_MODEL_CACHE names a
    directory that keeps them between runs instead."""
    kept = os.environ.get("CITEGRAPH_TEST_MODEL_CACHE")
    return Path(kept) if kept else tmp_path_factory.mktemp("model-cache")
