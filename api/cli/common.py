"""What every verb shares: the consoles, the error exit, and the checked Neo4j connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from api import wiring
from api.settings import Settings

if TYPE_CHECKING:
    from graph.server import LocalNeo4j
    from graph.store import GraphStore

console = Console(stderr=True)  # messages and progress
out = Console()  # results


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error the user can act on and return the exit to raise."""
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, emoji=False)
    return typer.Exit(code)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the root callback put on the context (from the environment otherwise)."""
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def local_server(settings: Settings) -> LocalNeo4j:
    """The bundled Neo4j configured by ``settings``."""
    from graph.server import LocalNeo4j, ServerError

    try:
        return LocalNeo4j(
            settings.data_dir / "neo4j",
            host=settings.bolt_host,
            port=settings.bolt_port,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            transaction_timeout_s=settings.neo4j_transaction_timeout_s,
            transaction_memory=settings.neo4j_transaction_memory,
            transaction_memory_total=settings.neo4j_transaction_memory_total,
        )
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


@contextmanager
def open_store(settings: Settings) -> Iterator[GraphStore]:
    """A connected store (starting the local Neo4j if that is the one configured); a store
    error inside the block becomes a clear message and exit 1."""
    from graph.store import GraphStoreError

    ensure_database(settings)
    try:
        store = wiring.graph_store(settings)
    except GraphStoreError as error:
        raise fail(str(error)) from error
    try:
        store.check()
        yield store
    except GraphStoreError as error:
        raise fail(str(error)) from error
    finally:
        store.close()
