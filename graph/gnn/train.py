"""Training loop: masked message passing, fresh negatives every epoch, early stopping.

Each epoch hides a random share of the train links from the encoder and learns to
recover them (positives) against fresh random negatives (optionally also text-nearest
non-links), so what the model is trained on looks like what it is tested on: links the
encoder cannot see. The SIGN encoder (``ModelConfig(encoder="sign")``) trains the same way in
mini-batches of ``batch_links`` hidden links, its inputs propagated once per epoch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import torch
import torch.nn.functional as F
from pydantic import BaseModel, ConfigDict

from extract.runtime import seed_everything
from graph.gnn.data import PAPER_NODE, SHARED_EDGE, SIMILAR_EDGE, EdgeType, paper_lexical
from graph.gnn.features import text_neighbours
from graph.gnn.metrics import all_metrics, to_numpy
from graph.gnn.model import LinkPredictor, ModelConfig
from graph.gnn.split import LinkSplit
from graph.gnn.structure import PairFeaturizer, adjacency

EpochLog = Callable[[dict[str, float]], None]


class TrainConfig(BaseModel):
    """Optimisation hyper-parameters, saved with the checkpoint."""

    model_config = ConfigDict(frozen=True)

    epochs: int = 200
    lr: float = 0.01
    weight_decay: float = 0.0
    patience: int = 60  # epochs without validation gain before stopping
    min_gain: float = 0.0  # a validation MRR gain below this counts as no gain (a plateau)
    eval_every: int = 5
    val_negatives: int = 200  # ranking negatives per validation link (test always uses all)
    mask_ratio: float = 0.3  # share of train links hidden from the encoder each epoch
    negatives: int = 8  # random negatives per positive
    hard_negatives: int = 0  # text-nearest papers per positive, as extra negatives
    loss: Literal["bce", "softmax"] = "softmax"  # softmax: each positive against its negatives
    hard_pool: int = 20  # how many text neighbours hard negatives are drawn from
    batch_links: int = 4096  # sign encoder: hidden links per optimiser step
    # sign encoder: hidden links trained on per epoch, a fresh random sample of them above
    # it, so an epoch of a million-paper graph takes minutes, not hours
    links_per_epoch: int = 65_536
    seed: int = 0


# Epoch cap and patience per encoder, chosen on CiteSeer validation links (never on test): the
# SIGN encoder's two-layer head still gains after 200 epochs (best validation epochs 145-290),
# so it gets twice the cap and patience; GraphSAGE's best epochs sit well inside 200.
SCHEDULES: dict[str, tuple[int, int]] = {"sage": (200, 60), "mlp": (200, 60), "sign": (400, 120)}


def schedule_for(encoder: str, epochs: int | None = None) -> dict[str, int]:
    """``epochs`` and ``patience`` for ``encoder``; an explicit ``epochs`` caps the default."""
    default_epochs, patience = SCHEDULES.get(encoder, SCHEDULES["sage"])
    return {"epochs": epochs or default_epochs, "patience": patience}


def context_edges(data, target: EdgeType) -> torch.Tensor:  # type: ignore[no-untyped-def]
    """Paper–paper edges other than the target (feature-derived, safe as message paths)."""
    parts = [
        data[t].edge_index
        for t in (SIMILAR_EDGE, SHARED_EDGE)
        if t in data.edge_types and t != target
    ]
    return torch.cat(parts, dim=1) if parts else torch.empty((2, 0), dtype=torch.long)


def undirected(pairs: torch.Tensor) -> torch.Tensor:
    return torch.cat([pairs, pairs.flip(0)], dim=1)


@dataclass
class TrainedModel:
    """A trained predictor and what it needs to score pairs on its graph."""

    model: LinkPredictor
    model_config: ModelConfig
    train_config: TrainConfig
    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int = 0
    val_metrics: dict[str, float] = field(default_factory=dict)


def featurizer(
    split_data, target: EdgeType, target_edges: torch.Tensor, config: ModelConfig
) -> PairFeaturizer:  # type: ignore[no-untyped-def]
    """Pair features on a graph whose visible target links are ``target_edges``."""
    n = int(split_data[PAPER_NODE].num_nodes)
    adjs = [adjacency(target_edges, n), adjacency(context_edges(split_data, target), n)][
        : config.structural
    ]
    lexical = None
    if config.lexical:
        lexical = paper_lexical(split_data)
        if lexical is None:
            raise ValueError("the model uses lexical paper features, but the graph has none")
    return PairFeaturizer(
        split_data[PAPER_NODE].x,
        adjs,
        config.text_cosine,
        config.smoothed,
        lexical=lexical,
        degrees=config.degrees,
        cross=config.cross,
    )


@torch.no_grad()
def score_pairs(
    model: LinkPredictor,
    z: torch.Tensor,
    feats: PairFeaturizer,
    pairs: torch.Tensor,
    chunk: int = 262_144,
) -> np.ndarray:
    """Sigmoid scores of ``pairs`` in chunks (bounded memory)."""
    model.eval()
    out = []
    for start in range(0, pairs.shape[1], chunk):
        part = pairs[:, start : start + chunk].to(z.device)
        out.append(to_numpy(torch.sigmoid(model.decode(z, part, feats(part)))))
    return np.concatenate(out) if out else np.empty(0)


def evaluate_scorer(
    score: Callable[[torch.Tensor], np.ndarray],
    split: LinkSplit,
    stage: str = "test",
    negatives: int | None = None,
) -> dict[str, float]:
    """AUC/AP and MRR/Hits@K of any pair scorer on the val or test links of a split."""
    pos_pairs = getattr(split, f"{stage}_pos")
    rank_neg = getattr(split, f"{stage}_rank_neg")[:, :negatives]
    sources = pos_pairs[0].repeat_interleave(rank_neg.shape[1])
    ranked = score(torch.stack([sources, rank_neg.reshape(-1)])).reshape(rank_neg.shape)
    return all_metrics(score(pos_pairs), score(getattr(split, f"{stage}_neg")), ranked)


@torch.no_grad()
def make_scorer(
    model: LinkPredictor, data, target: EdgeType
) -> Callable[[torch.Tensor], np.ndarray]:  # type: ignore[no-untyped-def]
    """Encode once on ``data`` (its target edges are the visible links); score pairs after."""
    model.eval()
    z = model.encode(data.x_dict, data.edge_index_dict, paper_lexical(data))
    feats = featurizer(data, target, data[target].edge_index, model.config)
    return lambda pairs: score_pairs(model, z, feats, pairs)


class LinkTrainer:
    """Trains a :class:`LinkPredictor` on a split; keeps the best-validation weights."""

    def __init__(
        self, model_config: ModelConfig, train_config: TrainConfig, device: torch.device
    ) -> None:
        self.model_config = model_config
        self.config = train_config
        self.device = device

    def _negatives(self, pos: torch.Tensor, n: int, hard: torch.Tensor | None) -> torch.Tensor:
        cfg = self.config
        src = pos[0].repeat(cfg.negatives)
        negs = [torch.stack([src, torch.randint(0, n, (src.numel(),), device=pos.device)])]
        if cfg.hard_negatives and hard is not None:
            src = pos[0].repeat(cfg.hard_negatives)
            pick = torch.randint(0, hard.shape[1], (src.numel(),), device=pos.device)
            negs.append(torch.stack([src, hard[src, pick]]))
        return torch.cat(negs, dim=1)

    def step(
        self,
        model: LinkPredictor,
        opt: torch.optim.Optimizer,
        split: LinkSplit,
        data,
        hard: torch.Tensor | None,
    ) -> float:  # type: ignore[no-untyped-def]
        """One epoch: hide a share of train links, encode the rest, recover the hidden ones."""
        model.train()
        train_pos = split.train_pos.to(self.device)
        perm = torch.randperm(train_pos.shape[1], device=self.device)
        n_sup = max(1, int(self.config.mask_ratio * perm.numel()))
        sup, keep = train_pos[:, perm[:n_sup]], train_pos[:, perm[n_sup:]]
        edges = dict(data.edge_index_dict)
        edges[split.target] = undirected(keep)
        feats = featurizer(data, split.target, edges[split.target], self.model_config)
        if model.sign is not None:
            return self._sign_epoch(model, opt, split, data, edges, sup, feats, hard)
        neg = self._negatives(sup, split.num_papers, hard)
        pairs = torch.cat([sup, neg], dim=1)
        opt.zero_grad()
        z = model.encode(data.x_dict, edges, paper_lexical(data))
        loss = self._loss(model.decode(z, pairs, feats(pairs)), sup.shape[1])
        loss.backward()
        opt.step()
        return loss.item()

    def _loss(self, logits: torch.Tensor, positives: int) -> torch.Tensor:
        """Loss of ``logits`` whose first ``positives`` entries are the positives, then the
        negatives drawn for them (``negatives`` rounds over the same sources)."""
        if self.config.loss == "softmax" and not self.config.hard_negatives:
            # column 0 is the positive; the rest are negatives drawn for the same source
            table = torch.cat(
                [logits[:positives].view(1, -1), logits[positives:].view(-1, positives)]
            )
            target = torch.zeros(positives, dtype=torch.long, device=self.device)
            return F.cross_entropy(table.t(), target)
        labels = torch.zeros_like(logits)
        labels[:positives] = 1.0
        return F.binary_cross_entropy_with_logits(logits, labels)

    def _sign_epoch(
        self,
        model: LinkPredictor,
        opt: torch.optim.Optimizer,
        split: LinkSplit,
        data,
        edges: dict,
        sup: torch.Tensor,
        feats: PairFeaturizer,
        hard: torch.Tensor | None,
    ) -> float:  # type: ignore[no-untyped-def]
        """The SIGN encoder's epoch: propagate on the kept links once, then step per batch of
        hidden links, encoding only the papers of the batch. Returns the mean loss."""
        assert model.sign is not None
        inputs = model.sign_inputs(data.x_dict, edges, paper_lexical(data))
        total, batches = 0.0, 0
        sample = sup[:, : self.config.links_per_epoch]  # sup is in random order already
        for batch in sample.split(self.config.batch_links, dim=1):
            pairs = torch.cat([batch, self._negatives(batch, split.num_papers, hard)], dim=1)
            rows, local = torch.unique(pairs, return_inverse=True)
            opt.zero_grad()
            z = model.sign(inputs, rows)
            loss = self._loss(model.decode(z, local.view(2, -1), feats(pairs)), batch.shape[1])
            loss.backward()
            opt.step()
            total, batches = total + loss.item(), batches + 1
        return total / max(batches, 1)

    def run(self, split: LinkSplit, progress: EpochLog | None = None) -> TrainedModel:
        """Train with early stopping on validation MRR."""
        seed_everything(self.config.seed)
        data = split.data.to(self.device)
        model = LinkPredictor(data.metadata(), data[PAPER_NODE].x.shape[1], self.model_config).to(
            self.device
        )
        opt = torch.optim.Adam(
            model.parameters(), lr=self.config.lr, weight_decay=self.config.weight_decay
        )
        hard = (
            text_neighbours(data[PAPER_NODE].x, self.config.hard_pool)
            if self.config.hard_negatives
            else None
        )
        result = TrainedModel(model, self.model_config, self.config)
        best_state, best, stale = copy.deepcopy(model.state_dict()), -1.0, 0
        for epoch in range(1, self.config.epochs + 1):
            loss = self.step(model, opt, split, data, hard)
            if epoch % self.config.eval_every and epoch != self.config.epochs:
                continue
            metrics = evaluate_scorer(
                make_scorer(model, data, split.target), split, "val", self.config.val_negatives
            )
            row = {
                "epoch": float(epoch),
                "loss": loss,
                **{f"val_{k}": v for k, v in metrics.items()},
            }
            result.history.append(row)
            if progress:
                progress(row)
            if metrics["mrr"] > best:
                gained = metrics["mrr"] - best >= self.config.min_gain
                best, result.best_epoch, result.val_metrics = metrics["mrr"], epoch, metrics
                best_state = copy.deepcopy(model.state_dict())
                stale = 0 if gained else stale + self.config.eval_every
            else:
                stale += self.config.eval_every
            if stale >= self.config.patience:
                break
        model.load_state_dict(best_state)
        model.eval()
        return result
