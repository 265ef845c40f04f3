"""Neo4j ↔ GNN: export the graph into a :class:`CorpusGraph`, write embeddings and predictions.

All access goes through :class:`graph.store.GraphStore`, opened by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graph.embeddings import DEFAULT_BACKEND, paper_text
from graph.gnn import queries
from graph.gnn.data import CorpusGraph
from graph.gnn.features import embed_texts, lexical_features
from graph.gnn.predict import Prediction
from graph.schema import CITES, EMBEDDING_DIM, SHARES_ENTITIES, SIMILAR_TO
from graph.store import GraphStore


def _text(row: dict[str, Any]) -> str:
    return paper_text(row["title"] or "", row["abstract"] or "")


def _features(
    papers: list[dict[str, Any]], cache_dir: Path, device: str, backend: str
) -> np.ndarray:
    """Stored embeddings; papers without one are embedded here (cached)."""
    dims = {len(p["embedding"]) for p in papers if p["embedding"]}
    if len(dims) > 1:
        raise ValueError(f"papers carry embeddings of different sizes: {sorted(dims)}")
    features = np.zeros((len(papers), dims.pop() if dims else EMBEDDING_DIM), dtype=np.float32)
    missing = []
    for i, p in enumerate(papers):
        if p["embedding"]:
            features[i] = np.asarray(p["embedding"], dtype=np.float32)
        else:
            missing.append(i)
    if missing:
        texts = [_text(papers[i]) for i in missing]
        features[missing] = embed_texts(texts, cache_dir, device=device, backend=backend)
    return features


def export_corpus(
    store: GraphStore, cache_dir: Path, device: str = "cpu", backend: str = DEFAULT_BACKEND
) -> CorpusGraph:
    """Papers (with embeddings), entities, MENTIONS and the paper–paper relationships."""
    papers = store.read(queries.EXPORT_PAPERS)
    if not papers:
        raise ValueError("the graph has no papers: ingest a corpus first")
    links = {
        rel: tuple((r["source"], r["target"]) for r in store.read(queries.export_paper_links(rel)))
        for rel in (CITES, SHARES_ENTITIES, SIMILAR_TO)
    }
    return CorpusGraph(
        paper_ids=tuple(p["id"] for p in papers),
        paper_features=_features(papers, cache_dir, device, backend),
        paper_lexical=lexical_features([_text(p) for p in papers]),
        entity_types={r["id"]: r["type"] for r in store.read(queries.EXPORT_ENTITIES) if r["type"]},
        mentions=tuple((r["source"], r["target"]) for r in store.read(queries.EXPORT_MENTIONS)),
        shares_entities=links[SHARES_ENTITIES],
        similar_to=links[SIMILAR_TO],
        cites=links[CITES],
    )


def write_back(
    store: GraphStore,
    paper_ids: Sequence[str],
    embeddings: np.ndarray,
    predictions: Sequence[Prediction],
    model_name: str,
    target: str = "",
) -> int:
    """Set ``Paper.gnn_embedding`` (+ vector index), replace PREDICTED_LINK (each saying in
    ``trained_on`` the ``target`` link type the model was trained on); return the link count."""
    rows = [
        {"id": pid, "embedding": [float(v) for v in vec]}
        for pid, vec in zip(paper_ids, embeddings, strict=True)
    ]
    store.write_batches(queries.SET_GNN_EMBEDDINGS, rows)
    store.execute(queries.DROP_GNN_VECTOR_INDEX)
    store.execute(queries.create_gnn_vector_index(embeddings.shape[1]))
    store.execute(queries.DELETE_PREDICTED_LINKS)
    links = [{**p.model_dump(), "model": model_name, "trained_on": target} for p in predictions]
    store.write_batches(queries.MERGE_PREDICTED_LINKS, links)
    return int(store.read(queries.COUNT_PREDICTED_LINKS)[0]["links"])


def predicted_for_paper(store: GraphStore, paper_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """Stored predictions of one paper, best first."""
    return store.read(queries.PREDICTED_FOR_PAPER, id=paper_id, limit=limit)
