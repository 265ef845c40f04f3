"""GNN against the real Neo4j: export keeps counts and mapping; write-back respects links."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from gnn_builders import build_planted_graph, planted_features, planted_papers, planted_topic_papers

from graph.gnn.data import CITES_EDGE, PAPER_NODE, SHARED_EDGE, SIMILAR_EDGE, build_hetero
from graph.gnn.export import export_corpus, predicted_for_paper, write_back
from graph.gnn.model import ModelConfig
from graph.gnn.pipeline import train_and_predict
from graph.gnn.predict import Prediction
from graph.gnn.train import TrainConfig
from graph.schema import PAPER_GNN_VECTOR
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j


def undirected_pairs(store: GraphStore, rel: str) -> int:
    rows = store.read(
        f"MATCH (a:Paper)-[:{rel}]->(b:Paper) WHERE a <> b RETURN a.id AS a, b.id AS b"
    )
    return len({tuple(sorted((r["a"], r["b"]))) for r in rows})


def test_export_keeps_counts_and_mapping(empty_db: dict[str, str], tmp_path: Path) -> None:
    papers = planted_topic_papers(size=10)
    features = planted_features(len(papers), 4)
    with GraphStore(**empty_db) as store:
        build_planted_graph(store, papers, features)
        corpus = export_corpus(store, tmp_path)
        data, mapping = build_hetero(corpus)
        assert (
            len(mapping.ids[PAPER_NODE])
            == store.read("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
            == len(papers)
        )
        entities = store.read("MATCH (e:Entity) RETURN e.type AS type, count(e) AS n")
        assert {r["type"].lower(): r["n"] for r in entities} == {
            t: len(ids) for t, ids in mapping.ids.items() if t != PAPER_NODE
        }
        mentions = store.read("MATCH (:Paper)-[m:MENTIONS]->(:Entity) RETURN count(m) AS n")[0]["n"]
        assert mentions > 0
        assert mentions == sum(
            data[e].edge_index.shape[1] for e in data.edge_types if e[1] == "mentions"
        )
        for rel, edge_type in (
            ("CITES", CITES_EDGE),
            ("SIMILAR_TO", SIMILAR_EDGE),
            ("SHARES_ENTITIES", SHARED_EDGE),
        ):
            assert data[edge_type].edge_index.shape[1] == 2 * undirected_pairs(store, rel), rel
        stored = {
            r["id"]: r["e"]
            for r in store.read("MATCH (p:Paper) RETURN p.id AS id, p.embedding AS e")
        }
    for i, paper_id in enumerate(mapping.ids[PAPER_NODE]):
        assert np.allclose(data[PAPER_NODE].x[i].numpy(), stored[paper_id], atol=1e-6)


def test_write_back_links_only_unlinked_pairs(empty_db: dict[str, str], tmp_path: Path) -> None:
    torch.set_num_threads(1)
    papers = planted_papers(size=30)
    features = planted_features(len(papers), 4)
    with GraphStore(**empty_db) as store:
        build_planted_graph(store, papers, features)
        corpus = export_corpus(store, tmp_path)
        outcome = train_and_predict(
            corpus,
            ModelConfig(hidden=16),
            TrainConfig(epochs=20, eval_every=10, val_negatives=20),
            torch.device("cpu"),
            tmp_path / "model.pt",
            top_k=3,
            rank_negatives=50,
        )
        cited = next(c for c in corpus.cites)
        forced = [*outcome.predictions, Prediction(source=cited[0], target=cited[1], score=1.0)]
        written = write_back(store, outcome.paper_ids, outcome.embeddings, forced, "gnn")
        clashes = store.read(
            "MATCH (a:Paper)-[:PREDICTED_LINK]->(b:Paper) "
            "WHERE EXISTS { (a)-[:CITES|SIMILAR_TO|SHARES_ENTITIES]-(b) } RETURN count(*) AS n"
        )[0]["n"]
        embedded = store.read(
            "MATCH (p:Paper) WHERE size(p.gnn_embedding) = 16 RETURN count(p) AS n"
        )[0]["n"]
        indexes = store.read("SHOW INDEXES YIELD name RETURN collect(name) AS names")[0]["names"]
        top = predicted_for_paper(store, papers[0].id, limit=3)
    assert outcome.checkpoint.exists() and outcome.curves.exists()
    assert written == len(outcome.predictions) > 0
    assert clashes == 0
    assert embedded == len(papers)
    assert PAPER_GNN_VECTOR in indexes
    assert [r["score"] for r in top] == sorted((r["score"] for r in top), reverse=True)
