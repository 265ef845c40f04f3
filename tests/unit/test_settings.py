"""Settings precedence: CLI option > environment > default."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.cli import app, main_options
from api.settings import Settings


def test_defaults_use_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "CITEGRAPH_BOLT_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.uses_local_server
    assert settings.bolt_uri == "bolt://127.0.0.1:7687"


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_DATABASE", "papers")
    monkeypatch.setenv("CITEGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CITEGRAPH_WRITE_BATCH_SIZE", "123")
    settings = Settings(_env_file=None)
    assert settings.bolt_uri == "neo4j+s://abc.databases.neo4j.io"
    assert not settings.uses_local_server
    assert (settings.neo4j_database, settings.data_dir, settings.write_batch_size) == (
        "papers",
        tmp_path,
        123,
    )


def test_empty_neo4j_uri_means_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "  ")
    assert Settings(_env_file=None).uses_local_server


def _settings_seen_by_cli(args: list[str], env: dict[str, str]) -> Settings:
    """The settings a command receives from the real root options (``main_options``)."""
    seen: list[Settings] = []
    probe = typer.Typer()
    probe.callback()(main_options)

    @probe.command("settings-probe")
    def settings_probe(ctx: typer.Context) -> None:
        seen.append(ctx.obj)

    @probe.command("other")
    def other() -> None:  # a second command, so the probe is a group as the real CLI is
        """Nothing."""

    result = CliRunner().invoke(probe, [*args, "settings-probe"], env=env)
    assert result.exit_code == 0, result.output
    return seen[0]


def test_cli_option_beats_environment(tmp_path: Path) -> None:
    env = {
        "NEO4J_URI": "bolt://from-env:7687",
        "CITEGRAPH_DEVICE": "cuda",
        "CITEGRAPH_BOLT_PORT": "7001",
    }
    settings = _settings_seen_by_cli(
        ["--neo4j-uri", "bolt://from-flag:7687", "--device", "cpu", "--data-dir", str(tmp_path)],
        env,
    )
    assert settings.bolt_uri == "bolt://from-flag:7687"
    assert settings.device == "cpu"
    assert settings.data_dir == tmp_path
    assert settings.bolt_port == 7001  # no flag given: the environment wins over the default


def test_invalid_setting_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["--device", "tpu", "db", "status"])
    assert result.exit_code == 2
    assert "device" in result.output


def test_a_local_ray_embeds_with_all_its_cpus_a_cluster_with_one_per_actor(
    tmp_path: Path,
) -> None:
    from api import wiring

    base = {"data_dir": tmp_path, "engine": "ray"}
    local = wiring.engine(Settings(_env_file=None, **base, ray_num_cpus=2))
    cluster = wiring.engine(Settings(_env_file=None, **base, ray_address="ray://head:10001"))
    # the actor's CPUs and its model's threads agree (Ray is not started by building these)
    assert local.options.embed_cpus == 2 and local.make_embedder.args[-1] == 2  # type: ignore[attr-defined]
    assert cluster.options.embed_cpus == 1 and cluster.make_embedder.args[-1] == 1  # type: ignore[attr-defined]
