"""The import layering a change must keep: ``extract`` ← ``graph`` ← ``api``, no import running
back up, and the extractor's runtime never importing its training code (so the service does
not need what only training needs, and a change to training cannot break extraction)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from api.settings import REPO_ROOT

# package → packages it must not import
FORBIDDEN = {
    "extract": ("graph", "api"),
    "graph": ("api",),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _sources(package: str) -> list[Path]:
    return sorted((REPO_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_runs_back_up_the_layers(package: str) -> None:
    upward = {
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in _sources(package)
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN[package]
    }
    assert not upward


def test_the_extractor_runtime_never_imports_training_code() -> None:
    training = REPO_ROOT / "extract" / "training"
    offenders = {
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in _sources("extract")
        if training not in path.parents
        for name in _imports(path)
        if name == "extract.training" or name.startswith("extract.training.")
    }
    assert not offenders
