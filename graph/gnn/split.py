"""Train/val/test split of the target link type, with fixed evaluation negatives.

Follows PyG's ``link_pred.py``: ``RandomLinkSplit`` with ``is_undirected=True`` and
``add_negative_train_samples=False``. Message passing uses the train edges only, at
validation and at test time alike, so no val/test link is ever visible to the encoder.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch_geometric.transforms as T
from torch_geometric.data import HeteroData

from extract.runtime import seed_everything
from graph.gnn.data import PAPER_NODE, EdgeType


@dataclass(frozen=True)
class LinkSplit:
    """One split: the message-passing graph and the labelled pairs of each stage."""

    data: HeteroData  # target edge type holds train edges only (both directions)
    target: EdgeType
    train_pos: torch.Tensor  # (2, n) one direction per undirected edge
    val_pos: torch.Tensor
    val_neg: torch.Tensor  # as many random non-edges as positives (AUC/AP)
    val_rank_neg: torch.Tensor  # (n_val, k) candidate papers w for each (u, v)
    test_pos: torch.Tensor
    test_neg: torch.Tensor
    test_rank_neg: torch.Tensor  # (n_test, k)

    @property
    def num_papers(self) -> int:
        return int(self.data[PAPER_NODE].num_nodes)


def ranking_negatives(
    sources: torch.Tensor, num_nodes: int, k: int, generator: torch.Generator
) -> torch.Tensor:
    """``k`` uniformly random papers w ≠ u per source u (OGB citation2 style, unfiltered)."""
    draws = torch.randint(0, num_nodes - 1, (sources.numel(), k), generator=generator)
    return draws + (draws >= sources.view(-1, 1)).long()


def split_links(
    data: HeteroData,
    target: EdgeType,
    seed: int,
    val: float = 0.05,
    test: float = 0.10,
    rank_negatives: int = 1000,
) -> LinkSplit:
    """Split ``target`` edges 85/5/10 (by default) and draw the evaluation negatives."""
    # RandomLinkSplit draws from torch; its negative sampling also from Python's random
    seed_everything(seed)
    splitter = T.RandomLinkSplit(
        num_val=val,
        num_test=test,
        is_undirected=True,
        add_negative_train_samples=False,
        neg_sampling_ratio=1.0,
        edge_types=[target],
        rev_edge_types=[None],
    )
    train_data, val_data, test_data = splitter(data)

    def labelled(stage: HeteroData) -> tuple[torch.Tensor, torch.Tensor]:
        label = stage[target].edge_label.bool()
        pairs = stage[target].edge_label_index
        return pairs[:, label], pairs[:, ~label]

    val_pos, val_neg = labelled(val_data)
    test_pos, test_neg = labelled(test_data)
    generator = torch.Generator().manual_seed(seed)
    n = int(data[PAPER_NODE].num_nodes)
    message_graph = train_data.clone()
    for store in message_graph.edge_stores:
        for key in ("edge_label", "edge_label_index"):
            if key in store:
                del store[key]
    return LinkSplit(
        data=message_graph,
        target=target,
        train_pos=train_data[target].edge_label_index,
        val_pos=val_pos,
        val_neg=val_neg,
        val_rank_neg=ranking_negatives(val_pos[0], n, rank_negatives, generator),
        test_pos=test_pos,
        test_neg=test_neg,
        test_rank_neg=ranking_negatives(test_pos[0], n, rank_negatives, generator),
    )


def leaked_edges(split: LinkSplit) -> int:
    """Val/test positives present (either direction) among the message-passing edges. Must be 0."""
    n = split.num_papers
    edges = split.data[split.target].edge_index
    visible = set((edges[0] * n + edges[1]).tolist())
    held_out = torch.cat([split.val_pos, split.test_pos], dim=1)
    keys = (held_out[0] * n + held_out[1]).tolist() + (held_out[1] * n + held_out[0]).tolist()
    return sum(1 for key in keys if key in visible)
