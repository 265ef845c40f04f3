"""The SIGN encoder's inputs are the normalised propagation they claim, recomputed only where
the graph changed, and a mini-batch encodes a paper exactly as the full pass does."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch
from gnn_builders import planted_corpus

from graph.gnn.data import CITES_EDGE, PAPER_NODE, SIMILAR_EDGE, build_hetero, paper_lexical
from graph.gnn.model import LinkPredictor, ModelConfig
from graph.gnn.sign import Propagation, num_inputs


def _graph():  # type: ignore[no-untyped-def]
    corpus = planted_corpus(communities=2, size=12)
    n = len(corpus.paper_ids)
    ids = corpus.paper_ids
    similar = tuple((ids[i], ids[(i + 1) % n]) for i in range(n))  # a ring
    return build_hetero(replace(corpus, similar_to=similar))[0]


def _dense_hops(edge_index: torch.Tensor, x: np.ndarray, hops: int) -> list[np.ndarray]:
    n = x.shape[0]
    adj = np.eye(n, dtype=np.float64)
    adj[edge_index[0].numpy(), edge_index[1].numpy()] = 1.0
    scale = 1.0 / np.sqrt(adj.sum(axis=1))
    norm = scale[:, None] * adj * scale[None, :]
    out, current = [], x.astype(np.float64)
    for _ in range(hops):
        current = norm @ current
        out.append(current)
    return out


def test_inputs_are_the_normalised_propagation_of_each_relationship() -> None:
    data = _graph()
    x = data[PAPER_NODE].x
    inputs = Propagation(hops=2).inputs([x], data.edge_index_dict)
    assert len(inputs) == num_inputs(data.metadata(), 2) == 1 + 2 * 2  # x, CITES ×2, SIMILAR ×2
    expected = [x.numpy()]
    for edge_type in (CITES_EDGE, SIMILAR_EDGE):
        expected += _dense_hops(data[edge_type].edge_index, x.numpy(), 2)
    for got, want in zip(inputs, expected, strict=True):
        assert got.dtype == torch.float16
        np.testing.assert_allclose(got.float().numpy(), want, atol=2e-3)


def test_only_changed_relationships_are_propagated_again() -> None:
    data = _graph()
    x = data[PAPER_NODE].x
    propagation = Propagation(hops=1)
    first = propagation.inputs([x], data.edge_index_dict)
    edges = dict(data.edge_index_dict)
    edges[CITES_EDGE] = edges[CITES_EDGE][:, :4]  # training hides links: new tensor
    second = propagation.inputs([x], edges)
    cites, similar = 1, 2
    assert second[similar] is first[similar]  # unchanged relationship: the cached result
    assert not torch.equal(second[cites], first[cites])


def test_a_mini_batch_encodes_papers_as_the_full_pass_does() -> None:
    data = _graph()
    torch.manual_seed(0)
    config = ModelConfig(hidden=8, encoder="sign")
    model = LinkPredictor(data.metadata(), data[PAPER_NODE].x.shape[1], config)
    model.eval()
    lexical = paper_lexical(data)
    full = model.encode(data.x_dict, data.edge_index_dict, lexical)
    rows = torch.tensor([3, 0, 17])
    with torch.no_grad():
        batch = model.sign(model.sign_inputs(data.x_dict, data.edge_index_dict, lexical), rows)
    assert full.shape == (data[PAPER_NODE].num_nodes, 8)
    torch.testing.assert_close(batch, full[rows])


def _dense_norm(edge_index: torch.Tensor, n: int) -> np.ndarray:
    adj = np.eye(n, dtype=np.float64)
    adj[edge_index[0].numpy(), edge_index[1].numpy()] = 1.0
    scale = 1.0 / np.sqrt(adj.sum(axis=1))
    return scale[:, None] * adj * scale[None, :]


def test_metapath_inputs_follow_every_sequence_of_relationships() -> None:
    data = _graph()
    x = data[PAPER_NODE].x.numpy().astype(np.float64)
    n = x.shape[0]
    cites = _dense_norm(data[CITES_EDGE].edge_index, n)
    similar = _dense_norm(data[SIMILAR_EDGE].edge_index, n)
    inputs = Propagation(hops=2, metapaths=True).inputs([data[PAPER_NODE].x], data.edge_index_dict)
    assert len(inputs) == num_inputs(data.metadata(), 2, metapaths=True) == 1 + 2 + 4
    # x; one step along CITES, along SIMILAR_TO; then two steps in each order
    expected = [x, cites @ x, similar @ x]
    expected += [cites @ cites @ x, similar @ cites @ x, cites @ similar @ x, similar @ similar @ x]
    for got, want in zip(inputs, expected, strict=True):
        np.testing.assert_allclose(got.float().numpy(), want, atol=3e-3)


def test_metapaths_through_a_changed_relationship_are_the_only_ones_propagated_again() -> None:
    data = _graph()
    x = data[PAPER_NODE].x
    propagation = Propagation(hops=2, metapaths=True)
    first = propagation.inputs([x], data.edge_index_dict)
    edges = dict(data.edge_index_dict)
    edges[CITES_EDGE] = edges[CITES_EDGE][:, :4]
    second = propagation.inputs([x], edges)
    similar, similar_similar = 2, 6
    for kept in (similar, similar_similar):
        assert second[kept] is first[kept]
    for changed in (1, 3, 4, 5):  # every path with a CITES step
        assert not torch.equal(second[changed], first[changed])
    fresh = Propagation(hops=2, metapaths=True).inputs([x], edges)
    for got, want in zip(second, fresh, strict=True):
        torch.testing.assert_close(got, want, atol=2e-3, rtol=0)


def test_a_checkpoint_from_before_the_second_layer_loads_as_it_was_trained(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from graph.gnn.checkpoint import load_checkpoint
    from graph.gnn.train import TrainConfig

    data = _graph()
    torch.manual_seed(0)
    config = ModelConfig(hidden=8, encoder="sign", sign_depth=1)
    model = LinkPredictor(data.metadata(), data[PAPER_NODE].x.shape[1], config).eval()
    saved = config.model_dump()
    del saved["sign_depth"], saved["sign_metapaths"]  # fields that checkpoint did not have
    metadata = data.metadata()
    torch.save(
        {
            "state_dict": model.state_dict(),
            "model_config": saved,
            "train_config": TrainConfig().model_dump(),
            "metadata": (list(metadata[0]), [tuple(e) for e in metadata[1]]),
            "in_dim": data[PAPER_NODE].x.shape[1],
            "id_mapping": {},
        },
        tmp_path / "old.pt",
    )
    loaded, _ = load_checkpoint(tmp_path / "old.pt")
    lexical = paper_lexical(data)
    with torch.no_grad():
        torch.testing.assert_close(
            loaded.encode(data.x_dict, data.edge_index_dict, lexical),
            model.encode(data.x_dict, data.edge_index_dict, lexical),
        )
