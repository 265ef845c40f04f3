"""Where the heavy, embarrassingly parallel stages run: extract and embed, chunk by chunk.

``LocalEngine`` runs them in this process; ``RayEngine`` (``graph.engine.ray``) runs them in
Ray Data actor pools on a local or remote Ray cluster. Both cut the pending work into the
same chunks and apply the same per-chunk functions (``graph.engine.chunks``), and the builder
writes every chunk's result from this process, so both engines write the same graph.
"""

from __future__ import annotations

from graph.engine.chunks import (
    ChunkBounds,
    Engine,
    LocalEngine,
    embed_chunk,
    extract_chunk,
    pending_chunks,
)

ENGINES = ("local", "ray")

__all__ = [
    "ENGINES",
    "ChunkBounds",
    "Engine",
    "LocalEngine",
    "embed_chunk",
    "extract_chunk",
    "pending_chunks",
]
