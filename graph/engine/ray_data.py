"""Extraction and embedding on Ray: Ray Data ``map_batches`` over chunks, with actor pools.

Each actor builds its extractor (the spaCy pipeline) or its embedder once, from the factory
it is given, and opens its own read connection to Neo4j, so a chunk's abstracts travel from
the database to the worker that needs them, never through this process. Results come back
in chunk order and the builder commits them from here, so the graph equals a local build's.

``RAY_ADDRESS`` (``ray://head:10001`` or ``auto``) selects an existing cluster, whose nodes
must have citegraph installed; without it a small local Ray is started for the build (no
dashboard, a bounded object store) and shut down after. Ray is imported only here.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel

from graph.corpus_pass import load_corpus_table, stale_papers
from graph.engine.chunks import (
    ChunkBounds,
    Chunks,
    ChunkWrites,
    EmbeddingSpace,
    MentionExtractor,
    Redirects,
    TextEmbedder,
    embed_chunk,
    extract_chunk,
    id_chunks,
)
from graph.mentions import Redirect
from graph.store import GraphStore


class RayOptions(BaseModel):
    """Where Ray runs and how big the pools are (``None``: as many as the cluster has CPUs)."""

    address: str | None = None  # RAY_ADDRESS; None starts a local Ray
    num_cpus: int | None = None  # CPUs of the local Ray (None: all of this machine's)
    object_store_mb: int = 256  # object store of the local Ray
    extract_actors: int | None = None
    embed_actors: int | None = None  # on a cluster with GPUs: one actor per GPU
    embed_cpus: int = 1  # CPUs each embedding actor holds (its model's threads)


class _ExtractActor:
    """One extractor and one read connection per actor, reused for every chunk it is given."""

    def __init__(
        self,
        connection: dict[str, Any],
        make_extractor: Callable[[], MentionExtractor],
        redirects: Mapping[str, Redirect],
    ) -> None:
        self.store = GraphStore(**connection)
        self.extractor = make_extractor()
        self.redirects = redirects
        # the stored corpus evidence, grown by this actor's chunks (a later pass re-extracts
        # the papers the whole corpus's decisions treat differently)
        self.corpus = load_corpus_table(self.store, self.extractor)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        payload = [
            pickle.dumps(extract_chunk(self.store, self.extractor, self.redirects, _bounds(raw),
                                       self.corpus))
            for raw in batch["chunk"]
        ]
        return {"chunk": batch["chunk"], "payload": np.array(payload, dtype=object)}


class _EmbedActor:
    """One embedder (the model loaded once) and one read connection per actor."""

    def __init__(
        self, connection: dict[str, Any], make_embedder: Callable[[], TextEmbedder]
    ) -> None:
        self.store = GraphStore(**connection)
        self.embedder = make_embedder()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        payload = [
            pickle.dumps(embed_chunk(self.store, self.embedder, _bounds(raw)))
            for raw in batch["chunk"]
        ]
        return {"chunk": batch["chunk"], "payload": np.array(payload, dtype=object)}


def _bounds(raw: Any) -> ChunkBounds:
    return ChunkBounds.model_validate_json(raw)


def _stale_ids(connection: dict[str, Any], make_extractor: Callable[[], Any]) -> list[str]:
    """Papers written with other corpus decisions than the stored evidence makes now."""
    with GraphStore(**connection) as store:
        corpus = load_corpus_table(store, make_extractor())
        return [] if corpus is None else stale_papers(store, corpus)


class RayEngine:
    """Runs extraction and embedding in Ray Data actor pools (see the module docstring).

    ``make_extractor`` and ``make_embedder`` must be picklable callables (a class, a
    ``functools.partial`` of one) importable on every Ray node.
    """

    def __init__(
        self,
        make_extractor: Callable[[], MentionExtractor],
        make_embedder: Callable[[], TextEmbedder],
        options: RayOptions | None = None,
    ) -> None:
        self.make_extractor = make_extractor
        self.make_embedder = make_embedder
        self.options = options or RayOptions()
        self._started_here = False

    def start(self) -> None:
        """Connect to the cluster (``RAY_ADDRESS``) or start a local Ray for this build."""
        import ray

        if ray.is_initialized():
            return
        if self.options.address:
            ray.init(address=self.options.address, logging_level=logging.WARNING,
                     log_to_driver=False)
        else:
            # "local": a new Ray of our own, even when a `ray start` cluster runs on this
            # machine (ray.init() alone would join that one, or fail on its stale address)
            ray.init(
                address="local",
                num_cpus=self.options.num_cpus,
                object_store_memory=self.options.object_store_mb * 2**20,
                include_dashboard=False,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
            self._started_here = True
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # chunks come back in chunk order
        context.enable_progress_bars = False

    def close(self) -> None:
        """Shut down the local Ray this engine started (a cluster is left running)."""
        import ray

        if self._started_here and ray.is_initialized():
            ray.shutdown()
        self._started_here = False

    def _resources(self) -> tuple[int, int]:
        import ray

        resources = ray.cluster_resources()
        return max(1, int(resources.get("CPU", 1))), int(resources.get("GPU", 0))

    def embedding_space(self) -> EmbeddingSpace:
        """The actors' model and vector length, from an embedder made here (no model loads)."""
        embedder = self.make_embedder()
        try:
            return EmbeddingSpace.of(embedder)
        finally:
            close = getattr(embedder, "close", None)
            if close is not None:
                close()

    def stale_chunks(self, store: GraphStore, size: int) -> list[ChunkBounds]:
        """The corpus pass's stale papers, found by a Ray task (it loads an extractor)."""
        import ray

        self.start()
        task = ray.remote(num_cpus=1)(_stale_ids)
        stale: list[str] = ray.get(task.remote(store.connection_args(), self.make_extractor))
        return id_chunks(stale, size)

    def extract(
        self, store: GraphStore, chunks: Chunks, redirects: Redirects, again: bool = False
    ) -> ChunkWrites:
        if not chunks:
            return
        self.start()
        cpus, _ = self._resources()
        actors = self.options.extract_actors or cpus
        arguments = {"connection": store.connection_args(), "make_extractor": self.make_extractor,
                     "redirects": dict(redirects)}
        yield from self._run(chunks, _ExtractActor, arguments, actors, {"num_cpus": 1})

    def embed(self, store: GraphStore, chunks: Chunks) -> ChunkWrites:
        if not chunks:
            return
        self.start()
        cpus, gpus = self._resources()
        per_actor = min(self.options.embed_cpus, cpus)
        resources = {"num_gpus": 1, "num_cpus": 1} if gpus else {"num_cpus": per_actor}
        actors = self.options.embed_actors or (gpus or max(1, cpus // per_actor))
        arguments = {"connection": store.connection_args(), "make_embedder": self.make_embedder}
        yield from self._run(chunks, _EmbedActor, arguments, actors, resources)

    def _run(
        self,
        chunks: Chunks,
        actor: type,
        arguments: dict[str, Any],
        actors: int,
        resources: dict[str, Any],
    ) -> ChunkWrites:
        import ray

        by_json = {chunk.model_dump_json(): chunk for chunk in chunks}
        dataset = ray.data.from_items(
            [{"chunk": key} for key in by_json], override_num_blocks=min(len(chunks), 200)
        ).map_batches(
            actor,
            fn_constructor_kwargs=arguments,
            batch_size=1,  # one chunk per call: chunks are the unit of work and of commit
            concurrency=min(actors, len(chunks)),
            **resources,
        )
        for row in dataset.iter_rows():
            yield by_json[row["chunk"]], pickle.loads(row["payload"])
