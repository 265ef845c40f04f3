"""``citegraph up``: the main job. Start Neo4j, build the graph (the bundled seed corpus by
default), serve the API and explorer, saying where to look, and train the link predictor in
the background once the API answers (``--no-serve``: train before returning).

It runs the functions behind ``build``, ``train`` and ``serve``, so it does what they do."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError

from api import wiring
from api.cli.common import console, ensure_database, fail, open_store, settings_of
from api.cli.gnn import LIBRARY_ERRORS, train_link_predictor
from api.cli.graph import build_graph, corpus_or_seeds
from api.cli.serve import serve_api
from api.settings import Settings

app = typer.Typer()


class GraphFingerprint(BaseModel):
    """What the link predictor was trained on: counts of papers and of every input link type,
    whether its predictions are in the graph, and the default model configuration (so a new
    model version trains again)."""

    papers: int
    links: dict[str, int]
    predicted: bool
    model: dict[str, Any]


def graph_fingerprint(settings: Settings) -> GraphFingerprint:
    """The fingerprint of the graph in the configured database now."""
    from graph.gnn.model import ModelConfig
    from graph.schema import PREDICTED_LINK
    from graph.stats import graph_counts

    with open_store(settings) as store:
        counts = graph_counts(store)
    encoders = wiring.gnn_encoders(settings)
    return GraphFingerprint(
        papers=counts.papers,
        links={kind: n for kind, n in counts.links.items() if kind != PREDICTED_LINK},
        predicted=counts.links.get(PREDICTED_LINK, 0) > 0,
        model=ModelConfig(encoder=encoders.for_papers(counts.papers)).model_dump(),
    )


def trained_on(stamp: Path) -> GraphFingerprint | None:
    """The fingerprint saved after the last training, if there is a readable one."""
    try:
        return GraphFingerprint.model_validate_json(stamp.read_text())
    except (OSError, ValidationError):
        return None


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


def train_unless_unchanged(settings: Settings, background: bool = False) -> None:
    """Train the link predictor unless the graph is the one it was trained on (and its
    predictions are still there); remember what it was trained on. With ``background``, train
    in a thread that starts once the API answers, so the graph is served meanwhile (``/health``
    shows the training's state; predictions appear when it is done)."""
    from api.training import TrainingStatus, status_path, train_when_serving, write_status
    from api.training import now as utc_now

    stamp = wiring.models_dir(settings) / "gnn" / "trained-on.json"
    now = graph_fingerprint(settings)
    if now.predicted and trained_on(stamp) == now:
        console.print(
            "link predictor: the graph is unchanged since it was trained, "
            "keeping its predictions (`citegraph train` retrains)"
        )
        write_status(status_path(settings), TrainingStatus(
            state="unchanged", finished_at=utc_now(), message="graph unchanged since training"))
        return

    def job() -> None:
        try:
            train_link_predictor(settings)
        except (typer.Exit, *LIBRARY_ERRORS) as error:  # recorded in the status file
            if background:  # the API keeps serving the graph without predictions
                console.print(f"[red]link prediction training failed:[/] {error}")
                return
            raise
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(graph_fingerprint(settings).model_dump_json())

    if not background:
        job()
        return
    train_when_serving(settings.api_host, settings.api_port, job)
    console.print("link predictor: trains in the background once the API is up; "
                  "/health shows its progress and predictions appear when it is done")


@app.command("up")
def up(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Corpus files or directories (default: the bundled seeds)."),
    ] = None,
    train: Annotated[bool, typer.Option(help="Train the GNN and write its predictions.")] = True,
    serve: Annotated[bool, typer.Option(help="Serve the API and explorer at the end.")] = True,
) -> None:
    """Main job: start Neo4j, build the graph, train the GNN, serve the API and explorer."""
    settings = settings_of(ctx)
    if serve and port_in_use(settings.api_host, settings.api_port):
        raise fail(
            f"port {settings.api_port} on {settings.api_host} is already in use (another "
            "citegraph serve?); stop it, or choose CITEGRAPH_API_PORT / --no-serve"
        )
    started = time.monotonic()
    ensure_database(settings)
    build_graph(settings, corpus_or_seeds(paths))
    if train:
        train_unless_unchanged(settings, background=serve)
    console.print(
        f"\n[bold]citegraph is ready[/] ({time.monotonic() - started:.0f} s)\n"
        f"{where_to_look(settings)}\n"
    )
    if serve:
        serve_api(settings)
