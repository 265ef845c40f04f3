"""``POST /papers``: incremental ingest through the same pipeline as ``citegraph ingest``;
``DELETE /papers/{paper_id}``: removal, as ``citegraph delete`` does.

Needs the API key. Each record is validated on its own: bad ones are reported with their
position and reason, the good ones are ingested.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, ValidationError

from api import queries, wiring
from api.cache import ResponseCache
from api.deps import require_write_key
from api.errors import ApiError, error_responses
from api.settings import Settings
from extract.readers.mapping import paper_from_mapping
from extract.records import Paper
from graph.store import GraphStore, GraphStoreError

if TYPE_CHECKING:
    from graph.build import BuildResult, GraphBuilder
    from graph.delete import DeleteResult

router = APIRouter(
    tags=["papers"],
    dependencies=[Depends(require_write_key)],
    responses=error_responses(401, 403, 422, 503),
)
MAX_PAPERS = 1000
LOCK_WAIT_S = 30.0  # for a build or ingest on the same data dir to finish, then 503
EXAMPLE = {
    "id": "arxiv:2010.01057",
    "title": "LUKE: Deep Contextualized Entity Representations",
    "abstract": "We propose LUKE, pretrained on Wikipedia and evaluated on SQuAD 1.1 ...",
}


class IngestedPaper(BaseModel):
    id: str
    entities: list[dict[str, Any]]
    shared_entity_links: int
    similar_links: int
    citation_links: int


class RejectedPaper(BaseModel):
    index: int  # 0-based position in the request
    id: str | None
    reason: str


class IngestResult(BaseModel):
    ids: list[str]
    papers: list[IngestedPaper]
    rejected: list[RejectedPaper]
    papers_written: int
    papers_unchanged: int
    links_relinked: int


class DeletedPaper(BaseModel):
    id: str  # the paper's id (the path may have named it by an external id)
    citers_repointed: int  # papers citing it, whose citation now points to a stub
    links_relinked: int


class IngestService:
    """Runs the build pipeline on the app's store; the extractor and embedder load on the
    first ingest."""

    def __init__(self, settings: Settings, store: GraphStore, cache: ResponseCache) -> None:
        self.settings = settings
        self.store = store
        self.cache = cache
        self._builder: GraphBuilder | None = None
        self._lock = threading.Lock()

    def _pipeline(self) -> GraphBuilder:
        if self._builder is None:
            self.store.ensure_schema()
            self._builder = wiring.graph_builder(self.settings, self.store)
        return self._builder

    @contextmanager
    def _write(self, action: str) -> Iterator[None]:
        """One write at a time, here and in every citegraph build/ingest on this data dir (the
        pipeline relinks shared state). A request that waits ``LOCK_WAIT_S`` for its turn, or
        for the data dir's pipeline lock, gets 503 with Retry-After rather than hanging; a
        database failure is 503 too. The response cache is cleared whatever happens."""
        from graph.pipeline_lock import PipelineBusyError, PipelineLock

        if not self._lock.acquire(timeout=LOCK_WAIT_S):
            raise ApiError(
                503,
                f"another write to this graph has run for over {LOCK_WAIT_S:g} s; retry later",
                code="pipeline_busy",
                retry_after=30,
            )
        try:
            with PipelineLock(self.settings.data_dir, wait_s=LOCK_WAIT_S, purpose=f"API {action}"):
                yield
        except PipelineBusyError as exc:
            raise ApiError(503, str(exc), code="pipeline_busy", retry_after=30) from exc
        except GraphStoreError as exc:
            raise ApiError(
                503, f"{action} failed: {exc}", code=f"{action}_failed", retry_after=5
            ) from exc
        finally:
            self.cache.clear()  # neighbours of other papers may have changed too
            self._lock.release()

    def add(self, papers: list[Paper]) -> tuple[BuildResult, list[dict[str, Any]]]:
        """Run the pipeline on ``papers``; return its result and what each paper got."""
        with self._write("ingest"):
            result = self._pipeline().add(papers)
        return result, self.store.rows(queries.INGESTED, ids=[p.id for p in papers])

    def delete(self, paper_id: str) -> DeleteResult:
        """Delete one paper through the pipeline; its result says what was deleted."""
        with self._write("delete"):
            return self._pipeline().delete([paper_id])


def parse_papers(body: Any) -> tuple[list[Paper], list[RejectedPaper]]:
    """Read each record as the JSONL reader does (same validation, same stable ids, so a paper
    sent here and through ``citegraph ingest`` is one node); the last of duplicate ids wins."""
    records = body if isinstance(body, list) else [body]
    if len(records) > MAX_PAPERS:
        raise ApiError(
            413, f"at most {MAX_PAPERS} papers per request", detail={"given": len(records)}
        )
    papers: dict[str, Paper] = {}
    rejected = []
    for index, record in enumerate(records):
        try:
            paper = paper_from_mapping(record, source="api")
        except (ValidationError, ValueError) as exc:
            ident = record.get("id") if isinstance(record, dict) else None
            reason = _reason(exc)
            rejected.append(
                RejectedPaper(
                    index=index, id=ident if isinstance(ident, str) else None, reason=reason
                )
            )
            continue
        papers[paper.id] = paper
    return list(papers.values()), rejected


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors()
        )
    return str(exc)


@router.post("/papers", response_model=IngestResult, summary="Ingest one or many papers (API key)")
def ingest_papers(
    request: Request,
    body: Annotated[dict[str, Any] | list[Any], Body(examples=[EXAMPLE, [EXAMPLE]])],
) -> IngestResult:
    papers, rejected = parse_papers(body)
    if not papers:
        raise ApiError(
            422, "no valid paper in the request", detail=[r.model_dump() for r in rejected]
        )
    service: IngestService = request.app.state.ingest
    result, rows = service.add(papers)
    return IngestResult(
        ids=[p.id for p in papers],
        papers=[IngestedPaper.model_validate(row) for row in rows],
        rejected=rejected,
        papers_written=result.papers_written,
        papers_unchanged=result.papers_unchanged,
        links_relinked=result.shared_relinked + result.similar_relinked,
    )


@router.delete(
    "/papers/{paper_id:path}",
    response_model=DeletedPaper,
    summary="Delete a paper (API key); papers citing it keep the citation, to a stub",
    responses=error_responses(404),
)
def delete_paper(request: Request, paper_id: str) -> DeletedPaper:
    service: IngestService = request.app.state.ingest
    result = service.delete(paper_id)
    if not result.deleted:
        raise ApiError(404, f"no paper with id {paper_id!r}", detail={"id": paper_id})
    return DeletedPaper(
        id=result.deleted[0],
        citers_repointed=result.citers_repointed,
        links_relinked=result.shared_relinked + result.similar_relinked,
    )
