"""``citegraph up``: the main job. Start Neo4j, build the graph (the bundled seed corpus by
default), train the link predictor, then serve the API and explorer, saying where to look."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from api.settings import Settings


def _command(app: typer.Typer, name: str) -> Callable[..., Any]:
    for command in app.registered_commands:
        if command.name == name and command.callback is not None:
            return command.callback
    raise LookupError(f"the {name!r} command is not registered")


def graph_fingerprint(settings: Settings) -> str:
    """What the link predictor was trained on: counts of papers and of every input link type,
    and the default model configuration (so a new model version trains again)."""
    from api.cli_graph import open_store
    from graph.gnn.model import ModelConfig
    from graph.schema import PREDICTED_LINK
    from graph.stats import graph_counts

    with open_store(settings) as store:
        counts = graph_counts(store)
    links = {kind: n for kind, n in counts.links.items() if kind != PREDICTED_LINK}
    return json.dumps(
        {
            "papers": counts.papers,
            "links": links,
            "predicted": counts.links.get(PREDICTED_LINK, 0) > 0,
            "model": ModelConfig().model_dump(),
        },
        sort_keys=True,
    )


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port``."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def where_to_look(settings: Settings) -> str:
    """The lines printed once the graph is built: URLs and how to stop."""
    api = f"http://{settings.api_host}:{settings.api_port}"
    lines = [
        f"Neo4j (Bolt):     {settings.bolt_uri}  (user {settings.neo4j_user}, "
        f"database {settings.neo4j_database})",
        f"Explorer:         {api}/  (search a paper or entity, click nodes to expand)",
        f"REST API docs:    {api}/docs",
        f"Cypher:           POST {api}/cypher  or any Neo4j client on the Bolt URL",
    ]
    if settings.uses_local_server:
        lines.append("Stop Neo4j:       .venv/bin/citegraph db stop  (Ctrl-C stops the API)")
    return "\n".join(lines)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add the ``up`` command."""

    @app.command("up")
    def up(
        ctx: typer.Context,
        paths: Annotated[list[Path] | None, typer.Argument(help="Corpus files or directories "
                                                          "(default: the bundled seeds).")] = None,
        train: Annotated[bool, typer.Option(help="Train the GNN and write its predictions.")] = True,
        serve: Annotated[bool, typer.Option(help="Serve the API and explorer at the end.")] = True,
    ) -> None:
        """Main job: start Neo4j, build the graph, train the GNN, serve the API and explorer."""
        from api.cli import console, ensure_database, fail

        settings: Settings = ctx.obj
        if serve and port_in_use(settings.api_host, settings.api_port):
            raise fail(f"port {settings.api_port} on {settings.api_host} is already in use (another "
                       "citegraph serve?); stop it, or choose CITEGRAPH_API_PORT / --no-serve")
        started = time.monotonic()
        ensure_database(settings)
        _command(app, "build")(ctx, paths=paths, fmt=None, relink=False)
        if train:
            stamp = settings.data_dir / "models" / "gnn" / "trained-on.json"
            before = graph_fingerprint(settings)
            if stamp.exists() and stamp.read_text() == before and '"predicted": true' in before:
                console.print("link predictor: the graph is unchanged since it was trained, "
                              "keeping its predictions (`citegraph train` retrains)")
            else:
                _command(app, "train")(ctx)
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(graph_fingerprint(settings))
        console.print(f"\n[bold]citegraph is ready[/] ({time.monotonic() - started:.0f} s)\n"
                      f"{where_to_look(settings)}\n")
        if serve:
            _command(app, "serve")(ctx, host=None, port=None, reload=False, workers=1)
