"""A build killed with SIGKILL at any point, then run again, ends in the same graph as an
uninterrupted build: nothing duplicated, half-written or lost."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from fault_builders import run_build_child
from graph_builders import BASE, NEW, dump, papers, shared_embedder

from graph.embeddings import Embedder, paper_text
from graph.store import GraphStore


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


CHILD = Path(__file__).resolve().parents[1] / "graph_builders.py"


def _run_child(config: Path, crash_after: int | None) -> tuple[int, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return run_build_child(CHILD, config, crash_after, env, timeout=300)


@pytest.mark.neo4j
@pytest.mark.slow
def test_killed_build_resumes_to_the_uninterrupted_graph(
    empty_db: dict[str, str], graph_embedder: Embedder, tmp_path: Path
) -> None:
    # warm the shared cache so the child processes never need to load the model
    graph_embedder.embed([paper_text(p.title, p.abstract) for p in papers(BASE | NEW)])
    config = tmp_path / "child.json"
    config.write_text(json.dumps(empty_db | {"cache": str(graph_embedder.cache_path)}))
    with GraphStore(**empty_db) as store:
        code, output = _run_child(config, None)
        assert code == 0
        total = int(output.split("batches=")[1])
        expected = dump(store)
        # one write transaction per row, so kills spread over the run land in every stage:
        # papers, mentions, embeddings, entity counts, shared and similar links
        for fraction in (0.03, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.98):
            crash_after = max(1, int(total * fraction))
            store.clear()
            assert _run_child(config, crash_after)[0] == -signal.SIGKILL
            assert dump(store) != expected  # it really stopped half-way
            assert _run_child(config, None)[0] == 0
            assert dump(store) == expected, f"differs after a kill at batch {crash_after}/{total}"
