"""The composition root: turns ``Settings`` into the objects the stages run with.

The CLI, the API (``api/deps.py``, the ingest service, semantic search), ``citegraph up`` and
the benchmarks build their store, embedder, extractor, linker and trainer here and nowhere
else, so a setting reaches the same object whichever way in a user takes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.settings import Settings

if TYPE_CHECKING:
    import torch

    from extract.pipeline import Extractor
    from graph.build import BuildOptions, GraphBuilder
    from graph.embeddings import Embedder
    from graph.engine import Engine
    from graph.gnn.pipeline import EncoderChoice
    from graph.linker import LinkOptions, Progress
    from graph.store import GraphStore

# The API fails fast while Neo4j is away, so a request gets its 503 in seconds, not minutes.
API_DRIVER_OPTIONS: dict[str, Any] = {
    "connection_timeout": 3.0,
    "connection_acquisition_timeout": 5.0,
    "max_connection_pool_size": 100,
}
API_RETRY_SECONDS = 1.0


def graph_store(settings: Settings, *, for_api: bool = False) -> GraphStore:
    """The store on the configured Neo4j (not yet checked: call ``check()``); ``for_api``
    gives it the short timeouts a request handler wants."""
    from graph.store import GraphStore

    extra: dict[str, Any] = (
        {"retry_seconds": API_RETRY_SECONDS, **API_DRIVER_OPTIONS} if for_api else {}
    )
    return GraphStore(
        settings.bolt_uri,
        settings.neo4j_user,
        settings.neo4j_password,
        settings.neo4j_database,
        batch_size=settings.write_batch_size,
        workers=settings.write_workers,
        **extra,
    )


def cache_dir(settings: Settings) -> Path:
    """Where embedding vectors, ONNX exports and dataset caches live."""
    return settings.data_dir / "cache"


def models_dir(settings: Settings) -> Path:
    """Where trained models (the link predictor) are saved."""
    return settings.data_dir / "models"


def embedder(settings: Settings, num_threads: int | None = None) -> Embedder:
    """The paper embedder of the build, caching vectors under the data dir."""
    from graph.embeddings import Embedder

    return Embedder(
        device=settings.device,
        batch_size=settings.embed_batch_size,
        cache_path=cache_dir(settings) / "embeddings.sqlite",
        backend=settings.embed_backend,
        num_threads=num_threads,
    )


def query_embedder(settings: Settings) -> Embedder:
    """The same model and backend as the build, tuned for one short query at a time."""
    from graph.embeddings import Embedder

    # one thread: a query is a few tokens, and API workers should not fight over cores
    return Embedder(
        device=settings.device,
        batch_size=1,
        num_threads=1,
        backend=settings.embed_backend,
        export_dir=cache_dir(settings) / "onnx",
    )


def extractor(
    settings: Settings, ner_model: Path | None = None, ner_only: bool = False
) -> Extractor:
    """The entity extractor; a trained NER, when given, runs on ``settings.device``."""
    from extract.pipeline import Extractor

    return Extractor(ner_model=ner_model, ner_only=ner_only, ner_device=settings.device)


def link_options(settings: Settings) -> LinkOptions:
    """How many links each paper keeps, and the weakest one kept."""
    from graph.linker import LinkOptions

    return LinkOptions(
        shared_top_k=settings.shared_top_k,
        shared_min_weight=settings.shared_min_weight,
        similar_top_k=settings.similar_top_k,
        similar_min_score=settings.similar_min_score,
        similar_exact_max=settings.similar_exact_max,
    )


def build_options(settings: Settings) -> BuildOptions:
    """The build's link options and how many papers go into one extraction batch."""
    from graph.build import BuildOptions

    return BuildOptions(
        **link_options(settings).model_dump(), extract_batch_size=settings.extract_batch_size
    )


def gnn_encoders(settings: Settings) -> EncoderChoice:
    """Which encoder trains link prediction on a graph of a given size."""
    from graph.gnn.pipeline import EncoderChoice

    return EncoderChoice(encoder=settings.gnn_encoder, full_batch_max=settings.gnn_full_batch_max)


def graph_builder(
    settings: Settings,
    store: GraphStore,
    text_embedder: Embedder | None = None,
    progress: Progress | None = None,
    stage_engine: Engine | None = None,
) -> GraphBuilder:
    """The build pipeline (extract → embed → link) over ``store``; ``stage_engine`` (see
    ``engine``) runs extraction and embedding instead of this process."""
    from graph.build import GraphBuilder

    if stage_engine is not None:
        return GraphBuilder(store, options=build_options(settings), progress=progress,
                            engine=stage_engine)
    return GraphBuilder(
        store,
        extractor(settings),
        text_embedder or embedder(settings),
        build_options(settings),
        progress,
    )


def engine(settings: Settings) -> Engine:
    """Where extraction and embedding run: ``local`` (this process) or ``ray`` (Ray Data actor
    pools, ``graph.engine.ray_data``), whose actors build the extractor and the embedder
    here, from these settings (the factories are partials of the functions above, so they
    pickle)."""
    if settings.engine == "local":
        from graph.engine import LocalEngine

        return LocalEngine(extractor(settings), embedder(settings))
    import functools

    from graph.engine.ray_data import RayEngine, RayOptions

    # On a cluster one CPU per embedding actor, so each model runs one thread and the pool
    # fills the nodes. A local Ray gets one actor with all its CPUs, its model running that
    # many threads as the local engine's does: two one-thread models took 1.6-1.9x the local
    # embedding time on two cores (BENCHMARKS.md, "Scaling out").
    embed_cpus = 1 if settings.ray_address else (settings.ray_num_cpus or os.cpu_count() or 1)
    options = RayOptions(
        address=settings.ray_address,
        num_cpus=settings.ray_num_cpus,
        object_store_mb=settings.ray_object_store_mb,
        embed_cpus=embed_cpus,
    )
    return RayEngine(
        functools.partial(extractor, settings),
        functools.partial(embedder, settings, embed_cpus),
        options,
    )


def torch_device(settings: Settings, override: str | None = None) -> torch.device:
    """Where the link predictor trains: ``override`` (a CLI flag) or ``settings.device``."""
    from extract.runtime import resolve_device

    return resolve_device(override or settings.device)


def gnn_checkpoint(settings: Settings, name: str = "model.pt") -> Path:
    """Where the link predictor's weights and id mapping are saved."""
    return models_dir(settings) / "gnn" / name
