"""Writers that meet: two pipelines adding overlapping papers at the same time, each under the
data dir's pipeline lock as the CLI and the API take it, end in the same graph as the same
additions run one after the other; a second ``citegraph build`` on a busy data dir is refused
with a message naming the holder, and ``ingest`` waits for it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from graph_builders import BASE, NEW, KeywordExtractor, dump, papers

from extract.records import Paper
from graph.build import BuildOptions, GraphBuilder
from graph.pipeline_lock import PipelineBusyError, PipelineLock
from graph.schema import EMBEDDING_DIM
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "readers" / "papers.jsonl"

MORE = {
    "p09": ("Reading with BERT at scale", "BERT readers for question answering on SQuAD in F1."),
    "p10": ("Residual vision at scale", "ResNet for image classification on ImageNet accuracy."),
}
OPTIONS = BuildOptions(similar_min_score=0.0, shared_top_k=3, similar_top_k=3,
                       extract_batch_size=1, embed_chunk_size=1)


class WordEmbedder:
    """Hashed bag of words: the same text always gets the same unit vector, in any thread."""

    model_id = "test/words"
    dimension = EMBEDDING_DIM

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.sha256(word.strip(".,").encode()).digest()
                vectors[row, int.from_bytes(digest[:4], "big") % EMBEDDING_DIM] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def _writer_sets() -> tuple[list[Paper], list[Paper]]:
    """Two additions that overlap: both carry the new papers and some of the base ones."""
    base, new, more = papers(BASE), papers(NEW), papers(MORE)
    return new + base[:3] + more[:1], list(reversed(new)) + base[2:] + more[1:]


def _builder(config: dict[str, str]) -> tuple[GraphStore, GraphBuilder]:
    store = GraphStore(**config, batch_size=1, workers=2)
    return store, GraphBuilder(store, KeywordExtractor(), WordEmbedder(), OPTIONS)


def _fresh_base(config: dict[str, str]) -> None:
    store, builder = _builder(config)
    with store:
        store.clear()
        builder.build(papers(BASE))


def _graph(config: dict[str, str]) -> tuple[list[Any], list[Any]]:
    with GraphStore(**config) as store:
        return dump(store)


def _add(config: dict[str, str], data_dir: Path, batch: list[Paper], start: threading.Barrier,
         errors: list[BaseException]) -> None:
    store, builder = _builder(config)
    try:
        with store:
            start.wait()
            with PipelineLock(data_dir, wait_s=120.0, purpose="ingest"):
                builder.add(batch)
    except BaseException as exc:  # reported by the test, in its own thread
        errors.append(exc)


def test_concurrent_additions_end_in_the_serial_graph(
    empty_db: dict[str, str], tmp_path: Path
) -> None:
    first, second = _writer_sets()
    _fresh_base(empty_db)
    store, builder = _builder(empty_db)
    with store:
        builder.add(first)
        builder.add(second)
    serial = _graph(empty_db)

    for _ in range(2):  # two rounds: the interleaving differs from run to run
        _fresh_base(empty_db)
        errors: list[BaseException] = []
        start = threading.Barrier(2)
        writers = [
            threading.Thread(target=_add, args=(empty_db, tmp_path, batch, start, errors))
            for batch in (first, second)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=300)
        assert not errors, errors
        concurrent = _graph(empty_db)
        assert concurrent[0] == serial[0], "nodes differ from the serial build"
        assert concurrent[1] == serial[1], "relationships differ from the serial build"


def _citegraph(verb: str, data_dir: Path, config: dict[str, str]) -> subprocess.Popen[str]:
    env = dict(os.environ, CITEGRAPH_DATA_DIR=str(data_dir), NEO4J_URI=config["uri"],
               NEO4J_USER=config["user"], NEO4J_PASSWORD=config["password"],
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    command = [str(Path(sys.executable).parent / "citegraph"), verb, str(CORPUS)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO)


def test_a_second_build_on_a_busy_data_dir_is_refused_and_ingest_waits(
    store_config: dict[str, str], tmp_path: Path
) -> None:
    with PipelineLock(tmp_path, purpose="build"):
        refused = _citegraph("build", tmp_path, store_config)
        _, stderr = refused.communicate(timeout=120)
        assert refused.returncode == 1
        message = " ".join(stderr.split())
        assert "refused: another citegraph build (pid" in message and str(tmp_path) in message
        waiting = _citegraph("ingest", tmp_path, store_config)
        try:
            deadline = time.monotonic() + 120
            line = ""
            while "waiting" not in line and time.monotonic() < deadline:
                line = waiting.stderr.readline()  # type: ignore[union-attr]
            assert "waiting: another citegraph build" in line
            assert waiting.poll() is None  # still waiting for the lock
        finally:
            waiting.kill()
            waiting.communicate()
    with pytest.raises(PipelineBusyError) as held:
        with PipelineLock(tmp_path, purpose="ingest"):
            PipelineLock(tmp_path, wait_s=0.2).acquire()
    assert "another citegraph ingest (pid" in str(held.value)
