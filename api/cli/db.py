"""``citegraph db start|stop|status``: the bundled local Neo4j (not used when NEO4J_URI is set)."""

from __future__ import annotations

import typer

from api.cli.common import console, ensure_database, local_server, settings_of
from api.settings import Settings

app = typer.Typer(
    help="Run the bundled local Neo4j (not used when NEO4J_URI is set).", no_args_is_help=True
)


def _remote(settings: Settings, consequence: str) -> bool:
    """Whether NEO4J_URI names another server (then say what that means here)."""
    if not settings.uses_local_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): {consequence}")
    return not settings.uses_local_server


@app.command("start")
def db_start(ctx: typer.Context) -> None:
    """Start the local Neo4j in the background; returns when Bolt answers."""
    settings = settings_of(ctx)
    if not _remote(settings, "using that server, starting nothing"):
        ensure_database(settings, verbose=True)


@app.command("stop")
def db_stop(ctx: typer.Context) -> None:
    """Stop the local Neo4j cleanly."""
    settings = settings_of(ctx)
    if not _remote(settings, "nothing local to stop"):
        console.print(local_server(settings).stop())


@app.command("status")
def db_status(ctx: typer.Context) -> None:
    """Say what is running where."""
    settings = settings_of(ctx)
    if not settings.uses_local_server:
        console.print(f"using NEO4J_URI={settings.neo4j_uri} (database {settings.neo4j_database})")
        return
    status = local_server(settings).status()
    console.print(status.describe(), soft_wrap=True)
    if not status.running:
        raise typer.Exit(3)
