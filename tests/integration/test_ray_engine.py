"""The Ray engine writes the graph the local engine writes, and a killed Ray build resumes.

Each build starts a small local Ray of its own (2 CPUs, 100-256 MB object store) and shuts it
down; the graphs are compared in full (every node, relationship and property).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from fault_builders import run_build_child
from graph_builders import BASE, dump

from graph.store import GraphStore

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CHILD = TESTS / "graph_builders.py"
SEED_PAPERS = 12


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(REPO), str(TESTS)]), **extra)
    env.pop("RAY_ADDRESS", None)
    return env


def _cli_build(corpus: Path, config: dict[str, str], data_dir: Path, engine: str) -> None:
    env = _env(NEO4J_URI=config["uri"], NEO4J_USER=config["user"],
               NEO4J_PASSWORD=config["password"], NEO4J_DATABASE=config["database"],
               CITEGRAPH_DATA_DIR=str(data_dir), CITEGRAPH_RAY_NUM_CPUS="2",
               CITEGRAPH_EXTRACT_BATCH_SIZE="4")  # several chunks, so both actors get work
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "build", str(corpus), "--engine", engine],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _ray_processes() -> list[str]:
    names = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "raylet" in cmdline or "gcs_server" in cmdline:
            names.append(f"{proc.info['pid']} {cmdline[:80]}")
    return names


@pytest.mark.neo4j
@pytest.mark.slow
def test_ray_build_writes_exactly_the_local_graph(empty_db: dict[str, str], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = (REPO / "data" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join(lines[:SEED_PAPERS]) + "\n", encoding="utf-8")
    before = set(_ray_processes())
    with GraphStore(**empty_db) as store:
        _cli_build(corpus, empty_db, tmp_path / "local", "local")
        expected = dump(store)
        store.clear()
        # its own data dir: no embedding cache shared with the local build
        _cli_build(corpus, empty_db, tmp_path / "ray", "ray")
        found = dump(store)
    assert len(expected[0]) > SEED_PAPERS and expected[1], "the local build wrote no graph"
    assert found == expected
    assert set(_ray_processes()) <= before, "the build left its local Ray running"


def _run_child(config: Path, crash_after: int | None) -> tuple[int, str]:
    return run_build_child(CHILD, config, crash_after, _env(), timeout=600)


@pytest.mark.neo4j
@pytest.mark.slow
def test_killed_ray_build_resumes_to_the_local_graph(
    empty_db: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "child.json"
    base = empty_db | {"cache": str(tmp_path / "vectors.sqlite")}
    before = set(_ray_processes())
    with GraphStore(**empty_db) as store:
        config.write_text(json.dumps(base))
        code, output = _run_child(config, None)  # the local engine: the reference graph
        assert code == 0
        total = int(output.split("batches=")[1])
        expected = dump(store)
        store.clear()
        config.write_text(json.dumps(base | {"engine": "ray"}))
        # one row per batch: papers, mentions, then embeddings of the base corpus; the kill
        # lands in the embedding stage, after a whole extraction stage on Ray
        crash_after = 2 * len(BASE) + 3
        assert _run_child(config, crash_after)[0] == -signal.SIGKILL
        assert dump(store) != expected  # it really stopped half-way
        assert _run_child(config, None)[0] == 0
        assert dump(store) == expected, f"differs after a kill at batch {crash_after}/{total}"
    assert set(_ray_processes()) <= before, "a killed build left its local Ray running"
