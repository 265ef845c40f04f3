"""Bloom search phrases: natural-language patterns mapped to parameterised Cypher."""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import (
    MENTIONS,
    PAPER,
    PREDICTED_LINK,
    SHARES_ENTITIES,
    SIMILAR_TO,
    TYPE_LABELS,
)

DATASET, METHOD, MODEL, TASK, METRIC = (
    TYPE_LABELS[t] for t in ("DATASET", "METHOD", "MODEL", "TASK", "METRIC")
)


@dataclass(frozen=True)
class SearchPhrase:
    text: str  # what the user types; $name marks a parameter
    description: str
    cypher: str
    params: tuple[tuple[str, str, str], ...]  # (name, suggestion label, suggestion property)


SEARCH_PHRASES: tuple[SearchPhrase, ...] = (
    SearchPhrase(
        "papers using $dataset",
        "Papers that mention a dataset",
        f"MATCH (p:{PAPER})-[m:{MENTIONS}]->(d:{DATASET}) WHERE d.name = $dataset RETURN p, m, d",
        (("dataset", DATASET, "name"),),
    ),
    SearchPhrase(
        "papers similar to $title",
        "Nearest papers by abstract embedding",
        f"MATCH (p:{PAPER})-[s:{SIMILAR_TO}]-(q:{PAPER}) WHERE p.title = $title RETURN p, s, q",
        (("title", PAPER, "title"),),
    ),
    SearchPhrase(
        "methods for $task",
        "Methods mentioned by papers about a task",
        f"MATCH (t:{TASK})<-[a:{MENTIONS}]-(p:{PAPER})-[b:{MENTIONS}]->(m:{METHOD}) "
        "WHERE t.name = $task RETURN t, a, p, b, m",
        (("task", TASK, "name"),),
    ),
    SearchPhrase(
        "papers mentioning $model",
        "Papers that mention a model",
        f"MATCH (p:{PAPER})-[m:{MENTIONS}]->(x:{MODEL}) WHERE x.name = $model RETURN p, m, x",
        (("model", MODEL, "name"),),
    ),
    SearchPhrase(
        "papers evaluated with $metric",
        "Papers that report a metric",
        f"MATCH (p:{PAPER})-[m:{MENTIONS}]->(x:{METRIC}) WHERE x.name = $metric RETURN p, m, x",
        (("metric", METRIC, "name"),),
    ),
    SearchPhrase(
        "papers sharing entities with $title",
        "Papers linked by shared entities, strongest first",
        f"MATCH (p:{PAPER})-[s:{SHARES_ENTITIES}]-(q:{PAPER}) WHERE p.title = $title "
        "RETURN p, s, q ORDER BY s.weight DESC LIMIT 25",
        (("title", PAPER, "title"),),
    ),
    SearchPhrase(
        "predicted links of $title",
        "Links the GNN predicts for a paper",
        f"MATCH (p:{PAPER})-[r:{PREDICTED_LINK}]-(q:{PAPER}) WHERE p.title = $title RETURN p, r, q",
        (("title", PAPER, "title"),),
    ),
)
