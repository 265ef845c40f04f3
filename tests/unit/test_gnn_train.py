"""Training learns planted structure (full-batch GraphSAGE and the mini-batch SIGN encoder);
checkpoints round-trip; predictions skip linked pairs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from gnn_builders import planted_corpus

from graph.gnn.baselines import text_cosine
from graph.gnn.checkpoint import load_checkpoint, save_checkpoint
from graph.gnn.data import CITES_EDGE, PAPER_NODE, build_hetero
from graph.gnn.metrics import ranking_metrics, ranks
from graph.gnn.model import ModelConfig
from graph.gnn.predict import top_predictions
from graph.gnn.split import split_links
from graph.gnn.train import LinkTrainer, TrainConfig, evaluate_scorer, make_scorer

QUICK = TrainConfig(epochs=60, lr=0.01, eval_every=10, patience=60, val_negatives=50)
ENCODERS = {
    "sage": (ModelConfig(hidden=32), QUICK),
    # batches of 32 hidden links: several optimiser steps per epoch
    "sign": (ModelConfig(hidden=32, encoder="sign"), QUICK.model_copy(update={"batch_links": 32})),
    # no pair features: what is learned comes through the propagated inputs alone
    "sign-encoder-only": (
        ModelConfig(hidden=32, encoder="sign", text_cosine=False, structural=0, lexical=False),
        QUICK.model_copy(update={"batch_links": 32}),
    ),
}


@pytest.fixture(scope="module", params=sorted(ENCODERS))
def trained(request):  # type: ignore[no-untyped-def]
    torch.set_num_threads(1)
    # features are pure noise: whatever the model learns comes from the planted links
    data, mapping = build_hetero(planted_corpus(noise=100.0))
    split = split_links(data, CITES_EDGE, seed=0, rank_negatives=50)
    model_config, train_config = ENCODERS[request.param]
    result = LinkTrainer(model_config, train_config, torch.device("cpu")).run(split)
    return data, mapping, split, result


def test_planted_structure_is_learned(trained) -> None:  # type: ignore[no-untyped-def]
    _, _, split, result = trained
    metrics = evaluate_scorer(make_scorer(result.model, split.data, CITES_EDGE), split)
    text_only = evaluate_scorer(text_cosine(split), split)
    assert metrics["auc"] > 0.7, metrics
    assert metrics["mrr"] > 2 * text_only["mrr"], (metrics, text_only)
    assert result.history and result.best_epoch > 0


def test_checkpoint_round_trips_predictions(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data, mapping, split, result = trained
    png = save_checkpoint(
        tmp_path / "model.pt",
        result,
        data.metadata(),
        data[PAPER_NODE].x.shape[1],
        mapping,
        {"auc": 1.0},
    )
    assert png.exists() and png.stat().st_size > 0
    model, blob = load_checkpoint(tmp_path / "model.pt")
    assert blob["id_mapping"].ids == mapping.ids and blob["metrics"] == {"auc": 1.0}
    pairs = torch.cat([split.test_pos, split.test_neg], dim=1)
    before = make_scorer(result.model, split.data, CITES_EDGE)(pairs)
    after = make_scorer(model, split.data, CITES_EDGE)(pairs)
    assert np.allclose(before, after, atol=1e-6)


def test_predictions_only_for_unlinked_pairs(trained) -> None:  # type: ignore[no-untyped-def]
    data, mapping, _, result = trained
    _, predictions = top_predictions(result.model, data, CITES_EDGE, mapping, top_k=5)
    linked = {tuple(e) for e in data[CITES_EDGE].edge_index.t().tolist()}
    index = mapping.index(PAPER_NODE)
    assert len(predictions) == 5 * len(mapping.ids[PAPER_NODE])
    for p in predictions:
        assert p.source != p.target
        assert (index[p.source], index[p.target]) not in linked
    per_source = {}
    for p in predictions:
        per_source.setdefault(p.source, []).append(p.target)
    assert all(len(set(t)) == len(t) for t in per_source.values())


def test_ranks_count_ties_as_half() -> None:
    # positive 0.5 against [0.9, 0.5, 0.1]: one above, one tie → rank 2.5
    assert ranks(np.array([0.5]), np.array([[0.9, 0.5, 0.1]])).tolist() == [2.5]
    metrics = ranking_metrics(np.array([1.0, 0.0]), np.array([[0.5] * 60, [0.5] * 60]))
    assert metrics["mrr"] == pytest.approx((1.0 + 1 / 61) / 2)
    assert metrics["hits@10"] == 0.5 and metrics["hits@50"] == 0.5
