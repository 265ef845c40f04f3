"""Checkpoint: weights, configs, id mapping, graph metadata and metrics in one file,
plus a PNG of the learning curves next to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from graph.gnn.data import IdMapping
from graph.gnn.model import LinkPredictor, ModelConfig
from graph.gnn.train import TrainConfig, TrainedModel


def save_checkpoint(
    path: Path,
    trained: TrainedModel,
    metadata: Any,
    in_dim: int,
    mapping: IdMapping,
    metrics: dict[str, Any],
) -> Path:
    """Write the checkpoint (``torch.save``) and its learning-curve PNG; return the PNG path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "state_dict": {k: v.cpu() for k, v in trained.model.state_dict().items()},
            "model_config": trained.model_config.model_dump(),
            "train_config": trained.train_config.model_dump(),
            "metadata": (list(metadata[0]), [tuple(e) for e in metadata[1]]),
            "in_dim": in_dim,
            "id_mapping": mapping.to_dict(),
            "history": trained.history,
            "best_epoch": trained.best_epoch,
            "metrics": metrics,
        },
        path,
    )
    negatives = trained.train_config.val_negatives
    title = f"validation links, each ranked against {negatives} random papers"
    return plot_learning_curves(trained.history, path.with_suffix(".png"), title)


def load_checkpoint(
    path: Path, device: torch.device | str = "cpu"
) -> tuple[LinkPredictor, dict[str, Any]]:
    """The model (eval mode, on ``device``) and the checkpoint's other fields."""
    blob = torch.load(path, map_location="cpu", weights_only=False)
    node_types, edge_types = blob["metadata"]
    model = LinkPredictor(
        (node_types, [tuple(e) for e in edge_types]),
        blob["in_dim"],
        # checkpoints from before these features existed were trained without them
        ModelConfig(
            **{"lexical": False, "degrees": False, "sign_depth": 1, **blob["model_config"]}
        ),
    )
    model.load_state_dict(blob["state_dict"])
    blob["train_config"] = TrainConfig(**blob["train_config"])
    blob["id_mapping"] = IdMapping({k: tuple(v) for k, v in blob["id_mapping"].items()})
    return model.to(device).eval(), blob


def plot_learning_curves(history: list[dict[str, float]], path: Path, title: str = "") -> Path:
    """Loss and validation metrics per evaluated epoch, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    epochs = [row["epoch"] for row in history]
    left.plot(epochs, [row["loss"] for row in history], label="train loss")
    left.set_xlabel("epoch")
    left.legend()
    for key in ("val_auc", "val_mrr", "val_hits@10", "val_hits@50"):
        right.plot(epochs, [row.get(key, float("nan")) for row in history], label=key)
    right.set_xlabel("epoch")
    right.set_title(title, fontsize=9)
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
