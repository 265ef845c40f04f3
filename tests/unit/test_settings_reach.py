"""Every setting reaches the object that uses it, through the composition root
(``api/wiring.py``), the CLI's server helper or the app factory. A new field without a check
here fails ``test_every_setting_is_checked``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import wiring
from api.app import create_app
from api.cli.common import local_server
from api.cli.up import where_to_look
from api.settings import Settings


def _store(settings: Settings) -> Any:
    with wiring.graph_store(settings) as store:  # the driver connects lazily: nothing runs
        return store


def _app_state(settings: Settings) -> Any:
    with TestClient(create_app(settings)) as client:
        return client.app.state  # type: ignore[attr-defined]


def _read_status(settings: Settings) -> int:
    with TestClient(create_app(settings)) as client:
        return client.get("/papers").status_code


def _write_status(settings: Settings) -> int:
    with TestClient(create_app(settings)) as client:
        empty = {"id": "", "title": ""}  # refused after the key check: no pipeline runs
        return client.post("/papers", json=empty, headers={"X-API-Key": "k-123"}).status_code


def _engine_kind(settings: Settings) -> str:
    """``local`` or ``ray``: which engine the build gets (neither starts anything)."""
    return type(wiring.engine(settings)).__name__.removesuffix("Engine").lower()


def _ray_options(settings: Settings) -> Any:
    """The options a Ray engine built from these settings holds (Ray is not started)."""
    return wiring.engine(settings.model_copy(update={"engine": "ray"})).options  # type: ignore[attr-defined]


def _links(s: Settings, name: str) -> set[Any]:
    return {getattr(wiring.link_options(s), name), getattr(wiring.build_options(s), name)}


# field -> (a value other than the default, what the objects using it hold for it)
CHECKS: dict[str, tuple[Any, Callable[[Settings], Any]]] = {
    "neo4j_uri": ("bolt://db.example:7999", lambda s: _store(s).uri),
    "neo4j_user": ("reader", lambda s: {_store(s).user, local_server(s).user}),
    "neo4j_password": ("pw-123456", lambda s: local_server(s).password),
    "neo4j_database": ("papers", lambda s: _store(s).database),
    "bolt_host": ("127.0.0.2", lambda s: local_server(s).host),
    "bolt_port": (7999, lambda s: local_server(s).port),
    "neo4j_heap": ("3g", lambda s: local_server(s).heap),
    "neo4j_pagecache": ("2g", lambda s: local_server(s).pagecache),
    "neo4j_transaction_timeout_s": (30.0, lambda s: local_server(s).transaction_timeout_s),
    "neo4j_transaction_memory": ("100m", lambda s: local_server(s).transaction_memory),
    "neo4j_transaction_memory_total": (
        "300m",
        lambda s: local_server(s).transaction_memory_total,
    ),
    "data_dir": (
        "<tmp>",
        lambda s: {
            wiring.embedder(s).cache_path.parent.parent,  # type: ignore[union-attr]
            wiring.query_embedder(s).export_dir.parent.parent,
            local_server(s).home.parent,
        },
    ),
    "device": ("cpu", lambda s: {wiring.embedder(s).device, str(wiring.torch_device(s))}),
    "embed_backend": (
        "onnx",
        lambda s: {wiring.embedder(s).backend, wiring.query_embedder(s).backend},
    ),
    "write_batch_size": (77, lambda s: _store(s).batch_size),
    "write_workers": (3, lambda s: _store(s).workers),
    "extract_batch_size": (33, lambda s: wiring.build_options(s).extract_batch_size),
    "embed_batch_size": (5, lambda s: wiring.embedder(s).batch_size),
    "shared_top_k": (4, lambda s: _links(s, "shared_top_k")),
    "shared_min_weight": (0.25, lambda s: _links(s, "shared_min_weight")),
    "similar_top_k": (6, lambda s: _links(s, "similar_top_k")),
    "similar_min_score": (0.7, lambda s: _links(s, "similar_min_score")),
    "similar_exact_max": (10, lambda s: _links(s, "similar_exact_max")),
    "gnn_encoder": ("sign", lambda s: wiring.gnn_encoders(s).encoder),
    "gnn_full_batch_max": (10, lambda s: wiring.gnn_encoders(s).full_batch_max),
    "engine": ("ray", _engine_kind),
    "ray_address": ("ray://head.example:10001", lambda s: _ray_options(s).address),
    "ray_num_cpus": (1, lambda s: _ray_options(s).num_cpus),
    "ray_object_store_mb": (128, lambda s: _ray_options(s).object_store_mb),
    "api_host": ("0.0.0.0", where_to_look),
    "api_port": (8123, where_to_look),
    "api_key": ("k-123", _write_status),
    "api_protect_reads": (True, _read_status),
    "api_cache_ttl_s": (7.5, lambda s: _app_state(s).cache.ttl),
    "cypher_timeout_s": (2.5, lambda s: _app_state(s).cypher_runner.timeout_s),
    "cypher_max_rows": (12, lambda s: _app_state(s).settings.cypher_max_rows),
    "cypher_max_bytes": (999, lambda s: _app_state(s).settings.cypher_max_bytes),
    "cypher_max_concurrent": (2, lambda s: _app_state(s).cypher_runner.max_concurrent),
}
# what a setting does where the object does not hold it as a value
EFFECTS = {
    "api_key": 422,  # the key is accepted, then the empty record refused (no key set: 403)
    "api_protect_reads": 403,  # reads need a key, none is set (unprotected: 503, Neo4j away)
}


def test_every_setting_is_checked() -> None:
    assert set(CHECKS) == set(Settings.model_fields)


@pytest.mark.parametrize("field", sorted(CHECKS))
def test_setting_reaches_its_object(field: str, tmp_path: Path) -> None:
    value, observe = CHECKS[field]
    if field == "data_dir":
        value = tmp_path.resolve()
    base: dict[str, Any] = {"data_dir": tmp_path / "default", "neo4j_uri": "bolt://127.0.0.1:9"}
    settings = Settings(_env_file=None, **{**base, field: value})
    default = Settings(_env_file=None, **base)
    seen, before = observe(settings), observe(default)
    assert seen != before, f"{field} changes nothing"
    if field in EFFECTS:
        assert seen == EFFECTS[field]
    elif isinstance(seen, str) and field.startswith("api_"):
        assert str(value) in seen  # the address printed where to look
    elif isinstance(seen, set):
        assert {x.resolve() if isinstance(x, Path) else x for x in seen} == {value}
    else:
        assert seen == value
