"""``eval links --dataset graph`` and ``train`` on the citations of a graph built by the real
pipeline: CITES from the papers' references is the target, stubs are left out, and the
target is said in the output and stored on PREDICTED_LINK."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from gnn_builders import build_planted_graph, planted_features, planted_papers
from typer.testing import CliRunner

from api.cli import app
from graph.gnn.data import MIN_CITATION_LINKS
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
runner = CliRunner()
STUB_CITES = """
UNWIND $rows AS row MATCH (a:Paper {id: row.source})
MERGE (b:Paper {id: row.target}) SET b.stub = true, b.title = 'A paper outside the corpus'
MERGE (a)-[:CITES]->(b)
"""


def connection(config: dict[str, str], data_dir: Path) -> list[str]:
    return [
        *("--neo4j-uri", config["uri"], "--neo4j-user", config["user"]),
        *("--neo4j-password", config["password"], "--neo4j-database", config["database"]),
        *("--data-dir", str(data_dir)),
    ]


def build_cited_graph(config: dict[str, str]) -> int:
    """The planted-community corpus (citations from references) plus citations of stubs;
    returns the number of citation links between corpus papers."""
    papers = planted_papers(size=20)
    with GraphStore(**config) as store:
        build_planted_graph(store, papers, planted_features(len(papers), 4))
        rows = [{"source": p.id, "target": f"stub:{i % 3}"} for i, p in enumerate(papers[:30])]
        store.write_batches(STUB_CITES, rows)
    return sum(len(p.references) for p in papers)


def test_eval_links_on_the_graph_uses_its_citations(
    empty_db: dict[str, str], tmp_path: Path
) -> None:
    links = build_cited_graph(empty_db)
    assert links >= MIN_CITATION_LINKS
    args = [*connection(empty_db, tmp_path), "eval", "links", "--dataset", "graph"]
    options = ["--seeds", "1", "--epochs", "3", "--negatives", "20", "--device", "cpu", "--json"]
    result = runner.invoke(app, [*args, *options])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["target"] == "paper/cites/paper"
    assert report["target_reason"].startswith(f"target CITES: {links} citation links")
    assert sum(report["split"].values()) == links  # stubs are no nodes: their citations drop
    methods = {row["method"] for row in report["rows"]}
    assert {"common neighbours", "text cosine"} <= methods and len(methods) >= 5
    assert report["leaked_edges"] == 0


def test_train_stores_its_target_on_the_predictions(
    empty_db: dict[str, str], tmp_path: Path
) -> None:
    build_cited_graph(empty_db)
    args = connection(empty_db, tmp_path)
    result = runner.invoke(
        app, [*args, "train", "--epochs", "3", "--top-k", "2", "--device", "cpu"]
    )
    assert result.exit_code == 0, result.output
    assert "target CITES:" in result.output
    with GraphStore(**empty_db) as store:
        rows = store.read(
            "MATCH ()-[r:PREDICTED_LINK]->(b) RETURN DISTINCT r.trained_on AS t, "
            "coalesce(b.stub, false) AS stub"
        )
    assert rows == [{"t": "paper/cites/paper", "stub": False}]
    saved = torch.load(tmp_path / "models" / "gnn" / "model.pt", weights_only=False)
    assert saved["metrics"]["target"] == "paper/cites/paper"
