"""Neo4j values as JSON: nodes, relationships and paths as tagged objects, the rest as
plain JSON (temporal values as ISO strings, points as maps, bytes as base64)."""

from __future__ import annotations

import base64
import math
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point


def node_json(node: Node) -> dict[str, Any]:
    """A node as ``{"kind": "node", "element_id", "labels", "properties"}``."""
    return {
        "kind": "node",
        "element_id": node.element_id,
        "labels": sorted(node.labels),
        "properties": {k: to_json(v) for k, v in node.items()},
    }


def relationship_json(rel: Relationship) -> dict[str, Any]:
    """A relationship with the element ids of its start and end nodes."""
    return {
        "kind": "relationship",
        "element_id": rel.element_id,
        "type": rel.type,
        "start": rel.start_node.element_id if rel.start_node is not None else None,
        "end": rel.end_node.element_id if rel.end_node is not None else None,
        "properties": {k: to_json(v) for k, v in rel.items()},
    }


def path_json(path: Path) -> dict[str, Any]:
    """A path as its nodes and relationships in order."""
    return {
        "kind": "path",
        "nodes": [node_json(n) for n in path.nodes],
        "relationships": [relationship_json(r) for r in path.relationships],
    }


def to_json(value: Any) -> Any:
    """Any value a Cypher query can return, as JSON-compatible data."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return node_json(value)
    if isinstance(value, Relationship):
        return relationship_json(value)
    if isinstance(value, Path):
        return path_json(value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    if hasattr(value, "iso_format"):  # neo4j.time Date/Time/DateTime
        return value.iso_format()
    return str(value)  # Duration and anything newer
