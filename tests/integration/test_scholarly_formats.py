"""The README's scholarly Cypher examples, with their documented params, on a graph built by
the real pipeline from the OpenAlex format sample in ``../shared/data/formats`` (skipped, saying
why, where ``../shared`` is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_builders import EMBEDDING_CACHE
from test_graph_examples import examples

from extract.pipeline import Extractor
from extract.readers import read_corpus
from graph.build import GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
SAMPLE = Path("data") / "formats" / "openalex" / "openalex_works.jsonl"
# the README params name ids, authors and a task of this sample


@pytest.fixture(scope="module")
def store(store_config: dict[str, str], shared_dir: Path) -> Iterator[GraphStore]:
    papers = read_corpus([shared_dir / SAMPLE]).papers
    embedder = Embedder(cache_path=EMBEDDING_CACHE)
    with GraphStore(**store_config) as graph_store:
        graph_store.clear()
        try:
            GraphBuilder(graph_store, Extractor(), embedder).build(papers)
        finally:
            embedder.close()
        yield graph_store


def answer(store: GraphStore, title: str) -> list[dict]:
    params, query = examples()[title]
    return store.read(query, **params)


def test_who_cites_this_paper(store: GraphStore) -> None:
    # the OpenAlex works that list "The state of OA" (W2741809807) in referenced_works
    citing = {row["paper"] for row in answer(store, "Who cites this paper")}
    assert {
        "doi:10.1145/3383583.3398584",
        "arxiv:2007.14454",
        "doi:10.5445/ir/1000098324",
    } <= citing


def test_what_these_authors_worked_on(store: GraphStore) -> None:
    rows = answer(store, "What these authors worked on")
    assert rows and all(row["papers"] >= 1 for row in rows)
    assert {"Maria Liakata", "Simone Teufel"} & {name for row in rows for name in row["by"]}


def test_methods_that_rose_on_a_task(store: GraphStore) -> None:
    rows = answer(store, "Methods that rose on a task since a year")
    assert rows and all(-1.0 <= row["growth"] <= 1.0 and row["recent"] >= 1 for row in rows)
    assert [row["growth"] for row in rows] == sorted((row["growth"] for row in rows), reverse=True)


def test_what_to_read_next(store: GraphStore) -> None:
    params, _ = examples()["What to read next"]
    rows = answer(store, "What to read next")
    assert len(rows) == params["k"]
    assert all(row["paper"] not in params["liked"] for row in rows)
