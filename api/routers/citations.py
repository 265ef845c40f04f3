"""``/papers/{id}/citations`` and ``/papers/{id}/references``: who cites a paper, what it cites.

Stub papers (known only from a reference) are listed with ``stub: true``. Included before the
papers router, whose ``/papers/{paper_id}`` would otherwise match these paths.
"""

from __future__ import annotations

from api import scholarly_queries as queries
from api.deps import Reader
from api.errors import found
from api.pagination import PageRequest, Paging, read_router
from api.scholarly_responses import CitationPage

router = read_router("papers", prefix="/papers")


def citation_page(
    reader: Reader, paper_id: str, query: str, count: str, paging: PageRequest
) -> CitationPage:
    """One page of ``query``'s papers (newest first) with the total from ``count``."""
    params = paging.params()
    counts = found(reader.one(queries.PAPER_CITATION_COUNTS, id=paper_id), "paper", paper_id)
    items, next_cursor = paging.split(reader.rows(query, id=paper_id, **params))
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
def paper_citations(paper_id: str, reader: Reader, paging: Paging) -> CitationPage:
    return citation_page(reader, paper_id, queries.PAPER_CITATIONS, "citations", paging)


@router.get(
    "/{paper_id:path}/references",
    response_model=CitationPage,
    summary="Papers a paper cites (stubs marked), newest first",
)
def paper_references(paper_id: str, reader: Reader, paging: Paging) -> CitationPage:
    return citation_page(reader, paper_id, queries.PAPER_REFERENCES, "references", paging)
