"""``/papers/{id}/citations`` and ``/papers/{id}/references``: who cites a paper, what it cites.

Stub papers (known only from a reference) are listed with ``stub: true``. Included before the
papers router, whose ``/papers/{paper_id}`` would otherwise match these paths.
"""

from __future__ import annotations

from api import scholarly_queries as queries
from api.deps import Reader
from api.errors import not_found
from api.pagination import CursorQuery, Limit, cursor_params, page, read_router
from api.scholarly_responses import CitationPage

router = read_router("papers", prefix="/papers")


def citation_page(
    reader: Reader, paper_id: str, query: str, count: str, limit: int, cursor: str | None
) -> CitationPage:
    """One page of ``query``'s papers (newest first) with the total from ``count``."""
    params = cursor_params(cursor)
    counts = reader.one(queries.PAPER_CITATION_COUNTS, id=paper_id)
    if counts is None:
        raise not_found("paper", paper_id)
    rows = reader.rows(query, id=paper_id, limit=limit + 1, **params)
    items, next_cursor = page(rows, limit, key="key")
    return CitationPage(
        id=paper_id,
        total=counts[count],
        items=[row["paper"] for row in items],
        next_cursor=next_cursor,
    )


@router.get(
    "/{paper_id:path}/citations",
    response_model=CitationPage,
    summary="Papers citing a paper, newest first",
)
def paper_citations(
    paper_id: str, reader: Reader, limit: Limit = 20, cursor: CursorQuery = None
) -> CitationPage:
    return citation_page(reader, paper_id, queries.PAPER_CITATIONS, "citations", limit, cursor)


@router.get(
    "/{paper_id:path}/references",
    response_model=CitationPage,
    summary="Papers a paper cites (stubs marked), newest first",
)
def paper_references(
    paper_id: str, reader: Reader, limit: Limit = 20, cursor: CursorQuery = None
) -> CitationPage:
    return citation_page(reader, paper_id, queries.PAPER_REFERENCES, "references", limit, cursor)
