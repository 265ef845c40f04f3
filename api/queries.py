"""Read Cypher of the API, as named constants built from the schema constants.

Labels, relationship types and index names come from :mod:`graph.schema`; every value from
a request is a ``$parameter``. Lists use keyset pagination over ``(key DESC, id ASC)``
(see :mod:`api.pagination`): ``$after_key``/``$after_id`` are null on the first page.
"""

from __future__ import annotations

from graph.schema import (
    CITES,
    ENTITY,
    MENTIONS,
    PAPER,
    PAPER_EMBEDDING,
    PREDICTED_LINK,
    SHARES_ENTITIES,
    SIMILAR_TO,
)

_AFTER = "($after_id IS NULL OR key < $after_key OR (key = $after_key AND id > $after_id))"


def keyset_page(returns: str) -> str:
    """The tail of a paged list (``api.pagination``): the rows after the cursor, returning
    ``returns`` (with ``id`` and ``key``), ordered by key then id, ``$limit`` of them."""
    return f"WHERE {_AFTER}\nRETURN {returns}\nORDER BY key DESC, id ASC\nLIMIT $limit"
_PAPER_ROW = (
    "p.id AS id, p.title AS title, p.authors AS authors, p.published AS published, p.url AS url"
)
_ENTITY_FILTER = f"""($entity IS NULL AND $type IS NULL) OR EXISTS {{
    MATCH (p)-[:{MENTIONS}]->(e:{ENTITY})
    WHERE ($entity IS NULL OR e.id = $entity OR toLower(e.name) = toLower($entity))
      AND ($type IS NULL OR e.type = $type) }}"""

PING = "RETURN 1 AS ok"

PAPERS_BROWSE = f"""
MATCH (p:{PAPER})
WHERE {_ENTITY_FILTER}
WITH p, p.id AS id, 0.0 AS key
{keyset_page(_PAPER_ROW + ", null AS score, key")}
"""

PAPERS_SEARCH = f"""
CALL db.index.fulltext.queryNodes($index, $q) YIELD node AS p, score
WITH p, score WHERE p:{PAPER} AND ({_ENTITY_FILTER})
WITH p, score, p.id AS id, score AS key
{keyset_page(_PAPER_ROW + ", score, key")}
"""

PAPER_DETAIL = f"""
MATCH (p:{PAPER} {{id: $id}})
CALL (p) {{
  MATCH (p)-[m:{MENTIONS}]->(e:{ENTITY})
  WITH e, m ORDER BY e.type, e.name
  RETURN collect({{id: e.id, name: e.name, type: e.type, count: m.count,
                   spans: m.spans, sentences: m.sentences, evidence: m.evidence}}) AS entities
}}
RETURN p {{.id, .title, .abstract, .authors, .published, .url, .source}} AS paper, entities,
       p.{PAPER_EMBEDDING} IS NOT NULL AS has_embedding,
       COLLECT {{ MATCH (p)-[:{CITES}]->(c:{PAPER}) RETURN c.id ORDER BY c.id }} AS references,
       COUNT {{ (p)<-[:{CITES}]-(:{PAPER}) }} AS cited_by
"""

PAPER_SIMILAR = f"""
MATCH (p:{PAPER} {{id: $id}})
CALL (p) {{
  WITH p WHERE p.{PAPER_EMBEDDING} IS NOT NULL
  CALL db.index.vector.queryNodes($index, $k + 1, p.{PAPER_EMBEDDING}) YIELD node, score
  WITH node, score WHERE node <> p
  ORDER BY score DESC, node.id
  LIMIT $k
  RETURN collect({{id: node.id, title: node.title, score: score}}) AS similar
}}
RETURN p.id AS id, p.{PAPER_EMBEDDING} IS NOT NULL AS has_embedding, similar
"""

PAPER_RELATED = f"""
MATCH (p:{PAPER} {{id: $id}})
CALL (p) {{
  MATCH (p)-[r:{SHARES_ENTITIES}]-(o:{PAPER})
  WITH o, max(r.weight) AS weight
  ORDER BY weight DESC, o.id
  LIMIT $k
  RETURN collect({{id: o.id, title: o.title, weight: weight,
    shared: COLLECT {{
      MATCH (p)-[:{MENTIONS}]->(e:{ENTITY})<-[:{MENTIONS}]-(o)
      RETURN {{id: e.id, name: e.name, type: e.type}} AS shared ORDER BY shared.type, shared.name
    }} }}) AS related
}}
RETURN p.id AS id, related
"""

PAPER_PREDICTED = f"""
MATCH (p:{PAPER} {{id: $id}})
CALL (p) {{
  MATCH (p)-[r:{PREDICTED_LINK}]-(o:{PAPER})
  WITH o, max(r.score) AS score, head(collect(r.model)) AS model
  ORDER BY score DESC, o.id
  LIMIT $k
  RETURN collect({{id: o.id, title: o.title, score: score, model: model}}) AS predicted
}}
RETURN p.id AS id, predicted,
       EXISTS {{ MATCH ()-[:{PREDICTED_LINK}]->() }} AS trained
"""

SEMANTIC_SEARCH = f"""
CALL db.index.vector.queryNodes($index, $k, $embedding) YIELD node AS p, score
WITH p, score WHERE p:{PAPER}
RETURN {_PAPER_ROW}, score
ORDER BY score DESC, id
"""

_ENTITY_ROW = (
    f"e.id AS id, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases, "
    f"COUNT {{ (e)<-[:{MENTIONS}]-(:{PAPER}) }} AS paper_count"
)

ENTITIES_BROWSE = f"""
MATCH (e:{ENTITY})
WHERE $type IS NULL OR e.type = $type
WITH e, e.id AS id, toFloat(COUNT {{ (e)<-[:{MENTIONS}]-(:{PAPER}) }}) AS key
{keyset_page(_ENTITY_ROW + ", null AS score, key")}
"""

ENTITIES_SEARCH = f"""
CALL db.index.fulltext.queryNodes($index, $q) YIELD node AS e, score
WITH e, score WHERE e:{ENTITY} AND ($type IS NULL OR e.type = $type)
WITH e, score, e.id AS id, score AS key
{keyset_page(_ENTITY_ROW + ", score, key")}
"""

ENTITY_DETAIL = f"""
MATCH (e:{ENTITY} {{id: $id}})
CALL (e) {{
  MATCH (e)<-[:{MENTIONS}]-(p:{PAPER})-[:{MENTIONS}]->(o:{ENTITY})
  WHERE o <> e
  WITH o, count(DISTINCT p) AS papers
  ORDER BY papers DESC, o.id
  LIMIT $k
  RETURN collect({{id: o.id, name: o.name, type: o.type, papers: papers}}) AS co_occurring
}}
RETURN {_ENTITY_ROW}, co_occurring
"""

ENTITY_EXISTS = f"MATCH (e:{ENTITY} {{id: $id}}) RETURN e.id AS id"

ENTITY_PAPERS = f"""
MATCH (e:{ENTITY} {{id: $id}})<-[m:{MENTIONS}]-(p:{PAPER})
WITH p, m, p.id AS id, 0.0 AS key
{keyset_page(_PAPER_ROW + ", coalesce(m.count, 1) AS mentions, key")}
"""

INDEXES = "SHOW INDEXES YIELD name, type, state RETURN name, type, state ORDER BY name"

SUBGRAPH_START = f"""
CALL () {{
  UNWIND $paper_ids AS pid MATCH (n:{PAPER} {{id: pid}}) RETURN n
  UNION
  UNWIND $entity_ids AS eid MATCH (n:{ENTITY} {{id: eid}}) RETURN n
}}
RETURN n.id AS id, n:{PAPER} AS is_paper, n.title AS title, n.name AS name, n.type AS type,
       n.published AS published
"""

SUBGRAPH_HOP = f"""
CALL () {{
  UNWIND $paper_ids AS pid MATCH (n:{PAPER} {{id: pid}}) RETURN n
  UNION
  UNWIND $entity_ids AS eid MATCH (n:{ENTITY} {{id: eid}}) RETURN n
}}
MATCH (n)-[r]-(m)
WHERE type(r) IN $rel_types AND (m:{PAPER} OR m:{ENTITY})
WITH r, m, coalesce(r.weight, r.score, toFloat(r.count), 1.0) AS weight
ORDER BY weight DESC, m.id
LIMIT $limit
RETURN elementId(r) AS rid, type(r) AS type, startNode(r).id AS source,
       endNode(r).id AS target, weight,
       r {{.weight, .score, .rank, .count, .shared, .model}} AS props,
       m.id AS id, m:{PAPER} AS is_paper, m.title AS title, m.name AS name, m.type AS type_,
       m.published AS published
"""

INGESTED = f"""
UNWIND $ids AS pid
MATCH (p:{PAPER} {{id: pid}})
RETURN p.id AS id,
       COLLECT {{ MATCH (p)-[:{MENTIONS}]->(e:{ENTITY})
                 RETURN {{id: e.id, name: e.name, type: e.type}} AS found
                 ORDER BY found.id }} AS entities,
       COUNT {{ (p)-[:{SHARES_ENTITIES}]-(:{PAPER}) }} AS shared_entity_links,
       COUNT {{ (p)-[:{SIMILAR_TO}]-(:{PAPER}) }} AS similar_links,
       COUNT {{ (p)-[:{CITES}]-(:{PAPER}) }} AS citation_links
"""

# POST /cypher past its deadline: find the request's transaction by its metadata, stop it
FIND_TRANSACTIONS = """
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData[$key] = $request
RETURN collect(transactionId) AS ids
"""
TERMINATE_TRANSACTIONS = "TERMINATE TRANSACTIONS $ids"
