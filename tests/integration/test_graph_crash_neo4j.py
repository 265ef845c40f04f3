"""Neo4j killed under a running ``citegraph build``: the build exits 1 with a message saying
what to do, and once Neo4j is back a re-run ends in the same graph as an uninterrupted build.

The test starts a Neo4j of its own (free port, own data dir) so it can SIGKILL it; the
session's server holds the uninterrupted reference build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from graph_builders import dump

from graph.server import LocalNeo4j, free_port
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "citegraph-crash-pw"
PAPERS = 24


def _build_command(corpus: Path, config: dict[str, str], data_dir: Path) -> tuple[list, dict]:
    env = dict(
        os.environ,
        NEO4J_URI=config["uri"],
        NEO4J_USER=config["user"],
        NEO4J_PASSWORD=config["password"],
        NEO4J_DATABASE=config["database"],
        CITEGRAPH_DATA_DIR=str(data_dir),
        # one paper per extraction transaction, so the kill lands between two of them
        CITEGRAPH_EXTRACT_BATCH_SIZE="1",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return [sys.executable, "-m", "api.cli", "build", str(corpus)], env


def _build(corpus: Path, config: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    cmd, env = _build_command(corpus, config, data_dir)
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def _extracted(store: GraphStore) -> int:
    rows = store.read("MATCH (p:Paper) WHERE p.extracted_hash IS NOT NULL RETURN count(p) AS n")
    return int(rows[0]["n"])


def _kill_server_mid_extraction(server: LocalNeo4j, config: dict[str, str], build) -> None:
    """SIGKILL the Java process once some, not all, papers have their mentions."""
    pid = server.status().pid
    assert pid is not None
    with GraphStore(**config) as store:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and build.poll() is None:
            if _extracted(store) >= 3:
                break
            time.sleep(0.05)
        assert build.poll() is None, "the build ended before Neo4j could be stopped under it"
        assert _extracted(store) < PAPERS
    os.kill(pid, signal.SIGKILL)


def _interrupted_then_resumed(
    server: LocalNeo4j, corpus: Path, data_dir: Path, expected: tuple
) -> None:
    """Build, kill Neo4j under it, check the exit, restart Neo4j, re-run, compare."""
    config = dict(uri=server.uri, user="neo4j", password=PASSWORD, database="neo4j")
    cmd, env = _build_command(corpus, config, data_dir)
    build = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _kill_server_mid_extraction(server, config, build)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 1, out + err
    assert "Traceback" not in out + err
    message = " ".join(err.split())
    assert f"Neo4j at {server.uri} is not reachable" in message
    assert "run the same command again" in message

    server.start(timeout=240)  # recovers from its transaction log
    with GraphStore(**config) as store:
        assert dump(store) != expected  # it really stopped half-way
        rerun = _build(corpus, config, data_dir)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        found = dump(store)
        assert found == expected, _differences(found, expected)


def _differences(found: tuple, expected: tuple) -> str:
    """The nodes and relationships only one of the two graphs has (a few of each)."""
    lines = []
    for kind, got, want in zip(("node", "relationship"), found, expected, strict=True):
        lines += [f"extra {kind}: {item}" for item in sorted(set(got) - set(want))[:5]]
        lines += [f"missing {kind}: {item}" for item in sorted(set(want) - set(got))[:5]]
    return "\n".join(lines)


@pytest.mark.neo4j
@pytest.mark.slow
def test_build_under_a_killed_neo4j_resumes_to_the_uninterrupted_graph(
    empty_db: dict[str, str], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = (REPO / "data" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join(lines[:PAPERS]) + "\n", encoding="utf-8")
    data_dir = tmp_path / "data"  # one embedding cache for every run: same vectors, fast
    server = LocalNeo4j(
        tmp_path / "neo4j", port=free_port(), password=PASSWORD, heap="512m", pagecache="64m"
    )
    try:
        with ThreadPoolExecutor(1) as pool:  # the server starts while the reference builds
            started = pool.submit(server.start, 240)
            reference = _build(corpus, empty_db, data_dir)
            started.result()
        assert reference.returncode == 0, reference.stderr[-3000:]
        with GraphStore(**empty_db) as store:
            expected = dump(store)
        assert len(expected[0]) > PAPERS and expected[1], "the reference build wrote no graph"
        _interrupted_then_resumed(server, corpus, data_dir, expected)
    finally:
        server.stop()
