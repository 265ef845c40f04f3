"""Lexical paper vectors and the decoder's pair features."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from gnn_builders import planted_corpus

from graph.gnn.data import PAPER_NODE, CorpusGraph, build_hetero
from graph.gnn.features import lexical_features
from graph.gnn.model import ModelConfig
from graph.gnn.structure import PairFeaturizer, adjacency, cross_neighbours, degree_features

TEXTS = [
    "Graph neural networks for citation recommendation with message passing.",
    "Message passing graph neural networks recommend citations between papers.",
    "Protein folding prediction from amino acid sequences with deep learning.",
    "Deep learning predicts protein structure from amino acid sequences.",
    "Speech recognition with recurrent networks on noisy acoustic data.",
    "Recurrent networks for robust speech recognition in acoustic noise.",
]


def test_lexical_vectors_are_normalised_deterministic_and_topical() -> None:
    x = lexical_features(TEXTS, dim=8)
    assert x.shape == (len(TEXTS), 8) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(x, lexical_features(TEXTS, dim=8))
    cos = x @ x.T
    for i in range(0, len(TEXTS), 2):  # each text is closest to its paraphrase
        others = [j for j in range(len(TEXTS)) if j not in (i, i + 1)]
        assert cos[i, i + 1] > max(cos[i, j] for j in others)


@pytest.mark.parametrize("texts", [[], ["one paper"], ["same words", "same words", "same words"]])
def test_lexical_vectors_of_tiny_or_uniform_corpora_are_zero(texts: list[str]) -> None:
    x = lexical_features(texts, dim=8)
    assert x.shape == (len(texts), 8) and not x.any()


def test_hetero_graph_carries_lexical_vectors_row_for_row() -> None:
    corpus = planted_corpus(communities=2, size=10)
    lexical = np.eye(len(corpus.paper_ids), 5, dtype=np.float32)
    data, mapping = build_hetero(CorpusGraph(**{**corpus.__dict__, "paper_lexical": lexical}))
    assert torch.equal(data[PAPER_NODE].lex, torch.from_numpy(lexical))
    with pytest.raises(ValueError, match="lexical rows"):
        build_hetero(CorpusGraph(**{**corpus.__dict__, "paper_lexical": lexical[:3]}))


def test_degree_features_are_symmetric_log_degrees() -> None:
    # star: node 0 linked to 1, 2, 3; node 4 isolated; log-degrees are divided by their mean
    adj = adjacency(torch.tensor([[0, 0, 0], [1, 2, 3]]), 5)
    pairs = torch.tensor([[0, 1, 4], [1, 0, 2]])
    total, gap = degree_features(adj, pairs)
    mean = (np.log(4) + 3 * np.log(2)) / 5
    assert np.allclose(total, [(np.log(4) + np.log(2)) / mean] * 2 + [np.log(2) / mean])
    assert np.allclose(gap, [(np.log(4) - np.log(2)) / mean] * 2 + [np.log(2) / mean])


def test_pair_features_match_the_model_config() -> None:
    n = 6
    text = torch.nn.functional.normalize(torch.randn(n, 4), dim=1)
    lexical = torch.from_numpy(lexical_features(TEXTS, dim=4))
    adjs = [adjacency(torch.tensor([[0, 2], [1, 3]]), n), sp.csr_matrix((n, n))]
    pairs = torch.tensor([[0, 2, 4], [1, 3, 5]])
    configs = (
        ModelConfig(),
        ModelConfig(lexical=False, degrees=False, smoothed=False, cross=False),
        ModelConfig(structural=1),  # no context graph: no cross feature either
    )
    for config in configs:
        feats = PairFeaturizer(
            text,
            adjs[: config.structural],
            config.text_cosine,
            config.smoothed,
            lexical=lexical if config.lexical else None,
            degrees=config.degrees,
            cross=config.cross,
        )(pairs)
        assert feats.shape == (3, config.num_pair_features)
    # the lexical cosine column is the cosine of the lexical vectors
    feats = PairFeaturizer(text, [], lexical=lexical)(pairs)
    assert torch.allclose(feats[:, 1], (lexical[pairs[0]] * lexical[pairs[1]]).sum(1), atol=1e-6)


def test_cross_neighbours_count_similar_papers_links_both_ways() -> None:
    n = 5
    links = adjacency(torch.tensor([[1, 1], [2, 3]]), n)  # 1-2, 1-3 cite
    context = adjacency(torch.tensor([[0], [1]]), n)  # 0 is similar to 1
    pairs = torch.tensor([[0, 2, 0, 4], [2, 0, 4, 0]])
    found = cross_neighbours(links, context, pairs)
    # "a paper like 0 (paper 1) links to 2", seen from either end; nothing links 0 and 4
    assert np.allclose(found, np.log1p([1, 1, 0, 0]))
