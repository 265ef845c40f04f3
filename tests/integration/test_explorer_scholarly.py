"""The explorer's authors in headless Chromium: an author searched and opened is a node of the
author colour linked to their papers, with co-authors in the details; a paper opened from
there lists who cites it and what it cites."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from scholarly_graph_builders import build_scholarly_graph

from api.app import create_app
from api.settings import REPO_ROOT, Settings
from graph.bloom.style import explorer_palette
from graph.server import free_port
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
EXPLORER = REPO_ROOT / "api" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def served(store_config: dict[str, str], neo4j_settings: Settings) -> Iterator[str]:
    if not CHROMIUM.exists() or shutil.which("node") is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium) and node")
    if not (EXPLORER / "node_modules").is_dir():
        pytest.skip("explorer dependencies missing: npm --prefix api/explorer ci")
    subprocess.run(
        ["npm", "--prefix", str(EXPLORER), "run", "build"], check=True, capture_output=True
    )
    with GraphStore(**store_config) as store:
        store.clear()
        build_scholarly_graph(store)
    port = free_port()
    config = uvicorn.Config(
        create_app(neo4j_settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_author_then_paper_citations(served: str) -> None:
    done = subprocess.run(
        ["node", "tests/scholarly.mjs", served, "lovelace"],
        cwd=EXPLORER,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == [] and report["results"] == 1
    assert report["authorNode"] == "name:ada lovelace"
    assert report["authorColor"] == explorer_palette()["nodes"]["AUTHOR"]
    assert report["papersLinked"] == 4
    assert "Ada Lovelace" in report["details"]
    # the first paper listed is Ada's newest, s07: cited by none, citing s05 and s01
    assert "Cited by (0)" in report["citations"] and "References (2)" in report["citations"]
    assert "Contrastive Transformers" in report["citations"]
