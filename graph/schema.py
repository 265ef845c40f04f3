"""Names of the graph: labels, relationship types, properties and index names.

Code, README example queries, the Bloom perspective and the Browser style all read these
constants, so renaming one place renames all.
"""

from __future__ import annotations

from extract.records import ENTITY_TYPES, EntityType

# Node labels
PAPER = "Paper"
ENTITY = "Entity"
AUTHOR = "Author"  # (:Author {id, name}): source id (OpenAlex, S2, ORCID) or normalised name
VENUE = "Venue"  # (:Venue {id, name})
TYPE_LABELS: dict[EntityType, str] = {
    "MODEL": "Model",
    "DATASET": "Dataset",
    "METHOD": "Method",
    "TASK": "Task",
    "METRIC": "Metric",
}
assert set(TYPE_LABELS) == set(ENTITY_TYPES)

# Relationship types
# (:Paper)-[:MENTIONS {count, spans, sentences}]->(:Entity); a sentence of -1 is the title
MENTIONS = "MENTIONS"
SHARES_ENTITIES = "SHARES_ENTITIES"  # (:Paper)-[{weight, shared, count}]->(:Paper)
SIMILAR_TO = "SIMILAR_TO"  # (:Paper)-[{score, rank}]->(:Paper)
CITES = "CITES"  # (:Paper)-[:CITES]->(:Paper), resolved across sources; stubs for the rest
PREDICTED_LINK = "PREDICTED_LINK"  # (:Paper)-[{score, model}]->(:Paper)
AUTHORED = "AUTHORED"  # (:Author)-[:AUTHORED {position}]->(:Paper)
PUBLISHED_IN = "PUBLISHED_IN"  # (:Paper)-[:PUBLISHED_IN]->(:Venue)
RELATIONSHIP_TYPES = (MENTIONS, SHARES_ENTITIES, SIMILAR_TO, CITES, PREDICTED_LINK)

# Properties
PAPER_YEAR = "year"  # int
PAPER_DATE = "date"  # ISO "YYYY-MM-DD" when the day is known
PAPER_DOI = "doi"  # lower case, no "https://doi.org/"
PAPER_VENUE = "venue"  # the venue's name (the node is reached by PUBLISHED_IN)
PAPER_EXTERNAL_IDS = "external_ids"  # ["doi:…", "arxiv:…", "pmid:…", "openalex:W…", "s2:…", …]
# true for a paper known only as the target of a reference (no abstract, no entities, no
# embedding); false for papers read from a corpus
PAPER_STUB = "stub"
PAPER_PROPERTIES = (
    "id",
    "title",
    "abstract",
    "authors",
    "published",
    "url",
    "source",
    PAPER_YEAR,
    PAPER_DATE,
    PAPER_DOI,
    PAPER_VENUE,
    PAPER_EXTERNAL_IDS,
    PAPER_STUB,
)
PAPER_EMBEDDING = "embedding"
PAPER_GNN_EMBEDDING = "gnn_embedding"
ENTITY_PROPERTIES = ("id", "name", "type", "aliases", "paper_count")
AUTHOR_IDS = "ids"  # every id the author is known by (the node's id among them)
AUTHOR_PROPERTIES = ("id", "name", AUTHOR_IDS)
AUTHORED_POSITION = "position"  # 0-based place in the paper's author list
VENUE_PROPERTIES = ("id", "name")

# Index and constraint names
PAPER_ID_CONSTRAINT = "paper_id"
ENTITY_ID_CONSTRAINT = "entity_id"
AUTHOR_ID_CONSTRAINT = "author_id"
VENUE_ID_CONSTRAINT = "venue_id"
PAPER_YEAR_INDEX = "paper_year"
PAPER_DOI_INDEX = "paper_doi"
PAPER_FULLTEXT = "paper_text"
ENTITY_FULLTEXT = "entity_names"
PAPER_VECTOR = "paper_embedding"
PAPER_GNN_VECTOR = "paper_gnn_embedding"
EMBEDDING_DIM = 384  # all-MiniLM-L6-v2
