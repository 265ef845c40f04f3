"""``/entities``: list and search entities, one entity with its neighbours, its papers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from api import queries
from api.deps import Reader
from api.errors import found, not_found
from api.pagination import Paging, read_router
from api.params import TypeFilter
from api.responses import EntityDetail, EntityPage, EntityPaperPage
from api.routers.papers import lucene_terms
from graph.schema import ENTITY_FULLTEXT

router = read_router("entities", prefix="/entities")


@router.get("", response_model=EntityPage, summary="List (most mentioned first) or search entities")
def list_entities(
    reader: Reader,
    paging: Paging,
    entity_type: TypeFilter = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text query on names and aliases")
    ] = None,
) -> EntityPage:
    terms = lucene_terms(q or "")
    params: dict[str, Any] = dict(type=entity_type, **paging.params())
    if terms:
        rows = reader.rows(queries.ENTITIES_SEARCH, q=terms, index=ENTITY_FULLTEXT, **params)
    else:
        rows = reader.rows(queries.ENTITIES_BROWSE, **params)
    return EntityPage.model_validate(paging.of(rows))


@router.get(
    "/{entity_id:path}/papers",
    response_model=EntityPaperPage,
    summary="Papers mentioning an entity",
)
def entity_papers(entity_id: str, reader: Reader, paging: Paging) -> EntityPaperPage:
    rows = reader.rows(queries.ENTITY_PAPERS, id=entity_id, **paging.params())
    if not rows and reader.one(queries.ENTITY_EXISTS, id=entity_id) is None:
        raise not_found("entity", entity_id)
    return EntityPaperPage.model_validate(paging.of(rows))


@router.get(
    "/{entity_id:path}",
    response_model=EntityDetail,
    summary="One entity with aliases and co-occurring entities",
)
def get_entity(
    entity_id: str,
    reader: Reader,
    k: Annotated[int, Query(ge=1, le=100, description="How many co-occurring entities")] = 10,
) -> EntityDetail:
    row = reader.one(queries.ENTITY_DETAIL, id=entity_id, k=k)
    return EntityDetail.model_validate(found(row, "entity", entity_id))
