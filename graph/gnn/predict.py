"""Top-k link predictions per paper, for pairs the graph does not already link."""

from __future__ import annotations

import torch
from pydantic import BaseModel, ConfigDict
from torch_geometric.data import HeteroData

from graph.gnn.data import PAPER_NODE, EdgeType, IdMapping, paper_lexical
from graph.gnn.features import text_neighbours
from graph.gnn.model import LinkPredictor
from graph.gnn.train import featurizer


class Prediction(BaseModel):
    """One predicted link, as written to ``PREDICTED_LINK``."""

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    score: float


def linked_keys(data: HeteroData, n: int) -> torch.Tensor:
    """``u·n + v`` for every paper–paper edge already in the graph, both directions, sorted."""
    keys = [
        torch.cat([e[0] * n + e[1], e[1] * n + e[0]])
        for (src, _, dst), e in data.edge_index_dict.items()
        if src == PAPER_NODE and dst == PAPER_NODE
    ]
    return torch.unique(torch.cat(keys)) if keys else torch.empty(0, dtype=torch.long)


def candidates(x: torch.Tensor, z: torch.Tensor, per_paper: int) -> torch.Tensor:
    """Candidate targets per paper: all papers on small graphs, else text ∪ embedding nearest."""
    n = x.shape[0]
    if per_paper >= n - 1:
        return torch.arange(n).repeat(n, 1)
    return torch.cat([text_neighbours(x, per_paper), text_neighbours(z, per_paper)], dim=1)


@torch.no_grad()
def top_predictions(
    model: LinkPredictor,
    data: HeteroData,
    target: EdgeType,
    mapping: IdMapping,
    top_k: int = 10,
    per_paper: int = 500,
    batch: int = 64,
) -> tuple[torch.Tensor, list[Prediction]]:
    """Paper embeddings and the ``top_k`` highest-scoring unlinked pairs per paper."""
    model.eval()
    z = model.encode(data.x_dict, data.edge_index_dict, paper_lexical(data))
    feats = featurizer(data, target, data[target].edge_index, model.config)
    n = z.shape[0]
    existing = linked_keys(data, n).to(z.device)
    cands = candidates(data[PAPER_NODE].x, z, per_paper).to(z.device)
    ids = mapping.ids[PAPER_NODE]
    out: list[Prediction] = []
    for start in range(0, n, batch):
        rows = torch.arange(start, min(start + batch, n), device=z.device)
        cols = cands[rows]
        src = rows.view(-1, 1).expand_as(cols)
        pairs = torch.stack([src.reshape(-1), cols.reshape(-1)])
        scores = torch.sigmoid(model.decode(z, pairs, feats(pairs))).view_as(cols)
        keys = src * n + cols
        scores[(cols == src) | torch.isin(keys, existing)] = float("-inf")
        # the same candidate may come from both neighbour lists: keep its first copy only
        order = cols.sort(dim=1)
        dup = torch.zeros_like(cols, dtype=torch.bool)
        dup[:, 1:] = order.values[:, 1:] == order.values[:, :-1]
        scores.scatter_(
            1, order.indices, scores.gather(1, order.indices).masked_fill(dup, float("-inf"))
        )
        best = scores.topk(min(top_k, cols.shape[1]), dim=1)
        for r, (vals, idx) in enumerate(
            zip(best.values.tolist(), best.indices.tolist(), strict=True)
        ):
            for v, i in zip(vals, idx, strict=True):
                if v != float("-inf"):
                    out.append(
                        Prediction(
                            source=ids[start + r], target=ids[int(cols[r, i])], score=float(v)
                        )
                    )
    return z, out
