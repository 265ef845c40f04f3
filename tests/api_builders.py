"""Fixtures for the API tests: the seed corpus built into the test Neo4j (once per module,
reused while it is intact) and a test client over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import REPO_ROOT, Settings  # noqa: E402
from extract.records import Paper  # noqa: E402
from graph.store import GraphStore  # noqa: E402

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
# vectors are cached across runs: only the first run pays for embedding the corpus
EMBEDDING_CACHE = REPO_ROOT / "var" / "cache" / "test-embeddings.sqlite"
SEED_STATE = """
MATCH (p:Paper) WITH collect(p.id) AS ids
RETURN ids, COUNT { ()-[:MENTIONS]->() } AS mentions, COUNT { ()-[:SIMILAR_TO]->() } AS similar,
       COUNT { ()-[:SHARES_ENTITIES]->() } AS shared
"""


def seed_papers() -> list[Paper]:
    """The bundled seed corpus, read by the project's own readers."""
    from extract.readers.corpus import read_corpus

    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.fail(f"the seed corpus is missing: no *.txt in {SEEDS}", pytrace=False)
    return list(read_corpus(files).papers)


def build_seed_graph(store_config: dict[str, str]) -> list[Paper]:
    """Make the test database hold exactly the seed corpus, built by the real pipeline."""
    from extract.pipeline import Extractor
    from graph.build import GraphBuilder
    from graph.embeddings import Embedder

    papers = seed_papers()
    with GraphStore(**store_config) as store:
        state = store.read(SEED_STATE)[0]
        intact = sorted(state["ids"]) == sorted(p.id for p in papers) and all(
            state[key] > 0 for key in ("mentions", "similar", "shared")
        )
        if not intact:
            store.clear()
            embedder = Embedder(cache_path=EMBEDDING_CACHE)
            try:
                GraphBuilder(store, Extractor(), embedder).build(papers)
            finally:
                embedder.close()
    return papers


@pytest.fixture(scope="module")
def seed_graph(store_config: dict[str, str]) -> list[Paper]:
    """The seed corpus in the test Neo4j; returns its papers."""
    return build_seed_graph(store_config)


@pytest.fixture(scope="module")
def client(seed_graph: list[Paper], neo4j_settings: Settings) -> Iterator[TestClient]:
    """A test client of the API over the seed graph."""
    with TestClient(create_app(neo4j_settings)) as test_client:
        yield test_client


def assert_error(response: Any, status: int) -> dict[str, Any]:
    """The response is an error of ``status`` in the one error shape; returns its body."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "detail", "retry_after"}
    assert error["status"] == status and error["code"] and error["message"]
    return error


def walk_pages(test_client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following next_cursor to the end."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        response = test_client.get(url, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")
