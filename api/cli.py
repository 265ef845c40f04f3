"""The ``citegraph`` command line. Verbs mirror the stages; each is a thin wrapper that turns
library errors into a clear message and an exit code. Settings come from the environment and
the global options below (an option beats the environment)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from api.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models come from installed packages, never a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

console = Console(stderr=True)
app = typer.Typer(help="Turn research-paper abstracts into a knowledge graph in Neo4j.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Measure the extractor and the link predictor.", no_args_is_help=True)
db_app = typer.Typer(help="Run the bundled local Neo4j (not used when NEO4J_URI is set).",
                     no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(db_app, name="db")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error the user can act on and return the exit to raise."""
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, emoji=False)
    return typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    neo4j_uri: Annotated[str | None, typer.Option(help="Use this Neo4j instead of the local one "
                                                  "(env NEO4J_URI).")] = None,
    neo4j_user: Annotated[str | None, typer.Option(help="Env NEO4J_USER.")] = None,
    neo4j_password: Annotated[str | None, typer.Option(help="Env NEO4J_PASSWORD.")] = None,
    neo4j_database: Annotated[str | None, typer.Option(help="Env NEO4J_DATABASE.")] = None,
    bolt_port: Annotated[int | None, typer.Option(help="Port of the local Neo4j "
                                                  "(env CITEGRAPH_BOLT_PORT).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where data, caches and models live "
                                                  "(env CITEGRAPH_DATA_DIR).")] = None,
    device: Annotated[str | None, typer.Option(help="auto, cpu or cuda (env CITEGRAPH_DEVICE).")]
    = None,
    write_batch_size: Annotated[int | None, typer.Option(help="Rows per Neo4j write transaction "
                                                         "(env CITEGRAPH_WRITE_BATCH_SIZE).")]
    = None,
) -> None:
    overrides: dict[str, Any] = {
        key: value for key, value in {
            "neo4j_uri": neo4j_uri, "neo4j_user": neo4j_user, "neo4j_password": neo4j_password,
            "neo4j_database": neo4j_database, "bolt_port": bolt_port, "data_dir": data_dir,
            "device": device, "write_batch_size": write_batch_size,
        }.items() if value is not None
    }
    try:
        ctx.obj = Settings(**overrides)
    except ValidationError as exc:
        raise fail(f"invalid setting: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}", 2) from exc


def local_server(settings: Settings):  # type: ignore[no-untyped-def]
    """The bundled Neo4j configured by ``settings``."""
    from graph.server import LocalNeo4j, ServerError

    try:
        return LocalNeo4j(settings.data_dir / "neo4j", host=settings.bolt_host,
                          port=settings.bolt_port, user=settings.neo4j_user,
                          password=settings.neo4j_password, heap=settings.neo4j_heap,
                          pagecache=settings.neo4j_pagecache,
                          transaction_timeout_s=settings.neo4j_transaction_timeout_s,
                          transaction_memory=settings.neo4j_transaction_memory,
                          transaction_memory_total=settings.neo4j_transaction_memory_total)
    except ServerError as exc:
        raise fail(str(exc)) from exc


def ensure_database(settings: Settings, verbose: bool = False) -> None:
    """Start the local Neo4j unless NEO4J_URI points elsewhere; say so when it was started."""
    from graph.server import ServerError

    if not settings.uses_local_server:
        return
    try:
        message = local_server(settings).start()
    except ServerError as exc:
        raise fail(str(exc)) from exc
    if verbose or not message.startswith("already running"):
        console.print(message, soft_wrap=True)


@db_app.command("start")
def db_start(ctx: typer.Context) -> None:
    """Start the local Neo4j in the background; returns when Bolt answers."""
    settings: Settings = ctx.obj
    if not settings.uses_local_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): using that server, starting nothing")
        return
    ensure_database(settings, verbose=True)


@db_app.command("stop")
def db_stop(ctx: typer.Context) -> None:
    """Stop the local Neo4j cleanly."""
    settings: Settings = ctx.obj
    if not settings.uses_local_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): nothing local to stop")
        return
    console.print(local_server(settings).stop())


@db_app.command("status")
def db_status(ctx: typer.Context) -> None:
    """Say what is running where."""
    settings: Settings = ctx.obj
    if not settings.uses_local_server:
        console.print(f"using NEO4J_URI={settings.neo4j_uri} (database {settings.neo4j_database})")
        return
    status = local_server(settings).status()
    console.print(status.describe(), soft_wrap=True)
    if not status.running:
        raise typer.Exit(3)


AREAS = ("api.cli_extract", "api.cli_graph", "api.cli_gnn", "api.cli_serve", "api.cli_up")


def _register_areas() -> None:
    import importlib

    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app, eval_app)


def main() -> None:
    """Console-script entry point."""
    import warnings

    # torch warns about its own TorchScript use inside dependencies; nothing a user can act on
    warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.*deprecated", category=FutureWarning)
    _register_areas()
    app()


if __name__ == "__main__":
    main()
