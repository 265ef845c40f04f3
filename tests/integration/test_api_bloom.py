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
NOT_IN_SEED_GRAPH = {schema.CITES, schema.PREDICTED_LINK, schema.AUTHORED, schema.PUBLISHED_IN}
SCHOLARLY_LABELS = {schema.AUTHOR, schema.VENUE}  # the seed pages name no authors or venues
SCHOLARLY_TYPES = {schema.AUTHORED, schema.PUBLISHED_IN}


def _perspective() -> dict[str, Any]:
    return json.loads(generate.PERSPECTIVE_FILE.read_text())


def test_committed_files_match_the_generator() -> None:
    assert _perspective() == json.loads(json.dumps(generate.perspective()))
    assert generate.GRASS_FILE.read_text() == generate.grass()


def test_perspective_covers_the_schema() -> None:
    perspective = _perspective()
    labels = {label for category in perspective["categories"] for label in category["labels"]}
    assert labels == {schema.PAPER, schema.ENTITY, *schema.TYPE_LABELS.values(), *SCHOLARLY_LABELS}
    kinds = {r["name"] for r in perspective["relationshipTypes"]}
    assert kinds == {*schema.RELATIONSHIP_TYPES, *SCHOLARLY_TYPES}
    for category in perspective["categories"]:
        assert (
            category["color"].startswith("#") and category["size"] > 0 and category["captionKeys"]
        )
    phrases = {t["text"] for t in perspective["templates"]}
    assert {"papers using $dataset", "papers similar to $title", "methods for $task"} <= phrases
    assert {"papers by $author", "$method over time", "who cites $title"} <= phrases
    grass = generate.GRASS_FILE.read_text()
    assert all(f"node.{label} {{" in grass for label in labels)
    assert all(f"relationship.{kind} {{" in grass for kind in kinds)


def test_authors_and_venues_have_their_own_colour_and_caption() -> None:
    categories = {c["name"]: c for c in _perspective()["categories"]}
    colours = [c["color"] for c in categories.values()]
    assert len(set(colours)) == len(colours)
    for label in SCHOLARLY_LABELS:
        assert categories[label]["captionKeys"] == ["name"]
        assert f'node.{label} {{\n  color: {categories[label]["color"]};' in generate.grass()
    palette = json.loads(generate.EXPLORER_PALETTE_FILE.read_text())
    assert palette["nodes"]["AUTHOR"] == categories[schema.AUTHOR]["color"]
    assert palette["nodes"]["VENUE"] == categories[schema.VENUE]["color"]


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
            assert set(category["labels"]) - SCHOLARLY_LABELS <= labels
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
            if any(p["suggestionLabel"] not in samples for p in template["params"]):
                continue  # a scholarly label the seed pages do not have (see the next test)
            params = {
                p["name"].lstrip("$"): samples[p["suggestionLabel"]] for p in template["params"]
            }
            hits += bool(store.read(template["cypher"], **params))
        assert hits >= 3
