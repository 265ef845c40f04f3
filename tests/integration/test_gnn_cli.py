"""The GNN commands: ``train`` then ``predict`` on a real graph; clear errors otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from gnn_builders import build_planted_graph, planted_features, planted_papers
from typer.testing import CliRunner

from api.cli import app
from api.cli.gnn import ENCODER_WORDS
from graph.gnn.checkpoint import load_checkpoint
from graph.store import GraphStore

runner = CliRunner()


def connection(config: dict[str, str], data_dir: Path) -> list[str]:
    return [
        "--neo4j-uri",
        config["uri"],
        "--neo4j-user",
        config["user"],
        "--neo4j-password",
        config["password"],
        "--neo4j-database",
        config["database"],
        "--data-dir",
        str(data_dir),
    ]


@pytest.mark.neo4j
@pytest.mark.parametrize("encoder", ["sage", "sign"])
def test_train_then_predict(empty_db: dict[str, str], tmp_path: Path, encoder: str) -> None:
    papers = planted_papers(size=20)
    with GraphStore(**empty_db) as store:
        build_planted_graph(store, papers, planted_features(len(papers), 4))
    args = connection(empty_db, tmp_path)
    trained = runner.invoke(
        app,
        [*args, "train", "--epochs", "10", "--top-k", "3", "--device", "cpu", "--encoder", encoder],
    )
    assert trained.exit_code == 0, trained.output
    assert f"encoder: {ENCODER_WORDS[encoder]}" in trained.output
    checkpoint = tmp_path / "models" / "gnn" / "model.pt"
    assert load_checkpoint(checkpoint)[1]["model_config"]["encoder"] == encoder
    assert (tmp_path / "models" / "gnn" / "model.png").exists()
    shown = runner.invoke(app, [*args, "predict", "--paper", papers[0].id, "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert 0 < len(rows) <= 3 and all(0.0 <= r["score"] <= 1.0 for r in rows)


@pytest.mark.neo4j
def test_predict_unknown_paper_fails_clearly(empty_db: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(
        app, [*connection(empty_db, tmp_path), "predict", "--paper", "no-such-paper"]
    )
    assert result.exit_code == 1
    assert "no-such-paper" in result.output


def test_unknown_dataset_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--data-dir", str(tmp_path), "eval", "links", "--dataset", "imagenet"]
    )
    assert result.exit_code == 1
    assert "imagenet" in result.output


@pytest.mark.skipif(
    torch.cuda.is_available(), reason="checks the message on a machine without CUDA"
)
def test_cuda_without_gpu_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "eval", "links", "--device", "cuda"])
    assert result.exit_code == 1
    assert "CUDA" in result.output
