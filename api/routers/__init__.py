"""The API's routers, one per resource."""

from __future__ import annotations

from fastapi import APIRouter


def scholarly_routers() -> list[APIRouter]:
    """Authors, venues, citations, trends and recommendations (include before ``papers`` and
    ``entities``, whose catch-all id paths would shadow them)."""
    from api.routers import authors, citations, recommendations, trends

    return [citations.router, trends.router, authors.router, recommendations.router]
