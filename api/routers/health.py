"""``/health`` (API and Neo4j status) and ``/stats`` (what the graph holds)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel

from api import queries
from api.deps import AppSettings, Reader, require_read_key
from api.errors import error_responses, neo4j_unavailable
from api.training import TrainingStatus, read_status, status_path
from graph.schema import PREDICTED_LINK
from graph.stats import graph_counts

router = APIRouter(tags=["health"], responses=error_responses(503))


class Health(BaseModel):
    status: str
    api: str
    neo4j: str
    neo4j_uri: str
    database: str
    neo4j_latency_ms: float
    link_prediction: TrainingStatus | None = None  # None: never trained in this data directory


class Stats(BaseModel):
    papers: int  # stubs (papers known only as the target of a reference) apart
    papers_with_embedding: int
    stubs: int
    authors: int
    venues: int
    entities: dict[str, int]
    relationships: dict[str, int]
    indexes: list[dict[str, Any]]
    link_predictor_trained: bool


@router.get(
    "/health", response_model=Health, summary="API and Neo4j status (503 when Neo4j is down)"
)
def health(reader: Reader, settings: AppSettings) -> Health:
    started = time.perf_counter()
    try:
        reader.rows(queries.PING)
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        error = neo4j_unavailable(exc)
        error.detail = {"api": "ok", "neo4j": "unavailable", "reason": str(exc)}
        raise error from exc
    return Health(
        status="ok",
        api="ok",
        neo4j="ok",
        neo4j_uri=settings.bolt_uri,
        database=settings.neo4j_database,
        neo4j_latency_ms=round((time.perf_counter() - started) * 1000, 2),
        link_prediction=read_status(status_path(settings)),
    )


@router.get(
    "/stats",
    response_model=Stats,
    dependencies=[Depends(require_read_key)],
    summary="Counts of papers, entities by type, relationships by type, indexes",
)
def stats(reader: Reader) -> Stats:
    counts = graph_counts(reader)
    try:
        indexes = reader.rows(queries.INDEXES)
    except Neo4jError:  # a user without SHOW privileges still gets the counts
        indexes = []
    return Stats(
        **counts.model_dump(exclude={"links"}),
        relationships=counts.links,
        indexes=indexes,
        link_predictor_trained=counts.links.get(PREDICTED_LINK, 0) > 0,
    )
