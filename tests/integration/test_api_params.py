"""Query-parameter edges: entity types in any case; unknown parameters named in the 422."""

from __future__ import annotations

import pytest
from api_builders import assert_error, walk_pages
from fastapi.testclient import TestClient

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client


@pytest.mark.parametrize("spelling", ["dataset", "Dataset", " DATASET "])
def test_entity_types_are_accepted_in_any_case(client: TestClient, spelling: str) -> None:
    canonical = walk_pages(client, "/entities", type="DATASET", limit=200)
    assert canonical and {item["type"] for item in canonical} == {"DATASET"}
    assert walk_pages(client, "/entities", type=spelling, limit=200) == canonical
    papers = walk_pages(client, "/papers", type="DATASET", limit=200)
    assert walk_pages(client, "/papers", type=spelling, limit=200) == papers


@pytest.mark.parametrize(
    ("path", "unknown", "accepted"),
    [
        ("/papers?limt=5", ["limt"], "limit"),
        ("/entities?kind=MODEL&typ=x", ["kind", "typ"], "type"),
        ("/search?q=graph&top=3", ["top"], "k"),
        ("/graph/subgraph?paper=a&depht=2", ["depht"], "depth"),
    ],
)
def test_unknown_query_parameters_are_named_in_the_422(
    client: TestClient, path: str, unknown: list[str], accepted: str
) -> None:
    error = assert_error(client.get(path), 422)
    assert error["code"] == "unknown_parameter"
    assert all(name in error["message"] for name in unknown)
    assert error["detail"]["unknown"] == unknown
    assert accepted in error["detail"]["accepted"]


def test_known_parameters_still_pass(client: TestClient) -> None:
    assert client.get("/papers?limit=2&type=model").status_code == 200
