"""``citegraph db start|stop|status|import``: the bundled local Neo4j (not used when NEO4J_URI
is set)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import console, ensure_database, fail, local_server, open_store, settings_of
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


@app.command("import")
def db_import(
    ctx: typer.Context,
    nodes: Annotated[
        list[Path], typer.Option("--nodes", help="a node CSV file in neo4j-admin's format")
    ],
    relationships: Annotated[
        list[Path] | None,
        typer.Option("--relationships", help="a relationship CSV file in neo4j-admin's format"),
    ] = None,
    array_delimiter: Annotated[
        str, typer.Option(help="what joins the items of an array field")
    ] = ";",
    bad_tolerance: Annotated[
        int, typer.Option(help="refused entries skipped (and reported) before the import stops")
    ] = 1000,
) -> None:
    """Load CSV files into the empty local database with Neo4j's bulk importer
    (``neo4j-admin database import full``), then start it with citegraph's constraints and
    indexes. The local Neo4j must be stopped (``citegraph db stop``)."""
    from graph.bulk_import import import_csv
    from graph.server import ServerError

    settings = settings_of(ctx)
    if _remote(settings, "the bulk importer only loads the bundled local database"):
        raise typer.Exit(1)
    missing = [path for path in [*nodes, *(relationships or [])] if not path.is_file()]
    if missing:
        raise fail(f"no such file: {', '.join(map(str, missing))}")
    try:
        report = import_csv(
            local_server(settings),
            nodes,
            relationships or [],
            database=settings.neo4j_database,
            array_delimiter=array_delimiter,
            bad_tolerance=bad_tolerance,
        )
    except ServerError as error:
        raise fail(str(error)) from error
    console.print(
        f"imported {report.nodes:,} nodes, {report.relationships:,} relationships, "
        f"{report.properties:,} properties in {report.seconds:.0f} s"
    )
    if report.skipped:
        console.print(
            f"skipped {report.skipped:,} refused entries, each with its reason, in "
            f"{report.report_file}",
            soft_wrap=True,
        )
    with open_store(settings) as store:  # starts the server
        found = store.read(
            "MATCH (p:Paper) WHERE p.embedding IS NOT NULL RETURN size(p.embedding) AS n LIMIT 1"
        )
        # the vector index follows the imported vectors (a build adjusts it to its embedder)
        store.ensure_schema(*([found[0]["n"]] if found else []))
    console.print("constraints and indexes online")
