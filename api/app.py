"""The FastAPI application: ``create_app(settings)`` wires routers, errors and the explorer.

One ``GraphStore`` (from ``api.wiring``) is opened in the lifespan and shared by every request
through ``api.deps``; its driver reconnects by itself, so the API keeps answering (503 with a
retry hint) while Neo4j is away.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import wiring
from api.cache import ResponseCache
from api.cypher_runner import CypherRunner
from api.errors import install_error_handlers
from api.params import reject_unknown_query_params
from api.routers import (
    cypher,
    entities,
    graph,
    health,
    ingest,
    papers,
    scholarly_routers,
    search,
)
from api.semantic import EmbedderFactory, QueryEmbedder, default_embedder_factory
from api.settings import Settings
from api.warmup import warm_up_in_background

EXPLORER_DIST = Path(__file__).resolve().parent / "explorer" / "dist"
BUILD_COMMAND = "npm --prefix api/explorer ci && npm --prefix api/explorer run build"

_NOT_BUILT = f"""<!doctype html><html><head><meta charset="utf-8">
<title>citegraph explorer</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>The explorer is not built</h1>
<p>The API is running (see <a href="/docs">/docs</a>), but the web explorer's files are missing.
Build them once with:</p><pre>{BUILD_COMMAND}</pre><p>then reload this page.</p></body></html>"""


def create_app(settings: Settings, embedder_factory: EmbedderFactory | None = None) -> FastAPI:
    """The citegraph API for ``settings``; ``embedder_factory`` loads the query embedder."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = wiring.graph_store(settings, for_api=True)
        app.state.store = store
        app.state.query_embedder = QueryEmbedder(
            embedder_factory or default_embedder_factory(settings)
        )
        app.state.cache = ResponseCache(settings.api_cache_ttl_s)
        app.state.cypher_runner = CypherRunner(
            store.driver,
            settings.neo4j_database,
            settings.cypher_timeout_s,
            settings.cypher_max_concurrent,
        )
        app.state.ingest = ingest.IngestService(settings, store, app.state.cache)
        warm_up_in_background(store)  # the first shared link does not wait for query plans
        gc.freeze()  # startup objects live forever: keep them out of the collector's full scans
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="citegraph",
        summary="A knowledge graph of research papers and the entities they mention",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs is served by mount_docs, from local assets when they are built
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # scholarly routers first: their /papers/{id}/citations and /entities/{id}/trend come
    # before the catch-all /papers/{id} and /entities/{id}
    for router in scholarly_routers():
        app.include_router(router, dependencies=[Depends(reject_unknown_query_params)])
    for module in (health, papers, ingest, entities, search, graph, cypher):
        app.include_router(module.router, dependencies=[Depends(reject_unknown_query_params)])
    mount_explorer(app, EXPLORER_DIST)
    mount_docs(app, EXPLORER_DIST / "assets" / "swagger")
    return app


def mount_docs(app: FastAPI, swagger: Path) -> None:
    """Swagger UI at ``/docs``: from the explorer build's copy of swagger-ui-dist (no network
    needed), or from FastAPI's default CDN when the explorer is not built."""
    local = (swagger / "swagger-ui-bundle.js").is_file()
    assets: dict[str, Any] = {}
    if local:
        assets = {
            "swagger_js_url": "/assets/swagger/swagger-ui-bundle.js",
            "swagger_css_url": "/assets/swagger/swagger-ui.css",
            "swagger_favicon_url": "/assets/swagger/favicon-32x32.png",
        }

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            oauth2_redirect_url="/docs/oauth2-redirect",
            **assets,
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()


def mount_explorer(app: FastAPI, dist: Path) -> None:
    """Serve the built explorer at ``/``, or a page saying how to build it."""

    @app.get("/", include_in_schema=False, response_model=None)
    def explorer_index() -> FileResponse | HTMLResponse:
        index = dist / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503)
        return FileResponse(index)

    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="explorer-assets")


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.app:app_from_env`` (settings from the environment)."""
    return create_app(Settings())
