"""Response bodies of the API (they make the OpenAPI schema at ``/docs``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from extract.records import EntityType


class PaperSummary(BaseModel):
    id: str
    title: str | None = None
    authors: list[str] | None = None
    published: str | None = None
    url: str | None = None
    score: float | None = None  # full-text or vector score when the list is a search


class PaperPage(BaseModel):
    items: list[PaperSummary]
    next_cursor: str | None = None


class Evidence(BaseModel):
    """One mention of an entity: ``abstract[start:end] == text``, or ``title[start:end]`` when
    ``field`` is ``"title"`` (then ``sentence`` is the title)."""

    start: int
    end: int
    text: str
    sentence: str  # the sentence the mention sits in
    field: Literal["abstract", "title"] = "abstract"


class PaperEntity(BaseModel):
    id: str
    name: str | None = None
    type: EntityType | str | None = None
    count: int = 0
    evidence: list[Evidence] = []


class PaperDetail(BaseModel):
    id: str
    title: str | None = None
    abstract: str | None = None
    authors: list[str] | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    has_embedding: bool = False
    entities: list[PaperEntity]
    references: list[str] = []
    cited_by: int = 0


class Neighbour(BaseModel):
    id: str
    title: str | None = None
    score: float | None = None


class SharedEntity(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None


class RelatedPaper(BaseModel):
    id: str
    title: str | None = None
    weight: float | None = None
    shared: list[SharedEntity] = []


class PredictedPaper(Neighbour):
    model: str | None = None


class NeighbourList(BaseModel):
    """Neighbours of one paper; ``note`` says why the list is empty when it is."""

    id: str
    items: list[Any]
    note: str | None = None


class SimilarList(NeighbourList):
    items: list[Neighbour]


class RelatedList(NeighbourList):
    items: list[RelatedPaper]


class PredictedList(NeighbourList):
    items: list[PredictedPaper]


class EntitySummary(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    aliases: list[str] = []
    paper_count: int = 0
    score: float | None = None


class EntityPage(BaseModel):
    items: list[EntitySummary]
    next_cursor: str | None = None


class CoOccurring(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    papers: int


class EntityDetail(EntitySummary):
    co_occurring: list[CoOccurring] = []


class EntityPaper(PaperSummary):
    mentions: int = 1


class EntityPaperPage(BaseModel):
    items: list[EntityPaper]
    next_cursor: str | None = None


class SearchResults(BaseModel):
    query: str
    items: list[PaperSummary]


class GraphNode(BaseModel):
    id: str
    kind: str  # "Paper" or "Entity"
    type: str  # "PAPER" or the entity type
    label: str
    published: str | None = None


class GraphEdge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    weight: float
    properties: dict[str, Any] = {}


class Subgraph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    row_count: int
    truncated: bool
    truncated_by: Literal["rows", "bytes"] | None = None  # which cap cut the result short
    elapsed_ms: float
