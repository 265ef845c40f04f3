"""``citegraph up`` serves the graph first and trains the link predictor after, in the
background: the API answers before training ends, and predictions appear once it is done."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from api.settings import REPO_ROOT, Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 900  # generous: the machine running the suite may be busy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _first_answer(url: str, process: subprocess.Popen[bytes]) -> Any:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "citegraph up exited before serving"
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_up_serves_before_training_ends_and_predictions_appear_after(
    neo4j_settings: Settings, empty_db: dict, tmp_path: Path
) -> None:
    lines = (REPO_ROOT / "data" / "seeds.jsonl").read_text().splitlines()[:60]
    corpus = tmp_path / "slice.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    port = _free_port()
    env = {**os.environ, "NEO4J_URI": neo4j_settings.bolt_uri,
           "NEO4J_PASSWORD": neo4j_settings.neo4j_password, "CITEGRAPH_API_PORT": str(port),
           "CITEGRAPH_API_CACHE_TTL_S": "0", "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "api.cli", "--data-dir", str(tmp_path / "data"), "up",
               str(corpus)]
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}"
    try:
        health = _first_answer(f"{api}/health", process)
        assert health["status"] == "ok"
        # served before training ended: no predictions yet, and the state says so
        assert (health["link_prediction"] or {}).get("state") in (None, "training")
        papers = _get(f"{api}/papers?limit=5")["items"]
        assert papers, "the graph is served while the link predictor trains"
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            state = (_get(f"{api}/health")["link_prediction"] or {}).get("state")
            assert state not in ("failed", "interrupted"), state
            if state == "ready":
                break
            time.sleep(0.5)
        status = _get(f"{api}/health")["link_prediction"]
        assert status["state"] == "ready" and status["predicted_links"] > 0
        assert status["epoch"] < status["max_epochs"]  # stopped on the validation plateau
        assert _get(f"{api}/stats")["link_predictor_trained"] is True
        predicted = [_get(f"{api}/papers/{p['id']}/predicted") for p in papers]
        assert any(response["items"] for response in predicted), predicted
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
