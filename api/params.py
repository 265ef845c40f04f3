"""Query-parameter edges shared by the routers: entity types in any case, and unknown
parameters refused by name (a misspelt ``?limt=5`` would otherwise be ignored silently)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BeforeValidator

from api.errors import ApiError
from extract.records import EntityType


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


# ``type=Dataset``, ``type=dataset`` and ``type=DATASET`` are one type
EntityTypeParam = Annotated[EntityType, BeforeValidator(_upper)]
# ``?type=``: only entities (or papers mentioning entities) of one type
TypeFilter = Annotated[EntityTypeParam | None, Query(alias="type")]

_known: dict[int, frozenset[str]] = {}  # route id -> its query parameter names


def _walk_query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _walk_query_names(sub)
    return names


def _query_names(route: APIRoute) -> frozenset[str]:
    if id(route) not in _known:
        _known[id(route)] = frozenset(_walk_query_names(route.dependant))
    return _known[id(route)]


async def reject_unknown_query_params(request: Request) -> None:
    """422 naming each query parameter the route does not take, and those it does."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        names = ", ".join(unknown)
        raise ApiError(
            422,
            f"unknown query parameter{'s' if len(unknown) > 1 else ''}: {names}",
            code="unknown_parameter",
            detail={"unknown": unknown, "accepted": sorted(known)},
        )
