"""The web explorer in headless Chromium (Debian ``chromium``, driven by playwright-core):
search, open a result, expand a node on the canvas, and a screenshot that is not blank."""

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
from PIL import Image

from api.app import EXPLORER_DIST, create_app
from api.settings import REPO_ROOT, Settings
from graph.server import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client
EXPLORER = REPO_ROOT / "api" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def served(seed_graph: list[Any], neo4j_settings: Settings) -> Iterator[str]:
    """The API with the built explorer, on a loopback port."""
    if not CHROMIUM.exists() or shutil.which("node") is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium) and node")
    if not (EXPLORER / "node_modules").is_dir():
        pytest.skip("explorer dependencies missing: npm --prefix api/explorer ci")
    subprocess.run(
        ["npm", "--prefix", str(EXPLORER), "run", "build"], check=True, capture_output=True
    )
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


def test_search_expand_and_screenshot(served: str, tmp_path: Path) -> None:
    assert (EXPLORER_DIST / "index.html").is_file()
    shot = tmp_path / "explorer.png"
    done = subprocess.run(
        ["node", "tests/smoke.mjs", served, "masked language", str(shot)],
        cwd=EXPLORER,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["results"] > 0 and report["errors"] == []
    assert report["nodesAfterOpen"] > 1
    assert (
        report["nodesAfterExpand"] > report["nodesAfterOpen"]
    )  # the clicked node brought neighbours
    assert report["details"]  # the details panel shows the clicked node
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    non_white = sum(count for count, rgb in colours if min(rgb) < 235)
    assert len(colours) > 50 and non_white > 0.05 * image.width * image.height
