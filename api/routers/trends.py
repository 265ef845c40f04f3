"""``/trends`` (entities rising by growth) and ``/entities/{id}/trend`` (papers per year).

Growth of an entity since a year S: the share of in-scope papers from S on that mention it,
minus the share of in-scope papers before S that mention it (in share points, −1…1). In scope
are the papers with a year (up to ``until`` when given) and, with ``task=``, only those that
mention that task. Shares rather than counts, so a corpus that grows over time does not make
everything rise. Included before the entities router, whose ``/entities/{entity_id}`` would
otherwise match ``…/trend``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from api import scholarly_queries as queries
from api.deps import Reader
from api.errors import ApiError, not_found
from api.pagination import CursorQuery, Limit, cursor_params, page, read_router
from api.params import EntityTypeParam
from api.scholarly_responses import EntityTrend, RisingEntity, TrendPage, TrendYear
from graph.store import GraphStore

router = read_router("trends")
Year = Annotated[int | None, Query(ge=1000, le=3000)]
DEFAULT_WINDOW = 3  # without ``since``: the last three years of the corpus against the rest


def _check_years(since: int | None, until: int | None) -> None:
    if since is not None and until is not None and since > until:
        raise ApiError(422, "since is after until", detail={"since": since, "until": until})


def filled_years(rows: list[dict[str, Any]]) -> list[TrendYear]:
    """Papers per year from the first year to the last, zeros for the years between."""
    found = {row["year"]: row for row in rows}
    if not found:
        return []
    return [
        TrendYear(
            year=year,
            papers=found[year]["papers"] if year in found else 0,
            share=found[year]["papers"] / found[year]["all_papers"] if year in found else 0.0,
        )
        for year in range(min(found), max(found) + 1)
    ]


@router.get(
    "/entities/{entity_id:path}/trend",
    response_model=EntityTrend,
    summary="Papers per year mentioning an entity",
)
def entity_trend(
    entity_id: str, reader: Reader, since: Year = None, until: Year = None
) -> EntityTrend:
    _check_years(since, until)
    row = reader.one(queries.ENTITY_TREND, id=entity_id, since=since, until=until)
    if row is None:
        raise not_found("entity", entity_id)
    return EntityTrend(**{**row, "years": filled_years(row["years"])})


def _task_id(reader: GraphStore, task: str | None) -> str | None:
    if not task:
        return None
    found = reader.one(queries.TASK_LOOKUP, task=task)
    if found is None:
        raise not_found("task", task)
    return str(found["id"])


@router.get("/trends", response_model=TrendPage, summary="Entities rising since a year")
def rising_entities(
    reader: Reader,
    entity_type: Annotated[EntityTypeParam | None, Query(alias="type")] = None,
    task: Annotated[
        str | None, Query(max_length=500, description="Task entity id or name: papers on it")
    ] = None,
    since: Annotated[
        int | None, Query(ge=1000, le=3000, description="default: the last three years")
    ] = None,
    until: Year = None,
    min_papers: Annotated[
        int, Query(ge=1, le=10_000, description="least papers since `since`")
    ] = 2,
    limit: Limit = 20,
    cursor: CursorQuery = None,
) -> TrendPage:
    _check_years(since, until)
    task_id = _task_id(reader, task)
    if since is None:
        latest = until or (reader.one(queries.LATEST_YEAR) or {}).get("year")
        since = int(latest) - DEFAULT_WINDOW + 1 if latest is not None else 0
    params: dict[str, Any] = dict(
        type=entity_type, task=task_id, since=since, until=until, min_papers=min_papers
    )
    rows = reader.rows(queries.TRENDS, limit=limit + 1, **params, **cursor_params(cursor))
    items, next_cursor = page(rows, limit, key="key")
    totals = items[0] if items else reader.one(queries.TREND_TOTALS, **params) or {}
    return TrendPage(
        since=since,
        until=until,
        task=task_id,
        recent_total=totals.get("recent_total", 0),
        earlier_total=totals.get("earlier_total", 0),
        items=[RisingEntity.model_validate(row) for row in items],
        next_cursor=next_cursor,
    )
