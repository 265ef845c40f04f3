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
from api.errors import ApiError, found
from api.pagination import Paging, read_router
from api.params import TypeFilter
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
    by_year = {row["year"]: row for row in rows}
    if not by_year:
        return []
    return [
        TrendYear(
            year=year,
            papers=by_year[year]["papers"] if year in by_year else 0,
            share=by_year[year]["papers"] / by_year[year]["all_papers"] if year in by_year else 0.0,
        )
        for year in range(min(by_year), max(by_year) + 1)
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
    row = found(row, "entity", entity_id)
    return EntityTrend(**{**row, "years": filled_years(row["years"])})


def _task_id(reader: GraphStore, task: str | None) -> str | None:
    if not task:
        return None
    return str(found(reader.one(queries.TASK_LOOKUP, task=task), "task", task)["id"])


@router.get("/trends", response_model=TrendPage, summary="Entities rising since a year")
def rising_entities(
    reader: Reader,
    paging: Paging,
    entity_type: TypeFilter = None,
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
) -> TrendPage:
    _check_years(since, until)
    task_id = _task_id(reader, task)
    if since is None:
        latest = until or (reader.one(queries.LATEST_YEAR) or {}).get("year")
        since = int(latest) - DEFAULT_WINDOW + 1 if latest is not None else 0
    params: dict[str, Any] = dict(
        type=entity_type, task=task_id, since=since, until=until, min_papers=min_papers
    )
    items, next_cursor = paging.split(reader.rows(queries.TRENDS, **params, **paging.params()))
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
