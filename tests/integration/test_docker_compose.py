"""docker-compose.yml and Dockerfile: Neo4j 5.26 with APOC and a healthcheck, the API after it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"


def _compose_command() -> list[str] | None:
    """``docker compose`` (plugin) or ``docker-compose`` (standalone), whichever works."""
    candidates = [["docker", "compose"], ["docker-compose"]]
    for command in candidates:
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return command
    return None


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _check_services(config: dict[str, Any]) -> None:
    neo4j, api = config["services"]["neo4j"], config["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26"
    assert "apoc" in json.loads(_environment(neo4j)["NEO4J_PLUGINS"])
    test = " ".join(neo4j["healthcheck"]["test"])
    assert "RETURN 1" in test or "7474" in test
    assert any(
        str(volume).endswith("/data") or "/data" in str(volume) for volume in neo4j["volumes"]
    )
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert _environment(api)["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "build" in api


def test_compose_file_structure() -> None:
    config = yaml.safe_load(COMPOSE_FILE.read_text())
    _check_services(config)
    neo4j = config["services"]["neo4j"]
    # the password comes from the environment and has no default to fall back on
    auth = _environment(neo4j)["NEO4J_AUTH"]
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?")
    assert ":-" not in auth and "neo4j/neo4j" not in auth
    assert "neo4j-data" in config["volumes"]
    assert any(str(volume).startswith("neo4j-data:") for volume in neo4j["volumes"])


def test_dockerfile_builds_python_311_and_serves() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert "FROM python:3.11-slim" in lines
    assert any(line.startswith("RUN pip install") and " -e ." in line for line in lines)
    cmd = next(line for line in lines if line.startswith("CMD "))
    assert json.loads(cmd.removeprefix("CMD ")) == ["citegraph", "serve", "--host", "0.0.0.0"]
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".venv" in ignored and ".env" in ignored


@pytest.fixture
def compose(tmp_path: Path) -> tuple[list[str], Path]:
    command = _compose_command()
    if command is None:
        pytest.skip("neither the docker compose plugin nor docker-compose is installed")
    shutil.copy(COMPOSE_FILE, tmp_path / "docker-compose.yml")  # away from any local .env
    return command, tmp_path


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEO4J_", "CITEGRAPH_"))
    }
    return subprocess.run(
        [*command, "-f", str(cwd / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **env},
        timeout=60,
    )


def test_docker_compose_config_accepts_the_file(compose: tuple[list[str], Path]) -> None:
    command, cwd = compose
    result = _run(command, cwd, NEO4J_PASSWORD="s3cret-for-test")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    _check_services(config)
    assert _environment(config["services"]["neo4j"])["NEO4J_AUTH"] == "neo4j/s3cret-for-test"


def test_docker_compose_refuses_to_run_without_a_password(compose: tuple[list[str], Path]) -> None:
    command, cwd = compose
    result = _run(command, cwd)
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr
