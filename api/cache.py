"""A small time-to-live cache of serialised responses for the hottest read endpoints.

The graph changes only through ingest and the pipeline stages, so a paper's page and its
neighbours can be served from memory for a few seconds. ``POST /papers`` clears the cache; a
change made by the CLI shows after at most ``ttl`` seconds. ``ttl == 0`` turns caching off.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """Values by key, the least recently used dropped past ``max_entries``; with a ``ttl``,
    each kept that many seconds (``ttl == 0``: caching off; None: until dropped)."""

    def __init__(self, max_entries: int, ttl: float | None = None) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.ttl is None or self.ttl > 0

    def get(self, key: K) -> V | None:
        """The cached value, or None when absent, expired or caching is off."""
        if not self.enabled:
            return None
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` (for ``ttl`` seconds when there is one)."""
        if not self.enabled:
            return
        expires = math.inf if self.ttl is None else time.monotonic() + self.ttl
        with self._lock:
            self._items[key] = (expires, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (after a write)."""
        with self._lock:
            self._items.clear()


class ResponseCache(LruCache[Hashable, bytes]):
    """Serialised JSON bodies keyed by request, each kept for ``ttl`` seconds (LRU-bounded)."""

    def __init__(self, ttl: float, max_entries: int = 20_000) -> None:
        super().__init__(max_entries, ttl)


async def cached_json(
    cache: ResponseCache, key: Hashable, compute: Callable[[], BaseModel]
) -> Response:
    """Serve ``key`` from the cache, else run ``compute`` in the thread pool and remember it.

    A hit costs no thread-pool trip, no database round trip and no serialisation.
    """
    body = cache.get(key)
    if body is None:
        body = (await run_in_threadpool(compute)).model_dump_json().encode()
        cache.put(key, body)
    return Response(body, media_type="application/json")
