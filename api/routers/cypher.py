"""``POST /cypher``: read-only Cypher for power users.

Two defences: the lexical guard refuses anything that writes or administers (400 naming
why), and what passes runs in a READ transaction, which the server refuses to write in.
The work is bounded by ``CypherRunner``: a deadline (408), a cap on queries at once (429),
and caps on rows and bytes; Neo4j's transaction memory limits answer 400 or 429.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field

from api.cypher_guard import CypherRefused, check_read_only
from api.cypher_runner import CypherRunner, timed_out
from api.deps import AppSettings, require_read_key
from api.errors import ApiError, error_responses
from api.responses import CypherResult

router = APIRouter(
    tags=["cypher"],
    dependencies=[Depends(require_read_key)],
    responses=error_responses(400, 408, 429, 503),
)


class CypherRequest(BaseModel):
    query: str = Field(
        min_length=1, max_length=20_000, examples=["MATCH (p:Paper) RETURN p.title LIMIT 5"]
    )
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(default=None, ge=1, description="Row cap (at most the server's cap)")


def _driver_error(exc: Neo4jError, timeout_s: float) -> ApiError:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code:
        return timed_out(timeout_s, exc.message or code)
    if "MemoryPoolOutOfMemoryError" in code:
        return _memory_error(exc)
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


def _memory_error(exc: Neo4jError) -> ApiError:
    """The query's own memory limit (400: it would never fit), or all queries' (429: later)."""
    message = exc.message or ""
    if "dbms.memory.transaction.total.max" in message:
        return ApiError(
            429,
            "Neo4j's memory for all transactions is in use; retry shortly",
            code="cypher_memory_busy",
            detail=message,
            retry_after=2,
        )
    return ApiError(
        400,
        "the query needs more memory than one transaction may use: "
        "aggregate, LIMIT or filter earlier",
        code="cypher_memory_limit",
        detail=message,
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
    runner: CypherRunner = request.app.state.cypher_runner
    try:
        return runner.run(body.query, body.params, max_rows, settings.cypher_max_bytes)
    except (ServiceUnavailable, SessionExpired):
        raise
    except Neo4jError as exc:
        raise _driver_error(exc, settings.cypher_timeout_s) from exc
    except (TypeError, ValueError) as exc:  # parameters the driver cannot send
        raise ApiError(
            400, "a parameter could not be sent to Neo4j", code="cypher_error", detail=str(exc)
        ) from exc
