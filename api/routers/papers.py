"""``/papers``: list and search, one paper with its evidence, and its neighbours."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Query, Response
from neo4j.exceptions import ClientError

from api import queries
from api.cache import cached_json
from api.deps import Cache, Reader
from api.errors import found, vector_index_unavailable
from api.pagination import Paging, read_router
from api.params import EntityTypeParam
from api.responses import (
    Evidence,
    PaperDetail,
    PaperEntity,
    PaperPage,
    PredictedList,
    RelatedList,
    SimilarList,
)
from graph.mentions import TITLE_SENTENCE, span_pairs
from graph.schema import PAPER_FULLTEXT, PAPER_VECTOR
from graph.store import GraphStore

router = read_router("papers", prefix="/papers")

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
K = Annotated[int, Query(ge=1, le=100, description="How many neighbours")]


_LUCENE_WORDS = {"AND", "OR", "NOT", "TO"}


def lucene_terms(text: str) -> str:
    """User text as plain full-text terms: Lucene operators are escaped (or lower-cased, for
    AND/OR/NOT), so any input is a valid query."""
    words = (word.lower() if word in _LUCENE_WORDS else word for word in text.split())
    return " ".join(_LUCENE_SPECIAL.sub(r"\\\1", word) for word in words)


@router.get("", response_model=PaperPage, summary="List or full-text search papers")
def list_papers(
    reader: Reader,
    paging: Paging,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text query (title, abstract)")
    ] = None,
    entity: Annotated[
        str | None, Query(max_length=500, description="Entity id or name the paper mentions")
    ] = None,
    entity_type: Annotated[
        EntityTypeParam | None,
        Query(alias="type", description="Only papers mentioning an entity of this type"),
    ] = None,
) -> PaperPage:
    terms = lucene_terms(q or "")
    params: dict[str, Any] = dict(entity=entity or None, type=entity_type, **paging.params())
    if terms:
        rows = reader.rows(queries.PAPERS_SEARCH, q=terms, index=PAPER_FULLTEXT, **params)
    else:
        rows = reader.rows(queries.PAPERS_BROWSE, **params)
    return PaperPage.model_validate(paging.of(rows))


def mention_evidence(abstract: str, mention: dict[str, Any], title: str = "") -> list[Evidence]:
    """Each occurrence of a mention with the sentence it sits in (from the MENTIONS edge); an
    occurrence in the title has the title as its sentence."""
    sentences = list(mention.get("sentences") or [])
    distinct = list(dict.fromkeys(sentences))
    texts = list(mention.get("evidence") or [])
    by_index = dict(zip(distinct, texts, strict=True)) if len(texts) == len(distinct) else {}
    found = []
    try:
        spans = span_pairs(mention.get("spans") or [])
    except ValueError:  # a hand-edited edge: show no evidence rather than fail the page
        spans = []
    for i, (start, end) in enumerate(spans):
        sentence_index = sentences[i] if i < len(sentences) else None
        if sentence_index == TITLE_SENTENCE:
            found.append(Evidence(start=start, end=end, text=title[start:end], sentence=title,
                                  field="title"))
            continue
        sentence = by_index.get(sentence_index) or abstract[max(0, start - 80) : end + 80]
        found.append(Evidence(start=start, end=end, text=abstract[start:end], sentence=sentence))
    return found


@router.get(
    "/{paper_id:path}/similar", response_model=SimilarList, summary="Nearest papers by embedding"
)
async def similar_papers(paper_id: str, reader: Reader, cache: Cache, k: K = 10) -> Response:
    return await cached_json(cache, ("similar", paper_id, k), lambda: similar(reader, paper_id, k))


def similar(reader: GraphStore, paper_id: str, k: int) -> SimilarList:
    """The ``k`` nearest papers in the vector index."""
    try:
        row = reader.one(queries.PAPER_SIMILAR, id=paper_id, k=k, index=PAPER_VECTOR)
    except ClientError as exc:  # the vector index does not exist yet
        raise vector_index_unavailable(exc) from exc
    row = found(row, "paper", paper_id)
    note = None if row["has_embedding"] else "this paper has no embedding yet: run `citegraph link`"
    return SimilarList(id=paper_id, items=row["similar"], note=note)


@router.get(
    "/{paper_id:path}/related", response_model=RelatedList, summary="Papers sharing entities"
)
async def related_papers(paper_id: str, reader: Reader, cache: Cache, k: K = 10) -> Response:
    return await cached_json(cache, ("related", paper_id, k), lambda: related(reader, paper_id, k))


def related(reader: GraphStore, paper_id: str, k: int) -> RelatedList:
    """The ``k`` papers sharing the most weight of entities, with the shared entities."""
    row = reader.one(queries.PAPER_RELATED, id=paper_id, k=k)
    row = found(row, "paper", paper_id)
    note = None if row["related"] else "no paper shares an entity with this one"
    return RelatedList(id=paper_id, items=row["related"], note=note)


@router.get(
    "/{paper_id:path}/predicted", response_model=PredictedList, summary="GNN link predictions"
)
def predicted_papers(paper_id: str, reader: Reader, k: K = 10) -> PredictedList:
    row = reader.one(queries.PAPER_PREDICTED, id=paper_id, k=k)
    row = found(row, "paper", paper_id)
    note = None
    if not row["trained"]:
        note = "the link predictor has not been trained yet: run `citegraph train`"
    elif not row["predicted"]:
        note = "the link predictor predicted no link for this paper"
    return PredictedList(id=paper_id, items=row["predicted"], note=note)


@router.get(
    "/{paper_id:path}", response_model=PaperDetail, summary="One paper with entities and evidence"
)
async def get_paper(paper_id: str, reader: Reader, cache: Cache) -> Response:
    return await cached_json(cache, ("paper", paper_id), lambda: paper_detail(reader, paper_id))


def paper_detail(reader: GraphStore, paper_id: str) -> PaperDetail:
    """A paper with its entities and the evidence of each mention."""
    row = reader.one(queries.PAPER_DETAIL, id=paper_id)
    row = found(row, "paper", paper_id)
    paper = row["paper"]
    abstract = paper.get("abstract") or ""
    entities = [
        PaperEntity(
            id=e["id"],
            name=e["name"],
            type=e["type"],
            count=e.get("count") or 0,
            evidence=mention_evidence(abstract, e, paper.get("title") or ""),
        )
        for e in row["entities"]
    ]
    return PaperDetail(
        **paper,
        entities=entities,
        has_embedding=row["has_embedding"],
        references=row["references"],
        cited_by=row["cited_by"],
    )
