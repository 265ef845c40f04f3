"""The one settings object: read from the environment (``CITEGRAPH_*`` and ``NEO4J_*``),
overridden by CLI flags, and passed down to the stages as explicit arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """citegraph configuration. Precedence: CLI flag > environment > ``.env`` > default."""

    model_config = SettingsConfigDict(
        env_prefix="CITEGRAPH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # Neo4j. When NEO4J_URI is set, citegraph uses that server and starts nothing.
    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "neo4j_uri")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "neo4j_user")
    )
    neo4j_password: str = Field(
        default="citegraph-local", validation_alias=AliasChoices("NEO4J_PASSWORD", "neo4j_password")
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "neo4j_database")
    )
    # The bundled local Neo4j (``citegraph db start``)
    bolt_host: str = "127.0.0.1"
    bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    # server-side bounds on every transaction; memory unset = a quarter / 60% of the heap
    neo4j_transaction_timeout_s: float = Field(600.0, gt=0)
    neo4j_transaction_memory: str | None = None
    neo4j_transaction_memory_total: str | None = None

    data_dir: Path = REPO_ROOT / "var"
    device: Literal["auto", "cpu", "cuda"] = "auto"
    # CITEGRAPH_EMBED_BACKEND: auto = torch on a CUDA GPU, else openvino; all but torch run
    # on CPU; static = a model2vec model distilled locally from the packaged weights (256-d,
    # far faster, lower quality). Vectors are cached and stored per backend: switching
    # re-embeds every paper and re-creates the vector index for the backend's dimension
    embed_backend: Literal["auto", "torch", "openvino", "onnx", "onnx-int8", "static"] = "auto"

    # Where extraction and embedding run (CITEGRAPH_ENGINE): ``local`` in the citegraph
    # process; ``ray`` in Ray Data actor pools on RAY_ADDRESS (``ray://host:10001``, ``auto``)
    # or, when that is unset, on a local Ray started for the build
    engine: Literal["local", "ray"] = "local"
    ray_address: str | None = Field(
        default=None, validation_alias=AliasChoices("RAY_ADDRESS", "ray_address")
    )
    ray_num_cpus: int | None = Field(None, ge=1)  # CPUs of the local Ray (unset: all)
    ray_object_store_mb: int = Field(256, ge=80)  # object store of the local Ray

    # Batch sizes
    write_batch_size: int = 5000
    write_workers: int = Field(2, ge=1)  # concurrent link-writing transactions
    extract_batch_size: int = 256
    embed_batch_size: int = 16  # small batches keep activations in cache: less CPU per text

    # Linking
    shared_top_k: int = 10
    shared_min_weight: float = 0.0
    similar_top_k: int = 10
    similar_min_score: float = 0.5
    # CITEGRAPH_SIMILAR_EXACT_MAX: up to this many papers SIMILAR_TO is exact kNN, above it
    # goes through an HNSW index (usearch)
    similar_exact_max: int = Field(50_000, ge=0)

    # Link prediction (CITEGRAPH_GNN_ENCODER): ``sage`` trains GraphSAGE full-batch, ``sign``
    # propagates once and trains in mini-batches (graphs too large for full-batch); ``auto``
    # takes sage up to CITEGRAPH_GNN_FULL_BATCH_MAX papers and sign above
    gnn_encoder: Literal["auto", "sage", "sign"] = "auto"
    gnn_full_batch_max: int = Field(50_000, ge=0)

    # API
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: str | None = None  # CITEGRAPH_API_KEY: write endpoints need it; unset = writes off
    api_protect_reads: bool = False  # CITEGRAPH_API_PROTECT_READS: reads need the key too
    api_cache_ttl_s: float = 60.0  # CITEGRAPH_API_CACHE_TTL_S: hot read responses; 0 = off
    cypher_timeout_s: float = Field(10.0, gt=0)
    cypher_max_rows: int = Field(1000, ge=1)
    cypher_max_bytes: int = Field(5_000_000, ge=1)  # JSON size of the rows returned
    cypher_max_concurrent: int = Field(4, ge=1)  # /cypher queries at once; more get 429

    @field_validator(
        "neo4j_uri", "api_key", "neo4j_transaction_memory", "neo4j_transaction_memory_total",
        "ray_address", mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def bolt_uri(self) -> str:
        """The URI the driver connects to: NEO4J_URI, else the bundled local server."""
        return self.neo4j_uri or f"bolt://{self.bolt_host}:{self.bolt_port}"

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None
