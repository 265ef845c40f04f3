"""The ``citegraph`` command line. Verbs mirror the stages; each is a thin wrapper that turns
library errors into a clear message and an exit code. Settings come from the environment and
the global options below (an option beats the environment).

Each verb group is a module with its own Typer, added here once, by an explicit import:
``db``, ``extract``, ``graph`` (build, ingest, link, entities, export, stats), ``delete``,
``gnn`` (train, predict), ``serve`` and ``up``; ``eval`` gathers ``eval extract`` and
``eval links``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from api.cli import db, delete, extract, gnn, graph, serve, up
from api.cli.common import fail
from api.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models come from installed packages, never a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(
    help="Turn research-paper abstracts into a knowledge graph in Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure the extractor and the link predictor.", no_args_is_help=True)
eval_app.add_typer(extract.eval_app)
eval_app.add_typer(gnn.eval_app)
for verbs in (extract.app, graph.app, delete.app, gnn.app, serve.app, up.app):
    app.add_typer(verbs)  # no name: the group's verbs sit at the top level
app.add_typer(graph.entities_app, name="entities")
app.add_typer(eval_app, name="eval")
app.add_typer(db.app, name="db")


@app.callback()
def main_options(
    ctx: typer.Context,
    neo4j_uri: Annotated[
        str | None,
        typer.Option(help="Use this Neo4j instead of the local one (env NEO4J_URI)."),
    ] = None,
    neo4j_user: Annotated[str | None, typer.Option(help="Env NEO4J_USER.")] = None,
    neo4j_password: Annotated[str | None, typer.Option(help="Env NEO4J_PASSWORD.")] = None,
    neo4j_database: Annotated[str | None, typer.Option(help="Env NEO4J_DATABASE.")] = None,
    bolt_port: Annotated[
        int | None, typer.Option(help="Port of the local Neo4j (env CITEGRAPH_BOLT_PORT).")
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where data, caches and models live (env CITEGRAPH_DATA_DIR)."),
    ] = None,
    device: Annotated[
        str | None, typer.Option(help="auto, cpu or cuda (env CITEGRAPH_DEVICE).")
    ] = None,
    write_batch_size: Annotated[
        int | None,
        typer.Option(help="Rows per Neo4j write transaction (env CITEGRAPH_WRITE_BATCH_SIZE)."),
    ] = None,
) -> None:
    given = {
        "neo4j_uri": neo4j_uri,
        "neo4j_user": neo4j_user,
        "neo4j_password": neo4j_password,
        "neo4j_database": neo4j_database,
        "bolt_port": bolt_port,
        "data_dir": data_dir,
        "device": device,
        "write_batch_size": write_batch_size,
    }
    overrides: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    try:
        ctx.obj = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"invalid setting: {first['loc']}: {first['msg']}", 2) from exc


def main() -> None:
    """Console-script entry point."""
    import warnings

    # torch warns about its own TorchScript use inside dependencies; nothing a user can act on
    warnings.filterwarnings(
        "ignore", message=r".*torch\.jit\.script.*deprecated", category=FutureWarning
    )
    app()
