"""``/graph/subgraph``: the neighbourhood of a paper or an entity, as nodes and edges."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from api import queries
from api.deps import Reader
from api.errors import ApiError, not_found
from api.pagination import read_router
from api.responses import GraphEdge, GraphNode, Subgraph
from graph.schema import RELATIONSHIP_TYPES
from graph.store import GraphStore

router = read_router("graph", prefix="/graph")


def _node(row: dict[str, Any], type_key: str = "type") -> GraphNode:
    if row["is_paper"]:
        return GraphNode(
            id=row["id"],
            kind="Paper",
            type="PAPER",
            label=row["title"] or row["id"],
            published=row.get("published"),
        )
    return GraphNode(
        id=row["id"], kind="Entity", type=row[type_key] or "ENTITY", label=row["name"] or row["id"]
    )


def expand(
    reader: GraphStore, start: GraphNode, depth: int, limit: int, rel_types: list[str]
) -> Subgraph:
    """Breadth-first, strongest edges first, until ``depth`` hops or ``limit`` nodes."""
    nodes = {start.id: start}
    edges: dict[str, GraphEdge] = {}
    frontier = [start]
    truncated = False
    for _ in range(depth):
        if not frontier or len(nodes) >= limit:
            break
        rows = reader.rows(
            queries.SUBGRAPH_HOP,
            paper_ids=[n.id for n in frontier if n.kind == "Paper"],
            entity_ids=[n.id for n in frontier if n.kind == "Entity"],
            rel_types=rel_types,
            limit=limit * 4,
        )
        frontier = []
        for row in rows:
            if None in (row["type"], row["source"], row["target"], row["id"]):
                continue  # deleted by a concurrent relink while the query ran (read committed)
            if row["id"] not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[row["id"]] = _node(row, type_key="type_")
                frontier.append(nodes[row["id"]])
            props = {k: v for k, v in (row["props"] or {}).items() if v is not None}
            edges[row["rid"]] = GraphEdge(
                id=row["rid"],
                source=row["source"],
                target=row["target"],
                type=row["type"],
                weight=float(row["weight"]),
                properties=props,
            )
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)


@router.get(
    "/subgraph", response_model=Subgraph, summary="Nodes and edges around a paper or entity"
)
def subgraph(
    reader: Reader,
    paper: Annotated[
        str | None, Query(max_length=500, description="Paper id to start from")
    ] = None,
    entity: Annotated[
        str | None, Query(max_length=500, description="Entity id to start from")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="Most nodes returned")] = 100,
    rel: Annotated[
        list[str] | None, Query(description="Relationship types to follow (default: all)")
    ] = None,
) -> Subgraph:
    if (paper is None) == (entity is None):
        raise ApiError(
            422,
            "give exactly one of `paper` or `entity`",
            detail={"paper": paper, "entity": entity},
        )
    unknown = sorted(set(rel or ()) - set(RELATIONSHIP_TYPES))
    if unknown:
        raise ApiError(
            422,
            f"unknown relationship types: {', '.join(unknown)}",
            detail={"allowed": list(RELATIONSHIP_TYPES)},
        )
    row = reader.one(
        queries.SUBGRAPH_START,
        paper_ids=[paper] if paper else [],
        entity_ids=[entity] if entity else [],
    )
    if row is None:
        raise not_found("paper" if paper else "entity", paper or entity or "")
    return expand(reader, _node(row), depth, limit, list(rel or RELATIONSHIP_TYPES))
