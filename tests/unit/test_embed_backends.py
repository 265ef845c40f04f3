"""Every embedding backend: unit vectors of its index dimension, the same nearest neighbour on a
planted pair, and a model id of its own (so cached and stored vectors never mix)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.embeddings import BACKENDS, Embedder

QUERY = "Graph neural networks for link prediction in citation networks"
DOCUMENTS = [
    "A sourdough bread recipe with a long, cold fermentation and a very hot oven.",
    "We predict missing citation links with a graph neural network trained on the "
    "citation graph, and compare it with heuristics on link prediction benchmarks.",
    "Forecasting stock market volatility with GARCH models on daily returns.",
    "A field study of bird migration routes across the Mediterranean in spring.",
]
PLANTED = 1  # the document about the query's topic
CONCRETE = [b for b in BACKENDS if b != "auto"]


@pytest.fixture(scope="module")
def export_dir(model_cache: Path) -> Path:
    """ONNX exports; the static model is distilled next to them (``static/``), once."""
    return model_cache / "onnx"


@pytest.mark.slow
@pytest.mark.parametrize("backend", CONCRETE)
def test_backend_gives_unit_vectors_of_its_dimension_and_finds_the_planted_pair(
    backend: str, export_dir: Path
) -> None:
    embedder = Embedder(backend=backend, batch_size=2, export_dir=export_dir)
    vectors = embedder.embed([QUERY, *DOCUMENTS])
    assert vectors.dtype == np.float32
    assert vectors.shape == (1 + len(DOCUMENTS), embedder.dimension)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    scores = vectors[1:] @ vectors[0]
    assert int(np.argmax(scores)) == PLANTED, scores


def test_every_backend_has_its_own_model_id_and_the_static_one_its_own_dimension() -> None:
    embedders = {b: Embedder(backend=b) for b in CONCRETE}
    assert len({e.model_id for e in embedders.values()}) == len(CONCRETE)
    assert embedders["static"].dimension != embedders["openvino"].dimension
    assert {e.dimension for b, e in embedders.items() if b != "static"} == {384}
