"""CLI of the GNN stage: ``train``, ``predict`` and ``eval links``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from api import wiring
from api.cli.common import console, fail, open_store, settings_of
from api.settings import REPO_ROOT, Settings
from api.training import PLATEAU_MIN_GAIN, PLATEAU_PATIENCE, StatusReporter, status_path

if TYPE_CHECKING:
    from graph.gnn.data import CorpusGraph
    from graph.gnn.evaluate import LinkEvalReport
    from graph.gnn.pipeline import TrainOutcome

app = typer.Typer()
eval_app = typer.Typer()
CITESEER = REPO_ROOT.parent / "shared" / "data" / "citeseer"
Device = Annotated[
    Literal["auto", "cpu", "cuda"] | None, typer.Option(help="auto: CUDA when available")
]
Encoder = Annotated[
    Literal["sage", "sign"] | None,
    typer.Option(
        help="sage: GraphSAGE, full-batch; sign: precomputed propagation, mini-batches "
        "(graphs past full-batch memory); unset: CITEGRAPH_GNN_ENCODER (auto: by graph size)"
    ),
]
LIBRARY_ERRORS = (ValueError, RuntimeError, OSError)
ENCODER_WORDS = {
    "sage": "GraphSAGE, full-batch",
    "sign": "SIGN, propagation precomputed, mini-batches of links",
}


def _progress(row: dict[str, float]) -> None:
    console.print(
        f"epoch {int(row['epoch']):4d}  loss {row['loss']:.4f}  val auc {row['val_auc']:.3f}  "
        f"mrr {row['val_mrr']:.3f}  hits@50 {row['val_hits@50']:.3f}"
    )


def _table(report: LinkEvalReport) -> Table:
    table = Table(title=f"link prediction: {report.target}, {len(report.seeds)} seeds, mean ± std")
    table.add_column("method")
    for metric in ("auc", "ap", "mrr", "hits@10", "hits@50"):
        table.add_column(metric, justify="right")
    for row in report.rows:
        table.add_row(row.method, *(f"{row.mean[m]:.3f} ± {row.std[m]:.3f}" for m in row.mean))
    return table


@app.command("train")
def train(
    ctx: typer.Context,
    epochs: Annotated[
        int, typer.Option(help="maximum epochs (early stopping on validation MRR)")
    ] = 200,
    top_k: Annotated[int, typer.Option(help="PREDICTED_LINK per paper")] = 10,
    seed: Annotated[int, typer.Option(help="split and training seed")] = 0,
    device: Device = None,
    encoder: Encoder = None,
) -> None:
    """Train link prediction on the Neo4j graph; write gnn_embedding and PREDICTED_LINK
    (stops early once validation MRR plateaus)."""
    settings = settings_of(ctx)
    if encoder:
        settings = settings.model_copy(update={"gnn_encoder": encoder})
    train_link_predictor(settings, epochs=epochs, top_k=top_k, seed=seed, device=device)


def train_link_predictor(
    settings: Settings,
    epochs: int = 200,
    top_k: int = 10,
    seed: int = 0,
    device: str | None = None,
) -> TrainOutcome:
    """Export the graph, train the link predictor (stopping on a validation plateau), write its
    embeddings and predictions back; the status file (``/health``) follows every step."""
    from graph.gnn.export import export_corpus, write_back
    from graph.gnn.model import ModelConfig
    from graph.gnn.pipeline import train_and_predict
    from graph.gnn.train import TrainConfig

    reporter = StatusReporter(status_path(settings), epochs, _progress)
    try:
        torch_device = wiring.torch_device(settings, device)
        with open_store(settings) as store:
            corpus = export_corpus(
                store,
                wiring.cache_dir(settings),
                device=str(torch_device),
                backend=settings.embed_backend,
            )
        encoder = wiring.gnn_encoders(settings).for_papers(len(corpus.paper_ids))
        console.print(f"device: {torch_device}, encoder: {ENCODER_WORDS[encoder]}")
        outcome = train_and_predict(
            corpus,
            ModelConfig(encoder=encoder),
            TrainConfig(epochs=epochs, seed=seed, patience=PLATEAU_PATIENCE,
                        min_gain=PLATEAU_MIN_GAIN),
            torch_device,
            wiring.gnn_checkpoint(settings),
            top_k=top_k,
            progress=reporter,
        )
        with open_store(settings) as store:
            written = write_back(
                store,
                outcome.paper_ids,
                outcome.embeddings,
                outcome.predictions,
                "gnn",
                target=outcome.target,
            )
    except typer.Exit:
        reporter.finish("failed", "stopped")
        raise
    except LIBRARY_ERRORS as error:
        reporter.finish("failed", str(error))
        raise fail(str(error)) from error
    reporter.finish("ready", f"test MRR {outcome.metrics.get('mrr', 0.0):.3f}", written)
    console.print(outcome.target_reason)
    console.print(
        f"target {outcome.target}: test "
        + " ".join(f"{k} {v:.3f}" for k, v in outcome.metrics.items())
    )
    console.print(
        f"checkpoint {outcome.checkpoint}, curves {outcome.curves}, "
        f"{written} PREDICTED_LINK written"
    )
    return outcome


@app.command("predict")
def predict(
    ctx: typer.Context,
    paper: Annotated[str, typer.Option(help="paper id")],
    limit: Annotated[int, typer.Option(help="how many predictions")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Top predicted links of a paper (written by ``train``)."""
    from graph.gnn.export import predicted_for_paper

    settings = settings_of(ctx)
    try:
        with open_store(settings) as store:
            rows = predicted_for_paper(store, paper, limit=limit)
    except typer.Exit:
        raise
    except LIBRARY_ERRORS as error:
        raise fail(str(error)) from error
    if not rows:
        raise fail(
            f"no predictions for paper {paper!r}: unknown id, or run `citegraph train` first"
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['score']:.3f}  {row['id']}  {row['title'] or ''}")


@eval_app.command("links")
def eval_links(
    ctx: typer.Context,
    dataset: Annotated[
        str, typer.Option(help="citeseer (in memory, no database) or graph (Neo4j)")
    ] = "citeseer",
    data_path: Annotated[Path, typer.Option(help="CiteSeer folder")] = CITESEER,
    seeds: Annotated[int, typer.Option(help="splits / training seeds")] = 3,
    epochs: Annotated[
        int | None,
        typer.Option(help="maximum epochs per training run (default: 200, 400 for sign)"),
    ] = None,
    negatives: Annotated[
        int, typer.Option(help="random negatives per test link for ranking")
    ] = 1000,
    entities: Annotated[
        bool, typer.Option(help="extract entity mentions as extra message paths")
    ] = False,
    device: Device = None,
    encoder: Encoder = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the table as JSON")] = False,
) -> None:
    """Link prediction: the GNN against text cosine, CN, Adamic-Adar, MLP and GAE."""
    from graph.gnn.checkpoint import save_checkpoint
    from graph.gnn.data import (
        PAPER_NODE,
        build_hetero,
        citation_links,
        target_edge_type,
        target_reason,
    )
    from graph.gnn.evaluate import evaluate_links
    from graph.gnn.model import ModelConfig
    from graph.gnn.split import LinkSplit
    from graph.gnn.train import TrainConfig, TrainedModel, schedule_for

    settings = settings_of(ctx)
    try:
        torch_device = wiring.torch_device(settings, device)
        corpus = _evaluation_corpus(settings, dataset, data_path, entities, str(torch_device))
        data, mapping = build_hetero(corpus)
        target = target_edge_type(data)
        reason = target_reason(target, citation_links(data))
        console.print(reason)
        chosen = encoder or wiring.gnn_encoders(settings).for_papers(len(corpus.paper_ids))
        console.print(f"encoder: {ENCODER_WORDS[chosen]}")
        checkpoint = wiring.gnn_checkpoint(settings, f"eval-{dataset}.pt")

        def keep_first(seed: int, trained: TrainedModel, split: LinkSplit) -> None:
            if seed == 0:  # the first seed's model and learning curves, for inspection
                dim = data[PAPER_NODE].x.shape[1]
                save_checkpoint(checkpoint, trained, data.metadata(), dim, mapping, {})

        report = evaluate_links(
            data,
            target,
            list(range(seeds)),
            ModelConfig(encoder=chosen),
            TrainConfig(**schedule_for(chosen, epochs)),
            torch_device,
            rank_negatives=negatives,
            log=console.print,
            on_trained=keep_first,
            target_reason=reason,
        )
    except typer.Exit:
        raise
    except LIBRARY_ERRORS as error:
        raise fail(str(error)) from error
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    Console().print(_table(report))
    console.print(f"seed-0 model and learning curves: {checkpoint}")
    typer.echo(
        f"split {report.split} links, {report.rank_negatives} ranking negatives per test link, "
        f"held-out links visible to the encoder: {report.leaked_edges}, {report.seconds:.0f} s"
    )
    typer.echo(report.target_reason)
    for note in report.notes:
        typer.echo(f"note: {note}")
    beaten = [m for m, ok in report.gnn_beats_baselines.items() if not ok]
    typer.echo(
        "GNN beats every baseline on every metric"
        if not beaten
        else f"GNN does NOT beat the best baseline on: {', '.join(beaten)}"
    )


def _evaluation_corpus(
    settings: Settings, dataset: str, data_path: Path, entities: bool, device: str
) -> CorpusGraph:
    """CiteSeer read from ``data_path`` (no database), or the Neo4j graph."""
    from graph.gnn.citeseer import load_citeseer
    from graph.gnn.export import export_corpus

    cache = wiring.cache_dir(settings)
    if dataset == "citeseer":
        return load_citeseer(
            data_path,
            cache,
            entities=entities,
            device=device,
            log=console.print,
            backend=settings.embed_backend,
            links=wiring.link_options(settings),
        )
    if dataset == "graph":
        with open_store(settings) as store:
            return export_corpus(store, cache, device=device, backend=settings.embed_backend)
    raise ValueError(f"unknown dataset {dataset!r}: citeseer or graph")
