"""``train``: corpus graph → trained model, checkpoint, paper embeddings and top-k predictions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import torch

from graph.gnn.checkpoint import save_checkpoint
from graph.gnn.data import (
    PAPER_NODE,
    CorpusGraph,
    build_hetero,
    citation_links,
    target_edge_type,
    target_reason,
)
from graph.gnn.model import ModelConfig
from graph.gnn.predict import Prediction, top_predictions
from graph.gnn.split import leaked_edges, split_links
from graph.gnn.train import EpochLog, LinkTrainer, TrainConfig, evaluate_scorer, make_scorer

Log = Callable[[str], None]
Encoder = Literal["sage", "sign"]


@dataclass(frozen=True)
class EncoderChoice:
    """Full-batch GraphSAGE while the graph fits (faster and as good there), SIGN above.

    Full-batch memory grows by about 62 KiB per paper on CiteSeer-like graphs (7 GiB at 100k,
    BENCHMARKS.md): 50,000 papers keep it near 4 GiB.
    """

    encoder: Literal["auto", "sage", "sign"] = "auto"
    full_batch_max: int = 50_000

    def for_papers(self, papers: int) -> Encoder:
        if self.encoder != "auto":
            return self.encoder
        return "sage" if papers <= self.full_batch_max else "sign"


@dataclass(frozen=True)
class TrainOutcome:
    """What ``train`` produced."""

    checkpoint: Path
    curves: Path
    target: str
    target_reason: str  # which target and why (enough citations, or too few)
    metrics: dict[str, float]  # held-out test metrics of the saved model
    paper_ids: tuple[str, ...]
    embeddings: np.ndarray  # (papers, hidden) GNN embeddings on the full graph
    predictions: list[Prediction]


def train_and_predict(
    corpus: CorpusGraph,
    model_config: ModelConfig,
    train_config: TrainConfig,
    device: torch.device,
    checkpoint: Path,
    top_k: int = 10,
    rank_negatives: int = 1000,
    progress: EpochLog | None = None,
) -> TrainOutcome:
    """Train on a held-out split (early stopping, test metrics), then predict on the full graph."""
    data, mapping = build_hetero(corpus)
    target = target_edge_type(data)
    reason = target_reason(target, citation_links(data))
    if data[target].edge_index.shape[1] < 40:
        raise ValueError(
            f"too few {target[1]} links to train on ({data[target].edge_index.shape[1] // 2})"
        )
    split = split_links(
        data,
        target,
        seed=train_config.seed,
        rank_negatives=min(rank_negatives, int(data[PAPER_NODE].num_nodes) - 1),
    )
    trained = LinkTrainer(model_config, train_config, device).run(split, progress)
    metrics = evaluate_scorer(make_scorer(trained.model, split.data.to(device), target), split)
    metrics["leaked_edges"] = float(leaked_edges(split))
    record = {
        "target": "/".join(target),
        "target_reason": reason,
        "test": metrics,
        "best_epoch": trained.best_epoch,
    }
    curves = save_checkpoint(
        checkpoint, trained, data.metadata(), data[PAPER_NODE].x.shape[1], mapping, record
    )
    z, predictions = top_predictions(trained.model, data.to(device), target, mapping, top_k=top_k)
    return TrainOutcome(
        checkpoint=checkpoint,
        curves=curves,
        target="/".join(target),
        target_reason=reason,
        metrics=metrics,
        paper_ids=mapping.ids[PAPER_NODE],
        embeddings=z.detach().cpu().numpy().astype(np.float32),
        predictions=predictions,
    )
