"""The graph commands end to end: ``ingest`` (real extractor and embedder), ``stats``,
``export``, ``entities merge`` and the exit status when nothing can be loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graph_builders import graph_cli_runner  # noqa: F401  (the ``cli`` fixture)

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PAPERS = [
    {
        "id": "arxiv:2101.00001",
        "title": "BERT for question answering",
        "abstract": "We fine-tune BERT on SQuAD for question answering and report F1.",
    },
    {
        "id": "arxiv:2101.00002",
        "title": "Contrastive pre-training for images",
        "abstract": "We use contrastive learning on ImageNet for image classification.",
    },
]


def test_ingest_reports_skips_and_builds_the_graph(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "new.jsonl"
    lines = [json.dumps(p) for p in PAPERS] + ["{not json"]
    corpus.write_text("\n".join(lines) + "\n")
    result = cli("ingest", str(corpus))
    assert result.exit_code == 0, result.output
    assert "2 papers loaded" in result.output and "1 skipped" in result.output
    assert f"skipped {corpus}:3" in result.output
    again = cli("ingest", str(corpus))  # same input: nothing written
    assert again.exit_code == 0 and "2 / 0 / 2" in again.output
    stats = cli("stats")
    assert "papers: 2" in stats.output
    out = tmp_path / "graph.jsonl"
    exported = cli("export", "--format", "jsonl", "--output", str(out))
    assert exported.exit_code == 0 and out.exists()
    nodes = [json.loads(line) for line in out.read_text().splitlines()]
    assert {n["id"] for n in nodes if n["kind"] == "node"} >= {p["id"] for p in PAPERS}


def test_ingest_fails_when_nothing_loads_and_merge_rejects_unknown(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = cli("ingest", str(bad))
    assert result.exit_code == 1 and "no paper could be loaded" in result.output
    unknown = cli("ingest", "--format", "bogus", str(bad))
    assert unknown.exit_code == 1 and "unknown --format 'bogus'" in unknown.output
    merged = cli("entities", "merge", "model:nothing", "model:bert")
    assert merged.exit_code == 1 and "no entity" in merged.output
    assert cli("export", "--format", "svg").exit_code == 1
