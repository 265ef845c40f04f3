"""Builders for the scholarly readers and graph tests: small records in the shapes OpenAlex,
Semantic Scholar and others hand out, and the path of the real format samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FORMATS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "formats"
ABSTRACT = "We study citation graphs of scholarly papers and the authors who write them."


def format_sample(relative: str) -> Path:
    """A real sample under ``../shared/data/formats``; skips the test when it is absent."""
    path = FORMATS / relative
    if not path.exists():
        pytest.skip(f"{path} is not present (the format samples live beside the repository)")
    return path


def inverted(text: str) -> dict[str, list[int]]:
    """``text`` as an OpenAlex ``abstract_inverted_index``."""
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def openalex_work(
    number: int,
    title: str,
    authors: list[tuple[str, str]],
    references: tuple[int, ...] = (),
    doi: str | None = None,
    year: int = 2020,
    venue: tuple[str, str] | None = ("S1", "Journal of Graphs"),
    abstract: str = ABSTRACT,
) -> dict[str, Any]:
    """One OpenAlex work: ``authors`` as (OpenAlex author number, name) pairs."""
    work: dict[str, Any] = {
        "id": f"https://openalex.org/W{number}",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "publication_year": year,
        "publication_date": f"{year}-03-04",
        "ids": {"openalex": f"https://openalex.org/W{number}"},
        "authorships": [
            {
                "author_position": "first",
                "author": {"id": f"https://openalex.org/A{a}", "display_name": name, "orcid": None},
            }
            for a, name in authors
        ],
        "primary_location": {
            "source": {"id": f"https://openalex.org/{venue[0]}", "display_name": venue[1]}
            if venue
            else None
        },
        "referenced_works": [f"https://openalex.org/W{ref}" for ref in references],
        "abstract_inverted_index": inverted(abstract),
    }
    if doi:
        work["ids"]["doi"] = work["doi"]
    return work


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """``records`` as a JSON-lines file at ``path``."""
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path
