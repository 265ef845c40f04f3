"""The explorer's first screen and URLs in headless Chromium: it opens on an overview (counts,
the most mentioned entities per type, a starting neighbourhood), and ``#entity=ID`` /
``#paper=ID`` links open, and reload into, the same view."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from api.settings import REPO_ROOT, Settings
from graph.server import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph
EXPLORER = REPO_ROOT / "api" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def served(seed_graph: list[Any], neo4j_settings: Settings) -> Iterator[str]:
    """The API with the freshly built explorer, on a loopback port."""
    if not CHROMIUM.exists() or shutil.which("node") is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium) and node")
    if not (EXPLORER / "node_modules").is_dir():
        pytest.skip("explorer dependencies missing: npm --prefix api/explorer ci")
    subprocess.run(["npm", "--prefix", str(EXPLORER), "run", "build"], check=True,
                   capture_output=True)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(neo4j_settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
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


def test_opens_on_an_overview_and_every_view_has_a_reloadable_url(
    served: str, seed_graph: list[Any]
) -> None:
    paper = sorted(seed_graph, key=lambda p: p.id)[0]
    done = subprocess.run(["node", "tests/overview.mjs", served, paper.id], cwd=EXPLORER,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["title"] == "The graph"
    assert f"{len(seed_graph)} papers" in report["counts"]
    assert report["entities"] >= 5  # the most mentioned entities, per type
    assert report["startNodes"] > 1  # a starting neighbourhood on the canvas
    assert report["entityHash"].startswith("#entity=")
    assert report["entityTitle"].split()[-1] in report["wanted"]  # the clicked entity opened
    assert report["paperTitle"] == paper.title  # a #paper= link opens that paper
    assert report["reloadedTitle"] == report["entityTitle"]  # reloading keeps the view
