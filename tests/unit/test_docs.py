"""The README documents every CLI verb, every setting and every route, and opens with the two
commands a new user runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from api.cli import app
from api.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _registered(typer_app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path as registered on the Typer tree; a group added without a name puts
    its verbs at its parent's level, as the CLI shows them."""
    paths = []
    for command in typer_app.registered_commands:
        if not command.hidden:
            name = command.name or command.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
            paths.append((*prefix, name))
    for group in typer_app.registered_groups:
        inner = (*prefix, group.name) if group.name else prefix
        paths.extend(_registered(group.typer_instance, inner))  # type: ignore[arg-type]
    return paths


def _shown(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path the built ``citegraph`` command (a click group) answers to."""
    if not hasattr(command, "commands"):
        return [prefix]
    return [
        path
        for name, sub in command.commands.items()
        if not sub.hidden
        for path in _shown(sub, (*prefix, name))
    ]


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", README, flags=re.S)
    first_two = [
        line.strip() for block in blocks[:2] for line in block.splitlines() if line.strip()
    ]
    assert first_two[:2] == ["make up", "make test"]
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_cli_verb_is_registered_once() -> None:
    registered = _registered(app)
    duplicated = sorted({path for path in registered if registered.count(path) > 1})
    assert not duplicated, f"registered more than once: {duplicated}"
    assert sorted(registered) == sorted(_shown(typer.main.get_command(app)))
    assert {("build",), ("up",), ("eval", "links"), ("db", "start")} <= set(registered)


def test_every_cli_verb_is_in_the_readme() -> None:
    commands = _shown(typer.main.get_command(app))
    missing = [" ".join(c) for c in commands if f"citegraph {' '.join(c)}" not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    names = []
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        names.append(alias.choices[0] if alias is not None else f"CITEGRAPH_{field.upper()}")  # type: ignore[union-attr]
    missing = [name for name in names if name not in README]
    assert not missing, f"README lacks settings: {missing}"


def test_every_route_is_in_the_readme() -> None:
    from api.app import create_app

    schema = create_app(Settings(_env_file=None)).openapi()
    documented = [
        f"{method.upper()} {path.replace(':path}', '}')}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(documented) >= 14
    missing = [route for route in documented if f"`{route}" not in README]
    assert not missing, f"README lacks routes: {missing}"
