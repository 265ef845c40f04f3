"""Request dependencies: settings, the graph store, the response cache and the API-key checks.

The store is the process's one ``GraphStore`` (built by ``api.wiring`` in the app's lifespan):
every read, the ingest service and ``POST /cypher`` go through it.

They are ``async`` so that resolving them never costs a trip through the thread pool."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.cache import ResponseCache
from api.errors import ApiError
from api.settings import Settings
from graph.store import GraphStore

API_KEY_HEADER = "X-API-Key"
_api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    """The store opened in the app's lifespan, shared by every request."""
    store: GraphStore = request.app.state.store
    return store


def _check_key(settings: Settings, given: str | None) -> None:
    expected = settings.api_key
    if not expected:
        raise ApiError(
            403,
            "write endpoints are disabled: set CITEGRAPH_API_KEY on the server to enable them",
            code="writes_disabled",
        )
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise ApiError(
            401,
            f"missing or wrong API key: send it in the {API_KEY_HEADER} header",
            code="bad_api_key",
        )


async def require_write_key(
    settings: Annotated[Settings, Depends(get_settings)],
    key: Annotated[str | None, Security(_api_key_header)],
) -> None:
    """Write endpoints always need the API key (and refuse all writes when none is set)."""
    _check_key(settings, key)


async def require_read_key(
    settings: Annotated[Settings, Depends(get_settings)],
    key: Annotated[str | None, Security(_api_key_header)],
) -> None:
    """Reads are open unless ``CITEGRAPH_API_PROTECT_READS`` is set."""
    if settings.api_protect_reads:
        _check_key(settings, key)


async def get_cache(request: Request) -> ResponseCache:
    """The response cache of the hot read endpoints."""
    cache: ResponseCache = request.app.state.cache
    return cache


AppSettings = Annotated[Settings, Depends(get_settings)]
Cache = Annotated[ResponseCache, Depends(get_cache)]
Reader = Annotated[GraphStore, Depends(get_store)]
