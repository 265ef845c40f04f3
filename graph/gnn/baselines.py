"""Baselines scored on the same split as the GNN.

- ``text_cosine``: cosine of the text embeddings (no training); ``lexical_cosine``: cosine
  of the lexical LSA vectors; and their sum, when the graph has lexical vectors.
- ``common_neighbours`` / ``adamic_adar``: on the train links only.
- ``mlp``: the same decoder over per-paper MLP features — no message passing.
- ``gae``: PyG's graph auto-encoder (2×GCN encoder, inner-product decoder), as in
  ``examples/autoencoder.py``, on the same text features and train links.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import torch
from torch_geometric.nn import GAE, GCNConv

from extract.runtime import seed_everything
from graph.gnn.data import PAPER_NODE
from graph.gnn.metrics import auc_ap, to_numpy
from graph.gnn.model import ModelConfig
from graph.gnn.split import LinkSplit
from graph.gnn.structure import adamic_adar, adjacency, common_neighbours
from graph.gnn.train import LinkTrainer, TrainConfig, make_scorer

Scorer = Callable[[torch.Tensor], np.ndarray]


def cosine(vectors: torch.Tensor) -> Scorer:
    """Cosine of per-paper vectors (text embeddings, or the lexical LSA vectors)."""
    x = torch.nn.functional.normalize(vectors.float().cpu(), dim=1)
    return lambda pairs: to_numpy((x[pairs[0]] * x[pairs[1]]).sum(1))


def text_cosine(split: LinkSplit) -> Scorer:
    return cosine(split.data[PAPER_NODE].x)


def lexical_cosine(split: LinkSplit) -> Scorer:
    return cosine(split.data[PAPER_NODE].lex)


def structural(split: LinkSplit, kind: str) -> Scorer:
    adj = adjacency(split.data[split.target].edge_index, split.num_papers)
    fn = common_neighbours if kind == "cn" else adamic_adar
    return lambda pairs: fn(adj, pairs)


def mlp(split: LinkSplit, train_config: TrainConfig, device: torch.device) -> Scorer:
    """Same decoder and training as the GNN, but per-paper features without message passing."""
    config = ModelConfig(
        encoder="mlp", residual=False, text_cosine=False, structural=0, lexical=False, degrees=False
    )
    trained = LinkTrainer(config, train_config, device).run(split)
    score = make_scorer(trained.model, split.data.to(device), split.target)
    return score


class GCNEncoder(torch.nn.Module):
    """The encoder of PyG's autoencoder example: GCN(in, 2·out) → ReLU → GCN(2·out, out)."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv1 = GCNConv(in_channels, 2 * out_channels)
        self.conv2 = GCNConv(2 * out_channels, out_channels)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)


def gae(
    split: LinkSplit, device: torch.device, seed: int, epochs: int = 400, out_channels: int = 16
) -> Scorer:
    """Graph auto-encoder trained on train links; best validation-AUC epoch kept."""
    seed_everything(seed)
    x = split.data[PAPER_NODE].x.float().to(device)
    edge_index = split.data[split.target].edge_index.to(device)
    model = GAE(GCNEncoder(x.shape[1], out_channels)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    best, best_state = -1.0, copy.deepcopy(model.state_dict())
    for epoch in range(1, epochs + 1):
        model.train()
        opt.zero_grad()
        z = model.encode(x, edge_index)
        loss = model.recon_loss(z, split.train_pos.to(device))
        loss.backward()
        opt.step()
        if epoch % 10 == 0:
            model.eval()
            with torch.no_grad():
                z = model.encode(x, edge_index)
                pos = to_numpy(model.decode(z, split.val_pos.to(device)))
                neg = to_numpy(model.decode(z, split.val_neg.to(device)))
            auc, _ = auc_ap(pos, neg)
            if auc > best:
                best, best_state = auc, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    model.eval()
    with torch.no_grad():
        z = model.encode(x, edge_index)
    return lambda pairs: to_numpy(model.decode(z, pairs.to(device)))


def baseline_scorers(
    split: LinkSplit, train_config: TrainConfig, device: torch.device, seed: int
) -> dict[str, Scorer]:
    """Every baseline, trained where needed, keyed by its table name."""
    scorers = {"text cosine": text_cosine(split)}
    if getattr(split.data[PAPER_NODE], "lex", None) is not None:
        text, lexical = scorers["text cosine"], lexical_cosine(split)
        scorers["lexical cosine (tf-idf lsa)"] = lexical
        scorers["text + lexical cosine"] = lambda pairs: text(pairs) + lexical(pairs)
    return {
        **scorers,
        "common neighbours": structural(split, "cn"),
        "adamic-adar": structural(split, "aa"),
        "mlp (no message passing)": mlp(split, train_config, device),
        "gae (2xGCN, inner product)": gae(split, device, seed),
    }
