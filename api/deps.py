"""Request dependencies: settings, the graph reader, the response cache and the API-key checks.

They are ``async`` so that resolving them never costs a trip through the thread pool."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from neo4j import Driver, RoutingControl

from api.cache import ResponseCache
from api.errors import ApiError
from api.settings import Settings

API_KEY_HEADER = "X-API-Key"
_api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)


class GraphReader:
    """Runs parameterised read queries on the configured database."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    def rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of a read query, as dicts."""
        records, _, _ = self.driver.execute_query(
            query, params, database_=self.database, routing_=RoutingControl.READ
        )
        return [record.data() for record in records]

    def one(self, query: str, **params: Any) -> dict[str, Any] | None:
        """The first row of a read query, or None when it matched nothing."""
        found = self.rows(query, **params)
        return found[0] if found else None


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_reader(request: Request) -> GraphReader:
    """The reader over the driver opened in the app's lifespan."""
    reader: GraphReader = request.app.state.reader
    return reader


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
Reader = Annotated[GraphReader, Depends(get_reader)]
