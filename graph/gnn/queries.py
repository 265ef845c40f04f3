"""Cypher of the GNN stage: export the graph, write embeddings and predicted links.

Built from :mod:`graph.schema` constants only; every value goes in as a parameter.
"""

from __future__ import annotations

from graph.schema import (
    CITES,
    ENTITY,
    MENTIONS,
    PAPER,
    PAPER_EMBEDDING,
    PAPER_GNN_EMBEDDING,
    PAPER_GNN_VECTOR,
    PAPER_STUB,
    PREDICTED_LINK,
    SHARES_ENTITIES,
    SIMILAR_TO,
)

# stubs (reference targets outside the corpus) have no text, so no features: left out
EXPORT_PAPERS = (
    f"MATCH (p:{PAPER}) WHERE NOT coalesce(p.{PAPER_STUB}, false) "
    f"RETURN p.id AS id, p.title AS title, p.abstract AS abstract, "
    f"p.{PAPER_EMBEDDING} AS embedding ORDER BY id"
)
EXPORT_ENTITIES = f"MATCH (e:{ENTITY}) RETURN e.id AS id, e.type AS type ORDER BY id"
EXPORT_MENTIONS = (
    f"MATCH (p:{PAPER})-[:{MENTIONS}]->(e:{ENTITY}) RETURN p.id AS source, e.id AS target"
)


def export_paper_links(rel_type: str) -> str:
    """All ``(:Paper)-[:rel_type]->(:Paper)`` pairs; ``rel_type`` must be a schema constant."""
    if rel_type not in (CITES, SHARES_ENTITIES, SIMILAR_TO):
        raise ValueError(f"not a paper–paper relationship type: {rel_type}")
    return (
        f"MATCH (a:{PAPER})-[:{rel_type}]->(b:{PAPER}) "
        f"WHERE NOT coalesce(a.{PAPER_STUB}, false) AND NOT coalesce(b.{PAPER_STUB}, false) "
        "RETURN a.id AS source, b.id AS target"
    )


SET_GNN_EMBEDDINGS = (
    f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}}) "
    f"SET p.{PAPER_GNN_EMBEDDING} = row.embedding"
)


def create_gnn_vector_index(dimensions: int) -> str:
    """Vector index over ``Paper.gnn_embedding`` (index options cannot be parameters)."""
    return (
        f"CREATE VECTOR INDEX {PAPER_GNN_VECTOR} IF NOT EXISTS "
        f"FOR (p:{PAPER}) ON p.{PAPER_GNN_EMBEDDING} "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimensions)}, "
        "`vector.similarity_function`: 'cosine'}}"
    )


DROP_GNN_VECTOR_INDEX = f"DROP INDEX {PAPER_GNN_VECTOR} IF EXISTS"
DELETE_PREDICTED_LINKS = f"MATCH (:{PAPER})-[r:{PREDICTED_LINK}]->(:{PAPER}) DELETE r"
# ``trained_on``: the link type the model learned ("paper/cites/paper" or "paper/related/paper").
# the NOT EXISTS guard keeps predictions off pairs the graph links already, whatever is passed
MERGE_PREDICTED_LINKS = (
    f"UNWIND $rows AS row MATCH (a:{PAPER} {{id: row.source}}), (b:{PAPER} {{id: row.target}}) "
    f"WHERE NOT EXISTS {{ (a)-[:{CITES}|{SHARES_ENTITIES}|{SIMILAR_TO}]-(b) }} "
    f"MERGE (a)-[r:{PREDICTED_LINK}]->(b) "
    "SET r.score = row.score, r.model = row.model, r.trained_on = row.trained_on"
)
PREDICTED_FOR_PAPER = (
    f"MATCH (a:{PAPER} {{id: $id}})-[r:{PREDICTED_LINK}]->(b:{PAPER}) "
    "RETURN b.id AS id, b.title AS title, r.score AS score, r.model AS model, "
    "r.trained_on AS trained_on "
    "ORDER BY score DESC LIMIT $limit"
)
COUNT_PREDICTED_LINKS = (
    f"MATCH (:{PAPER})-[r:{PREDICTED_LINK}]->(:{PAPER}) RETURN count(r) AS links"
)
