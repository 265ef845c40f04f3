"""``citegraph up``, the main job, end to end on a slice of the bundled corpus (serving aside)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from api.cli import app
from api.settings import REPO_ROOT, Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _count(settings: Settings, query: str) -> int:
    with GraphDatabase.driver(settings.bolt_uri,
                              auth=(settings.neo4j_user, settings.neo4j_password)) as driver:
        return int(driver.execute_query(query, database_=settings.neo4j_database).records[0][0])


def test_up_builds_trains_and_says_where_to_look(neo4j_settings: Settings, empty_db: dict,
                                                 tmp_path: Path) -> None:
    lines = (REPO_ROOT / "data" / "seeds.jsonl").read_text().splitlines()[:60]
    corpus = tmp_path / "slice.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    args = ["--data-dir", str(tmp_path / "data"), "up", str(corpus), "--no-serve"]
    env = {"NEO4J_URI": neo4j_settings.bolt_uri, "NEO4J_PASSWORD": neo4j_settings.neo4j_password,
           "CITEGRAPH_EMBED_BATCH_SIZE": "32"}

    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    output = " ".join(first.output.split())
    assert "citegraph is ready" in output
    assert neo4j_settings.bolt_uri in output and "/docs" in output
    assert _count(neo4j_settings, "MATCH (p:Paper) RETURN count(p)") == 60
    assert _count(neo4j_settings, "MATCH ()-[r:MENTIONS]->() RETURN count(r)") > 60
    assert _count(neo4j_settings, "MATCH ()-[r:PREDICTED_LINK]->() RETURN count(r)") > 0
    assert json.loads((tmp_path / "data" / "models" / "gnn" / "trained-on.json").read_text())

    again = CliRunner().invoke(app, args, env=env)
    assert again.exit_code == 0, again.output
    assert "unchanged since it was trained" in " ".join(again.output.split())
    assert _count(neo4j_settings, "MATCH (p:Paper) RETURN count(p)") == 60


def test_up_refuses_a_busy_api_port_before_any_work(tmp_path: Path) -> None:
    import socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "up"],
                                    env={"CITEGRAPH_API_PORT": str(port), "NEO4J_URI": ""})
    assert result.exit_code == 1
    assert "already in use" in " ".join(result.output.split())
    assert not (tmp_path / "neo4j").exists()  # nothing was started
