"""``citegraph serve``: run the API and the web explorer with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.cli.common import console, ensure_database, settings_of
from api.settings import Settings

app = typer.Typer()


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (env CITEGRAPH_API_HOST).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (env CITEGRAPH_API_PORT).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the REST API (docs at /docs) and the explorer (at /)."""
    settings = settings_of(ctx)
    given = {"api_host": host, "api_port": port}
    serve_api(
        settings.model_copy(update={k: v for k, v in given.items() if v is not None}),
        reload=reload,
        workers=workers,
    )


def serve_api(settings: Settings, reload: bool = False, workers: int = 1) -> None:
    """Start Neo4j if it is the local one, then serve the API until interrupted."""
    import uvicorn

    ensure_database(settings)
    console.print(
        f"citegraph API on http://{settings.api_host}:{settings.api_port} "
        f"(explorer at /, docs at /docs), Neo4j {settings.bolt_uri}"
    )
    if reload or workers > 1:
        # the workers build their app from the environment: pass the effective settings on
        _export(settings)
        uvicorn.run(
            "api.app:app_from_env",
            factory=True,
            host=settings.api_host,
            port=settings.api_port,
            reload=reload,
            workers=None if reload else workers,
        )
        return
    from api.app import create_app

    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port)


def _export(settings: Settings) -> None:
    """Put the settings a CLI flag may have changed into the environment of the workers."""
    values = {
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "CITEGRAPH_DATA_DIR": str(settings.data_dir),
        "CITEGRAPH_DEVICE": settings.device,
    }
    os.environ.update(values)
