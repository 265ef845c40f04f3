"""Bloom search phrases: natural-language patterns mapped to parameterised Cypher."""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import (
    AUTHOR,
    AUTHORED,
    CITES,
    MENTIONS,
    PAPER,
    PREDICTED_LINK,
    PUBLISHED_IN,
    SHARES_ENTITIES,
    SIMILAR_TO,
    TYPE_LABELS,
    VENUE,
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
    SearchPhrase(
        "papers by $author",
        "Papers an author wrote",
        f"MATCH (a:{AUTHOR})-[w:{AUTHORED}]->(p:{PAPER}) WHERE a.name = $author RETURN a, w, p",
        (("author", AUTHOR, "name"),),
    ),
    SearchPhrase(
        "co-authors of $author",
        "Who wrote papers with an author",
        f"MATCH (a:{AUTHOR})-[w:{AUTHORED}]->(p:{PAPER})<-[v:{AUTHORED}]-(c:{AUTHOR}) "
        "WHERE a.name = $author RETURN a, w, p, v, c",
        (("author", AUTHOR, "name"),),
    ),
    SearchPhrase(
        "papers in $venue",
        "Papers published in a venue",
        f"MATCH (p:{PAPER})-[r:{PUBLISHED_IN}]->(v:{VENUE}) WHERE v.name = $venue RETURN p, r, v",
        (("venue", VENUE, "name"),),
    ),
    SearchPhrase(
        "$method over time",
        "Papers mentioning a method, oldest first (each with its year)",
        f"MATCH (p:{PAPER})-[m:{MENTIONS}]->(x:{METHOD}) "
        "WHERE x.name = $method AND p.year IS NOT NULL RETURN p, m, x ORDER BY p.year",
        (("method", METHOD, "name"),),
    ),
    SearchPhrase(
        "who cites $title",
        "Papers citing a paper",
        f"MATCH (c:{PAPER})-[r:{CITES}]->(p:{PAPER}) WHERE p.title = $title RETURN c, r, p",
        (("title", PAPER, "title"),),
    ),
)
