"""Export the graph for Gephi and other tools: GraphML and GEXF (via networkx), or JSONL.

Nodes are papers (stubs included), entities, authors and venues, keyed by their ids (entity
ids carry their type, e.g. ``method:bert``); a node's ``kind`` is its main label and its
``label`` attribute its display name (a paper's title, else its id). GraphML and GEXF hold
only scalar attributes, so lists are joined with "; " and paper embeddings are left out.
JSONL keeps everything but embeddings: one ``{"kind": "node", ...}`` or
``{"kind": "edge", ...}`` object per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph import queries
from graph.schema import AUTHOR, ENTITY, PAPER, PAPER_EMBEDDING, PAPER_GNN_EMBEDDING, VENUE
from graph.store import GraphStore

ExportFormat = Literal["graphml", "gexf", "jsonl"]
FORMATS: tuple[ExportFormat, ...] = ("graphml", "gexf", "jsonl")
_LEFT_OUT = {
    PAPER_EMBEDDING,
    PAPER_GNN_EMBEDDING,
    "content_hash",
    "text_hash",
    "reference_details",
    "extracted_hash",
    "embedding_hash",
    "shared_dirty",
    "similar_dirty",
    "dirty",
}


def _public(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in sorted(props.items()) if key not in _LEFT_OUT}


def _scalar(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return value


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Papers and entities as nodes, every relationship between them as an edge."""
    graph = nx.MultiDiGraph()
    for row in store.read(queries.EXPORT_NODES):
        props = {k: _scalar(v) for k, v in _public(row["props"]).items() if v is not None}
        kind = next((k for k in (PAPER, AUTHOR, VENUE) if k in row["labels"]), ENTITY)
        label = props.get("title") if kind == PAPER else props.get("name")
        graph.add_node(
            row["props"]["id"],
            kind=kind,
            labels=":".join(sorted(row["labels"])),
            label=label or row["props"]["id"],
            **props,
        )
    for row in store.read(queries.EXPORT_RELATIONSHIPS):
        props = {k: _scalar(v) for k, v in _public(row["props"]).items() if v is not None}
        graph.add_edge(
            row["source"],
            row["target"],
            key=f"{row['type']}:{row['source']}->{row['target']}",
            type=row["type"],
            **props,
        )
    return graph


def write_jsonl(store: GraphStore, path: Path) -> tuple[int, int]:
    """Write nodes then edges as JSON lines; return (nodes, edges)."""
    nodes = edges = 0
    with path.open("w", encoding="utf-8") as out:
        for row in store.read(queries.EXPORT_NODES):
            record = {
                "kind": "node",
                "id": row["props"]["id"],
                "labels": sorted(row["labels"]),
                "properties": _public(row["props"]),
            }
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            nodes += 1
        for row in store.read(queries.EXPORT_RELATIONSHIPS):
            record = {
                "kind": "edge",
                "type": row["type"],
                "source": row["source"],
                "target": row["target"],
                "properties": _public(row["props"]),
            }
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            edges += 1
    return nodes, edges


def export_graph(store: GraphStore, path: Path, fmt: ExportFormat) -> tuple[int, int]:
    """Write the graph to ``path`` in ``fmt``; return (nodes, edges) written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return write_jsonl(store, path)
    graph = to_networkx(store)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return graph.number_of_nodes(), graph.number_of_edges()
