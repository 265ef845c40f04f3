"""Corpus-wide acronyms and one type per concept against the real Neo4j: the same graph whether
the papers arrive in one build or in batches, in any order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest
from graph_builders import dump

from extract.pipeline import Extractor
from extract.records import Paper
from graph.build import BuildOptions, GraphBuilder
from graph.store import GraphStore

pytestmark = pytest.mark.neo4j
OPTIONS = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2, extract_batch_size=1)
PAPERS = [
    Paper(id="p1", title="", abstract="Scaling SQT to billions of images is hard."),
    Paper(id="p2", title="", abstract="We study sparse query tuning (SQT) for vision."),
    Paper(id="p3", title="", abstract="SQT helps detection on COCO."),
    Paper(id="p4", title="", abstract="Our GCT variant is fast."),
    Paper(id="p5", title="", abstract="We propose graph contrastive training (GCT) for graphs."),
]


class LengthEmbedder:
    """A deterministic embedder (the test is about mentions, not similarity)."""

    model_id = "test/length"
    dimension = 384

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, len(text) % 384] = 1.0
            vectors[row, 0] += 0.5
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture()
def store(empty_db: dict[str, str]) -> Iterator[GraphStore]:
    with GraphStore(**empty_db, batch_size=2) as graph_store:
        graph_store.ensure_schema()
        yield graph_store


def mentions(store: GraphStore) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    rows = store.read(
        "MATCH (p:Paper)-[m:MENTIONS]->(e:Entity) "
        "RETURN p.id AS paper, e.id AS entity, m.texts AS texts ORDER BY paper, entity"
    )
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for row in rows:
        found.setdefault(row["paper"], []).append((row["entity"], tuple(row["texts"])))
    return found


def test_bare_acronyms_link_to_a_definition_from_a_later_batch(
    store: GraphStore, extractor: Extractor
) -> None:
    builder = GraphBuilder(store, extractor, LengthEmbedder(), OPTIONS)
    builder.build(PAPERS[:1])
    assert mentions(store).get("p1") is None  # nothing defines SQT yet
    builder.add(PAPERS[1:2])
    found = mentions(store)
    assert ("method:sparse query tuning", ("SQT",)) in found["p1"]
    name = store.read("MATCH (e:Entity {id: 'method:sparse query tuning'}) RETURN e.name AS n")
    assert name == [{"n": "sparse query tuning"}]  # the long form, not the first bare use


def test_one_build_and_batches_give_the_same_graph(
    empty_db: dict[str, str], extractor: Extractor
) -> None:
    dumps = []
    for batches in ([PAPERS], [PAPERS[3:4], PAPERS[:1], PAPERS[4:], PAPERS[1:3]]):
        with GraphStore(**empty_db, batch_size=2) as store:
            store.clear()
            builder = GraphBuilder(store, extractor, LengthEmbedder(), OPTIONS)
            for index, batch in enumerate(batches):
                (builder.build if index == 0 else builder.add)(batch)
            assert {e for pairs in mentions(store).values() for e, _ in pairs} >= {
                "method:sparse query tuning",
                "method:graph contrastive training",
            }
            assert ("method:graph contrastive training", ("GCT",)) in mentions(store)["p4"]
            dumps.append(dump(store))
    assert dumps[0] == dumps[1]
