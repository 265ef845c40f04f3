"""``POST /cypher``: read-only Cypher for power users.

Two defences: the lexical guard refuses anything that writes or administers (400 naming
why), and what passes runs in a READ transaction, which the server refuses to write in.
A server-side timeout and a row cap bound the work.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends, Request
from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field

from api.cypher_guard import CypherRefused, check_read_only
from api.deps import AppSettings, require_read_key
from api.errors import ApiError, ErrorResponse
from api.graph_json import to_json
from api.responses import CypherResult
from api.settings import Settings

router = APIRouter(
    tags=["cypher"],
    dependencies=[Depends(require_read_key)],
    responses={
        400: {"model": ErrorResponse},
        408: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)


class CypherRequest(BaseModel):
    query: str = Field(
        min_length=1, max_length=20_000, examples=["MATCH (p:Paper) RETURN p.title LIMIT 5"]
    )
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(default=None, ge=1, description="Row cap (at most the server's cap)")


def run_read_only(
    driver: Driver, settings: Settings, text: str, params: dict[str, Any], max_rows: int
) -> CypherResult:
    """Run ``text`` in a READ transaction with the server-side timeout; keep ``max_rows`` rows."""
    started = time.perf_counter()
    rows: list[list[Any]] = []
    truncated = False
    with driver.session(
        database=settings.neo4j_database, default_access_mode=READ_ACCESS
    ) as session:
        with session.begin_transaction(timeout=settings.cypher_timeout_s) as tx:
            result = tx.run(text, params)
            columns = list(result.keys())
            for record in result:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append([to_json(value) for value in record.values()])
            tx.rollback()  # nothing to keep, and nothing was written
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    return CypherResult(
        columns=columns, rows=rows, row_count=len(rows), truncated=truncated, elapsed_ms=elapsed
    )


def _driver_error(exc: Neo4jError) -> ApiError:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code:
        return ApiError(
            408,
            "the query ran past the server-side timeout",
            code="cypher_timeout",
            detail=exc.message,
        )
    if "AccessMode" in code or "Forbidden" in code or "Security" in code:
        return ApiError(
            400,
            "refused: the query tried to write or administer",
            code="cypher_refused",
            detail=exc.message,
        )
    return ApiError(
        400,
        "Neo4j rejected the query",
        code="cypher_error",
        detail={"neo4j_code": code, "message": exc.message},
    )


@router.post("/cypher", response_model=CypherResult, summary="Run read-only Cypher")
def cypher(body: CypherRequest, settings: AppSettings, request: Request) -> CypherResult:
    try:
        check_read_only(body.query)
    except CypherRefused as exc:
        raise ApiError(
            400, f"refused: {exc}", code="cypher_refused", detail={"reason": str(exc)}
        ) from exc
    max_rows = min(body.limit or settings.cypher_max_rows, settings.cypher_max_rows)
    try:
        return run_read_only(request.app.state.driver, settings, body.query, body.params, max_rows)
    except (ServiceUnavailable, SessionExpired):
        raise
    except Neo4jError as exc:
        raise _driver_error(exc) from exc
    except (TypeError, ValueError) as exc:  # parameters the driver cannot send
        raise ApiError(
            400, "a parameter could not be sent to Neo4j", code="cypher_error", detail=str(exc)
        ) from exc
