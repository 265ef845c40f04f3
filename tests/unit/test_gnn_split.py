"""The split: no held-out link reaches the encoder; evaluation negatives are well formed."""

from __future__ import annotations

import torch
from gnn_builders import planted_corpus

from graph.gnn.data import CITES_EDGE, PAPER_NODE, build_hetero
from graph.gnn.split import leaked_edges, split_links


def test_held_out_links_are_not_message_paths() -> None:
    data, _ = build_hetero(planted_corpus())
    total = data[CITES_EDGE].edge_index.shape[1] // 2
    split = split_links(data, CITES_EDGE, seed=1, rank_negatives=50)
    visible = {tuple(e) for e in split.data[CITES_EDGE].edge_index.t().tolist()}
    held_out = torch.cat([split.val_pos, split.test_pos], dim=1).t().tolist()
    assert held_out, "the split produced no held-out links"
    for u, v in held_out:
        assert (u, v) not in visible and (v, u) not in visible
    assert leaked_edges(split) == 0
    # every train link is visible in both directions; sizes follow 85/5/10
    for u, v in split.train_pos.t().tolist():
        assert (u, v) in visible and (v, u) in visible
    assert split.train_pos.shape[1] + split.val_pos.shape[1] + split.test_pos.shape[1] == total
    assert split.test_pos.shape[1] == int(0.10 * total)
    assert split.val_pos.shape[1] == int(0.05 * total)


def test_original_graph_is_left_whole() -> None:
    data, _ = build_hetero(planted_corpus())
    before = data[CITES_EDGE].edge_index.clone()
    split_links(data, CITES_EDGE, seed=0, rank_negatives=10)
    assert torch.equal(data[CITES_EDGE].edge_index, before)


def test_ranking_negatives_never_pick_the_source() -> None:
    data, _ = build_hetero(planted_corpus())
    split = split_links(data, CITES_EDGE, seed=2, rank_negatives=200)
    assert split.test_rank_neg.shape == (split.test_pos.shape[1], 200)
    assert not (split.test_rank_neg == split.test_pos[0].view(-1, 1)).any()
    assert int(split.test_rank_neg.max()) < int(data[PAPER_NODE].num_nodes)


def test_split_is_reproducible() -> None:
    data, _ = build_hetero(planted_corpus())
    a, b = (
        split_links(data, CITES_EDGE, seed=3, rank_negatives=5),
        split_links(data, CITES_EDGE, seed=3, rank_negatives=5),
    )
    assert torch.equal(a.test_pos, b.test_pos) and torch.equal(a.test_rank_neg, b.test_rank_neg)


def test_auc_negatives_do_not_depend_on_global_random_state() -> None:
    import random

    data, _ = build_hetero(planted_corpus())
    random.seed(123)
    a = split_links(data, CITES_EDGE, seed=4, rank_negatives=5)
    random.seed(456)
    b = split_links(data, CITES_EDGE, seed=4, rank_negatives=5)
    assert torch.equal(a.test_neg, b.test_neg) and torch.equal(a.val_neg, b.val_neg)
