"""Counts of what is in the graph, and the most mentioned entities of each type."""

from __future__ import annotations

from pydantic import BaseModel

from extract.records import ENTITY_TYPES
from graph import queries
from graph.store import GraphStore


class GraphCounts(BaseModel):
    """Papers (stubs apart), entities per type, relationships per type."""

    papers: int
    papers_with_embedding: int = 0
    stubs: int = 0  # papers known only as the target of a reference
    authors: int = 0
    venues: int = 0
    entities: dict[str, int]
    links: dict[str, int]


class TopEntity(BaseModel):
    id: str
    name: str
    papers: int


def graph_counts(store: GraphStore) -> GraphCounts:
    """Count papers, entities per type and relationships per type."""
    papers = store.read(queries.COUNT_PAPERS)[0]
    entities: dict[str, int] = {kind: 0 for kind in ENTITY_TYPES}
    entities.update((r["type"], r["n"]) for r in store.read(queries.COUNT_ENTITIES_BY_TYPE))
    links = {r["type"]: r["n"] for r in store.read(queries.COUNT_RELATIONSHIPS_BY_TYPE)}
    return GraphCounts(
        papers=papers["n"],
        papers_with_embedding=papers["embedded"],
        stubs=store.read(queries.COUNT_STUBS)[0]["n"],
        authors=store.read(queries.COUNT_AUTHORS)[0]["n"],
        venues=store.read(queries.COUNT_VENUES)[0]["n"],
        entities=entities,
        links=links,
    )


def top_entities(store: GraphStore, limit: int = 10) -> dict[str, list[TopEntity]]:
    """The ``limit`` entities of each type mentioned by the most papers."""
    return {
        kind: [TopEntity(**row) for row in store.read(queries.TOP_ENTITIES, type=kind, limit=limit)]
        for kind in ENTITY_TYPES
    }
