"""The explorer's authors in headless Chromium: an author searched and opened is a node of the
author colour linked to their papers, with co-authors in the details; a paper opened from
there lists who cites it and what it cites."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from explorer_builders import run_check, served_explorer
from scholarly_graph_builders import build_scholarly_graph

from api.settings import Settings
from graph.bloom.style import explorer_palette
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(store_config: dict[str, str], neo4j_settings: Settings) -> Iterator[str]:
    with GraphStore(**store_config) as store:
        store.clear()
        build_scholarly_graph(store)
    with served_explorer(neo4j_settings) as url:
        yield url


def test_author_then_paper_citations(served: str) -> None:
    report = run_check("scholarly.mjs", served, "lovelace", timeout=120)
    assert report["results"] == 1
    assert report["authorNode"] == "name:ada lovelace"
    assert report["authorColor"] == explorer_palette()["nodes"]["AUTHOR"]
    assert report["papersLinked"] == 4
    assert "Ada Lovelace" in report["details"]
    # the first paper listed is Ada's newest, s07: cited by none, citing s05 and s01
    assert "Cited by (0)" in report["citations"] and "References (2)" in report["citations"]
    assert "Contrastive Transformers" in report["citations"]
