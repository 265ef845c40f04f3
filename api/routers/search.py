"""``/search``: semantic search — embed the query, ask the vector index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from neo4j.exceptions import ClientError

from api import queries
from api.deps import Reader, require_read_key
from api.errors import ApiError, error_responses, vector_index_unavailable
from api.responses import SearchResults
from api.semantic import QueryEmbedder
from graph.schema import PAPER_VECTOR

router = APIRouter(
    tags=["search"],
    dependencies=[Depends(require_read_key)],
    responses=error_responses(422, 503),
)


def get_query_embedder(request: Request) -> QueryEmbedder:
    embedder: QueryEmbedder = request.app.state.query_embedder
    return embedder


@router.get(
    "/search", response_model=SearchResults, summary="Semantic search over paper embeddings"
)
def semantic_search(
    reader: Reader,
    embedder: Annotated[QueryEmbedder, Depends(get_query_embedder)],
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Free text")],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchResults:
    text = q.strip()
    if not text:
        raise ApiError(422, "the query is blank", detail={"q": q})
    vector = embedder.embed(text)
    try:
        rows = reader.rows(queries.SEMANTIC_SEARCH, index=PAPER_VECTOR, k=k, embedding=vector)
    except ClientError as exc:
        raise vector_index_unavailable(exc) from exc
    return SearchResults.model_validate({"query": text, "items": rows})
