"""The README documents every CLI verb, every setting and every route, and opens with the two
commands a new user runs."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from api.cli import _register_areas, app
from api.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _command_paths(typer_app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for command in typer_app.registered_commands:
        if not command.hidden:
            name = command.name or command.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
            paths.append((*prefix, name))
    for group in typer_app.registered_groups:
        paths.extend(_command_paths(group.typer_instance, (*prefix, group.name or "")))
    return paths


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", README, flags=re.S)
    first_two = [line.strip() for block in blocks[:2] for line in block.splitlines() if line.strip()]
    assert first_two[:2] == ["make up", "make test"]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_cli_verb_is_in_the_readme() -> None:
    _register_areas()
    commands = _command_paths(app)
    assert len(commands) >= 15
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
