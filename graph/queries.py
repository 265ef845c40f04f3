"""All Cypher the graph layer runs, as named constants and small builders.

Labels, relationship types and property names come from ``graph.schema``; values always
travel as parameters (``$rows``, ``$ids``), never formatted into the text. Write statements
take ``$rows`` and are run batch by batch, one transaction per batch. Relationship writes
take rows grouped by their start node, with one list per property (``row.target[i]``,
``row.weight[i]``): one index lookup per start node instead of one per relationship.

Bookkeeping properties (not part of the public schema, used to resume work after a crash):
``Paper.references`` and ``Paper.reference_details`` (the cited works as the source gave
them, resolved again when a cited paper is deleted), ``Paper.content_hash`` (all written
properties), ``Paper.text_hash`` (title and abstract), ``Paper.extracted_hash`` and
``Paper.embedding_hash`` (the text_hash their mentions and embedding came from),
``Paper.shared_dirty`` / ``Paper.similar_dirty`` and ``Entity.dirty`` (links to recompute),
``Entity.merged_ids`` (ids folded into this entity by ``entities merge``).
"""

from __future__ import annotations

from extract.records import EntityType
from graph.schema import (
    AUTHOR,
    AUTHOR_ID_CONSTRAINT,
    AUTHORED,
    CITES,
    ENTITY,
    ENTITY_FULLTEXT,
    ENTITY_ID_CONSTRAINT,
    MENTIONS,
    PAPER,
    PAPER_DOI_INDEX,
    PAPER_EMBEDDING,
    PAPER_FULLTEXT,
    PAPER_ID_CONSTRAINT,
    PAPER_STUB,
    PAPER_VECTOR,
    PAPER_YEAR_INDEX,
    PUBLISHED_IN,
    SHARES_ENTITIES,
    SIMILAR_TO,
    TYPE_LABELS,
    VENUE,
    VENUE_ID_CONSTRAINT,
)

# --- schema ---------------------------------------------------------------------------------
SCHEMA = (
    f"CREATE CONSTRAINT {PAPER_ID_CONSTRAINT} IF NOT EXISTS FOR (p:{PAPER}) REQUIRE p.id IS UNIQUE",
    f"CREATE CONSTRAINT {ENTITY_ID_CONSTRAINT} IF NOT EXISTS "
    f"FOR (e:{ENTITY}) REQUIRE e.id IS UNIQUE",
    f"CREATE CONSTRAINT {AUTHOR_ID_CONSTRAINT} IF NOT EXISTS "
    f"FOR (a:{AUTHOR}) REQUIRE a.id IS UNIQUE",
    f"CREATE CONSTRAINT {VENUE_ID_CONSTRAINT} IF NOT EXISTS FOR (v:{VENUE}) REQUIRE v.id IS UNIQUE",
    f"CREATE INDEX {PAPER_YEAR_INDEX} IF NOT EXISTS FOR (p:{PAPER}) ON (p.year)",
    f"CREATE INDEX {PAPER_DOI_INDEX} IF NOT EXISTS FOR (p:{PAPER}) ON (p.doi)",
    f"CREATE FULLTEXT INDEX {PAPER_FULLTEXT} IF NOT EXISTS "
    f"FOR (p:{PAPER}) ON EACH [p.title, p.abstract]",
    f"CREATE FULLTEXT INDEX {ENTITY_FULLTEXT} IF NOT EXISTS "
    f"FOR (e:{ENTITY}) ON EACH [e.name, e.aliases]",
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


def create_paper_vector_index(dimension: int) -> str:
    """The vector index of abstract embeddings, for vectors of ``dimension`` (the embedding
    backend's; index options cannot be parameters)."""
    return (
        f"CREATE VECTOR INDEX {PAPER_VECTOR} IF NOT EXISTS FOR (p:{PAPER}) ON p.{PAPER_EMBEDDING} "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimension)}, "
        "`vector.similarity_function`: 'cosine'}}"
    )


PAPER_VECTOR_DIMENSION = f"""
SHOW VECTOR INDEXES YIELD name, options WHERE name = '{PAPER_VECTOR}'
RETURN options.indexConfig['vector.dimensions'] AS dimension
"""
DROP_PAPER_VECTOR_INDEX = f"DROP INDEX {PAPER_VECTOR} IF EXISTS"
DELETE_ALL_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# --- papers and citations -------------------------------------------------------------------
PAPER_INDEX = f"""
MATCH (p:{PAPER})
RETURN p.id AS id, p.external_ids AS external_ids, p.title AS title,
       coalesce(p.{PAPER_STUB}, false) AS stub, p.references AS references,
       p.content_hash AS content_hash
"""
WRITE_PAPERS = f"""
UNWIND $rows AS row
MERGE (p:{PAPER} {{id: row.id}})
SET p.title = row.title, p.abstract = row.abstract, p.authors = row.authors,
    p.published = row.published, p.url = row.url, p.source = row.source,
    p.year = row.year, p.date = row.date, p.doi = row.doi, p.venue = row.venue,
    p.external_ids = row.external_ids, p.{PAPER_STUB} = false,
    p.references = row.references, p.reference_details = row.reference_details,
    p.content_hash = row.content_hash, p.text_hash = row.text_hash
"""
# A node found under another id (a stub, or a paper known by a weaker id) takes the record's.
RENAME_PAPERS = f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.old}}) SET p.id = row.new"
# A further stub of the same work: its citations move to the paper, the stub goes.
FOLD_STUBS = f"""
UNWIND $rows AS row
MATCH (s:{PAPER} {{id: row.stub}}), (k:{PAPER} {{id: row.into}})
CALL (s, k) {{
  MATCH (c:{PAPER})-[r:{CITES}]->(s) WHERE c <> k
  MERGE (c)-[:{CITES}]->(k)
  DELETE r
}}
DETACH DELETE s
"""
MERGE_STUBS = f"""
UNWIND $rows AS row
MERGE (p:{PAPER} {{id: row.id}})
ON CREATE SET p.{PAPER_STUB} = true, p.title = row.title, p.year = row.year, p.doi = row.doi,
              p.authors = row.authors, p.external_ids = row.external_ids
"""
# A paper's outgoing CITES are replaced by the resolved targets of its references
# (``row.cites``); stubs that lose their last citation are deleted.
DROP_STALE_CITES = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})-[c:{CITES}]->(q:{PAPER})
WHERE NOT q.id IN row.cites
DELETE c
WITH DISTINCT q
WHERE q.{PAPER_STUB} AND NOT EXISTS {{ ()-[:{CITES}]->(q) }}
DETACH DELETE q
"""
WRITE_OUTGOING_CITES = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
UNWIND row.cites AS target
MATCH (q:{PAPER} {{id: target}})
WHERE q <> p
MERGE (p)-[:{CITES}]->(q)
"""
WRITE_INCOMING_CITES = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.source}}), (q:{PAPER} {{id: row.target}})
MERGE (p)-[:{CITES}]->(q)
"""

# --- deleting papers ------------------------------------------------------------------------
CITERS_OF = f"""
UNWIND $ids AS id
MATCH (c:{PAPER})-[:{CITES}]->(:{PAPER} {{id: id}})
WHERE NOT c.id IN $ids
RETURN DISTINCT c.id AS id, coalesce(c.references, []) AS references,
       c.reference_details AS reference_details
ORDER BY id
"""
CITED_BY_PAPERS = f"""
UNWIND $ids AS id
MATCH (:{PAPER} {{id: id}})-[:{CITES}]->(q:{PAPER} {{{PAPER_STUB}: true}})
RETURN DISTINCT q.id AS id
"""
# what a deleted paper leaves stale: its entities' aggregates and the similarity top-k of
# papers that linked to it (shared-entity links follow from the entities being dirty)
MARK_DELETION_DEPENDENTS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
CALL (p) {{ MATCH (p)-[:{MENTIONS}]->(e:{ENTITY}) SET e.dirty = true }}
CALL (p) {{ MATCH (o:{PAPER})-[:{SIMILAR_TO}]->(p) WHERE o <> p SET o.similar_dirty = true }}
"""
DELETE_PAPERS = f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}}) DETACH DELETE p"
DELETE_ORPHAN_STUBS = f"""
UNWIND $rows AS row
MATCH (q:{PAPER} {{id: row.id}})
WHERE q.{PAPER_STUB} AND NOT EXISTS {{ ()-[:{CITES}]->(q) }}
DETACH DELETE q
"""

# --- authors and venues -------------------------------------------------------------------
AUTHOR_IDS = f"MATCH (a:{AUTHOR}) RETURN a.id AS id, a.ids AS ids"
AUTHORS_AND_VENUES_OF = f"""
UNWIND $ids AS id
MATCH (p:{PAPER} {{id: id}})
CALL (p) {{
  MATCH (a:{AUTHOR})-[:{AUTHORED}]->(p) RETURN 'author' AS kind, a.id AS node
  UNION
  MATCH (p)-[:{PUBLISHED_IN}]->(v:{VENUE}) RETURN 'venue' AS kind, v.id AS node
}}
RETURN DISTINCT kind, node AS id
"""
DROP_AUTHORSHIP = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
OPTIONAL MATCH (p)<-[a:{AUTHORED}]-(:{AUTHOR})
OPTIONAL MATCH (p)-[v:{PUBLISHED_IN}]->(:{VENUE})
DELETE a, v
"""
MERGE_AUTHORS = f"""
UNWIND $rows AS row
MERGE (a:{AUTHOR} {{id: row.id}})
ON CREATE SET a.name = row.name
SET a.ids = row.ids
"""
# rows grouped by paper: row.author is the author list in order (position = list index)
WRITE_AUTHORED = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.paper}})
UNWIND range(0, size(row.author) - 1) AS i
MATCH (a:{AUTHOR} {{id: row.author[i]}})
CREATE (a)-[:{AUTHORED} {{position: i}}]->(p)
"""
MERGE_VENUES = f"""
UNWIND $rows AS row
MERGE (v:{VENUE} {{id: row.id}})
ON CREATE SET v.name = row.name
"""
WRITE_PUBLISHED_IN = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.paper}}), (v:{VENUE} {{id: row.venue}})
CREATE (p)-[:{PUBLISHED_IN}]->(v)
"""
DELETE_ORPHAN_AUTHORS = f"""
UNWIND $rows AS row
MATCH (a:{AUTHOR} {{id: row.id}}) WHERE NOT (a)-[:{AUTHORED}]->()
DELETE a
"""
DELETE_ORPHAN_VENUES = f"""
UNWIND $rows AS row
MATCH (v:{VENUE} {{id: row.id}}) WHERE NOT ()-[:{PUBLISHED_IN}]->(v)
DELETE v
"""

# --- extraction -----------------------------------------------------------------------------
# Pending work is read in pages of ids (``$after``: the last id of the previous page), then
# chunk by chunk (ids ``$first``..``$last``), so no read holds more than a chunk of abstracts.
# Stubs (papers known only as reference targets) have no text: no extraction, embedding, links.
NOT_STUB = f"NOT coalesce(p.{PAPER_STUB}, false)"


def _pending(stale: str) -> tuple[str, str]:
    """The id-page and text-chunk queries of the papers (stubs aside) for which ``stale``
    holds."""
    pending = f"({NOT_STUB} AND ({stale}))"
    ids = f"""
MATCH (p:{PAPER}) WHERE p.id > $after AND {pending}
RETURN p.id AS id ORDER BY p.id LIMIT $limit
"""
    texts = f"""
MATCH (p:{PAPER}) WHERE p.id >= $first AND p.id <= $last AND {pending}
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.text_hash AS hash ORDER BY p.id
"""
    return ids, texts


def _older_than_text(done_hash: str) -> str:
    return f"p.{done_hash} IS NULL OR p.{done_hash} <> p.text_hash"


PENDING_EXTRACTION_IDS, PENDING_EXTRACTION_TEXTS = _pending(_older_than_text("extracted_hash"))
# Corpus-level evidence of each paper (``extract.corpus``): what it defines and uses, as JSON,
# and the corpus decisions its mentions were written with.
WRITE_CORPUS_EVIDENCE = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
SET p.corpus_evidence = row.evidence, p.corpus_decisions = row.decisions
"""
CORPUS_EVIDENCE = f"""
MATCH (p:{PAPER}) WHERE p.corpus_evidence IS NOT NULL
RETURN p.id AS id, p.corpus_evidence AS evidence, p.corpus_decisions AS decisions ORDER BY p.id
"""
PAPERS_TO_EXTRACT = f"""
UNWIND $ids AS id
MATCH (p:{PAPER} {{id: id}})
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.text_hash AS hash ORDER BY p.id
"""
ENTITY_REDIRECTS = f"""
MATCH (e:{ENTITY}) WHERE e.merged_ids IS NOT NULL
UNWIND e.merged_ids AS old RETURN old, e.id AS new, e.name AS name, e.type AS type
"""
# Replace semantics: a paper's old mentions go (their entities become dirty) and the new ones
# are created in the same transaction, together with the mark that extraction is done.
DROP_MENTIONS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})-[m:{MENTIONS}]->(e:{ENTITY})
SET e.dirty = true
DELETE m
"""


def merge_entities(entity_type: EntityType) -> str:
    """MERGE the entities of one type (label from the schema constants) and mark them dirty."""
    return f"""
UNWIND $rows AS row
MERGE (e:{ENTITY} {{id: row.id}})
ON CREATE SET e.name = row.name, e.type = row.type, e.aliases = [], e.paper_count = 0
SET e:{TYPE_LABELS[entity_type]}, e.dirty = true
"""


# Rows are grouped by paper (see ``store.group_rows``): row.entity, row.count, ... are lists.
WRITE_MENTIONS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.paper}})
UNWIND range(0, size(row.entity) - 1) AS i
MATCH (e:{ENTITY} {{id: row.entity[i]}})
CREATE (p)-[:{MENTIONS} {{count: row.count[i], spans: row.spans[i], sentences: row.sentences[i],
                          texts: row.texts[i], evidence: row.evidence[i]}}]->(e)
"""
MARK_EXTRACTED = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
SET p.extracted_hash = row.hash, p.shared_dirty = true
"""

# --- entity aggregates ----------------------------------------------------------------------
DIRTY_ENTITIES = f"MATCH (e:{ENTITY} {{dirty: true}}) RETURN e.id AS id ORDER BY id"
DELETE_UNUSED_ENTITIES = f"""
UNWIND $rows AS row
MATCH (e:{ENTITY} {{id: row.id}}) WHERE NOT (e)<-[:{MENTIONS}]-()
DETACH DELETE e
"""
# paper_count and aliases are recomputed from the mentions, so a re-run converges.
ENTITY_TEXTS = f"""
UNWIND $ids AS id
MATCH (e:{ENTITY} {{id: id}})
OPTIONAL MATCH (:{PAPER})-[m:{MENTIONS}]->(e)
RETURN e.id AS id, e.name AS name, coalesce(e.merged_aliases, []) AS merged,
       count(m) AS papers, collect(m.texts) AS texts
"""
SET_ENTITY_AGGREGATES = f"""
UNWIND $rows AS row
MATCH (e:{ENTITY} {{id: row.id}})
SET e.paper_count = row.paper_count, e.aliases = row.aliases
"""
CLEAR_ENTITY_DIRTY = f"UNWIND $rows AS row MATCH (e:{ENTITY} {{id: row.id}}) REMOVE e.dirty"

# --- shared-entity links --------------------------------------------------------------------
PAPER_ENTITY_PAIRS = f"""
MATCH (p:{PAPER})-[:{MENTIONS}]->(e:{ENTITY})
RETURN p.id AS paper, e.id AS entity, e.name AS name
"""
SHARED_DIRTY_PAPERS = f"""
MATCH (p:{PAPER} {{shared_dirty: true}}) RETURN p.id AS id
UNION
MATCH (p:{PAPER})-[:{MENTIONS}]->(:{ENTITY} {{dirty: true}}) RETURN p.id AS id
"""
ALL_PAPER_IDS = f"MATCH (p:{PAPER}) WHERE {NOT_STUB} RETURN p.id AS id ORDER BY id"
DROP_SHARED_LINKS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
OPTIONAL MATCH (p)-[r:{SHARES_ENTITIES}]->()
DELETE r
"""
# Cleared once every batch of links is written (a crash before that only repeats work). Not in
# the link transactions: a property write locks the node at once, and concurrent link
# transactions holding those locks while waiting for each other's targets would deadlock.
CLEAR_SHARED_DIRTY = f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}}) REMOVE p.shared_dirty"
WRITE_SHARED_LINKS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.source}})
UNWIND range(0, size(row.target) - 1) AS i
MATCH (q:{PAPER} {{id: row.target[i]}})
CREATE (p)-[:{SHARES_ENTITIES} {{weight: row.weight[i], shared: row.shared[i],
                                 count: row.count[i]}}]->(q)
"""

# --- embeddings and similarity links --------------------------------------------------------
# A vector is stale when its text changed or another model made it (``$model``: the
# embedder's ``model_id``), so switching the embedding backend re-embeds every paper.
PENDING_EMBEDDING_IDS, PENDING_EMBEDDING_TEXTS = _pending(
    _older_than_text("embedding_hash")
    + " OR p.embedding_model IS NULL OR p.embedding_model <> $model"
)
WRITE_EMBEDDINGS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
SET p.{PAPER_EMBEDDING} = row.embedding, p.embedding_hash = row.hash,
    p.embedding_model = row.model, p.similar_dirty = true
"""
COUNT_SIMILAR_DIRTY = f"MATCH (p:{PAPER} {{similar_dirty: true}}) RETURN count(p) AS n"
# in pages of ids (``$after``: the last id of the previous page), straight into one array
PAPER_EMBEDDINGS_PAGE = f"""
MATCH (p:{PAPER}) WHERE p.id > $after AND p.{PAPER_EMBEDDING} IS NOT NULL
RETURN p.id AS id, p.{PAPER_EMBEDDING} AS embedding, coalesce(p.similar_dirty, false) AS dirty,
       p.embedding_model AS model
ORDER BY p.id LIMIT $limit
"""
SIMILAR_LINKS = f"""
MATCH (p:{PAPER})-[r:{SIMILAR_TO}]->(q:{PAPER})
RETURN p.id AS source, q.id AS target, r.score AS score
"""
DROP_SIMILAR_LINKS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.id}})
OPTIONAL MATCH (p)-[r:{SIMILAR_TO}]->()
DELETE r
"""
WRITE_SIMILAR_LINKS = f"""
UNWIND $rows AS row
MATCH (p:{PAPER} {{id: row.source}})
UNWIND range(0, size(row.target) - 1) AS i
MATCH (q:{PAPER} {{id: row.target[i]}})
CREATE (p)-[:{SIMILAR_TO} {{score: row.score[i], rank: row.rank[i]}}]->(q)
"""
CLEAR_SIMILAR_DIRTY = f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}}) REMOVE p.similar_dirty"
NEAREST_PAPERS = f"""
MATCH (p:{PAPER} {{id: $id}})
CALL db.index.vector.queryNodes('{PAPER_VECTOR}', $k + 1, p.{PAPER_EMBEDDING})
YIELD node, score
WHERE node <> p
RETURN node.id AS id, node.title AS title, score ORDER BY score DESC, id LIMIT $k
"""
NEAREST_TO_VECTOR = f"""
CALL db.index.vector.queryNodes('{PAPER_VECTOR}', $k, $vector) YIELD node, score
RETURN node.id AS id, node.title AS title, score ORDER BY score DESC, id
"""

# --- statistics -----------------------------------------------------------------------------
COUNT_PAPERS = (
    f"MATCH (p:{PAPER}) WHERE {NOT_STUB} "
    f"RETURN count(p) AS n, count(p.{PAPER_EMBEDDING}) AS embedded"
)
COUNT_STUBS = f"MATCH (p:{PAPER} {{{PAPER_STUB}: true}}) RETURN count(p) AS n"
COUNT_AUTHORS = f"MATCH (a:{AUTHOR}) RETURN count(a) AS n"
COUNT_VENUES = f"MATCH (v:{VENUE}) RETURN count(v) AS n"
COUNT_ENTITIES_BY_TYPE = f"MATCH (e:{ENTITY}) RETURN e.type AS type, count(e) AS n ORDER BY type"
COUNT_RELATIONSHIPS_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type"
TOP_ENTITIES = f"""
MATCH (e:{ENTITY} {{type: $type}})
RETURN e.id AS id, e.name AS name, e.paper_count AS papers
ORDER BY papers DESC, name LIMIT $limit
"""

# --- export ---------------------------------------------------------------------------------
_EXPORTED = f"{PAPER}|{ENTITY}|{AUTHOR}|{VENUE}"
EXPORT_NODES = f"""
MATCH (n:{_EXPORTED})
RETURN labels(n) AS labels, properties(n) AS props ORDER BY props.id
"""
EXPORT_RELATIONSHIPS = f"""
MATCH (a:{_EXPORTED})-[r]->(b:{_EXPORTED})
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
ORDER BY type, source, target
"""

# --- entity merge ---------------------------------------------------------------------------
ALL_ENTITY_NAMES = f"""
MATCH (e:{ENTITY})
RETURN e.id AS id, e.name AS name, e.type AS type, coalesce(e.paper_count, 0) AS papers
ORDER BY id
"""
FIND_ENTITY = f"""
MATCH (e:{ENTITY}) WHERE e.id = $key OR toLower(e.name) = toLower($key)
RETURN e.id AS id, e.name AS name, e.type AS type, coalesce(e.merged_ids, []) AS merged_ids,
       coalesce(e.merged_aliases, []) AS merged_aliases
ORDER BY CASE WHEN e.id = $key THEN 0 ELSE 1 END, id
"""
MENTIONS_OF_ENTITIES = f"""
MATCH (p:{PAPER})-[m:{MENTIONS}]->(e:{ENTITY}) WHERE e.id IN $ids
RETURN p.id AS paper, e.id AS entity, properties(m) AS props ORDER BY paper, entity
"""
DROP_ENTITY_MENTIONS = (
    f"UNWIND $rows AS row MATCH (:{PAPER})-[m:{MENTIONS}]->(:{ENTITY} {{id: row.id}}) DELETE m"
)
FOLD_ENTITY = f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.source}}), (b:{ENTITY} {{id: row.target}})
SET b.merged_ids = row.merged_ids, b.merged_aliases = row.merged_aliases, b.dirty = true
DETACH DELETE a
"""
MARK_SHARED_DIRTY = (
    f"UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}}) SET p.shared_dirty = true"
)
