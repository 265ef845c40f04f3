"""``eval links``: the GNN and every baseline on the same splits, mean ± std over seeds."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict
from torch_geometric.data import HeteroData

from graph.gnn.baselines import baseline_scorers
from graph.gnn.data import CITES_EDGE, EdgeType
from graph.gnn.model import ModelConfig
from graph.gnn.split import LinkSplit, leaked_edges, split_links
from graph.gnn.train import LinkTrainer, TrainConfig, TrainedModel, evaluate_scorer, make_scorer

METRICS = ("auc", "ap", "mrr", "hits@10", "hits@50")
GNN_NAMES = {
    "sage": "gnn (hetero SAGE + pair decoder)",
    "sign": "gnn (SIGN, mini-batch + pair decoder)",
}
Log = Callable[[str], None]


class MethodSummary(BaseModel):
    """One row of the table: a method's metrics as mean and std over seeds."""

    model_config = ConfigDict(frozen=True)

    method: str
    mean: dict[str, float]
    std: dict[str, float]
    runs: list[dict[str, float]]


class LinkEvalReport(BaseModel):
    """What ``eval links`` measured, on which split, and how the GNN compares."""

    model_config = ConfigDict(frozen=True)

    target: str
    target_reason: str = ""  # why this target (enough citation links, or too few)
    seeds: list[int]
    split: dict[str, int]
    rank_negatives: int
    leaked_edges: int  # val/test links visible to the encoder (always 0)
    rows: list[MethodSummary]
    gnn_beats_baselines: dict[str, bool]  # per metric: GNN mean above every baseline mean
    notes: list[str]
    seconds: float


def _summarise(method: str, runs: list[dict[str, float]]) -> MethodSummary:
    return MethodSummary(
        method=method,
        mean={m: float(np.mean([r[m] for r in runs])) for m in METRICS},
        std={m: float(np.std([r[m] for r in runs])) for m in METRICS},
        runs=runs,
    )


def _notes(target: EdgeType) -> list[str]:
    notes = [
        "ranking: each test link (u, v) against 1 random (u, w), OGB citation2 style, "
        "ties count half"
    ]
    if target != CITES_EDGE:
        notes.append(
            "target is paper relatedness (SHARES_ENTITIES ∪ SIMILAR_TO), which the linker "
            "derives from text embeddings and entity overlap: this measures recovering the "
            "linker's own links, not "
            "citations, and text cosine is partly circular here"
        )
    return notes


def evaluate_links(
    data: HeteroData,
    target: EdgeType,
    seeds: Sequence[int],
    model_config: ModelConfig,
    train_config: TrainConfig,
    device: torch.device,
    rank_negatives: int = 1000,
    log: Log = print,
    on_trained: Callable[[int, TrainedModel, LinkSplit], None] | None = None,
    target_reason: str = "",
) -> LinkEvalReport:
    """Split per seed, train the GNN and the baselines, score all on the same test links."""
    start = time.perf_counter()
    runs: dict[str, list[dict[str, float]]] = {}
    gnn_name = GNN_NAMES.get(model_config.encoder, f"gnn ({model_config.encoder})")
    leaks, split = 0, None
    for seed in seeds:
        split = split_links(data, target, seed=seed, rank_negatives=rank_negatives)
        leaks += leaked_edges(split)
        config = train_config.model_copy(update={"seed": seed})
        log(f"seed {seed}: training the GNN on {split.train_pos.shape[1]} links")
        trained = LinkTrainer(model_config, config, device).run(split)
        if on_trained:
            on_trained(seed, trained, split)
        scorers = {gnn_name: make_scorer(trained.model, split.data.to(device), target)}
        log(f"seed {seed}: baselines")
        scorers.update(baseline_scorers(split, config, device, seed))
        for method, score in scorers.items():
            runs.setdefault(method, []).append(evaluate_scorer(score, split))
        log(f"seed {seed}: GNN " + " ".join(f"{m}={runs[gnn_name][-1][m]:.3f}" for m in METRICS))
    assert split is not None, "no seeds given"
    rows = [_summarise(method, r) for method, r in runs.items()]
    gnn, others = rows[0], rows[1:]
    return LinkEvalReport(
        target="/".join(target),
        target_reason=target_reason,
        seeds=list(seeds),
        split={
            "train": split.train_pos.shape[1],
            "val": split.val_pos.shape[1],
            "test": split.test_pos.shape[1],
        },
        rank_negatives=rank_negatives,
        leaked_edges=leaks,
        rows=rows,
        gnn_beats_baselines={m: all(gnn.mean[m] > o.mean[m] for o in others) for m in METRICS},
        notes=[n.replace("1 random", f"{rank_negatives} random") for n in _notes(target)],
        seconds=time.perf_counter() - start,
    )
