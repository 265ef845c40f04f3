"""Read Cypher of the scholarly routes: authors, venues, citations, trends, recommendations.

Built from :mod:`graph.schema` constants; every request value is a ``$parameter``. Lists use
the keyset pagination of :mod:`api.pagination` (``$after_key``/``$after_id``, null on the first
page), ordered by ``(key DESC, id ASC)``.
"""

from __future__ import annotations

from api.queries import keyset_page
from graph.schema import (
    AUTHOR,
    AUTHORED,
    CITES,
    ENTITY,
    MENTIONS,
    PAPER,
    PAPER_EMBEDDING,
    PAPER_GNN_EMBEDDING,
    PUBLISHED_IN,
    TYPE_LABELS,
    VENUE,
)

TASK = TYPE_LABELS["TASK"]
_NOT_STUB = "NOT coalesce({p}.stub, false)"


def _paper_map(p: str, extra: str = "") -> str:
    """A paper as a map: authors in AUTHORED order (the ``authors`` list when none are linked);
    ``extra`` adds ``key: expression`` entries. The callers never bind ``writer``/``wrote``."""
    authors = (
        f"COLLECT {{ MATCH (writer:{AUTHOR})-[wrote:{AUTHORED}]->({p}) "
        "RETURN writer.name ORDER BY wrote.position, writer.name }"
    )
    return (
        f"{{id: {p}.id, title: {p}.title, year: {p}.year, venue: {p}.venue, "
        f"authors: CASE WHEN COUNT {{ (:{AUTHOR})-[:{AUTHORED}]->({p}) }} > 0 THEN {authors} "
        f"ELSE coalesce({p}.authors, []) END, stub: coalesce({p}.stub, false){extra}}}"
    )


def _top_entities(scope: str) -> str:
    """The ``$k`` entities mentioned by the most papers matched by ``scope`` (bound ``p``)."""
    return f"""
  MATCH {scope}
  MATCH (p)-[:{MENTIONS}]->(e:{ENTITY})
  WITH e, count(DISTINCT p) AS papers ORDER BY papers DESC, e.id LIMIT $k
  RETURN collect({{id: e.id, name: e.name, type: e.type, papers: papers}}) AS top_entities"""


# --- authors and venues ---------------------------------------------------------------------
_AUTHOR_ROW = "id, a.name AS name, coalesce(a.ids, []) AS ids, toInteger(key) AS paper_count, key"
AUTHORS_BROWSE = f"""
MATCH (a:{AUTHOR})
WHERE $q IS NULL OR toLower(a.name) CONTAINS $q
WITH a, a.id AS id, toFloat(COUNT {{ (a)-[:{AUTHORED}]->(:{PAPER}) }}) AS key
{keyset_page(_AUTHOR_ROW)}
"""

AUTHOR_DETAIL = f"""
MATCH (a:{AUTHOR} {{id: $id}})
CALL (a) {{
  MATCH (a)-[r:{AUTHORED}]->(p:{PAPER})
  WITH p, r ORDER BY coalesce(p.year, -1) DESC, p.id LIMIT $limit
  RETURN collect({_paper_map("p", ", position: r.position")}) AS papers
}}
CALL (a) {{
  MATCH (a)-[:{AUTHORED}]->(p:{PAPER})<-[:{AUTHORED}]-(c:{AUTHOR}) WHERE c <> a
  WITH c, count(DISTINCT p) AS papers ORDER BY papers DESC, c.id LIMIT $k
  RETURN collect({{id: c.id, name: c.name, papers: papers}}) AS co_authors
}}
CALL (a) {{{_top_entities(f"(a)-[:{AUTHORED}]->(p:{PAPER})")}
}}
RETURN a.id AS id, a.name AS name, coalesce(a.ids, []) AS ids,
       COUNT {{ (a)-[:{AUTHORED}]->(:{PAPER}) }} AS paper_count, papers, co_authors, top_entities
"""

VENUES_BROWSE = f"""
MATCH (v:{VENUE})
WHERE $q IS NULL OR toLower(v.name) CONTAINS $q
WITH v, v.id AS id, toFloat(COUNT {{ (:{PAPER})-[:{PUBLISHED_IN}]->(v) }}) AS key
{keyset_page("id, v.name AS name, toInteger(key) AS paper_count, key")}
"""

VENUE_DETAIL = f"""
MATCH (v:{VENUE} {{id: $id}})
CALL (v) {{
  MATCH (p:{PAPER})-[:{PUBLISHED_IN}]->(v)
  WITH p ORDER BY coalesce(p.year, -1) DESC, p.id LIMIT $limit
  RETURN collect({_paper_map("p")}) AS papers
}}
CALL (v) {{
  MATCH (p:{PAPER})-[:{PUBLISHED_IN}]->(v) WHERE p.year IS NOT NULL
  WITH p.year AS year, count(*) AS papers ORDER BY year
  RETURN collect({{year: year, papers: papers}}) AS per_year
}}
CALL (v) {{
  MATCH (a:{AUTHOR})-[:{AUTHORED}]->(p:{PAPER})-[:{PUBLISHED_IN}]->(v)
  WITH a, count(DISTINCT p) AS papers ORDER BY papers DESC, a.id LIMIT $k
  RETURN collect({{id: a.id, name: a.name, papers: papers}}) AS top_authors
}}
CALL (v) {{{_top_entities(f"(p:{PAPER})-[:{PUBLISHED_IN}]->(v)")}
}}
RETURN v.id AS id, v.name AS name, COUNT {{ (:{PAPER})-[:{PUBLISHED_IN}]->(v) }} AS paper_count,
       papers, per_year, top_authors, top_entities
"""

# --- citations ------------------------------------------------------------------------------
PAPER_CITATION_COUNTS = f"""
MATCH (p:{PAPER} {{id: $id}})
RETURN p.id AS id, coalesce(p.stub, false) AS stub,
       COUNT {{ (p)<-[:{CITES}]-(:{PAPER}) }} AS citations,
       COUNT {{ (p)-[:{CITES}]->(:{PAPER}) }} AS references
"""


def _citation_page(pattern: str) -> str:
    return f"""
MATCH {pattern}
WITH c, c.id AS id, toFloat(coalesce(c.year, 0)) AS key
{keyset_page(_paper_map("c") + " AS paper, id, key")}
"""


# newest first; papers without a year last
PAPER_CITATIONS = _citation_page(f"(:{PAPER} {{id: $id}})<-[:{CITES}]-(c:{PAPER})")
PAPER_REFERENCES = _citation_page(f"(:{PAPER} {{id: $id}})-[:{CITES}]->(c:{PAPER})")

# --- trends ---------------------------------------------------------------------------------
ENTITY_TREND = f"""
MATCH (e:{ENTITY} {{id: $id}})
CALL (e) {{
  MATCH (e)<-[:{MENTIONS}]-(p:{PAPER})
  WHERE p.year IS NOT NULL AND ($since IS NULL OR p.year >= $since)
    AND ($until IS NULL OR p.year <= $until)
  WITH p.year AS year, count(DISTINCT p) AS papers
  RETURN collect({{year: year, papers: papers,
    all_papers: COUNT {{ (q:{PAPER}) WHERE q.year = year AND {_NOT_STUB.format(p="q")} }}}})
    AS years
}}
RETURN e.id AS id, e.name AS name, e.type AS type, years,
       COUNT {{ (e)<-[:{MENTIONS}]-(p:{PAPER}) WHERE p.year IS NULL }} AS papers_without_year
"""

LATEST_YEAR = f"MATCH (p:{PAPER}) WHERE p.year IS NOT NULL RETURN max(p.year) AS year"

TASK_LOOKUP = f"""
MATCH (t:{TASK})
WHERE t.id = $task OR toLower(t.name) = toLower($task)
RETURN t.id AS id, t.name AS name
ORDER BY (t.id = $task) DESC, t.id
LIMIT 1
"""

# In scope: papers with a year up to $until (mentioning the task when one is given).
_IN_SCOPE = (
    f"p.year IS NOT NULL AND ($until IS NULL OR p.year <= $until) AND {_NOT_STUB.format(p='p')} "
    f"AND ($task IS NULL OR EXISTS {{ (p)-[:{MENTIONS}]->(:{TASK} {{id: $task}}) }})"
)
# growth = share of in-scope papers since $since mentioning the entity − the share before it
_TOTALS = f"""
  MATCH (p:{PAPER}) WHERE {_IN_SCOPE}
  RETURN count(CASE WHEN p.year >= $since THEN p END) AS recent_total,
         count(CASE WHEN p.year < $since THEN p END) AS earlier_total
"""
TREND_TOTALS = _TOTALS
_RISING_ROW = (
    "id, e.name AS name, e.type AS type, recent AS recent_papers, earlier AS earlier_papers, "
    "recent_total, earlier_total, recent_share, earlier_share, key AS growth, key"
)
TRENDS = f"""
CALL () {{{_TOTALS}}}
MATCH (p:{PAPER})-[:{MENTIONS}]->(e:{ENTITY})
WHERE {_IN_SCOPE} AND ($type IS NULL OR e.type = $type) AND ($task IS NULL OR e.id <> $task)
WITH e, recent_total, earlier_total,
     count(DISTINCT CASE WHEN p.year >= $since THEN p END) AS recent,
     count(DISTINCT CASE WHEN p.year < $since THEN p END) AS earlier
WHERE recent >= $min_papers
WITH e, recent, earlier, recent_total, earlier_total,
     toFloat(recent) / recent_total AS recent_share,
     CASE earlier_total WHEN 0 THEN 0.0 ELSE toFloat(earlier) / earlier_total END AS earlier_share
WITH e, recent, earlier, recent_total, earlier_total, recent_share, earlier_share,
     e.id AS id, recent_share - earlier_share AS key
{keyset_page(_RISING_ROW)}
"""

# --- recommendations ------------------------------------------------------------------------
RECOMMEND_SEEDS = f"""
UNWIND $ids AS pid
MATCH (p:{PAPER} {{id: pid}})
RETURN p.id AS id, p.{PAPER_EMBEDDING} AS text, p.{PAPER_GNN_EMBEDDING} AS gnn
"""

RECOMMEND_NEAREST = """
UNWIND $vectors AS vector
CALL db.index.vector.queryNodes($index, $k, vector) YIELD node
RETURN collect(DISTINCT node.id) AS ids
"""

RECOMMEND_CITED = f"""
UNWIND $ids AS pid
MATCH (:{PAPER} {{id: pid}})-[:{CITES}]-(c:{PAPER})
RETURN collect(DISTINCT c.id) AS ids
"""

RECOMMEND_CANDIDATES = f"""
UNWIND $ids AS pid
MATCH (c:{PAPER} {{id: pid}})
WHERE {_NOT_STUB.format(p="c")} AND NOT c.id IN $exclude
RETURN {_paper_map("c")} AS paper, c.{PAPER_EMBEDDING} AS text, c.{PAPER_GNN_EMBEDDING} AS gnn,
       COLLECT {{ MATCH (c)-[:{CITES}]->(q:{PAPER}) WHERE q.id IN $positive RETURN q.id }} AS cites,
       COLLECT {{ MATCH (c)<-[:{CITES}]-(q:{PAPER}) WHERE q.id IN $positive RETURN q.id }}
         AS cited_by
"""
