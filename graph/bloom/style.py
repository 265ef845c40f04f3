"""Colours, sizes and captions of the graph's labels and relationship types.

One palette for the Bloom perspective, the Browser ``.grass`` style and the web explorer,
keyed by the names in :mod:`graph.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import schema


@dataclass(frozen=True)
class NodeStyle:
    label: str
    color: str
    size: float  # relative (1 = default)
    caption: str  # property shown on the node
    properties: tuple[str, ...]  # shown in tooltips / inspectors


@dataclass(frozen=True)
class RelationshipStyle:
    type: str
    color: str
    width: float  # relative shaft width
    weight_property: str | None  # property that scales the edge, when any


_PAPER_PROPERTIES = ("title", "year", "venue", "authors", "doi", "url", "id")
_ENTITY_PROPERTIES = ("name", "type", "aliases", "paper_count", "id")
TYPE_COLORS = {
    "MODEL": "#F28E2B",
    "DATASET": "#59A14F",
    "METHOD": "#E15759",
    "TASK": "#B07AA1",
    "METRIC": "#EDC948",
}
NODE_STYLES: tuple[NodeStyle, ...] = (
    NodeStyle(schema.PAPER, "#4E79A7", 1.4, "title", _PAPER_PROPERTIES),
    *(
        NodeStyle(label, TYPE_COLORS[entity_type], 1.0, "name", _ENTITY_PROPERTIES)
        for entity_type, label in schema.TYPE_LABELS.items()
    ),
    NodeStyle(schema.ENTITY, "#A5ABB6", 1.0, "name", _ENTITY_PROPERTIES),
    NodeStyle(schema.AUTHOR, "#17BECF", 1.1, "name", ("name", "id", "ids")),
    NodeStyle(schema.VENUE, "#8C564B", 1.2, "name", ("name", "id")),
)
# the scholarly labels and types keyed as the explorer names them
SCHOLARLY_NODE_TYPES = {"AUTHOR": schema.AUTHOR, "VENUE": schema.VENUE}
RELATIONSHIP_STYLES: tuple[RelationshipStyle, ...] = (
    RelationshipStyle(schema.MENTIONS, "#B8BDC6", 1.0, "count"),
    RelationshipStyle(schema.SHARES_ENTITIES, "#76B7B2", 2.0, "weight"),
    RelationshipStyle(schema.SIMILAR_TO, "#9C755F", 2.0, "score"),
    RelationshipStyle(schema.CITES, "#333333", 1.5, None),
    RelationshipStyle(schema.PREDICTED_LINK, "#FF9DA7", 2.0, "score"),
    RelationshipStyle(schema.AUTHORED, "#9EDAE5", 1.0, "position"),
    RelationshipStyle(schema.PUBLISHED_IN, "#C49C94", 1.0, None),
)


def explorer_palette() -> dict[str, dict[str, str]]:
    """Colours by node type (``PAPER`` or an entity type) and by relationship type."""
    by_label = {style.label: style.color for style in NODE_STYLES}
    nodes = {"PAPER": by_label[schema.PAPER], **TYPE_COLORS, "ENTITY": by_label[schema.ENTITY]}
    nodes.update({key: by_label[label] for key, label in SCHOLARLY_NODE_TYPES.items()})
    edges = {style.type: style.color for style in RELATIONSHIP_STYLES}
    return {"nodes": nodes, "edges": edges}
