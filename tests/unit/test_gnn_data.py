"""Corpus graph → HeteroData: counts, id mapping, target choice."""

from __future__ import annotations

import numpy as np
import torch

from extract.records import Mention, Paper, PaperMentions
from graph.gnn.corpus import corpus_from_records
from graph.gnn.data import (
    CITES_EDGE,
    PAPER_NODE,
    RELATED_EDGE,
    SHARED_EDGE,
    SIMILAR_EDGE,
    CorpusGraph,
    build_hetero,
    target_edge_type,
)
from graph.linker import LinkOptions


def mention(entity_id: str, kind: str) -> Mention:
    return Mention(
        start=0, end=1, text="x", type=kind, canonical=entity_id, entity_id=entity_id, sentence=0
    )  # type: ignore[arg-type]


def small_corpus() -> CorpusGraph:
    papers = [
        Paper(id="a", title="A", abstract="a", references=("b", "c", "missing", "a")),
        Paper(id="b", title="B", abstract="b", references=("a",)),  # same link as a→b
        Paper(id="c", title="C", abstract="c"),
        Paper(id="d", title="D", abstract="d"),
    ]
    features = np.eye(4, 8, dtype=np.float32)
    features[3] = features[2] * 0.9 + features[3] * 0.1  # d is text-similar to c
    mentions = [
        PaperMentions(id="a", mentions=(mention("method:x", "METHOD"), mention("task:y", "TASK"))),
        PaperMentions(id="b", mentions=(mention("method:x", "METHOD"),)),
        PaperMentions(id="d", mentions=(mention("dataset:z", "DATASET"),)),
    ]
    links = LinkOptions(similar_top_k=1, similar_min_score=0.5)
    return corpus_from_records(papers, features, mentions, links=links)


def test_counts_and_mapping_are_kept() -> None:
    corpus = small_corpus()
    data, mapping = build_hetero(corpus)
    assert mapping.ids[PAPER_NODE] == ("a", "b", "c", "d")
    assert torch.equal(data[PAPER_NODE].x, torch.as_tensor(corpus.paper_features))
    assert {t: len(ids) for t, ids in mapping.ids.items()} == {
        "paper": 4,
        "method": 1,
        "task": 1,
        "dataset": 1,
    }
    assert data[PAPER_NODE, "mentions", "method"].edge_index.shape[1] == 2
    assert data["method", "rev_mentions", PAPER_NODE].edge_index.shape[1] == 2
    # a–b, a–c; the duplicate b→a, the self-citation and the unknown id are dropped;
    # kept links are stored both ways
    cites = {tuple(e) for e in data[CITES_EDGE].edge_index.t().tolist()}
    index = mapping.index(PAPER_NODE)
    assert cites == {
        (index["a"], index["b"]),
        (index["b"], index["a"]),
        (index["a"], index["c"]),
        (index["c"], index["a"]),
    }
    assert (index["c"], index["d"]) in {
        tuple(e) for e in data[SIMILAR_EDGE].edge_index.t().tolist()
    }
    assert (index["a"], index["b"]) in {tuple(e) for e in data[SHARED_EDGE].edge_index.t().tolist()}


def test_entity_features_average_their_papers() -> None:
    corpus = small_corpus()
    data, mapping = build_hetero(corpus)
    expected = (corpus.paper_features[0] + corpus.paper_features[1]) / 2
    assert np.allclose(data["method"].x[0].numpy(), expected)


def test_citations_are_the_target_when_present() -> None:
    data, _ = build_hetero(small_corpus())
    assert target_edge_type(data, min_citations=2) == CITES_EDGE  # a→b, a→c
    assert SIMILAR_EDGE in data.edge_types  # still a message path


def test_relatedness_target_is_not_also_an_input() -> None:
    corpus = small_corpus()
    data, _ = build_hetero(CorpusGraph(**{**corpus.__dict__, "cites": ()}))
    assert target_edge_type(data) == RELATED_EDGE
    assert SIMILAR_EDGE not in data.edge_types and SHARED_EDGE not in data.edge_types
    assert data[RELATED_EDGE].edge_index.shape[1] > 0
