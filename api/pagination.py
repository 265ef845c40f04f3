"""Opaque cursors for keyset pagination.

Lists are ordered by ``(key DESC, id ASC)`` — ``key`` is a relevance score, a paper count,
or a constant — so a cursor is the last row's ``(key, id)`` as URL-safe base64 JSON.
The next page starts strictly after it, which stays stable when rows are added elsewhere.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.deps import require_read_key
from api.errors import ApiError, error_responses

Limit = Annotated[int, Query(ge=1, le=200, description="Items per page")]
CursorQuery = Annotated[
    str | None, Query(max_length=2000, description="next_cursor of the previous page")
]


def read_router(tag: str, prefix: str = "") -> APIRouter:
    """A router of read endpoints: the read key when one is set, and paged lists that 404 on
    an unknown id and 422 on a bad parameter or cursor."""
    return APIRouter(
        prefix=prefix,
        tags=[tag],
        dependencies=[Depends(require_read_key)],
        responses=error_responses(404, 422, 503),
    )


class Cursor(BaseModel):
    """Sort key of the last row of a page."""

    key: float
    id: str


def encode_cursor(key: float, ident: str) -> str:
    """The opaque cursor that resumes after the row ``(key, ident)``."""
    raw = json.dumps([key, ident], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> Cursor | None:
    """Parse a cursor from a previous page; 422 when it was not made by :func:`encode_cursor`."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(ident, str) or isinstance(key, bool) or not isinstance(key, (int, float)):
            raise ValueError("wrong types")
        if not math.isfinite(key):
            raise ValueError("non-finite key")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(
            422,
            "invalid cursor: pass the next_cursor of a previous page unchanged",
            detail={"cursor": cursor},
        ) from exc
    return Cursor(key=float(key), id=ident)


def cursor_params(cursor: str | None) -> dict[str, Any]:
    """Query parameters ``after_key``/``after_id`` (both null on the first page)."""
    parsed = decode_cursor(cursor)
    return {
        "after_key": parsed.key if parsed else None,
        "after_id": parsed.id if parsed else None,
    }


def page(
    rows: list[dict[str, Any]], limit: int, key: str
) -> tuple[list[dict[str, Any]], str | None]:
    """Trim a ``limit + 1`` fetch to ``limit`` rows and make the next cursor if more remain."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor(float(last[key] or 0.0), str(last["id"]))


def paged(rows: list[dict[str, Any]], limit: int, key: str = "key") -> dict[str, Any]:
    """``{"items", "next_cursor"}`` of a ``limit + 1`` fetch, for a page model to validate."""
    items, next_cursor = page(rows, limit, key)
    return {"items": items, "next_cursor": next_cursor}


class PageRequest:
    """The ``limit`` and ``cursor`` query parameters of a paged list, as one dependency."""

    def __init__(self, limit: Limit = 20, cursor: CursorQuery = None) -> None:
        self.limit = limit
        self.cursor = cursor

    def params(self) -> dict[str, Any]:
        """``limit`` + 1 (one more row says a next page exists) and ``after_key``/``after_id``;
        422 on a cursor that no page made."""
        return {"limit": self.limit + 1, **cursor_params(self.cursor)}

    def split(self, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
        """This page's rows of the fetch and the cursor of the next page, if any."""
        return page(rows, self.limit, key="key")

    def of(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """``{"items", "next_cursor"}`` for a page model to validate."""
        return paged(rows, self.limit)


Paging = Annotated[PageRequest, Depends()]
