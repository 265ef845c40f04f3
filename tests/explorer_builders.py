"""The explorer served on a loopback port and a check run against it in headless Chromium
(Debian ``chromium`` driven by playwright-core, scripts in ``api/explorer/tests``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from api.settings import REPO_ROOT, Settings
from graph.server import free_port

EXPLORER = REPO_ROOT / "api" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def served_explorer(settings: Settings) -> Iterator[str]:
    """The API with the freshly built explorer; yields its base URL. Skips, saying what to
    install, where Chromium, node or the explorer's packages are missing."""
    if not CHROMIUM.exists() or shutil.which("node") is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium) and node")
    if not (EXPLORER / "node_modules").is_dir():
        pytest.skip("explorer dependencies missing: npm --prefix api/explorer ci")
    subprocess.run(
        ["npm", "--prefix", str(EXPLORER), "run", "build"], check=True, capture_output=True
    )
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
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


def run_check(script: str, *args: str, timeout: float = 180) -> dict[str, Any]:
    """Run ``api/explorer/tests/<script>`` with ``args``; its report (the last JSON line)."""
    done = subprocess.run(
        ["node", f"tests/{script}", *args],
        cwd=EXPLORER,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == [], report["errors"]
    return report
