"""The bundled local Neo4j through the CLI: start, second start, status, stop, data kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from api.cli import app
from graph.server import LocalNeo4j, ServerError, free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
PASSWORD = "db-test-password"


def _cli(data_dir: Path, port: int, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--data-dir", str(data_dir), "--bolt-port", str(port), "--neo4j-password", PASSWORD,
              *args],
        env={"NEO4J_URI": ""},
    )
    return result.exit_code, result.output


def test_start_status_stop_keeps_data(tmp_path: Path) -> None:
    port = free_port()
    code, out = _cli(tmp_path, port, "db", "status")
    assert code == 3 and "not running" in out

    code, out = _cli(tmp_path, port, "db", "start")
    assert code == 0, out
    try:
        assert "started" in out and f"127.0.0.1:{port}" in out
        code, out = _cli(tmp_path, port, "db", "start")
        assert code == 0 and "already running" in out
        code, out = _cli(tmp_path, port, "db", "status")
        assert code == 0 and "answering" in out and str(tmp_path) in out
        uri = f"bolt://127.0.0.1:{port}"
        with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
            driver.execute_query("CREATE (:Probe {name: 'kept'})")
        # another password fails at once with the reason, not after the start timeout
        wrong = ("--neo4j-password", "another-password")
        code, out = _cli(tmp_path, port, *wrong, "db", "start")
        assert code == 1 and "refuses" in out and "NEO4J_PASSWORD" in out
        code, out = _cli(tmp_path, port, *wrong, "db", "status")
        assert "refuses this NEO4J_PASSWORD" in out
    finally:
        code, out = _cli(tmp_path, port, "db", "stop")
    assert code == 0 and "stopped" in out
    assert not LocalNeo4j(tmp_path / "neo4j", port=port, password=PASSWORD).status().running
    assert (tmp_path / "neo4j" / "neo4j.log").read_text().strip()

    # a restart finds the data written before the stop
    server = LocalNeo4j(tmp_path / "neo4j", port=port, password=PASSWORD, heap="512m")
    server.start()
    try:
        with GraphDatabase.driver(server.uri, auth=("neo4j", PASSWORD)) as driver:
            records = driver.execute_query("MATCH (p:Probe) RETURN p.name AS name").records
        assert [r["name"] for r in records] == ["kept"]
    finally:
        server.stop()


def test_start_refuses_a_port_taken_by_another_program(tmp_path: Path) -> None:
    import socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(ServerError, match="taken by another program"):
            LocalNeo4j(tmp_path, port=port, password=PASSWORD).start(timeout=5)


def test_short_password_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="at least 8 characters"):
        LocalNeo4j(tmp_path, password="short")


def test_db_commands_start_nothing_when_neo4j_uri_is_set(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "db", "start"],
                                env={"NEO4J_URI": "neo4j+s://example.databases.neo4j.io"})
    assert result.exit_code == 0
    assert "starting nothing" in " ".join(result.output.split())
    assert not (tmp_path / "neo4j").exists()
