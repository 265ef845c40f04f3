"""``/authors`` and ``/venues``: who wrote what, where it appeared, and what it is about."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from api import scholarly_queries as queries
from api.deps import Reader
from api.errors import found
from api.pagination import PageRequest, Paging, read_router
from api.scholarly_responses import AuthorDetail, AuthorPage, VenueDetail, VenuePage

router = read_router("authors")
NameQuery = Annotated[str | None, Query(max_length=200, description="Part of the name, any case")]
TopK = Annotated[int, Query(ge=1, le=100, description="How many co-authors / entities")]
PaperLimit = Annotated[int, Query(ge=1, le=500, description="How many papers, newest first")]


def _browse(reader: Reader, query: str, q: str | None, paging: PageRequest) -> Any:
    needle = (q or "").strip().lower() or None
    return paging.of(reader.rows(query, q=needle, **paging.params()))


@router.get(
    "/authors", response_model=AuthorPage, summary="List (most papers first) or find authors"
)
def list_authors(reader: Reader, paging: Paging, q: NameQuery = None) -> AuthorPage:
    return AuthorPage.model_validate(_browse(reader, queries.AUTHORS_BROWSE, q, paging))


@router.get(
    "/authors/{author_id:path}",
    response_model=AuthorDetail,
    summary="An author with their papers, co-authors and most mentioned entities",
)
def get_author(
    author_id: str, reader: Reader, k: TopK = 10, limit: PaperLimit = 50
) -> AuthorDetail:
    row = reader.one(queries.AUTHOR_DETAIL, id=author_id, k=k, limit=limit)
    return AuthorDetail.model_validate(found(row, "author", author_id))


@router.get("/venues", response_model=VenuePage, summary="List (most papers first) or find venues")
def list_venues(reader: Reader, paging: Paging, q: NameQuery = None) -> VenuePage:
    return VenuePage.model_validate(_browse(reader, queries.VENUES_BROWSE, q, paging))


@router.get(
    "/venues/{venue_id:path}",
    response_model=VenueDetail,
    summary="A venue with its papers, papers per year, top authors and entities",
)
def get_venue(venue_id: str, reader: Reader, k: TopK = 10, limit: PaperLimit = 50) -> VenueDetail:
    row = reader.one(queries.VENUE_DETAIL, id=venue_id, k=k, limit=limit)
    return VenueDetail.model_validate(found(row, "venue", venue_id))
