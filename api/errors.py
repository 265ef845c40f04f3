"""The one JSON error shape of the API and the handlers that produce it.

Every error, whatever raised it, answers ``{"error": {"status", "code", "message",
"detail", "retry_after"}}``: unknown ids (404), bad parameters (422), refused Cypher (400),
missing API key (401/403), Neo4j unreachable (503 with ``Retry-After``).
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store import GraphUnavailableError

log = logging.getLogger(__name__)
Row = TypeVar("Row")

NEO4J_RETRY_AFTER_S = 5
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    413: "too_large",
    422: "invalid_parameters",
    500: "internal_error",
    503: "unavailable",
}


class ErrorBody(BaseModel):
    """What went wrong, for people and for programs."""

    status: int
    code: str
    message: str
    detail: Any | None = None
    retry_after: int | None = None


class ErrorResponse(BaseModel):
    """The envelope of every error response."""

    error: ErrorBody


class ApiError(Exception):
    """An error the API answers on purpose, in the one error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        detail: Any | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.detail = detail
        self.retry_after = retry_after


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a router: each status answers with the one error shape."""
    return {status: {"model": ErrorResponse} for status in statuses}


def not_found(kind: str, ident: str) -> ApiError:
    """404 for an unknown paper or entity id."""
    return ApiError(404, f"no {kind} with id {ident!r}", detail={"kind": kind, "id": ident})


def found(row: Row | None, kind: str, ident: str) -> Row:
    """The row looked up by ``ident``; 404 when there is none (no such ``kind``)."""
    if row is None:
        raise not_found(kind, ident)
    return row


def vector_index_unavailable(exc: Exception) -> ApiError:
    """503 for a vector query before ``citegraph link`` has created the index, or against an
    index made for another embedding backend's dimension."""
    return ApiError(
        503,
        "the vector index is not available: run `citegraph link` (after a change of "
        "CITEGRAPH_EMBED_BACKEND, `citegraph build`, which embeds again with it)",
        code="index_unavailable",
        detail=getattr(exc, "message", None) or str(exc),
        retry_after=60,
    )


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    """Render an :class:`ApiError` as the one JSON error shape."""
    body = ErrorBody(
        status=error.status,
        code=error.code,
        message=error.message,
        detail=error.detail,
        retry_after=error.retry_after,
    )
    all_headers = dict(headers or {})
    if error.retry_after is not None:
        all_headers["Retry-After"] = str(error.retry_after)
    content = jsonable_encoder(ErrorResponse(error=body))
    return JSONResponse(content, status_code=error.status, headers=all_headers or None)


def neo4j_unavailable(exc: Exception) -> ApiError:
    """503 telling the client to retry: the driver reconnects once Neo4j is back."""
    return ApiError(
        503,
        "Neo4j is unreachable; the API keeps running and recovers when it is back",
        code="neo4j_unavailable",
        detail=str(exc) or type(exc).__name__,
        retry_after=NEO4J_RETRY_AFTER_S,
    )


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    error = ApiError(exc.status_code, message)
    return error_response(error, headers=dict(exc.headers or {}))


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    return error_response(ApiError(422, "invalid request parameters", detail=problems))


async def _neo4j_down(_: Request, exc: Exception) -> JSONResponse:
    log.warning("Neo4j unavailable: %s", exc)
    return error_response(neo4j_unavailable(exc))


async def _neo4j_busy(_: Request, exc: Exception) -> JSONResponse:
    error = ApiError(
        503, "Neo4j is busy; retry shortly", code="neo4j_busy", detail=str(exc), retry_after=1
    )
    return error_response(error)


async def _neo4j_auth(_: Request, exc: Exception) -> JSONResponse:
    log.error("Neo4j refused the credentials: %s", exc)
    error = ApiError(
        503,
        "Neo4j refused the API's credentials: check NEO4J_USER/NEO4J_PASSWORD",
        code="neo4j_auth_failed",
        retry_after=NEO4J_RETRY_AFTER_S,
    )
    return error_response(error)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(ApiError(500, "internal error", detail=type(exc).__name__))


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through the one error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ServiceUnavailable, _neo4j_down)
    app.add_exception_handler(SessionExpired, _neo4j_down)
    app.add_exception_handler(GraphUnavailableError, _neo4j_down)
    app.add_exception_handler(TransientError, _neo4j_busy)
    app.add_exception_handler(AuthError, _neo4j_auth)
    app.add_exception_handler(Exception, _unexpected)
