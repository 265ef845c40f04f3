"""The Bloom perspective and Browser style: generated from the schema constants, up to date,
and naming only labels and relationship types that the pipeline writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.cypher_guard import check_read_only
from graph import schema
from graph.bloom import generate
from graph.store import GraphStore

pytest_plugins = ["api_builders"]  # seed_graph

# made by stages the seed corpus does not exercise: citations need references, predictions training
NOT_IN_SEED_GRAPH = {schema.CITES, schema.PREDICTED_LINK}


def _perspective() -> dict[str, Any]:
    return json.loads(generate.PERSPECTIVE_FILE.read_text())


def test_committed_files_match_the_generator() -> None:
    assert _perspective() == json.loads(json.dumps(generate.perspective()))
    assert generate.GRASS_FILE.read_text() == generate.grass()


def test_perspective_covers_the_schema() -> None:
    perspective = _perspective()
    labels = {label for category in perspective["categories"] for label in category["labels"]}
    assert labels == {schema.PAPER, schema.ENTITY, *schema.TYPE_LABELS.values()}
    assert {r["name"] for r in perspective["relationshipTypes"]} == set(schema.RELATIONSHIP_TYPES)
    for category in perspective["categories"]:
        assert (
            category["color"].startswith("#") and category["size"] > 0 and category["captionKeys"]
        )
    phrases = {t["text"] for t in perspective["templates"]}
    assert {"papers using $dataset", "papers similar to $title", "methods for $task"} <= phrases
    grass = generate.GRASS_FILE.read_text()
    assert all(f"node.{label} {{" in grass for label in labels)
    assert all(f"relationship.{kind} {{" in grass for kind in schema.RELATIONSHIP_TYPES)


@pytest.mark.neo4j
@pytest.mark.slow
def test_names_exist_in_the_seed_graph_and_phrases_run(
    seed_graph: list[Any], store_config: dict[str, str]
) -> None:
    perspective = _perspective()
    with GraphStore(**store_config) as store:
        labels = {row["label"] for row in store.read("CALL db.labels() YIELD label RETURN label")}
        used = {
            row["type"] for row in store.read("MATCH ()-[r]->() RETURN DISTINCT type(r) AS type")
        }
        for category in perspective["categories"]:
            assert set(category["labels"]) <= labels
        kinds = {r["name"] for r in perspective["relationshipTypes"]}
        assert kinds - NOT_IN_SEED_GRAPH <= used
        samples = {
            row["label"]: row["value"]
            for row in store.read(
                "MATCH (n) WHERE n.name IS NOT NULL OR n.title IS NOT NULL "
                "WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, "
                "coalesce(n.name, n.title) AS value "
                "RETURN label, min(value) AS value"
            )
        }
        hits = 0
        for template in perspective["templates"]:
            check_read_only(template["cypher"])
            params = {
                p["name"].lstrip("$"): samples[p["suggestionLabel"]] for p in template["params"]
            }
            hits += bool(store.read(template["cypher"], **params))
        assert hits >= 3
